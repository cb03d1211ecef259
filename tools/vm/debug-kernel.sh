#!/bin/bash
# debug-kernel.sh: build (once) a debug kernel for l2ra's tests: KASAN,
# kmemleak, lockdep/PROVE_RCU, DEBUG_OBJECTS, DEBUG_LIST, DEBUG_NET, netdev
# and netns refcount trackers; everything the tests need built in. Source:
# Debian's linux-source-6.1; config: x86_64_defconfig + kvm_guest.config +
# tools/vm/debug.config.
#
# Usage: tools/vm/debug-kernel.sh [--print] [--clean-old]
#   (no option)  build if not cached, then print the result line
#   --print      print the result line if built, else exit 1 (no build)
#   --clean-old  also remove the other debug-kernel-* dirs of the cache
# The last line of output is "<absolute bzImage path> <kernelrelease>".
#
# Cache (outside the clone, shared by clones and CI on the same machine):
#   ${L2RA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/l2ra}/debug-kernel-<key>/
#     src/          the configured and built kernel tree (make -C src M=...)
#     release       output of "make -s kernelrelease"
#     .done         stamp, written last: the build is complete
# <key> = first 12 hex digits of sha256 over debug.config, the version of the
# linux-source-6.1 package and this script. Any change means a new dir.
#
# Build an external module against it:
#   make -C <cache>/debug-kernel-<key>/src M=<module dir> modules
# Needs: linux-source-6.1 flex bison bc libelf-dev libssl-dev (gcc, make).
# Takes ~14 min on 2 idle cores (much longer when they are busy); it runs
# under nice -n 19 on its own.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SELF=$HERE/$(basename "${BASH_SOURCE[0]}")
FRAGMENT=$HERE/debug.config
TARBALL=/usr/src/linux-source-6.1.tar.xz
PKG=linux-source-6.1

die() { echo "debug-kernel: $*" >&2; exit 1; }
say() { echo "debug-kernel: $*"; }

print_only=0
clean_old=0
for arg in "$@"; do
	case $arg in
	--print) print_only=1 ;;
	--clean-old) clean_old=1 ;;
	-h | --help) sed -n '2,/^set -euo/p' "$SELF" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown option: $arg (try --help)" ;;
	esac
done

[ -f "$FRAGMENT" ] || die "missing $FRAGMENT"
srcver=$(dpkg-query -W -f='${Version}' "$PKG" 2>/dev/null) ||
	die "package $PKG is not installed (apt-get install $PKG)"
[ -n "$srcver" ] || die "package $PKG is not installed"
key=$( { cat "$FRAGMENT"; printf '\n%s %s\n' "$PKG" "$srcver"; cat "$SELF"; } |
	sha256sum | cut -c1-12)

CACHE=$(realpath -m -- "${L2RA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/l2ra}")
DIR=$CACHE/debug-kernel-$key
SRC=$DIR/src
BZIMAGE=$SRC/arch/x86/boot/bzImage
STAMP=$DIR/.done

result_line() { echo "$BZIMAGE $(cat "$DIR/release")"; }
is_built() { [ -f "$STAMP" ] && [ -f "$BZIMAGE" ] && [ -s "$DIR/release" ]; }

if [ "$print_only" = 1 ]; then
	is_built || { echo "debug-kernel: not built ($DIR)" >&2; exit 1; }
	result_line
	exit 0
fi

mkdir -p "$CACHE"

if [ "$clean_old" = 1 ]; then
	for d in "$CACHE"/debug-kernel-*; do
		[ -d "$d" ] || continue
		[ "$d" = "$DIR" ] && continue
		# Skip a dir whose build is running right now (it holds its lock).
		if [ -f "$d/.lock" ] && ! flock -n "$d/.lock" true; then
			say "skipping $d: a build is running in it"
			continue
		fi
		say "removing $d"
		rm -rf -- "$d"
	done
fi

if is_built; then
	say "cached: $DIR (key $key, $PKG $srcver)"
	result_line
	exit 0
fi

mkdir -p "$DIR"
# One build per dir at a time; a second caller waits, then finds the stamp.
exec 9>"$DIR/.lock"
if ! flock -n 9; then
	say "another build is running in $DIR; waiting for it"
	flock 9
fi
if is_built; then
	say "cached: $DIR (built meanwhile)"
	result_line
	exit 0
fi

for tool in make gcc flex bison bc; do
	command -v "$tool" >/dev/null || die "$tool not found (apt-get install flex bison bc libelf-dev libssl-dev build-essential)"
done
[ -f "$TARBALL" ] || die "$TARBALL not found (apt-get install $PKG)"

start=$(date +%s)
say "building in $DIR (key $key, $PKG $srcver)"

# Extract into a temp dir and rename: a half-extracted tree is never used.
# An interrupted build (no stamp) is resumed: make is incremental.
if [ ! -f "$SRC/Makefile" ]; then
	rm -rf -- "$SRC" "$DIR/src.tmp"
	mkdir -p "$DIR/src.tmp"
	say "extracting $TARBALL"
	tar -xJf "$TARBALL" -C "$DIR/src.tmp" --strip-components=1
	mv -T "$DIR/src.tmp" "$SRC"
fi
rm -f "$STAMP"
cd "$SRC"

# Keep the tree out of any user's make/kbuild environment.
unset ARCH CROSS_COMPILE KBUILD_OUTPUT KCONFIG_CONFIG LOCALVERSION O M
MAKE=(nice -n 19 make -s)

say "configuring: x86_64_defconfig + kvm_guest.config + $(basename "$FRAGMENT")"
"${MAKE[@]}" x86_64_defconfig kvm_guest.config
scripts/kconfig/merge_config.sh -m .config "$FRAGMENT" >/dev/null
"${MAKE[@]}" olddefconfig

# Every option the fragment enables must be enabled; every option it
# disables must be off. Otherwise a dependency is missing: name it.
bad=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=y)
		grep -qxF "$line" .config ||
			{ echo "debug-kernel: $line did not stick (.config has: $(grep -E "^(# )?${line%=y}[= ]" .config || echo nothing))" >&2; bad=1; } ;;
	"# CONFIG_"*" is not set")
		opt=${line#\# }; opt=${opt%% *}
		if grep -q "^$opt=" .config; then
			echo "debug-kernel: $opt should be off but is $(grep "^$opt=" .config)" >&2; bad=1
		fi ;;
	esac
done <"$FRAGMENT"
[ "$bad" = 0 ] || die "config check failed (see above); fix $FRAGMENT"
nmod=$(grep -c '=m$' .config || true)
say "config OK ($nmod options =m, none needed by the tests)"

# bzImage: the guest kernel. modules: builds the few =m modules and, more
# importantly, writes Module.symvers (vmlinux alone writes only
# vmlinux.symvers; without Module.symvers, an M= build downgrades unresolved
# symbols to warnings). modules_prepare: what an M= build needs.
say "make -j$(nproc) bzImage modules modules_prepare (nice 19)"
"${MAKE[@]}" -j"$(nproc)" bzImage modules modules_prepare
[ -f "$BZIMAGE" ] || die "no $BZIMAGE after the build"
[ -f Module.symvers ] || die "no Module.symvers after the build"
"${MAKE[@]}" kernelrelease >"$DIR/release.tmp"
mv -f "$DIR/release.tmp" "$DIR/release"

# Smoke test: an external module builds against the tree, with no warnings
# from modpost (unresolved symbols would show up here).
tmod=$(mktemp -d)
trap 'rm -rf -- "$tmod"' EXIT
cat >"$tmod/smoke.c" <<'EOF'
#include <linux/module.h>
#include <net/net_namespace.h>
static int __init smoke_init(void) { pr_info("smoke %p\n", &init_net); return 0; }
static void __exit smoke_exit(void) { }
module_init(smoke_init);
module_exit(smoke_exit);
MODULE_LICENSE("GPL");
EOF
echo 'obj-m := smoke.o' >"$tmod/Kbuild"
make -s -C "$SRC" M="$tmod" modules >"$tmod/log" 2>&1 ||
	{ cat "$tmod/log" >&2; die "an external module does not build against $SRC"; }
if grep -q WARNING "$tmod/log"; then
	cat "$tmod/log" >&2; die "external module build printed warnings"
fi
[ -f "$tmod/smoke.ko" ] || die "external module build made no .ko"
say "external module build OK ($(modinfo -F vermagic "$tmod/smoke.ko" 2>/dev/null || echo '?'))"

date -u +%Y-%m-%dT%H:%M:%SZ >"$STAMP"
secs=$(($(date +%s) - start))
say "built in ${secs}s ($((secs / 60))m$((secs % 60))s wall time); bzImage $(stat -c %s "$BZIMAGE") bytes"
result_line
