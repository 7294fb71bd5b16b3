/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A local APIC register model (Intel SDM vol. 3, ch. 10/11): the
 * IA32_APIC_BASE mode machine, the xAPIC page and the x2APIC MSRs.
 */
#ifndef LIMBO_LAPIC_MODEL_H
#define LIMBO_LAPIC_MODEL_H

#include <stdint.h>
#include <limbo/report.h>
#include "apic_regs.h"		/* the register map, shared with apic.c */

#define LM_REGS			64	/* offsets 0x000-0x3f0, one per 16 bytes */
#define LM_MAX_TRANSITIONS	8

/* ICR bits 31:0 writable in xAPIC (delivery status is read-only) */
#define LM_ICR_WRITABLE		0x000ccfffu

#define LM_ICR_BUSY_NEVER	0xffffffffu	/* icr_busy_reads: never clears */
#define LM_MAX_IPIS		(2 * 16384 + 64)	/* INIT assert + de-assert to LIMBO_MAX_CPUS */

/* One IPI as the ICR sent it, in the order sent. */
struct lm_ipi {
	int x2;				/* through MSR 0x830, else ICR2 + ICR */
	uint32_t dest;			/* ICR2 bits 31:24, or ICR bits 63:32 */
	uint32_t icr;			/* ICR bits 31:0 as written */
	uint8_t delivery_mode;		/* bits 10:8 (5: INIT) */
	uint8_t logical;		/* bit 11 */
	uint8_t assert;			/* bit 14: level assert */
	uint8_t level_trig;		/* bit 15: level triggered */
	uint8_t shorthand;		/* bits 19:18 */
};

struct lapic_model {
	/* what the part is */
	int present;			/* the CPU has a local APIC */
	uint32_t id;			/* x2APIC ID; xAPIC shows bits 7:0 */
	uint8_t version;		/* version register bits 7:0 */
	uint8_t max_lvt;		/* 5: no CMCI, 6: CMCI */

	/* architectural state */
	uint64_t base;			/* IA32_APIC_BASE */
	uint32_t tpr, ldr, dfr, svr;
	uint32_t esr;			/* latched, what reads return */
	uint32_t esr_pending;		/* errors since the last ESR write */
	uint32_t isr[8], tmr[8], irr[8];
	uint32_t lvt[LIMBO_LVT_COUNT];
	uint32_t icr_lo, icr_hi;
	uint32_t tmict, tdcr;

	/* fault injection */
	int eoi_stuck;			/* EOI never retires the ISR bit */
	unsigned int base_write_fail_at; /* the n-th IA32_APIC_BASE write #GPs */
	/*
	 * xAPIC: ICR reads after a send that still show delivery status
	 * pending (0: the first read shows idle), or LM_ICR_BUSY_NEVER.
	 */
	unsigned int icr_busy_reads;
	/* called as each recorded IPI is sent: what the sender sees then */
	void (*on_ipi)(const struct lm_ipi *p);

	/* what the code did */
	unsigned int reads[LM_REGS], writes[LM_REGS];
	unsigned int eoi_writes;
	unsigned int base_writes;
	unsigned int illegal_transitions;	/* attempts that raised #GP */
	unsigned int gp;			/* #GPs raised by APIC registers */
	unsigned int mmio_accesses, msr_accesses;
	int modes[LM_MAX_TRANSITIONS];	/* mode after each base write */
	unsigned int nmodes;
	struct lm_ipi ipis[LM_MAX_IPIS];	/* the first LM_MAX_IPIS sent */
	unsigned int nipis;			/* every IPI sent */
	unsigned int icr_busy_left;		/* reads until delivery status clears */
	unsigned int icr_write_busy;		/* xAPIC ICR writes while one pending */
};

void lapic_model_init(struct lapic_model *m, int mode, uint8_t max_lvt);
int lapic_model_mode(const struct lapic_model *m);	/* LIMBO_APIC_* */
int lapic_model_isr_empty(const struct lapic_model *m);
void lapic_model_set_isr(struct lapic_model *m, unsigned int vector);
void lapic_model_set_irr(struct lapic_model *m, unsigned int vector);
uint32_t lapic_model_x2_ldr(const struct lapic_model *m);
/* How many IPIs went to @dest (recorded ones only). */
unsigned int lapic_model_ipis_to(const struct lapic_model *m, uint32_t dest);

/* IA32_APIC_BASE; 0, or -1 for #GP.  @locked: firmware locked x2APIC */
int lapic_model_write_base(struct lapic_model *m, uint64_t v, int locked);

/* the xAPIC page: the caller has checked the mode and the mapping */
uint32_t lapic_model_mmio_read(struct lapic_model *m, uint32_t off);
void lapic_model_mmio_write(struct lapic_model *m, uint32_t off, uint32_t v);

/* x2APIC MSRs 0x800-0x8ff; 0, or -1 for #GP */
int lapic_model_msr_read(struct lapic_model *m, uint32_t msr, uint64_t *v);
int lapic_model_msr_write(struct lapic_model *m, uint32_t msr, uint64_t v);

#endif /* LIMBO_LAPIC_MODEL_H */
