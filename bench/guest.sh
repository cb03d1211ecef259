#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The benchmarks, run inside the guest by bench/run.sh (a throwaway VM: it
# works in the initial network namespace).  Each prints its figures and a
# ratio against a baseline measured here, in the same boot:
#
#   fwd     bridged forwarding, l2ra loaded / not loaded (pktgen, iperf3;
#           bench/fwd.sh)
#   lease   kernel memory per lease / sizeof(struct l2ra_lease), and dump
#           time / add time of the same leases (lease_bench)
#   agent   l2rad: events/s taken into the store, fsyncs/s, and restore
#           time / batched-add time of the same leases, from the restore
#           image a clean stop wrote, from the rows' records (image
#           deleted: after a crash) and, for comparison, from the rows'
#           columns (records cleared too: after a change through sqlite3)
#   blq     Bulk Leasequery: bindings/s l2ractl decodes from blq_responder
#           on loopback, and l2rad's restore of the same leases from the
#           server (store deleted) / its restore from its own store
#   dhcp    instructions per DHCP message l2ra edits, against the bare
#           bridge and ISC dhcrelay, and with a table of a million leases
#           (bench/dhcp_path.sh)
#
#        pktgen (netif_receive)
#              |
#   br0:  va --+--> [bridge, l2ra hooks] --> vb ====veth==== vb_p (drops)
#   (va's peer va_p only carries va up; the leases live on va)
#
# Environment: BENCH (which: "fwd lease agent"), FWD_SECONDS, FWD_PAIRS,
# FWD_WORKLOADS, FWD_CALIB (see bench/fwd.sh), LEASE_N ("100000 1000000"), AGENT_N (100000), BLQ_N
# (100000).
set -u
ROOT=${L2RA_ROOT:?}
KO=$ROOT/.build/kmod/$KVER/l2ra.ko
L2RACTL=$ROOT/tools/l2ractl/l2ractl
L2RAD=$ROOT/agent/l2rad
LEASE_BENCH=$ROOT/bench/lease_bench
RESP=$ROOT/selftests/blq_responder
BENCH=${BENCH:-fwd lease agent blq dhcp}
WORK=$(mktemp -d)

say() { printf '%s\n' "$*"; }
now() { date +%s.%N; }
# calc EXPR: bc, printed with 3 decimals
calc() { printf '%.3f' "$(echo "scale=6; $*" | bc -l)"; }
die() { say "bench: $*" >&2; exit 1; }
# figure NAME RATIO TARGET: the one line a figure is judged by (lower is
# better: pass when RATIO <= TARGET)
figure()
{
	local verdict=miss

	[ "$(echo "$2 <= $3" | bc -l)" = 1 ] && verdict=pass
	say "figure: name=$1 ratio=$2 target=$3 $verdict"
}

load() { grep -q '^l2ra ' /proc/modules || insmod "$KO" || die "insmod"; }
unload() { ! grep -q '^l2ra ' /proc/modules || rmmod l2ra || die "rmmod"; }

topology()
{
	modprobe bridge; modprobe veth
	ip link add br0 type bridge
	ip link add va type veth peer name va_p
	ip link add vb type veth peer name vb_p
	ip link set va master br0
	ip link set vb master br0
	for d in br0 va va_p vb vb_p; do ip link set "$d" up; done
	# known unicast towards vb; vb_p drops it as "other host"
	bridge fdb add 02:00:00:00:00:bb dev vb master static
}

# ---------------------------------------------------------------- fwd
# bench_fwd: bench/fwd.sh (pktgen and iperf3, l2ra loaded / not loaded)
# shellcheck source=bench/fwd.sh
. "$ROOT/bench/fwd.sh"

# ---------------------------------------------------------------- dhcp
# bench_dhcp: bench/dhcp_path.sh (DHCP messages through l2ra, the bare
# bridge and dhcrelay)
# shellcheck source=bench/dhcp_path.sh
. "$ROOT/bench/dhcp_path.sh"

# ---------------------------------------------------------------- lease
memfree() { awk '/^MemFree:/ { print $2 * 1024 }' /proc/meminfo; }
vmalloc() { awk '/^VmallocUsed:/ { print $2 * 1024 }' /proc/meminfo; }
slab_bytes()	# bytes of the l2ra_lease cache's slabs
{
	local d=/sys/kernel/slab/l2ra_lease

	echo $(($(cut -d' ' -f1 "$d/slabs") * (PAGE << $(cat "$d/order"))))
}
settle() { sync; echo 3 >/proc/sys/vm/drop_caches; sleep 1; }

bench_lease()
{
	local n obj out add dump mf0 mf1 sl0 sl1 vm0 vm1 total slab hash

	PAGE=$(getconf PAGESIZE)
	load
	"$L2RACTL" config set lease-max 2000000 || die "config set"
	# a port keeps 1024 leases unless told otherwise
	"$L2RACTL" port set dev va lease-max 0 || die "port set"
	obj=$(cat /sys/kernel/slab/l2ra_lease/object_size)
	say "lease: struct l2ra_lease: $obj octets (slab object size $(cat /sys/kernel/slab/l2ra_lease/slab_size))"
	for n in ${LEASE_N:-100000 1000000}; do
		settle
		mf0=$(memfree) sl0=$(slab_bytes) vm0=$(vmalloc)
		out=$("$LEASE_BENCH" add "$n" va) || die "lease_bench add: $out"
		add=$(awk '{ print $4 }' <<<"$out")
		settle
		mf1=$(memfree) sl1=$(slab_bytes) vm1=$(vmalloc)
		out=$("$LEASE_BENCH" dump) || die "lease_bench dump: $out"
		dump=$(awk '{ print $4 }' <<<"$out")
		[ "$(awk '{ print $2 }' <<<"$out")" -ge "$n" ] ||
			die "dumped fewer than $n: $out"
		total=$(calc "($mf0 - $mf1) / $n")
		slab=$(calc "($sl1 - $sl0) / $n")
		hash=$(calc "($vm1 - $vm0) / $n")
		say "lease: $n leases: slab $slab + hash table (vmalloc) $hash = $(calc "$slab + $hash") B/lease; MemFree delta $total B/lease"
		say "lease: $n leases: ratio memory (slab + hash)/struct: $(calc "($slab + $hash) / $obj")"
		say "lease: $n leases: add $add s ($(calc "$n / $add" | cut -d. -f1) /s), dump $dump s ($(calc "$n / $dump" | cut -d. -f1) /s)"
		say "lease: $n leases: ratio dump/add: $(calc "$dump / $add")"
		"$L2RACTL" lease flush || die "flush"
	done
	unload
}

# ---------------------------------------------------------------- agent
store_count() { sqlite3 -readonly "$WORK/leases.db" 'SELECT count(*) FROM leases' 2>/dev/null || echo 0; }

# wait_log PATTERN SECONDS: until l2rad's log has PATTERN
wait_log()
{
	local end=$((SECONDS + $2))

	until grep -q "$1" "$WORK/l2rad.log"; do
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.05
	done
}

# l2rad_timed VAR PATTERN [VAR2 PATTERN2 | ""] ARGS...: start l2rad ARGS
# with its log through a pipe (l2rad.log) and set VAR to the seconds from
# start to its first line matching PATTERN (VAR2: to PATTERN2 after it).
# Builtins only, no polling: a poller forking grep and sleep every 50 ms
# would share the guest's one CPU with l2rad and bill it for that; the
# baseline (lease_bench add) has nothing beside it.  L2RAD_PID is l2rad,
# L2RAD_LOGGER the cat that drains the rest of its log.  1 if l2rad's log
# ended first.
l2rad_timed()
{
	local var=$1 pat=$2 var2=$3 pat2 line t0 t1="" t2="" fifo=$WORK/l2rad.fifo

	shift 3
	[ -z "$var2" ] || { pat2=$1; shift; }
	rm -f "$fifo"
	mkfifo "$fifo"
	: >"$WORK/l2rad.log"
	t0=$EPOCHREALTIME
	run_ns
	printf '%s %s start\n' "$t0" "$RUN_NS" >"$WORK/l2rad.timeline"
	${L2RAD_WRAP:-} "$L2RAD" "$@" >"$fifo" 2>&1 &
	L2RAD_PID=$!
	exec {L2RAD_FD}<"$fifo"
	while IFS= read -r -t 900 line <&"$L2RAD_FD"; do
		printf '%s\n' "$line" >>"$WORK/l2rad.log"
		run_ns
		printf '%s %s %s\n' "$EPOCHREALTIME" "$RUN_NS" "$line" \
			>>"$WORK/l2rad.timeline"
		if [ -z "$t1" ] && [[ $line =~ $pat ]]; then
			t1=$EPOCHREALTIME
			[ -n "$var2" ] || break
		elif [ -n "$t1" ] && [[ $line =~ $pat2 ]]; then
			t2=$EPOCHREALTIME
			break
		fi
	done
	cat <&"$L2RAD_FD" >>"$WORK/l2rad.log" &
	L2RAD_LOGGER=$!
	exec {L2RAD_FD}<&-
	[ -n "$t1" ] || return 1
	printf -v "$var" '%s' "$(calc "$t1 - $t0")"
	[ -z "$var2" ] && return 0
	[ -n "$t2" ] || return 1
	printf -v "$var2" '%s' "$(calc "$t2 - $t0")"
}

# batched_add N [ATTRS]: the seconds lease_bench takes to add N leases on
# va, with the attributes ATTRS (its -a) too if given; the table is
# flushed after
batched_add()
{
	local out

	out=$("$LEASE_BENCH" add ${2:+-a "$2"} "$1" va) || die "lease_bench add: $out"
	"$L2RACTL" lease flush >&2 || die "flush"
	awk '{ print $4 }' <<<"$out"
}

# agent_restore N RAW WHAT FIGURE RAW4: l2rad restores the N leases of
# leases.db into an empty table; its lines (after "agent: WHAT"), the
# ratio to the batched add of RAW s, and FIGURE (unless ""); the ratio to
# RAW4 s (the add of four attributes a lease) for comparison
agent_restore()
{
	local n=$1 raw=$2 what=$3 name=$4 raw4=$5 restore

	"$L2RACTL" lease flush || die "flush"
	l2rad_timed restore "restore:" "" -f -s "$WORK/leases.db" -w 1 ||
		die "no restore: $(cat "$WORK/l2rad.log")"
	kill -TERM "$L2RAD_PID"
	wait "$L2RAD_PID"
	wait "$L2RAD_LOGGER"
	say "agent: $what$(grep -o 'restore: [0-9]* pushed' "$WORK/l2rad.log"), start to restored: $restore s"
	say "agent: ${what}l2rad's own account: $(grep -o 'the kernel holds .*' "$WORK/l2rad.log")"
	say "agent: ${what}ratio restore/batched add ($n leases): $(calc "$restore / $raw") (to the add of four attributes: $(calc "$restore / $raw4"))"
	[ -z "$name" ] || figure "$name" "$(calc "$restore / $raw")" 1.5
}

bench_agent()
{
	local n=${AGENT_N:-100000} raw raw4 t0 t1 rate fs pid tr

	[ -x "$L2RAD" ] || { say "agent: SKIP (agent/l2rad not built)"; return; }
	warm_cache
	load
	"$L2RACTL" config set lease-max 2000000 || die "config set"
	# a port keeps 1024 leases unless told otherwise
	"$L2RACTL" port set dev va lease-max 0 || die "port set"
	# baseline: the same leases added by lease_bench, no agent running,
	# with what l2rad sends for each when it restores them (their lease
	# time and last transaction: the kernel has both once they are in)
	raw=$(batched_add "$n" lease-time,cltt) || exit 1
	raw4=$(batched_add "$n") || exit 1
	say "agent: baseline: batched add of $n leases: $raw s (without their lease time and last transaction: $raw4 s)"

	# event rate: l2rad (write delay 1 s) takes in the events of $n adds
	strace -f --seccomp-bpf -c -e trace=fsync,fdatasync -o "$WORK/strace" \
		"$L2RAD" -f -s "$WORK/leases.db" -w 1 >"$WORK/l2rad.log" 2>&1 &
	tr=$!
	wait_log "restore:" 60 || die "l2rad did not start: $(cat "$WORK/l2rad.log")"
	t0=$(now)
	"$LEASE_BENCH" add "$n" va >/dev/null || die "lease_bench add"
	until [ "$(store_count)" -ge "$n" ]; do
		sleep 0.2
		[ "$(echo "$(now) - $t0 > 300" | bc)" = 0 ] || die "store stuck at $(store_count)"
	done
	t1=$(now)
	pid=$(pgrep -P "$tr" -x l2rad || pgrep -x l2rad)
	kill -TERM "$pid"
	wait "$tr"
	rate=$(calc "$n / ($t1 - $t0)" | cut -d. -f1)
	fs=$(awk '$NF == "fsync" || $NF == "fdatasync" { s += $4 } END { print s + 0 }' "$WORK/strace")
	say "agent: $n lease events into the store in $(calc "$t1 - $t0") s: $rate events/s"
	say "agent: fsync+fdatasync: $fs calls, $(calc "$fs / ($t1 - $t0)") /s (write delay 1 s; $(grep -c resynchronised "$WORK/l2rad.log") resyncs after lost events)"

	# restore: empty kernel table, full store; first from the image the
	# stop above wrote
	agent_restore "$n" "$raw" "" "agent_restore_${n}_over_batched_add" "$raw4"
	say "agent: for comparison, lease_bench dump of the same table: $("$LEASE_BENCH" dump | awk '{ print $4 * 1000 }') ms"

	# the same restore from the rows' records: after a crash (the image
	# the last stop wrote deleted)
	sqlite3 "$WORK/leases.db" 'DELETE FROM restore_image' || die "sqlite3"
	agent_restore "$n" "$raw" "from the records: " \
		"agent_restore_rows_${n}_over_batched_add" "$raw4"
	# and from their columns: the records cleared as a change through
	# sqlite3 clears them (no target: the path of a store edited by hand)
	sqlite3 "$WORK/leases.db" 'DELETE FROM restore_image;
		UPDATE leases SET rec = NULL' || die "sqlite3"
	agent_restore "$n" "$raw" "from the columns: " "" "$raw4"
	"$L2RACTL" lease flush
	unload
}

# warm_cache: read l2rad and the libraries it loads into the page cache.
# The guest's root and the checkout are 9p mounts: a first start would
# wait for the host to read them, and under icount a vCPU that waits lets
# the guest's clock run with the host's: 10 to 40 ms of host time (not
# instructions) in a figure whose baseline is timed inside its process.
warm_cache()
{
	local f

	for f in "$L2RAD" $(ldd "$L2RAD" | awk '$3 ~ /^\// { print $3 }'); do
		cat "$f" >/dev/null
	done
}

# ---------------------------------------------------------------- blq
# blq_l2rad_start VAR [server]: start l2rad on blq.db asking 127.0.0.1
# (pid in L2RAD_PID), wait for its restore; VAR = seconds from start to
# restored.  With "server" the restore from the server runs in l2rad's
# loop after a first push of the (empty) store: VAR ends at its restore:
# line (the servers' leases are in the kernel), BLQ_STORED at the summary
# that follows the store write.
blq_l2rad_start()
{
	local args=(-f -s "$WORK/blq.db" -w 1 -c /dev/null
		    --leasequery-server 127.0.0.1)

	if [ "${2:-}" = server ]; then
		# logged once the servers' leases are in the kernel, then
		# they are written to the store, and the summary follows
		l2rad_timed "$1" "restore: .* from the servers" \
			BLQ_STORED "leasequery: [0-9]* bindings, " "${args[@]}" ||
			die "no restore from the server: $(tail "$WORK/l2rad.log")"
	else
		l2rad_timed "$1" "restore:" "" "${args[@]}" ||
			die "no restore: $(tail "$WORK/l2rad.log")"
	fi
}

# wait_log_count PATTERN N SECONDS: until l2rad's log has N lines of it
wait_log_count()
{
	local end=$((SECONDS + $3))

	until [ "$(grep -c "$1" "$WORK/l2rad.log")" -ge "$2" ]; do
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.05
	done
}

# run_ns: RUN_NS = ns the CPU spent running tasks so far (/proc/schedstat,
# cpu0; the guest has one): with the clock it gives idle time in ns, where
# /proc/stat counts ticks.  No subshell: it runs beside what it measures.
run_ns()
{
	local line

	while read -r line; do
		case $line in
		cpu0\ *)
			# shellcheck disable=SC2086
			set -- $line
			RUN_NS=$8
			return
			;;
		esac
	done </proc/schedstat
	RUN_NS=0
}

# cpu_ticks PID: its user + system time so far, in clock ticks
cpu_ticks()
{
	local st

	read -r st <"/proc/$1/stat"
	st=${st##*) }
	# shellcheck disable=SC2086
	set -- $st
	echo $((${12} + ${13}))
}

# perf_top FILE PERIOD N PREFIX: the top BLQ_PROFILE_TOP (50) symbols of
# perf's FILE, samples of PERIOD instructions each, per N (bindings)
perf_top()
{
	perf report -i "$1" --stdio -q --sort dso,sym -F sample,dso,sym \
		${PERF_TIME:+--time "$PERF_TIME"} 2>&1 |
		awk '$1 ~ /^[0-9]+$/' | sort -rn | head -n "${BLQ_PROFILE_TOP:-50}" |
		awk -v p="$2" -v n="$3" -v pre="$4" '{
			s = $1; $1 = ""
			printf "%s %9.1f %s\n", pre, s * p / n, $0 }'
}

# blq_profile N: perf record (cpu-clock: instructions under icount) of
# l2rad during one restore from the server, outside the figures; prints
# its top symbols, user and kernel, in instructions per binding, of the
# samples from its start to its "restore: ... from the servers" line (the
# timeline's realtime clock: not the store write after it).  The
# responder's part is not in it (its CPU time is printed with the
# figures).  perf record -a took almost no samples of other
# processes in the icount guest: l2rad runs under perf instead.
blq_profile()
{
	local n=$1 f=$WORK/perf.blq t win period=${BLQ_PERIOD:-10000}

	command -v perf >/dev/null || { say "blq: profile: SKIP (no perf)"; return; }
	echo 0 >/proc/sys/kernel/perf_cpu_time_max_percent
	rm -f "$WORK"/blq.db*
	L2RAD_WRAP="perf record -q -e cpu-clock -c $period -k CLOCK_REALTIME -m 4096 ${BLQ_CALLGRAPH:+-g} -o $f --" \
		l2rad_timed t "restore: .* from the servers" "" -f \
		-s "$WORK/blq.db" -w 1 -c /dev/null \
		--leasequery-server 127.0.0.1 ||
		die "no restore from the server: $(tail "$WORK/l2rad.log")"
	# the pid is perf's: it stops l2rad and writes its file
	kill -TERM "$L2RAD_PID"
	wait "$L2RAD_PID"
	wait "$L2RAD_LOGGER"
	"$L2RACTL" lease flush || die "flush"
	# the samples from l2rad's start to its line (realtime clock, as the
	# timeline): what the figure times, without the store write after it
	win=$(awk 'NR == 1 { t0 = $1 } / restore: .* from the servers/ {
		printf "%.6f,%.6f", t0, $1; exit }' "$WORK/l2rad.timeline")
	say "blq: profile: restore from the server in $t s (under perf); l2rad's instructions per binding by symbol (self), start to restored:"
	PERF_TIME=$win perf_top "$f" "$period" "$n" "blq: profile:"
	cp "$f" "${L2RA_RESULTS:-$WORK}/perf.blq.data" 2>/dev/null || true
	# BLQ_CALLGRAPH=SYM: who calls SYM (e.g. clear_page_erms)
	[ -z "${BLQ_CALLGRAPH:-}" ] ||
		perf report -i "$f" --stdio --no-children -S "$BLQ_CALLGRAPH" \
			--time "$win" \
			-g caller,0.5,callee --percent-limit 1 2>&1 |
		grep -v '^#' | grep -v '^$' | head -n 80 |
		sed 's/^/blq: profile: callers: /'
	# the baseline's own, to compare symbol by symbol
	perf record -q -e cpu-clock -c "$period" -o "$f.raw" -- \
		"$LEASE_BENCH" add -a lease-time,cltt,server-id "$n" va >/dev/null || die "lease_bench add"
	"$L2RACTL" lease flush || die "flush"
	say "blq: profile: the batched add's instructions per lease by symbol (self):"
	perf_top "$f.raw" "$period" "$n" "blq: profile: raw"
}

# vm_pages: the guest's counters of pages allocated and faulted in so far
vm_pages()
{
	grep -E '^(pgalloc_normal|pgalloc_dma32|thp_fault_alloc|pgfault) ' /proc/vmstat
}

bench_blq()
{
	local n=${BLQ_N:-100000} rid=0004000102030405060708090a0b0c0d0e0f
	local t0 t1 dec blq store rpid ms raw raw4 cpu0 srv

	[ -x "$RESP" ] || { say "blq: SKIP (selftests/blq_responder not built)"; return; }
	warm_cache
	load
	"$L2RACTL" config set lease-max 2000000 || die "config set"
	# a port keeps 1024 leases unless told otherwise
	"$L2RACTL" port set dev va lease-max 0 || die "port set"
	"$L2RACTL" bridge set dev br0 relay on relay-id hex "$rid" || die "bridge set"
	"$L2RACTL" port set dev va || die "port set"
	ip link set lo up
	# n bindings on va (default circuit-id "br0:va"), 10.0.0.0/8
	awk -v n="$n" -v rid="$rid" -f "$ROOT/bench/blq_bindings.awk" \
		>"$WORK/blq.bindings"
	"$RESP" -f "$WORK/blq.bindings" -4 127.0.0.1:67 --log "$WORK/resp.log" \
		--ready-file "$WORK/resp.ready" &
	rpid=$!
	for _ in $(seq 100); do [ -s "$WORK/resp.ready" ] && break; sleep 0.1; done
	[ -s "$WORK/resp.ready" ] || die "blq_responder did not start"

	# decode: l2ractl prints every binding (text) to /dev/null
	t0=$(now)
	"$L2RACTL" leasequery server 127.0.0.1 by relay-id hex "$rid" \
		timeout 600 >/dev/null || die "l2ractl leasequery"
	t1=$(now)
	dec=$(calc "$t1 - $t0")
	say "blq: l2ractl leasequery: $n bindings in $dec s: $(calc "$n / $dec" | cut -d. -f1) bindings/s"

	# the baseline of this run: the same leases by lease_bench's batched
	# add, with what l2rad sends for each (lease time, last transaction,
	# server); and the add of four attributes a lease, for comparison
	raw=$(batched_add "$n" lease-time,cltt,server-id) || exit 1
	raw4=$(batched_add "$n") || exit 1
	say "blq: baseline: batched add of $n leases: $raw s (without their lease time, last transaction and server: $raw4 s)"

	[ "${BLQ_PROFILE:-0}" = 1 ] && blq_profile "$n"

	# restore from the server: no store, empty table.  The responder
	# shares the guest's one CPU: its CPU time over the restore (it is
	# idle once the stream is sent) is the server's part of the figure.
	rm -f "$WORK"/blq.db*
	cpu0=$(cpu_ticks "$rpid")
	vm_pages >"$WORK/vmstat0"
	blq_l2rad_start blq server
	vm_pages >"$WORK/vmstat1"
	say "blq: pages over the restore (whole guest): $(paste "$WORK/vmstat0" "$WORK/vmstat1" | awk '{ printf "%s %d ", $1, $4 - $2 }')"
	srv=$(calc "($(cpu_ticks "$rpid") - $cpu0) / $(getconf CLK_TCK)")
	# l2rad's memory as its line arrives (its store write has begun)
	say "blq: l2rad at restored: $(awk '/^Vm(HWM|RSS)/ { printf "%s %s kB ", $1, $2 }' \
		"/proc/$L2RAD_PID/status")minor faults $(awk '{ print $10 }' \
		"/proc/$L2RAD_PID/stat")"
	# when each of l2rad's lines reached the bench: seconds since its
	# start, and of them idle (not running a task)
	awk 'NR == 1 { t0 = $1; r0 = $2 } { t = $1; r = $2; $1 = $2 = ""
		printf "blq: timeline: %7.3f idle %6.3f%s\n", t - t0,
			(t - t0) - (r - r0) / 1e9, substr($0, 2, 100) }' \
		"$WORK/l2rad.timeline"
	ms=$(sed -n 's/.*leasequery: [0-9]* bindings, .* in \([0-9]*\) ms.*/\1/p' "$WORK/l2rad.log")
	say "blq: l2rad: $(grep -o 'leasequery: [0-9]* bindings.*ms' "$WORK/l2rad.log")"
	say "blq: l2rad: query+decode+reconcile of $n bindings: ${ms:-?} ms: $(calc "$n * 1000 / ${ms:-1}" | cut -d. -f1) bindings/s"
	say "blq: l2rad: the push that follows: $(grep -o 'restore: .*' "$WORK/l2rad.log" | tail -n 1)"
	say "blq: l2rad: $(grep -o 'restore: [0-9]* pushed' "$WORK/l2rad.log" | tail -n 1), start to restored from the server: $blq s"
	say "blq: l2rad: then $(grep -o '[0-9]* leases written to the store in [0-9]* ms' "$WORK/l2rad.log"): start to stored: $BLQ_STORED s (not in the figures)"
	say "blq: the responder's CPU time meanwhile (same CPU, the server's work): $srv s; without it: $(calc "$blq - $srv") s, ratio to the batched add $(calc "($blq - $srv) / $raw")"
	sleep 2		# the write delay: the dump reaches the store
	kill -TERM "$L2RAD_PID"
	wait "$L2RAD_PID"
	wait "$L2RAD_LOGGER"

	# baseline: the same leases restored from l2rad's own store
	"$L2RACTL" lease flush || die "flush"
	blq_l2rad_start store
	grep -q 'leasequery: ' "$WORK/l2rad.log" && die "l2rad asked the server although its store was full"
	say "blq: l2rad: $(grep -o 'restore: [0-9]* pushed' "$WORK/l2rad.log"), start to restored from the store: $store s"
	say "blq: ratio restore from the server/from the store ($n leases): $(calc "$blq / $store")"
	say "blq: ratio restore from the server/batched add of four attributes a lease: $(calc "$blq / $raw4")"
	figure "blq_restore_${n}_from_server_over_batched_add" "$(calc "$blq / $raw")" 2
	figure "blq_restore_${n}_from_server_over_from_store" "$(calc "$blq / $store")" 2
	kill -TERM "$L2RAD_PID"
	wait "$L2RAD_PID"
	wait "$L2RAD_LOGGER"
	kill "$rpid"
	wait "$rpid" 2>/dev/null
	"$L2RACTL" lease flush
	"$L2RACTL" bridge del dev br0
	unload
}

topology
say "bench: $(uname -r), $(nproc) CPUs, $(awk '/^MemTotal:/ { print $2 / 1024 }' /proc/meminfo) MiB"
for b in $BENCH; do
	t0=$SECONDS
	"bench_$b"
	say "bench: $b took $((SECONDS - t0)) s"
done
rm -rf "$WORK"
