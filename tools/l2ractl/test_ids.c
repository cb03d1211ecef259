// SPDX-License-Identifier: GPL-2.0
/*
 * test_ids.c - unit tests for the parts of l2ractl that need no kernel:
 * id parsing and formatting, DUID-UUID generation, keyword abbreviations,
 * the JSON writer, extended ACK parsing, the counter names, the MAC, IPv4
 * and number parsers, the lease output and the monitor's event loop (on a
 * socketpair, with made-up lease events).
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
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <netlink/genl/genl.h>

#include "extack.h"
#include "ids.h"
#include "json.h"
#include "kw.h"
#include "lease.h"
#include "monitor.h"
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
	assert_string_equal(stat_name(L2RA_STAT_LEASE_NEW, buf, sizeof(buf)),
			    "lease_new");
	assert_string_equal(stat_name(L2RA_STAT_LEASE_RENEW, buf,
				      sizeof(buf)), "lease_renew");
	assert_string_equal(stat_name(L2RA_STAT_LEASE_RELEASE, buf,
				      sizeof(buf)), "lease_release");
	assert_string_equal(stat_name(L2RA_STAT_LEASE_DECLINE, buf,
				      sizeof(buf)), "lease_decline");
	assert_string_equal(stat_name(L2RA_STAT_LEASE_NAK, buf, sizeof(buf)),
			    "lease_nak");
	assert_string_equal(stat_name(L2RA_STAT_LEASE_EXPIRE, buf,
				      sizeof(buf)), "lease_expire");
	assert_string_equal(stat_name(L2RA_STAT_LEASE_FULL, buf, sizeof(buf)),
			    "lease_full");
	assert_string_equal(stat_name(L2RA_STAT_REQ_STRIPPED, buf,
				      sizeof(buf)), "req_stripped");
	assert_string_equal(stat_name(L2RA_STAT_DROP_OPT82_OURS, buf,
				      sizeof(buf)), "drop_opt82_ours");
	assert_string_equal(stat_name(L2RA_STAT_LEASE_ADDR_MISMATCH, buf,
				      sizeof(buf)), "lease_addr_mismatch");
	assert_string_equal(stat_name(L2RA_STAT_TRUSTED_UNPARSED, buf,
				      sizeof(buf)), "trusted_unparsed");
	assert_string_equal(stat_name(4000, buf, sizeof(buf)), "stat_4000");
	assert_string_equal(stat_name(L2RA_STAT_PAD, buf, sizeof(buf)),
			    "stat_1");
}

/* ---- MAC addresses ---- */

static void mac_ok(const char *s, const uint8_t *want)
{
	uint8_t mac[LEASE_MAC_LEN] = { 0 };

	if (lease_parse_mac(s, mac) != 0)
		fail_msg("\"%s\" rejected", s);
	assert_memory_equal(mac, want, LEASE_MAC_LEN);
}

static void test_mac(void **state)
{
	static const uint8_t a[] = { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
	static const uint8_t b[] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05 };
	static const char *const bad[] = {
		"", "aa:bb:cc:dd:ee", "aa:bb:cc:dd:ee:ff:00", "aabbccddee",
		"aabbccddeeff00", "aabbccddeef", "aa:bb:cc:dd:ee:fg",
		"aa-bb-cc-dd-ee-ff", "aa:bb:cc:dd:ee:ff ", " aa:bb:cc:dd:ee:ff",
		"aa:bb:cc:dd:ee:", ":aa:bb:cc:dd:ee", "aa::cc:dd:ee:ff",
		"aaa:bb:cc:dd:ee:ff", "aa.bb.cc.dd.ee.ff", "0xaabbccddeeff",
		"aabb.ccdd.eeff", "zzzzzzzzzzzz",
	};
	uint8_t mac[LEASE_MAC_LEN], keep[LEASE_MAC_LEN];
	char buf[LEASE_MAC_STRLEN];

	(void)state;
	mac_ok("aa:bb:cc:dd:ee:ff", a);
	mac_ok("AA:BB:CC:DD:EE:FF", a);
	mac_ok("aabbccddeeff", a);
	mac_ok("AaBbCcDdEeFf", a);
	mac_ok("00:01:02:03:04:05", b);
	mac_ok("0:1:2:3:4:5", b);		/* one-digit groups */
	mac_ok("000102030405", b);
	memset(mac, 0x5a, sizeof(mac));
	memcpy(keep, mac, sizeof(mac));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int err = lease_parse_mac(bad[i], mac);

		if (err != -EINVAL)
			fail_msg("\"%s\" gave %d, want -EINVAL", bad[i], err);
		/* untouched on failure */
		assert_memory_equal(mac, keep, sizeof(mac));
	}
	assert_int_equal(lease_parse_mac(NULL, mac), -EINVAL);

	assert_string_equal(lease_format_mac(a, buf), "aa:bb:cc:dd:ee:ff");
	assert_string_equal(lease_format_mac(b, buf), "00:01:02:03:04:05");
	/* round trip */
	assert_int_equal(lease_parse_mac(lease_format_mac(a, buf), mac), 0);
	assert_memory_equal(mac, a, sizeof(mac));
}

/* ---- IPv4 addresses ---- */

static void ipv4_ok(const char *s, uint8_t a, uint8_t b, uint8_t c,
		    uint8_t d)
{
	const uint8_t want[4] = { a, b, c, d };
	uint32_t be32 = 0;
	char buf[LEASE_IPV4_STRLEN];

	if (lease_parse_ipv4(s, &be32) != 0)
		fail_msg("\"%s\" rejected", s);
	assert_memory_equal(&be32, want, 4);	/* network byte order */
	assert_string_equal(lease_format_ipv4(be32, buf), s);
}

static void test_ipv4(void **state)
{
	static const char *const bad[] = {
		"", "1", "1.2", "1.2.3", "1.2.3.4.5", "1.2.3.", ".1.2.3",
		"1..2.3", "256.1.1.1", "1.2.3.256", "1.2.3.999", "1.2.3.1000",
		"01.2.3.4", "1.2.3.04", "1.2.3.00", "0x1.2.3.4", "1.2.3.4 ",
		" 1.2.3.4", "1.2.3.4/24", "-1.2.3.4", "+1.2.3.4", "1.2.3.a",
		"a.b.c.d", "1,2,3,4", "4294967295", "1.2.3.4\n", "::1",
		"1.2.3.0000000001",
	};
	uint32_t be32 = 0x5a5a5a5a;

	(void)state;
	ipv4_ok("192.0.2.100", 192, 0, 2, 100);
	ipv4_ok("0.0.0.0", 0, 0, 0, 0);
	ipv4_ok("255.255.255.255", 255, 255, 255, 255);
	ipv4_ok("10.0.0.1", 10, 0, 0, 1);
	ipv4_ok("1.20.199.250", 1, 20, 199, 250);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int err = lease_parse_ipv4(bad[i], &be32);

		if (err != -EINVAL)
			fail_msg("\"%s\" gave %d, want -EINVAL", bad[i], err);
		assert_int_equal(be32, 0x5a5a5a5a);
	}
	assert_int_equal(lease_parse_ipv4(NULL, &be32), -EINVAL);
}

static void test_ipv6(void **state)
{
	static const char *const bad[] = {
		"", "1.2.3.4", "2001:db8::1/", "2001:db8::1/0", "2001:db8::/129",
		"2001:db8::1/64", "2001:db8:1::/47", "2001:db8::/-1",
		"2001:db8::/1x", "aa:bb:cc:dd:ee:ff", "2001:db8::1 ", "::/",
		"2001:db8::g", "2001:db8:0:0:0:0:0:0:1",
		"0000:0000:0000:0000:0000:0000:0000:0000:0000:0000:0000:0000",
	};
	uint8_t addr[LEASE_IPV6_LEN], plen = 7;
	char buf[LEASE_IPV6_STRLEN];

	(void)state;
	assert_int_equal(lease_parse_ipv6("2001:db8::5", addr, &plen), 0);
	assert_int_equal(plen, 0);
	assert_string_equal(lease_format_ipv6(addr, plen, buf), "2001:db8::5");
	assert_int_equal(lease_parse_ipv6("2001:db8:1::/56", addr, &plen), 0);
	assert_int_equal(plen, 56);
	assert_string_equal(lease_format_ipv6(addr, plen, buf),
			    "2001:db8:1::/56");
	assert_int_equal(lease_parse_ipv6("2001:db8::1/128", addr, &plen), 0);
	assert_int_equal(plen, 128);
	assert_string_equal(lease_format_ipv6(addr, plen, buf),
			    "2001:db8::1/128");
	assert_int_equal(lease_parse_ipv6("8000::/1", addr, &plen), 0);
	assert_int_equal(plen, 1);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int err;

		memset(addr, 0x5a, sizeof(addr));
		plen = 7;
		err = lease_parse_ipv6(bad[i], addr, &plen);
		if (err != -EINVAL)
			fail_msg("\"%s\" gave %d, want -EINVAL", bad[i], err);
		assert_int_equal(addr[0], 0x5a);
		assert_int_equal(plen, 7);
	}
	assert_int_equal(lease_parse_ipv6(NULL, addr, &plen), -EINVAL);
}

/* ---- numbers ---- */

static void test_u32(void **state)
{
	uint32_t v = 7;

	(void)state;
	assert_int_equal(lease_parse_u32("0", 0, UINT32_MAX, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(lease_parse_u32("4294967295", 0, UINT32_MAX, &v), 0);
	assert_int_equal(v, UINT32_MAX);
	assert_int_equal(lease_parse_u32("007", 0, 10, &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(lease_parse_u32("4094", 0, 4094, &v), 0);
	assert_int_equal(v, 4094);
	v = 1;
	assert_int_equal(lease_parse_u32("4095", 0, 4094, &v), -ERANGE);
	assert_int_equal(lease_parse_u32("0", 1, UINT32_MAX, &v), -ERANGE);
	assert_int_equal(lease_parse_u32("4294967296", 0, UINT32_MAX, &v),
			 -ERANGE);
	assert_int_equal(lease_parse_u32("99999999999999999999999", 0,
					 UINT32_MAX, &v), -ERANGE);
	assert_int_equal(lease_parse_u32("99999999999999999999999x", 0,
					 UINT32_MAX, &v), -EINVAL);
	assert_int_equal(v, 1);
	assert_int_equal(lease_parse_u32("", 0, 9, &v), -EINVAL);
	assert_int_equal(lease_parse_u32(NULL, 0, 9, &v), -EINVAL);
	assert_int_equal(lease_parse_u32("-1", 0, 9, &v), -EINVAL);
	assert_int_equal(lease_parse_u32("+1", 0, 9, &v), -EINVAL);
	assert_int_equal(lease_parse_u32(" 1", 0, 9, &v), -EINVAL);
	assert_int_equal(lease_parse_u32("1 ", 0, 9, &v), -EINVAL);
	assert_int_equal(lease_parse_u32("0x10", 0, 99, &v), -EINVAL);
	assert_int_equal(lease_parse_u32("10s", 0, 99, &v), -EINVAL);
	assert_int_equal(v, 1);
}

/* ---- lease events and output ---- */

static void test_lease_event_names(void **state)
{
	static const char *const want[] = {
		"new", "update", "release", "decline", "nak", "expire", "del",
		"add",
	};

	(void)state;
	assert_null(lease_event_name(L2RA_LEASE_EV_UNSPEC));
	assert_int_equal(sizeof(want) / sizeof(want[0]), L2RA_LEASE_EV_MAX);
	for (unsigned int i = 1; i < __L2RA_LEASE_EV_MAX; i++) {
		assert_non_null(lease_event_names[i]);
		assert_string_equal(lease_event_name(i), want[i - 1]);
	}
	assert_string_equal(lease_event_name(L2RA_LEASE_EV_NEW), "new");
	assert_string_equal(lease_event_name(L2RA_LEASE_EV_ADD), "add");
	assert_null(lease_event_name(__L2RA_LEASE_EV_MAX));
	assert_null(lease_event_name(255));
}

#define TEST_FAMILY	0x42
#define NO_IFINDEX	999999	/* no such device: printed as if999999 */

/* A lease message as the kernel documents it; @event 0: none. */
static struct nl_msg *lease_msg(uint8_t cmd, uint8_t event, bool full,
				const char *circuit)
{
	static const uint8_t mac[6] = { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
	static const uint8_t addr[4] = { 192, 0, 2, 100 };
	static const uint8_t server[4] = { 192, 0, 2, 1 };
	struct nl_msg *msg = nlmsg_alloc();

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, 0, 0, TEST_FAMILY, 0, 0, cmd,
				    L2RA_GENL_VERSION));
	assert_int_equal(nla_put(msg, L2RA_A_MAC, 6, mac), 0);
	assert_int_equal(nla_put_u16(msg, L2RA_A_VID, full ? 0 : 100), 0);
	assert_int_equal(nla_put(msg, L2RA_A_ADDR, 4, addr), 0);
	if (event)
		assert_int_equal(nla_put_u8(msg, L2RA_A_LEASE_EVENT, event), 0);
	if (!full)
		return msg;
	assert_int_equal(nla_put_u32(msg, L2RA_A_IFINDEX, 7), 0);
	assert_int_equal(nla_put_string(msg, L2RA_A_IFNAME, "vcl1"), 0);
	assert_int_equal(nla_put_u32(msg, L2RA_A_BRIDGE_IFINDEX, NO_IFINDEX), 0);
	assert_int_equal(nla_put(msg, L2RA_A_CIRCUIT_ID, (int)strlen(circuit),
				 circuit), 0);
	assert_int_equal(nla_put_u32(msg, L2RA_A_EXPIRES, 3595), 0);
	assert_int_equal(nla_put_u32(msg, L2RA_A_LEASE_TIME, 3600), 0);
	assert_int_equal(nla_put(msg, L2RA_A_SERVER_ID, 4, server), 0);
	assert_int_equal(nla_put_u64(msg, L2RA_A_CLTT, 1795000000ULL), 0);
	return msg;
}

static void parse_msg(struct nl_msg *msg, struct nlattr **tb)
{
	assert_int_equal(genlmsg_parse(nlmsg_hdr(msg), 0, tb, L2RA_A_MAX,
				       NULL), 0);
}

/* Run @fn(@arg) with stdout going to a string (returned, malloc'd). */
static char *capture_stdout(void (*fn)(void *), void *arg)
{
	FILE *tmp = tmpfile();
	int saved = dup(STDOUT_FILENO);
	char *out;
	long len;

	assert_non_null(tmp);
	assert_true(saved >= 0);
	fflush(stdout);
	assert_true(dup2(fileno(tmp), STDOUT_FILENO) >= 0);
	fn(arg);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	len = ftell(tmp);
	assert_true(len >= 0);
	out = calloc(1, (size_t)len + 1);
	assert_non_null(out);
	rewind(tmp);
	assert_int_equal(fread(out, 1, (size_t)len, tmp), (size_t)len);
	fclose(tmp);
	return out;
}

struct plain_arg {
	struct nlattr **tb;
	const char *prefix;
	struct ifname_cache *cache;
};

static void run_plain(void *arg)
{
	struct plain_arg *p = arg;

	lease_print_plain(p->tb, p->cache, p->prefix);
}

static void test_lease_plain(void **state)
{
	struct nlattr *tb[L2RA_A_MAX + 1];
	struct ifname_cache cache = { 0 };
	struct plain_arg p = { .tb = tb, .cache = &cache };
	struct nl_msg *msg;
	char *out;

	(void)state;
	msg = lease_msg(L2RA_CMD_LEASE_GET, 0, true, "br0:vcl1");
	parse_msg(msg, tb);
	out = capture_stdout(run_plain, &p);
	assert_string_equal(out,
		"aa:bb:cc:dd:ee:ff vlan 0 addr 192.0.2.100 dev vcl1 master if999999 "
		"circuit-id \"br0:vcl1\" expires 3595s lease-time 3600s "
		"server 192.0.2.1\n");
	free(out);
	/* the cached bridge name is used the second time */
	assert_int_equal(cache.slot[NO_IFINDEX % 16].ifindex, NO_IFINDEX);
	strcpy(cache.slot[NO_IFINDEX % 16].name, "cached0");
	p.prefix = "update";
	out = capture_stdout(run_plain, &p);
	assert_non_null(strstr(out, "update aa:bb:cc:dd:ee:ff vlan 0 "));
	assert_non_null(strstr(out, " master cached0 "));
	free(out);
	nlmsg_free(msg);

	/* a binary circuit-id is shown in hex */
	msg = lease_msg(L2RA_CMD_LEASE_GET, 0, true, "\x01\x02\x0a");
	parse_msg(msg, tb);
	p.prefix = NULL;
	p.cache = NULL;
	out = capture_stdout(run_plain, &p);
	assert_non_null(strstr(out, " circuit-id 01:02:0a expires "));
	free(out);
	nlmsg_free(msg);

	/* unknown parts are left out */
	msg = lease_msg(L2RA_CMD_LEASE_GET, 0, false, NULL);
	parse_msg(msg, tb);
	out = capture_stdout(run_plain, &p);
	assert_string_equal(out,
		"aa:bb:cc:dd:ee:ff vlan 100 addr 192.0.2.100\n");
	free(out);
	nlmsg_free(msg);
}

static void test_lease_malformed(void **state)
{
	struct nlattr *tb[L2RA_A_MAX + 1];
	struct plain_arg p = { .tb = tb };
	struct nl_msg *msg = nlmsg_alloc();
	static const uint8_t five[5] = { 1, 2, 3, 4, 5 };
	uint32_t zero = 0;
	char *out;

	(void)state;
	assert_non_null(genlmsg_put(msg, 0, 0, TEST_FAMILY, 0, 0,
				    L2RA_CMD_LEASE_GET, 1));
	/* wrong lengths are treated as missing, server 0 as unknown */
	assert_int_equal(nla_put(msg, L2RA_A_MAC, 5, five), 0);
	assert_int_equal(nla_put_u32(msg, L2RA_A_VID, 5), 0);
	assert_int_equal(nla_put(msg, L2RA_A_ADDR, 5, five), 0);
	assert_int_equal(nla_put_u16(msg, L2RA_A_EXPIRES, 5), 0);
	assert_int_equal(nla_put(msg, L2RA_A_SERVER_ID, 4, &zero), 0);
	assert_int_equal(nla_put_u32(msg, L2RA_A_LEASE_TIME, 60), 0);
	parse_msg(msg, tb);
	out = capture_stdout(run_plain, &p);
	assert_string_equal(out, "lease-time 60s\n");
	free(out);
	nlmsg_free(msg);
}

static void test_lease_json(void **state)
{
	struct nlattr *tb[L2RA_A_MAX + 1];
	char *out = NULL;
	size_t size = 0;
	struct nl_msg *msg;
	struct json js;
	FILE *f;

	(void)state;
	msg = lease_msg(L2RA_CMD_LEASE_NOTIFY, L2RA_LEASE_EV_NEW, true,
			"br0:vcl1");
	parse_msg(msg, tb);
	f = open_memstream(&out, &size);
	assert_non_null(f);
	json_init(&js, f, false);
	json_arr_open(&js);
	lease_print_json(&js, tb, NULL, NULL);
	lease_print_json(&js, tb, NULL, "new");
	json_arr_close(&js);
	fclose(f);
	assert_string_equal(out,
		"[{\"family\":\"inet\",\"mac\":\"aa:bb:cc:dd:ee:ff\",\"vlan\":0,\"addr\":\"192.0.2.100\","
		"\"ifname\":\"vcl1\",\"ifindex\":7,\"master\":\"if999999\","
		"\"circuit_id\":\"br0:vcl1\",\"circuit_id_hex\":\"62:72:30:3a:76:63:6c:31\","
		"\"expires\":3595,\"lease_time\":3600,\"server\":\"192.0.2.1\","
		"\"cltt\":1795000000},"
		"{\"event\":\"new\",\"family\":\"inet\",\"mac\":\"aa:bb:cc:dd:ee:ff\",\"vlan\":0,"
		"\"addr\":\"192.0.2.100\",\"ifname\":\"vcl1\",\"ifindex\":7,"
		"\"master\":\"if999999\",\"circuit_id\":\"br0:vcl1\","
		"\"circuit_id_hex\":\"62:72:30:3a:76:63:6c:31\",\"expires\":3595,"
		"\"lease_time\":3600,\"server\":\"192.0.2.1\",\"cltt\":1795000000}]\n");
	free(out);
	nlmsg_free(msg);
}

/* ---- the monitor ---- */

/* Append the netlink message of @msg (freed) to @buf at *@off. */
static void append_msg(uint8_t *buf, size_t size, size_t *off,
		       struct nl_msg *msg)
{
	struct nlmsghdr *h = nlmsg_hdr(msg);
	size_t len = NLMSG_ALIGN(h->nlmsg_len);

	assert_true(*off + len <= size);
	memset(buf + *off, 0, len);
	memcpy(buf + *off, h, h->nlmsg_len);
	*off += len;
	nlmsg_free(msg);
}

/* One datagram: new, a foreign family, a non-notify, an unknown event,
 * del, expire. */
static size_t event_datagram(uint8_t *buf, size_t size)
{
	size_t off = 0;
	struct nl_msg *other = lease_msg(L2RA_CMD_LEASE_NOTIFY,
					 L2RA_LEASE_EV_NEW, false, NULL);

	nlmsg_hdr(other)->nlmsg_type = TEST_FAMILY + 1;
	append_msg(buf, size, &off, lease_msg(L2RA_CMD_LEASE_NOTIFY,
					      L2RA_LEASE_EV_NEW, true,
					      "br0:vcl1"));
	append_msg(buf, size, &off, other);
	append_msg(buf, size, &off, lease_msg(L2RA_CMD_LEASE_GET, 0, false,
					      NULL));
	append_msg(buf, size, &off, lease_msg(L2RA_CMD_LEASE_NOTIFY, 42,
					      false, NULL));
	append_msg(buf, size, &off, lease_msg(L2RA_CMD_LEASE_NOTIFY,
					      L2RA_LEASE_EV_DEL, false, NULL));
	append_msg(buf, size, &off, lease_msg(L2RA_CMD_LEASE_NOTIFY,
					      L2RA_LEASE_EV_EXPIRE, false,
					      NULL));
	return off;
}

struct process_arg {
	struct monitor *m;
	uint8_t *buf;
	size_t len;
	int n;
};

static void run_process(void *arg)
{
	struct process_arg *p = arg;

	p->n = monitor_process(p->m, p->buf, p->len);
}

static const char want_events[] =
	"new aa:bb:cc:dd:ee:ff vlan 0 addr 192.0.2.100 dev vcl1 master if999999 "
	"circuit-id \"br0:vcl1\" expires 3595s lease-time 3600s server 192.0.2.1\n"
	"event_42 aa:bb:cc:dd:ee:ff vlan 100 addr 192.0.2.100\n"
	"del aa:bb:cc:dd:ee:ff vlan 100 addr 192.0.2.100\n"
	"expire aa:bb:cc:dd:ee:ff vlan 100 addr 192.0.2.100\n";

/* An IPv6 prefix binding, client MAC unknown (all zero): text and JSON. */
static void test_lease6_output(void **state)
{
	static const uint8_t zero[6];
	static const uint8_t prefix[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1 };
	struct nlattr *tb[L2RA_A_MAX + 1];
	struct nl_msg *msg = nlmsg_alloc();
	struct plain_arg p = { .tb = tb };
	char *out = NULL;
	size_t size = 0;
	struct json js;
	FILE *f;

	(void)state;
	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, 0, 0, TEST_FAMILY, 0, 0,
				    L2RA_CMD_LEASE_GET, L2RA_GENL_VERSION));
	assert_int_equal(nla_put(msg, L2RA_A_MAC, 6, zero), 0);
	assert_int_equal(nla_put_u16(msg, L2RA_A_VID, 5), 0);
	assert_int_equal(nla_put(msg, L2RA_A_ADDR6, 16, prefix), 0);
	assert_int_equal(nla_put_u8(msg, L2RA_A_PREFIX_LEN, 48), 0);
	assert_int_equal(nla_put_u32(msg, L2RA_A_PREFERRED, 200), 0);
	assert_int_equal(nla_put_u32(msg, L2RA_A_IFINDEX, 7), 0);
	assert_int_equal(nla_put_string(msg, L2RA_A_IFNAME, "vcl1"), 0);
	assert_int_equal(nla_put_u32(msg, L2RA_A_EXPIRES, 295), 0);
	assert_int_equal(nla_put_u32(msg, L2RA_A_LEASE_TIME, 300), 0);
	parse_msg(msg, tb);
	f = open_memstream(&out, &size);
	assert_non_null(f);
	json_init(&js, f, false);
	lease_print_json(&js, tb, NULL, "new");
	fclose(f);
	assert_string_equal(out,
		"{\"event\":\"new\",\"family\":\"inet6\",\"addr\":\"2001:db8:1::\","
		"\"prefix_len\":48,\"vlan\":5,\"ifname\":\"vcl1\",\"ifindex\":7,"
		"\"expires\":295,\"lease_time\":300,\"preferred\":200}\n");
	free(out);
	out = capture_stdout(run_plain, &p);
	assert_string_equal(out, "2001:db8:1::/48 vlan 5 dev vcl1 expires 295s "
				 "valid 300s preferred 200s\n");
	free(out);
	nlmsg_free(msg);
}

static void test_monitor_process(void **state)
{
	struct monitor m = { .family = TEST_FAMILY };
	uint8_t buf[4096];
	struct process_arg p = { .m = &m, .buf = buf };
	char *out;

	(void)state;
	p.len = event_datagram(buf, sizeof(buf));
	out = capture_stdout(run_process, &p);
	assert_int_equal(p.n, 4);
	assert_string_equal(out, want_events);
	free(out);

	/* JSON: one object per line */
	m.json = true;
	json_init(&m.js, stdout, false);
	out = capture_stdout(run_process, &p);
	assert_int_equal(p.n, 4);
	assert_non_null(strstr(out, "{\"event\":\"new\",\"family\":\"inet\",\"mac\":\"aa:bb:cc:dd:ee:ff\","));
	assert_non_null(strstr(out, "}\n{\"event\":\"event_42\","));
	assert_non_null(strstr(out, "}\n{\"event\":\"expire\",\"family\":\"inet\",\"mac\":"
				    "\"aa:bb:cc:dd:ee:ff\",\"vlan\":100,"
				    "\"addr\":\"192.0.2.100\"}\n"));
	free(out);

	/* a truncated datagram: only whole messages are used */
	p.len = 30;
	out = capture_stdout(run_process, &p);
	assert_int_equal(p.n, 0);
	assert_string_equal(out, "");
	free(out);
}

/* recv() that fails with ENOBUFS the first time. */
static int fake_overruns;

static ssize_t recv_overrun(int fd, void *buf, size_t len, int flags)
{
	if (fake_overruns > 0) {
		fake_overruns--;
		errno = ENOBUFS;
		return -1;
	}
	return recv(fd, buf, len, flags);
}

/* Read from @fd into @out until it holds @want or 5 s passed. */
static void read_until(int fd, char *out, size_t size, const char *want)
{
	size_t len = strlen(out);
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	while (!strstr(out, want) && len + 1 < size) {
		ssize_t r;

		if (poll(&pfd, 1, 5000) <= 0)
			fail_msg("timed out waiting for \"%s\", have:\n%s", want,
				 out);
		r = read(fd, out + len, size - 1 - len);
		if (r <= 0)
			break;
		len += (size_t)r;
		out[len] = '\0';
	}
}

/*
 * Run monitor_loop() in a child on a socketpair, feed it a datagram
 * (after @overruns fake ENOBUFS), stop it with @sig: exit status 0.
 */
static void monitor_child_run(int sig, int overruns, const char *want)
{
	static uint8_t buf[4096];
	char out[8192] = "";
	int sv[2], pipefd[2], status;
	size_t len = event_datagram(buf, sizeof(buf));
	pid_t pid;

	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	assert_int_equal(pipe(pipefd), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct monitor m = { .family = TEST_FAMILY,
				     .recv = recv_overrun };

		fake_overruns = overruns;
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		close(pipefd[0]);
		close(sv[0]);
		_exit(monitor_loop(&m, sv[1]));
	}
	close(pipefd[1]);
	close(sv[1]);
	assert_int_equal(send(sv[0], buf, len, 0), (ssize_t)len);
	read_until(pipefd[0], out, sizeof(out), "expire aa:bb");
	assert_int_equal(kill(pid, sig), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	read_until(pipefd[0], out, sizeof(out), "\n");
	close(pipefd[0]);
	close(sv[0]);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_string_equal(out, want);
}

static void test_monitor_loop(void **state)
{
	(void)state;
	monitor_child_run(SIGTERM, 0, want_events);
	monitor_child_run(SIGINT, 0, want_events);
}

static void test_monitor_overrun(void **state)
{
	char want[sizeof(want_events) + 128];

	(void)state;
	snprintf(want, sizeof(want), "%s%s",
		 "l2ractl: events lost (socket overrun)\n"
		 "l2ractl: events lost (socket overrun)\n", want_events);
	monitor_child_run(SIGTERM, 2, want);
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
		cmocka_unit_test(test_mac),
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_u32),
		cmocka_unit_test(test_lease_event_names),
		cmocka_unit_test(test_lease_plain),
		cmocka_unit_test(test_lease_malformed),
		cmocka_unit_test(test_lease_json),
		cmocka_unit_test(test_lease6_output),
		cmocka_unit_test(test_monitor_process),
		cmocka_unit_test(test_monitor_loop),
		cmocka_unit_test(test_monitor_overrun),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
