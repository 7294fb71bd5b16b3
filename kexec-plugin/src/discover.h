/* SPDX-License-Identifier: GPL-2.0-only */
/* What the plugin finds out about this machine and the next kernel. */
#ifndef LIMBO_DISCOVER_H
#define LIMBO_DISCOVER_H

#include <stddef.h>
#include <stdint.h>

struct limbo_discovery {
	int acpi;			/* /sys/firmware/acpi/tables/APIC exists */
	uint32_t max_apic_id;		/* largest APIC ID seen, or 0xffffffff */
	unsigned int cpus;		/* APIC IDs seen */
	int next_acpi_off;		/* acpi=off on the next kernel's command line */
};

/* Largest "apicid" in /proc/cpuinfo-format text; -1 when there is none. */
int limbo_parse_cpuinfo_apicids(const char *text, size_t len,
				uint32_t *max_id, unsigned int *count);
/* Whether a kernel command line has acpi=off as a whole word. */
int limbo_cmdline_has_acpi_off(const char *cmdline);

#endif /* LIMBO_DISCOVER_H */
