#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The test bed's first test: with l2ra.ko loaded (relay not enabled on the
# bridge), DHCP through a bridge works as before, the family is registered;
# then, with the relay enabled and DHCP exchanges and a ping flood running
# through it (counters show requests tagged and replies steered), the module
# unloads and the bridge keeps forwarding.
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

# relay_counted NAME BEFORE: the namespace counter NAME grew past BEFORE
relay_counted()
{
	[ "$(stat sw "$1")" -gt "$2" ]
}

# dhcp_loop: udhcpc exchanges in cli2, one after the other, until
# $WORK/stop exists; one line per exchange in $WORK/loop.log
dhcp_loop()
{
	while [ ! -e "$WORK/stop" ]; do
		if udhcpc_run cli2 c2; then
			echo lease
		else
			echo none
		fi >>"$WORK/loop.log"
	done
}

unload_under_traffic()
{
	local flood loop added steered stats got n

	# The relay on, so that rmmod races the hook's edit and steering
	# paths, not only its "not enabled" exit.
	l2ractl sw bridge set dev br0 relay on &&
		l2ractl sw port set dev vsrv role trusted
	check_err $? "cannot enable the relay on br0"
	added=$(stat sw req_added)
	steered=$(stat sw reply_steered)
	# Unicast traffic and DHCP exchanges through the bridge during rmmod.
	ip netns exec cli1 busybox ping -q -i 0.02 -w 600 192.0.2.1 \
		>"$WORK/flood.log" 2>&1 &
	flood=$!
	: >"$WORK/loop.log"
	dhcp_loop &
	loop=$!
	# Traffic flows through the relay: a request got our option 82 and a
	# reply was steered back by it, while both loads keep running.
	wait_for 120 relay_counted req_added "${added:-0}" &&
		wait_for 120 relay_counted reply_steered "${steered:-0}"
	check_err $? "no DHCP through the relay before rmmod: req_added $added -> $(stat sw req_added), reply_steered $steered -> $(stat sw reply_steered)"
	echo "before rmmod: req_added $added -> $(stat sw req_added), reply_steered $steered -> $(stat sw reply_steered)"
	rmmod l2ra
	check_err $? "rmmod l2ra failed under traffic"
	grep -q '^l2ra ' /proc/modules
	check_fail $? "l2ra still loaded"
	# One more exchange after the unload, then stop the loads.
	n=$(grep -c . "$WORK/loop.log")
	wait_for 120 sh -c "[ \$(grep -c . '$WORK/loop.log') -gt $n ]"
	check_err $? "the DHCP loop made no exchange after rmmod"
	touch "$WORK/stop"
	wait "$loop"
	kill -INT "$flood" 2>/dev/null
	wait "$flood"
	stats=$(grep 'packets received' "$WORK/flood.log")
	got=$(sed -n 's/.* \([0-9]*\) packets received.*/\1/p' <<<"$stats")
	echo "ping during rmmod: ${stats:-no statistics}; DHCP loop: $(sort "$WORK/loop.log" | uniq -c | tr -s ' \n' ' ')"
	[ "${got:-0}" -gt 0 ]
	check_err $? "the ping flood got no answer: '$(tr '\n' ' ' <"$WORK/flood.log")'"
	grep -qx lease "$WORK/loop.log"
	check_err $? "no udhcpc exchange of the loop got a lease"
	ip netns exec cli1 busybox ping -c 1 -W 2 192.0.2.1 >/dev/null
	check_err $? "bridge does not forward after rmmod"
	n=$(dmesg | grep -c 'l2ra: unloaded')
	[ "$n" -ge 1 ]
	check_err $? "no 'l2ra: unloaded' in dmesg"
	log_test "module unloads under relayed traffic, bridge keeps forwarding"
}

setup
run_all
