# SPDX-License-Identifier: GPL-2.0-only
"""Run one scenario on one kernel with one kexec column, and judge it."""

import dataclasses
import hashlib
import os
import random
import re
import struct
import time
import traceback
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from . import initramfs, inject, parking, paths, verdict
from .qemu import GdbError, QemuError, QmpError, Vm, qemu_binary

FIRST_BASE = "console=ttyS0 panic=-1"
SEED = random.randrange(1 << 32)	# per harness invocation
ELF_DELTA = 0x20000000		# S14: crashkernel=256M@512M
OTHER_SERIES = {"6.1": "6.12", "6.12": "6.1"}


class SetupError(Exception):
	pass


@dataclass
class Column:
	"""A kexec under test: stock Debian, or limbo's kexec + purgatory."""
	name: str
	kexec: str
	purgatory: Optional[str] = None
	report: Optional[str] = None
	notes: List[str] = field(default_factory=list)

	console: bool = True		# --console-serial: the purgatory logs
	build: str = ""			# which limbo build (hashes)
	syscall: Tuple[str, ...] = ()	# kexec's syscall choice, if not its default
	kexec_file: bool = False	# kexec -s: the kernel's own purgatory

	def kexec_args(self, popts):
		if self.kexec_file:
			return ["-s"]
		if not self.purgatory:
			return list(self.syscall)
		args = list(self.syscall) + ["--purgatory=/limbo/purgatory.ro"]
		if self.console:
			args.append("--console-serial")
		args += ["--purgatory-opt=" + o for o in popts]
		return args


def snapshot(path):
	"""Copy a binary under test into the cache, named by its hash.

	limbo is rebuilt while the harness runs; a matrix must test one
	build throughout, and the results must say which."""
	if not path:
		return None
	with open(path, "rb") as f:
		data = f.read()
	digest = hashlib.sha256(data).hexdigest()
	d = os.path.join(paths.CACHE, "snap", digest[:16])
	out = os.path.join(d, os.path.basename(path))
	if not os.path.exists(out):
		os.makedirs(d, exist_ok=True)
		paths.atomic_write(out, data)
		os.chmod(out, os.stat(path).st_mode & 0o777)
	return out


def make_column(name, limbo_kexec=None, limbo_purgatory=None, report=None,
		console=True):
	report = snapshot(report)
	if name == "stock":
		return Column("stock", paths.STOCK_KEXEC, None, report)
	if name == "kfile":
		# kexec_file_load: whichever purgatory the kernel under test
		# builds in (k6.12: the stock one, k6.12-limbo: limbo's).
		# kexec-tools 2.0.29, whose -d has the kernel print its
		# segment table (S10 needs it); -s leaves its plugin out
		if not os.path.exists(paths.KEXEC_FILE_KEXEC):
			raise SetupError("%s does not exist (make kexec "
					 "KEXEC_VERSION=2.0.29)" %
					 paths.KEXEC_FILE_KEXEC)
		return Column("kfile", snapshot(paths.KEXEC_FILE_KEXEC), None,
			      report, kexec_file=True,
			      build=_short_hash(paths.KEXEC_FILE_KEXEC))
	if name != "limbo":
		raise SetupError("unknown purgatory column %r (stock, limbo, "
				 "kfile)" % name)
	kexec = limbo_kexec or paths.LIMBO_KEXEC
	purg = limbo_purgatory or paths.LIMBO_PURGATORY
	if not os.path.exists(kexec):
		raise SetupError("limbo kexec %s does not exist (build it, or "
				 "pass --limbo-kexec /usr/sbin/kexec for "
				 "development)" % kexec)
	if os.path.realpath(kexec) == os.path.realpath(paths.STOCK_KEXEC):
		# stock kexec has no --purgatory: development stand-in only
		return Column("limbo", kexec, None, report,
			      ["DEV: limbo column ran stock kexec and its "
			       "built-in purgatory"])
	if not os.path.exists(purg):
		raise SetupError("limbo purgatory %s does not exist" % purg)
	return Column("limbo", snapshot(kexec), snapshot(purg), report,
		      console=console,
		      build="%s %s" % (_short_hash(kexec), _short_hash(purg)))


def column_for(scn, column):
	"""The column with the kexec-tools version the scenario asks for
	(S16: 2.0.29 for --hotplug): limbo's build of it, or the same
	Debian source built without limbo's patch for the stock column.
	That one gets --kexec-syscall: the stock column is kexec_load with
	kexec-tools' own purgatory, and from 2.0.27 on kexec-tools tries
	kexec_file_load (the kernel's purgatory) first.  limbo's plugin
	chooses kexec_load itself for --purgatory."""
	if not scn.kexec_version or (column.name == "limbo" and
				     not column.purgatory):
		return column
	stock = column.name == "stock"
	path = paths.versioned_kexec(scn.kexec_version, stock)
	if not os.path.exists(path):
		raise SetupError("%s does not exist (make %s KEXEC_VERSION=%s)" %
				 (path, "kexec-stock" if stock else "kexec",
				  scn.kexec_version))
	build = column.build
	if not stock:
		build = " ".join([_short_hash(path)] + build.split()[1:])
	return dataclasses.replace(
		column, kexec=snapshot(path), build=build,
		syscall=("--kexec-syscall",) if stock else (),
		notes=column.notes + ["kexec-tools %s%s" % (
			scn.kexec_version, ", no limbo patch" if stock else "")])


def _short_hash(path):
	with open(path, "rb") as f:
		return "%s:%s" % (os.path.basename(path),
				  hashlib.sha256(f.read()).hexdigest()[:12])


@dataclass
class Options:
	timeout: float = 120.0		# whole run (per cycle)
	dump_timeout: float = 60.0	# panic line -> dump kernel done
	debug_int: bool = False		# -d int,cpu_reset -D qemu-int.log
	debug_reset: bool = False	# -d cpu_reset -D qemu-int.log
	nmi_interval: float = 0.010
	nmi_max: int = 200
	nmi_delay: Optional[float] = None	# S4; None: uniform 0..max
	nmi_delay_max: float = 3.0
	corrupt_target: Optional[str] = None
	corrupt_offset: Optional[int] = None
	captures: List[str] = field(default_factory=list)  # what@point
	popts: List[str] = field(default_factory=list)
	seed: Optional[int] = None	# S4 delays; None: one per invocation
	qemu: str = "auto"		# auto (the scenario's), debian, init


def _plus(words):
	return "+".join(w for w in words.split() if w)


def first_cmdline(scn, column):
	base = FIRST_BASE
	if scn.pci_console:	# the PCI 16550 is ttyS1 (after the ISA ttyS0)
		base = base.replace("console=ttyS0", "console=ttyS1")
	words = [base, "crashkernel=" + scn.crashkernel, scn.first_extra,
		 "limbo.scenario=%s" % scn.name,
		 "limbo.load=%s" % scn.load,
		 "limbo.crash=%s" % scn.crash,
		 "limbo.cpu=%d" % scn.crash_cpu]
	if scn.sysrq:
		words.append("limbo.sysrq=1")
	if scn.elfcorehdr_rewritten is not None:
		words.append("limbo.wait=2")	# before and after the offline
	elif scn.corrupt:
		words.append("limbo.wait=1")
	if scn.offline_cpu is not None:
		words.append("limbo.offline=%d" % scn.offline_cpu)
	if scn.setup:
		words.append("limbo.setup=" + scn.setup)
	if scn.dump_extra:
		words.append("limbo.append=" + _plus(scn.dump_extra))
	return words


def _links_zlib(binary):
	return any("libz.so" in l for l in initramfs.ldd(binary))


def dump_image(scn, kernel, column, notes):
	if scn.dump_image == "bzimage":
		return kernel.bzimage
	gz = _links_zlib(column.kexec)
	notes.append("dump kernel: %s ELF vmlinux at +%#x" % (
		"gzip" if gz else "uncompressed (kexec has no zlib)",
		ELF_DELTA))
	return kernel.vmlinux_at(ELF_DELTA, compress=gz)


# --- kexec -d output ----------------------------------------------------

SEG = re.compile(r"segment\[(\d+)\]\.(buf|bufsz|mem|memsz)\s*=\s*(0x[0-9a-f]+)")
SEG_FIELDS = ("buf", "bufsz", "mem", "memsz")
NR_SEGMENTS = re.compile(r"^(?:kexec_file: )?nr_segments = (\d+)")
# kexec_file_load's table (kexec -s -d, kexec-tools >= 2.0.28 asks the
# kernel for it), one segment a line; buf is a hashed kernel pointer, or
# "(____ptrval____)" before the hash key is ready
KSEG = re.compile(r"kexec_file: segment\[(\d+)\]: buf=0x\S+ "
		  r"bufsz=(0x[0-9a-f]+) mem=(0x[0-9a-f]+) memsz=(0x[0-9a-f]+)")
KEXEC_ENTRY = re.compile(r"kexec_load: entry = (0x[0-9a-f]+)")
SEG_LABELS = (
	(re.compile(r"Loaded purgatory at addr (0x[0-9a-f]+)"), "purgatory"),
	(re.compile(r"Loaded real_mode_data and command line at "
		    r"(0x[0-9a-f]+)"), "bootparams"),
	(re.compile(r"Loaded 64bit kernel at (0x[0-9a-f]+)"), "kernel"),
	(re.compile(r"Loaded initrd at (0x[0-9a-f]+)"), "initrd"),
	(re.compile(r"Created elf header segment at (0x[0-9a-f]+)"),
	 "elfcorehdr"),
	(re.compile(r"Created backup segment at (0x[0-9a-f]+)"), "backup"),
	(re.compile(r"limbo: tables segment at (0x[0-9a-f]+)"), "tables"),
	# the kernel's own names (kexec_file_load)
	(re.compile(r"Loaded purgatory at (0x[0-9a-f]+)"), "purgatory"),
	(re.compile(r"Loaded boot_param, command line and misc at "
		    r"(0x[0-9a-f]+)"), "bootparams"),
	(re.compile(r"Loaded ELF headers at (0x[0-9a-f]+)"), "elfcorehdr"),
	(re.compile(r"Final command line is: elfcorehdr=(0x[0-9a-f]+)"),
	 "elfcorehdr"),
)
# the plugin's kexec -d line: where limbo_config lies (inside the purgatory)
CONFIG_AT = re.compile(r"limbo: config at (0x[0-9a-f]+), (\d+) bytes, "
		       r"tables_addr at \+(\d+)")
# the plugin's kexec -d line: where it put limbo's IDT stubs and TSS
IDT_PREBUILT = re.compile(r"limbo: IDT prebuilt: stubs at (0x[0-9a-f]+), "
			  r"TSS at (0x[0-9a-f]+)")


def _last_load(texts):
	"""The console lines from the last kexec-cmd line of the first
	kernel's init on (S12 loads once per cycle)."""
	texts = list(texts)
	starts = [i for i, t in enumerate(texts) if verdict.KEXEC_CMD in t]
	return texts[starts[-1]:] if starts else texts


def parse_segments(texts):
	"""Segments of the last kexec load in kexec -d output, labelled.

	guest/init-first.sh prints that output whole, with console messages
	held back; a table that is still incomplete (no nr_segments line, a
	segment or a field missing) raises SetupError rather than guess."""
	segs, labels, nr, entry = {}, {}, None, None
	for t in _last_load(texts):
		m = NR_SEGMENTS.search(t)
		if m:
			nr, segs = int(m.group(1)), {}
		m = KEXEC_ENTRY.search(t)
		if m:
			entry = int(m.group(1), 16)
		m = SEG.search(t)
		if m:
			segs.setdefault(int(m.group(1)), {})[m.group(2)] = \
				int(m.group(3), 16)
		m = KSEG.search(t)
		if m:
			segs[int(m.group(1))] = dict(zip(
				SEG_FIELDS, [0] + [int(x, 16) for x in m.groups()[1:]]))
		for pat, label in SEG_LABELS:
			m = pat.search(t)
			if m:
				labels[int(m.group(1), 16)] = label
	if nr is None:
		raise SetupError("no nr_segments line in the kexec -d output")
	if sorted(segs) != list(range(nr)) or \
	   any(sorted(s) != sorted(SEG_FIELDS) for s in segs.values()):
		raise SetupError("kexec -d segment table incomplete: "
				 "nr_segments = %d, read %s" % (nr, segs))
	out = []
	for i in sorted(segs):
		s = segs[i]
		s["index"] = i
		s["label"] = labels.get(s["mem"], "seg%d" % i)
		out.append(s)
	# the ELF loader names no purgatory: kexec enters it, so it is the
	# segment holding kexec_load's entry
	if entry is not None and not any(s["label"] == "purgatory" for s in out):
		for s in out:
			if s["label"].startswith("seg") and \
			   s["mem"] <= entry < s["mem"] + s["memsz"]:
				s["label"] = "purgatory"
	return out


def _segment(segs, label):
	found = [s for s in segs if s["label"] == label]
	if len(found) != 1:
		raise SetupError("%d %s segments in kexec -d output (have %s)" %
				 (len(found), label,
				  ", ".join(s["label"] for s in segs)))
	return found[0]


def purgatory_segment(texts):
	"""[lo, hi) of the purgatory segment of the last load, or a string
	saying why it is not known.  With limbo's plugin, the prebuilt IDT
	(its stubs and TSS) must lie inside it."""
	texts = _last_load(texts)
	try:
		seg = _segment(parse_segments(texts), "purgatory")
	except SetupError as e:
		return str(e)
	lo, hi = seg["mem"], seg["mem"] + seg["memsz"]
	for t in texts:
		m = IDT_PREBUILT.search(t)
		if m and not all(lo <= int(x, 16) < hi for x in m.groups()):
			return "the plugin's IDT (stubs %s, TSS %s) is outside " \
				"the purgatory segment [%#x, %#x)" % (
					m.group(1), m.group(2), lo, hi)
	return lo, hi


def corrupt(vm, segs, target, offset, control, texts=()):
	"""Flip (or, for the control run, rewrite) one byte through gdbstub.

	"tables_addr" is limbo_config's field inside the purgatory segment,
	where the plugin's kexec -d line says (@texts); @offset is the byte
	of that 8-byte field."""
	seg_of = {"cmdline": "bootparams", "tables_addr": "purgatory"}
	seg = _segment(segs, seg_of.get(target, target))
	if target == "tables_addr":
		at = [CONFIG_AT.search(t) for t in texts]
		at = [m for m in at if m]
		if not at:
			raise SetupError("no 'limbo: config at' line in the kexec -d "
					 "output: not a limbo purgatory")
		if offset is None or not 0 <= offset < 8:
			raise SetupError("tables_addr corruption needs a byte 0-7")
		offset += int(at[-1].group(1), 16) + int(at[-1].group(3)) - \
			seg["mem"]
	g = vm.gdb()
	try:
		if target == "cmdline" and offset is None:
			offset = _find_cmdline(g, seg)
		elif offset is None:
			offset = {"bootparams": 0x1f1,
				  "purgatory": 0x100}.get(target,
							   seg["bufsz"] // 2)
		if not 0 <= offset < seg["memsz"]:
			raise SetupError("offset %#x outside %s segment" %
					 (offset, target))
		addr = seg["mem"] + offset
		old = g.read(addr, 1)
		new = old if control else bytes([old[0] ^ 0xff])
		g.write(addr, new)
		back = g.read(addr, 1)
	finally:
		g.detach()
	if back != new:
		raise SetupError("gdbstub write at %#x did not stick" % addr)
	return {"target": target, "addr": hex(addr), "offset": hex(offset),
		"old": old.hex(), "new": new.hex(), "control": control,
		"segment": {k: (hex(v) if k != "label" and k != "index" else v)
			    for k, v in seg.items()}}


ELF_HEADER = 64
ELF_PHOFF, ELF_PHENTSIZE = 0x20, 0x36	# Elf64_Ehdr: e_phoff; e_phentsize, e_phnum
GDB_CHUNK = 0x400			# well within QEMU's gdbstub packet size


def _read_span(g, addr, length):
	return b"".join(g.read(addr + off, min(GDB_CHUNK, length - off))
			for off in range(0, length, GDB_CHUNK))


def elfcorehdr_image(g, seg):
	"""The ELF header and program headers at the start of the elfcorehdr
	segment: what kexec wrote, and what the kernel rewrites in place on
	a CPU or memory hotplug event of a --hotplug load."""
	head = g.read(seg["mem"], ELF_HEADER)
	if head[:4] != b"\x7fELF":
		raise SetupError("elfcorehdr at %#x does not start with an ELF "
				 "header: %s" % (seg["mem"], head[:16].hex()))
	phoff = struct.unpack_from("<Q", head, ELF_PHOFF)[0]
	phentsize, phnum = struct.unpack_from("<HH", head, ELF_PHENTSIZE)
	end = phoff + phentsize * phnum
	if end > seg["memsz"]:
		raise SetupError("elfcorehdr program headers end at %#x, past "
				 "the segment's %#x bytes" % (end, seg["memsz"]))
	return _read_span(g, seg["mem"], end), phnum


def elfcorehdr_summary(image, phnum):
	return {"bytes": len(image), "phnum": phnum,
		"sha256": hashlib.sha256(image).hexdigest()}


def _find_cmdline(g, seg):
	data = _read_span(g, seg["mem"], seg["bufsz"])
	i = data.find(b"console=ttyS0 nr_cpus=1")
	if i < 0:
		raise SetupError("dump command line not found in boot params")
	return i


# --- one run ------------------------------------------------------------

class Run:
	def __init__(self, scn, kernels, series, column, trial, outdir, opts):
		self.scn = scn
		self.series = series
		self.dump_series = OTHER_SERIES[series] if scn.cross else series
		self.kernel = kernels[series]
		self.dump_kernel = kernels[self.dump_series]
		self.column = column_for(scn, column)
		self.trial = trial
		self.outdir = outdir
		self.opts = opts
		self.notes = list(self.column.notes)
		self.record = {}
		self.threads = []
		self.injector = None
		self.timed_out = False
		try:
			self.qemu = qemu_binary(qemu_name(scn, opts))
		except QemuError as e:
			raise SetupError(str(e))

	def build(self):
		dump_initrd = initramfs.build_dump(self.column.report)
		image = dump_image(self.scn, self.dump_kernel, self.column,
				   self.notes)
		mods = [self.kernel.module("msr.ko")]
		if self.kernel.builtin_modules:
			mods = []	# make kernel's: msr and uio built in
		elif None in mods:
			raise SetupError("msr.ko missing in the kernel cache")
		if self.scn.setup == "edu" and not self.kernel.builtin_modules:
			mods += [self.kernel.module("uio.ko"),
				 self.kernel.module("uio_pci_generic.ko")]
			if None in mods:
				raise SetupError("uio modules missing in cache")
		first = initramfs.build_first(self.column.kexec, image,
					      dump_initrd,
					      self.column.purgatory, mods)
		words = first_cmdline(self.scn, self.column)
		kargs = self.scn.kexec_extra.split()
		kargs += self.column.kexec_args(list(self.scn.popts) +
						self.opts.popts)
		if kargs:
			words.append("limbo.kargs=" + "+".join(kargs))
		return first, " ".join(w for w in words if w)

	def start_threads(self, vm):
		o, scn = self.opts, self.scn
		if scn.inject == "storm":
			self.injector = inject.NmiStorm(vm, o.nmi_interval, o.nmi_max)
		elif scn.inject == "single":
			delay = o.nmi_delay
			if delay is None:
				# same delay for every column of a trial
				seed = o.seed if o.seed is not None else SEED
				rng = random.Random("%s-%s-%s-%d" % (
					seed, scn.name, self.series, self.trial))
				delay = rng.uniform(0, o.nmi_delay_max)
			self.injector = inject.SingleNmi(vm, delay)
		elif scn.inject == "edu-irq":
			self.injector = inject.EduIrq(vm, self.outdir)
		elif scn.inject in ("burst-on-exit", "burst-in-purgatory"):
			region = None
			if scn.inject == "burst-in-purgatory":
				region = lambda: self.purgatory_range(vm)
			self.injector = inject.BurstOnExit(
				vm, o.nmi_interval, o.nmi_max, region=region,
				anchor=verdict.KEXEC_EXEC)
		if self.injector:
			self.threads.append(self.injector)
		if o.debug_reset and scn.cycles == 1:
			self.reset_catcher = inject.ResetCatcher(vm, self.outdir)
			self.threads.append(self.reset_catcher)
		caps = list(scn.captures)
		caps += [(point, "cpus") for point in scn.park_check]
		for c in o.captures:
			what, _, point = c.partition("@")
			caps.append((point, what))
		for point, what in caps:
			if point == "hang":
				continue
			self.threads.append(inject.Capture(vm, scn.smp,
							   self.outdir, point, what))
		for t in self.threads:
			t.start()

	def drive(self, vm, deadline):
		"""Walk the guest through each cycle; returns when done."""
		con, scn = vm.console, self.scn
		pos = 0
		for _ in range(scn.cycles):
			name, pos, _, _ = con.wait(
				{"ok": verdict.LOADED, "fail": verdict.KEXEC_FAILED,
				 "setup": "LIMBO-VM: setup-failed"}, start=pos,
				timeout=deadline - time.monotonic())
			if name != "ok":
				return
			if scn.elfcorehdr_rewritten is not None:
				pos = self.do_elfcorehdr(vm, pos)
			elif scn.corrupt:
				self.do_corrupt(vm, pos)
			if scn.external:
				name, pos, _, _ = con.wait(
					{"r": "LIMBO-VM: ready-external-crash"},
					start=pos,
					timeout=deadline - time.monotonic())
				if name is None:
					return
				# the panic line may never reach the console (printk
				# from NMI context is deferred): time from the action
				self.external_crash(vm)
			else:
				anchor = verdict.PANIC if scn.load == "p" \
					else verdict.KEXEC_EXEC
				name, pos, _, _ = con.wait(
					{"c": anchor}, start=pos,
					timeout=deadline - time.monotonic())
				if name is None:
					return
			limit = min(deadline, time.monotonic() +
				    self.opts.dump_timeout * scn.slow)
			name, pos = self.wait_dump(con, pos, limit)
			if name == "halt":
				# limbo stopped on purpose; give anything else a
				# chance to show before the verdict
				con.wait({}, start=pos, timeout=self.HALT_GRACE)
				return
			if name is None:
				self.timed_out = not vm.wait_exit(5)
				return
			if name == "oops":
				con.wait({}, start=pos, timeout=self.OOPS_GRACE)
				return
			pos += 1

	OOPS_GRACE = 3.0
	HALT_GRACE = 5.0

	def wait_dump(self, con, pos, limit):
		"""From the crash line on: wait for the dump kernel to finish, or
		to oops (the extracted dmesg, which holds the crashed kernel's
		panic, is skipped)."""
		name, pos, _, _ = con.wait({"b": verdict.BANNER,
					    "e": verdict.DUMP_END,
					    "halt": verdict.LIMBO_HALT}, start=pos,
					   timeout=limit - time.monotonic())
		while name == "b" or name == "d":
			if name == "d":
				name, pos, _, _ = con.wait(
					{"x": verdict.DMESG_END}, start=pos,
					timeout=limit - time.monotonic())
				if name is None:
					break
			name, pos, _, _ = con.wait(
				{"e": verdict.DUMP_END, "d": verdict.DMESG_BEGIN,
				 "oops": verdict.OOPS}, start=pos + 1,
				timeout=limit - time.monotonic())
		return name, pos

	def do_corrupt(self, vm, pos):
		con = vm.console
		name, i, _, _ = con.wait({"w": "LIMBO-VM: waiting-go"},
					 start=pos, timeout=30)
		if name is None:
			raise SetupError("guest never asked for go")
		texts = [t for _, t in con.snapshot()[:i]]
		segs = parse_segments(texts)
		target = self.opts.corrupt_target or self.scn.corrupt
		offset = self.opts.corrupt_offset
		if offset is None:
			offset = self.scn.corrupt_offset
		self.record["corrupt"] = corrupt(vm, segs, target, offset,
						 self.scn.control,
						 _last_load(texts))
		con.send(b"go\n")

	def _wait_go(self, vm, pos):
		name, i, _, _ = vm.console.wait({"w": "LIMBO-VM: waiting-go"},
						start=pos, timeout=30)
		if name is None:
			raise SetupError("guest never asked for go")
		return i

	def _elfcorehdr(self, vm, seg, when):
		g = vm.gdb()
		try:
			image, phnum = elfcorehdr_image(g, seg)
		finally:
			g.detach()
		d = os.path.join(self.outdir, "captures")
		os.makedirs(d, exist_ok=True)
		with open(os.path.join(d, "elfcorehdr-%s.bin" % when), "wb") as f:
			f.write(image)
		return image, phnum

	def do_elfcorehdr(self, vm, pos):
		"""The elfcorehdr segment through gdbstub once the load is done
		and again after the guest's hotplug step (S16): did the kernel
		rewrite it?  A scenario's corruption (S16v) comes after the
		second read, once the kernel has rewritten what it rewrites.
		Returns the console position after the second stop."""
		con = vm.console
		i = self._wait_go(vm, pos)
		segs = parse_segments(t for _, t in con.snapshot()[:i])
		seg = _segment(segs, "elfcorehdr")
		before, n0 = self._elfcorehdr(vm, seg, "before")
		con.send(b"go\n")
		i = self._wait_go(vm, i + 1)
		after, n1 = self._elfcorehdr(vm, seg, "after")
		if self.scn.corrupt:
			self.record["corrupt"] = corrupt(
				vm, segs, self.opts.corrupt_target or self.scn.corrupt,
				self.opts.corrupt_offset, self.scn.control)
		con.send(b"go\n")
		diff = sum(a != b for a, b in zip(before, after)) + \
			abs(len(before) - len(after))
		self.record["elfcorehdr"] = {
			"mem": hex(seg["mem"]), "memsz": hex(seg["memsz"]),
			"before": elfcorehdr_summary(before, n0),
			"after": elfcorehdr_summary(after, n1),
			"bytes_changed": diff, "rewritten": before != after}
		return i + 1

	def purgatory_range(self, vm):
		"""[mem, mem + memsz) of the purgatory segment kexec -d printed,
		or (0, 0) (matches nothing) before it was printed."""
		seg = purgatory_segment(t for _, t in vm.console.snapshot())
		return (0, 0) if isinstance(seg, str) else seg

	def external_crash(self, vm):
		vm.console.mark("crash " + self.scn.external)
		if self.scn.external == "break":
			# sysrq on break works only on the console's port
			port = "ser1" if self.scn.pci_console else "ser0"
			vm.qmp.execute("chardev-send-break", {"id": port})
			time.sleep(0.2)
			vm.console.send(b"c", port)
		elif self.scn.external == "nmi":
			vm.qmp.execute("inject-nmi")
			self.record["external_nmis"] = 1

	def hang_captures(self, vm):
		text = inject.snapshot(vm, "regs", self.scn.smp)
		text += "\n" + inject.snapshot(vm, "lapic", self.scn.smp)
		inject._save(self.outdir, "hang-regs.txt", text)
		seg = self.purgatory_range(vm)
		for c in inject.cpu_states(text):
			if seg[0] <= c["rip"] < seg[1]:
				self.notes.append("hang: cpu%d RIP %#x inside the "
						  "purgatory segment" %
						  (c["cpu"], c["rip"]))

	def execute(self):
		os.makedirs(self.outdir, exist_ok=True)
		t_start = time.monotonic()
		first, cmdline = self.build()
		scn = self.scn
		vm = Vm(self.outdir, self.kernel.bzimage, first, cmdline,
			smp=scn.smp_args or scn.smp, mem=scn.mem,
			machine=scn.machine,
			cpu=scn.cpu, devices=scn.devices,
			qemu_globals=scn.qemu_globals,
			pci_console=scn.pci_console, qemu=self.qemu,
			no_reboot=scn.cycles == 1,
			gdb=bool(scn.corrupt) or scn.inject == "edu-irq" or
			scn.elfcorehdr_rewritten is not None,
			# a multi-cycle scenario reboots on purpose: there a
			# reset must stay a reset (no catcher runs either)
			debug_log=self.opts.debug_int or
			("reset" if self.opts.debug_reset and scn.cycles == 1
			 else False))
		exited_by_itself = False
		try:
			vm.start()
			self.start_threads(vm)
			deadline = time.monotonic() + \
				self.opts.timeout * scn.cycles * scn.slow
			try:
				self.drive(vm, deadline)
			except (SetupError, GdbError, QmpError) as e:
				self.notes.append("harness: %s" % e)
				self.record["harness_error"] = str(e)
			if time.monotonic() >= deadline and vm.running():
				self.timed_out = True
			if self.timed_out:
				self.hang_captures(vm)
			time.sleep(0.3)		# let captures and injectors finish
			exited_by_itself = not vm.running()
		finally:
			for t in self.threads:
				t.stop()
			if vm.proc:
				vm.stop()
			for t in self.threads:
				t.join(5)
		return self.judge(vm, exited_by_itself, time.monotonic() - t_start)

	def judge(self, vm, exited, wall):
		lines = vm.console.snapshot() if vm.console else []
		starts = verdict.split_cycles(lines) + [len(lines)]
		cycles = []
		for a, b in zip(starts, starts[1:]):
			last = b == len(lines)
			cycles.append(verdict.analyse(
				lines, a, b, exited or not last,
				self.timed_out and last, self.scn.load, self.scn.smp,
				vm.console.marks))
		if not lines:
			cycles = [{"verdict": "error", "notes": ["no console output"]}]
		main = cycles[0]
		r = self.record
		r.update({
			"scenario": self.scn.name,
			"kernel": self.series,
			"dump_kernel": self.dump_series,
			"column": self.column.name,
			"kexec": self.column.kexec,
			"purgatory": self.column.purgatory,
			"build": self.column.build,
			"trial": self.trial,
			"qemu_name": self.qemu.name,
			"qemu_build": self.qemu.describe(),
			"verdict": main["verdict"],
			"panic_to_dump_init": _r(main.get("t_dump_init")),
			"panic_to_dump_banner": _r(main.get("t_dump_banner")),
			"panic_to_purgatory_first": _r(main.get("t_purgatory_first")),
			"panic_to_purgatory_last": _r(main.get("t_purgatory_last")),
			"panic_line": main.get("panic_line"),
			"dmesg_panic": main.get("dmesg_panic"),
			"vmcore_size": main.get("vmcore_size"),
			"purgatory_console": main.get("purgatory_console", []),
			"limbo_lines": main.get("limbo_lines", []),
			"report": main.get("report"),
			"report_error": main.get("report_error"),
			"report_stderr": main.get("report_stderr", []),
			"report_text": main.get("report_text"),
			"report_bin": self.column.report,
			"purgatory_opts": list(self.scn.popts) + list(self.opts.popts)
			if self.column.name == "limbo" else [],
			"report_rc": main.get("report_rc"),
			"setup_data": main.get("setup_data", []),
			"dump_cpus": main.get("dump_cpus"),
			"wall": round(wall, 1),
			"dir": self.outdir,
			"qemu": {
				"exit_code": vm.proc.returncode if vm.proc else None,
				"exited_by_itself": exited,
				"exit_time": _r(vm.exit_time),
				"events": [{"event": e["event"], "t": _r(e["t"]),
					    "data": e.get("data")}
					   for e in (vm.qmp.events if vm.qmp else [])],
			},
		})
		notes = self.notes + main.get("notes", [])
		if self.scn.cycles > 1:
			ok = sum(c["verdict"] == "pass" for c in cycles)
			r["cycles"] = [c["verdict"] for c in cycles]
			if len(cycles) < self.scn.cycles or ok < self.scn.cycles:
				bad = [c["verdict"] for c in cycles
				       if c["verdict"] != "pass"]
				r["verdict"] = bad[0] if bad else "hang"
			notes.append("cycles: %d of %d passed (%s)" %
				     (ok, self.scn.cycles, " ".join(r["cycles"])))
		m = re.search(r"nr_cpus=(\d+)", self.scn.dump_extra)
		if m and self.scn.load == "p" and r["verdict"] == "pass":
			# the dump kernel must bring up the CPUs it was told to
			want = min(int(m[1]), self.scn.smp)
			# Linux >= 6.9 crash kernels started off the BSP read
			# IA32_APIC_BASE.BSP and never bring the real BSP up
			# (an INIT to it can reset the machine)
			if any("Disabling real BSP" in t for _, t in lines):
				want -= 1
				notes.append("dump kernel: crash kernel, real BSP "
					     "disabled on purpose")
			# disable_cpu_apicid= takes one present CPU out by hand
			elif "disable_cpu_apicid=" in self.scn.dump_extra:
				want = min(want, self.scn.smp - 1)
				notes.append("dump kernel: one CPU disabled by "
					     "disable_cpu_apicid=")
			expect = "0" if want == 1 else "0-%d" % (want - 1)
			notes.append("dump kernel cpus online=%s" % r["dump_cpus"])
			if r["dump_cpus"] != expect:
				r["verdict"] = "cpus"
		if self.scn.park_check:
			notes += self.judge_parking(r)
		inj = self.injector.summary() if self.injector else {}
		r.update(inj)
		if self.injector and self.injector.errors:
			notes.append("injector: " + self.injector.errors[0])
		notes += _triple_fault(self.outdir)
		notes += self.locate_reset(r, lines[starts[0]:starts[1]])
		if r.get("exit_rip"):
			notes.append("NMI burst from %.3f s after kexec -e, when a "
				     "vCPU ran at CPL 0 at %s" % (
					     r["t_exit_after_kexec_e"],
					     r["exit_rip"]))
		if r.get("edu_irq_at") is not None:
			notes.append("edu INTx raised %.3f s after the panic line, "
				     "IO-APIC then: %s" % (r["edu_irq_at"],
							   r["edu_irq_ioapic"]))
		if "external_nmis" in r:
			r["nmis"] = r["external_nmis"]
		for t in self.threads:
			if isinstance(t, inject.Capture) and \
			   t.what in ("lapic", "cpus") and t.text:
				notes.append("%s: %s" % (t.point, inject.stale_ldr_note(
					inject.lapic_table(t.text))))
		notes += self.judge_elfcorehdr(r, lines)
		if self.column.name == "limbo" and self.column.purgatory and \
		   r["verdict"] != "error":
			if not r["limbo_lines"]:
				notes.append("no 'limbo:' line on the console")
			if r["report_rc"] is not None and r["report_rc"] != 0:
				notes.append("limbo-report rc=%s" % r["report_rc"])
			if r["report_error"]:
				notes.append(r["report_error"])
		rc = r["qemu"]["exit_code"]
		if exited and rc is not None and rc < 0:
			# QEMU itself died: whatever the verdict says, the guest
			# did not reset
			notes.append("QEMU killed by signal %d (a QEMU crash, not "
				     "a guest reset)" % -rc)
		for e in r["qemu"]["events"]:
			reason = (e["data"] or {}).get("reason")
			if e["event"] == "SHUTDOWN" and exited and \
			   reason != "guest-shutdown":
				notes.append("QEMU shutdown: %s" % reason)
		r["notes"] = notes
		return r

	def judge_elfcorehdr(self, r, lines):
		"""S16: the run says something about a rewritten elfcorehdr
		only if the kernel rewrote it (and its control only if not):
		otherwise it is an error, whatever the dump kernel did."""
		want = self.scn.elfcorehdr_rewritten
		if want is None:
			return []
		r["hotplug_lines"] = [t for _, t in lines if HOTPLUG_LINE.search(t)]
		e = r.get("elfcorehdr")
		if e is None:
			r["verdict"] = "error"
			return ["elfcorehdr: never read through gdbstub"]
		note = "elfcorehdr %s: %d of %d bytes changed, phnum %d -> %d" % (
			"rewritten" if e["rewritten"] else "unchanged",
			e["bytes_changed"], e["before"]["bytes"],
			e["before"]["phnum"], e["after"]["phnum"])
		if e["rewritten"] != want:
			r["verdict"] = "error"
			note += " (the scenario needs it %s)" % (
				"rewritten" if want else "unchanged")
		return [note]

	def parks(self):
		"""The column was asked to park the other CPUs."""
		return bool(self.column.purgatory) and "park=init" in \
			list(self.scn.popts) + self.opts.popts

	def judge_parking(self, r):
		"""From the cpus captures (parking.judge): a run that passed
		becomes "parking" when the CPUs' measured state is not what
		the column's park setting requires.  Notes."""
		points = {t.point: parking.classify(t.text, self.scn.smp)
			  for t in self.threads
			  if isinstance(t, inject.Capture) and t.what == "cpus"
			  and t.text}
		missing = [p for p in self.scn.park_check if p not in points]
		if missing:
			points.update({p: "no capture" for p in missing})
		points = dict(sorted(points.items(),
				     key=lambda kv: kv[0] != "next"))
		crash = self.scn.crash_cpu if self.scn.load == "p" else None
		ok, handoff, notes = parking.judge(points, self.scn.smp,
						   self.parks(), crash)
		r["parking"] = {
			"parks": self.parks(), "ok": ok, "handoff_cpu": handoff,
			"states": {p: (c if isinstance(c, str) else
				       {str(k): v["state"] for k, v in c.items()})
				   for p, c in points.items()}}
		gained = parking.boot_irr_gained(points.get("next"),
						 points.get("dump"), handoff) \
			if "dump" in points else None
		if gained is not None:
			r["parking"]["boot_irr_gained"] = gained
			notes.append("boot cpu%d (APIC sw-disabled, LDR %#04x; the "
				     "next kernel's cpu%d has LDR %#04x) took "
				     "vectors %s into IRR during the dump "
				     "kernel" % (parking.BOOT_CPU, gained["ldr"],
						 handoff, gained["handoff_ldr"],
						 gained["vectors"] or "none"))
		if not ok and r["verdict"] == "pass":
			r["verdict"] = "parking"
		return notes

	def locate_reset(self, r, lines):
		"""--debug-reset: the purgatory segment and the vCPUs' state at
		the triple fault, judged by verdict.reset_site; notes."""
		catcher = getattr(self, "reset_catcher", None)
		if catcher is None:
			return []
		seg = purgatory_segment(t for _, t in lines)
		r["purgatory_segment"] = None if isinstance(seg, str) else \
			list(seg)
		r.update(catcher.summary())
		notes = ["reset catcher: " + e for e in catcher.errors]
		if r["verdict"] != "reset":
			return notes
		before, where = verdict.reset_site(catcher.cpus, seg,
						   r["limbo_lines"])
		r["reset_site"] = {"before_purgatory": before, "where": where,
				   "area": verdict.reset_area(
					   catcher.cpus, seg, r["limbo_lines"])}
		return notes + [("reset before the purgatory: " if before else
				 "reset: ") + where]


# guest/init-first.sh's crash hotplug state and the kernel's own lines;
# kexec -d: the segment kexec leaves out of its digest, and the regions
# limbo's plugin wrote per-region digests for
HOTPLUG_LINE = re.compile(r"LIMBO-VM: (crash_hotplug=|cpu-offline|kernel: )|"
			  r"Skipping segment mem: |limbo: region \d+: ")

INT_LINE = re.compile(r"v=([0-9a-f]{2}) e=([0-9a-f]{4}) .*?IP=([0-9a-f]{4}:"
		      r"[0-9a-f]+)")


def _triple_fault(outdir):
	"""With --debug-int: the exceptions that led to a triple fault."""
	path = os.path.join(outdir, "qemu-int.log")
	if not os.path.exists(path):
		return []
	last = []
	with open(path, errors="replace") as f:
		for line in f:
			m = INT_LINE.search(line)
			if m:
				last = (last + [m.groups()])[-3:]
			elif line.startswith("Triple fault"):
				return ["qemu -d int: " + ", ".join(
					"v=%s e=%s at %s" % g for g in last) +
					", triple fault"]
	return []


def qemu_name(scn, opts):
	"""The QEMU a run of scn uses: --qemu, else the scenario's own."""
	return opts.qemu if opts.qemu != "auto" else scn.qemu


def error_record(scn, series, column, trial, outdir, exc, qemu=None):
	"""The record of a run the harness itself could not carry out."""
	os.makedirs(outdir, exist_ok=True)
	with open(os.path.join(outdir, "harness-error.txt"), "w") as f:
		traceback.print_exception(exc, file=f)
	return {"scenario": scn.name, "kernel": series,
		"dump_kernel": OTHER_SERIES[series] if scn.cross else series,
		"column": column.name, "kexec": column.kexec,
		"purgatory": column.purgatory, "build": column.build,
		"trial": trial, "verdict": "error", "panic_to_dump_init": None,
		"qemu_name": qemu,
		"wall": None, "dir": outdir,
		"notes": ["harness: %s: %s" % (type(exc).__name__, exc)]}


def _r(x):
	return None if x is None else round(x, 3)
