#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# l2rad's read of its lease store at a restore, in instructions per row on
# the host, counted by valgrind --tool=callgrind (deterministic):
# bench/store_read.c builds a store of N leases shaped like the agent
# bench's (through store_upsert(): every row with its record) and reads it
# as sync_full() does (store_load_vec_brief()): the rows' records, the
# read after a crash.  Then the restore image (agent/lease_image.h): its
# write at a clean stop (store_save_image()) and its read at the next
# start (store_load_image()), per lease.  Then, the records cleared as a
# change through sqlite3 clears them, the columns: brief (without bridge
# and circuit-id), in full (store_load_vec()), and the brief leases'
# bridge and circuit-id afterwards by point lookup (store_detail(): what a
# lease refused by port name costs more) or in one pass
# (store_detail_vec()).  And the cost of the writes that made the store
# (store_upsert(): a new row; the same again over each row).  Prints "figure: name=... ratio=INSTRUCTIONS
# spread=0 target=... pass|miss" (lower is better; the ratio here is a
# count) for the records' read and the image's.
# Issue 10, item 4: the restore after a crash reaches 1.5 times the raw
# add with the read near 1,300 instructions a row (benchmarks.rst, "The
# rows' records"); the guest's figure (BENCH=agent) is the judge.
#
# Environment: STORE_N (rows, 100000).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/callgrind.sh
source "$HERE/callgrind.sh"
N=${STORE_N:-100000}
make -C "$HERE" --no-print-directory store_read >/dev/null
command -v valgrind >/dev/null || { echo "store_read_cost: SKIP (no valgrind)"; exit 0; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# ir FUNCTION MODE: instructions callgrind counts inside FUNCTION
ir() { cg_ir "$out/cg" "$1" "$HERE/store_read" load "$out/leases.db" "$2"; }

# the writes that made the store: each a new row, then each over its row
ins=$(( $(cg_ir "$out/cg" store_upsert "$HERE/store_read" create "$out/leases.db" "$N") / N ))
over=$(( $(cg_ir "$out/cg" store_upsert "$HERE/store_read" create "$out/leases.db" "$N") / N ))

recs=$(( $(ir store_load_vec_brief brief) / N ))
save=$(( $(ir store_save_image save) / N ))
image=$(( $(ir store_load_image image) / N ))
octets=$(sqlite3 -readonly "$out/leases.db" "SELECT length(data) FROM restore_image" 2>/dev/null || echo ?)
sqlite3 "$out/leases.db" "UPDATE leases SET rec = NULL"
brief=$(( $(ir store_load_vec_brief brief) / N ))
full=$(( $(ir store_load_vec full) / N ))
point=$(( $(ir store_detail detail) / N ))
pass=$(( $(ir store_detail_vec details) / N ))
echo "store_read_cost: $N rows; instructions per row:"
echo "store_read_cost: store_upsert(): a new row $ins, over its row $over"
echo "store_read_cost: the rows' records (after a crash): $recs"
echo "store_read_cost: restore image: written at a clean stop: $save; read: $image ($octets octets)"
echo "store_read_cost: records cleared: columns for the push (no bridge, circuit-id): $brief; in full: $full"
echo "store_read_cost: then bridge and circuit-id, point lookup: $point; one pass: $pass"
cg_figure store_rec_read_instructions_per_row "$recs" 1300
cg_figure store_image_read_instructions_per_lease "$image" 1000
