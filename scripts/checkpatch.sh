#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.pl --strict over the module's sources, with the script taken
# from Debian's linux-source package (extracted by `make kselftest`).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cp=$ROOT/.build/kselftest/scripts/checkpatch.pl
[ -f "$cp" ] || { echo "checkpatch: run 'make kselftest' first" >&2; exit 1; }
cd "$ROOT"
perl "$cp" --no-tree --strict --terse --show-types -f \
	kmod/*.c kmod/*.h include/uapi/linux/l2ra.h
