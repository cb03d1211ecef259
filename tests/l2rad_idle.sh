#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host test: l2rad waiting for the l2ra module uses no CPU.  A device whose
# l2rad starts before the module (or whose module failed to load) must sit
# in poll() until the family appears, whatever it was asked to do at start:
#
#   - no Bulk Leasequery server, a new store and then the same one again
#     (the plain wait);
#   - no store and a leasequery_server: a restore from the servers is due,
#     but it can only start once the family is there (l2rad 0.1 before
#     the fix spun here, ~11,000 family lookups a second).
#
# Each case: l2rad in the foreground, its "waiting for its family" line, then
# its user+system CPU time over WAIT seconds (default 2) from
# /proc/PID/stat, which must stay under a tenth of the wall time; and SIGTERM
# still ends it with status 0.  The host kernel has no l2ra family (it
# cannot load modules); where it has one, the test cannot run (exit 4).
#
#   tests/l2rad_idle.sh          (L2RAD=FILE: another l2rad)
#
# Prints TAP, the plan first; exits 0 if every check passed, 1 otherwise.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
L2RAD=${L2RAD:-$ROOT/agent/l2rad}
WAIT=${WAIT:-2}
PLAN=6

source "$ROOT/tests/tap.sh"
tap_begin l2rad-idle

if [ -d /sys/module/l2ra ]; then
	echo "1..0 # SKIP the l2ra module is loaded on this host: the test needs it absent"
	exit 4
fi
echo "1..$PLAN"
if [ ! -x "$L2RAD" ]; then
	for i in $(seq $PLAN); do not_ok "no l2rad: $L2RAD"; done
	exit 1
fi

# cpu_ticks PID: user + system time so far, in clock ticks
cpu_ticks()
{
	local f

	read -r -a f <"/proc/$1/stat" || return 1
	# comm (field 2) has no spaces here; utime and stime are 14 and 15
	echo $((f[13] + f[14]))
}

# idle_case NAME ARGS...: l2rad ARGS must wait for the family without
# using the CPU, and stop on SIGTERM
idle_case()
{
	local name=$1 pid t0 t1 hz used max i rc

	shift
	"$L2RAD" --foreground -c /dev/null -w 1 "$@" >"$dir/$name.log" 2>&1 &
	pid=$!
	pids+=($pid)
	for i in $(seq 100); do
		grep -q 'waiting for its family' "$dir/$name.log" && break
		sleep 0.1
	done
	if ! grep -q 'waiting for its family' "$dir/$name.log"; then
		not_ok "$name: no \"waiting for its family\" line in 10 s: $(head -3 "$dir/$name.log" | tr '\n' ' ')"
		not_ok "$name: SIGTERM (not started)"
		kill "$pid" 2>/dev/null
		return
	fi
	hz=$(getconf CLK_TCK)
	t0=$(cpu_ticks "$pid")
	sleep "$WAIT"
	t1=$(cpu_ticks "$pid")
	used=$((t1 - t0))
	max=$((hz * WAIT / 10))
	if [ -n "$t0" ] && [ -n "$t1" ] && [ "$used" -le "$max" ]; then
		ok "$name: waits for the family in poll(): $used of $((hz * WAIT)) ticks of CPU in $WAIT s"
	else
		not_ok "$name: busy while waiting for the family: $used ticks of CPU in $WAIT s (at most $max)"
	fi
	kill -TERM "$pid"
	for i in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null && echo "# l2rad still running 10 s after SIGTERM"
	wait "$pid"
	rc=$?
	if [ $rc = 0 ]; then
		ok "$name: SIGTERM: exit 0"
	else
		not_ok "$name: SIGTERM: status $rc; $(tail -3 "$dir/$name.log" | tr '\n' ' ')"
	fi
}

# no server: a new store, then the same store again
idle_case new-store -s "$dir/leases.db"
idle_case store-kept -s "$dir/leases.db"
# no store and a server: a restore from the servers is due
idle_case restore-due -s "$dir/new.db" --leasequery-server 127.0.0.1

if [ $n != $PLAN ]; then
	echo "# $n checks ran, $PLAN planned"
	fail=1
fi
exit $fail
