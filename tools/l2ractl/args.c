// SPDX-License-Identifier: GPL-2.0
/* args.c - command-line walking and usage error messages. */
#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "args.h"

void args_init(struct args *a, int argc, char **argv, const char *obj,
	       const char *cmd)
{
	*a = (struct args){ .argc = argc, .argv = argv, .obj = obj,
			    .cmd = cmd };
}

const char *args_next(struct args *a)
{
	return a->i < a->argc ? a->argv[a->i++] : NULL;
}

void errorf(const char *fmt, ...)
{
	va_list ap;

	fputs("Error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

const char *args_value(struct args *a, const char *kw)
{
	const char *v = args_next(a);

	if (!v)
		errorf("\"%s\" needs an argument, try \"l2ractl %s help\"", kw,
		       a->obj);
	return v;
}

int args_unknown(const struct args *a, const char *word)
{
	errorf("unknown argument \"%s\" for \"%s\", try \"l2ractl %s help\"",
	       word, a->cmd, a->obj);
	return -1;
}

int args_ambiguous(const struct args *a, const char *word)
{
	errorf("ambiguous argument \"%s\" for \"%s\", try \"l2ractl %s help\"",
	       word, a->cmd, a->obj);
	return -1;
}

int args_duplicate(const struct args *a, const char *kw)
{
	errorf("duplicate \"%s\" for \"%s\"", kw, a->cmd);
	return -1;
}

int args_required(const struct args *a, const char *kw)
{
	errorf("\"%s\" is required for \"%s\", try \"l2ractl %s help\"", kw,
	       a->cmd, a->obj);
	return -1;
}

int args_choice(const struct args *a, const char *kw, const struct kw *table,
		const char *word)
{
	char list[128];
	int id = kw_match(table, word);

	(void)a;
	if (id >= 0)
		return id;
	kw_list(table, list, sizeof(list));
	errorf("%s \"%s\" for \"%s\": expected %s",
	       id == KW_AMBIGUOUS ? "ambiguous" : "invalid", word, kw, list);
	return -1;
}

int args_onoff(const struct args *a, const char *kw, const char *word,
	       uint8_t *v)
{
	static const struct kw onoff[] = {
		{ "on", 1 }, { "off", 0 }, { NULL, 0 },
	};
	int id = args_choice(a, kw, onoff, word);

	if (id < 0)
		return -1;
	*v = (uint8_t)id;
	return 0;
}

const char *args_dev(struct args *a, const char *kw)
{
	const char *v = args_value(a, kw);

	if (!v)
		return NULL;
	if (!*v || strlen(v) >= IFNAMSIZ) {
		errorf("\"%s\" is not a valid device name for \"%s\" (1 to %d characters)",
		       v, kw, IFNAMSIZ - 1);
		return NULL;
	}
	return v;
}

int args_id_error(const char *kw, const char *value, int err, size_t max)
{
	if (err == -E2BIG)
		errorf("%s \"%s\" is too long: at most %zu octets", kw, value,
		       max);
	else
		errorf("invalid hex \"%s\" for \"%s\": expected octets like 01:02:0a or 01020a",
		       value, kw);
	return -1;
}

int args_id(struct args *a, const char *kw, size_t max, struct idarg *id)
{
	const char *v = args_value(a, kw);
	int err;

	if (!v)
		return -1;
	if (id->set)
		return args_duplicate(a, kw);
	id->set = true;
	if (strcmp(v, "default") == 0) {
		id->len = 0;
		return 0;
	}
	if (strcmp(v, "hex") == 0) {
		v = args_value(a, kw);
		if (!v)
			return -1;
		err = ids_parse_hex(v, id->buf, max, &id->len);
		return err ? args_id_error(kw, v, err, max) : 0;
	}
	err = ids_parse_text(v, id->buf, max, &id->len);
	if (err == -E2BIG)
		return args_id_error(kw, v, err, max);
	if (err) {
		errorf("empty %s: use \"%s default\" to return to the default",
		       kw, kw);
		return -1;
	}
	return 0;
}
