// SPDX-License-Identifier: GPL-2.0-only
/*
 * The local APIC of the CPU running the purgatory: record what the
 * crashed kernel left, then make it quiet.  Mask every LVT present, stop
 * the timer, EOI every in-service vector, clear the logical destination
 * (xAPIC: LDR 0, DFR flat; in x2APIC the LDR is read-only), clear ESR.
 * The global enable bit stays set: clearing it hides the APIC from CPUID.
 *
 * Optionally leave x2APIC for xAPIC, for a next kernel that boots through
 * MPTABLE and would fault touching the xAPIC page (x2APIC -> disabled ->
 * xAPIC: the direct transition is illegal and raises #GP).
 */
#include "hw.h"
#include "purgatory.h"

#define MSR_APIC_BASE		0x1b
#define  APIC_BASE_BSP		(1ULL << 8)
#define  APIC_BASE_EXTD		(1ULL << 10)
#define  APIC_BASE_EN		(1ULL << 11)
#define  APIC_BASE_ADDR		0x000ffffffffff000ULL
#define MSR_X2APIC_BASE		0x800
#define MSR_ARCH_CAPABILITIES	0x10a
#define  ARCH_CAP_XAPIC_DISABLE_STATUS (1ULL << 21)
#define MSR_XAPIC_DISABLE_STATUS 0xbd
#define  LEGACY_XAPIC_DISABLED	(1ULL << 0)

#define APIC_ID		0x020
#define APIC_VER	0x030
#define APIC_TPR	0x080
#define APIC_EOI	0x0b0
#define APIC_LDR	0x0d0
#define APIC_DFR	0x0e0
#define APIC_SVR	0x0f0
#define APIC_ISR	0x100
#define APIC_IRR	0x200
#define APIC_ESR	0x280
#define APIC_LVT_CMCI	0x2f0
#define APIC_ICR	0x300
#define APIC_ICR2	0x310
#define APIC_LVT_TIMER	0x320
#define APIC_LVT_THERM	0x330
#define APIC_LVT_PMI	0x340
#define APIC_LVT_LINT0	0x350
#define APIC_LVT_LINT1	0x360
#define APIC_LVT_ERROR	0x370
#define APIC_TMICT	0x380
#define  LVT_MASKED	(1u << 16)

/* report order: timer, thermal, PMI, LINT0, LINT1, error, CMCI */
static const uint16_t lvt_reg[LIMBO_LVT_COUNT] = {
	APIC_LVT_TIMER, APIC_LVT_THERM, APIC_LVT_PMI, APIC_LVT_LINT0,
	APIC_LVT_LINT1, APIC_LVT_ERROR, APIC_LVT_CMCI,
};
/* the smallest "max LVT" (version register bits 23:16) that has it */
static const uint8_t lvt_min_maxlvt[LIMBO_LVT_COUNT] = { 0, 5, 4, 0, 0, 3, 6 };

struct apic {
	int x2;
	uint64_t mmio;
};
_Static_assert(LIMBO_APIC_X2APIC == LIMBO_APIC_XAPIC + 1, "mode = XAPIC + x2");

static uint32_t apic_read(const struct apic *a, uint32_t reg)
{
	uint64_t v = 0;

	if (!a->x2)
		return mmio_read32(a->mmio + reg);
	if (rdmsr_safe(MSR_X2APIC_BASE + (reg >> 4), &v))
		return 0;
	return (uint32_t)v;
}

static void apic_write(const struct apic *a, uint32_t reg, uint32_t v)
{
	if (a->x2)
		wrmsr_safe(MSR_X2APIC_BASE + (reg >> 4), v);
	else
		mmio_write32(a->mmio + reg, v);
}

static int lvt_present(const struct limbo_lapic_state *s, int i)
{
	return s->max_lvt >= lvt_min_maxlvt[i];
}

static void snapshot(const struct apic *a, uint64_t base,
		     struct limbo_lapic_state *s)
{
	int i;

	s->apic_base = base;
	s->mode = !(base & APIC_BASE_EN) ? LIMBO_APIC_DISABLED :
		  (base & APIC_BASE_EXTD) ? LIMBO_APIC_X2APIC : LIMBO_APIC_XAPIC;
	if (s->mode != LIMBO_APIC_XAPIC + a->x2)	/* disabled, or not via @a */
		return;
	s->id = apic_read(a, APIC_ID);
	if (!a->x2)
		s->id >>= 24;
	s->version = apic_read(a, APIC_VER);
	s->max_lvt = (s->version >> 16) & 0xff;
	s->tpr = apic_read(a, APIC_TPR);
	s->ldr = apic_read(a, APIC_LDR);
	s->dfr = a->x2 ? 0 : apic_read(a, APIC_DFR);	/* no DFR in x2APIC */
	s->svr = apic_read(a, APIC_SVR);
	apic_write(a, APIC_ESR, 0);		/* latch the errors, then read */
	s->esr = apic_read(a, APIC_ESR);
	s->lvt_present = 0;
	for (i = 0; i < LIMBO_LVT_COUNT; i++) {
		if (!lvt_present(s, i))
			continue;
		s->lvt_present |= 1u << i;
		s->lvt[i] = apic_read(a, lvt_reg[i]);
	}
	for (i = 0; i < 8; i++) {
		s->isr[i] = apic_read(a, APIC_ISR + 0x10 * i);
		s->irr[i] = apic_read(a, APIC_IRR + 0x10 * i);
	}
}

static int isr_pending(const struct apic *a)
{
	int i;

	for (i = 0; i < 8; i++)
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

	for (i = 0; i < LIMBO_LVT_COUNT; i++)
		if (s->lvt_present & (1u << i))
			apic_write(a, lvt_reg[i], apic_read(a, lvt_reg[i]) | LVT_MASKED);
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

static int x2apic_locked(void)
{
	uint32_t r[4];
	uint64_t caps = 0, status = 0;

	cpuid(0, 0, r);
	if (r[0] < 7)
		return 0;
	cpuid(7, 0, r);
	if (!(r[3] & (1u << 29)))		/* IA32_ARCH_CAPABILITIES */
		return 0;
	if (rdmsr_safe(MSR_ARCH_CAPABILITIES, &caps) ||
	    !(caps & ARCH_CAP_XAPIC_DISABLE_STATUS))
		return 0;
	if (rdmsr_safe(MSR_XAPIC_DISABLE_STATUS, &status))
		return 0;
	return !!(status & LEGACY_XAPIC_DISABLED);
}

/* Whether the policy and the platform allow leaving x2APIC here. */
static const char *x2apic_to_xapic_refusal(void)
{
	switch (cfg->x2apic) {
	case LIMBO_X2APIC_KEEP:
		return "policy x2apic=keep";
	case LIMBO_X2APIC_AUTO:
		if (!(cfg->flags & LIMBO_CFG_NEXT_MPTABLE))
			return "policy auto: the next kernel boots through ACPI";
		break;
	default:
		break;
	}
	if (!(cfg->flags & LIMBO_CFG_FROM_PLUGIN))
		return "no APIC IDs from the plugin";
	if (cfg->max_apic_id > 254)
		return "an APIC ID does not fit xAPIC's 8 bits";
	if (x2apic_locked())
		return "firmware locked x2APIC";
	return 0;
}

void lapic_quiesce(struct limbo_report *rep)
{
	uint32_t r[4];
	uint64_t base;
	struct apic a = { 0, 0 };
	const char *why;
	int i;

	cpuid(1, 0, r);
	if (!(r[3] & (1u << 9))) {		/* no APIC, or globally disabled */
		rep->lapic_found.mode = LIMBO_APIC_DISABLED;
		rep->lapic_left.mode = LIMBO_APIC_DISABLED;
		lprintf("limbo: lapic: none enabled (CPUID.1:EDX.APIC=0)\n");
		return;
	}
	if (rdmsr_safe(MSR_APIC_BASE, &base)) {
		rep->problems |= LIMBO_PROB_LAPIC;
		lprintf("limbo: lapic: IA32_APIC_BASE unreadable\n");
		return;
	}
	a.x2 = !!(base & APIC_BASE_EXTD);
	a.mmio = base & APIC_BASE_ADDR;
	if (!a.x2 && map_mmio_page(a.mmio)) {
		rep->problems |= LIMBO_PROB_LAPIC;
		lprintf("limbo: lapic: cannot map %llx\n", (unsigned long long)a.mmio);
		return;
	}
	snapshot(&a, base, &rep->lapic_found);
	rep->lapic_eoi_count = quiesce(&a, &rep->lapic_found, &rep->lapic_flags);

	if (a.x2 && !(why = x2apic_to_xapic_refusal())) {
		/* still x2APIC if that failed: then xAPIC would be #GP */
		if (!wrmsr_safe(MSR_APIC_BASE, base & ~(APIC_BASE_EN | APIC_BASE_EXTD)))
			wrmsr_safe(MSR_APIC_BASE, (base & ~APIC_BASE_EXTD) | APIC_BASE_EN);
		rdmsr_safe(MSR_APIC_BASE, &base);
		if ((base & (APIC_BASE_EN | APIC_BASE_EXTD)) == APIC_BASE_EN &&
		    !map_mmio_page(a.mmio)) {
			struct limbo_lapic_state tmp = { 0 };

			a.x2 = 0;
			rep->lapic_flags |= LIMBO_LAPIC_X2APIC_TO_XAPIC;
			snapshot(&a, base, &tmp);
			rep->lapic_eoi_count += quiesce(&a, &tmp, &rep->lapic_flags);
			lprintf("limbo: lapic: x2APIC -> disabled -> xAPIC\n");
		} else {
			rep->problems |= LIMBO_PROB_LAPIC;
			lprintf("limbo: lapic: could not leave x2APIC\n");
		}
	} else if (a.x2) {
		lprintf("limbo: lapic: staying in x2APIC (%s)\n", why);
	}
	snapshot(&a, base, &rep->lapic_left);
	lprintf("limbo: lapic: %s id %u, LVTs masked, %u EOIs, LDR %x -> %x, ESR %x\n",
		a.x2 ? "x2APIC" : "xAPIC", rep->lapic_left.id,
		rep->lapic_eoi_count, rep->lapic_found.ldr, rep->lapic_left.ldr,
		rep->lapic_found.esr);
	for (i = 0; i < 8; i++)	/* the snapshot just read ISR */
		if (rep->lapic_left.isr[i])
			rep->problems |= LIMBO_PROB_LAPIC;
}
