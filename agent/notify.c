// SPDX-License-Identifier: GPL-2.0
/*
 * notify.c - systemd readiness, status and watchdog through libsystemd.
 *
 * libsystemd rather than our own datagram code: it knows the socket
 * address forms (abstract, vsock), the credentials and the environment
 * checks, and every call is a cheap no-op without NOTIFY_SOCKET.
 *
 * Built with WITH_SYSTEMD=0 (agent/Makefile; OpenWrt, whose procd has no
 * NOTIFY_SOCKET), there is no libsystemd: every call is the no-op it is
 * without NOTIFY_SOCKET, except that notify_ready() says -EOPNOTSUPP when
 * a service manager did set NOTIFY_SOCKET, so that l2rad logs why it will
 * never be seen ready (see the end of this file).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "notify.h"

#ifndef WITH_SYSTEMD
#define WITH_SYSTEMD 1
#endif

#if WITH_SYSTEMD
#include <systemd/sd-daemon.h>

/*
 * unset_environment is always 0: the loop notifies again and again (READY
 * after each reload, WATCHDOG), so NOTIFY_SOCKET and WATCHDOG_USEC must
 * stay.  l2rad starts no other program that could inherit them.
 */

int notify_ready(void)
{
	return sd_notify(0, "READY=1");
}

int notify_reloading(void)
{
	struct timespec ts;

	/*
	 * systemd 253 and later (Type=notify-reload) want the monotonic time
	 * of the reload with RELOADING=1 to tell it from an older one; 252
	 * ignores the field, so it is sent always.
	 */
	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		return sd_notify(0, "RELOADING=1");
	return sd_notifyf(0, "RELOADING=1\nMONOTONIC_USEC=%" PRIu64,
			  (uint64_t)ts.tv_sec * 1000000u +
			  (uint64_t)ts.tv_nsec / 1000u);
}

int notify_stopping(void)
{
	return sd_notify(0, "STOPPING=1");
}

int notify_status(const char *fmt, ...)
{
	char text[512];
	va_list ap;

	/* Formatting costs something when nobody listens: restores send
	 * a status per step. */
	if (!getenv("NOTIFY_SOCKET"))
		return 0;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	/*
	 * The message is newline-separated assignments, and a status may
	 * quote what a DHCP server sent (its error text): a newline in it
	 * would end STATUS= and let the rest pass as READY=1 or worse.
	 */
	for (char *c = text; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	return sd_notifyf(0, "STATUS=%s", text);
}

uint64_t notify_watchdog_usec(void)
{
	uint64_t usec = 0;

	/* Also checks WATCHDOG_PID: a watchdog meant for another process
	 * (a forked l2rad without --foreground) is not ours to feed. */
	if (sd_watchdog_enabled(0, &usec) <= 0)
		return 0;
	return usec;
}

int notify_watchdog(void)
{
	return sd_notify(0, "WATCHDOG=1");
}

int notify_extend_timeout(uint64_t usec)
{
	return sd_notifyf(0, "EXTEND_TIMEOUT_USEC=%" PRIu64, usec);
}

#else /* !WITH_SYSTEMD */

int notify_ready(void)
{
	/* A Type=notify unit would wait for READY=1 and time the start out:
	 * say why, once per readiness. */
	return getenv("NOTIFY_SOCKET") ? -EOPNOTSUPP : 0;
}

int notify_reloading(void)
{
	return 0;
}

int notify_stopping(void)
{
	return 0;
}

int notify_status(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

/* No watchdog: nobody could be told that l2rad is alive. */
uint64_t notify_watchdog_usec(void)
{
	return 0;
}

int notify_watchdog(void)
{
	return 0;
}

int notify_extend_timeout(uint64_t usec)
{
	(void)usec;
	return 0;
}

#endif /* WITH_SYSTEMD */
