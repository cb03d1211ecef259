// SPDX-License-Identifier: GPL-2.0
/*
 * One Bulk Leasequery TCP connection (see blq_conn.h).  Every failure ends
 * in down(): the socket is closed first, then the owner is told once.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "blq_conn.h"

int blq_conn_init(struct blq_conn *c, size_t max_msg,
		  unsigned int conn_timeout_ms, unsigned int data_timeout_ms,
		  struct blq_conn_stats *stats, blq_conn_cb cb, void *arg)
{
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	if (!max_msg || max_msg > BLQ_FRAME_MAX || !conn_timeout_ms ||
	    !data_timeout_ms || !stats || !cb)
		return -EINVAL;
	c->rbuf = malloc(max_msg);
	if (!c->rbuf)
		return -ENOMEM;
	blq_framer_init(&c->fr, c->rbuf, max_msg, max_msg);
	c->conn_timeout_ms = conn_timeout_ms;
	c->data_timeout_ms = data_timeout_ms;
	c->stats = stats;
	c->cb = cb;
	c->arg = arg;
	return 0;
}

void blq_conn_close(struct blq_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->state = BLQ_CONN_IDLE;
	c->out_len = c->out_off = 0;
	c->gen++;
	blq_framer_reset(&c->fr);
}

void blq_conn_destroy(struct blq_conn *c)
{
	blq_conn_close(c);
	free(c->out);
	free(c->rbuf);
	c->out = c->rbuf = NULL;
}

static void down(struct blq_conn *c, enum blq_conn_fail fail,
		 const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void down(struct blq_conn *c, enum blq_conn_fail fail,
		 const char *fmt, ...)
{
	struct blq_conn_ev ev = { .type = BLQ_CONN_EV_DOWN, .fail = fail };
	char text[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	ev.text = text;
	blq_conn_close(c);
	c->cb(c->arg, c, &ev);
}

static void up(struct blq_conn *c, int64_t now)
{
	struct blq_conn_ev ev = { .type = BLQ_CONN_EV_UP };

	c->state = BLQ_CONN_OPEN;
	c->when = now + c->data_timeout_ms;
	c->stats->connected++;
	c->cb(c->arg, c, &ev);
}

void blq_conn_open(struct blq_conn *c, const struct sockaddr *sa,
		   socklen_t len, int64_t now)
{
	int fd;

	blq_conn_close(c);
	c->stats->connects++;
	fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    0);
	if (fd < 0) {
		down(c, BLQ_CONN_REFUSED, "socket: %s", strerror(errno));
		return;
	}
	c->fd = fd;
	if (!connect(fd, sa, len)) {
		up(c, now);
		return;
	}
	if (errno == EINPROGRESS) {
		c->state = BLQ_CONN_CONNECTING;
		c->when = now + c->conn_timeout_ms;
		return;
	}
	down(c, BLQ_CONN_REFUSED, "connect: %s", strerror(errno));
}

int blq_conn_send(struct blq_conn *c, const uint8_t *msg, size_t len,
		  int64_t now)
{
	size_t need, used;

	if (c->state != BLQ_CONN_OPEN)
		return -ENOTCONN;
	if (!len || len > BLQ_FRAME_MAX)
		return -EINVAL;
	/* Reclaim what was written before growing. */
	if (c->out_off == c->out_len) {
		c->out_off = c->out_len = 0;
		c->when = now + c->data_timeout_ms;
	}
	need = c->out_len + BLQ_FRAME_HDR_LEN + len;
	if (need > c->out_cap) {
		uint8_t *p = realloc(c->out, need);

		if (!p)
			return -ENOMEM;
		c->out = p;
		c->out_cap = need;
	}
	if (blq_frame_encode(c->out + c->out_len, need - c->out_len, msg, len,
			     &used))
		return -EINVAL;
	c->out_len += used;
	return 0;
}

bool blq_conn_pollfd(const struct blq_conn *c, struct pollfd *pfd)
{
	pfd->fd = c->fd;
	pfd->revents = 0;
	if (c->fd < 0) {
		pfd->events = 0;
		return false;
	}
	if (c->state == BLQ_CONN_CONNECTING)
		pfd->events = POLLOUT;
	else if (c->out_off < c->out_len)
		pfd->events = POLLIN | POLLOUT;
	else
		pfd->events = POLLIN;
	return true;
}

int64_t blq_conn_deadline(const struct blq_conn *c)
{
	return c->state == BLQ_CONN_IDLE ? -1 : c->when;
}

void blq_conn_timer(struct blq_conn *c, int64_t now)
{
	if (c->state == BLQ_CONN_IDLE || now < c->when)
		return;
	if (c->state == BLQ_CONN_CONNECTING)
		down(c, BLQ_CONN_TIMEOUT, "connect timeout after %u ms",
		     c->conn_timeout_ms);
	else
		/* RFC 5460 / RFC 6926: BULK_LQ_DATA_TIMEOUT, either way. */
		down(c, BLQ_CONN_TIMEOUT, "no complete message for %u ms",
		     c->data_timeout_ms);
}

static const char *closed_why(int err)
{
	if (err == ECONNRESET)
		return "connection reset";
	if (err == EPIPE)
		return "connection closed while sending";
	return strerror(err);
}

/* False when the connection went down. */
static bool do_write(struct blq_conn *c, int64_t now)
{
	while (c->out_off < c->out_len) {
		ssize_t n = send(c->fd, c->out + c->out_off,
				 c->out_len - c->out_off, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK ||
			    errno == EINTR)
				return true;
			down(c, BLQ_CONN_CLOSED, "%s", closed_why(errno));
			return false;
		}
		c->out_off += (size_t)n;
		c->stats->bytes_out += (uint64_t)n;
	}
	/* Everything queued is out: that is a complete message written. */
	c->when = now + c->data_timeout_ms;
	return true;
}

/* Hand over each whole message of @len octets read; false when closed. */
static bool consume(struct blq_conn *c, const uint8_t *p, size_t len,
		    int64_t now)
{
	unsigned int gen = c->gen;

	while (len) {
		struct blq_conn_ev ev = { .type = BLQ_CONN_EV_MSG,
					  .now = now };
		const uint8_t *msg;
		size_t used, mlen;
		enum blq_err err;

		err = blq_framer_feed(&c->fr, p, len, &used, &msg, &mlen);
		if (err) {
			down(c, BLQ_CONN_FRAMING, "framing: %s",
			     blq_strerror(err));
			return false;
		}
		p += used;
		len -= used;
		if (!msg)
			continue;
		c->stats->messages++;
		c->when = now + c->data_timeout_ms;
		ev.msg = msg;
		ev.len = mlen;
		c->cb(c->arg, c, &ev);
		if (c->gen != gen)
			return false;	/* closed (and perhaps reopened) */
	}
	return true;
}

/*
 * Bounded per call, so that one fast server cannot starve the others in
 * the same poll loop.
 */
#define READS_PER_CALL	16

static void do_read(struct blq_conn *c, int64_t now)
{
	unsigned int i;

	for (i = 0; i < READS_PER_CALL; i++) {
		ssize_t n = recv(c->fd, c->chunk, sizeof(c->chunk), 0);

		if (n > 0) {
			c->stats->bytes_in += (uint64_t)n;
			if (!consume(c, c->chunk, (size_t)n, now))
				return;
			continue;
		}
		if (n == 0) {
			down(c, BLQ_CONN_CLOSED, "%s",
			     blq_framer_idle(&c->fr) ?
			     "closed by the server" :
			     "closed by the server inside a message");
			return;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return;
		down(c, BLQ_CONN_CLOSED, "%s", closed_why(errno));
		return;
	}
}

void blq_conn_io(struct blq_conn *c, short revents, int64_t now)
{
	unsigned int gen = c->gen;

	if (c->state == BLQ_CONN_CONNECTING) {
		socklen_t len = sizeof(int);
		int err = 0;

		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len))
			err = errno;
		if (!err && (revents & (POLLERR | POLLHUP)))
			err = ECONNREFUSED;
		if (err) {
			down(c, err == ETIMEDOUT ? BLQ_CONN_TIMEOUT :
			     BLQ_CONN_REFUSED, "connect: %s", strerror(err));
			return;
		}
		if (!(revents & POLLOUT))
			return;
		up(c, now);
		if (c->gen != gen || c->state != BLQ_CONN_OPEN)
			return;
		revents = POLLOUT;
	}
	if (c->state != BLQ_CONN_OPEN)
		return;
	if ((revents & POLLOUT) && c->out_off < c->out_len &&
	    !do_write(c, now))
		return;
	if (revents & (POLLIN | POLLHUP | POLLERR))
		do_read(c, now);
}
