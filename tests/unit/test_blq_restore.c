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
			 st->bad_circuit_id + st->v6 + st->over_limit);
	assert_int_equal(st->accepted, st->superseded + st->leases);
	assert_int_equal(st->leases, v->n);
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

/* v6 bindings are counted, not turned into leases. */
static void test_v6_counted(void **state)
{
	struct blq_restore r;
	struct lease_vec v = { 0 };
	struct blq6_msg m;
	struct blq4_binding b4;
	struct blq_binding b = { .proto = BLQ_PROTO_V6, .v6 = &m };

	(void)state;
	memset(&m, 0, sizeof(m));
	m.msg_type = BLQ6_MSG_LEASEQUERY_REPLY;
	m.has_client_data = true;
	blq_restore_init(&r, 0);
	assert_int_equal(blq_restore_add(&r, &b, 0, NOW), 0);
	assert_int_equal(blq_restore_add(&r, &b, 0, NOW), 0);
	mk(&b4, 1, 0, 1, "br0:eth1", 10, 10);
	b.proto = BLQ_PROTO_V4;
	b.v4 = &b4;
	assert_int_equal(blq_restore_add(&r, &b, 0, NOW), 0);
	finish(&r, &v);
	assert_int_equal(r.stats.v6, 2);
	assert_int_equal(r.stats.offered, 3);
	assert_int_equal(v.n, 1);
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
		cmocka_unit_test(test_ties),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_key_includes_vid),
		cmocka_unit_test(test_dropped),
		cmocka_unit_test(test_circuit_id_max),
		cmocka_unit_test(test_parse_circuit_id),
		cmocka_unit_test(test_v6_counted),
		cmocka_unit_test(test_saturation),
		cmocka_unit_test(test_100k),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
