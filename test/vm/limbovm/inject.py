# SPDX-License-Identifier: GPL-2.0-only
"""Fault injectors and state captures, each a thread driven by the console.

Every injector anchors on a line of the serial stream as the harness
received it (normally the crashed kernel's panic line) and stops on its own
bound or when the dump kernel's init shows up.  Times are recorded relative
to the anchor line's arrival.
"""

import os
import re
import threading

from . import verdict
from .qemu import GdbError, QmpError


class Injector(threading.Thread):
	"""Base: wait for an anchor line, then act until told to stop."""

	def __init__(self, vm, anchor=verdict.PANIC, start=0):
		super().__init__(daemon=True)
		self.vm = vm
		self.anchor = anchor
		self.start_idx = start
		self.halt = threading.Event()
		self.t_anchor = None
		self.anchor_idx = None
		self.nmis = []			# seconds after the anchor
		self.errors = []

	def stop(self):
		self.halt.set()

	def wait_anchor(self):
		name, i, t, _ = self.vm.console.wait(
			{"a": self.anchor}, start=self.start_idx,
			stop=self.halt.is_set)
		if name is None:
			return False
		self.t_anchor, self.anchor_idx = t, i
		return True

	def since_anchor(self):
		return self.vm.console.now() - self.t_anchor

	def dump_seen(self):
		name, _, _, _ = self.vm.console.wait(
			{"d": verdict.DUMP_INIT}, start=self.anchor_idx, timeout=0)
		return name is not None

	def nmi(self):
		try:
			self.vm.qmp.execute("inject-nmi")
			self.nmis.append(round(self.since_anchor(), 4))
			return True
		except QmpError as e:
			# QEMU going away mid-storm is the reset being measured
			if not self.vm.wait_exit(1):
				self.errors.append(str(e))
			return False

	def sleep_until(self, t):
		"""Sleep until t seconds after the anchor; False if halted."""
		left = t - self.since_anchor()
		return not (left > 0 and self.halt.wait(left))

	def summary(self):
		return {"nmis": len(self.nmis), "nmi_times": self.nmis}


class NmiStorm(Injector):
	"""inject-nmi every interval seconds, at most count, until dump init."""

	def __init__(self, vm, interval=0.010, count=200, **kw):
		super().__init__(vm, **kw)
		self.interval = interval
		self.count = count

	def storm(self):
		for k in range(self.count):
			if not self.sleep_until(k * self.interval):
				return
			if self.dump_seen() or not self.vm.running():
				return
			if not self.nmi():
				return

	def run(self):
		if self.wait_anchor():
			self.storm()


class SingleNmi(Injector):
	"""One inject-nmi, delay seconds after the anchor."""

	def __init__(self, vm, delay, **kw):
		super().__init__(vm, **kw)
		self.delay = delay

	def run(self):
		if self.wait_anchor() and self.sleep_until(self.delay):
			if self.vm.running():
				self.nmi()

	def summary(self):
		s = super().summary()
		s["nmi_delay"] = round(self.delay, 4)
		return s


class BurstOnExit(NmiStorm):
	"""S11: poll `info registers -a` after the anchor (kexec -e) and start
	an NMI storm as soon as a vCPU runs at CPL 0 below the kernel half of
	the address space (relocate_kernel's control page, the purgatory, the
	new kernel's decompressor): the old kernel has left.  With region (a
	callable giving (lo, hi) or None), only once a vCPU's RIP is inside
	it: S11j starts the storm in the purgatory segment, after
	relocate_kernel has copied the new kernel into place."""

	POLL = 0.020

	def __init__(self, vm, interval=0.010, count=200, region=None, **kw):
		super().__init__(vm, interval, count, **kw)
		self.region = region

	def run(self):
		if not self.wait_anchor():
			return
		while not self.halt.is_set() and self.vm.running():
			try:
				regs = self.vm.qmp.hmp("info registers -a")
			except QmpError as e:
				self.errors.append(str(e))
				return
			lo, hi = (self.region() if self.region else None) or \
				(0, 1 << 47)
			low = [c["rip"] for c in cpu_states(regs)
			       if c["cpl"] == 0 and lo <= c["rip"] < hi]
			if low:
				self.exit_rip = hex(low[0])
				self.t_exit = round(self.since_anchor(), 4)
				self.t_anchor = self.vm.console.now()
				self.storm()
				return
			self.halt.wait(self.POLL)

	def summary(self):
		s = super().summary()
		s["exit_rip"] = getattr(self, "exit_rip", None)
		s["t_exit_after_kexec_e"] = getattr(self, "t_exit", None)
		return s


class EduIrq(Injector):
	"""S8: at the panic line, make edu assert its level INTx line by a
	physical MMIO write (BAR0 + 0x60) through gdbstub."""

	# guest/init-first.sh's line: BAR0 and the IRQ (= GSI on the IO-APIC)
	EDU_LINE = re.compile(r"LIMBO-VM: edu at \S+ bar0 (0x[0-9a-f]+) "
			      r"irq (\d+)")

	def __init__(self, vm, outdir, **kw):
		super().__init__(vm, **kw)
		self.outdir = outdir

	def run(self):
		name, _, _, text = self.vm.console.wait({"b": self.EDU_LINE},
							stop=self.halt.is_set)
		if name is None:
			return
		m = self.EDU_LINE.search(text)
		self.gsi = int(m.group(2))
		if not self.wait_anchor():
			return
		addr = int(m.group(1), 16) + 0x60
		try:
			g = self.vm.gdb()
			try:
				g.write(addr, (1).to_bytes(4, "little"))
				self.status = g.read(addr - 0x60 + 0x24, 4).hex()
			finally:
				g.detach()
			self.t_irq = round(self.since_anchor(), 4)
			pic = snapshot(self.vm, "pic", 1)
			self.rirr = " | ".join(l.strip() for l in pic.splitlines()
					       if "IRR" in l)
			_save(self.outdir, "edu-irq-pic.txt", pic)
		except (GdbError, OSError, QmpError) as e:
			self.errors.append("edu irq: %s" % e)

	def summary(self):
		return {"edu_gsi": getattr(self, "gsi", None),
			"edu_irq_at": getattr(self, "t_irq", None),
			"edu_irq_status": getattr(self, "status", None),
			"edu_irq_ioapic": getattr(self, "rirr", None)}


class Capture(threading.Thread):
	"""Monitor snapshots at a point: "panic+S" (S seconds after the panic
	line), "dump" (dump kernel init), "loaded" (after kexec -p),
	"handoff" (limbo's last line before the jump) and "next" (the next
	kernel's banner, which earlyprintk=serial prints in setup_arch, long
	before it programs any APIC).  At handoff and next the VM is paused
	for the snapshot, so it shows the state the purgatory left, not what
	the next kernel made of it.  What: lapic (every vCPU), pic, regs,
	cpus (regs and every lapic from the same instant)."""

	ANCHORS = {"panic": verdict.PANIC, "dump": verdict.DUMP_INIT,
		   "loaded": verdict.LOADED, "handoff": verdict.LIMBO_HANDOFF,
		   "next": verdict.BANNER}
	PAUSED = ("handoff", "next")

	def __init__(self, vm, smp, outdir, point, what):
		super().__init__(daemon=True)
		self.vm, self.smp, self.outdir = vm, smp, outdir
		self.point, self.what = point, what
		base, _, delay = point.partition("+")
		if base not in self.ANCHORS:
			raise ValueError("capture point %r: use panic[+S], dump, "
					 "loaded, handoff or next" % point)
		self.base = base
		self.anchor = self.ANCHORS[base]
		self.delay = float(delay or 0)
		self.halt = threading.Event()
		self.text = None

	def stop(self):
		self.halt.set()

	def run(self):
		start = 0
		if self.base == "next":		# the banner after kexec's load
			name, start, _, _ = self.vm.console.wait(
				{"l": verdict.LOADED}, stop=self.halt.is_set)
			if name is None:
				return
		name, _, _, _ = self.vm.console.wait({"a": self.anchor},
						     start=start,
						     stop=self.halt.is_set)
		if name is None or self.halt.wait(self.delay):
			return
		# cpus: registers and APICs must agree, so always paused
		paused = self.base in self.PAUSED or self.what == "cpus"
		try:
			if paused:
				self.vm.qmp.execute("stop")
			self.text = snapshot(self.vm, self.what, self.smp)
		except QmpError as e:
			self.text = "capture failed: %s\n" % e
		finally:
			if paused:
				try:
					self.vm.qmp.execute("cont")
				except QmpError:
					pass
		_save(self.outdir, "%s-%s.txt" % (self.point, self.what),
		      self.text)


def snapshot(vm, what, smp):
	lapic = ["info lapic %d" % i for i in range(smp)]
	# cpus: registers and APICs from one pause (parking.classify)
	cmds = {"lapic": lapic,
		"pic": ["info pic"],
		"regs": ["info registers -a"],
		"cpus": ["info registers -a"] + lapic}[what]
	out = []
	for c in cmds:
		try:
			out.append("(qemu) %s\n%s" % (c, vm.qmp.hmp(c)))
		except QmpError as e:
			out.append("(qemu) %s\nfailed: %s\n" % (c, e))
	return "\n".join(out)


def _save(outdir, name, text):
	d = os.path.join(outdir, "captures")
	os.makedirs(d, exist_ok=True)
	with open(os.path.join(d, name.replace("/", "_")), "w") as f:
		f.write(text)


LAPIC_CPU = re.compile(r"dumping local APIC state for CPU (\d+)")
LAPIC_SPIV = re.compile(r"SPIV\s+0x([0-9a-f]+) APIC (enabled|disabled)")
LAPIC_LDR = re.compile(r"DFR 0x([0-9a-f]+) LDR 0x([0-9a-f]+)")


def lapic_table(text):
	"""[(cpu, spiv_enabled, dfr, ldr)] from `info lapic N` dumps."""
	rows = []
	chunks = LAPIC_CPU.split(text)
	for i in range(1, len(chunks) - 1, 2):
		cpu, body = int(chunks[i]), chunks[i + 1]
		spiv = LAPIC_SPIV.search(body)
		ldr = LAPIC_LDR.search(body)
		rows.append((cpu, spiv and spiv.group(2) == "enabled",
			     ldr and int(ldr.group(1), 16),
			     ldr and int(ldr.group(2), 16)))
	return rows


def stale_ldr_note(rows):
	"""Describe LDRs answered by more than one APIC (flat logical mode)."""
	desc = ", ".join("cpu%d LDR=%#04x %s" % (c, l or 0,
			 "on" if en else "sw-disabled")
			 for c, en, _, l in rows)
	seen = {}
	for c, en, dfr, ldr in rows:
		if ldr:
			seen.setdefault(ldr, []).append(c)
	dups = {l: cs for l, cs in seen.items() if len(cs) > 1}
	if dups:
		desc += "; duplicate LDR: " + ", ".join(
			"%#04x on cpus %s" % (l, cs) for l, cs in dups.items())
	return desc


CPU_HEAD = re.compile(r"^CPU#(\d+)\s*$", re.M)
CPU_IP = re.compile(r"\b[RE]IP=([0-9a-f]+) .*?CPL=(\d)")
CPU_TABLE = re.compile(r"^(GDT|IDT)=\s*([0-9a-f]+) ([0-9a-f]+)", re.M)


def cpu_states(regs):
	"""[{cpu, rip, cpl, gdt: (base, limit), idt: (base, limit)}] from
	`info registers -a`; a vCPU whose RIP or tables are missing is left
	out (so an unreadable dump locates nothing)."""
	chunks = CPU_HEAD.split(regs)
	if len(chunks) == 1:
		chunks = ["", "0", regs]	# one vCPU, no CPU# header
	out = []
	for i in range(1, len(chunks) - 1, 2):
		body = chunks[i + 1]
		ip = CPU_IP.search(body)
		tables = {m[0]: (int(m[1], 16), int(m[2], 16))
			  for m in CPU_TABLE.findall(body)}
		if ip and "GDT" in tables and "IDT" in tables:
			out.append({"cpu": int(chunks[i]), "rip": int(ip[1], 16),
				    "cpl": int(ip[2]), "gdt": tables["GDT"],
				    "idt": tables["IDT"]})
	return out


class ResetCatcher(threading.Thread):
	"""--debug-reset: QEMU runs with -action reboot=shutdown,shutdown=pause,
	so a triple fault leaves the VM paused.  Save `info registers -a`
	(where each vCPU was, which GDT and IDT it had) to reset-regs.txt,
	parse it (cpus), then quit QEMU so the run ends as the reset it is."""

	POLL = 0.010

	def __init__(self, vm, outdir):
		super().__init__(daemon=True)
		self.vm = vm
		self.outdir = outdir
		self.halt = threading.Event()
		self.cpus = None
		self.errors = []

	def stop(self):
		self.halt.set()

	def run(self):
		seen = 0
		while not self.halt.is_set() and self.vm.running():
			events = self.vm.qmp.events
			for e in events[seen:]:
				if e["event"] == "SHUTDOWN" and \
				   (e.get("data") or {}).get("reason") == \
				   "guest-reset":
					self.catch()
					return
			seen = len(events)
			self.halt.wait(self.POLL)

	def catch(self):
		try:
			regs = self.vm.qmp.hmp("info registers -a")
			with open(os.path.join(self.outdir, "reset-regs.txt"),
				  "w") as f:
				f.write(regs)
			self.cpus = cpu_states(regs)
			if not self.cpus:
				self.errors.append("reset-regs.txt: no vCPU state "
						   "could be read")
		except QmpError as e:
			self.errors.append(str(e))
		try:
			self.vm.qmp.execute("quit")
		except QmpError:
			pass

	def summary(self):
		"""reset_cpus: None when no triple fault was caught."""
		return {"reset_cpus": self.cpus and [
			dict(c, gdt=list(c["gdt"]), idt=list(c["idt"]))
			for c in self.cpus],
			"reset_errors": self.errors}
