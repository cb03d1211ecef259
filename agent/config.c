// SPDX-License-Identifier: GPL-2.0
/* config.c - defaults, config file and command-line flags (see config.h). */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <arpa/inet.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->store, sizeof(c->store), "%s", CONFIG_DEFAULT_STORE);
	c->write_delay = CONFIG_DEFAULT_WRITE_DELAY;
	c->log_level = LOGL_INFO;
	c->restore_max_age = 0;
	c->retry_interval = CONFIG_DEFAULT_RETRY;
	c->lq_by = CONFIG_LQ_BY_RELAY_ID;
	c->lq_store_max_age = CONFIG_DEFAULT_LQ_STORE_MAX_AGE;
	/* RFC 5460/6926 and draft-stapp-dhc-dhcpv6-bulk-leasequery-00 4.6 */
	c->lq_conn_timeout = 30;
	c->lq_data_timeout = 300;
	c->lq_max_retry = 60;
	c->lq_attempts = 6;
	/* Kea 3.0 cannot follow more than one query per connection. */
	c->lq_connections = 1;
	c->lq_deadline = CONFIG_DEFAULT_LQ_DEADLINE;
}

/* "01:02:0a" or "01020a", 1..CONFIG_LQ_ID_MAX octets */
static int parse_hex(const char *s, struct config_lq_id *id)
{
	unsigned int v;
	size_t n = 0;

	while (*s) {
		if (!isxdigit((unsigned char)s[0]) ||
		    !isxdigit((unsigned char)s[1]) || n == sizeof(id->id))
			return -1;
		if (sscanf(s, "%2x", &v) != 1)
			return -1;
		id->id[n++] = (uint8_t)v;
		s += 2;
		if (*s == ':' && s[1])
			s++;
	}
	id->len = (uint16_t)n;
	return n ? 0 : -1;
}

/* "192.0.2.1", "192.0.2.1:67", "2001:db8::1" or "[2001:db8::1]:547" */
static int check_server(const char *s)
{
	char host[CONFIG_LQ_SERVER_LEN];
	const char *port = NULL, *rb;
	unsigned char buf[16];
	unsigned long v;
	char *end;
	size_t n = strlen(s);

	if (!n || n >= CONFIG_LQ_SERVER_LEN)
		return -1;
	if (*s == '[') {
		rb = strchr(s, ']');
		if (!rb || (rb[1] && rb[1] != ':'))
			return -1;
		snprintf(host, sizeof(host), "%.*s", (int)(rb - s - 1), s + 1);
		if (rb[1])
			port = rb + 2;
		if (inet_pton(AF_INET6, host, buf) != 1)
			return -1;
	} else if (inet_pton(AF_INET6, s, buf) == 1) {
		return 0;
	} else {
		rb = strchr(s, ':');
		snprintf(host, sizeof(host), "%.*s",
			 (int)(rb ? (size_t)(rb - s) : n), s);
		if (rb)
			port = rb + 1;
		if (inet_pton(AF_INET, host, buf) != 1)
			return -1;
	}
	if (!port)
		return 0;
	if (!isdigit((unsigned char)*port))
		return -1;
	errno = 0;
	v = strtoul(port, &end, 10);
	return errno || *end || !v || v > 65535 ? -1 : 0;
}

static int parse_seconds(const char *s, unsigned int min, unsigned int max,
			 unsigned int *out)
{
	unsigned long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = (unsigned int)v;
	return 0;
}

/* Set @key to @val in @c; returns 0 or -1 with a reason in @why. */
static int set_key(struct config *c, const char *key, const char *val,
		   unsigned int *set_bit, const char **why)
{
	if (!strcmp(key, "store")) {
		if (!*val || strlen(val) >= sizeof(c->store)) {
			*why = "needs a path";
			return -1;
		}
		snprintf(c->store, sizeof(c->store), "%s", val);
		*set_bit = OPT_SET_STORE;
	} else if (!strcmp(key, "write_delay")) {
		*why = "needs seconds, 0..86400";
		*set_bit = OPT_SET_WRITE_DELAY;
		return parse_seconds(val, 0, CONFIG_MAX_SECONDS,
				     &c->write_delay);
	} else if (!strcmp(key, "log_level")) {
		*why = "needs err, warn, info or debug";
		*set_bit = OPT_SET_LOG_LEVEL;
		return log_level_parse(val, &c->log_level);
	} else if (!strcmp(key, "restore_max_age")) {
		*why = "needs seconds, 0 (no limit)..315360000";
		*set_bit = OPT_SET_RESTORE_MAX_AGE;
		return parse_seconds(val, 0, 315360000, &c->restore_max_age);
	} else if (!strcmp(key, "retry_interval")) {
		*why = "needs seconds, 1..86400";
		*set_bit = OPT_SET_RETRY;
		return parse_seconds(val, 1, CONFIG_MAX_SECONDS,
				     &c->retry_interval);
	} else if (!strcmp(key, "leasequery_server")) {
		*why = "needs a numeric ADDR, ADDR:PORT or [ADDR6]:PORT";
		*set_bit = OPT_SET_LQ_SERVER;
		if (c->lq_nservers == CONFIG_LQ_SERVERS_MAX) {
			*why = "at most 8 servers";
			return -1;
		}
		if (check_server(val))
			return -1;
		snprintf(c->lq_servers[c->lq_nservers++],
			 sizeof(c->lq_servers[0]), "%s", val);
	} else if (!strcmp(key, "leasequery_by")) {
		*why = "needs relay-id or remote-id";
		*set_bit = 0;
		if (!strcmp(val, "relay-id"))
			c->lq_by = CONFIG_LQ_BY_RELAY_ID;
		else if (!strcmp(val, "remote-id"))
			c->lq_by = CONFIG_LQ_BY_REMOTE_ID;
		else
			return -1;
	} else if (!strcmp(key, "leasequery_id")) {
		*why = "needs 1..255 octets of hex (01:02:0a or 01020a)";
		*set_bit = 0;
		if (c->lq_nids == CONFIG_LQ_IDS_MAX) {
			*why = "at most 8 ids";
			return -1;
		}
		if (parse_hex(val, &c->lq_ids[c->lq_nids]))
			return -1;
		c->lq_nids++;
	} else if (!strcmp(key, "leasequery_store_max_age")) {
		*why = "needs seconds, 0 (never)..315360000";
		*set_bit = OPT_SET_LQ_STORE_MAX_AGE;
		return parse_seconds(val, 0, 315360000, &c->lq_store_max_age);
	} else if (!strcmp(key, "leasequery_conn_timeout")) {
		*why = "needs seconds, 1..3600";
		*set_bit = OPT_SET_LQ_CONN_TIMEOUT;
		return parse_seconds(val, 1, 3600, &c->lq_conn_timeout);
	} else if (!strcmp(key, "leasequery_data_timeout")) {
		*why = "needs seconds, 1..3600";
		*set_bit = OPT_SET_LQ_DATA_TIMEOUT;
		return parse_seconds(val, 1, 3600, &c->lq_data_timeout);
	} else if (!strcmp(key, "leasequery_max_retry")) {
		*why = "needs seconds, 1..3600";
		*set_bit = OPT_SET_LQ_MAX_RETRY;
		return parse_seconds(val, 1, 3600, &c->lq_max_retry);
	} else if (!strcmp(key, "leasequery_attempts")) {
		*why = "needs a count, 1..100";
		*set_bit = OPT_SET_LQ_ATTEMPTS;
		return parse_seconds(val, 1, 100, &c->lq_attempts);
	} else if (!strcmp(key, "leasequery_connections")) {
		*why = "needs a count, 1..16";
		*set_bit = OPT_SET_LQ_CONNECTIONS;
		return parse_seconds(val, 1, 16, &c->lq_connections);
	} else if (!strcmp(key, "leasequery_deadline")) {
		*why = "needs seconds, 10..86400";
		*set_bit = OPT_SET_LQ_DEADLINE;
		return parse_seconds(val, 10, 86400, &c->lq_deadline);
	} else {
		*why = "unknown key";
		return -1;
	}
	return 0;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int config_parse_text(struct config *c, const char *text, const char *name,
		      char *err, size_t errlen)
{
	struct config tmp = *c;
	char *copy = strdup(text), *line;
	unsigned int lineno = 0, bit;
	int ret = 0;

	if (!copy) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (line = copy; line; ) {
		char *nl = strchr(line, '\n'), *key, *val, *eq, *hash;
		const char *why = "";

		if (nl)
			*nl = '\0';
		lineno++;
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		key = trim(line);
		if (*key) {
			eq = strchr(key, '=');
			if (!eq) {
				snprintf(err, errlen,
					 "%s:%u: expected \"key = value\"",
					 name, lineno);
				ret = -1;
				break;
			}
			*eq = '\0';
			val = trim(eq + 1);
			key = trim(key);
			if (set_key(&tmp, key, val, &bit, &why)) {
				snprintf(err, errlen, "%s:%u: %s: %s", name,
					 lineno, key, why);
				ret = -1;
				break;
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	free(copy);
	if (!ret)
		*c = tmp;
	return ret;
}

int config_parse_file(struct config *c, const char *path, bool must_exist,
		      char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0, len = 0, n;
	int ret;

	if (!f) {
		if (errno == ENOENT && !must_exist)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	do {
		if (len + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap = cap * 2 + 8192);

			if (!nb) {
				free(buf);
				fclose(f);
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, 4096, f);
		len += n;
	} while (n > 0 && len < (1 << 20));
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[len] = '\0';
	ret = config_parse_text(c, buf, path, err, errlen);
	free(buf);
	return ret;
}

int config_load(struct config *c, const struct options *o, char *err,
		size_t errlen)
{
	struct config tmp;

	config_defaults(&tmp);
	if (config_parse_file(&tmp, o->config_path ? o->config_path
						   : CONFIG_DEFAULT_PATH,
			      o->config_given, err, errlen))
		return -1;
	if (o->set & OPT_SET_STORE)
		memcpy(tmp.store, o->cfg.store, sizeof(tmp.store));
	if (o->set & OPT_SET_WRITE_DELAY)
		tmp.write_delay = o->cfg.write_delay;
	if (o->set & OPT_SET_LOG_LEVEL)
		tmp.log_level = o->cfg.log_level;
	if (o->set & OPT_SET_RESTORE_MAX_AGE)
		tmp.restore_max_age = o->cfg.restore_max_age;
	if (o->set & OPT_SET_RETRY)
		tmp.retry_interval = o->cfg.retry_interval;
	/* Servers on the command line replace the file's list. */
	if (o->set & OPT_SET_LQ_SERVER) {
		tmp.lq_nservers = o->cfg.lq_nservers;
		memcpy(tmp.lq_servers, o->cfg.lq_servers,
		       sizeof(tmp.lq_servers));
	}
	if (o->set & OPT_SET_LQ_CONN_TIMEOUT)
		tmp.lq_conn_timeout = o->cfg.lq_conn_timeout;
	if (o->set & OPT_SET_LQ_DATA_TIMEOUT)
		tmp.lq_data_timeout = o->cfg.lq_data_timeout;
	if (o->set & OPT_SET_LQ_MAX_RETRY)
		tmp.lq_max_retry = o->cfg.lq_max_retry;
	if (o->set & OPT_SET_LQ_ATTEMPTS)
		tmp.lq_attempts = o->cfg.lq_attempts;
	if (o->set & OPT_SET_LQ_STORE_MAX_AGE)
		tmp.lq_store_max_age = o->cfg.lq_store_max_age;
	if (o->set & OPT_SET_LQ_CONNECTIONS)
		tmp.lq_connections = o->cfg.lq_connections;
	if (o->set & OPT_SET_LQ_DEADLINE)
		tmp.lq_deadline = o->cfg.lq_deadline;
	*c = tmp;
	return 0;
}

void config_usage(FILE *f)
{
	fprintf(f,
		"Usage: l2rad [OPTIONS]\n"
		"Keep the l2ra kernel lease table in a SQLite store and restore it.\n"
		"\n"
		"  -c, --config FILE          config file (default " CONFIG_DEFAULT_PATH ")\n"
		"  -s, --store PATH           lease store (default " CONFIG_DEFAULT_STORE ")\n"
		"  -w, --write-delay SEC      batch store writes for SEC seconds (default 5)\n"
		"  -l, --log-level LEVEL      err, warn, info (default) or debug\n"
		"  -d, --debug                same as --log-level debug\n"
		"      --restore-max-age SEC  do not restore leases whose last transaction\n"
		"                             is older than SEC seconds (0: no limit)\n"
		"      --retry-interval SEC   retry period while the module is absent or a\n"
		"                             lease waits for its port (default 10)\n"
		"      --leasequery-server ADDR[:PORT]\n"
		"                             a DHCP server to restore the leases from by\n"
		"                             Bulk Leasequery when the store is missing,\n"
		"                             empty or old (repeat for more; IPv4: RFC 6926,\n"
		"                             [IPv6]: RFC 5460); replaces the file's list\n"
		"      --leasequery-store-max-age SEC\n"
		"                             a store not written for SEC s is old (86400;\n"
		"                             0: never)\n"
		"      --leasequery-conn-timeout SEC, --leasequery-data-timeout SEC,\n"
		"      --leasequery-max-retry SEC, --leasequery-attempts N\n"
		"                             connect (30) and stall (300) timeouts, backoff\n"
		"                             cap (60), failures before a server is given\n"
		"                             up once another answered (6)\n"
		"      --leasequery-connections N  per server, one query each (1)\n"
		"      --leasequery-deadline SEC   bounds one restore (900)\n"
		"  -f, --foreground           stay in the foreground, log to stderr\n"
		"      --check-config         print the settings in force and exit\n"
		"  -h, --help                 this help\n"
		"  -V, --version              print the version\n");
}

int config_parse_args(struct options *o, int argc, char **argv, char *err,
		      size_t errlen)
{
	enum { OPT_RESTORE = 256, OPT_RETRY, OPT_CHECK, OPT_LQ_SERVER,
	       OPT_LQ_STORE_MAX_AGE, OPT_LQ_CONN_TIMEOUT, OPT_LQ_DATA_TIMEOUT,
	       OPT_LQ_MAX_RETRY, OPT_LQ_ATTEMPTS, OPT_LQ_CONNECTIONS,
	       OPT_LQ_DEADLINE };
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "store", required_argument, NULL, 's' },
		{ "write-delay", required_argument, NULL, 'w' },
		{ "log-level", required_argument, NULL, 'l' },
		{ "debug", no_argument, NULL, 'd' },
		{ "restore-max-age", required_argument, NULL, OPT_RESTORE },
		{ "retry-interval", required_argument, NULL, OPT_RETRY },
		{ "leasequery-server", required_argument, NULL, OPT_LQ_SERVER },
		{ "leasequery-store-max-age", required_argument, NULL,
		  OPT_LQ_STORE_MAX_AGE },
		{ "leasequery-conn-timeout", required_argument, NULL,
		  OPT_LQ_CONN_TIMEOUT },
		{ "leasequery-data-timeout", required_argument, NULL,
		  OPT_LQ_DATA_TIMEOUT },
		{ "leasequery-max-retry", required_argument, NULL,
		  OPT_LQ_MAX_RETRY },
		{ "leasequery-attempts", required_argument, NULL,
		  OPT_LQ_ATTEMPTS },
		{ "leasequery-connections", required_argument, NULL,
		  OPT_LQ_CONNECTIONS },
		{ "leasequery-deadline", required_argument, NULL,
		  OPT_LQ_DEADLINE },
		{ "foreground", no_argument, NULL, 'f' },
		{ "check-config", no_argument, NULL, OPT_CHECK },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	memset(o, 0, sizeof(*o));
	config_defaults(&o->cfg);
	o->config_path = CONFIG_DEFAULT_PATH;
	optind = 0;	/* full reset, GNU getopt */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":c:s:w:l:dfhV", longopts,
				 NULL)) != -1) {
		const char *key = NULL, *why = "";
		unsigned int bit;

		switch (ch) {
		case 'c':
			o->config_path = optarg;
			o->config_given = true;
			continue;
		case 's':
			key = "store";
			break;
		case 'w':
			key = "write_delay";
			break;
		case 'l':
			key = "log_level";
			break;
		case 'd':
			o->cfg.log_level = LOGL_DEBUG;
			o->set |= OPT_SET_LOG_LEVEL;
			continue;
		case OPT_RESTORE:
			key = "restore_max_age";
			break;
		case OPT_RETRY:
			key = "retry_interval";
			break;
		case OPT_LQ_SERVER:
			key = "leasequery_server";
			break;
		case OPT_LQ_STORE_MAX_AGE:
			key = "leasequery_store_max_age";
			break;
		case OPT_LQ_CONN_TIMEOUT:
			key = "leasequery_conn_timeout";
			break;
		case OPT_LQ_DATA_TIMEOUT:
			key = "leasequery_data_timeout";
			break;
		case OPT_LQ_MAX_RETRY:
			key = "leasequery_max_retry";
			break;
		case OPT_LQ_ATTEMPTS:
			key = "leasequery_attempts";
			break;
		case OPT_LQ_CONNECTIONS:
			key = "leasequery_connections";
			break;
		case OPT_LQ_DEADLINE:
			key = "leasequery_deadline";
			break;
		case 'f':
			o->foreground = true;
			continue;
		case OPT_CHECK:
			o->check_config = true;
			continue;
		case 'h':
			o->help = true;
			continue;
		case 'V':
			o->version = true;
			continue;
		case ':':
			snprintf(err, errlen, "option %s needs an argument",
				 argv[optind - 1]);
			return -1;
		default:
			snprintf(err, errlen, "unknown option %s",
				 argv[optind - 1]);
			return -1;
		}
		if (set_key(&o->cfg, key, optarg, &bit, &why)) {
			snprintf(err, errlen, "%s \"%s\": %s", key, optarg,
				 why);
			return -1;
		}
		o->set |= bit;
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument \"%s\"",
			 argv[optind]);
		return -1;
	}
	return 0;
}
