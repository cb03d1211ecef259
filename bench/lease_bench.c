// SPDX-License-Identifier: GPL-2.0
/*
 * lease_bench: fill and read the l2ra lease table as fast as netlink goes.
 *
 *   lease_bench add [-a ATTR[,ATTR]...] N PORT [FIRST]
 *                                    add leases FIRST..FIRST+N-1 on PORT
 *   lease_bench dump                 dump the whole table
 *
 * add sends LEASE_ADD requests in batches of BATCH messages per sendmsg(),
 * asking an ACK of the last one only (errors are reported whatever the
 * flags), so that the figure is the kernel's cost, not round trips.  Lease
 * i has MAC 02:10:<i, 4 octets>, address 10.0.0.0 + i and an expiry of one
 * to two hours.  -a adds attributes a restored lease carries, so that the
 * baseline adds the same leases as the restore it is compared with (each
 * costs the kernel about 110 instructions to parse): lease-time (the
 * expiry + 5 s), cltt (5 s ago) and server-id (127.0.0.1).  dump reads the
 * replies into a large buffer and only counts them.  Each prints one
 * line: "add N leases S s RATE/s E errors" or "dump N leases S s RATE/s".
 * Exit status 1 on any error.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/if_ether.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "linux/l2ra.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

#define BATCH		128		/* requests per sendmsg() */
#define MSG_MAX		128		/* room for one LEASE_ADD */
#define RCVBUF		(1 << 20)

/* -a: the attributes beyond MAC, ADDR, EXPIRES and IFINDEX */
#define WITH_LEASE_TIME	0x1
#define WITH_CLTT	0x2
#define WITH_SERVER_ID	0x4

static struct nl_sock *sk;
static int fd, family;
static unsigned char rbuf[RCVBUF];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* Append attribute @type of @len octets at @p; returns its aligned length. */
static size_t put_attr(unsigned char *p, uint16_t type, const void *data,
		       uint16_t len)
{
	struct nlattr *a = (struct nlattr *)p;

	a->nla_len = NLA_HDRLEN + len;
	a->nla_type = type;
	memcpy(p + NLA_HDRLEN, data, len);
	memset(p + NLA_HDRLEN + len, 0, NLA_ALIGN(a->nla_len) - a->nla_len);
	return NLA_ALIGN(a->nla_len);
}

/*
 * Append one LEASE_ADD for lease @i at @p; returns its aligned length.
 * Written in place: a libnl message per request (allocated, filled by
 * nla_put(), copied, freed) cost about 1,700 instructions each, a third
 * of the whole add, and this is to measure the kernel.
 */
static size_t put_add(unsigned char *p, uint32_t seq, unsigned long i,
		      uint32_t ifindex, bool ack, unsigned int with,
		      uint64_t cltt)
{
	uint8_t mac[ETH_ALEN] = { 0x02, 0x10, i >> 24, i >> 16, i >> 8, i };
	uint32_t addr = htonl(0x0a000000u + (uint32_t)i);
	uint32_t expires = 3600 + i % 3600;
	struct nlmsghdr *nlh = (struct nlmsghdr *)p;
	struct genlmsghdr *g = (struct genlmsghdr *)(p + NLMSG_HDRLEN);
	size_t len = NLMSG_HDRLEN + GENL_HDRLEN;

	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | (ack ? NLM_F_ACK : 0);
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = 0;
	g->cmd = L2RA_CMD_LEASE_ADD;
	g->version = L2RA_GENL_VERSION;
	g->reserved = 0;
	len += put_attr(p + len, L2RA_A_MAC, mac, ETH_ALEN);
	len += put_attr(p + len, L2RA_A_ADDR, &addr, 4);
	len += put_attr(p + len, L2RA_A_EXPIRES, &expires, 4);
	if (with & WITH_LEASE_TIME) {
		uint32_t lt = expires + 5;

		len += put_attr(p + len, L2RA_A_LEASE_TIME, &lt, 4);
	}
	if (with & WITH_SERVER_ID) {
		uint32_t sid = htonl(0x7f000001);

		len += put_attr(p + len, L2RA_A_SERVER_ID, &sid, 4);
	}
	if (with & WITH_CLTT)
		len += put_attr(p + len, L2RA_A_CLTT, &cltt, 8);
	len += put_attr(p + len, L2RA_A_IFINDEX, &ifindex, 4);
	nlh->nlmsg_len = len;
	return NLMSG_ALIGN(len);
}

/* Read answers until the one to @seq; count the errors among them. */
static void wait_ack(uint32_t seq, unsigned long *errors)
{
	for (;;) {
		ssize_t n = recv(fd, rbuf, sizeof(rbuf), 0);
		int rem = (int)n;
		struct nlmsghdr *h;

		if (n < 0)
			die("lease_bench: recv");
		for (h = (struct nlmsghdr *)rbuf; NLMSG_OK(h, rem);
		     h = NLMSG_NEXT(h, rem)) {
			struct nlmsgerr *e = NLMSG_DATA(h);

			if (h->nlmsg_type != NLMSG_ERROR)
				continue;
			if (e->error && ++*errors <= 3)
				fprintf(stderr, "lease_bench: request %u: %s\n",
					h->nlmsg_seq, strerror(-e->error));
			if (h->nlmsg_seq == seq)
				return;
		}
	}
}

static int cmd_add(unsigned long n, const char *port, unsigned long first,
		   unsigned int with)
{
	static unsigned char buf[BATCH * MSG_MAX];
	uint32_t ifindex = if_nametoindex(port);
	unsigned long i = 0, errors = 0;
	uint32_t seq = 0;
	double t0, t;

	if (!ifindex) {
		fprintf(stderr, "lease_bench: no port %s\n", port);
		return 1;
	}
	t0 = now();
	while (i < n) {
		uint64_t cltt = (uint64_t)time(NULL) - 5;
		size_t len = 0;
		int k;

		for (k = 0; k < BATCH && i < n; k++, i++)
			len += put_add(buf + len, ++seq, first + i, ifindex,
				       k == BATCH - 1 || i == n - 1, with,
				       cltt);
		if (send(fd, buf, len, 0) != (ssize_t)len)
			die("lease_bench: send");
		wait_ack(seq, &errors);
	}
	t = now() - t0;
	printf("add %lu leases %.3f s %.0f/s %lu errors\n", n, t, n / t,
	       errors);
	return errors ? 1 : 0;
}

static int cmd_dump(void)
{
	unsigned long got = 0;
	struct nl_msg *m;
	bool done = false;
	double t0, t;
	int err = 0;

	m = nlmsg_alloc();
	if (!m || !genlmsg_put(m, NL_AUTO_PORT, 1, family, 0,
			       NLM_F_REQUEST | NLM_F_DUMP,
			       L2RA_CMD_LEASE_GET, L2RA_GENL_VERSION)) {
		fprintf(stderr, "lease_bench: cannot build a request\n");
		return 1;
	}
	t0 = now();
	if (send(fd, nlmsg_hdr(m), nlmsg_hdr(m)->nlmsg_len, 0) < 0)
		die("lease_bench: send");
	nlmsg_free(m);
	while (!done) {
		ssize_t n = recv(fd, rbuf, sizeof(rbuf), 0);
		int rem = (int)n;
		struct nlmsghdr *h;

		if (n < 0)
			die("lease_bench: recv");
		for (h = (struct nlmsghdr *)rbuf; NLMSG_OK(h, rem);
		     h = NLMSG_NEXT(h, rem)) {
			if (h->nlmsg_type == NLMSG_DONE ||
			    h->nlmsg_type == NLMSG_ERROR) {
				err = *(int *)NLMSG_DATA(h);
				done = true;
				break;
			}
			got++;
		}
	}
	t = now() - t0;
	if (err) {
		fprintf(stderr, "lease_bench: dump: %s\n", strerror(-err));
		return 1;
	}
	printf("dump %lu leases %.3f s %.0f/s\n", got, t, got / t);
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: lease_bench add [-a lease-time,cltt,server-id] N PORT [FIRST] | dump\n");
	exit(2);
}

/* "lease-time,cltt,server-id" (any of them) into WITH_* bits. */
static unsigned int parse_with(char *list)
{
	unsigned int with = 0;
	char *w, *save = NULL;

	for (w = strtok_r(list, ",", &save); w;
	     w = strtok_r(NULL, ",", &save)) {
		if (!strcmp(w, "lease-time"))
			with |= WITH_LEASE_TIME;
		else if (!strcmp(w, "cltt"))
			with |= WITH_CLTT;
		else if (!strcmp(w, "server-id"))
			with |= WITH_SERVER_ID;
		else
			usage();
	}
	return with;
}

int main(int argc, char **argv)
{
	int rcvbuf = RCVBUF, one = 1;

	if (argc < 2)
		usage();
	sk = nl_socket_alloc();
	if (!sk || genl_connect(sk) < 0) {
		fprintf(stderr, "lease_bench: cannot open a netlink socket\n");
		return 1;
	}
	family = genl_ctrl_resolve(sk, L2RA_GENL_NAME);
	if (family < 0) {
		fprintf(stderr, "lease_bench: no l2ra family (module loaded?)\n");
		return 1;
	}
	fd = nl_socket_get_fd(sk);
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));

	if (!strcmp(argv[1], "add")) {
		unsigned int with = 0;

		if (argc > 3 && !strcmp(argv[2], "-a")) {
			with = parse_with(argv[3]);
			argv += 2;
			argc -= 2;
		}
		if (argc == 4 || argc == 5)
			return cmd_add(strtoul(argv[2], NULL, 0), argv[3],
				       argc == 5 ? strtoul(argv[4], NULL, 0) :
				       0, with);
	}
	if (!strcmp(argv[1], "dump") && argc == 2)
		return cmd_dump();
	usage();
	return 2;
}
