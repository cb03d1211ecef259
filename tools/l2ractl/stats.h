/* SPDX-License-Identifier: GPL-2.0 */
/* stats.h - l2ra counter names and counter output. */
#ifndef L2RACTL_STATS_H
#define L2RACTL_STATS_H

#include <stdbool.h>
#include <stddef.h>

#include <netlink/attr.h>
#include <linux/l2ra.h>

#include "json.h"

/* enum l2ra_stat -> name (the enum suffix in lower case); NULL for
 * L2RA_STAT_UNSPEC and L2RA_STAT_PAD. */
extern const char *const l2ra_stat_names[__L2RA_STAT_MAX];

/* Name of counter @id; "stat_<id>" (written to @buf) if unknown. */
const char *stat_name(unsigned int id, char *buf, size_t size);

/*
 * Print the counters nested in @nest (L2RA_A_STATS), one "name value" per
 * line prefixed by @indent, in the kernel's order; zero counters are
 * skipped if @skip_zero.  Non-u64 and PAD attributes are ignored.
 */
void stats_print_plain(struct nlattr *nest, const char *indent,
		       bool skip_zero);

/* The counters of @nest as the members of the currently open object. */
void stats_print_json(struct json *js, struct nlattr *nest);

#endif
