/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lease_image.h - the restore image's format: every lease of the store in
 * one value, written at a clean stop and read at the next start instead of
 * the rows (store_save_image(), store_load_image()).  Pure C, no SQLite:
 * the store keeps the value, this file only encodes and decodes it.
 *
 * Format version 1, all integers little-endian:
 *
 *   header (LEASE_IMAGE_HDR_LEN = 20 octets)
 *     0  magic     4   "L2RI"
 *     4  version   2   LEASE_IMAGE_VERSION; another is not read
 *     6  flags     2   0 (anything else is not read)
 *     8  count     4   number of lease records
 *    12  body_len  4   octets of records after the header
 *    16  checksum  4   of the body: FNV-1a (32 bits) over its 32-bit
 *                      little-endian words, the last one zero-padded:
 *                      h = 2166136261; for each word w:
 *                      h = (h ^ w) * 16777619 (mod 2^32)
 *
 *   body: count records, back to back, each
 *     kind        1   0: IPv4 lease, 1: IPv6 binding (nothing else)
 *     mac         6
 *     vid         2   0..4094
 *     flags       4   L2RA_LEASE_F_*
 *     expires_at  8   signed, epoch seconds (LEASE_NEVER: static)
 *     cltt        8   signed, epoch seconds
 *     lease_time  4
 *     kind 0:  addr 4, server_id 4 (both the octets on the wire)
 *     kind 1:  addr6 16, prefix_len 1 (0..128), preferred 4
 *     port        1 + n   length (< LEASE_IFNAMSIZ), then the name
 *     bridge      1 + n   the same
 *     circuit_id  1 + n   length (<= L2RA_CIRCUIT_ID_MAX), then the octets
 *
 * The image holds every field of a lease, bridge and circuit-id too: a
 * lease read from it is never brief.  An image that does not decode in
 * full (short, bad magic, version, flags, count, length, checksum or a
 * record out of range) is rejected as a whole.
 */
#ifndef L2RAD_LEASE_IMAGE_H
#define L2RAD_LEASE_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "lease.h"

#define LEASE_IMAGE_MAGIC	"L2RI"
#define LEASE_IMAGE_VERSION	1
#define LEASE_IMAGE_HDR_LEN	20
/* The smallest record: an IPv4 lease with empty names and circuit-id. */
#define LEASE_IMAGE_REC_MIN	(1 + 6 + 2 + 4 + 8 + 8 + 4 + 8 + 3)

enum lease_image_err {
	LEASE_IMAGE_OK = 0,
	LEASE_IMAGE_SHORT,	/* fewer octets than the header says */
	LEASE_IMAGE_MAGIC_BAD,
	LEASE_IMAGE_VERSION_BAD,	/* or flags not 0 */
	LEASE_IMAGE_LENGTH_BAD,	/* body_len against the value, the count */
	LEASE_IMAGE_CHECKSUM_BAD,
	LEASE_IMAGE_RECORD_BAD,	/* a field out of range, or past the body */
	LEASE_IMAGE_COUNT_BAD,	/* records and count or body_len disagree */
};

/* "bad magic", ...: for the log line that says why an image was ignored. */
const char *lease_image_strerror(enum lease_image_err e);

/* The image's size for @n leases @v, header included. */
size_t lease_image_size(const struct lease *v, size_t n);

/*
 * Encode @n leases @v into @buf of @len octets (at least
 * lease_image_size()).  Returns the octets written, 0 if @len is short.
 * Names are cut at LEASE_IFNAMSIZ - 1, as struct lease holds them.
 */
size_t lease_image_encode(const struct lease *v, size_t n, uint8_t *buf,
			  size_t len);

/*
 * The checksum of a body of @n octets at @p (header offset 16): for a
 * fuzzer or a tool that makes an image of its own acceptable.
 */
uint32_t lease_image_checksum(const uint8_t *p, size_t n);

/*
 * The header of the image @buf (@len octets, the whole value): checked
 * against @len (magic, version, flags, body_len, a count the body can
 * hold); *@count is its lease count.  The body is not looked at.
 */
enum lease_image_err lease_image_count(const uint8_t *buf, size_t len,
				       size_t *count);

/*
 * Decode the image @buf of @len octets into @out, room for @cap leases:
 * the header as lease_image_count(), the checksum, then every record.
 * *@n is the number decoded; @out[0..*n) is written only on LEASE_IMAGE_OK
 * (on an error its content is undefined, *@n is 0).
 */
enum lease_image_err lease_image_decode(const uint8_t *buf, size_t len,
					struct lease *out, size_t cap,
					size_t *n);

/*
 * One lease as a value of its own: the store's column "rec" (schema 5),
 * which a start after a crash reads instead of the other columns.  Octet 0
 * is LEASE_IMAGE_VERSION, then the lease's record exactly as in an image's
 * body: no header, no checksum (SQLite's row holds it whole or not at
 * all).  LEASE_IMAGE_REC_MAX octets at most.
 */
#define LEASE_IMAGE_REC_MAX	(1 + 1 + 6 + 2 + 4 + 8 + 8 + 4 + 16 + 1 + 4 + \
				 2 * LEASE_IFNAMSIZ + 1 + L2RA_CIRCUIT_ID_MAX)

/* Encode @l into @buf of @len octets: the octets written, 0 if short. */
size_t lease_image_rec_encode(const struct lease *l, uint8_t *buf,
			      size_t len);
/*
 * Decode the value @buf of @len octets into @l, every field written: OK,
 * VERSION_BAD (another version) or RECORD_BAD (out of range, or not
 * exactly one record).
 */
enum lease_image_err lease_image_rec_decode(const uint8_t *buf, size_t len,
					    struct lease *l);

#endif
