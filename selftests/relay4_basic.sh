#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Basic DHCPv4 relay (draft-joshi-dhc-l2ra 4.1.1, 5.1, 5.2): two copies of
# one topology, one served by dnsmasq (prefix dm-), one by ISC dhcpd (prefix
# isc-); both servers echo option 82 with giaddr 0.  Three subscriber ports,
# vcl1 with a configured circuit-id, vcl2 and vcl3 with the default
# "br0:<port>".  c1 runs busybox udhcpc, c2 ISC dhclient, c3 udhcpc -B
# (broadcast flag: the server's replies are L2 broadcasts that only l2ra
# keeps from the other subscriber ports).
#
#   +-- P-srv -------+     +-- P-sw: br0 (l2ra) ---------------+
#   | srv0 SUBNET.1  +-----+ vsrv (trusted)                    |
#   | dnsmasq/dhcpd  |     |   vcl1 "cpe-1/port-1"  vcl2  vcl3 |
#   +----------------+     +-----+-------------------+-----+---+
#                                |                   |     |
#                 +-- P-c1 ------+--+  +-- P-c2 -----+-+ +-+-- P-c3 ------+
#                 | c1 udhcpc       |  | c2 dhclient   | | c3 udhcpc -B   |
#                 +-----------------+  +---------------+ +----------------+
#
# Captures on srv0 and on c1..c3 during the exchanges are decoded with
# pcap_dhcp (exact octets of the option-82 sub-options).
ALL_TESTS="
	leases_obtained
	server_sees_circuit_id
	server_sees_remote_id
	server_sees_relay_id
	clients_see_no_opt82
	replies_only_on_own_port
	requests_only_to_uplink
	clients_reach_server
	counters_match_captures
"
source "$(dirname "$0")/lib.sh"
require_cmd dnsmasq dhcpd dhclient busybox tcpdump

PREFIXES="dm isc"
CLIENTS="1 2 3"
declare -A SUBNET=([dm]=192.0.2 [isc]=198.51.100)
declare -A SERVER=([dm]=dnsmasq [isc]="ISC dhcpd")
declare -A CID=([1]="cpe-1/port-1" [2]="br0:vcl2" [3]="br0:vcl3")
declare -A MAC	# [P-N]: the MAC of client N of topology P
declare -A BRMAC	# [P]: the MAC of P-sw's br0

setup_one()
{
	local p=$1 net=${SUBNET[$1]} n

	ns_create "$p-srv" "$p-sw" "$p-c1" "$p-c2" "$p-c3"
	br_create "$p-sw" br0
	port_add "$p-sw" br0 vsrv "$p-srv" srv0
	for n in $CLIENTS; do
		port_add "$p-sw" br0 "vcl$n" "$p-c$n" "c$n"
		MAC[$p-$n]=$(mac_of "$p-c$n" "c$n")
	done
	ip -n "$p-srv" addr add "$net.1/24" dev srv0

	l2ractl "$p-sw" bridge set dev br0 relay on || return 1
	l2ractl "$p-sw" port set dev vsrv role trusted || return 1
	l2ractl "$p-sw" port set dev vcl1 circuit-id "${CID[1]}" || return 1
	l2ractl "$p-sw" port set dev vcl2 || return 1	# entry: per-port counters
	l2ractl "$p-sw" port set dev vcl3 || return 1
	BRMAC[$p]=$(mac_of "$p-sw" br0)

	if [ "$p" = dm ]; then
		dnsmasq_start "$p-srv" srv0 "$net.100" "$net.150" || return 1
	else
		dhcpd_start "$p-srv" srv0 "$net.0" "$net.100" "$net.150" || return 1
	fi
	capture_start "$p-srv" srv0 "$p-srv"
	for n in $CLIENTS; do
		capture_start "$p-c$n" "c$n" "$p-c$n"
	done
}

setup()
{
	local p

	l2ra_load
	for p in $PREFIXES; do
		setup_one "$p" || fail_all "could not set up the $p topology (relay configuration or server)"
	done
}

leases_obtained()
{
	local p n a seen

	for p in $PREFIXES; do
		udhcpc_run "$p-c1" c1
		check_err $? "$p-c1 (udhcpc) got no lease"
		dhclient_run "$p-c2" c2
		check_err $? "$p-c2 (dhclient) got no lease"
		udhcpc_run "$p-c3" c3 -B
		check_err $? "$p-c3 (udhcpc -B) got no lease"
		seen=
		for n in $CLIENTS; do
			a=$(addr_of "$p-c$n" "c$n")
			echo "${SERVER[$p]}: $p-c$n got ${a:-nothing}"
			case $a in
			"${SUBNET[$p]}".*) ;;
			*) check_err 1 "$p-c$n has no address from ${SERVER[$p]}: '$a'" ;;
			esac
			[[ -z $a || " $seen " != *" $a "* ]]
			check_err $? "$p-c$n got $a, which another client has too"
			seen+=" $a"
		done
		log_test "${SERVER[$p]}: every client gets a lease"
	done
	capture_stop_all
}

# expect_requests P N WHAT TOKEN: every client message of client N in the
# server capture has TOKEN, and there are at least two (DISCOVER, REQUEST)
expect_requests()
{
	local p=$1 n=$2 what=$3 tok=$4 all good

	all=$(dhcp_count "$p-srv" op=1 "chaddr=${MAC[$p-$n]}")
	good=$(dhcp_count "$p-srv" op=1 "chaddr=${MAC[$p-$n]}" n82=1 "$tok")
	[ "$all" -ge 2 ] && [ "$good" -eq "$all" ]
	check_err $? "$p-c$n: $good of $all client messages at the server have $what ($tok)"
}

server_sees_circuit_id()
{
	local p n

	for p in $PREFIXES; do
		for n in $CLIENTS; do
			expect_requests "$p" "$n" "circuit-id \"${CID[$n]}\"" \
				"cid=$(hexstr "${CID[$n]}")"
		done
		log_test "${SERVER[$p]}: server sees option 82 with each port's circuit-id"
	done
}

server_sees_remote_id()
{
	local p n

	for p in $PREFIXES; do
		for n in $CLIENTS; do
			expect_requests "$p" "$n" "remote-id = bridge MAC" \
				"rid=${BRMAC[$p]}"
		done
		log_test "${SERVER[$p]}: remote-id is the bridge MAC (${BRMAC[$p]})"
	done
}

server_sees_relay_id()
{
	local p n

	for p in $PREFIXES; do
		for n in $CLIENTS; do
			expect_requests "$p" "$n" "relay-id DUID-LL of the bridge MAC" \
				"relay=00:03:00:01:${BRMAC[$p]}"
		done
		log_test "${SERVER[$p]}: relay-id (82.12) is DUID-LL 00:03:00:01:<br0 MAC>"
	done
}

clients_see_no_opt82()
{
	local p n replies with82

	for p in $PREFIXES; do
		for n in $CLIENTS; do
			replies=$(dhcp_count "$p-c$n" op=2)
			with82=$(dhcp_count "$p-c$n" '!n82=0')
			[ "$replies" -ge 2 ]
			check_err $? "$p-c$n: only $replies replies captured on the client"
			[ "$with82" -eq 0 ]
			check_err $? "$p-c$n: $with82 packets on the client carry option 82"
		done
		log_test "${SERVER[$p]}: clients never see option 82"
	done
}

replies_only_on_own_port()
{
	local p n m k t

	for p in $PREFIXES; do
		for n in $CLIENTS; do
			for t in 2 5; do
				k=$(dhcp_count "$p-c$n" op=2 "type=$t" "chaddr=${MAC[$p-$n]}")
				[ "$k" -ge 1 ]
				check_err $? "$p-c$n: no DHCP message type $t for it on its own port"
			done
			for m in $CLIENTS; do
				[ "$m" = "$n" ] && continue
				k=$(dhcp_count "$p-c$m" op=2 "chaddr=${MAC[$p-$n]}")
				[ "$k" -eq 0 ]
				check_err $? "$k replies for $p-c$n appear on vcl$m"
			done
		done
		log_test "${SERVER[$p]}: OFFER/ACK only on the client's own port"
	done
}

requests_only_to_uplink()
{
	local p n m k t

	for p in $PREFIXES; do
		for n in $CLIENTS; do
			for m in $CLIENTS; do
				[ "$m" = "$n" ] && continue
				k=$(dhcp_count "$p-c$m" op=1 "chaddr=${MAC[$p-$n]}")
				[ "$k" -eq 0 ]
				check_err $? "$k client messages of $p-c$n reach vcl$m"
			done
		done
		log_test "${SERVER[$p]}: DISCOVER/REQUEST never reach other subscriber ports"
	done
}

clients_reach_server()
{
	local p n

	for p in $PREFIXES; do
		for n in $CLIENTS; do
			ip netns exec "$p-c$n" busybox ping -c 1 -W 3 "${SUBNET[$p]}.1" >/dev/null
			check_err $? "$p-c$n cannot ping the server"
		done
		log_test "${SERVER[$p]}: every client pings the server"
	done
}

# expect_stat P PORT NAME VALUE: port counter NAME of P-sw's PORT is VALUE
expect_stat()
{
	local v

	v=$(stat "$1-sw" "$3" "$2")
	[ "${v:-x}" = "$4" ]
	check_err $? "$1 $2 $3 = ${v:-none}, captures say $4"
}

counters_match_captures()
{
	local p n m sent got steered others bcast v name

	for p in $PREFIXES; do
		for n in $CLIENTS; do
			sent=$(dhcp_count "$p-c$n" op=1 "chaddr=${MAC[$p-$n]}")
			got=$(dhcp_count "$p-c$n" op=2 "chaddr=${MAC[$p-$n]}")
			steered=$(dhcp_count "$p-srv" op=2 "chaddr=${MAC[$p-$n]}" n82=1)
			others=0
			bcast=0
			for m in $CLIENTS; do
				[ "$m" = "$n" ] && continue
				others=$((others + $(dhcp_count "$p-c$m" op=1 \
					"chaddr=${MAC[$p-$m]}" dst=ff:ff:ff:ff:ff:ff)))
				bcast=$((bcast + $(dhcp_count "$p-srv" op=2 n82=1 \
					"chaddr=${MAC[$p-$m]}" dst=ff:ff:ff:ff:ff:ff)))
			done
			expect_stat "$p" "vcl$n" req_added "$sent"
			expect_stat "$p" "vcl$n" reply_steered "$steered"
			expect_stat "$p" "vcl$n" reply_stripped "$got"
			expect_stat "$p" "vcl$n" req_not_uplink "$others"
			expect_stat "$p" "vcl$n" reply_not_target "$bcast"
		done
		for name in reply_xid_steered reply_foreign reply_unknown \
			    drop_untrusted_server drop_spoofed_opt82 drop_chaddr \
			    drop_malformed drop_no_port drop_nomem drop_fragment \
			    drop_giaddr req_too_big; do
			v=$(stat "$p-sw" "$name")
			[ "${v:-x}" = 0 ]
			check_err $? "$p namespace $name = ${v:-none}, expected 0"
		done
		log_test "${SERVER[$p]}: l2ractl -j stats match the captures"
		echo "${SERVER[$p]} counters:"
		l2ractl "$p-sw" -s port show | sed 's/^/    /'
	done
}

setup
run_all
