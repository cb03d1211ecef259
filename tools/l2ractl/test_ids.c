// SPDX-License-Identifier: GPL-2.0
/*
 * test_ids.c - unit tests for the parts of l2ractl that need no kernel:
 * id parsing and formatting, DUID-UUID generation, keyword abbreviations,
 * the JSON writer, extended ACK parsing and the counter names.
 * Built with -fsanitize=address,undefined by "make check".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extack.h"
#include "ids.h"
#include "json.h"
#include "kw.h"
#include "stats.h"

/* ---- ids_parse_hex ---- */

static void hex_ok(const char *s, const uint8_t *want, size_t wlen)
{
	uint8_t out[IDS_MAX];
	size_t len = 999;

	assert_int_equal(ids_parse_hex(s, out, sizeof(out), &len), 0);
	assert_int_equal(len, wlen);
	assert_memory_equal(out, want, wlen);
}

static void test_hex_valid(void **state)
{
	static const uint8_t a[] = { 0x01, 0x02, 0x0a };
	static const uint8_t b[] = { 0xab, 0xcd, 0xef };
	static const uint8_t c[] = { 0x00 };

	(void)state;
	hex_ok("01:02:0a", a, 3);
	hex_ok("01020a", a, 3);
	hex_ok("1:2:a", a, 3);		/* one-digit groups */
	hex_ok("01:2:0A", a, 3);	/* mixed, upper case */
	hex_ok("ABcdEf", b, 3);
	hex_ok("ab:cd:ef", b, 3);
	hex_ok("00", c, 1);
}

static void test_hex_invalid(void **state)
{
	static const char *const bad[] = {
		"", "0", "1", "012", "0g", "zz", "01:", ":01", "01::02", "012:03",
		"01:02:", "01-02", "01 02", "0x01", "01:0g", "+1", "01:02:0a ",
		" 01",
	};
	uint8_t out[IDS_MAX];
	size_t len;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int err = ids_parse_hex(bad[i], out, sizeof(out), &len);

		if (err != -EINVAL)
			fail_msg("\"%s\" gave %d, want -EINVAL", bad[i], err);
	}
	assert_int_equal(ids_parse_hex(NULL, out, sizeof(out), &len), -EINVAL);
}

static void test_hex_max(void **state)
{
	char s[3 * 70];
	uint8_t out[64];
	size_t len;

	(void)state;
	/* exactly 63 octets fit a circuit-id, 64 do not */
	memset(s, 'a', 126);
	s[126] = '\0';
	assert_int_equal(ids_parse_hex(s, out, 63, &len), 0);
	assert_int_equal(len, 63);
	memset(s, 'a', 128);
	s[128] = '\0';
	assert_int_equal(ids_parse_hex(s, out, 63, &len), -E2BIG);
	assert_int_equal(ids_parse_hex(s, out, 64, &len), 0);
	assert_int_equal(len, 64);
	assert_int_equal(ids_parse_hex("01:02:03", out, 2, &len), -E2BIG);
	assert_int_equal(ids_parse_hex("010203", out, 2, &len), -E2BIG);
	assert_int_equal(ids_parse_hex("01:02", out, 2, &len), 0);
	/* a malformed string too long is still reported as too long only
	 * once it is well-formed up to the limit */
	assert_int_equal(ids_parse_hex("0102zz", out, 1, &len), -E2BIG);
}

/* ---- text ids ---- */

static void test_text(void **state)
{
	uint8_t out[63];
	char s[65];
	size_t len;

	(void)state;
	assert_int_equal(ids_parse_text("br0:eth1", out, sizeof(out), &len), 0);
	assert_int_equal(len, 8);
	assert_memory_equal(out, "br0:eth1", 8);
	assert_int_equal(ids_parse_text("", out, sizeof(out), &len), -EINVAL);
	memset(s, 'x', 64);
	s[64] = '\0';
	assert_int_equal(ids_parse_text(s, out, 63, &len), -E2BIG);
	s[63] = '\0';
	assert_int_equal(ids_parse_text(s, out, 63, &len), 0);
	assert_int_equal(len, 63);
}

static void test_printable(void **state)
{
	(void)state;
	assert_true(ids_is_printable((const uint8_t *)"br0:eth1:100", 12));
	assert_true(ids_is_printable((const uint8_t *)"a b~", 4));
	assert_false(ids_is_printable((const uint8_t *)"", 0));
	assert_false(ids_is_printable((const uint8_t *)"a\"b", 3));
	assert_false(ids_is_printable((const uint8_t *)"a\\b", 3));
	assert_false(ids_is_printable((const uint8_t *)"a\nb", 3));
	assert_false(ids_is_printable((const uint8_t *)"a\x7f", 2));
	assert_false(ids_is_printable((const uint8_t *)"\xc3\xa9", 2));
	assert_false(ids_is_printable((const uint8_t *)"ab\0", 3));
}

static void test_format_hex(void **state)
{
	static const uint8_t id[] = { 0x00, 0x03, 0x00, 0x01, 0x52, 0xfe };
	char buf[32];

	(void)state;
	assert_string_equal(ids_format_hex(id, sizeof(id), buf, sizeof(buf)),
			    "00:03:00:01:52:fe");
	assert_string_equal(ids_format_hex(id, 0, buf, sizeof(buf)), "");
	assert_string_equal(ids_format_hex(id, 1, buf, sizeof(buf)), "00");
	/* truncated on an octet boundary, never overflowed */
	assert_string_equal(ids_format_hex(id, sizeof(id), buf, 9), "00:03:00");
	assert_string_equal(ids_format_hex(id, sizeof(id), buf, 8), "00:03");
	assert_string_equal(ids_format_hex(id, sizeof(id), buf, 3), "00");
	assert_string_equal(ids_format_hex(id, sizeof(id), buf, 2), "");
	/* round trip */
	{
		uint8_t back[8];
		size_t len;

		ids_format_hex(id, sizeof(id), buf, sizeof(buf));
		assert_int_equal(ids_parse_hex(buf, back, sizeof(back), &len), 0);
		assert_int_equal(len, sizeof(id));
		assert_memory_equal(back, id, sizeof(id));
	}
}

/* ---- DUID-UUID ---- */

static int fake_random(void *buf, size_t len)
{
	memset(buf, 0xff, len);
	return 0;
}

static int failing_random(void *buf, size_t len)
{
	(void)buf;
	(void)len;
	return -ENOSYS;
}

static void test_duid_uuid(void **state)
{
	uint8_t a[IDS_DUID_UUID_LEN], b[IDS_DUID_UUID_LEN];

	(void)state;
	assert_int_equal(ids_duid_uuid(a, fake_random), 0);
	assert_int_equal(a[0], 0x00);
	assert_int_equal(a[1], 0x04);		/* DUID-UUID */
	assert_int_equal(a[2 + 6], 0x4f);	/* version 4 */
	assert_int_equal(a[2 + 8], 0xbf);	/* variant 10xx */
	assert_int_equal(a[2], 0xff);
	assert_int_equal(a[17], 0xff);
	assert_int_equal(ids_duid_uuid(a, failing_random), -ENOSYS);

	assert_int_equal(ids_duid_uuid(a, NULL), 0);	/* getrandom() */
	assert_int_equal(ids_duid_uuid(b, NULL), 0);
	assert_int_equal(a[1], 4);
	assert_int_equal(a[2 + 6] >> 4, 4);
	assert_int_equal(a[2 + 8] >> 6, 2);
	assert_memory_not_equal(a + 2, b + 2, 16);
}

/* ---- keywords ---- */

static void test_kw(void **state)
{
	static const struct kw t[] = {
		{ "set", 0 }, { "show", 1 }, { "list", 1 }, { "ls", 1 },
		{ "del", 2 }, { "delete", 2 }, { "relay", 3 },
		{ "relay-id", 4 }, { "remote-id", 5 }, { NULL, 0 },
	};
	char buf[128];

	(void)state;
	assert_int_equal(kw_match(t, "set"), 0);
	assert_int_equal(kw_match(t, "se"), 0);
	assert_int_equal(kw_match(t, "sh"), 1);
	assert_int_equal(kw_match(t, "s"), KW_AMBIGUOUS);
	assert_int_equal(kw_match(t, "l"), 1);	/* aliases only */
	assert_int_equal(kw_match(t, "d"), 2);
	assert_int_equal(kw_match(t, "dele"), 2);
	assert_int_equal(kw_match(t, "relay"), 3);	/* exact wins */
	assert_int_equal(kw_match(t, "relay-"), 4);
	assert_int_equal(kw_match(t, "rel"), KW_AMBIGUOUS);
	assert_int_equal(kw_match(t, "rem"), 5);
	assert_int_equal(kw_match(t, "r"), KW_AMBIGUOUS);
	assert_int_equal(kw_match(t, "sets"), KW_UNKNOWN);
	assert_int_equal(kw_match(t, "x"), KW_UNKNOWN);
	assert_int_equal(kw_match(t, ""), KW_UNKNOWN);
	assert_int_equal(kw_match(t, "SET"), KW_UNKNOWN);

	kw_list(t + 4, buf, sizeof(buf));
	assert_string_equal(buf, "del, delete, relay, relay-id or remote-id");
	kw_list(t + 8, buf, sizeof(buf));
	assert_string_equal(buf, "remote-id");
	kw_list(t, buf, 8);		/* truncation keeps it terminated */
	assert_true(strlen(buf) < 8);
}

/* ---- JSON ---- */

static char *json_capture(bool pretty, void (*fn)(struct json *))
{
	char *out = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&out, &size);
	struct json j;

	assert_non_null(f);
	json_init(&j, f, pretty);
	fn(&j);
	fclose(f);
	return out;
}

static void emit_sample(struct json *j)
{
	json_arr_open(j);
	json_obj_open(j);
	json_kv_str(j, "ifname", "eth1");
	json_kv_u64(j, "ifindex", 3);
	json_kv_bool(j, "unicast", true);
	json_kv_null(j, "remote_id");
	json_key(j, "stats");
	json_obj_open(j);
	json_kv_u64(j, "req_added", UINT64_MAX);
	json_obj_close(j);
	json_key(j, "empty");
	json_arr_open(j);
	json_arr_close(j);
	json_obj_close(j);
	json_s64(j, -5);
	json_arr_close(j);
}

static void test_json_compact(void **state)
{
	char *s = json_capture(false, emit_sample);

	(void)state;
	assert_string_equal(s,
		"[{\"ifname\":\"eth1\",\"ifindex\":3,\"unicast\":true,"
		"\"remote_id\":null,\"stats\":{\"req_added\":"
		"18446744073709551615},\"empty\":[]},-5]\n");
	free(s);
}

static void test_json_pretty(void **state)
{
	char *s = json_capture(true, emit_sample);

	(void)state;
	assert_string_equal(s,
		"[\n"
		"    {\n"
		"        \"ifname\": \"eth1\",\n"
		"        \"ifindex\": 3,\n"
		"        \"unicast\": true,\n"
		"        \"remote_id\": null,\n"
		"        \"stats\": {\n"
		"            \"req_added\": 18446744073709551615\n"
		"        },\n"
		"        \"empty\": []\n"
		"    },\n"
		"    -5\n"
		"]\n");
	free(s);
}

static void emit_empty(struct json *j)
{
	json_arr_open(j);
	json_arr_close(j);
	json_obj_open(j);
	json_obj_close(j);
}

static void emit_escapes(struct json *j)
{
	static const char raw[] = "q\"b\\n\n\t\x01\x7f" "\xc3\xa9" "\xff"
				  "\xe2\x82" "x" "\xed\xa0\x80" "\xf0\x9f\x98\x80";

	json_strn(j, raw, sizeof(raw) - 1);
	json_str(j, "");
}

static void test_json_edge(void **state)
{
	char *s;

	(void)state;
	s = json_capture(true, emit_empty);
	assert_string_equal(s, "[]\n{}\n");
	free(s);
	s = json_capture(false, emit_escapes);
	assert_string_equal(s,
		"\"q\\\"b\\\\n\\n\\t\\u0001\\u007f\xc3\xa9\\ufffd"
		"\\ufffd\\ufffdx\\ufffd\\ufffd\\ufffd\xf0\x9f\x98\x80\"\n"
		"\"\"\n");
	free(s);
}

/* ---- extended ACK ---- */

struct errbuf {
	uint8_t b[512];
	size_t len;
};

static void put(struct errbuf *e, const void *p, size_t n)
{
	memcpy(e->b + e->len, p, n);
	e->len += n;
}

static void put_attr(struct errbuf *e, uint16_t type, const void *p,
		     size_t n)
{
	struct nlattr nla = { .nla_len = (uint16_t)(NLA_HDRLEN + n),
			      .nla_type = type };

	put(e, &nla, sizeof(nla));
	put(e, p, n);
	e->len = NLA_ALIGN(e->len);
}

/* An NLMSG_ERROR for a request of @req_len octets, echoed unless capped. */
static struct nlmsghdr *build_err(struct errbuf *e, int error,
				  uint16_t flags, size_t req_len,
				  const char *msg)
{
	struct nlmsghdr hdr = { .nlmsg_type = NLMSG_ERROR,
				.nlmsg_flags = flags };
	struct nlmsgerr err = { .error = error };
	uint32_t off = 42;

	memset(e, 0, sizeof(*e));
	put(e, &hdr, sizeof(hdr));
	err.msg.nlmsg_len = (uint32_t)req_len;
	err.msg.nlmsg_type = 0x1234;
	put(e, &err, sizeof(err));
	if (!(flags & NLM_F_CAPPED)) {
		memset(e->b + e->len, 0xee, req_len - NLMSG_HDRLEN);
		e->len += req_len - NLMSG_HDRLEN;
	}
	e->len = NLMSG_ALIGN(e->len);
	put_attr(e, NLMSGERR_ATTR_OFFS, &off, sizeof(off));
	if (msg)
		put_attr(e, NLMSGERR_ATTR_MSG, msg, strlen(msg) + 1);
	((struct nlmsghdr *)e->b)->nlmsg_len = (uint32_t)e->len;
	return (struct nlmsghdr *)e->b;
}

static void test_extack(void **state)
{
	struct errbuf e;
	struct nlmsghdr *h;

	(void)state;
	/* full echo of a 36-octet request */
	h = build_err(&e, -EINVAL, NLM_F_ACK_TLVS, 36, "circuit-id too long");
	assert_string_equal(extack_msg(h), "circuit-id too long");
	assert_int_equal(extack_error(h), -EINVAL);

	/* capped echo */
	h = build_err(&e, -EEXIST, NLM_F_ACK_TLVS | NLM_F_CAPPED, 64,
		      "circuit-id in use");
	assert_string_equal(extack_msg(h), "circuit-id in use");
	assert_int_equal(extack_error(h), -EEXIST);

	/* unaligned request length */
	h = build_err(&e, -EINVAL, NLM_F_ACK_TLVS, 37, "x");
	assert_string_equal(extack_msg(h), "x");

	/* no TLVs flag: ignored even if present */
	h = build_err(&e, -EINVAL, 0, 36, "hidden");
	assert_null(extack_msg(h));

	/* only an offset, no message */
	h = build_err(&e, -EINVAL, NLM_F_ACK_TLVS, 36, NULL);
	assert_null(extack_msg(h));

	/* echoed length larger than the message: rejected, no overread */
	h = build_err(&e, -EINVAL, NLM_F_ACK_TLVS, 36, "m");
	((struct nlmsgerr *)NLMSG_DATA(h))->msg.nlmsg_len = 4000;
	assert_null(extack_msg(h));

	/* message attribute cut short: its string has no NUL */
	h = build_err(&e, -EINVAL, NLM_F_ACK_TLVS | NLM_F_CAPPED, 20,
		      "abcdef");
	h->nlmsg_len -= 4;	/* the attribute now overruns the message */
	assert_null(extack_msg(h));

	/* truncated header */
	h = build_err(&e, -EINVAL, NLM_F_ACK_TLVS, 36, "m");
	h->nlmsg_len = NLMSG_HDRLEN + 2;
	assert_null(extack_msg(h));
	assert_int_equal(extack_error(h), 0);
	assert_null(extack_msg(NULL));
}

static void test_extack_done(void **state)
{
	struct errbuf e = { .len = 0 };
	struct nlmsghdr hdr = { .nlmsg_type = NLMSG_DONE,
				.nlmsg_flags = NLM_F_MULTI | NLM_F_ACK_TLVS };
	int err = -ENOBUFS;
	struct nlmsghdr *h;

	(void)state;
	put(&e, &hdr, sizeof(hdr));
	put(&e, &err, sizeof(err));
	put_attr(&e, NLMSGERR_ATTR_MSG, "dump failed", 12);
	h = (struct nlmsghdr *)e.b;
	h->nlmsg_len = (uint32_t)e.len;
	assert_string_equal(extack_msg(h), "dump failed");
	assert_int_equal(extack_error(h), -ENOBUFS);

	/* a plain successful DONE */
	h->nlmsg_flags = NLM_F_MULTI;
	err = 0;
	memcpy(NLMSG_DATA(h), &err, sizeof(err));
	assert_null(extack_msg(h));
	assert_int_equal(extack_error(h), 0);
}

/* ---- counter names ---- */

static void test_stat_names(void **state)
{
	char buf[24];

	(void)state;
	assert_null(l2ra_stat_names[L2RA_STAT_UNSPEC]);
	assert_null(l2ra_stat_names[L2RA_STAT_PAD]);
	for (unsigned int i = L2RA_STAT_PAD + 1; i < __L2RA_STAT_MAX; i++) {
		const char *n = l2ra_stat_names[i];

		assert_non_null(n);
		for (const char *p = n; *p; p++)
			assert_true((*p >= 'a' && *p <= 'z') ||
				    (*p >= '0' && *p <= '9') || *p == '_');
		for (unsigned int k = L2RA_STAT_PAD + 1; k < i; k++)
			assert_string_not_equal(n, l2ra_stat_names[k]);
	}
	assert_string_equal(stat_name(L2RA_STAT_REQ_ADDED, buf, sizeof(buf)),
			    "req_added");
	assert_string_equal(stat_name(L2RA_STAT_DROP_MALFORMED, buf,
				      sizeof(buf)), "drop_malformed");
	assert_string_equal(stat_name(L2RA_STAT_DROP_UNTRUSTED_SERVER, buf,
				      sizeof(buf)), "drop_untrusted_server");
	assert_string_equal(stat_name(L2RA_STAT_XID_FULL, buf, sizeof(buf)),
			    "xid_full");
	{
		char want[24];

		snprintf(want, sizeof(want), "stat_%u", __L2RA_STAT_MAX);
		assert_string_equal(stat_name(__L2RA_STAT_MAX, buf,
					      sizeof(buf)), want);
	}
	assert_string_equal(stat_name(L2RA_STAT_DROP_GIADDR, buf,
				      sizeof(buf)), "drop_giaddr");
	assert_string_equal(stat_name(4000, buf, sizeof(buf)), "stat_4000");
	assert_string_equal(stat_name(L2RA_STAT_PAD, buf, sizeof(buf)),
			    "stat_1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hex_valid),
		cmocka_unit_test(test_hex_invalid),
		cmocka_unit_test(test_hex_max),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_printable),
		cmocka_unit_test(test_format_hex),
		cmocka_unit_test(test_duid_uuid),
		cmocka_unit_test(test_kw),
		cmocka_unit_test(test_json_compact),
		cmocka_unit_test(test_json_pretty),
		cmocka_unit_test(test_json_edge),
		cmocka_unit_test(test_extack),
		cmocka_unit_test(test_extack_done),
		cmocka_unit_test(test_stat_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
