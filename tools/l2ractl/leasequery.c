// SPDX-License-Identifier: GPL-2.0
/*
 * leasequery.c - "l2ractl leasequery": one Bulk Leasequery (RFC 6926 to an
 * IPv4 server, RFC 5460 to an [IPv6] one) to one or more DHCP servers, the
 * bindings printed as they arrive.  A diagnostic: it shows what l2rad's
 * restore would get, and it changes nothing.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "blq_client.h"
#include "ids.h"
#include "l2ractl.h"
#include "lease.h"
#include "nl.h"

#define LQ_SERVERS_MAX	8
#define LQ_DEFAULT_TIMEOUT 60	/* s, the whole run */

void leasequery_usage(FILE *f)
{
	fprintf(f,
		"Usage: l2ractl leasequery server ADDR[:PORT] [ server ADDR[:PORT] ... ]\n"
		"                  by { relay-id { ID | dev BRIDGE } | mac MAC | client-id ID |\n"
		"                       remote-id ID [ enterprise N ] |\n"
		"                       address ADDR6 | link-address ADDR6 }\n"
		"                  [ start TIME ] [ end TIME ] [ timeout SEC ] [ attempts N ]\n"
		"       l2ractl leasequery help\n"
		"ID := { TEXT | hex HEX }.  An IPv4 server gets a DHCPv4 Bulk Leasequery\n"
		"(RFC 6926, TCP port 67), an IPv6 one (\"[2001:db8::1]:547\") a DHCPv6 one\n"
		"(RFC 5460, TCP port 547).  By DHCPv4: relay-id, remote-id, mac, client-id\n"
		"(start/end: epoch seconds of the last transaction).  By DHCPv6: relay-id,\n"
		"remote-id with its enterprise number (RFC 4649), client-id, address,\n"
		"link-address.  \"--server\"\n"
		"and \"--by\" are accepted too.  The exit status is 0 when every server\n"
		"answered completely.\n");
}

enum lq_by { BY_RELAY_ID, BY_REMOTE_ID, BY_MAC, BY_CLIENT_ID, BY_ADDRESS,
	     BY_LINK_ADDRESS };

static const struct kw by_words[] = {
	{ "relay-id", BY_RELAY_ID },
	{ "remote-id", BY_REMOTE_ID },
	{ "mac", BY_MAC },
	{ "client-id", BY_CLIENT_ID },
	{ "address", BY_ADDRESS },
	{ "link-address", BY_LINK_ADDRESS },
	{ NULL, 0 },
};

enum { W_SERVER, W_BY, W_START, W_END, W_TIMEOUT, W_ATTEMPTS, W_HELP };

static const struct kw words[] = {
	{ "server", W_SERVER }, { "--server", W_SERVER },
	{ "by", W_BY }, { "--by", W_BY },
	{ "start", W_START },
	{ "end", W_END },
	{ "timeout", W_TIMEOUT },
	{ "attempts", W_ATTEMPTS },
	{ "help", W_HELP },
	{ NULL, 0 },
};

struct lq {
	struct l2ractl *ctx;
	enum lq_by by;
	struct idarg id;
	uint8_t mac[6];
	uint8_t addr6[16];
	uint32_t enterprise;
	bool has_enterprise;
	const char *bridge;
	bool has_start, has_end;
	uint32_t start, end;
	unsigned int timeout, attempts;
	unsigned int nservers;
	const char *servers[LQ_SERVERS_MAX];
	uint8_t duid[IDS_DUID_UUID_LEN];
	unsigned long bindings;
	bool failed;
};

static int parse_u32(const char *kw, const char *s, uint32_t min,
		     uint32_t max, uint32_t *out)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (!*s || *s == '-' || *end || errno || v < min || v > max) {
		errorf("\"%s\" is not a valid %s: expected %u..%u", s, kw,
		       min, max);
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

static int parse_by(struct lq *lq, struct args *a)
{
	const char *w = args_value(a, "by"), *v;
	int by;

	if (!w)
		return -1;
	by = args_choice(a, "by", by_words, w);
	if (by < 0)
		return -1;
	lq->by = by;
	switch (by) {
	case BY_RELAY_ID:
		if (a->i < a->argc && !strcmp(a->argv[a->i], "dev")) {
			args_next(a);
			lq->bridge = args_dev(a, "dev");
			return lq->bridge ? 0 : -1;
		}
		return args_id(a, "relay-id", IDS_MAX, &lq->id);
	case BY_REMOTE_ID:
		if (args_id(a, "remote-id", IDS_MAX, &lq->id))
			return -1;
		/* DHCPv6 (RFC 4649): the vendor's enterprise number first. */
		if (a->i < a->argc && !strcmp(a->argv[a->i], "enterprise")) {
			args_next(a);
			v = args_value(a, "enterprise");
			if (!v || parse_u32("enterprise", v, 0, UINT32_MAX,
					    &lq->enterprise))
				return -1;
			lq->has_enterprise = true;
		}
		return 0;
	case BY_CLIENT_ID:
		return args_id(a, "client-id", IDS_MAX, &lq->id);
	case BY_MAC:
		v = args_value(a, "mac");
		if (!v)
			return -1;
		if (lease_parse_mac(v, lq->mac)) {
			errorf("\"%s\" is not a valid mac: expected aa:bb:cc:dd:ee:ff",
			       v);
			return -1;
		}
		return 0;
	default:
		v = args_value(a, w);
		if (!v)
			return -1;
		if (inet_pton(AF_INET6, v, lq->addr6) != 1) {
			errorf("\"%s\" is not a valid %s: expected an IPv6 address",
			       v, w);
			return -1;
		}
		return 0;
	}
}

static int parse(struct lq *lq, int argc, char **argv)
{
	struct args a;
	const char *w, *v;
	bool have_by = false;
	uint32_t n;

	args_init(&a, argc, argv, "leasequery", "leasequery");
	while ((w = args_next(&a))) {
		switch (kw_match(words, w)) {
		case W_SERVER:
			v = args_value(&a, "server");
			if (!v)
				return -1;
			if (lq->nservers == LQ_SERVERS_MAX) {
				errorf("at most %d servers", LQ_SERVERS_MAX);
				return -1;
			}
			lq->servers[lq->nservers++] = v;
			break;
		case W_BY:
			if (have_by)
				return args_duplicate(&a, "by");
			have_by = true;
			if (parse_by(lq, &a))
				return -1;
			break;
		case W_START:
		case W_END:
			v = args_value(&a, w);
			if (!v || parse_u32(w, v, 0, UINT32_MAX, &n))
				return -1;
			if (kw_match(words, w) == W_START) {
				lq->has_start = true;
				lq->start = n;
			} else {
				lq->has_end = true;
				lq->end = n;
			}
			break;
		case W_TIMEOUT:
			v = args_value(&a, "timeout");
			if (!v || parse_u32("timeout", v, 1, 86400, &n))
				return -1;
			lq->timeout = n;
			break;
		case W_ATTEMPTS:
			v = args_value(&a, "attempts");
			if (!v || parse_u32("attempts", v, 1, 100, &n))
				return -1;
			lq->attempts = n;
			break;
		case W_HELP:
			leasequery_usage(stdout);
			return 1;
		case KW_AMBIGUOUS:
			return args_ambiguous(&a, w);
		default:
			return args_unknown(&a, w);
		}
	}
	if (!lq->nservers)
		return args_required(&a, "server");
	if (!have_by)
		return args_required(&a, "by");
	if ((lq->by == BY_RELAY_ID || lq->by == BY_REMOTE_ID ||
	     lq->by == BY_CLIENT_ID) && !lq->bridge && !lq->id.len) {
		errorf("by %s: an id is needed (TEXT or hex HEX), not \"default\"",
		       by_words[lq->by].name);
		return -1;
	}
	return 0;
}

static int got_bridge(struct nlattr **tb, void *arg)
{
	struct lq *lq = arg;
	struct nlattr *id = tb[L2RA_A_RELAY_ID];

	if (!id || (size_t)nla_len(id) > sizeof(lq->id.buf))
		return 0;
	lq->id.len = (size_t)nla_len(id);
	memcpy(lq->id.buf, nla_data(id), lq->id.len);
	lq->id.set = true;
	return 0;
}

/* The relay-id the kernel uses on the bridge: what the servers filed. */
static int bridge_relay_id(struct lq *lq)
{
	struct l2ra_nl *nl = &lq->ctx->nl;
	struct nl_msg *msg;
	int e;

	if (nlc_open(nl))
		return -1;
	msg = nlc_msg(nl, L2RA_CMD_BRIDGE_GET, 0);
	if (!msg || nlc_put_string(msg, L2RA_A_IFNAME, lq->bridge))
		return -1;
	e = nlc_request(nl, msg, got_bridge, lq);
	if (e) {
		nlc_perror(nl, e);
		return -1;
	}
	if (!lq->id.set) {
		errorf("bridge %s has no relay-id", lq->bridge);
		return -1;
	}
	return 0;
}

/*
 * The requestor's DUID for DHCPv6 (OPTION_CLIENTID is mandatory): a
 * DUID-UUID (RFC 6355) from /etc/machine-id, stable per machine, so a
 * server that logs requesters sees one; random without it.
 */
static void make_duid(struct lq *lq)
{
	char hex[64];
	ssize_t n = -1;
	size_t len;
	int fd;

	lq->duid[0] = 0;
	lq->duid[1] = 4;
	fd = open("/etc/machine-id", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, hex, sizeof(hex) - 1);
		close(fd);
	}
	if (n >= 32) {
		hex[32] = '\0';
		if (!ids_parse_hex(hex, lq->duid + 2, 16, &len) && len == 16)
			return;
	}
	if (ids_getrandom(lq->duid + 2, 16))
		memset(lq->duid + 2, 0x5a, 16);
}

static int add_query(struct lq *lq, struct blq_server *s)
{
	enum blq_proto proto = blq_server_proto(s);
	struct blq4_query q4 = { 0 };
	struct blq6_query q6 = { 0 };

	if (proto == BLQ_PROTO_V4) {
		switch (lq->by) {
		case BY_RELAY_ID:
			q4.by = BLQ4_BY_RELAY_ID;
			break;
		case BY_REMOTE_ID:
			if (lq->has_enterprise) {
				errorf("server %s: a DHCPv4 remote-id has no enterprise number",
				       blq_server_name(s));
				return -1;
			}
			q4.by = BLQ4_BY_REMOTE_ID;
			break;
		case BY_CLIENT_ID:
			q4.by = BLQ4_BY_CLIENT_ID;
			break;
		case BY_MAC:
			q4.by = BLQ4_BY_MAC;
			q4.htype = 1;
			q4.hlen = 6;
			q4.chaddr = lq->mac;
			break;
		default:
			errorf("server %s: a DHCPv4 Bulk Leasequery cannot select by %s",
			       blq_server_name(s),
			       lq->by == BY_ADDRESS ? "address" : "link-address");
			return -1;
		}
		q4.id = lq->id.buf;
		q4.id_len = lq->id.len;
		q4.has_start_time = lq->has_start;
		q4.start_time = lq->start;
		q4.has_end_time = lq->has_end;
		q4.end_time = lq->end;
		if (!blq_client_add_query4(s, &q4, NULL))
			goto bad;
		return 0;
	}
	q6.requestor_duid = lq->duid;
	q6.requestor_duid_len = sizeof(lq->duid);
	q6.id = lq->id.buf;
	q6.id_len = lq->id.len;
	switch (lq->by) {
	case BY_RELAY_ID:
		q6.type = BLQ6_QT_BY_RELAY_ID;
		break;
	case BY_REMOTE_ID:
		if (!lq->has_enterprise) {
			errorf("server %s: a DHCPv6 remote-id needs \"enterprise N\" (RFC 4649)",
			       blq_server_name(s));
			return -1;
		}
		q6.type = BLQ6_QT_BY_REMOTE_ID;
		q6.enterprise = lq->enterprise;
		break;
	case BY_CLIENT_ID:
		q6.type = BLQ6_QT_BY_CLIENTID;
		break;
	case BY_ADDRESS:
		q6.type = BLQ6_QT_BY_ADDRESS;
		memcpy(q6.addr, lq->addr6, 16);
		break;
	case BY_LINK_ADDRESS:
		q6.type = BLQ6_QT_BY_LINK_ADDRESS;
		memcpy(q6.link_addr, lq->addr6, 16);
		break;
	default:
		errorf("server %s: a DHCPv6 Bulk Leasequery cannot select by mac",
		       blq_server_name(s));
		return -1;
	}
	if (lq->has_start || lq->has_end) {
		errorf("start and end are DHCPv4 (RFC 6926) only");
		return -1;
	}
	if (!blq_client_add_query6(s, &q6, NULL))
		goto bad;
	return 0;
bad:
	errorf("server %s: cannot make the query: %s", blq_server_name(s),
	       strerror(errno));
	return -1;
}

/* ---- output ---- */

static void print_bytes(const char *label, const uint8_t *p, size_t len)
{
	char buf[3 * 256];

	if (len && ids_is_printable(p, len))
		printf(" %s \"%.*s\"", label, (int)len, (const char *)p);
	else
		printf(" %s %s", label, len ? ids_format_hex(p, len, buf,
							     sizeof(buf)) :
					      "\"\"");
}

static void json_bytes(struct json *js, const char *key, const uint8_t *p,
		       size_t len)
{
	char buf[3 * 256], k[64];

	json_key(js, key);
	if (len && ids_is_printable(p, len))
		json_strn(js, (const char *)p, len);
	else
		json_str(js, ids_format_hex(p, len, buf, sizeof(buf)));
	snprintf(k, sizeof(k), "%s_hex", key);
	json_kv_str(js, k, ids_format_hex(p, len, buf, sizeof(buf)));
}

static const char *state_name(uint8_t st)
{
	static const char *const names[] = {
		"?", "available", "active", "expired", "released", "abandoned",
		"reset", "remote", "transitioning",
	};

	return st < sizeof(names) / sizeof(names[0]) ? names[st] : "?";
}

static void show4(struct lq *lq, const char *server,
		  const struct blq4_binding *b)
{
	char ip[INET_ADDRSTRLEN], mac[LEASE_MAC_STRLEN];
	static const uint8_t subs[] = { BLQ4_RAI_CIRCUIT_ID,
					BLQ4_RAI_REMOTE_ID,
					BLQ4_RAI_RELAY_ID };
	static const char *const sub_names[] = { "circuit-id", "remote-id",
						 "relay-id" };
	struct json *js = &lq->ctx->js;
	const uint8_t *val;
	uint8_t vlen;

	inet_ntop(AF_INET, b->ciaddr, ip, sizeof(ip));
	if (b->hlen == 6)
		lease_format_mac(b->chaddr, mac);
	else
		snprintf(mac, sizeof(mac), "-");
	if (!lq->ctx->json) {
		printf("%s mac %s", ip, mac);
		if (b->have & BLQ4_HAVE_CLIENT_ID)
			print_bytes("client-id", b->client_id,
				    b->client_id_len);
		for (size_t i = 0; i < sizeof(subs); i++)
			if ((b->have & BLQ4_HAVE_RAI) &&
			    !blq4_rai_find(b->rai, b->rai_len, subs[i], &val,
					   &vlen))
				print_bytes(sub_names[i], val, vlen);
		if (b->have & BLQ4_HAVE_LEASE_TIME)
			printf(" lease %us", b->lease_time);
		if (b->have & BLQ4_HAVE_CLTT)
			printf(" last-transaction %us ago", b->cltt);
		if (b->have & BLQ4_HAVE_DHCP_STATE)
			printf(" state %s", state_name(b->dhcp_state));
		printf(" server %s\n", server);
		return;
	}
	json_obj_open(js);
	json_kv_str(js, "server", server);
	json_kv_u64(js, "proto", 4);
	json_kv_str(js, "addr", ip);
	json_kv_str(js, "mac", mac);
	if (b->have & BLQ4_HAVE_CLIENT_ID)
		json_bytes(js, "client_id", b->client_id, b->client_id_len);
	for (size_t i = 0; i < sizeof(subs); i++) {
		char key[16];

		if (!(b->have & BLQ4_HAVE_RAI) ||
		    blq4_rai_find(b->rai, b->rai_len, subs[i], &val, &vlen))
			continue;
		snprintf(key, sizeof(key), "%s", sub_names[i]);
		key[strcspn(key, "-")] = '_';
		json_bytes(js, key, val, vlen);
	}
	if (b->have & BLQ4_HAVE_LEASE_TIME)
		json_kv_u64(js, "lease_time", b->lease_time);
	if (b->have & BLQ4_HAVE_CLTT)
		json_kv_u64(js, "since_last_transaction", b->cltt);
	if (b->have & BLQ4_HAVE_BASE_TIME)
		json_kv_u64(js, "base_time", b->base_time);
	if (b->have & BLQ4_HAVE_DHCP_STATE)
		json_kv_str(js, "state", state_name(b->dhcp_state));
	json_obj_close(js);
}

static void show6(struct lq *lq, const char *server, const struct blq6_msg *m)
{
	const struct blq6_client_data *cd = &m->cd;
	struct json *js = &lq->ctx->js;
	char ip[INET6_ADDRSTRLEN];

	if (!lq->ctx->json) {
		for (unsigned int i = 0; i < cd->n_leases; i++) {
			const struct blq6_lease *l = &cd->leases[i];

			inet_ntop(AF_INET6, l->addr, ip, sizeof(ip));
			if (l->is_prefix)
				printf("%s%s/%u", i ? ", " : "", ip,
				       l->prefix_len);
			else
				printf("%s%s", i ? ", " : "", ip);
			printf(" valid %us preferred %us", l->valid,
			       l->preferred);
		}
		print_bytes("duid", cd->client_id.ptr, cd->client_id.len);
		if (cd->interface_id.ptr)
			print_bytes("interface-id", cd->interface_id.ptr,
				    cd->interface_id.len);
		if (cd->has_remote_id) {
			char buf[3 * 256];

			printf(" remote-id %u:%s", cd->remote_id_enterprise,
			       ids_format_hex(cd->remote_id.ptr,
					      cd->remote_id.len, buf,
					      sizeof(buf)));
		}
		if (cd->has_clt_time)
			printf(" last-transaction %us ago", cd->clt_time);
		printf(" server %s\n", server);
		return;
	}
	json_obj_open(js);
	json_kv_str(js, "server", server);
	json_kv_u64(js, "proto", 6);
	json_bytes(js, "duid", cd->client_id.ptr, cd->client_id.len);
	json_key(js, "leases");
	json_arr_open(js);
	for (unsigned int i = 0; i < cd->n_leases; i++) {
		const struct blq6_lease *l = &cd->leases[i];

		inet_ntop(AF_INET6, l->addr, ip, sizeof(ip));
		json_obj_open(js);
		json_kv_str(js, l->is_prefix ? "prefix" : "addr", ip);
		if (l->is_prefix)
			json_kv_u64(js, "prefix_len", l->prefix_len);
		json_kv_u64(js, "valid", l->valid);
		json_kv_u64(js, "preferred", l->preferred);
		json_obj_close(js);
	}
	json_arr_close(js);
	if (cd->interface_id.ptr)
		json_bytes(js, "interface_id", cd->interface_id.ptr,
			   cd->interface_id.len);
	if (cd->has_remote_id) {
		json_kv_u64(js, "remote_id_enterprise",
			    cd->remote_id_enterprise);
		json_bytes(js, "remote_id", cd->remote_id.ptr,
			   cd->remote_id.len);
	}
	if (cd->has_clt_time)
		json_kv_u64(js, "since_last_transaction", cd->clt_time);
	json_obj_close(js);
}

static void on_binding(void *arg, const struct blq_server *s,
		       const struct blq_query *q, const struct blq_binding *b)
{
	struct lq *lq = arg;

	(void)q;
	lq->bindings++;
	if (b->proto == BLQ_PROTO_V4)
		show4(lq, blq_server_name(s), b->v4);
	else
		show6(lq, blq_server_name(s), b->v6);
}

static void on_query_done(void *arg, const struct blq_server *s,
			  const struct blq_query *q,
			  const struct blq_query_result *r)
{
	struct lq *lq = arg;

	(void)q;
	if (r->outcome == BLQ_OUT_DONE)
		return;
	lq->failed = true;
	if (r->outcome == BLQ_OUT_STATUS)
		errorf("server %s: status %u%s%s", blq_server_name(s),
		       r->status_code, r->text[0] ? ": " : "", r->text);
	else
		errorf("server %s: %s%s%s (after %u connection%s)",
		       blq_server_name(s), blq_outcome_str(r->outcome),
		       r->text[0] ? ": " : "", r->text, r->attempts,
		       r->attempts == 1 ? "" : "s");
}

static const struct blq_client_ops ops = {
	.on_binding = on_binding,
	.on_query_done = on_query_done,
};

int leasequery_main(struct l2ractl *ctx, int argc, char **argv)
{
	struct lq lq = { .ctx = ctx, .timeout = LQ_DEFAULT_TIMEOUT };
	struct blq_client_params p;
	struct blq_client *c;
	int e, rc = 1;

	if (argc < 1) {
		leasequery_usage(stderr);
		return 1;
	}
	e = parse(&lq, argc, argv);
	if (e)
		return e > 0 ? 0 : 1;
	if (lq.bridge && bridge_relay_id(&lq))
		return 1;
	make_duid(&lq);
	blq_client_params_default(&p);
	/* A person waits for the answer: the whole run is bounded by
	 * "timeout", and a stalled server by the same. */
	if (p.data_timeout_ms > lq.timeout * 1000u)
		p.data_timeout_ms = lq.timeout * 1000u;
	if (p.conn_timeout_ms > lq.timeout * 1000u)
		p.conn_timeout_ms = lq.timeout * 1000u;
	p.max_attempts = lq.attempts ? lq.attempts : 1;
	c = blq_client_new(&p, &ops, &lq);
	if (!c) {
		errorf("%s", strerror(errno));
		return 1;
	}
	for (unsigned int i = 0; i < lq.nservers; i++) {
		struct sockaddr_storage ss;
		struct blq_server *s;
		socklen_t len;

		if (blq_addr_parse(lq.servers[i], 0, &ss, &len)) {
			errorf("\"%s\" is not a valid server: expected ADDR, ADDR:PORT or [ADDR6]:PORT",
			       lq.servers[i]);
			goto out;
		}
		s = blq_client_add_server(c, (struct sockaddr *)&ss, len,
					  ss.ss_family == AF_INET6 ?
					  BLQ_PROTO_V6 : BLQ_PROTO_V4, NULL);
		if (!s) {
			errorf("server %s: %s", lq.servers[i], strerror(errno));
			goto out;
		}
		if (add_query(&lq, s))
			goto out;
	}
	if (ctx->json)
		json_arr_open(&ctx->js);
	e = blq_client_run(c, blq_now_ms() + lq.timeout * 1000LL);
	if (ctx->json)
		json_arr_close(&ctx->js);
	if (e == -ETIMEDOUT)
		errorf("no complete answer within %u s", lq.timeout);
	else if (e)
		errorf("%s", strerror(-e));
	rc = e || lq.failed ? 1 : 0;
out:
	blq_client_free(c);
	return rc;
}
