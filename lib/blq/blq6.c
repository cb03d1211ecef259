// SPDX-License-Identifier: GPL-2.0
/*
 * DHCPv6 Bulk Leasequery (RFC 5460) query builder and reply decoder.
 */
#include <string.h>

#include "blq6.h"

/* RELAY-FORW: msg-type, hop-count, link-address, peer-address (RFC 8415 9). */
#define RELAY_HDR_LEN	34
#define IAADDR_LEN	24	/* address + preferred + valid */
#define IAPREFIX_LEN	25	/* preferred + valid + prefix-length + prefix */

static uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

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
	if (n)
		memcpy(w->p + w->len, d, n);
	w->len += n;
}

static void w_be16(struct wbuf *w, uint16_t v)
{
	uint8_t b[2] = { v >> 8, (uint8_t)v };

	w_bytes(w, b, 2);
}

static void w_be32(struct wbuf *w, uint32_t v)
{
	uint8_t b[4] = { v >> 24, v >> 16, v >> 8, (uint8_t)v };

	w_bytes(w, b, 4);
}

/* Option header now, length patched by w_opt_end() once the body is out. */
static size_t w_opt_begin(struct wbuf *w, uint16_t code)
{
	size_t at;

	w_be16(w, code);
	at = w->len;
	w_be16(w, 0);
	return at;
}

static void w_opt_end(struct wbuf *w, size_t at)
{
	size_t n;

	if (w->over)
		return;
	n = w->len - at - 2;
	if (n > 0xffff) {
		w->over = true;
		return;
	}
	w->p[at] = (uint8_t)(n >> 8);
	w->p[at + 1] = (uint8_t)n;
}

static void w_opt(struct wbuf *w, uint16_t code, const void *d, size_t n)
{
	size_t at = w_opt_begin(w, code);

	w_bytes(w, d, n);
	w_opt_end(w, at);
}

static bool duid_ok(const uint8_t *d, size_t n)
{
	return d && n && n <= BLQ6_DUID_MAX;
}

enum blq_err blq6_build_query(const struct blq6_query *q, uint8_t *out,
			      size_t cap, size_t *len)
{
	struct wbuf w = { .p = out, .cap = cap };
	uint8_t hdr[BLQ6_HDR_LEN];
	size_t lq, i;

	if (!q || !out || !len)
		return BLQ_ERR_INVAL;
	if (q->xid > BLQ6_XID_MAX)
		return BLQ_ERR_INVAL;
	/* RFC 5007 section 4.1.2: the requestor identifies itself. */
	if (!duid_ok(q->requestor_duid, q->requestor_duid_len))
		return BLQ_ERR_INVAL;
	if (q->oro_count && !q->oro)
		return BLQ_ERR_INVAL;
	if (q->oro_count > 0xffff / 2)
		return BLQ_ERR_INVAL;

	switch (q->type) {
	case BLQ6_QT_BY_ADDRESS:
	case BLQ6_QT_BY_LINK_ADDRESS:
		break;
	case BLQ6_QT_BY_CLIENTID:
	case BLQ6_QT_BY_RELAY_ID:
		if (!duid_ok(q->id, q->id_len))
			return BLQ_ERR_INVAL;
		break;
	case BLQ6_QT_BY_REMOTE_ID:
		/* The option body is enterprise (4) + id. */
		if (!q->id || !q->id_len || q->id_len > 0xffff - 4)
			return BLQ_ERR_INVAL;
		break;
	default:
		return BLQ_ERR_INVAL;
	}

	hdr[0] = BLQ6_MSG_LEASEQUERY;
	hdr[1] = (uint8_t)(q->xid >> 16);
	hdr[2] = (uint8_t)(q->xid >> 8);
	hdr[3] = (uint8_t)q->xid;
	w_bytes(&w, hdr, sizeof(hdr));
	w_opt(&w, BLQ6_OPT_CLIENTID, q->requestor_duid, q->requestor_duid_len);

	lq = w_opt_begin(&w, BLQ6_OPT_LQ_QUERY);
	w_bytes(&w, &q->type, 1);
	w_bytes(&w, q->link_addr, 16);
	switch (q->type) {
	case BLQ6_QT_BY_ADDRESS: {
		/* Lifetimes mean nothing in a query; send them as 0. */
		size_t ia = w_opt_begin(&w, BLQ6_OPT_IAADDR);

		w_bytes(&w, q->addr, 16);
		w_be32(&w, 0);
		w_be32(&w, 0);
		w_opt_end(&w, ia);
		break;
	}
	case BLQ6_QT_BY_CLIENTID:
		w_opt(&w, BLQ6_OPT_CLIENTID, q->id, q->id_len);
		break;
	case BLQ6_QT_BY_RELAY_ID:
		w_opt(&w, BLQ6_OPT_RELAY_ID, q->id, q->id_len);
		break;
	case BLQ6_QT_BY_REMOTE_ID: {
		size_t rid = w_opt_begin(&w, BLQ6_OPT_REMOTE_ID);

		w_be32(&w, q->enterprise);
		w_bytes(&w, q->id, q->id_len);
		w_opt_end(&w, rid);
		break;
	}
	default:
		/* BY_LINK_ADDRESS: the link-address field is the selector. */
		break;
	}
	if (q->oro_count) {
		size_t oro = w_opt_begin(&w, BLQ6_OPT_ORO);

		for (i = 0; i < q->oro_count; i++)
			w_be16(&w, q->oro[i]);
		w_opt_end(&w, oro);
	}
	w_opt_end(&w, lq);

	if (w.over)
		return BLQ_ERR_NOSPACE;
	*len = w.len;
	return BLQ_OK;
}

/* Iterator over a DHCPv6 option list with the bounds checks in one place. */
struct opt_it {
	const uint8_t *p;
	size_t n;
	size_t off;
};

/* 1: one option in code, d, l; 0: end of list, or an error in *err. */
static int opt_next(struct opt_it *it, uint16_t *code, const uint8_t **d,
		    uint16_t *l, enum blq_err *err)
{
	size_t left = it->n - it->off;

	if (!left)
		return 0;
	if (left < 4) {
		*err = BLQ_ERR_TRUNCATED;
		return 0;
	}
	*code = get_be16(it->p + it->off);
	*l = get_be16(it->p + it->off + 2);
	if (left - 4 < *l) {
		*err = BLQ_ERR_TRUNCATED;
		return 0;
	}
	*d = it->p + it->off + 4;
	it->off += 4 + (size_t)*l;
	return 1;
}

/* Check that @n octets are a well-formed option list; contents ignored. */
static enum blq_err check_opts(const uint8_t *p, size_t n)
{
	struct opt_it it = { p, n, 0 };
	enum blq_err err = BLQ_OK;
	uint16_t code, l;
	const uint8_t *d;

	while (opt_next(&it, &code, &d, &l, &err))
		;
	return err;
}

static enum blq_err set_once(struct blq6_bytes *b, const uint8_t *d,
			     uint16_t l)
{
	if (b->ptr)
		return BLQ_ERR_DUP;
	b->ptr = d;
	b->len = l;
	return BLQ_OK;
}

static void add_lease(struct blq6_client_data *cd, const struct blq6_lease *l)
{
	if (cd->n_leases < BLQ6_LEASES_MAX)
		cd->leases[cd->n_leases++] = *l;
	else
		cd->n_leases_dropped++;
}

/*
 * Walk the RELAY-FORW chain kept by the server: each level may wrap the
 * next in RELAY_MSG.  The walk is iterative and every level consumes at
 * least RELAY_HDR_LEN + 4 octets, so its length bounds it.
 */
static enum blq_err parse_relay(struct blq6_client_data *cd,
				const uint8_t *p, size_t n)
{
	while (n) {
		struct blq6_relay_hop hop;
		struct opt_it it;
		enum blq_err err = BLQ_OK;
		const uint8_t *inner = NULL, *d;
		size_t inner_len = 0;
		bool have_inner = false;
		uint16_t code, l;

		/* A client message at the bottom: nothing relay-ish left. */
		if (p[0] != BLQ6_MSG_RELAY_FORW)
			return BLQ_OK;
		if (n < RELAY_HDR_LEN)
			return BLQ_ERR_RELAY;
		memset(&hop, 0, sizeof(hop));
		hop.hop_count = p[1];
		memcpy(hop.link_addr, p + 2, 16);
		memcpy(hop.peer_addr, p + 18, 16);

		it = (struct opt_it){ p + RELAY_HDR_LEN, n - RELAY_HDR_LEN, 0 };
		while (opt_next(&it, &code, &d, &l, &err)) {
			switch (code) {
			case BLQ6_OPT_RELAY_MSG:
				if (have_inner)
					return BLQ_ERR_RELAY;
				have_inner = true;
				inner = d;
				inner_len = l;
				break;
			case BLQ6_OPT_INTERFACE_ID:
				if (set_once(&hop.interface_id, d, l))
					return BLQ_ERR_RELAY;
				break;
			case BLQ6_OPT_REMOTE_ID:
				/* RFC 4649: enterprise-number, then the id. */
				if (hop.has_remote_id || l < 4)
					return BLQ_ERR_RELAY;
				hop.has_remote_id = true;
				hop.remote_id_enterprise = get_be32(d);
				hop.remote_id.ptr = d + 4;
				hop.remote_id.len = l - 4;
				break;
			case BLQ6_OPT_CLIENT_LINKLAYER_ADDR:
				/* RFC 6939: link-layer type, then address. */
				if (hop.has_lladdr || l < 2)
					return BLQ_ERR_RELAY;
				hop.has_lladdr = true;
				hop.lladdr_type = get_be16(d);
				hop.lladdr.ptr = d + 2;
				hop.lladdr.len = l - 2;
				break;
			default:
				break;
			}
		}
		if (err)
			return BLQ_ERR_RELAY;

		if (cd->n_hops < BLQ6_RELAY_HOPS_MAX)
			cd->hops[cd->n_hops] = hop;
		cd->n_hops++;
		/* Inner levels override: the last one is nearest the client. */
		if (hop.interface_id.ptr)
			cd->interface_id = hop.interface_id;
		if (hop.has_remote_id) {
			cd->has_remote_id = true;
			cd->remote_id_enterprise = hop.remote_id_enterprise;
			cd->remote_id = hop.remote_id;
		}
		if (hop.has_lladdr) {
			cd->has_lladdr = true;
			cd->lladdr_type = hop.lladdr_type;
			cd->lladdr = hop.lladdr;
		}
		p = inner;
		n = inner_len;
	}
	return BLQ_OK;
}

static enum blq_err parse_client_data(struct blq6_client_data *cd,
				      const uint8_t *p, size_t n)
{
	struct opt_it it = { p, n, 0 };
	enum blq_err err = BLQ_OK;
	uint16_t code, l;
	const uint8_t *d;

	while (opt_next(&it, &code, &d, &l, &err)) {
		struct blq6_lease lease;

		switch (code) {
		case BLQ6_OPT_CLIENTID:
			err = set_once(&cd->client_id, d, l);
			break;
		case BLQ6_OPT_IAADDR:
			/* RFC 8415 section 21.6 */
			if (l < IAADDR_LEN)
				return BLQ_ERR_BADLEN;
			memset(&lease, 0, sizeof(lease));
			memcpy(lease.addr, d, 16);
			lease.prefix_len = 128;
			lease.preferred = get_be32(d + 16);
			lease.valid = get_be32(d + 20);
			err = check_opts(d + IAADDR_LEN, l - IAADDR_LEN);
			if (!err)
				add_lease(cd, &lease);
			break;
		case BLQ6_OPT_IAPREFIX:
			/* RFC 8415 section 21.22: lifetimes come first. */
			if (l < IAPREFIX_LEN || d[8] > 128)
				return BLQ_ERR_BADLEN;
			memset(&lease, 0, sizeof(lease));
			lease.is_prefix = true;
			lease.preferred = get_be32(d);
			lease.valid = get_be32(d + 4);
			lease.prefix_len = d[8];
			memcpy(lease.addr, d + 9, 16);
			err = check_opts(d + IAPREFIX_LEN, l - IAPREFIX_LEN);
			if (!err)
				add_lease(cd, &lease);
			break;
		case BLQ6_OPT_CLT_TIME:
			/* RFC 5007 section 4.1.2.3 */
			if (l != 4)
				return BLQ_ERR_BADLEN;
			if (cd->has_clt_time)
				return BLQ_ERR_DUP;
			cd->has_clt_time = true;
			cd->clt_time = get_be32(d);
			break;
		case BLQ6_OPT_LQ_RELAY_DATA:
			/* RFC 5007 section 4.1.2.4: peer-address + message. */
			if (l < 16)
				return BLQ_ERR_BADLEN;
			if (cd->has_relay_data)
				return BLQ_ERR_DUP;
			cd->has_relay_data = true;
			memcpy(cd->relay_peer_addr, d, 16);
			cd->relay_msg.ptr = d + 16;
			cd->relay_msg.len = l - 16;
			err = parse_relay(cd, d + 16, l - 16);
			break;
		default:
			break;
		}
		if (err)
			return err;
	}
	return err;
}

enum blq_err blq6_decode(const uint8_t *msg, size_t len, struct blq6_msg *m)
{
	struct opt_it it;
	enum blq_err err = BLQ_OK;
	uint16_t code, l;
	const uint8_t *d;

	if (!msg || !m)
		return BLQ_ERR_INVAL;
	memset(m, 0, sizeof(*m));
	if (len < BLQ6_HDR_LEN)
		return BLQ_ERR_SHORT;
	m->msg_type = msg[0];
	m->xid = (uint32_t)msg[1] << 16 | (uint32_t)msg[2] << 8 | msg[3];
	switch (m->msg_type) {
	case BLQ6_MSG_LEASEQUERY_REPLY:
	case BLQ6_MSG_LEASEQUERY_DATA:
	case BLQ6_MSG_LEASEQUERY_DONE:
		break;
	default:
		return BLQ_ERR_MSG_TYPE;
	}

	it = (struct opt_it){ msg + BLQ6_HDR_LEN, len - BLQ6_HDR_LEN, 0 };
	while (opt_next(&it, &code, &d, &l, &err)) {
		switch (code) {
		case BLQ6_OPT_CLIENTID:
			err = set_once(&m->client_id, d, l);
			break;
		case BLQ6_OPT_SERVERID:
			err = set_once(&m->server_id, d, l);
			break;
		case BLQ6_OPT_STATUS_CODE:
			/* RFC 8415 section 21.13: 2-octet code + UTF-8 text. */
			if (l < 2)
				return BLQ_ERR_BADLEN;
			if (m->has_status)
				return BLQ_ERR_DUP;
			m->has_status = true;
			m->status_code = get_be16(d);
			m->status_msg.ptr = d + 2;
			m->status_msg.len = l - 2;
			break;
		case BLQ6_OPT_CLIENT_DATA:
			if (m->has_client_data)
				return BLQ_ERR_DUP;
			m->has_client_data = true;
			err = parse_client_data(&m->cd, d, l);
			break;
		case BLQ6_OPT_LQ_CLIENT_LINK:
			/* RFC 5007 section 4.1.2.5: a list of addresses. */
			if (l % 16)
				return BLQ_ERR_BADLEN;
			m->n_client_links += l / 16;
			break;
		default:
			break;
		}
		if (err)
			return err;
	}
	if (err)
		return err;
	if (m->msg_type == BLQ6_MSG_LEASEQUERY_DATA && !m->has_client_data)
		return BLQ_ERR_NO_CLIENT_DATA;
	return BLQ_OK;
}
