#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Crash safety of l2rad's lease store: run a writer that churns leases
# through the store code (agent/store_crash_writer.c, one transaction per
# batch, each logged after COMMIT returned), kill -9 it at a random moment,
# and check that the store passes PRAGMA integrity_check and holds exactly
# the state after the last logged batch (or the one after it, committed but
# not yet logged).  ITERATIONS rounds (default 50), a fresh writer each
# time resuming where the store left off.
#
#   tests/store_crash.sh [WRITER]     (default agent/store_crash_writer)
#
# Prints TAP; exits non-zero on any failure.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WRITER=${1:-$ROOT/agent/store_crash_writer}
ITERATIONS=${ITERATIONS:-50}

if [ ! -x "$WRITER" ]; then
	make -C "$ROOT/agent" store_crash_writer >/dev/null || exit 1
	WRITER=$ROOT/agent/store_crash_writer
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/l2rad-crash.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
db=$dir/leases.db
log=$dir/committed.log

echo "1..$((ITERATIONS + 1))"
fail=0
for i in $(seq 1 "$ITERATIONS"); do
	"$WRITER" write "$db" "$log" 2>"$dir/writer.err" &
	pid=$!
	# 5..100 ms: sometimes during open/migration, mostly mid-churn.
	sleep "$(printf '0.%03d' $((5 + RANDOM % 95)))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if grep -q . "$dir/writer.err"; then
		echo "not ok $i - writer failed: $(head -1 "$dir/writer.err")"
		fail=1
		continue
	fi
	if out=$("$WRITER" check "$db" "$log" 2>&1); then
		echo "ok $i - kill -9 round $i: $out"
	else
		echo "not ok $i - kill -9 round $i: $out"
		fail=1
	fi
done
n=$(wc -l <"$log")
if [ "$n" -gt "$ITERATIONS" ]; then
	echo "ok $((ITERATIONS + 1)) - $n batches committed across $ITERATIONS kills"
else
	echo "not ok $((ITERATIONS + 1)) - only $n batches committed: the kills came too early to test anything"
	fail=1
fi
exit $fail
