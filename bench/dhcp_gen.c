// SPDX-License-Identifier: GPL-2.0
/*
 * dhcp_gen: the DHCP-path bench's load (bench/dhcp_path.sh).  Sends COUNT
 * DHCP messages into one interface, in bursts, and after each burst waits
 * until every message of it has come out of another interface (a packet
 * socket opened in that interface's namespace), so that whatever carries
 * them, a bridge, l2ra or a user-space relay, is never overrun: nothing is
 * dropped, and the CPU is never idle while a message is on its way.  Under
 * QEMU -icount shift=0 with one guest CPU the time from the first send to
 * the last arrival is then the instructions the whole path took.
 *
 *   dhcp_gen discover|ack|solicit|relay-reply TX_NETNS TX_IF RX_NETNS RX_IF
 *            COUNT
 *
 * discover: BOOTREQUESTs from clients 06:00:00:00:xx:xx (CLIENTS of them,
 * in turn), broadcast, each with its own xid.  ack: DHCPACKs for the same
 * clients from 10.1.0.2, broadcast, yiaddr 10.2.x.y, with the option 82
 * given in DHCP_GEN_OPT82 (hex of the whole option, code and length
 * included) when it is set.  A message counts as arrived when a frame with
 * its xid comes out; with DHCP_GEN_SHOW=1 the option 82 of the first one
 * is printed (opt82=HEX), which is how the bench learns what l2ra adds.
 *
 * solicit: DHCPv6 SOLICITs from the same clients (their link-local
 * addresses, to ff02::1:2, 546 -> 547), transaction-ids 6c:i:i.
 * relay-reply: a Relay-Reply for each of them from 06:55:00:00:00:02, as
 * ISC dhcpd -6 answers an LDRA: unicast to the client's MAC and link-local
 * address, 547 -> 547, link-address ::, peer-address the client, carrying
 * the Interface-ID option given in DHCP_GEN_IFID (hex, code and length
 * included) and a REPLY that binds 2001:db8:2::CLIENT.  A Relay-Forward or
 * Relay-Reply arrives by the transaction-id of the message it carries;
 * with DHCP_GEN_SHOW=1 the Interface-ID of the first Relay-Forward is
 * printed (ifid=HEX).  COUNT is at most 65535 for these.
 *
 * Environment: DHCP_GEN_BURST (16), DHCP_GEN_CLIENTS (256).
 * Output: one line, "sent=N arrived=N lost=N ns=T ns_per_msg=T".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define XID_BASE	0x6c000000u
#define MSG_LEN		300	/* BOOTP's minimum, as clients send */
#define FRAME_LEN	(14 + 20 + 8 + MSG_LEN)
#define FRAME6_MAX	(14 + 40 + 8 + 256)
#define WAIT_MS		1000	/* a burst not out by then is lost */

/* The server's MAC address, source of the ACKs and Relay-Replies. */
static const uint8_t srv[6] = { 0x06, 0x55, 0, 0, 0, 2 };

enum gen_mode { GEN_DISCOVER, GEN_ACK, GEN_SOLICIT, GEN_RELAY_REPLY };

struct gen {
	enum gen_mode mode;
	bool ack;
	unsigned int clients;
	uint8_t opt82[260];	/* DHCP_GEN_OPT82, or DHCP_GEN_IFID */
	size_t opt82_len;
};

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static uint16_t csum(const uint8_t *p, size_t len, uint32_t sum)
{
	for (; len > 1; p += 2, len -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (len)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
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

/* Frame @i: its client is i % clients, its xid XID_BASE + i. */
static size_t build(const struct gen *g, unsigned int i, uint8_t *f)
{
	unsigned int c = i % g->clients;
	uint8_t mac[6] = { 0x06, 0, 0, 0, c >> 8, c & 0xff };
	uint8_t *ip = f + 14, *udp = ip + 20, *m = udp + 8, *o;
	uint32_t sum;

	memset(f, 0, FRAME_LEN);
	memset(f, 0xff, 6);
	memcpy(f + 6, g->ack ? srv : mac, 6);
	put16(f + 12, ETH_P_IP);

	m[0] = g->ack ? 2 : 1;			/* op */
	m[1] = 1;				/* htype Ethernet */
	m[2] = 6;				/* hlen */
	put32(m + 4, XID_BASE + i);
	put16(m + 10, 0x8000);			/* broadcast flag */
	if (g->ack)
		put32(m + 16, 0x0a020000 | (c + 1));	/* yiaddr */
	memcpy(m + 28, mac, 6);			/* chaddr */
	put32(m + 236, 0x63825363);		/* magic cookie */
	o = m + 240;
	if (g->ack) {
		static const uint8_t opts[] = {
			53, 1, 5, 54, 4, 10, 1, 0, 2, 51, 4, 0, 0, 0x0e, 0x10,
			1, 4, 255, 255, 0, 0,
		};

		memcpy(o, opts, sizeof(opts));
		o += sizeof(opts);
		memcpy(o, g->opt82, g->opt82_len);
		o += g->opt82_len;
	} else {
		static const uint8_t opts[] = {
			53, 1, 1, 61, 7, 1, 0, 0, 0, 0, 0, 0,
			55, 4, 1, 3, 6, 51,
		};

		memcpy(o, opts, sizeof(opts));
		memcpy(o + 6, mac, 6);		/* client-id: 1 + chaddr */
		o += sizeof(opts);
	}
	*o = 255;

	ip[0] = 0x45;
	put16(ip + 2, 20 + 8 + MSG_LEN);
	ip[8] = 64;
	ip[9] = IPPROTO_UDP;
	put32(ip + 12, g->ack ? 0x0a010002 : 0);
	put32(ip + 16, 0xffffffff);
	put16(ip + 10, csum(ip, 20, 0));

	put16(udp, g->ack ? 67 : 68);
	put16(udp + 2, g->ack ? 68 : 67);
	put16(udp + 4, 8 + MSG_LEN);
	sum = (ip[12] << 8 | ip[13]) + (ip[14] << 8 | ip[15]) +
	      (ip[16] << 8 | ip[17]) + (ip[18] << 8 | ip[19]) +
	      IPPROTO_UDP + 8 + MSG_LEN;
	put16(udp + 6, csum(udp, 8 + MSG_LEN, sum) ?: 0xffff);
	return FRAME_LEN;
}

/* The link-local address of @mac (modified EUI-64). */
static void mac_ll(const uint8_t *mac, uint8_t *a)
{
	memset(a, 0, 16);
	a[0] = 0xfe;
	a[1] = 0x80;
	a[8] = mac[0] ^ 2;
	a[9] = mac[1];
	a[10] = mac[2];
	a[11] = 0xff;
	a[12] = 0xfe;
	a[13] = mac[3];
	a[14] = mac[4];
	a[15] = mac[5];
}

/* A DHCPv6 option header at @o; returns where its data starts. */
static uint8_t *opt6(uint8_t *o, uint16_t code, uint16_t len)
{
	put16(o, code);
	put16(o + 2, len);
	return o + 4;
}

/* DUID-LL of @mac as option @code; returns the end. */
static uint8_t *duid_ll(uint8_t *o, uint16_t code, const uint8_t *mac)
{
	o = opt6(o, code, 10);
	put16(o, 3);
	put16(o + 2, 1);
	memcpy(o + 4, mac, 6);
	return o + 10;
}

/* The DHCPv6 message of frame @i at @m: SOLICIT or REPLY; its length. */
static size_t build6_msg(const struct gen *g, unsigned int i,
			 const uint8_t *mac, uint8_t *m)
{
	unsigned int c = i % g->clients;
	uint8_t *o = m + 4, *ia;

	m[0] = g->mode == GEN_SOLICIT ? 1 : 7;
	m[1] = XID_BASE >> 24;
	m[2] = (i >> 8) & 0xff;
	m[3] = i & 0xff;
	o = duid_ll(o, 1, mac);
	if (g->mode == GEN_SOLICIT) {
		o = opt6(o, 8, 2);		/* elapsed time 0 */
		put16(o, 0);
		o += 2;
		ia = opt6(o, 3, 12);		/* IA_NA, no address */
		memset(ia, 0, 12);
		put32(ia, c);
		o = ia + 12;
		o = opt6(o, 6, 4);		/* ORO: DNS servers, domains */
		put16(o, 23);
		put16(o + 2, 24);
		return (size_t)(o + 4 - m);
	}
	o = duid_ll(o, 2, srv);
	ia = opt6(o, 3, 12 + 4 + 24);		/* IA_NA, one IAADDR */
	put32(ia, c);
	put32(ia + 4, 1800);
	put32(ia + 8, 2880);
	o = opt6(ia + 12, 5, 24);
	memset(o, 0, 16);
	put32(o, 0x20010db8);
	put32(o + 4, 0x00020000);
	put32(o + 12, c + 1);
	put32(o + 16, 3600);
	put32(o + 20, 7200);
	return (size_t)(o + 24 - m);
}

/*
 * Frame @i of solicit or relay-reply: Ethernet, IPv6 (no extension
 * header), UDP; its length.
 */
static size_t build6(const struct gen *g, unsigned int i, uint8_t *f)
{
	static const uint8_t all_dhcp[16] = {
		0xff, 0x02, [13] = 1, [15] = 2,
	};
	unsigned int c = i % g->clients;
	uint8_t mac[6] = { 0x06, 0, 0, 0, c >> 8, c & 0xff };
	uint8_t *ip = f + 14, *udp = ip + 40, *m = udp + 8, *o;
	size_t len;
	uint32_t sum = 17;
	int k;

	memset(f, 0, FRAME6_MAX);
	put16(f + 12, 0x86dd);
	ip[0] = 0x60;
	ip[6] = 17;
	ip[7] = 1;
	if (g->mode == GEN_SOLICIT) {
		static const uint8_t mc[6] = { 0x33, 0x33, 0, 1, 0, 2 };

		memcpy(f, mc, 6);
		memcpy(f + 6, mac, 6);
		mac_ll(mac, ip + 8);
		memcpy(ip + 24, all_dhcp, 16);
		put16(udp, 546);
		len = build6_msg(g, i, mac, m);
	} else {
		memcpy(f, mac, 6);
		memcpy(f + 6, srv, 6);
		mac_ll(srv, ip + 8);
		mac_ll(mac, ip + 24);
		put16(udp, 547);
		m[0] = 13;			/* RELAY-REPL, hop-count 0 */
		mac_ll(mac, m + 18);		/* peer-address; link :: */
		o = m + 34;
		memcpy(o, g->opt82, g->opt82_len);
		o += g->opt82_len;
		len = build6_msg(g, i, mac, o + 4);
		opt6(o, 9, (uint16_t)len);
		len += (size_t)(o + 4 - m);
	}
	put16(udp + 2, 547);
	put16(udp + 4, (uint16_t)(8 + len));
	put16(ip + 4, (uint16_t)(8 + len));
	for (k = 8; k < 40; k += 2)
		sum += (uint32_t)ip[k] << 8 | ip[k + 1];
	sum += (uint32_t)(8 + len);
	put16(udp + 6, csum(udp, 8 + len, sum) ?: 0xffff);
	return 14 + 40 + 8 + len;
}

/* A packet socket on @ifname of the namespace named @ns. */
static int packet_socket(const char *ns, const char *ifname)
{
	char path[256];
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	int self, fd, nsfd, one = 1;

	self = open("/proc/self/ns/net", O_RDONLY);
	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	nsfd = open(path, O_RDONLY);
	if (self < 0 || nsfd < 0)
		die(path);
	if (setns(nsfd, CLONE_NEWNET))
		die("setns");
	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	if (fd < 0)
		die("socket");
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = (int)if_nametoindex(ifname);
	if (!sll.sll_ifindex)
		die(ifname);
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)))
		die("bind");
	/* our own sends are no arrivals */
	setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one));
	if (setns(self, CLONE_NEWNET))
		die("setns back");
	close(nsfd);
	close(self);
	return fd;
}

/*
 * The transaction-id of a DHCPv6 message of ours, the IPv6 header at @off,
 * as XID_BASE + its last two octets; a Relay-Forward's or Relay-Reply's is
 * that of the message it carries.  *@msg is the outer message.
 */
static uint32_t frame_xid6(const uint8_t *f, size_t len, size_t off,
			   const uint8_t **msg)
{
	const uint8_t *m, *end = f + len;
	size_t i;

	if (len < off + 40 + 8 + 4 || f[off + 6] != 17)
		return 0;
	m = f + off + 48;
	*msg = m;
	if (m[0] == 12 || m[0] == 13) {
		for (i = 34; m + i + 4 <= end;
		     i += 4u + (size_t)(m[i + 2] << 8 | m[i + 3])) {
			if (m[i] == 0 && m[i + 1] == 9)
				break;
		}
		if (m + i + 8 > end)
			return 0;
		m += i + 4;
	}
	if (m[1] != XID_BASE >> 24)
		return 0;
	return XID_BASE + (uint32_t)(m[2] << 8 | m[3]);
}

/* The Interface-ID option of a Relay-Forward @msg, printed as hex. */
static void show_ifid(const uint8_t *msg, size_t len)
{
	size_t i, k, olen;

	for (i = 34; msg[0] == 12 && i + 4 <= len; i += 4 + olen) {
		olen = (size_t)(msg[i + 2] << 8 | msg[i + 3]);
		if (msg[i] == 0 && msg[i + 1] == 18 && i + 4 + olen <= len) {
			printf("ifid=");
			for (k = 0; k < 4 + olen; k++)
				printf("%02x", msg[i + k]);
			printf("\n");
			return;
		}
	}
	printf("ifid=\n");
}

/* The xid of a DHCP message of ours in frame @f, or 0; tags skipped. */
static uint32_t frame_xid(const uint8_t *f, size_t len, const uint8_t **msg)
{
	size_t off = 12;
	uint16_t type;

	for (;;) {
		if (len < off + 2)
			return 0;
		type = (uint16_t)(f[off] << 8 | f[off + 1]);
		if (type != 0x8100 && type != 0x88a8)
			break;
		off += 4;
	}
	off += 2;
	if (type == 0x86dd)
		return frame_xid6(f, len, off, msg);
	if (type != ETH_P_IP || len < off + 20 + 8 + 240 || f[off + 9] != 17)
		return 0;
	off += (f[off] & 0xf) * 4u + 8;
	if (len < off + 240)
		return 0;
	*msg = f + off;
	if ((*msg)[4] != XID_BASE >> 24)
		return 0;
	return (uint32_t)(*msg)[4] << 24 | (*msg)[5] << 16 |
	       (*msg)[6] << 8 | (*msg)[7];
}

static void show_opt82(const uint8_t *msg, size_t len)
{
	size_t i = 240;

	while (i + 2 <= len && msg[i] != 255) {
		if (msg[i] == 0) {
			i++;
			continue;
		}
		if (msg[i] == 82 && i + 2 + msg[i + 1] <= len) {
			printf("opt82=");
			for (size_t k = 0; k < 2u + msg[i + 1]; k++)
				printf("%02x", msg[i + k]);
			printf("\n");
			return;
		}
		i += 2u + msg[i + 1];
	}
	printf("opt82=\n");
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int main(int argc, char **argv)
{
	struct gen g = { 0 };
	const char *e;
	uint8_t f[FRAME6_MAX > FRAME_LEN ? FRAME6_MAX : FRAME_LEN];
	uint8_t buf[2048], seen[4096];
	static const char *const modes[] = {
		[GEN_DISCOVER] = "discover", [GEN_ACK] = "ack",
		[GEN_SOLICIT] = "solicit", [GEN_RELAY_REPLY] = "relay-reply",
	};
	unsigned int count, burst, sent = 0, arrived = 0, lost = 0;
	bool show = getenv("DHCP_GEN_SHOW") != NULL;
	int tx, rx;
	int64_t t0, t1;

	for (g.mode = GEN_DISCOVER; argc == 7 && g.mode <= GEN_RELAY_REPLY;
	     g.mode++)
		if (!strcmp(argv[1], modes[g.mode]))
			break;
	if (argc != 7 || g.mode > GEN_RELAY_REPLY) {
		fprintf(stderr, "usage: dhcp_gen discover|ack|solicit|relay-reply TX_NETNS TX_IF RX_NETNS RX_IF COUNT\n");
		return 2;
	}
	g.ack = g.mode == GEN_ACK;
	count = (unsigned int)strtoul(argv[6], NULL, 0);
	e = getenv("DHCP_GEN_BURST");
	burst = e ? (unsigned int)strtoul(e, NULL, 0) : 16;
	e = getenv("DHCP_GEN_CLIENTS");
	g.clients = e ? (unsigned int)strtoul(e, NULL, 0) : 256;
	if (!burst || burst > sizeof(seen) || !g.clients || g.clients > 65535 ||
	    count > (g.mode >= GEN_SOLICIT ? 0xffffu : 0x00ffffffu)) {
		fprintf(stderr, "dhcp_gen: bad COUNT, BURST or CLIENTS\n");
		return 2;
	}
	e = getenv(g.mode >= GEN_SOLICIT ? "DHCP_GEN_IFID" : "DHCP_GEN_OPT82");
	for (; e && e[0] && e[1] && g.opt82_len < sizeof(g.opt82); e += 2) {
		int hi = hexval(e[0]), lo = hexval(e[1]);

		if (hi < 0 || lo < 0) {
			fprintf(stderr, "dhcp_gen: DHCP_GEN_OPT82 or _IFID is not hex\n");
			return 2;
		}
		g.opt82[g.opt82_len++] = (uint8_t)(hi << 4 | lo);
	}
	if (g.opt82_len + 21 + 240 + 1 > MSG_LEN) {
		fprintf(stderr, "dhcp_gen: DHCP_GEN_OPT82 too long\n");
		return 2;
	}

	rx = packet_socket(argv[4], argv[5]);
	tx = packet_socket(argv[2], argv[3]);

	t0 = now_ns();
	while (sent < count) {
		unsigned int first = sent, n = count - sent, want;

		if (n > burst)
			n = burst;
		memset(seen, 0, n);
		for (unsigned int k = 0; k < n; k++) {
			size_t len = g.mode >= GEN_SOLICIT ?
				     build6(&g, sent, f) : build(&g, sent, f);

			if (send(tx, f, len, 0) != (ssize_t)len)
				die("send");
			sent++;
		}
		for (want = n; want;) {
			struct pollfd p = { .fd = rx, .events = POLLIN };
			const uint8_t *msg = NULL;
			ssize_t len;
			uint32_t xid;

			if (poll(&p, 1, WAIT_MS) <= 0) {
				lost += want;
				break;
			}
			len = recv(rx, buf, sizeof(buf), 0);
			if (len < 0)
				die("recv");
			xid = frame_xid(buf, (size_t)len, &msg);
			if (xid < XID_BASE + first || xid >= XID_BASE + first + n ||
			    seen[xid - XID_BASE - first])
				continue;
			if (show && !arrived && g.mode >= GEN_SOLICIT)
				show_ifid(msg, (size_t)len - (size_t)(msg - buf));
			else if (show && !arrived)
				show_opt82(msg, (size_t)len - (size_t)(msg - buf));
			seen[xid - XID_BASE - first] = 1;
			arrived++;
			want--;
		}
	}
	t1 = now_ns();
	printf("sent=%u arrived=%u lost=%u ns=%lld ns_per_msg=%lld\n", sent,
	       arrived, lost, (long long)(t1 - t0),
	       (long long)((t1 - t0) / (count ? count : 1)));
	return 0;
}
