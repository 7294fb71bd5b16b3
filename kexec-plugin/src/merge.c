// SPDX-License-Identifier: GPL-2.0-only
/*
 * Choosing and cross-checking the sources of discovery: see merge.h.
 * No I/O but the warnings, written to the stream the caller gives.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include "merge.h"

void limbo_discovery_init(struct limbo_discovery *d)
{
	memset(d, 0, sizeof(*d));
	d->max_apic_id = LIMBO_APIC_ID_UNKNOWN;
	d->boot_cpu_apic_id = LIMBO_APIC_ID_UNKNOWN;
	d->bsp_msr_apic_id = LIMBO_APIC_ID_UNKNOWN;
	d->boot_cpu_source = "none";
	d->ioapic_source = "none";
	d->cpu_source = "none";
}

__attribute__((format(printf, 3, 4)))
static void dwarn(struct limbo_discovery *d, FILE *f, const char *fmt, ...)
{
	va_list ap;

	d->warnings++;
	if (!f)
		return;
	fputs("limbo: warning: ", f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

static bool iomem_has(const struct limbo_iomem *io, uint64_t address)
{
	unsigned int i;

	for (i = 0; i < io->count; i++)
		if (io->ioapics[i].start == address)
			return true;
	return false;
}

static bool madt_has_ioapic(const struct limbo_madt *m, uint64_t address)
{
	unsigned int i;

	for (i = 0; i < m->ioapic_count; i++)
		if (m->ioapics[i].address == address)
			return true;
	return false;
}

/* Every IO-APIC in one list and not the other gets a warning. */
static void cross_check_ioapics(struct limbo_discovery *d, FILE *f)
{
	unsigned int i;

	for (i = 0; i < d->madt.ioapic_count; i++)
		if (!iomem_has(&d->iomem, d->madt.ioapics[i].address))
			dwarn(d, f, "the MADT's IO-APIC %u at 0x%llx is not in /proc/iomem",
			      d->madt.ioapics[i].id,
			      (unsigned long long)d->madt.ioapics[i].address);
	for (i = 0; i < d->iomem.count; i++)
		if (!madt_has_ioapic(&d->madt, d->iomem.ioapics[i].start))
			dwarn(d, f, "/proc/iomem's IOAPIC %u at 0x%llx is not in the MADT",
			      d->iomem.ioapics[i].index,
			      (unsigned long long)d->iomem.ioapics[i].start);
}

static void merge_ioapics(struct limbo_discovery *d, FILE *f)
{
	unsigned int i;

	if (d->madt_ok) {
		d->ioapic_source = "MADT";
		d->ioapic_count = d->madt.ioapic_count;
		memcpy(d->ioapics, d->madt.ioapics, sizeof(d->ioapics));
		if (d->iomem_ok)
			cross_check_ioapics(d, f);
		return;
	}
	if (!d->iomem_ok)
		return;
	/* iomem knows neither the APIC ID nor the GSI base: the purgatory reads the ID */
	d->ioapic_source = "/proc/iomem";
	d->ioapic_count = d->iomem.count;
	for (i = 0; i < d->iomem.count; i++) {
		d->ioapics[i].address = d->iomem.ioapics[i].start;
		d->ioapics[i].id = (uint8_t)d->iomem.ioapics[i].index;
		d->ioapics[i].gsi_base = 0;
	}
}

static void merge_cpus(struct limbo_discovery *d, FILE *f)
{
	const struct limbo_cpuinfo *c = &d->cpuinfo;
	unsigned int i;

	if (d->madt_ok) {
		d->cpu_source = "MADT";
		d->cpu_count = d->madt.cpu_count;
		memcpy(d->apic_ids, d->madt.apic_ids, sizeof(d->apic_ids));
		d->cpus = d->cpu_count;
		/* an online CPU missing from the list, unless it may be a hot-added one */
		for (i = 0; d->cpuinfo_ok && i < c->listed; i++)
			if (!limbo_apic_id_listed(d->madt.apic_ids, d->madt.cpu_count,
						  c->apic_ids[i]) &&
			    !(d->madt.online_capable && c->apic_ids[i] <= d->madt.max_apic_id))
				dwarn(d, f, "/proc/cpuinfo has APIC ID %u, the MADT "
				      "does not list it", c->apic_ids[i]);
		return;
	}
	if (!d->cpuinfo_ok)
		return;
	d->cpus = c->cpus;
	if (c->cpus > c->listed) {
		dwarn(d, f, "/proc/cpuinfo lists %u CPUs, more than the %u the config holds: "
		      "no CPU list", c->cpus, LIMBO_CFG_MAX_CPUS);
		return;
	}
	d->cpu_source = "/proc/cpuinfo";
	d->cpu_count = c->listed;
	memcpy(d->apic_ids, c->apic_ids, sizeof(d->apic_ids));
}

static void merge_ids(struct limbo_discovery *d, FILE *f)
{
	const struct limbo_cpuinfo *c = &d->cpuinfo;

	d->max_apic_id = LIMBO_APIC_ID_UNKNOWN;
	if (d->madt_ok)
		d->max_apic_id = d->madt.max_apic_id;
	if (d->cpuinfo_ok && (d->max_apic_id == LIMBO_APIC_ID_UNKNOWN ||
			      c->max_apic_id > d->max_apic_id)) {
		if (d->madt_ok)
			dwarn(d, f, "largest APIC ID: /proc/cpuinfo has %u, the MADT %u; using %u",
			      c->max_apic_id, d->max_apic_id, c->max_apic_id);
		d->max_apic_id = c->max_apic_id;
	}

	d->boot_cpu_apic_id = LIMBO_APIC_ID_UNKNOWN;
	d->boot_cpu_source = "none";
	if (d->madt_ok && d->madt.boot_apic_id != LIMBO_APIC_ID_UNKNOWN) {
		d->boot_cpu_apic_id = d->madt.boot_apic_id;
		d->boot_cpu_source = "the MADT's first enabled CPU";
	}
	if (d->cpuinfo_ok && c->boot_apic_id != LIMBO_APIC_ID_UNKNOWN) {
		if (d->madt_ok && c->boot_apic_id != d->madt.boot_apic_id &&
		    d->bsp_msr_apic_id == LIMBO_APIC_ID_UNKNOWN)
			dwarn(d, f, "boot CPU: /proc/cpuinfo processor 0 has APIC ID %u, the "
			      "MADT's first enabled CPU %u; using %u", c->boot_apic_id,
			      d->madt.boot_apic_id, c->boot_apic_id);
		d->boot_cpu_apic_id = c->boot_apic_id;
		d->boot_cpu_source = "/proc/cpuinfo processor 0";
	}
	/* exact: the BSP flag survives kexec, Linux's numbering does not */
	if (d->bsp_msr_apic_id != LIMBO_APIC_ID_UNKNOWN) {
		if (d->boot_cpu_apic_id != LIMBO_APIC_ID_UNKNOWN &&
		    d->boot_cpu_apic_id != d->bsp_msr_apic_id)
			dwarn(d, f, "boot CPU: IA32_APIC_BASE.BSP is set on APIC ID %u, %s "
			      "is %u (booted through kexec from another CPU?); using %u",
			      d->bsp_msr_apic_id, d->boot_cpu_source,
			      d->boot_cpu_apic_id, d->bsp_msr_apic_id);
		d->boot_cpu_apic_id = d->bsp_msr_apic_id;
		d->boot_cpu_source = "IA32_APIC_BASE.BSP";
	}
}

void limbo_discovery_merge(struct limbo_discovery *d, FILE *warn_to)
{
	d->ioapic_source = "none";
	d->cpu_source = "none";
	d->ioapic_count = 0;
	d->cpu_count = 0;
	d->cpus = 0;
	memset(d->ioapics, 0, sizeof(d->ioapics));
	memset(d->apic_ids, 0, sizeof(d->apic_ids));
	merge_ioapics(d, warn_to);
	merge_cpus(d, warn_to);
	merge_ids(d, warn_to);
}

/*
 * Linux 6.1 booting through MPTABLE takes the MP table's boot CPU as its
 * own (MP_processor_info()) and, under nr_cpus=N, registers only the
 * first N processor entries: when the crash happened on a CPU outside
 * them, the dump kernel stops in setup_local_APIC() (BUG_ON, measured in
 * the harness's S5a).  nr_cpus=2 disable_cpu_apicid=<boot CPU> works
 * (S5ad); 6.12 registers the running CPU itself.
 */
void limbo_discovery_next_kernel(struct limbo_discovery *d, const char *cmdline,
				 FILE *warn_to)
{
	char val[16];

	d->next_acpi_off = limbo_cmdline_has_acpi_off(cmdline);
	d->next_nr_cpus = limbo_cmdline_nr_cpus(cmdline);
	d->next_disables_cpu = !!limbo_cmdline_value(cmdline, "disable_cpu_apicid",
						     val, sizeof(val));
	if (!(d->next_acpi_off || !d->acpi) || d->next_disables_cpu ||
	    !d->next_nr_cpus || d->next_nr_cpus >= d->cpu_count)
		return;
	if (d->boot_cpu_apic_id == LIMBO_APIC_ID_UNKNOWN)
		dwarn(d, warn_to, "the next kernel boots through MPTABLE with "
		      "nr_cpus=%u of %u CPUs: Linux 6.1 then stops in "
		      "setup_local_APIC() after a crash on a CPU the MP table "
		      "does not list first; add nr_cpus=2 disable_cpu_apicid=<the "
		      "boot CPU's APIC ID> to its command line",
		      d->next_nr_cpus, d->cpu_count);
	else
		dwarn(d, warn_to, "the next kernel boots through MPTABLE with "
		      "nr_cpus=%u of %u CPUs: Linux 6.1 then stops in "
		      "setup_local_APIC() after a crash on a CPU the MP table "
		      "does not list first; add \"nr_cpus=2 disable_cpu_apicid=%u\" "
		      "to its command line", d->next_nr_cpus, d->cpu_count,
		      d->boot_cpu_apic_id);
}

int limbo_discovery_apply(const struct limbo_discovery *d, struct limbo_config *cfg,
			  FILE *warn_to)
{
	const char *why;

	cfg->ioapic_count = d->ioapic_count;
	memcpy(cfg->ioapics, d->ioapics, sizeof(cfg->ioapics));
	cfg->cpu_count = d->cpu_count;
	memcpy(cfg->apic_ids, d->apic_ids, sizeof(cfg->apic_ids));
	cfg->max_apic_id = d->max_apic_id;
	cfg->boot_cpu_apic_id = d->boot_cpu_apic_id;
	if (!d->acpi || d->next_acpi_off)
		cfg->flags |= LIMBO_CFG_NEXT_MPTABLE;
	why = limbo_config_check(cfg);
	if (!why)
		return 0;
	if (warn_to)
		fprintf(warn_to, "limbo: warning: discovery gives a config the purgatory "
			"would refuse (%s): leaving out IO-APICs and CPUs\n", why);
	cfg->ioapic_count = 0;
	cfg->cpu_count = 0;
	memset(cfg->ioapics, 0, sizeof(cfg->ioapics));
	memset(cfg->apic_ids, 0, sizeof(cfg->apic_ids));
	return -1;
}
