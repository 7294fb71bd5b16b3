#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""limbo's purgatory as the kernel's kexec_file_load purgatory: the series.

	kexec-plugin/linux/mkseries.py gen PRISTINE
		regenerate kexec-plugin/linux/patches/ from Debian's pristine
		Linux source (what build.sh leaves in .cache/kernel/)
	kexec-plugin/linux/mkseries.py import TREE
		copy limbo's purgatory sources into TREE/arch/x86/purgatory/limbo/
		with limbo.mk (their list and limbo's compiler flags), after the
		series is applied to TREE
	kexec-plugin/linux/mkseries.py full PRISTINE OUTDIR
		the self-contained series to mail: the stored patches with one
		more, generated now, adding arch/x86/purgatory/limbo/

The stored patches carry the kernel's side only (hooks, the build, the
kernel code that fills the purgatory in): limbo's sources have one home,
purgatory/, lib/ and include/limbo/ of this tree, and are imported into
the kernel tree when it is built, the way kexec-plugin/build.sh copies the
plugin into kexec-tools.  The kernel's own new files are kept whole under
kexec-plugin/linux/files/; edits of the kernel's files are listed below
and must each match exactly once, so a Linux version that moved the code
fails loudly here instead of producing a patch that half applies.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
FILES = os.path.join(HERE, "files")
PATCHDIR = os.path.join(HERE, "patches")
LIMBO_IN_TREE = "arch/x86/purgatory/limbo"
AUTHOR = "limbo <limbo@localhost>"


def replace(path, old, new):
	return ("replace", path, old, new)


def write(path):
	"""A file of the series, whole, from kexec-plugin/linux/files/."""
	return ("write", path)


def delete(path):
	return ("delete", path)


# ---- the series ----------------------------------------------------------

REGS_OLD = """/*
 * Number of elements and order of elements in this structure should match
 * with the ones in arch/x86/purgatory/entry64.S. If you make a change here
 * make an appropriate change in purgatory too.
 */
struct kexec_entry64_regs {
	uint64_t rax;
	uint64_t rcx;
	uint64_t rdx;
	uint64_t rbx;
	uint64_t rsp;
	uint64_t rbp;
	uint64_t rsi;
	uint64_t rdi;
"""
REGS_NEW = """/*
 * Number of elements and order of elements in this structure should match
 * with the ones in arch/x86/purgatory/entry64.S. If you make a change here
 * make an appropriate change in purgatory too.  The order is the one
 * kexec-tools' purgatory has always used, so that one purgatory can serve
 * kexec_load and kexec_file_load.
 */
struct kexec_entry64_regs {
	uint64_t rax;
	uint64_t rbx;
	uint64_t rcx;
	uint64_t rdx;
	uint64_t rsi;
	uint64_t rdi;
	uint64_t rsp;
	uint64_t rbp;
"""
LABELS_OLD = """rax:	.quad 0x0
rcx:	.quad 0x0
rdx:	.quad 0x0
rbx:	.quad 0x0
rsp:	.quad 0x0
rbp:	.quad 0x0
rsi:	.quad 0x0
rdi:	.quad 0x0
"""
LABELS_NEW = """rax:	.quad 0x0
rbx:	.quad 0x0
rcx:	.quad 0x0
rdx:	.quad 0x0
rsi:	.quad 0x0
rdi:	.quad 0x0
rsp:	.quad 0x0
rbp:	.quad 0x0
"""

SERIES = [
	("x86/kexec: lay out entry64_regs as kexec-tools does",
	 """\
kexec_file_load's purgatory and kexec-tools' purgatory both take the
next kernel's registers from a symbol named entry64_regs, but the kernel
orders the first eight in their encoding order (rax, rcx, rdx, rbx, rsp,
rbp, rsi, rdi) and kexec-tools in its own (rax, rbx, rcx, rdx, rsi, rdi,
rsp, rbp).  A purgatory written for kexec-tools therefore finds the boot
parameters where it expects the stack when the kernel loads it.

Use kexec-tools' order.  The kernel's purgatory reads its registers by
name, so only the order of its labels changes with the structure: no
functional change, and the next patch can use a purgatory that also
works with kexec_load.
""",
	 [replace("arch/x86/include/asm/kexec.h", REGS_OLD, REGS_NEW),
	  replace("arch/x86/purgatory/entry64.S", LABELS_OLD, LABELS_NEW)]),

	("x86/purgatory: use limbo's purgatory for kexec_file_load",
	 """\
The purgatory kexec_file_load runs between a crashed kernel and the dump
kernel has no IDT, quiesces nothing, and spins silently forever when a
segment fails its SHA-256.  An NMI in that window (a watchdog, another
CPU's panic NMI) triple-faults the machine, and so does an exception in
the next kernel before it loads its own IDT; an interrupt controller
left armed by the crashed kernel fires into the next one.  Under Secure
Boot, where lockdown refuses kexec_load, this is the only purgatory a
kdump setup can use.

limbo's purgatory is freestanding C written for kexec-tools' purgatory
ABI: a stub IDT with IST stacks loaded in its first instructions (NMIs
counted and absorbed, any other exception printed and handled by a
policy), SHA-256 verification that names the segment that failed and
stops or resets instead of spinning, the local APIC, IO-APICs and 8259s
quiesced, and a report of all of it chained into the next kernel's
setup_data (type 0x4c4d424f).  Its sources are imported into
arch/x86/purgatory/limbo/ with limbo.mk, which lists them with limbo's
own compiler flags: the object is built as limbo builds the one it gives
kexec-tools, then its two differently named symbols get the kernel's
names (sha256_digest, sha256_regions ->
purgatory_sha256_digest, purgatory_sha_regions).

Without the rest of this series the purgatory runs on its safe defaults:
its IDT built at run time, no IO-APIC known, every other step as
configured by default.
""",
	 [write("arch/x86/purgatory/Makefile"),
	  replace("arch/x86/include/asm/kexec.h",
		  " * with the ones in arch/x86/purgatory/entry64.S. If you make a change here\n"
		  " * make an appropriate change in purgatory too.  The order is the one\n",
		  " * with struct limbo_entry64_regs in\n"
		  " * arch/x86/purgatory/limbo/include/limbo/abi.h.  The order is the one\n"),
	  delete("arch/x86/purgatory/purgatory.c"),
	  delete("arch/x86/purgatory/entry64.S"),
	  delete("arch/x86/purgatory/setup-x86_64.S"),
	  delete("arch/x86/purgatory/stack.S")]),

	("x86/kexec: prebuild limbo's stub IDT where the purgatory lands",
	 """\
limbo's purgatory loads a GDT, TSS and IDT ready-made in its first
instructions when the loader has encoded the TSS descriptor and the 32
gates for the address it placed the purgatory at; otherwise it builds
them at run time, some hundred instructions during which an NMI still
finds no IDT.  kexec-tools' plugin prebuilds them; do the same here once
kexec_load_purgatory() has placed the purgatory, from the encoders the
purgatory itself checks the bytes with (limbo/idt.h).

limbo's headers take their types from <stdint.h>; the kernel-side files
get a <stdint.h> of their own that maps to <linux/types.h>.
""",
	 [write("arch/x86/kernel/kexec-limbo.c"),
	  write("arch/x86/include/asm/kexec-limbo.h"),
	  write("arch/x86/kernel/limbo-include/stdint.h"),
	  replace("arch/x86/kernel/Makefile",
		  "obj-$(CONFIG_KEXEC_FILE)	+= kexec-bzimage64.o\n",
		  "obj-$(CONFIG_KEXEC_FILE)	+= kexec-bzimage64.o\n"
		  "obj-$(CONFIG_KEXEC_FILE)	+= kexec-limbo.o\n"
		  "# limbo's ABI headers, shared with the purgatory, and their <stdint.h>\n"
		  "limbo-cflags			:= -I$(src)/limbo-include \\\n"
		  "				   -I$(srctree)/arch/x86/purgatory/limbo/include\n"
		  "CFLAGS_kexec-limbo.o		:= $(limbo-cflags)\n"),
	  replace("arch/x86/kernel/kexec-bzimage64.c",
		  "#include <asm/kexec-bzimage64.h>\n",
		  "#include <asm/kexec-bzimage64.h>\n#include <asm/kexec-limbo.h>\n"),
	  replace("arch/x86/kernel/kexec-bzimage64.c",
		  '\tkexec_dprintk("Loaded purgatory at 0x%lx\\n", pbuf.mem);\n',
		  '\tkexec_dprintk("Loaded purgatory at 0x%lx\\n", pbuf.mem);\n\n'
		  "\tret = kexec_limbo_setup(image, cmdline, cmdline_len);\n"
		  "\tif (ret)\n\t\treturn ERR_PTR(ret);\n")]),

	("x86/kexec: fill limbo's configuration from what the kernel knows",
	 """\
limbo's purgatory takes its configuration from struct limbo_config, a
symbol initialised to its safe defaults which kexec-tools' plugin fills
from --purgatory-opt and from what userspace can find out about the
machine.  With kexec_file_load the kernel is the loader: start from the
defaults compiled into the purgatory, check that the purgatory speaks
this configuration version, mark the block as the kernel's
(LIMBO_CFG_FROM_KERNEL, which limbo's report shows where the plugin's
block says from_plugin), and add what the kernel knows.

The first of those: whether the next kernel boots through the MP table
(acpi=off on its command line, or no MADT on this machine), which lets
limbo's x2apic=auto leave x2APIC for the xAPIC mode an MP table boot
needs.  The purgatory validates the block before it uses it and falls
back to its defaults, saying so in its report, when it does not pass.

limbo/config.h includes <stddef.h>: the kernel-side files get one of
their own too, next to the <stdint.h> of the previous patch.
""",
	 [write("arch/x86/kernel/kexec-limbo-config.c"),
	  write("arch/x86/kernel/limbo-include/stddef.h"),
	  replace("arch/x86/kernel/Makefile",
		  "CFLAGS_kexec-limbo.o		:= $(limbo-cflags)\n",
		  "CFLAGS_kexec-limbo.o		:= $(limbo-cflags)\n"
		  "obj-$(CONFIG_KEXEC_FILE)	+= kexec-limbo-config.o\n"
		  "CFLAGS_kexec-limbo-config.o	:= $(limbo-cflags)\n"),
	  replace("arch/x86/include/asm/kexec-limbo.h",
		  "\n#endif /* _ASM_X86_KEXEC_LIMBO_H */\n",
		  "\n/* kexec-limbo-config.c: limbo_config, from the purgatory's defaults */\n"
		  "int kexec_limbo_config(struct kimage *image, const char *cmdline);\n"
		  "\n#endif /* _ASM_X86_KEXEC_LIMBO_H */\n"),
	  replace("arch/x86/kernel/kexec-limbo.c",
		  "\tret = limbo_prebuild_idt(image);\n",
		  "\tret = limbo_prebuild_idt(image);\n"
		  "\tif (!ret)\n\t\tret = kexec_limbo_config(image, cmdline);\n")]),

	("x86/kexec: give limbo's purgatory the kernel's serial console",
	 """\
limbo's purgatory prints what it does (and, on a failed verification or
an exception, why it stops) on a polled 16550 when console_serial is
set; kexec-tools sets it, with serial_base, for --console-serial.  With
kexec_file_load nobody does, and the purgatory stays silent until it
has something fatal to say.

Use this kernel's own console when it is an 8250 in I/O port space: its
port, and the divisor this kernel programmed (serial_baud stays 0).
""",
	 [write("arch/x86/kernel/kexec-limbo-console.c"),
	  replace("arch/x86/kernel/Makefile",
		  "CFLAGS_kexec-limbo-config.o	:= $(limbo-cflags)\n",
		  "CFLAGS_kexec-limbo-config.o	:= $(limbo-cflags)\n"
		  "obj-$(CONFIG_KEXEC_FILE)	+= kexec-limbo-console.o\n"),
	  replace("arch/x86/include/asm/kexec-limbo.h",
		  "\n#endif /* _ASM_X86_KEXEC_LIMBO_H */\n",
		  "\n/* kexec-limbo-console.c: the purgatory prints on this kernel's 8250 */\n"
		  "int kexec_limbo_console(struct kimage *image);\n"
		  "\n#endif /* _ASM_X86_KEXEC_LIMBO_H */\n"),
	  replace("arch/x86/kernel/kexec-limbo.c",
		  "\t\tret = kexec_limbo_config(image, cmdline);\n",
		  "\t\tret = kexec_limbo_config(image, cmdline);\n"
		  "\tif (!ret)\n\t\tret = kexec_limbo_console(image);\n")]),

	("x86/kexec: limbo's tables (IO-APICs, CPUs, boot CPU) as a verified segment",
	 """\
limbo's purgatory masks every IO-APIC pin, never INITs the firmware's
boot CPU when it parks the others, and leaves x2APIC only when every
APIC ID fits xAPIC: it needs the machine's IO-APICs, CPUs and boot CPU.
kexec-tools' plugin finds them in the MADT and /proc and hands them over
in a segment of their own (struct limbo_tables), added before the
digest is computed so that the purgatory can verify them before it acts
on them, and named in limbo_config (tables_addr, tables_size).  The
segment's zero-filled tail is the area the purgatory builds its report
in, per IO-APIC and per CPU.

The kernel knows most of it: its IO-APIC list (address, ID, GSI base)
and its present CPUs' APIC IDs; the firmware's boot CPU is the online
CPU whose IA32_APIC_BASE has the BSP flag, as the plugin reads it too.
Build the segment from those, lay it out and check it with limbo's own
lib/tables.c (compiled into the kernel from the purgatory's sources),
and add it with kexec_add_buffer() before the digest.  An accessor gives
kexec the GSI base of an IO-APIC.
""",
	 [write("arch/x86/kernel/kexec-limbo-tables.c"),
	  write("arch/x86/kernel/kexec-limbo-lib.c"),
	  replace("arch/x86/kernel/Makefile",
		  "obj-$(CONFIG_KEXEC_FILE)	+= kexec-limbo-console.o\n",
		  "obj-$(CONFIG_KEXEC_FILE)	+= kexec-limbo-console.o\n"
		  "obj-$(CONFIG_KEXEC_FILE)	+= kexec-limbo-lib.o kexec-limbo-tables.o\n"
		  "CFLAGS_kexec-limbo-lib.o	:= $(limbo-cflags)\n"
		  "CFLAGS_kexec-limbo-tables.o	:= $(limbo-cflags)\n"),
	  replace("arch/x86/include/asm/kexec.h",
		  "\tpmd_t *pmd;\n\tpte_t *pte;\n};\n#endif /* CONFIG_X86_32 */\n",
		  "\tpmd_t *pmd;\n\tpte_t *pte;\n"
		  "\t/* kexec_file_load: limbo's tables segment, freed with the image */\n"
		  "\tvoid *limbo_tables;\n};\n#endif /* CONFIG_X86_32 */\n"),
	  replace("arch/x86/kernel/machine_kexec_64.c",
		  "\tvfree(image->elf_headers);\n\timage->elf_headers = NULL;\n",
		  "\tvfree(image->elf_headers);\n\timage->elf_headers = NULL;\n"
		  "\tvfree(image->arch.limbo_tables);\n\timage->arch.limbo_tables = NULL;\n"),
	  replace("arch/x86/include/asm/io_apic.h",
		  "extern unsigned int mpc_ioapic_addr(int ioapic);\n",
		  "extern unsigned int mpc_ioapic_addr(int ioapic);\n"
		  "extern u32 mp_ioapic_gsi_base(int ioapic);\n"),
	  replace("arch/x86/kernel/apic/io_apic.c",
		  "unsigned int mpc_ioapic_addr(int ioapic_idx)\n{\n"
		  "\treturn ioapics[ioapic_idx].mp_config.apicaddr;\n}\n",
		  "unsigned int mpc_ioapic_addr(int ioapic_idx)\n{\n"
		  "\treturn ioapics[ioapic_idx].mp_config.apicaddr;\n}\n\n"
		  "/* the first GSI of an IO-APIC (kexec hands it to its purgatory) */\n"
		  "u32 mp_ioapic_gsi_base(int ioapic_idx)\n{\n"
		  "\treturn ioapics[ioapic_idx].gsi_config.gsi_base;\n}\n"),
	  replace("arch/x86/include/asm/kexec-limbo.h",
		  "\n#endif /* _ASM_X86_KEXEC_LIMBO_H */\n",
		  "\nstruct limbo_config;\n\n"
		  "/* kexec-limbo-tables.c: add the tables segment, name it in @cfg */\n"
		  "int kexec_limbo_tables(struct kimage *image, struct limbo_config *cfg);\n"
		  "\n#endif /* _ASM_X86_KEXEC_LIMBO_H */\n"),
	  replace("arch/x86/kernel/kexec-limbo-config.c",
		  "\tif (limbo_next_mptable(cmdline))\n\t\tcfg.flags |= LIMBO_CFG_NEXT_MPTABLE;\n",
		  "\tif (limbo_next_mptable(cmdline))\n\t\tcfg.flags |= LIMBO_CFG_NEXT_MPTABLE;\n"
		  "\tret = kexec_limbo_tables(image, &cfg);\n\tif (ret)\n\t\treturn ret;\n")]),

	("x86/kexec: the digest of limbo's own code, for its self-check",
	 """\
kexec computes its digest over every segment but the purgatory's, which
it writes into afterwards.  A stray write from the crashed kernel into
the purgatory's code would go unnoticed while the purgatory vouches for
everything else.  limbo's purgatory hashes its own code and constants,
[purgatory_start, limbo_ro_end), first thing, and compares with a digest
the loader recorded in limbo_config (self_len, self_sha256) once the
purgatory was relocated; without one it says it could not check.

Record it here, after kexec_load_purgatory() relocated the purgatory and
before anything else is written into it, and check the whole block with
limbo's own limbo_config_check() before it is written, as kexec-tools'
plugin does.
""",
	 [write("arch/x86/kernel/kexec-limbo-self.c"),
	  replace("arch/x86/kernel/Makefile",
		  "CFLAGS_kexec-limbo-tables.o	:= $(limbo-cflags)\n",
		  "CFLAGS_kexec-limbo-tables.o	:= $(limbo-cflags)\n"
		  "obj-$(CONFIG_KEXEC_FILE)	+= kexec-limbo-self.o\n"
		  "CFLAGS_kexec-limbo-self.o	:= $(limbo-cflags)\n"),
	  replace("arch/x86/include/asm/kexec-limbo.h",
		  "\n#endif /* _ASM_X86_KEXEC_LIMBO_H */\n",
		  "\n/* kexec-limbo-self.c: the digest the purgatory's self-check compares */\n"
		  "int kexec_limbo_self_digest(struct kimage *image, struct limbo_config *cfg);\n"
		  "\n#endif /* _ASM_X86_KEXEC_LIMBO_H */\n"),
	  replace("arch/x86/kernel/kexec-limbo-config.c",
		  "\tret = kexec_limbo_tables(image, &cfg);\n\tif (ret)\n\t\treturn ret;\n",
		  "\tret = kexec_limbo_tables(image, &cfg);\n\tif (ret)\n\t\treturn ret;\n"
		  "\tret = kexec_limbo_self_digest(image, &cfg);\n\tif (ret)\n\t\treturn ret;\n"
		  "\twhy = limbo_config_check(&cfg);\n"
		  "\tif (why) {\t/* every field is the purgatory's or ours: a bug */\n"
		  "\t\tpr_err(\"the configuration would be refused: %s\\n\", why);\n"
		  "\t\treturn -EINVAL;\n\t}\n"),
	  replace("arch/x86/kernel/kexec-limbo-config.c",
		  "\tstruct limbo_config cfg;\n\tint ret;\n",
		  "\tstruct limbo_config cfg;\n\tconst char *why;\n\tint ret;\n")]),

	("x86/kexec: per-segment digests so limbo's purgatory names a corrupt one",
	 """\
When the digest over the segments does not match, limbo's purgatory
stops (or resets, as configured) instead of spinning, and says so on the
console and in its report.  To say which segment changed it needs each
hashed segment's own digest and what the segment is; kexec-tools'
plugin writes them into limbo_regions.  Compute them here, once the
boot parameters are final, over the segments and in the order
kexec_calculate_store_digests() hashes them.  The purgatory ignores the
list unless every entry matches purgatory_sha_regions, so these are
diagnostics only: its verdict stays the one digest.
""",
	 [write("arch/x86/kernel/kexec-limbo-regions.c"),
	  replace("arch/x86/kernel/Makefile",
		  "CFLAGS_kexec-limbo-self.o	:= $(limbo-cflags)\n",
		  "CFLAGS_kexec-limbo-self.o	:= $(limbo-cflags)\n"
		  "obj-$(CONFIG_KEXEC_FILE)	+= kexec-limbo-regions.o\n"
		  "CFLAGS_kexec-limbo-regions.o	:= $(limbo-cflags)\n"),
	  replace("arch/x86/include/asm/kexec-limbo.h",
		  "\n#endif /* _ASM_X86_KEXEC_LIMBO_H */\n",
		  "\n/* where the bzImage64 loader put what (0: not loaded) */\n"
		  "struct kexec_limbo_segments {\n"
		  "\tunsigned long bootparams, kernel, initrd;\n};\n\n"
		  "/*\n * kexec-limbo-regions.c: each hashed segment's digest and kind, once\n"
		  " * the segments are final\n */\n"
		  "int kexec_limbo_regions(struct kimage *image,\n"
		  "\t\t\tconst struct kexec_limbo_segments *at);\n"
		  "\n#endif /* _ASM_X86_KEXEC_LIMBO_H */\n"),
	  replace("arch/x86/kernel/kexec-bzimage64.c",
		  "\t\t\t\t    efi_setup_data_offset);\n\tif (ret)\n\t\tgoto out_free_params;\n",
		  "\t\t\t\t    efi_setup_data_offset);\n\tif (ret)\n\t\tgoto out_free_params;\n\n"
		  "\tret = kexec_limbo_regions(image, &(struct kexec_limbo_segments) {\n"
		  "\t\t.bootparams = bootparam_load_addr, .kernel = kernel_load_addr,\n"
		  "\t\t.initrd = initrd ? initrd_load_addr : 0 });\n"
		  "\tif (ret)\n\t\tgoto out_free_params;\n")]),
]


# ---- importing limbo's sources ------------------------------------------

def make_var(name):
	"""The words of NAME := ... in limbo's Makefile (continuations joined)."""
	text = open(os.path.join(TOP, "Makefile")).read().replace("\\\n", " ")
	m = re.search(r"^%s\s*:=(.*)$" % re.escape(name), text, re.M)
	if not m:
		sys.exit("Makefile: no '%s :=' (mkseries.py reads it)" % name)
	return m.group(1).split()


def limbo_mk():
	"""limbo.mk: limbo's source list and compiler flags, paths rebased on
	$(LIMBO_DIR), the directory they are imported into."""
	flags, words = [], make_var("PURGATORY_CFLAGS")
	i = 0
	while i < len(words):
		w = words[i]
		if w == "-include":
			flags.append(w + " $(LIMBO_DIR)/" + words[i + 1])
			i += 2
			continue
		if w.startswith("-I") and not w.startswith("-I/"):
			w = "-I$(LIMBO_DIR)/" + w[2:]
		flags.append(w)
		i += 1
	srcs = make_var("PURGATORY_SRCS")
	wrap = lambda ws: " \\\n\t".join(ws)
	return ("# SPDX-License-Identifier: GPL-2.0-only\n"
		"# Generated by limbo's kexec-plugin/linux/mkseries.py from limbo's\n"
		"# Makefile (PURGATORY_SRCS, PURGATORY_CFLAGS): do not edit.\n"
		"LIMBO_SRCS := %s\n\nLIMBO_CFLAGS := %s\n" % (wrap(srcs), wrap(flags)))


def limbo_files():
	"""(path in limbo's tree) of every file the purgatory build reads."""
	files = list(make_var("PURGATORY_SRCS"))
	for d in ("purgatory", "include/limbo"):
		for f in sorted(os.listdir(os.path.join(TOP, d))):
			if f.endswith(".h"):
				files.append(d + "/" + f)
	files.append("purgatory/purgatory.lds")
	return files


def do_import(tree):
	dest = os.path.join(tree, LIMBO_IN_TREE)
	# from patch 2 on, the purgatory's Makefile reads limbo.mk
	mk = os.path.join(tree, "arch/x86/purgatory/Makefile")
	if "limbo.mk" not in open(mk).read():
		sys.exit("%s: the series is not applied" % tree)
	shutil.rmtree(dest, ignore_errors=True)
	for f in limbo_files():
		os.makedirs(os.path.dirname(os.path.join(dest, f)), exist_ok=True)
		shutil.copy2(os.path.join(TOP, f), os.path.join(dest, f))
	with open(os.path.join(dest, "limbo.mk"), "w") as out:
		out.write(limbo_mk())


# ---- writing patches -------------------------------------------------------

class Tree:
	"""The pristine tree with the edits so far, kept as an overlay."""

	def __init__(self, pristine):
		self.pristine = pristine
		self.over = {}		# path -> text, or None when deleted

	def read(self, path):
		if path in self.over:
			return self.over[path]
		p = os.path.join(self.pristine, path)
		return open(p).read() if os.path.exists(p) else None

	def apply(self, edit):
		kind, path = edit[0], edit[1]
		if kind == "replace":
			old, new = edit[2], edit[3]
			text = self.read(path)
			n = text.count(old) if text is not None else 0
			if n != 1:
				sys.exit("%s: expected one match of %r, found %d" %
					 (path, old[:60], n))
			self.over[path] = text.replace(old, new)
		elif kind == "write":
			self.over[path] = open(os.path.join(FILES, path)).read()
		elif kind == "text":	# a file generated now (import_edits)
			self.over[path] = edit[2]
		elif kind == "delete":
			if self.read(path) is None:
				sys.exit("%s: nothing to delete" % path)
			self.over[path] = None


def diff(before, after):
	"""git-style diff of {path: text or None} pairs, a/ and b/ prefixes."""
	with tempfile.TemporaryDirectory() as tmp:
		for side, files in (("a", before), ("b", after)):
			os.makedirs(os.path.join(tmp, side))
			for path, text in files.items():
				if text is None:
					continue
				p = os.path.join(tmp, side, path)
				os.makedirs(os.path.dirname(p), exist_ok=True)
				with open(p, "w") as f:
					f.write(text)
		r = subprocess.run(["git", "diff", "--no-index", "--no-prefix",
				    "a", "b"], cwd=tmp, capture_output=True, text=True)
		if r.returncode not in (0, 1):
			sys.exit(r.stderr)
		# a new file has no a/ side: name it as git format-patch does
		body = re.sub(r"^diff --git b/(\S+) b/", r"diff --git a/\1 b/",
			      r.stdout, flags=re.M)
		stat = subprocess.run(["git", "apply", "--stat", "-p1"], input=body, cwd=tmp,
				      capture_output=True, text=True, check=True)
		return stat.stdout + "\n" + body


def patch_text(n, total, subject, body, tree, edits):
	paths = sorted({e[1] for e in edits})
	before = {p: tree.read(p) for p in paths}
	for e in edits:
		tree.apply(e)
	after = {p: tree.read(p) for p in paths}
	return ("From: %s\nSubject: [PATCH %d/%d] %s\n\n%s---\n%s" %
		(AUTHOR, n, total, subject, body, diff(before, after)))


def slug(subject):
	s = re.sub(r"[^A-Za-z0-9]+", "-", subject.split(": ", 1)[-1]).strip("-")
	return s[:52].rstrip("-")


def series_out(pristine, outdir, full):
	os.makedirs(outdir, exist_ok=True)
	for f in os.listdir(outdir):
		if f.endswith(".patch"):
			os.remove(os.path.join(outdir, f))
	series = list(SERIES)
	if full:
		series.insert(1, IMPORT)
	tree = Tree(pristine)
	names = []
	for i, (subject, body, edits) in enumerate(series, 1):
		if edits is None:
			edits = import_edits()
		name = "%04d-%s.patch" % (i, slug(subject))
		with open(os.path.join(outdir, name), "w") as f:
			f.write(patch_text(i, len(series), subject, body, tree, edits))
		names.append(name)
	cover = open(os.path.join(HERE, "cover-letter.txt")).read()
	with open(os.path.join(outdir, "0000-cover-letter.patch"), "w") as f:
		f.write("From: %s\nSubject: [PATCH 0/%d] %s" %
			(AUTHOR, len(series), cover))
	with open(os.path.join(outdir, "series"), "w") as f:
		f.write("".join(n + "\n" for n in names))
	print("wrote %d patches into %s" % (len(names), outdir))


# the self-contained series: limbo's sources as a patch of their own
IMPORT = ("x86/purgatory: add limbo's purgatory sources",
	  """\
limbo's purgatory (purgatory/, lib/, include/limbo/ of the limbo project)
as the next patch builds it, with limbo.mk naming the sources and
limbo's compiler flags.  Nothing builds them yet.
""", None)


def import_edits():
	edits = []
	for f in limbo_files():
		edits.append(("text", LIMBO_IN_TREE + "/" + f,
			      open(os.path.join(TOP, f)).read()))
	edits.append(("text", LIMBO_IN_TREE + "/limbo.mk", limbo_mk()))
	return edits


def main(argv):
	if len(argv) == 3 and argv[1] == "gen":
		series_out(argv[2], PATCHDIR, False)
	elif len(argv) == 3 and argv[1] == "import":
		do_import(argv[2])
	elif len(argv) == 4 and argv[1] == "full":
		series_out(argv[2], argv[3], True)
	else:
		sys.exit(__doc__)


if __name__ == "__main__":
	main(sys.argv)
