#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Installs what building and testing limbo needs, from Debian's archive
# only: compilers and libraries for the purgatory, the plugin and the
# unit tests, and for the QEMU harness QEMU 10 from bookworm-backports
# (7.2 has no x2APIC under TCG), busybox-static, makedumpfile and Debian's
# stock kexec-tools (the "stock" column).  Idempotent.
set -eu
here=$(cd "$(dirname "$0")" && pwd)

if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: run as root (apt-get install)" >&2
	exit 1
fi
"$here/../kexec-plugin/apt-sources.sh"

export DEBIAN_FRONTEND=noninteractive
# The stock kexec binary is only copied into guests: never let the
# package arm kexec on this host's own reboot.
echo "kexec-tools kexec-tools/load_kexec boolean false" | debconf-set-selections
apt-get install -y -q --no-upgrade \
	gcc make binutils patch dpkg-dev libc6-dev \
	libelf-dev zlib1g-dev libcmocka-dev libssl-dev libjansson-dev \
	busybox-static makedumpfile kexec-tools cpio zstd xz-utils \
	python3 python3-pytest clang
apt-get install -y -q -t bookworm-backports qemu-system-x86
/usr/bin/qemu-system-x86_64 --version | head -n 1
