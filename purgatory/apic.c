// SPDX-License-Identifier: GPL-2.0-only
/*
 * This CPU's local APIC: the only code that touches its registers.
 *
 * IA32_APIC_BASE gives the mode.  xAPIC: the registers are a 4 KiB page
 * at the base address, which kexec's identity map lacks, so it is mapped
 * uncached first (paging.c).  x2APIC: the register at xAPIC offset o is
 * MSR 0x800 + o/16, and the ICR is a single 64-bit MSR.  Callers name
 * registers by their xAPIC offset (apic_regs.h) in both modes.
 */
#include "apic_regs.h"
#include "hw.h"
#include "purgatory.h"

/* polls of the xAPIC delivery status before a send counts as lost */
#define ICR_SPIN_MAX	1000000

_Static_assert(LIMBO_APIC_X2APIC == LIMBO_APIC_XAPIC + 1, "mode = XAPIC + x2");

/* CPUID.1:EDX.APIC: clear when there is none or it is globally disabled */
int apic_present(void)
{
	uint32_t r[4];

	cpuid(1, 0, r);
	return !!(r[3] & CPUID_1_EDX_APIC);
}

int apic_base_read(uint64_t *base)
{
	return rdmsr_safe(MSR_APIC_BASE, base);
}

int apic_mode(uint64_t base)
{
	if (!(base & APIC_BASE_EN))
		return LIMBO_APIC_DISABLED;
	return (base & APIC_BASE_EXTD) ? LIMBO_APIC_X2APIC : LIMBO_APIC_XAPIC;
}

int apic_open(struct apic *a, uint64_t base)
{
	a->x2 = apic_mode(base) == LIMBO_APIC_X2APIC;
	a->mmio = base & APIC_BASE_ADDR;
	if (apic_mode(base) == LIMBO_APIC_DISABLED)
		return -1;
	return a->x2 ? 0 : map_mmio_page(a->mmio);
}

/* x2APIC: a register that #GPs (absent, write-only) reads as 0 */
uint32_t apic_read(const struct apic *a, uint32_t reg)
{
	uint64_t v = 0;

	if (!a->x2)
		return mmio_read32(a->mmio + reg);
	if (rdmsr_safe(APIC_X2APIC_MSR(reg), &v))
		return 0;
	return (uint32_t)v;
}

void apic_write(const struct apic *a, uint32_t reg, uint32_t v)
{
	if (a->x2)
		wrmsr_safe(APIC_X2APIC_MSR(reg), v);
	else
		mmio_write32(a->mmio + reg, v);
}

uint32_t apic_id(const struct apic *a)
{
	uint32_t id = apic_read(a, APIC_ID);

	return a->x2 ? id : id >> APIC_XAPIC_ID_SHIFT;
}

/*
 * Send the IPI @cmd (ICR bits 31:0) to physical destination @dest.
 * xAPIC: ICR2 then ICR, which sends, then wait (bounded) for delivery
 * status to clear.  x2APIC: one MSR write sends, and there is no
 * delivery status to wait for.  0, or -1: #GP, or still pending after
 * ICR_SPIN_MAX polls.
 */
int apic_icr_send(const struct apic *a, uint32_t dest, uint32_t cmd)
{
	unsigned int spin;

	if (a->x2)
		return wrmsr_safe(APIC_X2APIC_MSR(APIC_ICR),
				  ((uint64_t)dest << 32) | cmd);
	mmio_write32(a->mmio + APIC_ICR2, dest << APIC_ICR2_DEST_SHIFT);
	mmio_write32(a->mmio + APIC_ICR, cmd);
	for (spin = 0; spin < ICR_SPIN_MAX; spin++) {
		if (!(mmio_read32(a->mmio + APIC_ICR) & APIC_ICR_BUSY))
			return 0;
		cpu_pause();
	}
	return -1;
}

/* Firmware locked x2APIC (IA32_XAPIC_DISABLE_STATUS): no way back to xAPIC. */
int apic_x2apic_locked(void)
{
	uint32_t r[4];
	uint64_t caps = 0, status = 0;

	cpuid(0, 0, r);
	if (r[0] < 7)
		return 0;
	cpuid(7, 0, r);
	if (!(r[3] & CPUID_7_EDX_ARCH_CAP))
		return 0;
	if (rdmsr_safe(MSR_ARCH_CAPABILITIES, &caps) ||
	    !(caps & ARCH_CAP_XAPIC_DISABLE))
		return 0;
	if (rdmsr_safe(MSR_XAPIC_DISABLE_STATUS, &status))
		return 0;
	return !!(status & LEGACY_XAPIC_DISABLED);
}

/*
 * x2APIC -> disabled -> xAPIC (the direct transition raises #GP; going
 * through disabled resets the APIC).  *@base is re-read: the mode it
 * ended in.  0 when that is xAPIC with the page mapped, and @a now
 * speaks xAPIC; -1 otherwise, @a unchanged.
 */
int apic_x2apic_to_xapic(struct apic *a, uint64_t *base)
{
	uint64_t b = *base;

	/* still x2APIC if that failed: then xAPIC would be #GP */
	if (!wrmsr_safe(MSR_APIC_BASE, b & ~(APIC_BASE_EN | APIC_BASE_EXTD)))
		wrmsr_safe(MSR_APIC_BASE, (b & ~APIC_BASE_EXTD) | APIC_BASE_EN);
	rdmsr_safe(MSR_APIC_BASE, base);
	if (apic_mode(*base) != LIMBO_APIC_XAPIC || map_mmio_page(a->mmio))
		return -1;
	a->x2 = 0;
	return 0;
}
