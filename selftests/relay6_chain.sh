#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Two LDRAs in a chain, on VLAN-filtering bridges, with three real clients:
# br1 is the subscribers' LDRA; its trusted uplink vup carries VLANs 10 and
# 20 tagged into br2, a second LDRA whose ports are both trusted, whose
# uplink leads to ISC dhcpd -6 serving one subnet per VLAN.  br1 wraps each
# client message in a Relay-Forward (hop-count 0, Interface-ID
# "br1:<port>:<vid>", br1's Relay-ID); br2 wraps that again (hop-count 1,
# "br2:vdn:<vid>", br2's Relay-ID).  The Relay-Reply is unwrapped once by
# each: br2 sends br1's Relay-Reply to port 547 on vdn, br1 the server's
# message to the client, 547 -> 546, on the client's port in its VLAN.
# c1 runs ISC dhclient -6 (IA_NA + IA_PD), c2 dhcpcd (IA_NA + IA_PD), both
# untagged in VLAN 10 (PVID); c3 dhclient -6 (IA_NA) tagged in VLAN 20.
#
#  +-- c1 ----------+   +-- sw1: br1 (l2ra, vlan_filtering) --+   +-- sw2: br2 (l2ra, vlan_filtering) --+   +-- srv ------------------+
#  | dhclient -6 -NP+---+ vcl1 pvid 10                        |   |                                      |   | srv0.10 2001:db8:10::1  |
#  +----------------+   |                 vup (trusted)       +---+ vdn (trusted)       vsrv (trusted)   +---+ srv0.20 2001:db8:20::1  |
#  +-- c2 ----------+   | vcl2 pvid 10    tagged 10, 20       |   | tagged 10, 20       tagged 10, 20    |   | dhcpd -6, a subnet per  |
#  | dhcpcd NA + PD +---+                                     |   +--------------------------------------+   | VLAN                    |
#  +----------------+   | vcl3 20 tagged                      |                                              +-------------------------+
#  +-- c3 ----------+   |                                     |
#  | c3.20 dhclient +---+                                     |
#  +----------------+   +-------------------------------------+
#
# Captures of UDP 546/547: srv0, vup (between the LDRAs), c1, c2, c3.
ALL_TESTS="
	bindings_obtained
	server_sees_nested_relay_forward
	client_message_byte_for_byte
	br2_unwraps_once
	clients_see_no_relay_messages_tagged
	replies_only_on_own_port_and_vlan
	tshark_decodes_cleanly
	counters_match_captures
"
source "$(dirname "$0")/lib.sh"
require_cmd dhcpd dhclient dhcpcd tshark tcpdump bridge

CLIENTS="1 2 3"
declare -A VID=([1]=10 [2]=10 [3]=20)
declare -A IFC=([1]=c1 [2]=c2 [3]=c3.20)
declare -A LL
FILTER6='udp port 546 or udp port 547 or (vlan and (udp port 546 or udp port 547))'

setup()
{
	local n ns v

	ns_create srv sw1 sw2 c1 c2 c3
	l2ra_load
	for ns in srv sw1 sw2 c1 c2 c3; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0
	done
	br_create sw1 br1 vlan_filtering 1 mcast_snooping 0
	br_create sw2 br2 vlan_filtering 1 mcast_snooping 0
	port_add sw2 br2 vsrv srv srv0
	port_add sw1 br1 vup sw2 vdn
	ip -n sw2 link set vdn master br2 up
	for n in $CLIENTS; do
		port_add sw1 br1 "vcl$n" "c$n" "c$n"
		ip netns exec sw1 bridge vlan del dev "vcl$n" vid 1
	done
	# No learning on the subscriber ports: every reply is flooded in its
	# VLAN, so only l2ra keeps c1's replies from vcl2 and c2's from vcl1.
	for n in $CLIENTS; do
		ip netns exec sw1 bridge link set dev "vcl$n" learning off
	done
	ip netns exec sw1 bridge vlan add dev vcl1 vid 10 pvid untagged
	ip netns exec sw1 bridge vlan add dev vcl2 vid 10 pvid untagged
	ip netns exec sw1 bridge vlan add dev vcl3 vid 20
	ip netns exec sw1 bridge vlan del dev vup vid 1
	ip netns exec sw2 bridge vlan del dev vdn vid 1
	ip netns exec sw2 bridge vlan del dev vsrv vid 1
	for v in 10 20; do
		ip netns exec sw1 bridge vlan add dev vup vid "$v"
		ip netns exec sw2 bridge vlan add dev vdn vid "$v"
		ip netns exec sw2 bridge vlan add dev vsrv vid "$v"
		ip -n srv link add link srv0 name "srv0.$v" type vlan id "$v"
		ip -n srv link set "srv0.$v" up
		ip -n srv addr add "2001:db8:$v::1/64" dev "srv0.$v" nodad
	done
	ip -n c3 link add link c3 name c3.20 type vlan id 20
	ip -n c3 link set c3.20 up
	for n in $CLIENTS; do
		wait_for 5 ll_of "c$n" "${IFC[$n]}" >/dev/null
		LL[$n]=$(ll_of "c$n" "${IFC[$n]}")
	done
	# Software checksums, the bridges' ports' too: the captures then
	# show the real ones.
	for n in $CLIENTS; do
		sw_csum "c$n" "c$n"
		sw_csum sw1 "vcl$n"
	done
	sw_csum sw1 vup
	sw_csum sw2 vdn vsrv
	sw_csum srv srv0
	BR1MAC=$(mac_of sw1 br1)
	BR2MAC=$(mac_of sw2 br2)

	if ! { l2ractl sw1 bridge set dev br1 relay on &&
		l2ractl sw1 port set dev vup role trusted &&
		l2ractl sw1 port set dev vcl1 &&
		l2ractl sw1 port set dev vcl2 &&
		l2ractl sw1 port set dev vcl3 &&
		l2ractl sw2 bridge set dev br2 relay on &&
		l2ractl sw2 port set dev vdn role trusted &&
		l2ractl sw2 port set dev vsrv role trusted; }; then
		fail_all "cannot configure the LDRAs"
	fi

	cat >"$WORK/dhcpd6.conf" <<-EOF
		authoritative;
		default-lease-time 3600;
		preferred-lifetime 1800;
		max-lease-time 3600;
		subnet6 2001:db8:10::/64 {
			range6 2001:db8:10::100 2001:db8:10::1ff;
			prefix6 2001:db8:100:: 2001:db8:1ff:: /56;
		}
		subnet6 2001:db8:20::/64 {
			range6 2001:db8:20::100 2001:db8:20::1ff;
			prefix6 2001:db8:200:: 2001:db8:2ff:: /56;
		}
	EOF
	dhcpd6_start srv dhcpd6 srv0.10 srv0.20 ||
		fail_all "dhcpd -6 did not start"

	dhclient6_script addr
	# dhcpcd: DHCPv6 at once (no Router Advertisement), IA_NA and IA_PD
	# (the prefix requested, not assigned to an interface), no hooks.
	cat >"$WORK/dhcpcd.conf" <<-EOF
		ipv6only
		noipv6rs
		nohook resolv.conf, hostname, ntp.conf, timesyncd.conf
		script /bin/true
		interface c2
			ia_na 1
			ia_pd 2
	EOF

	capture_start srv srv0 srv "$FILTER6"
	capture_start sw1 vup vup "$FILTER6"
	for n in $CLIENTS; do
		capture_start "c$n" "c$n" "c$n" "$FILTER6"
	done
}

# ll_of NS IF: the link-local address of IF
ll_of()
{
	ip -n "$1" -6 -o addr show dev "$2" scope link |
		awk '{ split($4, a, "/"); print a[1]; exit }' | grep .
}

# gua_of NS IF PREFIX: the DHCPv6 address in PREFIX (2001:db8:VID::) on IF
gua_of()
{
	ip -n "$1" -6 -o addr show dev "$2" scope global |
		awk -v p="$3" 'index($4, p) == 1 { split($4, a, "/"); print a[1]; exit }'
}

# decode NAME: capture NAME decoded once (tshark is slow to start under
# emulation) into $WORK/NAME.d6, one line per DHCPv6 frame, tab-separated:
#   vid src dst sport dport msgtypes hopcounts peeraddrs ifids payload
#   malformed severity
# (nested values comma-separated, outermost first; "-" when absent; UDP
# checksums checked; severity the highest expert one, 0 if none)
decode()
{
	local f=$WORK/$1.d6

	[ "$f" -nt "$WORK/$1.pcap" ] && return
	tshark -r "$WORK/$1.pcap" -o udp.check_checksum:TRUE -Y udp \
		-T fields -E separator=/t -E occurrence=a -E aggregator=, \
		-e vlan.id -e ipv6.src -e ipv6.dst -e udp.srcport \
		-e udp.dstport -e dhcpv6.msgtype -e dhcpv6.hopcount \
		-e dhcpv6.peeraddr -e dhcpv6.interface_id -e udp.payload \
		-e _ws.malformed -e _ws.expert.severity 2>/dev/null |
		awk -F'\t' -v OFS='\t' '{
			for (i = 1; i <= 12; i++) if ($i == "") $i = "-"
			if ($11 != "-") $11 = "malformed"
			gsub(/:/, "", $10)
			n = split($12, s, ",")
			m = 0
			for (i = 1; i <= n; i++) if (s[i] + 0 > m) m = s[i] + 0
			$12 = m
			print }' >"$f"
}

# dhcp6 NAME: the first 9 fields of decode, space-separated
dhcp6()
{
	decode "$1"
	cut -f 1-9 "$WORK/$1.d6" | tr '\t' ' '
}

# payloads NAME AWK-CONDITION: the UDP payloads (hex) of capture NAME
# whose decode line meets the condition
payloads()
{
	decode "$1"
	awk -F'\t' "$2 { print \$10 }" "$WORK/$1.d6"
}

# hexid TEXT: TEXT in hex, as tshark prints an Interface-ID
hexid()
{
	hexstr "$1" | tr -d :
}

bindings_obtained()
{
	local n a p pids=()

	ip netns exec c1 timeout 40 dhclient -6 -1 -v -N -P \
		-sf "$WORK/dhclient6.script" -lf "$WORK/dhclient6-c1.leases" \
		-pf "$WORK/dhclient6-c1.pid" c1 >"$WORK/dhclient6-c1.log" 2>&1 &
	pids+=($!)
	ip netns exec c2 timeout 40 dhcpcd -f "$WORK/dhcpcd.conf" -1 -6 -w \
		-t 35 -j "$WORK/dhcpcd-c2.log" c2 >"$WORK/dhcpcd-c2.out" 2>&1 &
	pids+=($!)
	ip netns exec c3 timeout 40 dhclient -6 -1 -v -N \
		-sf "$WORK/dhclient6.script" -lf "$WORK/dhclient6-c3.leases" \
		-pf "$WORK/dhclient6-c3.pid" c3.20 >"$WORK/dhclient6-c3.log" 2>&1 &
	pids+=($!)
	for n in $CLIENTS; do
		wait "${pids[$((n - 1))]}"
		check_err $? "c$n got no binding"
	done
	capture_stop_all
	for n in $CLIENTS; do
		a=$(gua_of "c$n" "${IFC[$n]}" "2001:db8:${VID[$n]}::")
		echo "c$n (VLAN ${VID[$n]}) got address ${a:-nothing}"
		[ -n "$a" ]
		check_err $? "c$n has no IA_NA address from VLAN ${VID[$n]}'s subnet"
	done
	p=$(cat "$WORK/prefix-c1" 2>/dev/null)
	echo "c1 got prefix ${p:-nothing}"
	[[ $p == 2001:db8:1*/56 ]]
	check_err $? "c1 (dhclient -6 -P) has no IA_PD prefix: '$p'"
	p=$(grep -o 'delegated prefix [0-9a-f:]*/56' "$WORK/dhcpcd-c2.log" | head -n 1)
	echo "c2 (dhcpcd) got ${p:-no prefix}"
	[[ $p == "delegated prefix 2001:db8:1"*/56 ]]
	check_err $? "c2 (dhcpcd) has no IA_PD prefix: $(tail -n 3 "$WORK/dhcpcd-c2.log" | tr '\n' ' ')"
	log_test "through two LDRAs: IA_NA (+ IA_PD) for dhclient and dhcpcd, per VLAN"
}

server_sees_nested_relay_forward()
{
	local n all good in out r1 r2

	r1=00030001$(echo "$BR1MAC" | tr -d :)
	r2=00030001$(echo "$BR2MAC" | tr -d :)
	for n in $CLIENTS; do
		in=$(hexid "br1:vcl$n:${VID[$n]}")
		out=$(hexid "br2:vdn:${VID[$n]}")
		all=$(dhcp6 srv | awk -v s="${LL[$n]}" '$2 == s' | wc -l)
		good=$(dhcp6 srv | awk -v s="${LL[$n]}" -v v="${VID[$n]}" \
			-v ifids="$out,$in" '
			$1 == v && $2 == s && $3 == "ff02::1:2" && $4 == 546 &&
			$5 == 547 && $6 ~ /^12,12,[13]$/ && $7 == "1,0" &&
			$8 == s "," s && $9 == ifids' | wc -l)
		[ "$all" -ge 2 ] && [ "$good" -eq "$all" ]
		check_err $? "c$n: $good of $all messages at the server are Relay-Forward hop 1 (br2:vdn:${VID[$n]}) around hop 0 (br1:vcl$n:${VID[$n]}) in VLAN ${VID[$n]}"
		# Each level carries its bridge's Relay-ID (option 53).
		all=$(payloads srv "\$2 == \"${LL[$n]}\"" | grep -c .)
		good=$(payloads srv "\$2 == \"${LL[$n]}\"" |
			grep "0035000a$r2" | grep -c "0035000a$r1")
		[ "$good" -eq "$all" ]
		check_err $? "c$n: $good of $all Relay-Forwards carry both Relay-IDs (br2 $BR2MAC, br1 $BR1MAC)"
	done
	log_test "server sees RELAY-FORW hop 1 (br2) around hop 0 (br1), right VLAN"
}

client_message_byte_for_byte()
{
	local n m k bad

	for n in $CLIENTS; do
		k=0
		bad=0
		payloads srv "\$2 == \"${LL[$n]}\"" >"$WORK/srv-$n.hex"
		while read -r m; do
			k=$((k + 1))
			# The client's message ends the Relay-Forward: option 9
			# of br1, itself the end of option 9 of br2.
			grep -q "$m\$" "$WORK/srv-$n.hex" || bad=$((bad + 1))
		done < <(payloads "c$n" "\$2 == \"${LL[$n]}\" && \$5 == 547")
		[ "$k" -ge 2 ] && [ "$bad" -eq 0 ]
		check_err $? "c$n: $bad of its $k messages are not at the server byte for byte"
	done
	log_test "the server gets each client message byte for byte, innermost"
}

br2_unwraps_once()
{
	local n all good

	for n in $CLIENTS; do
		# Between the LDRAs: br1's Relay-Reply, to port 547.
		all=$(dhcp6 vup | awk -v d="${LL[$n]}" '$3 == d && $5 != 547 || ($3 == d && $6 !~ /^13,/)' | wc -l)
		good=$(dhcp6 vup | awk -v d="${LL[$n]}" -v v="${VID[$n]}" \
			-v ifid="$(hexid "br1:vcl$n:${VID[$n]}")" '
			$1 == v && $3 == d && $4 == 547 && $5 == 547 &&
			$6 ~ /^13,[27]$/ && $9 == ifid' | wc -l)
		[ "$all" -eq 0 ] && [ "$good" -ge 2 ]
		check_err $? "c$n: between the LDRAs $good Relay-Replies of br1 (VLAN ${VID[$n]}, port 547), $all other replies"
		all=$(dhcp6 srv | awk -v d="${LL[$n]}" '$3 == d' | wc -l)
		good=$(dhcp6 srv | awk -v d="${LL[$n]}" '$3 == d && $6 ~ /^13,13,[27]$/' | wc -l)
		[ "$all" -ge 2 ] && [ "$good" -eq "$all" ]
		check_err $? "c$n: $good of $all server messages are Relay-Reply around Relay-Reply"
	done
	log_test "the Relay-Reply is unwrapped once by br2, once by br1"
}

replies_only_on_own_port_and_vlan()
{
	local n m k

	for n in $CLIENTS; do
		for m in $CLIENTS; do
			[ "$m" = "$n" ] && continue
			k=$(dhcp6 "c$m" | awk -v s="${LL[$n]}" '$2 == s || $3 == s' | wc -l)
			[ "$k" -eq 0 ]
			check_err $? "$k DHCPv6 messages of or for c$n appear on vcl$m"
		done
	done
	k=$(dhcp6 c3 | awk '$1 != 20' | wc -l)
	[ "$k" -eq 0 ]
	check_err $? "$k DHCPv6 messages on c3's link outside VLAN 20"
	for n in 1 2; do
		k=$(dhcp6 "c$n" | awk '$1 != "-"' | wc -l)
		[ "$k" -eq 0 ]
		check_err $? "$k tagged DHCPv6 messages on c$n's link"
	done
	log_test "replies only on the client's port, in its VLAN (tagged or not)"
}

# What the LDRAs emit is checked at the server (br2's Relay-Forwards),
# between the LDRAs (br1's Relay-Forwards, br2's unwrapped Relay-Replies)
# and at the clients (br1's unwrapped replies).  Every sender's transmit
# checksum offload is off, the bridge ports' too, so each checksum in a
# capture is the real one.
tshark_decodes_cleanly()
{
	local f bad

	for f in srv vup c1 c2 c3; do
		decode "$f"
		# 6291456: PI_WARN (0x00600000)
		bad=$(awk -F'\t' '$11 != "-" || $12 >= 6291456' "$WORK/$f.d6" | wc -l)
		[ "$bad" -eq 0 ]
		check_err $? "$f capture: tshark finds $bad malformed frames or expert warnings/errors (UDP checksums checked)"
	done
	log_test "tshark: no malformed frame, error or warning in any capture"
}

expect_stat()	# expect_stat NS PORT NAME VALUE
{
	local v

	v=$(stat "$1" "$3" ${2:+"$2"})
	[ "${v:-x}" = "$4" ]
	check_err $? "$1 ${2:-(namespace)} $3 = ${v:-none}, expected $4"
}

counters_match_captures()
{
	local n req rep name

	for n in $CLIENTS; do
		req=$(dhcp6 "c$n" | awk -v s="${LL[$n]}" '$2 == s && $5 == 547' | wc -l)
		rep=$(dhcp6 "c$n" | awk -v d="${LL[$n]}" '$3 == d && $5 == 546' | wc -l)
		expect_stat sw1 "vcl$n" v6_req_relayed "$req"
		expect_stat sw1 "vcl$n" v6_reply_unwrapped "$rep"
	done
	expect_stat sw2 vdn v6_relay_forw_wrapped "$(dhcp6 vup | awk '$5 == 547 && $6 ~ /^12,/' | wc -l)"
	expect_stat sw2 vdn v6_reply_unwrapped "$(dhcp6 vup | awk '$4 == 547 && $6 ~ /^13,/' | wc -l)"
	for name in v6_drop_malformed v6_drop_hop_limit v6_req_too_big \
		    v6_reply_foreign v6_drop_untrusted_server v6_req_relayed; do
		expect_stat sw2 "" "$name" 0
	done
	for name in v6_drop_malformed v6_req_too_big v6_reply_foreign \
		    v6_relay_forw_wrapped; do
		expect_stat sw1 "" "$name" 0
	done
	log_test "counters of both LDRAs match the captures"
	l2ractl sw1 -s port show | sed 's/^/    /'
	l2ractl sw2 -s port show | sed 's/^/    /'
}

# the captures' first field is the VLAN
clients_see_no_relay_messages_tagged() { clients_see_no_relay_messages 1; }

setup
run_all
