#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host test of the packaging (Documentation/packaging.rst), make check's
# "package" phase:
#
#   - make deb: dpkg-buildpackage -us -uc of debian/ (in a copy: the
#     checkout stays clean), then lintian with no error, warning or info
#     tag left that debian/*lintian-overrides does not justify;
#   - the packages hold what they must (l2ra: tools, daemon, man pages,
#     unit, config, completion, header; l2ra-dkms: dkms.conf and the
#     module's source);
#   - one version: dkms.conf, debian/changelog, l2rad -V, l2ractl -V;
#   - the module's source as l2ra-dkms ships it, built with dkms.conf's own
#     MAKE[0] line (as DKMS runs it) plus W=1, warning-free, against every
#     installed kernel's headers and the debug kernel's tree (a plain
#     upstream tree, KDIR=); BUILD_EXCLUSIVE_KERNEL accepts each of them;
#   - systemd-analyze verify of the packaged unit (its l2rad and man page);
#   - make install DESTDIR= puts exactly the files documented, make
#     uninstall removes every one of them;
#   - the bash completion completes objects, commands and keyword values;
#   - l2rad built with WITH_SYSTEMD=0 (the OpenWrt build) in a copy of
#     the tree, with a pkg-config that does not know libsystemd: it builds
#     (-Werror), links no libsystemd, checks the example config, runs and
#     stops cleanly, says why when a NOTIFY_SOCKET is set anyway, and make
#     install leaves the unit out;
#   - the OpenWrt init scripts' UCI mappings (openwrt/) give the l2ractl
#     commands and the l2rad command line their comments promise.
#
# DKMS itself (dkms build/install, modprobe, purge) runs in the guest:
# selftests/packaging.sh.  Prints TAP, the plan first; exits 0 if every
# check passed, 1 otherwise.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${DEB_OUT:-$ROOT/.build/deb}
VERSION=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$ROOT/dkms.conf")
mapfile -t KERNELS < <("$ROOT/tools/vm/kver.sh" all 2>/dev/null)
DEBUG_KDIR=
if read -r dimage _ < <("$ROOT/tools/vm/debug-kernel.sh" --print 2>/dev/null); then
	DEBUG_KDIR=${dimage%/arch/x86/boot/bzImage}
fi
PLAN=$((11 + ${#KERNELS[@]} + 1))

source "$ROOT/tests/tap.sh"
tap_begin l2ra-packaging
verdict() { if [ "$1" = 0 ]; then ok "$2"; else not_ok "$2${3:+: $3}"; fi; }
echo "1..$PLAN"

# --- make deb, lintian --------------------------------------------------------

st_before=$(git -C "$ROOT" status --porcelain 2>/dev/null)
make -s -C "$ROOT" deb >"$dir/deb.log" 2>&1
rc=$?
st_after=$(git -C "$ROOT" status --porcelain 2>/dev/null)
DEB_TOOLS=$(ls "$OUT"/l2ra_"$VERSION"_*.deb 2>/dev/null | head -n 1)
DEB_DKMS=$OUT/l2ra-dkms_${VERSION}_all.deb
if [ "$rc" = 1 ] || [ ! -f "$DEB_TOOLS" ] || [ ! -f "$DEB_DKMS" ]; then
	not_ok "dpkg-buildpackage -us -uc: $(tail -n 3 "$dir/deb.log" | tr '\n' ' ')"
elif [ "$st_before" != "$st_after" ]; then
	not_ok "dpkg-buildpackage -us -uc left the checkout changed: $st_after"
else
	ok "dpkg-buildpackage -us -uc, checkout unchanged: $(cd "$OUT" && ls ./*.deb ./*.dsc | tr '\n' ' ')"
fi
[ "$rc" != 3 ] && [ "$rc" != 1 ]
verdict $? "lintian: no error, warning or info tag not overridden" \
	"$(grep -E '^[EWI]:' "$OUT/lintian.log" 2>/dev/null | head -n 5 | tr '\n' ' ')"

# --- contents -------------------------------------------------------------------

want_tools="./etc/l2ra/l2rad.conf ./lib/systemd/system/l2rad.service
./usr/include/linux/l2ra.h ./usr/sbin/l2ractl ./usr/sbin/l2rad
./usr/share/bash-completion/completions/l2ractl
./usr/share/man/man8/l2ractl.8.gz ./usr/share/man/man8/l2rad.8.gz"
want_dkms="./usr/src/l2ra-$VERSION/dkms.conf ./usr/src/l2ra-$VERSION/kmod/Kbuild
./usr/src/l2ra-$VERSION/include/uapi/linux/l2ra.h
$(cd "$ROOT" && ls kmod/*.c kmod/*.h | sed "s|^|./usr/src/l2ra-$VERSION/|")"
missing=
for f in $want_tools; do
	dpkg-deb -c "$DEB_TOOLS" 2>/dev/null | awk '{ print $6 }' | grep -qxF "$f" || missing+="$f "
done
for f in $want_dkms; do
	dpkg-deb -c "$DEB_DKMS" 2>/dev/null | awk '{ print $6 }' | grep -qxF "$f" || missing+="$f "
done
dpkg-deb -f "$DEB_DKMS" Depends 2>/dev/null | grep -q dkms || missing+="(Depends: dkms) "
[ -z "$missing" ] && dpkg-deb -c "$DEB_TOOLS" >/dev/null 2>&1
verdict $? "l2ra and l2ra-dkms hold what they must" "missing: $missing"

# --- one version ----------------------------------------------------------------

mkdir -p "$dir/tools" "$dir/dkms"
dpkg-deb -x "$DEB_TOOLS" "$dir/tools" 2>/dev/null
dpkg-deb -x "$DEB_DKMS" "$dir/dkms" 2>/dev/null
v_deb=$(dpkg-parsechangelog -l "$ROOT/debian/changelog" -S Version 2>/dev/null)
v_l2rad=$("$dir/tools/usr/sbin/l2rad" -V 2>/dev/null | awk '{ print $2 }')
v_l2ractl=$("$dir/tools/usr/sbin/l2ractl" -V 2>/dev/null | awk '{ print $2 }')
[ -n "$VERSION" ] && [ "$v_deb" = "$VERSION" ] && [ "$v_l2rad" = "$VERSION" ] &&
	[ "$v_l2ractl" = "$VERSION" ]
verdict $? "one version: dkms.conf $VERSION" \
	"debian/changelog ${v_deb:-?}, l2rad -V ${v_l2rad:-?}, l2ractl -V ${v_l2ractl:-?}"

# --- the module's source, built as DKMS builds it, per kernel ------------------

# dkms_make KDIR RELEASE: dkms.conf's MAKE[0] in a copy of the packaged
# source laid out as DKMS lays it out ($dkms_tree/l2ra/VERSION/build),
# with W=1; warnings are errors (the Kbuild's -Werror) and counted too.
dkms_make()
{
	local kdir=$1 rel=$2 dkms_tree=$dir/tree-$2 kernel_source_dir=$1
	local PACKAGE_NAME PACKAGE_VERSION MAKE BUILD_EXCLUSIVE_KERNEL b

	# shellcheck disable=SC1091
	. "$dir/dkms/usr/src/l2ra-$VERSION/dkms.conf"
	if ! [[ $rel =~ $BUILD_EXCLUSIVE_KERNEL ]]; then
		echo "BUILD_EXCLUSIVE_KERNEL=$BUILD_EXCLUSIVE_KERNEL refuses $rel"
		return 1
	fi
	b=$dkms_tree/$PACKAGE_NAME/$PACKAGE_VERSION/build
	mkdir -p "$b"
	cp -r "$dir/dkms/usr/src/l2ra-$VERSION/." "$b/"
	# MAKE[0] is a command line, split by the shell as DKMS does.
	(cd "$b" && eval "${MAKE[0]} W=1") || return 1
	[ -f "$b/kmod/l2ra.ko" ] || { echo "no kmod/l2ra.ko"; return 1; }
	! grep -q 'warning:' "$dir/make-$rel.log"
}

for k in "${KERNELS[@]}" ${DEBUG_KDIR:+debug}; do
	if [ "$k" = debug ]; then
		kdir=$DEBUG_KDIR
		rel=$(cat "$kdir/include/config/kernel.release")
		what="the debug kernel's tree $rel (KDIR=, plain upstream)"
	else
		kdir=/lib/modules/$k/build rel=$k what="headers of $k"
	fi
	dkms_make "$kdir" "$rel" >"$dir/make-$rel.log" 2>&1
	rc=$?
	grep -q 'warning:' "$dir/make-$rel.log" && rc=1
	verdict $rc "DKMS's MAKE[0] W=1 against $what: warning-free" \
		"$(grep -m 3 -E 'warning:|error:|refuses|no kmod' "$dir/make-$rel.log" | tr '\n' ' ')"
done
[ -n "$DEBUG_KDIR" ] || skip "the debug kernel's tree: not built here (make debug-kernel)"

# --- the unit -------------------------------------------------------------------

# The unit as packaged, but for where the package's l2rad and man page
# are unpacked here (no --root: it wants a whole system in the tree).
unit=$dir/tools/lib/systemd/system/l2rad.service
sed "s|^ExecStart=/usr/sbin/l2rad|ExecStart=$dir/tools/usr/sbin/l2rad|" "$unit" \
	>"$dir/l2rad.service"
MANPATH=$dir/tools/usr/share/man systemd-analyze verify "$dir/l2rad.service" \
	>"$dir/verify.log" 2>&1
rc=$?
grep -q . "$dir/verify.log" && rc=1
grep -qx 'ExecStart=/usr/sbin/l2rad --foreground' "$unit" || rc=1
verdict $rc "systemd-analyze verify of the packaged l2rad.service" \
	"$(head -n 3 "$dir/verify.log" | tr '\n' ' ')"

# --- make install / uninstall ---------------------------------------------------

kver=${KERNELS[-1]:-}
d=$dir/destdir
expect="/etc/l2ra/l2rad.conf
/lib/modules/$kver/updates/l2ra.ko
/usr/local/include/linux/l2ra.h
/usr/local/lib/systemd/system/l2rad.service
/usr/local/sbin/l2ractl
/usr/local/sbin/l2rad
/usr/local/share/bash-completion/completions/l2ractl
/usr/local/share/man/man8/l2ractl.8
/usr/local/share/man/man8/l2rad.8"
make -s -C "$ROOT" install DESTDIR="$d" KVER="$kver" >"$dir/install.log" 2>&1
rc=$?
got=$(cd "$d" 2>/dev/null && find . -type f | sed 's|^\.||' | sort)
[ "$rc" = 0 ] && [ "$got" = "$(sort <<<"$expect")" ] &&
	grep -qx 'ExecStart=/usr/local/sbin/l2rad --foreground' \
		"$d/usr/local/lib/systemd/system/l2rad.service"
verdict $? "make install DESTDIR= PREFIX=/usr/local KVER=$kver: the documented files" \
	"status $rc; got: $(tr '\n' ' ' <<<"$got")"
echo "# my edit" >>"$d/etc/l2ra/l2rad.conf"
make -s -C "$ROOT" uninstall DESTDIR="$d" KVER="$kver" >"$dir/uninstall.log" 2>&1
rc=$?
got=$(cd "$d" && find . -type f | sed 's|^\.||')
[ "$rc" = 0 ] && [ "$got" = /etc/l2ra/l2rad.conf ]
verdict $? "make uninstall removes them all but an edited config" \
	"status $rc; left: $(tr '\n' ' ' <<<"$got")"

# --- bash completion ------------------------------------------------------------

# complete LINE: the completions of LINE's last word (empty: a new word)
complete_line()
{
	bash -c '
		. "$1"
		read -ra COMP_WORDS <<<"$2"
		[ "${2: -1}" = " " ] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_l2ractl
		echo "${COMPREPLY[*]}"' _ "$dir/tools/usr/share/bash-completion/completions/l2ractl" "$1"
}
c1=$(complete_line "l2ractl p")
c2=$(complete_line "l2ractl -j port s")
c3=$(complete_line "l2ractl port set dev eth0 role ")
c4=$(complete_line "l2ractl bridge set dev br0 relay-id ")
[ "$c1" = port ] && [ "$c2" = "set show" ] && [ "$c3" = "trusted untrusted" ] &&
	[ "$c4" = "hex generate default" ]
verdict $? "bash completion: objects, commands, keyword values" \
	"'$c1' '$c2' '$c3' '$c4'"

# --- l2rad without libsystemd (WITH_SYSTEMD=0, the OpenWrt build) -------------

# A copy of what the agent builds from (as it is in the working tree), so
# that the checkout's own objects and l2rad stay the systemd build's.
nosd=$dir/nosd
mkdir -p "$nosd"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard -- \
	agent lib include | tar -c --null -T - -f -) |
	tar -x -C "$nosd"
# As on OpenWrt: pkg-config knows no libsystemd, so the build must not ask.
printf '%s\n' '#!/bin/sh' \
	'for a in "$@"; do [ "$a" = libsystemd ] && exit 1; done' \
	'exec pkg-config "$@"' >"$dir/pkg-config"
chmod +x "$dir/pkg-config"
l2rad_nosd=$nosd/agent/l2rad
# Built as openwrt/l2ra/Makefile's Build/Compile builds it (the target's
# flags in the environment), then what of make check depends on the
# switch: the config check by l2rad itself.  (store_crash_writer has no
# notify code: the agent phase's crash test of it holds for both builds.)
env CFLAGS="-Os -pipe" CPPFLAGS= LDFLAGS= PKG_CONFIG="$dir/pkg-config" \
	make -C "$nosd/agent" l2rad WITH_SYSTEMD=0 >"$dir/nosd-build.log" 2>&1 &&
	(cd "$nosd/agent" && ./l2rad --check-config -c l2rad.conf) >>"$dir/nosd-build.log" 2>&1
rc=$?
needed=$(readelf -d "$l2rad_nosd" 2>/dev/null |
	sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
[[ $needed == *libsqlite3* ]] && [[ $needed != *libsystemd* ]] || rc=1
nm -D "$l2rad_nosd" 2>/dev/null | grep -q ' sd_' && rc=1
verdict $rc "l2rad WITH_SYSTEMD=0 (pkg-config without libsystemd): builds, links no libsystemd, --check-config" \
	"status $rc; NEEDED: $needed; $(grep -m 3 -E 'error:|undefined|Error|FAIL' "$dir/nosd-build.log" | tr '\n' ' ')"

# nosd_run NAME [ENV...]: l2rad --foreground with a store of its own until
# it waits for the module's family (not on the host), then SIGTERM; its log
# in $dir/nosd-NAME.log, its exit status returned
nosd_run()
{
	local name=$1 pid

	shift
	env "$@" "$l2rad_nosd" --foreground -c /dev/null \
		-s "$dir/nosd-$name.db" >"$dir/nosd-$name.log" 2>&1 &
	pid=$!
	for _ in $(seq 50); do
		grep -q 'waiting for its family' "$dir/nosd-$name.log" && break
		sleep 0.1
	done
	sleep 0.2
	kill -TERM "$pid" 2>/dev/null
	wait "$pid"
}
why=
nosd_run plain || why+="exit $? without NOTIFY_SOCKET; "
grep -q 'notify' "$dir/nosd-plain.log" && why+="a notify warning without NOTIFY_SOCKET; "
nosd_run notify NOTIFY_SOCKET="$dir/nobody.sock" WATCHDOG_USEC=1000000 ||
	why+="exit $? with NOTIFY_SOCKET; "
grep -q 'cannot notify systemd: Operation not supported' "$dir/nosd-notify.log" ||
	why+="no warning under NOTIFY_SOCKET; "
grep -q 'exiting' "$dir/nosd-notify.log" || why+="no clean exit; "
make -s -C "$nosd/agent" install WITH_SYSTEMD=0 PKG_CONFIG="$dir/pkg-config" \
	DESTDIR="$dir/nosd-dest" PREFIX=/usr >"$dir/nosd-install.log" 2>&1 ||
	why+="make install failed; "
got=$(cd "$dir/nosd-dest" 2>/dev/null && find . -type f | sort | tr '\n' ' ')
[ "$got" = "./etc/l2ra/l2rad.conf ./usr/sbin/l2rad ./usr/share/man/man8/l2rad.8 " ] ||
	why+="installed: $got; "
[ -z "$why" ]
verdict $? "l2rad WITH_SYSTEMD=0 runs, stops with 0, warns only under NOTIFY_SOCKET; no unit installed" \
	"$why$(tail -n 2 "$dir/nosd-notify.log" | tr '\n' ' ')"

# --- OpenWrt: the UCI mapping ---------------------------------------------------

L2RAD=$l2rad_nosd "$ROOT/openwrt/test-uci.sh" >"$dir/uci.log" 2>&1
verdict $? "openwrt/: UCI configs to l2ractl commands, to l2rad's file (its --check-config) and procd instance" \
	"$(tail -n 5 "$dir/uci.log" | tr '\n' ' ')"

exit $fail
