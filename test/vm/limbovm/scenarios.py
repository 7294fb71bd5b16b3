# SPDX-License-Identifier: GPL-2.0-only
"""The scenario catalogue, as data, with what this project measured.

A scenario says how the machine is built, what the first kernel's init
does, what the harness does from outside, and what to capture.  The runner
(runner.py) interprets it.

Each scenario also records, per column (stock, limbo) and kernel series,
the verdicts this project measured with this harness (the top README's
Results table tells the same runs in words): every verdict seen and over
how many runs.  The tests (test_scenarios.py) take their expectations from
here and nowhere else, so a column that stops behaving as measured fails
them.  Not measured: no entry; a test on it fails until it is measured.
"""

from dataclasses import dataclass, field
from typing import FrozenSet, Optional, Tuple

from .kernels import SUITES
from .verdict import VERDICTS

COLUMNS = ("stock", "limbo", "kfile")	# kfile: kexec -s, kernels k6.12*

# Under TCG with hundreds of vCPUs Linux's delay-loop calibration of
# each AP fails slowly ("calibrate_delay_direct() failed to get a good
# estimate"): the boot CPU's own figure (TSC frequency / HZ, as its
# "lpj=" line prints on this host's 2095.869 MHz TCG TSC) skips it
TCG_LPJ = "lpj=8383476"

IOMMU_X2APIC = dict(
	machine="q35",
	cpu="qemu64,+x2apic",
	devices=("intel-iommu,intremap=on,eim=on",),
	first_extra="intel_iommu=on",
)


@dataclass(frozen=True)
class Measured:
	"""One column on one kernel series, as measured: every verdict seen
	(more than one only where the result genuinely varies) and the runs
	behind it."""
	verdicts: FrozenSet[str]
	runs: str

	def __post_init__(self):
		bad = self.verdicts - set(VERDICTS)
		if bad or not self.verdicts:
			raise ValueError("measured verdicts %s: known are %s" %
					 (sorted(bad), ", ".join(VERDICTS)))

	def __str__(self):
		return "%s (%s)" % (" or ".join(sorted(self.verdicts)), self.runs)


@dataclass(frozen=True)
class Inapplicable:
	"""One column on one kernel series where the scenario cannot be
	set up at all (what it corrupts does not exist there), and why.
	The harness does not run it; it has no verdict to expect."""
	why: str
	verdicts: FrozenSet[str] = frozenset()

	def __str__(self):
		return "does not apply: %s" % self.why


def inapplicable(why, series):
	"""(series, Inapplicable) pairs for the given series."""
	return tuple((s, Inapplicable(why)) for s in series)


def seen(verdicts, runs, series=None):
	"""(series, Measured) pairs: verdicts "pass" or "pass|reset", for the
	given series (default every series the harness knows)."""
	m = Measured(frozenset(verdicts.split("|")), runs)
	return tuple((s, m) for s in (series or tuple(SUITES)))


ONLY_61 = ("6.1",)
ONLY_612 = ("6.12",)
# make kernel's builds of Debian's 6.12 source: as shipped, and with the
# kexec_file_load series (limbo's purgatory), for the kfile column
K_STOCK = ("k6.12",)
K_LIMBO = ("k6.12-limbo",)
# one run of each of the six S10 segments on 6.1, every one as recorded
S10_RUNS = "1 run (6 of 6 over the six S10 segments)"


@dataclass(frozen=True)
class Scenario:
	name: str
	title: str
	smp: int = 1			# vCPUs present at power-on
	smp_args: str = ""		# -smp in full when more than a count
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
	corrupt: str = ""		# segment to flip (S10), or "tables_addr"
	corrupt_offset: Optional[int] = None	# the byte's offset in it
	only: str = ""			# the one column this scenario means anything for
	slow: float = 1.0		# timeouts scaled: big guests boot slowly under TCG
	control: bool = False		# write the byte back unchanged
	captures: Tuple[Tuple[str, str], ...] = ()	# (point, what)
	dump_image: str = "bzimage"	# bzimage | elf
	cross: bool = False		# dump kernel = the other series
	kexec_version: str = ""		# both columns' kexec-tools ("": default)
	offline_cpu: Optional[int] = None	# taken offline after the load
	elfcorehdr_rewritten: Optional[bool] = None	# checked via gdbstub
	series: Tuple[str, ...] = ()	# kernel series it runs on (): all
	cycles: int = 1
	qemu: str = "debian"		# debian | init (qemu.QEMUS)
	park_check: Tuple[str, ...] = ()	# points judged by parking.judge
	stock: Tuple[Tuple[str, Measured], ...] = ()	# seen(...) per series
	limbo: Tuple[Tuple[str, Measured], ...] = ()
	kfile: Tuple[Tuple[str, Measured], ...] = ()	# series k6.12, k6.12-limbo
	notes: str = field(default="", compare=False)

	def measured(self, column, series):
		"""What this project measured for column on series, or None."""
		if column not in COLUMNS:
			raise KeyError("unknown column %r (%s)" %
				       (column, ", ".join(COLUMNS)))
		return dict(getattr(self, column)).get(series)

	def applies(self, column, series):
		"""False where the catalogue says the scenario cannot be set up
		for column on series (Inapplicable)."""
		return not isinstance(self.measured(column, series), Inapplicable)


CATALOGUE = [
	Scenario("S1", "plain kdump, sysrq-c on CPU 0",
		 stock=seen("pass", "5 of 5 runs"),
		 limbo=seen("pass", "5 of 5 runs"),
		 kfile=seen("pass", "1 run", K_STOCK) + seen("pass", "1 run", K_LIMBO)),
	Scenario("S1n", "S1 on -cpu max: SHA-NI in a real handoff", cpu="max",
		 stock=seen("pass", "1 run", ONLY_61),
		 limbo=seen("pass", "1 run, hashed with SHA-NI", ONLY_61)),
	Scenario("S1a", "S1 with no local APIC (-cpu qemu64,-apic, 1 vCPU): "
		 "nothing to quiesce, handoff=nmi cannot send its NMI",
		 cpu="qemu64,-apic",
		 stock=seen("pass", "1 run"),
		 limbo=seen("pass", "1 run, handoff=nmi: 'local APIC disabled: "
			    "jumping instead'")),
	Scenario("S2", "crash on an AP (CPU 1 of 2)", smp=2, crash_cpu=1,
		 stock=seen("pass", "1 run"),
		 limbo=seen("pass", "1 run"),
		 kfile=seen("pass", "1 run", K_STOCK) + seen("pass", "1 run", K_LIMBO)),
	Scenario("S2b", "crash on an AP (CPU 2 of 4)", smp=4, crash_cpu=2,
		 stock=seen("pass", "1 run"),
		 limbo=seen("pass", "1 run")),
	Scenario("S3", "NMI storm through the handoff (10 ms, max 200)",
		 inject="storm",
		 stock=seen("reset", "10 of 10 runs, after 3-4 NMIs", ONLY_61) +
		 seen("reset", "10 of 10 runs, after 3-5 NMIs", ONLY_612),
		 limbo=seen("pass", "30 of 30 runs", ONLY_61) +
		 seen("pass", "10 of 10 runs", ONLY_612),
		 kfile=seen("reset", "10 of 10 runs, after 4-7 NMIs", K_STOCK) +
		 seen("pass", "10 of 10 runs, 180-200 NMIs injected", K_LIMBO),
		 notes="limbo: a reset that --debug-reset locates in the old "
		       "kernel (RIP outside the purgatory segment, IDTR "
		       "empty, no limbo line) happened before the purgatory "
		       "ran: 1 of 20 runs before the prebuilt IDT"),
	Scenario("S4", "one NMI at a random delay 0-3 s after the panic",
		 inject="single",
		 stock=seen("pass|reset", "pass 78, reset 22 of 100 runs; the "
			    "NMI of every reset 0.036-0.642 s after the panic",
			    ONLY_61) +
		 seen("pass|reset", "pass 76, reset 24 of 100 runs; the NMI of "
		      "every reset 0.045-0.591 s after the panic", ONLY_612),
		 limbo=seen("pass", "100 of 100 runs"),
		 kfile=seen("pass|reset", "pass 43, reset 7 of 50 runs; the NMI of "
			    "every reset 0.034-0.671 s after the panic", K_STOCK) +
		 seen("pass", "50 of 50 runs, 12 of them with the NMI 0.075-0.597 s "
		      "after the panic", K_LIMBO)),
	Scenario("S5", "x2APIC left on, dump kernel on MPTABLE (acpi=off)",
		 dump_extra="acpi=off earlyprintk=serial",
		 stock=seen("oops", "1 run: native_apic_mem_read"),
		 limbo=seen("pass", "1 run"),
		 kfile=seen("oops", "1 run: the dump kernel's 'BUG: unable to "
			    "handle page fault for address: ffffffffff5fd0b0' "
			    "in native_apic_mem_eoi", K_STOCK) +
		 seen("pass", "1 run: lapic actions x2apic_to_xapic, "
		      "ldr_cleared; config flags 0x6 (from_kernel, "
		      "next_mptable)", K_LIMBO),
		 **IOMMU_X2APIC),
	Scenario("S5a", "S5 with the crash on an AP (CPU 1 of 2)",
		 smp=2, crash_cpu=1, dump_extra="acpi=off earlyprintk=serial",
		 notes="Linux 6.1's MPTABLE parser takes the MP table's boot "
		 "CPU (APIC 0) as boot_cpu_physical_apicid; with nr_cpus=1 only "
		 "that entry is registered, so the CPU that crashed (APIC 1) "
		 "is not in phys_cpu_present_map and setup_local_APIC() BUGs",
		 stock=seen("oops", "1 run: native_apic_mem_read (6.1), "
			    "native_apic_mem_eoi (6.12)"),
		 limbo=seen("oops", "1 run: kernel BUG at apic.c:1605, "
			    "setup_local_APIC", ONLY_61)
		 + seen("pass", "1 run", ONLY_612),
		 **IOMMU_X2APIC),
	Scenario("S5ad", "S5a with the dump kernel on nr_cpus=2 "
		 "disable_cpu_apicid=0",
		 smp=2, crash_cpu=1,
		 dump_extra="acpi=off earlyprintk=serial nr_cpus=2 "
		 "disable_cpu_apicid=0",
		 notes="the MP table's boot CPU is skipped, the CPU that "
		 "crashed is registered, and no CPU is woken (the only other "
		 "one is disabled)",
		 stock=seen("oops", "1 run: x2APIC left on, as S5"),
		 limbo=seen("pass", "3 dumps of 3 (2 judged after the CPU-count fix)", ONLY_61)
		 + seen("pass", "1 run", ONLY_612),
		 **IOMMU_X2APIC),
	Scenario("S6", "x2APIC left on, dump kernel on ACPI",
		 stock=seen("pass", "1 run"),
		 limbo=seen("pass", "1 run"), **IOMMU_X2APIC),
	Scenario("S7", "crash in hard-IRQ context (serial break + c)",
		 crash="external", external="break", sysrq=True,
		 stock=seen("pass", "1 run"),
		 limbo=seen("pass", "1 run")),
	Scenario("S7L", "crash in a level-triggered IRQ handler (PCI serial "
		 "console: break + c in serial8250_interrupt, fasteoi)",
		 crash="external", external="break", sysrq=True,
		 pci_console=True, stock=seen("pass", "1 run"),
		 limbo=seen("pass", "1 run: one vector in service, 1 EOI"),
		 kfile=seen("pass", "1 run: 'Kernel panic - not syncing: sysrq "
			    "triggered crash', dump", K_STOCK) +
		 seen("pass", "1 run: 'limbo: lapic: xAPIC id 0, LVTs masked, "
		      "1 EOIs' (vector 33 in service); the purgatory printed on "
		      "the kernel's console, the PCI 8250 at 0xc010", K_LIMBO),
		 notes="the first kernel's console is a pci-serial 16550 "
		       "(ttyS1, INTx through the IO-APIC, level, fasteoi): "
		       "the panic runs inside the handler, before the EOI, "
		       "so the vector is still in service at the handoff; "
		       "purgatory and dump kernel print on the ISA ttyS0"),
	Scenario("S8", "level interrupt in flight (edu INTx after the panic)",
		 setup="edu", devices=("edu",), inject="edu-irq",
		 captures=(("panic+0.3", "pic"), ("dump", "pic")),
		 stock=seen("pass", "1 run"),
		 limbo=seen("pass", "1 run: Remote IRR found 0"),
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
		 stock=seen("pass", "1 run (no such option: same as S8)"),
		 limbo=seen("pass", "1 run: Remote IRR found 1, cleared 1"),
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
		 stock=seen("pass", "1 run"),
		 limbo=seen("pass", "1 run: Remote IRR found 1, cleared 1")),
	Scenario("S9", "stale LDR: 2 vCPUs, crash on CPU 1", smp=2,
		 crash_cpu=1, dump_extra="earlyprintk=serial",
		 captures=(("panic+0.1", "lapic"), ("next", "lapic"),
			   ("dump", "lapic")),
		 stock=seen("pass", "1 run"),
		 limbo=seen("pass", "1 run"),
		 notes="next: the dump kernel's banner (earlyprintk), VM "
		       "paused: the APIC state the purgatory handed over, "
		       "before the dump kernel programs it"),
	Scenario("S9b", "stale LDR: 4 vCPUs, crash on CPU 2", smp=4,
		 crash_cpu=2, dump_extra="earlyprintk=serial",
		 captures=(("next", "lapic"), ("dump", "lapic")),
		 stock=seen("pass", "1 run", ONLY_61),
		 limbo=seen("pass", "1 run", ONLY_61)),
	Scenario("S10", "corrupted dump kernel segment (one byte flipped)",
		 corrupt="kernel", captures=(("hang", "regs"),),
		 stock=seen("hang", S10_RUNS, ONLY_61),
		 limbo=seen("halted", S10_RUNS, ONLY_61),
		 kfile=seen("hang", "1 run, RIP in the purgatory", K_STOCK) +
		 seen("halted", "1 run, names the kernel segment", K_LIMBO)),
	Scenario("S10i", "S10 in the initrd", corrupt="initrd",
		 stock=seen("hang", S10_RUNS, ONLY_61),
		 limbo=seen("halted", S10_RUNS, ONLY_61),
		 kfile=seen("hang", "1 run, RIP in the purgatory", K_STOCK) +
		 seen("halted", "1 run, names the initrd", K_LIMBO)),
	Scenario("S10p", "S10 in boot_params (the setup header)",
		 corrupt="bootparams", stock=seen("hang", S10_RUNS, ONLY_61),
		 limbo=seen("halted", S10_RUNS, ONLY_61),
		 kfile=seen("hang", "1 run, RIP in the purgatory", K_STOCK) +
		 seen("halted", "1 run, names boot params", K_LIMBO)),
	Scenario("S10m", "S10 in the command line", corrupt="cmdline",
		 stock=seen("hang", S10_RUNS, ONLY_61),
		 limbo=seen("halted", S10_RUNS, ONLY_61),
		 kfile=seen("hang", "1 run: RIP 0x3effb10a, inside the purgatory "
			    "segment, nothing on the console", K_STOCK) +
		 seen("halted", "1 run: 'limbo: verify: CORRUPT boot params + "
		      "command line: region 1 at 3efed000, 8192 bytes' (the "
		      "kernel puts the command line in the boot_params "
		      "segment)", K_LIMBO)),
	Scenario("S10e", "S10 in the ELF core header", corrupt="elfcorehdr",
		 stock=seen("hang", S10_RUNS, ONLY_61),
		 limbo=seen("halted", S10_RUNS, ONLY_61),
		 kfile=seen("pass", "1 run: CRASH_HOTPLUG leaves the ELF core "
			    "header out of the kernel's digest", K_STOCK) +
		 seen("pass", "1 run: not in the digest, so not verified",
		      K_LIMBO)),
	Scenario("S10k", "S10 in the kdump backup of low memory",
		 corrupt="backup", stock=seen("hang", S10_RUNS, ONLY_61),
		 limbo=seen("halted", S10_RUNS, ONLY_61),
		 kfile=inapplicable("kexec_file_load loads no backup segment: "
				    "x86 always reserves the low 1 MiB when "
				    "crashkernel= is given, and the kernel's ELF "
				    "core header leaves it out of the dump, so "
				    "there is no copy of low memory to corrupt",
				    K_STOCK + K_LIMBO)),
	Scenario("S10c", "S10 control: same byte written back unchanged",
		 corrupt="kernel", control=True, stock=seen("pass", "1 run"),
		 limbo=seen("pass", "1 run")),
	# limbo's own inputs changed in memory after load (hardening)
	Scenario("S10t", "one byte of the purgatory's code flipped after load "
		 "(offset 0x2400 of its segment: limbo's ioapic_quiesce; in "
		 "the stock purgatory whatever lies there)",
		 corrupt="purgatory", corrupt_offset=0x2400,
		 stock=seen("reset", "1 run per kernel: the machine resets, "
			    "nothing said, no dump"),
		 limbo=seen("halted", "1 run per kernel: self-check MISMATCH, "
			    "then the verify-fail policy")),
	Scenario("S10g", "limbo's tables segment changed after load (a byte "
		 "of its IO-APIC and CPU lists)", corrupt="tables", only="limbo",
		 limbo=seen("halted", "1 run per kernel: verification names "
			    "the limbo tables region")),
	Scenario("S10a", "limbo_config names other memory as its tables "
		 "(byte 2 of tables_addr flipped after load: page-aligned, "
		 "passes the config check, is no verified region)",
		 corrupt="tables_addr", corrupt_offset=2, only="limbo",
		 limbo=seen("pass", "1 run per kernel: tables not_hashed, no "
			    "list used, problems ioapic+tables (limbo-report "
			    "exit 1)")),
	Scenario("S11", "kexec -l/-e, 4 vCPUs, NMI burst after the old kernel",
		 smp=4, load="l", crash="exec", inject="burst-on-exit",
		 stock=seen("reset", "2 runs, after 1 NMI", ONLY_61) +
		 seen("reset|hang", "2 runs: reset after 1 NMI, then a hang "
		      "(the old kernel dies in relocate_kernel either way)",
		      ONLY_612),
		 limbo=seen("reset", "1 run, after 1 NMI, in the old kernel")),
	Scenario("S11p", "S11 with park=init for limbo", smp=4, load="l",
		 crash="exec", inject="burst-on-exit", popts=("park=init",),
		 stock=seen("reset", "1 run, after 1 NMI"),
		 limbo=seen("reset", "1 run, after 1 NMI, in the old kernel")),
	Scenario("S11j", "kexec -l/-e, 4 vCPUs, NMI burst from the moment a "
		 "vCPU runs in the purgatory segment", smp=4, load="l",
		 crash="exec", inject="burst-in-purgatory",
		 stock=seen("reset", "1 run, after 1 NMI"),
		 limbo=seen("pass", "1 run, 200 NMIs"),
		 notes="S11's burst starts in relocate_kernel's page copy, "
		       "where the old kernel has no IDT and no purgatory can "
		       "help; this one starts once the copy is done"),
	Scenario("S11q", "kexec -l/-e, 4 vCPUs, no NMIs", smp=4, load="l",
		 crash="exec", stock=seen("pass", "1 run"),
		 limbo=seen("pass", "1 run")),
	Scenario("S11r", "kexec -l/-e, 4 vCPUs, park=init for limbo, no NMIs: "
		 "the new kernel must bring up all 4 CPUs (SIPI from the "
		 "parked state)", smp=4, load="l", crash="exec",
		 popts=("park=init",), captures=(("next", "lapic"),),
		 stock=seen("pass", "1 run"),
		 limbo=seen("pass", "1 run")),
	# parking: on the INIT-faithful QEMU (qemu/build.sh), judged from
	# every CPU's measured state (parking.judge); the stock column is the
	# same machine without parking
	Scenario("S9p", "S9b with park=init for limbo: the other CPUs in the "
		 "INIT state at the dump kernel's banner and init, the boot "
		 "CPU untouched", smp=4, crash_cpu=2,
		 popts=("park=init",), dump_extra="earlyprintk=serial",
		 qemu="init", park_check=("next", "dump"),
		 stock=seen("pass", "1 run: no CPU in the INIT state; CPUs 0, "
			    "1, 3 stopped with LDR 0x01, 0x02, 0x08 (6.1), 0 "
			    "(6.12)"),
		 limbo=seen("pass", "1 run: CPUs 1 and 3 in the INIT state at "
			    "the banner and at init, boot CPU 0 stopped (LDR "
			    "0x01 on 6.1, 0 on 6.12)"),
		 notes="6.1: the boot CPU's software-disabled APIC, whose "
		       "stale LDR 0x01 equals the dump kernel's, took the "
		       "dump kernel's vectors 34-37 and 48 into IRR (both "
		       "columns); 6.12: every LDR 0, nothing taken"),
	Scenario("S9n", "S9p with the dump kernel on nr_cpus=4: it must bring "
		 "the parked CPUs up", smp=4, crash_cpu=2,
		 popts=("park=init",), dump_extra="nr_cpus=4 earlyprintk=serial",
		 qemu="init", park_check=("next",),
		 stock=seen("pass", "1 run, 4 CPUs up", ONLY_61) +
		 seen("pass", "1 run, 3 CPUs up (real BSP disabled by 6.12)",
		      ONLY_612),
		 limbo=seen("pass|reset", "2 runs, CPUs 1 and 3 parked and 4 "
			    "CPUs up in both: pass once; once the patched QEMU "
			    "then died of SIGSEGV (address_space_translate_for_"
			    "iotlb) in the dump kernel's PCI scan", ONLY_61) +
		 seen("pass", "1 run: CPUs 1 and 3 parked, 3 CPUs up (real "
		      "BSP disabled by 6.12)", ONLY_612)),
	Scenario("S11jp", "S11j with park=init for limbo: parked CPUs at the "
		 "new kernel's banner, 200 NMIs, all 4 CPUs up", smp=4,
		 load="l", crash="exec", inject="burst-in-purgatory",
		 popts=("park=init",), dump_extra="earlyprintk=serial",
		 qemu="init", park_check=("next",),
		 stock=seen("reset", "1 run, after 1 NMI, in the stock "
			    "purgatory"),
		 limbo=seen("pass", "1 run: handoff on the boot CPU 0, CPUs 1-3 "
			    "in the INIT state at the banner, 200 NMIs, 4 CPUs "
			    "up")),
	Scenario("S12", "repeated cycles: crash, dump, reboot (3 times)",
		 cycles=3, dump_extra="limbo.end=reboot",
		 stock=seen("pass", "1 run of 3 cycles"),
		 limbo=seen("pass", "1 run of 3 cycles"),
		 kfile=seen("pass", "1 run: cycles 3 of 3 passed", K_STOCK) +
		 seen("pass", "1 run: cycles 3 of 3 passed, limbo-report exit "
		      "0", K_LIMBO)),
	Scenario("S13", "cross kernels: dump kernel is the other series",
		 cross=True, stock=seen("pass", "1 run"),
		 limbo=seen("pass", "1 run")),
	Scenario("S14", "ELF vmlinux dump kernel (rebased to 528 MiB)",
		 dump_image="elf", crashkernel="256M@512M",
		 kexec_extra="--args-linux",
		 first_extra="nokaslr", stock=seen("pass", "1 run"),
		 limbo=seen("pass", "1 run"),
		 notes="kexec-tools loads ELF segments at p_paddr: the crash "
		       "region is fixed at 512 MiB and the vmlinux rebased into "
		       "it; nokaslr keeps the first kernel out of it"),
	Scenario("S3p", "S3 with lapic=off and earlyprintk=serial for the dump "
		 "kernel: its decompressor (6.12) prints how many early NMIs it "
		 "ignored",
		 inject="storm", dump_extra="earlyprintk=serial",
		 series=ONLY_612, popts=("lapic=off",),
		 limbo=seen("pass|reset", "lapic=off, 3 runs per handoff: 1 pass "
			    "each; 1 reset each on the null IDT right after the "
			    "decompressor printed its count", ONLY_612)),
	Scenario("S3e", "S3's NMI storm with lapic=off and S14's ELF vmlinux "
		 "dump kernel: no decompressor, so the kernel proper's own first "
		 "iret is the first after the handoff",
		 inject="storm", dump_image="elf", crashkernel="256M@512M",
		 kexec_extra="--args-linux", first_extra="nokaslr",
		 popts=("lapic=off",),
		 limbo=seen("pass", "lapic=off,handoff=nmi: 10 of 10 runs (jump: "
			    "0 of 10, every reset on the kernel proper's bringup "
			    "IDT)", ONLY_61) +
		 seen("pass", "lapic=off,handoff=nmi: 10 of 10 runs (jump: 6 of "
		      "10, 4 resets on the bringup IDT)", ONLY_612)),
	Scenario("S15", "panic in NMI context (unknown_nmi_panic=1)",
		 first_extra="unknown_nmi_panic=1", crash="external",
		 external="nmi", stock=seen("pass", "1 run"),
		 limbo=seen("pass", "1 run")),
	Scenario("S15p", "S15 with earlyprintk=serial for the dump kernel: with "
		 "handoff=nmi the self-NMI stays pending through the purgatory "
		 "and the decompressor (6.12) counts it",
		 first_extra="unknown_nmi_panic=1", crash="external",
		 external="nmi", dump_extra="earlyprintk=serial",
		 stock=seen("pass", "1 run"),
		 limbo=seen("pass", "1 run before the entry's IRET (no NMI by the "
			    "2^24-cycle wait, jumped; 6.12's decompressor: 'Spurious "
			    "early NMIs ignored: 1'), 1 after (self-NMI handoff, "
			    "nothing pending)")),
	Scenario("S15e", "S15 with S14's ELF vmlinux dump kernel: with "
		 "handoff=nmi the pending self-NMI meets the kernel proper's "
		 "own first iret (no decompressor)",
		 first_extra="unknown_nmi_panic=1 nokaslr", crash="external",
		 external="nmi", dump_image="elf", crashkernel="256M@512M",
		 kexec_extra="--args-linux",
		 limbo=seen("pass", "1 run under --debug-int, handoff=nmi: the "
			    "first event after the jump is the kernel proper's "
			    "first #PF on its 256-gate early IDT, the held NMI "
			    "right after its iret at the same RIP; 1 since the "
			    "entry's IRET: the self-NMI taken in the purgatory, "
			    "nothing held")),
	Scenario("S16", "kexec -p --hotplug (kexec-tools 2.0.29), CPU 1 of 2 "
		 "taken offline before the crash: the kernel rewrites the "
		 "elfcorehdr", smp=2, kexec_version="2.0.29",
		 kexec_extra="--hotplug", offline_cpu=1,
		 elfcorehdr_rewritten=True, series=ONLY_612,
		 stock=seen("pass", "5 of 5 runs, elfcorehdr rewritten in "
			    "each (phnum 7 -> 6)", ONLY_612),
		 limbo=seen("pass", "5 of 5 runs, elfcorehdr rewritten in "
			    "each; verify ok over kexec's 4 regions", ONLY_612),
		 notes="CONFIG_CRASH_HOTPLUG came with Linux 6.6: on 6.1 both "
		       "columns' kexec refuse --hotplug (no /sys/kernel/"
		       "crash_elfcorehdr_size, measured once); the kernel's "
		       "header drops kexec-tools' PT_LOAD of the low 640 KiB "
		       "(the backup), so the vmcore is 0x9f000 bytes smaller"),
	Scenario("S16c", "S16 control: --hotplug, no CPU taken offline, "
		 "the elfcorehdr stays as kexec wrote it", smp=2,
		 kexec_version="2.0.29", kexec_extra="--hotplug",
		 elfcorehdr_rewritten=False, series=ONLY_612,
		 stock=seen("pass", "5 of 5 runs, elfcorehdr unchanged",
			    ONLY_612),
		 limbo=seen("pass", "5 of 5 runs, elfcorehdr unchanged; verify "
			    "ok over kexec's 4 regions", ONLY_612)),
	Scenario("S16v", "S16, then one byte of the dump kernel flipped after "
		 "the rewrite: the failed verification still names the "
		 "segment", smp=2, kexec_version="2.0.29",
		 kexec_extra="--hotplug", offline_cpu=1,
		 elfcorehdr_rewritten=True, corrupt="kernel", series=ONLY_612,
		 stock=seen("hang", "2 of 2 runs, in the purgatory segment",
			    ONLY_612),
		 limbo=seen("halted", "2 of 2 runs: CORRUPT kernel, region 1 of "
			    "kexec's 4", ONLY_612)),
	# the biggest machines TCG boots here: full matrix only, never CI
	Scenario("S17", "96 vCPUs (q35), crash on CPU 95", machine="q35",
		 smp=96, mem=4096, crash_cpu=95, slow=8.0,
		 stock=seen("pass", "1 run per kernel (host load 20-30: 12-16 "
			    "min a run)"),
		 limbo=seen("pass", "1 run per kernel: 96 CPUs and the IO-APIC "
			    "from the verified tables")),
	Scenario("S17x", "288 vCPUs with x2APIC (q35, IOMMU interrupt "
		 "remapping, APIC IDs above 255), crash on CPU 287",
		 smp=288, mem=8192, crash_cpu=287, slow=20.0,
		 **dict(IOMMU_X2APIC, first_extra=IOMMU_X2APIC["first_extra"] +
			" " + TCG_LPJ),
		 notes="not booted here: without lpj= the 6.12 guest brought "
		       "up APs 1-254 and then spent about 45 s of host time "
		       "per AP calibrating its delay loop (12 APs in 9 min); "
		       "with lpj= it stopped making progress at AP 198 for "
		       "8 min (host load 40-100); S17s shows APIC IDs above "
		       "255 instead"),
	Scenario("S17s", "x2APIC ID 287 on a 3-vCPU q35 with room for 288 "
		 "(IOMMU interrupt remapping), crash on it",
		 smp=3, smp_args="2,maxcpus=288,sockets=1,cores=288,threads=1",
		 crash_cpu=2,
		 **dict(IOMMU_X2APIC, devices=IOMMU_X2APIC["devices"] + (
			 "qemu64-x86_64-cpu,socket-id=0,core-id=287,thread-id=0",)),
		 stock=seen("pass", "1 run per kernel; panic to dump init "
			    "22.3 s (6.1), 14.5 s (6.12)"),
		 limbo=seen("pass", "1 run per kernel (6.12: 2): 3 CPUs, "
			    "largest APIC ID 287 from the verified tables, "
			    "LAPIC quiesced on x2APIC id 287; panic to dump "
			    "init 16.6 s (6.1), 7.2-10.8 s (6.12)"),
		 notes="what S17x cannot show on 2 host cores in reasonable "
		       "time: APIC IDs above 255 in the MADT (x2APIC entries, "
		       "285 of them not enabled), the crash and the handoff on "
		       "the CPU with the highest one"),
	Scenario("F1", "limbo debug-fault=gp, fault=halt: dump, message, halt",
		 popts=("debug-fault=gp", "fault=halt"),
		 limbo=seen("halted", "1 run", ONLY_61)),
	Scenario("F2", "limbo debug-fault=pf, fault=reset: dump, then reset",
		 popts=("debug-fault=pf", "fault=reset"),
		 limbo=seen("reset", "1 run", ONLY_61)),
]

BY_NAME = {s.name: s for s in CATALOGUE}


def lookup(names):
	"""Scenarios by name; "all" is the whole catalogue."""
	if list(names) == ["all"]:
		return list(CATALOGUE)
	out = []
	for n in names:
		if n not in BY_NAME:
			raise KeyError("unknown scenario %r (known: %s)" %
				       (n, ", ".join(BY_NAME)))
		out.append(BY_NAME[n])
	return out
