// SPDX-License-Identifier: GPL-2.0-only
/*
 * The sealed report for the next kernel: filled as the purgatory goes,
 * sealed last, and chained onto boot_params as a setup_data node of
 * limbo's own type.  Chaining writes one pointer into the (verified)
 * boot_params segment, after verification.
 *
 * The report (v1 and v2 parts) is kept in the purgatory's .bss.  The
 * per-IO-APIC and per-CPU results grow with the machine: when the
 * verified tables are in use, they are written into the tables' report
 * area, the rest of the report is copied in front of them at sealing,
 * and that node is the one handed over.  Those two are the only writes
 * limbo makes into verified segments, both after verification, both at
 * places verified data chose for the purpose.  Without tables, the .bss
 * node goes, with empty arrays.
 */
#include <limbo/string.h>
#include <limbo/tables.h>
#include <limbo/version.h>
#include "hw.h"
#include "purgatory.h"

/* struct boot_params / setup_header offsets (Documentation/arch/x86/boot.rst) */
#define BP_HDR_MAGIC	0x202		/* "HdrS" */
#define BP_HDR_VERSION	0x206
#define BP_SETUP_DATA	0x250
#define HDRS		0x53726448u

/*
 * In .bss (kexec zero-fills a segment's memsz past its file bytes): it is
 * limbo's own, kexec never writes it, and it would cost 1.8 KiB of the
 * loaded image in .data.
 */
static struct limbo_setup_data node __attribute__((section(".bss.limbo_report")));
struct limbo_report *const rep = &node.report;
struct limbo_report_v2 *const rep_v2 = &node.v2;

struct limbo_ioapic_state *report_ioapic_slot(uint32_t i)
{
	return tables && i < tables->ioapic_count ? limbo_tables_ioapic_result(tables, i) : 0;
}

struct limbo_park_entry *report_park_slot(uint32_t i)
{
	return tables && i < tables->cpu_count ? limbo_tables_park_result(tables, i) : 0;
}

void report_phase(enum limbo_phase p)
{
	rep->tsc[p] = rdtsc();
	rep->done |= 1u << p;
}

static void fill_events(void)
{
	const struct limbo_events *e = &limbo_events;
	unsigned int i;

	rep->nmi_count = e->nmi_count;
	rep->nmi_first_rip = e->nmi_first_rip;
	rep->nmi_last_rip = e->nmi_last_rip;
	rep->exc_count = e->exc_count;
	rep->mc_recovered = e->mc_recovered;
	for (i = 0; i < e->exc_count && i < LIMBO_MAX_EXC_RECORDS; i++) {
		rep->exc[i].vector = e->exc[i].vector;
		rep->exc[i].error = e->exc[i].error;
		rep->exc[i].rip = e->exc[i].rip;
		rep->exc[i].cr2 = e->exc[i].cr2;
	}
	if (e->exc_count > e->mc_recovered)
		rep->problems |= LIMBO_PROB_EXCEPTION;
}

/*
 * The first entries of each array into v1's fixed ones, for decoders
 * that know only v1; the node to hand over, sealed.
 */
static struct limbo_setup_data *seal(void)
{
	const uint32_t head = sizeof(struct limbo_report) + sizeof(struct limbo_report_v2);
	struct limbo_setup_data *n;
	uint8_t *base;
	uint32_t size;
	unsigned int i;

	rep_v2->v2_size = sizeof(*rep_v2);
	if (!tables) {
		rep_v2->ioapic_offset = rep_v2->park_offset = head;
		limbo_report_seal_v2(rep, head);
		return &node;
	}
	n = limbo_tables_report_node(tables);
	base = (uint8_t *)&n->report;
	rep_v2->ioapic_offset = (uint32_t)((uint8_t *)limbo_tables_ioapic_result(tables, 0) - base);
	rep_v2->park_offset = (uint32_t)((uint8_t *)limbo_tables_park_result(tables, 0) - base);
	for (i = 0; i < rep_v2->ioapic_total && i < ARRAY_SIZE(rep->ioapic); i++)
		rep->ioapic[i] = *report_ioapic_slot(i);
	rep->ioapic_count = i;
	for (i = 0; i < rep_v2->park_total && i < ARRAY_SIZE(rep->park); i++)
		rep->park[i] = *report_park_slot(i);
	rep->park_count = i;
	size = rep_v2->park_offset + rep_v2->park_total * sizeof(struct limbo_park_entry);
	memcpy(&n->report, rep, head);
	limbo_report_seal_v2(&n->report, size);
	return n;
}

/* Seal the report and chain it onto boot_params; 0 on success. */
int report_seal_and_attach(void)
{
	uint8_t *bp = (uint8_t *)(uintptr_t)entry64_regs.rsi;
	struct limbo_setup_data *n;
	uint32_t magic;
	uint16_t version;
	uint64_t head;

	fill_events();
	memcpy(&rep->config, cfg, sizeof(rep->config));
	memset(rep->build, 0, sizeof(rep->build));
	memcpy(rep->build, "limbo " LIMBO_VERSION,
	       sizeof("limbo " LIMBO_VERSION) < sizeof(rep->build) ?
	       sizeof("limbo " LIMBO_VERSION) : sizeof(rep->build) - 1);
	report_phase(LIMBO_PHASE_SEAL);
	n = seal();
	if (!bp) {
		lprintf("limbo: report: no boot_params (rsi 0): not handed over\n");
		return -1;
	}
	memcpy(&magic, bp + BP_HDR_MAGIC, sizeof(magic));
	memcpy(&version, bp + BP_HDR_VERSION, sizeof(version));
	/*
	 * Every kernel with a 64-bit entry point (boot protocol 2.12+) walks
	 * setup_data whatever hdr.version says; kexec's ELF loader writes
	 * 0x0206 into the zero page it builds, so only the magic is checked.
	 */
	if (magic != HDRS) {
		lprintf("limbo: report: no setup header in boot_params (protocol %x): not handed over\n",
			version);
		return -1;
	}
	memcpy(&head, bp + BP_SETUP_DATA, sizeof(head));
	n->next = head;
	n->type = LIMBO_SETUP_DATA_TYPE;
	n->len = n->report.hdr.size;
	head = (uint64_t)(uintptr_t)n;
	memcpy(bp + BP_SETUP_DATA, &head, sizeof(head));
	return 0;
}
