#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the guest after switch_root.  Runs the command the host wrote to
# /.vm-out/cmd.sh in the project directory, then checks that l2ra unloads,
# and leaves the status, the log, dmesg and the taint mask in /.vm-out for
# the host (tools/vm/vm-run.sh) to judge.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LC_ALL=C
echo l2ra-vm >/proc/sys/kernel/hostname
ip link set lo up
cd "$(cat /.vm-out/proj)" || exit 1
# shellcheck disable=SC1091
. /.vm-out/env
set -o pipefail
bash /.vm-out/cmd.sh 2>&1 | tee /.vm-out/log
rc=$?
kmemleak_scan()	# two scans: a report needs two in a row without a reference
{
	[ -w /sys/kernel/debug/kmemleak ] || return 0
	echo scan >/sys/kernel/debug/kmemleak
	echo scan >/sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak >>/.vm-out/kmemleak
}
# Once while l2ra is loaded, so that its frames in a report have names...
kmemleak_scan
if grep -q '^l2ra ' /proc/modules; then
	if ! rmmod l2ra 2>>/.vm-out/log; then
		echo "vm: rmmod l2ra failed at the end of the run" | tee -a /.vm-out/log
		[ "$rc" = 0 ] && rc=253
	fi
fi
# ...and once after rmmod, for what its exit path leaked (frames of the
# unloaded module are bare addresses then).
kmemleak_scan
dmesg >/.vm-out/dmesg
cat /proc/sys/kernel/tainted >/.vm-out/tainted
echo "$rc" >/.vm-out/rc
sync
busybox poweroff -f || echo o >/proc/sysrq-trigger
sleep 10
