#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host test of agent/l2rad.service's sandbox: are the address families its
# RestrictAddressFamilies= allows enough for a Bulk Leasequery restore from
# an IPv4 and an IPv6 server, and for l2rad's own start under Type=notify?
#
# The families are read from the unit itself and enforced the way systemd
# enforces them: socket(2) with any other family fails with EAFNOSUPPORT.
# With systemd as PID 1, `systemd-run -p RestrictAddressFamilies=...` does
# it; elsewhere (a container) tests/sandbox_exec.c installs the equivalent
# seccomp filter.  Under it:
#
#   - l2ractl leasequery asks selftests/blq_responder on 127.0.0.1 and [::1]
#     (port 0) by relay-id: both servers' bindings must come back;
#   - the planted fault: the same with AF_INET6 dropped from the list read;
#     the IPv6 server must fail with EAFNOSUPPORT while the IPv4 one still
#     answers, which shows that the filter bites;
#   - l2rad with a NOTIFY_SOCKET of ours: READY=1 (with or without the l2ra
#     module), WATCHDOG=1 at half of WATCHDOG_USEC, RELOADING=1 and READY=1
#     on SIGHUP, STOPPING=1 and exit 0 on SIGTERM.
#
#   tests/sandbox.sh            (SANDBOX_UNIT=FILE: another unit file)
#
# Loopback only.  Needs gcc, libseccomp-dev, python3 (scripts/deps.sh).
# Prints TAP, the plan first; exits 0 if every check passed, 1 otherwise,
# 4 (with "1..0 # SKIP why") if this machine lacks a capability the test
# needs: seccomp filters, or IPv6 on the loopback.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
UNIT=${SANDBOX_UNIT:-$ROOT/agent/l2rad.service}
L2RACTL=${L2RACTL:-$ROOT/tools/l2ractl/l2ractl}
L2RAD=${L2RAD:-$ROOT/agent/l2rad}
PLAN=14
RELAY=aa:bb:cc

source "$ROOT/tests/tap.sh"
tap_begin l2ra-sandbox
# verdict COND DESCRIPTION [WHY]: one TAP line; COND is an exit status.
verdict() { if [ "$1" = 0 ]; then ok "$2"; else not_ok "$2${3:+: $3}"; fi; }
diag() { sed 's/^/# /'; }
capability_missing()
{
	echo "1..0 # SKIP $*"
	exit 4
}

# --- what runs the command: the helper, or systemd itself
SBX=$dir/sandbox_exec
build_err=$(gcc -std=c11 -O2 -Wall -Wextra -Werror -o "$SBX" \
	"$ROOT/tests/sandbox_exec.c" \
	$(pkg-config --cflags --libs libseccomp 2>/dev/null || echo -lseccomp) \
	2>&1)
build=$?
PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null)

# Capabilities first, so that a skip is decided before the plan is printed.
if [ $build = 0 ]; then
	"$SBX" "$UNIT" -- true 2>"$dir/probe.err"
	[ $? = 4 ] && capability_missing "no seccomp filters here: $(cat "$dir/probe.err")"
fi
if [ -n "$PY" ] &&
   ! "$PY" -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' \
	2>/dev/null; then
	capability_missing "no IPv6 on the loopback"
fi

FAMILIES=$(sed -n 's/^RestrictAddressFamilies=//p' "$UNIT" | tr '\n' ' ')
FAMILIES=${FAMILIES% }
MODE=seccomp
if [ -d /run/systemd/system ] && command -v systemd-run >/dev/null &&
   systemd-run --quiet --wait --pipe --collect true </dev/null 2>/dev/null; then
	MODE=systemd-run
fi

# sandboxed DROP COMMAND [ARG]...: COMMAND under the unit's families less
# DROP (a family name, or "" for none).
sandboxed()
{
	local drop=$1 f fams=""

	shift
	if [ "$MODE" = systemd-run ]; then
		for f in $FAMILIES; do
			[ "$f" = "$drop" ] || fams="$fams $f"
		done
		systemd-run --quiet --wait --pipe --collect \
			-p RestrictAddressFamilies="${fams# }" \
			-p SystemCallArchitectures=native \
			-p NoNewPrivileges=yes -- "$@"
	else
		"$SBX" "$UNIT" ${drop:+--drop "$drop"} -- "$@"
	fi
}

echo "1..$PLAN"
echo "# unit: RestrictAddressFamilies=$FAMILIES; enforced by $MODE"

# 1
if [ $build = 0 ]; then
	ok "sandbox_exec builds with -std=c11 -Wall -Wextra -Werror and libseccomp"
else
	not_ok "sandbox_exec does not build"
	echo "$build_err" | head -5 | diag
	for i in $(seq $((PLAN - 1))); do not_ok "no sandbox_exec"; done
	exit 1
fi

# 2: the helper reads what systemd would (and refuses what it cannot read)
out=$("$SBX" "$UNIT" --print -- true 2>&1)
rc=$?
want="sandbox_exec: allowed:"
for f in $FAMILIES; do
	[ "$f" = AF_LOCAL ] && f=AF_UNIX
	want="$want $f"
done
if [ $rc = 0 ] && [ "$(tr ' ' '\n' <<<"${out#sandbox_exec: allowed: }" | sort)" = \
	"$(tr ' ' '\n' <<<"${want#sandbox_exec: allowed: }" | sort)" ]; then
	ok "the unit's families are read: ${out#sandbox_exec: allowed: }"
else
	not_ok "reading the unit: status $rc, '$out'"
fi

# 3
if ! command -v systemd-analyze >/dev/null; then
	skip "systemd-analyze is not installed: unit not verified"
else
	# The unit names /usr/sbin/l2rad and man:l2rad(8), neither installed
	# here: a copy runs a binary that exists and finds the page in-tree.
	mkdir -p "$dir/unit" "$dir/man/man8"
	cp "$ROOT/agent/l2rad.8" "$dir/man/man8/"
	sed "s#^ExecStart=/usr/sbin/l2rad#ExecStart=$(command -v true)#" \
		"$UNIT" >"$dir/unit/l2rad.service"
	out=$(cd "$dir/unit" && MANPATH=$dir/man \
		systemd-analyze verify ./l2rad.service 2>&1)
	rc=$?
	if [ $rc = 0 ] && [ -z "$out" ]; then
		ok "systemd-analyze verify: no complaint ($(systemd-analyze --version | head -1))"
	else
		not_ok "systemd-analyze verify: status $rc"
		echo "$out" | diag
	fi
fi

# 4: the filter itself, family by family
if [ -z "$PY" ]; then
	not_ok "python3 is needed for the socket probe (scripts/deps.sh installs it)"
else
	out=$(sandboxed "" "$PY" -c '
import errno, socket, sys
bad = []
for name in sys.argv[1:] + ["AF_PACKET"]:
    af = getattr(socket, name)
    kind = socket.SOCK_RAW if name == "AF_NETLINK" else socket.SOCK_DGRAM
    try:
        socket.socket(af, kind).close()
        got = "opens"
    except OSError as e:
        got = errno.errorcode.get(e.errno, str(e.errno))
    want = "EAFNOSUPPORT" if name == "AF_PACKET" else "opens"
    if got != want:
        bad.append("%s %s (want %s)" % (name, got, want))
print("; ".join(bad) or "ok")
' $FAMILIES 2>&1)
	if [ "$out" = ok ]; then
		ok "under the filter: $FAMILIES open, AF_PACKET fails with EAFNOSUPPORT"
	else
		not_ok "socket probe: $out"
	fi
fi

# --- the servers
RESP=$dir/blq_responder
cat >"$dir/bindings" <<BINDINGS
v4 addr=192.0.2.10 mac=02:00:00:00:00:01 lease=3600 cltt=100 circuit-id=br0:eth1:10 relay-id-hex=$RELAY
v4 addr=192.0.2.11 mac=02:00:00:00:00:02 lease=3600 cltt=50 circuit-id=br0:eth2:10 relay-id-hex=$RELAY
v4 addr=192.0.2.99 mac=02:00:00:00:00:09 lease=3600 cltt=50 circuit-id=other relay-id-hex=dd:ee
v6 addr=2001:db8::10 duid=000300010200000000a1 lease=7200 cltt=20 link=2001:db8::1 relay-id-hex=$RELAY
v6 addr=2001:db8::11 duid=000300010200000000a2 lease=7200 cltt=30 link=2001:db8::1 relay-id-hex=$RELAY
BINDINGS
started=1
if out=$(gcc -std=c11 -O2 -Wall -Wextra -Werror -o "$RESP" \
	"$ROOT/selftests/blq_responder.c" 2>&1); then
	# Not sandboxed: only the client is under test.
	"$RESP" -f "$dir/bindings" -4 127.0.0.1:0 -6 '[::1]:0' \
		--ready-file "$dir/ready" >"$dir/resp.out" 2>&1 &
	pids+=($!)
	for i in $(seq 100); do
		[ -s "$dir/ready" ] && break
		sleep 0.05
	done
	P4=$(awk '$2 == "v4" { print $4 }' "$dir/ready" 2>/dev/null)
	P6=$(awk '$2 == "v6" { print $4 }' "$dir/ready" 2>/dev/null)
	[ -n "$P4" ] && [ -n "$P6" ] && started=0
fi
verdict $started "blq_responder on 127.0.0.1:${P4:-?} and [::1]:${P6:-?}" \
	"$(head -3 "$dir/resp.out" 2>/dev/null) $out"

if [ ! -x "$L2RACTL" ]; then
	make -s -C "$ROOT/tools/l2ractl" >"$dir/make.out" 2>&1 ||
		diag <"$dir/make.out"
fi

# query DROP NAME: l2ractl leasequery under the sandbox; status in $rc,
# output in $dir/NAME.out and .err.
query()
{
	sandboxed "$1" "$L2RACTL" leasequery server "127.0.0.1:$P4" \
		server "[::1]:$P6" by relay-id hex "$RELAY" timeout 20 \
		>"$dir/$2.out" 2>"$dir/$2.err"
	rc=$?
}

# got NAME ADDR SERVER: a line of NAME's output has ADDR from SERVER.
got()
{
	awk -v a="$2" -v s="$3" '$1 == a && $(NF - 1) == "server" &&
		$NF == s { f = 1 } END { exit !f }' "$dir/$1.out"
}

if [ $started = 0 ] && [ -x "$L2RACTL" ]; then
	query "" all
	verdict $rc "restore under the unit's families: l2ractl exits 0" \
		"status $rc, $(head -2 "$dir/all.err")"
	got all 192.0.2.10 "127.0.0.1:$P4" && got all 192.0.2.11 "127.0.0.1:$P4" &&
		! grep -q 192.0.2.99 "$dir/all.out"
	verdict $? "the IPv4 server's two bindings came back" \
		"$(cat "$dir/all.out" "$dir/all.err")"
	got all 2001:db8::10 "[::1]:$P6" && got all 2001:db8::11 "[::1]:$P6"
	verdict $? "the IPv6 server's two bindings came back" \
		"$(cat "$dir/all.out" "$dir/all.err")"

	# The planted fault: the unit as it was before AF_INET6.
	query AF_INET6 no6
	[ $rc != 0 ] &&
		grep -q "server \[::1\]:$P6: .*Address family not supported" \
			"$dir/no6.err" &&
		! grep -q '^2001:db8::' "$dir/no6.out"
	verdict $? "planted fault, AF_INET6 dropped: the IPv6 server fails with EAFNOSUPPORT" \
		"status $rc, $(cat "$dir/no6.err")"
	grep "\[::1\]" "$dir/no6.err" | diag
	got no6 192.0.2.10 "127.0.0.1:$P4" && got no6 192.0.2.11 "127.0.0.1:$P4"
	verdict $? "planted fault: the IPv4 server still answers" \
		"$(cat "$dir/no6.out")"
else
	for i in 1 2 3 4 5; do
		not_ok "no restore: the responder or $L2RACTL is missing"
	done
fi

# --- l2rad itself under the filter, talking to a notify socket of ours
if [ ! -x "$L2RAD" ]; then
	make -s -C "$ROOT/agent" l2rad >"$dir/make.out" 2>&1 ||
		diag <"$dir/make.out"
fi
notes=$dir/notify.log
# wait_note ERE SECONDS: a notification matching ERE arrives in time.
wait_note()
{
	local i

	for i in $(seq $(($2 * 20))); do
		grep -Eq "$1" "$notes" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}
if [ -n "$PY" ] && [ -x "$L2RAD" ]; then
	# One line per datagram, its assignments joined by '|'.
	"$PY" -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "w", buffering=1) as f:
    print("listening", file=f)
    while True:
        f.write(s.recv(4096).decode(errors="replace").replace("\n", "|") + "\n")
' "$dir/notify.sock" "$notes" &
	pids+=($!)
	wait_note '^listening$' 5
	mkdir -p "$dir/store"
	# 2 s: the loop must ping every second.  The seccomp filter even in
	# systemd-run mode: a transient unit would get systemd's own socket.
	NOTIFY_SOCKET=$dir/notify.sock WATCHDOG_USEC=2000000 \
		"$SBX" "$UNIT" -- "$L2RAD" --foreground -c /dev/null \
		-s "$dir/store/leases.db" >"$dir/l2rad.log" 2>&1 &
	l2rad=$!
	pids+=($l2rad)
	wait_note '^READY=1' 10
	verdict $? "l2rad under the filter: READY=1 (l2ra module $(
		grep -q 'module not loaded' "$dir/l2rad.log" && echo absent ||
		echo present))" "none in 10 s; $(grep -v '^listening' "$notes" |
		tr '\n' ' ') log: $(head -3 "$dir/l2rad.log" | tr '\n' ' ')"
	before=$(grep -c '^WATCHDOG=1$' "$notes")
	sleep 3.5
	pings=$(($(grep -c '^WATCHDOG=1$' "$notes") - before))
	[ "$pings" -ge 2 ]
	verdict $? "WATCHDOG=1 at half of WATCHDOG_USEC (2 s): $pings in 3.5 s"
	kill -HUP $l2rad
	wait_note '^RELOADING=1\|MONOTONIC_USEC=[0-9]+$' 5 &&
		sed -n '/^RELOADING=1/,$p' "$notes" | grep -q '^READY=1$'
	verdict $? "SIGHUP: RELOADING=1 with MONOTONIC_USEC, then READY=1"
	sleep 0.5
	kill -TERM $l2rad
	for i in $(seq 200); do
		kill -0 $l2rad 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL $l2rad 2>/dev/null && echo "# l2rad still running 20 s after SIGTERM"
	wait $l2rad
	rc=$?
	[ $rc = 0 ] && grep -q '^STOPPING=1$' "$notes" &&
		! grep -qi 'address family' "$dir/l2rad.log"
	verdict $? "SIGTERM: STOPPING=1, exit 0, no socket refused" \
		"status $rc; $(tail -3 "$dir/l2rad.log" | tr '\n' ' ')"
	grep -v '^listening$' "$notes" | sort | uniq -c | diag
else
	for i in 1 2 3 4; do
		not_ok "no l2rad check: python3 or $L2RAD is missing"
	done
fi

if [ $n != $PLAN ]; then
	echo "# $n checks ran, $PLAN planned"
	fail=1
fi
exit $fail
