#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Reply steering without an echo: busybox udhcpd ignores option 82 and does
# not echo it, so l2ra can only steer its replies by the transaction table
# (xid + chaddr of the client message).  udhcpd sends its replies as L2
# broadcasts, so without steering every subscriber port would see them.
#
#   +-- srv ---------+     +-- sw: br0 (l2ra) ---------------+
#   | srv0 192.0.2.1 +-----+ vsrv (trusted)                  |
#   | busybox udhcpd |     |     vcl1       vcl2       vcl3  |
#   +----------------+     +------+-----------+----------+---+
#                                 |           |          |
#                          +-- c1 +--+ +-- c2 +--+ +-- c3 +------+
#                          | udhcpc  | | udhcpc  | | udhcpc -B   |
#                          +---------+ +---------+ +-------------+
ALL_TESTS="
	leases_obtained
	server_does_not_echo
	replies_only_on_own_port
	clients_see_no_opt82
	counters_match_captures
"
source "$(dirname "$0")/lib.sh"
require_cmd busybox tcpdump

CLIENTS="1 2 3"
declare -A MAC

setup()
{
	l2ra_load
	star_topology 3
	ip -n srv addr add 192.0.2.1/24 dev srv0
	if ! { l2ractl sw bridge set dev br0 relay on &&
		l2ractl sw port set dev vsrv role trusted &&
		l2ractl sw port set dev vcl1 &&
		l2ractl sw port set dev vcl2 &&
		l2ractl sw port set dev vcl3; }; then
		fail_all "cannot configure the relay on br0"
	fi
	udhcpd_start srv srv0 192.0.2.100 192.0.2.150 || fail_all "udhcpd did not start"
	capture_start srv srv0 srv
	for n in $CLIENTS; do
		capture_start "c$n" "c$n" "c$n"
	done
}

leases_obtained()
{
	local n a

	udhcpc_run c1 c1
	check_err $? "c1 got no lease"
	udhcpc_run c2 c2
	check_err $? "c2 got no lease"
	udhcpc_run c3 c3 -B
	check_err $? "c3 (udhcpc -B) got no lease"
	for n in $CLIENTS; do
		a=$(addr_of "c$n" "c$n")
		echo "c$n got ${a:-nothing}"
		[[ $a == 192.0.2.* ]]
		check_err $? "c$n has no address from udhcpd: '$a'"
	done
	capture_stop_all
	log_test "udhcpd: every client gets a lease"
}

server_does_not_echo()
{
	local req rep

	req=$(dhcp_count srv op=1 n82=1)
	rep=$(dhcp_count srv op=2 '!n82=0')
	[ "$req" -ge 6 ]
	check_err $? "only $req client messages with option 82 at the server"
	[ "$rep" -eq 0 ]
	check_err $? "$rep udhcpd replies carry option 82: not a no-echo test"
	log_test "server gets option 82, its replies carry none"
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
			k=$(dhcp_count "c$m" op=2 "chaddr=${MAC[$n]}")
			[ "$k" -eq 0 ]
			check_err $? "$k replies for c$n appear on vcl$m"
		done
	done
	log_test "replies steered by transaction to the client's port only"
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

expect_stat()	# expect_stat PORT NAME VALUE
{
	local v

	v=$(stat sw "$2" "$1")
	[ "${v:-x}" = "$3" ]
	check_err $? "$1 $2 = ${v:-none}, captures say $3"
}

counters_match_captures()
{
	local n m replies bcast

	for n in $CLIENTS; do
		replies=$(dhcp_count srv op=2 "chaddr=${MAC[$n]}")
		bcast=0
		for m in $CLIENTS; do
			[ "$m" = "$n" ] && continue
			bcast=$((bcast + $(dhcp_count srv op=2 "chaddr=${MAC[$m]}" \
				dst=ff:ff:ff:ff:ff:ff)))
		done
		expect_stat "vcl$n" req_added "$(dhcp_count "c$n" op=1 "chaddr=${MAC[$n]}")"
		expect_stat "vcl$n" reply_xid_steered "$replies"
		expect_stat "vcl$n" reply_not_target "$bcast"
		expect_stat "vcl$n" reply_steered 0
		expect_stat "vcl$n" reply_stripped 0
	done
	[ "$(stat sw reply_unknown)" = 0 ]
	check_err $? "reply_unknown = $(stat sw reply_unknown), expected 0"
	log_test "reply_xid_steered and reply_not_target match the captures"
	l2ractl sw -s port show | sed 's/^/    /'
}

setup
run_all
