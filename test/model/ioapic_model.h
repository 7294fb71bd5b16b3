/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * An IO-APIC register model (82093AA datasheet, and the EOI register of
 * the version >= 0x20 parts in Intel chipsets): IOREGSEL/IOWIN, the
 * redirection table with its read-only Remote IRR and delivery status
 * bits, and level-triggered delivery from asserted input lines.
 */
#ifndef LIMBO_IOAPIC_MODEL_H
#define LIMBO_IOAPIC_MODEL_H

#include <stdint.h>
#include "ioapic_regs.h"

#define IM_WINDOW		0x1000	/* bytes the model decodes */
#define IM_MAX_PINS		256

struct ioapic_model {
	uint64_t base;
	uint8_t id;			/* 4 bits, in ID register bits 27:24 */
	uint8_t version;		/* 0x11: 82093AA; >= 0x20: EOI register */
	unsigned int pins;		/* max redirection entry + 1 */
	int absent;			/* nothing decodes there: reads all ones */

	uint32_t regsel;
	uint32_t rte_lo[IM_MAX_PINS], rte_hi[IM_MAX_PINS];
	uint8_t line[IM_MAX_PINS];	/* input asserted */
	uint8_t stuck[IM_MAX_PINS];	/* Remote IRR never clears */
	/* the line asserts right after the next read of the pin's RTE */
	uint8_t assert_after_read[IM_MAX_PINS];

	/* what the code did */
	unsigned int rte_writes[IM_MAX_PINS];
	unsigned int rte_hi_writes;
	unsigned int edge_switches[IM_MAX_PINS];
	unsigned int deliveries[IM_MAX_PINS];
	unsigned int eoi_writes;
	unsigned int accesses;
};

void ioapic_model_init(struct ioapic_model *m, uint64_t base, uint8_t id,
		       uint8_t version, unsigned int pins);
/* Test back door: set the whole low dword, read-only bits included. */
void ioapic_model_set_rte(struct ioapic_model *m, unsigned int pin,
			  uint32_t lo);
uint32_t ioapic_model_read(struct ioapic_model *m, uint32_t off);
void ioapic_model_write(struct ioapic_model *m, uint32_t off, uint32_t v);

#endif /* LIMBO_IOAPIC_MODEL_H */
