/* SPDX-License-Identifier: GPL-2.0 */
/* netns.h - switch to a named network namespace, like "ip -n NETNS". */
#ifndef L2RACTL_NETNS_H
#define L2RACTL_NETNS_H

/*
 * Enter network namespace @name: a name under /run/netns (as created by
 * "ip netns add"), or a path when it contains a '/'.  Prints the reason and
 * returns -1 on failure.
 */
int netns_enter(const char *name);

#endif
