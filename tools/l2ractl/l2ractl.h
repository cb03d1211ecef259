/* SPDX-License-Identifier: GPL-2.0 */
/*
 * l2ractl.h - the context every command gets: global options, the netlink
 * connection and the JSON writer.  There is no other mutable global state.
 */
#ifndef L2RACTL_L2RACTL_H
#define L2RACTL_L2RACTL_H

#include <stdbool.h>
#include <stdio.h>

#include "json.h"
#include "nl.h"

struct l2ractl {
	bool json;		/* -j */
	bool pretty;		/* -p */
	int stats;		/* number of -s */
	const char *netns;	/* -n NETNS */
	struct l2ra_nl nl;
	struct json js;
};

/* Object handlers: argv[0] is the first word after the object. */
int port_main(struct l2ractl *ctx, int argc, char **argv);
int bridge_main(struct l2ractl *ctx, int argc, char **argv);
int stats_main(struct l2ractl *ctx, int argc, char **argv);
int lease_main(struct l2ractl *ctx, int argc, char **argv);
int binding_main(struct l2ractl *ctx, int argc, char **argv);
int monitor_main(struct l2ractl *ctx, int argc, char **argv);
int config_main(struct l2ractl *ctx, int argc, char **argv);
int leasequery_main(struct l2ractl *ctx, int argc, char **argv);

void port_usage(FILE *f);
void bridge_usage(FILE *f);
void stats_usage(FILE *f);
void lease_usage(FILE *f);
void binding_usage(FILE *f);
void monitor_usage(FILE *f);
void config_usage(FILE *f);
void leasequery_usage(FILE *f);

#endif
