/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The IO-APIC register map (Intel 82093AA datasheet; the EOI register of
 * the version >= 0x20 parts in Intel chipsets), declared once:
 * purgatory/ioapic.c drives the hardware with it and the test register
 * model (test/model/ioapic_model.c) decodes with it.  test_ioapic pins
 * every value to the datasheet's number, so a wrong bit here cannot hide
 * behind both sides agreeing.
 */
#ifndef LIMBO_IOAPIC_REGS_H
#define LIMBO_IOAPIC_REGS_H

/* the two-register window at the IO-APIC's base address */
#define IOAPIC_IOREGSEL		0x00
#define IOAPIC_IOWIN		0x10
#define IOAPIC_EOI		0x40	/* version >= 0x20: write a vector */
#define IOAPIC_EOI_VERSION	0x20	/* the first version with IOAPIC_EOI */

/* indirect registers, selected through IOREGSEL */
#define IOAPIC_REG_ID		0x00
#define IOAPIC_REG_VER		0x01	/* bits 23:16: last redirection entry */
#define IOAPIC_REG_ARB		0x02
#define IOAPIC_REG_REDTBL(pin)	(0x10 + 2 * (pin))	/* low half; high half +1 */

/* a redirection table entry, low 32 bits */
#define IOAPIC_RTE_VECTOR	0xffu
#define IOAPIC_RTE_DELMODE	(7u << 8)
#define  IOAPIC_DELMODE_FIXED	(0u << 8)
#define  IOAPIC_DELMODE_LOWEST	(1u << 8)
#define  IOAPIC_DELMODE_SMI	(2u << 8)
#define  IOAPIC_DELMODE_NMI	(4u << 8)
#define  IOAPIC_DELMODE_EXTINT	(7u << 8)
#define IOAPIC_RTE_DELIVS	(1u << 12)	/* read-only: send pending */
#define IOAPIC_RTE_POLARITY_LOW	(1u << 13)
#define IOAPIC_RTE_REMOTE_IRR	(1u << 14)	/* read-only: level IRQ accepted, no EOI yet */
#define IOAPIC_RTE_LEVEL	(1u << 15)
#define IOAPIC_RTE_MASKED	(1u << 16)
#define IOAPIC_RTE_RO_BITS	(IOAPIC_RTE_DELIVS | IOAPIC_RTE_REMOTE_IRR)

#endif /* LIMBO_IOAPIC_REGS_H */
