# SPDX-License-Identifier: GPL-2.0-only
"""Verdicts, computed from the serial log alone.

The log is a list of (seconds, line) as the harness received it.  Nothing
the harness did is trusted: a run passes only when the dump kernel's own
init printed a non-empty /proc/vmcore and makedumpfile, inside the dump
kernel, pulled the crashed kernel's panic line out of it.

Verdicts:
  pass    dump kernel init reached, /proc/vmcore non-empty, the extracted
	  log holds "Kernel panic - not syncing" (kexec -e runs: the new
	  kernel's init is reached with every CPU online)
  oops    the dump kernel printed BUG/Oops/panic after its banner
  reset   QEMU exited (triple fault, reset) without a dump kernel init
  hang    the time limit was reached without a dump kernel init
  halted  no dump kernel init, and limbo said on the console that it
	  stopped on purpose ("the next kernel will not be entered": a
	  failed verification or a fault, by policy)
  nodump  the dump kernel's init ran but the dump is missing or unusable
  cpus    kexec -e: the new kernel came up with fewer CPUs than it had
  parking the next kernel ran, but the CPUs' state measured at its banner
	  (or init) is not what the column's parking setting requires
	  (parking.judge: with park=init every CPU but the handoff CPU and
	  the boot CPU in the INIT state, without it none)
  error   the scenario never got to its crash (kexec load failed, no
	  panic): says nothing about the purgatory

limbo-report's output is read as JSON (limboreport.parse), never as text.
"""

import re

from . import limboreport
from .qemu import KERNEL_LINE

VERDICTS = ("pass", "oops", "reset", "hang", "halted", "nodump", "cpus",
	    "parking", "error")

PANIC = "Kernel panic - not syncing"
MARK = "LIMBO-VM: "
FIRST_INIT = MARK + "first-init-start"
KEXEC_CMD = MARK + "kexec-cmd"
LOADED = MARK + "kexec-loaded"
KEXEC_FAILED = MARK + "kexec-failed"
KEXEC_EXEC = MARK + "kexec-exec"
SETUP_FAILED = MARK + "setup-failed"
DUMP_INIT = MARK + "dump-init-start"
LIMBO_HANDOFF = "limbo: report: problems"	# limbo's line before the jump
DUMP_END = MARK + "dump-end"
# limbo's policy_stop(): it will not enter the next kernel, by design
LIMBO_HALT = "the next kernel will not be entered"
DMESG_BEGIN = MARK + "dmesg-begin"
DMESG_END = MARK + "dmesg-end"
# guest/init-dump.sh: `limbo-report --json` between these (its exit code
# on the end line), its stderr lines, then the human text for people
REPORT_BEGIN = MARK + "report-json-begin"
REPORT_END = MARK + "report-json-end"
REPORT_STDERR = MARK + "report-stderr "
REPORT_TEXT_BEGIN = MARK + "report-text-begin"
REPORT_TEXT_END = MARK + "report-text-end"
BANNER = re.compile(r"Linux version \d")
OOPS = re.compile(r"BUG:|Oops|Kernel panic|general protection fault|"
		  r"kernel BUG at|Unable to handle|double fault")


def _find(lines, start, end, pat):
	for i in range(start, end):
		text = lines[i][1]
		if (pat in text) if isinstance(pat, str) else pat.search(text):
			return i
	return None


def _block(lines, start, end, begin, finish):
	"""Indices (b, e) of the lines strictly between two markers."""
	b = _find(lines, start, end, begin)
	if b is None:
		return None
	e = _find(lines, b + 1, end, finish)
	return (b + 1, e if e is not None else end)


def split_cycles(lines):
	"""Start indices of each boot of the first kernel (S12 has several)."""
	starts = [i for i, (_, t) in enumerate(lines) if FIRST_INIT in t]
	return starts or [0]


def _crash_mark(marks, start, end):
	for i, t, text in marks:
		# a mark made just before line `end` carries index end
		if start <= i <= end and text.startswith("crash"):
			return i, t, text
	return None


def analyse(lines, start, end, exited, timed_out, load="p", smp=1,
	    marks=()):
	"""Judge one cycle: lines[start:end] from a first-init-start on.

	marks are the harness's own actions (Console.marks): when the guest
	is crashed from outside and the panic line never reaches the console
	(printk from NMI context is deferred and the kexec comes first), the
	harness's crash action is the timing anchor instead."""
	r = {"verdict": None, "notes": []}
	loaded = _find(lines, start, end, LOADED)
	if loaded is None:
		failed = _find(lines, start, end, KEXEC_FAILED)
		if failed is None:
			failed = _find(lines, start, end, SETUP_FAILED)
		r["verdict"] = "error"
		r["notes"].append(lines[failed][1] if failed is not None else
				  "kexec load marker never seen")
		return r
	# the first banner after the load is the next kernel's
	banner = _find(lines, loaded, end, BANNER)
	limit = banner if banner is not None else end
	if load == "p":
		crash = _find(lines, loaded, limit, PANIC)
	else:
		crash = _find(lines, loaded, limit, KEXEC_EXEC)
	mark = _crash_mark(marks, loaded, limit)
	if crash is not None:
		r["t_panic"] = lines[crash][0]
		r["panic_line"] = lines[crash][1]
	elif mark is not None and load == "p":
		crash = mark[0] - 1
		r["t_panic"] = mark[1]
		r["panic_line"] = None
		r["notes"].append("no panic line on the console before the "
				  "next kernel; timed from the harness's %s" %
				  mark[2])
	else:
		r["verdict"] = "error"
		r["notes"].append("no crash: %s never seen" %
				  ("panic line" if load == "p" else "kexec -e"))
		return r
	init = _find(lines, crash + 1, end, DUMP_INIT)
	stop = banner if banner is not None else (init if init is not None
						  else end)
	r["purgatory_console"] = [t for _, t in lines[crash + 1:stop]
				  if not KERNEL_LINE.match(t)]
	if banner is not None:
		# a purgatory line without its newline runs into the banner
		head = lines[banner][1].split("[", 1)[0]
		if head.strip():
			r["purgatory_console"].append(head)
	r["limbo_lines"] = [t for t in r["purgatory_console"]
			    if t.startswith("limbo:")]
	# the purgatory's part of the window, when it printed: its first line
	# and its last before the next kernel (limbo's handoff line)
	said = [t for t, x in lines[crash + 1:stop] if x.startswith("limbo:")]
	if said:
		r["t_purgatory_first"] = said[0] - r["t_panic"]
		r["t_purgatory_last"] = said[-1] - r["t_panic"]
	if banner is not None:
		r["t_dump_banner"] = lines[banner][0] - r["t_panic"]

	dmesg = _block(lines, crash, end, DMESG_BEGIN, DMESG_END)
	oops = _oops(lines, banner, end, dmesg)
	if oops is not None:
		r["verdict"] = "oops"
		r["notes"].append("dump kernel: " + lines[oops][1].strip())
	if init is None:
		if r["verdict"] is None and any(LIMBO_HALT in t for t in
						 r["limbo_lines"]):
			r["verdict"] = "halted"
		elif r["verdict"] is None:
			r["verdict"] = "hang" if timed_out or not exited \
				else "reset"
		return r

	r["t_dump_init"] = lines[init][0] - r["t_panic"]
	cpus = _marker_value(lines, init, end, "cpus online=")
	r["dump_cpus"] = cpus
	setup = [t[len(MARK):] for _, t in lines[init:end]
		 if t.startswith(MARK + "setup_data ")]
	r["setup_data"] = setup
	_report(r, lines, init, end)

	if load != "p":
		expect = "0" if smp == 1 else "0-%d" % (smp - 1)
		if r["verdict"] is None:
			r["verdict"] = "pass" if cpus == expect else "cpus"
		r["notes"].append("new kernel cpus online=%s" % cpus)
		return r

	size = _marker_value(lines, init, end, "vmcore size=")
	r["vmcore_size"] = int(size) if size and size.isdigit() else 0
	r["dmesg_panic"] = None
	if dmesg:
		i = _find(lines, dmesg[0], dmesg[1], PANIC)
		if i is not None:
			r["dmesg_panic"] = lines[i][1]
		r["dmesg_lines"] = dmesg[1] - dmesg[0]
	if r["verdict"] is None:
		if r["vmcore_size"] > 0 and r["dmesg_panic"]:
			r["verdict"] = "pass"
		else:
			r["verdict"] = "nodump"
			r["notes"].append("vmcore size=%s, panic line in "
					  "extracted log: %s" %
					  (size, bool(r["dmesg_panic"])))
	elif r["vmcore_size"] > 0 and r["dmesg_panic"]:
		r["notes"].append("dump was extracted before the oops")
	return r


def _report(r, lines, init, end):
	"""limbo-report's JSON (None when it did not run or printed none),
	why it could not be read, its exit code, stderr and text."""
	rep = _block(lines, init, end, REPORT_BEGIN, REPORT_END)
	r["report"], r["report_error"] = None, None
	if rep:
		r["report"], r["report_error"] = limboreport.parse(
			t for _, t in lines[rep[0]:rep[1]])
	rc = _marker_value(lines, init, end, REPORT_END[len(MARK):] + " rc=")
	r["report_rc"] = int(rc) if rc and rc.isdigit() else None
	r["report_stderr"] = [t[len(REPORT_STDERR):] for _, t in lines[init:end]
			      if t.startswith(REPORT_STDERR)]
	text = _block(lines, init, end, REPORT_TEXT_BEGIN, REPORT_TEXT_END)
	r["report_text"] = [t for _, t in lines[text[0]:text[1]]] \
		if text else None


def reset_site(cpus, purgatory, limbo_lines):
	"""Where a reset located by --debug-reset happened.

	cpus: inject.cpu_states() of the registers saved at the triple fault;
	purgatory: (lo, hi) of the purgatory segment, or a string saying why
	it is unknown.  Returns (before_purgatory, where).  before_purgatory
	is True only when none of the purgatory can have run: it printed no
	line and every vCPU was outside its segment with an empty IDTR (limit
	0: the old kernel's machine_kexec drops its IDT before
	relocate_kernel).  RIP in the segment still counts as before it while
	GDTR is machine_kexec's null one too: the purgatory's first
	instruction, limbo's and kexec-tools' alike, is its lgdt, so the NMI
	came as relocate_kernel jumped there.  Any other state is the
	column's own: RIP in the segment past that, limbo's GDT or IDT
	loaded, or a foreign IDT (the next kernel's: the handoff had
	happened)."""
	if not cpus:
		return False, "reset not located: no registers saved at the " \
			"triple fault"
	if isinstance(purgatory, str):
		return False, "purgatory segment unknown (%s)" % purgatory
	lo, hi = purgatory
	inside = lambda a: lo <= a < hi
	parts, before = [], not limbo_lines
	for c in cpus:
		idt_base, idt_limit = c["idt"]
		gdt_base, gdt_limit = c["gdt"]
		parts.append("cpu%d RIP %#x CPL %d (%s the purgatory segment), "
			     "IDTR %#x/%#x%s, GDTR %#x/%#x%s" % (
				     c["cpu"], c["rip"], c["cpl"],
				     "inside" if inside(c["rip"]) else "outside",
				     idt_base, idt_limit,
				     " (empty)" if idt_limit == 0 else
				     " (the purgatory's)" if inside(idt_base) else "",
				     gdt_base, gdt_limit,
				     " (the purgatory's)" if inside(gdt_base) else ""))
		if (inside(c["rip"]) and gdt_limit != 0) or idt_limit != 0 or \
		   inside(gdt_base):
			before = False
	where = "; ".join(parts) + "; purgatory segment [%#x, %#x)" % (lo, hi)
	if limbo_lines:
		where += "; limbo had printed %d line(s)" % len(limbo_lines)
	return before, where


# Where in the crash-to-dump window a located reset happened, for the
# area tables (handoff, S3/S4).  x86_64 facts the classes rest on: the
# old kernel runs with its IDT at the read-only cpu_entry_area alias
# (CPU_ENTRY_AREA_RO_IDT, 0xfffffe0000000000), and machine_kexec loads a
# null IDT and a null GDT (base 0, limit 0) before relocate_kernel; a
# purgatory runs with its own GDT (limbo's and kexec-tools' both lie in
# the purgatory segment), which the next kernel keeps for its first
# instructions; the decompressor loads a GDT of a few entries and, from
# the end of extract_kernel() into the kernel proper, a null IDT; the
# kernel proper loads a GDT of GDT_ENTRIES (16) descriptors, limit 0x7f,
# in startup_64, then its bringup IDT of NUM_EXCEPTION_VECTORS (32)
# gates, only #VC set, limit 0x1ff, until idt_setup_early_handler()
# (docs/handoff-nmi.md has the steps).
OLD_KERNEL_IDT = 0xfffffe0000000000
KERNEL_GDT_LIMIT = 16 * 8 - 1
BRINGUP_IDT_LIMIT = 32 * 16 - 1
NULL_IDT = "null IDT into the kernel proper"
BRINGUP_IDT = "kernel proper, bringup IDT"
AREAS = ("old kernel", "purgatory", "decompressor", NULL_IDT, BRINGUP_IDT,
	 "kernel proper")


def cpu_area(c, purgatory):
	"""The window area one vCPU's saved state places it in."""
	lo, hi = purgatory
	inside = lambda a: lo <= a < hi
	idt_base, idt_limit = c["idt"]
	gdt_base, gdt_limit = c["gdt"]
	if idt_limit == 0 and gdt_limit == 0:
		# machine_kexec's null tables: not one purgatory instruction
		# (its first is lgdt) had run, wherever RIP was
		return "old kernel"
	if inside(c["rip"]):
		return "purgatory"
	if inside(gdt_base) or inside(idt_base):
		return "decompressor"	# jumped, still on the purgatory's tables
	if idt_base == OLD_KERNEL_IDT or (idt_limit == 0 and gdt_limit == 0):
		return "old kernel"
	if idt_limit == 0:
		# extract_kernel()'s end to the kernel proper's first IDT: no
		# NMI gate whatever the handoff (docs/handoff-nmi.md)
		return NULL_IDT
	if gdt_limit == KERNEL_GDT_LIMIT:
		# no NMI gate before idt_setup_early_handler() either
		return BRINGUP_IDT if idt_limit == BRINGUP_IDT_LIMIT else "kernel proper"
	return "decompressor"


def reset_area(cpus, purgatory, limbo_lines):
	"""The furthest area any vCPU had reached at the triple fault (the
	CPUs the crash stopped stay in the old kernel), or None when the
	registers or the purgatory segment are unknown.  From the registers
	alone: reset_site's "before the purgatory" cannot tell relocate_kernel
	from the next kernel's null-IDT stretch when the purgatory prints
	nothing (stock)."""
	if not cpus or isinstance(purgatory, str):
		return None
	return max((cpu_area(c, purgatory) for c in cpus), key=AREAS.index)


def _oops(lines, banner, end, dmesg):
	if banner is None:
		return None
	for i in range(banner, end):
		if dmesg and dmesg[0] <= i < dmesg[1]:
			continue
		text = lines[i][1]
		if text.startswith(MARK):
			continue
		if OOPS.search(text):
			return i
	return None


def _marker_value(lines, start, end, key):
	i = _find(lines, start, end, MARK + key.split("=")[0])
	if i is None:
		return None
	text = lines[i][1]
	return text.split(key, 1)[1].split()[0] if key in text else None


def panic_from_dmesg(lines, start, end, context=12):
	"""The crashed kernel's panic, as extracted from the vmcore."""
	dmesg = _block(lines, start, end, DMESG_BEGIN, DMESG_END)
	if not dmesg:
		return []
	i = _find(lines, dmesg[0], dmesg[1], PANIC)
	if i is None:
		return []
	return [t for _, t in lines[max(dmesg[0], i - 2):
				    min(dmesg[1], i + context)]]
