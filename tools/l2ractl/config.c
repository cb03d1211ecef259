// SPDX-License-Identifier: GPL-2.0
/*
 * config.c - "l2ractl config": the namespace-wide settings
 * (L2RA_CMD_CONFIG_GET / L2RA_CMD_CONFIG_SET), today the lease table limit.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <netlink/genl/genl.h>

#include "args.h"
#include "l2ractl.h"
#include "lease.h"

enum { CMD_SHOW, CMD_SET, CMD_HELP };

static const struct kw config_cmds[] = {
	{ "show", CMD_SHOW }, { "list", CMD_SHOW }, { "ls", CMD_SHOW },
	{ "set", CMD_SET },
	{ "help", CMD_HELP },
	{ NULL, 0 },
};

void config_usage(FILE *f)
{
	fprintf(f,
		"Usage: l2ractl config show\n"
		"       l2ractl config set lease-max N\n"
		"       l2ractl config help\n"
		"lease-max is the most leases the namespace keeps (0 to %" PRIu32
		", 0 refuses\n"
		"all; the kernel's default is %d).\n",
		UINT32_MAX, L2RA_LEASE_MAX_DEFAULT);
}

/* ---- config show ---- */

struct config_show {
	struct l2ractl *ctx;
	int replies;
};

static int config_reply(struct nlattr **tb, void *arg)
{
	struct config_show *s = arg;
	const struct nlattr *max = lease_attr(tb, L2RA_A_LEASE_MAX, 4);
	const struct nlattr *count = lease_attr(tb, L2RA_A_LEASE_COUNT, 4);
	struct json *js = &s->ctx->js;

	if (s->replies++)	/* one message expected */
		return 0;
	if (s->ctx->json) {
		json_obj_open(js);
		if (max)
			json_kv_u64(js, "lease_max",
				    nla_get_u32(max));
		if (count)
			json_kv_u64(js, "lease_count",
				    nla_get_u32(count));
		json_obj_close(js);
		return 0;
	}
	if (max)
		printf("lease-max %u", nla_get_u32(max));
	if (count)
		printf("%slease-count %u", max ? " " : "",
		       nla_get_u32(count));
	if (max || count)
		printf("\n");
	return 0;
}

static int config_show(struct l2ractl *ctx, int argc, char **argv)
{
	struct config_show s = { .ctx = ctx };
	struct nl_msg *msg;
	struct args a;
	const char *w;
	int err;

	args_init(&a, argc, argv, "config", "config show");
	if ((w = args_next(&a)))
		return args_unknown(&a, w), 1;
	if (nlc_open(&ctx->nl))
		return 1;
	msg = nlc_msg(&ctx->nl, L2RA_CMD_CONFIG_GET, 0);
	if (!msg)
		return 1;
	err = nlc_request(&ctx->nl, msg, config_reply, &s);
	if (err) {
		nlc_perror(&ctx->nl, err);
		return 1;
	}
	if (!s.replies && ctx->json) {
		json_obj_open(&ctx->js);
		json_obj_close(&ctx->js);
	}
	return 0;
}

/* ---- config set ---- */

static int config_set(struct l2ractl *ctx, int argc, char **argv)
{
	static const struct kw words[] = { { "lease-max", 0 }, { NULL, 0 } };
	bool max_set = false;
	uint32_t max = 0;
	struct nl_msg *msg;
	struct args a;
	const char *w, *v;
	int err;

	args_init(&a, argc, argv, "config", "config set");
	while ((w = args_next(&a))) {
		switch (kw_match(words, w)) {
		case 0:
			if (!(v = args_value(&a, "lease-max")))
				return 1;
			if (max_set)
				return args_duplicate(&a, "lease-max"), 1;
			max_set = true;
			if (lease_arg_u32("lease-max", v, 0, UINT32_MAX,
					  "a number", &max))
				return 1;
			break;
		case KW_AMBIGUOUS:
			return args_ambiguous(&a, w), 1;
		default:
			return args_unknown(&a, w), 1;
		}
	}
	if (!max_set)
		return args_required(&a, "lease-max"), 1;

	if (nlc_open(&ctx->nl))
		return 1;
	msg = nlc_msg(&ctx->nl, L2RA_CMD_CONFIG_SET, 0);
	if (!msg)
		return 1;
	if (nlc_put_u32(msg, L2RA_A_LEASE_MAX, max)) {
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

int config_main(struct l2ractl *ctx, int argc, char **argv)
{
	const char *w;

	if (argc < 1)
		return config_show(ctx, 0, argv);
	w = argv[0];
	switch (kw_match(config_cmds, w)) {
	case CMD_SHOW:
		return config_show(ctx, argc - 1, argv + 1);
	case CMD_SET:
		return config_set(ctx, argc - 1, argv + 1);
	case CMD_HELP:
		config_usage(stdout);
		return 0;
	case KW_AMBIGUOUS:
		errorf("ambiguous command \"%s\", try \"l2ractl config help\"", w);
		return 1;
	default:
		errorf("command \"%s\" is unknown, try \"l2ractl config help\"", w);
		return 1;
	}
}
