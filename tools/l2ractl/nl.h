/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nl.h - the generic netlink side of l2ractl: open a socket, resolve the
 * "l2ra" family, send one request and collect its replies, its ACK or its
 * error (with the kernel's extended ACK message), on lib/nl/l2ra_nl.h,
 * which l2rad shares; this adds the printing and the attribute parsing.
 */
#ifndef L2RACTL_NL_H
#define L2RACTL_NL_H

#include <stdint.h>

#include <netlink/attr.h>
#include <netlink/msg.h>
#include <linux/l2ra.h>

#include "l2ra_nl.h"

/*
 * Open a generic netlink socket with extended ACKs and resolve the l2ra
 * family.  Prints the reason and returns -1 on failure (family not
 * registered: the module is not loaded).
 */
int nlc_open(struct l2ra_nl *c);
void nlc_close(struct l2ra_nl *c);

/* A new request for @cmd with @flags (e.g. NLM_F_DUMP), or NULL (printed). */
struct nl_msg *nlc_msg(struct l2ra_nl *c, uint8_t cmd, int flags);

/*
 * Called for each reply message with its attributes parsed into
 * tb[0..L2RA_A_MAX] (missing ones NULL).  Return 0 to go on, or a negative
 * errno to stop the request with that error.
 */
typedef int (*nlc_handler)(struct nlattr **tb, void *arg);

/*
 * Send @msg (consumed) and receive until its ACK, error or end of dump.
 * Returns 0 or a negative errno; on error c->extack holds the kernel's
 * message, if any.  Does not print errors: see nlc_perror().  A warning
 * carried by a successful ACK is printed as "Warning: <message>".
 */
int nlc_request(struct l2ra_nl *c, struct nl_msg *msg, nlc_handler h,
		void *arg);

/* Print "Error: <extack message>", or "Error: <strerror(-err)>". */
void nlc_perror(const struct l2ra_nl *c, int err);

/* nla_put* wrappers that print "Error: ..." and return -1 on failure. */
int nlc_put(struct nl_msg *msg, int type, const void *data, size_t len);
int nlc_put_u8(struct nl_msg *msg, int type, uint8_t v);
int nlc_put_u32(struct nl_msg *msg, int type, uint32_t v);
int nlc_put_string(struct nl_msg *msg, int type, const char *s);

#endif
