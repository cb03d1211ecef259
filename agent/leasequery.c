// SPDX-License-Identifier: GPL-2.0
/* leasequery.c - restore from the DHCP servers (see leasequery.h). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "blq_client.h"
#include "blq_restore.h"
#include "leasequery.h"
#include "notify.h"
#include "sync.h"

#define LQ_IDS_MAX	(CONFIG_LQ_IDS_MAX + 64)

struct lq_id {
	uint16_t len;
	uint8_t id[CONFIG_LQ_ID_MAX];
};

/* A restore in progress (a->lq). */
struct leasequery {
	struct agent *a;
	struct blq_client *c;
	struct blq_restore rs;
	struct lq_id *ids;
	unsigned int nids;
	int64_t t0, deadline;	/* ms, blq_now_ms() */
	int64_t status_at;	/* ms: next STATUS= line */
	int64_t now;		/* wall clock (s) of this poll round */
	bool nomem;		/* a binding was lost for memory */
};

/*
 * What the restore needs from each binding, asked for the way RFC 4388 /
 * RFC 6926 (a Parameter Request List) and RFC 5007 / RFC 5460 (an ORO
 * inside the LQ_QUERY) tell a requestor to, so that a server returning
 * only what is asked still sends it: the lease time, the stored option 82,
 * the last transaction time, the state; in v6 the CLT_TIME and the relay
 * data that holds the Interface-ID.
 */
static const uint8_t lq_prl[] = {
	BLQ4_OPT_LEASE_TIME, BLQ4_OPT_RAI, BLQ4_OPT_CLTT, BLQ4_OPT_DHCP_STATE,
};
static const uint16_t lq_oro[] = { BLQ6_OPT_CLT_TIME, BLQ6_OPT_LQ_RELAY_DATA };

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
	int64_t now = now_s(), age;
	long live;

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
	live = a->store ? store_count_unexpired(a->store, now) : -1;
	if (live < 0) {
		*why = "the store cannot be read";
		return true;
	}
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
	struct leasequery *lq = arg;
	socklen_t len;
	const struct sockaddr *sa = blq_server_addr(s, &len);
	uint32_t server_id = 0;

	(void)q;
	if (sa->sa_family == AF_INET)
		server_id = ((const struct sockaddr_in *)sa)->sin_addr.s_addr;
	if (blq_restore_add(&lq->rs, b, server_id, lq->now))
		lq->nomem = true;
}

static void on_query_done(void *arg, const struct blq_server *s,
			  const struct blq_query *q,
			  const struct blq_query_result *res)
{
	struct leasequery *lq = arg;
	const struct lq_id *id = blq_query_user(q);
	char buf[3 * CONFIG_LQ_ID_MAX + 1];
	const char *by = lq->a->cfg.lq_by == CONFIG_LQ_BY_RELAY_ID ?
			 "relay-id" : "remote-id";

	hex(id->id, id->len, buf, sizeof(buf));
	if (res->outcome == BLQ_OUT_DONE) {
		log_info(&lq->a->log, "leasequery: %s: by %s %s: %llu bindings",
			 blq_server_name(s), by, buf,
			 (unsigned long long)res->bindings);
		return;
	}
	if (res->outcome == BLQ_OUT_STATUS)
		log_warn(&lq->a->log, "leasequery: %s: by %s %s: status %u%s%s",
			 blq_server_name(s), by, buf, res->status_code,
			 res->text[0] ? ": " : "", res->text);
	else
		log_warn(&lq->a->log, "leasequery: %s: by %s %s: %s%s%s%s after %u attempt(s), %llu bindings kept",
			 blq_server_name(s), by, buf,
			 blq_outcome_str(res->outcome),
			 res->text[0] ? " (" : "", res->text,
			 res->text[0] ? ")" : "", res->attempts,
			 (unsigned long long)res->bindings);
}

static void on_event(void *arg, const struct blq_server *s,
		     enum blq_event ev, const char *text)
{
	struct leasequery *lq = arg;

	/* A server that keeps failing is worth one line per retry. */
	if (ev == BLQ_EV_RETRY)
		log_info(&lq->a->log, "leasequery: %s: retry %s",
			 blq_server_name(s), text);
	else
		log_debug(&lq->a->log, "leasequery: %s: %s%s%s",
			  blq_server_name(s), blq_event_str(ev),
			  text[0] ? " " : "", text);
}

static const struct blq_client_ops ops = {
	.on_binding = on_binding,
	.on_query_done = on_query_done,
	.on_event = on_event,
};

static int add_server(struct leasequery *lq, const char *spec)
{
	struct agent *a = lq->a;
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
	s = blq_client_add_server(lq->c, (struct sockaddr *)&ss, len,
				  ss.ss_family == AF_INET6 ? BLQ_PROTO_V6 :
				  BLQ_PROTO_V4, NULL);
	if (!s)
		return -1;
	for (unsigned int i = 0; i < lq->nids; i++) {
		struct lq_id *id = &lq->ids[i];
		struct blq_query *q;

		if (blq_server_proto(s) == BLQ_PROTO_V4) {
			struct blq4_query q4 = {
				.by = relay ? BLQ4_BY_RELAY_ID :
					      BLQ4_BY_REMOTE_ID,
				.id = id->id,
				.id_len = id->len,
				.prl = lq_prl,
				.prl_len = sizeof(lq_prl),
			};

			q = blq_client_add_query4(s, &q4, id);
		} else {
			/* The requestor's DUID: the first id. */
			struct blq6_query q6 = {
				.type = BLQ6_QT_BY_RELAY_ID,
				.requestor_duid = lq->ids[0].id,
				.requestor_duid_len = lq->ids[0].len,
				.id = id->id,
				.id_len = id->len,
				.oro = lq_oro,
				.oro_count = sizeof(lq_oro) / sizeof(lq_oro[0]),
			};

			q = blq_client_add_query6(s, &q6, id);
		}
		if (!q)
			log_warn(&a->log, "leasequery: %s: cannot make a query: %s",
				 blq_server_name(s), strerror(errno));
	}
	return 0;
}

static void lq_free(struct leasequery *lq)
{
	if (!lq)
		return;
	blq_client_free(lq->c);
	blq_restore_free(&lq->rs);
	free(lq->ids);
	free(lq);
}

int leasequery_start(struct agent *a)
{
	struct leasequery *lq;
	struct blq_client_params p;
	unsigned int nids = 0;
	uint32_t max;
	int e;

	if (a->lq)
		return 0;
	/*
	 * A clock not set yet (no RTC, early in boot) would turn the servers'
	 * relative times into expiries that mean nothing.  An unreadable
	 * store does not hold the restore up: it is what repairs it.
	 */
	if (a->store && sync_check_clock(a, now_s()) == -EAGAIN) {
		a->lq_waiting = true;
		return -EAGAIN;
	}
	lq = calloc(1, sizeof(*lq));
	if (!lq || !(lq->ids = calloc(LQ_IDS_MAX, sizeof(*lq->ids)))) {
		log_err(&a->log, "leasequery: out of memory");
		lq_free(lq);
		return -1;
	}
	lq->a = a;
	if (collect_ids(a, lq->ids, &nids)) {
		lq_free(lq);
		return -1;
	}
	lq->nids = nids;
	if (!nids) {
		/* Bridges are often configured after l2rad starts: retry. */
		if (!a->lq_waiting)
			log_warn(&a->log, "leasequery: no id to ask for yet: no bridge has the relay enabled and no leasequery_id is set; retrying every %u s",
				 a->cfg.retry_interval);
		a->lq_waiting = true;
		lq_free(lq);
		return -EAGAIN;
	}
	a->lq_waiting = false;
	/*
	 * More leases than the kernel takes would only be refused.  Asked
	 * once there is something to restore: the retry tick comes here
	 * while l2rad waits for an id.
	 */
	e = kernel_lease_max(a->kern, &max);
	if (e)
		log_warn(&a->log, "leasequery: cannot read the lease limit: %s; assuming %u",
			 strerror(-e), max);
	blq_restore_init(&lq->rs, max ? max : 1);
	blq_client_params_default(&p);
	p.conn_timeout_ms = a->cfg.lq_conn_timeout * 1000u;
	p.data_timeout_ms = a->cfg.lq_data_timeout * 1000u;
	p.retry_max_ms = a->cfg.lq_max_retry * 1000u;
	p.max_attempts = a->cfg.lq_attempts;
	p.connections = a->cfg.lq_connections;
	p.persist = true;
	lq->c = blq_client_new(&p, &ops, lq);
	if (!lq->c) {
		log_err(&a->log, "leasequery: %s", strerror(errno));
		lq_free(lq);
		return -1;
	}
	for (unsigned int i = 0; i < a->cfg.lq_nservers; i++)
		if (add_server(lq, a->cfg.lq_servers[i]))
			log_err(&a->log, "leasequery: cannot use server %s: %s",
				a->cfg.lq_servers[i], strerror(errno));
	if (!blq_client_nservers(lq->c)) {
		lq_free(lq);
		return -1;
	}
	lq->t0 = blq_now_ms();
	lq->now = now_s();
	lq->deadline = lq->t0 + (int64_t)a->cfg.lq_deadline * 1000;
	log_info(&a->log, "leasequery: asking %zu server(s) for %u id(s)",
		 blq_client_nservers(lq->c), nids);
	notify_status("restoring from %zu DHCP server(s) by Bulk Leasequery",
		      blq_client_nservers(lq->c));
	a->lq = lq;
	return 0;
}

size_t leasequery_nfds_max(const struct agent *a)
{
	return a->lq ? blq_client_nfds_max(a->lq->c) : 0;
}

size_t leasequery_pollfds(struct agent *a, struct pollfd *fds, size_t n)
{
	return a->lq ? blq_client_pollfds(a->lq->c, fds, n) : 0;
}

int leasequery_timeout_ms(const struct agent *a, int64_t now_ms)
{
	const struct leasequery *lq = a->lq;
	int64_t left;
	int t;

	if (!lq)
		return -1;
	t = blq_client_timeout_ms(lq->c, now_ms);
	left = lq->deadline - now_ms;
	if (left < 0)
		left = 0;
	if (t < 0 || left < t)
		t = left > INT32_MAX ? INT32_MAX : (int)left;
	return t;
}

/* Merge what was collected and free the restore. */
static void conclude(struct agent *a, bool *complete)
{
	struct leasequery *lq = a->lq;
	const struct blq_restore_stats *st = &lq->rs.stats;
	struct lease_vec got = { 0 };
	unsigned int newer = 0;
	size_t ok = blq_client_complete(lq->c);
	int64_t t_end = blq_now_ms();

	*complete = ok > 0;
	a->lq_pushed = false;
	if (lq->nomem)
		log_err(&a->log, "leasequery: out of memory: bindings were lost");
	if (blq_restore_finish(&lq->rs, &got)) {
		log_err(&a->log, "leasequery: out of memory");
	} else if (!sync_bindings(a, &got, &newer, &a->lq_pushed)) {
		log_info(&a->log, "leasequery: %llu bindings, %zu of %zu servers complete, in %lld ms: %llu leases (%llu superseded, %llu expired, %llu not active, %llu without circuit-id, %llu bad, %llu over the lease limit; DHCPv6: %llu without address, %llu without relay data, %llu without interface-id, %llu bad interface-id, %llu expired, %llu beyond %d per message); %u newer than the store",
			 (unsigned long long)st->offered, ok,
			 blq_client_nservers(lq->c),
			 (long long)(t_end - lq->t0),
			 (unsigned long long)st->leases,
			 (unsigned long long)st->superseded,
			 (unsigned long long)st->expired,
			 (unsigned long long)st->not_active,
			 (unsigned long long)(st->no_circuit_id +
					      st->bad_circuit_id),
			 (unsigned long long)(st->no_address + st->bad_mac),
			 (unsigned long long)st->over_limit,
			 (unsigned long long)st->v6_no_address,
			 (unsigned long long)st->v6_no_relay_data,
			 (unsigned long long)st->v6_no_interface_id,
			 (unsigned long long)st->v6_bad_interface_id,
			 (unsigned long long)st->v6_expired,
			 (unsigned long long)st->v6_too_many, BLQ6_LEASES_MAX,
			 newer);
	}
	lease_vec_free(&got);
	lq_free(lq);
	a->lq = NULL;
}

bool leasequery_process(struct agent *a, const struct pollfd *fds, size_t n,
			int64_t now_ms, bool *complete)
{
	struct leasequery *lq = a->lq;

	if (!lq)
		return false;
	/* The bindings of one round are stamped with one reading. */
	lq->now = now_s();
	blq_client_process(lq->c, fds, n, now_ms);
	if (!blq_client_finished(lq->c) && now_ms >= lq->deadline) {
		log_warn(&a->log, "leasequery: leasequery_deadline (%u s) reached; keeping what came",
			 a->cfg.lq_deadline);
		blq_client_abort(lq->c, "leasequery_deadline reached");
	}
	if (!blq_client_finished(lq->c)) {
		if (now_ms >= lq->status_at) {
			notify_status("restoring from %zu DHCP server(s): %llu bindings, %zu complete",
				      blq_client_nservers(lq->c),
				      (unsigned long long)lq->rs.stats.offered,
				      blq_client_complete(lq->c));
			lq->status_at = now_ms + 1000;
		}
		return false;
	}
	conclude(a, complete);
	return true;
}

void leasequery_stop(struct agent *a, const char *why)
{
	bool complete;

	if (!a->lq)
		return;
	log_info(&a->log, "leasequery: %s: stopping the restore, keeping what came",
		 why);
	blq_client_abort(a->lq->c, why);
	conclude(a, &complete);
}
