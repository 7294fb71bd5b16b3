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
. "$here/source.sh"
limbo_kexec_suite "$version" >/dev/null	# refuses a version it does not know

need=""
for p in dpkg-dev zlib1g-dev gcc make patch; do
	dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
done
if [ -n "$need" ]; then
	"$here/apt-sources.sh"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q $need
fi

pristine=$cache/kexec-tools-$version
if [ ! -f "$pristine/.limbo-pristine" ]; then
	dsc=$(limbo_kexec_dsc "$version")
	rm -rf "$pristine"
	dpkg-source --no-check -x "$dsc" "$pristine" >/dev/null
	touch "$pristine/.limbo-pristine"
fi

src=$out/kexec-$version/src
rm -rf "$src"
mkdir -p "$out/kexec-$version"
cp -a "$pristine" "$src"
(cd "$src" && patch -p1 -s < "$here/patches/kexec-tools-$version-limbo.patch")
# the plugin's files, as the Debian packaging copies them (source.sh)
limbo_plugin_copy "$src"

cd "$src"
./configure -q --prefix=/usr --with-zlib --without-lzma --without-xen \
	CFLAGS="-O2 -g -Wall" >/dev/null
make -s -j"$(nproc)" >/dev/null
mkdir -p "$out/kexec-$version/sbin"
cp build/sbin/kexec "$out/kexec-$version/sbin/kexec"
echo "built $out/kexec-$version/sbin/kexec (kexec-tools $version + limbo plugin)"
