// SPDX-License-Identifier: GPL-2.0
/* Option 82 identifiers (skeleton). */
#include "l2ra.h"
