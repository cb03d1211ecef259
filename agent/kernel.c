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
#include "l2ra_nl.h"

struct kernel {
	struct nl_sock *ev;
	struct l2ra_nl req;	/* requests; .family: 0 while not registered */
	struct nl_cb *ev_cb;
	int grp;		/* "leases" group id, 0: not joined */
	bool paused;		/* left the group for a push (kernel_events_pause) */
	const struct kernel_ops *ops;
	void *arg;
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
	[L2RA_A_LEASE_FLAGS]	= { .type = NLA_U32 },
	[L2RA_A_ADDR6]		= { .type = NLA_UNSPEC },
	[L2RA_A_PREFIX_LEN]	= { .type = NLA_U8 },
	[L2RA_A_PREFERRED]	= { .type = NLA_U32 },
};

const char *kernel_extack(const struct kernel *k)
{
	return k->req.extack;
}

bool kernel_present(const struct kernel *k)
{
	return k->req.family > 0;
}

int kernel_event_fd(const struct kernel *k)
{
	return nl_socket_get_fd(k->ev);
}

static int nlerr(int err)
{
	return l2ra_nl_errno(err);
}

/*
 * if_indextoname() and if_nametoindex() are a socket, an ioctl and a close
 * each: a dump or a push of many leases asks about the same few bridges,
 * so one of them keeps the last answers (never longer than itself: an
 * interface may be renamed in between).
 */
#define IFCACHE 8

struct ifcache {
	char name[IFCACHE][LEASE_IFNAMSIZ];
	unsigned int index[IFCACHE];
	unsigned int next;
	/*
	 * The last field ifindex_of() answered, all its octets: the leases
	 * of a push come from one array and name few ports, so most fields
	 * equal the one before to the last octet, and one compare of 16
	 * octets replaces the search (a quarter of l2rad's own part of a
	 * push, in user space).
	 */
	char last[LEASE_IFNAMSIZ];
	unsigned int last_index;
	bool have_last;
};

/* The name of @index into @name (IF_NAMESIZE); false if there is none. */
static bool ifname_of(struct ifcache *c, unsigned int index, char *name)
{
	unsigned int i, slot;

	if (c)
		for (i = 0; i < IFCACHE; i++)
			if (c->index[i] == index && c->name[i][0]) {
				memcpy(name, c->name[i], LEASE_IFNAMSIZ);
				return true;
			}
	if (!if_indextoname(index, name))
		return false;
	if (c) {
		slot = c->next++ % IFCACHE;
		snprintf(c->name[slot], sizeof(c->name[slot]), "%s", name);
		c->index[slot] = index;
	}
	return true;
}

/* The index of the name in field @name (a lease's port or bridge). */
static unsigned int ifindex_of(struct ifcache *c,
			       const char name[LEASE_IFNAMSIZ])
{
	unsigned int i;

	if (c->have_last && !memcmp(c->last, name, LEASE_IFNAMSIZ))
		return c->last_index;
	for (i = 0; i < IFCACHE; i++)
		if (c->name[i][0] && !strcmp(c->name[i], name))
			break;
	if (i == IFCACHE) {
		i = c->next++ % IFCACHE;
		snprintf(c->name[i], sizeof(c->name[i]), "%s", name);
		c->index[i] = if_nametoindex(name);
	}
	memcpy(c->last, name, LEASE_IFNAMSIZ);
	c->last_index = c->index[i];
	c->have_last = true;
	return c->index[i];
}

/*
 * An interface name into a LEASE_IFNAMSIZ field, cut and terminated: a
 * dump copies two per lease, and snprintf() costs several times this.
 */
static void copy_name(char *dst, const char *src)
{
	size_t n = strnlen(src, LEASE_IFNAMSIZ - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int parse_lease(struct nlattr **tb, int64_t now, struct lease *l,
		       uint8_t *event, struct ifcache *c)
{
	uint32_t expires = 0;

	memset(l, 0, sizeof(*l));
	if (tb[L2RA_A_ADDR6]) {
		/* An IPv6 binding: keyed by address, MAC optional. */
		if (nla_len(tb[L2RA_A_ADDR6]) != 16)
			return -1;
		l->v6 = true;
		memcpy(l->addr6, nla_data(tb[L2RA_A_ADDR6]), 16);
		if (tb[L2RA_A_PREFIX_LEN])
			l->prefix_len = nla_get_u8(tb[L2RA_A_PREFIX_LEN]);
		if (l->prefix_len > 128)
			return -1;
		if (tb[L2RA_A_PREFERRED])
			l->preferred = nla_get_u32(tb[L2RA_A_PREFERRED]);
	}
	if (tb[L2RA_A_MAC] && nla_len(tb[L2RA_A_MAC]) == 6)
		memcpy(l->mac, nla_data(tb[L2RA_A_MAC]), 6);
	else if (!l->v6)
		return -1;
	if (tb[L2RA_A_VID])
		l->vid = nla_get_u16(tb[L2RA_A_VID]);
	if (l->vid > 4094)
		return -1;
	if (tb[L2RA_A_ADDR] && !l->v6)
		l->addr = nla_get_u32(tb[L2RA_A_ADDR]);	/* stays BE */
	if (tb[L2RA_A_LEASE_TIME])
		l->lease_time = nla_get_u32(tb[L2RA_A_LEASE_TIME]);
	if (tb[L2RA_A_EXPIRES])
		expires = nla_get_u32(tb[L2RA_A_EXPIRES]);
	else
		expires = l->lease_time;
	if (tb[L2RA_A_LEASE_FLAGS])
		l->flags = nla_get_u32(tb[L2RA_A_LEASE_FLAGS]);
	/* A static binding's EXPIRES reads 0xffffffff: never. */
	l->expires_at = lease_is_static(l) ? LEASE_NEVER : now + expires;
	if (tb[L2RA_A_SERVER_ID] && !l->v6)
		l->server_id = nla_get_u32(tb[L2RA_A_SERVER_ID]);
	l->cltt = tb[L2RA_A_CLTT] ? (int64_t)nla_get_u64(tb[L2RA_A_CLTT])
				  : now;
	if (tb[L2RA_A_IFNAME])
		copy_name(l->port, nla_get_string(tb[L2RA_A_IFNAME]));
	else if (tb[L2RA_A_IFINDEX]) {
		char name[IF_NAMESIZE];

		if (ifname_of(c, nla_get_u32(tb[L2RA_A_IFINDEX]), name))
			copy_name(l->port, name);
	}
	if (tb[L2RA_A_BRIDGE_IFINDEX]) {
		char name[IF_NAMESIZE];

		if (ifname_of(c, nla_get_u32(tb[L2RA_A_BRIDGE_IFINDEX]), name))
			copy_name(l->bridge, name);
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

int kernel_parse_lease(struct nlattr **tb, int64_t now, struct lease *l,
		       uint8_t *event)
{
	return parse_lease(tb, now, l, event, NULL);
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
	if (!k->req.family || h->nlmsg_type != k->req.family ||
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
	int grp, e;

	*out = NULL;
	if (!k || !(k->ev = nl_socket_alloc()) ||
	    !(k->ev_cb = nl_cb_alloc(NL_CB_DEFAULT))) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (l2ra_nl_open(&k->req, L2RA_NL_BATCH_RCVBUF)) {
		snprintf(err, errlen, "%s", k->req.extack);
		goto fail;
	}
	if ((e = genl_connect(k->ev)) < 0) {
		snprintf(err, errlen, "cannot open generic netlink socket: %s",
			 nl_geterror(e));
		goto fail;
	}

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

	grp = genl_ctrl_resolve_grp(k->req.sk, "nlctrl", "notify");
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
	l2ra_nl_close(&k->req);
	free(k);
}

int kernel_resolve(struct kernel *k)
{
	int grp, e;

	e = l2ra_nl_resolve(&k->req);
	if (e)
		return e;
	grp = genl_ctrl_resolve_grp(k->req.sk, L2RA_GENL_NAME,
				    L2RA_MCGRP_LEASES);
	if (grp < 0) {
		k->req.family = 0;
		snprintf(k->req.extack, sizeof(k->req.extack),
			 "family \"%s\" has no multicast group \"%s\"",
			 L2RA_GENL_NAME, L2RA_MCGRP_LEASES);
		return -ENOENT;
	}
	if (k->grp && k->grp != grp && !k->paused)
		nl_socket_drop_membership(k->ev, k->grp);
	if (k->grp != grp && !k->paused) {
		e = nl_socket_add_membership(k->ev, grp);
		if (e < 0) {
			snprintf(k->req.extack, sizeof(k->req.extack),
				 "cannot join group \"%s\": %s",
				 L2RA_MCGRP_LEASES, nl_geterror(e));
			k->grp = 0;
			k->req.family = 0;
			return nlerr(e);
		}
	}
	k->grp = grp;
	return 0;
}

void kernel_forget(struct kernel *k)
{
	/* The kernel clears the group's members when the family goes. */
	if (k->grp && !k->paused)
		nl_socket_drop_membership(k->ev, k->grp);
	k->grp = 0;
	k->req.family = 0;
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

static const struct nla_policy bridge_policy[L2RA_A_MAX + 1] = {
	[L2RA_A_IFINDEX]	= { .type = NLA_U32 },
	[L2RA_A_IFNAME]		= { .type = NLA_STRING },
	[L2RA_A_ENABLED]	= { .type = NLA_U8 },
	[L2RA_A_REMOTE_ID]	= { .type = NLA_UNSPEC },
	[L2RA_A_RELAY_ID]	= { .type = NLA_UNSPEC },
};

static int bridge_reply(struct nlmsghdr *hdr, void *arg)
{
	struct nlattr *tb[L2RA_A_MAX + 1];
	struct kernel_bridges *brs = arg;
	struct kernel_bridge *b, *v;
	size_t cap;

	if (genlmsg_parse(hdr, 0, tb, L2RA_A_MAX,
			  (struct nla_policy *)bridge_policy) < 0 ||
	    !tb[L2RA_A_IFNAME])
		return 0;
	if (brs->n == brs->cap) {
		cap = brs->cap ? 2 * brs->cap : 4;
		v = realloc(brs->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
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
	return 0;
}

struct dump_ctx {
	struct lease_vec *vec;
	int64_t now;
	struct ifcache ifc;
};

static int lease_reply(struct nlmsghdr *hdr, void *arg)
{
	struct dump_ctx *d = arg;
	struct nlattr *tb[L2RA_A_MAX + 1];
	struct lease l;

	if (genlmsg_parse(hdr, 0, tb, L2RA_A_MAX,
			  (struct nla_policy *)lease_policy) < 0 ||
	    parse_lease(tb, d->now, &l, NULL, &d->ifc))
		return 0;
	return lease_vec_push(d->vec, &l) ? -ENOMEM : 0;
}

int kernel_dump(struct kernel *k, struct lease_vec *vec)
{
	/* One clock reading: a dump takes well under a second per 100 k. */
	struct dump_ctx d = { .vec = vec, .now = (int64_t)time(NULL) };
	struct nl_msg *msg;

	if (!k->req.family)
		return -ENOENT;
	msg = l2ra_nl_msg(&k->req, L2RA_CMD_LEASE_GET, NLM_F_DUMP);
	if (!msg)
		return -ENOMEM;
	return l2ra_nl_request(&k->req, msg, lease_reply, &d);
}

int kernel_bridges(struct kernel *k, struct kernel_bridges *brs)
{
	struct nl_msg *msg;

	brs->n = 0;
	if (!k->req.family)
		return -ENOENT;
	msg = l2ra_nl_msg(&k->req, L2RA_CMD_BRIDGE_GET, NLM_F_DUMP);
	if (!msg)
		return -ENOMEM;
	return l2ra_nl_request(&k->req, msg, bridge_reply, brs);
}

struct config_ans {
	uint32_t max, gen, count;
	bool has_gen, has_count;
};

static int config_reply(struct nlmsghdr *hdr, void *arg)
{
	struct nlattr *tb[L2RA_A_MAX + 1];
	struct config_ans *c = arg;

	if (genlmsg_parse(hdr, 0, tb, L2RA_A_MAX, NULL) < 0)
		return 0;
	if (tb[L2RA_A_LEASE_MAX] && nla_len(tb[L2RA_A_LEASE_MAX]) == 4)
		c->max = nla_get_u32(tb[L2RA_A_LEASE_MAX]);
	if (tb[L2RA_A_LEASE_GEN] && nla_len(tb[L2RA_A_LEASE_GEN]) == 4) {
		c->gen = nla_get_u32(tb[L2RA_A_LEASE_GEN]);
		c->has_gen = true;
	}
	if (tb[L2RA_A_LEASE_COUNT] && nla_len(tb[L2RA_A_LEASE_COUNT]) == 4) {
		c->count = nla_get_u32(tb[L2RA_A_LEASE_COUNT]);
		c->has_count = true;
	}
	return 0;
}

static int config_get(struct kernel *k, struct config_ans *c)
{
	struct nl_msg *msg;

	if (!k->req.family)
		return -ENOENT;
	msg = l2ra_nl_msg(&k->req, L2RA_CMD_CONFIG_GET, 0);
	if (!msg)
		return -ENOMEM;
	return l2ra_nl_request(&k->req, msg, config_reply, c);
}

int kernel_lease_max(struct kernel *k, uint32_t *max)
{
	struct config_ans c = { .max = L2RA_LEASE_MAX_DEFAULT };
	int e = config_get(k, &c);

	*max = c.max;
	return e;
}

int kernel_lease_gen(struct kernel *k, uint32_t *gen)
{
	struct config_ans c = { 0 };
	int e = config_get(k, &c);

	if (!e && !c.has_gen)
		e = -EOPNOTSUPP;
	*gen = c.gen;
	return e;
}

int kernel_lease_count(struct kernel *k, uint32_t *count)
{
	struct config_ans c = { 0 };
	int e = config_get(k, &c);

	if (!e && !c.has_count)
		e = -EOPNOTSUPP;
	*count = c.count;
	return e;
}

void kernel_bridges_free(struct kernel_bridges *brs)
{
	free(brs->v);
	memset(brs, 0, sizeof(*brs));
}

/* ---- the batched push ---- */

struct push {
	struct kernel_add *v;
	bool by_circuit;
	struct ifcache ifc;
	kernel_add_fn done;
	void *arg;
};

/*
 * What the kernel needs of a lease, straight into the batch: no VID when
 * 0, no LEASE_TIME equal to EXPIRES and no LEASE_FLAGS of 0 (the kernel's
 * defaults; a static binding's EXPIRES, UINT32_MAX, is not needed but
 * harmless), the port
 * by the index its name has now (resolved once per name and push; a name
 * without one is sent as such, for the kernel's answer).
 */
static int push_fill(struct l2ra_nl_req *w, size_t i, void *arg)
{
	struct push *p = arg;
	static const uint8_t zero_mac[6];
	const struct kernel_add *ka = &p->v[i];
	const struct lease *l = ka->l;
	/* An IPv6 binding's preferred lifetime, never past its valid one. */
	uint32_t valid = l->lease_time ? l->lease_time : ka->left;
	uint32_t pref = l->preferred < valid ? l->preferred : valid;

	/* An IPv6 binding's MAC address only when known. */
	if (!l->v6 || memcmp(l->mac, zero_mac, 6))
		l2ra_nl_put(w, L2RA_A_MAC, 6, l->mac);
	if (l->vid)
		l2ra_nl_put_u16(w, L2RA_A_VID, l->vid);
	if (l->v6) {
		/* No ADDR, no SERVER_ID (uapi, "IPv6 bindings"). */
		l2ra_nl_put(w, L2RA_A_ADDR6, 16, l->addr6);
		if (l->prefix_len)
			l2ra_nl_put(w, L2RA_A_PREFIX_LEN, 1, &l->prefix_len);
		if (pref)
			l2ra_nl_put_u32(w, L2RA_A_PREFERRED, pref);
	} else {
		l2ra_nl_put_u32(w, L2RA_A_ADDR, l->addr);
	}
	l2ra_nl_put_u32(w, L2RA_A_EXPIRES, ka->left);
	if (l->lease_time && l->lease_time != ka->left)
		l2ra_nl_put_u32(w, L2RA_A_LEASE_TIME, l->lease_time);
	if (l->server_id && !l->v6)
		l2ra_nl_put_u32(w, L2RA_A_SERVER_ID, l->server_id);
	if (l->cltt > 0)
		l2ra_nl_put_u64(w, L2RA_A_CLTT, (uint64_t)l->cltt);
	if (l->flags)
		l2ra_nl_put_u32(w, L2RA_A_LEASE_FLAGS, l->flags);
	if (!p->by_circuit) {
		unsigned int port = ifindex_of(&p->ifc, l->port);

		if (port)
			l2ra_nl_put_u32(w, L2RA_A_IFINDEX, port);
		else
			l2ra_nl_put_string(w, L2RA_A_IFNAME, l->port);
	} else {
		unsigned int br = l->bridge[0] ?
				  ifindex_of(&p->ifc, l->bridge) : 0;

		l2ra_nl_put(w, L2RA_A_CIRCUIT_ID, l->circuit_id_len,
			    l->circuit_id);
		if (br)
			l2ra_nl_put_u32(w, L2RA_A_BRIDGE_IFINDEX, br);
	}
	return 0;
}

static void push_result(size_t i, int err, const char *extack, void *arg)
{
	struct push *p = arg;

	p->v[i].err = err;
	if (p->done)
		p->done(p->arg, i, err, extack);
}

int kernel_lease_add_batch(struct kernel *k, struct kernel_add *v, size_t n,
			   bool by_circuit, kernel_add_fn done, void *arg)
{
	struct push p = { .v = v, .by_circuit = by_circuit, .done = done,
			  .arg = arg };

	k->req.extack[0] = '\0';
	if (!k->req.family)
		return -ENOENT;
	return l2ra_nl_batch(&k->req, L2RA_CMD_LEASE_ADD, n, push_fill,
			     push_result, &p);
}

void kernel_events_pause(struct kernel *k)
{
	if (k->paused)
		return;
	if (k->grp)
		nl_socket_drop_membership(k->ev, k->grp);
	k->paused = true;
}

int kernel_events_resume(struct kernel *k)
{
	int e = 0;

	if (!k->paused)
		return 0;
	k->paused = false;
	/* Whatever is queued is older than the dump that follows. */
	kernel_drain_events(k);
	if (k->grp && (e = nl_socket_add_membership(k->ev, k->grp)) < 0) {
		snprintf(k->req.extack, sizeof(k->req.extack),
			 "cannot join group \"%s\": %s", L2RA_MCGRP_LEASES,
			 nl_geterror(e));
		k->grp = 0;
		k->req.family = 0;	/* resolved and joined again */
		return nlerr(e);
	}
	return 0;
}
