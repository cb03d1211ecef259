// SPDX-License-Identifier: GPL-2.0
/* sync.c - start-up restore, resync and the parked leases (see sync.h). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <time.h>

#include "l2ra_nl.h"
#include "sync.h"

static int64_t now_s(void)
{
	return (int64_t)time(NULL);
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *time_str(int64_t t, char *buf)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) ||
	    !strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, 32, "%lld", (long long)t);
	return buf;
}

/* The IPv4 address of @l; an IPv6 binding's is in its key already. */
static const char *addr_str(const struct lease *l, char *buf)
{
	struct in_addr in = { .s_addr = l->addr };

	if (l->v6)
		return "(IPv6)";
	return inet_ntop(AF_INET, &in, buf, INET_ADDRSTRLEN) ? buf : "?";
}

static const char *why(int err, const char *ext, char *buf, size_t n)
{
	if (ext && ext[0])
		snprintf(buf, n, "%s (%s)", strerror(-err), ext);
	else
		snprintf(buf, n, "%s", strerror(-err));
	return buf;
}

static void reopen_store(struct agent *a)
{
	char moved[4200], err[256];

	store_close(a->store);
	a->store = NULL;
	if (store_open(&a->store, a->cfg.store, moved, sizeof(moved), err,
		       sizeof(err))) {
		log_err(&a->log, "cannot reopen lease store %s: %s",
			a->cfg.store, err);
		return;
	}
	if (moved[0])
		log_err(&a->log,
			"LEASE STORE %s WAS CORRUPT: moved to %s, started a fresh one",
			a->cfg.store, moved);
	a->need_resync = true;
	a->sync_now = true;
}

int sync_flush(struct agent *a)
{
	size_t n = pending_count(&a->pending);

	if (!n)
		return 0;
	if (!a->store) {
		reopen_store(a);
		if (!a->store)
			return -1;
	}
	if (!pending_flush(&a->pending, a->store)) {
		log_debug(&a->log, "wrote %zu lease changes", n);
		return 0;
	}
	log_err(&a->log, "cannot write %zu lease changes to %s: %s", n,
		a->cfg.store, store_errmsg(a->store));
	if (store_last_corrupt(a->store))
		reopen_store(a);
	return -1;
}

/* Sort by key, unless already sorted (the store loads in key order). */
static void sort_keys(struct lease_vec *vec)
{
	for (size_t i = 1; i < vec->n; i++)
		if (lease_key_cmp(&vec->v[i - 1], &vec->v[i]) > 0) {
			lease_vec_sort(vec);
			return;
		}
}

/*
 * Sort, and keep one lease per key: a dump walks a hash table that may be
 * growing behind it (rhashtable resizes in the background after many
 * adds) and then shows some entries twice.
 */
static void dedup(struct lease_vec *vec)
{
	size_t j = 0;

	sort_keys(vec);
	for (size_t i = 0; i < vec->n; i++)
		if (!j || !lease_same_key(&vec->v[j - 1], &vec->v[i]))
			vec->v[j++] = vec->v[i];
	vec->n = j;
}

/* Dump, retrying a dump the kernel reports interrupted. */
static int dump(struct agent *a, struct lease_vec *vec)
{
	int e = -EINTR;

	for (int i = 0; i < 5 && e == -EINTR; i++) {
		vec->n = 0;
		e = kernel_dump(a->kern, vec);
	}
	if (!e)
		dedup(vec);
	return e;
}

/*
 * Same content, expiry within a minute.  A dump rounds the expiry to the
 * second, and a stored expiry that came from an event is late by however
 * long the event waited in the socket (seconds after a burst): rewriting
 * every such row would cost more than the whole push, for an error that a
 * lease of hours does not notice.
 */
#define SAME_EXPIRY_SLACK 60

static bool same_lease(const struct lease *x, const struct lease *y)
{
	int64_t d = x->expires_at - y->expires_at;

	/* Two brief leases of one key are one row's: the same detail. */
	return d >= -SAME_EXPIRY_SLACK && d <= SAME_EXPIRY_SLACK &&
	       x->brief == y->brief && x->flags == y->flags &&
	       x->addr == y->addr && x->lease_time == y->lease_time &&
	       x->server_id == y->server_id && x->cltt == y->cltt &&
	       !strcmp(x->port, y->port) && !strcmp(x->bridge, y->bridge) &&
	       x->circuit_id_len == y->circuit_id_len &&
	       !memcmp(x->circuit_id, y->circuit_id, x->circuit_id_len) &&
	       (!x->v6 || (x->preferred == y->preferred &&
			   !memcmp(x->mac, y->mac, sizeof(x->mac))));
}

/*
 * One transaction that turns @old (the store's content, sorted) into @v
 * (sorted): after a restore most leases are already stored as they are,
 * and rewriting them would cost as much as the push.  A brief lease of @v
 * (store_load_vec_brief()) that is written gets its detail first.
 */
static int store_diff(struct store *s, const struct lease_vec *old,
		      struct lease *v, size_t n)
{
	size_t i = 0, j = 0;
	bool begun = false;

	while (i < n || j < old->n) {
		int c = i == n ? 1 : j == old->n ? -1 :
			lease_key_cmp(&v[i], &old->v[j]);
		int e = 0;

		if (c == 0 && same_lease(&v[i], &old->v[j])) {
			i++, j++;
			continue;
		}
		if (!begun && store_begin(s))
			return -1;
		begun = true;
		if (c > 0)
			e = store_delete_key(s, &old->v[j]);
		else
			e = store_detail(s, &v[i]) || store_upsert(s, &v[i]);
		if (e) {
			store_rollback(s);
			return -1;
		}
		if (c >= 0)
			j++;
		if (c <= 0)
			i++;
	}
	return begun ? store_commit(s) : 0;
}

/*
 * The store becomes @truth plus the unexpired parked leases; @old, if
 * given, is what it holds (sorted), so that only the differences are
 * written.
 */
static int replace_store(struct agent *a, struct lease_vec *truth,
			 const struct lease_vec *old)
{
	int64_t now = now_s();
	size_t n = truth->n;
	int e;

	for (size_t i = 0; i < a->parked.n; i++) {
		const struct lease *p = &a->parked.v[i];

		if (!lease_expired(p, now) && !lease_vec_find(truth, p) &&
		    lease_vec_push(truth, p))
			return -1;
	}
	if (truth->n > n)
		lease_vec_sort(truth);
	pending_clear(&a->pending);	/* the dump supersedes it */
	if (!a->store)
		reopen_store(a);
	if (!a->store)
		return -1;
	if (old)
		e = store_diff(a->store, old, truth->v, truth->n);
	else
		e = store_replace_all(a->store, truth->v, truth->n);
	if (e) {
		log_err(&a->log, "cannot write the lease store %s: %s",
			a->cfg.store, store_errmsg(a->store));
		if (store_last_corrupt(a->store))
			reopen_store(a);
	}
	return e;
}

/* After a dump failed: is the family still there? */
static void check_family(struct agent *a, int err)
{
	if (err != -ENOENT)
		return;
	if (kernel_resolve(a->kern) == -ENOENT) {
		log_info(&a->log, "l2ra family gone (module unloaded)");
		kernel_forget(a->kern);
	}
}

/* dump(), saying why it failed ("@what" before the message). */
static int dump_logged(struct agent *a, struct lease_vec *vec,
		       const char *what)
{
	char eb[400];
	int e = dump(a, vec);

	if (e) {
		log_warn(&a->log, "%scannot dump the kernel's leases: %s", what,
			 why(e, kernel_extack(a->kern), eb, sizeof(eb)));
		check_family(a, e);
	}
	return e;
}

static void park(struct agent *a, const struct lease *l)
{
	if (lease_vec_push(&a->parked, l))
		log_err(&a->log, "out of memory");
}

/*
 * The kernel holds these keys now (the events that would have said so
 * were discarded with the push's): they are not waiting any more.
 */
static void unpark_present(struct agent *a, const struct lease_vec *live)
{
	size_t j = 0;

	for (size_t i = 0; i < a->parked.n; i++)
		if (!lease_vec_find(live, &a->parked.v[i]))
			a->parked.v[j++] = a->parked.v[i];
	a->parked.n = j;
}

/* Refusals of a port name that the circuit-id may still overcome. */
static bool try_circuit(int err)
{
	return err == -ENOENT || err == -ENODEV || err == -EINVAL;
}

/* Failures that say nothing about the lease: the push stops. */
static bool fatal(int err)
{
	return err == -EPERM || err == -EIO || err == -ENOMEM ||
	       err == -ENOBUFS || err == -EPROTO;
}

/*
 * One push of many leases: by port name in batches, then by circuit-id
 * in batches for those the kernel refused by name.  Each lease's final
 * answer goes to @final with whether the circuit-id was used.
 */
struct push {
	struct agent *a;
	struct kernel_add *v;		/* the leases, then the second pass */
	bool second;
	int fatal;			/* first fatal error, 0 if none */
	char fatal_msg[L2RA_NL_MSGLEN];
	void (*final)(struct push *p, const struct lease *l, int err,
		      const char *extack, bool via_cid);
	void *arg;
	/* The leases' array if read briefly (store_load_vec_brief()). */
	struct lease_vec *brief;
	size_t lookups;			/* of their detail, one by one */
};

/*
 * @l's bridge and circuit-id, if the store's brief read left them out:
 * only a lease that may go by circuit-id needs them for the push (and it
 * is then parked or stored with them).  One point lookup costs five
 * rows of a pass over the whole store (store_read_cost.sh): past a fifth
 * of the leases (their ports missing at boot), one pass for all.  0, or
 * -1 with the push stopped as by a fatal error: the store is left as is.
 */
static int push_detail(struct push *p, const struct lease *l)
{
	struct store *s = p->a->store;
	int e;

	if (!l->brief)
		return 0;
	if (++p->lookups > p->brief->n / 5 + 16)
		e = store_detail_vec(s, p->brief);
	else
		e = store_detail(s, &p->brief->v[l - p->brief->v]);
	if (!e)
		return 0;
	if (!p->fatal) {
		p->fatal = -EIO;
		snprintf(p->fatal_msg, sizeof(p->fatal_msg),
			 "cannot read the lease store: %s", store_errmsg(s));
	}
	return -1;
}

static void push_done(void *arg, size_t i, int err, const char *extack)
{
	struct push *p = arg;
	const struct lease *l = p->v[i].l;

	if (!p->second && try_circuit(err) &&
	    (push_detail(p, l) || l->circuit_id_len))
		return;		/* asked again by circuit-id, or stopped */
	if (fatal(err)) {
		if (!p->fatal) {
			p->fatal = err;
			snprintf(p->fatal_msg, sizeof(p->fatal_msg), "%s",
				 extack);
		}
		return;
	}
	p->final(p, l, err, extack, p->second);
}

static int push_pass(struct push *p, struct kernel_add *v, size_t n,
		     bool by_circuit)
{
	int e;

	p->v = v;
	p->second = by_circuit;
	e = kernel_lease_add_batch(p->a->kern, v, n, by_circuit, push_done, p);
	if (e && !p->fatal) {
		p->fatal = e;
		snprintf(p->fatal_msg, sizeof(p->fatal_msg), "%s",
			 kernel_extack(p->a->kern));
	}
	return p->fatal;
}

static bool has_port(const struct kernel_add *ka)
{
	return ka->l->port[0];
}

/* Taken by name, or refused for a reason that another try cannot mend. */
static bool done_by_name(const struct kernel_add *ka)
{
	return !try_circuit(ka->err) || !ka->l->circuit_id_len;
}

/* Move those of @v[0..n) that @first holds for before the others: how many. */
static size_t move_first(struct kernel_add *v, size_t n,
			 bool (*first)(const struct kernel_add *))
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (first(&v[i])) {
			struct kernel_add t = v[k];

			v[k++] = v[i];
			v[i] = t;
		}
	}
	return k;
}

/*
 * Push @n leases (v[i].l, v[i].left): 0, or the fatal error that stopped
 * it (reason in p->fatal_msg; some leases then had no answer).  @v is
 * reordered in place (no copy of 100 k candidates): those with a port name
 * first, pushed by it; then, by circuit-id, one run of those the kernel
 * would not take by name (moved to the end of the first part) and those
 * without a name that have a circuit-id (right after it).
 */
static int push(struct push *p, struct kernel_add *v, size_t n)
{
	size_t nn, nr = 0, nd;

	p->fatal = 0;
	p->fatal_msg[0] = '\0';
	nn = move_first(v, n, has_port);
	for (size_t i = nn; i < n; i++) {
		const struct lease *l = v[i].l;

		if (push_detail(p, l))
			return p->fatal;
		if (l->circuit_id_len)
			v[nn + nr++] = v[i];
		else
			p->final(p, l, -ENODEV, "", false);
	}
	if (push_pass(p, v, nn, false))
		return p->fatal;
	nd = move_first(v, nn, done_by_name);
	if (nn - nd + nr)
		push_pass(p, v + nd, nn - nd + nr, true);
	return p->fatal;
}

/* ---- the start-up restore ---- */

struct restore {
	unsigned int pushed, parked, refused;
	unsigned int by_cid;		/* of pushed: their port is not known */
	const struct lease *base;	/* the candidates' array ... */
	uint8_t *ok;			/* ... and which of them got in */
};

static void restore_final(struct push *p, const struct lease *l, int err,
			  const char *extack, bool via_cid)
{
	struct agent *a = p->a;
	struct restore *r = p->arg;
	char kb[LEASE_KEY_STRLEN], ab[INET_ADDRSTRLEN], eb[400];

	switch (err) {
	case 0:
		r->pushed++;
		if (via_cid)
			r->by_cid++;
		else
			r->ok[l - r->base] = 1;
		/* Its arguments would be formatted for nothing 100 k times. */
		if (a->log.level >= LOGL_DEBUG)
			log_debug(&a->log, "restored %s %s on %s%s",
				  lease_key_str(l, kb), addr_str(l, ab),
				  l->port, via_cid ? " (by circuit-id)" : "");
		return;
	case -ENOENT:
	case -ENODEV:
		r->parked++;
		park(a, l);
		log_info(&a->log, "lease %s %s: port %s%s%s not there: %s; kept, retrying every %u s",
			 lease_key_str(l, kb), addr_str(l, ab),
			 l->port[0] ? l->port : "?",
			 l->bridge[0] ? " of " : "", l->bridge,
			 why(err, extack, eb, sizeof(eb)),
			 a->cfg.retry_interval);
		return;
	default:
		r->refused++;
		log_warn(&a->log, "kernel refused lease %s %s on %s: %s; dropped from the store",
			 lease_key_str(l, kb), addr_str(l, ab),
			 l->port[0] ? l->port : "?",
			 why(err, extack, eb, sizeof(eb)));
		return;
	}
}

/*
 * A wall clock behind the newest last transaction in the store has not
 * been set yet (a device without RTC at boot): what is expired and what is
 * left of each lease cannot be told.  Said once until the clock is set.
 */

/* The same test against @newest, the store's newest cltt (-1: unread). */
static int check_clock(struct agent *a, int64_t now, int64_t newest)
{
	char nb[32], cb[32];

	if (newest < 0) {
		log_err(&a->log, "cannot read the lease store %s: %s",
			a->cfg.store, store_errmsg(a->store));
		return -1;
	}
	if (now >= newest) {
		if (a->clock_waiting)
			log_info(&a->log, "the clock is set now: restoring");
		a->clock_waiting = false;
		return 0;
	}
	if (!a->clock_waiting)
		log_warn(&a->log, "the clock (%s) is behind the newest lease in the store (last transaction %s): not set yet? %ld leases kept, nothing restored or dropped until it passes that; retrying every %u s",
			 time_str(now, cb), time_str(newest, nb),
			 store_count(a->store), a->cfg.retry_interval);
	a->clock_waiting = true;
	return -EAGAIN;
}

int sync_check_clock(struct agent *a, int64_t now)
{
	return check_clock(a, now, store_newest_cltt(a->store));
}

/*
 * The kernel's table after a push, from the first dump (@live, sorted)
 * and the answers: every lease it took by port name, with the lifetime it
 * was given.  Only valid when nothing else changed the table meanwhile
 * (the caller checked the table's generation); leases taken by
 * circuit-id are not known by port and need the dump.
 */
static int truth_of(const struct lease_vec *live, const struct lease_vec *stored,
		    const uint8_t *ok, int64_t now, struct lease_vec *out)
{
	size_t i = 0, j = 0, cap = live->n + stored->n;
	bool clamp;

	out->n = 0;
	out->v = malloc((cap ? cap : 1) * sizeof(*out->v));
	if (!out->v)
		return -1;
	out->cap = cap;
	for (;;) {
		while (j < stored->n && !ok[j])
			j++;
		if (i == live->n && j == stored->n)
			break;
		if (j == stored->n ||
		    (i < live->n &&
		     lease_key_cmp(&live->v[i], &stored->v[j]) < 0)) {
			out->v[out->n++] = live->v[i++];
			continue;
		}
		/*
		 * A candidate: not in @live, or a static binding that
		 * replaced the learned lease there.
		 */
		if (i < live->n && !lease_key_cmp(&live->v[i], &stored->v[j]))
			i++;
		out->v[out->n] = stored->v[j];
		if (!lease_is_static(&stored->v[j]))
			out->v[out->n].expires_at =
				now + lease_left(&stored->v[j], now, &clamp);
		out->n++;
		j++;
	}
	return 0;
}

/* The newest cltt of @v, 0 if empty (as store_newest_cltt()). */
static int64_t newest_cltt(const struct lease_vec *v)
{
	int64_t m = 0;

	for (size_t i = 0; i < v->n; i++)
		if (v->v[i].cltt > m)
			m = v->v[i].cltt;
	return m;
}

/*
 * Those store_drop_expired() drops, out of @v (the whole store) first:
 * how many.
 */
static unsigned int drop_expired(struct lease_vec *v, int64_t now)
{
	size_t j = 0, n = v->n;

	for (size_t i = 0; i < v->n; i++) {
		if (lease_expired(&v->v[i], now))
			continue;
		if (j != i)
			v->v[j] = v->v[i];
		j++;
	}
	v->n = j;
	return (unsigned int)(n - j);
}

/* The bridge and circuit-id of every brief lease of @stored (sorted). */
static int stored_detail(struct agent *a, struct lease_vec *stored)
{
	if (!store_detail_vec(a->store, stored))
		return 0;
	log_err(&a->log, "cannot read the lease store %s: %s", a->cfg.store,
		store_errmsg(a->store));
	return -1;
}

/*
 * After a restore: the check store_open_unchecked() left for now (a
 * corrupt store is moved aside and the kernel's table written into a
 * fresh one), the expired rows out, then the store becomes @truth
 * (differences from @stored only).
 */
static int store_after_restore(struct agent *a, struct lease_vec *truth,
			       const struct lease_vec *stored, int64_t now)
{
	const struct lease_vec *old = stored;

	if (a->store && store_check(a->store)) {
		if (!store_last_corrupt(a->store)) {
			log_err(&a->log, "cannot check the lease store %s: %s",
				a->cfg.store, store_errmsg(a->store));
			return -1;
		}
		log_err(&a->log, "lease store %s failed its check after the restore: %s",
			a->cfg.store, store_errmsg(a->store));
		reopen_store(a);
		old = NULL;
		/* The brief leases' detail went with it: the kernel has it. */
		if (store_any_brief(truth)) {
			lease_vec_free(truth);
			if (dump_logged(a, truth, ""))
				return -1;
		}
	}
	if (a->store && old && store_drop_expired(a->store, now, NULL)) {
		log_err(&a->log, "cannot write the lease store %s: %s",
			a->cfg.store, store_errmsg(a->store));
		if (store_last_corrupt(a->store))
			reopen_store(a);
		return -1;
	}
	return replace_store(a, truth, old);
}

int sync_full(struct agent *a)
{
	struct lease_vec stored = { 0 }, live = { 0 }, truth = { 0 };
	struct kernel_add *cand = NULL;
	struct restore r = { 0 };
	uint32_t gen0 = 0, gen1 = 0;
	bool has_gen, dumped = false, image;
	struct push p = { .a = a, .final = restore_final, .arg = &r,
			  .brief = &stored };
	unsigned int expired = 0, present = 0, old = 0, clamped = 0;
	uint32_t in_kernel;
	bool full;
	char kb[LEASE_KEY_STRLEN], eb[400];
	size_t held, nread;
	/* Where the time goes: loading, dumps, push, store (in the log). */
	int64_t now = now_s(), t[6] = { mono_ms() };
	size_t n = 0;
	int e, ret = -1;

	if (sync_flush(a) || !a->store)
		return -1;
	/*
	 * One read of the store: its newest cltt for the clock's test comes
	 * from the rows (a max() would read them all once more), and the
	 * expired ones are dropped from the rows read as from the store.
	 * Without bridge and circuit-id, for the few leases that need them
	 * (push_detail()); but a kernel that holds leases already (l2rad
	 * restarted, not the machine) has them for every lease to compare
	 * with the store's: read in full then.
	 */
	full = !kernel_lease_count(a->kern, &in_kernel) && in_kernel;
	/*
	 * After a clean stop: the image of the tables, if nothing changed
	 * since.  One that cannot be read costs a log line: the rows are
	 * there.
	 */
	e = store_load_image(a->store, &stored);
	if (e < 0)
		log_warn(&a->log, "restore image of %s ignored, reading the rows: %s",
			 a->cfg.store, store_errmsg(a->store));
	image = e == 1;
	if (!image && (full ? store_load_vec(a->store, &stored) :
			      store_load_vec_brief(a->store, &stored))) {
		log_err(&a->log, "cannot read the lease store %s: %s",
			a->cfg.store, store_errmsg(a->store));
		/* Not checked yet (store_open_unchecked()): now it is. */
		if (store_last_corrupt(a->store))
			reopen_store(a);
		goto out;
	}
	nread = stored.n;
	e = check_clock(a, now, newest_cltt(&stored));
	if (e) {
		ret = e;
		goto out;
	}
	/* Out of the store too, after the push (store_after_restore()). */
	expired = drop_expired(&stored, now);
	sort_keys(&stored);
	t[1] = mono_ms();
	/* Before the dump: any change from here on moves it (see below). */
	has_gen = !kernel_lease_gen(a->kern, &gen0);
	e = dump_logged(a, &live, "");
	if (e)
		goto out;
	cand = malloc((stored.n ? stored.n : 1) * sizeof(*cand));
	r.base = stored.v;
	r.ok = calloc(stored.n ? stored.n : 1, 1);
	if (!cand || !r.ok) {
		log_err(&a->log, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < stored.n; i++) {
		const struct lease *l = &stored.v[i];
		const struct lease *k = lease_vec_find(&live, l);
		bool clamp;
		int64_t left;

		/* A static binding is configuration: it replaces a learned one. */
		if (k && (lease_is_static(k) || !lease_is_static(l))) {
			present++;
			continue;
		}
		if (a->cfg.restore_max_age && !lease_is_static(l) &&
		    now - l->cltt > (int64_t)a->cfg.restore_max_age) {
			log_debug(&a->log, "not restoring %s: last transaction %lld s ago",
				  lease_key_str(l, kb), (long long)(now - l->cltt));
			old++;
			continue;
		}
		left = lease_left(l, now, &clamp);
		if (left <= 0) {
			expired++;
			continue;
		}
		clamped += clamp;
		cand[n++] = (struct kernel_add){ .l = l,
						 .left = (uint32_t)left };
	}
	lease_vec_free(&a->parked);
	/* Our own adds need no events: the dump after the push sees them. */
	kernel_events_pause(a->kern);
	t[2] = mono_ms();
	e = push(&p, cand, n);
	t[3] = mono_ms();
	if (kernel_events_resume(a->kern) && !e) {
		e = -EIO;
		snprintf(p.fatal_msg, sizeof(p.fatal_msg), "%s",
			 kernel_extack(a->kern));
	}
	if (e) {
		log_err(&a->log, "cannot restore leases: %s; store left as is, retrying",
			why(e, p.fatal_msg, eb, sizeof(eb)));
		check_family(a, e);
		goto out;
	}
	lease_vec_sort(&a->parked);
	/*
	 * The answers say what the push installed.  If the table's generation
	 * grew by exactly that many since before the first dump, nothing
	 * else changed it (no DHCP exchange, expiry or other client, whose
	 * events were not heard during the push): the first dump and the
	 * answers are the table, and a second dump, as long as the push
	 * itself, is saved.  Otherwise the dump is the truth.
	 */
	if (!has_gen || r.by_cid || kernel_lease_gen(a->kern, &gen1) ||
	    gen1 - gen0 != r.pushed) {
		dumped = true;
		e = dump_logged(a, &truth, "");
		if (e)
			goto out;
	}
	held = dumped ? truth.n : live.n + r.pushed;
	t[4] = mono_ms();
	if (clamped)
		log_warn(&a->log, "%u leases had more time left than their lease time (the clock went backwards?): installed with their lease time",
			 clamped);
	/*
	 * The leases are in the kernel: that is the restore.  The store's
	 * check and write follow; a failure there is logged and the sync is
	 * run again.
	 */
	log_info(&a->log, "restore: %u pushed, %u already in the kernel, %u waiting for their port, %u refused, %u expired, %u too old; the kernel holds %zu leases; %lld ms: store read %lld, dump %lld, push %lld, %s %lld; %zu leases from the %s",
		 r.pushed, present, r.parked, r.refused, expired, old, held,
		 (long long)(t[4] - t[0]), (long long)(t[1] - t[0]),
		 (long long)(t[2] - t[1]), (long long)(t[3] - t[2]),
		 dumped ? "dump" : "answers", (long long)(t[4] - t[3]),
		 nread, image ? "image" :
			 store_read_recs(a->store) ? "records" : "rows");
	/*
	 * The kernel's leases (a dump) have a bridge and a circuit-id, to be
	 * compared with the stored ones: one more pass over the store for
	 * them, before truth_of() copies stored leases.  The leases only
	 * pushed and answered for are the store's own rows, brief on both
	 * sides.
	 */
	if ((dumped || live.n) && stored_detail(a, &stored))
		goto out;
	/* For the store only: the table from the first dump and the answers. */
	if (!dumped && truth_of(&live, &stored, r.ok, now, &truth)) {
		lease_vec_free(&truth);
		if (dump_logged(a, &truth, "") || stored_detail(a, &stored))
			goto out;
	}
	unpark_present(a, &truth);
	if (store_after_restore(a, &truth, &stored, now))
		goto out;
	t[5] = mono_ms();
	log_info(&a->log, "store %s: %zu leases, checked and written in %lld ms",
		 a->cfg.store, truth.n, (long long)(t[5] - t[4]));
	ret = 0;
out:
	free(cand);
	free(r.ok);
	lease_vec_free(&truth);
	lease_vec_free(&stored);
	lease_vec_free(&live);
	return ret;
}

/* ---- the end of a restore from the servers ---- */

/*
 * Those of @got newer than the store (a point lookup each, no load) into
 * @out; an empty store (the replacement case): @got itself, not copied.
 * A stored static binding wins over any server's binding of its key.
 */
static int newer_than_store(struct agent *a, const struct lease_vec *got,
			    struct lease_vec *out, const struct lease_vec **nw)
{
	long n = store_count(a->store);

	*nw = out;
	if (!n) {
		*nw = got;
		return 0;
	}
	for (size_t i = 0; i < got->n; i++) {
		const struct lease *l = &got->v[i];
		uint32_t flags;
		int64_t cltt;
		int f = store_cltt_key(a->store, l, &cltt, &flags);

		if (f < 0)
			return -1;
		if (f && (cltt >= l->cltt || flags & L2RA_LEASE_F_STATIC))
			continue;
		if (lease_vec_push(out, l))
			return -1;
	}
	return 0;
}

/* No kernel: the newer ones into the store, for the sync to come. */
static int store_newer(struct agent *a, const struct lease_vec *got,
		       unsigned int *newer)
{
	bool w;

	if (store_begin(a->store))
		return -1;
	for (size_t i = 0; i < got->n; i++) {
		if (store_upsert_newer(a->store, &got->v[i], &w)) {
			store_rollback(a->store);
			return -1;
		}
		*newer += w;
	}
	return store_commit(a->store);
}

int sync_bindings(struct agent *a, const struct lease_vec *got,
		  unsigned int *newer, bool *pushed)
{
	struct lease_vec copy = { 0 }, live = { 0 };
	const struct lease_vec *nw;
	struct kernel_add *cand = NULL;
	struct restore r = { 0 };
	struct push p = { .a = a, .final = restore_final, .arg = &r };
	unsigned int present = 0, expired = 0, old = 0, written = 0;
	uint32_t gen0 = 0, gen1 = 0;
	int64_t now = now_s(), t[4] = { mono_ms() };
	bool has_gen, clamp, resync;
	char eb[400];
	size_t n = 0;
	int e, ret = -1;

	*newer = 0;
	*pushed = false;
	if (sync_flush(a) || !a->store)
		goto fail_store;
	if (!kernel_present(a->kern)) {
		if (store_newer(a, got, newer))
			goto fail_store;
		return 0;
	}
	if (newer_than_store(a, got, &copy, &nw))
		goto fail_store;
	*newer = (unsigned int)nw->n;
	t[1] = mono_ms();
	has_gen = !kernel_lease_gen(a->kern, &gen0);
	e = dump_logged(a, &live, "");
	if (e)
		goto out;
	cand = malloc((nw->n ? nw->n : 1) * sizeof(*cand));
	r.base = nw->v;
	r.ok = calloc(nw->n ? nw->n : 1, 1);
	if (!cand || !r.ok) {
		log_err(&a->log, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < nw->n; i++) {
		int64_t left;

		if (lease_vec_find(&live, &nw->v[i])) {
			present++;
			continue;
		}
		if (a->cfg.restore_max_age &&
		    now - nw->v[i].cltt > (int64_t)a->cfg.restore_max_age) {
			old++;
			continue;
		}
		left = lease_left(&nw->v[i], now, &clamp);
		if (left <= 0) {
			expired++;
			continue;
		}
		cand[n++] = (struct kernel_add){ .l = &nw->v[i],
						 .left = (uint32_t)left };
	}
	kernel_events_pause(a->kern);
	e = push(&p, cand, n);
	if (kernel_events_resume(a->kern) && !e) {
		e = -EIO;
		snprintf(p.fatal_msg, sizeof(p.fatal_msg), "%s",
			 kernel_extack(a->kern));
	}
	if (e) {
		unsigned int w = 0;

		log_err(&a->log, "cannot restore leases: %s; storing them for the next sync",
			why(e, p.fatal_msg, eb, sizeof(eb)));
		check_family(a, e);
		if (store_newer(a, nw, &w))
			goto fail_store;
		ret = 0;
		goto out;
	}
	*pushed = true;
	t[2] = mono_ms();
	resync = !has_gen || r.by_cid || kernel_lease_gen(a->kern, &gen1) ||
		 gen1 - gen0 != r.pushed;
	if (resync)
		a->need_resync = a->sync_now = true;
	/*
	 * The leases are in the kernel: that is the restore.  Writing them
	 * costs as much again or more (a row and an index entry each), and
	 * the store is only needed at the next start.
	 */
	log_info(&a->log, "restore: %u pushed, %u already in the kernel, %u waiting for their port, %u refused, %u expired, %u too old (of %zu from the servers, %zu newer than the store); %lld ms: store checked %lld, dump and push %lld%s",
		 r.pushed, present, r.parked, r.refused, expired, old, got->n,
		 nw->n, (long long)(t[2] - t[0]), (long long)(t[1] - t[0]),
		 (long long)(t[2] - t[1]),
		 resync ? "; the table changed meanwhile: resynchronising" : "");
	/* What the kernel took, and the parked: one transaction. */
	lease_vec_sort(&a->parked);
	if (store_begin(a->store))
		goto fail_store;
	for (size_t i = 0; i < nw->n; i++) {
		struct lease l = nw->v[i];

		if (r.ok[i])
			l.expires_at = now + lease_left(&l, now, &clamp);
		else if (!lease_vec_find(&a->parked, &l))
			continue;
		written++;
		if (store_upsert(a->store, &l)) {
			store_rollback(a->store);
			goto fail_store;
		}
	}
	if (store_commit(a->store))
		goto fail_store;
	t[3] = mono_ms();
	log_info(&a->log, "leasequery: %u leases written to the store in %lld ms",
		 written, (long long)(t[3] - t[2]));
	ret = 0;
	goto out;
fail_store:
	log_err(&a->log, "cannot write the lease store %s: %s", a->cfg.store,
		a->store ? store_errmsg(a->store) : "not open");
	if (a->store && store_last_corrupt(a->store))
		reopen_store(a);
out:
	free(cand);
	free(r.ok);
	lease_vec_free(&copy);
	lease_vec_free(&live);
	return ret;
}

int sync_resync(struct agent *a)
{
	struct lease_vec live = { 0 };
	int e;

	kernel_drain_events(a->kern);
	e = dump_logged(a, &live, "resync: ");
	if (e) {
		lease_vec_free(&live);
		return -1;
	}
	e = replace_store(a, &live, NULL);
	if (!e)
		log_info(&a->log, "resynchronised with the kernel: %zu leases",
			 live.n);
	lease_vec_free(&live);
	return e;
}

void sync_unpark(struct agent *a, const struct lease *l)
{
	const struct lease *p = lease_vec_find(&a->parked, l);
	size_t i;

	if (!p)
		return;
	i = (size_t)(p - a->parked.v);
	memmove(&a->parked.v[i], &a->parked.v[i + 1],
		(a->parked.n - i - 1) * sizeof(*p));
	a->parked.n--;
}

/* ---- the parked leases ---- */

struct retry {
	struct lease_vec gone;		/* restored or dropped: unpark */
};

static void retry_final(struct push *p, const struct lease *l, int err,
			const char *extack, bool via_cid)
{
	struct agent *a = p->a;
	struct retry *r = p->arg;
	char kb[LEASE_KEY_STRLEN], eb[400];

	if (err == -ENOENT || err == -ENODEV)
		return;		/* still waiting */
	if (!err) {
		log_info(&a->log, "restored %s on %s%s", lease_key_str(l, kb),
			 l->port, via_cid ? " (by circuit-id)" : "");
		/* Its L2RA_LEASE_EV_ADD event updates the store. */
	} else {
		log_warn(&a->log, "kernel refused lease %s: %s; dropped from the store",
			 lease_key_str(l, kb), why(err, extack, eb, sizeof(eb)));
		if (pending_del(&a->pending, l))
			log_err(&a->log, "out of memory");
	}
	if (lease_vec_push(&r->gone, l))
		log_err(&a->log, "out of memory");
}

void sync_retry_parked(struct agent *a)
{
	struct lease_vec copy = { 0 };
	struct retry r = { 0 };
	struct push p = { .a = a, .final = retry_final, .arg = &r };
	struct kernel_add *cand;
	char kb[LEASE_KEY_STRLEN], eb[400];
	int64_t now = now_s();
	size_t n = 0;
	bool clamp;

	if (!a->parked.n || !kernel_present(a->kern))
		return;
	/* The push's callbacks change a->parked: work on a copy. */
	for (size_t i = 0; i < a->parked.n; i++)
		if (lease_vec_push(&copy, &a->parked.v[i]))
			goto oom;
	cand = malloc(copy.n * sizeof(*cand));
	if (!cand)
		goto oom;
	for (size_t i = 0; i < copy.n; i++) {
		const struct lease *l = &copy.v[i];
		int64_t left = lease_left(l, now, &clamp);

		if (left > 0) {
			cand[n++] = (struct kernel_add){ .l = l,
							 .left = (uint32_t)left };
			continue;
		}
		log_info(&a->log, "%s expired before its port came back",
			 lease_key_str(l, kb));
		if (pending_del(&a->pending, l) || lease_vec_push(&r.gone, l))
			log_err(&a->log, "out of memory");
	}
	if (push(&p, cand, n))
		log_warn(&a->log, "cannot retry parked leases: %s",
			 why(p.fatal, p.fatal_msg, eb, sizeof(eb)));
	for (size_t i = 0; i < r.gone.n; i++)
		sync_unpark(a, &r.gone.v[i]);
	free(cand);
	lease_vec_free(&r.gone);
	lease_vec_free(&copy);
	return;
oom:
	log_err(&a->log, "out of memory");
	lease_vec_free(&copy);
}
