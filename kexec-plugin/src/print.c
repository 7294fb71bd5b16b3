// SPDX-License-Identifier: GPL-2.0-only
/*
 * The discovery printout of -d and --purgatory-opt show: what each
 * source said, what was chosen, and what the purgatory will do with it.
 */
#include <stddef.h>
#include "print.h"

/* "0-3,8,10-11": runs of consecutive IDs, in list order; "..." if cut. */
static void format_ids(char *buf, size_t len, const uint32_t *ids, unsigned int n)
{
	size_t used = 0;
	unsigned int i, j;
	int w;

	buf[0] = '\0';
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && ids[j] == ids[j - 1] + 1 && ids[j]; j++)
			;
		if (j - i > 1)
			w = snprintf(buf + used, len - used, "%s%u-%u", i ? "," : "",
				     ids[i], ids[j - 1]);
		else
			w = snprintf(buf + used, len - used, "%s%u", i ? "," : "", ids[i]);
		if (w < 0 || (size_t)w >= len - used) {
			snprintf(buf + (used < len - 4 ? used : len - 4),
				 len - (used < len - 4 ? used : len - 4), "...");
			return;
		}
		used += (size_t)w;
	}
}

static void print_id(FILE *f, const char *what, uint32_t id)
{
	if (id == LIMBO_APIC_ID_UNKNOWN)
		fprintf(f, "  %-14s unknown\n", what);
	else
		fprintf(f, "  %-14s %u\n", what, id);
}

static void print_madt(FILE *f, const struct limbo_discovery *d)
{
	const struct limbo_madt *m = &d->madt;

	if (!d->acpi) {
		fprintf(f, "  %-14s absent (no ACPI)\n", "ACPI MADT");
		return;
	}
	if (!d->madt_ok) {
		fprintf(f, "  %-14s present, not used: %s\n", "ACPI MADT",
			m->err[0] ? m->err : "unreadable");
		return;
	}
	fprintf(f, "  %-14s revision %u, local APIC at 0x%llx%s, %s\n", "ACPI MADT",
		m->revision, (unsigned long long)m->lapic_address,
		m->lapic_override ? " (override)" : "",
		m->flags & LIMBO_MADT_PCAT_COMPAT ? "PCAT_COMPAT (8259s present)" :
		"no PCAT_COMPAT (no 8259s)");
	fprintf(f, "  %-14s %u enabled (%u x2APIC), %u online-capable, %u disabled, "
		"%u invalid, %u duplicate; %u overrides, %u NMI, %u other entries\n",
		"MADT CPUs", m->cpu_count, m->x2apic_entries, m->online_capable,
		m->disabled, m->invalid_ids, m->duplicates, m->overrides, m->nmis,
		m->unknown);
}

static void print_sources(FILE *f, const struct limbo_discovery *d)
{
	unsigned int i;

	if (d->iomem_ok) {
		fprintf(f, "  %-14s %u IOAPIC range%s", "/proc/iomem", d->iomem.count,
			d->iomem.count == 1 ? "" : "s");
		for (i = 0; i < d->iomem.count; i++)
			fprintf(f, "%s0x%llx-0x%llx", i ? ", " : ": ",
				(unsigned long long)d->iomem.ioapics[i].start,
				(unsigned long long)d->iomem.ioapics[i].end);
		fputc('\n', f);
	} else {
		fprintf(f, "  %-14s not used: %s\n", "/proc/iomem",
			d->iomem.err[0] ? d->iomem.err : "unreadable");
	}
	if (d->cpuinfo_ok)
		fprintf(f, "  %-14s %u CPUs, largest APIC ID %u\n", "/proc/cpuinfo",
			d->cpuinfo.cpus, d->cpuinfo.max_apic_id);
	else
		fprintf(f, "  %-14s not used: %s\n", "/proc/cpuinfo",
			d->cpuinfo.err[0] ? d->cpuinfo.err : "unreadable");
}

static void print_result(FILE *f, const struct limbo_discovery *d)
{
	char ids[256];
	unsigned int i;

	fprintf(f, "  %-14s %u from %s\n", "IO-APICs", d->ioapic_count, d->ioapic_source);
	for (i = 0; i < d->ioapic_count; i++) {
		if (d->madt_ok)
			fprintf(f, "  %-14s   id %u at 0x%llx, GSI base %u\n", "",
				d->ioapics[i].id, (unsigned long long)d->ioapics[i].address,
				d->ioapics[i].gsi_base);
		else
			fprintf(f, "  %-14s   IOAPIC %u at 0x%llx (ID and GSI base unknown)\n",
				"", d->ioapics[i].id,
				(unsigned long long)d->ioapics[i].address);
	}
	format_ids(ids, sizeof(ids), d->apic_ids, d->cpu_count);
	fprintf(f, "  %-14s %u from %s%s%s\n", "CPUs", d->cpu_count, d->cpu_source,
		d->cpu_count ? ": APIC IDs " : "", ids);
	print_id(f, "boot CPU", d->boot_cpu_apic_id);
	if (d->boot_cpu_apic_id != LIMBO_APIC_ID_UNKNOWN)
		fprintf(f, "  %-14s   from %s\n", "", d->boot_cpu_source);
	print_id(f, "max APIC ID", d->max_apic_id);
}

/* The purgatory's decision, from the one rule it acts on. */
static void print_x2apic(FILE *f, const struct limbo_config *cfg, uint32_t max_apic_id)
{
	const char *why = limbo_x2apic_refusal(cfg, max_apic_id);

	if (why)
		fprintf(f, "  %-14s keep (%s)\n", "x2APIC", why);
	else
		fprintf(f, "  %-14s leave x2APIC for xAPIC if it is on and firmware "
			"did not lock it\n", "x2APIC");
}

static void print_decisions(FILE *f, const struct limbo_discovery *d,
			    const struct limbo_config *cfg)
{
	fprintf(f, "  %-14s %s\n", "next kernel",
		d->next_acpi_off ? "has acpi=off: boots through MPTABLE" :
		d->acpi ? "boots through ACPI" : "has no ACPI: boots through MPTABLE");
	if (!cfg->ioapic)
		fprintf(f, "  %-14s off\n", "IO-APIC mask");
	else if (!d->ioapic_count)
		fprintf(f, "  %-14s nothing to do: none discovered\n", "IO-APIC mask");
	else
		fprintf(f, "  %-14s every pin of %u IO-APIC%s%s\n", "IO-APIC mask",
			d->ioapic_count, d->ioapic_count == 1 ? "" : "s",
			d->ioapics_partial ? " (not all: see the warnings)" : "");
	fprintf(f, "  %-14s %s%s\n", "8259s",
		cfg->pic == LIMBO_PIC_KEEP ? "left alone" :
		cfg->pic == LIMBO_PIC_REINIT ? "reinitialised and masked" : "masked",
		cfg->pic != LIMBO_PIC_KEEP && d->madt_ok &&
		!(d->madt.flags & LIMBO_MADT_PCAT_COMPAT) ?
		" (the MADT says there are none; harmless)" : "");
	print_x2apic(f, cfg, d->max_apic_id);
}

void limbo_discovery_print(FILE *f, const struct limbo_discovery *d,
			   const struct limbo_config *cfg)
{
	fprintf(f, "limbo discovery (%u warning%s):\n", d->warnings,
		d->warnings == 1 ? "" : "s");
	print_madt(f, d);
	print_sources(f, d);
	print_result(f, d);
	print_decisions(f, d, cfg);
}
