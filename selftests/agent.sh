#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# l2rad, the lease persistence daemon, against the real module: leases
# learned from DHCP through the bridge reach the SQLite store, a release
# leaves it, a "reboot" (l2rad stopped, module reloaded, configuration
# re-applied, l2rad started) and a reload under a running l2rad bring the
# leases back on their ports, kill -9 under lease churn leaves a sound store
# that converges with the kernel, and l2rad started before the module waits
# for it, and a store of many leases is pushed in batches: most by port name,
# some by circuit-id, one waiting for its bridge, two refused, one clamped to
# its lease time; a static binding (l2ractl binding add) is stored with its
# flag and comes back as one after a reboot, whatever expiry the store holds.
# The restore reads the image l2rad wrote at a clean stop, and the rows after
# a kill -9 or a change through sqlite3 while it was stopped.
# l2rad runs in the switch namespace with a 1-second write delay.
#
#   +-- srv ---------+     +-- sw: br0 (l2ra), l2rad -------------+
#   | srv0 192.0.2.1 +-----+ vsrv (trusted)                       |
#   | dnsmasq        |     |  vcl1 "cpe-1/port-1"  vcl2    vcl3    |
#   +----------------+     +-----+---------------------+-------+--+
#                                |                     |       |
#                          c1: c1 udhcpc     c2: c2 dhclient  c3: c3 dhclient
ALL_TESTS="
	leases_stored
	release_unstored
	reboot_restores
	image_or_rows
	reload_under_agent
	crash_churn
	module_after_agent
	batch_restore
	static_binding
"
source "$(dirname "$0")/lib.sh"
require_cmd dnsmasq dhclient busybox jq sqlite3

L2RAD=${L2RAD:-$L2RA_ROOT/agent/l2rad}
DB=$WORK/leases.db
WDELAY=1		# l2rad -w: seconds
CRASH_ITER=${CRASH_ITER:-10}	# kill -9 rounds of crash_churn
CID1="cpe-1/port-1"
declare -A MAC		# [N]: the MAC of client N
AGENT_PID=
AGENT_RUNS=0
AGENT_LOG=
WAS_LOG=		# reboot_after: the log of the run it stopped
WAS_N=			# and the leases that run left in the store

[ -x "$L2RAD" ] || fail_all "l2rad not built: $L2RAD"

# sw_config: the relay configuration, as an operator's boot script applies
# it (rmmod drops it all)
sw_config()
{
	l2ractl sw bridge set dev br0 relay on &&
	l2ractl sw port set dev vsrv role trusted &&
	l2ractl sw port set dev vcl1 circuit-id "$CID1" &&
	l2ractl sw port set dev vcl2 &&
	l2ractl sw port set dev vcl3
}

setup()
{
	l2ra_load
	star_topology 3
	ip -n srv addr add 192.0.2.1/24 dev srv0
	sw_config || fail_all "cannot configure the relay"
	dnsmasq_start srv srv0 192.0.2.100 192.0.2.150 ||
		fail_all "dnsmasq did not start"
}

# --- l2rad --------------------------------------------------------------

# agent_start: l2rad in the foreground in sw, one log file per run
agent_start()
{
	AGENT_RUNS=$((AGENT_RUNS + 1))
	AGENT_LOG=$WORK/l2rad.$AGENT_RUNS.log
	ip netns exec sw "$L2RAD" -f -s "$DB" -w "$WDELAY" \
		--retry-interval 1 >"$AGENT_LOG" 2>&1 &
	AGENT_PID=$!
	PIDS+=("$AGENT_PID")
}

# agent_ready: this run's start-up restore is done (or it waits for the module)
agent_ready()
{
	grep -qE 'restore: |waiting for its family' "$AGENT_LOG"
}

alive()
{
	[ -d "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null
}

# agent_stop [SIGNAL]: stop l2rad (SIGTERM: it flushes), return its status;
# stderr to /dev/null: bash's "Killed" job report
agent_stop()
{
	local sig=${1:-TERM} rc

	kill "-$sig" "$AGENT_PID" 2>/dev/null
	wait_for 15 eval "! alive $AGENT_PID" || kill -9 "$AGENT_PID"
	wait "$AGENT_PID"
	rc=$?
	AGENT_PID=
	return "$rc"
} 2>/dev/null

# --- kernel and store views ---------------------------------------------

# kernel_set: "mac vid addr port" of every kernel lease, sorted
kernel_set()
{
	l2ractl sw -j lease show 2>/dev/null |
		jq -r '.[] | "\(.mac) \(.vlan // 0) \(.addr) \(.ifname)"' | sort
}

store_sql()
{
	sqlite3 -cmd '.timeout 5000' "$DB" "$@"
}

# store_set: the same of every stored lease
store_set()
{
	store_sql 'SELECT lower(hex(mac)), vid, addr, port FROM leases' |
		awk -F'|' '{
			m = substr($1, 1, 2)
			for (i = 3; i <= 11; i += 2)
				m = m ":" substr($1, i, 2)
			a = $3
			printf "%s %s %d.%d.%d.%d %s\n", m, $2, int(a / 16777216),
				int(a / 65536) % 256, int(a / 256) % 256, a % 256, $4
		}' | sort
}

kernel_is()	# kernel_is SET: kernel_set prints SET
{
	[ "$(kernel_set)" = "$1" ]
}

store_is()	# store_is SET
{
	[ "$(store_set)" = "$1" ]
}

store_matches_kernel()
{
	local k

	k=$(kernel_set) || return 1
	[ "$k" = "$(store_set)" ]
}

# macs_match: the same set of MACs in the store and the kernel
macs_match()
{
	local k

	k=$(kernel_set | cut -d' ' -f1) || return 1
	[ "$k" = "$(store_set | cut -d' ' -f1)" ]
}

# lease MAC FIELD: one field of the kernel's lease of MAC
lease() { lease_field sw "$1" "$2"; }

has_lease()
{
	[ -n "$(lease "$1" addr)" ]
}

show_sets()
{
	echo "    kernel:"
	kernel_set | sed 's/^/      /'
	echo "    store:"
	store_set | sed 's/^/      /'
}

diff_msg()
{
	printf '%s; kernel: %s; store: %s' "$1" "$(kernel_set | tr '\n' ',')" \
		"$(store_set | tr '\n' ',')"
}

dhclient_cmd()	# dhclient_cmd N ARGS...: dhclient on client N's files
{
	local n=$1

	shift
	ip netns exec "c$n" dhclient -4 "$@" \
		-sf "$L2RA_ROOT/selftests/dhclient.script" \
		-lf "$WORK/dhclient-c$n.leases" -pf "$WORK/dhclient-c$n.pid" \
		"c$n" >>"$WORK/dhclient-c$n.log" 2>&1
}

module_reload()	# rmmod, insmod (nothing else)
{
	rmmod l2ra && insmod "$L2RA_KO"
}

# --- checks -------------------------------------------------------------

leases_stored()
{
	local n a want=

	agent_start
	wait_for 30 agent_ready
	check_err $? "l2rad did not start: $(cat "$AGENT_LOG")"
	udhcpc_run c1 c1
	check_err $? "c1 (udhcpc) got no lease"
	dhclient_run c2 c2
	check_err $? "c2 (dhclient) got no lease"
	dhclient_run c3 c3
	check_err $? "c3 (dhclient) got no lease"
	for n in 1 2 3; do
		a=$(addr_of "c$n" "c$n")
		want+="${MAC[$n]} 0 ${a:-none} vcl$n"$'\n'
	done
	want=$(sort <<<"$want" | sed '/^$/d')
	[ "$(kernel_set)" = "$want" ]
	check_err $? "kernel leases: $(kernel_set | tr '\n' ','), expected $(tr '\n' ',' <<<"$want")"
	wait_for $((WDELAY * 5)) store_is "$want"
	check_err $? "$(diff_msg "store differs after $((WDELAY * 5)) s")"
	log_test "leases learned through br0 reach the store (mac, addr, port)"
	l2ractl sw lease show | sed 's/^/    /'
	store_sql 'SELECT hex(mac), vid, addr, expires_at, port, bridge, circuit_id FROM leases' |
		sed 's/^/    store: /'
}

release_unstored()
{
	dhclient_cmd 2 -r
	wait_for 5 eval "! has_lease ${MAC[2]}"
	check_err $? "c2: kernel lease still there after dhclient -r"
	wait_for $((WDELAY * 5)) eval "! store_set | grep -q '^${MAC[2]} '"
	check_err $? "c2: still in the store after $((WDELAY * 5)) s"
	store_matches_kernel
	check_err $? "$(diff_msg "store and kernel differ")"
	[ "$(kernel_set | wc -l)" = 2 ]
	check_err $? "expected the leases of c1 and c3 to stay"
	log_test "a DHCPRELEASE removes the lease from the kernel and the store"
}

reboot_restores()
{
	local before t0 t1 n e0 e1 a3 rc c0 c1
	declare -A exp0 exp1

	before=$(kernel_set)
	t0=$(date +%s)
	for n in 1 3; do
		exp0[$n]=$(lease "${MAC[$n]}" expires)
	done
	agent_stop TERM
	rc=$?
	check_err "$rc" "l2rad exited with $rc on SIGTERM"
	grep -q 'exiting' "$AGENT_LOG"
	check_err $? "l2rad did not log its exit"
	[ "$(store_set)" = "$before" ]
	check_err $? "$(diff_msg "store after SIGTERM differs from the kernel before")"
	# the "reboot": module reloaded, configuration re-applied, l2rad started
	rmmod l2ra
	check_err $? "rmmod failed"
	sleep 2		# so that the lifetimes visibly count down
	insmod "$L2RA_KO"
	check_err $? "insmod failed"
	[ -z "$(kernel_set)" ]
	check_err $? "the fresh module holds leases"
	sw_config
	check_err $? "re-applying the configuration failed"
	agent_start
	wait_for 30 agent_ready
	check_err $? "l2rad did not restore: $(cat "$AGENT_LOG")"
	wait_for 5 kernel_is "$before"
	check_err $? "kernel after restore: $(kernel_set | tr '\n' ','), expected $(tr '\n' ',' <<<"$before")"
	# t0 was taken before the lifetimes were read, t1 is taken after:
	# each counted down by at most t1 - t0 (plus 2 for whole seconds),
	# however slow the machine between the reads.
	for n in 1 3; do
		exp1[$n]=$(lease "${MAC[$n]}" expires)
	done
	t1=$(date +%s)
	for n in 1 3; do
		e0=${exp0[$n]}
		e1=${exp1[$n]}
		[ -n "$e1" ] && [ "$e1" -gt 0 ] && [ "$e1" -le "$e0" ] &&
			[ "$e1" -ge $((e0 - (t1 - t0) - 2)) ] && [ "$e1" -lt "$e0" ]
		check_err $? "c$n: expires $e0 before, ${e1:-none} after $((t1 - t0)) s"
	done
	log_test "reboot: SIGTERM, rmmod, insmod, config, l2rad: leases back"
	l2ractl sw lease show | sed 's/^/    /'

	# c3 asks again for its address (dhclient INIT-REBOOT: a broadcast
	# DHCPREQUEST for it): the ACK must reach vcl3, the lease is renewed.
	a3=$(addr_of c3 c3)
	c0=$(lease "${MAC[3]}" cltt)
	dhclient_cmd 3 -x	# stop the running one, no release
	capture_start sw vcl3 renew
	dhclient_run c3 c3
	check_err $? "c3: no lease on renewal"
	capture_stop_all
	[ "$(addr_of c3 c3)" = "$a3" ]
	check_err $? "c3: address changed from $a3 to $(addr_of c3 c3)"
	grep -q "REBOOT $a3" "$WORK/dhclient-c3.log"
	check_err $? "c3: dhclient did not re-use its lease (no REBOOT)"
	[ "$(dhcp_count renew op=2 type=5 "chaddr=${MAC[3]}")" -ge 1 ]
	check_err $? "no DHCPACK for c3 on vcl3"
	[ "$(dhcp_count renew op=2 type=6)" = 0 ]
	check_err $? "a DHCPNAK went to c3"
	[ "$(stat sw reply_steered vcl3)" -ge 1 ]
	check_err $? "the ACK was not steered to vcl3"
	# one per ACK: dhclient may retransmit its REQUEST under emulation
	[ "$(stat sw lease_renew)" -ge 1 ] && [ "$(stat sw lease_new)" = 0 ]
	check_err $? "lease_renew $(stat sw lease_renew), lease_new $(stat sw lease_new): expected a renewal of the restored lease"
	# renewed: a new cltt, and the full lease time from it (the guest may
	# be slow: do not assume the ACK was a moment ago)
	c1=$(lease "${MAC[3]}" cltt)
	e1=$(lease "${MAC[3]}" expires)
	[ -n "$c1" ] && [ -n "$e1" ] && [ "$c1" -gt "$c0" ] &&
		[ $((e1 + $(date +%s) - c1)) -ge 3598 ]
	check_err $? "c3: cltt $c0 -> ${c1:-none}, expires ${e1:-none} at $(date +%s): not renewed"
	[ "$(lease "${MAC[3]}" ifname)" = vcl3 ]
	check_err $? "c3: lease not on vcl3"
	log_test "after the reboot a DHCPREQUEST gets its ACK on its port"
}

# reboot_after SIGNAL: stop l2rad with SIGNAL (its log then in WAS_LOG, the
# leases it left in the store in WAS_N), then the "reboot" of
# reboot_restores; true when every lease of before is back
reboot_after()
{
	local before

	before=$(kernel_set)
	WAS_LOG=$AGENT_LOG
	agent_stop "$1"
	WAS_N=$(store_sql "SELECT (SELECT count(*) FROM leases) + (SELECT count(*) FROM leases6)")
	module_reload && sw_config || return 1
	agent_start
	wait_for 30 agent_ready && wait_for 5 kernel_is "$before"
}

# from_what: "image", "records" or "rows", as this run's restore summary
# says
from_what()
{
	grep -o 'restore: .* leases from the [a-z]*' "$AGENT_LOG" |
		sed 's/.* leases from the //'
}

# kill_reads_records [NTH]: l2rad's first write after its restore drops the
# image; a kill -9 after it leaves the rows, and the next start reads
# their records (NTH: "second ", ... for the messages)
kill_reads_records()
{
	wait_for $((WDELAY * 5)) eval '[ "$(store_sql "SELECT count(*) FROM restore_image")" = 0 ]'
	check_err $? "the ${1:-}image outlived l2rad's first write"
	reboot_after KILL
	check_err $? "after the ${1:-}kill -9: $(diff_msg "kernel differs")"
	[ "$(from_what)" = records ]
	check_err $? "after the ${1:-}kill -9 the restore read the $(from_what)"
}

# The image after a clean stop, the rows' records after a crash, their
# columns after a change through sqlite3 while l2rad was stopped (which
# clears the records of the rows it changes, until the next clean stop
# writes them): every lease back each time.
image_or_rows()
{
	local norec="SELECT (SELECT count(*) FROM leases WHERE rec IS NULL) + (SELECT count(*) FROM leases6 WHERE rec IS NULL)"

	wait_for 30 agent_ready
	reboot_after TERM
	check_err $? "after SIGTERM: $(diff_msg "kernel differs")"
	grep -q "restore image of $WAS_N leases written" "$WAS_LOG"
	check_err $? "no image of $WAS_N leases at the clean stop: $(tail -n 3 "$WAS_LOG")"
	[ "$(from_what)" = image ]
	check_err $? "after SIGTERM the restore read the $(from_what): $(grep 'restore: ' "$AGENT_LOG")"
	kill_reads_records
	# a clean stop, then sqlite3 touches every lease: the image goes
	agent_stop TERM
	[ "$(store_sql "SELECT count(*) FROM restore_image")" = 1 ]
	check_err $? "no image after the clean stop"
	store_sql "UPDATE leases SET cltt = cltt; UPDATE leases6 SET cltt = cltt"
	[ "$(store_sql "SELECT count(*) FROM restore_image")" = 0 ]
	check_err $? "a change through sqlite3 left the image"
	[ "$(store_sql "$norec")" = "$WAS_N" ]
	check_err $? "sqlite3's change left records: $(store_sql "$norec") of $WAS_N rows without"
	agent_start
	wait_for 30 agent_ready
	[ "$(from_what)" = rows ]
	check_err $? "after a change through sqlite3 the restore read the $(from_what)"
	# the next clean stop writes the records again; kill -9 reads them
	reboot_after TERM
	check_err $? "after the second SIGTERM: $(diff_msg "kernel differs")"
	grep -q "records of $WAS_N leases written" "$WAS_LOG"
	check_err $? "no records written at the clean stop: $(tail -n 3 "$WAS_LOG")"
	[ "$(store_sql "$norec")" = 0 ]
	check_err $? "$(store_sql "$norec") rows without their record after the clean stop"
	kill_reads_records "second "
	log_test "restore: image after a clean stop, records after kill -9, rows after sqlite3's change"
}

reload_under_agent()
{
	local before

	before=$(kernel_set)
	rmmod l2ra
	check_err $? "rmmod failed"
	wait_for 10 grep -q 'family unregistered' "$AGENT_LOG"
	check_err $? "l2rad did not notice the unload"
	[ "$(store_set)" = "$before" ]
	check_err $? "$(diff_msg "store lost leases at unload")"
	insmod "$L2RA_KO"
	check_err $? "insmod failed"
	sw_config
	check_err $? "re-applying the configuration failed"
	wait_for 10 kernel_is "$before"
	check_err $? "kernel after reload: $(kernel_set | tr '\n' ','), expected $(tr '\n' ',' <<<"$before")"
	wait_for $((WDELAY * 5)) store_matches_kernel
	check_err $? "$(diff_msg "store and kernel differ")"
	alive "$AGENT_PID"
	check_err $? "l2rad died"
	log_test "module reloaded under a running l2rad: leases back"
}

# churn STOPFILE: add and delete leases of 256 MACs until STOPFILE exists;
# prints the number of commands run
churn()
{
	local i=0 a d

	while [ ! -e "$1" ]; do
		a=$((RANDOM % 256))
		d=$((RANDOM % 256))
		"$L2RACTL" lease add mac "02:00:00:00:01:$(printf %02x "$a")" \
			addr "10.1.0.$a" expires 600 dev "vcl$((a % 3 + 1))"
		if ((i % 2)); then
			"$L2RACTL" lease del mac "02:00:00:00:01:$(printf %02x "$d")" \
				2>/dev/null
		fi
		i=$((i + 1))
	done
	echo "$i"
}

crash_churn()
{
	local it ok stop=$WORK/churn.stop cpid start=$SECONDS ops

	ip netns exec sw bash -c "$(declare -f churn); L2RACTL=$L2RACTL churn $stop" \
		>"$WORK/churn.out" 2>"$WORK/churn.err" &
	cpid=$!
	for ((it = 1; it <= CRASH_ITER; it++)); do
		# odd rounds: kill during the start-up restore; even: once running
		if ((it % 2 == 0)); then
			wait_for 30 agent_ready
			check_err $? "round $it: l2rad did not start"
			sleep "$((RANDOM % 2)).$((RANDOM % 10))"
		else
			sleep "0.$((RANDOM % 10))"
		fi
		agent_stop KILL
		ok=$(store_sql 'PRAGMA integrity_check' 2>&1)
		[ "$ok" = ok ]
		check_err $? "round $it: integrity_check says: $ok"
		agent_start
	done
	wait_for 30 agent_ready
	check_err $? "l2rad did not start after the last kill"
	touch "$stop"
	wait "$cpid"
	ops=$(cat "$WORK/churn.out")
	# l2rad restores what churn deleted while it was down: allow for it
	wait_for $((WDELAY * 5)) macs_match
	check_err $? "$(diff_msg "store and kernel differ $((WDELAY * 5)) s after the churn")"
	ok=$(store_sql 'PRAGMA integrity_check' 2>&1)
	[ "$ok" = ok ]
	check_err $? "final integrity_check says: $ok"
	alive "$AGENT_PID"
	check_err $? "l2rad died"
	echo "    $CRASH_ITER kill -9 under churn of $ops adds (+ $((ops / 2)) dels), $((SECONDS - start)) s; $(kernel_set | wc -l) leases"
	log_test "kill -9 under lease churn ($CRASH_ITER rounds): store ok, converges"
}

module_after_agent()
{
	local before

	agent_stop TERM
	check_err $? "l2rad exited with $? on SIGTERM"
	before=$(store_set)
	rmmod l2ra
	check_err $? "rmmod failed"
	agent_start
	wait_for 30 grep -q 'waiting for its family' "$AGENT_LOG"
	check_err $? "l2rad did not wait for the module: $(cat "$AGENT_LOG")"
	insmod "$L2RA_KO"
	check_err $? "insmod failed"
	sw_config
	check_err $? "re-applying the configuration failed"
	wait_for 15 kernel_is "$before"
	check_err $? "kernel: $(kernel_set | wc -l) leases, store had $(wc -l <<<"$before")"
	wait_for $((WDELAY * 5)) store_matches_kernel
	check_err $? "store and kernel differ"
	log_test "module loaded after l2rad started: leases restored"
	agent_stop TERM
	check_err $? "l2rad exited with $? on SIGTERM"
	log_test "l2rad exits 0 on SIGTERM"
}

# store_row MAC_HEX ADDR EXPIRES_AT LEASE_TIME CLTT PORT BRIDGE CID: one
# INSERT into the store (addresses as integers, host order)
store_row()
{
	printf "INSERT INTO leases (mac, vid, addr, expires_at, lease_time, server_id, cltt, port, bridge, circuit_id) VALUES (X'%s', 0, %s, %s, %s, 3221225985, %s, '%s', '%s', CAST('%s' AS BLOB));\n" "$@"
}

batch_restore()
{
	local n=600 now i base=$((0x0a020000)) ours log e

	[ -z "$AGENT_PID" ] || agent_stop TERM
	module_reload
	check_err $? "module reload failed"
	sw_config
	check_err $? "re-applying the configuration failed"
	now=$(date +%s)
	{
		echo "BEGIN; DELETE FROM leases;"
		# by port name: three batches' worth
		for ((i = 0; i < n; i++)); do
			store_row "$(printf '02000002%04x' "$i")" $((base + i)) \
				$((now + 3000)) 3600 $((now - 600)) vcl2 br0 ""
		done
		# a port name that does not exist, a circuit-id that does: vcl1
		for i in 1 2 3; do
			store_row "02000003000$i" $((base + 1000 + i)) \
				$((now + 3000)) 3600 $((now - 600)) nope$i br0 "$CID1"
		done
		# its bridge is gone: kept, waiting
		store_row 020000040001 $((base + 2001)) $((now + 3000)) 3600 \
			$((now - 600)) gone1 brgone "brgone:gone1"
		# refused outright: lo is no bridge port, and no bridge
		store_row 020000050001 $((base + 3001)) $((now + 3000)) 3600 \
			$((now - 600)) lo "" ""
		store_row 020000050002 $((base + 3002)) $((now + 3000)) 3600 \
			$((now - 600)) lo lo "lo:x"
		# far more left than its lease time (a clock that went back)
		store_row 020000060001 $((base + 4001)) $((now + 1000000)) 600 \
			$((now - 10)) vcl3 br0 ""
		echo "COMMIT;"
	} | store_sql
	check_err $? "cannot write the store"
	agent_start
	log=$AGENT_LOG
	wait_for 60 agent_ready
	check_err $? "l2rad did not restore: $(tail -5 "$log")"
	ours=$(kernel_set)
	[ "$(grep -c ' vcl2$' <<<"$ours")" = "$n" ]
	check_err $? "$(grep -c ' vcl2$' <<<"$ours") of $n leases on vcl2"
	[ "$(grep -c '^02:00:00:03:00:0[123] 0 .* vcl1$' <<<"$ours")" = 3 ]
	check_err $? "not the 3 leases by circuit-id on vcl1: $(grep '^02:00:00:03' <<<"$ours" | tr '\n' ',')"
	! grep -qE '^02:00:00:0[45]:' <<<"$ours"
	check_err $? "a lease without its port was installed: $(grep -E '^02:00:00:0[45]:' <<<"$ours" | tr '\n' ',')"
	[ "$(wc -l <<<"$ours")" = $((n + 4)) ]
	check_err $? "the kernel holds $(wc -l <<<"$ours") leases, expected $((n + 4))"
	grep -q "restore: $((n + 4)) pushed, 0 already in the kernel, 1 waiting for their port, 2 refused" "$log"
	check_err $? "restore summary: $(grep -o 'restore: .*' "$log")"
	# the kernel's extended ACK messages reach the log
	grep -q 'refused lease 02:00:00:05:00:01 .*(Not a bridge port); dropped' "$log" &&
		grep -q 'refused lease 02:00:00:05:00:02 .*(Not a bridge); dropped' "$log" &&
		grep -q 'lease 02:00:00:04:00:01 .*port gone1 of brgone not there: .*(No port has this circuit-id); kept' "$log"
	check_err $? "refusals not logged with their reasons: $(grep -E 'refused|not there' "$log" | head -5)"
	wait_for $((WDELAY * 5)) eval '[ "$(store_sql "SELECT count(*) FROM leases")" = $((n + 5)) ]'
	check_err $? "store holds $(store_sql 'SELECT count(*) FROM leases') leases, expected $((n + 5)) (the kernel's and the waiting one)"
	[ "$(store_sql "SELECT count(*) FROM leases WHERE port = 'lo'")" = 0 ] &&
		[ "$(store_sql "SELECT port FROM leases WHERE mac = X'020000040001'")" = gone1 ]
	check_err $? "store: refused leases kept or the waiting one dropped"
	log_test "batched restore: $n by name, 3 by circuit-id, 1 waiting, 2 refused"

	e=$(lease 02:00:00:06:00:01 expires)
	[ -n "$e" ] && [ "$e" -le 600 ] && [ "$e" -gt 500 ] &&
		[ "$(lease 02:00:00:06:00:01 lease_time)" = 600 ]
	check_err $? "clamped lease: expires ${e:-none}, lease_time $(lease 02:00:00:06:00:01 lease_time), expected at most 600"
	grep -q '1 leases had more time left than their lease time' "$log"
	check_err $? "the clamp was not logged"
	log_test "a stored lease with more left than its lease time gets its lease time"
	agent_stop TERM
	check_err $? "l2rad exited with $? on SIGTERM"
}

# static_binding: a static binding made with "l2ractl binding add" reaches
# the store with its flag and a never-expiry; with an old expiry written
# over it while l2rad is stopped, a "reboot" (module reloaded, configuration
# re-applied, l2rad started) restores it as a static binding all the same
static_binding()
{
	local mac=02:00:00:00:51:01 row="X'020000005101'" got

	[ -n "$AGENT_PID" ] || { agent_start; wait_for 60 agent_ready; }
	l2ractl sw binding add dev vcl3 mac "$mac" ip 192.0.2.201
	check_err $? "binding add failed"
	wait_for $((WDELAY * 5)) eval \
		'[ "$(store_sql "SELECT flags, expires_at, port FROM leases WHERE mac = $row")" = "1|9223372036854775807|vcl3" ]'
	check_err $? "not stored as a static binding: $(store_sql "SELECT flags, expires_at, port FROM leases WHERE mac = $row")"
	agent_stop TERM
	check_err $? "l2rad exited with $? on SIGTERM"
	# as if written long ago: a learned lease would be expired and dropped
	store_sql "UPDATE leases SET expires_at = 100 WHERE mac = $row"
	module_reload
	check_err $? "module reload failed"
	sw_config
	check_err $? "re-applying the configuration failed"
	agent_start
	wait_for 60 agent_ready
	check_err $? "l2rad did not restore: $(tail -5 "$AGENT_LOG")"
	got=$(l2ractl sw -j lease show mac "$mac" 2>/dev/null |
		jq -r '.[0] | "\(.addr) \(.ifname) \(.static)"')
	[ "$got" = "192.0.2.201 vcl3 true" ]
	check_err $? "kernel after the restore: '$got', expected '192.0.2.201 vcl3 true'"
	l2ractl sw -j binding show dev vcl3 2>/dev/null | jq -e --arg m "$mac" \
		'[.[] | select(.mac == $m)] | length == 1' >/dev/null
	check_err $? "binding show: $(l2ractl sw binding show 2>&1 | tr '\n' ',')"
	wait_for $((WDELAY * 5)) eval \
		'[ "$(store_sql "SELECT flags FROM leases WHERE mac = $row")" = 1 ]'
	check_err $? "store lost the static binding: $(store_sql "SELECT flags, expires_at FROM leases WHERE mac = $row")"
	log_test "a static binding survives a module reload and l2rad's restore from the store"
	agent_stop TERM
	check_err $? "l2rad exited with $? on SIGTERM"
}

setup
run_all
