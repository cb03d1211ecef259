# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Instruction counts on the host for the callgrind benches (opt_cost.sh,
# store_read_cost.sh), sourced: valgrind --tool=callgrind is deterministic,
# so a count repeats exactly from run to run.

# cg_ir FILE FUNCTION COMMAND...: the instructions callgrind counts inside
# FUNCTION (a --toggle-collect pattern) while COMMAND runs; FILE is the
# callgrind output, overwritten
cg_ir()
{
	local f=$1 fn=$2

	shift 2
	valgrind --tool=callgrind --callgrind-out-file="$f" \
		--toggle-collect="$fn" -q "$@" >/dev/null
	callgrind_annotate "$f" 2>/dev/null |
		awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }'
}

# cg_figure NAME INSTRUCTIONS TARGET: the figure line (lower is better;
# the ratio here is a count)
cg_figure()
{
	local v=miss

	[ "$(echo "$2 <= $3" | bc -l)" = 1 ] && v=pass
	echo "figure: name=$1 ratio=$2 spread=0 target=$3 $v"
}
