// SPDX-License-Identifier: GPL-2.0
/*
 * Bulk Leasequery requestor (blq_client.h): servers and their queries,
 * which query goes out on which connection and when, matching the answers
 * to their queries, the retry policy and the poll loop.  The sockets are
 * blq_conn.c's; it reports here through conn_event() only.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "blq_client.h"
#include "blq_conn.h"

#define BLQ_CONNECTIONS_MAX	16
#define BLQ_PIPELINE_MAX	64

struct blq_query {
	struct blq_server *server;
	size_t index;
	void *user;
	uint8_t *msg;		/* the encoded query; the id is patched */
	size_t len;
	size_t xid_off;
	uint32_t xid;
	struct blq_slot *slot;	/* the connection carrying it, NULL if none */
	struct blq_slot *sent_on;	/* the last one that carried it ... */
	unsigned int sent_gen;		/* ... and which connection of it */
	bool final;		/* res.outcome is set for good */
	bool got_reply;		/* v6: LEASEQUERY-REPLY seen on this conn */
	uint64_t conn_bindings;	/* on this connection */
	/* While pending: why the last attempt failed (for the final result). */
	enum blq_outcome fail;
	uint16_t fail_code;
	char fail_text[sizeof(((struct blq_query_result *)0)->text)];
	struct blq_query_result res;
};

/* One connection of a server and the queries in flight on it. */
struct blq_slot {
	struct blq_server *server;
	struct blq_conn conn;
	unsigned int inflight;
	struct blq_query *last;	/* last matched: streams come in runs */
	/*
	 * v6: a query ended by a REPLY without CLIENT_DATA (Kea's "no
	 * bindings").  A server may still send its DONE: swallowed once.
	 */
	struct blq_query *late;
};

struct blq_server {
	struct blq_client *client;
	enum blq_proto proto;
	struct sockaddr_storage addr;
	socklen_t addr_len;
	char name[64];
	void *user;
	struct blq_server_stats stats;
	struct blq_conn_stats cstats;

	struct blq_query **q;
	size_t nq, cap;
	size_t unfinished;
	size_t not_done;	/* queries that ended other than DONE */

	struct blq_slot *slots;	/* params.connections */
	int64_t next_try;	/* no new connection before (backoff) */
	unsigned int fails;	/* failures in a row without a query done */
	bool gave_up;
};

struct blq_client {
	struct blq_client_params p;
	struct blq_client_ops ops;
	void *arg;
	struct blq_server **s;
	size_t ns, cap;
	bool started;
	size_t unfinished;	/* queries without an outcome */
	size_t complete;	/* servers with every query DONE */
};

void blq_client_params_default(struct blq_client_params *p)
{
	memset(p, 0, sizeof(*p));
	p->conn_timeout_ms = 30000;	/* draft-00 BULK_LQ_CONN_TIMEOUT */
	p->data_timeout_ms = 300000;	/* RFC 5460/6926 BULK_LQ_DATA_TIMEOUT */
	p->retry_initial_ms = 1000;
	p->retry_max_ms = 60000;	/* draft-00 BULK_LQ_MAX_RETRY */
	p->max_attempts = 6;
	p->connections = 1;
	p->pipeline = 1;
	p->max_msg = BLQ_FRAME_MAX;
	p->max_bindings = 1000000;
}

const char *blq_outcome_str(enum blq_outcome o)
{
	switch (o) {
	case BLQ_OUT_PENDING:	return "pending";
	case BLQ_OUT_DONE:	return "done";
	case BLQ_OUT_STATUS:	return "server error";
	case BLQ_OUT_CLOSED:	return "connection closed";
	case BLQ_OUT_TIMEOUT:	return "timeout";
	case BLQ_OUT_CONNECT:	return "connect failed";
	case BLQ_OUT_PROTOCOL:	return "protocol error";
	case BLQ_OUT_TOO_MANY:	return "too many bindings";
	case BLQ_OUT_ABORTED:	return "aborted";
	}
	return "?";
}

const char *blq_event_str(enum blq_event ev)
{
	switch (ev) {
	case BLQ_EV_CONNECTING:	return "connecting";
	case BLQ_EV_CONNECTED:	return "connected";
	case BLQ_EV_CLOSED:	return "closed";
	case BLQ_EV_RETRY:	return "retry";
	case BLQ_EV_GAVE_UP:	return "gave up";
	}
	return "?";
}

int64_t blq_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct blq_client *blq_client_new(const struct blq_client_params *params,
				  const struct blq_client_ops *ops, void *arg)
{
	struct blq_client *c;

	if (!ops || !ops->on_binding || !ops->on_query_done) {
		errno = EINVAL;
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	if (params)
		c->p = *params;
	else
		blq_client_params_default(&c->p);
	if (!c->p.max_msg || c->p.max_msg > BLQ_FRAME_MAX ||
	    !c->p.conn_timeout_ms || !c->p.data_timeout_ms ||
	    !c->p.connections || c->p.connections > BLQ_CONNECTIONS_MAX ||
	    !c->p.pipeline || c->p.pipeline > BLQ_PIPELINE_MAX) {
		free(c);
		errno = EINVAL;
		return NULL;
	}
	c->ops = *ops;
	c->arg = arg;
	return c;
}

void blq_client_free(struct blq_client *c)
{
	size_t i, j;

	if (!c)
		return;
	for (i = 0; i < c->ns; i++) {
		struct blq_server *s = c->s[i];

		for (j = 0; j < c->p.connections; j++)
			blq_conn_destroy(&s->slots[j].conn);
		free(s->slots);
		for (j = 0; j < s->nq; j++) {
			free(s->q[j]->msg);
			free(s->q[j]);
		}
		free(s->q);
		free(s);
	}
	free(c->s);
	free(c);
}

static void conn_event(void *arg, struct blq_conn *conn,
		       const struct blq_conn_ev *ev);

static int server_slots(struct blq_client *c, struct blq_server *s)
{
	unsigned int i, j;

	s->slots = calloc(c->p.connections, sizeof(*s->slots));
	if (!s->slots)
		return -1;
	for (i = 0; i < c->p.connections; i++) {
		struct blq_slot *sl = &s->slots[i];

		sl->server = s;
		if (blq_conn_init(&sl->conn, c->p.max_msg,
				  c->p.conn_timeout_ms, c->p.data_timeout_ms,
				  &s->cstats, conn_event, sl)) {
			for (j = 0; j < i; j++)
				blq_conn_destroy(&s->slots[j].conn);
			free(s->slots);
			return -1;
		}
	}
	return 0;
}

static void addr_name(const struct sockaddr_storage *ss, char *buf,
		      size_t size)
{
	char a[INET6_ADDRSTRLEN];

	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)ss;

		inet_ntop(AF_INET, &in->sin_addr, a, sizeof(a));
		snprintf(buf, size, "%s:%u", a, ntohs(in->sin_port));
	} else {
		const struct sockaddr_in6 *in6 = (const void *)ss;

		inet_ntop(AF_INET6, &in6->sin6_addr, a, sizeof(a));
		snprintf(buf, size, "[%s]:%u", a, ntohs(in6->sin6_port));
	}
}

struct blq_server *blq_client_add_server(struct blq_client *c,
					 const struct sockaddr *sa,
					 socklen_t sa_len, enum blq_proto proto,
					 void *user)
{
	uint16_t defport = proto == BLQ_PROTO_V4 ? BLQ_PORT_V4 : BLQ_PORT_V6;
	struct blq_server *s;

	if (!c || !sa || (proto != BLQ_PROTO_V4 && proto != BLQ_PROTO_V6) ||
	    (sa->sa_family == AF_INET && sa_len < sizeof(struct sockaddr_in)) ||
	    (sa->sa_family == AF_INET6 &&
	     sa_len < sizeof(struct sockaddr_in6)) ||
	    (sa->sa_family != AF_INET && sa->sa_family != AF_INET6)) {
		errno = EINVAL;
		return NULL;
	}
	if (c->started) {
		errno = EBUSY;
		return NULL;
	}
	if (c->ns == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 4;
		struct blq_server **v = realloc(c->s, cap * sizeof(*v));

		if (!v)
			return NULL;
		c->s = v;
		c->cap = cap;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	if (server_slots(c, s)) {
		free(s);
		errno = ENOMEM;
		return NULL;
	}
	s->client = c;
	s->proto = proto;
	s->user = user;
	if (sa->sa_family == AF_INET) {
		struct sockaddr_in *in = (void *)&s->addr;

		memcpy(in, sa, sizeof(*in));
		if (!in->sin_port)
			in->sin_port = htons(defport);
		s->addr_len = sizeof(*in);
	} else {
		struct sockaddr_in6 *in6 = (void *)&s->addr;

		memcpy(in6, sa, sizeof(*in6));
		if (!in6->sin6_port)
			in6->sin6_port = htons(defport);
		s->addr_len = sizeof(*in6);
	}
	addr_name(&s->addr, s->name, sizeof(s->name));
	c->s[c->ns++] = s;
	return s;
}

int blq_addr_parse(const char *str, uint16_t default_port,
		   struct sockaddr_storage *ss, socklen_t *len)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *port = NULL, *end;
	unsigned long pn = default_port;
	size_t hl;

	if (!str || !ss || !len)
		return -EINVAL;
	if (str[0] == '[') {
		end = strchr(str, ']');
		if (!end)
			return -EINVAL;
		hl = (size_t)(end - str - 1);
		str++;
		if (end[1] == ':')
			port = end + 2;
		else if (end[1])
			return -EINVAL;
	} else {
		end = strchr(str, ':');
		/* One colon is host:port; more is a bare IPv6 address. */
		if (end && !strchr(end + 1, ':')) {
			hl = (size_t)(end - str);
			port = end + 1;
		} else {
			hl = strlen(str);
		}
	}
	if (!hl || hl >= sizeof(host))
		return -EINVAL;
	memcpy(host, str, hl);
	host[hl] = '\0';
	if (port) {
		char *e;

		if (*port < '0' || *port > '9')
			return -EINVAL;
		errno = 0;
		pn = strtoul(port, &e, 10);
		if (errno || *e || pn == 0 || pn > 65535)
			return -EINVAL;
	}
	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, host, &((struct sockaddr_in *)ss)->sin_addr) ==
	    1) {
		struct sockaddr_in *in = (void *)ss;

		in->sin_family = AF_INET;
		in->sin_port = htons((uint16_t)pn);
		*len = sizeof(*in);
		return 0;
	}
	if (inet_pton(AF_INET6, host,
		      &((struct sockaddr_in6 *)ss)->sin6_addr) == 1) {
		struct sockaddr_in6 *in6 = (void *)ss;

		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)pn);
		*len = sizeof(*in6);
		return 0;
	}
	return -EINVAL;
}

/* Keep the encoded query; its id is written per connection. */
static struct blq_query *add_query(struct blq_server *s, const uint8_t *msg,
				   size_t len, size_t xid_off, void *user)
{
	struct blq_client *c = s->client;
	struct blq_query *q;

	if (s->nq == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 4;
		struct blq_query **v = realloc(s->q, cap * sizeof(*v));

		if (!v)
			return NULL;
		s->q = v;
		s->cap = cap;
	}
	q = calloc(1, sizeof(*q));
	if (!q)
		return NULL;
	q->msg = malloc(len);
	if (!q->msg) {
		free(q);
		return NULL;
	}
	memcpy(q->msg, msg, len);
	q->len = len;
	q->xid_off = xid_off;
	q->server = s;
	q->index = s->nq;
	q->user = user;
	s->q[s->nq++] = q;
	s->unfinished++;
	c->unfinished++;
	return q;
}

static bool can_add(struct blq_server *s, enum blq_proto proto,
		    const void *q)
{
	if (!s || !q || s->proto != proto) {
		errno = EINVAL;
		return false;
	}
	if (s->client->started) {
		errno = EBUSY;
		return false;
	}
	return true;
}

struct blq_query *blq_client_add_query4(struct blq_server *s,
					const struct blq4_query *q,
					void *user)
{
	struct blq4_query tmp;
	uint8_t buf[1024];	/* 240 + 55 + the bounded selectors */
	size_t len;

	if (!can_add(s, BLQ_PROTO_V4, q))
		return NULL;
	tmp = *q;
	tmp.xid = 0;
	if (blq4_build_query(&tmp, buf, sizeof(buf), &len)) {
		errno = EINVAL;
		return NULL;
	}
	/* RFC 2131 section 2: op, htype, hlen, hops, then xid. */
	return add_query(s, buf, len, 4, user);
}

struct blq_query *blq_client_add_query6(struct blq_server *s,
					const struct blq6_query *q,
					void *user)
{
	struct blq6_query tmp;
	uint8_t *buf;
	struct blq_query *r;
	size_t len;

	if (!can_add(s, BLQ_PROTO_V6, q))
		return NULL;
	buf = malloc(BLQ_FRAME_MAX);
	if (!buf)
		return NULL;
	tmp = *q;
	tmp.xid = 0;
	if (blq6_build_query(&tmp, buf, BLQ_FRAME_MAX, &len)) {
		free(buf);
		errno = EINVAL;
		return NULL;
	}
	/* RFC 8415 section 8: msg-type, then the 3-octet transaction-id. */
	r = add_query(s, buf, len, 1, user);
	free(buf);
	return r;
}

static void event(struct blq_server *s, enum blq_event ev, const char *fmt,
		  ...) __attribute__((format(printf, 3, 4)));

static void event(struct blq_server *s, enum blq_event ev, const char *fmt,
		  ...)
{
	struct blq_client *c = s->client;
	char text[160];
	va_list ap;

	if (!c->ops.on_event)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	c->ops.on_event(c->arg, s, ev, text);
}

/* ---- queries ---- */

/* @q is no longer in flight on its connection, if it was. */
static void detach(struct blq_query *q)
{
	struct blq_slot *sl = q->slot;

	if (!sl)
		return;
	sl->inflight--;
	if (sl->last == q)
		sl->last = NULL;
	q->slot = NULL;
}

static void finish(struct blq_query *q, enum blq_outcome o, uint16_t code,
		   const char *text)
{
	struct blq_server *s = q->server;
	struct blq_client *c = s->client;

	if (q->final)
		return;
	detach(q);
	q->final = true;
	q->res.outcome = o;
	q->res.status_code = code;
	q->res.bindings = q->conn_bindings;
	snprintf(q->res.text, sizeof(q->res.text), "%s", text ? text : "");
	s->unfinished--;
	c->unfinished--;
	/* An answer from the server, even an error, shows it is working. */
	if (o == BLQ_OUT_DONE || o == BLQ_OUT_STATUS || o == BLQ_OUT_TOO_MANY)
		s->fails = 0;
	if (o != BLQ_OUT_DONE)
		s->not_done++;
	else if (!s->unfinished && !s->not_done)
		c->complete++;
	c->ops.on_query_done(c->arg, s, q, &q->res);
}

/* Back to the queue, with why this attempt failed. */
static void requeue(struct blq_query *q, enum blq_outcome o, uint16_t code,
		    const char *text)
{
	detach(q);
	q->fail = o;
	q->fail_code = code;
	snprintf(q->fail_text, sizeof(q->fail_text), "%s", text);
}

/* Close connection @sl; its queries are the caller's to requeue. */
static void slot_close(struct blq_slot *sl)
{
	blq_conn_close(&sl->conn);
	sl->late = NULL;
}

static void give_up(struct blq_server *s)
{
	size_t i;

	if (!s->gave_up)
		event(s, BLQ_EV_GAVE_UP, "after %u attempts", s->fails);
	s->gave_up = true;
	for (i = 0; i < s->nq; i++) {
		struct blq_query *q = s->q[i];

		if (!q->final && !q->slot)
			finish(q, q->fail, q->fail_code, q->fail_text);
	}
}

/* May @s stop trying?  Not while the client persists and nobody is done. */
static bool may_give_up(const struct blq_server *s)
{
	const struct blq_client *c = s->client;

	if (!c->p.max_attempts || s->fails < c->p.max_attempts)
		return false;
	return !c->p.persist || c->complete;
}

/*
 * Connection @sl is gone (closed already) or must go: its queries go back
 * to the queue and the server backs off, or gives up.
 */
static void slot_failed(struct blq_slot *sl, enum blq_outcome o, uint16_t code,
			const char *text, int64_t now)
{
	struct blq_server *s = sl->server;
	struct blq_client *c = s->client;
	unsigned int delay, i;
	size_t j;
	bool carried = sl->inflight > 0;

	slot_close(sl);
	event(s, BLQ_EV_CLOSED, "%s", text);
	/* Its queries, and the queued ones: all carry this failure now. */
	for (j = 0; j < s->nq; j++) {
		struct blq_query *q = s->q[j];

		if (q->final || (q->slot && q->slot != sl))
			continue;
		/* A connect that failed was opened for the queued ones. */
		if (!q->slot && !carried)
			q->res.attempts++;
		requeue(q, o, code, text);
	}
	if (!s->unfinished)
		return;
	s->fails++;
	if (may_give_up(s)) {
		give_up(s);
		return;
	}
	/* 1, 2, 4 ... times the initial wait, capped (shift kept small). */
	delay = c->p.retry_initial_ms;
	for (i = 1; i < s->fails && delay < c->p.retry_max_ms; i++)
		delay = delay > UINT_MAX / 2 ? UINT_MAX : delay * 2;
	if (delay > c->p.retry_max_ms)
		delay = c->p.retry_max_ms;
	/* Another connection of the server may have set a later one. */
	if (s->next_try < now + delay)
		s->next_try = now + delay;
	s->stats.retries++;
	event(s, BLQ_EV_RETRY, "in %u ms", delay);
}

/* ---- sending ---- */

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

static bool xid_taken(const struct blq_slot *sl, uint32_t xid)
{
	const struct blq_server *s = sl->server;
	size_t i;

	for (i = 0; i < s->nq; i++)
		if (s->q[i]->sent_on == sl && s->q[i]->sent_gen == sl->conn.gen &&
		    s->q[i]->xid == xid)
			return true;
	return false;
}

static void set_xid(struct blq_query *q, uint32_t xid)
{
	uint8_t *p = q->msg + q->xid_off;

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

static struct blq_query *next_queued(const struct blq_server *s)
{
	size_t i;

	for (i = 0; i < s->nq; i++)
		if (!s->q[i]->final && !s->q[i]->slot)
			return s->q[i];
	return NULL;
}

static size_t queued(const struct blq_server *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->nq; i++)
		n += !s->q[i]->final && !s->q[i]->slot;
	return n;
}

/* Put queued queries on open connection @sl up to the pipeline depth. */
static void fill(struct blq_slot *sl, int64_t now)
{
	struct blq_server *s = sl->server;
	struct blq_client *c = s->client;
	uint32_t mask = s->proto == BLQ_PROTO_V4 ? UINT32_MAX : BLQ6_XID_MAX;
	struct blq_query *q;
	char why[64];
	uint32_t xid;
	int e;

	while (sl->conn.state == BLQ_CONN_OPEN &&
	       sl->inflight < c->p.pipeline && (q = next_queued(s))) {
		/* Fresh per connection: late data of an old one can't match. */
		do
			xid = random_u32() & mask;
		while (xid_taken(sl, xid));
		set_xid(q, xid);
		e = blq_conn_send(&sl->conn, q->msg, q->len, now);
		if (e) {
			snprintf(why, sizeof(why), "send: %s", strerror(-e));
			slot_failed(sl, BLQ_OUT_CLOSED, 0, why, now);
			return;
		}
		q->slot = sl;
		q->sent_on = sl;
		q->sent_gen = sl->conn.gen;
		q->got_reply = false;
		q->conn_bindings = 0;
		q->res.attempts++;
		sl->inflight++;
	}
}

/*
 * The server's connections after something changed: fill the open ones,
 * close those with nothing left to do, open new ones for queued queries
 * once the backoff allows.
 */
static void server_step(struct blq_server *s, int64_t now)
{
	struct blq_client *c = s->client;
	size_t want, i;

	/*
	 * Given up: fail what came back to the queue since.  Or allowed to
	 * give up now that another server completed.
	 */
	if (s->gave_up || (s->unfinished && may_give_up(s)))
		give_up(s);
	for (i = 0; i < c->p.connections; i++) {
		struct blq_slot *sl = &s->slots[i];

		if (sl->conn.state == BLQ_CONN_OPEN)
			fill(sl, now);
		if (sl->conn.state == BLQ_CONN_OPEN && !sl->inflight &&
		    !next_queued(s)) {
			slot_close(sl);
			event(s, BLQ_EV_CLOSED, "%s", s->unfinished ?
			      "nothing to ask on it" : "all queries finished");
		}
	}
	want = queued(s);
	if (!want || s->gave_up || now < s->next_try)
		return;
	/* Connections being set up will take a pipeline each. */
	for (i = 0; i < c->p.connections; i++) {
		const struct blq_slot *sl = &s->slots[i];

		if (sl->conn.state == BLQ_CONN_CONNECTING)
			want = want > c->p.pipeline ? want - c->p.pipeline : 0;
	}
	for (i = 0; i < c->p.connections && want; i++) {
		struct blq_slot *sl = &s->slots[i];

		if (blq_conn_busy(&sl->conn))
			continue;
		event(s, BLQ_EV_CONNECTING, "%s", "");
		want = want > c->p.pipeline ? want - c->p.pipeline : 0;
		blq_conn_open(&sl->conn, (const struct sockaddr *)&s->addr,
			      s->addr_len, now);
	}
}

/* ---- receiving ---- */

/*
 * The query @xid names on @sl's connection: in flight, or (*@finished)
 * already ended on it.
 */
static struct blq_query *find_query(struct blq_slot *sl, uint32_t xid,
				    bool *finished)
{
	struct blq_server *s = sl->server;
	size_t i;

	*finished = false;
	if (sl->last && sl->last->xid == xid && sl->last->slot == sl)
		return sl->last;
	for (i = 0; i < s->nq; i++) {
		struct blq_query *q = s->q[i];

		if (q->sent_on != sl || q->sent_gen != sl->conn.gen ||
		    q->xid != xid)
			continue;
		if (q->slot == sl)
			sl->last = q;
		else
			*finished = true;
		return q;
	}
	return NULL;
}

static void protocol_error(struct blq_slot *sl, int64_t now,
			   const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The server broke the protocol: the stream cannot be trusted further. */
static void protocol_error(struct blq_slot *sl, int64_t now,
			   const char *fmt, ...)
{
	char why[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	slot_failed(sl, BLQ_OUT_PROTOCOL, 0, why, now);
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

/* Hand one binding over, unless the query is over its limit. */
static void deliver(struct blq_slot *sl, struct blq_query *q,
		    const struct blq_binding *b)
{
	struct blq_server *s = sl->server;
	struct blq_client *c = s->client;
	char why[96];
	size_t i;

	if (c->p.max_bindings && q->conn_bindings >= c->p.max_bindings) {
		snprintf(why, sizeof(why), "more than %" PRIu64 " bindings",
			 c->p.max_bindings);
		finish(q, BLQ_OUT_TOO_MANY, 0, why);
		/*
		 * The rest of its stream would still have to be read: close.
		 * The server did nothing wrong, so the others on this
		 * connection go back to the queue without a backoff.
		 */
		slot_close(sl);
		for (i = 0; i < s->nq; i++)
			if (s->q[i]->slot == sl)
				requeue(s->q[i], BLQ_OUT_CLOSED, 0,
					"closed: another query exceeded max_bindings");
		event(s, BLQ_EV_CLOSED, "query %zu exceeded max_bindings",
		      q->index);
		return;
	}
	q->conn_bindings++;
	s->stats.bindings++;
	c->ops.on_binding(c->arg, s, q, b);
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

/*
 * An error status ends the query, except QueryTerminated (RFC 6926 section
 * 6.2.2, RFC 5460 section 5.1: the server stopped it, e.g. for a restart):
 * that query is asked again later, on a new connection.
 */
static void ended_by_status(struct blq_slot *sl, struct blq_query *q,
			    uint16_t code, bool terminated, const char *text,
			    int64_t now)
{
	char why[160];

	if (!terminated) {
		finish(q, BLQ_OUT_STATUS, code, text);
		return;
	}
	snprintf(why, sizeof(why), "query terminated by the server%s%s",
		 text[0] ? ": " : "", text);
	slot_failed(sl, BLQ_OUT_STATUS, code, why, now);
}

static void dispatch4(struct blq_slot *sl, const uint8_t *msg, size_t len,
		      int64_t now)
{
	struct blq_server *s = sl->server;
	struct blq4_binding b;
	struct blq_binding bb = { .proto = BLQ_PROTO_V4, .v4 = &b };
	struct blq_query *q;
	enum blq_err err;
	char text[BLQ4_STATUS_TEXT_MAX + 1];
	bool late;

	err = blq4_decode(msg, len, &b);
	if (err == BLQ_ERR_SHORT) {
		protocol_error(sl, now, "message of %zu octets", len);
		return;
	}
	q = find_query(sl, b.xid, &late);
	if (!q || late) {
		/* RFC 6926: a reply we did not ask for ends the stream. */
		protocol_error(sl, now, "message for %s xid 0x%08x",
			       q ? "finished" : "unknown", b.xid);
		return;
	}
	if (err) {
		if (content_error(err) &&
		    b.msg_type != BLQ4_MSG_LEASEQUERYDONE) {
			s->stats.malformed++;
			return;
		}
		protocol_error(sl, now, "bad message: %s", blq_strerror(err));
		return;
	}
	if (b.msg_type != BLQ4_MSG_LEASEQUERYDONE) {
		deliver(sl, q, &bb);
		return;
	}
	if (b.status_code != BLQ4_STATUS_SUCCESS) {
		status_text(text, sizeof(text), (const uint8_t *)b.status_text,
			    b.status_text_len);
		ended_by_status(sl, q, b.status_code, b.status_code ==
				BLQ4_STATUS_QUERY_TERMINATED, text, now);
		return;
	}
	finish(q, BLQ_OUT_DONE, 0, "");
}

static void dispatch6(struct blq_slot *sl, const uint8_t *msg, size_t len,
		      int64_t now)
{
	struct blq_server *s = sl->server;
	struct blq6_msg m;
	struct blq_binding bb = { .proto = BLQ_PROTO_V6, .v6 = &m };
	struct blq_query *q;
	enum blq_err err;
	char text[128];
	bool late;

	err = blq6_decode(msg, len, &m);
	if (err == BLQ_ERR_SHORT) {
		protocol_error(sl, now, "message of %zu octets", len);
		return;
	}
	q = find_query(sl, m.xid, &late);
	if (q && late && sl->late == q &&
	    m.msg_type == BLQ6_MSG_LEASEQUERY_DONE && !err) {
		/*
		 * "No bindings" came as a REPLY without CLIENT_DATA, which
		 * ends the query (Kea stops there); a server that still
		 * sends the DONE is right too.
		 */
		sl->late = NULL;
		return;
	}
	if (!q || late) {
		protocol_error(sl, now, "message for %s xid 0x%06x",
			       q ? "finished" : "unknown", m.xid);
		return;
	}
	if (err == BLQ_ERR_NO_CLIENT_DATA) {
		/* RFC 5460: a DATA without CLIENT_DATA is discarded. */
		s->stats.discarded++;
		return;
	}
	if (err) {
		if (content_error(err) &&
		    m.msg_type != BLQ6_MSG_LEASEQUERY_DONE) {
			if (m.msg_type == BLQ6_MSG_LEASEQUERY_REPLY)
				q->got_reply = true;
			s->stats.malformed++;
			return;
		}
		protocol_error(sl, now, "bad message: %s", blq_strerror(err));
		return;
	}
	if (m.has_status && m.status_code != BLQ6_STATUS_SUCCESS) {
		status_text(text, sizeof(text), m.status_msg.ptr,
			    m.status_msg.ptr ? m.status_msg.len : 0);
		ended_by_status(sl, q, m.status_code, m.status_code ==
				BLQ6_STATUS_QUERY_TERMINATED, text, now);
		return;
	}
	switch (m.msg_type) {
	case BLQ6_MSG_LEASEQUERY_REPLY:
		/* RFC 5460: exactly one REPLY opens each query's answer. */
		if (q->got_reply) {
			protocol_error(sl, now, "second LEASEQUERY-REPLY");
			return;
		}
		q->got_reply = true;
		if (m.has_client_data) {
			deliver(sl, q, &bb);
			return;
		}
		sl->late = q;
		finish(q, BLQ_OUT_DONE, 0, "no bindings");
		return;
	case BLQ6_MSG_LEASEQUERY_DATA:
		if (!q->got_reply) {
			protocol_error(sl, now, "LEASEQUERY-DATA before REPLY");
			return;
		}
		deliver(sl, q, &bb);
		return;
	default:	/* DONE; blq6_decode() accepts nothing else */
		finish(q, BLQ_OUT_DONE, 0, "");
		return;
	}
}

static enum blq_outcome conn_outcome(enum blq_conn_fail f)
{
	switch (f) {
	case BLQ_CONN_TIMEOUT:	return BLQ_OUT_TIMEOUT;
	case BLQ_CONN_REFUSED:	return BLQ_OUT_CONNECT;
	case BLQ_CONN_FRAMING:	return BLQ_OUT_PROTOCOL;
	case BLQ_CONN_CLOSED:	break;
	}
	return BLQ_OUT_CLOSED;
}

/* The one way up from blq_conn.c. */
static void conn_event(void *arg, struct blq_conn *conn,
		       const struct blq_conn_ev *ev)
{
	struct blq_slot *sl = arg;
	struct blq_server *s = sl->server;
	/* A message: the time of its read (a clock read per binding was 1 %
	 * of a restore). */
	int64_t now = ev->type == BLQ_CONN_EV_MSG ? ev->now : blq_now_ms();

	(void)conn;
	switch (ev->type) {
	case BLQ_CONN_EV_UP:
		event(s, BLQ_EV_CONNECTED, "%s", "");
		fill(sl, now);
		return;
	case BLQ_CONN_EV_MSG:
		if (s->proto == BLQ_PROTO_V4)
			dispatch4(sl, ev->msg, ev->len, now);
		else
			dispatch6(sl, ev->msg, ev->len, now);
		/*
		 * The next query as soon as the previous one ended (not
		 * worth a call for each binding of a stream).
		 */
		if (sl->inflight < s->client->p.pipeline)
			fill(sl, now);
		return;
	case BLQ_CONN_EV_DOWN:
		if (ev->fail == BLQ_CONN_CLOSED && !sl->inflight) {
			/* Nothing was asked on it: no failure of anyone. */
			sl->late = NULL;
			event(s, BLQ_EV_CLOSED, "%s", ev->text);
			return;
		}
		slot_failed(sl, conn_outcome(ev->fail), 0, ev->text, now);
		return;
	}
}

/* ---- driving ---- */

size_t blq_client_nfds_max(const struct blq_client *c)
{
	return c->ns * c->p.connections;
}

size_t blq_client_pollfds(const struct blq_client *c, struct pollfd *fds,
			  size_t n)
{
	size_t i, j, k = 0;

	for (i = 0; i < c->ns; i++)
		for (j = 0; j < c->p.connections && k < n; j++)
			k += blq_conn_pollfd(&c->s[i]->slots[j].conn, &fds[k]);
	return k;
}

int blq_client_timeout_ms(const struct blq_client *c, int64_t now)
{
	int64_t best = -1, t;
	size_t i, j;

	if (!c->unfinished)
		return -1;
	if (!c->started)
		return 0;
	for (i = 0; i < c->ns; i++) {
		const struct blq_server *s = c->s[i];
		bool idle = false;

		for (j = 0; j < c->p.connections; j++) {
			t = blq_conn_deadline(&s->slots[j].conn);
			if (t < 0) {
				idle = true;
				continue;
			}
			if (best < 0 || t < best)
				best = t;
		}
		/* A queued query waits for the backoff on an idle slot. */
		if (idle && !s->gave_up && next_queued(s) &&
		    (best < 0 || s->next_try < best))
			best = s->next_try;
	}
	if (best < 0)
		return -1;
	best -= now;
	if (best < 0)
		best = 0;
	return best > INT_MAX ? INT_MAX : (int)best;
}

void blq_client_process(struct blq_client *c, const struct pollfd *fds,
			size_t n, int64_t now)
{
	size_t i, j, k;

	c->started = true;
	for (i = 0; i < n; i++) {
		if (!fds[i].revents || fds[i].fd < 0)
			continue;
		for (j = 0; j < c->ns; j++) {
			struct blq_server *s = c->s[j];

			for (k = 0; k < c->p.connections; k++)
				if (s->slots[k].conn.fd == fds[i].fd)
					break;
			if (k < c->p.connections) {
				blq_conn_io(&s->slots[k].conn, fds[i].revents,
					    now);
				break;
			}
		}
	}
	for (j = 0; j < c->ns; j++) {
		struct blq_server *s = c->s[j];

		for (k = 0; k < c->p.connections; k++)
			blq_conn_timer(&s->slots[k].conn, now);
	}
	for (j = 0; j < c->ns; j++)
		server_step(c->s[j], now);
}

bool blq_client_finished(const struct blq_client *c)
{
	return !c->unfinished;
}

size_t blq_client_complete(const struct blq_client *c)
{
	return c->complete;
}

void blq_client_abort(struct blq_client *c, const char *why)
{
	size_t i, j;

	c->started = true;
	for (i = 0; i < c->ns; i++) {
		struct blq_server *s = c->s[i];

		for (j = 0; j < c->p.connections; j++)
			slot_close(&s->slots[j]);
		s->gave_up = true;
		for (j = 0; j < s->nq; j++)
			finish(s->q[j], BLQ_OUT_ABORTED, 0,
			       why ? why : "aborted");
	}
}

int blq_client_run(struct blq_client *c, int64_t deadline)
{
	size_t max = blq_client_nfds_max(c) ? blq_client_nfds_max(c) : 1;
	struct pollfd *fds = calloc(max, sizeof(*fds));
	int ret = 0;

	if (!fds) {
		blq_client_abort(c, "out of memory");
		return -ENOMEM;
	}
	while (!blq_client_finished(c)) {
		int64_t now = blq_now_ms();
		size_t n;
		int t;

		if (deadline && now >= deadline) {
			blq_client_abort(c, "overall deadline reached");
			ret = -ETIMEDOUT;
			break;
		}
		n = blq_client_pollfds(c, fds, max);
		t = blq_client_timeout_ms(c, now);
		if (deadline && (t < 0 || deadline - now < t))
			t = (int)(deadline - now);
		if (poll(fds, n, t) < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			blq_client_abort(c, "poll failed");
			break;
		}
		blq_client_process(c, fds, n, blq_now_ms());
	}
	free(fds);
	return ret;
}

size_t blq_client_nservers(const struct blq_client *c)
{
	return c->ns;
}

struct blq_server *blq_client_server(const struct blq_client *c, size_t i)
{
	return i < c->ns ? c->s[i] : NULL;
}

enum blq_proto blq_server_proto(const struct blq_server *s)
{
	return s->proto;
}

const char *blq_server_name(const struct blq_server *s)
{
	return s->name;
}

const struct sockaddr *blq_server_addr(const struct blq_server *s,
				       socklen_t *len)
{
	if (len)
		*len = s->addr_len;
	return (const struct sockaddr *)&s->addr;
}

void *blq_server_user(const struct blq_server *s)
{
	return s->user;
}

const struct blq_server_stats *blq_server_stats(const struct blq_server *s)
{
	/* The connections count into cstats; show them in one place. */
	struct blq_server_stats *st = (struct blq_server_stats *)&s->stats;

	st->messages = s->cstats.messages;
	st->bytes_in = s->cstats.bytes_in;
	st->bytes_out = s->cstats.bytes_out;
	st->connects = s->cstats.connects;
	st->connected = s->cstats.connected;
	return st;
}

size_t blq_server_nqueries(const struct blq_server *s)
{
	return s->nq;
}

struct blq_query *blq_server_query(const struct blq_server *s, size_t i)
{
	return i < s->nq ? s->q[i] : NULL;
}

struct blq_server *blq_query_server(const struct blq_query *q)
{
	return q->server;
}

size_t blq_query_index(const struct blq_query *q)
{
	return q->index;
}

void *blq_query_user(const struct blq_query *q)
{
	return q->user;
}

uint32_t blq_query_xid(const struct blq_query *q)
{
	return q->xid;
}

const struct blq_query_result *blq_query_result(const struct blq_query *q)
{
	return &q->res;
}
