// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family: configuration and counters, as documented in
 * include/uapi/linux/l2ra.h.
 *
 * Readers (*_GET) work under rcu_read_lock().  Writers (*_SET, *_DEL) take
 * RTNL, then ln->lock, validate the whole request and only then change
 * anything.
 */
#include <linux/if_bridge.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "l2ra.h"

static struct genl_family l2ra_genl_family;

/* Dumps keep their state in cb->args. */
enum {
	L2RA_DUMP_FILTER,	/* bridge ifindex to restrict a port dump to */
	L2RA_DUMP_BUCKET,	/* hash bucket to resume at */
	L2RA_DUMP_INDEX,	/* entries of that bucket already done */
	L2RA_DUMP_CHECKED,	/* the request passed l2ra_dump_check() */
};

#define L2RA_POLICY_DEV							\
	[L2RA_A_IFINDEX]	= { .type = NLA_U32 },			\
	[L2RA_A_IFNAME]		= { .type = NLA_NUL_STRING,		\
				    .len = IFNAMSIZ - 1 }

static const struct nla_policy l2ra_dev_policy[L2RA_A_MAX + 1] = {
	L2RA_POLICY_DEV,
};

static const struct nla_policy l2ra_port_get_policy[L2RA_A_MAX + 1] = {
	L2RA_POLICY_DEV,
	[L2RA_A_BRIDGE_IFINDEX]	= { .type = NLA_U32 },
};

/* Beyond what NLA_POLICY_RANGE()'s s16 bounds hold on 6.1. */
static struct netlink_range_validation l2ra_xid_max_range = {
	.max = L2RA_XID_TABLE_SIZE,
};

static struct netlink_range_validation l2ra_rate_range = {
	.max = L2RA_RATE_MAX,
};

static struct netlink_range_validation l2ra_burst_range = {
	.min = 1,
	.max = L2RA_BURST_MAX,
};

static const struct nla_policy l2ra_port_set_policy[L2RA_A_MAX + 1] = {
	L2RA_POLICY_DEV,
	[L2RA_A_ROLE]		= NLA_POLICY_MAX(NLA_U8, L2RA_ROLE_MAX),
	[L2RA_A_CIRCUIT_ID]	= { .type = NLA_BINARY,
				    .len = L2RA_CIRCUIT_ID_MAX },
	[L2RA_A_REMOTE_ID]	= { .type = NLA_BINARY,
				    .len = L2RA_REMOTE_ID_MAX },
	[L2RA_A_OPT82_POLICY]	= NLA_POLICY_MAX(NLA_U8, L2RA_OPT82_MAX),
	[L2RA_A_UNICAST]	= NLA_POLICY_MAX(NLA_U8, 1),
	[L2RA_A_CHADDR_CHECK]	= NLA_POLICY_MAX(NLA_U8, 1),
	[L2RA_A_LEASE_MAX]	= { .type = NLA_U32 },
	[L2RA_A_XID_MAX]	= NLA_POLICY_FULL_RANGE(NLA_U32,
							&l2ra_xid_max_range),
	[L2RA_A_RATE]		= NLA_POLICY_FULL_RANGE(NLA_U32,
							&l2ra_rate_range),
	[L2RA_A_BURST]		= NLA_POLICY_FULL_RANGE(NLA_U32,
							&l2ra_burst_range),
	[L2RA_A_SOURCE_GUARD]	= NLA_POLICY_MAX(NLA_U8, L2RA_SOURCE_GUARD_MAX),
	[L2RA_A_ARP_GUARD]	= NLA_POLICY_MAX(NLA_U8, 1),
};

#define L2RA_POLICY_LEASE_KEY						\
	[L2RA_A_MAC]		= NLA_POLICY_EXACT_LEN(ETH_ALEN),	\
	[L2RA_A_VID]		= NLA_POLICY_MAX(NLA_U16, VLAN_N_VID - 2)

/* An IPv6 binding's key, with L2RA_A_VID. */
#define L2RA_POLICY_LEASE6_KEY						\
	[L2RA_A_ADDR6]		= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)), \
	[L2RA_A_PREFIX_LEN]	= NLA_POLICY_RANGE(NLA_U8, 1, 128)

static const struct nla_policy l2ra_lease_get_policy[L2RA_A_MAX + 1] = {
	L2RA_POLICY_DEV,
	L2RA_POLICY_LEASE_KEY,
	L2RA_POLICY_LEASE6_KEY,
	[L2RA_A_BRIDGE_IFINDEX]	= { .type = NLA_U32 },
	[L2RA_A_ADDR]		= { .type = NLA_BE32 },
	/* AF_INET or AF_INET6, the values between refused in the code */
	[L2RA_A_FAMILY]		= NLA_POLICY_RANGE(NLA_U8, AF_INET, AF_INET6),
};

static const struct nla_policy l2ra_lease_add_policy[L2RA_A_MAX + 1] = {
	L2RA_POLICY_DEV,
	L2RA_POLICY_LEASE_KEY,
	[L2RA_A_BRIDGE_IFINDEX]	= { .type = NLA_U32 },
	[L2RA_A_CIRCUIT_ID]	= { .type = NLA_BINARY,
				    .len = L2RA_CIRCUIT_ID_MAX },
	[L2RA_A_ADDR]		= { .type = NLA_BE32 },
	[L2RA_A_EXPIRES]	= NLA_POLICY_MIN(NLA_U32, 1),
	[L2RA_A_LEASE_TIME]	= { .type = NLA_U32 },
	[L2RA_A_SERVER_ID]	= { .type = NLA_BE32 },
	[L2RA_A_CLTT]		= { .type = NLA_U64 },
	[L2RA_A_LEASE_FLAGS]	= NLA_POLICY_MASK(NLA_U32, L2RA_LEASE_F_STATIC),
	L2RA_POLICY_LEASE6_KEY,
	[L2RA_A_PREFERRED]	= { .type = NLA_U32 },
};

static const struct nla_policy l2ra_lease_del_policy[L2RA_A_MAX + 1] = {
	L2RA_POLICY_LEASE_KEY,
	L2RA_POLICY_LEASE6_KEY,
};

static const struct nla_policy l2ra_lease_flush_policy[L2RA_A_MAX + 1] = {
	L2RA_POLICY_DEV,
	[L2RA_A_BRIDGE_IFINDEX]	= { .type = NLA_U32 },
	[L2RA_A_LEASE_FLAGS]	= NLA_POLICY_MASK(NLA_U32, L2RA_LEASE_F_STATIC),
};

/* CONFIG_GET takes no attribute: every one is rejected. */
static const struct nla_policy l2ra_config_get_policy[L2RA_A_MAX + 1] = {
};

static const struct nla_policy l2ra_config_set_policy[L2RA_A_MAX + 1] = {
	[L2RA_A_LEASE_MAX]	= { .type = NLA_U32 },
};

static const struct nla_policy l2ra_bridge_set_policy[L2RA_A_MAX + 1] = {
	L2RA_POLICY_DEV,
	[L2RA_A_ENABLED]	= NLA_POLICY_MAX(NLA_U8, 1),
	[L2RA_A_REMOTE_ID]	= { .type = NLA_BINARY,
				    .len = L2RA_REMOTE_ID_MAX },
	[L2RA_A_RELAY_ID]	= { .type = NLA_BINARY,
				    .len = L2RA_RELAY_ID_MAX },
	[L2RA_A_RELAY6]		= NLA_POLICY_MAX(NLA_U8, 1),
	[L2RA_A_ENTERPRISE]	= { .type = NLA_U32 },
};

/*
 * The attributes of a dump request, for its checks.  The core has validated
 * them already; parsing them again here spares us the layout of struct
 * genl_dumpit_info, which differs between kernel versions.
 */
static int l2ra_dump_attrs(struct netlink_callback *cb,
			   const struct nla_policy *policy,
			   struct nlattr **attrs)
{
	return nlmsg_parse(cb->nlh, GENL_HDRLEN, attrs, L2RA_A_MAX, policy,
			   cb->extack);
}

#define l2ra_nl_deref(ln, p) \
	rcu_dereference_protected(p, lockdep_is_held(&(ln)->lock))

static struct l2ra_net *l2ra_dump_pernet(struct netlink_callback *cb)
{
	return l2ra_pernet(sock_net(cb->skb->sk));
}

/*
 * Checks of a dump request beyond its policy, made once: by .start where
 * the core gives it cb->extack, so that the error comes back in the ACK
 * with the offending attribute's offset.  Kernels before 6.5 (6.1) call
 * .start without cb->extack, and a message set there would be lost: the
 * checks then wait for the first .dumpit call, whose error and message
 * the core sends in NLMSG_DONE (without the offset, which NLMSG_DONE does
 * not carry).
 */
static int l2ra_dump_check(struct netlink_callback *cb,
			   int (*check)(struct netlink_callback *cb))
{
	int err;

	if (cb->args[L2RA_DUMP_CHECKED])
		return 0;
	err = check(cb);
	if (!err)
		cb->args[L2RA_DUMP_CHECKED] = 1;
	return err;
}

/* .start of a dump: l2ra_dump_check() if an error can say why. */
static int l2ra_dump_check_start(struct netlink_callback *cb,
				 int (*check)(struct netlink_callback *cb))
{
	return cb->extack ? l2ra_dump_check(cb, check) : 0;
}

/*
 * The device named by L2RA_A_IFINDEX or L2RA_A_IFNAME.  Under RTNL if @rtnl,
 * else under rcu_read_lock().
 */
static struct net_device *l2ra_nl_dev(struct net *net, struct nlattr **attrs,
				      struct netlink_ext_ack *extack,
				      bool rtnl)
{
	struct nlattr *idx = attrs[L2RA_A_IFINDEX];
	struct nlattr *name = attrs[L2RA_A_IFNAME];
	struct net_device *dev;

	if (idx && name) {
		NL_SET_ERR_MSG_ATTR(extack, name,
				    "Give L2RA_A_IFINDEX or L2RA_A_IFNAME, not both");
		return ERR_PTR(-EINVAL);
	}
	if (idx) {
		int ifindex = nla_get_u32(idx);

		dev = rtnl ? __dev_get_by_index(net, ifindex) :
			     dev_get_by_index_rcu(net, ifindex);
	} else if (name) {
		dev = rtnl ? __dev_get_by_name(net, nla_data(name)) :
			     dev_get_by_name_rcu(net, nla_data(name));
	} else {
		NL_SET_ERR_MSG_MOD(extack,
				   "A device is needed: L2RA_A_IFINDEX or L2RA_A_IFNAME");
		return ERR_PTR(-EINVAL);
	}
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, idx ?: name, "No such device");
		return ERR_PTR(-ENODEV);
	}
	return dev;
}

static struct nlattr *l2ra_dev_attr(struct nlattr **attrs)
{
	return attrs[L2RA_A_IFINDEX] ?: attrs[L2RA_A_IFNAME];
}

/* Dumps list everything; a device is no filter. */
static int l2ra_dump_no_dev(struct netlink_callback *cb, struct nlattr **attrs)
{
	struct nlattr *attr = l2ra_dev_attr(attrs);

	if (attr) {
		NL_SET_ERR_MSG_ATTR(cb->extack, attr,
				    "No device with NLM_F_DUMP");
		return -EINVAL;
	}
	return 0;
}

static int l2ra_dev_dump_check(struct netlink_callback *cb)
{
	struct nlattr *attrs[L2RA_A_MAX + 1];
	int err;

	err = l2ra_dump_attrs(cb, l2ra_dev_policy, attrs);
	return err ?: l2ra_dump_no_dev(cb, attrs);
}

static int l2ra_dev_dump_start(struct netlink_callback *cb)
{
	return l2ra_dump_check_start(cb, l2ra_dev_dump_check);
}

static int l2ra_put_dev(struct sk_buff *msg, struct net_device *dev)
{
	if (nla_put_u32(msg, L2RA_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(msg, L2RA_A_IFNAME, dev->name))
		return -EMSGSIZE;
	return 0;
}

static int l2ra_put_stats(struct sk_buff *msg, const struct l2ra_stats *s)
{
	u64 v[__L2RA_STAT_MAX];
	struct nlattr *nest;
	int i;

	l2ra_stats_sum(s, v);
	nest = nla_nest_start(msg, L2RA_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = L2RA_STAT_PAD + 1; i < __L2RA_STAT_MAX; i++) {
		if (nla_put_u64_64bit(msg, i, v[i], L2RA_STAT_PAD)) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* Under rcu_read_lock(). */
static int l2ra_fill_port(struct sk_buff *msg, struct l2ra_port *port,
			  u32 portid, u32 seq, int flags)
{
	const struct l2ra_port_cfg *cfg = rcu_dereference(port->cfg);
	struct net_device *dev = port->dev;
	struct net_device *brdev;
	u8 cid[L2RA_CIRCUIT_ID_MAX];
	u32 defaults = 0;
	size_t cid_len;
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, &l2ra_genl_family, flags,
			  L2RA_CMD_PORT_GET);
	if (!hdr)
		return -EMSGSIZE;

	/* NULL only while the port is leaving its bridge. */
	brdev = netdev_master_upper_dev_get_rcu(dev);
	if (!cfg->circuit_id_len)
		defaults |= L2RA_DEFAULT_CIRCUIT_ID;
	if (!cfg->remote_id_len)
		defaults |= L2RA_DEFAULT_REMOTE_ID;

	if (l2ra_put_dev(msg, dev))
		goto err;
	if (brdev) {
		cid_len = l2ra_circuit_id(brdev, dev, cfg, 0, cid, sizeof(cid));
		if (nla_put_u32(msg, L2RA_A_BRIDGE_IFINDEX, brdev->ifindex) ||
		    (cid_len && nla_put(msg, L2RA_A_CIRCUIT_ID, cid_len, cid)))
			goto err;
	}
	if (nla_put_u8(msg, L2RA_A_ROLE, cfg->role) ||
	    (cfg->remote_id_len &&
	     nla_put(msg, L2RA_A_REMOTE_ID, cfg->remote_id_len,
		     cfg->remote_id)) ||
	    nla_put_u8(msg, L2RA_A_OPT82_POLICY, cfg->opt82_policy) ||
	    nla_put_u8(msg, L2RA_A_UNICAST, cfg->unicast) ||
	    nla_put_u8(msg, L2RA_A_CHADDR_CHECK, cfg->chaddr_check) ||
	    nla_put_u32(msg, L2RA_A_DEFAULTS, defaults) ||
	    nla_put_u32(msg, L2RA_A_LEASE_MAX, cfg->lease_max) ||
	    nla_put_u32(msg, L2RA_A_XID_MAX, cfg->xid_max) ||
	    nla_put_u32(msg, L2RA_A_RATE, cfg->rate) ||
	    nla_put_u32(msg, L2RA_A_BURST, cfg->burst) ||
	    nla_put_u8(msg, L2RA_A_SOURCE_GUARD, cfg->source_guard) ||
	    nla_put_u8(msg, L2RA_A_ARP_GUARD, cfg->arp_guard) ||
	    nla_put_u32(msg, L2RA_A_LEASE_COUNT,
			l2ra_lease_port_count(l2ra_pernet(dev_net(dev)),
					      dev->ifindex)) ||
	    l2ra_put_stats(msg, &port->stats))
		goto err;
	genlmsg_end(msg, hdr);
	return 0;

err:
	genlmsg_cancel(msg, hdr);
	return -EMSGSIZE;
}

/* Under rcu_read_lock(). */
static int l2ra_fill_bridge(struct sk_buff *msg, struct l2ra_bridge *br,
			    u32 portid, u32 seq, int flags)
{
	const struct l2ra_bridge_cfg *cfg = rcu_dereference(br->cfg);
	u8 id[L2RA_REMOTE_ID_MAX + L2RA_RELAY_ID_MAX];
	u32 defaults = 0;
	size_t len;
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, &l2ra_genl_family, flags,
			  L2RA_CMD_BRIDGE_GET);
	if (!hdr)
		return -EMSGSIZE;

	if (!cfg->remote_id_len)
		defaults |= L2RA_DEFAULT_REMOTE_ID;
	if (!cfg->relay_id_len)
		defaults |= L2RA_DEFAULT_RELAY_ID;

	if (l2ra_put_dev(msg, br->dev) ||
	    nla_put_u8(msg, L2RA_A_ENABLED, cfg->enabled))
		goto err;
	len = l2ra_remote_id(br->dev, cfg, NULL, id, sizeof(id));
	if (len && nla_put(msg, L2RA_A_REMOTE_ID, len, id))
		goto err;
	len = l2ra_relay_id(br->dev, cfg, id, sizeof(id));
	if (len && nla_put(msg, L2RA_A_RELAY_ID, len, id))
		goto err;
	if (nla_put_u32(msg, L2RA_A_DEFAULTS, defaults) ||
	    nla_put_u8(msg, L2RA_A_RELAY6, !cfg->relay6_off) ||
	    nla_put_u32(msg, L2RA_A_ENTERPRISE, cfg->enterprise))
		goto err;
	genlmsg_end(msg, hdr);
	return 0;

err:
	genlmsg_cancel(msg, hdr);
	return -EMSGSIZE;
}

/* Under rcu_read_lock(); @port is NULL for the namespace's counters. */
static int l2ra_fill_stats(struct sk_buff *msg, struct l2ra_net *ln,
			   struct l2ra_port *port, u32 portid, u32 seq,
			   int flags)
{
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, &l2ra_genl_family, flags,
			  L2RA_CMD_STATS_GET);
	if (!hdr)
		return -EMSGSIZE;
	if ((port && l2ra_put_dev(msg, port->dev)) ||
	    l2ra_put_stats(msg, port ? &port->stats : &ln->stats)) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

/* Under rcu_read_lock(): the entry of the port named in the request. */
static struct l2ra_port *l2ra_nl_port_rcu(struct net *net,
					  struct genl_info *info)
{
	struct net_device *dev;
	struct l2ra_port *port;

	dev = l2ra_nl_dev(net, info->attrs, info->extack, false);
	if (IS_ERR(dev))
		return ERR_CAST(dev);
	port = l2ra_port_find_rcu(l2ra_pernet(net), dev->ifindex);
	if (!port) {
		NL_SET_ERR_MSG_ATTR(info->extack, l2ra_dev_attr(info->attrs),
				    "The port has no l2ra entry");
		return ERR_PTR(-ENOENT);
	}
	return port;
}

static int l2ra_nl_port_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct l2ra_port *port;
	struct sk_buff *msg;
	int err;

	if (info->attrs[L2RA_A_BRIDGE_IFINDEX]) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[L2RA_A_BRIDGE_IFINDEX],
				    "L2RA_A_BRIDGE_IFINDEX filters dumps only");
		return -EINVAL;
	}

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rcu_read_lock();
	port = l2ra_nl_port_rcu(net, info);
	if (IS_ERR(port))
		err = PTR_ERR(port);
	else
		err = l2ra_fill_port(msg, port, info->snd_portid,
				     info->snd_seq, 0);
	rcu_read_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

static int l2ra_port_dump_check(struct netlink_callback *cb)
{
	struct nlattr *attrs[L2RA_A_MAX + 1];
	struct net_device *brdev;
	struct nlattr *filter;
	int err;

	err = l2ra_dump_attrs(cb, l2ra_port_get_policy, attrs);
	if (!err)
		err = l2ra_dump_no_dev(cb, attrs);
	filter = attrs[L2RA_A_BRIDGE_IFINDEX];
	if (err || !filter)
		return err;

	rcu_read_lock();
	brdev = dev_get_by_index_rcu(sock_net(cb->skb->sk),
				     nla_get_u32(filter));
	if (!brdev) {
		NL_SET_ERR_MSG_ATTR(cb->extack, filter, "No such device");
		err = -ENODEV;
	} else if (!netif_is_bridge_master(brdev)) {
		NL_SET_ERR_MSG_ATTR(cb->extack, filter, "Not a bridge");
		err = -EINVAL;
	} else {
		cb->args[L2RA_DUMP_FILTER] = brdev->ifindex;
	}
	rcu_read_unlock();
	return err;
}

static int l2ra_nl_port_dump_start(struct netlink_callback *cb)
{
	return l2ra_dump_check_start(cb, l2ra_port_dump_check);
}

/* Under rcu_read_lock(). */
static bool l2ra_port_in_bridge(struct l2ra_port *port, int br_ifindex)
{
	struct net_device *brdev;

	if (!br_ifindex)
		return true;
	brdev = netdev_master_upper_dev_get_rcu(port->dev);
	return brdev && brdev->ifindex == br_ifindex;
}

/*
 * One message per port entry, made by l2ra_fill_port() or
 * l2ra_fill_stats(), resuming where the previous call stopped.
 */
static int l2ra_dump_ports(struct sk_buff *skb, struct netlink_callback *cb,
			   bool stats)
{
	struct l2ra_net *ln = l2ra_dump_pernet(cb);
	u32 portid = NETLINK_CB(cb->skb).portid;
	u32 seq = cb->nlh->nlmsg_seq;
	unsigned int s_bkt, s_idx, bkt, idx = 0;
	struct l2ra_port *port;
	int filter, err;

	err = l2ra_dump_check(cb, stats ? l2ra_dev_dump_check :
					  l2ra_port_dump_check);
	if (err)
		return err;
	filter = cb->args[L2RA_DUMP_FILTER];
	s_bkt = cb->args[L2RA_DUMP_BUCKET];
	s_idx = cb->args[L2RA_DUMP_INDEX];

	rcu_read_lock();
	for (bkt = s_bkt; bkt < HASH_SIZE(ln->ports); bkt++) {
		idx = 0;
		hlist_for_each_entry_rcu(port, &ln->ports[bkt], node) {
			if (bkt == s_bkt && idx < s_idx) {
				idx++;
				continue;
			}
			if (stats)
				err = l2ra_fill_stats(skb, ln, port, portid,
						      seq, NLM_F_MULTI);
			else if (l2ra_port_in_bridge(port, filter))
				err = l2ra_fill_port(skb, port, portid, seq,
						     NLM_F_MULTI);
			else
				err = 0;
			if (err)
				goto out;
			idx++;
		}
	}
out:
	rcu_read_unlock();
	cb->args[L2RA_DUMP_BUCKET] = bkt;
	cb->args[L2RA_DUMP_INDEX] = idx;
	return skb->len;
}

static int l2ra_nl_port_get_dumpit(struct sk_buff *skb,
				   struct netlink_callback *cb)
{
	return l2ra_dump_ports(skb, cb, false);
}

void l2ra_port_cfg_default(struct l2ra_port_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->role = L2RA_ROLE_UNTRUSTED;
	cfg->opt82_policy = L2RA_OPT82_DROP;
	cfg->unicast = true;
	cfg->chaddr_check = true;
	cfg->lease_max = L2RA_PORT_LEASE_MAX_DEFAULT;
	cfg->xid_max = L2RA_PORT_XID_MAX_DEFAULT;
	cfg->rate = L2RA_RATE_DEFAULT;
	cfg->burst = L2RA_BURST_DEFAULT;
}

static int l2ra_nl_port_set(struct net *net, struct genl_info *info)
{
	struct l2ra_net *ln = l2ra_pernet(net);
	struct nlattr **attrs = info->attrs;
	struct netlink_ext_ack *extack = info->extack;
	const struct l2ra_port_cfg *old;
	struct net_device *dev, *brdev;
	struct l2ra_port_cfg cfg;
	struct l2ra_port *port;
	struct nlattr *a;
	int err;

	dev = l2ra_nl_dev(net, attrs, extack, true);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	brdev = netif_is_bridge_port(dev) ? netdev_master_upper_dev_get(dev) :
					    NULL;
	if (!brdev || !netif_is_bridge_master(brdev)) {
		NL_SET_ERR_MSG_ATTR(extack, l2ra_dev_attr(attrs),
				    "Not a bridge port");
		return -EINVAL;
	}

	port = l2ra_port_find(ln, dev->ifindex);
	if (port) {
		old = rcu_dereference_protected(port->cfg,
						lockdep_is_held(&ln->lock));
		cfg = *old;
	} else {
		l2ra_port_cfg_default(&cfg);
	}

	if (attrs[L2RA_A_ROLE])
		cfg.role = nla_get_u8(attrs[L2RA_A_ROLE]);
	if (attrs[L2RA_A_OPT82_POLICY])
		cfg.opt82_policy = nla_get_u8(attrs[L2RA_A_OPT82_POLICY]);
	if (attrs[L2RA_A_UNICAST])
		cfg.unicast = nla_get_u8(attrs[L2RA_A_UNICAST]);
	if (attrs[L2RA_A_CHADDR_CHECK])
		cfg.chaddr_check = nla_get_u8(attrs[L2RA_A_CHADDR_CHECK]);
	if (attrs[L2RA_A_LEASE_MAX])
		cfg.lease_max = nla_get_u32(attrs[L2RA_A_LEASE_MAX]);
	if (attrs[L2RA_A_XID_MAX])
		cfg.xid_max = nla_get_u32(attrs[L2RA_A_XID_MAX]);
	if (attrs[L2RA_A_RATE])
		cfg.rate = nla_get_u32(attrs[L2RA_A_RATE]);
	if (attrs[L2RA_A_BURST])
		cfg.burst = nla_get_u32(attrs[L2RA_A_BURST]);
	if (attrs[L2RA_A_SOURCE_GUARD])
		cfg.source_guard = nla_get_u8(attrs[L2RA_A_SOURCE_GUARD]);
	if (attrs[L2RA_A_ARP_GUARD])
		cfg.arp_guard = nla_get_u8(attrs[L2RA_A_ARP_GUARD]);
	a = attrs[L2RA_A_CIRCUIT_ID];
	if (a) {
		memset(cfg.circuit_id, 0, sizeof(cfg.circuit_id));
		cfg.circuit_id_len = nla_len(a);
		nla_memcpy(cfg.circuit_id, a, sizeof(cfg.circuit_id));
		/* Checked below: an id of its own lifts a conflict. */
		cfg.cid_disabled = false;
	}
	a = attrs[L2RA_A_REMOTE_ID];
	if (a) {
		memset(cfg.remote_id, 0, sizeof(cfg.remote_id));
		cfg.remote_id_len = nla_len(a);
		nla_memcpy(cfg.remote_id, a, sizeof(cfg.remote_id));
	}

	if (attrs[L2RA_A_CIRCUIT_ID] &&
	    l2ra_circuit_id_taken(ln, brdev, dev, &cfg)) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[L2RA_A_CIRCUIT_ID],
				    "Circuit-id already used in this bridge");
		return -EEXIST;
	}

	err = l2ra_port_set(ln, dev, &cfg);
	if (!err)
		l2ra_cidmap_port_sync(ln, dev);
	return err;
}

static int l2ra_nl_port_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct l2ra_net *ln = l2ra_pernet(net);
	int err;

	rtnl_lock();
	mutex_lock(&ln->lock);
	err = l2ra_nl_port_set(net, info);
	mutex_unlock(&ln->lock);
	rtnl_unlock();
	return err;
}

static int l2ra_nl_port_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct l2ra_net *ln = l2ra_pernet(net);
	struct net_device *dev;
	struct l2ra_port *port;
	int err = 0;

	rtnl_lock();
	mutex_lock(&ln->lock);
	dev = l2ra_nl_dev(net, info->attrs, info->extack, true);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		goto out;
	}
	port = l2ra_port_find(ln, dev->ifindex);
	if (!port) {
		NL_SET_ERR_MSG_ATTR(info->extack, l2ra_dev_attr(info->attrs),
				    "The port has no l2ra entry");
		err = -ENOENT;
		goto out;
	}
	l2ra_port_del(ln, port);
	/* Back to its default circuit-id, which may be taken. */
	l2ra_port_cid_check(ln, dev);
out:
	mutex_unlock(&ln->lock);
	rtnl_unlock();
	return err;
}

static int l2ra_nl_bridge_get_doit(struct sk_buff *skb,
				   struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct net_device *dev;
	struct l2ra_bridge *br;
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rcu_read_lock();
	dev = l2ra_nl_dev(net, info->attrs, info->extack, false);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		goto out;
	}
	br = l2ra_bridge_find_rcu(l2ra_pernet(net), dev->ifindex);
	if (!br) {
		NL_SET_ERR_MSG_ATTR(info->extack, l2ra_dev_attr(info->attrs),
				    "l2ra is not configured on this bridge");
		err = -ENOENT;
		goto out;
	}
	err = l2ra_fill_bridge(msg, br, info->snd_portid, info->snd_seq, 0);
out:
	rcu_read_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

static int l2ra_nl_bridge_get_dumpit(struct sk_buff *skb,
				     struct netlink_callback *cb)
{
	struct l2ra_net *ln = l2ra_dump_pernet(cb);
	unsigned int s_bkt = cb->args[L2RA_DUMP_BUCKET];
	unsigned int s_idx = cb->args[L2RA_DUMP_INDEX];
	u32 portid = NETLINK_CB(cb->skb).portid;
	u32 seq = cb->nlh->nlmsg_seq;
	unsigned int bkt, idx = 0;
	struct l2ra_bridge *br;
	int err;

	err = l2ra_dump_check(cb, l2ra_dev_dump_check);
	if (err)
		return err;

	rcu_read_lock();
	for (bkt = s_bkt; bkt < HASH_SIZE(ln->bridges); bkt++) {
		idx = 0;
		hlist_for_each_entry_rcu(br, &ln->bridges[bkt], node) {
			if (bkt == s_bkt && idx < s_idx) {
				idx++;
				continue;
			}
			if (l2ra_fill_bridge(skb, br, portid, seq,
					     NLM_F_MULTI))
				goto out;
			idx++;
		}
	}
out:
	rcu_read_unlock();
	cb->args[L2RA_DUMP_BUCKET] = bkt;
	cb->args[L2RA_DUMP_INDEX] = idx;
	return skb->len;
}

static int l2ra_nl_bridge_set(struct net *net, struct genl_info *info)
{
	struct l2ra_net *ln = l2ra_pernet(net);
	struct nlattr **attrs = info->attrs;
	struct netlink_ext_ack *extack = info->extack;
	struct l2ra_bridge_cfg cfg;
	struct net_device *dev;
	struct l2ra_bridge *br;
	struct nlattr *a;

	dev = l2ra_nl_dev(net, attrs, extack, true);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	if (!netif_is_bridge_master(dev)) {
		NL_SET_ERR_MSG_ATTR(extack, l2ra_dev_attr(attrs),
				    "Not a bridge");
		return -EINVAL;
	}
	a = attrs[L2RA_A_RELAY_ID];
	if (a && nla_len(a) && nla_len(a) < L2RA_RELAY_ID_MIN) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "Relay-id too short: a DUID has at least 3 octets");
		return -EINVAL;
	}

	br = l2ra_bridge_find(ln, dev->ifindex);
	if (br)
		cfg = *rcu_dereference_protected(br->cfg,
						 lockdep_is_held(&ln->lock));
	else
		memset(&cfg, 0, sizeof(cfg));

	if (attrs[L2RA_A_ENABLED])
		cfg.enabled = nla_get_u8(attrs[L2RA_A_ENABLED]);
	if (attrs[L2RA_A_RELAY6])
		cfg.relay6_off = !nla_get_u8(attrs[L2RA_A_RELAY6]);
	if (attrs[L2RA_A_ENTERPRISE])
		cfg.enterprise = nla_get_u32(attrs[L2RA_A_ENTERPRISE]);
	a = attrs[L2RA_A_REMOTE_ID];
	if (a) {
		memset(cfg.remote_id, 0, sizeof(cfg.remote_id));
		cfg.remote_id_len = nla_len(a);
		nla_memcpy(cfg.remote_id, a, sizeof(cfg.remote_id));
	}
	a = attrs[L2RA_A_RELAY_ID];
	if (a) {
		memset(cfg.relay_id, 0, sizeof(cfg.relay_id));
		cfg.relay_id_len = nla_len(a);
		nla_memcpy(cfg.relay_id, a, sizeof(cfg.relay_id));
	}

	return l2ra_bridge_set(ln, dev, &cfg);
}

static int l2ra_nl_bridge_set_doit(struct sk_buff *skb,
				   struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct l2ra_net *ln = l2ra_pernet(net);
	int err;

	rtnl_lock();
	mutex_lock(&ln->lock);
	err = l2ra_nl_bridge_set(net, info);
	mutex_unlock(&ln->lock);
	rtnl_unlock();
	return err;
}

static int l2ra_nl_bridge_del_doit(struct sk_buff *skb,
				   struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct l2ra_net *ln = l2ra_pernet(net);
	struct net_device *dev;
	struct l2ra_bridge *br;
	int err = 0;

	rtnl_lock();
	mutex_lock(&ln->lock);
	dev = l2ra_nl_dev(net, info->attrs, info->extack, true);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		goto out;
	}
	br = l2ra_bridge_find(ln, dev->ifindex);
	if (!br) {
		NL_SET_ERR_MSG_ATTR(info->extack, l2ra_dev_attr(info->attrs),
				    "l2ra is not configured on this bridge");
		err = -ENOENT;
		goto out;
	}
	l2ra_bridge_del(ln, br);
out:
	mutex_unlock(&ln->lock);
	rtnl_unlock();
	return err;
}

static int l2ra_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct l2ra_port *port = NULL;
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rcu_read_lock();
	if (l2ra_dev_attr(info->attrs))
		port = l2ra_nl_port_rcu(net, info);
	if (IS_ERR(port))
		err = PTR_ERR(port);
	else
		err = l2ra_fill_stats(msg, l2ra_pernet(net), port,
				      info->snd_portid, info->snd_seq, 0);
	rcu_read_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

static int l2ra_nl_stats_get_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	return l2ra_dump_ports(skb, cb, true);
}

/* Lease table (see lease.c) */

/* Room for one lease message: every attribute at its largest. */
static size_t l2ra_lease_msg_size(void)
{
	return nla_total_size(ETH_ALEN) +		/* MAC */
	       nla_total_size(sizeof(u16)) +		/* VID */
	       5 * nla_total_size(sizeof(u32)) +	/* ADDR .. SERVER_ID */
	       nla_total_size_64bit(sizeof(u64)) +	/* CLTT */
	       nla_total_size(IFNAMSIZ) +		/* IFNAME */
	       2 * nla_total_size(sizeof(u32)) +	/* (BRIDGE_)IFINDEX */
	       nla_total_size(L2RA_CIRCUIT_ID_MAX) +
	       nla_total_size(sizeof(u32)) +		/* LEASE_FLAGS */
	       nla_total_size(sizeof(u8)) +		/* LEASE_EVENT */
	       nla_total_size(sizeof(struct in6_addr)) +	/* ADDR6 */
	       nla_total_size(sizeof(u8)) +		/* PREFIX_LEN */
	       nla_total_size(sizeof(u32));		/* PREFERRED */
}

/* The attributes of one family: ADDR, SERVER_ID or ADDR6, PREFERRED... */
static int l2ra_fill_lease_addr(struct sk_buff *msg,
				const struct l2ra_lease *l)
{
	if (l->key.family != AF_INET6)
		return nla_put_be32(msg, L2RA_A_ADDR, l->addr) ||
		       nla_put_be32(msg, L2RA_A_SERVER_ID,
				    READ_ONCE(l->server_id));
	return nla_put_in6_addr(msg, L2RA_A_ADDR6, &l->key.addr6) ||
	       (l->key.plen &&
		nla_put_u8(msg, L2RA_A_PREFIX_LEN, l->key.plen)) ||
	       nla_put_u32(msg, L2RA_A_PREFERRED, READ_ONCE(l->preferred));
}

/*
 * Under rcu_read_lock().  @dev and @brdev are the port and its bridge when
 * the caller knows them (a port that is going away can no longer be looked
 * up), else NULL.  @ev is 0 except in events.
 */
static int l2ra_fill_lease(struct sk_buff *msg, struct l2ra_net *ln,
			   const struct l2ra_lease *l, u8 cmd, u8 ev,
			   u32 portid, u32 seq, int flags,
			   struct net_device *dev, struct net_device *brdev)
{
	const struct l2ra_port_cfg *cfg = NULL;
	u8 cid[L2RA_CIRCUIT_ID_MAX];
	struct l2ra_port *port;
	size_t cid_len;
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, &l2ra_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (!dev)
		dev = dev_get_by_index_rcu(ln->net, l->ifindex);
	if (dev && !brdev)
		brdev = netdev_master_upper_dev_get_rcu(dev);

	if (nla_put(msg, L2RA_A_MAC, ETH_ALEN, l->key.mac) ||
	    nla_put_u16(msg, L2RA_A_VID, l->key.vid) ||
	    l2ra_fill_lease_addr(msg, l) ||
	    nla_put_u32(msg, L2RA_A_EXPIRES, l2ra_lease_expires(l)) ||
	    nla_put_u32(msg, L2RA_A_LEASE_TIME, READ_ONCE(l->lease_time)) ||
	    nla_put_u64_64bit(msg, L2RA_A_CLTT, READ_ONCE(l->cltt),
			      L2RA_A_PAD) ||
	    nla_put_u32(msg, L2RA_A_IFINDEX, l->ifindex) ||
	    (dev && nla_put_string(msg, L2RA_A_IFNAME, dev->name)) ||
	    (l->flags && nla_put_u32(msg, L2RA_A_LEASE_FLAGS, l->flags)) ||
	    (ev && nla_put_u8(msg, L2RA_A_LEASE_EVENT, ev)))
		goto err;
	if (dev && brdev) {
		port = l2ra_port_find_rcu(ln, l->ifindex);
		if (port)
			cfg = rcu_dereference(port->cfg);
		cid_len = l2ra_circuit_id(brdev, dev, cfg, l->key.vid, cid,
					  sizeof(cid));
		if (nla_put_u32(msg, L2RA_A_BRIDGE_IFINDEX, brdev->ifindex) ||
		    (cid_len && nla_put(msg, L2RA_A_CIRCUIT_ID, cid_len, cid)))
			goto err;
	}
	genlmsg_end(msg, hdr);
	return 0;

err:
	genlmsg_cancel(msg, hdr);
	return -EMSGSIZE;
}

/* Lease events go out only while the family is registered. */
static bool l2ra_events_on __read_mostly;

void l2ra_lease_notify(struct l2ra_net *ln, const struct l2ra_lease *l,
		       enum l2ra_lease_event ev, struct net_device *dev,
		       struct net_device *brdev)
{
	struct sk_buff *msg;

	/*
	 * From the flag's test to the send, one RCU read section: the family
	 * is unregistered only a grace period after the flag is cleared.
	 * No listener can be left in a namespace on its way out.
	 */
	rcu_read_lock();
	if (!READ_ONCE(l2ra_events_on) || !check_net(ln->net) ||
	    !genl_has_listeners(&l2ra_genl_family, ln->net, 0))
		goto out;
	msg = genlmsg_new(l2ra_lease_msg_size(), GFP_ATOMIC);
	if (!msg)
		goto out;
	if (l2ra_fill_lease(msg, ln, l, L2RA_CMD_LEASE_NOTIFY, ev, 0, 0, 0,
			    dev, brdev)) {
		nlmsg_free(msg);
		goto out;
	}
	/* A listener that overruns gets ENOBUFS and resyncs by a dump. */
	genlmsg_multicast_netns(&l2ra_genl_family, ln->net, msg, 0, 0,
				GFP_ATOMIC);
out:
	rcu_read_unlock();
}

/* The state of a lease dump, in cb->args[0]. */
struct l2ra_lease_dump {
	struct rhashtable_iter iter;
	struct l2ra_lease_filter filter;
	struct rhashtable *ht;	/* NULL: the namespace had no lease table */
	bool retry;		/* the current entry did not fit: send it next */
};

static u16 l2ra_nl_vid(struct nlattr **attrs)
{
	return attrs[L2RA_A_VID] ? nla_get_u16(attrs[L2RA_A_VID]) : 0;
}

/*
 * The IPv6 binding L2RA_A_ADDR6 and L2RA_A_PREFIX_LEN name (absent: an
 * IA_NA address): a prefix has no bit set beyond its length.
 */
static int l2ra_nl_addr6(struct nlattr **attrs, struct netlink_ext_ack *extack,
			 struct in6_addr *addr, u8 *plen)
{
	struct nlattr *a = attrs[L2RA_A_ADDR6];
	struct in6_addr masked;

	if (!a) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[L2RA_A_PREFIX_LEN],
				    "L2RA_A_PREFIX_LEN without L2RA_A_ADDR6");
		return -EINVAL;
	}
	*addr = nla_get_in6_addr(a);
	*plen = attrs[L2RA_A_PREFIX_LEN] ?
		nla_get_u8(attrs[L2RA_A_PREFIX_LEN]) : 0;
	if (*plen) {
		ipv6_addr_prefix(&masked, addr, *plen);
		if (!ipv6_addr_equal(&masked, addr)) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "Bits set beyond the prefix length");
			return -EINVAL;
		}
	}
	return 0;
}

/* Under rcu_read_lock(): the bridge named by L2RA_A_BRIDGE_IFINDEX. */
static struct net_device *l2ra_nl_bridge_rcu(struct net *net,
					     struct nlattr **attrs,
					     struct netlink_ext_ack *extack)
{
	struct nlattr *a = attrs[L2RA_A_BRIDGE_IFINDEX];
	struct net_device *brdev;

	brdev = dev_get_by_index_rcu(net, nla_get_u32(a));
	if (!brdev) {
		NL_SET_ERR_MSG_ATTR(extack, a, "No such device");
		return ERR_PTR(-ENODEV);
	}
	if (!netif_is_bridge_master(brdev)) {
		NL_SET_ERR_MSG_ATTR(extack, a, "Not a bridge");
		return ERR_PTR(-EINVAL);
	}
	return brdev;
}

/* The port and bridge filters of a dump or flush. */
static int l2ra_nl_lease_filter(struct net *net, struct nlattr **attrs,
				struct netlink_ext_ack *extack,
				struct l2ra_lease_filter *f)
{
	struct net_device *dev;
	int err = 0;

	memset(f, 0, sizeof(*f));
	rcu_read_lock();
	if (l2ra_dev_attr(attrs)) {
		dev = l2ra_nl_dev(net, attrs, extack, false);
		if (IS_ERR(dev)) {
			err = PTR_ERR(dev);
			goto out;
		}
		f->ifindex = dev->ifindex;
	}
	if (attrs[L2RA_A_BRIDGE_IFINDEX]) {
		dev = l2ra_nl_bridge_rcu(net, attrs, extack);
		if (IS_ERR(dev)) {
			err = PTR_ERR(dev);
			goto out;
		}
		f->br_ifindex = dev->ifindex;
	}
out:
	rcu_read_unlock();
	return err;
}

/*
 * The checks of a lease dump request, see l2ra_dump_check(): they make the
 * dump's state, which is NULL in cb->args[0] until they have passed.
 */
static int l2ra_lease_dump_check(struct netlink_callback *cb)
{
	struct l2ra_net *ln = l2ra_dump_pernet(cb);
	struct nlattr *attrs[L2RA_A_MAX + 1];
	struct l2ra_lease_filter f;
	struct l2ra_lease_dump *d;
	int err;

	err = l2ra_dump_attrs(cb, l2ra_lease_get_policy, attrs);
	if (err)
		return err;
	if (attrs[L2RA_A_MAC]) {
		NL_SET_ERR_MSG_ATTR(cb->extack, attrs[L2RA_A_MAC],
				    "L2RA_A_MAC names one lease: not with NLM_F_DUMP");
		return -EINVAL;
	}
	if (attrs[L2RA_A_ADDR6] || attrs[L2RA_A_PREFIX_LEN]) {
		NL_SET_ERR_MSG_ATTR(cb->extack,
				    attrs[L2RA_A_ADDR6] ?: attrs[L2RA_A_PREFIX_LEN],
				    "L2RA_A_ADDR6 names one binding: not with NLM_F_DUMP");
		return -EINVAL;
	}
	err = l2ra_nl_lease_filter(sock_net(cb->skb->sk), attrs, cb->extack,
				   &f);
	if (err)
		return err;
	if (attrs[L2RA_A_VID]) {
		f.has_vid = true;
		f.vid = nla_get_u16(attrs[L2RA_A_VID]);
	}
	if (attrs[L2RA_A_ADDR]) {
		f.has_addr = true;
		f.addr = nla_get_be32(attrs[L2RA_A_ADDR]);
	}
	if (attrs[L2RA_A_FAMILY]) {
		f.family = nla_get_u8(attrs[L2RA_A_FAMILY]);
		if (f.family != AF_INET && f.family != AF_INET6) {
			NL_SET_ERR_MSG_ATTR(cb->extack, attrs[L2RA_A_FAMILY],
					    "Family is AF_INET or AF_INET6");
			return -EINVAL;
		}
	}

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	d->filter = f;
	/* A namespace without a table yet has nothing to dump. */
	d->ht = l2ra_lease_ht(ln);
	if (d->ht)
		rhashtable_walk_enter(d->ht, &d->iter);
	cb->args[0] = (long)d;
	return 0;
}

static int l2ra_nl_lease_dump_start(struct netlink_callback *cb)
{
	return cb->extack ? l2ra_lease_dump_check(cb) : 0;
}

static int l2ra_nl_lease_dump_done(struct netlink_callback *cb)
{
	struct l2ra_lease_dump *d = (struct l2ra_lease_dump *)cb->args[0];

	if (d) {
		if (d->ht)
			rhashtable_walk_exit(&d->iter);
		kfree(d);
	}
	return 0;
}

/*
 * A resize of the table restarts the walk (-EAGAIN): leases already sent
 * are then sent again, as the uapi header says.
 */
static int l2ra_nl_lease_get_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	struct l2ra_lease_dump *d = (struct l2ra_lease_dump *)cb->args[0];
	struct l2ra_net *ln = l2ra_dump_pernet(cb);
	u32 portid = NETLINK_CB(cb->skb).portid;
	u32 seq = cb->nlh->nlmsg_seq;
	struct l2ra_lease *l;
	int err;

	if (!d) {
		err = l2ra_lease_dump_check(cb);
		if (err)
			return err;
		d = (struct l2ra_lease_dump *)cb->args[0];
	}
	if (!d->ht)
		return 0;
	rhashtable_walk_start(&d->iter);
	l = d->retry ? rhashtable_walk_peek(&d->iter) :
		       rhashtable_walk_next(&d->iter);
	d->retry = false;
	for (; l; l = rhashtable_walk_next(&d->iter)) {
		if (IS_ERR(l)) {
			if (PTR_ERR(l) == -EAGAIN)
				continue;
			break;
		}
		if (!l2ra_lease_match_rcu(ln, l, &d->filter))
			continue;
		if (l2ra_fill_lease(skb, ln, l, L2RA_CMD_LEASE_GET, 0, portid,
				    seq, NLM_F_MULTI, NULL, NULL)) {
			d->retry = true;
			break;
		}
	}
	rhashtable_walk_stop(&d->iter);
	return skb->len;
}

static int l2ra_nl_lease_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct l2ra_net *ln = l2ra_pernet(net);
	struct nlattr **attrs = info->attrs;
	struct nlattr *filter;
	struct l2ra_lease *l;
	struct in6_addr addr;
	struct sk_buff *msg;
	bool v6 = attrs[L2RA_A_ADDR6] || attrs[L2RA_A_PREFIX_LEN];
	u8 plen;
	int err;

	/* With L2RA_A_ADDR6 an IPv6 binding, else the lease of L2RA_A_MAC. */
	if (v6) {
		err = l2ra_nl_addr6(attrs, info->extack, &addr, &plen);
		if (err)
			return err;
	} else if (GENL_REQ_ATTR_CHECK(info, L2RA_A_MAC)) {
		return -EINVAL;
	}
	filter = l2ra_dev_attr(attrs) ?: attrs[L2RA_A_BRIDGE_IFINDEX] ?:
		 attrs[L2RA_A_ADDR] ?: attrs[L2RA_A_FAMILY];
	if (filter) {
		NL_SET_ERR_MSG_ATTR(info->extack, filter,
				    "Port, bridge, address and family filter dumps only");
		return -EINVAL;
	}

	msg = genlmsg_new(l2ra_lease_msg_size(), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rcu_read_lock();
	if (v6)
		l = l2ra_lease6_lookup_rcu(ln, &addr, plen, l2ra_nl_vid(attrs));
	else
		l = l2ra_lease_lookup_rcu(ln, nla_data(attrs[L2RA_A_MAC]),
					  l2ra_nl_vid(attrs));
	if (!l && v6) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[L2RA_A_ADDR6],
				    "No binding for this address or prefix and VLAN");
		err = -ENOENT;
	} else if (!l) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[L2RA_A_MAC],
				    "No lease for this MAC address and VLAN");
		err = -ENOENT;
	} else {
		err = l2ra_fill_lease(msg, ln, l, L2RA_CMD_LEASE_GET, 0,
				      info->snd_portid, info->snd_seq, 0,
				      NULL, NULL);
	}
	rcu_read_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * Under RTNL and ln->lock: the port of this bridge whose circuit-id is
 * @cid, or NULL; the bridge's relay is on, or no circuit-id names a port
 * (the circuit-id map has the ports of relay bridges only).  RTNL keeps
 * the port from going away after the lookup.
 */
static struct net_device *l2ra_cid_lookup(struct l2ra_net *ln,
					  struct net_device *brdev,
					  const u8 *cid, size_t len)
{
	struct net_device *dev;

	ASSERT_RTNL();
	rcu_read_lock();
	dev = l2ra_cidmap_lookup_rcu(ln, brdev, cid, len);
	rcu_read_unlock();
	return dev;
}

/* Under RTNL and ln->lock: the port a LEASE_ADD names. */
static struct net_device *l2ra_nl_lease_port(struct net *net,
					     struct genl_info *info)
{
	struct l2ra_net *ln = l2ra_pernet(net);
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **attrs = info->attrs;
	struct nlattr *cid = attrs[L2RA_A_CIRCUIT_ID];
	struct nlattr *bra = attrs[L2RA_A_BRIDGE_IFINDEX];
	struct net_device *dev, *brdev;
	const struct l2ra_bridge_cfg *bcfg;
	struct l2ra_bridge *br;
	int bkt;

	if (l2ra_dev_attr(attrs)) {
		if (cid) {
			NL_SET_ERR_MSG_ATTR(extack, cid,
					    "Name the port by device or by circuit-id, not both");
			return ERR_PTR(-EINVAL);
		}
		dev = l2ra_nl_dev(net, attrs, extack, true);
		if (IS_ERR(dev))
			return dev;
		brdev = netif_is_bridge_port(dev) ?
			netdev_master_upper_dev_get(dev) : NULL;
		if (!brdev || !netif_is_bridge_master(brdev)) {
			NL_SET_ERR_MSG_ATTR(extack, l2ra_dev_attr(attrs),
					    "Not a bridge port");
			return ERR_PTR(-EINVAL);
		}
		if (bra && nla_get_u32(bra) != brdev->ifindex) {
			NL_SET_ERR_MSG_ATTR(extack, bra,
					    "The port is not in this bridge");
			return ERR_PTR(-EINVAL);
		}
		return dev;
	}
	if (!cid || !nla_len(cid)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "A port is needed: L2RA_A_IFINDEX, L2RA_A_IFNAME or L2RA_A_CIRCUIT_ID");
		return ERR_PTR(-EINVAL);
	}
	if (bra) {
		brdev = __dev_get_by_index(net, nla_get_u32(bra));
		if (!brdev) {
			NL_SET_ERR_MSG_ATTR(extack, bra, "No such device");
			return ERR_PTR(-ENODEV);
		}
		if (!netif_is_bridge_master(brdev)) {
			NL_SET_ERR_MSG_ATTR(extack, bra, "Not a bridge");
			return ERR_PTR(-EINVAL);
		}
		br = l2ra_bridge_find(ln, brdev->ifindex);
		bcfg = br ? l2ra_nl_deref(ln, br->cfg) : NULL;
		if (!bcfg || !bcfg->enabled) {
			/* -ENOENT: l2rad keeps the lease until it is on. */
			NL_SET_ERR_MSG_ATTR(extack, bra,
					    "The relay is off on this bridge: no circuit-id names a port (name the port by device)");
			return ERR_PTR(-ENOENT);
		}
		dev = l2ra_cid_lookup(ln, brdev, nla_data(cid), nla_len(cid));
	} else {
		dev = NULL;
		hash_for_each(ln->bridges, bkt, br, node) {
			bcfg = l2ra_nl_deref(ln, br->cfg);
			if (!bcfg->enabled)
				continue;
			dev = l2ra_cid_lookup(ln, br->dev, nla_data(cid),
					      nla_len(cid));
			if (dev)
				break;
		}
	}
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, cid, "No port has this circuit-id");
		return ERR_PTR(-ENOENT);
	}
	return dev;
}

/*
 * The IPv6 part of a LEASE_ADD of a binding: its key, its lifetimes, no
 * IPv4 attribute.  Static bindings are IPv4 only.
 */
static int l2ra_nl_lease6_info(struct genl_info *info,
			       struct l2ra_lease_info *li,
			       struct in6_addr *addr)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **attrs = info->attrs;
	struct nlattr *bad;
	int err;

	bad = attrs[L2RA_A_ADDR] ?: attrs[L2RA_A_SERVER_ID];
	if (bad) {
		NL_SET_ERR_MSG_ATTR(extack, bad,
				    "An IPv6 binding has no IPv4 address or server-id");
		return -EINVAL;
	}
	if (li->flags & L2RA_LEASE_F_STATIC) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[L2RA_A_LEASE_FLAGS],
				    "Static bindings are IPv4 only");
		return -EOPNOTSUPP;
	}
	err = l2ra_nl_addr6(attrs, extack, addr, &li->plen);
	if (err)
		return err;
	if (ipv6_addr_any(addr) || ipv6_addr_is_multicast(addr)) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[L2RA_A_ADDR6],
				    "Not a unicast address or prefix");
		return -EINVAL;
	}
	li->family = AF_INET6;
	li->addr6 = addr;
	return 0;
}

static int l2ra_nl_lease_add(struct net *net, struct genl_info *info)
{
	struct l2ra_net *ln = l2ra_pernet(net);
	struct nlattr **attrs = info->attrs;
	struct l2ra_lease_info li;
	struct net_device *dev;
	struct in6_addr addr;
	bool renewed;
	int err;

	memset(&li, 0, sizeof(li));
	if (attrs[L2RA_A_LEASE_FLAGS])
		li.flags = nla_get_u32(attrs[L2RA_A_LEASE_FLAGS]);
	if (attrs[L2RA_A_ADDR6] || attrs[L2RA_A_PREFIX_LEN]) {
		err = l2ra_nl_lease6_info(info, &li, &addr);
		if (err)
			return err;
	} else if (GENL_REQ_ATTR_CHECK(info, L2RA_A_MAC) ||
		   GENL_REQ_ATTR_CHECK(info, L2RA_A_ADDR)) {
		return -EINVAL;
	}
	/* A static binding never expires: it needs no lifetime. */
	if (!(li.flags & L2RA_LEASE_F_STATIC) && !attrs[L2RA_A_EXPIRES]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "L2RA_A_EXPIRES is needed, but for a static binding (L2RA_LEASE_F_STATIC)");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, L2RA_A_EXPIRES);
		return -EINVAL;
	}
	dev = l2ra_nl_lease_port(net, info);
	if (IS_ERR(dev))
		return PTR_ERR(dev);

	li.mac = attrs[L2RA_A_MAC] ? nla_data(attrs[L2RA_A_MAC]) : NULL;
	li.vid = l2ra_nl_vid(attrs);
	if (attrs[L2RA_A_ADDR])
		li.addr = nla_get_be32(attrs[L2RA_A_ADDR]);
	if (attrs[L2RA_A_EXPIRES])
		li.expires = nla_get_u32(attrs[L2RA_A_EXPIRES]);
	li.lease_time = attrs[L2RA_A_LEASE_TIME] ?
			nla_get_u32(attrs[L2RA_A_LEASE_TIME]) : li.expires;
	/* An IPv6 binding: preferred for as long as it is valid, unless told. */
	li.preferred = attrs[L2RA_A_PREFERRED] ?
		       nla_get_u32(attrs[L2RA_A_PREFERRED]) : li.lease_time;
	if (li.family == AF_INET6 && li.preferred > li.lease_time) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[L2RA_A_PREFERRED],
				    "Preferred lifetime above the valid one (L2RA_A_LEASE_TIME)");
		return -EINVAL;
	}
	if (attrs[L2RA_A_SERVER_ID])
		li.server_id = nla_get_be32(attrs[L2RA_A_SERVER_ID]);
	li.cltt = attrs[L2RA_A_CLTT] ? (time64_t)nla_get_u64(attrs[L2RA_A_CLTT]) :
				       ktime_get_real_seconds();
	li.ifindex = dev->ifindex;

	/* Before any relay bridge, the first lease brings the table. */
	err = l2ra_lease_table_ensure(ln);
	if (err) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "No memory for the namespace's lease table");
		return err;
	}
	err = l2ra_lease_upsert(ln, &li, L2RA_LEASE_EV_ADD, &renewed);
	if (err == -ENOSPC)
		NL_SET_ERR_MSG_MOD(info->extack,
				   "Lease limit reached (namespace or port)");
	else if (err)
		NL_SET_ERR_MSG_MOD(info->extack, "Could not add the lease");
	return err;
}

static int l2ra_nl_lease_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct l2ra_net *ln = l2ra_pernet(net);
	int err;

	rtnl_lock();
	mutex_lock(&ln->lock);
	err = l2ra_nl_lease_add(net, info);
	mutex_unlock(&ln->lock);
	rtnl_unlock();
	return err;
}

static int l2ra_nl_lease_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct l2ra_net *ln = l2ra_pernet(genl_info_net(info));
	struct nlattr **attrs = info->attrs;
	struct in6_addr addr;
	u8 plen;
	int err;

	/* With L2RA_A_ADDR6 an IPv6 binding (L2RA_A_MAC is not looked at). */
	if (attrs[L2RA_A_ADDR6] || attrs[L2RA_A_PREFIX_LEN]) {
		err = l2ra_nl_addr6(attrs, info->extack, &addr, &plen);
		if (err)
			return err;
		err = l2ra_lease6_remove(ln, &addr, plen, l2ra_nl_vid(attrs), 0,
					 L2RA_LEASE_EV_DEL);
		if (err)
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[L2RA_A_ADDR6],
					    "No binding for this address or prefix and VLAN");
		return err;
	}
	if (GENL_REQ_ATTR_CHECK(info, L2RA_A_MAC))
		return -EINVAL;
	err = l2ra_lease_remove(ln, nla_data(attrs[L2RA_A_MAC]),
				l2ra_nl_vid(attrs), 0, L2RA_LEASE_EV_DEL);
	if (err)
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[L2RA_A_MAC],
				    "No lease for this MAC address and VLAN");
	return err;
}

static int l2ra_nl_lease_flush_doit(struct sk_buff *skb,
				    struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct l2ra_lease_filter f;
	int err;

	err = l2ra_nl_lease_filter(net, info->attrs, info->extack, &f);
	if (err)
		return err;
	/* Learned leases, or (L2RA_LEASE_F_STATIC) the static bindings. */
	f.has_flags = true;
	if (info->attrs[L2RA_A_LEASE_FLAGS])
		f.flags = nla_get_u32(info->attrs[L2RA_A_LEASE_FLAGS]);
	l2ra_lease_flush(l2ra_pernet(net), &f, NULL, NULL);
	return 0;
}

static int l2ra_nl_config_get_doit(struct sk_buff *skb,
				   struct genl_info *info)
{
	struct l2ra_net *ln = l2ra_pernet(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(3 * nla_total_size(sizeof(u32)), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &l2ra_genl_family, 0,
				L2RA_CMD_CONFIG_GET);
	if (!hdr ||
	    nla_put_u32(msg, L2RA_A_LEASE_MAX, l2ra_lease_max(ln)) ||
	    nla_put_u32(msg, L2RA_A_LEASE_COUNT, l2ra_lease_count(ln)) ||
	    nla_put_u32(msg, L2RA_A_LEASE_GEN, l2ra_lease_gen(ln))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int l2ra_nl_config_set_doit(struct sk_buff *skb,
				   struct genl_info *info)
{
	struct l2ra_net *ln = l2ra_pernet(genl_info_net(info));

	if (info->attrs[L2RA_A_LEASE_MAX])
		l2ra_lease_set_max(ln,
				   nla_get_u32(info->attrs[L2RA_A_LEASE_MAX]));
	return 0;
}

static const struct genl_ops l2ra_genl_ops[] = {
	{
		.cmd		= L2RA_CMD_PORT_GET,
		.doit		= l2ra_nl_port_get_doit,
		.start		= l2ra_nl_port_dump_start,
		.dumpit		= l2ra_nl_port_get_dumpit,
		.policy		= l2ra_port_get_policy,
		.maxattr	= L2RA_A_MAX,
	},
	{
		.cmd		= L2RA_CMD_PORT_SET,
		.doit		= l2ra_nl_port_set_doit,
		.policy		= l2ra_port_set_policy,
		.maxattr	= L2RA_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= L2RA_CMD_PORT_DEL,
		.doit		= l2ra_nl_port_del_doit,
		.policy		= l2ra_dev_policy,
		.maxattr	= L2RA_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= L2RA_CMD_BRIDGE_GET,
		.doit		= l2ra_nl_bridge_get_doit,
		.start		= l2ra_dev_dump_start,
		.dumpit		= l2ra_nl_bridge_get_dumpit,
		.policy		= l2ra_dev_policy,
		.maxattr	= L2RA_A_MAX,
	},
	{
		.cmd		= L2RA_CMD_BRIDGE_SET,
		.doit		= l2ra_nl_bridge_set_doit,
		.policy		= l2ra_bridge_set_policy,
		.maxattr	= L2RA_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= L2RA_CMD_BRIDGE_DEL,
		.doit		= l2ra_nl_bridge_del_doit,
		.policy		= l2ra_dev_policy,
		.maxattr	= L2RA_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= L2RA_CMD_STATS_GET,
		.doit		= l2ra_nl_stats_get_doit,
		.start		= l2ra_dev_dump_start,
		.dumpit		= l2ra_nl_stats_get_dumpit,
		.policy		= l2ra_dev_policy,
		.maxattr	= L2RA_A_MAX,
	},
	{
		.cmd		= L2RA_CMD_LEASE_GET,
		.doit		= l2ra_nl_lease_get_doit,
		.start		= l2ra_nl_lease_dump_start,
		.dumpit		= l2ra_nl_lease_get_dumpit,
		.done		= l2ra_nl_lease_dump_done,
		.policy		= l2ra_lease_get_policy,
		.maxattr	= L2RA_A_MAX,
		/* Every subscriber's MAC, address and port: not for anyone. */
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= L2RA_CMD_LEASE_ADD,
		.doit		= l2ra_nl_lease_add_doit,
		.policy		= l2ra_lease_add_policy,
		.maxattr	= L2RA_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= L2RA_CMD_LEASE_DEL,
		.doit		= l2ra_nl_lease_del_doit,
		.policy		= l2ra_lease_del_policy,
		.maxattr	= L2RA_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= L2RA_CMD_LEASE_FLUSH,
		.doit		= l2ra_nl_lease_flush_doit,
		.policy		= l2ra_lease_flush_policy,
		.maxattr	= L2RA_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= L2RA_CMD_CONFIG_GET,
		.doit		= l2ra_nl_config_get_doit,
		.policy		= l2ra_config_get_policy,
		.maxattr	= L2RA_A_MAX,
	},
	{
		.cmd		= L2RA_CMD_CONFIG_SET,
		.doit		= l2ra_nl_config_set_doit,
		.policy		= l2ra_config_set_policy,
		.maxattr	= L2RA_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
};

/*
 * Lease events say what LEASE_GET says: joining needs CAP_NET_ADMIN over
 * the namespace's user namespace.  Kernels older than the flag (Linux 6.7,
 * backported to the stable series Debian ships) offer no hook to check a
 * join with the namespace at hand: l2ra does not build there rather than
 * leak the leases.
 */
#ifndef GENL_MCAST_CAP_NET_ADMIN
#error "l2ra needs GENL_MCAST_CAP_NET_ADMIN (Linux 6.7 or a stable backport)"
#endif
static const struct genl_multicast_group l2ra_mcgrps[] = {
	{ .name = L2RA_MCGRP_LEASES, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

/*
 * resv_start_op stays 0: every command gets strict validation, and
 * attributes a command's policy does not list are rejected.
 */
static struct genl_family l2ra_genl_family __ro_after_init = {
	.name		= L2RA_GENL_NAME,
	.version	= L2RA_GENL_VERSION,
	.maxattr	= L2RA_A_MAX,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= l2ra_genl_ops,
	.n_ops		= ARRAY_SIZE(l2ra_genl_ops),
	.mcgrps		= l2ra_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(l2ra_mcgrps),
};

int __init l2ra_genl_register(void)
{
	int err;

	err = genl_register_family(&l2ra_genl_family);
	if (!err)
		WRITE_ONCE(l2ra_events_on, true);
	return err;
}

void l2ra_genl_unregister(void)
{
	/*
	 * Before anything else goes: unregistering the netdevice notifier
	 * replays NETDEV_UNREGISTER, which would otherwise send DEL events.
	 */
	WRITE_ONCE(l2ra_events_on, false);
	/*
	 * An l2ra_lease_notify() that read the flag before it was cleared is
	 * done formatting and sending after a grace period.
	 */
	synchronize_rcu();
	genl_unregister_family(&l2ra_genl_family);
}
