// SPDX-License-Identifier: GPL-2.0-only
/*
 * limbo purgatory: the sequence between the old kernel and the next one.
 * Called from entry.S on the purgatory stack; returning hands over.
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
	lprintf("limbo: config rejected (%s): running on safe defaults\n", why);
}

void limbo_main(void)
{
	console_init();
	if (reset_vga)
		vga_reset_text_mode();
	lprintf("limbo: purgatory %s, entry tsc %llu\n", LIMBO_VERSION,
		(unsigned long long)limbo_tsc_entry);
	config_load();
	raise_debug_fault();

	if (skip_checks) {
		lprintf("limbo: verify: skipped (kexec -i)\n");
	} else if (verify_segments()) {
		policy_stop(cfg->verify_fail, "verification failed");
	}
	post_verification();

	if (!entry64_regs.rip)
		policy_stop(cfg->verify_fail, "kexec left no entry point");
	lprintf("limbo: handing over to %llx after %llu cycles, %u NMIs absorbed\n",
		(unsigned long long)entry64_regs.rip,
		(unsigned long long)(rdtsc() - limbo_tsc_entry),
		limbo_events.nmi_count);
	limbo_events.handed_over = 1;
}
