/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Everything the plugin learns from the running system: the ACPI MADT
 * from sysfs, /proc/iomem, /proc/cpuinfo (each read with limbo_read_file()
 * and handed to its parser), the boot CPU from IA32_APIC_BASE.BSP
 * through the msr driver, and CPUID and SEV_STATUS for the
 * confidential-guest check.
 */
#ifndef LIMBO_GATHER_H
#define LIMBO_GATHER_H

#include "merge.h"

/* Where each input comes from, and the most of it that is read. */
#define LIMBO_MADT_PATH		"/sys/firmware/acpi/tables/APIC"
#define LIMBO_MADT_MAX		(1 << 20)	/* ACPI allows 4 GiB; 1 MiB is 80,000 CPUs */
#define LIMBO_IOMEM_PATH	"/proc/iomem"
#define LIMBO_CPUINFO_PATH	"/proc/cpuinfo"
#define LIMBO_PROC_TEXT_MAX	(1 << 22)

/*
 * Start @d afresh (limbo_discovery_init()) and fill its inputs: acpi,
 * the parsed MADT, /proc/iomem and /proc/cpuinfo with their *_ok, and
 * bsp_msr_apic_id.  Whatever cannot be read or parsed is left out, with
 * the reason in that input's err and, where it matters, a warning on
 * stderr; the confidential-guest probe in cc.  limbo_discovery_merge() comes next.
 */
void limbo_gather(struct limbo_discovery *d);

#endif /* LIMBO_GATHER_H */
