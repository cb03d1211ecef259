// SPDX-License-Identifier: GPL-2.0
/* bridge.c - "l2ractl bridge": set, del and show bridge configurations. */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include <netlink/genl/genl.h>

#include "args.h"
#include "l2ractl.h"
#include "lease.h"
#include "output.h"

enum { CMD_SET, CMD_DEL, CMD_SHOW, CMD_HELP };

static const struct kw bridge_cmds[] = {
	{ "set", CMD_SET },
	{ "del", CMD_DEL }, { "delete", CMD_DEL },
	{ "show", CMD_SHOW }, { "list", CMD_SHOW }, { "ls", CMD_SHOW },
	{ "help", CMD_HELP },
	{ NULL, 0 },
};

void bridge_usage(FILE *f)
{
	fprintf(f,
		"Usage: l2ractl bridge set dev BRIDGE [ relay { on | off } ]\n"
		"                    [ remote-id { TEXT | hex HEX | default } ]\n"
		"                    [ relay-id { hex HEX | generate | default } ]\n"
		"                    [ relay6 { on | off } ] [ enterprise N ]\n"
		"       l2ractl bridge del dev BRIDGE\n"
		"       l2ractl bridge show [ dev BRIDGE ]\n"
		"       l2ractl bridge help\n"
		"HEX is octets like 01:02:0a or 01020a.  remote-id is at most %d octets,\n"
		"relay-id (a DUID) %d to %d; \"relay-id generate\" sets a new random\n"
		"DUID-UUID.  relay6 (default on) makes the bridge a Lightweight DHCPv6\n"
		"Relay Agent too when the relay is on; enterprise is the enterprise-number\n"
		"of the DHCPv6 Remote-ID (default 0).\n",
		L2RA_REMOTE_ID_MAX, L2RA_RELAY_ID_MIN, L2RA_RELAY_ID_MAX);
}

/* ---- bridge set ---- */

enum { B_DEV, B_RELAY, B_REMOTE, B_RELAY_ID, B_RELAY6, B_ENTERPRISE };

static const struct kw set_words[] = {
	{ "dev", B_DEV },
	{ "relay", B_RELAY },
	{ "remote-id", B_REMOTE },
	{ "relay-id", B_RELAY_ID },
	{ "relay6", B_RELAY6 },
	{ "enterprise", B_ENTERPRISE },
	{ NULL, 0 },
};

struct bridge_set {
	const char *dev;
	int relay;			/* -1: not given */
	int relay6;			/* -1: not given */
	bool has_enterprise;
	uint32_t enterprise;
	struct idarg remote, relay_id;
};

static int parse_relay_id(struct args *a, struct idarg *id)
{
	const char *v = args_value(a, "relay-id");
	int err;

	if (!v)
		return -1;
	if (id->set)
		return args_duplicate(a, "relay-id");
	id->set = true;
	if (strcmp(v, "default") == 0) {
		id->len = 0;
		return 0;
	}
	if (strcmp(v, "generate") == 0) {
		err = ids_duid_uuid(id->buf, NULL);
		if (err) {
			errorf("cannot generate a relay-id: %s", strerror(-err));
			return -1;
		}
		id->len = IDS_DUID_UUID_LEN;
		return 0;
	}
	if (strcmp(v, "hex") != 0) {
		errorf("invalid relay-id \"%s\": expected hex HEX, generate or default",
		       v);
		return -1;
	}
	v = args_value(a, "relay-id");
	if (!v)
		return -1;
	err = ids_parse_hex(v, id->buf, L2RA_RELAY_ID_MAX, &id->len);
	if (err)
		return args_id_error("relay-id", v, err, L2RA_RELAY_ID_MAX);
	if (id->len < L2RA_RELAY_ID_MIN) {
		errorf("relay-id \"%s\" is too short: a DUID has at least %d octets",
		       v, L2RA_RELAY_ID_MIN);
		return -1;
	}
	return 0;
}

static int parse_set(struct args *a, struct bridge_set *b)
{
	const char *w, *v;
	uint8_t on;
	int err;

	while ((w = args_next(a))) {
		switch (kw_match(set_words, w)) {
		case B_DEV:
			if (b->dev)
				return args_duplicate(a, "dev");
			b->dev = args_dev(a, "dev");
			err = b->dev ? 0 : -1;
			break;
		case B_RELAY:
			if (!(v = args_value(a, "relay")))
				return -1;
			if (b->relay >= 0)
				return args_duplicate(a, "relay");
			err = args_onoff(a, "relay", v, &on);
			b->relay = on;
			break;
		case B_RELAY6:
			if (!(v = args_value(a, "relay6")))
				return -1;
			if (b->relay6 >= 0)
				return args_duplicate(a, "relay6");
			err = args_onoff(a, "relay6", v, &on);
			b->relay6 = on;
			break;
		case B_ENTERPRISE:
			if (!(v = args_value(a, "enterprise")))
				return -1;
			if (b->has_enterprise)
				return args_duplicate(a, "enterprise");
			b->has_enterprise = true;
			err = lease_arg_u32("enterprise", v, 0, UINT32_MAX,
					    "an enterprise number",
					    &b->enterprise);
			break;
		case B_REMOTE:
			err = args_id(a, "remote-id", L2RA_REMOTE_ID_MAX,
				      &b->remote);
			break;
		case B_RELAY_ID:
			err = parse_relay_id(a, &b->relay_id);
			break;
		case KW_AMBIGUOUS:
			return args_ambiguous(a, w);
		default:
			return args_unknown(a, w);
		}
		if (err)
			return -1;
	}
	return b->dev ? 0 : args_required(a, "dev");
}

static int put_set(struct nl_msg *msg, const struct bridge_set *b)
{
	if (nlc_put_string(msg, L2RA_A_IFNAME, b->dev))
		return -1;
	if (b->relay >= 0 &&
	    nlc_put_u8(msg, L2RA_A_ENABLED, (uint8_t)b->relay))
		return -1;
	if (b->relay6 >= 0 &&
	    nlc_put_u8(msg, L2RA_A_RELAY6, (uint8_t)b->relay6))
		return -1;
	if (b->has_enterprise &&
	    nlc_put_u32(msg, L2RA_A_ENTERPRISE, b->enterprise))
		return -1;
	if (b->remote.set && nlc_put(msg, L2RA_A_REMOTE_ID, b->remote.buf,
				     b->remote.len))
		return -1;
	if (b->relay_id.set && nlc_put(msg, L2RA_A_RELAY_ID, b->relay_id.buf,
				       b->relay_id.len))
		return -1;
	return 0;
}

/* Open, build @cmd for @b (or just dev), send; exit status. */
static int send_cmd(struct l2ractl *ctx, uint8_t cmd,
		    const struct bridge_set *b)
{
	struct nl_msg *msg;
	int err;

	if (nlc_open(&ctx->nl))
		return 1;
	msg = nlc_msg(&ctx->nl, cmd, 0);
	if (!msg)
		return 1;
	if (put_set(msg, b)) {
		nlmsg_free(msg);
		return 1;
	}
	err = nlc_request(&ctx->nl, msg, NULL, NULL);
	if (err) {
		nlc_perror(&ctx->nl, err);
		return 1;
	}
	return 0;
}

static int bridge_set(struct l2ractl *ctx, int argc, char **argv)
{
	struct bridge_set b = { .relay = -1, .relay6 = -1 };
	struct args a;

	args_init(&a, argc, argv, "bridge", "bridge set");
	if (parse_set(&a, &b))
		return 1;
	return send_cmd(ctx, L2RA_CMD_BRIDGE_SET, &b);
}

/* "dev BRIDGE" and nothing else; @required for del. */
static int parse_dev(struct args *a, const char **dev, bool required)
{
	static const struct kw words[] = { { "dev", 0 }, { NULL, 0 } };
	const char *w;

	while ((w = args_next(a))) {
		switch (kw_match(words, w)) {
		case 0:
			if (*dev)
				return args_duplicate(a, "dev");
			if (!(*dev = args_dev(a, "dev")))
				return -1;
			break;
		case KW_AMBIGUOUS:
			return args_ambiguous(a, w);
		default:
			return args_unknown(a, w);
		}
	}
	return *dev || !required ? 0 : args_required(a, "dev");
}

static int bridge_del(struct l2ractl *ctx, int argc, char **argv)
{
	struct bridge_set b = { .relay = -1, .relay6 = -1 };
	struct args a;

	args_init(&a, argc, argv, "bridge", "bridge del");
	if (parse_dev(&a, &b.dev, true))
		return 1;
	return send_cmd(ctx, L2RA_CMD_BRIDGE_DEL, &b);
}

/* ---- bridge show ---- */

static int bridge_reply(struct nlattr **tb, void *arg)
{
	struct l2ractl *ctx = arg;
	uint32_t defaults = tb[L2RA_A_DEFAULTS] ?
			    nla_get_u32(tb[L2RA_A_DEFAULTS]) : 0;
	bool remote_dflt = defaults & L2RA_DEFAULT_REMOTE_ID;
	bool relay_dflt = defaults & L2RA_DEFAULT_RELAY_ID;
	struct json *js = &ctx->js;

	if (ctx->json) {
		json_obj_open(js);
		if (tb[L2RA_A_IFNAME])
			json_kv_str(js, "ifname",
				    nla_get_string(tb[L2RA_A_IFNAME]));
		if (tb[L2RA_A_IFINDEX])
			json_kv_u64(js, "ifindex",
				    nla_get_u32(tb[L2RA_A_IFINDEX]));
		if (tb[L2RA_A_ENABLED])
			json_kv_bool(js, "relay",
				     nla_get_u8(tb[L2RA_A_ENABLED]));
		/* The default remote-id is a MAC address: always hex. */
		json_id(js, "remote_id", tb[L2RA_A_REMOTE_ID], remote_dflt,
			true, remote_dflt);
		json_id(js, "relay_id", tb[L2RA_A_RELAY_ID], true, true,
			relay_dflt);
		if (tb[L2RA_A_RELAY6])
			json_kv_bool(js, "relay6",
				     nla_get_u8(tb[L2RA_A_RELAY6]));
		if (tb[L2RA_A_ENTERPRISE])
			json_kv_u64(js, "enterprise",
				    nla_get_u32(tb[L2RA_A_ENTERPRISE]));
		json_obj_close(js);
		return 0;
	}
	if (tb[L2RA_A_IFNAME])
		printf("%s", nla_get_string(tb[L2RA_A_IFNAME]));
	else if (tb[L2RA_A_IFINDEX])
		printf("if%u", nla_get_u32(tb[L2RA_A_IFINDEX]));
	if (tb[L2RA_A_ENABLED])
		printf(" relay %s", nla_get_u8(tb[L2RA_A_ENABLED]) ? "on" : "off");
	if (tb[L2RA_A_REMOTE_ID])
		print_id("remote-id", tb[L2RA_A_REMOTE_ID], remote_dflt,
			 remote_dflt);
	if (tb[L2RA_A_RELAY_ID])
		print_id("relay-id", tb[L2RA_A_RELAY_ID], true, relay_dflt);
	if (tb[L2RA_A_RELAY6])
		printf(" relay6 %s", nla_get_u8(tb[L2RA_A_RELAY6]) ? "on" : "off");
	if (tb[L2RA_A_ENTERPRISE])
		printf(" enterprise %u", nla_get_u32(tb[L2RA_A_ENTERPRISE]));
	printf("\n");
	return 0;
}

static int bridge_show(struct l2ractl *ctx, int argc, char **argv)
{
	const char *dev = NULL;
	struct nl_msg *msg;
	struct args a;
	int err;

	args_init(&a, argc, argv, "bridge", "bridge show");
	if (parse_dev(&a, &dev, false))
		return 1;
	if (nlc_open(&ctx->nl))
		return 1;
	msg = nlc_msg(&ctx->nl, L2RA_CMD_BRIDGE_GET, dev ? 0 : NLM_F_DUMP);
	if (!msg)
		return 1;
	if (dev && nlc_put_string(msg, L2RA_A_IFNAME, dev)) {
		nlmsg_free(msg);
		return 1;
	}
	if (ctx->json)
		json_arr_open(&ctx->js);
	err = nlc_request(&ctx->nl, msg, bridge_reply, ctx);
	if (ctx->json)
		json_arr_close(&ctx->js);
	if (err) {
		fflush(stdout);
		if (err == -ENOENT && dev && !ctx->nl.extack[0])
			errorf("the relay is not configured on %s", dev);
		else
			nlc_perror(&ctx->nl, err);
		return 1;
	}
	return 0;
}

int bridge_main(struct l2ractl *ctx, int argc, char **argv)
{
	const char *w;

	if (argc < 1)
		return bridge_show(ctx, 0, argv);
	w = argv[0];
	switch (kw_match(bridge_cmds, w)) {
	case CMD_SET:
		return bridge_set(ctx, argc - 1, argv + 1);
	case CMD_DEL:
		return bridge_del(ctx, argc - 1, argv + 1);
	case CMD_SHOW:
		return bridge_show(ctx, argc - 1, argv + 1);
	case CMD_HELP:
		bridge_usage(stdout);
		return 0;
	case KW_AMBIGUOUS:
		errorf("ambiguous command \"%s\", try \"l2ractl bridge help\"", w);
		return 1;
	default:
		errorf("command \"%s\" is unknown, try \"l2ractl bridge help\"", w);
		return 1;
	}
}
