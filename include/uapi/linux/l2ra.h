/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * l2ra: Layer 2 DHCP relay agent for Linux bridges.
 *
 * Documentation
 * =============
 *
 * l2ra is configured over generic netlink, family L2RA_GENL_NAME, version
 * L2RA_GENL_VERSION.  All state is per network namespace: a request acts on
 * the namespace of the socket it is sent from.  Every command shares the one
 * attribute space enum l2ra_attr below; each command accepts only the
 * attributes listed for it and rejects everything else with an extended ACK
 * (NLMSGERR_ATTR_MSG names the problem, NLMSGERR_ATTR_OFFS the attribute).
 * Commands that change state (*_SET, *_DEL, L2RA_CMD_LEASE_ADD and
 * L2RA_CMD_LEASE_FLUSH) need CAP_NET_ADMIN in the user namespace that owns
 * the network namespace, and so do L2RA_CMD_LEASE_GET (lookup and dump) and
 * joining L2RA_MCGRP_LEASES: lease data names every subscriber.
 *
 * A device is named by one but not both of
 *
 *    L2RA_A_IFINDEX: NLA_U32
 *    L2RA_A_IFNAME: NLA_NUL_STRING, maxlen IFNAMSIZ - 1
 *
 * Model
 * -----
 *
 * The relay works on a bridge once L2RA_CMD_BRIDGE_SET has enabled it there.
 * Every port of an enabled bridge is then either
 *
 *   - untrusted (L2RA_ROLE_UNTRUSTED, the default): a subscriber.  DHCP client
 *     messages from it get a Relay Agent Information option (option 82,
 *     RFC 3046) carrying the port's circuit-id, the remote-id and the bridge's
 *     relay-id (RFC 6925), and are forwarded to trusted ports only.  Server
 *     messages (BOOTREPLY) from it are dropped;
 *   - trusted (L2RA_ROLE_TRUSTED): the uplink, or another relay agent.  Client
 *     messages from it pass untouched, replies from it that carry our
 *     option 82 have it removed and go only to the port its circuit-id names.
 *
 * A port needs no configuration to be relayed: ports without an entry use
 * the defaults given below.  An entry exists once L2RA_CMD_PORT_SET has been
 * called for the port; it goes away with L2RA_CMD_PORT_DEL, when the port
 * leaves its bridge, or when the port or its namespace is deleted.  Per-port
 * counters are kept for ports that have an entry; the namespace's counters
 * count every port.
 *
 * L2RA_CMD_PORT_GET
 * -----------------
 *
 * With NLM_F_DUMP: every port entry in the namespace, one message each.  An
 * optional L2RA_A_BRIDGE_IFINDEX restricts the dump to one bridge.  Without
 * NLM_F_DUMP: the entry of the port named by L2RA_A_IFINDEX or L2RA_A_IFNAME
 * (ENOENT when it has none).  Each message holds:
 *
 *    L2RA_A_IFINDEX: NLA_U32
 *    L2RA_A_IFNAME: NLA_NUL_STRING
 *    L2RA_A_BRIDGE_IFINDEX: NLA_U32, the bridge the port belongs to
 *    L2RA_A_ROLE: NLA_U8, enum l2ra_role
 *    L2RA_A_CIRCUIT_ID: NLA_BINARY, the circuit-id in use (configured or
 *                       default, see L2RA_A_DEFAULTS)
 *    L2RA_A_REMOTE_ID: NLA_BINARY, only when configured on the port
 *    L2RA_A_OPT82_POLICY: NLA_U8, enum l2ra_opt82_policy
 *    L2RA_A_UNICAST: NLA_U8, 1 if unicast client messages are relayed too
 *    L2RA_A_CHADDR_CHECK: NLA_U8, 1 if chaddr must equal the source MAC
 *    L2RA_A_DEFAULTS: NLA_U32, L2RA_DEFAULT_* bits of the ids not configured
 *    L2RA_A_LEASE_MAX, L2RA_A_LEASE_COUNT: NLA_U32, see "Leases" below
 *    L2RA_A_XID_MAX: NLA_U32, the port's transaction-table quota
 *    L2RA_A_RATE: NLA_U32, DHCP packets per second (0: no limit)
 *    L2RA_A_BURST: NLA_U32, packets
 *    L2RA_A_SOURCE_GUARD: NLA_U8, enum l2ra_source_guard
 *    L2RA_A_ARP_GUARD: NLA_U8, 1 if ARP inspection is on
 *    L2RA_A_STATS: NLA_NESTED, the port's counters, see L2RA_CMD_STATS_GET
 *
 * The default circuit-id of a port is the text "<bridge>:<port>", for
 * example "br0:eth1", followed by ":<vid>" for frames classified into a VLAN
 * (a tag, or the port's PVID on a VLAN-filtering bridge): "br0:eth1:100".
 * It is stable across reboots for as long as the interface names are.
 *
 * L2RA_CMD_PORT_SET
 * -----------------
 *
 * Creates or updates the entry of a bridge port (EINVAL if the device is not
 * a bridge port).  Attributes not given keep their value (the default for a
 * new entry).
 *
 *    L2RA_A_IFINDEX or L2RA_A_IFNAME: the port
 *    L2RA_A_ROLE: NLA_U8, L2RA_ROLE_UNTRUSTED or L2RA_ROLE_TRUSTED
 *    L2RA_A_CIRCUIT_ID: NLA_BINARY, 0..L2RA_CIRCUIT_ID_MAX octets; empty
 *                       returns to the default circuit-id
 *    L2RA_A_REMOTE_ID: NLA_BINARY, 0..L2RA_REMOTE_ID_MAX octets; empty
 *                      returns to the bridge's remote-id
 *    L2RA_A_OPT82_POLICY: NLA_U8, enum l2ra_opt82_policy (default DROP)
 *    L2RA_A_UNICAST: NLA_U8, 0 or 1 (default 1)
 *    L2RA_A_CHADDR_CHECK: NLA_U8, 0 or 1 (default 1)
 *    L2RA_A_LEASE_MAX: NLA_U32, most leases learned on the port (default
 *                      L2RA_PORT_LEASE_MAX_DEFAULT; 0: no port limit)
 *    L2RA_A_XID_MAX: NLA_U32, 0..L2RA_XID_TABLE_SIZE, the port's share of
 *                    the transaction table (default
 *                    L2RA_PORT_XID_MAX_DEFAULT; 0: no port limit)
 *    L2RA_A_RATE: NLA_U32, 0..L2RA_RATE_MAX, DHCP packets per second the
 *                 port may send (default L2RA_RATE_DEFAULT; 0: no limit)
 *    L2RA_A_BURST: NLA_U32, 1..L2RA_BURST_MAX, packets the port may send at
 *                  once after being quiet (default L2RA_BURST_DEFAULT)
 *    L2RA_A_SOURCE_GUARD: NLA_U8, enum l2ra_source_guard (default OFF)
 *    L2RA_A_ARP_GUARD: NLA_U8, 0 or 1 (default 0)
 *
 * Source guard and ARP inspection.  On an untrusted port with
 * L2RA_A_SOURCE_GUARD set, an IPv4 frame entering the bridge passes only if
 * its source address is bound on that port and VLAN by a lease (learned or
 * static, see "Leases"), and, with L2RA_SOURCE_GUARD_IP_MAC, to the
 * frame's source MAC address; DHCP client messages (UDP to port 67) always
 * pass, so that a subscriber can get a lease.  With L2RA_A_ARP_GUARD, an
 * ARP packet passes only if its sender protocol address is bound on that
 * port and VLAN to its sender hardware address (a probe, sender address
 * 0.0.0.0, always passes: RFC 5227).  Other frames, IPv6 included, are not
 * filtered.  Drops are counted per reason (L2RA_STAT_DROP_GUARD_*).  The
 * check runs in l2ra's netfilter bridge PRE_ROUTING hook, as the frame
 * enters the bridge, before the bridge learns its source address; a frame
 * from a port that is not guarded costs that hook one test more, and no
 * ingress hook exists.  Trusted ports are never guarded, whatever their
 * setting.
 *
 * Quotas.  Untrusted ports share the namespace's tables and the uplink's
 * DHCP server, so that no subscriber can starve the others, each port has
 * three quotas, in force on ports without an entry too:
 *
 *   - rate: every DHCP packet entering on an untrusted port takes a token
 *     from the port's bucket, which holds L2RA_A_BURST tokens and refills
 *     at L2RA_A_RATE per second; a packet finding it empty is dropped
 *     before it is parsed (L2RA_STAT_DROP_RATELIMIT).  Trusted ports are
 *     not limited;
 *   - xid-max: a port holding that many transaction-table entries no longer
 *     evicts another port's live transaction: its new transaction takes a
 *     free or expired entry, or replaces one of its own, or is not recorded
 *     (L2RA_STAT_XID_PORT_FULL; the request is still relayed).  A port
 *     below its quota evicts first the entries of ports above theirs;
 *   - lease-max: a DHCPACK or L2RA_CMD_LEASE_ADD that would give the port
 *     more leases is refused (L2RA_STAT_LEASE_FULL, ENOSPC).
 *
 * Circuit-ids must be unique within a bridge (EEXIST otherwise): replies are
 * steered by them.
 *
 * L2RA_CMD_PORT_DEL
 * -----------------
 *
 * Removes the entry of the port named by L2RA_A_IFINDEX or L2RA_A_IFNAME;
 * the port falls back to the defaults and its counters are dropped.
 *
 * L2RA_CMD_BRIDGE_GET
 * -------------------
 *
 * With NLM_F_DUMP: every bridge the relay is configured on.  Without: the
 * bridge named by L2RA_A_IFINDEX or L2RA_A_IFNAME (ENOENT if unconfigured).
 * Each message holds:
 *
 *    L2RA_A_IFINDEX: NLA_U32
 *    L2RA_A_IFNAME: NLA_NUL_STRING
 *    L2RA_A_ENABLED: NLA_U8, 1 if the relay runs on this bridge
 *    L2RA_A_REMOTE_ID: NLA_BINARY, the remote-id in use
 *    L2RA_A_RELAY_ID: NLA_BINARY, the relay-id (a DUID) in use
 *    L2RA_A_DEFAULTS: NLA_U32, L2RA_DEFAULT_* bits of the ids not configured
 *    L2RA_A_RELAY6: NLA_U8, 1 if DHCPv6 is relayed too (when enabled)
 *    L2RA_A_ENTERPRISE: NLA_U32, the enterprise-number of DHCPv6 Remote-ID
 *
 * The default remote-id is the bridge's MAC address (6 octets).  The default
 * relay-id is a DUID-LL (RFC 8415, type 3, hardware type 1) made of the
 * bridge's MAC address.  Both change when the bridge's address does, so an
 * operator who wants a relay-id that survives a hardware swap sets one and
 * keeps it with the device's provisioning ("l2ractl bridge set dev BR
 * relay-id generate" makes a DUID-UUID): the DHCP servers file every
 * binding under it, and l2rad's Bulk Leasequery restore asks for it.
 *
 * L2RA_CMD_BRIDGE_SET
 * -------------------
 *
 * Creates or updates the relay configuration of a bridge (EINVAL if the
 * device is not a bridge).  Attributes not given keep their value.
 *
 *    L2RA_A_IFINDEX or L2RA_A_IFNAME: the bridge
 *    L2RA_A_ENABLED: NLA_U8, 0 or 1 (a new entry starts disabled)
 *    L2RA_A_REMOTE_ID: NLA_BINARY, 0..L2RA_REMOTE_ID_MAX octets; empty
 *                      returns to the default
 *    L2RA_A_RELAY_ID: NLA_BINARY, 0 or L2RA_RELAY_ID_MIN..L2RA_RELAY_ID_MAX
 *                     octets; empty returns to the default
 *    L2RA_A_RELAY6: NLA_U8, 0 or 1 (default 1): with L2RA_A_ENABLED, the
 *                   bridge is also a Lightweight DHCPv6 Relay Agent (RFC
 *                   6221): DHCPv6 client messages from untrusted ports are
 *                   wrapped in a Relay-Forward (Interface-ID: the port's
 *                   circuit-id; Remote-ID when a remote-id is configured;
 *                   Relay-ID: the relay-id) and sent to trusted ports only,
 *                   Relay-Replies naming one of its ports are unwrapped for
 *                   that port only, and server messages from untrusted
 *                   ports are dropped.  0 leaves DHCPv6 alone.
 *    L2RA_A_ENTERPRISE: NLA_U32, the enterprise-number in Remote-ID (37)
 *                       (default 0)
 *
 * L2RA_CMD_BRIDGE_DEL
 * -------------------
 *
 * Removes the relay configuration of the bridge named by L2RA_A_IFINDEX or
 * L2RA_A_IFNAME: the bridge forwards DHCP like any other traffic again.
 * Port entries are kept.
 *
 * L2RA_CMD_STATS_GET
 * ------------------
 *
 * Without NLM_F_DUMP and without a device: the namespace's counters.  With
 * L2RA_A_IFINDEX or L2RA_A_IFNAME: one port's counters.  With NLM_F_DUMP:
 * one message per port entry.  Each message holds L2RA_A_IFINDEX and
 * L2RA_A_IFNAME (not for the namespace) and
 *
 *    L2RA_A_STATS: NLA_NESTED
 *        L2RA_STAT_*: NLA_U64, one attribute per counter of enum l2ra_stat
 *
 * A reader must ignore counters it does not know: new ones are added at the
 * end of enum l2ra_stat.  Counters are never reset while the entry exists.
 *
 * Leases
 * ------
 *
 * The relay snoops the DHCP exchanges it relays and keeps a lease table per
 * namespace: one lease per client MAC address and VLAN, learned from the
 * DHCPACK it steers to a subscriber port (or a BOOTP reply without option
 * 53 that answers a request relayed from that port: lease time infinite,
 * 0xffffffff, unless option 51 says otherwise), removed by DHCPNAK, by a
 * DHCPRELEASE whose ciaddr or a DHCPDECLINE whose option 50 is the lease's
 * address (otherwise it is kept: L2RA_STAT_LEASE_ADDR_MISMATCH), expiry, or
 * an operator.  The table is bounded: a namespace limit
 * (L2RA_CMD_CONFIG_SET) and an optional limit per port; a lease that does
 * not fit is refused and counted (L2RA_STAT_LEASE_FULL), while releases,
 * declines and NAKs are always processed.  A lease is described by:
 *
 *    L2RA_A_MAC: NLA_BINARY, exactly 6 octets, the client's chaddr
 *    L2RA_A_VID: NLA_U16, 0..4094, the VLAN (0: untagged / no VLAN)
 *    L2RA_A_ADDR: NLA_BE32, the leased IPv4 address (yiaddr)
 *    L2RA_A_EXPIRES: NLA_U32, seconds the lease has left
 *    L2RA_A_LEASE_TIME: NLA_U32, seconds granted (option 51)
 *    L2RA_A_SERVER_ID: NLA_BE32, the server (option 54), 0 if unknown
 *    L2RA_A_CLTT: NLA_U64, wall-clock time of the last transaction,
 *                 seconds since the epoch
 *    L2RA_A_IFINDEX, L2RA_A_IFNAME: the subscriber port
 *    L2RA_A_BRIDGE_IFINDEX: NLA_U32, its bridge
 *    L2RA_A_CIRCUIT_ID: NLA_BINARY, the port's circuit-id for this lease
 *    L2RA_A_LEASE_FLAGS: NLA_U32, L2RA_LEASE_F_* bits (absent: 0)
 *
 * IPv6 bindings.  The LDRA (L2RA_A_RELAY6) snoops the DHCPv6 REPLY it
 * unwraps for a subscriber port: every IA_NA address (OPTION_IAADDR) and
 * IA_PD prefix (OPTION_IAPREFIX) with a valid lifetime above 0 becomes a
 * binding of its own in the same table, under the same limits; one with a
 * valid lifetime of 0 is removed.  A client's RELEASE or DECLINE removes
 * the bindings it names, if they are on the port it came from.  An IPv6
 * binding is keyed by its address or prefix and VLAN, not by MAC address
 * (a client may hold several), and is described by the attributes above,
 * with, instead of L2RA_A_ADDR and L2RA_A_SERVER_ID:
 *
 *    L2RA_A_ADDR6: NLA_BINARY, exactly 16 octets, the IA_NA address, or
 *                  the IA_PD prefix (bits beyond the length are 0)
 *    L2RA_A_PREFIX_LEN: NLA_U8, 1..128, the delegated prefix's length;
 *                       absent for an IA_NA address
 *    L2RA_A_PREFERRED: NLA_U32, the preferred lifetime granted, seconds
 *
 * L2RA_A_LEASE_TIME is the valid lifetime granted, L2RA_A_EXPIRES what is
 * left of it, L2RA_A_MAC the client's MAC address (the REPLY's Ethernet
 * destination; all zero when unknown, as after a restore from a server
 * that did not say).
 *
 * Static bindings.  A lease added with L2RA_LEASE_F_STATIC is an operator's
 * binding for a host with a fixed address: it never expires (L2RA_A_EXPIRES
 * and L2RA_A_LEASE_TIME read 0xffffffff; L2RA_A_EXPIRES is optional when
 * adding one), and DHCP does not change or remove it: a DHCPACK, RELEASE,
 * DECLINE or NAK for its MAC address and VLAN leaves it as it is
 * (L2RA_STAT_LEASE_STATIC).  Like any lease it goes with L2RA_CMD_LEASE_DEL,
 * or when its port leaves the bridge, and it counts against the limits.
 *
 * L2RA_CMD_LEASE_GET
 * ------------------
 *
 * With NLM_F_DUMP: every lease, one message each, optionally filtered by
 * any of L2RA_A_IFINDEX / L2RA_A_IFNAME (port), L2RA_A_BRIDGE_IFINDEX,
 * L2RA_A_VID and L2RA_A_ADDR.  A dump is resumable and consistent only per
 * lease: leases added or removed while it runs may be missed or seen once,
 * and a lease may be sent more than once, when the table is resized while
 * the dump runs (it grows and shrinks with the number of leases) or when
 * leases near it are replaced between two parts of the dump.  A reader
 * keys what it gets by L2RA_A_MAC and L2RA_A_VID (IPv6 bindings:
 * L2RA_A_ADDR6, L2RA_A_PREFIX_LEN and L2RA_A_VID).  L2RA_A_FAMILY (NLA_U8,
 * AF_INET or AF_INET6) restricts a dump to one family.  Without
 * NLM_F_DUMP: the lease of L2RA_A_MAC (and L2RA_A_VID, default 0), or with
 * L2RA_A_ADDR6 the IPv6 binding of L2RA_A_ADDR6 / L2RA_A_PREFIX_LEN /
 * L2RA_A_VID; ENOENT if none.
 *
 * L2RA_CMD_LEASE_ADD
 * ------------------
 *
 * Creates or replaces the lease of L2RA_A_MAC / L2RA_A_VID (restoring
 * after a reboot, or an operator's static binding).  Needs L2RA_A_ADDR and
 * L2RA_A_EXPIRES (> 0; the remaining lifetime; not needed with
 * L2RA_LEASE_F_STATIC in L2RA_A_LEASE_FLAGS), and the port: either
 * L2RA_A_IFINDEX or L2RA_A_IFNAME, or L2RA_A_CIRCUIT_ID (looked up among
 * the ports of L2RA_A_BRIDGE_IFINDEX, or of every enabled bridge when it is
 * absent; ENOENT if no port has it).  Optional: L2RA_A_LEASE_TIME (default
 * L2RA_A_EXPIRES), L2RA_A_SERVER_ID, L2RA_A_CLTT (default now).  Limits
 * apply (ENOSPC).  With L2RA_A_ADDR6 it creates or replaces the IPv6
 * binding of L2RA_A_ADDR6 / L2RA_A_PREFIX_LEN / L2RA_A_VID instead;
 * L2RA_A_MAC is then optional, L2RA_A_PREFERRED defaults to the valid
 * lifetime (L2RA_A_LEASE_TIME) and may not exceed it, L2RA_A_ADDR6 is a
 * unicast address or prefix (no bit set beyond L2RA_A_PREFIX_LEN), and
 * L2RA_A_ADDR, L2RA_A_SERVER_ID and L2RA_LEASE_F_STATIC are refused
 * (static bindings are IPv4 only).
 *
 * L2RA_CMD_LEASE_DEL
 * ------------------
 *
 * Removes the lease of L2RA_A_MAC / L2RA_A_VID, or with L2RA_A_ADDR6 the
 * IPv6 binding of L2RA_A_ADDR6 / L2RA_A_PREFIX_LEN / L2RA_A_VID (ENOENT
 * if none; L2RA_A_MAC is then not looked at).
 *
 * L2RA_CMD_LEASE_FLUSH
 * --------------------
 *
 * Removes every learned lease, or those of one port (L2RA_A_IFINDEX or
 * L2RA_A_IFNAME) or bridge (L2RA_A_BRIDGE_IFINDEX).  Static bindings are
 * configuration, not learned state: they are removed only with
 * L2RA_A_LEASE_FLAGS holding L2RA_LEASE_F_STATIC, which removes the static
 * bindings (of the port or bridge) and nothing else.
 *
 * Lease events
 * ------------
 *
 * Every change to the lease table is sent to the multicast group
 * L2RA_MCGRP_LEASES as an L2RA_CMD_LEASE_NOTIFY message holding the lease's
 * attributes above and
 *
 *    L2RA_A_LEASE_EVENT: NLA_U8, enum l2ra_lease_event
 *
 * (for L2RA_LEASE_EV_DEL and the removal events, the lease as it was).  A
 * listener whose socket overflows (ENOBUFS on receive) has lost events and
 * must resynchronise with a dump.  The leases of a port that leaves its
 * bridge or is deleted go with L2RA_LEASE_EV_DEL events; the table of a
 * namespace that is deleted, or of every namespace when the module is
 * unloaded, goes without events.
 *
 * L2RA_CMD_CONFIG_GET / L2RA_CMD_CONFIG_SET
 * -----------------------------------------
 *
 * Namespace-wide settings:
 *
 *    L2RA_A_LEASE_MAX: NLA_U32, most leases in the namespace (set and get;
 *                      default L2RA_LEASE_MAX_DEFAULT, 0 refuses all)
 *    L2RA_A_LEASE_COUNT: NLA_U32, leases now (get only)
 *    L2RA_A_LEASE_GEN: NLA_U32, the lease table's generation (get only):
 *                      it grows by one, modulo 2^32, with every lease
 *                      added, changed or removed, whoever did it.  A
 *                      client that added K leases with no other change
 *                      in between sees it grow by exactly K; l2rad
 *                      takes that as proof that no event was missed.
 *
 * Ports take L2RA_A_LEASE_MAX too (L2RA_CMD_PORT_SET, 0: no port limit,
 * default L2RA_PORT_LEASE_MAX_DEFAULT, also for ports without an entry)
 * and report L2RA_A_LEASE_COUNT.
 *
 * Errors
 * ------
 *
 * Every error is an NLMSG_ERROR with a negative errno; malformed or
 * out-of-range attributes also carry an extended ACK message.
 */

#ifndef _UAPI_LINUX_L2RA_H
#define _UAPI_LINUX_L2RA_H

#define L2RA_GENL_NAME		"l2ra"
#define L2RA_GENL_VERSION	1

/* RFC 3046 sub-option budget: 2 + 63 + 2 + 63 + 2 + 64 < 255. */
#define L2RA_CIRCUIT_ID_MAX	63
#define L2RA_REMOTE_ID_MAX	63
#define L2RA_RELAY_ID_MIN	3	/* DUID type and at least one octet */
#define L2RA_RELAY_ID_MAX	64

#define L2RA_MCGRP_LEASES	"leases"
#define L2RA_LEASE_MAX_DEFAULT	65536

/*
 * Per-port quotas (L2RA_CMD_PORT_SET), their defaults for ports without an
 * entry and for new entries, and their ranges.  Each is 0 for "no limit".
 */
#define L2RA_PORT_LEASE_MAX_DEFAULT	1024	/* 1/64 of the namespace's */
#define L2RA_XID_TABLE_SIZE		4096	/* transaction table entries */
#define L2RA_PORT_XID_MAX_DEFAULT	256	/* 1/16 of the table */
#define L2RA_RATE_DEFAULT		100	/* DHCP packets per second */
#define L2RA_RATE_MAX			100000
#define L2RA_BURST_DEFAULT		200	/* packets */
#define L2RA_BURST_MAX			100000

enum l2ra_cmd {
	L2RA_CMD_UNSPEC,
	L2RA_CMD_PORT_GET,
	L2RA_CMD_PORT_SET,
	L2RA_CMD_PORT_DEL,
	L2RA_CMD_BRIDGE_GET,
	L2RA_CMD_BRIDGE_SET,
	L2RA_CMD_BRIDGE_DEL,
	L2RA_CMD_STATS_GET,
	L2RA_CMD_LEASE_GET,
	L2RA_CMD_LEASE_ADD,
	L2RA_CMD_LEASE_DEL,
	L2RA_CMD_LEASE_FLUSH,
	L2RA_CMD_LEASE_NOTIFY,
	L2RA_CMD_CONFIG_GET,
	L2RA_CMD_CONFIG_SET,
	__L2RA_CMD_MAX
};
#define L2RA_CMD_MAX (__L2RA_CMD_MAX - 1)

enum l2ra_attr {
	L2RA_A_UNSPEC,
	L2RA_A_PAD,
	L2RA_A_IFINDEX,
	L2RA_A_IFNAME,
	L2RA_A_BRIDGE_IFINDEX,
	L2RA_A_ENABLED,
	L2RA_A_ROLE,
	L2RA_A_CIRCUIT_ID,
	L2RA_A_REMOTE_ID,
	L2RA_A_RELAY_ID,
	L2RA_A_OPT82_POLICY,
	L2RA_A_UNICAST,
	L2RA_A_CHADDR_CHECK,
	L2RA_A_DEFAULTS,
	L2RA_A_STATS,
	L2RA_A_MAC,
	L2RA_A_VID,
	L2RA_A_ADDR,
	L2RA_A_EXPIRES,
	L2RA_A_LEASE_TIME,
	L2RA_A_SERVER_ID,
	L2RA_A_CLTT,
	L2RA_A_LEASE_EVENT,
	L2RA_A_LEASE_MAX,
	L2RA_A_LEASE_COUNT,
	L2RA_A_LEASE_GEN,
	L2RA_A_XID_MAX,
	L2RA_A_RATE,
	L2RA_A_BURST,
	L2RA_A_SOURCE_GUARD,
	L2RA_A_ARP_GUARD,
	L2RA_A_LEASE_FLAGS,
	L2RA_A_RELAY6,		/* NLA_U8: the LDRA (DHCPv6) on an enabled bridge */
	L2RA_A_ENTERPRISE,	/* NLA_U32: enterprise-number of Remote-ID (37) */
	L2RA_A_ADDR6,		/* NLA_BINARY[16]: IPv6 binding's address */
	L2RA_A_PREFIX_LEN,	/* NLA_U8: IA_PD prefix length */
	L2RA_A_PREFERRED,	/* NLA_U32: preferred lifetime */
	L2RA_A_FAMILY,		/* NLA_U8: AF_INET / AF_INET6 dump filter */
	__L2RA_A_MAX
};
#define L2RA_A_MAX (__L2RA_A_MAX - 1)

enum l2ra_role {
	L2RA_ROLE_UNTRUSTED,	/* subscriber port (default) */
	L2RA_ROLE_TRUSTED,	/* uplink, or a port towards another relay */
	__L2RA_ROLE_MAX
};
#define L2RA_ROLE_MAX (__L2RA_ROLE_MAX - 1)

/*
 * What to do with a client message that arrives on an untrusted port already
 * carrying option 82 (giaddr is 0, so no relay has a right to have added it).
 */
enum l2ra_opt82_policy {
	L2RA_OPT82_DROP,	/* drop it, as RFC 3046 section 2.1 says */
	L2RA_OPT82_KEEP,	/* forward it with the client's option 82 */
	L2RA_OPT82_REPLACE,	/* remove the client's option 82, add ours */
	__L2RA_OPT82_MAX
};
#define L2RA_OPT82_MAX (__L2RA_OPT82_MAX - 1)

/* What an untrusted port's IPv4 source guard checks (L2RA_A_SOURCE_GUARD). */
enum l2ra_source_guard {
	L2RA_SOURCE_GUARD_OFF,		/* nothing (default) */
	L2RA_SOURCE_GUARD_IP,		/* the source address is bound there */
	L2RA_SOURCE_GUARD_IP_MAC,	/* ... to the frame's source MAC */
	__L2RA_SOURCE_GUARD_MAX
};
#define L2RA_SOURCE_GUARD_MAX (__L2RA_SOURCE_GUARD_MAX - 1)

/* Bits of L2RA_A_LEASE_FLAGS. */
#define L2RA_LEASE_F_STATIC	(1U << 0)	/* operator's static binding */

enum l2ra_lease_event {
	L2RA_LEASE_EV_UNSPEC,
	L2RA_LEASE_EV_NEW,	/* DHCPACK for a client without a lease */
	L2RA_LEASE_EV_UPDATE,	/* DHCPACK renewing or changing a lease */
	L2RA_LEASE_EV_RELEASE,	/* DHCPRELEASE from the client */
	L2RA_LEASE_EV_DECLINE,	/* DHCPDECLINE from the client */
	L2RA_LEASE_EV_NAK,	/* DHCPNAK from the server */
	L2RA_LEASE_EV_EXPIRE,	/* its lifetime ran out */
	L2RA_LEASE_EV_DEL,	/* removed by netlink, or its port went away */
	L2RA_LEASE_EV_ADD,	/* added by netlink (L2RA_CMD_LEASE_ADD) */
	__L2RA_LEASE_EV_MAX
};
#define L2RA_LEASE_EV_MAX (__L2RA_LEASE_EV_MAX - 1)

/* Bits of L2RA_A_DEFAULTS: which ids are derived rather than configured. */
#define L2RA_DEFAULT_CIRCUIT_ID	(1U << 0)
#define L2RA_DEFAULT_REMOTE_ID	(1U << 1)
#define L2RA_DEFAULT_RELAY_ID	(1U << 2)

/*
 * Counters, nested in L2RA_A_STATS as NLA_U64 attributes whose type is the
 * counter's value below.  "Client message" is a BOOTREQUEST, "reply" a
 * BOOTREPLY.  Every DHCP packet the relay inspects on an enabled bridge ends
 * in exactly one of the outcome counters REQ_ADDED .. REQ_TOO_BIG,
 * REQ_STRIPPED, REPLY_STEERED .. REPLY_UNKNOWN, TRUSTED_UNPARSED and DROP_*,
 * counted when it enters the bridge; REQ_NOT_UPLINK and REPLY_NOT_TARGET
 * count the copies the bridge makes of it, one per egress port.
 * REPLY_STRIPPED counts a reply once more with its outcome, when our option
 * 82 is removed: as it enters, or, from a server on the bridge device, on
 * the copy for its port.
 *
 * In a port's counters, client-message outcomes and drops count on the port
 * the packet came in on; REPLY_STEERED, REPLY_XID_STEERED and REPLY_STRIPPED
 * on the subscriber port the reply is for; REQ_NOT_UPLINK and
 * REPLY_NOT_TARGET on the port that was kept from seeing the copy.
 */
enum l2ra_stat {
	L2RA_STAT_UNSPEC,
	L2RA_STAT_PAD,
	/* client messages */
	L2RA_STAT_REQ_ADDED,		/* option 82 added */
	L2RA_STAT_REQ_REPLACED,		/* client's option 82 replaced by ours */
	L2RA_STAT_REQ_KEPT,		/* client's option 82 kept (policy) */
	L2RA_STAT_REQ_TRUSTED,		/* from a trusted port, left untouched */
	L2RA_STAT_REQ_UNICAST,		/* unicast, interception off: untouched */
	L2RA_STAT_REQ_TOO_BIG,		/* forwarded unmodified: MTU / option 57 */
	L2RA_STAT_REQ_NOT_UPLINK,	/* copy to a non-trusted port suppressed */
	/* replies */
	L2RA_STAT_REPLY_STRIPPED,	/* our option 82 removed */
	L2RA_STAT_REPLY_STEERED,	/* delivered to the circuit-id's port */
	L2RA_STAT_REPLY_XID_STEERED,	/* no echo: steered by transaction */
	L2RA_STAT_REPLY_FOREIGN,	/* someone else's option 82: untouched */
	L2RA_STAT_REPLY_UNKNOWN,	/* no option 82, no transaction: untouched */
	L2RA_STAT_REPLY_NOT_TARGET,	/* copy to another port suppressed */
	/* drops */
	L2RA_STAT_DROP_UNTRUSTED_SERVER, /* reply on an untrusted port */
	L2RA_STAT_DROP_SPOOFED_OPT82,	/* client option 82, policy drop */
	L2RA_STAT_DROP_CHADDR,		/* chaddr differs from source MAC */
	L2RA_STAT_DROP_MALFORMED,	/* bad IP/UDP/BOOTP/option framing */
	L2RA_STAT_DROP_NO_PORT,		/* our option 82 names no port */
	L2RA_STAT_DROP_NOMEM,		/* could not make the packet writable */
	L2RA_STAT_DROP_FRAGMENT,	/* IP fragment on a DHCP port */
	L2RA_STAT_DROP_GIADDR,		/* relayed message on an untrusted port */
	/* transaction table */
	L2RA_STAT_XID_FULL,		/* insert evicted a live transaction */
	/* lease table */
	L2RA_STAT_LEASE_NEW,		/* learned from a DHCPACK */
	L2RA_STAT_LEASE_RENEW,		/* DHCPACK for a known lease */
	L2RA_STAT_LEASE_RELEASE,	/* removed by DHCPRELEASE */
	L2RA_STAT_LEASE_DECLINE,	/* removed by DHCPDECLINE */
	L2RA_STAT_LEASE_NAK,		/* removed by DHCPNAK */
	L2RA_STAT_LEASE_EXPIRE,		/* removed on expiry */
	L2RA_STAT_LEASE_FULL,		/* refused: namespace or port limit */
	/* trust policy (Documentation/l2ra.rst, "Trust model") */
	L2RA_STAT_REQ_STRIPPED,		/* replace: client's option 82 removed,
					 * ours did not fit: forwarded without
					 */
	L2RA_STAT_DROP_OPT82_OURS,	/* keep: client option 82 that would
					 * pass for ours (relay-id, remote-id)
					 */
	L2RA_STAT_LEASE_ADDR_MISMATCH,	/* RELEASE/DECLINE for an address other
					 * than the lease's: lease kept
					 */
	L2RA_STAT_TRUSTED_UNPARSED,	/* trusted port, not parsable as DHCP
					 * (BOOTP, no cookie, no END): untouched
					 */
	/* per-port quotas */
	L2RA_STAT_DROP_RATELIMIT,	/* over the port's DHCP rate limit */
	L2RA_STAT_XID_PORT_FULL,	/* not recorded: port at its xid-max */
	/*
	 * A frame with more VLAN tags than the relay looks through (4 in the
	 * frame, plus the one the device took out), from or to an untrusted
	 * port: whether it is DHCP cannot be told, so it does not pass.
	 * Also a frame that still has a VLAN tag after the device took the
	 * outer one, entering a port with source guard or ARP inspection:
	 * what it carries cannot be checked against a binding.
	 */
	L2RA_STAT_DROP_VLAN_DEPTH,
	/*
	 * A client message from a port whose default circuit-id names
	 * another port too (it joined the bridge, or it or its bridge was
	 * renamed, into an id already in use): dropped until it gets an id
	 * of its own.
	 */
	L2RA_STAT_DROP_CID_CONFLICT,
	/* source guard and ARP inspection, on guarded untrusted ports */
	L2RA_STAT_DROP_GUARD_IP,	/* IPv4 source not bound on port/VLAN */
	L2RA_STAT_DROP_GUARD_IP_MAC,	/* ip-mac: bound, to another MAC */
	L2RA_STAT_DROP_GUARD_ARP,	/* ARP sender address not bound there */
	L2RA_STAT_DROP_GUARD_ARP_MAC,	/* ARP sender bound to another MAC */
	/* DHCP for a MAC with a static binding: binding left as it is */
	L2RA_STAT_LEASE_STATIC,
	/*
	 * DHCPv6, the Lightweight DHCPv6 Relay Agent (RFC 6221), on bridges
	 * with L2RA_A_RELAY6 on.  Outcomes of a DHCPv6 message entering the
	 * bridge (exactly one each), and of the copies the bridge makes
	 * (V6_REQ_NOT_UPLINK, V6_REPLY_NOT_TARGET).
	 */
	L2RA_STAT_V6_REQ_RELAYED,	/* client message wrapped in a
					 * Relay-Forward (untrusted port)
					 */
	L2RA_STAT_V6_RELAY_FORW_WRAPPED, /* Relay-Forward from a trusted port
					  * wrapped again, hop-count + 1
					  */
	L2RA_STAT_V6_REQ_TRUSTED,	/* client message, trusted port: untouched */
	L2RA_STAT_V6_REQ_TOO_BIG,	/* not wrapped: over the MTU, untouched */
	L2RA_STAT_V6_REQ_NOT_UPLINK,	/* copy to a non-trusted port suppressed */
	L2RA_STAT_V6_REPLY_UNWRAPPED,	/* our Relay-Reply: inner message sent
					 * to the port its Interface-ID names
					 */
	L2RA_STAT_V6_REPLY_FOREIGN,	/* Relay-Reply not ours: untouched */
	L2RA_STAT_V6_REPLY_DIRECT,	/* server message, trusted port, not
					 * relayed: untouched
					 */
	L2RA_STAT_V6_REPLY_NOT_TARGET,	/* copy to another port suppressed */
	L2RA_STAT_V6_TRUSTED_OTHER,	/* trusted port, other or unparsable
					 * message: untouched
					 */
	L2RA_STAT_V6_DROP_UNTRUSTED_SERVER, /* ADVERTISE, REPLY, RECONFIGURE
					     * or RELAY-REPL, untrusted port
					     */
	L2RA_STAT_V6_DROP_RELAY_FORW,	/* Relay-Forward from an untrusted port */
	L2RA_STAT_V6_DROP_OTHER,	/* untrusted port, a message type that is
					 * neither client nor server (leasequery,
					 * unknown)
					 */
	L2RA_STAT_V6_DROP_MALFORMED,	/* bad IPv6/UDP/DHCPv6 framing or UDP
					 * checksum
					 */
	L2RA_STAT_V6_DROP_HOP_LIMIT,	/* Relay-Forward at hop-count 8, or
					 * relay messages nested over 32 deep
					 */
	/*
	 * IPv6 bindings learned from the REPLY messages the LDRA unwraps (the
	 * lease counters above count IPv4 leases only).
	 */
	L2RA_STAT_LEASE6_NEW,		/* address or prefix learned */
	L2RA_STAT_LEASE6_RENEW,		/* REPLY for a known binding */
	L2RA_STAT_LEASE6_RELEASE,	/* removed by RELEASE, DECLINE, or a
					 * valid lifetime of 0
					 */
	L2RA_STAT_LEASE6_EXPIRE,	/* removed on expiry */
	L2RA_STAT_LEASE6_FULL,		/* refused: namespace or port limit */
	L2RA_STAT_LEASE6_MISMATCH,	/* RELEASE/DECLINE for a binding of
					 * another port: kept
					 */
	__L2RA_STAT_MAX
};
#define L2RA_STAT_MAX (__L2RA_STAT_MAX - 1)

#endif /* _UAPI_LINUX_L2RA_H */
