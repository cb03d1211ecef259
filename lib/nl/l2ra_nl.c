// SPDX-License-Identifier: GPL-2.0
/* l2ra_nl.c - requests and batches to the l2ra family (see l2ra_nl.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/l2ra.h>

#include "extack.h"
#include "l2ra_nl.h"

/* The receive buffer of one datagram (see l2ra_nl_open()). */
#define L2RA_NL_RECV_BUF	65536

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

int l2ra_nl_errno(int nlerr)
{
	switch (-nlerr) {
	case 0:			return 0;
	case NLE_NOMEM:		return -ENOBUFS;
	case NLE_AGAIN:		return -EAGAIN;
	case NLE_OBJ_NOTFOUND:	return -ENOENT;
	case NLE_DUMP_INTR:	return -EINTR;
	case NLE_PERM:		return -EPERM;
	default:		return -EIO;
	}
}

int l2ra_nl_open(struct l2ra_nl *n, int rcvbuf)
{
	int one = 1, e;

	memset(n, 0, sizeof(*n));
	n->sk = nl_socket_alloc();
	if (!n->sk) {
		snprintf(n->extack, sizeof(n->extack), "out of memory");
		return -ENOMEM;
	}
	e = genl_connect(n->sk);
	if (e < 0) {
		snprintf(n->extack, sizeof(n->extack),
			 "cannot open generic netlink socket: %s",
			 nl_geterror(e));
		nl_socket_free(n->sk);
		n->sk = NULL;
		return l2ra_nl_errno(e);
	}
	/*
	 * One read per datagram into a buffer larger than any the kernel
	 * sends us (a dump's are at most 32 KiB; a larger one fails with
	 * NLE_MSG_TRUNC, never silently): peeking would read each twice.
	 * The kernel sizes a dump's datagrams by the largest read it has
	 * seen, so a large buffer also means fewer, fuller datagrams.
	 */
	nl_socket_disable_msg_peek(n->sk);
	nl_socket_set_msg_buf_size(n->sk, L2RA_NL_RECV_BUF);
	/*
	 * libnl's own check expects one answer per sequence number; a batch
	 * takes many numbers and has fewer answers, after which every
	 * genl_ctrl_resolve() on this socket would fail with a sequence
	 * mismatch.  Our requests check their numbers themselves (req_msg,
	 * batch_seq).
	 */
	nl_socket_disable_seq_check(n->sk);
	/* Best effort: old kernels lack them and still work. */
	setsockopt(nl_socket_get_fd(n->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(n->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	if (rcvbuf > 0 &&
	    setsockopt(nl_socket_get_fd(n->sk), SOL_SOCKET, SO_RCVBUFFORCE,
		       &rcvbuf, sizeof(rcvbuf)))
		nl_socket_set_buffer_size(n->sk, rcvbuf, 0);
	return 0;
}

void l2ra_nl_close(struct l2ra_nl *n)
{
	if (n->sk)
		nl_socket_free(n->sk);
	n->sk = NULL;
	n->family = 0;
}

int l2ra_nl_resolve(struct l2ra_nl *n)
{
	int fam = genl_ctrl_resolve(n->sk, L2RA_GENL_NAME);

	n->extack[0] = '\0';
	if (fam == -NLE_OBJ_NOTFOUND) {
		snprintf(n->extack, sizeof(n->extack),
			 "generic netlink family \"%s\" not found",
			 L2RA_GENL_NAME);
		return -ENOENT;
	}
	if (fam < 0) {
		snprintf(n->extack, sizeof(n->extack),
			 "cannot resolve generic netlink family \"%s\": %s",
			 L2RA_GENL_NAME, nl_geterror(fam));
		return l2ra_nl_errno(fam);
	}
	n->family = fam;
	return 0;
}

struct nl_msg *l2ra_nl_msg(const struct l2ra_nl *n, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, n->family, 0,
				flags, cmd, L2RA_GENL_VERSION)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

/* libnl hands the error callback nlmsg_data() of the NLMSG_ERROR. */
static const struct nlmsghdr *err_hdr(const struct nlmsgerr *e)
{
	return (const void *)((const char *)e - NLMSG_HDRLEN);
}

static void copy_msg(char *dst, const char *src)
{
	snprintf(dst, L2RA_NL_MSGLEN, "%s", src ? src : "");
}

/* ---- one request ---- */

struct req {
	struct l2ra_nl *n;
	l2ra_nl_reply_fn fn;
	void *arg;
	uint32_t seq;
	int err;
	bool done, intr;
};

/* One message of the answer to @r. */
static void req_msg(struct req *r, struct nlmsghdr *h)
{
	const struct nlmsgerr *e;

	/*
	 * Only our request's answers count: a batch or a request aborted
	 * half-way may have left messages behind on the socket.
	 */
	if (h->nlmsg_seq != r->seq)
		return;
	switch (h->nlmsg_type) {
	case NLMSG_NOOP:
	case NLMSG_OVERRUN:
		return;
	case NLMSG_ERROR:
		e = nlmsg_data(h);
		r->done = true;
		if (h->nlmsg_len < NLMSG_HDRLEN + sizeof(*e)) {
			snprintf(r->n->extack, sizeof(r->n->extack),
				 "truncated error message from the kernel");
			r->err = -EPROTO;
		} else if (e->error) {
			copy_msg(r->n->extack, extack_msg(h));
			r->err = e->error < 0 ? e->error : -EPROTO;
		} else {
			copy_msg(r->n->warning, extack_msg(h));
		}
		return;
	case NLMSG_DONE:
		/* A dump that failed half-way ends in NLMSG_DONE with an errno. */
		r->err = extack_error(h);
		if (r->err)
			copy_msg(r->n->extack, extack_msg(h));
		r->done = true;
		return;
	}
	if (h->nlmsg_flags & NLM_F_DUMP_INTR)
		r->intr = true;		/* read the dump to its end, then say so */
	if (r->fn) {
		int e2 = r->fn(h, r->arg);

		if (e2 < 0) {
			r->err = e2;
			r->done = true;
		}
	}
}

/*
 * The answer is read a datagram at a time and its messages walked in
 * place: libnl's nl_recvmsgs() copies every message into an nl_msg of its
 * own first, which costs a dump of many leases ten times what the kernel
 * spends on it.
 */
static int req_wait(struct req *r)
{
	while (!r->done) {
		struct sockaddr_nl nla;
		unsigned char *buf = NULL;
		struct nlmsghdr *h;
		int len = nl_recv(r->n->sk, &nla, &buf, NULL);

		if (len < 0) {
			snprintf(r->n->extack, sizeof(r->n->extack),
				 "cannot receive the reply: %s",
				 nl_geterror(len));
			free(buf);
			return l2ra_nl_errno(len);
		}
		for (h = (struct nlmsghdr *)buf; !r->done && nlmsg_ok(h, len);
		     h = nlmsg_next(h, &len))
			req_msg(r, h);
		free(buf);
	}
	return 0;
}

int l2ra_nl_request(struct l2ra_nl *n, struct nl_msg *msg,
		    l2ra_nl_reply_fn fn, void *arg)
{
	struct req r = { .n = n, .fn = fn, .arg = arg };
	int e;

	n->extack[0] = n->warning[0] = '\0';
	e = nl_send_auto(n->sk, msg);
	r.seq = nlmsg_hdr(msg)->nlmsg_seq;	/* nl_send_auto() set it */
	nlmsg_free(msg);
	if (e < 0) {
		snprintf(n->extack, sizeof(n->extack),
			 "cannot send the request: %s", nl_geterror(e));
		return l2ra_nl_errno(e);
	}
	e = req_wait(&r);
	if (e)
		return e;
	if (!r.err && r.intr) {
		snprintf(n->extack, sizeof(n->extack),
			 "dump interrupted: the table changed while it was read");
		return -EINTR;
	}
	return r.err;
}

/* ---- batches ---- */

/* Room for one request: nla_put() fails past it (-EMSGSIZE). */
#define L2RA_NL_MSG_MAX	1024

struct slot {
	int err;
	char msg[L2RA_NL_MSGLEN];
};

struct batch {
	struct l2ra_nl *n;
	uint8_t cmd;
	l2ra_nl_fill_fn fill;
	void *arg;
	unsigned char *buf;
	size_t len, last_off;
	uint32_t first;		/* sequence number of slot 0 */
	uint32_t last;		/* of the last request sent */
	size_t nslots;		/* slots used: requests sent or refused here */
	bool any;		/* a request is in the buffer */
	bool done;		/* the last one is answered */
	int err;		/* a reply we cannot read */
	struct slot slots[L2RA_NL_BATCH_MSGS];
};

static int batch_seq(struct nl_msg *msg, void *arg)
{
	struct batch *b = arg;
	uint32_t k = nlmsg_hdr(msg)->nlmsg_seq - b->first;

	return k < b->nslots ? NL_OK : NL_SKIP;
}

static int batch_error(struct sockaddr_nl *nla, struct nlmsgerr *e,
		       void *arg)
{
	struct batch *b = arg;
	const struct nlmsghdr *h = err_hdr(e);
	uint32_t k = h->nlmsg_seq - b->first;
	struct slot *s;

	(void)nla;
	if (k >= b->nslots)
		return NL_SKIP;
	s = &b->slots[k];
	s->err = e->error < 0 ? e->error : -EPROTO;
	copy_msg(s->msg, extack_msg(h));
	if (h->nlmsg_seq != b->last)
		return NL_SKIP;
	b->done = true;
	return NL_STOP;
}

static int batch_ack(struct nl_msg *msg, void *arg)
{
	struct batch *b = arg;

	if (nlmsg_hdr(msg)->nlmsg_seq != b->last)
		return NL_OK;
	b->done = true;
	return NL_STOP;
}

static int batch_other(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_SKIP;		/* requests of a batch have no replies */
}

static int batch_invalid(struct nl_msg *msg, void *arg)
{
	struct batch *b = arg;

	(void)msg;
	snprintf(b->n->extack, sizeof(b->n->extack),
		 "invalid netlink message from the kernel");
	b->err = -EPROTO;
	return NL_STOP;
}

/*
 * Request @i with its headers and attributes, written at @p (at most
 * @room octets); its aligned length in *@len.  0; -ENOSPC if it did not
 * fit in @room; or the error for the request's slot.
 */
static int build(struct batch *b, unsigned char *p, size_t room, size_t i,
		 uint32_t seq, size_t *len)
{
	struct l2ra_nl_req w = { .p = p, .len = NLMSG_HDRLEN + GENL_HDRLEN,
				 .room = room };
	struct nlmsghdr *h = (struct nlmsghdr *)p;
	struct genlmsghdr *g = (struct genlmsghdr *)(p + NLMSG_HDRLEN);
	int e;

	if (room < w.len)
		return -ENOSPC;
	h->nlmsg_type = (uint16_t)b->n->family;
	h->nlmsg_flags = NLM_F_REQUEST;
	h->nlmsg_seq = seq;
	h->nlmsg_pid = 0;
	g->cmd = b->cmd;
	g->version = L2RA_GENL_VERSION;
	g->reserved = 0;
	e = b->fill(&w, i, b->arg);
	if (e)
		return e;
	if (w.full)
		return -ENOSPC;
	h->nlmsg_len = (uint32_t)w.len;
	*len = NLMSG_ALIGN(w.len);
	memset(p + w.len, 0, *len - w.len);
	return 0;
}

/* Discard what is queued: the rest of an overrun batch's answers. */
static void drain(struct l2ra_nl *n)
{
	char buf[8192];

	for (;;) {
		ssize_t r = recv(nl_socket_get_fd(n->sk), buf, sizeof(buf),
				 MSG_DONTWAIT);

		if (r < 0 && (errno == EINTR || errno == ENOBUFS))
			continue;
		if (r <= 0)
			return;
	}
}

/*
 * The error reports did not fit in the receive buffer: the kernel dropped
 * some.  Send each request of the batch again with its own ACK.
 */
static int batch_one_by_one(struct batch *b, size_t first_i)
{
	static unsigned char one[L2RA_NL_MSG_MAX];

	drain(b->n);
	for (size_t k = 0; k < b->nslots; k++) {
		struct slot *s = &b->slots[k];
		struct nl_msg *msg;
		size_t len;

		s->msg[0] = '\0';
		/* NL_AUTO_SEQ: l2ra_nl_request() numbers it. */
		s->err = build(b, one, sizeof(one), first_i + k, NL_AUTO_SEQ,
			       &len);
		if (s->err == -ENOSPC)
			s->err = -EMSGSIZE;
		if (s->err)
			continue;
		msg = nlmsg_convert((struct nlmsghdr *)one);
		if (!msg) {
			s->err = -ENOMEM;
			continue;
		}
		s->err = l2ra_nl_request(b->n, msg, NULL, NULL);
		if (s->err == -EIO || s->err == -ENOBUFS || s->err == -EPROTO)
			return s->err;	/* the socket, not the request */
		copy_msg(s->msg, b->n->extack);
	}
	return 0;
}

/* Send the buffer and read its answers. */
static int batch_send(struct batch *b, struct nl_cb *cb, size_t first_i)
{
	struct nlmsghdr *h;
	int e;

	if (!b->any)
		return 0;
	h = (struct nlmsghdr *)(b->buf + b->last_off);
	h->nlmsg_flags |= NLM_F_ACK;
	b->last = h->nlmsg_seq;
	b->done = false;
	b->err = 0;
	e = nl_sendto(b->n->sk, b->buf, b->len);
	if (e < 0) {
		snprintf(b->n->extack, sizeof(b->n->extack),
			 "cannot send %zu requests: %s", b->nslots,
			 nl_geterror(e));
		return l2ra_nl_errno(e);
	}
	while (!b->done) {
		e = nl_recvmsgs(b->n->sk, cb);
		if (b->err)
			return b->err;
		if (b->done)
			break;
		if (e == -NLE_NOMEM)
			return batch_one_by_one(b, first_i);
		if (e < 0) {
			snprintf(b->n->extack, sizeof(b->n->extack),
				 "cannot receive the answers: %s",
				 nl_geterror(e));
			return l2ra_nl_errno(e);
		}
	}
	return 0;
}

int l2ra_nl_batch(struct l2ra_nl *n, uint8_t cmd, size_t count,
		  l2ra_nl_fill_fn fill, l2ra_nl_result_fn result, void *arg)
{
	struct batch *b = calloc(1, sizeof(*b));
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	size_t i = 0, first_i = 0;
	int e = 0;

	n->extack[0] = '\0';
	if (!b || !cb || !(b->buf = malloc(L2RA_NL_BATCH_BYTES))) {
		snprintf(n->extack, sizeof(n->extack), "out of memory");
		e = -ENOMEM;
		goto out;
	}
	b->n = n;
	b->cmd = cmd;
	b->fill = fill;
	b->arg = arg;
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, batch_seq, b);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, batch_ack, b);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, batch_other, b);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, batch_other, b);
	nl_cb_set(cb, NL_CB_INVALID, NL_CB_CUSTOM, batch_invalid, b);
	nl_cb_err(cb, NL_CB_CUSTOM, batch_error, b);

	while (first_i < count) {
		if (i < count && b->nslots < L2RA_NL_BATCH_MSGS) {
			struct slot *s = &b->slots[b->nslots];
			uint32_t seq = nl_socket_use_seq(n->sk);
			size_t room = L2RA_NL_BATCH_BYTES - b->len, len = 0;

			if (room > L2RA_NL_MSG_MAX)
				room = L2RA_NL_MSG_MAX;
			if (!b->nslots)
				b->first = seq;
			s->msg[0] = '\0';
			s->err = build(b, b->buf + b->len, room, i, seq, &len);
			/* Too large for any batch: refused here. */
			if (s->err == -ENOSPC && room == L2RA_NL_MSG_MAX)
				s->err = -EMSGSIZE;
			if (s->err != -ENOSPC) {
				if (!s->err) {
					b->last_off = b->len;
					b->len += len;
					b->any = true;
				}
				b->nslots++;
				i++;
				continue;
			}
			/* Full: this one opens the next batch. */
		}
		e = batch_send(b, cb, first_i);
		if (e)
			goto out;
		for (size_t k = 0; k < b->nslots; k++)
			result(first_i + k, b->slots[k].err, b->slots[k].msg,
			       arg);
		first_i += b->nslots;
		i = first_i;
		b->nslots = 0;
		b->len = 0;
		b->any = false;
	}
out:
	if (cb)
		nl_cb_put(cb);
	if (b)
		free(b->buf);
	free(b);
	return e;
}
