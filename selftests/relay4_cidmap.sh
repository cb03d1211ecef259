#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The circuit-id map (kmod/cidmap.c, issue 12 item 10): a reply with our
# option 82 goes to the port its circuit-id names, found in a map that
# every change of a port's circuit-id must update.  After each change a
# reply for the new id reaches the right port only, and a reply for the old
# one reaches no port and is counted (drop_no_port):
#  - a port renamed (its default circuit-id "br0:<port>" changes);
#  - a port given a new circuit-id (PORT_SET), and another one after it;
#  - a port leaving the bridge and joining it again;
#  - the relay turned off and on;
#  - the bridge deleted and created again.
#
#   +-- cm-srv ---------+     +-- cm-sw: br0 (l2ra relay) ---------------+
#   | s0 (dhcp_inject)  +-----+ vup trusted                              |
#   +-------------------+     | vc1                 vc2                  |
#                             +--+-------------------+-------------------+
#                                |                   |
#                         +-- cm-c1 --+       +-- cm-c2 --+
#                         | c1        |       | c2        |
#                         +-----------+       +-----------+
ALL_TESTS="
	steer_default
	steer_rename
	steer_port_set
	steer_leave_rejoin
	steer_relay_off_on
	steer_bridge_recreate
"
source "$(dirname "$0")/lib.sh"
require_cmd tcpdump bridge

INJECT=$L2RA_ROOT/selftests/dhcp_inject
RELAY_ID=00:04:4c:32:32		# dhcp_inject's RELAY_OURS

relay_config()
{
	l2ractl cm-sw bridge set dev br0 relay on relay-id hex "$RELAY_ID" &&
		l2ractl cm-sw port set dev vup role trusted
}

setup()
{
	[ -x "$INJECT" ] || fail_all "$INJECT not built (make selftests)"
	l2ra_load
	ns_create cm-srv cm-sw cm-c1 cm-c2
	br_create cm-sw br0
	port_add cm-sw br0 vup cm-srv s0
	port_add cm-sw br0 vc1 cm-c1 c1
	port_add cm-sw br0 vc2 cm-c2 c2
	relay_config || fail_all "l2ractl refused the configuration"
	if ! wait_for 30 forwarding vc1 || ! wait_for 30 forwarding vc2; then
		fail_all "the ports do not forward"
	fi
}

# forwarding DEV: is port DEV of cm-sw forwarding (frames reach the hooks)?
forwarding()
{
	bridge -n cm-sw link show dev "$1" | grep -q 'state forwarding'
}

# port_up DEV: DEV of cm-sw up and forwarding
port_up()
{
	ip -n cm-sw link set "$1" up
	wait_for 30 forwarding "$1"
}

# reply CID: a server reply with our option 82 naming CID, from the uplink.
# Sets GOT to the clients that received it (" c1", " c2", " c1 c2" or
# empty) and STEERED and NOPORT to how much reply_steered and drop_no_port
# grew.
GOT=''
STEERED=0
NOPORT=0
reply()
{
	local -A b a
	local xid c

	stats_snap cm-sw b
	capture_start cm-c1 c1 c1
	capture_start cm-c2 c2 c2
	xid=$(DHCP_INJECT_CID=$1 ip netns exec cm-srv "$INJECT" s0 \
		reply_ours | sed -n 's/.* xid 0x\([0-9a-f]*\):.*/\1/p')
	sleep 0.5
	capture_stop_all
	stats_snap cm-sw a
	GOT=
	for c in c1 c2; do
		[ "$(pcap_text "$c" | grep -c "xid 0x$xid")" -gt 0 ] &&
			GOT+=" $c"
	done
	STEERED=$((a[reply_steered] - ${b[reply_steered]:-0}))
	NOPORT=$((a[drop_no_port] - ${b[drop_no_port]:-0}))
}

# expect_to CID CLIENT: a reply for CID reaches CLIENT only, steered
expect_to()
{
	reply "$1"
	[ "$GOT" = " $2" ] && [ "$STEERED" -eq 1 ] && [ "$NOPORT" -eq 0 ]
	check_err $? "reply for \"$1\": reached '${GOT# }', want $2 (reply_steered +$STEERED, drop_no_port +$NOPORT)"
}

# expect_nowhere CID: a reply for CID reaches no client and is counted
expect_nowhere()
{
	reply "$1"
	[ -z "$GOT" ] && [ "$STEERED" -eq 0 ] && [ "$NOPORT" -eq 1 ]
	check_err $? "reply for \"$1\": reached '${GOT# }', want none (reply_steered +$STEERED, drop_no_port +$NOPORT)"
}

steer_default()
{
	expect_to br0:vc1 c1
	expect_to br0:vc2 c2
	# a default circuit-id with a VLAN suffix names its port too
	expect_to br0:vc1:7 c1
	expect_nowhere br0:vc1:12345
	expect_nowhere br0:vc3
	log_test "default circuit-ids steer to their ports"
}

steer_rename()
{
	ip -n cm-sw link set vc1 down
	ip -n cm-sw link set vc1 name vx1
	port_up vx1
	check_err $? "vx1 is not forwarding"
	expect_to br0:vx1 c1
	expect_to br0:vx1:7 c1
	expect_nowhere br0:vc1
	log_test "a renamed port: its new default circuit-id steers, the old one nowhere"
}

steer_port_set()
{
	l2ractl cm-sw port set dev vc2 circuit-id "cpe-2"
	check_err $? "cannot set vc2's circuit-id"
	expect_to cpe-2 c2
	expect_nowhere br0:vc2
	# a configured circuit-id takes no VLAN suffix
	expect_nowhere cpe-2:7
	l2ractl cm-sw port set dev vc2 circuit-id "cpe-2b"
	check_err $? "cannot change vc2's circuit-id"
	expect_to cpe-2b c2
	expect_nowhere cpe-2
	# deleting the entry brings the default back
	l2ractl cm-sw port del dev vc2
	check_err $? "cannot delete vc2's entry"
	expect_to br0:vc2 c2
	expect_nowhere cpe-2b
	l2ractl cm-sw port set dev vc2 circuit-id "cpe-2"
	check_err $? "cannot set vc2's circuit-id again"
	log_test "port set of a new circuit-id: the new one steers, the old one nowhere"
}

steer_leave_rejoin()
{
	ip -n cm-sw link set vc2 nomaster
	check_err $? "vc2 cannot leave br0"
	# its entry, and its configured circuit-id, went with it
	expect_nowhere cpe-2
	expect_nowhere br0:vc2
	ip -n cm-sw link set vc2 master br0
	port_up vc2
	check_err $? "vc2 is not forwarding after it joined again"
	expect_to br0:vc2 c2
	expect_nowhere cpe-2
	expect_to br0:vx1 c1
	log_test "a port leaving and joining again: steered by its default circuit-id"
}

steer_relay_off_on()
{
	l2ractl cm-sw port set dev vc2 circuit-id "cpe-2"
	check_err $? "cannot set vc2's circuit-id"
	l2ractl cm-sw bridge set dev br0 relay off &&
		l2ractl cm-sw bridge set dev br0 relay on
	check_err $? "cannot turn the relay off and on"
	expect_to cpe-2 c2
	expect_to br0:vx1 c1
	expect_nowhere br0:vc2
	log_test "relay off and on: the circuit-ids steer again"
}

steer_bridge_recreate()
{
	ip -n cm-sw link del br0
	check_err $? "cannot delete br0"
	br_create cm-sw br0
	ip -n cm-sw link set vup master br0 &&
		ip -n cm-sw link set vx1 master br0 &&
		ip -n cm-sw link set vc2 master br0
	check_err $? "cannot put the ports back in br0"
	relay_config
	check_err $? "l2ractl refused the configuration of the new br0"
	wait_for 30 forwarding vup && wait_for 30 forwarding vx1 &&
		wait_for 30 forwarding vc2
	check_err $? "the new br0's ports do not forward"
	expect_to br0:vx1 c1
	expect_to br0:vc2 c2
	# vc2's configured circuit-id went with the old bridge
	expect_nowhere cpe-2
	log_test "bridge deleted and created again: its ports' circuit-ids steer"
}

setup
run_all
