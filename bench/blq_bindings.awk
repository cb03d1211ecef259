# SPDX-License-Identifier: GPL-2.0
#
# awk -v n=N -v rid=HEX -f bench/blq_bindings.awk: N IPv4 bindings in
# selftests/blq_responder's file format, all on port va of br0 (l2ra's
# default circuit-id "br0:va") under relay-id HEX, addresses in
# 10.0.0.0/8, MAC addresses 02:01:<i, 4 octets>: the bindings of the blq
# bench (bench/guest.sh) and of bench/blq_cost.sh, one shape for both.
BEGIN {
	for (i = 1; i <= n; i++)
		printf "v4 addr=10.%d.%d.%d mac=02:01:%02x:%02x:%02x:%02x lease=3600 cltt=5 circuit-id=br0:va relay-id-hex=%s\n",
			int(i / 65536) % 256, int(i / 256) % 256, i % 256,
			int(i / 16777216) % 256, int(i / 65536) % 256,
			int(i / 256) % 256, i % 256, rid
}
