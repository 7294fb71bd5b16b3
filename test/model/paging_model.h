/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A page-table model for purgatory/paging.c: a few 4 KiB tables in host
 * memory stand in for the PML5/PML4/PDPT/PD/PT pages of kexec's identity
 * map.  Their host addresses serve as physical addresses: paging.c
 * follows an entry as an identity-mapped pointer, on the host as in the
 * purgatory.  purgatory/hw.h's read_cr3, read_cr4 and flush_tlb are
 * served here.
 */
#ifndef LIMBO_PAGING_MODEL_H
#define LIMBO_PAGING_MODEL_H

#include <stdint.h>
#include "pte.h"

#define PM_TABLES	16	/* the model's own tables (the pool is paging.c's) */

/* sizes a leaf maps, by level: 1 4 KiB PTE, 2 2 MiB PDE, 3 1 GiB PDPTE */
#define PM_4K		(1ULL << 12)
#define PM_2M		(1ULL << 21)
#define PM_1G		(1ULL << 30)

struct paging_model {
	uint64_t cr3, cr4;
	unsigned int tables_used;	/* of the model's own */
	unsigned int cr3_reads, flushes;
	/* what a walk of @watch gave when flush_tlb ran last */
	uint64_t watch;
	uint64_t leaf_at_flush;
	int leaf_level_at_flush;
};

extern struct paging_model pm;

/* Empty tables; a root table (PML5 if @la57, else PML4) in CR3. */
void paging_model_reset(int la57);
/* A fresh zeroed table of the model's own. */
uint64_t *paging_model_table(void);
int paging_model_is_own_table(const uint64_t *t);
/*
 * Map @va to @pa with a leaf of @size (PM_4K, PM_2M, PM_1G) and leaf
 * attributes @attrs (PTE_PS added for large pages), creating the
 * missing tables above it with P|RW.  Returns the leaf entry's address.
 */
uint64_t *paging_model_map(uint64_t va, uint64_t pa, uint64_t size,
			   uint64_t attrs);
/*
 * Walk @va as the MMU would: the leaf entry, and its level through
 * @level (1 4 KiB, 2 2 MiB, 3 1 GiB).  0 with *@level the level of the
 * first entry not present.  The table holding the entry through @table.
 */
uint64_t paging_model_walk(uint64_t va, int *level, uint64_t **table);
/* The table an entry points to. */
uint64_t *paging_model_next(uint64_t entry);
/* The entry at @level (5 PML5 ... 1 PT) on @va's path; fails the test if
 * the path stops above it. */
uint64_t *paging_model_entry(uint64_t va, int level);

#endif /* LIMBO_PAGING_MODEL_H */
