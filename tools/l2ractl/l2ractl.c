// SPDX-License-Identifier: GPL-2.0
/*
 * l2ractl - configure the l2ra Layer 2 DHCP relay agent over generic netlink.
 *
 *   l2ractl [ OPTIONS ] OBJECT { COMMAND | help }
 *
 * main() parses the global options, enters the network namespace and hands
 * the rest of the command line to the object's handler.
 */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "kw.h"
#include "l2ractl.h"
#include "netns.h"

#ifndef L2RACTL_VERSION
#define L2RACTL_VERSION "0.1"
#endif

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: l2ractl [ OPTIONS ] OBJECT { COMMAND | help }\n"
		"       l2ractl help\n"
		"where  OBJECT := { port | bridge | stats | lease | binding | monitor |\n"
		"                   config | leasequery }\n"
		"       OPTIONS := { -j[son] | -p[retty] | -s[tatistics] (twice: zeros too) |\n"
		"                    -n[etns] NETNS | -h[elp] | -V[ersion] }\n"
		"\n");
	port_usage(f);
	fputc('\n', f);
	bridge_usage(f);
	fputc('\n', f);
	stats_usage(f);
	fputc('\n', f);
	lease_usage(f);
	fputc('\n', f);
	binding_usage(f);
	fputc('\n', f);
	monitor_usage(f);
	fputc('\n', f);
	config_usage(f);
	fputc('\n', f);
	leasequery_usage(f);
}

enum { OPT_JSON, OPT_PRETTY, OPT_STATS, OPT_NETNS, OPT_HELP, OPT_VERSION };

static const struct kw options[] = {
	{ "json", OPT_JSON },
	{ "pretty", OPT_PRETTY },
	{ "statistics", OPT_STATS }, { "stats", OPT_STATS },
	{ "netns", OPT_NETNS },
	{ "help", OPT_HELP },
	{ "Version", OPT_VERSION },
	{ NULL, 0 },
};

enum { OBJ_PORT, OBJ_BRIDGE, OBJ_STATS, OBJ_LEASE, OBJ_MONITOR, OBJ_CONFIG,
       OBJ_LEASEQUERY, OBJ_BINDING, OBJ_HELP };

static const struct kw objects[] = {
	{ "port", OBJ_PORT },
	{ "bridge", OBJ_BRIDGE },
	{ "stats", OBJ_STATS },
	{ "lease", OBJ_LEASE }, { "leases", OBJ_LEASE },
	{ "monitor", OBJ_MONITOR },
	{ "config", OBJ_CONFIG },
	{ "help", OBJ_HELP },
	{ NULL, 0 },
};

/*
 * Parse the options in front of the object.  Returns the index of the
 * object word, or -1 for an error (printed), or -2 when done (help,
 * version) with exit status 0.
 */
static int parse_options(struct l2ractl *ctx, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *opt = argv[i] + 1;

		if (opt[0] == '-')
			opt++;		/* --json works as -json */
		if (opt[0] == '\0') {	/* "--": end of options */
			if (argv[i][1] == '-')
				return i + 1;
			errorf("option \"-\" is unknown, try \"l2ractl help\"");
			return -1;
		}
		switch (kw_match(options, opt)) {
		case OPT_JSON:
			ctx->json = true;
			break;
		case OPT_PRETTY:
			ctx->pretty = true;
			break;
		case OPT_STATS:
			ctx->stats++;
			break;
		case OPT_NETNS:
			if (++i >= argc) {
				errorf("option \"%s\" needs a network namespace name",
				       argv[i - 1]);
				return -1;
			}
			ctx->netns = argv[i];
			break;
		case OPT_HELP:
			usage(stdout);
			return -2;
		case OPT_VERSION:
			printf("l2ractl %s (l2ra generic netlink version %d)\n",
			       L2RACTL_VERSION, L2RA_GENL_VERSION);
			return -2;
		case KW_AMBIGUOUS:
			errorf("option \"%s\" is ambiguous, try \"l2ractl help\"",
			       argv[i]);
			return -1;
		default:
			errorf("option \"%s\" is unknown, try \"l2ractl help\"",
			       argv[i]);
			return -1;
		}
	}
	return i;
}

int main(int argc, char **argv)
{
	struct l2ractl ctx = { 0 };
	int i, obj, rc;

	i = parse_options(&ctx, argc, argv);
	if (i < 0)
		return i == -2 ? 0 : 1;
	if (i >= argc) {
		usage(stderr);
		return 1;
	}
	/*
	 * Spelled out, so that "l" and "lea" still mean "lease", as they did
	 * before leasequery existed.
	 */
	if (!strcmp(argv[i], "leasequery"))
		obj = OBJ_LEASEQUERY;
	/* Likewise: "b" is still "bridge". */
	else if (!strcmp(argv[i], "binding") || !strcmp(argv[i], "bindings"))
		obj = OBJ_BINDING;
	else
		obj = kw_match(objects, argv[i]);
	if (obj == OBJ_HELP) {
		usage(stdout);
		return 0;
	}
	if (obj < 0) {
		errorf("object \"%s\" is %s, try \"l2ractl help\"", argv[i],
		       obj == KW_AMBIGUOUS ? "ambiguous" : "unknown");
		return 1;
	}
	if (ctx.netns && netns_enter(ctx.netns))
		return 1;
	json_init(&ctx.js, stdout, ctx.pretty);

	argc -= i + 1;
	argv += i + 1;
	switch (obj) {
	case OBJ_PORT:
		rc = port_main(&ctx, argc, argv);
		break;
	case OBJ_BRIDGE:
		rc = bridge_main(&ctx, argc, argv);
		break;
	case OBJ_LEASE:
		rc = lease_main(&ctx, argc, argv);
		break;
	case OBJ_MONITOR:
		rc = monitor_main(&ctx, argc, argv);
		break;
	case OBJ_CONFIG:
		rc = config_main(&ctx, argc, argv);
		break;
	case OBJ_LEASEQUERY:
		rc = leasequery_main(&ctx, argc, argv);
		break;
	case OBJ_BINDING:
		rc = binding_main(&ctx, argc, argv);
		break;
	default:
		rc = stats_main(&ctx, argc, argv);
		break;
	}
	nlc_close(&ctx.nl);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("l2ractl: write error");
		rc = 1;
	}
	return rc;
}
