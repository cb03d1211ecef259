/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DHCPv6 message walker and Lightweight DHCPv6 Relay Agent (RFC 6221)
 * message builder and parser.
 *
 * Pure C on a byte buffer holding one DHCPv6 message (the UDP payload): no
 * kernel or libc-only dependency, so the very same file is built into
 * l2ra.ko and into the host unit tests and the libFuzzer target.  Nothing
 * here allocates or recurses; every length is checked against the buffer
 * before use, and every multi-octet field is read octet by octet (the
 * message may sit at any alignment in an skb).
 *
 * Two message formats (RFC 8415 section 8 and 9):
 *
 *   client/server: msg-type (1) | transaction-id (3) | options
 *   relay:         msg-type (1) | hop-count (1) | link-address (16) |
 *                  peer-address (16) | options
 *
 * and one option format: option-code (2) | option-len (2) | option-data.
 */
#ifndef _L2RA_DHCP6_RELAY_H
#define _L2RA_DHCP6_RELAY_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
/* The kernel's names for the fixed-size types, so dhcp6_relay.c is one text. */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
#endif

/* Message types (RFC 8415 section 7.3). */
#define DHCP6_SOLICIT		1
#define DHCP6_ADVERTISE		2
#define DHCP6_REQUEST		3
#define DHCP6_CONFIRM		4
#define DHCP6_RENEW		5
#define DHCP6_REBIND		6
#define DHCP6_REPLY		7
#define DHCP6_RELEASE		8
#define DHCP6_DECLINE		9
#define DHCP6_RECONFIGURE	10
#define DHCP6_INFORMATION_REQUEST 11
#define DHCP6_RELAY_FORW	12
#define DHCP6_RELAY_REPL	13

/* Options (RFC 8415 section 21, RFC 4649, RFC 5460). */
#define DHCP6_OPT_CLIENTID	1
#define DHCP6_OPT_SERVERID	2
#define DHCP6_OPT_IA_NA		3
#define DHCP6_OPT_IAADDR	5
#define DHCP6_OPT_RELAY_MSG	9
#define DHCP6_OPT_STATUS_CODE	13
#define DHCP6_OPT_INTERFACE_ID	18
#define DHCP6_OPT_IA_PD		25
#define DHCP6_OPT_IAPREFIX	26
#define DHCP6_OPT_REMOTE_ID	37
#define DHCP6_OPT_RELAY_ID	53

#define DHCP6_STATUS_SUCCESS	0

/* Header and fixed option parts, in octets. */
#define DHCP6_HDR_LEN		4	/* msg-type + transaction-id */
#define DHCP6_RELAY_HDR_LEN	34	/* msg-type, hop-count, 2 addresses */
#define DHCP6_OFF_HOP_COUNT	1
#define DHCP6_OFF_LINK_ADDR	2
#define DHCP6_OFF_PEER_ADDR	18
#define DHCP6_OPT_HDR_LEN	4	/* option-code + option-len */
#define DHCP6_IA_LEN		12	/* IA_NA, IA_PD: IAID, T1, T2 */
#define DHCP6_IAADDR_LEN	24	/* address, preferred, valid */
#define DHCP6_IAPREFIX_LEN	25	/* preferred, valid, length, prefix */
#define DHCP6_STATUS_LEN	2	/* status-code */
#define DHCP6_REMOTE_ID_LEN	4	/* enterprise-number */
#define DHCP6_ADDR_LEN		16

/* Largest UDP payload over IPv6 without a jumbogram. */
#define DHCP6_MAX_LEN		65527
/* Largest option-data: option-len is 16 bits. */
#define DHCP6_OPT_MAX		65535

/* RFC 8415 section 7.6: a relay drops a message with this hop-count. */
#define DHCP6_HOP_COUNT_LIMIT	8
/*
 * How many relay messages the walker follows into one another before it
 * gives up (the outermost counts): far more than HOP_COUNT_LIMIT allows,
 * so a chain that breaks the RFC is still read, but bounded.
 */
#define DHCP6_DEPTH_MAX		32

enum dhcp6_err {
	DHCP6_OK = 0,
	DHCP6_ERR_SHORT,	/* shorter than its 4- or 34-octet header */
	DHCP6_ERR_TYPE,		/* msg-type 0, or not one the call accepts */
	DHCP6_ERR_TRUNCATED,	/* an option runs past its message/option */
	DHCP6_ERR_OPT_LEN,	/* an option shorter than its fixed part */
	DHCP6_ERR_NO_RELAY_MSG,	/* a relay message without option 9 */
	DHCP6_ERR_RELAY_MSG_DUP, /* a relay message with two options 9 */
	DHCP6_ERR_TOO_DEEP,	/* relay messages nested over DEPTH_MAX */
	DHCP6_ERR_HOP_LIMIT,	/* wrapping would exceed HOP_COUNT_LIMIT */
	DHCP6_ERR_NOSPACE,	/* the result does not fit the buffer */
	DHCP6_ERR_TOO_BIG,	/* the result would exceed DHCP6_MAX_LEN */
	DHCP6_ERR_INVAL,	/* bad argument */
};

/*
 * What dhcp6_parse() learns.  Offsets are from the start of the message
 * and point at option-data; an offset of 0 means "not present" (no option
 * data can start at offset 0).  The option fields describe the outermost
 * message only, the first option of each code found.
 */
struct dhcp6_info {
	u8 msg_type;
	u8 hop_count;		/* relay message only */
	u32 xid;		/* client/server message only */
	/*
	 * Relay messages followed to reach the innermost message: 0 for a
	 * client/server message.  On an error, the level it was found at.
	 */
	unsigned int depth;
	u8 inner_type;		/* msg-type of the innermost message */
	size_t inner_off;	/* the innermost message */
	size_t inner_len;
	size_t relay_msg_off;	/* option 9 of a relay message */
	size_t relay_msg_len;
	size_t interface_id_off;	/* option 18 */
	size_t interface_id_len;
	size_t remote_id_off;	/* option 37, enterprise-number included */
	size_t remote_id_len;
	size_t relay_id_off;	/* option 53 */
	size_t relay_id_len;
	size_t client_id_off;	/* option 1 */
	size_t client_id_len;
};

/*
 * Validate a DHCPv6 message and walk its options: every option must end
 * exactly where its message or its enclosing option does; a relay message
 * must carry exactly one Relay Message option, which is validated in turn
 * (up to DHCP6_DEPTH_MAX relay messages deep).  Inside client/server
 * messages, IA_NA and IA_PD, their IA Address and IA Prefix options and
 * the Status Code options at any of these levels are checked for their
 * fixed part (and a prefix length of at most 128), and so is Remote-ID.
 * Returns DHCP6_OK and fills @info, or the first error found.
 */
enum dhcp6_err dhcp6_parse(const u8 *msg, size_t len, struct dhcp6_info *info);

/* Message classes, from the msg-type alone (RFC 6221 section 6). */
enum dhcp6_class {
	DHCP6_CLASS_OTHER = 0,	/* reserved, leasequery, unknown, ... */
	DHCP6_CLASS_CLIENT,	/* SOLICIT .. REBIND, RELEASE, DECLINE, INF-REQ */
	DHCP6_CLASS_SERVER,	/* ADVERTISE, REPLY, RECONFIGURE, RELAY-REPL */
	DHCP6_CLASS_RELAY_FORW,	/* RELAY-FORW */
};

enum dhcp6_class dhcp6_classify(u8 msg_type);

static inline bool dhcp6_is_client_type(u8 msg_type)
{
	return dhcp6_classify(msg_type) == DHCP6_CLASS_CLIENT;
}

static inline bool dhcp6_is_server_type(u8 msg_type)
{
	return dhcp6_classify(msg_type) == DHCP6_CLASS_SERVER;
}

static inline bool dhcp6_is_relay_forw(u8 msg_type)
{
	return msg_type == DHCP6_RELAY_FORW;
}

/*
 * The options an LDRA puts in its Relay-Forward.  Interface-ID is
 * required (RFC 6221 section 6.1.1); Remote-ID (enterprise-number, then
 * the id) and Relay-ID (a DUID) are left out when NULL or empty.
 */
struct dhcp6_relay_ids {
	const u8 *interface_id;
	size_t interface_id_len;
	const u8 *remote_id;
	size_t remote_id_len;
	u32 enterprise;
	const u8 *relay_id;
	size_t relay_id_len;
};

/*
 * Octets a Relay-Forward puts before the message it wraps: the relay
 * header, the options of @ids and the Relay Message option's header.
 * 0 if @ids is invalid (no Interface-ID, an id over DHCP6_OPT_MAX).
 */
size_t dhcp6_relay_forw_overhead(const struct dhcp6_relay_ids *ids);

/*
 * Write into @out (@cap octets) a Relay-Forward (RFC 6221 section 6.1)
 * wrapping the @msg_len octets at @msg byte for byte: hop-count 0, or the
 * wrapped message's hop-count + 1 when it is itself a RELAY-FORW;
 * link-address ::; peer-address the 16 octets at @peer_addr; options
 * Interface-ID (18), Remote-ID (37), Relay-ID (53) from @ids, then Relay
 * Message (9), last, so the wrapped message ends the result.  @msg may
 * overlap @out (it is moved first: in place, it sits at out +
 * dhcp6_relay_forw_overhead()); @peer_addr and @ids may not.  *@new_len
 * gets the length of the result.
 *
 * DHCP6_ERR_TYPE if @msg is not a client-type message or a RELAY-FORW (the
 * caller decides whether its port may send one), DHCP6_ERR_SHORT if it is
 * shorter than its header, DHCP6_ERR_HOP_LIMIT if a RELAY-FORW's hop-count
 * is DHCP6_HOP_COUNT_LIMIT or more (RFC 8415 section 19.1.2: a relay
 * discards it), DHCP6_ERR_TOO_BIG over
 * DHCP6_MAX_LEN, DHCP6_ERR_NOSPACE over @cap, DHCP6_ERR_INVAL for bad
 * @ids; nothing is written on an error.  @msg is not validated further:
 * dhcp6_parse() it first.
 */
enum dhcp6_err dhcp6_relay_forw_build(u8 *out, size_t cap,
				      const struct dhcp6_relay_ids *ids,
				      const u8 *peer_addr,
				      const u8 *msg, size_t msg_len,
				      size_t *new_len);

/* What the kernel needs of a Relay-Reply; pointers into the message. */
struct dhcp6_relay_reply {
	u8 hop_count;
	bool link_addr_unspec;		/* link-address is :: (an LDRA's) */
	const u8 *link_addr;		/* 16 octets */
	const u8 *peer_addr;		/* 16 octets */
	const u8 *interface_id;		/* NULL when absent */
	size_t interface_id_len;
	size_t msg_off;			/* the Relay Message's data */
	size_t msg_len;
	u8 msg_type;			/* msg-type of that inner message */
};

/*
 * Validate a RELAY-REPL with dhcp6_parse() (DHCP6_ERR_TYPE if it is some
 * other message) and describe its outermost level: for the kernel to check
 * that the Interface-ID names one of its ports and unwrap one level.
 */
enum dhcp6_err dhcp6_relay_reply_parse(const u8 *msg, size_t len,
				       struct dhcp6_relay_reply *rr);

/*
 * The same from @info, which dhcp6_parse() gave for @msg and its length
 * (DHCP6_OK): no second walk of the message.  The *_info() functions below
 * trust @info as much; a caller that changed @msg since must parse again.
 */
enum dhcp6_err dhcp6_relay_reply_info(const u8 *msg,
				      const struct dhcp6_info *info,
				      struct dhcp6_relay_reply *rr);

/*
 * Unwrap one level of a relay message (RELAY-FORW or RELAY-REPL): the
 * Relay Message's data is moved to the start of @msg, *@new_len gets its
 * length.  The message is validated with dhcp6_parse() first; on an error
 * nothing is changed.
 */
enum dhcp6_err dhcp6_relay_unwrap(u8 *msg, size_t len, size_t *new_len);
enum dhcp6_err dhcp6_relay_unwrap_info(u8 *msg, const struct dhcp6_info *info,
				       size_t *new_len);

/* One binding a message gives or gives up; pointers into the message. */
struct dhcp6_binding {
	u8 msg_type;		/* REPLY, RELEASE or DECLINE */
	const u8 *duid;		/* option 1 of the message, NULL if absent */
	size_t duid_len;
	u16 ia_type;		/* DHCP6_OPT_IA_NA or DHCP6_OPT_IA_PD */
	u32 iaid;
	u32 t1;
	u32 t2;
	const u8 *addr;		/* 16 octets: the address or the prefix */
	u8 plen;		/* 128 for an IA_NA address */
	u32 preferred;		/* lifetimes, seconds */
	u32 valid;
};

/* Called once per binding; a non-zero return stops the walk. */
typedef int (*dhcp6_binding_fn)(const struct dhcp6_binding *b, void *arg);

/* What dhcp6_bindings() did. */
struct dhcp6_bind_sum {
	u8 msg_type;		/* the message walked (innermost) */
	u16 status;		/* its top-level Status Code, 0 if absent */
	unsigned int reported;	/* calls of the callback */
	unsigned int skipped_status;	/* IAs/addresses with a failure status */
	unsigned int skipped_lifetime;	/* preferred > valid (RFC 8415) */
	bool stopped;		/* the callback asked to stop */
};

/*
 * Give the bindings of a REPLY, RELEASE or DECLINE, or of the one a relay
 * message (a Relay-Reply) carries innermost, to @fn: each IA Address (5)
 * of an IA_NA (3) and each IA Prefix (26) of an IA_PD (25), in message
 * order, with its IA's IAID and the message's client DUID (option 1).
 * The whole message is validated with dhcp6_parse() first, so @fn never
 * sees part of a malformed message.
 *
 * For a REPLY, the IAs and the addresses/prefixes carrying a Status Code
 * other than Success are skipped, and so are those whose preferred
 * lifetime exceeds the valid one (RFC 8415 sections 21.6 and 21.22); a
 * REPLY whose own Status Code is not Success gives nothing.  A valid
 * lifetime of 0 is given as such: the server takes that binding back.  For
 * a RELEASE or DECLINE, every address/prefix is given: the client gives
 * them up (their lifetimes are whatever it wrote, normally 0).
 *
 * DHCP6_ERR_TYPE for any other message type.  @sum may be NULL.
 */
enum dhcp6_err dhcp6_bindings(const u8 *msg, size_t len,
			      dhcp6_binding_fn fn, void *arg,
			      struct dhcp6_bind_sum *sum);
enum dhcp6_err dhcp6_bindings_info(const u8 *msg,
				   const struct dhcp6_info *info,
				   dhcp6_binding_fn fn, void *arg,
				   struct dhcp6_bind_sum *sum);

const char *dhcp6_strerror(enum dhcp6_err err);

#endif /* _L2RA_DHCP6_RELAY_H */
