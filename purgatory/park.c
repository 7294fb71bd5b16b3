// SPDX-License-Identifier: GPL-2.0-only
/*
 * Park the other CPUs with INIT (park=init, off by default).
 *
 * A CPU the crashed kernel stopped sits in hlt inside the old kernel's
 * memory with its APIC still configured (stale LDR included); an NMI,
 * SMI or MCE wakes it into code the next kernel overwrites.  INIT puts it
 * in wait-for-SIPI, where NMI and SMI are held off, and resets its APIC.
 * Linux once parked CPUs with INIT in the old kernel and reverted it
 * after hangs on some machines, hence off by default, and these rules:
 * never the boot CPU the firmware started (APIC ID from the plugin),
 * only APIC IDs the plugin found present, both from the verified tables,
 * never in TDX or SEV-ES/SNP guests (INIT is not the hypervisor's to
 * emulate there).
 */
#include <limbo/tables.h>
#include "apic_regs.h"
#include <limbo/cc_regs.h>
#include "hw.h"
#include "purgatory.h"

#define INIT_ASSERT	(APIC_ICR_DM(APIC_DM_INIT) | APIC_ICR_LEVEL | APIC_ICR_ASSERT)
#define INIT_DEASSERT	(APIC_ICR_DM(APIC_DM_INIT) | APIC_ICR_LEVEL)


static int in_tdx_guest(void)
{
	uint32_t r[4];

	cpuid(0, 0, r);
	if (r[0] < CPUID_TDX_LEAF)
		return 0;
	cpuid(CPUID_TDX_LEAF, 0, r);
	return r[1] == TDX_SIG_EBX && r[3] == TDX_SIG_EDX && r[2] == TDX_SIG_ECX;
}

static int in_sev_es_guest(void)
{
	uint32_t r[4];
	uint64_t status = 0;

	cpuid(0x80000000, 0, r);
	if (r[0] < CPUID_SEV_LEAF)
		return 0;
	cpuid(CPUID_SEV_LEAF, 0, r);
	if (!(r[0] & CPUID_SEV))
		return 0;
	if (rdmsr_safe(MSR_SEV_STATUS, &status))
		return 0;
	return !!(status & (SEV_STATUS_ES | SEV_STATUS_SNP));
}

/* The tables' CPU @i gets the row @i of the report's park array. */
static void record(uint32_t i, uint32_t id, uint32_t result)
{
	struct limbo_park_entry *e = report_park_slot(i);

	e->apic_id = id;
	e->result = result;
	rep_v2->park_total = i + 1;
}

void park_cpus(struct limbo_report *r)
{
	const struct limbo_lapic_state *me = &r->lapic_left;
	const uint32_t *ids;
	struct apic a;
	uint32_t i, boot, parked = 0;

	/* lapic.c maps the page, but may report xAPIC after failing to */
	if ((me->mode != LIMBO_APIC_XAPIC && me->mode != LIMBO_APIC_X2APIC) ||
	    apic_open(&a, me->apic_base)) {
		r->park_flags |= LIMBO_PARK_NO_APIC;
		r->problems |= LIMBO_PROB_PARK;	/* park=init was asked for */
		lprintf("limbo: park: this CPU's APIC is not usable (lapic=off?): nothing parked\n");
		return;
	}
	if (in_tdx_guest() || in_sev_es_guest()) {
		r->park_flags |= LIMBO_PARK_CC_GUEST;
		lprintf("limbo: park: TDX or SEV-ES/SNP guest: nothing parked\n");
		return;
	}
	if (tables_need(LIMBO_TABLES_CPUS_KNOWN, LIMBO_TABLES_CPUS_PARTIAL, LIMBO_PROB_PARK,
			"park") || tables->boot_cpu_apic_id == 0xffffffff || !tables->cpu_count) {
		r->park_flags |= LIMBO_PARK_NO_TOPOLOGY;
		r->problems |= LIMBO_PROB_PARK;
		lprintf("limbo: park: no verified boot CPU or APIC IDs: nothing parked\n");
		return;
	}
	boot = tables->boot_cpu_apic_id;
	ids = limbo_tables_cpus(tables);
	for (i = 0; i < tables->cpu_count; i++) {
		uint32_t id = ids[i];

		if (id == me->id) {
			record(i, id, LIMBO_PARK_SELF);
			continue;
		}
		if (id == boot) {
			record(i, id, LIMBO_PARK_BOOT_CPU);
			continue;
		}
		/* xAPIC: 8 bits; 0xff and x2APIC 0xffffffff broadcast (to us too) */
		if (a.x2 ? id == APIC_X2APIC_BROADCAST : id >= APIC_XAPIC_BROADCAST) {
			record(i, id, LIMBO_PARK_UNREACHABLE);
			r->problems |= LIMBO_PROB_PARK;
			continue;
		}
		/* INIT assert, then de-assert (only older CPUs need the latter) */
		if (apic_icr_send(&a, id, INIT_ASSERT) ||
		    apic_icr_send(&a, id, INIT_DEASSERT)) {
			record(i, id, LIMBO_PARK_TIMEOUT);
			r->problems |= LIMBO_PROB_PARK;
			lprintf("limbo: park: APIC %u: INIT not delivered\n", id);
			continue;
		}
		record(i, id, LIMBO_PARK_PARKED);
		parked++;
	}
	lprintf("limbo: park: %u CPU%s sent INIT (boot CPU %u and this CPU %u left alone)\n",
		parked, parked == 1 ? "" : "s", boot, me->id);
}
