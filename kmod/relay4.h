/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DHCPv4 relay: what the netfilter hooks (hook.c) hand to relay4.c once the
 * fast-path filter has found a UDP datagram to port 67 or 68 on a bridge the
 * relay is enabled on.
 */
#ifndef _L2RA_RELAY4_H
#define _L2RA_RELAY4_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "l2ra.h"

#define L2RA_PORT_BOOTPS	67
#define L2RA_PORT_BOOTPC	68

/* Valid for the duration of one hook call, under rcu_read_lock(). */
struct l2ra_pkt_ctx {
	struct l2ra_net *ln;
	struct net_device *brdev;		/* the bridge */
	const struct l2ra_bridge_cfg *bcfg;	/* its configuration, enabled */
	struct net_device *in;		/* ingress port; LOCAL_OUT: the bridge */
	struct net_device *out;		/* egress port (FORWARD, LOCAL_OUT) */
	unsigned int nhoff;	/* IPv4 header offset from skb->data */
};

/* Shared with relay6.c, under rcu_read_lock(). */
const struct l2ra_port_cfg *
l2ra_port_cfg_rcu(struct l2ra_net *ln, const struct net_device *dev,
		  struct l2ra_port **entry);
void l2ra_count(struct l2ra_net *ln, struct l2ra_port *p, enum l2ra_stat id);
u16 l2ra_ingress_vid(const struct sk_buff *skb, const struct l2ra_pkt_ctx *ctx);
const u8 *l2ra_rai_opt(const struct l2ra_pkt_ctx *ctx, struct l2ra_port *port,
		       const struct l2ra_port_cfg *pcfg, u16 vid, u8 *buf,
		       size_t *len);

unsigned int l2ra_relay4_pre_routing(struct sk_buff *skb,
				     struct l2ra_pkt_ctx *ctx);
unsigned int l2ra_relay4_forward(struct sk_buff *skb,
				 struct l2ra_pkt_ctx *ctx);
unsigned int l2ra_relay4_local_out(struct sk_buff *skb,
				   struct l2ra_pkt_ctx *ctx);

#endif /* _L2RA_RELAY4_H */
