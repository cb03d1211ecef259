// SPDX-License-Identifier: GPL-2.0
/* stats.c - counter names, counter output and the "stats" command. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include <netlink/genl/genl.h>

#include "args.h"
#include "l2ractl.h"
#include "stats.h"

#define STAT(x, name) [L2RA_STAT_##x] = name
const char *const l2ra_stat_names[__L2RA_STAT_MAX] = {
	STAT(REQ_ADDED,			"req_added"),
	STAT(REQ_REPLACED,		"req_replaced"),
	STAT(REQ_KEPT,			"req_kept"),
	STAT(REQ_TRUSTED,		"req_trusted"),
	STAT(REQ_UNICAST,		"req_unicast"),
	STAT(REQ_TOO_BIG,		"req_too_big"),
	STAT(REQ_NOT_UPLINK,		"req_not_uplink"),
	STAT(REPLY_STRIPPED,		"reply_stripped"),
	STAT(REPLY_STEERED,		"reply_steered"),
	STAT(REPLY_XID_STEERED,		"reply_xid_steered"),
	STAT(REPLY_FOREIGN,		"reply_foreign"),
	STAT(REPLY_UNKNOWN,		"reply_unknown"),
	STAT(REPLY_NOT_TARGET,		"reply_not_target"),
	STAT(DROP_UNTRUSTED_SERVER,	"drop_untrusted_server"),
	STAT(DROP_SPOOFED_OPT82,	"drop_spoofed_opt82"),
	STAT(DROP_CHADDR,		"drop_chaddr"),
	STAT(DROP_MALFORMED,		"drop_malformed"),
	STAT(DROP_NO_PORT,		"drop_no_port"),
	STAT(DROP_NOMEM,		"drop_nomem"),
	STAT(DROP_FRAGMENT,		"drop_fragment"),
	STAT(DROP_GIADDR,		"drop_giaddr"),
	STAT(XID_FULL,			"xid_full"),
	STAT(LEASE_NEW,			"lease_new"),
	STAT(LEASE_RENEW,		"lease_renew"),
	STAT(LEASE_RELEASE,		"lease_release"),
	STAT(LEASE_DECLINE,		"lease_decline"),
	STAT(LEASE_NAK,			"lease_nak"),
	STAT(LEASE_EXPIRE,		"lease_expire"),
	STAT(LEASE_FULL,		"lease_full"),
	STAT(REQ_STRIPPED,		"req_stripped"),
	STAT(DROP_OPT82_OURS,		"drop_opt82_ours"),
	STAT(LEASE_ADDR_MISMATCH,	"lease_addr_mismatch"),
	STAT(TRUSTED_UNPARSED,		"trusted_unparsed"),
	STAT(DROP_RATELIMIT,		"drop_ratelimit"),
	STAT(XID_PORT_FULL,		"xid_port_full"),
	STAT(DROP_VLAN_DEPTH,		"drop_vlan_depth"),
	STAT(DROP_CID_CONFLICT,		"drop_cid_conflict"),
	STAT(DROP_GUARD_IP,		"drop_guard_ip"),
	STAT(DROP_GUARD_IP_MAC,		"drop_guard_ip_mac"),
	STAT(DROP_GUARD_ARP,		"drop_guard_arp"),
	STAT(DROP_GUARD_ARP_MAC,	"drop_guard_arp_mac"),
	STAT(LEASE_STATIC,		"lease_static"),
	STAT(V6_REQ_RELAYED,		"v6_req_relayed"),
	STAT(V6_RELAY_FORW_WRAPPED,	"v6_relay_forw_wrapped"),
	STAT(V6_REQ_TRUSTED,		"v6_req_trusted"),
	STAT(V6_REQ_TOO_BIG,		"v6_req_too_big"),
	STAT(V6_REQ_NOT_UPLINK,		"v6_req_not_uplink"),
	STAT(V6_REPLY_UNWRAPPED,	"v6_reply_unwrapped"),
	STAT(V6_REPLY_FOREIGN,		"v6_reply_foreign"),
	STAT(V6_REPLY_DIRECT,		"v6_reply_direct"),
	STAT(V6_REPLY_NOT_TARGET,	"v6_reply_not_target"),
	STAT(V6_TRUSTED_OTHER,		"v6_trusted_other"),
	STAT(V6_DROP_UNTRUSTED_SERVER,	"v6_drop_untrusted_server"),
	STAT(V6_DROP_RELAY_FORW,	"v6_drop_relay_forw"),
	STAT(V6_DROP_OTHER,		"v6_drop_other"),
	STAT(V6_DROP_MALFORMED,		"v6_drop_malformed"),
	STAT(V6_DROP_HOP_LIMIT,		"v6_drop_hop_limit"),
	STAT(LEASE6_NEW,		"lease6_new"),
	STAT(LEASE6_RENEW,		"lease6_renew"),
	STAT(LEASE6_RELEASE,		"lease6_release"),
	STAT(LEASE6_EXPIRE,		"lease6_expire"),
	STAT(LEASE6_FULL,		"lease6_full"),
	STAT(LEASE6_MISMATCH,		"lease6_mismatch"),
};
#undef STAT

const char *stat_name(unsigned int id, char *buf, size_t size)
{
	if (id < __L2RA_STAT_MAX && l2ra_stat_names[id])
		return l2ra_stat_names[id];
	snprintf(buf, size, "stat_%u", id);
	return buf;
}

/* Calls @fn for each well-formed counter of @nest. */
#define for_each_counter(pos, nest, rem)				\
	nla_for_each_nested(pos, nest, rem)				\
		if (nla_type(pos) > L2RA_STAT_PAD && nla_len(pos) == 8)

void stats_print_plain(struct nlattr *nest, const char *indent,
		       bool skip_zero)
{
	struct nlattr *pos;
	int rem;

	for_each_counter(pos, nest, rem) {
		uint64_t v = nla_get_u64(pos);
		char buf[24];

		if (skip_zero && !v)
			continue;
		printf("%s%-22s %" PRIu64 "\n", indent,
		       stat_name((unsigned int)nla_type(pos), buf, sizeof(buf)),
		       v);
	}
}

void stats_print_json(struct json *js, struct nlattr *nest)
{
	struct nlattr *pos;
	int rem;

	for_each_counter(pos, nest, rem) {
		char buf[24];

		json_kv_u64(js, stat_name((unsigned int)nla_type(pos), buf,
					  sizeof(buf)),
			    nla_get_u64(pos));
	}
}

void stats_usage(FILE *f)
{
	fprintf(f,
		"Usage: l2ractl stats [ dev IFNAME ]\n"
		"       l2ractl stats help\n"
		"Without dev: the namespace's counters (all ports); with dev: the\n"
		"counters of one port that has an entry.  See also l2ractl -s port show.\n");
}

struct stats_req {
	struct l2ractl *ctx;
	int replies;
};

static int stats_handler(struct nlattr **tb, void *arg)
{
	struct stats_req *r = arg;
	struct l2ractl *ctx = r->ctx;
	struct nlattr *nest = tb[L2RA_A_STATS];

	if (r->replies++)	/* one message expected */
		return 0;
	if (ctx->json) {
		json_obj_open(&ctx->js);
		if (nest)
			stats_print_json(&ctx->js, nest);
		json_obj_close(&ctx->js);
	} else if (nest) {
		stats_print_plain(nest, "", false);
	}
	return 0;
}

int stats_main(struct l2ractl *ctx, int argc, char **argv)
{
	static const struct kw words[] = {
		{ "dev", 0 }, { "help", 1 }, { NULL, 0 },
	};
	struct stats_req r = { .ctx = ctx };
	const char *dev = NULL, *w;
	struct nl_msg *msg;
	struct args a;
	int err;

	args_init(&a, argc, argv, "stats", "stats");
	while ((w = args_next(&a))) {
		switch (kw_match(words, w)) {
		case 0:
			if (dev)
				return args_duplicate(&a, "dev"), 1;
			dev = args_dev(&a, "dev");
			if (!dev)
				return 1;
			break;
		case 1:
			stats_usage(stdout);
			return 0;
		case KW_AMBIGUOUS:
			return args_ambiguous(&a, w), 1;
		default:
			return args_unknown(&a, w), 1;
		}
	}

	if (nlc_open(&ctx->nl))
		return 1;
	msg = nlc_msg(&ctx->nl, L2RA_CMD_STATS_GET, 0);
	if (!msg)
		return 1;
	if (dev && nlc_put_string(msg, L2RA_A_IFNAME, dev)) {
		nlmsg_free(msg);
		return 1;
	}
	err = nlc_request(&ctx->nl, msg, stats_handler, &r);
	if (err) {
		nlc_perror(&ctx->nl, err);
		return 1;
	}
	if (!r.replies && ctx->json) {
		json_obj_open(&ctx->js);
		json_obj_close(&ctx->js);
	}
	return 0;
}
