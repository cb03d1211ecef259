// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the restore image's decoder (agent/lease_image.c).
 *
 * Input: the image as the store would hand it to l2rad.  It must decode
 * or be rejected without a read past its end; what decodes must encode
 * again, and that encoding must decode to the same leases and encode to
 * the same octets (the names and circuit-ids as struct lease holds them).
 * Images get past the checksum only when the fuzzer fixes it: byte 0 of
 * the input, when odd, asks for the checksum to be made right first, so
 * that the records behind it are fuzzed too.  Bit 1 of byte 0 makes the
 * rest one lease's record instead (lease_image_rec_decode(), the store's
 * column rec), held to the same round trip.
 *
 * Build from the top of the tree with clang -fsanitize=fuzzer,address,undefined
 * over this file and agent/lease_image.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../agent/lease_image.h"

static struct lease *decode_all(const uint8_t *buf, size_t len, size_t *n)
{
	struct lease *v;
	size_t count;

	if (lease_image_count(buf, len, &count))
		return NULL;
	v = malloc((count ? count : 1) * sizeof(*v));
	if (!v)
		abort();
	if (lease_image_decode(buf, len, v, count, n)) {
		free(v);
		return NULL;
	}
	if (*n != count)
		abort();
	return v;
}

static uint8_t *encode_all(const struct lease *v, size_t n, size_t *len)
{
	uint8_t *buf;

	*len = lease_image_size(v, n);
	buf = malloc(*len);
	if (!buf || lease_image_encode(v, n, buf, *len) != *len)
		abort();
	return buf;
}

/* One record: decoded, encoded, decoded and encoded to the same octets. */
static void one_rec(const uint8_t *in, size_t len)
{
	uint8_t e1[LEASE_IMAGE_REC_MAX], e2[LEASE_IMAGE_REC_MAX];
	struct lease l, m;
	size_t l1, l2;

	if (lease_image_rec_decode(in, len, &l))
		return;
	l1 = lease_image_rec_encode(&l, e1, sizeof(e1));
	if (!l1 || lease_image_rec_decode(e1, l1, &m))
		abort();
	l2 = lease_image_rec_encode(&m, e2, sizeof(e2));
	if (l1 != l2 || memcmp(e1, e2, l1))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lease *v, *w;
	uint8_t *in, *e1, *e2;
	size_t n, m, l1, l2;

	if (size < 1)
		return 0;
	/* A copy of exactly its length: ASan sees any read past the end. */
	in = malloc(size - 1 ? size - 1 : 1);
	if (!in)
		abort();
	memcpy(in, data + 1, size - 1);
	if (data[0] & 2) {
		one_rec(in, size - 1);
		free(in);
		return 0;
	}
	if ((data[0] & 1) && size - 1 >= LEASE_IMAGE_HDR_LEN) {
		uint32_t h = lease_image_checksum(in + LEASE_IMAGE_HDR_LEN,
						  size - 1 -
						  LEASE_IMAGE_HDR_LEN);

		for (int i = 0; i < 4; i++)
			in[16 + i] = (uint8_t)(h >> 8 * i);
	}
	v = decode_all(in, size - 1, &n);
	free(in);
	if (!v)
		return 0;
	e1 = encode_all(v, n, &l1);
	w = decode_all(e1, l1, &m);
	if (!w || m != n)
		abort();
	e2 = encode_all(w, m, &l2);
	if (l1 != l2 || memcmp(e1, e2, l1))
		abort();
	free(v);
	free(w);
	free(e1);
	free(e2);
	return 0;
}
