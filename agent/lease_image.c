// SPDX-License-Identifier: GPL-2.0
/* lease_image.c - the restore image's encoder and decoder (lease_image.h). */
#define _POSIX_C_SOURCE 200809L	/* strnlen() */
#include <string.h>

#include "lease_image.h"

/* Little-endian whatever the host's order: the image outlives the build. */
static uint8_t *put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	return p + 2;
}

static uint8_t *put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
	return p + 4;
}

static uint8_t *put64(uint8_t *p, uint64_t v)
{
	return put32(put32(p, (uint32_t)v), (uint32_t)(v >> 32));
}

static uint8_t *put_bytes(uint8_t *p, const void *src, size_t n)
{
	memcpy(p, src, n);
	return p + n;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

/*
 * The checksum: FNV-1a (32 bits) taken a 32-bit little-endian word at a
 * time, the last word padded with zeros; four times fewer steps than
 * octet by octet (which was two thirds of the decode), and a change within
 * one word always changes it (xor, then a multiplication by an odd
 * number: both invertible).  Against corruption, not an adversary.
 */
uint32_t lease_image_checksum(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;
	uint8_t last[4] = { 0 };

	for (; n >= 4; n -= 4, p += 4)
		h = (h ^ get32(p)) * 16777619u;
	if (n) {
		memcpy(last, p, n);
		h = (h ^ get32(last)) * 16777619u;
	}
	return h;
}

/* A name as struct lease holds it: at most LEASE_IFNAMSIZ - 1 octets. */
static size_t name_len(const char *s)
{
	return strnlen(s, LEASE_IFNAMSIZ - 1);
}

static size_t cid_len(const struct lease *l)
{
	return l->circuit_id_len > L2RA_CIRCUIT_ID_MAX ? L2RA_CIRCUIT_ID_MAX :
							  l->circuit_id_len;
}

static size_t rec_size(const struct lease *l)
{
	return 1 + 6 + 2 + 4 + 8 + 8 + 4 + (l->v6 ? 16 + 1 + 4 : 4 + 4) +
	       1 + name_len(l->port) + 1 + name_len(l->bridge) +
	       1 + cid_len(l);
}

size_t lease_image_size(const struct lease *v, size_t n)
{
	size_t len = LEASE_IMAGE_HDR_LEN;

	for (size_t i = 0; i < n; i++)
		len += rec_size(&v[i]);
	return len;
}

static uint8_t *put_rec(uint8_t *p, const struct lease *l)
{
	size_t np = name_len(l->port), nb = name_len(l->bridge);
	size_t nc = cid_len(l);

	*p++ = l->v6;
	p = put_bytes(p, l->mac, 6);
	p = put16(p, l->vid);
	p = put32(p, l->flags);
	p = put64(p, (uint64_t)l->expires_at);
	p = put64(p, (uint64_t)l->cltt);
	p = put32(p, l->lease_time);
	if (l->v6) {
		p = put_bytes(p, l->addr6, 16);
		*p++ = l->prefix_len;
		p = put32(p, l->preferred);
	} else {
		/* Network order in memory: the octets as they are. */
		p = put_bytes(p, &l->addr, 4);
		p = put_bytes(p, &l->server_id, 4);
	}
	*p++ = (uint8_t)np;
	p = put_bytes(p, l->port, np);
	*p++ = (uint8_t)nb;
	p = put_bytes(p, l->bridge, nb);
	*p++ = (uint8_t)nc;
	return put_bytes(p, l->circuit_id, nc);
}

size_t lease_image_encode(const struct lease *v, size_t n, uint8_t *buf,
			  size_t len)
{
	size_t need = lease_image_size(v, n), body = need - LEASE_IMAGE_HDR_LEN;
	uint8_t *p = buf + LEASE_IMAGE_HDR_LEN;

	/* The header's count and body_len are 32 bits. */
	if (len < need || n > UINT32_MAX || body > UINT32_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		p = put_rec(p, &v[i]);
	p = put_bytes(buf, LEASE_IMAGE_MAGIC, 4);
	p = put16(p, LEASE_IMAGE_VERSION);
	p = put16(p, 0);
	p = put32(p, (uint32_t)n);
	p = put32(p, (uint32_t)body);
	put32(p, lease_image_checksum(buf + LEASE_IMAGE_HDR_LEN, body));
	return need;
}

enum lease_image_err lease_image_count(const uint8_t *buf, size_t len,
				       size_t *count)
{
	uint32_t n, body;

	*count = 0;
	if (len < LEASE_IMAGE_HDR_LEN)
		return LEASE_IMAGE_SHORT;
	if (memcmp(buf, LEASE_IMAGE_MAGIC, 4))
		return LEASE_IMAGE_MAGIC_BAD;
	if (get16(buf + 4) != LEASE_IMAGE_VERSION || get16(buf + 6))
		return LEASE_IMAGE_VERSION_BAD;
	n = get32(buf + 8);
	body = get32(buf + 12);
	if (body > len - LEASE_IMAGE_HDR_LEN)
		return LEASE_IMAGE_SHORT;
	/*
	 * Nothing after the body, and no more records than it can hold: a
	 * count read from a bad image must not size an allocation.
	 */
	if (body != len - LEASE_IMAGE_HDR_LEN ||
	    n > body / LEASE_IMAGE_REC_MIN)
		return LEASE_IMAGE_LENGTH_BAD;
	*count = n;
	return LEASE_IMAGE_OK;
}

/* A length-prefixed field of at most @max octets, from [*@p, @end). */
static const uint8_t *get_var(const uint8_t *p, const uint8_t *end,
			      size_t max, size_t *n)
{
	if (p == end || *p > max || (size_t)(end - p - 1) < *p)
		return NULL;
	*n = *p;
	return p + 1;
}

/* One record at [@p, @end) into @l, every field written; NULL if bad. */
static const uint8_t *get_rec(const uint8_t *p, const uint8_t *end,
			      struct lease *l)
{
	size_t fixed, n;
	uint8_t kind;

	if (end - p < 1)
		return NULL;
	kind = *p;
	fixed = 1 + 6 + 2 + 4 + 8 + 8 + 4 + (kind ? 16 + 1 + 4 : 4 + 4);
	if (kind > 1 || (size_t)(end - p) < fixed)
		return NULL;
	memset(l, 0, sizeof(*l));
	l->v6 = kind;
	memcpy(l->mac, p + 1, 6);
	l->vid = get16(p + 7);
	l->flags = get32(p + 9);
	l->expires_at = (int64_t)get64(p + 13);
	l->cltt = (int64_t)get64(p + 21);
	l->lease_time = get32(p + 29);
	p += 33;
	if (kind) {
		memcpy(l->addr6, p, 16);
		l->prefix_len = p[16];
		l->preferred = get32(p + 17);
		p += 21;
	} else {
		memcpy(&l->addr, p, 4);
		memcpy(&l->server_id, p + 4, 4);
		p += 8;
	}
	if (l->vid > 4094 || l->prefix_len > 128)
		return NULL;
	if (!(p = get_var(p, end, LEASE_IFNAMSIZ - 1, &n)))
		return NULL;
	memcpy(l->port, p, n);	/* the NUL: memset() */
	p += n;
	if (!(p = get_var(p, end, LEASE_IFNAMSIZ - 1, &n)))
		return NULL;
	memcpy(l->bridge, p, n);
	p += n;
	if (!(p = get_var(p, end, L2RA_CIRCUIT_ID_MAX, &n)))
		return NULL;
	memcpy(l->circuit_id, p, n);
	l->circuit_id_len = (uint8_t)n;
	return p + n;
}

enum lease_image_err lease_image_decode(const uint8_t *buf, size_t len,
					struct lease *out, size_t cap,
					size_t *n)
{
	const uint8_t *p = buf + LEASE_IMAGE_HDR_LEN, *end = buf + len;
	enum lease_image_err e;
	size_t count;

	*n = 0;
	e = lease_image_count(buf, len, &count);
	if (e)
		return e;
	if (count > cap)
		return LEASE_IMAGE_COUNT_BAD;
	if (lease_image_checksum(p, len - LEASE_IMAGE_HDR_LEN) !=
	    get32(buf + 16))
		return LEASE_IMAGE_CHECKSUM_BAD;
	for (size_t i = 0; i < count; i++) {
		p = get_rec(p, end, &out[i]);
		if (!p)
			return LEASE_IMAGE_RECORD_BAD;
	}
	if (p != end)
		return LEASE_IMAGE_COUNT_BAD;
	*n = count;
	return LEASE_IMAGE_OK;
}

size_t lease_image_rec_encode(const struct lease *l, uint8_t *buf,
			      size_t len)
{
	size_t need = 1 + rec_size(l);

	if (len < need)
		return 0;
	buf[0] = LEASE_IMAGE_VERSION;
	put_rec(buf + 1, l);
	return need;
}

enum lease_image_err lease_image_rec_decode(const uint8_t *buf, size_t len,
					    struct lease *l)
{
	if (!len || buf[0] != LEASE_IMAGE_VERSION)
		return LEASE_IMAGE_VERSION_BAD;
	if (get_rec(buf + 1, buf + len, l) != buf + len)
		return LEASE_IMAGE_RECORD_BAD;
	return LEASE_IMAGE_OK;
}

const char *lease_image_strerror(enum lease_image_err e)
{
	switch (e) {
	case LEASE_IMAGE_OK:
		return "ok";
	case LEASE_IMAGE_SHORT:
		return "shorter than its header says";
	case LEASE_IMAGE_MAGIC_BAD:
		return "bad magic";
	case LEASE_IMAGE_VERSION_BAD:
		return "unknown format version or flags";
	case LEASE_IMAGE_LENGTH_BAD:
		return "body length does not match";
	case LEASE_IMAGE_CHECKSUM_BAD:
		return "checksum mismatch";
	case LEASE_IMAGE_RECORD_BAD:
		return "a record out of range";
	case LEASE_IMAGE_COUNT_BAD:
		return "lease count does not match the records";
	}
	return "unknown error";
}
