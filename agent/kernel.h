/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel.h - l2rad's generic netlink side (libnl-genl-3).
 *
 * Two sockets: an event socket, non-blocking with a large receive buffer,
 * subscribed to the nlctrl "notify" group (to see the l2ra family come and
 * go with the module) and, while the family exists, to its "leases" group;
 * and a blocking request socket with extended ACKs for dumps and adds.
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

/* Dump the configured bridges into @brs (replacing its contents). */
int kernel_bridges(struct kernel *k, struct kernel_bridges *brs);
void kernel_bridges_free(struct kernel_bridges *brs);

/*
 * L2RA_CMD_LEASE_ADD of @l with its remaining lifetime at @now: the port by
 * ifname if it exists, else (or if the kernel refuses that port with
 * ENOENT, ENODEV or EINVAL) by circuit-id within the bridge, if known.
 * -ENODEV without asking the kernel when neither can name a port.
 * *@via_circuit tells which was used last.
 */
int kernel_lease_add(struct kernel *k, const struct lease *l, int64_t now,
		     bool *via_circuit);

/* The extended ACK message of the last failed request, or "". */
const char *kernel_extack(const struct kernel *k);

/* Parse a lease message's attributes (exported for tests). */
struct nlattr;
int kernel_parse_lease(struct nlattr **tb, int64_t now, struct lease *l,
		       uint8_t *event);

#endif
