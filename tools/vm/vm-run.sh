#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm-run.sh 'command': boot a kernel under QEMU with the host's / as the
# guest's root, run the command with bash in the guest (in the project
# directory, whatever path the checkout has), and exit with its status.
#
# A run fails, with a message saying which, when
#   - the command fails (its own status);
#   - rmmod l2ra fails at the end (253);
#   - the guest never reports a status: panic, hang past VM_TIMEOUT (255);
#     a kernel that dies while booting, before the guest's init has run
#     (so before any l2ra code or test), is booted once more, and says so
#     with the console lines of the first death;
#   - the kernel is tainted by a bad page, oops, WARN or lockup (254);
#   - dmesg shows a BUG, WARNING, KASAN/UBSAN report, lockdep splat,
#     sleeping in atomic context, refcount or netdev refcount trouble (252);
#   - kmemleak (debug kernels) reports an object allocated by l2ra (251).
# loglevel=5 puts WARNING lines (KERN_WARNING) on the console, where they
# are kept even when the guest dies before writing dmesg.
# The console log, the command's log, dmesg, kmemleak and the taint mask are
# kept in VM_OUT (default results/<kernel release>/).
#
# Environment:
#   VM_KVER     kernel release (default: newest Debian kernel with headers)
#   VM_KERNEL   image to boot (default: the one of VM_KVER in /boot)
#   VM_OUT      results folder
#   VM_TIMEOUT  seconds before the guest counts as hung (900)
#   VM_MEM, VM_SMP, VM_APPEND (extra kernel arguments), VM_ACCEL (kvm|tcg)
#   VM_ENV      lines of NAME=value exported to the command
#   VM_BOOT_TRIES  boots allowed for a kernel that dies before init (2)
#   VM_TCG_THREAD  single: TCG runs every vCPU in one host thread, in
#               turn, instead of one thread each (multi, QEMU's default for
#               SMP guests).  A guest beside another, a thread per
#               vCPU, died of "Oops: int3" in a static key's site: QEMU
#               7.2's multi-threaded TCG appears to keep a block translated
#               from code another vCPU was patching (text_poke_bp()), more
#               likely the more the host preempts the vCPU threads.  make
#               check runs its guests side by side in this mode
#               (Documentation/testing.rst, "Guests side by side").
#   VM_ICOUNT   1: count instructions instead of time (TCG, one thread,
#               -icount shift=0): every guest clock then advances by one
#               nanosecond per guest instruction, so rates measured in the
#               guest do not move with the host's load (make bench)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
[ $# -gt 0 ] || { echo "usage: vm-run.sh 'command'" >&2; exit 2; }
KVER=${VM_KVER:-$("$HERE/kver.sh" newest)}
OUT=${VM_OUT:-$ROOT/results/$KVER}
CACHE=$ROOT/.build/vm/$KVER

case $ROOT in
*[[:space:]]*) echo "vm: the project path must not contain spaces: $ROOT" >&2; exit 2 ;;
esac

initrd=$CACHE/initramfs.cpio.gz
if [ ! -f "$initrd" ] || [ "$HERE/initramfs-init" -nt "$initrd" ] ||
   [ "$HERE/mkinitramfs.sh" -nt "$initrd" ]; then
	"$HERE/mkinitramfs.sh" "$KVER" "$CACHE"
fi
kernel=${VM_KERNEL:-}
if [ -z "$kernel" ]; then
	kernel=$CACHE/vmlinux
	[ -f "$kernel" ] || kernel=/boot/vmlinuz-$KVER
fi

# KVM only where a real VT-x/AMD-V module drives /dev/kvm: the build
# machines' /dev/kvm (kvm_pvm) cannot boot a stock kernel, see
# Documentation/testing.rst.
accel=${VM_ACCEL:-tcg}
if [ -z "${VM_ACCEL:-}" ] && [ -w /dev/kvm ] &&
   { [ -d /sys/module/kvm_intel ] || [ -d /sys/module/kvm_amd ]; }; then
	accel=kvm
fi
cpu=max
[ "$accel" = kvm ] && cpu=host
accel_opt=$accel
[ "$accel" = tcg ] && [ -n "${VM_TCG_THREAD:-}" ] &&
	accel_opt=tcg,thread=$VM_TCG_THREAD
icount=()
if [ "${VM_ICOUNT:-0}" = 1 ]; then
	accel=tcg cpu=max accel_opt=tcg,thread=single
	icount=(-icount shift=0)
fi

mkdir -p "$OUT"
rm -f "$OUT"/console.boot*.log
install -m 0755 "$HERE/guest-init.sh" "$OUT/guest-init.sh"
printf '%s\n' "$*" >"$OUT/cmd.sh"
printf '%s\n' "$ROOT" >"$OUT/proj"
{
	printf 'export L2RA_ROOT=%q L2RA_RESULTS=/.vm-out KVER=%q\n' "$ROOT" "$KVER"
	while IFS= read -r line; do
		[ -n "$line" ] && printf 'export %q\n' "$line"
	done <<<"${VM_ENV:-}"
} >"$OUT/env"

# no_timer_check: under emulation on a loaded host the IO-APIC timer check
# can fail and panic the boot ("IO-APIC + timer doesn't work").
boot()
{
	rm -f "$OUT"/{rc,log,dmesg,tainted,kmemleak,console.log,booted}
	start=$SECONDS
	set +e
	timeout -k 5 "${VM_TIMEOUT:-900}" \
	qemu-system-x86_64 -nodefaults -no-user-config -display none -no-reboot \
		-machine q35 -accel "$accel_opt" "${icount[@]}" -cpu "$cpu" \
		-smp "${VM_SMP:-2}" -m "${VM_MEM:-1G}" \
		-bios /usr/share/qemu/qboot.rom -kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 rdinit=/init panic=-1 loglevel=5 quiet no_timer_check panic_on_warn=1 slub_debug=FZPU ${VM_APPEND:-}" \
		-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap \
		-device virtio-9p-pci,fsdev=root,mount_tag=hostroot \
		-fsdev local,id=proj,path="$ROOT",security_model=none,readonly=on,multidevs=remap \
		-device virtio-9p-pci,fsdev=proj,mount_tag=proj \
		-fsdev local,id=out,path="$OUT",security_model=none \
		-device virtio-9p-pci,fsdev=out,mount_tag=vmout \
		-serial stdio -monitor none </dev/null | tr -d '\r' | tee "$OUT/console.log"
	qrc=${PIPESTATUS[0]}
	set -e
	echo "vm: $KVER ($accel_opt${icount:+, icount}), qemu exit $qrc after $((SECONDS - start)) s; results in $OUT" >&2
}

# console_excerpt FILE: the kernel's own account of a death, on stderr with
# the "vm: " prefix that make check shows.
console_excerpt()
{
	grep -m 30 -E 'Kernel panic|BUG:|WARNING:|Oops|Call Trace|RIP:|^\[ *[0-9.]+\]  [a-z_0-9]+\+0x' "$1" |
		sed 's/^/vm: console: /' >&2 || true
}

tries=${VM_BOOT_TRIES:-2}
for ((try = 1; ; try++)); do
	boot
	[ -f "$OUT/rc" ] || [ -f "$OUT/booted" ] || [ "$qrc" = 124 ] ||
		[ "$try" -ge "$tries" ] && break
	# Died before the guest's init ran: the kernel's own boot, with no
	# module of ours loaded and no test started.  Keep the evidence.
	cp "$OUT/console.log" "$OUT/console.boot$try.log"
	echo "vm: the kernel died while booting, before init ran (boot $try of $tries; console: $OUT/console.boot$try.log):" >&2
	console_excerpt "$OUT/console.boot$try.log"
	echo "vm: booting again" >&2
done

fail() {	# fail STATUS MESSAGE: say what went wrong, keep the evidence
	echo "vm: FAIL: $2" >&2
	exit "$1"
}
if [ ! -f "$OUT/rc" ]; then
	console_excerpt "$OUT/console.log"
	[ -f "$OUT/booted" ] ||
		echo "vm: the kernel died while booting, before init ran" >&2
	grep -q 'panic_on_warn set' "$OUT/console.log" &&
		fail 255 "kernel WARN (panic_on_warn): the guest panicked (console: $OUT/console.log)"
	[ "$qrc" = 124 ] && fail 255 "guest hung: no status after ${VM_TIMEOUT:-900} s (console: $OUT/console.log)"
	fail 255 "guest never reported a status (panic or crash; console: $OUT/console.log)"
fi
taint=$(cat "$OUT/tainted")
if (( taint & (32 | 128 | 512 | 16384) )); then
	grep -m 20 -E 'BUG:|WARNING:|Oops|lockup' "$OUT/dmesg" >&2 || true
	fail 254 "kernel tainted ($taint: bad page, oops, WARN or lockup; dmesg: $OUT/dmesg)"
fi
bad='BUG:|WARNING:|Oops|general protection|KASAN|UBSAN|possible circular locking|inconsistent lock state|possible recursive locking|suspicious RCU usage|sleeping function called from invalid context|refcount_t:|unregister_netdevice: waiting|ref_tracker'
if grep -E "$bad" "$OUT/dmesg" >"$OUT/dmesg.bad"; then
	head -n 20 "$OUT/dmesg.bad" >&2
	fail 252 "dmesg has kernel error reports (dmesg: $OUT/dmesg)"
fi
rm -f "$OUT/dmesg.bad"
# A frame in l2ra, or a bare address: code of a module unloaded since (the
# guests load no other module that can be unloaded).
if [ -s "$OUT/kmemleak" ] &&
   grep -qE '\[l2ra\]|\] 0xffffffff[0-9a-f]+$' "$OUT/kmemleak"; then
	head -n 40 "$OUT/kmemleak" >&2
	fail 251 "kmemleak: objects allocated by l2ra leaked ($OUT/kmemleak)"
fi
rc=$(cat "$OUT/rc")
[ "$rc" = 253 ] && fail 253 "rmmod l2ra failed at the end of the run (log: $OUT/log)"
[ "$rc" = 0 ] || echo "vm: the guest command failed with status $rc (log: $OUT/log)" >&2
exit "$rc"
