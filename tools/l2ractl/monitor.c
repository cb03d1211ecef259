// SPDX-License-Identifier: GPL-2.0
/*
 * monitor.c - "l2ractl monitor": print lease events as they happen, like
 * "ip monitor".  Joins the generic netlink multicast group
 * L2RA_MCGRP_LEASES and prints each L2RA_CMD_LEASE_NOTIFY message as
 * one line.
 */
#define _GNU_SOURCE	/* ppoll() */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "args.h"
#include "l2ractl.h"
#include "lease.h"
#include "monitor.h"

/* Large enough for any notification (NLMSG_GOODSIZE is a page or 8 KiB). */
#define MONITOR_BUF	(64 * 1024)
/* Receive buffer asked for, like "ip monitor": fewer overruns in bursts. */
#define MONITOR_RCVBUF	(1024 * 1024)

void monitor_usage(FILE *f)
{
	fprintf(f,
		"Usage: l2ractl [ -j ] monitor [ lease ]\n"
		"       l2ractl monitor help\n"
		"Prints lease events as they happen, one line each, starting with the\n"
		"event: new, update, release, decline, nak, expire, del or add.  Stops\n"
		"on SIGINT or SIGTERM.\n");
}

/* How event messages are parsed: strings must be NUL-terminated. */
static const struct nla_policy event_policy[L2RA_A_MAX + 1] = {
	[L2RA_A_IFINDEX]	= { .type = NLA_U32 },
	[L2RA_A_IFNAME]		= { .type = NLA_STRING },
	[L2RA_A_BRIDGE_IFINDEX]	= { .type = NLA_U32 },
	[L2RA_A_CIRCUIT_ID]	= { .type = NLA_UNSPEC },
};

static void print_event(struct monitor *m, struct nlattr **tb)
{
	const struct nlattr *ev = lease_attr(tb, L2RA_A_LEASE_EVENT, 1);
	unsigned int id = ev ? nla_get_u8(ev) : 0;
	const char *name = lease_event_name(id);
	char buf[24];

	if (!name) {
		snprintf(buf, sizeof(buf), "event_%u", id);
		name = buf;
	}
	if (m->json)
		lease_print_json(&m->js, tb, NULL, name);
	else
		lease_print_plain(tb, NULL, name);
}

int monitor_process(struct monitor *m, void *buf, size_t len)
{
	struct nlmsghdr *nlh = buf;
	int rem = len > (size_t)INT32_MAX ? INT32_MAX : (int)len, n = 0;

	for (; nlmsg_ok(nlh, rem); nlh = nlmsg_next(nlh, &rem)) {
		struct nlattr *tb[L2RA_A_MAX + 1];

		if (nlh->nlmsg_type != m->family || !genlmsg_valid_hdr(nlh, 0))
			continue;
		if (genlmsg_hdr(nlh)->cmd != L2RA_CMD_LEASE_NOTIFY)
			continue;
		if (genlmsg_parse(nlh, 0, tb, L2RA_A_MAX, event_policy) < 0) {
			fflush(stdout);
			fprintf(stderr, "l2ractl: malformed lease event skipped\n");
			continue;
		}
		print_event(m, tb);
		n++;
	}
	return n;
}

/* Set by the SIGINT/SIGTERM handler: the one piece of global state. */
static volatile sig_atomic_t monitor_stop;

static void on_signal(int sig)
{
	(void)sig;
	monitor_stop = 1;
}

int monitor_loop(struct monitor *m, int fd)
{
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	sigset_t block, old_mask;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char *buf = malloc(MONITOR_BUF);
	int rc = 0;

	if (!buf) {
		fprintf(stderr, "Error: out of memory\n");
		return 1;
	}
	monitor_stop = 0;
	/*
	 * The signals stay blocked except inside ppoll(): one arriving
	 * while an event is printed is seen at the next ppoll(), never lost.
	 */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old_mask);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);

	while (!monitor_stop) {
		ssize_t len;

		if (ppoll(&pfd, 1, NULL, &old_mask) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "Error: poll: %s\n", strerror(errno));
			rc = 1;
			break;
		}
		len = m->recv(fd, buf, MONITOR_BUF, MSG_DONTWAIT | MSG_TRUNC);
		if (len < 0) {
			if (errno == EINTR || errno == EAGAIN ||
			    errno == EWOULDBLOCK)
				continue;
			if (errno == ENOBUFS) {
				fflush(stdout);
				fprintf(stderr, "l2ractl: events lost (socket overrun)\n");
				continue;
			}
			fprintf(stderr, "Error: cannot receive events: %s\n",
				strerror(errno));
			rc = 1;
			break;
		}
		if (len == 0 && (pfd.revents & (POLLHUP | POLLERR)))
			break;		/* only on a test's socketpair */
		if ((size_t)len > MONITOR_BUF) {
			fflush(stdout);
			fprintf(stderr, "l2ractl: event message of %zd octets truncated\n",
				len);
			len = MONITOR_BUF;
		}
		monitor_process(m, buf, (size_t)len);
		if (fflush(stdout) != 0 || ferror(stdout)) {
			rc = 1;		/* reported by main() */
			break;
		}
	}

	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	free(buf);
	return rc;
}

int monitor_main(struct l2ractl *ctx, int argc, char **argv)
{
	static const struct kw words[] = {
		{ "lease", 0 }, { "leases", 0 }, { "all", 0 }, { "help", 1 },
		{ NULL, 0 },
	};
	struct monitor m = { .json = ctx->json, .recv = recv };
	int grp, err, size = MONITOR_RCVBUF, seen = 0;
	struct args a;
	const char *w;

	args_init(&a, argc, argv, "monitor", "monitor");
	while ((w = args_next(&a))) {
		switch (kw_match(words, w)) {
		case 0:
			if (seen++)
				return args_duplicate(&a, "lease"), 1;
			break;
		case 1:
			monitor_usage(stdout);
			return 0;
		case KW_AMBIGUOUS:
			return args_ambiguous(&a, w), 1;
		default:
			return args_unknown(&a, w), 1;
		}
	}

	if (nlc_open(&ctx->nl))
		return 1;
	grp = genl_ctrl_resolve_grp(ctx->nl.sk, L2RA_GENL_NAME,
				    L2RA_MCGRP_LEASES);
	if (grp < 0) {
		fprintf(stderr, "Error: the l2ra module has no lease events (multicast group \"%s\" not found): %s\n",
			L2RA_MCGRP_LEASES, nl_geterror(grp));
		return 1;
	}
	err = nl_socket_add_membership(ctx->nl.sk, grp);
	if (err < 0) {
		fprintf(stderr, "Error: cannot join multicast group \"%s\": %s\n",
			L2RA_MCGRP_LEASES, nl_geterror(err));
		return 1;
	}
	/* Best effort: the default buffer works, it just overruns sooner. */
	setsockopt(nl_socket_get_fd(ctx->nl.sk), SOL_SOCKET, SO_RCVBUF, &size,
		   sizeof(size));
	m.family = ctx->nl.family;
	/* One object per line even with -p: a stream, not a document. */
	json_init(&m.js, stdout, false);
	return monitor_loop(&m, nl_socket_get_fd(ctx->nl.sk));
}
