// SPDX-License-Identifier: GPL-2.0
/* Netfilter bridge hooks (skeleton: accepts everything). */
#include <linux/netfilter.h>
#include <linux/netfilter_bridge.h>

#include "l2ra.h"

static unsigned int l2ra_hook(void *priv, struct sk_buff *skb,
			      const struct nf_hook_state *state)
{
	return NF_ACCEPT;
}

static const struct nf_hook_ops l2ra_nf_ops[] = {
	{
		.hook		= l2ra_hook,
		.pf		= NFPROTO_BRIDGE,
		.hooknum	= NF_BR_PRE_ROUTING,
		.priority	= NF_BR_PRI_FILTER_OTHER,
	},
	{
		.hook		= l2ra_hook,
		.pf		= NFPROTO_BRIDGE,
		.hooknum	= NF_BR_FORWARD,
		.priority	= NF_BR_PRI_FILTER_OTHER,
	},
};

int l2ra_hooks_register(struct net *net)
{
	return nf_register_net_hooks(net, l2ra_nf_ops, ARRAY_SIZE(l2ra_nf_ops));
}

void l2ra_hooks_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, l2ra_nf_ops, ARRAY_SIZE(l2ra_nf_ops));
}
