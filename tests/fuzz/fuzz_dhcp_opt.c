// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for kmod/dhcp_opt.c.
 *
 * The input is one BOOTP message.  When dhcp_parse() accepts it, every edit
 * is checked against a second, deliberately naive reading of the message
 * written here: strip, at the offsets the parse found (dhcp_strip_rai_info())
 * and after a parse of its own (dhcp_strip_rai()), must give exactly the
 * message the naive walk predicts, and refuse the parse's offsets once an
 * edit has moved them; insert must put the option right before END and
 * change nothing else.
 * Buffers handed to the code under test are malloc()ed to their exact size
 * so ASan sees any octet read or written past them.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp_opt.h"

#define MAX_INPUT	8192

#define CHECK(c)	do { if (!(c)) __builtin_trap(); } while (0)

static u8 *dup_exact(const u8 *p, size_t n, size_t cap)
{
	u8 *b = malloc(cap ? cap : 1);

	CHECK(b);
	if (n)
		memcpy(b, p, n);
	return b;
}

/*
 * The naive walk of one field: calls @fn on every option (not PAD, not
 * END) until END or @limit.  Framing is known to be good (parse said so).
 */
struct walk_ctx {
	unsigned int rai;	/* options 82 seen */
	size_t rai_octets;	/* their size, code and length included */
};

static void walk_field(const u8 *m, size_t start, size_t limit,
		       struct walk_ctx *ctx,
		       void (*fn)(const u8 *m, size_t off, void *arg),
		       void *arg)
{
	size_t i = start;

	while (i < limit && m[i] != DHCP_OPT_END) {
		if (m[i] == DHCP_OPT_PAD) {
			i++;
			continue;
		}
		CHECK(i + 2 <= limit && i + 2 + m[i + 1] <= limit);
		if (m[i] == DHCP_OPT_RAI) {
			ctx->rai++;
			ctx->rai_octets += 2 + m[i + 1];
		}
		if (fn)
			fn(m, i, arg);
		i += 2 + m[i + 1];
	}
}

static bool in_body(const u8 *p, size_t l, const u8 *body, size_t n)
{
	return !p || (p >= body && p + l <= body + n);
}

/* Split every option 82 body, copied to its exact size. */
static void check_rai_body(const u8 *m, size_t off, void *arg)
{
	struct dhcp_rai rai;
	u8 *body;
	size_t n = m[off + 1];

	(void)arg;
	if (m[off] != DHCP_OPT_RAI)
		return;
	body = dup_exact(m + off + 2, n, n);
	if (dhcp_rai_parse(body, n, &rai) == DHCP_OK) {
		CHECK(in_body(rai.circuit_id, rai.circuit_id_len, body, n));
		CHECK(in_body(rai.remote_id, rai.remote_id_len, body, n));
		CHECK(in_body(rai.relay_id, rai.relay_id_len, body, n));
	}
	free(body);
}

/* Overwrite an option 82 of file/sname with PAD, as strip should. */
static void pad_rai(const u8 *m, size_t off, void *arg)
{
	u8 *exp = arg;

	if (m[off] == DHCP_OPT_RAI)
		memset(exp + off, 0, 2 + m[off + 1]);
}

static void walk_all(const u8 *m, size_t len,
		     const struct dhcp_info *info, struct walk_ctx *ctx,
		     void (*fn)(const u8 *m, size_t off, void *arg),
		     void *arg)
{
	walk_field(m, DHCP_OFF_OPTIONS, info->end_off, ctx, fn, arg);
	if (info->overload & 1)
		walk_field(m, DHCP_OFF_FILE, DHCP_OFF_FILE + DHCP_FILE_LEN,
			   ctx, fn, arg);
	if (info->overload & 2)
		walk_field(m, DHCP_OFF_SNAME, DHCP_OFF_SNAME + DHCP_SNAME_LEN,
			   ctx, fn, arg);
	(void)len;
}

static void check_info(const u8 *m, size_t len,
		       const struct dhcp_info *info)
{
	unsigned int i;

	CHECK(info->end_off >= DHCP_OFF_OPTIONS && info->end_off < len);
	CHECK(m[info->end_off] == DHCP_OPT_END);
	CHECK(info->trailing <= len - info->end_off - 1);
	for (i = 0; i < info->trailing; i++)
		CHECK(m[info->end_off + 1 + i] == DHCP_OPT_PAD);
	CHECK(info->end_off + 1 + info->trailing == len ||
	      m[info->end_off + 1 + info->trailing] != DHCP_OPT_PAD);
	CHECK(info->op == m[DHCP_OFF_OP]);
	CHECK(info->overload <= 3);
	for (i = 0; i < info->rai_count && i < DHCP_RAI_LOC_MAX; i++) {
		CHECK(info->rai[i].off + 2 + info->rai[i].len <= len);
		CHECK(m[info->rai[i].off] == DHCP_OPT_RAI);
		CHECK(m[info->rai[i].off + 1] == info->rai[i].len);
	}
	CHECK(!info->lease_time_off || info->lease_time_off + 4 <= len);
	CHECK(!info->server_id_off || info->server_id_off + 4 <= len);
	CHECK(!info->req_ip_off || info->req_ip_off + 4 <= len);
	CHECK(!info->client_id_off ||
	      (info->client_id_len &&
	       info->client_id_off + info->client_id_len <= len));
}

static void check_strip(const u8 *data, size_t size,
			const struct dhcp_info *info)
{
	struct dhcp_info ninfo;
	struct walk_ctx ctx = { 0 };
	u8 *m, *exp;
	size_t i, j, n, new_len = 0;

	/* The expected result: PAD over 82 in file/sname, 82 cut out of
	 * the options field, everything from END on unchanged.
	 */
	exp = dup_exact(data, size, size);
	if (info->overload & 1)
		walk_field(data, DHCP_OFF_FILE, DHCP_OFF_FILE + DHCP_FILE_LEN,
			   &ctx, pad_rai, exp);
	if (info->overload & 2)
		walk_field(data, DHCP_OFF_SNAME,
			   DHCP_OFF_SNAME + DHCP_SNAME_LEN, &ctx, pad_rai, exp);
	i = DHCP_OFF_OPTIONS;
	j = DHCP_OFF_OPTIONS;
	while (i < size) {
		n = 1;
		if (i < info->end_off && data[i] != DHCP_OPT_PAD)
			n = 2 + data[i + 1];
		if (i < info->end_off && data[i] == DHCP_OPT_RAI) {
			i += n;
			continue;
		}
		memmove(exp + j, data + i, n);
		i += n;
		j += n;
	}

	/* At the offsets the parse found, the way the module strips. */
	m = dup_exact(data, size, size);
	CHECK(dhcp_strip_rai_info(m, size, info, &new_len) == DHCP_OK);
	CHECK(new_len == j && new_len <= size);
	CHECK(!memcmp(m, exp, new_len));
	free(m);

	m = dup_exact(data, size, size);
	CHECK(dhcp_strip_rai(m, size, &new_len) == DHCP_OK);
	CHECK(new_len == j && new_len <= size);
	CHECK(!memcmp(m, exp, new_len));
	CHECK(dhcp_parse(m, new_len, &ninfo) == DHCP_OK);
	CHECK(ninfo.rai_count == 0);
	CHECK(ninfo.overload == info->overload);
	CHECK(ninfo.msg_type == info->msg_type);
	CHECK(ninfo.max_msg_size == info->max_msg_size);
	CHECK(ninfo.trailing == info->trailing);
	CHECK(ninfo.xid == info->xid);
	free(m);
	free(exp);
}

static void check_insert(const u8 *data, size_t size,
			 const struct dhcp_info *info,
			 const u8 *opt, size_t opt_len)
{
	struct walk_ctx ctx = { 0 };
	struct dhcp_info ninfo;
	size_t grow, cap, new_len = 0, tail, pad_left, nl;
	u8 *m, *exp;
	unsigned int idx;

	if (!opt_len)
		return;
	grow = dhcp_insert_growth(info, opt_len);
	CHECK(grow <= opt_len);
	CHECK(grow == (opt_len > info->trailing ?
		       opt_len - info->trailing : 0));
	cap = size + grow;

	/* One octet short: refused, nothing written. */
	if (grow) {
		m = dup_exact(data, size, cap - 1);
		CHECK(dhcp_insert_opt(m, size, cap - 1, info, opt, opt_len,
				      &new_len) == DHCP_ERR_NOSPACE);
		CHECK(!memcmp(m, data, size));
		free(m);
	}

	m = dup_exact(data, size, cap);
	CHECK(dhcp_insert_opt(m, size, cap, info, opt, opt_len,
			      &new_len) == DHCP_OK);
	CHECK(new_len == size + grow);
	CHECK(dhcp_parse(m, new_len, &ninfo) == DHCP_OK);
	check_info(m, new_len, &ninfo);

	/* Before END unchanged, the option, END, the rest of the pad, then
	 * whatever followed the pad.
	 */
	CHECK(!memcmp(m, data, info->end_off));
	CHECK(!memcmp(m + info->end_off, opt, opt_len));
	CHECK(ninfo.end_off == info->end_off + opt_len);
	pad_left = info->trailing > opt_len ? info->trailing - opt_len : 0;
	CHECK(ninfo.trailing == pad_left);
	tail = info->end_off + 1 + info->trailing;
	CHECK(!memcmp(m + tail + grow, data + tail, size - tail));

	CHECK(ninfo.rai_count == info->rai_count + 1);
	CHECK(ninfo.overload == info->overload);
	CHECK(ninfo.msg_type == info->msg_type);
	CHECK(ninfo.client_id_off == info->client_id_off);
	CHECK(ninfo.max_msg_size == info->max_msg_size);

	/* It is the last option of the options field, so it comes right
	 * after the 82s already there.
	 */
	walk_field(data, DHCP_OFF_OPTIONS, info->end_off, &ctx, NULL, NULL);
	idx = ctx.rai;
	if (idx < DHCP_RAI_LOC_MAX) {
		CHECK(ninfo.rai[idx].off == info->end_off);
		CHECK(ninfo.rai[idx].len == opt_len - 2);
	}
	walk_all(m, new_len, &ninfo, &ctx, check_rai_body, NULL);

	/* The offsets from before the insert are refused: END has moved. */
	exp = dup_exact(m, new_len, new_len);
	CHECK(dhcp_strip_rai_info(m, new_len, info, &nl) == DHCP_ERR_INVAL);
	CHECK(!memcmp(m, exp, new_len));
	free(exp);

	/* And strip takes it out again, at the new offsets. */
	CHECK(dhcp_strip_rai_info(m, new_len, &ninfo, &new_len) == DHCP_OK);
	CHECK(dhcp_parse(m, new_len, &ninfo) == DHCP_OK);
	CHECK(ninfo.rai_count == 0);
	free(m);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static const u8 cid[] = "br0:eth1:100";
	static const u8 rid[] = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0x01 };
	static const u8 relay[] = {
		0x00, 0x03, 0x00, 0x01, 0x02, 0x00, 0x5e, 0x00, 0x53, 0x02,
	};
	struct walk_ctx ctx = { 0 };
	struct dhcp_info info;
	struct dhcp_rai rai;
	u8 opt[2 + DHCP_RAI_MAX];
	enum dhcp_err err;
	size_t opt_len, l1, l2, l3, nl;
	u8 *m;

	if (size > MAX_INPUT)
		return 0;

	/* Any octets as an option 82 body. */
	if (dhcp_rai_parse(data, size, &rai) == DHCP_OK)
		CHECK(size || (!rai.circuit_id && !rai.remote_id &&
			       !rai.relay_id));

	err = dhcp_parse(data, size, &info);
	if (err != DHCP_OK) {
		/* Strip refuses what parse refuses, untouched. */
		m = dup_exact(data, size, size);
		CHECK(dhcp_strip_rai(m, size, &nl) == err);
		CHECK(!memcmp(m, data, size));
		free(m);
		return 0;
	}
	check_info(data, size, &info);

	walk_all(data, size, &info, &ctx, check_rai_body, NULL);
	CHECK(ctx.rai == info.rai_count);

	check_strip(data, size, &info);

	opt_len = dhcp_rai_build(opt, sizeof(opt), cid, sizeof(cid) - 1,
				 rid, sizeof(rid), relay, sizeof(relay));
	CHECK(opt_len == 2 + 2 + 12 + 2 + 6 + 2 + 10);
	check_insert(data, size, &info, opt, opt_len);

	/* Ids taken from the message itself, lengths from its last octets:
	 * some are over 255 in total, some empty.
	 */
	l1 = data[size - 1] % 128;
	l2 = data[size - 2] % 128;
	l3 = data[size - 3];
	if (l1 + l2 + l3 <= size) {
		opt_len = dhcp_rai_build(opt, sizeof(opt),
					 l1 & 1 ? NULL : data, l1,
					 data + l1, l2, data + l1 + l2, l3);
		CHECK(opt_len <= 2 + DHCP_RAI_MAX);
		check_insert(data, size, &info, opt, opt_len);
	}
	return 0;
}
