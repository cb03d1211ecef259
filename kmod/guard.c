// SPDX-License-Identifier: GPL-2.0
/*
 * IP source guard and ARP inspection, as documented in
 * include/uapi/linux/l2ra.h: an untrusted port may send only from the
 * addresses the lease table binds to it.
 *
 * The check runs in l2ra's bridge PRE_ROUTING hook (hook.c), for frames
 * that enter the bridge through a guarded port (an untrusted port with
 * source-guard or arp-guard on): no ingress hook exists, so the kernel's
 * global ingress static key stays off and ports that are not guarded, in
 * this namespace or any other, pay nothing for it beyond one test.  The
 * namespace keeps a word, ln->guard_mask, with bit ifindex % BITS_PER_LONG
 * set for each guarded port; PRE_ROUTING tests the frame's port against it
 * before anything else and calls l2ra_guard() only on a hit, where the port
 * lookup confirms (a collision costs a lookup).  PRE_ROUTING runs before
 * the bridge learns the source address or looks at the VLAN, with the
 * outer VLAN tag in skb->vlan_tci as at the device's ingress; the VLAN is
 * classified as the relay classifies it when it learns a lease
 * (l2ra_vid_classify()), so that the lookup finds the lease's {addr, vid}.
 *
 * The mask follows the port entry under RTNL and ln->lock: l2ra_port_set()
 * calls l2ra_guard_sync() with every new configuration (PORT_SET, and the
 * netdevice notifier through the circuit-id checks) and l2ra_port_del()
 * with false, which covers PORT_DEL, a port leaving its bridge,
 * NETDEV_UNREGISTER, the namespace's exit and the module's unload.  The
 * bridge hooks exist while the namespace has a relay bridge or a guarded
 * port (l2ra_hooks_sync()).  l2ra_guard() reads the port's entry and
 * configuration under RCU, not the mask, so a frame racing with a change
 * sees either setting.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/udp.h>
#include <net/ip.h>

#include "l2ra.h"
#include "relay4.h"

static unsigned int l2ra_guard_drop(struct l2ra_net *ln, struct l2ra_port *p,
				    enum l2ra_stat why)
{
	l2ra_stats_inc(&ln->stats, why);
	l2ra_stats_inc(&p->stats, why);
	return NF_DROP;
}

/* An IPv4 packet: its source must be bound here (to its MAC with ip-mac). */
static unsigned int l2ra_guard_ip(struct sk_buff *skb, struct l2ra_net *ln,
				  struct l2ra_port *p,
				  const struct l2ra_port_cfg *cfg, u16 vid)
{
	const u8 *mac = NULL;
	const struct iphdr *iph;
	const struct udphdr *uh;
	struct udphdr _uh;
	struct iphdr _iph;

	iph = skb_header_pointer(skb, 0, sizeof(_iph), &_iph);
	if (!iph || iph->version != 4 || iph->ihl < 5)
		return l2ra_guard_drop(ln, p, L2RA_STAT_DROP_GUARD_IP);
	/* DHCP client messages pass: the subscriber must get its lease. */
	if (iph->protocol == IPPROTO_UDP &&
	    !(iph->frag_off & htons(IP_OFFSET))) {
		uh = skb_header_pointer(skb, iph->ihl * 4, sizeof(_uh), &_uh);
		if (uh && uh->dest == htons(L2RA_PORT_BOOTPS))
			return NF_ACCEPT;
	}
	if (cfg->source_guard == L2RA_SOURCE_GUARD_IP_MAC)
		mac = eth_hdr(skb)->h_source;
	switch (l2ra_lease_bound_rcu(ln, iph->saddr, vid, p->dev->ifindex,
				     mac)) {
	case L2RA_BOUND:
		return NF_ACCEPT;
	case L2RA_BOUND_OTHER_MAC:
		return l2ra_guard_drop(ln, p, L2RA_STAT_DROP_GUARD_IP_MAC);
	default:
		return l2ra_guard_drop(ln, p, L2RA_STAT_DROP_GUARD_IP);
	}
}

/* ARP for IPv4 over Ethernet: its sender address bound here to its sender. */
static unsigned int l2ra_guard_arp(struct sk_buff *skb, struct l2ra_net *ln,
				   struct l2ra_port *p, u16 vid)
{
	u8 _sender[ETH_ALEN + sizeof(__be32)];
	const struct arphdr *ah;
	struct arphdr _ah;
	const u8 *sender;
	__be32 spa;

	ah = skb_header_pointer(skb, 0, sizeof(_ah), &_ah);
	if (!ah || ah->ar_hrd != htons(ARPHRD_ETHER) ||
	    ah->ar_pro != htons(ETH_P_IP) || ah->ar_hln != ETH_ALEN ||
	    ah->ar_pln != sizeof(spa))
		return l2ra_guard_drop(ln, p, L2RA_STAT_DROP_GUARD_ARP);
	sender = skb_header_pointer(skb, sizeof(_ah), sizeof(_sender),
				    _sender);
	if (!sender)
		return l2ra_guard_drop(ln, p, L2RA_STAT_DROP_GUARD_ARP);
	memcpy(&spa, sender + ETH_ALEN, sizeof(spa));
	/* A probe (RFC 5227) claims no address. */
	if (!spa)
		return NF_ACCEPT;
	switch (l2ra_lease_bound_rcu(ln, spa, vid, p->dev->ifindex, sender)) {
	case L2RA_BOUND:
		return NF_ACCEPT;
	case L2RA_BOUND_OTHER_MAC:
		return l2ra_guard_drop(ln, p, L2RA_STAT_DROP_GUARD_ARP_MAC);
	default:
		return l2ra_guard_drop(ln, p, L2RA_STAT_DROP_GUARD_ARP);
	}
}

/*
 * A tag left in the frame after the device took the outer one: the IPv4 or
 * ARP inside it cannot be checked against a binding, which names one VLAN,
 * so on a guarded port it does not pass (fail closed, as the relay does
 * with a stack it cannot see through).
 */
static unsigned int l2ra_guard_vlan(struct l2ra_net *ln,
				    const struct nf_hook_state *state)
{
	const struct l2ra_port_cfg *cfg;
	struct l2ra_port *p;

	p = l2ra_port_find_rcu(ln, state->in->ifindex);
	if (!p)
		return NF_ACCEPT;
	cfg = rcu_dereference(p->cfg);
	if (!l2ra_guard_wanted(cfg))
		return NF_ACCEPT;
	return l2ra_guard_drop(ln, p, L2RA_STAT_DROP_VLAN_DEPTH);
}

/**
 * l2ra_guard - check a frame entering the bridge through a guarded port
 * @ln: the namespace
 * @skb: the frame, at bridge PRE_ROUTING
 * @state: its hook state (state->in: the port)
 *
 * Called by the PRE_ROUTING hook for a port whose bit is set in
 * ln->guard_mask, under rcu_read_lock().
 *
 * Return: NF_DROP, or NF_ACCEPT to let the relay see the frame.
 */
noinline unsigned int l2ra_guard(struct l2ra_net *ln, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	const struct l2ra_port_cfg *cfg;
	struct net_device *dev = state->in;
	struct net_device *brdev;
	struct l2ra_port *p;
	bool ip;
	u16 vid;

	if (skb->protocol == htons(ETH_P_IP))
		ip = true;
	else if (skb->protocol == htons(ETH_P_ARP))
		ip = false;
	else if (unlikely(eth_type_vlan(skb->protocol)))
		return l2ra_guard_vlan(ln, state);
	else
		return NF_ACCEPT;

	p = l2ra_port_find_rcu(ln, dev->ifindex);
	if (!p)
		return NF_ACCEPT;
	cfg = rcu_dereference(p->cfg);
	if (cfg->role != L2RA_ROLE_UNTRUSTED ||
	    !(ip ? cfg->source_guard : cfg->arp_guard))
		return NF_ACCEPT;
	/* NULL only while the port is leaving its bridge. */
	brdev = netdev_master_upper_dev_get_rcu(dev);
	if (!brdev || !netif_is_bridge_master(brdev))
		return NF_ACCEPT;
	vid = l2ra_vid_classify(skb, brdev, dev, 0);
	if (ip)
		return l2ra_guard_ip(skb, ln, p, cfg, vid);
	return l2ra_guard_arp(skb, ln, p, vid);
}

/* Does a port configured @cfg need the guard? */
bool l2ra_guard_wanted(const struct l2ra_port_cfg *cfg)
{
	return cfg->role == L2RA_ROLE_UNTRUSTED &&
	       (cfg->source_guard != L2RA_SOURCE_GUARD_OFF || cfg->arp_guard);
}

/**
 * l2ra_guard_sync - guard a port or stop guarding it
 * @ln: the namespace
 * @port: the port's entry (published or about to be)
 * @want: whether the port is to be guarded (l2ra_guard_wanted())
 *
 * Rebuilds ln->guard_mask and keeps the bridge hooks while a port is
 * guarded.  Under RTNL and ln->lock; may sleep.
 *
 * Return: 0, or an error registering the hooks (nothing changed then).
 */
int l2ra_guard_sync(struct l2ra_net *ln, struct l2ra_port *port, bool want)
{
	unsigned long mask = 0;
	unsigned int n = 0;
	struct l2ra_port *p;
	int bkt, err;

	lockdep_assert_held(&ln->lock);
	if (want == port->guarded)
		return 0;
	if (want) {
		/* The hooks come before the mask that sends frames to us. */
		err = l2ra_hooks_sync(ln, true);
		if (err)
			return err;
	}
	port->guarded = want;
	/* A new entry is not in the table yet. */
	if (want) {
		mask |= BIT(port->dev->ifindex % BITS_PER_LONG);
		n++;
	}
	hash_for_each(ln->ports, bkt, p, node) {
		if (p == port || !p->guarded)
			continue;
		mask |= BIT(p->dev->ifindex % BITS_PER_LONG);
		n++;
	}
	WRITE_ONCE(ln->guard_mask, mask);
	ln->guard_ports = n;
	if (!want)
		l2ra_hooks_sync(ln, ln->relay_on || n);
	return 0;
}
