// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the Bulk Leasequery requestor (lib/blq/blq_client.c,
 * lib/blq/blq_conn.c) against a scripted server on loopback: real TCP, no
 * mocked sockets.
 *
 * The server is a thread that accepts connections one after the other and
 * runs the test's script on each (it is told which connection it is, so a
 * script can fail the first and answer the retry).  Scripts read the
 * queries to learn their transaction ids, then write framed replies built
 * here by hand from RFC 2131 / RFC 6926 / RFC 5460 layouts.  The thread
 * reports problems through peer.err; cmocka asserts stay in the main
 * thread.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "../../lib/blq/blq_client.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MAXQ 4

/* ------------------------------------------------------------------ */
/* The scripted server                                                  */
/* ------------------------------------------------------------------ */

struct peer;
typedef void (*script_fn)(struct peer *p, int fd, unsigned int conn);

struct peer {
	int lfd;
	int family;
	uint16_t port;
	enum blq_proto proto;
	script_fn script;
	pthread_t th;
	atomic_bool stop;
	atomic_uint conns;
	int64_t accept_ms[16];
	/* Queries read on the current connection. */
	unsigned int nq;
	uint32_t xid[MAXQ];
	/* Across connections: how many queries each connection carried. */
	unsigned int conn_nq[16];
	/* Scripts that hold their answer: when they had the query, answered. */
	int64_t query_ms, answer_ms;
	char err[160];
};

static void peer_fail(struct peer *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void peer_fail(struct peer *p, const char *fmt, ...)
{
	va_list ap;

	if (p->err[0])
		return;
	va_start(ap, fmt);
	vsnprintf(p->err, sizeof(p->err), fmt, ap);
	va_end(ap);
}

/* Read exactly @len octets within @ms; false on EOF, error or timeout. */
static bool read_full(int fd, uint8_t *buf, size_t len, int ms)
{
	int64_t end = blq_now_ms() + ms;

	while (len) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int64_t left = end - blq_now_ms();
		ssize_t n;

		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			return false;
		n = read(fd, buf, len);
		if (n <= 0)
			return false;
		buf += n;
		len -= (size_t)n;
	}
	return true;
}

/* Read @n framed queries and keep their ids. */
static bool read_queries(struct peer *p, int fd, unsigned int n)
{
	uint8_t msg[2048];
	unsigned int i;

	p->nq = 0;
	for (i = 0; i < n; i++) {
		size_t len;

		if (!read_full(fd, msg, 2, 3000)) {
			peer_fail(p, "query %u: no length", i);
			return false;
		}
		len = (size_t)msg[0] << 8 | msg[1];
		if (!len || len > sizeof(msg) || !read_full(fd, msg, len, 3000)) {
			peer_fail(p, "query %u: bad or short body", i);
			return false;
		}
		if (p->proto == BLQ_PROTO_V4) {
			/* BOOTREQUEST, option 53 first: BULKLEASEQUERY. */
			if (len < 243 || msg[0] != 1 || msg[240] != 53 ||
			    msg[242] != BLQ4_MSG_BULKLEASEQUERY) {
				peer_fail(p, "query %u: not a v4 bulk query", i);
				return false;
			}
			p->xid[i] = (uint32_t)msg[4] << 24 |
				    (uint32_t)msg[5] << 16 |
				    (uint32_t)msg[6] << 8 | msg[7];
		} else {
			if (len < 4 || msg[0] != BLQ6_MSG_LEASEQUERY) {
				peer_fail(p, "query %u: not a LEASEQUERY", i);
				return false;
			}
			p->xid[i] = (uint32_t)msg[1] << 16 |
				    (uint32_t)msg[2] << 8 | msg[3];
		}
		p->nq++;
	}
	return true;
}

static bool send_raw(int fd, const void *buf, size_t len)
{
	return send(fd, buf, len, MSG_NOSIGNAL) == (ssize_t)len;
}

static bool send_msg(int fd, const uint8_t *msg, size_t len)
{
	uint8_t buf[2100];
	size_t n;

	if (blq_frame_encode(buf, sizeof(buf), msg, len, &n))
		return false;
	return send_raw(fd, buf, n);
}

/* Wait until the client closes (EOF or error), at most @ms. */
static bool wait_eof(int fd, int ms)
{
	int64_t end = blq_now_ms() + ms;
	uint8_t buf[512];

	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int64_t left = end - blq_now_ms();
		ssize_t n;

		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			return false;
		n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			return true;
	}
}

/* Make the close after the script send RST rather than FIN. */
static void set_rst_on_close(int fd)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
}

static void *peer_main(void *arg)
{
	struct peer *p = arg;

	while (!atomic_load(&p->stop)) {
		struct pollfd pfd = { .fd = p->lfd, .events = POLLIN };
		struct timeval tv = { .tv_sec = 3 };
		unsigned int n;
		int fd;

		if (poll(&pfd, 1, 20) <= 0)
			continue;
		fd = accept(p->lfd, NULL, NULL);
		if (fd < 0)
			continue;
		n = atomic_load(&p->conns);
		if (n < ARRAY_SIZE(p->accept_ms))
			p->accept_ms[n] = blq_now_ms();
		/* No script step may hang the test. */
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		p->nq = 0;
		p->script(p, fd, n);
		if (n < ARRAY_SIZE(p->conn_nq))
			p->conn_nq[n] = p->nq;
		atomic_fetch_add(&p->conns, 1);
		close(fd);
	}
	return NULL;
}

/* Listen on loopback (v4 127.0.0.1 or v6 ::1), port 0. */
static bool peer_start(struct peer *p, int family, enum blq_proto proto,
		       script_fn script)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int one = 1;

	memset(p, 0, sizeof(*p));
	memset(&ss, 0, sizeof(ss));
	p->family = family;
	p->proto = proto;
	p->script = script;
	p->lfd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (p->lfd < 0)
		return false;
	setsockopt(p->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (family == AF_INET) {
		struct sockaddr_in *in = (void *)&ss;

		in->sin_family = AF_INET;
		in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof(*in);
	} else {
		struct sockaddr_in6 *in6 = (void *)&ss;

		in6->sin6_family = AF_INET6;
		in6->sin6_addr = in6addr_loopback;
		len = sizeof(*in6);
	}
	if (bind(p->lfd, (struct sockaddr *)&ss, len) ||
	    listen(p->lfd, 8) ||
	    getsockname(p->lfd, (struct sockaddr *)&ss, &len)) {
		close(p->lfd);
		return false;
	}
	p->port = ntohs(family == AF_INET ?
			((struct sockaddr_in *)&ss)->sin_port :
			((struct sockaddr_in6 *)&ss)->sin6_port);
	assert_int_equal(pthread_create(&p->th, NULL, peer_main, p), 0);
	return true;
}

static void peer_stop(struct peer *p)
{
	atomic_store(&p->stop, true);
	pthread_join(p->th, NULL);
	close(p->lfd);
	if (p->err[0])
		fail_msg("peer: %s", p->err);
}

/* ------------------------------------------------------------------ */
/* Server messages                                                      */
/* ------------------------------------------------------------------ */

/*
 * A DHCPv4 reply (RFC 2131 section 2): BOOTREPLY, Ethernet, @xid, ciaddr
 * 10.0.0.@host, chaddr 02:00:00:00:00:@host, cookie, then @opts.
 */
static size_t v4_msg(uint8_t *p, uint32_t xid, uint8_t host,
		     const uint8_t *opts, size_t opts_len)
{
	memset(p, 0, 240);
	p[0] = 2;
	p[1] = 1;
	p[2] = 6;
	p[4] = (uint8_t)(xid >> 24);
	p[5] = (uint8_t)(xid >> 16);
	p[6] = (uint8_t)(xid >> 8);
	p[7] = (uint8_t)xid;
	p[12] = 10;
	p[15] = host;
	p[28] = 0x02;
	p[33] = host;
	p[236] = 99;
	p[237] = 130;
	p[238] = 83;
	p[239] = 99;
	memcpy(p + 240, opts, opts_len);
	return 240 + opts_len;
}

/* DHCPLEASEACTIVE as Kea sends it: 51 (left), 91 (CLTT), 82 with 1. */
static bool send_active(int fd, uint32_t xid, uint8_t host)
{
	const uint8_t opts[] = {
		53, 1, BLQ4_MSG_LEASEACTIVE,
		51, 4, 0, 0, 0x0e, 0x10,
		91, 4, 0, 0, 0, 60,
		82, 13, 1, 11, 'b', 'r', '0', ':', 'e', 't', 'h', '1',
		':', '1', '0',
		255,
	};
	uint8_t m[600];

	return send_msg(fd, m, v4_msg(m, xid, host, opts, sizeof(opts)));
}

/* DHCPLEASEQUERYDONE, with status-code 151 when @code or @text. */
static bool send_done4(int fd, uint32_t xid, uint8_t code, const char *text)
{
	uint8_t opts[300], m[600];
	size_t n = 0, tl = text ? strlen(text) : 0;

	opts[n++] = 53;
	opts[n++] = 1;
	opts[n++] = BLQ4_MSG_LEASEQUERYDONE;
	if (code || tl) {
		opts[n++] = 151;
		opts[n++] = (uint8_t)(1 + tl);
		opts[n++] = code;
		memcpy(opts + n, text, tl);
		n += tl;
	}
	opts[n++] = 255;
	return send_msg(fd, m, v4_msg(m, xid, 0, opts, n));
}

/*
 * DHCPv6 REPLY (15) or DATA (17): with @host, one CLIENT_DATA holding the
 * client's DUID and IAADDR 2001:db8::@host; without, no CLIENT_DATA.
 */
static bool send_v6(int fd, uint8_t type, uint32_t xid, int host)
{
	uint8_t m[128] = {
		type, (uint8_t)(xid >> 16), (uint8_t)(xid >> 8), (uint8_t)xid,
		0x00, 2, 0x00, 4, 0x00, 0x03, 0x5e, 0x5e,	/* SERVERID */
	};
	const uint8_t cd[] = {
		0x00, 45, 0x00, 36,				/* CLIENT_DATA */
		0x00, 1, 0x00, 4, 0x00, 0x04, 0xc1, 0x1e,	/* CLIENTID */
		0x00, 5, 0x00, 24,				/* IAADDR */
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0x0e, 0x10, 0, 0, 0x1c, 0x20,
	};
	size_t n = 12;

	if (host >= 0) {
		memcpy(m + n, cd, sizeof(cd));
		m[n + 16 + 15] = (uint8_t)host;
		n += sizeof(cd);
	}
	return send_msg(fd, m, n);
}

/* LEASEQUERY-DONE (16), with STATUS_CODE when @code or @text. */
static bool send_done6(int fd, uint32_t xid, uint16_t code, const char *text)
{
	uint8_t m[300] = { BLQ6_MSG_LEASEQUERY_DONE, (uint8_t)(xid >> 16),
			   (uint8_t)(xid >> 8), (uint8_t)xid };
	size_t n = 4, tl = text ? strlen(text) : 0;

	if (code || tl) {
		m[n++] = 0;
		m[n++] = 13;
		m[n++] = (uint8_t)((2 + tl) >> 8);
		m[n++] = (uint8_t)(2 + tl);
		m[n++] = (uint8_t)(code >> 8);
		m[n++] = (uint8_t)code;
		memcpy(m + n, text, tl);
		n += tl;
	}
	return send_msg(fd, m, n);
}

/* REPLY (15) with an error STATUS_CODE and no CLIENT_DATA. */
static bool send_reply6_status(int fd, uint32_t xid, uint16_t code,
			       const char *text)
{
	uint8_t m[300] = { BLQ6_MSG_LEASEQUERY_REPLY, (uint8_t)(xid >> 16),
			   (uint8_t)(xid >> 8), (uint8_t)xid, 0, 13 };
	size_t tl = strlen(text);

	m[6] = (uint8_t)((2 + tl) >> 8);
	m[7] = (uint8_t)(2 + tl);
	m[8] = (uint8_t)(code >> 8);
	m[9] = (uint8_t)code;
	memcpy(m + 10, text, tl);
	return send_msg(fd, m, 10 + tl);
}

/* ------------------------------------------------------------------ */
/* The client side                                                      */
/* ------------------------------------------------------------------ */

struct qrec {
	unsigned int nb;		/* on_binding calls */
	uint8_t hosts[64];		/* last octet of each binding's address */
	unsigned int ndone;
	struct blq_query_result res;
	int64_t done_ms;
};

struct rec {
	struct qrec q[MAXQ];
	unsigned int nev[BLQ_EV_GAVE_UP + 1];
	char closed[8][160];		/* BLQ_EV_CLOSED texts */
	char retry[8][160];		/* BLQ_EV_RETRY texts */
	bool bad;			/* a callback saw something wrong */
	unsigned int ndone_all;		/* on_query_done calls, any query */
	struct blq_query_result last_res;
};

static void on_binding(void *arg, const struct blq_server *s,
		       const struct blq_query *q, const struct blq_binding *b)
{
	struct rec *r = arg;
	struct qrec *qr = blq_query_user(q);
	uint8_t host;

	(void)r;
	if (blq_server_proto(s) != b->proto)
		r->bad = true;
	if (b->proto == BLQ_PROTO_V4) {
		if (!b->v4 || b->v4->msg_type != BLQ4_MSG_LEASEACTIVE ||
		    b->v4->xid != blq_query_xid(q))
			r->bad = true;
		host = b->v4->ciaddr[3];
	} else {
		if (!b->v6 || !b->v6->has_client_data ||
		    b->v6->xid != blq_query_xid(q))
			r->bad = true;
		host = b->v6->cd.leases[0].addr[15];
	}
	if (!qr)
		return;
	if (qr->nb < ARRAY_SIZE(qr->hosts))
		qr->hosts[qr->nb] = host;
	qr->nb++;
}

static void on_query_done(void *arg, const struct blq_server *s,
			  const struct blq_query *q,
			  const struct blq_query_result *res)
{
	struct rec *r = arg;
	struct qrec *qr = blq_query_user(q);

	if (blq_query_server(q) != s || res != blq_query_result(q))
		r->bad = true;
	r->ndone_all++;
	r->last_res = *res;
	if (!qr)
		return;
	qr->ndone++;
	qr->res = *res;
	qr->done_ms = blq_now_ms();
}

static void on_event(void *arg, const struct blq_server *s,
		     enum blq_event ev, const char *text)
{
	struct rec *r = arg;
	unsigned int n = r->nev[ev]++;

	(void)s;
	if (ev == BLQ_EV_CLOSED && n < ARRAY_SIZE(r->closed))
		snprintf(r->closed[n], sizeof(r->closed[n]), "%s", text);
	if (ev == BLQ_EV_RETRY && n < ARRAY_SIZE(r->retry))
		snprintf(r->retry[n], sizeof(r->retry[n]), "%s", text);
}

static const struct blq_client_ops ops = {
	.on_binding = on_binding,
	.on_query_done = on_query_done,
	.on_event = on_event,
};

/* Fast defaults for tests: short waits, few attempts. */
static void test_params(struct blq_client_params *p)
{
	blq_client_params_default(p);
	p->conn_timeout_ms = 2000;
	p->data_timeout_ms = 2000;
	p->retry_initial_ms = 50;
	p->retry_max_ms = 100;
	p->max_attempts = 1;
	/* The scripts read several queries before answering. */
	p->pipeline = MAXQ;
}

static const uint8_t relay_id[] = { 0, 0, 0, 7 };
static const uint8_t duid[] = { 0x00, 0x03, 0x00, 0x01, 2, 0, 0, 0, 0, 1 };

static struct blq_server *add_peer_server(struct blq_client *c,
					  const struct peer *p)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char str[64];

	snprintf(str, sizeof(str), p->family == AF_INET ? "127.0.0.1:%u" :
		 "[::1]:%u", p->port);
	assert_int_equal(blq_addr_parse(str, 0, &ss, &len), 0);
	return blq_client_add_server(c, (struct sockaddr *)&ss, len, p->proto,
				     NULL);
}

static void add_queries(struct blq_server *s, struct rec *r, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct blq_query *q;

		if (blq_server_proto(s) == BLQ_PROTO_V4) {
			struct blq4_query q4 = {
				.by = BLQ4_BY_RELAY_ID,
				.id = relay_id, .id_len = sizeof(relay_id),
			};
			q = blq_client_add_query4(s, &q4, &r->q[i]);
		} else {
			struct blq6_query q6 = {
				.type = BLQ6_QT_BY_RELAY_ID,
				.requestor_duid = duid,
				.requestor_duid_len = sizeof(duid),
				.id = duid, .id_len = sizeof(duid),
			};
			q = blq_client_add_query6(s, &q6, &r->q[i]);
		}
		assert_non_null(q);
		assert_int_equal(blq_query_index(q), i);
	}
}

/*
 * Serve @script at 127.0.0.1 (or ::1 for v6) to a client with @nq
 * queries and params @p; run it to the end.  Returns run()'s result; the
 * client stays in *@cp for inspection (caller frees).
 */
static int run_one(struct peer *peer, enum blq_proto proto, script_fn script,
		   const struct blq_client_params *p, unsigned int nq,
		   struct rec *r, struct blq_client **cp, int64_t *elapsed)
{
	struct blq_client *c;
	struct blq_server *s;
	int64_t t0;
	int ret;

	memset(r, 0, sizeof(*r));
	if (!peer_start(peer, proto == BLQ_PROTO_V4 ? AF_INET : AF_INET6,
			proto, script))
		assert_true(peer_start(peer, AF_INET, proto, script));
	c = blq_client_new(p, &ops, r);
	assert_non_null(c);
	s = add_peer_server(c, peer);
	assert_non_null(s);
	add_queries(s, r, nq);
	t0 = blq_now_ms();
	ret = blq_client_run(c, t0 + 10000);
	if (elapsed)
		*elapsed = blq_now_ms() - t0;
	peer_stop(peer);
	assert_false(r->bad);
	*cp = c;
	return ret;
}

static const struct blq_server_stats *stats0(const struct blq_client *c)
{
	return blq_server_stats(blq_client_server(c, 0));
}

/* ------------------------------------------------------------------ */
/* Tests                                                                */
/* ------------------------------------------------------------------ */

static void script_one(struct peer *p, int fd, unsigned int conn)
{
	(void)conn;
	if (!read_queries(p, fd, 1))
		return;
	if (!send_active(fd, p->xid[0], 1) || !send_active(fd, p->xid[0], 2) ||
	    !send_active(fd, p->xid[0], 3) || !send_done4(fd, p->xid[0], 0, 0))
		peer_fail(p, "send");
	wait_eof(fd, 3000);
}

static void test_v4_one_query(void **state)
{
	struct blq_client_params prm;
	struct blq_client *c;
	struct peer peer;
	struct rec r;
	const struct blq_server_stats *st;

	(void)state;
	test_params(&prm);
	assert_int_equal(run_one(&peer, BLQ_PROTO_V4, script_one, &prm, 1, &r,
				 &c, NULL), 0);
	assert_int_equal(r.q[0].ndone, 1);
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_DONE);
	assert_int_equal(r.q[0].res.bindings, 3);
	assert_int_equal(r.q[0].res.attempts, 1);
	assert_int_equal(r.q[0].nb, 3);
	assert_memory_equal(r.q[0].hosts, "\1\2\3", 3);
	assert_int_equal(blq_query_xid(blq_server_query(blq_client_server(c, 0),
							0)), peer.xid[0]);
	st = stats0(c);
	assert_int_equal(st->messages, 4);
	assert_int_equal(st->bindings, 3);
	assert_int_equal(st->connects, 1);
	assert_int_equal(st->connected, 1);
	assert_int_equal(st->retries, 0);
	assert_int_equal(st->discarded, 0);
	assert_true(st->bytes_in > 4 * 240);
	assert_true(st->bytes_out > 240);
	assert_int_equal(r.nev[BLQ_EV_CONNECTING], 1);
	assert_int_equal(r.nev[BLQ_EV_CONNECTED], 1);
	assert_string_equal(r.closed[0], "all queries finished");
	assert_int_equal(peer.conns, 1);
	assert_true(blq_client_finished(c));
	assert_int_equal(blq_client_timeout_ms(c, blq_now_ms()), -1);
	blq_client_free(c);
}

/* Replies interleaved (Kea): matched by xid, not by order. */
static void script_interleaved(struct peer *p, int fd, unsigned int conn)
{
	uint32_t a, b;

	(void)conn;
	if (!read_queries(p, fd, 2))
		return;
	a = p->xid[0];
	b = p->xid[1];
	if (a == b)
		peer_fail(p, "same xid twice");
	if (!send_active(fd, b, 21) || !send_active(fd, a, 11) ||
	    !send_active(fd, a, 12) || !send_done4(fd, b, 0, 0) ||
	    !send_active(fd, a, 13) || !send_done4(fd, a, 0, 0))
		peer_fail(p, "send");
	wait_eof(fd, 3000);
}

static void test_v4_interleaved(void **state)
{
	struct blq_client_params prm;
	struct blq_client *c;
	struct peer peer;
	struct rec r;

	(void)state;
	test_params(&prm);
	assert_int_equal(run_one(&peer, BLQ_PROTO_V4, script_interleaved, &prm,
				 2, &r, &c, NULL), 0);
	assert_int_equal(peer.conn_nq[0], 2);
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_DONE);
	assert_int_equal(r.q[0].nb, 3);
	assert_memory_equal(r.q[0].hosts, "\x0b\x0c\x0d", 3);
	assert_int_equal(r.q[1].res.outcome, BLQ_OUT_DONE);
	assert_int_equal(r.q[1].nb, 1);
	assert_int_equal(r.q[1].hosts[0], 21);
	/* b finished first. */
	assert_true(r.q[1].done_ms <= r.q[0].done_ms);
	assert_int_equal(stats0(c)->connects, 1);
	blq_client_free(c);
}

/* A DATA whose CLIENT_DATA holds an IAADDR running past it. */
static bool send_bad_data6(int fd, uint32_t x)
{
	const uint8_t m[] = {
		BLQ6_MSG_LEASEQUERY_DATA, (uint8_t)(x >> 16), (uint8_t)(x >> 8),
		(uint8_t)x,
		0x00, 45, 0x00, 8, 0x00, 5, 0x00, 24, 1, 2, 3, 4,
	};

	return send_msg(fd, m, sizeof(m));
}

/*
 * RFC 5460: DATA without CLIENT_DATA is discarded, not fatal; a malformed
 * binding is skipped too.
 */
static void script_v6_discard(struct peer *p, int fd, unsigned int conn)
{
	uint32_t x;

	(void)conn;
	if (!read_queries(p, fd, 1))
		return;
	x = p->xid[0];
	if (!send_v6(fd, BLQ6_MSG_LEASEQUERY_REPLY, x, 1) ||
	    !send_bad_data6(fd, x) ||
	    !send_v6(fd, BLQ6_MSG_LEASEQUERY_DATA, x, -1) ||
	    !send_v6(fd, BLQ6_MSG_LEASEQUERY_DATA, x, 2) ||
	    !send_done6(fd, x, 0, NULL))
		peer_fail(p, "send");
	wait_eof(fd, 3000);
}

static void test_v6_data_without_client_data(void **state)
{
	struct blq_client_params prm;
	struct blq_client *c;
	struct peer peer;
	struct rec r;

	(void)state;
	test_params(&prm);
	assert_int_equal(run_one(&peer, BLQ_PROTO_V6, script_v6_discard, &prm,
				 1, &r, &c, NULL), 0);
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_DONE);
	assert_int_equal(r.q[0].nb, 2);
	assert_memory_equal(r.q[0].hosts, "\1\2", 2);
	assert_int_equal(stats0(c)->discarded, 1);
	assert_int_equal(stats0(c)->malformed, 1);
	assert_int_equal(stats0(c)->messages, 5);
	assert_int_equal(stats0(c)->bindings, 2);
	blq_client_free(c);
}

/*
 * Kea: no match is one REPLY without CLIENT_DATA and no DONE; the query is
 * complete.  Query 1 gets a DONE after its empty REPLY, which must be
 * tolerated, query 2 a normal answer after both.
 */
static void script_v6_empty(struct peer *p, int fd, unsigned int conn)
{
	(void)conn;
	if (!read_queries(p, fd, 3))
		return;
	if (!send_v6(fd, BLQ6_MSG_LEASEQUERY_REPLY, p->xid[0], -1) ||
	    !send_v6(fd, BLQ6_MSG_LEASEQUERY_REPLY, p->xid[1], -1) ||
	    !send_done6(fd, p->xid[1], 0, NULL) ||
	    !send_v6(fd, BLQ6_MSG_LEASEQUERY_REPLY, p->xid[2], 5) ||
	    !send_done6(fd, p->xid[2], 0, NULL))
		peer_fail(p, "send");
	/* Nothing more: the client must close by itself. */
	if (!wait_eof(fd, 3000))
		peer_fail(p, "client did not close");
}

static void test_v6_empty_reply(void **state)
{
	struct blq_client_params prm;
	struct blq_client *c;
	struct peer peer;
	struct rec r;
	int64_t ms;

	(void)state;
	test_params(&prm);
	assert_int_equal(run_one(&peer, BLQ_PROTO_V6, script_v6_empty, &prm, 3,
				 &r, &c, &ms), 0);
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_DONE);
	assert_int_equal(r.q[0].nb, 0);
	assert_string_equal(r.q[0].res.text, "no bindings");
	assert_int_equal(r.q[1].res.outcome, BLQ_OUT_DONE);
	assert_int_equal(r.q[1].nb, 0);
	assert_int_equal(r.q[2].res.outcome, BLQ_OUT_DONE);
	assert_int_equal(r.q[2].nb, 1);
	assert_int_equal(r.q[2].hosts[0], 5);
	assert_int_equal(stats0(c)->connects, 1);
	assert_string_equal(r.closed[0], "all queries finished");
	assert_true(ms < 1500);	/* no data timeout waited for */
	blq_client_free(c);
}

/*
 * A DONE for an xid nobody asked closes the connection; the retry (new
 * xid) is answered properly.
 */
static void script_unknown_xid(struct peer *p, int fd, unsigned int conn)
{
	if (!read_queries(p, fd, 1))
		return;
	if (conn == 0) {
		if (!send_active(fd, p->xid[0], 1) ||
		    !send_done4(fd, p->xid[0] ^ 0x5a5a, 0, NULL))
			peer_fail(p, "send");
		if (!wait_eof(fd, 3000))
			peer_fail(p, "client kept the connection");
		return;
	}
	if (!send_active(fd, p->xid[0], 1) || !send_active(fd, p->xid[0], 2) ||
	    !send_done4(fd, p->xid[0], 0, NULL))
		peer_fail(p, "send");
	wait_eof(fd, 3000);
}

static void test_unknown_xid_closes(void **state)
{
	struct blq_client_params prm;
	struct blq_client *c;
	struct peer peer;
	struct rec r;
	const struct blq_server_stats *st;

	(void)state;
	test_params(&prm);
	prm.max_attempts = 3;
	assert_int_equal(run_one(&peer, BLQ_PROTO_V4, script_unknown_xid, &prm,
				 1, &r, &c, NULL), 0);
	assert_non_null(strstr(r.closed[0], "unknown xid"));
	assert_string_equal(r.retry[0], "in 50 ms");
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_DONE);
	assert_int_equal(r.q[0].res.attempts, 2);
	assert_int_equal(r.q[0].res.bindings, 2);
	/* The first connection's binding was delivered, then again. */
	assert_int_equal(r.q[0].nb, 3);
	st = stats0(c);
	assert_int_equal(st->connects, 2);
	assert_int_equal(st->retries, 1);
	assert_int_equal(peer.conns, 2);
	blq_client_free(c);
}

/* Framing: a length above max_msg, and a zero length, close. */
static void script_giant(struct peer *p, int fd, unsigned int conn)
{
	static const uint8_t giant[] = { 0xff, 0xff, 1, 2, 3 };
	static const uint8_t zero[] = { 0x00, 0x00, 1, 2, 3 };

	if (!read_queries(p, fd, 1))
		return;
	if (!send_raw(fd, conn ? zero : giant, sizeof(giant)))
		peer_fail(p, "send");
	if (!wait_eof(fd, 3000))
		peer_fail(p, "client kept the connection");
}

static void test_framing_errors(void **state)
{
	struct blq_client_params prm;
	struct blq_client *c;
	struct peer peer;
	struct rec r;

	(void)state;
	test_params(&prm);
	prm.max_attempts = 2;
	prm.max_msg = 1000;
	assert_int_equal(run_one(&peer, BLQ_PROTO_V4, script_giant, &prm, 1,
				 &r, &c, NULL), 0);
	assert_non_null(strstr(r.closed[0], "framing"));
	assert_non_null(strstr(r.closed[1], "framing"));
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_PROTOCOL);
	assert_int_equal(r.q[0].res.attempts, 2);
	assert_int_equal(r.nev[BLQ_EV_GAVE_UP], 1);
	assert_int_equal(peer.conns, 2);
	blq_client_free(c);
}

/* A frame cut short, then FIN. */
static void script_truncated(struct peer *p, int fd, unsigned int conn)
{
	uint8_t buf[102] = { 0x01, 0x2c };	/* announces 300 */

	(void)conn;
	if (!read_queries(p, fd, 1))
		return;
	if (!send_active(fd, p->xid[0], 1) || !send_raw(fd, buf, sizeof(buf)))
		peer_fail(p, "send");
}

static void test_truncated_then_close(void **state)
{
	struct blq_client_params prm;
	struct blq_client *c;
	struct peer peer;
	struct rec r;

	(void)state;
	test_params(&prm);
	assert_int_equal(run_one(&peer, BLQ_PROTO_V4, script_truncated, &prm,
				 1, &r, &c, NULL), 0);
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_CLOSED);
	assert_string_equal(r.q[0].res.text,
			    "closed by the server inside a message");
	assert_int_equal(r.q[0].nb, 1);
	assert_int_equal(r.nev[BLQ_EV_GAVE_UP], 1);
	blq_client_free(c);
}

/* RST in the middle (Kea resets unauthorised requesters). */
static void script_reset(struct peer *p, int fd, unsigned int conn)
{
	(void)conn;
	if (!read_queries(p, fd, 1))
		return;
	send_active(fd, p->xid[0], 1);
	usleep(50000);
	set_rst_on_close(fd);
}

static void test_reset(void **state)
{
	struct blq_client_params prm;
	struct blq_client *c;
	struct peer peer;
	struct rec r;

	(void)state;
	test_params(&prm);
	assert_int_equal(run_one(&peer, BLQ_PROTO_V4, script_reset, &prm, 1,
				 &r, &c, NULL), 0);
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_CLOSED);
	assert_string_equal(r.q[0].res.text, "connection reset");
	blq_client_free(c);
}

/* A clean FIN before DONE: retried, the retry completes. */
static void script_fin_then_ok(struct peer *p, int fd, unsigned int conn)
{
	if (!read_queries(p, fd, 1))
		return;
	send_active(fd, p->xid[0], 1);
	send_active(fd, p->xid[0], 2);
	if (conn == 0)
		return;		/* close without DONE */
	send_done4(fd, p->xid[0], 0, NULL);
	wait_eof(fd, 3000);
}

static void test_closed_before_done_retried(void **state)
{
	struct blq_client_params prm;
	struct blq_client *c;
	struct peer peer;
	struct rec r;

	(void)state;
	test_params(&prm);
	prm.max_attempts = 2;
	assert_int_equal(run_one(&peer, BLQ_PROTO_V4, script_fin_then_ok, &prm,
				 1, &r, &c, NULL), 0);
	assert_string_equal(r.closed[0], "closed by the server");
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_DONE);
	assert_int_equal(r.q[0].res.attempts, 2);
	assert_int_equal(r.q[0].nb, 4);
	assert_int_equal(stats0(c)->connects, 2);
	blq_client_free(c);
}

/* Silence after the query: BULK_LQ_DATA_TIMEOUT. */
static void script_stall(struct peer *p, int fd, unsigned int conn)
{
	(void)conn;
	if (!read_queries(p, fd, 1))
		return;
	send_active(fd, p->xid[0], 1);
	if (!wait_eof(fd, 3000))
		peer_fail(p, "client did not time out");
}

static void test_data_timeout(void **state)
{
	struct blq_client_params prm;
	struct blq_client *c;
	struct peer peer;
	struct rec r;
	int64_t ms;

	(void)state;
	test_params(&prm);
	prm.data_timeout_ms = 300;
	assert_int_equal(run_one(&peer, BLQ_PROTO_V4, script_stall, &prm, 1,
				 &r, &c, &ms), 0);
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_TIMEOUT);
	assert_string_equal(r.q[0].res.text, "no complete message for 300 ms");
	assert_int_equal(r.q[0].nb, 1);
	assert_true(ms >= 290);
	assert_true(ms < 2500);
	blq_client_free(c);
}

/*
 * A SYN nobody answers: a loopback listener whose accept queue is full
 * drops further SYNs (Linux, tcp_conn_request()), so connect() stays in
 * SYN-SENT past conn_timeout_ms.  Deterministic, unlike a "non-routable"
 * address that a sandbox may proxy or have no route to.
 */
static void test_connect_timeout(void **state)
{
	struct blq_client_params prm;
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	struct blq_client *c;
	struct blq_server *s;
	struct rec r;
	int64_t t0, ms;
	int lfd, fill[2];
	unsigned int i;

	(void)state;
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(listen(lfd, 0), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&sin, &len), 0);
	for (i = 0; i < ARRAY_SIZE(fill); i++) {
		fill[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		connect(fill[i], (struct sockaddr *)&sin, sizeof(sin));
	}
	usleep(50000);

	memset(&r, 0, sizeof(r));
	test_params(&prm);
	prm.conn_timeout_ms = 300;
	c = blq_client_new(&prm, &ops, &r);
	s = blq_client_add_server(c, (struct sockaddr *)&sin, sizeof(sin),
				  BLQ_PROTO_V4, NULL);
	add_queries(s, &r, 1);
	t0 = blq_now_ms();
	assert_int_equal(blq_client_run(c, t0 + 5000), 0);
	ms = blq_now_ms() - t0;
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_TIMEOUT);
	assert_string_equal(r.q[0].res.text, "connect timeout after 300 ms");
	assert_true(ms >= 290);
	assert_true(ms < 2500);
	assert_int_equal(stats0(c)->connects, 1);
	assert_int_equal(stats0(c)->connected, 0);
	blq_client_free(c);
	for (i = 0; i < ARRAY_SIZE(fill); i++)
		close(fill[i]);
	close(lfd);
}

/*
 * A "non-routable" address: depending on the host the SYN goes unanswered
 * (timeout), fails at once (no route), or a sandbox proxies it.  Whatever
 * happens, the query must fail within the bound.
 */
static void test_connect_blackhole(void **state)
{
	struct blq_client_params prm;
	struct sockaddr_storage ss;
	struct blq_client *c;
	struct blq_server *s;
	struct rec r;
	socklen_t len;
	int64_t t0, ms;

	(void)state;
	memset(&r, 0, sizeof(r));
	test_params(&prm);
	prm.conn_timeout_ms = 300;
	prm.data_timeout_ms = 300;
	c = blq_client_new(&prm, &ops, &r);
	assert_non_null(c);
	assert_int_equal(blq_addr_parse("10.255.255.1", BLQ_PORT_V4, &ss,
					&len), 0);
	s = blq_client_add_server(c, (struct sockaddr *)&ss, len,
				  BLQ_PROTO_V4, NULL);
	assert_non_null(s);
	assert_string_equal(blq_server_name(s), "10.255.255.1:67");
	add_queries(s, &r, 1);
	t0 = blq_now_ms();
	assert_int_equal(blq_client_run(c, t0 + 5000), 0);
	ms = blq_now_ms() - t0;
	assert_true(ms < 2500);
	assert_int_equal(r.q[0].ndone, 1);
	assert_int_not_equal(r.q[0].res.outcome, BLQ_OUT_DONE);
	if (r.q[0].res.outcome == BLQ_OUT_TIMEOUT && !stats0(c)->connected)
		assert_true(ms >= 290);
	blq_client_free(c);
}

/* A loopback port nobody listens on: taken free, then released. */
static void dead_port(struct sockaddr_in *sin)
{
	socklen_t len = sizeof(*sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)sin, sizeof(*sin)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)sin, &len), 0);
	close(fd);
}

/* A port nobody listens on: refused, retried with backoff, given up. */
static void test_refused_backoff(void **state)
{
	struct blq_client_params prm;
	struct sockaddr_in sin;
	struct blq_client *c;
	struct blq_server *s;
	struct rec r;
	int64_t t0, ms;

	(void)state;
	dead_port(&sin);

	memset(&r, 0, sizeof(r));
	test_params(&prm);
	prm.max_attempts = 4;
	prm.retry_initial_ms = 100;
	prm.retry_max_ms = 250;
	c = blq_client_new(&prm, &ops, &r);
	s = blq_client_add_server(c, (struct sockaddr *)&sin, sizeof(sin),
				  BLQ_PROTO_V4, NULL);
	add_queries(s, &r, 2);
	t0 = blq_now_ms();
	assert_int_equal(blq_client_run(c, t0 + 10000), 0);
	ms = blq_now_ms() - t0;
	/* 100 + 200 + 250 (capped) ms of backoff. */
	assert_true(ms >= 540);
	assert_true(ms < 4000);
	assert_int_equal(r.nev[BLQ_EV_RETRY], 3);
	assert_string_equal(r.retry[0], "in 100 ms");
	assert_string_equal(r.retry[1], "in 200 ms");
	assert_string_equal(r.retry[2], "in 250 ms");
	assert_int_equal(r.nev[BLQ_EV_GAVE_UP], 1);
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_CONNECT);
	assert_string_equal(r.q[0].res.text, "connect: Connection refused");
	assert_int_equal(r.q[0].res.attempts, 4);
	assert_int_equal(r.q[1].res.outcome, BLQ_OUT_CONNECT);
	assert_int_equal(r.q[0].ndone, 1);
	assert_int_equal(r.q[1].ndone, 1);
	assert_int_equal(stats0(c)->connects, 4);
	assert_int_equal(stats0(c)->connected, 0);
	assert_int_equal(stats0(c)->retries, 3);
	blq_client_free(c);
}

/*
 * Query 0 streams forever and is cut at max_bindings; query 1 is left
 * unanswered on that connection, so it alone is sent again and answered.
 */
static void script_forever(struct peer *p, int fd, unsigned int conn)
{
	int64_t end = blq_now_ms() + 3000;
	uint8_t host = 0;

	if (conn == 1) {
		if (!read_queries(p, fd, 1))
			return;
		send_active(fd, p->xid[0], 99);
		send_done4(fd, p->xid[0], 0, NULL);
		wait_eof(fd, 3000);
		return;
	}
	if (!read_queries(p, fd, 2))
		return;
	while (blq_now_ms() < end && send_active(fd, p->xid[0], host++))
		;
	if (blq_now_ms() >= end)
		peer_fail(p, "client never closed the stream");
}

static void test_max_bindings(void **state)
{
	struct blq_client_params prm;
	struct blq_client *c;
	struct peer peer;
	struct rec r;

	(void)state;
	test_params(&prm);
	prm.max_attempts = 2;
	prm.max_bindings = 500;
	assert_int_equal(run_one(&peer, BLQ_PROTO_V4, script_forever, &prm, 2,
				 &r, &c, NULL), 0);
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_TOO_MANY);
	assert_string_equal(r.q[0].res.text, "more than 500 bindings");
	assert_int_equal(r.q[0].res.bindings, 500);
	assert_int_equal(r.q[0].nb, 500);
	assert_int_equal(r.q[0].res.attempts, 1);
	assert_int_equal(r.q[1].res.outcome, BLQ_OUT_DONE);
	assert_int_equal(r.q[1].res.attempts, 2);
	assert_int_equal(r.q[1].nb, 1);
	assert_int_equal(r.q[1].hosts[0], 99);
	assert_int_equal(peer.conn_nq[1], 1);
	assert_string_equal(r.closed[0], "query 0 exceeded max_bindings");
	blq_client_free(c);
}

/*
 * Error statuses: v4 151 in DONE; v6 in REPLY and in DONE.  QueryTerminated
 * sends its query back to the queue: the second connection answers it.
 */
static void script_status4(struct peer *p, int fd, unsigned int conn)
{
	if (conn) {
		if (!read_queries(p, fd, 1))
			return;
		send_active(fd, p->xid[0], 1);
		send_done4(fd, p->xid[0], 0, NULL);
		wait_eof(fd, 3000);
		return;
	}
	if (!read_queries(p, fd, 2))
		return;
	send_done4(fd, p->xid[0], BLQ4_STATUS_NOT_ALLOWED, "not allowed");
	send_active(fd, p->xid[1], 1);
	send_done4(fd, p->xid[1], BLQ4_STATUS_QUERY_TERMINATED, "bye\n");
	wait_eof(fd, 3000);
}

static void script_status6(struct peer *p, int fd, unsigned int conn)
{
	if (conn) {
		if (!read_queries(p, fd, 1))
			return;
		send_v6(fd, BLQ6_MSG_LEASEQUERY_REPLY, p->xid[0], 1);
		send_done6(fd, p->xid[0], 0, NULL);
		wait_eof(fd, 3000);
		return;
	}
	if (!read_queries(p, fd, 2))
		return;
	send_reply6_status(fd, p->xid[0], BLQ6_STATUS_NOT_ALLOWED, "denied");
	send_v6(fd, BLQ6_MSG_LEASEQUERY_REPLY, p->xid[1], 1);
	send_done6(fd, p->xid[1], BLQ6_STATUS_QUERY_TERMINATED, "shutdown");
	wait_eof(fd, 3000);
}

/* Every connection ends the query with QueryTerminated. */
static void script_terminated4(struct peer *p, int fd, unsigned int conn)
{
	(void)conn;
	if (!read_queries(p, fd, 1))
		return;
	send_done4(fd, p->xid[0], BLQ4_STATUS_QUERY_TERMINATED, "restarting");
	wait_eof(fd, 3000);
}

static void test_error_status(void **state)
{
	struct blq_client_params prm;
	struct blq_client *c;
	struct peer peer;
	struct rec r;

	(void)state;
	test_params(&prm);
	prm.max_attempts = 3;
	assert_int_equal(run_one(&peer, BLQ_PROTO_V4, script_status4, &prm, 2,
				 &r, &c, NULL), 0);
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_STATUS);
	assert_int_equal(r.q[0].res.status_code, BLQ4_STATUS_NOT_ALLOWED);
	assert_string_equal(r.q[0].res.text, "not allowed");
	assert_int_equal(r.q[0].res.attempts, 1);	/* not retried */
	assert_int_equal(r.q[1].res.outcome, BLQ_OUT_DONE);
	assert_int_equal(r.q[1].res.attempts, 2);
	assert_int_equal(r.q[1].res.bindings, 1);
	assert_string_equal(r.closed[0],
			    "query terminated by the server: bye?");
	assert_int_equal(peer.conns, 2);
	blq_client_free(c);

	assert_int_equal(run_one(&peer, BLQ_PROTO_V6, script_status6, &prm, 2,
				 &r, &c, NULL), 0);
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_STATUS);
	assert_int_equal(r.q[0].res.status_code, BLQ6_STATUS_NOT_ALLOWED);
	assert_string_equal(r.q[0].res.text, "denied");
	assert_int_equal(r.q[1].res.outcome, BLQ_OUT_DONE);
	assert_int_equal(r.q[1].res.attempts, 2);
	assert_string_equal(r.closed[0],
			    "query terminated by the server: shutdown");
	assert_int_equal(peer.conns, 2);
	blq_client_free(c);

	/* Terminated on every attempt: the status is the final outcome. */
	prm.max_attempts = 2;
	assert_int_equal(run_one(&peer, BLQ_PROTO_V4, script_terminated4, &prm,
				 1, &r, &c, NULL), 0);
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_STATUS);
	assert_int_equal(r.q[0].res.status_code, BLQ4_STATUS_QUERY_TERMINATED);
	assert_string_equal(r.q[0].res.text,
			    "query terminated by the server: restarting");
	assert_int_equal(r.q[0].res.attempts, 2);
	assert_int_equal(peer.conns, 2);
	blq_client_free(c);
}

/*
 * Protocol errors, one per connection: v6 DATA before REPLY, a second
 * REPLY, a message shorter than its header, then a v4-style garbage
 * message type; each closes and the last attempt's reason is reported.
 */
static void script_proto6(struct peer *p, int fd, unsigned int conn)
{
	static const uint8_t shorty[] = { 0x00, 0x02, 15, 0 };

	if (!read_queries(p, fd, 1))
		return;
	switch (conn) {
	case 0:
		send_v6(fd, BLQ6_MSG_LEASEQUERY_DATA, p->xid[0], 1);
		break;
	case 1:
		send_v6(fd, BLQ6_MSG_LEASEQUERY_REPLY, p->xid[0], 1);
		send_v6(fd, BLQ6_MSG_LEASEQUERY_REPLY, p->xid[0], 2);
		break;
	case 2:
		send_raw(fd, shorty, sizeof(shorty));
		break;
	case 3: {
		/* A DONE with a 1-octet STATUS_CODE: cannot be trusted. */
		const uint8_t done[] = {
			BLQ6_MSG_LEASEQUERY_DONE, (uint8_t)(p->xid[0] >> 16),
			(uint8_t)(p->xid[0] >> 8), (uint8_t)p->xid[0],
			0x00, 13, 0x00, 1, 0x00,
		};

		send_msg(fd, done, sizeof(done));
		break;
	}
	default:
		/* RELAY-REPL is not a bulk reply. */
		send_v6(fd, BLQ6_MSG_RELAY_REPL, p->xid[0], 1);
		break;
	}
	if (!wait_eof(fd, 3000))
		peer_fail(p, "client kept connection %u", conn);
}

static void test_protocol_errors_v6(void **state)
{
	struct blq_client_params prm;
	struct blq_client *c;
	struct peer peer;
	struct rec r;

	(void)state;
	test_params(&prm);
	prm.max_attempts = 5;
	prm.retry_initial_ms = 10;
	prm.retry_max_ms = 10;
	assert_int_equal(run_one(&peer, BLQ_PROTO_V6, script_proto6, &prm, 1,
				 &r, &c, NULL), 0);
	assert_string_equal(r.closed[0], "LEASEQUERY-DATA before REPLY");
	assert_string_equal(r.closed[1], "second LEASEQUERY-REPLY");
	assert_string_equal(r.closed[2], "message of 2 octets");
	assert_non_null(strstr(r.closed[3], "bad message"));
	assert_non_null(strstr(r.closed[4], "bad message"));
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_PROTOCOL);
	assert_int_equal(r.q[0].res.attempts, 5);
	assert_int_equal(stats0(c)->malformed, 0);
	assert_int_equal(r.q[0].nb, 1);	/* the REPLY of connection 1 */
	blq_client_free(c);
}

/*
 * v4: a lease with a broken option is skipped (counted), the stream goes
 * on; a DHCPLEASEQUERYSTATUS (RFC 7724) is not a 6926 reply and closes.
 */
static void script_malformed4(struct peer *p, int fd, unsigned int conn)
{
	const uint8_t bad[] = { 53, 1, BLQ4_MSG_LEASEACTIVE, 51, 3, 0, 0, 1,
				255 };
	const uint8_t status[] = { 53, 1, BLQ4_MSG_LEASEQUERYSTATUS, 255 };
	uint8_t m[600];

	if (!read_queries(p, fd, 1))
		return;
	if (conn == 0) {
		send_msg(fd, m, v4_msg(m, p->xid[0], 7, status,
				       sizeof(status)));
		wait_eof(fd, 3000);
		return;
	}
	if (conn == 1) {
		/* Shorter than the BOOTP header. */
		send_msg(fd, m, 100);
		wait_eof(fd, 3000);
		return;
	}
	send_active(fd, p->xid[0], 1);
	send_msg(fd, m, v4_msg(m, p->xid[0], 2, bad, sizeof(bad)));
	send_active(fd, p->xid[0], 3);
	send_done4(fd, p->xid[0], 0, NULL);
	wait_eof(fd, 3000);
}

static void test_malformed_v4(void **state)
{
	struct blq_client_params prm;
	struct blq_client *c;
	struct peer peer;
	struct rec r;

	(void)state;
	test_params(&prm);
	prm.max_attempts = 3;
	assert_int_equal(run_one(&peer, BLQ_PROTO_V4, script_malformed4, &prm,
				 1, &r, &c, NULL), 0);
	assert_non_null(strstr(r.closed[0], "bad message"));
	assert_string_equal(r.closed[1], "message of 100 octets");
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_DONE);
	assert_int_equal(r.q[0].nb, 2);
	assert_memory_equal(r.q[0].hosts, "\1\3", 2);
	assert_int_equal(stats0(c)->malformed, 1);
	blq_client_free(c);
}

/* A second message for a query after its DONE closes the connection. */
static void script_after_done(struct peer *p, int fd, unsigned int conn)
{
	(void)conn;
	if (!read_queries(p, fd, 2))
		return;
	send_done4(fd, p->xid[0], 0, NULL);
	send_active(fd, p->xid[0], 1);
	wait_eof(fd, 3000);
}

static void test_message_after_done(void **state)
{
	struct blq_client_params prm;
	struct blq_client *c;
	struct peer peer;
	struct rec r;

	(void)state;
	test_params(&prm);
	assert_int_equal(run_one(&peer, BLQ_PROTO_V4, script_after_done, &prm,
				 2, &r, &c, NULL), 0);
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_DONE);
	assert_int_equal(r.q[1].res.outcome, BLQ_OUT_PROTOCOL);
	assert_non_null(strstr(r.q[1].res.text, "finished xid"));
	blq_client_free(c);
}

/* Accept, never read, hold the connection until the test ends. */
static void script_deaf(struct peer *p, int fd, unsigned int conn)
{
	int64_t end = blq_now_ms() + 3000;

	(void)fd;
	(void)conn;
	while (!atomic_load(&p->stop) && blq_now_ms() < end)
		usleep(10000);
}

/*
 * A server that stops reading: the queries (7 MB here) cannot all be
 * written; BULK_LQ_DATA_TIMEOUT applies to stalled writes too.
 */
static void test_write_stall(void **state)
{
	enum { NQ = 120, IDLEN = 60000 };
	struct blq_client_params prm;
	struct blq_client *c;
	struct blq_server *s;
	struct peer peer;
	struct rec r;
	uint8_t *id = calloc(1, IDLEN);
	struct blq6_query q6 = {
		.type = BLQ6_QT_BY_REMOTE_ID, .requestor_duid = duid,
		.requestor_duid_len = sizeof(duid), .id = id, .id_len = IDLEN,
		.enterprise = 3561,
	};
	int small = 4096;
	int64_t t0, ms;
	unsigned int i;

	(void)state;
	assert_non_null(id);
	memset(&r, 0, sizeof(r));
	test_params(&prm);
	prm.data_timeout_ms = 300;
	assert_true(peer_start(&peer, AF_INET, BLQ_PROTO_V6, script_deaf));
	setsockopt(peer.lfd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	c = blq_client_new(&prm, &ops, &r);
	s = add_peer_server(c, &peer);
	for (i = 0; i < NQ; i++)
		assert_non_null(blq_client_add_query6(s, &q6, NULL));
	free(id);
	t0 = blq_now_ms();
	assert_int_equal(blq_client_run(c, t0 + 5000), 0);
	ms = blq_now_ms() - t0;
	peer_stop(&peer);
	assert_int_equal(r.ndone_all, NQ);
	assert_int_equal(r.last_res.outcome, BLQ_OUT_TIMEOUT);
	assert_string_equal(r.last_res.text, "no complete message for 300 ms");
	assert_true(stats0(c)->bytes_out > 0);
	assert_true(stats0(c)->bytes_out < (uint64_t)NQ * IDLEN);
	assert_true(ms >= 290 && ms < 3000);
	blq_client_free(c);
}

/*
 * Kea 3.0.x: only the first message of a read is handled (#4660).  The
 * script fails the test if a second query is already waiting when it has
 * read one: the client must not send the next query before the DONE.
 */
static void script_kea30(struct peer *p, int fd, unsigned int conn)
{
	unsigned int total = 0;
	uint8_t peek;

	(void)conn;
	for (;;) {
		if (!read_queries(p, fd, 1)) {
			p->err[0] = '\0';	/* EOF: the client is done */
			break;
		}
		total++;
		if (recv(fd, &peek, 1, MSG_PEEK | MSG_DONTWAIT) == 1) {
			peer_fail(p, "query %u arrived before the DONE", total);
			break;
		}
		if (p->proto == BLQ_PROTO_V4) {
			send_active(fd, p->xid[0], (uint8_t)(10 + total));
			send_done4(fd, p->xid[0], 0, NULL);
		} else {
			send_v6(fd, BLQ6_MSG_LEASEQUERY_REPLY, p->xid[0],
				(uint8_t)(10 + total));
			send_done6(fd, p->xid[0], 0, NULL);
		}
	}
	p->nq = total;
}

/* Default parameters: one query at a time per connection, v4 and v6. */
static void test_one_at_a_time(void **state)
{
	struct blq_client_params prm;
	struct blq_client *c;
	struct peer peer;
	struct rec r;
	enum blq_proto pr;
	unsigned int i;

	(void)state;
	for (pr = BLQ_PROTO_V4; pr <= BLQ_PROTO_V6; pr += 2) {
		test_params(&prm);
		prm.pipeline = 1;
		assert_int_equal(run_one(&peer, pr, script_kea30, &prm, MAXQ,
					 &r, &c, NULL), 0);
		assert_string_equal(peer.err, "");
		for (i = 0; i < MAXQ; i++) {
			assert_int_equal(r.q[i].res.outcome, BLQ_OUT_DONE);
			assert_int_equal(r.q[i].nb, 1);
			assert_int_equal(r.q[i].res.attempts, 1);
		}
		/* In order, all on one connection. */
		assert_int_equal(r.q[0].hosts[0], 11);
		assert_int_equal(r.q[MAXQ - 1].hosts[0], 10 + MAXQ);
		assert_int_equal(peer.conns, 1);
		assert_int_equal(peer.conn_nq[0], MAXQ);
		assert_int_equal(blq_client_complete(c), 1);
		blq_client_free(c);
	}
}

/*
 * Two connections: the first accepted one serves every query but the one
 * the other connection holds, which is answered once the first closes
 * (the scripted server takes one connection at a time).
 */
static void test_two_connections(void **state)
{
	struct blq_client_params prm;
	struct blq_client *c;
	struct peer peer;
	struct rec r;
	unsigned int i;

	(void)state;
	test_params(&prm);
	prm.pipeline = 1;
	prm.connections = 2;
	assert_int_equal(run_one(&peer, BLQ_PROTO_V4, script_kea30, &prm, MAXQ,
				 &r, &c, NULL), 0);
	assert_string_equal(peer.err, "");
	for (i = 0; i < MAXQ; i++)
		assert_int_equal(r.q[i].res.outcome, BLQ_OUT_DONE);
	assert_int_equal(peer.conns, 2);
	assert_int_equal(peer.conn_nq[0], MAXQ - 1);
	assert_int_equal(peer.conn_nq[1], 1);
	assert_int_equal(stats0(c)->connects, 2);
	assert_int_equal(stats0(c)->retries, 0);
	blq_client_free(c);
}

/*
 * Resets the connection three times, then answers.  It reads the query
 * before each reset: a reset racing the client's connect would be seen
 * as a failed connect or as a closed connection depending on timing.
 */
static void script_late_server(struct peer *p, int fd, unsigned int conn)
{
	if (conn < 3) {
		read_queries(p, fd, 1);
		set_rst_on_close(fd);
		return;
	}
	script_kea30(p, fd, conn);
}

/*
 * persist: while no server has completed, nobody gives up -- the restore
 * of a device that boots before its uplink forwards.  Without it the
 * same server is given up after max_attempts.
 */
static void test_persist(void **state)
{
	struct blq_client_params prm;
	struct blq_client *c;
	struct peer peer;
	struct rec r;

	(void)state;
	test_params(&prm);
	prm.pipeline = 1;
	prm.max_attempts = 2;
	assert_int_equal(run_one(&peer, BLQ_PROTO_V4, script_late_server, &prm,
				 1, &r, &c, NULL), 0);
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_CLOSED);
	assert_int_equal(r.nev[BLQ_EV_GAVE_UP], 1);
	assert_int_equal(peer.conns, 2);
	assert_int_equal(blq_client_complete(c), 0);
	blq_client_free(c);

	prm.persist = true;
	assert_int_equal(run_one(&peer, BLQ_PROTO_V4, script_late_server, &prm,
				 1, &r, &c, NULL), 0);
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_DONE);
	assert_int_equal(r.q[0].res.attempts, 4);
	assert_int_equal(r.nev[BLQ_EV_GAVE_UP], 0);
	assert_int_equal(r.nev[BLQ_EV_RETRY], 3);
	assert_int_equal(peer.conns, 4);
	assert_int_equal(blq_client_complete(c), 1);
	blq_client_free(c);
}

/*
 * persist with a good and a dead server: once the good one has answered,
 * the dead one may give up after max_attempts, and the client finishes.
 */
static void test_persist_one_complete(void **state)
{
	struct blq_client_params prm;
	struct sockaddr_in dead;
	struct blq_client *c;
	struct blq_server *s;
	struct peer peer;
	struct rec r;

	(void)state;
	dead_port(&dead);

	memset(&r, 0, sizeof(r));
	test_params(&prm);
	prm.pipeline = 1;
	prm.max_attempts = 2;
	prm.persist = true;
	assert_true(peer_start(&peer, AF_INET, BLQ_PROTO_V4, script_kea30));
	c = blq_client_new(&prm, &ops, &r);
	s = add_peer_server(c, &peer);
	add_queries(s, &r, 1);
	s = blq_client_add_server(c, (struct sockaddr *)&dead, sizeof(dead),
				  BLQ_PROTO_V4, NULL);
	assert_non_null(s);
	assert_non_null(blq_client_add_query4(s, &(struct blq4_query){
		.by = BLQ4_BY_RELAY_ID, .id = relay_id,
		.id_len = sizeof(relay_id) }, &r.q[1]));
	assert_int_equal(blq_client_run(c, blq_now_ms() + 10000), 0);
	peer_stop(&peer);
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_DONE);
	assert_int_equal(r.q[1].res.outcome, BLQ_OUT_CONNECT);
	assert_true(r.q[1].res.attempts >= 2);
	assert_int_equal(blq_client_complete(c), 1);
	blq_client_free(c);
}

/*
 * A server that trickles a message one octet every 100 ms never completes
 * one: BULK_LQ_DATA_TIMEOUT (300 ms here) counts from the last complete
 * message, so the connection is cut after ~300 ms, not kept forever.
 */
static void script_trickle(struct peer *p, int fd, unsigned int conn)
{
	static const uint8_t prefix[] = { 0x01, 0x00 };	/* 256 octets */
	int64_t end = blq_now_ms() + 3000;
	uint8_t zero = 0;
	unsigned int i;

	(void)conn;
	if (!read_queries(p, fd, 1))
		return;
	if (!send_raw(fd, prefix, sizeof(prefix)))
		return;
	for (i = 0; i < 256 && blq_now_ms() < end; i++) {
		usleep(100000);
		if (!send_raw(fd, &zero, 1))
			return;		/* the client hung up: good */
	}
	peer_fail(p, "the client listened to the whole trickle");
}

static void test_trickle_times_out(void **state)
{
	struct blq_client_params prm;
	struct blq_client *c;
	struct peer peer;
	struct rec r;
	int64_t ms;

	(void)state;
	test_params(&prm);
	prm.data_timeout_ms = 300;
	assert_int_equal(run_one(&peer, BLQ_PROTO_V4, script_trickle, &prm, 1,
				 &r, &c, &ms), 0);
	assert_string_equal(peer.err, "");
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_TIMEOUT);
	assert_string_equal(r.q[0].res.text, "no complete message for 300 ms");
	/* Bytes kept coming every 100 ms; only whole messages count. */
	assert_true(ms >= 290);
	assert_true(ms < 2900);
	blq_client_free(c);
}

/* run()'s deadline aborts what is left. */
static void test_run_deadline(void **state)
{
	struct blq_client_params prm;
	struct blq_client *c;
	struct blq_server *s;
	struct peer peer;
	struct rec r;
	int64_t t0, ms;

	(void)state;
	memset(&r, 0, sizeof(r));
	test_params(&prm);
	assert_true(peer_start(&peer, AF_INET, BLQ_PROTO_V4, script_stall));
	c = blq_client_new(&prm, &ops, &r);
	s = add_peer_server(c, &peer);
	add_queries(s, &r, 1);
	t0 = blq_now_ms();
	assert_int_equal(blq_client_run(c, t0 + 200), -ETIMEDOUT);
	ms = blq_now_ms() - t0;
	peer_stop(&peer);
	assert_true(ms >= 190 && ms < 1500);
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_ABORTED);
	assert_string_equal(r.q[0].res.text, "overall deadline reached");
	assert_int_equal(r.q[0].ndone, 1);
	assert_true(blq_client_finished(c));
	blq_client_free(c);
}

/*
 * Two servers (v4 and v6) worked at once through the event-loop API: each
 * holds its answer 400 ms.  Worked at once means each server had its query
 * before either answered -- an order of events, which a loaded machine
 * cannot blur the way it blurs a time window.
 */
static void script_slow4(struct peer *p, int fd, unsigned int conn)
{
	(void)conn;
	if (!read_queries(p, fd, 1))
		return;
	p->query_ms = blq_now_ms();
	usleep(400000);
	p->answer_ms = blq_now_ms();
	send_active(fd, p->xid[0], 4);
	send_done4(fd, p->xid[0], 0, NULL);
	wait_eof(fd, 3000);
}

static void script_slow6(struct peer *p, int fd, unsigned int conn)
{
	(void)conn;
	if (!read_queries(p, fd, 1))
		return;
	p->query_ms = blq_now_ms();
	usleep(400000);
	p->answer_ms = blq_now_ms();
	send_v6(fd, BLQ6_MSG_LEASEQUERY_REPLY, p->xid[0], 6);
	send_done6(fd, p->xid[0], 0, NULL);
	wait_eof(fd, 3000);
}

static void test_parallel_event_loop(void **state)
{
	struct blq_client_params prm;
	struct blq_client *c;
	struct blq_server *s4, *s6;
	struct peer p4, p6;
	struct rec r;
	struct pollfd fds[2];
	int64_t t0, ms;

	(void)state;
	memset(&r, 0, sizeof(r));
	test_params(&prm);
	assert_true(peer_start(&p4, AF_INET, BLQ_PROTO_V4, script_slow4));
	if (!peer_start(&p6, AF_INET6, BLQ_PROTO_V6, script_slow6))
		assert_true(peer_start(&p6, AF_INET, BLQ_PROTO_V6,
				       script_slow6));
	c = blq_client_new(&prm, &ops, &r);
	s4 = add_peer_server(c, &p4);
	s6 = add_peer_server(c, &p6);
	/* One query each, recorded in r.q[0] and r.q[1]. */
	{
		struct blq4_query q4 = { .by = BLQ4_BY_RELAY_ID,
					 .id = relay_id,
					 .id_len = sizeof(relay_id) };
		struct blq6_query q6 = { .type = BLQ6_QT_BY_RELAY_ID,
					 .requestor_duid = duid,
					 .requestor_duid_len = sizeof(duid),
					 .id = duid, .id_len = sizeof(duid) };

		assert_non_null(blq_client_add_query4(s4, &q4, &r.q[0]));
		assert_non_null(blq_client_add_query6(s6, &q6, &r.q[1]));
		/* Wrong protocol for the server. */
		assert_null(blq_client_add_query6(s4, &q6, NULL));
		assert_int_equal(errno, EINVAL);
	}
	assert_int_equal(blq_client_nfds_max(c), 2);
	assert_int_equal(blq_client_timeout_ms(c, blq_now_ms()), 0);
	t0 = blq_now_ms();
	while (!blq_client_finished(c)) {
		size_t n = blq_client_pollfds(c, fds, ARRAY_SIZE(fds));
		int t = blq_client_timeout_ms(c, blq_now_ms());

		assert_true(n <= 2);
		assert_true(poll(fds, n, t) >= 0);
		blq_client_process(c, fds, n, blq_now_ms());
		assert_true(blq_now_ms() - t0 < 5000);
		/* Added too late. */
		assert_null(blq_client_add_server(c, blq_server_addr(s4, NULL),
						  sizeof(struct sockaddr_in),
						  BLQ_PROTO_V4, NULL));
		assert_int_equal(errno, EBUSY);
	}
	ms = blq_now_ms() - t0;
	peer_stop(&p4);
	peer_stop(&p6);
	assert_false(r.bad);
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_DONE);
	assert_int_equal(r.q[0].hosts[0], 4);
	assert_int_equal(r.q[1].res.outcome, BLQ_OUT_DONE);
	assert_int_equal(r.q[1].hosts[0], 6);
	assert_true(ms >= 390);
	assert_true(p4.query_ms && p6.query_ms);
	assert_true(p4.query_ms < p6.answer_ms);
	assert_true(p6.query_ms < p4.answer_ms);
	assert_int_equal(blq_client_pollfds(c, fds, 2), 0);
	blq_client_free(c);
}

static void test_addr_parse(void **state)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *in = (void *)&ss;
	struct sockaddr_in6 *in6 = (void *)&ss;
	socklen_t len;

	(void)state;
	assert_int_equal(blq_addr_parse("192.0.2.1", 67, &ss, &len), 0);
	assert_int_equal(in->sin_family, AF_INET);
	assert_int_equal(ntohs(in->sin_port), 67);
	assert_int_equal(len, sizeof(*in));
	assert_int_equal(blq_addr_parse("192.0.2.1:6767", 67, &ss, &len), 0);
	assert_int_equal(ntohs(in->sin_port), 6767);
	assert_int_equal(blq_addr_parse("2001:db8::1", 547, &ss, &len), 0);
	assert_int_equal(in6->sin6_family, AF_INET6);
	assert_int_equal(ntohs(in6->sin6_port), 547);
	assert_int_equal(blq_addr_parse("[2001:db8::1]:5470", 547, &ss, &len),
			 0);
	assert_int_equal(ntohs(in6->sin6_port), 5470);
	assert_int_equal(in6->sin6_addr.s6_addr[15], 1);
	assert_int_equal(blq_addr_parse("[::1]", 547, &ss, &len), 0);
	assert_int_equal(ntohs(in6->sin6_port), 547);

	assert_int_equal(blq_addr_parse("", 67, &ss, &len), -EINVAL);
	assert_int_equal(blq_addr_parse("dhcp.example", 67, &ss, &len),
			 -EINVAL);
	assert_int_equal(blq_addr_parse("192.0.2.1:", 67, &ss, &len), -EINVAL);
	assert_int_equal(blq_addr_parse("192.0.2.1:0", 67, &ss, &len), -EINVAL);
	assert_int_equal(blq_addr_parse("192.0.2.1:65536", 67, &ss, &len),
			 -EINVAL);
	assert_int_equal(blq_addr_parse("192.0.2.1:-1", 67, &ss, &len),
			 -EINVAL);
	assert_int_equal(blq_addr_parse("[2001:db8::1", 67, &ss, &len),
			 -EINVAL);
	assert_int_equal(blq_addr_parse("[2001:db8::1]x", 67, &ss, &len),
			 -EINVAL);
	assert_int_equal(blq_addr_parse("[192.0.2.1]:67", 67, &ss, &len), 0);
}

/* Argument checks, defaults, strings; nothing is driven. */
static void test_api_misc(void **state)
{
	struct blq_client_params prm;
	struct blq_client_ops bad_ops = { .on_binding = on_binding };
	struct sockaddr_storage ss;
	struct blq4_query q4 = { .by = BLQ4_BY_RELAY_ID, .id = relay_id,
				 .id_len = 0 };
	struct blq_client *c;
	struct blq_server *s;
	struct rec r;
	socklen_t len;
	struct sockaddr_in6 *in6 = (void *)&ss;

	(void)state;
	blq_client_params_default(&prm);
	assert_int_equal(prm.conn_timeout_ms, 30000);
	assert_int_equal(prm.data_timeout_ms, 300000);
	assert_int_equal(prm.retry_initial_ms, 1000);
	assert_int_equal(prm.retry_max_ms, 60000);
	assert_int_equal(prm.max_attempts, 6);
	assert_false(prm.persist);
	assert_int_equal(prm.connections, 1);
	assert_int_equal(prm.pipeline, 1);
	assert_int_equal(prm.max_msg, 65535);
	assert_int_equal(prm.max_bindings, 1000000);

	assert_null(blq_client_new(NULL, &bad_ops, NULL));
	assert_int_equal(errno, EINVAL);
	prm.max_msg = 65536;
	assert_null(blq_client_new(&prm, &ops, NULL));
	prm.max_msg = 100;
	prm.connections = 0;
	assert_null(blq_client_new(&prm, &ops, NULL));
	prm.connections = 17;
	assert_null(blq_client_new(&prm, &ops, NULL));
	prm.connections = 1;
	prm.pipeline = 0;
	assert_null(blq_client_new(&prm, &ops, NULL));
	prm.pipeline = 65;
	assert_null(blq_client_new(&prm, &ops, NULL));

	memset(&r, 0, sizeof(r));
	c = blq_client_new(NULL, &ops, &r);
	assert_non_null(c);
	/* No server, no query: finished from the start. */
	assert_true(blq_client_finished(c));
	assert_int_equal(blq_client_timeout_ms(c, 0), -1);
	assert_int_equal(blq_client_run(c, 0), 0);
	blq_client_free(c);

	c = blq_client_new(NULL, &ops, &r);
	assert_int_equal(blq_addr_parse("2001:db8::5", BLQ_PORT_V6, &ss, &len),
			 0);
	in6->sin6_port = 0;	/* default port by protocol */
	s = blq_client_add_server(c, (struct sockaddr *)&ss, len,
				  BLQ_PROTO_V4, &r);
	assert_non_null(s);
	assert_string_equal(blq_server_name(s), "[2001:db8::5]:67");
	assert_ptr_equal(blq_server_user(s), &r);
	assert_int_equal(blq_server_proto(s), BLQ_PROTO_V4);
	assert_null(blq_client_add_server(c, (struct sockaddr *)&ss, 4,
					  BLQ_PROTO_V4, NULL));
	assert_null(blq_client_add_server(c, (struct sockaddr *)&ss, len,
					  (enum blq_proto)5, NULL));
	/* An invalid query (empty relay-id) is refused at add time. */
	assert_null(blq_client_add_query4(s, &q4, NULL));
	assert_int_equal(errno, EINVAL);
	assert_int_equal(blq_server_nqueries(s), 0);
	assert_null(blq_server_query(s, 0));
	assert_null(blq_client_server(c, 1));
	assert_int_equal(blq_client_nservers(c), 1);
	/* Never driven: abort finishes the queries, each once. */
	add_queries(s, &r, 2);
	assert_false(blq_client_finished(c));
	blq_client_abort(c, NULL);
	assert_int_equal(r.q[0].res.outcome, BLQ_OUT_ABORTED);
	assert_string_equal(r.q[0].res.text, "aborted");
	assert_int_equal(r.q[1].ndone, 1);
	blq_client_abort(c, "again");
	assert_int_equal(r.q[1].ndone, 1);
	blq_client_free(c);

	assert_string_equal(blq_outcome_str(BLQ_OUT_TOO_MANY),
			    "too many bindings");
	assert_string_equal(blq_event_str(BLQ_EV_RETRY), "retry");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v4_one_query),
		cmocka_unit_test(test_v4_interleaved),
		cmocka_unit_test(test_v6_data_without_client_data),
		cmocka_unit_test(test_v6_empty_reply),
		cmocka_unit_test(test_unknown_xid_closes),
		cmocka_unit_test(test_framing_errors),
		cmocka_unit_test(test_truncated_then_close),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_closed_before_done_retried),
		cmocka_unit_test(test_data_timeout),
		cmocka_unit_test(test_connect_timeout),
		cmocka_unit_test(test_connect_blackhole),
		cmocka_unit_test(test_refused_backoff),
		cmocka_unit_test(test_max_bindings),
		cmocka_unit_test(test_error_status),
		cmocka_unit_test(test_protocol_errors_v6),
		cmocka_unit_test(test_malformed_v4),
		cmocka_unit_test(test_message_after_done),
		cmocka_unit_test(test_write_stall),
		cmocka_unit_test(test_one_at_a_time),
		cmocka_unit_test(test_two_connections),
		cmocka_unit_test(test_persist),
		cmocka_unit_test(test_persist_one_complete),
		cmocka_unit_test(test_trickle_times_out),
		cmocka_unit_test(test_run_deadline),
		cmocka_unit_test(test_parallel_event_loop),
		cmocka_unit_test(test_addr_parse),
		cmocka_unit_test(test_api_misc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
