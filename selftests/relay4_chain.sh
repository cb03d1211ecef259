#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Two l2ra bridges in a chain (draft-joshi-dhc-l2ra 4.1.1 steps 2 and 4,
# figure 3 style): br1 is the subscriber's relay; br2 sits between br1 and
# the server with both its ports trusted.  br1 adds option 82; br2 passes
# the client messages untouched (req_trusted) and the server's replies too,
# since their option 82 is br1's (reply_foreign); br1 strips it.
#
#  +-- c1 ------+   +-- sw1: br1 (l2ra) ----+   +-- sw2: br2 (l2ra) ---+   +-- srv ----------+
#  | c1 udhcpc  +---+ vcl1            vup   +---+ vdn            vsrv  +---+ srv0 192.0.2.1  |
#  +------------+   | (untrusted) (trusted) |   | (trusted)  (trusted) |   | dnsmasq         |
#  +-- c2 ------+   |                       |   +----------------------+   +-----------------+
#  | udhcpc -B  +---+ vcl2 "olt-7/2"        |
#  +------------+   +-----------------------+
#
# Captures: c1, c2, vup (between the bridges, in sw1) and srv0.
ALL_TESTS="
	leases_obtained
	server_sees_one_opt82_of_br1
	br2_forwards_requests_untouched
	br2_forwards_replies_untouched
	clients_see_no_opt82
	counters_br1
	counters_br2
"
source "$(dirname "$0")/lib.sh"
require_cmd dnsmasq busybox tcpdump

CLIENTS="1 2"
declare -A MAC
declare -A CID=([1]="br1:vcl1" [2]="olt-7/2")

setup()
{
	local n

	l2ra_load
	ns_create srv sw1 sw2 c1 c2
	br_create sw1 br1
	br_create sw2 br2
	port_add sw2 br2 vsrv srv srv0
	port_add sw1 br1 vup sw2 vdn
	ip -n sw2 link set vdn master br2 up
	for n in $CLIENTS; do
		port_add sw1 br1 "vcl$n" "c$n" "c$n"
		MAC[$n]=$(mac_of "c$n" "c$n")
	done
	ip -n srv addr add 192.0.2.1/24 dev srv0
	BR1MAC=$(mac_of sw1 br1)
	BR2MAC=$(mac_of sw2 br2)

	if ! { l2ractl sw1 bridge set dev br1 relay on &&
		l2ractl sw1 port set dev vup role trusted &&
		l2ractl sw1 port set dev vcl1 &&
		l2ractl sw1 port set dev vcl2 circuit-id "${CID[2]}" &&
		l2ractl sw2 bridge set dev br2 relay on &&
		l2ractl sw2 port set dev vdn role trusted &&
		l2ractl sw2 port set dev vsrv role trusted; }; then
		fail_all "cannot configure the relays"
	fi
	dnsmasq_start srv srv0 192.0.2.100 192.0.2.150 || fail_all "dnsmasq did not start"
	capture_start srv srv0 srv
	capture_start sw1 vup vup
	for n in $CLIENTS; do
		capture_start "c$n" "c$n" "c$n"
	done
}

leases_obtained()
{
	local n a

	udhcpc_run c1 c1
	check_err $? "c1 got no lease"
	udhcpc_run c2 c2 -B
	check_err $? "c2 (udhcpc -B) got no lease"
	for n in $CLIENTS; do
		a=$(addr_of "c$n" "c$n")
		echo "c$n got ${a:-nothing}"
		[[ $a == 192.0.2.* ]]
		check_err $? "c$n has no address: '$a'"
	done
	capture_stop_all
	log_test "clients get a lease through two relays"
}

server_sees_one_opt82_of_br1()
{
	local n all good

	for n in $CLIENTS; do
		all=$(dhcp_count srv op=1 "chaddr=${MAC[$n]}")
		good=$(dhcp_count srv op=1 "chaddr=${MAC[$n]}" n82=1 \
			"cid=$(hexstr "${CID[$n]}")" "rid=$BR1MAC" \
			"relay=00:03:00:01:$BR1MAC")
		[ "$all" -ge 2 ] && [ "$good" -eq "$all" ]
		check_err $? "c$n: $good of $all client messages at the server have exactly one option 82 with br1's ids"
	done
	log_test "server sees exactly one option 82: br1's circuit-id and relay-id"
}

# xid_o82 CAPTURE OP: "xid o82" of every packet with OP, sorted
xid_o82()
{
	dhcp_count "$1" >/dev/null	# decode
	awk -v op="op=$2" '$1 == op {
		for (i = 4; i <= NF; i++)
			if ($i ~ /^o82=/)
				print $3, $i
	}' "$WORK/$1.dhcp" | sort
}

br2_forwards_requests_untouched()
{
	local a b

	a=$(xid_o82 vup 1)
	b=$(xid_o82 srv 1)
	[ -n "$a" ] && [ "$a" = "$b" ]
	check_err $? "client messages differ between br1's uplink and the server"
	[ "$a" = "$b" ] || diff <(echo "$a") <(echo "$b") | head -n 20
	log_test "br2 forwards the client messages untouched"
}

br2_forwards_replies_untouched()
{
	local a b

	a=$(xid_o82 srv 2)
	b=$(xid_o82 vup 2)
	[ -n "$a" ] && [ "$a" = "$b" ]
	check_err $? "replies differ between the server and br1's uplink"
	[ "$a" = "$b" ] || diff <(echo "$a") <(echo "$b") | head -n 20
	[ "$(dhcp_count vup op=2 n82=1 "relay=00:03:00:01:$BR1MAC")" -ge 4 ]
	check_err $? "fewer than 4 replies with br1's option 82 reach br1"
	log_test "br2 forwards the replies with br1's option 82 untouched"
}

clients_see_no_opt82()
{
	local n k r

	for n in $CLIENTS; do
		k=$(dhcp_count "c$n" '!n82=0')
		r=$(dhcp_count "c$n" op=2 "chaddr=${MAC[$n]}")
		[ "$k" -eq 0 ] && [ "$r" -ge 2 ]
		check_err $? "c$n: $r replies, $k packets with option 82"
	done
	log_test "br1 strips option 82 once: clients see none"
}

expect_stat()	# expect_stat NS PORT NAME VALUE
{
	local v

	v=$(stat "$1" "$3" ${2:+"$2"})
	[ "${v:-x}" = "$4" ]
	check_err $? "$1 ${2:-(namespace)} $3 = ${v:-none}, expected $4"
}

counters_br1()
{
	local n req rep

	for n in $CLIENTS; do
		req=$(dhcp_count "c$n" op=1 "chaddr=${MAC[$n]}")
		rep=$(dhcp_count "c$n" op=2 "chaddr=${MAC[$n]}")
		expect_stat sw1 "vcl$n" req_added "$req"
		expect_stat sw1 "vcl$n" reply_stripped "$rep"
		expect_stat sw1 "vcl$n" reply_steered \
			"$(dhcp_count vup op=2 "chaddr=${MAC[$n]}")"
	done
	expect_stat sw1 "" reply_foreign 0
	expect_stat sw1 "" req_trusted 0
	log_test "br1 counters: req_added, reply_steered, reply_stripped"
	l2ractl sw1 -s port show | sed 's/^/    /'
}

counters_br2()
{
	local req rep

	req=$(dhcp_count srv op=1)
	rep=$(dhcp_count srv op=2)
	expect_stat sw2 vdn req_trusted "$req"
	expect_stat sw2 vsrv reply_foreign "$rep"
	for c in req_added req_replaced req_kept reply_stripped reply_steered \
		 reply_xid_steered reply_unknown reply_not_target drop_no_port; do
		expect_stat sw2 "" "$c" 0
	done
	log_test "br2 counters: req_trusted and reply_foreign only"
	l2ractl sw2 -s port show | sed 's/^/    /'
}

setup
run_all
