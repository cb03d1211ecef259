#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# l2rad's user-space instructions per binding of a restore from a server,
# on the host, counted by valgrind --tool=callgrind (deterministic):
# selftests/blq_responder serves N bindings, the guest bench's
# (bench/blq_bindings.awk) on 127.0.0.1, and bench/blq_cost.c reads
# them as l2rad does (lib/blq's client, connection, framer and decoder,
# then blq_restore_add() for each and blq_restore_finish()).  The socket's
# kernel work and the push into the kernel are not in the count; the guest
# bench times the whole.  Issue 10, item 4.
#
# Environment: BLQ_COST_N (bindings, 100000).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
N=${BLQ_COST_N:-100000}
RID=0004000102030405060708090a0b0c0d0e0f
make -C "$HERE" --no-print-directory blq_cost >/dev/null
make -C "$ROOT/selftests" --no-print-directory blq_responder >/dev/null
command -v valgrind >/dev/null || { echo "blq_cost: SKIP (no valgrind)"; exit 0; }
out=$(mktemp -d)
rpid=
cleanup() { [ -z "$rpid" ] || kill "$rpid" 2>/dev/null; rm -rf "$out"; }
trap cleanup EXIT

awk -v n="$N" -v rid="$RID" -f "$HERE/blq_bindings.awk" >"$out/bindings"
"$ROOT/selftests/blq_responder" -f "$out/bindings" -4 127.0.0.1:0 \
	--log "$out/resp.log" --ready-file "$out/ready" >/dev/null &
rpid=$!
for _ in $(seq 100); do [ -s "$out/ready" ] && break; sleep 0.1; done
port=$(awk '$2 == "v4" { print $4 }' "$out/ready" 2>/dev/null)
[ -n "$port" ] || { echo "blq_cost: blq_responder did not start" >&2; exit 1; }

valgrind --tool=callgrind --callgrind-out-file="$out/cg" \
	--toggle-collect=blq_cost_run -q "$HERE/blq_cost" "127.0.0.1:$port" \
	"$RID" >"$out/run" || { echo "blq_cost: the query failed" >&2; exit 1; }
ir=$(callgrind_annotate "$out/cg" 2>/dev/null |
	awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
read -r _ b _ l <"$out/run"
if [ "$b" != "$N" ] || [ "$l" != "$N" ]; then
	echo "blq_cost: $b bindings, $l leases of $N" >&2
	exit 1
fi
echo "blq_cost: $N bindings read and reconciled in $ir instructions: $(( ir / N )) a binding"
callgrind_annotate --inclusive=no --auto=no "$out/cg" 2>/dev/null |
	sed -n 's/^ *\([0-9,]*\) ([ 0-9.]*%) *[^ ]*:\([^ :]*\) .*/\1 \2/p' |
	head -n 15 | awk -v n="$N" '{ gsub(",", "", $1)
		printf "blq_cost:   %7.1f  %s\n", $1 / n, $2 }'
