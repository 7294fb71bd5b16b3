#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# packaging/deb/build.sh OUT [KEXEC_VERSION]
#
# Builds, into OUT (build/deb):
#   kexec-tools_<Debian's version>+limbo<LIMBO_VERSION>_amd64.deb
#       Debian's own kexec-tools source (apt-get source), limbo's plugin
#       added as one quilt patch, debian/patches/limbo-plugin.patch;
#   limbo_<LIMBO_VERSION>_amd64.deb
#       purgatory.ro, limbo-check, limbo-report, the opt-out file and the
#       kdump-tools glue, from this tree with packaging/limbo/debian;
# each with dpkg-buildpackage -b -us -uc, then lintian on both.
# Needs root for apt-get (build dependencies), like the rest of the build.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=$1
version=${2:-2.0.25}
mkdir -p "$out"
out=$(cd "$out" && pwd)
. "$top/kexec-plugin/source.sh"
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8
# CPU is scarce where this runs: one job unless the caller says otherwise
export DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-parallel=1}"

limbo_version=$(sed -n 's/^#define LIMBO_VERSION[[:space:]]*"\(.*\)"$/\1/p' \
	"$top/include/limbo/version.h")
[ -n "$limbo_version" ] || { echo "no LIMBO_VERSION in include/limbo/version.h" >&2; exit 1; }

need=""
for p in dpkg-dev debhelper fakeroot lintian python3; do
	dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
done
if [ -n "$need" ]; then
	"$top/kexec-plugin/apt-sources.sh"
	apt-get install -y -q --no-install-recommends $need
fi

# the package's build dependencies, from its (edited) debian/control
build_deps() {
	if ! (cd "$1" && dpkg-checkbuilddeps) 2>/dev/null; then
		"$top/kexec-plugin/apt-sources.sh"
		apt-get build-dep -y -q "$1"
	fi
}

# ---- kexec-tools: Debian's source + limbo-plugin.patch ---------------------
work=$out/src
rm -rf "$work"
mkdir -p "$work"
dsc=$(limbo_kexec_dsc "$version")
tree=$work/kexec-tools-$version
dpkg-source --no-check -x "$dsc" "$tree" >/dev/null

# The patch: Debian's patched tree against the same tree with the hooks
# (kexec-plugin/patches) applied and the plugin copied into kexec/limbo/.
mkdir "$work/a"
(cd "$tree" && tar --exclude=./.pc --exclude=./debian -cf - .) | tar -xf - -C "$work/a"
cp -a "$work/a" "$work/b"
patch -d "$work/b" -p1 -s < "$top/kexec-plugin/patches/kexec-tools-$version-limbo.patch"
limbo_plugin_copy "$work/b"
(cd "$work" && diff -ruN a b > plugin.diff) || [ $? = 1 ]
rm -rf "$work/a" "$work/b"

"$here/debianize.py" "$tree" "$work/plugin.diff" "$limbo_version" \
	"$(cd "$top" && git log -1 --format=%cD 2>/dev/null || date -R)"
build_deps "$tree"
echo "building kexec-tools $(dpkg-parsechangelog -l "$tree/debian/changelog" -S Version)"
(cd "$tree" && dpkg-buildpackage -b -us -uc) > "$work/kexec-tools.build.log" 2>&1 ||
	{ tail -n 40 "$work/kexec-tools.build.log" >&2; exit 1; }

# ---- limbo: this tree + packaging/limbo/debian ------------------------------
ltree=$work/limbo-$limbo_version
mkdir -p "$ltree"
if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	# what git knows, as it is in the work tree (uncommitted edits too)
	(cd "$top" && git ls-files -z --cached --others --exclude-standard |
		tar --null -T - -cf -) | tar -xf - -C "$ltree"
else
	(cd "$top" && tar --exclude=./build --exclude=./.cache --exclude=./.git -cf - .) |
		tar -xf - -C "$ltree"
fi
rm -rf "$ltree/debian" "$ltree/build"
cp -a "$here/../limbo/debian" "$ltree/debian"
cat > "$ltree/debian/changelog" <<EOF
limbo ($limbo_version) unstable; urgency=medium

  * limbo $limbo_version, built from its tree with packaging/limbo/debian.

 -- ${DEBFULLNAME:-limbo builder} <${DEBEMAIL:-limbo@limbo.invalid}>  $(cd "$top" && git log -1 --format=%cD 2>/dev/null || date -R)
EOF
build_deps "$ltree"
echo "building limbo $limbo_version"
(cd "$ltree" && dpkg-buildpackage -b -us -uc) > "$work/limbo.build.log" 2>&1 ||
	{ tail -n 40 "$work/limbo.build.log" >&2; exit 1; }

rm -f "$out"/*.deb "$out"/*.udeb "$out"/*.changes "$out"/*.buildinfo "$out"/.built-*
mv "$work"/*.deb "$work"/*.udeb "$work"/*.changes "$work"/*.buildinfo "$out"/
ls -l "$out"/*.deb "$out"/*.udeb

# ---- the libraries kexec needs: Debian's own amd64 kexec's, nothing more ----------
# (the installer's udeb can only use libraries with a udeb; libelf, liblzma
# have none).  Debian's: libc and Xen's libxenctrl, its udeb's dependency.
allowed='^(libc\.so\.6|libxenctrl\.so\.[0-9.]+)$'
for p in "$out"/kexec-tools_*+limbo*_amd64.deb "$out"/kexec-tools-udeb_*+limbo*_amd64.udeb; do
	x=$work/needed
	rm -rf "$x"
	dpkg-deb -x "$p" "$x"
	needed=$(objdump -p "$x/sbin/kexec" | awk '$1 == "NEEDED" { print $2 }')
	extra=$(echo "$needed" | grep -Ev "$allowed" || true)
	if [ -n "$extra" ]; then
		echo "$(basename "$p"): kexec needs $(echo $extra) beyond Debian's own" >&2
		exit 1
	fi
	echo "$(basename "$p"): kexec needs $(echo $needed)"
done
rm -rf "$work/needed"

# ---- lintian: errors fail the build (overrides say why where needed) --------
lintian --allow-root --fail-on error --info "$out"/*.changes > "$out/lintian.txt" 2>&1 ||
	{ cat "$out/lintian.txt" >&2; echo "lintian: errors (see above)" >&2; exit 1; }
grep -v '^N:' "$out/lintian.txt" || true
