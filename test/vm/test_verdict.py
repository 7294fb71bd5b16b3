# SPDX-License-Identifier: GPL-2.0-only
"""Host tests of the harness's reset classification (no QEMU): the area
of the crash-to-dump window a --debug-reset register dump places a
triple fault in, from vCPU states of the kinds real runs save (the
relocate_kernel and stock-purgatory ones as --debug-reset recorded them)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from limbovm import verdict  # noqa: E402

SEG = (0x3df54000, 0x3df5d000)
# the other CPU of a kdump, stopped by the crash in the old kernel
PARKED = {"cpu": 1, "rip": 0xffffffff81c3a1b4, "cpl": 0,
	  "idt": (0xfffffe0000000000, 0xfff), "gdt": (0xfffffe0000034000, 0x7f)}


def cpu(rip, idt, gdt):
	return {"cpu": 0, "rip": rip, "cpl": 0, "idt": idt, "gdt": gdt}


def area(c0, lines=()):
	return verdict.reset_area([c0, PARKED], SEG, list(lines))


def test_relocate_kernel_is_old_kernel():
	# control page, machine_kexec's null IDT and GDT, no limbo line
	c = cpu(0x3d7f9123, (0, 0), (0, 0))
	assert area(c) == "old kernel"


def test_purgatory_first_byte_on_null_tables_is_old_kernel():
	# S3 (6.1 twice, 6.12 twice in 486 runs): RIP on the purgatory's
	# first byte, IDTR and GDTR still machine_kexec's null ones: the NMI
	# came as relocate_kernel jumped there, before the purgatory's lgdt
	c = cpu(SEG[0], (0, 0), (0, 0))
	assert area(c) == "old kernel"
	before, where = verdict.reset_site([c], SEG, [])
	assert before and "inside the purgatory segment" in where
	# one instruction later limbo's GDT is loaded: the purgatory's own
	c = cpu(SEG[0] + 7, (0, 0), (SEG[0] + 0x7b80, 0x2f))
	assert area(c) == "purgatory"
	assert not verdict.reset_site([c], SEG, [])[0]


def test_null_idt_of_the_next_kernel_is_not_old_kernel():
	# end of extract_kernel(): null IDT, the decompressor's GDT; or the
	# kernel proper's startup_64 on its own GDT
	# (6.12, S3 lapic=off,handoff=nmi: RIP in the decompressed kernel,
	# still on the decompressor's GDT)
	assert area(cpu(0x26a00b53, (0, 0), (0x2dd87010, 0x2f))) == verdict.NULL_IDT
	assert area(cpu(0x3c200040, (0, 0), (0x3d80d000, 0x7f))) == verdict.NULL_IDT


def test_inside_the_segment_is_purgatory():
	# the stock purgatory: no IDT at all, its own GDT
	c = cpu(0x3df56fff, (0, 0), (0x3df57f30, 0x1f))
	assert area(c) == "purgatory"
	assert area(c, ["limbo: purgatory 0.1.0"]) == "purgatory"


def test_next_kernel_on_the_purgatory_gdt_is_decompressor():
	c = cpu(0x3a600210, (0, 0), (0x3df57f30, 0x1f))
	assert area(c) == "decompressor"


def test_decompressor_tables():
	c = cpu(0x3e3c5a10, (0x3e5b2000, 0x1ff), (0x3e5b1000, 0x2f))
	assert area(c, ["limbo: report: handing over"]) == "decompressor"


def test_kernel_proper_gdt():
	# its bringup IDT (32 gates, only #VC), then idt_table (256)
	c = cpu(0x3c200120, (0x3d81c000, 0x1ff), (0x3d80d000, 0x7f))
	assert area(c) == verdict.BRINGUP_IDT
	c = cpu(0xffffffff8307957e, (0xffffffff82a04000, 0xfff),
		(0xffffffff8304f000, 0x7f))
	assert area(c) == "kernel proper"


def test_unknown_when_nothing_saved():
	assert verdict.reset_area([], SEG, []) is None
	assert verdict.reset_area([PARKED], "no kexec -d line", []) is None
