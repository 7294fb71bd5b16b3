// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stand-ins for console.c, main.c's cfg, report.c's rep and its result
 * slots, abi.c's kexec globals, and paging.c.  tables.c runs for real.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hw_model.h"
#include "purgatory.h"
#include "stubs.h"

static const struct limbo_config defaults = LIMBO_CONFIG_DEFAULTS;

struct limbo_config test_cfg = LIMBO_CONFIG_DEFAULTS;
const struct limbo_config *cfg = &test_cfg;
struct limbo_report stub_global_rep;
struct limbo_report *const rep = &stub_global_rep;
struct limbo_report_v2 stub_global_rep_v2;
struct limbo_report_v2 *const rep_v2 = &stub_global_rep_v2;
int skip_checks;
uint64_t stub_tables_bytes;
static void *tables_mem;
char stub_log[STUB_LOG_SIZE];
static size_t log_len;

/* abi.c's: kexec's verified regions and the purgatory's own extent */
struct limbo_sha256_region sha256_regions[LIMBO_SHA256_REGIONS];
uint64_t stub_purgatory_start, stub_purgatory_end;
uint64_t limbo_tsc_entry;		/* entry.S in the purgatory */

void purgatory_extent(uint64_t *start, uint64_t *end)
{
	*start = stub_purgatory_start;
	*end = stub_purgatory_end;
}

void stubs_reset(void)
{
	test_cfg = defaults;
	memset(&stub_global_rep, 0, sizeof(stub_global_rep));
	memset(&stub_global_rep_v2, 0, sizeof(stub_global_rep_v2));
	skip_checks = 0;
	free(tables_mem);
	tables_mem = NULL;
	tables = NULL;
	stub_tables_bytes = 0;
	memset(sha256_regions, 0, sizeof(sha256_regions));
	/* a plausible purgatory in RAM, away from every device the tests use */
	stub_purgatory_start = 0x3df40000;
	stub_purgatory_end = 0x3df4f000;
	stub_log[0] = 0;
	log_len = 0;
	limbo_tsc_entry = 0;
}

const char *log_find(const char *s)
{
	return strstr(stub_log, s);
}

int log_has(const char *s)
{
	return log_find(s) != NULL;
}

void lvprintf(const char *fmt, va_list ap)
{
	int n;

	n = vsnprintf(stub_log + log_len, sizeof(stub_log) - log_len, fmt, ap);
	/*
	 * A full log would make a log_has() that expects a line absent pass
	 * for the wrong reason: stop the test instead of truncating.
	 */
	if (n < 0 || (size_t)n >= sizeof(stub_log) - log_len) {
		fprintf(stderr, "stubs: the purgatory's log outgrew %zu bytes\n",
			sizeof(stub_log));
		abort();
	}
	log_len += (size_t)n;
}

void lprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lvprintf(fmt, ap);
	va_end(ap);
}

int map_mmio_page(uint64_t addr)
{
	addr &= ~0xfffULL;
	hw.map_calls++;
	if (hw.map_fail && addr == (hw.map_fail_page & ~0xfffULL))
		return -1;
	if (hw_model_page_mapped(addr))
		return 0;
	if (hw.nmapped >= HW_MAX_PAGES)
		model_fail("map_mmio_page: more than %d pages", HW_MAX_PAGES);
	hw.mapped[hw.nmapped++] = addr;
	return 0;
}

struct limbo_ioapic_state *report_ioapic_slot(uint32_t i)
{
	return tables && i < tables->ioapic_count ? limbo_tables_ioapic_result(tables, i) : NULL;
}

struct limbo_park_entry *report_park_slot(uint32_t i)
{
	return tables && i < tables->cpu_count ? limbo_tables_park_result(tables, i) : NULL;
}

struct limbo_ioapic_state *stub_ioapic_result(uint32_t i)
{
	if (!report_ioapic_slot(i))
		model_fail("no IO-APIC result row %u", i);
	return report_ioapic_slot(i);
}

struct limbo_park_entry *stub_park_result(uint32_t i)
{
	if (!report_park_slot(i))
		model_fail("no park result row %u", i);
	return report_park_slot(i);
}

struct limbo_tables *stub_tables(const struct limbo_config_ioapic *ioapics,
				 uint32_t nio, const uint32_t *cpus, uint32_t ncpu,
				 uint32_t boot, uint32_t max_id, uint32_t flags)
{
	struct limbo_tables t;
	uint8_t *buf;
	uint32_t size;

	memset(&t, 0, sizeof(t));
	size = limbo_tables_layout(&t, ioapics ? nio : 0, cpus ? ncpu : 0);
	stub_tables_bytes = (size + 4095u) & ~4095u;	/* kexec hashes whole pages */
	free(tables_mem);
	if (posix_memalign(&tables_mem, 4096, stub_tables_bytes))
		model_fail("out of memory for %u bytes of tables", size);
	buf = tables_mem;
	memset(buf, 0, stub_tables_bytes);
	t.boot_cpu_apic_id = boot;
	t.max_apic_id = max_id;
	t.flags = flags | (ioapics ? LIMBO_TABLES_IOAPICS_KNOWN : 0) |
		  (cpus ? LIMBO_TABLES_CPUS_KNOWN : 0);
	memcpy(buf, &t, sizeof(t));
	if (ioapics)
		memcpy(buf + t.ioapic_offset, ioapics, nio * sizeof(*ioapics));
	if (cpus)
		memcpy(buf + t.cpu_offset, cpus, ncpu * sizeof(*cpus));
	test_cfg.tables_addr = (uint64_t)(uintptr_t)buf;
	test_cfg.tables_size = stub_tables_bytes;
	/* the last slot: tests put their own regions in the first ones */
	sha256_regions[LIMBO_SHA256_REGIONS - 1].start = test_cfg.tables_addr;
	sha256_regions[LIMBO_SHA256_REGIONS - 1].len = stub_tables_bytes;
	rep->verify_result = LIMBO_VERIFY_OK;
	tables_load();
	return (struct limbo_tables *)buf;
}
