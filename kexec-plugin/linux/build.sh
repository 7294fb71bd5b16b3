#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# kexec-plugin/linux/build.sh [stock|limbo|both]: `make kernel`.
#
# Builds, from Debian's Linux 6.12 source (bookworm-backports), two
# kernels with one configuration (harness.config on allnoconfig):
#   .cache/kernel/build-stock   the source as Debian ships it
#   .cache/kernel/build-limbo   the same with kexec-plugin/linux/patches
#                               and limbo's purgatory imported
# each with arch/x86/boot/bzImage and build.log; build-*/time holds the
# seconds the last make took.  Needs root once (apt sources, download).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/kexec-plugin/linux
cache=$top/.cache/kernel
which=${1:-both}
JOBS=${JOBS:-2}

# ---- Debian's source, once ------------------------------------------------
mkdir -p "$cache/dl"
dsc=$(ls "$cache"/dl/linux_6.12.*.dsc 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$dsc" ]; then
	"$top/kexec-plugin/apt-sources.sh"
	(cd "$cache/dl" && apt-get source --download-only -q linux/bookworm-backports)
	dsc=$(ls "$cache"/dl/linux_6.12.*.dsc | sort -V | tail -n 1)
fi
ver=$(basename "$dsc" .dsc | sed 's/^linux_//; s/-[^-]*$//')
src=$cache/src-$ver
if [ ! -e "$src/.limbo-pristine" ]; then
	rm -rf "$src"
	dpkg-source --no-check -x "$dsc" "$src" >/dev/null
	touch "$src/.limbo-pristine"
fi

# ---- the patched tree: series applied once, limbo imported every time -----
ltree=$cache/src-$ver-limbo
sum=$(cat "$here"/patches/series "$here"/patches/0*.patch | sha256sum | cut -c1-16)
if [ "$(cat "$ltree/.limbo-series" 2>/dev/null)" != "$sum" ]; then
	rm -rf "$ltree"
	cp -a "$src" "$ltree"
	rm -f "$ltree/.limbo-pristine"
	while read -r p; do
		patch -d "$ltree" -p1 -F0 --quiet --no-backup-if-mismatch \
			< "$here/patches/$p"
	done < "$here/patches/series"
	echo "$sum" > "$ltree/.limbo-series"
fi
"$here/mkseries.py" import "$ltree"

# ---- configure and build -----------------------------------------------------
# build TREE OUT LOCALVERSION
build() {
	out=$1/$2
	mkdir -p "$out"
	if ! cmp -s "$here/harness.config" "$out/harness.config"; then
		make -s -C "$3" O="$out" KCONFIG_ALLCONFIG="$here/harness.config" \
			allnoconfig
		# every line asked for must have survived its dependencies
		grep '^CONFIG_' "$here/harness.config" | while read -r l; do
			grep -qx "$l" "$out/.config" ||
				{ echo "$out/.config: no $l" >&2; exit 1; }
		done
		cp "$here/harness.config" "$out/harness.config"
	fi
	t0=$(date +%s)
	if ! nice -n 19 make -C "$3" O="$out" LOCALVERSION="$4" -j"$JOBS" bzImage \
			> "$out/build.log" 2>&1; then
		tail -n 30 "$out/build.log" >&2
		echo "kernel build failed: $out/build.log" >&2
		exit 1
	fi
	echo $(( $(date +%s) - t0 )) > "$out/time"
	echo "$out/arch/x86/boot/bzImage: $(cat "$out/time") s"
}

case $which in
stock|both) build "$cache" build-stock "$src" "" ;;
esac
case $which in
limbo|both)
	build "$cache" build-limbo "$ltree" -limbo
	# the kernel's purgatory is limbo's object: the project's own checks
	"$top/purgatory/check-object.sh" "$cache/build-limbo/arch/x86/purgatory/limbo.ro" \
		"$top/build/limbo-check"
	;;
esac
