// SPDX-License-Identifier: GPL-2.0
/*
 * Port and bridge configuration of a namespace.
 *
 * Entries live in two hash tables of struct l2ra_net keyed by ifindex.  The
 * packet path looks them up under rcu_read_lock(); writers hold ln->lock
 * (taken after RTNL by every writer, since the netdevice notifier runs under
 * RTNL).  An entry's configuration is immutable once published: a writer
 * builds a new copy and swaps the pointer.  Entries hold a tracked reference
 * on their device and are freed, with their counters, after a grace period.
 */
#include <linux/if_bridge.h>
#include <linux/lockdep.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "l2ra.h"

#define l2ra_cfg_deref(ln, p) \
	rcu_dereference_protected(p, lockdep_is_held(&(ln)->lock))

struct l2ra_port *l2ra_port_find_rcu(struct l2ra_net *ln, int ifindex)
{
	struct l2ra_port *port;

	hash_for_each_possible_rcu(ln->ports, port, node, ifindex)
		if (port->dev->ifindex == ifindex)
			return port;
	return NULL;
}

struct l2ra_bridge *l2ra_bridge_find_rcu(struct l2ra_net *ln, int ifindex)
{
	struct l2ra_bridge *br;

	hash_for_each_possible_rcu(ln->bridges, br, node, ifindex)
		if (br->dev->ifindex == ifindex)
			return br;
	return NULL;
}

struct l2ra_port *l2ra_port_find(struct l2ra_net *ln, int ifindex)
{
	struct l2ra_port *port;

	lockdep_assert_held(&ln->lock);
	hash_for_each_possible(ln->ports, port, node, ifindex)
		if (port->dev->ifindex == ifindex)
			return port;
	return NULL;
}

struct l2ra_bridge *l2ra_bridge_find(struct l2ra_net *ln, int ifindex)
{
	struct l2ra_bridge *br;

	lockdep_assert_held(&ln->lock);
	hash_for_each_possible(ln->bridges, br, node, ifindex)
		if (br->dev->ifindex == ifindex)
			return br;
	return NULL;
}

/*
 * Called after a grace period: no reader can still see the entry, its
 * configuration or its device through it.
 */
static void l2ra_port_free_rcu(struct rcu_head *head)
{
	struct l2ra_port *port = container_of(head, struct l2ra_port, rcu);

	kfree(rcu_dereference_protected(port->cfg, 1));
	l2ra_rai_free(port);
	l2ra_stats_free(&port->stats);
	netdev_put(port->dev, &port->dev_tracker);
	kfree(port);
}

static void l2ra_bridge_free_rcu(struct rcu_head *head)
{
	struct l2ra_bridge *br = container_of(head, struct l2ra_bridge, rcu);

	kfree(rcu_dereference_protected(br->cfg, 1));
	netdev_put(br->dev, &br->dev_tracker);
	kfree(br);
}

/**
 * l2ra_port_set - create or update the entry of a bridge port
 * @ln: the namespace
 * @dev: the port, a device of @ln's namespace
 * @cfg: the new configuration, copied
 *
 * Callers hold RTNL and ln->lock and have validated @cfg.  The port's
 * source guard comes and goes with the configuration (guard.c).
 *
 * Return: 0, -ENOMEM or an error registering the hooks; nothing changes on
 * error.
 */
int l2ra_port_set(struct l2ra_net *ln, struct net_device *dev,
		  const struct l2ra_port_cfg *cfg)
{
	bool guard = l2ra_guard_wanted(cfg);
	struct l2ra_port_cfg *new, *old;
	struct l2ra_port *port;
	int err;

	ASSERT_RTNL();
	lockdep_assert_held(&ln->lock);

	new = kmemdup(cfg, sizeof(*cfg), GFP_KERNEL);
	if (!new)
		return -ENOMEM;

	port = l2ra_port_find(ln, dev->ifindex);
	if (port) {
		err = l2ra_guard_sync(ln, port, guard);
		if (err) {
			kfree(new);
			return err;
		}
		old = l2ra_cfg_deref(ln, port->cfg);
		rcu_assign_pointer(port->cfg, new);
		kfree_rcu(old, rcu);
		l2ra_rai_changed(ln);
		return 0;
	}

	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		goto err_cfg;
	if (l2ra_stats_init(&port->stats))
		goto err_port;
	port->dev = dev;
	RCU_INIT_POINTER(port->cfg, new);
	err = l2ra_guard_sync(ln, port, guard);
	if (err)
		goto err_stats;
	netdev_hold(dev, &port->dev_tracker, GFP_KERNEL);
	hash_add_rcu(ln->ports, &port->node, dev->ifindex);
	return 0;

err_stats:
	l2ra_stats_free(&port->stats);
	kfree(port);
	kfree(new);
	return err;
err_port:
	kfree(port);
err_cfg:
	kfree(new);
	return -ENOMEM;
}

/**
 * l2ra_port_del - remove a port entry
 * @ln: the namespace
 * @port: the entry, found under ln->lock
 *
 * Its source guard goes at once; the entry and its counters are
 * freed after a grace period.
 */
void l2ra_port_del(struct l2ra_net *ln, struct l2ra_port *port)
{
	lockdep_assert_held(&ln->lock);
	l2ra_guard_sync(ln, port, false);
	hash_del_rcu(&port->node);
	call_rcu(&port->rcu, l2ra_port_free_rcu);
}

/* Under ln->lock: has a bridge of the namespace the relay on? */
static bool l2ra_relay_wanted(struct l2ra_net *ln)
{
	const struct l2ra_bridge_cfg *cfg;
	struct l2ra_bridge *br;
	int bkt;

	hash_for_each(ln->bridges, bkt, br, node) {
		cfg = l2ra_cfg_deref(ln, br->cfg);
		if (cfg && cfg->enabled)
			return true;
	}
	return false;
}

/**
 * l2ra_bridge_set - create or update the relay configuration of a bridge
 * @ln: the namespace
 * @dev: the bridge, a device of @ln's namespace
 * @cfg: the new configuration, copied
 *
 * Callers hold RTNL and ln->lock and have validated @cfg.  The first
 * bridge with the relay on turns the namespace's packet path on, the last
 * one turned off or deleted turns it off (l2ra_relay_sync()).
 *
 * Return: 0, -ENOMEM, or an error registering the hooks; nothing changes
 * on error.
 */
int l2ra_bridge_set(struct l2ra_net *ln, struct net_device *dev,
		    const struct l2ra_bridge_cfg *cfg)
{
	struct l2ra_bridge_cfg *new, *old;
	struct l2ra_bridge *br;
	int err;

	ASSERT_RTNL();
	lockdep_assert_held(&ln->lock);

	new = kmemdup(cfg, sizeof(*cfg), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	br = l2ra_bridge_find(ln, dev->ifindex);
	if (!br) {
		br = kzalloc(sizeof(*br), GFP_KERNEL);
		if (!br) {
			kfree(new);
			return -ENOMEM;
		}
	}
	/* The packet path comes before the first bridge that needs it. */
	if (cfg->enabled) {
		err = l2ra_relay_sync(ln, true);
		if (err) {
			if (!br->dev)
				kfree(br);
			kfree(new);
			return err;
		}
	}

	if (br->dev) {
		old = l2ra_cfg_deref(ln, br->cfg);
		rcu_assign_pointer(br->cfg, new);
		kfree_rcu(old, rcu);
	} else {
		br->dev = dev;
		netdev_hold(dev, &br->dev_tracker, GFP_KERNEL);
		RCU_INIT_POINTER(br->cfg, new);
		hash_add_rcu(ln->bridges, &br->node, dev->ifindex);
	}
	l2ra_rai_changed(ln);
	/* Its ports' circuit-ids steer replies while the relay is on. */
	l2ra_cidmap_bridge_sync(ln, dev);
	/* and goes after the last. */
	if (!cfg->enabled)
		l2ra_relay_sync(ln, l2ra_relay_wanted(ln));
	return 0;
}

/**
 * l2ra_bridge_del - remove the relay configuration of a bridge
 * @ln: the namespace
 * @br: the entry, found under ln->lock
 *
 * Port entries of the bridge are kept.
 */
void l2ra_bridge_del(struct l2ra_net *ln, struct l2ra_bridge *br)
{
	lockdep_assert_held(&ln->lock);
	l2ra_cidmap_bridge_forget(ln, br->dev->ifindex);
	hash_del_rcu(&br->node);
	call_rcu(&br->rcu, l2ra_bridge_free_rcu);
	l2ra_relay_sync(ln, l2ra_relay_wanted(ln));
}

/* Removes every entry of the namespace; called under ln->lock. */
void l2ra_config_flush(struct l2ra_net *ln)
{
	struct l2ra_bridge *br;
	struct l2ra_port *port;
	struct hlist_node *tmp;
	int bkt;

	lockdep_assert_held(&ln->lock);
	hash_for_each_safe(ln->ports, bkt, tmp, port, node)
		l2ra_port_del(ln, port);
	hash_for_each_safe(ln->bridges, bkt, tmp, br, node)
		l2ra_bridge_del(ln, br);
}

static void l2ra_forget_port(struct l2ra_net *ln, struct net_device *dev)
{
	struct l2ra_port *port;

	port = l2ra_port_find(ln, dev->ifindex);
	if (port)
		l2ra_port_del(ln, port);
}

static void l2ra_forget_bridge(struct l2ra_net *ln, struct net_device *dev)
{
	struct l2ra_bridge *br;

	br = l2ra_bridge_find(ln, dev->ifindex);
	if (br)
		l2ra_bridge_del(ln, br);
}

/*
 * The port is leaving its bridge @brdev, or going away: its leases go with
 * it, each with an L2RA_LEASE_EV_DEL event.
 *
 * A reply the hook steered to the port just before it left may still be
 * learning its lease: the port is no longer found (neither among the
 * bridge's ports nor through the transaction table, which checks the
 * upper device), but a reader that found it earlier must be done before
 * the flush, or its lease would outlive the port.  A device that is no
 * bridge port (a port is unlinked, with this call, before it goes away)
 * and namespaces where l2ra has no bridge and no lease skip the grace
 * period.
 */
static void l2ra_forget_leases(struct l2ra_net *ln, struct net_device *dev,
			       struct net_device *brdev)
{
	struct l2ra_lease_filter f = { .ifindex = dev->ifindex };

	if (!rcu_access_pointer(ln->leases))
		return;
	if (brdev && netif_is_bridge_master(brdev) &&
	    (ln->relay_on || l2ra_lease_count(ln)))
		synchronize_net();
	if (l2ra_lease_port_count(ln, dev->ifindex))
		l2ra_lease_flush(ln, &f, dev, brdev);
}

/*
 * Keep a port out of a circuit-id another one has.  @dev: a bridge port,
 * or any device (then nothing happens).
 *
 * Under RTNL and ln->lock, after @dev joined a bridge, was renamed, its
 * bridge was renamed or its entry deleted.  PORT_SET refuses a circuit-id
 * in use; this catches a default circuit-id that became one: "<bridge>:
 * <port>" of a port that joins or is renamed into an id another port of
 * the bridge has (configured, or its own default).  The newcomer's default
 * circuit-id is disabled (it gets an entry if it had none): its requests
 * are dropped (drop_cid_conflict) and no reply is for it, until it is
 * given a circuit-id of its own or renamed out of the conflict.  Logged
 * once, when it happens.
 */
static void __l2ra_port_cid_check(struct l2ra_net *ln, struct net_device *dev)
{
	u8 id[L2RA_CIRCUIT_ID_MAX];
	struct net_device *brdev;
	struct l2ra_port_cfg cfg;
	struct l2ra_port *port;
	bool taken;
	size_t len;

	ASSERT_RTNL();
	lockdep_assert_held(&ln->lock);
	if (!netif_is_bridge_port(dev))
		return;
	brdev = netdev_master_upper_dev_get(dev);
	if (!brdev || !netif_is_bridge_master(brdev))
		return;
	port = l2ra_port_find(ln, dev->ifindex);
	if (port)
		cfg = *l2ra_cfg_deref(ln, port->cfg);
	else
		l2ra_port_cfg_default(&cfg);
	/* A configured circuit-id was checked when it was set. */
	if (cfg.circuit_id_len)
		return;
	cfg.cid_disabled = false;
	taken = l2ra_circuit_id_taken(ln, brdev, dev, &cfg);
	if (taken == (port && l2ra_cfg_deref(ln, port->cfg)->cid_disabled))
		return;
	len = l2ra_circuit_id(brdev, dev, &cfg, 0, id, sizeof(id));
	cfg.cid_disabled = taken;
	if (l2ra_port_set(ln, dev, &cfg)) {
		netdev_warn(dev, "l2ra: no memory to %s its circuit-id\n",
			    taken ? "disable" : "enable");
		return;
	}
	if (taken)
		netdev_warn(dev, "l2ra: circuit-id \"%.*s\" already names another port of %s: requests from %s are dropped until it has a circuit-id of its own\n",
			    (int)len, id, brdev->name, dev->name);
	else
		netdev_info(dev, "l2ra: circuit-id \"%.*s\" is its own again\n",
			    (int)len, id);
}

/**
 * l2ra_port_cid_check - keep a port out of a circuit-id another one has
 * @ln: the namespace
 * @dev: a bridge port, or any device
 *
 * Under RTNL and ln->lock: see __l2ra_port_cid_check(); then the circuit-id
 * map takes the circuit-id @dev has now (cidmap.c).
 */
void l2ra_port_cid_check(struct l2ra_net *ln, struct net_device *dev)
{
	__l2ra_port_cid_check(ln, dev);
	l2ra_cidmap_port_sync(ln, dev);
}

static int l2ra_netdev_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct netdev_notifier_changeupper_info *info;
	struct l2ra_net *ln;

	switch (event) {
	case NETDEV_UNREGISTER:
		/* Also sent before a device moves to another namespace. */
		ln = l2ra_pernet(dev_net(dev));
		mutex_lock(&ln->lock);
		l2ra_forget_leases(ln, dev, netdev_master_upper_dev_get(dev));
		l2ra_cidmap_port_forget(ln, dev->ifindex);
		l2ra_forget_port(ln, dev);
		l2ra_forget_bridge(ln, dev);
		l2ra_quota_forget(ln, dev->ifindex);
		mutex_unlock(&ln->lock);
		break;
	case NETDEV_CHANGENAME:
		ln = l2ra_pernet(dev_net(dev));
		mutex_lock(&ln->lock);
		if (netif_is_bridge_master(dev)) {
			struct net_device *lower;
			struct list_head *iter;

			/* Every default circuit-id of the bridge changed. */
			netdev_for_each_lower_dev(dev, lower, iter)
				l2ra_port_cid_check(ln, lower);
		} else {
			l2ra_port_cid_check(ln, dev);
		}
		mutex_unlock(&ln->lock);
		l2ra_rai_changed(ln);
		break;
	case NETDEV_CHANGEADDR:
		/* A bridge's address: its default remote-id and relay-id. */
		if (netif_is_bridge_master(dev))
			l2ra_rai_changed(l2ra_pernet(dev_net(dev)));
		break;
	case NETDEV_CHANGEUPPER:
		info = ptr;
		if (!netif_is_bridge_master(info->upper_dev))
			break;
		l2ra_rai_changed(l2ra_pernet(dev_net(dev)));
		if (info->linking) {
			/* The port joined a bridge. */
			ln = l2ra_pernet(dev_net(dev));
			mutex_lock(&ln->lock);
			l2ra_port_cid_check(ln, dev);
			mutex_unlock(&ln->lock);
			break;
		}
		/* The port left its bridge. */
		ln = l2ra_pernet(dev_net(dev));
		mutex_lock(&ln->lock);
		l2ra_forget_leases(ln, dev, info->upper_dev);
		l2ra_cidmap_port_forget(ln, dev->ifindex);
		l2ra_forget_port(ln, dev);
		l2ra_quota_forget(ln, dev->ifindex);
		mutex_unlock(&ln->lock);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block l2ra_netdev_notifier = {
	.notifier_call = l2ra_netdev_event,
};

int l2ra_notifier_register(void)
{
	return register_netdevice_notifier(&l2ra_netdev_notifier);
}

void l2ra_notifier_unregister(void)
{
	unregister_netdevice_notifier(&l2ra_netdev_notifier);
}
