#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh KVER OUTDIR: a tiny initramfs for booting KVER with the
# host's / as the guest's root over virtio-9p: busybox, its libraries, the
# modules needed to mount 9p and overlay, and tools/vm/initramfs-init.
# Everything else (bridge, veth, ...) is modprobed later from the host's
# /lib/modules.  Writes OUTDIR/initramfs.cpio.gz and, when the image can be
# unpacked, OUTDIR/vmlinux: QEMU boots that ELF through PVH, which skips the
# firmware and the decompression (~3 s under TCG).
set -euo pipefail
KVER=$1 OUT=$2
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MODS="virtio_pci 9pnet_virtio 9p overlay"
mkdir -p "$OUT"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc,sys,lib/modules,lower,rw,newroot}
bb=$(command -v busybox)
cp -L "$bb" "$stage/bin/busybox"
if ldd "$bb" >/dev/null 2>&1; then
	for lib in $(ldd "$bb" | grep -o '/[^ ]*'); do
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done
fi
for a in sh mount mkdir insmod switch_root cat ln poweroff; do
	ln -s busybox "$stage/bin/$a"
done

# Modules in dependency order, decompressed: busybox insmod wants plain
# .ko.  A custom kernel with them built in has no modules.dep: none needed.
# modprobe --show-depends resolves only its first name (the rest would be
# module parameters), hence one call per module.
: >"$stage/modules.list"
if [ -f "/lib/modules/$KVER/modules.dep" ]; then
	for m in $MODS; do modprobe -S "$KVER" --show-depends "$m"; done |
	awk '$1 == "insmod" && !seen[$2]++ { print $2 }' |
	while read -r ko; do
		base=$(basename "$ko")
		base=${base%.xz}; base=${base%.zst}; base=${base%.gz}
		case $ko in
		*.xz) xz -dc "$ko" ;;
		*.zst) zstd -qdc "$ko" ;;
		*.gz) gzip -dc "$ko" ;;
		*) cat "$ko" ;;
		esac >"$stage/lib/modules/$base"
		echo "$base" >>"$stage/modules.list"
	done
fi
install -m 0755 "$HERE/initramfs-init" "$stage/init"
(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) >"$OUT/initramfs.cpio.gz.tmp"
mv "$OUT/initramfs.cpio.gz.tmp" "$OUT/initramfs.cpio.gz"

# The ELF vmlinux inside a compressed bzImage, found by its stream magic.
img=/boot/vmlinuz-$KVER
rm -f "$OUT/vmlinux"
[ -f "$img" ] || exit 0
unpack() {	# unpack MAGIC_REGEX COMMAND...
	local pos
	pos=$(LC_ALL=C grep -obUaP "$1" "$img" | head -n1 | cut -d: -f1)
	[ -n "$pos" ] || return 1
	shift
	tail -c +$((pos + 1)) "$img" | "$@" 2>/dev/null >"$OUT/vmlinux.tmp" || true
	[ "$(head -c4 "$OUT/vmlinux.tmp" | od -An -c | tr -d ' ')" = '177ELF' ]
}
if unpack '\xFD7zXZ\x00' xz -dc || unpack '\x28\xB5\x2F\xFD' zstd -qdc; then
	mv "$OUT/vmlinux.tmp" "$OUT/vmlinux"
else
	rm -f "$OUT/vmlinux.tmp"
	echo "mkinitramfs: no ELF vmlinux in $img, the bzImage will be booted" >&2
fi
