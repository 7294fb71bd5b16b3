/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the plugin found out about this machine and the next kernel, and
 * the choice of what goes into the config: each fact from its best
 * source, cross-checked against the others.  gather.c fills the inputs,
 * print.c shows the result.
 */
#ifndef LIMBO_MERGE_H
#define LIMBO_MERGE_H

#include <stdint.h>
#include <stdio.h>
#include <limbo/config.h>
#include "parse.h"

struct limbo_discovery {
	int acpi;			/* /sys/firmware/acpi/tables/APIC exists */
	uint32_t max_apic_id;		/* largest APIC ID seen, or 0xffffffff */
	unsigned int cpus;		/* APIC IDs seen */
	/* the next kernel's command line: limbo_discovery_next_kernel() */
	int next_acpi_off;		/* acpi=off */
	unsigned int next_nr_cpus;	/* nr_cpus=, 0 when absent */
	int next_disables_cpu;		/* disable_cpu_apicid= given */

	/* inputs: set *_ok when the parser accepted the text */
	int madt_ok, iomem_ok, cpuinfo_ok;
	/* APIC ID of the CPU whose IA32_APIC_BASE has BSP (bit 8) set, read
	 * through /dev/cpu/N/msr: the CPU the firmware started, whatever
	 * kexec chain came since; unknown without the msr driver */
	uint32_t bsp_msr_apic_id;
	struct limbo_madt madt;
	struct limbo_iomem iomem;
	struct limbo_cpuinfo cpuinfo;

	/* results of limbo_discovery_merge() */
	const char *ioapic_source;	/* "MADT", "/proc/iomem" or "none" */
	const char *cpu_source;		/* "MADT", "/proc/cpuinfo" or "none" */
	unsigned int ioapic_count;
	struct limbo_config_ioapic ioapics[LIMBO_CFG_MAX_IOAPICS];
	unsigned int cpu_count;
	uint32_t apic_ids[LIMBO_CFG_MAX_CPUS];
	uint32_t boot_cpu_apic_id;	/* or LIMBO_APIC_ID_UNKNOWN */
	const char *boot_cpu_source;	/* "IA32_APIC_BASE.BSP", ... or "none" */
	unsigned int warnings;
};

/* Zero @d and mark everything unknown. */
void limbo_discovery_init(struct limbo_discovery *d);

/*
 * Choose what goes into the config from the parsed inputs: IO-APICs from
 * the MADT else /proc/iomem, CPUs from the MADT else /proc/cpuinfo, the
 * boot CPU from IA32_APIC_BASE.BSP, else /proc/cpuinfo processor 0, else
 * the MADT's first enabled CPU.  Disagreements are written
 * to @warn (if not NULL) as "limbo: warning: ..." lines and counted.
 */
void limbo_discovery_merge(struct limbo_discovery *d, FILE *warn);

/*
 * Copy the merged discovery into @cfg (IO-APICs, CPUs, boot CPU, largest
 * APIC ID, LIMBO_CFG_NEXT_MPTABLE) and check the result with
 * limbo_config_check(): the plugin's one check of the config it writes.
 * Returns 0 when it passes.  Otherwise the discovered lists are left out,
 * the reason is written to @warn, and -1 is returned; what is left passes,
 * because every other field is limbo_opts_parse()'s, which only gives
 * configs that pass (test/fuzz/fuzz_options.c holds it to that).
 */
/*
 * What the next kernel's command line means for the handoff: acpi=off
 * (it boots through MPTABLE), and a warning when that MPTABLE boot would
 * stop on a crash off the MP table's boot CPU.  Call after merge.
 */
void limbo_discovery_next_kernel(struct limbo_discovery *d, const char *cmdline,
				 FILE *warn);

int limbo_discovery_apply(const struct limbo_discovery *d, struct limbo_config *cfg,
			  FILE *warn);

#endif /* LIMBO_MERGE_H */
