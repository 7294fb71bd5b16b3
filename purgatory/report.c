// SPDX-License-Identifier: GPL-2.0-only
/*
 * The sealed report for the next kernel: filled as the purgatory goes,
 * sealed last, and chained onto boot_params as a setup_data node of
 * limbo's own type.  Chaining writes one pointer into the (verified)
 * boot_params segment, after verification: the only change limbo makes
 * to a verified segment.
 */
#include <limbo/string.h>
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

/* Seal the report and chain it onto boot_params; 0 on success. */
int report_seal_and_attach(void)
{
	uint8_t *bp = (uint8_t *)(uintptr_t)entry64_regs.rsi;
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
	limbo_report_seal(rep);

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
	node.next = head;
	node.type = LIMBO_SETUP_DATA_TYPE;
	node.len = sizeof(node.report);
	head = (uint64_t)(uintptr_t)&node;
	memcpy(bp + BP_SETUP_DATA, &head, sizeof(head));
	return 0;
}
