#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Untrusted subscriber ports (draft-joshi-dhc-l2ra 7, RFC 3046 2.1):
#  - a rogue dnsmasq behind vrog answers its own neighbour "victim" with
#    broadcast replies; they flood into br0 and must be dropped there
#    (drop_untrusted_server) and never reach c1, which gets its lease from
#    the real server;
#  - c2 sends option 82 itself (udhcpc -x 0x52:HEX): dropped with opt82
#    drop (drop_spoofed_opt82), forwarded as is with keep (req_kept),
#    replaced by ours with replace (req_replaced);
#  - c3 sends DISCOVERs whose chaddr is not its MAC (crafted with a raw
#    socket, udhcpc cannot do it): dropped (drop_chaddr) unless the port
#    has chaddr-check off.
#
#   +-- srv ---------+     +-- sw: br0 (l2ra) ------------------+
#   | srv0 192.0.2.1 +-----+ vsrv (trusted)                     |
#   | dnsmasq        |     |   vcl1      vcl2      vcl3   vrog  |
#   +----------------+     +----+---------+---------+------+----+
#                               |         |         |      |
#                 +-- c1 -------+ +-- c2 -+-----+ +-+-- c3 |---------+
#                 | udhcpc -B   | | udhcpc -x 82| | raw DISCOVER     |
#                 +-------------+ +-------------+ +------------------+
#                                       +-- rogue -+--------------------+
#                                       | rbr: r0, rl  198.51.100.1/24  |
#                                       | rogue dnsmasq on rbr          |
#                                       +----------+--------------------+
#                                                  | rl
#                                       +-- victim +---+
#                                       | v0 udhcpc -B |
#                                       +--------------+
ALL_TESTS="
	rogue_offer_dropped
	rogue_offer_not_seen_by_client
	spoofed_opt82_drop
	spoofed_opt82_keep
	spoofed_opt82_replace
	chaddr_mismatch_dropped
	chaddr_check_off_forwards
"
source "$(dirname "$0")/lib.sh"
require_cmd dnsmasq busybox tcpdump

PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
# The client's own option 82: circuit-id "evil1", remote-id "evil",
# relay-id 00:03:01.
FORGED=01:05:65:76:69:6c:31:02:04:65:76:69:6c:0c:03:00:03:01
FAKE_CHADDR=02:00:5e:00:53:01

setup()
{
	local n

	l2ra_load
	ns_create srv sw c1 c2 c3 rogue victim
	br_create sw br0
	port_add sw br0 vsrv srv srv0
	for n in 1 2 3; do
		port_add sw br0 "vcl$n" "c$n" "c$n"
	done
	port_add sw br0 vrog rogue r0
	br_create rogue rbr
	ip -n rogue link set r0 master rbr
	ip link add rl netns rogue type veth peer name v0 netns victim
	ip -n rogue link set rl master rbr up
	ip -n victim link set v0 up
	ip -n rogue addr add 198.51.100.1/24 dev rbr
	ip -n srv addr add 192.0.2.1/24 dev srv0
	C1MAC=$(mac_of c1 c1)
	C2MAC=$(mac_of c2 c2)
	ROGUEMAC=$(mac_of rogue rbr)

	if ! { l2ractl sw bridge set dev br0 relay on &&
		l2ractl sw port set dev vsrv role trusted &&
		l2ractl sw port set dev vcl1 &&
		l2ractl sw port set dev vcl2 &&
		l2ractl sw port set dev vcl3 &&
		l2ractl sw port set dev vrog; }; then
		fail_all "cannot configure the relay on br0"
	fi
	dnsmasq_start srv srv0 192.0.2.100 192.0.2.150 || fail_all "dnsmasq did not start"
	dnsmasq_start rogue rbr 198.51.100.100 198.51.100.150 ||
		fail_all "rogue dnsmasq did not start"
}

# phase_start NAME NS:IF...: captures NAME-srv on srv0 and NAME-<ns> on each
phase_start()
{
	local ph=$1 c

	shift
	capture_start srv srv0 "$ph-srv"
	for c in "$@"; do
		capture_start "${c%%:*}" "${c#*:}" "$ph-${c%%:*}"
	done
}

expect_stat()	# expect_stat PORT NAME VALUE
{
	local v

	v=$(stat sw "$2" "$1")
	[ "${v:-x}" = "$3" ]
	check_err $? "$1 $2 = ${v:-none}, expected $3"
}

rogue_offer_dropped()
{
	local sent

	phase_start rogue rogue:r0 c1:c1
	# The victim hears both servers; either lease will do.
	udhcpc_run victim v0 -B -t 2 -T 1
	udhcpc_run c1 c1 -B
	check_err $? "c1 got no lease"
	capture_stop_all
	sent=$(dhcp_count rogue-rogue op=2 "src=$ROGUEMAC")
	echo "rogue dnsmasq sent $sent replies into vrog; c1 got $(addr_of c1 c1)"
	[ "$sent" -ge 1 ]
	check_err $? "the rogue server sent nothing towards br0: nothing tested"
	expect_stat vrog drop_untrusted_server "$sent"
	log_test "rogue server replies on an untrusted port dropped"
}

rogue_offer_not_seen_by_client()
{
	local a k

	k=$(dhcp_count rogue-c1 op=2 "src=$ROGUEMAC")
	[ "$k" -eq 0 ]
	check_err $? "$k replies of the rogue server reach c1"
	a=$(addr_of c1 c1)
	[[ $a == 192.0.2.* ]]
	check_err $? "c1's lease is not from the real server: '$a'"
	log_test "rogue OFFER never reaches another client, c1 leased from srv"
}

# forged_run PHASE: c2 asks for a lease with its own option 82
forged_run()
{
	phase_start "$1" c2:c2
	udhcpc_run c2 c2 -t "${2:-4}" -T "${3:-2}" -x "0x52:${FORGED//:/}"
	local rc=$?
	capture_stop_all
	return "$rc"
}

spoofed_opt82_drop()
{
	local sent at_srv

	forged_run drop 2 1
	check_fail $? "c2 got a lease with a forged option 82 under opt82 drop"
	sent=$(dhcp_count drop-c2 op=1 "chaddr=$C2MAC" n82=1 "o82=$FORGED")
	at_srv=$(dhcp_count drop-srv "chaddr=$C2MAC")
	[ "$sent" -ge 1 ]
	check_err $? "c2 sent no DISCOVER with option 82 ($sent)"
	[ "$at_srv" -eq 0 ]
	check_err $? "$at_srv of c2's packets reached the server"
	expect_stat vcl2 drop_spoofed_opt82 "$sent"
	log_test "client option 82, policy drop: dropped, drop_spoofed_opt82"
}

spoofed_opt82_keep()
{
	local sent all kept before

	l2ractl sw port set dev vcl2 opt82 keep
	before=$(stat sw req_kept vcl2)
	forged_run keep
	check_err $? "c2 got no lease under opt82 keep"
	sent=$(dhcp_count keep-c2 op=1 "chaddr=$C2MAC")
	all=$(dhcp_count keep-srv op=1 "chaddr=$C2MAC")
	kept=$(dhcp_count keep-srv op=1 "chaddr=$C2MAC" n82=1 "o82=$FORGED")
	[ "$all" -ge 2 ] && [ "$kept" -eq "$all" ]
	check_err $? "$kept of $all messages of c2 reach the server with its option 82 unchanged"
	expect_stat vcl2 req_kept "$((before + sent))"
	log_test "client option 82, policy keep: forwarded unchanged, req_kept"
}

spoofed_opt82_replace()
{
	local sent all ours before

	l2ractl sw port set dev vcl2 opt82 replace
	ip -n c2 -4 addr flush dev c2
	before=$(stat sw req_replaced vcl2)
	forged_run replace
	check_err $? "c2 got no lease under opt82 replace"
	sent=$(dhcp_count replace-c2 op=1 "chaddr=$C2MAC")
	all=$(dhcp_count replace-srv op=1 "chaddr=$C2MAC")
	ours=$(dhcp_count replace-srv op=1 "chaddr=$C2MAC" n82=1 \
		"cid=$(hexstr br0:vcl2)" "relay=00:03:00:01:$(mac_of sw br0)")
	[ "$all" -ge 2 ] && [ "$ours" -eq "$all" ]
	check_err $? "$ours of $all messages of c2 reach the server with (only) our option 82"
	[ "$(dhcp_count replace-c2 op=2 '!n82=0')" -eq 0 ]
	check_err $? "c2 sees option 82 in a reply"
	expect_stat vcl2 req_replaced "$((before + sent))"
	log_test "client option 82, policy replace: ours instead, req_replaced"
}

# discover IF CHADDR XID COUNT: broadcast COUNT DHCPDISCOVERs from IF whose
# chaddr is CHADDR (not IF's MAC), with a raw packet socket
discover()
{
	"$PY" - "$@" <<-'EOF'
	import socket, struct, sys, time
	ifc, chaddr, xid, count = sys.argv[1], sys.argv[2], int(sys.argv[3], 16), int(sys.argv[4])
	s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
	s.bind((ifc, 0))
	src = s.getsockname()[4]
	ch = bytes.fromhex(chaddr.replace(":", ""))
	bootp = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, xid, 0, 0,
	                    bytes(4), bytes(4), bytes(4), bytes(4), ch, b"", b"")
	bootp += bytes([99, 130, 83, 99, 53, 1, 1, 61, 7, 1]) + ch + bytes([255])
	bootp += bytes(300 - len(bootp))
	udp = struct.pack("!HHHH", 68, 67, 8 + len(bootp), 0) + bootp
	def csum(b):
	    t = sum(struct.unpack("!%dH" % (len(b) // 2), b))
	    t = (t >> 16) + (t & 0xffff)
	    return ~(t + (t >> 16)) & 0xffff
	ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
	                 bytes(4), bytes([255] * 4))
	ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
	eth = b"\xff" * 6 + src + b"\x08\x00"
	for _ in range(count):
	    s.send(eth + ip + udp)
	    time.sleep(0.2)
	EOF
}

chaddr_mismatch_dropped()
{
	local sent at_srv

	phase_start chaddr c3:c3
	ip netns exec c3 bash -c "$(declare -f discover); PY=$PY; discover c3 $FAKE_CHADDR 4c32a001 3"
	check_err $? "could not send the crafted DISCOVERs"
	capture_stop_all
	sent=$(dhcp_count chaddr-c3 op=1 "chaddr=$FAKE_CHADDR")
	at_srv=$(dhcp_count chaddr-srv "chaddr=$FAKE_CHADDR")
	[ "$sent" -eq 3 ]
	check_err $? "$sent crafted DISCOVERs captured on c3, expected 3"
	[ "$at_srv" -eq 0 ]
	check_err $? "$at_srv packets with the foreign chaddr reached the server"
	expect_stat vcl3 drop_chaddr 3
	log_test "chaddr differs from the source MAC: dropped, drop_chaddr"
}

chaddr_check_off_forwards()
{
	local at_srv before

	l2ractl sw port set dev vcl3 chaddr-check off
	before=$(stat sw req_added vcl3)
	phase_start nocheck c3:c3
	ip netns exec c3 bash -c "$(declare -f discover); PY=$PY; discover c3 $FAKE_CHADDR 4c32a002 1"
	check_err $? "could not send the crafted DISCOVER"
	wait_for 5 false	# let the server answer
	capture_stop_all
	at_srv=$(dhcp_count nocheck-srv op=1 "chaddr=$FAKE_CHADDR" xid=4c32a002 \
		n82=1 "cid=$(hexstr br0:vcl3)")
	[ "$at_srv" -eq 1 ]
	check_err $? "$at_srv crafted DISCOVERs with our option 82 at the server, expected 1"
	expect_stat vcl3 drop_chaddr 3
	expect_stat vcl3 req_added "$((before + 1))"
	log_test "chaddr-check off: the same DISCOVER is relayed"
	l2ractl sw -s port show | sed 's/^/    /'
}

setup
run_all
