#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The option editor's instructions per message on the host, counted by
# valgrind --tool=callgrind (deterministic): bench/opt_cost.c runs the
# DISCOVER insert and the OFFER strip N times each; the copy of the
# message that precedes each edit is counted alone and subtracted.
# Prints "figure: name=... ratio=INSTRUCTIONS spread=0 target=... pass|miss"
# (lower is better; the ratio here is a count).  Issue 14, P2.
#
# Environment: OPT_N (messages per count, 1000).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/callgrind.sh
source "$HERE/callgrind.sh"
N=${OPT_N:-1000}
make -C "$HERE" --no-print-directory opt_cost >/dev/null
command -v valgrind >/dev/null || { echo "opt_cost: SKIP (no valgrind)"; exit 0; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# ir FUNCTION MODE: instructions callgrind counts inside FUNCTION
ir() { cg_ir "$out/cg" "$1*" "$HERE/opt_cost" "$N" "$2"; }

ins=$(ir insert_n insert)
str=$(ir strip_n strip)
cd_=$(ir copy_n copy-discover)
co=$(ir copy_n copy-offer)
pi=$(( (ins - cd_) / N ))
ps=$(( (str - co) / N ))
echo "opt_cost: $N messages each; insert $ins, strip $str, copies $cd_ and $co instructions"
echo "opt_cost: DISCOVER (300 octets): parse + build option 82 + insert: $pi instructions"
echo "opt_cost: OFFER with option 82 last: parse + split option 82 + strip: $ps instructions"
cg_figure opt_insert_discover_instructions "$pi" 1500
cg_figure opt_strip_reply_instructions "$ps" 1000
