// SPDX-License-Identifier: GPL-2.0-only
/*
 * handoff=nmi (experimental): send this CPU an NMI and let the NMI
 * handler (exceptions.c) jump to the next kernel instead of returning.
 * The CPU then runs the next kernel with NMIs blocked until its first
 * iret, so an NMI arriving while the decompressor's IDT (no NMI gate) is
 * loaded is held instead of triple-faulting.  One NMI stays latched and
 * is delivered at that first iret: the window moves, it does not vanish.
 */
#include "hw.h"
#include "purgatory.h"

#define MSR_APIC_BASE	0x1b
#define  APIC_BASE_EXTD	(1ULL << 10)
#define  APIC_BASE_EN	(1ULL << 11)
#define MSR_X2APIC_ID	0x802
#define MSR_X2APIC_ICR	0x830
#define APIC_ID		0x20
#define APIC_ICR	0x300
#define APIC_ICR2	0x310
#define ICR_NMI_ASSERT	((4u << 8) | (1u << 14))	/* NMI, physical, assert */
#define NMI_WAIT_SPINS	10000000u

volatile int limbo_nmi_handoff_armed;

/* Returns only if no NMI came (no usable APIC): the caller then jumps. */
void handoff_via_nmi(void)
{
	uint64_t base, mmio, id;
	unsigned int spin;

	if (rdmsr_safe(MSR_APIC_BASE, &base) || !(base & APIC_BASE_EN)) {
		lprintf("limbo: handoff=nmi: local APIC disabled: jumping instead\n");
		return;
	}
	limbo_nmi_handoff_armed = 1;
	if (base & APIC_BASE_EXTD) {
		if (rdmsr_safe(MSR_X2APIC_ID, &id) ||
		    wrmsr_safe(MSR_X2APIC_ICR, (id << 32) | ICR_NMI_ASSERT))
			goto none;
	} else {
		mmio = base & 0x000ffffffffff000ULL;
		if (map_mmio_page(mmio))
			goto none;
		id = mmio_read32(mmio + APIC_ID) >> 24;
		mmio_write32(mmio + APIC_ICR2, (uint32_t)id << 24);
		mmio_write32(mmio + APIC_ICR, ICR_NMI_ASSERT);
	}
	for (spin = 0; spin < NMI_WAIT_SPINS; spin++)
		cpu_pause();
none:
	limbo_nmi_handoff_armed = 0;
	lprintf("limbo: handoff=nmi: no NMI arrived: jumping instead\n");
}
