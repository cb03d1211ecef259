// SPDX-License-Identifier: GPL-2.0
/* lease.c - lease keys and growable lease arrays. */
#include <stdio.h>
#include <stdlib.h>

#include <arpa/inet.h>

#include "lease.h"

int lease_key_cmp(const void *a, const void *b)
{
	const struct lease *x = a, *y = b;
	int c;

	if (x->v6 != y->v6)
		return x->v6 ? 1 : -1;
	if (x->v6) {
		c = memcmp(x->addr6, y->addr6, sizeof(x->addr6));
		if (c)
			return c;
		c = (x->prefix_len > y->prefix_len) -
		    (x->prefix_len < y->prefix_len);
	} else {
		c = memcmp(x->mac, y->mac, sizeof(x->mac));
	}
	if (c)
		return c;
	return (x->vid > y->vid) - (x->vid < y->vid);
}

/*
 * A device without RTC whose clock went backwards would otherwise install
 * leases of absurd length; a lease time of 0 (unknown) does not bound it.
 */
int64_t lease_left(const struct lease *l, int64_t now, bool *clamped)
{
	int64_t left;

	*clamped = false;
	if (lease_is_static(l))
		return UINT32_MAX;
	left = l->expires_at - now;
	*clamped = l->lease_time && left > (int64_t)l->lease_time;
	if (*clamped)
		left = l->lease_time;
	return left > UINT32_MAX ? UINT32_MAX : left;
}

const char *lease_key_str(const struct lease *l, char *buf)
{
	char a[INET6_ADDRSTRLEN];

	if (l->v6) {
		if (!inet_ntop(AF_INET6, l->addr6, a, sizeof(a)))
			snprintf(a, sizeof(a), "?");
		if (l->prefix_len)
			snprintf(buf, LEASE_KEY_STRLEN, "%s/%u vid %u", a,
				 l->prefix_len, l->vid);
		else
			snprintf(buf, LEASE_KEY_STRLEN, "%s vid %u", a, l->vid);
		return buf;
	}
	snprintf(buf, LEASE_KEY_STRLEN,
		 "%02x:%02x:%02x:%02x:%02x:%02x vid %u", l->mac[0], l->mac[1],
		 l->mac[2], l->mac[3], l->mac[4], l->mac[5], l->vid);
	return buf;
}

int lease_vec_push(struct lease_vec *vec, const struct lease *l)
{
	if (vec->n == vec->cap) {
		size_t cap = vec->cap ? vec->cap * 2 : 64;
		struct lease *v = realloc(vec->v, cap * sizeof(*v));

		if (!v)
			return -1;
		vec->v = v;
		vec->cap = cap;
	}
	vec->v[vec->n++] = *l;
	return 0;
}

void lease_vec_remove(struct lease_vec *vec, size_t i)
{
	if (i < vec->n)
		vec->v[i] = vec->v[--vec->n];
}

void lease_vec_free(struct lease_vec *vec)
{
	free(vec->v);
	vec->v = NULL;
	vec->n = vec->cap = 0;
}

void lease_vec_sort(struct lease_vec *vec)
{
	if (vec->n > 1)
		qsort(vec->v, vec->n, sizeof(*vec->v), lease_key_cmp);
}

const struct lease *lease_vec_find(const struct lease_vec *vec,
				   const struct lease *l)
{
	if (!vec->n)
		return NULL;
	return bsearch(l, vec->v, vec->n, sizeof(*vec->v), lease_key_cmp);
}
