// SPDX-License-Identifier: GPL-2.0
/* Transaction table (skeleton). */
#include <linux/slab.h>

#include "l2ra.h"

struct l2ra_xid_table {
	int unused;
};

struct l2ra_xid_table *l2ra_xid_alloc(void)
{
	return kzalloc(sizeof(struct l2ra_xid_table), GFP_KERNEL);
}

void l2ra_xid_free(struct l2ra_xid_table *t)
{
	kfree(t);
}
