/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sync.h - bringing the store and the kernel's lease table together.
 *
 * sync_full() runs at start-up and whenever the l2ra family appears (module
 * loaded or reloaded):
 *
 *   1. flush the write-delay batch; drop expired leases from the store;
 *   2. dump the kernel; every stored lease whose key the kernel does not
 *      hold (and whose last transaction is not older than restore_max_age)
 *      is added with its remaining lifetime, by port name, else by
 *      circuit-id within its bridge;  a key the kernel already holds is
 *      never pushed: the kernel's copy is live and at least as new;
 *   3. dump the kernel again: that dump is the truth.  The store becomes
 *      exactly the dump plus the "parked" leases (refused only because
 *      their port does not exist yet, ENOENT / ENODEV), which are kept
 *      until they expire and retried every retry_interval.  A lease the
 *      kernel refuses for any other reason (ENOSPC, EINVAL, ...) is logged
 *      and dropped.  A failure that says nothing about the lease (EPERM,
 *      a netlink error, the family vanishing) aborts the sync with the
 *      store untouched; it is retried.
 *
 * sync_resync() runs after an event-socket overrun: drain the socket, dump,
 * and make the store the dump plus the parked leases.  Nothing is pushed.
 */
#ifndef L2RAD_SYNC_H
#define L2RAD_SYNC_H

#include "agent.h"

int sync_full(struct agent *a);
int sync_resync(struct agent *a);
/* Retry the parked leases; drop those that expired or were refused. */
void sync_retry_parked(struct agent *a);
/* Write the batch; on a corrupt store, start a fresh one and resync. */
int sync_flush(struct agent *a);
/* The kernel changed @l's key: it is no longer parked. */
void sync_unpark(struct agent *a, const struct lease *l);

#endif
