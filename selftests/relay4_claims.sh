#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Claims of Documentation/l2ra.rst and l2ractl.rst no other test checks:
# "relay-id generate" in the kernel and on the wire; unicast interception
# on (option 82 added to a renewal, CHECKSUM_PARTIAL fixed up) and off
# (req_unicast, the reply steered by the transaction table); a request
# that enters CHECKSUM_COMPLETE (from a gretap port with GRE checksums,
# validated in software) fixed up; a request's checksum left to the port
# it leaves by (CHECKSUM_PARTIAL); a reply
# recognised as ours by its remote-id alone (the bridge's, or the port's);
# the transaction table's expiry (module parameter xid_timeout); a port
# MTU below the bridge's (req_too_big); lease removal on DHCPDECLINE and
# DHCPNAK, with their counters and monitor events.
#
#   +-- cl-srv ---------+     +-- cl-sw ------------------------+     +-- cl-c1 -------+
#   | srv0 192.0.2.1/24 +-----+ vsrv (trusted)   br0   vcl1     +-----+ c1  udhcpc     |
#   | dnsmasq, tcpdump  |     |             relay on   vcl2     +--+  +----------------+
#   +-------------------+     +---------------------------------+  |  +-- cl-c2 -------+
#                                                                  +--+ c2             |
#                                                                     +----------------+
# Frames the tests craft (requests from a client, replies from the uplink)
# are built by a small Python program (standard library only) that sends
# them on an AF_PACKET socket, or on a UDP socket for the kernel's own
# checksum offload.
ALL_TESTS="
	relay_id_generate
	unicast_on
	unicast_off
	checksum_complete
	checksum_deferred
	reply_by_remote_id
	xid_expiry
	lease_decline
	lease_nak
	port_mtu_below_bridge
"
source "$(dirname "$0")/lib.sh"
require_cmd dnsmasq tcpdump tshark busybox python3 jq

INJECT=$L2RA_ROOT/selftests/dhcp_inject
CRAFT=$WORK/craft.py
XID_PARAM=/sys/module/l2ra/parameters/xid_timeout
declare -A MAC

cat >"$CRAFT" <<'EOF'
# craft.py IFNAME KIND key=value...: send one crafted DHCPv4 frame.
#   KIND: request (BOOTREQUEST), reply (BOOTREPLY), or udp (a BOOTREQUEST
#   through a UDP socket bound to IFNAME, src ADDR:68, so that the kernel
#   fills in IP and UDP and offloads the checksum as the device allows)
#   keys: xid=HEX type=N chaddr=MAC yiaddr=A ciaddr=A dst=A (udp)
#         cid=TEXT rid=TEXT|hex:HEX relay=hex:HEX (option 82 sub-options)
#         req=A (option 50) sid=A (option 54) lt=SECONDS (option 51)
#         ethdst=MAC (default broadcast)
import socket, struct, sys

def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff

def mac(s):
    return bytes(int(x, 16) for x in s.split(':'))

def ident(v):
    return bytes.fromhex(v[4:].replace(':', '')) if v.startswith('hex:') else v.encode()

ifname, kind = sys.argv[1], sys.argv[2]
kv = dict(a.split('=', 1) for a in sys.argv[3:])
own = mac(open('/sys/class/net/%s/address' % ifname).read().strip())
chaddr = mac(kv['chaddr']) if 'chaddr' in kv else own
op = 2 if kind == 'reply' else 1
m = bytearray(236)
m[0:4] = bytes([op, 1, 6, 0])
m[4:8] = int(kv.get('xid', '4c330001'), 16).to_bytes(4, 'big')
m[10:12] = b'\x80\x00' if kind != 'udp' else b'\0\0'
m[12:16] = socket.inet_aton(kv.get('ciaddr', '0.0.0.0'))
m[16:20] = socket.inet_aton(kv.get('yiaddr', '0.0.0.0'))
m[28:34] = chaddr
m += b'\x63\x82\x53\x63'
m += bytes([53, 1, int(kv.get('type', '1'))])
for key, code in (('req', 50), ('sid', 54)):
    if key in kv:
        m += bytes([code, 4]) + socket.inet_aton(kv[key])
if 'lt' in kv:
    m += bytes([51, 4]) + int(kv['lt']).to_bytes(4, 'big')
sub = b''
for key, code in (('cid', 1), ('rid', 2), ('relay', 12)):
    if key in kv:
        v = ident(kv[key])
        sub += bytes([code, len(v)]) + v
if sub:
    m += bytes([82, len(sub)]) + sub
m += b'\xff'
m += bytes(max(0, 300 - len(m)))

if kind == 'udp':
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, ifname.encode())
    s.bind((kv.get('ciaddr', '0.0.0.0'), 68))
    s.sendto(bytes(m), (kv.get('dst', '255.255.255.255'), 67))
    sys.exit(0)

sport, dport = (67, 68) if op == 2 else (68, 67)
src = socket.inet_aton(kv.get('src', '192.0.2.1' if op == 2 else '0.0.0.0'))
dst = socket.inet_aton('255.255.255.255')
udp = struct.pack('!HHHH', sport, dport, 8 + len(m), 0) + bytes(m)
c = csum(src + dst + struct.pack('!BBH', 0, 17, len(udp)) + udp) or 0xffff
udp = udp[:6] + struct.pack('!H', c) + udp[8:]
ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                 src, dst)
ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
eth = mac(kv.get('ethdst', 'ff:ff:ff:ff:ff:ff')) + own + b'\x08\x00'
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((ifname, 0))
s.send(eth + ip + udp)
EOF

# craft NS IFNAME KIND key=value...
craft()
{
	local ns=$1

	shift
	ip netns exec "$ns" python3 "$CRAFT" "$@"
}

setup()
{
	l2ra_load
	[ -x "$INJECT" ] || skip_all "$INJECT not built (make selftests)"
	ns_create cl-srv cl-sw cl-c1 cl-c2
	br_create cl-sw br0
	port_add cl-sw br0 vsrv cl-srv srv0
	port_add cl-sw br0 vcl1 cl-c1 c1
	port_add cl-sw br0 vcl2 cl-c2 c2
	MAC[1]=$(mac_of cl-c1 c1)
	MAC[2]=$(mac_of cl-c2 c2)
	MAC[srv]=$(mac_of cl-srv srv0)
	ip -n cl-srv addr add 192.0.2.1/24 dev srv0
	l2ractl cl-sw bridge set dev br0 relay on
	l2ractl cl-sw port set dev vsrv role trusted
	dnsmasq_start cl-srv srv0 192.0.2.100 192.0.2.150
}

# grew B A NAME N: counter NAME grew by exactly N from snapshot B to A
grew()
{
	local -n _b=$1 _a=$2

	[ $(( ${_a[$3]:-0} - ${_b[$3]:-0} )) -eq "$4" ]
	check_err $? "$3 grew by $(( ${_a[$3]:-0} - ${_b[$3]:-0} )), want $4"
}

# stat_ge NAME MIN: the namespace counter NAME is at least MIN
stat_ge()
{
	[ "$(stat cl-sw "$1")" -ge "$2" ]
}

relay_id_hex()
{
	l2ractl cl-sw -j bridge show dev br0 | jq -r '.[0].relay_id_hex'
}

relay_id_generate()
{
	local id1 id2 def o n m

	l2ractl cl-sw bridge set dev br0 relay-id generate
	check_err $? "relay-id generate failed"
	id1=$(relay_id_hex)
	def=$(l2ractl cl-sw -j bridge show dev br0 | jq -r '.[0].relay_id_default')
	# DUID-UUID (RFC 6355): type 4, 16 octets of an RFC 4122 version 4 UUID
	IFS=: read -ra o <<<"$id1"
	[ "${#o[@]}" -eq 18 ] && [ "${o[0]}${o[1]}" = 0004 ] &&
		[ "${o[8]:0:1}" = 4 ] && [[ ${o[10]:0:1} == [89ab] ]]
	check_err $? "relay-id '$id1' is no DUID-UUID with a version 4 UUID"
	[ "$def" = false ]
	check_err $? "relay_id_default is '$def' after generate"
	l2ractl cl-sw bridge set dev br0 relay-id generate
	id2=$(relay_id_hex)
	[ -n "$id2" ] && [ "$id2" != "$id1" ]
	check_err $? "a second generate gave '$id2' after '$id1'"
	# ... and it is the one the relay puts in option 82
	capture_start cl-srv srv0 gen
	udhcpc_run cl-c1 c1
	check_err $? "udhcpc in cl-c1 got no lease"
	capture_stop_all
	n=$(dhcp_count gen op=1 "chaddr=${MAC[1]}" n82=1 "relay=$id2")
	m=$(dhcp_count gen op=1 "chaddr=${MAC[1]}")
	[ "$n" -ge 2 ] && [ "$n" -eq "$m" ]
	check_err $? "$n of $m requests at the server carry relay-id $id2"
	echo "generated relay-ids: $id1, then $id2 (in $n requests)"
	log_test "relay-id generate: a new DUID-UUID each time, used in option 82"
}

# udhcpc_daemon: udhcpc in cl-c1 that stays to renew (SIGUSR1), its log in
# $WORK/udhcpc-d.log
UDHCPC_PID=
udhcpc_daemon()
{
	ip netns exec cl-c1 busybox udhcpc -i c1 -f -t 4 -T 2 \
		-s "$L2RA_ROOT/selftests/udhcpc.script" >>"$WORK/udhcpc-d.log" 2>&1 &
	UDHCPC_PID=$!
	PIDS+=("$UDHCPC_PID")
	wait_for 60 grep -q "udhcpc: bound" "$WORK/udhcpc-d.log"
}

renewals()
{
	grep -c "udhcpc: renew" "$WORK/udhcpc-d.log"
}

# renew_once: one unicast renewal of the daemon, answered
renew_once()
{
	local n

	n=$(renewals)
	kill -USR1 "$UDHCPC_PID"
	wait_for 60 sh -c "[ \$(grep -c 'udhcpc: renew' '$WORK/udhcpc-d.log') -gt $n ]"
}

# csums NAME OP: "good bad" UDP checksums (IP and UDP both verified) of
# the BOOTP messages of op OP (1 requests, 2 replies) in capture NAME;
# "tshark failed" when it does
csums()
{
	local out

	out=$(tshark -r "$WORK/$1.pcap" -o ip.check_checksum:TRUE \
		-o udp.check_checksum:TRUE -Y "dhcp.type == $2" -T fields \
		-e ip.checksum.status -e udp.checksum.status 2>/dev/null) ||
		{ echo "tshark failed"; return; }
	# status: 0 bad, 1 good, 2 unverified
	awk '$1 == 1 && $2 == 1 { g++ } $1 == 0 || $2 == 0 { b++ }
		END { print g + 0, b + 0 }' <<<"$out"
}

# unicast_requests NAME TOKENS...: unicast REQUESTs of c1 (to the server's
# MAC) in capture NAME with TOKENS
unicast_requests()
{
	local name=$1

	shift
	dhcp_count "$name" op=1 type=3 "chaddr=${MAC[1]}" "dst=${MAC[srv]}" "$@"
}

unicast_on()
{
	local -A b a
	local cid n uc all tagged rq_srv rq_cli rp_srv rp_cli g bd

	cid=$(hexstr "br0:vcl1")
	udhcpc_daemon
	check_err $? "udhcpc (daemon) in cl-c1 got no lease: $(tail -n 3 "$WORK/udhcpc-d.log")"
	# c1 and srv0 offload their transmit checksum (veth's default), the
	# bridge's ports vsrv and vcl1 do not: the renewal and its ACK enter
	# the bridge CHECKSUM_PARTIAL, are edited (option 82 added, then
	# stripped), and leave with the checksum computed in software from
	# the pseudo-header the relay seeded.
	tx_csum cl-c1 c1 on && tx_csum cl-srv srv0 on &&
		tx_csum cl-sw vsrv off && tx_csum cl-sw vcl1 off
	check_err $? "cannot set the transmit checksum offload of c1, srv0, vsrv, vcl1"
	capture_start cl-srv srv0 uc-on
	capture_start cl-c1 c1 uc-on-cli
	stats_snap cl-sw b
	renew_once
	check_err $? "the renewal got no answer: $(tail -n 3 "$WORK/udhcpc-d.log")"
	stats_snap cl-sw a
	capture_stop_all
	# udhcpc may follow a renewal answered late with a broadcast REQUEST
	# (seen on 6.1 under TCG): every request gets option 82 all the same
	n=$(unicast_requests uc-on n82=1 "cid=$cid")
	uc=$(unicast_requests uc-on)
	all=$(dhcp_count uc-on op=1 "chaddr=${MAC[1]}")
	tagged=$(dhcp_count uc-on op=1 "chaddr=${MAC[1]}" n82=1 "cid=$cid")
	[ "$n" -ge 1 ] && [ "$n" -eq "$uc" ] && [ "$tagged" -eq "$all" ]
	check_err $? "$n of $uc unicast REQUESTs, $tagged of $all requests at the server carry our option 82"
	grew b a req_added "$all"
	grew b a req_unicast 0
	[ $(( a[reply_steered] - ${b[reply_steered]:-0} )) -ge 1 ]
	check_err $? "no reply steered by our option 82"
	# "good bad" per op and end
	rq_srv=$(csums uc-on 1)
	rq_cli=$(csums uc-on-cli 1)
	rp_srv=$(csums uc-on 2)
	rp_cli=$(csums uc-on-cli 2)
	echo "checksums (good bad): requests sent $rq_cli, at the server $rq_srv; replies sent $rp_srv, at the client $rp_cli"
	[ "$rq_srv" = "$all 0" ]
	check_err $? "requests at the server: checksums good/bad $rq_srv, want $all 0"
	# The proof that the skbs were CHECKSUM_PARTIAL: as c1 and dnsmasq
	# sent them, the UDP checksum was not computed yet (a broadcast
	# REQUEST goes out through a packet socket, checksum complete).
	read -r g bd <<<"$rq_cli"
	[ "${bd:-0}" -ge "$uc" ] && [ $(( ${g:-0} + ${bd:-0} )) -eq "$all" ]
	check_err $? "c1's $uc unicast renewals left with checksums good/bad $rq_cli: not CHECKSUM_PARTIAL"
	read -r g bd <<<"$rp_srv"
	[ "${bd:-0}" -ge 1 ] && [ "${g:-1}" -eq 0 ]
	check_err $? "dnsmasq's ACKs left with checksums good/bad $rp_srv: not CHECKSUM_PARTIAL"
	[ "$rp_cli" = "$bd 0" ]
	check_err $? "replies at c1: checksums good/bad $rp_cli, want $bd 0"
	echo "renewal: $n unicast REQUESTs with option 82"
	log_test "unicast on: renewal gets option 82, CHECKSUM_PARTIAL fixed up"
}

unicast_off()
{
	local -A b a
	local n all uc cs

	l2ractl cl-sw port set dev vcl1 unicast off
	check_err $? "cannot set unicast off"
	# Now c1 computes its checksums itself: CHECKSUM_NONE, left alone.
	tx_csum cl-c1 c1 off
	check_err $? "cannot turn c1's transmit checksum offload off"
	capture_start cl-srv srv0 uc-off
	capture_start cl-c2 c2 uc-off-c2
	stats_snap cl-sw b
	renew_once
	check_err $? "the renewal got no answer: $(tail -n 3 "$WORK/udhcpc-d.log")"
	stats_snap cl-sw a
	capture_stop_all
	l2ractl cl-sw port set dev vcl1 unicast on
	n=$(unicast_requests uc-off n82=0)
	uc=$(unicast_requests uc-off)
	all=$(dhcp_count uc-off op=1 "chaddr=${MAC[1]}")
	[ "$n" -ge 1 ] && [ "$n" -eq "$uc" ]
	check_err $? "$n of $uc unicast REQUESTs at the server without option 82"
	grew b a req_unicast "$uc"
	# a broadcast REQUEST after a late answer is relayed as always
	grew b a req_added $((all - uc))
	# dnsmasq's ACK has no option 82 to steer by: the transaction table
	# knows the renewal's xid
	[ $(( a[reply_xid_steered] - ${b[reply_xid_steered]:-0} )) -ge 1 ]
	check_err $? "no reply steered by the transaction table:$(for k in req_unicast reply_xid_steered reply_unknown reply_steered; do printf ' %s+%d' $k $(( a[$k] - ${b[$k]:-0} )); done)"
	n=$(dhcp_count uc-off-c2 op=2 "chaddr=${MAC[1]}")
	[ "$n" -eq 0 ]
	check_err $? "c2 got $n of c1's replies"
	cs=$(csums uc-off 1)
	[ "$cs" = "$all 0" ]
	check_err $? "requests at the server: checksums good/bad $cs, want $all 0"
	echo "unicast off:$(for k in req_unicast req_added reply_xid_steered; do printf ' %s+%d' $k $(( a[$k] - ${b[$k]:-0} )); done)"
	kill "$UDHCPC_PID" 2>/dev/null
	log_test "unicast off: renewal untouched (req_unicast), reply by xid"
}

# reply_case NAME RID WANT: a reply from the uplink for c2 with option 82
# circuit-id "br0:vcl2", remote-id RID and no relay-id; WANT "ours"
# (steered to c2 only, option 82 stripped) or "foreign" (flooded as is)
reply_case()
{
	local name=$1 rid=$2 want=$3 xid=$4 at1 at2 s82
	local -A b a

	capture_start cl-c1 c1 "$name-c1"
	capture_start cl-c2 c2 "$name-c2"
	stats_snap cl-sw b
	craft cl-srv srv0 reply xid="$xid" type=2 chaddr="${MAC[2]}" \
		yiaddr=192.0.2.222 sid=192.0.2.1 lt=600 cid=br0:vcl2 rid="$rid"
	check_err $? "cannot send the reply"
	if [ "$want" = ours ]; then
		wait_for 20 stat_ge reply_stripped $(( ${b[reply_stripped]:-0} + 1 ))
	else
		wait_for 20 stat_ge reply_foreign $(( ${b[reply_foreign]:-0} + 1 ))
	fi
	stats_snap cl-sw a
	capture_stop_all
	at1=$(dhcp_count "$name-c1" op=2 "xid=$xid")
	at2=$(dhcp_count "$name-c2" op=2 "xid=$xid")
	s82=$(dhcp_count "$name-c2" op=2 "xid=$xid" n82=0)
	if [ "$want" = ours ]; then
		grew b a reply_steered 1
		grew b a reply_stripped 1
		grew b a reply_foreign 0
		[ "$at1" -eq 0 ] && [ "$at2" -eq 1 ] && [ "$s82" -eq 1 ]
		check_err $? "$name: c1 got $at1, c2 got $at2 ($s82 without option 82), want 0 and 1 stripped"
	else
		grew b a reply_foreign 1
		grew b a reply_steered 0
		[ "$at1" -eq 1 ] && [ "$at2" -eq 1 ] && [ "$s82" -eq 0 ]
		check_err $? "$name: c1 got $at1, c2 got $at2 ($s82 without option 82), want both, untouched"
	fi
	echo "$name: c1 got $at1, c2 got $at2 ($s82 stripped)"
}

reply_by_remote_id()
{
	local rid_br mac

	# The default remote-id is the bridge's MAC address now: it changes
	# as ports come and go (gt3 may have brought a lower one).
	rid_br=$(l2ractl cl-sw -j bridge show dev br0 | jq -r '.[0].remote_id_hex')
	mac=$(mac_of cl-sw br0)
	[ "$rid_br" = "$mac" ]
	check_err $? "the bridge's remote-id is '$rid_br', its MAC address $mac"
	reply_case rid-bridge "hex:$rid_br" ours 4c330101
	l2ractl cl-sw port set dev vcl2 remote-id "rid-of-vcl2"
	check_err $? "cannot set vcl2's remote-id"
	reply_case rid-port rid-of-vcl2 ours 4c330102
	# The bridge's own remote-id no longer stands for vcl2 ... but the
	# bridge's is still ours: only a remote-id of nobody is foreign.
	reply_case rid-other "rid-of-nobody" foreign 4c330103
	l2ractl cl-sw port set dev vcl2 remote-id default
	log_test "reply without relay-id is ours by remote-id (bridge's, port's)"
}

xid_expiry()
{
	local -A b a
	local def a1 a2 b1 b2 n

	def=$(cat "$XID_PARAM")
	[ "$def" = 10 ]
	check_err $? "xid_timeout is '$def', the documented default is 10"
	# Transaction A lives 600 s, B 1 s: the timeout is taken when the
	# request passes.
	n=$(stat cl-sw req_added)
	echo 600 >"$XID_PARAM"
	craft cl-c1 c1 request xid=4c330201 type=1
	wait_for 20 stat_ge req_added $((n + 1))
	check_err $? "request A was not relayed"
	echo 1 >"$XID_PARAM"
	craft cl-c2 c2 request xid=4c330202 type=1
	wait_for 20 stat_ge req_added $((n + 2))
	check_err $? "request B was not relayed"
	echo "$def" >"$XID_PARAM"
	# Let B's second pass (and then some, for a loaded machine).
	sleep 3
	capture_start cl-c1 c1 xid-c1
	capture_start cl-c2 c2 xid-c2
	stats_snap cl-sw b
	craft cl-srv srv0 reply xid=4c330201 type=2 chaddr="${MAC[1]}" \
		yiaddr=192.0.2.222 sid=192.0.2.1
	craft cl-srv srv0 reply xid=4c330202 type=2 chaddr="${MAC[2]}" \
		yiaddr=192.0.2.222 sid=192.0.2.1
	wait_for 20 stat_ge reply_unknown $(( ${b[reply_unknown]:-0} + 1 ))
	wait_for 20 stat_ge reply_xid_steered $(( ${b[reply_xid_steered]:-0} + 1 ))
	stats_snap cl-sw a
	capture_stop_all
	grew b a reply_xid_steered 1
	grew b a reply_unknown 1
	a1=$(dhcp_count xid-c1 op=2 xid=4c330201 yiaddr=192.0.2.222)
	a2=$(dhcp_count xid-c2 op=2 xid=4c330201 yiaddr=192.0.2.222)
	b1=$(dhcp_count xid-c1 op=2 xid=4c330202 yiaddr=192.0.2.222)
	b2=$(dhcp_count xid-c2 op=2 xid=4c330202 yiaddr=192.0.2.222)
	[ "$a1" -eq 1 ] && [ "$a2" -eq 0 ]
	check_err $? "live transaction: c1 got $a1, c2 $a2 of its reply (want 1, 0)"
	[ "$b1" -eq 1 ] && [ "$b2" -eq 1 ]
	check_err $? "expired transaction: c1 got $b1, c2 $b2 of its reply (want 1, 1: flooded)"
	echo "live: c1 $a1 c2 $a2; expired: c1 $b1 c2 $b2"
	log_test "xid table: a live transaction steers, an expired one floods"
}

# monitor_probe: add and delete a lease of a MAC no client has; true once
# the monitor printed the addition
monitor_probe()
{
	l2ractl cl-sw lease add mac 02:00:5e:00:00:99 addr 192.0.2.250 \
		expires 60 dev vcl2 >/dev/null &&
		l2ractl cl-sw lease del mac 02:00:5e:00:00:99 >/dev/null
	grep -q "^add 02:00:5e:00:00:99 " "$WORK/monitor.log"
}

MON_PID=
monitor_start()
{
	[ -n "$MON_PID" ] && return
	ip netns exec cl-sw "$L2RACTL" monitor lease >"$WORK/monitor.log" 2>&1 &
	MON_PID=$!
	PIDS+=("$MON_PID")
	# It has joined the group once it shows an event: provoke some.
	wait_for 30 monitor_probe
	check_err $? "the monitor shows no lease event: $(cat "$WORK/monitor.log")"
}

# lease_of N: client N's address in the relay's lease table, empty if none
lease_of()
{
	l2ractl cl-sw -j lease show mac "${MAC[$1]}" 2>/dev/null |
		jq -r '.[0].addr // empty' 2>/dev/null
}

lease_gone()
{
	[ -z "$(lease_of "$1")" ]
}

lease_decline()
{
	local -A b a
	local addr

	monitor_start
	udhcpc_run cl-c1 c1
	check_err $? "udhcpc in cl-c1 got no lease"
	addr=$(lease_of 1)
	[ -n "$addr" ]
	check_err $? "no lease for c1 in the table: $(l2ractl cl-sw lease show)"
	stats_snap cl-sw b
	craft cl-c1 c1 request xid=4c330301 type=4 req="${addr:-0.0.0.0}" \
		sid=192.0.2.1
	wait_for 20 lease_gone 1
	check_err $? "c1's lease $addr is still there after its DHCPDECLINE"
	stats_snap cl-sw a
	grew b a lease_decline 1
	wait_for 20 grep -q "^decline ${MAC[1]} .*addr $addr" "$WORK/monitor.log"
	check_err $? "no decline event: $(cat "$WORK/monitor.log")"
	echo "declined: $addr; $(grep "^decline" "$WORK/monitor.log")"
	log_test "DHCPDECLINE removes the lease (lease_decline, event decline)"
}

lease_nak()
{
	local -A b a
	local addr relay

	monitor_start
	udhcpc_run cl-c2 c2
	check_err $? "udhcpc in cl-c2 got no lease"
	addr=$(lease_of 2)
	[ -n "$addr" ]
	check_err $? "no lease for c2 in the table: $(l2ractl cl-sw lease show)"
	relay=$(relay_id_hex)
	stats_snap cl-sw b
	# The server's NAK carries our option 82 back (relay-id and
	# circuit-id): steered to vcl2, where it ends c2's lease.
	craft cl-srv srv0 reply xid=4c330401 type=6 chaddr="${MAC[2]}" \
		sid=192.0.2.1 cid=br0:vcl2 relay="hex:$relay"
	wait_for 20 lease_gone 2
	check_err $? "c2's lease $addr is still there after a DHCPNAK"
	stats_snap cl-sw a
	grew b a lease_nak 1
	grew b a reply_steered 1
	wait_for 20 grep -q "^nak ${MAC[2]} .*addr $addr" "$WORK/monitor.log"
	check_err $? "no nak event: $(cat "$WORK/monitor.log")"
	echo "NAKed: $addr; $(grep "^nak" "$WORK/monitor.log")"
	log_test "DHCPNAK removes the lease (lease_nak, event nak)"
}

# A GRE-checksummed gretap tunnel from cl-c3 is a port of br0.  The GRE
# checksum is computed by c3's underlay u3p (offload off) and validated in
# software on arrival (u3's receive offload off): that leaves the skb
# CHECKSUM_COMPLETE, and so it is once the tunnel headers are pulled and
# the inner frame enters the bridge.
checksum_complete()
{
	local -A b a
	local n cs cid

	modprobe ip_gre 2>/dev/null
	ns_create cl-c3
	ip link add u3 netns cl-sw type veth peer name u3p netns cl-c3 &&
		ip -n cl-sw addr add 10.3.0.1/30 dev u3 &&
		ip -n cl-c3 addr add 10.3.0.2/30 dev u3p &&
		ip -n cl-sw link set u3 up && ip -n cl-c3 link set u3p up &&
		ip -n cl-sw link add gt3 type gretap local 10.3.0.1 \
			remote 10.3.0.2 csum &&
		ip -n cl-c3 link add gt3 type gretap local 10.3.0.2 \
			remote 10.3.0.1 csum &&
		ip -n cl-sw link set gt3 master br0 up &&
		ip -n cl-c3 link set gt3 up
	check_err $? "cannot build the gretap port"
	csum_offload cl-c3 u3p tx off && csum_offload cl-sw u3 rx off &&
		tx_csum cl-sw vsrv off
	check_err $? "cannot set the checksum offloads of u3p, u3, vsrv"
	MAC[3]=$(mac_of cl-c3 gt3)
	cid=$(hexstr "br0:gt3")
	capture_start cl-srv srv0 complete
	stats_snap cl-sw b
	craft cl-c3 gt3 request xid=4c330501 type=1 &&
		craft cl-c3 gt3 request xid=4c330502 type=1
	check_err $? "cannot send on gt3"
	wait_for 30 stat_ge req_added $(( ${b[req_added]:-0} + 2 ))
	stats_snap cl-sw a
	capture_stop_all
	grew b a req_added 2
	n=$(dhcp_count complete op=1 "chaddr=${MAC[3]}" n82=1 "cid=$cid")
	cs=$(csums complete 1)
	# dnsmasq's own answers are steered back through the tunnel; only
	# the requests are judged here
	[ "$n" -eq 2 ]
	check_err $? "$n of 2 requests from gt3 at the server with our option 82"
	[ "$cs" = "2 0" ]
	check_err $? "requests at the server: checksums good/bad $cs, want 2 0"
	echo "gretap (CHECKSUM_COMPLETE): $n requests with option 82, checksums good/bad $cs"
	log_test "CHECKSUM_COMPLETE (gretap with GRE checksum): option 82 fixed up"
}

# A request whose checksum its sender computed (a packet socket; veth hands
# it over CHECKSUM_UNNECESSARY) leaves the relay CHECKSUM_PARTIAL: through a
# port with transmit checksum offload it reaches the server with the UDP
# checksum unfinished (the pseudo-header the relay seeded), and the server's
# stack takes it as any offloaded datagram and answers; through a port
# without, the kernel sums it in software (the tests above).
checksum_deferred()
{
	local -A b a
	local n cid g bd

	cid=$(hexstr "br0:vcl2")
	tx_csum cl-sw vsrv on
	check_err $? "cannot turn vsrv's transmit checksum offload on"
	capture_start cl-srv srv0 deferred
	capture_start cl-c2 c2 deferred-c2
	stats_snap cl-sw b
	craft cl-c2 c2 request xid=4c330601 type=1 &&
		craft cl-c2 c2 request xid=4c330602 type=1
	check_err $? "cannot send on c2"
	wait_for 30 stat_ge reply_steered $(( ${b[reply_steered]:-0} + 2 ))
	stats_snap cl-sw a
	capture_stop_all
	tx_csum cl-sw vsrv off
	check_err $? "cannot turn vsrv's transmit checksum offload off"
	grew b a req_added 2
	n=$(dhcp_count deferred op=1 "chaddr=${MAC[2]}" n82=1 "cid=$cid")
	read -r g bd <<<"$(csums deferred 1)"
	echo "deferred: $n requests with option 82 at the server, checksums good/bad ${g:-?}/${bd:-?}"
	[ "$n" -eq 2 ] && [ "${bd:-0}" -eq 2 ] && [ "${g:-1}" -eq 0 ]
	check_err $? "requests at the server: $n with our option 82, checksums good/bad ${g:-?}/${bd:-?}, want 2 with 0/2 (left to the port)"
	n=$(dhcp_count deferred-c2 op=2 "chaddr=${MAC[2]}")
	[ "$n" -eq 2 ]
	check_err $? "c2 got $n of the 2 OFFERs: the server did not take the requests"
	log_test "checksum left to the port: unfinished through an offloading one, answered"
}

port_mtu_below_bridge()
{
	local -A b a
	local l n1 n2 big1 big2 fit2

	# Everything 9000 but vcl2 (and c2) at 8900: dhcp_inject's
	# jumbo_fit is an 8900-octet frame, 8886 octets of IP, which takes
	# option 82 under the bridge's 9000 but not under vcl2's 8900.
	for l in "cl-sw vsrv" "cl-srv srv0" "cl-sw vcl1" "cl-c1 c1"; do
		# shellcheck disable=SC2086
		ip -n ${l% *} link set ${l#* } mtu 9000
	done
	ip -n cl-sw link set br0 mtu 9000 &&
		ip -n cl-sw link set vcl2 mtu 8900 && ip -n cl-c2 link set c2 mtu 8900
	check_err $? "cannot set the MTUs"
	capture_start cl-srv srv0 mtu
	stats_snap cl-sw b
	ip netns exec cl-c2 "$INJECT" c2 jumbo_fit 2 &&
		ip netns exec cl-c2 "$INJECT" c2 good 2 &&
		ip netns exec cl-c1 "$INJECT" c1 jumbo_fit 2
	check_err $? "dhcp_inject failed"
	wait_for 20 stat_ge req_added $(( ${b[req_added]:-0} + 4 ))
	stats_snap cl-sw a
	capture_stop_all
	grew b a req_too_big 2
	grew b a req_added 4
	big2=$(pcap_count mtu "ether src ${MAC[2]} and greater 8800")
	n2=$(dhcp_count mtu op=1 "chaddr=${MAC[2]}" n82=0)
	fit2=$(dhcp_count mtu op=1 "chaddr=${MAC[2]}" n82=1)
	big1=$(pcap_count mtu "ether src ${MAC[1]} and greater 8800")
	n1=$(dhcp_count mtu op=1 "chaddr=${MAC[1]}" n82=1)
	[ "$big2" -eq 2 ] && [ "$n2" -eq 2 ] && [ "$fit2" -eq 2 ]
	check_err $? "from vcl2 (MTU 8900): $big2 jumbo frames, $n2 without option 82, $fit2 small ones with it (want 2, 2, 2)"
	[ "$big1" -eq 2 ] && [ "$n1" -eq 2 ]
	check_err $? "from vcl1 (MTU 9000): $big1 jumbo frames, $n1 with option 82 (want 2, 2)"
	echo "vcl2: $big2 jumbo untouched, $fit2 small tagged; vcl1: $n1 jumbo tagged"
	log_test "port MTU below the bridge's: req_too_big on that port only"
}

setup
run_all
