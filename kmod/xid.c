// SPDX-License-Identifier: GPL-2.0
/*
 * In-flight DHCP transactions, for servers that do not echo option 82 (seed
 * draft 4.1.2; busybox udhcpd, for one): the request path records which port
 * (xid, chaddr) came from, the reply path looks it up to deliver the reply
 * there only.
 *
 * A fixed-size, 2-way set-associative table allocated with the namespace: the
 * packet path never allocates an entry.  A new transaction takes a free or expired way
 * of its set, else evicts a live one, within the limits of the ports'
 * quotas (l2ra_xid_insert()).  Sets are guarded by striped spinlocks; every
 * user runs on the packet path.  Each port's count of the entries it holds
 * (struct l2ra_quota, quota.c) changes under the lock of the set whose
 * entry changes hands; expired entries count until they are reused.
 */
#include <linux/bits.h>
#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/jhash.h>
#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "l2ra.h"

#define L2RA_XID_SET_BITS	11
#define L2RA_XID_SETS		BIT(L2RA_XID_SET_BITS)
#define L2RA_XID_WAYS		2
#define L2RA_XID_LOCK_BITS	6
#define L2RA_XID_LOCKS		BIT(L2RA_XID_LOCK_BITS)

static unsigned int xid_timeout = 10;
module_param(xid_timeout, uint, 0644);
MODULE_PARM_DESC(xid_timeout,
		 "Seconds a DHCP transaction steers replies without option 82 (1..3600, default 10)");

struct l2ra_xid_entry {
	u32 xid;
	int ifindex;			/* 0: free */
	u8 chaddr[ETH_ALEN];
	unsigned long expiry;		/* jiffies */
};

struct l2ra_xid_table {
	u32 seed;
	/* locks[h % L2RA_XID_LOCKS] guards the sets of hash h */
	spinlock_t locks[L2RA_XID_LOCKS];
	struct l2ra_xid_entry slots[L2RA_XID_SETS][L2RA_XID_WAYS];
};

struct l2ra_xid_table *l2ra_xid_alloc(void)
{
	struct l2ra_xid_table *t;
	unsigned int i;

	t = kvzalloc(sizeof(*t), GFP_KERNEL_ACCOUNT);
	if (!t)
		return NULL;
	t->seed = get_random_u32();
	for (i = 0; i < L2RA_XID_LOCKS; i++)
		spin_lock_init(&t->locks[i]);
	return t;
}

void l2ra_xid_free(struct l2ra_xid_table *t)
{
	kvfree(t);
}

static u32 l2ra_xid_hash(const struct l2ra_xid_table *t, u32 xid,
			 const u8 *chaddr)
{
	u32 a = (u32)chaddr[0] << 24 | (u32)chaddr[1] << 16 |
		(u32)chaddr[2] << 8 | chaddr[3];
	u32 b = (u32)chaddr[4] << 8 | chaddr[5];

	return jhash_3words(xid, a, b, t->seed);
}

static unsigned long l2ra_xid_ttl(void)
{
	unsigned int secs = clamp_val(READ_ONCE(xid_timeout), 1U, 3600U);

	return secs * HZ;
}

static bool l2ra_xid_live(const struct l2ra_xid_entry *e, unsigned long now)
{
	return e->ifindex && time_before(now, e->expiry);
}

static bool l2ra_xid_same(const struct l2ra_xid_entry *e, u32 xid,
			  const u8 *chaddr)
{
	return e->ifindex && e->xid == xid &&
	       ether_addr_equal_unaligned(e->chaddr, chaddr);
}

/* Under the set's lock: @e changes hands from its port to @ifindex. */
static void l2ra_xid_take(struct l2ra_net *ln, struct l2ra_xid_entry *e,
			  int ifindex, struct l2ra_quota *mine)
{
	struct l2ra_quota *q;

	if (e->ifindex == ifindex)
		return;
	if (e->ifindex) {
		q = l2ra_quota_find_rcu(ln, e->ifindex);
		if (q)
			atomic_dec_if_positive(&q->xids);
	}
	if (mine)
		atomic_inc(&mine->xids);
}

/*
 * Under the set's lock, every way live and none of this transaction: the
 * way port @ifindex may evict, or NULL.  A port within its quota (@over
 * false) takes first the entry of a port above its own quota, then its own,
 * then the one of another port that expires first; a port at its quota
 * only its own.  Among equals, the entry that expires first goes.
 */
static struct l2ra_xid_entry *l2ra_xid_victim(struct l2ra_net *ln,
					      struct l2ra_xid_entry *set,
					      int ifindex, bool over)
{
	struct l2ra_xid_entry *victim = NULL, *e;
	int rank, best = 0;
	unsigned int i;

	for (i = 0; i < L2RA_XID_WAYS; i++) {
		e = &set[i];
		if (e->ifindex == ifindex)
			rank = 2;
		else if (over)
			continue;
		else if (l2ra_xid_over_quota(ln, e->ifindex))
			rank = 3;
		else
			rank = 1;
		if (rank > best ||
		    (rank == best && time_before(e->expiry, victim->expiry))) {
			victim = e;
			best = rank;
		}
	}
	return victim;
}

/**
 * l2ra_xid_insert - record the port a transaction came from
 * @ln: the namespace
 * @xid: the transaction's xid
 * @chaddr: the client's chaddr
 * @ifindex: the port
 * @mine: the port's state, as the rate limit found it (NULL: none)
 * @xid_max: the port's quota, 0 for none
 *
 * A transaction takes the way it already has, else a free or expired way of
 * its set.  With every way live, a port below @xid_max evicts one
 * (l2ra_xid_victim()), and a port at @xid_max replaces one of its own or
 * records nothing, so that one port's random xids cannot push out the
 * others' transactions.
 *
 * Packet path, under rcu_read_lock().
 */
enum l2ra_xid_result l2ra_xid_insert(struct l2ra_net *ln, u32 xid,
				     const u8 *chaddr, int ifindex,
				     struct l2ra_quota *mine, u32 xid_max)
{
	struct l2ra_xid_table *t = ln->xids;
	u32 h = l2ra_xid_hash(t, xid, chaddr);
	enum l2ra_xid_result res = L2RA_XID_ADDED;
	struct l2ra_xid_entry *set, *victim = NULL;
	unsigned long now = jiffies;
	unsigned int i;

	BUILD_BUG_ON(L2RA_XID_SETS * L2RA_XID_WAYS != L2RA_XID_TABLE_SIZE);
	set = t->slots[h & (L2RA_XID_SETS - 1)];
	spin_lock_bh(&t->locks[h & (L2RA_XID_LOCKS - 1)]);
	for (i = 0; i < L2RA_XID_WAYS; i++) {
		if (l2ra_xid_same(&set[i], xid, chaddr)) {
			victim = &set[i];
			break;
		}
	}
	if (!victim) {
		for (i = 0; i < L2RA_XID_WAYS; i++) {
			if (!l2ra_xid_live(&set[i], now)) {
				victim = &set[i];
				break;
			}
		}
	}
	if (!victim) {
		/* Every way holds a live transaction. */
		victim = l2ra_xid_victim(ln, set, ifindex,
					 xid_max && mine &&
					 atomic_read(&mine->xids) >= xid_max);
		if (!victim) {
			res = L2RA_XID_REFUSED;
			goto out;
		}
		res = L2RA_XID_EVICTED;
	}
	l2ra_xid_take(ln, victim, ifindex, mine);
	victim->xid = xid;
	memcpy(victim->chaddr, chaddr, ETH_ALEN);
	victim->ifindex = ifindex;
	victim->expiry = now + l2ra_xid_ttl();
out:
	spin_unlock_bh(&t->locks[h & (L2RA_XID_LOCKS - 1)]);
	return res;
}

int l2ra_xid_lookup(struct l2ra_xid_table *t, u32 xid, const u8 *chaddr)
{
	u32 h = l2ra_xid_hash(t, xid, chaddr);
	struct l2ra_xid_entry *set;
	unsigned long now = jiffies;
	int ifindex = 0;
	unsigned int i;

	set = t->slots[h & (L2RA_XID_SETS - 1)];
	spin_lock_bh(&t->locks[h & (L2RA_XID_LOCKS - 1)]);
	for (i = 0; i < L2RA_XID_WAYS; i++) {
		if (l2ra_xid_same(&set[i], xid, chaddr) &&
		    l2ra_xid_live(&set[i], now)) {
			ifindex = set[i].ifindex;
			break;
		}
	}
	spin_unlock_bh(&t->locks[h & (L2RA_XID_LOCKS - 1)]);
	return ifindex;
}
