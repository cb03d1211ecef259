/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DHCPv4 option walker and option-82 (RFC 3046) editor.
 *
 * Pure C on a byte buffer holding one BOOTP message (the UDP payload): no
 * kernel or libc-only dependency, so the very same file is built into
 * l2ra.ko and into the host unit tests and the libFuzzer target.  Nothing
 * here allocates; every length is checked against the buffer before use.
 */
#ifndef _L2RA_DHCP_OPT_H
#define _L2RA_DHCP_OPT_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
/* The kernel's names for the fixed-size types, so dhcp_opt.c is one text. */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
#endif

#define DHCP_BOOTREQUEST	1
#define DHCP_BOOTREPLY		2

/* Fixed BOOTP header (RFC 2131 figure 1) up to the magic cookie. */
#define DHCP_OFF_OP		0
#define DHCP_OFF_HTYPE		1
#define DHCP_OFF_HLEN		2
#define DHCP_OFF_XID		4
#define DHCP_OFF_FLAGS		10
#define DHCP_OFF_CIADDR		12
#define DHCP_OFF_YIADDR		16
#define DHCP_OFF_GIADDR		24
#define DHCP_OFF_CHADDR		28
#define DHCP_OFF_SNAME		44
#define DHCP_OFF_FILE		108
#define DHCP_OFF_COOKIE		236
#define DHCP_OFF_OPTIONS	240
#define DHCP_SNAME_LEN		64
#define DHCP_FILE_LEN		128
#define DHCP_MIN_LEN		DHCP_OFF_OPTIONS
/* Largest UDP payload over IPv4: no edit makes a message longer. */
#define DHCP_MAX_LEN		65507

#define DHCP_OPT_PAD		0
#define DHCP_OPT_REQ_IP		50
#define DHCP_OPT_LEASE_TIME	51
#define DHCP_OPT_OVERLOAD	52
#define DHCP_OPT_MSG_TYPE	53
#define DHCP_OPT_SERVER_ID	54
#define DHCP_OPT_MAX_MSG_SIZE	57
#define DHCP_OPT_CLIENT_ID	61
#define DHCP_OPT_RAI		82
#define DHCP_OPT_END		255

#define RAI_CIRCUIT_ID		1
#define RAI_REMOTE_ID		2
#define RAI_RELAY_ID		12	/* RFC 6925 */

/* Largest option 82 body (sub-options); its length octet caps it at 255. */
#define DHCP_RAI_MAX		255

enum dhcp_err {
	DHCP_OK = 0,
	DHCP_ERR_SHORT,		/* shorter than the fixed header + cookie */
	DHCP_ERR_OP,		/* op is neither BOOTREQUEST nor BOOTREPLY */
	DHCP_ERR_COOKIE,	/* no DHCP magic cookie */
	DHCP_ERR_TRUNCATED,	/* an option runs past its field */
	DHCP_ERR_NO_END,	/* the options field has no END */
	DHCP_ERR_OVERLOAD,	/* bad or repeated option 52 */
	DHCP_ERR_RAI,		/* option 82 with bad sub-option framing */
	DHCP_ERR_NOSPACE,	/* the edit does not fit the buffer */
	DHCP_ERR_TOO_BIG,	/* the edit would exceed the allowed size */
	DHCP_ERR_INVAL,		/* bad argument (option, @info, buffer) */
};

/* Where an option 82 sits: its code octet's offset and its body length. */
struct dhcp_rai_loc {
	size_t off;
	uint8_t len;
};

#define DHCP_RAI_LOC_MAX	4

/*
 * What dhcp_parse() learns.  Offsets are from the start of the message;
 * an offset of 0 means "not present" (no option can sit at offset 0).
 * Options 50, 51, 53, 54 and 57 are recorded only when their length is
 * the one RFC 2132 gives them (4, 4, 1, 4, 2), option 61 only when it is
 * not empty; the first well-formed one found wins.  Sub-options of option
 * 82 are not checked here: dhcp_rai_parse() does that.
 */
struct dhcp_info {
	uint8_t op;
	uint8_t msg_type;		/* option 53, 0 if absent */
	uint8_t overload;		/* option 52 value, 0 if absent */
	uint32_t xid;			/* host order */
	bool broadcast;			/* flags bit 15 */
	bool giaddr_zero;
	size_t end_off;			/* END of the options field */
	size_t trailing;		/* PAD octets right after that END */
	uint16_t max_msg_size;		/* option 57, 0 if absent */
	size_t lease_time_off;		/* option 51 data */
	size_t server_id_off;		/* option 54 data */
	size_t req_ip_off;		/* option 50 data */
	size_t client_id_off;		/* option 61 data */
	uint8_t client_id_len;
	unsigned int rai_count;		/* options 82 anywhere, overload too */
	struct dhcp_rai_loc rai[DHCP_RAI_LOC_MAX];  /* first ones found */
};

/* The sub-options of one option 82 body; pointers into that body. */
struct dhcp_rai {
	const uint8_t *circuit_id;
	const uint8_t *remote_id;
	const uint8_t *relay_id;
	uint8_t circuit_id_len;
	uint8_t remote_id_len;
	uint8_t relay_id_len;
};

/*
 * Validate a BOOTP/DHCP message and walk its options, following option
 * overload (52) into file and sname.  Returns DHCP_OK and fills @info, or
 * the first framing error found.
 */
enum dhcp_err dhcp_parse(const uint8_t *msg, size_t len,
			 struct dhcp_info *info);

/*
 * Split an option 82 body into the sub-options l2ra uses.  Unknown
 * sub-options are skipped; a repeated one keeps the first.
 */
enum dhcp_err dhcp_rai_parse(const uint8_t *body, size_t len,
			     struct dhcp_rai *rai);

/*
 * Write a complete option 82 (code, length, sub-options 1, 2 and 12 in that
 * order; a NULL or empty id is left out) into @out of @cap octets.  Returns
 * the number of octets written, or 0 if the body would exceed 255 octets or
 * @cap, or would be empty (RFC 3046 wants at least one sub-option).
 */
size_t dhcp_rai_build(uint8_t *out, size_t cap,
		      const uint8_t *circuit_id, size_t circuit_id_len,
		      const uint8_t *remote_id, size_t remote_id_len,
		      const uint8_t *relay_id, size_t relay_id_len);

/*
 * How many octets the message grows by when @opt_len octets are inserted
 * before END, after reusing the trailing pad.  @info from dhcp_parse().
 */
size_t dhcp_insert_growth(const struct dhcp_info *info, size_t opt_len);

/*
 * Insert the option @opt (@opt_len octets, as built by dhcp_rai_build())
 * as the last option of the options field, before END, reusing trailing pad
 * octets first.  @msg holds @len octets and has room for @cap.  On success
 * *@new_len is the new message length (len + dhcp_insert_growth()).
 * DHCP_ERR_NOSPACE if that exceeds @cap, DHCP_ERR_TOO_BIG if @opt_len is
 * over 2 + DHCP_RAI_MAX or the result over DHCP_MAX_LEN, DHCP_ERR_INVAL if
 * @opt is not one option or @info does not describe @msg.  Whether the
 * message may grow (MTU, option 57) is the caller's decision.
 */
enum dhcp_err dhcp_insert_opt(uint8_t *msg, size_t len, size_t cap,
			      const struct dhcp_info *info,
			      const uint8_t *opt, size_t opt_len,
			      size_t *new_len);

/*
 * Remove every option 82 from the message: from the options field by moving
 * the rest down (the message shrinks), from overloaded file/sname fields by
 * overwriting with PAD (they have a fixed size).  @info is what dhcp_parse()
 * returned for these very @len octets: the options 82 it recorded are cut
 * out at their offsets, without walking the message again (with more than
 * DHCP_RAI_LOC_MAX, the fields are walked for them).  Returns the new
 * length in *@new_len.  DHCP_ERR_INVAL, nothing changed, if @info cannot
 * describe @msg: END not at its end_off, or a recorded option 82 out of
 * place (outside its field, out of order, overlapping another, or not an
 * option 82 of the recorded length at its offset).
 */
enum dhcp_err dhcp_strip_rai_info(uint8_t *msg, size_t len,
				  const struct dhcp_info *info,
				  size_t *new_len);

/*
 * dhcp_parse() then dhcp_strip_rai_info(), for a caller that has not parsed
 * @msg: on an error from the parse nothing is changed and it is returned.
 */
enum dhcp_err dhcp_strip_rai(uint8_t *msg, size_t len, size_t *new_len);

const char *dhcp_strerror(enum dhcp_err err);

#endif /* _L2RA_DHCP_OPT_H */
