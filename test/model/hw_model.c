// SPDX-License-Identifier: GPL-2.0-only
/*
 * purgatory/hw.h's LIMBO_HOST accessors, dispatched to the register
 * models.  MMIO goes to the local APIC page (only in xAPIC mode) or to
 * an IO-APIC window, and only through a page map_mmio_page() mapped;
 * MSRs go to IA32_APIC_BASE, the x2APIC range, IA32_ARCH_CAPABILITIES,
 * IA32_XAPIC_DISABLE_STATUS and AMD's SEV_STATUS; ports to the 8259
 * pair.  Everything else fails the test, and so does a plain rdmsr/wrmsr
 * that would #GP.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "hw.h"
#include "hw_model.h"

struct hw_model hw;

void model_fail(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fail_msg("model: %s", buf);
	abort();	/* fail_msg does not return inside a test */
}

void hw_model_reset(void)
{
	memset(&hw, 0, sizeof(hw));
	lapic_model_init(&hw.lapic, LIMBO_APIC_XAPIC, 5);
	pic_model_init(&hw.pic);
	hw.max_leaf = 0xd;
	hw.max_ext_leaf = 0x80000008;
}

void hw_model_set_tdx(void)
{
	if (hw.max_leaf < CPUID_TDX_LEAF)
		hw.max_leaf = CPUID_TDX_LEAF;
	hw.leaf21[0] = 0;
	hw.leaf21[1] = TDX_SIG_EBX;
	hw.leaf21[3] = TDX_SIG_EDX;
	hw.leaf21[2] = TDX_SIG_ECX;
}

void hw_model_set_sev(uint32_t cpuid_eax, uint64_t status)
{
	if (hw.max_ext_leaf < CPUID_SEV_LEAF)
		hw.max_ext_leaf = CPUID_SEV_LEAF;
	hw.sev_cpuid = cpuid_eax;
	hw.sev_status = status;
}

struct ioapic_model *hw_model_add_ioapic(uint64_t base, uint8_t id,
					 uint8_t version, unsigned int pins)
{
	struct ioapic_model *m;

	if (hw.nioapics >= HW_MAX_IOAPICS)
		model_fail("too many IO-APICs");
	m = &hw.ioapic[hw.nioapics++];
	ioapic_model_init(m, base, id, version, pins);
	return m;
}

/*
 * The page and the IO-APIC the last access found: code walks one device
 * at a time, so the lookups below stay O(1) on machines of many
 * IO-APICs (test_scale, bench_scale) and the model's cost does not grow
 * with them.  Checked like any other entry before use.
 */
static unsigned int last_page, last_ioapic;

int hw_model_page_mapped(uint64_t addr)
{
	unsigned int i;

	addr &= ~0xfffULL;
	if (last_page < hw.nmapped && hw.mapped[last_page] == addr)
		return 1;
	for (i = 0; i < hw.nmapped; i++)
		if (hw.mapped[i] == addr) {
			last_page = i;
			return 1;
		}
	return 0;
}

/* ---- CPUID, TSC -------------------------------------------------------- */

static void cpuid_ext(uint32_t leaf, uint32_t r[4])
{
	if (leaf > hw.max_ext_leaf) {
		hw.cpuid_beyond_max++;
		return;
	}
	switch (leaf) {
	case 0x80000000:
		r[0] = hw.max_ext_leaf;
		break;
	case CPUID_SEV_LEAF:
		r[0] = hw.sev_cpuid;
		break;
	}
}

void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	r[0] = r[1] = r[2] = r[3] = 0;
	if (leaf >= 0x80000000) {
		cpuid_ext(leaf, r);
		return;
	}
	if (leaf > hw.max_leaf) {
		hw.cpuid_beyond_max++;
		return;		/* the real thing repeats the top leaf: close enough */
	}
	switch (leaf) {
	case 0:
		r[0] = hw.max_leaf;
		r[1] = 0x756e6547;	/* "GenuineIntel" */
		r[3] = 0x49656e69;
		r[2] = 0x6c65746e;
		break;
	case 1:
		r[0] = 0x000906ea;
		r[1] = (hw.lapic.id & 0xff) << 24;
		if (hw.lapic.present)
			r[2] |= CPUID_1_ECX_X2APIC;
		if (hw.lapic.present && (hw.lapic.base & APIC_BASE_EN))
			r[3] |= CPUID_1_EDX_APIC;
		break;
	case 7:
		if (sub == 0 && hw.arch_caps_cpuid)
			r[3] |= CPUID_7_EDX_ARCH_CAP;
		break;
	case CPUID_TDX_LEAF:
		if (sub == 0)
			memcpy(r, hw.leaf21, sizeof(hw.leaf21));
		break;
	}
}

uint64_t rdtsc(void)
{
	return hw.tsc += 1000;
}

void cpu_pause(void)
{
}

/* ---- MSRs -------------------------------------------------------------- */

static int msr_read(uint32_t msr, uint64_t *v)
{
	hw.msr_reads++;
	*v = 0;
	switch (msr) {
	case MSR_APIC_BASE:
		if (!hw.lapic.present || hw.apic_base_gp)
			return -1;
		*v = hw.lapic.base;
		return 0;
	case MSR_ARCH_CAPABILITIES:
		if (!hw.arch_caps_cpuid)
			return -1;
		*v = hw.arch_caps;
		return 0;
	case MSR_XAPIC_DISABLE_STATUS:
		if (!hw.arch_caps_cpuid || !(hw.arch_caps & ARCH_CAP_XAPIC_DISABLE))
			return -1;
		*v = hw.xapic_disable_status;
		return 0;
	case MSR_SEV_STATUS:
		if (hw.max_ext_leaf < CPUID_SEV_LEAF || !(hw.sev_cpuid & CPUID_SEV))
			return -1;
		*v = hw.sev_status;
		return 0;
	}
	if (msr >= MSR_X2APIC_FIRST && msr <= MSR_X2APIC_LAST && hw.lapic.present)
		return lapic_model_msr_read(&hw.lapic, msr, v);
	return -1;
}

static int msr_write(uint32_t msr, uint64_t v)
{
	hw.msr_writes++;
	if (msr == MSR_APIC_BASE) {
		if (!hw.lapic.present)
			return -1;
		return lapic_model_write_base(&hw.lapic, v,
					      hw.xapic_disable_status & 1);
	}
	if (msr >= MSR_X2APIC_FIRST && msr <= MSR_X2APIC_LAST && hw.lapic.present)
		return lapic_model_msr_write(&hw.lapic, msr, v);
	return -1;	/* the rest are read-only or absent */
}

int rdmsr_safe(uint32_t msr, uint64_t *v)
{
	if (msr_read(msr, v)) {
		hw.gp++;
		return -1;
	}
	return 0;
}

int wrmsr_safe(uint32_t msr, uint64_t v)
{
	if (msr_write(msr, v)) {
		hw.gp++;
		return -1;
	}
	return 0;
}

uint64_t rdmsr(uint32_t msr)
{
	uint64_t v;

	if (msr_read(msr, &v))
		model_fail("rdmsr %#x: #GP outside rdmsr_safe", msr);
	return v;
}

void wrmsr(uint32_t msr, uint64_t v)
{
	if (msr_write(msr, v))
		model_fail("wrmsr %#x <- %#llx: #GP outside wrmsr_safe", msr,
			   (unsigned long long)v);
}

/* ---- MMIO -------------------------------------------------------------- */

static int ioapic_decodes(unsigned int i, uint64_t addr)
{
	return i < hw.nioapics && addr >= hw.ioapic[i].base &&
	       addr < hw.ioapic[i].base + IM_WINDOW;
}

static struct ioapic_model *ioapic_at(uint64_t addr)
{
	unsigned int i;

	if (ioapic_decodes(last_ioapic, addr))
		return &hw.ioapic[last_ioapic];
	for (i = 0; i < hw.nioapics; i++)
		if (ioapic_decodes(i, addr)) {
			last_ioapic = i;
			return &hw.ioapic[i];
		}
	return NULL;
}

static int lapic_page(uint64_t addr)
{
	return hw.lapic.present &&
	       (addr & ~0xfffULL) == (hw.lapic.base & APIC_BASE_ADDR);
}

static void check_mmio(uint64_t addr, const char *what)
{
	if (addr & 3)
		model_fail("%s %#llx: unaligned", what, (unsigned long long)addr);
	if (!hw_model_page_mapped(addr))
		model_fail("%s %#llx: page not mapped (#PF)", what,
			   (unsigned long long)addr);
	if (lapic_page(addr) &&
	    lapic_model_mode(&hw.lapic) != LIMBO_APIC_XAPIC)
		model_fail("%s %#llx: xAPIC page while the APIC is %s", what,
			   (unsigned long long)addr,
			   lapic_model_mode(&hw.lapic) == LIMBO_APIC_X2APIC ?
			   "in x2APIC mode" : "disabled");
}

uint32_t mmio_read32(uint64_t addr)
{
	struct ioapic_model *io;

	hw.mmio_reads++;
	check_mmio(addr, "mmio read");
	if (lapic_page(addr))
		return lapic_model_mmio_read(&hw.lapic, addr & 0xfff);
	io = ioapic_at(addr);
	if (io)
		return ioapic_model_read(io, addr - io->base);
	model_fail("mmio read %#llx: no device there", (unsigned long long)addr);
}

void mmio_write32(uint64_t addr, uint32_t v)
{
	struct ioapic_model *io;

	hw.mmio_writes++;
	check_mmio(addr, "mmio write");
	if (lapic_page(addr)) {
		lapic_model_mmio_write(&hw.lapic, addr & 0xfff, v);
		return;
	}
	io = ioapic_at(addr);
	if (io) {
		ioapic_model_write(io, addr - io->base, v);
		return;
	}
	model_fail("mmio write %#llx: no device there", (unsigned long long)addr);
}

/* ---- ports ------------------------------------------------------------- */

uint8_t inb(uint16_t port)
{
	if (pic_model_claims(port))
		return pic_model_in(&hw.pic, port);
	model_fail("inb %#x: no device modelled", port);
}

void outb(uint8_t v, uint16_t port)
{
	if (pic_model_claims(port)) {
		pic_model_out(&hw.pic, port, v);
		return;
	}
	model_fail("outb %#x <- %#x: no device modelled", port, v);
}

void outw(uint16_t v, uint16_t port)
{
	model_fail("outw %#x <- %#x: no device modelled", port, v);
}
