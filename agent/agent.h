/* SPDX-License-Identifier: GPL-2.0 */
/*
 * agent.h - l2rad's one context: everything mutable lives here.
 */
#ifndef L2RAD_AGENT_H
#define L2RAD_AGENT_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "kernel.h"
#include "lease.h"
#include "log.h"
#include "pending.h"
#include "store.h"

/* Flush early when the batch grows past this many keys. */
#define AGENT_PENDING_MAX	(4 * L2RA_LEASE_MAX_DEFAULT)

struct leasequery;

struct agent {
	struct logger log;
	struct options opts;
	struct config cfg;
	struct store *store;
	struct pending pending;
	struct kernel *kern;
	/*
	 * Leases the kernel refused at restore because their port does not
	 * exist (yet): kept in the store until they expire, retried every
	 * retry_interval.  Sorted by key.
	 */
	struct lease_vec parked;
	int sig_fd, flush_fd, retry_fd;
	/* Readable when the wall clock is set (TFD_TIMER_CANCEL_ON_SET). */
	int clock_fd;
	bool flush_armed;
	bool need_sync;		/* push the store, then take the dump */
	bool need_resync;	/* take the dump (events were lost) */
	bool sync_now;		/* try the above before sleeping again */
	bool need_lq;		/* ask the DHCP servers (leasequery.h) ... */
	int64_t lq_next_ms;	/* ... not before (CLOCK_MONOTONIC ms) */
	bool lq_waiting;	/* ... but there is no id to ask for yet */
	bool clock_waiting;	/* the wall clock is behind the store */
	struct leasequery *lq;	/* the restore in progress, if any */
	bool lq_pushed;		/* its leases went to the kernel already */
	bool ready;		/* READY=1 sent to systemd */
	uint64_t wd_usec;	/* systemd's watchdog timeout, 0 if none */
	int64_t wd_next_ms;	/* next WATCHDOG=1 */
	bool stop;
};

#endif
