#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers for the l2ra selftests: namespaces, bridge, veth ports,
# real DHCP servers and clients, captures, and the check/report functions.
# Sourced by each test; tests run as root inside the QEMU guest
# (tools/vm/vm-run.sh), which exports L2RA_ROOT and KVER.
#
# Style after tools/testing/selftests/net/forwarding/lib.sh: a test is a
# list of functions in ALL_TESTS; each ends with log_test, which prints one
# "TEST: ... [ OK ]" or "[FAIL]" line; the script exits with the kselftest
# status (0 pass, 1 fail, 4 skip).

ksft_pass=0
ksft_fail=1
ksft_skip=4

L2RA_ROOT=${L2RA_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
KVER=${KVER:-$(uname -r)}
L2RA_KO=${L2RA_KO:-$L2RA_ROOT/.build/kmod/$KVER/l2ra.ko}
L2RACTL=${L2RACTL:-$L2RA_ROOT/tools/l2ractl/l2ractl}
# Where captures and logs go: the run's results folder when in the guest.
L2RA_RESULTS=${L2RA_RESULTS:-/tmp}
TEST_NAME=$(basename "$0" .sh)
WORK=$(mktemp -d "/tmp/$TEST_NAME.XXXXXX")

EXIT_STATUS=0
RET=0
NAMESPACES=()
PIDS=()

# --- reporting --------------------------------------------------------

# check_err STATUS MSG: record a failure of the current test if STATUS != 0
check_err()
{
	local err=$1 msg=$2

	if [ "$RET" -eq 0 ] && [ "$err" -ne 0 ]; then
		RET=$err
		retmsg=$msg
	fi
}

# check_fail STATUS MSG: record a failure if STATUS == 0
check_fail()
{
	local err=$1 msg=$2

	if [ "$RET" -eq 0 ] && [ "$err" -eq 0 ]; then
		RET=1
		retmsg=$msg
	fi
}

# log_test DESCRIPTION: report the current test and reset RET
log_test()
{
	local desc=$1

	if [ "$RET" -ne 0 ]; then
		EXIT_STATUS=$ksft_fail
		printf "TEST: %-60s  [FAIL]\n" "$desc"
		[ -n "${retmsg:-}" ] && printf "\t%s\n" "$retmsg"
	else
		printf "TEST: %-60s  [ OK ]\n" "$desc"
	fi
	RET=0
	retmsg=
}

log_skip()
{
	printf "TEST: %-60s  [SKIP]\n" "$1"
}

# skip_all REASON: the whole test cannot run here because the machine lacks
# a capability (a command, a kernel feature), which REASON names.  Never for
# a failure of the test's own setup: that is fail_all.
skip_all()
{
	echo "SKIP: $TEST_NAME: $1"
	exit $ksft_skip
}

# fail_all REASON: the test's own setup failed (the module, l2ractl, a
# server that did not start): one failed check, and the script fails
fail_all()
{
	EXIT_STATUS=$ksft_fail
	printf "TEST: %-60s  [FAIL]\n" "setup: $1"
	exit $ksft_fail
}

require_cmd()
{
	local c

	for c in "$@"; do
		command -v "$c" >/dev/null || skip_all "$c not installed"
	done
}

run_all()
{
	local t

	for t in $ALL_TESTS; do
		"$t"
	done
	exit $EXIT_STATUS
}

# --- module -------------------------------------------------------------

l2ra_load()
{
	local m

	for m in bridge veth 8021q; do
		modprobe "$m" 2>/dev/null || true	# or built in
	done
	[ -f "$L2RA_KO" ] || fail_all "no module built for $KVER: $L2RA_KO"
	grep -q '^l2ra ' /proc/modules || insmod "$L2RA_KO" ||
		fail_all "insmod $L2RA_KO failed"
}

l2ra_unload()
{
	! grep -q '^l2ra ' /proc/modules || rmmod l2ra
}

# l2ractl NS ARGS...: the configuration tool, in a namespace
l2ractl()
{
	local ns=$1

	shift
	ip netns exec "$ns" "$L2RACTL" "$@"
}

# stat NS NAME [DEV]: one counter (namespace total, or a port's)
stat()
{
	local ns=$1 name=$2 dev=${3:-}

	l2ractl "$ns" -j stats ${dev:+dev "$dev"} |
		sed -n "s/.*\"$name\": *\([0-9]*\).*/\1/p"
}

# stats_snap NS VAR: every namespace counter of NS into associative array
# VAR (declare -A VAR first), to compare two snapshots
stats_snap()
{
	local -n _s=$2
	local k v

	_s=()
	while read -r k v; do
		[ -n "$k" ] && _s["$k"]=$v
	done < <(l2ractl "$1" -j stats | tr -d '{}" \n' | tr ',' '\n' | tr ':' ' ')
}

# deltas BEFORE AFTER: " name+N" for every counter that changed between two
# stats_snap snapshots, or " none"
deltas()
{
	local -n _b=$1 _a=$2
	local c out=

	for c in "${!_a[@]}"; do
		[ "${_a[$c]}" != "${_b[$c]:-0}" ] &&
			out+=" $c+$(( ${_a[$c]} - ${_b[$c]:-0} ))"
	done
	echo "${out:- none}"
}

# --- topology -----------------------------------------------------------

# ns_create NAME...: fresh namespaces with lo up, removed by cleanup
ns_create()
{
	local ns

	for ns in "$@"; do
		ip netns del "$ns" 2>/dev/null || true
		ip netns add "$ns"
		ip -n "$ns" link set lo up
		NAMESPACES+=("$ns")
	done
}

# br_create NS BRIDGE [ip link options...]
br_create()
{
	local ns=$1 br=$2

	shift 2
	ip -n "$ns" link add "$br" type bridge "$@"
	ip -n "$ns" link set "$br" up
}

# port_add NS_BR BRIDGE PORT NS_HOST HOST_IF: a veth pair, one end a bridge
# port named PORT, the other HOST_IF in the host namespace NS_HOST
port_add()
{
	local nsb=$1 br=$2 port=$3 nsh=$4 hif=$5

	ip link add "$hif" netns "$nsh" type veth peer name "$port" netns "$nsb"
	ip -n "$nsb" link set "$port" master "$br" up
	ip -n "$nsh" link set "$hif" up
}

# star_topology N: namespaces srv, sw and c1..cN; in sw the bridge br0 with
# the uplink vsrv (its peer srv0 in srv) and the subscriber ports
# vcl1..vclN (peer cK in namespace cK).  Fills MAC[K] (declare -A MAC
# first) with client K's MAC address.
star_topology()
{
	local n

	ns_create srv sw $(seq -f 'c%g' "$1")
	br_create sw br0
	port_add sw br0 vsrv srv srv0
	for ((n = 1; n <= $1; n++)); do
		port_add sw br0 "vcl$n" "c$n" "c$n"
		MAC[$n]=$(mac_of "c$n" "c$n")
	done
}

# csum_offload NS IFNAME tx|rx on|off: the device's transmit or receive
# checksum offload (ETHTOOL_S{TX,RX}CSUM through SIOCETHTOOL, read back
# with ETHTOOL_G{TX,RX}CSUM: ethtool itself is not needed)
csum_offload()
{
	ip netns exec "$1" python3 - "$2" "$3" "$4" <<-'EOF'
		import ctypes, fcntl, socket, struct, sys
		ifname, way, on = sys.argv[1], sys.argv[2], sys.argv[3] == 'on'
		get, set_ = (0x16, 0x17) if way == 'tx' else (0x14, 0x15)
		s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
		def ethtool(cmd, val):
		    ev = ctypes.create_string_buffer(struct.pack('II', cmd, val), 8)
		    fcntl.ioctl(s.fileno(), 0x8946, struct.pack('16sP', ifname.encode(), ctypes.addressof(ev)))
		    return struct.unpack('II', ev.raw)[1]
		ethtool(set_, on)
		sys.exit(0 if ethtool(get, 0) == on else 1)
	EOF
}

# tx_csum NS IFNAME on|off
tx_csum()
{
	csum_offload "$1" "$2" tx "$3"
}

# sw_csum NS IFNAME...: each IFNAME computes its transmit checksums in
# software, so that a capture shows the ones on the wire (the relay leaves
# the checksum of what it edits to the port it leaves by); the whole
# script fails if one cannot
sw_csum()
{
	local ns=$1 dev

	shift
	for dev in "$@"; do
		tx_csum "$ns" "$dev" off ||
			fail_all "$dev: tx checksum offload stays on"
	done
}

# --- processes ----------------------------------------------------------

# bg CMD...: start CMD in the background, killed by cleanup
bg()
{
	"$@" &
	PIDS+=($!)
}

# wait_for TIMEOUT_S CMD...: poll CMD until it succeeds
wait_for()
{
	local t=$1 i

	shift
	for ((i = 0; i < t * 10; i++)); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

udp_listening()	# udp_listening NS PORT
{
	ip netns exec "$1" ss -Hlun "sport = :$2" | grep -q .
}

# lease_field NS MAC FIELD [VID]: one field of the kernel's lease of MAC
# (in VLAN VID if given), as `l2ractl -j lease show` names it; empty if
# there is none
lease_field()
{
	l2ractl "$1" -j lease show mac "$2" ${4:+vlan "$4"} 2>/dev/null |
		jq -r ".[0].$3 // empty" 2>/dev/null
}

# dhcpd6_start NS NAME IF...: ISC dhcpd -6 in NS, configured by
# $WORK/NAME.conf, serving IF...; its leases, pid and log in $WORK/NAME.*.
# Fails unless it listens on port 547 within 10 s.
dhcpd6_start()
{
	local ns=$1 name=$2

	shift 2
	: >"$WORK/$name.leases"
	bg ip netns exec "$ns" dhcpd -6 -f -d -cf "$WORK/$name.conf" \
		-lf "$WORK/$name.leases" -pf "$WORK/$name.pid" "$@" \
		>"$WORK/$name.log" 2>&1
	wait_for 10 udp_listening "$ns" 547
}

# dhclient6_script addr|file: writes $WORK/dhclient6.script, the hook of
# dhclient -6 (-sf): the IA_NA address put on the interface (addr) or
# written to $WORK/addr-IF (file); the IA_PD prefix to $WORK/prefix-IF
dhclient6_script()
{
	local take

	case $1 in
	addr)	take='ip -6 addr replace "$new_ip6_address/128" dev "$interface" nodad' ;;
	file)	take="echo \"\$new_ip6_address\" >\"$WORK/addr-\$interface\"" ;;
	*)	return 1 ;;
	esac
	cat >"$WORK/dhclient6.script" <<-EOF
		#!/bin/sh
		case "\$reason" in
		PREINIT6) ip link set "\$interface" up ;;
		BOUND6|RENEW6|REBIND6)
			[ -n "\$new_ip6_address" ] &&
				$take
			[ -n "\$new_ip6_prefix" ] &&
				echo "\$new_ip6_prefix" >"$WORK/prefix-\$interface"
			;;
		esac
		exit 0
	EOF
	chmod +x "$WORK/dhclient6.script"
}

# clients_see_no_relay_messages [SHIFT]: DHCPv6 clients never see a relay
# message.  For each N of $CLIENTS, the messages of capture cN as the
# script's dhcp6 prints them (fields: SHIFT of its own, then source,
# destination, source port, destination port, type) hold no Relay-Forward
# or Relay-Reply, and at least one ADVERTISE and one REPLY to ${LL[N]}
# from port 547 to 546.
clients_see_no_relay_messages()
{
	local o=${1:-0} n k adv rep

	for n in $CLIENTS; do
		k=$(dhcp6 "c$n" | awk -v o="$o" '$(5 + o) ~ /^1[23]/' | wc -l)
		[ "$k" -eq 0 ]
		check_err $? "c$n: $k Relay-Forward/Relay-Reply on the client's link"
		adv=$(dhcp6 "c$n" | awk -v o="$o" -v d="${LL[$n]}" \
			'$(2 + o) == d && $(3 + o) == 547 && $(4 + o) == 546 && $(5 + o) == 2' | wc -l)
		rep=$(dhcp6 "c$n" | awk -v o="$o" -v d="${LL[$n]}" \
			'$(2 + o) == d && $(3 + o) == 547 && $(4 + o) == 546 && $(5 + o) == 7' | wc -l)
		[ "$adv" -ge 1 ] && [ "$rep" -ge 1 ]
		check_err $? "c$n: $adv ADVERTISE, $rep REPLY to ${LL[$n]} port 546"
	done
	log_test "clients get ADVERTISE/REPLY 547 -> 546, never relay messages"
}

# dnsmasq_start NS IF RANGE_START RANGE_END [extra options...]
dnsmasq_start()
{
	local ns=$1 ifc=$2 lo=$3 hi=$4

	shift 4
	bg ip netns exec "$ns" dnsmasq --keep-in-foreground --port=0 \
		--no-resolv --no-hosts --interface="$ifc" --bind-interfaces \
		--dhcp-authoritative --no-ping --log-dhcp \
		--dhcp-range="$lo,$hi,255.255.255.0,${LEASE_TIME:-1h}" \
		--dhcp-leasefile="$WORK/dnsmasq-$ns.leases" \
		--pid-file="$WORK/dnsmasq-$ns.pid" \
		--log-facility="$WORK/dnsmasq-$ns.log" "$@"
	wait_for 10 udp_listening "$ns" 67
}

# dhcpd_start NS IF SUBNET RANGE_START RANGE_END: ISC dhcpd
dhcpd_start()
{
	local ns=$1 ifc=$2 net=$3 lo=$4 hi=$5

	cat >"$WORK/dhcpd-$ns.conf" <<-EOF
		authoritative;
		default-lease-time ${LEASE_SECS:-3600};
		max-lease-time ${LEASE_SECS:-3600};
		ddns-update-style none;
		subnet $net netmask 255.255.255.0 { range $lo $hi; }
	EOF
	: >"$WORK/dhcpd-$ns.leases"
	bg ip netns exec "$ns" dhcpd -f -4 -q -cf "$WORK/dhcpd-$ns.conf" \
		-lf "$WORK/dhcpd-$ns.leases" -pf "$WORK/dhcpd-$ns.pid" "$ifc"
	wait_for 10 udp_listening "$ns" 67
}

# udhcpc_run NS IF [options...]: one busybox udhcpc exchange, address
# configured by selftests/udhcpc.script; fails without a lease
udhcpc_run()
{
	local ns=$1 ifc=$2

	shift 2
	ip netns exec "$ns" busybox udhcpc -i "$ifc" -f -q -n -t 4 -T 2 \
		-s "$L2RA_ROOT/selftests/udhcpc.script" "$@" >>"$WORK/udhcpc-$ns.log" 2>&1
}

# dhclient_run NS IF: one ISC dhclient exchange
dhclient_run()
{
	local ns=$1 ifc=$2

	ip netns exec "$ns" timeout 30 dhclient -1 -4 -v \
		-sf "$L2RA_ROOT/selftests/dhclient.script" \
		-lf "$WORK/dhclient-$ns.leases" -pf "$WORK/dhclient-$ns.pid" \
		"$ifc" >>"$WORK/dhclient-$ns.log" 2>&1
}

# addr_of NS IF: the IPv4 address on IF, empty if none
addr_of()
{
	ip -n "$1" -4 -o addr show dev "$2" | awk '{ split($4, a, "/"); print a[1]; exit }'
}

# --- captures -----------------------------------------------------------

# capture_start NS IF NAME [FILTER]: tcpdump of DHCP (or FILTER) on IF into
# $WORK/NAME.pcap.  --immediate-mode: with TPACKET_V3 tcpdump otherwise reads
# the ring only when a block times out, and packets of the last second are
# lost when capture_stop_all kills it ("N received by filter", 0 captured).
capture_start()
{
	local ns=$1 ifc=$2 name=$3 filter=${4:-'udp port 67 or udp port 68'}

	ip netns exec "$ns" tcpdump --immediate-mode -Z root -U -n -s 0 -i "$ifc" \
		-w "$WORK/$name.pcap" "$filter" >"$WORK/$name.tcpdump.log" 2>&1 &
	CAPTURES+=("$!:$name")
	wait_for 5 grep -q listening "$WORK/$name.tcpdump.log"
}

# capture_stop_all: stop the captures, flush them, keep a copy in results
capture_stop_all()
{
	local c

	sleep 0.3
	for c in "${CAPTURES[@]}"; do
		kill "${c%%:*}" 2>/dev/null || true
		wait "${c%%:*}" 2>/dev/null || true
		cp "$WORK/${c#*:}.pcap" "$L2RA_RESULTS/$TEST_NAME-${c#*:}.pcap" 2>/dev/null || true
	done
	CAPTURES=()
}
CAPTURES=()

# pcap_text NAME: the capture decoded verbosely (tcpdump decodes option 82)
pcap_text()
{
	tcpdump -n -vv -r "$WORK/$1.pcap" 2>/dev/null
}

# pcap_count NAME [tcpdump filter]: packets in the capture
pcap_count()
{
	local name=$1

	shift
	tcpdump -n -r "$WORK/$name.pcap" "$@" 2>/dev/null | wc -l
}

# pcap_dhcp NAME: one line per DHCPv4 packet of the capture, decoded from the
# raw octets (tcpdump -vv shows a binary remote-id as vis(3) text, so exact
# ids are compared in hex here):
#   op=1|2 type=N xid=HEX chaddr=MAC src=MAC dst=MAC vid=N|- n82=COUNT
#   cid=HEX rid=HEX relay=HEX o82=HEX
#   yiaddr=A.B.C.D lt=SECONDS|- ts=EPOCH
# type is option 53 (1 DISCOVER, 2 OFFER, 3 REQUEST, 5 ACK, 6 NAK); n82 the
# number of options 82; cid, rid and relay are sub-options 1, 2 and 12 of
# the first option 82 and o82 its whole value ("-" when absent); lt is
# option 51 and ts the capture time in whole seconds.
pcap_dhcp()
{
	tcpdump -tt -n -xx -r "$WORK/$1.pcap" 2>/dev/null | awk '
	function hx(s,   i, v) {
		v = 0
		for (i = 1; i <= length(s); i++)
			v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return v
	}
	function b(o) { return substr(h, o * 2 + 1, 2) }
	function n(o) { return hx(b(o)) }
	function hs(o, l,   i, r) {
		r = ""
		for (i = 0; i < l; i++)
			r = r (i ? ":" : "") b(o + i)
		return l ? r : "\"\""
	}
	function ip4(o) { return n(o) "." n(o + 1) "." n(o + 2) "." n(o + 3) }
	function flush(   off, et, vid, bo, o, e, c, l, cnt, mt, cid, rid, rel, o82, so, se, lt) {
		if (h == "")
			return
		vid = "-"; off = 12; et = b(12) b(13)
		if (et == "8100" || et == "88a8") {
			vid = (n(14) % 16) * 256 + n(15); et = b(16) b(17); off = 16
		}
		off += 2
		if (et != "0800" || n(off + 9) != 17) { h = ""; return }
		bo = off + (n(off) % 16) * 4 + 8
		mt = "-"; cnt = 0; cid = "-"; rid = "-"; rel = "-"; o82 = "-"; lt = "-"
		e = length(h) / 2
		for (o = bo + 240; o < e; o += 2 + l) {
			c = n(o); l = 0
			if (c == 0) { o--; continue }
			if (c == 255) break
			l = n(o + 1)
			if (c == 53) mt = n(o + 2)
			if (c == 51 && l == 4)
				lt = ((n(o + 2) * 256 + n(o + 3)) * 256 + n(o + 4)) * 256 + n(o + 5)
			if (c != 82 || cnt++)
				continue
			o82 = hs(o + 2, l)
			for (so = o + 2; so < o + 2 + l; so += 2 + n(so + 1)) {
				se = n(so + 1)
				if (n(so) == 1 && cid == "-") cid = hs(so + 2, se)
				if (n(so) == 2 && rid == "-") rid = hs(so + 2, se)
				if (n(so) == 12 && rel == "-") rel = hs(so + 2, se)
			}
		}
		printf "op=%d type=%s xid=%s chaddr=%s src=%s dst=%s vid=%s n82=%d cid=%s rid=%s relay=%s o82=%s yiaddr=%s lt=%s ts=%d\n",
			n(bo), mt, b(bo + 4) b(bo + 5) b(bo + 6) b(bo + 7), hs(bo + 28, 6),
			hs(6, 6), hs(0, 6), vid, cnt, cid, rid, rel, o82, ip4(bo + 16), lt, ts
		h = ""
	}
	/^\t0x/ { sub(/^\t0x[0-9a-f]+: +/, ""); gsub(/ /, ""); h = h $0; next }
	{ flush(); ts = int($1) }
	END { flush() }'
}

# blq_bindings NAME: what a DHCP server that keeps option 82 (Kea's
# store-extended-info) knows after the exchanges in capture NAME (taken at
# the server): one blq_responder bindings line per client, from its last
# DHCPACK: address, MAC, the option 82 it echoed, the lease time left and
# the seconds since that ACK.
blq_bindings()
{
	pcap_dhcp "$1" | awk -v now="$(date +%s)" '
	function kv(k,   i) {
		for (i = 1; i <= NF; i++)
			if (index($i, k "=") == 1)
				return substr($i, length(k) + 2)
		return "-"
	}
	function hexid(k, name,   v) { v = kv(k); gsub(/:/, "", v); return v == "-" ? "" : " " name "=" v }
	kv("op") == 2 && kv("type") == 5 && kv("lt") != "-" {
		ago = now - kv("ts"); left = kv("lt") - ago
		last[kv("chaddr")] = sprintf("v4 addr=%s mac=%s lease=%d cltt=%d%s%s%s",
			kv("yiaddr"), kv("chaddr"), left > 0 ? left : 0, ago,
			hexid("cid", "circuit-id-hex"), hexid("rid", "remote-id-hex"),
			hexid("relay", "relay-id-hex"))
	}
	END { for (m in last) print last[m] }' | sort
}

# dhcp_count NAME TOKEN...: the packets of capture NAME (as pcap_dhcp
# prints them, decoded once per capture) that have every TOKEN ("op=2",
# "chaddr=MAC") and none of the TOKENs written "!key=value"
dhcp_count()
{
	local name=$1

	shift
	[ "$WORK/$name.dhcp" -nt "$WORK/$name.pcap" ] ||
		pcap_dhcp "$name" >"$WORK/$name.dhcp"
	awk -v toks="$*" '
	BEGIN { n = split(toks, t, " ") }
	{
		for (i = 1; i <= n; i++) {
			neg = substr(t[i], 1, 1) == "!"
			has = index(" " $0 " ", " " (neg ? substr(t[i], 2) : t[i]) " ") > 0
			if (has == neg)
				next
		}
		c++
	}
	END { print c + 0 }' "$WORK/$name.dhcp"
}

# hexstr TEXT: TEXT as colon-separated hex octets, as pcap_dhcp prints ids
hexstr()
{
	printf %s "$1" | od -An -tx1 -v | tr -s ' \n' '::' | sed 's/^://; s/:$//'
}

# mac_of NS IF: the MAC address of IF
mac_of()
{
	ip -n "$1" link show dev "$2" | awk '/link\/ether/ { print $2; exit }'
}

# udhcpd_start NS IF RANGE_START RANGE_END: busybox udhcpd (does not echo
# option 82), no ARP probe of the offered address
udhcpd_start()
{
	local ns=$1 ifc=$2 lo=$3 hi=$4

	cat >"$WORK/udhcpd-$ns.conf" <<-EOF
		interface $ifc
		start $lo
		end $hi
		lease_file $WORK/udhcpd-$ns.leases
		pidfile $WORK/udhcpd-$ns.pid
		option subnet 255.255.255.0
		option lease ${LEASE_SECS:-3600}
	EOF
	: >"$WORK/udhcpd-$ns.leases"
	bg ip netns exec "$ns" busybox udhcpd -f -a 0 "$WORK/udhcpd-$ns.conf" \
		>"$WORK/udhcpd-$ns.log" 2>&1
	wait_for 10 udp_listening "$ns" 67
}

# --- cleanup ------------------------------------------------------------

cleanup()
{
	local p ns

	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	for p in "${PIDS[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	capture_stop_all
	for ns in "${NAMESPACES[@]}"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
		ip netns del "$ns" 2>/dev/null || true
	done
	# Keep the servers' and clients' logs of a failed test for a human.
	if [ "$EXIT_STATUS" -ne 0 ] && [ -d "$L2RA_RESULTS" ]; then
		cp -r "$WORK" "$L2RA_RESULTS/$TEST_NAME.work" 2>/dev/null || true
	fi
	rm -rf "$WORK"
	# CI has a time budget: say what each script spends of it.
	echo "# $TEST_NAME: ${SECONDS} s"
}
trap cleanup EXIT
