/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DHCPv4 Bulk Leasequery messages (RFC 6926, on top of RFC 4388 and the
 * RFC 2131 BOOTP layout).
 *
 * blq4_build_query() writes one DHCPBULKLEASEQUERY; blq4_decode() turns one
 * server message (DHCPLEASEACTIVE, DHCPLEASEQUERYDONE, DHCPLEASEUNASSIGNED,
 * DHCPLEASEUNKNOWN) into a struct blq4_binding with fixed-size copies of
 * everything variable, so the binding outlives the framer's buffer.  Nothing
 * allocates; every length is checked before use.  Messages are the bare DHCP
 * message: frame them with blq_frame_encode() / struct blq_framer.
 */
#ifndef _L2RA_BLQ4_H
#define _L2RA_BLQ4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "blq_frame.h"

/* Message types, option 53 (RFC 4388, RFC 6926). */
#define BLQ4_MSG_LEASEQUERY		10
#define BLQ4_MSG_LEASEUNASSIGNED	11
#define BLQ4_MSG_LEASEUNKNOWN		12
#define BLQ4_MSG_LEASEACTIVE		13
#define BLQ4_MSG_BULKLEASEQUERY		14
#define BLQ4_MSG_LEASEQUERYDONE		15
#define BLQ4_MSG_LEASEQUERYSTATUS	17	/* RFC 7724, not decoded */

#define BLQ4_OPT_PAD			0
#define BLQ4_OPT_LEASE_TIME		51
#define BLQ4_OPT_OVERLOAD		52
#define BLQ4_OPT_MSG_TYPE		53
#define BLQ4_OPT_PRL			55
#define BLQ4_OPT_CLIENT_ID		61
#define BLQ4_OPT_RAI			82
#define BLQ4_OPT_CLTT			91	/* RFC 4388 */
#define BLQ4_OPT_STATUS_CODE		151	/* RFC 6926 from here */
#define BLQ4_OPT_BASE_TIME		152
#define BLQ4_OPT_START_TIME_OF_STATE	153
#define BLQ4_OPT_QUERY_START_TIME	154
#define BLQ4_OPT_QUERY_END_TIME		155
#define BLQ4_OPT_DHCP_STATE		156
#define BLQ4_OPT_DATA_SOURCE		157
#define BLQ4_OPT_END			255

/* Option 82 sub-options a bulk query selects on or l2ra maps ports by. */
#define BLQ4_RAI_CIRCUIT_ID		1	/* RFC 3046 */
#define BLQ4_RAI_REMOTE_ID		2	/* RFC 3046 */
#define BLQ4_RAI_RELAY_ID		12	/* RFC 6925 */

/* status-code (151) values. */
#define BLQ4_STATUS_SUCCESS		0
#define BLQ4_STATUS_UNSPEC_FAIL		1
#define BLQ4_STATUS_QUERY_TERMINATED	2
#define BLQ4_STATUS_MALFORMED_QUERY	3
#define BLQ4_STATUS_NOT_ALLOWED		4

/* dhcp-state (156) values. */
#define BLQ4_STATE_AVAILABLE		1
#define BLQ4_STATE_ACTIVE		2
#define BLQ4_STATE_EXPIRED		3
#define BLQ4_STATE_RELEASED		4
#define BLQ4_STATE_ABANDONED		5
#define BLQ4_STATE_RESET		6
#define BLQ4_STATE_REMOTE		7
#define BLQ4_STATE_TRANSITIONING	8

/* data-source (157) flag: the binding was learnt from a failover peer. */
#define BLQ4_DATA_SOURCE_REMOTE		0x01

/* Fixed BOOTP header plus cookie (RFC 2131 section 2). */
#define BLQ4_HDR_LEN			240
#define BLQ4_CHADDR_LEN			16

/* Upper bounds of what blq4_decode() keeps (after RFC 3396 concatenation). */
#define BLQ4_CLIENT_ID_MAX		255
#define BLQ4_RAI_MAX			512
#define BLQ4_STATUS_TEXT_MAX		255

enum blq4_selector {
	BLQ4_BY_RELAY_ID = 1,	/* option 82 sub-option 12 */
	BLQ4_BY_REMOTE_ID,	/* option 82 sub-option 2 */
	BLQ4_BY_MAC,		/* htype/hlen/chaddr */
	BLQ4_BY_CLIENT_ID,	/* option 61 */
};

struct blq4_query {
	uint32_t xid;
	enum blq4_selector by;
	/* BY_RELAY_ID, BY_REMOTE_ID: 1..253 octets; BY_CLIENT_ID: 1..255. */
	const uint8_t *id;
	size_t id_len;
	/* BY_MAC: hlen 1..16. */
	uint8_t htype;
	uint8_t hlen;
	const uint8_t *chaddr;
	/* Optional time window (options 154/155), server epoch seconds. */
	bool has_start_time;
	bool has_end_time;
	uint32_t start_time;
	uint32_t end_time;
	/* Optional parameter request list (55), 1..255 codes, NULL if none. */
	const uint8_t *prl;
	size_t prl_len;
};

/* Bits of blq4_binding.have: which optional options were present. */
#define BLQ4_HAVE_LEASE_TIME		(1u << 0)
#define BLQ4_HAVE_BASE_TIME		(1u << 1)
#define BLQ4_HAVE_CLTT			(1u << 2)
#define BLQ4_HAVE_START_TIME_OF_STATE	(1u << 3)
#define BLQ4_HAVE_DHCP_STATE		(1u << 4)
#define BLQ4_HAVE_DATA_SOURCE		(1u << 5)
#define BLQ4_HAVE_STATUS		(1u << 6)
#define BLQ4_HAVE_CLIENT_ID		(1u << 7)
#define BLQ4_HAVE_RAI			(1u << 8)
/*
 * Set by blq4_decode() with BLQ4_HAVE_RAI: circuit_id_off and
 * circuit_id_len locate sub-option 1's value in rai (circuit_id_off 0:
 * there is none; a value sits 2 octets in at least), so that the caller
 * need not walk option 82 again.
 */
#define BLQ4_HAVE_CIRCUIT_ID_POS	(1u << 9)

struct blq4_binding {
	uint8_t msg_type;		/* BLQ4_MSG_LEASE* */
	uint32_t xid;			/* host order; matches the query */
	uint8_t ciaddr[4];		/* the leased address, network order */
	uint8_t htype;
	uint8_t hlen;			/* <= 16, checked */
	uint8_t chaddr[BLQ4_CHADDR_LEN];
	uint8_t overload;		/* option 52 value, 0 if absent */
	uint32_t have;			/* BLQ4_HAVE_* */
	uint32_t lease_time;		/* 51: remaining seconds (Kea: minus CLTT) */
	uint32_t base_time;		/* 152: server's clock, epoch seconds */
	uint32_t cltt;			/* 91: seconds since last transaction */
	uint32_t start_time_of_state;	/* 153: raw value */
	uint8_t dhcp_state;		/* 156: BLQ4_STATE_* */
	uint8_t data_source;		/* 157: BLQ4_DATA_SOURCE_* flags */
	/* 151; absent means success (status_code stays 0). */
	uint8_t status_code;
	bool status_text_truncated;	/* text longer than BLQ4_STATUS_TEXT_MAX */
	uint16_t status_text_len;
	uint16_t circuit_id_off;	/* see BLQ4_HAVE_CIRCUIT_ID_POS */
	uint8_t circuit_id_len;
	/*
	 * From here on blq4_decode() sets the lengths only: the octets of
	 * the three buffers past them are undefined.  status_text stays
	 * first (the decoder clears what comes before it).
	 */
	char status_text[BLQ4_STATUS_TEXT_MAX + 1];	/* NUL-terminated */
	uint16_t client_id_len;
	uint8_t client_id[BLQ4_CLIENT_ID_MAX];
	uint16_t rai_len;		/* option 82 body, sub-option framing checked */
	uint8_t rai[BLQ4_RAI_MAX];
};

/*
 * Write a DHCPBULKLEASEQUERY (op BOOTREQUEST, ciaddr/giaddr 0, options 53,
 * the one selector, 154, 155, 55, END; no padding since TCP has no minimum
 * size) into @out of @cap octets; *@len receives its length.
 */
enum blq_err blq4_build_query(const struct blq4_query *q, uint8_t *out,
			      size_t cap, size_t *len);

/*
 * Decode one server message.  Options are gathered from the options field,
 * then file and sname if option 52 says so, and split options are
 * concatenated (RFC 3396).  Single-valued options (51, 91, 152, 153, 156,
 * 157, 53) must have exactly their size after concatenation.
 *
 * Accepts LEASEACTIVE, LEASEUNASSIGNED, LEASEUNKNOWN and LEASEQUERYDONE; any
 * other type (RFC 7724 LEASEQUERYSTATUS included) gives BLQ_ERR_MSG_TYPE.
 * Unless the result is BLQ_ERR_SHORT, b->xid is valid even on error, so a
 * caller can still attribute a bad message to its query.
 */
enum blq_err blq4_decode(const uint8_t *msg, size_t len,
			 struct blq4_binding *b);

/*
 * Find sub-option @code in an option 82 body (e.g. binding.rai) and point
 * @val and @val_len at it; the first occurrence wins.  BLQ_ERR_ABSENT if it is
 * not there, BLQ_ERR_RAI if the body's framing is broken.
 */
enum blq_err blq4_rai_find(const uint8_t *rai, size_t rai_len, uint8_t code,
			   const uint8_t **val, uint8_t *val_len);

#endif /* _L2RA_BLQ4_H */
