#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# build-stock-kexec.sh VERSION BUILD_DIR
#
# The stock column of a scenario that needs another kexec-tools than
# /usr/sbin/kexec (S16: 2.0.29 for --hotplug): Debian's source of
# VERSION with Debian's own patches and nothing of limbo, configured as
# kexec-plugin/build.sh configures the limbo column's kexec, so the two
# columns differ by limbo's patch alone.  Output:
# BUILD_DIR/kexec-stock-VERSION/sbin/kexec.
set -eu
version=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$(dirname "$here")")
. "$top/kexec-plugin/source.sh"
limbo_kexec_suite "$version" >/dev/null	# refuses a version it does not know

# the unpacked Debian source, shared with kexec-plugin/build.sh (same
# marker): unpacked here only when that build has not run yet
pristine=$top/.cache/kexec-src/kexec-tools-$version
if [ ! -f "$pristine/.limbo-pristine" ]; then
	dsc=$(limbo_kexec_dsc "$version")
	rm -rf "$pristine"
	dpkg-source --no-check -x "$dsc" "$pristine" >/dev/null
	touch "$pristine/.limbo-pristine"
fi

dest=$out/kexec-stock-$version
rm -rf "$dest/src"
mkdir -p "$dest/sbin"
cp -a "$pristine" "$dest/src"
cd "$dest/src"
./configure -q --prefix=/usr --with-zlib --without-lzma --without-xen \
	CFLAGS="-O2 -g -Wall" >/dev/null
make -s -j1 >/dev/null
cp build/sbin/kexec "$dest/sbin/kexec"
echo "built $dest/sbin/kexec (kexec-tools $version, Debian's source, no limbo patch)"
