// SPDX-License-Identifier: GPL-2.0-only
/*
 * Choosing and cross-checking the sources of discovery: see merge.h.
 * No I/O but the warnings, written to the stream the caller gives.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <limbo/cc_regs.h>
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
		d->ioapics_partial = d->madt.ioapics_beyond;
		if (d->ioapics_partial)
			dwarn(d, f, "the MADT lists %u IO-APICs, limbo carries the first %u: "
			      "the rest will not be quiesced", d->madt.ioapic_count +
			      d->madt.ioapics_beyond, d->madt.ioapic_count);
		if (d->iomem_ok)
			cross_check_ioapics(d, f);
		return;
	}
	if (!d->iomem_ok) {
		dwarn(d, f, "no IO-APIC list (neither the MADT nor /proc/iomem could be "
		      "used): the purgatory will quiesce none and record it");
		return;
	}
	/* iomem knows neither the APIC ID nor the GSI base: the purgatory reads the ID */
	dwarn(d, f, "IO-APICs from /proc/iomem, without the MADT: no GSI bases");
	d->ioapic_source = "/proc/iomem";
	d->ioapic_count = d->iomem.count;
	d->ioapics_partial = d->iomem.beyond;
	if (d->ioapics_partial)
		dwarn(d, f, "/proc/iomem lists %u IO-APICs, limbo carries the first %u",
		      d->iomem.count + d->iomem.beyond, d->iomem.count);
	for (i = 0; i < d->iomem.count; i++) {
		d->ioapics[i].address = d->iomem.ioapics[i].start;
		d->ioapics[i].id = (uint8_t)d->iomem.ioapics[i].index;
		d->ioapics[i].gsi_base = 0;
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static void merge_cpus(struct limbo_discovery *d, FILE *f)
{
	const struct limbo_cpuinfo *c = &d->cpuinfo;
	unsigned int i;

	if (d->madt_ok) {
		d->cpu_source = "MADT";
		d->cpu_count = d->madt.cpu_count;
		memcpy(d->apic_ids, d->madt.apic_ids, sizeof(d->apic_ids));
		d->cpus = d->cpu_count + d->madt.cpus_beyond;
		d->cpus_partial = d->madt.cpus_beyond;
		if (d->cpus_partial)
			dwarn(d, f, "the MADT lists %u enabled CPUs, limbo carries the first %u",
			      d->cpus, d->cpu_count);
		/*
		 * An online CPU missing from the list, unless it may be a
		 * hot-added one.  Looked up in a sorted copy (d->apic_ids):
		 * thousands of CPUs checked one by one would be quadratic.
		 */
		qsort(d->apic_ids, d->cpu_count, sizeof(d->apic_ids[0]), cmp_u32);
		for (i = 0; d->cpuinfo_ok && i < c->listed; i++)
			if (!bsearch(&c->apic_ids[i], d->apic_ids, d->cpu_count,
				     sizeof(d->apic_ids[0]), cmp_u32) &&
			    !(d->madt.online_capable && c->apic_ids[i] <= d->madt.max_apic_id))
				dwarn(d, f, "/proc/cpuinfo has APIC ID %u, the MADT "
				      "does not list it", c->apic_ids[i]);
		memcpy(d->apic_ids, d->madt.apic_ids, sizeof(d->apic_ids));	/* MADT order */
		return;
	}
	if (!d->cpuinfo_ok) {
		dwarn(d, f, "no CPU list (neither the MADT nor /proc/cpuinfo could be used)");
		return;
	}
	dwarn(d, f, "CPUs from /proc/cpuinfo, without the MADT: online CPUs only");
	d->cpus = c->cpus;
	d->cpus_partial = c->cpus - c->listed;
	if (d->cpus_partial)
		dwarn(d, f, "/proc/cpuinfo lists %u CPUs, limbo carries the first %u",
		      c->cpus, c->listed);
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

/*
 * TDX: the signature in leaf 0x21.  SEV-ES/SNP: SEV_STATUS when it could
 * be read; when not, CPUID 0x8000001F's SEV-ES or SNP bit under a
 * hypervisor is taken to mean such a guest (QEMU fills that leaf only
 * for SEV guests), so a doubt costs limbo, never the crash kernel.
 * Plain SEV is not refused: its CPUID and APIC are the hypervisor's as
 * usual, and the purgatory keeps kexec's page tables, C-bit included.
 */
static void merge_cc(struct limbo_discovery *d)
{
	const struct limbo_cc_probe *p = &d->cc;

	d->cc_guest = NULL;
	d->cc_source = "none";
	if (p->max_leaf >= CPUID_TDX_LEAF && p->tdx_sig[0] == TDX_SIG_EBX &&
	    p->tdx_sig[1] == TDX_SIG_EDX && p->tdx_sig[2] == TDX_SIG_ECX) {
		d->cc_guest = "TDX";
		d->cc_source = "CPUID leaf 0x21";
		return;
	}
	if (!p->hypervisor || p->max_ext_leaf < CPUID_SEV_LEAF || !(p->sev_eax & CPUID_SEV))
		return;
	if (p->sev_status_ok) {
		if (p->sev_status & (SEV_STATUS_ES | SEV_STATUS_SNP)) {
			d->cc_guest = p->sev_status & SEV_STATUS_SNP ? "SEV-SNP" : "SEV-ES";
			d->cc_source = "SEV_STATUS";
		}
		return;
	}
	if (p->sev_eax & (CPUID_SEV_ES | CPUID_SEV_SNP)) {
		d->cc_guest = "SEV-ES or SEV-SNP";
		d->cc_source = "CPUID 0x8000001F under a hypervisor; SEV_STATUS unreadable";
	}
}

void limbo_discovery_merge(struct limbo_discovery *d, FILE *warn_to)
{
	d->ioapic_source = "none";
	d->cpu_source = "none";
	d->ioapic_count = 0;
	d->cpu_count = 0;
	d->cpus = 0;
	d->ioapics_partial = 0;
	d->cpus_partial = 0;
	memset(d->ioapics, 0, sizeof(d->ioapics));
	memset(d->apic_ids, 0, sizeof(d->apic_ids));
	merge_ioapics(d, warn_to);
	merge_cpus(d, warn_to);
	merge_ids(d, warn_to);
	merge_cc(d);
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

void *limbo_discovery_tables(const struct limbo_discovery *d, struct limbo_config *cfg,
			     size_t *bufsz, size_t *memsz)
{
	struct limbo_tables t;
	uint8_t *buf;

	memset(&t, 0, sizeof(t));
	*memsz = limbo_tables_layout(&t, d->ioapic_count, d->cpu_count);
	t.boot_cpu_apic_id = d->boot_cpu_apic_id;
	t.max_apic_id = d->max_apic_id;
	if (strcmp(d->ioapic_source, "none"))
		t.flags |= LIMBO_TABLES_IOAPICS_KNOWN;
	if (d->ioapics_partial)
		t.flags |= LIMBO_TABLES_IOAPICS_PARTIAL;
	if (strcmp(d->cpu_source, "none"))
		t.flags |= LIMBO_TABLES_CPUS_KNOWN;
	if (d->cpus_partial)
		t.flags |= LIMBO_TABLES_CPUS_PARTIAL;
	/* the lists; the report area is the segment's zero-filled tail */
	*bufsz = t.report_offset;
	buf = calloc(1, *memsz);
	if (!buf)
		return NULL;
	memcpy(buf, &t, sizeof(t));
	memcpy(buf + t.ioapic_offset, d->ioapics,
	       d->ioapic_count * sizeof(d->ioapics[0]));
	memcpy(buf + t.cpu_offset, d->apic_ids, d->cpu_count * sizeof(d->apic_ids[0]));
	if (!d->acpi || d->next_acpi_off)
		cfg->flags |= LIMBO_CFG_NEXT_MPTABLE;
	return buf;
}
