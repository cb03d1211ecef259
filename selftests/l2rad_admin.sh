#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What l2rad.8 promises an operator beyond keeping leases: one l2rad per
# store (a second one refuses to start), SIGHUP rereads the configuration
# (a bad file keeps the old one), and restore_max_age keeps leases whose
# last transaction is too old out of the kernel after a reboot.  No DHCP
# server is needed: the leases are added with l2ractl.
#
#   +-- sw: br0 (l2ra), l2rad --+
#   |  vcl1 "br0:vcl1"          |
#   +-----+---------------------+
#         |
#   c1: c1
ALL_TESTS="
	single_instance
	sighup_reload
	restore_max_age
"
source "$(dirname "$0")/lib.sh"
require_cmd sqlite3 jq

L2RAD=${L2RAD:-$L2RA_ROOT/agent/l2rad}
DB=$WORK/leases.db
CONF=$WORK/l2rad.conf
AGENT_PID=
AGENT_LOG=
AGENT_RUNS=0

[ -x "$L2RAD" ] || fail_all "l2rad not built: $L2RAD"

sw_config()
{
	l2ractl sw bridge set dev br0 relay on && l2ractl sw port set dev vcl1
}

setup()
{
	l2ra_load
	ns_create sw c1
	br_create sw br0
	port_add sw br0 vcl1 c1 c1
	sw_config || fail_all "cannot configure the relay"
}

# agent_start ARGS...: l2rad in the foreground in sw, one log per run
agent_start()
{
	AGENT_RUNS=$((AGENT_RUNS + 1))
	AGENT_LOG=$WORK/l2rad.$AGENT_RUNS.log
	ip netns exec sw "$L2RAD" -f -s "$DB" --retry-interval 1 "$@" \
		>"$AGENT_LOG" 2>&1 &
	AGENT_PID=$!
	PIDS+=("$AGENT_PID")
	wait_for 30 grep -qE 'restore: ' "$AGENT_LOG"
}

agent_stop()
{
	kill -TERM "$AGENT_PID" 2>/dev/null
	wait "$AGENT_PID" 2>/dev/null
	AGENT_PID=
}

stored()	# stored MAC: 1 if the store holds MAC's lease, else 0
{
	sqlite3 -cmd ".timeout 5000" "$DB" \
		"SELECT count(*) FROM leases WHERE hex(mac) = '$(tr -d : <<<"$1" | tr a-f A-F)'"
}

in_kernel()	# in_kernel MAC: the kernel holds MAC's lease
{
	[ -n "$(l2ractl sw -j lease show mac "$1" 2>/dev/null | jq -r '.[0].addr // empty')" ]
}

single_instance()
{
	local out rc

	agent_start -c /dev/null
	check_err $? "l2rad did not start: $(cat "$AGENT_LOG")"
	out=$(ip netns exec sw timeout 30 "$L2RAD" -f -s "$DB" -c /dev/null 2>&1)
	rc=$?
	[ "$rc" = 1 ] && grep -q 'in use by another l2rad' <<<"$out"
	check_err $? "a second l2rad on the same store: exit $rc, '$out'"
	kill -0 "$AGENT_PID" 2>/dev/null
	check_err $? "the first l2rad died"
	agent_stop
	log_test "a second l2rad on the same store refuses to start; the first runs on"
}

sighup_reload()
{
	printf 'write_delay = 2\nlog_level = info\n' >"$CONF"
	agent_start -c "$CONF"
	check_err $? "l2rad did not start: $(cat "$AGENT_LOG")"
	printf 'write_delay = 3\nlog_level = debug\n' >"$CONF"
	kill -HUP "$AGENT_PID"
	wait_for 20 grep -q 'configuration reloaded: write_delay 3 s, log_level debug' "$AGENT_LOG"
	check_err $? "SIGHUP did not reload: $(tail -n 3 "$AGENT_LOG")"
	printf 'write_delay = forever\n' >"$CONF"
	kill -HUP "$AGENT_PID"
	wait_for 20 grep -q 'keeping the old configuration' "$AGENT_LOG"
	check_err $? "a bad file was not refused: $(tail -n 3 "$AGENT_LOG")"
	kill -0 "$AGENT_PID" 2>/dev/null
	check_err $? "l2rad died on a bad configuration"
	agent_stop
	log_test "SIGHUP rereads the configuration; a bad file keeps the old one"
}

# Two leases in the store, one whose last transaction is two days old:
# after a reboot with restore_max_age 1 day only the recent one is back.
restore_max_age()
{
	local old=02:00:00:00:0a:01 new=02:00:00:00:0a:02

	agent_start -c /dev/null -w 1
	l2ractl sw lease add mac "$old" addr 192.0.2.201 expires 3000 dev vcl1 &&
		l2ractl sw lease add mac "$new" addr 192.0.2.202 expires 3000 dev vcl1
	check_err $? "lease add failed"
	wait_for 20 eval '[ "$(stored "$old")$(stored "$new")" = 11 ]'
	check_err $? "the leases did not reach the store"
	agent_stop
	sqlite3 -cmd ".timeout 5000" "$DB" \
		"UPDATE leases SET cltt = cltt - 172800 WHERE hex(mac) = '$(tr -d : <<<"$old" | tr a-f A-F)'"
	check_err $? "cannot age the lease in the store"
	rmmod l2ra && insmod "$L2RA_KO" && sw_config
	check_err $? "module reload failed"
	agent_start -c /dev/null --restore-max-age 86400
	check_err $? "l2rad did not restore: $(cat "$AGENT_LOG")"
	wait_for 10 in_kernel "$new"
	check_err $? "the recent lease is not back"
	! in_kernel "$old"
	check_err $? "the lease with a two-day-old last transaction was restored"
	agent_stop
	log_test "restore_max_age keeps a lease with an old last transaction out of the kernel"
}

setup
run_all
