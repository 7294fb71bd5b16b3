/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Encoding of limbo's stub IDT gates and TSS descriptor, shared by the
 * kexec plugin (which writes them, ready to load, once it knows where the
 * purgatory lands) and by the purgatory (which checks them before it
 * trusts them).  purgatory/idt.S builds the same bytes when nobody
 * prebuilt them; test/unit/test_idt.c holds the three to one another.
 */
#ifndef LIMBO_IDT_H
#define LIMBO_IDT_H

#include <limbo/abi.h>

#define LIMBO_IDT_VECTORS	32
#define LIMBO_IDT_STUB_SIZE	16	/* stub of vector v: limbo_exc_stubs + 16 v */
#define LIMBO_GATE_INTR		0x8e	/* present, DPL 0, 64-bit interrupt gate */
#define LIMBO_TSS_AVAIL		0x89	/* present, 64-bit TSS, available */
#define LIMBO_TSS_BUSY_BIT	0x02	/* set in the type by ltr */

/* limbo_idt_prebuilt: the plugin's mark that limbo_gdt and limbo_idt are
 * ready to load as they are */
#ifdef __ASSEMBLER__
#define LIMBO_IDT_PREBUILT_MAGIC	0x544449626d696c	/* "limbIDT" */
#else
#define LIMBO_IDT_PREBUILT_MAGIC	0x544449626d696cULL
#include <stdint.h>

/* NMI, #DF and #MC run on IST stacks 1, 2 and 3; the rest on the
 * interrupted code's stack */
static inline unsigned int limbo_ist_of_vector(unsigned int v)
{
	return v == 2 ? 1 : v == 8 ? 2 : v == 18 ? 3 : 0;
}

static inline void limbo_gate_encode(uint64_t handler, unsigned int ist,
				     uint64_t g[2])
{
	g[0] = (handler & 0xffffu) |
	       ((uint64_t)LIMBO_GDT_CS << 16) |
	       ((uint64_t)(ist & 7u) << 32) |
	       ((uint64_t)LIMBO_GATE_INTR << 40) |
	       (((handler >> 16) & 0xffffu) << 48);
	g[1] = handler >> 32;
}

static inline void limbo_tss_desc_encode(uint64_t base, uint32_t limit,
					 uint64_t d[2])
{
	d[0] = (limit & 0xffffu) |
	       ((base & 0xffffffu) << 16) |
	       ((uint64_t)LIMBO_TSS_AVAIL << 40) |
	       ((uint64_t)((limit >> 16) & 0xfu) << 48) |
	       (((base >> 24) & 0xffu) << 56);
	d[1] = base >> 32;
}

#endif /* !__ASSEMBLER__ */

#endif
