/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lease.h - one lease as l2rad keeps it: the kernel's lease attributes
 * (include/uapi/linux/l2ra.h, "Leases") with the remaining lifetime turned
 * into a wall-clock expiry and the devices named by interface name, so that
 * a lease survives a reboot that renumbers the interfaces.
 *
 * An IPv6 binding (v6 true: an IA_NA address or IA_PD prefix the LDRA
 * learned, include/uapi/linux/l2ra.h "IPv6 bindings") is keyed by
 * (addr6, prefix_len, vid) instead of (mac, vid); its addr and server_id
 * are 0, its mac all zero when unknown.  Keys order IPv4 leases first.
 *
 * A static binding (L2RA_LEASE_F_STATIC in flags: an operator's, added
 * with "l2ractl binding add") never expires: its expires_at is LEASE_NEVER
 * and whatever it holds, nothing here drops it as expired.
 */
#ifndef L2RAD_LEASE_H
#define L2RAD_LEASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <linux/l2ra.h>

#define LEASE_IFNAMSIZ	16	/* IFNAMSIZ, without <net/if.h> */
#define LEASE_NEVER	INT64_MAX	/* expires_at of a static binding */

struct lease {
	uint8_t mac[6];
	uint16_t vid;
	uint32_t addr;		/* IPv4 address, network byte order */
	int64_t expires_at;	/* wall clock, seconds since the epoch */
	uint32_t lease_time;	/* seconds granted */
	uint32_t server_id;	/* network byte order, 0 if unknown */
	int64_t cltt;		/* wall clock of the last transaction */
	char port[LEASE_IFNAMSIZ];	/* subscriber port, "" if unknown */
	char bridge[LEASE_IFNAMSIZ];	/* its bridge, "" if unknown */
	uint8_t circuit_id_len;
	uint8_t circuit_id[L2RA_CIRCUIT_ID_MAX];
	uint32_t flags;		/* L2RA_LEASE_F_* (L2RA_A_LEASE_FLAGS) */
	bool v6;		/* an IPv6 binding: the fields below */
	uint8_t prefix_len;	/* IA_PD prefix length, 0: IA_NA address */
	/*
	 * bridge and circuit_id not read yet ("" and 0 until then): the
	 * store's brief read (store_load_vec_brief()) leaves them out.
	 */
	bool brief;
	uint8_t addr6[16];	/* the address or prefix (L2RA_A_ADDR6) */
	uint32_t preferred;	/* preferred lifetime granted, seconds */
};

static inline bool lease_is_static(const struct lease *l)
{
	return l->flags & L2RA_LEASE_F_STATIC;
}

/* Expired at @now (wall clock); a static binding never is. */
static inline bool lease_expired(const struct lease *l, int64_t now)
{
	return !lease_is_static(l) && l->expires_at <= now;
}

/*
 * The lifetime to install at @now (<= 0: expired): what the wall clock
 * leaves of the lease, never more than its lease time (*@clamped then
 * says so), at most UINT32_MAX; a static binding's is UINT32_MAX, the
 * kernel's "never" (L2RA_A_EXPIRES of a static binding).
 */
int64_t lease_left(const struct lease *l, int64_t now, bool *clamped);

static inline bool lease_same_key(const struct lease *a, const struct lease *b)
{
	if (a->v6 != b->v6 || a->vid != b->vid)
		return false;
	if (a->v6)
		return a->prefix_len == b->prefix_len &&
		       !memcmp(a->addr6, b->addr6, sizeof(a->addr6));
	return !memcmp(a->mac, b->mac, sizeof(a->mac));
}

/*
 * Order by (mac, vid), IPv6 bindings after every IPv4 lease by
 * (addr6, prefix_len, vid): the store's load order.
 */
int lease_key_cmp(const void *a, const void *b);

/*
 * "aa:bb:cc:dd:ee:ff vid 10", "2001:db8::5 vid 0" or "2001:db8:1::/56
 * vid 0" into @buf (at least LEASE_KEY_STRLEN).
 */
#define LEASE_KEY_STRLEN 64
const char *lease_key_str(const struct lease *l, char *buf);

/* A growable array of leases. */
struct lease_vec {
	struct lease *v;
	size_t n, cap;
};

int lease_vec_push(struct lease_vec *vec, const struct lease *l);
void lease_vec_remove(struct lease_vec *vec, size_t i);	/* unordered */
void lease_vec_free(struct lease_vec *vec);
void lease_vec_sort(struct lease_vec *vec);
/* In a vector sorted by lease_vec_sort(): the lease with @l's key. */
const struct lease *lease_vec_find(const struct lease_vec *vec,
				   const struct lease *l);

#endif
