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
 * only APIC IDs the plugin found present, never in TDX or SEV-ES/SNP
 * guests (INIT is not the hypervisor's to emulate there).
 */
#include "apic_regs.h"
#include "cc_regs.h"
#include "hw.h"
#include "purgatory.h"

#define INIT_ASSERT	(APIC_ICR_DM(APIC_DM_INIT) | APIC_ICR_LEVEL | APIC_ICR_ASSERT)
#define INIT_DEASSERT	(APIC_ICR_DM(APIC_DM_INIT) | APIC_ICR_LEVEL)

/* every CPU the plugin can list gets a row in the report */
_Static_assert(LIMBO_CFG_MAX_CPUS <= LIMBO_MAX_CPUS_REPORTED, "park[] rows");

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

static void record(struct limbo_report *r, uint32_t id, uint32_t result)
{
	if (r->park_count < ARRAY_SIZE(r->park)) {
		r->park[r->park_count].apic_id = id;
		r->park[r->park_count].result = result;
		r->park_count++;
	}
}

void park_cpus(struct limbo_report *r)
{
	const struct limbo_lapic_state *me = &r->lapic_left;
	struct apic a;
	unsigned int i, parked = 0;

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
		lprintf("limbo: park: TDX or SEV-ES/SNP guest: INIT is not ours to send, nothing parked\n");
		return;
	}
	if (cfg->boot_cpu_apic_id == 0xffffffff || !cfg->cpu_count) {
		r->park_flags |= LIMBO_PARK_NO_TOPOLOGY;
		r->problems |= LIMBO_PROB_PARK;
		lprintf("limbo: park: the plugin found no boot CPU or APIC IDs: nothing parked\n");
		return;
	}
	for (i = 0; i < cfg->cpu_count && i < ARRAY_SIZE(cfg->apic_ids); i++) {
		uint32_t id = cfg->apic_ids[i];

		if (id == me->id) {
			record(r, id, LIMBO_PARK_SELF);
			continue;
		}
		if (id == cfg->boot_cpu_apic_id) {
			record(r, id, LIMBO_PARK_BOOT_CPU);
			continue;
		}
		/* xAPIC: 8 bits; 0xff and x2APIC 0xffffffff broadcast (to us too) */
		if (a.x2 ? id == APIC_X2APIC_BROADCAST : id >= APIC_XAPIC_BROADCAST) {
			record(r, id, LIMBO_PARK_UNREACHABLE);
			r->problems |= LIMBO_PROB_PARK;
			continue;
		}
		/* INIT assert, then de-assert (only older CPUs need the latter) */
		if (apic_icr_send(&a, id, INIT_ASSERT) ||
		    apic_icr_send(&a, id, INIT_DEASSERT)) {
			record(r, id, LIMBO_PARK_TIMEOUT);
			r->problems |= LIMBO_PROB_PARK;
			lprintf("limbo: park: APIC %u: INIT not delivered\n", id);
			continue;
		}
		record(r, id, LIMBO_PARK_PARKED);
		parked++;
	}
	lprintf("limbo: park: %u CPU%s sent INIT (boot CPU %u and this CPU %u left alone)\n",
		parked, parked == 1 ? "" : "s", cfg->boot_cpu_apic_id, me->id);
}
