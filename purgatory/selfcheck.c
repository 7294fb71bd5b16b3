// SPDX-License-Identifier: GPL-2.0-only
/*
 * The purgatory's check of itself.  Nothing covers the purgatory segment
 * in kexec's digest (kexec writes into it after hashing), so a byte of
 * limbo's own code or constants changed between load and crash (a stray
 * write from the crashed kernel, bad memory) would go unnoticed while
 * limbo vouches for everything else.  The plugin hashes the relocated
 * .text and .rodata, [purgatory_start, limbo_ro_end) as the linker
 * script lays them out, and writes the digest and length into the
 * config; here the same range, taken from the purgatory's own symbols
 * (never from the config), is hashed first thing after the IDT is up.
 */
#include <limbo/sha256.h>
#include <limbo/string.h>
#include "hw.h"
#include "purgatory.h"

extern char purgatory_start[], limbo_ro_end[];

static uint8_t self_digest[LIMBO_SHA256_SIZE];

void self_hash(void)
{
	uint64_t t0 = rdtsc();
	size_t len = (size_t)(limbo_ro_end - purgatory_start);

	limbo_sha256(purgatory_start, len, self_digest);
	rep_v2->self_bytes = len;
	rep_v2->self_cycles = rdtsc() - t0;
}

void self_check(void)
{
	if (!cfg->self_len) {
		rep_v2->self_check = LIMBO_SELF_NO_DIGEST;
		lprintf("limbo: self-check: no digest of limbo's code recorded: not checked\n");
		return;
	}
	if (cfg->self_len == rep_v2->self_bytes &&
	    !memcmp(cfg->self_sha256, self_digest, sizeof(self_digest))) {
		rep_v2->self_check = LIMBO_SELF_OK;
		lprintf("limbo: self-check: ok, %llu bytes of code and constants, %llu cycles\n",
			(unsigned long long)rep_v2->self_bytes,
			(unsigned long long)rep_v2->self_cycles);
		return;
	}
	rep_v2->self_check = LIMBO_SELF_MISMATCH;
	rep->problems |= LIMBO_PROB_SELF;
	console_force_serial();
	lprintf("limbo: self-check: MISMATCH: code or constants changed since kexec loaded them (%llu bytes hashed, %llu recorded)\n",
		(unsigned long long)rep_v2->self_bytes, (unsigned long long)cfg->self_len);
	policy_stop(cfg->verify_fail, "the purgatory's own code is corrupt");
}
