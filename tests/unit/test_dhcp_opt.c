// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of kmod/dhcp_opt.c: every message is built octet by octet by
 * the helpers below, the way a client, a server or another relay would put
 * it on the wire.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "dhcp_opt.h"

#define BUF_MAX 2048

struct msg {
	u8 b[BUF_MAX];
	size_t len;		/* octets of the message */
};

/* A BOOTP header with cookie; options are appended after it. */
static void msg_init(struct msg *m, u8 op, uint32_t xid, uint16_t flags)
{
	static const u8 mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };

	memset(m, 0, sizeof(*m));
	m->b[DHCP_OFF_OP] = op;
	m->b[DHCP_OFF_HTYPE] = 1;
	m->b[DHCP_OFF_HLEN] = 6;
	m->b[DHCP_OFF_XID] = xid >> 24;
	m->b[DHCP_OFF_XID + 1] = xid >> 16;
	m->b[DHCP_OFF_XID + 2] = xid >> 8;
	m->b[DHCP_OFF_XID + 3] = xid;
	m->b[DHCP_OFF_FLAGS] = flags >> 8;
	m->b[DHCP_OFF_FLAGS + 1] = flags;
	memcpy(m->b + DHCP_OFF_CHADDR, mac, sizeof(mac));
	m->b[DHCP_OFF_COOKIE] = 99;
	m->b[DHCP_OFF_COOKIE + 1] = 130;
	m->b[DHCP_OFF_COOKIE + 2] = 83;
	m->b[DHCP_OFF_COOKIE + 3] = 99;
	m->len = DHCP_OFF_OPTIONS;
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

/* Append option @code with @n data octets (may be NULL: filled 0x11..). */
static size_t opt(struct msg *m, u8 code, u8 n, const void *data)
{
	size_t off = m->len;
	unsigned int i;

	put1(m, code);
	put1(m, n);
	for (i = 0; i < n; i++)
		put1(m, data ? ((const u8 *)data)[i] : (u8)(0x11 + i));
	return off;
}

static void opt1(struct msg *m, u8 code, u8 v)
{
	opt(m, code, 1, &v);
}

static void pad(struct msg *m, size_t n)
{
	while (n--)
		put1(m, DHCP_OPT_PAD);
}

static void end(struct msg *m)
{
	put1(m, DHCP_OPT_END);
}

/* Write option @code at @pos of a fixed field; returns the next position. */
static size_t fopt(struct msg *m, size_t pos, u8 code, u8 n,
		   const void *data)
{
	unsigned int i;

	m->b[pos] = code;
	m->b[pos + 1] = n;
	for (i = 0; i < n; i++)
		m->b[pos + 2 + i] = data ? ((const u8 *)data)[i] :
					   (u8)(0x40 + i);
	return pos + 2 + n;
}

/* A DHCPDISCOVER as a typical client sends it, without END. */
static void discover_body(struct msg *m)
{
	static const u8 prl[] = { 1, 3, 6, 15, 28, 42 };
	static const u8 cid[] = { 1, 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };

	msg_init(m, DHCP_BOOTREQUEST, 0x3903f326, 0);
	opt1(m, DHCP_OPT_MSG_TYPE, 1);
	opt(m, DHCP_OPT_CLIENT_ID, sizeof(cid), cid);
	opt(m, 55, sizeof(prl), prl);
	opt(m, DHCP_OPT_MAX_MSG_SIZE, 2, "\x05\xdc");
}

/* Our option 82 for the tests: circuit-id "br0:eth1", remote-id a MAC. */
static size_t our_rai(u8 *out, size_t cap)
{
	return dhcp_rai_build(out, cap, (const u8 *)"br0:eth1", 8,
			      (const u8 *)"\x02\x00\x00\x00\x00\x01", 6,
			      NULL, 0);
}

/* The options of one field as the test sees them: code, length, offset. */
struct oref {
	u8 code;
	u8 len;
	size_t off;
};

static size_t list_opts(const u8 *b, size_t start, size_t limit,
			struct oref *out, size_t max)
{
	size_t i = start, n = 0;

	while (i < limit && b[i] != DHCP_OPT_END) {
		if (b[i] == DHCP_OPT_PAD) {
			i++;
			continue;
		}
		assert_true(i + 1 < limit && i + 2 + b[i + 1] <= limit);
		assert_true(n < max);
		out[n].code = b[i];
		out[n].len = b[i + 1];
		out[n].off = i;
		n++;
		i += 2 + b[i + 1];
	}
	return n;
}

static enum dhcp_err parse(const struct msg *m, struct dhcp_info *info)
{
	return dhcp_parse(m->b, m->len, info);
}

/* ---------------------------------------------------------------- parse */

static void test_minimal_discover(void **state)
{
	struct dhcp_info info;
	struct msg m;

	(void)state;
	msg_init(&m, DHCP_BOOTREQUEST, 0x01020304, 0);
	opt1(&m, DHCP_OPT_MSG_TYPE, 1);
	end(&m);
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(info.op, DHCP_BOOTREQUEST);
	assert_int_equal(info.msg_type, 1);
	assert_int_equal(info.overload, 0);
	assert_int_equal(info.xid, 0x01020304);
	assert_false(info.broadcast);
	assert_true(info.giaddr_zero);
	assert_int_equal(info.end_off, DHCP_OFF_OPTIONS + 3);
	assert_int_equal(info.trailing, 0);
	assert_int_equal(info.max_msg_size, 0);
	assert_int_equal(info.rai_count, 0);
	assert_int_equal(info.client_id_off, 0);
	assert_int_equal(info.lease_time_off, 0);
	assert_int_equal(info.server_id_off, 0);
	assert_int_equal(info.req_ip_off, 0);
}

static void test_header_fields(void **state)
{
	struct dhcp_info info;
	struct msg m;

	(void)state;
	msg_init(&m, DHCP_BOOTREPLY, 0xdeadbeef, 0x8000);
	opt1(&m, DHCP_OPT_MSG_TYPE, 2);
	end(&m);
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(info.op, DHCP_BOOTREPLY);
	assert_int_equal(info.xid, 0xdeadbeef);
	assert_true(info.broadcast);
	assert_true(info.giaddr_zero);

	/* Every other flag bit set: still not broadcast. */
	m.b[DHCP_OFF_FLAGS] = 0x7f;
	m.b[DHCP_OFF_FLAGS + 1] = 0xff;
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_false(info.broadcast);

	/* giaddr 0.0.0.1 and 10.0.0.0 are both set. */
	m.b[DHCP_OFF_GIADDR + 3] = 1;
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_false(info.giaddr_zero);
	m.b[DHCP_OFF_GIADDR + 3] = 0;
	m.b[DHCP_OFF_GIADDR] = 10;
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_false(info.giaddr_zero);
}

static void test_err_short(void **state)
{
	struct dhcp_info info;
	struct msg m;

	(void)state;
	msg_init(&m, DHCP_BOOTREQUEST, 1, 0);
	assert_int_equal(dhcp_parse(m.b, DHCP_MIN_LEN - 1, &info),
			 DHCP_ERR_SHORT);
	assert_int_equal(dhcp_parse(m.b, 0, &info), DHCP_ERR_SHORT);
	/* The header and cookie alone: long enough, but no END. */
	assert_int_equal(dhcp_parse(m.b, DHCP_MIN_LEN, &info),
			 DHCP_ERR_NO_END);
}

static void test_err_op(void **state)
{
	struct dhcp_info info;
	struct msg m;

	(void)state;
	msg_init(&m, 3, 1, 0);
	end(&m);
	assert_int_equal(parse(&m, &info), DHCP_ERR_OP);
	m.b[DHCP_OFF_OP] = 0;
	assert_int_equal(parse(&m, &info), DHCP_ERR_OP);
	m.b[DHCP_OFF_OP] = DHCP_BOOTREPLY;
	assert_int_equal(parse(&m, &info), DHCP_OK);
}

static void test_err_cookie(void **state)
{
	struct dhcp_info info;
	struct msg m;

	(void)state;
	msg_init(&m, DHCP_BOOTREQUEST, 1, 0);
	end(&m);
	m.b[DHCP_OFF_COOKIE + 3] = 98;
	assert_int_equal(parse(&m, &info), DHCP_ERR_COOKIE);
	/* Plain BOOTP (RFC 951 vendor area of zeros). */
	memset(m.b + DHCP_OFF_COOKIE, 0, 4);
	assert_int_equal(parse(&m, &info), DHCP_ERR_COOKIE);
}

static void test_err_truncated(void **state)
{
	struct dhcp_info info;
	struct msg m;

	(void)state;
	/* Length runs past the message. */
	msg_init(&m, DHCP_BOOTREQUEST, 1, 0);
	opt1(&m, DHCP_OPT_MSG_TYPE, 1);
	put1(&m, DHCP_OPT_CLIENT_ID);
	put1(&m, 7);
	put(&m, "\x01\x02\x03", 3);
	assert_int_equal(parse(&m, &info), DHCP_ERR_TRUNCATED);

	/* The code octet is the last octet: no length octet at all. */
	msg_init(&m, DHCP_BOOTREQUEST, 1, 0);
	opt1(&m, DHCP_OPT_MSG_TYPE, 1);
	put1(&m, 55);
	assert_int_equal(parse(&m, &info), DHCP_ERR_TRUNCATED);

	/* Ends exactly at the message end: fine, but no END. */
	msg_init(&m, DHCP_BOOTREQUEST, 1, 0);
	opt(&m, 55, 3, NULL);
	assert_int_equal(parse(&m, &info), DHCP_ERR_NO_END);
	/* One octet short of that. */
	m.len--;
	assert_int_equal(parse(&m, &info), DHCP_ERR_TRUNCATED);
}

static void test_err_no_end(void **state)
{
	struct dhcp_info info;
	struct msg m;

	(void)state;
	discover_body(&m);
	assert_int_equal(parse(&m, &info), DHCP_ERR_NO_END);
	pad(&m, 20);
	assert_int_equal(parse(&m, &info), DHCP_ERR_NO_END);
	end(&m);
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(info.end_off, m.len - 1);
}

static void test_err_overload(void **state)
{
	struct dhcp_info info;
	struct msg m;

	(void)state;
	/* Wrong length. */
	msg_init(&m, DHCP_BOOTREQUEST, 1, 0);
	opt(&m, DHCP_OPT_OVERLOAD, 2, "\x01\x00");
	end(&m);
	assert_int_equal(parse(&m, &info), DHCP_ERR_OVERLOAD);

	/* Values 0 and 4. */
	msg_init(&m, DHCP_BOOTREQUEST, 1, 0);
	opt1(&m, DHCP_OPT_OVERLOAD, 0);
	end(&m);
	assert_int_equal(parse(&m, &info), DHCP_ERR_OVERLOAD);
	m.b[DHCP_OFF_OPTIONS + 2] = 4;
	assert_int_equal(parse(&m, &info), DHCP_ERR_OVERLOAD);
	m.b[DHCP_OFF_OPTIONS + 2] = 3;
	m.b[DHCP_OFF_FILE] = DHCP_OPT_END;
	m.b[DHCP_OFF_SNAME] = DHCP_OPT_END;
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(info.overload, 3);
}

static void test_overload_repeated(void **state)
{
	struct dhcp_info info;
	struct msg m;
	size_t p;

	(void)state;
	/* Twice in the options field, even with the same value. */
	msg_init(&m, DHCP_BOOTREQUEST, 1, 0);
	opt1(&m, DHCP_OPT_OVERLOAD, 1);
	opt1(&m, DHCP_OPT_MSG_TYPE, 3);
	opt1(&m, DHCP_OPT_OVERLOAD, 1);
	end(&m);
	m.b[DHCP_OFF_FILE] = DHCP_OPT_END;
	assert_int_equal(parse(&m, &info), DHCP_ERR_OVERLOAD);

	/* Once in options and again inside the overloaded file field. */
	msg_init(&m, DHCP_BOOTREQUEST, 1, 0);
	opt1(&m, DHCP_OPT_OVERLOAD, 1);
	end(&m);
	p = fopt(&m, DHCP_OFF_FILE, DHCP_OPT_OVERLOAD, 1, "\x03");
	m.b[p] = DHCP_OPT_END;
	assert_int_equal(parse(&m, &info), DHCP_ERR_OVERLOAD);

	/* ... or inside sname. */
	msg_init(&m, DHCP_BOOTREQUEST, 1, 0);
	opt1(&m, DHCP_OPT_OVERLOAD, 2);
	end(&m);
	p = fopt(&m, DHCP_OFF_SNAME, DHCP_OPT_OVERLOAD, 1, "\x02");
	m.b[p] = DHCP_OPT_END;
	assert_int_equal(parse(&m, &info), DHCP_ERR_OVERLOAD);
}

/* ----------------------------------------------------------- the walker */

static void test_walker_pads(void **state)
{
	struct dhcp_info info;
	struct msg m;

	(void)state;
	msg_init(&m, DHCP_BOOTREQUEST, 1, 0);
	pad(&m, 3);
	opt1(&m, DHCP_OPT_MSG_TYPE, 3);
	pad(&m, 1);
	opt(&m, DHCP_OPT_REQ_IP, 4, "\xc0\x00\x02\x07");
	pad(&m, 2);
	end(&m);
	pad(&m, 300 - m.len);	/* padded to the 300-octet BOOTP minimum */
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(info.msg_type, 3);
	assert_int_equal(info.req_ip_off, DHCP_OFF_OPTIONS + 3 + 3 + 1 + 2);
	assert_int_equal(info.end_off, DHCP_OFF_OPTIONS + 3 + 3 + 1 + 6 + 2);
	assert_int_equal(info.trailing, 300 - info.end_off - 1);
}

static void test_walker_after_end(void **state)
{
	struct dhcp_info info;
	struct msg m;

	(void)state;
	/* Junk after END is not parsed; trailing counts only the PADs
	 * right after END.
	 */
	msg_init(&m, DHCP_BOOTREQUEST, 1, 0);
	opt1(&m, DHCP_OPT_MSG_TYPE, 1);
	end(&m);
	pad(&m, 4);
	put1(&m, DHCP_OPT_CLIENT_ID);
	put1(&m, 200);
	pad(&m, 3);
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(info.end_off, DHCP_OFF_OPTIONS + 3);
	assert_int_equal(info.trailing, 4);
	assert_int_equal(info.client_id_off, 0);

	/* A PAD-only options field, then END. */
	msg_init(&m, DHCP_BOOTREQUEST, 1, 0);
	pad(&m, 10);
	end(&m);
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(info.end_off, DHCP_OFF_OPTIONS + 10);
	assert_int_equal(info.msg_type, 0);
}

static void test_recorded_options(void **state)
{
	struct dhcp_info info;
	struct msg m;
	size_t lease, sid, rip, cid;

	(void)state;
	msg_init(&m, DHCP_BOOTREPLY, 1, 0);
	opt(&m, DHCP_OPT_MSG_TYPE, 2, "\x05\x05");	/* bad length */
	opt1(&m, DHCP_OPT_MSG_TYPE, 5);
	opt1(&m, DHCP_OPT_MSG_TYPE, 6);			/* not the first */
	opt(&m, DHCP_OPT_LEASE_TIME, 3, NULL);		/* bad length */
	lease = opt(&m, DHCP_OPT_LEASE_TIME, 4, "\x00\x01\x51\x80");
	sid = opt(&m, DHCP_OPT_SERVER_ID, 4, "\xc0\x00\x02\x01");
	opt(&m, DHCP_OPT_SERVER_ID, 4, "\xc0\x00\x02\x02");
	opt(&m, DHCP_OPT_REQ_IP, 0, NULL);		/* bad length */
	rip = opt(&m, DHCP_OPT_REQ_IP, 4, "\xc0\x00\x02\x07");
	opt(&m, DHCP_OPT_CLIENT_ID, 0, NULL);		/* empty */
	cid = opt(&m, DHCP_OPT_CLIENT_ID, 9, "\xff\x00\x00\x00\x01zz12");
	opt(&m, DHCP_OPT_MAX_MSG_SIZE, 3, "\x02\x40\x00"); /* bad length */
	opt(&m, DHCP_OPT_MAX_MSG_SIZE, 2, "\x02\x40");
	opt(&m, DHCP_OPT_MAX_MSG_SIZE, 2, "\x05\xdc");
	end(&m);
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(info.msg_type, 5);
	assert_int_equal(info.lease_time_off, lease + 2);
	assert_int_equal(info.server_id_off, sid + 2);
	assert_int_equal(info.req_ip_off, rip + 2);
	assert_int_equal(info.client_id_off, cid + 2);
	assert_int_equal(info.client_id_len, 9);
	assert_int_equal(info.max_msg_size, 576);
	assert_memory_equal(m.b + info.server_id_off, "\xc0\x00\x02\x01", 4);
}

static void test_max_msg_size(void **state)
{
	struct dhcp_info info;
	struct msg m;

	(void)state;
	discover_body(&m);
	end(&m);
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(info.max_msg_size, 1500);

	msg_init(&m, DHCP_BOOTREQUEST, 1, 0);
	opt(&m, DHCP_OPT_MAX_MSG_SIZE, 2, "\xff\xff");
	end(&m);
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(info.max_msg_size, 65535);
}

/* ------------------------------------------------------------- overload */

/* options: 52=1; file: 61, 82, END, junk; sname: a real host name. */
static void test_overload_file(void **state)
{
	struct dhcp_info info;
	struct msg m;
	size_t p;

	(void)state;
	msg_init(&m, DHCP_BOOTREQUEST, 7, 0);
	opt1(&m, DHCP_OPT_OVERLOAD, 1);
	opt1(&m, DHCP_OPT_MSG_TYPE, 3);
	end(&m);
	strcpy((char *)m.b + DHCP_OFF_SNAME, "server.example.net");
	p = fopt(&m, DHCP_OFF_FILE, DHCP_OPT_CLIENT_ID, 7, NULL);
	m.b[p++] = DHCP_OPT_PAD;
	p = fopt(&m, p, DHCP_OPT_RAI, 6, "\x01\x04port");
	m.b[p++] = DHCP_OPT_END;
	m.b[p++] = 61;		/* junk after END, not an option */
	m.b[p++] = 250;
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(info.overload, 1);
	assert_int_equal(info.msg_type, 3);
	assert_int_equal(info.client_id_off, DHCP_OFF_FILE + 2);
	assert_int_equal(info.rai_count, 1);
	assert_int_equal(info.rai[0].off, DHCP_OFF_FILE + 10);
	assert_int_equal(info.rai[0].len, 6);
	assert_int_equal(info.end_off, DHCP_OFF_OPTIONS + 6);
}

/* options: 52=2; sname: 53 and 82, no END (runs to the field's end). */
static void test_overload_sname(void **state)
{
	struct dhcp_info info;
	struct msg m;
	size_t p;

	(void)state;
	msg_init(&m, DHCP_BOOTREPLY, 7, 0);
	opt1(&m, DHCP_OPT_OVERLOAD, 2);
	end(&m);
	strcpy((char *)m.b + DHCP_OFF_FILE, "pxelinux.0");
	p = fopt(&m, DHCP_OFF_SNAME, DHCP_OPT_MSG_TYPE, 1, "\x02");
	fopt(&m, p, DHCP_OPT_RAI, DHCP_SNAME_LEN - 5, NULL);
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(info.overload, 2);
	assert_int_equal(info.msg_type, 2);
	assert_int_equal(info.rai_count, 1);
	assert_int_equal(info.rai[0].off, DHCP_OFF_SNAME + 3);
	assert_int_equal(info.rai[0].off + 2 + info.rai[0].len,
			 DHCP_OFF_SNAME + DHCP_SNAME_LEN);

	/* One octet longer: runs into file, which is not allowed. */
	m.b[DHCP_OFF_SNAME + 4]++;
	assert_int_equal(parse(&m, &info), DHCP_ERR_TRUNCATED);
}

/* 52=3: options, then file, then sname; each with an 82 and END. */
static void test_overload_both_order(void **state)
{
	struct dhcp_info info;
	struct msg m;
	size_t p, o82;

	(void)state;
	msg_init(&m, DHCP_BOOTREQUEST, 7, 0);
	p = fopt(&m, DHCP_OFF_SNAME, DHCP_OPT_RAI, 3, "\x02\x01\x53");
	m.b[p] = DHCP_OPT_END;
	p = fopt(&m, DHCP_OFF_FILE, DHCP_OPT_MSG_TYPE, 1, "\x07");
	p = fopt(&m, p, DHCP_OPT_RAI, 3, "\x02\x01\x46");
	m.b[p] = DHCP_OPT_END;
	opt1(&m, DHCP_OPT_OVERLOAD, 3);
	o82 = opt(&m, DHCP_OPT_RAI, 3, "\x02\x01\x4f");
	end(&m);
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(info.overload, 3);
	assert_int_equal(info.msg_type, 7);
	assert_int_equal(info.rai_count, 3);
	assert_int_equal(info.rai[0].off, o82);
	assert_int_equal(info.rai[1].off, DHCP_OFF_FILE + 3);
	assert_int_equal(info.rai[2].off, DHCP_OFF_SNAME);

	/* A truncated option in file is caught too. */
	m.b[DHCP_OFF_FILE + 4] = 200;
	assert_int_equal(parse(&m, &info), DHCP_ERR_TRUNCATED);
}

/* Without 52, file and sname are never looked at. */
static void test_no_overload_ignores_fields(void **state)
{
	struct dhcp_info info;
	struct msg m;

	(void)state;
	msg_init(&m, DHCP_BOOTREQUEST, 7, 0);
	fopt(&m, DHCP_OFF_FILE, DHCP_OPT_RAI, 126, NULL);
	fopt(&m, DHCP_OFF_SNAME, DHCP_OPT_RAI, 3, "\x01\x01x");
	opt1(&m, DHCP_OPT_MSG_TYPE, 1);
	end(&m);
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(info.rai_count, 0);
}

static void test_overload_strip(void **state)
{
	struct oref before[16], after[16];
	struct dhcp_info info;
	struct msg m, orig;
	size_t p, nl, nb, na, i, j;

	(void)state;
	msg_init(&m, DHCP_BOOTREQUEST, 7, 0);
	opt1(&m, DHCP_OPT_OVERLOAD, 3);
	opt1(&m, DHCP_OPT_MSG_TYPE, 1);
	opt(&m, DHCP_OPT_RAI, 4, "\x01\x02xy");
	end(&m);
	p = fopt(&m, DHCP_OFF_FILE, DHCP_OPT_CLIENT_ID, 7, NULL);
	p = fopt(&m, p, DHCP_OPT_RAI, 5, "\002\003abc");
	p = fopt(&m, p, 55, 4, NULL);
	m.b[p] = DHCP_OPT_END;
	p = fopt(&m, DHCP_OFF_SNAME, DHCP_OPT_RAI, 2, "\x0c\x00");
	p = fopt(&m, p, 12, 5, "host1");
	m.b[p] = DHCP_OPT_END;
	orig = m;

	assert_int_equal(dhcp_strip_rai(m.b, m.len, &nl), DHCP_OK);
	assert_int_equal(nl, orig.len - 6);	/* only the options field */
	m.len = nl;
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(info.rai_count, 0);
	assert_int_equal(info.overload, 3);
	assert_int_equal(info.client_id_off, DHCP_OFF_FILE + 2);

	/* file: the 82 became 7 PADs, everything else is where it was. */
	for (i = DHCP_OFF_FILE; i < DHCP_OFF_FILE + DHCP_FILE_LEN; i++) {
		if (i >= DHCP_OFF_FILE + 9 && i < DHCP_OFF_FILE + 16)
			assert_int_equal(m.b[i], DHCP_OPT_PAD);
		else
			assert_int_equal(m.b[i], orig.b[i]);
	}
	for (i = DHCP_OFF_SNAME; i < DHCP_OFF_SNAME + DHCP_SNAME_LEN; i++)
		assert_int_equal(m.b[i], i < DHCP_OFF_SNAME + 4 ? 0 :
					 orig.b[i]);

	nb = list_opts(orig.b, DHCP_OFF_OPTIONS, orig.len, before, 16);
	na = list_opts(m.b, DHCP_OFF_OPTIONS, m.len, after, 16);
	for (i = 0, j = 0; i < nb; i++) {
		if (before[i].code == DHCP_OPT_RAI)
			continue;
		assert_true(j < na);
		assert_int_equal(after[j].len, before[i].len);
		assert_memory_equal(m.b + after[j].off, orig.b + before[i].off,
				    2 + before[i].len);
		j++;
	}
	assert_int_equal(j, na);
}

/* -------------------------------------------------------------- opt 82 */

/* 53, 82 placed at @where (0 start, 1 middle, 2 end), 61, END. */
static size_t build_rai_at(struct msg *m, int where)
{
	size_t o82 = 0;

	msg_init(m, DHCP_BOOTREQUEST, 0x55, 0);
	if (where == 0)
		o82 = opt(m, DHCP_OPT_RAI, 6, "\x01\x04\x65th1");
	opt1(m, DHCP_OPT_MSG_TYPE, 3);
	if (where == 1)
		o82 = opt(m, DHCP_OPT_RAI, 6, "\x01\x04\x65th1");
	opt(m, DHCP_OPT_CLIENT_ID, 7, NULL);
	if (where == 2)
		o82 = opt(m, DHCP_OPT_RAI, 6, "\x01\x04\x65th1");
	end(m);
	return o82;
}

static void test_rai_positions(void **state)
{
	struct dhcp_info info;
	struct dhcp_rai rai;
	struct msg m;
	size_t o82;
	int where;

	(void)state;
	for (where = 0; where < 3; where++) {
		o82 = build_rai_at(&m, where);
		assert_int_equal(parse(&m, &info), DHCP_OK);
		assert_int_equal(info.rai_count, 1);
		assert_int_equal(info.rai[0].off, o82);
		assert_int_equal(info.rai[0].len, 6);
		assert_int_equal(info.msg_type, 3);
		assert_int_equal(dhcp_rai_parse(m.b + o82 + 2, 6, &rai),
				 DHCP_OK);
		assert_int_equal(rai.circuit_id_len, 4);
		assert_memory_equal(rai.circuit_id, "eth1", 4);
		assert_null(rai.remote_id);
		assert_null(rai.relay_id);
	}
}

static void test_rai_twice_and_many(void **state)
{
	struct dhcp_info info;
	struct msg m;
	size_t offs[6], nl;
	unsigned int i;

	(void)state;
	msg_init(&m, DHCP_BOOTREQUEST, 0x55, 0);
	for (i = 0; i < 6; i++) {
		offs[i] = opt(&m, DHCP_OPT_RAI, 3, "\x02\x01R");
		m.b[offs[i] + 4] = '0' + i;
		if (i == 2)
			opt1(&m, DHCP_OPT_MSG_TYPE, 1);
	}
	end(&m);
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(info.rai_count, 6);
	for (i = 0; i < DHCP_RAI_LOC_MAX; i++) {
		assert_int_equal(info.rai[i].off, offs[i]);
		assert_int_equal(info.rai[i].len, 3);
	}

	assert_int_equal(dhcp_strip_rai(m.b, m.len, &nl), DHCP_OK);
	assert_int_equal(nl, m.len - 6 * 5);
	m.len = nl;
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(info.rai_count, 0);
	assert_int_equal(info.msg_type, 1);
	assert_int_equal(info.end_off, DHCP_OFF_OPTIONS + 3);
}

static void test_rai_truncated(void **state)
{
	struct dhcp_info info;
	struct msg m;
	size_t nl;

	(void)state;
	/* 82 claims 20 octets, END is swallowed and the message ends. */
	msg_init(&m, DHCP_BOOTREQUEST, 0x55, 0);
	opt1(&m, DHCP_OPT_MSG_TYPE, 1);
	put1(&m, DHCP_OPT_RAI);
	put1(&m, 20);
	put(&m, "\x01\x04\x65th1", 6);
	end(&m);
	assert_int_equal(parse(&m, &info), DHCP_ERR_TRUNCATED);
	assert_int_equal(dhcp_strip_rai(m.b, m.len, &nl), DHCP_ERR_TRUNCATED);

	/* Code 82 as the last octet. */
	msg_init(&m, DHCP_BOOTREQUEST, 0x55, 0);
	opt1(&m, DHCP_OPT_MSG_TYPE, 1);
	put1(&m, DHCP_OPT_RAI);
	assert_int_equal(parse(&m, &info), DHCP_ERR_TRUNCATED);
}

static void test_rai_parse(void **state)
{
	static const u8 full[] = {
		9, 2, 0xaa, 0xbb,			/* unknown, skipped */
		RAI_REMOTE_ID, 3, 'r', 'e', 'm',
		RAI_CIRCUIT_ID, 2, 'c', '1',
		RAI_RELAY_ID, 0,			/* empty but present */
		RAI_CIRCUIT_ID, 2, 'c', '2',		/* repeat: ignored */
		0, 0,					/* code 0 is no PAD */
		255, 1, 0,				/* nor is 255 END */
	};
	struct dhcp_rai rai;

	(void)state;
	assert_int_equal(dhcp_rai_parse(full, sizeof(full), &rai), DHCP_OK);
	assert_int_equal(rai.circuit_id_len, 2);
	assert_memory_equal(rai.circuit_id, "c1", 2);
	assert_ptr_equal(rai.circuit_id, full + 11);
	assert_int_equal(rai.remote_id_len, 3);
	assert_ptr_equal(rai.remote_id, full + 6);
	assert_non_null(rai.relay_id);
	assert_int_equal(rai.relay_id_len, 0);

	assert_int_equal(dhcp_rai_parse(full, 0, &rai), DHCP_OK);
	assert_null(rai.circuit_id);
	assert_null(rai.remote_id);
	assert_null(rai.relay_id);
}

static void test_rai_framing_errors(void **state)
{
	struct dhcp_rai rai;

	(void)state;
	/* Only a code octet. */
	assert_int_equal(dhcp_rai_parse((const u8 *)"\x01", 1, &rai),
			 DHCP_ERR_RAI);
	/* Length past the body. */
	assert_int_equal(dhcp_rai_parse((const u8 *)"\001\005abcd", 6,
					&rai), DHCP_ERR_RAI);
	/* A good sub-option, then one dangling octet. */
	assert_int_equal(dhcp_rai_parse((const u8 *)"\001\001a\002", 4,
					&rai), DHCP_ERR_RAI);
	/* Good when the body is cut right after the first sub-option. */
	assert_int_equal(dhcp_rai_parse((const u8 *)"\001\001a\002", 3,
					&rai), DHCP_OK);
	assert_int_equal(rai.circuit_id_len, 1);

	/* dhcp_parse() leaves sub-option framing to dhcp_rai_parse(), so a
	 * broken client option 82 can still be found and stripped.
	 */
	{
		struct dhcp_info info;
		struct msg m;

		msg_init(&m, DHCP_BOOTREQUEST, 1, 0);
		opt(&m, DHCP_OPT_RAI, 3, "\x01\x07z");
		end(&m);
		assert_int_equal(parse(&m, &info), DHCP_OK);
		assert_int_equal(info.rai_count, 1);
		assert_int_equal(dhcp_rai_parse(m.b + info.rai[0].off + 2,
						info.rai[0].len, &rai),
				 DHCP_ERR_RAI);
	}
}

/* ---------------------------------------------------------------- build */

static void test_rai_build_full(void **state)
{
	u8 cid[63], rid[63], relay[64], out[300];
	struct dhcp_rai rai;
	size_t n;

	(void)state;
	memset(cid, 'c', sizeof(cid));
	memset(rid, 'r', sizeof(rid));
	memset(relay, 'R', sizeof(relay));
	n = dhcp_rai_build(out, sizeof(out), cid, 63, rid, 63, relay, 64);
	assert_int_equal(n, 2 + 2 + 63 + 2 + 63 + 2 + 64);
	assert_int_equal(out[0], DHCP_OPT_RAI);
	assert_int_equal(out[1], n - 2);
	assert_int_equal(out[2], RAI_CIRCUIT_ID);
	assert_int_equal(out[3], 63);
	assert_memory_equal(out + 4, cid, 63);
	assert_int_equal(out[67], RAI_REMOTE_ID);
	assert_int_equal(out[68], 63);
	assert_memory_equal(out + 69, rid, 63);
	assert_int_equal(out[132], RAI_RELAY_ID);
	assert_int_equal(out[133], 64);
	assert_memory_equal(out + 134, relay, 64);

	assert_int_equal(dhcp_rai_parse(out + 2, out[1], &rai), DHCP_OK);
	assert_ptr_equal(rai.circuit_id, out + 4);
	assert_ptr_equal(rai.remote_id, out + 69);
	assert_ptr_equal(rai.relay_id, out + 134);
	assert_int_equal(rai.relay_id_len, 64);

	/* cap: exactly enough, one short. */
	assert_int_equal(dhcp_rai_build(out, n, cid, 63, rid, 63, relay, 64),
			 n);
	assert_int_equal(dhcp_rai_build(out, n - 1, cid, 63, rid, 63, relay,
					64), 0);
	assert_int_equal(dhcp_rai_build(out, 0, cid, 1, NULL, 0, NULL, 0), 0);
	assert_int_equal(dhcp_rai_build(out, 1, cid, 1, NULL, 0, NULL, 0), 0);
}

static void test_rai_build_missing_ids(void **state)
{
	u8 out[300];
	size_t n;

	(void)state;
	/* NULL circuit-id: remote-id then relay-id. */
	n = dhcp_rai_build(out, sizeof(out), NULL, 5,
			   (const u8 *)"rem", 3,
			   (const u8 *)"rel!", 4);
	assert_int_equal(n, 2 + 5 + 6);
	assert_memory_equal(out, "\x52\x0b\x02\x03rem\x0c\x04rel!", n);

	/* Empty remote-id is left out too. */
	n = dhcp_rai_build(out, sizeof(out), (const u8 *)"c", 1,
			   (const u8 *)"rem", 0, NULL, 9);
	assert_int_equal(n, 5);
	assert_memory_equal(out, "\x52\x03\x01\001c", n);

	/* Nothing at all: no option. */
	assert_int_equal(dhcp_rai_build(out, sizeof(out), NULL, 0, NULL, 0,
					NULL, 0), 0);
}

static void test_rai_build_too_big(void **state)
{
	u8 id[300], out[600];

	(void)state;
	memset(id, 'x', sizeof(id));
	/* 3 * (2 + 100) = 306 > 255. */
	assert_int_equal(dhcp_rai_build(out, sizeof(out), id, 100, id, 100,
					id, 100), 0);
	/* 2 + 253 = 255: the largest body. */
	assert_int_equal(dhcp_rai_build(out, sizeof(out), id, 253, NULL, 0,
					NULL, 0), 257);
	assert_int_equal(out[1], 255);
	/* 2 + 254 = 256. */
	assert_int_equal(dhcp_rai_build(out, sizeof(out), id, 254, NULL, 0,
					NULL, 0), 0);
	/* An id no sub-option length octet can hold. */
	assert_int_equal(dhcp_rai_build(out, sizeof(out), id, 256, NULL, 0,
					NULL, 0), 0);
	assert_int_equal(dhcp_rai_build(out, sizeof(out), id, 1, id,
					(size_t)-1, NULL, 0), 0);
	/* Exactly 255 over three ids: 2+83 + 2+83 + 2+83. */
	assert_int_equal(dhcp_rai_build(out, sizeof(out), id, 83, id, 83,
					id, 83), 257);
}

/* --------------------------------------------------------------- insert */

/* Check @m holds @opt as the last option before END of the options field,
 * after the @before options of the original.
 */
static void check_inserted(const struct msg *m, const struct msg *orig,
			   const struct dhcp_info *oinfo, const u8 *o,
			   size_t olen)
{
	struct oref refs[64];
	struct dhcp_info info;
	size_t n;

	assert_int_equal(parse(m, &info), DHCP_OK);
	assert_memory_equal(m->b, orig->b, oinfo->end_off);
	assert_memory_equal(m->b + oinfo->end_off, o, olen);
	assert_int_equal(info.end_off, oinfo->end_off + olen);
	n = list_opts(m->b, DHCP_OFF_OPTIONS, m->len, refs, 64);
	assert_true(n > 0);
	assert_int_equal(refs[n - 1].off, oinfo->end_off);
	assert_int_equal(refs[n - 1].code, o[0]);
	assert_int_equal(info.rai_count, oinfo->rai_count +
			 (o[0] == DHCP_OPT_RAI));
}

static void test_insert_reuses_pad(void **state)
{
	struct dhcp_info info, ninfo;
	u8 o[64];
	struct msg m, orig;
	size_t olen, nl;

	(void)state;
	olen = our_rai(o, sizeof(o));
	assert_int_equal(olen, 2 + 10 + 8);
	discover_body(&m);
	end(&m);
	pad(&m, 300 - m.len);
	orig = m;
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_true(info.trailing > olen);
	assert_int_equal(dhcp_insert_growth(&info, olen), 0);
	assert_int_equal(dhcp_insert_opt(m.b, m.len, m.len, &info, o, olen,
					 &nl), DHCP_OK);
	assert_int_equal(nl, 300);
	check_inserted(&m, &orig, &info, o, olen);
	assert_int_equal(parse(&m, &ninfo), DHCP_OK);
	assert_int_equal(ninfo.trailing, info.trailing - olen);
	assert_int_equal(ninfo.rai[0].off, info.end_off);

	/* Exactly enough pad. */
	discover_body(&m);
	end(&m);
	pad(&m, olen);
	orig = m;
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(dhcp_insert_growth(&info, olen), 0);
	assert_int_equal(dhcp_insert_opt(m.b, m.len, m.len, &info, o, olen,
					 &nl), DHCP_OK);
	assert_int_equal(nl, orig.len);
	check_inserted(&m, &orig, &info, o, olen);
	assert_int_equal(m.b[nl - 1], DHCP_OPT_END);

	/* One octet short of enough: grows by one. */
	discover_body(&m);
	end(&m);
	pad(&m, olen - 1);
	orig = m;
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(dhcp_insert_growth(&info, olen), 1);
	assert_int_equal(dhcp_insert_opt(m.b, m.len, m.len + 1, &info, o,
					 olen, &nl), DHCP_OK);
	assert_int_equal(nl, orig.len + 1);
	m.len = nl;
	check_inserted(&m, &orig, &info, o, olen);
	assert_int_equal(m.b[nl - 1], DHCP_OPT_END);
}

/*
 * The pad after END is counted a word at a time: every count from 0 to 40,
 * END at each alignment, the message ending there or a non-PAD octet
 * after the pad.
 */
static void test_trailing_pad_counted(void **state)
{
	struct dhcp_info info;
	size_t n, k;
	struct msg m;
	int junk;

	(void)state;
	for (n = 0; n <= 40; n++) {
		for (k = 0; k < 8; k++) {
			for (junk = 0; junk < 2; junk++) {
				discover_body(&m);
				pad(&m, k);
				end(&m);
				pad(&m, n);
				if (junk) {
					put1(&m, 'J');
					pad(&m, 9);
				}
				assert_int_equal(parse(&m, &info), DHCP_OK);
				assert_int_equal(info.trailing, n);
			}
		}
	}
}

static void test_insert_grows(void **state)
{
	struct dhcp_info info, ninfo;
	u8 o[300], id[253];
	struct msg m, orig;
	size_t olen, nl;

	(void)state;
	olen = our_rai(o, sizeof(o));
	discover_body(&m);
	end(&m);
	orig = m;
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(info.trailing, 0);
	assert_int_equal(dhcp_insert_growth(&info, olen), olen);
	assert_int_equal(dhcp_insert_opt(m.b, m.len, sizeof(m.b), &info, o,
					 olen, &nl), DHCP_OK);
	assert_int_equal(nl, orig.len + olen);
	m.len = nl;
	check_inserted(&m, &orig, &info, o, olen);

	/* And again, with a 255-octet body, after ours. */
	memset(id, 'z', sizeof(id));
	orig = m;
	assert_int_equal(parse(&m, &info), DHCP_OK);
	olen = dhcp_rai_build(o, sizeof(o), NULL, 0, NULL, 0, id, 253);
	assert_int_equal(olen, 257);
	assert_int_equal(dhcp_insert_opt(m.b, m.len, sizeof(m.b), &info, o,
					 olen, &nl), DHCP_OK);
	m.len = nl;
	check_inserted(&m, &orig, &info, o, olen);
	assert_int_equal(parse(&m, &ninfo), DHCP_OK);
	assert_int_equal(ninfo.rai_count, 2);
	assert_int_equal(ninfo.rai[1].len, 255);
}

static void test_insert_keeps_junk_tail(void **state)
{
	struct dhcp_info info;
	u8 o[64];
	struct msg m, orig;
	size_t olen, nl;

	(void)state;
	olen = our_rai(o, sizeof(o));
	msg_init(&m, DHCP_BOOTREQUEST, 1, 0);
	opt1(&m, DHCP_OPT_MSG_TYPE, 1);
	end(&m);
	pad(&m, 3);
	put(&m, "JUNK", 4);
	orig = m;
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(info.trailing, 3);
	assert_int_equal(dhcp_insert_growth(&info, olen), olen - 3);
	assert_int_equal(dhcp_insert_opt(m.b, m.len, sizeof(m.b), &info, o,
					 olen, &nl), DHCP_OK);
	assert_int_equal(nl, orig.len + olen - 3);
	m.len = nl;
	check_inserted(&m, &orig, &info, o, olen);
	assert_memory_equal(m.b + nl - 4, "JUNK", 4);
	assert_int_equal(m.b[nl - 5], DHCP_OPT_END);
}

static void test_insert_nospace(void **state)
{
	struct dhcp_info info;
	u8 o[64];
	struct msg m, orig;
	size_t olen, nl = 12345;

	(void)state;
	olen = our_rai(o, sizeof(o));
	discover_body(&m);
	end(&m);
	pad(&m, 5);
	orig = m;
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(dhcp_insert_opt(m.b, m.len, m.len + olen - 6, &info,
					 o, olen, &nl), DHCP_ERR_NOSPACE);
	assert_int_equal(dhcp_insert_opt(m.b, m.len, 0, &info, o, olen, &nl),
			 DHCP_ERR_NOSPACE);
	assert_int_equal(nl, 12345);
	assert_memory_equal(m.b, orig.b, sizeof(m.b));
	assert_int_equal(dhcp_insert_opt(m.b, m.len, m.len + olen - 5, &info,
					 o, olen, &nl), DHCP_OK);
	assert_int_equal(nl, m.len + olen - 5);
}

static void test_insert_bad_args(void **state)
{
	struct dhcp_info info, bad;
	u8 o[300];
	struct msg m, orig;
	size_t nl;

	(void)state;
	discover_body(&m);
	end(&m);
	orig = m;
	assert_int_equal(parse(&m, &info), DHCP_OK);

	/* Longer than any option can be. */
	memset(o, 0, sizeof(o));
	o[0] = DHCP_OPT_RAI;
	o[1] = 255;
	assert_int_equal(dhcp_insert_opt(m.b, m.len, sizeof(m.b), &info, o,
					 258, &nl), DHCP_ERR_TOO_BIG);
	/* The result would not fit a UDP datagram. */
	info.trailing = 0;
	assert_int_equal(dhcp_insert_opt(m.b, m.len, sizeof(m.b), &info, o,
					 257, &nl), DHCP_OK);
	m = orig;
	{
		static const u8 o4[] = { DHCP_OPT_RAI, 2, 1, 0 };
		static u8 big[DHCP_MAX_LEN];
		struct dhcp_info binfo;

		/* END, then junk up to the end: no pad to reuse. */
		memcpy(big, m.b, m.len);
		memset(big + m.len, 'J', sizeof(big) - m.len);
		assert_int_equal(dhcp_parse(big, sizeof(big) - 4, &binfo),
				 DHCP_OK);
		assert_int_equal(binfo.trailing, 0);
		assert_int_equal(dhcp_insert_opt(big, sizeof(big) - 4,
						 (size_t)-1, &binfo, o4, 4, &nl),
				 DHCP_OK);
		assert_int_equal(nl, sizeof(big));
		memcpy(big, m.b, m.len);
		memset(big + m.len, 'J', sizeof(big) - m.len);
		assert_int_equal(dhcp_parse(big, sizeof(big) - 3, &binfo),
				 DHCP_OK);
		assert_int_equal(dhcp_insert_opt(big, sizeof(big) - 3,
						 (size_t)-1, &binfo, o4, 4, &nl),
				 DHCP_ERR_TOO_BIG);
	}

	/* Not one option: too short, length mismatch, PAD, END. */
	o[1] = 1;
	assert_int_equal(dhcp_insert_opt(m.b, m.len, sizeof(m.b), &info, o,
					 1, &nl), DHCP_ERR_INVAL);
	assert_int_equal(dhcp_insert_opt(m.b, m.len, sizeof(m.b), &info, o,
					 4, &nl), DHCP_ERR_INVAL);
	o[0] = DHCP_OPT_PAD;
	assert_int_equal(dhcp_insert_opt(m.b, m.len, sizeof(m.b), &info, o,
					 3, &nl), DHCP_ERR_INVAL);
	o[0] = DHCP_OPT_END;
	assert_int_equal(dhcp_insert_opt(m.b, m.len, sizeof(m.b), &info, o,
					 3, &nl), DHCP_ERR_INVAL);
	o[0] = DHCP_OPT_RAI;

	/* @info not describing @msg. */
	bad = info;
	bad.end_off = 0;
	assert_int_equal(dhcp_insert_opt(m.b, m.len, sizeof(m.b), &bad, o, 3,
					 &nl), DHCP_ERR_INVAL);
	bad.end_off = info.end_off - 1;
	assert_int_equal(dhcp_insert_opt(m.b, m.len, sizeof(m.b), &bad, o, 3,
					 &nl), DHCP_ERR_INVAL);
	bad.end_off = m.len;
	assert_int_equal(dhcp_insert_opt(m.b, m.len, sizeof(m.b), &bad, o, 3,
					 &nl), DHCP_ERR_INVAL);
	bad = info;
	bad.trailing = 1;
	assert_int_equal(dhcp_insert_opt(m.b, m.len, sizeof(m.b), &bad, o, 3,
					 &nl), DHCP_ERR_INVAL);
	assert_memory_equal(m.b, orig.b, sizeof(m.b));

	/* Not a DHCP message at all: strip says why. */
	m.b[DHCP_OFF_COOKIE] = 0;
	assert_int_equal(dhcp_strip_rai(m.b, m.len, &nl), DHCP_ERR_COOKIE);
}

static void test_insert_after_client_rai(void **state)
{
	struct dhcp_info info, ninfo;
	u8 o[64];
	struct msg m, orig;
	size_t olen, nl, o82;

	(void)state;
	olen = our_rai(o, sizeof(o));
	o82 = build_rai_at(&m, 1);
	orig = m;
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(dhcp_insert_opt(m.b, m.len, sizeof(m.b), &info, o,
					 olen, &nl), DHCP_OK);
	m.len = nl;
	check_inserted(&m, &orig, &info, o, olen);
	assert_int_equal(parse(&m, &ninfo), DHCP_OK);
	assert_int_equal(ninfo.rai_count, 2);
	assert_int_equal(ninfo.rai[0].off, o82);
	assert_int_equal(ninfo.rai[1].off, info.end_off);
}

/* Insert into an overloaded message: only the options field changes. */
static void test_insert_overloaded(void **state)
{
	struct dhcp_info info, ninfo;
	u8 o[64];
	struct msg m, orig;
	size_t olen, nl, p;

	(void)state;
	olen = our_rai(o, sizeof(o));
	msg_init(&m, DHCP_BOOTREQUEST, 9, 0);
	opt1(&m, DHCP_OPT_OVERLOAD, 1);
	end(&m);
	p = fopt(&m, DHCP_OFF_FILE, DHCP_OPT_MSG_TYPE, 1, "\x01");
	m.b[p] = DHCP_OPT_END;
	orig = m;
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(dhcp_insert_opt(m.b, m.len, sizeof(m.b), &info, o,
					 olen, &nl), DHCP_OK);
	m.len = nl;
	check_inserted(&m, &orig, &info, o, olen);
	assert_int_equal(parse(&m, &ninfo), DHCP_OK);
	assert_int_equal(ninfo.msg_type, 1);
	assert_int_equal(ninfo.rai[0].off, DHCP_OFF_OPTIONS + 3);
}

/* ---------------------------------------------------------------- strip */

static void test_strip_preserves_others(void **state)
{
	struct oref before[32], after[32];
	struct dhcp_info info;
	struct msg m, orig;
	size_t nl, nb, na, i, j, removed = 0;

	(void)state;
	msg_init(&m, DHCP_BOOTREPLY, 0xabcdef01, 0x8000);
	m.b[DHCP_OFF_GIADDR] = 10;
	opt(&m, DHCP_OPT_RAI, 10, "\001\010br0:eth1");
	opt1(&m, DHCP_OPT_MSG_TYPE, 2);
	pad(&m, 2);
	opt(&m, DHCP_OPT_SERVER_ID, 4, "\xc0\x00\x02\x01");
	opt(&m, DHCP_OPT_RAI, 0, NULL);
	opt(&m, DHCP_OPT_LEASE_TIME, 4, "\x00\x00\x0e\x10");
	opt(&m, 1, 4, "\xff\xff\xff\x00");
	opt(&m, 3, 4, "\xc0\x00\x02\x01");
	opt(&m, DHCP_OPT_RAI, 20, NULL);	/* framing does not matter */
	opt(&m, 6, 8, NULL);
	opt(&m, DHCP_OPT_RAI, 3, "\x02\x01x");
	end(&m);
	pad(&m, 7);
	orig = m;
	nb = list_opts(orig.b, DHCP_OFF_OPTIONS, orig.len, before, 32);
	for (i = 0; i < nb; i++)
		if (before[i].code == DHCP_OPT_RAI)
			removed += 2 + before[i].len;

	assert_int_equal(dhcp_strip_rai(m.b, m.len, &nl), DHCP_OK);
	assert_int_equal(nl, orig.len - removed);
	m.len = nl;
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(info.rai_count, 0);
	assert_int_equal(info.trailing, 7);
	assert_int_equal(info.xid, 0xabcdef01);
	assert_true(info.broadcast);
	assert_false(info.giaddr_zero);
	assert_int_equal(info.msg_type, 2);
	assert_memory_equal(m.b, orig.b, DHCP_OFF_OPTIONS);

	na = list_opts(m.b, DHCP_OFF_OPTIONS, m.len, after, 32);
	for (i = 0, j = 0; i < nb; i++) {
		if (before[i].code == DHCP_OPT_RAI)
			continue;
		assert_true(j < na);
		assert_int_equal(after[j].len, before[i].len);
		assert_memory_equal(m.b + after[j].off, orig.b + before[i].off,
				    2 + before[i].len);
		j++;
	}
	assert_int_equal(j, na);
	assert_int_equal(na, 6);

	/* Stripping again changes nothing. */
	orig = m;
	assert_int_equal(dhcp_strip_rai(m.b, m.len, &nl), DHCP_OK);
	assert_int_equal(nl, orig.len);
	assert_memory_equal(m.b, orig.b, sizeof(m.b));
}

/* Insert then strip gives back the message octet for octet. */
static void test_insert_strip_roundtrip(void **state)
{
	struct dhcp_info info;
	u8 o[300], id[253];
	struct msg m, orig;
	size_t olen, nl;

	(void)state;
	memset(id, 0xa5, sizeof(id));
	olen = dhcp_rai_build(o, sizeof(o), id, 253, NULL, 0, NULL, 0);
	assert_int_equal(olen, 257);
	discover_body(&m);
	end(&m);
	orig = m;
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(dhcp_insert_opt(m.b, m.len, sizeof(m.b), &info, o,
					 olen, &nl), DHCP_OK);
	m.len = nl;
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(info.rai_count, 1);
	assert_int_equal(info.rai[0].len, 255);
	assert_int_equal(dhcp_strip_rai(m.b, m.len, &nl), DHCP_OK);
	assert_int_equal(nl, orig.len);
	assert_memory_equal(m.b, orig.b, nl);
}

/*
 * The strip a reader would write: copy the options field, leaving out every
 * option 82 before END, and everything from END on as it is; PAD over the
 * options 82 of file and sname when @overload says they hold options.
 */
static void ref_strip(const struct msg *in, u8 overload, struct msg *out)
{
	struct oref o[64];
	size_t i = DHCP_OFF_OPTIONS, j = DHCP_OFF_OPTIONS, n, k;

	*out = *in;
	while (i < in->len) {
		n = 1;
		if (in->b[i] == DHCP_OPT_END) {
			n = in->len - i;
		} else if (in->b[i] != DHCP_OPT_PAD) {
			n = 2 + in->b[i + 1];
			if (in->b[i] == DHCP_OPT_RAI) {
				i += n;
				continue;
			}
		}
		memcpy(out->b + j, in->b + i, n);
		i += n;
		j += n;
	}
	memset(out->b + j, 0, sizeof(out->b) - j);
	out->len = j;
	if (overload & 1) {
		n = list_opts(in->b, DHCP_OFF_FILE,
			      DHCP_OFF_FILE + DHCP_FILE_LEN, o, 64);
		for (k = 0; k < n; k++)
			if (o[k].code == DHCP_OPT_RAI)
				memset(out->b + o[k].off, 0, 2 + o[k].len);
	}
	if (overload & 2) {
		n = list_opts(in->b, DHCP_OFF_SNAME,
			      DHCP_OFF_SNAME + DHCP_SNAME_LEN, o, 64);
		for (k = 0; k < n; k++)
			if (o[k].code == DHCP_OPT_RAI)
				memset(out->b + o[k].off, 0, 2 + o[k].len);
	}
}

/* Options 82 (@n of them, n <= 8) placed by the bits of @where. */
static void build_rais(struct msg *m, unsigned int n, unsigned int where,
		       u8 overload, size_t trailing)
{
	size_t p = DHCP_OFF_FILE, q = DHCP_OFF_SNAME;
	unsigned int i;

	msg_init(m, DHCP_BOOTREPLY, 0x77, 0);
	if (overload)
		opt1(m, DHCP_OPT_OVERLOAD, overload);
	opt1(m, DHCP_OPT_MSG_TYPE, 5);
	for (i = 0; i < n; i++) {
		if (!(where & (1u << i))) {
			opt(m, DHCP_OPT_RAI, 3 + i,
			    "\001\001a\002\003bcd\011\011");
			continue;
		}
		/* In file or sname (both: by turns), else after 54. */
		if ((overload & 1) && (!(overload & 2) || !(i & 1)))
			p = fopt(m, fopt(m, p, DHCP_OPT_RAI, 3 + i, NULL),
				 12, 1, "h");
		else if (overload & 2)
			q = fopt(m, fopt(m, q, 15, 1, "d"), DHCP_OPT_RAI, i,
				 NULL);
		else
			opt(m, DHCP_OPT_SERVER_ID, 4, "\xc0\x00\x02\x01");
	}
	opt(m, DHCP_OPT_LEASE_TIME, 4, "\x00\x00\x0e\x10");
	end(m);
	pad(m, trailing);
}

/* Strip @m both ways and compare with the reference. */
static void check_strip_info(struct msg *m, u8 msg_type, size_t trailing)
{
	struct dhcp_info info;
	struct msg exp, again;
	size_t nl;

	assert_int_equal(parse(m, &info), DHCP_OK);
	ref_strip(m, info.overload, &exp);
	again = *m;

	assert_int_equal(dhcp_strip_rai_info(m->b, m->len, &info, &nl),
			 DHCP_OK);
	assert_int_equal(nl, exp.len);
	m->len = nl;
	assert_memory_equal(m->b, exp.b, nl);

	assert_int_equal(dhcp_strip_rai(again.b, again.len, &nl), DHCP_OK);
	assert_int_equal(nl, exp.len);
	assert_memory_equal(again.b, exp.b, nl);

	assert_int_equal(parse(m, &info), DHCP_OK);
	assert_int_equal(info.rai_count, 0);
	assert_int_equal(info.msg_type, msg_type);
	assert_int_equal(info.trailing, trailing);
}

/*
 * Strip at the offsets the parse found, against the reference and against
 * dhcp_strip_rai(): options 82 at the start, in the middle, at the end,
 * next to each other, more than dhcp_info records, in file and sname.
 */
static void test_strip_info_matches_reference(void **state)
{
	unsigned int n, where, cases = 0;
	struct msg m;
	u8 overload;
	size_t trailing;
	int at;

	(void)state;
	for (overload = 0; overload <= 3; overload++)
		for (n = 0; n <= 7; n++)
			for (where = 0; where < (1u << n); where++)
				for (trailing = 0; trailing <= 2;
				     trailing += 2) {
					build_rais(&m, n, where, overload,
						   trailing);
					check_strip_info(&m, 5, trailing);
					cases++;
				}
	assert_int_equal(cases, 4 * 255 * 2);

	for (at = 0; at < 3; at++) {
		build_rai_at(&m, at);
		check_strip_info(&m, 3, 0);
	}
}

/* @info that does not describe @m: refused, not an octet changed. */
static void strip_refused(const struct msg *m, const struct dhcp_info *info)
{
	struct msg t = *m;
	size_t nl = 12345;

	assert_int_equal(dhcp_strip_rai_info(t.b, t.len, info, &nl),
			 DHCP_ERR_INVAL);
	assert_memory_equal(t.b, m->b, sizeof(t.b));
	assert_int_equal(nl, 12345);
}

/* Stale or forged offsets: the strip checks them before it edits. */
static void test_strip_info_stale(void **state)
{
	struct dhcp_info info, bad;
	struct msg m, edited;
	u8 o[64];
	size_t olen, nl, p;

	(void)state;
	/* 82 twice in the options field, once in file. */
	msg_init(&m, DHCP_BOOTREPLY, 9, 0);
	opt1(&m, DHCP_OPT_OVERLOAD, 1);
	opt(&m, DHCP_OPT_RAI, 4, "\x01\x02xy");
	opt1(&m, DHCP_OPT_MSG_TYPE, 2);
	opt(&m, DHCP_OPT_RAI, 5, "\x02\x03xyz");
	opt(&m, DHCP_OPT_SERVER_ID, 4, "\xc0\x00\x02\x01");
	end(&m);
	pad(&m, 4);
	p = fopt(&m, DHCP_OFF_FILE, 12, 2, "h1");
	p = fopt(&m, p, DHCP_OPT_RAI, 3, "\x01\x01z");
	m.b[p] = DHCP_OPT_END;
	assert_int_equal(parse(&m, &info), DHCP_OK);
	assert_int_equal(info.rai_count, 3);

	/* The info of the message before an edit. */
	edited = m;
	olen = our_rai(o, sizeof(o));
	assert_int_equal(dhcp_insert_opt(edited.b, edited.len,
					 sizeof(edited.b), &info, o, olen,
					 &nl), DHCP_OK);
	edited.len = nl;
	strip_refused(&edited, &info);
	edited = m;
	assert_int_equal(dhcp_strip_rai(edited.b, edited.len, &nl), DHCP_OK);
	edited.len = nl;
	strip_refused(&edited, &info);

	/* END elsewhere. */
	bad = info;
	bad.end_off = 0;
	strip_refused(&m, &bad);
	bad.end_off = info.end_off + 1;
	strip_refused(&m, &bad);
	bad.end_off = m.len;
	strip_refused(&m, &bad);
	bad.end_off = (size_t)-1;
	strip_refused(&m, &bad);

	/* One offset or length wrong; the first ones are good. */
	bad = info;
	bad.rai[1].off++;
	strip_refused(&m, &bad);
	bad = info;
	bad.rai[1].off--;
	strip_refused(&m, &bad);
	bad = info;
	bad.rai[1].len++;
	strip_refused(&m, &bad);
	bad = info;
	bad.rai[2].len--;
	strip_refused(&m, &bad);
	bad = info;
	bad.rai[2].off = (size_t)-2;
	strip_refused(&m, &bad);
	bad = info;
	bad.rai[0].off = 3;		/* before any field */
	strip_refused(&m, &bad);

	/* Out of order, twice the same, file not overloaded, past END. */
	bad = info;
	bad.rai[0] = info.rai[1];
	bad.rai[1] = info.rai[0];
	strip_refused(&m, &bad);
	bad = info;
	bad.rai[1] = info.rai[0];
	strip_refused(&m, &bad);
	bad = info;
	bad.rai[0] = info.rai[2];
	bad.rai[2] = info.rai[0];
	strip_refused(&m, &bad);
	bad = info;
	bad.overload = 2;
	strip_refused(&m, &bad);
	bad = info;
	bad.end_off = info.rai[1].off + 2;	/* an 82 there? no: END */
	strip_refused(&m, &bad);

	/* And the real one still works after all that. */
	assert_int_equal(dhcp_strip_rai_info(m.b, m.len, &info, &nl),
			 DHCP_OK);
	assert_int_equal(nl, m.len - 6 - 7);
}

/* ------------------------------------------------------------- strerror */

static void test_strerror(void **state)
{
	const char *s[DHCP_ERR_INVAL + 1];
	int i, j;

	(void)state;
	for (i = DHCP_OK; i <= DHCP_ERR_INVAL; i++) {
		s[i] = dhcp_strerror((enum dhcp_err)i);
		assert_non_null(s[i]);
		assert_true(strlen(s[i]) > 0);
		for (j = 0; j < i; j++)
			assert_string_not_equal(s[i], s[j]);
	}
	assert_string_equal(dhcp_strerror((enum dhcp_err)99),
			    "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal_discover),
		cmocka_unit_test(test_header_fields),
		cmocka_unit_test(test_err_short),
		cmocka_unit_test(test_err_op),
		cmocka_unit_test(test_err_cookie),
		cmocka_unit_test(test_err_truncated),
		cmocka_unit_test(test_err_no_end),
		cmocka_unit_test(test_err_overload),
		cmocka_unit_test(test_overload_repeated),
		cmocka_unit_test(test_walker_pads),
		cmocka_unit_test(test_walker_after_end),
		cmocka_unit_test(test_recorded_options),
		cmocka_unit_test(test_max_msg_size),
		cmocka_unit_test(test_overload_file),
		cmocka_unit_test(test_overload_sname),
		cmocka_unit_test(test_overload_both_order),
		cmocka_unit_test(test_no_overload_ignores_fields),
		cmocka_unit_test(test_overload_strip),
		cmocka_unit_test(test_rai_positions),
		cmocka_unit_test(test_rai_twice_and_many),
		cmocka_unit_test(test_rai_truncated),
		cmocka_unit_test(test_rai_parse),
		cmocka_unit_test(test_rai_framing_errors),
		cmocka_unit_test(test_rai_build_full),
		cmocka_unit_test(test_rai_build_missing_ids),
		cmocka_unit_test(test_rai_build_too_big),
		cmocka_unit_test(test_insert_reuses_pad),
		cmocka_unit_test(test_trailing_pad_counted),
		cmocka_unit_test(test_insert_grows),
		cmocka_unit_test(test_insert_keeps_junk_tail),
		cmocka_unit_test(test_insert_nospace),
		cmocka_unit_test(test_insert_bad_args),
		cmocka_unit_test(test_insert_after_client_rai),
		cmocka_unit_test(test_insert_overloaded),
		cmocka_unit_test(test_strip_preserves_others),
		cmocka_unit_test(test_insert_strip_roundtrip),
		cmocka_unit_test(test_strip_info_matches_reference),
		cmocka_unit_test(test_strip_info_stale),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests_name("dhcp_opt", tests, NULL, NULL);
}
