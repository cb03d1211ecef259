// SPDX-License-Identifier: GPL-2.0
/*
 * DHCPv4 Bulk Leasequery (RFC 6926) query builder and reply decoder.
 */
#include <stddef.h>
#include <string.h>

#include "blq4.h"

#define OFF_OP		0
#define OFF_HTYPE	1
#define OFF_HLEN	2
#define OFF_XID		4
#define OFF_CIADDR	12
#define OFF_CHADDR	28
#define OFF_SNAME	44
#define OFF_FILE	108
#define OFF_COOKIE	236
#define SNAME_LEN	64
#define FILE_LEN	128

#define BOOTREQUEST	1
#define BOOTREPLY	2

static const uint8_t cookie[4] = { 99, 130, 83, 99 };

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* Bounded writer: one overflow check instead of one per call site. */
struct wbuf {
	uint8_t *p;
	size_t cap;
	size_t len;
	bool over;
};

static void w_bytes(struct wbuf *w, const void *d, size_t n)
{
	if (w->over || n > w->cap - w->len) {
		w->over = true;
		return;
	}
	memcpy(w->p + w->len, d, n);
	w->len += n;
}

static void w_u8(struct wbuf *w, uint8_t v)
{
	w_bytes(w, &v, 1);
}

static void w_opt(struct wbuf *w, uint8_t code, const void *d, size_t n)
{
	w_u8(w, code);
	w_u8(w, (uint8_t)n);
	w_bytes(w, d, n);
}

static void w_opt32(struct wbuf *w, uint8_t code, uint32_t v)
{
	uint8_t b[4];

	put_be32(b, v);
	w_opt(w, code, b, 4);
}

enum blq_err blq4_build_query(const struct blq4_query *q, uint8_t *out,
			      size_t cap, size_t *len)
{
	struct wbuf w = { .p = out, .cap = cap };
	uint8_t hdr[BLQ4_HDR_LEN];
	uint8_t mt = BLQ4_MSG_BULKLEASEQUERY;

	if (!q || !out || !len)
		return BLQ_ERR_INVAL;
	if (q->prl && (!q->prl_len || q->prl_len > 255))
		return BLQ_ERR_INVAL;

	switch (q->by) {
	case BLQ4_BY_RELAY_ID:
	case BLQ4_BY_REMOTE_ID:
		/* The sub-option (2 + n) must fit the 255-octet 82 body. */
		if (!q->id || !q->id_len || q->id_len > 253)
			return BLQ_ERR_INVAL;
		break;
	case BLQ4_BY_CLIENT_ID:
		if (!q->id || !q->id_len || q->id_len > 255)
			return BLQ_ERR_INVAL;
		break;
	case BLQ4_BY_MAC:
		if (!q->chaddr || !q->hlen || q->hlen > BLQ4_CHADDR_LEN)
			return BLQ_ERR_INVAL;
		break;
	default:
		return BLQ_ERR_INVAL;
	}

	memset(hdr, 0, sizeof(hdr));
	hdr[OFF_OP] = BOOTREQUEST;
	put_be32(hdr + OFF_XID, q->xid);
	/*
	 * RFC 6926: the MAC selector lives in the header, and only there; any
	 * other query leaves htype/hlen/chaddr zero so the server cannot read
	 * it as a second selector.
	 */
	if (q->by == BLQ4_BY_MAC) {
		hdr[OFF_HTYPE] = q->htype;
		hdr[OFF_HLEN] = q->hlen;
		memcpy(hdr + OFF_CHADDR, q->chaddr, q->hlen);
	}
	memcpy(hdr + OFF_COOKIE, cookie, sizeof(cookie));
	w_bytes(&w, hdr, sizeof(hdr));

	w_opt(&w, BLQ4_OPT_MSG_TYPE, &mt, 1);
	if (q->by == BLQ4_BY_RELAY_ID || q->by == BLQ4_BY_REMOTE_ID) {
		uint8_t sub = q->by == BLQ4_BY_RELAY_ID ?
			      BLQ4_RAI_RELAY_ID : BLQ4_RAI_REMOTE_ID;

		w_u8(&w, BLQ4_OPT_RAI);
		w_u8(&w, (uint8_t)(q->id_len + 2));
		w_u8(&w, sub);
		w_u8(&w, (uint8_t)q->id_len);
		w_bytes(&w, q->id, q->id_len);
	} else if (q->by == BLQ4_BY_CLIENT_ID) {
		w_opt(&w, BLQ4_OPT_CLIENT_ID, q->id, q->id_len);
	}
	if (q->has_start_time)
		w_opt32(&w, BLQ4_OPT_QUERY_START_TIME, q->start_time);
	if (q->has_end_time)
		w_opt32(&w, BLQ4_OPT_QUERY_END_TIME, q->end_time);
	if (q->prl)
		w_opt(&w, BLQ4_OPT_PRL, q->prl, q->prl_len);
	w_u8(&w, BLQ4_OPT_END);

	if (w.over)
		return BLQ_ERR_NOSPACE;
	*len = w.len;
	return BLQ_OK;
}

enum blq_err blq4_rai_find(const uint8_t *rai, size_t rai_len, uint8_t code,
			   const uint8_t **val, uint8_t *val_len)
{
	size_t i = 0;
	bool found = false;

	/* Walk the whole body even after a hit: a broken tail is an error. */
	while (i < rai_len) {
		uint8_t l;

		if (rai_len - i < 2)
			return BLQ_ERR_RAI;
		l = rai[i + 1];
		if (rai_len - i - 2 < l)
			return BLQ_ERR_RAI;
		if (rai[i] == code && !found) {
			found = true;
			if (val)
				*val = rai + i + 2;
			if (val_len)
				*val_len = l;
		}
		i += 2 + (size_t)l;
	}
	return found ? BLQ_OK : BLQ_ERR_ABSENT;
}

/*
 * Fixed-size options are gathered here first and checked for exact length
 * once all fields are walked, because RFC 3396 lets a server split even a
 * 4-octet option into pieces.
 */
struct fixed_acc {
	uint8_t size;
	uint8_t len;		/* > size means "too long" */
	bool seen;
	uint8_t v[4];
};

enum {
	ACC_MSG_TYPE,
	ACC_LEASE_TIME,
	ACC_CLTT,
	ACC_BASE_TIME,
	ACC_START_TIME,
	ACC_STATE,
	ACC_SOURCE,
	ACC_N
};

struct decode_ctx {
	struct blq4_binding *b;
	struct fixed_acc acc[ACC_N];
	bool status_seen_code;
	bool overload_seen;
};

/* A fresh context: each accumulator knows its option's size. */
static const struct decode_ctx ctx_init = {
	.acc = {
		[ACC_MSG_TYPE] = { .size = 1 },
		[ACC_LEASE_TIME] = { .size = 4 },
		[ACC_CLTT] = { .size = 4 },
		[ACC_BASE_TIME] = { .size = 4 },
		[ACC_START_TIME] = { .size = 4 },
		[ACC_STATE] = { .size = 1 },
		[ACC_SOURCE] = { .size = 1 },
	},
};

/*
 * 1 + the accumulator of each fixed-size option, 0 for the others: one
 * load per option instead of a chain of compares (the walk of a bulk
 * reply's five or six options is most of its decoding).
 */
static const uint8_t acc_of[256] = {
	[BLQ4_OPT_MSG_TYPE] = 1 + ACC_MSG_TYPE,
	[BLQ4_OPT_LEASE_TIME] = 1 + ACC_LEASE_TIME,
	[BLQ4_OPT_CLTT] = 1 + ACC_CLTT,
	[BLQ4_OPT_BASE_TIME] = 1 + ACC_BASE_TIME,
	[BLQ4_OPT_START_TIME_OF_STATE] = 1 + ACC_START_TIME,
	[BLQ4_OPT_DHCP_STATE] = 1 + ACC_STATE,
	[BLQ4_OPT_DATA_SOURCE] = 1 + ACC_SOURCE,
};

static void acc_add(struct fixed_acc *a, const uint8_t *d, uint8_t l)
{
	/* The usual case, the option whole and once: no copy loop. */
	if (!a->seen && l == a->size) {
		a->seen = true;
		a->len = l;
		if (l == 4)
			memcpy(a->v, d, 4);
		else
			a->v[0] = d[0];
		return;
	}
	a->seen = true;
	if (a->len > a->size)
		return;
	if (l > a->size - a->len) {
		a->len = a->size + 1;
		return;
	}
	memcpy(a->v + a->len, d, l);
	a->len += l;
}

static enum blq_err take_opt(struct decode_ctx *c, uint8_t code,
			     const uint8_t *d, uint8_t l, bool in_options)
{
	struct blq4_binding *b = c->b;

	if (acc_of[code]) {
		acc_add(&c->acc[acc_of[code] - 1], d, l);
		return BLQ_OK;
	}

	switch (code) {
	case BLQ4_OPT_OVERLOAD:
		/* RFC 2131: only in the options field, and only once. */
		if (!in_options || c->overload_seen)
			return BLQ_ERR_OVERLOAD;
		if (l != 1 || d[0] < 1 || d[0] > 3)
			return BLQ_ERR_OVERLOAD;
		c->overload_seen = true;
		b->overload = d[0];
		break;
	case BLQ4_OPT_CLIENT_ID:
		if (l > BLQ4_CLIENT_ID_MAX - b->client_id_len)
			return BLQ_ERR_TOO_LONG;
		memcpy(b->client_id + b->client_id_len, d, l);
		b->client_id_len += l;
		b->have |= BLQ4_HAVE_CLIENT_ID;
		break;
	case BLQ4_OPT_RAI:
		if (l > BLQ4_RAI_MAX - b->rai_len)
			return BLQ_ERR_TOO_LONG;
		memcpy(b->rai + b->rai_len, d, l);
		b->rai_len += l;
		b->have |= BLQ4_HAVE_RAI;
		break;
	case BLQ4_OPT_STATUS_CODE:
		b->have |= BLQ4_HAVE_STATUS;
		if (!l)
			break;
		if (!c->status_seen_code) {
			c->status_seen_code = true;
			b->status_code = d[0];
			d++;
			l--;
		}
		/* The text only informs a human: keep what fits. */
		if (l > BLQ4_STATUS_TEXT_MAX - b->status_text_len) {
			l = BLQ4_STATUS_TEXT_MAX - b->status_text_len;
			b->status_text_truncated = true;
		}
		memcpy(b->status_text + b->status_text_len, d, l);
		b->status_text_len += l;
		break;
	default:
		/* Options l2ra has no use for, e.g. 54, 1, 3, 92, 221. */
		break;
	}
	return BLQ_OK;
}

/*
 * Walk one option area.  The options field must end with END (RFC 2131
 * section 3); overloaded file/sname fields may simply run out.
 */
static enum blq_err walk(struct decode_ctx *c, const uint8_t *a, size_t n,
			 bool in_options)
{
	size_t i = 0;

	while (i < n) {
		uint8_t code = a[i];
		uint8_t l;
		enum blq_err err;

		if (code == BLQ4_OPT_PAD) {
			i++;
			continue;
		}
		if (code == BLQ4_OPT_END)
			return BLQ_OK;
		if (n - i < 2)
			return BLQ_ERR_TRUNCATED;
		l = a[i + 1];
		if (n - i - 2 < l)
			return BLQ_ERR_TRUNCATED;
		err = take_opt(c, code, a + i + 2, l, in_options);
		if (err)
			return err;
		i += 2 + (size_t)l;
	}
	return in_options ? BLQ_ERR_NO_END : BLQ_OK;
}

/* True if present; BLQ_ERR_BADLEN via *err if present with the wrong size. */
static bool acc_get(const struct fixed_acc *a, uint32_t *v, enum blq_err *err)
{
	if (!a->seen)
		return false;
	if (a->len != a->size) {
		*err = BLQ_ERR_BADLEN;
		return false;
	}
	*v = a->size == 4 ? get_be32(a->v) : a->v[0];
	return true;
}

enum blq_err blq4_decode(const uint8_t *msg, size_t len,
			 struct blq4_binding *b)
{
	struct decode_ctx c;
	enum blq_err err = BLQ_OK;
	uint32_t v;

	if (!msg || !b)
		return BLQ_ERR_INVAL;
	/*
	 * The three buffers count for 1 kB of the struct; clearing them for
	 * every binding of a bulk reply was a tenth of its decoding.  Their
	 * lengths say what holds data.
	 */
	memset(b, 0, offsetof(struct blq4_binding, status_text));
	b->status_text[0] = '\0';
	b->client_id_len = 0;
	b->rai_len = 0;
	if (len < BLQ4_HDR_LEN)
		return BLQ_ERR_SHORT;

	b->xid = get_be32(msg + OFF_XID);
	if (msg[OFF_OP] != BOOTREPLY)
		return BLQ_ERR_OP;
	if (memcmp(msg + OFF_COOKIE, cookie, sizeof(cookie)))
		return BLQ_ERR_COOKIE;
	b->htype = msg[OFF_HTYPE];
	b->hlen = msg[OFF_HLEN];
	if (b->hlen > BLQ4_CHADDR_LEN)
		return BLQ_ERR_BADLEN;
	memcpy(b->chaddr, msg + OFF_CHADDR, b->hlen);
	memcpy(b->ciaddr, msg + OFF_CIADDR, 4);

	c = ctx_init;
	c.b = b;

	/* RFC 2131 section 4.1: options, then file, then sname. */
	err = walk(&c, msg + BLQ4_HDR_LEN, len - BLQ4_HDR_LEN, true);
	if (!err && (b->overload & 1))
		err = walk(&c, msg + OFF_FILE, FILE_LEN, false);
	if (!err && (b->overload & 2))
		err = walk(&c, msg + OFF_SNAME, SNAME_LEN, false);
	if (err)
		return err;

	if (acc_get(&c.acc[ACC_MSG_TYPE], &v, &err))
		b->msg_type = (uint8_t)v;
	if (err)
		return err;
	switch (b->msg_type) {
	case BLQ4_MSG_LEASEUNASSIGNED:
	case BLQ4_MSG_LEASEUNKNOWN:
	case BLQ4_MSG_LEASEACTIVE:
	case BLQ4_MSG_LEASEQUERYDONE:
		break;
	default:
		return BLQ_ERR_MSG_TYPE;
	}

	if (acc_get(&c.acc[ACC_LEASE_TIME], &b->lease_time, &err))
		b->have |= BLQ4_HAVE_LEASE_TIME;
	if (acc_get(&c.acc[ACC_CLTT], &b->cltt, &err))
		b->have |= BLQ4_HAVE_CLTT;
	if (acc_get(&c.acc[ACC_BASE_TIME], &b->base_time, &err))
		b->have |= BLQ4_HAVE_BASE_TIME;
	if (acc_get(&c.acc[ACC_START_TIME], &b->start_time_of_state, &err))
		b->have |= BLQ4_HAVE_START_TIME_OF_STATE;
	if (acc_get(&c.acc[ACC_STATE], &v, &err)) {
		b->dhcp_state = (uint8_t)v;
		b->have |= BLQ4_HAVE_DHCP_STATE;
	}
	if (acc_get(&c.acc[ACC_SOURCE], &v, &err)) {
		b->data_source = (uint8_t)v;
		b->have |= BLQ4_HAVE_DATA_SOURCE;
	}
	if (err)
		return err;
	/* An option 151 without even the code octet is malformed. */
	if ((b->have & BLQ4_HAVE_STATUS) && !c.status_seen_code)
		return BLQ_ERR_BADLEN;
	b->status_text[b->status_text_len] = '\0';

	/*
	 * The caller maps the lease to a port by circuit-id inside 82, so a
	 * body whose sub-options do not tile it exactly is refused here
	 * rather than half-parsed later.
	 */
	if (b->have & BLQ4_HAVE_RAI) {
		const uint8_t *cid;
		uint8_t cid_len;

		err = blq4_rai_find(b->rai, b->rai_len, BLQ4_RAI_CIRCUIT_ID,
				    &cid, &cid_len);
		if (err == BLQ_ERR_RAI)
			return err;
		if (!err) {
			b->circuit_id_off = (uint16_t)(cid - b->rai);
			b->circuit_id_len = cid_len;
		}
		b->have |= BLQ4_HAVE_CIRCUIT_ID_POS;
	}
	return BLQ_OK;
}
