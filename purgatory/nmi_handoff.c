// SPDX-License-Identifier: GPL-2.0-only
/*
 * handoff=nmi (experimental): send this CPU an NMI and let the NMI
 * handler (exceptions.c) jump to the next kernel instead of returning.
 * The CPU then runs the next kernel with NMIs blocked until its first
 * iret, so an NMI arriving while the decompressor's IDT (no NMI gate) is
 * loaded is held instead of triple-faulting.  One NMI stays latched and
 * is delivered at that first iret: the window moves, it does not vanish.
 */
#include "apic_regs.h"
#include "hw.h"
#include "purgatory.h"

#define ICR_SELF_NMI	(APIC_ICR_DM(APIC_DM_NMI) | APIC_ICR_ASSERT)	/* physical, edge */
#define NMI_WAIT_SPINS	10000000u

volatile int limbo_nmi_handoff_armed;

/* Returns only if no NMI came (no usable APIC): the caller then jumps. */
void handoff_via_nmi(void)
{
	struct apic a;
	uint64_t base;
	unsigned int spin;

	if (apic_base_read(&base) || apic_mode(base) == LIMBO_APIC_DISABLED) {
		lprintf("limbo: handoff=nmi: local APIC disabled: jumping instead\n");
		return;
	}
	limbo_nmi_handoff_armed = 1;
	if (apic_open(&a, base))
		goto none;
	/*
	 * To this CPU's own ID: the self shorthand is not valid for NMI.  A
	 * send still pending after the bounded wait may yet deliver: wait on.
	 */
	apic_icr_send(&a, apic_id(&a), ICR_SELF_NMI);
	for (spin = 0; spin < NMI_WAIT_SPINS; spin++)
		cpu_pause();
none:
	limbo_nmi_handoff_armed = 0;
	lprintf("limbo: handoff=nmi: no NMI arrived: jumping instead\n");
}
