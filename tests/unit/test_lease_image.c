// SPDX-License-Identifier: GPL-2.0
/*
 * test_lease_image.c - the restore image's format (agent/lease_image.c):
 * round trip, the octets of format version 1, and every way an image can
 * be wrong (each truncation, each flipped octet, bad header fields, records
 * out of range under a valid checksum) rejected as a whole; a lease's
 * record of its own (the store's column rec).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../agent/lease_image.h"

/* The format's checksum, written again from its description. */
static uint32_t fnv(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i += 4) {
		uint32_t w = 0;

		for (size_t k = 0; k < 4 && i + k < n; k++)
			w |= (uint32_t)p[i + k] << 8 * k;
		h = (h ^ w) * 16777619u;
	}
	return h;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> 8 * i);
}

/* After a change to the body: the checksum made right again. */
static void reseal(uint8_t *buf, size_t len)
{
	put32(buf + 16, fnv(buf + LEASE_IMAGE_HDR_LEN,
			    len - LEASE_IMAGE_HDR_LEN));
}

/* Every field of struct lease (not its padding). */
static void assert_lease_equal(const struct lease *a, const struct lease *b)
{
	assert_memory_equal(a->mac, b->mac, 6);
	assert_int_equal(a->vid, b->vid);
	assert_int_equal(a->addr, b->addr);
	assert_true(a->expires_at == b->expires_at);
	assert_int_equal(a->lease_time, b->lease_time);
	assert_int_equal(a->server_id, b->server_id);
	assert_true(a->cltt == b->cltt);
	assert_string_equal(a->port, b->port);
	assert_string_equal(a->bridge, b->bridge);
	assert_int_equal(a->circuit_id_len, b->circuit_id_len);
	assert_memory_equal(a->circuit_id, b->circuit_id, a->circuit_id_len);
	assert_int_equal(a->flags, b->flags);
	assert_int_equal(a->v6, b->v6);
	assert_int_equal(a->prefix_len, b->prefix_len);
	assert_false(a->brief);
	assert_memory_equal(a->addr6, b->addr6, 16);
	assert_int_equal(a->preferred, b->preferred);
}

static struct lease v4(int i)
{
	struct lease l = { 0 };

	l.mac[0] = 0x02;
	l.mac[5] = (uint8_t)i;
	l.vid = (uint16_t)(i % 4095);
	l.addr = 0x640200c0u + (uint32_t)i;	/* octets 192.0.2.100 + i */
	l.server_id = 0x010200c0u;
	l.expires_at = 2000000000 + i;
	l.lease_time = 3600;
	l.cltt = 1999996400 + i;
	strcpy(l.port, "vcl1");
	strcpy(l.bridge, "br0");
	memcpy(l.circuit_id, "br0:vcl1", 8);
	l.circuit_id_len = 8;
	return l;
}

/* Every field at its widest, an IPv6 prefix. */
static struct lease v6_full(void)
{
	struct lease l = { 0 };

	l.v6 = true;
	memset(l.mac, 0xff, 6);
	l.vid = 4094;
	for (int i = 0; i < 16; i++)
		l.addr6[i] = (uint8_t)(0x20 + i);
	l.prefix_len = 128;
	l.preferred = UINT32_MAX;
	l.lease_time = UINT32_MAX;
	l.flags = L2RA_LEASE_F_STATIC;
	l.expires_at = LEASE_NEVER;
	l.cltt = INT64_MIN;
	memset(l.port, 'p', LEASE_IFNAMSIZ - 1);
	memset(l.bridge, 'b', LEASE_IFNAMSIZ - 1);
	memset(l.circuit_id, 0xc1, L2RA_CIRCUIT_ID_MAX);
	l.circuit_id_len = L2RA_CIRCUIT_ID_MAX;
	return l;
}

static uint8_t *encode(const struct lease *v, size_t n, size_t *len)
{
	uint8_t *buf;

	*len = lease_image_size(v, n);
	buf = malloc(*len);
	assert_non_null(buf);
	assert_int_equal(lease_image_encode(v, n, buf, *len), *len);
	return buf;
}

static enum lease_image_err decode(const uint8_t *buf, size_t len,
				   struct lease *out, size_t cap)
{
	size_t n = 99;
	enum lease_image_err e = lease_image_decode(buf, len, out, cap, &n);

	if (e)
		assert_int_equal(n, 0);
	return e;
}

static void test_round_trip(void **state)
{
	struct lease v[4] = { v4(1), v6_full(), v4(2) }, got[4];
	size_t len, n;
	uint8_t *buf;

	(void)state;
	buf = encode(v, 4, &len);
	assert_int_equal(lease_image_count(buf, len, &n), LEASE_IMAGE_OK);
	assert_int_equal(n, 4);
	assert_int_equal(lease_image_decode(buf, len, got, 4, &n),
			 LEASE_IMAGE_OK);
	assert_int_equal(n, 4);
	for (int i = 0; i < 4; i++)
		assert_lease_equal(&got[i], &v[i]);
	free(buf);

	/* No leases: a header alone. */
	buf = encode(v, 0, &len);
	assert_int_equal(len, LEASE_IMAGE_HDR_LEN);
	assert_int_equal(lease_image_decode(buf, len, got, 0, &n),
			 LEASE_IMAGE_OK);
	assert_int_equal(n, 0);
	free(buf);
}

/* A name longer than struct lease holds (no NUL) is cut, not overrun. */
static void test_unterminated_name(void **state)
{
	struct lease l = v4(3), got;
	size_t len, n;
	uint8_t *buf;

	(void)state;
	memset(l.port, 'x', sizeof(l.port));
	l.circuit_id_len = 200;
	buf = encode(&l, 1, &len);
	assert_int_equal(lease_image_decode(buf, len, &got, 1, &n),
			 LEASE_IMAGE_OK);
	assert_int_equal(strlen(got.port), LEASE_IFNAMSIZ - 1);
	assert_int_equal(got.circuit_id_len, L2RA_CIRCUIT_ID_MAX);
	free(buf);
}

/* The octets of format version 1, as lease_image.h writes them down. */
static void test_format_v1(void **state)
{
	struct lease l = { 0 };
	static const uint8_t want[] = {
		'L', '2', 'R', 'I', 1, 0, 0, 0,		/* magic, version, flags */
		1, 0, 0, 0, 52, 0, 0, 0,		/* count, body_len */
		0, 0, 0, 0,				/* checksum: below */
		0, 2, 0, 0, 0, 0, 7,			/* IPv4, mac */
		10, 0,					/* vid */
		1, 0, 0, 0,				/* flags */
		0x10, 0x32, 0x54, 0x76, 0, 0, 0, 0,	/* expires_at */
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,	/* cltt -1 */
		0x10, 0x0e, 0, 0,			/* lease_time 3600 */
		192, 0, 2, 9, 192, 0, 2, 1,		/* addr, server_id */
		2, 'e', '1', 3, 'b', 'r', '0',		/* port, bridge */
		3, 0xaa, 0xbb, 0xcc,			/* circuit_id */
	};
	uint8_t buf[sizeof(want)], w[sizeof(want)];

	(void)state;
	l.mac[0] = 2;
	l.mac[5] = 7;
	l.vid = 10;
	l.flags = 1;
	l.expires_at = 0x76543210;
	l.cltt = -1;
	l.lease_time = 3600;
	memcpy(&l.addr, (uint8_t[]){ 192, 0, 2, 9 }, 4);
	memcpy(&l.server_id, (uint8_t[]){ 192, 0, 2, 1 }, 4);
	strcpy(l.port, "e1");
	strcpy(l.bridge, "br0");
	memcpy(l.circuit_id, "\xaa\xbb\xcc", 3);
	l.circuit_id_len = 3;
	memcpy(w, want, sizeof(w));
	reseal(w, sizeof(w));
	assert_int_equal(lease_image_size(&l, 1), sizeof(want));
	assert_int_equal(lease_image_encode(&l, 1, buf, sizeof(buf)),
			 sizeof(want));
	assert_memory_equal(buf, w, sizeof(w));
	/* One octet short of room: nothing written, 0. */
	assert_int_equal(lease_image_encode(&l, 1, buf, sizeof(buf) - 1), 0);
}

/* Every prefix of a valid image is rejected, none read past its end. */
static void test_every_truncation(void **state)
{
	struct lease v[2] = { v4(1), v6_full() }, got[2];
	size_t len;
	uint8_t *buf;

	(void)state;
	buf = encode(v, 2, &len);
	for (size_t cut = 0; cut < len; cut++) {
		/* A copy of exactly @cut octets: ASan sees any overread. */
		uint8_t *t = malloc(cut ? cut : 1);

		memcpy(t, buf, cut);
		assert_int_not_equal(decode(t, cut, got, 2), LEASE_IMAGE_OK);
		free(t);
	}
	free(buf);
}

/* Any one octet changed: rejected (the header's fields, or the checksum). */
static void test_every_flip(void **state)
{
	struct lease v[2] = { v4(1), v6_full() }, got[2];
	size_t len;
	uint8_t *buf;

	(void)state;
	buf = encode(v, 2, &len);
	for (size_t i = 0; i < len; i++) {
		buf[i] ^= 0x41;
		assert_int_not_equal(decode(buf, len, got, 2), LEASE_IMAGE_OK);
		buf[i] ^= 0x41;
	}
	assert_int_equal(decode(buf, len, got, 2), LEASE_IMAGE_OK);
	free(buf);
}

static void test_bad_header(void **state)
{
	struct lease v[2] = { v4(1), v4(2) }, got[2];
	size_t len, n;
	uint8_t *buf;

	(void)state;
	buf = encode(v, 2, &len);
	buf[0] = 'X';
	assert_int_equal(decode(buf, len, got, 2), LEASE_IMAGE_MAGIC_BAD);
	buf[0] = 'L';
	buf[4] = 2;		/* version 2 */
	assert_int_equal(decode(buf, len, got, 2), LEASE_IMAGE_VERSION_BAD);
	buf[4] = 1;
	buf[7] = 1;		/* a flag */
	assert_int_equal(decode(buf, len, got, 2), LEASE_IMAGE_VERSION_BAD);
	buf[7] = 0;
	/* A count no body could hold: no allocation is sized from it. */
	put32(buf + 8, UINT32_MAX);
	assert_int_equal(lease_image_count(buf, len, &n),
			 LEASE_IMAGE_LENGTH_BAD);
	assert_int_equal(n, 0);
	/* One record fewer or more than there are. */
	put32(buf + 8, 1);
	assert_int_equal(decode(buf, len, got, 2), LEASE_IMAGE_COUNT_BAD);
	put32(buf + 8, 3);	/* more than 2 records' octets can be */
	assert_int_equal(decode(buf, len, got, 3), LEASE_IMAGE_LENGTH_BAD);
	put32(buf + 8, 2);
	/* More leases than the caller has room for. */
	assert_int_equal(decode(buf, len, got, 1), LEASE_IMAGE_COUNT_BAD);
	/* body_len: longer than the value, shorter (octets after it). */
	put32(buf + 12, (uint32_t)(len - LEASE_IMAGE_HDR_LEN + 1));
	assert_int_equal(decode(buf, len, got, 2), LEASE_IMAGE_SHORT);
	put32(buf + 12, (uint32_t)(len - LEASE_IMAGE_HDR_LEN - 1));
	assert_int_equal(decode(buf, len, got, 2), LEASE_IMAGE_LENGTH_BAD);
	put32(buf + 12, (uint32_t)(len - LEASE_IMAGE_HDR_LEN));
	/* The checksum itself. */
	buf[16] ^= 1;
	assert_int_equal(decode(buf, len, got, 2), LEASE_IMAGE_CHECKSUM_BAD);
	buf[16] ^= 1;
	assert_int_equal(decode(buf, len, got, 2), LEASE_IMAGE_OK);
	free(buf);
}

/* Records out of range under a checksum that matches: still rejected. */
static void test_bad_record(void **state)
{
	struct lease l4 = v4(1), l6 = v6_full(), got[2];
	size_t len4, len6;
	uint8_t *b4 = encode(&l4, 1, &len4), *b6 = encode(&l6, 1, &len6);
	const size_t r = LEASE_IMAGE_HDR_LEN;

	(void)state;
	b4[r] = 2;				/* kind */
	reseal(b4, len4);
	assert_int_equal(decode(b4, len4, got, 1), LEASE_IMAGE_RECORD_BAD);
	b4[r] = 0;
	b4[r + 7] = 0xff;			/* vid 4095 and more */
	b4[r + 8] = 0x0f;
	reseal(b4, len4);
	assert_int_equal(decode(b4, len4, got, 1), LEASE_IMAGE_RECORD_BAD);
	b4[r + 7] = 1;
	b4[r + 8] = 0;
	reseal(b4, len4);
	assert_int_equal(decode(b4, len4, got, 1), LEASE_IMAGE_OK);
	/* The port's length: 16 (too long for struct lease), past the end. */
	b4[r + 41] = LEASE_IFNAMSIZ;
	reseal(b4, len4);
	assert_int_equal(decode(b4, len4, got, 1), LEASE_IMAGE_RECORD_BAD);
	b4[r + 41] = 4;
	/* The circuit-id's length (the last field): 64, and one too many. */
	b4[len4 - 9] = L2RA_CIRCUIT_ID_MAX + 1;
	reseal(b4, len4);
	assert_int_equal(decode(b4, len4, got, 1), LEASE_IMAGE_RECORD_BAD);
	b4[len4 - 9] = 9;
	reseal(b4, len4);
	assert_int_equal(decode(b4, len4, got, 1), LEASE_IMAGE_RECORD_BAD);
	b4[len4 - 9] = 8;
	reseal(b4, len4);
	assert_int_equal(decode(b4, len4, got, 1), LEASE_IMAGE_OK);
	/* A count the body could hold, but it has fewer records. */
	put32(b6 + 8, 2);
	assert_int_equal(decode(b6, len6, got, 2), LEASE_IMAGE_RECORD_BAD);
	put32(b6 + 8, 1);
	/* An IPv6 prefix length of 129. */
	b6[r + 33 + 16] = 129;
	reseal(b6, len6);
	assert_int_equal(decode(b6, len6, got, 1), LEASE_IMAGE_RECORD_BAD);
	free(b4);
	free(b6);
}

/*
 * One lease as a record of its own (the store's column rec): the version
 * octet, then the octets of the image's record; the widest lease fills
 * LEASE_IMAGE_REC_MAX; anything short, long or of another version is
 * refused.
 */
static void test_record(void **state)
{
	struct lease v[2] = { v4(7), v6_full() }, got;
	uint8_t buf[LEASE_IMAGE_REC_MAX + 1];

	(void)state;
	for (int i = 0; i < 2; i++) {
		size_t ilen, n;
		uint8_t *img = encode(&v[i], 1, &ilen);

		n = lease_image_rec_encode(&v[i], buf, sizeof(buf));
		assert_int_equal(n, 1 + ilen - LEASE_IMAGE_HDR_LEN);
		assert_int_equal(buf[0], LEASE_IMAGE_VERSION);
		assert_memory_equal(buf + 1, img + LEASE_IMAGE_HDR_LEN, n - 1);
		free(img);
		if (i == 1)
			assert_int_equal(n, LEASE_IMAGE_REC_MAX);
		assert_int_equal(lease_image_rec_encode(&v[i], buf, n - 1), 0);
		memset(&got, 0x55, sizeof(got));
		assert_int_equal(lease_image_rec_decode(buf, n, &got),
				 LEASE_IMAGE_OK);
		assert_lease_equal(&got, &v[i]);
		for (size_t k = 1; k < n; k++)
			assert_int_equal(lease_image_rec_decode(buf, k, &got),
					 LEASE_IMAGE_RECORD_BAD);
		assert_int_equal(lease_image_rec_decode(buf, 0, &got),
				 LEASE_IMAGE_VERSION_BAD);
		buf[n] = 0;
		assert_int_equal(lease_image_rec_decode(buf, n + 1, &got),
				 LEASE_IMAGE_RECORD_BAD);
		buf[0] = LEASE_IMAGE_VERSION + 1;
		assert_int_equal(lease_image_rec_decode(buf, n, &got),
				 LEASE_IMAGE_VERSION_BAD);
	}
}

static void test_strerror(void **state)
{
	(void)state;
	for (int e = LEASE_IMAGE_OK; e <= LEASE_IMAGE_COUNT_BAD; e++)
		assert_string_not_equal(lease_image_strerror(e),
					"unknown error");
	assert_string_equal(lease_image_strerror((enum lease_image_err)99),
			    "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_unterminated_name),
		cmocka_unit_test(test_format_v1),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_every_flip),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_bad_record),
		cmocka_unit_test(test_record),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
