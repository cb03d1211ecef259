/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lightweight DHCPv6 Relay Agent (RFC 6221): what the netfilter hooks
 * (hook.c) hand to relay6.c once the filter has found a UDP datagram to
 * port 546 or 547 on a bridge with the relay and relay6 on.
 */
#ifndef _L2RA_RELAY6_H
#define _L2RA_RELAY6_H

#include <linux/skbuff.h>

#include "relay4.h"

#define L2RA_PORT_DHCP6_CLIENT	546
#define L2RA_PORT_DHCP6_SERVER	547

unsigned int l2ra_relay6_pre_routing(struct sk_buff *skb,
				     struct l2ra_pkt_ctx *ctx);
unsigned int l2ra_relay6_forward(struct sk_buff *skb,
				 struct l2ra_pkt_ctx *ctx);
unsigned int l2ra_relay6_copy(struct l2ra_net *ln, struct sk_buff *skb,
			      unsigned int nhoff, struct net_device *out);
unsigned int l2ra_relay6_local_out(struct sk_buff *skb,
				   struct l2ra_pkt_ctx *ctx);

#endif /* _L2RA_RELAY6_H */
