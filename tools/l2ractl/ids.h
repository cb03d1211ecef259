/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ids.h - parse and format the identifiers l2ra carries in option 82
 * (circuit-id, remote-id) and the relay-id DUID.  Pure functions, no I/O
 * beyond getrandom(), so they can be unit-tested on their own.
 */
#ifndef L2RACTL_IDS_H
#define L2RACTL_IDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest id the tool handles: L2RA_RELAY_ID_MAX. */
#define IDS_MAX 64

/* Length of a DUID-UUID (RFC 6355): 2-octet type + 16-octet UUID. */
#define IDS_DUID_UUID_LEN 18
#define IDS_DUID_TYPE_UUID 4

/*
 * Parse HEX, either colon-separated groups of one or two hex digits
 * ("01:02:0a", "1:2:a") or an even number of digits without separators
 * ("01020a"), into at most @max octets.  Returns 0 and sets *len, -EINVAL
 * for a malformed string (including the empty one), -E2BIG when it holds
 * more than @max octets.
 */
int ids_parse_hex(const char *s, uint8_t *out, size_t max, size_t *len);

/*
 * Copy TEXT into @out: 1..@max octets.  Returns 0, -EINVAL for the empty
 * string, -E2BIG when longer than @max.
 */
int ids_parse_text(const char *s, uint8_t *out, size_t max, size_t *len);

/* True when @len > 0 and every octet is printable ASCII other than '"' and
 * '\\', so the id can be shown as "quoted text" and typed back as is. */
bool ids_is_printable(const uint8_t *id, size_t len);

/*
 * Format @id as "01:02:0a" into @buf of @size octets (3 * @len is enough;
 * "" for an empty id).  Returns @buf; the output is truncated, never
 * overflowed, if @size is too small.
 */
char *ids_format_hex(const uint8_t *id, size_t len, char *buf, size_t size);

/*
 * Build a DUID-UUID (RFC 6355, DUID type 4) in @out from 16 random octets
 * obtained through @rnd (getrandom() when NULL), marked as a version 4
 * (random) UUID, RFC 9562 section 5.4.  Returns 0 or a negative errno.
 */
typedef int (*ids_random_fn)(void *buf, size_t len);
int ids_duid_uuid(uint8_t out[IDS_DUID_UUID_LEN], ids_random_fn rnd);

/* getrandom() until @len octets were read; 0 or a negative errno. */
int ids_getrandom(void *buf, size_t len);

#endif
