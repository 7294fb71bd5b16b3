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
	/* is this a confidential guest: CPUID run by the plugin, SEV_STATUS
	 * through /dev/cpu/N/msr (limbo/cc_regs.h has the registers) */
	struct limbo_cc_probe {
		uint32_t max_leaf;	/* CPUID.0:EAX */
		uint32_t tdx_sig[3];	/* CPUID.21h.0: EBX, EDX, ECX */
		int hypervisor;		/* CPUID.1:ECX[31] */
		uint32_t max_ext_leaf;	/* CPUID.80000000h:EAX */
		uint32_t sev_eax;	/* CPUID.8000001Fh:EAX */
		int sev_status_ok;	/* SEV_STATUS could be read */
		uint64_t sev_status;
	} cc;

	/* results of limbo_discovery_merge() */
	const char *ioapic_source;	/* "MADT", "/proc/iomem" or "none" */
	const char *cpu_source;		/* "MADT", "/proc/cpuinfo" or "none" */
	unsigned int ioapic_count;
	struct limbo_config_ioapic ioapics[LIMBO_MAX_IOAPICS_ALL];
	unsigned int ioapics_partial;	/* IO-APICs past what limbo carries */
	unsigned int cpu_count;
	uint32_t apic_ids[LIMBO_MAX_CPUS];
	unsigned int cpus_partial;	/* CPUs past what limbo carries */
	uint32_t boot_cpu_apic_id;	/* or LIMBO_APIC_ID_UNKNOWN */
	const char *boot_cpu_source;	/* "IA32_APIC_BASE.BSP", ... or "none" */
	const char *cc_guest;		/* "TDX", "SEV-ES", "SEV-SNP", ... or NULL */
	const char *cc_source;		/* what said so */
	unsigned int warnings;
};

/* Zero @d and mark everything unknown. */
void limbo_discovery_init(struct limbo_discovery *d);

/*
 * Choose what goes into the config from the parsed inputs: IO-APICs from
 * the MADT else /proc/iomem, CPUs from the MADT else /proc/cpuinfo, the
 * boot CPU from IA32_APIC_BASE.BSP, else /proc/cpuinfo processor 0, else
 * the MADT's first enabled CPU; cc_guest from the probe (limbo's
 * purgatory cannot run in TDX and SEV-ES/SNP guests: its CPUID and local
 * APIC accesses raise #VE/#VC there, which nothing would handle).
 * Disagreements are written
 * to @warn (if not NULL) as "limbo: warning: ..." lines and counted.
 */
void limbo_discovery_merge(struct limbo_discovery *d, FILE *warn);

/*
 * What the next kernel's command line means for the handoff: acpi=off
 * (it boots through MPTABLE), and a warning when that MPTABLE boot would
 * stop on a crash off the MP table's boot CPU.  Call after merge.
 */
void limbo_discovery_next_kernel(struct limbo_discovery *d, const char *cmdline,
				 FILE *warn);

/*
 * The tables segment (limbo/tables.h) for the merged discovery: returns
 * a buffer of *@memsz bytes (free() it), of which the first *@bufsz are
 * the header and lists and the rest the zeroed report area; NULL when
 * out of memory.  Also sets LIMBO_CFG_NEXT_MPTABLE in @cfg.  The result
 * passes limbo_tables_check() (the unit tests hold it to that).
 */
void *limbo_discovery_tables(const struct limbo_discovery *d, struct limbo_config *cfg,
			     size_t *bufsz, size_t *memsz);

#endif /* LIMBO_MERGE_H */
