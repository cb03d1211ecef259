// SPDX-License-Identifier: GPL-2.0
/*
 * l2ra_burn: the forwarding bench's calibration hook, built only by
 * bench/run.sh and never shipped.  It registers a bridge netfilter hook in
 * the initial namespace that does nothing but execute 2 * @loops extra
 * instructions (a dec/jnz loop) per frame, at PRE_ROUTING and, with
 * @points=2, at FORWARD too.  With @loops=0 it is the cheapest hook there
 * is: the cost of a hook point itself.  bench/fwd.sh checks that the
 * instructions per frame it derives from pktgen's rate under icount grow
 * by what the loop adds.
 */
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_bridge.h>
#include <net/net_namespace.h>

static unsigned int loops;
module_param(loops, uint, 0444);
MODULE_PARM_DESC(loops, "dec/jnz iterations per frame and hook point (2 instructions each)");

static unsigned int points = 1;
module_param(points, uint, 0444);
MODULE_PARM_DESC(points, "1: PRE_ROUTING, 2: PRE_ROUTING and FORWARD");

static unsigned int l2ra_burn_hook(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state)
{
	unsigned long n = loops;

	if (n)
		asm volatile("1: dec %0\n\tjnz 1b" : "+r" (n) : : "cc");
	return NF_ACCEPT;
}

static const struct nf_hook_ops l2ra_burn_ops[] = {
	{
		.hook		= l2ra_burn_hook,
		.pf		= NFPROTO_BRIDGE,
		.hooknum	= NF_BR_PRE_ROUTING,
		.priority	= NF_BR_PRI_FILTER_OTHER,
	},
	{
		.hook		= l2ra_burn_hook,
		.pf		= NFPROTO_BRIDGE,
		.hooknum	= NF_BR_FORWARD,
		.priority	= NF_BR_PRI_FILTER_OTHER,
	},
};

static unsigned int l2ra_burn_n(void)
{
	return points >= 2 ? 2 : 1;
}

static int __init l2ra_burn_init(void)
{
	return nf_register_net_hooks(&init_net, l2ra_burn_ops, l2ra_burn_n());
}

static void __exit l2ra_burn_exit(void)
{
	nf_unregister_net_hooks(&init_net, l2ra_burn_ops, l2ra_burn_n());
}

module_init(l2ra_burn_init);
module_exit(l2ra_burn_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("l2ra bench calibration: a bridge hook burning a known number of instructions");
