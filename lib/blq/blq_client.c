// SPDX-License-Identifier: GPL-2.0
/*
 * Bulk Leasequery requestor: servers and queries, the retry policy and the
 * poll loop.  One connection's I/O is in blq_conn.c.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "blq_conn.h"

void blq_client_params_default(struct blq_client_params *p)
{
	memset(p, 0, sizeof(*p));
	p->conn_timeout_ms = 30000;	/* draft-00 BULK_LQ_CONN_TIMEOUT */
	p->data_timeout_ms = 300000;	/* RFC 5460/6926 BULK_LQ_DATA_TIMEOUT */
	p->retry_initial_ms = 1000;
	p->retry_max_ms = 60000;	/* draft-00 BULK_LQ_MAX_RETRY */
	p->max_attempts = 6;
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
	    !c->p.max_attempts || !c->p.conn_timeout_ms ||
	    !c->p.data_timeout_ms) {
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

		blq_conn_close(s);
		for (j = 0; j < s->nq; j++) {
			free(s->q[j]->wire);
			free(s->q[j]);
		}
		free(s->q);
		free(s->out);
		free(s->rbuf);
		free(s);
	}
	free(c->s);
	free(c);
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
	s->rbuf = malloc(c->p.max_msg);
	if (!s->rbuf) {
		free(s);
		return NULL;
	}
	blq_framer_init(&s->fr, s->rbuf, c->p.max_msg, c->p.max_msg);
	s->client = c;
	s->proto = proto;
	s->user = user;
	s->fd = -1;
	s->state = BLQ_CS_FINISHED;	/* until it has a query */
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

/* Keep the encoded, framed query; its id is written per connection. */
static struct blq_query *add_query(struct blq_server *s, const uint8_t *msg,
				   size_t len, size_t xid_off, void *user)
{
	struct blq_client *c = s->client;
	struct blq_query *q;
	size_t used;

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
	q->wire = malloc(len + BLQ_FRAME_HDR_LEN);
	if (!q->wire) {
		free(q);
		return NULL;
	}
	blq_frame_encode(q->wire, len + BLQ_FRAME_HDR_LEN, msg, len, &used);
	q->wire_len = used;
	q->xid_off = BLQ_FRAME_HDR_LEN + xid_off;
	q->server = s;
	q->index = s->nq;
	q->user = user;
	s->q[s->nq++] = q;
	s->unfinished++;
	c->unfinished++;
	s->state = BLQ_CS_WAIT;
	s->when = 0;
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

void blq_event(struct blq_server *s, enum blq_event ev, const char *fmt, ...)
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

void blq_query_finish(struct blq_query *q, enum blq_outcome o,
		      uint16_t code, const char *text)
{
	struct blq_server *s = q->server;
	struct blq_client *c = s->client;

	if (q->final)
		return;
	q->final = true;
	q->active = false;
	q->res.outcome = o;
	q->res.status_code = code;
	q->res.bindings = q->conn_bindings;
	snprintf(q->res.text, sizeof(q->res.text), "%s", text ? text : "");
	s->unfinished--;
	c->unfinished--;
	/* An answer from the server, even an error, shows it is working. */
	if (o == BLQ_OUT_DONE || o == BLQ_OUT_STATUS || o == BLQ_OUT_TOO_MANY)
		s->progress = true;
	c->ops.on_query_done(c->arg, s, q, &q->res);
}

static void give_up(struct blq_server *s)
{
	size_t i;

	s->state = BLQ_CS_FINISHED;
	for (i = 0; i < s->nq; i++) {
		struct blq_query *q = s->q[i];

		if (!q->final)
			blq_query_finish(q, q->fail, 0, q->fail_text);
	}
}

void blq_conn_failed(struct blq_server *s, enum blq_outcome o,
		     const char *text, int64_t now)
{
	struct blq_client *c = s->client;
	unsigned int delay;
	size_t i;

	blq_conn_close(s);
	blq_event(s, BLQ_EV_CLOSED, "%s", text);
	for (i = 0; i < s->nq; i++) {
		struct blq_query *q = s->q[i];

		if (q->final)
			continue;
		q->active = false;
		q->fail = o;
		snprintf(q->fail_text, sizeof(q->fail_text), "%s", text);
	}
	if (!s->unfinished) {
		s->state = BLQ_CS_FINISHED;
		return;
	}
	if (s->progress)
		s->fails = 0;
	s->fails++;
	if (s->fails >= c->p.max_attempts) {
		blq_event(s, BLQ_EV_GAVE_UP, "after %u attempts", s->fails);
		give_up(s);
		return;
	}
	/* 1, 2, 4 ... times the initial wait, capped (shift kept small). */
	delay = c->p.retry_initial_ms;
	for (i = 1; i < s->fails && delay < c->p.retry_max_ms; i++)
		delay = delay > UINT_MAX / 2 ? UINT_MAX : delay * 2;
	if (delay > c->p.retry_max_ms)
		delay = c->p.retry_max_ms;
	s->state = BLQ_CS_WAIT;
	s->when = now + delay;
	s->stats.retries++;
	blq_event(s, BLQ_EV_RETRY, "in %u ms", delay);
}

size_t blq_client_nfds_max(const struct blq_client *c)
{
	return c->ns;
}

size_t blq_client_pollfds(const struct blq_client *c, struct pollfd *fds,
			  size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < c->ns && k < n; i++) {
		const struct blq_server *s = c->s[i];

		if (s->fd < 0)
			continue;
		fds[k].fd = s->fd;
		fds[k].revents = 0;
		if (s->state == BLQ_CS_CONNECTING)
			fds[k].events = POLLOUT;
		else if (s->out_off < s->out_len)
			fds[k].events = POLLIN | POLLOUT;
		else
			fds[k].events = POLLIN;
		k++;
	}
	return k;
}

int blq_client_timeout_ms(const struct blq_client *c, int64_t now)
{
	int64_t best = -1;
	size_t i;

	if (!c->started && c->unfinished)
		return 0;
	for (i = 0; i < c->ns; i++) {
		const struct blq_server *s = c->s[i];
		int64_t left;

		if (s->state == BLQ_CS_FINISHED)
			continue;
		left = s->when - now;
		if (left < 0)
			left = 0;
		if (best < 0 || left < best)
			best = left;
	}
	return best > INT_MAX ? INT_MAX : (int)best;
}

void blq_client_process(struct blq_client *c, const struct pollfd *fds,
			size_t n, int64_t now)
{
	size_t i, j;

	c->started = true;
	for (i = 0; i < n; i++) {
		if (!fds[i].revents || fds[i].fd < 0)
			continue;
		for (j = 0; j < c->ns; j++) {
			struct blq_server *s = c->s[j];

			if (s->fd == fds[i].fd) {
				blq_conn_io(s, fds[i].revents, now);
				break;
			}
		}
	}
	for (j = 0; j < c->ns; j++) {
		struct blq_server *s = c->s[j];

		if (s->state == BLQ_CS_FINISHED || now < s->when)
			continue;
		if (s->state == BLQ_CS_WAIT)
			blq_conn_start(s, now);
		else
			blq_conn_timer(s, now);
	}
}

bool blq_client_finished(const struct blq_client *c)
{
	return !c->unfinished;
}

void blq_client_abort(struct blq_client *c, const char *why)
{
	size_t i, j;

	c->started = true;
	for (i = 0; i < c->ns; i++) {
		struct blq_server *s = c->s[i];

		blq_conn_close(s);
		s->state = BLQ_CS_FINISHED;
		for (j = 0; j < s->nq; j++)
			blq_query_finish(s->q[j], BLQ_OUT_ABORTED, 0,
					 why ? why : "aborted");
	}
}

int blq_client_run(struct blq_client *c, int64_t deadline)
{
	size_t max = c->ns ? c->ns : 1;
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
	return &s->stats;
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
