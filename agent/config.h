/* SPDX-License-Identifier: GPL-2.0 */
/*
 * config.h - l2rad's settings: built-in defaults, then the config file
 * ("key = value" lines, '#' comments), then command-line flags, which win.
 * SIGHUP reruns the same sequence (the flags still win).
 */
#ifndef L2RAD_CONFIG_H
#define L2RAD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "log.h"

#define L2RAD_VERSION		"0.1"
#define CONFIG_DEFAULT_PATH	"/etc/l2ra/l2rad.conf"
#define CONFIG_DEFAULT_STORE	"/var/lib/l2ra/leases.db"
#define CONFIG_DEFAULT_WRITE_DELAY	5
#define CONFIG_DEFAULT_RETRY	10
#define CONFIG_MAX_SECONDS	86400
#define CONFIG_PATH_MAX		4096

/* Bulk Leasequery restore (Documentation/l2rad.rst, "Restore from the
 * DHCP servers"). */
#define CONFIG_LQ_SERVERS_MAX	8
#define CONFIG_LQ_IDS_MAX	8
#define CONFIG_LQ_ID_MAX	255
#define CONFIG_LQ_SERVER_LEN	64

enum config_lq_by {
	CONFIG_LQ_BY_RELAY_ID = 0,	/* option 82.12 / DHCPv6 RELAY_ID */
	CONFIG_LQ_BY_REMOTE_ID,		/* option 82.2 */
};

struct config_lq_id {
	uint16_t len;
	uint8_t id[CONFIG_LQ_ID_MAX];
};

struct config {
	char store[CONFIG_PATH_MAX];
	unsigned int write_delay;	/* s; 0 writes after every wake-up */
	enum log_level log_level;
	unsigned int restore_max_age;	/* s since cltt; 0: no limit */
	unsigned int retry_interval;	/* s */
	/* "addr[:port]" as given; v4 or v6 protocol by address family */
	unsigned int lq_nservers;
	char lq_servers[CONFIG_LQ_SERVERS_MAX][CONFIG_LQ_SERVER_LEN];
	enum config_lq_by lq_by;
	/* ids asked for besides the bridges' own (a replaced device's) */
	unsigned int lq_nids;
	struct config_lq_id lq_ids[CONFIG_LQ_IDS_MAX];
	unsigned int lq_store_max_age;	/* s; 0: age alone never triggers */
	unsigned int lq_conn_timeout;	/* s */
	unsigned int lq_data_timeout;	/* s, BULK_LQ_DATA_TIMEOUT */
	unsigned int lq_max_retry;	/* s, backoff cap (BULK_LQ_MAX_RETRY) */
	unsigned int lq_attempts;	/* failures in a row before a server is
					 * given up (once another completed) */
	unsigned int lq_connections;	/* per server, 1..16 */
	unsigned int lq_deadline;	/* s, bounds one restore */
};

#define CONFIG_DEFAULT_LQ_STORE_MAX_AGE	86400
#define CONFIG_DEFAULT_LQ_DEADLINE	900

/* Bits of options.set: which fields of options.cfg the flags gave. */
enum {
	OPT_SET_STORE		= 1 << 0,
	OPT_SET_WRITE_DELAY	= 1 << 1,
	OPT_SET_LOG_LEVEL	= 1 << 2,
	OPT_SET_RESTORE_MAX_AGE	= 1 << 3,
	OPT_SET_RETRY		= 1 << 4,
	OPT_SET_LQ_SERVER	= 1 << 5,
	OPT_SET_LQ_CONN_TIMEOUT	= 1 << 6,
	OPT_SET_LQ_DATA_TIMEOUT	= 1 << 7,
	OPT_SET_LQ_MAX_RETRY	= 1 << 8,
	OPT_SET_LQ_ATTEMPTS	= 1 << 9,
	OPT_SET_LQ_STORE_MAX_AGE = 1 << 10,
	OPT_SET_LQ_CONNECTIONS	= 1 << 11,
	OPT_SET_LQ_DEADLINE	= 1 << 12,
};

struct options {
	const char *config_path;
	bool config_given;	/* -c: a missing file is an error */
	bool foreground;
	bool check_config;	/* --check-config: print settings, exit */
	bool help, version;
	unsigned int set;
	struct config cfg;	/* values of the flags in @set */
};

void config_defaults(struct config *c);

/*
 * Parse the command line.  Returns 0, or -1 with a message in @err.
 * Resets getopt, so it can be called more than once (tests).
 */
int config_parse_args(struct options *o, int argc, char **argv, char *err,
		      size_t errlen);

/* Apply "key = value" text to @c; @name names it in messages. */
int config_parse_text(struct config *c, const char *text, const char *name,
		      char *err, size_t errlen);

/* Apply the file @path to @c; a missing file is an error iff @must_exist. */
int config_parse_file(struct config *c, const char *path, bool must_exist,
		      char *err, size_t errlen);

/* Defaults, then o->config_path, then the flags: the settings in force. */
int config_load(struct config *c, const struct options *o, char *err,
		size_t errlen);

void config_usage(FILE *f);

#endif
