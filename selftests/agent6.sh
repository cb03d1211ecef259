#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# l2rad and the IPv6 bindings of the lease table (IA_NA addresses, IA_PD
# prefixes, keyed by address or prefix and VLAN): bindings in the kernel
# reach the store's leases6 table next to the IPv4 leases; a "reboot"
# (l2rad stopped, module reloaded, configuration re-applied, l2rad started)
# and a reload under a running l2rad bring them back on their ports with
# what is left of their lifetimes; and a replaced device (no store) gets
# them back from a DHCPv6 Bulk Leasequery server (RFC 5460, blq_responder
# in Kea 3.0 mode) by relay-id, each on the port its Interface-ID names,
# with the MAC address of its CLIENT_LINKLAYER_ADDR or DUID.
# l2rad runs in the switch namespace with a 1-second write delay.
#
#   +-- srv -----------------+     +-- sw: br0 (l2ra), l2rad -----------+
#   | srv0 2001:db8::1       +-----+ vsrv (trusted)    br0 2001:db8::fe |
#   | blq_responder -6 :547  |     |  vcl1 "cpe-1/port-1"   vcl2        |
#   +------------------------+     +-----+--------------------+---------+
#                                        |                    |
#                                       c1                   c2
ALL_TESTS="
	bindings_stored
	reboot_restores
	reload_under_agent
	replaced_device_restored
"
source "$(dirname "$0")/lib.sh"
require_cmd jq sqlite3 python3

L2RAD=${L2RAD:-$L2RA_ROOT/agent/l2rad}
RESP=${RESP:-$L2RA_ROOT/selftests/blq_responder}
DB=$WORK/leases.db
WDELAY=1
CID1="cpe-1/port-1"
RELAY_ID=0004a1b2c3d4e5f60718293a4b5c6d7e8f90
declare -A MAC
AGENT_PID=
AGENT_RUNS=0
AGENT_LOG=

[ -x "$L2RAD" ] || fail_all "l2rad not built: $L2RAD"
[ -x "$RESP" ] || fail_all "blq_responder not built: $RESP"

sw_config()
{
	l2ractl sw bridge set dev br0 relay on relay-id hex "$RELAY_ID" &&
	l2ractl sw port set dev vsrv role trusted &&
	l2ractl sw port set dev vcl1 circuit-id "$CID1" &&
	l2ractl sw port set dev vcl2
}

setup()
{
	l2ra_load
	star_topology 2
	ip -n srv addr add 2001:db8::1/64 dev srv0 nodad
	ip -n sw addr add 2001:db8::fe/64 dev br0 nodad
	sw_config || fail_all "cannot configure the relay"
	l2ractl sw lease show family inet6 >/dev/null 2>&1 ||
		skip_all "l2ractl does not show IPv6 bindings"
}

# --- l2rad --------------------------------------------------------------

agent_start()
{
	AGENT_RUNS=$((AGENT_RUNS + 1))
	AGENT_LOG=$WORK/l2rad.$AGENT_RUNS.log
	ip netns exec sw "$L2RAD" -f -s "$DB" -w "$WDELAY" \
		--retry-interval 1 -c /dev/null "$@" >"$AGENT_LOG" 2>&1 &
	AGENT_PID=$!
	PIDS+=("$AGENT_PID")
}

agent_ready()
{
	grep -qE 'restore: ' "$AGENT_LOG"
}

# The restore from the DHCP servers ended (its summary line).
restore_done()
{
	grep -qE 'leasequery: [0-9]+ bindings, ' "$AGENT_LOG"
}

alive()
{
	[ -d "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null
}

agent_stop()
{
	kill -TERM "$AGENT_PID" 2>/dev/null
	wait_for 15 eval "! alive $AGENT_PID" || kill -9 "$AGENT_PID"
	wait "$AGENT_PID"
	AGENT_PID=
} 2>/dev/null

# --- kernel and store views ---------------------------------------------

ZMAC=00:00:00:00:00:00

# kernel6_set: "addr/plen vid mac preferred port" of every IPv6 binding
# (plen 0: an IA_NA address; mac all zero: unknown), sorted
kernel6_set()
{
	l2ractl sw -j lease show family inet6 2>/dev/null |
		jq -r --arg z "$ZMAC" '.[] | "\(.addr)/\(.prefix_len // 0) \(.vlan // 0) \(.mac // $z) \(.preferred) \(.ifname)"' |
		sort
}

# kernel4_set: "mac vid addr port" of every IPv4 lease, sorted
kernel4_set()
{
	l2ractl sw -j lease show family inet 2>/dev/null |
		jq -r '.[] | "\(.mac) \(.vlan // 0) \(.addr) \(.ifname)"' | sort
}

# store6_set: the same of every row of the store's leases6 table
store6_set()
{
	python3 - "$DB" <<-'EOF'
		import ipaddress, sqlite3, sys
		db = sqlite3.connect(sys.argv[1], timeout=5)
		rows = db.execute('SELECT addr6, prefix_len, vid, mac, preferred, port FROM leases6')
		out = []
		for a, plen, vid, mac, pref, port in rows:
		    out.append('%s/%d %d %s %d %s' % (ipaddress.IPv6Address(bytes(a)), plen, vid,
		               ':'.join('%02x' % b for b in mac), pref, port))
		print('\n'.join(sorted(out)))
	EOF
}

store4_set()
{
	sqlite3 -cmd '.timeout 5000' "$DB" \
		'SELECT lower(hex(mac)), vid, addr, port FROM leases' |
		awk -F'|' '{
			m = substr($1, 1, 2)
			for (i = 3; i <= 11; i += 2)
				m = m ":" substr($1, i, 2)
			a = $3
			printf "%s %s %d.%d.%d.%d %s\n", m, $2, int(a / 16777216),
				int(a / 65536) % 256, int(a / 256) % 256, a % 256, $4
		}' | sort
}

kernel6_is()	# kernel6_is SET
{
	[ "$(kernel6_set)" = "$1" ]
}

store6_is()	# store6_is SET
{
	[ "$(store6_set)" = "$1" ]
}

# binding6 KEY FIELD: one field of the kernel's IPv6 binding KEY
# (ADDR or PREFIX/LEN)
binding6()
{
	l2ractl sw -j lease show "$1" 2>/dev/null |
		jq -r ".[0].$2 // empty" 2>/dev/null
}

oneline()
{
	tr '\n' ',' <<<"$1"
}

# --- checks -------------------------------------------------------------

BEFORE6=
BEFORE4=
bindings_stored()
{
	local want4

	agent_start
	wait_for 30 agent_ready
	check_err $? "l2rad did not start: $(cat "$AGENT_LOG")"
	l2ractl sw lease add 2001:db8::5 dev vcl1 expires 3000 \
		lease-time 3600 preferred 1800 mac "${MAC[1]}" &&
	l2ractl sw lease add 2001:db8:100::/56 dev vcl2 expires 3000 \
		lease-time 3600 preferred 900 &&
	l2ractl sw lease add 2001:db8::6 dev vcl2 expires 3000 &&
	l2ractl sw lease add 2001:db8::7 dev vcl1 expires 3000 &&
	l2ractl sw lease add mac "${MAC[2]}" addr 192.0.2.7 expires 3000 dev vcl2
	check_err $? "l2ractl lease add failed"
	BEFORE6=$(printf '%s\n' \
		"2001:db8::5/0 0 ${MAC[1]} 1800 vcl1" \
		"2001:db8::6/0 0 $ZMAC 3000 vcl2" \
		"2001:db8::7/0 0 $ZMAC 3000 vcl1" \
		"2001:db8:100::/56 0 $ZMAC 900 vcl2" | sort)
	want4="${MAC[2]} 0 192.0.2.7 vcl2"
	[ "$(kernel6_set)" = "$BEFORE6" ]
	check_err $? "kernel bindings: $(oneline "$(kernel6_set)"), expected $(oneline "$BEFORE6")"
	wait_for $((WDELAY * 5)) store6_is "$BEFORE6"
	check_err $? "store leases6: $(oneline "$(store6_set)"), expected $(oneline "$BEFORE6")"
	[ "$(store4_set)" = "$want4" ]
	check_err $? "store leases: $(oneline "$(store4_set)"), expected $want4"
	log_test "IPv6 bindings (IA_NA, IA_PD, MAC known or not) reach the store next to an IPv4 lease"
	l2ractl sw lease show | sed 's/^/    /'

	l2ractl sw lease del 2001:db8::7
	check_err $? "l2ractl lease del failed"
	BEFORE6=$(grep -v '^2001:db8::7/' <<<"$BEFORE6")
	wait_for $((WDELAY * 5)) store6_is "$BEFORE6"
	check_err $? "store leases6 after a del: $(oneline "$(store6_set)")"
	log_test "an IPv6 binding removed from the kernel leaves the store"
	BEFORE4=$want4
}

reboot_restores()
{
	local t0 t1 e0 e1

	t0=$(date +%s)
	e0=$(binding6 2001:db8:100::/56 expires)
	agent_stop
	[ "$(store6_set)" = "$BEFORE6" ]
	check_err $? "store after SIGTERM: $(oneline "$(store6_set)")"
	rmmod l2ra
	check_err $? "rmmod failed"
	sleep 2		# so that the lifetimes visibly count down
	insmod "$L2RA_KO"
	check_err $? "insmod failed"
	[ -z "$(kernel6_set)" ]
	check_err $? "the fresh module holds bindings"
	sw_config
	check_err $? "re-applying the configuration failed"
	agent_start
	wait_for 30 agent_ready
	check_err $? "l2rad did not restore: $(cat "$AGENT_LOG")"
	wait_for 5 kernel6_is "$BEFORE6"
	check_err $? "kernel after restore: $(oneline "$(kernel6_set)"), expected $(oneline "$BEFORE6")"
	[ "$(kernel4_set)" = "$BEFORE4" ]
	check_err $? "IPv4 lease after restore: $(kernel4_set)"
	grep -q 'restore: 4 pushed' "$AGENT_LOG"
	check_err $? "l2rad did not push 4 leases: $(grep 'restore: ' "$AGENT_LOG")"
	e1=$(binding6 2001:db8:100::/56 expires)
	t1=$(date +%s)
	[ -n "$e1" ] && [ "$e1" -lt "$e0" ] &&
		[ "$e1" -ge $((e0 - (t1 - t0) - 2)) ]
	check_err $? "the prefix expired in $e0 s before, ${e1:-none} s after $((t1 - t0)) s"
	[ "$(binding6 2001:db8:100::/56 lease_time)" = 3600 ]
	check_err $? "the prefix's valid lifetime is $(binding6 2001:db8:100::/56 lease_time), not 3600"
	log_test "reboot: SIGTERM, rmmod, insmod, config, l2rad: IPv6 bindings back from the store"
	l2ractl sw lease show family inet6 | sed 's/^/    /'
}

reload_under_agent()
{
	rmmod l2ra
	check_err $? "rmmod failed"
	wait_for 10 grep -q 'family unregistered' "$AGENT_LOG"
	check_err $? "l2rad did not notice the unload"
	[ "$(store6_set)" = "$BEFORE6" ]
	check_err $? "store lost bindings at unload: $(oneline "$(store6_set)")"
	insmod "$L2RA_KO"
	check_err $? "insmod failed"
	sw_config
	check_err $? "re-applying the configuration failed"
	wait_for 10 kernel6_is "$BEFORE6"
	check_err $? "kernel after reload: $(oneline "$(kernel6_set)"), expected $(oneline "$BEFORE6")"
	wait_for $((WDELAY * 5)) store6_is "$BEFORE6"
	check_err $? "store after reload: $(oneline "$(store6_set)")"
	alive "$AGENT_PID"
	check_err $? "l2rad died"
	log_test "module reloaded under a running l2rad: IPv6 bindings back"
}

# The replacement device: the same provisioning, no store, an empty table.
# The server holds, under our relay-id: an address of c1 behind vcl1
# (Interface-ID "cpe-1/port-1": a port found by circuit-id; MAC from its
# DUID-LL), an address and a prefix of c2 behind "br0:vcl2" (MAC from
# CLIENT_LINKLAYER_ADDR, its DUID an DUID-EN), one without Interface-ID,
# one behind a port this device does not have; and one binding under
# another relay-id.
replaced_device_restored()
{
	local want store_want e mac1=${MAC[1]//:/}

	cat >"$WORK/v6.bindings" <<-EOF
		v6 addr=2001:db8::15 duid=00030001$mac1 lease=3000 cltt=100 relay-id-hex=$RELAY_ID interface-id=$CID1
		v6 addr=2001:db8::16 prefix=2001:db8:200::/56 duid=00020000013701020304 lease=3000 preferred=2000 relay-id-hex=$RELAY_ID interface-id=br0:vcl2 lladdr=${MAC[2]}
		v6 addr=2001:db8::17 duid=00020000013701020305 lease=3000 relay-id-hex=$RELAY_ID peer=fe80::17
		v6 addr=2001:db8::18 duid=00020000013701020306 lease=3000 relay-id-hex=$RELAY_ID interface-id=br0:vcl9
		v6 addr=2001:db8::19 duid=00020000013701020307 lease=3000 relay-id-hex=00030001aaaaaaaaaaaa interface-id=br0:vcl1
	EOF
	rm -f "$WORK/resp-v6.ready"
	bg ip netns exec srv "$RESP" -f "$WORK/v6.bindings" \
		-6 '[2001:db8::1]:547' --kea30 \
		--ready-file "$WORK/resp-v6.ready" --log "$WORK/resp-v6.log"
	wait_for 10 test -s "$WORK/resp-v6.ready"
	check_err $? "the DHCPv6 responder did not start"

	agent_stop
	rm -f "$DB" "$DB-wal" "$DB-shm"
	rmmod l2ra && insmod "$L2RA_KO" && sw_config
	check_err $? "module reload and provisioning failed"
	[ -z "$(kernel6_set)" ]
	check_err $? "the new device's table is not empty"
	agent_start --leasequery-server '[2001:db8::1]:547'
	wait_for 60 restore_done
	check_err $? "l2rad did not finish its restore: $(tail -n 20 "$AGENT_LOG")"
	grep -q "query .* v6 .*by=relay-id" "$WORK/resp-v6.log"
	check_err $? "the server was not asked by relay-id: $(cat "$WORK/resp-v6.log")"
	want=$(printf '%s\n' \
		"2001:db8::15/0 0 ${MAC[1]} 3100 vcl1" \
		"2001:db8::16/0 0 ${MAC[2]} 2000 vcl2" \
		"2001:db8:200::/56 0 ${MAC[2]} 2000 vcl2" | sort)
	wait_for 10 kernel6_is "$want"
	check_err $? "kernel after the restore: $(oneline "$(kernel6_set)"), expected $(oneline "$want")"
	grep -q 'DHCPv6: 0 without address, 0 without relay data, 1 without interface-id' "$AGENT_LOG"
	check_err $? "the binding without Interface-ID was not counted: $(grep 'leasequery: ' "$AGENT_LOG")"
	# The one whose port is missing waits in the store for it.
	store_want=$(printf '%s\n%s\n' "$want" "2001:db8::18/0 0 $ZMAC 3000 vcl9" | sort)
	wait_for $((WDELAY * 5)) store6_is "$store_want"
	check_err $? "store after the restore: $(oneline "$(store6_set)"), expected $(oneline "$store_want")"
	e=$(binding6 2001:db8::15 expires)
	[ -n "$e" ] && [ "$e" -le 3000 ] && [ "$e" -ge 2900 ]
	check_err $? "2001:db8::15 expires in ${e:-nothing} s, not what the server had left (3000)"
	log_test "replaced device: IPv6 bindings back from the DHCPv6 server by relay-id (Kea 3.0 mode), each on its Interface-ID's port"
	grep 'leasequery: ' "$AGENT_LOG" | sed 's/^/    /'
	l2ractl sw lease show family inet6 | sed 's/^/    /'
}

setup
run_all
