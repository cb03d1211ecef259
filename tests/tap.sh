# SPDX-License-Identifier: GPL-2.0
#
# tap.sh - what the host test scripts share; sourced, not run.
#
#   tap_begin NAME   a scratch folder $dir (removed at exit, with every
#                    process listed in pids killed first), and the TAP
#                    counters: n checks printed so far, fail=1 after any
#                    "not ok".  Then ok / not_ok / skip print one line each.

tap_begin()
{
	dir=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX") || exit 1
	pids=()
	n=0
	fail=0
	trap tap_cleanup EXIT
}

tap_cleanup()
{
	local p

	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$dir"
}

ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $*"; fail=1; }
skip() { n=$((n + 1)); echo "ok $n - # SKIP $*"; }
