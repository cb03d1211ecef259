// SPDX-License-Identifier: GPL-2.0
/*
 * dhcp6_inject: send crafted DHCPv6 frames on an interface with an AF_PACKET
 * socket, for the LDRA's malformed-input test (relay6_malformed.sh).
 *
 *   dhcp6_inject IFNAME CASE [COUNT]   send COUNT (default 1) frames of CASE
 *   dhcp6_inject -l                    list the cases
 *   dhcp6_inject -w FILE CASE [COUNT]  write them to a pcap FILE instead
 *                                      (source MAC 02:00:00:00:00:01)
 *
 * Every frame goes from the interface's MAC and its link-local address
 * (EUI-64) to ff02::1:2 (33:33:00:01:00:02), UDP 546 -> 547 (a relay
 * message 547 -> 547), with right lengths and checksums unless the case is
 * about them.  The IPv6 flow label of every frame of case number N is
 * FLOW_BASE + N, so a capture tells the cases apart even when it cannot
 * decode them; the transaction-id of frame i is (FLOW_BASE + N) << 4 | i
 * (low 24 bits).  One line is printed: case, count, frame length, flow.
 *
 * dhcp_inject.c has the DHCPv4 cases and a few well-formed DHCPv6 ones
 * (relay6_basic.sh); the malformed DHCPv6 ones are here, with a frame
 * builder of their own: extension headers, tags, and lengths and
 * checksums that a case may break one by one.
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
#include <sys/socket.h>
#include <unistd.h>

#define FRAME_MAX	9100
#define FLOW_BASE	0x4c300u
#define JUMBO_FRAME	9000	/* octets on the wire, Ethernet header included */
#define DEPTH_DEEP	40	/* Relay-Forwards nested in relay_deep40 */

/* A DHCPv6 message being built, and how its frame is to be framed. */
struct f6 {
	uint8_t msg[FRAME_MAX];
	size_t mlen;
	uint8_t ext[64];	/* extension headers before UDP */
	size_t elen;
	uint8_t first_nh;	/* the IPv6 next header (UDP if no ext) */
	uint16_t tpid[2], vid[2];	/* tags, outer first */
	int ntags;
	uint16_t sport, dport;
	enum { CS_GOOD, CS_BAD, CS_ZERO } csum;
	int ulen_delta;		/* added to the UDP length field */
	int plen_delta;		/* added to the IPv6 payload length */
	bool plen_zero;		/* payload length 0 (a jumbogram's) */
	size_t pad;		/* Ethernet padding octets after the datagram */
};

struct ctx {
	const uint8_t *mac;
	uint32_t xid;
};

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

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* --- messages -------------------------------------------------------- */

static void m_init(struct f6 *f, uint8_t type, uint32_t xid)
{
	memset(f, 0, sizeof(*f));
	f->first_nh = 17;
	f->sport = 546;
	f->dport = 547;
	put32(f->msg, xid & 0xffffff);
	f->msg[0] = type;
	f->mlen = 4;
}

static void m_opt(struct f6 *f, uint16_t code, uint16_t len, const void *data)
{
	uint8_t *m = f->msg + f->mlen;

	put16(m, code);
	put16(m + 2, len);
	if (data)
		memcpy(m + 4, data, len);
	else
		memset(m + 4, 'x', len);
	f->mlen += 4 + len;
}

/* SOLICIT: Client-ID (DUID-LL of @mac), Elapsed Time, IA_NA. */
static void m_solicit(struct f6 *f, const struct ctx *c)
{
	static const uint8_t ia[12] = { 0, 0, 0, 1 }, et[2];
	uint8_t duid[10] = { 0, 3, 0, 1 };

	m_init(f, 1, c->xid);
	memcpy(duid + 4, c->mac, 6);
	m_opt(f, 1, sizeof(duid), duid);
	m_opt(f, 8, sizeof(et), et);
	m_opt(f, 3, sizeof(ia), ia);
}

/*
 * Wrap the message in a Relay-Forward at @hop: link-address ::,
 * peer-address fe80::1, Interface-ID "inject", Relay Message.
 */
static void m_wrap(struct f6 *f, uint8_t hop)
{
	static const uint8_t ifid[] = "inject";
	static uint8_t in[FRAME_MAX];
	size_t ilen = f->mlen;

	memcpy(in, f->msg, ilen);
	memset(f->msg, 0, 34);
	f->msg[0] = 12;
	f->msg[1] = hop;
	f->msg[18] = 0xfe;
	f->msg[19] = 0x80;
	f->msg[33] = 1;
	f->mlen = 34;
	m_opt(f, 18, sizeof(ifid) - 1, ifid);
	m_opt(f, 9, ilen, in);
	f->sport = 547;
}

/* --- the frame ----------------------------------------------------------- */

/* Ethernet, tags, IPv6, extension headers, UDP, message; returns length. */
static size_t emit(const struct f6 *f, const uint8_t *mac, unsigned int idx,
		   uint8_t *b)
{
	size_t off = 12, ip, uh, ulen, plen, i;
	uint32_t sum;
	uint16_t c;

	memset(b, 0, FRAME_MAX);
	b[0] = 0x33;
	b[1] = 0x33;
	b[3] = 0x01;
	b[5] = 0x02;
	memcpy(b + 6, mac, 6);
	for (i = 0; i < (size_t)f->ntags; i++) {
		put16(b + off, f->tpid[i]);
		put16(b + off + 2, f->vid[i]);
		off += 4;
	}
	put16(b + off, ETH_P_IPV6);
	ip = off + 2;

	ulen = 8 + f->mlen;
	plen = f->elen + ulen;
	put32(b + ip, 0x60000000u | (FLOW_BASE + idx));
	put16(b + ip + 4, f->plen_zero ? 0 : (uint16_t)(plen + f->plen_delta));
	b[ip + 6] = f->elen ? f->first_nh : 17;
	b[ip + 7] = 1;
	/* fe80::EUI-64(mac) -> ff02::1:2 */
	b[ip + 8] = 0xfe;
	b[ip + 9] = 0x80;
	memcpy(b + ip + 16, mac, 3);
	b[ip + 16] ^= 2;
	b[ip + 19] = 0xff;
	b[ip + 20] = 0xfe;
	memcpy(b + ip + 21, mac + 3, 3);
	b[ip + 24] = 0xff;
	b[ip + 25] = 0x02;
	b[ip + 37] = 1;
	b[ip + 39] = 2;
	memcpy(b + ip + 40, f->ext, f->elen);

	uh = ip + 40 + f->elen;
	put16(b + uh, f->sport);
	put16(b + uh + 2, f->dport);
	put16(b + uh + 4, (uint16_t)(ulen + f->ulen_delta));
	memcpy(b + uh + 8, f->msg, f->mlen);
	sum = csum_add(0, b + ip + 8, 32);
	sum += 17 + (uint32_t)ulen;
	sum = csum_add(sum, b + uh, ulen);
	c = csum_fold(sum);
	if (f->csum == CS_ZERO)
		c = 0;
	else if (!c)
		c = 0xffff;
	if (f->csum == CS_BAD)
		c ^= 0x5a5a;
	put16(b + uh + 6, c);
	return uh + ulen + f->pad;
}

/* Hop-by-hop options (PadN to 8 octets) followed by @nh. */
static void ext_hbh(struct f6 *f, uint8_t nh)
{
	uint8_t *e = f->ext + f->elen;

	e[0] = nh;
	e[1] = 0;
	e[2] = 1;	/* PadN */
	e[3] = 4;
	f->elen += 8;
}

/* --- the cases ------------------------------------------------------------ */

typedef void (*build_fn)(struct f6 *f, const struct ctx *c);

static void c_solicit(struct f6 *f, const struct ctx *c)
{
	m_solicit(f, c);
}

/* The last option's length runs 10 octets past the message. */
static void c_opt_overrun(struct f6 *f, const struct ctx *c)
{
	m_solicit(f, c);
	put16(f->msg + f->mlen - 12 - 2, 12 + 10);
}

/* An option header cut short: 2 octets of a 4-octet header at the end. */
static void c_opt_hdr_cut(struct f6 *f, const struct ctx *c)
{
	m_solicit(f, c);
	f->msg[f->mlen++] = 0;
	f->msg[f->mlen++] = 6;
}

/* IA_NA of 8 octets (< 12: IAID, T1, T2). */
static void c_ia_short(struct f6 *f, const struct ctx *c)
{
	static const uint8_t duid[10] = { 0, 3, 0, 1, 2, 0, 0, 0, 0, 1 };

	m_init(f, 1, c->xid);
	m_opt(f, 1, sizeof(duid), duid);
	m_opt(f, 3, 8, NULL);
}

/* IA_NA holding an IA Address of 20 octets (< 24). */
static void c_iaaddr_short(struct f6 *f, const struct ctx *c)
{
	uint8_t ia[12 + 4 + 20] = { 0, 0, 0, 1 };

	m_init(f, 3, c->xid);
	put16(ia + 12, 5);
	put16(ia + 14, 20);
	m_opt(f, 3, sizeof(ia), ia);
}

/* IA_PD holding an IA Prefix of prefix length 129. */
static void c_iaprefix_129(struct f6 *f, const struct ctx *c)
{
	uint8_t ia[12 + 4 + 25] = { 0, 0, 0, 2 };

	m_init(f, 1, c->xid);
	put16(ia + 12, 26);
	put16(ia + 14, 25);
	ia[16 + 8] = 129;
	m_opt(f, 25, sizeof(ia), ia);
}

/* A 3-octet message (< 4). */
static void c_msg_short(struct f6 *f, const struct ctx *c)
{
	m_init(f, 1, c->xid);
	f->mlen = 3;
}

static void c_type0(struct f6 *f, const struct ctx *c)
{
	m_solicit(f, c);
	f->msg[0] = 0;
}

/* A Relay-Forward whose Relay Message runs 16 octets past the end. */
static void c_relay_trunc(struct f6 *f, const struct ctx *c)
{
	m_solicit(f, c);
	m_wrap(f, 0);
	f->mlen -= 16;
}

/* A Relay-Forward cut inside its 34-octet header. */
static void c_relay_short(struct f6 *f, const struct ctx *c)
{
	m_solicit(f, c);
	m_wrap(f, 0);
	f->mlen = 20;
}

static void c_udp_csum_bad(struct f6 *f, const struct ctx *c)
{
	m_solicit(f, c);
	f->csum = CS_BAD;
}

/* No UDP checksum: not allowed over IPv6 (RFC 8200 section 8.1). */
static void c_udp_csum_zero(struct f6 *f, const struct ctx *c)
{
	m_solicit(f, c);
	f->csum = CS_ZERO;
}

/* UDP length 4 (< 8). */
static void c_udp_len_short(struct f6 *f, const struct ctx *c)
{
	m_solicit(f, c);
	f->ulen_delta = 4 - (int)(8 + f->mlen);
}

/* UDP length 10 past the IPv6 payload. */
static void c_udp_len_long(struct f6 *f, const struct ctx *c)
{
	m_solicit(f, c);
	f->ulen_delta = 10;
}

/* IPv6 payload length 100 past the frame. */
static void c_plen_long(struct f6 *f, const struct ctx *c)
{
	m_solicit(f, c);
	f->plen_delta = 100;
}

/* A jumbogram: payload length 0, hop-by-hop Jumbo Payload option. */
static void c_jumbogram(struct f6 *f, const struct ctx *c)
{
	m_solicit(f, c);
	f->first_nh = 0;
	f->ext[0] = 17;
	f->ext[2] = 0xc2;
	f->ext[3] = 4;
	put32(f->ext + 4, 8 + 8 + f->mlen);
	f->elen = 8;
	f->plen_zero = true;
}

/* Hop-by-hop and destination options before UDP: relayed all the same. */
static void c_ext_hbh_dst(struct f6 *f, const struct ctx *c)
{
	m_solicit(f, c);
	f->first_nh = 0;
	ext_hbh(f, 60);
	ext_hbh(f, 17);
}

/* A hop-by-hop header whose length runs past the packet. */
static void c_ext_overrun(struct f6 *f, const struct ctx *c)
{
	m_solicit(f, c);
	f->first_nh = 0;
	ext_hbh(f, 17);
	f->ext[1] = 200;
}

/* Fragment header, offset 0, more fragments: the first fragment. */
static void c_frag_first(struct f6 *f, const struct ctx *c)
{
	m_solicit(f, c);
	f->first_nh = 44;
	f->ext[0] = 17;
	put16(f->ext + 2, 1);		/* offset 0, M */
	put32(f->ext + 4, 0x4c32);
	f->elen = 8;
}

/* A later fragment (offset 1448) whose data looks like UDP to 547. */
static void c_frag_next(struct f6 *f, const struct ctx *c)
{
	c_frag_first(f, c);
	put16(f->ext + 2, 1448);	/* offset 181 * 8, no M */
}

/* A 9000-octet frame: no room under a 9000 MTU for the Relay-Forward. */
static void c_jumbo(struct f6 *f, const struct ctx *c)
{
	m_solicit(f, c);
	m_opt(f, 65000, JUMBO_FRAME - 14 - 40 - 8 - f->mlen - 4, NULL);
}

/* An 8900-octet frame: the Relay-Forward fits under a 9000 MTU. */
static void c_jumbo_fit(struct f6 *f, const struct ctx *c)
{
	m_solicit(f, c);
	m_opt(f, 65000, JUMBO_FRAME - 100 - 14 - 40 - 8 - f->mlen - 4, NULL);
}

static void c_vlan(struct f6 *f, const struct ctx *c)
{
	m_solicit(f, c);
	f->ntags = 1;
	f->tpid[0] = ETH_P_8021Q;
	f->vid[0] = 100;
}

/* 802.1ad VID 200 around 802.1Q VID 100. */
static void c_qinq(struct f6 *f, const struct ctx *c)
{
	m_solicit(f, c);
	f->ntags = 2;
	f->tpid[0] = ETH_P_8021AD;
	f->vid[0] = 200;
	f->tpid[1] = ETH_P_8021Q;
	f->vid[1] = 100;
}

/* 32 octets of Ethernet padding after a good SOLICIT. */
static void c_eth_pad(struct f6 *f, const struct ctx *c)
{
	m_solicit(f, c);
	f->pad = 32;
}

/* RECONFIGURE (a server message) from a subscriber. */
static void c_reconfigure(struct f6 *f, const struct ctx *c)
{
	m_solicit(f, c);
	f->msg[0] = 10;
	f->sport = 547;
}

/* LEASEQUERY (14): not a subscriber's message. */
static void c_leasequery(struct f6 *f, const struct ctx *c)
{
	m_solicit(f, c);
	f->msg[0] = 14;
}

/* @n Relay-Forwards nested around a SOLICIT, hop-count n - 1 outermost. */
static void relay_chain(struct f6 *f, const struct ctx *c, int n)
{
	int i;

	m_solicit(f, c);
	for (i = 0; i < n; i++)
		m_wrap(f, (uint8_t)i);
}

/* 8 relays deep, hop-count 7 outermost: wrapped once more, at 8. */
static void c_relay_hop7(struct f6 *f, const struct ctx *c)
{
	relay_chain(f, c, 8);
}

/* 9 relays deep, hop-count 8 (HOP_COUNT_LIMIT) outermost. */
static void c_relay_hop8(struct f6 *f, const struct ctx *c)
{
	relay_chain(f, c, 9);
}

/* 40 relays deep, hop-count 39 outermost. */
static void c_relay_deep40(struct f6 *f, const struct ctx *c)
{
	relay_chain(f, c, DEPTH_DEEP);
}

struct inject_case {
	const char *name;
	build_fn build;
	const char *desc;
};

static const struct inject_case cases[] = {
	{ "solicit", c_solicit, "SOLICIT (reference)" },
	{ "opt_overrun", c_opt_overrun, "IA_NA's option-len 10 past the message" },
	{ "opt_hdr_cut", c_opt_hdr_cut, "2 octets of an option header at the end" },
	{ "ia_short", c_ia_short, "IA_NA of 8 octets (< 12)" },
	{ "iaaddr_short", c_iaaddr_short, "REQUEST, IA Address of 20 octets (< 24)" },
	{ "iaprefix_129", c_iaprefix_129, "IA_PD, IA Prefix length 129" },
	{ "msg_short", c_msg_short, "3-octet message" },
	{ "type0", c_type0, "msg-type 0" },
	{ "relay_trunc", c_relay_trunc, "Relay-Forward, Relay Message 16 past the end" },
	{ "relay_short", c_relay_short, "Relay-Forward of 20 octets (< 34)" },
	{ "udp_csum_bad", c_udp_csum_bad, "UDP checksum wrong" },
	{ "udp_csum_zero", c_udp_csum_zero, "UDP checksum 0 (none)" },
	{ "udp_len_short", c_udp_len_short, "UDP length 4 (< 8)" },
	{ "udp_len_long", c_udp_len_long, "UDP length 10 past the payload" },
	{ "plen_long", c_plen_long, "IPv6 payload length 100 past the frame" },
	{ "jumbogram", c_jumbogram, "payload length 0, Jumbo Payload option" },
	{ "ext_hbh_dst", c_ext_hbh_dst, "hop-by-hop + destination options, SOLICIT" },
	{ "ext_overrun", c_ext_overrun, "hop-by-hop header runs past the packet" },
	{ "frag_first", c_frag_first, "fragment header, offset 0, M: first fragment" },
	{ "frag_next", c_frag_next, "later fragment with a fake UDP header" },
	{ "jumbo", c_jumbo, "9000-octet frame, no room for the Relay-Forward" },
	{ "jumbo_fit", c_jumbo_fit, "8900-octet frame, the Relay-Forward fits" },
	{ "vlan", c_vlan, "802.1Q VID 100 SOLICIT" },
	{ "qinq", c_qinq, "802.1ad VID 200 + 802.1Q VID 100 SOLICIT" },
	{ "eth_pad", c_eth_pad, "SOLICIT + 32 octets of Ethernet padding" },
	{ "reconfigure", c_reconfigure, "RECONFIGURE from a subscriber" },
	{ "leasequery", c_leasequery, "LEASEQUERY (14) from a subscriber" },
	{ "relay_hop7", c_relay_hop7, "Relay-Forwards 8 deep, hop-count 7" },
	{ "relay_hop8", c_relay_hop8, "Relay-Forwards 9 deep, hop-count 8" },
	{ "relay_deep40", c_relay_deep40, "40 Relay-Forwards nested (hop 39..0)" },
};

#define N_CASES (sizeof(cases) / sizeof(cases[0]))

/* A pcap file (microsecond, Ethernet) holding the frames, for tshark. */
static FILE *pcap_open(const char *path)
{
	static const uint32_t hdr[6] = { 0xa1b2c3d4, 0x00040002, 0, 0,
					 FRAME_MAX, 1 };
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(hdr, sizeof(hdr), 1, f) != 1) {
		perror(path);
		exit(1);
	}
	return f;
}

static void pcap_write(FILE *f, const uint8_t *frame, size_t len)
{
	uint32_t rec[4] = { 0, 0, (uint32_t)len, (uint32_t)len };

	if (fwrite(rec, sizeof(rec), 1, f) != 1 ||
	    fwrite(frame, len, 1, f) != 1) {
		perror("dhcp6_inject: pcap");
		exit(1);
	}
}

int main(int argc, char **argv)
{
	static uint8_t frame[FRAME_MAX];
	static struct f6 f;
	struct sockaddr_ll sll = { 0 };
	const struct inject_case *ic = NULL;
	unsigned long count = 1, i;
	unsigned int idx = 0, k;
	struct ifreq ifr;
	uint8_t mac[6];
	FILE *pcap = NULL;
	struct ctx c;
	size_t len = 0;
	int fd = -1;

	if (argc == 2 && !strcmp(argv[1], "-l")) {
		for (k = 0; k < N_CASES; k++)
			printf("%-16s 0x%05x %s\n", cases[k].name, FLOW_BASE + k,
			       cases[k].desc);
		return 0;
	}
	if (argc >= 4 && !strcmp(argv[1], "-w")) {
		pcap = pcap_open(argv[2]);
		argv++;		/* FILE in place of IFNAME */
		argc--;
		argv[1] = "-";
	}
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: dhcp6_inject IFNAME CASE [COUNT]\n"
				"       dhcp6_inject -l\n"
				"       dhcp6_inject -w FILE CASE [COUNT]\n");
		return 2;
	}
	for (k = 0; k < N_CASES; k++) {
		if (!strcmp(argv[2], cases[k].name)) {
			ic = &cases[k];
			idx = k;
		}
	}
	if (!ic) {
		fprintf(stderr, "dhcp6_inject: unknown case '%s' (-l lists them)\n",
			argv[2]);
		return 2;
	}
	if (argc == 4) {
		char *end;

		count = strtoul(argv[3], &end, 0);
		if (*end || !count || count > 15) {
			fprintf(stderr, "dhcp6_inject: COUNT must be 1..15\n");
			return 2;
		}
	}
	if (strlen(argv[1]) >= IFNAMSIZ) {
		fprintf(stderr, "dhcp6_inject: interface name too long\n");
		return 2;
	}

	if (pcap) {
		memcpy(mac, "\x02\0\0\0\0\x01", 6);
		goto build;
	}
	fd = socket(AF_PACKET, SOCK_RAW, 0);	/* send only: no protocol */
	if (fd < 0) {
		perror("dhcp6_inject: socket(AF_PACKET)");
		return 1;
	}
	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, argv[1], IFNAMSIZ - 1);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
		fprintf(stderr, "dhcp6_inject: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = (int)if_nametoindex(argv[1]);
	sll.sll_halen = 6;
	memcpy(sll.sll_addr, "\x33\x33\x00\x01\x00\x02", 6);

build:
	for (i = 0; i < count; i++) {
		c.mac = mac;
		c.xid = (FLOW_BASE + idx) << 4 | (uint32_t)i;
		ic->build(&f, &c);
		len = emit(&f, mac, idx, frame);
		if (pcap) {
			pcap_write(pcap, frame, len);
			continue;
		}
		if (sendto(fd, frame, len, 0, (struct sockaddr *)&sll,
			   sizeof(sll)) != (ssize_t)len) {
			fprintf(stderr, "dhcp6_inject: %s: send %zu octets: %s\n",
				ic->name, len, strerror(errno));
			return 1;
		}
	}
	printf("sent %s count %lu len %zu flow 0x%05x: %s\n", ic->name, count,
	       len, FLOW_BASE + idx, ic->desc);
	if (pcap)
		return fclose(pcap) ? 1 : 0;
	close(fd);
	return 0;
}
