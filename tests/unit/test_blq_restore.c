// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for lib/blq/blq_restore.c: Bulk Leasequery bindings from
 * several servers into one lease per (MAC, VID), newest last transaction
 * first.  Bindings are filled in as blq4_decode() would leave them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "../../lib/blq/blq_restore.h"

#define NOW 1700000000

/*
 * A LEASEACTIVE for 10.0.0.@host, chaddr 02:00:00:00:@m1:@m2, with @left
 * seconds remaining (51), last transaction @age seconds ago (91) and
 * option 82 holding circuit-id @cid (none if NULL).
 */
static void mk(struct blq4_binding *b, uint8_t host, uint8_t m1, uint8_t m2,
	       const char *cid, uint32_t left, uint32_t age)
{
	size_t n = cid ? strlen(cid) : 0;

	memset(b, 0, sizeof(*b));
	b->msg_type = BLQ4_MSG_LEASEACTIVE;
	b->ciaddr[0] = 10;
	b->ciaddr[3] = host;
	b->htype = 1;
	b->hlen = 6;
	b->chaddr[0] = 0x02;
	b->chaddr[4] = m1;
	b->chaddr[5] = m2;
	b->have = BLQ4_HAVE_LEASE_TIME | BLQ4_HAVE_CLTT;
	b->lease_time = left;
	b->cltt = age;
	if (cid) {
		b->have |= BLQ4_HAVE_RAI;
		b->rai[0] = BLQ4_RAI_CIRCUIT_ID;
		b->rai[1] = (uint8_t)n;
		memcpy(b->rai + 2, cid, n);
		/* A remote-id after it, as Kea stores the whole 82. */
		b->rai[2 + n] = BLQ4_RAI_REMOTE_ID;
		b->rai[3 + n] = 2;
		b->rai[4 + n] = 0xab;
		b->rai[5 + n] = 0xcd;
		b->rai_len = (uint16_t)(n + 6);
	}
}

static uint32_t ip(const char *s)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a.s_addr;
}

static void finish(struct blq_restore *r, struct lease_vec *v)
{
	const struct blq_restore_stats *st = &r->stats;

	assert_int_equal(blq_restore_finish(r, v), 0);
	/* Every binding offered is counted exactly once. */
	assert_int_equal(st->offered,
			 st->accepted + st->not_active + st->expired +
			 st->no_address + st->bad_mac + st->no_circuit_id +
			 st->bad_circuit_id + st->over_limit +
			 st->v6_no_address + st->v6_too_many +
			 st->v6_no_relay_data + st->v6_no_interface_id +
			 st->v6_bad_interface_id + st->v6_expired);
	assert_int_equal(st->accepted, st->superseded + st->leases);
	assert_int_equal(st->leases, v->n);
	/* In arrival order: the checks below look leases up by index. */
	lease_vec_sort(v);
}

static void test_fields(void **state)
{
	struct blq_restore r;
	struct lease_vec v = { 0 };
	struct blq4_binding b;
	const struct lease *l;

	(void)state;
	blq_restore_init(&r, 0);
	mk(&b, 7, 0xaa, 0xbb, "br0:eth1:100", 3540, 60);
	assert_int_equal(blq_restore_add4(&r, &b, ip("192.0.2.1"), NOW), 0);
	finish(&r, &v);
	assert_int_equal(v.n, 1);
	l = &v.v[0];
	assert_memory_equal(l->mac, "\x02\0\0\0\xaa\xbb", 6);
	assert_int_equal(l->vid, 100);
	assert_int_equal(l->addr, ip("10.0.0.7"));
	assert_int_equal(l->expires_at, NOW + 3540);
	assert_int_equal(l->cltt, NOW - 60);
	assert_int_equal(l->lease_time, 3600);
	assert_int_equal(l->server_id, ip("192.0.2.1"));
	assert_int_equal(l->circuit_id_len, 12);
	assert_memory_equal(l->circuit_id, "br0:eth1:100", 12);
	assert_string_equal(l->bridge, "br0");
	assert_string_equal(l->port, "eth1");
	lease_vec_free(&v);
	blq_restore_free(&r);
}

/* The most recent transaction wins, whichever server and order. */
static void test_newest_cltt_wins(void **state)
{
	struct blq_restore r;
	struct lease_vec v = { 0 };
	struct blq4_binding b;
	unsigned int order;

	(void)state;
	for (order = 0; order < 2; order++) {
		blq_restore_init(&r, 0);
		/* Server A: older transaction, longer left. */
		mk(&b, 1, 0, 1, "br0:eth1:10", 7000, 500);
		if (order == 0)
			blq_restore_add4(&r, &b, ip("192.0.2.1"), NOW);
		mk(&b, 2, 0, 1, "br0:eth2:10", 100, 5);
		assert_int_equal(blq_restore_add4(&r, &b, ip("192.0.2.2"),
						  NOW), 0);
		if (order == 1) {
			mk(&b, 1, 0, 1, "br0:eth1:10", 7000, 500);
			blq_restore_add4(&r, &b, ip("192.0.2.1"), NOW);
		}
		finish(&r, &v);
		assert_int_equal(v.n, 1);
		assert_int_equal(r.stats.superseded, 1);
		assert_int_equal(v.v[0].addr, ip("10.0.0.2"));
		assert_int_equal(v.v[0].server_id, ip("192.0.2.2"));
		assert_string_equal(v.v[0].port, "eth2");
		lease_vec_free(&v);
		blq_restore_free(&r);
	}
}

/*
 * The leases come out in the order their keys first arrived, a superseded
 * one in its first place, and as the vector that held them (no copy).
 */
static void test_arrival_order(void **state)
{
	struct blq_restore r;
	struct lease_vec v = { 0 };
	struct blq4_binding b;
	const uint8_t keys[] = { 3, 1, 2 };
	size_t i;

	(void)state;
	blq_restore_init(&r, 0);
	for (i = 0; i < sizeof(keys); i++) {
		mk(&b, keys[i], 0, keys[i], "br0:eth1", 3600, 50);
		assert_int_equal(blq_restore_add4(&r, &b, 1, NOW), 0);
	}
	/* key 1 again, newer: it wins and stays second */
	mk(&b, 9, 0, 1, "br0:eth1", 3600, 10);
	assert_int_equal(blq_restore_add4(&r, &b, 2, NOW), 0);
	assert_int_equal(blq_restore_finish(&r, &v), 0);
	assert_int_equal(v.n, 3);
	assert_int_equal(r.stats.leases, 3);
	assert_int_equal(r.stats.superseded, 1);
	assert_int_equal(v.v[0].mac[5], 3);
	assert_int_equal(v.v[1].mac[5], 1);
	assert_int_equal(v.v[1].server_id, 2);
	assert_int_equal(v.v[1].addr, ip("10.0.0.9"));
	assert_int_equal(v.v[2].mac[5], 2);
	/* the restore holds nothing more: freeing it leaves @v alone */
	blq_restore_free(&r);
	assert_int_equal(v.v[2].mac[5], 2);
	lease_vec_free(&v);
}

/*
 * Runs of one circuit-id and changes between ids of the same length: each
 * lease gets its own id's VLAN, bridge and port (the last parse is
 * reused only for the same octets).
 */
static void test_circuit_id_runs(void **state)
{
	static const char *const cids[] = {
		"br0:eth1:10", "br0:eth1:10", "br0:eth1:10", "br0:eth2:10",
		"br0:eth2:11", "br1:eth2:11", "br0:eth1", "xx", "br0:eth1:10",
	};
	static const struct { uint16_t vid; const char *br, *port; } want[] = {
		{ 10, "br0", "eth1" }, { 10, "br0", "eth1" },
		{ 10, "br0", "eth1" }, { 10, "br0", "eth2" },
		{ 11, "br0", "eth2" }, { 11, "br1", "eth2" },
		{ 0, "br0", "eth1" }, { 0, "", "" }, { 10, "br0", "eth1" },
	};
	struct blq_restore r;
	struct lease_vec v = { 0 };
	struct blq4_binding b;
	size_t i;

	(void)state;
	blq_restore_init(&r, 0);
	for (i = 0; i < sizeof(cids) / sizeof(cids[0]); i++) {
		mk(&b, (uint8_t)(i + 1), 0, (uint8_t)(i + 1), cids[i], 3600, 5);
		assert_int_equal(blq_restore_add4(&r, &b, 1, NOW), 0);
	}
	assert_int_equal(blq_restore_finish(&r, &v), 0);
	assert_int_equal(v.n, sizeof(cids) / sizeof(cids[0]));
	for (i = 0; i < v.n; i++) {
		assert_int_equal(v.v[i].vid, want[i].vid);
		assert_string_equal(v.v[i].bridge, want[i].br);
		assert_string_equal(v.v[i].port, want[i].port);
		assert_int_equal(v.v[i].circuit_id_len, strlen(cids[i]));
		assert_memory_equal(v.v[i].circuit_id, cids[i],
				    strlen(cids[i]));
	}
	lease_vec_free(&v);
	blq_restore_free(&r);
}

/*
 * A binding from blq4_decode() carries where its circuit-id is: taken
 * from there, with the same counters as a walk of option 82 would give.
 */
static void test_circuit_id_pos(void **state)
{
	struct blq_restore r;
	struct lease_vec v = { 0 };
	struct blq4_binding b;

	(void)state;
	blq_restore_init(&r, 0);
	/* none: counted in no_circuit_id */
	mk(&b, 1, 0, 1, "br0:eth1", 3600, 5);
	b.have |= BLQ4_HAVE_CIRCUIT_ID_POS;
	b.circuit_id_off = 0;
	assert_int_equal(blq_restore_add4(&r, &b, 1, NOW), 0);
	assert_int_equal(r.stats.no_circuit_id, 1);
	/* empty: bad_circuit_id */
	mk(&b, 2, 0, 2, "br0:eth1", 3600, 5);
	b.have |= BLQ4_HAVE_CIRCUIT_ID_POS;
	b.circuit_id_off = 2;
	b.circuit_id_len = 0;
	assert_int_equal(blq_restore_add4(&r, &b, 1, NOW), 0);
	assert_int_equal(r.stats.bad_circuit_id, 1);
	/* the remote-id's value named as the circuit-id: that one is used */
	mk(&b, 3, 0, 3, "br0:eth1", 3600, 5);
	b.have |= BLQ4_HAVE_CIRCUIT_ID_POS;
	b.circuit_id_off = 2 + 8 + 2;
	b.circuit_id_len = 2;
	assert_int_equal(blq_restore_add4(&r, &b, 1, NOW), 0);
	finish(&r, &v);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.v[0].circuit_id_len, 2);
	assert_memory_equal(v.v[0].circuit_id, "\xab\xcd", 2);
	lease_vec_free(&v);
	blq_restore_free(&r);
}

/*
 * At most max keys (the kernel's lease limit): new keys beyond it are
 * counted, while a key already held is still reconciled.
 */
static void test_limit(void **state)
{
	struct blq_restore r;
	struct lease_vec v = { 0 };
	struct blq4_binding b;
	uint8_t i;

	(void)state;
	blq_restore_init(&r, 3);
	for (i = 1; i <= 5; i++) {
		mk(&b, i, 0, i, "br0:eth1", 100, 50);
		assert_int_equal(blq_restore_add4(&r, &b, 1, NOW), 0);
	}
	/* Key 2 again, newer: wins although the table is full. */
	mk(&b, 99, 0, 2, "br0:eth1", 100, 10);
	assert_int_equal(blq_restore_add4(&r, &b, 1, NOW), 0);
	assert_int_equal(r.stats.over_limit, 2);
	finish(&r, &v);
	assert_int_equal(v.n, 3);
	assert_int_equal(r.stats.superseded, 1);
	assert_int_equal(v.v[1].addr, ip("10.0.0.99"));
	lease_vec_free(&v);
	blq_restore_free(&r);
}

/* Same CLTT: the longer remaining lifetime; no CLTT loses to any CLTT. */
static void test_ties(void **state)
{
	struct blq_restore r;
	struct lease_vec v = { 0 };
	struct blq4_binding b;

	(void)state;
	blq_restore_init(&r, 0);
	mk(&b, 1, 0, 1, "br0:eth1:10", 100, 30);
	blq_restore_add4(&r, &b, 1, NOW);
	mk(&b, 2, 0, 1, "br0:eth1:10", 200, 30);
	blq_restore_add4(&r, &b, 2, NOW);
	mk(&b, 3, 0, 1, "br0:eth1:10", 150, 30);
	blq_restore_add4(&r, &b, 3, NOW);

	/* Another key: the one without 91 loses despite 9999 s left. */
	mk(&b, 4, 0, 2, "br0:eth1:10", 9999, 0);
	b.have &= ~BLQ4_HAVE_CLTT;
	blq_restore_add4(&r, &b, 4, NOW);
	mk(&b, 5, 0, 2, "br0:eth1:10", 10, 3000);
	blq_restore_add4(&r, &b, 5, NOW);

	finish(&r, &v);
	assert_int_equal(v.n, 2);
	assert_int_equal(r.stats.superseded, 3);
	assert_int_equal(v.v[0].addr, ip("10.0.0.2"));
	assert_int_equal(v.v[0].server_id, 2);
	assert_int_equal(v.v[1].addr, ip("10.0.0.5"));
	lease_vec_free(&v);

	/* Without 91 at all: cltt defaults to now, lease_time to 51. */
	blq_restore_init(&r, 0);
	mk(&b, 4, 0, 2, "x", 9999, 0);
	b.have &= ~BLQ4_HAVE_CLTT;
	blq_restore_add4(&r, &b, 4, NOW);
	finish(&r, &v);
	assert_int_equal(v.v[0].cltt, NOW);
	assert_int_equal(v.v[0].lease_time, 9999);
	lease_vec_free(&v);
	blq_restore_free(&r);
}

/* MAC + VID is the key: one MAC on two VLANs is two leases. */
static void test_key_includes_vid(void **state)
{
	struct blq_restore r;
	struct lease_vec v = { 0 };
	struct blq4_binding b;
	struct lease k = { .mac = { 0x02, 0, 0, 0, 0, 9 }, .vid = 20 };
	const struct lease *l;

	(void)state;
	blq_restore_init(&r, 0);
	mk(&b, 1, 0, 9, "br0:eth1:10", 100, 1);
	blq_restore_add4(&r, &b, 0, NOW);
	mk(&b, 2, 0, 9, "br0:eth1:20", 100, 1);
	blq_restore_add4(&r, &b, 0, NOW);
	mk(&b, 3, 0, 9, "custom-circuit", 100, 1);
	blq_restore_add4(&r, &b, 0, NOW);
	finish(&r, &v);
	assert_int_equal(v.n, 3);
	assert_int_equal(r.stats.superseded, 0);
	/* Sorted by key: vid 0, 10, 20. */
	assert_int_equal(v.v[0].vid, 0);
	assert_string_equal(v.v[0].port, "");
	assert_int_equal(v.v[1].vid, 10);
	assert_int_equal(v.v[2].vid, 20);
	l = lease_vec_find(&v, &k);
	assert_non_null(l);
	assert_int_equal(l->addr, ip("10.0.0.2"));
	lease_vec_free(&v);
	blq_restore_free(&r);
}

static void test_dropped(void **state)
{
	struct blq_restore r;
	struct lease_vec v = { 0 };
	struct blq4_binding b;
	char longcid[L2RA_CIRCUIT_ID_MAX + 2];

	(void)state;
	blq_restore_init(&r, 0);

	/* Expired: nothing left, or no 51 at all. */
	mk(&b, 1, 0, 1, "br0:eth1", 0, 10);
	blq_restore_add4(&r, &b, 0, NOW);
	mk(&b, 1, 0, 1, "br0:eth1", 10, 10);
	b.have &= ~BLQ4_HAVE_LEASE_TIME;
	blq_restore_add4(&r, &b, 0, NOW);

	/* Not active: dhcp-state other than ACTIVE, or not LEASEACTIVE. */
	mk(&b, 1, 0, 1, "br0:eth1", 10, 10);
	b.have |= BLQ4_HAVE_DHCP_STATE;
	b.dhcp_state = BLQ4_STATE_RELEASED;
	blq_restore_add4(&r, &b, 0, NOW);
	mk(&b, 1, 0, 1, "br0:eth1", 10, 10);
	b.msg_type = BLQ4_MSG_LEASEUNASSIGNED;
	blq_restore_add4(&r, &b, 0, NOW);
	mk(&b, 1, 0, 1, "br0:eth1", 10, 10);
	b.msg_type = BLQ4_MSG_LEASEQUERYDONE;
	blq_restore_add4(&r, &b, 0, NOW);

	/* No circuit-id: no 82, or 82 with only a remote-id. */
	mk(&b, 1, 0, 1, NULL, 10, 10);
	blq_restore_add4(&r, &b, 0, NOW);
	mk(&b, 1, 0, 1, "br0:eth1", 10, 10);
	b.rai[0] = BLQ4_RAI_RELAY_ID;
	blq_restore_add4(&r, &b, 0, NOW);

	/* Circuit-ids the kernel cannot take: empty, over 63. */
	mk(&b, 1, 0, 1, "", 10, 10);
	blq_restore_add4(&r, &b, 0, NOW);
	memset(longcid, 'c', sizeof(longcid) - 1);
	longcid[sizeof(longcid) - 1] = '\0';
	mk(&b, 1, 0, 1, longcid, 10, 10);
	blq_restore_add4(&r, &b, 0, NOW);

	/* Not an Ethernet MAC. */
	mk(&b, 1, 0, 1, "br0:eth1", 10, 10);
	b.hlen = 16;
	blq_restore_add4(&r, &b, 0, NOW);
	mk(&b, 1, 0, 1, "br0:eth1", 10, 10);
	b.htype = 6;
	blq_restore_add4(&r, &b, 0, NOW);
	mk(&b, 1, 0, 0, "br0:eth1", 10, 10);
	b.chaddr[0] = 0;
	blq_restore_add4(&r, &b, 0, NOW);

	/* No address. */
	mk(&b, 0, 0, 1, "br0:eth1", 10, 10);
	b.ciaddr[0] = 0;
	blq_restore_add4(&r, &b, 0, NOW);

	/* ACTIVE state given explicitly is fine; the one survivor. */
	mk(&b, 1, 0, 1, "br0:eth1", 10, 10);
	b.have |= BLQ4_HAVE_DHCP_STATE;
	b.dhcp_state = BLQ4_STATE_ACTIVE;
	blq_restore_add4(&r, &b, 0, NOW);

	finish(&r, &v);
	assert_int_equal(r.stats.offered, 14);
	assert_int_equal(r.stats.expired, 2);
	assert_int_equal(r.stats.not_active, 3);
	assert_int_equal(r.stats.no_circuit_id, 2);
	assert_int_equal(r.stats.bad_circuit_id, 2);
	assert_int_equal(r.stats.bad_mac, 3);
	assert_int_equal(r.stats.no_address, 1);
	assert_int_equal(r.stats.accepted, 1);
	assert_int_equal(v.n, 1);
	lease_vec_free(&v);
	blq_restore_free(&r);
}

/* A 63-octet circuit-id is the longest the kernel keeps. */
static void test_circuit_id_max(void **state)
{
	struct blq_restore r;
	struct lease_vec v = { 0 };
	struct blq4_binding b;
	char cid[L2RA_CIRCUIT_ID_MAX + 1];

	(void)state;
	memset(cid, 'c', sizeof(cid) - 1);
	cid[sizeof(cid) - 1] = '\0';
	blq_restore_init(&r, 0);
	mk(&b, 1, 0, 1, cid, 10, 10);
	blq_restore_add4(&r, &b, 0, NOW);
	finish(&r, &v);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.v[0].circuit_id_len, L2RA_CIRCUIT_ID_MAX);
	lease_vec_free(&v);
	blq_restore_free(&r);
}

struct cid_case {
	const char *cid;
	uint16_t vid;
	const char *bridge, *port;
};

static void test_parse_circuit_id(void **state)
{
	static const struct cid_case cases[] = {
		{ "br0:eth1:100", 100, "br0", "eth1" },
		{ "br0:eth1", 0, "br0", "eth1" },
		{ "br0:eth1:1", 1, "br0", "eth1" },
		{ "br0:eth1:4094", 4094, "br0", "eth1" },
		{ "br0:eth1:4095", 0, "", "" },
		{ "br0:eth1:0", 0, "", "" },
		{ "br0:eth1:010", 0, "", "" },	/* the kernel never pads */
		{ "br0:eth1:+10", 0, "", "" },
		{ "br0:eth1:10a", 0, "", "" },
		{ "br0:eth1:12345", 0, "", "" },
		{ "br0:eth1:", 0, "", "" },
		{ "a:b:c:100", 100, "", "" },	/* VID, but not the form */
		{ ":eth1:5", 5, "", "" },	/* empty bridge name */
		{ "br0::5", 5, "", "" },
		{ "br0:0123456789abcdef:5", 5, "", "" },	/* name > 15 */
		{ "br0:0123456789abcde:5", 5, "br0", "0123456789abcde" },
		{ "br0:e th1", 0, "", "" },
		{ "br0:..", 0, "", "" },
		{ "port03", 0, "", "" },
		{ "", 0, "", "" },
		{ "100", 0, "", "" },
		{ ":100", 0, "", "" },		/* one colon: no VID */
	};
	char bridge[LEASE_IFNAMSIZ], port[LEASE_IFNAMSIZ];
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct cid_case *c = &cases[i];
		uint16_t vid = 999;
		bool got;

		got = blq_restore_parse_circuit_id((const uint8_t *)c->cid,
						   strlen(c->cid), &vid,
						   bridge, port);
		if (vid != c->vid || got != (c->vid != 0) ||
		    strcmp(bridge, c->bridge) || strcmp(port, c->port))
			fail_msg("\"%s\": vid %u bridge \"%s\" port \"%s\"",
				 c->cid, vid, bridge, port);
	}
	/* Binary circuit-ids are fine, just not of the form. */
	{
		const uint8_t bin[] = { 0x00, ':', 0xff, ':', '7' };
		uint16_t vid;

		assert_true(blq_restore_parse_circuit_id(bin, sizeof(bin),
							 &vid, bridge, port));
		assert_int_equal(vid, 7);
		assert_string_equal(bridge, "");
	}
}

/*
 * ---- DHCPv6 ----
 * A LEASEQUERY-DATA built octet by octet, then decoded by blq6_decode(),
 * as the client hands it over.
 */
struct m6 {
	uint8_t b[1024];
	size_t n;
};

static size_t put(struct m6 *m, const void *d, size_t n)
{
	size_t at = m->n;

	assert_true(m->n + n <= sizeof(m->b));
	memcpy(m->b + m->n, d, n);
	m->n += n;
	return at;
}

static size_t opt_begin(struct m6 *m, uint16_t code)
{
	uint8_t h[4] = { code >> 8, (uint8_t)code, 0, 0 };

	return put(m, h, 4);
}

static void opt_end(struct m6 *m, size_t at)
{
	size_t n = m->n - at - 4;

	m->b[at + 2] = (uint8_t)(n >> 8);
	m->b[at + 3] = (uint8_t)n;
}

static void opt(struct m6 *m, uint16_t code, const void *d, size_t n)
{
	size_t at = opt_begin(m, code);

	put(m, d, n);
	opt_end(m, at);
}

static void be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void a6(const char *s, uint8_t *a)
{
	assert_int_equal(inet_pton(AF_INET6, s, a), 1);
}

static void iaaddr(struct m6 *m, const char *addr, uint32_t pref,
		   uint32_t valid)
{
	uint8_t d[24];

	a6(addr, d);
	be32(d + 16, pref);
	be32(d + 20, valid);
	opt(m, BLQ6_OPT_IAADDR, d, sizeof(d));
}

static void iaprefix(struct m6 *m, const char *pfx, uint8_t plen,
		     uint32_t pref, uint32_t valid)
{
	uint8_t d[25];

	be32(d, pref);
	be32(d + 4, valid);
	d[8] = plen;
	a6(pfx, d + 9);
	opt(m, BLQ6_OPT_IAPREFIX, d, sizeof(d));
}

/* What goes around the leases of one CLIENT_DATA. */
struct cd6 {
	const uint8_t *duid;
	size_t duid_len;
	bool clt;
	uint32_t clt_time;
	bool relay;		/* an LQ_RELAY_DATA */
	const char *outer_iid;	/* a relay level above the LDRA's */
	const char *iid;	/* the LDRA's Interface-ID, NULL: none */
	size_t iid_len;		/* its length if not strlen() */
	bool lladdr;		/* option 79 in the LDRA's level ... */
	uint16_t ll_type;	/* ... of this type */
};

/* One Relay-Forward level wrapping @inner (NULL: a client's SOLICIT). */
static void relay_forw(struct m6 *m, const char *iid, size_t iid_len,
		       const struct cd6 *c, const struct m6 *inner)
{
	uint8_t hdr[34] = { BLQ6_MSG_RELAY_FORW, 0 };
	size_t at;

	put(m, hdr, sizeof(hdr));
	if (iid)
		opt(m, BLQ6_OPT_INTERFACE_ID, iid, iid_len);
	if (c && c->lladdr) {
		uint8_t ll[8] = { c->ll_type >> 8, (uint8_t)c->ll_type,
				  0x02, 0, 0, 0, 0x66, 0x01 };

		opt(m, BLQ6_OPT_CLIENT_LINKLAYER_ADDR, ll, sizeof(ll));
	}
	at = opt_begin(m, BLQ6_OPT_RELAY_MSG);
	if (inner) {
		put(m, inner->b, inner->n);
	} else {
		const uint8_t solicit[4] = { 1, 0, 0, 1 };

		put(m, solicit, sizeof(solicit));
	}
	opt_end(m, at);
}

/* Start a LEASEQUERY-DATA and its CLIENT_DATA: returns where it begins. */
static size_t data_begin(struct m6 *m, const struct cd6 *c)
{
	const uint8_t hdr[4] = { BLQ6_MSG_LEASEQUERY_DATA, 0, 0, 7 };
	size_t at;

	m->n = 0;
	put(m, hdr, sizeof(hdr));
	at = opt_begin(m, BLQ6_OPT_CLIENT_DATA);
	if (c->duid)
		opt(m, BLQ6_OPT_CLIENTID, c->duid, c->duid_len);
	return at;
}

static void data_end(struct m6 *m, const struct cd6 *c, size_t at,
		     struct blq6_msg *out)
{
	if (c->clt) {
		uint8_t t[4];

		be32(t, c->clt_time);
		opt(m, BLQ6_OPT_CLT_TIME, t, 4);
	}
	if (c->relay) {
		struct m6 ldra = { .n = 0 }, outer = { .n = 0 };
		uint8_t peer[16] = { 0xfe, 0x80 };
		size_t rd = opt_begin(m, BLQ6_OPT_LQ_RELAY_DATA);

		relay_forw(&ldra, c->iid,
			   c->iid ? (c->iid_len ? c->iid_len : strlen(c->iid))
				  : 0, c, NULL);
		put(m, peer, sizeof(peer));
		if (c->outer_iid) {
			relay_forw(&outer, c->outer_iid, strlen(c->outer_iid),
				   NULL, &ldra);
			put(m, outer.b, outer.n);
		} else {
			put(m, ldra.b, ldra.n);
		}
		opt_end(m, rd);
	}
	opt_end(m, at);
	assert_int_equal(blq6_decode(m->b, m->n, out), BLQ_OK);
}

static const uint8_t duid_llt[14] = { 0, 1, 0, 1, 0x2a, 0, 0, 1,
				      0x02, 0, 0, 0, 0x66, 0x02 };
static const uint8_t duid_ll[10] = { 0, 3, 0, 1, 0x02, 0, 0, 0, 0x66, 0x03 };
static const uint8_t duid_en[10] = { 0, 2, 0, 0, 0x01, 0x37, 1, 2, 3, 4 };

/*
 * An address and a prefix of one client, behind the LDRA's Relay-Forward
 * (Interface-ID "br0:p1:20") inside an upstream relay's: two IPv6
 * bindings on the port of the innermost Interface-ID, the lifetimes left
 * as sent, granted ones of CLT_TIME more, the prefix's host bits cleared,
 * the MAC of option 79.
 */
static void test_v6_fields(void **state)
{
	struct cd6 c = { .duid = duid_en, .duid_len = sizeof(duid_en),
			 .clt = true, .clt_time = 100, .relay = true,
			 .outer_iid = "agg-7", .iid = "br0:p1:20",
			 .lladdr = true, .ll_type = 1 };
	struct blq_restore r;
	struct lease_vec v = { 0 };
	struct blq6_msg m;
	struct m6 b;
	const struct lease *l;
	uint8_t want[16];
	size_t at;

	(void)state;
	blq_restore_init(&r, 0);
	at = data_begin(&b, &c);
	iaaddr(&b, "2001:db8::5", 1800, 3600);
	iaprefix(&b, "2001:db8:1:ff::1", 56, 900, 7200);
	data_end(&b, &c, at, &m);
	assert_int_equal(blq_restore_add6(&r, &m, NOW), 0);
	finish(&r, &v);
	assert_int_equal(v.n, 2);
	l = &v.v[0];				/* 2001:db8::5 sorts first */
	assert_true(l->v6);
	a6("2001:db8::5", want);
	assert_memory_equal(l->addr6, want, 16);
	assert_int_equal(l->prefix_len, 0);
	assert_int_equal(l->lease_time, 3700);
	assert_int_equal(l->preferred, 1900);
	assert_int_equal(l->expires_at, NOW + 3600);
	assert_int_equal(l->cltt, NOW - 100);
	assert_memory_equal(l->mac, "\x02\0\0\0\x66\x01", 6);
	assert_int_equal(l->vid, 20);
	assert_int_equal(l->circuit_id_len, 9);
	assert_memory_equal(l->circuit_id, "br0:p1:20", 9);
	assert_string_equal(l->bridge, "br0");
	assert_string_equal(l->port, "p1");
	assert_int_equal(l->addr, 0);
	assert_int_equal(l->server_id, 0);
	l = &v.v[1];
	a6("2001:db8:1::", want);
	assert_memory_equal(l->addr6, want, 16);
	assert_int_equal(l->prefix_len, 56);
	assert_int_equal(l->expires_at, NOW + 7200);
	assert_int_equal(l->lease_time, 7300);
	assert_int_equal(l->preferred, 1000);
	assert_string_equal(l->port, "p1");
	lease_vec_free(&v);
	blq_restore_free(&r);
}

/* Where the MAC address comes from, in order; none: all zero. */
static void test_v6_mac(void **state)
{
	static const struct {
		const uint8_t *duid;
		size_t len;
		bool lladdr;
		uint16_t ll_type;
		const char *mac;
	} t[] = {
		{ duid_llt, sizeof(duid_llt), true, 1, "\x02\0\0\0\x66\x01" },
		{ duid_llt, sizeof(duid_llt), false, 0, "\x02\0\0\0\x66\x02" },
		{ duid_llt, sizeof(duid_llt), true, 6, "\x02\0\0\0\x66\x02" },
		{ duid_ll, sizeof(duid_ll), false, 0, "\x02\0\0\0\x66\x03" },
		{ duid_en, sizeof(duid_en), false, 0, "\0\0\0\0\0\0" },
		{ NULL, 0, false, 0, "\0\0\0\0\0\0" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct cd6 c = { .duid = t[i].duid, .duid_len = t[i].len,
				 .relay = true, .iid = "br0:p2",
				 .lladdr = t[i].lladdr,
				 .ll_type = t[i].ll_type };
		struct blq_restore r;
		struct lease_vec v = { 0 };
		struct blq6_msg m;
		struct m6 b;
		size_t at;

		blq_restore_init(&r, 0);
		at = data_begin(&b, &c);
		iaaddr(&b, "2001:db8::9", 0, 600);
		data_end(&b, &c, at, &m);
		assert_int_equal(blq_restore_add6(&r, &m, NOW), 0);
		finish(&r, &v);
		assert_int_equal(v.n, 1);
		assert_memory_equal(v.v[0].mac, t[i].mac, 6);
		/* No CLT_TIME: cltt now, granted what is left. */
		assert_int_equal(v.v[0].expires_at, NOW + 600);
		assert_int_equal(v.v[0].lease_time, 600);
		assert_int_equal(v.v[0].preferred, 0);
		assert_int_equal(v.v[0].cltt, NOW);
		assert_int_equal(v.v[0].vid, 0);
		assert_string_equal(v.v[0].port, "p2");
		lease_vec_free(&v);
		blq_restore_free(&r);
	}
}

/* Every way an IPv6 binding is not restored, each in its own counter. */
static void test_v6_dropped(void **state)
{
	char long_iid[L2RA_CIRCUIT_ID_MAX + 2];
	struct cd6 ok = { .relay = true, .iid = "br0:p1", .clt = true,
			  .clt_time = 50 };
	struct blq_restore r;
	struct lease_vec v = { 0 };
	struct blq6_msg m;
	struct cd6 c;
	struct m6 b;
	size_t at;

	(void)state;
	memset(long_iid, 'x', sizeof(long_iid) - 1);
	long_iid[sizeof(long_iid) - 1] = '\0';
	blq_restore_init(&r, 0);

	/* A REPLY without CLIENT_DATA; a CLIENT_DATA without address. */
	memset(&m, 0, sizeof(m));
	m.msg_type = BLQ6_MSG_LEASEQUERY_REPLY;
	assert_int_equal(blq_restore_add6(&r, &m, NOW), 0);
	at = data_begin(&b, &ok);
	data_end(&b, &ok, at, &m);
	assert_int_equal(blq_restore_add6(&r, &m, NOW), 0);
	assert_int_equal(r.stats.v6_no_address, 2);

	/* No LQ_RELAY_DATA: both of its bindings. */
	c = ok;
	c.relay = false;
	at = data_begin(&b, &c);
	iaaddr(&b, "2001:db8::1", 0, 600);
	iaprefix(&b, "2001:db8:2::", 48, 0, 600);
	data_end(&b, &c, at, &m);
	assert_int_equal(blq_restore_add6(&r, &m, NOW), 0);
	assert_int_equal(r.stats.v6_no_relay_data, 2);

	/* Relay data without any Interface-ID. */
	c = ok;
	c.iid = NULL;
	at = data_begin(&b, &c);
	iaaddr(&b, "2001:db8::1", 0, 600);
	data_end(&b, &c, at, &m);
	assert_int_equal(blq_restore_add6(&r, &m, NOW), 0);
	assert_int_equal(r.stats.v6_no_interface_id, 1);

	/* An empty one, and one longer than a circuit-id may be. */
	c = ok;
	c.iid = "";
	at = data_begin(&b, &c);
	iaaddr(&b, "2001:db8::1", 0, 600);
	data_end(&b, &c, at, &m);
	assert_int_equal(blq_restore_add6(&r, &m, NOW), 0);
	c.iid = long_iid;
	at = data_begin(&b, &c);
	iaaddr(&b, "2001:db8::1", 0, 600);
	data_end(&b, &c, at, &m);
	assert_int_equal(blq_restore_add6(&r, &m, NOW), 0);
	assert_int_equal(r.stats.v6_bad_interface_id, 2);

	/* Valid lifetime 0 (twice); a prefix of length 0. */
	at = data_begin(&b, &ok);
	iaaddr(&b, "2001:db8::1", 0, 0);
	iaprefix(&b, "2001:db8:3::", 48, 0, 0);
	iaprefix(&b, "::", 0, 0, 600);
	iaaddr(&b, "2001:db8::4", 0, 1);		/* 1 s left: kept */
	data_end(&b, &ok, at, &m);
	assert_int_equal(blq_restore_add6(&r, &m, NOW), 0);
	assert_int_equal(r.stats.v6_expired, 2);
	assert_int_equal(r.stats.v6_no_address, 3);

	/* More than the decoder keeps of one CLIENT_DATA. */
	at = data_begin(&b, &ok);
	for (unsigned int i = 0; i < BLQ6_LEASES_MAX + 2; i++) {
		char a[64];

		snprintf(a, sizeof(a), "2001:db8:9::%u", i + 1);
		iaaddr(&b, a, 0, 600);
	}
	data_end(&b, &ok, at, &m);
	assert_int_equal(blq_restore_add6(&r, &m, NOW), 0);
	assert_int_equal(r.stats.v6_too_many, 2);

	finish(&r, &v);
	assert_int_equal(v.n, 1 + BLQ6_LEASES_MAX);
	assert_int_equal(v.v[0].expires_at, NOW + 1);
	lease_vec_free(&v);
	blq_restore_free(&r);
}

/*
 * Of one address seen twice (two servers), the newest transaction wins;
 * an address and a /128 prefix of the same bits are two bindings, and
 * IPv4 leases sort first; the limit counts IPv6 bindings too.
 */
static void test_v6_reconcile(void **state)
{
	struct cd6 c = { .relay = true, .iid = "br0:p1", .clt = true };
	struct blq_restore r;
	struct lease_vec v = { 0 };
	struct blq4_binding b4;
	struct blq_binding bb = { .proto = BLQ_PROTO_V6 };
	struct blq6_msg m;
	struct m6 b;
	size_t at;

	(void)state;
	blq_restore_init(&r, 3);
	bb.v6 = &m;
	c.clt_time = 500;
	at = data_begin(&b, &c);
	iaaddr(&b, "2001:db8::7", 0, 9000);
	data_end(&b, &c, at, &m);
	assert_int_equal(blq_restore_add(&r, &bb, 0, NOW), 0);
	c.clt_time = 10;
	c.iid = "br0:p3";
	at = data_begin(&b, &c);
	iaaddr(&b, "2001:db8::7", 0, 600);
	iaprefix(&b, "2001:db8::7", 128, 0, 600);
	data_end(&b, &c, at, &m);
	assert_int_equal(blq_restore_add(&r, &bb, 0, NOW), 0);
	mk(&b4, 1, 0, 1, "br0:eth1", 10, 10);
	assert_int_equal(blq_restore_add4(&r, &b4, 0, NOW), 0);
	/* A fourth key: over the limit. */
	at = data_begin(&b, &c);
	iaaddr(&b, "2001:db8::8", 0, 600);
	data_end(&b, &c, at, &m);
	assert_int_equal(blq_restore_add(&r, &bb, 0, NOW), 0);
	finish(&r, &v);
	assert_int_equal(r.stats.over_limit, 1);
	assert_int_equal(r.stats.superseded, 1);
	assert_int_equal(v.n, 3);
	assert_false(v.v[0].v6);
	assert_int_equal(v.v[1].prefix_len, 0);
	assert_string_equal(v.v[1].port, "p3");		/* newest */
	assert_int_equal(v.v[1].expires_at, NOW + 600);
	assert_int_equal(v.v[1].cltt, NOW - 10);
	assert_int_equal(v.v[2].prefix_len, 128);
	lease_vec_free(&v);
	blq_restore_free(&r);
}

/* Granted length saturates; an infinite lease does not overflow. */
static void test_saturation(void **state)
{
	struct blq_restore r;
	struct lease_vec v = { 0 };
	struct blq4_binding b;

	(void)state;
	blq_restore_init(&r, 0);
	mk(&b, 1, 0, 1, "br0:eth1", UINT32_MAX, UINT32_MAX);
	blq_restore_add4(&r, &b, 0, NOW);
	finish(&r, &v);
	assert_int_equal(v.v[0].lease_time, UINT32_MAX);
	assert_true(v.v[0].expires_at == (int64_t)NOW + UINT32_MAX);
	assert_true(v.v[0].cltt == (int64_t)NOW - UINT32_MAX);
	lease_vec_free(&v);
	blq_restore_free(&r);
}

/*
 * 100,000 bindings from two servers over 60,000 keys; the winner of each
 * key is the binding with the smaller CLTT age.
 */
static void test_100k(void **state)
{
	struct blq_restore r;
	struct lease_vec v = { 0 };
	struct blq4_binding b;
	char cid[32];
	size_t i;

	(void)state;
	blq_restore_init(&r, 0);
	for (i = 0; i < 100000; i++) {
		unsigned int key = (unsigned int)(i % 60000);
		unsigned int srv = i < 60000 ? 1 : 2;

		snprintf(cid, sizeof(cid), "br0:eth%u:%u", key % 48,
			 1 + key % 4094);
		/* Server 2 is newer for every key it has. */
		mk(&b, (uint8_t)srv, (uint8_t)(key >> 8), (uint8_t)key, cid,
		   3600, srv == 2 ? 10 : 20);
		b.chaddr[3] = (uint8_t)(key >> 16);
		assert_int_equal(blq_restore_add4(&r, &b, srv, NOW), 0);
	}
	finish(&r, &v);
	assert_int_equal(v.n, 60000);
	assert_int_equal(r.stats.superseded, 40000);
	for (i = 0; i < v.n; i++) {
		unsigned int key = (unsigned int)v.v[i].mac[3] << 16 |
				   (unsigned int)v.v[i].mac[4] << 8 |
				   v.v[i].mac[5];

		assert_int_equal(v.v[i].server_id, key < 40000 ? 2 : 1);
		if (i)
			assert_true(lease_key_cmp(&v.v[i - 1], &v.v[i]) < 0);
	}
	lease_vec_free(&v);
	blq_restore_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_newest_cltt_wins),
		cmocka_unit_test(test_arrival_order),
		cmocka_unit_test(test_circuit_id_runs),
		cmocka_unit_test(test_circuit_id_pos),
		cmocka_unit_test(test_ties),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_key_includes_vid),
		cmocka_unit_test(test_dropped),
		cmocka_unit_test(test_circuit_id_max),
		cmocka_unit_test(test_parse_circuit_id),
		cmocka_unit_test(test_v6_fields),
		cmocka_unit_test(test_v6_mac),
		cmocka_unit_test(test_v6_dropped),
		cmocka_unit_test(test_v6_reconcile),
		cmocka_unit_test(test_saturation),
		cmocka_unit_test(test_100k),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
