// SPDX-License-Identifier: GPL-2.0
/* port.c - "l2ractl port": set, del and show port entries. */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include <netlink/genl/genl.h>

#include "args.h"
#include "l2ractl.h"
#include "lease.h"
#include "output.h"
#include "stats.h"

enum { CMD_SET, CMD_DEL, CMD_SHOW, CMD_HELP };

static const struct kw port_cmds[] = {
	{ "set", CMD_SET },
	{ "del", CMD_DEL }, { "delete", CMD_DEL },
	{ "show", CMD_SHOW }, { "list", CMD_SHOW }, { "ls", CMD_SHOW },
	{ "help", CMD_HELP },
	{ NULL, 0 },
};

static const struct kw roles[] = {
	{ "untrusted", L2RA_ROLE_UNTRUSTED },
	{ "trusted", L2RA_ROLE_TRUSTED },
	{ NULL, 0 },
};

static const struct kw guards[] = {
	{ "off", L2RA_SOURCE_GUARD_OFF },
	{ "ip", L2RA_SOURCE_GUARD_IP },
	{ "ip-mac", L2RA_SOURCE_GUARD_IP_MAC },
	{ NULL, 0 },
};

static const struct kw opt82s[] = {
	{ "drop", L2RA_OPT82_DROP },
	{ "keep", L2RA_OPT82_KEEP },
	{ "replace", L2RA_OPT82_REPLACE },
	{ NULL, 0 },
};

void port_usage(FILE *f)
{
	fprintf(f,
		"Usage: l2ractl port set dev IFNAME [ role { trusted | untrusted } ]\n"
		"                    [ circuit-id { TEXT | hex HEX | default } ]\n"
		"                    [ remote-id { TEXT | hex HEX | default } ]\n"
		"                    [ opt82 { drop | keep | replace } ]\n"
		"                    [ unicast { on | off } ] [ chaddr-check { on | off } ]\n"
		"                    [ lease-max N ] [ xid-max N ] [ rate PPS ] [ burst N ]\n"
		"                    [ source-guard { off | ip | ip-mac } ]\n"
		"                    [ arp-guard { on | off } ]\n"
		"       l2ractl port del dev IFNAME\n"
		"       l2ractl [ -s ] port show [ dev IFNAME ] [ master BRIDGE ]\n"
		"       l2ractl port help\n"
		"HEX is octets like 01:02:0a or 01020a; circuit-id and remote-id are\n"
		"at most %d octets.  lease-max is the most leases the port keeps (default\n"
		"%d), xid-max its share of the transaction table (0 to %d, default %d),\n"
		"rate the DHCP packets per second it may send (0 to %d, default %d) and\n"
		"burst how many at once (1 to %d, default %d); 0 is no limit.\n"
		"source-guard and arp-guard filter what an untrusted port sends by\n"
		"its leases and static bindings (default off).\n",
		L2RA_CIRCUIT_ID_MAX, L2RA_PORT_LEASE_MAX_DEFAULT,
		L2RA_XID_TABLE_SIZE, L2RA_PORT_XID_MAX_DEFAULT, L2RA_RATE_MAX,
		L2RA_RATE_DEFAULT, L2RA_BURST_MAX, L2RA_BURST_DEFAULT);
}

static const char *kw_name(const struct kw *t, int id)
{
	for (; t->name; t++)
		if (t->id == id)
			return t->name;
	return NULL;
}

/* ---- port set ---- */

enum { P_DEV, P_ROLE, P_CIRCUIT, P_REMOTE, P_OPT82, P_UNICAST, P_CHADDR,
       P_LEASE_MAX, P_XID_MAX, P_RATE, P_BURST, P_SOURCE_GUARD,
       P_ARP_GUARD };

static const struct kw set_words[] = {
	{ "dev", P_DEV },
	{ "role", P_ROLE },
	{ "circuit-id", P_CIRCUIT },
	{ "remote-id", P_REMOTE },
	{ "opt82", P_OPT82 },
	{ "unicast", P_UNICAST },
	{ "chaddr-check", P_CHADDR },
	{ "lease-max", P_LEASE_MAX },
	{ "xid-max", P_XID_MAX },
	{ "rate", P_RATE },
	{ "burst", P_BURST },
	{ "source-guard", P_SOURCE_GUARD },
	{ "arp-guard", P_ARP_GUARD },
	{ NULL, 0 },
};

/* A u32 setting, given or not; the kernel checks its range. */
struct u32_arg {
	bool set;
	uint32_t v;
};

struct port_set {
	const char *dev;
	int role, opt82;		/* -1: not given */
	int unicast, chaddr;		/* -1: not given */
	int source_guard, arp_guard;	/* -1: not given */
	struct idarg circuit, remote;
	bool lease_max_set;
	uint32_t lease_max;
	struct u32_arg xid_max, rate, burst;
};

static int parse_u8_choice(struct args *a, const char *kw,
			   const struct kw *table, int *out)
{
	const char *v = args_value(a, kw);
	int id;

	if (!v)
		return -1;
	if (*out >= 0)
		return args_duplicate(a, kw);
	id = args_choice(a, kw, table, v);
	if (id < 0)
		return -1;
	*out = id;
	return 0;
}

static int parse_onoff(struct args *a, const char *kw, int *out)
{
	const char *v = args_value(a, kw);
	uint8_t b;

	if (!v)
		return -1;
	if (*out >= 0)
		return args_duplicate(a, kw);
	if (args_onoff(a, kw, v, &b))
		return -1;
	*out = b;
	return 0;
}

static int parse_u32(struct args *a, const char *kw, struct u32_arg *out)
{
	const char *v = args_value(a, kw);

	if (!v)
		return -1;
	if (out->set)
		return args_duplicate(a, kw);
	out->set = true;
	return lease_arg_u32(kw, v, 0, UINT32_MAX, "a number", &out->v);
}

static int parse_set(struct args *a, struct port_set *p)
{
	const char *w;

	while ((w = args_next(a))) {
		int id = kw_match(set_words, w), err;

		switch (id) {
		case P_DEV:
			if (p->dev)
				return args_duplicate(a, "dev");
			p->dev = args_dev(a, "dev");
			err = p->dev ? 0 : -1;
			break;
		case P_ROLE:
			err = parse_u8_choice(a, "role", roles, &p->role);
			break;
		case P_CIRCUIT:
			err = args_id(a, "circuit-id", L2RA_CIRCUIT_ID_MAX,
				      &p->circuit);
			break;
		case P_REMOTE:
			err = args_id(a, "remote-id", L2RA_REMOTE_ID_MAX,
				      &p->remote);
			break;
		case P_OPT82:
			err = parse_u8_choice(a, "opt82", opt82s, &p->opt82);
			break;
		case P_UNICAST:
			err = parse_onoff(a, "unicast", &p->unicast);
			break;
		case P_CHADDR:
			err = parse_onoff(a, "chaddr-check", &p->chaddr);
			break;
		case P_LEASE_MAX:
			if (!(w = args_value(a, "lease-max")))
				return -1;
			if (p->lease_max_set)
				return args_duplicate(a, "lease-max");
			p->lease_max_set = true;
			err = lease_arg_u32("lease-max", w, 0, UINT32_MAX,
					    "a number", &p->lease_max);
			break;
		case P_XID_MAX:
			err = parse_u32(a, "xid-max", &p->xid_max);
			break;
		case P_RATE:
			err = parse_u32(a, "rate", &p->rate);
			break;
		case P_BURST:
			err = parse_u32(a, "burst", &p->burst);
			break;
		case P_SOURCE_GUARD:
			err = parse_u8_choice(a, "source-guard", guards,
					      &p->source_guard);
			break;
		case P_ARP_GUARD:
			err = parse_onoff(a, "arp-guard", &p->arp_guard);
			break;
		case KW_AMBIGUOUS:
			return args_ambiguous(a, w);
		default:
			return args_unknown(a, w);
		}
		if (err)
			return -1;
	}
	if (!p->dev)
		return args_required(a, "dev");
	return 0;
}

static int put_set(struct nl_msg *msg, const struct port_set *p)
{
	if (nlc_put_string(msg, L2RA_A_IFNAME, p->dev))
		return -1;
	if (p->role >= 0 && nlc_put_u8(msg, L2RA_A_ROLE, (uint8_t)p->role))
		return -1;
	if (p->circuit.set && nlc_put(msg, L2RA_A_CIRCUIT_ID, p->circuit.buf,
				      p->circuit.len))
		return -1;
	if (p->remote.set && nlc_put(msg, L2RA_A_REMOTE_ID, p->remote.buf,
				     p->remote.len))
		return -1;
	if (p->opt82 >= 0 &&
	    nlc_put_u8(msg, L2RA_A_OPT82_POLICY, (uint8_t)p->opt82))
		return -1;
	if (p->unicast >= 0 &&
	    nlc_put_u8(msg, L2RA_A_UNICAST, (uint8_t)p->unicast))
		return -1;
	if (p->chaddr >= 0 &&
	    nlc_put_u8(msg, L2RA_A_CHADDR_CHECK, (uint8_t)p->chaddr))
		return -1;
	if (p->lease_max_set &&
	    nlc_put_u32(msg, L2RA_A_LEASE_MAX, p->lease_max))
		return -1;
	if (p->xid_max.set &&
	    nlc_put_u32(msg, L2RA_A_XID_MAX, p->xid_max.v))
		return -1;
	if (p->rate.set && nlc_put_u32(msg, L2RA_A_RATE, p->rate.v))
		return -1;
	if (p->burst.set && nlc_put_u32(msg, L2RA_A_BURST, p->burst.v))
		return -1;
	if (p->source_guard >= 0 &&
	    nlc_put_u8(msg, L2RA_A_SOURCE_GUARD, (uint8_t)p->source_guard))
		return -1;
	if (p->arp_guard >= 0 &&
	    nlc_put_u8(msg, L2RA_A_ARP_GUARD, (uint8_t)p->arp_guard))
		return -1;
	return 0;
}

/* Send @msg (consumed) expecting only an ACK; exit status. */
static int do_simple(struct l2ractl *ctx, struct nl_msg *msg)
{
	int err = nlc_request(&ctx->nl, msg, NULL, NULL);

	if (err) {
		nlc_perror(&ctx->nl, err);
		return 1;
	}
	return 0;
}

static int port_set(struct l2ractl *ctx, int argc, char **argv)
{
	struct port_set p = { .role = -1, .opt82 = -1, .unicast = -1,
			      .chaddr = -1, .source_guard = -1,
			      .arp_guard = -1 };
	struct nl_msg *msg;
	struct args a;

	args_init(&a, argc, argv, "port", "port set");
	if (parse_set(&a, &p))
		return 1;
	if (nlc_open(&ctx->nl))
		return 1;
	msg = nlc_msg(&ctx->nl, L2RA_CMD_PORT_SET, 0);
	if (!msg)
		return 1;
	if (put_set(msg, &p)) {
		nlmsg_free(msg);
		return 1;
	}
	return do_simple(ctx, msg);
}

/* ---- port del ---- */

static int parse_dev_only(struct args *a, const char **dev)
{
	static const struct kw words[] = { { "dev", 0 }, { NULL, 0 } };
	const char *w;

	while ((w = args_next(a))) {
		switch (kw_match(words, w)) {
		case 0:
			if (*dev)
				return args_duplicate(a, "dev");
			*dev = args_dev(a, "dev");
			if (!*dev)
				return -1;
			break;
		case KW_AMBIGUOUS:
			return args_ambiguous(a, w);
		default:
			return args_unknown(a, w);
		}
	}
	return *dev ? 0 : args_required(a, "dev");
}

static int port_del(struct l2ractl *ctx, int argc, char **argv)
{
	const char *dev = NULL;
	struct nl_msg *msg;
	struct args a;

	args_init(&a, argc, argv, "port", "port del");
	if (parse_dev_only(&a, &dev))
		return 1;
	if (nlc_open(&ctx->nl))
		return 1;
	msg = nlc_msg(&ctx->nl, L2RA_CMD_PORT_DEL, 0);
	if (!msg)
		return 1;
	if (nlc_put_string(msg, L2RA_A_IFNAME, dev)) {
		nlmsg_free(msg);
		return 1;
	}
	return do_simple(ctx, msg);
}

/* ---- port show ---- */

struct port_show {
	struct l2ractl *ctx;
	uint32_t master;	/* 0: any */
};

static uint8_t get_u8(struct nlattr **tb, int type, uint8_t dflt)
{
	return tb[type] ? nla_get_u8(tb[type]) : dflt;
}

static void print_enum(const char *label, const struct kw *t,
		       struct nlattr *attr)
{
	const char *name;

	if (!attr)
		return;
	name = kw_name(t, nla_get_u8(attr));
	if (name)
		printf(" %s %s", label, name);
	else
		printf(" %s %u", label, nla_get_u8(attr));
}

static void json_enum(struct json *js, const char *key, const struct kw *t,
		      struct nlattr *attr)
{
	const char *name;

	if (!attr)
		return;
	name = kw_name(t, nla_get_u8(attr));
	if (name)
		json_kv_str(js, key, name);
	else
		json_kv_u64(js, key, nla_get_u8(attr));
}

static void port_plain(struct l2ractl *ctx, struct nlattr **tb,
		       uint32_t defaults)
{
	char buf[IF_NAMESIZE + 16];
	const struct nlattr *a;

	if (tb[L2RA_A_IFNAME])
		printf("%s", nla_get_string(tb[L2RA_A_IFNAME]));
	else if (tb[L2RA_A_IFINDEX])
		printf("if%u", nla_get_u32(tb[L2RA_A_IFINDEX]));
	if (tb[L2RA_A_BRIDGE_IFINDEX])
		printf(" master %s",
		       ifname_of(nla_get_u32(tb[L2RA_A_BRIDGE_IFINDEX]), buf,
				 sizeof(buf)));
	print_enum("role", roles, tb[L2RA_A_ROLE]);
	if (tb[L2RA_A_CIRCUIT_ID])
		print_id("circuit-id", tb[L2RA_A_CIRCUIT_ID], false,
			 defaults & L2RA_DEFAULT_CIRCUIT_ID);
	if (tb[L2RA_A_REMOTE_ID])
		print_id("remote-id", tb[L2RA_A_REMOTE_ID], false, false);
	print_enum("opt82", opt82s, tb[L2RA_A_OPT82_POLICY]);
	if (tb[L2RA_A_UNICAST])
		printf(" unicast %s",
		       get_u8(tb, L2RA_A_UNICAST, 0) ? "on" : "off");
	if (tb[L2RA_A_CHADDR_CHECK])
		printf(" chaddr-check %s",
		       get_u8(tb, L2RA_A_CHADDR_CHECK, 0) ? "on" : "off");
	if ((a = lease_attr(tb, L2RA_A_LEASE_COUNT, 4)))
		printf(" lease-count %u", nla_get_u32(a));
	if ((a = lease_attr(tb, L2RA_A_LEASE_MAX, 4)))
		printf(" lease-max %u", nla_get_u32(a));
	if ((a = lease_attr(tb, L2RA_A_XID_MAX, 4)))
		printf(" xid-max %u", nla_get_u32(a));
	if ((a = lease_attr(tb, L2RA_A_RATE, 4)))
		printf(" rate %u", nla_get_u32(a));
	if ((a = lease_attr(tb, L2RA_A_BURST, 4)))
		printf(" burst %u", nla_get_u32(a));
	print_enum("source-guard", guards, tb[L2RA_A_SOURCE_GUARD]);
	if (tb[L2RA_A_ARP_GUARD])
		printf(" arp-guard %s",
		       get_u8(tb, L2RA_A_ARP_GUARD, 0) ? "on" : "off");
	printf("\n");
	if (ctx->stats && tb[L2RA_A_STATS])
		stats_print_plain(tb[L2RA_A_STATS], "    ", ctx->stats < 2);
}

static void port_json(struct l2ractl *ctx, struct nlattr **tb,
		      uint32_t defaults)
{
	struct json *js = &ctx->js;
	char buf[IF_NAMESIZE + 16];
	const struct nlattr *a;

	json_obj_open(js);
	if (tb[L2RA_A_IFNAME])
		json_kv_str(js, "ifname", nla_get_string(tb[L2RA_A_IFNAME]));
	if (tb[L2RA_A_IFINDEX])
		json_kv_u64(js, "ifindex", nla_get_u32(tb[L2RA_A_IFINDEX]));
	if (tb[L2RA_A_BRIDGE_IFINDEX])
		json_kv_str(js, "master",
			    ifname_of(nla_get_u32(tb[L2RA_A_BRIDGE_IFINDEX]),
				      buf, sizeof(buf)));
	json_enum(js, "role", roles, tb[L2RA_A_ROLE]);
	if (tb[L2RA_A_CIRCUIT_ID])
		json_id(js, "circuit_id", tb[L2RA_A_CIRCUIT_ID], false, true,
			defaults & L2RA_DEFAULT_CIRCUIT_ID);
	json_id(js, "remote_id", tb[L2RA_A_REMOTE_ID], false, false, false);
	json_enum(js, "opt82", opt82s, tb[L2RA_A_OPT82_POLICY]);
	if (tb[L2RA_A_UNICAST])
		json_kv_bool(js, "unicast", get_u8(tb, L2RA_A_UNICAST, 0));
	if (tb[L2RA_A_CHADDR_CHECK])
		json_kv_bool(js, "chaddr_check",
			     get_u8(tb, L2RA_A_CHADDR_CHECK, 0));
	if ((a = lease_attr(tb, L2RA_A_LEASE_COUNT, 4)))
		json_kv_u64(js, "lease_count", nla_get_u32(a));
	if ((a = lease_attr(tb, L2RA_A_LEASE_MAX, 4)))
		json_kv_u64(js, "lease_max", nla_get_u32(a));
	if ((a = lease_attr(tb, L2RA_A_XID_MAX, 4)))
		json_kv_u64(js, "xid_max", nla_get_u32(a));
	if ((a = lease_attr(tb, L2RA_A_RATE, 4)))
		json_kv_u64(js, "rate", nla_get_u32(a));
	if ((a = lease_attr(tb, L2RA_A_BURST, 4)))
		json_kv_u64(js, "burst", nla_get_u32(a));
	json_enum(js, "source_guard", guards, tb[L2RA_A_SOURCE_GUARD]);
	if (tb[L2RA_A_ARP_GUARD])
		json_kv_bool(js, "arp_guard", get_u8(tb, L2RA_A_ARP_GUARD, 0));
	if (ctx->stats && tb[L2RA_A_STATS]) {
		json_key(js, "stats");
		json_obj_open(js);
		stats_print_json(js, tb[L2RA_A_STATS]);
		json_obj_close(js);
	}
	json_obj_close(js);
}

static int port_reply(struct nlattr **tb, void *arg)
{
	struct port_show *s = arg;
	uint32_t defaults = tb[L2RA_A_DEFAULTS] ?
			    nla_get_u32(tb[L2RA_A_DEFAULTS]) : 0;

	if (s->master && (!tb[L2RA_A_BRIDGE_IFINDEX] ||
			  nla_get_u32(tb[L2RA_A_BRIDGE_IFINDEX]) != s->master))
		return 0;
	if (s->ctx->json)
		port_json(s->ctx, tb, defaults);
	else
		port_plain(s->ctx, tb, defaults);
	return 0;
}

static int port_show(struct l2ractl *ctx, int argc, char **argv)
{
	static const struct kw words[] = {
		{ "dev", 0 }, { "master", 1 }, { NULL, 0 },
	};
	struct port_show s = { .ctx = ctx };
	const char *dev = NULL, *master = NULL, *w;
	struct nl_msg *msg;
	struct args a;
	int err, rc = 0;

	args_init(&a, argc, argv, "port", "port show");
	while ((w = args_next(&a))) {
		switch (kw_match(words, w)) {
		case 0:
			if (dev)
				return args_duplicate(&a, "dev"), 1;
			if (!(dev = args_dev(&a, "dev")))
				return 1;
			break;
		case 1:
			if (master)
				return args_duplicate(&a, "master"), 1;
			if (!(master = args_dev(&a, "master")))
				return 1;
			break;
		case KW_AMBIGUOUS:
			return args_ambiguous(&a, w), 1;
		default:
			return args_unknown(&a, w), 1;
		}
	}
	if (master) {
		s.master = if_nametoindex(master);
		if (!s.master) {
			errorf("cannot find device \"%s\"", master);
			return 1;
		}
	}

	if (nlc_open(&ctx->nl))
		return 1;
	msg = nlc_msg(&ctx->nl, L2RA_CMD_PORT_GET, dev ? 0 : NLM_F_DUMP);
	if (!msg)
		return 1;
	if ((dev && nlc_put_string(msg, L2RA_A_IFNAME, dev)) ||
	    (!dev && s.master &&
	     nlc_put_u32(msg, L2RA_A_BRIDGE_IFINDEX, s.master))) {
		nlmsg_free(msg);
		return 1;
	}
	if (ctx->json)
		json_arr_open(&ctx->js);
	err = nlc_request(&ctx->nl, msg, port_reply, &s);
	if (ctx->json)
		json_arr_close(&ctx->js);
	if (err) {
		fflush(stdout);
		if (err == -ENOENT && dev && !ctx->nl.extack[0])
			errorf("%s has no l2ra port entry", dev);
		else
			nlc_perror(&ctx->nl, err);
		rc = 1;
	}
	return rc;
}

int port_main(struct l2ractl *ctx, int argc, char **argv)
{
	struct args a;
	const char *w;

	if (argc < 1)
		return port_show(ctx, 0, argv);
	args_init(&a, argc, argv, "port", "port");
	w = args_next(&a);
	switch (kw_match(port_cmds, w)) {
	case CMD_SET:
		return port_set(ctx, argc - 1, argv + 1);
	case CMD_DEL:
		return port_del(ctx, argc - 1, argv + 1);
	case CMD_SHOW:
		return port_show(ctx, argc - 1, argv + 1);
	case CMD_HELP:
		port_usage(stdout);
		return 0;
	case KW_AMBIGUOUS:
		errorf("ambiguous command \"%s\", try \"l2ractl port help\"", w);
		return 1;
	default:
		errorf("command \"%s\" is unknown, try \"l2ractl port help\"", w);
		return 1;
	}
}
