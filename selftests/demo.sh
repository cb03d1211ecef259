#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo (make demo): a CPE-style bridge relaying DHCP for two
# subscribers, run in the guest.  Prints what each client got, what the
# DHCP server saw of option 82, the leases l2rad keeps in its SQLite store,
# the leases back on their ports after a "reboot" (module reloaded), and
# after a "replacement" (store wiped too) the leases back from the DHCP
# server by Bulk Leasequery (RFC 6926; blq_responder serves what the server
# saw, as Kea's lease_query hook would).
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
RESP=$L2RA_ROOT/selftests/blq_responder
DB=$WORK/leases.db
# provisioned, so that it survives a hardware swap (a DUID-UUID)
RELAY_ID=0004a1b2c3d4e5f60718293a4b5c6d7e8f90

# the operator's boot script: relay on br0, uplink trusted, a circuit-id
relay_config()
{
	l2ractl sw bridge set dev br0 relay on relay-id hex "$RELAY_ID"
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
		-c /dev/null "$@" 2>"$L2RAD_LOG" &
	L2RAD_PID=$!
	PIDS+=("$L2RAD_PID")
	wait_for 60 grep -q 'restore: ' "$L2RAD_LOG" ||
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
ip -n sw addr add 192.0.2.254/24 dev br0	# l2rad's Bulk Leasequery

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

echo "== \"replacement\": a new device, same provisioning, no store, empty table"
rm -f "$DB" "$DB-wal" "$DB-shm"
rmmod l2ra
insmod "$L2RA_KO"
relay_config
echo "-- the DHCP server's bindings (what it saw; served over TCP 67 by Bulk Leasequery)"
blq_bindings server >"$WORK/server.bindings"
sed 's/^/  /' "$WORK/server.bindings"
bg ip netns exec srv "$RESP" -f "$WORK/server.bindings" -4 192.0.2.1:67 \
	--ready-file "$WORK/resp.ready" --log "$WORK/resp.log"
wait_for 10 test -s "$WORK/resp.ready" || echo "blq_responder did not start"
echo "-- l2ractl leasequery server 192.0.2.1 by relay-id dev br0"
ip netns exec sw "$L2RACTL" leasequery server 192.0.2.1 by relay-id dev br0 |
	sed 's/^/  /'
echo "-- l2rad --leasequery-server 192.0.2.1 (the store is missing)"
l2rad_start --leasequery-server 192.0.2.1
# The restore runs in l2rad's loop; its result is pushed when it ends.
wait_for 60 grep -qE 'leasequery: [0-9]+ bindings, ' "$L2RAD_LOG" ||
	echo "l2rad did not finish its restore from the server"
wait_for 10 eval "[ \$(grep -c 'restore: ' '$L2RAD_LOG') -ge 2 ]"
grep -E 'leasequery|restore: ' "$L2RAD_LOG" | sed 's/^/  /'
echo "-- every lease is back on its port"
l2ractl sw lease show
l2rad_stop
