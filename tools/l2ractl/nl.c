// SPDX-License-Identifier: GPL-2.0
/* nl.c - generic netlink requests to the l2ra family through libnl-3. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "extack.h"
#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

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

int nlc_open(struct nl_ctx *c)
{
	int one = 1, err;

	memset(c, 0, sizeof(*c));
	c->sk = nl_socket_alloc();
	if (!c->sk) {
		fprintf(stderr, "Error: out of memory\n");
		return -1;
	}
	err = genl_connect(c->sk);
	if (err < 0) {
		fprintf(stderr, "Error: cannot open generic netlink socket: %s\n",
			nl_geterror(err));
		goto fail;
	}
	nl_socket_enable_msg_peek(c->sk);
	/* Best effort: old kernels lack them and still work. */
	setsockopt(nl_socket_get_fd(c->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(c->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));

	c->family = genl_ctrl_resolve(c->sk, L2RA_GENL_NAME);
	if (c->family == -NLE_OBJ_NOTFOUND) {
		fprintf(stderr, "Error: l2ra module not loaded (generic netlink family \"%s\" not found)\n",
			L2RA_GENL_NAME);
		goto fail;
	}
	if (c->family < 0) {
		fprintf(stderr, "Error: cannot resolve generic netlink family \"%s\": %s\n",
			L2RA_GENL_NAME, nl_geterror(c->family));
		goto fail;
	}
	return 0;
fail:
	nl_socket_free(c->sk);
	c->sk = NULL;
	return -1;
}

void nlc_close(struct nl_ctx *c)
{
	if (c->sk)
		nl_socket_free(c->sk);
	c->sk = NULL;
}

struct nl_msg *nlc_msg(struct nl_ctx *c, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, c->family, 0,
				 flags, cmd, L2RA_GENL_VERSION)) {
		fprintf(stderr, "Error: out of memory\n");
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct req_state {
	struct nl_ctx *c;
	nlc_handler h;
	void *arg;
	int err;
	bool done;
};

static void save_extack(struct req_state *st, const struct nlmsghdr *hdr)
{
	const char *m = extack_msg(hdr);

	if (m)
		snprintf(st->c->extack, sizeof(st->c->extack), "%s", m);
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct req_state *st = arg;
	struct nlattr *tb[L2RA_A_MAX + 1];
	int err;

	err = genlmsg_parse(nlmsg_hdr(msg), 0, tb, L2RA_A_MAX, reply_policy);
	if (err < 0) {
		snprintf(st->c->extack, sizeof(st->c->extack),
			 "malformed reply from the kernel: %s", nl_geterror(err));
		st->err = -EPROTO;
		st->done = true;
		return NL_STOP;
	}
	if (st->h) {
		err = st->h(tb, st->arg);
		if (err < 0) {
			st->err = err;
			st->done = true;
			return NL_STOP;
		}
	}
	return NL_OK;
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct req_state *st = arg;
	/* libnl hands us nlmsg_data() of the NLMSG_ERROR message. */
	const struct nlmsghdr *hdr =
		(const void *)((const char *)e - NLMSG_HDRLEN);

	(void)nla;
	save_extack(st, hdr);
	st->err = e->error < 0 ? e->error : -EPROTO;
	st->done = true;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct req_state *st = arg;
	const char *warn = extack_msg(nlmsg_hdr(msg));

	if (warn)
		fprintf(stderr, "Warning: %s\n", warn);
	st->done = true;
	return NL_STOP;
}

static int on_finish(struct nl_msg *msg, void *arg)
{
	struct req_state *st = arg;
	const struct nlmsghdr *hdr = nlmsg_hdr(msg);
	int err = extack_error(hdr);

	/* A dump that failed half-way ends in NLMSG_DONE with an errno. */
	if (err < 0) {
		save_extack(st, hdr);
		st->err = err;
	}
	st->done = true;
	return NL_STOP;
}

static int on_invalid(struct nl_msg *msg, void *arg)
{
	struct req_state *st = arg;

	(void)msg;
	snprintf(st->c->extack, sizeof(st->c->extack),
		 "invalid netlink message from the kernel");
	st->err = -EPROTO;
	st->done = true;
	return NL_STOP;
}

int nlc_request(struct nl_ctx *c, struct nl_msg *msg, nlc_handler h,
		void *arg)
{
	struct req_state st = { .c = c, .h = h, .arg = arg };
	struct nl_cb *cb;
	int err;

	c->extack[0] = '\0';
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &st);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &st);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &st);
	nl_cb_set(cb, NL_CB_INVALID, NL_CB_CUSTOM, on_invalid, &st);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &st);

	err = nl_send_auto(c->sk, msg);
	nlmsg_free(msg);
	if (err < 0) {
		snprintf(c->extack, sizeof(c->extack), "cannot send request: %s",
			 nl_geterror(err));
		nl_cb_put(cb);
		return -EIO;
	}
	while (!st.done) {
		err = nl_recvmsgs(c->sk, cb);
		if (err < 0 && !st.done) {
			snprintf(c->extack, sizeof(c->extack),
				 "cannot receive reply: %s", nl_geterror(err));
			st.err = -EIO;
			break;
		}
	}
	nl_cb_put(cb);
	return st.err;
}

void nlc_perror(const struct nl_ctx *c, int err)
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
