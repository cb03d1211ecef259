/* SPDX-License-Identifier: GPL-2.0 */
/*
 * l2ra internal interfaces: the per-namespace state and what the files of
 * the module call in each other.
 */
#ifndef _L2RA_H
#define _L2RA_H

#include <linux/atomic.h>
#include <linux/hashtable.h>
#include <linux/in6.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/rhashtable-types.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/udp.h>
#include <linux/u64_stats_sync.h>
#include <net/netns/generic.h>
#include <uapi/linux/l2ra.h>

struct nf_hook_ops;
struct nf_hook_state;

struct l2ra_xid_table;
struct l2ra_lease_table;
struct l2ra_cidmap;

/* Per-CPU counters, indexed by enum l2ra_stat. */
struct l2ra_pcpu_stats {
	u64_stats_t cnt[__L2RA_STAT_MAX];
	struct u64_stats_sync syncp;
};

struct l2ra_stats {
	struct l2ra_pcpu_stats __percpu *pcpu;
};

/*
 * Port and bridge configuration is immutable once published: writers build
 * a new copy under l2ra_net.lock and swap the RCU pointer, so the packet path
 * reads a consistent set of fields without locks.
 */
struct l2ra_port_cfg {
	u8 role;			/* enum l2ra_role */
	u8 opt82_policy;		/* enum l2ra_opt82_policy */
	bool unicast;
	bool chaddr_check;
	u8 circuit_id_len;		/* 0: default circuit-id */
	u8 remote_id_len;		/* 0: the bridge's remote-id */
	u8 circuit_id[L2RA_CIRCUIT_ID_MAX];
	u8 remote_id[L2RA_REMOTE_ID_MAX];
	u32 lease_max;			/* 0: no per-port lease limit */
	u32 xid_max;			/* 0: no transaction-table quota */
	u32 rate;			/* DHCP packets per second, 0: off */
	u32 burst;			/* packets */
	u8 source_guard;		/* enum l2ra_source_guard */
	bool arp_guard;
	/*
	 * Its default circuit-id names another port of the bridge too (it
	 * joined, or it or the bridge was renamed, into it): it has none,
	 * matches no reply and its requests are dropped (ids.c, config.c).
	 */
	bool cid_disabled;
	struct rcu_head rcu;
};

struct l2ra_rai_cache;

struct l2ra_port {
	struct hlist_node node;		/* l2ra_net.ports, keyed by ifindex */
	struct net_device *dev;
	netdevice_tracker dev_tracker;
	struct l2ra_port_cfg __rcu *cfg;
	/* Its option 82, built by the packet path (rai_cache.c). */
	struct l2ra_rai_cache __rcu *rai;
	bool guarded;			/* in guard_mask, under ln->lock */
	struct l2ra_stats stats;
	struct rcu_head rcu;
};

struct l2ra_bridge_cfg {
	bool enabled;
	bool relay6_off;		/* DHCPv6 left alone (relay6.c) */
	u32 enterprise;			/* of the DHCPv6 Remote-ID */
	u8 remote_id_len;		/* 0: the bridge's MAC address */
	u8 relay_id_len;		/* 0: DUID-LL of the bridge's MAC */
	u8 remote_id[L2RA_REMOTE_ID_MAX];
	u8 relay_id[L2RA_RELAY_ID_MAX];
	struct rcu_head rcu;
};

struct l2ra_bridge {
	struct hlist_node node;		/* l2ra_net.bridges, keyed by ifindex */
	struct net_device *dev;
	netdevice_tracker dev_tracker;
	struct l2ra_bridge_cfg __rcu *cfg;
	struct rcu_head rcu;
};

#define L2RA_PORT_HASH_BITS	8
#define L2RA_BRIDGE_HASH_BITS	4
#define L2RA_QUOTA_HASH_BITS	6

struct l2ra_net {
	struct net *net;
	struct mutex lock;		/* serialises configuration writers */
	DECLARE_HASHTABLE(ports, L2RA_PORT_HASH_BITS);
	DECLARE_HASHTABLE(bridges, L2RA_BRIDGE_HASH_BITS);
	struct l2ra_stats stats;	/* namespace totals */
	/* Bumped when an input of the ports' option 82 changes. */
	atomic_t rai_gen;
	struct l2ra_xid_table *xids;	/* while relay_on */
	/* From the first relay bridge or LEASE_ADD to the namespace's exit. */
	struct l2ra_lease_table __rcu *leases;
	u32 lease_max;			/* the namespace's lease limit */
	/* From the first relay bridge to the namespace's exit. */
	struct l2ra_cidmap __rcu *cidmap;
	/* quota.c: per-port packet-path state, keyed by ifindex */
	spinlock_t quota_lock;		/* serialises adding and removing */
	DECLARE_HASHTABLE(quotas, L2RA_QUOTA_HASH_BITS);
	/* Bit ifindex % BITS_PER_LONG of each guarded port (guard.c). */
	unsigned long guard_mask;
	unsigned int guard_ports;	/* guarded ports, under lock */
	/* The bridge hooks, .priv = this, while registered (hook.c). */
	struct nf_hook_ops *hook_ops;
	bool relay_on;			/* relay tables there, under lock */
};

extern unsigned int l2ra_net_id;

static inline struct l2ra_net *l2ra_pernet(const struct net *net)
{
	return net_generic(net, l2ra_net_id);
}

/* stats.c */
int l2ra_stats_init(struct l2ra_stats *s);
void l2ra_stats_free(struct l2ra_stats *s);
void l2ra_stats_sum(const struct l2ra_stats *s, u64 *out);

static inline void l2ra_stats_inc(struct l2ra_stats *s, enum l2ra_stat id)
{
	struct l2ra_pcpu_stats *p = this_cpu_ptr(s->pcpu);

	u64_stats_update_begin(&p->syncp);
	u64_stats_inc(&p->cnt[id]);
	u64_stats_update_end(&p->syncp);
}

/*
 * Make a datagram ending at @end writable for an edit (relay4.c, relay6.c):
 * drop link-layer padding and anything past it, unshare a cloned head, and
 * leave the skb linear, so that it ends where the DHCP message ends.
 */
static inline int l2ra_skb_prepare(struct sk_buff *skb, unsigned int end)
{
	if (pskb_trim_rcsum(skb, end))
		return -ENOMEM;
	if (skb_ensure_writable(skb, end))
		return -ENOMEM;
	if (skb_is_nonlinear(skb) && __skb_linearize(skb))
		return -ENOMEM;
	return 0;
}

/*
 * Leave the UDP checksum of an edited datagram (its header at @uoff from
 * skb->data) to the port it leaves by: the skb turns CHECKSUM_PARTIAL, so
 * a device with checksum offload sums it in hardware, one without in
 * skb_checksum_help() on the way out, and a veth peer's stack takes it as
 * it takes any offloaded one.  Only for a datagram whose old checksum was
 * verified or vouched for (CHECKSUM_UNNECESSARY): the new one covers every
 * byte.  The caller seeds uh->check with the pseudo-header.
 */
static inline bool l2ra_csum_defer(struct sk_buff *skb, unsigned int uoff)
{
	return skb_partial_csum_set(skb, uoff, offsetof(struct udphdr, check));
}

/* config.c: lookups for the packet path (under rcu_read_lock) */
struct l2ra_port *l2ra_port_find_rcu(struct l2ra_net *ln, int ifindex);
struct l2ra_bridge *l2ra_bridge_find_rcu(struct l2ra_net *ln, int ifindex);
/* and for the control path (under ln->lock) */
struct l2ra_port *l2ra_port_find(struct l2ra_net *ln, int ifindex);
struct l2ra_bridge *l2ra_bridge_find(struct l2ra_net *ln, int ifindex);
int l2ra_port_set(struct l2ra_net *ln, struct net_device *dev,
		  const struct l2ra_port_cfg *cfg);
void l2ra_port_del(struct l2ra_net *ln, struct l2ra_port *port);
int l2ra_bridge_set(struct l2ra_net *ln, struct net_device *dev,
		    const struct l2ra_bridge_cfg *cfg);
void l2ra_bridge_del(struct l2ra_net *ln, struct l2ra_bridge *br);
void l2ra_config_flush(struct l2ra_net *ln);
int l2ra_notifier_register(void);
void l2ra_notifier_unregister(void);

/* ids.c: the ids l2ra puts in option 82, configured or default */
size_t l2ra_circuit_id(const struct net_device *brdev,
		       const struct net_device *port,
		       const struct l2ra_port_cfg *cfg, u16 vid, u8 *buf,
		       size_t cap);
size_t l2ra_remote_id(const struct net_device *brdev,
		      const struct l2ra_bridge_cfg *bcfg,
		      const struct l2ra_port_cfg *pcfg, u8 *buf, size_t cap);
size_t l2ra_relay_id(const struct net_device *brdev,
		     const struct l2ra_bridge_cfg *bcfg, u8 *buf, size_t cap);
bool l2ra_circuit_id_match(const struct net_device *brdev,
			   const struct net_device *port,
			   const struct l2ra_port_cfg *cfg,
			   const u8 *id, size_t len);
bool l2ra_circuit_id_taken(struct l2ra_net *ln, struct net_device *brdev,
			   struct net_device *dev,
			   const struct l2ra_port_cfg *cfg);
void l2ra_port_cid_check(struct l2ra_net *ln, struct net_device *dev);

/* rai_cache.c: the option 82 of a port, built once */
void l2ra_rai_changed(struct l2ra_net *ln);
void l2ra_rai_free(struct l2ra_port *port);

/* cidmap.c: circuit-id -> port of the relay bridges, see cidmap.c */
int l2ra_cidmap_ensure(struct l2ra_net *ln);
void l2ra_cidmap_destroy(struct l2ra_net *ln);
void l2ra_cidmap_port_sync(struct l2ra_net *ln, struct net_device *dev);
void l2ra_cidmap_port_forget(struct l2ra_net *ln, int ifindex);
void l2ra_cidmap_bridge_sync(struct l2ra_net *ln, struct net_device *brdev);
void l2ra_cidmap_bridge_forget(struct l2ra_net *ln, int br_ifindex);
struct net_device *l2ra_cidmap_lookup_rcu(struct l2ra_net *ln,
					  const struct net_device *brdev,
					  const u8 *id, size_t len);

/* main.c */
int l2ra_relay_sync(struct l2ra_net *ln, bool want);
int l2ra_hooks_sync(struct l2ra_net *ln, bool want);

/* guard.c: source guard and ARP inspection, see guard.c */
bool l2ra_guard_wanted(const struct l2ra_port_cfg *cfg);
int l2ra_guard_sync(struct l2ra_net *ln, struct l2ra_port *port, bool want);
unsigned int l2ra_guard(struct l2ra_net *ln, struct sk_buff *skb,
			const struct nf_hook_state *state);

/* relay4.c: the VLAN the bridge classifies a frame entering @in into */
u16 l2ra_vid_classify(const struct sk_buff *skb,
		      const struct net_device *brdev,
		      const struct net_device *in, unsigned int nhoff);

/* hook.c */
int l2ra_hooks_register(struct l2ra_net *ln);
void l2ra_hooks_unregister(struct l2ra_net *ln);

/*
 * quota.c: what the packet path keeps per port, whether the port has an
 * entry or not: its DHCP token bucket and its transaction-table entries.
 */
struct l2ra_quota {
	struct hlist_node node;		/* l2ra_net.quotas */
	int ifindex;
	spinlock_t lock;		/* guards the bucket */
	u64 tokens;			/* nanoseconds of credit */
	u64 last;			/* ktime_get_ns() of the last refill */
	atomic_t xids;			/* transaction-table entries held */
	struct rcu_head rcu;
};

void l2ra_quota_init(struct l2ra_net *ln);
void l2ra_quota_destroy(struct l2ra_net *ln);
void l2ra_quota_xids_reset(struct l2ra_net *ln);
/* Under rcu_read_lock(); get may add the port's state (NULL: no memory). */
struct l2ra_quota *l2ra_quota_find_rcu(struct l2ra_net *ln, int ifindex);
struct l2ra_quota *l2ra_quota_get_rcu(struct l2ra_net *ln, int ifindex);
/* The port left its bridge or went away. */
void l2ra_quota_forget(struct l2ra_net *ln, int ifindex);
/*
 * Under rcu_read_lock(): may the port whose state is @q (from
 * l2ra_quota_get_rcu(), NULL if none could be added), configured @cfg, send
 * a packet?
 */
bool l2ra_rate_allow(struct l2ra_quota *q, const struct l2ra_port_cfg *cfg);
/* Under rcu_read_lock(): does the port hold its xid-max of entries or more? */
bool l2ra_xid_over_quota(struct l2ra_net *ln, int ifindex);

/* xid.c: in-flight transactions, for servers that do not echo option 82 */
struct l2ra_xid_table *l2ra_xid_alloc(void);
void l2ra_xid_free(struct l2ra_xid_table *t);
enum l2ra_xid_result {
	L2RA_XID_ADDED,
	L2RA_XID_EVICTED,	/* a live entry of another transaction went */
	L2RA_XID_REFUSED,	/* the port is at its xid-max: not recorded */
};

enum l2ra_xid_result l2ra_xid_insert(struct l2ra_net *ln, u32 xid,
				     const u8 *chaddr, int ifindex,
				     struct l2ra_quota *mine, u32 xid_max);
/* Returns the ifindex of the port that sent the request, or 0. */
int l2ra_xid_lookup(struct l2ra_xid_table *t, u32 xid, const u8 *chaddr);

/*
 * lease.c: the lease table, see the comment at the top of lease.c.  An IPv4
 * lease is keyed by {mac, vid} (family AF_INET, the rest 0), an IPv6
 * binding by {addr6, plen, vid} (family AF_INET6): its mac is not part of
 * the key.
 */
struct l2ra_lease_key {
	u8 mac[ETH_ALEN];
	u16 vid;
	u8 family;			/* AF_INET or AF_INET6 */
	u8 plen;			/* IA_PD prefix length, 0: IA_NA */
	u16 pad;			/* 0 */
	struct in6_addr addr6;		/* IPv6 only, else 0 */
} __aligned(4);

/* The key of the address index. */
struct l2ra_lease_addr_key {
	__be32 addr;
	u16 vid;
	u16 pad;			/* 0 */
};

struct l2ra_lease {
	struct rhash_head node;		/* l2ra_lease_table.ht */
	struct rhlist_head anode;	/* l2ra_lease_table.addrs */
	struct l2ra_lease_key key;
	struct l2ra_lease_addr_key akey;
	__be32 addr;
	__be32 server_id;
	int ifindex;			/* the subscriber port */
	u32 lease_time;			/* seconds granted */
	time64_t expiry;		/* boot-time seconds */
	time64_t cltt;			/* wall-clock seconds */
	u32 flags;			/* L2RA_LEASE_F_* */
	u32 preferred;			/* IPv6: preferred lifetime, seconds */
	/* expiry wheel slot, or the static bindings' list; under the lock */
	struct hlist_node wheel;
	struct rcu_head rcu;
};

/* What a lease is learned or given with. */
struct l2ra_lease_info {
	const u8 *mac;
	u16 vid;
	__be32 addr;
	__be32 server_id;
	int ifindex;
	u32 lease_time;
	u32 expires;			/* seconds from now, > 0 */
	time64_t cltt;			/* wall clock */
	u32 flags;			/* L2RA_LEASE_F_*; static: no expiry */
	/* IPv6 bindings: family AF_INET6 (0 reads as AF_INET) */
	u8 family;
	u8 plen;			/* IA_PD prefix length, 0: IA_NA */
	const struct in6_addr *addr6;	/* then @mac may be NULL */
	u32 preferred;
};

/* Filter of a flush or dump: 0 / false matches everything. */
struct l2ra_lease_filter {
	int ifindex;
	int br_ifindex;
	bool has_vid;
	bool has_addr;
	bool has_flags;			/* static bindings or learned leases */
	u8 family;			/* AF_INET or AF_INET6, 0: both */
	u16 vid;
	__be32 addr;
	u32 flags;			/* L2RA_LEASE_F_STATIC or 0 */
};

int l2ra_lease_module_init(void);
void l2ra_lease_module_exit(void);
void l2ra_lease_table_init(struct l2ra_net *ln);
int l2ra_lease_table_ensure(struct l2ra_net *ln);
void l2ra_lease_table_destroy(struct l2ra_net *ln);
/* Packet path (softirq, under rcu_read_lock) and netlink. */
int l2ra_lease_upsert(struct l2ra_net *ln, const struct l2ra_lease_info *li,
		      enum l2ra_lease_event ev, bool *renewed);
int l2ra_lease_remove(struct l2ra_net *ln, const u8 *mac, u16 vid,
		      int ifindex, enum l2ra_lease_event ev);
int l2ra_lease_give_back(struct l2ra_net *ln, const u8 *mac, u16 vid,
			 int ifindex, __be32 addr, enum l2ra_lease_event ev);
struct l2ra_lease *l2ra_lease_lookup_rcu(struct l2ra_net *ln, const u8 *mac,
					 u16 vid);
/* IPv6 bindings, by {address or prefix, prefix length (0: IA_NA), vid}. */
struct l2ra_lease *l2ra_lease6_lookup_rcu(struct l2ra_net *ln,
					  const struct in6_addr *addr,
					  u8 plen, u16 vid);
int l2ra_lease6_remove(struct l2ra_net *ln, const struct in6_addr *addr,
		       u8 plen, u16 vid, int ifindex,
		       enum l2ra_lease_event ev);
enum l2ra_bound {
	L2RA_NOT_BOUND,
	L2RA_BOUND,
	L2RA_BOUND_OTHER_MAC,
};

enum l2ra_bound l2ra_lease_bound_rcu(struct l2ra_net *ln, __be32 addr,
				     u16 vid, int ifindex, const u8 *mac);
bool l2ra_lease_match_rcu(struct l2ra_net *ln, const struct l2ra_lease *l,
			  const struct l2ra_lease_filter *f);
unsigned int l2ra_lease_flush(struct l2ra_net *ln,
			      const struct l2ra_lease_filter *f,
			      struct net_device *dev, struct net_device *brdev);
u32 l2ra_lease_count(struct l2ra_net *ln);
u32 l2ra_lease_gen(struct l2ra_net *ln);
u32 l2ra_lease_max(struct l2ra_net *ln);
void l2ra_lease_set_max(struct l2ra_net *ln, u32 max);
u32 l2ra_lease_port_count(struct l2ra_net *ln, int ifindex);
u32 l2ra_lease_expires(const struct l2ra_lease *l);
struct rhashtable *l2ra_lease_ht(struct l2ra_net *ln);

/* netlink.c */
void l2ra_port_cfg_default(struct l2ra_port_cfg *cfg);
int l2ra_genl_register(void);
void l2ra_genl_unregister(void);
/*
 * Sends an L2RA_CMD_LEASE_NOTIFY to L2RA_MCGRP_LEASES if anyone listens.
 * @dev and @brdev, if not NULL, are the port and its bridge when they can no
 * longer be looked up (the port is leaving).  Atomic context.
 */
void l2ra_lease_notify(struct l2ra_net *ln, const struct l2ra_lease *l,
		       enum l2ra_lease_event ev, struct net_device *dev,
		       struct net_device *brdev);

#endif /* _L2RA_H */
