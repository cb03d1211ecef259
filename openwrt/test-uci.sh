#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host test of l2ra/files/l2ra.sh, the /etc/config/l2ra to l2ractl mapping,
# and of l2ra/files/l2rad.sh, the /etc/config/l2rad to l2rad mapping
# (its generated file and the procd instance), without OpenWrt:
# config_load/config_foreach/config_get/config_list_foreach are stubbed
# the way /lib/functions.sh implements them (a UCI file is shell: "config
# TYPE NAME", "option NAME VALUE" and "list NAME VALUE" lines), l2ractl
# and procd_* record their argument words, and the generated file is
# judged by l2rad's own --check-config (L2RAD, default ../agent/l2rad:
# tests/packaging.sh gives its WITH_SYSTEMD=0 build).  Run by
# tests/packaging.sh; prints what differs and exits 1 on a difference.
# Runs under dash (OpenWrt's ash is no bash either).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
L2RAD=${L2RAD:-$HERE/../agent/l2rad}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# --- stubs of OpenWrt's /lib/functions.sh (the parts l2ra*.sh use) ---------
SECTIONS=
config() { CUR=${2:-cfg$(echo "$SECTIONS" | wc -w)}; SECTIONS="$SECTIONS $CUR"; eval "T_$CUR=\$1"; }
option() { eval "O_${CUR}_$1=\$2"; }
# a list's items, one per line (the real one keeps _ITEMn variables)
list() { eval "L_${CUR}_$1=\"\${L_${CUR}_$1:-}\$2
\""; }
config_load() { SECTIONS=; . "$UCI_FILE"; }
config_get() { eval "$1=\${O_${2}_$3:-\${4:-}}"; }
# shellcheck disable=SC3043 # ash and dash have local
config_list_foreach()
{
	local items fn i IFS='
'
	eval "items=\${L_${1}_$2:-}"
	fn=$3
	shift 3
	for i in $items; do
		"$fn" "$i" "$@"
	done
}
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

# --- /etc/config/l2rad: the file, l2rad's verdict on it, the instance -------

if [ ! -x "$L2RAD" ]; then
	echo "test-uci: FAIL: no l2rad to check the generated file with ($L2RAD; make agent)"
	exit 1
fi
# procd_* as /lib/functions/procd.sh has them, recording their words
procd_open_instance() { echo "procd_open_instance" >>"$T/got"; }
procd_close_instance() { echo "procd_close_instance" >>"$T/got"; }
procd_set_param() { l2ractl_words procd_set_param "$@"; }
l2ractl_words()
{
	printf '%s' "$1" >>"$T/got"
	shift
	for w in "$@"; do printf ' [%s]' "$w" >>"$T/got"; done
	echo >>"$T/got"
}
L2RAD_BIN=$L2RAD
L2RAD_CONF=$T/var/etc/l2rad.conf
. "$HERE/l2ra/files/l2rad.sh"

# The shipped config: off, so no instance.
UCI_FILE=$HERE/l2ra/files/l2rad.config
: >"$T/got"
config_load l2rad; config_foreach l2rad_instance l2rad; rc=$?
if [ "$rc" != 0 ] || [ -s "$T/got" ] || [ -e "$L2RAD_CONF" ]; then
	echo "test-uci: FAIL: the shipped /etc/config/l2rad (status $rc) started:"; cat "$T/got"
	exit 1
fi
# ... but with enabled 1, what it says is what l2rad accepts.
sed "s|option enabled '0'|option enabled '1'|; s|'/etc/l2ra/leases.db'|'$T/etc/l2ra/leases.db'|" \
	"$HERE/l2ra/files/l2rad.config" >"$T/l2rad"
UCI_FILE=$T/l2rad
config_load l2rad; config_foreach l2rad_instance l2rad; rc=$?
if [ "$rc" != 0 ] || ! grep -q '^procd_open_instance' "$T/got"; then
	echo "test-uci: FAIL: the shipped /etc/config/l2rad enabled (status $rc):"; cat "$T/got"
	exit 1
fi

cat >"$T/l2rad" <<UCI
config l2rad 'main'
	option enabled '1'
	option store '$T/flash/leases.db'
	option write_delay '30'
	option log_level 'debug'
	option restore_max_age '3600'
	option retry_interval '20'
	list leasequery_server '192.0.2.1'
	list leasequery_server '[2001:db8::1]:547'
	option leasequery_by 'remote-id'
	list leasequery_id '00:04:a1:b2'
	list leasequery_id '01:02:0a'
	option leasequery_store_max_age '600'
	option leasequery_conn_timeout '10'
	option leasequery_data_timeout '100'
	option leasequery_max_retry '30'
	option leasequery_attempts '3'
	option leasequery_connections '2'
	option leasequery_deadline '300'
	option unknown_option 'ignored'
UCI
cat >"$T/want" <<WANT
procd_open_instance
procd_set_param [command] [$L2RAD] [--foreground] [-c] [$L2RAD_CONF] [-s] [$T/flash/leases.db]
procd_set_param [respawn] [3600] [5] [5]
procd_set_param [file] [$L2RAD_CONF]
procd_set_param [reload_signal] [HUP]
procd_set_param [term_timeout] [30]
procd_set_param [stdout] [1]
procd_set_param [stderr] [1]
procd_close_instance
WANT
# l2rad's own account of the settings in force, every key of the mapping
cat >"$T/want-settings" <<WANT
store = $T/flash/leases.db
write_delay = 30
log_level = debug
restore_max_age = 3600
retry_interval = 20
leasequery_server = 192.0.2.1
leasequery_server = [2001:db8::1]:547
leasequery_by = remote-id
leasequery_id = 00:04:a1:b2
leasequery_id = 01:02:0a
leasequery_store_max_age = 600
leasequery_conn_timeout = 10
leasequery_data_timeout = 100
leasequery_max_retry = 30
leasequery_attempts = 3
leasequery_connections = 2
leasequery_deadline = 300
WANT
: >"$T/got"
config_load l2rad; config_foreach l2rad_instance l2rad; rc=$?
"$L2RAD" --check-config -c "$L2RAD_CONF" -s "$T/flash/leases.db" >"$T/settings" 2>&1
if ! diff -u "$T/want" "$T/got" || [ "$rc" != 0 ] || [ ! -d "$T/flash" ] ||
   ! diff -u "$T/want-settings" "$T/settings"; then
	echo "test-uci: FAIL: /etc/config/l2rad to l2rad (status $rc)"
	exit 1
fi

# Refused: by l2rad (a value it does not take) and before it (a '#', which
# the file would take for a comment): logged, no instance, status 1.
for bad in "option write_delay 'soon'" "option write_delay '7#0'"; do
	printf "config l2rad\n\toption enabled '1'\n\toption store '%s'\n\t%s\n" \
		"$T/flash/leases.db" "$bad" >"$T/l2rad"
	: >"$T/got"
	config_load l2rad; config_foreach l2rad_instance l2rad; rc=$?
	if [ "$rc" != 1 ] || grep -q '^procd' "$T/got" ||
	   ! grep -q '^logger -t l2rad ' "$T/got"; then
		echo "test-uci: FAIL: $bad (status $rc):"; cat "$T/got"
		exit 1
	fi
done
echo "test-uci: ok"
