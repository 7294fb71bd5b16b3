// SPDX-License-Identifier: GPL-2.0-only
/*
 * limbo purgatory: the sequence between the old kernel and the next one.
 * Called from entry.S on the purgatory stack, after the stub IDT is up;
 * returning hands over.
 */
#include <limbo/version.h>
#include "hw.h"
#include "purgatory.h"

static const struct limbo_config default_config = LIMBO_CONFIG_DEFAULTS;
const struct limbo_config *cfg = &default_config;

static void config_load(void)
{
	const char *why = limbo_config_check(&limbo_config);

	if (!why) {
		cfg = &limbo_config;
		return;
	}
	cfg = &default_config;
	rep->problems |= LIMBO_PROB_CONFIG;
	lprintf("limbo: config rejected (%s): running on safe defaults\n", why);
}

static void verify(void)
{
	report_phase(LIMBO_PHASE_VERIFY);
	if (skip_checks) {
		rep->verify_result = LIMBO_VERIFY_SKIPPED;
		rep->problems |= LIMBO_PROB_VERIFY_SKIPPED;
		lprintf("limbo: verify: skipped (kexec -i)\n");
		return;
	}
	if (verify_segments()) {
		rep->problems |= LIMBO_PROB_VERIFY;
		policy_stop(cfg->verify_fail, "verification failed");
	}
}

void limbo_main(void)
{
	self_hash();
	rep->verify_failed_region = -1;
	rep->tsc[LIMBO_PHASE_ENTRY] = limbo_tsc_entry;
	rep->done |= 1u << LIMBO_PHASE_ENTRY;
	report_phase(LIMBO_PHASE_CONSOLE);
	console_init();
	if (reset_vga)
		vga_reset_text_mode();
	lprintf("limbo: purgatory %s, entry tsc %llu\n", LIMBO_VERSION,
		(unsigned long long)limbo_tsc_entry);
	config_load();
	self_check();
	limbo_idt_check(rep);
	raise_debug_fault();

	verify();
	tables_load();
	ioapic_debug_remote_irr();	/* debug-remote-irr: nothing when off */
	if (cfg->lapic) {
		report_phase(LIMBO_PHASE_LAPIC);
		lapic_quiesce(rep);
	}
	if (cfg->ioapic) {
		report_phase(LIMBO_PHASE_IOAPIC);
		ioapic_quiesce(rep);
	}
	if (cfg->pic != LIMBO_PIC_KEEP) {
		report_phase(LIMBO_PHASE_PIC);
		pic_quiesce();
	}
	if (cfg->park == LIMBO_PARK_INIT) {
		report_phase(LIMBO_PHASE_PARK);
		park_cpus(rep);
	}
	report_phase(LIMBO_PHASE_POST);
	post_verify_duties();

	if (!entry64_regs.rip)
		policy_stop(cfg->verify_fail, "kexec left no entry point");
	report_seal_and_attach();
	lprintf("limbo: report: problems %x, %u NMIs, %u exceptions; handing over to %llx after %llu cycles\n",
		rep->problems, rep->nmi_count, rep->exc_count,
		(unsigned long long)entry64_regs.rip,
		(unsigned long long)(rdtsc() - limbo_tsc_entry));
	limbo_events.handed_over = 1;
	if (cfg->handoff == LIMBO_HANDOFF_NMI)
		handoff_via_nmi();
}
