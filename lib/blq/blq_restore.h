/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bulk Leasequery bindings -> l2rad leases (lease.h), reconciled across
 * servers.  Pure: no sockets, no clock; the caller passes the wall clock.
 *
 * Feed every binding on_binding (blq_client.h) receives, from every server,
 * to blq_restore_add(); then blq_restore_finish() yields one lease per key
 * (chaddr + VLAN), in the order the keys first arrived (not sorted: the
 * push into the kernel needs no order, and sorting 100 k leases of 168
 * octets cost a tenth of a restore; lease_vec_sort() before
 * lease_vec_find()).
 *
 * A DHCPv4 binding becomes a lease when it is a DHCPLEASEACTIVE (and its
 * dhcp-state, option 156, if present, is ACTIVE), has an Ethernet chaddr
 * (htype 1, hlen 6, not zero), a ciaddr, a remaining lease time (option 51,
 * > 0) and a circuit-id (option 82 sub-option 1, 1..L2RA_CIRCUIT_ID_MAX
 * octets) in its stored option 82.  The lease gets:
 *
 *   mac        chaddr
 *   vid        from a circuit-id of l2ra's default form
 *              "<bridge>:<port>:<vid>" (at least two colons, the last
 *              followed by a VID 1..4094 in decimal without leading zero),
 *              else 0
 *   circuit_id the circuit-id: l2rad adds the lease by it and the kernel
 *              finds the port (l2rad's second, by-circuit-id pass)
 *   bridge, port  hints from the default form "<bridge>:<port>[:<vid>]"
 *              only (exactly one, or two with a VID, colons; valid
 *              interface names), else ""; l2rad tries the port by name
 *              first, then the circuit-id
 *   addr       ciaddr
 *   expires_at now + option 51 (the remaining time: RFC 6926 servers,
 *              Kea included, send it already reduced by the CLTT)
 *   cltt       now - option 91 (now if absent)
 *   lease_time option 51 + option 91: the granted length, best effort
 *   server_id  the caller's: the server's IPv4 address
 *
 * Reconciliation: of several bindings with the same key (several servers,
 * or one binding seen again after a retry), the one with the most recent
 * last transaction (largest cltt; a binding without option 91 loses to any
 * with it) wins; on a tie the longer remaining lifetime wins.  It is done
 * as the bindings arrive, so memory holds one lease per key, and at most
 * @max keys (the kernel's lease limit: more could not be installed
 * anyway); bindings of further keys are counted in over_limit.
 *
 * A DHCPv6 CLIENT_DATA (RFC 5007, RFC 5460) gives one IPv6 binding
 * (lease.h, v6) per IAADDR (an IA_NA address: prefix_len 0) and per
 * IAPREFIX (an IA_PD prefix, 1..128; bits beyond the length cleared) when
 * it has an LQ_RELAY_DATA (47) whose Relay-Forward chain holds an
 * Interface-ID (18; of the innermost level that has one: the LDRA's port,
 * 1..L2RA_CIRCUIT_ID_MAX octets) and a remaining valid lifetime.  It gets:
 *
 *   addr6, prefix_len   the address, or the prefix and its length
 *   vid, circuit_id, bridge, port   from the Interface-ID as from a
 *              DHCPv4 circuit-id above (the LDRA names a port the same way)
 *   mac        CLIENT_LINKLAYER_ADDR (79, RFC 6939) of the relay data, of
 *              link-layer type 1 and 6 octets; else the link-layer address
 *              of the client's DUID-LLT (1) or DUID-LL (3) of hardware
 *              type 1; else all zero (unknown)
 *   expires_at now + the valid lifetime (what is left of it: servers,
 *              Kea included, send the lifetimes reduced by the time since
 *              the last transaction, as for DHCPv4's option 51)
 *   cltt       now - CLT_TIME (46; now if absent)
 *   lease_time, preferred   the valid and preferred lifetimes + CLT_TIME:
 *              as granted, best effort (preferred 0 stays 0)
 *
 * Each address or prefix is one binding offered (a CLIENT_DATA without
 * any counts once, in v6_no_address).
 *
 * Cost: O(1) per binding (an index of positions, hashed by key), O(1) in
 * blq_restore_finish(); memory one lease and 8 to 24 octets more per key.
 */
#ifndef _L2RA_BLQ_RESTORE_H
#define _L2RA_BLQ_RESTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "blq_client.h"
#include "lease.h"

/* Every binding offered is counted in exactly one of the drop counters,
 * over_limit or accepted. */
struct blq_restore_stats {
	uint64_t offered;	/* bindings given to blq_restore_add*() */
	uint64_t accepted;	/* became candidates */
	uint64_t not_active;	/* not LEASEACTIVE, or 156 != ACTIVE */
	uint64_t expired;	/* option 51 absent or 0 */
	uint64_t no_address;	/* ciaddr 0.0.0.0 */
	uint64_t bad_mac;	/* htype != 1, hlen != 6, or all zero */
	uint64_t no_circuit_id;	/* no option 82 or no sub-option 1 */
	uint64_t bad_circuit_id;	/* empty or over L2RA_CIRCUIT_ID_MAX */
	/* DHCPv6, per address or prefix: */
	uint64_t v6_no_address;	/* no CLIENT_DATA, or none in it; or an
				 * IAPREFIX of length 0 */
	uint64_t v6_too_many;	/* beyond what one decoded message keeps */
	uint64_t v6_no_relay_data;	/* no LQ_RELAY_DATA (47) */
	uint64_t v6_no_interface_id;	/* no Interface-ID in its relay chain */
	uint64_t v6_bad_interface_id;	/* empty or over L2RA_CIRCUIT_ID_MAX */
	uint64_t v6_expired;	/* valid lifetime 0 */
	uint64_t over_limit;	/* a new key beyond max */
	/* Of accepted: the bindings that met one of their key already. */
	uint64_t superseded;
	/* Set by blq_restore_finish(): */
	uint64_t leases;	/* leases produced */
};

struct blq_restore {
	struct lease_vec v;	/* the candidates, in arrival order */
	int64_t *rank;		/* each one's cltt, INT64_MIN: none sent */
	uint32_t *idx;		/* 1 + position in v, by key; 0: empty */
	size_t cap, max;	/* idx slots (a power of two); key limit */
	/*
	 * The last circuit-id parsed and what it gave: a bulk reply lists
	 * many bindings of one port in a row.
	 */
	uint8_t cid_len;	/* 0: none yet */
	uint8_t cid[L2RA_CIRCUIT_ID_MAX];
	uint16_t cid_vid;
	char cid_bridge[LEASE_IFNAMSIZ], cid_port[LEASE_IFNAMSIZ];
	struct blq_restore_stats stats;
};

/* Keep at most @max keys (0: no limit). */
void blq_restore_init(struct blq_restore *r, size_t max);
void blq_restore_free(struct blq_restore *r);

/*
 * Offer one binding from a server whose IPv4 address is @server_id
 * (network order, 0 if unknown), at wall clock @now (seconds since the
 * epoch).  0, or -ENOMEM (the binding is then lost, not counted).
 */
int blq_restore_add4(struct blq_restore *r, const struct blq4_binding *b,
		     uint32_t server_id, int64_t now);
/* Each IPv6 binding of @m (a LEASEQUERY-REPLY or -DATA): 0 or -ENOMEM. */
int blq_restore_add6(struct blq_restore *r, const struct blq6_msg *m,
		     int64_t now);
/* Either of the above by b->proto. */
int blq_restore_add(struct blq_restore *r, const struct blq_binding *b,
		    uint32_t server_id, int64_t now);

/*
 * Hand the reconciled leases over to @out (its old content freed), in the
 * order their keys first arrived, and fill stats.leases.  The candidates
 * are consumed.  Returns 0: nothing is allocated or copied (the int is
 * kept for callers written when it could fail).
 */
int blq_restore_finish(struct blq_restore *r, struct lease_vec *out);

/*
 * The parts of a circuit-id of l2ra's default form (see above): *@vid (0
 * if none), @bridge and @port (LEASE_IFNAMSIZ each, "" if not of the
 * form).  Returns true if a VID was found.
 */
bool blq_restore_parse_circuit_id(const uint8_t *cid, size_t len,
				  uint16_t *vid, char *bridge, char *port);

#endif /* _L2RA_BLQ_RESTORE_H */
