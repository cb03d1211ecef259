// SPDX-License-Identifier: GPL-2.0
/*
 * Bulk Leasequery TCP framing: 2-octet big-endian length + DHCP message
 * (RFC 6926 and RFC 5460; Kea and Wireshark agree on this layout).
 */
#include <string.h>

#include "blq_frame.h"

const char *blq_strerror(enum blq_err err)
{
	switch (err) {
	case BLQ_OK:			return "success";
	case BLQ_ERR_INVAL:		return "invalid argument";
	case BLQ_ERR_NOSPACE:		return "output buffer too small";
	case BLQ_ERR_FRAME_ZERO:	return "zero-length frame on the stream";
	case BLQ_ERR_FRAME_SIZE:	return "frame larger than the allowed maximum";
	case BLQ_ERR_SHORT:		return "message shorter than its fixed header";
	case BLQ_ERR_OP:		return "op is not BOOTREPLY";
	case BLQ_ERR_COOKIE:		return "no DHCP magic cookie";
	case BLQ_ERR_MSG_TYPE:		return "missing or unexpected message type";
	case BLQ_ERR_TRUNCATED:		return "option runs past its container";
	case BLQ_ERR_NO_END:		return "options field has no END option";
	case BLQ_ERR_BADLEN:		return "option length invalid for its type";
	case BLQ_ERR_OVERLOAD:		return "bad, misplaced or repeated option overload (52)";
	case BLQ_ERR_DUP:		return "option repeated where only one is allowed";
	case BLQ_ERR_TOO_LONG:		return "value longer than the decoder keeps";
	case BLQ_ERR_RAI:		return "malformed relay agent information (82)";
	case BLQ_ERR_RELAY:		return "malformed relay message in LQ_RELAY_DATA";
	case BLQ_ERR_NO_CLIENT_DATA:	return "LEASEQUERY-DATA without CLIENT_DATA";
	case BLQ_ERR_ABSENT:		return "not present";
	}
	return "unknown error";
}

enum blq_err blq_framer_init(struct blq_framer *f, uint8_t *buf,
			     size_t buf_size, size_t max_msg)
{
	if (!f || !buf || !buf_size)
		return BLQ_ERR_INVAL;
	if (!max_msg)
		max_msg = buf_size < BLQ_FRAME_MAX ? buf_size : BLQ_FRAME_MAX;
	if (max_msg > BLQ_FRAME_MAX || max_msg > buf_size)
		return BLQ_ERR_INVAL;
	memset(f, 0, sizeof(*f));
	f->buf = buf;
	f->max_msg = max_msg;
	return BLQ_OK;
}

void blq_framer_reset(struct blq_framer *f)
{
	f->need = 0;
	f->have = 0;
	f->hdr_have = 0;
	f->done = false;
	f->err = BLQ_OK;
}

bool blq_framer_idle(const struct blq_framer *f)
{
	return f->hdr_have == 0 && (f->need == 0 || f->done);
}

enum blq_err blq_framer_feed(struct blq_framer *f, const uint8_t *data,
			     size_t len, size_t *used,
			     const uint8_t **msg, size_t *msg_len)
{
	size_t off = 0;

	*used = 0;
	*msg = NULL;
	*msg_len = 0;
	if (f->err)
		return f->err;
	if (len && !data)
		return BLQ_ERR_INVAL;

	/* The message handed out last time is no longer the caller's. */
	if (f->done) {
		f->done = false;
		f->need = 0;
		f->have = 0;
	}

	while (off < len) {
		if (f->hdr_have < BLQ_FRAME_HDR_LEN) {
			if (!f->hdr_have && len - off >= BLQ_FRAME_HDR_LEN) {
				/* the usual case: the prefix in one piece */
				f->hdr[0] = data[off];
				f->hdr[1] = data[off + 1];
				f->hdr_have = BLQ_FRAME_HDR_LEN;
				off += BLQ_FRAME_HDR_LEN;
			} else {
				f->hdr[f->hdr_have++] = data[off++];
				if (f->hdr_have < BLQ_FRAME_HDR_LEN)
					continue;
			}
			f->need = (size_t)f->hdr[0] << 8 | f->hdr[1];
			f->have = 0;
			/*
			 * Refuse before buffering: a zero or oversized prefix
			 * means the peer is broken or hostile, and either way
			 * no later octet can be trusted as a boundary.
			 */
			if (!f->need) {
				f->err = BLQ_ERR_FRAME_ZERO;
				break;
			}
			if (f->need > f->max_msg) {
				f->err = BLQ_ERR_FRAME_SIZE;
				break;
			}
			continue;
		}

		/*
		 * A whole message in @data is handed out where it is: the
		 * copy was a tenth of decoding a bulk reply.
		 */
		if (!f->have && len - off >= f->need) {
			*msg = data + off;
			*msg_len = f->need;
			off += f->need;
			f->hdr_have = 0;
			f->done = true;
			break;
		}
		size_t take = f->need - f->have;

		if (take > len - off)
			take = len - off;
		memcpy(f->buf + f->have, data + off, take);
		f->have += take;
		off += take;
		if (f->have == f->need) {
			*msg = f->buf;
			*msg_len = f->need;
			f->hdr_have = 0;
			f->done = true;
			break;
		}
	}
	*used = off;
	return f->err;
}

enum blq_err blq_frame_encode(uint8_t *out, size_t out_size,
			      const uint8_t *msg, size_t msg_len,
			      size_t *out_len)
{
	if (!out || (!msg && msg_len))
		return BLQ_ERR_INVAL;
	if (!msg_len || msg_len > BLQ_FRAME_MAX)
		return BLQ_ERR_INVAL;
	if (out_size < msg_len + BLQ_FRAME_HDR_LEN)
		return BLQ_ERR_NOSPACE;
	/* memmove: the caller may have built the message in place. */
	memmove(out + BLQ_FRAME_HDR_LEN, msg, msg_len);
	out[0] = (uint8_t)(msg_len >> 8);
	out[1] = (uint8_t)msg_len;
	*out_len = msg_len + BLQ_FRAME_HDR_LEN;
	return BLQ_OK;
}
