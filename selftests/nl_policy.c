// SPDX-License-Identifier: GPL-2.0
/*
 * nl_policy: raw generic netlink requests to the l2ra family, bypassing
 * l2ractl's own checks, and the errors the kernel answers them with.
 *
 *   nl_policy [-b BRIDGE] [-p PORT] [-q PORT2] [-x OTHER]
 *	every attribute of every command out of range, of the wrong type or
 *	where it does not belong; device naming errors; strict validation;
 *	duplicate circuit-ids.  A rejected request must carry the expected
 *	errno and an extended ACK message (NLMSGERR_ATTR_MSG) and, when one
 *	attribute is at fault, NLMSGERR_ATTR_OFFS pointing at it.
 *	BRIDGE (br0) is a bridge with ports PORT (vp0) and PORT2 (vp1);
 *	OTHER (lo) is neither a bridge nor a port.  Changes their l2ra
 *	configuration.
 *
 *   nl_policy -m perm [-b BRIDGE] [-p PORT]
 *	every mutating command must fail with EPERM (run without
 *	CAP_NET_ADMIN over the network namespace), reading must work.
 *
 * Prints "ok N - desc" or "not ok N - desc: got errno X msg 'Y'" per case,
 * a "#" line with what the kernel said, and the plan "1..N" last; exits 1
 * if any case failed, 2 on a usage or setup error.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/l2ra.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef NLM_F_CAPPED
#define NLM_F_CAPPED	0x100
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS	0x200
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK	11
#endif
#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

/* What a case requires of the answer besides the errno. */
#define NEED_MSG	0x1	/* an extack message */
#define NEED_OFFS	0x2	/* NLMSGERR_ATTR_OFFS at the marked attribute */
#define NEED_ANY_OFFS	0x4	/* NLMSGERR_ATTR_OFFS, at any attribute */

static struct nl_sock *sk;
static int family;
static unsigned int n_case, n_fail;
static int bad_off;		/* offset of the marked attribute, -1: none */

/* The answer to one request. */
struct answer {
	int error;		/* 0 or a negative errno */
	char msg[256];		/* NLMSGERR_ATTR_MSG, "" if none */
	int offs;		/* NLMSGERR_ATTR_OFFS, -1 if none */
	unsigned int replies;	/* data messages before the ACK/DONE */
	bool in_done;		/* the error came in NLMSG_DONE */
	uint8_t role;		/* L2RA_A_ROLE of the last reply, 0xff if none */
	/* and its L2RA_A_SOURCE_GUARD, ARP_GUARD (0xff if none) */
	uint8_t source_guard, arp_guard;
	uint32_t lease_flags;	/* L2RA_A_LEASE_FLAGS, 0 if none */
	uint32_t expires;	/* L2RA_A_EXPIRES, 0 if none */
};

static const char *errname(int e)
{
	static char buf[16];

	switch (e) {
	case 0: return "0";
	case EINVAL: return "EINVAL";
	case ERANGE: return "ERANGE";
	case ENODEV: return "ENODEV";
	case ENOENT: return "ENOENT";
	case EEXIST: return "EEXIST";
	case EPERM: return "EPERM";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EMSGSIZE: return "EMSGSIZE";
	case ENOMEM: return "ENOMEM";
	case ENOBUFS: return "ENOBUFS";
	default:
		snprintf(buf, sizeof(buf), "%d", e);
		return buf;
	}
}

static struct nl_msg *req(uint8_t cmd, int flags)
{
	struct nl_msg *m = nlmsg_alloc();

	if (!m || !genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags,
			       cmd, L2RA_GENL_VERSION)) {
		fprintf(stderr, "nl_policy: cannot build a message\n");
		exit(2);
	}
	bad_off = -1;
	return m;
}

/* Add an attribute of @len octets; returns its offset in the message. */
static int put(struct nl_msg *m, int type, const void *data, int len)
{
	struct nlattr *a = nla_reserve(m, type, len);

	if (!a) {
		fprintf(stderr, "nl_policy: message too small\n");
		exit(2);
	}
	if (len)
		memcpy(nla_data(a), data, len);
	return (int)((char *)a - (char *)nlmsg_hdr(m));
}

static int put_u8(struct nl_msg *m, int type, uint8_t v)
{
	return put(m, type, &v, 1);
}

static int put_u32(struct nl_msg *m, int type, uint32_t v)
{
	return put(m, type, &v, 4);
}

static int put_str(struct nl_msg *m, int type, const char *s)
{
	return put(m, type, s, (int)strlen(s) + 1);
}

/* @n octets of @c. */
static int put_fill(struct nl_msg *m, int type, int c, int n)
{
	char buf[512];

	memset(buf, c, (size_t)n);
	return put(m, type, buf, n);
}

static int put_text(struct nl_msg *m, int type, const char *s)
{
	return put(m, type, s, (int)strlen(s));
}

/* The marked attribute: the one the error must point at. */
static void mark(int off)
{
	bad_off = off;
}

/* The extack TLVs from @attr to the end of @nlh. */
static void parse_tlvs(struct nlmsghdr *nlh, struct nlattr *attr,
		       struct answer *a)
{
	char *end = (char *)nlh + nlh->nlmsg_len;
	int rem;

	if ((char *)attr >= end)
		return;
	rem = (int)(end - (char *)attr);
	for (; nla_ok(attr, rem); attr = nla_next(attr, &rem)) {
		switch (nla_type(attr)) {
		case NLMSGERR_ATTR_MSG:
			snprintf(a->msg, sizeof(a->msg), "%.*s",
				 nla_len(attr), (char *)nla_data(attr));
			a->msg[strcspn(a->msg, "\n")] = 0;
			break;
		case NLMSGERR_ATTR_OFFS:
			if (nla_len(attr) >= 4)
				a->offs = (int)nla_get_u32(attr);
			break;
		default:
			break;
		}
	}
}

static void parse_error(struct nlmsghdr *nlh, struct answer *a)
{
	struct nlmsgerr *e = nlmsg_data(nlh);
	size_t orig;

	a->error = e->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	orig = nlh->nlmsg_flags & NLM_F_CAPPED ? sizeof(struct nlmsghdr) :
						 e->msg.nlmsg_len;
	parse_tlvs(nlh, (struct nlattr *)((char *)&e->msg + NLMSG_ALIGN(orig)),
		   a);
}

/* NLMSG_DONE of a dump: the dump's status, then extack TLVs if any. */
static void parse_done(struct nlmsghdr *nlh, struct answer *a)
{
	if (nlmsg_datalen(nlh) < (int)sizeof(int))
		return;
	a->error = *(int *)nlmsg_data(nlh);
	a->in_done = true;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		parse_tlvs(nlh, (struct nlattr *)((char *)nlmsg_data(nlh) +
						  NLMSG_ALIGN(sizeof(int))), a);
}

static void parse_reply(struct nlmsghdr *nlh, struct answer *a)
{
	struct nlattr *tb[L2RA_A_MAX + 1];

	a->replies++;
	if (genlmsg_parse(nlh, 0, tb, L2RA_A_MAX, NULL))
		return;
	if (tb[L2RA_A_ROLE])
		a->role = nla_get_u8(tb[L2RA_A_ROLE]);
	if (tb[L2RA_A_SOURCE_GUARD])
		a->source_guard = nla_get_u8(tb[L2RA_A_SOURCE_GUARD]);
	if (tb[L2RA_A_ARP_GUARD])
		a->arp_guard = nla_get_u8(tb[L2RA_A_ARP_GUARD]);
	if (tb[L2RA_A_LEASE_FLAGS])
		a->lease_flags = nla_get_u32(tb[L2RA_A_LEASE_FLAGS]);
	if (tb[L2RA_A_EXPIRES])
		a->expires = nla_get_u32(tb[L2RA_A_EXPIRES]);
}

/* Send @m (freed) and read everything up to the ACK, error or DONE. */
static void transact(struct nl_msg *m, struct answer *a)
{
	struct sockaddr_nl peer;
	unsigned char *buf = NULL;
	struct nlmsghdr *nlh;
	bool done = false;
	int n;

	memset(a, 0, sizeof(*a));
	a->offs = -1;
	a->role = 0xff;
	a->source_guard = 0xff;
	a->arp_guard = 0xff;
	if (nl_send_auto(sk, m) < 0) {
		fprintf(stderr, "nl_policy: send failed\n");
		exit(2);
	}
	nlmsg_free(m);
	while (!done) {
		n = nl_recv(sk, &peer, &buf, NULL);
		if (n <= 0) {
			fprintf(stderr, "nl_policy: receive failed: %s\n",
				nl_geterror(n));
			exit(2);
		}
		for (nlh = (struct nlmsghdr *)buf; nlmsg_ok(nlh, n);
		     nlh = nlmsg_next(nlh, &n)) {
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				parse_error(nlh, a);
				done = true;
				break;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				parse_done(nlh, a);
				done = true;
				break;
			}
			if (nlh->nlmsg_type == family)
				parse_reply(nlh, a);
		}
		free(buf);
		buf = NULL;
	}
}

/*
 * Send @m and check the answer: errno @want (positive, 0 for success) and
 * what @need asks for.  Returns the answer for further checks.
 */
static struct answer expect(struct nl_msg *m, int want, unsigned int need,
			    const char *fmt, ...)
{
	char desc[200], why[160] = "";
	int marked = bad_off;
	struct answer a;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	transact(m, &a);
	n_case++;

	if (-a.error != want)
		snprintf(why, sizeof(why), "want errno %s", errname(want));
	else if (want && (need & NEED_MSG) && !a.msg[0])
		snprintf(why, sizeof(why), "no extack message");
	/*
	 * A dump rejected after it started (kernels before 6.5 cannot reject
	 * it in .start with an extack) reports in NLMSG_DONE, which carries
	 * the message but has no room for the attribute offset there.
	 */
	else if (want && (need & NEED_OFFS) && a.offs != marked &&
		 !(a.in_done && a.offs < 0))
		snprintf(why, sizeof(why),
			 "extack offset %d, the attribute is at %d", a.offs,
			 marked);
	else if (want && (need & NEED_ANY_OFFS) && a.offs < 0)
		snprintf(why, sizeof(why), "no extack offset");

	if (why[0]) {
		n_fail++;
		printf("not ok %u - %s: got errno %s msg '%s' (%s)\n", n_case,
		       desc, errname(-a.error), a.msg, why);
	} else {
		printf("ok %u - %s\n", n_case, desc);
	}
	printf("#   errno %s msg '%s' offs %d\n", errname(-a.error), a.msg,
	       a.offs);
	return a;
}

/* A plain pass/fail line for checks that are not one request. */
static void report(bool ok, const char *fmt, ...)
{
	char desc[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	n_case++;
	if (!ok)
		n_fail++;
	printf("%s %u - %s\n", ok ? "ok" : "not ok", n_case, desc);
}

static uint32_t ifindex_of(const char *name)
{
	uint32_t i = if_nametoindex(name);

	if (!i) {
		fprintf(stderr, "nl_policy: no interface %s\n", name);
		exit(2);
	}
	return i;
}

static const char *br, *p0, *p1, *other;
static uint32_t br_i, p0_i, p1_i, other_i;

/* A request naming device @i by index. */
static struct nl_msg *req_dev(uint8_t cmd, uint32_t i)
{
	struct nl_msg *m = req(cmd, 0);

	put_u32(m, L2RA_A_IFINDEX, i);
	return m;
}

static void positive_controls(void)
{
	struct nl_msg *m;
	struct answer a;

	m = req(L2RA_CMD_BRIDGE_SET, 0);
	put_str(m, L2RA_A_IFNAME, br);
	put_u8(m, L2RA_A_ENABLED, 1);
	expect(m, 0, 0, "bridge set %s enabled 1 (by name) accepted", br);

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	put_u8(m, L2RA_A_ROLE, L2RA_ROLE_TRUSTED);
	expect(m, 0, 0, "port set %s role trusted (by index) accepted", p0);

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	put_u8(m, L2RA_A_ROLE, L2RA_ROLE_UNTRUSTED);
	put_u8(m, L2RA_A_OPT82_POLICY, L2RA_OPT82_MAX);
	put_u8(m, L2RA_A_UNICAST, 0);
	put_u8(m, L2RA_A_CHADDR_CHECK, 0);
	expect(m, 0, 0, "port set every u8 at its maximum/minimum accepted");

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	put_u32(m, L2RA_A_XID_MAX, L2RA_XID_TABLE_SIZE);
	put_u32(m, L2RA_A_RATE, L2RA_RATE_MAX);
	put_u32(m, L2RA_A_BURST, L2RA_BURST_MAX);
	expect(m, 0, 0, "port set xid-max, rate, burst at their maximum accepted");

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	put_u32(m, L2RA_A_XID_MAX, 0);
	put_u32(m, L2RA_A_RATE, 0);
	put_u32(m, L2RA_A_BURST, 1);
	expect(m, 0, 0, "port set xid-max 0, rate 0, burst 1 accepted");

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	put_fill(m, L2RA_A_CIRCUIT_ID, 'c', L2RA_CIRCUIT_ID_MAX);
	expect(m, 0, 0, "port set circuit-id of %d octets accepted",
	       L2RA_CIRCUIT_ID_MAX);

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	put_fill(m, L2RA_A_REMOTE_ID, 'r', L2RA_REMOTE_ID_MAX);
	expect(m, 0, 0, "port set remote-id of %d octets accepted",
	       L2RA_REMOTE_ID_MAX);

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	put(m, L2RA_A_CIRCUIT_ID, NULL, 0);
	put(m, L2RA_A_REMOTE_ID, NULL, 0);
	expect(m, 0, 0, "port set empty circuit-id and remote-id (defaults) accepted");

	m = req_dev(L2RA_CMD_BRIDGE_SET, br_i);
	put(m, L2RA_A_RELAY_ID, "\x00\x04\x01", L2RA_RELAY_ID_MIN);
	expect(m, 0, 0, "bridge set relay-id of %d octets accepted",
	       L2RA_RELAY_ID_MIN);

	m = req_dev(L2RA_CMD_BRIDGE_SET, br_i);
	put_fill(m, L2RA_A_RELAY_ID, 4, L2RA_RELAY_ID_MAX);
	expect(m, 0, 0, "bridge set relay-id of %d octets accepted",
	       L2RA_RELAY_ID_MAX);

	m = req_dev(L2RA_CMD_BRIDGE_SET, br_i);
	put(m, L2RA_A_RELAY_ID, NULL, 0);
	put_fill(m, L2RA_A_REMOTE_ID, 'R', L2RA_REMOTE_ID_MAX);
	expect(m, 0, 0, "bridge set empty relay-id, remote-id of %d octets accepted",
	       L2RA_REMOTE_ID_MAX);

	m = req_dev(L2RA_CMD_PORT_GET, p0_i);
	a = expect(m, 0, 0, "port get %s answers", p0);
	report(a.replies == 1 && a.role == L2RA_ROLE_UNTRUSTED,
	       "port get %s: one reply, role untrusted (got %u replies, role %u)",
	       p0, a.replies, a.role);

	m = req(L2RA_CMD_STATS_GET, 0);
	a = expect(m, 0, 0, "stats get (namespace) answers");
	report(a.replies == 1, "stats get: one reply (got %u)", a.replies);
}

static void out_of_range(void)
{
	struct nl_msg *m;

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	mark(put_u8(m, L2RA_A_ROLE, 2));
	expect(m, ERANGE, NEED_MSG | NEED_OFFS, "port set role 2 rejected");

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	mark(put_u8(m, L2RA_A_ROLE, 255));
	expect(m, ERANGE, NEED_MSG | NEED_OFFS, "port set role 255 rejected");

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	mark(put_u8(m, L2RA_A_OPT82_POLICY, 3));
	expect(m, ERANGE, NEED_MSG | NEED_OFFS, "port set opt82 policy 3 rejected");

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	mark(put_u8(m, L2RA_A_UNICAST, 2));
	expect(m, ERANGE, NEED_MSG | NEED_OFFS, "port set unicast 2 rejected");

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	mark(put_u8(m, L2RA_A_CHADDR_CHECK, 2));
	expect(m, ERANGE, NEED_MSG | NEED_OFFS, "port set chaddr-check 2 rejected");

	m = req_dev(L2RA_CMD_BRIDGE_SET, br_i);
	mark(put_u8(m, L2RA_A_ENABLED, 2));
	expect(m, ERANGE, NEED_MSG | NEED_OFFS, "bridge set enabled 2 rejected");

	m = req_dev(L2RA_CMD_BRIDGE_SET, br_i);
	mark(put_u8(m, L2RA_A_RELAY6, 2));
	expect(m, ERANGE, NEED_MSG | NEED_OFFS, "bridge set relay6 2 rejected");

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	mark(put_u32(m, L2RA_A_XID_MAX, L2RA_XID_TABLE_SIZE + 1));
	expect(m, ERANGE, NEED_MSG | NEED_OFFS, "port set xid-max %d rejected",
	       L2RA_XID_TABLE_SIZE + 1);

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	mark(put_u32(m, L2RA_A_RATE, L2RA_RATE_MAX + 1));
	expect(m, ERANGE, NEED_MSG | NEED_OFFS, "port set rate %d rejected",
	       L2RA_RATE_MAX + 1);

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	mark(put_u32(m, L2RA_A_BURST, 0));
	expect(m, ERANGE, NEED_MSG | NEED_OFFS, "port set burst 0 rejected");

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	mark(put_u32(m, L2RA_A_BURST, L2RA_BURST_MAX + 1));
	expect(m, ERANGE, NEED_MSG | NEED_OFFS, "port set burst %d rejected",
	       L2RA_BURST_MAX + 1);

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	mark(put_fill(m, L2RA_A_CIRCUIT_ID, 'c', L2RA_CIRCUIT_ID_MAX + 1));
	expect(m, ERANGE, NEED_MSG | NEED_OFFS,
	       "port set circuit-id of 64 octets rejected");

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	mark(put_fill(m, L2RA_A_REMOTE_ID, 'r', L2RA_REMOTE_ID_MAX + 1));
	expect(m, ERANGE, NEED_MSG | NEED_OFFS,
	       "port set remote-id of 64 octets rejected");

	m = req_dev(L2RA_CMD_BRIDGE_SET, br_i);
	mark(put_fill(m, L2RA_A_REMOTE_ID, 'r', L2RA_REMOTE_ID_MAX + 1));
	expect(m, ERANGE, NEED_MSG | NEED_OFFS,
	       "bridge set remote-id of 64 octets rejected");

	m = req_dev(L2RA_CMD_BRIDGE_SET, br_i);
	mark(put(m, L2RA_A_RELAY_ID, "\x00\x04", 2));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "bridge set relay-id of 2 octets rejected");

	m = req_dev(L2RA_CMD_BRIDGE_SET, br_i);
	mark(put(m, L2RA_A_RELAY_ID, "\x00", 1));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "bridge set relay-id of 1 octet rejected");

	m = req_dev(L2RA_CMD_BRIDGE_SET, br_i);
	mark(put_fill(m, L2RA_A_RELAY_ID, 4, L2RA_RELAY_ID_MAX + 1));
	expect(m, ERANGE, NEED_MSG | NEED_OFFS,
	       "bridge set relay-id of 65 octets rejected");
}

static void wrong_type(void)
{
	uint64_t u64 = p0_i;
	uint16_t u16 = (uint16_t)p0_i;
	uint32_t two = 1;
	struct nl_msg *m;

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	mark(put_u32(m, L2RA_A_ROLE, 1));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS, "port set role as a u32 rejected");

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	mark(put(m, L2RA_A_ROLE, NULL, 0));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS, "port set empty role rejected");

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	mark(put(m, L2RA_A_OPT82_POLICY, &two, 2));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "port set opt82 policy of 2 octets rejected");

	m = req_dev(L2RA_CMD_BRIDGE_SET, br_i);
	mark(put_u32(m, L2RA_A_ENABLED, 1));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS, "bridge set enabled as a u32 rejected");

	m = req(L2RA_CMD_PORT_SET, 0);
	mark(put_u8(m, L2RA_A_IFINDEX, (uint8_t)p0_i));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS, "port set ifindex as a u8 rejected");

	m = req(L2RA_CMD_PORT_SET, 0);
	mark(put(m, L2RA_A_IFINDEX, &u16, 2));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS, "port set ifindex as a u16 rejected");

	m = req(L2RA_CMD_PORT_SET, 0);
	mark(put(m, L2RA_A_IFINDEX, &u64, 8));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS, "port set ifindex as a u64 rejected");

	m = req(L2RA_CMD_PORT_SET, 0);
	mark(put_text(m, L2RA_A_IFNAME, p0));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "port set ifname without its NUL rejected");

	m = req(L2RA_CMD_PORT_SET, 0);
	mark(put_str(m, L2RA_A_IFNAME, "abcdefghijklmnop"));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "port set ifname of 16 characters rejected");

	m = req(L2RA_CMD_BRIDGE_SET, 0);
	mark(put_str(m, L2RA_A_IFNAME, "abcdefghijklmnopqrstuvwxyz"));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "bridge set ifname of 26 characters rejected");

	m = req(L2RA_CMD_STATS_GET, 0);
	mark(put_str(m, L2RA_A_IFNAME, "abcdefghijklmnop"));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "stats get ifname of 16 characters rejected");

	m = req(L2RA_CMD_PORT_SET, 0);
	mark(put(m, L2RA_A_IFNAME, NULL, 0));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS, "port set empty ifname attribute rejected");
}

static void device_naming(void)
{
	struct nl_msg *m;

	m = req(L2RA_CMD_PORT_SET, 0);
	put_u32(m, L2RA_A_IFINDEX, p0_i);
	put_str(m, L2RA_A_IFNAME, p0);
	expect(m, EINVAL, NEED_MSG | NEED_ANY_OFFS,
	       "port set with both IFINDEX and IFNAME rejected");

	m = req(L2RA_CMD_BRIDGE_SET, 0);
	put_u32(m, L2RA_A_IFINDEX, br_i);
	put_str(m, L2RA_A_IFNAME, br);
	expect(m, EINVAL, NEED_MSG | NEED_ANY_OFFS,
	       "bridge set with both IFINDEX and IFNAME rejected");

	m = req(L2RA_CMD_PORT_SET, 0);
	put_u8(m, L2RA_A_ROLE, 1);
	expect(m, EINVAL, NEED_MSG, "port set without a device rejected");

	m = req(L2RA_CMD_PORT_DEL, 0);
	expect(m, EINVAL, NEED_MSG, "port del without a device rejected");

	m = req(L2RA_CMD_BRIDGE_SET, 0);
	put_u8(m, L2RA_A_ENABLED, 1);
	expect(m, EINVAL, NEED_MSG, "bridge set without a device rejected");

	m = req(L2RA_CMD_BRIDGE_DEL, 0);
	expect(m, EINVAL, NEED_MSG, "bridge del without a device rejected");

	m = req(L2RA_CMD_PORT_GET, 0);
	expect(m, EINVAL, NEED_MSG, "port get (no dump) without a device rejected");

	m = req(L2RA_CMD_PORT_SET, 0);
	mark(put_u32(m, L2RA_A_IFINDEX, 999999));
	expect(m, ENODEV, NEED_MSG | NEED_OFFS, "port set ifindex 999999 rejected");

	m = req(L2RA_CMD_PORT_SET, 0);
	mark(put_u32(m, L2RA_A_IFINDEX, 0));
	expect(m, ENODEV, NEED_MSG | NEED_OFFS, "port set ifindex 0 rejected");

	m = req(L2RA_CMD_BRIDGE_SET, 0);
	mark(put_u32(m, L2RA_A_IFINDEX, 0xffffffff));
	expect(m, ENODEV, NEED_MSG | NEED_OFFS,
	       "bridge set ifindex 0xffffffff rejected");

	m = req(L2RA_CMD_PORT_SET, 0);
	mark(put_str(m, L2RA_A_IFNAME, "abcdefghijklmno"));
	expect(m, ENODEV, NEED_MSG | NEED_OFFS,
	       "port set unknown ifname of 15 characters (longest) gives ENODEV");

	m = req(L2RA_CMD_PORT_SET, 0);
	mark(put_str(m, L2RA_A_IFNAME, ""));
	expect(m, ENODEV, NEED_MSG | NEED_OFFS, "port set ifname \"\" gives ENODEV");

	m = req(L2RA_CMD_PORT_SET, 0);
	mark(put_u32(m, L2RA_A_IFINDEX, other_i));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "port set on %s (not a bridge port) rejected", other);

	m = req(L2RA_CMD_PORT_SET, 0);
	mark(put_str(m, L2RA_A_IFNAME, br));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "port set on %s (the bridge itself) rejected", br);

	m = req(L2RA_CMD_BRIDGE_SET, 0);
	mark(put_u32(m, L2RA_A_IFINDEX, other_i));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "bridge set on %s (not a bridge) rejected", other);

	m = req(L2RA_CMD_BRIDGE_SET, 0);
	mark(put_str(m, L2RA_A_IFNAME, p0));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "bridge set on %s (a bridge port) rejected", p0);

	m = req(L2RA_CMD_PORT_DEL, 0);
	mark(put_u32(m, L2RA_A_IFINDEX, p1_i));
	expect(m, ENOENT, NEED_MSG | NEED_OFFS,
	       "port del %s (no entry) gives ENOENT", p1);

	m = req(L2RA_CMD_PORT_GET, 0);
	mark(put_u32(m, L2RA_A_IFINDEX, p1_i));
	expect(m, ENOENT, NEED_MSG | NEED_OFFS,
	       "port get %s (no entry) gives ENOENT", p1);

	m = req(L2RA_CMD_STATS_GET, 0);
	mark(put_u32(m, L2RA_A_IFINDEX, p1_i));
	expect(m, ENOENT, NEED_MSG | NEED_OFFS,
	       "stats get %s (no entry) gives ENOENT", p1);

	m = req(L2RA_CMD_BRIDGE_GET, 0);
	mark(put_u32(m, L2RA_A_IFINDEX, other_i));
	expect(m, ENOENT, NEED_MSG | NEED_OFFS,
	       "bridge get %s (unconfigured) gives ENOENT", other);

	m = req(L2RA_CMD_BRIDGE_DEL, 0);
	mark(put_u32(m, L2RA_A_IFINDEX, other_i));
	expect(m, ENOENT, NEED_MSG | NEED_OFFS,
	       "bridge del %s (unconfigured) gives ENOENT", other);

	m = req(L2RA_CMD_PORT_DEL, 0);
	mark(put_u32(m, L2RA_A_IFINDEX, 999999));
	expect(m, ENODEV, NEED_MSG | NEED_OFFS, "port del ifindex 999999 rejected");
}

static void strict_validation(void)
{
	static const struct {
		uint8_t cmd;
		const char *cname;
		int type;
		const char *aname;
	} misplaced[] = {
		{ L2RA_CMD_PORT_SET, "port set", L2RA_A_STATS, "STATS" },
		{ L2RA_CMD_PORT_SET, "port set", L2RA_A_PAD, "PAD" },
		{ L2RA_CMD_PORT_SET, "port set", L2RA_A_ENABLED, "ENABLED" },
		{ L2RA_CMD_PORT_SET, "port set", L2RA_A_RELAY_ID, "RELAY_ID" },
		{ L2RA_CMD_PORT_SET, "port set", L2RA_A_DEFAULTS, "DEFAULTS" },
		{ L2RA_CMD_PORT_SET, "port set", L2RA_A_BRIDGE_IFINDEX,
		  "BRIDGE_IFINDEX" },
		{ L2RA_CMD_BRIDGE_SET, "bridge set", L2RA_A_ROLE, "ROLE" },
		{ L2RA_CMD_BRIDGE_SET, "bridge set", L2RA_A_CIRCUIT_ID,
		  "CIRCUIT_ID" },
		{ L2RA_CMD_BRIDGE_SET, "bridge set", L2RA_A_BRIDGE_IFINDEX,
		  "BRIDGE_IFINDEX" },
		{ L2RA_CMD_PORT_DEL, "port del", L2RA_A_ROLE, "ROLE" },
		{ L2RA_CMD_BRIDGE_DEL, "bridge del", L2RA_A_ENABLED, "ENABLED" },
		{ L2RA_CMD_PORT_GET, "port get", L2RA_A_CIRCUIT_ID, "CIRCUIT_ID" },
		{ L2RA_CMD_BRIDGE_GET, "bridge get", L2RA_A_RELAY_ID, "RELAY_ID" },
		{ L2RA_CMD_STATS_GET, "stats get", L2RA_A_ROLE, "ROLE" },
	};
	uint32_t dev;
	struct nl_msg *m;
	unsigned int i;
	uint32_t zero = 0;

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	mark(put_u8(m, 200, 1));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "port set with unknown attribute type 200 rejected");

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	mark(put_u8(m, __L2RA_A_MAX, 1));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "port set with attribute type L2RA_A_MAX + 1 rejected");

	m = req_dev(L2RA_CMD_BRIDGE_GET, br_i);
	mark(put_u8(m, 0x7fff, 1));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "bridge get with unknown attribute type 0x7fff rejected");

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	mark(put_u8(m, 0, 1));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "port set with attribute type 0 rejected");

	for (i = 0; i < sizeof(misplaced) / sizeof(misplaced[0]); i++) {
		switch (misplaced[i].cmd) {
		case L2RA_CMD_BRIDGE_SET:
		case L2RA_CMD_BRIDGE_DEL:
		case L2RA_CMD_BRIDGE_GET:
			dev = br_i;
			break;
		default:
			dev = p0_i;
			break;
		}
		m = req_dev(misplaced[i].cmd, dev);
		mark(put_u32(m, misplaced[i].type, 0));
		expect(m, EINVAL, NEED_MSG | NEED_OFFS,
		       "%s with L2RA_A_%s (not its attribute) rejected",
		       misplaced[i].cname, misplaced[i].aname);
	}

	m = req_dev(L2RA_CMD_PORT_GET, p0_i);
	mark(put_u32(m, L2RA_A_BRIDGE_IFINDEX, br_i));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "port get (no dump) with BRIDGE_IFINDEX rejected");

	m = req(L2RA_CMD_PORT_GET, NLM_F_DUMP);
	mark(put_u32(m, L2RA_A_IFINDEX, p0_i));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS, "port dump with IFINDEX rejected");

	m = req(L2RA_CMD_BRIDGE_GET, NLM_F_DUMP);
	mark(put_str(m, L2RA_A_IFNAME, br));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS, "bridge dump with IFNAME rejected");

	m = req(L2RA_CMD_STATS_GET, NLM_F_DUMP);
	mark(put_u32(m, L2RA_A_IFINDEX, p0_i));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS, "stats dump with IFINDEX rejected");

	m = req(L2RA_CMD_PORT_GET, NLM_F_DUMP);
	mark(put_u32(m, L2RA_A_BRIDGE_IFINDEX, other_i));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "port dump filtered by %s (not a bridge) rejected", other);

	m = req(L2RA_CMD_PORT_GET, NLM_F_DUMP);
	mark(put_u32(m, L2RA_A_BRIDGE_IFINDEX, 999999));
	expect(m, ENODEV, NEED_MSG | NEED_OFFS,
	       "port dump filtered by ifindex 999999 rejected");

	m = req(L2RA_CMD_PORT_GET, NLM_F_DUMP);
	mark(put_u8(m, L2RA_A_BRIDGE_IFINDEX, 1));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "port dump with BRIDGE_IFINDEX as a u8 rejected");

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	put_u8(m, L2RA_A_ROLE, 0);
	if (!nlmsg_reserve(m, 4, 4)) {
		fprintf(stderr, "nl_policy: message too small\n");
		exit(2);
	}
	expect(m, EINVAL, NEED_MSG,
	       "port set with 4 stray octets after the attributes rejected");

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	((struct genlmsghdr *)nlmsg_data(nlmsg_hdr(m)))->reserved = 1;
	expect(m, EINVAL, NEED_MSG,
	       "port set with genlmsghdr.reserved set rejected");

	m = req(L2RA_CMD_PORT_SET, NLM_F_CREATE | NLM_F_EXCL);
	put_u32(m, L2RA_A_IFINDEX, p0_i);
	expect(m, EINVAL, NEED_MSG,
	       "port set with NLM_F_CREATE|NLM_F_EXCL rejected");

	m = req(__L2RA_CMD_MAX, 0);
	expect(m, EOPNOTSUPP, 0, "unknown command %d rejected", __L2RA_CMD_MAX);

	m = req(L2RA_CMD_UNSPEC, 0);
	expect(m, EOPNOTSUPP, 0, "command 0 (UNSPEC) rejected");

	/* a nested attribute where a u32 is expected */
	m = req(L2RA_CMD_PORT_SET, 0);
	{
		struct nlattr *nest = nla_nest_start(m, L2RA_A_IFINDEX);

		mark((int)((char *)nest - (char *)nlmsg_hdr(m)));
		put(m, 1, &zero, 4);
		nla_nest_end(m, nest);
	}
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "port set IFINDEX sent as a nested attribute rejected");
}

/* The role of @dev's entry as PORT_GET reports it, 0xff if none. */
static uint8_t role_of(uint32_t dev)
{
	struct answer a;

	transact(req_dev(L2RA_CMD_PORT_GET, dev), &a);
	return a.error ? 0xff : a.role;
}

static void circuit_ids(void)
{
	char def0[64], def0v[64];
	struct nl_msg *m;

	snprintf(def0, sizeof(def0), "%s:%s", br, p0);
	snprintf(def0v, sizeof(def0v), "%s:%s:100", br, p0);

	/* p0 has the default circuit-id "<br>:<p0>" here. */
	m = req_dev(L2RA_CMD_PORT_SET, p1_i);
	mark(put_text(m, L2RA_A_CIRCUIT_ID, def0));
	expect(m, EEXIST, NEED_MSG | NEED_OFFS,
	       "port set %s circuit-id \"%s\" (%s's default) rejected", p1,
	       def0, p0);

	m = req_dev(L2RA_CMD_PORT_SET, p1_i);
	mark(put_text(m, L2RA_A_CIRCUIT_ID, def0v));
	expect(m, EEXIST, NEED_MSG | NEED_OFFS,
	       "port set %s circuit-id \"%s\" (%s's default in VLAN 100) rejected",
	       p1, def0v, p0);

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	put_text(m, L2RA_A_CIRCUIT_ID, "dup-1");
	expect(m, 0, 0, "port set %s circuit-id \"dup-1\" accepted", p0);

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	put_text(m, L2RA_A_CIRCUIT_ID, "dup-1");
	expect(m, 0, 0, "port set %s circuit-id \"dup-1\" again (its own) accepted",
	       p0);

	m = req_dev(L2RA_CMD_PORT_SET, p1_i);
	put_u8(m, L2RA_A_ROLE, L2RA_ROLE_TRUSTED);
	mark(put_text(m, L2RA_A_CIRCUIT_ID, "dup-1"));
	expect(m, EEXIST, NEED_MSG | NEED_OFFS,
	       "port set %s circuit-id \"dup-1\" (%s's) rejected", p1, p0);
	report(role_of(p1_i) == 0xff,
	       "the rejected request created no entry for %s", p1);

	m = req_dev(L2RA_CMD_PORT_SET, p1_i);
	put_text(m, L2RA_A_CIRCUIT_ID, "dup-2");
	expect(m, 0, 0, "port set %s circuit-id \"dup-2\" accepted", p1);

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	put_u8(m, L2RA_A_ROLE, L2RA_ROLE_TRUSTED);
	mark(put_text(m, L2RA_A_CIRCUIT_ID, "dup-2"));
	expect(m, EEXIST, NEED_MSG | NEED_OFFS,
	       "port set %s circuit-id \"dup-2\" (%s's) rejected", p0, p1);
	report(role_of(p0_i) == L2RA_ROLE_UNTRUSTED,
	       "the rejected request left %s's role alone", p0);

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	put_u8(m, L2RA_A_ROLE, L2RA_ROLE_TRUSTED);
	mark(put_u8(m, L2RA_A_OPT82_POLICY, 7));
	expect(m, ERANGE, NEED_MSG | NEED_OFFS,
	       "port set role trusted + opt82 policy 7 rejected");
	report(role_of(p0_i) == L2RA_ROLE_UNTRUSTED,
	       "a request rejected by policy changed nothing");
}

/* A LEASE_ADD of a static binding of @mac on p0 (or without the flag). */
static struct nl_msg *req_binding(const uint8_t *mac, uint32_t flags)
{
	struct nl_msg *m = req_dev(L2RA_CMD_LEASE_ADD, p0_i);
	uint32_t addr = htonl(0xc0000232);	/* 192.0.2.50 */

	put(m, L2RA_A_MAC, mac, 6);
	put(m, L2RA_A_ADDR, &addr, 4);
	if (flags)
		put_u32(m, L2RA_A_LEASE_FLAGS, flags);
	return m;
}

static struct nl_msg *req_lease_mac(uint8_t cmd, const uint8_t *mac)
{
	struct nl_msg *m = req(cmd, 0);

	put(m, L2RA_A_MAC, mac, 6);
	return m;
}

/* Source guard, ARP inspection and static bindings (issue 15). */
static void guard_and_bindings(void)
{
	static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0x15, 0x01 };
	struct nl_msg *m;
	struct answer a;

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	put_u8(m, L2RA_A_ROLE, L2RA_ROLE_UNTRUSTED);
	put_u8(m, L2RA_A_SOURCE_GUARD, L2RA_SOURCE_GUARD_MAX);
	put_u8(m, L2RA_A_ARP_GUARD, 1);
	expect(m, 0, 0, "port set source-guard ip-mac, arp-guard 1 accepted");

	a = expect(req_dev(L2RA_CMD_PORT_GET, p0_i), 0, 0, "port get %s answers",
		   p0);
	report(a.source_guard == L2RA_SOURCE_GUARD_IP_MAC && a.arp_guard == 1,
	       "port get reports source-guard ip-mac, arp-guard 1 (got %u, %u)",
	       a.source_guard, a.arp_guard);

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	mark(put_u8(m, L2RA_A_SOURCE_GUARD, L2RA_SOURCE_GUARD_MAX + 1));
	expect(m, ERANGE, NEED_MSG | NEED_OFFS, "port set source-guard %d rejected",
	       L2RA_SOURCE_GUARD_MAX + 1);

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	mark(put_u8(m, L2RA_A_ARP_GUARD, 2));
	expect(m, ERANGE, NEED_MSG | NEED_OFFS, "port set arp-guard 2 rejected");

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	mark(put_u32(m, L2RA_A_SOURCE_GUARD, L2RA_SOURCE_GUARD_IP));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "port set source-guard as a u32 rejected");

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	mark(put_u32(m, L2RA_A_LEASE_FLAGS, L2RA_LEASE_F_STATIC));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "port set with L2RA_A_LEASE_FLAGS (not its attribute) rejected");

	m = req_dev(L2RA_CMD_BRIDGE_SET, br_i);
	mark(put_u8(m, L2RA_A_SOURCE_GUARD, L2RA_SOURCE_GUARD_IP));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "bridge set with L2RA_A_SOURCE_GUARD (not its attribute) rejected");

	a = expect(req_dev(L2RA_CMD_PORT_GET, p0_i), 0, 0, "port get %s answers",
		   p0);
	report(a.source_guard == L2RA_SOURCE_GUARD_IP_MAC && a.arp_guard == 1,
	       "rejected requests left source-guard and arp-guard (got %u, %u)",
	       a.source_guard, a.arp_guard);

	m = req_dev(L2RA_CMD_PORT_SET, p0_i);
	put_u8(m, L2RA_A_SOURCE_GUARD, L2RA_SOURCE_GUARD_OFF);
	put_u8(m, L2RA_A_ARP_GUARD, 0);
	expect(m, 0, 0, "port set source-guard off, arp-guard 0 accepted");

	m = req_binding(mac, 0);
	expect(m, EINVAL, NEED_MSG,
	       "lease add without EXPIRES or the static flag rejected");

	m = req_binding(mac, 0);
	mark(put_u32(m, L2RA_A_LEASE_FLAGS, L2RA_LEASE_F_STATIC << 1));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "lease add with an unknown lease flag rejected");

	m = req_binding(mac, L2RA_LEASE_F_STATIC);
	expect(m, 0, 0, "lease add static without EXPIRES accepted");

	a = expect(req_lease_mac(L2RA_CMD_LEASE_GET, mac), 0, 0,
		   "lease get of the static binding answers");
	report(a.lease_flags == L2RA_LEASE_F_STATIC && a.expires == 0xffffffff,
	       "lease get: flags static, expires 0xffffffff (got %#x, %#x)",
	       a.lease_flags, a.expires);

	m = req_lease_mac(L2RA_CMD_LEASE_DEL, mac);
	mark(put_u32(m, L2RA_A_LEASE_FLAGS, L2RA_LEASE_F_STATIC));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "lease del with L2RA_A_LEASE_FLAGS (not its attribute) rejected");

	m = req_lease_mac(L2RA_CMD_LEASE_GET, mac);
	mark(put_u32(m, L2RA_A_LEASE_FLAGS, L2RA_LEASE_F_STATIC));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "lease get with L2RA_A_LEASE_FLAGS (not its attribute) rejected");

	m = req(L2RA_CMD_LEASE_GET, NLM_F_DUMP);
	mark(put_u32(m, L2RA_A_LEASE_FLAGS, L2RA_LEASE_F_STATIC));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "lease dump with L2RA_A_LEASE_FLAGS (not its attribute) rejected");

	m = req(L2RA_CMD_LEASE_FLUSH, 0);
	mark(put_u32(m, L2RA_A_LEASE_FLAGS, 0x80000000));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "lease flush with an unknown lease flag rejected");

	expect(req(L2RA_CMD_LEASE_FLUSH, 0), 0, 0, "lease flush accepted");
	expect(req_lease_mac(L2RA_CMD_LEASE_GET, mac), 0, 0,
	       "lease flush (no flags) left the static binding");

	m = req(L2RA_CMD_LEASE_FLUSH, 0);
	put_u32(m, L2RA_A_LEASE_FLAGS, L2RA_LEASE_F_STATIC);
	expect(m, 0, 0, "lease flush static accepted");
	expect(req_lease_mac(L2RA_CMD_LEASE_GET, mac), ENOENT, NEED_MSG,
	       "lease flush static removed the static binding");
}

/* A LEASE_ADD of the IPv6 binding @addr (/@plen if not 0) on p0, 300 s. */
static struct nl_msg *req_lease6(uint8_t cmd, const char *addr, uint8_t plen)
{
	struct nl_msg *m = cmd == L2RA_CMD_LEASE_ADD ?
			   req_dev(cmd, p0_i) : req(cmd, 0);
	uint8_t a[16];

	if (inet_pton(AF_INET6, addr, a) != 1) {
		fprintf(stderr, "nl_policy: bad address %s\n", addr);
		exit(2);
	}
	put(m, L2RA_A_ADDR6, a, 16);
	if (plen)
		put_u8(m, L2RA_A_PREFIX_LEN, plen);
	if (cmd == L2RA_CMD_LEASE_ADD)
		put_u32(m, L2RA_A_EXPIRES, 300);
	return m;
}

/* IPv6 bindings in the lease table (issue 13). */
static void lease6(void)
{
	struct nl_msg *m;
	struct answer a;

	m = req(L2RA_CMD_LEASE_GET, NLM_F_DUMP);
	mark(put_u8(m, L2RA_A_FAMILY, 3));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "lease dump with family 3 (neither AF_INET nor AF_INET6) rejected");

	m = req(L2RA_CMD_LEASE_GET, NLM_F_DUMP);
	mark(put_u8(m, L2RA_A_FAMILY, AF_INET6 + 1));
	expect(m, ERANGE, NEED_MSG | NEED_OFFS,
	       "lease dump with family AF_INET6 + 1 rejected");

	m = req(L2RA_CMD_LEASE_GET, NLM_F_DUMP);
	mark(put_u32(m, L2RA_A_FAMILY, AF_INET6));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "lease dump with family as a u32 rejected");

	m = req(L2RA_CMD_LEASE_GET, 0);
	mark(put_fill(m, L2RA_A_ADDR6, 0x20, 4));
	expect(m, ERANGE, NEED_MSG | NEED_OFFS,
	       "lease get with a 4-octet L2RA_A_ADDR6 rejected");

	m = req(L2RA_CMD_LEASE_GET, 0);
	mark(put_u8(m, L2RA_A_PREFIX_LEN, 56));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "lease get with PREFIX_LEN but no ADDR6 rejected");

	m = req(L2RA_CMD_LEASE_GET, NLM_F_DUMP);
	mark(put_fill(m, L2RA_A_ADDR6, 0x20, 16));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "lease dump with L2RA_A_ADDR6 (one binding) rejected");

	m = req_lease6(L2RA_CMD_LEASE_ADD, "2001:db8:100::", 0);
	mark(put_u8(m, L2RA_A_PREFIX_LEN, 0));
	expect(m, ERANGE, NEED_MSG | NEED_OFFS, "lease add prefix length 0 rejected");

	m = req_lease6(L2RA_CMD_LEASE_ADD, "2001:db8:100::", 0);
	mark(put_u8(m, L2RA_A_PREFIX_LEN, 129));
	expect(m, ERANGE, NEED_MSG | NEED_OFFS,
	       "lease add prefix length 129 rejected");

	m = req_lease6(L2RA_CMD_LEASE_ADD, "2001:db8:100::1", 0);
	mark(put_u8(m, L2RA_A_PREFIX_LEN, 56));
	expect(m, EINVAL, NEED_MSG | NEED_ANY_OFFS,
	       "lease add 2001:db8:100::1/56 (bits beyond the length) rejected");

	m = req_lease6(L2RA_CMD_LEASE_ADD, "ff02::1", 0);
	expect(m, EINVAL, NEED_MSG | NEED_ANY_OFFS,
	       "lease add of multicast ff02::1 rejected");

	m = req_lease6(L2RA_CMD_LEASE_ADD, "2001:db8::5", 0);
	mark(put_u32(m, L2RA_A_ADDR, htonl(0xc0000205)));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "lease add with ADDR6 and ADDR rejected");

	m = req_lease6(L2RA_CMD_LEASE_ADD, "2001:db8::5", 0);
	mark(put_u32(m, L2RA_A_SERVER_ID, htonl(0xc0000201)));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "lease add with ADDR6 and SERVER_ID rejected");

	m = req_lease6(L2RA_CMD_LEASE_ADD, "2001:db8::5", 0);
	mark(put_u32(m, L2RA_A_LEASE_FLAGS, L2RA_LEASE_F_STATIC));
	expect(m, EOPNOTSUPP, NEED_MSG | NEED_OFFS,
	       "lease add of a static IPv6 binding rejected");

	m = req_lease6(L2RA_CMD_LEASE_ADD, "2001:db8::5", 0);
	mark(put_u32(m, L2RA_A_PREFERRED, 301));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "lease add with PREFERRED above the valid lifetime rejected");

	m = req_lease6(L2RA_CMD_LEASE_DEL, "2001:db8::5", 0);
	mark(put_u32(m, L2RA_A_EXPIRES, 5));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "lease del with EXPIRES (not its attribute) rejected");

	m = req_lease6(L2RA_CMD_LEASE_ADD, "2001:db8:100::", 56);
	put_u32(m, L2RA_A_PREFERRED, 200);
	expect(m, 0, 0, "lease add 2001:db8:100::/56 dev %s accepted", p0);

	a = expect(req_lease6(L2RA_CMD_LEASE_GET, "2001:db8:100::", 56), 0, 0,
		   "lease get 2001:db8:100::/56 answers");
	report(a.replies == 1 && a.expires > 0 && a.expires <= 300,
	       "lease get: one binding, expires 1..300 (got %u, %u)",
	       a.replies, a.expires);
	expect(req_lease6(L2RA_CMD_LEASE_GET, "2001:db8:100::", 0), ENOENT,
	       NEED_MSG | NEED_ANY_OFFS,
	       "lease get 2001:db8:100:: (the address, not the /56) gives ENOENT");

	m = req(L2RA_CMD_LEASE_GET, NLM_F_DUMP);
	put_u8(m, L2RA_A_FAMILY, AF_INET6);
	a = expect(m, 0, 0, "lease dump family AF_INET6 answers");
	report(a.replies == 1, "lease dump family AF_INET6: 1 binding (got %u)",
	       a.replies);
	m = req(L2RA_CMD_LEASE_GET, NLM_F_DUMP);
	put_u8(m, L2RA_A_FAMILY, AF_INET);
	a = expect(m, 0, 0, "lease dump family AF_INET answers");
	report(a.replies == 0, "lease dump family AF_INET: no lease (got %u)",
	       a.replies);

	expect(req_lease6(L2RA_CMD_LEASE_DEL, "2001:db8:100::", 56), 0, 0,
	       "lease del 2001:db8:100::/56 accepted");
	expect(req_lease6(L2RA_CMD_LEASE_DEL, "2001:db8:100::", 56), ENOENT,
	       NEED_MSG | NEED_ANY_OFFS, "lease del 2001:db8:100::/56 again: ENOENT");
	expect(req_lease6(L2RA_CMD_LEASE_GET, "2001:db8:100::", 56), ENOENT,
	       NEED_MSG | NEED_ANY_OFFS, "lease get after del: ENOENT");
}

static void deletions(void)
{
	struct nl_msg *m;

	m = req_dev(L2RA_CMD_PORT_DEL, p0_i);
	expect(m, 0, 0, "port del %s accepted", p0);

	m = req_dev(L2RA_CMD_PORT_DEL, p0_i);
	mark(put_u32(m, L2RA_A_CHADDR_CHECK, 0));
	expect(m, EINVAL, NEED_MSG | NEED_OFFS,
	       "port del with CHADDR_CHECK rejected");

	m = req(L2RA_CMD_PORT_DEL, 0);
	mark(put_u32(m, L2RA_A_IFINDEX, p0_i));
	expect(m, ENOENT, NEED_MSG | NEED_OFFS, "port del %s again gives ENOENT",
	       p0);

	m = req_dev(L2RA_CMD_BRIDGE_DEL, br_i);
	expect(m, 0, 0, "bridge del %s accepted", br);

	m = req(L2RA_CMD_BRIDGE_DEL, 0);
	mark(put_str(m, L2RA_A_IFNAME, br));
	expect(m, ENOENT, NEED_MSG | NEED_OFFS, "bridge del %s again gives ENOENT",
	       br);

	m = req(L2RA_CMD_BRIDGE_GET, 0);
	mark(put_str(m, L2RA_A_IFNAME, br));
	expect(m, ENOENT, NEED_MSG | NEED_OFFS,
	       "bridge get %s after del gives ENOENT", br);
}

static void perm_mode(void)
{
	struct nl_msg *m;
	struct answer a;

	m = req(L2RA_CMD_PORT_SET, 0);
	put_str(m, L2RA_A_IFNAME, p0);
	put_u8(m, L2RA_A_ROLE, L2RA_ROLE_TRUSTED);
	expect(m, EPERM, 0, "port set %s role trusted: EPERM", p0);

	m = req(L2RA_CMD_PORT_DEL, 0);
	put_str(m, L2RA_A_IFNAME, p0);
	expect(m, EPERM, 0, "port del %s: EPERM", p0);

	m = req(L2RA_CMD_BRIDGE_SET, 0);
	put_str(m, L2RA_A_IFNAME, br);
	put_u8(m, L2RA_A_ENABLED, 0);
	expect(m, EPERM, 0, "bridge set %s relay off: EPERM", br);

	m = req(L2RA_CMD_BRIDGE_DEL, 0);
	put_str(m, L2RA_A_IFNAME, br);
	expect(m, EPERM, 0, "bridge del %s: EPERM", br);

	/*
	 * The lease table and the namespace settings (uapi 34bed38): the
	 * module built from this tree has them, so EOPNOTSUPP (a command
	 * missing from its ops) is a failure like any other errno.
	 */
	m = req(L2RA_CMD_CONFIG_SET, 0);
	expect(m, EPERM, 0, "config set: EPERM");

	m = req(L2RA_CMD_LEASE_ADD, 0);
	expect(m, EPERM, 0, "lease add: EPERM");

	m = req(L2RA_CMD_LEASE_DEL, 0);
	expect(m, EPERM, 0, "lease del: EPERM");

	m = req(L2RA_CMD_LEASE_FLUSH, 0);
	expect(m, EPERM, 0, "lease flush: EPERM");

	/* An invalid request too: the permission check comes first. */
	m = req(L2RA_CMD_PORT_SET, 0);
	put_u8(m, L2RA_A_ROLE, 9);
	expect(m, EPERM, 0, "port set with role 9 and no device: EPERM");

	m = req(L2RA_CMD_PORT_GET, NLM_F_DUMP);
	a = expect(m, 0, 0, "port dump allowed");
	printf("#   %u port entries\n", a.replies);

	m = req(L2RA_CMD_BRIDGE_GET, NLM_F_DUMP);
	a = expect(m, 0, 0, "bridge dump allowed");
	printf("#   %u bridges\n", a.replies);

	m = req(L2RA_CMD_STATS_GET, 0);
	expect(m, 0, 0, "stats get allowed");
}

static void usage(void)
{
	fprintf(stderr, "usage: nl_policy [-m policy|perm] [-b BRIDGE] [-p PORT] "
			"[-q PORT2] [-x OTHER]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *mode = "policy";
	int one = 1, c;

	br = "br0";
	p0 = "vp0";
	p1 = "vp1";
	other = "lo";
	while ((c = getopt(argc, argv, "m:b:p:q:x:")) != -1) {
		switch (c) {
		case 'm': mode = optarg; break;
		case 'b': br = optarg; break;
		case 'p': p0 = optarg; break;
		case 'q': p1 = optarg; break;
		case 'x': other = optarg; break;
		default: usage();
		}
	}
	if (optind != argc || (strcmp(mode, "policy") && strcmp(mode, "perm")))
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);

	sk = nl_socket_alloc();
	if (!sk || genl_connect(sk)) {
		fprintf(stderr, "nl_policy: cannot open a generic netlink socket\n");
		return 2;
	}
	if (setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK,
		       &one, sizeof(one))) {
		perror("nl_policy: NETLINK_EXT_ACK");
		return 2;
	}
	family = genl_ctrl_resolve(sk, L2RA_GENL_NAME);
	if (family < 0) {
		fprintf(stderr, "nl_policy: family %s not found: %s\n",
			L2RA_GENL_NAME, nl_geterror(family));
		return 2;
	}

	br_i = ifindex_of(br);
	p0_i = ifindex_of(p0);
	if (!strcmp(mode, "perm")) {
		perm_mode();
	} else {
		p1_i = ifindex_of(p1);
		other_i = ifindex_of(other);
		positive_controls();
		out_of_range();
		wrong_type();
		device_naming();
		strict_validation();
		circuit_ids();
		guard_and_bindings();
		lease6();
		deletions();
	}
	printf("1..%u\n", n_case);
	printf("# %u passed, %u failed\n", n_case - n_fail, n_fail);
	nl_socket_free(sk);
	return n_fail ? 1 : 0;
}
