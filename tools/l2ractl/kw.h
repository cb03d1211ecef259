/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kw.h - keyword matching with iproute2-style abbreviations: a word selects
 * the keyword it equals, or else the only keyword it is a prefix of.
 */
#ifndef L2RACTL_KW_H
#define L2RACTL_KW_H

struct kw {
	const char *name;
	int id;
};

#define KW_UNKNOWN	(-1)
#define KW_AMBIGUOUS	(-2)

/*
 * Look @word up in @table, terminated by an entry with a NULL name.  Several
 * entries may share an id (aliases); a prefix of only those is not
 * ambiguous.  Returns the id (>= 0), KW_UNKNOWN or KW_AMBIGUOUS.
 */
int kw_match(const struct kw *table, const char *word);

/* Append the names of @table, separated by ", " / " or ", into @buf. */
void kw_list(const struct kw *table, char *buf, unsigned int size);

#endif
