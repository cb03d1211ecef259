// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for kmod/dhcp6_relay.c.
 *
 * The input is one DHCPv6 message.  What dhcp6_parse() says is checked
 * against a second, deliberately naive reading written here (recursive,
 * no shared code); every function must agree with it: unwrap gives the
 * Relay Message's octets, a Relay-Forward built around the message parses
 * one level deeper with the message intact inside and unwraps back to it,
 * the bindings point into the message and obey the REPLY rules.  Buffers
 * handed to the code under test are malloc()ed to their exact size so ASan
 * sees any octet read or written past them.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp6_relay.h"

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

static unsigned int g16(const u8 *p)
{
	return p[0] << 8 | p[1];
}

static u32 g32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

/* Naive: do the options of [p, p + n) tile it exactly? */
static bool naive_framed(const u8 *p, size_t n)
{
	while (n) {
		if (n < 4 || n - 4 < g16(p + 2))
			return false;
		n -= 4 + g16(p + 2);
		p += 4 + g16(p + 2);
	}
	return true;
}

/* Naive: the first option @code of [p, p + n) (framed), or NULL. */
static const u8 *naive_find(const u8 *p, size_t n, unsigned int code,
			    size_t *len)
{
	size_t i = 0;

	while (i < n) {
		if (g16(p + i) == code) {
			*len = g16(p + i + 2);
			return p + i + 4;
		}
		i += 4 + g16(p + i + 2);
	}
	return NULL;
}

static size_t naive_count(const u8 *p, size_t n, unsigned int code)
{
	size_t i = 0, c = 0;

	while (i < n) {
		c += g16(p + i) == code;
		i += 4 + g16(p + i + 2);
	}
	return c;
}

/*
 * The innermost message of a message that dhcp6_parse() accepted, found
 * by recursion, and the number of relay levels over it.
 */
static const u8 *naive_inner(const u8 *m, size_t n, unsigned int *depth,
			     size_t *inner_len)
{
	const u8 *rm;
	size_t rl;

	if (m[0] != DHCP6_RELAY_FORW && m[0] != DHCP6_RELAY_REPL) {
		*inner_len = n;
		return m;
	}
	CHECK(n >= 34 && naive_framed(m + 34, n - 34));
	CHECK(naive_count(m + 34, n - 34, DHCP6_OPT_RELAY_MSG) == 1);
	rm = naive_find(m + 34, n - 34, DHCP6_OPT_RELAY_MSG, &rl);
	CHECK(rm);
	(*depth)++;
	return naive_inner(rm, rl, depth, inner_len);
}

static void check_info(const u8 *m, size_t n, const struct dhcp6_info *info)
{
	unsigned int depth = 0;
	const u8 *inner, *p;
	size_t il, l, o;
	bool relay = m[0] == DHCP6_RELAY_FORW || m[0] == DHCP6_RELAY_REPL;

	CHECK(info->msg_type == m[0] && m[0]);
	inner = naive_inner(m, n, &depth, &il);
	CHECK(depth == info->depth && depth <= DHCP6_DEPTH_MAX);
	CHECK(inner == m + info->inner_off && il == info->inner_len);
	CHECK(il >= 4 && inner[0] == info->inner_type);
	CHECK(naive_framed(inner + 4, il - 4));
	o = relay ? 34 : 4;
	if (relay) {
		CHECK(info->hop_count == m[1] && info->xid == 0);
		p = naive_find(m + o, n - o, DHCP6_OPT_RELAY_MSG, &l);
		CHECK(p == m + info->relay_msg_off && l == info->relay_msg_len);
		p = naive_find(m + o, n - o, DHCP6_OPT_INTERFACE_ID, &l);
		CHECK(p ? p == m + info->interface_id_off &&
			  l == info->interface_id_len :
			  !info->interface_id_off);
		p = naive_find(m + o, n - o, DHCP6_OPT_REMOTE_ID, &l);
		CHECK(p ? p == m + info->remote_id_off && l >= 4 &&
			  l == info->remote_id_len : !info->remote_id_off);
		p = naive_find(m + o, n - o, DHCP6_OPT_RELAY_ID, &l);
		CHECK(p ? p == m + info->relay_id_off &&
			  l == info->relay_id_len : !info->relay_id_off);
		CHECK(!info->client_id_off);
	} else {
		CHECK(info->xid == (g32(m) & 0xffffff) && !info->hop_count);
		CHECK(!info->relay_msg_off && !info->interface_id_off);
		p = naive_find(m + o, n - o, DHCP6_OPT_CLIENTID, &l);
		CHECK(p ? p == m + info->client_id_off &&
			  l == info->client_id_len : !info->client_id_off);
	}
}

/* Every binding points into the message and keeps the REPLY rules. */
struct bctx {
	const u8 *m;
	size_t n;
	unsigned int calls;
	unsigned int stop_at;	/* 0: never */
};

static bool inside(const struct bctx *c, const u8 *p, size_t l)
{
	return p >= c->m && l <= c->n && p - c->m <= (ptrdiff_t)(c->n - l);
}

static int check_binding(const struct dhcp6_binding *b, void *arg)
{
	struct bctx *c = arg;

	c->calls++;
	CHECK(inside(c, b->addr, 16));
	CHECK(!b->duid ? !b->duid_len : inside(c, b->duid, b->duid_len));
	CHECK(b->plen <= 128);
	CHECK(b->ia_type == DHCP6_OPT_IA_NA ? b->plen == 128 :
	      b->ia_type == DHCP6_OPT_IA_PD);
	CHECK(b->msg_type == DHCP6_REPLY || b->msg_type == DHCP6_RELEASE ||
	      b->msg_type == DHCP6_DECLINE);
	if (b->msg_type == DHCP6_REPLY)
		CHECK(b->preferred <= b->valid);
	return c->stop_at && c->calls >= c->stop_at;
}

/* Each call of a binding walk, recorded to compare two walks. */
struct brec {
	struct dhcp6_binding b[64];
	unsigned int n;
};

static int rec_binding(const struct dhcp6_binding *b, void *arg)
{
	struct brec *r = arg;

	if (r->n < 64)
		memcpy(&r->b[r->n], b, sizeof(*b));
	r->n++;
	return 0;
}

/*
 * dhcp6_bindings_info() with the parse's @info: the same calls, with the
 * same pointers, and the same sum as dhcp6_bindings().
 */
static void check_bindings_info(const u8 *m, size_t n,
				const struct dhcp6_info *info)
{
	static struct brec a, b;
	struct dhcp6_bind_sum sa, sb;
	unsigned int i;

	a.n = 0;
	b.n = 0;
	CHECK(dhcp6_bindings(m, n, rec_binding, &a, &sa) ==
	      dhcp6_bindings_info(m, info, rec_binding, &b, &sb));
	CHECK(!memcmp(&sa, &sb, sizeof(sa)) && a.n == b.n);
	for (i = 0; i < a.n && i < 64; i++)
		CHECK(!memcmp(&a.b[i], &b.b[i], sizeof(a.b[i])));
}

static void check_bindings(const u8 *m, size_t n, enum dhcp6_err perr,
			   const struct dhcp6_info *info)
{
	struct bctx c = { .m = m, .n = n };
	struct dhcp6_bind_sum sum;
	enum dhcp6_err err;
	unsigned int all;

	err = dhcp6_bindings(m, n, check_binding, &c, &sum);
	CHECK(sum.reported == c.calls && !sum.stopped);
	if (perr != DHCP6_OK) {
		CHECK(err == perr && !c.calls);
		return;
	}
	if (info->inner_type != DHCP6_REPLY &&
	    info->inner_type != DHCP6_RELEASE &&
	    info->inner_type != DHCP6_DECLINE) {
		CHECK(err == DHCP6_ERR_TYPE && !c.calls);
		return;
	}
	CHECK(err == DHCP6_OK && sum.msg_type == info->inner_type);
	if (info->inner_type != DHCP6_REPLY)
		CHECK(!sum.skipped_status && !sum.skipped_lifetime);
	all = c.calls;
	if (all < 2)
		return;
	/* Stopped half way: exactly as many calls as asked. */
	c.calls = 0;
	c.stop_at = all / 2;
	CHECK(dhcp6_bindings(m, n, check_binding, &c, &sum) == DHCP6_OK);
	CHECK(c.calls == all / 2 && sum.stopped && sum.reported == all / 2);
}

static void check_unwrap(const u8 *m, size_t n, enum dhcp6_err perr,
			 const struct dhcp6_info *info)
{
	struct dhcp6_info ninfo;
	size_t nl = 0, nl2 = 0;
	u8 *b = dup_exact(m, n, n);
	enum dhcp6_err err = dhcp6_relay_unwrap(b, n, &nl);

	/* From the parse's info: the same outcome and octets. */
	if (perr == DHCP6_OK) {
		u8 *c = dup_exact(m, n, n);

		CHECK(dhcp6_relay_unwrap_info(c, info, &nl2) == err);
		CHECK(nl2 == nl && !memcmp(c, b, n));
		free(c);
	}

	if (perr != DHCP6_OK || !info->depth) {
		CHECK(err == (perr != DHCP6_OK ? perr : DHCP6_ERR_TYPE));
		CHECK(!memcmp(b, m, n));
		free(b);
		return;
	}
	CHECK(err == DHCP6_OK && nl == info->relay_msg_len);
	CHECK(!memcmp(b, m + info->relay_msg_off, nl));
	CHECK(dhcp6_parse(b, nl, &ninfo) == DHCP6_OK);
	CHECK(ninfo.depth == info->depth - 1);
	CHECK(ninfo.inner_len == info->inner_len);
	CHECK(!memcmp(b + ninfo.inner_off, m + info->inner_off,
		      info->inner_len));
	free(b);
}

static void check_reply(const u8 *m, size_t n, enum dhcp6_err perr,
			const struct dhcp6_info *info)
{
	struct dhcp6_relay_reply rr, ri;
	enum dhcp6_err err = dhcp6_relay_reply_parse(m, n, &rr);

	/* From the parse's info: the same outcome and description. */
	if (perr == DHCP6_OK) {
		CHECK(dhcp6_relay_reply_info(m, info, &ri) == err);
		CHECK(!memcmp(&ri, &rr, sizeof(ri)));
	}

	if (n && m[0] != DHCP6_RELAY_REPL) {
		CHECK(err == DHCP6_ERR_TYPE);
		return;
	}
	CHECK(err == perr);
	if (err != DHCP6_OK)
		return;
	CHECK(rr.hop_count == m[1]);
	CHECK(rr.link_addr == m + 2 && rr.peer_addr == m + 18);
	CHECK(rr.link_addr_unspec == !memcmp(m + 2, "\0\0\0\0\0\0\0\0"
					      "\0\0\0\0\0\0\0\0", 16));
	CHECK(rr.msg_off == info->relay_msg_off &&
	      rr.msg_len == info->relay_msg_len);
	CHECK(rr.msg_type == m[rr.msg_off]);
	CHECK(rr.interface_id ?
	      rr.interface_id == m + info->interface_id_off &&
	      rr.interface_id_len == info->interface_id_len :
	      !info->interface_id_off && !rr.interface_id_len);
}

/* Wrap the input, whatever it is, with ids cut from it. */
static void check_build(const u8 *m, size_t n, enum dhcp6_err perr,
			const struct dhcp6_info *info)
{
	static const u8 peer[16] = { 0xfe, 0x80, [15] = 1 };
	struct dhcp6_relay_ids ids = { 0 };
	struct dhcp6_info ninfo;
	size_t over, cap, nl = 0, l1, l2, l3;
	enum dhcp6_err err, want;
	u8 *b;

	l1 = n ? m[n - 1] % 40 + 1 : 1;
	l2 = n > 1 ? m[n - 2] % 40 : 0;
	l3 = n > 2 ? m[n - 3] % 40 : 0;
	if (l1 + l2 + l3 > n)
		l1 = 1, l2 = l3 = 0;
	ids.interface_id = n ? m : peer;
	ids.interface_id_len = l1;
	ids.remote_id = m + l1;
	ids.remote_id_len = l2;
	ids.enterprise = n >= 4 ? g32(m) : 0;
	ids.relay_id = l3 ? m + l1 + l2 : NULL;
	ids.relay_id_len = l3;
	over = dhcp6_relay_forw_overhead(&ids);
	CHECK(over == 34 + 4 + l1 + (l2 ? 8 + l2 : 0) + (l3 ? 4 + l3 : 0) + 4);

	if (n < 4)
		want = DHCP6_ERR_SHORT;
	else if (m[0] == DHCP6_RELAY_FORW)
		want = n < 34 ? DHCP6_ERR_SHORT :
		       m[1] >= DHCP6_HOP_COUNT_LIMIT ? DHCP6_ERR_HOP_LIMIT :
		       DHCP6_OK;
	else
		want = dhcp6_is_client_type(m[0]) ? DHCP6_OK : DHCP6_ERR_TYPE;
	cap = over + n;

	/* One octet short: refused, nothing written. */
	b = malloc(cap - 1);
	CHECK(b);
	memset(b, 0xa5, cap - 1);
	err = dhcp6_relay_forw_build(b, cap - 1, &ids, peer, m, n, &nl);
	CHECK(err == (want == DHCP6_OK ? DHCP6_ERR_NOSPACE : want));
	CHECK(!nl && b[0] == 0xa5 && b[cap - 2] == 0xa5);
	free(b);

	b = malloc(cap);
	CHECK(b);
	err = dhcp6_relay_forw_build(b, cap, &ids, peer, m, n, &nl);
	CHECK(err == want);
	if (err != DHCP6_OK) {
		free(b);
		return;
	}
	CHECK(nl == cap && b[0] == DHCP6_RELAY_FORW);
	CHECK(b[1] == (m[0] == DHCP6_RELAY_FORW ? m[1] + 1 : 0));
	CHECK(!memcmp(b + 18, peer, 16) && !memcmp(b + over, m, n));
	err = dhcp6_parse(b, nl, &ninfo);
	if (perr != DHCP6_OK) {
		/* The outer level is good: the error is the input's, or
		 * the cap one level sooner.
		 */
		CHECK(err == perr || err == DHCP6_ERR_TOO_DEEP);
	} else if (info->depth == DHCP6_DEPTH_MAX) {
		CHECK(err == DHCP6_ERR_TOO_DEEP);
	} else {
		CHECK(err == DHCP6_OK && ninfo.depth == info->depth + 1);
		CHECK(ninfo.relay_msg_off == over && ninfo.relay_msg_len == n);
		CHECK(ninfo.interface_id_len == l1 &&
		      !memcmp(b + ninfo.interface_id_off, ids.interface_id,
			      l1));
		CHECK(ninfo.inner_len == info->inner_len &&
		      !memcmp(b + ninfo.inner_off, m + info->inner_off,
			      info->inner_len));
		CHECK(dhcp6_relay_unwrap(b, nl, &nl) == DHCP6_OK);
		CHECK(nl == n && !memcmp(b, m, n));
	}
	free(b);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct dhcp6_info info;
	enum dhcp6_err err;
	u8 *m;

	if (size > MAX_INPUT)
		return 0;
	m = dup_exact(data, size, size);
	err = dhcp6_parse(m, size, &info);
	CHECK(err <= DHCP6_ERR_TOO_DEEP);
	if (err == DHCP6_OK) {
		check_info(m, size, &info);
		check_bindings_info(m, size, &info);
	}
	check_bindings(m, size, err, &info);
	check_unwrap(m, size, err, &info);
	check_reply(m, size, err, &info);
	check_build(m, size, err, &info);
	(void)dhcp6_classify(size ? m[0] : 0);
	free(m);
	return 0;
}
