// SPDX-License-Identifier: GPL-2.0-only
/*
 * The page-table model: tables, CR3/CR4, the TLB flush, and a walker
 * that resolves an address the way the MMU does (Intel SDM vol. 3,
 * 4.5: 4-level or, with CR4.LA57, 5-level; PS in a PDPTE maps 1 GiB, in
 * a PDE 2 MiB).  A walk that meets a table pointer which is neither the
 * model's own nor 4 KiB aligned fails the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "hw.h"
#include "paging_model.h"

struct paging_model pm;

static uint64_t tables[PM_TABLES][PTE_ENTRIES] __attribute__((aligned(4096)));

static int levels(void)
{
	return (pm.cr4 & CR4_LA57) ? 5 : 4;
}

static unsigned int shift_of(int level)
{
	return 12 + 9 * (level - 1);
}

uint64_t *paging_model_table(void)
{
	uint64_t *t;

	if (pm.tables_used == PM_TABLES)
		fail_msg("paging model: more than %d tables", PM_TABLES);
	t = tables[pm.tables_used++];
	memset(t, 0, sizeof(tables[0]));
	return t;
}

int paging_model_is_own_table(const uint64_t *t)
{
	unsigned int i;

	for (i = 0; i < pm.tables_used; i++)
		if (t == tables[i])
			return 1;
	return 0;
}

void paging_model_reset(int la57)
{
	memset(&pm, 0, sizeof(pm));
	pm.cr4 = la57 ? CR4_LA57 : 0;
	pm.cr3 = (uint64_t)(uintptr_t)paging_model_table();
}

uint64_t *paging_model_next(uint64_t entry)
{
	uint64_t a = entry & PTE_ADDR;

	if (!a || (a & 0xfff))
		fail_msg("paging model: entry %#llx points nowhere",
			 (unsigned long long)entry);
	return (uint64_t *)(uintptr_t)a;
}

uint64_t *paging_model_map(uint64_t va, uint64_t pa, uint64_t size,
			   uint64_t attrs)
{
	uint64_t *t = paging_model_next(pm.cr3);
	int level, leaf = size == PM_1G ? 3 : size == PM_2M ? 2 : 1;

	for (level = levels(); level > leaf; level--) {
		uint64_t *e = &t[(va >> shift_of(level)) % PTE_ENTRIES];

		if (!(*e & PTE_P))
			*e = (uint64_t)(uintptr_t)paging_model_table() | PTE_P | PTE_RW;
		t = paging_model_next(*e);
	}
	t += (va >> shift_of(leaf)) % PTE_ENTRIES;
	*t = (pa & ~(size - 1)) | attrs | (leaf > 1 ? PTE_PS : 0);
	return t;
}

uint64_t paging_model_walk(uint64_t va, int *level, uint64_t **table)
{
	uint64_t *t = paging_model_next(pm.cr3);
	int l;

	for (l = levels(); l >= 1; l--) {
		uint64_t e = t[(va >> shift_of(l)) % PTE_ENTRIES];

		if (table)
			*table = t;
		*level = l;
		if (!(e & PTE_P))
			return 0;
		if (l == 1 || ((l == 2 || l == 3) && (e & PTE_PS)))
			return e;
		t = paging_model_next(e);
	}
	return 0;	/* not reached: level 1 always returns */
}

uint64_t *paging_model_entry(uint64_t va, int level)
{
	uint64_t *t = paging_model_next(pm.cr3);
	int l;

	for (l = levels(); l > level; l--) {
		uint64_t e = t[(va >> shift_of(l)) % PTE_ENTRIES];

		if (!(e & PTE_P) || (l <= 3 && (e & PTE_PS)))
			fail_msg("paging model: %#llx has no level %d entry",
				 (unsigned long long)va, level);
		t = paging_model_next(e);
	}
	return &t[(va >> shift_of(level)) % PTE_ENTRIES];
}

/* ---- hw.h ------------------------------------------------------------- */

uint64_t read_cr3(void)
{
	pm.cr3_reads++;
	return pm.cr3;
}

uint64_t read_cr4(void)
{
	return pm.cr4;
}

void flush_tlb(void)
{
	pm.flushes++;
	if (pm.watch)
		pm.leaf_at_flush = paging_model_walk(pm.watch,
						     &pm.leaf_level_at_flush, NULL);
}
