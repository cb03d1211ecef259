// SPDX-License-Identifier: GPL-2.0
/*
 * l2ra: Layer 2 DHCP relay agent for Linux bridges.
 *
 * Module glue: per-namespace state, and the order in which the netdevice
 * notifier, the netfilter hooks and the generic netlink family come and go.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>

#include "l2ra.h"

/* Without it nf_register_net_hook(NFPROTO_BRIDGE) WARNs and fails. */
#if !IS_ENABLED(CONFIG_NETFILTER_FAMILY_BRIDGE)
#error "l2ra needs CONFIG_NETFILTER_FAMILY_BRIDGE"
#endif

unsigned int l2ra_net_id __read_mostly;

/*
 * A namespace pays for the relay only once it has a bridge with the relay
 * on: the transaction table (96 KiB) comes with the first such bridge and
 * goes with the last (l2ra_relay_sync(), called by every change to a
 * bridge entry).  The netfilter hooks, which every bridged frame of the
 * namespace would otherwise go through, are there while the namespace has
 * such a bridge or a guarded port (l2ra_hooks_sync(), from here and from
 * guard.c).  The lease table (9 KiB) and the circuit-id map (cidmap.c)
 * come with the first such bridge too (the lease table also with the
 * first lease given over netlink before it) and stay until the namespace
 * goes.  Configuration and counters are there from the start: they are
 * small.  The tables are charged to the memory cgroup of the task that
 * makes them (GFP_KERNEL_ACCOUNT), as the kernel's own per-namespace
 * tables are.
 */

/**
 * l2ra_hooks_sync - register or unregister the namespace's bridge hooks
 * @ln: the namespace
 * @want: whether it has (or is about to have) a relay bridge or a guarded
 *	port
 *
 * Under ln->lock.  May sleep.
 *
 * Return: 0, or an error registering the hooks (nothing changed then).
 */
int l2ra_hooks_sync(struct l2ra_net *ln, bool want)
{
	lockdep_assert_held(&ln->lock);
	if (want == !!ln->hook_ops)
		return 0;
	if (want)
		return l2ra_hooks_register(ln);
	l2ra_hooks_unregister(ln);
	return 0;
}

static int l2ra_relay_start(struct l2ra_net *ln)
{
	int err;

	/* The packet path uses both: they come before the hooks. */
	err = l2ra_lease_table_ensure(ln);
	if (err)
		return err;
	err = l2ra_cidmap_ensure(ln);
	if (err)
		return err;
	ln->xids = l2ra_xid_alloc();
	if (!ln->xids)
		return -ENOMEM;
	/* Registration publishes the hooks after the table. */
	err = l2ra_hooks_sync(ln, true);
	if (err) {
		l2ra_xid_free(ln->xids);
		ln->xids = NULL;
		return err;
	}
	ln->relay_on = true;
	return 0;
}

/*
 * No bridge has the relay on any more (its configuration says so, or it is
 * gone): the hooks go unless a port is guarded, and the transaction table
 * goes once a hook call that saw a relay bridge is done.
 */
static void l2ra_relay_stop(struct l2ra_net *ln)
{
	ln->relay_on = false;
	if (ln->guard_ports)
		synchronize_net();
	else
		l2ra_hooks_sync(ln, false);
	l2ra_xid_free(ln->xids);
	ln->xids = NULL;
	l2ra_quota_xids_reset(ln);
}

/**
 * l2ra_relay_sync - turn the packet path on or off for a namespace
 * @ln: the namespace
 * @want: whether a bridge of @ln has (or is about to have) the relay on
 *
 * Under ln->lock.  May sleep.
 *
 * Return: 0, or an error from turning it on (nothing changed then).
 */
int l2ra_relay_sync(struct l2ra_net *ln, bool want)
{
	lockdep_assert_held(&ln->lock);
	if (want == ln->relay_on)
		return 0;
	if (want)
		return l2ra_relay_start(ln);
	l2ra_relay_stop(ln);
	return 0;
}

static int __net_init l2ra_net_init(struct net *net)
{
	struct l2ra_net *ln = l2ra_pernet(net);

	ln->net = net;
	mutex_init(&ln->lock);
	hash_init(ln->ports);
	hash_init(ln->bridges);
	l2ra_quota_init(ln);
	l2ra_lease_table_init(ln);
	return l2ra_stats_init(&ln->stats);
}

static void __net_exit l2ra_net_exit(struct net *net)
{
	struct l2ra_net *ln = l2ra_pernet(net);

	/*
	 * Dropping the configuration turns the packet path off, if it was
	 * on: no packet can reach the relay any more.
	 */
	mutex_lock(&ln->lock);
	l2ra_config_flush(ln);
	mutex_unlock(&ln->lock);
	/* Readers that looked up an entry before are done. */
	synchronize_net();
	/* Silently: no DEL events for a table that goes with its namespace. */
	l2ra_lease_table_destroy(ln);
	l2ra_cidmap_destroy(ln);
	l2ra_quota_destroy(ln);
	l2ra_stats_free(&ln->stats);
}

static struct pernet_operations l2ra_net_ops = {
	.init = l2ra_net_init,
	.exit = l2ra_net_exit,
	.id = &l2ra_net_id,
	.size = sizeof(struct l2ra_net),
};

static int __init l2ra_init(void)
{
	int err;

	err = l2ra_lease_module_init();
	if (err)
		return err;
	err = register_pernet_subsys(&l2ra_net_ops);
	if (err)
		goto err_lease;
	err = l2ra_notifier_register();
	if (err)
		goto err_pernet;
	err = l2ra_genl_register();
	if (err)
		goto err_notifier;
	pr_info("loaded\n");
	return 0;

err_notifier:
	l2ra_notifier_unregister();
err_pernet:
	unregister_pernet_subsys(&l2ra_net_ops);
err_lease:
	rcu_barrier();
	l2ra_lease_module_exit();
	return err;
}

static void __exit l2ra_exit(void)
{
	l2ra_genl_unregister();
	l2ra_notifier_unregister();
	unregister_pernet_subsys(&l2ra_net_ops);
	/* kfree_rcu() callbacks still queued point into this module. */
	rcu_barrier();
	l2ra_lease_module_exit();
	pr_info("unloaded\n");
}

module_init(l2ra_init);
module_exit(l2ra_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Layer 2 DHCP relay agent for bridges (RFC 3046 option 82)");
MODULE_ALIAS_GENL_FAMILY(L2RA_GENL_NAME);
