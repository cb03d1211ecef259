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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_learned_lease),
		cmocka_unit_test(test_static_binding),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
