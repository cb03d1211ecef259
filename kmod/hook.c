// SPDX-License-Identifier: GPL-2.0
/*
 * Netfilter bridge hooks: PRE_ROUTING sees every frame once as it enters
 * the bridge, FORWARD every copy the bridge makes of it, once per egress
 * port, and LOCAL_OUT every copy of a frame the bridge device itself sends
 * (a DHCP server on the bridge device), once per egress port.  They run for
 * every bridged frame, so the filter below decides "not DHCP" from a few
 * loads of the headers before anything else is looked at; PRE_ROUTING
 * first tests the port against the namespace's guard mask (guard.c), with
 * one load more.  Each namespace registers copies of the ops whose .priv
 * is its struct l2ra_net, so no hook looks its namespace up.
 */
#include <linux/if_bridge.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_bridge.h>
#include <linux/slab.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "l2ra.h"
#include "relay4.h"
#include "relay6.h"

/* In-frame VLAN tags looked through to find the IP header. */
#define L2RA_VLAN_DEPTH		4

enum l2ra_filter {
	L2RA_NOT_DHCP,
	L2RA_IS_DHCP,
	L2RA_IS_DHCP6,		/* UDP to port 546 or 547 over IPv6 */
	L2RA_VLAN_TOO_DEEP,	/* more tags than L2RA_VLAN_DEPTH */
};

/*
 * Is the IPv6 packet at @off a UDP datagram to the DHCPv6 client or server
 * port?  Extension headers are skipped (a server message may not hide
 * behind one); a fragment that is not the first is not recognised.
 */
static enum l2ra_filter l2ra_is_dhcp6(const struct sk_buff *skb,
				      unsigned int off, unsigned int *nhoff)
{
	const struct ipv6hdr *ip6h;
	const struct udphdr *uh;
	struct ipv6hdr _ip6h;
	struct udphdr _uh;
	__be16 frag_off;
	u8 nexthdr;
	int uoff;

	ip6h = skb_header_pointer(skb, off, sizeof(_ip6h), &_ip6h);
	if (!ip6h || ip6h->version != 6)
		return L2RA_NOT_DHCP;
	nexthdr = ip6h->nexthdr;
	uoff = ipv6_skip_exthdr(skb, off + sizeof(_ip6h), &nexthdr, &frag_off);
	if (uoff < 0 || nexthdr != IPPROTO_UDP ||
	    (frag_off & htons(IP6_OFFSET)))
		return L2RA_NOT_DHCP;
	uh = skb_header_pointer(skb, uoff, sizeof(_uh), &_uh);
	if (!uh)
		return L2RA_NOT_DHCP;
	if (uh->dest != htons(L2RA_PORT_DHCP6_SERVER) &&
	    uh->dest != htons(L2RA_PORT_DHCP6_CLIENT))
		return L2RA_NOT_DHCP;
	*nhoff = off;
	return L2RA_IS_DHCP6;
}

/*
 * Is this an IPv4 UDP datagram to the BOOTP server or client port?  The IP
 * header starts at skb->data, or past up to L2RA_VLAN_DEPTH in-frame
 * 802.1Q/802.1ad tags.  The same frame may carry one tag more in the frame
 * at FORWARD than it did at PRE_ROUTING (a VLAN-filtering bridge puts back
 * a tag of the other protocol, 802.1ad on an 802.1Q bridge, that the device
 * had taken out), so both hooks must see through a stack, and one they
 * cannot see the end of is reported, not taken for "not DHCP".  Only a
 * first fragment carries the UDP header; later fragments are not
 * recognised (and are useless without the first).
 */
static enum l2ra_filter l2ra_is_dhcp(const struct sk_buff *skb,
				     unsigned int *nhoff)
{
	unsigned int off = 0, depth = 0;
	__be16 proto = skb->protocol;
	const struct iphdr *iph;
	const struct udphdr *uh;
	struct udphdr _uh;
	struct iphdr _iph;

	while (unlikely(eth_type_vlan(proto))) {
		const struct vlan_hdr *vh;
		struct vlan_hdr _vh;

		if (depth++ == L2RA_VLAN_DEPTH)
			return L2RA_VLAN_TOO_DEEP;
		vh = skb_header_pointer(skb, off, sizeof(_vh), &_vh);
		if (!vh)
			return L2RA_NOT_DHCP;
		proto = vh->h_vlan_encapsulated_proto;
		off += VLAN_HLEN;
	}
	if (proto == htons(ETH_P_IPV6))
		return l2ra_is_dhcp6(skb, off, nhoff);
	if (proto != htons(ETH_P_IP))
		return L2RA_NOT_DHCP;

	iph = skb_header_pointer(skb, off, sizeof(_iph), &_iph);
	if (!iph || iph->protocol != IPPROTO_UDP)
		return L2RA_NOT_DHCP;
	if (iph->version != 4 || iph->ihl < 5 ||
	    (iph->frag_off & htons(IP_OFFSET)))
		return L2RA_NOT_DHCP;

	uh = skb_header_pointer(skb, off + iph->ihl * 4, sizeof(_uh), &_uh);
	if (!uh)
		return L2RA_NOT_DHCP;
	if (uh->dest != htons(L2RA_PORT_BOOTPS) &&
	    uh->dest != htons(L2RA_PORT_BOOTPC))
		return L2RA_NOT_DHCP;
	*nhoff = off;
	return L2RA_IS_DHCP;
}

/*
 * A frame whose VLAN stack hides whether it is DHCP: it may be a request
 * for another subscriber or a reply with our option 82 still in it, so it
 * does not enter from, or leave to, an untrusted port.
 */
static unsigned int l2ra_vlan_too_deep(const struct l2ra_pkt_ctx *ctx,
				       struct net_device *dev)
{
	const struct l2ra_port_cfg *cfg = NULL;
	struct l2ra_port *p;

	p = l2ra_port_find_rcu(ctx->ln, dev->ifindex);
	if (p)
		cfg = rcu_dereference(p->cfg);
	if (cfg && cfg->role == L2RA_ROLE_TRUSTED)
		return NF_ACCEPT;
	l2ra_stats_inc(&ctx->ln->stats, L2RA_STAT_DROP_VLAN_DEPTH);
	if (p)
		l2ra_stats_inc(&p->stats, L2RA_STAT_DROP_VLAN_DEPTH);
	return NF_DROP;
}

/*
 * The extension headers ipv6_skip_exthdr() walks.  Not ipv6_ext_hdr(): a
 * call out of the fast path would give the hook a stack frame.
 */
static __always_inline bool l2ra_ipv6_ext(u8 nexthdr)
{
	return nexthdr == NEXTHDR_HOP || nexthdr == NEXTHDR_ROUTING ||
	       nexthdr == NEXTHDR_FRAGMENT || nexthdr == NEXTHDR_AUTH ||
	       nexthdr == NEXTHDR_DEST;
}

/*
 * The fast path's IPv6 half: the same loads as for IPv4 (the head's length,
 * the next header, the UDP destination port).  An extension header goes to
 * the full filter, which skips them.
 */
static __always_inline bool l2ra_maybe_dhcp6(const struct sk_buff *skb)
{
	const struct ipv6hdr *ip6h;
	const struct udphdr *uh;

	if (unlikely(skb_headlen(skb) < sizeof(*ip6h) + sizeof(*uh)))
		return true;
	ip6h = (const struct ipv6hdr *)skb->data;
	if (ip6h->nexthdr != IPPROTO_UDP)
		return l2ra_ipv6_ext(ip6h->nexthdr);
	uh = (const struct udphdr *)(ip6h + 1);
	return uh->dest == htons(L2RA_PORT_DHCP6_SERVER) ||
	       uh->dest == htons(L2RA_PORT_DHCP6_CLIENT);
}

/*
 * The fast path, for every bridged frame: false only where l2ra_is_dhcp()
 * would say L2RA_NOT_DHCP, decided from the linear head in as few loads as
 * there can be (the protocol, the head's length, the IP header's first
 * octet and protocol, the UDP destination port) and without a copy.  What
 * it cannot decide there (a VLAN tag, IP options, a short head) goes to the
 * full filter.  Nothing is written, not even the stack: the hook that calls
 * it has no locals, so neither a stack canary nor the zeroing of
 * CONFIG_INIT_STACK_ALL_ZERO runs for a frame that is not DHCP.
 */
static __always_inline bool l2ra_maybe_dhcp(const struct sk_buff *skb)
{
	const struct iphdr *iph;
	const struct udphdr *uh;

	if (skb->protocol != htons(ETH_P_IP)) {
		/* IPv4 pays nothing for IPv6; the rest one compare. */
		if (skb->protocol == htons(ETH_P_IPV6))
			return l2ra_maybe_dhcp6(skb);
		return eth_type_vlan(skb->protocol);
	}
	if (unlikely(skb_headlen(skb) < sizeof(*iph) + sizeof(*uh)))
		return true;
	iph = (const struct iphdr *)skb->data;
	if (iph->protocol != IPPROTO_UDP)
		return false;
	if (unlikely(iph->ihl != 5 || iph->version != 4))
		return true;
	uh = (const struct udphdr *)(iph + 1);
	return uh->dest == htons(L2RA_PORT_BOOTPS) ||
	       uh->dest == htons(L2RA_PORT_BOOTPC);
}

static noinline unsigned int l2ra_hook_dhcp(struct l2ra_net *ln,
					    struct sk_buff *skb,
					    const struct nf_hook_state *state)
{
	const struct l2ra_bridge_cfg *bcfg;
	struct net_device *brdev, *port;
	enum l2ra_filter what;
	struct l2ra_pkt_ctx ctx;
	struct l2ra_bridge *br;
	unsigned int nhoff = 0;

	what = l2ra_is_dhcp(skb, &nhoff);
	if (likely(what == L2RA_NOT_DHCP))
		return NF_ACCEPT;
	/* Copies of a frame PRE_ROUTING let in: see struct l2ra_copy_rec. */
	if (state->hook == NF_BR_PRE_ROUTING)
		l2ra_copy_forget();
	else if (state->hook == NF_BR_FORWARD && what == L2RA_IS_DHCP &&
		 l2ra_copy_known(skb, state->in, false))
		return l2ra_relay4_copy(ln, state->out);
	else if (state->hook == NF_BR_FORWARD && what == L2RA_IS_DHCP6 &&
		 l2ra_copy_known(skb, state->in, true))
		return l2ra_relay6_copy(ln, skb, nhoff, state->out);

	/*
	 * The bridge port the frame is on: where it came in, or, for a frame
	 * the bridge device itself sends (LOCAL_OUT), where it goes out.  The
	 * port may have left the bridge while the frame was in flight.
	 */
	port = state->hook == NF_BR_LOCAL_OUT ? state->out : state->in;
	if (!port)
		return NF_ACCEPT;
	brdev = netdev_master_upper_dev_get_rcu(port);
	if (!brdev || !netif_is_bridge_master(brdev))
		return NF_ACCEPT;

	ctx.ln = ln;
	br = l2ra_bridge_find_rcu(ln, brdev->ifindex);
	if (!br)
		return NF_ACCEPT;
	bcfg = rcu_dereference(br->cfg);
	if (!bcfg || !bcfg->enabled)
		return NF_ACCEPT;
	/* relay6 off: DHCPv6 is left alone. */
	if (what == L2RA_IS_DHCP6 && bcfg->relay6_off)
		return NF_ACCEPT;

	ctx.brdev = brdev;
	ctx.bcfg = bcfg;
	ctx.in = state->in;
	ctx.out = state->out;
	ctx.nhoff = nhoff;

	switch (state->hook) {
	case NF_BR_PRE_ROUTING:
		if (what == L2RA_VLAN_TOO_DEEP)
			return l2ra_vlan_too_deep(&ctx, ctx.in);
		if (what == L2RA_IS_DHCP6)
			return l2ra_relay6_pre_routing(skb, &ctx);
		return l2ra_relay4_pre_routing(skb, &ctx);
	case NF_BR_FORWARD:
		if (!ctx.out)
			return NF_ACCEPT;
		if (what == L2RA_VLAN_TOO_DEEP)
			return l2ra_vlan_too_deep(&ctx, ctx.out);
		if (what == L2RA_IS_DHCP6)
			return l2ra_relay6_forward(skb, &ctx);
		return l2ra_relay4_forward(skb, &ctx);
	default:
		/* The bridge device is a trusted uplink of its own bridge. */
		ctx.in = brdev;
		if (what == L2RA_VLAN_TOO_DEEP)
			return l2ra_vlan_too_deep(&ctx, ctx.out);
		if (what == L2RA_IS_DHCP6)
			return l2ra_relay6_local_out(skb, &ctx);
		return l2ra_relay4_local_out(skb, &ctx);
	}
}

static unsigned int l2ra_hook(void *priv, struct sk_buff *skb,
			      const struct nf_hook_state *state)
{
	if (likely(!l2ra_maybe_dhcp(skb)))
		return NF_ACCEPT;
	return l2ra_hook_dhcp(priv, skb, state);
}

/* PRE_ROUTING, a frame from a port whose bit is in the guard mask. */
static noinline unsigned int l2ra_hook_guarded(struct l2ra_net *ln,
					       struct sk_buff *skb,
					       const struct nf_hook_state *state)
{
	if (l2ra_guard(ln, skb, state) != NF_ACCEPT)
		return NF_DROP;
	if (likely(!l2ra_maybe_dhcp(skb)))
		return NF_ACCEPT;
	return l2ra_hook_dhcp(ln, skb, state);
}

/*
 * PRE_ROUTING: a frame from a guarded port is checked first (guard.c);
 * for any other the mask costs a load and a test, still with no locals.
 */
static unsigned int l2ra_hook_pre_routing(void *priv, struct sk_buff *skb,
					  const struct nf_hook_state *state)
{
	struct l2ra_net *ln = priv;

	if (unlikely(READ_ONCE(ln->guard_mask) &
		     BIT(state->in->ifindex % BITS_PER_LONG)))
		return l2ra_hook_guarded(ln, skb, state);
	if (likely(!l2ra_maybe_dhcp(skb)))
		return NF_ACCEPT;
	return l2ra_hook_dhcp(ln, skb, state);
}

static const struct nf_hook_ops l2ra_nf_ops[] = {
	{
		.hook		= l2ra_hook_pre_routing,
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
	{
		.hook		= l2ra_hook,
		.pf		= NFPROTO_BRIDGE,
		.hooknum	= NF_BR_LOCAL_OUT,
		.priority	= NF_BR_PRI_FILTER_OTHER,
	},
};

/* Under ln->lock: registers @ln's copies of the hooks. */
int l2ra_hooks_register(struct l2ra_net *ln)
{
	struct nf_hook_ops *ops;
	int i, err;

	ops = kmemdup(l2ra_nf_ops, sizeof(l2ra_nf_ops), GFP_KERNEL);
	if (!ops)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(l2ra_nf_ops); i++)
		ops[i].priv = ln;
	err = nf_register_net_hooks(ln->net, ops, ARRAY_SIZE(l2ra_nf_ops));
	if (err) {
		kfree(ops);
		return err;
	}
	ln->hook_ops = ops;
	return 0;
}

/* Under ln->lock: unregisters them; no hook call is running on return. */
void l2ra_hooks_unregister(struct l2ra_net *ln)
{
	nf_unregister_net_hooks(ln->net, ln->hook_ops,
				ARRAY_SIZE(l2ra_nf_ops));
	/* A hook call that started before is done. */
	synchronize_net();
	kfree(ln->hook_ops);
	ln->hook_ops = NULL;
}
