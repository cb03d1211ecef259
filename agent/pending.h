/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pending.h - the write-delay batch: the latest state (upsert or delete) of
 * each (mac, vid) changed since the last flush.  A flood of events for a
 * lease costs one row in one transaction.  pending_flush() writes the whole
 * batch as one store transaction; on failure the batch is kept intact, so
 * the caller can retry.
 */
#ifndef L2RAD_PENDING_H
#define L2RAD_PENDING_H

#include <stddef.h>

#include "lease.h"
#include "store.h"

struct pending_entry;

struct pending {
	struct pending_entry **buckets;
	size_t nbuckets;	/* a power of two */
	struct pending_entry *head;	/* every entry, newest first */
	size_t count;
};

int pending_init(struct pending *p);
void pending_free(struct pending *p);
void pending_clear(struct pending *p);

/* Record that @l's key now holds @l.  Returns 0 or -1 (out of memory). */
int pending_put(struct pending *p, const struct lease *l);
/* Record that @l's key now holds nothing. */
int pending_del(struct pending *p, const struct lease *l);

static inline size_t pending_count(const struct pending *p)
{
	return p->count;
}

/* Look up @l's key: 1 and *@is_del / *@out if present, else 0. */
int pending_get(const struct pending *p, const struct lease *l, int *is_del,
		struct lease *out);

/* Write the batch in one transaction and empty it; -1 keeps it. */
int pending_flush(struct pending *p, struct store *s);

#endif
