#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install every Debian 12 package the build, the guest and the tests need.
# Idempotent and non-interactive: packages already present cost one dpkg
# query, and nothing is asked.  INITRD=No keeps the linux-image postinst from
# generating an initrd we never boot (tools/vm builds its own, ~40 s saved).
set -euo pipefail

PKGS=(
	# build
	make gcc libc6-dev pkg-config kmod
	libnl-3-dev libnl-genl-3-dev libsqlite3-dev sqlite3 libsystemd-dev libseccomp-dev
	# kernels the module is built for and booted in
	linux-image-amd64 linux-headers-amd64
	linux-image-6.12-amd64 linux-headers-6.12-amd64
	# kselftest framework (lib.mk, kselftest.h) and checkpatch.pl
	linux-source-6.1
	# debug kernel build (make debug-kernel)
	flex bison bc libelf-dev libssl-dev
	# guest
	qemu-system-x86 cpio xz-utils zstd busybox iproute2 procps
	# real DHCP peers and captures
	dnsmasq-base isc-dhcp-server isc-dhcp-client dhcpcd-base tcpdump tshark
	# test scripts: JSON from l2ractl -j; the responder test's own client
	jq python3
	# packaging (make deb, tests/packaging.sh, selftests/packaging.sh):
	# dpkg-buildpackage, dh_dkms, lintian, DKMS itself, systemd-analyze,
	# bash to load the completion
	dpkg-dev debhelper dh-dkms dkms lintian systemd bash-completion
	# make bench: the forwarding bench's traffic and its profiles
	iperf3 linux-perf
	# host unit tests and fuzzing
	libcmocka-dev clang libclang-rt-14-dev
)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		grep -q '^install ok installed$' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

export DEBIAN_FRONTEND=noninteractive INITRD=No
if [ "$(id -u)" != 0 ]; then
	echo "deps: need root to install: ${missing[*]}" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}" >&2
apt-get update -qq
# tshark asks whether non-root users may capture; the default (no) is fine.
echo 'wireshark-common wireshark-common/install-setuid boolean false' |
	debconf-set-selections
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
