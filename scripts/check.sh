#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: every test of the project, in one run.
#
#   1. deps      install what is missing (no-op when everything is there)
#   2. build     l2ra.ko for every Debian kernel installed, the tools, the
#                agent and the selftest programs (warnings are errors)
#   3. unit      host unit tests under ASan/UBSan
#   4. fuzz      each libFuzzer target for FUZZ_TIME seconds (default 30)
#   5. guest     the selftests in a QEMU guest, once per kernel
#
# Every check is counted; the last line is "N passed, N failed, N skipped".
# The exit status is non-zero if anything failed, a phase could not run, or
# nothing ran at all.  Logs: results/check/.
#
#   6. debug     the debug kernel (KASAN, lockdep, kmemleak, ...; built by
#                make debug-kernel, cached outside the clone) and a guest
#                run of DEBUG_SELFTESTS on it
#
# Environment: CHECK_KERNELS (space-separated releases; default all the
# installed Debian kernels), FUZZ_TIME, SELFTESTS (space-separated script
# names to run instead of all of them), CHECK_DEBUG=0 (skip phase 6),
# DEBUG_SELFTESTS (the scripts phase 6 runs; "all" for every one),
# CHECK_DEBUG_ONLY=1 (make check-debug: phases 1, 2 and 6 only, with every
# selftest on the debug kernel).
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOGS=$ROOT/results/check
mkdir -p "$LOGS"
cd "$ROOT" || exit 1

passed=0 failed=0 skipped=0
declare -a timings

phase()	# phase NAME CMD...: run a phase, log it, time it
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

# count_tap LOG: add up TAP "ok"/"not ok" lines (cmocka, kselftest C tests)
count_tap()
{
	local p f s

	p=$(grep -cE '^ok [0-9]+' "$1")
	s=$(grep -cE '^ok [0-9]+ .*# (SKIP|skip)' "$1")
	f=$(grep -cE '^not ok [0-9]+' "$1")
	passed=$((passed + p - s))
	skipped=$((skipped + s))
	failed=$((failed + f))
}

# count_selftests LOG: every "TEST: ... [ OK ]/[FAIL]/[SKIP]" line is one
# check; a script that failed, timed out or was skipped without saying so
# in such a line still counts as one failure (or skip).
count_selftests()
{
	local log=$1 p f s

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
}

broken()	# broken WHAT: a phase that could not run counts as a failure
{
	echo "check: FAIL: $1 (log: $LOGS)" >&2
	failed=$((failed + 1))
}

phase deps "$ROOT/scripts/deps.sh" || broken "installing dependencies"

kernels=${CHECK_KERNELS:-$("$ROOT/tools/vm/kver.sh" all | tr '\n' ' ')}
if [ "${CHECK_DEBUG_ONLY:-0}" = 1 ]; then
	CHECK_DEBUG=1
	DEBUG_SELFTESTS=${DEBUG_SELFTESTS:-all}
	kernels=
fi
build()
{
	local k

	make -C "$ROOT" tools agent selftests || return 1
	for k in $kernels; do
		make -C "$ROOT" kmod KVER="$k" || return 1
	done
}
if ! phase build build; then
	tail -n 30 "$LOGS/build.log" >&2
	broken "build"
fi

if [ "${CHECK_DEBUG_ONLY:-0}" != 1 ]; then

phase unit make -C "$ROOT" unit
count_tap "$LOGS/unit.log"
grep -q '^ok ' "$LOGS/unit.log" || broken "unit tests did not run"

phase tool-unit make -C "$ROOT/tools/l2ractl" check
count_tap "$LOGS/tool-unit.log"

if phase fuzz make -C "$ROOT" fuzz FUZZ_TIME="${FUZZ_TIME:-30}"; then
	n=$(grep -c '^fuzz: .* ok' "$LOGS/fuzz.log")
	passed=$((passed + n))
else
	grep -E '^fuzz:|ERROR|SUMMARY' "$LOGS/fuzz.log" | tail -n 20 >&2
	broken "fuzzing"
fi

# The Bulk Leasequery test responder against an independent client, on
# loopback (the guest tests trust it to speak the protocols right).
phase responder "$ROOT/tests/blq_responder.sh" "$ROOT/selftests/blq_responder"
count_tap "$LOGS/responder.log"
grep -q '^ok ' "$LOGS/responder.log" || broken "the responder test did not run"

fi	# not CHECK_DEBUG_ONLY

# guest RELEASE PROGS [VM_* settings...]: the selftests in one guest boot
guest()
{
	local k=$1 progs=$2 rc

	shift 2
	env VM_KVER="$k" "$@" "$ROOT/tools/vm/vm-run.sh" \
		"make -s -C selftests run_tests KSFT=\$L2RA_ROOT/.build/kselftest${progs:+ TEST_PROGS=\"$progs\"}" \
		>"$LOGS/vm-$k.log" 2>&1
	rc=$?
	# The command's own log, not the console: printk can cut console lines.
	count_selftests "$ROOT/results/$k/log"
	return $rc
}

# guest_report RELEASE STATUS: what failed, on the terminal
guest_report()
{
	local k=$1 rc=$2

	grep -E '^# (# )?TEST: .*\[FAIL\]|^not ok' "$ROOT/results/$k/log" |
		sed "s/^/check: $k: /" >&2
	if [ "$rc" -ne 0 ]; then
		grep '^vm: ' "$LOGS/vm-$k.log" >&2
		broken "guest run on $k (status $rc)"
	fi
}

# The whole suite is one guest boot per kernel: ~10 min under emulation on
# an idle 2-core machine, more when it is loaded.
for k in $kernels; do
	phase "guest-$k" guest "$k" "${SELFTESTS:-}" VM_TIMEOUT="${VM_TIMEOUT:-3600}"
	guest_report "$k" $?
done

# The same kernel code under KASAN, lockdep, kmemleak, DEBUG_ATOMIC_SLEEP,
# DEBUG_OBJECTS, DEBUG_NET and the refcount trackers (Documentation/
# testing.rst): a kernel built from Debian's linux-source, cached outside the
# clone.  Everything runs 6-12x slower there, so to keep make check under
# an hour on a fresh 2-core machine (kernel build included) it runs the two
# scripts that cover the relay's hook paths with real peers and every
# netlink command; make check-debug runs them all (Documentation/
# testing.rst, "The debug kernel").
DEBUG_SELFTESTS=${DEBUG_SELFTESTS:-relay4_basic.sh netlink.sh}
[ "$DEBUG_SELFTESTS" = all ] && DEBUG_SELFTESTS=
if [ "${CHECK_DEBUG:-1}" = 1 ]; then
	if phase debug-kernel "$ROOT/tools/vm/debug-kernel.sh"; then
		read -r dimage drel < <(tail -n 1 "$LOGS/debug-kernel.log")
		if phase "build-$drel" make -C "$ROOT" kmod KDIR="${dimage%/arch/x86/boot/bzImage}"; then
			phase "guest-$drel" guest "$drel" "$DEBUG_SELFTESTS" \
				VM_KERNEL="$dimage" VM_MEM=2G \
				VM_TIMEOUT="${DEBUG_VM_TIMEOUT:-14400}"
			guest_report "$drel" $?
		else
			broken "module build for the debug kernel"
		fi
	else
		tail -n 20 "$LOGS/debug-kernel.log" >&2
		broken "debug kernel build"
	fi
fi

echo "--- timings: ${timings[*]/%/;}" >&2
if [ $((passed + failed + skipped)) -eq 0 ]; then
	broken "no test ran"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
