// SPDX-License-Identifier: GPL-2.0
/*
 * The option 82 a port's client messages carry, built once per port.
 *
 * Building it per message (the circuit-id from two interface names, the
 * remote-id and relay-id from the configuration or the bridge's address,
 * then the option) cost about 460 guest instructions of a DHCPDISCOVER's
 * 7,400 (Documentation/performance.rst).  It changes only when the
 * configuration or a name or address does, so each port entry keeps the
 * last option built, for one VLAN, tagged with the namespace's generation
 * of those inputs (l2ra_net.rai_gen).  Whatever changes an input bumps the
 * generation after the change (l2ra_rai_changed()): a message that reads
 * the new generation builds from the new inputs, and a cache built from
 * the old ones carries an older generation and is built again.
 *
 * The packet path builds and publishes; a replaced cache goes after a grace
 * period, and the port's own with the port (config.c), after the grace
 * period that ends every reader that could still publish into it.
 */
#include <linux/atomic.h>
#include <linux/overflow.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "dhcp_opt.h"
#include "relay4.h"

struct l2ra_rai_cache {
	struct rcu_head rcu;
	unsigned int gen;	/* l2ra_net.rai_gen it was built under */
	u16 vid;		/* the VLAN of the circuit-id's suffix, or 0 */
	u16 len;
	u8 opt[];
};

/**
 * l2ra_rai_changed - an input of the ports' option 82 has changed
 * @ln: the namespace
 *
 * Called after the change is visible: a port or bridge configuration
 * published, a device renamed, readdressed, or moved under a bridge.
 */
void l2ra_rai_changed(struct l2ra_net *ln)
{
	/* Pairs with the acquire in l2ra_rai_opt(): change, then number. */
	smp_mb__before_atomic();
	atomic_inc(&ln->rai_gen);
}

static size_t l2ra_rai_build(const struct l2ra_pkt_ctx *ctx,
			     const struct l2ra_port_cfg *pcfg, u16 vid,
			     u8 *buf, size_t cap)
{
	u8 cid[L2RA_CIRCUIT_ID_MAX], rid[L2RA_REMOTE_ID_MAX];
	u8 relay[L2RA_RELAY_ID_MAX];
	size_t cid_len, rid_len, relay_len;

	cid_len = l2ra_circuit_id(ctx->brdev, ctx->in, pcfg, vid, cid,
				  sizeof(cid));
	rid_len = l2ra_remote_id(ctx->brdev, ctx->bcfg, pcfg, rid,
				 sizeof(rid));
	relay_len = l2ra_relay_id(ctx->brdev, ctx->bcfg, relay, sizeof(relay));
	return dhcp_rai_build(buf, cap, cid, cid_len, rid, rid_len, relay,
			      relay_len);
}

/**
 * l2ra_rai_opt - the option 82 for a client message entering a port
 * @ctx: the packet's context (ctx->in is the port)
 * @port: its entry, or NULL if it has none (nothing is cached then)
 * @pcfg: its configuration
 * @vid: the VLAN the message was classified into, 0 for none
 * @buf: room to build the option in, 2 + DHCP_RAI_MAX octets
 * @len: set to the option's length
 *
 * Under rcu_read_lock(), in softirq context: the cache is allocated with
 * GFP_ATOMIC, and a failure only means the next message builds it again.
 *
 * Return: the option (in the port's cache or in @buf), NULL if it does not
 * fit in an option.
 */
const u8 *l2ra_rai_opt(const struct l2ra_pkt_ctx *ctx, struct l2ra_port *port,
		       const struct l2ra_port_cfg *pcfg, u16 vid, u8 *buf,
		       size_t *len)
{
	unsigned int gen = atomic_read_acquire(&ctx->ln->rai_gen);
	struct l2ra_rai_cache *c = NULL, *new, *old;
	size_t n;

	if (port) {
		c = rcu_dereference(port->rai);
		if (c && c->gen == gen && c->vid == vid) {
			*len = c->len;
			return c->opt;
		}
	}
	n = l2ra_rai_build(ctx, pcfg, vid, buf, 2 + DHCP_RAI_MAX);
	if (!n)
		return NULL;
	*len = n;
	/*
	 * A port whose clients come on several VLANs keeps the first one's
	 * until an input changes, rather than allocating per message.
	 */
	if (!port || (c && c->gen == gen))
		return buf;
	new = kmalloc(struct_size(new, opt, n), GFP_ATOMIC | __GFP_NOWARN);
	if (!new)
		return buf;
	new->gen = gen;
	new->vid = vid;
	new->len = n;
	memcpy(new->opt, buf, n);
	/* Two CPUs may both publish: each frees the one it replaced. */
	old = unrcu_pointer(xchg(&port->rai, RCU_INITIALIZER(new)));
	if (old)
		kfree_rcu(old, rcu);
	return buf;
}

/* The port's cache, once no reader can publish into it (config.c). */
void l2ra_rai_free(struct l2ra_port *port)
{
	kfree(rcu_dereference_protected(port->rai, 1));
}
