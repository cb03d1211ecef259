#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The hooks and their lifecycle (issue 12, items 3, 4, 8 and 12):
#  - a namespace without a relay bridge costs (almost) nothing: the hooks,
#    the transaction table and the lease table come with the first relay
#    bridge;
#  - a DHCP server on the bridge device itself (dnsmasq on br0) is a trusted
#    uplink: its replies are steered, stripped and learned (LOCAL_OUT);
#  - a double-tagged 88a8+8100 frame on an 802.1Q VLAN-filtering bridge,
#    which carries one tag more at FORWARD than at PRE_ROUTING, is still
#    judged at FORWARD: requests do not reach other subscribers, replies
#    leave stripped and only to their port;
#  - a port that joins the bridge, or is renamed, into a default circuit-id
#    another port has is kept out (drop_cid_conflict) until it has its own;
#  - the option 82 a port's requests carry, built once per port, follows
#    every change of what it is built from: port and bridge names, the
#    bridge's address, port and bridge configuration.
#
#   +-- hk-srv ---------+     +-- hk-sw: br0 vlan_filtering 1 (l2ra) ------+
#   | s0 192.0.2.1/24   +-----+ vup trusted                                 |
#   | (dhcp_inject)     |     | br0 10.0.0.1/24: dnsmasq on the bridge     |
#   +-------------------+     | vc1            vc2            vc3 (joins)  |
#                             +--+--------------+--------------+-----------+
#                                |              |              |
#                         +-- hk-c1 --+  +-- hk-c2 --+  +-- hk-c3 --+
#                         | c1 udhcpc |  | c2        |  | c3        |
#                         +-----------+  +-----------+  +-----------+
ALL_TESTS="
	local_server_steered
	qinq_request_not_flooded
	qinq_reply_stripped_and_steered
	cid_conflict_on_join
	cid_conflict_on_rename
	ids_follow_changes
	relay_off_on
"
source "$(dirname "$0")/lib.sh"
require_cmd dnsmasq busybox tcpdump bridge

INJECT=$L2RA_ROOT/selftests/dhcp_inject
RELAY_ID=00:04:4c:32:32		# dhcp_inject's RELAY_OURS
NS_COUNT=${NS_COUNT:-64}	# namespaces per memory sample
# Captures keep every frame (a filter may not see through two tags).
ALLF='greater 0'

# mem_kb: KiB the kernel holds in slabs (large kmallocs included),
# per-CPU areas and vmalloc, after the deferred frees of deleted namespaces
mem_kb()
{
	sleep 2
	awk '/^(Slab|Percpu|VmallocUsed):/ { t += $2 } END { print t }' \
		/proc/meminfo
}

# ns_cost_kb: KiB per namespace of NS_COUNT bare namespaces
ns_cost_kb()
{
	local before after i

	before=$(mem_kb)
	for i in $(seq "$NS_COUNT"); do
		ip netns add "hk-cost-$i"
	done
	after=$(mem_kb)
	for i in $(seq "$NS_COUNT"); do
		ip netns del "hk-cost-$i"
	done
	echo $(( (after - before) / NS_COUNT ))
}

# A namespace that never configures l2ra pays for its configuration and
# counters, not for the 96 KiB transaction table, the hooks or the lease
# table (a 16 KiB allocation, with its rhashtable's buckets).
netns_cost()
{
	local without with cost

	l2ra_unload
	ns_cost_kb >/dev/null	# warm the caches namespaces use
	without=$(ns_cost_kb)
	l2ra_load
	with=$(ns_cost_kb)
	cost=$((with - without))
	echo "    per namespace: $without KiB without l2ra, $with KiB with it: l2ra $cost KiB"
	echo "$cost" >"$L2RA_RESULTS/relay4_hooks.netns_cost_kb" 2>/dev/null
	# 64 namespaces a sample, 6.12, two CPUs: measured 17 and 20 KiB (samples
	# within 4 KiB of each other); 37 to 40 KiB with the lease table
	# allocated with every namespace, 199 KiB with the transaction table
	# (a 128 KiB allocation) and the hooks too.
	# 28 KiB, which would also catch the lease table, proved flaky: 48
	# KiB measured on 6.12 with the lazy table, after packaging.sh, when
	# a bare namespace cost 858 KiB, and -8 to -14 KiB in a quiet guest.
	# 128 still catches the 199 KiB of the transaction table and the
	# hooks, which are not charged to a cgroup; netns_table_charge()
	# below catches the lease table exactly.
	[ "$cost" -lt 128 ]
	check_err $? "l2ra costs $cost KiB per namespace without a relay bridge (want < 128)"
	log_test "a namespace without a relay bridge: no transaction or lease table ($cost KiB)"
}

# The same, exactly: l2ra charges its per-namespace tables (lease table,
# transaction table, circuit-id map) to the memory cgroup of the task that
# makes them (GFP_KERNEL_ACCOUNT), as the kernel does for other
# per-namespace tables, and a cgroup's slab figure counts its objects to the
# byte, whatever else the machine does.  So namespaces made from a cgroup of
# their own cost l2ra nothing in it while no relay bridge exists.
#   6.1, 64 namespaces: 240,639 / 240,480 / 240,539 bytes per namespace
#   without l2ra, 240,490 / 240,608 / 240,497 with it.
#   6.12, 64 namespaces: slab 15,604,528 / 15,611,784 bytes without l2ra,
#   15,614,688 / 15,610,416 with it (pairs of this check: -2,986 and -52
#   bytes per namespace), 16,657,208 / 16,657,896 with the lease table made
#   with every namespace (+16.4 KiB each; +8,982 bytes in another run).
CG=/sys/fs/cgroup
CG_COST=$CG/l2ra-hooks-cost

# cg_ns_cost NAME: bytes of slab per namespace charged by NS_COUNT bare
# namespaces made from a new cgroup, CG_COST/NAME.  A new one each time:
# the namespaces of the sample before are freed in the background
# (cleanup_net), and their uncharges must not land in this one (on 6.1
# they moved a reused cgroup's figure by 14 KiB per namespace).
# memory.stat is flushed every 2 s: each read waits 3.
cg_ns_cost()
{
	local before after i cg=$CG_COST/$1

	mkdir "$cg" || { echo "cannot make $cg" >&2; return 1; }
	sleep 3
	before=$(awk '$1 == "slab" { print $2 }' "$cg/memory.stat")
	(
		echo "$BASHPID" >"$cg/cgroup.procs" || exit 1
		for i in $(seq "$NS_COUNT"); do
			ip netns add "hk-cg-$i" || exit 1
		done
	) || { echo "cannot make namespaces in $cg" >&2; return 1; }
	sleep 3
	after=$(awk '$1 == "slab" { print $2 }' "$cg/memory.stat")
	for i in $(seq "$NS_COUNT"); do
		ip netns del "hk-cg-$i"
	done
	echo $(( (after - before) / NS_COUNT ))
}

netns_table_charge()
{
	local without with cost d i

	if ! mountpoint -q "$CG"; then
		mount -t cgroup2 none "$CG" || fail_all "cannot mount cgroup2 on $CG"
	fi
	grep -qw memory "$CG/cgroup.controllers" ||
		fail_all "no memory controller in $CG/cgroup.controllers"
	echo +memory >"$CG/cgroup.subtree_control" ||
		fail_all "cannot enable the memory controller"
	mkdir -p "$CG_COST" || fail_all "cannot make $CG_COST"
	echo +memory >"$CG_COST/cgroup.subtree_control" ||
		fail_all "cannot enable the memory controller in $CG_COST"

	# Two alternated pairs, so that a cache warming in the first sample
	# cannot pass for l2ra's cost or hide it.
	cost=
	for i in 1 2; do
		l2ra_unload
		without=$(cg_ns_cost "without-$i") ||
			fail_all "namespaces in a cgroup"
		l2ra_load
		with=$(cg_ns_cost "with-$i") || fail_all "namespaces in a cgroup"
		echo "    charged per namespace: $without bytes without l2ra, $with with it"
		d=$((with - without))
		if [ -z "$cost" ] || [ "$d" -gt "$cost" ]; then
			cost=$d
		fi
	done
	rmdir "$CG_COST"/with*-* "$CG_COST"
	echo "$cost" >"$L2RA_RESULTS/relay4_hooks.netns_charge_bytes" 2>/dev/null
	[ "$cost" -lt 4096 ]
	check_err $? "l2ra charges $cost bytes per namespace without a relay bridge (want < 4096: no lease or transaction table)"
	log_test "a namespace without a relay bridge: no table charged to its cgroup ($cost bytes)"
}

setup()
{
	[ -x "$INJECT" ] || fail_all "$INJECT not built (make selftests)"
	netns_cost
	netns_table_charge
	ns_create hk-srv hk-sw hk-c1 hk-c2 hk-c3
	br_create hk-sw br0 vlan_filtering 1
	port_add hk-sw br0 vup hk-srv s0
	port_add hk-sw br0 vc1 hk-c1 c1
	port_add hk-sw br0 vc2 hk-c2 c2
	ip link add c3 netns hk-c3 type veth peer name vc3 netns hk-sw
	ip -n hk-c3 link set c3 up
	ip -n hk-sw link set vc3 up
	ip -n hk-srv addr add 192.0.2.1/24 dev s0
	ip -n hk-sw addr add 10.0.0.1/24 dev br0
	l2ractl hk-sw bridge set dev br0 relay on relay-id hex "$RELAY_ID" &&
		l2ractl hk-sw port set dev vup role trusted ||
		fail_all "l2ractl refused the configuration"
	# Give the bridge time to forward (no STP, but learning states).
	sleep 1
}

# count NAME PATTERN: lines of the capture NAME's text matching PATTERN
count()
{
	pcap_text "$1" | grep -c -- "$2"
}

local_server_steered()
{
	local mac out

	mac=$(mac_of hk-c1 c1)
	capture_start hk-c1 c1 c1 "$ALLF"
	capture_start hk-c2 c2 c2 "$ALLF"
	dnsmasq_start hk-sw br0 10.0.0.100 10.0.0.150 ||
		fail_all "dnsmasq on br0 did not start"
	udhcpc_run hk-c1 c1 -B
	check_err $? "udhcpc -B on c1 got no lease from dnsmasq on br0"
	sleep 0.5
	capture_stop_all
	pcap_text c1 >"$WORK/c1.txt"
	pcap_text c2 >"$WORK/c2.txt"
	[ "$(grep -c 'BOOTP/DHCP, Reply' "$WORK/c1.txt")" -ge 2 ]
	check_err $? "c1 saw fewer than 2 replies: $(grep -c 'BOOTP/DHCP, Reply' "$WORK/c1.txt")"
	[ "$(grep -c 'BOOTP/DHCP, Reply' "$WORK/c2.txt")" -eq 0 ]
	check_err $? "c2 saw replies meant for c1: $(grep -c 'BOOTP/DHCP, Reply' "$WORK/c2.txt")"
	[ "$(grep -c 'Agent-Information' "$WORK/c1.txt")" -eq 0 ]
	check_err $? "c1 saw option 82: $(grep 'Agent-Information' -A3 "$WORK/c1.txt" | head -n 8)"
	out=$(l2ractl hk-sw lease show)
	grep -q "^$mac .* dev vc1 " <<<"$out"
	check_err $? "no lease of c1 ($mac) on vc1: '$out'"
	log_test "dnsmasq on br0: replies steered to c1, stripped, lease learned"
	kill "$(cat "$WORK/dnsmasq-hk-sw.pid")" 2>/dev/null
}

qinq_request_not_flooded()
{
	local -A b a
	local xid

	stats_snap hk-sw b
	capture_start hk-srv s0 s0 "$ALLF"
	capture_start hk-c2 c2 c2 "$ALLF"
	xid=$(ip netns exec hk-c1 "$INJECT" c1 qinq | sed -n 's/.* xid 0x\([0-9a-f]*\):.*/\1/p')
	sleep 0.5
	capture_stop_all
	stats_snap hk-sw a
	[ "$(count c2 "xid 0x$xid")" -eq 0 ]
	check_err $? "c2 received c1's double-tagged request: $(pcap_text c2 | head -n 4)"
	[ "$(count s0 "xid 0x$xid")" -eq 1 ]
	check_err $? "the uplink did not get it once: $(pcap_text s0 | head -n 4)"
	[ $((a[req_not_uplink] - ${b[req_not_uplink]:-0})) -ge 1 ]
	check_err $? "req_not_uplink did not count the copies kept from vc2/vc3"
	log_test "88a8+8100 request from c1: to the uplink only"
}

qinq_reply_stripped_and_steered()
{
	local -A b a
	local xid

	stats_snap hk-sw b
	capture_start hk-c1 c1 c1 "$ALLF"
	capture_start hk-c2 c2 c2 "$ALLF"
	xid=$(DHCP_INJECT_CID=br0:vc1 ip netns exec hk-srv "$INJECT" s0 \
		qinq_reply_ours | sed -n 's/.* xid 0x\([0-9a-f]*\):.*/\1/p')
	sleep 0.5
	capture_stop_all
	stats_snap hk-sw a
	[ "$(count c2 "xid 0x$xid")" -eq 0 ]
	check_err $? "c2 received c1's double-tagged reply: $(pcap_text c2 | head -n 4)"
	[ "$(count c1 "xid 0x$xid")" -eq 1 ]
	check_err $? "c1 did not get its reply once: $(pcap_text c1 | head -n 4)"
	[ "$(count c1 'Agent-Information')" -eq 0 ]
	check_err $? "c1's reply still has option 82"
	[ $((a[reply_stripped] - ${b[reply_stripped]:-0})) -eq 1 ]
	check_err $? "reply_stripped did not count it"
	log_test "88a8+8100 reply with our option 82: stripped, to c1 only"
}

# kmsg_since MARK: kernel log lines after the line "relay4_hooks: MARK"
kmsg_since()
{
	dmesg | sed -n "/relay4_hooks: $1\$/,\$p" | tail -n +2
}

# forwarding NS DEV: is bridge port DEV forwarding (frames reach the hooks)?
forwarding()
{
	bridge -n "$1" link show dev "$2" | grep -q 'state forwarding'
}

# inject_req NS IF: one DISCOVER; prints nothing
inject_req()
{
	ip netns exec "$1" "$INJECT" "$2" good >/dev/null
}

# inject_until NS IF COUNTER: DISCOVERs from IF, one at a time, until the
# switch's COUNTER moves (a port that just came up may lose the first)
inject_until()
{
	local ctr=$3 before i

	before=$(stat hk-sw "$ctr")
	for i in 1 2 3 4 5; do
		inject_req "$1" "$2"
		# shellcheck disable=SC2016 # expanded by eval
		wait_for 2 eval '[ "$(stat hk-sw "$ctr")" -gt "$before" ]' &&
			return 0
	done
	return 1
}

cid_conflict_on_join()
{
	local -A b a
	local xid

	# vc1 takes the id vc3 would have by default, then vc3 joins.
	l2ractl hk-sw port set dev vc1 circuit-id "br0:vc3"
	check_err $? "cannot set vc1's circuit-id"
	echo "relay4_hooks: vc3 joins" >/dev/kmsg
	ip -n hk-sw link set vc3 master br0
	wait_for 30 forwarding hk-sw vc3
	check_err $? "vc3 is not forwarding: $(bridge -n hk-sw link show dev vc3)"
	kmsg_since "vc3 joins" | grep -q 'vc3.*circuit-id'
	check_err $? "no log line for vc3's conflict: $(kmsg_since "vc3 joins")"
	stats_snap hk-sw b
	inject_until hk-c3 c3 drop_cid_conflict
	check_err $? "vc3's requests were not dropped as a conflict"
	stats_snap hk-sw a
	[ $((a[req_added] - ${b[req_added]:-0})) -eq 0 ]
	check_err $? "a request of vc3 was relayed:$(deltas b a)"
	# A reply for "br0:vc3" is vc1's, not the newcomer's.
	capture_start hk-c1 c1 c1 "$ALLF"
	capture_start hk-c3 c3 c3 "$ALLF"
	xid=$(DHCP_INJECT_CID=br0:vc3 ip netns exec hk-srv "$INJECT" s0 \
		reply_ours | sed -n 's/.* xid 0x\([0-9a-f]*\):.*/\1/p')
	sleep 0.5
	capture_stop_all
	[ "$(count c3 "xid 0x$xid")" -eq 0 ]
	check_err $? "the newcomer vc3 got vc1's reply"
	[ "$(count c1 "xid 0x$xid")" -eq 1 ]
	check_err $? "vc1 did not get its reply"
	# An id of its own lifts it.
	l2ractl hk-sw port set dev vc3 circuit-id "sub-3"
	check_err $? "cannot give vc3 an id of its own"
	stats_snap hk-sw b
	inject_req hk-c3 c3
	sleep 0.3
	stats_snap hk-sw a
	[ $((a[req_added] - ${b[req_added]:-0})) -eq 1 ]
	check_err $? "vc3's request with its own id was not relayed"
	log_test "a port joining into a circuit-id in use: kept out until it has its own"
}

cid_conflict_on_rename()
{
	local -A b a

	# vc1 takes "br0:vc4", then vc2 is renamed vc4.
	l2ractl hk-sw port set dev vc1 circuit-id "br0:vc4"
	check_err $? "cannot set vc1's circuit-id"
	echo "relay4_hooks: vc2 renamed" >/dev/kmsg
	ip -n hk-sw link set vc2 down
	ip -n hk-sw link set vc2 name vc4
	ip -n hk-sw link set vc4 up
	wait_for 30 forwarding hk-sw vc4
	check_err $? "vc4 is not forwarding: $(bridge -n hk-sw link show dev vc4)"
	kmsg_since "vc2 renamed" | grep -q 'vc4.*circuit-id'
	check_err $? "no log line for vc4's conflict: $(kmsg_since "vc2 renamed")"
	stats_snap hk-sw b
	inject_until hk-c2 c2 drop_cid_conflict
	check_err $? "vc4's requests were not dropped as a conflict"
	stats_snap hk-sw a
	[ $((a[req_added] - ${b[req_added]:-0})) -eq 0 ]
	check_err $? "a request of vc4 was relayed:$(deltas b a)"
	ip -n hk-sw link set vc4 down
	ip -n hk-sw link set vc4 name vc2
	ip -n hk-sw link set vc2 up
	wait_for 30 forwarding hk-sw vc2
	l2ractl hk-sw port set dev vc1 circuit-id "sub-1"
	log_test "a port renamed into a circuit-id in use: kept out"
}

# ids_req LABEL: one DISCOVER from c2 with an xid of its own, kept as
# XIDS[LABEL]
ids_req()
{
	XIDS[$1]=$(printf %08x $((0x1d500000 + ${#XIDS[@]})))
	DHCP_INJECT_XID=0x${XIDS[$1]} ip netns exec hk-c2 "$INJECT" c2 good \
		>/dev/null
	sleep 0.3
}

# ids_seen LABEL: "cid=.. rid=.. relay=.." of that request at the server
ids_seen()
{
	dhcp_count ids >/dev/null	# decodes the capture once
	awk -v x="xid=${XIDS[$1]}" '
	index(" " $0 " ", " " x " ") {
		for (i = 1; i <= NF; i++)
			if ($i ~ /^(cid|rid|relay)=/)
				r = r (r ? " " : "") $i
		print r
		exit
	}' "$WORK/ids.dhcp"
}

# ids_expect LABEL CID RID RELAY: the request LABEL carried these (hex)
ids_expect()
{
	local want="cid=$2 rid=$3 relay=$4" got

	got=$(ids_seen "$1")
	[ "$got" = "$want" ]
	check_err $? "$1: the server saw '${got:-nothing}', not '$want'"
}

# ids_rename NS OLD NEW: rename a device, wait until vc2's port forwards
ids_rename()
{
	ip -n "$1" link set "$2" down &&
		ip -n "$1" link set "$2" name "$3" &&
		ip -n "$1" link set "$3" up
	check_err $? "cannot rename $2 to $3"
}

ids_follow_changes()
{
	local brmac newmac=02:00:5e:00:0b:01 sfx duid=00:03:00:01
	local -A XIDS

	brmac=$(mac_of hk-sw br0)
	capture_start hk-srv s0 ids
	# Each request after a change of one input (the one before fills
	# the port's cache with the old value).
	ids_req before
	l2ractl hk-sw bridge set dev br0 relay-id default
	check_err $? "cannot give br0 its default relay-id"
	ids_req relay_default
	ids_rename hk-sw vc2 vcx
	wait_for 30 forwarding hk-sw vcx
	ids_req port_renamed
	ip -n hk-sw link set br0 address "$newmac"
	check_err $? "cannot change br0's address"
	ids_req bridge_address
	ids_rename hk-sw br0 brx
	wait_for 30 forwarding hk-sw vcx
	ids_req bridge_renamed
	ids_rename hk-sw brx br0
	wait_for 30 forwarding hk-sw vcx
	l2ractl hk-sw bridge set dev br0 remote-id "rid-br"
	check_err $? "cannot set br0's remote-id"
	ids_req bridge_remote_id
	l2ractl hk-sw port set dev vcx remote-id "rid-x"
	check_err $? "cannot set vcx's remote-id"
	ids_req port_remote_id
	l2ractl hk-sw port set dev vcx circuit-id "cid-x"
	check_err $? "cannot set vcx's circuit-id"
	ids_req port_circuit_id
	capture_stop_all

	# The VLAN suffix of the default circuit-id, as the first showed it.
	sfx=$(ids_seen before | sed -n "s/^cid=$(hexstr br0:vc2)\([^ ]*\) .*/\1/p")
	ids_expect relay_default "$(hexstr br0:vc2)$sfx" "$brmac" "$duid:$brmac"
	ids_expect port_renamed "$(hexstr br0:vcx)$sfx" "$brmac" "$duid:$brmac"
	ids_expect bridge_address "$(hexstr br0:vcx)$sfx" "$newmac" "$duid:$newmac"
	ids_expect bridge_renamed "$(hexstr brx:vcx)$sfx" "$newmac" "$duid:$newmac"
	ids_expect bridge_remote_id "$(hexstr br0:vcx)$sfx" "$(hexstr rid-br)" \
		"$duid:$newmac"
	ids_expect port_remote_id "$(hexstr br0:vcx)$sfx" "$(hexstr rid-x)" \
		"$duid:$newmac"
	ids_expect port_circuit_id "$(hexstr cid-x)" "$(hexstr rid-x)" \
		"$duid:$newmac"

	l2ractl hk-sw port del dev vcx
	ids_rename hk-sw vcx vc2
	ip -n hk-sw link set br0 address "$brmac"
	l2ractl hk-sw bridge set dev br0 remote-id default relay-id hex "$RELAY_ID"
	check_err $? "cannot put br0's ids back"
	wait_for 30 forwarding hk-sw vc2
	log_test "option 82 follows renames, the bridge address and the configuration"
}

relay_off_on()
{
	local -A b a

	l2ractl hk-sw bridge set dev br0 relay off &&
		l2ractl hk-sw bridge set dev br0 relay on
	check_err $? "cannot turn the relay off and on"
	stats_snap hk-sw b
	inject_req hk-c1 c1
	sleep 0.3
	stats_snap hk-sw a
	[ $((a[req_added] - ${b[req_added]:-0})) -eq 1 ]
	check_err $? "no option 82 added after relay off/on"
	l2ractl hk-sw bridge del dev br0 &&
		l2ractl hk-sw bridge set dev br0 relay on relay-id hex "$RELAY_ID"
	check_err $? "cannot delete and set the bridge again"
	stats_snap hk-sw b
	inject_req hk-c1 c1
	sleep 0.3
	stats_snap hk-sw a
	[ $((a[req_added] - ${b[req_added]:-0})) -eq 1 ]
	check_err $? "no option 82 added after bridge del/set"
	log_test "relay off/on and bridge del/set: the hooks come back"
}

setup
run_all
