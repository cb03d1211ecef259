#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo (make demo): a CPE-style bridge relaying DHCP for two
# subscribers, run in the guest.  Prints what each client got, what the
# DHCP server saw of option 82, the leases l2rad keeps in its SQLite store,
# and the leases back on their ports after a "reboot" (module reloaded).
#
#   +-- srv ---------+     +-- sw: br0 (l2ra) ------------+     +-- cli1 --+
#   | srv0 192.0.2.1 +-----+ vsrv (trusted)  vcl1 (untr.) +-----+ c1       |
#   | dnsmasq        |     |                 vcl2 (untr.) +--+  +----------+
#   +----------------+     +------------------------------+  |  +-- cli2 --+
#                                                            +--+ c2       |
#                                                               +----------+
source "$(dirname "$0")/lib.sh"
require_cmd dnsmasq busybox tcpdump sqlite3
L2RAD=$L2RA_ROOT/agent/l2rad
DB=$WORK/leases.db

# the operator's boot script: relay on br0, uplink trusted, a circuit-id
relay_config()
{
	l2ractl sw bridge set dev br0 relay on
	l2ractl sw port set dev vsrv role trusted
	l2ractl sw port set dev vcl2 circuit-id "cpe-1/port-2"
}

# l2rad in the switch namespace, writing 1 s after each change
L2RAD_RUN=0
l2rad_start()
{
	L2RAD_RUN=$((L2RAD_RUN + 1))
	L2RAD_LOG=$WORK/l2rad.$L2RAD_RUN.log
	ip netns exec sw "$L2RAD" -f -s "$DB" -w 1 --retry-interval 1 \
		2>"$L2RAD_LOG" &
	L2RAD_PID=$!
	PIDS+=("$L2RAD_PID")
	wait_for 20 grep -q 'restore: ' "$L2RAD_LOG" ||
		{ echo "l2rad did not start:"; cat "$L2RAD_LOG"; }
}

l2rad_stop()
{
	kill "$L2RAD_PID"
	wait "$L2RAD_PID"
}

store_rows()
{
	sqlite3 -header -column "$DB" \
		"SELECT lower(substr(hex(mac), 1, 2) || ':' || substr(hex(mac), 3, 2) || ':' ||
			substr(hex(mac), 5, 2) || ':' || substr(hex(mac), 7, 2) || ':' ||
			substr(hex(mac), 9, 2) || ':' || substr(hex(mac), 11, 2)) AS mac,
			(addr >> 24) || '.' || ((addr >> 16) & 255) || '.' ||
			((addr >> 8) & 255) || '.' || (addr & 255) AS addr,
			port, bridge, expires_at - strftime('%s', 'now') AS expires_in
		 FROM leases ORDER BY addr" | sed 's/^/  /'
}

l2ra_load
ns_create srv sw cli1 cli2
br_create sw br0
port_add sw br0 vsrv srv srv0
port_add sw br0 vcl1 cli1 c1
port_add sw br0 vcl2 cli2 c2
ip -n srv addr add 192.0.2.1/24 dev srv0

echo "== configure the relay on br0"
relay_config
l2ractl sw bridge show
l2ractl sw port show

dnsmasq_start srv srv0 192.0.2.100 192.0.2.150
capture_start srv srv0 server

echo "== two subscribers ask for addresses"
for c in 1 2; do
	udhcpc_run "cli$c" "c$c" || echo "cli$c: no lease"
	echo "cli$c (port vcl$c) got: $(addr_of "cli$c" "c$c")"
done
capture_stop_all

echo "== what the server received (option 82 added by br0)"
pcap_text server | grep -E 'Request|Agent-Information|Circuit-ID|Remote-ID|Unknown SubOption 12' |
	sed 's/^ */  /'
echo "== counters"
l2ractl sw -s port show
l2ractl sw stats

echo "== l2rad keeps the lease table in SQLite ($DB)"
l2rad_start
sleep 2		# the write delay
echo "-- the kernel's leases (l2ractl lease show)"
l2ractl sw lease show
echo "-- the store's rows"
store_rows

echo "== \"reboot\": stop l2rad, reload the module, re-apply the configuration, start l2rad"
l2rad_stop
rmmod l2ra
sleep 2
insmod "$L2RA_KO"
echo "-- after insmod: $(l2ractl sw lease show | wc -l) leases in the kernel"
relay_config
l2rad_start
echo "-- l2rad says:"
grep 'restore: ' "$L2RAD_LOG" | sed 's/^/  /'
echo "-- the leases are back on their ports, still counting down"
l2ractl sw lease show
l2rad_stop
