// SPDX-License-Identifier: GPL-2.0
/*
 * opt_cost: the option editor's work per message (kmod/dhcp_opt.c, the code
 * the module runs), for bench/opt_cost.sh to count under callgrind:
 *
 *   insert  a DHCPDISCOVER as udhcpc sends it (300 octets, padded): parse,
 *           build option 82 (circuit-id, remote-id, relay-id) and insert
 *   strip   the DHCPOFFER that answers it, with that option 82 before END
 *           (the server echoes it last): parse, split option 82, strip it
 *           where the parse found it, as kmod/relay4.c does
 *
 * Each runs N times (argument, 1000) in its own function, so that
 * callgrind's --toggle-collect gives the instructions of N messages; the
 * copy of the message before each edit is measured alone and subtracted.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp_opt.h"

#define BUF 1024

struct msg {
	uint8_t b[BUF];
	size_t len;
};

static void put(struct msg *m, const void *p, size_t n)
{
	memcpy(m->b + m->len, p, n);
	m->len += n;
}

static void msg_init(struct msg *m, uint8_t op)
{
	static const uint8_t mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };
	static const uint8_t cookie[4] = { 99, 130, 83, 99 };

	memset(m, 0, sizeof(*m));
	m->b[DHCP_OFF_OP] = op;
	m->b[DHCP_OFF_HTYPE] = 1;
	m->b[DHCP_OFF_HLEN] = 6;
	m->b[DHCP_OFF_XID] = 0x39;
	memcpy(m->b + DHCP_OFF_CHADDR, mac, sizeof(mac));
	memcpy(m->b + DHCP_OFF_COOKIE, cookie, sizeof(cookie));
	m->len = DHCP_OFF_OPTIONS;
}

/* udhcpc's DISCOVER: type, client-id, max size, vendor class, PRL, END */
static void discover(struct msg *m)
{
	static const uint8_t opts[] = {
		53, 1, 1,
		61, 7, 1, 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30,
		57, 2, 0x02, 0x40,
		60, 12, 'u', 'd', 'h', 'c', 'p', ' ', '1', '.', '3', '5', '.', '0',
		55, 7, 1, 3, 6, 12, 15, 28, 42,
		255,
	};

	msg_init(m, DHCP_BOOTREQUEST);
	put(m, opts, sizeof(opts));
	m->len = 300;			/* BOOTP's minimum: padded */
}

/* dnsmasq's OFFER: type, server-id, lease, T1, T2, mask, router, DNS */
static void offer(struct msg *m, const uint8_t *rai, size_t rai_len)
{
	static const uint8_t opts[] = {
		53, 1, 2,
		54, 4, 192, 0, 2, 1,
		51, 4, 0, 0, 0x0e, 0x10,
		58, 4, 0, 0, 0x07, 0x08,
		59, 4, 0, 0, 0x0c, 0x4e,
		1, 4, 255, 255, 255, 0,
		3, 4, 192, 0, 2, 1,
		6, 4, 192, 0, 2, 1,
	};

	msg_init(m, DHCP_BOOTREPLY);
	put(m, opts, sizeof(opts));
	put(m, rai, rai_len);
	m->b[m->len++] = DHCP_OPT_END;
}

static const uint8_t cid[] = "br0:eth1:100";
static const uint8_t rid[] = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };
static const uint8_t relay[] = { 0x00, 0x04, 0x4c, 0x32, 0x32, 0x61 };

__attribute__((noinline)) static size_t insert_n(const struct msg *src,
						  unsigned int n)
{
	static struct msg m;
	struct dhcp_info info;
	uint8_t rai[2 + DHCP_RAI_MAX];
	size_t rai_len, new_len = 0;

	while (n--) {
		memcpy(m.b, src->b, src->len);	/* not counted: see opt_cost.sh */
		if (dhcp_parse(m.b, src->len, &info) != DHCP_OK)
			abort();
		rai_len = dhcp_rai_build(rai, sizeof(rai), cid, sizeof(cid) - 1,
					 rid, sizeof(rid), relay, sizeof(relay));
		if (dhcp_insert_opt(m.b, src->len, BUF, &info, rai, rai_len,
				    &new_len) != DHCP_OK)
			abort();
	}
	return new_len;
}

__attribute__((noinline)) static size_t strip_n(const struct msg *src,
						 unsigned int n)
{
	static struct msg m;
	struct dhcp_info info;
	struct dhcp_rai r;
	size_t new_len = 0;
	const uint8_t *body;

	while (n--) {
		memcpy(m.b, src->b, src->len);
		if (dhcp_parse(m.b, src->len, &info) != DHCP_OK ||
		    info.rai_count != 1)
			abort();
		body = m.b + info.rai[0].off + 2;
		if (dhcp_rai_parse(body, info.rai[0].len, &r) != DHCP_OK)
			abort();
		if (dhcp_strip_rai_info(m.b, src->len, &info, &new_len) !=
		    DHCP_OK)
			abort();
	}
	return new_len;
}

/* The copies alone, to subtract. */
__attribute__((noinline)) static size_t copy_n(const struct msg *src,
						unsigned int n)
{
	static struct msg m;

	while (n--) {
		memcpy(m.b, src->b, src->len);
		__asm__ volatile("" : : "r" (m.b) : "memory");
	}
	return m.len;
}

/* opt_cost N insert|strip|copy-discover|copy-offer */
int main(int argc, char **argv)
{
	unsigned int n = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000;
	const char *what = argc > 2 ? argv[2] : "insert";
	struct msg d, o;
	uint8_t rai[2 + DHCP_RAI_MAX];
	size_t rai_len;

	discover(&d);
	rai_len = dhcp_rai_build(rai, sizeof(rai), cid, sizeof(cid) - 1,
				 rid, sizeof(rid), relay, sizeof(relay));
	offer(&o, rai, rai_len);
	if (!strcmp(what, "insert"))
		printf("insert: %zu -> %zu octets\n", d.len, insert_n(&d, n));
	else if (!strcmp(what, "strip"))
		printf("strip: %zu -> %zu octets\n", o.len, strip_n(&o, n));
	else if (!strcmp(what, "copy-discover"))
		copy_n(&d, n);
	else
		copy_n(&o, n);
	return 0;
}
