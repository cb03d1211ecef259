// SPDX-License-Identifier: GPL-2.0
/* test_agent_config.c - l2rad's config file and command-line parsing. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../agent/config.h"

static int args(struct options *o, char *err, ...)
{
	char *argv[16] = { "l2rad" };
	int argc = 1;
	va_list ap;

	va_start(ap, err);
	while (argc < 15 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	return config_parse_args(o, argc, argv, err, 256);
}

static void test_defaults(void **state)
{
	struct config c;

	(void)state;
	config_defaults(&c);
	assert_string_equal(c.store, "/var/lib/l2ra/leases.db");
	assert_int_equal(c.write_delay, 5);
	assert_int_equal(c.log_level, LOGL_INFO);
	assert_int_equal(c.restore_max_age, 0);
	assert_int_equal(c.retry_interval, 10);
}

static void test_text(void **state)
{
	struct config c;
	char err[256];

	(void)state;
	config_defaults(&c);
	assert_int_equal(config_parse_text(&c,
		"# l2rad\n\n  store = /tmp/x.db  # trailing\n"
		"write_delay=0\nlog_level = DEBUG\nrestore_max_age = 86400\n"
		"retry_interval = 3", "t", err, sizeof(err)), 0);
	assert_string_equal(c.store, "/tmp/x.db");
	assert_int_equal(c.write_delay, 0);
	assert_int_equal(c.log_level, LOGL_DEBUG);
	assert_int_equal(c.restore_max_age, 86400);
	assert_int_equal(c.retry_interval, 3);
}

static void test_text_errors(void **state)
{
	static const char *const bad[] = {
		"write_delay = -1", "write_delay = 5s", "write_delay = 86401",
		"log_level = loud", "nosuchkey = 1", "store =", "just words",
		"retry_interval = 0",
	};
	struct config c, d;
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		config_defaults(&c);
		d = c;
		assert_int_equal(config_parse_text(&c, bad[i], "f", err,
						   sizeof(err)), -1);
		assert_non_null(strstr(err, "f:1:"));
		/* Nothing applied from a bad file. */
		assert_memory_equal(&c, &d, sizeof(c));
	}
	config_defaults(&c);
	assert_int_equal(config_parse_text(&c, "write_delay = 1\n\nbad\n",
					   "f", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "f:3:"));
	assert_int_equal(c.write_delay, 5);
}

static void test_flags_win(void **state)
{
	char path[] = "/tmp/l2rad-conf.XXXXXX", err[256];
	struct options o;
	struct config c;
	FILE *f;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("write_delay = 9\nlog_level = warn\nstore = /file.db\n", f);
	fclose(f);
	assert_int_equal(args(&o, err, "-c", path, "-w", "2", "--foreground",
			      "--restore-max-age", "60", NULL), 0);
	assert_true(o.foreground);
	assert_true(o.config_given);
	assert_int_equal(config_load(&c, &o, err, sizeof(err)), 0);
	assert_int_equal(c.write_delay, 2);		/* flag */
	assert_int_equal(c.log_level, LOGL_WARN);	/* file */
	assert_string_equal(c.store, "/file.db");	/* file */
	assert_int_equal(c.restore_max_age, 60);	/* flag */
	assert_int_equal(c.retry_interval, 10);		/* default */
	assert_int_equal(args(&o, err, "-c", path, "-d", "-s", "/s.db",
			      NULL), 0);
	assert_int_equal(config_load(&c, &o, err, sizeof(err)), 0);
	assert_int_equal(c.log_level, LOGL_DEBUG);
	assert_string_equal(c.store, "/s.db");
	unlink(path);
	/* An explicit missing file is an error, the default one is not. */
	assert_int_equal(args(&o, err, "-c", path, NULL), 0);
	assert_int_equal(config_load(&c, &o, err, sizeof(err)), -1);
}

static void test_bad_flags(void **state)
{
	struct options o;
	char err[256];

	(void)state;
	assert_int_equal(args(&o, err, "-w", "x", NULL), -1);
	assert_non_null(strstr(err, "write_delay"));
	assert_int_equal(args(&o, err, "--bogus", NULL), -1);
	assert_int_equal(args(&o, err, "-w", NULL), -1);
	assert_int_equal(args(&o, err, "extra", NULL), -1);
	assert_int_equal(args(&o, err, "-l", "info", "-h", NULL), 0);
	assert_true(o.help);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_errors),
		cmocka_unit_test(test_flags_win),
		cmocka_unit_test(test_bad_flags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
