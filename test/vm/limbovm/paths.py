# SPDX-License-Identifier: GPL-2.0-only
"""Where things live: the harness, the cache, the results, the binaries."""

import os
import threading

VM_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(os.path.dirname(VM_DIR))
CACHE = os.environ.get("LIMBO_VM_CACHE", os.path.join(REPO, ".cache", "vm"))
RESULTS = os.path.join(VM_DIR, "results")
GUEST = os.path.join(VM_DIR, "guest")

QEMU = os.environ.get("LIMBO_QEMU", "/usr/bin/qemu-system-x86_64")
# builds and caches the INIT-faithful QEMU; --path says where it is
QEMU_INIT_BUILD = os.path.join(VM_DIR, "qemu", "build.sh")
BUSYBOX = "/bin/busybox"
MAKEDUMPFILE = "/usr/bin/makedumpfile"
STOCK_KEXEC = "/usr/sbin/kexec"
LIMBO_KEXEC = os.environ.get(
	"LIMBO_KEXEC", os.path.join(REPO, "build", "kexec-2.0.25", "sbin", "kexec"))
# the kfile column's (kexec -s): -d makes the kernel print its segments
KEXEC_FILE_KEXEC = os.path.join(REPO, "build", "kexec-2.0.29", "sbin", "kexec")
LIMBO_PURGATORY = os.environ.get(
	"LIMBO_PURGATORY", os.path.join(REPO, "build", "purgatory", "purgatory.ro"))
LIMBO_REPORT = os.environ.get("LIMBO_REPORT",
			      os.path.join(REPO, "build", "limbo-report"))


def versioned_kexec(version, stock):
	"""kexec-tools VERSION as make builds it: with limbo's plugin
	(make kexec KEXEC_VERSION=...) or without (make kexec-stock ...)."""
	return os.path.join(REPO, "build", "kexec-%s%s" % (
		"stock-" if stock else "", version), "sbin", "kexec")


def atomic_write(path, data):
	"""Write a cache file so that readers never see it half written."""
	# unique per thread: two runs (--jobs 2) may build the same file
	tmp = "%s.tmp%d-%d" % (path, os.getpid(), threading.get_ident())
	with open(tmp, "wb") as f:
		f.write(data)
	os.replace(tmp, path)


def qemu_init():
	"""The INIT-faithful QEMU: LIMBO_QEMU_INIT, else where
	qemu/build.sh caches it (which may not exist yet)."""
	if os.environ.get("LIMBO_QEMU_INIT"):
		return os.environ["LIMBO_QEMU_INIT"]
	import subprocess
	out = subprocess.run([QEMU_INIT_BUILD, "--path"], capture_output=True,
			     text=True, check=True)
	return out.stdout.strip()
