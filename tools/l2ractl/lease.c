// SPDX-License-Identifier: GPL-2.0
/*
 * lease.c - "l2ractl lease": show, add, del and flush entries of the lease
 * table, plus the parsers and the lease output shared with "monitor",
 * "config" and "port".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include <netlink/genl/genl.h>

#include "args.h"
#include "l2ractl.h"
#include "lease.h"
#include "output.h"

/* ---- parsers and formatters ---- */

int lease_parse_mac(const char *s, uint8_t mac[LEASE_MAC_LEN])
{
	uint8_t buf[LEASE_MAC_LEN];
	size_t len;

	/* ids_parse_hex() takes exactly the two spellings we want. */
	if (ids_parse_hex(s, buf, sizeof(buf), &len) || len != LEASE_MAC_LEN)
		return -EINVAL;
	memcpy(mac, buf, LEASE_MAC_LEN);
	return 0;
}

char *lease_format_mac(const uint8_t mac[LEASE_MAC_LEN],
		       char buf[LEASE_MAC_STRLEN])
{
	return ids_format_hex(mac, LEASE_MAC_LEN, buf, LEASE_MAC_STRLEN);
}

int lease_parse_ipv4(const char *s, uint32_t *be32)
{
	uint8_t a[4];

	if (!s)
		return -EINVAL;
	for (int part = 0; part < 4; part++) {
		unsigned int v = 0, digits = 0;

		if (part > 0 && *s++ != '.')
			return -EINVAL;
		if (s[0] == '0' && s[1] >= '0' && s[1] <= '9')
			return -EINVAL;		/* leading zero */
		while (*s >= '0' && *s <= '9' && digits < 4) {
			v = v * 10 + (unsigned int)(*s++ - '0');
			digits++;
		}
		if (digits == 0 || digits > 3 || v > 255)
			return -EINVAL;
		a[part] = (uint8_t)v;
	}
	if (*s)
		return -EINVAL;
	memcpy(be32, a, sizeof(*be32));
	return 0;
}

char *lease_format_ipv4(uint32_t be32, char buf[LEASE_IPV4_STRLEN])
{
	uint8_t a[4];

	memcpy(a, &be32, sizeof(a));
	snprintf(buf, LEASE_IPV4_STRLEN, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
	return buf;
}

int lease_parse_ipv6(const char *s, uint8_t addr[LEASE_IPV6_LEN],
		     uint8_t *plen)
{
	char buf[LEASE_IPV6_STRLEN];
	uint8_t a[LEASE_IPV6_LEN];
	const char *slash;
	uint32_t len = 0;
	size_t n;

	if (!s)
		return -EINVAL;
	slash = strchr(s, '/');
	n = slash ? (size_t)(slash - s) : strlen(s);
	if (n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET6, buf, a) != 1)
		return -EINVAL;
	if (slash && lease_parse_u32(slash + 1, 1, 128, &len))
		return -EINVAL;
	/* A prefix has no bit set beyond its length. */
	for (unsigned int bit = len; slash && bit < 128; bit++)
		if (a[bit / 8] & (0x80 >> (bit % 8)))
			return -EINVAL;
	memcpy(addr, a, LEASE_IPV6_LEN);
	*plen = (uint8_t)len;
	return 0;
}

char *lease_format_ipv6(const uint8_t addr[LEASE_IPV6_LEN], uint8_t plen,
			char buf[LEASE_IPV6_STRLEN])
{
	size_t n;

	if (!inet_ntop(AF_INET6, addr, buf, LEASE_IPV6_STRLEN))
		snprintf(buf, LEASE_IPV6_STRLEN, "?");
	n = strlen(buf);
	if (plen)
		snprintf(buf + n, LEASE_IPV6_STRLEN - n, "/%u", plen);
	return buf;
}

int lease_parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *v)
{
	uint64_t n = 0;

	if (!s || !*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		n = n * 10 + (uint64_t)(*s - '0');
		if (n > UINT32_MAX) {
			/* keep checking the syntax, report the range */
			while (*++s)
				if (*s < '0' || *s > '9')
					return -EINVAL;
			return -ERANGE;
		}
	}
	if (n < min || n > max)
		return -ERANGE;
	*v = (uint32_t)n;
	return 0;
}

int lease_arg_u32(const char *kw, const char *s, uint32_t min, uint32_t max,
		  const char *what, uint32_t *v)
{
	if (lease_parse_u32(s, min, max, v) == 0)
		return 0;
	errorf("invalid \"%s\" for \"%s\": expected %s from %" PRIu32
	       " to %" PRIu32, s, kw, what, min, max);
	return -1;
}

int lease_arg_mac(const char *kw, const char *s, uint8_t mac[LEASE_MAC_LEN])
{
	if (lease_parse_mac(s, mac) == 0)
		return 0;
	errorf("invalid MAC address \"%s\" for \"%s\": expected aa:bb:cc:dd:ee:ff or aabbccddeeff",
	       s, kw);
	return -1;
}

int lease_arg_ipv4(const char *kw, const char *s, uint32_t *be32)
{
	if (lease_parse_ipv4(s, be32) == 0)
		return 0;
	errorf("invalid IPv4 address \"%s\" for \"%s\": expected A.B.C.D",
	       s, kw);
	return -1;
}

const char *const lease_event_names[__L2RA_LEASE_EV_MAX] = {
	[L2RA_LEASE_EV_NEW]	= "new",
	[L2RA_LEASE_EV_UPDATE]	= "update",
	[L2RA_LEASE_EV_RELEASE]	= "release",
	[L2RA_LEASE_EV_DECLINE]	= "decline",
	[L2RA_LEASE_EV_NAK]	= "nak",
	[L2RA_LEASE_EV_EXPIRE]	= "expire",
	[L2RA_LEASE_EV_DEL]	= "del",
	[L2RA_LEASE_EV_ADD]	= "add",
};

const char *lease_event_name(unsigned int ev)
{
	return ev < __L2RA_LEASE_EV_MAX ? lease_event_names[ev] : NULL;
}

/* ---- output of one lease ---- */

const struct nlattr *lease_attr(struct nlattr **tb, int type, int len)
{
	const struct nlattr *a = tb[type];

	return a && nla_len(a) == len ? a : NULL;
}

static uint32_t attr_u32(const struct nlattr *a)
{
	uint32_t v;

	memcpy(&v, nla_data(a), sizeof(v));
	return v;
}

static const char *master_name(struct ifname_cache *cache, uint32_t ifindex,
			       char *buf, unsigned int size)
{
	unsigned int i = ifindex % (sizeof(cache->slot) / sizeof(cache->slot[0]));

	if (!cache)
		return ifname_of(ifindex, buf, size);
	if (cache->slot[i].ifindex != ifindex || !cache->slot[i].name[0]) {
		ifname_of(ifindex, cache->slot[i].name,
			  sizeof(cache->slot[i].name));
		cache->slot[i].ifindex = ifindex;
	}
	snprintf(buf, size, "%s", cache->slot[i].name);
	return buf;
}

bool lease_is_static(struct nlattr **tb)
{
	const struct nlattr *a = lease_attr(tb, L2RA_A_LEASE_FLAGS, 4);

	return a && (attr_u32(a) & L2RA_LEASE_F_STATIC);
}

/* The pieces of a lease, checked once for both output forms. */
struct lease_view {
	const struct nlattr *mac, *vid, *addr, *expires, *lease_time,
			    *server, *cltt, *ifindex, *master, *circuit,
			    *addr6, *preferred;
	uint8_t plen;			/* IPv6: 0 for an IA_NA address */
	bool is_static;			/* L2RA_LEASE_F_STATIC */
	const char *ifname;
	char master_buf[IF_NAMESIZE + 16];
};

static void lease_view(struct lease_view *v, struct nlattr **tb,
		       struct ifname_cache *cache)
{
	memset(v, 0, sizeof(*v));
	v->mac = lease_attr(tb, L2RA_A_MAC, LEASE_MAC_LEN);
	v->vid = lease_attr(tb, L2RA_A_VID, 2);
	v->addr = lease_attr(tb, L2RA_A_ADDR, 4);
	v->expires = lease_attr(tb, L2RA_A_EXPIRES, 4);
	v->lease_time = lease_attr(tb, L2RA_A_LEASE_TIME, 4);
	v->server = lease_attr(tb, L2RA_A_SERVER_ID, 4);
	if (v->server && attr_u32(v->server) == 0)
		v->server = NULL;		/* unknown */
	v->cltt = lease_attr(tb, L2RA_A_CLTT, 8);
	v->ifindex = lease_attr(tb, L2RA_A_IFINDEX, 4);
	v->master = lease_attr(tb, L2RA_A_BRIDGE_IFINDEX, 4);
	v->circuit = tb[L2RA_A_CIRCUIT_ID];
	v->addr6 = lease_attr(tb, L2RA_A_ADDR6, LEASE_IPV6_LEN);
	v->preferred = lease_attr(tb, L2RA_A_PREFERRED, 4);
	if (lease_attr(tb, L2RA_A_PREFIX_LEN, 1))
		v->plen = nla_get_u8(tb[L2RA_A_PREFIX_LEN]);
	/* An IPv6 binding's client may be unknown: all zero. */
	if (v->addr6 && v->mac &&
	    !memcmp(nla_data(v->mac), "\0\0\0\0\0\0", LEASE_MAC_LEN))
		v->mac = NULL;
	v->is_static = lease_is_static(tb);
	if (tb[L2RA_A_IFNAME])
		v->ifname = nla_get_string(tb[L2RA_A_IFNAME]);
	if (v->master)
		master_name(cache, attr_u32(v->master), v->master_buf,
			    sizeof(v->master_buf));
}

/* Like print_id(), which always starts with a space: quoted text or hex. */
static void print_circuit(const char *sep, const struct nlattr *id)
{
	const uint8_t *p = nla_data(id);
	size_t len = (size_t)nla_len(id);
	char buf[3 * 256];

	if (ids_is_printable(p, len))
		printf("%scircuit-id \"%.*s\"", sep, (int)len, (const char *)p);
	else if (len == 0)
		printf("%scircuit-id \"\"", sep);
	else
		printf("%scircuit-id %s", sep, ids_format_hex(p, len, buf,
							      sizeof(buf)));
}

void lease_print_plain(struct nlattr **tb, struct ifname_cache *cache,
		       const char *prefix)
{
	char mac[LEASE_MAC_STRLEN], ip[LEASE_IPV4_STRLEN];
	char ip6[LEASE_IPV6_STRLEN];
	const char *sep = "";
	struct lease_view v;
	uint16_t vid;

	lease_view(&v, tb, cache);
	if (prefix) {
		printf("%s", prefix);
		sep = " ";
	}
	/* An IPv6 binding is named by its address or prefix. */
	if (v.addr6) {
		printf("%s%s", sep,
		       lease_format_ipv6(nla_data(v.addr6), v.plen, ip6));
		sep = " ";
		if (v.mac)
			printf(" mac %s", lease_format_mac(nla_data(v.mac), mac));
	} else if (v.mac) {
		printf("%s%s", sep, lease_format_mac(nla_data(v.mac), mac));
		sep = " ";
	}
	if (v.vid) {
		memcpy(&vid, nla_data(v.vid), sizeof(vid));
		printf("%svlan %u", sep, vid);
		sep = " ";
	}
	if (v.addr) {
		printf("%saddr %s", sep, lease_format_ipv4(attr_u32(v.addr), ip));
		sep = " ";
	}
	if (v.ifname) {
		printf("%sdev %s", sep, v.ifname);
		sep = " ";
	} else if (v.ifindex) {
		printf("%sdev if%u", sep, attr_u32(v.ifindex));
		sep = " ";
	}
	if (v.master) {
		printf("%smaster %s", sep, v.master_buf);
		sep = " ";
	}
	if (v.circuit) {
		print_circuit(sep, v.circuit);
		sep = " ";
	}
	/* A static binding never expires: no times to show. */
	if (v.is_static) {
		printf("%sstatic\n", sep);
		return;
	}
	if (v.expires) {
		printf("%sexpires %us", sep, attr_u32(v.expires));
		sep = " ";
	}
	if (v.lease_time && v.addr6) {
		printf("%svalid %us", sep, attr_u32(v.lease_time));
		sep = " ";
	} else if (v.lease_time) {
		printf("%slease-time %us", sep, attr_u32(v.lease_time));
		sep = " ";
	}
	if (v.preferred) {
		printf("%spreferred %us", sep, attr_u32(v.preferred));
		sep = " ";
	}
	if (v.server)
		printf("%sserver %s", sep,
		       lease_format_ipv4(attr_u32(v.server), ip));
	printf("\n");
}

void lease_print_json(struct json *js, struct nlattr **tb,
		      struct ifname_cache *cache, const char *event)
{
	char mac[LEASE_MAC_STRLEN], ip[LEASE_IPV4_STRLEN];
	char ip6[LEASE_IPV6_STRLEN];
	struct lease_view v;
	uint16_t vid;

	lease_view(&v, tb, cache);
	json_obj_open(js);
	if (event)
		json_kv_str(js, "event", event);
	json_kv_str(js, "family", v.addr6 ? "inet6" : "inet");
	if (v.addr6) {
		json_kv_str(js, "addr",
			    lease_format_ipv6(nla_data(v.addr6), 0, ip6));
		if (v.plen)
			json_kv_u64(js, "prefix_len", v.plen);
	}
	if (v.mac)
		json_kv_str(js, "mac", lease_format_mac(nla_data(v.mac), mac));
	if (v.vid) {
		memcpy(&vid, nla_data(v.vid), sizeof(vid));
		json_kv_u64(js, "vlan", vid);
	}
	if (v.addr)
		json_kv_str(js, "addr", lease_format_ipv4(attr_u32(v.addr), ip));
	if (v.ifname)
		json_kv_str(js, "ifname", v.ifname);
	if (v.ifindex)
		json_kv_u64(js, "ifindex", attr_u32(v.ifindex));
	if (v.master)
		json_kv_str(js, "master", v.master_buf);
	if (v.circuit)
		json_id(js, "circuit_id", v.circuit, false, false, false);
	if (v.is_static)
		json_kv_bool(js, "static", true);
	if (v.expires)
		json_kv_u64(js, "expires", attr_u32(v.expires));
	if (v.lease_time)
		json_kv_u64(js, "lease_time", attr_u32(v.lease_time));
	if (v.preferred)
		json_kv_u64(js, "preferred", attr_u32(v.preferred));
	if (v.server)
		json_kv_str(js, "server",
			    lease_format_ipv4(attr_u32(v.server), ip));
	if (v.cltt) {
		uint64_t t;

		memcpy(&t, nla_data(v.cltt), sizeof(t));
		json_kv_u64(js, "cltt", t);
	}
	json_obj_close(js);
}

/* ---- the lease command ---- */

enum { CMD_SHOW, CMD_ADD, CMD_DEL, CMD_FLUSH, CMD_HELP };

static const struct kw lease_cmds[] = {
	{ "show", CMD_SHOW }, { "list", CMD_SHOW }, { "ls", CMD_SHOW },
	{ "add", CMD_ADD },
	{ "del", CMD_DEL }, { "delete", CMD_DEL },
	{ "flush", CMD_FLUSH },
	{ "help", CMD_HELP },
	{ NULL, 0 },
};

void lease_usage(FILE *f)
{
	fprintf(f,
		"Usage: l2ractl lease show [ dev PORT ] [ master BRIDGE ] [ vlan VID ]\n"
		"                          [ addr A.B.C.D ] [ mac MAC [ vlan VID ] ]\n"
		"                          [ family { inet | inet6 } ]\n"
		"       l2ractl lease show [ addr ] IPV6[/LEN] [ vlan VID ]\n"
		"       l2ractl lease add mac MAC [ vlan VID ] addr A.B.C.D expires SECONDS\n"
		"                         { dev PORT | circuit-id { TEXT | hex HEX } [ master BRIDGE ] }\n"
		"                         [ lease-time SECONDS ] [ server A.B.C.D ]\n"
		"       l2ractl lease add [ addr ] IPV6[/LEN] [ vlan VID ] expires SECONDS\n"
		"                         { dev PORT | circuit-id { TEXT | hex HEX } [ master BRIDGE ] }\n"
		"                         [ mac MAC ] [ lease-time SECONDS ] [ preferred SECONDS ]\n"
		"       l2ractl lease del mac MAC [ vlan VID ]\n"
		"       l2ractl lease del [ addr ] IPV6[/LEN] [ vlan VID ]\n"
		"       l2ractl lease flush [ dev PORT | master BRIDGE ]\n"
		"       l2ractl lease help\n"
		"lease flush leaves the static bindings (see l2ractl binding help).\n"
		"MAC is aa:bb:cc:dd:ee:ff or aabbccddeeff; VID is 0 (untagged) to %d;\n"
		"IPV6 is an IA_NA address, IPV6/LEN an IA_PD prefix (LEN 1 to 128);\n"
		"expires, lease-time (IPv6: the valid lifetime) and preferred are 1 to %" PRIu32 " seconds.\n",
		LEASE_VID_MAX, UINT32_MAX);
}

/* The arguments of every lease command; *_set says what was given. */
struct lease_args {
	bool mac_set, addr_set, expires_set, lease_time_set, server_set;
	bool allow6;			/* the command takes IPv6 bindings */
	bool addr6_set, preferred_set;
	uint8_t addr6[LEASE_IPV6_LEN];
	uint8_t plen;			/* 0: an IA_NA address */
	uint8_t family;			/* AF_INET or AF_INET6, 0: both */
	uint32_t preferred;
	int vid;			/* -1: not given */
	uint8_t mac[LEASE_MAC_LEN];
	uint32_t addr, server;		/* network order */
	uint32_t expires, lease_time;
	const char *dev, *master;
	struct idarg circuit;
};

enum {
	L_MAC, L_VLAN, L_ADDR, L_EXPIRES, L_DEV, L_CIRCUIT, L_MASTER,
	L_LEASE_TIME, L_SERVER, L_PREFERRED, L_FAMILY,
};

/* An IPv6 address or prefix, as "addr"'s value or as a word of its own. */
static int parse_ipv6_word(struct args *a, const char *kw, const char *v,
			   struct lease_args *l)
{
	if (l->addr6_set || l->addr_set)
		return args_duplicate(a, kw);
	l->addr6_set = true;
	if (lease_parse_ipv6(v, l->addr6, &l->plen) == 0)
		return 0;
	errorf("invalid IPv6 address or prefix \"%s\" for \"%s\": expected IPV6 or IPV6/LEN, no bit set beyond LEN",
	       v, a->cmd);
	return -1;
}

static int parse_family_kw(struct args *a, struct lease_args *l)
{
	static const struct kw families[] = {
		{ "inet", AF_INET }, { "inet6", AF_INET6 }, { NULL, 0 },
	};
	const char *v = args_value(a, "family");
	int f;

	if (!v)
		return -1;
	if (l->family)
		return args_duplicate(a, "family");
	/* Spelled out: "inet" is a prefix of "inet6". */
	f = strcmp(v, "inet") == 0 ? AF_INET :
	    args_choice(a, "family", families, v);
	if (f < 0)
		return -1;
	l->family = (uint8_t)f;
	return 0;
}

static int parse_mac_kw(struct args *a, struct lease_args *l)
{
	const char *v = args_value(a, "mac");

	if (!v)
		return -1;
	if (l->mac_set)
		return args_duplicate(a, "mac");
	l->mac_set = true;
	return lease_arg_mac("mac", v, l->mac);
}

static int parse_ipv4_kw(struct args *a, const char *kw, bool *set,
			 uint32_t *be32)
{
	const char *v = args_value(a, kw);

	if (!v)
		return -1;
	if (*set)
		return args_duplicate(a, kw);
	*set = true;
	return lease_arg_ipv4(kw, v, be32);
}

static int parse_seconds_kw(struct args *a, const char *kw, bool *set,
			    uint32_t *s)
{
	const char *v = args_value(a, kw);

	if (!v)
		return -1;
	if (*set)
		return args_duplicate(a, kw);
	*set = true;
	return lease_arg_u32(kw, v, 1, UINT32_MAX, "seconds", s);
}

static int parse_dev_kw(struct args *a, const char *kw, const char **dev)
{
	if (*dev)
		return args_duplicate(a, kw);
	*dev = args_dev(a, kw);
	return *dev ? 0 : -1;
}

static int parse_vlan_kw(struct args *a, struct lease_args *l)
{
	const char *v = args_value(a, "vlan");
	uint32_t vid;

	if (!v)
		return -1;
	if (l->vid >= 0)
		return args_duplicate(a, "vlan");
	if (lease_arg_u32("vlan", v, 0, LEASE_VID_MAX, "a VLAN id", &vid))
		return -1;
	l->vid = (int)vid;
	return 0;
}

/*
 * Walk the words of a lease command, accepting those of @words (ids from
 * the enum above).  Requirements are checked by the caller.
 */
static int parse_lease_args(struct args *a, const struct kw *words,
			    struct lease_args *l)
{
	const char *w;

	while ((w = args_next(a))) {
		int err;

		/* An IPv6 address or prefix needs no keyword. */
		if (l->allow6 && strchr(w, ':')) {
			if (parse_ipv6_word(a, "addr", w, l))
				return -1;
			continue;
		}
		switch (kw_match(words, w)) {
		case L_MAC:
			err = parse_mac_kw(a, l);
			break;
		case L_VLAN:
			err = parse_vlan_kw(a, l);
			break;
		case L_ADDR:
			if (l->allow6 && a->i < a->argc &&
			    strchr(a->argv[a->i], ':')) {
				w = args_value(a, "addr");
				err = parse_ipv6_word(a, "addr", w, l);
				break;
			}
			if (l->addr6_set)
				return args_duplicate(a, "addr");
			err = parse_ipv4_kw(a, "addr", &l->addr_set, &l->addr);
			break;
		case L_PREFERRED:
			err = parse_seconds_kw(a, "preferred",
					       &l->preferred_set,
					       &l->preferred);
			break;
		case L_FAMILY:
			err = parse_family_kw(a, l);
			break;
		case L_EXPIRES:
			err = parse_seconds_kw(a, "expires", &l->expires_set,
					       &l->expires);
			break;
		case L_DEV:
			err = parse_dev_kw(a, "dev", &l->dev);
			break;
		case L_CIRCUIT:
			err = args_id(a, "circuit-id", L2RA_CIRCUIT_ID_MAX,
				      &l->circuit);
			if (!err && l->circuit.len == 0) {
				errorf("\"circuit-id\" for \"%s\" needs TEXT or hex HEX, not default",
				       a->cmd);
				err = -1;
			}
			break;
		case L_MASTER:
			err = parse_dev_kw(a, "master", &l->master);
			break;
		case L_LEASE_TIME:
			err = parse_seconds_kw(a, "lease-time",
					       &l->lease_time_set,
					       &l->lease_time);
			break;
		case L_SERVER:
			err = parse_ipv4_kw(a, "server", &l->server_set,
					    &l->server);
			break;
		case KW_AMBIGUOUS:
			return args_ambiguous(a, w);
		default:
			return args_unknown(a, w);
		}
		if (err)
			return -1;
	}
	return 0;
}

/* if_nametoindex() of @name, or 0 after printing an error. */
static uint32_t dev_index(const char *name)
{
	uint32_t ifindex = if_nametoindex(name);

	if (!ifindex)
		errorf("cannot find device \"%s\"", name);
	return ifindex;
}

static int put_mac_vid(struct nl_msg *msg, const struct lease_args *l)
{
	uint16_t vid = l->vid >= 0 ? (uint16_t)l->vid : 0;

	if (nlc_put(msg, L2RA_A_MAC, l->mac, LEASE_MAC_LEN))
		return -1;
	if (l->vid >= 0 && nlc_put(msg, L2RA_A_VID, &vid, sizeof(vid)))
		return -1;
	return 0;
}

/* Open, send @msg (consumed) expecting an ACK; exit status. */
static int send_simple(struct l2ractl *ctx, struct nl_msg *msg)
{
	int err = nlc_request(&ctx->nl, msg, NULL, NULL);

	if (err) {
		nlc_perror(&ctx->nl, err);
		return 1;
	}
	return 0;
}

/* ---- lease show ---- */

static const struct kw show_words[] = {
	{ "dev", L_DEV }, { "master", L_MASTER }, { "vlan", L_VLAN },
	{ "addr", L_ADDR }, { "mac", L_MAC }, { "family", L_FAMILY },
	{ NULL, 0 },
};

struct lease_show {
	struct l2ractl *ctx;
	uint32_t dev, master;		/* 0: any */
	const struct lease_args *l;
	struct ifname_cache cache;
};

/* True if the lease of @tb passes the filters (checked here too). */
static bool lease_match(const struct lease_show *s, struct nlattr **tb)
{
	const struct lease_args *l = s->l;
	const struct nlattr *a;
	uint16_t vid;

	if (s->dev && (!(a = lease_attr(tb, L2RA_A_IFINDEX, 4)) ||
		       attr_u32(a) != s->dev))
		return false;
	if (s->master && (!(a = lease_attr(tb, L2RA_A_BRIDGE_IFINDEX, 4)) ||
			  attr_u32(a) != s->master))
		return false;
	if (l->addr_set && (!(a = lease_attr(tb, L2RA_A_ADDR, 4)) ||
			    attr_u32(a) != l->addr))
		return false;
	if (l->vid >= 0) {
		a = lease_attr(tb, L2RA_A_VID, 2);
		if (a)
			memcpy(&vid, nla_data(a), sizeof(vid));
		if (!a || vid != l->vid)
			return false;
	}
	if (l->mac_set && (!(a = lease_attr(tb, L2RA_A_MAC, LEASE_MAC_LEN)) ||
			   memcmp(nla_data(a), l->mac, LEASE_MAC_LEN) != 0))
		return false;
	a = lease_attr(tb, L2RA_A_ADDR6, LEASE_IPV6_LEN);
	if (l->family && l->family != (a ? AF_INET6 : AF_INET))
		return false;
	if (l->addr6_set && (!a || memcmp(nla_data(a), l->addr6,
					  LEASE_IPV6_LEN) != 0))
		return false;
	return true;
}

static int put_addr6(struct nl_msg *msg, const struct lease_args *l)
{
	uint16_t vid = l->vid >= 0 ? (uint16_t)l->vid : 0;

	if (nlc_put(msg, L2RA_A_ADDR6, l->addr6, LEASE_IPV6_LEN))
		return -1;
	if (l->plen && nlc_put(msg, L2RA_A_PREFIX_LEN, &l->plen, 1))
		return -1;
	if (l->vid >= 0 && nlc_put(msg, L2RA_A_VID, &vid, sizeof(vid)))
		return -1;
	return 0;
}

static int lease_reply(struct nlattr **tb, void *arg)
{
	struct lease_show *s = arg;

	if (!lease_match(s, tb))
		return 0;
	/* Printed as they come: a dump of a million leases streams. */
	if (s->ctx->json)
		lease_print_json(&s->ctx->js, tb, &s->cache, NULL);
	else
		lease_print_plain(tb, &s->cache, NULL);
	return 0;
}

static int put_show(struct nl_msg *msg, const struct lease_show *s)
{
	const struct lease_args *l = s->l;
	uint16_t vid = (uint16_t)(l->vid >= 0 ? l->vid : 0);

	if (l->addr6_set)	/* a doit: the one IPv6 binding */
		return put_addr6(msg, l);
	if (l->mac_set)		/* a doit: the one lease, filtered here */
		return put_mac_vid(msg, l);
	if (l->family && nlc_put(msg, L2RA_A_FAMILY, &l->family, 1))
		return -1;
	if (s->dev && nlc_put_u32(msg, L2RA_A_IFINDEX, s->dev))
		return -1;
	if (s->master && nlc_put_u32(msg, L2RA_A_BRIDGE_IFINDEX, s->master))
		return -1;
	if (l->vid >= 0 && nlc_put(msg, L2RA_A_VID, &vid, sizeof(vid)))
		return -1;
	if (l->addr_set && nlc_put(msg, L2RA_A_ADDR, &l->addr, 4))
		return -1;
	return 0;
}

static int lease_show(struct l2ractl *ctx, int argc, char **argv)
{
	struct lease_args l = { .vid = -1 };
	struct lease_show s = { .ctx = ctx, .l = &l };
	struct nl_msg *msg;
	struct args a;
	int err;

	args_init(&a, argc, argv, "lease", "lease show");
	l.allow6 = true;
	if (parse_lease_args(&a, show_words, &l))
		return 1;
	if (l.addr6_set && (l.mac_set || l.family == AF_INET)) {
		errorf("an IPv6 address names one binding for \"%s\": not with \"%s\"",
		       a.cmd, l.mac_set ? "mac" : "family inet");
		return 1;
	}
	if (l.dev && !(s.dev = dev_index(l.dev)))
		return 1;
	if (l.master && !(s.master = dev_index(l.master)))
		return 1;

	if (nlc_open(&ctx->nl))
		return 1;
	msg = nlc_msg(&ctx->nl, L2RA_CMD_LEASE_GET,
		      l.mac_set || l.addr6_set ? 0 : NLM_F_DUMP);
	if (!msg)
		return 1;
	if (put_show(msg, &s)) {
		nlmsg_free(msg);
		return 1;
	}
	if (ctx->json)
		json_arr_open(&ctx->js);
	err = nlc_request(&ctx->nl, msg, lease_reply, &s);
	if (ctx->json)
		json_arr_close(&ctx->js);
	if (err) {
		char mac[LEASE_MAC_STRLEN];

		char ip6[LEASE_IPV6_STRLEN];

		fflush(stdout);
		if (err == -ENOENT && l.addr6_set && !ctx->nl.extack[0])
			errorf("no binding for %s vlan %d",
			       lease_format_ipv6(l.addr6, l.plen, ip6),
			       l.vid > 0 ? l.vid : 0);
		else if (err == -ENOENT && l.mac_set && !ctx->nl.extack[0])
			errorf("no lease for %s vlan %d",
			       lease_format_mac(l.mac, mac), l.vid > 0 ? l.vid : 0);
		else
			nlc_perror(&ctx->nl, err);
		return 1;
	}
	return 0;
}

/* ---- lease add ---- */

static const struct kw add_words[] = {
	{ "mac", L_MAC }, { "vlan", L_VLAN }, { "addr", L_ADDR },
	{ "expires", L_EXPIRES }, { "dev", L_DEV },
	{ "circuit-id", L_CIRCUIT }, { "master", L_MASTER },
	{ "lease-time", L_LEASE_TIME }, { "server", L_SERVER },
	{ "preferred", L_PREFERRED },
	{ NULL, 0 },
};

static int check_add(const struct args *a, const struct lease_args *l)
{
	if (l->addr6_set && l->server_set) {
		errorf("\"server\" is for IPv4 leases: not with an IPv6 address for \"%s\"",
		       a->cmd);
		return -1;
	}
	if (!l->addr6_set && l->preferred_set) {
		errorf("\"preferred\" is for IPv6 bindings: \"%s\" needs an IPv6 address",
		       a->cmd);
		return -1;
	}
	if (!l->mac_set && !l->addr6_set)
		return args_required(a, "mac");
	if (!l->addr_set && !l->addr6_set)
		return args_required(a, "addr");
	if (!l->expires_set)
		return args_required(a, "expires");
	if (l->dev && l->circuit.set) {
		errorf("\"dev\" and \"circuit-id\" cannot be combined for \"%s\": name the port one way",
		       a->cmd);
		return -1;
	}
	if (l->master && !l->circuit.set) {
		errorf("\"master\" needs \"circuit-id\" for \"%s\": it names the bridge to look the circuit-id up in",
		       a->cmd);
		return -1;
	}
	if (!l->dev && !l->circuit.set)
		return args_required(a, "dev or circuit-id");
	return 0;
}

static int put_add(struct nl_msg *msg, const struct lease_args *l,
		   uint32_t master)
{
	if (l->addr6_set) {
		if (put_addr6(msg, l) ||
		    (l->mac_set &&
		     nlc_put(msg, L2RA_A_MAC, l->mac, LEASE_MAC_LEN)) ||
		    (l->preferred_set &&
		     nlc_put_u32(msg, L2RA_A_PREFERRED, l->preferred)))
			return -1;
	} else if (put_mac_vid(msg, l) ||
		   nlc_put(msg, L2RA_A_ADDR, &l->addr, 4)) {
		return -1;
	}
	if (nlc_put_u32(msg, L2RA_A_EXPIRES, l->expires))
		return -1;
	if (l->dev && nlc_put_string(msg, L2RA_A_IFNAME, l->dev))
		return -1;
	if (l->circuit.set && nlc_put(msg, L2RA_A_CIRCUIT_ID, l->circuit.buf,
				      l->circuit.len))
		return -1;
	if (master && nlc_put_u32(msg, L2RA_A_BRIDGE_IFINDEX, master))
		return -1;
	if (l->lease_time_set &&
	    nlc_put_u32(msg, L2RA_A_LEASE_TIME, l->lease_time))
		return -1;
	if (l->server_set && nlc_put(msg, L2RA_A_SERVER_ID, &l->server, 4))
		return -1;
	return 0;
}

static int lease_add(struct l2ractl *ctx, int argc, char **argv)
{
	struct lease_args l = { .vid = -1 };
	uint32_t master = 0;
	struct nl_msg *msg;
	struct args a;

	args_init(&a, argc, argv, "lease", "lease add");
	l.allow6 = true;
	if (parse_lease_args(&a, add_words, &l) || check_add(&a, &l))
		return 1;
	if (l.master && !(master = dev_index(l.master)))
		return 1;
	if (nlc_open(&ctx->nl))
		return 1;
	msg = nlc_msg(&ctx->nl, L2RA_CMD_LEASE_ADD, 0);
	if (!msg)
		return 1;
	if (put_add(msg, &l, master)) {
		nlmsg_free(msg);
		return 1;
	}
	return send_simple(ctx, msg);
}

/* ---- lease del ---- */

static const struct kw del_words[] = {
	{ "mac", L_MAC }, { "vlan", L_VLAN }, { NULL, 0 },
};

static const struct kw del6_words[] = {
	{ "mac", L_MAC }, { "vlan", L_VLAN }, { "addr", L_ADDR }, { NULL, 0 },
};

static int lease_del(struct l2ractl *ctx, int argc, char **argv)
{
	struct lease_args l = { .vid = -1 };
	struct nl_msg *msg;
	struct args a;
	int err;

	args_init(&a, argc, argv, "lease", "lease del");
	l.allow6 = true;
	if (parse_lease_args(&a, del6_words, &l))
		return 1;
	/* IPv4 leases go by MAC address: "addr" takes IPv6 only here. */
	if (l.addr_set)
		return args_unknown(&a, "addr"), 1;
	if (l.addr6_set && l.mac_set) {
		errorf("\"mac\" and an IPv6 address cannot be combined for \"%s\": name the lease one way",
		       a.cmd);
		return 1;
	}
	if (!l.mac_set && !l.addr6_set)
		return args_required(&a, "mac"), 1;
	if (nlc_open(&ctx->nl))
		return 1;
	msg = nlc_msg(&ctx->nl, L2RA_CMD_LEASE_DEL, 0);
	if (!msg)
		return 1;
	if (l.addr6_set ? put_addr6(msg, &l) : put_mac_vid(msg, &l)) {
		nlmsg_free(msg);
		return 1;
	}
	err = nlc_request(&ctx->nl, msg, NULL, NULL);
	if (err) {
		char mac[LEASE_MAC_STRLEN], ip6[LEASE_IPV6_STRLEN];

		if (err == -ENOENT && l.addr6_set && !ctx->nl.extack[0])
			errorf("no binding for %s vlan %d",
			       lease_format_ipv6(l.addr6, l.plen, ip6),
			       l.vid > 0 ? l.vid : 0);
		else if (err == -ENOENT && !ctx->nl.extack[0])
			errorf("no lease for %s vlan %d",
			       lease_format_mac(l.mac, mac), l.vid > 0 ? l.vid : 0);
		else
			nlc_perror(&ctx->nl, err);
		return 1;
	}
	return 0;
}

/* ---- lease flush ---- */

static const struct kw flush_words[] = {
	{ "dev", L_DEV }, { "master", L_MASTER }, { NULL, 0 },
};

/* Learned leases, or with @statics the static bindings. */
static int lease_flush(struct l2ractl *ctx, int argc, char **argv,
		       bool statics)
{
	const char *cmd = statics ? "binding flush" : "lease flush";
	struct lease_args l = { .vid = -1 };
	uint32_t master = 0;
	struct nl_msg *msg;
	struct args a;

	args_init(&a, argc, argv, statics ? "binding" : "lease", cmd);
	if (parse_lease_args(&a, flush_words, &l))
		return 1;
	if (l.dev && l.master) {
		errorf("\"dev\" and \"master\" cannot be combined for \"%s\"",
		       cmd);
		return 1;
	}
	if (l.master && !(master = dev_index(l.master)))
		return 1;
	if (nlc_open(&ctx->nl))
		return 1;
	msg = nlc_msg(&ctx->nl, L2RA_CMD_LEASE_FLUSH, 0);
	if (!msg)
		return 1;
	if ((l.dev && nlc_put_string(msg, L2RA_A_IFNAME, l.dev)) ||
	    (master && nlc_put_u32(msg, L2RA_A_BRIDGE_IFINDEX, master)) ||
	    (statics &&
	     nlc_put_u32(msg, L2RA_A_LEASE_FLAGS, L2RA_LEASE_F_STATIC))) {
		nlmsg_free(msg);
		return 1;
	}
	return send_simple(ctx, msg);
}

/* ---- binding: the static bindings ---- */

enum { B_ADD, B_DEL, B_SHOW, B_FLUSH, B_HELP };

static const struct kw binding_cmds[] = {
	{ "add", B_ADD },
	{ "del", B_DEL }, { "delete", B_DEL },
	{ "show", B_SHOW }, { "list", B_SHOW }, { "ls", B_SHOW },
	{ "flush", B_FLUSH },
	{ "help", B_HELP },
	{ NULL, 0 },
};

void binding_usage(FILE *f)
{
	fprintf(f,
		"Usage: l2ractl binding add dev PORT mac MAC ip A.B.C.D [ vlan VID ]\n"
		"       l2ractl binding del mac MAC [ vlan VID ]\n"
		"       l2ractl binding show [ dev PORT ]\n"
		"       l2ractl binding flush [ dev PORT | master BRIDGE ]\n"
		"       l2ractl binding help\n"
		"A static binding is a lease that never expires and that DHCP does not\n"
		"change, for a host with a fixed address (the source guard lets it send).\n");
}

static const struct kw binding_add_words[] = {
	{ "dev", L_DEV }, { "mac", L_MAC }, { "ip", L_ADDR },
	{ "addr", L_ADDR }, { "vlan", L_VLAN },
	{ NULL, 0 },
};

static int binding_add(struct l2ractl *ctx, int argc, char **argv)
{
	struct lease_args l = { .vid = -1 };
	struct nl_msg *msg;
	struct args a;

	args_init(&a, argc, argv, "binding", "binding add");
	if (parse_lease_args(&a, binding_add_words, &l))
		return 1;
	if (!l.dev)
		return args_required(&a, "dev"), 1;
	if (!l.mac_set)
		return args_required(&a, "mac"), 1;
	if (!l.addr_set)
		return args_required(&a, "ip"), 1;
	if (nlc_open(&ctx->nl))
		return 1;
	msg = nlc_msg(&ctx->nl, L2RA_CMD_LEASE_ADD, 0);
	if (!msg)
		return 1;
	if (put_mac_vid(msg, &l) ||
	    nlc_put(msg, L2RA_A_ADDR, &l.addr, 4) ||
	    nlc_put_string(msg, L2RA_A_IFNAME, l.dev) ||
	    nlc_put_u32(msg, L2RA_A_LEASE_FLAGS, L2RA_LEASE_F_STATIC)) {
		nlmsg_free(msg);
		return 1;
	}
	return send_simple(ctx, msg);
}

static int binding_found(struct nlattr **tb, void *arg)
{
	*(bool *)arg = lease_is_static(tb);
	return 0;
}

/* Removes the lease of the client only if it is a static binding. */
static int binding_del(struct l2ractl *ctx, int argc, char **argv)
{
	struct lease_args l = { .vid = -1 };
	char mac[LEASE_MAC_STRLEN];
	bool is_static = false;
	struct nl_msg *msg;
	struct args a;
	int err;

	args_init(&a, argc, argv, "binding", "binding del");
	if (parse_lease_args(&a, del_words, &l))
		return 1;
	if (!l.mac_set)
		return args_required(&a, "mac"), 1;
	if (nlc_open(&ctx->nl))
		return 1;
	msg = nlc_msg(&ctx->nl, L2RA_CMD_LEASE_GET, 0);
	if (!msg)
		return 1;
	if (put_mac_vid(msg, &l)) {
		nlmsg_free(msg);
		return 1;
	}
	err = nlc_request(&ctx->nl, msg, binding_found, &is_static);
	if (err && err != -ENOENT) {
		nlc_perror(&ctx->nl, err);
		return 1;
	}
	if (!is_static) {
		errorf("no static binding for %s vlan %d",
		       lease_format_mac(l.mac, mac), l.vid > 0 ? l.vid : 0);
		return 1;
	}
	msg = nlc_msg(&ctx->nl, L2RA_CMD_LEASE_DEL, 0);
	if (!msg)
		return 1;
	if (put_mac_vid(msg, &l)) {
		nlmsg_free(msg);
		return 1;
	}
	return send_simple(ctx, msg);
}

static int binding_reply(struct nlattr **tb, void *arg)
{
	return lease_is_static(tb) ? lease_reply(tb, arg) : 0;
}

static int binding_show(struct l2ractl *ctx, int argc, char **argv)
{
	static const struct kw words[] = { { "dev", L_DEV }, { NULL, 0 } };
	struct lease_args l = { .vid = -1 };
	struct lease_show s = { .ctx = ctx, .l = &l };
	struct nl_msg *msg;
	struct args a;
	int err;

	args_init(&a, argc, argv, "binding", "binding show");
	if (parse_lease_args(&a, words, &l))
		return 1;
	if (l.dev && !(s.dev = dev_index(l.dev)))
		return 1;
	if (nlc_open(&ctx->nl))
		return 1;
	msg = nlc_msg(&ctx->nl, L2RA_CMD_LEASE_GET, NLM_F_DUMP);
	if (!msg)
		return 1;
	if (put_show(msg, &s)) {
		nlmsg_free(msg);
		return 1;
	}
	if (ctx->json)
		json_arr_open(&ctx->js);
	err = nlc_request(&ctx->nl, msg, binding_reply, &s);
	if (ctx->json)
		json_arr_close(&ctx->js);
	if (err) {
		fflush(stdout);
		nlc_perror(&ctx->nl, err);
		return 1;
	}
	return 0;
}

int binding_main(struct l2ractl *ctx, int argc, char **argv)
{
	const char *w;

	if (argc < 1)
		return binding_show(ctx, 0, argv);
	w = argv[0];
	switch (kw_match(binding_cmds, w)) {
	case B_ADD:
		return binding_add(ctx, argc - 1, argv + 1);
	case B_DEL:
		return binding_del(ctx, argc - 1, argv + 1);
	case B_SHOW:
		return binding_show(ctx, argc - 1, argv + 1);
	case B_FLUSH:
		return lease_flush(ctx, argc - 1, argv + 1, true);
	case B_HELP:
		binding_usage(stdout);
		return 0;
	case KW_AMBIGUOUS:
		errorf("ambiguous command \"%s\", try \"l2ractl binding help\"", w);
		return 1;
	default:
		errorf("command \"%s\" is unknown, try \"l2ractl binding help\"", w);
		return 1;
	}
}

int lease_main(struct l2ractl *ctx, int argc, char **argv)
{
	const char *w;

	if (argc < 1)
		return lease_show(ctx, 0, argv);
	w = argv[0];
	switch (kw_match(lease_cmds, w)) {
	case CMD_SHOW:
		return lease_show(ctx, argc - 1, argv + 1);
	case CMD_ADD:
		return lease_add(ctx, argc - 1, argv + 1);
	case CMD_DEL:
		return lease_del(ctx, argc - 1, argv + 1);
	case CMD_FLUSH:
		return lease_flush(ctx, argc - 1, argv + 1, false);
	case CMD_HELP:
		lease_usage(stdout);
		return 0;
	case KW_AMBIGUOUS:
		errorf("ambiguous command \"%s\", try \"l2ractl lease help\"", w);
		return 1;
	default:
		errorf("command \"%s\" is unknown, try \"l2ractl lease help\"", w);
		return 1;
	}
}
