#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The relay on a VLAN-filtering bridge: subscriber ports in different VLANs
# by PVID (untagged clients c1, c2) and by tag (c3 sends on a VLAN
# subinterface), a trusted trunk carrying VLANs 10, 20 and 30 tagged to a
# server with one subinterface and one address range per VLAN.  c4 shares
# VLAN 10 with c1 and asks for broadcast replies, so only l2ra keeps its
# replies from vcl1.  The default circuit-id carries the VID
# ("br0:<port>:<vid>") and replies go back to the right port in the right
# VLAN.
#
#   +-- srv -----------------------+     +-- sw: br0 vlan_filtering 1 (l2ra) --+
#   | srv0.10 10.0.10.1/24         |     | vsrv trusted, tagged 10 20 30       |
#   | srv0.20 10.0.20.1/24   srv0  +-----+                                     |
#   | srv0.30 10.0.30.1/24         |     | vcl1 pvid 10   vcl2 pvid 20   vcl3  |
#   | dnsmasq, a range per VLAN    |     | untagged       untagged   30 tagged |
#   +------------------------------+     | vcl4 pvid 10 untagged               |
#                                        +-+-------+--------------+--------+---+
#                                          |       |              |        |
#                           +-- c4 --------+-+  +--+- c1 ---+  +--+- c2 +  +-- c3 -+----------+
#                           | c4 udhcpc -B   |  | c1 udhcpc |  | udhcpc |  | c3.30 udhcpc -B  |
#                           +----------------+  +-----------+  +--------+  +------------------+
ALL_TESTS="
	leases_in_own_vlan
	circuit_id_has_vid
	replies_only_on_own_port
	clients_see_no_opt82
	clients_reach_server
	counters_match_captures
"
source "$(dirname "$0")/lib.sh"
require_cmd dnsmasq busybox tcpdump bridge

CLIENTS="1 2 3 4"
declare -A VID=([1]=10 [2]=20 [3]=30 [4]=10)
declare -A IFC=([1]=c1 [2]=c2 [3]=c3.30 [4]=c4)
declare -A MAC
FILTER='udp port 67 or udp port 68 or (vlan and (udp port 67 or udp port 68))'

setup()
{
	local n v

	l2ra_load
	ns_create srv sw c1 c2 c3 c4
	br_create sw br0 vlan_filtering 1
	port_add sw br0 vsrv srv srv0
	for n in $CLIENTS; do
		port_add sw br0 "vcl$n" "c$n" "c$n"
		ip netns exec sw bridge vlan del dev "vcl$n" vid 1
	done
	ip netns exec sw bridge vlan del dev vsrv vid 1
	ip netns exec sw bridge vlan add dev vcl1 vid 10 pvid untagged
	ip netns exec sw bridge vlan add dev vcl2 vid 20 pvid untagged
	ip netns exec sw bridge vlan add dev vcl3 vid 30
	ip netns exec sw bridge vlan add dev vcl4 vid 10 pvid untagged
	for v in 10 20 30; do
		ip netns exec sw bridge vlan add dev vsrv vid "$v"
		ip -n srv link add link srv0 name "srv0.$v" type vlan id "$v"
		ip -n srv link set "srv0.$v" up
		ip -n srv addr add "10.0.$v.1/24" dev "srv0.$v"
	done
	ip -n c3 link add link c3 name c3.30 type vlan id 30
	ip -n c3 link set c3.30 up
	for n in $CLIENTS; do
		MAC[$n]=$(mac_of "c$n" "${IFC[$n]}")
	done
	ip netns exec sw bridge vlan show

	if ! { l2ractl sw bridge set dev br0 relay on &&
		l2ractl sw port set dev vsrv role trusted &&
		l2ractl sw port set dev vcl1 &&
		l2ractl sw port set dev vcl2 &&
		l2ractl sw port set dev vcl3 &&
		l2ractl sw port set dev vcl4; }; then
		fail_all "cannot configure the relay on br0"
	fi
	dnsmasq_start srv srv0.10 10.0.10.100 10.0.10.150 \
		--interface=srv0.20 --interface=srv0.30 \
		--dhcp-range=10.0.20.100,10.0.20.150,255.255.255.0,1h \
		--dhcp-range=10.0.30.100,10.0.30.150,255.255.255.0,1h ||
		fail_all "dnsmasq did not start"
	capture_start srv srv0 srv "$FILTER"
	for n in $CLIENTS; do
		capture_start "c$n" "c$n" "c$n" "$FILTER"
	done
}

leases_in_own_vlan()
{
	local n a

	udhcpc_run c1 c1
	check_err $? "c1 got no lease"
	udhcpc_run c2 c2
	check_err $? "c2 got no lease"
	udhcpc_run c3 c3.30 -B
	check_err $? "c3 (tagged, VLAN 30) got no lease"
	udhcpc_run c4 c4 -B
	check_err $? "c4 (VLAN 10 like c1, udhcpc -B) got no lease"
	capture_stop_all
	for n in $CLIENTS; do
		a=$(addr_of "c$n" "${IFC[$n]}")
		echo "c$n (VLAN ${VID[$n]}) got ${a:-nothing}"
		[[ $a == 10.0.${VID[$n]}.* ]]
		check_err $? "c$n has no address from VLAN ${VID[$n]}'s range: '$a'"
	done
	log_test "each client gets a lease from its VLAN's range"
}

circuit_id_has_vid()
{
	local n all good cid

	for n in $CLIENTS; do
		cid="br0:vcl$n:${VID[$n]}"
		all=$(dhcp_count srv op=1 "chaddr=${MAC[$n]}")
		good=$(dhcp_count srv op=1 "chaddr=${MAC[$n]}" "vid=${VID[$n]}" \
			n82=1 "cid=$(hexstr "$cid")")
		[ "$all" -ge 2 ] && [ "$good" -eq "$all" ]
		check_err $? "c$n: $good of $all client messages at the server are in VLAN ${VID[$n]} with circuit-id \"$cid\""
		[ "$good" -eq "$all" ] ||
			grep "chaddr=${MAC[$n]}" "$WORK/srv.dhcp" | grep op=1 | head -n 2
	done
	log_test "circuit-id is \"br0:<port>:<vid>\" for PVID and tagged clients"
}

replies_only_on_own_port()
{
	local n m t k

	for n in $CLIENTS; do
		for t in 2 5; do
			k=$(dhcp_count "c$n" op=2 "type=$t" "chaddr=${MAC[$n]}")
			[ "$k" -ge 1 ]
			check_err $? "c$n: no DHCP message type $t for it on its own port"
		done
		for m in $CLIENTS; do
			[ "$m" = "$n" ] && continue
			k=$(dhcp_count "c$m" "chaddr=${MAC[$n]}")
			[ "$k" -eq 0 ]
			check_err $? "$k DHCP packets of c$n appear on vcl$m"
		done
	done
	# c3's replies must come tagged with VLAN 30, c1's and c2's untagged.
	k=$(dhcp_count c3 op=2 "chaddr=${MAC[3]}" '!vid=30')
	[ "$k" -eq 0 ]
	check_err $? "$k replies reach c3 outside VLAN 30"
	for n in 1 2 4; do
		k=$(dhcp_count "c$n" op=2 '!vid=-')
		[ "$k" -eq 0 ]
		check_err $? "$k tagged replies reach c$n"
	done
	log_test "replies only on the client's port, in its VLAN"
}

clients_see_no_opt82()
{
	local n k

	for n in $CLIENTS; do
		k=$(dhcp_count "c$n" '!n82=0')
		[ "$k" -eq 0 ]
		check_err $? "$k packets on c$n carry option 82"
	done
	log_test "clients never see option 82"
}

clients_reach_server()
{
	local n

	for n in $CLIENTS; do
		ip netns exec "c$n" busybox ping -c 1 -W 3 "10.0.${VID[$n]}.1" >/dev/null
		check_err $? "c$n cannot ping 10.0.${VID[$n]}.1"
	done
	log_test "every client pings the server in its VLAN"
}

expect_stat()	# expect_stat PORT NAME VALUE
{
	local v

	v=$(stat sw "$2" "$1")
	[ "${v:-x}" = "$3" ]
	check_err $? "$1 $2 = ${v:-none}, captures say $3"
}

counters_match_captures()
{
	local n m others bcast

	for n in $CLIENTS; do
		# Copies kept from vclN: the broadcast client messages and
		# replies of the other clients of its VLAN.
		others=0
		bcast=0
		for m in $CLIENTS; do
			[ "$m" = "$n" ] || [ "${VID[$m]}" != "${VID[$n]}" ] && continue
			others=$((others + $(dhcp_count "c$m" op=1 \
				"chaddr=${MAC[$m]}" dst=ff:ff:ff:ff:ff:ff)))
			bcast=$((bcast + $(dhcp_count srv op=2 n82=1 \
				"chaddr=${MAC[$m]}" dst=ff:ff:ff:ff:ff:ff)))
		done
		expect_stat "vcl$n" req_added "$(dhcp_count "c$n" op=1 "chaddr=${MAC[$n]}")"
		expect_stat "vcl$n" reply_steered "$(dhcp_count srv op=2 "chaddr=${MAC[$n]}" n82=1)"
		expect_stat "vcl$n" reply_stripped "$(dhcp_count "c$n" op=2 "chaddr=${MAC[$n]}")"
		expect_stat "vcl$n" req_not_uplink "$others"
		expect_stat "vcl$n" reply_not_target "$bcast"
	done
	log_test "req_added, reply_steered/stripped, *_not_* match the captures"
	l2ractl sw -s port show | sed 's/^/    /'
}

setup
run_all
