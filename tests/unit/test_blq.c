// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the Bulk Leasequery library: TCP framing (RFC 5460 / RFC
 * 6926 message-size prefix), DHCPv4 (RFC 6926) and DHCPv6 (RFC 5460)
 * query encoding and reply decoding.
 *
 * Expected wire images are written out by hand from the RFC layouts, not
 * produced by the code under test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../lib/blq/blq_frame.h"
#include "../../lib/blq/blq4.h"
#include "../../lib/blq/blq6.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* Framing                                                              */
/* ------------------------------------------------------------------ */

/* Feed @len octets in pieces of at most @chunk; collect the messages. */
struct collected {
	unsigned int n;
	size_t len[16];
	uint8_t data[16][300];
};

static enum blq_err feed_all(struct blq_framer *f, const uint8_t *p,
			     size_t len, size_t chunk, struct collected *c)
{
	while (len) {
		size_t piece = len < chunk ? len : chunk;
		const uint8_t *q = p;
		size_t rest = piece;

		while (rest) {
			const uint8_t *m;
			size_t ml, used;
			enum blq_err err;

			err = blq_framer_feed(f, q, rest, &used, &m, &ml);
			if (err)
				return err;
			assert_true(used <= rest);
			q += used;
			rest -= used;
			if (m) {
				assert_true(c->n < ARRAY_SIZE(c->len));
				assert_true(ml <= sizeof(c->data[0]));
				memcpy(c->data[c->n], m, ml);
				c->len[c->n++] = ml;
			} else {
				/* No message: the whole input must be used. */
				assert_int_equal(rest, 0);
			}
		}
		p += piece;
		len -= piece;
	}
	return BLQ_OK;
}

/* Three messages of 1, 5 and 260 octets (the last needs both prefix bytes). */
static size_t make_stream(uint8_t *s, uint8_t msgs[3][300], size_t *lens)
{
	static const size_t sz[3] = { 1, 5, 260 };
	size_t off = 0, used;
	unsigned int i, j;

	for (i = 0; i < 3; i++) {
		for (j = 0; j < sz[i]; j++)
			msgs[i][j] = (uint8_t)(i * 37 + j);
		lens[i] = sz[i];
		assert_int_equal(blq_frame_encode(s + off, 1000, msgs[i], sz[i],
						  &used), BLQ_OK);
		off += used;
	}
	return off;
}

static void check_collected(const struct collected *c, uint8_t msgs[3][300],
			    const size_t *lens)
{
	unsigned int i;

	assert_int_equal(c->n, 3);
	for (i = 0; i < 3; i++) {
		assert_int_equal(c->len[i], lens[i]);
		assert_memory_equal(c->data[i], msgs[i], lens[i]);
	}
}

static void test_frame_encode(void **state)
{
	uint8_t out[8], big[BLQ_FRAME_MAX + 2];
	const uint8_t msg[3] = { 0xaa, 0xbb, 0xcc };
	/* RFC 5460 / RFC 6926 TCP framing: 2-octet big-endian size. */
	const uint8_t want[5] = { 0x00, 0x03, 0xaa, 0xbb, 0xcc };
	size_t n;

	(void)state;
	assert_int_equal(blq_frame_encode(out, sizeof(out), msg, 3, &n), BLQ_OK);
	assert_int_equal(n, 5);
	assert_memory_equal(out, want, 5);

	/* In place: message already at out + 2. */
	memset(out, 0, sizeof(out));
	memcpy(out + 2, msg, 3);
	assert_int_equal(blq_frame_encode(out, sizeof(out), out + 2, 3, &n),
			 BLQ_OK);
	assert_memory_equal(out, want, 5);

	assert_int_equal(blq_frame_encode(out, 4, msg, 3, &n), BLQ_ERR_NOSPACE);
	assert_int_equal(blq_frame_encode(out, 8, msg, 0, &n), BLQ_ERR_INVAL);

	/* The largest message the prefix can carry, and one more. */
	memset(big, 0x5a, sizeof(big));
	assert_int_equal(blq_frame_encode(big, sizeof(big), big + 2,
					  BLQ_FRAME_MAX, &n), BLQ_OK);
	assert_int_equal(big[0], 0xff);
	assert_int_equal(big[1], 0xff);
	assert_int_equal(blq_frame_encode(big, sizeof(big), big,
					  BLQ_FRAME_MAX + 1, &n),
			 BLQ_ERR_INVAL);
}

static void test_frame_init(void **state)
{
	struct blq_framer f;
	static uint8_t buf[BLQ_FRAME_MAX + 10];

	(void)state;
	assert_int_equal(blq_framer_init(&f, buf, 100, 0), BLQ_OK);
	assert_int_equal(f.max_msg, 100);
	assert_int_equal(blq_framer_init(&f, buf, sizeof(buf), 0), BLQ_OK);
	assert_int_equal(f.max_msg, BLQ_FRAME_MAX);
	assert_int_equal(blq_framer_init(&f, buf, 100, 101), BLQ_ERR_INVAL);
	assert_int_equal(blq_framer_init(&f, buf, sizeof(buf),
					 BLQ_FRAME_MAX + 1), BLQ_ERR_INVAL);
	assert_int_equal(blq_framer_init(&f, NULL, 100, 0), BLQ_ERR_INVAL);
	assert_int_equal(blq_framer_init(&f, buf, 0, 0), BLQ_ERR_INVAL);
	assert_int_equal(blq_framer_init(&f, buf, 100, 50), BLQ_OK);
	assert_true(blq_framer_idle(&f));
}

/* One split point anywhere in the stream, including inside each prefix. */
static void test_frame_split_every_boundary(void **state)
{
	uint8_t s[1000], msgs[3][300], buf[300];
	size_t lens[3], total, i;

	(void)state;
	total = make_stream(s, msgs, lens);
	for (i = 0; i <= total; i++) {
		struct blq_framer f;
		struct collected c = { 0 };

		assert_int_equal(blq_framer_init(&f, buf, sizeof(buf), 0),
				 BLQ_OK);
		assert_int_equal(feed_all(&f, s, i, total, &c), BLQ_OK);
		assert_int_equal(feed_all(&f, s + i, total - i, total, &c),
				 BLQ_OK);
		check_collected(&c, msgs, lens);
		assert_true(blq_framer_idle(&f));
	}
}

/* Two split points: every (i, j) pair, so three reads per stream. */
static void test_frame_split_pairs(void **state)
{
	uint8_t s[1000], msgs[3][300], buf[300];
	size_t lens[3], total, i, j;

	(void)state;
	total = make_stream(s, msgs, lens);
	for (i = 0; i <= total; i++) {
		for (j = i; j <= total; j++) {
			struct blq_framer f;
			struct collected c = { 0 };

			blq_framer_init(&f, buf, sizeof(buf), 0);
			assert_int_equal(feed_all(&f, s, i, total, &c), 0);
			assert_int_equal(feed_all(&f, s + i, j - i, total, &c),
					 0);
			assert_int_equal(feed_all(&f, s + j, total - j, total,
						  &c), 0);
			check_collected(&c, msgs, lens);
		}
	}
}

static void test_frame_chunk_sizes(void **state)
{
	uint8_t s[1000], msgs[3][300], buf[300];
	size_t lens[3], total, chunk;

	(void)state;
	total = make_stream(s, msgs, lens);
	for (chunk = 1; chunk <= total; chunk++) {
		struct blq_framer f;
		struct collected c = { 0 };

		blq_framer_init(&f, buf, sizeof(buf), 0);
		assert_int_equal(feed_all(&f, s, total, chunk, &c), BLQ_OK);
		check_collected(&c, msgs, lens);
	}
}

/* All three messages coalesced in a single read. */
static void test_frame_coalesced(void **state)
{
	uint8_t s[1000], msgs[3][300], buf[300];
	size_t lens[3], total, used, ml;
	const uint8_t *m;
	struct blq_framer f;

	(void)state;
	total = make_stream(s, msgs, lens);
	blq_framer_init(&f, buf, sizeof(buf), 0);
	assert_int_equal(blq_framer_feed(&f, s, total, &used, &m, &ml), BLQ_OK);
	assert_non_null(m);
	assert_int_equal(ml, 1);
	assert_int_equal(used, 3);
	assert_int_equal(blq_framer_feed(&f, s + 3, total - 3, &used, &m, &ml),
			 BLQ_OK);
	assert_int_equal(ml, 5);
	assert_memory_equal(m, msgs[1], 5);
	assert_int_equal(used, 7);
	assert_int_equal(blq_framer_feed(&f, s + 10, total - 10, &used, &m,
					 &ml), BLQ_OK);
	assert_int_equal(ml, 260);
	assert_int_equal(used, total - 10);
	/* An empty feed after a message yields nothing and stays idle. */
	assert_int_equal(blq_framer_feed(&f, s, 0, &used, &m, &ml), BLQ_OK);
	assert_null(m);
	assert_true(blq_framer_idle(&f));
}

static void test_frame_oversize(void **state)
{
	uint8_t buf[100];
	struct blq_framer f;
	const uint8_t *m;
	size_t used, ml;
	/* 101 > cap of 100: refused on the prefix, before the body. */
	const uint8_t over[] = { 0x00, 0x65, 1, 2, 3 };
	const uint8_t ok_hdr[] = { 0x00, 0x64 };
	uint8_t body[100];

	(void)state;
	blq_framer_init(&f, buf, sizeof(buf), 100);
	assert_int_equal(blq_framer_feed(&f, over, sizeof(over), &used, &m,
					 &ml), BLQ_ERR_FRAME_SIZE);
	assert_int_equal(used, 2);
	assert_null(m);
	/* Sticky: nothing more is accepted until reset. */
	assert_int_equal(blq_framer_feed(&f, ok_hdr, 2, &used, &m, &ml),
			 BLQ_ERR_FRAME_SIZE);
	assert_int_equal(used, 0);
	assert_string_equal(blq_strerror(BLQ_ERR_FRAME_SIZE),
			    "frame larger than the allowed maximum");

	/* Exactly the cap is fine. */
	blq_framer_reset(&f);
	memset(body, 7, sizeof(body));
	assert_int_equal(blq_framer_feed(&f, ok_hdr, 2, &used, &m, &ml), 0);
	assert_null(m);
	assert_false(blq_framer_idle(&f));
	assert_int_equal(blq_framer_feed(&f, body, 100, &used, &m, &ml), 0);
	assert_non_null(m);
	assert_int_equal(ml, 100);

	/* A lower cap than the buffer (caller policy). */
	blq_framer_init(&f, buf, sizeof(buf), 10);
	assert_int_equal(blq_framer_feed(&f, (const uint8_t[]){ 0, 11 }, 2,
					 &used, &m, &ml), BLQ_ERR_FRAME_SIZE);
	/* Split prefix: the error comes with its second octet. */
	blq_framer_init(&f, buf, sizeof(buf), 10);
	assert_int_equal(blq_framer_feed(&f, (const uint8_t[]){ 0xff }, 1,
					 &used, &m, &ml), BLQ_OK);
	assert_int_equal(blq_framer_feed(&f, (const uint8_t[]){ 0xff }, 1,
					 &used, &m, &ml), BLQ_ERR_FRAME_SIZE);
}

static void test_frame_zero_length(void **state)
{
	uint8_t buf[100];
	struct blq_framer f;
	const uint8_t *m;
	size_t used, ml;
	const uint8_t zero[] = { 0x00, 0x00, 0x00, 0x01, 0x42 };

	(void)state;
	blq_framer_init(&f, buf, sizeof(buf), 0);
	assert_int_equal(blq_framer_feed(&f, zero, sizeof(zero), &used, &m,
					 &ml), BLQ_ERR_FRAME_ZERO);
	assert_null(m);
	assert_int_equal(blq_framer_feed(&f, zero + 2, 3, &used, &m, &ml),
			 BLQ_ERR_FRAME_ZERO);
}

/* EOF in the middle of a message is visible through blq_framer_idle(). */
static void test_frame_truncated_stream(void **state)
{
	uint8_t s[1000], msgs[3][300], buf[300];
	size_t lens[3], total, i;

	(void)state;
	total = make_stream(s, msgs, lens);
	for (i = 0; i <= total; i++) {
		struct blq_framer f;
		struct collected c = { 0 };
		bool boundary = i == 0 || i == 3 || i == 10 || i == total;

		blq_framer_init(&f, buf, sizeof(buf), 0);
		assert_int_equal(feed_all(&f, s, i, 7, &c), BLQ_OK);
		assert_int_equal(blq_framer_idle(&f), boundary);
	}
}

/* ------------------------------------------------------------------ */
/* DHCPv4                                                               */
/* ------------------------------------------------------------------ */

/*
 * RFC 2131 section 2 header, written field by field: op, htype, hlen, hops,
 * xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, chaddr[16], sname[64],
 * file[128], then the magic cookie 99.130.83.99 (RFC 2131 section 3).
 */
static size_t v4_hdr(uint8_t *p, uint8_t op, uint32_t xid,
		     const uint8_t ciaddr[4], uint8_t htype, uint8_t hlen,
		     const uint8_t *chaddr)
{
	memset(p, 0, 240);
	p[0] = op;
	p[1] = htype;
	p[2] = hlen;
	p[4] = xid >> 24;
	p[5] = xid >> 16;
	p[6] = xid >> 8;
	p[7] = xid;
	if (ciaddr)
		memcpy(p + 12, ciaddr, 4);
	if (chaddr)
		memcpy(p + 28, chaddr, hlen);
	p[236] = 99;
	p[237] = 130;
	p[238] = 83;
	p[239] = 99;
	return 240;
}

static void check_build4(const struct blq4_query *q, const uint8_t *opts,
			 size_t opts_len, uint8_t htype, uint8_t hlen,
			 const uint8_t *chaddr)
{
	uint8_t want[600], got[600];
	size_t n, wl, cap;

	wl = v4_hdr(want, 1, q->xid, NULL, htype, hlen, chaddr);
	memcpy(want + wl, opts, opts_len);
	wl += opts_len;

	assert_int_equal(blq4_build_query(q, got, sizeof(got), &n), BLQ_OK);
	assert_int_equal(n, wl);
	assert_memory_equal(got, want, wl);

	/* Every smaller buffer is refused, never overrun. */
	for (cap = 0; cap < wl; cap++)
		assert_int_equal(blq4_build_query(q, got, cap, &n),
				 BLQ_ERR_NOSPACE);
}

/* RFC 6926 query by relay-id: option 82 holding sub-option 12 (RFC 6925). */
static void test_v4_build_relay_id(void **state)
{
	const uint8_t rid[] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05 };
	struct blq4_query q = {
		.xid = 0x12345678, .by = BLQ4_BY_RELAY_ID,
		.id = rid, .id_len = sizeof(rid),
	};
	const uint8_t opts[] = {
		53, 1, 14,				/* DHCPBULKLEASEQUERY */
		82, 8, 12, 6, 0, 1, 2, 3, 4, 5,		/* RAI { relay-id } */
		255,
	};

	(void)state;
	check_build4(&q, opts, sizeof(opts), 0, 0, NULL);
}

/* RFC 6926 query by remote-id (RFC 3046 sub-option 2) with a time window. */
static void test_v4_build_remote_id(void **state)
{
	const uint8_t rid[] = { 'c', 'p', 'e', '1' };
	const uint8_t prl[] = { 51, 82, 91, 152 };
	struct blq4_query q = {
		.xid = 0xdeadbeef, .by = BLQ4_BY_REMOTE_ID,
		.id = rid, .id_len = sizeof(rid),
		.has_start_time = true, .start_time = 0x65000000,
		.has_end_time = true, .end_time = 0x65000e10,
		.prl = prl, .prl_len = sizeof(prl),
	};
	const uint8_t opts[] = {
		53, 1, 14,
		82, 6, 2, 4, 'c', 'p', 'e', '1',
		154, 4, 0x65, 0x00, 0x00, 0x00,		/* query-start-time */
		155, 4, 0x65, 0x00, 0x0e, 0x10,		/* query-end-time */
		55, 4, 51, 82, 91, 152,
		255,
	};

	(void)state;
	check_build4(&q, opts, sizeof(opts), 0, 0, NULL);
}

/* RFC 6926 query by MAC: the selector is htype/hlen/chaddr only. */
static void test_v4_build_mac(void **state)
{
	const uint8_t mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };
	struct blq4_query q = {
		.xid = 1, .by = BLQ4_BY_MAC,
		.htype = 1, .hlen = 6, .chaddr = mac,
	};
	const uint8_t opts[] = { 53, 1, 14, 255 };

	(void)state;
	check_build4(&q, opts, sizeof(opts), 1, 6, mac);
}

/* RFC 6926 query by client-id (RFC 2132 option 61). */
static void test_v4_build_client_id(void **state)
{
	const uint8_t cid[] = { 1, 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };
	struct blq4_query q = {
		.xid = 0x01020304, .by = BLQ4_BY_CLIENT_ID,
		.id = cid, .id_len = sizeof(cid),
		.has_start_time = true, .start_time = 1,
	};
	const uint8_t opts[] = {
		53, 1, 14,
		61, 7, 1, 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30,
		154, 4, 0, 0, 0, 1,
		255,
	};

	(void)state;
	check_build4(&q, opts, sizeof(opts), 0, 0, NULL);
}

static void test_v4_build_invalid(void **state)
{
	uint8_t out[600], id[256];
	size_t n;
	struct blq4_query q = { .by = BLQ4_BY_RELAY_ID, .id = id };

	(void)state;
	memset(id, 1, sizeof(id));
	q.id_len = 253;		/* 2 + 253 = 255: the largest 82 body */
	assert_int_equal(blq4_build_query(&q, out, sizeof(out), &n), BLQ_OK);
	assert_int_equal(out[243], 82);
	assert_int_equal(out[244], 255);
	q.id_len = 254;
	assert_int_equal(blq4_build_query(&q, out, sizeof(out), &n),
			 BLQ_ERR_INVAL);
	q.id_len = 0;
	assert_int_equal(blq4_build_query(&q, out, sizeof(out), &n),
			 BLQ_ERR_INVAL);
	q.by = BLQ4_BY_CLIENT_ID;
	q.id_len = 255;
	assert_int_equal(blq4_build_query(&q, out, sizeof(out), &n), BLQ_OK);
	q.id_len = 256;
	assert_int_equal(blq4_build_query(&q, out, sizeof(out), &n),
			 BLQ_ERR_INVAL);
	q.by = BLQ4_BY_MAC;
	q.chaddr = id;
	q.hlen = 17;
	assert_int_equal(blq4_build_query(&q, out, sizeof(out), &n),
			 BLQ_ERR_INVAL);
	q.hlen = 0;
	assert_int_equal(blq4_build_query(&q, out, sizeof(out), &n),
			 BLQ_ERR_INVAL);
	q.by = 0;
	assert_int_equal(blq4_build_query(&q, out, sizeof(out), &n),
			 BLQ_ERR_INVAL);
	q.by = BLQ4_BY_MAC;
	q.hlen = 6;
	q.prl = id;
	q.prl_len = 0;
	assert_int_equal(blq4_build_query(&q, out, sizeof(out), &n),
			 BLQ_ERR_INVAL);
}

/* A server reply: header plus hand-written options. */
static size_t v4_reply(uint8_t *p, uint32_t xid, const uint8_t ciaddr[4],
		       const uint8_t *opts, size_t opts_len)
{
	static const uint8_t mac[6] = { 0x02, 0x00, 0x5e, 0xaa, 0xbb, 0xcc };
	size_t n = v4_hdr(p, 2, xid, ciaddr, 1, 6, mac);

	memcpy(p + n, opts, opts_len);
	return n + opts_len;
}

/*
 * What Kea 3.x sends for each lease (PROTOCOLS.md): DHCPLEASEACTIVE with the
 * query's xid, ciaddr = the address, base-time 152, CLTT 91, lease time 51
 * already reduced by CLTT, and the stored option 82.
 */
static const uint8_t kea_active_opts[] = {
	53, 1, 13,					/* LEASEACTIVE */
	54, 4, 192, 0, 2, 1,				/* server-id */
	152, 4, 0x69, 0x23, 0x9f, 0x00,			/* base-time */
	91, 4, 0x00, 0x00, 0x00, 0x3c,			/* CLTT 60 s */
	51, 4, 0x00, 0x00, 0x0e, 0x01,			/* 3585 s left */
	82, 18,
		1, 6, 'p', 'o', 'r', 't', '0', '3',	/* circuit-id */
		2, 2, 0xab, 0xcd,			/* remote-id */
		12, 4, 0x00, 0x00, 0x00, 0x07,		/* relay-id */
	255,
};
/* Offsets of the option-length octets above, and the END. */
static const size_t kea_active_lens[] = { 1, 4, 10, 16, 22, 28 };
static const size_t kea_active_sublens[] = { 30, 38, 42 };
#define KEA_ACTIVE_END 47

static const uint8_t kea_done_opts[] = { 53, 1, 15, 255 };

static void test_v4_kea_stream(void **state)
{
	const uint8_t ip1[4] = { 10, 0, 0, 21 }, ip2[4] = { 10, 0, 0, 22 };
	uint8_t msg[600], stream[2000], buf[1000];
	size_t n, off = 0, used, ml, pos;
	struct blq_framer f;
	struct blq4_binding b;
	const uint8_t *m, *cid;
	uint8_t cid_len;
	unsigned int got_active = 0, got_done = 0;

	(void)state;
	/* Two leases then DONE, all with the query's xid, in one stream. */
	n = v4_reply(msg, 0xcafe0001, ip1, kea_active_opts,
		     sizeof(kea_active_opts));
	blq_frame_encode(stream + off, sizeof(stream) - off, msg, n, &used);
	off += used;
	n = v4_reply(msg, 0xcafe0001, ip2, kea_active_opts,
		     sizeof(kea_active_opts));
	blq_frame_encode(stream + off, sizeof(stream) - off, msg, n, &used);
	off += used;
	n = v4_reply(msg, 0xcafe0001, NULL, kea_done_opts,
		     sizeof(kea_done_opts));
	blq_frame_encode(stream + off, sizeof(stream) - off, msg, n, &used);
	off += used;

	blq_framer_init(&f, buf, sizeof(buf), 0);
	/* Odd read size so every frame boundary falls mid-read. */
	for (pos = 0; pos < off; ) {
		size_t chunk = off - pos < 97 ? off - pos : 97;
		size_t c_off = 0;

		while (c_off < chunk) {
			assert_int_equal(blq_framer_feed(&f, stream + pos + c_off,
							 chunk - c_off, &used,
							 &m, &ml), BLQ_OK);
			c_off += used;
			if (!m)
				continue;
			assert_int_equal(blq4_decode(m, ml, &b), BLQ_OK);
			assert_int_equal(b.xid, 0xcafe0001);
			if (b.msg_type == BLQ4_MSG_LEASEQUERYDONE) {
				got_done++;
				assert_false(b.have & BLQ4_HAVE_STATUS);
				continue;
			}
			assert_int_equal(b.msg_type, BLQ4_MSG_LEASEACTIVE);
			assert_memory_equal(b.ciaddr,
					    got_active ? ip2 : ip1, 4);
			got_active++;
			assert_int_equal(b.htype, 1);
			assert_int_equal(b.hlen, 6);
			assert_memory_equal(b.chaddr,
					    ((uint8_t[]){ 2, 0, 0x5e, 0xaa,
							  0xbb, 0xcc }), 6);
			assert_int_equal(b.base_time, 0x69239f00);
			assert_int_equal(b.cltt, 60);
			assert_int_equal(b.lease_time, 3585);
			assert_int_equal(b.have,
					 BLQ4_HAVE_BASE_TIME | BLQ4_HAVE_CLTT |
					 BLQ4_HAVE_LEASE_TIME | BLQ4_HAVE_RAI |
					 BLQ4_HAVE_CIRCUIT_ID_POS);
			assert_int_equal(b.rai_len, 18);
			assert_int_equal(blq4_rai_find(b.rai, b.rai_len,
						       BLQ4_RAI_CIRCUIT_ID,
						       &cid, &cid_len), BLQ_OK);
			assert_int_equal(cid_len, 6);
			assert_memory_equal(cid, "port03", 6);
			/* the decoder's own record of where it is */
			assert_ptr_equal(b.rai + b.circuit_id_off, cid);
			assert_int_equal(b.circuit_id_len, 6);
			assert_int_equal(blq4_rai_find(b.rai, b.rai_len,
						       BLQ4_RAI_RELAY_ID,
						       &cid, &cid_len), BLQ_OK);
			assert_int_equal(cid_len, 4);
			assert_int_equal(cid[3], 7);
			assert_int_equal(blq4_rai_find(b.rai, b.rai_len, 9,
						       &cid, &cid_len),
					 BLQ_ERR_ABSENT);
		}
		pos += chunk;
	}
	assert_int_equal(got_active, 2);
	assert_int_equal(got_done, 1);
	assert_true(blq_framer_idle(&f));
}

/* RFC 4388 replies reused by RFC 6926: UNASSIGNED and UNKNOWN. */
static void test_v4_unassigned_unknown(void **state)
{
	const uint8_t ua[] = { 53, 1, 11, 255 };
	const uint8_t uk[] = { 53, 1, 12, 255 };
	uint8_t msg[600];
	struct blq4_binding b;
	size_t n;

	(void)state;
	n = v4_reply(msg, 7, NULL, ua, sizeof(ua));
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_OK);
	assert_int_equal(b.msg_type, BLQ4_MSG_LEASEUNASSIGNED);
	n = v4_reply(msg, 7, NULL, uk, sizeof(uk));
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_OK);
	assert_int_equal(b.msg_type, BLQ4_MSG_LEASEUNKNOWN);
}

/* RFC 6926 options 153, 156, 157 and client-id 61 in one LEASEACTIVE. */
static void test_v4_state_options(void **state)
{
	const uint8_t opts[] = {
		53, 1, 13,
		61, 3, 0xff, 0x01, 0x02,
		153, 4, 0, 0, 0x01, 0x00,
		156, 1, BLQ4_STATE_ACTIVE,
		157, 1, BLQ4_DATA_SOURCE_REMOTE,
		255,
	};
	uint8_t msg[600];
	struct blq4_binding b;
	size_t n;

	(void)state;
	n = v4_reply(msg, 9, NULL, opts, sizeof(opts));
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_OK);
	assert_int_equal(b.start_time_of_state, 256);
	assert_int_equal(b.dhcp_state, BLQ4_STATE_ACTIVE);
	assert_int_equal(b.data_source, BLQ4_DATA_SOURCE_REMOTE);
	assert_int_equal(b.client_id_len, 3);
	assert_memory_equal(b.client_id, opts + 5, 3);
	assert_int_equal(b.have, BLQ4_HAVE_START_TIME_OF_STATE |
			 BLQ4_HAVE_DHCP_STATE | BLQ4_HAVE_DATA_SOURCE |
			 BLQ4_HAVE_CLIENT_ID);
}

/* RFC 6926 status-code 151: 1-octet code then UTF-8 text. */
static void test_v4_status(void **state)
{
	const uint8_t done[] = {
		53, 1, 15,
		151, 17, BLQ4_STATUS_NOT_ALLOWED,
		'n', 'o', 't', ' ', 'a', 'l', 'l', 'o', 'w', 'e', 'd', '.',
		'.', '.', '.', '!',
		255,
	};
	const uint8_t empty_text[] = { 53, 1, 15, 151, 1, 2, 255 };
	const uint8_t no_code[] = { 53, 1, 15, 151, 0, 255 };
	uint8_t msg[1200], opts[900];
	struct blq4_binding b;
	size_t n, o = 0;
	int i;

	(void)state;
	n = v4_reply(msg, 9, NULL, done, sizeof(done));
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_OK);
	assert_int_equal(b.msg_type, BLQ4_MSG_LEASEQUERYDONE);
	assert_true(b.have & BLQ4_HAVE_STATUS);
	assert_int_equal(b.status_code, BLQ4_STATUS_NOT_ALLOWED);
	assert_string_equal(b.status_text, "not allowed....!");
	assert_false(b.status_text_truncated);

	n = v4_reply(msg, 9, NULL, empty_text, sizeof(empty_text));
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_OK);
	assert_int_equal(b.status_code, BLQ4_STATUS_QUERY_TERMINATED);
	assert_int_equal(b.status_text_len, 0);
	assert_string_equal(b.status_text, "");

	n = v4_reply(msg, 9, NULL, no_code, sizeof(no_code));
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_ERR_BADLEN);

	/* RFC 3396: three 151 pieces, 1 + 3 * 254 text octets, truncated. */
	opts[o++] = 53; opts[o++] = 1; opts[o++] = 15;
	for (i = 0; i < 3; i++) {
		opts[o++] = 151;
		opts[o++] = 255;
		memset(opts + o, 'x', 255);
		if (i == 0)
			opts[o] = BLQ4_STATUS_UNSPEC_FAIL;
		o += 255;
	}
	opts[o++] = 255;
	n = v4_reply(msg, 9, NULL, opts, o);
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_OK);
	assert_int_equal(b.status_code, BLQ4_STATUS_UNSPEC_FAIL);
	assert_int_equal(b.status_text_len, BLQ4_STATUS_TEXT_MAX);
	assert_true(b.status_text_truncated);
	assert_int_equal(strlen(b.status_text), BLQ4_STATUS_TEXT_MAX);
}

/* RFC 3396 split options are concatenated; sizes checked afterwards. */
static void test_v4_concat(void **state)
{
	const uint8_t split[] = {
		53, 1, 13,
		51, 2, 0x00, 0x00, 0, 51, 2, 0x01, 0x00,	/* PAD between */
		61, 2, 1, 2, 61, 1, 3,
		82, 3, 1, 4, 'e', 82, 3, 't', 'h', '0',
		255,
	};
	const uint8_t bad51[] = { 53, 1, 13, 51, 2, 0, 0, 51, 1, 0, 255 };
	const uint8_t dup53[] = { 53, 1, 13, 53, 1, 13, 255 };
	const uint8_t long61_head[] = { 53, 1, 13 };
	uint8_t msg[1200], opts[700];
	struct blq4_binding b;
	size_t n, o;

	(void)state;
	n = v4_reply(msg, 9, NULL, split, sizeof(split));
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_OK);
	assert_int_equal(b.lease_time, 256);
	assert_int_equal(b.client_id_len, 3);
	assert_memory_equal(b.client_id, ((uint8_t[]){ 1, 2, 3 }), 3);
	assert_int_equal(b.rai_len, 6);
	assert_memory_equal(b.rai, "\x01\x04" "eth0", 6);

	n = v4_reply(msg, 9, NULL, bad51, sizeof(bad51));
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_ERR_BADLEN);
	/* Two 53s concatenate to 2 octets: not a message type. */
	n = v4_reply(msg, 9, NULL, dup53, sizeof(dup53));
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_ERR_BADLEN);

	/* Client-id pieces adding up past BLQ4_CLIENT_ID_MAX. */
	o = sizeof(long61_head);
	memcpy(opts, long61_head, o);
	opts[o++] = 61; opts[o++] = 200; memset(opts + o, 1, 200); o += 200;
	opts[o++] = 61; opts[o++] = 56; memset(opts + o, 2, 56); o += 56;
	opts[o++] = 255;
	n = v4_reply(msg, 9, NULL, opts, o);
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_ERR_TOO_LONG);
	/* One octet less fits exactly. */
	opts[o - 58] = 55;
	memmove(opts + o - 57 + 55, opts + o - 1, 1);
	n = v4_reply(msg, 9, NULL, opts, o - 1);
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_OK);
	assert_int_equal(b.client_id_len, 255);
}

/* RFC 2131 option overload (52): options continue in file, then sname. */
static void test_v4_overload(void **state)
{
	const uint8_t main_opts[] = { 53, 1, 13, 52, 1, 3, 255 };
	const uint8_t file_opts[] = { 51, 4, 0, 0, 0, 100, 82, 4, 1, 2, 'p',
				      '1', 255 };
	const uint8_t sname_opts[] = { 91, 4, 0, 0, 0, 5 };	/* no END */
	const uint8_t bad_val[] = { 53, 1, 13, 52, 1, 4, 255 };
	const uint8_t twice[] = { 53, 1, 13, 52, 1, 1, 52, 1, 1, 255 };
	const uint8_t in_file[] = { 52, 1, 2, 255 };
	uint8_t msg[600];
	struct blq4_binding b;
	size_t n;

	(void)state;
	n = v4_reply(msg, 3, NULL, main_opts, sizeof(main_opts));
	memcpy(msg + 108, file_opts, sizeof(file_opts));
	memcpy(msg + 44, sname_opts, sizeof(sname_opts));
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_OK);
	assert_int_equal(b.overload, 3);
	assert_int_equal(b.lease_time, 100);
	assert_int_equal(b.cltt, 5);
	assert_int_equal(b.rai_len, 4);

	/* Overload 1: sname is not parsed, so CLTT stays absent. */
	msg[240 + 5] = 1;
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_OK);
	assert_false(b.have & BLQ4_HAVE_CLTT);

	/* A lying length inside file is caught against the 128-octet field. */
	msg[240 + 5] = 3;
	msg[108 + 7] = 200;
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_ERR_TRUNCATED);

	n = v4_reply(msg, 3, NULL, bad_val, sizeof(bad_val));
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_ERR_OVERLOAD);
	n = v4_reply(msg, 3, NULL, twice, sizeof(twice));
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_ERR_OVERLOAD);
	n = v4_reply(msg, 3, NULL, main_opts, sizeof(main_opts));
	memcpy(msg + 108, in_file, sizeof(in_file));
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_ERR_OVERLOAD);
}

static void test_v4_header_errors(void **state)
{
	uint8_t msg[600];
	struct blq4_binding b;
	size_t n;
	const uint8_t no_end[] = { 53, 1, 13 };
	const uint8_t no_type[] = { 51, 4, 0, 0, 0, 1, 255 };
	const uint8_t t14[] = { 53, 1, 14, 255 };
	const uint8_t t17[] = { 53, 1, 17, 255 };
	const uint8_t bad_rai[] = { 53, 1, 13, 82, 3, 1, 5, 'x', 255 };

	(void)state;
	n = v4_reply(msg, 0x11223344, NULL, kea_done_opts,
		     sizeof(kea_done_opts));
	assert_int_equal(blq4_decode(msg, 239, &b), BLQ_ERR_SHORT);
	msg[0] = 1;
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_ERR_OP);
	assert_int_equal(b.xid, 0x11223344);	/* still usable */
	msg[0] = 2;
	msg[239] = 0;
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_ERR_COOKIE);
	msg[239] = 99;
	msg[2] = 17;
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_ERR_BADLEN);
	msg[2] = 16;
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_OK);
	/* Exactly the header: no options field, so no END. */
	assert_int_equal(blq4_decode(msg, 240, &b), BLQ_ERR_NO_END);

	n = v4_reply(msg, 1, NULL, no_end, sizeof(no_end));
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_ERR_NO_END);
	n = v4_reply(msg, 1, NULL, no_type, sizeof(no_type));
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_ERR_MSG_TYPE);
	n = v4_reply(msg, 1, NULL, t14, sizeof(t14));
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_ERR_MSG_TYPE);
	n = v4_reply(msg, 1, NULL, t17, sizeof(t17));
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_ERR_MSG_TYPE);
	n = v4_reply(msg, 1, NULL, bad_rai, sizeof(bad_rai));
	assert_int_equal(blq4_decode(msg, n, &b), BLQ_ERR_RAI);
	assert_int_equal(blq4_decode(NULL, n, &b), BLQ_ERR_INVAL);
}

/*
 * Every option-length octet of the Kea message set to every value: a value
 * that runs past the options field must give BLQ_ERR_TRUNCATED; any value
 * must never read out of bounds (ASan watches) nor crash.
 */
static void test_v4_lying_lengths(void **state)
{
	uint8_t good[600], *msg;
	struct blq4_binding b;
	size_t n, i, opt_end;
	unsigned int v;

	(void)state;
	n = v4_reply(good, 5, NULL, kea_active_opts, sizeof(kea_active_opts));
	opt_end = n;
	for (i = 0; i < ARRAY_SIZE(kea_active_lens); i++) {
		size_t at = 240 + kea_active_lens[i];

		for (v = 0; v < 256; v++) {
			enum blq_err err;

			/* Exact-size heap copy so ASan sees any overread. */
			msg = malloc(n);
			assert_non_null(msg);
			memcpy(msg, good, n);
			msg[at] = (uint8_t)v;
			err = blq4_decode(msg, n, &b);
			/* Data would run past the last octet. */
			if (at + v >= opt_end)
				assert_int_equal(err, BLQ_ERR_TRUNCATED);
			if (v == good[at])
				assert_int_equal(err, BLQ_OK);
			free(msg);
		}
	}
	/*
	 * Sub-option lengths inside 82: the body must stay tiled exactly, and
	 * running past it is BLQ_ERR_RAI (one value may tile by chance).
	 */
	for (i = 0; i < ARRAY_SIZE(kea_active_sublens); i++) {
		size_t at = 240 + kea_active_sublens[i];
		size_t body_end = 240 + 29 + 18;

		for (v = 0; v < 256; v++) {
			enum blq_err err;

			msg = malloc(n);
			assert_non_null(msg);
			memcpy(msg, good, n);
			msg[at] = (uint8_t)v;
			err = blq4_decode(msg, n, &b);
			assert_true(err == BLQ_OK || err == BLQ_ERR_RAI);
			if (at + 1 + v > body_end)
				assert_int_equal(err, BLQ_ERR_RAI);
			free(msg);
		}
	}
	/* Any octet of the options area at any value: no crash. */
	for (i = 240; i < n; i++) {
		for (v = 0; v < 256; v++) {
			msg = malloc(n);
			assert_non_null(msg);
			memcpy(msg, good, n);
			msg[i] = (uint8_t)v;
			(void)blq4_decode(msg, n, &b);
			free(msg);
		}
	}
}

/* Every truncation of the message before its END is an error. */
static void test_v4_truncated(void **state)
{
	uint8_t good[600], *msg;
	struct blq4_binding b;
	size_t n, cut;

	(void)state;
	n = v4_reply(good, 5, NULL, kea_active_opts, sizeof(kea_active_opts));
	assert_int_equal(n, 240 + KEA_ACTIVE_END + 1);
	for (cut = 0; cut < n; cut++) {
		msg = malloc(cut ? cut : 1);
		assert_non_null(msg);
		memcpy(msg, good, cut);
		assert_int_not_equal(blq4_decode(msg, cut, &b), BLQ_OK);
		free(msg);
	}
}

/* ------------------------------------------------------------------ */
/* DHCPv6                                                               */
/* ------------------------------------------------------------------ */

static const uint8_t req_duid[] = { 0x00, 0x03, 0x00, 0x01,	/* DUID-LL */
				    0x02, 0x00, 0x5e, 0x00, 0x00, 0x01 };

static void check_build6(const struct blq6_query *q, const uint8_t *want,
			 size_t wl)
{
	uint8_t got[600];
	size_t n, cap;

	assert_int_equal(blq6_build_query(q, got, sizeof(got), &n), BLQ_OK);
	assert_int_equal(n, wl);
	assert_memory_equal(got, want, wl);
	for (cap = 0; cap < wl; cap++)
		assert_int_equal(blq6_build_query(q, got, cap, &n),
				 BLQ_ERR_NOSPACE);
}

/* Requestor's OPTION_CLIENTID, common to all queries (RFC 5007 4.1.2). */
#define REQ_CLIENTID \
	0x00, 0x01, 0x00, 0x0a, \
	0x00, 0x03, 0x00, 0x01, 0x02, 0x00, 0x5e, 0x00, 0x00, 0x01

/* RFC 5460 query type 3: by relay-id, OPTION_RELAY_ID (53). */
static void test_v6_build_relay_id(void **state)
{
	const uint8_t rduid[] = { 0x00, 0x02, 0x00, 0x00, 0x09, 0xbf, 0x01 };
	struct blq6_query q = {
		.xid = 0xabcdef, .type = BLQ6_QT_BY_RELAY_ID,
		.requestor_duid = req_duid,
		.requestor_duid_len = sizeof(req_duid),
		.id = rduid, .id_len = sizeof(rduid),
	};
	const uint8_t want[] = {
		14, 0xab, 0xcd, 0xef,
		REQ_CLIENTID,
		0x00, 44, 0x00, 28,		/* LQ_QUERY: 1 + 16 + 11 */
		3,				/* by-relay-id */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0x00, 53, 0x00, 7,
		0x00, 0x02, 0x00, 0x00, 0x09, 0xbf, 0x01,
	};

	(void)state;
	check_build6(&q, want, sizeof(want));
}

/* RFC 5460 query type 4: by link-address: the field is the selector. */
static void test_v6_build_link_address(void **state)
{
	struct blq6_query q = {
		.xid = 1, .type = BLQ6_QT_BY_LINK_ADDRESS,
		.requestor_duid = req_duid,
		.requestor_duid_len = sizeof(req_duid),
		.link_addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 },
	};
	const uint8_t want[] = {
		14, 0, 0, 1,
		REQ_CLIENTID,
		0x00, 44, 0x00, 17,
		4,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	};

	(void)state;
	check_build6(&q, want, sizeof(want));
}

/* RFC 5460 query type 5, RFC 4649 option 37 (enterprise + id), + ORO. */
static void test_v6_build_remote_id(void **state)
{
	const uint8_t rid[] = { 'l', 'i', 'n', 'e', '7' };
	const uint16_t oro[] = { BLQ6_OPT_CLT_TIME, BLQ6_OPT_LQ_RELAY_DATA };
	struct blq6_query q = {
		.xid = 0x00ff00, .type = BLQ6_QT_BY_REMOTE_ID,
		.requestor_duid = req_duid,
		.requestor_duid_len = sizeof(req_duid),
		.id = rid, .id_len = sizeof(rid), .enterprise = 3561,
		.oro = oro, .oro_count = 2,
	};
	const uint8_t want[] = {
		14, 0x00, 0xff, 0x00,
		REQ_CLIENTID,
		0x00, 44, 0x00, 38,		/* 17 + (4 + 9) + (4 + 4) */
		5,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0x00, 37, 0x00, 9, 0x00, 0x00, 0x0d, 0xe9,
		'l', 'i', 'n', 'e', '7',
		0x00, 6, 0x00, 4, 0x00, 46, 0x00, 47,
	};

	(void)state;
	check_build6(&q, want, sizeof(want));
}

/* RFC 5007 section 4.1.2.1: by-address carries an IAADDR, lifetimes 0. */
static void test_v6_build_address(void **state)
{
	struct blq6_query q = {
		.xid = 0x123456, .type = BLQ6_QT_BY_ADDRESS,
		.requestor_duid = req_duid,
		.requestor_duid_len = sizeof(req_duid),
		.addr = { 0x20, 0x01, 0x0d, 0xb8, [14] = 0x12, [15] = 0x34 },
	};
	const uint8_t want[] = {
		14, 0x12, 0x34, 0x56,
		REQ_CLIENTID,
		0x00, 44, 0x00, 45,		/* 17 + 4 + 24 */
		1,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0x00, 5, 0x00, 24,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0x12, 0x34,
		0, 0, 0, 0, 0, 0, 0, 0,
	};

	(void)state;
	check_build6(&q, want, sizeof(want));
}

/* RFC 5007 section 4.1.2.1: by-clientid carries the client's CLIENTID. */
static void test_v6_build_clientid(void **state)
{
	const uint8_t cduid[] = { 0x00, 0x01, 0xaa, 0xbb };
	struct blq6_query q = {
		.xid = 2, .type = BLQ6_QT_BY_CLIENTID,
		.requestor_duid = req_duid,
		.requestor_duid_len = sizeof(req_duid),
		.id = cduid, .id_len = sizeof(cduid),
	};
	const uint8_t want[] = {
		14, 0, 0, 2,
		REQ_CLIENTID,
		0x00, 44, 0x00, 25,
		2,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0x00, 1, 0x00, 4, 0x00, 0x01, 0xaa, 0xbb,
	};

	(void)state;
	check_build6(&q, want, sizeof(want));
}

static void test_v6_build_invalid(void **state)
{
	uint8_t out[600], big[200];
	size_t n;
	struct blq6_query q = {
		.xid = 0x1000000, .type = BLQ6_QT_BY_LINK_ADDRESS,
		.requestor_duid = req_duid,
		.requestor_duid_len = sizeof(req_duid),
	};

	(void)state;
	memset(big, 1, sizeof(big));
	assert_int_equal(blq6_build_query(&q, out, sizeof(out), &n),
			 BLQ_ERR_INVAL);
	q.xid = BLQ6_XID_MAX;
	assert_int_equal(blq6_build_query(&q, out, sizeof(out), &n), BLQ_OK);
	q.requestor_duid = NULL;
	assert_int_equal(blq6_build_query(&q, out, sizeof(out), &n),
			 BLQ_ERR_INVAL);
	q.requestor_duid = big;
	q.requestor_duid_len = BLQ6_DUID_MAX + 1;
	assert_int_equal(blq6_build_query(&q, out, sizeof(out), &n),
			 BLQ_ERR_INVAL);
	q.requestor_duid_len = BLQ6_DUID_MAX;
	q.type = BLQ6_QT_BY_RELAY_ID;
	assert_int_equal(blq6_build_query(&q, out, sizeof(out), &n),
			 BLQ_ERR_INVAL);
	q.type = BLQ6_QT_BY_REMOTE_ID;
	assert_int_equal(blq6_build_query(&q, out, sizeof(out), &n),
			 BLQ_ERR_INVAL);
	q.type = 6;
	assert_int_equal(blq6_build_query(&q, out, sizeof(out), &n),
			 BLQ_ERR_INVAL);
	q.type = 0;
	assert_int_equal(blq6_build_query(&q, out, sizeof(out), &n),
			 BLQ_ERR_INVAL);
	q.type = BLQ6_QT_BY_LINK_ADDRESS;
	q.oro_count = 1;
	assert_int_equal(blq6_build_query(&q, out, sizeof(out), &n),
			 BLQ_ERR_INVAL);
}

/*
 * A LEASEQUERY-REPLY carrying one binding (RFC 5460 reply; option
 * layouts from RFC 5007 4.1.2.2-4.1.2.4 and RFC 8415 21.6/21.22): the L3
 * relay's RELAY-FORW wraps the L2RA's RELAY-FORW with INTERFACE_ID and
 * REMOTE_ID, which wraps the client's SOLICIT.
 */
static const uint8_t v6_reply[] = {
	15, 0x01, 0x02, 0x03,
	0x00, 1, 0x00, 4, 0x00, 0x03, 0xee, 0xee,		/* CLIENTID */
	0x00, 2, 0x00, 4, 0x00, 0x03, 0x5e, 0x5e,		/* SERVERID */
	0x00, 13, 0x00, 9, 0x00, 0x00, 's', 'u', 'c', 'c', 'e', 's', 's',
	0x00, 45, 0x00, 191,					/* CLIENT_DATA */
		0x00, 1, 0x00, 4, 0x00, 0x04, 0xc1, 0x1e,	/* client DUID */
		0x00, 5, 0x00, 24,				/* IAADDR */
			0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
			0, 0, 0, 0, 0, 0, 0, 0x99,
			0x00, 0x00, 0x0e, 0x10, 0x00, 0x00, 0x1c, 0x20,
		0x00, 26, 0x00, 25,				/* IAPREFIX */
			0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00, 0xc8,
			56,
			0x20, 0x01, 0x0d, 0xb8, 0x00, 0x42, 0, 0,
			0, 0, 0, 0, 0, 0, 0, 0,
		0x00, 46, 0x00, 4, 0x00, 0x00, 0x00, 0x1e,	/* CLT_TIME */
		0x00, 47, 0x00, 114,				/* LQ_RELAY_DATA */
			0xfe, 0x80, 0, 0, 0, 0, 0, 0,		/* peer */
			0, 0, 0, 0, 0, 0, 0, 0x01,
			12, 1,					/* RELAY-FORW */
			0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,	/* link */
			0, 0, 0, 0, 0, 0, 0, 0x01,
			0xfe, 0x80, 0, 0, 0, 0, 0, 0,		/* peer */
			0, 0, 0, 0, 0, 0, 0, 0x02,
			0x00, 9, 0x00, 60,			/* RELAY_MSG */
				12, 0,				/* RELAY-FORW */
				0, 0, 0, 0, 0, 0, 0, 0,		/* link :: */
				0, 0, 0, 0, 0, 0, 0, 0,
				0xfe, 0x80, 0, 0, 0, 0, 0, 0,	/* peer */
				0, 0, 0, 0, 0, 0, 0, 0x03,
				0x00, 18, 0x00, 4, 'p', '0', '0', '3',
				0x00, 37, 0x00, 6, 0x00, 0x00, 0x0d,
				0xe9, 'r', '1',
				0x00, 9, 0x00, 4, 1, 0xaa, 0xbb, 0xcc,
};

static void test_v6_reply(void **state)
{
	struct blq6_msg m;
	const struct blq6_client_data *cd = &m.cd;

	(void)state;
	assert_int_equal(blq6_decode(v6_reply, sizeof(v6_reply), &m), BLQ_OK);
	assert_int_equal(m.msg_type, BLQ6_MSG_LEASEQUERY_REPLY);
	assert_int_equal(m.xid, 0x010203);
	assert_true(m.has_status);
	assert_int_equal(m.status_code, BLQ6_STATUS_SUCCESS);
	assert_int_equal(m.status_msg.len, 7);
	assert_memory_equal(m.status_msg.ptr, "success", 7);
	assert_int_equal(m.client_id.len, 4);
	assert_int_equal(m.server_id.len, 4);
	assert_true(m.has_client_data);

	assert_int_equal(cd->client_id.len, 4);
	assert_int_equal(cd->client_id.ptr[3], 0x1e);
	assert_int_equal(cd->n_leases, 2);
	assert_int_equal(cd->n_leases_dropped, 0);
	assert_false(cd->leases[0].is_prefix);
	assert_int_equal(cd->leases[0].prefix_len, 128);
	assert_int_equal(cd->leases[0].addr[15], 0x99);
	assert_int_equal(cd->leases[0].preferred, 3600);
	assert_int_equal(cd->leases[0].valid, 7200);
	assert_true(cd->leases[1].is_prefix);
	assert_int_equal(cd->leases[1].prefix_len, 56);
	assert_int_equal(cd->leases[1].addr[5], 0x42);
	assert_int_equal(cd->leases[1].preferred, 100);
	assert_int_equal(cd->leases[1].valid, 200);
	assert_true(cd->has_clt_time);
	assert_int_equal(cd->clt_time, 30);

	assert_true(cd->has_relay_data);
	assert_int_equal(cd->relay_peer_addr[15], 1);
	assert_int_equal(cd->relay_msg.len, 98);
	assert_int_equal(cd->n_hops, 2);
	assert_int_equal(cd->hops[0].hop_count, 1);
	assert_int_equal(cd->hops[0].link_addr[15], 1);
	assert_null(cd->hops[0].interface_id.ptr);
	assert_int_equal(cd->hops[1].hop_count, 0);
	assert_int_equal(cd->hops[1].peer_addr[15], 3);
	assert_int_equal(cd->interface_id.len, 4);
	assert_memory_equal(cd->interface_id.ptr, "p003", 4);
	assert_true(cd->has_remote_id);
	assert_int_equal(cd->remote_id_enterprise, 3561);
	assert_int_equal(cd->remote_id.len, 2);
	assert_memory_equal(cd->remote_id.ptr, "r1", 2);
}

static void test_v6_data_done(void **state)
{
	/* LEASEQUERY-DATA (17) with one CLIENT_DATA. */
	const uint8_t data[] = {
		17, 0x01, 0x02, 0x03,
		0x00, 45, 0x00, 36,
			0x00, 1, 0x00, 4, 0x00, 0x04, 0xc1, 0x1f,
			0x00, 5, 0x00, 24,
				0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
				0, 0, 0, 0, 0, 0, 0, 0x9a,
				0, 0, 0, 1, 0, 0, 0, 2,
	};
	/* LEASEQUERY-DONE (16), QueryTerminated (RFC 5460 status 11). */
	const uint8_t done[] = {
		16, 0x01, 0x02, 0x03,
		0x00, 13, 0x00, 6, 0x00, 11, 'b', 'y', 'e', '!',
	};
	const uint8_t done_plain[] = { 16, 0x01, 0x02, 0x03 };
	struct blq6_msg m;

	(void)state;
	assert_int_equal(blq6_decode(data, sizeof(data), &m), BLQ_OK);
	assert_int_equal(m.msg_type, BLQ6_MSG_LEASEQUERY_DATA);
	assert_int_equal(m.cd.n_leases, 1);
	assert_int_equal(m.cd.leases[0].addr[15], 0x9a);
	assert_false(m.cd.has_relay_data);
	assert_int_equal(m.cd.n_hops, 0);

	assert_int_equal(blq6_decode(done, sizeof(done), &m), BLQ_OK);
	assert_int_equal(m.msg_type, BLQ6_MSG_LEASEQUERY_DONE);
	assert_true(m.has_status);
	assert_int_equal(m.status_code, BLQ6_STATUS_QUERY_TERMINATED);
	assert_memory_equal(m.status_msg.ptr, "bye!", 4);

	assert_int_equal(blq6_decode(done_plain, sizeof(done_plain), &m), 0);
	assert_false(m.has_status);
	assert_false(m.has_client_data);
}

/*
 * Kea: no match gives a REPLY without CLIENT_DATA (fine), but a DATA without
 * CLIENT_DATA is reported so the caller drops it; xid still filled.
 */
static void test_v6_no_client_data(void **state)
{
	const uint8_t reply[] = {
		15, 0, 0, 9,
		0x00, 13, 0x00, 2, 0x00, 9,	/* NotConfigured, no text */
	};
	const uint8_t data[] = {
		17, 0, 0, 9,
		0x00, 2, 0x00, 2, 0x00, 0x01,
	};
	struct blq6_msg m;

	(void)state;
	assert_int_equal(blq6_decode(reply, sizeof(reply), &m), BLQ_OK);
	assert_false(m.has_client_data);
	assert_int_equal(m.status_code, BLQ6_STATUS_NOT_CONFIGURED);
	assert_int_equal(m.status_msg.len, 0);
	assert_int_equal(blq6_decode(data, sizeof(data), &m),
			 BLQ_ERR_NO_CLIENT_DATA);
	assert_int_equal(m.xid, 9);
	assert_int_equal(m.msg_type, BLQ6_MSG_LEASEQUERY_DATA);
	assert_int_equal(m.server_id.len, 2);
}

/* Kea: LQ_RELAY_DATA may hold just the peer-address. */
static void test_v6_relay_data_empty(void **state)
{
	const uint8_t data[] = {
		17, 0, 0, 1,
		0x00, 45, 0x00, 20,
			0x00, 47, 0x00, 16,
			0xfe, 0x80, 0, 0, 0, 0, 0, 0,
			0, 0, 0, 0, 0, 0, 0, 0x05,
	};
	struct blq6_msg m;

	(void)state;
	assert_int_equal(blq6_decode(data, sizeof(data), &m), BLQ_OK);
	assert_true(m.cd.has_relay_data);
	assert_int_equal(m.cd.relay_msg.len, 0);
	assert_int_equal(m.cd.n_hops, 0);
	assert_null(m.cd.interface_id.ptr);
	assert_int_equal(m.cd.n_leases, 0);
}

/* More addresses than BLQ6_LEASES_MAX: kept up to the bound, rest counted. */
static void test_v6_lease_bound(void **state)
{
	uint8_t msg[600];
	size_t o = 0;
	unsigned int i, extra = 3;
	struct blq6_msg m;

	(void)state;
	msg[o++] = 17; msg[o++] = 0; msg[o++] = 0; msg[o++] = 4;
	msg[o++] = 0; msg[o++] = 45;
	msg[o++] = ((BLQ6_LEASES_MAX + extra) * 28) >> 8;
	msg[o++] = (uint8_t)((BLQ6_LEASES_MAX + extra) * 28);
	for (i = 0; i < BLQ6_LEASES_MAX + extra; i++) {
		msg[o++] = 0; msg[o++] = 5; msg[o++] = 0; msg[o++] = 24;
		memset(msg + o, 0, 24);
		msg[o + 15] = (uint8_t)i;
		o += 24;
	}
	assert_int_equal(blq6_decode(msg, o, &m), BLQ_OK);
	assert_int_equal(m.cd.n_leases, BLQ6_LEASES_MAX);
	assert_int_equal(m.cd.n_leases_dropped, extra);
	assert_int_equal(m.cd.leases[BLQ6_LEASES_MAX - 1].addr[15],
			 BLQ6_LEASES_MAX - 1);
}

static void test_v6_errors(void **state)
{
	const uint8_t two_cd[] = {
		17, 0, 0, 1,
		0x00, 45, 0x00, 0, 0x00, 45, 0x00, 0,
	};
	const uint8_t short_status[] = { 16, 0, 0, 1, 0x00, 13, 0x00, 1, 0 };
	const uint8_t two_status[] = {
		16, 0, 0, 1, 0x00, 13, 0x00, 2, 0, 0, 0x00, 13, 0x00, 2, 0, 0,
	};
	const uint8_t short_ia[] = {
		17, 0, 0, 1, 0x00, 45, 0x00, 27,
		0x00, 5, 0x00, 23, [34] = 0,
	};
	const uint8_t bad_plen[] = {
		17, 0, 0, 1, 0x00, 45, 0x00, 29,
		0x00, 26, 0x00, 25, 0, 0, 0, 0, 0, 0, 0, 0, 129, [36] = 0,
	};
	const uint8_t clt3[] = {
		17, 0, 0, 1, 0x00, 45, 0x00, 7, 0x00, 46, 0x00, 3, 0, 0, 1,
	};
	const uint8_t dup_cid[] = {
		17, 0, 0, 1, 0x00, 45, 0x00, 10,
		0x00, 1, 0x00, 1, 7, 0x00, 1, 0x00, 1, 8,
	};
	/* RELAY-FORW shorter than its 34-octet header. */
	const uint8_t short_relay[] = {
		17, 0, 0, 1, 0x00, 45, 0x00, 30,
		0x00, 47, 0x00, 26, [28] = 12, [37] = 0,
	};
	/* IAADDR whose sub-option lies about its length. */
	const uint8_t ia_sub[] = {
		17, 0, 0, 1, 0x00, 45, 0x00, 32,
		0x00, 5, 0x00, 28, [36] = 0x00, 13, 0x00, 9,
	};
	const uint8_t bad_link[] = {
		15, 0, 0, 1, 0x00, 48, 0x00, 15, [22] = 0,
	};
	const uint8_t type14[] = { 14, 0, 0, 1 };
	struct blq6_msg m;

	(void)state;
	assert_int_equal(blq6_decode(two_cd, sizeof(two_cd), &m), BLQ_ERR_DUP);
	assert_int_equal(blq6_decode(short_status, sizeof(short_status), &m),
			 BLQ_ERR_BADLEN);
	assert_int_equal(blq6_decode(two_status, sizeof(two_status), &m),
			 BLQ_ERR_DUP);
	assert_int_equal(blq6_decode(short_ia, sizeof(short_ia), &m),
			 BLQ_ERR_BADLEN);
	assert_int_equal(blq6_decode(bad_plen, sizeof(bad_plen), &m),
			 BLQ_ERR_BADLEN);
	assert_int_equal(blq6_decode(clt3, sizeof(clt3), &m), BLQ_ERR_BADLEN);
	assert_int_equal(blq6_decode(dup_cid, sizeof(dup_cid), &m),
			 BLQ_ERR_DUP);
	assert_int_equal(blq6_decode(short_relay, sizeof(short_relay), &m),
			 BLQ_ERR_RELAY);
	assert_int_equal(blq6_decode(ia_sub, sizeof(ia_sub), &m),
			 BLQ_ERR_TRUNCATED);
	assert_int_equal(blq6_decode(bad_link, sizeof(bad_link), &m),
			 BLQ_ERR_BADLEN);
	assert_int_equal(blq6_decode(type14, sizeof(type14), &m),
			 BLQ_ERR_MSG_TYPE);
	assert_int_equal(blq6_decode(type14, 3, &m), BLQ_ERR_SHORT);
	assert_int_equal(blq6_decode(type14, 0, &m), BLQ_ERR_SHORT);
}

/*
 * CLIENT_LINKLAYER_ADDR (79, RFC 6939) in a relay level: link-layer type
 * and address kept, of the innermost level that has one; shorter than its
 * type, or twice in one level, the relay data is malformed.
 */
static void test_v6_lladdr(void **state)
{
	/* CLIENT_DATA { LQ_RELAY_DATA { peer, RELAY-FORW { 79 } } } */
	uint8_t msg[] = {
		17, 0, 0, 1, 0x00, 45, 0x00, 72,
		0x00, 47, 0x00, 68, [12 + 16] = 12, [12 + 16 + 34] = 0x00, 79,
		0x00, 8, 0x00, 1, 2, 0, 0, 0, 0x66, 1,
		0x00, 79, 0x00, 2, 0x00, 6,
	};
	struct blq6_msg m;

	(void)state;
	/* Once: the second 79 turned into an unknown option (80). */
	msg[12 + 16 + 34 + 13] = 80;
	assert_int_equal(blq6_decode(msg, sizeof(msg), &m), BLQ_OK);
	assert_true(m.cd.has_lladdr);
	assert_int_equal(m.cd.lladdr_type, 1);
	assert_int_equal(m.cd.lladdr.len, 6);
	assert_memory_equal(m.cd.lladdr.ptr, "\x02\0\0\0\x66\x01", 6);
	assert_true(m.cd.hops[0].has_lladdr);
	/* Twice in one level. */
	msg[12 + 16 + 34 + 13] = 79;
	assert_int_equal(blq6_decode(msg, sizeof(msg), &m), BLQ_ERR_RELAY);
	/* Shorter than its link-layer type. */
	msg[12 + 16 + 34 + 13] = 80;
	msg[12 + 16 + 34 + 3] = 1;	/* the first 79 of one octet */
	assert_int_equal(blq6_decode(msg, sizeof(msg), &m), BLQ_ERR_RELAY);
}

/*
 * Positions of every 16-bit option-length field in v6_reply, at every
 * nesting level (top level, CLIENT_DATA, IAADDR/IAPREFIX, relay levels).
 */
static const size_t v6_len_fields[] = {
	6, 14, 22, 35,				/* top level */
	39, 47, 75, 104, 112,			/* in CLIENT_DATA */
	166,					/* RELAY_MSG in outer relay */
	204, 212, 222,				/* in inner relay */
};

/*
 * Each length field set to every value from 0 to 0xffff that points past
 * its container must fail, and all of them must stay within bounds.  The
 * message is an exact-size heap copy so ASan flags any overread.
 */
static void test_v6_lying_lengths(void **state)
{
	size_t n = sizeof(v6_reply), i;
	uint8_t *msg = malloc(n);
	struct blq6_msg m;
	unsigned int v;

	(void)state;
	assert_non_null(msg);
	/* Sanity: the table really points at the length fields. */
	for (i = 0; i < ARRAY_SIZE(v6_len_fields); i++) {
		size_t at = v6_len_fields[i];

		assert_true(at + 1 < n);
		for (v = 0; v <= 0xffff; v++) {
			enum blq_err err;

			memcpy(msg, v6_reply, n);
			msg[at] = (uint8_t)(v >> 8);
			msg[at + 1] = (uint8_t)v;
			err = blq6_decode(msg, n, &m);
			if (at + 2 + v > n)
				assert_int_not_equal(err, BLQ_OK);
			if (v == (unsigned int)(v6_reply[at] << 8 |
						v6_reply[at + 1]))
				assert_int_equal(err, BLQ_OK);
		}
	}
	/* Any single octet at any value: no crash, no overread. */
	for (i = 0; i < n; i++) {
		for (v = 0; v < 256; v++) {
			memcpy(msg, v6_reply, n);
			msg[i] = (uint8_t)v;
			(void)blq6_decode(msg, n, &m);
		}
	}
	free(msg);
}

/* Every prefix of the reply that cuts an option is an error. */
static void test_v6_truncated(void **state)
{
	/* Top-level option boundaries: 4, 12, 20, 33, end. */
	const size_t ok_cuts[] = { 4, 12, 20, 33 };
	size_t n = sizeof(v6_reply), cut, i;
	struct blq6_msg m;

	(void)state;
	for (cut = 0; cut < n; cut++) {
		uint8_t *msg = malloc(cut ? cut : 1);
		bool ok = false;

		assert_non_null(msg);
		memcpy(msg, v6_reply, cut);
		for (i = 0; i < ARRAY_SIZE(ok_cuts); i++)
			ok |= cut == ok_cuts[i];
		if (ok)
			assert_int_equal(blq6_decode(msg, cut, &m), BLQ_OK);
		else
			assert_int_not_equal(blq6_decode(msg, cut, &m), BLQ_OK);
		free(msg);
	}
}

/* A v6 stream like Kea's: REPLY, DATA, DONE through the framer. */
static void test_v6_stream(void **state)
{
	const uint8_t data[] = {
		17, 0x01, 0x02, 0x03,
		0x00, 45, 0x00, 8, 0x00, 1, 0x00, 4, 0x00, 0x04, 0xc1, 0x20,
	};
	const uint8_t done[] = { 16, 0x01, 0x02, 0x03 };
	uint8_t stream[1000], buf[600];
	size_t off = 0, used, pos, ml;
	struct blq_framer f;
	const uint8_t *mm;
	struct blq6_msg m;
	unsigned int types[3], n = 0;

	(void)state;
	blq_frame_encode(stream, sizeof(stream), v6_reply, sizeof(v6_reply),
			 &used);
	off += used;
	blq_frame_encode(stream + off, sizeof(stream) - off, data,
			 sizeof(data), &used);
	off += used;
	blq_frame_encode(stream + off, sizeof(stream) - off, done,
			 sizeof(done), &used);
	off += used;

	blq_framer_init(&f, buf, sizeof(buf), 0);
	/* Byte by byte: the harshest split. */
	for (pos = 0; pos < off; pos++) {
		assert_int_equal(blq_framer_feed(&f, stream + pos, 1, &used,
						 &mm, &ml), BLQ_OK);
		assert_int_equal(used, 1);
		if (!mm)
			continue;
		assert_int_equal(blq6_decode(mm, ml, &m), BLQ_OK);
		assert_int_equal(m.xid, 0x010203);
		assert_true(n < 3);
		types[n++] = m.msg_type;
	}
	assert_int_equal(n, 3);
	assert_int_equal(types[0], BLQ6_MSG_LEASEQUERY_REPLY);
	assert_int_equal(types[1], BLQ6_MSG_LEASEQUERY_DATA);
	assert_int_equal(types[2], BLQ6_MSG_LEASEQUERY_DONE);
}

static void test_strerror(void **state)
{
	int e;

	(void)state;
	for (e = BLQ_OK; e <= BLQ_ERR_ABSENT; e++)
		assert_string_not_equal(blq_strerror((enum blq_err)e),
					"unknown error");
	assert_string_equal(blq_strerror((enum blq_err)999), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frame_encode),
		cmocka_unit_test(test_frame_init),
		cmocka_unit_test(test_frame_split_every_boundary),
		cmocka_unit_test(test_frame_split_pairs),
		cmocka_unit_test(test_frame_chunk_sizes),
		cmocka_unit_test(test_frame_coalesced),
		cmocka_unit_test(test_frame_oversize),
		cmocka_unit_test(test_frame_zero_length),
		cmocka_unit_test(test_frame_truncated_stream),
		cmocka_unit_test(test_v4_build_relay_id),
		cmocka_unit_test(test_v4_build_remote_id),
		cmocka_unit_test(test_v4_build_mac),
		cmocka_unit_test(test_v4_build_client_id),
		cmocka_unit_test(test_v4_build_invalid),
		cmocka_unit_test(test_v4_kea_stream),
		cmocka_unit_test(test_v4_unassigned_unknown),
		cmocka_unit_test(test_v4_state_options),
		cmocka_unit_test(test_v4_status),
		cmocka_unit_test(test_v4_concat),
		cmocka_unit_test(test_v4_overload),
		cmocka_unit_test(test_v4_header_errors),
		cmocka_unit_test(test_v4_lying_lengths),
		cmocka_unit_test(test_v4_truncated),
		cmocka_unit_test(test_v6_build_relay_id),
		cmocka_unit_test(test_v6_build_link_address),
		cmocka_unit_test(test_v6_build_remote_id),
		cmocka_unit_test(test_v6_build_address),
		cmocka_unit_test(test_v6_build_clientid),
		cmocka_unit_test(test_v6_build_invalid),
		cmocka_unit_test(test_v6_reply),
		cmocka_unit_test(test_v6_data_done),
		cmocka_unit_test(test_v6_no_client_data),
		cmocka_unit_test(test_v6_relay_data_empty),
		cmocka_unit_test(test_v6_lease_bound),
		cmocka_unit_test(test_v6_errors),
		cmocka_unit_test(test_v6_lladdr),
		cmocka_unit_test(test_v6_lying_lengths),
		cmocka_unit_test(test_v6_truncated),
		cmocka_unit_test(test_v6_stream),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
