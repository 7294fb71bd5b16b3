/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The local APIC register map (Intel SDM vol. 3, ch. 11 "Advanced
 * Programmable Interrupt Controller"), declared once: purgatory/apic.c
 * drives the hardware with it and the test register model
 * (test/model/lapic_model.c) decodes with it.
 *
 * Registers are named by their xAPIC offset in the 4 KiB page at the
 * IA32_APIC_BASE address; in x2APIC mode the register at offset o is
 * MSR APIC_X2APIC_MSR(o).
 */
#ifndef LIMBO_APIC_REGS_H
#define LIMBO_APIC_REGS_H

#include <stdint.h>
#include <limbo/report.h>

/* CPUID bits about the local APIC */
#define CPUID_1_EDX_APIC	(1u << 9)	/* present and globally enabled */
#define CPUID_1_ECX_X2APIC	(1u << 21)
#define CPUID_7_EDX_ARCH_CAP	(1u << 29)	/* IA32_ARCH_CAPABILITIES exists */

/* IA32_APIC_BASE: the mode and where the xAPIC page is */
#define MSR_APIC_BASE		0x1b
#define  APIC_BASE_BSP		(1ULL << 8)	/* read-only: the firmware's boot CPU */
#define  APIC_BASE_EXTD		(1ULL << 10)	/* x2APIC mode */
#define  APIC_BASE_EN		(1ULL << 11)	/* global enable */
#define  APIC_BASE_ADDR		0x000ffffffffff000ULL
#define APIC_DEFAULT_BASE	0xfee00000ULL	/* the reset value of the address */

/*
 * Firmware may lock the APIC in x2APIC mode: IA32_ARCH_CAPABILITIES bit
 * 21 says IA32_XAPIC_DISABLE_STATUS exists, whose bit 0 says locked.
 */
#define MSR_ARCH_CAPABILITIES	0x10a
#define  ARCH_CAP_XAPIC_DISABLE	(1ULL << 21)
#define MSR_XAPIC_DISABLE_STATUS 0xbd
#define  LEGACY_XAPIC_DISABLED	(1ULL << 0)

/* x2APIC: one MSR per 16-byte xAPIC register slot */
#define MSR_X2APIC_FIRST	0x800
#define MSR_X2APIC_LAST		0x8ff
#define APIC_X2APIC_MSR(off)	(MSR_X2APIC_FIRST + ((off) >> 4))

/* register offsets */
#define APIC_ID			0x020	/* xAPIC: the ID in bits 31:24 */
#define  APIC_XAPIC_ID_SHIFT	24
#define APIC_VER		0x030	/* max LVT in bits 23:16 */
#define APIC_TPR		0x080
#define APIC_APR		0x090
#define APIC_PPR		0x0a0
#define APIC_EOI		0x0b0
#define APIC_RRD		0x0c0
#define APIC_LDR		0x0d0	/* read-only in x2APIC */
#define APIC_DFR		0x0e0	/* xAPIC only */
#define APIC_SVR		0x0f0
#define  APIC_SVR_ENABLE	(1u << 8)	/* software enable */
#define APIC_ISR		0x100	/* 8 registers, 0x10 apart */
#define APIC_TMR		0x180
#define APIC_IRR		0x200
#define  APIC_VECTOR_REGS	8	/* ISR, TMR, IRR: 256 bits each */
#define APIC_ESR		0x280
#define  APIC_ESR_ILLEGAL_REG	(1u << 7)
#define APIC_LVT_CMCI		0x2f0
#define APIC_ICR		0x300	/* x2APIC: one 64-bit MSR, dest in 63:32 */
#define APIC_ICR2		0x310	/* xAPIC only: dest in bits 31:24 */
#define  APIC_ICR2_DEST_SHIFT	24
#define APIC_LVT_TIMER		0x320
#define APIC_LVT_THERMAL	0x330
#define APIC_LVT_PMI		0x340
#define APIC_LVT_LINT0		0x350
#define APIC_LVT_LINT1		0x360
#define APIC_LVT_ERROR		0x370
#define APIC_TMICT		0x380	/* timer initial count: 0 stops it */
#define APIC_TMCCT		0x390
#define APIC_TDCR		0x3e0
#define APIC_SELF_IPI		0x3f0	/* x2APIC only */

#define APIC_LVT_MASKED		(1u << 16)

/* ICR bits 31:0 */
#define APIC_ICR_VECTOR		0xffu
#define APIC_ICR_DM_SHIFT	8		/* delivery mode, bits 10:8 */
#define  APIC_ICR_DM(dm)	((uint32_t)(dm) << APIC_ICR_DM_SHIFT)
#define  APIC_DM_NMI		4
#define  APIC_DM_INIT		5
#define APIC_ICR_DEST_LOGICAL	(1u << 11)
#define APIC_ICR_BUSY		(1u << 12)	/* xAPIC delivery status; read-only */
#define APIC_ICR_ASSERT		(1u << 14)	/* level: assert (else de-assert) */
#define APIC_ICR_LEVEL		(1u << 15)	/* trigger mode: level */
#define APIC_ICR_SHORTHAND_SHIFT 18		/* bits 19:18 */
#define APIC_ICR_X2_RESERVED	0xfff32000u	/* #GP in x2APIC: 13, 16-17, 20-31 */

/* physical destinations that broadcast (every CPU, this one included) */
#define APIC_XAPIC_BROADCAST	0xffu
#define APIC_X2APIC_BROADCAST	0xffffffffu

/* The LVT entries, in the report's order (struct limbo_lapic_state.lvt[]) */
enum apic_lvt {
	LVT_TIMER, LVT_THERMAL, LVT_PMI, LVT_LINT0, LVT_LINT1, LVT_ERROR,
	LVT_CMCI, LVT_COUNT
};
_Static_assert(LVT_COUNT == LIMBO_LVT_COUNT, "one report slot per LVT");

/* offset of each */
static const uint16_t apic_lvt_reg[LVT_COUNT] = {
	[LVT_TIMER] = APIC_LVT_TIMER, [LVT_THERMAL] = APIC_LVT_THERMAL,
	[LVT_PMI] = APIC_LVT_PMI, [LVT_LINT0] = APIC_LVT_LINT0,
	[LVT_LINT1] = APIC_LVT_LINT1, [LVT_ERROR] = APIC_LVT_ERROR,
	[LVT_CMCI] = APIC_LVT_CMCI,
};

/* the smallest max LVT (APIC_VER bits 23:16) of a part that has each */
static const uint8_t apic_lvt_min_max[LVT_COUNT] = {
	[LVT_TIMER] = 0, [LVT_THERMAL] = 5, [LVT_PMI] = 4, [LVT_LINT0] = 0,
	[LVT_LINT1] = 0, [LVT_ERROR] = 3, [LVT_CMCI] = 6,
};

#endif /* LIMBO_APIC_REGS_H */
