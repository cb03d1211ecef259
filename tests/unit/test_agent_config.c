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

static void test_leasequery_keys(void **state)
{
	static const char *const bad[] = {
		"leasequery_server = ",
		"leasequery_server = 192.0.2.1:0",
		"leasequery_server = 192.0.2.1:65536",
		"leasequery_server = 192.0.2.1:x",
		"leasequery_server = [2001:db8::1",
		"leasequery_server = []:547",
		"leasequery_server = [::1]x",
		"leasequery_server = dhcp.example.net",
		"leasequery_server = 192.0.2.300",
		"leasequery_server = [192.0.2.1]:67",
		"leasequery_server = 2001:db8::1:547:x",
		"leasequery_by = mac",
		"leasequery_id = ",
		"leasequery_id = 0g",
		"leasequery_id = 012",
		"leasequery_data_timeout = 0",
		"leasequery_attempts = 0",
		"leasequery_attempts = 101",
		"leasequery_store_max_age = -1",
		"leasequery_connections = 0",
		"leasequery_connections = 17",
		"leasequery_deadline = 9",
		"leasequery_deadline = 86401",
	};
	struct options o;
	struct config c;
	char err[256], many[1024] = "";

	(void)state;
	config_defaults(&c);
	assert_int_equal(c.lq_nservers, 0);
	assert_int_equal(c.lq_data_timeout, 300);
	assert_int_equal(c.lq_attempts, 6);
	assert_int_equal(c.lq_connections, 1);
	assert_int_equal(c.lq_deadline, 900);
	assert_int_equal(config_parse_text(&c,
		"leasequery_server = 192.0.2.1\n"
		"leasequery_server = 192.0.2.2:6767\n"
		"leasequery_server = [2001:db8::1]:547\n"
		"leasequery_server = 2001:db8::2\n"
		"leasequery_by = remote-id\n"
		"leasequery_id = 00:03:00:01:02:03:04:05:06\n"
		"leasequery_id = 0004aabb\n"
		"leasequery_store_max_age = 0\n"
		"leasequery_conn_timeout = 5\nleasequery_data_timeout = 7\n"
		"leasequery_max_retry = 9\nleasequery_attempts = 1\n"
		"leasequery_connections = 10\nleasequery_deadline = 60\n",
		"t", err, sizeof(err)), 0);
	assert_int_equal(c.lq_nservers, 4);
	assert_string_equal(c.lq_servers[1], "192.0.2.2:6767");
	assert_string_equal(c.lq_servers[2], "[2001:db8::1]:547");
	assert_int_equal(c.lq_by, CONFIG_LQ_BY_REMOTE_ID);
	assert_int_equal(c.lq_nids, 2);
	assert_int_equal(c.lq_ids[0].len, 9);
	assert_int_equal(c.lq_ids[1].len, 4);
	assert_int_equal(c.lq_ids[1].id[3], 0xbb);
	assert_int_equal(c.lq_store_max_age, 0);
	assert_int_equal(c.lq_conn_timeout, 5);
	assert_int_equal(c.lq_data_timeout, 7);
	assert_int_equal(c.lq_max_retry, 9);
	assert_int_equal(c.lq_attempts, 1);
	assert_int_equal(c.lq_connections, 10);
	assert_int_equal(c.lq_deadline, 60);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		config_defaults(&c);
		assert_int_equal(config_parse_text(&c, bad[i], "t", err,
						   sizeof(err)), -1);
		assert_non_null(strstr(err, "t:1: leasequery_"));
	}
	for (int i = 0; i < 9; i++)
		strcat(many, "leasequery_server = 192.0.2.1\n");
	config_defaults(&c);
	assert_int_equal(config_parse_text(&c, many, "t", err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "at most 8 servers"));
	/* Servers on the command line replace the file's. */
	assert_int_equal(args(&o, err, "--leasequery-server", "10.0.0.1",
			      "--leasequery-server", "10.0.0.2:67",
			      "--leasequery-attempts", "2",
			      "--leasequery-connections", "3",
			      "--leasequery-deadline", "120", NULL), 0);
	config_defaults(&c);
	assert_int_equal(config_parse_text(&c, "leasequery_server = 1.1.1.1",
					   "t", err, sizeof(err)), 0);
	assert_int_equal(o.cfg.lq_nservers, 2);
	assert_int_equal(o.cfg.lq_attempts, 2);
	assert_int_equal(o.cfg.lq_connections, 3);
	assert_int_equal(o.cfg.lq_deadline, 120);
	assert_int_equal(args(&o, err, "--leasequery-server", "10.0.0.1:0",
			      NULL), -1);
	assert_non_null(strstr(err, "leasequery_server"));
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
		cmocka_unit_test(test_leasequery_keys),
		cmocka_unit_test(test_flags_win),
		cmocka_unit_test(test_bad_flags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
