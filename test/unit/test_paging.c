// SPDX-License-Identifier: GPL-2.0-only
/*
 * purgatory/paging.c against a page-table model (test/model): mapping a
 * device page under an existing 4 KiB mapping, inside a 2 MiB and a
 * 1 GiB page (split, attributes kept, the PAT bit moved), where nothing
 * maps it yet (tables from the pool), and with the pool exhausted, which
 * must fail without leaving an entry that points nowhere.  Every page it
 * maps must be uncached (PCD|PWT) and the TLB flushed after the write.
 *
 * Expected entries are written as numbers from the SDM, not with pte.h's
 * names, so that a wrong bit there fails here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "paging_model.h"
#include "purgatory.h"

#define LAPIC		0xfee00000ULL	/* 2 MiB region 0xfee00000 */
#define IOAPIC		0xfec00000ULL	/* 2 MiB region 0xfec00000 */
#define HPET		0xfed00000ULL	/* same region as the IO-APIC */
#define ELSEWHERE	0xfd000000ULL	/* a third region */
#define FOURTH		0xfa000000ULL	/* a fourth */
#define HIGH		0x8000000000ULL	/* 512 GiB: another PML4 entry */

#define UC		0x1bULL		/* P | RW | PWT | PCD */
#define TABLE_ATTRS	0x3ULL		/* P | RW: what paging.c links tables with */
#define WB_4K		0x8000000000000123ULL	/* NX, G, A, RW, P */
#define WB_LARGE	0x0000000000000163ULL	/* G, D, A, RW, P (+ PS) */
#define PS		0x80ULL
#define PAT_LARGE	0x1000ULL
#define PAT_4K		0x80ULL
#define POOL_PAGES	3		/* paging.c's pool, as its comment argues */

static int reset(void **state)
{
	(void)state;
	paging_model_reset(0);
	paging_pool_reset();
	return 0;
}

/* What the MMU resolves @va to, and at which level (1: 4 KiB). */
static uint64_t walk(uint64_t va, int *level)
{
	return paging_model_walk(va, level, NULL);
}

/* @va maps its own page uncached through a 4 KiB PTE. */
static void assert_uc(uint64_t va)
{
	int level;

	assert_int_equal(walk(va, &level), (va & ~0xfffULL) | UC);
	assert_int_equal(level, 1);
}

/* map_mmio_page(@va) succeeds, writes before it flushes, flushes once. */
static void map_ok(uint64_t va)
{
	unsigned int flushes = pm.flushes;

	pm.watch = va;
	assert_int_equal(map_mmio_page(va), 0);
	assert_int_equal(pm.flushes, flushes + 1);
	assert_int_equal(pm.leaf_at_flush, (va & ~0xfffULL) | UC);
	assert_int_equal(pm.leaf_level_at_flush, 1);
	assert_uc(va);
}

/* The table an entry links to came from paging.c's pool. */
static uint64_t *assert_pool_table(uint64_t entry)
{
	uint64_t *t = paging_model_next(entry);

	assert_int_equal(entry & 0xfff, TABLE_ATTRS);
	assert_false(paging_model_is_own_table(t));
	assert_int_equal((uintptr_t)t & 0xfff, 0);
	return t;
}

static unsigned int present(const uint64_t *t)
{
	unsigned int i, n = 0;

	for (i = 0; i < 512; i++)
		n += t[i] & 1;
	return n;
}

/* RAM as kexec maps it: the low 4 GiB in 1 GiB pages, minus the last */
static void kexec_identity_map(void)
{
	uint64_t a;

	for (a = 0; a < 3 * PM_1G; a += PM_1G)
		paging_model_map(a, a, PM_1G, WB_LARGE);
}

/* ---- under existing mappings ------------------------------------------ */

/* A 4 KiB PTE already there: rewritten uncached, no table taken. */
static void test_existing_4k(void **state)
{
	uint64_t pde;
	int level;

	(void)state;
	paging_model_map(LAPIC, LAPIC, PM_4K, WB_4K);
	paging_model_map(LAPIC + 0x1000, LAPIC + 0x1000, PM_4K, WB_4K);
	paging_model_map(LAPIC + 0x2000, LAPIC + 0x2000, PM_4K, WB_4K);
	pde = *paging_model_entry(LAPIC, 2);
	map_ok(LAPIC + 0x1000);
	assert_int_equal(paging_pool_used(), 0);
	assert_int_equal(*paging_model_entry(LAPIC, 2), pde);	/* same PT */
	/* the neighbours are not touched */
	assert_int_equal(walk(LAPIC, &level), LAPIC | WB_4K);
	assert_int_equal(walk(LAPIC + 0x2000, &level), (LAPIC + 0x2000) | WB_4K);
}

/* Any address in the page maps the page, offset dropped. */
static void test_unaligned_address(void **state)
{
	(void)state;
	paging_model_map(LAPIC, LAPIC, PM_4K, WB_4K);
	pm.watch = LAPIC;
	assert_int_equal(map_mmio_page(LAPIC + 0x300), 0);
	assert_uc(LAPIC);
	assert_int_equal(pm.leaf_at_flush, LAPIC | UC);
}

/* A 2 MiB page: split into 512 PTEs with its attributes, one made UC. */
static void test_under_2m_page(void **state)
{
	uint64_t *pde, *pt;
	unsigned int i;

	(void)state;
	pde = paging_model_map(LAPIC, LAPIC, PM_2M, WB_LARGE);
	assert_int_equal(*pde, LAPIC | WB_LARGE | PS);
	map_ok(LAPIC);
	assert_int_equal(paging_pool_used(), 1);
	pt = assert_pool_table(*pde);
	assert_int_equal(pt[0], LAPIC | UC);
	/* the rest: same memory type and rights, no PS, no PAT (none was set) */
	for (i = 1; i < 512; i++)
		assert_int_equal(pt[i], (LAPIC + 0x1000ULL * i) | WB_LARGE);
}

/* The PAT bit of a large page (bit 12) is bit 7 in a 4 KiB PTE. */
static void test_under_2m_page_pat(void **state)
{
	uint64_t *pt;
	int level;

	(void)state;
	paging_model_map(IOAPIC, IOAPIC, PM_2M, WB_LARGE | PAT_LARGE | 0x8);
	map_ok(IOAPIC);
	assert_int_equal(walk(IOAPIC + 0x5000, &level),
			 (IOAPIC + 0x5000) | WB_LARGE | PAT_4K | 0x8);
	assert_int_equal(level, 1);
	paging_model_walk(IOAPIC + 0x1ff000, &level, &pt);
	assert_int_equal(pt[511], (IOAPIC + 0x1ff000) | WB_LARGE | PAT_4K | 0x8);
	assert_int_equal(paging_pool_used(), 1);
}

/*
 * A 1 GiB page: split into 2 MiB pages (attributes and PAT bit kept),
 * and the one holding the address split again into 4 KiB PTEs.
 */
static void test_under_1g_page(void **state)
{
	const uint64_t gig = 3 * PM_1G;
	const uint64_t attrs = WB_LARGE | PAT_LARGE;
	uint64_t *pdpt, *pd, *pt;
	int level;

	(void)state;
	kexec_identity_map();
	paging_model_map(gig, gig, PM_1G, attrs);
	map_ok(LAPIC);
	assert_int_equal(paging_pool_used(), 2);

	/* the PDPTE links a pool PD of 2 MiB pages */
	paging_model_walk(gig, &level, &pd);
	assert_int_equal(level, 2);
	paging_model_walk(LAPIC, &level, &pt);
	assert_int_equal(level, 1);
	assert_false(paging_model_is_own_table(pd));
	assert_false(paging_model_is_own_table(pt));
	assert_int_equal(walk(gig, &level), gig | attrs | PS);
	assert_int_equal(level, 2);
	assert_int_equal(walk(IOAPIC, &level), IOAPIC | attrs | PS);
	assert_int_equal(level, 2);
	assert_int_equal(walk(gig + PM_1G - PM_2M, &level),
			 (gig + PM_1G - PM_2M) | attrs | PS);
	assert_int_equal(present(pd), 512);
	/* the LAPIC's 2 MiB: 4 KiB PTEs, PAT now bit 7 */
	assert_int_equal(walk(LAPIC + 0x1000, &level),
			 (LAPIC + 0x1000) | WB_LARGE | PAT_4K);
	assert_int_equal(level, 1);
	assert_int_equal(present(pt), 512);
	/* the other gigabytes are as kexec left them */
	assert_int_equal(walk(0, &level), WB_LARGE | PS);
	assert_int_equal(level, 3);
	paging_model_walk(0, &level, &pdpt);
	assert_true(paging_model_is_own_table(pdpt));
	assert_int_equal(present(pdpt), 4);
}

/* ---- nothing there yet ------------------------------------------------- */

/* The 3-4 GiB gigabyte unmapped: a PD and a PT from the pool. */
static void test_fresh_mapping(void **state)
{
	uint64_t *pdpt, *pd, *pt;
	int level;

	(void)state;
	kexec_identity_map();
	assert_int_equal(walk(LAPIC, &level), 0);
	assert_int_equal(level, 3);
	map_ok(LAPIC);
	assert_int_equal(paging_pool_used(), 2);

	paging_model_walk(0, &level, &pdpt);
	pd = assert_pool_table(pdpt[3]);
	pt = assert_pool_table(pd[(LAPIC >> 21) & 511]);
	assert_int_equal(present(pd), 1);
	assert_int_equal(present(pt), 1);
	assert_int_equal(pt[0], LAPIC | UC);
	/* RAM untouched */
	assert_int_equal(walk(2 * PM_1G, &level), 2 * PM_1G | WB_LARGE | PS);
	assert_int_equal(present(pdpt), 4);
}

/* Nothing at all under that PML4 entry: PDPT, PD and PT from the pool. */
static void test_fresh_pml4_entry(void **state)
{
	uint64_t *pml4 = paging_model_next(pm.cr3), *pdpt, *pd;

	(void)state;
	kexec_identity_map();
	map_ok(HIGH + LAPIC);
	assert_int_equal(paging_pool_used(), 3);
	pdpt = assert_pool_table(pml4[1]);
	pd = assert_pool_table(pdpt[3]);
	assert_pool_table(pd[(LAPIC >> 21) & 511]);
	assert_int_equal(present(pml4), 2);
	assert_int_equal(present(pdpt), 1);
	assert_int_equal(present(pd), 1);
}

/*
 * What the purgatory maps on a PC: local APIC, IO-APIC, HPET.  Two
 * 2 MiB regions, one PD: three tables, the pool exactly.
 */
static void test_pc_devices_fit_the_pool(void **state)
{
	(void)state;
	kexec_identity_map();
	map_ok(LAPIC);
	assert_int_equal(paging_pool_used(), 2);
	map_ok(LAPIC + 0x1000);		/* same PT */
	assert_int_equal(paging_pool_used(), 2);
	map_ok(IOAPIC);
	assert_int_equal(paging_pool_used(), 3);
	map_ok(IOAPIC + 0x1000);
	map_ok(HPET);
	assert_int_equal(paging_pool_used(), POOL_PAGES);
	assert_uc(LAPIC);
	assert_uc(LAPIC + 0x1000);
	assert_uc(IOAPIC);
	assert_uc(IOAPIC + 0x1000);
	assert_uc(HPET);
	assert_int_equal(pm.flushes, 5);
}

/* A table linked read-only on the way gets RW: the PTE write needs it. */
static void test_readonly_path_made_writable(void **state)
{
	int level;

	(void)state;
	paging_model_map(LAPIC, LAPIC, PM_4K, WB_4K);
	for (level = 4; level > 1; level--)
		*paging_model_entry(LAPIC, level) &= ~2ULL;
	map_ok(LAPIC);
	for (level = 4; level > 1; level--)
		assert_int_equal(*paging_model_entry(LAPIC, level) & 3, 3);
	assert_int_equal(paging_pool_used(), 0);
}

/* ---- the pool runs out ------------------------------------------------- */

/* A fourth 2 MiB region: -1, no flush, nothing half-linked, the rest kept. */
static void test_pool_exhausted(void **state)
{
	uint64_t *pd;
	int level;

	(void)state;
	kexec_identity_map();
	map_ok(LAPIC);
	map_ok(IOAPIC);
	assert_int_equal(paging_pool_used(), POOL_PAGES);
	assert_int_equal(map_mmio_page(ELSEWHERE), -1);
	assert_int_equal(map_mmio_page(FOURTH), -1);
	assert_int_equal(pm.flushes, 2);
	assert_int_equal(paging_pool_used(), POOL_PAGES);
	assert_int_equal(walk(ELSEWHERE, &level), 0);
	assert_int_equal(level, 2);
	paging_model_walk(ELSEWHERE, &level, &pd);
	assert_int_equal(present(pd), 2);
	assert_uc(LAPIC);
	assert_uc(IOAPIC);
}

/* Out of tables half way down: the new PDPT stays linked, but empty. */
static void test_pool_exhausted_mid_walk(void **state)
{
	uint64_t *pml4 = paging_model_next(pm.cr3), *pdpt;
	int level;

	(void)state;
	kexec_identity_map();
	map_ok(LAPIC);			/* a PD and a PT */
	/* a PDPT, a PD and a PT wanted, one left */
	assert_int_equal(map_mmio_page(HIGH + LAPIC), -1);
	assert_int_equal(paging_pool_used(), POOL_PAGES);
	pdpt = assert_pool_table(pml4[1]);
	assert_int_equal(present(pdpt), 0);
	assert_int_equal(walk(HIGH + LAPIC, &level), 0);
	assert_int_equal(level, 3);
	assert_int_equal(pm.flushes, 1);
	assert_uc(LAPIC);
}

/* Out of tables for a split: the large page stays exactly as it was. */
static void test_pool_exhausted_split(void **state)
{
	uint64_t *pde, before;
	int level;

	(void)state;
	kexec_identity_map();
	map_ok(LAPIC);
	map_ok(IOAPIC);
	pde = paging_model_map(3 * PM_1G + PM_1G / 2, 3 * PM_1G + PM_1G / 2,
			       PM_2M, WB_LARGE);
	before = *pde;
	assert_int_equal(map_mmio_page(3 * PM_1G + PM_1G / 2), -1);
	assert_int_equal(*pde, before);
	assert_int_equal(walk(3 * PM_1G + PM_1G / 2 + 0x3000, &level), before);
	assert_int_equal(level, 2);
	assert_int_equal(pm.flushes, 2);
}

/* ---- paging modes ------------------------------------------------------ */

/* CR4.LA57: the walk starts one level higher, the rest is the same. */
static void test_five_level(void **state)
{
	uint64_t *pml5;
	int level;

	(void)state;
	paging_model_reset(1);
	kexec_identity_map();
	pml5 = paging_model_next(pm.cr3);
	assert_int_equal(present(pml5), 1);
	map_ok(LAPIC);
	assert_int_equal(paging_pool_used(), 2);
	assert_int_equal(present(pml5), 1);
	assert_int_equal(walk(0, &level), WB_LARGE | PS);
	assert_int_equal(level, 3);
}

/* CR3's low bits (PWT, PCD, or a PCID) are not part of the address. */
static void test_cr3_flags_ignored(void **state)
{
	(void)state;
	kexec_identity_map();
	pm.cr3 |= 0xfff;
	map_ok(LAPIC);
	assert_int_equal(paging_pool_used(), 2);
	assert_true(pm.cr3_reads >= 1);
}

#define T(fn) cmocka_unit_test_setup(fn, reset)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_existing_4k),
		T(test_unaligned_address),
		T(test_under_2m_page),
		T(test_under_2m_page_pat),
		T(test_under_1g_page),
		T(test_fresh_mapping),
		T(test_fresh_pml4_entry),
		T(test_pc_devices_fit_the_pool),
		T(test_readonly_path_made_writable),
		T(test_pool_exhausted),
		T(test_pool_exhausted_mid_walk),
		T(test_pool_exhausted_split),
		T(test_five_level),
		T(test_cr3_flags_ignored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
