#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: every test of the project, in one run.  The phases, in order:
#
#   deps       install what is missing (no-op when everything is there)
#   build      l2ra.ko for every kernel of the guest phase, the tools, the
#              agent and the selftest programs (warnings are errors)
#   unit       host unit tests (tests/unit, cmocka) under ASan/UBSan
#   tool-unit  l2ractl's unit tests, command-line cases and man page
#   fuzz       each libFuzzer target for FUZZ_TIME seconds (default 30)
#   responder  tests/blq_responder.sh: the Bulk Leasequery test responder
#   agent      l2rad's host checks (make -C agent check: the store crash
#              test, the man page), tests/sandbox.sh (the unit's sandbox)
#              and tests/l2rad_idle.sh (no CPU while the module is absent)
#   package    tests/packaging.sh: make deb and lintian, the packages'
#              contents, DKMS's build per kernel (W=1), make install and
#              uninstall, the bash completion, the OpenWrt UCI mapping
#   guest      the selftests in a QEMU guest, once per stock kernel
#   debug      the debug kernel (KASAN, lockdep, kmemleak, ...; built by
#              make debug-kernel, cached outside the clone) and a guest run
#              of DEBUG_SELFTESTS on it
#
# Every check is counted; the last line is "N passed, N failed, N skipped".
# A phase fails, named on the terminal, when it exits non-zero, prints no
# TAP plan, or runs fewer tests than it planned (a sanitizer abort mid-way);
# a phase that was asked for and could not run (no kernel, no debug kernel)
# is a failure; a phase left out on purpose (CHECK_PHASES, CHECK_DEBUG=0)
# counts as one skip.  The exit status is non-zero if anything failed or
# nothing ran.  Per phase, "planned / run / passed" is printed at the end.
# Logs: results/check/.
#
# Environment:
#   CHECK_PHASES     the phases to run (default all of them, in the order
#                    above whatever the order given); unknown names are an
#                    error.  Each phase builds what it needs.
#   KVER             the one kernel release of the guest phase (default:
#                    CHECK_KERNELS, else every kernel tools/vm/kver.sh
#                    finds); a release that is not installed fails
#   FUZZ_TIME        seconds per fuzzer, at least 1
#   SELFTESTS        space-separated script names to run instead of all
#   CHECK_GUEST_JOBS stock kernels' guest runs at a time, default 2 (then
#                    with their vCPUs in one host thread each); the debug
#                    kernel's runs alone; every build runs first
#   CHECK_DEBUG=0    leave out the debug phase
#   DEBUG_SELFTESTS  the scripts the debug phase runs ("all" for every one)
#   ONCE_SELFTESTS   scripts the guest phase runs on one stock kernel only:
#                    the newest (default: packaging.sh and the l2rad tests)
#   ONCE_FIRST       of those, the ones run on the oldest instead (default:
#                    the l2rad tests), so that the guests side by side take
#                    about as long
#   CHECK_DEBUG_ONLY=1  make check-debug: deps, build and debug, with every
#                    selftest on the debug kernel
#   CHECK_RESULTS    where the logs and guest results go (default results/)
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RESULTS=${CHECK_RESULTS:-$ROOT/results}
LOGS=$RESULTS/check
mkdir -p "$LOGS"
cd "$ROOT" || exit 1

ALL_PHASES="deps build unit tool-unit fuzz responder agent package guest debug"

# --- counting -------------------------------------------------------------

passed=0 failed=0 skipped=0
timings=() failures=() order=() why=()
declare -A f_plan f_run f_pass	# per phase: tests planned, run, passed
declare -A f_note		# per phase: what else to say of it

fail()	# fail PHASE WHY [N]: N failures (default 1), named on the terminal
{
	echo "check: FAIL: $1: $2 (log: $LOGS)" >&2
	note "$1" "FAIL: $2"
	failures+=("$1")
	failed=$((failed + ${3:-1}))
}

skip_phase()	# skip_phase PHASE WHY: a phase left out on purpose
{
	echo "check: SKIP: $1: $2" >&2
	note "$1" "skipped ($2)"
	skipped=$((skipped + 1))
}

note()	# note PHASE TEXT: say TEXT of PHASE in the closing figures
{
	[ -n "${f_plan[$1]:-}${f_note[$1]:-}" ] || order+=("$1")
	f_note[$1]="${f_note[$1]:+${f_note[$1]}; }$2"
}

figure()	# figure PHASE PLANNED RUN PASSED: add to the phase's figures
{
	[ -n "${f_plan[$1]:-}${f_note[$1]:-}" ] || order+=("$1")
	f_plan[$1]=$(( ${f_plan[$1]:-0} + $2 ))
	f_run[$1]=$(( ${f_run[$1]:-0} + $3 ))
	f_pass[$1]=$(( ${f_pass[$1]:-0} + $4 ))
}

logged()	# logged NAME CMD...: run CMD into results/check/NAME.log, timed
{
	local name=$1 start=$SECONDS rc

	shift
	echo "=== $name" >&2
	"$@" >"$LOGS/$name.log" 2>&1
	rc=$?
	timings+=("$name $((SECONDS - start)) s")
	echo "=== $name: $((SECONDS - start)) s, status $rc" >&2
	return $rc
}

# tap_tally PHASE LOG STATUS: count the TAP of LOG (one or more programs,
# each with its plan "1..N", at the start or the end) and judge the phase:
# every "not ok" is a failure, and so is a test that was planned and never
# ran (a program that died mid-way), a log without a plan, and a non-zero
# STATUS that no failed test explains.  "1..0 # SKIP why" (a program that
# cannot run on this machine, status 4) is one skip.
tap_tally()
{
	local phase=$1 log=$2 rc=$3 plans plan ok sk nok run

	plans=$(grep -cE '^1\.\.[0-9]+' "$log")
	plan=$(sed -nE 's/^1\.\.([0-9]+).*/\1/p' "$log" | awk '{ n += $1 } END { print n + 0 }')
	ok=$(grep -cE '^ok [0-9]+' "$log")
	sk=$(grep -cE '^ok [0-9]+ .*# (SKIP|skip)' "$log")
	nok=$(grep -cE '^not ok [0-9]+' "$log")
	run=$((ok + nok))
	passed=$((passed + ok - sk))
	skipped=$((skipped + sk))
	failed=$((failed + nok))
	figure "$phase" "$plan" "$run" $((ok - sk))
	grep -E '^not ok [0-9]+' "$log" | sed "s/^/check: $phase: /" >&2
	[ "$nok" -eq 0 ] || failures+=("$phase")

	if [ "$plans" -eq 1 ] && [ "$plan" -eq 0 ] && [ "$run" -eq 0 ] &&
	   grep -qE '^1\.\.0 # (SKIP|skip)' "$log"; then
		echo "check: SKIP: $phase: $(sed -nE 's/^1\.\.0 # (SKIP|skip) *//p' "$log")" >&2
		skipped=$((skipped + 1))
		return
	fi
	if [ "$plans" -eq 0 ]; then
		fail "$phase" "no TAP plan in $(basename "$log") (status $rc)"
	elif [ "$run" -lt "$plan" ]; then
		fail "$phase" "$((plan - run)) of $plan planned tests did not run (status $rc)" \
			$((plan - run))
	elif [ "$run" -gt "$plan" ]; then
		fail "$phase" "$run tests ran, $plan planned"
	elif [ "$rc" -ne 0 ] && [ "$nok" -eq 0 ]; then
		fail "$phase" "status $rc, though every test it printed passed"
	elif [ "$rc" -ne 0 ]; then
		echo "check: FAIL: $phase: status $rc" >&2
	fi
}

# tap_phase PHASE CMD...: run CMD into PHASE's log and tally its TAP
tap_phase()
{
	local phase=$1 rc

	logged "$@"
	rc=$?
	tap_tally "$phase" "$LOGS/$phase.log" "$rc"
}

# count_selftests PHASE LOG: the kselftest runner's log of one guest run.
# Every "TEST: ... [ OK ]/[FAIL]/[SKIP]" line is one check; a script that
# failed, timed out or was skipped without saying so in such a line counts
# as one failure (or skip); a script of the runner's plan that never
# reported (the guest died) counts as one failure.
count_selftests()
{
	local phase=$1 log=$2 p f s plan run sok

	if [ ! -s "$log" ]; then
		fail "$phase" "no log of the selftests: the guest did not run them"
		return
	fi
	p=$(grep -cE '^# (# )?TEST: .*\[ OK \]' "$log")
	f=$(grep -cE '^# (# )?TEST: .*\[FAIL\]' "$log")
	s=$(grep -cE '^# (# )?TEST: .*\[SKIP\]' "$log")
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	# Per script: the TAP line, and the TEST lines printed since the
	# previous one.
	awk '
		/^# (# )?TEST: .*\[FAIL\]/ { nfail++ }
		/^# (# )?TEST: .*\[SKIP\]/ { nskip++ }
		/^not ok [0-9]+ / {
			if ($0 ~ /# SKIP/) { if (!nskip) print "skip" }
			else if (!nfail) print "fail"
			nfail = 0; nskip = 0
		}
		/^ok [0-9]+ / {
			if ($0 ~ /# SKIP/ && !nskip) print "skip"
			nfail = 0; nskip = 0
		}
	' "$log" >"$log.extra"
	failed=$((failed + $(grep -c '^fail' "$log.extra")))
	skipped=$((skipped + $(grep -c '^skip' "$log.extra")))
	rm -f "$log.extra"

	# Scripts: the runner's plan against its result lines.
	plan=$(sed -nE 's/^1\.\.([0-9]+).*/\1/p' "$log" | head -n 1)
	run=$(grep -cE '^(not )?ok [0-9]+ ' "$log")
	sok=$(grep -E '^ok [0-9]+ ' "$log" | grep -vc '# SKIP')
	figure "$phase" "${plan:-0}" "$run" "$sok"
	note "$phase" "scripts; checks (TEST lines): $p passed, $f failed, $s skipped"
	if [ -z "$plan" ]; then
		fail "$phase" "the kselftest runner printed no plan"
	elif [ "$run" -lt "$plan" ]; then
		fail "$phase" "$((plan - run)) of $plan scripts never reported" \
			$((plan - run))
	fi
}

# --- phases -----------------------------------------------------------------

# The stock kernels of the build and guest phases: KVER names one, and it
# must be installed; by default every one kver.sh finds.
installed=$("$ROOT/tools/vm/kver.sh" all 2>/dev/null | xargs)
kernels=${KVER:-${CHECK_KERNELS:-$installed}}
missing=
for k in $kernels; do
	[[ " $installed " == *" $k "* ]] || missing+="$k "
done

# kernels_missing PHASE: fail PHASE for each selected kernel that cannot be
# used, and if there is none at all; false if it cannot go on at all.
kernels_missing()
{
	local k

	for k in $missing; do
		fail "$1" "kernel $k is not installed (tools/vm/kver.sh all: ${installed:-none})"
	done
	if [ -z "$kernels" ]; then
		fail "$1" "no kernel found by tools/vm/kver.sh (make deps installs them)"
		return 1
	fi
}

phase_deps()
{
	if logged deps "$ROOT/scripts/deps.sh"; then
		note deps "done"
	else
		fail deps "installing dependencies"
	fi
}

build_all()
{
	local k

	make -C "$ROOT" tools agent selftests || return 1
	# The Debian packages selftests/packaging.sh installs in the guest;
	# lintian is the package phase's.
	DEB_LINTIAN=0 make -C "$ROOT" deb || return 1
	for k in $kernels; do
		[[ " $missing " == *" $k "* ]] && continue
		make -C "$ROOT" kmod KVER="$k" || return 1
	done
}

phase_build()
{
	local kernels=$kernels missing=$missing	# build_all's

	# make check-debug builds no stock kernel's module.
	if [ "${CHECK_DEBUG_ONLY:-0}" = 1 ]; then
		kernels='' missing=''
	else
		kernels_missing build
	fi
	if logged build build_all; then
		note build "done (l2ra.ko for: ${kernels:-no stock kernel})"
	else
		tail -n 30 "$LOGS/build.log" >&2
		fail build "the build failed"
	fi
}

phase_unit()
{
	tap_phase unit make -C "$ROOT" unit
}

phase_tool_unit()
{
	tap_phase tool-unit make -C "$ROOT/tools/l2ractl" check
}

phase_fuzz()
{
	tap_phase fuzz make -C "$ROOT" fuzz FUZZ_TIME="${FUZZ_TIME:-30}"
	[ "${f_pass[fuzz]:-0}" = "${f_plan[fuzz]:-x}" ] ||
		grep -E 'fuzz:|ERROR|SUMMARY' "$LOGS/fuzz.log" | tail -n 20 >&2
}

# The Bulk Leasequery test responder against an independent client, on
# loopback (the guest tests trust it to speak the protocols right).
phase_responder()
{
	if ! logged build-responder make -C "$ROOT" selftests; then
		fail responder "building selftests/blq_responder failed"
		return
	fi
	tap_phase responder "$ROOT/tests/blq_responder.sh" "$ROOT/selftests/blq_responder"
}

# l2rad on the host: the store's crash safety (the evidence
# Documentation/l2rad.rst cites), the systemd unit's sandbox, and its wait
# for the module (the host has no l2ra family).
phase_agent()
{
	local rc

	if ! logged build-agent make -C "$ROOT" tools agent selftests; then
		fail agent "building l2ractl, l2rad or blq_responder failed"
		return
	fi
	tap_phase agent make -C "$ROOT/agent" check
	logged agent-sandbox make -C "$ROOT/tests" sandbox
	rc=$?
	tap_tally agent "$LOGS/agent-sandbox.log" "$rc"
	logged agent-idle make -C "$ROOT/tests" l2rad-idle
	rc=$?
	tap_tally agent "$LOGS/agent-idle.log" "$rc"
}

# The packaging on the host (the packages in a guest: selftests/packaging.sh).
phase_package()
{
	tap_phase package "$ROOT/tests/packaging.sh"
}

# The guest runs (a stock kernel's, the debug kernel's) are queued by their
# phases and run after the last phase.  The stock kernels' run side by
# side, CHECK_GUEST_JOBS (default 2) at a time, each with its vCPUs in one
# host thread (VM_TCG_THREAD=single under TCG): QEMU 7.2's multi-threaded
# TCG appears to run blocks translated from code another vCPU was patching
# ("Oops: int3" in a static key's site, seen once with guests side by side,
# where the host preempts the vCPU threads; Documentation/testing.rst), and
# a guest that waits much of its run (DHCP timeouts, sleeps) uses about one
# host CPU anyway.  The
# debug kernel's runs alone, with a thread per vCPU: its race tests want
# the vCPUs truly concurrent.  Results are counted in the order queued.
q_phase=() q_kver=() q_progs=() q_env=() q_alone=() q_pid=() q_start=()

# guest_queue PHASE RELEASE PROGS ALONE [VM_* settings...]: the selftests
# in one boot, run later by run_guests, with no other run beside it if
# ALONE is 1 (settings without spaces: paths have none)
guest_queue()
{
	local i=${#q_phase[@]}

	q_phase[i]=$1 q_kver[i]=$2 q_progs[i]=$3 q_alone[i]=$4
	shift 4
	q_env[i]="$*"
}

# guest_launch I: start queued run I in the background
guest_launch()
{
	local i=$1 k=${q_kver[$1]} progs=${q_progs[$1]} settings

	read -r -a settings <<<"${q_env[$i]}"
	echo "=== ${q_phase[$i]} (started)" >&2
	rm -f "$RESULTS/$k/log"
	env VM_KVER="$k" VM_OUT="$RESULTS/$k" "${settings[@]}" "$ROOT/tools/vm/vm-run.sh" \
		"make -s -C selftests run_tests KSFT=\$L2RA_ROOT/.build/kselftest${progs:+ TEST_PROGS=\"$progs\"}" \
		>"$LOGS/${q_phase[$i]}.log" 2>&1 &
	q_pid[i]=$!
	q_start[i]=$SECONDS
}

# run_guests: every queued run, CHECK_GUEST_JOBS at a time, then each one's
# count (the command's own log, not the console: printk can cut console
# lines) and report
run_guests()
{
	local jobs=${CHECK_GUEST_JOBS:-2} next=0 solo=0 i pid rc before
	local -A idx_of=() rc_of=() end_of=()	# idx_of: running runs by pid

	while [ "$next" -lt ${#q_phase[@]} ] || [ ${#idx_of[@]} -gt 0 ]; do
		if [ "$next" -lt ${#q_phase[@]} ] && [ "$solo" = 0 ] &&
		   [ ${#idx_of[@]} -lt "$jobs" ] &&
		   { [ "${q_alone[$next]}" = 0 ] || [ ${#idx_of[@]} = 0 ]; }; then
			guest_launch "$next"
			idx_of[${q_pid[$next]}]=$next
			solo=${q_alone[$next]}
			next=$((next + 1))
			continue
		fi
		pid=
		wait -n -p pid "${!idx_of[@]}"
		rc=$?
		if [ -z "$pid" ]; then
			echo "check: no guest run left to wait for, ${#idx_of[@]} expected" >&2
			break
		fi
		i=${idx_of[$pid]}
		unset "idx_of[$pid]"
		rc_of[$i]=$rc end_of[$i]=$SECONDS solo=0
		echo "=== ${q_phase[$i]}: $((SECONDS - q_start[i])) s, status $rc" >&2
	done
	for i in "${!q_phase[@]}"; do
		timings+=("${q_phase[$i]} $((${end_of[$i]:-$SECONDS} - ${q_start[$i]:-$SECONDS})) s")
		before=$failed
		count_selftests "${q_phase[$i]}" "$RESULTS/${q_kver[$i]}/log"
		guest_report "${q_phase[$i]}" "${q_kver[$i]}" "${rc_of[$i]:-255}" "$before"
	done
}

# guest_report PHASE RELEASE STATUS FAILED_BEFORE: what failed, on the
# terminal; a failed run that counted no failure counts as one.
guest_report()
{
	local phase=$1 k=$2 rc=$3 before=$4

	[ -f "$RESULTS/$k/log" ] &&
		grep -E '^# (# )?TEST: .*\[FAIL\]|^not ok' "$RESULTS/$k/log" |
		sed "s/^/check: $phase: /" >&2
	# A kernel that died booting and was booted again passes, but says so.
	[ "$rc" -eq 0 ] && grep -E '^vm: (the kernel died|console:|booting again)' \
		"$LOGS/$phase.log" | sed "s/^/check: $phase: /" >&2
	if [ "$rc" -ne 0 ]; then
		grep '^vm: ' "$LOGS/$phase.log" >&2
		echo "check: FAIL: $phase: the guest run ended with status $rc" >&2
		# Again at the end, where a CI log cut to its tail still has it.
		why+=("$(grep '^vm: ' "$LOGS/$phase.log" | tail -n 40)"
		      "check: $phase: the guest's last lines (of $RESULTS/$k/log):"
		      "$(tail -n 15 "$RESULTS/$k/log" 2>/dev/null | sed 's/^/  /')")
		[ "$failed" -gt "$before" ] || failed=$((failed + 1))
	fi
	[ "$failed" -eq "$before" ] || failures+=("$phase")
}

# The whole suite is one guest boot per kernel: ~10 min under emulation on
# an idle 2-core machine, more when it is loaded.

# guest_progs RELEASE: the scripts the guest phase runs on that kernel.
# ONCE_SELFTESTS run on one stock kernel only: the last (the newest, unless
# CHECK_KERNELS says otherwise), or the first for those in ONCE_FIRST.
# packaging.sh has DKMS compile the module inside the emulated guest (5 to
# 15 min per kernel); the package phase builds the DKMS source for every
# kernel on the host.  The l2rad tests test user space; its kernel
# interface is checked on every kernel by the netlink, lease and relay
# tests (Documentation/testing.rst).  They run on the oldest kernel and
# packaging.sh on the newest: 6.12's guest ran both (2,331 s against
# 1,565 s for 6.1's), and the debug kernel's run waits for the slower.
guest_progs()
{
	local p out='' first=${kernels%% *} last=${kernels##* }

	[ -n "${SELFTESTS:-}" ] && { echo "$SELFTESTS"; return; }
	[ "$first" = "$last" ] && return	# one kernel: all of them
	for p in $(make -s -C "$ROOT/selftests" print-progs \
			KSFT="$ROOT/.build/kselftest"); do
		if [[ " $ONCE_SELFTESTS " == *" $p "* ]]; then
			if [[ " $ONCE_FIRST " == *" $p "* ]]; then
				[ "$1" = "$first" ] || continue
			else
				[ "$1" = "$last" ] || continue
			fi
		fi
		out+="$p "
	done
	echo "${out% }"
}

phase_guest()
{
	local k side_by_side=()

	kernels_missing guest || return
	[ "${CHECK_GUEST_JOBS:-2}" = 1 ] || side_by_side=(VM_TCG_THREAD=single)
	for k in $kernels; do
		[[ " $missing " == *" $k "* ]] && continue
		if ! logged "build-$k" make -C "$ROOT" tools agent selftests kmod KVER="$k" ||
		   ! DEB_LINTIAN=0 logged "deb-$k" make -C "$ROOT" deb; then
			fail "guest-$k" "the build for $k failed"
			continue
		fi
		guest_queue "guest-$k" "$k" "$(guest_progs "$k")" 0 \
			VM_TIMEOUT="${VM_TIMEOUT:-3600}" "${side_by_side[@]}"
	done
}

# The same kernel code under KASAN, lockdep, kmemleak, DEBUG_ATOMIC_SLEEP,
# DEBUG_OBJECTS, DEBUG_NET and the refcount trackers (Documentation/
# testing.rst): a kernel built from Debian's linux-source, cached outside the
# clone.  Everything runs 6-12x slower there, so to keep make check under
# an hour on a fresh 2-core machine (kernel build included) it runs the
# scripts that cover the relay's hook paths with real peers, every netlink
# command, the races of the teardown paths (ports leaving, bridges deleted,
# the relay off and on, rmmod with a monitor) and the quotas (a smaller
# flood there); make check-debug runs them all (Documentation/testing.rst,
# "The debug kernel").
phase_debug()
{
	local dimage drel before

	if ! logged debug-kernel "$ROOT/tools/vm/debug-kernel.sh"; then
		tail -n 20 "$LOGS/debug-kernel.log" >&2
		fail debug "the debug kernel could not be built"
		return
	fi
	read -r dimage drel < <(tail -n 1 "$LOGS/debug-kernel.log")
	if ! logged "build-$drel" make -C "$ROOT" tools agent selftests kmod \
			KDIR="${dimage%/arch/x86/boot/bzImage}"; then
		fail "debug-$drel" "the module build for the debug kernel failed"
		return
	fi
	guest_queue "debug-$drel" "$drel" "$DEBUG_SELFTESTS" 1 \
		VM_KERNEL="$dimage" VM_MEM=2G VM_TIMEOUT="${DEBUG_VM_TIMEOUT:-14400}"
}

# --- which phases -----------------------------------------------------------

if [ "${CHECK_DEBUG_ONLY:-0}" = 1 ]; then
	CHECK_PHASES=${CHECK_PHASES:-deps build debug}
	CHECK_DEBUG=1
	DEBUG_SELFTESTS=${DEBUG_SELFTESTS:-all}
fi
DEBUG_SELFTESTS=${DEBUG_SELFTESTS:-relay4_basic.sh netlink.sh relay4_races.sh relay4_quota.sh}
ONCE_SELFTESTS=${ONCE_SELFTESTS:-packaging.sh agent.sh agent6.sh leasequery.sh l2rad_admin.sh}
ONCE_FIRST=${ONCE_FIRST:-agent.sh agent6.sh leasequery.sh l2rad_admin.sh}
[ "$DEBUG_SELFTESTS" = all ] && DEBUG_SELFTESTS=
wanted=" ${CHECK_PHASES:-$ALL_PHASES} "
for p in $wanted; do
	if [[ " $ALL_PHASES " != *" $p "* ]]; then
		echo "check: unknown phase \"$p\" in CHECK_PHASES; the phases: $ALL_PHASES" >&2
		exit 2
	fi
done
if [ -n "${CHECK_GUEST_JOBS:-}" ] && ! [[ $CHECK_GUEST_JOBS =~ ^[1-9][0-9]*$ ]]; then
	echo "check: CHECK_GUEST_JOBS=$CHECK_GUEST_JOBS: want a number of guest runs, at least 1" >&2
	exit 2
fi
if [ -n "${FUZZ_TIME:-}" ] && ! [[ $FUZZ_TIME =~ ^[1-9][0-9]*$ ]]; then
	echo "check: FUZZ_TIME=$FUZZ_TIME: want whole seconds, at least 1 (0 would never end)" >&2
	exit 2
fi

for p in $ALL_PHASES; do
	if [ "$p" = debug ] && [ "${CHECK_DEBUG:-1}" = 0 ]; then
		skip_phase debug "CHECK_DEBUG=0"
	elif [[ $wanted != *" $p "* ]]; then
		skip_phase "$p" "not in CHECK_PHASES"
	else
		"phase_${p//-/_}"
	fi
done

# The guest and debug phases queued their runs.
run_guests

# --- the result -------------------------------------------------------------

if [ $((passed + failed)) -eq 0 ]; then
	fail check "no test ran"
fi
echo "--- timings: ${timings[*]/%/;}" >&2
# Per phase: "planned / run / passed" of its TAP tests (guest: scripts).
for p in "${order[@]}"; do
	line="--- $p:"
	[ -n "${f_plan[$p]:-}" ] &&
		line+=" planned ${f_plan[$p]} / run ${f_run[$p]} / passed ${f_pass[$p]}"
	echo "$line${f_note[$p]:+ ${f_note[$p]}}" >&2
done
[ ${#why[@]} -eq 0 ] || printf '%s\n' "${why[@]}" >&2
if [ ${#failures[@]} -gt 0 ]; then
	echo "check: FAILED: $(printf '%s\n' "${failures[@]}" | sort -u | tr '\n' ' ')" >&2
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
