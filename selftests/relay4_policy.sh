#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The trust model's guarantees (Documentation/l2ra.rst, "Trust model"),
# each against a crafted attacker frame from dhcp_inject:
#  - a client's option 82 meets the port's policy even with unicast off
#    (drop: dropped; replace: ours instead);
#  - replace, when ours does not fit (option 57 = 576): the client's option
#    82 is still removed (req_stripped), never forwarded;
#  - keep: a client option 82 with our relay-id or our remote-id never
#    reaches the server (drop_opt82_ours), so no reply to it is steered to
#    the port it names; another relay's option 82 is still kept;
#  - DHCPRELEASE / DHCPDECLINE for another address leave the lease
#    (lease_addr_mismatch); the lease's own address removes it;
#  - a trusted port's frames that are not parsable as DHCP (BOOTP without
#    cookie, no END) pass untouched (trusted_unparsed);
#  - a plain BOOTP reply (no option 53) to a relayed request is learned.
#
#   +-- srv ------------+     +-- sw: br0 (l2ra) --------------+
#   | srv0 192.0.2.1/24 +-----+ vsrv (trusted)                 |
#   | dnsmasq (+BOOTP)  |     |   vcl1           vcl2          |
#   +-------------------+     +----+---------------+-----------+
#                                  |               |
#                      +-- c1 -----+---+  +-- c2 --+-----------+
#                      | c1 udhcpc,    |  | c2 dhcp_inject     |
#                      | dhcp_inject   |  | (the attacker)     |
#                      +---------------+  +--------------------+
ALL_TESTS="
	unicast_off_opt82_drop
	unicast_off_opt82_replace
	replace_too_big_strips
	keep_ours_dropped
	keep_foreign_kept
	release_other_addr_kept
	decline_other_addr_kept
	release_own_addr_removes
	trusted_unparsed_pass
	bootp_reply_learned
"
source "$(dirname "$0")/lib.sh"
require_cmd dnsmasq busybox tcpdump

INJECT=$L2RA_ROOT/selftests/dhcp_inject
# dhcp_inject's "our" relay-id (RELAY_OURS) and the bridge's remote-id.
RELAY_OURS=00:04:4c:32:32
BR_RID=pol-rid
declare -A MAC

setup()
{
	l2ra_load
	[ -x "$INJECT" ] || fail_all "$INJECT not built (make selftests)"
	star_topology 2
	ip -n srv addr add 192.0.2.1/24 dev srv0
	SRVMAC=$(mac_of srv srv0)
	if ! { l2ractl sw bridge set dev br0 relay on \
			relay-id hex "$RELAY_OURS" remote-id "$BR_RID" &&
		l2ractl sw port set dev vsrv role trusted &&
		l2ractl sw port set dev vcl1 &&
		l2ractl sw port set dev vcl2; }; then
		fail_all "cannot configure the relay on br0"
	fi
	dnsmasq_start srv srv0 192.0.2.100 192.0.2.150 --bootp-dynamic ||
		fail_all "dnsmasq did not start"
}

# inject NS IF CASE [VAR=VALUE...]: one frame of CASE from IF in NS
inject()
{
	local ns=$1 ifc=$2 c=$3

	shift 3
	ip netns exec "$ns" env "$@" "$INJECT" "$ifc" "$c" >/dev/null
	check_err $? "dhcp_inject $c failed"
}

# xid_of CASE: the xid dhcp_inject gives the (first) frame of CASE
xid_of()
{
	"$INJECT" -l | awk -v c="$1" '$1 == c { printf "4c32%02x00\n", NR - 1 }'
}

# delta PORT NAME BEFORE EXPECTED: the port's counter moved by EXPECTED
delta()
{
	local v

	v=$(stat sw "$2" "$1")
	[ "$((${v:-0} - $3))" -eq "$4" ]
	check_err $? "$1 $2 went from $3 to ${v:-none}, expected +$4"
}

# run_case PHASE NS IF CASE [VAR=VALUE...]: CASE injected while srv0 (and
# c1) are captured as PHASE-srv (PHASE-c1); waits for the server's answer
run_case()
{
	local ph=$1

	shift
	capture_start srv srv0 "$ph-srv"
	capture_start c1 c1 "$ph-c1"
	inject "$@"
	sleep 1
	capture_stop_all
}

# at_srv PHASE CASE TOKEN...: client messages of CASE at the server
at_srv()
{
	local ph=$1 c=$2

	shift 2
	dhcp_count "$ph-srv" op=1 "xid=$(xid_of "$c")" "$@"
}

unicast_off_opt82_drop()
{
	local b

	l2ractl sw port set dev vcl2 unicast off opt82 drop
	b=$(stat sw drop_spoofed_opt82 vcl2)
	run_case ucdrop c2 c2 unicast_82 DHCP_INJECT_CID=br0:vcl1 \
		"DHCP_INJECT_DST=$SRVMAC"
	[ "$(at_srv ucdrop unicast_82)" -eq 0 ]
	check_err $? "the unicast DISCOVER with a forged option 82 reached the server"
	delta vcl2 drop_spoofed_opt82 "$b" 1
	log_test "unicast off, opt82 drop: a client option 82 is dropped"
}

unicast_off_opt82_replace()
{
	local b

	l2ractl sw port set dev vcl2 unicast off opt82 replace
	b=$(stat sw req_replaced vcl2)
	run_case ucrepl c2 c2 unicast_82 DHCP_INJECT_CID=br0:vcl1 \
		"DHCP_INJECT_DST=$SRVMAC"
	[ "$(at_srv ucrepl unicast_82 n82=1 "cid=$(hexstr br0:vcl2)")" -eq 1 ]
	check_err $? "the server did not get the unicast DISCOVER with (only) our option 82: $(pcap_dhcp ucrepl-srv)"
	delta vcl2 req_replaced "$b" 1
	log_test "unicast off, opt82 replace: ours instead of the client's"
	l2ractl sw port set dev vcl2 unicast on
}

replace_too_big_strips()
{
	local b

	l2ractl sw port set dev vcl2 opt82 replace
	b=$(stat sw req_stripped vcl2)
	run_case big c2 c2 maxmsg_82 DHCP_INJECT_CID=br0:vcl1
	[ "$(at_srv big maxmsg_82 n82=0)" -eq 1 ] &&
		[ "$(at_srv big maxmsg_82)" -eq 1 ]
	check_err $? "the server did not get the DISCOVER once without option 82: $(pcap_dhcp big-srv)"
	[ "$(pcap_count big-srv greater 605)" -eq 0 ]
	check_err $? "a frame longer than option 57 allows reached the server"
	delta vcl2 req_stripped "$b" 1
	log_test "opt82 replace, ours does not fit: client's removed anyway"
}

keep_ours_dropped()
{
	local b c2mac

	l2ractl sw port set dev vcl2 opt82 keep
	c2mac=$(mac_of c2 c2)
	b=$(stat sw drop_opt82_ours vcl2)
	run_case keepours c2 c2 req_82_ours DHCP_INJECT_CID=br0:vcl1
	[ "$(at_srv keepours req_82_ours)" -eq 0 ]
	check_err $? "a client option 82 with our relay-id reached the server"
	[ "$(dhcp_count keepours-c1 op=2 "chaddr=$c2mac")" -eq 0 ]
	check_err $? "the server's reply to it was steered to vcl1"
	run_case keeprid c2 c2 req_82_rid DHCP_INJECT_CID=br0:vcl1 \
		"DHCP_INJECT_RID=$BR_RID"
	[ "$(at_srv keeprid req_82_rid)" -eq 0 ]
	check_err $? "a client option 82 with our remote-id reached the server"
	[ "$(dhcp_count keeprid-c1 op=2 "chaddr=$c2mac")" -eq 0 ]
	check_err $? "the server's reply to it was steered to vcl1"
	delta vcl2 drop_opt82_ours "$b" 2
	log_test "opt82 keep: a client option 82 passing for ours dropped"
}

keep_foreign_kept()
{
	local b

	b=$(stat sw req_kept vcl2)
	run_case keepfor c2 c2 req_82_foreign DHCP_INJECT_CID=br0:vcl1
	[ "$(at_srv keepfor req_82_foreign n82=1 "cid=$(hexstr br0:vcl1)" \
		relay=00:04:de:ad:be)" -eq 1 ]
	check_err $? "another relay's option 82 did not reach the server unchanged"
	delta vcl2 req_kept "$b" 1
	log_test "opt82 keep: another relay's option 82 still kept"
}

# has_lease: c1's lease (MAC[1], address $A1) is in the table on vcl1
has_lease()
{
	l2ractl sw lease show | grep -q "^${MAC[1]} vlan 0 addr $A1 dev vcl1 "
}

release_other_addr_kept()
{
	local b

	udhcpc_run c1 c1
	check_err $? "c1 got no lease"
	A1=$(addr_of c1 c1)
	wait_for 3 has_lease
	check_err $? "c1's lease ($A1) was not learned"
	b=$(stat sw lease_addr_mismatch vcl1)
	run_case relother c1 c1 release DHCP_INJECT_ADDR=192.0.2.99
	has_lease
	check_err $? "a RELEASE of 192.0.2.99 removed the lease of $A1"
	delta vcl1 lease_addr_mismatch "$b" 1
	log_test "DHCPRELEASE of another address: lease kept"
}

decline_other_addr_kept()
{
	local b

	b=$(stat sw lease_addr_mismatch vcl1)
	run_case decother c1 c1 decline DHCP_INJECT_ADDR=192.0.2.99
	has_lease
	check_err $? "a DECLINE of 192.0.2.99 removed the lease of $A1"
	delta vcl1 lease_addr_mismatch "$b" 1
	log_test "DHCPDECLINE of another address: lease kept"
}

release_own_addr_removes()
{
	local b

	b=$(stat sw lease_release vcl1)
	run_case relown c1 c1 release "DHCP_INJECT_ADDR=$A1"
	! has_lease
	check_err $? "a RELEASE of $A1 left its lease"
	delta vcl1 lease_release "$b" 1
	log_test "DHCPRELEASE of the lease's address: lease removed"
}

trusted_unparsed_pass()
{
	local b m c

	b=$(stat sw trusted_unparsed vsrv)
	m=$(stat sw drop_malformed)
	capture_start c1 c1 unparsed-c1
	for c in bootp_short bad_cookie no_end; do
		inject srv srv0 "$c"
	done
	sleep 1
	capture_stop_all
	for c in bootp_short bad_cookie no_end; do
		[ "$(dhcp_count unparsed-c1 "xid=$(xid_of $c)")" -eq 1 ]
		check_err $? "$c from the uplink did not reach c1"
	done
	delta vsrv trusted_unparsed "$b" 3
	[ "$(stat sw drop_malformed)" -eq "$m" ]
	check_err $? "drop_malformed moved"
	log_test "trusted port: frames not parsable as DHCP pass untouched"
}

bootp_reply_learned()
{
	local mac

	mac=$(mac_of c2 c2)
	l2ractl sw port set dev vcl2 opt82 drop
	run_case bootp c2 c2 bootp_req
	[ "$(dhcp_count bootp-srv op=2 type=- "chaddr=$mac")" -ge 1 ]
	check_err $? "dnsmasq sent no BOOTP reply: $(pcap_dhcp bootp-srv)"
	wait_for 3 eval "l2ractl sw lease show | grep -q '^$mac vlan 0 addr 192.0.2.* dev vcl2 '"
	check_err $? "the BOOTP lease was not learned: $(l2ractl sw lease show)"
	log_test "plain BOOTP reply to a relayed request: lease learned"
	l2ractl sw -s port show | sed 's/^/    /'
}

setup
run_all
