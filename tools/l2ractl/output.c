// SPDX-License-Identifier: GPL-2.0
/* output.c - formatting of interface names and ids. */
#include <net/if.h>
#include <stdio.h>

#include "ids.h"
#include "output.h"

const char *ifname_of(uint32_t ifindex, char *buf, unsigned int size)
{
	char name[IF_NAMESIZE];

	if (if_indextoname(ifindex, name))
		snprintf(buf, size, "%s", name);
	else
		snprintf(buf, size, "if%u", ifindex);
	return buf;
}

/* Text (NUL-terminated) or hex form of @id in @buf. */
static const char *id_string(const struct nlattr *id, bool force_hex,
			     char *buf, size_t size, bool *text)
{
	const uint8_t *p = nla_data(id);
	size_t len = (size_t)nla_len(id);

	*text = !force_hex && ids_is_printable(p, len);
	if (*text)
		snprintf(buf, size, "%.*s", (int)len, (const char *)p);
	else
		ids_format_hex(p, len, buf, size);
	return buf;
}

void print_id(const char *label, const struct nlattr *id, bool force_hex,
	      bool is_default)
{
	char buf[3 * 256];
	bool text;

	id_string(id, force_hex, buf, sizeof(buf), &text);
	if (text || !buf[0])
		printf(" %s \"%s\"", label, buf);
	else
		printf(" %s %s", label, buf);
	if (is_default)
		printf(" (default)");
}

void json_id(struct json *js, const char *key, const struct nlattr *id,
	     bool force_hex, bool with_default, bool is_default)
{
	char buf[3 * 256], k[64];
	bool text;

	if (!id) {
		json_kv_null(js, key);
	} else {
		json_kv_str(js, key,
			    id_string(id, force_hex, buf, sizeof(buf), &text));
		snprintf(k, sizeof(k), "%s_hex", key);
		json_kv_str(js, k, ids_format_hex(nla_data(id),
						  (size_t)nla_len(id), buf,
						  sizeof(buf)));
	}
	if (with_default) {
		snprintf(k, sizeof(k), "%s_default", key);
		json_kv_bool(js, k, is_default);
	}
}
