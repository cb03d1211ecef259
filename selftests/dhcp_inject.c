// SPDX-License-Identifier: GPL-2.0
/*
 * dhcp_inject: send crafted DHCPv4 frames on an interface with an AF_PACKET
 * socket, for the relay's malformed-input and policy tests
 * (relay4_malformed.sh, relay4_policy.sh).
 *
 *   dhcp_inject IFNAME CASE [COUNT]   send COUNT (default 1) frames of CASE
 *   dhcp_inject -l                    list the cases
 *
 * Every frame has a valid Ethernet header (source: the interface's MAC, so
 * the relay's chaddr check passes unless the case is about it) and correct
 * IP and UDP checksums unless the case is about them.  The xid of frame i of
 * case number c is 0x4c320000 | c << 8 | i, so a capture can tell the cases
 * apart.  One line per case is printed: name, count, frame length, xid base.
 *
 * Some cases take their variable part from the environment:
 *   DHCP_INJECT_CID   circuit-id of the option 82 they carry
 *   DHCP_INJECT_RID   remote-id (req_82_rid)
 *   DHCP_INJECT_DST   destination MAC of a unicast case (unicast_82)
 *   DHCP_INJECT_ADDR  the address a RELEASE (ciaddr) or DECLINE (50) gives
 * The v6_* cases (relay6_basic.sh) are DHCPv6 over IPv6 from the
 * interface's link-local address (EUI-64 of its MAC): v6_solicit to
 * ff02::1:2, the server-side ones to ff02::1 (every host on the link).
 *   DHCP_INJECT_ADDR6 the IA_NA address ("2001:db8::5") or IA_PD prefix
 *                     ("2001:db8:100::/56") a v6_release gives back
 * For the quota tests (relay4_quota.sh), the environment changes that:
 *   DHCP_INJECT_RANDOM=1      every frame has a random xid and a random
 *                             locally administered source MAC, which is
 *                             also its chaddr (a flood of "clients")
 *   DHCP_INJECT_XID=N         every frame has xid N
 *   DHCP_INJECT_CHADDR=MAC    chaddr MAC, the Ethernet source unchanged
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../kmod/dhcp_opt.h"

#define FRAME_MAX	9100
#define XID_BASE	0x4c320000u
#define VLAN_ID		100
#define JUMBO_FRAME	9000	/* octets on the wire, Ethernet header included */
#define IPPROTO_UDP_NUM	17

struct pkt {
	uint8_t b[FRAME_MAX];
	size_t l2;		/* Ethernet header length: 14, or 18 with a tag */
	size_t ip;		/* IPv4 header offset */
	size_t udp;		/* UDP header offset */
	size_t dhcp;		/* BOOTP message offset */
	size_t dlen;		/* BOOTP message length */
	size_t len;		/* frame length */
	uint8_t mac[6];
	uint32_t xid;
};

/* What finish() leaves alone. */
enum {
	KEEP_IP_CSUM = 1,	/* do not compute the IP header checksum */
	KEEP_UDP_CSUM = 2,	/* do not compute the UDP checksum */
};

/* DHCP_INJECT_CHADDR, or NULL: chaddr is the frame's source MAC. */
static const uint8_t *chaddr_override;

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static void ip_csum(struct pkt *p)
{
	uint8_t *ip = p->b + p->ip;
	size_t ihl = (ip[0] & 0xf) * 4;

	put16(ip + 10, 0);
	put16(ip + 10, csum_fold(csum_add(0, ip, ihl)));
}

/* UDP checksum over @ulen octets from the UDP header, with the pseudo-header. */
static void udp_csum(struct pkt *p, size_t ulen)
{
	uint8_t *ip = p->b + p->ip, *uh = p->b + p->udp;
	uint32_t sum = 0;
	uint16_t c;

	put16(uh + 6, 0);
	sum = csum_add(sum, ip + 12, 8);
	sum += IPPROTO_UDP_NUM;
	sum += (uint32_t)ulen;
	sum = csum_add(sum, uh, ulen);
	c = csum_fold(sum);
	put16(uh + 6, c ? c : 0xffff);
}
/* Ethernet (+ optional 802.1Q tag), IPv4 and UDP headers; BOOTP header. */
static void init(struct pkt *p, const uint8_t *mac, bool tagged, uint8_t op,
		 uint32_t xid)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t cookie[4] = { 99, 130, 83, 99 };
	uint8_t *ip, *uh, *m;

	memset(p, 0, sizeof(*p));
	memcpy(p->mac, mac, 6);
	p->xid = xid;
	memcpy(p->b, bcast, 6);
	memcpy(p->b + 6, mac, 6);
	if (tagged) {
		put16(p->b + 12, ETH_P_8021Q);
		put16(p->b + 14, VLAN_ID);
		put16(p->b + 16, ETH_P_IP);
		p->l2 = 18;
	} else {
		put16(p->b + 12, ETH_P_IP);
		p->l2 = 14;
	}
	p->ip = p->l2;
	p->udp = p->ip + 20;
	p->dhcp = p->udp + 8;

	ip = p->b + p->ip;
	ip[0] = 0x45;
	ip[8] = 64;
	ip[9] = IPPROTO_UDP_NUM;
	/* client 0.0.0.0:68 -> 255.255.255.255:67; a reply the other way */
	put32(ip + 16, 0xffffffff);
	uh = p->b + p->udp;
	put16(uh, op == DHCP_BOOTREPLY ? 67 : 68);
	put16(uh + 2, op == DHCP_BOOTREPLY ? 68 : 67);
	if (op == DHCP_BOOTREPLY)
		put32(ip + 12, 0xc0000201);	/* 192.0.2.1 */

	m = p->b + p->dhcp;
	m[DHCP_OFF_OP] = op;
	m[DHCP_OFF_HTYPE] = 1;
	m[DHCP_OFF_HLEN] = 6;
	put32(m + DHCP_OFF_XID, xid);
	put16(m + DHCP_OFF_FLAGS, 0x8000);
	memcpy(m + DHCP_OFF_CHADDR, chaddr_override ? chaddr_override : mac, 6);
	memcpy(m + DHCP_OFF_COOKIE, cookie, 4);
	p->dlen = DHCP_OFF_OPTIONS;
}

static void opt(struct pkt *p, uint8_t code, uint8_t len, const void *data)
{
	uint8_t *m = p->b + p->dhcp;

	m[p->dlen++] = code;
	if (code == DHCP_OPT_PAD || code == DHCP_OPT_END)
		return;
	m[p->dlen++] = len;
	if (data)
		memcpy(m + p->dlen, data, len);
	else
		memset(m + p->dlen, 'x', len);
	p->dlen += len;
}

static void opt8(struct pkt *p, uint8_t code, uint8_t v)
{
	opt(p, code, 1, &v);
}

/* The usual options of a DISCOVER (or OFFER), without END. */
static void std_opts(struct pkt *p, uint8_t msg_type)
{
	static const uint8_t prl[] = { 1, 3, 6, 15, 51 };
	uint8_t cid[7] = { 1 };

	memcpy(cid + 1, p->mac, 6);
	opt8(p, DHCP_OPT_MSG_TYPE, msg_type);
	opt(p, DHCP_OPT_CLIENT_ID, sizeof(cid), cid);
	opt(p, 55, sizeof(prl), prl);
}

/*
 * Site-specific options (224) up to message length @total - 1, then END:
 * the message ends exactly at @total octets with no trailing pad.
 */
static void fill_to(struct pkt *p, size_t total)
{
	size_t room;

	while (p->dlen + 1 < total) {
		room = total - 1 - p->dlen;
		if (room == 1)
			opt(p, DHCP_OPT_PAD, 0, NULL);
		else
			opt(p, 224, room - 2 > 255 ? 255 : room - 2, NULL);
	}
	opt(p, DHCP_OPT_END, 0, NULL);
}

/* Lengths and checksums for the message as built; frame ends with it. */
static void finish(struct pkt *p, unsigned int keep)
{
	uint8_t *ip = p->b + p->ip, *uh = p->b + p->udp;
	size_t ulen = 8 + p->dlen;

	put16(uh + 4, ulen);
	put16(ip + 2, 20 + ulen);
	p->len = p->dhcp + p->dlen;
	if (!(keep & KEEP_IP_CSUM))
		ip_csum(p);
	if (!(keep & KEEP_UDP_CSUM))
		udp_csum(p, ulen);
}

static void discover(struct pkt *p)
{
	std_opts(p, 1);
	opt(p, DHCP_OPT_END, 0, NULL);
	finish(p, 0);
}

/*
 * DHCPv6: Ethernet, IPv6 from fe80::EUI-64(@mac) to @dst6 (its multicast
 * MAC), UDP @sport -> @dport, then msg-type @type and transaction-id, or
 * for a relay message hop-count 0, link-address ::, peer-address the
 * source; options appended with opt6().
 */
static void init6(struct pkt *p, const uint8_t *mac, uint8_t type,
		  uint16_t sport, uint16_t dport, uint16_t group, uint32_t xid)
{
	uint8_t *ip, *uh, *m;

	memset(p, 0, sizeof(*p));
	memcpy(p->mac, mac, 6);
	p->xid = xid;
	/* 33:33 + the low 32 bits of ff02::GROUP (1 or 1:2) */
	p->b[0] = 0x33;
	p->b[1] = 0x33;
	put16(p->b + 2, group == 2 ? 1 : 0);
	put16(p->b + 4, group);
	memcpy(p->b + 6, mac, 6);
	put16(p->b + 12, ETH_P_IPV6);
	p->l2 = 14;
	p->ip = 14;
	p->udp = p->ip + 40;
	p->dhcp = p->udp + 8;
	ip = p->b + p->ip;
	ip[0] = 0x60;
	ip[6] = IPPROTO_UDP_NUM;
	ip[7] = 1;
	ip[8] = 0xfe;
	ip[9] = 0x80;
	memcpy(ip + 16, mac, 3);
	ip[16] ^= 2;
	ip[19] = 0xff;
	ip[20] = 0xfe;
	memcpy(ip + 21, mac + 3, 3);
	ip[24] = 0xff;
	ip[25] = 0x02;
	ip[39] = group == 2 ? 2 : 1;
	if (group == 2)
		ip[37] = 1;
	uh = p->b + p->udp;
	put16(uh, sport);
	put16(uh + 2, dport);
	m = p->b + p->dhcp;
	m[0] = type;
	if (type == 12 || type == 13) {
		memcpy(m + 18, ip + 8, 16);
		p->dlen = 34;
	} else {
		put32(m, xid);
		m[0] = type;
		p->dlen = 4;
	}
}

static void opt6(struct pkt *p, uint16_t code, uint16_t len, const void *data)
{
	uint8_t *m = p->b + p->dhcp + p->dlen;

	put16(m, code);
	put16(m + 2, len);
	memcpy(m + 4, data, len);
	p->dlen += 4 + len;
}

/* Client-ID (a DUID-LL of the frame's MAC): every v6 case has one. */
static void opt6_duid(struct pkt *p)
{
	uint8_t duid[10] = { 0, 3, 0, 1 };

	memcpy(duid + 4, p->mac, 6);
	opt6(p, 1, sizeof(duid), duid);
}

static void finish6(struct pkt *p)
{
	uint8_t *ip = p->b + p->ip, *uh = p->b + p->udp;
	size_t ulen = 8 + p->dlen;
	uint32_t sum = 0;
	uint16_t c;

	put16(ip + 4, ulen);
	put16(uh + 4, ulen);
	put16(uh + 6, 0);
	p->len = p->dhcp + p->dlen;
	sum = csum_add(sum, ip + 8, 32);
	sum += IPPROTO_UDP_NUM;
	sum += (uint32_t)ulen;
	sum = csum_add(sum, uh, ulen);
	c = csum_fold(sum);
	put16(uh + 6, c ? c : 0xffff);
}

/* A server message (ADVERTISE 2, REPLY 7) offering 2001:db8:bad::1. */
static void server6(struct pkt *p, const uint8_t *mac, uint32_t xid,
		    uint8_t type)
{
	uint8_t ia[12 + 4 + 24] = { 0, 0, 0, 1 }, srv[10] = { 0, 3, 0, 1 };

	init6(p, mac, type, 547, 546, 1, xid);
	opt6_duid(p);
	memcpy(srv + 4, mac, 6);
	opt6(p, 2, sizeof(srv), srv);
	put16(ia + 12, 5);
	put16(ia + 14, 24);
	ia[16] = 0x20;
	ia[17] = 0x01;
	ia[18] = 0x0d;
	ia[19] = 0xb8;
	ia[20] = 0x0b;
	ia[21] = 0xad;
	ia[31] = 1;
	put32(ia + 32, 3600);
	put32(ia + 36, 7200);
	opt6(p, 3, sizeof(ia), ia);
}

/* --- the cases ------------------------------------------------------------ */

struct ctx {
	const uint8_t *mac;
	uint32_t xid;
};

typedef void (*build_fn)(struct pkt *p, const struct ctx *c);

static void c_good(struct pkt *p, const struct ctx *c)
{
	init(p, c->mac, false, DHCP_BOOTREQUEST, c->xid);
	discover(p);
}

static void c_ip_trunc(struct pkt *p, const struct ctx *c)
{
	c_good(p, c);
	p->len = p->ip + 16;	/* cut inside the IP header */
}

static void c_ip_ihl4(struct pkt *p, const struct ctx *c)
{
	c_good(p, c);
	p->b[p->ip] = 0x44;
	ip_csum(p);		/* over the 16 octets ihl says */
}

static void c_ip_totlen_long(struct pkt *p, const struct ctx *c)
{
	uint8_t *ip;

	c_good(p, c);
	ip = p->b + p->ip;
	put16(ip + 2, (uint16_t)(ip[2] << 8 | ip[3]) + 100);
	ip_csum(p);
}

static void c_ip_csum_bad(struct pkt *p, const struct ctx *c)
{
	c_good(p, c);
	p->b[p->ip + 11] ^= 0x5a;
}

static void c_udp_len_long(struct pkt *p, const struct ctx *c)
{
	uint8_t *uh;

	init(p, c->mac, false, DHCP_BOOTREQUEST, c->xid);
	std_opts(p, 1);
	opt(p, DHCP_OPT_END, 0, NULL);
	finish(p, KEEP_UDP_CSUM);
	uh = p->b + p->udp;
	put16(uh + 4, 8 + p->dlen + 10);	/* 10 past the IP datagram */
	udp_csum(p, 8 + p->dlen);
	put16(uh + 4, 8 + p->dlen + 10);
}

static void c_udp_len_short(struct pkt *p, const struct ctx *c)
{
	c_good(p, c);
	put16(p->b + p->udp + 4, 4);	/* less than the UDP header */
	put16(p->b + p->udp + 6, 0);	/* no checksum */
}

static void c_udp_csum_bad(struct pkt *p, const struct ctx *c)
{
	c_good(p, c);
	p->b[p->udp + 7] ^= 0x5a;
	if (!p->b[p->udp + 6] && !p->b[p->udp + 7])
		p->b[p->udp + 7] = 1;
}

static void c_bootp_short(struct pkt *p, const struct ctx *c)
{
	init(p, c->mac, false, DHCP_BOOTREQUEST, c->xid);
	p->dlen = 200;			/* no cookie, no options */
	finish(p, 0);
}

static void c_bad_cookie(struct pkt *p, const struct ctx *c)
{
	init(p, c->mac, false, DHCP_BOOTREQUEST, c->xid);
	p->b[p->dhcp + DHCP_OFF_COOKIE + 3] = 0x64;
	std_opts(p, 1);
	opt(p, DHCP_OPT_END, 0, NULL);
	finish(p, 0);
}

static void c_opt_overrun(struct pkt *p, const struct ctx *c)
{
	init(p, c->mac, false, DHCP_BOOTREQUEST, c->xid);
	std_opts(p, 1);
	/* option 12 claims 40 octets, 5 follow: no END either */
	p->b[p->dhcp + p->dlen++] = 12;
	p->b[p->dhcp + p->dlen++] = 40;
	memcpy(p->b + p->dhcp + p->dlen, "host-", 5);
	p->dlen += 5;
	finish(p, 0);
}

static void c_no_end(struct pkt *p, const struct ctx *c)
{
	init(p, c->mac, false, DHCP_BOOTREQUEST, c->xid);
	std_opts(p, 1);
	finish(p, 0);
}

/* Options in file and sname too, option 52 = 3 (both), END in each. */
static void c_overload_ok(struct pkt *p, const struct ctx *c)
{
	uint8_t *m;

	init(p, c->mac, false, DHCP_BOOTREQUEST, c->xid);
	m = p->b + p->dhcp;
	opt8(p, DHCP_OPT_MSG_TYPE, 1);
	opt8(p, DHCP_OPT_OVERLOAD, 3);
	opt(p, DHCP_OPT_END, 0, NULL);
	/* file: client-id and parameter list; sname: host name */
	m[DHCP_OFF_FILE + 0] = DHCP_OPT_CLIENT_ID;
	m[DHCP_OFF_FILE + 1] = 7;
	m[DHCP_OFF_FILE + 2] = 1;
	memcpy(m + DHCP_OFF_FILE + 3, c->mac, 6);
	m[DHCP_OFF_FILE + 9] = 55;
	m[DHCP_OFF_FILE + 10] = 3;
	m[DHCP_OFF_FILE + 11] = 1;
	m[DHCP_OFF_FILE + 12] = 3;
	m[DHCP_OFF_FILE + 13] = 6;
	m[DHCP_OFF_FILE + 14] = DHCP_OPT_END;
	m[DHCP_OFF_SNAME + 0] = 12;
	m[DHCP_OFF_SNAME + 1] = 8;
	memcpy(m + DHCP_OFF_SNAME + 2, "overload", 8);
	m[DHCP_OFF_SNAME + 10] = DHCP_OPT_END;
	finish(p, 0);
}

static void c_overload_bad(struct pkt *p, const struct ctx *c)
{
	init(p, c->mac, false, DHCP_BOOTREQUEST, c->xid);
	std_opts(p, 1);
	opt8(p, DHCP_OPT_OVERLOAD, 4);
	opt(p, DHCP_OPT_END, 0, NULL);
	finish(p, 0);
}

/* A client option 82 with the longest body: one 253-octet circuit-id. */
static void c_opt82_full(struct pkt *p, const struct ctx *c)
{
	uint8_t body[255];

	memset(body, 'c', sizeof(body));
	body[0] = RAI_CIRCUIT_ID;
	body[1] = 253;
	init(p, c->mac, false, DHCP_BOOTREQUEST, c->xid);
	std_opts(p, 1);
	opt(p, DHCP_OPT_RAI, sizeof(body), body);
	opt(p, DHCP_OPT_END, 0, NULL);
	finish(p, 0);
}

/* A client option 82 between other options. */
static void c_opt82_mid(struct pkt *p, const struct ctx *c)
{
	static const uint8_t body[] = { RAI_CIRCUIT_ID, 5, 's', 'p', 'o', 'o',
					'f', RAI_REMOTE_ID, 3, 'c', 'p', 'e' };
	static const uint8_t prl[] = { 1, 3, 6 };
	uint8_t cid[7] = { 1 };

	memcpy(cid + 1, c->mac, 6);
	init(p, c->mac, false, DHCP_BOOTREQUEST, c->xid);
	opt8(p, DHCP_OPT_MSG_TYPE, 1);
	opt(p, DHCP_OPT_RAI, sizeof(body), body);
	opt(p, DHCP_OPT_CLIENT_ID, sizeof(cid), cid);
	opt(p, 55, sizeof(prl), prl);
	opt(p, DHCP_OPT_END, 0, NULL);
	finish(p, 0);
}

/* Option 82 hidden in the file field of an overloaded message. */
static void c_overload_opt82(struct pkt *p, const struct ctx *c)
{
	uint8_t *m;

	init(p, c->mac, false, DHCP_BOOTREQUEST, c->xid);
	m = p->b + p->dhcp;
	std_opts(p, 1);
	opt8(p, DHCP_OPT_OVERLOAD, 1);
	opt(p, DHCP_OPT_END, 0, NULL);
	m[DHCP_OFF_FILE + 0] = DHCP_OPT_RAI;
	m[DHCP_OFF_FILE + 1] = 6;
	m[DHCP_OFF_FILE + 2] = RAI_CIRCUIT_ID;
	m[DHCP_OFF_FILE + 3] = 4;
	memcpy(m + DHCP_OFF_FILE + 4, "file", 4);
	m[DHCP_OFF_FILE + 8] = DHCP_OPT_END;
	finish(p, 0);
}

/* First fragment: MF set, offset 0, a UDP header to port 67. */
static void c_frag_first(struct pkt *p, const struct ctx *c)
{
	uint8_t *ip;

	c_good(p, c);
	ip = p->b + p->ip;
	put16(ip + 4, 0x4c32);		/* IP id */
	/* keep the first 184 octets of the datagram's payload (8-aligned) */
	put16(p->b + p->udp + 4, 8 + p->dlen);	/* whole datagram's UDP len */
	p->len = p->udp + 184;
	put16(ip + 2, 20 + 184);
	put16(ip + 6, 0x2000);		/* MF, offset 0 */
	ip_csum(p);
}

/*
 * A later fragment (offset 184, no MF) whose payload starts with what looks
 * like a UDP header to port 67: nothing may take it for one.
 */
static void c_frag_next(struct pkt *p, const struct ctx *c)
{
	uint8_t *ip, *d;
	size_t rest;

	c_good(p, c);
	ip = p->b + p->ip;
	d = p->b + p->udp;
	rest = 8 + p->dlen - 184;
	memmove(d, d + 184, rest);
	put16(d, 68);
	put16(d + 2, 67);
	put16(d + 4, rest);
	p->len = p->udp + rest;
	put16(ip + 2, 20 + rest);
	put16(ip + 4, 0x4c32);
	put16(ip + 6, 184 / 8);
	ip_csum(p);
}

/* A 9000-octet frame: no room under a 9000 MTU for option 82. */
static void c_jumbo(struct pkt *p, const struct ctx *c)
{
	init(p, c->mac, false, DHCP_BOOTREQUEST, c->xid);
	std_opts(p, 1);
	fill_to(p, JUMBO_FRAME - p->dhcp);
	finish(p, 0);
}

/* An 8900-octet frame: option 82 fits under a 9000 MTU. */
static void c_jumbo_fit(struct pkt *p, const struct ctx *c)
{
	init(p, c->mac, false, DHCP_BOOTREQUEST, c->xid);
	std_opts(p, 1);
	fill_to(p, JUMBO_FRAME - 100 - p->dhcp);
	finish(p, 0);
}

static void c_vlan(struct pkt *p, const struct ctx *c)
{
	init(p, c->mac, true, DHCP_BOOTREQUEST, c->xid);
	discover(p);
}

/* A server's OFFER sent from the subscriber port. */
static void c_bootreply(struct pkt *p, const struct ctx *c)
{
	uint8_t *m;
	uint8_t sid[4] = { 192, 0, 2, 1 };

	init(p, c->mac, false, DHCP_BOOTREPLY, c->xid);
	m = p->b + p->dhcp;
	put32(m + DHCP_OFF_YIADDR, 0xc0000264);	/* 192.0.2.100 */
	opt8(p, DHCP_OPT_MSG_TYPE, 2);
	opt(p, DHCP_OPT_SERVER_ID, 4, sid);
	opt(p, DHCP_OPT_LEASE_TIME, 4, "\0\0\x0e\x10");
	opt(p, DHCP_OPT_END, 0, NULL);
	finish(p, 0);
}

static void c_op_bad(struct pkt *p, const struct ctx *c)
{
	init(p, c->mac, false, 3, c->xid);
	discover(p);
}

static void c_chaddr_spoof(struct pkt *p, const struct ctx *c)
{
	init(p, c->mac, false, DHCP_BOOTREQUEST, c->xid);
	p->b[p->dhcp + DHCP_OFF_CHADDR + 5] ^= 0x01;
	discover(p);
}

static void c_giaddr_set(struct pkt *p, const struct ctx *c)
{
	init(p, c->mac, false, DHCP_BOOTREQUEST, c->xid);
	put32(p->b + p->dhcp + DHCP_OFF_GIADDR, 0xc00002fe);	/* 192.0.2.254 */
	discover(p);
}

/* Option 57 = 576 and a 576-octet datagram: no room for option 82. */
static void c_maxmsg_tight(struct pkt *p, const struct ctx *c)
{
	uint8_t mms[2] = { 576 >> 8, 576 & 0xff };

	init(p, c->mac, false, DHCP_BOOTREQUEST, c->xid);
	std_opts(p, 1);
	opt(p, DHCP_OPT_MAX_MSG_SIZE, 2, mms);
	fill_to(p, 576 - 28);
	finish(p, 0);
}

/* Push a tag (@tpid, VID @vid) in front of the frame's EtherType. */
static void push_tag(struct pkt *p, uint16_t tpid, uint16_t vid)
{
	uint8_t tmp[FRAME_MAX];

	memcpy(tmp, p->b + 12, p->len - 12);
	put16(p->b + 12, tpid);
	put16(p->b + 14, vid);
	memcpy(p->b + 16, tmp, p->len - 12);
	p->len += 4;
	p->l2 += 4;
	p->ip += 4;
	p->udp += 4;
	p->dhcp += 4;
}

/*
 * 802.1ad outer tag (VID 200) around an 802.1Q tag (VID 100): the outer
 * one is taken out of the frame on receive, the inner one stays in-band.
 */
static void c_qinq(struct pkt *p, const struct ctx *c)
{
	c_vlan(p, c);
	push_tag(p, 0x88a8, 200);
}

/* END followed by @n PAD octets, as clients pad to 300 octets. */
static void end_pad(struct pkt *p, const struct ctx *c, size_t n)
{
	init(p, c->mac, false, DHCP_BOOTREQUEST, c->xid);
	std_opts(p, 1);
	opt(p, DHCP_OPT_END, 0, NULL);
	memset(p->b + p->dhcp + p->dlen, 0, n);
	p->dlen += n;
	finish(p, 0);
}

static void c_end_pad60(struct pkt *p, const struct ctx *c)
{
	end_pad(p, c, 60);
}

static void c_end_pad7(struct pkt *p, const struct ctx *c)
{
	end_pad(p, c, 7);
}

/* No UDP checksum (0): legal over IPv4. */
static void c_udp_csum_zero(struct pkt *p, const struct ctx *c)
{
	c_good(p, c);
	put16(p->b + p->udp + 6, 0);
}

/* Five client options 82 (more than the parser records the place of). */
static void c_opt82_many(struct pkt *p, const struct ctx *c)
{
	uint8_t body[6] = { RAI_CIRCUIT_ID, 4, 'm', 'a', 'n', '0' };
	int i;

	init(p, c->mac, false, DHCP_BOOTREQUEST, c->xid);
	std_opts(p, 1);
	for (i = 0; i < 5; i++) {
		body[5] = (uint8_t)('0' + i);
		opt(p, DHCP_OPT_RAI, sizeof(body), body);
		if (i == 2)
			opt8(p, 12, 'h');
	}
	opt(p, DHCP_OPT_END, 0, NULL);
	finish(p, 0);
}

/*
 * Replies as a server on the uplink would send them (inject them there),
 * with option 82 holding @cid (default "br0:vsub", or $DHCP_INJECT_CID)
 * and relay-id @relay; the bridge's relay-id must be set to RELAY_OURS.
 */
#define RELAY_OURS	"\x00\x04\x4c\x32\x32"
#define RELAY_FOREIGN	"\x00\x04\xde\xad\xbe"

static void reply_82(struct pkt *p, const struct ctx *c, const char *relay,
		     bool bad_framing, uint8_t msg_type)
{
	const char *cid = getenv("DHCP_INJECT_CID");
	uint8_t body[255], *m;
	size_t n = 0, cl;
	uint8_t sid[4] = { 192, 0, 2, 1 };

	if (!cid || !*cid)
		cid = "br0:vsub";
	cl = strlen(cid) > 63 ? 63 : strlen(cid);
	body[n++] = RAI_CIRCUIT_ID;
	body[n++] = (uint8_t)cl;
	memcpy(body + n, cid, cl);
	n += cl;
	if (relay) {
		body[n++] = RAI_RELAY_ID;
		body[n++] = 5;
		memcpy(body + n, relay, 5);
		n += 5;
	}
	if (bad_framing) {
		body[n++] = RAI_REMOTE_ID;
		body[n++] = 40;		/* runs past the option */
		body[n++] = 'r';
	}
	init(p, c->mac, false, DHCP_BOOTREPLY, c->xid);
	m = p->b + p->dhcp;
	put32(m + DHCP_OFF_YIADDR, 0xc0000264);	/* 192.0.2.100 */
	opt8(p, DHCP_OPT_MSG_TYPE, msg_type);
	opt(p, DHCP_OPT_SERVER_ID, 4, sid);
	opt(p, DHCP_OPT_LEASE_TIME, 4, "\0\0\x0e\x10");
	if (n)
		opt(p, DHCP_OPT_RAI, (uint8_t)n, body);
	opt(p, DHCP_OPT_END, 0, NULL);
	finish(p, 0);
}

static void c_reply_ours(struct pkt *p, const struct ctx *c)
{
	reply_82(p, c, RELAY_OURS, false, 2);
}

/* A DHCPACK with our option 82: the relay learns a lease from it. */
static void c_ack_ours(struct pkt *p, const struct ctx *c)
{
	reply_82(p, c, RELAY_OURS, false, 5);
}

static void c_reply_noport(struct pkt *p, const struct ctx *c)
{
	setenv("DHCP_INJECT_CID", "br0:no-such-port", 1);
	reply_82(p, c, RELAY_OURS, false, 2);
}

static void c_reply_foreign(struct pkt *p, const struct ctx *c)
{
	reply_82(p, c, RELAY_FOREIGN, false, 2);
}

static void c_reply_bad82(struct pkt *p, const struct ctx *c)
{
	reply_82(p, c, RELAY_OURS, true, 2);
}

static void c_reply_plain(struct pkt *p, const struct ctx *c)
{
	c_bootreply(p, c);
}

/* reply_ours in 802.1ad VID 200 + 802.1Q VID 100, as c_qinq. */
static void c_qinq_reply_ours(struct pkt *p, const struct ctx *c)
{
	c_reply_ours(p, c);
	push_tag(p, 0x8100, 100);
	push_tag(p, 0x88a8, 200);
}

/* A good DISCOVER followed by 32 octets of link-layer padding. */
static void c_eth_pad(struct pkt *p, const struct ctx *c)
{
	c_good(p, c);
	memset(p->b + p->len, 0xa5, 32);
	p->len += 32;
}

/* --- the policy cases (relay4_policy.sh) ----------------------------------- */

/* A client's own option 82: circuit-id, then optional remote-id, relay-id. */
static void client_82(struct pkt *p, const char *rid, const char *relay)
{
	const char *cid = getenv("DHCP_INJECT_CID");
	uint8_t body[255];
	size_t n = 0, l;

	if (!cid || !*cid)
		cid = "br0:vsub";
	l = strlen(cid) > 63 ? 63 : strlen(cid);
	body[n++] = RAI_CIRCUIT_ID;
	body[n++] = (uint8_t)l;
	memcpy(body + n, cid, l);
	n += l;
	if (rid && *rid) {
		l = strlen(rid) > 63 ? 63 : strlen(rid);
		body[n++] = RAI_REMOTE_ID;
		body[n++] = (uint8_t)l;
		memcpy(body + n, rid, l);
		n += l;
	}
	if (relay) {
		body[n++] = RAI_RELAY_ID;
		body[n++] = 5;
		memcpy(body + n, relay, 5);
		n += 5;
	}
	opt(p, DHCP_OPT_RAI, (uint8_t)n, body);
}

static void req_82(struct pkt *p, const struct ctx *c, const char *rid,
		   const char *relay)
{
	init(p, c->mac, false, DHCP_BOOTREQUEST, c->xid);
	std_opts(p, 1);
	client_82(p, rid, relay);
	opt(p, DHCP_OPT_END, 0, NULL);
	finish(p, 0);
}

static void c_req_82_ours(struct pkt *p, const struct ctx *c)
{
	req_82(p, c, NULL, RELAY_OURS);
}

static void c_req_82_foreign(struct pkt *p, const struct ctx *c)
{
	req_82(p, c, NULL, RELAY_FOREIGN);
}

static void c_req_82_rid(struct pkt *p, const struct ctx *c)
{
	req_82(p, c, getenv("DHCP_INJECT_RID"), NULL);
}

/* A DISCOVER with a client option 82, unicast to $DHCP_INJECT_DST. */
static void c_unicast_82(struct pkt *p, const struct ctx *c)
{
	const char *dst = getenv("DHCP_INJECT_DST");
	unsigned int m[6];
	int i;

	req_82(p, c, NULL, NULL);
	if (!dst || sscanf(dst, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2],
			   &m[3], &m[4], &m[5]) != 6) {
		fprintf(stderr, "dhcp_inject: unicast_82 needs DHCP_INJECT_DST\n");
		exit(2);
	}
	for (i = 0; i < 6; i++)
		p->b[i] = (uint8_t)m[i];
}

/*
 * Option 57 = 576, a client option 82 and a 548-octet message: the
 * datagram is 576 octets, so ours cannot replace the client's.
 */
static void c_maxmsg_82(struct pkt *p, const struct ctx *c)
{
	uint8_t mms[2] = { 576 >> 8, 576 & 0xff };

	init(p, c->mac, false, DHCP_BOOTREQUEST, c->xid);
	std_opts(p, 1);
	opt(p, DHCP_OPT_MAX_MSG_SIZE, 2, mms);
	client_82(p, NULL, NULL);
	fill_to(p, 576 - 28);
	finish(p, 0);
}

static uint32_t env_addr(void)
{
	const char *a = getenv("DHCP_INJECT_ADDR");
	struct in_addr in;

	if (!a || inet_pton(AF_INET, a, &in) != 1) {
		fprintf(stderr, "dhcp_inject: the case needs DHCP_INJECT_ADDR\n");
		exit(2);
	}
	return ntohl(in.s_addr);
}

/* RELEASE (7) of ciaddr $DHCP_INJECT_ADDR, or DECLINE (4) of option 50. */
static void give_back(struct pkt *p, const struct ctx *c, uint8_t type)
{
	uint8_t sid[4] = { 192, 0, 2, 1 }, a[4];
	uint32_t addr = env_addr();

	init(p, c->mac, false, DHCP_BOOTREQUEST, c->xid);
	put32(a, addr);
	if (type == 7)
		memcpy(p->b + p->dhcp + DHCP_OFF_CIADDR, a, 4);
	opt8(p, DHCP_OPT_MSG_TYPE, type);
	opt(p, DHCP_OPT_SERVER_ID, 4, sid);
	if (type == 4)
		opt(p, DHCP_OPT_REQ_IP, 4, a);
	opt(p, DHCP_OPT_END, 0, NULL);
	finish(p, 0);
}

static void c_release(struct pkt *p, const struct ctx *c)
{
	give_back(p, c, 7);
}

static void c_decline(struct pkt *p, const struct ctx *c)
{
	give_back(p, c, 4);
}

/* A BOOTP request (RFC 951/1497): cookie, no option 53, 300 octets. */
static void c_bootp_req(struct pkt *p, const struct ctx *c)
{
	init(p, c->mac, false, DHCP_BOOTREQUEST, c->xid);
	opt(p, DHCP_OPT_END, 0, NULL);
	memset(p->b + p->dhcp + p->dlen, 0, 300 - p->dlen);
	p->dlen = 300;
	finish(p, 0);
}

struct inject_case {
	const char *name;
	build_fn build;
	const char *desc;
};

static void c_v6_solicit(struct pkt *p, const struct ctx *c)
{
	static const uint8_t ia[12] = { 0, 0, 0, 1 }, et[2] = { 0 };

	init6(p, c->mac, 1, 546, 547, 2, c->xid);
	opt6_duid(p);
	opt6(p, 8, sizeof(et), et);
	opt6(p, 3, sizeof(ia), ia);
	finish6(p);
}

static void c_v6_advertise(struct pkt *p, const struct ctx *c)
{
	server6(p, c->mac, c->xid, 2);
	finish6(p);
}

static void c_v6_reply(struct pkt *p, const struct ctx *c)
{
	server6(p, c->mac, c->xid, 7);
	finish6(p);
}

/* A Relay-Reply carrying a REPLY, as a server would send it. */
static void c_v6_relay_repl(struct pkt *p, const struct ctx *c)
{
	static struct pkt in;

	server6(&in, c->mac, c->xid, 7);
	init6(p, c->mac, 13, 547, 547, 1, c->xid);
	opt6(p, 9, in.dlen, in.b + in.dhcp);
	finish6(p);
}

/* A Relay-Forward carrying a SOLICIT, as an LDRA below would send it. */
static void c_v6_relay_forw(struct pkt *p, const struct ctx *c)
{
	static const uint8_t ifid[] = "rogue-ldra";
	static struct pkt in;

	c_v6_solicit(&in, c);
	init6(p, c->mac, 12, 546, 547, 2, c->xid);
	opt6(p, 18, sizeof(ifid) - 1, ifid);
	opt6(p, 9, in.dlen, in.b + in.dhcp);
	finish6(p);
}

/*
 * A client's RELEASE (8) of $DHCP_INJECT_ADDR6: an IA_NA with that IA
 * Address, or with "/LEN" an IA_PD with that IA Prefix (lifetimes 0).
 */
static void c_v6_release(struct pkt *p, const struct ctx *c)
{
	static const uint8_t sid[10] = { 0, 3, 0, 1, 2, 0, 0, 0, 0, 1 };
	const char *env = getenv("DHCP_INJECT_ADDR6");
	uint8_t ia[12 + 4 + 25] = { 0, 0, 0, 1 }, addr[16];
	char buf[INET6_ADDRSTRLEN];
	const char *slash;
	unsigned long plen = 0;
	size_t n;

	slash = env ? strchr(env, '/') : NULL;
	n = env ? (slash ? (size_t)(slash - env) : strlen(env)) : 0;
	if (slash)
		plen = strtoul(slash + 1, NULL, 10);
	if (!env || n >= sizeof(buf) || (slash && (!plen || plen > 128))) {
		fprintf(stderr, "dhcp_inject: v6_release needs DHCP_INJECT_ADDR6\n");
		exit(2);
	}
	memcpy(buf, env, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET6, buf, addr) != 1) {
		fprintf(stderr, "dhcp_inject: bad DHCP_INJECT_ADDR6 '%s'\n", env);
		exit(2);
	}
	init6(p, c->mac, 8, 546, 547, 2, c->xid);
	opt6_duid(p);
	opt6(p, 2, sizeof(sid), sid);
	if (slash) {
		put16(ia + 12, 26);		/* IA Prefix, lifetimes 0 */
		put16(ia + 14, 25);
		ia[16 + 8] = (uint8_t)plen;
		memcpy(ia + 16 + 9, addr, 16);
		opt6(p, 25, 12 + 4 + 25, ia);
	} else {
		put16(ia + 12, 5);		/* IA Address, lifetimes 0 */
		put16(ia + 14, 24);
		memcpy(ia + 16, addr, 16);
		opt6(p, 3, 12 + 4 + 24, ia);
	}
	finish6(p);
}

static const struct inject_case cases[] = {
	{ "good", c_good, "DISCOVER (reference)" },
	{ "ip_trunc", c_ip_trunc, "frame ends 16 octets into the IP header" },
	{ "ip_ihl4", c_ip_ihl4, "IP ihl 4 (< 5)" },
	{ "ip_totlen_long", c_ip_totlen_long, "IP tot_len 100 past the frame" },
	{ "ip_csum_bad", c_ip_csum_bad, "IP header checksum wrong" },
	{ "udp_len_long", c_udp_len_long, "UDP length 10 past the datagram" },
	{ "udp_len_short", c_udp_len_short, "UDP length 4 (< 8)" },
	{ "udp_csum_bad", c_udp_csum_bad, "UDP checksum wrong" },
	{ "bootp_short", c_bootp_short, "BOOTP message of 200 octets (< 240)" },
	{ "bad_cookie", c_bad_cookie, "magic cookie 99.130.83.100" },
	{ "opt_overrun", c_opt_overrun, "option 12 length runs past the end" },
	{ "no_end", c_no_end, "options field without END" },
	{ "overload_ok", c_overload_ok, "option 52=3, options in file and sname" },
	{ "overload_bad", c_overload_bad, "option 52 with value 4" },
	{ "opt82_full", c_opt82_full, "client option 82 of 255 octets" },
	{ "opt82_mid", c_opt82_mid, "client option 82 between options 53 and 61" },
	{ "overload_opt82", c_overload_opt82, "client option 82 in the file field" },
	{ "frag_first", c_frag_first, "first IP fragment (MF) to UDP 67" },
	{ "frag_next", c_frag_next, "non-first fragment with a fake UDP header" },
	{ "jumbo", c_jumbo, "9000-octet frame, no room for option 82" },
	{ "jumbo_fit", c_jumbo_fit, "8900-octet frame, option 82 fits" },
	{ "vlan", c_vlan, "802.1Q VID 100 tagged DISCOVER" },
	{ "bootreply", c_bootreply, "BOOTREPLY (OFFER) from a subscriber" },
	{ "op_bad", c_op_bad, "op 3" },
	{ "chaddr_spoof", c_chaddr_spoof, "chaddr differs from the source MAC" },
	{ "giaddr_set", c_giaddr_set, "giaddr 192.0.2.254 from a subscriber" },
	{ "maxmsg_tight", c_maxmsg_tight, "option 57=576, 576-octet datagram" },
	{ "eth_pad", c_eth_pad, "DISCOVER + 32 octets of Ethernet padding" },
	{ "qinq", c_qinq, "802.1ad VID 200 + 802.1Q VID 100 DISCOVER" },
	{ "end_pad60", c_end_pad60, "END followed by 60 PAD octets" },
	{ "end_pad7", c_end_pad7, "END followed by 7 PAD octets" },
	{ "udp_csum_zero", c_udp_csum_zero, "UDP checksum 0 (none)" },
	{ "opt82_many", c_opt82_many, "five client options 82" },
	{ "reply_ours", c_reply_ours, "OFFER with our option 82 (uplink)" },
	{ "reply_noport", c_reply_noport, "OFFER, our option 82, unknown circuit-id" },
	{ "reply_foreign", c_reply_foreign, "OFFER with a foreign relay-id" },
	{ "reply_bad82", c_reply_bad82, "OFFER, option 82 sub-option past its end" },
	{ "reply_plain", c_reply_plain, "OFFER without option 82, unknown xid" },
	{ "req_82_ours", c_req_82_ours, "DISCOVER, client option 82 with our relay-id" },
	{ "req_82_foreign", c_req_82_foreign, "DISCOVER, client option 82, another relay-id" },
	{ "req_82_rid", c_req_82_rid, "DISCOVER, client option 82 with $DHCP_INJECT_RID" },
	{ "unicast_82", c_unicast_82, "DISCOVER, client option 82, to $DHCP_INJECT_DST" },
	{ "maxmsg_82", c_maxmsg_82, "option 57=576, client option 82, 576 octets" },
	{ "release", c_release, "RELEASE of ciaddr $DHCP_INJECT_ADDR" },
	{ "decline", c_decline, "DECLINE of option 50 $DHCP_INJECT_ADDR" },
	{ "bootp_req", c_bootp_req, "BOOTP request: cookie, no option 53" },
	{ "ack_ours", c_ack_ours, "ACK with our option 82 (uplink)" },
	{ "qinq_reply_ours", c_qinq_reply_ours, "reply_ours in 802.1ad 200 + 802.1Q 100" },
	{ "v6_solicit", c_v6_solicit, "DHCPv6 SOLICIT (IA_NA) to ff02::1:2" },
	{ "v6_advertise", c_v6_advertise, "DHCPv6 ADVERTISE of 2001:db8:bad::1" },
	{ "v6_reply", c_v6_reply, "DHCPv6 REPLY of 2001:db8:bad::1" },
	{ "v6_relay_repl", c_v6_relay_repl, "DHCPv6 RELAY-REPL carrying a REPLY" },
	{ "v6_relay_forw", c_v6_relay_forw, "DHCPv6 RELAY-FORW carrying a SOLICIT" },
	{ "v6_release", c_v6_release, "DHCPv6 RELEASE of $DHCP_INJECT_ADDR6" },
};

#define N_CASES (sizeof(cases) / sizeof(cases[0]))

static void usage(FILE *f)
{
	fprintf(f, "usage: dhcp_inject IFNAME CASE [COUNT]\n"
		   "       dhcp_inject -l\n");
}

int main(int argc, char **argv)
{
	static struct pkt p;
	struct sockaddr_ll sll = { 0 };
	const struct inject_case *ic = NULL;
	unsigned long count = 1, fixed_xid = 0;
	uint8_t mac[6], chaddr[6], rnd[10];
	bool xid_fixed = false, random_ids;
	unsigned int i, idx = 0;
	struct ifreq ifr;
	const char *env;
	struct ctx c;
	size_t len = 0;
	int fd;

	if (argc == 2 && !strcmp(argv[1], "-l")) {
		for (i = 0; i < N_CASES; i++)
			printf("%-16s %s\n", cases[i].name, cases[i].desc);
		return 0;
	}
	if (argc < 3 || argc > 4) {
		usage(stderr);
		return 2;
	}
	for (i = 0; i < N_CASES; i++) {
		if (!strcmp(argv[2], cases[i].name)) {
			ic = &cases[i];
			idx = i;
		}
	}
	if (!ic) {
		fprintf(stderr, "dhcp_inject: unknown case '%s' (-l lists them)\n",
			argv[2]);
		return 2;
	}
	if (argc == 4) {
		char *end;

		count = strtoul(argv[3], &end, 0);
		if (*end || !count || count > 1000000) {
			fprintf(stderr, "dhcp_inject: COUNT must be 1..1000000\n");
			return 2;
		}
	}
	if (strlen(argv[1]) >= IFNAMSIZ) {
		fprintf(stderr, "dhcp_inject: interface name too long\n");
		return 2;
	}

	fd = socket(AF_PACKET, SOCK_RAW, 0);	/* send only: no protocol */
	if (fd < 0) {
		perror("dhcp_inject: socket(AF_PACKET)");
		return 1;
	}
	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, argv[1], IFNAMSIZ - 1);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
		fprintf(stderr, "dhcp_inject: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = (int)if_nametoindex(argv[1]);
	sll.sll_halen = 6;
	memset(sll.sll_addr, 0xff, 6);

	env = getenv("DHCP_INJECT_CHADDR");
	if (env && *env) {
		if (sscanf(env, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &chaddr[0],
			   &chaddr[1], &chaddr[2], &chaddr[3], &chaddr[4],
			   &chaddr[5]) != 6) {
			fprintf(stderr, "dhcp_inject: bad DHCP_INJECT_CHADDR\n");
			return 2;
		}
		chaddr_override = chaddr;
	}
	env = getenv("DHCP_INJECT_XID");
	if (env && *env) {
		fixed_xid = strtoul(env, NULL, 0);
		xid_fixed = true;
	}
	env = getenv("DHCP_INJECT_RANDOM");
	random_ids = env && !strcmp(env, "1");

	for (i = 0; i < count; i++) {
		c.mac = mac;
		c.xid = xid_fixed ? fixed_xid : XID_BASE | idx << 8 | i;
		if (random_ids) {
			if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd)) {
				perror("dhcp_inject: getrandom");
				return 1;
			}
			rnd[0] = (rnd[0] & 0xfc) | 0x02;	/* local, unicast */
			c.mac = rnd;
			c.xid = (uint32_t)rnd[6] << 24 | rnd[7] << 16 |
				rnd[8] << 8 | rnd[9];
		}
		ic->build(&p, &c);
		len = p.len;
		if (sendto(fd, p.b, p.len, 0, (struct sockaddr *)&sll,
			   sizeof(sll)) != (ssize_t)p.len) {
			fprintf(stderr, "dhcp_inject: %s: send %zu octets: %s\n",
				ic->name, p.len, strerror(errno));
			return 1;
		}
	}
	/* The first frame's xid. */
	printf("sent %s count %lu len %zu xid 0x%08lx: %s\n", ic->name, count,
	       len, xid_fixed ? fixed_xid : (unsigned long)(XID_BASE | idx << 8),
	       ic->desc);
	close(fd);
	return 0;
}
