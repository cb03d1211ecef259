/* SPDX-License-Identifier: GPL-2.0 */
/*
 * l2ra_nl.h - generic netlink requests to the l2ra family through libnl-3,
 * shared by l2rad (agent/kernel.c) and l2ractl (tools/l2ractl/nl.c): open a
 * socket with extended ACKs, resolve the family, send one request and take
 * its replies, its ACK or its error with the kernel's extended ACK message,
 * and send many requests in batches with each one's error mapped back to it.
 *
 * Nothing here prints or logs: errors are negative errnos, and the reason
 * (the kernel's extended ACK message, or what failed locally) is in
 * ->extack.
 */
#ifndef L2RA_NL_H
#define L2RA_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <linux/netlink.h>
#include <netlink/msg.h>

#define L2RA_NL_MSGLEN	256

/*
 * A batch is sent with one sendmsg() and holds at most this many octets
 * and requests.  The kernel copies a batch into one buffer of the next
 * power of two pages above its size plus about 320 octets of skb
 * overhead, and clears all of it (init_on_alloc, Debian's default): a
 * batch just under 32 KiB fills its buffer, where 256 requests of 84
 * octets (21.5 KiB) had 32 KiB cleared.  Every refused request costs an
 * error message in the socket's receive queue before the batch's ACK is
 * read: the request count bounds that (l2ra_nl_open() sizes the receive
 * buffer for it).
 */
#define L2RA_NL_BATCH_BYTES	(32768 - 512)
#define L2RA_NL_BATCH_MSGS	384

struct nl_sock;

struct l2ra_nl {
	struct nl_sock *sk;
	int family;			/* 0: not resolved */
	char extack[L2RA_NL_MSGLEN];	/* why the last request failed, "" */
	char warning[L2RA_NL_MSGLEN];	/* message of a successful ACK, "" */
};

/* A receive buffer with room for a whole batch's error reports. */
#define L2RA_NL_BATCH_RCVBUF	(1 << 20)

/*
 * Open a blocking generic netlink socket with extended and capped ACKs,
 * its receive buffer @rcvbuf octets if > 0 (forced past rmem_max when the
 * caller has CAP_NET_ADMIN), else the default.  0, or a negative errno
 * with the reason in ->extack.
 */
int l2ra_nl_open(struct l2ra_nl *n, int rcvbuf);
void l2ra_nl_close(struct l2ra_nl *n);

/*
 * Resolve the "l2ra" family into ->family.  0, -ENOENT if it is not
 * registered (module not loaded), another negative errno otherwise.
 */
int l2ra_nl_resolve(struct l2ra_nl *n);

/* A libnl error code (negative NLE_*) as a negative errno. */
int l2ra_nl_errno(int nlerr);

/* A new request for @cmd with @flags (e.g. NLM_F_DUMP), or NULL. */
struct nl_msg *l2ra_nl_msg(const struct l2ra_nl *n, uint8_t cmd, int flags);

/*
 * Called for each reply of a request (a dump's entries, a GET's answer),
 * in the receive buffer: valid during the call only.  Returns 0 to go on,
 * or a negative errno to end the request with it.
 */
typedef int (*l2ra_nl_reply_fn)(struct nlmsghdr *hdr, void *arg);

/*
 * Send @msg (consumed) and receive until its ACK, its error or the end of
 * its dump.  0 or a negative errno: the kernel's (message in ->extack), or
 * -EINTR when the kernel flagged the dump interrupted (NLM_F_DUMP_INTR; it
 * was read to its end: ask again), -EPROTO for a reply that cannot be
 * parsed, or what l2ra_nl_errno() makes of a socket failure.  A message
 * carried by a successful ACK is in ->warning.
 */
int l2ra_nl_request(struct l2ra_nl *n, struct nl_msg *msg,
		    l2ra_nl_reply_fn fn, void *arg);

/*
 * A request of a batch being written in place, in the batch's buffer:
 * its headers are there, the attributes follow.  No libnl message per
 * request: at 100 k requests, nla_put()'s checks and copies cost more
 * than the kernel's work on the attributes.
 */
struct l2ra_nl_req {
	unsigned char *p;	/* the request's struct nlmsghdr */
	size_t len;		/* octets written */
	size_t room;		/* the most it may take */
	bool full;		/* an attribute did not fit: not sent */
};

/* Append attribute @type (@len octets of @data, padded with zeros). */
static inline void l2ra_nl_put(struct l2ra_nl_req *w, uint16_t type,
			       size_t len, const void *data)
{
	size_t total = NLA_ALIGN(NLA_HDRLEN + len);
	struct nlattr *a = (struct nlattr *)(w->p + w->len);

	if (w->full || total > w->room - w->len) {
		w->full = true;
		return;
	}
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	a->nla_type = type;
	memcpy((unsigned char *)a + NLA_HDRLEN, data, len);
	memset((unsigned char *)a + NLA_HDRLEN + len, 0,
	       total - NLA_HDRLEN - len);
	w->len += total;
}

static inline void l2ra_nl_put_u16(struct l2ra_nl_req *w, uint16_t type,
				   uint16_t v)
{
	l2ra_nl_put(w, type, sizeof(v), &v);
}

static inline void l2ra_nl_put_u32(struct l2ra_nl_req *w, uint16_t type,
				   uint32_t v)
{
	l2ra_nl_put(w, type, sizeof(v), &v);
}

static inline void l2ra_nl_put_u64(struct l2ra_nl_req *w, uint16_t type,
				   uint64_t v)
{
	l2ra_nl_put(w, type, sizeof(v), &v);
}

static inline void l2ra_nl_put_string(struct l2ra_nl_req *w, uint16_t type,
				      const char *s)
{
	l2ra_nl_put(w, type, strlen(s) + 1, s);
}

/*
 * Fill request @i of a batch: @w has its headers; add the attributes
 * (one that does not fit sets ->full: the request is sent in the next
 * batch, or fails with -EMSGSIZE if it cannot fit in any).  0, or a
 * negative errno that becomes the request's result unsent.
 */
typedef int (*l2ra_nl_fill_fn)(struct l2ra_nl_req *w, size_t i, void *arg);
/*
 * The result of request @i: 0, or the kernel's negative errno with its
 * extended ACK message (never NULL, "" if none).
 */
typedef void (*l2ra_nl_result_fn)(size_t i, int err, const char *extack,
				  void *arg);

/*
 * Send @count requests of @cmd, each filled by @fill, in batches: many
 * messages per sendmsg(), NLM_F_ACK on the last of each only (netlink
 * reports an error for any of them regardless), each error mapped back to
 * its request by sequence number.  @result is called once per request, in
 * order, after its batch is answered.  If the receive buffer overflows and
 * error reports are lost, the batch is sent again one request per ACK:
 * adds and sets are idempotent.
 *
 * 0 when every request has its result; a negative errno (reason in
 * ->extack) when the socket failed: the requests from the failing batch on
 * have none.
 */
int l2ra_nl_batch(struct l2ra_nl *n, uint8_t cmd, size_t count,
		  l2ra_nl_fill_fn fill, l2ra_nl_result_fn result, void *arg);

#endif
