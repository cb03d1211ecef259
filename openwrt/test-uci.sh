#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host test of l2ra/files/l2ra.sh, the /etc/config/l2ra to l2ractl mapping,
# without OpenWrt: config_load/config_foreach/config_get are stubbed the
# way /lib/functions.sh implements them (a UCI file is shell: "config TYPE
# NAME" and "option NAME VALUE" lines), l2ractl records its argument
# words.  Run by tests/packaging.sh; prints what differs and exits 1 on a
# difference.  Runs under dash (OpenWrt's ash is no bash either).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# --- stubs of OpenWrt's /lib/functions.sh (the parts l2ra.sh uses) ---------
SECTIONS=
config() { CUR=${2:-cfg$(echo "$SECTIONS" | wc -w)}; SECTIONS="$SECTIONS $CUR"; eval "T_$CUR=\$1"; }
option() { eval "O_${CUR}_$1=\$2"; }
config_load() { SECTIONS=; . "$UCI_FILE"; }
config_get() { eval "$1=\${O_${2}_$3:-}"; }
config_foreach()
{
	for s in $SECTIONS; do
		eval "[ \"\$T_$s\" = \"$2\" ]" && "$1" "$s"
	done
}
logger() { echo "logger $*" >>"$T/got"; }
l2ractl()	# one line per call, each word in brackets
{
	printf 'l2ractl' >>"$T/got"
	for w in "$@"; do printf ' [%s]' "$w" >>"$T/got"; done
	echo >>"$T/got"
	[ "$1" != "${REFUSE:-}" ]
}

. "$HERE/l2ra/files/l2ra.sh"

cat >"$T/l2ra" <<'UCI'
config global 'global'
	option lease_max '4096'

config bridge 'lan'
	option device 'br-lan'
	option enabled '1'
	option remote_id 'cpe 0042'
	option relay_id 'generate'

config port 'uplink'
	option device 'wan'
	option role 'trusted'

config port
	option device 'lan1'
	option circuit_id 'cpe-0042/lan 1'
	option remote_id 'hex:0a0b0c'
	option opt82 'drop'
	option unicast '0'
	option chaddr_check 'yes'
	option lease_max '4'

config port
	option role 'untrusted'
UCI
cat >"$T/want" <<'WANT'
l2ractl [config] [set] [lease-max] [4096]
l2ractl [port] [set] [dev] [wan] [role] [trusted]
l2ractl [port] [set] [dev] [lan1] [circuit-id] [cpe-0042/lan 1] [remote-id] [hex] [0a0b0c] [opt82] [drop] [unicast] [off] [chaddr-check] [on] [lease-max] [4]
l2ractl [bridge] [set] [dev] [br-lan] [remote-id] [cpe 0042] [relay-id] [generate] [relay] [on]
--- stop
l2ractl [bridge] [del] [dev] [br-lan]
WANT
UCI_FILE=$T/l2ra
: >"$T/got"
l2ra_apply; rc1=$?
echo "--- stop" >>"$T/got"
l2ra_stop; rc2=$?
if ! diff -u "$T/want" "$T/got" || [ "$rc1$rc2" != 00 ]; then
	echo "test-uci: FAIL (status of apply $rc1, of stop $rc2)"
	exit 1
fi

# A refused command is logged, the rest applied, the status 1.
cat >"$T/l2ra" <<'UCI'
config port
	option device 'lan1'
config bridge
	option device 'br-lan'
	option enabled '1'
UCI
: >"$T/got"
REFUSE=port
l2ra_apply; rc=$?
if [ "$rc" != 1 ] || ! grep -q '^logger -t l2ra l2ractl port set dev lan1 failed$' "$T/got" ||
   ! grep -qF 'l2ractl [bridge] [set] [dev] [br-lan] [relay] [on]' "$T/got"; then
	echo "test-uci: FAIL: a refused command (status $rc):"; cat "$T/got"
	exit 1
fi
echo "test-uci: ok"
