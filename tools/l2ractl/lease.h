/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lease.h - what "lease", "monitor", "config" and "port" share about leases:
 * parsers for MAC addresses, IPv4 addresses and numbers (pure functions,
 * unit-tested), the lease event names, and the text and JSON form of one
 * lease as the kernel describes it (see "Leases" in l2ra.h).
 */
#ifndef L2RACTL_LEASE_H
#define L2RACTL_LEASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netlink/attr.h>
#include <linux/l2ra.h>

#include "json.h"

#define LEASE_MAC_LEN	6
#define LEASE_VID_MAX	4094
/* "aa:bb:cc:dd:ee:ff" and "255.255.255.255" with their NULs. */
#define LEASE_MAC_STRLEN	18
#define LEASE_IPV4_STRLEN	16
#define LEASE_IPV6_LEN		16
/* An IPv6 address with "/128" and its NUL. */
#define LEASE_IPV6_STRLEN	(46 + 4)

/*
 * Parse a MAC address: six colon-separated groups of one or two hex digits
 * ("aa:bb:cc:dd:ee:ff", "0:1:2:3:4:5") or twelve hex digits without
 * separators ("aabbccddeeff").  Returns 0 or -EINVAL.
 */
int lease_parse_mac(const char *s, uint8_t mac[LEASE_MAC_LEN]);

/* "aa:bb:cc:dd:ee:ff" (lower case) into @buf; returns @buf. */
char *lease_format_mac(const uint8_t mac[LEASE_MAC_LEN],
		       char buf[LEASE_MAC_STRLEN]);

/*
 * Parse dotted-quad IPv4 "A.B.C.D": four decimal parts 0..255 of one to
 * three digits, no leading zeros (which some parsers read as octal), no
 * spaces or other characters.  *@be32 is in network byte order, as
 * NLA_BE32 attributes carry it.  Returns 0 or -EINVAL.
 */
int lease_parse_ipv4(const char *s, uint32_t *be32);

/* Format the network-order @be32 as "A.B.C.D" into @buf; returns @buf. */
char *lease_format_ipv4(uint32_t be32, char buf[LEASE_IPV4_STRLEN]);

/*
 * Parse an IPv6 address ("2001:db8::5", *@plen 0: an IA_NA address) or
 * prefix ("2001:db8:1::/56", *@plen 1..128, no bit set beyond it), as the
 * lease table keys IPv6 bindings.  Returns 0 or -EINVAL.
 */
int lease_parse_ipv6(const char *s, uint8_t addr[LEASE_IPV6_LEN],
		     uint8_t *plen);

/* "2001:db8::5", or with @plen "2001:db8:1::/56", into @buf. */
char *lease_format_ipv6(const uint8_t addr[LEASE_IPV6_LEN], uint8_t plen,
			char buf[LEASE_IPV6_STRLEN]);

/*
 * Parse an unsigned decimal number from @min to @max: digits only (no sign,
 * spaces or "0x").  Returns 0, -EINVAL for anything else, -ERANGE when out
 * of range.
 */
int lease_parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *v);

/*
 * Usage-error wrappers printing "Error: ..." naming @kw and the word;
 * 0 or -1.
 */
int lease_arg_u32(const char *kw, const char *s, uint32_t min, uint32_t max,
		  const char *what, uint32_t *v);
int lease_arg_mac(const char *kw, const char *s, uint8_t mac[LEASE_MAC_LEN]);
int lease_arg_ipv4(const char *kw, const char *s, uint32_t *be32);

/* Name of enum l2ra_lease_event @ev ("new", ...), NULL if unknown. */
const char *lease_event_name(unsigned int ev);
extern const char *const lease_event_names[__L2RA_LEASE_EV_MAX];

/*
 * @tb[type] if it has exactly @len octets of payload, else NULL: reply
 * attributes of the lease table are checked here, a malformed one is
 * treated as absent.
 */
const struct nlattr *lease_attr(struct nlattr **tb, int type, int len);

/* Does the lease of @tb carry L2RA_LEASE_F_STATIC? */
bool lease_is_static(struct nlattr **tb);

/*
 * Names of bridge interfaces for the lease output, cached: a dump of a
 * million leases should not make a million if_indextoname() calls.
 */
struct ifname_cache {
	struct {
		uint32_t ifindex;
		char name[24];
	} slot[16];
};

/*
 * One lease as a line of text (with '\n') on stdout, preceded by
 * "@prefix " if @prefix is not NULL:
 *   aa:bb:cc:dd:ee:ff vlan 0 addr 192.0.2.100 dev vcl1 master br0
 *   circuit-id "br0:vcl1" expires 3595s lease-time 3600s server 192.0.2.1
 * or, for a static binding, "static" after the circuit-id and nothing more.
 * Parts the message lacks (or has malformed) are left out, and so is a
 * server of 0.0.0.0 (unknown).
 */
void lease_print_plain(struct nlattr **tb, struct ifname_cache *cache,
		       const char *prefix);

/*
 * One lease as a JSON object: members mac, vlan, addr, ifname, ifindex,
 * master, circuit_id, circuit_id_hex, static (true, static bindings only),
 * expires, lease_time, server, cltt;
 * those the message lacks are left out.  If @event is not NULL, an
 * "event" member comes first.
 */
void lease_print_json(struct json *js, struct nlattr **tb,
		      struct ifname_cache *cache, const char *event);

#endif
