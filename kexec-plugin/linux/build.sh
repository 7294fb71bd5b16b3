#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# kexec-plugin/linux/build.sh [stock|limbo|both]: `make kernel`.
# kexec-plugin/linux/build.sh each: `make kernel-each`, every step of the
# series built on its own (below).
#
# Builds, from Debian's Linux 6.12 source (bookworm-backports), two
# kernels with one configuration (harness.config on allnoconfig):
#   .cache/kernel/build-stock   the source as Debian ships it
#   .cache/kernel/build-limbo   the same with kexec-plugin/linux/patches
#                               and limbo's purgatory imported
# each with arch/x86/boot/bzImage and build.log; build-*/time holds the
# seconds the last make took.  Needs root once (apt sources, download).
#
# One source tree, .cache/kernel/src-VERSION, is built for both, switched
# between Debian's pristine state and the patched one (only the files the
# series touches change), and build-limbo starts as a copy of build-stock:
# kbuild then rebuilds only what the series changes, as after any patch,
# instead of a second full build on two cores.
# .cache/kernel/pristine-VERSION is never built (mkseries.py gen reads it).
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
pristine=$cache/pristine-$ver
tree=$cache/src-$ver
if [ ! -e "$pristine/.limbo-pristine" ]; then
	rm -rf "$pristine" "$tree" "$cache/build-stock" "$cache/build-limbo"
	dpkg-source --no-check -x "$dsc" "$pristine" >/dev/null
	touch "$pristine/.limbo-pristine"
fi
if [ ! -e "$tree/.limbo-pristine" ]; then
	rm -rf "$tree"
	cp -a "$pristine" "$tree"
fi

# ---- switching the tree ----------------------------------------------------
touched=$tree/.limbo-touched	# what the series changed, while applied

# back to Debian's files, with their own dates (build-stock stays valid)
to_pristine() {
	[ -e "$touched" ] || return 0
	while read -r f; do
		rm -rf "${tree:?}/$f"
		if [ -e "$pristine/$f" ]; then
			mkdir -p "$(dirname "$tree/$f")"
			cp -pr "$pristine/$f" "$tree/$f"
		fi
	done < "$touched"
	rm -f "$touched"
}

# the series and limbo's sources; the series' files dated STAMP's mtime,
# later than anything in build-stock, so that what they change rebuilds
to_limbo() {
	to_pristine
	{ sed -n 's|^+++ b/||p; s|^--- a/||p' "$here"/patches/0*.patch
	  echo arch/x86/purgatory/limbo; } | sort -u > "$touched"
	while read -r p; do
		patch -d "$tree" -p1 -F0 --quiet --no-backup-if-mismatch \
			< "$here/patches/$p"
	done < "$here/patches/series"
	while read -r f; do
		[ -f "$tree/$f" ] && touch -r "$1" "$tree/$f"
	done < "$touched"
	"$here/mkseries.py" import "$tree"
}

# ---- every step on its own (build.sh each) ----------------------------------
# Patches 1..k on the pristine source, k = 1..8, each step built (bzImage:
# every object the step's changes reach, the purgatory, the link) in
# .cache/kernel/build-each, which starts as a copy of build-stock (same
# .config, its objects up to date) and keeps each step's objects for the
# next: step k compiles exactly what patch k changes.  Its own source
# tree, .cache/kernel/each-src; build-stock and build-limbo are only read.
# limbo's sources are imported from the step whose purgatory Makefile
# reads them on (mailed, they are a patch of their own before it:
# mkseries.py full).  build-each/steps has, per step, the seconds, the
# objects compiled and the warnings.
each() {
	stock=$cache/build-stock
	out=$cache/build-each
	[ -e "$stock/arch/x86/boot/bzImage" ] ||
		{ echo "$stock: no bzImage (make kernel first)" >&2; exit 1; }
	tree=$cache/each-src
	touched=$tree/.limbo-touched
	if [ ! -e "$tree/.limbo-pristine" ]; then
		rm -rf "$tree"
		cp -a "$pristine" "$tree"
	fi
	to_pristine
	rm -rf "$out"
	cp -a "$stock" "$out"
	# kbuild records the source tree's absolute path in every command
	# and dependency list: name this tree there, or every object counts
	# as changed and the first step is a full build
	old=$(readlink -f "$stock/source")
	new=$(readlink -f "$tree")
	find "$out" \( -name '*.cmd' -o -name '*.d' \) -print0 |
		xargs -0 grep -lZF "$old" | xargs -0 -r sed -i "s|$old|$new|g"
	ln -sfn "$new" "$out/source"
	nice -n 19 make -s -C "$tree" O="$out" tools/objtool
	find "$out/tools/objtool" -exec \
		touch -h -r "$stock/tools/objtool/objtool" {} +
	: > "$out/steps"
	: > "$touched"
	k=0
	while read -r p; do
		k=$((k + 1))
		sed -n 's|^+++ b/||p; s|^--- a/||p' "$here/patches/$p" >> "$touched"
		sort -u -o "$touched" "$touched"
		patch -d "$tree" -p1 -F0 --quiet --no-backup-if-mismatch \
			< "$here/patches/$p"
		if grep -q 'limbo\.mk' "$tree/arch/x86/purgatory/Makefile" &&
		   [ ! -e "$tree/arch/x86/purgatory/limbo" ]; then
			echo arch/x86/purgatory/limbo >> "$touched"
			"$here/mkseries.py" import "$tree"
		fi
		log=$out/step$k.log
		t0=$(date +%s)
		if ! nice -n 19 make -C "$tree" O="$out" LOCALVERSION= \
				-j"$JOBS" bzImage > "$log" 2>&1; then
			tail -n 30 "$log" >&2
			echo "step $k ($p) does not build: $log" >&2
			echo "$k FAIL $p" >> "$out/steps"
			to_pristine
			exit 1
		fi
		t=$(( $(date +%s) - t0 ))
		objs=$(sed -n 's/^  \(CC\|AS\)  *\(.*\.o\)$/\2/p' "$log" | sort -u)
		warn=$(grep -c 'warning:' "$log" || true)
		echo "$k ok ${t}s $(echo $objs | wc -w) objects, $warn warnings: $p" |
			tee -a "$out/steps"
		echo "$objs" | sed 's/^/	/' >> "$out/steps"
		grep 'warning:' "$log" | sed 's/^/	warning: /' >> "$out/steps" || true
	done < "$here/patches/series"
	to_pristine
	echo "every step built: $out/steps"
}

# ---- configure and build -----------------------------------------------------
# build OUT LOCALVERSION
build() {
	out=$1
	if ! cmp -s "$here/harness.config" "$out/harness.config"; then
		make -s -C "$tree" O="$out" KCONFIG_ALLCONFIG="$here/harness.config" \
			allnoconfig
		# every line asked for must have survived its dependencies
		grep '^CONFIG_' "$here/harness.config" | while read -r l; do
			grep -qx "$l" "$out/.config" ||
				{ echo "$out/.config: no $l" >&2; exit 1; }
		done
		cp "$here/harness.config" "$out/harness.config"
	fi
	t0=$(date +%s)
	if ! nice -n 19 make -C "$tree" O="$out" LOCALVERSION="$2" -j"$JOBS" bzImage \
			> "$out/build.log" 2>&1; then
		tail -n 30 "$out/build.log" >&2
		echo "kernel build failed: $out/build.log" >&2
		exit 1
	fi
	echo $(( $(date +%s) - t0 )) > "$out/time"
	echo "$out/arch/x86/boot/bzImage: $(cat "$out/time") s"
}

if [ "$which" = each ]; then
	each
	exit 0
fi

stock=$cache/build-stock
limbo=$cache/build-limbo
if [ "$which" != limbo ] || [ ! -e "$stock/arch/x86/boot/bzImage" ]; then
	to_pristine
	mkdir -p "$stock"
	build "$stock" ""
fi
if [ "$which" != stock ]; then
	# the series (not the cover letter) and the configuration
	sum=$(cd "$here/patches" && cat series $(cat series) ../harness.config |
	      sha256sum | cut -c1-16)
	fresh=
	if [ "$(cat "$limbo/.from-stock" 2>/dev/null)" != "$sum" ]; then
		rm -rf "$limbo"
		cp -a "$stock" "$limbo"
		echo "$sum" > "$limbo/.from-stock"
		fresh=1
	fi
	to_limbo "$limbo/.from-stock"
	if [ -n "$fresh" ]; then
		# tools/objtool records absolute output paths, so the copy
		# rebuilds it, and every kernel object depends on its binary's
		# date: the same sources give the same program, keep the date
		nice -n 19 make -s -C "$tree" O="$limbo" tools/objtool
		find "$limbo/tools/objtool" -exec \
			touch -h -r "$stock/tools/objtool/objtool" {} +
	fi
	build "$limbo" -limbo
	to_pristine
	# the kernel's purgatory is limbo's object: the project's own checks,
	# and the same code and data as make purgatory's
	kro=$limbo/arch/x86/purgatory/limbo.ro
	"$top/purgatory/check-object.sh" "$kro" "$top/build/limbo-check"
	for sec in .text .rodata .data; do
		objcopy -O binary -j $sec "$kro" "$limbo/cmp-kernel$sec"
		objcopy -O binary -j $sec "$top/build/purgatory/purgatory.ro" \
			"$limbo/cmp-limbo$sec"
		cmp "$limbo/cmp-kernel$sec" "$limbo/cmp-limbo$sec" ||
			{ echo "$kro: $sec differs from build/purgatory/purgatory.ro" >&2
			  exit 1; }
	done
	echo "$kro: .text .rodata .data as in build/purgatory/purgatory.ro"
fi
