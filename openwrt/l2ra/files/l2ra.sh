# SPDX-License-Identifier: GPL-2.0
#
# /lib/l2ra/l2ra.sh - /etc/config/l2ra to l2ractl commands; sourced by
# /etc/init.d/l2ra (and by openwrt/test-uci.sh, with stubs of OpenWrt's
# config_* functions and of l2ractl).  The mapping:
#
#   config global:  lease_max N        l2ractl config set lease-max N
#   config port:    device IF          l2ractl port set dev IF
#                   role trusted|untrusted       role ...
#                   circuit_id / remote_id TEXT  circuit-id / remote-id TEXT
#                     hex:HEX                    ... hex HEX
#                     default                    ... default
#                   opt82 drop|keep|replace      opt82 ...
#                   unicast, chaddr_check 0|1    unicast / chaddr-check off|on
#                   lease_max N                  lease-max N
#   config bridge:  device BR          l2ractl bridge set dev BR
#                   enabled 0|1                  relay off|on
#                   remote_id (as for ports)     remote-id ...
#                   relay_id hex:HEX|generate|default   relay-id ...
#
# Ports are applied before bridges, so that an uplink is trusted before the
# relay goes on.  l2ra_stop: relay off on every bridge (l2ractl bridge del).
# A command l2ractl refuses is logged and the rest still applied; the
# status is then 1.

# OpenWrt's ash (busybox) and dash have local:
# shellcheck disable=SC3043

L2RA_STATUS=0

l2ra_run()
{
	l2ractl "$@" || {
		local IFS=' '	# l2ra_exec's is a newline

		logger -t l2ra "l2ractl $* failed"
		L2RA_STATUS=1
	}
}

# l2ra_id SECTION OPTION KEYWORD: an id option's words, onto l2ra_argv
# (one word per line: a text may hold spaces)
l2ra_id()
{
	local v

	config_get v "$1" "$2"
	[ -n "$v" ] || return 0
	case "$v" in
	hex:*) l2ra_argv="$l2ra_argv$3
hex
${v#hex:}
" ;;
	*) l2ra_argv="$l2ra_argv$3
$v
" ;;
	esac
}

# l2ra_opt SECTION OPTION KEYWORD [bool]: one keyword and its value
l2ra_opt()
{
	local v

	config_get v "$1" "$2"
	[ -n "$v" ] || return 0
	if [ "${4:-}" = bool ]; then
		case "$v" in 1|on|yes|true) v=on ;; *) v=off ;; esac
	fi
	l2ra_argv="$l2ra_argv$3
$v
"
}

l2ra_exec()	# l2ractl with the words of l2ra_argv
{
	local IFS='
'
	# shellcheck disable=SC2086
	set -f; l2ra_run $l2ra_argv; set +f
}

l2ra_port()
{
	local dev

	config_get dev "$1" device
	[ -n "$dev" ] || return 0
	l2ra_argv="port
set
dev
$dev
"
	l2ra_opt "$1" role role
	l2ra_id "$1" circuit_id circuit-id
	l2ra_id "$1" remote_id remote-id
	l2ra_opt "$1" opt82 opt82
	l2ra_opt "$1" unicast unicast bool
	l2ra_opt "$1" chaddr_check chaddr-check bool
	l2ra_opt "$1" lease_max lease-max
	l2ra_exec
}

l2ra_bridge()
{
	local dev

	config_get dev "$1" device
	[ -n "$dev" ] || return 0
	l2ra_argv="bridge
set
dev
$dev
"
	l2ra_id "$1" remote_id remote-id
	l2ra_id "$1" relay_id relay-id
	l2ra_opt "$1" enabled relay bool
	l2ra_exec
}

l2ra_global()
{
	local v

	config_get v "$1" lease_max
	[ -n "$v" ] && l2ra_run config set lease-max "$v"
}

l2ra_bridge_del()
{
	local dev

	config_get dev "$1" device
	[ -n "$dev" ] && l2ra_run bridge del dev "$dev"
}

l2ra_apply()
{
	L2RA_STATUS=0
	config_load l2ra
	config_foreach l2ra_global global
	config_foreach l2ra_port port
	config_foreach l2ra_bridge bridge
	return $L2RA_STATUS
}

l2ra_stop()
{
	L2RA_STATUS=0
	config_load l2ra
	config_foreach l2ra_bridge_del bridge
	return $L2RA_STATUS
}
