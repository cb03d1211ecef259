#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Per-port quotas (issue 12, items 5 and 6): one subscriber port floods and
# the others keep their DHCP.  c1 is the attacker; c2 and c3 are victims.
#
#   +-- srv -----------+     +-- sw: br0 (l2ra) ---------------+
#   | srv0 192.0.2.1   +-----+ vsrv (trusted)                  |
#   | dnsmasq (later), |     |     vcl1       vcl2       vcl3  |
#   | dhcp_inject ACKs |     +------+-----------+----------+---+
#   +------------------+            |           |          |
#                            +-- c1 +------+ +- c2 +--+ +- c3 +--+
#                            | dhcp_inject | | udhcpc | | config |
#                            | floods      | | victim | |        |
#                            +-------------+ +--------+ +--------+
#
# - quota_defaults: a port's entry shows the default quotas
#   (lease-max 1024, xid-max 256, rate 100, burst 200), in text and JSON;
# - quota_config: set, shown, taken back; out-of-range values refused
#   with the kernel's extended ACK and nothing changed;
# - xid_flood: c2's 8 transactions are recorded, then c1 sends 20000
#   DISCOVERs with random xids and chaddrs (5000 on the debug kernel); a
#   reply without option 82 for each of c2's transactions is still steered
#   by the table to vcl2 (without the quota, c1's xids evict c2's entries
#   and the replies are reply_unknown: one entry survives 20000 random
#   xids with odds of 6e-4 and 5000 with 0.3, so all 8 survive 5000 with
#   odds below 1e-4);
# - xid_port_full: a port at its xid-max evicts nothing of another port;
# - rate_flood: c1 floods 4000 random DISCOVERs at full speed with the
#   default rate limit (on the debug kernel, which sends only some 50 a
#   second, 1000 at rate 10 burst 20); at most burst + rate x time of them
#   are relayed, the rest (at least a quarter: the flood is faster than
#   the limit) are drop_ratelimit, and c2 gets its lease from dnsmasq
#   meanwhile;
# - lease_flood: the uplink grants c1 1100 leases (crafted DHCPACKs with
#   our option 82, random chaddrs) in a namespace of lease-max 1100; c1
#   keeps 1024 (its default lease-max), the rest are lease_full, and c2's
#   real DHCPACK from dnsmasq is still learned.
ALL_TESTS="
	quota_defaults
	quota_config
	xid_flood
	xid_port_full
	rate_flood
	lease_flood
"
source "$(dirname "$0")/lib.sh"
require_cmd busybox dnsmasq jq

INJECT=$L2RA_ROOT/selftests/dhcp_inject
XID_PARAM=/sys/module/l2ra/parameters/xid_timeout
RELAY_OURS=00:04:4c:32:32	# dhcp_inject's "our" relay-id
declare -A MAC
XID_SAVED=
# The debug kernel (KASAN, lockdep, kmemleak: tools/vm/debug.config) takes
# 5 to 10 times longer per frame under emulation: make check's debug phase
# runs this script with a smaller flood, still enough to prove the quota
# (see xid_flood and rate_flood above).  QUOTA_XID_FLOOD, QUOTA_RATE_FLOOD
# and QUOTA_RATE ("PPS BURST") set them on any kernel.
if [[ $(uname -r) == *-l2ra-debug ]]; then
	XID_FLOOD=${QUOTA_XID_FLOOD:-5000}
	RATE_FLOOD=${QUOTA_RATE_FLOOD:-1000}
	read -r RATE BURST <<<"${QUOTA_RATE:-10 20}"
else
	XID_FLOOD=${QUOTA_XID_FLOOD:-20000}
	RATE_FLOOD=${QUOTA_RATE_FLOOD:-4000}
	read -r RATE BURST <<<"${QUOTA_RATE:-100 200}"	# the defaults
fi

setup()
{
	l2ra_load
	[ -x "$INJECT" ] || fail_all "$INJECT not built (make selftests)"
	star_topology 3
	ip -n srv addr add 192.0.2.1/24 dev srv0
	if ! { l2ractl sw bridge set dev br0 relay on relay-id hex "$RELAY_OURS" &&
		l2ractl sw port set dev vsrv role trusted &&
		l2ractl sw port set dev vcl1 &&
		l2ractl sw port set dev vcl2; }; then
		fail_all "cannot configure the relay on br0"
	fi
	XID_SAVED=$(cat "$XID_PARAM")
}

quota_cleanup()
{
	[ -n "$XID_SAVED" ] && echo "$XID_SAVED" >"$XID_PARAM"
	cleanup
}
trap quota_cleanup EXIT

inject()	# inject NS IFNAME CASE COUNT [VAR=VALUE...]
{
	local ns=$1 ifc=$2 c=$3 n=$4

	shift 4
	ip netns exec "$ns" env "$@" "$INJECT" "$ifc" "$c" "$n" >>"$WORK/inject.log" 2>&1
}

# port_field PORT KEY: a field of the port's JSON entry
port_field()
{
	l2ractl sw -j port show dev "$1" | jq -r ".[0].$2 // \"none\""
}

quota_defaults()
{
	local out k want

	out=$(l2ractl sw port show dev vcl2)
	echo "    $out"
	for want in "lease-max 1024" "xid-max 256" "rate 100" "burst 200"; do
		[[ " $out " == *" $want "* ]]
		check_err $? "port show lacks '$want': $out"
	done
	for k in lease_max:1024 xid_max:256 rate:100 burst:200; do
		[ "$(port_field vcl2 "${k%%:*}")" = "${k#*:}" ]
		check_err $? "-j port show: ${k%%:*} is $(port_field vcl2 "${k%%:*}"), want ${k#*:}"
	done
	log_test "a port's entry shows the default quotas"
}

quota_config()
{
	local out k

	l2ractl sw port set dev vcl3 xid-max 64 rate 50 burst 10 lease-max 7
	check_err $? "port set xid-max 64 rate 50 burst 10 lease-max 7 failed"
	for k in xid_max:64 rate:50 burst:10 lease_max:7; do
		[ "$(port_field vcl3 "${k%%:*}")" = "${k#*:}" ]
		check_err $? "${k%%:*} is $(port_field vcl3 "${k%%:*}"), want ${k#*:}"
	done
	l2ractl sw port set dev vcl3 rate 0
	check_err $? "port set rate 0 failed"
	[ "$(port_field vcl3 rate)" = 0 ] && [ "$(port_field vcl3 burst)" = 10 ]
	check_err $? "rate 0 not kept alone: rate $(port_field vcl3 rate) burst $(port_field vcl3 burst)"
	log_test "port set xid-max, rate, burst: round trip"

	for k in "rate 100001" "burst 0" "burst 100001" "xid-max 4097"; do
		# shellcheck disable=SC2086
		out=$(l2ractl sw port set dev vcl3 ${k} lease-max 5 2>&1)
		check_fail $? "port set $k accepted"
		[[ $out == *"Error: "*"out of range"* ]]
		check_err $? "port set $k: no extack message: '$out'"
	done
	[ "$(port_field vcl3 xid_max)" = 64 ] && [ "$(port_field vcl3 rate)" = 0 ] &&
		[ "$(port_field vcl3 burst)" = 10 ] && [ "$(port_field vcl3 lease_max)" = 7 ]
	check_err $? "a refused port set changed the entry: $(l2ractl sw port show dev vcl3)"
	l2ractl sw port set dev vcl3 xid-max 4096 rate 100000 burst 100000
	check_err $? "the largest values were refused"
	l2ractl sw port del dev vcl3
	log_test "out-of-range quotas refused with an extack, nothing changed"
}

xid_flood()
{
	local xid=0x51510001 xid2=0x515100ff steered unknown i

	# Long enough for the flood under emulation; restored at exit.
	echo 600 >"$XID_PARAM"
	l2ractl sw port set dev vcl1 rate 0	# the xid quota alone
	steered=$(stat sw reply_xid_steered vcl2)
	unknown=$(stat sw reply_unknown)

	for ((i = 0; i < 8; i++)); do
		inject c2 c2 good 1 DHCP_INJECT_XID=$((xid + i))
		check_err $? "c2's DISCOVER $i not sent"
	done
	inject c1 c1 good "$XID_FLOOD" DHCP_INJECT_RANDOM=1
	check_err $? "c1's flood not sent"
	for ((i = 0; i < 8; i++)); do
		inject srv srv0 reply_plain 1 DHCP_INJECT_XID=$((xid + i)) \
			DHCP_INJECT_CHADDR="${MAC[2]}"
		check_err $? "the reply $i for c2 not sent"
	done
	# And a transaction c2 starts after the flood.
	inject c2 c2 good 1 DHCP_INJECT_XID=$xid2 &&
		inject srv srv0 reply_plain 1 DHCP_INJECT_XID=$xid2 DHCP_INJECT_CHADDR="${MAC[2]}"
	check_err $? "c2's last transaction not sent"

	[ "$(stat sw reply_xid_steered vcl2)" = $((steered + 9)) ]
	check_err $? "vcl2 reply_xid_steered $(stat sw reply_xid_steered vcl2), want $((steered + 9)); reply_unknown $unknown -> $(stat sw reply_unknown)"
	[ "$(stat sw reply_unknown)" = "$unknown" ]
	check_err $? "reply_unknown $unknown -> $(stat sw reply_unknown): c2's transactions were evicted"
	echo "    vcl1: req_added $(stat sw req_added vcl1) xid_full $(stat sw xid_full vcl1) xid_port_full $(stat sw xid_port_full vcl1)"
	log_test "$XID_FLOOD random xids from c1 do not evict c2's transactions"
}

xid_port_full()
{
	local before after added

	# vcl3 (no quota) fills about 43% of the sets; c1 at xid-max 1 may
	# then only take free or expired ways, or its own.
	l2ractl sw port set dev vcl3 rate 0 xid-max 0
	l2ractl sw port set dev vcl1 rate 0 xid-max 1
	inject c3 c3 good 3000 DHCP_INJECT_RANDOM=1
	check_err $? "c3's transactions not sent"
	before=$(stat sw xid_full vcl3)
	after=$(stat sw xid_port_full vcl1)
	added=$(stat sw req_added vcl1)
	inject c1 c1 good 200 DHCP_INJECT_RANDOM=1
	check_err $? "c1's transactions not sent"
	after=$(( $(stat sw xid_port_full vcl1) - after ))
	echo "    vcl1 xid_port_full +$after, vcl3 xid_full $before -> $(stat sw xid_full vcl3)"
	[ "$after" -gt 0 ]
	check_err $? "vcl1 at xid-max 1 never refused"
	added=$(( $(stat sw req_added vcl1) - added ))
	[ "$added" = 200 ]
	check_err $? "refused transactions were not relayed: vcl1 req_added +$added of 200"
	l2ractl sw port del dev vcl3
	l2ractl sw port set dev vcl1 xid-max 256 rate 100
	echo "$XID_SAVED" >"$XID_PARAM"
	log_test "a port at its xid-max evicts no other port's transaction"
}

rate_flood()
{
	local n=$RATE_FLOOD t0 t1 ms added dropped bound pid

	dnsmasq_start srv srv0 192.0.2.100 192.0.2.150 || fail_all "dnsmasq did not start"
	l2ractl sw port set dev vcl1 rate "$RATE" burst "$BURST"
	# Quiet long enough for vcl1's bucket to fill again.
	sleep 3
	added=$(stat sw req_added vcl1)
	dropped=$(stat sw drop_ratelimit vcl1)
	t0=$(date +%s%N)
	{ inject c1 c1 good "$n" DHCP_INJECT_RANDOM=1 && date +%s%N >"$WORK/flood_end"; } &
	pid=$!
	# dnsmasq answers the flood's relayed DISCOVERs too: more tries.
	udhcpc_run c2 c2 -t 10
	check_err $? "c2 got no lease during the flood"
	wait "$pid"
	check_err $? "c1's flood not sent"
	t1=$(cat "$WORK/flood_end" 2>/dev/null || date +%s%N)
	ms=$(( (t1 - t0) / 1000000 ))
	added=$(( $(stat sw req_added vcl1) - added ))
	dropped=$(( $(stat sw drop_ratelimit vcl1) - dropped ))
	# burst + rate per second, and a second of slack for the clock.
	bound=$(( BURST + RATE * (ms + 1000) / 1000 ))
	echo "    $n frames in $ms ms: relayed $added (bound $bound), drop_ratelimit $dropped"
	[ "$added" -le "$bound" ]
	check_err $? "vcl1 relayed $added of $n in $ms ms, more than $bound"
	[ "$((added + dropped))" -eq "$n" ]
	check_err $? "relayed $added + dropped $dropped != $n sent"
	# A flood no faster than the limit would prove nothing.
	[ "$dropped" -ge $((n / 4)) ]
	check_err $? "only $dropped of $n dropped in $ms ms: the flood did not hit the limit"
	[ "$(stat sw drop_ratelimit vcl2)" = 0 ]
	check_err $? "vcl2 drop_ratelimit $(stat sw drop_ratelimit vcl2)"
	[[ $(addr_of c2 c2) == 192.0.2.* ]]
	check_err $? "c2 has no address: '$(addr_of c2 c2)'"
	l2ractl sw port set dev vcl1 rate 100 burst 200
	log_test "a DISCOVER flood is held to burst + rate, the victim gets its lease"
}

lease_flood()
{
	local full count

	l2ractl sw lease flush
	l2ractl sw config set lease-max 1100
	ip netns exec c2 ip addr flush dev c2
	full=$(stat sw lease_full vcl1)
	inject srv srv0 ack_ours 1100 DHCP_INJECT_RANDOM=1 DHCP_INJECT_CID=br0:vcl1
	check_err $? "the ACKs for c1 not sent"
	count=$(port_field vcl1 lease_count)
	echo "    vcl1: lease_count $count, lease_full +$(( $(stat sw lease_full vcl1) - full ))"
	[ "$count" = 1024 ]
	check_err $? "vcl1 holds $count leases, want its lease-max 1024"
	[ "$(( $(stat sw lease_full vcl1) - full ))" = 76 ]
	check_err $? "vcl1 lease_full +$(( $(stat sw lease_full vcl1) - full )), want 76"

	udhcpc_run c2 c2
	check_err $? "c2 got no lease"
	[ "$(port_field vcl2 lease_count)" = 1 ]
	check_err $? "c2's lease was not learned: vcl2 lease_count $(port_field vcl2 lease_count), lease_full $(stat sw lease_full vcl2)"
	l2ractl sw lease flush
	l2ractl sw config set lease-max 65536
	log_test "one port's leases cannot fill the namespace's table"
}

setup
run_all
