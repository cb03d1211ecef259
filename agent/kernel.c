// SPDX-License-Identifier: GPL-2.0
/* kernel.c - generic netlink: family, events, dump, add (see kernel.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "kernel.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif
#ifndef NLM_F_CAPPED
#define NLM_F_CAPPED 0x100
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS 0x200
#endif
#ifndef NLMSGERR_ATTR_MSG
#define NLMSGERR_ATTR_MSG 1
#endif

struct kernel {
	struct nl_sock *ev, *req;
	struct nl_cb *ev_cb;
	int family;		/* 0: not registered */
	int grp;		/* "leases" group id, 0: not joined */
	const struct kernel_ops *ops;
	void *arg;
	char extack[256];
};

static const struct nla_policy lease_policy[L2RA_A_MAX + 1] = {
	[L2RA_A_IFINDEX]	= { .type = NLA_U32 },
	[L2RA_A_IFNAME]		= { .type = NLA_STRING },
	[L2RA_A_BRIDGE_IFINDEX]	= { .type = NLA_U32 },
	[L2RA_A_CIRCUIT_ID]	= { .type = NLA_UNSPEC },
	[L2RA_A_MAC]		= { .type = NLA_UNSPEC },
	[L2RA_A_VID]		= { .type = NLA_U16 },
	[L2RA_A_ADDR]		= { .type = NLA_U32 },
	[L2RA_A_EXPIRES]	= { .type = NLA_U32 },
	[L2RA_A_LEASE_TIME]	= { .type = NLA_U32 },
	[L2RA_A_SERVER_ID]	= { .type = NLA_U32 },
	[L2RA_A_CLTT]		= { .type = NLA_U64 },
	[L2RA_A_LEASE_EVENT]	= { .type = NLA_U8 },
};

const char *kernel_extack(const struct kernel *k)
{
	return k->extack;
}

bool kernel_present(const struct kernel *k)
{
	return k->family > 0;
}

int kernel_event_fd(const struct kernel *k)
{
	return nl_socket_get_fd(k->ev);
}

static int nlerr(int err)
{
	switch (-err) {
	case NLE_NOMEM:		return -ENOBUFS;
	case NLE_AGAIN:		return -EAGAIN;
	case NLE_OBJ_NOTFOUND:	return -ENOENT;
	case NLE_DUMP_INTR:	return -EINTR;
	case NLE_PERM:		return -EPERM;
	default:		return -EIO;
	}
}

int kernel_parse_lease(struct nlattr **tb, int64_t now, struct lease *l,
		       uint8_t *event)
{
	uint32_t expires = 0;

	memset(l, 0, sizeof(*l));
	if (!tb[L2RA_A_MAC] || nla_len(tb[L2RA_A_MAC]) != 6)
		return -1;
	memcpy(l->mac, nla_data(tb[L2RA_A_MAC]), 6);
	if (tb[L2RA_A_VID])
		l->vid = nla_get_u16(tb[L2RA_A_VID]);
	if (l->vid > 4094)
		return -1;
	if (tb[L2RA_A_ADDR])
		l->addr = nla_get_u32(tb[L2RA_A_ADDR]);	/* stays BE */
	if (tb[L2RA_A_LEASE_TIME])
		l->lease_time = nla_get_u32(tb[L2RA_A_LEASE_TIME]);
	if (tb[L2RA_A_EXPIRES])
		expires = nla_get_u32(tb[L2RA_A_EXPIRES]);
	else
		expires = l->lease_time;
	l->expires_at = now + expires;
	if (tb[L2RA_A_SERVER_ID])
		l->server_id = nla_get_u32(tb[L2RA_A_SERVER_ID]);
	l->cltt = tb[L2RA_A_CLTT] ? (int64_t)nla_get_u64(tb[L2RA_A_CLTT])
				  : now;
	if (tb[L2RA_A_IFNAME])
		snprintf(l->port, sizeof(l->port), "%s",
			 nla_get_string(tb[L2RA_A_IFNAME]));
	else if (tb[L2RA_A_IFINDEX]) {
		char name[IF_NAMESIZE];

		if (if_indextoname(nla_get_u32(tb[L2RA_A_IFINDEX]), name))
			snprintf(l->port, sizeof(l->port), "%s", name);
	}
	if (tb[L2RA_A_BRIDGE_IFINDEX]) {
		char name[IF_NAMESIZE];

		if (if_indextoname(nla_get_u32(tb[L2RA_A_BRIDGE_IFINDEX]),
				   name))
			snprintf(l->bridge, sizeof(l->bridge), "%s", name);
	}
	if (tb[L2RA_A_CIRCUIT_ID]) {
		int n = nla_len(tb[L2RA_A_CIRCUIT_ID]);

		if (n < 0 || n > L2RA_CIRCUIT_ID_MAX)
			return -1;
		memcpy(l->circuit_id, nla_data(tb[L2RA_A_CIRCUIT_ID]),
		       (size_t)n);
		l->circuit_id_len = (uint8_t)n;
	}
	if (event)
		*event = tb[L2RA_A_LEASE_EVENT] ?
			 nla_get_u8(tb[L2RA_A_LEASE_EVENT]) : 0;
	return 0;
}

/* ---- events ---- */

static void ctrl_event(struct kernel *k, struct nlmsghdr *h, uint8_t cmd)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];

	if (cmd != CTRL_CMD_NEWFAMILY && cmd != CTRL_CMD_DELFAMILY)
		return;
	if (genlmsg_parse(h, 0, tb, CTRL_ATTR_MAX, NULL) < 0 ||
	    !tb[CTRL_ATTR_FAMILY_NAME] ||
	    strcmp(nla_get_string(tb[CTRL_ATTR_FAMILY_NAME]), L2RA_GENL_NAME))
		return;
	if (k->ops && k->ops->family)
		k->ops->family(k->arg, cmd == CTRL_CMD_NEWFAMILY);
}

static int ev_valid(struct nl_msg *msg, void *arg)
{
	struct kernel *k = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct genlmsghdr *g;
	struct nlattr *tb[L2RA_A_MAX + 1];
	struct timespec ts;
	struct lease l;
	uint8_t event;

	if (!genlmsg_valid_hdr(h, 0))
		return NL_SKIP;
	g = nlmsg_data(h);
	if (h->nlmsg_type == GENL_ID_CTRL) {
		ctrl_event(k, h, g->cmd);
		return NL_OK;
	}
	if (!k->family || h->nlmsg_type != k->family ||
	    g->cmd != L2RA_CMD_LEASE_NOTIFY)
		return NL_SKIP;
	if (genlmsg_parse(h, 0, tb, L2RA_A_MAX,
			  (struct nla_policy *)lease_policy) < 0)
		return NL_SKIP;
	clock_gettime(CLOCK_REALTIME, &ts);
	if (kernel_parse_lease(tb, ts.tv_sec, &l, &event))
		return NL_SKIP;
	if (k->ops && k->ops->lease)
		k->ops->lease(k->arg, event, &l);
	return NL_OK;
}

/*
 * Events are not answers to a request: their sequence numbers are 0 (or
 * the kernel's), never ours.  nl_socket_disable_seq_check() only changes
 * the socket's own callback set, not ev_cb, which nl_recvmsgs() is given.
 */
static int ev_no_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

int kernel_open(struct kernel **out, int rcvbuf, char *err, size_t errlen)
{
	struct kernel *k = calloc(1, sizeof(*k));
	int one = 1, grp, e;

	*out = NULL;
	if (!k || !(k->ev = nl_socket_alloc()) ||
	    !(k->req = nl_socket_alloc()) ||
	    !(k->ev_cb = nl_cb_alloc(NL_CB_DEFAULT))) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if ((e = genl_connect(k->req)) < 0 || (e = genl_connect(k->ev)) < 0) {
		snprintf(err, errlen, "cannot open generic netlink socket: %s",
			 nl_geterror(e));
		goto fail;
	}
	nl_socket_enable_msg_peek(k->req);
	setsockopt(nl_socket_get_fd(k->req), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(k->req), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));

	nl_socket_disable_seq_check(k->ev);
	nl_socket_enable_msg_peek(k->ev);
	nl_socket_set_nonblocking(k->ev);
	nl_cb_set(k->ev_cb, NL_CB_VALID, NL_CB_CUSTOM, ev_valid, k);
	nl_cb_set(k->ev_cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, ev_no_seq_check,
		  NULL);
	/* SO_RCVBUFFORCE passes rmem_max for CAP_NET_ADMIN; else best effort. */
	if (setsockopt(nl_socket_get_fd(k->ev), SOL_SOCKET, SO_RCVBUFFORCE,
		       &rcvbuf, sizeof(rcvbuf)))
		nl_socket_set_buffer_size(k->ev, rcvbuf, 0);

	grp = genl_ctrl_resolve_grp(k->req, "nlctrl", "notify");
	if (grp < 0) {
		snprintf(err, errlen, "cannot resolve nlctrl notify group: %s",
			 nl_geterror(grp));
		goto fail;
	}
	if ((e = nl_socket_add_membership(k->ev, grp)) < 0) {
		snprintf(err, errlen, "cannot join nlctrl notify group: %s",
			 nl_geterror(e));
		goto fail;
	}
	*out = k;
	return 0;
fail:
	kernel_close(k);
	return -1;
}

void kernel_close(struct kernel *k)
{
	if (!k)
		return;
	if (k->ev_cb)
		nl_cb_put(k->ev_cb);
	if (k->ev)
		nl_socket_free(k->ev);
	if (k->req)
		nl_socket_free(k->req);
	free(k);
}

int kernel_resolve(struct kernel *k)
{
	int fam, grp, e;

	fam = genl_ctrl_resolve(k->req, L2RA_GENL_NAME);
	if (fam < 0)
		return fam == -NLE_OBJ_NOTFOUND ? -ENOENT : nlerr(fam);
	grp = genl_ctrl_resolve_grp(k->req, L2RA_GENL_NAME, L2RA_MCGRP_LEASES);
	if (grp < 0) {
		snprintf(k->extack, sizeof(k->extack),
			 "family \"%s\" has no multicast group \"%s\"",
			 L2RA_GENL_NAME, L2RA_MCGRP_LEASES);
		return -ENOENT;
	}
	if (k->grp && k->grp != grp)
		nl_socket_drop_membership(k->ev, k->grp);
	if (k->grp != grp) {
		e = nl_socket_add_membership(k->ev, grp);
		if (e < 0) {
			snprintf(k->extack, sizeof(k->extack),
				 "cannot join group \"%s\": %s",
				 L2RA_MCGRP_LEASES, nl_geterror(e));
			k->grp = 0;
			return nlerr(e);
		}
	}
	k->family = fam;
	k->grp = grp;
	return 0;
}

void kernel_forget(struct kernel *k)
{
	/* The kernel clears the group's members when the family goes. */
	if (k->grp)
		nl_socket_drop_membership(k->ev, k->grp);
	k->grp = 0;
	k->family = 0;
}

int kernel_recv_events(struct kernel *k, const struct kernel_ops *ops,
		       void *arg)
{
	k->ops = ops;
	k->arg = arg;
	for (int i = 0; i < 64; i++) {
		int e = nl_recvmsgs(k->ev, k->ev_cb);

		if (e == -NLE_AGAIN)
			return 0;
		if (e < 0)
			return nlerr(e);
	}
	return 1;
}

void kernel_drain_events(struct kernel *k)
{
	char buf[16384];
	int fd = kernel_event_fd(k);

	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == ENOBUFS)
			continue;	/* the overflow flag, cleared now */
		if (n <= 0)
			break;
	}
}

/* ---- requests ---- */

/* The NLMSGERR_ATTR_MSG of an NLMSG_ERROR, or NULL. */
static const char *extack_msg(const struct nlmsghdr *h)
{
	const struct nlmsgerr *e = nlmsg_data(h);
	size_t off = NLMSG_HDRLEN + sizeof(*e), len = h->nlmsg_len;

	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS) || len < off)
		return NULL;
	if (!(h->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN ||
		    e->msg.nlmsg_len > len - off + NLMSG_HDRLEN)
			return NULL;
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	off = NLMSG_ALIGN(off);
	while (off + NLA_HDRLEN <= len) {
		const struct nlattr *a = (const void *)((const char *)h + off);

		if (a->nla_len < NLA_HDRLEN || a->nla_len > len - off)
			return NULL;
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
			const char *s = (const char *)a + NLA_HDRLEN;
			size_t n = a->nla_len - NLA_HDRLEN;

			return n && memchr(s, '\0', n) && *s ? s : NULL;
		}
		off += NLA_ALIGN(a->nla_len);
	}
	return NULL;
}

struct req {
	struct kernel *k;
	struct lease_vec *vec;
	struct kernel_bridges *brs;
	int err;
	bool done;
	bool intr;
};

static const struct nla_policy bridge_policy[L2RA_A_MAX + 1] = {
	[L2RA_A_IFINDEX]	= { .type = NLA_U32 },
	[L2RA_A_IFNAME]		= { .type = NLA_STRING },
	[L2RA_A_ENABLED]	= { .type = NLA_U8 },
	[L2RA_A_REMOTE_ID]	= { .type = NLA_UNSPEC },
	[L2RA_A_RELAY_ID]	= { .type = NLA_UNSPEC },
};

static int bridge_valid(struct req *r, struct nl_msg *msg)
{
	struct nlattr *tb[L2RA_A_MAX + 1];
	struct kernel_bridges *brs = r->brs;
	struct kernel_bridge *b, *v;
	size_t cap;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, L2RA_A_MAX,
			  (struct nla_policy *)bridge_policy) < 0 ||
	    !tb[L2RA_A_IFNAME])
		return NL_SKIP;
	if (brs->n == brs->cap) {
		cap = brs->cap ? 2 * brs->cap : 4;
		v = realloc(brs->v, cap * sizeof(*v));
		if (!v) {
			r->err = -ENOMEM;
			return NL_STOP;
		}
		brs->v = v;
		brs->cap = cap;
	}
	b = &brs->v[brs->n++];
	memset(b, 0, sizeof(*b));
	snprintf(b->ifname, sizeof(b->ifname), "%s",
		 nla_get_string(tb[L2RA_A_IFNAME]));
	b->enabled = tb[L2RA_A_ENABLED] && nla_get_u8(tb[L2RA_A_ENABLED]);
	if (tb[L2RA_A_REMOTE_ID] &&
	    nla_len(tb[L2RA_A_REMOTE_ID]) <= (int)sizeof(b->remote_id)) {
		b->remote_id_len = nla_len(tb[L2RA_A_REMOTE_ID]);
		memcpy(b->remote_id, nla_data(tb[L2RA_A_REMOTE_ID]),
		       b->remote_id_len);
	}
	if (tb[L2RA_A_RELAY_ID] &&
	    nla_len(tb[L2RA_A_RELAY_ID]) <= (int)sizeof(b->relay_id)) {
		b->relay_id_len = nla_len(tb[L2RA_A_RELAY_ID]);
		memcpy(b->relay_id, nla_data(tb[L2RA_A_RELAY_ID]),
		       b->relay_id_len);
	}
	return NL_OK;
}

static int req_valid(struct nl_msg *msg, void *arg)
{
	struct req *r = arg;
	struct nlattr *tb[L2RA_A_MAX + 1];
	struct timespec ts;
	struct lease l;

	if (r->brs)
		return bridge_valid(r, msg);
	if (!r->vec)
		return NL_OK;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, L2RA_A_MAX,
			  (struct nla_policy *)lease_policy) < 0)
		return NL_SKIP;
	clock_gettime(CLOCK_REALTIME, &ts);
	if (kernel_parse_lease(tb, ts.tv_sec, &l, NULL))
		return NL_SKIP;
	if (lease_vec_push(r->vec, &l)) {
		r->err = -ENOMEM;
		return NL_STOP;
	}
	return NL_OK;
}

static int req_intr(struct nl_msg *msg, void *arg)
{
	struct req *r = arg;

	(void)msg;
	r->intr = true;		/* finish the dump, then report -EINTR */
	return NL_OK;
}

static int req_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct req *r = arg;
	const struct nlmsghdr *h = (const void *)((const char *)e - NLMSG_HDRLEN);
	const char *m = extack_msg(h);

	(void)nla;
	if (m)
		snprintf(r->k->extack, sizeof(r->k->extack), "%s", m);
	r->err = e->error < 0 ? e->error : -EPROTO;
	r->done = true;
	return NL_STOP;
}

static int req_finish(struct nl_msg *msg, void *arg)
{
	struct req *r = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);
	int e = 0;

	if (h->nlmsg_type == NLMSG_DONE &&
	    h->nlmsg_len >= NLMSG_HDRLEN + sizeof(int))
		memcpy(&e, nlmsg_data(h), sizeof(e));
	if (e < 0 && !r->err)
		r->err = e;
	r->done = true;
	return NL_STOP;
}

static int req_ack(struct nl_msg *msg, void *arg)
{
	struct req *r = arg;

	(void)msg;
	r->done = true;
	return NL_STOP;
}

static int request_to(struct kernel *k, struct nl_msg *msg,
		      struct lease_vec *vec, struct kernel_bridges *brs)
{
	struct req r = { .k = k, .vec = vec, .brs = brs };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int e;

	k->extack[0] = '\0';
	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, req_valid, &r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, req_finish, &r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, req_ack, &r);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, req_intr, &r);
	nl_cb_err(cb, NL_CB_CUSTOM, req_error, &r);
	e = nl_send_auto(k->req, msg);
	nlmsg_free(msg);
	if (e < 0) {
		snprintf(k->extack, sizeof(k->extack), "send: %s",
			 nl_geterror(e));
		nl_cb_put(cb);
		return nlerr(e);
	}
	while (!r.done) {
		e = nl_recvmsgs(k->req, cb);
		if (e == -NLE_DUMP_INTR) {
			r.intr = true;
			continue;	/* read to the end of the dump */
		}
		if (e < 0 && !r.done) {
			snprintf(k->extack, sizeof(k->extack), "receive: %s",
				 nl_geterror(e));
			r.err = nlerr(e);
			break;
		}
	}
	nl_cb_put(cb);
	if (!r.err && r.intr)
		return -EINTR;
	return r.err;
}

static int request(struct kernel *k, struct nl_msg *msg, struct lease_vec *vec)
{
	return request_to(k, msg, vec, NULL);
}

static struct nl_msg *new_msg(struct kernel *k, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, k->family, 0,
				flags, cmd, L2RA_GENL_VERSION)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

int kernel_dump(struct kernel *k, struct lease_vec *vec)
{
	struct nl_msg *msg;

	if (!k->family)
		return -ENOENT;
	msg = new_msg(k, L2RA_CMD_LEASE_GET, NLM_F_DUMP);
	if (!msg)
		return -ENOMEM;
	return request(k, msg, vec);
}

int kernel_bridges(struct kernel *k, struct kernel_bridges *brs)
{
	struct nl_msg *msg;

	brs->n = 0;
	if (!k->family)
		return -ENOENT;
	msg = new_msg(k, L2RA_CMD_BRIDGE_GET, NLM_F_DUMP);
	if (!msg)
		return -ENOMEM;
	return request_to(k, msg, NULL, brs);
}

void kernel_bridges_free(struct kernel_bridges *brs)
{
	free(brs->v);
	memset(brs, 0, sizeof(*brs));
}

static int add_once(struct kernel *k, const struct lease *l, uint32_t left,
		    bool by_circuit)
{
	struct nl_msg *msg = new_msg(k, L2RA_CMD_LEASE_ADD, 0);
	int e = 0;

	if (!msg)
		return -ENOMEM;
	e |= nla_put(msg, L2RA_A_MAC, 6, l->mac);
	e |= nla_put_u16(msg, L2RA_A_VID, l->vid);
	e |= nla_put_u32(msg, L2RA_A_ADDR, l->addr);
	e |= nla_put_u32(msg, L2RA_A_EXPIRES, left);
	if (l->lease_time)
		e |= nla_put_u32(msg, L2RA_A_LEASE_TIME, l->lease_time);
	if (l->server_id)
		e |= nla_put_u32(msg, L2RA_A_SERVER_ID, l->server_id);
	if (l->cltt > 0)
		e |= nla_put_u64(msg, L2RA_A_CLTT, (uint64_t)l->cltt);
	if (!by_circuit) {
		e |= nla_put_string(msg, L2RA_A_IFNAME, l->port);
	} else {
		unsigned int br = l->bridge[0] ? if_nametoindex(l->bridge) : 0;

		e |= nla_put(msg, L2RA_A_CIRCUIT_ID, l->circuit_id_len,
			     l->circuit_id);
		if (br)
			e |= nla_put_u32(msg, L2RA_A_BRIDGE_IFINDEX, br);
	}
	if (e) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return request(k, msg, NULL);
}

int kernel_lease_add(struct kernel *k, const struct lease *l, int64_t now,
		     bool *via_circuit)
{
	int64_t left = l->expires_at - now;
	bool have_port = l->port[0] && if_nametoindex(l->port);
	bool have_cid = l->circuit_id_len > 0;
	int e = -ENODEV;

	*via_circuit = false;
	k->extack[0] = '\0';
	if (!k->family)
		return -ENOENT;
	if (left <= 0)
		return -ETIME;
	if (left > UINT32_MAX)
		left = UINT32_MAX;
	if (have_port) {
		e = add_once(k, l, (uint32_t)left, false);
		if (e != -ENOENT && e != -ENODEV && e != -EINVAL)
			return e;
	}
	if (have_cid) {
		*via_circuit = true;
		e = add_once(k, l, (uint32_t)left, true);
	}
	return e;
}
