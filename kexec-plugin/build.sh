#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# build.sh VERSION BUILD_DIR
#
# Fetches Debian's kexec-tools source (2.0.25 from bookworm, 2.0.29 from
# trixie) with apt-get source, applies Debian's own patches and limbo's
# plugin patch, copies the plugin code into kexec/limbo/, and builds a
# kexec with zlib into BUILD_DIR/kexec-VERSION/sbin/kexec.
set -eu
version=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
cache=$top/.cache/kexec-src

case $version in
2.0.25) suite=bookworm ;;
2.0.29) suite=trixie ;;
*) echo "build.sh: kexec-tools $version is not supported (2.0.25, 2.0.29)" >&2; exit 1 ;;
esac

need=""
for p in dpkg-dev libelf-dev zlib1g-dev gcc make patch; do
	dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
done
if [ -n "$need" ]; then
	"$here/apt-sources.sh"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q $need
fi

pristine=$cache/kexec-tools-$version
if [ ! -f "$pristine/.limbo-pristine" ]; then
	"$here/apt-sources.sh"
	mkdir -p "$cache/dl-$suite"
	(cd "$cache/dl-$suite" && apt-get source --download-only -q "kexec-tools/$suite")
	dsc=$(ls "$cache/dl-$suite"/kexec-tools_"$version"-*.dsc | head -n 1)
	rm -rf "$pristine"
	dpkg-source --no-check -x "$dsc" "$pristine" >/dev/null
	touch "$pristine/.limbo-pristine"
fi

src=$out/kexec-$version/src
rm -rf "$src"
mkdir -p "$out/kexec-$version"
cp -a "$pristine" "$src"
(cd "$src" && patch -p1 -s < "$here/patches/kexec-tools-$version-limbo.patch")
mkdir -p "$src/kexec/limbo/include/limbo"
# the sources kexec builds are the ones the patch lists (mkpatch.py
# PLUGIN_SRCS), from kexec-plugin/src or else lib/
for f in $(sed -n 's|^KEXEC_SRCS_base += kexec/limbo/||p' "$src/kexec/Makefile"); do
	if [ -e "$here/src/$f" ]; then
		cp "$here/src/$f" "$src/kexec/limbo/"
	else
		cp "$top/lib/$f" "$src/kexec/limbo/"
	fi
done
cp "$here"/src/*.h "$src/kexec/limbo/"
cp "$top"/include/limbo/*.h "$src/kexec/limbo/include/limbo/"

cd "$src"
./configure -q --prefix=/usr --with-zlib --without-lzma --without-xen \
	LIBS=-lelf CFLAGS="-O2 -g -Wall" >/dev/null
make -s -j"$(nproc)" >/dev/null
mkdir -p "$out/kexec-$version/sbin"
cp build/sbin/kexec "$out/kexec-$version/sbin/kexec"
echo "built $out/kexec-$version/sbin/kexec (kexec-tools $version + limbo plugin)"
