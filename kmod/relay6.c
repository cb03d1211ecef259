// SPDX-License-Identifier: GPL-2.0
/*
 * Lightweight DHCPv6 Relay Agent (RFC 6221) on the bridge's packet path,
 * the IPv6 counterpart of relay4.c, with the same trust model.
 *
 * PRE_ROUTING decides the fate of a DHCPv6 message as it enters the bridge
 * and counts its one outcome: a client message from an untrusted port is
 * wrapped in a Relay-Forward (hop-count 0, link-address ::, peer-address the
 * client's source, Interface-ID the port's circuit-id, Remote-ID when a
 * remote-id is configured, Relay-ID the bridge's relay-id), a Relay-Forward
 * from a trusted port (an LDRA below) is wrapped again, hop-count + 1, and
 * server messages, Relay-Forwards and other types from untrusted ports are
 * dropped.  Addresses and ports stay: the client's link-local address to
 * ff02::1:2, 546 -> 547 (RFC 6221 section 6.1).  FORWARD then acts on each
 * copy the bridge makes: Relay-Forwards and client messages of subscribers
 * go to trusted ports only, and a Relay-Reply whose Interface-ID names one
 * of our ports (link-address ::) goes, unwrapped one level, to that port
 * only: the inner message to the Relay-Reply's peer-address, UDP 547 -> 546.
 *
 * The REPLY a Relay-Reply of ours carries to a subscriber port feeds the
 * lease table (lease.c) with IPv6 bindings: each IA_NA address and IA_PD
 * prefix dhcp6_bindings() gives, on that port, in the VLAN the reply is
 * classified into (as relay4.c does), for the frame's Ethernet destination
 * (the client's MAC address once unwrapped, unless it is not unicast); a
 * valid lifetime of 0 removes the binding.  A client's RELEASE or DECLINE
 * from an untrusted port removes the bindings it names that are on that
 * port, and only those.
 *
 * FORWARD knows the copies of a frame PRE_ROUTING just wrapped or steered
 * by their data, as relay4.c does (struct l2ra_copy_rec): a copy of a
 * wrapped client message goes to trusted ports only, and a copy of a
 * Relay-Reply of ours is unwrapped for its port, from what PRE_ROUTING
 * recorded of it (struct l2ra_unwrap6_rec), or dropped for any other,
 * without the message being parsed again.
 *
 * The message walking is dhcp6_relay.c's, which the host tests and the
 * fuzzer check; this file is the skb glue.  Everything here runs in softirq
 * under rcu_read_lock(): nothing sleeps and no packet content leads to a
 * WARN.
 */
#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/ipv6.h>
#include <linux/minmax.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <linux/timekeeping.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>

#include "dhcp6_relay.h"
#include "l2ra.h"
#include "relay6.h"

/* The IPv6/UDP datagram holding one DHCPv6 message, linear in the skb. */
struct l2ra_dgram6 {
	struct ipv6hdr *ip6h;
	struct udphdr *uh;
	u8 *msg;
	unsigned int uoff;		/* UDP header, from the IPv6 header */
	unsigned int ulen;		/* UDP length, header included */
	size_t len;			/* DHCPv6 message length */
	bool unparsed;			/* framing fine, not parsable */
	struct dhcp6_info info;
};

/*
 * The Relay-Reply of ours PRE_ROUTING last let in on this CPU, for the copy
 * l2ra_copy_rec sends to its port: where its datagram and its Relay Message
 * are (offsets into the frame's data, which the copy shares), and where the
 * inner message goes.
 */
struct l2ra_unwrap6_rec {
	unsigned int uoff;
	unsigned int ulen;
	size_t len;
	size_t msg_off;
	size_t msg_len;
	u8 peer[DHCP6_ADDR_LEN];
	u8 inner;
};

static DEFINE_PER_CPU(struct l2ra_unwrap6_rec, l2ra_unwrap6_rec);

static unsigned int l2ra_drop6(struct l2ra_net *ln, struct l2ra_port *p,
			       enum l2ra_stat id)
{
	l2ra_count(ln, p, id);
	return NF_DROP;
}

static bool l2ra_trusted(const struct l2ra_port_cfg *cfg)
{
	return cfg->role == L2RA_ROLE_TRUSTED;
}

/* Point @d at the datagram again after the skb head may have moved. */
static void l2ra_dgram6_map(struct sk_buff *skb, unsigned int nhoff,
			    struct l2ra_dgram6 *d)
{
	d->ip6h = (struct ipv6hdr *)(skb->data + nhoff);
	d->uh = (struct udphdr *)((u8 *)d->ip6h + d->uoff);
	d->msg = (u8 *)(d->uh + 1);
}

/*
 * Check the IPv6 and UDP framing (extension headers skipped), make the
 * datagram linear and parse the DHCPv6 message.  Returns L2RA_STAT_UNSPEC
 * on success, else the drop counter.
 */
static enum l2ra_stat l2ra_dgram6_load(struct sk_buff *skb, unsigned int nhoff,
				       struct l2ra_dgram6 *d)
{
	const struct ipv6hdr *ip6h;
	unsigned int end;
	__be16 frag_off;
	u8 nexthdr;
	int uoff;

	d->unparsed = false;
	if (skb_is_gso(skb))
		return L2RA_STAT_V6_DROP_MALFORMED;
	if (!pskb_may_pull(skb, nhoff + sizeof(*ip6h)))
		return L2RA_STAT_DROP_NOMEM;
	ip6h = (const struct ipv6hdr *)(skb->data + nhoff);
	/* A payload length of 0 is a jumbogram's: not DHCPv6. */
	end = sizeof(*ip6h) + ntohs(ip6h->payload_len);
	if (ip6h->version != 6 || !ip6h->payload_len ||
	    end > skb->len - nhoff)
		return L2RA_STAT_V6_DROP_MALFORMED;
	nexthdr = ip6h->nexthdr;
	uoff = ipv6_skip_exthdr(skb, nhoff + sizeof(*ip6h), &nexthdr,
				&frag_off);
	if (uoff < 0 || nexthdr != IPPROTO_UDP)
		return L2RA_STAT_V6_DROP_MALFORMED;
	if (frag_off & htons(IP6_OFFSET | IP6_MF))
		return L2RA_STAT_DROP_FRAGMENT;
	d->uoff = uoff - nhoff;
	if (d->uoff + sizeof(struct udphdr) > end)
		return L2RA_STAT_V6_DROP_MALFORMED;
	if (!pskb_may_pull(skb, nhoff + end))
		return L2RA_STAT_DROP_NOMEM;
	l2ra_dgram6_map(skb, nhoff, d);
	d->ulen = ntohs(d->uh->len);
	if (d->ulen < sizeof(struct udphdr) || d->ulen > end - d->uoff)
		return L2RA_STAT_V6_DROP_MALFORMED;
	d->len = d->ulen - sizeof(struct udphdr);
	switch (dhcp6_parse(d->msg, d->len, &d->info)) {
	case DHCP6_OK:
		break;
	case DHCP6_ERR_TOO_DEEP:
		/*
		 * Relay messages nested past DHCP6_DEPTH_MAX went through more
		 * relays than HOP_COUNT_LIMIT allows: dropped even from a
		 * trusted port, not flooded to the subscribers as unparsable.
		 */
		return L2RA_STAT_V6_DROP_HOP_LIMIT;
	default:
		d->unparsed = true;
		return L2RA_STAT_V6_DROP_MALFORMED;
	}
	return L2RA_STAT_UNSPEC;
}

/*
 * A datagram about to be edited must carry a good UDP checksum, or the
 * recomputed one would launder it; over IPv6 the checksum is mandatory.
 */
static bool l2ra_udp6_csum_ok(const struct sk_buff *skb,
			      const struct l2ra_dgram6 *d)
{
	if (skb->ip_summed == CHECKSUM_PARTIAL ||
	    skb->ip_summed == CHECKSUM_UNNECESSARY)
		return true;
	if (!d->uh->check)
		return false;
	return !csum_ipv6_magic(&d->ip6h->saddr, &d->ip6h->daddr, d->ulen,
				IPPROTO_UDP, csum_partial(d->uh, d->ulen, 0));
}

/* Make the datagram writable for an edit (l2ra_skb_prepare()). */
static int l2ra_edit6_begin(struct sk_buff *skb, unsigned int nhoff,
			    struct l2ra_dgram6 *d)
{
	if (l2ra_skb_prepare(skb, nhoff + d->uoff + d->ulen))
		return -ENOMEM;
	l2ra_dgram6_map(skb, nhoff, d);
	return 0;
}

/*
 * The DHCPv6 message now ends at skb->len: fix the IPv6 payload length, the
 * UDP length and the UDP checksum for however the skb carries it.
 */
static void l2ra_edit6_end(struct sk_buff *skb, unsigned int nhoff,
			   struct l2ra_dgram6 *d)
{
	struct ipv6hdr *ip6h;
	struct udphdr *uh;
	__wsum csum;

	l2ra_dgram6_map(skb, nhoff, d);
	ip6h = d->ip6h;
	uh = d->uh;
	d->ulen = skb->len - nhoff - d->uoff;
	d->len = d->ulen - sizeof(struct udphdr);
	ip6h->payload_len = htons(skb->len - nhoff - sizeof(*ip6h));
	uh->len = htons(d->ulen);

	if (skb->ip_summed != CHECKSUM_PARTIAL) {
		/* skb->csum of CHECKSUM_COMPLETE describes the old bytes. */
		if (skb->ip_summed == CHECKSUM_COMPLETE)
			skb->ip_summed = CHECKSUM_NONE;
		if (!l2ra_csum_defer(skb, nhoff + d->uoff))
			goto software;
	}
	/* The device sums from csum_start: seed the new pseudo-header. */
	uh->check = ~csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, d->ulen,
				     IPPROTO_UDP, 0);
	return;

software:
	uh->check = 0;
	csum = csum_partial(uh, d->ulen, 0);
	uh->check = csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, d->ulen,
				    IPPROTO_UDP, csum);
	if (!uh->check)
		uh->check = CSUM_MANGLED_0;
}

/*
 * Wrap the message in a Relay-Forward of ours.  Returns @ok when the packet
 * was changed, L2RA_STAT_V6_REQ_TOO_BIG when it was left alone, or a drop.
 */
static enum l2ra_stat l2ra_wrap(struct sk_buff *skb,
				const struct l2ra_pkt_ctx *ctx,
				const struct l2ra_port_cfg *pcfg,
				struct l2ra_dgram6 *d, enum l2ra_stat ok)
{
	u8 cid[L2RA_CIRCUIT_ID_MAX], rid[L2RA_REMOTE_ID_MAX];
	u8 relay[L2RA_RELAY_ID_MAX], peer[DHCP6_ADDR_LEN];
	struct dhcp6_relay_ids ids = { };
	size_t over, len, new_len;
	unsigned int limit, tail;

	ids.interface_id = cid;
	ids.interface_id_len = l2ra_circuit_id(ctx->brdev, ctx->in, pcfg,
					       l2ra_ingress_vid(skb, ctx),
					       cid, sizeof(cid));
	/* Remote-ID only when one is configured: RFC 4649 ids are chosen. */
	if (pcfg->remote_id_len || ctx->bcfg->remote_id_len) {
		ids.remote_id = rid;
		ids.remote_id_len = l2ra_remote_id(ctx->brdev, ctx->bcfg, pcfg,
						   rid, sizeof(rid));
		ids.enterprise = ctx->bcfg->enterprise;
	}
	ids.relay_id = relay;
	ids.relay_id_len = l2ra_relay_id(ctx->brdev, ctx->bcfg, relay,
					 sizeof(relay));
	over = dhcp6_relay_forw_overhead(&ids);
	if (!ids.interface_id_len || !over)
		return L2RA_STAT_V6_REQ_TOO_BIG;

	limit = min(ctx->in->mtu, ctx->brdev->mtu);
	if (d->len + over > DHCP6_MAX_LEN ||
	    d->uoff + sizeof(struct udphdr) + d->len + over > limit)
		return L2RA_STAT_V6_REQ_TOO_BIG;

	if (!l2ra_udp6_csum_ok(skb, d))
		return L2RA_STAT_V6_DROP_MALFORMED;
	memcpy(peer, &d->ip6h->saddr, sizeof(peer));
	if (l2ra_edit6_begin(skb, ctx->nhoff, d))
		return L2RA_STAT_DROP_NOMEM;
	len = d->len;
	tail = skb_tailroom(skb);
	if (over > tail && pskb_expand_head(skb, 0, over - tail, GFP_ATOMIC))
		return L2RA_STAT_DROP_NOMEM;
	__skb_put(skb, over);
	l2ra_dgram6_map(skb, ctx->nhoff, d);
	switch (dhcp6_relay_forw_build(d->msg, len + over, &ids, peer, d->msg,
				       len, &new_len)) {
	case DHCP6_OK:
		break;
	case DHCP6_ERR_HOP_LIMIT:
		return L2RA_STAT_V6_DROP_HOP_LIMIT;
	default:
		return L2RA_STAT_V6_DROP_MALFORMED;
	}
	if (new_len != len + over)
		return L2RA_STAT_V6_DROP_MALFORMED;
	l2ra_edit6_end(skb, ctx->nhoff, d);
	return ok;
}

/* What the binding callbacks below work on. */
struct l2ra_bind6_ctx {
	struct l2ra_net *ln;
	struct l2ra_port *port;		/* the subscriber port's entry */
	const u8 *mac;			/* the client's, or NULL */
	int ifindex;			/* the subscriber port */
	u16 vid;
};

/* The key of binding @b: its address, or its prefix with the length. */
static bool l2ra_bind6_key(const struct dhcp6_binding *b,
			   struct in6_addr *addr, u8 *plen)
{
	struct in6_addr raw;

	if (b->ia_type != DHCP6_OPT_IA_PD) {
		memcpy(addr, b->addr, sizeof(*addr));
		*plen = 0;
		return true;
	}
	/* IA Prefix lengths are 0..128 (dhcp6_parse); 0 delegates nothing. */
	if (!b->plen || b->plen > 128)
		return false;
	*plen = b->plen;
	/* ipv6_addr_prefix() clears its destination first: not in place. */
	memcpy(&raw, b->addr, sizeof(raw));
	ipv6_addr_prefix(addr, &raw, b->plen);
	return true;
}

/* A binding a REPLY gives (valid lifetime above 0) or takes back (0). */
static int l2ra_bind6_learn(const struct dhcp6_binding *b, void *arg)
{
	const struct l2ra_bind6_ctx *c = arg;
	struct l2ra_lease_info li;
	struct in6_addr addr;
	bool renewed;
	u8 plen;
	int err;

	if (!l2ra_bind6_key(b, &addr, &plen))
		return 0;
	if (!b->valid) {
		if (!l2ra_lease6_remove(c->ln, &addr, plen, c->vid, 0,
					L2RA_LEASE_EV_RELEASE))
			l2ra_count(c->ln, c->port, L2RA_STAT_LEASE6_RELEASE);
		return 0;
	}
	memset(&li, 0, sizeof(li));
	li.family = AF_INET6;
	li.addr6 = &addr;
	li.plen = plen;
	li.mac = c->mac;
	li.vid = c->vid;
	li.ifindex = c->ifindex;
	li.lease_time = b->valid;
	li.expires = b->valid;
	li.preferred = b->preferred;
	li.cltt = ktime_get_real_seconds();
	err = l2ra_lease_upsert(c->ln, &li, L2RA_LEASE_EV_NEW, &renewed);
	if (err == -EPERM)
		l2ra_count(c->ln, c->port, L2RA_STAT_LEASE_STATIC);
	else if (err)
		l2ra_count(c->ln, c->port, L2RA_STAT_LEASE6_FULL);
	else
		l2ra_count(c->ln, c->port, renewed ? L2RA_STAT_LEASE6_RENEW :
						     L2RA_STAT_LEASE6_NEW);
	return 0;
}

/*
 * Learn the bindings of the REPLY a Relay-Reply of ours (@d) carries to
 * subscriber port @target (entry @tp).
 */
static void l2ra_reply6_learn(struct sk_buff *skb,
			      const struct l2ra_pkt_ctx *ctx,
			      const struct l2ra_dgram6 *d,
			      struct net_device *target, struct l2ra_port *tp)
{
	const u8 *dest = eth_hdr(skb)->h_dest;
	struct l2ra_bind6_ctx c = {
		.ln = ctx->ln,
		.port = tp,
		.mac = is_unicast_ether_addr(dest) ? dest : NULL,
		.ifindex = target->ifindex,
		.vid = l2ra_ingress_vid(skb, ctx),
	};

	dhcp6_bindings_info(d->msg, &d->info, l2ra_bind6_learn, &c, NULL);
}

/* A binding a client's RELEASE or DECLINE gives up. */
static int l2ra_bind6_give_back(const struct dhcp6_binding *b, void *arg)
{
	const struct l2ra_bind6_ctx *c = arg;
	struct in6_addr addr;
	u8 plen;
	int err;

	if (!l2ra_bind6_key(b, &addr, &plen))
		return 0;
	err = l2ra_lease6_remove(c->ln, &addr, plen, c->vid, c->ifindex,
				 b->msg_type == DHCP6_RELEASE ?
				 L2RA_LEASE_EV_RELEASE : L2RA_LEASE_EV_DECLINE);
	if (!err)
		l2ra_count(c->ln, c->port, L2RA_STAT_LEASE6_RELEASE);
	else if (err == -EXDEV)
		l2ra_count(c->ln, c->port, L2RA_STAT_LEASE6_MISMATCH);
	else if (err == -EPERM)
		l2ra_count(c->ln, c->port, L2RA_STAT_LEASE_STATIC);
	return 0;
}

/* A RELEASE or DECLINE (@d) entering on untrusted port ctx->in (@inp). */
static void l2ra_release6(struct sk_buff *skb, const struct l2ra_pkt_ctx *ctx,
			  const struct l2ra_dgram6 *d, struct l2ra_port *inp)
{
	struct l2ra_bind6_ctx c = {
		.ln = ctx->ln,
		.port = inp,
		.ifindex = ctx->in->ifindex,
		.vid = l2ra_ingress_vid(skb, ctx),
	};

	dhcp6_bindings_info(d->msg, &d->info, l2ra_bind6_give_back, &c, NULL);
}

/*
 * The port a Relay-Reply is for: ours when link-address is :: and its
 * Interface-ID names a port of this bridge (the circuit-id map, as for
 * v4), and it carries a server message.  @peer gets its peer-address,
 * @inner the msg-type of the message it carries.  NULL: not ours.
 */
static struct net_device *l2ra_reply6_target(const struct l2ra_pkt_ctx *ctx,
					     const struct l2ra_dgram6 *d,
					     u8 *peer, u8 *inner)
{
	struct dhcp6_relay_reply rr;

	if (d->info.msg_type != DHCP6_RELAY_REPL)
		return NULL;
	if (dhcp6_relay_reply_info(d->msg, &d->info, &rr) != DHCP6_OK)
		return NULL;
	if (!rr.link_addr_unspec || !rr.interface_id ||
	    !dhcp6_is_server_type(rr.msg_type))
		return NULL;
	memcpy(peer, rr.peer_addr, DHCP6_ADDR_LEN);
	*inner = rr.msg_type;
	return l2ra_cidmap_lookup_rcu(ctx->ln, ctx->brdev, rr.interface_id,
				      rr.interface_id_len);
}

static void l2ra_unwrap6_set(const struct l2ra_dgram6 *d, const u8 *peer,
			     u8 inner)
{
	struct l2ra_unwrap6_rec *u = this_cpu_ptr(&l2ra_unwrap6_rec);

	u->uoff = d->uoff;
	u->ulen = d->ulen;
	u->len = d->len;
	u->msg_off = d->info.relay_msg_off;
	u->msg_len = d->info.relay_msg_len;
	memcpy(u->peer, peer, DHCP6_ADDR_LEN);
	u->inner = inner;
}

/* A server message entering on a trusted port: classify and count. */
static unsigned int l2ra_reply6_in(struct sk_buff *skb,
				   const struct l2ra_pkt_ctx *ctx,
				   struct l2ra_port *inp,
				   struct l2ra_dgram6 *d)
{
	u8 peer[DHCP6_ADDR_LEN], inner;
	struct net_device *target;
	struct l2ra_port *tp;

	target = l2ra_reply6_target(ctx, d, peer, &inner);
	if (!target) {
		l2ra_count(ctx->ln, inp,
			   d->info.msg_type == DHCP6_RELAY_REPL ?
			   L2RA_STAT_V6_REPLY_FOREIGN :
			   L2RA_STAT_V6_REPLY_DIRECT);
		return NF_ACCEPT;
	}
	/* FORWARD will edit it: refuse a corrupt one now. */
	if (!l2ra_udp6_csum_ok(skb, d))
		return l2ra_drop6(ctx->ln, inp, L2RA_STAT_V6_DROP_MALFORMED);
	tp = l2ra_port_find_rcu(ctx->ln, target->ifindex);
	l2ra_count(ctx->ln, tp, L2RA_STAT_V6_REPLY_UNWRAPPED);
	if (inner == DHCP6_REPLY)
		l2ra_reply6_learn(skb, ctx, d, target, tp);
	l2ra_unwrap6_set(d, peer, inner);
	l2ra_copy_set(skb, ctx->in, target->ifindex, true);
	return NF_ACCEPT;
}

unsigned int l2ra_relay6_pre_routing(struct sk_buff *skb,
				     struct l2ra_pkt_ctx *ctx)
{
	const struct l2ra_port_cfg *pcfg;
	struct l2ra_net *ln = ctx->ln;
	struct l2ra_port *inp;
	struct l2ra_dgram6 d;
	enum l2ra_stat stat;
	bool trusted;

	pcfg = l2ra_port_cfg_rcu(ln, ctx->in, &inp);
	trusted = l2ra_trusted(pcfg);
	/* Before any parsing: one bucket for both families. */
	if (!trusted &&
	    !l2ra_rate_allow(l2ra_quota_get_rcu(ln, ctx->in->ifindex), pcfg))
		return l2ra_drop6(ln, inp, L2RA_STAT_DROP_RATELIMIT);
	stat = l2ra_dgram6_load(skb, ctx->nhoff, &d);
	if (stat && d.unparsed && trusted) {
		l2ra_count(ln, inp, L2RA_STAT_V6_TRUSTED_OTHER);
		return NF_ACCEPT;
	}
	if (stat)
		return l2ra_drop6(ln, inp, stat);

	switch (dhcp6_classify(d.info.msg_type)) {
	case DHCP6_CLASS_CLIENT:
		if (trusted) {
			l2ra_count(ln, inp, L2RA_STAT_V6_REQ_TRUSTED);
			return NF_ACCEPT;
		}
		if (pcfg->cid_disabled)
			return l2ra_drop6(ln, inp, L2RA_STAT_DROP_CID_CONFLICT);
		if (d.info.msg_type == DHCP6_RELEASE ||
		    d.info.msg_type == DHCP6_DECLINE)
			l2ra_release6(skb, ctx, &d, inp);
		stat = l2ra_wrap(skb, ctx, pcfg, &d, L2RA_STAT_V6_REQ_RELAYED);
		break;
	case DHCP6_CLASS_RELAY_FORW:
		if (!trusted)
			return l2ra_drop6(ln, inp, L2RA_STAT_V6_DROP_RELAY_FORW);
		/* RFC 8415 section 19.1.2: not relayed any further. */
		if (d.info.hop_count >= DHCP6_HOP_COUNT_LIMIT)
			return l2ra_drop6(ln, inp, L2RA_STAT_V6_DROP_HOP_LIMIT);
		if (pcfg->cid_disabled)
			return l2ra_drop6(ln, inp, L2RA_STAT_DROP_CID_CONFLICT);
		stat = l2ra_wrap(skb, ctx, pcfg, &d,
				 L2RA_STAT_V6_RELAY_FORW_WRAPPED);
		break;
	case DHCP6_CLASS_SERVER:
		if (!trusted)
			return l2ra_drop6(ln, inp,
					  L2RA_STAT_V6_DROP_UNTRUSTED_SERVER);
		return l2ra_reply6_in(skb, ctx, inp, &d);
	default:
		if (!trusted)
			return l2ra_drop6(ln, inp, L2RA_STAT_V6_DROP_OTHER);
		l2ra_count(ln, inp, L2RA_STAT_V6_TRUSTED_OTHER);
		return NF_ACCEPT;
	}

	switch (stat) {
	case L2RA_STAT_V6_REQ_RELAYED:
	case L2RA_STAT_V6_RELAY_FORW_WRAPPED:
	case L2RA_STAT_V6_REQ_TOO_BIG:
		l2ra_count(ln, inp, stat);
		/* Its copies: to trusted ports only (l2ra_relay6_forward()). */
		l2ra_copy_set(skb, ctx->in, 0, true);
		return NF_ACCEPT;
	default:
		return l2ra_drop6(ln, inp, stat);
	}
}

/*
 * Unwrap one level of our Relay-Reply in the copy for its port, @outp: the
 * inner message goes to @peer, UDP port 546 (547 for a Relay-Reply, to the
 * LDRA below).
 */
static unsigned int l2ra_unwrap_copy(struct sk_buff *skb,
				     const struct l2ra_pkt_ctx *ctx,
				     struct l2ra_dgram6 *d,
				     struct l2ra_port *outp,
				     const u8 *peer, u8 inner)
{
	size_t new_len;

	if (l2ra_edit6_begin(skb, ctx->nhoff, d))
		return l2ra_drop6(ctx->ln, outp, L2RA_STAT_DROP_NOMEM);
	if (dhcp6_relay_unwrap_info(d->msg, &d->info, &new_len) != DHCP6_OK)
		return l2ra_drop6(ctx->ln, outp, L2RA_STAT_V6_DROP_MALFORMED);
	skb_trim(skb, skb->len - (d->len - new_len));
	l2ra_dgram6_map(skb, ctx->nhoff, d);
	memcpy(&d->ip6h->daddr, peer, DHCP6_ADDR_LEN);
	d->uh->source = htons(L2RA_PORT_DHCP6_SERVER);
	d->uh->dest = htons(inner == DHCP6_RELAY_REPL ?
			    L2RA_PORT_DHCP6_SERVER : L2RA_PORT_DHCP6_CLIENT);
	l2ra_edit6_end(skb, ctx->nhoff, d);
	return NF_ACCEPT;
}

unsigned int l2ra_relay6_forward(struct sk_buff *skb,
				 struct l2ra_pkt_ctx *ctx)
{
	const struct l2ra_port_cfg *incfg, *outcfg;
	u8 peer[DHCP6_ADDR_LEN], inner;
	struct l2ra_net *ln = ctx->ln;
	struct l2ra_port *inp, *outp;
	struct net_device *target;
	struct l2ra_dgram6 d;

	/* Judged and counted at PRE_ROUTING; here only what passed. */
	if (l2ra_dgram6_load(skb, ctx->nhoff, &d))
		return NF_ACCEPT;
	incfg = l2ra_port_cfg_rcu(ln, ctx->in, &inp);
	outcfg = l2ra_port_cfg_rcu(ln, ctx->out, &outp);

	switch (dhcp6_classify(d.info.msg_type)) {
	case DHCP6_CLASS_RELAY_FORW:
		/* For servers only, whoever wrapped it. */
		if (!l2ra_trusted(outcfg))
			return l2ra_drop6(ln, outp,
					  L2RA_STAT_V6_REQ_NOT_UPLINK);
		return NF_ACCEPT;
	case DHCP6_CLASS_CLIENT:
		/* One left unwrapped (too big): still to the uplink only. */
		if (!l2ra_trusted(incfg) && !l2ra_trusted(outcfg))
			return l2ra_drop6(ln, outp,
					  L2RA_STAT_V6_REQ_NOT_UPLINK);
		return NF_ACCEPT;
	case DHCP6_CLASS_SERVER:
		break;
	default:
		return NF_ACCEPT;
	}
	if (!l2ra_trusted(incfg))
		return NF_ACCEPT;
	target = l2ra_reply6_target(ctx, &d, peer, &inner);
	if (!target)
		return NF_ACCEPT;
	if (target != ctx->out)
		return l2ra_drop6(ln, outp, L2RA_STAT_V6_REPLY_NOT_TARGET);
	return l2ra_unwrap_copy(skb, ctx, &d, outp, peer, inner);
}

/*
 * FORWARD, a copy of the frame l2ra_copy_rec holds, for port @out: what
 * l2ra_relay6_forward() decides for it, from the records.
 */
unsigned int l2ra_relay6_copy(struct l2ra_net *ln, struct sk_buff *skb,
			      unsigned int nhoff, struct net_device *out)
{
	const struct l2ra_copy_rec *rec = this_cpu_ptr(&l2ra_copy_rec);
	struct l2ra_pkt_ctx ctx = { .ln = ln, .nhoff = nhoff };
	const struct l2ra_unwrap6_rec *u;
	const struct l2ra_port_cfg *cfg;
	struct l2ra_port *outp;
	struct l2ra_dgram6 d;

	if (!rec->target) {
		cfg = l2ra_port_cfg_rcu(ln, out, &outp);
		if (l2ra_trusted(cfg))
			return NF_ACCEPT;
		return l2ra_drop6(ln, outp, L2RA_STAT_V6_REQ_NOT_UPLINK);
	}
	outp = l2ra_port_find_rcu(ln, out->ifindex);
	if (out->ifindex != rec->target)
		return l2ra_drop6(ln, outp, L2RA_STAT_V6_REPLY_NOT_TARGET);
	u = this_cpu_ptr(&l2ra_unwrap6_rec);
	d.uoff = u->uoff;
	d.ulen = u->ulen;
	d.len = u->len;
	d.info.depth = 1;
	d.info.relay_msg_off = u->msg_off;
	d.info.relay_msg_len = u->msg_len;
	return l2ra_unwrap_copy(skb, &ctx, &d, outp, u->peer, u->inner);
}

/*
 * A copy of a frame the bridge device itself sends, to port ctx->out: a
 * DHCPv6 server on the bridge device is a trusted uplink of its bridge.
 * Its Relay-Replies are checked, counted and unwrapped here, copy by copy;
 * everything else it sends passes.
 */
unsigned int l2ra_relay6_local_out(struct sk_buff *skb,
				   struct l2ra_pkt_ctx *ctx)
{
	u8 peer[DHCP6_ADDR_LEN], inner;
	struct l2ra_net *ln = ctx->ln;
	struct net_device *target;
	struct l2ra_port *outp;
	struct l2ra_dgram6 d;

	if (l2ra_dgram6_load(skb, ctx->nhoff, &d) ||
	    d.info.msg_type != DHCP6_RELAY_REPL)
		return NF_ACCEPT;
	outp = l2ra_port_find_rcu(ln, ctx->out->ifindex);
	target = l2ra_reply6_target(ctx, &d, peer, &inner);
	if (!target) {
		l2ra_count(ln, NULL, L2RA_STAT_V6_REPLY_FOREIGN);
		return NF_ACCEPT;
	}
	if (target != ctx->out)
		return l2ra_drop6(ln, outp, L2RA_STAT_V6_REPLY_NOT_TARGET);
	if (!l2ra_udp6_csum_ok(skb, &d))
		return l2ra_drop6(ln, outp, L2RA_STAT_V6_DROP_MALFORMED);
	l2ra_count(ln, outp, L2RA_STAT_V6_REPLY_UNWRAPPED);
	if (inner == DHCP6_REPLY)
		l2ra_reply6_learn(skb, ctx, &d, target, outp);
	return l2ra_unwrap_copy(skb, ctx, &d, outp, peer, inner);
}
