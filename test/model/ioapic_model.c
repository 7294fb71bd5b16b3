// SPDX-License-Identifier: GPL-2.0-only
/*
 * IO-APIC model, from the 82093AA datasheet and the IOxAPIC of Intel
 * chipsets:
 *
 * - IOREGSEL at +0x00 selects a register, IOWIN at +0x10 reads/writes it:
 *   0x00 ID (bits 27:24), 0x01 version (bits 7:0 version, 23:16 max
 *   redirection entry), 0x02 arbitration, 0x10 + 2n / 0x11 + 2n the low
 *   and high dwords of redirection entry n.  A selected register past the
 *   table fails the test (the code has no business there).
 * - RTE low dword: vector 7:0, delivery mode 10:8 (SMI 010), delivery
 *   status 12 (RO), polarity 13, Remote IRR 14 (RO), trigger 15 (1 level),
 *   mask 16.  Remote IRR is set when a level interrupt is delivered and
 *   stays set until an EOI for its vector.
 * - Version >= 0x20 parts have the EOI register at +0x40: writing a vector
 *   clears Remote IRR of every level pin with that vector.  Older parts
 *   (0x11) have no EOI register (touching +0x40 fails the test); their
 *   Remote IRR clears when the pin is switched to edge.
 * - An unmasked level pin with its line asserted and Remote IRR clear is
 *   delivered at once, which sets Remote IRR again.
 * - stuck[pin]: that pin's Remote IRR never clears (a line that keeps
 *   re-asserting it).  absent: nothing decodes the page, reads return all
 *   ones and writes vanish.
 */
#include <string.h>
#include "hw_model.h"


void ioapic_model_init(struct ioapic_model *m, uint64_t base, uint8_t id,
		       uint8_t version, unsigned int pins)
{
	unsigned int i;

	memset(m, 0, sizeof(*m));
	m->base = base;
	m->id = id & 0xf;
	m->version = version;
	m->pins = pins;
	if (pins < 1 || pins > IM_MAX_PINS)
		model_fail("ioapic: %u pins", pins);
	for (i = 0; i < pins; i++)	/* reset: masked, edge, vector 0 */
		m->rte_lo[i] = IOAPIC_RTE_MASKED;
}

/* Level delivery: an asserted line on an unmasked, idle level pin. */
static void deliver(struct ioapic_model *m, unsigned int pin)
{
	uint32_t *rte = &m->rte_lo[pin];

	if (m->line[pin] && (*rte & IOAPIC_RTE_LEVEL) && !(*rte & IOAPIC_RTE_MASKED) &&
	    !(*rte & IOAPIC_RTE_REMOTE_IRR)) {
		*rte |= IOAPIC_RTE_REMOTE_IRR;
		m->deliveries[pin]++;
	}
}

static void clear_remote_irr(struct ioapic_model *m, unsigned int pin)
{
	if (!m->stuck[pin])
		m->rte_lo[pin] &= ~IOAPIC_RTE_REMOTE_IRR;
	deliver(m, pin);
}

void ioapic_model_set_rte(struct ioapic_model *m, unsigned int pin,
			  uint32_t lo)
{
	if (pin >= m->pins)
		model_fail("ioapic: test sets pin %u of %u", pin, m->pins);
	m->rte_lo[pin] = lo;
}

static uint32_t read_reg(struct ioapic_model *m, uint32_t reg)
{
	unsigned int pin;

	switch (reg) {
	case IOAPIC_REG_ID:
		return (uint32_t)m->id << 24;
	case IOAPIC_REG_VER:
		return m->version | (m->pins - 1) << 16;
	case IOAPIC_REG_ARB:
		return (uint32_t)m->id << 24;
	}
	pin = (reg - IOAPIC_REG_REDTBL(0)) / 2;
	if (reg < IOAPIC_REG_REDTBL(0) || pin >= m->pins)
		model_fail("ioapic %u: read of register %#x (%u pins)", m->id,
			   reg, m->pins);
	if (reg & 1)
		return m->rte_hi[pin];
	if (m->assert_after_read[pin]) {
		uint32_t v = m->rte_lo[pin];

		/* the device raises its line just after this read */
		m->assert_after_read[pin] = 0;
		m->line[pin] = 1;
		deliver(m, pin);
		return v;
	}
	return m->rte_lo[pin];
}

static void write_reg(struct ioapic_model *m, uint32_t reg, uint32_t v)
{
	unsigned int pin;
	uint32_t old;

	switch (reg) {
	case IOAPIC_REG_ID:
		m->id = (v >> 24) & 0xf;
		return;
	case IOAPIC_REG_VER:
	case IOAPIC_REG_ARB:
		return;		/* read-only */
	}
	pin = (reg - IOAPIC_REG_REDTBL(0)) / 2;
	if (reg < IOAPIC_REG_REDTBL(0) || pin >= m->pins)
		model_fail("ioapic %u: write of register %#x (%u pins)", m->id,
			   reg, m->pins);
	if (reg & 1) {
		m->rte_hi[pin] = v & 0xff000000;
		m->rte_hi_writes++;
		return;
	}
	old = m->rte_lo[pin];
	m->rte_writes[pin]++;
	m->rte_lo[pin] = (v & ~IOAPIC_RTE_RO_BITS) | (old & IOAPIC_RTE_RO_BITS);
	if ((old & IOAPIC_RTE_LEVEL) && !(v & IOAPIC_RTE_LEVEL)) {
		m->edge_switches[pin]++;
		if (m->version < IOAPIC_EOI_VERSION)
			clear_remote_irr(m, pin);
	}
	deliver(m, pin);
}

uint32_t ioapic_model_read(struct ioapic_model *m, uint32_t off)
{
	m->accesses++;
	if (m->absent)
		return 0xffffffff;
	switch (off) {
	case IOAPIC_IOREGSEL:
		return m->regsel;
	case IOAPIC_IOWIN:
		return read_reg(m, m->regsel);
	}
	model_fail("ioapic %u (v%#x): read at +%#x", m->id, m->version, off);
}

void ioapic_model_write(struct ioapic_model *m, uint32_t off, uint32_t v)
{
	unsigned int pin;

	m->accesses++;
	if (m->absent)
		return;
	switch (off) {
	case IOAPIC_IOREGSEL:
		m->regsel = v & 0xff;
		return;
	case IOAPIC_IOWIN:
		write_reg(m, m->regsel, v);
		return;
	case IOAPIC_EOI:
		if (m->version < IOAPIC_EOI_VERSION)
			break;
		m->eoi_writes++;
		for (pin = 0; pin < m->pins; pin++)
			if ((m->rte_lo[pin] & IOAPIC_RTE_VECTOR) == (v & IOAPIC_RTE_VECTOR) &&
			    (m->rte_lo[pin] & IOAPIC_RTE_LEVEL))
				clear_remote_irr(m, pin);
		return;
	}
	model_fail("ioapic %u (v%#x): write at +%#x", m->id, m->version, off);
}
