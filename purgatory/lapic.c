// SPDX-License-Identifier: GPL-2.0-only
/*
 * The local APIC of the CPU running the purgatory: record what the
 * crashed kernel left, then make it quiet.  Mask every LVT present, stop
 * the timer, EOI every in-service vector, clear the logical destination
 * (xAPIC: LDR 0, DFR flat; in x2APIC the LDR is read-only), clear ESR.
 * The global enable bit stays set: clearing it hides the APIC from CPUID.
 *
 * Optionally leave x2APIC for xAPIC, for a next kernel that boots through
 * MPTABLE and would fault touching the xAPIC page (apic.c does the
 * x2APIC -> disabled -> xAPIC walk; this file decides and reports).
 */
#include "apic_regs.h"
#include "purgatory.h"

static int lvt_present(const struct limbo_lapic_state *s, int i)
{
	return s->max_lvt >= apic_lvt_min_max[i];
}

static void snapshot(const struct apic *a, uint64_t base,
		     struct limbo_lapic_state *s)
{
	unsigned int i;

	s->apic_base = base;
	s->mode = apic_mode(base);
	if (s->mode != LIMBO_APIC_XAPIC + a->x2)	/* disabled, or not via @a */
		return;
	s->id = apic_id(a);
	s->version = apic_read(a, APIC_VER);
	s->max_lvt = (s->version >> 16) & 0xff;
	s->tpr = apic_read(a, APIC_TPR);
	s->ldr = apic_read(a, APIC_LDR);
	s->dfr = a->x2 ? 0 : apic_read(a, APIC_DFR);	/* no DFR in x2APIC */
	s->svr = apic_read(a, APIC_SVR);
	apic_write(a, APIC_ESR, 0);		/* latch the errors, then read */
	s->esr = apic_read(a, APIC_ESR);
	s->lvt_present = 0;
	for (i = 0; i < LVT_COUNT; i++) {
		if (!lvt_present(s, i))
			continue;
		s->lvt_present |= 1u << i;
		s->lvt[i] = apic_read(a, apic_lvt_reg[i]);
	}
	for (i = 0; i < ARRAY_SIZE(s->isr); i++) {
		s->isr[i] = apic_read(a, APIC_ISR + 0x10 * i);
		s->irr[i] = apic_read(a, APIC_IRR + 0x10 * i);
	}
}

static int isr_pending(const struct apic *a)
{
	unsigned int i;

	for (i = 0; i < APIC_VECTOR_REGS; i++)
		if (apic_read(a, APIC_ISR + 0x10 * i))
			return 1;
	return 0;
}

/* Returns the number of EOIs written. */
static unsigned int quiesce(const struct apic *a, struct limbo_lapic_state *s,
			    uint32_t *flags)
{
	unsigned int eois = 0;
	int i;

	for (i = 0; i < LVT_COUNT; i++)
		if (s->lvt_present & (1u << i))
			apic_write(a, apic_lvt_reg[i],
				   apic_read(a, apic_lvt_reg[i]) | APIC_LVT_MASKED);
	apic_write(a, APIC_TMICT, 0);			/* stop the timer */
	/* each EOI retires the highest-priority in-service vector */
	while (isr_pending(a) && eois < 256) {
		apic_write(a, APIC_EOI, 0);
		eois++;
	}
	apic_write(a, APIC_TPR, 0);
	if (!a->x2) {
		apic_write(a, APIC_DFR, 0xffffffff);	/* flat model */
		apic_write(a, APIC_LDR, 0);
		*flags |= LIMBO_LAPIC_LDR_CLEARED;
	}
	apic_write(a, APIC_ESR, 0);			/* back-to-back: clears */
	apic_write(a, APIC_ESR, 0);
	return eois;
}

/* Whether the policy and the platform allow leaving x2APIC here. */
static const char *x2apic_to_xapic_refusal(void)
{
	const char *why = limbo_x2apic_refusal(cfg, tables_max_apic_id());

	if (!why && apic_x2apic_locked())
		why = "firmware locked x2APIC";
	return why;
}

/* Quiesced in x2APIC; now leave it, and quiesce again in xAPIC. */
static void leave_x2apic(struct apic *a, uint64_t *base, struct limbo_report *rep)
{
	struct limbo_lapic_state tmp = { 0 };

	if (apic_x2apic_to_xapic(a, base)) {
		rep->problems |= LIMBO_PROB_LAPIC;
		lprintf("limbo: lapic: could not leave x2APIC\n");
		return;
	}
	rep->lapic_flags |= LIMBO_LAPIC_X2APIC_TO_XAPIC;
	snapshot(a, *base, &tmp);
	rep->lapic_eoi_count += quiesce(a, &tmp, &rep->lapic_flags);
	lprintf("limbo: lapic: x2APIC -> disabled -> xAPIC\n");
}

void lapic_quiesce(struct limbo_report *rep)
{
	uint64_t base;
	struct apic a;
	const char *why;
	unsigned int i;

	if (!apic_present()) {
		rep->lapic_found.mode = LIMBO_APIC_DISABLED;
		rep->lapic_left.mode = LIMBO_APIC_DISABLED;
		lprintf("limbo: lapic: none enabled (CPUID.1:EDX.APIC=0)\n");
		return;
	}
	if (apic_base_read(&base)) {
		rep->problems |= LIMBO_PROB_LAPIC;
		lprintf("limbo: lapic: IA32_APIC_BASE unreadable\n");
		return;
	}
	if (apic_open(&a, base)) {
		rep->problems |= LIMBO_PROB_LAPIC;
		lprintf("limbo: lapic: cannot map %llx\n", (unsigned long long)a.mmio);
		return;
	}
	snapshot(&a, base, &rep->lapic_found);
	rep->lapic_eoi_count = quiesce(&a, &rep->lapic_found, &rep->lapic_flags);

	if (a.x2 && !(why = x2apic_to_xapic_refusal()))
		leave_x2apic(&a, &base, rep);
	else if (a.x2)
		lprintf("limbo: lapic: staying in x2APIC (%s)\n", why);
	snapshot(&a, base, &rep->lapic_left);
	lprintf("limbo: lapic: %s id %u, LVTs masked, %u EOIs, LDR %x -> %x, ESR %x\n",
		a.x2 ? "x2APIC" : "xAPIC", rep->lapic_left.id,
		rep->lapic_eoi_count, rep->lapic_found.ldr, rep->lapic_left.ldr,
		rep->lapic_found.esr);
	for (i = 0; i < ARRAY_SIZE(rep->lapic_left.isr); i++)	/* just read */
		if (rep->lapic_left.isr[i])
			rep->problems |= LIMBO_PROB_LAPIC;
}
