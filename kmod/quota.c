// SPDX-License-Identifier: GPL-2.0
/*
 * Per-port quotas on the packet path, so that no subscriber can starve the
 * others (see "Quotas" in include/uapi/linux/l2ra.h): the DHCP rate limit
 * and the count of transaction-table entries a port holds.  The per-port
 * lease limit lives with the lease table (lease.c).
 *
 * The quotas hold for every untrusted port, with or without a configuration
 * entry, so their state is not kept in struct l2ra_port: a struct
 * l2ra_quota per port, keyed by ifindex, is added by the first DHCP packet
 * the port sends (GFP_ATOMIC; a port whose state cannot be allocated is not
 * limited) and removed when the port leaves its bridge or goes away.  Their
 * number is bounded by the number of bridge ports, which subscribers do not
 * control.  Readers look it up under RCU; adding and removing take
 * ln->quota_lock.
 *
 * The rate limiter is a token bucket in nanoseconds, as WireGuard's is: a
 * packet costs NSEC_PER_SEC / rate, the bucket holds burst packets' worth
 * and fills with the time that passes.  Its few fields are guarded by a
 * per-port spinlock, held for a handful of instructions: packets of one
 * port entering on several CPUs each see the bucket as the last one left it.
 */
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>

#include "l2ra.h"

void l2ra_quota_init(struct l2ra_net *ln)
{
	spin_lock_init(&ln->quota_lock);
	hash_init(ln->quotas);
}

/* At namespace exit, once no packet can reach the relay any more. */
void l2ra_quota_destroy(struct l2ra_net *ln)
{
	struct hlist_node *tmp;
	struct l2ra_quota *q;
	int bkt;

	hash_for_each_safe(ln->quotas, bkt, tmp, q, node) {
		hash_del(&q->node);
		kfree(q);
	}
}

/*
 * The transaction table went with the relay (main.c): no port holds an
 * entry of the next one.  The hooks are gone, so no packet counts here.
 */
void l2ra_quota_xids_reset(struct l2ra_net *ln)
{
	struct l2ra_quota *q;
	int bkt;

	spin_lock_bh(&ln->quota_lock);
	hash_for_each(ln->quotas, bkt, q, node)
		atomic_set(&q->xids, 0);
	spin_unlock_bh(&ln->quota_lock);
}

struct l2ra_quota *l2ra_quota_find_rcu(struct l2ra_net *ln, int ifindex)
{
	struct l2ra_quota *q;

	hash_for_each_possible_rcu(ln->quotas, q, node, ifindex)
		if (q->ifindex == ifindex)
			return q;
	return NULL;
}

struct l2ra_quota *l2ra_quota_get_rcu(struct l2ra_net *ln, int ifindex)
{
	struct l2ra_quota *q, *old;

	q = l2ra_quota_find_rcu(ln, ifindex);
	if (likely(q))
		return q;
	q = kzalloc(sizeof(*q), GFP_ATOMIC);
	if (!q)
		return NULL;
	q->ifindex = ifindex;
	spin_lock_init(&q->lock);
	/* A port starts with a full bucket. */
	q->tokens = U64_MAX;
	q->last = ktime_get_ns();
	atomic_set(&q->xids, 0);

	spin_lock_bh(&ln->quota_lock);
	old = l2ra_quota_find_rcu(ln, ifindex);
	if (old) {
		spin_unlock_bh(&ln->quota_lock);
		kfree(q);
		return old;
	}
	hash_add_rcu(ln->quotas, &q->node, ifindex);
	spin_unlock_bh(&ln->quota_lock);
	return q;
}

/*
 * Process context, under RTNL.  A packet of the port still in flight may
 * add a new state after this; it is found again if the port comes back,
 * and freed with the namespace otherwise.
 */
void l2ra_quota_forget(struct l2ra_net *ln, int ifindex)
{
	struct l2ra_quota *q;

	spin_lock_bh(&ln->quota_lock);
	q = l2ra_quota_find_rcu(ln, ifindex);
	if (q)
		hash_del_rcu(&q->node);
	spin_unlock_bh(&ln->quota_lock);
	if (q)
		kfree_rcu(q, rcu);
}

bool l2ra_rate_allow(struct l2ra_quota *q, const struct l2ra_port_cfg *cfg)
{
	u64 cost, cap, now, tokens;
	bool ok;

	/* A port whose state could not be allocated is not limited. */
	if (!cfg->rate || unlikely(!q))
		return true;
	/* rate <= L2RA_RATE_MAX, burst <= L2RA_BURST_MAX: cap < 2^47. */
	cost = NSEC_PER_SEC / cfg->rate;
	cap = cost * max(cfg->burst, 1U);
	now = ktime_get_ns();

	spin_lock_bh(&q->lock);
	tokens = q->tokens;
	if (now > q->last)
		tokens = min(tokens, cap) + min(now - q->last, cap);
	tokens = min(tokens, cap);
	q->last = now;
	ok = tokens >= cost;
	if (ok)
		tokens -= cost;
	q->tokens = tokens;
	spin_unlock_bh(&q->lock);
	return ok;
}

bool l2ra_xid_over_quota(struct l2ra_net *ln, int ifindex)
{
	const struct l2ra_port_cfg *cfg = NULL;
	struct l2ra_port *port;
	struct l2ra_quota *q;
	u32 max = L2RA_PORT_XID_MAX_DEFAULT;

	q = l2ra_quota_find_rcu(ln, ifindex);
	if (!q)
		return false;
	port = l2ra_port_find_rcu(ln, ifindex);
	if (port)
		cfg = rcu_dereference(port->cfg);
	if (cfg)
		max = cfg->xid_max;
	return max && atomic_read(&q->xids) >= max;
}
