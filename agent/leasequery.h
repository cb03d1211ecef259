/* SPDX-License-Identifier: GPL-2.0 */
/*
 * leasequery.h - l2rad's restore from the DHCP servers by Bulk Leasequery
 * (RFC 6926, RFC 5460), for when the store cannot be trusted: a replaced
 * device, a wiped flash, a store nobody wrote for a long time.
 *
 * leasequery_restore() asks every configured server, in parallel on one
 * poll loop, for the bindings filed under the relay-id (or remote-id) of
 * each bridge the relay runs on and under each configured extra id,
 * reconciles them (blq_restore.h: per key, the newest last transaction
 * wins; expired and inactive bindings are dropped), and merges the result
 * into the store: a binding replaces a stored lease of its key only if its
 * last transaction is newer.  The caller's sync_full() then pushes what the
 * kernel lacks, as for any stored lease.
 *
 * It blocks until every query finished or failed (bounded by the
 * connect/data timeouts and the retries), but watches the signalfd: any
 * signal aborts it (-EINTR, nothing merged) for l2rad's loop to handle;
 * the loop then starts it again unless it is stopping.
 */
#ifndef L2RAD_LEASEQUERY_H
#define L2RAD_LEASEQUERY_H

#include <stdbool.h>
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
 * Run the queries and merge the bindings into the store.  0 on success
 * (even if some server failed: what the others gave is kept), -1 if
 * nothing could be asked or written, -EINTR if a signal interrupted it,
 * -EAGAIN if there is no id to ask for yet (no bridge with the relay
 * enabled, no leasequery_id): try again later.  Needs the l2ra family (for
 * the bridges' ids).
 */
int leasequery_restore(struct agent *a);

#endif
