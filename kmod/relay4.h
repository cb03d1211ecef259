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

/*
 * The DHCPv4 frame PRE_ROUTING last let in on this CPU to be sent on by
 * port: a client message from an untrusted port (@target 0: to trusted
 * ports only) or a reply it steered (@target: the ifindex of its port).  The
 * bridge hands the frame to FORWARD, copy by copy, within the call that
 * PRE_ROUTING's verdict continues, on the same CPU, and its copies are
 * clones: they share its data, so FORWARD knows them by skb->head and the
 * port they came in on, without reading the frame, finding its bridge or
 * looking up the port it came from.  Any DHCP frame entering replaces or
 * forgets the record before its own copies reach FORWARD; a copy that the
 * bridge had to make writable (a VLAN tag put into the frame) has data of
 * its own, misses it and is judged as before.  The pointers are compared,
 * never followed.
 */
struct l2ra_copy_rec {
	const unsigned char *head;	/* NULL: no record */
	const struct net_device *in;
	int target;
	bool v6;			/* DHCPv6: relay6.c's */
};

DECLARE_PER_CPU(struct l2ra_copy_rec, l2ra_copy_rec);

/* After the frame's last edit, which may have given it new data. */
static inline void l2ra_copy_set(const struct sk_buff *skb,
				 const struct net_device *in, int target,
				 bool v6)
{
	struct l2ra_copy_rec *rec = this_cpu_ptr(&l2ra_copy_rec);

	rec->head = skb->head;
	rec->in = in;
	rec->target = target;
	rec->v6 = v6;
}

static inline void l2ra_copy_forget(void)
{
	this_cpu_write(l2ra_copy_rec.head, NULL);
}

static inline bool l2ra_copy_known(const struct sk_buff *skb,
				   const struct net_device *in, bool v6)
{
	return this_cpu_read(l2ra_copy_rec.head) == skb->head &&
	       this_cpu_read(l2ra_copy_rec.in) == in &&
	       this_cpu_read(l2ra_copy_rec.v6) == v6;
}

unsigned int l2ra_relay4_copy(struct l2ra_net *ln, struct net_device *out);
unsigned int l2ra_relay4_pre_routing(struct sk_buff *skb,
				     struct l2ra_pkt_ctx *ctx);
unsigned int l2ra_relay4_forward(struct sk_buff *skb,
				 struct l2ra_pkt_ctx *ctx);
unsigned int l2ra_relay4_local_out(struct sk_buff *skb,
				   struct l2ra_pkt_ctx *ctx);

#endif /* _L2RA_RELAY4_H */
