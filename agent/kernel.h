/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel.h - l2rad's generic netlink side (libnl-genl-3).
 *
 * Two sockets: an event socket, non-blocking with a large receive buffer,
 * subscribed to the nlctrl "notify" group (to see the l2ra family come and
 * go with the module) and, while the family exists, to its "leases" group;
 * and a blocking request socket with extended ACKs for dumps and adds
 * (lib/nl/l2ra_nl.h).
 * Nothing here logs: errors are returned as negative errnos and the
 * kernel's extended ACK message, if any, is in kernel_extack().
 */
#ifndef L2RAD_KERNEL_H
#define L2RAD_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lease.h"

#define KERNEL_EVENT_RCVBUF	(8 << 20)

struct kernel;

struct kernel_ops {
	/* A lease event; @event is enum l2ra_lease_event. */
	void (*lease)(void *arg, uint8_t event, const struct lease *l);
	/* CTRL_CMD_NEWFAMILY (@up) or CTRL_CMD_DELFAMILY for "l2ra". */
	void (*family)(void *arg, bool up);
};

/* Open both sockets and join nlctrl's "notify" group. */
int kernel_open(struct kernel **out, int rcvbuf, char *err, size_t errlen);
void kernel_close(struct kernel *k);

/* The event socket, for poll(). */
int kernel_event_fd(const struct kernel *k);

/*
 * Resolve the "l2ra" family and its "leases" group and join the group.
 * 0 on success, -ENOENT if the family is not registered (module not
 * loaded), another negative errno otherwise.
 */
int kernel_resolve(struct kernel *k);
/* The family went away: leave its group and forget its ids. */
void kernel_forget(struct kernel *k);
bool kernel_present(const struct kernel *k);

/*
 * Read the pending events (at most a bounded number of batches) and call
 * @ops.  Returns 0, 1 if more may be queued, -ENOBUFS if the socket
 * overflowed (events were lost: resynchronise), another negative errno.
 */
int kernel_recv_events(struct kernel *k, const struct kernel_ops *ops,
		       void *arg);
/* Read and discard everything queued on the event socket. */
void kernel_drain_events(struct kernel *k);

/* Dump the lease table into @vec (appended). -EINTR: dump interrupted. */
int kernel_dump(struct kernel *k, struct lease_vec *vec);

/* A bridge the relay is configured on (L2RA_CMD_BRIDGE_GET). */
struct kernel_bridge {
	char ifname[LEASE_IFNAMSIZ];
	bool enabled;
	uint8_t remote_id_len, relay_id_len;
	uint8_t remote_id[L2RA_REMOTE_ID_MAX];
	uint8_t relay_id[L2RA_RELAY_ID_MAX];
};

struct kernel_bridges {
	struct kernel_bridge *v;
	size_t n, cap;
};

/*
 * The namespace's lease limit (L2RA_CMD_CONFIG_GET, L2RA_A_LEASE_MAX) into
 * *@max; L2RA_LEASE_MAX_DEFAULT if it cannot be asked.  0 or -errno.
 */
int kernel_lease_max(struct kernel *k, uint32_t *max);

/*
 * The lease table's generation (L2RA_A_LEASE_GEN) into *@gen: it grows by
 * one with every add, change or removal.  0, -EOPNOTSUPP from a module
 * that does not report it, or another negative errno.
 */
int kernel_lease_gen(struct kernel *k, uint32_t *gen);

/*
 * How many leases the namespace's table holds now (L2RA_A_LEASE_COUNT)
 * into *@count.  0, -EOPNOTSUPP if not reported, or another negative errno.
 */
int kernel_lease_count(struct kernel *k, uint32_t *count);

/* Dump the configured bridges into @brs (replacing its contents). */
int kernel_bridges(struct kernel *k, struct kernel_bridges *brs);
void kernel_bridges_free(struct kernel_bridges *brs);

/* One lease to push and, once pushed, the kernel's answer. */
struct kernel_add {
	const struct lease *l;
	uint32_t left;		/* remaining lifetime to install, > 0
				 * (a static binding: UINT32_MAX) */
	int err;		/* out: 0 or the kernel's negative errno */
};

/* Told of each pushed lease, in order; @extack is never NULL. */
typedef void (*kernel_add_fn)(void *arg, size_t i, int err,
			      const char *extack);

/*
 * L2RA_CMD_LEASE_ADD of @n leases in batches (lib/nl/l2ra_nl.h: many per
 * sendmsg(), one ACK per batch, errors mapped back by sequence number):
 * each by its port name or, with @by_circuit, by its circuit-id within its
 * bridge (any enabled bridge when the bridge does not exist).  Each result
 * lands in v[i].err and, if @done is set, is told with its extended ACK
 * message.  0 when every lease has its answer; a negative errno when the
 * request socket failed (reason in kernel_extack()), in which case the
 * leases from the failing batch on have none: their err is left as is.
 */
int kernel_lease_add_batch(struct kernel *k, struct kernel_add *v, size_t n,
			   bool by_circuit, kernel_add_fn done, void *arg);

/*
 * Around a push: leave the "leases" group, so that the kernel does not
 * build an event for every lease added (nor overflow the event socket),
 * and join it again.  Resuming discards what the event socket holds: the
 * caller must dump afterwards, and that dump is the truth.
 */
void kernel_events_pause(struct kernel *k);
int kernel_events_resume(struct kernel *k);

/* The extended ACK message of the last failed request, or "". */
const char *kernel_extack(const struct kernel *k);

/* Parse a lease message's attributes (exported for tests). */
struct nlattr;
int kernel_parse_lease(struct nlattr **tb, int64_t now, struct lease *l,
		       uint8_t *event);

#endif
