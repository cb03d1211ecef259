// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the Bulk Leasequery library.
 *
 * Input: byte 0 picks the protocol (bit 0: 0 = DHCPv4, 1 = DHCPv6) and
 * seeds the chunking; the rest is a TCP byte stream.  It goes through the
 * framer twice: once in a single read and once in pseudo-random chunk sizes
 * (1..64 octets, derived from the input so runs are reproducible).  Every
 * message is decoded, and both passes must yield the same messages and
 * the same decoded results: nothing may depend on how TCP split the stream.
 *
 * Build from the top of the tree with clang -fsanitize=fuzzer,address,undefined
 * over this file and lib/blq/blq_frame.c, lib/blq/blq4.c, lib/blq/blq6.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/blq/blq_frame.h"
#include "../../lib/blq/blq4.h"
#include "../../lib/blq/blq6.h"

/* A small cap in some runs exercises the oversize path too. */
#define BUF_LEN	4096

struct pass {
	unsigned int n;
	uint32_t hash;		/* FNV-1a over all message octets + lengths */
	uint32_t decoded;	/* combined decode() hashes */
	enum blq_err err;
};

static uint32_t fnv(uint32_t h, const uint8_t *p, size_t n)
{
	while (n--) {
		h ^= *p++;
		h *= 16777619u;
	}
	return h;
}

/* Hash of what a view points at: reading it lets ASan check the bounds. */
static uint32_t view(uint32_t h, const uint8_t *p, size_t n)
{
	if (n && !p)
		abort();
	return fnv(h, p, n);
}

/*
 * Decode one message and fold what it yielded into a hash, so both passes
 * can be compared on decoder output as well as on framing.
 */
static uint32_t decode(bool v6, const uint8_t *m, size_t ml)
{
	uint32_t h = 2166136261u;
	unsigned int i;

	if (v6) {
		struct blq6_msg d;
		enum blq_err err = blq6_decode(m, ml, &d);

		h = fnv(h, (const uint8_t *)&err, sizeof(err));
		if (err != BLQ_OK)
			return h;
		h = view(h, d.status_msg.ptr, d.status_msg.len);
		h = view(h, d.client_id.ptr, d.client_id.len);
		h = view(h, d.server_id.ptr, d.server_id.len);
		if (!d.has_client_data)
			return h;
		h = view(h, d.cd.client_id.ptr, d.cd.client_id.len);
		h = view(h, d.cd.interface_id.ptr, d.cd.interface_id.len);
		h = view(h, d.cd.remote_id.ptr, d.cd.remote_id.len);
		h = view(h, d.cd.relay_msg.ptr, d.cd.relay_msg.len);
		if (d.cd.n_leases > BLQ6_LEASES_MAX)
			abort();
		for (i = 0; i < d.cd.n_leases; i++) {
			if (d.cd.leases[i].prefix_len > 128)
				abort();
			h = fnv(h, d.cd.leases[i].addr, 16);
		}
		for (i = 0; i < d.cd.n_hops && i < BLQ6_RELAY_HOPS_MAX; i++) {
			h = view(h, d.cd.hops[i].interface_id.ptr,
				 d.cd.hops[i].interface_id.len);
			h = view(h, d.cd.hops[i].remote_id.ptr,
				 d.cd.hops[i].remote_id.len);
		}
	} else {
		struct blq4_binding b;
		enum blq_err err = blq4_decode(m, ml, &b);
		const uint8_t *v;
		uint8_t vl;

		h = fnv(h, (const uint8_t *)&err, sizeof(err));
		if (err != BLQ_OK)
			return h;
		if (b.hlen > BLQ4_CHADDR_LEN ||
		    b.client_id_len > BLQ4_CLIENT_ID_MAX ||
		    b.rai_len > BLQ4_RAI_MAX ||
		    b.status_text_len > BLQ4_STATUS_TEXT_MAX ||
		    b.status_text[b.status_text_len] != '\0')
			abort();
		h = fnv(h, b.rai, b.rai_len);
		h = fnv(h, b.client_id, b.client_id_len);
		/* decode() checked 82's framing: a lookup cannot fail on it. */
		if (blq4_rai_find(b.rai, b.rai_len, BLQ4_RAI_CIRCUIT_ID,
				  &v, &vl) == BLQ_ERR_RAI)
			abort();
	}
	return h;
}

static void run(bool v6, const uint8_t *s, size_t len, size_t max_msg,
		uint32_t seed, bool chunked, struct pass *out)
{
	uint8_t buf[BUF_LEN];
	struct blq_framer f;
	size_t pos = 0;

	memset(out, 0, sizeof(*out));
	out->hash = 2166136261u;
	if (blq_framer_init(&f, buf, sizeof(buf), max_msg))
		abort();
	while (pos < len) {
		size_t chunk = len - pos;

		if (chunked) {
			seed = seed * 1103515245u + 12345u;
			if (chunk > 1 + (seed >> 16) % 64)
				chunk = 1 + (seed >> 16) % 64;
		}
		while (chunk) {
			const uint8_t *m;
			size_t ml, used;
			enum blq_err err;

			err = blq_framer_feed(&f, s + pos, chunk, &used, &m, &ml);
			if (used > chunk)
				abort();
			pos += used;
			chunk -= used;
			if (err) {
				out->err = err;
				return;
			}
			if (m) {
				uint8_t l[2] = { (uint8_t)(ml >> 8), (uint8_t)ml };

				if (!ml || ml > f.max_msg)
					abort();
				out->n++;
				out->hash = fnv(fnv(out->hash, l, 2), m, ml);
				out->decoded = out->decoded * 31 +
					       decode(v6, m, ml);
			} else if (chunk) {
				abort();	/* no message yet input left over */
			}
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pass whole, pieces;
	bool v6;
	size_t max_msg;

	if (size < 1)
		return 0;
	v6 = data[0] & 1;
	/* Bit 1 lowers the cap so oversize frames are reachable cheaply. */
	max_msg = (data[0] & 2) ? 300 : BUF_LEN;
	run(v6, data + 1, size - 1, max_msg, data[0], false, &whole);
	run(v6, data + 1, size - 1, max_msg, data[0], true, &pieces);
	if (whole.n != pieces.n || whole.hash != pieces.hash ||
	    whole.err != pieces.err || whole.decoded != pieces.decoded)
		abort();
	return 0;
}
