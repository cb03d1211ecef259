// SPDX-License-Identifier: GPL-2.0
/* Generic netlink family (skeleton). */
#include <net/genetlink.h>

#include "l2ra.h"

static struct genl_family l2ra_genl_family __ro_after_init = {
	.name		= L2RA_GENL_NAME,
	.version	= L2RA_GENL_VERSION,
	.maxattr	= L2RA_A_MAX,
	.netnsok	= true,
	.module		= THIS_MODULE,
};

int __init l2ra_genl_register(void)
{
	return genl_register_family(&l2ra_genl_family);
}

void l2ra_genl_unregister(void)
{
	genl_unregister_family(&l2ra_genl_family);
}
