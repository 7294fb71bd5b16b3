// SPDX-License-Identifier: GPL-2.0-only
/*
 * Uncached identity mappings for device pages (local APIC, IO-APIC,
 * HPET).  The page tables kexec's relocate_kernel leaves map RAM and the
 * loaded segments, not device MMIO, so the purgatory adds 4 KiB UC
 * entries itself: table pages come from a small pool inside the
 * purgatory, and an existing 2 MiB or 1 GiB page covering the address is
 * split first, keeping its attributes for the rest of the range.
 */
#include <limbo/string.h>
#include "hw.h"
#include "pte.h"
#include "purgatory.h"

/*
 * Three tables: kexec's identity map always has the PML4 entry for the low
 * 512 GiB (RAM is there), so the first device page in the 3-4 GiB gigabyte
 * needs at most a PD (absent, or split from a 1 GiB page) and a PT; every
 * other 2 MiB region with device pages needs one more PT.  The local APIC
 * (0xfee00000) and the IO-APICs and HPET (0xfec00000-0xfedfffff) span two
 * such regions: 3 tables.  A fourth region (an IO-APIC elsewhere) fails
 * cleanly: that IO-APIC is reported unmapped.  The pool is 4 KiB aligned
 * .bss, so each page here moves the loaded footprint by 4 KiB.
 */
#define POOL_PAGES	3

static uint64_t pool[POOL_PAGES][PTE_ENTRIES]
	__attribute__((aligned(4096), section(".bss.pool")));
static unsigned int pool_used;

#ifdef LIMBO_HOST
void paging_pool_reset(void)
{
	pool_used = 0;
}

unsigned int paging_pool_used(void)
{
	return pool_used;
}
#endif

static uint64_t *alloc_table(void)
{
	uint64_t *t;

	if (pool_used == POOL_PAGES)
		return 0;
	t = pool[pool_used++];
	memset(t, 0, sizeof(pool[0]));
	return t;
}

/*
 * Replace the large page at *entry (covering @size bytes) by a table of
 * 512 entries of @size / 512 each, same attributes.  @leaf_is_4k: the new
 * entries are 4 KiB PTEs, where the PAT bit moves from bit 12 to bit 7.
 */
static int split(uint64_t *entry, uint64_t size, int leaf_is_4k)
{
	uint64_t e = *entry, attrs, base, step = size / PTE_ENTRIES;
	uint64_t *t = alloc_table();
	unsigned int i;

	if (!t)
		return -1;
	base = e & PTE_ADDR & ~(size - 1);
	attrs = e & ~PTE_ADDR & ~PTE_PAT_LARGE;
	if (leaf_is_4k) {
		attrs &= ~PTE_PS;
		if (e & PTE_PAT_LARGE)
			attrs |= PTE_PAT_4K;
	} else if (e & PTE_PAT_LARGE) {
		attrs |= PTE_PAT_LARGE;
	}
	for (i = 0; i < PTE_ENTRIES; i++)
		t[i] = (base + i * step) | attrs;
	*entry = (uint64_t)(uintptr_t)t | PTE_P | PTE_RW;
	return 0;
}

/*
 * Maps the 4 KiB page at physical @addr to the same virtual address,
 * uncached (PCD|PWT: PAT entry 3, UC with Linux's and the reset PAT).
 * Returns 0, or -1 when the pool ran out.
 */
int map_mmio_page(uint64_t addr)
{
	uint64_t *table = (uint64_t *)(uintptr_t)(read_cr3() & PTE_ADDR);
	int level = (read_cr4() & CR4_LA57) ? 5 : 4;

	addr &= ~0xfffULL;
	for (; level > 1; level--) {
		unsigned int shift = 12 + 9 * (level - 1);
		uint64_t *e = &table[(addr >> shift) % PTE_ENTRIES];

		if (!(*e & PTE_P)) {
			uint64_t *t = alloc_table();

			if (!t)
				return -1;
			*e = (uint64_t)(uintptr_t)t | PTE_P | PTE_RW;
		} else if (*e & PTE_PS) {	/* 1 GiB (level 3) or 2 MiB (level 2) */
			if (split(e, 1ULL << shift, level == 2))
				return -1;
		}
		*e |= PTE_RW;
		table = (uint64_t *)(uintptr_t)(*e & PTE_ADDR);
	}
	table[(addr >> 12) % PTE_ENTRIES] = addr | PTE_P | PTE_RW | PTE_PCD | PTE_PWT;
	flush_tlb();
	return 0;
}
