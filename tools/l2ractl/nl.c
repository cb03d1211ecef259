// SPDX-License-Identifier: GPL-2.0
/* nl.c - l2ractl's requests to the l2ra family (lib/nl/l2ra_nl.c). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "nl.h"

/* How replies are parsed: lengths are checked, unknown types ignored. */
static const struct nla_policy reply_policy[L2RA_A_MAX + 1] = {
	[L2RA_A_IFINDEX]	= { .type = NLA_U32 },
	[L2RA_A_IFNAME]		= { .type = NLA_STRING },
	[L2RA_A_BRIDGE_IFINDEX]	= { .type = NLA_U32 },
	[L2RA_A_ENABLED]	= { .type = NLA_U8 },
	[L2RA_A_ROLE]		= { .type = NLA_U8 },
	[L2RA_A_CIRCUIT_ID]	= { .type = NLA_UNSPEC },
	[L2RA_A_REMOTE_ID]	= { .type = NLA_UNSPEC },
	[L2RA_A_RELAY_ID]	= { .type = NLA_UNSPEC },
	[L2RA_A_OPT82_POLICY]	= { .type = NLA_U8 },
	[L2RA_A_UNICAST]	= { .type = NLA_U8 },
	[L2RA_A_CHADDR_CHECK]	= { .type = NLA_U8 },
	[L2RA_A_DEFAULTS]	= { .type = NLA_U32 },
	[L2RA_A_STATS]		= { .type = NLA_NESTED },
};

int nlc_open(struct l2ra_nl *c)
{
	int err = l2ra_nl_open(c, 0);

	if (err) {
		fprintf(stderr, "Error: %s\n", c->extack);
		return -1;
	}
	err = l2ra_nl_resolve(c);
	if (err == -ENOENT)
		fprintf(stderr, "Error: l2ra module not loaded (generic netlink family \"%s\" not found)\n",
			L2RA_GENL_NAME);
	else if (err)
		fprintf(stderr, "Error: %s\n", c->extack);
	if (err) {
		l2ra_nl_close(c);
		return -1;
	}
	return 0;
}

void nlc_close(struct l2ra_nl *c)
{
	l2ra_nl_close(c);
}

struct nl_msg *nlc_msg(struct l2ra_nl *c, uint8_t cmd, int flags)
{
	struct nl_msg *msg = l2ra_nl_msg(c, cmd, flags);

	if (!msg)
		fprintf(stderr, "Error: out of memory\n");
	return msg;
}

struct req_state {
	struct l2ra_nl *c;
	nlc_handler h;
	void *arg;
};

static int on_reply(struct nlmsghdr *hdr, void *arg)
{
	struct req_state *st = arg;
	struct nlattr *tb[L2RA_A_MAX + 1];
	int err;

	err = genlmsg_parse(hdr, 0, tb, L2RA_A_MAX, reply_policy);
	if (err < 0) {
		snprintf(st->c->extack, sizeof(st->c->extack),
			 "malformed reply from the kernel: %s", nl_geterror(err));
		return -EPROTO;
	}
	return st->h ? st->h(tb, st->arg) : 0;
}

int nlc_request(struct l2ra_nl *c, struct nl_msg *msg, nlc_handler h,
		void *arg)
{
	struct req_state st = { .c = c, .h = h, .arg = arg };
	int err = l2ra_nl_request(c, msg, on_reply, &st);

	if (!err && c->warning[0])
		fprintf(stderr, "Warning: %s\n", c->warning);
	return err;
}

void nlc_perror(const struct l2ra_nl *c, int err)
{
	if (c->extack[0])
		fprintf(stderr, "Error: %s\n", c->extack);
	else if (err == -EPERM)
		fprintf(stderr, "Error: %s (CAP_NET_ADMIN needed)\n",
			strerror(-err));
	else
		fprintf(stderr, "Error: %s\n", strerror(-err));
}

static int put_failed(int type, int err)
{
	fprintf(stderr, "Error: cannot add attribute %d: %s\n", type,
		nl_geterror(err));
	return -1;
}

int nlc_put(struct nl_msg *msg, int type, const void *data, size_t len)
{
	static const char empty[1];
	int err = nla_put(msg, type, (int)len, len ? data : empty);

	return err < 0 ? put_failed(type, err) : 0;
}

int nlc_put_u8(struct nl_msg *msg, int type, uint8_t v)
{
	int err = nla_put_u8(msg, type, v);

	return err < 0 ? put_failed(type, err) : 0;
}

int nlc_put_u32(struct nl_msg *msg, int type, uint32_t v)
{
	int err = nla_put_u32(msg, type, v);

	return err < 0 ? put_failed(type, err) : 0;
}

int nlc_put_string(struct nl_msg *msg, int type, const char *s)
{
	int err = nla_put_string(msg, type, s);

	return err < 0 ? put_failed(type, err) : 0;
}
