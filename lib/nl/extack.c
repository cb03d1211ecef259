// SPDX-License-Identifier: GPL-2.0
/* extack.c - extract the extended ACK message from a netlink reply. */
#include <stdint.h>
#include <string.h>

#include "extack.h"

/* Offset of the TLVs from the start of @hdr, or 0 if they cannot exist. */
static size_t tlv_offset(const struct nlmsghdr *hdr)
{
	size_t len = hdr->nlmsg_len;

	if (hdr->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(hdr);
		size_t off = NLMSG_HDRLEN + sizeof(*e);

		if (len < off)
			return 0;
		if (!(hdr->nlmsg_flags & NLM_F_CAPPED)) {
			size_t echoed = e->msg.nlmsg_len;

			/* The whole request follows its header copy. */
			if (echoed < NLMSG_HDRLEN || echoed > len - off + NLMSG_HDRLEN)
				return 0;
			off += echoed - NLMSG_HDRLEN;
		}
		return NLMSG_ALIGN(off);
	}
	if (hdr->nlmsg_type == NLMSG_DONE) {
		if (len < NLMSG_HDRLEN + sizeof(int))
			return 0;
		return NLMSG_ALIGN(NLMSG_HDRLEN + sizeof(int));
	}
	return 0;
}

const char *extack_msg(const struct nlmsghdr *hdr)
{
	const uint8_t *base = (const uint8_t *)hdr;
	size_t len, off;

	if (!hdr || hdr->nlmsg_len < NLMSG_HDRLEN ||
	    !(hdr->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	len = hdr->nlmsg_len;
	off = tlv_offset(hdr);
	if (!off)
		return NULL;
	while (off + sizeof(struct nlattr) <= len) {
		const struct nlattr *nla = (const void *)(base + off);
		size_t alen = nla->nla_len;

		if (alen < sizeof(*nla) || alen > len - off)
			return NULL;
		if ((nla->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
			const char *s = (const char *)nla + NLA_HDRLEN;
			size_t slen = alen - NLA_HDRLEN;

			if (slen == 0 || !memchr(s, '\0', slen) || s[0] == '\0')
				return NULL;
			return s;
		}
		off += NLA_ALIGN(alen);
	}
	return NULL;
}

int extack_error(const struct nlmsghdr *hdr)
{
	int err;

	if (!hdr || hdr->nlmsg_len < NLMSG_HDRLEN + sizeof(int))
		return 0;
	if (hdr->nlmsg_type != NLMSG_ERROR && hdr->nlmsg_type != NLMSG_DONE)
		return 0;
	memcpy(&err, NLMSG_DATA(hdr), sizeof(err));
	return err < 0 ? err : 0;
}
