// SPDX-License-Identifier: GPL-2.0
/* ids.c - parse and format circuit-id, remote-id and relay-id values. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "ids.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int parse_colon_hex(const char *s, uint8_t *out, size_t max,
			   size_t *len)
{
	size_t n = 0;

	for (;;) {
		int hi = hexval(s[0]), lo;

		if (hi < 0)
			return -EINVAL;	/* empty group or bad digit */
		lo = hexval(s[1]);
		if (lo >= 0)
			s += 2;
		else
			s += 1;
		if (n == max)
			return -E2BIG;
		out[n++] = lo >= 0 ? (uint8_t)(hi << 4 | lo) : (uint8_t)hi;
		if (*s == '\0')
			break;
		if (*s != ':')
			return -EINVAL;	/* three digits or a bad character */
		s++;
	}
	*len = n;
	return 0;
}

static int parse_plain_hex(const char *s, uint8_t *out, size_t max,
			   size_t *len)
{
	size_t digits = strlen(s), n = 0;

	if (digits == 0 || digits % 2)
		return -EINVAL;
	for (; *s; s += 2) {
		int hi = hexval(s[0]), lo = hexval(s[1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		if (n == max)
			return -E2BIG;
		out[n++] = (uint8_t)(hi << 4 | lo);
	}
	*len = n;
	return 0;
}

int ids_parse_hex(const char *s, uint8_t *out, size_t max, size_t *len)
{
	if (!s || !*s)
		return -EINVAL;
	if (strchr(s, ':'))
		return parse_colon_hex(s, out, max, len);
	return parse_plain_hex(s, out, max, len);
}

int ids_parse_text(const char *s, uint8_t *out, size_t max, size_t *len)
{
	size_t n;

	if (!s || !*s)
		return -EINVAL;
	n = strlen(s);
	if (n > max)
		return -E2BIG;
	memcpy(out, s, n);
	*len = n;
	return 0;
}

bool ids_is_printable(const uint8_t *id, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++)
		if (id[i] < 0x20 || id[i] > 0x7e || id[i] == '"' ||
		    id[i] == '\\')
			return false;
	return true;
}

char *ids_format_hex(const uint8_t *id, size_t len, char *buf, size_t size)
{
	static const char digits[] = "0123456789abcdef";
	size_t o = 0;

	if (size == 0)
		return buf;
	for (size_t i = 0; i < len; i++) {
		size_t need = i ? 3 : 2;

		if (o + need + 1 > size)
			break;
		if (i)
			buf[o++] = ':';
		buf[o++] = digits[id[i] >> 4];
		buf[o++] = digits[id[i] & 0xf];
	}
	buf[o] = '\0';
	return buf;
}

int ids_getrandom(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t r = getrandom(p, len, 0);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

int ids_duid_uuid(uint8_t out[IDS_DUID_UUID_LEN], ids_random_fn rnd)
{
	uint8_t *uuid = out + 2;
	int err;

	err = (rnd ? rnd : ids_getrandom)(uuid, 16);
	if (err)
		return err;
	out[0] = 0;
	out[1] = IDS_DUID_TYPE_UUID;
	uuid[6] = (uint8_t)((uuid[6] & 0x0f) | 0x40);	/* version 4 */
	uuid[8] = (uint8_t)((uuid[8] & 0x3f) | 0x80);	/* variant 10 */
	return 0;
}
