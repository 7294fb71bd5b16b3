# SPDX-License-Identifier: GPL-2.0-only
"""Build the two initramfs images (cpio newc, gzip), cached by content hash.

The first-kernel image holds busybox, the kexec under test with its shared
libraries, optionally limbo's purgatory object, the dump kernel and the dump
initramfs.  The dump image holds busybox, makedumpfile with its libraries
and optionally limbo-report.
"""

import gzip
import hashlib
import io
import os
import re
import subprocess

from . import paths


class Image:
	"""An initramfs being assembled: archive path -> (mode, data)."""

	def __init__(self):
		self.entries = {}

	def dir(self, path, mode=0o755):
		path = path.strip("/")
		parts = path.split("/")
		for i in range(1, len(parts) + 1):
			p = "/".join(parts[:i])
			if p and p not in self.entries:
				self.entries[p] = (0o040000 | mode, b"")

	def _parent(self, path):
		parent = os.path.dirname(path.strip("/"))
		if parent:
			self.dir(parent)

	def data(self, path, data, mode=0o644):
		self._parent(path)
		if isinstance(data, str):
			data = data.encode()
		self.entries[path.strip("/")] = (0o100000 | mode, data)

	def file(self, path, src, mode=None):
		with open(src, "rb") as f:
			data = f.read()
		if mode is None:
			mode = os.stat(src).st_mode & 0o777
		self.data(path, data, mode)

	def symlink(self, path, target):
		self._parent(path)
		self.entries[path.strip("/")] = (0o120000 | 0o777, target.encode())

	def binary(self, path, src):
		"""A dynamically linked binary plus every library ldd lists."""
		self.file(path, src, 0o755)
		for lib in ldd(src):
			self.file(lib, lib, 0o755)

	def digest(self):
		h = hashlib.sha256()
		for name in sorted(self.entries):
			mode, data = self.entries[name]
			h.update(b"%s\0%o\0%d\0" % (name.encode(), mode, len(data)))
			h.update(data)
		return h.hexdigest()

	def cpio(self):
		out = io.BytesIO()
		for ino, name in enumerate(sorted(self.entries), 1):
			mode, data = self.entries[name]
			_cpio_entry(out, ino, name, mode, data)
		_cpio_entry(out, 0, "TRAILER!!!", 0, b"")
		return out.getvalue()

	def write_cached(self, kind):
		"""Write <cache>/initramfs/<kind>-<hash>.cpio.gz unless present."""
		d = os.path.join(paths.CACHE, "initramfs")
		os.makedirs(d, exist_ok=True)
		path = os.path.join(d, "%s-%s.cpio.gz" % (kind, self.digest()[:16]))
		if not os.path.exists(path):
			blob = gzip.compress(self.cpio(), compresslevel=6, mtime=0)
			paths.atomic_write(path, blob)
		return path


def _cpio_entry(out, ino, name, mode, data):
	nameb = name.encode() + b"\0"
	nlink = 2 if mode & 0o040000 else 1
	hdr = "070701" + "".join("%08X" % v for v in (
		ino, mode, 0, 0, nlink, 0, len(data), 0, 0, 0, 0,
		len(nameb), 0))
	out.write(hdr.encode())
	out.write(nameb)
	out.write(b"\0" * (-(110 + len(nameb)) % 4))
	out.write(data)
	out.write(b"\0" * (-len(data) % 4))


def ldd(binary):
	"""Absolute paths of the shared libraries a binary needs (incl. ld.so)."""
	res = subprocess.run(["ldd", binary], capture_output=True, text=True)
	if "not a dynamic executable" in res.stdout + res.stderr:
		return []
	if res.returncode:
		raise RuntimeError("ldd %s: %s" % (binary, res.stderr.strip()))
	libs = []
	for line in res.stdout.splitlines():
		m = re.search(r"(/\S+)\s+\(0x", line)
		if m:
			libs.append(m.group(1))
		elif "=>" in line and "not found" in line:
			raise RuntimeError("ldd %s: %s" % (binary, line.strip()))
	return libs


def _busybox(img):
	img.file("bin/busybox", paths.BUSYBOX, 0o755)
	out = subprocess.run([paths.BUSYBOX, "--list-full"], check=True,
			     capture_output=True, text=True).stdout
	for applet in out.split():
		if applet != "bin/busybox" and applet.strip("/") not in img.entries:
			img.symlink(applet, "/bin/busybox")
	for d in ("proc", "sys", "dev", "tmp", "run", "mnt"):
		img.dir(d)


def _guest_script(name):
	with open(os.path.join(paths.GUEST, name)) as f:
		return f.read()


def build_dump(report_bin=None):
	"""The dump kernel's initramfs; returns its path."""
	img = Image()
	_busybox(img)
	img.binary("usr/bin/makedumpfile", paths.MAKEDUMPFILE)
	if report_bin:
		img.binary("bin/limbo-report", report_bin)
	img.data("init", _guest_script("init-dump.sh"), 0o755)
	return img.write_cached("dump")


def build_first(kexec_bin, dump_kernel, dump_initrd, purgatory=None,
		modules=()):
	"""The first kernel's initramfs; returns its path.

	dump_kernel is any kernel image kexec can load (bzImage or ELF
	vmlinux, possibly gzip-compressed); it lands at /dump/vmlinuz.
	"""
	img = Image()
	_busybox(img)
	img.binary("sbin/kexec", kexec_bin)
	if purgatory:
		img.file("limbo/purgatory.ro", purgatory, 0o644)
	img.file("dump/vmlinuz", dump_kernel, 0o644)
	img.file("dump/initrd.img", dump_initrd, 0o644)
	for m in modules:
		img.file("lib/modules/" + os.path.basename(m), m, 0o644)
	img.data("init", _guest_script("init-first.sh"), 0o755)
	return img.write_cached("first")
