#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lightweight DHCPv6 Relay Agent (RFC 6221) and DHCPv6 guard: ISC dhcpd -6
# on the uplink (it takes a Relay-Forward with link-address ::), ISC
# dhclient -6 asking IA_NA and IA_PD on vcl1 (configured circuit-id) and
# vcl2 (default "br0:vcl2").  vcl3 is a subscriber port with a rogue on it
# (a real dhcpd -6 with preference 255 serving 2001:db8:bad::/64, and
# crafted ADVERTISE, REPLY, RELAY-REPL and RELAY-FORW from dhcp_inject);
# vcl4 is trusted, an LDRA below ours (a Relay-Forward from it is wrapped
# again, hop-count 1).
#
#   +-- srv ----------+     +-- sw: br0 (l2ra, relay6 on) ----------------+
#   | srv0 2001:db8:1::1+---+ vsrv (trusted)                              |
#   | dhcpd -6        |     |   vcl1 "cpe-1/port-1"  vcl2  vcl3  vcl4 (T) |
#   +-----------------+     +-----+-------------------+-----+-----+-------+
#                                 |                   |     |     |
#                 +-- c1 ---------+--+  +-- c2 -------+-+ +-+ c3 -+-+ +-+ c4 -+
#                 | dhclient -6 -N -P|  | dhclient -6  | | rogue   | | LDRA  |
#                 +------------------+  +--------------+ +---------+ +-------+
#
# Captures of UDP 546/547 on srv0 and c1..c3 are decoded with tshark.
ALL_TESTS="
	bindings_obtained
	rogue_dhcpd_ignored
	rogue_server_reaches_nobody
	relay_forw_from_untrusted_dropped
	relay_forw_from_trusted_wrapped_again
	server_sees_relay_forward
	tshark_decodes_cleanly
	clients_see_no_relay_messages
	replies_only_on_own_port
	requests_only_to_uplink
	counters_match_captures
	bridge_shows_relay6
	relay6_off_leaves_dhcpv6_alone
"
source "$(dirname "$0")/lib.sh"
require_cmd dhcpd dhclient tshark tcpdump

INJECT=$L2RA_ROOT/selftests/dhcp_inject
CLIENTS="1 2"
declare -A CID=([1]="cpe-1/port-1" [2]="br0:vcl2" [4]="br0:vcl4")
declare -A LL
FILTER6='udp port 546 or udp port 547'
ROGUE_N=5

setup()
{
	local n ns

	[ -x "$INJECT" ] || fail_all "dhcp_inject not built"
	l2ra_load
	ns_create srv sw c1 c2 c3 c4
	for ns in srv sw c1 c2 c3 c4; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0
	done
	br_create sw br0 mcast_snooping 0
	port_add sw br0 vsrv srv srv0
	for n in 1 2 3 4; do
		port_add sw br0 "vcl$n" "c$n" "c$n"
	done
	ip -n srv addr add 2001:db8:1::1/64 dev srv0 nodad
	for n in 1 2 3 4; do
		wait_for 5 ll_of "c$n" "c$n" >/dev/null
		LL[$n]=$(ll_of "c$n" "c$n")
	done

	l2ractl sw bridge set dev br0 relay on || fail_all "bridge set"
	l2ractl sw port set dev vsrv role trusted || fail_all "port set vsrv"
	l2ractl sw port set dev vcl1 circuit-id "${CID[1]}" || fail_all "port set vcl1"
	l2ractl sw port set dev vcl2 || fail_all "port set vcl2"
	l2ractl sw port set dev vcl3 || fail_all "port set vcl3"
	l2ractl sw port set dev vcl4 role trusted || fail_all "port set vcl4"
	BRMAC=$(mac_of sw br0)

	cat >"$WORK/dhcpd6.conf" <<-EOF
		authoritative;
		default-lease-time 3600;
		preferred-lifetime 1800;
		max-lease-time 3600;
		subnet6 2001:db8:1::/64 {
			range6 2001:db8:1::100 2001:db8:1::1ff;
			prefix6 2001:db8:100:: 2001:db8:1ff:: /56;
		}
	EOF
	dhcpd6_start srv dhcpd6 srv0 || fail_all "dhcpd -6 did not start"

	# The rogue: preference 255 makes a client take its ADVERTISE at once,
	# over any other (RFC 8415 section 18.2.1), if one ever reached it.
	ip -n c3 addr add 2001:db8:bad::1/64 dev c3 nodad
	cat >"$WORK/rogue6.conf" <<-EOF
		authoritative;
		option dhcp6.preference 255;
		subnet6 2001:db8:bad::/64 {
			range6 2001:db8:bad::100 2001:db8:bad::1ff;
			prefix6 2001:db8:bad0:: 2001:db8:bad0:ff00:: /56;
		}
	EOF
	dhcpd6_start c3 rogue6 c3 || fail_all "rogue dhcpd -6 did not start"

	dhclient6_script addr

	capture_start srv srv0 srv "$FILTER6"
	for n in 1 2 3; do
		capture_start "c$n" "c$n" "c$n" "$FILTER6"
	done
}

# ll_of NS IF: the link-local address of IF
ll_of()
{
	ip -n "$1" -6 -o addr show dev "$2" scope link |
		awk '{ split($4, a, "/"); print a[1]; exit }' | grep .
}

# gua_of NS IF: the DHCPv6 address (2001:db8:1::/64) on IF
gua_of()
{
	ip -n "$1" -6 -o addr show dev "$2" scope global |
		awk '$4 ~ /^2001:db8:1::/ { split($4, a, "/"); print a[1]; exit }'
}

# dhcp6 NAME: one line per DHCPv6 packet of the capture, tshark's fields:
# src dst sport dport msgtypes hopcounts linkaddrs peeraddrs ifids options
# (nested values comma-separated, outermost first; "-" when absent)
dhcp6()
{
	tshark -r "$WORK/$1.pcap" -Y dhcpv6 -T fields -E separator=' ' \
		-E occurrence=a -E aggregator=, \
		-e ipv6.src -e ipv6.dst -e udp.srcport -e udp.dstport \
		-e dhcpv6.msgtype -e dhcpv6.hopcount -e dhcpv6.linkaddr \
		-e dhcpv6.peeraddr -e dhcpv6.interface_id -e dhcpv6.option.type \
		2>/dev/null | awk '{ for (i = 1; i <= 10; i++) if ($i == "") $i = "-"; print }'
}

bindings_obtained()
{
	local n a p seen=

	for n in $CLIENTS; do
		ip netns exec "c$n" timeout 40 dhclient -6 -1 -v -N -P \
			-sf "$WORK/dhclient6.script" -lf "$WORK/dhclient6-c$n.leases" \
			-pf "$WORK/dhclient6-c$n.pid" "c$n" >>"$WORK/dhclient6-c$n.log" 2>&1
		check_err $? "c$n (dhclient -6 -N -P) got no binding"
		a=$(gua_of "c$n" "c$n")
		p=$(cat "$WORK/prefix-c$n" 2>/dev/null)
		echo "c$n got address ${a:-nothing}, prefix ${p:-nothing}"
		[ -n "$a" ]
		check_err $? "c$n has no IA_NA address from dhcpd -6"
		case $p in
		2001:db8:1*::/56) ;;
		*) check_err 1 "c$n has no IA_PD prefix from dhcpd -6: '$p'" ;;
		esac
		[[ -z $a || " $seen " != *" $a "* ]]
		check_err $? "c$n got $a, which another client has too"
		seen+=" $a $p"
	done
	log_test "dhcpd -6 through the LDRA: each client gets its IA_NA and IA_PD"
}

# A real rogue server on a subscriber port: it never hears a client (their
# messages go to the uplink only), and what it would send is dropped.
rogue_dhcpd_ignored()
{
	local n k

	for n in $CLIENTS; do
		k=$(ip -n "c$n" -6 -o addr show dev "c$n" | grep -c 2001:db8:bad:)
		[ "$k" -eq 0 ]
		check_err $? "c$n took an address from the rogue dhcpd -6"
		[[ "$(cat "$WORK/prefix-c$n" 2>/dev/null)" != 2001:db8:bad* ]]
		check_err $? "c$n took a prefix from the rogue dhcpd -6"
	done
	k=$(grep -c "Solicit message from" "$WORK/rogue6.log")
	[ "$k" -eq 0 ]
	check_err $? "the rogue dhcpd -6 heard $k Solicit(s)"
	log_test "rogue dhcpd -6 (preference 255) on a subscriber port: no client takes its address or prefix, it hears no client"
}

rogue_server_reaches_nobody()
{
	local c before after

	before=$(stat sw v6_drop_untrusted_server vcl3)
	for c in v6_advertise v6_reply v6_relay_repl; do
		ip netns exec c3 "$INJECT" c3 "$c" "$ROGUE_N" >/dev/null
		check_err $? "dhcp_inject $c failed"
	done
	sleep 0.5
	after=$(stat sw v6_drop_untrusted_server vcl3)
	[ "$((after - before))" -eq $((3 * ROGUE_N)) ]
	check_err $? "vcl3 v6_drop_untrusted_server went $before -> $after, expected +$((3 * ROGUE_N))"
	log_test "rogue ADVERTISE/REPLY/RELAY-REPL from a subscriber: dropped, counted"
}

relay_forw_from_untrusted_dropped()
{
	local before after

	before=$(stat sw v6_drop_relay_forw vcl3)
	ip netns exec c3 "$INJECT" c3 v6_relay_forw "$ROGUE_N" >/dev/null
	check_err $? "dhcp_inject v6_relay_forw failed"
	sleep 0.5
	after=$(stat sw v6_drop_relay_forw vcl3)
	[ "$((after - before))" -eq "$ROGUE_N" ]
	check_err $? "vcl3 v6_drop_relay_forw went $before -> $after, expected +$ROGUE_N"
	log_test "Relay-Forward from a subscriber port: dropped, counted"
}

relay_forw_from_trusted_wrapped_again()
{
	local before after

	before=$(stat sw v6_relay_forw_wrapped vcl4)
	ip netns exec c4 "$INJECT" c4 v6_relay_forw 1 >/dev/null
	check_err $? "dhcp_inject v6_relay_forw failed"
	sleep 0.5
	after=$(stat sw v6_relay_forw_wrapped vcl4)
	[ "$((after - before))" -eq 1 ]
	check_err $? "vcl4 v6_relay_forw_wrapped went $before -> $after, expected +1"
	capture_stop_all
	# Checked in the server capture: RELAY-FORW hop 1 around RELAY-FORW
	# hop 0 around SOLICIT, outer Interface-ID the trusted port's.
	dhcp6 srv | awk -v src="${LL[4]}" -v ifid="$(hexstr "${CID[4]}" | tr -d :)" '
		$1 == src {
			n++
			split($5, t, ","); split($6, h, ","); split($9, i, ",")
			if (t[1] == 12 && t[2] == 12 && t[3] == 1 &&
			    h[1] == 1 && h[2] == 0 && i[1] == ifid && i[2] == "726f6775652d6c647261")
				ok++
		}
		END { exit !(n == 1 && ok == 1) }'
	check_err $? "server capture: no RELAY-FORW hop 1 / RELAY-FORW hop 0 / SOLICIT from vcl4 with Interface-ID ${CID[4]}: $(dhcp6 srv | grep -F "${LL[4]}")"
	log_test "Relay-Forward from a trusted port: wrapped again, hop-count 1"
}

server_sees_relay_forward()
{
	local n all good ifid relay

	relay=$(echo "00:03:00:01:$BRMAC" | tr -d :)
	for n in $CLIENTS; do
		ifid=$(hexstr "${CID[$n]}" | tr -d :)
		all=$(dhcp6 srv | awk -v s="${LL[$n]}" '$1 == s' | wc -l)
		good=$(dhcp6 srv | awk -v s="${LL[$n]}" -v ifid="$ifid" '
			$1 == s && $2 == "ff02::1:2" && $3 == 546 && $4 == 547 {
				split($5, t, ","); split($9, i, ","); split($10, o, ",")
				# relay options: 18, 53, 9 (then the inner message)
				if (t[1] == 12 && (t[2] == 1 || t[2] == 3) &&
				    $6 == 0 && $7 == "::" && $8 == s && i[1] == ifid &&
				    o[1] == 18 && o[2] == 53 && o[3] == 9)
					n++
			}
			END { print n + 0 }')
		[ "$all" -ge 2 ] && [ "$good" -eq "$all" ]
		check_err $? "c$n: $good of $all messages at the server are Relay-Forward hop 0, link ::, peer ${LL[$n]}, Interface-ID ${CID[$n]}, Relay-ID, Relay Message"
	done
	# The Relay-ID's octets: a DUID-LL of the bridge's MAC.
	hexdump_has_relay_id "$relay"
	check_err $? "no Relay-ID 00:03:00:01:$BRMAC (option 53) in the Relay-Forwards"
	log_test "server sees Relay-Forward: hop 0, link ::, Interface-ID, Relay-ID"
}

# hexdump_has_relay_id HEX: every Relay-Forward from c1/c2 carries option
# 53 with HEX as its data
hexdump_has_relay_id()
{
	local want n k

	want=0035$(printf '%04x' $((${#1} / 2)))$1

	for n in $CLIENTS; do
		k=$(tshark -r "$WORK/srv.pcap" -Y "ipv6.src == ${LL[$n]}" -T fields \
			-e udp.payload 2>/dev/null | tr -d : | grep -c "$want")
		[ "$k" -ge 2 ] || return 1
	done
}

tshark_decodes_cleanly()
{
	local f bad

	for f in srv c1 c2 c3; do
		bad=$(tshark -r "$WORK/$f.pcap" -V 2>&1 | grep -ci 'malformed\|Expert Info (Error')
		[ "$bad" -eq 0 ]
		check_err $? "$f capture: tshark -V finds $bad malformed/error lines"
	done
	log_test "tshark -V decodes every capture without errors"
}

replies_only_on_own_port()
{
	local n m k

	for n in $CLIENTS; do
		for m in 1 2 3; do
			[ "$m" = "$n" ] && continue
			k=$(dhcp6 "c$m" | awk -v d="${LL[$n]}" '$2 == d' | wc -l)
			[ "$k" -eq 0 ]
			check_err $? "$k server messages for c$n appear on vcl$m"
		done
	done
	# The rogue's frames reach no other subscriber (nor the server).
	for m in srv c1 c2; do
		k=$(dhcp6 "$m" | awk -v s="${LL[3]}" '$1 == s' | wc -l)
		[ "$k" -eq 0 ]
		check_err $? "$k of the rogue's DHCPv6 frames reach $m"
	done
	log_test "replies only on the client's own port; the rogue reaches nobody"
}

requests_only_to_uplink()
{
	local n m k

	for n in $CLIENTS; do
		for m in 1 2 3; do
			[ "$m" = "$n" ] && continue
			k=$(dhcp6 "c$m" | awk -v s="${LL[$n]}" '$1 == s' | wc -l)
			[ "$k" -eq 0 ]
			check_err $? "$k client messages of c$n reach vcl$m"
		done
	done
	log_test "client messages never flooded to other subscriber ports"
}

counters_match_captures()
{
	local n v sent got name

	for n in $CLIENTS; do
		sent=$(dhcp6 "c$n" | awk -v s="${LL[$n]}" '$1 == s && $4 == 547' | wc -l)
		got=$(dhcp6 "c$n" | awk -v d="${LL[$n]}" '$2 == d && $4 == 546' | wc -l)
		v=$(stat sw v6_req_relayed "vcl$n")
		[ "${v:-x}" = "$sent" ]
		check_err $? "vcl$n v6_req_relayed = ${v:-none}, capture says $sent"
		v=$(stat sw v6_reply_unwrapped "vcl$n")
		[ "${v:-x}" = "$got" ]
		check_err $? "vcl$n v6_reply_unwrapped = ${v:-none}, capture says $got"
	done
	for name in v6_drop_malformed v6_req_too_big v6_reply_foreign \
		    v6_drop_hop_limit drop_untrusted_server drop_malformed; do
		v=$(stat sw "$name")
		[ "${v:-x}" = 0 ]
		check_err $? "namespace $name = ${v:-none}, expected 0"
	done
	log_test "l2ractl -j stats match the captures"
	l2ractl sw -s port show | sed 's/^/    /'
}

bridge_shows_relay6()
{
	l2ractl sw bridge show dev br0 | grep -q ' relay6 on enterprise 0'
	check_err $? "bridge show: $(l2ractl sw bridge show dev br0)"
	l2ractl sw bridge set dev br0 enterprise 4491
	check_err $? "bridge set enterprise 4491 failed"
	l2ractl sw -j bridge show dev br0 | grep -q '"relay6": *true.*"enterprise": *4491'
	check_err $? "bridge show -j: $(l2ractl sw -j bridge show dev br0)"
	log_test "bridge show: relay6 on by default, enterprise settable"
}

relay6_off_leaves_dhcpv6_alone()
{
	local before after

	l2ractl sw bridge set dev br0 relay6 off
	check_err $? "bridge set relay6 off failed"
	capture_start srv srv0 srv-off "$FILTER6"
	before=$(stat sw v6_drop_untrusted_server vcl3)
	ip netns exec c3 "$INJECT" c3 v6_solicit 1 >/dev/null
	ip netns exec c3 "$INJECT" c3 v6_advertise 1 >/dev/null
	sleep 0.5
	capture_stop_all
	after=$(stat sw v6_drop_untrusted_server vcl3)
	[ "$before" = "$after" ]
	check_err $? "relay6 off: vcl3 v6_drop_untrusted_server $before -> $after"
	dhcp6 srv-off | awk -v s="${LL[3]}" '$1 == s && $5 == 1 { n++ } END { exit n != 1 }'
	check_err $? "relay6 off: the SOLICIT did not reach the server as it was"
	l2ractl sw bridge set dev br0 relay6 on
	log_test "relay6 off: DHCPv6 passes untouched"
}

setup
run_all
