/* SPDX-License-Identifier: GPL-2.0 */
/* output.h - formatting shared by the port and bridge listings. */
#ifndef L2RACTL_OUTPUT_H
#define L2RACTL_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>

#include <netlink/attr.h>

#include "json.h"

/* Name of interface @ifindex in the current namespace, or "if<N>". */
const char *ifname_of(uint32_t ifindex, char *buf, unsigned int size);

/*
 * Print " @label VALUE" for an id attribute: "quoted text" if printable
 * (and not @force_hex), else hex octets with colons; "" for an empty one;
 * " (default)" follows if @is_default.
 */
void print_id(const char *label, const struct nlattr *id, bool force_hex,
	      bool is_default);

/*
 * JSON members for an id: "@key" (text or colon hex, as in plain output),
 * "@key_hex" (always hex, lossless) and, if @with_default,
 * "@key_default" (bool).  A NULL @id gives "@key": null.
 */
void json_id(struct json *js, const char *key, const struct nlattr *id,
	     bool force_hex, bool with_default, bool is_default);

#endif
