// SPDX-License-Identifier: GPL-2.0
/*
 * DHCPv6 message walker and LDRA (RFC 6221) Relay-Forward builder,
 * Relay-Reply parser and binding extractor.
 *
 * The same text builds into l2ra.ko and into the host tests, so it uses
 * nothing but the types and the mem*() functions dhcp6_relay.h provides.
 * Nested messages and options are walked by loops with a fixed depth, never
 * by recursion: the kernel's stack stays small whatever the message.
 */
#include "dhcp6_relay.h"

/* One option met by the walker: option-code at @off, @len data octets. */
struct dhcp6_opt_ref {
	size_t off;
	u16 code;
	u16 len;
};

enum dhcp6_walk {
	DHCP6_WALK_OPT,		/* an option, within @limit */
	DHCP6_WALK_EDGE,	/* exactly at @limit: no more options */
	DHCP6_WALK_TRUNC,	/* an option header or data runs past @limit */
};

static u16 dhcp6_get16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static u32 dhcp6_get32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static void dhcp6_put16(u8 *p, size_t v)
{
	p[0] = (u8)(v >> 8);
	p[1] = (u8)v;
}

static void dhcp6_put32(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 24);
	p[1] = (u8)(v >> 16);
	p[2] = (u8)(v >> 8);
	p[3] = (u8)v;
}

/*
 * Describe the option at *@pos of the area that ends at @limit (exclusive)
 * and move *@pos past it, so calling again returns the next one.
 */
static enum dhcp6_walk dhcp6_walk_next(const u8 *msg, size_t *pos,
				       size_t limit, struct dhcp6_opt_ref *ref)
{
	size_t i = *pos;

	if (i >= limit)
		return DHCP6_WALK_EDGE;
	if (limit - i < DHCP6_OPT_HDR_LEN)
		return DHCP6_WALK_TRUNC;
	ref->off = i;
	ref->code = dhcp6_get16(msg + i);
	ref->len = dhcp6_get16(msg + i + 2);
	if (limit - i - DHCP6_OPT_HDR_LEN < ref->len)
		return DHCP6_WALK_TRUNC;
	*pos = i + DHCP6_OPT_HDR_LEN + ref->len;
	return DHCP6_WALK_OPT;
}

static size_t dhcp6_data(const struct dhcp6_opt_ref *ref)
{
	return ref->off + DHCP6_OPT_HDR_LEN;
}

static size_t dhcp6_opt_end(const struct dhcp6_opt_ref *ref)
{
	return ref->off + DHCP6_OPT_HDR_LEN + ref->len;
}

/* Keep the first option of a code: its data's offset and length. */
static void dhcp6_note(const struct dhcp6_opt_ref *ref, size_t *off,
		       size_t *len)
{
	if (!*off) {
		*off = dhcp6_data(ref);
		*len = ref->len;
	}
}

/*
 * The options of an IA Address or IA Prefix [@pos, @limit): their framing
 * and the fixed part of Status Code.
 */
static enum dhcp6_err dhcp6_check_addr(const u8 *msg, size_t pos,
				       size_t limit)
{
	struct dhcp6_opt_ref ref;
	enum dhcp6_walk w;

	while ((w = dhcp6_walk_next(msg, &pos, limit, &ref)) ==
	       DHCP6_WALK_OPT) {
		if (ref.code == DHCP6_OPT_STATUS_CODE &&
		    ref.len < DHCP6_STATUS_LEN)
			return DHCP6_ERR_OPT_LEN;
	}
	return w == DHCP6_WALK_EDGE ? DHCP6_OK : DHCP6_ERR_TRUNCATED;
}

/*
 * The options of an IA_NA or IA_PD (@ia, its own framing checked): the
 * fixed parts of Status Code, IA Address and IA Prefix (whose prefix
 * length must be at most 128), and the options of the last two.
 */
static enum dhcp6_err dhcp6_check_ia(const u8 *msg,
				     const struct dhcp6_opt_ref *ia)
{
	size_t pos = dhcp6_data(ia) + DHCP6_IA_LEN;
	struct dhcp6_opt_ref ref;
	enum dhcp6_err err;
	enum dhcp6_walk w;
	size_t fixed;

	while ((w = dhcp6_walk_next(msg, &pos, dhcp6_opt_end(ia), &ref)) ==
	       DHCP6_WALK_OPT) {
		switch (ref.code) {
		case DHCP6_OPT_STATUS_CODE:
			if (ref.len < DHCP6_STATUS_LEN)
				return DHCP6_ERR_OPT_LEN;
			continue;
		case DHCP6_OPT_IAADDR:
			fixed = DHCP6_IAADDR_LEN;
			if (ref.len < fixed)
				return DHCP6_ERR_OPT_LEN;
			break;
		case DHCP6_OPT_IAPREFIX:
			fixed = DHCP6_IAPREFIX_LEN;
			if (ref.len < fixed || msg[dhcp6_data(&ref) + 8] > 128)
				return DHCP6_ERR_OPT_LEN;
			break;
		default:
			continue;
		}
		err = dhcp6_check_addr(msg, dhcp6_data(&ref) + fixed,
				       dhcp6_opt_end(&ref));
		if (err != DHCP6_OK)
			return err;
	}
	return w == DHCP6_WALK_EDGE ? DHCP6_OK : DHCP6_ERR_TRUNCATED;
}

/*
 * The options of a client/server message [@pos, @limit), and those of its
 * IAs.  @info, when not NULL, gets the client's DUID (the outermost level).
 */
static enum dhcp6_err dhcp6_check_msg(const u8 *msg, size_t pos, size_t limit,
				      struct dhcp6_info *info)
{
	struct dhcp6_opt_ref ref;
	enum dhcp6_err err;
	enum dhcp6_walk w;

	while ((w = dhcp6_walk_next(msg, &pos, limit, &ref)) ==
	       DHCP6_WALK_OPT) {
		switch (ref.code) {
		case DHCP6_OPT_CLIENTID:
			if (info)
				dhcp6_note(&ref, &info->client_id_off,
					   &info->client_id_len);
			break;
		case DHCP6_OPT_STATUS_CODE:
			if (ref.len < DHCP6_STATUS_LEN)
				return DHCP6_ERR_OPT_LEN;
			break;
		case DHCP6_OPT_IA_NA:
		case DHCP6_OPT_IA_PD:
			if (ref.len < DHCP6_IA_LEN)
				return DHCP6_ERR_OPT_LEN;
			err = dhcp6_check_ia(msg, &ref);
			if (err != DHCP6_OK)
				return err;
			break;
		default:
			break;
		}
	}
	return w == DHCP6_WALK_EDGE ? DHCP6_OK : DHCP6_ERR_TRUNCATED;
}

/*
 * The options of a relay message [@pos, @limit): exactly one Relay Message,
 * whose data goes to *@rm_off and *@rm_len.  @info, when not NULL, gets the
 * first of each option the relay code wants (the outermost level).
 */
static enum dhcp6_err dhcp6_check_relay(const u8 *msg, size_t pos,
					size_t limit, size_t *rm_off,
					size_t *rm_len,
					struct dhcp6_info *info)
{
	struct dhcp6_opt_ref ref;
	enum dhcp6_walk w;

	*rm_off = 0;
	*rm_len = 0;
	while ((w = dhcp6_walk_next(msg, &pos, limit, &ref)) ==
	       DHCP6_WALK_OPT) {
		switch (ref.code) {
		case DHCP6_OPT_RELAY_MSG:
			if (*rm_off)
				return DHCP6_ERR_RELAY_MSG_DUP;
			dhcp6_note(&ref, rm_off, rm_len);
			break;
		case DHCP6_OPT_REMOTE_ID:
			if (ref.len < DHCP6_REMOTE_ID_LEN)
				return DHCP6_ERR_OPT_LEN;
			if (info)
				dhcp6_note(&ref, &info->remote_id_off,
					   &info->remote_id_len);
			break;
		case DHCP6_OPT_INTERFACE_ID:
			if (info)
				dhcp6_note(&ref, &info->interface_id_off,
					   &info->interface_id_len);
			break;
		case DHCP6_OPT_RELAY_ID:
			if (info)
				dhcp6_note(&ref, &info->relay_id_off,
					   &info->relay_id_len);
			break;
		default:
			break;
		}
	}
	if (w != DHCP6_WALK_EDGE)
		return DHCP6_ERR_TRUNCATED;
	return *rm_off ? DHCP6_OK : DHCP6_ERR_NO_RELAY_MSG;
}

static bool dhcp6_is_relay(u8 msg_type)
{
	return msg_type == DHCP6_RELAY_FORW || msg_type == DHCP6_RELAY_REPL;
}

enum dhcp6_err dhcp6_parse(const u8 *msg, size_t len, struct dhcp6_info *info)
{
	size_t off = 0, rm_off, rm_len;
	enum dhcp6_err err;
	u8 type;

	memset(info, 0, sizeof(*info));
	for (;;) {
		if (len < DHCP6_HDR_LEN)
			return DHCP6_ERR_SHORT;
		type = msg[off];
		if (!type)
			return DHCP6_ERR_TYPE;
		if (!info->depth)
			info->msg_type = type;
		if (!dhcp6_is_relay(type))
			break;
		if (info->depth >= DHCP6_DEPTH_MAX)
			return DHCP6_ERR_TOO_DEEP;
		if (len < DHCP6_RELAY_HDR_LEN)
			return DHCP6_ERR_SHORT;
		err = dhcp6_check_relay(msg, off + DHCP6_RELAY_HDR_LEN,
					off + len, &rm_off, &rm_len,
					info->depth ? NULL : info);
		if (err != DHCP6_OK)
			return err;
		if (!info->depth) {
			info->hop_count = msg[DHCP6_OFF_HOP_COUNT];
			info->relay_msg_off = rm_off;
			info->relay_msg_len = rm_len;
		}
		info->depth++;
		off = rm_off;
		len = rm_len;
	}

	err = dhcp6_check_msg(msg, off + DHCP6_HDR_LEN, off + len,
			      info->depth ? NULL : info);
	if (err != DHCP6_OK)
		return err;
	if (!info->depth)
		info->xid = dhcp6_get32(msg) & 0xffffff;
	info->inner_type = type;
	info->inner_off = off;
	info->inner_len = len;
	return DHCP6_OK;
}

enum dhcp6_class dhcp6_classify(u8 msg_type)
{
	switch (msg_type) {
	case DHCP6_SOLICIT:
	case DHCP6_REQUEST:
	case DHCP6_CONFIRM:
	case DHCP6_RENEW:
	case DHCP6_REBIND:
	case DHCP6_RELEASE:
	case DHCP6_DECLINE:
	case DHCP6_INFORMATION_REQUEST:
		return DHCP6_CLASS_CLIENT;
	case DHCP6_ADVERTISE:
	case DHCP6_REPLY:
	case DHCP6_RECONFIGURE:
	case DHCP6_RELAY_REPL:
		return DHCP6_CLASS_SERVER;
	case DHCP6_RELAY_FORW:
		return DHCP6_CLASS_RELAY_FORW;
	default:
		return DHCP6_CLASS_OTHER;
	}
}

/* Octets an id option of @len data octets takes; @len is checked first. */
static size_t dhcp6_id_size(const u8 *id, size_t len, size_t fixed)
{
	return id && len ? DHCP6_OPT_HDR_LEN + fixed + len : 0;
}

size_t dhcp6_relay_forw_overhead(const struct dhcp6_relay_ids *ids)
{
	if (!ids || !ids->interface_id || !ids->interface_id_len ||
	    ids->interface_id_len > DHCP6_OPT_MAX ||
	    ids->remote_id_len > DHCP6_OPT_MAX - DHCP6_REMOTE_ID_LEN ||
	    ids->relay_id_len > DHCP6_OPT_MAX)
		return 0;
	return DHCP6_RELAY_HDR_LEN +
	       dhcp6_id_size(ids->interface_id, ids->interface_id_len, 0) +
	       dhcp6_id_size(ids->remote_id, ids->remote_id_len,
			     DHCP6_REMOTE_ID_LEN) +
	       dhcp6_id_size(ids->relay_id, ids->relay_id_len, 0) +
	       DHCP6_OPT_HDR_LEN;
}

/* Write option @code's header at @pos; returns where its data goes. */
static size_t dhcp6_put_hdr(u8 *out, size_t pos, u16 code, size_t len)
{
	dhcp6_put16(out + pos, code);
	dhcp6_put16(out + pos + 2, len);
	return pos + DHCP6_OPT_HDR_LEN;
}

static size_t dhcp6_put_id(u8 *out, size_t pos, u16 code, const u8 *id,
			   size_t len)
{
	if (!id || !len)
		return pos;
	pos = dhcp6_put_hdr(out, pos, code, len);
	memcpy(out + pos, id, len);
	return pos + len;
}

enum dhcp6_err dhcp6_relay_forw_build(u8 *out, size_t cap,
				      const struct dhcp6_relay_ids *ids,
				      const u8 *peer_addr,
				      const u8 *msg, size_t msg_len,
				      size_t *new_len)
{
	size_t over, pos;
	u8 hop;

	over = dhcp6_relay_forw_overhead(ids);
	if (!over || !out || !peer_addr || !msg || !new_len)
		return DHCP6_ERR_INVAL;
	if (msg_len < DHCP6_HDR_LEN)
		return DHCP6_ERR_SHORT;
	if (msg[0] == DHCP6_RELAY_FORW) {
		if (msg_len < DHCP6_RELAY_HDR_LEN)
			return DHCP6_ERR_SHORT;
		/* RFC 8415 section 19.1.2, RFC 6221 section 6.1.2. */
		if (msg[DHCP6_OFF_HOP_COUNT] >= DHCP6_HOP_COUNT_LIMIT)
			return DHCP6_ERR_HOP_LIMIT;
		hop = msg[DHCP6_OFF_HOP_COUNT] + 1;
	} else if (dhcp6_is_client_type(msg[0])) {
		hop = 0;
	} else {
		return DHCP6_ERR_TYPE;
	}
	if (msg_len > DHCP6_MAX_LEN || over > DHCP6_MAX_LEN - msg_len)
		return DHCP6_ERR_TOO_BIG;
	if (cap < over || msg_len > cap - over)
		return DHCP6_ERR_NOSPACE;

	/* The message first: it may sit where the header goes. */
	memmove(out + over, msg, msg_len);
	out[0] = DHCP6_RELAY_FORW;
	out[DHCP6_OFF_HOP_COUNT] = hop;
	memset(out + DHCP6_OFF_LINK_ADDR, 0, DHCP6_ADDR_LEN);
	memcpy(out + DHCP6_OFF_PEER_ADDR, peer_addr, DHCP6_ADDR_LEN);
	pos = dhcp6_put_id(out, DHCP6_RELAY_HDR_LEN, DHCP6_OPT_INTERFACE_ID,
			   ids->interface_id, ids->interface_id_len);
	if (ids->remote_id && ids->remote_id_len) {
		pos = dhcp6_put_hdr(out, pos, DHCP6_OPT_REMOTE_ID,
				    DHCP6_REMOTE_ID_LEN + ids->remote_id_len);
		dhcp6_put32(out + pos, ids->enterprise);
		memcpy(out + pos + DHCP6_REMOTE_ID_LEN, ids->remote_id,
		       ids->remote_id_len);
		pos += DHCP6_REMOTE_ID_LEN + ids->remote_id_len;
	}
	pos = dhcp6_put_id(out, pos, DHCP6_OPT_RELAY_ID, ids->relay_id,
			   ids->relay_id_len);
	dhcp6_put_hdr(out, pos, DHCP6_OPT_RELAY_MSG, msg_len);
	*new_len = over + msg_len;
	return DHCP6_OK;
}

enum dhcp6_err dhcp6_relay_reply_info(const u8 *msg,
				      const struct dhcp6_info *info,
				      struct dhcp6_relay_reply *rr)
{
	unsigned int i;
	u8 any = 0;

	memset(rr, 0, sizeof(*rr));
	if (info->msg_type != DHCP6_RELAY_REPL)
		return DHCP6_ERR_TYPE;
	for (i = 0; i < DHCP6_ADDR_LEN; i++)
		any |= msg[DHCP6_OFF_LINK_ADDR + i];
	rr->hop_count = info->hop_count;
	rr->link_addr_unspec = !any;
	rr->link_addr = msg + DHCP6_OFF_LINK_ADDR;
	rr->peer_addr = msg + DHCP6_OFF_PEER_ADDR;
	if (info->interface_id_off) {
		rr->interface_id = msg + info->interface_id_off;
		rr->interface_id_len = info->interface_id_len;
	}
	rr->msg_off = info->relay_msg_off;
	rr->msg_len = info->relay_msg_len;
	rr->msg_type = msg[info->relay_msg_off];
	return DHCP6_OK;
}

enum dhcp6_err dhcp6_relay_reply_parse(const u8 *msg, size_t len,
				       struct dhcp6_relay_reply *rr)
{
	struct dhcp6_info info;
	enum dhcp6_err err;

	memset(rr, 0, sizeof(*rr));
	if (len && msg[0] != DHCP6_RELAY_REPL)
		return DHCP6_ERR_TYPE;
	err = dhcp6_parse(msg, len, &info);
	if (err != DHCP6_OK)
		return err;
	return dhcp6_relay_reply_info(msg, &info, rr);
}

enum dhcp6_err dhcp6_relay_unwrap_info(u8 *msg, const struct dhcp6_info *info,
				       size_t *new_len)
{
	if (!info->depth)
		return DHCP6_ERR_TYPE;
	memmove(msg, msg + info->relay_msg_off, info->relay_msg_len);
	*new_len = info->relay_msg_len;
	return DHCP6_OK;
}

enum dhcp6_err dhcp6_relay_unwrap(u8 *msg, size_t len, size_t *new_len)
{
	struct dhcp6_info info;
	enum dhcp6_err err;

	err = dhcp6_parse(msg, len, &info);
	if (err != DHCP6_OK)
		return err;
	return dhcp6_relay_unwrap_info(msg, &info, new_len);
}

/*
 * The first Status Code among the options [@pos, @limit) (framing already
 * checked by dhcp6_parse()): DHCP6_STATUS_SUCCESS if there is none.
 */
static u16 dhcp6_status(const u8 *msg, size_t pos, size_t limit)
{
	struct dhcp6_opt_ref ref;

	while (dhcp6_walk_next(msg, &pos, limit, &ref) == DHCP6_WALK_OPT) {
		if (ref.code == DHCP6_OPT_STATUS_CODE)
			return dhcp6_get16(msg + dhcp6_data(&ref));
	}
	return DHCP6_STATUS_SUCCESS;
}

/*
 * The addresses or prefixes of one IA (@ia, framing checked): those of the
 * IA's own kind, IA Address in IA_NA and IA Prefix in IA_PD.  Returns true
 * when @fn asked to stop.
 */
static bool dhcp6_ia_bindings(const u8 *msg, const struct dhcp6_opt_ref *ia,
			      struct dhcp6_binding *b, dhcp6_binding_fn fn,
			      void *arg, struct dhcp6_bind_sum *sum)
{
	u16 want = ia->code == DHCP6_OPT_IA_NA ? DHCP6_OPT_IAADDR :
						 DHCP6_OPT_IAPREFIX;
	bool reply = b->msg_type == DHCP6_REPLY;
	struct dhcp6_opt_ref ref;
	size_t pos, d, fixed;

	pos = dhcp6_data(ia) + DHCP6_IA_LEN;
	while (dhcp6_walk_next(msg, &pos, dhcp6_opt_end(ia), &ref) ==
	       DHCP6_WALK_OPT) {
		if (ref.code != want)
			continue;
		d = dhcp6_data(&ref);
		if (want == DHCP6_OPT_IAADDR) {
			fixed = DHCP6_IAADDR_LEN;
			b->addr = msg + d;
			b->plen = 128;
			b->preferred = dhcp6_get32(msg + d + 16);
			b->valid = dhcp6_get32(msg + d + 20);
		} else {
			fixed = DHCP6_IAPREFIX_LEN;
			b->preferred = dhcp6_get32(msg + d);
			b->valid = dhcp6_get32(msg + d + 4);
			b->plen = msg[d + 8];
			b->addr = msg + d + 9;
		}
		if (reply && dhcp6_status(msg, d + fixed, dhcp6_opt_end(&ref)) !=
			     DHCP6_STATUS_SUCCESS) {
			sum->skipped_status++;
			continue;
		}
		if (reply && b->preferred > b->valid) {
			sum->skipped_lifetime++;
			continue;
		}
		sum->reported++;
		if (fn(b, arg))
			return true;
	}
	return false;
}

enum dhcp6_err dhcp6_bindings(const u8 *msg, size_t len,
			      dhcp6_binding_fn fn, void *arg,
			      struct dhcp6_bind_sum *sum)
{
	struct dhcp6_info info;
	enum dhcp6_err err;

	if (sum)
		memset(sum, 0, sizeof(*sum));
	if (!fn)
		return DHCP6_ERR_INVAL;
	err = dhcp6_parse(msg, len, &info);
	if (err != DHCP6_OK)
		return err;
	return dhcp6_bindings_info(msg, &info, fn, arg, sum);
}

enum dhcp6_err dhcp6_bindings_info(const u8 *msg,
				   const struct dhcp6_info *info,
				   dhcp6_binding_fn fn, void *arg,
				   struct dhcp6_bind_sum *sum)
{
	struct dhcp6_bind_sum dummy;
	struct dhcp6_binding b;
	struct dhcp6_opt_ref ref;
	size_t pos, limit, d;

	if (!sum)
		sum = &dummy;
	memset(sum, 0, sizeof(*sum));
	if (!fn)
		return DHCP6_ERR_INVAL;
	sum->msg_type = info->inner_type;
	if (info->inner_type != DHCP6_REPLY &&
	    info->inner_type != DHCP6_RELEASE &&
	    info->inner_type != DHCP6_DECLINE)
		return DHCP6_ERR_TYPE;

	memset(&b, 0, sizeof(b));
	b.msg_type = info->inner_type;
	pos = info->inner_off + DHCP6_HDR_LEN;
	limit = info->inner_off + info->inner_len;
	while (dhcp6_walk_next(msg, &pos, limit, &ref) == DHCP6_WALK_OPT) {
		if (ref.code == DHCP6_OPT_CLIENTID && !b.duid) {
			b.duid = msg + dhcp6_data(&ref);
			b.duid_len = ref.len;
		}
	}
	sum->status = dhcp6_status(msg, info->inner_off + DHCP6_HDR_LEN, limit);
	if (b.msg_type == DHCP6_REPLY && sum->status != DHCP6_STATUS_SUCCESS)
		return DHCP6_OK;

	pos = info->inner_off + DHCP6_HDR_LEN;
	while (dhcp6_walk_next(msg, &pos, limit, &ref) == DHCP6_WALK_OPT) {
		if (ref.code != DHCP6_OPT_IA_NA && ref.code != DHCP6_OPT_IA_PD)
			continue;
		d = dhcp6_data(&ref);
		if (b.msg_type == DHCP6_REPLY &&
		    dhcp6_status(msg, d + DHCP6_IA_LEN, dhcp6_opt_end(&ref)) !=
		    DHCP6_STATUS_SUCCESS) {
			sum->skipped_status++;
			continue;
		}
		b.ia_type = ref.code;
		b.iaid = dhcp6_get32(msg + d);
		b.t1 = dhcp6_get32(msg + d + 4);
		b.t2 = dhcp6_get32(msg + d + 8);
		if (dhcp6_ia_bindings(msg, &ref, &b, fn, arg, sum)) {
			sum->stopped = true;
			break;
		}
	}
	return DHCP6_OK;
}

const char *dhcp6_strerror(enum dhcp6_err err)
{
	switch (err) {
	case DHCP6_OK:
		return "ok";
	case DHCP6_ERR_SHORT:
		return "shorter than the DHCPv6 header";
	case DHCP6_ERR_TYPE:
		return "bad or unexpected DHCPv6 msg-type";
	case DHCP6_ERR_TRUNCATED:
		return "option runs past its message or option";
	case DHCP6_ERR_OPT_LEN:
		return "option shorter than its fixed part";
	case DHCP6_ERR_NO_RELAY_MSG:
		return "relay message without Relay Message option";
	case DHCP6_ERR_RELAY_MSG_DUP:
		return "relay message with two Relay Message options";
	case DHCP6_ERR_TOO_DEEP:
		return "relay messages nested too deep";
	case DHCP6_ERR_HOP_LIMIT:
		return "hop-count limit reached";
	case DHCP6_ERR_NOSPACE:
		return "no room in the buffer";
	case DHCP6_ERR_TOO_BIG:
		return "message would be too big";
	case DHCP6_ERR_INVAL:
		return "invalid argument";
	}
	return "unknown error";
}
