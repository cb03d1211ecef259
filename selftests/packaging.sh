#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian packages as an operator installs them (Documentation/
# packaging.rst): dpkg -i of l2ra and l2ra-dkms (built on the host by make
# deb into .build/deb/) into the guest's root, whose writes go to a tmpfs
# overlay and never reach the host; l2ra-dkms's postinst has DKMS build and
# install l2ra.ko for the running kernel from /usr/src/l2ra-<version>;
# modprobe loads that module (no insmod); the installed unit passes
# systemd-analyze verify; the installed l2ractl sets up the relay and a
# client leases through it; the installed l2rad, started the way the unit
# starts it (ExecStart, StateDirectory, NOTIFY_SOCKET), says READY=1 and
# stores the lease; dpkg --purge then leaves no file behind.
#
#   +-- srv ---------+     +-- sw: br0 (l2ra from DKMS) -------+
#   | srv0 192.0.2.1 +-----+ vsrv (trusted)     vcl1 "pkg-1"  |
#   | dnsmasq        |     +--------------------------+--------+
#   +----------------+     /usr/sbin/l2ractl, l2rad   |
#                                                c1: c1 udhcpc
ALL_TESTS="
	packages_install
	dkms_built_module
	modprobe_loads_dkms_module
	unit_verifies
	relay_end_to_end
	l2rad_as_the_unit_runs_it
	purge_leaves_nothing
"
source "$(dirname "$0")/lib.sh"
require_cmd dpkg dkms modprobe systemd-analyze dnsmasq busybox sqlite3 python3

DEBS=${L2RA_DEBS:-$L2RA_ROOT/.build/deb}
VERSION=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$L2RA_ROOT/dkms.conf")
DEB_TOOLS=$(ls "$DEBS"/l2ra_"$VERSION"_*.deb 2>/dev/null | head -n 1)
DEB_DKMS=$DEBS/l2ra-dkms_${VERSION}_all.deb
UNIT=/lib/systemd/system/l2rad.service
# What the packages may touch: a file here after the purge that was not
# here before the install is left behind.  Each place to the depth the
# packages and DKMS write at (a whole walk of /lib/modules, /usr/share/doc
# and /var/lib over 9p under emulation took minutes).  Not judged: dpkg's
# own database (its status and logs change with any install) and DKMS's
# module-signing key, which DKMS makes once for every module it builds.
WATCH_DEEP="/etc /var/lib /lib/modules/*/updates"
WATCH_FLAT="/usr/src /usr/sbin /usr/include/linux /usr/share/man/man8 /usr/share/doc
	/usr/share/bash-completion/completions /usr/share/lintian/overrides
	/lib/systemd/system /lib/modules/*"
NOT_JUDGED='^/var/lib/(dpkg|dkms/mok\.(key|pub)$|systemd/deb-systemd-helper|ucf)'
# ... unless the path names l2ra: deb-systemd-helper's state of l2rad.service
# is the package's to purge.  Beside these, each directory that a packaged
# file or a maintainer script names (or the nearest one of its parents that
# exists before the install), one level deep: a script may write where no
# list above looks (watch_from_packages).
WATCH_PKG=
CID1="pkg-1"
declare -A MAC
INSTALLED=0
AGENT_PID=

[ -d "/lib/modules/$KVER/build" ] ||
	skip_all "no kernel headers for $KVER (/lib/modules/$KVER/build)"
[ -f "$DEB_TOOLS" ] && [ -f "$DEB_DKMS" ] ||
	fail_all "packages not built in $DEBS (make deb)"
if dpkg-query -W -f='${Status}' l2ra l2ra-dkms 2>/dev/null | grep -q 'installed'; then
	fail_all "l2ra or l2ra-dkms is installed before the test"
fi

snapshot()	# snapshot FILE: the files and directories under WATCH
{
	# shellcheck disable=SC2086
	{
		find $WATCH_DEEP -path /var/lib/dpkg -prune -o -print
		find $WATCH_FLAT $WATCH_PKG -maxdepth 1
	} 2>/dev/null | awk -v nj="$NOT_JUDGED" '$0 !~ nj || /l2ra/' | sort -u >"$1"
}

# watch_from_packages: WATCH_PKG, the directories the packages' files and
# maintainer scripts name, each the nearest that exists now (before the
# install): /var/lib/l2ra is watched as /var/lib, /usr/src/l2ra-0.1/kmod as
# /usr/src.  Paths under /dev, /proc, /sys, /run and /tmp are not judged.
watch_from_packages()
{
	local deb ctl p

	for deb in "$DEB_DKMS" "$DEB_TOOLS"; do
		ctl=$WORK/ctl-$(basename "$deb")
		dpkg-deb -e "$deb" "$ctl" || return 1
		dpkg-deb -c "$deb" | awk '{ print substr($6, 2) }'
		cat "$ctl"/preinst "$ctl"/postinst "$ctl"/prerm "$ctl"/postrm \
			2>/dev/null | grep -oE '/[A-Za-z0-9._+/-]+'
	done | grep -E '^/(etc|usr|var|lib|lib64|bin|sbin|opt|srv|boot)(/|$)' |
	sed 's|//*$||' | sort -u >"$WORK/named"
	while read -r p; do
		while [ ! -d "$p" ]; do p=$(dirname "$p"); done
		echo "$p"
	done <"$WORK/named" | sort -u >"$WORK/watch-pkg"
	WATCH_PKG=$(cat "$WORK/watch-pkg")
	[ -n "$WATCH_PKG" ]
}

# pkg_cleanup: whatever happened, the guest's later tests must find neither
# the packages nor DKMS's module loaded (they insmod .build/'s l2ra.ko)
pkg_cleanup()
{
	[ -n "$AGENT_PID" ] && kill "$AGENT_PID" 2>/dev/null
	l2ra_unload 2>/dev/null
	if [ "$INSTALLED" = 1 ]; then
		dpkg --purge l2ra l2ra-dkms >>"$WORK/dpkg.log" 2>&1
	fi
}
trap 'pkg_cleanup; cleanup' EXIT

setup()
{
	local m

	for m in bridge veth; do
		modprobe "$m" 2>/dev/null || true
	done
	# Another test's l2ra.ko (insmod of .build/'s) must not stand in for
	# the packaged one.
	l2ra_unload || fail_all "rmmod l2ra (left loaded before this test)"
	watch_from_packages ||
		fail_all "cannot read the packages' files and maintainer scripts"
	echo "snapshot of the places the packages write to (and of" \
		"$(wc -l <"$WORK/watch-pkg") directories they name)"
	snapshot "$WORK/before"
}

packages_install()
{
	local start=$SECONDS

	INSTALLED=1
	# man-db's trigger would index every man page over 9p under
	# emulation (minutes): off in the guest's overlay, as its debconf
	# question man-db/auto-update does (the pages: tests/packaging.sh).
	rm -f /var/lib/man-db/auto-update
	echo "dpkg -i $(basename "$DEB_DKMS") $(basename "$DEB_TOOLS") (DKMS builds l2ra.ko)"
	DEBIAN_FRONTEND=noninteractive dpkg -i "$DEB_DKMS" "$DEB_TOOLS" \
		>"$WORK/dpkg.log" 2>&1
	check_err $? "dpkg -i failed: $(tail -n 5 "$WORK/dpkg.log" | tr '\n' ' ')"
	local p

	for p in l2ra l2ra-dkms; do
		[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ]
		check_err $? "$p is not \"install ok installed\""
	done
	echo "dpkg -i (DKMS build included): $((SECONDS - start)) s"
	log_test "dpkg -i l2ra-dkms l2ra (postinst: dkms build and install)"
}

dkms_built_module()
{
	local st

	st=$(dkms status -m l2ra -v "$VERSION" -k "$KVER" 2>/dev/null)
	echo "dkms status: $st"
	[[ $st == *"$KVER"*installed* ]]
	check_err $? "dkms status does not show l2ra/$VERSION installed for $KVER"
	modinfo -k "$KVER" -n l2ra 2>/dev/null | grep -q "^/lib/modules/$KVER/updates/dkms/l2ra.ko"
	check_err $? "modinfo l2ra: not DKMS's module: $(modinfo -k "$KVER" -n l2ra 2>&1)"
	log_test "DKMS built l2ra.ko for $KVER into updates/dkms"
}

modprobe_loads_dkms_module()
{
	local how

	# What modprobe resolves l2ra to (Debian's kernels keep no srcversion
	# to compare the loaded module with): DKMS's, and nothing else is
	# loaded under that name (setup unloaded any other).
	how=$(modprobe --show-depends l2ra 2>&1 | grep 'l2ra\.ko')
	[[ $how == "insmod /lib/modules/$KVER/updates/dkms/l2ra.ko"* ]]
	check_err $? "modprobe would load: ${how:-nothing}"
	modprobe l2ra
	check_err $? "modprobe l2ra failed"
	[ -d /sys/module/l2ra ]
	check_err $? "l2ra is not loaded after modprobe"
	genl ctrl get name l2ra >/dev/null 2>&1
	check_err $? "generic netlink family l2ra not registered"
	log_test "modprobe l2ra loads DKMS's module"
}

unit_verifies()
{
	echo "systemd-analyze verify $UNIT"
	systemd-analyze verify "$UNIT" >"$WORK/verify.log" 2>&1
	check_err $? "systemd-analyze verify $UNIT: $(head -n 3 "$WORK/verify.log" | tr '\n' ' ')"
	grep -qx 'ExecStart=/usr/sbin/l2rad --foreground' "$UNIT"
	check_err $? "ExecStart does not name the packaged /usr/sbin/l2rad"
	log_test "the installed unit passes systemd-analyze verify"
}

relay_end_to_end()
{
	star_topology 1
	ip -n srv addr add 192.0.2.1/24 dev srv0
	L2RACTL=/usr/sbin/l2ractl
	l2ractl sw bridge set dev br0 relay on &&
	l2ractl sw port set dev vsrv role trusted &&
	l2ractl sw port set dev vcl1 circuit-id "$CID1"
	check_err $? "the installed l2ractl refused the configuration"
	dnsmasq_start srv srv0 192.0.2.100 192.0.2.150
	check_err $? "dnsmasq did not start"
	udhcpc_run c1 c1
	check_err $? "udhcpc got no lease through the relay"
	[ "$(stat sw req_added)" -ge 1 ] 2>/dev/null &&
		[ "$(stat sw reply_stripped)" -ge 1 ] 2>/dev/null
	check_err $? "counters: req_added $(stat sw req_added), reply_stripped $(stat sw reply_stripped)"
	l2ractl sw -j lease show dev vcl1 | grep -qi "${MAC[1]}"
	check_err $? "the lease of c1 is not in the kernel's table on vcl1"
	log_test "l2ractl from the package; a client leases through the relay"
}

# notify_listen SOCKET OUT: a datagram socket receiving sd_notify messages
# into OUT, one per line, as systemd's NOTIFY_SOCKET does
notify_listen()
{
	python3 - "$1" "$2" <<-'EOF' &
		import socket, sys
		s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
		s.bind(sys.argv[1])
		with open(sys.argv[2], "a", buffering=1) as f:
		    while True:
		        f.write(s.recv(4096).decode().replace("\n", " ") + "\n")
	EOF
	PIDS+=($!)
	wait_for 5 test -S "$1"
}

l2rad_as_the_unit_runs_it()
{
	local cmd n rc

	# ExecStart of the installed unit; StateDirectory=l2ra, mode 0750.
	cmd=$(sed -n 's/^ExecStart=//p' "$UNIT")
	install -d -m 0750 /var/lib/l2ra
	notify_listen "$WORK/notify.sock" "$WORK/notify.log"
	check_err $? "no notify socket"
	# shellcheck disable=SC2086
	ip netns exec sw env NOTIFY_SOCKET="$WORK/notify.sock" WATCHDOG_USEC=60000000 \
		$cmd >"$WORK/l2rad.log" 2>&1 &
	AGENT_PID=$!
	wait_for 60 grep -q 'READY=1' "$WORK/notify.log"
	check_err $? "l2rad never said READY=1: $(tail -n 3 "$WORK/l2rad.log" | tr '\n' ' ')"
	# The first sync takes the kernel's lease into the store.
	wait_for 30 eval "[ \"\$(sqlite3 -cmd '.timeout 5000' /var/lib/l2ra/leases.db \
		'SELECT count(*) FROM leases' 2>/dev/null)\" -ge 1 ]"
	check_err $? "the lease never reached /var/lib/l2ra/leases.db"
	kill -TERM "$AGENT_PID"
	wait "$AGENT_PID"
	rc=$?
	AGENT_PID=
	[ "$rc" -eq 0 ]
	check_err $? "l2rad exited $rc on SIGTERM"
	n=$(sqlite3 /var/lib/l2ra/leases.db 'SELECT count(*) FROM leases' 2>/dev/null)
	[ "${n:-0}" -ge 1 ]
	check_err $? "no lease in the store after SIGTERM"
	log_test "l2rad as its unit runs it: READY=1, lease stored, clean stop"
}

purge_leaves_nothing()
{
	local st

	l2ra_unload
	check_err $? "rmmod l2ra failed"
	DEBIAN_FRONTEND=noninteractive dpkg --purge l2ra l2ra-dkms >>"$WORK/dpkg.log" 2>&1
	check_err $? "dpkg --purge failed: $(tail -n 5 "$WORK/dpkg.log" | tr '\n' ' ')"
	INSTALLED=0
	st=$(dkms status -m l2ra 2>/dev/null)
	echo "dkms status after the purge: ${st:-nothing}"
	[ -z "$st" ]
	check_err $? "dkms still knows l2ra: $st"
	! modinfo -k "$KVER" -n l2ra >/dev/null 2>&1
	check_err $? "modinfo still finds l2ra: $(modinfo -k "$KVER" -n l2ra 2>&1)"
	snapshot "$WORK/after"
	comm -13 "$WORK/before" "$WORK/after" >"$WORK/left"
	[ ! -s "$WORK/left" ]
	check_err $? "left behind: $(head -n 10 "$WORK/left" | tr '\n' ' ')"
	log_test "dpkg --purge leaves nothing behind"
}

setup
run_all
