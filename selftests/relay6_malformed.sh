#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Malformed and unusual DHCPv6 frames (selftests/dhcp6_inject) into the
# LDRA: from a subscriber port (vsub), and relay chains from the trusted
# uplink (vup).  Each case is sent COUNT times and must change exactly the
# counters it names, nothing else; what the LDRA wraps must reach the
# uplink as a Relay-Forward with the port's Interface-ID that tshark
# decodes without errors (UDP checksums checked); what it leaves alone
# (too big to wrap) must reach it octet for octet; what it drops reaches
# nobody.  Frames that are not DHCPv6 to the filter (a later fragment, an
# extension header running past the packet) are the bridge's: they count
# nowhere and reach the uplink as sent.  No frame of any other case reaches
# the other subscriber (vsub2), and the kernel logs no WARN or BUG.
#
#   +-- m6-srv ------+     +-- m6-sw: br0 (l2ra) -----------+     +-- m6-sub ---+
#   | s0, tcpdump    +-----+ vup (trusted)            vsub  +-----+ c0 injector |
#   | dhcp6_inject   |     |                          vsub2 +--+  +-------------+
#   +----------------+     +--------------------------------+  |  +-- m6-sub2 --+
#                           every link MTU 9000                +--+ c2 tcpdump  |
#                                                                 +-------------+
ALL_TESTS="
	cases_counted
	relayed_reach_uplink
	tshark_decodes_relayed
	untouched_reach_uplink
	dropped_reach_nobody
	no_kernel_warning
"
source "$(dirname "$0")/lib.sh"
require_cmd tcpdump tshark

COUNT=${INJECT_COUNT:-3}
INJECT=$L2RA_ROOT/selftests/dhcp6_inject
# Every injected frame has a flow label 0x4c3NN (NN: the case's number).
FLOWS='(ip6[0:4] & 0xfff00) = 0x4c300'
CAP_FILTER="(ip6 and $FLOWS) or vlan"

# case  from  counters (namespace deltas, xN: times COUNT)  at the uplink:
#   relay:ID  COUNT Relay-Forwards hop 0, Interface-ID ID, around the case
#   asis      COUNT frames, the octets sent
#   none      nothing
# The counters of a case are all that may change; "-" none at all.
CASES="
	solicit		sub	v6_req_relayed,v6_req_not_uplink	relay:br0:vsub
	opt_overrun	sub	v6_drop_malformed			none
	opt_hdr_cut	sub	v6_drop_malformed			none
	ia_short	sub	v6_drop_malformed			none
	iaaddr_short	sub	v6_drop_malformed			none
	iaprefix_129	sub	v6_drop_malformed			none
	msg_short	sub	v6_drop_malformed			none
	type0		sub	v6_drop_malformed			none
	relay_trunc	sub	v6_drop_malformed			none
	relay_short	sub	v6_drop_malformed			none
	udp_csum_bad	sub	v6_drop_malformed			none
	udp_csum_zero	sub	v6_drop_malformed			none
	udp_len_short	sub	v6_drop_malformed			none
	udp_len_long	sub	v6_drop_malformed			none
	plen_long	sub	v6_drop_malformed			none
	jumbogram	sub	v6_drop_malformed			none
	ext_hbh_dst	sub	v6_req_relayed,v6_req_not_uplink	relay:br0:vsub
	ext_overrun	sub	-					asis
	frag_first	sub	drop_fragment				none
	frag_next	sub	-					asis
	jumbo		sub	v6_req_too_big,v6_req_not_uplink	asis
	jumbo_fit	sub	v6_req_relayed,v6_req_not_uplink	relay:br0:vsub
	vlan		sub	v6_req_relayed,v6_req_not_uplink	relay:br0:vsub:100
	qinq		sub	v6_req_relayed,v6_req_not_uplink	relay:br0:vsub:200
	eth_pad		sub	v6_req_relayed,v6_req_not_uplink	relay:br0:vsub
	reconfigure	sub	v6_drop_untrusted_server		none
	leasequery	sub	v6_drop_other				none
	relay_hop7	up	v6_relay_forw_wrapped,v6_req_not_uplinkx2	none
	relay_hop8	up	v6_drop_hop_limit			none
	relay_deep40	up	v6_drop_hop_limit			none
"
# Not DHCPv6 to the filter: flooded like any frame, so vsub2 gets them too.
FLOODED="ext_overrun frag_next"

setup()
{
	local l ns

	l2ra_load
	[ -x "$INJECT" ] || fail_all "$INJECT not built (make selftests)"
	ns_create m6-srv m6-sw m6-sub m6-sub2
	for ns in m6-srv m6-sub m6-sub2; do
		# Quiet hosts: no ND or MLD of their own in the captures.
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
	done
	br_create m6-sw br0 mcast_snooping 0
	port_add m6-sw br0 vup m6-srv s0
	port_add m6-sw br0 vsub m6-sub c0
	port_add m6-sw br0 vsub2 m6-sub2 c2
	for l in "m6-sw vup" "m6-sw vsub" "m6-sw vsub2" "m6-srv s0" \
		 "m6-sub c0" "m6-sub2 c2" "m6-sw br0"; do
		# shellcheck disable=SC2086
		ip -n ${l% *} link set ${l#* } mtu 9000
	done
	sw_csum m6-sw vup vsub vsub2
	# br_netfilter (built into the debug kernel) would drop the frames
	# with bad IPv6 lengths before l2ra sees them: not here.
	ip netns exec m6-sw sysctl -qw net.bridge.bridge-nf-call-ip6tables=0 \
		2>/dev/null || true
	l2ractl m6-sw bridge set dev br0 relay on || fail_all "bridge set"
	l2ractl m6-sw port set dev vup role trusted || fail_all "port set vup"
	l2ractl m6-sw port set dev vsub || fail_all "port set vsub"
	l2ractl m6-sw port set dev vsub2 || fail_all "port set vsub2"
	S0MAC=$(mac_of m6-srv s0)
	flows_load
	dmesg_mark=$(dmesg | wc -l)
	capture_start m6-srv s0 srv "$CAP_FILTER"
	capture_start m6-sub c0 sub "$CAP_FILTER"
	capture_start m6-sub2 c2 sub2 "$CAP_FILTER"
}

# FLOW[CASE]: the flow label of CASE's frames, as tshark prints it;
# TFLOW[CASE] as tcpdump does
declare -A FLOW TFLOW
flows_load()
{
	local name f

	while read -r name f _; do
		printf -v "FLOW[$name]" '0x%06x' "$f"
		TFLOW[$name]=$f
	done < <("$INJECT" -l)
}

# seen NAME: "flow count" for each flow label in capture NAME (tcpdump:
# quick to start, and it prints the flow label of every IPv6 frame)
seen()
{
	tcpdump -nn -v -r "$WORK/$1.pcap" 2>/dev/null |
		grep -o 'flowlabel 0x[0-9a-f]*' | sort | uniq -c |
		awk '{ print $3, $1 }'
}

# cases_counted: inject every case; only its counters change, by COUNT
cases_counted()
{
	local name from ctrs where want got c k
	declare -A before after

	while read -r name from ctrs where; do
		[ -n "$name" ] || continue
		stats_snap m6-sw before
		if [ "$from" = up ]; then
			ip netns exec m6-srv "$INJECT" s0 "$name" "$COUNT" >/dev/null
		else
			ip netns exec m6-sub "$INJECT" c0 "$name" "$COUNT" >/dev/null
		fi
		check_err $? "dhcp6_inject $name failed"
		sleep 0.1
		stats_snap m6-sw after
		want=
		if [ "$ctrs" != - ]; then
			for c in ${ctrs//,/ }; do
				k=1
				[[ $c == *x2 ]] && k=2 && c=${c%x2}
				want+=" $c+$((k * COUNT))"
			done
		fi
		want=$(echo "${want:- none}" | tr ' ' '\n' | sort | tr '\n' ' ')
		got=$(deltas before after | tr ' ' '\n' | sort | tr '\n' ' ')
		[ "$got" = "$want" ]
		check_err $? "$name: counters changed:$got expected:$want"
		[ "$got" = "$want" ] || echo "    $name: got$got want$want"
	done <<<"$CASES"
	capture_stop_all
	log_test "every case lands in its own counters, $COUNT each"
	l2ractl m6-sw -s port show | sed 's/^/    /'
}

# frames: the uplink's capture decoded once (tshark is slow to start under
# emulation) into $WORK/srv.frames, one line per IPv6 frame not sent by s0:
#   src flow msgtypes hopcounts ifids len malformed severity
# ("-" for an empty field; UDP checksums checked; severity the highest
# expert one, 0 if none)
frames()
{
	tshark -r "$WORK/srv.pcap" -o udp.check_checksum:TRUE -Y ipv6 \
		-T fields -E separator=/t -E occurrence=a -E aggregator=, \
		-e eth.src -e ipv6.flow -e dhcpv6.msgtype -e dhcpv6.hopcount \
		-e dhcpv6.interface_id -e frame.len -e _ws.malformed \
		-e _ws.expert.severity 2>/dev/null |
		awk -F'\t' -v OFS=' ' -v me="$S0MAC" '$1 != me {
			for (i = 1; i <= 8; i++) if ($i == "") $i = "-"
			if ($7 != "-") $7 = "malformed"
			n = split($8, s, ",")
			m = 0
			for (i = 1; i <= n; i++) if (s[i] + 0 > m) m = s[i] + 0
			$8 = m
			print }' >"$WORK/srv.frames"
}

relayed_reach_uplink()
{
	local name from ctrs where id n good

	frames
	while read -r name from ctrs where; do
		[[ $where == relay:* ]] || continue
		id=$(hexstr "${where#relay:}" | tr -d :)
		n=$(awk -v f="${FLOW[$name]}" '$2 == f' "$WORK/srv.frames" | wc -l)
		good=$(awk -v f="${FLOW[$name]}" -v id="$id" '
			$2 == f && $3 ~ /^12,[0-9]+$/ && $4 == 0 && $5 == id' \
			"$WORK/srv.frames" | wc -l)
		[ "$n" -eq "$COUNT" ] && [ "$good" -eq "$COUNT" ]
		check_err $? "$name: $good of $n frames at the uplink are a Relay-Forward hop 0 with Interface-ID ${where#relay:} (want $COUNT)"
	done <<<"$CASES"
	log_test "wrapped cases reach the uplink: hop 0, the port's Interface-ID"
}

tshark_decodes_relayed()
{
	local name from ctrs where bad=0

	while read -r name from ctrs where; do
		[[ $where == relay:* ]] || continue
		# 6291456: PI_WARN (0x00600000)
		bad=$((bad + $(awk -v f="${FLOW[$name]}" \
			'$2 == f && ($7 != "-" || $8 >= 6291456)' "$WORK/srv.frames" | wc -l)))
	done <<<"$CASES"
	[ "$bad" -eq 0 ]
	check_err $? "tshark finds $bad malformed frames or expert warnings/errors in what the LDRA sent"
	log_test "tshark decodes every Relay-Forward without errors or warnings"
}

# octets NAME CASE: the frames of CASE in capture NAME, one hex line each
octets()
{
	tcpdump -n -t -xx -r "$WORK/$1.pcap" \
		"ip6 and (ip6[0:4] & 0xfffff) = ${FLOW[$2]}" 2>/dev/null | awk '
	/^\t0x/ { sub(/^\t0x[0-9a-f]+: +/, ""); gsub(/ /, ""); h = h $0; next }
	{ if (h != "") print h; h = "" }
	END { if (h != "") print h }' | sort
}

untouched_reach_uplink()
{
	local name from ctrs where a b

	while read -r name from ctrs where; do
		[ "$where" = asis ] || continue
		a=$(octets sub "$name")
		b=$(octets srv "$name")
		[ "$(echo "$a" | grep -c .)" -eq "$COUNT" ] && [ "$a" = "$b" ]
		check_err $? "$name: the uplink did not get the $COUNT frames as sent ($(echo "$b" | grep -c .) there)"
	done <<<"$CASES"
	log_test "too big to wrap, or not DHCPv6: reaches the uplink as sent"
}

dropped_reach_nobody()
{
	local name from ctrs where n
	declare -A sub sub2
	local f k

	while read -r f k; do sub[$f]=$k; done < <(seen sub)
	while read -r f k; do sub2[$f]=$k; done < <(seen sub2)
	while read -r name from ctrs where; do
		[ -n "$name" ] || continue
		if [ "$where" = none ]; then
			n=$(awk -v f="${FLOW[$name]}" '$2 == f' "$WORK/srv.frames" | wc -l)
			[ "$n" -eq 0 ]
			check_err $? "$name: $n frames reach the uplink"
		fi
		[[ " $FLOODED " == *" $name "* ]] && continue
		n=${sub2[${TFLOW[$name]}]:-0}
		[ "$n" -eq 0 ]
		check_err $? "$name: $n frames reach the other subscriber"
		if [ "$from" = up ]; then
			n=${sub[${TFLOW[$name]}]:-0}
			[ "$n" -eq 0 ]
			check_err $? "$name (from the uplink): $n frames reach a subscriber"
		fi
	done <<<"$CASES"
	log_test "dropped frames reach nobody; no subscriber sees another's"
}

no_kernel_warning()
{
	local bad

	bad=$(dmesg | tail -n +"$((dmesg_mark + 1))" |
		grep -E 'WARNING:|BUG:|KASAN|UBSAN|kmemleak|Call Trace' | head -n 5)
	[ -z "$bad" ]
	check_err $? "dmesg: $bad"
	log_test "no WARN, BUG, KASAN or UBSAN report in dmesg"
}

setup
run_all
