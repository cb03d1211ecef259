#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IPv6 bindings in the lease table: ISC dhcpd -6 on the uplink, ISC
# dhclient -6 asking IA_NA and IA_PD on vcl1.  The LDRA learns both from
# the REPLY it unwraps for vcl1, renews them on the next REPLY, removes
# them on the client's RELEASE; a RELEASE crafted on vcl2 (dhcp_inject
# v6_release) for vcl1's bindings leaves them.  A port lease-max counts
# IPv6 bindings too; LEASE_ADD/GET/DEL of IPv6 bindings over netlink
# (l2ractl), expiry, and the lease events of `l2ractl monitor`.
#
#   +-- srv ------------+     +-- sw: br0 (l2ra, relay6 on) ------+
#   | srv0 2001:db8:1::1+-----+ vsrv (trusted)                    |
#   | dhcpd -6          |     |   vcl1              vcl2          |
#   +-------------------+     +----+-------------------+----------+
#                                  |                   |
#                    +-- c1 -------+----+    +-- c2 ---+---------+
#                    | dhclient -6 -N -P|    | dhcp_inject       |
#                    +------------------+    +-------------------+
ALL_TESTS="
	bindings_learned
	monitor_shows_new
	renew_counted
	release_from_other_port_kept
	release_removes
	port_limit_counts_ipv6
	netlink_add_get_del
	expiry
"
source "$(dirname "$0")/lib.sh"
require_cmd dhcpd dhclient jq

INJECT=$L2RA_ROOT/selftests/dhcp_inject
VALID=3600
PREFERRED=1800

setup()
{
	local ns n

	[ -x "$INJECT" ] || fail_all "dhcp_inject not built"
	l2ra_load
	ns_create srv sw c1 c2
	for ns in srv sw c1 c2; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0
	done
	br_create sw br0 mcast_snooping 0
	port_add sw br0 vsrv srv srv0
	for n in 1 2; do
		port_add sw br0 "vcl$n" "c$n" "c$n"
	done
	ip -n srv addr add 2001:db8:1::1/64 dev srv0 nodad
	MAC1=$(mac_of c1 c1)

	l2ractl sw bridge set dev br0 relay on || fail_all "bridge set"
	l2ractl sw port set dev vsrv role trusted || fail_all "port set vsrv"
	l2ractl sw port set dev vcl1 || fail_all "port set vcl1"
	l2ractl sw port set dev vcl2 || fail_all "port set vcl2"

	bg ip netns exec sw "$L2RACTL" monitor >"$WORK/monitor.txt" 2>&1
	monitor_joined || fail_all "the monitor sees no events"

	cat >"$WORK/dhcpd6.conf" <<-EOF
		authoritative;
		default-lease-time $VALID;
		preferred-lifetime $PREFERRED;
		max-lease-time $VALID;
		subnet6 2001:db8:1::/64 {
			range6 2001:db8:1::100 2001:db8:1::1ff;
			prefix6 2001:db8:100:: 2001:db8:1ff:: /56;
		}
	EOF
	dhcpd6_start srv dhcpd6 srv0 || fail_all "dhcpd -6 did not start"

	dhclient6_script file
}

# monitor_joined: a probe binding comes and goes until the monitor shows
# it: then the monitor has joined the group (no sleep can promise that).
monitor_joined()
{
	local i

	for ((i = 0; i < 20; i++)); do
		l2ractl sw lease add 2001:db8:ffff::1 expires 60 dev vcl2 ||
			return 1
		l2ractl sw lease del 2001:db8:ffff::1 || return 1
		wait_for 1 grep -q "^del 2001:db8:ffff::1 " "$WORK/monitor.txt" &&
			return 0
	done
	return 1
}

# dhclient6 ARGS...: dhclient -6 on c1, its lease file and pid file
dhclient6()
{
	ip netns exec c1 timeout 40 dhclient -6 -v -sf "$WORK/dhclient6.script" \
		-lf "$WORK/dhclient6.leases" -pf "$WORK/dhclient6.pid" "$@" c1 \
		>>"$WORK/dhclient6.log" 2>&1
}

# dhclient6_stop: the running dhclient goes, releasing nothing
dhclient6_stop()
{
	local pid

	pid=$(cat "$WORK/dhclient6.pid" 2>/dev/null) || return 0
	kill "$pid" 2>/dev/null
	wait_for 5 eval '! kill -0 "$pid" 2>/dev/null'
	rm -f "$WORK/dhclient6.pid"
}

# bindings [FILTER...]: `lease show -j family inet6`, one object per line
bindings()
{
	l2ractl sw -j lease show family inet6 "$@" | jq -c '.[]'
}

# binding KEY: the one binding whose "addr" (and prefix_len, for a
# prefix "A/LEN") is KEY, or nothing
binding()
{
	local a=${1%/*} len=

	[[ $1 == */* ]] && len=${1#*/}
	bindings | jq -c --arg a "$a" --arg len "$len" \
		'select(.addr == $a and ((.prefix_len // "") | tostring) == $len)'
}

bindings_learned()
{
	local out n a p

	dhclient6 -1 -N -P
	check_err $? "dhclient -6 -N -P got no binding"
	ADDR=$(cat "$WORK/addr-c1" 2>/dev/null)
	PREFIX=$(cat "$WORK/prefix-c1" 2>/dev/null)
	echo "c1 got address ${ADDR:-nothing}, prefix ${PREFIX:-nothing}"
	[ -n "$ADDR" ] && [[ $PREFIX == 2001:db8:1*::/56 ]]
	check_err $? "c1 has no IA_NA address or IA_PD prefix from dhcpd -6"

	out=$(bindings)
	echo "$out" | sed 's/^/    /'
	n=$(echo "$out" | grep -c .)
	[ "$n" -eq 2 ]
	check_err $? "$n IPv6 bindings in the table, expected 2"
	for key in "$ADDR" "$PREFIX"; do
		a=$(binding "$key")
		echo "$a" | jq -e --arg mac "$MAC1" --argjson v "$VALID" \
			--argjson p "$PREFERRED" '
			.family == "inet6" and .ifname == "vcl1" and
			.vlan == 0 and .mac == $mac and .lease_time == $v and
			.preferred == $p and .expires > $v - 60 and
			.expires <= $v' >/dev/null
		check_err $? "binding $key: not on vcl1 with mac $MAC1, vlan 0, valid $VALID, preferred $PREFERRED: '$a'"
	done
	p=$(binding "$PREFIX" | jq -r .prefix_len)
	[ "$p" = 56 ]
	check_err $? "prefix $PREFIX shown with prefix_len '$p'"
	n=$(l2ractl sw -j lease show family inet | jq length)
	[ "$n" = 0 ]
	check_err $? "lease show family inet lists $n leases, expected 0"
	n=$(stat sw lease6_new vcl1)
	[ "$n" = 2 ]
	check_err $? "vcl1 lease6_new = $n, expected 2"
	n=$(stat sw lease_new)
	[ "$n" = 0 ]
	check_err $? "namespace lease_new (IPv4) = $n, expected 0"
	l2ractl sw lease show | grep -q "^$PREFIX mac $MAC1 vlan 0 dev vcl1 .*valid ${VALID}s preferred ${PREFERRED}s$"
	check_err $? "lease show: no text line for $PREFIX: $(l2ractl sw lease show)"
	log_test "REPLY through the LDRA: IA_NA address and IA_PD prefix learned on vcl1"
}

monitor_shows_new()
{
	local key

	for key in "$ADDR" "$PREFIX"; do
		wait_for 5 grep -q "^new $key mac $MAC1 vlan 0 dev vcl1 " \
			"$WORK/monitor.txt"
		check_err $? "no \"new $key\" event: $(grep -v ffff "$WORK/monitor.txt")"
	done
	log_test "monitor: a new event for each binding"
}

renew_counted()
{
	local before after n

	before=$(stat sw lease6_renew vcl1)
	# A new dhclient with the same DUID: the server's REPLY grants the
	# same address and prefix again.
	dhclient6_stop
	dhclient6 -1 -N -P
	check_err $? "dhclient -6 -N -P (again) failed"
	after=$(stat sw lease6_renew vcl1)
	[ "$((after - before))" -eq 2 ]
	check_err $? "vcl1 lease6_renew went $before -> $after, expected +2"
	n=$(bindings | grep -c .)
	[ "$n" -eq 2 ] && [ -n "$(binding "$ADDR")" ] && [ -n "$(binding "$PREFIX")" ]
	check_err $? "after the renewal: $n bindings, expected $ADDR and $PREFIX"
	wait_for 5 grep -q "^update $ADDR " "$WORK/monitor.txt"
	check_err $? "no update event for $ADDR"
	log_test "a second REPLY renews the bindings (lease6_renew, update events)"
}

release_from_other_port_kept()
{
	local before after key

	before=$(stat sw lease6_mismatch vcl2)
	for key in "$ADDR" "$PREFIX"; do
		DHCP_INJECT_ADDR6=$key ip netns exec c2 "$INJECT" c2 v6_release >/dev/null
		check_err $? "dhcp_inject v6_release $key failed"
	done
	sleep 0.5
	after=$(stat sw lease6_mismatch vcl2)
	[ "$((after - before))" -eq 2 ]
	check_err $? "vcl2 lease6_mismatch went $before -> $after, expected +2"
	for key in "$ADDR" "$PREFIX"; do
		binding "$key" | jq -e '.ifname == "vcl1"' >/dev/null
		check_err $? "the RELEASE from vcl2 removed $key"
	done
	[ "$(stat sw lease6_release)" = 0 ]
	check_err $? "lease6_release = $(stat sw lease6_release), expected 0"
	log_test "RELEASE from another port: bindings kept, lease6_mismatch"
}

release_removes()
{
	local n key

	dhclient6 -r -N -P
	check_err $? "dhclient -6 -r failed"
	wait_for 5 eval '[ -z "$(bindings)" ]'
	check_err $? "bindings left after the RELEASE: $(bindings)"
	n=$(stat sw lease6_release vcl1)
	[ "$n" = 2 ]
	check_err $? "vcl1 lease6_release = $n, expected 2"
	for key in "$ADDR" "$PREFIX"; do
		wait_for 5 grep -q "^release $key " "$WORK/monitor.txt"
		check_err $? "no release event for $key"
	done
	log_test "the client's RELEASE removes its bindings (lease6_release)"
}

port_limit_counts_ipv6()
{
	local before after n out

	l2ractl sw port set dev vcl1 lease-max 1
	check_err $? "port set vcl1 lease-max 1 failed"
	before=$(stat sw lease6_full vcl1)
	rm -f "$WORK/dhclient6.leases"
	dhclient6 -1 -N -P
	check_err $? "dhclient -6 -N -P (lease-max 1) failed"
	dhclient6_stop
	after=$(stat sw lease6_full vcl1)
	n=$(bindings dev vcl1 | grep -c .)
	[ "$n" -eq 1 ] && [ "$((after - before))" -eq 1 ]
	check_err $? "lease-max 1: $n bindings on vcl1 (expected 1), lease6_full $before -> $after (expected +1)"
	l2ractl sw lease flush dev vcl1
	l2ractl sw port set dev vcl1 lease-max 0

	# Both families count against one port limit.
	l2ractl sw port set dev vcl2 lease-max 1
	l2ractl sw lease add mac 02:00:00:00:13:01 addr 192.0.2.10 \
		expires 300 dev vcl2
	check_err $? "lease add of an IPv4 lease on vcl2 failed"
	out=$(l2ractl sw lease add 2001:db8:9::9 dev vcl2 expires 300 2>&1)
	[ $? -ne 0 ] && [[ $out == *"limit"* ]]
	check_err $? "vcl2 at lease-max 1 with an IPv4 lease took an IPv6 binding: '$out'"
	l2ractl sw lease flush dev vcl2
	l2ractl sw port set dev vcl2 lease-max 0
	log_test "port lease-max counts IPv6 bindings (lease6_full)"
}

netlink_add_get_del()
{
	local out

	l2ractl sw lease add 2001:db8:9::5 dev vcl2 expires 300 \
		lease-time 600 preferred 100 mac 02:00:00:00:13:05
	check_err $? "lease add 2001:db8:9::5 failed"
	l2ractl sw lease add 2001:db8:900::/40 vlan 0 dev vcl2 expires 300
	check_err $? "lease add 2001:db8:900::/40 failed"
	l2ractl sw lease add mac 02:00:00:00:13:01 addr 192.0.2.10 \
		expires 300 dev vcl2
	check_err $? "lease add of an IPv4 lease failed"

	out=$(l2ractl sw -j lease show 2001:db8:9::5)
	echo "$out" | jq -e '.[0] | .family == "inet6" and
		.addr == "2001:db8:9::5" and (has("prefix_len") | not) and
		.ifname == "vcl2" and .mac == "02:00:00:00:13:05" and
		.lease_time == 600 and .preferred == 100 and .expires <= 300' \
		>/dev/null
	check_err $? "lease show 2001:db8:9::5: '$out'"
	out=$(l2ractl sw -j lease show 2001:db8:900::/40)
	echo "$out" | jq -e '.[0] | .prefix_len == 40 and .lease_time == 300 and
		.preferred == 300 and (has("mac") | not)' >/dev/null
	check_err $? "lease show 2001:db8:900::/40: '$out'"
	out=$(l2ractl sw -j lease show family inet6 | jq -c '[.[].addr] | sort')
	[ "$out" = '["2001:db8:900::","2001:db8:9::5"]' ]
	check_err $? "lease show family inet6: $out"
	out=$(l2ractl sw -j lease show family inet | jq -c '[.[].addr]')
	[ "$out" = '["192.0.2.10"]' ]
	check_err $? "lease show family inet: $out"
	wait_for 5 grep -q "^add 2001:db8:900::/40 vlan 0 dev vcl2 " "$WORK/monitor.txt"
	check_err $? "no add event for 2001:db8:900::/40"

	l2ractl sw lease del 2001:db8:9::5
	check_err $? "lease del 2001:db8:9::5 failed"
	l2ractl sw lease del addr 2001:db8:900::/40
	check_err $? "lease del addr 2001:db8:900::/40 failed"
	out=$(l2ractl sw lease show 2001:db8:9::5 2>&1)
	[ $? -ne 0 ] && [[ $out == *"No binding"* ]]
	check_err $? "lease show after del: '$out'"
	[ -z "$(bindings)" ]
	check_err $? "bindings left: $(bindings)"
	l2ractl sw -j lease show mac 02:00:00:00:13:01 | jq -e '.[0].addr == "192.0.2.10"' >/dev/null
	check_err $? "the IPv4 lease went with the IPv6 bindings"
	l2ractl sw lease flush
	log_test "lease add/show/del of IPv6 bindings over netlink, family filter"
}

expiry()
{
	local before after

	before=$(stat sw lease6_expire)
	l2ractl sw lease add 2001:db8:9::7 dev vcl2 expires 2
	check_err $? "lease add 2001:db8:9::7 expires 2 failed"
	wait_for 8 grep -q "^expire 2001:db8:9::7 " "$WORK/monitor.txt"
	check_err $? "no expire event for 2001:db8:9::7"
	after=$(stat sw lease6_expire)
	[ "$((after - before))" -eq 1 ] && [ -z "$(bindings)" ]
	check_err $? "lease6_expire $before -> $after, bindings: $(bindings)"
	[ "$(stat sw lease_expire)" = 0 ]
	check_err $? "IPv4 lease_expire counted an IPv6 binding"
	log_test "an IPv6 binding expires (lease6_expire, expire event)"
}

setup
run_all
