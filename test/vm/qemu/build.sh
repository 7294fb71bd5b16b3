#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds the INIT-faithful qemu-system-x86_64 the parking scenarios run on:
# the upstream QEMU source of the Debian QEMU the harness uses everywhere
# else (the +ds orig tarball of the installed qemu-system-x86, fetched with
# apt-get source), with the patches in this folder and nothing else.
#
#   build.sh           build it unless cached; print the binary's path
#   build.sh --path    print where the binary is (or would be); no build
#
# The binary is cached under $LIMBO_QEMU_INIT_CACHE (default
# .cache/qemu-init) in a folder named by the QEMU version and a hash of
# the patches' diffs, so changed code or a new Debian QEMU builds afresh
# and an unchanged one (a reworded commit message too) never twice.  Only qemu-system-x86_64 is built,
# for x86_64-softmmu, with every optional feature off: the harness needs
# TCG, the chardevs, QMP and gdbstub, all of which are core.  Firmware
# comes from Debian's packages at run time (-L /usr/share/qemu
# -L /usr/share/seabios), so none is built or unpacked here.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
cache=${LIMBO_QEMU_INIT_CACHE:-$repo/.cache/qemu-init}
jobs=${QEMU_JOBS:-2}

# the QEMU whose source is rebuilt: the one the other scenarios run
debver=$(dpkg-query -W -f '${Version}' qemu-system-x86 2>/dev/null || true)
if [ -z "$debver" ]; then
	echo "build.sh: Debian's qemu-system-x86 is not installed (make deps)" >&2
	exit 1
fi
upver=${debver#*:}
upver=${upver%-*}		# 10.0.2+ds: the orig tarball's version
patches=$(ls "$here"/*.patch | LC_ALL=C sort)
# the key is the code the patches change, not their commit messages
phash=$(for p in $patches; do sed -n '/^diff /,$p' "$p"; done |
	sha256sum | cut -c1-12)
out=$cache/$upver-$phash
bin=$out/qemu-system-x86_64

if [ "${1:-}" = "--path" ]; then
	echo "$bin"
	exit 0
fi
if [ -x "$bin" ] && "$bin" --version >/dev/null 2>&1; then
	echo "$bin"
	exit 0
fi

# what configure and the build need; meson >= 1.5 and pycotap only in
# bookworm-backports (deps.sh has added it to apt's sources)
if [ "$(id -u)" = 0 ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -q --no-upgrade gcc make patch pkgconf ninja-build \
		flex bison python3 python3-venv libglib2.0-dev zlib1g-dev \
		xz-utils >&2
	# no --no-upgrade: bookworm's meson 1.0 is too old
	apt-get install -y -q -t bookworm-backports meson python3-pycotap >&2
fi

src=$cache/src
orig=qemu_$upver.orig.tar.xz
mkdir -p "$src"
# the .dsc and Debian's patches may be gone from the mirror while the
# orig tarball is still there: fetch, then trust only its checksum
want=$(apt-get source --print-uris "qemu=$debver" 2>/dev/null |
	awk -v f="$orig" '$2 == f { sub("SHA256:", "", $4); print $4 }')
if [ -z "$want" ]; then
	echo "build.sh: apt knows no source qemu=$debver (apt-get update?)" >&2
	exit 1
fi
if ! echo "$want  $src/$orig" | sha256sum -c --status 2>/dev/null; then
	(cd "$src" && apt-get source -q --download-only "qemu=$debver" >&2) || true
	echo "$want  $src/$orig" | sha256sum -c --status || {
		echo "build.sh: $orig missing or its SHA256 is not $want" >&2
		exit 1
	}
fi

work=$out.build
rm -rf "$work"
mkdir -p "$work"
tar -C "$work" -xJf "$src/$orig"
tree=$(echo "$work"/qemu-*)
for p in $patches; do
	patch -d "$tree" -p1 --no-backup-if-mismatch < "$p" >&2
done
# Debian's +ds tarball has no edk2 images, but meson unpacks them whenever
# bzip2 is there, even with --disable-install-blobs: switch that off
sed -i 's/^\( *unpack_edk2_blobs = \)bzip2\.found()$/\1false/' "$tree/meson.build"
if grep -q 'unpack_edk2_blobs = bzip2' "$tree/meson.build"; then
	echo "build.sh: could not switch off edk2 unpacking in meson.build" >&2
	exit 1
fi

start=$(date +%s)
(
	cd "$tree"
	nice -n 19 ./configure --python=/usr/bin/python3 \
		--target-list=x86_64-softmmu \
		--without-default-features --disable-download --disable-fdt \
		--disable-install-blobs --disable-rust --disable-docs \
		--disable-werror >&2
	nice -n 19 ninja -C build -j "$jobs" qemu-system-x86_64 >&2
)
mkdir -p "$out"
cp "$tree/build/qemu-system-x86_64" "$bin.tmp"
mv "$bin.tmp" "$bin"
echo "$debver orig + $(cd "$here" && ls *.patch | tr '\n' ' ')built in" \
	"$(( $(date +%s) - start )) s" > "$out/build-info.txt"
rm -rf "$work"
"$bin" --version | head -n 1 >&2
echo "$bin"
