// SPDX-License-Identifier: GPL-2.0
/*
 * DHCPv4 option walker and option-82 (RFC 3046) editor.
 *
 * The same text builds into l2ra.ko and into the host tests, so it uses
 * nothing but the types and the mem*() functions dhcp_opt.h provides.  Every
 * multi-octet field is read octet by octet: the message may sit at any
 * alignment in an skb.
 */
#include "dhcp_opt.h"

static const u8 dhcp_cookie[4] = { 99, 130, 83, 99 };

/* One option met by the walker: code octet at @off, @len data octets. */
struct dhcp_opt_ref {
	size_t off;
	u8 code;
	u8 len;
};

enum dhcp_walk {
	DHCP_WALK_OPT,		/* an option other than PAD and END */
	DHCP_WALK_END,		/* END; @ref->off is its offset */
	DHCP_WALK_EDGE,		/* ran into @limit without END */
	DHCP_WALK_TRUNC,	/* an option runs past @limit */
};

/*
 * Step over PAD octets to the next option of the field that ends at @limit
 * (exclusive) and describe it.  *@pos moves past the option, so calling
 * again returns the next one.
 */
static inline enum dhcp_walk dhcp_walk_next(const u8 *msg, size_t *pos,
					    size_t limit,
					    struct dhcp_opt_ref *ref)
{
	size_t i = *pos;

	while (i < limit && msg[i] == DHCP_OPT_PAD)
		i++;
	*pos = i;
	if (i >= limit)
		return DHCP_WALK_EDGE;
	ref->off = i;
	ref->code = msg[i];
	ref->len = 0;
	if (ref->code == DHCP_OPT_END) {
		*pos = i + 1;
		return DHCP_WALK_END;
	}
	if (limit - i < 2)
		return DHCP_WALK_TRUNC;
	ref->len = msg[i + 1];
	if (limit - i - 2 < ref->len)
		return DHCP_WALK_TRUNC;
	*pos = i + 2 + ref->len;
	return DHCP_WALK_OPT;
}

static u16 dhcp_get16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static u32 dhcp_get32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

/* Record what l2ra wants to know about one option. */
static enum dhcp_err dhcp_note_opt(const u8 *msg, const struct dhcp_opt_ref *ref,
				   struct dhcp_info *info)
{
	size_t data = ref->off + 2;

	switch (ref->code) {
	case DHCP_OPT_OVERLOAD:
		/* Only one, in the options field (file/sname are walked after
		 * it has been seen, so one there is always a repeat).
		 */
		if (info->overload || ref->len != 1 ||
		    msg[data] < 1 || msg[data] > 3)
			return DHCP_ERR_OVERLOAD;
		info->overload = msg[data];
		break;
	case DHCP_OPT_MSG_TYPE:
		if (ref->len == 1 && !info->msg_type)
			info->msg_type = msg[data];
		break;
	case DHCP_OPT_MAX_MSG_SIZE:
		if (ref->len == 2 && !info->max_msg_size)
			info->max_msg_size = dhcp_get16(msg + data);
		break;
	case DHCP_OPT_LEASE_TIME:
		if (ref->len == 4 && !info->lease_time_off)
			info->lease_time_off = data;
		break;
	case DHCP_OPT_SERVER_ID:
		if (ref->len == 4 && !info->server_id_off)
			info->server_id_off = data;
		break;
	case DHCP_OPT_REQ_IP:
		if (ref->len == 4 && !info->req_ip_off)
			info->req_ip_off = data;
		break;
	case DHCP_OPT_CLIENT_ID:
		if (ref->len && !info->client_id_off) {
			info->client_id_off = data;
			info->client_id_len = ref->len;
		}
		break;
	case DHCP_OPT_RAI:
		if (info->rai_count < DHCP_RAI_LOC_MAX) {
			info->rai[info->rai_count].off = ref->off;
			info->rai[info->rai_count].len = ref->len;
		}
		info->rai_count++;
		break;
	default:
		break;
	}
	return DHCP_OK;
}

/*
 * The PAD octets from @i on, before @limit.  Clients pad a DISCOVER to
 * BOOTP's 300 octets, some 40 PAD after END: a word at a time, the count
 * costs a fifth of what it does octet by octet.
 */
static size_t dhcp_count_pad(const u8 *msg, size_t i, size_t limit)
{
	size_t start = i;
	u64 w;

	while (limit - i >= sizeof(w)) {
		memcpy(&w, msg + i, sizeof(w));
		if (w)
			break;
		i += sizeof(w);
	}
	while (i < limit && msg[i] == DHCP_OPT_PAD)
		i++;
	return i - start;
}

/*
 * Walk one field [@start, @limit).  The options field must end with END;
 * RFC 2131 wants it in file and sname too, but there the end of the field
 * is accepted as well, as most servers do.
 */
static enum dhcp_err dhcp_walk_field(const u8 *msg, size_t start, size_t limit,
				     bool options_field, struct dhcp_info *info)
{
	struct dhcp_opt_ref ref;
	enum dhcp_err err;
	size_t pos = start;

	for (;;) {
		switch (dhcp_walk_next(msg, &pos, limit, &ref)) {
		case DHCP_WALK_OPT:
			err = dhcp_note_opt(msg, &ref, info);
			if (err != DHCP_OK)
				return err;
			break;
		case DHCP_WALK_END:
			if (options_field) {
				info->end_off = ref.off;
				info->trailing = dhcp_count_pad(msg, pos, limit);
			}
			return DHCP_OK;
		case DHCP_WALK_EDGE:
			return options_field ? DHCP_ERR_NO_END : DHCP_OK;
		default:
			return DHCP_ERR_TRUNCATED;
		}
	}
}

enum dhcp_err dhcp_parse(const u8 *msg, size_t len, struct dhcp_info *info)
{
	enum dhcp_err err;

	memset(info, 0, sizeof(*info));
	if (len < DHCP_MIN_LEN)
		return DHCP_ERR_SHORT;
	if (msg[DHCP_OFF_OP] != DHCP_BOOTREQUEST &&
	    msg[DHCP_OFF_OP] != DHCP_BOOTREPLY)
		return DHCP_ERR_OP;
	if (memcmp(msg + DHCP_OFF_COOKIE, dhcp_cookie, sizeof(dhcp_cookie)))
		return DHCP_ERR_COOKIE;

	info->op = msg[DHCP_OFF_OP];
	info->xid = dhcp_get32(msg + DHCP_OFF_XID);
	info->broadcast = !!(msg[DHCP_OFF_FLAGS] & 0x80);
	info->giaddr_zero = !(msg[DHCP_OFF_GIADDR] |
			      msg[DHCP_OFF_GIADDR + 1] |
			      msg[DHCP_OFF_GIADDR + 2] |
			      msg[DHCP_OFF_GIADDR + 3]);

	/* RFC 2131 4.1: options, then file, then sname. */
	err = dhcp_walk_field(msg, DHCP_OFF_OPTIONS, len, true, info);
	if (err == DHCP_OK && (info->overload & 1))
		err = dhcp_walk_field(msg, DHCP_OFF_FILE,
				      DHCP_OFF_FILE + DHCP_FILE_LEN,
				      false, info);
	if (err == DHCP_OK && (info->overload & 2))
		err = dhcp_walk_field(msg, DHCP_OFF_SNAME,
				      DHCP_OFF_SNAME + DHCP_SNAME_LEN,
				      false, info);
	return err;
}

enum dhcp_err dhcp_rai_parse(const u8 *body, size_t len, struct dhcp_rai *rai)
{
	size_t pos = 0;
	const u8 *data;
	u8 code, sublen;

	memset(rai, 0, sizeof(*rai));
	while (pos < len) {
		if (len - pos < 2)
			return DHCP_ERR_RAI;
		code = body[pos];
		sublen = body[pos + 1];
		if (len - pos - 2 < sublen)
			return DHCP_ERR_RAI;
		data = body + pos + 2;
		switch (code) {
		case RAI_CIRCUIT_ID:
			if (!rai->circuit_id) {
				rai->circuit_id = data;
				rai->circuit_id_len = sublen;
			}
			break;
		case RAI_REMOTE_ID:
			if (!rai->remote_id) {
				rai->remote_id = data;
				rai->remote_id_len = sublen;
			}
			break;
		case RAI_RELAY_ID:
			if (!rai->relay_id) {
				rai->relay_id = data;
				rai->relay_id_len = sublen;
			}
			break;
		default:
			break;
		}
		pos += 2 + sublen;
	}
	return DHCP_OK;
}

/* Octets one sub-option takes; ids are checked to be <= 255 first. */
static size_t dhcp_sub_size(const u8 *id, size_t len)
{
	return id && len ? 2 + len : 0;
}

static size_t dhcp_put_sub(u8 *out, size_t pos, u8 code, const u8 *id,
			   size_t len)
{
	if (!id || !len)
		return pos;
	out[pos] = code;
	out[pos + 1] = (u8)len;
	memcpy(out + pos + 2, id, len);
	return pos + 2 + len;
}

size_t dhcp_rai_build(u8 *out, size_t cap,
		      const u8 *circuit_id, size_t circuit_id_len,
		      const u8 *remote_id, size_t remote_id_len,
		      const u8 *relay_id, size_t relay_id_len)
{
	size_t body, pos;

	if (circuit_id_len > DHCP_RAI_MAX || remote_id_len > DHCP_RAI_MAX ||
	    relay_id_len > DHCP_RAI_MAX)
		return 0;
	body = dhcp_sub_size(circuit_id, circuit_id_len) +
	       dhcp_sub_size(remote_id, remote_id_len) +
	       dhcp_sub_size(relay_id, relay_id_len);
	if (!body || body > DHCP_RAI_MAX || cap < 2 || body > cap - 2)
		return 0;

	out[0] = DHCP_OPT_RAI;
	out[1] = (u8)body;
	pos = dhcp_put_sub(out, 2, RAI_CIRCUIT_ID, circuit_id, circuit_id_len);
	pos = dhcp_put_sub(out, pos, RAI_REMOTE_ID, remote_id, remote_id_len);
	pos = dhcp_put_sub(out, pos, RAI_RELAY_ID, relay_id, relay_id_len);
	return pos;
}

size_t dhcp_insert_growth(const struct dhcp_info *info, size_t opt_len)
{
	return opt_len > info->trailing ? opt_len - info->trailing : 0;
}

enum dhcp_err dhcp_insert_opt(u8 *msg, size_t len, size_t cap,
			      const struct dhcp_info *info,
			      const u8 *opt, size_t opt_len,
			      size_t *new_len)
{
	size_t end = info->end_off;
	size_t grow, tail;

	if (opt_len > 2 + DHCP_RAI_MAX)
		return DHCP_ERR_TOO_BIG;
	if (opt_len < 2 || opt[0] == DHCP_OPT_PAD || opt[0] == DHCP_OPT_END ||
	    opt[1] != opt_len - 2)
		return DHCP_ERR_INVAL;
	if (end < DHCP_OFF_OPTIONS || end >= len || msg[end] != DHCP_OPT_END ||
	    info->trailing > len - end - 1)
		return DHCP_ERR_INVAL;

	grow = dhcp_insert_growth(info, opt_len);
	if (len > DHCP_MAX_LEN || grow > DHCP_MAX_LEN - len)
		return DHCP_ERR_TOO_BIG;
	if (grow > cap || len > cap - grow)
		return DHCP_ERR_NOSPACE;

	/*
	 * Whatever follows the pad (nothing, normally) moves up by @grow;
	 * the option takes END's place and the pad it needs, END follows it
	 * and what is left of the pad stays pad.
	 */
	tail = end + 1 + info->trailing;
	if (grow)
		memmove(msg + tail + grow, msg + tail, len - tail);
	memcpy(msg + end, opt, opt_len);
	msg[end + opt_len] = DHCP_OPT_END;
	memset(msg + end + opt_len + 1, DHCP_OPT_PAD,
	       tail + grow - (end + opt_len + 1));
	*new_len = len + grow;
	return DHCP_OK;
}

/* Overwrite every option 82 of the file or sname field with PAD. */
static void dhcp_pad_rai(u8 *msg, size_t start, size_t limit)
{
	struct dhcp_opt_ref ref;
	size_t pos = start;

	while (dhcp_walk_next(msg, &pos, limit, &ref) == DHCP_WALK_OPT) {
		if (ref.code == DHCP_OPT_RAI)
			memset(msg + ref.off, DHCP_OPT_PAD, 2 + ref.len);
	}
}

/*
 * More options 82 than dhcp_info records: walk the fields for them.  The
 * options field shrinks (END and what follows it move down), file and
 * sname have a fixed size.  Returns the new length.
 */
static size_t dhcp_strip_walk(u8 *msg, size_t len,
			      const struct dhcp_info *info)
{
	struct dhcp_opt_ref ref;
	size_t pos = DHCP_OFF_OPTIONS, end = info->end_off, n;

	while (dhcp_walk_next(msg, &pos, end, &ref) == DHCP_WALK_OPT) {
		if (ref.code != DHCP_OPT_RAI)
			continue;
		n = 2 + ref.len;
		memmove(msg + ref.off, msg + ref.off + n, len - ref.off - n);
		len -= n;
		end -= n;
		pos = ref.off;
	}
	if (info->overload & 1)
		dhcp_pad_rai(msg, DHCP_OFF_FILE, DHCP_OFF_FILE + DHCP_FILE_LEN);
	if (info->overload & 2)
		dhcp_pad_rai(msg, DHCP_OFF_SNAME,
			     DHCP_OFF_SNAME + DHCP_SNAME_LEN);
	return len;
}

/* The fields in the order dhcp_parse() walks them. */
enum dhcp_field {
	DHCP_FIELD_OPTIONS,
	DHCP_FIELD_FILE,
	DHCP_FIELD_SNAME,
};

/*
 * Can dhcp_parse() have recorded @loc after the option 82 that ends at
 * *@prev in field *@field?  Fields come in the order they are walked (file
 * and sname only when @info's overload says so), options of one field
 * from low to high; the options field ends at @info's END.  The octets at
 * @loc must be an option 82 of that length.  Updates *@field and *@prev.
 */
static bool dhcp_rai_loc_ok(const u8 *msg, const struct dhcp_info *info,
			    const struct dhcp_rai_loc *loc,
			    enum dhcp_field *field, size_t *prev)
{
	enum dhcp_field f;
	size_t lo, hi;

	if (loc->off >= DHCP_OFF_OPTIONS) {
		f = DHCP_FIELD_OPTIONS;
		lo = DHCP_OFF_OPTIONS;
		hi = info->end_off;
	} else if (loc->off >= DHCP_OFF_FILE && (info->overload & 1)) {
		f = DHCP_FIELD_FILE;
		lo = DHCP_OFF_FILE;
		hi = DHCP_OFF_FILE + DHCP_FILE_LEN;
	} else if (loc->off >= DHCP_OFF_SNAME && loc->off < DHCP_OFF_FILE &&
		   (info->overload & 2)) {
		f = DHCP_FIELD_SNAME;
		lo = DHCP_OFF_SNAME;
		hi = DHCP_OFF_SNAME + DHCP_SNAME_LEN;
	} else {
		return false;
	}
	if (f < *field)
		return false;
	if (f == *field && *prev > lo)
		lo = *prev;
	if (loc->off < lo || loc->off > hi || hi - loc->off < 2u + loc->len ||
	    msg[loc->off] != DHCP_OPT_RAI || msg[loc->off + 1] != loc->len)
		return false;
	*field = f;
	*prev = loc->off + 2 + loc->len;
	return true;
}

enum dhcp_err dhcp_strip_rai_info(u8 *msg, size_t len,
				  const struct dhcp_info *info,
				  size_t *new_len)
{
	enum dhcp_field field = DHCP_FIELD_OPTIONS;
	const struct dhcp_rai_loc *loc;
	size_t prev = 0, n;
	unsigned int i;

	if (info->end_off < DHCP_OFF_OPTIONS || info->end_off >= len ||
	    msg[info->end_off] != DHCP_OPT_END)
		return DHCP_ERR_INVAL;
	if (info->rai_count > DHCP_RAI_LOC_MAX) {
		*new_len = dhcp_strip_walk(msg, len, info);
		return DHCP_OK;
	}

	/* Every offset is checked before an octet changes. */
	for (i = 0; i < info->rai_count; i++)
		if (!dhcp_rai_loc_ok(msg, info, &info->rai[i], &field, &prev))
			return DHCP_ERR_INVAL;
	*new_len = len;

	/*
	 * Last first, so that the offsets still to come have not moved: out
	 * of the options field (the message shrinks), PAD over an option 82
	 * of file or sname (they have a fixed size).
	 */
	for (i = info->rai_count; i--; ) {
		loc = &info->rai[i];
		n = 2 + loc->len;
		if (loc->off >= DHCP_OFF_OPTIONS) {
			memmove(msg + loc->off, msg + loc->off + n,
				*new_len - loc->off - n);
			*new_len -= n;
		} else {
			memset(msg + loc->off, DHCP_OPT_PAD, n);
		}
	}
	return DHCP_OK;
}

enum dhcp_err dhcp_strip_rai(u8 *msg, size_t len, size_t *new_len)
{
	struct dhcp_info info;
	enum dhcp_err err;

	err = dhcp_parse(msg, len, &info);
	if (err != DHCP_OK)
		return err;
	return dhcp_strip_rai_info(msg, len, &info, new_len);
}

const char *dhcp_strerror(enum dhcp_err err)
{
	switch (err) {
	case DHCP_OK:
		return "ok";
	case DHCP_ERR_SHORT:
		return "shorter than the BOOTP header";
	case DHCP_ERR_OP:
		return "bad BOOTP op";
	case DHCP_ERR_COOKIE:
		return "no DHCP magic cookie";
	case DHCP_ERR_TRUNCATED:
		return "option runs past its field";
	case DHCP_ERR_NO_END:
		return "options field has no END";
	case DHCP_ERR_OVERLOAD:
		return "bad or repeated option 52";
	case DHCP_ERR_RAI:
		return "bad option 82 sub-option framing";
	case DHCP_ERR_NOSPACE:
		return "no room in the buffer";
	case DHCP_ERR_TOO_BIG:
		return "message would be too big";
	case DHCP_ERR_INVAL:
		return "invalid argument";
	}
	return "unknown error";
}
