// SPDX-License-Identifier: GPL-2.0
/*
 * Netfilter bridge hooks: PRE_ROUTING sees every frame once as it enters
 * the bridge, FORWARD every copy the bridge makes of it, once per egress
 * port.  Both run for every bridged frame, so the filter below decides "not
 * DHCP" from a few loads of the headers before anything else is looked at.
 */
#include <linux/if_bridge.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/netfilter_bridge.h>
#include <linux/udp.h>
#include <net/ip.h>

#include "l2ra.h"
#include "relay4.h"

/*
 * Is this an IPv4 UDP datagram to the BOOTP server or client port?  The IP
 * header starts at skb->data, or VLAN_HLEN into it after one in-band
 * 802.1Q/802.1ad tag.  Only a first fragment carries the UDP header; later
 * fragments are not recognised (and are useless without the first).
 */
static bool l2ra_is_dhcp4(const struct sk_buff *skb, unsigned int *nhoff)
{
	unsigned int off = 0;
	__be16 proto = skb->protocol;
	const struct iphdr *iph;
	const struct udphdr *uh;
	struct udphdr _uh;
	struct iphdr _iph;

	if (unlikely(eth_type_vlan(proto))) {
		const struct vlan_hdr *vh;
		struct vlan_hdr _vh;

		vh = skb_header_pointer(skb, 0, sizeof(_vh), &_vh);
		if (!vh)
			return false;
		proto = vh->h_vlan_encapsulated_proto;
		off = VLAN_HLEN;
	}
	if (proto != htons(ETH_P_IP))
		return false;

	iph = skb_header_pointer(skb, off, sizeof(_iph), &_iph);
	if (!iph || iph->protocol != IPPROTO_UDP)
		return false;
	if (iph->version != 4 || iph->ihl < 5 ||
	    (iph->frag_off & htons(IP_OFFSET)))
		return false;

	uh = skb_header_pointer(skb, off + iph->ihl * 4, sizeof(_uh), &_uh);
	if (!uh)
		return false;
	if (uh->dest != htons(L2RA_PORT_BOOTPS) &&
	    uh->dest != htons(L2RA_PORT_BOOTPC))
		return false;
	*nhoff = off;
	return true;
}

static unsigned int l2ra_hook(void *priv, struct sk_buff *skb,
			      const struct nf_hook_state *state)
{
	const struct l2ra_bridge_cfg *bcfg;
	struct l2ra_pkt_ctx ctx;
	struct net_device *brdev;
	struct l2ra_bridge *br;
	unsigned int nhoff;

	if (likely(!l2ra_is_dhcp4(skb, &nhoff)))
		return NF_ACCEPT;

	/* The port may have left the bridge while the frame was in flight. */
	if (!state->in)
		return NF_ACCEPT;
	brdev = netdev_master_upper_dev_get_rcu(state->in);
	if (!brdev || !netif_is_bridge_master(brdev))
		return NF_ACCEPT;

	ctx.ln = l2ra_pernet(state->net);
	br = l2ra_bridge_find_rcu(ctx.ln, brdev->ifindex);
	if (!br)
		return NF_ACCEPT;
	bcfg = rcu_dereference(br->cfg);
	if (!bcfg || !bcfg->enabled)
		return NF_ACCEPT;

	ctx.brdev = brdev;
	ctx.bcfg = bcfg;
	ctx.in = state->in;
	ctx.out = state->out;
	ctx.nhoff = nhoff;

	if (state->hook == NF_BR_PRE_ROUTING)
		return l2ra_relay4_pre_routing(skb, &ctx);
	if (!state->out)
		return NF_ACCEPT;
	return l2ra_relay4_forward(skb, &ctx);
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
