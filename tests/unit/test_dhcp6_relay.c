// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of kmod/dhcp6_relay.c.  Every message is built octet by octet
 * by the helpers below, in the shapes ISC dhclient -6 (4.4) and ISC dhcpd
 * -6 put on the wire: the client's SOLICIT/REQUEST/RELEASE, the server's
 * REPLY and its Relay-Reply around it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dhcp6_relay.h"

#define BUF_MAX 70000

struct msg {
	u8 b[BUF_MAX];
	size_t len;
};

static struct msg *msg_new(void)
{
	struct msg *m = calloc(1, sizeof(*m));

	assert_non_null(m);
	return m;
}

static void put(struct msg *m, const void *p, size_t n)
{
	assert_true(m->len + n <= BUF_MAX);
	memcpy(m->b + m->len, p, n);
	m->len += n;
}

static void put1(struct msg *m, u8 v)
{
	put(m, &v, 1);
}

static void put16(struct msg *m, u16 v)
{
	put1(m, v >> 8);
	put1(m, (u8)v);
}

static void put32(struct msg *m, u32 v)
{
	put16(m, v >> 16);
	put16(m, (u16)v);
}

/* A client/server header; options are appended after it. */
static void hdr(struct msg *m, u8 type, u32 xid)
{
	m->len = 0;
	put1(m, type);
	put1(m, (u8)(xid >> 16));
	put16(m, (u16)xid);
}

/* A relay header. */
static void rhdr(struct msg *m, u8 type, u8 hop, const u8 *link,
		 const u8 *peer)
{
	static const u8 zero[16];

	m->len = 0;
	put1(m, type);
	put1(m, hop);
	put(m, link ? link : zero, 16);
	put(m, peer ? peer : zero, 16);
}

static void opt(struct msg *m, u16 code, size_t n, const void *data)
{
	put16(m, code);
	put16(m, (u16)n);
	if (n)
		put(m, data, n);
}

/* Open an option whose data is appended next; close() sets its length. */
static size_t open_opt(struct msg *m, u16 code)
{
	size_t off = m->len;

	put16(m, code);
	put16(m, 0);
	return off;
}

static void close_opt(struct msg *m, size_t off)
{
	size_t n = m->len - off - 4;

	m->b[off + 2] = (u8)(n >> 8);
	m->b[off + 3] = (u8)n;
}

static void status(struct msg *m, u16 code, const char *text)
{
	size_t o = open_opt(m, DHCP6_OPT_STATUS_CODE);

	put16(m, code);
	put(m, text, strlen(text));
	close_opt(m, o);
}

static size_t open_ia(struct msg *m, u16 type, u32 iaid, u32 t1, u32 t2)
{
	size_t o = open_opt(m, type);

	put32(m, iaid);
	put32(m, t1);
	put32(m, t2);
	return o;
}

/* An IA Address; its options (a Status Code) may follow before close. */
static size_t open_iaaddr(struct msg *m, const u8 *a, u32 pref, u32 valid)
{
	size_t o = open_opt(m, DHCP6_OPT_IAADDR);

	put(m, a, 16);
	put32(m, pref);
	put32(m, valid);
	return o;
}

static size_t open_iaprefix(struct msg *m, u32 pref, u32 valid, u8 plen,
			    const u8 *p)
{
	size_t o = open_opt(m, DHCP6_OPT_IAPREFIX);

	put32(m, pref);
	put32(m, valid);
	put1(m, plen);
	put(m, p, 16);
	return o;
}

/* dhclient's DUID-LLT: type 1, hardware 1, time, its MAC. */
static const u8 client_duid[14] = {
	0x00, 0x01, 0x00, 0x01, 0x2d, 0x5e, 0x3a, 0x11,
	0x02, 0x00, 0x5e, 0x10, 0x20, 0x30,
};

/* dhcpd's server DUID-LLT. */
static const u8 server_duid[14] = {
	0x00, 0x01, 0x00, 0x01, 0x2d, 0x5e, 0x39, 0x00,
	0x02, 0x00, 0x5e, 0x00, 0x53, 0x01,
};

static const u8 client_ll[16] = {
	0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0x5e, 0xff,
	0xfe, 0x10, 0x20, 0x30,
};

static const u8 addr1[16] = {
	0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x00,
};

static const u8 addr2[16] = {
	0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x01,
};

static const u8 pfx1[16] = {
	0x20, 0x01, 0x0d, 0xb8, 0x01, 0x00, 0,
};

#define IAID	0x5e102030u	/* dhclient: the MAC's last four octets */
#define XID	0x8a3b2cu

/* dhclient -6 -N -P: SOLICIT with IA_NA and IA_PD, no hints. */
static void solicit(struct msg *m)
{
	static const u8 oro[] = { 0, 23, 0, 24, 0, 39 };
	size_t o;

	hdr(m, DHCP6_SOLICIT, XID);
	opt(m, DHCP6_OPT_CLIENTID, sizeof(client_duid), client_duid);
	opt(m, 8, 2, "\0\0");			/* Elapsed Time */
	opt(m, 6, sizeof(oro), oro);		/* Option Request */
	o = open_ia(m, DHCP6_OPT_IA_NA, IAID, 0, 0);
	close_opt(m, o);
	o = open_ia(m, DHCP6_OPT_IA_PD, IAID, 0, 0);
	close_opt(m, o);
}

/* dhcpd -6's REPLY to the REQUEST that followed: one address, one /56. */
static void reply(struct msg *m)
{
	size_t ia, a;

	hdr(m, DHCP6_REPLY, XID + 1);
	opt(m, DHCP6_OPT_SERVERID, sizeof(server_duid), server_duid);
	opt(m, DHCP6_OPT_CLIENTID, sizeof(client_duid), client_duid);
	ia = open_ia(m, DHCP6_OPT_IA_NA, IAID, 3600, 5760);
	a = open_iaaddr(m, addr1, 7200, 10800);
	close_opt(m, a);
	status(m, 0, "assigned");
	close_opt(m, ia);
	ia = open_ia(m, DHCP6_OPT_IA_PD, IAID, 3600, 5760);
	a = open_iaprefix(m, 7200, 10800, 56, pfx1);
	close_opt(m, a);
	close_opt(m, ia);
}

static const u8 ifid[] = "br0:eth1";
static const u8 rid[] = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0xaa };
static const u8 relay_duid[] = {
	0x00, 0x03, 0x00, 0x01, 0x02, 0x00, 0x5e, 0x00, 0x53, 0xaa,
};

static const struct dhcp6_relay_ids ids_all = {
	.interface_id = ifid,
	.interface_id_len = sizeof(ifid) - 1,
	.remote_id = rid,
	.remote_id_len = sizeof(rid),
	.enterprise = 32473,
	.relay_id = relay_duid,
	.relay_id_len = sizeof(relay_duid),
};

static enum dhcp6_err parse(const struct msg *m, struct dhcp6_info *info)
{
	return dhcp6_parse(m->b, m->len, info);
}

/* dhcpd -6's Relay-Reply: Interface-ID echoed before the Relay Message. */
static void relay_reply(struct msg *out, const struct msg *in,
			const u8 *id, size_t id_len, bool id_first)
{
	rhdr(out, DHCP6_RELAY_REPL, 0, NULL, client_ll);
	if (id_first && id)
		opt(out, DHCP6_OPT_INTERFACE_ID, id_len, id);
	opt(out, DHCP6_OPT_RELAY_MSG, in->len, in->b);
	if (!id_first && id)
		opt(out, DHCP6_OPT_INTERFACE_ID, id_len, id);
}

/* ------------------------------------------------------------ classify */

static void test_classify(void **state)
{
	static const u8 client[] = { 1, 3, 4, 5, 6, 8, 9, 11 };
	static const u8 server[] = { 2, 7, 10, 13 };
	unsigned int t, i, n;

	(void)state;
	for (t = 0; t < 256; t++) {
		enum dhcp6_class want = DHCP6_CLASS_OTHER;

		for (i = 0; i < sizeof(client); i++)
			if (client[i] == t)
				want = DHCP6_CLASS_CLIENT;
		for (i = 0; i < sizeof(server); i++)
			if (server[i] == t)
				want = DHCP6_CLASS_SERVER;
		if (t == 12)
			want = DHCP6_CLASS_RELAY_FORW;
		assert_int_equal(dhcp6_classify((u8)t), want);
		assert_int_equal(dhcp6_is_client_type((u8)t),
				 want == DHCP6_CLASS_CLIENT);
		assert_int_equal(dhcp6_is_server_type((u8)t),
				 want == DHCP6_CLASS_SERVER);
		assert_int_equal(dhcp6_is_relay_forw((u8)t), t == 12);
	}
	/* Leasequery and its answers are none of the three. */
	for (n = 14; n <= 17; n++)
		assert_int_equal(dhcp6_classify((u8)n), DHCP6_CLASS_OTHER);
}

/* --------------------------------------------------------------- parse */

static void test_parse_solicit(void **state)
{
	struct msg *m = msg_new();
	struct dhcp6_info info;

	(void)state;
	solicit(m);
	assert_int_equal(parse(m, &info), DHCP6_OK);
	assert_int_equal(info.msg_type, DHCP6_SOLICIT);
	assert_int_equal(info.xid, XID);
	assert_int_equal(info.depth, 0);
	assert_int_equal(info.inner_type, DHCP6_SOLICIT);
	assert_int_equal(info.inner_off, 0);
	assert_int_equal(info.inner_len, m->len);
	assert_int_equal(info.client_id_off, 8);
	assert_int_equal(info.client_id_len, sizeof(client_duid));
	assert_memory_equal(m->b + info.client_id_off, client_duid,
			    sizeof(client_duid));
	assert_int_equal(info.relay_msg_off, 0);
	assert_int_equal(info.interface_id_off, 0);

	/* The header alone is a message. */
	hdr(m, DHCP6_INFORMATION_REQUEST, 0xffffff);
	assert_int_equal(parse(m, &info), DHCP6_OK);
	assert_int_equal(info.xid, 0xffffff);
	assert_int_equal(info.client_id_off, 0);
	free(m);
}

static void test_parse_reply(void **state)
{
	struct msg *m = msg_new();
	struct dhcp6_info info;

	(void)state;
	reply(m);
	assert_int_equal(parse(m, &info), DHCP6_OK);
	assert_int_equal(info.msg_type, DHCP6_REPLY);
	assert_int_equal(info.xid, XID + 1);
	assert_int_equal(info.client_id_len, sizeof(client_duid));
	assert_memory_equal(m->b + info.client_id_off, client_duid,
			    sizeof(client_duid));
	free(m);
}

static void test_err_short(void **state)
{
	struct msg *m = msg_new();
	struct dhcp6_info info;
	size_t n;

	(void)state;
	solicit(m);
	for (n = 0; n < DHCP6_HDR_LEN; n++)
		assert_int_equal(dhcp6_parse(m->b, n, &info), DHCP6_ERR_SHORT);
	rhdr(m, DHCP6_RELAY_FORW, 0, NULL, client_ll);
	for (n = DHCP6_HDR_LEN; n < DHCP6_RELAY_HDR_LEN; n++)
		assert_int_equal(dhcp6_parse(m->b, n, &info), DHCP6_ERR_SHORT);
	m->b[0] = DHCP6_RELAY_REPL;
	assert_int_equal(dhcp6_parse(m->b, 33, &info), DHCP6_ERR_SHORT);

	/* A Relay Message holding less than a header, or nothing. */
	for (n = 0; n < DHCP6_HDR_LEN; n++) {
		rhdr(m, DHCP6_RELAY_FORW, 0, NULL, client_ll);
		opt(m, DHCP6_OPT_RELAY_MSG, n, "\x01\x02\x03");
		assert_int_equal(parse(m, &info), DHCP6_ERR_SHORT);
		assert_int_equal(info.depth, 1);
	}
	free(m);
}

static void test_err_type(void **state)
{
	struct msg *m = msg_new(), *in = msg_new();
	struct dhcp6_info info;

	(void)state;
	hdr(m, 0, XID);
	assert_int_equal(parse(m, &info), DHCP6_ERR_TYPE);
	hdr(in, 0, XID);
	rhdr(m, DHCP6_RELAY_FORW, 0, NULL, client_ll);
	opt(m, DHCP6_OPT_RELAY_MSG, in->len, in->b);
	assert_int_equal(parse(m, &info), DHCP6_ERR_TYPE);
	assert_int_equal(info.depth, 1);

	/* Unknown types are read as client/server messages. */
	hdr(m, 200, XID);
	opt(m, 999, 3, "abc");
	assert_int_equal(parse(m, &info), DHCP6_OK);
	free(m);
	free(in);
}

static void test_err_truncated(void **state)
{
	struct msg *m = msg_new();
	struct dhcp6_info info;
	size_t n, full;

	(void)state;
	/* 1 to 3 octets after the last option: a partial option header. */
	solicit(m);
	full = m->len;
	for (n = 1; n < 4; n++) {
		m->len = full;
		put(m, "\0\0\0", n);
		assert_int_equal(parse(m, &info), DHCP6_ERR_TRUNCATED);
	}
	/* The last option cut anywhere in its data. */
	reply(m);
	for (n = 1; n < 29; n++)
		assert_int_equal(dhcp6_parse(m->b, m->len - n, &info),
				 DHCP6_ERR_TRUNCATED);

	/* An option-len one over what is left. */
	hdr(m, DHCP6_REQUEST, XID);
	opt(m, DHCP6_OPT_CLIENTID, sizeof(client_duid), client_duid);
	m->b[7] = sizeof(client_duid) + 1;
	assert_int_equal(parse(m, &info), DHCP6_ERR_TRUNCATED);
	m->b[6] = 0xff;
	m->b[7] = 0xff;
	assert_int_equal(parse(m, &info), DHCP6_ERR_TRUNCATED);
	free(m);
}

/* Nested options overrunning the option they sit in, each level. */
static void test_err_truncated_nested(void **state)
{
	struct msg *m = msg_new();
	struct dhcp6_info info;
	size_t ia, a;

	(void)state;
	/* In an IA_NA: its IA Address claims one octet too many. */
	hdr(m, DHCP6_REPLY, XID);
	ia = open_ia(m, DHCP6_OPT_IA_NA, IAID, 0, 0);
	a = open_iaaddr(m, addr1, 1, 2);
	close_opt(m, a);
	close_opt(m, ia);
	opt(m, DHCP6_OPT_SERVERID, sizeof(server_duid), server_duid);
	assert_int_equal(parse(m, &info), DHCP6_OK);
	m->b[a + 3]++;
	assert_int_equal(parse(m, &info), DHCP6_ERR_TRUNCATED);

	/* In an IA Address: its Status Code overruns it. */
	hdr(m, DHCP6_REPLY, XID);
	ia = open_ia(m, DHCP6_OPT_IA_NA, IAID, 0, 0);
	a = open_iaaddr(m, addr1, 1, 2);
	status(m, 3, "x");
	close_opt(m, a);
	close_opt(m, ia);
	assert_int_equal(parse(m, &info), DHCP6_OK);
	m->b[a + 4 + 24 + 3]++;
	assert_int_equal(parse(m, &info), DHCP6_ERR_TRUNCATED);

	/* In an IA Prefix: two stray octets after its fixed part. */
	hdr(m, DHCP6_REPLY, XID);
	ia = open_ia(m, DHCP6_OPT_IA_PD, IAID, 0, 0);
	a = open_iaprefix(m, 1, 2, 48, pfx1);
	put16(m, 0);
	close_opt(m, a);
	close_opt(m, ia);
	assert_int_equal(parse(m, &info), DHCP6_ERR_TRUNCATED);

	/* In a relay level after the Relay Message. */
	rhdr(m, DHCP6_RELAY_FORW, 0, NULL, client_ll);
	opt(m, DHCP6_OPT_RELAY_MSG, 4, "\x01\0\0\x01");
	put1(m, 0);
	assert_int_equal(parse(m, &info), DHCP6_ERR_TRUNCATED);
	assert_int_equal(info.depth, 0);
	free(m);
}

static void test_err_opt_len(void **state)
{
	static const struct {
		u16 outer;	/* 0: at the top level */
		u16 code;
		u16 len;
	} cases[] = {
		{ 0, DHCP6_OPT_IA_NA, 11 },
		{ 0, DHCP6_OPT_IA_PD, 0 },
		{ 0, DHCP6_OPT_STATUS_CODE, 1 },
		{ DHCP6_OPT_IA_NA, DHCP6_OPT_IAADDR, 23 },
		{ DHCP6_OPT_IA_PD, DHCP6_OPT_IAPREFIX, 24 },
		{ DHCP6_OPT_IA_NA, DHCP6_OPT_STATUS_CODE, 0 },
		/* The fixed parts are checked whatever the IA's kind. */
		{ DHCP6_OPT_IA_NA, DHCP6_OPT_IAPREFIX, 1 },
		{ DHCP6_OPT_IA_PD, DHCP6_OPT_IAADDR, 16 },
	};
	u8 zero[64] = { 0 };
	struct msg *m = msg_new();
	struct dhcp6_info info;
	unsigned int i;
	size_t ia, a;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hdr(m, DHCP6_REPLY, XID);
		if (cases[i].outer) {
			ia = open_ia(m, cases[i].outer, IAID, 0, 0);
			opt(m, cases[i].code, cases[i].len, zero);
			close_opt(m, ia);
		} else {
			opt(m, cases[i].code, cases[i].len, zero);
		}
		assert_int_equal(parse(m, &info), DHCP6_ERR_OPT_LEN);
	}

	/* A Status Code inside an IA Address and an IA Prefix. */
	hdr(m, DHCP6_REPLY, XID);
	ia = open_ia(m, DHCP6_OPT_IA_NA, IAID, 0, 0);
	a = open_iaaddr(m, addr1, 1, 2);
	opt(m, DHCP6_OPT_STATUS_CODE, 1, zero);
	close_opt(m, a);
	close_opt(m, ia);
	assert_int_equal(parse(m, &info), DHCP6_ERR_OPT_LEN);
	hdr(m, DHCP6_REPLY, XID);
	ia = open_ia(m, DHCP6_OPT_IA_PD, IAID, 0, 0);
	a = open_iaprefix(m, 1, 2, 64, pfx1);
	opt(m, DHCP6_OPT_STATUS_CODE, 1, zero);
	close_opt(m, a);
	close_opt(m, ia);
	assert_int_equal(parse(m, &info), DHCP6_ERR_OPT_LEN);

	/* Prefix lengths 128 and 129. */
	hdr(m, DHCP6_REPLY, XID);
	ia = open_ia(m, DHCP6_OPT_IA_PD, IAID, 0, 0);
	a = open_iaprefix(m, 1, 2, 128, pfx1);
	close_opt(m, a);
	close_opt(m, ia);
	assert_int_equal(parse(m, &info), DHCP6_OK);
	m->b[a + 4 + 8] = 129;
	assert_int_equal(parse(m, &info), DHCP6_ERR_OPT_LEN);

	/* Remote-ID without its enterprise number, in a relay message. */
	rhdr(m, DHCP6_RELAY_FORW, 0, NULL, client_ll);
	opt(m, DHCP6_OPT_REMOTE_ID, 3, zero);
	opt(m, DHCP6_OPT_RELAY_MSG, 4, "\x01\0\0\x01");
	assert_int_equal(parse(m, &info), DHCP6_ERR_OPT_LEN);
	rhdr(m, DHCP6_RELAY_FORW, 0, NULL, client_ll);
	opt(m, DHCP6_OPT_REMOTE_ID, 4, zero);
	opt(m, DHCP6_OPT_RELAY_MSG, 4, "\x01\0\0\x01");
	assert_int_equal(parse(m, &info), DHCP6_OK);

	/* Options the walker does not know are only framed. */
	hdr(m, DHCP6_SOLICIT, XID);
	opt(m, DHCP6_OPT_CLIENTID, 0, NULL);
	opt(m, DHCP6_OPT_IAADDR, 1, zero);
	opt(m, DHCP6_OPT_IAPREFIX, 0, NULL);
	assert_int_equal(parse(m, &info), DHCP6_OK);
	free(m);
}

static void test_err_relay_msg(void **state)
{
	struct msg *m = msg_new();
	struct dhcp6_info info;

	(void)state;
	rhdr(m, DHCP6_RELAY_FORW, 0, NULL, client_ll);
	assert_int_equal(parse(m, &info), DHCP6_ERR_NO_RELAY_MSG);
	opt(m, DHCP6_OPT_INTERFACE_ID, 3, "eth");
	assert_int_equal(parse(m, &info), DHCP6_ERR_NO_RELAY_MSG);
	opt(m, DHCP6_OPT_RELAY_MSG, 4, "\x01\0\0\x01");
	assert_int_equal(parse(m, &info), DHCP6_OK);
	opt(m, DHCP6_OPT_RELAY_MSG, 4, "\x03\0\0\x01");
	assert_int_equal(parse(m, &info), DHCP6_ERR_RELAY_MSG_DUP);
	m->b[0] = DHCP6_RELAY_REPL;
	assert_int_equal(parse(m, &info), DHCP6_ERR_RELAY_MSG_DUP);
	free(m);
}

/* @n relay messages around a SOLICIT, each one by the real builder. */
static enum dhcp6_err nest(struct msg *m, unsigned int n)
{
	struct msg *t = msg_new();
	struct dhcp6_relay_ids ids = ids_all;
	enum dhcp6_err err = DHCP6_OK;
	unsigned int i;

	solicit(m);
	for (i = 0; i < n && err == DHCP6_OK; i++) {
		/* The builder refuses hop-count 8: keep it low by hand. */
		if (m->b[0] == DHCP6_RELAY_FORW)
			m->b[1] = 0;
		err = dhcp6_relay_forw_build(t->b, sizeof(t->b), &ids,
					     client_ll, m->b, m->len, &t->len);
		memcpy(m->b, t->b, t->len);
		m->len = t->len;
	}
	free(t);
	return err;
}

static void test_depth(void **state)
{
	struct msg *m = msg_new(), *s = msg_new();
	struct dhcp6_info info;

	(void)state;
	solicit(s);
	assert_int_equal(nest(m, DHCP6_DEPTH_MAX), DHCP6_OK);
	assert_int_equal(parse(m, &info), DHCP6_OK);
	assert_int_equal(info.depth, DHCP6_DEPTH_MAX);
	assert_int_equal(info.inner_type, DHCP6_SOLICIT);
	assert_int_equal(info.inner_len, s->len);
	assert_memory_equal(m->b + info.inner_off, s->b, s->len);
	assert_int_equal(info.inner_off + info.inner_len, m->len);

	assert_int_equal(nest(m, DHCP6_DEPTH_MAX + 1), DHCP6_OK);
	assert_int_equal(parse(m, &info), DHCP6_ERR_TOO_DEEP);
	assert_int_equal(info.depth, DHCP6_DEPTH_MAX);

	/* The crafted frame: a Relay-Forward 40 deep. */
	assert_int_equal(nest(m, 40), DHCP6_OK);
	assert_int_equal(parse(m, &info), DHCP6_ERR_TOO_DEEP);
	free(m);
	free(s);
}

static void test_parse_relay_fields(void **state)
{
	struct msg *m = msg_new(), *s = msg_new();
	struct dhcp6_info info;
	size_t ifid_off;

	(void)state;
	solicit(s);
	rhdr(m, DHCP6_RELAY_FORW, 5, addr1, client_ll);
	opt(m, 38, 2, "ab");			/* Subscriber-ID: skipped */
	ifid_off = m->len + 4;
	opt(m, DHCP6_OPT_INTERFACE_ID, 4, "eth1");
	opt(m, DHCP6_OPT_REMOTE_ID, 6, "\0\0\x7e\xd9id");
	opt(m, DHCP6_OPT_RELAY_ID, sizeof(relay_duid), relay_duid);
	opt(m, DHCP6_OPT_RELAY_MSG, s->len, s->b);
	opt(m, DHCP6_OPT_INTERFACE_ID, 4, "eth2");	/* first one wins */
	opt(m, DHCP6_OPT_CLIENTID, 2, "zz");	/* not a relay's option */
	assert_int_equal(parse(m, &info), DHCP6_OK);
	assert_int_equal(info.msg_type, DHCP6_RELAY_FORW);
	assert_int_equal(info.hop_count, 5);
	assert_int_equal(info.xid, 0);
	assert_int_equal(info.depth, 1);
	assert_int_equal(info.interface_id_off, ifid_off);
	assert_int_equal(info.interface_id_len, 4);
	assert_memory_equal(m->b + info.interface_id_off, "eth1", 4);
	assert_int_equal(info.remote_id_len, 6);
	assert_memory_equal(m->b + info.remote_id_off, "\0\0\x7e\xd9id", 6);
	assert_int_equal(info.relay_id_len, sizeof(relay_duid));
	assert_memory_equal(m->b + info.relay_id_off, relay_duid,
			    sizeof(relay_duid));
	assert_int_equal(info.relay_msg_len, s->len);
	assert_memory_equal(m->b + info.relay_msg_off, s->b, s->len);
	assert_int_equal(info.inner_off, info.relay_msg_off);
	assert_int_equal(info.inner_type, DHCP6_SOLICIT);
	/* The client id is the outermost message's: none here. */
	assert_int_equal(info.client_id_off, 0);
	free(m);
	free(s);
}

/* ---------------------------------------------------------------- build */

static void test_build_bytes(void **state)
{
	static const u8 want_prefix[] = {
		12, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0x5e, 0xff,
		0xfe, 0x10, 0x20, 0x30,
		0, 18, 0, 8, 'b', 'r', '0', ':', 'e', 't', 'h', '1',
		0, 37, 0, 10, 0x00, 0x00, 0x7e, 0xd9,
		0x02, 0x00, 0x5e, 0x00, 0x53, 0xaa,
		0, 53, 0, 10, 0x00, 0x03, 0x00, 0x01, 0x02, 0x00, 0x5e, 0x00,
		0x53, 0xaa,
		0, 9,
	};
	struct msg *m = msg_new(), *s = msg_new();
	size_t over;

	(void)state;
	solicit(s);
	over = dhcp6_relay_forw_overhead(&ids_all);
	assert_int_equal(over, sizeof(want_prefix) + 2);
	assert_int_equal(dhcp6_relay_forw_build(m->b, sizeof(m->b), &ids_all,
						client_ll, s->b, s->len,
						&m->len), DHCP6_OK);
	assert_int_equal(m->len, over + s->len);
	assert_memory_equal(m->b, want_prefix, sizeof(want_prefix));
	assert_int_equal(m->b[sizeof(want_prefix)], s->len >> 8);
	assert_int_equal(m->b[sizeof(want_prefix) + 1], s->len & 0xff);
	assert_memory_equal(m->b + over, s->b, s->len);
	free(m);
	free(s);
}

static void test_build_optional_ids(void **state)
{
	struct dhcp6_relay_ids ids = { 0 };
	struct msg *m = msg_new(), *s = msg_new();
	struct dhcp6_info info;

	(void)state;
	solicit(s);
	ids.interface_id = (const u8 *)"p";
	ids.interface_id_len = 1;
	ids.remote_id = rid;		/* empty: left out */
	ids.relay_id_len = 10;		/* NULL: left out */
	assert_int_equal(dhcp6_relay_forw_overhead(&ids), 34 + 5 + 4);
	assert_int_equal(dhcp6_relay_forw_build(m->b, sizeof(m->b), &ids,
						client_ll, s->b, s->len,
						&m->len), DHCP6_OK);
	assert_int_equal(m->len, 34 + 5 + 4 + s->len);
	assert_int_equal(parse(m, &info), DHCP6_OK);
	assert_int_equal(info.interface_id_len, 1);
	assert_int_equal(info.remote_id_off, 0);
	assert_int_equal(info.relay_id_off, 0);

	/* Remote-ID alone: the enterprise number then the id. */
	ids.remote_id_len = sizeof(rid);
	ids.enterprise = 0x01020304;
	assert_int_equal(dhcp6_relay_forw_build(m->b, sizeof(m->b), &ids,
						client_ll, s->b, s->len,
						&m->len), DHCP6_OK);
	assert_int_equal(parse(m, &info), DHCP6_OK);
	assert_int_equal(info.remote_id_len, 4 + sizeof(rid));
	assert_memory_equal(m->b + info.remote_id_off, "\x01\x02\x03\x04", 4);
	assert_memory_equal(m->b + info.remote_id_off + 4, rid, sizeof(rid));
	assert_int_equal(info.relay_id_off, 0);
	free(m);
	free(s);
}

static void test_build_hop_count(void **state)
{
	struct msg *m = msg_new(), *r = msg_new(), *s = msg_new();
	struct dhcp6_info info;
	unsigned int hop;

	(void)state;
	solicit(s);
	/* An LDRA below us: its Relay-Forward from a trusted port. */
	for (hop = 0; hop < 256; hop++) {
		rhdr(r, DHCP6_RELAY_FORW, (u8)hop, NULL, client_ll);
		opt(r, DHCP6_OPT_INTERFACE_ID, 4, "eth9");
		opt(r, DHCP6_OPT_RELAY_MSG, s->len, s->b);
		m->len = 0;
		if (hop >= DHCP6_HOP_COUNT_LIMIT) {
			assert_int_equal(dhcp6_relay_forw_build(m->b,
					 sizeof(m->b), &ids_all, client_ll,
					 r->b, r->len, &m->len),
					 DHCP6_ERR_HOP_LIMIT);
			assert_int_equal(m->len, 0);
			continue;
		}
		assert_int_equal(dhcp6_relay_forw_build(m->b, sizeof(m->b),
							&ids_all, client_ll,
							r->b, r->len,
							&m->len), DHCP6_OK);
		assert_int_equal(parse(m, &info), DHCP6_OK);
		assert_int_equal(info.hop_count, hop + 1);
		assert_int_equal(info.depth, 2);
		assert_int_equal(info.relay_msg_len, r->len);
		assert_memory_equal(m->b + info.relay_msg_off, r->b, r->len);
	}
	free(m);
	free(r);
	free(s);
}

static void test_build_types(void **state)
{
	struct msg *m = msg_new(), *s = msg_new();
	unsigned int t;
	enum dhcp6_err err;

	(void)state;
	for (t = 0; t < 256; t++) {
		hdr(s, (u8)t, XID);
		if (t == DHCP6_RELAY_FORW || t == DHCP6_RELAY_REPL) {
			rhdr(s, (u8)t, 0, NULL, client_ll);
			opt(s, DHCP6_OPT_RELAY_MSG, 4, "\x01\0\0\x01");
		}
		err = dhcp6_relay_forw_build(m->b, sizeof(m->b), &ids_all,
					     client_ll, s->b, s->len, &m->len);
		if (dhcp6_is_client_type((u8)t) || t == DHCP6_RELAY_FORW)
			assert_int_equal(err, DHCP6_OK);
		else
			assert_int_equal(err, DHCP6_ERR_TYPE);
		if (err == DHCP6_OK)
			assert_int_equal(m->b[1], t == DHCP6_RELAY_FORW);
	}
	free(m);
	free(s);
}

static void test_build_errors(void **state)
{
	struct dhcp6_relay_ids ids = ids_all;
	struct msg *m = msg_new(), *s = msg_new();
	size_t over, nl = 12345;
	u8 *big;

	(void)state;
	solicit(s);
	over = dhcp6_relay_forw_overhead(&ids);

	/* Bad arguments. */
	assert_int_equal(dhcp6_relay_forw_overhead(NULL), 0);
	assert_int_equal(dhcp6_relay_forw_build(m->b, sizeof(m->b), NULL,
						client_ll, s->b, s->len, &nl),
			 DHCP6_ERR_INVAL);
	assert_int_equal(dhcp6_relay_forw_build(NULL, 100, &ids, client_ll,
						s->b, s->len, &nl),
			 DHCP6_ERR_INVAL);
	assert_int_equal(dhcp6_relay_forw_build(m->b, sizeof(m->b), &ids,
						NULL, s->b, s->len, &nl),
			 DHCP6_ERR_INVAL);
	assert_int_equal(dhcp6_relay_forw_build(m->b, sizeof(m->b), &ids,
						client_ll, NULL, 4, &nl),
			 DHCP6_ERR_INVAL);
	assert_int_equal(dhcp6_relay_forw_build(m->b, sizeof(m->b), &ids,
						client_ll, s->b, s->len, NULL),
			 DHCP6_ERR_INVAL);
	ids.interface_id_len = 0;	/* RFC 6221: always an Interface-ID */
	assert_int_equal(dhcp6_relay_forw_overhead(&ids), 0);
	assert_int_equal(dhcp6_relay_forw_build(m->b, sizeof(m->b), &ids,
						client_ll, s->b, s->len, &nl),
			 DHCP6_ERR_INVAL);
	ids = ids_all;
	ids.interface_id = NULL;
	assert_int_equal(dhcp6_relay_forw_overhead(&ids), 0);

	/* Ids over the option size. */
	big = calloc(1, 65536);
	assert_non_null(big);
	ids = ids_all;
	ids.interface_id = big;
	ids.interface_id_len = 65535;
	assert_int_not_equal(dhcp6_relay_forw_overhead(&ids), 0);
	ids.interface_id_len = 65536;
	assert_int_equal(dhcp6_relay_forw_overhead(&ids), 0);
	ids = ids_all;
	ids.remote_id = big;
	ids.remote_id_len = 65531;
	assert_int_not_equal(dhcp6_relay_forw_overhead(&ids), 0);
	ids.remote_id_len = 65532;
	assert_int_equal(dhcp6_relay_forw_overhead(&ids), 0);
	ids = ids_all;
	ids.relay_id = big;
	ids.relay_id_len = 65536;
	assert_int_equal(dhcp6_relay_forw_overhead(&ids), 0);
	ids = ids_all;
	assert_int_equal(nl, 12345);

	/* Short messages. */
	assert_int_equal(dhcp6_relay_forw_build(m->b, sizeof(m->b), &ids,
						client_ll, s->b, 3, &nl),
			 DHCP6_ERR_SHORT);
	assert_int_equal(dhcp6_relay_forw_build(m->b, sizeof(m->b), &ids,
						client_ll, s->b, 0, &nl),
			 DHCP6_ERR_SHORT);
	rhdr(s, DHCP6_RELAY_FORW, 0, NULL, client_ll);
	assert_int_equal(dhcp6_relay_forw_build(m->b, sizeof(m->b), &ids,
						client_ll, s->b, 33, &nl),
			 DHCP6_ERR_SHORT);

	/* One octet short: refused, nothing written. */
	solicit(s);
	memset(m->b, 0xee, sizeof(m->b));
	assert_int_equal(dhcp6_relay_forw_build(m->b, over + s->len - 1, &ids,
						client_ll, s->b, s->len, &nl),
			 DHCP6_ERR_NOSPACE);
	assert_int_equal(dhcp6_relay_forw_build(m->b, over - 1, &ids,
						client_ll, s->b, s->len, &nl),
			 DHCP6_ERR_NOSPACE);
	assert_int_equal(dhcp6_relay_forw_build(m->b, 0, &ids,
						client_ll, s->b, s->len, &nl),
			 DHCP6_ERR_NOSPACE);
	assert_int_equal(m->b[0], 0xee);
	assert_int_equal(m->b[over + s->len - 2], 0xee);
	assert_int_equal(nl, 12345);
	assert_int_equal(dhcp6_relay_forw_build(m->b, over + s->len, &ids,
						client_ll, s->b, s->len, &nl),
			 DHCP6_OK);
	assert_int_equal(nl, over + s->len);

	/* The largest message that fits in a UDP datagram, and one more. */
	memset(big, 0, 65536);
	big[0] = DHCP6_SOLICIT;
	assert_int_equal(dhcp6_relay_forw_build(m->b, sizeof(m->b), &ids,
						client_ll, big,
						DHCP6_MAX_LEN - over, &nl),
			 DHCP6_OK);
	assert_int_equal(nl, DHCP6_MAX_LEN);
	assert_int_equal(dhcp6_relay_forw_build(m->b, sizeof(m->b), &ids,
						client_ll, big,
						DHCP6_MAX_LEN - over + 1, &nl),
			 DHCP6_ERR_TOO_BIG);
	assert_int_equal(dhcp6_relay_forw_build(m->b, sizeof(m->b), &ids,
						client_ll, big, 65536, &nl),
			 DHCP6_ERR_TOO_BIG);
	free(big);
	free(m);
	free(s);
}

/* In place: the message already sits where the Relay Message's data goes. */
static void test_build_in_place(void **state)
{
	struct msg *m = msg_new(), *a = msg_new(), *s = msg_new();
	size_t over, nl;
	int shift;
	u8 *src;

	(void)state;
	solicit(s);
	over = dhcp6_relay_forw_overhead(&ids_all);
	assert_int_equal(dhcp6_relay_forw_build(a->b, sizeof(a->b), &ids_all,
						client_ll, s->b, s->len,
						&a->len), DHCP6_OK);
	memcpy(m->b + over, s->b, s->len);
	assert_int_equal(dhcp6_relay_forw_build(m->b, sizeof(m->b), &ids_all,
						client_ll, m->b + over, s->len,
						&nl), DHCP6_OK);
	assert_int_equal(nl, a->len);
	assert_memory_equal(m->b, a->b, nl);

	/* At the start of the buffer (moved up), or overlapping either way. */
	memset(m->b, 0, sizeof(m->b));
	memcpy(m->b, s->b, s->len);
	assert_int_equal(dhcp6_relay_forw_build(m->b, sizeof(m->b), &ids_all,
						client_ll, m->b, s->len,
						&nl), DHCP6_OK);
	assert_memory_equal(m->b, a->b, a->len);
	for (shift = -10; shift <= 10; shift += 5) {
		src = m->b + over + shift;
		memset(m->b, 0, sizeof(m->b));
		memcpy(src, s->b, s->len);
		assert_int_equal(dhcp6_relay_forw_build(m->b, sizeof(m->b),
							&ids_all, client_ll,
							src, s->len, &nl),
				 DHCP6_OK);
		assert_memory_equal(m->b, a->b, a->len);
	}
	free(m);
	free(a);
	free(s);
}

/* ------------------------------------------------- reply, unwrap, trips */

static void test_relay_reply_parse(void **state)
{
	struct msg *m = msg_new(), *r = msg_new();
	struct dhcp6_relay_reply rr;
	int order;

	(void)state;
	reply(r);
	for (order = 0; order < 2; order++) {
		/* dhcpd -6 echoes Interface-ID first, Kea after. */
		relay_reply(m, r, ifid, sizeof(ifid) - 1, order);
		assert_int_equal(dhcp6_relay_reply_parse(m->b, m->len, &rr),
				 DHCP6_OK);
		assert_int_equal(rr.hop_count, 0);
		assert_true(rr.link_addr_unspec);
		assert_ptr_equal(rr.link_addr, m->b + 2);
		assert_ptr_equal(rr.peer_addr, m->b + 18);
		assert_memory_equal(rr.peer_addr, client_ll, 16);
		assert_non_null(rr.interface_id);
		assert_int_equal(rr.interface_id_len, sizeof(ifid) - 1);
		assert_memory_equal(rr.interface_id, ifid, sizeof(ifid) - 1);
		assert_int_equal(rr.msg_len, r->len);
		assert_memory_equal(m->b + rr.msg_off, r->b, r->len);
		assert_int_equal(rr.msg_type, DHCP6_REPLY);
	}

	/* A server that does not echo Interface-ID (bngblaster #300). */
	relay_reply(m, r, NULL, 0, true);
	assert_int_equal(dhcp6_relay_reply_parse(m->b, m->len, &rr), DHCP6_OK);
	assert_null(rr.interface_id);
	assert_int_equal(rr.interface_id_len, 0);

	/* A routing relay's: link-address set, hop-count as sent. */
	relay_reply(m, r, ifid, 3, true);
	m->b[1] = 2;
	m->b[2 + 15] = 1;
	assert_int_equal(dhcp6_relay_reply_parse(m->b, m->len, &rr), DHCP6_OK);
	assert_false(rr.link_addr_unspec);
	assert_int_equal(rr.hop_count, 2);

	/* Not a Relay-Reply, or malformed. */
	m->b[0] = DHCP6_RELAY_FORW;
	assert_int_equal(dhcp6_relay_reply_parse(m->b, m->len, &rr),
			 DHCP6_ERR_TYPE);
	assert_int_equal(dhcp6_relay_reply_parse(r->b, r->len, &rr),
			 DHCP6_ERR_TYPE);
	assert_int_equal(dhcp6_relay_reply_parse(m->b, 0, &rr),
			 DHCP6_ERR_SHORT);
	m->b[0] = DHCP6_RELAY_REPL;
	assert_int_equal(dhcp6_relay_reply_parse(m->b, m->len - 1, &rr),
			 DHCP6_ERR_TRUNCATED);
	assert_int_equal(dhcp6_relay_reply_parse(m->b, 20, &rr),
			 DHCP6_ERR_SHORT);
	free(m);
	free(r);
}

static void test_unwrap_errors(void **state)
{
	struct msg *m = msg_new(), *c = msg_new();
	size_t nl = 77;

	(void)state;
	solicit(m);
	*c = *m;
	assert_int_equal(dhcp6_relay_unwrap(m->b, m->len, &nl),
			 DHCP6_ERR_TYPE);
	assert_memory_equal(m->b, c->b, m->len);
	assert_int_equal(nest(m, 1), DHCP6_OK);
	*c = *m;
	assert_int_equal(dhcp6_relay_unwrap(m->b, m->len - 1, &nl),
			 DHCP6_ERR_TRUNCATED);
	assert_memory_equal(m->b, c->b, m->len);
	assert_int_equal(nl, 77);
	free(m);
	free(c);
}

/* The whole path of one exchange through two LDRAs. */
static void test_roundtrip(void **state)
{
	struct msg *m = msg_new(), *s = msg_new(), *r = msg_new();
	struct msg *m1 = msg_new(), *rr1 = msg_new(), *rr2 = msg_new();
	struct dhcp6_relay_ids ids2 = ids_all;
	struct dhcp6_relay_reply rr;
	struct dhcp6_info info;
	size_t nl;

	(void)state;
	/* Client -> LDRA 1 -> LDRA 2 -> server. */
	solicit(s);
	assert_int_equal(dhcp6_relay_forw_build(m1->b, sizeof(m1->b),
						&ids_all, client_ll, s->b,
						s->len, &m1->len), DHCP6_OK);
	ids2.interface_id = (const u8 *)"br1:up0";
	ids2.interface_id_len = 7;
	assert_int_equal(dhcp6_relay_forw_build(m->b, sizeof(m->b), &ids2,
						client_ll, m1->b, m1->len,
						&m->len), DHCP6_OK);
	assert_int_equal(parse(m, &info), DHCP6_OK);
	assert_int_equal(info.depth, 2);
	assert_int_equal(info.hop_count, 1);
	assert_memory_equal(m->b + info.interface_id_off, "br1:up0", 7);
	assert_int_equal(info.inner_len, s->len);
	assert_memory_equal(m->b + info.inner_off, s->b, s->len);

	/* Each unwrap gives back the level below, byte for byte. */
	assert_int_equal(dhcp6_relay_unwrap(m->b, m->len, &nl), DHCP6_OK);
	assert_int_equal(nl, m1->len);
	assert_memory_equal(m->b, m1->b, nl);
	assert_int_equal(dhcp6_relay_unwrap(m->b, nl, &nl), DHCP6_OK);
	assert_int_equal(nl, s->len);
	assert_memory_equal(m->b, s->b, nl);

	/* Server -> LDRA 2 -> LDRA 1 -> client: the Interface-IDs echoed. */
	reply(r);
	relay_reply(rr1, r, ifid, sizeof(ifid) - 1, true);
	relay_reply(rr2, rr1, (const u8 *)"br1:up0", 7, false);
	assert_int_equal(dhcp6_relay_reply_parse(rr2->b, rr2->len, &rr),
			 DHCP6_OK);
	assert_memory_equal(rr.interface_id, "br1:up0", 7);
	assert_int_equal(rr.msg_type, DHCP6_RELAY_REPL);
	assert_int_equal(dhcp6_relay_unwrap(rr2->b, rr2->len, &nl), DHCP6_OK);
	assert_int_equal(nl, rr1->len);
	assert_memory_equal(rr2->b, rr1->b, nl);
	assert_int_equal(dhcp6_relay_reply_parse(rr2->b, nl, &rr), DHCP6_OK);
	assert_int_equal(rr.interface_id_len, sizeof(ifid) - 1);
	assert_memory_equal(rr.interface_id, ifid, sizeof(ifid) - 1);
	assert_int_equal(rr.msg_type, DHCP6_REPLY);
	assert_int_equal(dhcp6_relay_unwrap(rr2->b, nl, &nl), DHCP6_OK);
	assert_int_equal(nl, r->len);
	assert_memory_equal(rr2->b, r->b, nl);

	free(m);
	free(s);
	free(r);
	free(m1);
	free(rr1);
	free(rr2);
}

/* ------------------------------------------------------------- bindings */

#define MAX_SEEN 8

struct seen {
	unsigned int n;
	int stop_after;		/* 0: never */
	struct dhcp6_binding b[MAX_SEEN];
};

static int collect(const struct dhcp6_binding *b, void *arg)
{
	struct seen *s = arg;

	assert_true(s->n < MAX_SEEN);
	s->b[s->n++] = *b;
	return s->stop_after && s->n >= (unsigned int)s->stop_after;
}

/*
 * The *_info() forms, from the parse relay6.c holds: what the parsing
 * forms give, and their own refusals when the parse says the message is
 * not for them (those the parsing forms refuse before they get there).
 */
static void test_info_forms(void **state)
{
	struct msg *m = msg_new(), *r = msg_new(), *c = msg_new();
	struct dhcp6_relay_reply a, b;
	struct seen sa = { 0 }, sb = { 0 };
	struct dhcp6_bind_sum suma, sumb;
	struct dhcp6_info info, rinfo;
	size_t na = 0, nb = 0;

	(void)state;
	reply(r);
	relay_reply(m, r, ifid, sizeof(ifid) - 1, true);
	assert_int_equal(dhcp6_parse(m->b, m->len, &info), DHCP6_OK);
	assert_int_equal(dhcp6_parse(r->b, r->len, &rinfo), DHCP6_OK);

	assert_int_equal(dhcp6_relay_reply_parse(m->b, m->len, &a), DHCP6_OK);
	assert_int_equal(dhcp6_relay_reply_info(m->b, &info, &b), DHCP6_OK);
	assert_memory_equal(&a, &b, sizeof(a));
	assert_int_equal(dhcp6_relay_reply_info(r->b, &rinfo, &b),
			 DHCP6_ERR_TYPE);
	assert_null(b.interface_id);

	assert_int_equal(dhcp6_bindings(m->b, m->len, collect, &sa, &suma),
			 DHCP6_OK);
	assert_int_equal(dhcp6_bindings_info(m->b, &info, collect, &sb,
					     &sumb), DHCP6_OK);
	assert_true(sa.n > 0);
	assert_int_equal(sa.n, sb.n);
	assert_memory_equal(sa.b, sb.b, sa.n * sizeof(sa.b[0]));
	assert_memory_equal(&suma, &sumb, sizeof(suma));
	assert_int_equal(dhcp6_bindings_info(m->b, &info, NULL, NULL, &sumb),
			 DHCP6_ERR_INVAL);
	assert_int_equal(sumb.reported, 0);
	solicit(c);
	assert_int_equal(dhcp6_parse(c->b, c->len, &rinfo), DHCP6_OK);
	assert_int_equal(dhcp6_bindings_info(c->b, &rinfo, collect, &sb, NULL),
			 DHCP6_ERR_TYPE);

	*c = *m;
	assert_int_equal(dhcp6_relay_unwrap(m->b, m->len, &na), DHCP6_OK);
	assert_int_equal(dhcp6_relay_unwrap_info(c->b, &info, &nb), DHCP6_OK);
	assert_int_equal(na, nb);
	assert_memory_equal(m->b, c->b, na);
	assert_int_equal(dhcp6_parse(r->b, r->len, &rinfo), DHCP6_OK);
	*c = *r;
	nb = 77;
	assert_int_equal(dhcp6_relay_unwrap_info(r->b, &rinfo, &nb),
			 DHCP6_ERR_TYPE);
	assert_memory_equal(r->b, c->b, r->len);
	assert_int_equal(nb, 77);
	free(m);
	free(r);
	free(c);
}

static void test_bindings_reply(void **state)
{
	struct msg *m = msg_new();
	struct dhcp6_bind_sum sum;
	struct seen seen = { 0 };

	(void)state;
	reply(m);
	assert_int_equal(dhcp6_bindings(m->b, m->len, collect, &seen, &sum),
			 DHCP6_OK);
	assert_int_equal(sum.msg_type, DHCP6_REPLY);
	assert_int_equal(sum.status, 0);
	assert_int_equal(sum.reported, 2);
	assert_int_equal(sum.skipped_status, 0);
	assert_int_equal(sum.skipped_lifetime, 0);
	assert_false(sum.stopped);
	assert_int_equal(seen.n, 2);

	assert_int_equal(seen.b[0].msg_type, DHCP6_REPLY);
	assert_int_equal(seen.b[0].ia_type, DHCP6_OPT_IA_NA);
	assert_int_equal(seen.b[0].iaid, IAID);
	assert_int_equal(seen.b[0].t1, 3600);
	assert_int_equal(seen.b[0].t2, 5760);
	assert_memory_equal(seen.b[0].addr, addr1, 16);
	assert_int_equal(seen.b[0].plen, 128);
	assert_int_equal(seen.b[0].preferred, 7200);
	assert_int_equal(seen.b[0].valid, 10800);
	assert_int_equal(seen.b[0].duid_len, sizeof(client_duid));
	assert_memory_equal(seen.b[0].duid, client_duid, sizeof(client_duid));

	assert_int_equal(seen.b[1].ia_type, DHCP6_OPT_IA_PD);
	assert_int_equal(seen.b[1].iaid, IAID);
	assert_memory_equal(seen.b[1].addr, pfx1, 16);
	assert_int_equal(seen.b[1].plen, 56);
	assert_int_equal(seen.b[1].preferred, 7200);
	assert_int_equal(seen.b[1].valid, 10800);
	assert_ptr_equal(seen.b[1].duid, seen.b[0].duid);

	/* The same REPLY inside a Relay-Reply, inside another. */
	{
		struct msg *r1 = msg_new(), *r2 = msg_new();
		struct seen s2 = { 0 };

		relay_reply(r1, m, ifid, 3, true);
		relay_reply(r2, r1, ifid, 3, false);
		assert_int_equal(dhcp6_bindings(r2->b, r2->len, collect, &s2,
						NULL), DHCP6_OK);
		assert_int_equal(s2.n, 2);
		assert_memory_equal(s2.b[0].addr, addr1, 16);
		assert_memory_equal(s2.b[1].addr, pfx1, 16);
		assert_memory_equal(s2.b[0].duid, client_duid,
				    sizeof(client_duid));
		free(r1);
		free(r2);
	}
	free(m);
}

static void test_bindings_status(void **state)
{
	struct msg *m = msg_new();
	struct dhcp6_bind_sum sum;
	struct seen seen = { 0 };
	size_t ia, a;

	(void)state;
	hdr(m, DHCP6_REPLY, XID);
	opt(m, DHCP6_OPT_CLIENTID, sizeof(client_duid), client_duid);
	/* IA 1: NoAddrsAvail, yet with an address: skipped whole. */
	ia = open_ia(m, DHCP6_OPT_IA_NA, 1, 0, 0);
	status(m, 2, "no addresses");
	a = open_iaaddr(m, addr2, 10, 20);
	close_opt(m, a);
	close_opt(m, ia);
	/* IA 2: one address NoBinding, one with an explicit Success. */
	ia = open_ia(m, DHCP6_OPT_IA_NA, 2, 0, 0);
	a = open_iaaddr(m, addr2, 10, 20);
	status(m, 3, "");
	close_opt(m, a);
	a = open_iaaddr(m, addr1, 30, 40);
	status(m, 0, "ok");
	close_opt(m, a);
	status(m, 0, "");
	close_opt(m, ia);
	/* IA 3: an IA_PD with NoPrefixAvail. */
	ia = open_ia(m, DHCP6_OPT_IA_PD, 3, 0, 0);
	a = open_iaprefix(m, 1, 2, 60, pfx1);
	close_opt(m, a);
	status(m, 6, "");
	close_opt(m, ia);
	assert_int_equal(dhcp6_bindings(m->b, m->len, collect, &seen, &sum),
			 DHCP6_OK);
	assert_int_equal(seen.n, 1);
	assert_int_equal(seen.b[0].iaid, 2);
	assert_memory_equal(seen.b[0].addr, addr1, 16);
	assert_int_equal(seen.b[0].preferred, 30);
	assert_int_equal(sum.reported, 1);
	assert_int_equal(sum.skipped_status, 3);

	/* A top-level failure: nothing, whatever the IAs say. */
	reply(m);
	status(m, 1, "UnspecFail");
	seen.n = 0;
	assert_int_equal(dhcp6_bindings(m->b, m->len, collect, &seen, &sum),
			 DHCP6_OK);
	assert_int_equal(seen.n, 0);
	assert_int_equal(sum.status, 1);
	assert_int_equal(sum.reported, 0);

	/* A top-level Success changes nothing. */
	reply(m);
	status(m, 0, "");
	assert_int_equal(dhcp6_bindings(m->b, m->len, collect, &seen, &sum),
			 DHCP6_OK);
	assert_int_equal(seen.n, 2);
	free(m);
}

static void test_bindings_lifetimes(void **state)
{
	struct msg *m = msg_new();
	struct dhcp6_bind_sum sum;
	struct seen seen = { 0 };
	size_t ia, a;

	(void)state;
	hdr(m, DHCP6_REPLY, XID);
	ia = open_ia(m, DHCP6_OPT_IA_NA, 9, 0, 0);
	a = open_iaaddr(m, addr1, 41, 40);	/* preferred > valid */
	close_opt(m, a);
	a = open_iaaddr(m, addr2, 0, 0);	/* taken back */
	close_opt(m, a);
	a = open_iaaddr(m, addr1, 0xffffffff, 0xffffffff);	/* infinite */
	close_opt(m, a);
	close_opt(m, ia);
	ia = open_ia(m, DHCP6_OPT_IA_PD, 9, 0, 0);
	a = open_iaprefix(m, 7, 6, 48, pfx1);	/* preferred > valid */
	close_opt(m, a);
	close_opt(m, ia);
	assert_int_equal(dhcp6_bindings(m->b, m->len, collect, &seen, &sum),
			 DHCP6_OK);
	assert_int_equal(sum.skipped_lifetime, 2);
	assert_int_equal(seen.n, 2);
	assert_memory_equal(seen.b[0].addr, addr2, 16);
	assert_int_equal(seen.b[0].valid, 0);
	assert_int_equal(seen.b[1].valid, 0xffffffff);
	/* No client id: no DUID to key by, the caller decides. */
	assert_null(seen.b[0].duid);
	assert_int_equal(seen.b[0].duid_len, 0);
	free(m);
}

/* What dhclient -6 sends on "dhclient -6 -r" and on a duplicate address. */
static void test_bindings_release_decline(void **state)
{
	static const u8 types[] = { DHCP6_RELEASE, DHCP6_DECLINE };
	struct msg *m = msg_new();
	struct dhcp6_bind_sum sum;
	struct seen seen;
	unsigned int i;
	size_t ia, a;

	(void)state;
	for (i = 0; i < 2; i++) {
		memset(&seen, 0, sizeof(seen));
		hdr(m, types[i], XID);
		opt(m, DHCP6_OPT_CLIENTID, sizeof(client_duid), client_duid);
		opt(m, DHCP6_OPT_SERVERID, sizeof(server_duid), server_duid);
		opt(m, 8, 2, "\0\0");
		ia = open_ia(m, DHCP6_OPT_IA_NA, IAID, 0, 0);
		a = open_iaaddr(m, addr1, 0, 0);
		close_opt(m, a);
		/* Status is the server's business: not looked at. */
		status(m, 2, "");
		close_opt(m, ia);
		ia = open_ia(m, DHCP6_OPT_IA_PD, IAID, 0, 0);
		a = open_iaprefix(m, 5, 0, 56, pfx1);
		close_opt(m, a);
		close_opt(m, ia);
		assert_int_equal(dhcp6_bindings(m->b, m->len, collect, &seen,
						&sum), DHCP6_OK);
		assert_int_equal(sum.msg_type, types[i]);
		assert_int_equal(seen.n, 2);
		assert_int_equal(seen.b[0].msg_type, types[i]);
		assert_memory_equal(seen.b[0].addr, addr1, 16);
		assert_int_equal(seen.b[1].plen, 56);
		assert_int_equal(seen.b[1].preferred, 5);
		assert_memory_equal(seen.b[1].duid, client_duid,
				    sizeof(client_duid));
	}
	free(m);
}

static void test_bindings_kinds_and_stop(void **state)
{
	struct msg *m = msg_new();
	struct dhcp6_bind_sum sum;
	struct seen seen = { 0 };
	size_t ia, a;

	(void)state;
	hdr(m, DHCP6_REPLY, XID);
	ia = open_ia(m, DHCP6_OPT_IA_NA, 1, 0, 0);
	a = open_iaprefix(m, 1, 2, 64, pfx1);	/* wrong kind: ignored */
	close_opt(m, a);
	a = open_iaaddr(m, addr1, 1, 2);
	close_opt(m, a);
	a = open_iaaddr(m, addr2, 1, 2);
	close_opt(m, a);
	close_opt(m, ia);
	ia = open_ia(m, DHCP6_OPT_IA_PD, 2, 0, 0);
	a = open_iaaddr(m, addr2, 1, 2);	/* wrong kind: ignored */
	close_opt(m, a);
	a = open_iaprefix(m, 1, 2, 64, pfx1);
	close_opt(m, a);
	close_opt(m, ia);
	opt(m, 4, 12, "IA_TA-ignore");		/* IA_TA: not ours */
	assert_int_equal(dhcp6_bindings(m->b, m->len, collect, &seen, &sum),
			 DHCP6_OK);
	assert_int_equal(seen.n, 3);
	assert_int_equal(seen.b[0].plen, 128);
	assert_int_equal(seen.b[1].plen, 128);
	assert_int_equal(seen.b[2].plen, 64);
	assert_int_equal(seen.b[2].iaid, 2);

	memset(&seen, 0, sizeof(seen));
	seen.stop_after = 2;
	assert_int_equal(dhcp6_bindings(m->b, m->len, collect, &seen, &sum),
			 DHCP6_OK);
	assert_int_equal(seen.n, 2);
	assert_int_equal(sum.reported, 2);
	assert_true(sum.stopped);
	free(m);
}

static void test_bindings_errors(void **state)
{
	struct msg *m = msg_new();
	struct dhcp6_bind_sum sum;
	struct seen seen = { 0 };
	unsigned int t;
	size_t ia;

	(void)state;
	/* Only REPLY, RELEASE and DECLINE, at whatever depth. */
	for (t = 1; t < 256; t++) {
		if (t == DHCP6_REPLY || t == DHCP6_RELEASE ||
		    t == DHCP6_DECLINE || t == DHCP6_RELAY_FORW ||
		    t == DHCP6_RELAY_REPL)
			continue;
		hdr(m, (u8)t, XID);
		assert_int_equal(dhcp6_bindings(m->b, m->len, collect, &seen,
						&sum), DHCP6_ERR_TYPE);
		assert_int_equal(sum.msg_type, t);
	}
	assert_int_equal(nest(m, 1), DHCP6_OK);		/* a SOLICIT */
	assert_int_equal(dhcp6_bindings(m->b, m->len, collect, &seen, &sum),
			 DHCP6_ERR_TYPE);
	assert_int_equal(sum.msg_type, DHCP6_SOLICIT);

	/* Malformed: refused before any binding is given. */
	reply(m);
	ia = open_ia(m, DHCP6_OPT_IA_NA, 7, 0, 0);
	opt(m, DHCP6_OPT_IAADDR, 20, "12345678901234567890");
	close_opt(m, ia);
	assert_int_equal(dhcp6_bindings(m->b, m->len, collect, &seen, &sum),
			 DHCP6_ERR_OPT_LEN);
	reply(m);
	assert_int_equal(dhcp6_bindings(m->b, m->len - 1, collect, &seen,
					&sum), DHCP6_ERR_TRUNCATED);
	assert_int_equal(seen.n, 0);
	assert_int_equal(sum.reported, 0);
	assert_int_equal(dhcp6_bindings(m->b, m->len, NULL, NULL, &sum),
			 DHCP6_ERR_INVAL);
	free(m);
}

/* ------------------------------------------------------------- strerror */

static void test_strerror(void **state)
{
	const char *s[DHCP6_ERR_INVAL + 1];
	int i, j;

	(void)state;
	for (i = DHCP6_OK; i <= DHCP6_ERR_INVAL; i++) {
		s[i] = dhcp6_strerror((enum dhcp6_err)i);
		assert_non_null(s[i]);
		assert_true(strlen(s[i]) > 0);
		assert_string_not_equal(s[i], "unknown error");
		for (j = 0; j < i; j++)
			assert_string_not_equal(s[i], s[j]);
	}
	assert_string_equal(dhcp6_strerror((enum dhcp6_err)99),
			    "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_parse_solicit),
		cmocka_unit_test(test_parse_reply),
		cmocka_unit_test(test_err_short),
		cmocka_unit_test(test_err_type),
		cmocka_unit_test(test_err_truncated),
		cmocka_unit_test(test_err_truncated_nested),
		cmocka_unit_test(test_err_opt_len),
		cmocka_unit_test(test_err_relay_msg),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_parse_relay_fields),
		cmocka_unit_test(test_build_bytes),
		cmocka_unit_test(test_build_optional_ids),
		cmocka_unit_test(test_build_hop_count),
		cmocka_unit_test(test_build_types),
		cmocka_unit_test(test_build_errors),
		cmocka_unit_test(test_build_in_place),
		cmocka_unit_test(test_relay_reply_parse),
		cmocka_unit_test(test_unwrap_errors),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_bindings_reply),
		cmocka_unit_test(test_bindings_status),
		cmocka_unit_test(test_bindings_lifetimes),
		cmocka_unit_test(test_bindings_release_decline),
		cmocka_unit_test(test_bindings_kinds_and_stop),
		cmocka_unit_test(test_bindings_errors),
		cmocka_unit_test(test_info_forms),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests_name("dhcp6_relay", tests, NULL, NULL);
}
