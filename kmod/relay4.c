// SPDX-License-Identifier: GPL-2.0
/* DHCPv4 relay (skeleton). */
#include "l2ra.h"
