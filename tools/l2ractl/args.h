/* SPDX-License-Identifier: GPL-2.0 */
/*
 * args.h - walking the command line and reporting usage errors.  Every
 * usage error is printed as "Error: ..." naming the offending word; the
 * functions return -1 after printing.
 */
#ifndef L2RACTL_ARGS_H
#define L2RACTL_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ids.h"
#include "kw.h"

struct args {
	int argc;
	char **argv;
	int i;		/* index of the next word */
	const char *cmd; /* "port set", for messages */
	const char *obj; /* "port", for "try l2ractl port help" */
};

void args_init(struct args *a, int argc, char **argv, const char *obj,
	       const char *cmd);
/* The next word, or NULL at the end. */
const char *args_next(struct args *a);
/* The value of keyword @kw, or NULL (printed: "needs an argument"). */
const char *args_value(struct args *a, const char *kw);

__attribute__((format(printf, 1, 2)))
void errorf(const char *fmt, ...);

int args_unknown(const struct args *a, const char *word);
int args_ambiguous(const struct args *a, const char *word);
int args_duplicate(const struct args *a, const char *kw);
int args_required(const struct args *a, const char *kw);

/*
 * Look @word up in @table for keyword @kw: returns the id, or -1 after
 * printing "Error: "@word" is not a valid @kw: expected a, b or c".
 */
int args_choice(const struct args *a, const char *kw, const struct kw *table,
		const char *word);
/* on|off for @kw into *v: 0 or -1 (printed). */
int args_onoff(const struct args *a, const char *kw, const char *word,
	       uint8_t *v);
/* A device name (1..IFNAMSIZ-1 octets) for @kw: the value, or NULL. */
const char *args_dev(struct args *a, const char *kw);

/* An id value: set once given; len 0 means "default". */
struct idarg {
	bool set;
	size_t len;
	uint8_t buf[IDS_MAX];
};

/*
 * Parse "TEXT | hex HEX | default" after keyword @kw into @id, at most
 * @max octets.  "hex" and "default" must be spelled out.
 */
int args_id(struct args *a, const char *kw, size_t max, struct idarg *id);

/* Report a parse error @err (-EINVAL/-E2BIG) of @value for @kw. */
int args_id_error(const char *kw, const char *value, int err, size_t max);

#endif
