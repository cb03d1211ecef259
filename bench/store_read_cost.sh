#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# l2rad's read of its lease store at a restore, in instructions per row on
# the host, counted by valgrind --tool=callgrind (deterministic):
# bench/store_read.c builds a store of N leases shaped like the agent
# bench's and reads it as sync_full() does (store_load_vec_brief()), and,
# for comparison, in full (store_load_vec()) and with each lease's bridge
# and circuit-id read afterwards by point lookup (store_detail(): what a
# lease refused by port name costs more) or in one pass
# (store_detail_vec(): what a restore into a kernel that holds leases
# costs more).  Prints "figure: name=... ratio=INSTRUCTIONS spread=0
# target=... pass|miss" (lower is better; the ratio here is a count).
# Then the restore image (agent/lease_image.h): its write at a clean stop
# (store_save_image()) and its read at the next start (store_load_image()),
# per lease, the read a second figure.
# Issue 10, item 4: the read must come to about 1,000 instructions a row
# for the restore to reach 1.5 times the raw add.
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
"$HERE/store_read" create "$out/leases.db" "$N"

# ir FUNCTION MODE: instructions callgrind counts inside FUNCTION
ir() { cg_ir "$out/cg" "$1" "$HERE/store_read" load "$out/leases.db" "$2"; }

brief=$(( $(ir store_load_vec_brief brief) / N ))
full=$(( $(ir store_load_vec full) / N ))
point=$(( $(ir store_detail detail) / N ))
pass=$(( $(ir store_detail_vec details) / N ))
echo "store_read_cost: $N rows; instructions per row:"
echo "store_read_cost: read for the push (no bridge, circuit-id): $brief"
echo "store_read_cost: read in full: $full"
echo "store_read_cost: then bridge and circuit-id, point lookup: $point; one pass: $pass"
save=$(( $(ir store_save_image save) / N ))
image=$(( $(ir store_load_image image) / N ))
echo "store_read_cost: restore image: written at a clean stop: $save; read: $image ($(sqlite3 -readonly "$out/leases.db" "SELECT length(data) FROM restore_image" 2>/dev/null || echo ?) octets)"
cg_figure store_read_instructions_per_row "$brief" 1000
cg_figure store_image_read_instructions_per_lease "$image" 1000
