/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sync.h - bringing the store and the kernel's lease table together.
 *
 * sync_full() runs at start-up and whenever the l2ra family appears (module
 * loaded or reloaded):
 *
 *   1. flush the write-delay batch.  While the wall clock is behind the
 *      newest last transaction (cltt) in the store, stop there and return
 *      -EAGAIN, with one log line until the clock passes it: the clock has
 *      not been set yet (a device without RTC at boot), so neither what is
 *      expired nor what is left of a lease can be told.  Nothing is
 *      dropped or pushed, the store keeps every lease; the caller retries
 *      (the retry timer does).  Else drop expired leases from the store;
 *   2. dump the kernel; every stored lease whose key the kernel does not
 *      hold (and whose last transaction is not older than restore_max_age)
 *      is added with its remaining lifetime, never more than its lease
 *      time (a clock that went backwards must not install leases of absurd
 *      length), by port name, else by circuit-id within its bridge;  a key
 *      the kernel already holds is never pushed: the kernel's copy is live
 *      and at least as new.  The adds go in batches (many LEASE_ADD per
 *      sendmsg(), one ACK per batch, each refusal mapped back to its lease
 *      by sequence number): first every lease by port name, then, in a
 *      second batched pass, by circuit-id those the kernel refused by name
 *      with ENOENT, ENODEV or EINVAL.  While it pushes, l2rad is out of
 *      the "leases" group (no event per lease added) and what its event
 *      socket held is discarded: the dump below replaces it;
 *   3. the kernel's table is then the first dump plus the leases its
 *      answers say it took by port name, if its generation
 *      (L2RA_A_LEASE_GEN) grew by exactly that many since before the first
 *      dump: nothing else changed it, no event was missed.  Otherwise (a
 *      DHCP exchange, an expiry, another client, or a lease taken by
 *      circuit-id, whose port the answer does not name), dump the kernel
 *      again and that dump is the truth.  The store becomes
 *      exactly the dump plus the "parked" leases (refused only because
 *      their port does not exist yet, ENOENT / ENODEV), which are kept
 *      until they expire and retried every retry_interval; only the
 *      differences are written.  A lease the kernel refuses for any other
 *      reason (ENOSPC, EINVAL, ...) is logged with the kernel's extended
 *      ACK message and dropped.  A failure that says nothing about the
 *      lease (EPERM, a netlink error, the family vanishing) aborts the
 *      sync with the store untouched; it is retried.
 *
 * Returns 0, -EAGAIN (the clock, above) or -1.
 *
 * sync_resync() runs after an event-socket overrun: drain the socket, dump,
 * and make the store the dump plus the parked leases.  Nothing is pushed.
 */
#ifndef L2RAD_SYNC_H
#define L2RAD_SYNC_H

#include "agent.h"

int sync_full(struct agent *a);
int sync_resync(struct agent *a);
/*
 * The end of a restore from the DHCP servers: @got are its
 * leases.  Those newer than the store's (by cltt) are pushed as in
 * sync_full() step 2 when the kernel is there (a key it holds is not
 * pushed) and the "restore:" line is logged; then they are written to the
 * store in one transaction: those it took (with the lifetime they were
 * given) and the parked ones; the rest of the store is not read.  If the table's generation says that something else
 * changed it meanwhile, or some went by circuit-id, a resync follows.
 * Without the kernel, the newer ones are written to the store, for the
 * sync that follows the family.  *@newer: how many were newer; *@pushed:
 * whether the kernel was pushed to.  0 or -1.
 */
int sync_bindings(struct agent *a, const struct lease_vec *got,
		  unsigned int *newer, bool *pushed);
/*
 * Is the wall clock @now set?  0 yes; -EAGAIN if it is behind the newest
 * last transaction in the store (no RTC, before NTP: logged once until it
 * is set); -1 if the store cannot be read.  The restore from the DHCP
 * servers waits on the same test.
 */
int sync_check_clock(struct agent *a, int64_t now);
/*
 * Retry the parked leases (batched, as above); drop those that expired or
 * were refused.
 */
void sync_retry_parked(struct agent *a);
/* Write the batch; on a corrupt store, start a fresh one and resync. */
int sync_flush(struct agent *a);
/* The kernel changed @l's key: it is no longer parked. */
void sync_unpark(struct agent *a, const struct lease *l);

#endif
