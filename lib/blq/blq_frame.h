/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bulk Leasequery TCP framing (RFC 6926 DHCPv4, RFC 5460 DHCPv6).
 *
 * Both protocols carry each DHCP message on the TCP stream behind a 2-octet
 * big-endian message-size; the message itself is unmodified.  TCP preserves
 * no boundaries, so a read may end inside the prefix, inside a message, or
 * hold several messages: the framer below reassembles whole messages from
 * arbitrary read chunks into one caller-supplied buffer.
 *
 * Pure C, no allocation, no global state; also holds the error codes shared
 * by blq4.h and blq6.h.
 */
#ifndef _L2RA_BLQ_FRAME_H
#define _L2RA_BLQ_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The 16-bit prefix cannot describe anything larger. */
#define BLQ_FRAME_MAX		65535
#define BLQ_FRAME_HDR_LEN	2

enum blq_err {
	BLQ_OK = 0,
	BLQ_ERR_INVAL,		/* bad argument from the caller */
	BLQ_ERR_NOSPACE,	/* the output does not fit the caller's buffer */
	BLQ_ERR_FRAME_ZERO,	/* stream framing: a zero-length message */
	BLQ_ERR_FRAME_SIZE,	/* stream framing: message over the maximum */
	BLQ_ERR_SHORT,		/* shorter than the fixed message header */
	BLQ_ERR_OP,		/* v4: op is not BOOTREPLY */
	BLQ_ERR_COOKIE,		/* v4: no DHCP magic cookie */
	BLQ_ERR_MSG_TYPE,	/* missing or unexpected message type */
	BLQ_ERR_TRUNCATED,	/* an option runs past its container */
	BLQ_ERR_NO_END,		/* v4: the options field has no END */
	BLQ_ERR_BADLEN,		/* an option's length is wrong for its type */
	BLQ_ERR_OVERLOAD,	/* v4: bad, misplaced or repeated option 52 */
	BLQ_ERR_DUP,		/* an option that may appear once is repeated */
	BLQ_ERR_TOO_LONG,	/* a value is larger than the decoder keeps */
	BLQ_ERR_RAI,		/* v4: option 82 sub-option framing is broken */
	BLQ_ERR_RELAY,		/* v6: malformed relay message in LQ_RELAY_DATA */
	BLQ_ERR_NO_CLIENT_DATA,	/* v6: LEASEQUERY-DATA without CLIENT_DATA */
	BLQ_ERR_ABSENT,		/* lookup helper: the item is not there */
};

const char *blq_strerror(enum blq_err err);

/*
 * Stream reassembler.  Treat as opaque; initialise with blq_framer_init().
 * A framing error is sticky: after a bad length prefix the stream has no
 * recoverable boundary, so the only sane reaction is closing the connection
 * (then blq_framer_reset() before reusing the framer on a new one).
 */
struct blq_framer {
	uint8_t *buf;		/* caller's buffer, >= max_msg octets */
	size_t max_msg;		/* largest message accepted */
	size_t need;		/* length of the message being assembled */
	size_t have;		/* octets of it in buf so far */
	uint8_t hdr[BLQ_FRAME_HDR_LEN];
	uint8_t hdr_have;	/* octets of the prefix seen so far */
	bool done;		/* buf holds a message handed out last call */
	enum blq_err err;	/* sticky framing error, BLQ_OK if none */
};

/*
 * @buf of @buf_size octets receives each message; it must stay valid while
 * the framer is used.  @max_msg caps the accepted message size: 0 means
 * min(BLQ_FRAME_MAX, @buf_size); otherwise it must be 1..BLQ_FRAME_MAX and
 * not exceed @buf_size.
 */
enum blq_err blq_framer_init(struct blq_framer *f, uint8_t *buf,
			     size_t buf_size, size_t max_msg);

/* Forget any partial message and a sticky error (for a new connection). */
void blq_framer_reset(struct blq_framer *f);

/*
 * Consume octets from @data (@len octets) until one message is complete or
 * the input is used up.  *@used tells how many octets were consumed.  When a
 * message is complete, *@msg points to it and *@msg_len is its length;
 * otherwise *@msg is NULL.  The message is inside @data when all of it was
 * there, else in the framer's buffer: valid until the next call, and only
 * while @data is.
 * Call again with the rest of the chunk until all of it is used:
 *
 *	while (len) {
 *		err = blq_framer_feed(f, p, len, &used, &m, &ml);
 *		if (err)
 *			goto close_connection;
 *		p += used;
 *		len -= used;
 *		if (m)
 *			handle(m, ml);
 *	}
 *
 * Returns BLQ_ERR_FRAME_ZERO for a zero length prefix, BLQ_ERR_FRAME_SIZE
 * for one above max_msg (detected from the prefix, before any body octet is
 * buffered), or the sticky error of an earlier call.
 */
enum blq_err blq_framer_feed(struct blq_framer *f, const uint8_t *data,
			     size_t len, size_t *used,
			     const uint8_t **msg, size_t *msg_len);

/*
 * True when no partial prefix or message is buffered: an EOF here is a
 * clean end of stream, anywhere else the peer truncated a message.
 */
bool blq_framer_idle(const struct blq_framer *f);

/*
 * Write the 2-octet length prefix followed by @msg into @out.  @msg may
 * already sit at @out + 2 (build in place, then prefix) or overlap @out in
 * any way.  *@out_len receives @msg_len + 2.
 */
enum blq_err blq_frame_encode(uint8_t *out, size_t out_size,
			      const uint8_t *msg, size_t msg_len,
			      size_t *out_len);

#endif /* _L2RA_BLQ_FRAME_H */
