/* SPDX-License-Identifier: GPL-2.0 */
/*
 * log.h - levelled logging to stderr (--foreground) or syslog (daemon).
 * The logger is a plain struct owned by the agent's context: no globals.
 */
#ifndef L2RAD_LOG_H
#define L2RAD_LOG_H

#include <stdbool.h>

enum log_level {
	LOGL_ERR,
	LOGL_WARN,
	LOGL_INFO,
	LOGL_DEBUG,
};

struct logger {
	enum log_level level;	/* messages above it are discarded */
	bool use_syslog;
};

/* Parse "err", "warn", "info", "debug" (and "error", "warning"). */
int log_level_parse(const char *s, enum log_level *out);
const char *log_level_name(enum log_level l);

void log_open(struct logger *lg, bool use_syslog, enum log_level level);
void log_close(struct logger *lg);

void log_msg(const struct logger *lg, enum log_level l, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define log_err(lg, ...)	log_msg(lg, LOGL_ERR, __VA_ARGS__)
#define log_warn(lg, ...)	log_msg(lg, LOGL_WARN, __VA_ARGS__)
#define log_info(lg, ...)	log_msg(lg, LOGL_INFO, __VA_ARGS__)
#define log_debug(lg, ...)	log_msg(lg, LOGL_DEBUG, __VA_ARGS__)

#endif
