#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# get-kselftest.sh DIR: extract from Debian's linux-source tarball what the
# project uses of the kernel tree at build time (the kselftest framework,
# and checkpatch.pl with its data files) into DIR.  ~10 s: the whole xz
# stream has to be read.
set -euo pipefail
dir=$1
tarball=$(find /usr/src -maxdepth 1 -name 'linux-source-*.tar.xz' | sort -V | tail -n1)
[ -n "$tarball" ] || { echo "get-kselftest: no linux-source package; run 'make deps'" >&2; exit 1; }
top=$(basename "$tarball" .tar.xz)
rm -rf "$dir"
mkdir -p "$dir"
tar -xJf "$tarball" -C "$dir" --strip-components=1 --wildcards \
	"$top/tools/testing/selftests/kselftest*" \
	"$top/tools/testing/selftests/lib.mk" \
	"$top/scripts/checkpatch.pl" "$top/scripts/spelling.txt" \
	"$top/scripts/const_structs.checkpatch"
# lib.mk and the headers are used from the selftests directory itself.
mv "$dir"/tools/testing/selftests/* "$dir"/
rm -rf "$dir/tools"
