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

static int __net_init l2ra_net_init(struct net *net)
{
	struct l2ra_net *ln = l2ra_pernet(net);
	int err;

	ln->net = net;
	mutex_init(&ln->lock);
	hash_init(ln->ports);
	hash_init(ln->bridges);
	l2ra_quota_init(ln);
	err = l2ra_stats_init(&ln->stats);
	if (err)
		return err;
	ln->xids = l2ra_xid_alloc();
	if (!ln->xids) {
		err = -ENOMEM;
		goto err_stats;
	}
	err = l2ra_lease_table_init(ln);
	if (err)
		goto err_xids;
	err = l2ra_hooks_register(net);
	if (err)
		goto err_leases;
	return 0;

err_leases:
	l2ra_lease_table_destroy(ln);
err_xids:
	l2ra_xid_free(ln->xids);
err_stats:
	l2ra_stats_free(&ln->stats);
	return err;
}

static void __net_exit l2ra_net_exit(struct net *net)
{
	struct l2ra_net *ln = l2ra_pernet(net);

	l2ra_hooks_unregister(net);
	/* No packet can reach the relay any more; drop the configuration. */
	mutex_lock(&ln->lock);
	l2ra_config_flush(ln);
	mutex_unlock(&ln->lock);
	/* Readers that looked up an entry before the hooks went are done. */
	synchronize_net();
	/* Silently: no DEL events for a table that goes with its namespace. */
	l2ra_lease_table_destroy(ln);
	l2ra_xid_free(ln->xids);
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
