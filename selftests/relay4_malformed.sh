#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Malformed and unusual DHCPv4 frames from a subscriber port: every case of
# dhcp_inject is sent COUNT times; each must end in the one outcome counter
# expected for it (and the sum of the outcome counters must grow by exactly
# the number of packets the relay can classify as DHCP), reach the server
# only when the relay forwards it, and what the relay forwards must decode
# cleanly in tshark (checksums validated).  Frames the relay cannot take for
# DHCP (a cut or short IP header, a later fragment) are the bridge's alone:
# they must reach the server octet for octet as sent, and count nowhere.  Then the option-82 policies on
# client option 82, and a final exchange shows the relay is not wedged.
#
#   +-- mal-srv --------+     +-- mal-sw --------------------+     +-- mal-sub ------+
#   | s0 192.0.2.1/24   +-----+ vup (trusted)  br0   vsub     +-----+ c0              |
#   | tcpdump, dnsmasq  |     |           relay on            |     | dhcp_inject     |
#   +-------------------+     +-------------------------------+     | udhcpc          |
#                              every link MTU 9000                  +-----------------+
ALL_TESTS="
	reference_good
	malformed_cases
	outcome_sum_total
	nothing_malformed_forwarded
	opt82_replace
	opt82_keep
	uplink_replies
	relay_off_untouched
	not_wedged
"
source "$(dirname "$0")/lib.sh"
require_cmd dnsmasq tcpdump tshark busybox

COUNT=${INJECT_COUNT:-5}
INJECT=$L2RA_ROOT/selftests/dhcp_inject
# Tagged frames: every one (only the injected ones are tagged here).  A
# "vlan and vlan and udp port 67" filter misses QinQ frames whose outer tag
# the kernel took out of the frame (seen on 6.1 and 6.12).
CAP_FILTER='udp port 67 or udp port 68 or vlan'
# The frames no "udp port" filter matches: an IP header cut short (no
# complete header in the frame), ihl 4, a later fragment (dhcp_inject's IP
# id 0x4c32).  This goes first: a BPF load past the end of a frame (the UDP
# ports of a 30-octet one) rejects it at once, and "vlan" shifts the
# offsets of what follows it.
RAW_CAPTURE='ip and (len < 34 or ip[0] = 0x44 or ip[4:2] = 0x4c32)'
SWEEP_FILTER="($RAW_CAPTURE) or udp port 67 or udp port 68 or vlan"
declare -A RAW_FILTER=(
	[ip_trunc]='ip and len < 34'
	[ip_ihl4]='ip and ip[0] = 0x44'
	[frag_next]='ip and ip[4:2] = 0x4c32 and ip[6:2] & 0x1fff != 0'
)
CID_HEX=$(printf %s "br0:vsub" | od -An -tx1 -v | tr -d ' \n')
CID_VLAN_HEX=$(printf %s "br0:vsub:100" | od -An -tx1 -v | tr -d ' \n')
# Double-tagged: the outer VLAN (802.1ad, VID 200), the one the bridge
# classifies, as Documentation/l2ra.rst says.
CID_QINQ_HEX=$(printf %s "br0:vsub:200" | od -An -tx1 -v | tr -d ' \n')

# The counters that are outcomes: every packet the relay inspects ends in
# exactly one of them (include/uapi/linux/l2ra.h).
OUTCOMES="req_added req_replaced req_kept req_trusted req_unicast req_too_big
	reply_steered reply_xid_steered reply_foreign reply_unknown
	drop_untrusted_server drop_spoofed_opt82 drop_chaddr drop_malformed
	drop_no_port drop_nomem drop_fragment drop_giaddr
	req_stripped trusted_unparsed drop_opt82_ours"

# case  outcome counter ("-": not DHCP to the relay)  at the server:
#   opt82: N frames with exactly one option 82, ours
#   opt82same: the same, and as long as sent (option 82 took the pad)
#   asis:  N frames, unchanged length, no option 82
#   none:  nothing with the case's xid
#   raw:   not DHCP to the relay: N frames (RAW_FILTER) at the server, the
#          very octets captured at the subscriber
CASES="
	ip_trunc	-			raw
	ip_ihl4		-			raw
	ip_totlen_long	drop_malformed		none
	ip_csum_bad	drop_malformed		none
	udp_len_long	drop_malformed		none
	udp_len_short	drop_malformed		none
	udp_csum_bad	drop_malformed		none
	bootp_short	drop_malformed		none
	bad_cookie	drop_malformed		none
	opt_overrun	drop_malformed		none
	no_end		drop_malformed		none
	overload_ok	req_added		opt82
	overload_bad	drop_malformed		none
	opt82_full	drop_spoofed_opt82	none
	opt82_mid	drop_spoofed_opt82	none
	overload_opt82	drop_spoofed_opt82	none
	frag_first	drop_fragment		none
	frag_next	-			raw
	jumbo		req_too_big		asis
	jumbo_fit	req_added		opt82
	vlan		req_added		opt82
	bootreply	drop_untrusted_server	none
	op_bad		drop_malformed		none
	chaddr_spoof	drop_chaddr		none
	giaddr_set	drop_giaddr		none
	maxmsg_tight	req_too_big		asis
	eth_pad		req_added		opt82
	qinq		req_added		opt82
	end_pad60	req_added		opt82same
	end_pad7	req_added		opt82
	udp_csum_zero	req_added		opt82
	opt82_many	drop_spoofed_opt82	none
"

setup()
{
	local l

	l2ra_load
	[ -x "$INJECT" ] || fail_all "$INJECT not built (make selftests)"
	ns_create mal-srv mal-sw mal-sub
	br_create mal-sw br0
	port_add mal-sw br0 vup mal-srv s0
	port_add mal-sw br0 vsub mal-sub c0
	for l in "mal-sw vup" "mal-sw vsub" "mal-srv s0" "mal-sub c0"; do
		# shellcheck disable=SC2086
		ip -n ${l% *} link set ${l#* } mtu 9000
	done
	ip -n mal-sw link set br0 mtu 9000
	sw_csum mal-sw vup vsub
	ip -n mal-srv addr add 192.0.2.1/24 dev s0
	l2ractl mal-sw bridge set dev br0 relay on
	l2ractl mal-sw port set dev vup role trusted
	l2ractl mal-sw port set dev vsub
	if [ "$(ip netns exec mal-sw sysctl -n net.bridge.bridge-nf-call-iptables 2>/dev/null)" = 1 ]; then
		BRNF=1
		echo "br_netfilter is active: $BRNF_DROPS are dropped before l2ra"
	fi
}

# br_netfilter (built into the debug kernel; a module Debian loads only on
# demand) checks the IPv4 header of every bridged frame in its own
# PRE_ROUTING hook, before l2ra's, when bridge-nf-call-iptables is on, and
# drops those whose total length or checksum is wrong: l2ra never sees
# them.  Nothing is forwarded either way.
BRNF_DROPS="ip_totlen_long ip_csum_bad"
BRNF=0
# ... and a frame without a whole IPv4 header, or with ihl < 5, never
# leaves br_netfilter's PRE_ROUTING either (br_validate_ipv4).
BRNF_RAW_DROPS="ip_trunc ip_ihl4"

# raw_want NAME: how many raw frames of case NAME the server must get
raw_want()
{
	if [ "$BRNF" = 1 ] && [[ " $BRNF_RAW_DROPS " == *" $1 "* ]]; then
		echo 0
	else
		echo "$COUNT"
	fi
}

# raw_frames NAME FILTER: the frames of capture NAME that FILTER matches,
# one line of hex octets each, sorted
raw_frames()
{
	tcpdump -n -t -xx -r "$WORK/$1.pcap" "$2" 2>/dev/null | awk '
	/^\t0x/ { sub(/^\t0x[0-9a-f]+: +/, ""); gsub(/ /, ""); h = h $0; next }
	{ if (h != "") print h; h = "" }
	END { if (h != "") print h }' | sort
}

# case_ctr NAME CTR: the counter a case must land in, given br_netfilter
case_ctr()
{
	if [ "$BRNF" = 1 ] && [[ " $BRNF_DROPS " == *" $1 "* ]]; then
		echo -
	else
		echo "$2"
	fi
}

# outcome_sum VAR: the sum of the outcome counters in snapshot VAR
outcome_sum()
{
	local -n _o=$1
	local c n=0

	for c in $OUTCOMES; do
		n=$((n + ${_o[$c]:-0}))
	done
	echo "$n"
}

# inject CASE [N]: send N (COUNT) frames of CASE from the subscriber
inject()
{
	ip netns exec mal-sub "$INJECT" c0 "$1" "${2:-$COUNT}"
}

# xid_base CASE: the xid dhcp_inject gives the first frame of CASE
xid_base()
{
	"$INJECT" -l | awk -v c="$1" '$1 == c { printf "0x4c32%02x00\n", NR - 1 }'
}

# decode NAME: one line per DHCP frame of capture NAME:
#   xid|frame length|option codes|circuit-ids|802.1Q VID|op|802.1ad VID
# (tshark is slow to start under emulation: decoded once per capture).
# Fails, saying why on stderr, when tshark does.
decode()
{
	local f=$WORK/$1.decoded

	if ! [ "$f" -nt "$WORK/$1.pcap" ]; then
		if ! tshark -r "$WORK/$1.pcap" -Y dhcp -T fields -E 'separator=|' \
			-E occurrence=a -E aggregator=, -e dhcp.id -e frame.len \
			-e dhcp.option.type \
			-e dhcp.option.agent_information_option.agent_circuit_id \
			-e vlan.id -e dhcp.type -e ieee8021ad.id \
			>"$f.tmp" 2>"$f.err"; then
			echo "tshark failed on $1.pcap: $(grep -v 'Running as user' "$f.err" | head -c 300)" >&2
			rm -f "$f.tmp"
			return 1
		fi
		tr -d ':' <"$f.tmp" >"$f"
	fi
	cat "$f"
}

# arrived NAME CASE [OP]: "frames opt82_ours no_opt82 lengths" for CASE's
# xids (only BOOTP op OP: 1 requests, 2 replies)
arrived()
{
	local base

	base=$(xid_base "$2")
	# An undecodable capture matches no expectation.
	decode "$1" >/dev/null || { echo "-1 -1 -1 (tshark failed)"; return; }
	decode "$1" | awk -F'|' -v lo="$((base))" -v cid="$CID_HEX" \
		-v vcid="$CID_VLAN_HEX" -v qcid="$CID_QINQ_HEX" -v op="${3:-}" '
	function hex(s,   i, v) {
		v = 0
		s = tolower(s)
		sub(/^0x/, "", s)
		for (i = 1; i <= length(s); i++)
			v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return v
	}
	{
		x = hex($1)
		if (x < lo || x > lo + 255 || (op != "" && $6 != op))
			next
		n++
		k = split($3, t, ",")
		c82 = 0
		for (i = 1; i <= k; i++)
			if (t[i] == 82)
				c82++
		# untagged: the port circuit-id; VID 100: with ":100";
		# 802.1ad 200 around 802.1Q 100: the outer VID, ":200", and
		# both tags kept
		if (c82 == 1 && (($5 $7 == "" && $4 == cid) ||
				 ($7 == "" && $5 == 100 && $4 == vcid) ||
				 ($7 == 200 && $5 == 100 && $4 == qcid)))
			ours++
		if (c82 == 0)
			plain++
		lens = lens " " $2
	}
	END { printf "%d %d %d%s\n", n, ours, plain, lens }'
}

# flagged NAME [EXCEPT]: frames of capture NAME tshark finds malformed or
# worse (but those the display filter EXCEPT matches); when tshark itself
# fails (a bad preference, an unreadable capture) or decodes no DHCP frame
# at all, a line saying so: never silence
flagged()
{
	local err=$WORK/$1.flagged.err n
	local filter='(_ws.malformed || _ws.expert.severity >= warning)'

	[ -z "${2:-}" ] || filter="$filter && !($2)"
	tshark -r "$WORK/$1.pcap" -o ip.check_checksum:TRUE \
		-o udp.check_checksum:TRUE \
		-Y "$filter" \
		-T fields -E occurrence=a -E aggregator=';' -e frame.number \
		-e dhcp.id -e _ws.expert.message 2>"$err" ||
		echo "tshark failed: $(grep -v 'Running as user' "$err" | head -c 300)"
	n=$(decode "$1" | grep -c .)
	[ "${n:-0}" -gt 0 ] || echo "tshark decoded no DHCP frame in $1.pcap"
}

dnsmasq_stop()
{
	local pid

	pid=$(cat "$WORK/dnsmasq-mal-srv.pid" 2>/dev/null) || return 0
	kill "$pid" 2>/dev/null
	wait_for 5 sh -c "! kill -0 $pid 2>/dev/null"
}

reference_good()
{
	local -A b a
	local st replies sum_b sum_a got

	dnsmasq_start mal-srv s0 192.0.2.100 192.0.2.150
	capture_start mal-srv s0 ref "$CAP_FILTER"
	stats_snap mal-sw b
	inject good
	sleep 1
	stats_snap mal-sw a
	capture_stop_all
	dnsmasq_stop

	st=$((a[req_added] - ${b[req_added]:-0}))
	[ "$st" -eq "$COUNT" ]
	check_err $? "req_added grew by $st, not $COUNT:$(deltas b a)"
	# The server's answers enter the bridge too: outcomes of their own.
	replies=$(tshark -r "$WORK/ref.pcap" -Y 'udp.srcport == 67' 2>/dev/null | wc -l)
	sum_b=$(outcome_sum b)
	sum_a=$(outcome_sum a)
	[ $((sum_a - sum_b)) -eq $((COUNT + replies)) ]
	check_err $? "outcomes grew by $((sum_a - sum_b)), want $COUNT + $replies replies:$(deltas b a)"
	read -r got _ <<<"$(arrived ref good 1)"
	[ "$got" -eq "$COUNT" ]
	check_err $? "server saw $got of $COUNT DISCOVERs"
	read -r _ got _ <<<"$(arrived ref good 1)"
	[ "$got" -eq "$COUNT" ]
	check_err $? "only $got of $COUNT DISCOVERs carry exactly our option 82"
	[ "$replies" -ge 1 ]
	check_err $? "dnsmasq answered none of the DISCOVERs"
	echo "reference: $COUNT DISCOVERs relayed, $replies answers;$(deltas b a)"
	log_test "reference: good DISCOVER gets option 82 (req_added)"
}

declare -A CASE_DELTA CASE_SUM CASE_LEN
TOTAL_CLASSIFIED=0
SWEEP_SUM=0

malformed_cases()
{
	local -A b a
	local name ctr where line len got ours plain lens want_sum k

	capture_start mal-srv s0 sweep "$SWEEP_FILTER"
	capture_start mal-sub c0 sweep-sub "$SWEEP_FILTER"
	stats_snap mal-sw b
	local -A first
	for k in "${!b[@]}"; do first[$k]=${b[$k]}; done
	while read -r name ctr where; do
		[ -n "$name" ] || continue
		ctr=$(case_ctr "$name" "$ctr")
		line=$(inject "$name")
		echo "$line"
		len=$(sed -n 's/.* len \([0-9]*\) .*/\1/p' <<<"$line")
		CASE_LEN[$name]=$len
		sleep 0.3
		stats_snap mal-sw a
		CASE_DELTA[$name]=$(deltas b a)
		CASE_SUM[$name]=$(( $(outcome_sum a) - $(outcome_sum b) ))
		if [ "$ctr" != - ]; then
			CASE_DELTA[$name.want]=$((a[$ctr] - ${b[$ctr]:-0}))
			TOTAL_CLASSIFIED=$((TOTAL_CLASSIFIED + COUNT))
		fi
		for k in "${!a[@]}"; do b[$k]=${a[$k]}; done
	done <<<"$CASES"
	capture_stop_all
	SWEEP_SUM=$(( $(outcome_sum a) - $(outcome_sum first) ))

	while read -r name ctr where; do
		[ -n "$name" ] || continue
		ctr=$(case_ctr "$name" "$ctr")
		want_sum=$COUNT
		[ "$ctr" = - ] && want_sum=0
		if [ "$ctr" != - ]; then
			[ "${CASE_DELTA[$name.want]}" -eq "$COUNT" ]
			check_err $? "$ctr grew by ${CASE_DELTA[$name.want]}, not $COUNT; changes:${CASE_DELTA[$name]}"
		fi
		[ "${CASE_SUM[$name]}" -eq "$want_sum" ]
		check_err $? "outcome counters grew by ${CASE_SUM[$name]}, want $want_sum; changes:${CASE_DELTA[$name]}"
		read -r got ours plain lens <<<"$(arrived sweep "$name")"
		case $where in
		raw)
			raw_check "$name"
			;;
		none)
			[ "$got" -eq 0 ]
			check_err $? "the server received $got frames of it"
			;;
		opt82|opt82same)
			[ "$got" -eq "$COUNT" ] && [ "$ours" -eq "$COUNT" ]
			check_err $? "server got $got frames, $ours with exactly our option 82 (want $COUNT)"
			[ "$where" = opt82 ] ||
				! tr ' ' '\n' <<<"${lens# }" | grep -qvx "${CASE_LEN[$name]}"
			check_err $? "lengths at the server$lens, sent ${CASE_LEN[$name]}: the pad was not reused"
			;;
		asis)
			[ "$got" -eq "$COUNT" ] && [ "$plain" -eq "$COUNT" ] &&
				! tr ' ' '\n' <<<"${lens# }" | grep -qvx "${CASE_LEN[$name]}"
			check_err $? "server got $got frames, $plain without option 82, lengths$lens (sent ${CASE_LEN[$name]})"
			;;
		esac
		echo "$name: changes:${CASE_DELTA[$name]}; at the server: $got frames,$lens octets"
		log_test "malformed: $name -> ${ctr/-/no counter (not DHCP to the relay)}, $where"
	done <<<"$CASES"
}

# raw_check CASE: the frames of CASE at the server are exactly those the
# subscriber sent (raw_want of them), and none decodes as DHCP
raw_check()
{
	local name=$1 sent srv want

	want=$(raw_want "$name")
	sent=$(raw_frames sweep-sub "${RAW_FILTER[$name]}")
	srv=$(raw_frames sweep "${RAW_FILTER[$name]}")
	[ "$(grep -c . <<<"$sent")" -eq "$COUNT" ]
	check_err $? "the subscriber's capture has $(grep -c . <<<"$sent") frames of it, not $COUNT: the filter misses them"
	[ "$(grep -c . <<<"$srv")" -eq "$want" ]
	check_err $? "the server got $(grep -c . <<<"$srv") frames of it, want $want"
	[ "$want" -eq 0 ] || [ "$srv" = "$sent" ]
	check_err $? "the frames at the server differ from those sent: $(diff <(echo "$sent") <(echo "$srv") | head -c 400)"
	[ "$got" -eq 0 ]
	check_err $? "$got frames of it decode as DHCP at the server"
	got="$(grep -c . <<<"$srv") raw"
}

outcome_sum_total()
{
	[ "$SWEEP_SUM" -eq "$TOTAL_CLASSIFIED" ]
	check_err $? "outcome counters grew by $SWEEP_SUM over the sweep, want $TOTAL_CLASSIFIED"
	log_test "malformed: outcome counters grew by exactly the classified ($TOTAL_CLASSIFIED)"
}

nothing_malformed_forwarded()
{
	local bad

	# The frames that are not DHCP to the relay are malformed as sent.
	bad=$(flagged sweep 'frame.len < 34 || ip.hdr_len < 20 || ip.frag_offset > 0')
	[ -z "$bad" ]
	check_err $? "tshark flags frames the relay forwarded: $(head -c 600 <<<"$bad")"
	log_test "malformed: tshark finds nothing malformed at the server"
}

# policy CASES...: with the port's opt82 policy set, each case lands in
# counter $want and reaches the server with option 82 as $check says
policy_run()
{
	local policy=$1 want=$2 check=$3 name got ours plain lens line bad
	local -A b a

	shift 3
	l2ractl mal-sw port set dev vsub opt82 "$policy"
	check_err $? "cannot set opt82 $policy"
	capture_start mal-srv s0 "opt82-$policy" "$CAP_FILTER"
	for name in "$@"; do
		stats_snap mal-sw b
		line=$(inject "$name")
		echo "$line"
		sleep 0.3
		stats_snap mal-sw a
		[ $((a[$want] - ${b[$want]:-0})) -eq "$COUNT" ] &&
			[ $(( $(outcome_sum a) - $(outcome_sum b) )) -eq "$COUNT" ]
		check_err $? "$name: want $want+$COUNT only, changes:$(deltas b a)"
	done
	capture_stop_all
	for name in "$@"; do
		read -r got ours plain lens <<<"$(arrived "opt82-$policy" "$name")"
		if [ "$check" = ours ]; then
			[ "$got" -eq "$COUNT" ] && [ "$ours" -eq "$COUNT" ]
			check_err $? "$name: server got $got frames, $ours with only our option 82"
		else
			[ "$got" -eq "$COUNT" ] && [ "$ours" -eq 0 ] && [ "$plain" -eq 0 ]
			check_err $? "$name: server got $got frames, $ours with ours, $plain without any"
		fi
	done
	bad=$(flagged "opt82-$policy")
	[ -z "$bad" ]
	check_err $? "tshark flags forwarded frames: $(head -c 600 <<<"$bad")"
	l2ractl mal-sw port set dev vsub opt82 drop
}

opt82_replace()
{
	policy_run replace req_replaced ours opt82_full opt82_mid overload_opt82 \
		opt82_many
	log_test "opt82 replace: client option 82 (255 octets, middle, in file, x5) replaced"
}

opt82_keep()
{
	policy_run keep req_kept theirs opt82_full opt82_mid
	log_test "opt82 keep: client option 82 forwarded as is (req_kept)"
}

# Replies injected on the uplink (s0) as a server would send them; what the
# subscriber c0 receives.  The bridge's relay-id is set to the one
# dhcp_inject puts in "our" option 82.
#   case  outcome  at the subscriber: stripped (N, no option 82), theirs
#   (N, option 82 untouched), plain (N, none sent), none
REPLY_CASES="
	reply_ours	reply_steered	stripped
	reply_noport	drop_no_port	none
	reply_foreign	reply_foreign	theirs
	reply_bad82	drop_malformed	none
	reply_plain	reply_unknown	plain
"

uplink_replies()
{
	local -A b a
	local name ctr where got ours plain lens bad

	l2ractl mal-sw bridge set dev br0 relay-id hex 00:04:4c:32:32
	check_err $? "cannot set the relay-id"
	capture_start mal-sub c0 sub "$CAP_FILTER"
	while read -r name ctr where; do
		[ -n "$name" ] || continue
		stats_snap mal-sw b
		ip netns exec mal-srv "$INJECT" s0 "$name" "$COUNT"
		sleep 0.3
		stats_snap mal-sw a
		[ $((a[$ctr] - ${b[$ctr]:-0})) -eq "$COUNT" ] &&
			[ $(( $(outcome_sum a) - $(outcome_sum b) )) -eq "$COUNT" ]
		check_err $? "$name: want $ctr+$COUNT and no other outcome, changes:$(deltas b a)"
		if [ "$where" = stripped ]; then
			[ $((a[reply_stripped] - ${b[reply_stripped]:-0})) -eq "$COUNT" ]
			check_err $? "$name: want reply_stripped+$COUNT, changes:$(deltas b a)"
		fi
		echo "$name: changes:$(deltas b a)"
	done <<<"$REPLY_CASES"
	capture_stop_all
	while read -r name ctr where; do
		[ -n "$name" ] || continue
		read -r got ours plain lens <<<"$(arrived sub "$name" 2)"
		echo "$name: at the subscriber: $got frames, $plain without option 82"
		case $where in
		none)
			[ "$got" -eq 0 ] ;;
		theirs)
			[ "$got" -eq "$COUNT" ] && [ "$plain" -eq 0 ] ;;
		*)
			[ "$got" -eq "$COUNT" ] && [ "$plain" -eq "$COUNT" ] ;;
		esac
		check_err $? "$name: the subscriber got $got frames, $plain without option 82 (want $where)"
	done <<<"$REPLY_CASES"
	bad=$(flagged sub)
	[ -z "$bad" ]
	check_err $? "tshark flags frames delivered to the subscriber: $(head -c 600 <<<"$bad")"
	l2ractl mal-sw bridge set dev br0 relay-id default
	log_test "uplink replies: steered+stripped, no_port, foreign, malformed, unknown"
}

relay_off_untouched()
{
	local -A b a
	local got ours plain

	l2ractl mal-sw bridge set dev br0 relay off
	capture_start mal-srv s0 off "$CAP_FILTER"
	stats_snap mal-sw b
	inject good
	inject bad_cookie
	sleep 0.3
	stats_snap mal-sw a
	capture_stop_all
	l2ractl mal-sw bridge set dev br0 relay on
	[ "$(deltas b a)" = " none" ]
	check_err $? "counters changed with the relay off:$(deltas b a)"
	read -r got ours plain _ <<<"$(arrived off good)"
	[ "$got" -eq "$COUNT" ] && [ "$plain" -eq "$COUNT" ]
	check_err $? "server got $got DISCOVERs, $plain without option 82 (want $COUNT, $COUNT)"
	read -r got _ <<<"$(arrived off bad_cookie)"
	[ "$got" -eq "$COUNT" ]
	check_err $? "server got $got of $COUNT bad-cookie frames (the bridge alone forwards them)"
	log_test "relay off: DHCP forwarded untouched, nothing counted"
}

not_wedged()
{
	local -A b a
	local got ours

	dnsmasq_start mal-srv s0 192.0.2.100 192.0.2.150
	capture_start mal-srv s0 final "$CAP_FILTER"
	stats_snap mal-sw b
	inject good 1
	sleep 0.5
	udhcpc_run mal-sub c0
	check_err $? "udhcpc in mal-sub got no lease through the relay"
	stats_snap mal-sw a
	capture_stop_all
	read -r got ours _ <<<"$(arrived final good 1)"
	[ "$got" -eq 1 ] && [ "$ours" -eq 1 ]
	check_err $? "the final DISCOVER: server got $got, $ours with our option 82"
	[ -n "$(addr_of mal-sub c0)" ]
	check_err $? "c0 has no address"
	[ $((a[req_added] - ${b[req_added]:-0})) -ge 2 ]
	check_err $? "req_added did not grow for the exchange:$(deltas b a)"
	echo "final: c0 got $(addr_of mal-sub c0);$(deltas b a)"
	log_test "relay not wedged: good DISCOVER relayed, udhcpc gets a lease"
}

setup
run_all
