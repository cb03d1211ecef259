#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: build what the benchmarks need, boot one guest (one CPU, 2 GiB,
# no slab debugging, instructions counted: VM_ICOUNT in tools/vm/vm-run.sh)
# and run bench/guest.sh in it.  Prints figures and ratios against
# baselines measured in the same run; see Documentation/benchmarks.rst.
# Every guest time is an instruction count (10^9 per guest second), so the
# ratios do not move with the host's load.  BENCH_ICOUNT=0 measures wall
# clock on two CPUs instead.
#
# Environment: KVER (kernel, default the newest installed), BENCH (which:
# "fwd lease agent blq"), FWD_SECONDS, FWD_PAIRS, FWD_WORKLOADS, FWD_CALIB, FWD_GUARD, LEASE_N, AGENT_N, BLQ_N (see
# bench/guest.sh), VM_OUT (results folder, default .build/bench/KVER).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KVER=${KVER:-$("$ROOT/tools/vm/kver.sh" newest)}
export VM_KVER=$KVER VM_MEM=2G VM_SMP=1 VM_ICOUNT=1
# under icount a guest second costs 20 to 60 host seconds on a busy host
export VM_TIMEOUT=${VM_TIMEOUT:-3600}
[ "${BENCH_ICOUNT:-1}" = 1 ] || VM_SMP=2 VM_ICOUNT=0
export VM_OUT=${VM_OUT:-$ROOT/.build/bench/$KVER}
# The guest normally runs with slub_debug=FZPU, which pads and poisons
# every object: off here, and no cache merging so that l2ra_lease is its
# own slab.  Appended after the default, so it wins.
export VM_APPEND="slub_debug=- slab_nomerge"
VM_ENV=""
for v in BENCH DHCP_N DHCP_ROUNDS DHCP_LEASES DHCRELAY DHCP_PROFILE DHCP_AB FWD_SECONDS FWD_PAIRS FWD_WORKLOADS FWD_CALIB FWD_PROFILE FWD_PERIOD FWD_GUARD LEASE_N AGENT_N BLQ_N BLQ_PROFILE BLQ_PERIOD BLQ_PROFILE_TOP BLQ_CALLGRAPH; do
	[ -z "${!v:-}" ] || VM_ENV+="$v=${!v}"$'\n'
done
export VM_ENV

mkdir -p "$VM_OUT"
make -C "$ROOT" --no-print-directory kmod KVER="$KVER" >/dev/null
make -C "$ROOT" --no-print-directory tools agent selftests >/dev/null
make -C "$ROOT/bench" --no-print-directory >/dev/null
make -C "$ROOT/bench" --no-print-directory burn KVER="$KVER" >/dev/null
# The DHCP-path bench compares with ISC dhcrelay.  Installing Debian's
# isc-dhcp-relay would also start a relay service on this machine, so the
# binary (static but for libc) is taken from the package unpacked.
if [ -z "${DHCRELAY:-}" ] && ! command -v dhcrelay >/dev/null; then
	relay_dir=$ROOT/.build/bench/isc-dhcp-relay
	if [ ! -x "$relay_dir/usr/sbin/dhcrelay" ]; then
		mkdir -p "$relay_dir"
		(cd "$relay_dir" && apt-get download isc-dhcp-relay >/dev/null &&
			dpkg-deb -x isc-dhcp-relay_*.deb .) ||
			echo "bench: no dhcrelay: apt-get download isc-dhcp-relay failed" >&2
	fi
	export DHCRELAY=$relay_dir/usr/sbin/dhcrelay
	VM_ENV+="DHCRELAY=$DHCRELAY"$'\n'
fi

echo "bench: $(date -u +%Y-%m-%dT%H:%MZ), host $(nproc) CPUs, guest $KVER"
start=$SECONDS
"$ROOT/tools/vm/vm-run.sh" 'bash bench/guest.sh' >"$VM_OUT.console" 2>&1 || {
	tail -n 40 "$VM_OUT.console" >&2
	echo "bench: the guest run failed (console: $VM_OUT.console)" >&2
	exit 1
}
cat "$VM_OUT/log"
# the figures with a target, together at the end
grep '^figure:' "$VM_OUT/log" || true
echo "bench: done in $((SECONDS - start)) s (log: $VM_OUT/log)"
