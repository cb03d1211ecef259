// SPDX-License-Identifier: GPL-2.0
/*
 * The lease table of a namespace: one entry per client MAC address and VLAN,
 * learned from the DHCP exchanges the relay steers (relay4.c) or given over
 * netlink, and one per IPv6 binding (an IA_NA address or an IA_PD prefix,
 * and VLAN) learned from the DHCPv6 REPLY messages the LDRA unwraps (relay6.c) or
 * given over netlink, as documented in include/uapi/linux/l2ra.h.  Both
 * families share the table, its lock, its expiry wheel, its limits, its
 * events and its generation.
 *
 * Entries (struct l2ra_lease, 136 octets on 64-bit, from a dedicated slab
 * cache) live in an rhashtable keyed by {mac, vid} for IPv4 and by
 * {addr6, plen, vid} for IPv6 (one key struct, the family in it; the hash
 * and the compare read only the fields of the key's family, so an IPv4
 * lookup hashes 8 octets as it did before IPv6), and IPv4 leases also in
 * an rhltable keyed by {addr, vid}, the address index the source guard
 * looks an IPv4 source up in (guard.c): several leases may hold one
 * address (a server that gave it to a new client before the old lease ran
 * out), so it is a list.  IPv6 bindings are not in the address index.
 * Readers (netlink dumps and lookups, the guard) only take
 * rcu_read_lock(); an entry is never changed once published: a renewal
 * builds a new entry and swaps it in with rhashtable_replace_fast(), the
 * old one is freed after a grace period.  In the address index the new
 * entry goes in before the old one goes out, so that a reader never finds
 * neither.
 *
 * Writers (the packet path in softirq, netlink, the expiry work) serialise
 * on one spinlock per table, taken with BH disabled.  It guards the
 * read-modify-write of an entry, the expiry wheel, the per-port lease
 * counts and the limits, and orders the lease events the way the table
 * changed.  Writes are rare (a few per client per lease period) and short,
 * so one lock is enough at the target scale; it is not shared with the
 * transaction table (xid.c) or anything else on the packet path.
 *
 * Expiry needs no per-lease timer: every entry sits on one of
 * L2RA_LEASE_WHEEL lists, the one of its expiry second modulo the wheel
 * size.  A delayed work wakes once a second while the table is not empty,
 * walks the lists of the seconds that passed since its last run and removes
 * the entries that are due; entries further than a turn of the wheel away
 * are left for a later turn.  Expiry is kept in boot-time seconds, so that
 * time spent suspended counts, as it does for the DHCP server.
 *
 * Static bindings (L2RA_LEASE_F_STATIC, given over netlink) are entries
 * like the others, but never expire: they sit on a list of their own
 * instead of the wheel, and DHCP leaves them as they are (upsert and
 * removal for a DHCP message refuse them with -EPERM, which the relay
 * counts as L2RA_STAT_LEASE_STATIC).
 *
 * Tearing a table down (namespace exit, module unload) is silent: no lease
 * events, so that a listener keeping a copy of the table (l2rad) does not
 * delete it just before it is needed to restore the table.
 *
 * A namespace gets its table (about 9 KiB, most of it the wheel) only when
 * it needs one: with its first bridge with the relay on, or its first lease
 * given over netlink (l2ra_lease_table_ensure(), under ln->lock).  It is
 * published with rcu_assign_pointer() once fully initialised and stays until
 * the namespace goes, so a reader sees either NULL, which reads as an empty
 * table, or a table it can use for as long as it runs.
 */
#include <linux/etherdevice.h>
#include <linux/jhash.h>
#include <linux/jiffies.h>
#include <linux/rhashtable.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include <net/ipv6.h>

#include "l2ra.h"

/* Seconds in one turn of the expiry wheel, a power of 2. */
#define L2RA_LEASE_WHEEL	1024
#define L2RA_LEASE_PORT_BITS	6
/* Entries removed per hold of the lock by the expiry work. */
#define L2RA_LEASE_BATCH	256

/* How many leases a port has: by ifindex, whether it has an entry or not. */
struct l2ra_lease_port {
	struct hlist_node node;
	int ifindex;
	u32 count;
	struct rcu_head rcu;
};

struct l2ra_lease_table {
	struct rhashtable ht;
	struct rhltable addrs;		/* the address index */
	struct l2ra_net *ln;
	/* Guards every change to the table, see above. */
	spinlock_t lock;
	atomic_t count;
	u32 gen;			/* changes, under the lock */
	time64_t next_sec;		/* first wheel second not yet walked */
	struct delayed_work gc;
	DECLARE_HASHTABLE(ports, L2RA_LEASE_PORT_BITS);
	struct hlist_head statics;	/* the static bindings, off the wheel */
	struct hlist_head wheel[L2RA_LEASE_WHEEL];
};

static struct kmem_cache *l2ra_lease_cache __read_mostly;

static const struct rhashtable_params l2ra_lease_addr_params = {
	.head_offset		= offsetof(struct l2ra_lease, anode),
	.key_offset		= offsetof(struct l2ra_lease, akey),
	.key_len		= sizeof(struct l2ra_lease_addr_key),
	.automatic_shrinking	= true,
};

/* The part of the key an IPv4 lease is compared on: mac, vid, family. */
#define L2RA_LEASE_KEY4_LEN	offsetof(struct l2ra_lease_key, addr6)

/* IPv4: {mac, vid}, as a plain 8-octet key would; IPv6: {addr6, plen, vid}. */
static u32 l2ra_lease_hashfn(const void *data, u32 len, u32 seed)
{
	const struct l2ra_lease_key *k = data;

	if (likely(k->family != AF_INET6))
		return jhash2((const u32 *)k, 2, seed);
	return jhash2(k->addr6.s6_addr32, 4, seed ^ (k->vid << 8 | k->plen));
}

static int l2ra_lease_cmpfn(struct rhashtable_compare_arg *arg,
			    const void *obj)
{
	const struct l2ra_lease_key *k = arg->key;
	const struct l2ra_lease_key *ok = &((const struct l2ra_lease *)obj)->key;

	if (likely(k->family != AF_INET6)) {
		/* Three words, compared where memcmp() would be called. */
		const u32 *a = (const u32 *)k, *b = (const u32 *)ok;

		BUILD_BUG_ON(L2RA_LEASE_KEY4_LEN != 3 * sizeof(u32));
		return !!((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]));
	}
	return ok->family != AF_INET6 || k->vid != ok->vid ||
	       k->plen != ok->plen || !ipv6_addr_equal(&k->addr6, &ok->addr6);
}

static const struct rhashtable_params l2ra_lease_params = {
	.head_offset		= offsetof(struct l2ra_lease, node),
	.key_offset		= offsetof(struct l2ra_lease, key),
	.key_len		= sizeof(struct l2ra_lease_key),
	.hashfn			= l2ra_lease_hashfn,
	.obj_cmpfn		= l2ra_lease_cmpfn,
	.automatic_shrinking	= true,
};

static time64_t l2ra_lease_now(void)
{
	return ktime_get_boottime_seconds();
}

u32 l2ra_lease_expires(const struct l2ra_lease *l)
{
	time64_t left;

	if (l->flags & L2RA_LEASE_F_STATIC)
		return U32_MAX;
	/* READ_ONCE: a renewal writes it in place (l2ra_lease_renew()). */
	left = READ_ONCE(l->expiry) - l2ra_lease_now();

	return clamp_t(time64_t, left, 0, U32_MAX);
}

/*
 * The table, or NULL if the namespace has none yet.  Never freed before the
 * namespace goes: the pointer may be used without rcu_read_lock().
 */
static struct l2ra_lease_table *l2ra_lt(struct l2ra_net *ln)
{
	return rcu_dereference_check(ln->leases, true);
}

/* NULL while the namespace has no lease table: there is nothing to walk. */
struct rhashtable *l2ra_lease_ht(struct l2ra_net *ln)
{
	struct l2ra_lease_table *lt = l2ra_lt(ln);

	return lt ? &lt->ht : NULL;
}

static void l2ra_lease_key(struct l2ra_lease_key *key, const u8 *mac, u16 vid)
{
	memset(key, 0, sizeof(*key));
	memcpy(key->mac, mac, ETH_ALEN);
	key->vid = vid;
	key->family = AF_INET;
}

static void l2ra_lease6_key(struct l2ra_lease_key *key,
			    const struct in6_addr *addr, u8 plen, u16 vid)
{
	memset(key, 0, sizeof(*key));
	key->vid = vid;
	key->family = AF_INET6;
	key->plen = plen;
	key->addr6 = *addr;
}

static bool l2ra_lease_is6(const struct l2ra_lease *l)
{
	return l->key.family == AF_INET6;
}

static void l2ra_lease_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(l2ra_lease_cache,
			container_of(head, struct l2ra_lease, rcu));
}

static void l2ra_lease_lock(struct l2ra_lease_table *lt)
{
	rcu_read_lock();
	spin_lock_bh(&lt->lock);
}

static void l2ra_lease_unlock(struct l2ra_lease_table *lt)
{
	spin_unlock_bh(&lt->lock);
	rcu_read_unlock();
}

/* Under rcu_read_lock(). */
static struct l2ra_lease_port *l2ra_lease_port_find(struct l2ra_lease_table *lt,
						    int ifindex)
{
	struct l2ra_lease_port *lp;

	hash_for_each_possible_rcu(lt->ports, lp, node, ifindex)
		if (lp->ifindex == ifindex)
			return lp;
	return NULL;
}

/* Under the lock. */
static int l2ra_lease_port_inc(struct l2ra_lease_table *lt, int ifindex)
{
	struct l2ra_lease_port *lp = l2ra_lease_port_find(lt, ifindex);

	if (!lp) {
		lp = kzalloc(sizeof(*lp), GFP_ATOMIC);
		if (!lp)
			return -ENOMEM;
		lp->ifindex = ifindex;
		hash_add_rcu(lt->ports, &lp->node, ifindex);
	}
	WRITE_ONCE(lp->count, lp->count + 1);
	return 0;
}

/* Under the lock. */
static void l2ra_lease_port_dec(struct l2ra_lease_table *lt, int ifindex)
{
	struct l2ra_lease_port *lp = l2ra_lease_port_find(lt, ifindex);

	if (WARN_ON_ONCE(!lp || !lp->count))
		return;
	WRITE_ONCE(lp->count, lp->count - 1);
	if (!lp->count) {
		hash_del_rcu(&lp->node);
		kfree_rcu(lp, rcu);
	}
}

u32 l2ra_lease_port_count(struct l2ra_net *ln, int ifindex)
{
	struct l2ra_lease_table *lt = l2ra_lt(ln);
	struct l2ra_lease_port *lp;
	u32 n = 0;

	if (!lt)
		return 0;
	rcu_read_lock();
	lp = l2ra_lease_port_find(lt, ifindex);
	if (lp)
		n = READ_ONCE(lp->count);
	rcu_read_unlock();
	return n;
}

u32 l2ra_lease_count(struct l2ra_net *ln)
{
	struct l2ra_lease_table *lt = l2ra_lt(ln);

	return lt ? atomic_read(&lt->count) : 0;
}

/* Every add, change and removal grows it by one (see L2RA_A_LEASE_GEN). */
u32 l2ra_lease_gen(struct l2ra_net *ln)
{
	struct l2ra_lease_table *lt = l2ra_lt(ln);

	return lt ? READ_ONCE(lt->gen) : 0;
}

/* The namespace's limit is kept whether it has a table yet or not. */
u32 l2ra_lease_max(struct l2ra_net *ln)
{
	return READ_ONCE(ln->lease_max);
}

void l2ra_lease_set_max(struct l2ra_net *ln, u32 max)
{
	WRITE_ONCE(ln->lease_max, max);
}

/*
 * Under rcu_read_lock(): the per-port limit, 0 for none.  A port without
 * an entry has the default one.
 */
static u32 l2ra_lease_port_max(struct l2ra_net *ln, int ifindex)
{
	const struct l2ra_port_cfg *cfg = NULL;
	struct l2ra_port *port;

	port = l2ra_port_find_rcu(ln, ifindex);
	if (port)
		cfg = rcu_dereference(port->cfg);
	return cfg ? cfg->lease_max : L2RA_PORT_LEASE_MAX_DEFAULT;
}

/* A static binding goes on the list of its own, which nothing expires. */
static void l2ra_lease_wheel_add(struct l2ra_lease_table *lt,
				 struct l2ra_lease *l)
{
	if (l->flags & L2RA_LEASE_F_STATIC)
		hlist_add_head(&l->wheel, &lt->statics);
	else
		hlist_add_head(&l->wheel,
			       &lt->wheel[l->expiry & (L2RA_LEASE_WHEEL - 1)]);
}

/*
 * Under the lock: take @l out of the table and free it after a grace
 * period.  @ev is the event to send, or L2RA_LEASE_EV_UNSPEC for none.
 */
static void l2ra_lease_unlink(struct l2ra_lease_table *lt,
			      struct l2ra_lease *l, enum l2ra_lease_event ev,
			      struct net_device *dev, struct net_device *brdev)
{
	rhashtable_remove_fast(&lt->ht, &l->node, l2ra_lease_params);
	if (!l2ra_lease_is6(l))
		rhltable_remove(&lt->addrs, &l->anode, l2ra_lease_addr_params);
	hlist_del(&l->wheel);
	l2ra_lease_port_dec(lt, l->ifindex);
	atomic_dec(&lt->count);
	WRITE_ONCE(lt->gen, lt->gen + 1);
	if (ev != L2RA_LEASE_EV_UNSPEC)
		l2ra_lease_notify(lt->ln, l, ev, dev, brdev);
	call_rcu(&l->rcu, l2ra_lease_free_rcu);
}

/* Under rcu_read_lock(). */
struct l2ra_lease *l2ra_lease_lookup_rcu(struct l2ra_net *ln, const u8 *mac,
					 u16 vid)
{
	struct l2ra_lease_table *lt = l2ra_lt(ln);
	struct l2ra_lease_key key;

	if (!lt)
		return NULL;
	l2ra_lease_key(&key, mac, vid);
	return rhashtable_lookup(&lt->ht, &key, l2ra_lease_params);
}

/* Under rcu_read_lock(). */
struct l2ra_lease *l2ra_lease6_lookup_rcu(struct l2ra_net *ln,
					  const struct in6_addr *addr,
					  u8 plen, u16 vid)
{
	struct l2ra_lease_table *lt = l2ra_lt(ln);
	struct l2ra_lease_key key;

	if (!lt)
		return NULL;
	l2ra_lease6_key(&key, addr, plen, vid);
	return rhashtable_lookup(&lt->ht, &key, l2ra_lease_params);
}

/**
 * l2ra_lease_bound_rcu - is an address bound on a port and VLAN?
 * @ln: the namespace
 * @addr: the address
 * @vid: the VLAN
 * @ifindex: the port
 * @mac: the MAC address it must be bound to, or NULL for any
 *
 * Under rcu_read_lock(), any context: one lookup in the address index.
 *
 * Return: L2RA_BOUND, L2RA_BOUND_OTHER_MAC (a lease holds @addr on that
 * port and VLAN, for another MAC address) or L2RA_NOT_BOUND.
 */
enum l2ra_bound l2ra_lease_bound_rcu(struct l2ra_net *ln, __be32 addr,
				     u16 vid, int ifindex, const u8 *mac)
{
	struct l2ra_lease_table *lt = l2ra_lt(ln);
	enum l2ra_bound ret = L2RA_NOT_BOUND;
	struct l2ra_lease_addr_key key;
	struct rhlist_head *list, *pos;
	struct l2ra_lease *l;

	if (!lt)
		return ret;
	memset(&key, 0, sizeof(key));
	key.addr = addr;
	key.vid = vid;
	list = rhltable_lookup(&lt->addrs, &key, l2ra_lease_addr_params);
	rhl_for_each_entry_rcu(l, pos, list, anode) {
		if (l->ifindex != ifindex)
			continue;
		/* @mac may be an ARP sender address, not 2-aligned. */
		if (!mac || ether_addr_equal_unaligned(l->key.mac, mac))
			return L2RA_BOUND;
		ret = L2RA_BOUND_OTHER_MAC;
	}
	return ret;
}

/*
 * Under the lock: does @li renew @old without touching a key, an index or
 * a count (same port, address, MAC and kind)?  Then it is renewed in place.
 */
static bool l2ra_lease_renews(const struct l2ra_lease *old,
			      const struct l2ra_lease_info *li)
{
	static const u8 zero_mac[ETH_ALEN];

	if (old->ifindex != li->ifindex || old->flags != li->flags)
		return false;
	if (!l2ra_lease_is6(old))
		return old->addr == li->addr;
	return ether_addr_equal_unaligned(old->key.mac, li->mac ?: zero_mac);
}

/*
 * Under the lock.  A DHCPACK renewing a lease changes only its times:
 * they are written in place rather than into a new entry that replaces the
 * old one, which cost an allocation, an insert into the address index and
 * a grace period per renewal, most of what learning costs a DHCPACK.  A
 * reader under RCU (a dump, an event) racing with it sees each field old
 * or new.
 */
static void l2ra_lease_renew(struct l2ra_lease_table *lt,
			     struct l2ra_lease *l,
			     const struct l2ra_lease_info *li,
			     u32 lease_time, time64_t expiry)
{
	if (l2ra_lease_is6(l))
		WRITE_ONCE(l->preferred, li->preferred);
	else
		WRITE_ONCE(l->server_id, li->server_id);
	WRITE_ONCE(l->lease_time, lease_time);
	WRITE_ONCE(l->cltt, li->cltt);
	if (l->expiry != expiry) {
		hlist_del(&l->wheel);
		WRITE_ONCE(l->expiry, expiry);
		l2ra_lease_wheel_add(lt, l);
	}
}

/**
 * l2ra_lease_upsert - learn, renew or add a lease
 * @ln: the namespace
 * @li: the lease, or with @li->family AF_INET6 the IPv6 binding
 * @ev: L2RA_LEASE_EV_NEW to learn from a DHCPACK or a DHCPv6 REPLY (the
 *      event is NEW or UPDATE), L2RA_LEASE_EV_ADD for netlink
 * @renewed: set to whether a lease of that client existed
 *
 * A DHCPACK leaves a static binding of the client as it is; netlink
 * replaces it like any lease.
 *
 * Any context; callers on the packet path hold rcu_read_lock().  The
 * namespace has a table: the packet path runs only after the first relay
 * bridge made it, netlink makes it first (l2ra_lease_table_ensure()).
 *
 * Return: 0, -ENOSPC when a limit refuses the lease, -EPERM (a DHCPACK for
 * a client with a static binding), -ENOMEM (also without a table).
 */
int l2ra_lease_upsert(struct l2ra_net *ln, const struct l2ra_lease_info *li,
		      enum l2ra_lease_event ev, bool *renewed)
{
	struct l2ra_lease_table *lt = l2ra_lt(ln);
	u32 lease_time = li->lease_time;
	struct l2ra_lease *old, *l;
	struct l2ra_lease_key key;
	bool counted = false;
	time64_t expiry;
	u32 pmax;
	int err;

	if (!lt)
		return -ENOMEM;
	if (li->family == AF_INET6)
		l2ra_lease6_key(&key, li->addr6, li->plen, li->vid);
	else
		l2ra_lease_key(&key, li->mac, li->vid);
	expiry = l2ra_lease_now() + li->expires;
	if (li->flags & L2RA_LEASE_F_STATIC) {
		lease_time = U32_MAX;
		expiry = 0;
	}

	l2ra_lease_lock(lt);
	old = rhashtable_lookup(&lt->ht, &key, l2ra_lease_params);
	*renewed = !!old;
	err = -EPERM;
	if (old && (old->flags & L2RA_LEASE_F_STATIC) &&
	    ev != L2RA_LEASE_EV_ADD)
		goto err_unlock;
	if (old && l2ra_lease_renews(old, li)) {
		l2ra_lease_renew(lt, old, li, lease_time, expiry);
		l = old;
		goto done;
	}
	err = -ENOSPC;
	if (!old && atomic_read(&lt->count) >= READ_ONCE(ln->lease_max))
		goto err_unlock;

	err = -ENOMEM;
	l = kmem_cache_alloc(l2ra_lease_cache, GFP_ATOMIC);
	if (!l)
		goto err_unlock;
	memset(l, 0, sizeof(*l));
	l->key = key;
	if (li->family == AF_INET6) {
		if (li->mac)
			memcpy(l->key.mac, li->mac, ETH_ALEN);
		l->preferred = li->preferred;
	} else {
		l->akey.addr = li->addr;
		l->akey.vid = li->vid;
		l->addr = li->addr;
		l->server_id = li->server_id;
	}
	l->ifindex = li->ifindex;
	l->lease_time = lease_time;
	l->expiry = expiry;
	l->cltt = li->cltt;
	l->flags = li->flags;

	err = -ENOSPC;
	if (!old || old->ifindex != l->ifindex) {
		pmax = l2ra_lease_port_max(ln, l->ifindex);
		if (pmax && l2ra_lease_port_count(ln, l->ifindex) >= pmax)
			goto err_free;
		err = l2ra_lease_port_inc(lt, l->ifindex);
		if (err)
			goto err_free;
		counted = true;
	}
	/* The new entry joins the address index before the old one leaves. */
	if (!l2ra_lease_is6(l)) {
		err = rhltable_insert(&lt->addrs, &l->anode,
				      l2ra_lease_addr_params);
		if (err)
			goto err_port;
	}

	if (old) {
		err = rhashtable_replace_fast(&lt->ht, &old->node, &l->node,
					      l2ra_lease_params);
		if (WARN_ON_ONCE(err))
			goto err_addr;
		if (!l2ra_lease_is6(old))
			rhltable_remove(&lt->addrs, &old->anode,
					l2ra_lease_addr_params);
		if (counted)
			l2ra_lease_port_dec(lt, old->ifindex);
		hlist_del(&old->wheel);
		call_rcu(&old->rcu, l2ra_lease_free_rcu);
	} else {
		err = rhashtable_insert_fast(&lt->ht, &l->node,
					     l2ra_lease_params);
		if (err)
			goto err_addr;
		atomic_inc(&lt->count);
	}
	l2ra_lease_wheel_add(lt, l);
done:
	WRITE_ONCE(lt->gen, lt->gen + 1);
	if (ev == L2RA_LEASE_EV_NEW && old)
		ev = L2RA_LEASE_EV_UPDATE;
	l2ra_lease_notify(ln, l, ev, NULL, NULL);
	l2ra_lease_unlock(lt);
	/*
	 * Pending, it runs later and finds this lease; the test spares every
	 * renewal queue_delayed_work()'s irq-off atomic.
	 */
	if (!(l->flags & L2RA_LEASE_F_STATIC) && !delayed_work_pending(&lt->gc))
		queue_delayed_work(system_power_efficient_wq, &lt->gc, HZ);
	return 0;

err_addr:
	if (!l2ra_lease_is6(l))
		rhltable_remove(&lt->addrs, &l->anode, l2ra_lease_addr_params);
err_port:
	if (counted)
		l2ra_lease_port_dec(lt, l->ifindex);
err_free:
	kmem_cache_free(l2ra_lease_cache, l);
err_unlock:
	l2ra_lease_unlock(lt);
	return err;
}

/*
 * Remove the entry of @key if on @ifindex (0: any) and for *@addr.  With
 * @other_port, an entry on another port gives -EXDEV rather than -ENOENT.
 */
static int __l2ra_lease_remove(struct l2ra_net *ln,
			       const struct l2ra_lease_key *key, int ifindex,
			       const __be32 *addr, bool other_port,
			       enum l2ra_lease_event ev)
{
	struct l2ra_lease_table *lt = l2ra_lt(ln);
	struct l2ra_lease *l;
	int err = -ENOENT;

	if (!lt)
		return err;
	l2ra_lease_lock(lt);
	l = rhashtable_lookup(&lt->ht, key, l2ra_lease_params);
	if (l && other_port && ifindex && l->ifindex != ifindex)
		err = -EXDEV;
	if (l && (!ifindex || l->ifindex == ifindex)) {
		if (addr && l->addr != *addr) {
			err = -EADDRNOTAVAIL;
		} else if ((l->flags & L2RA_LEASE_F_STATIC) &&
			   ev != L2RA_LEASE_EV_DEL) {
			/* DHCP does not remove a static binding. */
			err = -EPERM;
		} else {
			l2ra_lease_unlink(lt, l, ev, NULL, NULL);
			err = 0;
		}
	}
	l2ra_lease_unlock(lt);
	return err;
}

/**
 * l2ra_lease_remove - remove the lease of a client
 * @ln: the namespace
 * @mac: the client's MAC address
 * @vid: its VLAN
 * @ifindex: if not 0, remove it only if it is on this port
 * @ev: the event to send; but L2RA_LEASE_EV_DEL (an operator's) leaves a
 *      static binding (-EPERM)
 *
 * Return: 0, -ENOENT or -EPERM.
 */
int l2ra_lease_remove(struct l2ra_net *ln, const u8 *mac, u16 vid,
		      int ifindex, enum l2ra_lease_event ev)
{
	struct l2ra_lease_key key;

	l2ra_lease_key(&key, mac, vid);
	return __l2ra_lease_remove(ln, &key, ifindex, NULL, false, ev);
}

/**
 * l2ra_lease6_remove - remove an IPv6 binding
 * @ln: the namespace
 * @addr: its address or prefix
 * @plen: the prefix length, 0 for an IA_NA address
 * @vid: its VLAN
 * @ifindex: if not 0, remove it only if it is on this port
 * @ev: the event to send; any but L2RA_LEASE_EV_DEL leaves a static
 *      binding (-EPERM)
 *
 * Return: 0, -ENOENT, -EXDEV (on another port than @ifindex: kept) or
 * -EPERM.
 */
int l2ra_lease6_remove(struct l2ra_net *ln, const struct in6_addr *addr,
		       u8 plen, u16 vid, int ifindex,
		       enum l2ra_lease_event ev)
{
	struct l2ra_lease_key key;

	l2ra_lease6_key(&key, addr, plen, vid);
	return __l2ra_lease_remove(ln, &key, ifindex, NULL, true, ev);
}

/**
 * l2ra_lease_give_back - a client gives back an address (RELEASE, DECLINE)
 * @ln: the namespace
 * @mac: the client's MAC address
 * @vid: its VLAN
 * @ifindex: the port the message came from; the lease must be on it
 * @addr: the address given back; the lease must be for it (0 never is)
 * @ev: the event to send
 *
 * Return: 0, -ENOENT (no lease on that port), -EADDRNOTAVAIL (the lease
 * is for another address and is kept) or -EPERM (a static binding, kept).
 */
int l2ra_lease_give_back(struct l2ra_net *ln, const u8 *mac, u16 vid,
			 int ifindex, __be32 addr, enum l2ra_lease_event ev)
{
	struct l2ra_lease_key key;

	l2ra_lease_key(&key, mac, vid);
	return __l2ra_lease_remove(ln, &key, ifindex, &addr, false, ev);
}

/* Under rcu_read_lock(): does @l pass the filter @f? */
bool l2ra_lease_match_rcu(struct l2ra_net *ln, const struct l2ra_lease *l,
			  const struct l2ra_lease_filter *f)
{
	struct net_device *dev, *brdev;

	if (f->ifindex && l->ifindex != f->ifindex)
		return false;
	if (f->family && l->key.family != f->family)
		return false;
	if (f->has_vid && l->key.vid != f->vid)
		return false;
	/* An IPv4 address filter: IPv6 bindings have none. */
	if (f->has_addr && (l2ra_lease_is6(l) || l->addr != f->addr))
		return false;
	if (f->has_flags &&
	    (l->flags & L2RA_LEASE_F_STATIC) != (f->flags & L2RA_LEASE_F_STATIC))
		return false;
	if (f->br_ifindex) {
		dev = dev_get_by_index_rcu(ln->net, l->ifindex);
		brdev = dev ? netdev_master_upper_dev_get_rcu(dev) : NULL;
		if (!brdev || brdev->ifindex != f->br_ifindex)
			return false;
	}
	return true;
}

/* Under the lock: remove the leases of one list that pass the filter. */
static unsigned int l2ra_lease_flush_list(struct l2ra_lease_table *lt,
					  struct hlist_head *head,
					  const struct l2ra_lease_filter *f,
					  struct net_device *dev,
					  struct net_device *brdev)
{
	struct hlist_node *tmp;
	struct l2ra_lease *l;
	unsigned int n = 0;

	hlist_for_each_entry_safe(l, tmp, head, wheel) {
		if (!l2ra_lease_match_rcu(lt->ln, l, f))
			continue;
		l2ra_lease_unlink(lt, l, L2RA_LEASE_EV_DEL, dev, brdev);
		n++;
	}
	return n;
}

/**
 * l2ra_lease_flush - remove the leases that pass a filter
 * @ln: the namespace
 * @f: the filter
 * @dev: the port, if it is going away (for the events), else NULL
 * @brdev: its bridge, likewise
 *
 * Process context; takes the lock for the static bindings, then one
 * wheel slot at a time.
 *
 * Return: the number of leases removed.
 */
unsigned int l2ra_lease_flush(struct l2ra_net *ln,
			      const struct l2ra_lease_filter *f,
			      struct net_device *dev, struct net_device *brdev)
{
	struct l2ra_lease_table *lt = l2ra_lt(ln);
	unsigned int i, n = 0;

	if (!lt)
		return 0;
	l2ra_lease_lock(lt);
	n += l2ra_lease_flush_list(lt, &lt->statics, f, dev, brdev);
	l2ra_lease_unlock(lt);
	/* The wheel holds no static binding. */
	if (f->has_flags && (f->flags & L2RA_LEASE_F_STATIC))
		return n;
	for (i = 0; i < L2RA_LEASE_WHEEL; i++) {
		if (!atomic_read(&lt->count))
			break;
		l2ra_lease_lock(lt);
		n += l2ra_lease_flush_list(lt, &lt->wheel[i], f, dev, brdev);
		l2ra_lease_unlock(lt);
		cond_resched();
	}
	return n;
}

/*
 * Under the lock: remove up to L2RA_LEASE_BATCH due entries of one wheel
 * slot.  Returns true if it stopped early.
 */
static bool l2ra_lease_expire_slot(struct l2ra_lease_table *lt,
				   struct hlist_head *slot, time64_t now)
{
	struct l2ra_net *ln = lt->ln;
	struct l2ra_port *port;
	struct hlist_node *tmp;
	enum l2ra_stat stat;
	struct l2ra_lease *l;
	unsigned int n = 0;

	hlist_for_each_entry_safe(l, tmp, slot, wheel) {
		if (l->expiry > now)
			continue;
		if (n++ == L2RA_LEASE_BATCH)
			return true;
		stat = l2ra_lease_is6(l) ? L2RA_STAT_LEASE6_EXPIRE :
					   L2RA_STAT_LEASE_EXPIRE;
		l2ra_stats_inc(&ln->stats, stat);
		port = l2ra_port_find_rcu(ln, l->ifindex);
		if (port)
			l2ra_stats_inc(&port->stats, stat);
		l2ra_lease_unlink(lt, l, L2RA_LEASE_EV_EXPIRE, NULL, NULL);
	}
	return false;
}

static void l2ra_lease_gc(struct work_struct *work)
{
	struct l2ra_lease_table *lt = container_of(to_delayed_work(work),
						   struct l2ra_lease_table, gc);
	time64_t now = l2ra_lease_now();
	time64_t sec, end;
	struct hlist_head *slot;
	bool more;

	/* After a long stall, one turn of the wheel sees every entry. */
	end = min_t(time64_t, now, lt->next_sec + L2RA_LEASE_WHEEL - 1);
	for (sec = lt->next_sec; sec <= end; sec++) {
		slot = &lt->wheel[sec & (L2RA_LEASE_WHEEL - 1)];
		do {
			l2ra_lease_lock(lt);
			more = l2ra_lease_expire_slot(lt, slot, now);
			l2ra_lease_unlock(lt);
			cond_resched();
		} while (more);
	}
	lt->next_sec = max(lt->next_sec, now + 1);
	if (atomic_read(&lt->count))
		queue_delayed_work(system_power_efficient_wq, &lt->gc, HZ);
}

/* With the namespace: no table yet, the default limit. */
void l2ra_lease_table_init(struct l2ra_net *ln)
{
	RCU_INIT_POINTER(ln->leases, NULL);
	ln->lease_max = L2RA_LEASE_MAX_DEFAULT;
}

/**
 * l2ra_lease_table_ensure - give the namespace its lease table
 * @ln: the namespace
 *
 * Under ln->lock, in process context: with the first relay bridge and
 * before the first lease given over netlink.  The table is published
 * fully initialised and kept until the namespace goes.
 *
 * Return: 0 (there is a table), or -ENOMEM.
 */
int l2ra_lease_table_ensure(struct l2ra_net *ln)
{
	struct l2ra_lease_table *lt;
	int err;

	lockdep_assert_held(&ln->lock);
	if (rcu_access_pointer(ln->leases))
		return 0;
	lt = kvzalloc(sizeof(*lt), GFP_KERNEL_ACCOUNT);
	if (!lt)
		return -ENOMEM;
	err = rhashtable_init(&lt->ht, &l2ra_lease_params);
	if (err) {
		kvfree(lt);
		return err;
	}
	err = rhltable_init(&lt->addrs, &l2ra_lease_addr_params);
	if (err) {
		rhashtable_destroy(&lt->ht);
		kvfree(lt);
		return err;
	}
	lt->ln = ln;
	spin_lock_init(&lt->lock);
	atomic_set(&lt->count, 0);
	lt->next_sec = l2ra_lease_now();
	INIT_DELAYED_WORK(&lt->gc, l2ra_lease_gc);
	hash_init(lt->ports);
	INIT_HLIST_HEAD(&lt->statics);
	rcu_assign_pointer(ln->leases, lt);
	return 0;
}

static void l2ra_lease_free(void *ptr, void *arg)
{
	kmem_cache_free(l2ra_lease_cache, ptr);
}

/*
 * At namespace exit, once nothing can reach the table any more (hooks gone,
 * no netlink socket left in the namespace).  Sends no events.
 */
void l2ra_lease_table_destroy(struct l2ra_net *ln)
{
	struct l2ra_lease_table *lt = rcu_dereference_protected(ln->leases,
								true);
	struct l2ra_lease_port *lp;
	struct hlist_node *tmp;
	int bkt;

	if (!lt)
		return;
	cancel_delayed_work_sync(&lt->gc);
	/* The entries go with the main table. */
	rhltable_destroy(&lt->addrs);
	rhashtable_free_and_destroy(&lt->ht, l2ra_lease_free, NULL);
	hash_for_each_safe(lt->ports, bkt, tmp, lp, node)
		kfree(lp);
	kvfree(lt);
	RCU_INIT_POINTER(ln->leases, NULL);
}

int __init l2ra_lease_module_init(void)
{
	l2ra_lease_cache = KMEM_CACHE(l2ra_lease, 0);
	return l2ra_lease_cache ? 0 : -ENOMEM;
}

/* After rcu_barrier(): no free is pending. */
void l2ra_lease_module_exit(void)
{
	kmem_cache_destroy(l2ra_lease_cache);
}
