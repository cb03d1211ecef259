// SPDX-License-Identifier: GPL-2.0
/*
 * The identifiers l2ra puts in option 82: circuit-id, remote-id and
 * relay-id, either configured or derived from the interface names and the
 * bridge's MAC address.
 *
 * These run in softirq context under rcu_read_lock() as well as in the
 * control path: they neither sleep nor allocate.
 */
#include <linux/ctype.h>
#include <linux/etherdevice.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "l2ra.h"

/* DUID-LL (RFC 8415 section 11.4): type 3, hardware type 1 (Ethernet). */
static const u8 l2ra_duid_ll_hdr[] = { 0x00, 0x03, 0x00, 0x01 };

/*
 * Writes "<bridge>:<port>" (no NUL) to buf and returns its length, or 0 if
 * it does not fit in cap octets.
 */
static size_t l2ra_default_circuit_id(const struct net_device *brdev,
				      const struct net_device *port,
				      u8 *buf, size_t cap)
{
	size_t blen = strnlen(brdev->name, IFNAMSIZ);
	size_t plen = strnlen(port->name, IFNAMSIZ);

	if (blen + 1 + plen > cap)
		return 0;
	memcpy(buf, brdev->name, blen);
	buf[blen] = ':';
	memcpy(buf + blen + 1, port->name, plen);
	return blen + 1 + plen;
}

/**
 * l2ra_circuit_id - the circuit-id of a port
 * @brdev: the bridge @port belongs to
 * @port: the bridge port
 * @cfg: the port's configuration, or NULL if it has no entry
 * @vid: the VLAN the frame was classified into, 0 for none
 * @buf: where to write the circuit-id
 * @cap: size of @buf
 *
 * The configured circuit-id, else "<bridge>:<port>" followed by ":<vid>"
 * when @vid is not 0.  Text without a NUL.
 *
 * Return: the length written to @buf, 0 if it does not fit (never
 * truncated) or the port's default circuit-id is disabled.
 */
size_t l2ra_circuit_id(const struct net_device *brdev,
		       const struct net_device *port,
		       const struct l2ra_port_cfg *cfg, u16 vid, u8 *buf,
		       size_t cap)
{
	char vbuf[8];
	size_t len, vlen;

	if (cfg && cfg->cid_disabled)
		return 0;
	if (cfg && cfg->circuit_id_len) {
		if (cfg->circuit_id_len > cap)
			return 0;
		memcpy(buf, cfg->circuit_id, cfg->circuit_id_len);
		return cfg->circuit_id_len;
	}

	len = l2ra_default_circuit_id(brdev, port, buf, cap);
	if (!len || !vid)
		return len;
	vlen = scnprintf(vbuf, sizeof(vbuf), ":%u", vid);
	if (len + vlen > cap)
		return 0;
	memcpy(buf + len, vbuf, vlen);
	return len + vlen;
}

/**
 * l2ra_remote_id - the remote-id l2ra sends for a port
 * @brdev: the bridge
 * @bcfg: the bridge's configuration, or NULL
 * @pcfg: the port's configuration, or NULL if it has no entry
 * @buf: where to write the remote-id
 * @cap: size of @buf
 *
 * The port's configured remote-id, else the bridge's, else the bridge's MAC
 * address (6 octets).
 *
 * Return: the length written to @buf, 0 if it does not fit.
 */
size_t l2ra_remote_id(const struct net_device *brdev,
		      const struct l2ra_bridge_cfg *bcfg,
		      const struct l2ra_port_cfg *pcfg, u8 *buf, size_t cap)
{
	const u8 *id = brdev->dev_addr;
	size_t len = ETH_ALEN;

	if (pcfg && pcfg->remote_id_len) {
		id = pcfg->remote_id;
		len = pcfg->remote_id_len;
	} else if (bcfg && bcfg->remote_id_len) {
		id = bcfg->remote_id;
		len = bcfg->remote_id_len;
	}
	if (len > cap)
		return 0;
	memcpy(buf, id, len);
	return len;
}

/**
 * l2ra_relay_id - the relay-id (a DUID) of a bridge
 * @brdev: the bridge
 * @bcfg: the bridge's configuration, or NULL
 * @buf: where to write the relay-id
 * @cap: size of @buf
 *
 * The configured DUID, else the DUID-LL of the bridge's MAC address:
 * 00 03 00 01 followed by the 6 octets of the address.
 *
 * Return: the length written to @buf, 0 if it does not fit.
 */
size_t l2ra_relay_id(const struct net_device *brdev,
		     const struct l2ra_bridge_cfg *bcfg, u8 *buf, size_t cap)
{
	if (bcfg && bcfg->relay_id_len) {
		if (bcfg->relay_id_len > cap)
			return 0;
		memcpy(buf, bcfg->relay_id, bcfg->relay_id_len);
		return bcfg->relay_id_len;
	}
	if (sizeof(l2ra_duid_ll_hdr) + ETH_ALEN > cap)
		return 0;
	memcpy(buf, l2ra_duid_ll_hdr, sizeof(l2ra_duid_ll_hdr));
	memcpy(buf + sizeof(l2ra_duid_ll_hdr), brdev->dev_addr, ETH_ALEN);
	return sizeof(l2ra_duid_ll_hdr) + ETH_ALEN;
}

/**
 * l2ra_circuit_id_match - does a circuit-id name this port?
 * @brdev: the bridge @port belongs to
 * @port: the bridge port
 * @cfg: the port's configuration, or NULL if it has no entry
 * @id: the circuit-id, as found in a reply
 * @len: its length
 *
 * A port with a configured circuit-id is named by exactly that.  Otherwise
 * by "<bridge>:<port>", with or without a ":<vid>" suffix of 1 to 4 digits:
 * the reply path cannot always know the VLAN the request came in on.  A
 * port whose default circuit-id is disabled is named by nothing.
 *
 * Return: true if @id names @port.
 */
bool l2ra_circuit_id_match(const struct net_device *brdev,
			   const struct net_device *port,
			   const struct l2ra_port_cfg *cfg,
			   const u8 *id, size_t len)
{
	u8 def[2 * IFNAMSIZ];
	size_t dlen, i;

	if (cfg && cfg->cid_disabled)
		return false;
	if (cfg && cfg->circuit_id_len)
		return len == cfg->circuit_id_len &&
		       !memcmp(id, cfg->circuit_id, len);

	dlen = l2ra_default_circuit_id(brdev, port, def, sizeof(def));
	if (!dlen || len < dlen || memcmp(id, def, dlen))
		return false;
	if (len == dlen)
		return true;
	/* ":" and 1 to 4 digits */
	if (id[dlen] != ':' || len - dlen < 2 || len - dlen > 5)
		return false;
	for (i = dlen + 1; i < len; i++)
		if (!isdigit(id[i]))
			return false;
	return true;
}

/*
 * Under RTNL and ln->lock: would @cfg give @dev a circuit-id that is
 * ambiguous with that of another port of @brdev?  Replies are steered by
 * l2ra_circuit_id_match(), so a reply for either port must not match the
 * other.  Ports without an entry count with their default circuit-id,
 * ports whose default circuit-id is disabled with none.
 */
bool l2ra_circuit_id_taken(struct l2ra_net *ln, struct net_device *brdev,
			   struct net_device *dev,
			   const struct l2ra_port_cfg *cfg)
{
	u8 mine[L2RA_CIRCUIT_ID_MAX], theirs[L2RA_CIRCUIT_ID_MAX];
	size_t mine_len, theirs_len;
	const struct l2ra_port_cfg *ocfg;
	struct net_device *lower;
	struct l2ra_port *other;
	struct list_head *iter;

	mine_len = l2ra_circuit_id(brdev, dev, cfg, 0, mine, sizeof(mine));
	netdev_for_each_lower_dev(brdev, lower, iter) {
		if (lower == dev)
			continue;
		other = l2ra_port_find(ln, lower->ifindex);
		ocfg = other ? rcu_dereference_protected(other->cfg,
					lockdep_is_held(&ln->lock)) : NULL;
		theirs_len = l2ra_circuit_id(brdev, lower, ocfg, 0, theirs,
					     sizeof(theirs));
		if (l2ra_circuit_id_match(brdev, lower, ocfg, mine, mine_len) ||
		    l2ra_circuit_id_match(brdev, dev, cfg, theirs, theirs_len))
			return true;
	}
	return false;
}
