/* SPDX-License-Identifier: GPL-2.0 */
/*
 * monitor.h - the event loop of "l2ractl monitor", split from the netlink
 * setup so it can be unit-tested on a socketpair with made-up messages.
 */
#ifndef L2RACTL_MONITOR_H
#define L2RACTL_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "json.h"

struct monitor {
	bool json;		/* one compact JSON object per line */
	int family;		/* generic netlink id of the l2ra family */
	struct json js;
	/* recv(2); replaceable by the unit tests (to fake ENOBUFS). */
	ssize_t (*recv)(int fd, void *buf, size_t len, int flags);
};

/*
 * Print the L2RA_CMD_LEASE_NOTIFY messages of family m->family found in
 * the @len octets of one datagram at @buf, one line each, "EVENT LEASE"
 * (see lease_print_plain()) or a JSON object with an "event" member
 * first; other messages are skipped.  Returns the number printed.
 */
int monitor_process(struct monitor *m, void *buf, size_t len);

/*
 * Read datagrams from @fd and print their events until SIGINT or SIGTERM
 * (returns 0) or an error (printed, returns 1).  On ENOBUFS, events were
 * lost: "l2ractl: events lost (socket overrun)" goes to stderr and the
 * loop goes on.  stdout is flushed after every datagram.
 */
int monitor_loop(struct monitor *m, int fd);

#endif
