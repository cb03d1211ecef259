// SPDX-License-Identifier: GPL-2.0
/* pending.c - the write-delay batch (see pending.h). */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "pending.h"

struct pending_entry {
	struct pending_entry *hnext;	/* bucket chain */
	struct pending_entry *lnext;	/* list of all entries */
	bool del;
	struct lease l;
};

#define PENDING_MIN_BUCKETS 1024

static size_t hash(const struct lease *l)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	if (l->v6) {
		for (unsigned int i = 0; i < sizeof(l->addr6); i++)
			h = (h ^ l->addr6[i]) * 1099511628211ULL;
		h = (h ^ l->prefix_len ^ 0x100) * 1099511628211ULL;
	} else {
		for (unsigned int i = 0; i < sizeof(l->mac); i++)
			h = (h ^ l->mac[i]) * 1099511628211ULL;
	}
	h = (h ^ (l->vid & 0xff)) * 1099511628211ULL;
	h = (h ^ (l->vid >> 8)) * 1099511628211ULL;
	return (size_t)(h ^ (h >> 29));
}

int pending_init(struct pending *p)
{
	p->nbuckets = PENDING_MIN_BUCKETS;
	p->buckets = calloc(p->nbuckets, sizeof(*p->buckets));
	p->head = NULL;
	p->count = 0;
	return p->buckets ? 0 : -1;
}

void pending_clear(struct pending *p)
{
	struct pending_entry *e = p->head, *next;

	for (; e; e = next) {
		next = e->lnext;
		free(e);
	}
	p->head = NULL;
	p->count = 0;
	if (p->buckets)
		for (size_t i = 0; i < p->nbuckets; i++)
			p->buckets[i] = NULL;
}

void pending_free(struct pending *p)
{
	pending_clear(p);
	free(p->buckets);
	p->buckets = NULL;
	p->nbuckets = 0;
}

static void grow(struct pending *p)
{
	size_t n = p->nbuckets * 4;
	struct pending_entry **b = calloc(n, sizeof(*b));

	if (!b)
		return;		/* longer chains, still correct */
	for (struct pending_entry *e = p->head; e; e = e->lnext) {
		size_t i = hash(&e->l) & (n - 1);

		e->hnext = b[i];
		b[i] = e;
	}
	free(p->buckets);
	p->buckets = b;
	p->nbuckets = n;
}

static struct pending_entry *find(const struct pending *p,
				  const struct lease *l)
{
	struct pending_entry *e = p->buckets[hash(l) & (p->nbuckets - 1)];

	for (; e; e = e->hnext)
		if (lease_same_key(&e->l, l))
			return e;
	return NULL;
}

static int set(struct pending *p, const struct lease *l, bool del)
{
	struct pending_entry *e = find(p, l);
	size_t i;

	if (!e) {
		if (p->count >= p->nbuckets)
			grow(p);
		e = malloc(sizeof(*e));
		if (!e)
			return -1;
		i = hash(l) & (p->nbuckets - 1);
		e->hnext = p->buckets[i];
		p->buckets[i] = e;
		e->lnext = p->head;
		p->head = e;
		p->count++;
	}
	e->l = *l;
	e->del = del;
	return 0;
}

int pending_put(struct pending *p, const struct lease *l)
{
	return set(p, l, false);
}

int pending_del(struct pending *p, const struct lease *l)
{
	return set(p, l, true);
}

int pending_get(const struct pending *p, const struct lease *l, int *is_del,
		struct lease *out)
{
	const struct pending_entry *e = find(p, l);

	if (!e)
		return 0;
	if (is_del)
		*is_del = e->del;
	if (out)
		*out = e->l;
	return 1;
}

int pending_flush(struct pending *p, struct store *s)
{
	if (!p->count)
		return 0;
	if (store_begin(s))
		return -1;
	for (struct pending_entry *e = p->head; e; e = e->lnext) {
		int err = e->del ? store_delete_key(s, &e->l)
				 : store_upsert(s, &e->l);

		if (err) {
			store_rollback(s);
			return -1;
		}
	}
	if (store_commit(s))
		return -1;
	pending_clear(p);
	return 0;
}
