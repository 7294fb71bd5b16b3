/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86-64 page-table entry bits (Intel SDM vol. 3, ch. 4.5), declared
 * once: paging.c edits the live tables with them and the host tests'
 * page-table model (test/model/paging_model.c) walks with them.
 */
#ifndef LIMBO_PTE_H
#define LIMBO_PTE_H

#define PTE_P		(1ULL << 0)
#define PTE_RW		(1ULL << 1)
#define PTE_PWT		(1ULL << 3)
#define PTE_PCD		(1ULL << 4)
#define PTE_PS		(1ULL << 7)	/* large page, in PDPTE/PDE */
#define PTE_PAT_4K	(1ULL << 7)	/* PAT bit, in a 4 KiB PTE */
#define PTE_PAT_LARGE	(1ULL << 12)	/* PAT bit, in a large PDPTE/PDE */
#define PTE_ADDR	0x000ffffffffff000ULL
#define PTE_ENTRIES	512		/* per 4 KiB table */

#define CR4_LA57	(1ULL << 12)	/* 5-level paging */

#endif /* LIMBO_PTE_H */
