/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DHCPv6 Bulk Leasequery messages (RFC 5460, on top of RFC 5007 and the
 * RFC 8415 option formats).
 *
 * blq6_build_query() writes one LEASEQUERY; blq6_decode() fills a struct
 * blq6_msg from a LEASEQUERY-REPLY, -DATA or -DONE.  Variable-length items
 * are returned as views (pointer + length) into the caller's message, so
 * they are valid only as long as that buffer is (with struct blq_framer: up
 * to the next blq_framer_feed()); copy what must be kept.  Addresses and
 * prefixes are copied into a fixed array of BLQ6_LEASES_MAX entries.
 */
#ifndef _L2RA_BLQ6_H
#define _L2RA_BLQ6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "blq_frame.h"

#define BLQ6_MSG_RELAY_FORW		12
#define BLQ6_MSG_RELAY_REPL		13
#define BLQ6_MSG_LEASEQUERY		14
#define BLQ6_MSG_LEASEQUERY_REPLY	15
#define BLQ6_MSG_LEASEQUERY_DONE	16	/* RFC 5460: DONE is 16 ... */
#define BLQ6_MSG_LEASEQUERY_DATA	17	/* ... and DATA is 17 */

#define BLQ6_OPT_CLIENTID		1
#define BLQ6_OPT_SERVERID		2
#define BLQ6_OPT_IAADDR			5
#define BLQ6_OPT_ORO			6
#define BLQ6_OPT_RELAY_MSG		9
#define BLQ6_OPT_STATUS_CODE		13
#define BLQ6_OPT_INTERFACE_ID		18
#define BLQ6_OPT_IAPREFIX		26
#define BLQ6_OPT_REMOTE_ID		37
#define BLQ6_OPT_LQ_QUERY		44
#define BLQ6_OPT_CLIENT_DATA		45
#define BLQ6_OPT_CLT_TIME		46
#define BLQ6_OPT_LQ_RELAY_DATA		47
#define BLQ6_OPT_LQ_CLIENT_LINK		48
#define BLQ6_OPT_RELAY_ID		53
#define BLQ6_OPT_CLIENT_LINKLAYER_ADDR	79	/* RFC 6939 */

/* OPTION_LQ_QUERY query-type (RFC 5007 section 4.1.2.1, RFC 5460). */
#define BLQ6_QT_BY_ADDRESS		1
#define BLQ6_QT_BY_CLIENTID		2
#define BLQ6_QT_BY_RELAY_ID		3
#define BLQ6_QT_BY_LINK_ADDRESS		4
#define BLQ6_QT_BY_REMOTE_ID		5

/* STATUS_CODE values a bulk leasequery client meets. */
#define BLQ6_STATUS_SUCCESS		0
#define BLQ6_STATUS_UNSPEC_FAIL		1
#define BLQ6_STATUS_UNKNOWN_QUERY_TYPE	7
#define BLQ6_STATUS_MALFORMED_QUERY	8
#define BLQ6_STATUS_NOT_CONFIGURED	9
#define BLQ6_STATUS_NOT_ALLOWED		10
#define BLQ6_STATUS_QUERY_TERMINATED	11

#define BLQ6_HDR_LEN			4	/* msg-type + transaction-id */
#define BLQ6_XID_MAX			0xffffffu
#define BLQ6_DUID_MAX			130	/* 2-octet type + 128 (RFC 8415) */

/* Bounds of what blq6_decode() keeps per CLIENT_DATA. */
#define BLQ6_LEASES_MAX			8
#define BLQ6_RELAY_HOPS_MAX		4

struct blq6_query {
	uint32_t xid;			/* 24 bits */
	uint8_t type;			/* BLQ6_QT_* */
	uint8_t link_addr[16];		/* :: unless restricting to a link */
	/* The requestor's own DUID (OPTION_CLIENTID), 1..130 octets. */
	const uint8_t *requestor_duid;
	size_t requestor_duid_len;
	/*
	 * BY_RELAY_ID: relay DUID; BY_CLIENTID: client DUID (1..130);
	 * BY_REMOTE_ID: the remote-id after the enterprise number (>= 1).
	 */
	const uint8_t *id;
	size_t id_len;
	uint32_t enterprise;		/* BY_REMOTE_ID */
	uint8_t addr[16];		/* BY_ADDRESS */
	/* Optional OPTION_ORO inside the query, e.g. CLT_TIME, RELAY_DATA. */
	const uint16_t *oro;
	size_t oro_count;
};

struct blq6_bytes {
	const uint8_t *ptr;		/* NULL when absent */
	uint16_t len;
};

struct blq6_lease {
	bool is_prefix;			/* IAPREFIX rather than IAADDR */
	uint8_t prefix_len;		/* 128 for an address */
	uint8_t addr[16];
	uint32_t preferred;
	uint32_t valid;
};

/* One RELAY-FORW level inside LQ_RELAY_DATA. */
struct blq6_relay_hop {
	uint8_t hop_count;
	uint8_t link_addr[16];
	uint8_t peer_addr[16];
	struct blq6_bytes interface_id;	/* option 18 */
	bool has_remote_id;
	uint32_t remote_id_enterprise;
	struct blq6_bytes remote_id;	/* option 37 after the enterprise */
	bool has_lladdr;
	uint16_t lladdr_type;		/* option 79: link-layer type ... */
	struct blq6_bytes lladdr;	/* ... and address */
};

struct blq6_client_data {
	struct blq6_bytes client_id;	/* the client's DUID */
	unsigned int n_leases;		/* <= BLQ6_LEASES_MAX */
	unsigned int n_leases_dropped;	/* beyond the array, counted only */
	struct blq6_lease leases[BLQ6_LEASES_MAX];
	bool has_clt_time;
	uint32_t clt_time;		/* seconds since last transaction */
	bool has_relay_data;
	uint8_t relay_peer_addr[16];
	struct blq6_bytes relay_msg;	/* may be empty (Kea) */
	/* Relay levels outermost first; n_hops counts all, stored or not. */
	unsigned int n_hops;
	struct blq6_relay_hop hops[BLQ6_RELAY_HOPS_MAX];
	/*
	 * INTERFACE_ID / REMOTE_ID of the innermost relay level that has them:
	 * the relay closest to the client, i.e. the L2RA's own port label.
	 */
	struct blq6_bytes interface_id;
	bool has_remote_id;
	uint32_t remote_id_enterprise;
	struct blq6_bytes remote_id;
	/* CLIENT_LINKLAYER_ADDR of the innermost relay level that has one. */
	bool has_lladdr;
	uint16_t lladdr_type;
	struct blq6_bytes lladdr;
};

struct blq6_msg {
	uint8_t msg_type;		/* BLQ6_MSG_LEASEQUERY_{REPLY,DATA,DONE} */
	uint32_t xid;			/* 24 bits, matches the query */
	bool has_status;		/* absent means success */
	uint16_t status_code;
	struct blq6_bytes status_msg;	/* UTF-8, not NUL-terminated */
	struct blq6_bytes client_id;	/* top-level: the requestor's DUID */
	struct blq6_bytes server_id;
	unsigned int n_client_links;	/* addresses in LQ_CLIENT_LINK */
	bool has_client_data;
	struct blq6_client_data cd;
};

/*
 * Write a LEASEQUERY: msg-type 14, transaction-id, OPTION_CLIENTID (the
 * requestor), OPTION_LQ_QUERY (query-type, link-address, then the query
 * option for the type: IAADDR / CLIENTID / RELAY_ID / - / REMOTE_ID, then
 * ORO if given).  *@len receives the length written to @out of @cap octets.
 */
enum blq_err blq6_build_query(const struct blq6_query *q, uint8_t *out,
			      size_t cap, size_t *len);

/*
 * Decode a LEASEQUERY-REPLY, -DATA or -DONE.  Every option length is
 * checked against its container, including sub-options of IAADDR, IAPREFIX
 * and the relay message.  Beyond BLQ_ERR_SHORT, m->xid and m->msg_type are
 * valid even on error.  A LEASEQUERY-DATA without CLIENT_DATA decodes fully
 * but returns BLQ_ERR_NO_CLIENT_DATA, so the caller can discard it.  More
 * than one CLIENT_DATA in a message is BLQ_ERR_DUP (RFC 5460 allows one).
 */
enum blq_err blq6_decode(const uint8_t *msg, size_t len, struct blq6_msg *m);

#endif /* _L2RA_BLQ6_H */
