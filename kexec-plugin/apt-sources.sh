#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Adds the Debian suites limbo needs to apt, once: bookworm-backports
# (QEMU 10, kernel 6.12) and deb-src for bookworm and trixie (the
# kexec-tools 2.0.25 and 2.0.29 sources).  Runs apt-get update when it
# changed anything or when apt has never been updated.
set -eu
f=/etc/apt/sources.list.d/limbo.sources
want='Types: deb deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg'

if [ "$(id -u)" != 0 ]; then
	echo "apt-sources.sh: needs root to add $f" >&2
	exit 1
fi
if [ ! -f "$f" ] || [ "$(cat "$f")" != "$want" ]; then
	printf '%s\n' "$want" > "$f"
	apt-get update -q
elif [ ! -e /var/lib/apt/lists/deb.debian.org_debian_dists_trixie_main_source_Sources ] &&
     ! ls /var/lib/apt/lists/ 2>/dev/null | grep -q 'trixie_main_source_Sources'; then
	apt-get update -q
fi
