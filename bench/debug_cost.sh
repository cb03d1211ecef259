#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench-debug: what each checker of the debug kernel costs in the
# guest.  Runs the same selftests (COST_TESTS) once per kernel variant and
# prints the wall time of each run and its ratio to the full debug kernel
# measured in the same run (and to Debian's stock kernel):
#
#   stock        Debian's kernel (what users run): the floor
#   full         tools/vm/debug.config as make check uses it
#   outline      KASAN_OUTLINE instead of KASAN_INLINE      (rebuild)
#   nolockdep    full, booted with lockdep.prove_locking=0: lockdep's
#                validation off (its lock tracking stays)  (boot option)
#   nokmemleak   full, booted with kmemleak=off              (boot option)
#   noobjects    full, booted with no_debug_objects          (boot option)
#
# KASAN has no off switch in its generic mode, so it is not measured alone:
# "full" / "stock" bounds it together with the rest.
#
# The rebuilt variant is made by running an unmodified copy of
# tools/vm/debug-kernel.sh next to an edited copy of debug.config, so they
# are cached beside the real one (~/.cache/l2ra/debug-kernel-<key>) and the
# real one's key does not change.  Each build takes as long as the real
# one (~14 min on 2 idle cores).
#
# Environment: COST_TESTS (default "bridge_dhcp.sh"), COST_VARIANTS (default
# all of the above), COST_BUILD_ONLY=1 (build the variants, run nothing).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TESTS=${COST_TESTS:-bridge_dhcp.sh}
VARIANTS=${COST_VARIANTS:-stock full outline nolockdep nokmemleak noobjects}
OUT=$ROOT/.build/bench/debug-cost
mkdir -p "$OUT"

die() { echo "bench-debug: $*" >&2; exit 1; }

# variant_fragment NAME FILE: debug.config edited for a rebuilt variant
variant_fragment()
{
	local name=$1 f=$2

	sed -e "s/^CONFIG_LOCALVERSION=.*/CONFIG_LOCALVERSION=\"-l2ra-debug-$name\"/" \
		"$ROOT/tools/vm/debug.config" >"$f"
	case $name in
	outline)
		sed -i -e 's/^CONFIG_KASAN_INLINE=y$/CONFIG_KASAN_OUTLINE=y/' "$f" ;;
	*) die "no fragment for $name" ;;
	esac
	grep -q -- "-l2ra-debug-$name" "$f" || die "$name: no LOCALVERSION line"
}

# kernel_of NAME: "<bzImage> <release> <append>" of a variant, built if need be
kernel_of()
{
	local name=$1 dir

	case $name in
	full | nokmemleak | noobjects | nolockdep)
		"$ROOT/tools/vm/debug-kernel.sh" >"$OUT/build-full.log" 2>&1 ||
			{ tail -n 20 "$OUT/build-full.log" >&2; die "debug kernel build failed"; }
		local append=
		[ "$name" = nokmemleak ] && append=kmemleak=off
		[ "$name" = noobjects ] && append=no_debug_objects
		[ "$name" = nolockdep ] && append=lockdep.prove_locking=0
		echo "$(tail -n 1 "$OUT/build-full.log") $append" ;;
	outline)
		dir=$OUT/tools-$name
		rm -rf "$dir"
		mkdir -p "$dir"
		cp "$ROOT/tools/vm/debug-kernel.sh" "$dir/"
		variant_fragment "$name" "$dir/debug.config"
		"$dir/debug-kernel.sh" >"$OUT/build-$name.log" 2>&1 ||
			{ tail -n 20 "$OUT/build-$name.log" >&2; die "$name kernel build failed"; }
		echo "$(tail -n 1 "$OUT/build-$name.log")" ;;
	*) die "unknown variant $name" ;;
	esac
}

make -C "$ROOT" --no-print-directory tools agent selftests >/dev/null
declare -A secs
for v in $VARIANTS; do
	if [ "$v" = stock ]; then
		# The 6.1 kernel the debug kernel is built from, if installed.
		rel=$("$ROOT/tools/vm/kver.sh" | grep -m1 '^6\.1\.' ||
			"$ROOT/tools/vm/kver.sh" newest)
		image= append=
		make -C "$ROOT" --no-print-directory kmod KVER="$rel" >/dev/null
	else
		read -r image rel append < <(kernel_of "$v")
		[ -f "$image" ] || die "$v: no image"
		make -C "$ROOT" --no-print-directory kmod \
			KDIR="${image%/arch/x86/boot/bzImage}" >/dev/null
	fi
	[ "${COST_BUILD_ONLY:-0}" = 1 ] && { echo "bench-debug: $v: $rel ready"; continue; }
	start=$SECONDS
	env VM_KVER="$rel" ${image:+VM_KERNEL="$image"} VM_MEM=2G \
		VM_TIMEOUT=3000 VM_APPEND="$append" VM_OUT="$OUT/$v" \
		"$ROOT/tools/vm/vm-run.sh" \
		"make -s -C selftests run_tests KSFT=\$L2RA_ROOT/.build/kselftest TEST_PROGS=\"$TESTS\"" \
		>"$OUT/$v.console" 2>&1 || die "$v: guest run failed ($OUT/$v.console)"
	secs[$v]=$((SECONDS - start))
	echo "bench-debug: $v ($rel${append:+ $append}): ${secs[$v]} s"
done
[ "${COST_BUILD_ONLY:-0}" = 1 ] && exit 0

# ratio A B: A/B with two decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b ? a / b : 0 }'; }
echo "bench-debug: tests: $TESTS"
for v in $VARIANTS; do
	line="bench-debug: $v ${secs[$v]} s"
	[ -n "${secs[full]:-}" ] && line+=", ÷ full $(ratio "${secs[$v]}" "${secs[full]}")"
	[ -n "${secs[stock]:-}" ] && line+=", ÷ stock $(ratio "${secs[$v]}" "${secs[stock]}")"
	echo "$line"
done
