#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Races (issue 12, item 10): the packet path learns leases and steers
# replies while, at the same time, ports leave and join their bridge, go
# down and up, are renamed, get other settings, leases are flushed, added
# and dumped, a bridge is deleted and made again, the relay goes off and
# on, and monitors come and go.  Then the module is unloaded while a
# monitor listens and events flow.  On the debug kernel (KASAN, lockdep,
# DEBUG_OBJECTS, kmemleak) this is the race detector; on a stock kernel it
# still checks the invariants:
#
# - storm_no_stale_lease: right after a port has left its bridge (vcl1
#   nomaster, br1 deleted under vb1), no lease names it, while replies for
#   it keep coming (the notifier flushes a port's leases only after a grace
#   period: a reply steered to the port just before it left would
#   otherwise learn a lease that outlives it);
# - storm_leases_on_members: once the storm has settled, every lease is on
#   a port that is a member of a bridge;
# - storm_counters: the namespace's lease count and each port's agree
#   with the dump, no counter went below zero, the monitor saw events;
# - storm_relay_works: a client still gets its lease through the relay,
#   and it is learned on its port;
# - rmmod_under_events: rmmod while dhcp_inject floods replies that are
#   learned (each a lease event) and `l2ractl monitor` listens.
#
#   +-- srv ----------------+     +-- sw ----------------------------------+
#   | srv0 192.0.2.1/24     +-----+ vsrv (trusted)  br0 (l2ra)              |
#   | dnsmasq, dhcp_inject  |     |   vcl1 (nomaster/master)                |
#   |                       |     |   vcl2 (down/up), vcl3 (renamed vcl3x)  |
#   | srv1 (dhcp_inject)    +-----+ vup1 (trusted)  br1 (l2ra, deleted and  |
#   +-----------------------+     |   vb1            made again)            |
#                                 +--+--------+--------+--------+-----------+
#                                    |        |        |        |
#                                   c1       c2       c3       c4
#                                 udhcpc   udhcpc   udhcpc   (silent)
#
# RACE_SECS (default 40) is how long the storm lasts, whatever the kernel's
# speed: on the debug kernel fewer rounds fit in it.
ALL_TESTS="
	storm_no_stale_lease
	storm_leases_on_members
	storm_counters
	storm_relay_works
	rmmod_under_events
"
source "$(dirname "$0")/lib.sh"
require_cmd busybox dnsmasq jq

INJECT=$L2RA_ROOT/selftests/dhcp_inject
RELAY_OURS=00:04:4c:32:32	# dhcp_inject's "our" relay-id
RACE_SECS=${RACE_SECS:-40}
STOP=$WORK/stop
declare -A MAC
WORKERS=()

sw()
{
	ip -n sw "$@"
}

# br1_make: the second bridge, its uplink vup1 and port vb1, relay on
br1_make()
{
	sw link add br1 type bridge 2>/dev/null
	sw link set br1 up &&
		sw link set vup1 master br1 &&
		sw link set vb1 master br1 &&
		l2ractl sw bridge set dev br1 relay on relay-id hex "$RELAY_OURS" &&
		l2ractl sw port set dev vup1 role trusted
}

setup()
{
	l2ra_load
	[ -x "$INJECT" ] || fail_all "$INJECT not built (make selftests)"
	star_topology 3
	ns_create c4
	ip link add srv1 netns srv type veth peer name vup1 netns sw
	ip link add c4 netns c4 type veth peer name vb1 netns sw
	sw link set vup1 up
	sw link set vb1 up
	ip -n srv link set srv1 up
	ip -n c4 link set c4 up
	ip -n srv addr add 192.0.2.1/24 dev srv0
	if ! { l2ractl sw bridge set dev br0 relay on relay-id hex "$RELAY_OURS" &&
		l2ractl sw port set dev vsrv role trusted && br1_make; }; then
		fail_all "cannot configure the relay on br0 and br1"
	fi
	dnsmasq_start srv srv0 192.0.2.100 192.0.2.200 ||
		fail_all "dnsmasq did not start"
	bg ip netns exec sw "$L2RACTL" monitor >"$WORK/monitor.txt" 2>&1
}

# --- the workers: each loops until $STOP exists, counting its rounds -----

worker()	# worker NAME [NICE]: run w_NAME in the background until $STOP
{
	(
		n=0
		renice -n "${2:-0}" -p "$BASHPID" >/dev/null
		while [ ! -e "$STOP" ]; do
			"w_$1" "$n"
			n=$((n + 1))
		done
		echo "$n" >"$WORK/rounds.$1"
	) &
	WORKERS+=($!)
	PIDS+=($!)
}

inject()	# inject NS IFNAME CASE COUNT [VAR=VALUE...]
{
	local ns=$1 ifc=$2 c=$3 n=$4

	shift 4
	ip netns exec "$ns" env "$@" "$INJECT" "$ifc" "$c" "$n" >/dev/null 2>&1
}

# stale WHAT PORT: record the leases the dump has on a port that is no
# bridge's member now
stale()
{
	local out

	out=$(l2ractl sw lease show dev "$2" 2>&1)
	[ -z "$out" ] || echo "$1: $out" >>"$WORK/stale"
}

# hot_start: replies for vcl1 without pause, from one long-lived injector
# (one client, each ACK a learn or a renewal of its lease); hot_stop
hot_start()
{
	ip netns exec srv env DHCP_INJECT_CID=br0:vcl1 \
		DHCP_INJECT_CHADDR=02:00:00:00:01:01 \
		"$INJECT" srv0 ack_ours 1000000 >"$WORK/hot.log" 2>&1 &
	HOT=$!
	PIDS+=($!)
}

hot_stop()
{
	kill "$HOT" 2>/dev/null
	wait "$HOT" 2>/dev/null
}

# Replies for the other ports, DISCOVERs with random xids and chaddrs.
w_mix()
{
	local i=$(($1 % 8))

	inject srv srv0 ack_ours 30 DHCP_INJECT_CID=br0:vcl2 \
		DHCP_INJECT_CHADDR="02:00:00:00:02:0$i"
	inject srv srv0 ack_ours 30 DHCP_INJECT_CID=br0:vcl3 \
		DHCP_INJECT_CHADDR="02:00:00:00:03:0$i"
	inject srv srv0 ack_ours 30 DHCP_INJECT_CID=br0:vcl3x \
		DHCP_INJECT_CHADDR="02:00:00:00:03:1$i"
	inject srv srv1 ack_ours 60 DHCP_INJECT_CID=br1:vb1 \
		DHCP_INJECT_CHADDR="02:00:00:00:04:0$i"
	inject srv srv0 reply_plain 20 DHCP_INJECT_RANDOM=1
	inject c2 c2 good 50 DHCP_INJECT_RANDOM=1
	sleep 0.5
}

# Real clients: DISCOVER, OFFER, REQUEST, ACK with dnsmasq.
w_dhcp()
{
	local k

	for k in 1 2 3; do
		ip netns exec "c$k" busybox udhcpc -i "c$k" -f -q -n -t 1 -T 1 \
			-s "$L2RA_ROOT/selftests/udhcpc.script" >/dev/null 2>&1 &
	done
	wait
	sleep 0.5
}

# vcl1 leaves br0 and joins again; while it is out, no lease may name it.
# Three programs a round (l2ractl -n, not ip netns exec), so that it flaps
# as often as the emulated guest allows.
w_flap()
{
	local out

	ip -n sw link set vcl1 nomaster
	out=$("$L2RACTL" -n sw lease show dev vcl1 2>&1)
	[ -z "$out" ] || echo "vcl1 out of br0: $out" >>"$WORK/stale"
	ip -n sw link set vcl1 master br0
}

# vcl2 goes down and up; vcl3 is renamed vcl3x and back (down to rename).
w_link()
{
	sw link set vcl2 down
	sw link set vcl2 up
	if sw link show dev vcl3 >/dev/null 2>&1; then
		sw link set vcl3 down && sw link set vcl3 name vcl3x
		sw link set vcl3x up
	else
		sw link set vcl3x down && sw link set vcl3x name vcl3
		sw link set vcl3 up
	fi
}

# Port settings, lease adds (by circuit-id: under RTNL with the notifier),
# the relay off and on (the hooks and the transaction table go and come).
w_config()
{
	local i=$1

	# vcl2 takes the default id vcl3x has: a conflict on rename.
	l2ractl sw port set dev vcl2 circuit-id br0:vcl3x
	l2ractl sw port set dev vcl1 circuit-id "cid-1-$((i % 3))" rate 0
	l2ractl sw port set dev vcl1 circuit-id default remote-id "rid-$i"
	l2ractl sw lease add mac "02:00:00:00:05:0$((i % 8))" addr 192.0.2.9 \
		expires 3600 circuit-id br0:vcl1
	l2ractl sw port set dev vcl2 circuit-id default xid-max $((i % 5))
	l2ractl sw port del dev vcl2
	if [ $((i % 4)) = 0 ]; then
		l2ractl sw bridge set dev br0 relay off
		l2ractl sw bridge set dev br1 relay off
		l2ractl sw bridge set dev br1 relay on
		l2ractl sw bridge set dev br0 relay on
	fi
	sleep 0.5
} >/dev/null 2>&1

# Dumps and flushes; monitors that join and leave.
w_lease()
{
	l2ractl sw -j lease show >/dev/null
	l2ractl sw lease flush dev vcl2
	l2ractl sw -j port show >/dev/null
	l2ractl sw lease flush master br1
	[ $(($1 % 5)) = 4 ] && l2ractl sw lease flush
	ip netns exec sw timeout 1 "$L2RACTL" monitor >/dev/null
	sleep 0.5
} >/dev/null 2>&1

# br1 is deleted under vb1 and its leases, then made again.
w_bridge()
{
	sw link del br1
	stale "br1 deleted" vb1
	br1_make >/dev/null 2>&1
	sleep 1
}

storm_no_stale_lease()
{
	local w
	declare -A before after

	rm -f "$STOP" "$WORK/stale"
	stats_snap sw before
	hot_start
	worker flap
	# The rest, niced: the flapper and the injector race each other.
	for w in mix dhcp link config lease bridge; do
		worker "$w" 10
	done
	sleep "$RACE_SECS"
	touch "$STOP"
	for w in "${WORKERS[@]}"; do
		wait "$w"
	done
	hot_stop
	stats_snap sw after
	echo -n "    rounds in ${RACE_SECS} s:"
	for w in flap mix dhcp link config lease bridge; do
		echo -n " $w $(cat "$WORK/rounds.$w" 2>/dev/null)"
	done
	echo
	echo "    counters:$(deltas before after)"
	[ "$(cat "$WORK/rounds.flap" 2>/dev/null || echo 0)" -gt 0 ]
	check_err $? "vcl1 never left br0"
	[ ! -s "$WORK/stale" ]
	check_err $? "a lease outlived its port's leaving: $(head -n 3 "$WORK/stale" 2>/dev/null)"
	monitor_orphans "$WORK/monitor.txt" >"$WORK/orphans"
	[ ! -s "$WORK/orphans" ]
	check_err $? "a lease learned after its port left was not flushed: $(head -n 4 "$WORK/orphans")"
	echo "    events of leases learned on a port out of its bridge, then flushed: $(grep -v ' master ' "$WORK/monitor.txt" | grep -c '^\(new\|update\) ')"
	log_test "no lease names a port that left, replies racing the flush"
}

# monitor_orphans FILE: a lease learned on a port out of its bridge (an
# event without "master") is either flushed after it (a reply steered just
# before the port left: the notifier waits for it, then flushes) or a lease
# that outlived the port's leaving; the latter shows as the next event of
# that MAC with a master again (renewed after the port came back) and no
# "del" in between.  Lost events (an overrun) forget what came before.
monitor_orphans()
{
	awk '
	/events lost/ { split("", orphan); next }
	$1 == "new" || $1 == "update" || $1 == "add" {
		if ($0 !~ / master /) {
			orphan[$2] = $0
			next
		}
		if ($2 in orphan)
			print "    " orphan[$2] "\n      then, with no del: " $0
		delete orphan[$2]
		next
	}
	{ delete orphan[$2] }
	' "$1"
}

# ifindex of every port that is a member of a bridge of sw, one per line
members()
{
	sw -j link show | jq -r '.[] | select(.master == "br0" or .master == "br1") | .ifindex'
}

storm_leases_on_members()
{
	local orphans

	# Everything back in place: vcl3 by its name, vcl1 and vb1 members.
	sw link show dev vcl3x >/dev/null 2>&1 &&
		{ sw link set vcl3x down; sw link set vcl3x name vcl3; sw link set vcl3 up; }
	sw -j link show dev vcl1 | jq -e '.[0].master == "br0"' >/dev/null ||
		sw link set vcl1 master br0
	br1_make >/dev/null 2>&1
	l2ractl sw bridge set dev br0 relay on
	sleep 1
	orphans=$(l2ractl sw -j lease show |
		jq -c --argjson m "[$(members | paste -sd,)]" \
			'[.[] | select(.ifindex as $i | $m | any(. == $i) | not)]')
	[ "$orphans" = "[]" ]
	check_err $? "leases on ports that are no bridge's: $orphans"
	echo "    $(l2ractl sw -j lease show | jq length) leases, all on bridge ports"
	log_test "after the storm, every lease is on a bridge port"
}

storm_counters()
{
	local dump total port n want neg

	# A dump may repeat an entry while the table is rehashed (rhashtable
	# walks do): count each lease (MAC and VLAN) once, and say so.
	dump=$(l2ractl sw -j lease show)
	[ "$(jq length <<<"$dump")" = "$(jq 'unique_by([.mac, .vlan]) | length' <<<"$dump")" ] ||
		echo "    the dump repeated a lease: $(jq -c 'group_by([.mac, .vlan]) | map(select(length > 1))' <<<"$dump")"
	dump=$(jq -c 'unique_by([.mac, .vlan])' <<<"$dump")
	total=$(l2ractl sw -j config show | jq '.lease_count // 0')
	[ "$total" = "$(jq length <<<"$dump")" ]
	check_err $? "config lease-count $total, the dump has $(jq length <<<"$dump")"
	while read -r port n; do
		want=$(jq --arg p "$port" '[.[] | select(.ifname == $p)] | length' <<<"$dump")
		[ "$n" = "$want" ]
		check_err $? "port $port: lease-count $n, the dump has $want: $(jq -c --arg p "$port" '[.[] | select(.ifname == $p)]' <<<"$dump")"
	done < <(l2ractl sw -j port show | jq -r '.[] | "\(.ifname) \(.lease_count // 0)"')
	# A per-CPU counter that went below zero reads as a huge number.
	neg=$(l2ractl sw -j stats | jq -c '[to_entries[] | select(.value > 4611686018427387904)]')
	[ "$neg" = "[]" ]
	check_err $? "counters below zero: $neg"
	grep -q '^new ' "$WORK/monitor.txt"
	check_err $? "the monitor saw no new lease: $(head -c 300 "$WORK/monitor.txt")"
	echo "    monitor: $(grep -c . "$WORK/monitor.txt") events"
	log_test "lease counts agree with the dump, counters consistent"
}

storm_relay_works()
{
	l2ractl sw port set dev vcl2 circuit-id default
	ip netns exec c2 ip addr flush dev c2
	udhcpc_run c2 c2
	check_err $? "c2 got no lease after the storm"
	[ "$(l2ractl sw -j lease show mac "${MAC[2]}" | jq -r '.[0].ifname // empty')" = vcl2 ]
	check_err $? "c2's lease is not learned on vcl2: $(l2ractl sw -j lease show mac "${MAC[2]}")"
	log_test "after the storm, a client leases through the relay"
}

# rmmod_watch PID: if rmmod PID is still running after 60 s, print where
# every blocked task waits (it hangs in the kernel: the run would time out)
rmmod_watch()
{
	local t

	for ((t = 0; t < 600; t++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	echo "    rmmod hangs: $(tr '\n' ' ' </proc/"$1"/stack)"
	echo w >/proc/sysrq-trigger
	dmesg | tail -n 80 | sed 's/^/    /'
}

rmmod_under_events()
{
	local i rc=1

	: >"$WORK/monitor2.txt"
	ip netns exec sw "$L2RACTL" monitor >"$WORK/monitor2.txt" 2>&1 &
	PIDS+=($!)
	hot_start
	wait_for 20 grep -q '^\(new\|update\) ' "$WORK/monitor2.txt"
	check_err $? "the monitor saw no event before rmmod"
	# rmmod fails while a netlink request holds the module: try again.
	for ((i = 0; i < 5 && rc; i++)); do
		rmmod l2ra 2>>"$WORK/rmmod.log" &
		rmmod_watch $!
		wait $!
		rc=$?
		[ "$rc" = 0 ] || sleep 1
	done
	check_err $rc "rmmod l2ra failed: $(cat "$WORK/rmmod.log")"
	hot_stop
	echo "    monitor: $(grep -c . "$WORK/monitor2.txt") events before the unload"
	! grep -q '^l2ra ' /proc/modules
	check_err $? "l2ra still loaded"
	# Loaded again for the run's end (its kmemleak scan and rmmod).
	l2ra_load
	log_test "rmmod while a monitor listens and lease events flow"
}

setup
run_all
