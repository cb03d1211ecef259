#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Print the Debian kernels this machine can build for and boot: those with
# both /boot/vmlinuz-<v> and /lib/modules/<v>/build, oldest first.  The
# host's own kernel (uname -r) is deliberately not consulted: it is not the
# target, and on the build machines it cannot load modules at all.
#   kver.sh          all of them
#   kver.sh newest   the newest one (the default build target)
set -euo pipefail
all=()
for d in /lib/modules/*/; do
	v=$(basename "$d")
	[ -f "/boot/vmlinuz-$v" ] && [ -e "/lib/modules/$v/build/Makefile" ] && all+=("$v")
done
[ ${#all[@]} -gt 0 ] || { echo "kver: no Debian kernel with headers; run 'make deps'" >&2; exit 1; }
mapfile -t all < <(printf '%s\n' "${all[@]}" | sort -V)
case "${1:-all}" in
newest) echo "${all[-1]}" ;;
all) printf '%s\n' "${all[@]}" ;;
*) echo "usage: kver.sh [all|newest]" >&2; exit 2 ;;
esac
