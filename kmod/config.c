// SPDX-License-Identifier: GPL-2.0
/* Port and bridge configuration (skeleton). */
#include "l2ra.h"

void l2ra_config_flush(struct l2ra_net *ln)
{
}

int l2ra_notifier_register(void)
{
	return 0;
}

void l2ra_notifier_unregister(void)
{
}
