# SPDX-License-Identifier: GPL-2.0-only
"""The scenario catalogue of SCENARIOS.md, as data.

A scenario says how the machine is built, what the first kernel's init
does, what the harness does from outside, and what to capture.  The runner
(runner.py) interprets it; nothing here knows about verdicts.
"""

from dataclasses import dataclass, field
from typing import Optional, Tuple

IOMMU_X2APIC = dict(
	machine="q35",
	cpu="qemu64,+x2apic",
	devices=("intel-iommu,intremap=on,eim=on",),
	first_extra="intel_iommu=on",
)


@dataclass(frozen=True)
class Scenario:
	name: str
	title: str
	smp: int = 1
	mem: int = 1024
	crashkernel: str = "256M"
	machine: str = "pc"
	cpu: Optional[str] = None
	devices: Tuple[str, ...] = ()
	qemu_globals: Tuple[str, ...] = ()	# -global (ioapic.version=0x11)
	pci_console: bool = False	# first kernel's console on a PCI 16550
	first_extra: str = ""		# first kernel command line
	dump_extra: str = ""		# dump kernel command line (kexec --append)
	popts: Tuple[str, ...] = ()	# --purgatory-opt for the limbo column
	kexec_extra: str = ""		# kexec arguments for both columns
	load: str = "p"			# kexec -p (kdump) or -l (kexec -e)
	crash: str = "sysrq"		# sysrq | external | exec
	crash_cpu: int = 0
	sysrq: bool = False		# echo 1 > /proc/sys/kernel/sysrq
	setup: str = ""			# guest-side setup hook (edu)
	external: str = ""		# break | nmi: how the harness crashes it
	inject: str = ""		# storm | single | burst-on-exit | burst-in-purgatory | edu-irq
	corrupt: str = ""		# segment to flip (S10)
	control: bool = False		# write the byte back unchanged
	captures: Tuple[Tuple[str, str], ...] = ()	# (point, what)
	dump_image: str = "bzimage"	# bzimage | elf
	cross: bool = False		# dump kernel = the other series
	cycles: int = 1
	stock_known: str = ""		# SCENARIOS.md's stock 6.1 result
	notes: str = field(default="", compare=False)


CATALOGUE = [
	Scenario("S1", "plain kdump, sysrq-c on CPU 0", stock_known="pass"),
	Scenario("S1n", "S1 on -cpu max: SHA-NI in a real handoff", cpu="max",
		 stock_known="to measure"),
	Scenario("S2", "crash on an AP (CPU 1 of 2)", smp=2, crash_cpu=1,
		 stock_known="pass"),
	Scenario("S2b", "crash on an AP (CPU 2 of 4)", smp=4, crash_cpu=2,
		 stock_known="pass"),
	Scenario("S3", "NMI storm through the handoff (10 ms, max 200)",
		 inject="storm", stock_known="reset"),
	Scenario("S4", "one NMI at a random delay 0-3 s after the panic",
		 inject="single", stock_known="reset 9 of 28"),
	Scenario("S5", "x2APIC left on, dump kernel on MPTABLE (acpi=off)",
		 dump_extra="acpi=off earlyprintk=serial",
		 stock_known="oops", **IOMMU_X2APIC),
	Scenario("S6", "x2APIC left on, dump kernel on ACPI",
		 stock_known="pass", **IOMMU_X2APIC),
	Scenario("S7", "crash in hard-IRQ context (serial break + c)",
		 crash="external", external="break", sysrq=True,
		 stock_known="pass"),
	Scenario("S7L", "crash in a level-triggered IRQ handler (PCI serial "
		 "console: break + c in serial8250_interrupt, fasteoi)",
		 crash="external", external="break", sysrq=True,
		 pci_console=True, stock_known="to measure",
		 notes="the first kernel's console is a pci-serial 16550 "
		       "(ttyS1, INTx through the IO-APIC, level, fasteoi): "
		       "the panic runs inside the handler, before the EOI, "
		       "so the vector is still in service at the handoff; "
		       "purgatory and dump kernel print on the ISA ttyS0"),
	Scenario("S8", "level interrupt in flight (edu INTx after the panic)",
		 setup="edu", devices=("edu",), inject="edu-irq",
		 captures=(("panic+0.3", "pic"), ("dump", "pic")),
		 stock_known="to measure",
		 notes="edu bound to uio_pci_generic (level pin unmasked); the "
		       "harness asserts INTx through gdbstub at the panic line, "
		       "while the crashing CPU runs with IF=0; no handler, no "
		       "EOI"),
	Scenario("S8r", "S8, and limbo re-creates Remote IRR itself "
		 "(debug-remote-irr on edu's GSI, IO-APIC v0x20)",
		 setup="edu", devices=("edu",), inject="edu-irq",
		 popts=("debug-remote-irr=edu",),
		 captures=(("panic+0.3", "pic"), ("handoff", "pic"),
			   ("dump", "pic")),
		 stock_known="n/a (stock has no such option)",
		 notes="Linux clears Remote IRR in its crash shutdown, so the "
		       "limbo column arms edu's pin again (level, unmasked, "
		       "line still asserted) before quiescing: the clearing "
		       "runs on QEMU's real IO-APIC model"),
	Scenario("S8r11", "S8r on an IO-APIC version 0x11 (no EOI register: "
		 "edge/level switch)", setup="edu", devices=("edu",),
		 qemu_globals=("ioapic.version=0x11",), inject="edu-irq",
		 popts=("debug-remote-irr=edu",),
		 captures=(("panic+0.3", "pic"), ("handoff", "pic"),
			   ("dump", "pic")),
		 stock_known="n/a (stock has no such option)"),
	Scenario("S9", "stale LDR: 2 vCPUs, crash on CPU 1", smp=2,
		 crash_cpu=1, dump_extra="earlyprintk=serial",
		 captures=(("panic+0.1", "lapic"), ("next", "lapic"),
			   ("dump", "lapic")),
		 stock_known="state reproduced",
		 notes="next: the dump kernel's banner (earlyprintk), VM "
		       "paused: the APIC state the purgatory handed over, "
		       "before the dump kernel programs it"),
	Scenario("S9b", "stale LDR: 4 vCPUs, crash on CPU 2", smp=4,
		 crash_cpu=2, dump_extra="earlyprintk=serial",
		 captures=(("next", "lapic"), ("dump", "lapic")),
		 stock_known="state reproduced"),
	Scenario("S9p", "S9b with park=init for limbo", smp=4, crash_cpu=2,
		 popts=("park=init",), dump_extra="earlyprintk=serial",
		 captures=(("next", "lapic"), ("dump", "lapic")),
		 stock_known="state reproduced"),
	Scenario("S10", "corrupted dump kernel segment (one byte flipped)",
		 corrupt="kernel", captures=(("hang", "regs"),),
		 stock_known="hang"),
	Scenario("S10i", "S10 in the initrd", corrupt="initrd",
		 stock_known="to measure"),
	Scenario("S10p", "S10 in boot_params (the setup header)",
		 corrupt="bootparams", stock_known="to measure"),
	Scenario("S10m", "S10 in the command line", corrupt="cmdline",
		 stock_known="to measure"),
	Scenario("S10e", "S10 in the ELF core header", corrupt="elfcorehdr",
		 stock_known="to measure"),
	Scenario("S10k", "S10 in the kdump backup of low memory",
		 corrupt="backup", stock_known="to measure"),
	Scenario("S10c", "S10 control: same byte written back unchanged",
		 corrupt="kernel", control=True, stock_known="pass"),
	Scenario("S11", "kexec -l/-e, 4 vCPUs, NMI burst after the old kernel",
		 smp=4, load="l", crash="exec", inject="burst-on-exit",
		 stock_known="reset"),
	Scenario("S11p", "S11 with park=init for limbo", smp=4, load="l",
		 crash="exec", inject="burst-on-exit", popts=("park=init",),
		 stock_known="reset"),
	Scenario("S11j", "kexec -l/-e, 4 vCPUs, NMI burst from the moment a "
		 "vCPU runs in the purgatory segment", smp=4, load="l",
		 crash="exec", inject="burst-in-purgatory",
		 stock_known="to measure",
		 notes="S11's burst starts in relocate_kernel's page copy, "
		       "where the old kernel has no IDT and no purgatory can "
		       "help; this one starts once the copy is done"),
	Scenario("S11jp", "S11j with park=init for limbo", smp=4, load="l",
		 crash="exec", inject="burst-in-purgatory", popts=("park=init",),
		 stock_known="to measure"),
	Scenario("S11q", "kexec -l/-e, 4 vCPUs, no NMIs", smp=4, load="l",
		 crash="exec", stock_known="pass"),
	Scenario("S11r", "kexec -l/-e, 4 vCPUs, park=init for limbo, no NMIs: "
		 "the new kernel must bring up all 4 CPUs (SIPI from the "
		 "parked state)", smp=4, load="l", crash="exec",
		 popts=("park=init",), captures=(("next", "lapic"),),
		 stock_known="pass"),
	Scenario("S9n", "S9p with the dump kernel on nr_cpus=4: it must bring "
		 "the parked CPUs up", smp=4, crash_cpu=2,
		 popts=("park=init",), dump_extra="nr_cpus=4 earlyprintk=serial",
		 captures=(("next", "lapic"),), stock_known="to measure"),
	Scenario("S12", "repeated cycles: crash, dump, reboot (3 times)",
		 cycles=3, dump_extra="limbo.end=reboot",
		 stock_known="to measure"),
	Scenario("S13", "cross kernels: dump kernel is the other series",
		 cross=True, stock_known="pass (6.12)"),
	Scenario("S14", "ELF vmlinux dump kernel (rebased to 528 MiB)",
		 dump_image="elf", crashkernel="256M@512M",
		 kexec_extra="--args-linux",
		 first_extra="nokaslr", stock_known="to measure",
		 notes="kexec-tools loads ELF segments at p_paddr: the crash "
		       "region is fixed at 512 MiB and the vmlinux rebased into "
		       "it; nokaslr keeps the first kernel out of it"),
	Scenario("S15", "panic in NMI context (unknown_nmi_panic=1)",
		 first_extra="unknown_nmi_panic=1", crash="external",
		 external="nmi", stock_known="pass"),
	Scenario("F1", "limbo debug-fault=gp, fault=halt: dump, message, halt",
		 popts=("debug-fault=gp", "fault=halt"),
		 stock_known="n/a (stock has no such option)"),
	Scenario("F2", "limbo debug-fault=pf, fault=reset: dump, then reset",
		 popts=("debug-fault=pf", "fault=reset"),
		 stock_known="n/a (stock has no such option)"),
]

BY_NAME = {s.name: s for s in CATALOGUE}


def lookup(names):
	out = []
	for n in names:
		if n not in BY_NAME:
			raise KeyError("unknown scenario %r (known: %s)" %
				       (n, ", ".join(BY_NAME)))
		out.append(BY_NAME[n])
	return out
