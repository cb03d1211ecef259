#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make deb: the Debian source package and the binary packages l2ra and
# l2ra-dkms (dpkg-buildpackage -us -uc), then lintian on them, all in
# .build/deb/.  The build runs in a copy of the tracked files (as they are
# in the working tree), so the checkout stays clean: nothing of debian/'s
# build (debian/l2ra/, debian/files, objects) lands in it.  A copy equal to
# the last one built is not built again (.build/deb/stamp).
#
# Exit status: that of the build, else 3 if lintian reported an error,
# warning or info tag that debian/*.lintian-overrides does not justify.
# lintian's output: .build/deb/lintian.log.  DEB_LINTIAN=0 leaves lintian
# out (make check's build phases: the package phase judges lintian).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${DEB_OUT:-$ROOT/.build/deb}
VERSION=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$ROOT/dkms.conf")
SRC=$OUT/l2ra-$VERSION

files()	# the files of the package's source, NUL-separated
{
	if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git -C "$ROOT" ls-files -z --cached --others --exclude-standard |
			while IFS= read -r -d '' f; do
				[ -e "$ROOT/$f" ] && printf '%s\0' "$f"
			done
	else
		(cd "$ROOT" && find . -path ./.build -prune -o -path ./results -prune \
			-o -type f -printf '%P\0')
	fi
}

mkdir -p "$OUT"
stamp=$( (cd "$ROOT" && files | sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1)
debs=("$OUT/l2ra_${VERSION}_"*.deb "$OUT/l2ra-dkms_${VERSION}_all.deb")
if [ "$(cat "$OUT/stamp" 2>/dev/null)" = "$stamp" ] && ls "${debs[@]}" >/dev/null 2>&1; then
	echo "deb: up to date: ${debs[*]}" >&2
else
	rm -rf "$SRC" "$OUT"/*.deb "$OUT"/*.dsc "$OUT"/*.tar.* "$OUT"/*.changes \
		"$OUT"/*.buildinfo "$OUT/stamp"
	mkdir -p "$SRC"
	(cd "$ROOT" && files | tar -c --null -T - -f -) | tar -x -C "$SRC"
	echo "deb: dpkg-buildpackage -us -uc in $SRC (log: $OUT/build.log)" >&2
	if ! (cd "$SRC" && dpkg-buildpackage -us -uc) >"$OUT/build.log" 2>&1; then
		tail -n 30 "$OUT/build.log" >&2
		echo "deb: dpkg-buildpackage failed (log: $OUT/build.log)" >&2
		exit 1
	fi
	rm -rf "$SRC"
	echo "$stamp" >"$OUT/stamp"
fi
ls "$OUT"/*.deb >&2

[ "${DEB_LINTIAN:-1}" = 0 ] && exit 0
changes=$(ls "$OUT"/l2ra_"$VERSION"_*.changes)
echo "deb: lintian $changes (log: $OUT/lintian.log)" >&2
if ! lintian --fail-on error,warning,info --info --display-info \
	"$changes" >"$OUT/lintian.log" 2>&1; then
	cat "$OUT/lintian.log" >&2
	echo "deb: lintian found tags that are not overridden (log: $OUT/lintian.log)" >&2
	exit 3
fi
cat "$OUT/lintian.log" >&2
