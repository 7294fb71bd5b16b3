// SPDX-License-Identifier: GPL-2.0-only
/*
 * handoff=nmi (the default): send this CPU an NMI and let the NMI
 * handler (exceptions.c) jump to the next kernel instead of returning.
 * The CPU then runs the next kernel with NMIs blocked until its first
 * iret, so an NMI arriving while the decompressor's first IDT (one #VC
 * gate, no NMI gate) is loaded is held instead of triple-faulting.  The
 * first iret ends the decompressor's first page fault, by when its
 * second IDT, with an NMI gate that ignores the NMI, is loaded (Linux
 * 6.1.77 and later, 6.12): the held NMI is delivered there.  Older
 * decompressors have no NMI gate at all, and then the held NMI is lost
 * at that iret as it would have been without it.  docs/handoff-nmi.md.
 */
#include "apic_regs.h"
#include "hw.h"
#include "purgatory.h"

#define ICR_SELF_NMI	(APIC_ICR_DM(APIC_DM_NMI) | APIC_ICR_ASSERT)	/* physical, edge */
/*
 * How long to wait for the self-NMI before jumping anyway: a local NMI
 * arrives within microseconds; 2^24 TSC cycles are 6-17 ms at 1-3 GHz.
 * Bounded by time, not by a count of PAUSEs, whose latency differs
 * about tenfold between CPU generations (10,000,000 of them took
 * 0.67-0.87 s on an AMD EPYC host).
 */
#define NMI_WAIT_CYCLES	(1ULL << 24)

volatile int limbo_nmi_handoff_armed;

/* Returns only if no NMI came (no usable APIC): the caller then jumps. */
void handoff_via_nmi(void)
{
	struct apic a;
	uint64_t base, t0;

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
	t0 = rdtsc();
	while (rdtsc() - t0 < NMI_WAIT_CYCLES)
		cpu_pause();
none:
	limbo_nmi_handoff_armed = 0;
	lprintf("limbo: handoff=nmi: no NMI by cycle %llu: jumping\n",
		(unsigned long long)(rdtsc() - limbo_tsc_entry));
}
