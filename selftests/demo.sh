#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo (make demo): a CPE-style bridge relaying DHCP for two
# subscribers, run in the guest.  Prints what each client got and what the
# DHCP server saw of option 82.
#
#   +-- srv ---------+     +-- sw: br0 (l2ra) ------------+     +-- cli1 --+
#   | srv0 192.0.2.1 +-----+ vsrv (trusted)  vcl1 (untr.) +-----+ c1       |
#   | dnsmasq        |     |                 vcl2 (untr.) +--+  +----------+
#   +----------------+     +------------------------------+  |  +-- cli2 --+
#                                                            +--+ c2       |
#                                                               +----------+
source "$(dirname "$0")/lib.sh"
require_cmd dnsmasq busybox tcpdump

l2ra_load
ns_create srv sw cli1 cli2
br_create sw br0
port_add sw br0 vsrv srv srv0
port_add sw br0 vcl1 cli1 c1
port_add sw br0 vcl2 cli2 c2
ip -n srv addr add 192.0.2.1/24 dev srv0

echo "== configure the relay on br0"
l2ractl sw bridge set dev br0 relay on
l2ractl sw port set dev vsrv role trusted
l2ractl sw port set dev vcl2 circuit-id "cpe-1/port-2"
l2ractl sw bridge show
l2ractl sw port show

dnsmasq_start srv srv0 192.0.2.100 192.0.2.150
capture_start srv srv0 server

echo "== two subscribers ask for addresses"
for c in 1 2; do
	udhcpc_run "cli$c" "c$c" || echo "cli$c: no lease"
	echo "cli$c (port vcl$c) got: $(addr_of "cli$c" "c$c")"
done
capture_stop_all

echo "== what the server received (option 82 added by br0)"
pcap_text server | grep -E 'Request|Agent-Information|Circuit-ID|Remote-ID|Unknown SubOption 12' |
	sed 's/^ */  /'
echo "== counters"
l2ractl sw -s port show
l2ractl sw stats
