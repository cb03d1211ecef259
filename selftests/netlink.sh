#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The generic netlink family "l2ra": raw requests out of policy (nl_policy,
# each case one TEST line), permissions in user namespaces, and per-network-
# namespace configuration.
#
#   +-- nl-a -----------------------------+   +-- nl-b ------------------+
#   |  br0 -- vp0 (peer vp0p)             |   |  br0 -- vp0 (peer vp0p)  |
#   |     \-- vp1 (peer vp1p)    lo       |   |                          |
#   |  nl_policy; unshare --user (no      |   |  configured separately   |
#   |  CAP_NET_ADMIN over nl-a's netns)   |   |                          |
#   +-------------------------------------+   +--------------------------+
#   +-- unshare --user --map-root-user --net, as user nobody ------------+
#   |  br0 -- vp0: its own namespace, configured by its own root          |
#   +---------------------------------------------------------------------+
ALL_TESTS="
	policy_cases
	userns_cannot_configure
	userns_reads
	leases_need_cap_net_admin
	userns_config_unchanged
	own_netns_configurable
	netns_invisible
	netns_independent
	port_moved_to_other_netns
	netns_deleted_with_config
	entries_follow_devices
	dump_many_ports
"
source "$(dirname "$0")/lib.sh"
require_cmd unshare setpriv

NL_POLICY=$L2RA_ROOT/selftests/nl_policy

setup()
{
	local ns

	l2ra_load
	[ -x "$NL_POLICY" ] || fail_all "$NL_POLICY not built (make selftests)"
	ns_create nl-a nl-b
	for ns in nl-a nl-b; do
		br_create "$ns" br0
		ip -n "$ns" link add vp0 type veth peer name vp0p
		ip -n "$ns" link set vp0 master br0 up
		ip -n "$ns" link set vp0p up
	done
	ip -n nl-a link add vp1 type veth peer name vp1p
	ip -n nl-a link set vp1 master br0 up
	ip -n nl-a link set vp1p up
}

policy_cases()
{
	local line status desc n=0

	ip netns exec nl-a "$NL_POLICY" -b br0 -p vp0 -q vp1 -x lo \
		>"$WORK/nl_policy.log" 2>&1
	status=$?
	while IFS= read -r line; do
		case $line in
		"ok "*" # SKIP "*)
			desc=${line#ok * - }
			n=$((n + 1))
			log_skip "nl_policy: ${desc%% # SKIP*} (${desc#* # SKIP })"
			;;
		"ok "*)
			desc=${line#ok * - }
			n=$((n + 1))
			log_test "nl_policy: $desc"
			;;
		"not ok "*)
			desc=${line#not ok * - }
			n=$((n + 1))
			check_err 1 "$desc"
			log_test "nl_policy: ${desc%%: got errno*}"
			;;
		"#"*)
			;;
		*)
			echo "$line"
			;;
		esac
	done <"$WORK/nl_policy.log"
	# A crash or setup error of nl_policy itself is a failure too.
	[ "$status" -le 1 ] && [ "$n" -gt 0 ] &&
		grep -qx "1\.\.$n" "$WORK/nl_policy.log"
	check_err $? "nl_policy exited $status after $n cases (plan: $(grep '^1\.\.' "$WORK/nl_policy.log"))"
	log_test "nl_policy: ran to completion ($n cases)"
}

# in_userns CMD...: CMD in nl-a, in a new user namespace where it is root
# with every capability, but none over nl-a (owned by the initial one)
in_userns()
{
	ip netns exec nl-a unshare --user --map-root-user -- "$@"
}

# eperm DESC L2RACTL-ARGS...: l2ractl in the user namespace must fail with
# the kernel's EPERM, as l2ractl reports it.  unshare's own failure
# ("unshare: unshare failed: Operation not permitted") must not pass: the
# user namespace prints a marker before l2ractl runs, and the error must be
# the one line l2ractl prints for EPERM.
eperm()
{
	local desc=$1 out rc

	shift
	out=$(in_userns sh -c 'echo "in-userns uid $(id -u)"; exec "$@"' sh \
		"$L2RACTL" "$@" 2>&1)
	rc=$?
	[ "$rc" -eq 1 ] && [ "$(head -n 1 <<<"$out")" = "in-userns uid 0" ] &&
		[ "$(sed -n '2,$p' <<<"$out")" = \
		  "Error: Operation not permitted (CAP_NET_ADMIN needed)" ]
	check_err $? "$desc: status $rc, '$out'"
}

userns_cannot_configure()
{
	local out

	# nl_policy leaves entries behind: start from vp0 configured only.
	l2ractl nl-a port del dev vp1 >/dev/null 2>&1
	l2ractl nl-a bridge set dev br0 relay on &&
		l2ractl nl-a port set dev vp0 role trusted circuit-id "uns-a"
	check_err $? "cannot configure nl-a as root"
	# Prove the namespace is the one wanted: it does have every capability.
	out=$(in_userns grep CapEff /proc/self/status)
	echo "in the user namespace: $out"
	eperm "port set" port set dev vp0 role untrusted
	eperm "port set (new entry)" port set dev vp1 opt82 keep
	eperm "port del" port del dev vp0
	eperm "bridge set" bridge set dev br0 relay off
	eperm "bridge del" bridge del dev br0
	in_userns "$NL_POLICY" -m perm -b br0 -p vp0 >"$WORK/nl_perm.log" 2>&1
	check_err $? "nl_policy -m perm: $(grep -v '^#' "$WORK/nl_perm.log" | grep -v '^ok' | head -c 400)"
	sed -n 's/^/\t/; /^\t\(not \)\?ok /p' "$WORK/nl_perm.log"
	log_test "userns without CAP_NET_ADMIN over the netns: set/del give EPERM"
}

userns_reads()
{
	local out

	out=$(in_userns "$L2RACTL" port show 2>&1)
	check_err $? "port show failed: $out"
	grep -q '^vp0 .*role trusted.*"uns-a"' <<<"$out"
	check_err $? "port show in the user namespace: '$out'"
	out=$(in_userns "$L2RACTL" bridge show 2>&1)
	check_err $? "bridge show failed: $out"
	grep -q '^br0 relay on' <<<"$out"
	check_err $? "bridge show in the user namespace: '$out'"
	out=$(in_userns "$L2RACTL" stats 2>&1)
	check_err $? "stats failed: $out"
	log_test "userns without CAP_NET_ADMIN: port show, bridge show, stats work"
}

# Lease data (every subscriber's MAC, address and port, and the live
# events) is for CAP_NET_ADMIN over the namespace: an unprivileged user of
# nl-a and root of a user namespace without it get EPERM from LEASE_GET
# (do and dump) and from joining the "leases" group.
leases_need_cap_net_admin()
{
	local out rc pub

	pub=$WORK/pub-lease
	mkdir -p "$pub"
	chmod 755 "$WORK" "$pub"
	cp "$L2RACTL" "$pub/l2ractl"
	chmod 755 "$pub/l2ractl"
	out=$(l2ractl nl-a lease show 2>&1)
	check_err $? "root cannot dump the leases: $out"
	eperm "lease show (dump)" lease show
	eperm "lease get" lease show mac 02:00:00:00:00:01
	out=$(in_userns timeout 5 "$L2RACTL" monitor 2>&1)
	rc=$?
	[ "$rc" -eq 1 ] && grep -q 'cannot join multicast group "leases": Operation not permitted' <<<"$out"
	check_err $? "userns monitor: status $rc, '$out'"
	out=$(ip netns exec nl-a setpriv --reuid=65534 --regid=65534 \
		--clear-groups -- "$pub/l2ractl" lease show 2>&1)
	rc=$?
	[ "$rc" -eq 1 ] && [ "$out" = "Error: Operation not permitted (CAP_NET_ADMIN needed)" ]
	check_err $? "nobody: lease show: status $rc, '$out'"
	out=$(ip netns exec nl-a setpriv --reuid=65534 --regid=65534 \
		--clear-groups -- timeout 5 "$pub/l2ractl" monitor 2>&1)
	rc=$?
	[ "$rc" -eq 1 ] && grep -q 'Operation not permitted' <<<"$out"
	check_err $? "nobody: monitor: status $rc, '$out'"
	log_test "leases: get, dump and events need CAP_NET_ADMIN (EPERM)"
}

userns_config_unchanged()
{
	local out

	out=$(l2ractl nl-a port show dev vp0)
	grep -q 'role trusted.*"uns-a"' <<<"$out"
	check_err $? "vp0 changed: '$out'"
	out=$(l2ractl nl-a port show dev vp1 2>&1)
	check_fail $? "vp1 got an entry: '$out'"
	out=$(l2ractl nl-a bridge show dev br0)
	grep -q '^br0 relay on' <<<"$out"
	check_err $? "br0 changed: '$out'"
	log_test "userns: the refused requests changed nothing"
}

own_netns_configurable()
{
	local out rc why pub script

	# The unprivileged user needs to reach the tool: a world-readable copy.
	pub=$WORK/pub
	mkdir -p "$pub"
	chmod 755 "$WORK" "$pub"
	cp "$L2RACTL" "$pub/l2ractl"
	chmod 755 "$pub/l2ractl"
	# shellcheck disable=SC2016 # expanded by the inner bash
	script='
		set -e
		ip link set lo up
		ip link add br0 type bridge || exit 10
		ip link add vp0 type veth peer name vp0p || exit 11
		ip link set vp0 master br0
		ip link set br0 up
		L=$1
		$L bridge set dev br0 relay on remote-id "uns-remote"
		$L port set dev vp0 role trusted circuit-id "uns-own"
		$L port show
		$L bridge show
		$L port del dev vp0
		$L bridge del dev br0
		echo "config done"
	'
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups -- \
		unshare --user --map-root-user --net -- \
		bash -c "$script" sh "$pub/l2ractl" 2>&1)
	rc=$?
	case $rc in
	0)
		;;
	10|11)
		log_skip "userns-owned netns: cannot create a bridge/veth there: $out"
		return
		;;
	*)
		if grep -q "unshare" <<<"$out"; then
			why="unshare as nobody failed: $out (kernel.unprivileged_userns_clone=$(sysctl -n kernel.unprivileged_userns_clone 2>/dev/null), user.max_user_namespaces=$(sysctl -n user.max_user_namespaces 2>/dev/null))"
			log_skip "userns-owned netns: $why"
			return
		fi
		;;
	esac
	printf '\t%s\n' "${out//$'\n'/$'\n\t'}"
	[ "$rc" -eq 0 ]
	check_err $? "status $rc"
	grep -q '^vp0 .*role trusted.*"uns-own"' <<<"$out"
	check_err $? "port show lacks vp0's entry"
	grep -q '^br0 relay on remote-id "uns-remote"' <<<"$out"
	check_err $? "bridge show lacks br0"
	grep -q "config done" <<<"$out"
	check_err $? "did not get through"
	log_test "netns of an unprivileged user's userns: its root configures it"
}

netns_invisible()
{
	local out ia ib

	l2ractl nl-a bridge set dev br0 relay on
	l2ractl nl-a port set dev vp0 role trusted circuit-id "iso"
	ia=$(ip -n nl-a -o link show dev br0 | cut -d: -f1)
	ib=$(ip -n nl-b -o link show dev br0 | cut -d: -f1)
	echo "br0 is ifindex $ia in nl-a, $ib in nl-b"
	out=$(l2ractl nl-b bridge show)
	[ -z "$out" ]
	check_err $? "nl-b bridge show: '$out'"
	out=$(l2ractl nl-b port show)
	[ -z "$out" ]
	check_err $? "nl-b port show: '$out'"
	out=$(l2ractl nl-b -j port show)
	[ "$out" = "[]" ]
	check_err $? "nl-b -j port show: '$out'"
	out=$(l2ractl nl-b bridge show dev br0 2>&1)
	check_fail $? "nl-b bridge show dev br0 succeeded: '$out'"
	out=$(l2ractl nl-b port show dev vp0 2>&1)
	check_fail $? "nl-b port show dev vp0 succeeded: '$out'"
	out=$(l2ractl nl-b stats dev vp0 2>&1)
	check_fail $? "nl-b stats dev vp0 succeeded: '$out'"
	log_test "netns: nl-a's configuration is invisible in nl-b"
}

netns_independent()
{
	local out

	l2ractl nl-b bridge set dev br0 relay on remote-id "b-remote" &&
		l2ractl nl-b port set dev vp0 circuit-id "iso" opt82 keep
	check_err $? "cannot configure nl-b with the same names and circuit-id"
	out=$(l2ractl nl-a port show dev vp0)
	grep -q 'role trusted circuit-id "iso" opt82 drop' <<<"$out"
	check_err $? "nl-a's vp0 changed: '$out'"
	out=$(l2ractl nl-a bridge show dev br0)
	grep -q 'remote-id "b-remote"' <<<"$out"
	check_fail $? "nl-a's br0 took nl-b's remote-id: '$out'"
	l2ractl nl-b bridge del dev br0 && l2ractl nl-b port del dev vp0
	check_err $? "cannot remove nl-b's configuration"
	out=$(l2ractl nl-a bridge show dev br0 2>&1)
	grep -q '^br0 relay on' <<<"$out"
	check_err $? "deleting in nl-b removed nl-a's bridge: '$out'"
	out=$(l2ractl nl-a port show dev vp0 2>&1)
	check_err $? "deleting in nl-b removed nl-a's port: '$out'"
	log_test "netns: same names, same circuit-id, separate configurations"
}

port_moved_to_other_netns()
{
	local out

	l2ractl nl-a port set dev vp1 circuit-id "moving"
	check_err $? "cannot configure vp1"
	ip -n nl-a link set vp1 netns nl-b
	check_err $? "cannot move vp1 to nl-b"
	out=$(l2ractl nl-a port show)
	grep -q '^vp1 \|"moving"' <<<"$out"
	check_fail $? "nl-a still lists the moved port: '$out'"
	out=$(l2ractl nl-b port show)
	grep -q '"moving"' <<<"$out"
	check_fail $? "nl-b shows the moved port's entry: '$out'"
	# it is no bridge port any more, in nl-b: port set must refuse it
	out=$(l2ractl nl-b port set dev vp1 role trusted 2>&1)
	check_fail $? "port set on the moved vp1 (no bridge port) succeeded"
	log_test "netns: a port moved to another netns loses its entry"
}

netns_deleted_with_config()
{
	local out

	l2ractl nl-b bridge set dev br0 relay on &&
		l2ractl nl-b port set dev vp0 role trusted
	check_err $? "cannot configure nl-b"
	ip netns del nl-b
	sleep 1
	out=$(l2ractl nl-a port show 2>&1)
	grep -q '^vp0 .*"iso"' <<<"$out"
	check_err $? "nl-a after deleting nl-b: '$out'"
	log_test "netns: deleting a configured netns leaves the others intact"
}

# The entry of a port goes away when the port leaves its bridge or is
# deleted; a bridge's configuration and its ports' entries when it is.
entries_follow_devices()
{
	local out

	ip -n nl-a link add br2 type bridge &&
		ip -n nl-a link add vp2 type veth peer name vp2p &&
		ip -n nl-a link add vp3 type veth peer name vp3p &&
		ip -n nl-a link set vp2 master br2 &&
		ip -n nl-a link set vp3 master br2
	check_err $? "cannot build br2"
	l2ractl nl-a bridge set dev br2 relay on &&
		l2ractl nl-a port set dev vp2 circuit-id "follow-2" role trusted &&
		l2ractl nl-a port set dev vp3 circuit-id "follow-3"
	check_err $? "cannot configure br2"
	ip -n nl-a link set vp2 nomaster
	out=$(l2ractl nl-a port show dev vp2 2>&1)
	check_fail $? "vp2 kept its entry after leaving br2: '$out'"
	ip -n nl-a link set vp2 master br2
	out=$(l2ractl nl-a port show dev vp2 2>&1)
	check_fail $? "vp2 has an entry again after rejoining br2: '$out'"
	# its old circuit-id is free again
	l2ractl nl-a port set dev vp2 circuit-id "follow-3" >/dev/null 2>&1
	check_fail $? "vp2 got vp3's circuit-id"
	l2ractl nl-a port set dev vp2 circuit-id "follow-2"
	check_err $? "vp2 cannot take back its circuit-id"
	ip -n nl-a link del vp3
	out=$(l2ractl nl-a port show)
	grep -q '"follow-3"' <<<"$out"
	check_fail $? "the deleted vp3 is still listed: '$out'"
	ip -n nl-a link del br2
	out=$(l2ractl nl-a bridge show)
	grep -q '^br2 ' <<<"$out"
	check_fail $? "the deleted br2 is still listed: '$out'"
	out=$(l2ractl nl-a port show)
	grep -q '"follow-2"' <<<"$out"
	check_fail $? "vp2 of the deleted br2 is still listed: '$out'"
	ip -n nl-a link del vp2 2>/dev/null
	log_test "entries go with nomaster, port and bridge deletion"
}

# A dump longer than one message buffer resumes where it stopped: every
# entry exactly once, with and without counters and bridge filter.
dump_many_ports()
{
	local n=${NL_MANY_PORTS:-120} i out cnt uniq

	ip -n nl-a link add br1 type bridge
	for ((i = 0; i < n; i++)); do
		echo "link add m$i type veth peer name m${i}p"
		echo "link set m$i master br1"
	done | ip -n nl-a -batch -
	check_err $? "cannot create $n ports"
	for ((i = 0; i < n; i++)); do
		l2ractl nl-a port set dev "m$i" circuit-id "many-$i" || break
	done
	[ "$i" -eq "$n" ]
	check_err $? "port set failed at m$i"
	out=$(l2ractl nl-a port show master br1)
	cnt=$(grep -c '^m[0-9]* ' <<<"$out")
	uniq=$(grep -o '^m[0-9]* ' <<<"$out" | sort -u | wc -l)
	[ "$cnt" -eq "$n" ] && [ "$uniq" -eq "$n" ]
	check_err $? "port show master br1: $cnt lines, $uniq ports, want $n"
	out=$(l2ractl nl-a -s -s port show)
	cnt=$(grep -c '^m[0-9]* ' <<<"$out")
	uniq=$(grep -o '^m[0-9]* ' <<<"$out" | sort -u | wc -l)
	[ "$cnt" -eq "$n" ] && [ "$uniq" -eq "$n" ]
	check_err $? "-s -s port show: $cnt lines of br1 ports, $uniq ports, want $n"
	out=$(l2ractl nl-a port show master br0)
	grep -q '^m[0-9]' <<<"$out"
	check_fail $? "port show master br0 lists br1's ports"
	echo "dumped $n port entries"
	log_test "port dump of $n entries: each exactly once, filter holds"
}

setup
run_all
