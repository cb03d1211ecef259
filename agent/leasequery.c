// SPDX-License-Identifier: GPL-2.0
/* leasequery.c - restore from the DHCP servers (see leasequery.h). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "blq_client.h"
#include "blq_restore.h"
#include "leasequery.h"

#define LQ_IDS_MAX	(CONFIG_LQ_IDS_MAX + 64)

struct lq_id {
	uint16_t len;
	uint8_t id[CONFIG_LQ_ID_MAX];
};

struct lq_run {
	struct agent *a;
	struct blq_restore rs;
	unsigned int ok_servers;
	int err;		/* -ENOMEM while collecting */
};

static int64_t now_s(void)
{
	return (int64_t)time(NULL);
}

static const char *hex(const uint8_t *p, size_t len, char *buf, size_t size)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < len && o + 4 <= size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%02x", i ? ":" : "",
				      p[i]);
	return buf;
}

int64_t leasequery_store_mtime(const char *path)
{
	char wal[CONFIG_PATH_MAX + 8];
	struct stat st;
	int64_t t = 0;

	if (!stat(path, &st))
		t = st.st_mtime;
	snprintf(wal, sizeof(wal), "%s-wal", path);
	if (!stat(wal, &st) && st.st_mtime > t)
		t = st.st_mtime;
	return t;
}

bool leasequery_wanted(struct agent *a, bool created, int64_t mtime,
		       const char **why)
{
	struct lease_vec v = { 0 };
	int64_t now = now_s(), age;
	size_t live = 0;

	if (!a->cfg.lq_nservers)
		return false;
	if (created) {
		*why = "the store did not exist";
		return true;
	}
	age = now - mtime;
	if (a->cfg.lq_store_max_age && age > (int64_t)a->cfg.lq_store_max_age) {
		*why = "the store is older than leasequery_store_max_age";
		return true;
	}
	if (!a->store || store_load_vec(a->store, &v)) {
		lease_vec_free(&v);
		*why = "the store cannot be read";
		return true;
	}
	for (size_t i = 0; i < v.n; i++)
		live += v.v[i].expires_at > now;
	lease_vec_free(&v);
	if (!live) {
		*why = "the store holds no unexpired lease";
		return true;
	}
	return false;
}

static void add_id(struct lq_id *ids, unsigned int *n, const uint8_t *id,
		   size_t len)
{
	if (!len || len > sizeof(ids[0].id) || *n == LQ_IDS_MAX)
		return;
	for (unsigned int i = 0; i < *n; i++)
		if (ids[i].len == len && !memcmp(ids[i].id, id, len))
			return;
	ids[*n].len = (uint16_t)len;
	memcpy(ids[*n].id, id, len);
	(*n)++;
}

/* The ids to ask for: the enabled bridges' own, then the configured. */
static int collect_ids(struct agent *a, struct lq_id *ids, unsigned int *n)
{
	struct kernel_bridges brs = { 0 };
	bool relay = a->cfg.lq_by == CONFIG_LQ_BY_RELAY_ID;
	int e;

	*n = 0;
	e = kernel_bridges(a->kern, &brs);
	if (e) {
		log_warn(&a->log, "leasequery: cannot list the bridges: %s %s",
			 strerror(-e), kernel_extack(a->kern));
		kernel_bridges_free(&brs);
		return e;
	}
	for (size_t i = 0; i < brs.n; i++) {
		const struct kernel_bridge *b = &brs.v[i];

		if (!b->enabled)
			continue;
		if (relay)
			add_id(ids, n, b->relay_id, b->relay_id_len);
		else
			add_id(ids, n, b->remote_id, b->remote_id_len);
	}
	kernel_bridges_free(&brs);
	for (unsigned int i = 0; i < a->cfg.lq_nids; i++)
		add_id(ids, n, a->cfg.lq_ids[i].id, a->cfg.lq_ids[i].len);
	return 0;
}

static void on_binding(void *arg, const struct blq_server *s,
		       const struct blq_query *q, const struct blq_binding *b)
{
	struct lq_run *r = arg;
	socklen_t len;
	const struct sockaddr *sa = blq_server_addr(s, &len);
	uint32_t server_id = 0;

	(void)q;
	if (sa->sa_family == AF_INET)
		server_id = ((const struct sockaddr_in *)sa)->sin_addr.s_addr;
	if (blq_restore_add(&r->rs, b, server_id, now_s()))
		r->err = -ENOMEM;
}

static void on_query_done(void *arg, const struct blq_server *s,
			  const struct blq_query *q,
			  const struct blq_query_result *res)
{
	struct lq_run *r = arg;
	const struct lq_id *id = blq_query_user(q);
	char buf[3 * CONFIG_LQ_ID_MAX + 1];
	const char *by = r->a->cfg.lq_by == CONFIG_LQ_BY_RELAY_ID ?
			 "relay-id" : "remote-id";

	hex(id->id, id->len, buf, sizeof(buf));
	if (res->outcome == BLQ_OUT_DONE) {
		log_info(&r->a->log, "leasequery: %s: by %s %s: %llu bindings",
			 blq_server_name(s), by, buf,
			 (unsigned long long)res->bindings);
		return;
	}
	if (res->outcome == BLQ_OUT_STATUS)
		log_warn(&r->a->log, "leasequery: %s: by %s %s: status %u%s%s",
			 blq_server_name(s), by, buf, res->status_code,
			 res->text[0] ? ": " : "", res->text);
	else
		log_warn(&r->a->log, "leasequery: %s: by %s %s: %s%s%s%s after %u connection(s), %llu bindings kept",
			 blq_server_name(s), by, buf,
			 blq_outcome_str(res->outcome),
			 res->text[0] ? " (" : "", res->text,
			 res->text[0] ? ")" : "", res->attempts,
			 (unsigned long long)res->bindings);
	if (res->text[0])
		log_debug(&r->a->log, "leasequery: %s: %s", blq_server_name(s),
			  res->text);
}

static void on_event(void *arg, const struct blq_server *s,
		     enum blq_event ev, const char *text)
{
	struct lq_run *r = arg;

	log_debug(&r->a->log, "leasequery: %s: %s%s%s", blq_server_name(s),
		  blq_event_str(ev), text[0] ? " " : "", text);
}

static const struct blq_client_ops ops = {
	.on_binding = on_binding,
	.on_query_done = on_query_done,
	.on_event = on_event,
};

static int add_server(struct agent *a, struct blq_client *c, const char *spec,
		      struct lq_id *ids, unsigned int nids)
{
	bool relay = a->cfg.lq_by == CONFIG_LQ_BY_RELAY_ID;
	struct sockaddr_storage ss;
	struct blq_server *s;
	socklen_t len;

	if (blq_addr_parse(spec, 0, &ss, &len)) {
		log_err(&a->log, "leasequery: \"%s\" is not an address", spec);
		return -1;
	}
	if (ss.ss_family == AF_INET6 && !relay) {
		/*
		 * DHCPv6 files relays by their DUID (RELAY_ID); a remote-id
		 * query needs an enterprise number l2ra does not have.
		 */
		log_warn(&a->log, "leasequery: %s: DHCPv6 servers are asked by relay-id only; skipped",
			 spec);
		return 0;
	}
	s = blq_client_add_server(c, (struct sockaddr *)&ss, len,
				  ss.ss_family == AF_INET6 ? BLQ_PROTO_V6 :
				  BLQ_PROTO_V4, NULL);
	if (!s)
		return -1;
	for (unsigned int i = 0; i < nids; i++) {
		struct blq_query *q;

		if (blq_server_proto(s) == BLQ_PROTO_V4) {
			struct blq4_query q4 = {
				.by = relay ? BLQ4_BY_RELAY_ID :
					      BLQ4_BY_REMOTE_ID,
				.id = ids[i].id,
				.id_len = ids[i].len,
			};

			q = blq_client_add_query4(s, &q4, &ids[i]);
		} else {
			/* The requestor's DUID: the first id. */
			struct blq6_query q6 = {
				.type = BLQ6_QT_BY_RELAY_ID,
				.requestor_duid = ids[0].id,
				.requestor_duid_len = ids[0].len,
				.id = ids[i].id,
				.id_len = ids[i].len,
			};

			q = blq_client_add_query6(s, &q6, &ids[i]);
		}
		if (!q)
			log_warn(&a->log, "leasequery: %s: cannot make a query: %s",
				 blq_server_name(s), strerror(errno));
	}
	return 0;
}

/*
 * Drive the client on its own poll loop plus the signalfd: a signal
 * interrupts the restore (main's loop then handles it).
 */
static int drive(struct agent *a, struct blq_client *c)
{
	size_t max = blq_client_nfds_max(c) + 1, n;
	struct pollfd *fds = calloc(max, sizeof(*fds));
	int t;

	if (!fds)
		return -ENOMEM;
	while (!blq_client_finished(c)) {
		n = blq_client_pollfds(c, fds, max - 1);
		fds[n].fd = a->sig_fd;
		fds[n].events = POLLIN;
		fds[n].revents = 0;
		t = blq_client_timeout_ms(c, blq_now_ms());
		if (poll(fds, n + 1, t) < 0 && errno != EINTR) {
			blq_client_abort(c, "poll failed");
			free(fds);
			return -errno;
		}
		if (fds[n].revents) {
			blq_client_abort(c, "interrupted by a signal");
			free(fds);
			return -EINTR;
		}
		blq_client_process(c, fds, n, blq_now_ms());
	}
	free(fds);
	return 0;
}

/* Keep a binding only where it is newer than the stored lease. */
static int merge(struct agent *a, const struct lease_vec *got,
		 unsigned int *newer)
{
	struct lease_vec stored = { 0 };
	int e = -1;

	*newer = 0;
	if (!a->store || store_load_vec(a->store, &stored))
		goto out;
	lease_vec_sort(&stored);
	if (store_begin(a->store))
		goto out;
	for (size_t i = 0; i < got->n; i++) {
		const struct lease *s = lease_vec_find(&stored, &got->v[i]);

		if (s && s->cltt >= got->v[i].cltt)
			continue;
		if (store_upsert(a->store, &got->v[i])) {
			store_rollback(a->store);
			goto out;
		}
		(*newer)++;
	}
	e = store_commit(a->store);
	if (e)
		store_rollback(a->store);
out:
	if (e)
		log_err(&a->log, "leasequery: cannot write the store %s: %s",
			a->cfg.store, a->store ? store_errmsg(a->store) : "");
	lease_vec_free(&stored);
	return e ? -1 : 0;
}

int leasequery_restore(struct agent *a)
{
	struct lq_id *ids = calloc(LQ_IDS_MAX, sizeof(*ids));
	struct lq_run r = { .a = a };
	struct lease_vec got = { 0 };
	struct blq_client_params p;
	struct blq_client *c = NULL;
	const struct blq_restore_stats *st = &r.rs.stats;
	unsigned int nids = 0, newer = 0, ok = 0;
	int64_t t0 = blq_now_ms();
	int e, ret = -1;

	blq_restore_init(&r.rs, L2RA_LEASE_MAX_DEFAULT);
	if (!ids || collect_ids(a, ids, &nids))
		goto out;
	if (!nids) {
		/* Bridges are often configured after l2rad starts: retry. */
		if (!a->lq_waiting)
			log_warn(&a->log, "leasequery: no id to ask for yet: no bridge has the relay enabled and no leasequery_id is set; retrying every %u s",
				 a->cfg.retry_interval);
		a->lq_waiting = true;
		ret = -EAGAIN;
		goto out;
	}
	a->lq_waiting = false;
	blq_client_params_default(&p);
	p.conn_timeout_ms = a->cfg.lq_conn_timeout * 1000u;
	p.data_timeout_ms = a->cfg.lq_data_timeout * 1000u;
	p.retry_max_ms = a->cfg.lq_max_retry * 1000u;
	p.max_attempts = a->cfg.lq_attempts;
	c = blq_client_new(&p, &ops, &r);
	if (!c) {
		log_err(&a->log, "leasequery: %s", strerror(errno));
		goto out;
	}
	for (unsigned int i = 0; i < a->cfg.lq_nservers; i++)
		if (add_server(a, c, a->cfg.lq_servers[i], ids, nids))
			log_err(&a->log, "leasequery: cannot use server %s: %s",
				a->cfg.lq_servers[i], strerror(errno));
	if (!blq_client_nservers(c))
		goto out;
	log_info(&a->log, "leasequery: asking %zu server(s) for %u id(s)",
		 blq_client_nservers(c), nids);
	e = drive(a, c);
	if (e == -EINTR) {
		log_info(&a->log, "leasequery: interrupted by a signal; nothing merged");
		ret = -EINTR;
		goto out;
	}
	for (size_t i = 0; i < blq_client_nservers(c); i++) {
		struct blq_server *s = blq_client_server(c, i);
		bool all = blq_server_nqueries(s) > 0;

		for (size_t j = 0; j < blq_server_nqueries(s); j++)
			all &= blq_query_result(blq_server_query(s, j))->outcome ==
			       BLQ_OUT_DONE;
		ok += all;
	}
	if (r.err || blq_restore_finish(&r.rs, &got)) {
		log_err(&a->log, "leasequery: out of memory");
		goto out;
	}
	if (merge(a, &got, &newer))
		goto out;
	log_info(&a->log, "leasequery: %llu bindings, %u of %zu servers complete, in %lld ms: %llu leases (%llu superseded, %llu expired, %llu not active, %llu without circuit-id, %llu bad, %llu DHCPv6 not restorable); %u newer than the store",
		 (unsigned long long)st->offered, ok, blq_client_nservers(c),
		 (long long)(blq_now_ms() - t0),
		 (unsigned long long)st->leases,
		 (unsigned long long)st->superseded,
		 (unsigned long long)st->expired,
		 (unsigned long long)st->not_active,
		 (unsigned long long)(st->no_circuit_id + st->bad_circuit_id),
		 (unsigned long long)(st->no_address + st->bad_mac),
		 (unsigned long long)st->v6, newer);
	ret = 0;
out:
	blq_client_free(c);
	blq_restore_free(&r.rs);
	lease_vec_free(&got);
	free(ids);
	return ret;
}
