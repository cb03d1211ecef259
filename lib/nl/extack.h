/* SPDX-License-Identifier: GPL-2.0 */
/*
 * extack.h - find the kernel's extended ACK message (NLMSGERR_ATTR_MSG) in
 * an NLMSG_ERROR or NLMSG_DONE message.  Pure parsing, bounds-checked
 * against the message length, so it can be unit-tested on byte buffers.
 * Shared by l2ractl and l2rad (l2ra_nl.c).
 */
#ifndef L2RA_NL_EXTACK_H
#define L2RA_NL_EXTACK_H

#include <linux/netlink.h>

/*
 * The NUL-terminated NLMSGERR_ATTR_MSG string of @hdr, or NULL when there is
 * none (no NLM_F_ACK_TLVS, or a malformed message).  For NLMSG_ERROR the
 * TLVs follow struct nlmsgerr and, unless NLM_F_CAPPED, the echoed request;
 * for NLMSG_DONE they follow the int error code.
 */
const char *extack_msg(const struct nlmsghdr *hdr);

/* The error code of an NLMSG_ERROR or NLMSG_DONE message (<= 0), 0 if none. */
int extack_error(const struct nlmsghdr *hdr);

#endif
