// SPDX-License-Identifier: GPL-2.0
/*
 * test_agent_kernel.c - l2rad's reading of a lease message (agent/kernel.c,
 * kernel_parse_lease()): L2RA_A_LEASE_FLAGS kept, and a static binding's
 * EXPIRES of 0xffffffff read as "never" (LEASE_NEVER), not as a date.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <arpa/inet.h>
#include <cmocka.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "../../agent/kernel.h"

#define NOW 1700000000

/* A lease message's attributes, as the kernel dumps one, parsed. */
static void parse(uint32_t expires, const uint32_t *flags, struct lease *l)
{
	const uint8_t mac[6] = { 2, 0, 0, 0, 0, 7 };
	struct nlattr *tb[L2RA_A_MAX + 1];
	struct nl_msg *msg = nlmsg_alloc();
	uint8_t ev;

	assert_non_null(msg);
	assert_int_equal(nla_put(msg, L2RA_A_MAC, 6, mac), 0);
	assert_int_equal(nla_put_u16(msg, L2RA_A_VID, 10), 0);
	assert_int_equal(nla_put_u32(msg, L2RA_A_ADDR, htonl(0xc0000264)), 0);
	assert_int_equal(nla_put_u32(msg, L2RA_A_EXPIRES, expires), 0);
	assert_int_equal(nla_put_u32(msg, L2RA_A_LEASE_TIME, expires), 0);
	assert_int_equal(nla_put_string(msg, L2RA_A_IFNAME, "vcl1"), 0);
	assert_int_equal(nla_put_u8(msg, L2RA_A_LEASE_EVENT,
				    L2RA_LEASE_EV_ADD), 0);
	if (flags)
		assert_int_equal(nla_put_u32(msg, L2RA_A_LEASE_FLAGS, *flags),
				 0);
	assert_int_equal(nla_parse(tb, L2RA_A_MAX,
				   nlmsg_attrdata(nlmsg_hdr(msg), 0),
				   nlmsg_attrlen(nlmsg_hdr(msg), 0), NULL), 0);
	assert_int_equal(kernel_parse_lease(tb, NOW, l, &ev), 0);
	assert_int_equal(ev, L2RA_LEASE_EV_ADD);
	assert_int_equal(l->vid, 10);
	assert_string_equal(l->port, "vcl1");
	nlmsg_free(msg);
}

static void test_learned_lease(void **state)
{
	struct lease l;

	(void)state;
	parse(3600, NULL, &l);		/* no flags: a module before them */
	assert_int_equal(l.flags, 0);
	assert_false(lease_is_static(&l));
	assert_int_equal(l.expires_at, NOW + 3600);
	assert_false(lease_expired(&l, NOW + 3599));
	assert_true(lease_expired(&l, NOW + 3600));
}

static void test_static_binding(void **state)
{
	const uint32_t f = L2RA_LEASE_F_STATIC;
	bool clamped;
	struct lease l;

	(void)state;
	parse(0xffffffff, &f, &l);
	assert_int_equal(l.flags, L2RA_LEASE_F_STATIC);
	assert_true(lease_is_static(&l));
	assert_true(l.expires_at == LEASE_NEVER);
	assert_int_equal(l.lease_time, 0xffffffff);
	assert_false(lease_expired(&l, INT64_MAX - 1));
	assert_int_equal(lease_left(&l, NOW + 1000000000LL, &clamped),
			 UINT32_MAX);
}

/*
 * An IPv6 binding's message: keyed by ADDR6 (and PREFIX_LEN), no MAC
 * needed; one of the wrong length, or a prefix length over 128, is not
 * a lease.  Without ADDR6 a MAC is still required.
 */
static void test_v6_binding(void **state)
{
	const uint8_t a[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 0 };
	const uint8_t mac[6] = { 2, 0, 0, 0, 0, 9 };
	struct nlattr *tb[L2RA_A_MAX + 1];
	struct lease l;

	(void)state;
	for (int k = 0; k < 5; k++) {
		struct nl_msg *msg = nlmsg_alloc();
		int want = k < 2 ? 0 : -1;

		assert_non_null(msg);
		assert_int_equal(nla_put(msg, L2RA_A_ADDR6, k == 2 ? 15 : 16,
					 a), 0);
		assert_int_equal(nla_put_u8(msg, L2RA_A_PREFIX_LEN,
					    k == 3 ? 129 : 56), 0);
		assert_int_equal(nla_put_u32(msg, L2RA_A_PREFERRED, 1800), 0);
		assert_int_equal(nla_put_u32(msg, L2RA_A_EXPIRES, 3000), 0);
		assert_int_equal(nla_put_u32(msg, L2RA_A_LEASE_TIME, 3600), 0);
		if (k == 1)
			assert_int_equal(nla_put(msg, L2RA_A_MAC, 6, mac), 0);
		assert_int_equal(nla_parse(tb, L2RA_A_MAX,
					   nlmsg_attrdata(nlmsg_hdr(msg), 0),
					   nlmsg_attrlen(nlmsg_hdr(msg), 0),
					   NULL), 0);
		if (k == 4)
			tb[L2RA_A_ADDR6] = NULL;	/* and no MAC */
		assert_int_equal(kernel_parse_lease(tb, NOW, &l, NULL), want);
		if (!want) {
			assert_true(l.v6);
			assert_memory_equal(l.addr6, a, 16);
			assert_int_equal(l.prefix_len, 56);
			assert_int_equal(l.preferred, 1800);
			assert_int_equal(l.lease_time, 3600);
			assert_int_equal(l.expires_at, NOW + 3000);
			assert_int_equal(l.addr, 0);
			assert_memory_equal(l.mac, k ? mac : (const uint8_t *)
					    "\0\0\0\0\0\0", 6);
		}
		nlmsg_free(msg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_learned_lease),
		cmocka_unit_test(test_static_binding),
		cmocka_unit_test(test_v6_binding),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
