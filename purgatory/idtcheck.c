// SPDX-License-Identifier: GPL-2.0-only
/*
 * Check the stub IDT entry.S loaded.  When the plugin prebuilt it, the
 * purgatory loaded bytes it did not compute itself: recompute every gate
 * and the TSS descriptor from the addresses we actually run at, repair
 * what differs (gates in place, the TSS by loading a fresh descriptor),
 * and say so in the report.  The purgatory segment is not covered by the
 * SHA-256 regions, so this is the only check those bytes get.
 */
#include <limbo/idt.h>
#include "hw.h"
#include "purgatory.h"

extern uint64_t limbo_idt[LIMBO_IDT_VECTORS][2];
extern uint64_t limbo_gdt[];
extern const uint8_t limbo_exc_stubs[];
extern const uint8_t limbo_tss[], limbo_tss_end[];
extern uint64_t limbo_idt_prebuilt;

void limbo_idt_check(struct limbo_report *r)
{
	uint64_t *tss = &limbo_gdt[LIMBO_GDT_TSS / 8];
	uint64_t want[2];
	unsigned int v, bad = 0;

	if (limbo_idt_prebuilt != LIMBO_IDT_PREBUILT_MAGIC)
		return;			/* built at run time by idt.S */
	r->idt_flags |= LIMBO_IDT_FROM_PLUGIN;
	for (v = 0; v < LIMBO_IDT_VECTORS; v++) {
		limbo_gate_encode((uint64_t)(uintptr_t)limbo_exc_stubs +
				  LIMBO_IDT_STUB_SIZE * v,
				  limbo_ist_of_vector(v), want);
		if (limbo_idt[v][0] != want[0] || limbo_idt[v][1] != want[1]) {
			limbo_idt[v][0] = want[0];
			limbo_idt[v][1] = want[1];
			bad++;
		}
	}
	limbo_tss_desc_encode((uint64_t)(uintptr_t)limbo_tss,
			      (uint32_t)(limbo_tss_end - limbo_tss - 1), want);
	/* ltr marked it busy */
	if ((tss[0] & ~((uint64_t)LIMBO_TSS_BUSY_BIT << 40)) != want[0] ||
	    tss[1] != want[1]) {
		tss[0] = want[0];
		tss[1] = want[1];
		asm volatile("ltr %w0" : : "r"(LIMBO_GDT_TSS) : "memory");
		bad++;
	}
	if (bad) {
		r->idt_flags |= LIMBO_IDT_REPAIRED;
		r->problems |= LIMBO_PROB_EXCEPTION;
		lprintf("limbo: idt: %u prebuilt descriptor%s did not match this load address: repaired\n",
			bad, bad == 1 ? "" : "s");
	}
}
