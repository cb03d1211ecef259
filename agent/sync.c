// SPDX-License-Identifier: GPL-2.0
/* sync.c - start-up restore, resync and the parked leases (see sync.h). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <time.h>

#include "sync.h"

static int64_t now_s(void)
{
	return (int64_t)time(NULL);
}

static const char *addr_str(uint32_t be, char *buf)
{
	struct in_addr in = { .s_addr = be };

	return inet_ntop(AF_INET, &in, buf, INET_ADDRSTRLEN) ? buf : "?";
}

static const char *why(const struct agent *a, int err, char *buf, size_t n)
{
	const char *ext = kernel_extack(a->kern);

	if (ext[0])
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

/* Dump, retrying a dump the kernel reports interrupted. */
static int dump(struct agent *a, struct lease_vec *vec)
{
	int e = -EINTR;

	for (int i = 0; i < 5 && e == -EINTR; i++) {
		vec->n = 0;
		e = kernel_dump(a->kern, vec);
	}
	if (!e)
		lease_vec_sort(vec);
	return e;
}

/* The store becomes @truth plus the unexpired parked leases. */
static int replace_store(struct agent *a, struct lease_vec *truth)
{
	int64_t now = now_s();
	size_t n = truth->n;
	int e;

	for (size_t i = 0; i < a->parked.n; i++) {
		const struct lease *p = &a->parked.v[i];

		if (p->expires_at > now && !lease_vec_find(truth, p) &&
		    lease_vec_push(truth, p))
			return -1;
	}
	pending_clear(&a->pending);	/* the dump supersedes it */
	if (!a->store)
		reopen_store(a);
	if (!a->store)
		return -1;
	e = store_replace_all(a->store, truth->v, truth->n);
	truth->n = n;
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

static void park(struct agent *a, const struct lease *l)
{
	if (lease_vec_push(&a->parked, l))
		log_err(&a->log, "out of memory");
}

int sync_full(struct agent *a)
{
	struct lease_vec stored = { 0 }, live = { 0 };
	unsigned int expired = 0, pushed = 0, present = 0, parked = 0;
	unsigned int refused = 0, old = 0;
	char kb[LEASE_KEY_STRLEN], ab[INET_ADDRSTRLEN], eb[400];
	int64_t now = now_s();
	int e, ret = -1;

	if (sync_flush(a) || !a->store)
		return -1;
	if (store_drop_expired(a->store, now, &expired) ||
	    store_load_vec(a->store, &stored)) {
		log_err(&a->log, "cannot read the lease store %s: %s",
			a->cfg.store, store_errmsg(a->store));
		goto out;
	}
	e = dump(a, &live);
	if (e) {
		log_warn(&a->log, "cannot dump the kernel's leases: %s",
			 why(a, e, eb, sizeof(eb)));
		check_family(a, e);
		goto out;
	}
	lease_vec_free(&a->parked);
	for (size_t i = 0; i < stored.n; i++) {
		const struct lease *l = &stored.v[i];
		bool via_cid;

		if (lease_vec_find(&live, l)) {
			present++;
			continue;
		}
		if (a->cfg.restore_max_age &&
		    now - l->cltt > (int64_t)a->cfg.restore_max_age) {
			log_debug(&a->log, "not restoring %s: last transaction %lld s ago",
				  lease_key_str(l, kb), (long long)(now - l->cltt));
			old++;
			continue;
		}
		e = kernel_lease_add(a->kern, l, now_s(), &via_cid);
		switch (e) {
		case 0:
			pushed++;
			log_debug(&a->log, "restored %s %s on %s%s",
				  lease_key_str(l, kb), addr_str(l->addr, ab),
				  l->port, via_cid ? " (by circuit-id)" : "");
			continue;
		case -ETIME:
			expired++;
			continue;
		case -ENOENT:
		case -ENODEV:
			if (!kernel_present(a->kern))
				break;
			parked++;
			park(a, l);
			log_info(&a->log, "lease %s %s: port %s%s%s not there: %s; kept, retrying every %u s",
				 lease_key_str(l, kb), addr_str(l->addr, ab),
				 l->port[0] ? l->port : "?",
				 l->bridge[0] ? " of " : "", l->bridge,
				 why(a, e, eb, sizeof(eb)),
				 a->cfg.retry_interval);
			continue;
		case -EPERM:
		case -EIO:
		case -ENOMEM:
		case -ENOBUFS:
		case -EPROTO:
			break;
		default:
			refused++;
			log_warn(&a->log, "kernel refused lease %s %s on %s: %s; dropped from the store",
				 lease_key_str(l, kb), addr_str(l->addr, ab),
				 l->port[0] ? l->port : "?",
				 why(a, e, eb, sizeof(eb)));
			continue;
		}
		log_err(&a->log, "cannot restore leases: %s; store left as is, retrying",
			why(a, e, eb, sizeof(eb)));
		check_family(a, e);
		goto out;
	}
	lease_vec_sort(&a->parked);
	e = dump(a, &live);
	if (e) {
		log_warn(&a->log, "cannot dump the kernel's leases: %s",
			 why(a, e, eb, sizeof(eb)));
		check_family(a, e);
		goto out;
	}
	if (replace_store(a, &live))
		goto out;
	log_info(&a->log, "restore: %u pushed, %u already in the kernel, %u waiting for their port, %u refused, %u expired, %u too old; the kernel holds %zu leases",
		 pushed, present, parked, refused, expired, old, live.n);
	ret = 0;
out:
	lease_vec_free(&stored);
	lease_vec_free(&live);
	return ret;
}

int sync_resync(struct agent *a)
{
	struct lease_vec live = { 0 };
	char eb[400];
	int e;

	kernel_drain_events(a->kern);
	e = dump(a, &live);
	if (e) {
		log_warn(&a->log, "resync: cannot dump the kernel's leases: %s",
			 why(a, e, eb, sizeof(eb)));
		check_family(a, e);
		lease_vec_free(&live);
		return -1;
	}
	e = replace_store(a, &live);
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

void sync_retry_parked(struct agent *a)
{
	char kb[LEASE_KEY_STRLEN], eb[400];
	size_t i = 0;

	while (i < a->parked.n && kernel_present(a->kern)) {
		struct lease l = a->parked.v[i];
		bool via_cid, drop = false;
		int e = kernel_lease_add(a->kern, &l, now_s(), &via_cid);

		if (e == 0) {
			log_info(&a->log, "restored %s on %s%s", lease_key_str(&l, kb),
				 l.port, via_cid ? " (by circuit-id)" : "");
			/* Its L2RA_LEASE_EV_ADD event updates the store. */
		} else if (e == -ETIME) {
			log_info(&a->log, "%s expired before its port came back",
				 lease_key_str(&l, kb));
			drop = true;
		} else if (e == -ENOENT || e == -ENODEV) {
			i++;
			continue;
		} else if (e == -EPERM || e == -EIO || e == -ENOMEM ||
			   e == -ENOBUFS || e == -EPROTO) {
			log_warn(&a->log, "cannot retry parked leases: %s",
				 why(a, e, eb, sizeof(eb)));
			return;
		} else {
			log_warn(&a->log, "kernel refused lease %s: %s; dropped from the store",
				 lease_key_str(&l, kb), why(a, e, eb, sizeof(eb)));
			drop = true;
		}
		if (drop && pending_del(&a->pending, &l))
			log_err(&a->log, "out of memory");
		sync_unpark(a, &l);
	}
}
