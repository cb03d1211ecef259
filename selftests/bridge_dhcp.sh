#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The test bed's first test: with l2ra.ko loaded (relay not enabled on the
# bridge), DHCP through a bridge works as before, the family is registered,
# and the module unloads while traffic flows through the bridge.
#
#   +-- srv ---------+     +-- sw -------------------+     +-- cli1 -------+
#   | srv0           |     |          br0            |     | c1            |
#   | 192.0.2.1/24   +-----+ vsrv    vcl1     vcl2   +-----+ udhcpc        |
#   | dnsmasq        |     +-------------------+-----+     +---------------+
#   +----------------+                         |           +-- cli2 -------+
#                                              +-----------+ c2  udhcpc    |
#                                                          +---------------+
ALL_TESTS="
	family_registered
	both_clients_lease
	clients_reach_server
	unload_under_traffic
"
source "$(dirname "$0")/lib.sh"

setup()
{
	l2ra_load
	ns_create srv sw cli1 cli2
	br_create sw br0
	port_add sw br0 vsrv srv srv0
	port_add sw br0 vcl1 cli1 c1
	port_add sw br0 vcl2 cli2 c2
	ip -n srv addr add 192.0.2.1/24 dev srv0
	dnsmasq_start srv srv0 192.0.2.100 192.0.2.150
}

family_registered()
{
	genl ctrl get name l2ra >/dev/null 2>&1
	check_err $? "generic netlink family l2ra not registered"
	log_test "generic netlink family l2ra registered"
}

both_clients_lease()
{
	local a1 a2

	udhcpc_run cli1 c1
	check_err $? "udhcpc in cli1 got no lease"
	udhcpc_run cli2 c2
	check_err $? "udhcpc in cli2 got no lease"
	a1=$(addr_of cli1 c1)
	a2=$(addr_of cli2 c2)
	echo "cli1 got ${a1:-nothing}, cli2 got ${a2:-nothing}"
	[ -n "$a1" ] && [ -n "$a2" ] && [ "$a1" != "$a2" ]
	check_err $? "leases: '$a1' and '$a2'"
	grep -c DHCPACK "$WORK/dnsmasq-srv.log" | grep -qx 2
	check_err $? "dnsmasq did not log two DHCPACKs"
	log_test "both clients get a lease through br0"
}

clients_reach_server()
{
	ip netns exec cli1 busybox ping -c 1 -W 2 192.0.2.1 >/dev/null
	check_err $? "cli1 cannot ping the server"
	ip netns exec cli2 busybox ping -c 1 -W 2 192.0.2.1 >/dev/null
	check_err $? "cli2 cannot ping the server"
	log_test "both clients reach the server"
}

unload_under_traffic()
{
	local flood renew n

	# Unicast traffic and DHCP renewals through the bridge during rmmod.
	ip netns exec cli1 busybox ping -q -i 0.01 -w 8 192.0.2.1 >/dev/null 2>&1 &
	flood=$!
	udhcpc_run cli2 c2 &
	renew=$!
	sleep 1
	rmmod l2ra
	check_err $? "rmmod l2ra failed under traffic"
	grep -q '^l2ra ' /proc/modules
	check_fail $? "l2ra still loaded"
	wait "$flood" "$renew"
	ip netns exec cli1 busybox ping -c 1 -W 2 192.0.2.1 >/dev/null
	check_err $? "bridge does not forward after rmmod"
	n=$(dmesg | grep -c 'l2ra: unloaded')
	[ "$n" -ge 1 ]
	check_err $? "no 'l2ra: unloaded' in dmesg"
	log_test "module unloads under traffic, bridge keeps forwarding"
}

setup
run_all
