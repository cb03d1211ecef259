# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The forwarding bench (issue 14, P1/P4), sourced by bench/guest.sh: what
# l2ra.ko costs bridged frames that are not DHCP.  Run by make bench in a
# guest booted with one CPU and -icount shift=0, so every guest clock counts
# instructions (10^9 per guest second): a rate measured here is a rate per
# 10^9 guest instructions, and host load does not move it.
#
#        pktgen (netif_receive, 64 octets)
#              |
#   br0:  va --+--> [bridge, l2ra hooks] --> vb ====veth==== vb_p (drops)
#         p1 <====veth====> c1 (netns fn1, 10.9.0.1)  iperf3 client
#         p2 <====veth====> c2 (netns fn2, 10.9.0.2)  iperf3 server
#
# Workloads: pktgen64 (pktgen xmit_mode netif_receive into port va, 64-octet
# UDP frames to port 9, forwarded by a static FDB entry to vb), udp64
# (iperf3 -u -b 0 -l 64, c1 -> c2), udp64busy (the same paced at half the
# rate -b 0 reaches, where nothing is lost, in runs of 4 and 1/2 times
# udp64's datagrams: its rate is datagrams per second of busy CPU, i.e. per
# 10^9 instructions, sender, bridge and receiver together), tcp (iperf3,
# c1 -> c2) and routed64 (pktgen64's frames to br0's address, routed out a
# dummy device: see routed_up).  Each is run
# in FWD_PAIRS alternated pairs (unloaded, loaded; loaded, unloaded; ...)
# after one unrecorded warm-up pair.  "Loaded" is l2ra.ko with the relay on
# for br0 and every port configured (vb, p2 trusted; va, p1 untrusted with
# their circuit-ids).  The figure of a workload is the mean of the pairs'
# ratios loaded / unloaded, with the half-width of its 95 % confidence
# interval as the spread, and the extra instructions per frame (datagram,
# segment) that the ratio means.
#
# Calibration (FWD_CALIB=1): bench/burn's l2ra_burn.ko, a hook that executes
# 2 * loops instructions per frame, must show up in pktgen64 as predicted.
#
# Environment: FWD_PAIRS (10), FWD_SECONDS (guest seconds per run, 0.3: the
# counts are set from a first short run), FWD_WORKLOADS ("pktgen64 routed64
# udp64 udp64busy tcp guard_other guard_port"), FWD_CALIB (1), FWD_PROFILE (workloads to
# profile with perf, none), FWD_GUARD (ip or ip-mac: "loaded" also has
# source guard and ARP inspection on va, with pktgen's source as a static
# binding; issue 15).
#
# guard_other and guard_port (issue 15) compare two loaded states instead:
# pktgen64 with source guard on p1 / on no port (target >= 0.995: a port
# that is not guarded pays nothing), and with va itself guarded, a lease
# binding pktgen's source / on no port (published).

BURN_KO=$ROOT/.build/bench/burn/$KVER/l2ra_burn.ko
PG=/proc/net/pktgen
# pktgen64's destination: known unicast towards vb (bench/guest.sh)
PG_DST_MAC=02:00:00:00:00:bb
PG_DST=192.0.2.2

pg() { echo "$2" >"$PG/$1" || die "pktgen: $1: $2"; }

# pg_setup: pktgen's thread 0 sends 64-octet UDP frames (port 9) on va;
# once, since removing a device from the thread is asynchronous
pg_setup()
{
	pg kpktgend_0 rem_device_all
	sleep 1
	pg kpktgend_0 "add_device va"
	pg va "xmit_mode netif_receive"
	pg va "pkt_size 64"
	pg va "delay 0"
	pg va "burst 1"
	pg va "src_mac 02:00:00:00:00:aa"
	pg va "dst_mac $PG_DST_MAC"
	pg va "src_min 192.0.2.1"
	pg va "src_max 192.0.2.1"
	pg va "dst $PG_DST"
	pg va "udp_src_min 9"
	pg va "udp_src_max 9"
	pg va "udp_dst_min 9"
	pg va "udp_dst_max 9"
}

# pg_run COUNT: inject COUNT frames on va; prints pps.  A signal to the
# writer (a child of the shell ending) cuts pktgen's wait short, and the
# run then reports "Result: Starting" and no rate: it is run again.
pg_run()
{
	local pps=""

	pg va "count $1"
	for _ in 1 2 3; do
		pg pgctrl start
		pps=$(sed -n 's/^ *\([0-9]*\)pps .*/\1/p' "$PG/va")
		[ -n "$pps" ] && [ "$pps" -gt 0 ] && break
	done
	[ "${pps:-0}" -gt 0 ] || die "pktgen: no rate: $(cat "$PG/va")"
	echo "$pps"
}

fwd_topology()
{
	local i

	for i in 1 2; do
		ip netns add "fn$i"
		ip link add "p$i" type veth peer name "c$i" netns "fn$i"
		ip link set "p$i" master br0 up
		ip -n "fn$i" addr add "10.9.0.$i/24" dev "c$i"
		ip -n "fn$i" link set "c$i" up
		ip -n "fn$i" link set lo up
	done
	ip netns exec fn2 iperf3 -s -D -I "$WORK/iperf3.pid" >/dev/null ||
		die "iperf3 server"
	# the first datagrams do not wait for ARP
	ip netns exec fn1 busybox ping -c 2 -W 2 10.9.0.2 >/dev/null || die "no path c1 -> c2"
}

fwd_topology_del()
{
	kill "$(cat "$WORK/iperf3.pid")" 2>/dev/null
	ip netns del fn1
	ip netns del fn2
}

# iperf_run udp|tcp [AMOUNT]: one run c1 -> c2 of IPERF_UDP_N datagrams
# or IPERF_TCP_N octets (iperf3 -t takes whole seconds only); prints the
# rate the receiver got, datagrams or octets per second, and the loss (UDP)
iperf_run()
{
	local args=() out

	if [ "$1" = udp ]; then
		args=(-u -b 0 -l 64 -k "${2:-$IPERF_UDP_N}")
	else
		args=(-n "${2:-$IPERF_TCP_N}")
	fi
	out=$(ip netns exec fn1 iperf3 -c 10.9.0.2 -J "${args[@]}") ||
		die "iperf3 $1: $out"
	if [ "$1" = udp ]; then
		jq -r '"\(.end.sum_received.bytes / 64 / .end.sum_received.seconds) \(.end.sum.lost_percent)"' <<<"$out"
	else
		jq -r '"\(.end.sum_received.bytes / .end.sum_received.seconds) 0"' <<<"$out"
	fi
}

# busy_ns: nanoseconds the CPU has run tasks since boot (/proc/schedstat's
# rq_cpu_time; the idle task is not counted): under icount, instructions
busy_ns()
{
	awk '$1 == "cpu0" { print $8 }' /proc/schedstat
}

# iperf_paced COUNT: one run of COUNT 64-octet datagrams c1 -> c2, paced
# at IPERF_BUSY_BPS; prints its busy nanoseconds and its loss (%)
iperf_paced()
{
	local b0 b1 out

	b0=$(busy_ns)
	out=$(ip netns exec fn1 iperf3 -c 10.9.0.2 -J -u -l 64 \
		-b "$IPERF_BUSY_BPS" -k "$1") || die "iperf3 paced: $out"
	b1=$(busy_ns)
	echo "$((b1 - b0)) $(jq -r .end.sum.lost_percent <<<"$out")"
}

# iperf_busy: datagrams per busy second, from a run of IPERF_BUSY_N
# datagrams and one of an eighth of them: what the longer run costs more
# over the datagrams it has more, so that what any run costs whatever its
# length (iperf3's start, its control connection: about 2 * 10^8
# instructions) drops out; and the larger loss of the two
iperf_busy()
{
	local n=$IPERF_BUSY_N m=$((IPERF_BUSY_N / 8)) bn ln bm lm

	read -r bm lm < <(iperf_paced "$m")
	read -r bn ln < <(iperf_paced "$n")
	[ "${bn:-0}" -gt "${bm:-0}" ] ||
		die "iperf3 paced: $n datagrams cost ${bn:-?} ns, $m ${bm:-?}"
	awk -v n="$n" -v m="$m" -v bn="$bn" -v bm="$bm" -v ln="$ln" -v lm="$lm" \
		'BEGIN { printf "%.1f %s\n", (n - m) / ((bn - bm) / 1e9), (ln > lm ? ln : lm) }'
}

# routed64: pktgen64's frames addressed to br0 itself, as a CPE's LAN
# traffic to its gateway is: the bridge hands them to br0 (PRE_ROUTING,
# then LOCAL_IN, not FORWARD) and IPv4 routes them out rt0, a dummy device
# that drops them.  routed_up puts that in place for the figure's runs and
# points pktgen at br0; routed_down takes both back.
ROUTED_DST=198.51.100.2

routed_up()
{
	ip addr add 192.0.2.254/24 dev br0 || die "routed: br0 address"
	ip link add rt0 type dummy || die "routed: rt0"
	ip link set rt0 up
	ip addr add 198.51.100.1/24 dev rt0 || die "routed: rt0 address"
	sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.br0.rp_filter=0 || die "routed: sysctl"
	pg va "dst_mac $(cat /sys/class/net/br0/address)"
	pg va "dst $ROUTED_DST"
}

routed_down()
{
	pg va "dst_mac $PG_DST_MAC"
	pg va "dst $PG_DST"
	sysctl -qw net.ipv4.ip_forward=0
	ip link del rt0
	ip addr del 192.0.2.254/24 dev br0
}

# routed_run: one pktgen run of routed64; a run whose frames did not all
# leave through rt0 measured something else, and is an error (rt0 sends a
# few of its own, IPv6 neighbour discovery, so more is not)
routed_run()
{
	local t0 pps sent

	t0=$(cat /sys/class/net/rt0/statistics/tx_packets)
	pps=$(pg_run "$PG_COUNT")
	sent=$(($(cat /sys/class/net/rt0/statistics/tx_packets) - t0))
	[ "$sent" -ge "$PG_COUNT" ] ||
		die "routed: $sent of $PG_COUNT frames routed out rt0"
	echo "$pps 0"
}

fwd_load()
{
	load
	"$L2RACTL" bridge set dev br0 relay on >/dev/null || die "bridge set"
	"$L2RACTL" port set dev vb role trusted >/dev/null || die "port set vb"
	"$L2RACTL" port set dev p2 role trusted >/dev/null || die "port set p2"
	"$L2RACTL" port set dev va circuit-id bench-va >/dev/null || die "port set va"
	"$L2RACTL" port set dev p1 circuit-id bench-p1 >/dev/null || die "port set p1"
	# FWD_GUARD: va guarded too; pktgen's source bound, so frames pass
	[ -z "${FWD_GUARD:-}" ] && return
	"$L2RACTL" port set dev va source-guard "$FWD_GUARD" arp-guard on \
		>/dev/null || die "port set va source-guard"
	"$L2RACTL" binding add dev va mac 02:00:00:00:00:aa ip 192.0.2.1 \
		>/dev/null || die "binding add"
}

# fwd_one WORKLOAD: one run; prints its rate (and loss)
fwd_one()
{
	case $1 in
	pktgen64) echo "$(pg_run "$PG_COUNT") 0" ;;
	routed64) routed_run ;;
	udp64) iperf_run udp ;;
	udp64busy) iperf_busy ;;
	tcp) iperf_run tcp ;;
	esac
}

# fwd_stats: reads "unloaded loaded" rate pairs; prints mean ratio, 95 %
# half-width, min, max, mean unloaded and loaded rates
fwd_stats()
{
	awk '{ r = $2 / $1; n++; s += r; ss += r * r; u += $1; l += $2
	       if (n == 1 || r < mn) mn = r; if (n == 1 || r > mx) mx = r }
	     END { m = s / n; v = n > 1 ? (ss - n * m * m) / (n - 1) : 0
		   if (v < 0) v = 0
		   # Student t, 97.5 %: 2.26 for 10 pairs, ~2 beyond 30
		   t = n >= 30 ? 2.04 : n >= 10 ? 2.26 : n >= 5 ? 2.78 : 4.30
		   printf "%.5f %.5f %.5f %.5f %.1f %.1f\n", m, t * sqrt(v / n), mn, mx, u / n, l / n }'
}

# fwd_figure NAME WORKLOAD TARGET UNIT_PER_FRAME [BASE TEST BLABEL TLABEL]:
# the alternated pairs, BASE (default unload, "unloaded") against TEST
# (fwd_load, "loaded"), each a function that puts the guest in that state.
# TARGET "-": the ratio is published, not judged.
fwd_figure()
{
	local name=$1 w=$2 target=$3 octets=$4 pairs=${FWD_PAIRS:-10} i u l uloss lloss
	local base=${5:-unload} test=${6:-fwd_load} bl=${7:-unloaded} tl=${8:-loaded}
	local m hw mn mx ur lr extra verdict=miss pairs_out=""

	for ((i = -1; i < pairs; i++)); do
		if ((i % 2 == 0)); then
			$base; read -r u uloss < <(fwd_one "$w")
			$test; read -r l lloss < <(fwd_one "$w")
		else
			$test; read -r l lloss < <(fwd_one "$w")
			$base; read -r u uloss < <(fwd_one "$w")
		fi
		# a run that died (in its process substitution) left no rate
		if [ -z "$u" ] || [ -z "$l" ]; then
			die "fwd: $w: a run gave no rate"
		fi
		# the first pair warms caches, the ARP and the FDB: not recorded
		((i < 0)) && continue
		pairs_out+="$u $l"$'\n'
		say "fwd: $w pair $i: $bl $u /s (loss $uloss %), $tl $l /s (loss $lloss %)"
	done
	unload
	read -r m hw mn mx ur lr < <(printf '%s' "$pairs_out" | fwd_stats)
	# instructions per frame: 10^9 guest instructions per guest second
	say "fwd: $w: $pairs pairs: $bl $ur /s, $tl $lr /s; ratio $m +- $hw (min $mn, max $mx)"
	extra=$(calc "1000000000 * $octets * ($ur - $lr) / ($ur * $lr)")
	say "fwd: $w: $(calc "1000000000 * $octets / $ur") guest ns (instructions) per frame $bl, $extra more $tl"
	# what l2ra adds to a frame it only lets pass, for tcp_frames; not
	# with FWD_GUARD, where pktgen's port is guarded and TCP's are not
	[ "$name" = fwd_pktgen64 ] && [ -z "${FWD_GUARD:-}" ] &&
		FWD_PG_EXTRA=$extra
	if [ "$target" = - ]; then
		say "figure: name=$name ratio=$m spread=$hw target=none published"
		return
	fi
	# pass only if the whole interval is: a ratio the pairs cannot tell
	# from the target (tcp) is not a pass
	[ "$(echo "$m - $hw >= $target" | bc -l)" = 1 ] && verdict=pass
	say "figure: name=$name ratio=$m spread=$hw target=>=$target $verdict"
}

# rx_packets DEV: frames the bridge has taken in on its port DEV
rx_packets()
{
	cat "/sys/class/net/$1/statistics/rx_packets"
}

# tcp_frames: what the tcp figure cannot resolve, from what it is made of.
# TCP over veth goes through the bridge in GSO frames of up to 64 KiB, and
# the hooks run once per frame, not per segment: one loaded run counts the
# frames the bridge takes in (data on p1, ACKs on p2) and prices them at
# pktgen64's extra instructions per frame (FWD_PG_EXTRA, a frame l2ra only
# lets pass), against the run's own instructions.
tcp_frames()
{
	local d0 a0 d a rate extra=${FWD_PG_EXTRA:-}

	[ -n "$extra" ] || { say "fwd: tcp frames: SKIP (no pktgen64 figure without FWD_GUARD in this run)"; return; }
	fwd_load
	d0=$(rx_packets p1)
	a0=$(rx_packets p2)
	read -r rate _ < <(iperf_run tcp)
	d=$(($(rx_packets p1) - d0))
	a=$(($(rx_packets p2) - a0))
	unload
	say "fwd: tcp frames: a loaded run of $IPERF_TCP_N octets: $d frames in from the sender ($(calc "$IPERF_TCP_N / $d") octets each), $a from the receiver; at $extra instructions per frame (pktgen64) l2ra adds $(calc "($d + $a) * $extra") of the run's $(calc "1000000000 * $IPERF_TCP_N / $rate") instructions: predicted ratio $(printf '%.5f' "$(echo "scale=9; 1 - ($d + $a) * $extra * $rate / (1000000000 * $IPERF_TCP_N)" | bc -l)")"
}

# Source guard (issue 15): the guard runs in l2ra's bridge PRE_ROUTING
# hook, for ports whose bit is set in the namespace's guard mask; before
# that it was a netdev ingress hook on guarded ports.  fwd_guard_none is l2ra loaded as fwd_load leaves it, no
# port guarded; fwd_guard_p1 guards p1 (ip-mac, ARP inspection), which
# pktgen's frames on va never cross; fwd_guard_va guards va itself, with a
# lease binding pktgen's source (192.0.2.1, 02:00:00:00:00:aa) there, so
# that every frame is looked up and passes.
fwd_guard_none()
{
	fwd_load
	tc qdisc del dev p1 clsact 2>/dev/null
	"$L2RACTL" port set dev p1 source-guard off arp-guard off >/dev/null || die "port set p1"
	"$L2RACTL" port set dev va source-guard off arp-guard off >/dev/null || die "port set va"
}

fwd_guard_p1()
{
	fwd_guard_none
	"$L2RACTL" port set dev p1 source-guard ip-mac arp-guard on >/dev/null ||
		die "port set p1 source-guard"
}

# The control: a tc clsact qdisc on p1, no guard.  Like any ingress hook
# (the guard was one) it turns on the kernel's global ingress_needed_key, so
# every device's receive path takes its ingress branch.
fwd_clsact_p1()
{
	fwd_guard_none
	tc qdisc add dev p1 clsact || die "tc qdisc add dev p1 clsact"
}

fwd_guard_va()
{
	fwd_guard_none
	"$L2RACTL" lease add mac 02:00:00:00:00:aa addr 192.0.2.1 expires 86400 \
		dev va >/dev/null || die "lease add for pktgen's source"
	"$L2RACTL" port set dev va source-guard ip-mac arp-guard on >/dev/null ||
		die "port set va source-guard"
}

# fwd_calib: pktgen64 with no hook, with l2ra_burn loops=0 (the bare hook
# point), loops=500 and 1000, and loops=0 at two hook points: the extra
# guest nanoseconds per frame (instructions, if one is one) must grow by
# 2 * loops
fwd_calib()
{
	local pairs=${FWD_PAIRS:-10} r="" i k v c=() args
	local -a cf=("" "loops=0" "loops=500" "loops=1000" "loops=0 points=2")

	[ -f "$BURN_KO" ] || { say "calib: SKIP (no $BURN_KO)"; return; }
	for ((i = -1; i < pairs / 2; i++)); do
		v=""
		for args in "${cf[@]}"; do
			# shellcheck disable=SC2086
			[ -z "$args" ] || insmod "$BURN_KO" $args || die "insmod l2ra_burn $args"
			v+="$(pg_run "$PG_COUNT") "
			[ -z "$args" ] || rmmod l2ra_burn
		done
		((i < 0)) || r+="$v"$'\n'
	done
	read -ra c < <(printf '%s' "$r" | awk '
		{ for (k = 1; k <= NF; k++) s[k] += 1e9 / $k; n++ }
		END { for (k = 1; k <= NF; k++) printf "%.1f ", s[k] / n; print "" }')
	say "calib: pktgen64 guest ns per frame: no hook ${c[0]}; empty hook at PRE_ROUTING ${c[1]} (+$(calc "${c[1]} - ${c[0]}")); at PRE_ROUTING and FORWARD ${c[4]} (+$(calc "${c[4]} - ${c[0]}"))"
	for k in 2 3; do
		v=$((k == 2 ? 1000 : 2000))
		say "calib: hook burning $v instructions: ${c[$k]} ns, +$(calc "${c[$k]} - ${c[1]}") over the empty hook: $(calc "(${c[$k]} - ${c[1]}) / $v") ns per instruction"
	done
}

# fwd_profile WORKLOAD: perf record (cpu-clock, which counts instructions
# under icount: one sample per FWD_PERIOD, 100000) of one unloaded and one
# loaded run; prints each run's top symbols with instructions per frame
# (datagram, octet for tcp): samples * period / frames
fwd_profile()
{
	local w=$1 state rate frames f period=${FWD_PERIOD:-100000} pp

	command -v perf >/dev/null || { say "profile: SKIP (no perf)"; return; }
	cp /proc/kallsyms "${L2RA_RESULTS:-$WORK}/kallsyms" 2>/dev/null
	# Under TCG a sample's interrupt looks slow to perf, which would lower
	# the sample rate to almost nothing: no such throttling here.
	echo 0 >/proc/sys/kernel/perf_cpu_time_max_percent
	for state in unloaded loaded; do
		if [ "$state" = loaded ]; then fwd_load; else unload; fi
		f=$WORK/perf.$w.$state
		perf record -q -a -e cpu-clock -c "$period" -m 4096 -o "$f" \
			2>/dev/null &
		pp=$!
		# perf takes a while to start (it reads kallsyms): the run
		# must not be over before it samples
		sleep 3
		read -r rate _ < <(fwd_one "$w")
		kill -INT "$pp"
		wait "$pp"
		case $w in
		pktgen64) frames=$PG_COUNT ;;
		udp64) frames=$IPERF_UDP_N ;;
		udp64busy) frames=$IPERF_BUSY_N ;;
		tcp) frames=$IPERF_TCP_N ;;
		esac
		say "profile: $w $state: $rate /s; instructions per frame by symbol (all CPUs, the whole run):"
		perf report -i "$f" --stdio -q --sort sym -F sample,sym 2>&1 |
			awk -v p="$period" -v n="$frames" '$1 ~ /^[0-9]+$/ {
				s = $1; $1 = ""
				printf "profile: %9.1f %s\n", s * p / n, $0 }' | head -n 40
		# for perf report on the host: perf report -i FILE --kallsyms FILE
		cp "$f" "${L2RA_RESULTS:-$WORK}/perf.$w.$state.data" 2>/dev/null
	done
	unload
}

bench_fwd()
{
	local pps udp secs=${FWD_SECONDS:-0.3}

	modprobe pktgen || { say "fwd: SKIP (no pktgen)"; return; }
	command -v iperf3 >/dev/null || say "fwd: no iperf3: only pktgen64"
	unload
	fwd_topology
	pg_setup
	[ -x "$ROOT/bench/icount_probe" ] &&
		say "calib: icount_probe: $("$ROOT/bench/icount_probe" 100000000)"
	# runs of about FWD_SECONDS guest seconds (10^9 instructions each)
	pps=$(pg_run 20000)
	PG_COUNT=$(calc "$pps * $secs" | cut -d. -f1)
	[ "$PG_COUNT" -ge 20000 ] || PG_COUNT=20000
	udp=$(iperf_run udp 5000 | cut -d' ' -f1)
	IPERF_UDP_N=$(calc "$udp * $secs" | cut -d. -f1)
	# paced at half that rate (no loss), four times the datagrams (eight:
	# a spread of 0.39 % in 10 pairs, but make bench past 20 minutes)
	IPERF_BUSY_BPS=$(calc "$udp / 2 * 64 * 8" | cut -d. -f1)
	IPERF_BUSY_N=$((IPERF_UDP_N * 4))
	IPERF_TCP_N=$(calc "$(iperf_run tcp 8M | cut -d' ' -f1) * $secs" | cut -d. -f1)
	say "fwd: per run: pktgen64 $PG_COUNT frames, udp64 $IPERF_UDP_N datagrams, tcp $IPERF_TCP_N octets (~$secs s each); udp64busy $IPERF_BUSY_N and $((IPERF_BUSY_N / 8)) datagrams at $IPERF_BUSY_BPS bit/s; ${FWD_PAIRS:-10} pairs after a warm-up pair"
	[ "${FWD_CALIB:-1}" = 1 ] && fwd_calib
	for w in ${FWD_PROFILE:-}; do fwd_profile "$w"; done
	for w in ${FWD_WORKLOADS:-pktgen64 routed64 udp64 udp64busy tcp guard_other guard_port}; do
		case $w in
		pktgen64) fwd_figure fwd_pktgen64 pktgen64 0.995 1 ;;
		# not bridged but routed by br0: published, the issue sets no goal
		routed64) routed_up; fwd_figure fwd_pktgen64_routed routed64 - 1; routed_down ;;
		udp64) command -v iperf3 >/dev/null && fwd_figure fwd_iperf3_udp64 udp64 0.995 1 ;;
		# the same cost per busy second, paced: no loss, no scheduler
		udp64busy) command -v iperf3 >/dev/null && fwd_figure fwd_iperf3_udp64_busy udp64busy 0.995 1 ;;
		# per 1448-octet segment (the MSS over veth's 1500 MTU)
		tcp) command -v iperf3 >/dev/null && fwd_figure fwd_iperf3_tcp tcp 0.999 1448 && tcp_frames ;;
		# pktgen64 with l2ra loaded: a guarded port beside va / none
		guard_other) fwd_figure fwd_pktgen64_guard_other_port pktgen64 0.995 1 \
			fwd_guard_none fwd_guard_p1 "no-guard" "p1-guarded" ;;
		# the same with no guard but a tc clsact qdisc on p1 (control)
		clsact_other) fwd_figure fwd_pktgen64_clsact_other_port pktgen64 - 1 \
			fwd_guard_none fwd_clsact_p1 "no-guard" "p1-clsact" ;;
		# ... and va itself guarded (one lookup per frame) / none
		guard_port) fwd_figure fwd_pktgen64_guarded_port pktgen64 - 1 \
			fwd_guard_none fwd_guard_va "no-guard" "va-guarded" ;;
		esac
	done
	fwd_topology_del
}
