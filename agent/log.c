// SPDX-License-Identifier: GPL-2.0
/* log.c - levelled logging to stderr or syslog. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>

#include "log.h"

static const char *const names[] = {
	[LOGL_ERR] = "err", [LOGL_WARN] = "warn",
	[LOGL_INFO] = "info", [LOGL_DEBUG] = "debug",
};

int log_level_parse(const char *s, enum log_level *out)
{
	for (unsigned int i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcasecmp(s, names[i])) {
			*out = (enum log_level)i;
			return 0;
		}
	}
	if (!strcasecmp(s, "error")) {
		*out = LOGL_ERR;
		return 0;
	}
	if (!strcasecmp(s, "warning")) {
		*out = LOGL_WARN;
		return 0;
	}
	return -1;
}

const char *log_level_name(enum log_level l)
{
	return l <= LOGL_DEBUG ? names[l] : "?";
}

void log_open(struct logger *lg, bool use_syslog, enum log_level level)
{
	lg->level = level;
	lg->use_syslog = use_syslog;
	if (use_syslog)
		openlog("l2rad", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void log_close(struct logger *lg)
{
	if (lg->use_syslog)
		closelog();
	lg->use_syslog = false;
}

void log_msg(const struct logger *lg, enum log_level l, const char *fmt, ...)
{
	static const int prio[] = {
		[LOGL_ERR] = LOG_ERR, [LOGL_WARN] = LOG_WARNING,
		[LOGL_INFO] = LOG_INFO, [LOGL_DEBUG] = LOG_DEBUG,
	};
	char buf[1024];
	va_list ap;

	if (l > lg->level)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (lg->use_syslog)
		syslog(prio[l], "%s", buf);
	else
		fprintf(stderr, "l2rad: %s: %s\n", names[l], buf);
}
