# SPDX-License-Identifier: GPL-2.0-only
"""park=init judged from measured CPU state, never from what limbo says.

A "cpus" capture (inject.snapshot) holds `info registers -a` and every
vCPU's `info lapic`, taken in one pause.  Each vCPU is classified:

  init     in the state INIT leaves an application processor in: real
	   mode at the reset vector (CR0 0x60000010, IP 0xfff0), halted
	   (wait-for-SIPI), its local APIC reset (LDR 0, SPIV 0xff,
	   software-disabled)
  running  not halted (at the next kernel's banner, with the VM paused,
	   that is the CPU the purgatory handed over on)
  stopped  halted, in any other state (the crashed kernel's stop loop)

The rule a parking column must meet at every checked point: the CPUs in
the init state are exactly the ones other than the handoff CPU and the
boot CPU.  A column that does not park must leave none in it.
"""

import re

from . import inject

# QEMU's pc and q35 machines make vCPU 0 the BSP (APIC ID 0, BSP flag in
# IA32_APIC_BASE): the boot CPU limbo must never INIT
BOOT_CPU = 0

# the architectural state after INIT (SDM Vol. 3A, "Processor State
# After Reset", and "Local APIC State After an INIT Reset")
INIT_CR0 = 0x60000010
INIT_IP = 0xfff0
INIT_SPIV = 0xff

LAPIC_IRR = re.compile(r"^IRR\s+(.*)$", re.M)
LAPIC_SPIV_RAW = re.compile(r"SPIV\s+0x([0-9a-f]+)")
REGS_CR0 = re.compile(r"\bCR0=([0-9a-f]+)")
REGS_HLT = re.compile(r"\bHLT=(\d)")

STATES = ("init", "running", "stopped")


def lapics(text):
	"""{cpu: {spiv, enabled, ldr, irr}} from `info lapic N` dumps."""
	out = {}
	chunks = inject.LAPIC_CPU.split(text)
	for i in range(1, len(chunks) - 1, 2):
		body = chunks[i + 1]
		spiv = LAPIC_SPIV_RAW.search(body)
		ldr = inject.LAPIC_LDR.search(body)
		irr = LAPIC_IRR.search(body)
		if not (spiv and ldr and irr):
			continue
		out[int(chunks[i])] = {
			"spiv": int(spiv.group(1), 16),
			"enabled": bool(int(spiv.group(1), 16) & 0x100),
			"ldr": int(ldr.group(2), 16),
			"irr": [int(v) for v in irr.group(1).split()
				if v.isdigit()]}
	return out


def regs(text):
	"""{cpu: {ip, cr0, halted}} from `info registers -a`."""
	out = {}
	chunks = inject.CPU_HEAD.split(text)
	for i in range(1, len(chunks) - 1, 2):
		body = chunks[i + 1]
		ip = inject.CPU_IP.search(body)
		cr0 = REGS_CR0.search(body)
		hlt = REGS_HLT.search(body)
		if ip and cr0 and hlt:
			out[int(chunks[i])] = {"ip": int(ip.group(1), 16),
					       "cr0": int(cr0.group(1), 16),
					       "halted": hlt.group(1) == "1"}
	return out


def classify(text, smp):
	"""{cpu: {state, ldr, spiv, irr, ...}} for every vCPU, or a string
	saying which vCPU's state could not be read."""
	apics, cpus = lapics(text), regs(text)
	out = {}
	for c in range(smp):
		if c not in apics or c not in cpus:
			return "cpu%d: state not readable in the capture" % c
		a, r = apics[c], cpus[c]
		if r["cr0"] == INIT_CR0 and r["ip"] == INIT_IP and \
		   r["halted"] and a["ldr"] == 0 and a["spiv"] == INIT_SPIV:
			state = "init"
		elif not r["halted"]:
			state = "running"
		else:
			state = "stopped"
		out[c] = dict(a, **r, state=state)
	return out


def describe(cpus):
	return ", ".join("cpu%d %s (LDR %#04x, SPIV %#x)" % (
		c, s["state"], s["ldr"], s["spiv"]) for c, s in sorted(cpus.items()))


def judge(points, smp, parks, crash_cpu=None):
	"""Judge a run's captures; points maps a capture point ("next",
	"dump") to its classify() result, "next" first.  parks: the column
	asked for park=init.  crash_cpu: where the purgatory must run (kdump),
	None when the harness does not know (kexec -e).

	Returns (ok, handoff_cpu, notes)."""
	notes = []
	ok = True
	first = points.get("next")
	if first is None or isinstance(first, str):
		return False, None, ["parking: no readable state at the next "
				     "kernel's banner: %s" % first]
	running = [c for c, s in first.items() if s["state"] == "running"]
	if len(running) != 1:
		return False, None, ["parking: %d CPUs running at the next "
				     "kernel's banner (want 1): %s" % (
					     len(running), describe(first))]
	handoff = running[0]
	if crash_cpu is not None and handoff != crash_cpu:
		ok = False
		notes.append("parking: the next kernel runs on cpu%d, the "
			     "crash was on cpu%d" % (handoff, crash_cpu))
	want = set(range(smp)) - {BOOT_CPU, handoff} if parks else set()
	boot = first[BOOT_CPU]
	if handoff != BOOT_CPU and (boot["state"] != "stopped" or
				    not boot["cr0"] & 0x80000000):
		ok = False
		notes.append("parking: boot cpu%d not left in the crashed "
			     "kernel's stop loop: %s" % (BOOT_CPU,
							 describe({0: boot})))
	for point, cpus in points.items():
		if isinstance(cpus, str):
			ok = False
			notes.append("parking at %s: %s" % (point, cpus))
			continue
		got = {c for c, s in cpus.items() if s["state"] == "init"}
		if got != want:
			ok = False
		notes.append("parking at %s: INIT state on %s, want %s%s; %s" % (
			point, _cpus(got), _cpus(want),
			"" if got == want else " (MISMATCH)", describe(cpus)))
	return ok, handoff, notes


def boot_irr_gained(before, after, handoff):
	"""Vectors the boot CPU's software-disabled APIC accepted into IRR
	between two captures while the next kernel ran on handoff: fixed
	interrupts to a logical destination its stale LDR still answers.
	None when it does not apply (boot CPU handed over to, parked, or
	its APIC enabled)."""
	if handoff == BOOT_CPU or isinstance(before, str) or \
	   isinstance(after, str):
		return None
	b, a = before[BOOT_CPU], after[BOOT_CPU]
	if a["state"] != "stopped" or a["enabled"]:
		return None
	return {"ldr": a["ldr"], "handoff_ldr": after[handoff]["ldr"],
		"vectors": sorted(set(a["irr"]) - set(b["irr"]))}


def _cpus(s):
	return "{%s}" % ",".join(str(c) for c in sorted(s)) if s else "none"
