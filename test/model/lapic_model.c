// SPDX-License-Identifier: GPL-2.0-only
/*
 * Local APIC model.  Facts from the Intel SDM vol. 3, ch. 10/11 (the
 * register map itself is purgatory/apic_regs.h, shared with apic.c):
 *
 * - IA32_APIC_BASE (0x1b): bit 8 BSP, bit 10 EXTD, bit 11 EN, the base
 *   in bits 12+.  Legal: xAPIC <-> disabled, xAPIC -> x2APIC,
 *   x2APIC -> disabled.  x2APIC -> xAPIC directly and EXTD without EN
 *   raise #GP (and so does disabled -> x2APIC here: the code has no
 *   business doing it).  Going to disabled resets the APIC: LVTs masked,
 *   ISR/IRR/TMR clear, SVR 0xff, LDR 0, DFR all ones; the ID is kept.
 * - x2APIC: register at offset o is MSR 0x800 + o/16.  A register that
 *   does not exist (DFR, RRD, ICR2, CMCI without it) raises #GP, as do
 *   writes to read-only ones (ID, VER, LDR, ISR/TMR/IRR), a non-zero
 *   EOI or ESR write, and non-zero upper halves except in the ICR.  The
 *   LDR is derived from the ID: cluster id >> 4 in bits 31:16, bit
 *   (id & 15) below.
 * - xAPIC: EOI retires the highest in-service vector; an ESR write
 *   latches the errors seen since the last one; DFR bits 27:0 read as
 *   ones; an illegal register address sets ESR bit 7.
 * - While SVR bit 8 (software enable) is clear the LVT mask bits cannot
 *   be cleared.
 * - IPIs: in xAPIC a write to ICR (0x300) sends, to the destination in
 *   ICR2 (0x310) bits 31:24; delivery status (ICR bit 12, read-only)
 *   stays set until the send completes.  In x2APIC one 64-bit write to
 *   MSR 0x830 sends (destination in bits 63:32), there is no delivery
 *   status, and setting a reserved bit (13, 16-17, 20-31) raises #GP.
 *   Every IPI sent is recorded; no other CPU is modelled.
 */
#include <string.h>
#include "hw_model.h"

/* bits software may set, per LVT (vector, delivery mode, polarity, ...) */
static const uint32_t lvt_writable[LIMBO_LVT_COUNT] = {
	[LVT_TIMER] = 0x700ff,		/* vector, mask, timer mode */
	[LVT_THERMAL] = 0x107ff,	/* vector, delivery mode, mask */
	[LVT_PMI] = 0x107ff,
	[LVT_LINT0] = 0x1a7ff,		/* + polarity, trigger mode */
	[LVT_LINT1] = 0x1a7ff,
	[LVT_ERROR] = 0x100ff,
	[LVT_CMCI] = 0x107ff,
};

static int lvt_index(uint32_t off)
{
	int i;

	for (i = 0; i < LVT_COUNT; i++)
		if (apic_lvt_reg[i] == off)
			return i;
	return -1;
}

int lapic_model_mode(const struct lapic_model *m)
{
	if (!(m->base & APIC_BASE_EN))
		return LIMBO_APIC_DISABLED;
	return (m->base & APIC_BASE_EXTD) ? LIMBO_APIC_X2APIC : LIMBO_APIC_XAPIC;
}

static void reset_state(struct lapic_model *m)
{
	int i;

	m->tpr = 0;
	m->ldr = 0;
	m->dfr = 0xffffffff;
	m->svr = 0xff;
	m->esr = 0;
	m->esr_pending = 0;
	memset(m->isr, 0, sizeof(m->isr));
	memset(m->tmr, 0, sizeof(m->tmr));
	memset(m->irr, 0, sizeof(m->irr));
	for (i = 0; i < LIMBO_LVT_COUNT; i++)
		m->lvt[i] = APIC_LVT_MASKED;
	m->icr_lo = 0;
	m->icr_hi = 0;
	m->icr_busy_left = 0;
	m->tmict = 0;
	m->tdcr = 0;
}

void lapic_model_init(struct lapic_model *m, int mode, uint8_t max_lvt)
{
	memset(m, 0, sizeof(*m));
	m->present = 1;
	m->version = 0x14;
	m->max_lvt = max_lvt;
	m->base = APIC_DEFAULT_BASE | APIC_BASE_BSP;
	if (mode == LIMBO_APIC_XAPIC || mode == LIMBO_APIC_X2APIC)
		m->base |= APIC_BASE_EN;
	if (mode == LIMBO_APIC_X2APIC)
		m->base |= APIC_BASE_EXTD;
	reset_state(m);
	m->svr = 0x1ff;		/* what an OS leaves: software enabled */
}

uint32_t lapic_model_x2_ldr(const struct lapic_model *m)
{
	return ((m->id >> 4) << 16) | (1u << (m->id & 15));
}

int lapic_model_isr_empty(const struct lapic_model *m)
{
	int i;

	for (i = 0; i < 8; i++)
		if (m->isr[i])
			return 0;
	return 1;
}

void lapic_model_set_isr(struct lapic_model *m, unsigned int vector)
{
	m->isr[(vector >> 5) & 7] |= 1u << (vector & 31);
}

void lapic_model_set_irr(struct lapic_model *m, unsigned int vector)
{
	m->irr[(vector >> 5) & 7] |= 1u << (vector & 31);
}

static void send_ipi(struct lapic_model *m, int x2, uint32_t dest, uint32_t icr)
{
	struct lm_ipi *p;

	if (m->nipis++ >= LM_MAX_IPIS)
		return;
	p = &m->ipis[m->nipis - 1];
	p->x2 = x2;
	p->dest = dest;
	p->icr = icr;
	p->delivery_mode = (icr >> APIC_ICR_DM_SHIFT) & 7;
	p->logical = !!(icr & APIC_ICR_DEST_LOGICAL);
	p->assert = !!(icr & APIC_ICR_ASSERT);
	p->level_trig = !!(icr & APIC_ICR_LEVEL);
	p->shorthand = (icr >> APIC_ICR_SHORTHAND_SHIFT) & 3;
	if (m->on_ipi)
		m->on_ipi(p);
}

unsigned int lapic_model_ipis_to(const struct lapic_model *m, uint32_t dest)
{
	unsigned int i, n = 0;

	for (i = 0; i < m->nipis && i < LM_MAX_IPIS; i++)
		if (m->ipis[i].dest == dest)
			n++;
	return n;
}

static uint32_t read_icr_xapic(struct lapic_model *m)
{
	if (!m->icr_busy_left)
		return m->icr_lo;
	if (m->icr_busy_left != LM_ICR_BUSY_NEVER)
		m->icr_busy_left--;
	return m->icr_lo | APIC_ICR_BUSY;
}

static void eoi(struct lapic_model *m)
{
	int v;

	m->eoi_writes++;
	for (v = 255; v >= 0; v--) {
		if (m->isr[v >> 5] & (1u << (v & 31))) {
			if (!m->eoi_stuck)
				m->isr[v >> 5] &= ~(1u << (v & 31));
			return;
		}
	}
}

static int has_lvt(const struct lapic_model *m, int i)
{
	return m->max_lvt >= apic_lvt_min_max[i];
}

static void write_lvt(struct lapic_model *m, int i, uint32_t v)
{
	v = (v & lvt_writable[i]) | (m->lvt[i] & ~lvt_writable[i]);
	if (!(m->svr & APIC_SVR_ENABLE))
		v |= APIC_LVT_MASKED;
	m->lvt[i] = v;
}

static void count(unsigned int *c, uint32_t off)
{
	if (off < LM_REGS * 16)
		c[off >> 4]++;
}

int lapic_model_write_base(struct lapic_model *m, uint64_t v, int locked)
{
	const uint64_t reserved = ~(APIC_BASE_ADDR | APIC_BASE_BSP | APIC_BASE_EXTD |
				    APIC_BASE_EN);
	int old = lapic_model_mode(m), new;

	m->base_writes++;
	if (v & reserved)
		return -1;
	if ((v & APIC_BASE_EXTD) && !(v & APIC_BASE_EN)) {
		m->illegal_transitions++;
		return -1;
	}
	new = !(v & APIC_BASE_EN) ? LIMBO_APIC_DISABLED :
	      (v & APIC_BASE_EXTD) ? LIMBO_APIC_X2APIC : LIMBO_APIC_XAPIC;
	if ((old == LIMBO_APIC_X2APIC && new == LIMBO_APIC_XAPIC) ||
	    (old == LIMBO_APIC_DISABLED && new == LIMBO_APIC_X2APIC)) {
		m->illegal_transitions++;
		return -1;
	}
	if (locked && new != LIMBO_APIC_X2APIC) {
		m->illegal_transitions++;
		return -1;
	}
	if (m->base_write_fail_at && m->base_writes == m->base_write_fail_at)
		return -1;
	/* the BSP flag is the hardware's to say */
	m->base = (v & ~APIC_BASE_BSP) | (m->base & APIC_BASE_BSP);
	if (new == LIMBO_APIC_DISABLED && old != LIMBO_APIC_DISABLED)
		reset_state(m);
	if (m->nmodes < LM_MAX_TRANSITIONS)
		m->modes[m->nmodes++] = new;
	return 0;
}

static uint32_t read_common(struct lapic_model *m, uint32_t off, int *ok)
{
	int i = lvt_index(off);

	*ok = 1;
	if (i >= 0 && has_lvt(m, i))
		return m->lvt[i];
	if (off >= APIC_ISR && off < APIC_ISR + 0x80)
		return m->isr[(off - APIC_ISR) >> 4];
	if (off >= APIC_TMR && off < APIC_TMR + 0x80)
		return m->tmr[(off - APIC_TMR) >> 4];
	if (off >= APIC_IRR && off < APIC_IRR + 0x80)
		return m->irr[(off - APIC_IRR) >> 4];
	switch (off) {
	case APIC_VER:
		return m->version | (uint32_t)m->max_lvt << 16;
	case APIC_TPR:
		return m->tpr;
	case APIC_PPR:
		return m->tpr;
	case APIC_SVR:
		return m->svr;
	case APIC_ESR:
		return m->esr;
	case APIC_TMICT:
		return m->tmict;
	case APIC_TMCCT:
		return m->tmict;
	case APIC_TDCR:
		return m->tdcr;
	}
	*ok = 0;
	return 0;
}

/* Registers with the same meaning in both modes; 0 if @off is not one. */
static int write_common(struct lapic_model *m, uint32_t off, uint32_t v)
{
	int i = lvt_index(off);

	if (i >= 0 && has_lvt(m, i)) {
		write_lvt(m, i, v);
		return 1;
	}
	switch (off) {
	case APIC_TPR:
		m->tpr = v & 0xff;
		return 1;
	case APIC_SVR:
		m->svr = v & 0x11ff;
		if (!(m->svr & APIC_SVR_ENABLE))
			for (i = 0; i < LIMBO_LVT_COUNT; i++)
				m->lvt[i] |= APIC_LVT_MASKED;
		return 1;
	case APIC_ESR:
		m->esr = m->esr_pending;
		m->esr_pending = 0;
		return 1;
	case APIC_TMICT:
		m->tmict = v;
		return 1;
	case APIC_TDCR:
		m->tdcr = v & 0xb;
		return 1;
	}
	return 0;
}

uint32_t lapic_model_mmio_read(struct lapic_model *m, uint32_t off)
{
	uint32_t v;
	int ok;

	m->mmio_accesses++;
	count(m->reads, off);
	if (off & 0xf)
		model_fail("lapic: unaligned xAPIC read at +%#x", off);
	v = read_common(m, off, &ok);
	if (ok)
		return v;
	switch (off) {
	case APIC_ID:
		return (m->id & 0xff) << 24;
	case APIC_APR:
	case APIC_EOI:
	case APIC_RRD:
		return 0;
	case APIC_LDR:
		return m->ldr;
	case APIC_DFR:
		return m->dfr | 0x0fffffff;
	case APIC_ICR:
		return read_icr_xapic(m);
	case APIC_ICR2:
		return m->icr_hi;
	case APIC_LVT_CMCI:		/* absent: nothing decodes it */
		return 0;
	}
	m->esr_pending |= APIC_ESR_ILLEGAL_REG;
	return 0;
}

void lapic_model_mmio_write(struct lapic_model *m, uint32_t off, uint32_t v)
{
	m->mmio_accesses++;
	count(m->writes, off);
	if (off & 0xf)
		model_fail("lapic: unaligned xAPIC write at +%#x", off);
	if (write_common(m, off, v))
		return;
	switch (off) {
	case APIC_ID:
		m->id = (m->id & ~0xffu) | v >> 24;
		return;
	case APIC_EOI:
		eoi(m);
		return;
	case APIC_LDR:
		m->ldr = v & 0xff000000;
		return;
	case APIC_DFR:
		m->dfr = v | 0x0fffffff;
		return;
	case APIC_ICR:
		if (m->icr_busy_left)
			m->icr_write_busy++;
		m->icr_lo = v & LM_ICR_WRITABLE;
		m->icr_busy_left = m->icr_busy_reads;
		send_ipi(m, 0, m->icr_hi >> 24, v);
		return;
	case APIC_ICR2:
		m->icr_hi = v & 0xff000000;
		return;
	case APIC_LVT_CMCI:			/* absent: ignored */
	case APIC_VER:
	case APIC_PPR:
	case APIC_RRD:
	case APIC_TMCCT:
		return;
	}
	if (off >= APIC_ISR && off < APIC_IRR + 0x80)
		return;			/* read-only */
	m->esr_pending |= APIC_ESR_ILLEGAL_REG;
}

static int gp(struct lapic_model *m)
{
	m->gp++;
	return -1;
}

int lapic_model_msr_read(struct lapic_model *m, uint32_t msr, uint64_t *v)
{
	uint32_t off = (msr - MSR_X2APIC_FIRST) << 4;
	int ok;

	*v = 0;
	if (lapic_model_mode(m) != LIMBO_APIC_X2APIC)
		return gp(m);
	m->msr_accesses++;
	count(m->reads, off);
	*v = read_common(m, off, &ok);
	if (ok)
		return 0;
	switch (off) {
	case APIC_ID:
		*v = m->id;
		return 0;
	case APIC_LDR:
		*v = lapic_model_x2_ldr(m);
		return 0;
	case APIC_ICR:
		*v = (uint64_t)m->icr_hi << 32 | m->icr_lo;
		return 0;
	}
	return gp(m);	/* DFR, RRD, ICR2, APR, EOI, absent CMCI, reserved */
}

int lapic_model_msr_write(struct lapic_model *m, uint32_t msr, uint64_t v)
{
	uint32_t off = (msr - MSR_X2APIC_FIRST) << 4;

	if (lapic_model_mode(m) != LIMBO_APIC_X2APIC)
		return gp(m);
	m->msr_accesses++;
	count(m->writes, off);
	if (off == APIC_ICR) {
		if ((uint32_t)v & APIC_ICR_X2_RESERVED)
			return gp(m);
		m->icr_lo = (uint32_t)v & ~APIC_ICR_BUSY;
		m->icr_hi = v >> 32;
		send_ipi(m, 1, m->icr_hi, (uint32_t)v);
		return 0;
	}
	if (v >> 32)
		return gp(m);
	if ((off == APIC_EOI || off == APIC_ESR) && v)
		return gp(m);
	if (off == APIC_EOI) {
		eoi(m);
		return 0;
	}
	if (off == APIC_SELF_IPI)
		return 0;
	if (write_common(m, off, (uint32_t)v))
		return 0;
	return gp(m);	/* read-only (ID, VER, LDR, ISR...), absent, reserved */
}
