# SPDX-License-Identifier: GPL-2.0-only
"""Fetch Debian kernels into the cache and turn a bzImage into an ELF vmlinux.

A kernel is named by its series ("6.1", "6.12").  The exact package is
resolved from the archive each time the cache is empty: whatever bookworm's
(or bookworm-backports') linux-image-amd64 currently depends on.  Only
/boot/vmlinuz-* is kept, plus the modules in KEPT_MODULES.
"""

import gzip
import lzma
import os
import re
import shutil
import struct
import subprocess
import tempfile

from . import paths

# series -> extra apt-cache arguments selecting the suite
SUITES = {
	"6.1": [],
	"6.12": ["-t", "bookworm-backports"],
}

# modules kept next to the kernel (S8 binds uio_pci_generic to edu; msr
# gives the plugin IA32_APIC_BASE.BSP, the firmware's boot CPU)
KEPT_MODULES = ("uio.ko", "uio_pci_generic.ko", "msr.ko")


# kernels `make kernel` builds (kexec-plugin/linux/build.sh), by name:
# Debian's 6.12 source as shipped, and with limbo's kexec_file_load series;
# one small configuration, every driver built in (no modules)
BUILT = {"k6.12": "build-stock", "k6.12-limbo": "build-limbo"}


class KernelError(Exception):
	pass


class Kernel:
	"""One unpacked kernel in the cache."""

	builtin_modules = False		# KEPT_MODULES are files next to it

	def __init__(self, series, package, directory):
		self.series = series
		self.package = package
		self.dir = directory

	@property
	def version(self):
		return self.package[len("linux-image-"):]

	@property
	def bzimage(self):
		return os.path.join(self.dir, "vmlinuz-" + self.version)

	def module(self, name):
		"""Path of an uncompressed kept module, or None."""
		path = os.path.join(self.dir, "modules", name)
		return path if os.path.exists(path) else None

	def vmlinux(self):
		"""Uncompressed ELF vmlinux extracted from the bzImage (cached)."""
		out = os.path.join(self.dir, "vmlinux-" + self.version)
		if not os.path.exists(out):
			data = extract_vmlinux(self.bzimage)
			paths.atomic_write(out, data)
		return out

	def vmlinux_at(self, delta, compress=False):
		"""The ELF vmlinux with its physical addresses moved up by delta.

		kexec-tools' x86_64 ELF loader puts PT_LOAD segments at their
		p_paddr (16 MiB for Debian's kernels) and refuses them outside
		the crashkernel region; the kernel itself runs at any 2 MiB
		aligned physical address, so the program headers are rebased.
		"""
		out = "%s-at-%#x" % (self.vmlinux(), delta)
		if not os.path.exists(out):
			with open(self.vmlinux(), "rb") as f:
				data = rebase_elf(f.read(), delta)
			paths.atomic_write(out, data)
		if compress:
			gz = out + ".gz"
			if not os.path.exists(gz):
				with open(out, "rb") as f:
					paths.atomic_write(gz, gzip.compress(
						f.read(), compresslevel=6, mtime=0))
			out = gz
		return out

	def __repr__(self):
		return "Kernel(%s, %s)" % (self.series, self.package)


class BuiltKernel(Kernel):
	"""A kernel `make kernel` built, in its build directory."""

	builtin_modules = True

	def __init__(self, series, directory):
		super().__init__(series, "linux-image-" + series, directory)

	@property
	def bzimage(self):
		return os.path.join(self.dir, "arch", "x86", "boot", "bzImage")

	def module(self, name):
		return None

	def vmlinux(self):
		return os.path.join(self.dir, "vmlinux")


def built(series):
	d = os.path.join(paths.REPO, ".cache", "kernel", BUILT[series])
	k = BuiltKernel(series, d)
	if not os.path.exists(k.bzimage):
		raise KernelError("%s: no %s (make kernel)" % (series, k.bzimage))
	return k


def resolve_package(series):
	"""Ask apt which linux-image-* the suite's linux-image-amd64 depends on."""
	if series not in SUITES:
		raise KernelError("unknown kernel series %r (known: %s)" %
				  (series, ", ".join(SUITES)))
	cmd = ["apt-cache", "depends"] + SUITES[series] + ["linux-image-amd64"]
	out = subprocess.run(cmd, check=True, capture_output=True,
			     text=True).stdout
	for line in out.splitlines():
		m = re.match(r"\s*Depends:\s*(linux-image-\S+)", line)
		if m and m.group(1).startswith("linux-image-" + series + "."):
			return m.group(1)
	raise KernelError("%s: no linux-image-%s.* dependency in:\n%s" %
			  (" ".join(cmd), series, out))


def _cached(series):
	"""The already unpacked kernel of a series, if any (no apt call)."""
	base = os.path.join(paths.CACHE, "kernels", series)
	if not os.path.isdir(base):
		return None
	for name in sorted(os.listdir(base)):
		d = os.path.join(base, name)
		k = Kernel(series, name, d)
		# a cache from before a module was added is fetched again
		if os.path.exists(k.bzimage) and \
		   all(k.module(m) for m in KEPT_MODULES):
			return k
	return None


def fetch(series, log=print):
	"""Return the Kernel for a series, downloading and unpacking if needed."""
	if series in BUILT:
		return built(series)
	k = _cached(series)
	if k:
		return k
	package = resolve_package(series)
	debdir = os.path.join(paths.CACHE, "kernels")
	os.makedirs(debdir, exist_ok=True)
	debs = [f for f in os.listdir(debdir)
		if f.startswith(package + "_") and f.endswith(".deb")]
	if not debs:
		log("downloading %s" % package)
		# apt's _apt user cannot write here; download as root is fine
		subprocess.run(["apt-get", "download", package], cwd=debdir,
			       check=True, stdout=subprocess.DEVNULL)
		debs = [f for f in os.listdir(debdir)
			if f.startswith(package + "_") and f.endswith(".deb")]
	if not debs:
		raise KernelError("apt-get download %s produced no .deb" % package)
	deb = os.path.join(debdir, sorted(debs)[-1])
	log("unpacking %s" % os.path.basename(deb))
	dest = os.path.join(debdir, series, package)
	with tempfile.TemporaryDirectory(dir=debdir) as tmp:
		subprocess.run(["dpkg-deb", "-x", deb, tmp], check=True)
		os.makedirs(os.path.join(dest, "modules"), exist_ok=True)
		version = package[len("linux-image-"):]
		shutil.copy(os.path.join(tmp, "boot", "vmlinuz-" + version),
			    dest + "/vmlinuz-" + version + ".tmp")
		_keep_modules(tmp, version, os.path.join(dest, "modules"))
		os.replace(dest + "/vmlinuz-" + version + ".tmp",
			   dest + "/vmlinuz-" + version)
	os.unlink(deb)
	return Kernel(series, package, dest)


def _keep_modules(root, version, dest):
	moddir = os.path.join(root, "lib", "modules", version, "kernel")
	for dirpath, _, files in os.walk(moddir):
		for f in files:
			base = f[:-3] if f.endswith(".xz") else f
			if base not in KEPT_MODULES:
				continue
			with open(os.path.join(dirpath, f), "rb") as src:
				data = src.read()
			if f.endswith(".xz"):
				data = lzma.decompress(data)
			paths.atomic_write(os.path.join(dest, base), data)


# --- bzImage -> vmlinux ------------------------------------------------

PT_LOAD = 1


def rebase_elf(data, delta):
	"""Add delta to e_entry and every PT_LOAD p_paddr of an ELF64 image."""
	if data[:5] != b"\x7fELF\x02" or delta % 0x200000:
		raise KernelError("rebase: not ELF64 or delta not 2 MiB aligned")
	buf = bytearray(data)
	entry, phoff = struct.unpack_from("<QQ", buf, 0x18)
	phentsize, phnum = struct.unpack_from("<HH", buf, 0x36)
	struct.pack_into("<Q", buf, 0x18, entry + delta)
	for i in range(phnum):
		off = phoff + i * phentsize
		if struct.unpack_from("<I", buf, off)[0] == PT_LOAD:
			paddr = struct.unpack_from("<Q", buf, off + 0x18)[0]
			struct.pack_into("<Q", buf, off + 0x18, paddr + delta)
	return bytes(buf)


_MAGICS = (
	(b"\x1f\x8b\x08", "gzip"),
	(b"\xfd7zXZ\x00", "xz"),
	(b"\x28\xb5\x2f\xfd", "zstd"),
)


def extract_vmlinux(bzimage):
	"""Decompress the payload of a bzImage into the ELF vmlinux.

	The boot protocol (>= 2.08) header gives payload_offset/length relative
	to the protected-mode code, which starts after the setup sectors.  The
	kernel build appends the uncompressed size (le32) to the payload; it
	is used to check the result.
	"""
	with open(bzimage, "rb") as f:
		img = f.read()
	if img[0x202:0x206] != b"HdrS":
		raise KernelError("%s: not a bzImage" % bzimage)
	setup_sects = img[0x1f1] or 4
	pm_start = (setup_sects + 1) * 512
	off, length = struct.unpack_from("<II", img, 0x248)
	payload = img[pm_start + off:pm_start + off + length]
	size = struct.unpack_from("<I", payload, len(payload) - 4)[0]
	body = payload[:-4]
	for magic, kind in _MAGICS:
		if body.startswith(magic):
			break
	else:
		raise KernelError("%s: unknown payload magic %s" %
				  (bzimage, body[:6].hex()))
	if kind == "gzip":
		data = gzip.decompress(body)
	elif kind == "xz":
		data = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(body)
	else:
		data = subprocess.run(["zstd", "-dc"], input=body, check=True,
				      capture_output=True).stdout
	if data[:4] != b"\x7fELF":
		raise KernelError("%s: %s payload is not ELF" % (bzimage, kind))
	if len(data) != size:
		raise KernelError("%s: payload size %d, header says %d" %
				  (bzimage, len(data), size))
	return data
