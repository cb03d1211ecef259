# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The DHCP-path bench (issue 14, P2 and P3), sourced by bench/guest.sh:
# what l2ra costs each DHCP message it edits, next to the bare bridge and
# to ISC dhcrelay, the user-space relay it replaces.  Run in the guest of
# make bench (one CPU, -icount shift=0): bench/dhcp_gen's time per message
# is an instruction count.
#
#   netns dgen           netns ddut (br0)             netns dsrv
#   gB ==veth== p0 --[bridge, l2ra]-- p1 ==veth== uB
#   gG ============================================ uG   (no carrier: gen)
#   gR ==veth== r0 [netns drel: dhcrelay -a] r1 ==veth== uR
#
# dhcp_gen sends DHCP_N messages in bursts of 16 and waits after each
# burst until all of it has come out at the far end, so no carrier is
# overrun and the CPU never idles while a message is on its way.  The
# generator's own cost (its sends, the veth, the receiving packet socket)
# is measured on the direct pair gG-uG and subtracted from every carrier:
#
#   insert   DISCOVERs from 256 clients, gB -> uB: l2ra (relay on, option
#            82 added) / bare bridge (module not loaded); target 1.10
#   strip    DHCPACKs carrying l2ra's option 82, uB -> gB: l2ra (option
#            stripped, reply steered, lease learned) / bare bridge (the
#            same ACKs without option 82, flooded); target 1.10
#   dhcrelay l2ra's insert / dhcrelay -a's (DISCOVERs gR -> uR): target
#            1 / 7.5 = 0.133 (l2ra at least 7.5 times cheaper)
#   strip_1M the strip with 1,000,000 other leases in the table / with
#            none (P3: the reply path's lookup does not grow with the
#            table); target 1.05
#   wrap6    DHCPv6 SOLICITs from the same clients, gB -> uB: l2ra (wrapped
#            in a Relay-Forward, RFC 6221) / bare bridge; published
#   unwrap6  Relay-Replies for them carrying REPLYs, uB -> gB, as ISC
#            dhcpd -6 sends them (unicast to the client): l2ra (unwrapped,
#            steered, binding learned) / bare bridge (passed as they are);
#            published
#
# Each carrier is measured DHCP_ROUNDS times, alternated; the spread is
# the largest difference between rounds.  dhcrelay comes from Debian's
# isc-dhcp-relay, used as an unpacked binary (bench/run.sh) so that no
# relay service is installed on the host.
#
# Environment: DHCP_N (20000), DHCP_ROUNDS (2), DHCP_LEASES (1000000),
# DHCRELAY (the binary), DHCP_PROFILE (1: after the figures, where the
# instructions of each l2ra and bare-bridge carrier go, by symbol),
# DHCP_AB ("A.ko B.ko ...": BENCH=dhcpab compares two or more builds of
# the module within one boot, loaded in turn for DHCP_ROUNDS rounds:
# between boots the absolute figures move by up to 3 %).

DHCP_GEN=$ROOT/bench/dhcp_gen

dp_topology()
{
	local ns

	for ns in dgen ddut dsrv drel; do
		ip netns add "$ns" || die "netns $ns"
		ip -n "$ns" link set lo up
	done
	ip -n ddut link add br0 type bridge
	ip -n dgen link add gB type veth peer name p0 netns ddut
	ip -n dsrv link add uB type veth peer name p1 netns ddut
	ip -n dgen link add gG type veth peer name uG netns dsrv
	ip -n dgen link add gR type veth peer name r0 netns drel
	ip -n dsrv link add uR type veth peer name r1 netns drel
	ip -n ddut link set p0 master br0
	ip -n ddut link set p1 master br0
	ip -n drel addr add 10.0.0.1/24 dev r0
	ip -n drel addr add 10.1.0.1/24 dev r1
	ip -n dsrv addr add 10.1.0.2/24 dev uR
	ip netns exec drel sysctl -qw net.ipv4.ip_forward=1
	for d in br0 p0 p1; do ip -n ddut link set "$d" up; done
	for d in gB gG gR; do ip -n dgen link set "$d" up; done
	for d in uB uG uR; do ip -n dsrv link set "$d" up; done
	for d in r0 r1; do ip -n drel link set "$d" up; done
}

dp_teardown()
{
	local ns

	for ns in dgen ddut dsrv drel; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
}

# dp_l2ra: load l2ra and make br0 a relay bridge, p1 its uplink; p0 with
# no rate limit and no lease limit (the bench is the load)
dp_l2ra()
{
	load
	ip netns exec ddut "$L2RACTL" port set dev p1 role trusted ||
		die "port set p1"
	ip netns exec ddut "$L2RACTL" port set dev p0 rate 0 lease-max 0 ||
		die "port set p0"
	ip netns exec ddut "$L2RACTL" config set lease-max 2000000 ||
		die "config set"
	ip netns exec ddut "$L2RACTL" bridge set dev br0 relay on ||
		die "bridge set"
}

# dp_shown MODE KEY WHAT: what l2ra adds to a MODE message from gB, as
# dhcp_gen shows it (KEY=hex), for the replies that carry it back; fails
# (WHAT, on stderr) when it adds none
dp_shown()
{
	local hex

	hex=$(DHCP_GEN_SHOW=1 "$DHCP_GEN" "$1" dgen gB dsrv uB 64 |
		sed -n "s/^$2=//p")
	[ -n "$hex" ] || die "$3"
	echo "$hex"
}

# the option 82 of a DISCOVER, the Interface-ID option of a SOLICIT
dp_opt82() { dp_shown discover opt82 "l2ra added no option 82"; }
dp_ifid() { dp_shown solicit ifid "l2ra wrapped no SOLICIT in a Relay-Forward"; }

# dp_run VAR MODE TX_NS TX_IF RX_NS RX_IF: one dhcp_gen run, its
# nanoseconds per message in VAR; dies when a message is lost
dp_run()
{
	local out

	# DP_WRAP: a command to run dhcp_gen under (perf record ... --)
	# shellcheck disable=SC2086
	out=$(DHCP_GEN_OPT82=${DP_OPT82:-} DHCP_GEN_IFID=${DP_IFID:-} \
		${DP_WRAP:-} "$DHCP_GEN" "$2" "$3" \
		"$4" "$5" "$6" "$DHCP_N") ||
		die "dhcp_gen $*: $out"
	say "dhcp: $2 $4->$6: $out"
	case $out in
	*" lost=0 "*) ;;
	*)	grep -q '^l2ra ' /proc/modules &&
			ip netns exec ddut "$L2RACTL" stats >&2
		die "dhcp_gen $2 $4->$6 lost messages: $out" ;;
	esac
	printf -v "$1" '%s' "${out##*ns_per_msg=}"
}

# dp_figure NAME TARGET GEN A... -- B...: (A - GEN) / (B - GEN) of the
# rounds' means, spread the largest difference between rounds' ratios;
# TARGET "-": published, not judged
dp_figure()
{
	local name=$1 target=$2 gen=$3 a=() b=() r min="" max="" sa=0 sb=0 i

	shift 3
	while [ "$1" != -- ]; do a+=("$1"); shift; done
	shift
	b=("$@")
	for i in "${!a[@]}"; do
		r=$(calc "(${a[$i]} - $gen) / (${b[$i]} - $gen)")
		[ -z "$min" ] || [ "$(echo "$r < $min" | bc)" = 1 ] && min=$r
		[ -z "$max" ] || [ "$(echo "$r > $max" | bc)" = 1 ] && max=$r
		sa=$((sa + a[i])) sb=$((sb + b[i]))
	done
	r=$(calc "($sa / ${#a[@]} - $gen) / ($sb / ${#b[@]} - $gen)")
	say "dhcp: $name: $(calc "$sa / ${#a[@]} - $gen") / $(calc "$sb / ${#b[@]} - $gen") instructions per message"
	local verdict=miss

	if [ "$target" = - ]; then
		say "figure: name=dhcp_$name ratio=$r spread=$(calc "$max - $min") target=none published"
		return
	fi
	[ "$(echo "$r <= $target" | bc -l)" = 1 ] && verdict=pass
	say "figure: name=dhcp_$name ratio=$r spread=$(calc "$max - $min") target=$target $verdict"
}

# dp_profile: perf record (cpu-clock, an instruction count under icount:
# one sample per 10,000) around dhcp_gen, for the insert and the strip,
# bare bridge and l2ra; prints each run's top symbols in instructions per
# message (samples * period / messages; perf's own samples left out)
dp_profile()
{
	local period=10000 f v what ns

	command -v perf >/dev/null || { say "dhcp: profile: SKIP (no perf)"; return; }
	# Under TCG a sample's interrupt looks slow to perf, which would lower
	# the sample rate to almost nothing: no such throttling here.
	echo 0 >/proc/sys/kernel/perf_cpu_time_max_percent
	for what in bare l2ra; do
		unload
		[ "$what" = bare ] || dp_l2ra
		for v in discover ack solicit relay-reply; do
			f=$WORK/perf.dhcp.$what.$v
			DP_WRAP="perf record -q -a -e cpu-clock -c $period -o $f --"
			case $v in
			discover|solicit)
				DP_WRAP=$DP_WRAP dp_run ns "$v" dgen gB dsrv uB ;;
			ack)
				DP_WRAP=$DP_WRAP DP_OPT82=$([ "$what" = l2ra ] &&
					echo "$DP_PROF_OPT82") \
					dp_run ns ack dsrv uB dgen gB ;;
			*)
				DP_WRAP=$DP_WRAP DP_IFID=$DP_PROF_IFID \
					dp_run ns "$v" dsrv uB dgen gB ;;
			esac
			say "dhcp: profile: $what $v ($ns per message under perf): instructions per message by symbol (self):"
			perf report -i "$f" --no-children --stdio -q --sort comm,sym \
				-F sample,comm,sym -g none 2>&1 |
				awk '$1 ~ /^[0-9]+$/ && $2 != "perf"' | sort -rn |
				head -n 40 |
				awk -v p="$period" -v n="$DHCP_N" '{
					s = $1; $1 = ""
					printf "dhcp: profile: %8.1f %s\n", s * p / n, $0 }'
			cp "$f" "${L2RA_RESULTS:-$WORK}/perf.dhcp.$what.$v.data" \
				2>/dev/null
		done
	done
	cp /proc/kallsyms "${L2RA_RESULTS:-$WORK}/kallsyms" 2>/dev/null
	unload
}

bench_dhcp()
{
	local ins_b=() ins_l=() str_b=() str_l=() str_f=() str_e=()
	local rel=() gen_d=() gen_a=() w6_b=() w6_l=() u6_b=() u6_l=()
	local gen_s=() gen_r=() g0 g1 g2 g3 v opt82 ifid
	local dhcrelay=${DHCRELAY:-dhcrelay}

	DHCP_N=${DHCP_N:-20000}
	command -v "$dhcrelay" >/dev/null || die "no dhcrelay ($dhcrelay)"
	unload
	dp_topology
	# dhcrelay -a: option 82 with circuit-id "r0", to the server uR
	ip netns exec drel "$dhcrelay" -4 -d -q -a -id r0 -iu r1 10.1.0.2 \
		>"$WORK/dhcrelay.log" 2>&1 &
	sleep 2
	# warm-up and what l2ra's option 82 is: one short run of each
	dp_l2ra
	opt82=$(dp_opt82) || exit 1
	say "dhcp: l2ra's option 82: $opt82"
	ifid=$(dp_ifid) || exit 1
	say "dhcp: l2ra's Interface-ID option: $ifid"
	DHCP_GEN_SHOW=1 "$DHCP_GEN" discover dgen gR dsrv uR 64 |
		grep -q '^opt82=52' || die "dhcrelay added no option 82"
	unload

	for _ in $(seq "${DHCP_ROUNDS:-2}"); do
		dp_run g0 discover dgen gG dsrv uG
		dp_run g1 ack dsrv uG dgen gG
		dp_run v discover dgen gB dsrv uB; ins_b+=("$v")
		dp_run v ack dsrv uB dgen gB; str_b+=("$v")
		dp_l2ra
		dp_run v discover dgen gB dsrv uB; ins_l+=("$v")
		DP_OPT82=$opt82 dp_run v ack dsrv uB dgen gB; str_l+=("$v")
		unload
		dp_run v discover dgen gR dsrv uR; rel+=("$v")
		gen_d+=("$g0") gen_a+=("$g1")
		# DHCPv6: the generator alone, the bare bridge, l2ra
		dp_run g2 solicit dgen gG dsrv uG; gen_s+=("$g2")
		DP_IFID=$ifid dp_run g3 relay-reply dsrv uG dgen gG
		gen_r+=("$g3")
		dp_run v solicit dgen gB dsrv uB; w6_b+=("$v")
		DP_IFID=$ifid dp_run v relay-reply dsrv uB dgen gB; u6_b+=("$v")
		dp_l2ra
		dp_run v solicit dgen gB dsrv uB; w6_l+=("$v")
		DP_IFID=$ifid dp_run v relay-reply dsrv uB dgen gB; u6_l+=("$v")
		unload
	done
	# the table with DHCP_LEASES other leases: measured after, once
	# per round as well, alternated with an empty table
	for _ in $(seq "${DHCP_ROUNDS:-2}"); do
		dp_l2ra
		ip netns exec ddut "$LEASE_BENCH" add "${DHCP_LEASES:-1000000}" \
			p0 >/dev/null || die "lease_bench add"
		DP_OPT82=$opt82 dp_run v ack dsrv uB dgen gB; str_f+=("$v")
		unload
		dp_l2ra
		DP_OPT82=$opt82 dp_run v ack dsrv uB dgen gB; str_e+=("$v")
		unload
	done
	g0=$(calc "($(IFS=+; echo "${gen_d[*]}")) / ${#gen_d[@]}")
	g1=$(calc "($(IFS=+; echo "${gen_a[*]}")) / ${#gen_a[@]}")
	say "dhcp: generator alone: discover $g0, ack $g1 ns (instructions) per message"
	dp_figure insert 1.10 "$g0" "${ins_l[@]}" -- "${ins_b[@]}"
	dp_figure strip 1.10 "$g1" "${str_l[@]}" -- "${str_b[@]}"
	dp_figure vs_dhcrelay 0.133 "$g0" "${ins_l[@]}" -- "${rel[@]}"
	dp_figure strip_1M 1.05 "$g1" "${str_f[@]}" -- "${str_e[@]}"
	g2=$(calc "($(IFS=+; echo "${gen_s[*]}")) / ${#gen_s[@]}")
	g3=$(calc "($(IFS=+; echo "${gen_r[*]}")) / ${#gen_r[@]}")
	say "dhcp: generator alone: solicit $g2, relay-reply $g3 ns (instructions) per message"
	dp_figure wrap6 - "$g2" "${w6_l[@]}" -- "${w6_b[@]}"
	dp_figure unwrap6 - "$g3" "${u6_l[@]}" -- "${u6_b[@]}"
	[ "${DHCP_PROFILE:-0}" = 0 ] ||
		DP_PROF_OPT82=$opt82 DP_PROF_IFID=$ifid dp_profile
	dp_teardown
}

# BENCH=dhcpab: DHCP_AB's builds (two or more), insert, strip, wrap6 and
# unwrap6, alternated
bench_dhcpab()
{
	local ko v g0 g1 g2 g3 r opt82 ifid n=${DHCP_ROUNDS:-3} kos=()
	local -A sum

	read -r -a kos <<<"${DHCP_AB:-}"
	[ "${#kos[@]}" -ge 2 ] ||
		die "DHCP_AB: two or more modules, not '${DHCP_AB:-}'"
	for ko in "${kos[@]}"; do
		[ -r "$ko" ] || die "DHCP_AB: cannot read $ko"
	done
	DHCP_N=${DHCP_N:-20000}
	unload
	dp_topology
	dp_l2ra
	opt82=$(dp_opt82) || exit 1
	ifid=$(dp_ifid) || exit 1
	unload
	dp_run g0 discover dgen gG dsrv uG
	dp_run g1 ack dsrv uG dgen gG
	dp_run g2 solicit dgen gG dsrv uG
	DP_IFID=$ifid dp_run g3 relay-reply dsrv uG dgen gG
	for r in $(seq "$n"); do
		for ko in "${kos[@]}"; do
			KO=$ko dp_l2ra
			dp_run v discover dgen gB dsrv uB
			sum[$ko.d]=$(( ${sum[$ko.d]:-0} + v ))
			say "dhcpab: round $r $ko discover $v"
			DP_OPT82=$opt82 dp_run v ack dsrv uB dgen gB
			sum[$ko.a]=$(( ${sum[$ko.a]:-0} + v ))
			say "dhcpab: round $r $ko ack $v"
			dp_run v solicit dgen gB dsrv uB
			sum[$ko.s]=$(( ${sum[$ko.s]:-0} + v ))
			DP_IFID=$ifid dp_run v relay-reply dsrv uB dgen gB
			sum[$ko.r]=$(( ${sum[$ko.r]:-0} + v ))
			unload
		done
	done
	say "dhcpab: generator: discover $g0, ack $g1, solicit $g2, relay-reply $g3"
	for ko in "${kos[@]}"; do
		say "dhcpab: $ko: insert $(calc "${sum[$ko.d]} / $n - $g0"), strip $(calc "${sum[$ko.a]} / $n - $g1"), wrap6 $(calc "${sum[$ko.s]} / $n - $g2"), unwrap6 $(calc "${sum[$ko.r]} / $n - $g3") instructions per message beyond the generator"
	done
	dp_teardown
}
