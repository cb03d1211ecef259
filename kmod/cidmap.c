// SPDX-License-Identifier: GPL-2.0
/*
 * The circuit-id map of a namespace: which port of a relay bridge a
 * circuit-id names, for the reply path (one lookup per reply instead of a
 * walk of the bridge's ports) and for LEASE_ADD by circuit-id.
 *
 * One entry per port of a bridge with the relay on that has a circuit-id
 * (its configured one, else its default "<bridge>:<port>"; a port whose
 * default circuit-id is disabled by a conflict has none), in an rhashtable
 * keyed by {bridge ifindex, circuit-id}.  A default circuit-id also names
 * its port with a ":<vid>" suffix of 1 to 4 digits (l2ra_circuit_id_match()):
 * a lookup that finds no exact entry tries again without such a suffix and
 * accepts only a default entry.  ids.c keeps circuit-ids unambiguous within
 * a bridge, so at most one entry answers.
 *
 * Readers take rcu_read_lock() only.  Writers hold RTNL and ln->lock: every
 * change that can change a port's circuit-id re-syncs that port's entry
 * (l2ra_cidmap_port_sync()): PORT_SET and PORT_DEL, the port joining its
 * bridge or being renamed (through l2ra_port_cid_check()), and its bridge
 * renamed or its relay turned on or off (l2ra_cidmap_bridge_sync()); the
 * port leaving or going away, and the bridge's entry deleted, remove
 * entries (l2ra_cidmap_port_forget(), l2ra_cidmap_bridge_forget()).
 * Removed entries are freed after a grace period (kfree_rcu()).
 *
 * An entry points to its port without holding a reference: it is removed
 * when the port leaves its bridge or is unregistered, before the device can
 * be freed, and a reader checks that the port is still in the bridge.
 *
 * The map itself comes with the namespace's first relay bridge (about
 * 1 KiB) and stays until the namespace goes.
 */
#include <linux/ctype.h>
#include <linux/if_bridge.h>
#include <linux/jhash.h>
#include <linux/netdevice.h>
#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "l2ra.h"

#define L2RA_CIDMAP_PORT_BITS	6

struct l2ra_cid_key {
	int br_ifindex;
	u8 len;
	u8 id[L2RA_CIRCUIT_ID_MAX];
} __aligned(4);

struct l2ra_cid {
	struct rhash_head node;		/* l2ra_cidmap.ht */
	struct hlist_node pnode;	/* l2ra_cidmap.ports, under ln->lock */
	struct l2ra_cid_key key;
	struct net_device *dev;		/* the port */
	bool is_default;		/* "<bridge>:<port>": takes a :<vid> */
	struct rcu_head rcu;
};

struct l2ra_cidmap {
	struct rhashtable ht;
	/* The entry of each port, by ifindex: writers only. */
	DECLARE_HASHTABLE(ports, L2RA_CIDMAP_PORT_BITS);
};

/*
 * A key is hashed and compared on its length's worth of id only: a reply's
 * circuit-id is a few octets, and hashing, padding and comparing all 63 of
 * the key on every reply copy cost more than the rest of the lookup.
 */
static u32 l2ra_cid_hash(const void *data, u32 len, u32 seed)
{
	const struct l2ra_cid_key *key = data;

	return jhash(key->id, key->len,
		     jhash_2words(key->br_ifindex, key->len, seed));
}

static int l2ra_cid_cmp(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct l2ra_cid_key *key = arg->key;
	const struct l2ra_cid *e = obj;

	return e->key.br_ifindex != key->br_ifindex ||
	       e->key.len != key->len || memcmp(e->key.id, key->id, key->len);
}

static const struct rhashtable_params l2ra_cid_params = {
	.head_offset		= offsetof(struct l2ra_cid, node),
	.key_offset		= offsetof(struct l2ra_cid, key),
	.key_len		= sizeof(struct l2ra_cid_key),
	.hashfn			= l2ra_cid_hash,
	.obj_cmpfn		= l2ra_cid_cmp,
	.automatic_shrinking	= true,
};

static struct l2ra_cidmap *l2ra_cidmap_deref(struct l2ra_net *ln)
{
	return rcu_dereference_protected(ln->cidmap,
					 lockdep_is_held(&ln->lock));
}

/* Under ln->lock: the namespace's map, made if it has none.  May sleep. */
int l2ra_cidmap_ensure(struct l2ra_net *ln)
{
	struct l2ra_cidmap *map;
	int err;

	lockdep_assert_held(&ln->lock);
	if (l2ra_cidmap_deref(ln))
		return 0;
	map = kzalloc(sizeof(*map), GFP_KERNEL_ACCOUNT);
	if (!map)
		return -ENOMEM;
	err = rhashtable_init(&map->ht, &l2ra_cid_params);
	if (err) {
		kfree(map);
		return err;
	}
	hash_init(map->ports);
	rcu_assign_pointer(ln->cidmap, map);
	return 0;
}

static void l2ra_cid_free(void *ptr, void *arg)
{
	kfree(ptr);
}

/* At namespace exit, after a grace period: no reader is left. */
void l2ra_cidmap_destroy(struct l2ra_net *ln)
{
	struct l2ra_cidmap *map = rcu_dereference_protected(ln->cidmap, true);

	if (!map)
		return;
	rhashtable_free_and_destroy(&map->ht, l2ra_cid_free, NULL);
	kfree(map);
	RCU_INIT_POINTER(ln->cidmap, NULL);
}

static struct l2ra_cid *l2ra_cid_of_port(struct l2ra_cidmap *map,
					 int ifindex)
{
	struct l2ra_cid *e;

	hash_for_each_possible(map->ports, e, pnode, ifindex)
		if (e->dev->ifindex == ifindex)
			return e;
	return NULL;
}

static void l2ra_cid_remove(struct l2ra_cidmap *map, struct l2ra_cid *e)
{
	rhashtable_remove_fast(&map->ht, &e->node, l2ra_cid_params);
	hash_del(&e->pnode);
	kfree_rcu(e, rcu);
}

/**
 * l2ra_cidmap_port_forget - a port has no circuit-id in the map any more
 * @ln: the namespace
 * @ifindex: the port's
 *
 * Under ln->lock: the port left its bridge or is going away.
 */
void l2ra_cidmap_port_forget(struct l2ra_net *ln, int ifindex)
{
	struct l2ra_cidmap *map = l2ra_cidmap_deref(ln);
	struct l2ra_cid *e;

	if (!map)
		return;
	e = l2ra_cid_of_port(map, ifindex);
	if (e)
		l2ra_cid_remove(map, e);
}

static const struct l2ra_port_cfg *
l2ra_port_cfg_locked(struct l2ra_net *ln, struct l2ra_port *port)
{
	return rcu_dereference_protected(port->cfg, lockdep_is_held(&ln->lock));
}

/* Under ln->lock: does @brdev have an l2ra entry with the relay on? */
static bool l2ra_cidmap_relay_bridge(struct l2ra_net *ln,
				     struct net_device *brdev)
{
	const struct l2ra_bridge_cfg *bcfg;
	struct l2ra_bridge *br;

	br = l2ra_bridge_find(ln, brdev->ifindex);
	if (!br)
		return false;
	bcfg = rcu_dereference_protected(br->cfg, lockdep_is_held(&ln->lock));
	return bcfg && bcfg->enabled;
}

/**
 * l2ra_cidmap_port_sync - make a port's entry match its circuit-id
 * @ln: the namespace
 * @dev: any device of the namespace
 *
 * Under RTNL and ln->lock, after anything that may have changed the
 * circuit-id of @dev: its entry is what l2ra_circuit_id() gives it now if
 * it is a port of a bridge with the relay on, else it has none.
 */
void l2ra_cidmap_port_sync(struct l2ra_net *ln, struct net_device *dev)
{
	struct l2ra_cidmap *map = l2ra_cidmap_deref(ln);
	const struct l2ra_port_cfg *cfg = NULL;
	struct l2ra_cid *old, *e;
	struct net_device *brdev;
	struct l2ra_cid_key key;
	struct l2ra_port *port;
	bool is_default;
	int err;

	ASSERT_RTNL();
	if (!map)
		return;
	memset(&key, 0, sizeof(key));
	brdev = netif_is_bridge_port(dev) ? netdev_master_upper_dev_get(dev) :
					    NULL;
	if (brdev && netif_is_bridge_master(brdev) &&
	    l2ra_cidmap_relay_bridge(ln, brdev)) {
		port = l2ra_port_find(ln, dev->ifindex);
		if (port)
			cfg = l2ra_port_cfg_locked(ln, port);
		key.br_ifindex = brdev->ifindex;
		key.len = l2ra_circuit_id(brdev, dev, cfg, 0, key.id,
					  sizeof(key.id));
	}

	is_default = !(cfg && cfg->circuit_id_len);
	old = l2ra_cid_of_port(map, dev->ifindex);
	if (old && key.len && !memcmp(&old->key, &key, sizeof(key)) &&
	    old->is_default == is_default)
		return;
	if (old)
		l2ra_cid_remove(map, old);
	if (!key.len)
		return;

	e = kzalloc(sizeof(*e), GFP_KERNEL_ACCOUNT);
	if (!e)
		goto err;
	e->key = key;
	e->dev = dev;
	e->is_default = is_default;
	err = rhashtable_lookup_insert_fast(&map->ht, &e->node,
					    l2ra_cid_params);
	if (err) {
		kfree(e);
		goto err;
	}
	hash_add(map->ports, &e->pnode, dev->ifindex);
	return;

err:
	/* -EEXIST cannot be: ids.c keeps the ids of a bridge apart. */
	netdev_warn(dev, "l2ra: circuit-id \"%.*s\" not mapped: no reply can reach the port\n",
		    (int)key.len, key.id);
}

/**
 * l2ra_cidmap_bridge_sync - re-sync the entries of every port of a bridge
 * @ln: the namespace
 * @brdev: the bridge
 *
 * Under RTNL and ln->lock: the bridge's relay was turned on or off, or the
 * bridge was renamed.
 */
void l2ra_cidmap_bridge_sync(struct l2ra_net *ln, struct net_device *brdev)
{
	struct net_device *lower;
	struct list_head *iter;

	ASSERT_RTNL();
	netdev_for_each_lower_dev(brdev, lower, iter)
		l2ra_cidmap_port_sync(ln, lower);
}

/**
 * l2ra_cidmap_bridge_forget - remove the entries of a bridge's ports
 * @ln: the namespace
 * @br_ifindex: the bridge's
 *
 * Under ln->lock: the bridge's entry is deleted (with the bridge, or at
 * namespace exit, without RTNL).
 */
void l2ra_cidmap_bridge_forget(struct l2ra_net *ln, int br_ifindex)
{
	struct l2ra_cidmap *map = l2ra_cidmap_deref(ln);
	struct hlist_node *tmp;
	struct l2ra_cid *e;
	int bkt;

	if (!map)
		return;
	hash_for_each_safe(map->ports, bkt, tmp, e, pnode)
		if (e->key.br_ifindex == br_ifindex)
			l2ra_cid_remove(map, e);
}

/* Under rcu_read_lock(). */
static struct l2ra_cid *l2ra_cidmap_find_rcu(struct l2ra_cidmap *map,
					     struct l2ra_cid_key *key,
					     const u8 *id, size_t len)
{
	key->len = len;
	memcpy(key->id, id, len);
	return rhashtable_lookup(&map->ht, key, l2ra_cid_params);
}

/**
 * l2ra_cidmap_lookup_rcu - the port of a bridge a circuit-id names
 * @ln: the namespace
 * @brdev: the bridge, with the relay on
 * @id: the circuit-id, as found in a reply
 * @len: its length
 *
 * Under rcu_read_lock() (the packet path, or a control path that holds
 * ln->lock).  Names a port as l2ra_circuit_id_match() does: a configured
 * circuit-id exactly, a default one with or without a ":<vid>" suffix.
 *
 * Return: the port, or NULL.
 */
struct net_device *l2ra_cidmap_lookup_rcu(struct l2ra_net *ln,
					  const struct net_device *brdev,
					  const u8 *id, size_t len)
{
	struct l2ra_cidmap *map = rcu_dereference(ln->cidmap);
	/* Hashed and compared on its length's worth of id only. */
	struct l2ra_cid_key key __uninitialized;
	struct l2ra_cid *e;
	size_t i;

	if (!map || !id || !len || len > L2RA_CIRCUIT_ID_MAX)
		return NULL;
	key.br_ifindex = brdev->ifindex;
	e = l2ra_cidmap_find_rcu(map, &key, id, len);
	if (!e) {
		/* "<bridge>:<port>" and ":" and 1 to 4 digits */
		for (i = len; i > 0 && len - i < 4 && isdigit(id[i - 1]); i--)
			;
		if (i == len || i < 2 || id[i - 1] != ':')
			return NULL;
		e = l2ra_cidmap_find_rcu(map, &key, id, i - 1);
		if (!e || !e->is_default)
			return NULL;
	}
	/* It may have left the bridge a moment ago. */
	if (netdev_master_upper_dev_get_rcu(e->dev) != brdev)
		return NULL;
	return e->dev;
}
