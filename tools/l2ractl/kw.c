// SPDX-License-Identifier: GPL-2.0
/* kw.c - keyword matching with unambiguous abbreviations. */
#include <stdio.h>
#include <string.h>

#include "kw.h"

int kw_match(const struct kw *table, const char *word)
{
	size_t len = strlen(word);
	int found = KW_UNKNOWN;

	if (len == 0)
		return KW_UNKNOWN;
	for (const struct kw *k = table; k->name; k++)
		if (strcmp(k->name, word) == 0)
			return k->id;
	for (const struct kw *k = table; k->name; k++) {
		if (strncmp(k->name, word, len) != 0)
			continue;
		if (found >= 0 && found != k->id)
			return KW_AMBIGUOUS;
		found = k->id;
	}
	return found;
}

void kw_list(const struct kw *table, char *buf, unsigned int size)
{
	size_t o = 0;
	int n = 0, total = 0;

	if (!size)
		return;
	buf[0] = '\0';
	for (const struct kw *k = table; k->name; k++)
		total++;
	for (const struct kw *k = table; k->name; k++, n++) {
		const char *sep = n == 0 ? "" : n == total - 1 ? " or " : ", ";
		int w = snprintf(buf + o, size - o, "%s%s", sep, k->name);

		if (w < 0 || (size_t)w >= size - o)
			return;
		o += (size_t)w;
	}
}
