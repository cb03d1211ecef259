#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: install what is missing, build, and run the demo topology
# (selftests/demo.sh) in a QEMU guest booting the newest Debian kernel.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ROOT/scripts/deps.sh"
make -s -C "$ROOT" all >/dev/null
VM_OUT=${VM_OUT:-$ROOT/results/demo} exec "$ROOT/tools/vm/vm-run.sh" selftests/demo.sh
