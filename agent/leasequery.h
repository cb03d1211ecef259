/* SPDX-License-Identifier: GPL-2.0 */
/*
 * leasequery.h - l2rad's restore from the DHCP servers by Bulk Leasequery
 * (RFC 6926, RFC 5460), for when the store cannot be trusted: a replaced
 * device, a wiped flash, a store nobody wrote for a long time.
 *
 * A restore asks every configured server, in parallel, for the bindings
 * filed under the relay-id (or remote-id) of each bridge the relay runs on
 * and under each configured extra id.  It is a state machine stepped from
 * l2rad's one poll loop (main.c): lease events keep being read and stored
 * while it runs, and a SIGHUP does not disturb it.  Bindings are reconciled
 * as they arrive (blq_restore.h: per (MAC, VLAN) the newest last
 * transaction wins; at most the kernel's lease limit), so memory stays
 * bounded whatever the servers send.
 *
 * Each server gets leasequery_connections connections, each carrying one
 * query at a time (lib/blq/blq_client.h: what deployed Kea can follow).
 * While no server has answered completely, nobody gives up: failed servers
 * are retried with a backoff capped at leasequery_max_retry, for up to
 * leasequery_deadline; then what was collected is kept and, if still no
 * server was complete, a new restore is due after leasequery_max_retry.
 *
 * At the end (every query finished, the deadline, or l2rad stopping) the
 * result is merged into the store: a binding replaces a stored lease of
 * its key only if its last transaction is newer.  The caller's sync_full()
 * then pushes what the kernel lacks, as for any stored lease.
 */
#ifndef L2RAD_LEASEQUERY_H
#define L2RAD_LEASEQUERY_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agent.h"

/*
 * Newest modification time of the store file and its WAL, 0 if neither:
 * taken before store_open(), which touches the WAL.
 */
int64_t leasequery_store_mtime(const char *path);

/*
 * Should the start-up restore ask the servers?  True when servers are
 * configured and the store was missing (@created), holds no unexpired
 * lease, or was last written (@mtime) more than lq_store_max_age seconds
 * ago.  @why receives the reason for the log.
 */
bool leasequery_wanted(struct agent *a, bool created, int64_t mtime,
		       const char **why);

/*
 * Start a restore (a->lq).  0 started, -EAGAIN nothing to ask yet (no
 * bridge with the relay enabled and no leasequery_id, or the wall clock
 * is not set): try again later; -1 it cannot run (logged).  Needs the l2ra
 * family, for the bridges' ids.
 */
int leasequery_start(struct agent *a);

/* For the poll loop: the sockets to watch and when to call again. */
size_t leasequery_nfds_max(const struct agent *a);
size_t leasequery_pollfds(struct agent *a, struct pollfd *fds, size_t n);
/* ms, -1 for no timer (also when no restore runs). */
int leasequery_timeout_ms(const struct agent *a, int64_t now_ms);

/*
 * Work on the restore; when it ends, merge the result into the store,
 * free it and return true.  *@complete then tells whether a server
 * answered every query.
 */
bool leasequery_process(struct agent *a, const struct pollfd *fds, size_t n,
			int64_t now_ms, bool *complete);

/* Stop a running restore now, keeping what it collected (merged). */
void leasequery_stop(struct agent *a, const char *why);

#endif
