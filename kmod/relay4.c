// SPDX-License-Identifier: GPL-2.0
/*
 * DHCPv4 relay on the bridge's packet path.
 *
 * PRE_ROUTING decides the fate of a DHCP packet as it enters the bridge and
 * counts its one outcome: client messages from subscriber (untrusted) ports
 * get our option 82, replies are checked, classified and, when they carry
 * ours, stripped once, before the bridge copies them.  FORWARD then acts on
 * each copy the bridge makes: client messages go to trusted ports only,
 * replies that carried our option 82 go to the port its circuit-id named,
 * and replies without one go to the port the transaction came from when
 * the transaction table knows it.
 *
 * Everything here runs in softirq under rcu_read_lock(): nothing sleeps and
 * no packet content leads to a WARN.
 */
#include <linux/etherdevice.h>
#include <linux/if_bridge.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/minmax.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <linux/timekeeping.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>

#include "dhcp_opt.h"
#include "l2ra.h"
#include "relay4.h"

/* RFC 2132 9.10: a smaller option 57 is not a legal value. */
#define L2RA_MIN_MAX_MSG_SIZE	576
#define L2RA_IPV4_MAX_LEN	0xffff

/* What a port without an entry does (see the uapi header). */
static const struct l2ra_port_cfg l2ra_port_defaults = {
	.role		= L2RA_ROLE_UNTRUSTED,
	.opt82_policy	= L2RA_OPT82_DROP,
	.unicast	= true,
	.chaddr_check	= true,
	.lease_max	= L2RA_PORT_LEASE_MAX_DEFAULT,
	.xid_max	= L2RA_PORT_XID_MAX_DEFAULT,
	.rate		= L2RA_RATE_DEFAULT,
	.burst		= L2RA_BURST_DEFAULT,
};

/* The IPv4/UDP datagram holding one DHCP message, linear in the skb. */
struct l2ra_dgram {
	struct iphdr *iph;
	struct udphdr *uh;
	u8 *msg;
	unsigned int ihl;		/* IP header length, octets */
	unsigned int ulen;		/* UDP length, header included */
	size_t len;			/* DHCP message length */
	bool unparsed;			/* framing fine, not parsable as DHCP */
	struct dhcp_info info;
};

/*
 * The last reply PRE_ROUTING steered on this CPU: its transaction and the
 * port it is for.  The bridge hands a frame to FORWARD, copy by copy,
 * inside the call that PRE_ROUTING's verdict continues, on the same CPU
 * with bottom halves off: FORWARD meets the copies of that reply before
 * this CPU takes another frame, and knows them by xid and chaddr, which the
 * strip leaves alone.  Whatever else reaches FORWARD (a copy queued and
 * reinjected later, elsewhere) misses the record and is judged from its
 * content, as before the strip moved to PRE_ROUTING.
 */
struct l2ra_steer {
	const struct net_device *brdev;	/* NULL: no record */
	int target;			/* ifindex of the port */
	u32 xid;
	u8 chaddr[ETH_ALEN];
};

static DEFINE_PER_CPU(struct l2ra_steer, l2ra_steer);

static void l2ra_steer_set(const struct l2ra_pkt_ctx *ctx,
			   const struct l2ra_dgram *d,
			   const struct net_device *target)
{
	struct l2ra_steer *st = this_cpu_ptr(&l2ra_steer);

	st->brdev = ctx->brdev;
	st->target = target->ifindex;
	st->xid = d->info.xid;
	memcpy(st->chaddr, d->msg + DHCP_OFF_CHADDR, ETH_ALEN);
}

static void l2ra_steer_clear(void)
{
	this_cpu_write(l2ra_steer.brdev, NULL);
}

DEFINE_PER_CPU(struct l2ra_copy_rec, l2ra_copy_rec);

enum l2ra_reply_kind {
	L2RA_REPLY_NONE,		/* no option 82 */
	L2RA_REPLY_OURS,
	L2RA_REPLY_FOREIGN,
	L2RA_REPLY_BAD,			/* an option 82 with bad framing */
};

/* The port's configuration: its entry's, or the defaults; *@entry or NULL. */
const struct l2ra_port_cfg *
l2ra_port_cfg_rcu(struct l2ra_net *ln, const struct net_device *dev,
		  struct l2ra_port **entry)
{
	const struct l2ra_port_cfg *cfg = NULL;
	struct l2ra_port *p;

	p = l2ra_port_find_rcu(ln, dev->ifindex);
	if (p)
		cfg = rcu_dereference(p->cfg);
	*entry = p;
	return cfg ?: &l2ra_port_defaults;
}

/* Count @id in the namespace and, if @p is a port entry, on the port. */
void l2ra_count(struct l2ra_net *ln, struct l2ra_port *p, enum l2ra_stat id)
{
	l2ra_stats_inc(&ln->stats, id);
	if (p)
		l2ra_stats_inc(&p->stats, id);
}

static unsigned int l2ra_drop(struct l2ra_net *ln, struct l2ra_port *p,
			      enum l2ra_stat id)
{
	l2ra_count(ln, p, id);
	return NF_DROP;
}

/* Point @d at the datagram again after the skb head may have moved. */
static void l2ra_dgram_map(struct sk_buff *skb, unsigned int nhoff,
			   struct l2ra_dgram *d)
{
	d->iph = (struct iphdr *)(skb->data + nhoff);
	d->uh = (struct udphdr *)((u8 *)d->iph + d->ihl);
	d->msg = (u8 *)(d->uh + 1);
}

/*
 * Check the IP and UDP framing, make the whole datagram linear and parse the
 * DHCP message.  Returns L2RA_STAT_UNSPEC on success, else the drop counter.
 * The fast-path filter has seen an IPv4 header of at least 20 octets and a
 * UDP header at @nhoff, and no fragment offset.
 */
static enum l2ra_stat l2ra_dgram_load(struct sk_buff *skb, unsigned int nhoff,
				      struct l2ra_dgram *d)
{
	const struct iphdr *iph;
	unsigned int tot;

	d->unparsed = false;
	if (skb_is_gso(skb))
		return L2RA_STAT_DROP_MALFORMED;
	if (!pskb_may_pull(skb, nhoff + sizeof(struct iphdr)))
		return L2RA_STAT_DROP_NOMEM;
	iph = (const struct iphdr *)(skb->data + nhoff);
	if (iph->frag_off & htons(IP_MF))
		return L2RA_STAT_DROP_FRAGMENT;
	d->ihl = iph->ihl * 4;
	tot = ntohs(iph->tot_len);
	if (tot < d->ihl + sizeof(struct udphdr) || tot > skb->len - nhoff)
		return L2RA_STAT_DROP_MALFORMED;
	if (!pskb_may_pull(skb, nhoff + tot))
		return L2RA_STAT_DROP_NOMEM;
	l2ra_dgram_map(skb, nhoff, d);
	if (ip_fast_csum(d->iph, d->iph->ihl))
		return L2RA_STAT_DROP_MALFORMED;
	d->ulen = ntohs(d->uh->len);
	if (d->ulen < sizeof(struct udphdr) || d->ulen > tot - d->ihl)
		return L2RA_STAT_DROP_MALFORMED;
	d->len = d->ulen - sizeof(struct udphdr);
	if (dhcp_parse(d->msg, d->len, &d->info) != DHCP_OK) {
		d->unparsed = true;
		return L2RA_STAT_DROP_MALFORMED;
	}
	return L2RA_STAT_UNSPEC;
}

/*
 * A packet about to be edited must not carry a bad UDP checksum: the
 * recomputed one would launder it.  Partial and verified checksums need no
 * look, and 0 means the sender computed none.
 */
static bool l2ra_udp_csum_ok(const struct sk_buff *skb,
			     const struct l2ra_dgram *d)
{
	if (!d->uh->check || skb->ip_summed == CHECKSUM_PARTIAL ||
	    skb->ip_summed == CHECKSUM_UNNECESSARY)
		return true;
	return !csum_tcpudp_magic(d->iph->saddr, d->iph->daddr, d->ulen,
				  IPPROTO_UDP, csum_partial(d->uh, d->ulen, 0));
}

/* Make the datagram writable for an edit (l2ra_skb_prepare()). */
static int l2ra_edit_begin(struct sk_buff *skb, unsigned int nhoff,
			   struct l2ra_dgram *d)
{
	if (l2ra_skb_prepare(skb, nhoff + d->ihl + d->ulen))
		return -ENOMEM;
	l2ra_dgram_map(skb, nhoff, d);
	return 0;
}

/*
 * The DHCP message now ends at skb->len: fix the IP and UDP lengths and both
 * checksums for however the skb carries its UDP checksum.
 */
static void l2ra_edit_end(struct sk_buff *skb, unsigned int nhoff,
			  struct l2ra_dgram *d)
{
	struct iphdr *iph;
	struct udphdr *uh;
	__wsum csum;

	l2ra_dgram_map(skb, nhoff, d);
	iph = d->iph;
	uh = d->uh;
	d->ulen = skb->len - nhoff - d->ihl;
	d->len = d->ulen - sizeof(struct udphdr);

	iph->tot_len = htons(d->ihl + d->ulen);
	iph->check = 0;
	iph->check = ip_fast_csum(iph, iph->ihl);
	uh->len = htons(d->ulen);

	if (skb->ip_summed != CHECKSUM_PARTIAL) {
		/* skb->csum of CHECKSUM_COMPLETE describes the old bytes. */
		if (skb->ip_summed == CHECKSUM_COMPLETE)
			skb->ip_summed = CHECKSUM_NONE;
		if (!uh->check)
			return;		/* the sender computed none */
		if (!l2ra_csum_defer(skb, nhoff + d->ihl))
			goto software;
	}
	/* The device sums from csum_start: seed the new pseudo-header. */
	uh->check = ~csum_tcpudp_magic(iph->saddr, iph->daddr, d->ulen,
				       IPPROTO_UDP, 0);
	return;

software:
	uh->check = 0;
	csum = csum_partial(uh, d->ulen, 0);
	uh->check = csum_tcpudp_magic(iph->saddr, iph->daddr, d->ulen,
				      IPPROTO_UDP, csum);
	if (!uh->check)
		uh->check = CSUM_MANGLED_0;
}

/**
 * l2ra_vid_classify - the VLAN a frame entering a bridge is classified into
 * @skb: the frame, at its network header or (@nhoff) at an in-frame tag
 * @brdev: the bridge
 * @in: the port it entered on
 * @nhoff: not 0 if the outer tag is in the frame at skb->data
 *
 * Under rcu_read_lock().  Leases are learned in this VLAN, and the source
 * guard (guard.c) looks them up in it.  On a VLAN-filtering bridge only a
 * tag of the bridge's protocol (vlan_protocol: 802.1Q, or 802.1ad)
 * classifies: the bridge takes a frame whose outer tag is of the other
 * protocol as untagged, and gives it the port's PVID.
 *
 * Return: the VID, or 0.
 */
u16 l2ra_vid_classify(const struct sk_buff *skb,
		      const struct net_device *brdev,
		      const struct net_device *in, unsigned int nhoff)
{
	bool filtering = br_vlan_enabled(brdev);
	u16 vid = 0, proto = ETH_P_8021Q;

	if (filtering && br_vlan_get_proto(brdev, &proto))
		proto = ETH_P_8021Q;
	if (skb_vlan_tag_present(skb)) {
		if (!filtering || skb->vlan_proto == htons(proto))
			vid = skb_vlan_tag_get_id(skb);
	} else if (nhoff && (!filtering || skb->protocol == htons(proto))) {
		const struct vlan_hdr *vh = (const struct vlan_hdr *)skb->data;

		vid = ntohs(vh->h_vlan_TCI) & VLAN_VID_MASK;
	}
	/* Untagged and priority-tagged frames get the port's PVID. */
	if (!vid && filtering && br_vlan_get_pvid_rcu(in, &vid))
		vid = 0;
	return vid;
}

/* The VLAN of a DHCP frame the hook handles (relay4.c, relay6.c). */
u16 l2ra_ingress_vid(const struct sk_buff *skb, const struct l2ra_pkt_ctx *ctx)
{
	return l2ra_vid_classify(skb, ctx->brdev, ctx->in, ctx->nhoff);
}

/* DHCP message types (RFC 2132 9.6) the lease table learns from. */
#define L2RA_DHCPDECLINE	4
#define L2RA_DHCPACK		5
#define L2RA_DHCPNAK		6
#define L2RA_DHCPRELEASE	7

/* Does the message carry an Ethernet chaddr (the lease's key)? */
static bool l2ra_ether_chaddr(const struct l2ra_dgram *d)
{
	return d->msg[DHCP_OFF_HTYPE] == ARPHRD_ETHER &&
	       d->msg[DHCP_OFF_HLEN] == ETH_ALEN;
}

static __be32 l2ra_get_be32(const u8 *p)
{
	__be32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* RFC 2131 3.3: a lease time of all ones is infinite, as BOOTP's are. */
#define L2RA_LEASE_INFINITE	0xffffffffU

/*
 * A reply about to be delivered to subscriber port @target (entry @tp or
 * NULL): a DHCPACK granting an address makes or renews the client's lease, a
 * DHCPNAK removes it; neither touches a static binding (lease_static).  A
 * plain BOOTP reply (no option 53) granting yiaddr
 * does too, if it answers a request relayed from @target: BOOTP has no
 * other way to tell a grant from anything else.  The VLAN is the one the
 * reply is classified into, which is the client's: replies come back in the
 * VLAN of the request.
 */
static void l2ra_lease_learn(struct sk_buff *skb,
			     const struct l2ra_pkt_ctx *ctx,
			     const struct l2ra_dgram *d,
			     struct net_device *target, struct l2ra_port *tp)
{
	const u8 *chaddr = d->msg + DHCP_OFF_CHADDR;
	struct l2ra_net *ln = ctx->ln;
	struct l2ra_lease_info li;
	u32 lease_time = 0;
	bool renewed;
	int err;

	if (!l2ra_ether_chaddr(d))
		return;
	if (d->info.lease_time_off)
		lease_time = be32_to_cpu(l2ra_get_be32(d->msg +
						       d->info.lease_time_off));
	switch (d->info.msg_type) {
	case L2RA_DHCPACK:
		/* An ACK to a DHCPINFORM grants nothing. */
		break;
	case 0:
		if (l2ra_xid_lookup(ln->xids, d->info.xid, chaddr) !=
		    target->ifindex)
			return;
		if (!d->info.lease_time_off)
			lease_time = L2RA_LEASE_INFINITE;
		break;
	case L2RA_DHCPNAK:
		err = l2ra_lease_remove(ln, chaddr, l2ra_ingress_vid(skb, ctx),
					target->ifindex, L2RA_LEASE_EV_NAK);
		if (!err)
			l2ra_count(ln, tp, L2RA_STAT_LEASE_NAK);
		else if (err == -EPERM)
			l2ra_count(ln, tp, L2RA_STAT_LEASE_STATIC);
		return;
	default:
		return;
	}

	memset(&li, 0, sizeof(li));
	li.addr = l2ra_get_be32(d->msg + DHCP_OFF_YIADDR);
	if (!li.addr || !lease_time)
		return;
	li.lease_time = lease_time;
	if (d->info.server_id_off)
		li.server_id = l2ra_get_be32(d->msg + d->info.server_id_off);
	li.mac = chaddr;
	li.vid = l2ra_ingress_vid(skb, ctx);
	li.ifindex = target->ifindex;
	li.expires = li.lease_time;
	li.cltt = ktime_get_real_seconds();
	err = l2ra_lease_upsert(ln, &li, L2RA_LEASE_EV_NEW, &renewed);
	if (err == -EPERM)
		l2ra_count(ln, tp, L2RA_STAT_LEASE_STATIC);
	else if (err)
		l2ra_count(ln, tp, L2RA_STAT_LEASE_FULL);
	else
		l2ra_count(ln, tp, renewed ? L2RA_STAT_LEASE_RENEW :
					     L2RA_STAT_LEASE_NEW);
}

/*
 * Remove every option 82 from the message, where the parse of
 * l2ra_dgram_load() found them; L2RA_STAT_UNSPEC or a drop.
 */
static enum l2ra_stat l2ra_strip_rai(struct sk_buff *skb, unsigned int nhoff,
				     struct l2ra_dgram *d)
{
	size_t len;

	if (l2ra_edit_begin(skb, nhoff, d))
		return L2RA_STAT_DROP_NOMEM;
	if (dhcp_strip_rai_info(d->msg, d->len, &d->info, &len) != DHCP_OK)
		return L2RA_STAT_DROP_MALFORMED;
	skb_trim(skb, skb->len - (d->len - len));
	l2ra_edit_end(skb, nhoff, d);
	return L2RA_STAT_UNSPEC;
}

/*
 * Add our option 82 to a client message, after removing the client's with
 * @replace.  Returns the outcome counter: REQ_ADDED or REQ_REPLACED when the
 * packet was changed, REQ_TOO_BIG when it was left alone, REQ_STRIPPED when
 * ours does not fit and the client's was removed (@replace: the client's is
 * never forwarded), or a drop.
 */
static enum l2ra_stat l2ra_add_rai(struct sk_buff *skb,
				   const struct l2ra_pkt_ctx *ctx,
				   struct l2ra_port *inp,
				   const struct l2ra_port_cfg *pcfg,
				   struct l2ra_dgram *d, bool replace)
{
	size_t removed = 0, growth, new_len, len, opt_len;
	unsigned int i, limit, tail;
	/* Written only when the port's cached option cannot serve. */
	u8 buf[2 + DHCP_RAI_MAX] __uninitialized;
	enum l2ra_stat stat;
	const u8 *opt;

	opt = l2ra_rai_opt(ctx, inp, pcfg, l2ra_ingress_vid(skb, ctx), buf,
			   &opt_len);
	if (!opt)
		goto too_big;

	/*
	 * The size after the edit, decided before touching the packet.  Only
	 * options 82 of the options field shrink the message, and only the
	 * first few are known: with more, this overestimates.
	 */
	if (replace) {
		for (i = 0; i < min_t(unsigned int, d->info.rai_count,
				      DHCP_RAI_LOC_MAX); i++)
			if (d->info.rai[i].off >= DHCP_OFF_OPTIONS)
				removed += 2 + d->info.rai[i].len;
	}
	growth = dhcp_insert_growth(&d->info, opt_len);
	new_len = d->len - removed + growth;
	limit = min(ctx->in->mtu, ctx->brdev->mtu);
	if (d->info.max_msg_size >= L2RA_MIN_MAX_MSG_SIZE)
		limit = min_t(unsigned int, limit, d->info.max_msg_size);
	limit = min_t(unsigned int, limit, L2RA_IPV4_MAX_LEN);
	if (new_len > DHCP_MAX_LEN ||
	    d->ihl + sizeof(struct udphdr) + new_len > limit)
		goto too_big;

	if (!l2ra_udp_csum_ok(skb, d))
		return L2RA_STAT_DROP_MALFORMED;
	if (l2ra_edit_begin(skb, ctx->nhoff, d))
		return L2RA_STAT_DROP_NOMEM;

	len = d->len;
	if (replace) {
		if (dhcp_strip_rai_info(d->msg, d->len, &d->info, &len) !=
		    DHCP_OK)
			return L2RA_STAT_DROP_MALFORMED;
		skb_trim(skb, skb->len - (d->len - len));
		if (dhcp_parse(d->msg, len, &d->info) != DHCP_OK)
			return L2RA_STAT_DROP_MALFORMED;
	}

	growth = dhcp_insert_growth(&d->info, opt_len);
	tail = skb_tailroom(skb);
	if (growth > tail &&
	    pskb_expand_head(skb, 0, growth - tail, GFP_ATOMIC))
		return L2RA_STAT_DROP_NOMEM;
	__skb_put(skb, growth);
	l2ra_dgram_map(skb, ctx->nhoff, d);
	if (dhcp_insert_opt(d->msg, len, len + growth, &d->info, opt, opt_len,
			    &new_len) != DHCP_OK)
		return L2RA_STAT_DROP_MALFORMED;
	l2ra_edit_end(skb, ctx->nhoff, d);
	return replace ? L2RA_STAT_REQ_REPLACED : L2RA_STAT_REQ_ADDED;

too_big:
	if (!replace)
		return L2RA_STAT_REQ_TOO_BIG;
	/* Ours does not fit: still never forward the client's. */
	if (!l2ra_udp_csum_ok(skb, d))
		return L2RA_STAT_DROP_MALFORMED;
	stat = l2ra_strip_rai(skb, ctx->nhoff, d);
	return stat ?: L2RA_STAT_REQ_STRIPPED;
}

static enum l2ra_reply_kind l2ra_reply_classify(const struct l2ra_pkt_ctx *ctx,
						const struct l2ra_dgram *d,
						struct dhcp_rai *rai);

/*
 * Policy keep: the client's option 82 goes to the server, which echoes it.
 * The reply must not pass for one that carries ours (steered to, and
 * learned on, the port its circuit-id names), so an option 82 that would
 * is not forwarded; nor are more of them than the reply's check looks at,
 * or one whose sub-options cannot be read.
 */
static enum l2ra_stat l2ra_keep_rai(const struct l2ra_pkt_ctx *ctx,
				    const struct l2ra_dgram *d)
{
	struct dhcp_rai rai;

	if (d->info.rai_count > DHCP_RAI_LOC_MAX)
		return L2RA_STAT_DROP_OPT82_OURS;
	switch (l2ra_reply_classify(ctx, d, &rai)) {
	case L2RA_REPLY_OURS:
		return L2RA_STAT_DROP_OPT82_OURS;
	case L2RA_REPLY_BAD:
		return L2RA_STAT_DROP_MALFORMED;
	default:
		return L2RA_STAT_REQ_KEPT;
	}
}

/* A RELEASE (@release) or DECLINE of @addr from port @ifindex (entry @p). */
static void l2ra_give_back(struct l2ra_net *ln, struct l2ra_port *p,
			   const u8 *chaddr, u16 vid, int ifindex, __be32 addr,
			   bool release)
{
	int err;

	err = l2ra_lease_give_back(ln, chaddr, vid, ifindex, addr,
				   release ? L2RA_LEASE_EV_RELEASE :
					     L2RA_LEASE_EV_DECLINE);
	if (!err)
		l2ra_count(ln, p, release ? L2RA_STAT_LEASE_RELEASE :
					    L2RA_STAT_LEASE_DECLINE);
	else if (err == -EADDRNOTAVAIL)
		l2ra_count(ln, p, L2RA_STAT_LEASE_ADDR_MISMATCH);
	else if (err == -EPERM)
		l2ra_count(ln, p, L2RA_STAT_LEASE_STATIC);
}

/* A client message entering on an untrusted port. */
static unsigned int l2ra_request_in(struct sk_buff *skb,
				    const struct l2ra_pkt_ctx *ctx,
				    struct l2ra_port *inp,
				    const struct l2ra_port_cfg *pcfg,
				    struct l2ra_quota *q, struct l2ra_dgram *d)
{
	const struct ethhdr *eth = eth_hdr(skb);
	struct l2ra_net *ln = ctx->ln;
	u8 chaddr[ETH_ALEN];
	enum l2ra_stat stat;
	__be32 addr = 0;
	u8 msg_type;
	u16 vid = 0;
	u32 xid;

	/* Its circuit-id is another port's (l2ra_port_cid_check()). */
	if (pcfg->cid_disabled)
		return l2ra_drop(ln, inp, L2RA_STAT_DROP_CID_CONFLICT);
	if (!d->info.giaddr_zero)
		return l2ra_drop(ln, inp, L2RA_STAT_DROP_GIADDR);
	if (pcfg->chaddr_check && d->msg[DHCP_OFF_HTYPE] == ARPHRD_ETHER &&
	    d->msg[DHCP_OFF_HLEN] == ETH_ALEN &&
	    !ether_addr_equal_unaligned(d->msg + DHCP_OFF_CHADDR,
					eth->h_source))
		return l2ra_drop(ln, inp, L2RA_STAT_DROP_CHADDR);

	/* The edit moves the message: keep what the tables need. */
	xid = d->info.xid;
	memcpy(chaddr, d->msg + DHCP_OFF_CHADDR, ETH_ALEN);
	msg_type = l2ra_ether_chaddr(d) ? d->info.msg_type : 0;
	if (msg_type == L2RA_DHCPRELEASE || msg_type == L2RA_DHCPDECLINE)
		vid = l2ra_ingress_vid(skb, ctx);
	/* The address given back: ciaddr, or option 50 of a DECLINE. */
	if (msg_type == L2RA_DHCPRELEASE)
		addr = l2ra_get_be32(d->msg + DHCP_OFF_CIADDR);
	else if (msg_type == L2RA_DHCPDECLINE && d->info.req_ip_off)
		addr = l2ra_get_be32(d->msg + d->info.req_ip_off);

	/* A client's option 82 meets the policy whatever the destination. */
	if (d->info.rai_count) {
		switch (pcfg->opt82_policy) {
		case L2RA_OPT82_KEEP:
			stat = l2ra_keep_rai(ctx, d);
			break;
		case L2RA_OPT82_REPLACE:
			stat = l2ra_add_rai(skb, ctx, inp, pcfg, d, true);
			break;
		default:
			stat = L2RA_STAT_DROP_SPOOFED_OPT82;
			break;
		}
	} else if (is_unicast_ether_addr(eth->h_dest) && !pcfg->unicast) {
		stat = L2RA_STAT_REQ_UNICAST;
	} else {
		stat = l2ra_add_rai(skb, ctx, inp, pcfg, d, false);
	}

	switch (stat) {
	case L2RA_STAT_REQ_ADDED:
	case L2RA_STAT_REQ_REPLACED:
	case L2RA_STAT_REQ_KEPT:
	case L2RA_STAT_REQ_UNICAST:
	case L2RA_STAT_REQ_TOO_BIG:
	case L2RA_STAT_REQ_STRIPPED:
		break;
	default:
		return l2ra_drop(ln, inp, stat);
	}

	/* Replies the server does not tag find their way back by xid. */
	switch (l2ra_xid_insert(ln, xid, chaddr, ctx->in->ifindex, q,
				pcfg->xid_max)) {
	case L2RA_XID_EVICTED:
		l2ra_count(ln, inp, L2RA_STAT_XID_FULL);
		break;
	case L2RA_XID_REFUSED:
		l2ra_count(ln, inp, L2RA_STAT_XID_PORT_FULL);
		break;
	default:
		break;
	}
	l2ra_count(ln, inp, stat);

	/*
	 * The client gives its address back: only its own port can, and
	 * only the address of its lease (a RELEASE of an older one, or a
	 * DECLINE of an address it was only offered, leaves the lease).
	 */
	if (msg_type == L2RA_DHCPRELEASE || msg_type == L2RA_DHCPDECLINE)
		l2ra_give_back(ln, inp, chaddr, vid, ctx->in->ifindex, addr,
			       msg_type == L2RA_DHCPRELEASE);
	l2ra_copy_set(skb, ctx->in, 0, false);
	return NF_ACCEPT;
}

/*
 * The port of this bridge whose circuit-id is @cid, or NULL: one lookup in
 * the namespace's circuit-id map (cidmap.c), whatever the number of ports.
 */
static struct net_device *l2ra_cid_port(const struct l2ra_pkt_ctx *ctx,
					const u8 *cid, size_t cid_len,
					struct l2ra_port **entry,
					const struct l2ra_port_cfg **cfgp)
{
	const struct l2ra_port_cfg *cfg;
	struct net_device *dev;

	dev = l2ra_cidmap_lookup_rcu(ctx->ln, ctx->brdev, cid, cid_len);
	if (!dev)
		return NULL;
	cfg = l2ra_port_cfg_rcu(ctx->ln, dev, entry);
	if (cfgp)
		*cfgp = cfg;
	return dev;
}

/*
 * Does the reply carry our option 82?  Ours has our relay-id; one without
 * a relay-id is ours if its remote-id is the bridge's, or that of the port
 * its circuit-id names.  On L2RA_REPLY_OURS, @rai holds its sub-options.
 */
static enum l2ra_reply_kind l2ra_reply_classify(const struct l2ra_pkt_ctx *ctx,
						const struct l2ra_dgram *d,
						struct dhcp_rai *rai)
{
	/* Compared only as far as l2ra_relay_id()/l2ra_remote_id() wrote. */
	u8 relay[L2RA_RELAY_ID_MAX] __uninitialized;
	u8 rid[L2RA_REMOTE_ID_MAX] __uninitialized;
	const struct l2ra_port_cfg *pcfg;
	size_t relay_len, rid_len;
	struct l2ra_port *p;
	unsigned int i, n;

	if (!d->info.rai_count)
		return L2RA_REPLY_NONE;

	relay_len = l2ra_relay_id(ctx->brdev, ctx->bcfg, relay, sizeof(relay));
	n = min_t(unsigned int, d->info.rai_count, DHCP_RAI_LOC_MAX);
	for (i = 0; i < n; i++) {
		const struct dhcp_rai_loc *loc = &d->info.rai[i];

		if (dhcp_rai_parse(d->msg + loc->off + 2, loc->len, rai) !=
		    DHCP_OK)
			return L2RA_REPLY_BAD;
		if (rai->relay_id) {
			if (rai->relay_id_len == relay_len &&
			    !memcmp(rai->relay_id, relay, relay_len))
				return L2RA_REPLY_OURS;
			continue;
		}
		if (!rai->remote_id)
			continue;
		rid_len = l2ra_remote_id(ctx->brdev, ctx->bcfg,
					 &l2ra_port_defaults, rid, sizeof(rid));
		if (rai->remote_id_len == rid_len &&
		    !memcmp(rai->remote_id, rid, rid_len))
			return L2RA_REPLY_OURS;
		/* A port may have a remote-id of its own. */
		if (!l2ra_cid_port(ctx, rai->circuit_id, rai->circuit_id_len,
				   &p, &pcfg))
			continue;
		rid_len = l2ra_remote_id(ctx->brdev, ctx->bcfg, pcfg, rid,
					 sizeof(rid));
		if (rai->remote_id_len == rid_len &&
		    !memcmp(rai->remote_id, rid, rid_len))
			return L2RA_REPLY_OURS;
	}
	return L2RA_REPLY_FOREIGN;
}

/* The bridge port the transaction of this reply came from, or NULL. */
static struct net_device *l2ra_xid_port(const struct l2ra_pkt_ctx *ctx,
					const struct l2ra_dgram *d)
{
	struct net_device *dev;
	int ifindex;

	ifindex = l2ra_xid_lookup(ctx->ln->xids, d->info.xid,
				  d->msg + DHCP_OFF_CHADDR);
	if (!ifindex)
		return NULL;
	dev = dev_get_by_index_rcu(dev_net(ctx->brdev), ifindex);
	if (!dev || netdev_master_upper_dev_get_rcu(dev) != ctx->brdev)
		return NULL;
	return dev;
}

/*
 * A reply entering on a trusted port: classify, count, learn, and strip
 * ours; FORWARD sends the copies to the port it is for.
 */
static unsigned int l2ra_reply_in(struct sk_buff *skb,
				  const struct l2ra_pkt_ctx *ctx,
				  struct l2ra_port *inp, struct l2ra_dgram *d)
{
	struct l2ra_net *ln = ctx->ln;
	struct net_device *target;
	enum l2ra_stat stat;
	struct l2ra_port *tp;
	struct dhcp_rai rai;

	l2ra_steer_clear();
	switch (l2ra_reply_classify(ctx, d, &rai)) {
	case L2RA_REPLY_OURS:
		target = l2ra_cid_port(ctx, rai.circuit_id, rai.circuit_id_len,
				       &tp, NULL);
		if (!target)
			return l2ra_drop(ln, inp, L2RA_STAT_DROP_NO_PORT);
		if (!l2ra_udp_csum_ok(skb, d))
			return l2ra_drop(ln, inp, L2RA_STAT_DROP_MALFORMED);
		/* Before the strip, which moves the options it reads. */
		l2ra_lease_learn(skb, ctx, d, target, tp);
		/*
		 * Stripped here, once: the bridge has not copied it yet, so
		 * a reply it floods is not copied again per port to be
		 * edited, and the bridge device's own copy has no option 82
		 * of ours either.
		 */
		stat = l2ra_strip_rai(skb, ctx->nhoff, d);
		if (stat)
			return l2ra_drop(ln, inp, stat);
		l2ra_count(ln, tp, L2RA_STAT_REPLY_STEERED);
		l2ra_count(ln, tp, L2RA_STAT_REPLY_STRIPPED);
		l2ra_steer_set(ctx, d, target);
		l2ra_copy_set(skb, ctx->in, target->ifindex, false);
		return NF_ACCEPT;
	case L2RA_REPLY_FOREIGN:
		l2ra_count(ln, inp, L2RA_STAT_REPLY_FOREIGN);
		return NF_ACCEPT;
	case L2RA_REPLY_NONE:
		target = l2ra_xid_port(ctx, d);
		if (!target) {
			l2ra_count(ln, inp, L2RA_STAT_REPLY_UNKNOWN);
			return NF_ACCEPT;
		}
		tp = l2ra_port_find_rcu(ln, target->ifindex);
		l2ra_count(ln, tp, L2RA_STAT_REPLY_XID_STEERED);
		l2ra_lease_learn(skb, ctx, d, target, tp);
		l2ra_steer_set(ctx, d, target);
		l2ra_copy_set(skb, ctx->in, target->ifindex, false);
		return NF_ACCEPT;
	default:
		return l2ra_drop(ln, inp, L2RA_STAT_DROP_MALFORMED);
	}
}

unsigned int l2ra_relay4_pre_routing(struct sk_buff *skb,
				     struct l2ra_pkt_ctx *ctx)
{
	const struct l2ra_port_cfg *pcfg;
	/* Read only as far as l2ra_dgram_load() filled it. */
	struct l2ra_dgram d __uninitialized;
	struct l2ra_quota *q = NULL;
	struct l2ra_port *inp;
	enum l2ra_stat err;

	pcfg = l2ra_port_cfg_rcu(ctx->ln, ctx->in, &inp);
	/*
	 * Before any parsing: a flood costs the least it can.  The port's
	 * state found here also counts its transactions (xid.c).
	 */
	if (pcfg->role != L2RA_ROLE_TRUSTED) {
		q = l2ra_quota_get_rcu(ctx->ln, ctx->in->ifindex);
		if (!l2ra_rate_allow(q, pcfg))
			return l2ra_drop(ctx->ln, inp,
					 L2RA_STAT_DROP_RATELIMIT);
	}
	err = l2ra_dgram_load(skb, ctx->nhoff, &d);
	if (err && d.unparsed && pcfg->role == L2RA_ROLE_TRUSTED) {
		/* BOOTP without a cookie, or what we cannot read: theirs. */
		l2ra_count(ctx->ln, inp, L2RA_STAT_TRUSTED_UNPARSED);
		return NF_ACCEPT;
	}
	if (err)
		return l2ra_drop(ctx->ln, inp, err);

	if (d.info.op == DHCP_BOOTREQUEST) {
		if (pcfg->role == L2RA_ROLE_TRUSTED) {
			/* The uplink, or a relay that has tagged it. */
			l2ra_count(ctx->ln, inp, L2RA_STAT_REQ_TRUSTED);
			return NF_ACCEPT;
		}
		return l2ra_request_in(skb, ctx, inp, pcfg, q, &d);
	}
	if (pcfg->role != L2RA_ROLE_TRUSTED)
		return l2ra_drop(ctx->ln, inp, L2RA_STAT_DROP_UNTRUSTED_SERVER);
	return l2ra_reply_in(skb, ctx, inp, &d);
}

/*
 * Remove our option 82 from the copy of a reply for its subscriber, port
 * @outp: the copy leaves stripped and counted, or is dropped and counted.
 */
static unsigned int l2ra_strip_copy(struct sk_buff *skb,
				    const struct l2ra_pkt_ctx *ctx,
				    struct l2ra_dgram *d, struct l2ra_port *outp)
{
	enum l2ra_stat stat = l2ra_strip_rai(skb, ctx->nhoff, d);

	if (stat)
		return l2ra_drop(ctx->ln, outp, stat);
	l2ra_count(ctx->ln, outp, L2RA_STAT_REPLY_STRIPPED);
	return NF_ACCEPT;
}

/*
 * The op of the DHCP message at @nhoff, 0 if it cannot be read, and in
 * @off where the message starts.  Enough for FORWARD to send a client
 * message's copies on their way: PRE_ROUTING has parsed and judged the
 * message (and dropped it from an untrusted port if it could not), and
 * parsing it again for every copy cost more than the rest of the copy's
 * handling.
 */
static u8 l2ra_dgram_op(const struct sk_buff *skb, unsigned int nhoff,
			unsigned int *off)
{
	const struct iphdr *iph;
	struct iphdr _iph;
	const u8 *op;
	u8 _op;

	iph = skb_header_pointer(skb, nhoff, sizeof(_iph), &_iph);
	if (!iph || iph->ihl < 5)
		return 0;
	*off = nhoff + iph->ihl * 4 + sizeof(struct udphdr);
	op = skb_header_pointer(skb, *off, 1, &_op);
	return op ? *op : 0;
}

/*
 * Is the DHCP message at @off a copy of the reply PRE_ROUTING last steered
 * on this CPU (l2ra_steer)?  Then @target is the ifindex of its port.
 */
static bool l2ra_steer_find(const struct sk_buff *skb,
			    const struct l2ra_pkt_ctx *ctx, unsigned int off,
			    int *target)
{
	const struct l2ra_steer *st = this_cpu_ptr(&l2ra_steer);
	u8 _h[DHCP_OFF_CHADDR + ETH_ALEN];
	const u8 *h;

	if (st->brdev != ctx->brdev)
		return false;
	h = skb_header_pointer(skb, off, sizeof(_h), _h);
	if (!h || be32_to_cpu(l2ra_get_be32(h + DHCP_OFF_XID)) != st->xid ||
	    !ether_addr_equal_unaligned(h + DHCP_OFF_CHADDR, st->chaddr))
		return false;
	*target = st->target;
	return true;
}

/*
 * A copy of a reply from a trusted port that PRE_ROUTING's record does not
 * name (or that does not look like a BOOTREPLY at its op octet): judged by
 * its content.  Apart from the copies' fast path, so that a client
 * message's copy does not have this frame's locals cleared
 * (CONFIG_INIT_STACK_ALL_ZERO) for nothing.
 */
static noinline unsigned int l2ra_reply_copy(struct sk_buff *skb,
					     struct l2ra_pkt_ctx *ctx,
					     struct l2ra_port *outp)
{
	struct l2ra_net *ln = ctx->ln;
	struct net_device *target;
	struct l2ra_dgram d;
	struct dhcp_rai rai;

	if (l2ra_dgram_load(skb, ctx->nhoff, &d) ||
	    d.info.op == DHCP_BOOTREQUEST)
		return NF_ACCEPT;

	switch (l2ra_reply_classify(ctx, &d, &rai)) {
	case L2RA_REPLY_OURS:
		/* The same map as PRE_ROUTING's: both name one port. */
		if (l2ra_cidmap_lookup_rcu(ln, ctx->brdev, rai.circuit_id,
					   rai.circuit_id_len) != ctx->out)
			return l2ra_drop(ln, outp, L2RA_STAT_REPLY_NOT_TARGET);
		return l2ra_strip_copy(skb, ctx, &d, outp);
	case L2RA_REPLY_NONE:
		target = l2ra_xid_port(ctx, &d);
		if (target && target != ctx->out)
			return l2ra_drop(ln, outp, L2RA_STAT_REPLY_NOT_TARGET);
		return NF_ACCEPT;
	default:
		return NF_ACCEPT;
	}
}

/*
 * FORWARD, a copy of the frame l2ra_copy_rec holds, for port @out: what
 * l2ra_relay4_forward() decides for it, from the record.
 */
unsigned int l2ra_relay4_copy(struct l2ra_net *ln, struct net_device *out)
{
	const struct l2ra_copy_rec *rec = this_cpu_ptr(&l2ra_copy_rec);
	const struct l2ra_port_cfg *cfg;
	struct l2ra_port *outp;

	if (rec->target) {
		if (out->ifindex == rec->target)
			return NF_ACCEPT;
		return l2ra_drop(ln, l2ra_port_find_rcu(ln, out->ifindex),
				 L2RA_STAT_REPLY_NOT_TARGET);
	}
	cfg = l2ra_port_cfg_rcu(ln, out, &outp);
	if (cfg->role == L2RA_ROLE_TRUSTED)
		return NF_ACCEPT;
	return l2ra_drop(ln, outp, L2RA_STAT_REQ_NOT_UPLINK);
}

unsigned int l2ra_relay4_forward(struct sk_buff *skb,
				 struct l2ra_pkt_ctx *ctx)
{
	const struct l2ra_port_cfg *incfg, *outcfg;
	struct l2ra_net *ln = ctx->ln;
	struct l2ra_port *inp, *outp;
	unsigned int off = 0;
	int steer;

	/* Judged and counted at PRE_ROUTING; here only what passed. */
	incfg = l2ra_port_cfg_rcu(ln, ctx->in, &inp);
	outcfg = l2ra_port_cfg_rcu(ln, ctx->out, &outp);
	switch (l2ra_dgram_op(skb, ctx->nhoff, &off)) {
	case DHCP_BOOTREQUEST:
		/* Seed 5.1: client messages go to the uplink only. */
		if (incfg->role != L2RA_ROLE_TRUSTED &&
		    outcfg->role != L2RA_ROLE_TRUSTED)
			return l2ra_drop(ln, outp, L2RA_STAT_REQ_NOT_UPLINK);
		return NF_ACCEPT;
	case DHCP_BOOTREPLY:
		if (incfg->role != L2RA_ROLE_TRUSTED)
			return NF_ACCEPT;
		if (!l2ra_steer_find(skb, ctx, off, &steer))
			break;
		if (steer != ctx->out->ifindex)
			return l2ra_drop(ln, outp, L2RA_STAT_REPLY_NOT_TARGET);
		return NF_ACCEPT;
	default:
		break;
	}
	if (incfg->role != L2RA_ROLE_TRUSTED)
		return NF_ACCEPT;
	return l2ra_reply_copy(skb, ctx, outp);
}

/*
 * A copy of a frame the bridge device itself sends, to port ctx->out: a
 * DHCP server on the bridge device is a trusted uplink of its bridge
 * (ctx->in is the bridge).  Its replies are steered, stripped and learned
 * here, copy by copy, as FORWARD and PRE_ROUTING do for a server behind a
 * trusted port: the copy for the port the reply is for is counted, learned
 * and stripped, the others are dropped.  Client messages of the bridge
 * device (a DHCP client on it) pass.
 */
unsigned int l2ra_relay4_local_out(struct sk_buff *skb,
				   struct l2ra_pkt_ctx *ctx)
{
	struct l2ra_net *ln = ctx->ln;
	struct l2ra_port *outp, *tp;
	struct net_device *target;
	struct l2ra_dgram d;
	struct dhcp_rai rai;
	enum l2ra_stat stat;

	outp = l2ra_port_find_rcu(ln, ctx->out->ifindex);
	stat = l2ra_dgram_load(skb, ctx->nhoff, &d);
	if (stat)
		return l2ra_drop(ln, outp, stat);
	if (d.info.op == DHCP_BOOTREQUEST)
		return NF_ACCEPT;

	switch (l2ra_reply_classify(ctx, &d, &rai)) {
	case L2RA_REPLY_OURS:
		target = l2ra_cid_port(ctx, rai.circuit_id, rai.circuit_id_len,
				       &tp, NULL);
		if (!target)
			return l2ra_drop(ln, NULL, L2RA_STAT_DROP_NO_PORT);
		if (target != ctx->out)
			return l2ra_drop(ln, outp, L2RA_STAT_REPLY_NOT_TARGET);
		if (!l2ra_udp_csum_ok(skb, &d))
			return l2ra_drop(ln, outp, L2RA_STAT_DROP_MALFORMED);
		l2ra_count(ln, outp, L2RA_STAT_REPLY_STEERED);
		l2ra_lease_learn(skb, ctx, &d, target, outp);
		return l2ra_strip_copy(skb, ctx, &d, outp);
	case L2RA_REPLY_NONE:
		target = l2ra_xid_port(ctx, &d);
		if (!target) {
			l2ra_count(ln, NULL, L2RA_STAT_REPLY_UNKNOWN);
			return NF_ACCEPT;
		}
		if (target != ctx->out)
			return l2ra_drop(ln, outp, L2RA_STAT_REPLY_NOT_TARGET);
		l2ra_count(ln, outp, L2RA_STAT_REPLY_XID_STEERED);
		l2ra_lease_learn(skb, ctx, &d, target, outp);
		return NF_ACCEPT;
	case L2RA_REPLY_FOREIGN:
		l2ra_count(ln, NULL, L2RA_STAT_REPLY_FOREIGN);
		return NF_ACCEPT;
	default:
		return l2ra_drop(ln, NULL, L2RA_STAT_DROP_MALFORMED);
	}
}
