/* SPDX-License-Identifier: GPL-2.0 */
/*
 * notify.h - tell systemd (Type=notify) how l2rad is doing: readiness,
 * reload, stop, a status line and watchdog pings, through libsystemd's
 * sd_notify().
 *
 * Not started by systemd (no NOTIFY_SOCKET in the environment), every call
 * is a no-op returning 0, so the loop calls them unconditionally.  Each
 * returns what sd_notify() does: > 0 sent, 0 nobody listening, < 0 a
 * negative errno.  Ignoring it is fine; a failed READY=1 is worth a log
 * line, since systemd will then time the start out.
 *
 * No state is kept here: the environment is left as systemd set it, so
 * every call can be repeated (READY=1 again after a reload).
 */
#ifndef L2RAD_NOTIFY_H
#define L2RAD_NOTIFY_H

#include <stdint.h>

/* READY=1: the first sync is done (or the module is absent); again after
 * every notify_reloading(). */
int notify_ready(void);

/* RELOADING=1 with MONOTONIC_USEC=, on SIGHUP before the configuration is
 * read; notify_ready() when it is done, whatever the outcome. */
int notify_reloading(void);

/* STOPPING=1, on SIGTERM/SIGINT before the final flush. */
int notify_stopping(void);

/* STATUS=<text>, printf-style: what "systemctl status" shows.  A newline
 * in the text becomes a blank (see notify.c). */
int notify_status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The watchdog timeout (WatchdogSec=) in microseconds, or 0 if systemd
 * does not watch this process.  Asked once at start-up; the loop then
 * calls notify_watchdog() at least every half of it. */
uint64_t notify_watchdog_usec(void);

/* WATCHDOG=1. */
int notify_watchdog(void);

/* EXTEND_TIMEOUT_USEC=: before READY=1 (or after STOPPING=1), ask systemd
 * not to time the start (the stop) out for @usec from now, if that is later
 * than TimeoutStartSec= (TimeoutStopSec=) allows.  For a restore from the
 * DHCP servers at start-up, which may rightly outlast any fixed start
 * timeout: repeated while it makes progress, a hung one still times out. */
int notify_extend_timeout(uint64_t usec);

#endif
