// SPDX-License-Identifier: GPL-2.0
/* Bulk Leasequery bindings into leases, newest last transaction wins. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "blq_restore.h"

/*
 * What the IPv6 bindings of one CLIENT_DATA share, and their rank for
 * reconciliation: its cltt, or INT64_MIN when the server did not send
 * one.  Each binding is copied to tail() and kept with that rank (kept:
 * r->v.v[i] and r->rank[i]).
 */
struct blq_restore_cand {
	struct lease l;
	int64_t rank;
};

void blq_restore_init(struct blq_restore *r, size_t max)
{
	memset(r, 0, sizeof(*r));
	r->max = max;
}

void blq_restore_free(struct blq_restore *r)
{
	lease_vec_free(&r->v);
	free(r->rank);
	free(r->idx);
	r->rank = NULL;
	r->idx = NULL;
	r->cap = 0;
}

/* What Linux accepts as an interface name (dev_valid_name()). */
static bool ifname_ok(const uint8_t *p, size_t n)
{
	size_t i;

	if (!n || n >= LEASE_IFNAMSIZ)
		return false;
	if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
		return false;
	for (i = 0; i < n; i++)
		if (p[i] <= ' ' || p[i] >= 0x7f || p[i] == '/' || p[i] == ':')
			return false;
	return true;
}

/* "1".."4094", as the kernel prints it (no sign, no leading zero). */
static bool vid_parse(const uint8_t *p, size_t n, uint16_t *vid)
{
	unsigned int v = 0;
	size_t i;

	if (!n || n > 4 || p[0] == '0')
		return false;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		v = v * 10 + (unsigned int)(p[i] - '0');
	}
	if (v < 1 || v > 4094)
		return false;
	*vid = (uint16_t)v;
	return true;
}

bool blq_restore_parse_circuit_id(const uint8_t *cid, size_t len,
				  uint16_t *vid, char *bridge, char *port)
{
	const uint8_t *c1 = NULL, *c2 = NULL, *last = NULL;
	size_t i, colons = 0;
	bool have_vid = false;

	*vid = 0;
	bridge[0] = port[0] = '\0';
	for (i = 0; i < len; i++) {
		if (cid[i] != ':')
			continue;
		colons++;
		if (colons == 1)
			c1 = cid + i;
		else if (colons == 2)
			c2 = cid + i;
		last = cid + i;
	}
	if (colons >= 2)
		have_vid = vid_parse(last + 1, (size_t)(cid + len - last - 1),
				     vid);
	if (colons == 1 || (colons == 2 && have_vid)) {
		size_t bl = (size_t)(c1 - cid);
		const uint8_t *pp = c1 + 1;
		size_t pl = (size_t)((c2 ? c2 : cid + len) - pp);

		if (ifname_ok(cid, bl) && ifname_ok(pp, pl)) {
			memcpy(bridge, cid, bl);
			bridge[bl] = '\0';
			memcpy(port, pp, pl);
			port[pl] = '\0';
		}
	}
	return have_vid;
}

/*
 * blq_restore_parse_circuit_id() into @l, or its result for the same
 * circuit-id last time (the parse and its interface name checks were
 * 2.5 % of a restore from a server).
 */
static void circuit_id_into(struct blq_restore *r, const uint8_t *cid,
			    size_t len, struct lease *l)
{
	if (len != r->cid_len || memcmp(cid, r->cid, len)) {
		blq_restore_parse_circuit_id(cid, len, &r->cid_vid,
					     r->cid_bridge, r->cid_port);
		memcpy(r->cid, cid, len);
		r->cid_len = (uint8_t)len;
	}
	l->vid = r->cid_vid;
	memcpy(l->bridge, r->cid_bridge, sizeof(l->bridge));
	memcpy(l->port, r->cid_port, sizeof(l->port));
}

/* An IPv4 lease's key, MAC and VID, as one word. */
static inline uint64_t key4(const struct lease *l)
{
	uint64_t k = 0;

	memcpy(&k, l->mac, sizeof(l->mac));
	return k ^ (uint64_t)l->vid << 48;
}

/*
 * A key's hash, whose high bits the index takes (Fibonacci hashing): the
 * key times 2^64 / phi, for IPv4 the key word, for IPv6 FNV-1a over the
 * address first.  The high bits of the product depend on every bit of
 * the key; the low ones only on the key's low bits, and a MAC address
 * varies in its last octets: masking the low bits of the product's high
 * half clustered such keys (slot() took 76 instructions a binding of
 * bench/blq_cost.sh, 68 now).
 */
static uint64_t key_hash(const struct lease *l)
{
	uint32_t h = 2166136261u;
	size_t i;

	if (!l->v6)
		return key4(l) * 0x9e3779b97f4a7c15ull;
	for (i = 0; i < sizeof(l->addr6); i++)
		h = (h ^ l->addr6[i]) * 16777619u;
	h = (h ^ l->prefix_len ^ 0x100) * 16777619u;
	h = (h ^ (l->vid & 0xff)) * 16777619u;
	h = (h ^ (l->vid >> 8)) * 16777619u;
	return h * 0x9e3779b97f4a7c15ull;
}

/* log2 of @cap, a power of two. */
static unsigned int cap_bits(size_t cap)
{
	return (unsigned int)__builtin_ctzll(cap);
}

/*
 * The index slot of @l's key in @idx (@cap slots, a power of two): the
 * one holding it, or the empty one where it would go.  A slot holds
 * 1 + the candidate's position in r->v, 0 when empty.
 */
static uint32_t *slot(const struct blq_restore *r, uint32_t *idx, size_t cap,
		      const struct lease *l)
{
	size_t i = (size_t)(key_hash(l) >> (64 - cap_bits(cap)));

	while (idx[i] && !lease_same_key(&r->v.v[idx[i] - 1], l))
		i = (i + 1) & (cap - 1);
	return &idx[i];
}

/*
 * Keep the index under half full.  The index holds positions (4 octets a
 * slot) and the leases sit in arrival order in a vector that grows by
 * realloc(): a table of whole leases, sized for a load of one half and
 * copied at each doubling, zeroed 2.6 times the memory of the leases
 * themselves, and the kernel's page clearing of it was the largest single
 * cost of a 100 k restore (benchmarks.rst).
 */
static int grow_index(struct blq_restore *r)
{
	size_t cap = r->cap ? r->cap * 2 : 512, i;
	uint32_t *t = calloc(cap, sizeof(*t));

	if (!t)
		return -ENOMEM;
	for (i = 0; i < r->v.n; i++)
		*slot(r, t, cap, &r->v.v[i]) = (uint32_t)(i + 1);
	free(r->idx);
	r->idx = t;
	r->cap = cap;
	return 0;
}

static int grow_vec(struct blq_restore *r)
{
	size_t cap = r->v.cap ? r->v.cap * 2 : 256;
	struct lease *v;
	int64_t *rank;

	v = realloc(r->v.v, cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	r->v.v = v;
	rank = realloc(r->rank, cap * sizeof(*rank));
	if (!rank)
		return -ENOMEM;
	r->rank = rank;
	r->v.cap = cap;
	return 0;
}

/*
 * The vector's next free lease, where a candidate is built (no copy of
 * it for a new key, the usual case); NULL without memory.
 */
static struct lease *tail(struct blq_restore *r)
{
	if (r->v.n == r->v.cap && grow_vec(r))
		return NULL;
	return &r->v.v[r->v.n];
}

/* Does the tail (@rank) win over candidate @i (same key)?  Newest cltt,
 * then longest lifetime. */
static bool wins(const struct blq_restore *r, int64_t rank, size_t i)
{
	if (rank != r->rank[i])
		return rank > r->rank[i];
	return r->v.v[r->v.n].expires_at > r->v.v[i].expires_at;
}

/*
 * The candidate built at tail(), of @rank: kept as a new key, or over an
 * older one of its key, or not.  0 kept or superseded, 1 over the
 * limit, -ENOMEM.
 */
static int keep(struct blq_restore *r, int64_t rank)
{
	const struct lease *l = &r->v.v[r->v.n];
	uint32_t *s;
	size_t i;

	/* Positions are 32-bit: far beyond any kernel's lease limit. */
	if (r->v.n >= UINT32_MAX - 1)
		return 1;
	if ((r->v.n + 1) * 2 > r->cap && grow_index(r))
		return -ENOMEM;
	s = slot(r, r->idx, r->cap, l);
	if (*s) {
		i = *s - 1;
		r->stats.superseded++;
		if (wins(r, rank, i)) {
			r->v.v[i] = *l;
			r->rank[i] = rank;
		}
		return 0;
	}
	if (r->max && r->v.n >= r->max)
		return 1;
	i = r->v.n++;
	r->rank[i] = rank;
	*s = (uint32_t)(i + 1);
	return 0;
}

static const uint8_t zero_mac[6];

int blq_restore_add4(struct blq_restore *r, const struct blq4_binding *b,
		     uint32_t server_id, int64_t now)
{
	struct blq_restore_stats *st = &r->stats;
	const uint8_t *cid;
	struct lease *l;
	uint8_t cid_len;
	uint64_t granted;
	int64_t rank;

	st->offered++;
	if (b->msg_type != BLQ4_MSG_LEASEACTIVE ||
	    ((b->have & BLQ4_HAVE_DHCP_STATE) &&
	     b->dhcp_state != BLQ4_STATE_ACTIVE)) {
		st->not_active++;
		return 0;
	}
	if (!(b->have & BLQ4_HAVE_LEASE_TIME) || !b->lease_time) {
		st->expired++;
		return 0;
	}
	if (!memcmp(b->ciaddr, "\0\0\0\0", 4)) {
		st->no_address++;
		return 0;
	}
	if (b->htype != 1 || b->hlen != 6 || !memcmp(b->chaddr, zero_mac, 6)) {
		st->bad_mac++;
		return 0;
	}
	if (!(b->have & BLQ4_HAVE_RAI)) {
		st->no_circuit_id++;
		return 0;
	}
	if (b->have & BLQ4_HAVE_CIRCUIT_ID_POS) {
		/* blq4_decode() walked option 82 already */
		if (!b->circuit_id_off) {
			st->no_circuit_id++;
			return 0;
		}
		cid = b->rai + b->circuit_id_off;
		cid_len = b->circuit_id_len;
	} else if (blq4_rai_find(b->rai, b->rai_len, BLQ4_RAI_CIRCUIT_ID,
				 &cid, &cid_len)) {
		st->no_circuit_id++;
		return 0;
	}
	if (!cid_len || cid_len > L2RA_CIRCUIT_ID_MAX) {
		st->bad_circuit_id++;
		return 0;
	}

	l = tail(r);
	if (!l) {
		st->offered--;
		return -ENOMEM;
	}
	memset(l, 0, sizeof(*l));
	memcpy(l->mac, b->chaddr, 6);
	memcpy(&l->addr, b->ciaddr, 4);
	memcpy(l->circuit_id, cid, cid_len);
	l->circuit_id_len = cid_len;
	circuit_id_into(r, cid, cid_len, l);
	l->expires_at = now + (int64_t)b->lease_time;
	l->server_id = server_id;
	granted = b->lease_time;
	if (b->have & BLQ4_HAVE_CLTT) {
		l->cltt = now - (int64_t)b->cltt;
		rank = l->cltt;
		granted += b->cltt;
	} else {
		l->cltt = now;
		rank = INT64_MIN;
	}
	l->lease_time = granted > UINT32_MAX ? UINT32_MAX : (uint32_t)granted;
	switch (keep(r, rank)) {
	case 0:
		st->accepted++;
		return 0;
	case 1:
		st->over_limit++;
		return 0;
	default:
		st->offered--;
		return -ENOMEM;
	}
}

/* The client's MAC address from RFC 6939's option or its DUID, if any. */
static void mac6(const struct blq6_client_data *cd, uint8_t mac[6])
{
	const uint8_t *d = cd->client_id.ptr;
	size_t n = cd->client_id.ptr ? cd->client_id.len : 0;
	size_t at = 0;

	memset(mac, 0, 6);
	if (cd->has_lladdr && cd->lladdr_type == 1 && cd->lladdr.len == 6) {
		memcpy(mac, cd->lladdr.ptr, 6);
		return;
	}
	/* DUID-LLT: type 1, hwtype, time, lladdr; DUID-LL: type 3, hwtype. */
	if (n == 14 && d[0] == 0 && d[1] == 1)
		at = 8;
	else if (n == 10 && d[0] == 0 && d[1] == 3)
		at = 4;
	if (at && d[2] == 0 && d[3] == 1)
		memcpy(mac, d + at, 6);
}

static uint32_t sat32(uint64_t v)
{
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/* Clear the bits of @a beyond @len. */
static void mask_prefix(uint8_t a[16], unsigned int len)
{
	for (unsigned int i = 0; i < 16; i++) {
		if (len >= 8 * (i + 1))
			continue;
		a[i] &= len > 8 * i ? (uint8_t)(0xff << (8 - (len - 8 * i)))
				    : 0;
	}
}

/* Every address or prefix of @cd counted in one drop counter. */
static void drop6(struct blq_restore *r, const struct blq6_client_data *cd,
		  uint64_t *counter)
{
	uint64_t n = cd->n_leases;

	r->stats.offered += n;
	*counter += n;
}

int blq_restore_add6(struct blq_restore *r, const struct blq6_msg *m,
		     int64_t now)
{
	struct blq_restore_stats *st = &r->stats;
	const struct blq6_client_data *cd = &m->cd;
	const struct blq6_bytes *iid = &cd->interface_id;
	struct blq_restore_cand c;
	struct lease *l;
	unsigned int i;

	if (!m->has_client_data || !cd->n_leases) {
		st->offered++;
		st->v6_no_address++;
		return 0;
	}
	st->offered += cd->n_leases_dropped;
	st->v6_too_many += cd->n_leases_dropped;
	if (!cd->has_relay_data) {
		drop6(r, cd, &st->v6_no_relay_data);
		return 0;
	}
	if (!iid->ptr) {
		drop6(r, cd, &st->v6_no_interface_id);
		return 0;
	}
	if (!iid->len || iid->len > L2RA_CIRCUIT_ID_MAX) {
		drop6(r, cd, &st->v6_bad_interface_id);
		return 0;
	}
	memset(&c, 0, sizeof(c));
	c.l.v6 = true;
	mac6(cd, c.l.mac);
	memcpy(c.l.circuit_id, iid->ptr, iid->len);
	c.l.circuit_id_len = (uint8_t)iid->len;
	circuit_id_into(r, iid->ptr, iid->len, &c.l);
	if (cd->has_clt_time) {
		c.l.cltt = now - (int64_t)cd->clt_time;
		c.rank = c.l.cltt;
	} else {
		c.l.cltt = now;
		c.rank = INT64_MIN;
	}
	for (i = 0; i < cd->n_leases; i++) {
		const struct blq6_lease *b = &cd->leases[i];
		uint64_t age = cd->has_clt_time ? cd->clt_time : 0;

		st->offered++;
		if (b->is_prefix && !b->prefix_len) {
			st->v6_no_address++;
			continue;
		}
		if (!b->valid) {
			st->v6_expired++;
			continue;
		}
		memcpy(c.l.addr6, b->addr, 16);
		c.l.prefix_len = b->is_prefix ? b->prefix_len : 0;
		if (b->is_prefix)
			mask_prefix(c.l.addr6, b->prefix_len);
		c.l.lease_time = sat32(b->valid + age);
		c.l.preferred = b->preferred ? sat32(b->preferred + age) : 0;
		c.l.expires_at = now + (int64_t)b->valid;
		l = tail(r);
		if (!l) {
			st->offered--;
			return -ENOMEM;
		}
		*l = c.l;
		switch (keep(r, c.rank)) {
		case 0:
			st->accepted++;
			break;
		case 1:
			st->over_limit++;
			break;
		default:
			st->offered--;
			return -ENOMEM;
		}
	}
	return 0;
}

int blq_restore_add(struct blq_restore *r, const struct blq_binding *b,
		    uint32_t server_id, int64_t now)
{
	if (b->proto == BLQ_PROTO_V4)
		return blq_restore_add4(r, b->v4, server_id, now);
	return blq_restore_add6(r, b->v6, now);
}

int blq_restore_finish(struct blq_restore *r, struct lease_vec *out)
{
	/* Handed over, not copied: 100 k leases are 17 MB. */
	lease_vec_free(out);
	*out = r->v;
	memset(&r->v, 0, sizeof(r->v));
	r->stats.leases = out->n;
	blq_restore_free(r);
	return 0;
}
