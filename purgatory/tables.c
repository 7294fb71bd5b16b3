// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tables segment (include/limbo/tables.h): the IO-APICs, CPUs and
 * boot CPU the plugin discovered, and the report area.  The config that
 * names it is unverified, so the segment is used only when the named
 * range is exactly one of the regions verification has just proven, and
 * its header passes limbo_tables_check().  Nothing of it is read before.
 */
#include <limbo/tables.h>
#include "hw.h"
#include "purgatory.h"

const struct limbo_tables *tables;

static const char *const state_name[] = {
	[LIMBO_TABLES_NONE] = "none named by the config",
	[LIMBO_TABLES_UNVERIFIED] = "not verified (kexec -i, or verification failed)",
	[LIMBO_TABLES_NOT_HASHED] = "not one of the verified regions",
	[LIMBO_TABLES_MALFORMED] = "malformed",
};

static int is_verified_region(uint64_t addr, uint64_t len)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sha256_regions); i++)
		if (sha256_regions[i].len && sha256_regions[i].start == addr &&
		    sha256_regions[i].len == len)
			return 1;
	return 0;
}

static enum limbo_tables_state accept(const char **why)
{
	*why = 0;
	if (!cfg->tables_addr)
		return LIMBO_TABLES_NONE;
	if (skip_checks || rep->verify_result != LIMBO_VERIFY_OK)
		return LIMBO_TABLES_UNVERIFIED;
	if (!is_verified_region(cfg->tables_addr, cfg->tables_size))
		return LIMBO_TABLES_NOT_HASHED;
	*why = limbo_tables_check((const void *)(uintptr_t)cfg->tables_addr,
				  cfg->tables_size);
	return *why ? LIMBO_TABLES_MALFORMED : LIMBO_TABLES_USED;
}

void tables_load(void)
{
	struct limbo_report_v2 *v2 = rep_v2;
	const char *why;
	enum limbo_tables_state st = accept(&why);

	v2->tables_state = st;
	v2->tables_addr = cfg->tables_addr;
	v2->boot_cpu_apic_id = 0xffffffff;
	v2->max_apic_id = 0xffffffff;
	if (st != LIMBO_TABLES_USED) {
		tables = 0;
		lprintf("limbo: tables at %llx: %s%s%s: no IO-APIC or CPU list\n",
			(unsigned long long)cfg->tables_addr, state_name[st],
			why ? ", " : "", why ? why : "");
		return;
	}
	tables = (const struct limbo_tables *)(uintptr_t)cfg->tables_addr;
	v2->tables_flags = tables->flags;
	v2->boot_cpu_apic_id = tables->boot_cpu_apic_id;
	v2->max_apic_id = tables->max_apic_id;
	v2->cpu_count = tables->cpu_count;
	lprintf("limbo: tables at %llx verified: %u IO-APIC%s%s, %u CPU%s%s, boot CPU %d\n",
		(unsigned long long)cfg->tables_addr, tables->ioapic_count,
		tables->ioapic_count == 1 ? "" : "s",
		tables->flags & LIMBO_TABLES_IOAPICS_PARTIAL ? " (more exist)" : "",
		tables->cpu_count, tables->cpu_count == 1 ? "" : "s",
		tables->flags & LIMBO_TABLES_CPUS_PARTIAL ? " (more exist)" : "",
		(int)tables->boot_cpu_apic_id);
}

uint32_t tables_max_apic_id(void)
{
	return tables ? tables->max_apic_id : 0xffffffff;
}

int tables_need(uint32_t known, uint32_t partial, uint32_t prob, const char *what)
{
	if (!tables || !(tables->flags & known)) {
		rep->problems |= prob | LIMBO_PROB_TABLES;
		lprintf("limbo: %s: no verified list from the plugin: nothing done\n", what);
		return -1;
	}
	if (tables->flags & partial) {
		rep->problems |= prob | LIMBO_PROB_TABLES;
		lprintf("limbo: %s: the plugin's list is incomplete: the rest left as they are\n",
			what);
	}
	return 0;
}
