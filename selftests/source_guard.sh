#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IP source guard, ARP inspection and static bindings (issue 15), with
# dnsmasq and busybox udhcpc: on a guarded untrusted port only what a lease
# (or a static binding) binds on that port and VLAN may be the source of
# IPv4 and ARP; DHCP itself passes; unguarded and trusted ports are not
# touched.  Every "dropped" is seen three ways: the ping fails, the frame is
# not in a capture beyond the bridge, and its drop_guard_* counter moves.
# dnsmasq gives fixed addresses (dhcp-host), so each check knows its
# address before the client asks for it.
#
#   +-- srv ---------------------+     +-- sw --------------------------------+
#   | srv0 192.0.2.1/24          +-----+ br0 (l2ra, no VLAN filtering)        |
#   | srv0.30 10.0.30.1/24       |     |  vsrv trusted                        |
#   |                            |     |  vcl1 ip-mac, arp-guard  (c1 .101)   |
#   |                            |     |  vcl2 unguarded          (c2 .60)    |
#   |                            |     |  vcl3 ip                 (c3 .103)   |
#   |                            |     |  vcl4 ip-mac, arp-guard  (c4.30 tagged|
#   | srv1 (trunk)               |     |                       10.0.30.104)   |
#   | srv1.10 10.0.10.1/24  20   +-----+ br1 (l2ra, vlan_filtering 1)         |
#   | srv1.20 10.0.20.1/24       |     |  vup trusted, tagged 10 20           |
#   | dnsmasq on all of them     |     |  vcl5 ip-mac, arp-guard, pvid 10     |
#   +----------------------------+     |       untagged (c5 10.0.10.105),     |
#                                      |       20 tagged (c5.20)              |
#                                      +--------------------------------------+
#
# c1..c5 are namespaces of their own, each with its end of the veth pair.
ALL_TESTS="
	guard_shown
	dhcp_passes_then_bound
	unbound_source_dropped
	renewal_updates_lease
	guard_without_relay
	ip_mac_mode
	arp_guard
	unguarded_port
	trusted_never_guarded
	release_stops
	expiry_stops
	static_binding
	vlan_tagged
	vlan_stacked
	vlan_pvid
	reload_restore
	counters_shown
"
source "$(dirname "$0")/lib.sh"
require_cmd dnsmasq busybox tcpdump bridge jq

SRV=192.0.2.1
declare -A MAC ADDR
ADDR=([1]=192.0.2.101 [3]=192.0.2.103 [4]=10.0.30.104 [5]=10.0.10.105)
SPOOF=192.0.2.99	# an address no lease binds
OTHER_MAC=02:00:5e:00:15:66

# configure: the relay and the guards (at setup, and again after rmmod)
configure()
{
	l2ractl sw bridge set dev br0 relay on &&
		l2ractl sw port set dev vsrv role trusted &&
		l2ractl sw port set dev vcl1 source-guard ip-mac arp-guard on &&
		l2ractl sw port set dev vcl2 &&
		l2ractl sw port set dev vcl3 source-guard ip &&
		l2ractl sw port set dev vcl4 source-guard ip-mac arp-guard on &&
		l2ractl sw bridge set dev br1 relay on &&
		l2ractl sw port set dev vup role trusted &&
		l2ractl sw port set dev vcl5 source-guard ip-mac arp-guard on
}

setup()
{
	local n

	l2ra_load
	ns_create srv sw c1 c2 c3 c4 c5
	br_create sw br0
	port_add sw br0 vsrv srv srv0
	for n in 1 2 3 4; do
		port_add sw br0 "vcl$n" "c$n" "c$n"
	done
	br_create sw br1 vlan_filtering 1
	port_add sw br1 vup srv srv1
	port_add sw br1 vcl5 c5 c5
	ip netns exec sw bridge vlan del dev vup vid 1
	ip netns exec sw bridge vlan del dev vcl5 vid 1
	ip netns exec sw bridge vlan add dev vup vid 10
	ip netns exec sw bridge vlan add dev vup vid 20
	ip netns exec sw bridge vlan add dev vcl5 vid 10 pvid untagged
	ip netns exec sw bridge vlan add dev vcl5 vid 20

	ip -n srv addr add "$SRV/24" dev srv0
	ip -n srv link add link srv0 name srv0.30 type vlan id 30
	ip -n srv link add link srv1 name srv1.10 type vlan id 10
	ip -n srv link add link srv1 name srv1.20 type vlan id 20
	ip -n srv addr add 10.0.30.1/24 dev srv0.30
	ip -n srv addr add 10.0.10.1/24 dev srv1.10
	ip -n srv addr add 10.0.20.1/24 dev srv1.20
	ip -n c4 link add link c4 name c4.30 type vlan id 30
	ip -n c5 link add link c5 name c5.20 type vlan id 20
	for n in srv0.30 srv1.10 srv1.20; do
		ip -n srv link set "$n" up
	done
	ip -n c4 link set c4.30 up
	ip -n c5 link set c5.20 up
	ip -n c2 addr add 192.0.2.60/24 dev c2
	for n in 1 2 3 5; do
		MAC[$n]=$(mac_of "c$n" "c$n")
	done
	MAC[4]=$(mac_of c4 c4.30)
	MAC[srv]=$(mac_of srv srv0)
	MAC[srv1]=$(mac_of srv srv1)

	configure || fail_all "l2ractl refused the relay or guard configuration"
	dnsmasq_start srv srv0 192.0.2.100 192.0.2.150 \
		--interface=srv0.30 --interface=srv1.10 \
		--dhcp-range=10.0.30.100,10.0.30.150,255.255.255.0,1h \
		--dhcp-range=10.0.10.100,10.0.10.150,255.255.255.0,1h \
		--dhcp-host="${MAC[1]},${ADDR[1]}" \
		--dhcp-host="${MAC[3]},${ADDR[3]}" \
		--dhcp-host="${MAC[4]},${ADDR[4]}" \
		--dhcp-host="${MAC[5]},${ADDR[5]}" ||
		fail_all "dnsmasq did not start"
}

# --- helpers ------------------------------------------------------------

# ping_from NS SRC DST [COUNT]: COUNT (1) echo requests from address SRC;
# succeeds if one is answered
ping_from()
{
	ip netns exec "$1" busybox ping -q -c "${4:-1}" -W 2 -I "$2" "$3" >/dev/null 2>&1
}

# pin_neigh NS IF ADDR MAC: a permanent neighbour entry, so that a ping
# sends no ARP (the IPv4 check alone is under test)
pin_neigh()
{
	ip -n "$1" neigh replace "$3" lladdr "$4" nud permanent dev "$2"
}

# addr_set NS IF ADDR/LEN: IF has exactly this IPv4 address
addr_set()
{
	ip -n "$1" -4 addr flush dev "$2"
	ip -n "$1" addr add "$3" dev "$2"
}

# delta NAME PORT BEFORE: how much counter NAME of PORT (in sw) grew
delta()
{
	echo $(( $(snap "$1" "$2") - $3 ))
}

# snap NAME PORT: counter NAME of PORT now
snap()
{
	local v

	v=$(stat sw "$1" "$2")
	echo "${v:-0}"
}

# has_addr NS IF ADDR: ADDR is IF's address
has_addr()
{
	[ "$(addr_of "$1" "$2")" = "$3" ]
}

# no_lease MAC: the lease table has no lease for MAC
no_lease()
{
	! l2ractl sw lease show | grep -qi "$1"
}

# expect_dropped NAME PORT BEFORE MIN WHAT: counter grew by MIN at least
expect_dropped()
{
	local d

	d=$(delta "$1" "$2" "$3")
	[ "$d" -ge "$4" ]
	check_err $? "$5: $1 on $2 grew by $d, expected >= $4"
}

# --- tests ----------------------------------------------------------------

guard_shown()
{
	local txt js

	txt=$(l2ractl sw port show dev vcl1)
	js=$(l2ractl sw -j port show dev vcl1)
	echo "$txt"
	grep -q 'source-guard ip-mac' <<<"$txt"
	check_err $? "port show vcl1 does not say 'source-guard ip-mac': $txt"
	grep -q 'arp-guard on' <<<"$txt"
	check_err $? "port show vcl1 does not say 'arp-guard on': $txt"
	grep -q '"source_guard": *"ip-mac"' <<<"$js"
	check_err $? "port show -j vcl1 has no \"source_guard\": \"ip-mac\": $js"
	grep -q '"arp_guard": *true' <<<"$js"
	check_err $? "port show -j vcl1 has no \"arp_guard\": true: $js"
	txt=$(l2ractl sw port show dev vcl2)
	grep -q 'source-guard ip' <<<"$txt"
	check_fail $? "port show vcl2 (unguarded) shows a source guard: $txt"
	log_test "port show: source-guard and arp-guard, text and JSON"
}

# The address dnsmasq will give c1 is dropped before the lease, passes
# after it: DHCP went through the guarded port, and the lease opened it.
dhcp_passes_then_bound()
{
	local b n ok=0

	pin_neigh c1 c1 "$SRV" "${MAC[srv]}"
	pin_neigh srv srv0 "${ADDR[1]}" "${MAC[1]}"
	addr_set c1 c1 "${ADDR[1]}/24"
	b=$(snap drop_guard_ip vcl1)
	capture_start srv srv0 dhcp1 "icmp and src host ${ADDR[1]}"
	ping_from c1 "${ADDR[1]}" "$SRV" 2
	check_fail $? "c1 pinged from ${ADDR[1]} before its lease"
	capture_stop_all
	n=$(pcap_count dhcp1)
	[ "$n" -eq 0 ]
	check_err $? "$n echo requests from ${ADDR[1]} reached srv0 before the lease"
	expect_dropped drop_guard_ip vcl1 "$b" 2 "before the lease"
	ip -n c1 -4 addr flush dev c1

	udhcpc_run c1 c1
	check_err $? "c1 got no lease through its guarded port"
	udhcpc_run c4 c4.30
	check_err $? "c4 (tagged, VLAN 30) got no lease through its guarded port"
	udhcpc_run c5 c5
	check_err $? "c5 (PVID 10) got no lease through its guarded port"
	[ "$(addr_of c1 c1)" = "${ADDR[1]}" ]
	check_err $? "c1 has '$(addr_of c1 c1)', not ${ADDR[1]}"
	l2ractl sw lease show
	for n in 1 2 3; do
		ping_from c1 "${ADDR[1]}" "$SRV" && ok=1 && break
	done
	[ "$ok" = 1 ]
	check_err $? "c1 cannot ping the server from its leased ${ADDR[1]}"
	log_test "DHCP passes a guarded port; the leased address then passes"
}

unbound_source_dropped()
{
	local b ba n

	ip -n c1 addr add "$SPOOF/32" dev c1
	pin_neigh c1 c1 "$SRV" "${MAC[srv]}"
	b=$(snap drop_guard_ip vcl1)
	ba=$(snap drop_guard_arp vcl1)
	capture_start srv srv0 spoof "src host $SPOOF"
	ping_from c1 "$SPOOF" "$SRV" 3
	check_fail $? "c1 pinged the server from the unbound $SPOOF"
	ping_from c1 "${ADDR[1]}" "$SRV"
	check_err $? "c1 cannot ping from its leased ${ADDR[1]} beside $SPOOF"
	capture_stop_all
	n=$(pcap_count spoof)
	[ "$n" -eq 0 ]
	check_err $? "$n frames from $SPOOF reached srv0"
	expect_dropped drop_guard_ip vcl1 "$b" 3 "pings from $SPOOF"
	[ "$(delta drop_guard_arp vcl1 "$ba")" -eq 0 ]
	check_err $? "drop_guard_arp moved: the ping from $SPOOF sent ARP (neighbour not pinned)"
	ip -n c1 addr del "$SPOOF/32" dev c1
	log_test "ip-mac port: another source address is dropped (drop_guard_ip)"
}

# The guard needs no relay: with the relay off on both bridges (the
# namespace's transaction table gone, l2ra's bridge hooks kept for the
# guarded ports) c1's port is still checked against its lease.
# lease_of MAC FIELD: a field of MAC's lease (JSON), empty if none
lease_of() { lease_field sw "$1" "$2"; }

# A DHCPACK renewing a lease writes its times in place (issue 14): the
# renewal is counted, the lifetime starts again, the address stays open.
# A lease whose address changes is replaced instead and moves in the
# guard's address index: the new address passes, the old one is dropped.
renewal_updates_lease()
{
	local e0 e1 b bn n new=192.0.2.150

	sleep 3
	e0=$(lease_of "${MAC[1]}" expires)
	b=$(snap lease_renew vcl1)
	bn=$(snap lease_new vcl1)
	udhcpc_run c1 c1
	check_err $? "c1 got no renewal"
	e1=$(lease_of "${MAC[1]}" expires)
	n=$(delta lease_renew vcl1 "$b")
	[ "$n" -ge 1 ]
	check_err $? "lease_renew on vcl1 grew by $n, expected >= 1"
	n=$(delta lease_new vcl1 "$bn")
	[ "$n" -eq 0 ]
	check_err $? "lease_new on vcl1 grew by $n on a renewal"
	[ -n "$e0" ] && [ -n "$e1" ] && [ "$e1" -gt "$e0" ]
	check_err $? "the renewal did not restart the lifetime: expires $e0 -> $e1"
	[ "$(lease_of "${MAC[1]}" addr)" = "${ADDR[1]}" ]
	check_err $? "c1's lease no longer holds ${ADDR[1]}"
	pin_neigh c1 c1 "$SRV" "${MAC[srv]}"
	ping_from c1 "${ADDR[1]}" "$SRV"
	check_err $? "c1 cannot ping from ${ADDR[1]} after its renewal"

	l2ractl sw lease add mac "${MAC[1]}" addr "$new" expires 600 dev vcl1
	check_err $? "lease add of c1 with a new address failed"
	[ "$(lease_of "${MAC[1]}" addr)" = "$new" ]
	check_err $? "c1's lease holds '$(lease_of "${MAC[1]}" addr)', not $new"
	pin_neigh srv srv0 "$new" "${MAC[1]}"
	addr_set c1 c1 "$new/24"
	pin_neigh c1 c1 "$SRV" "${MAC[srv]}"
	ping_from c1 "$new" "$SRV" 2
	check_err $? "c1 cannot ping from its new address $new"
	addr_set c1 c1 "${ADDR[1]}/24"
	pin_neigh c1 c1 "$SRV" "${MAC[srv]}"
	b=$(snap drop_guard_ip vcl1)
	ping_from c1 "${ADDR[1]}" "$SRV" 2
	check_fail $? "c1 still pings from its old address ${ADDR[1]}"
	expect_dropped drop_guard_ip vcl1 "$b" 2 "the old address"

	l2ractl sw lease add mac "${MAC[1]}" addr "${ADDR[1]}" expires 3600 \
		dev vcl1
	check_err $? "lease add of c1 with its address back failed"
	ping_from c1 "${ADDR[1]}" "$SRV" 2
	check_err $? "c1 cannot ping from ${ADDR[1]} once it is its lease again"
	log_test "a renewal restarts the lease in place; a new address moves the guard"
}

guard_without_relay()
{
	local b

	l2ractl sw bridge set dev br0 relay off &&
		l2ractl sw bridge set dev br1 relay off
	check_err $? "bridge set relay off refused"
	ip -n c1 addr add "$SPOOF/32" dev c1
	pin_neigh c1 c1 "$SRV" "${MAC[srv]}"
	b=$(snap drop_guard_ip vcl1)
	ping_from c1 "$SPOOF" "$SRV"
	check_fail $? "relay off: c1 pinged the server from the unbound $SPOOF"
	ping_from c1 "${ADDR[1]}" "$SRV"
	check_err $? "relay off: c1 cannot ping from its leased ${ADDR[1]}"
	expect_dropped drop_guard_ip vcl1 "$b" 1 "relay off, a ping from $SPOOF"
	ip -n c1 addr del "$SPOOF/32" dev c1
	l2ractl sw bridge set dev br0 relay on &&
		l2ractl sw bridge set dev br1 relay on
	check_err $? "bridge set relay on refused"
	log_test "relay off: a guarded port is still checked"
}

# c1 takes another MAC: its leased address from that MAC is dropped in
# ip-mac mode (IPv4 and ARP), passes in ip mode.
ip_mac_mode()
{
	local b bam n

	ip -n c1 link set c1 address "$OTHER_MAC"
	pin_neigh c1 c1 "$SRV" "${MAC[srv]}"
	pin_neigh srv srv0 "${ADDR[1]}" "$OTHER_MAC"
	b=$(snap drop_guard_ip_mac vcl1)
	bam=$(snap drop_guard_arp_mac vcl1)
	capture_start srv srv0 ipmac "(ip or arp) and ether src $OTHER_MAC"
	ping_from c1 "${ADDR[1]}" "$SRV" 2
	check_fail $? "c1 pinged from ${ADDR[1]} with MAC $OTHER_MAC in ip-mac mode"
	ip netns exec c1 busybox arping -q -c 2 -w 2 -I c1 -s "${ADDR[1]}" "$SRV"
	capture_stop_all
	n=$(pcap_count ipmac)
	[ "$n" -eq 0 ]
	check_err $? "$n frames from $OTHER_MAC reached srv0 in ip-mac mode"
	expect_dropped drop_guard_ip_mac vcl1 "$b" 2 "pings from $OTHER_MAC"
	expect_dropped drop_guard_arp_mac vcl1 "$bam" 2 "ARP from $OTHER_MAC"
	log_test "ip-mac: the leased address from another MAC is dropped"

	l2ractl sw port set dev vcl1 source-guard ip arp-guard off
	check_err $? "port set vcl1 source-guard ip failed"
	b=$(snap drop_guard_ip_mac vcl1)
	capture_start srv srv0 ipmode "icmp and ether src $OTHER_MAC"
	ping_from c1 "${ADDR[1]}" "$SRV" 2
	check_err $? "c1 cannot ping from ${ADDR[1]} with another MAC in ip mode"
	capture_stop_all
	n=$(pcap_count ipmode)
	[ "$n" -ge 1 ]
	check_err $? "no echo request from $OTHER_MAC at srv0 in ip mode"
	[ "$(delta drop_guard_ip_mac vcl1 "$b")" -eq 0 ]
	check_err $? "drop_guard_ip_mac moved in ip mode"
	log_test "ip mode: the leased address passes from another MAC"

	# (a new MAC flushes c1's neighbours, pinned ones too)
	ip -n c1 link set c1 address "${MAC[1]}"
	ip -n srv neigh del "${ADDR[1]}" dev srv0
	l2ractl sw port set dev vcl1 source-guard ip-mac arp-guard on
	check_err $? "port set vcl1 back to ip-mac failed"
}

# c1 claims the server's address by gratuitous ARP: neither the server nor
# the other subscriber c2 hears it.  c1's own ARP and an RFC 5227 probe pass.
arp_guard()
{
	local b n m filt

	ip netns exec c1 sysctl -qw net.ipv4.ip_nonlocal_bind=1
	# c2 knows the server: a gratuitous ARP would override that entry
	# (after the 1 s locktime) if it reached c2
	ping_from c2 192.0.2.60 "$SRV"
	check_err $? "c2 cannot ping the server"
	sleep 1.2
	b=$(snap drop_guard_arp vcl1)
	filt="arp and ether src ${MAC[1]}"
	capture_start srv srv0 arpsrv "$filt"
	capture_start c2 c2 arpc2 "$filt"
	ip netns exec c1 busybox arping -q -U -c 2 -I c1 -s "$SRV" "$SRV"
	ip netns exec c1 busybox arping -q -c 1 -w 2 -I c1 -s "${ADDR[1]}" "$SRV"
	check_err $? "c1's own ARP (sender ${ADDR[1]}) got no answer"
	ip netns exec c1 busybox arping -q -D -c 1 -w 1 -I c1 192.0.2.123
	capture_stop_all
	n=$(pcap_count arpsrv "arp src host $SRV")
	m=$(pcap_count arpc2 "arp src host $SRV")
	[ "$n" -eq 0 ] && [ "$m" -eq 0 ]
	check_err $? "gratuitous ARP for $SRV from c1 reached srv0 $n times, c2 $m times"
	expect_dropped drop_guard_arp vcl1 "$b" 2 "gratuitous ARP for $SRV"
	n=$(pcap_count arpsrv "arp src host ${ADDR[1]}")
	[ "$n" -ge 1 ]
	check_err $? "c1's own ARP (sender ${ADDR[1]}) did not reach srv0"
	n=$(pcap_count arpsrv "arp src host 0.0.0.0 and arp dst host 192.0.2.123")
	m=$(pcap_count arpc2 "arp src host 0.0.0.0 and arp dst host 192.0.2.123")
	[ "$n" -ge 1 ] && [ "$m" -ge 1 ]
	check_err $? "c1's RFC 5227 probe (sender 0.0.0.0) reached srv0 $n, c2 $m times"
	ip -n c2 neigh show dev c2 | grep -qi "^$SRV .*${MAC[1]}"
	check_fail $? "c2 believes $SRV is at c1's MAC: $(ip -n c2 neigh show dev c2)"
	ip netns exec c1 sysctl -qw net.ipv4.ip_nonlocal_bind=0
	# a spoof that got through must not break the next tests
	ip -n c2 neigh flush dev c2
	log_test "arp-guard: gateway spoofing dropped, own ARP and probes pass"
}

# c2 on the unguarded vcl2 has no lease, only a fixed address: it pings.
unguarded_port()
{
	local c

	ping_from c2 192.0.2.60 "$SRV"
	check_err $? "c2 (unguarded port, no lease) cannot ping the server"
	ip netns exec c2 busybox arping -q -U -c 1 -I c2 -s 192.0.2.60 192.0.2.60
	for c in drop_guard_ip drop_guard_ip_mac drop_guard_arp drop_guard_arp_mac; do
		[ "$(snap "$c" vcl2)" = 0 ]
		check_err $? "unguarded vcl2 counts $c = $(snap "$c" vcl2)"
	done
	log_test "an unguarded port on the same bridge is not filtered"
}

# A guard set on the trusted uplink does nothing; a guarded port made
# trusted is not guarded, and guarded again when untrusted.
trusted_never_guarded()
{
	local b

	l2ractl sw port set dev vsrv source-guard ip arp-guard on
	check_err $? "port set vsrv (trusted) source-guard ip refused"
	ping_from srv "$SRV" 192.0.2.60
	check_err $? "the server (trusted port, guard set) cannot ping c2"
	[ "$(snap drop_guard_ip vsrv)" = 0 ] && [ "$(snap drop_guard_arp vsrv)" = 0 ]
	check_err $? "the trusted vsrv counted guard drops"
	l2ractl sw port set dev vsrv source-guard off arp-guard off

	addr_set c3 c3 192.0.2.90/24
	b=$(snap drop_guard_ip vcl3)
	ping_from c3 192.0.2.90 "$SRV"
	check_fail $? "c3 pinged from the unbound 192.0.2.90 on guarded vcl3"
	l2ractl sw port set dev vcl3 role trusted
	ping_from c3 192.0.2.90 "$SRV"
	check_err $? "c3 cannot ping once vcl3 is trusted"
	l2ractl sw port set dev vcl3 role untrusted
	ping_from c3 192.0.2.90 "$SRV"
	check_fail $? "c3 pinged from 192.0.2.90 after vcl3 was untrusted again"
	expect_dropped drop_guard_ip vcl3 "$b" 2 "vcl3 untrusted"
	ip -n c3 -4 addr flush dev c3
	log_test "a trusted port is never guarded"
}

# udhcpc -R: the RELEASE removes the lease; the address, put back by hand,
# no longer passes.
release_stops()
{
	local b pid n

	ip netns exec c3 busybox udhcpc -i c3 -f -R -t 4 -T 2 \
		-s "$L2RA_ROOT/selftests/udhcpc.script" >>"$WORK/udhcpc-c3.log" 2>&1 &
	pid=$!
	wait_for 20 has_addr c3 c3 "${ADDR[3]}"
	check_err $? "c3 got no lease (udhcpc -R)"
	ping_from c3 "${ADDR[3]}" "$SRV"
	check_err $? "c3 cannot ping from its lease ${ADDR[3]}"
	kill "$pid"
	wait "$pid"
	wait_for 5 no_lease "${MAC[3]}"
	check_err $? "c3's lease still in the table after udhcpc released it"
	addr_set c3 c3 "${ADDR[3]}/24"
	b=$(snap drop_guard_ip vcl3)
	capture_start srv srv0 released "icmp and src host ${ADDR[3]}"
	ping_from c3 "${ADDR[3]}" "$SRV" 2
	check_fail $? "c3 still pings from ${ADDR[3]} after its RELEASE"
	capture_stop_all
	n=$(pcap_count released)
	[ "$n" -eq 0 ]
	check_err $? "$n echo requests from the released ${ADDR[3]} reached srv0"
	expect_dropped drop_guard_ip vcl3 "$b" 2 "after the release"
	ip -n c3 -4 addr flush dev c3
	log_test "after a RELEASE the client's traffic stops"
}

expiry_stops()
{
	local b n

	addr_set c3 c3 192.0.2.70/24
	# no ARP in the way: on the debug kernel (6-12 times slower) a 3 s
	# lease ran out during the first ping's ARP exchange
	pin_neigh c3 c3 "$SRV" "${MAC[srv]}"
	pin_neigh srv srv0 192.0.2.70 "${MAC[3]}"
	l2ractl sw lease add mac "${MAC[3]}" addr 192.0.2.70 expires 6 dev vcl3
	check_err $? "lease add (expires 6) failed"
	ping_from c3 192.0.2.70 "$SRV"
	check_err $? "c3 cannot ping from 192.0.2.70 while its lease lasts"
	wait_for 20 no_lease "${MAC[3]}"
	check_err $? "the 6 s lease did not expire in 20 s"
	b=$(snap drop_guard_ip vcl3)
	capture_start srv srv0 expired "icmp and src host 192.0.2.70"
	ping_from c3 192.0.2.70 "$SRV" 2
	check_fail $? "c3 still pings from 192.0.2.70 after its lease expired"
	capture_stop_all
	n=$(pcap_count expired)
	[ "$n" -eq 0 ]
	check_err $? "$n echo requests from the expired 192.0.2.70 reached srv0"
	expect_dropped drop_guard_ip vcl3 "$b" 2 "after the expiry"
	ip -n c3 -4 addr flush dev c3
	ip -n c3 neigh del "$SRV" dev c3
	ip -n srv neigh del 192.0.2.70 dev srv0
	log_test "after a lease expires the client's traffic stops"
}

# A host with a fixed address (c3, 192.0.2.80) passes with a static
# binding; DHCP for its MAC leaves the binding; binding del stops it.
static_binding()
{
	local b bs out js

	addr_set c3 c3 192.0.2.80/24
	ping_from c3 192.0.2.80 "$SRV"
	check_fail $? "c3 pinged from 192.0.2.80 before any binding"
	l2ractl sw binding add dev vcl3 mac "${MAC[3]}" ip 192.0.2.80
	check_err $? "binding add failed"
	ping_from c3 192.0.2.80 "$SRV"
	check_err $? "c3 cannot ping from its static binding 192.0.2.80"
	out=$(l2ractl sw binding show dev vcl3)
	echo "$out"
	grep -q "192.0.2.80" <<<"$out"
	check_err $? "binding show does not list 192.0.2.80: $out"
	out=$(l2ractl sw lease show dev vcl3)
	grep -q "static" <<<"$out"
	check_err $? "lease show does not mark the binding static: $out"
	js=$(l2ractl sw -j lease show dev vcl3)
	grep -q '"static": *true' <<<"$js"
	check_err $? "lease show -j has no \"static\": true: $js"

	bs=$(snap lease_static vcl3)
	udhcpc_run c3 c3
	check_err $? "c3 got no DHCP answer for its MAC"
	[ "$(delta lease_static vcl3 "$bs")" -ge 1 ]
	check_err $? "lease_static did not count the DHCPACK for the bound MAC"
	out=$(l2ractl sw lease show dev vcl3)
	grep -q "192.0.2.80 .*static\|static.*192.0.2.80" <<<"$out" &&
		! grep -q "${ADDR[3]}" <<<"$out"
	check_err $? "DHCP replaced the static binding: $out"
	addr_set c3 c3 192.0.2.80/24
	ping_from c3 192.0.2.80 "$SRV"
	check_err $? "c3 cannot ping from 192.0.2.80 after the DHCP exchange"

	l2ractl sw binding del mac "${MAC[3]}"
	check_err $? "binding del failed"
	b=$(snap drop_guard_ip vcl3)
	ping_from c3 192.0.2.80 "$SRV" 2
	check_fail $? "c3 still pings from 192.0.2.80 after binding del"
	expect_dropped drop_guard_ip vcl3 "$b" 2 "after binding del"
	ip -n c3 -4 addr flush dev c3
	log_test "static binding: passes, survives DHCP (lease_static), del stops it"
}

# c4 leased 10.0.30.104 tagged in VLAN 30 on br0: that passes; the same
# address untagged (VID 0) is dropped.
vlan_tagged()
{
	local b n

	ping_from c4 "${ADDR[4]}" 10.0.30.1
	check_err $? "c4.30 cannot ping from its VLAN 30 lease ${ADDR[4]}"
	ip -n c4 -4 addr flush dev c4.30
	addr_set c4 c4 "${ADDR[4]}/24"
	pin_neigh c4 c4 10.0.30.1 "${MAC[srv]}"
	b=$(snap drop_guard_ip vcl4)
	capture_start srv srv0 vlan0 "icmp and src host ${ADDR[4]}"
	ping_from c4 "${ADDR[4]}" 10.0.30.1 2
	capture_stop_all
	n=$(pcap_count vlan0)
	[ "$n" -eq 0 ]
	check_err $? "$n untagged echo requests from the VLAN 30 address reached srv0"
	expect_dropped drop_guard_ip vcl4 "$b" 2 "the VLAN 30 address untagged"
	ip -n c4 -4 addr flush dev c4
	ip -n c4 neigh flush dev c4
	ip -n c4 addr add "${ADDR[4]}/24" dev c4.30
	ping_from c4 "${ADDR[4]}" 10.0.30.1
	check_err $? "c4.30 cannot ping once its address is back on VLAN 30"
	log_test "VLAN: a tagged client is checked against its lease's VID"
}

# c4's VLAN 30 address on a VLAN 99 interface stacked on c4.30: the port
# takes the outer tag (30) and the IPv4 inside the inner one cannot be
# checked against a binding, so the frame is dropped (drop_vlan_depth),
# not waved through as "not IPv4".
vlan_stacked()
{
	local b n

	ip -n c4 link add link c4.30 name c4.30.99 type vlan id 99 &&
		ip -n c4 link set c4.30.99 up ||
		{ check_err 1 "cannot make c4.30.99"; log_test "VLAN: a stacked tag"; return; }
	addr_set c4 c4.30.99 "${ADDR[4]}/24"
	ip -n c4 -4 addr flush dev c4.30
	pin_neigh c4 c4.30.99 10.0.30.1 "${MAC[srv]}"
	b=$(snap drop_vlan_depth vcl4)
	capture_start srv srv0 stacked "vlan 30 and vlan 99"
	ping_from c4 "${ADDR[4]}" 10.0.30.1 2
	capture_stop_all
	n=$(pcap_count stacked)
	[ "$n" -eq 0 ]
	check_err $? "$n frames tagged 30 then 99 reached srv0"
	expect_dropped drop_vlan_depth vcl4 "$b" 2 "the VLAN 30 address behind a second tag"
	ip -n c4 link del c4.30.99
	ip -n c4 addr add "${ADDR[4]}/24" dev c4.30
	ping_from c4 "${ADDR[4]}" 10.0.30.1
	check_err $? "c4.30 cannot ping once its address is back on VLAN 30"
	log_test "VLAN: a second tag on a guarded port is dropped (drop_vlan_depth)"
}

# c5 leased 10.0.10.105 untagged on br1 (PVID 10): that passes; the same
# address tagged VLAN 20 is dropped.
vlan_pvid()
{
	local b n

	ping_from c5 "${ADDR[5]}" 10.0.10.1
	check_err $? "c5 (PVID 10) cannot ping from its lease ${ADDR[5]}"
	ip -n c5 -4 addr flush dev c5
	addr_set c5 c5.20 "${ADDR[5]}/24"
	pin_neigh c5 c5.20 10.0.10.1 "${MAC[srv1]}"
	b=$(snap drop_guard_ip vcl5)
	capture_start srv srv1 vlan20 "vlan 20 and icmp"
	ping_from c5 "${ADDR[5]}" 10.0.10.1 2
	capture_stop_all
	n=$(pcap_count vlan20)
	[ "$n" -eq 0 ]
	check_err $? "$n echo requests from the VLAN 10 address reached srv1 in VLAN 20"
	expect_dropped drop_guard_ip vcl5 "$b" 2 "the VLAN 10 address in VLAN 20"
	ip -n c5 -4 addr flush dev c5.20
	ip -n c5 neigh flush dev c5.20
	ip -n c5 addr add "${ADDR[5]}/24" dev c5
	ping_from c5 "${ADDR[5]}" 10.0.10.1
	check_err $? "c5 cannot ping once its address is back untagged"
	log_test "VLAN: an untagged client on a PVID port is checked in its PVID"
}

# rmmod + insmod: the guard is configured again and c1's traffic is
# dropped until its saved lease is added back; then it flows with no DHCP.
reload_restore()
{
	local js exp b n ok=0

	js=$(l2ractl sw -j lease show mac "${MAC[1]}")
	exp=$(sed -n 's/.*"expires": *\([0-9]*\).*/\1/p' <<<"$js")
	[ -n "$exp" ] && [ "$exp" -gt 0 ]
	check_err $? "no lease of c1 to save: $js"
	capture_start srv srv0 reload "udp port 67 or udp port 68 or (icmp and src host ${ADDR[1]})"
	rmmod l2ra
	check_err $? "rmmod failed"
	insmod "$L2RA_KO"
	check_err $? "insmod failed"
	configure
	check_err $? "configuration after the reload refused"
	pin_neigh c1 c1 "$SRV" "${MAC[srv]}"
	pin_neigh srv srv0 "${ADDR[1]}" "${MAC[1]}"
	b=$(snap drop_guard_ip vcl1)
	ping_from c1 "${ADDR[1]}" "$SRV"
	check_fail $? "c1 pinged after the reload before its lease was restored"
	expect_dropped drop_guard_ip vcl1 "$b" 1 "before the restore"
	l2ractl sw lease add mac "${MAC[1]}" addr "${ADDR[1]}" expires "${exp:-3600}" dev vcl1
	check_err $? "lease add (restore) failed"
	for n in 1 2 3; do
		ping_from c1 "${ADDR[1]}" "$SRV" && ok=1 && break
	done
	[ "$ok" = 1 ]
	check_err $? "c1 cannot ping after its lease was restored"
	capture_stop_all
	n=$(pcap_count reload "udp port 67 or udp port 68")
	[ "$n" -eq 0 ]
	check_err $? "$n DHCP packets at srv0 during the reload and restore"
	log_test "module reload + lease restore: traffic flows without DHCP"
}

counters_shown()
{
	local out c

	out=$(l2ractl sw stats)
	for c in drop_guard_ip drop_guard_ip_mac drop_guard_arp drop_guard_arp_mac lease_static; do
		grep -qw "$c" <<<"$out"
		check_err $? "l2ractl stats does not show $c"
	done
	[ "$(stat sw drop_guard_ip)" -ge 1 ]
	check_err $? "the namespace's drop_guard_ip is $(stat sw drop_guard_ip)"
	l2ractl sw -s port show
	log_test "l2ractl stats shows the guard counters"
}

setup
run_all
