#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The lease table: leases learned from real DHCP exchanges through the
# bridge, removed by release, expiry and port removal, added over netlink by
# port name and by circuit-id, namespace and port limits, and the lease
# events of `l2ractl monitor`.  Three copies of one topology:
#
#   dm   dnsmasq, plain bridge (VLAN 0)
#   isc  ISC dhcpd, VLAN-filtering bridge: subscriber ports untagged in
#        VLAN 20 (PVID), the uplink tagged, the server on srv0.20
#   exp  ISC dhcpd granting 10-second leases, for expiry
#
#   +-- P-srv -------+     +-- P-sw: br0 (l2ra) ----------------------+
#   | srv0 / srv0.20 +-----+ vsrv (trusted)                           |
#   | dnsmasq/dhcpd  |     |   vcl1 "cpe-1/port-1"   vcl2     vcl3    |
#   +----------------+     +-----+---------------------+--------+-----+
#                                |                     |        |
#                        P-c1: c1 udhcpc     P-c2: c2 dhclient  P-c3: c3
ALL_TESTS="
	leases_learned
	release_removes
	expiry_removes
	lease_add_by_ifname
	lease_add_by_circuit_id
	namespace_limit
	port_limit
	port_removal_deletes
	lease_del_and_flush
	monitor_events
"
source "$(dirname "$0")/lib.sh"
require_cmd dnsmasq dhcpd dhclient busybox jq

PREFIXES="dm isc"
declare -A SUBNET=([dm]=192.0.2 [isc]=198.51.100 [exp]=203.0.113)
declare -A SERVER=([dm]=dnsmasq [isc]="ISC dhcpd" [exp]="ISC dhcpd")
declare -A VID=([dm]=0 [isc]=20 [exp]=0)
declare -A MAC	# [P-N]: the MAC of client N of topology P
CID1="cpe-1/port-1"

setup_one()
{
	local p=$1 net=${SUBNET[$1]} n srvif=srv0

	ns_create "$p-srv" "$p-sw" "$p-c1" "$p-c2" "$p-c3"
	if [ "${VID[$p]}" != 0 ]; then
		br_create "$p-sw" br0 vlan_filtering 1
	else
		br_create "$p-sw" br0
	fi
	port_add "$p-sw" br0 vsrv "$p-srv" srv0
	for n in 1 2 3; do
		port_add "$p-sw" br0 "vcl$n" "$p-c$n" "c$n"
		MAC[$p-$n]=$(mac_of "$p-c$n" "c$n")
	done
	if [ "${VID[$p]}" != 0 ]; then
		for n in 1 2 3; do
			ip netns exec "$p-sw" bridge vlan del dev "vcl$n" vid 1
			ip netns exec "$p-sw" bridge vlan add dev "vcl$n" \
				vid "${VID[$p]}" pvid untagged
		done
		ip netns exec "$p-sw" bridge vlan del dev vsrv vid 1
		ip netns exec "$p-sw" bridge vlan add dev vsrv vid "${VID[$p]}"
		srvif=srv0.${VID[$p]}
		ip -n "$p-srv" link add link srv0 name "$srvif" type vlan \
			id "${VID[$p]}"
		ip -n "$p-srv" link set "$srvif" up
	fi
	ip -n "$p-srv" addr add "$net.1/24" dev "$srvif"

	l2ractl "$p-sw" bridge set dev br0 relay on || return 1
	l2ractl "$p-sw" port set dev vsrv role trusted || return 1
	l2ractl "$p-sw" port set dev vcl1 circuit-id "$CID1" || return 1
	l2ractl "$p-sw" port set dev vcl2 || return 1
	l2ractl "$p-sw" port set dev vcl3 || return 1

	bg ip netns exec "$p-sw" "$L2RACTL" monitor >"$WORK/monitor-$p.txt" 2>&1

	case $p in
	dm)	dnsmasq_start "$p-srv" "$srvif" "$net.100" "$net.150" ;;
	isc)	dhcpd_start "$p-srv" "$srvif" "$net.0" "$net.100" "$net.150" ;;
	exp)	LEASE_SECS=10 dhcpd_start "$p-srv" "$srvif" "$net.0" \
			"$net.100" "$net.150" ;;
	esac
}

setup()
{
	local p

	l2ra_load
	for p in $PREFIXES exp; do
		setup_one "$p" || fail_all "could not set up the $p topology"
	done
	for p in $PREFIXES exp; do
		monitor_joined "$p" || fail_all "the $p monitor sees no events"
	done
}

# monitor_joined P: a probe lease comes and goes until P's monitor shows
# it: then the monitor has joined the group (no sleep can promise that).
PROBE=02:00:00:00:fe:01
monitor_joined()
{
	local p=$1 i

	for ((i = 0; i < 20; i++)); do
		l2ractl "$p-sw" lease add mac "$PROBE" addr 192.0.2.250 \
			expires 60 dev vcl3 || return 1
		l2ractl "$p-sw" lease del mac "$PROBE" || return 1
		wait_for 1 grep -q "^del $PROBE " "$WORK/monitor-$p.txt" &&
			return 0
	done
	return 1
}

# lease NS MAC FIELD [VID]: one field of the lease, from `lease show -j`
lease()
{
	lease_field "$1" "$2" "$3" "${4:-0}"
}

# has_lease NS MAC [VID]
has_lease()
{
	[ -n "$(lease "$1" "$2" addr "${3:-0}")" ]
}

# expect_lease P N FIELD VALUE: field of client N's lease in topology P
expect_lease()
{
	local p=$1 n=$2 f=$3 want=$4 v

	v=$(lease "$p-sw" "${MAC[$p-$n]}" "$f" "${VID[$p]}")
	[ "$v" = "$want" ]
	check_err $? "$p-c$n: lease $f is '$v', expected '$want'"
}

expect_stat()	# expect_stat NS NAME VALUE [DEV]
{
	local v

	v=$(stat "$1" "$2" "${4:-}")
	[ "${v:-x}" = "$3" ]
	check_err $? "$1 ${4:+$4 }$2 = ${v:-none}, expected $3"
}

leases_learned()
{
	local p n a cid

	for p in $PREFIXES; do
		udhcpc_run "$p-c1" c1
		check_err $? "$p-c1 (udhcpc) got no lease"
		dhclient_run "$p-c2" c2
		check_err $? "$p-c2 (dhclient) got no lease"
		for n in 1 2; do
			a=$(addr_of "$p-c$n" "c$n")
			cid=$CID1
			[ "$n" = 2 ] && cid=br0:vcl2
			[ "${VID[$p]}" != 0 ] && [ "$n" = 2 ] && cid+=":${VID[$p]}"
			expect_lease "$p" "$n" addr "${a:-none}"
			expect_lease "$p" "$n" ifname "vcl$n"
			expect_lease "$p" "$n" vlan "${VID[$p]}"
			expect_lease "$p" "$n" master br0
			expect_lease "$p" "$n" circuit_id "$cid"
			expect_lease "$p" "$n" server "${SUBNET[$p]}.1"
			expect_lease "$p" "$n" lease_time 3600
			l2ractl "$p-sw" lease show |
				grep -q "^${MAC[$p-$n]} vlan ${VID[$p]} addr $a dev vcl$n "
			check_err $? "$p-c$n: no text line for its lease"
		done
		expect_stat "$p-sw" lease_new 2
		expect_stat "$p-sw" lease_new 1 vcl1
		log_test "${SERVER[$p]}: leases learned with port, address, VLAN ${VID[$p]}"
		l2ractl "$p-sw" lease show | sed 's/^/    /'
	done
}

# dhclient_release NS: dhclient -r on c2, sends a DHCPRELEASE
dhclient_release()
{
	ip netns exec "$1" dhclient -4 -r \
		-sf "$L2RA_ROOT/selftests/dhclient.script" \
		-lf "$WORK/dhclient-$1.leases" -pf "$WORK/dhclient-$1.pid" c2 \
		>>"$WORK/dhclient-$1.log" 2>&1
}

release_removes()
{
	local p

	for p in $PREFIXES; do
		dhclient_release "$p-c2"
		wait_for 5 eval "! has_lease $p-sw ${MAC[$p-2]} ${VID[$p]}"
		check_err $? "$p-c2: lease still there after dhclient -r"
		has_lease "$p-sw" "${MAC[$p-1]}" "${VID[$p]}"
		check_err $? "$p-c1: its lease went too"
		expect_stat "$p-sw" lease_release 1
		expect_stat "$p-sw" lease_release 1 vcl2
		log_test "${SERVER[$p]}: DHCPRELEASE (dhclient -r) removes the lease"
	done
}

expiry_removes()
{
	local lt

	udhcpc_run exp-c1 c1	# -q -n: exits with the lease, never renews
	check_err $? "exp-c1 got no lease"
	lt=$(lease exp-sw "${MAC[exp-1]}" lease_time)
	[ "$lt" = 10 ]
	check_err $? "lease time is '$lt', expected 10"
	wait_for 30 eval "! has_lease exp-sw ${MAC[exp-1]}"
	check_err $? "the 10-second lease is still there after 30 s"
	expect_stat exp-sw lease_expire 1
	expect_stat exp-sw lease_expire 1 vcl1
	grep -q "^expire ${MAC[exp-1]} " "$WORK/monitor-exp.txt"
	check_err $? "no expire event"
	log_test "ISC dhcpd: a 10-second lease expires without renewal"
}

# expect_added NS MAC FIELD VALUE [VID]
expect_added()
{
	local v

	v=$(lease "$1" "$2" "$3" "${5:-0}")
	[ "$v" = "$4" ]
	check_err $? "added lease $2: $3 is '$v', expected '$4'"
}

lease_add_by_ifname()
{
	local e m=02:00:00:00:01:01

	l2ractl dm-sw lease add mac "$m" addr 192.0.2.201 expires 500 dev vcl3
	check_err $? "lease add by ifname failed"
	expect_added dm-sw "$m" ifname vcl3
	expect_added dm-sw "$m" addr 192.0.2.201
	expect_added dm-sw "$m" lease_time 500
	e=$(lease dm-sw "$m" expires)
	[ -n "$e" ] && [ "$e" -le 500 ] && [ "$e" -ge 470 ]
	check_err $? "expires is '$e', expected 470..500"
	log_test "lease add by ifname keeps the remaining lifetime"
}

lease_add_by_circuit_id()
{
	local e m=02:00:00:00:01:02

	l2ractl dm-sw lease add mac "$m" addr 192.0.2.202 expires 300 \
		lease-time 3600 server 192.0.2.1 circuit-id "$CID1"
	check_err $? "lease add by circuit-id failed"
	expect_added dm-sw "$m" ifname vcl1
	expect_added dm-sw "$m" circuit_id "$CID1"
	expect_added dm-sw "$m" lease_time 3600
	expect_added dm-sw "$m" server 192.0.2.1
	e=$(lease dm-sw "$m" expires)
	[ -n "$e" ] && [ "$e" -le 300 ] && [ "$e" -ge 270 ]
	check_err $? "expires is '$e', expected 270..300"
	# a default circuit-id with its VLAN, in a given bridge
	l2ractl isc-sw lease add mac "$m" vlan 20 addr 198.51.100.202 \
		expires 200 circuit-id br0:vcl3:20 master br0
	check_err $? "lease add by default circuit-id failed"
	expect_added isc-sw "$m" ifname vcl3 20
	expect_added isc-sw "$m" circuit_id br0:vcl3:20 20
	! l2ractl dm-sw lease add mac "$m" addr 192.0.2.203 expires 300 \
		circuit-id no-such-port 2>/dev/null
	check_err $? "lease add with an unknown circuit-id succeeded"
	log_test "lease add by circuit-id finds the port, keeps the lifetime"
}

namespace_limit()
{
	local n full

	dhclient_run dm-c2 c2
	check_err $? "dm-c2 got no lease again"
	has_lease dm-sw "${MAC[dm-2]}"
	check_err $? "dm-c2 has no lease before the limit is set"
	n=$(l2ractl dm-sw -j config show | jq -r .lease_count)
	l2ractl dm-sw config set lease-max "$n"
	check_err $? "config set lease-max failed"
	! l2ractl dm-sw lease add mac 02:00:00:00:01:03 addr 192.0.2.204 \
		expires 300 dev vcl2 2>/dev/null
	check_err $? "lease add beyond lease-max succeeded"
	full=$(stat dm-sw lease_full)
	udhcpc_run dm-c3 c3
	check_err $? "dm-c3 got no address with the table full"
	! has_lease dm-sw "${MAC[dm-3]}"
	check_err $? "dm-c3 got a lease beyond lease-max"
	expect_stat dm-sw lease_full $((full + 1))
	# A known client renews, and a release goes through.
	udhcpc_run dm-c1 c1
	check_err $? "dm-c1 could not renew with the table full"
	has_lease dm-sw "${MAC[dm-1]}"
	check_err $? "dm-c1 lost its lease renewing with the table full"
	expect_stat dm-sw lease_renew 1
	dhclient_release dm-c2
	wait_for 5 eval "! has_lease dm-sw ${MAC[dm-2]}"
	check_err $? "dm-c2's release was not processed with the table full"
	expect_stat dm-sw lease_release 2
	l2ractl dm-sw config set lease-max 65536
	log_test "namespace lease-max: refused and counted, release still works"
}

port_limit()
{
	local v

	l2ractl dm-sw port set dev vcl3 lease-max 1	# vcl3 has one lease
	v=$(l2ractl dm-sw -j port show dev vcl3 | jq -r '.. | .lease_count? // empty' | head -1)
	[ "$v" = 1 ]
	check_err $? "vcl3 lease_count is '$v', expected 1"
	! l2ractl dm-sw lease add mac 02:00:00:00:01:04 addr 192.0.2.205 \
		expires 300 dev vcl3 2>/dev/null
	check_err $? "a second lease on vcl3 (lease-max 1) was added"
	l2ractl dm-sw lease add mac 02:00:00:00:01:04 addr 192.0.2.205 \
		expires 300 dev vcl2
	check_err $? "a lease on vcl2 was refused"
	l2ractl dm-sw port set dev vcl3 lease-max 0
	log_test "port lease-max refuses leases on that port only"
}

port_removal_deletes()
{
	ip -n dm-sw link del vcl3
	! has_lease dm-sw 02:00:00:00:01:01
	check_err $? "the lease of vcl3 survived its port"
	has_lease dm-sw 02:00:00:00:01:04
	check_err $? "a lease of vcl2 went with vcl3"
	grep -q "^del 02:00:00:00:01:01 .*dev vcl3" "$WORK/monitor-dm.txt"
	check_err $? "no del event for the lease of vcl3"
	ip -n isc-sw link set vcl3 nomaster
	! has_lease isc-sw 02:00:00:00:01:02 20
	check_err $? "the lease of isc vcl3 survived it leaving the bridge"
	log_test "a deleted port, or one leaving its bridge, loses its leases"
}

lease_del_and_flush()
{
	local n

	l2ractl dm-sw lease del mac 02:00:00:00:01:04
	check_err $? "lease del failed"
	! has_lease dm-sw 02:00:00:00:01:04
	check_err $? "the lease is still there after lease del"
	! l2ractl dm-sw lease del mac 02:00:00:00:01:04 2>/dev/null
	check_err $? "deleting a missing lease succeeded"
	l2ractl dm-sw lease flush master br0
	check_err $? "lease flush failed"
	n=$(l2ractl dm-sw -j config show | jq -r .lease_count)
	[ "$n" = 0 ]
	check_err $? "$n leases left after flush"
	log_test "lease del and lease flush"
}

monitor_events()
{
	local p ev n

	for p in $PREFIXES; do
		for ev in "new ${MAC[$p-1]}" "new ${MAC[$p-2]}" \
			  "release ${MAC[$p-2]}" "add 02:00:00:00:01:02"; do
			grep -q "^$ev " "$WORK/monitor-$p.txt"
			check_err $? "$p: no '$ev' event"
		done
	done
	for ev in "update ${MAC[dm-1]}" "add 02:00:00:00:01:01" \
		  "del 02:00:00:00:01:04" "del ${MAC[dm-1]}"; do
		grep -q "^$ev " "$WORK/monitor-dm.txt"
		check_err $? "dm: no '$ev' event"
	done
	n=$(grep -c "^release ${MAC[dm-2]} " "$WORK/monitor-dm.txt")
	[ "$n" = 2 ]
	check_err $? "dm: $n release events for dm-c2, expected 2"
	n=$(grep -c "^del ${MAC[dm-1]} " "$WORK/monitor-dm.txt")
	[ "$n" = 1 ]
	check_err $? "dm: $n del events for dm-c1 (flush), expected 1"
	log_test "monitor shows new, update, release, expire, add, del events"
	sed 's/^/    /' "$WORK/monitor-dm.txt"
}

setup
run_all
