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
cpp() { perl "$cp" --no-tree --strict --terse --show-types "$@"; }
rc=0
# dhcp_opt.[ch] and the other pure-logic files are also compiled for user
# space (unit tests, fuzzers, l2rad): <stdint.h> types there, by design.
# The uapi header keeps the layout of include/uapi/linux/*.h (wireguard.h,
# ethtool_netlink.h): "#define X_MAX (__X_MAX - 1)" right after its enum.
# One line, space-separated: the case below matches " $f " in it, which a
# newline-separated list (two pure files or more) would never contain.
pure=$(grep -l '^#include <stdint.h>\|uint8_t' kmod/*.h kmod/*.c | tr '\n' ' ' || true)
for f in kmod/*.c kmod/*.h; do
	case " $pure " in
	*" $f "*) cpp --ignore PREFER_KERNEL_TYPES -f "$f" || rc=1 ;;
	*) cpp -f "$f" || rc=1 ;;
	esac
done
cpp --ignore LINE_SPACING -f include/uapi/linux/l2ra.h || rc=1
exit $rc
