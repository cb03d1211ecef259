// SPDX-License-Identifier: GPL-2.0
/*
 * test_l2ra_nl.c - the in-place attribute writer of a batch's requests
 * (lib/nl/l2ra_nl.h, l2ra_nl_put*()): layout, zeroed padding, and a
 * request that does not fit marked full with nothing written past its room.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "l2ra_nl.h"

static unsigned char buf[256];

static struct l2ra_nl_req req(size_t room)
{
	struct l2ra_nl_req w = { .p = buf, .len = 0, .room = room };

	memset(buf, 0xaa, sizeof(buf));
	return w;
}

static void test_layout_and_padding(void **state)
{
	struct l2ra_nl_req w = req(sizeof(buf));
	const uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
	struct nlattr *a;

	(void)state;
	l2ra_nl_put(&w, 7, sizeof(mac), mac);
	assert_int_equal(w.len, 12);
	a = (struct nlattr *)buf;
	assert_int_equal(a->nla_len, 10);
	assert_int_equal(a->nla_type, 7);
	assert_memory_equal(buf + 4, mac, 6);
	assert_int_equal(buf[10], 0);		/* padding zeroed */
	assert_int_equal(buf[11], 0);
	l2ra_nl_put_u32(&w, 3, 0x01020304);
	assert_int_equal(w.len, 20);
	a = (struct nlattr *)(buf + 12);
	assert_int_equal(a->nla_len, 8);
	assert_int_equal(*(uint32_t *)(buf + 16), 0x01020304);
	l2ra_nl_put_string(&w, 4, "va");
	assert_int_equal(w.len, 28);
	assert_int_equal(((struct nlattr *)(buf + 20))->nla_len, 7);
	assert_string_equal((char *)buf + 24, "va");
	assert_int_equal(buf[27], 0);
	l2ra_nl_put_u64(&w, 5, 1);
	l2ra_nl_put_u16(&w, 6, 9);
	assert_int_equal(w.len, 28 + 12 + 8);
	assert_int_equal(((struct nlattr *)(buf + 40))->nla_len, 6);
	assert_int_equal(buf[46], 0);
	assert_int_equal(buf[47], 0);
	assert_false(w.full);
	assert_int_equal(buf[48], 0xaa);	/* nothing past the end */
}

static void test_full(void **state)
{
	struct l2ra_nl_req w = req(14);

	(void)state;
	l2ra_nl_put_u32(&w, 1, 1);
	assert_int_equal(w.len, 8);
	l2ra_nl_put_u32(&w, 2, 2);		/* needs 8, 6 left */
	assert_true(w.full);
	assert_int_equal(w.len, 8);
	for (size_t i = 8; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0xaa);
	l2ra_nl_put(&w, 3, 0, NULL);		/* 4 would fit: still full */
	assert_int_equal(w.len, 8);
	assert_int_equal(buf[8], 0xaa);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_and_padding),
		cmocka_unit_test(test_full),
	};

	return cmocka_run_group_tests_name("test_l2ra_nl", tests, NULL, NULL);
}
