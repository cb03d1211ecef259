// SPDX-License-Identifier: GPL-2.0
/*
 * One Bulk Leasequery connection: a non-blocking TCP connect, the queries
 * written back to back, and the reply stream framed, decoded and matched
 * to its queries by transaction id.  Whatever goes wrong is handed to
 * blq_conn_failed() (blq_client.c), which owns the retry policy.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "blq_conn.h"

/*
 * Ids need to be unpredictable to an off-path sender and unique per
 * connection, not cryptographic.  GRND_NONBLOCK: early in boot, before the
 * pool is ready, l2rad must not stall on it; fall back to a mixed clock.
 */
static uint32_t random_u32(void)
{
	static uint64_t state;
	struct timespec ts;
	uint32_t v;

	if (getrandom(&v, sizeof(v), GRND_NONBLOCK) == (ssize_t)sizeof(v))
		return v;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	state += (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 32) ^
		 (uint64_t)getpid() ^ 0x9e3779b97f4a7c15ull;
	/* splitmix64 */
	v = (uint32_t)((state ^ (state >> 31)) * 0xbf58476d1ce4e5b9ull >> 32);
	return v;
}

static bool xid_taken(const struct blq_server *s, uint32_t xid)
{
	size_t i;

	for (i = 0; i < s->nq; i++)
		if (s->q[i]->gen == s->gen && s->q[i]->xid == xid)
			return true;
	return false;
}

static void set_xid(struct blq_query *q, uint32_t xid)
{
	uint8_t *p = q->wire + q->xid_off;

	q->xid = xid;
	if (q->server->proto == BLQ_PROTO_V4) {
		p[0] = (uint8_t)(xid >> 24);
		p[1] = (uint8_t)(xid >> 16);
		p[2] = (uint8_t)(xid >> 8);
		p[3] = (uint8_t)xid;
	} else {
		p[0] = (uint8_t)(xid >> 16);
		p[1] = (uint8_t)(xid >> 8);
		p[2] = (uint8_t)xid;
	}
}

/* Give every unfinished query a fresh id and queue it for sending. */
static int queue_queries(struct blq_server *s)
{
	uint32_t mask = s->proto == BLQ_PROTO_V4 ? UINT32_MAX : BLQ6_XID_MAX;
	size_t i, total = 0, off = 0;
	uint8_t *out;

	for (i = 0; i < s->nq; i++) {
		s->q[i]->active = false;
		if (!s->q[i]->final)
			total += s->q[i]->wire_len;
	}
	out = realloc(s->out, total);
	if (!out)
		return -ENOMEM;
	s->out = out;
	for (i = 0; i < s->nq; i++) {
		struct blq_query *q = s->q[i];
		uint32_t xid;

		if (q->final)
			continue;
		/* Fresh per connection: late data of an old one can't match. */
		do
			xid = random_u32() & mask;
		while (xid_taken(s, xid));
		set_xid(q, xid);
		q->gen = s->gen;
		q->active = true;
		q->got_reply = false;
		q->empty_reply = false;
		q->conn_bindings = 0;
		q->res.attempts++;
		memcpy(out + off, q->wire, q->wire_len);
		off += q->wire_len;
	}
	s->out_len = total;
	s->out_off = 0;
	return 0;
}

void blq_conn_close(struct blq_server *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	s->out_len = s->out_off = 0;
	s->last = NULL;
	blq_framer_reset(&s->fr);
}

/* Every query has its outcome: nothing more to read. */
static void conn_finished(struct blq_server *s)
{
	blq_conn_close(s);
	s->state = BLQ_CS_FINISHED;
	blq_event(s, BLQ_EV_CLOSED, "all queries finished");
}

static void connected(struct blq_server *s, int64_t now)
{
	s->state = BLQ_CS_OPEN;
	s->when = now + s->client->p.data_timeout_ms;
	s->stats.connected++;
	blq_event(s, BLQ_EV_CONNECTED, "%s", "");
}

void blq_conn_start(struct blq_server *s, int64_t now)
{
	char why[96];
	int fd;

	s->progress = false;
	s->gen++;
	s->last = NULL;
	blq_framer_reset(&s->fr);
	s->stats.connects++;
	blq_event(s, BLQ_EV_CONNECTING, "%s", "");
	if (queue_queries(s)) {
		blq_conn_failed(s, BLQ_OUT_CONNECT, "out of memory", now);
		return;
	}
	fd = socket(s->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(why, sizeof(why), "socket: %s", strerror(errno));
		blq_conn_failed(s, BLQ_OUT_CONNECT, why, now);
		return;
	}
	s->fd = fd;
	if (!connect(fd, (const struct sockaddr *)&s->addr, s->addr_len)) {
		connected(s, now);
		return;
	}
	if (errno == EINPROGRESS) {
		s->state = BLQ_CS_CONNECTING;
		s->when = now + s->client->p.conn_timeout_ms;
		return;
	}
	snprintf(why, sizeof(why), "connect: %s", strerror(errno));
	blq_conn_failed(s, BLQ_OUT_CONNECT, why, now);
}

void blq_conn_timer(struct blq_server *s, int64_t now)
{
	char why[96];

	if (now < s->when)
		return;
	if (s->state == BLQ_CS_CONNECTING) {
		snprintf(why, sizeof(why), "connect timeout after %u ms",
			 s->client->p.conn_timeout_ms);
		blq_conn_failed(s, BLQ_OUT_TIMEOUT, why, now);
	} else if (s->state == BLQ_CS_OPEN) {
		/* RFC 5460 / RFC 6926: BULK_LQ_DATA_TIMEOUT, either way. */
		snprintf(why, sizeof(why), "no data for %u ms",
			 s->client->p.data_timeout_ms);
		blq_conn_failed(s, BLQ_OUT_TIMEOUT, why, now);
	}
}

/*
 * The query that @xid names on this connection, active or already
 * finished on it; ids of earlier connections are stale.
 */
static struct blq_query *find_query(struct blq_server *s, uint32_t xid)
{
	size_t i;

	if (s->last && s->last->xid == xid && s->last->gen == s->gen)
		return s->last;
	for (i = 0; i < s->nq; i++) {
		struct blq_query *q = s->q[i];

		if (q->xid == xid && q->gen == s->gen) {
			s->last = q;
			return q;
		}
	}
	return NULL;
}

/* The server broke the protocol: the stream cannot be trusted further. */
static void protocol_error(struct blq_server *s, int64_t now,
			   const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void protocol_error(struct blq_server *s, int64_t now,
			   const char *fmt, ...)
{
	char why[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	blq_conn_failed(s, BLQ_OUT_PROTOCOL, why, now);
}

/*
 * An option inside the message is bad, but the message itself is a
 * well-formed reply to one of our queries: skip it rather than lose the
 * whole restore to one odd record.
 */
static bool content_error(enum blq_err err)
{
	switch (err) {
	case BLQ_ERR_TRUNCATED:
	case BLQ_ERR_NO_END:
	case BLQ_ERR_BADLEN:
	case BLQ_ERR_OVERLOAD:
	case BLQ_ERR_DUP:
	case BLQ_ERR_TOO_LONG:
	case BLQ_ERR_RAI:
	case BLQ_ERR_RELAY:
		return true;
	default:
		return false;
	}
}

/*
 * Hand one binding over, unless the query is over its limit.  False when
 * the connection is gone.
 */
static bool deliver(struct blq_server *s, struct blq_query *q,
		    const struct blq_binding *b, int64_t now)
{
	struct blq_client *c = s->client;
	char why[96];

	if (c->p.max_bindings && q->conn_bindings >= c->p.max_bindings) {
		snprintf(why, sizeof(why), "more than %" PRIu64 " bindings",
			 c->p.max_bindings);
		blq_query_finish(q, BLQ_OUT_TOO_MANY, 0, why);
		/* The rest of its stream would still have to be read. */
		snprintf(why, sizeof(why),
			 "closed: query %zu exceeded max_bindings", q->index);
		if (s->unfinished)
			blq_conn_failed(s, BLQ_OUT_CLOSED, why, now);
		else
			conn_finished(s);
		return false;
	}
	q->conn_bindings++;
	s->stats.bindings++;
	c->ops.on_binding(c->arg, s, q, b);
	return true;
}

static void status_text(char *buf, size_t size, const uint8_t *p, size_t n)
{
	size_t i;

	if (n >= size)
		n = size - 1;
	/* Servers' text goes into logs: keep it printable. */
	for (i = 0; i < n; i++)
		buf[i] = (p[i] >= 0x20 && p[i] < 0x7f) ? (char)p[i] : '?';
	buf[n] = '\0';
}

/* Finish @q from a message; false when the connection is gone. */
static bool finish(struct blq_server *s, struct blq_query *q,
		   enum blq_outcome o, uint16_t code, const char *text)
{
	blq_query_finish(q, o, code, text);
	if (!s->unfinished) {
		conn_finished(s);
		return false;
	}
	return true;
}

static bool dispatch4(struct blq_server *s, const uint8_t *msg, size_t len,
		      int64_t now)
{
	struct blq4_binding b;
	struct blq_binding bb = { .proto = BLQ_PROTO_V4, .v4 = &b };
	struct blq_query *q;
	enum blq_err err;
	char text[BLQ4_STATUS_TEXT_MAX + 1];

	err = blq4_decode(msg, len, &b);
	if (err == BLQ_ERR_SHORT) {
		protocol_error(s, now, "message of %zu octets", len);
		return false;
	}
	q = find_query(s, b.xid);
	if (!q || !q->active) {
		/* RFC 6926: a reply we did not ask for ends the stream. */
		protocol_error(s, now, "message for %s xid 0x%08x",
			       q ? "finished" : "unknown", b.xid);
		return false;
	}
	if (err) {
		if (content_error(err) &&
		    b.msg_type != BLQ4_MSG_LEASEQUERYDONE) {
			s->stats.malformed++;
			return true;
		}
		protocol_error(s, now, "bad message: %s", blq_strerror(err));
		return false;
	}
	if (b.msg_type != BLQ4_MSG_LEASEQUERYDONE)
		return deliver(s, q, &bb, now);
	if (b.status_code != BLQ4_STATUS_SUCCESS) {
		status_text(text, sizeof(text), (const uint8_t *)b.status_text,
			    b.status_text_len);
		return finish(s, q, BLQ_OUT_STATUS, b.status_code, text);
	}
	return finish(s, q, BLQ_OUT_DONE, 0, "");
}

static bool dispatch6(struct blq_server *s, const uint8_t *msg, size_t len,
		      int64_t now)
{
	struct blq6_msg m;
	struct blq_binding bb = { .proto = BLQ_PROTO_V6, .v6 = &m };
	struct blq_query *q;
	enum blq_err err;
	char text[128];

	err = blq6_decode(msg, len, &m);
	if (err == BLQ_ERR_SHORT) {
		protocol_error(s, now, "message of %zu octets", len);
		return false;
	}
	q = find_query(s, m.xid);
	if (q && !q->active && q->empty_reply &&
	    m.msg_type == BLQ6_MSG_LEASEQUERY_DONE && !err) {
		/*
		 * "No bindings" came as a REPLY without CLIENT_DATA, which
		 * ends the query (Kea stops there); a server that still
		 * sends the DONE is right too.
		 */
		q->empty_reply = false;
		return true;
	}
	if (!q || !q->active) {
		protocol_error(s, now, "message for %s xid 0x%06x",
			       q ? "finished" : "unknown", m.xid);
		return false;
	}
	if (err == BLQ_ERR_NO_CLIENT_DATA) {
		/* RFC 5460: a DATA without CLIENT_DATA is discarded. */
		s->stats.discarded++;
		return true;
	}
	if (err) {
		if (content_error(err) &&
		    m.msg_type != BLQ6_MSG_LEASEQUERY_DONE) {
			if (m.msg_type == BLQ6_MSG_LEASEQUERY_REPLY)
				q->got_reply = true;
			s->stats.malformed++;
			return true;
		}
		protocol_error(s, now, "bad message: %s", blq_strerror(err));
		return false;
	}
	if (m.has_status && m.status_code != BLQ6_STATUS_SUCCESS) {
		status_text(text, sizeof(text), m.status_msg.ptr,
			    m.status_msg.ptr ? m.status_msg.len : 0);
		return finish(s, q, BLQ_OUT_STATUS, m.status_code, text);
	}
	switch (m.msg_type) {
	case BLQ6_MSG_LEASEQUERY_REPLY:
		/* RFC 5460: exactly one REPLY opens each query's answer. */
		if (q->got_reply) {
			protocol_error(s, now, "second LEASEQUERY-REPLY");
			return false;
		}
		q->got_reply = true;
		if (m.has_client_data)
			return deliver(s, q, &bb, now);
		q->empty_reply = true;
		return finish(s, q, BLQ_OUT_DONE, 0, "no bindings");
	case BLQ6_MSG_LEASEQUERY_DATA:
		if (!q->got_reply) {
			protocol_error(s, now, "LEASEQUERY-DATA before REPLY");
			return false;
		}
		return deliver(s, q, &bb, now);
	default:	/* DONE; blq6_decode() accepts nothing else */
		return finish(s, q, BLQ_OUT_DONE, 0, "");
	}
}

/* Feed what was read; false when the connection is gone. */
static bool consume(struct blq_server *s, const uint8_t *p, size_t len,
		    int64_t now)
{
	while (len) {
		const uint8_t *msg;
		size_t used, mlen;
		enum blq_err err;
		bool alive;

		err = blq_framer_feed(&s->fr, p, len, &used, &msg, &mlen);
		if (err) {
			protocol_error(s, now, "framing: %s",
				       blq_strerror(err));
			return false;
		}
		p += used;
		len -= used;
		if (!msg)
			continue;
		s->stats.messages++;
		if (s->proto == BLQ_PROTO_V4)
			alive = dispatch4(s, msg, mlen, now);
		else
			alive = dispatch6(s, msg, mlen, now);
		if (!alive)
			return false;
	}
	return true;
}

static const char *closed_why(int err)
{
	if (err == ECONNRESET)
		return "connection reset";
	if (err == EPIPE)
		return "connection closed while sending";
	return strerror(err);
}

static bool do_write(struct blq_server *s, int64_t now)
{
	while (s->out_off < s->out_len) {
		ssize_t n = send(s->fd, s->out + s->out_off,
				 s->out_len - s->out_off, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK ||
			    errno == EINTR)
				return true;
			blq_conn_failed(s, BLQ_OUT_CLOSED, closed_why(errno),
					now);
			return false;
		}
		s->out_off += (size_t)n;
		s->stats.bytes_out += (uint64_t)n;
		s->when = now + s->client->p.data_timeout_ms;
	}
	return true;
}

/*
 * Bounded per call, so that one fast server cannot starve the others in
 * the same poll loop.
 */
#define READS_PER_CALL	16

static void do_read(struct blq_server *s, int64_t now)
{
	struct blq_client *c = s->client;
	unsigned int i;

	for (i = 0; i < READS_PER_CALL; i++) {
		ssize_t n = recv(s->fd, c->chunk, sizeof(c->chunk), 0);

		if (n > 0) {
			s->stats.bytes_in += (uint64_t)n;
			s->when = now + c->p.data_timeout_ms;
			if (!consume(s, c->chunk, (size_t)n, now))
				return;
			continue;
		}
		if (n == 0) {
			blq_conn_failed(s, BLQ_OUT_CLOSED,
					blq_framer_idle(&s->fr) ?
					"closed by the server before DONE" :
					"closed by the server inside a message",
					now);
			return;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return;
		blq_conn_failed(s, BLQ_OUT_CLOSED, closed_why(errno), now);
		return;
	}
}

void blq_conn_io(struct blq_server *s, short revents, int64_t now)
{
	if (s->state == BLQ_CS_CONNECTING) {
		int err = 0;
		socklen_t len = sizeof(err);
		char why[96];

		if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len))
			err = errno;
		if (!err && (revents & (POLLERR | POLLHUP)))
			err = ECONNREFUSED;
		if (err) {
			snprintf(why, sizeof(why), "connect: %s",
				 strerror(err));
			blq_conn_failed(s, err == ETIMEDOUT ? BLQ_OUT_TIMEOUT :
					BLQ_OUT_CONNECT, why, now);
			return;
		}
		if (!(revents & POLLOUT))
			return;
		connected(s, now);
		revents = POLLOUT;
	}
	if (s->state != BLQ_CS_OPEN)
		return;
	if ((revents & POLLOUT) && !do_write(s, now))
		return;
	if (revents & (POLLIN | POLLHUP | POLLERR))
		do_read(s, now);
}
