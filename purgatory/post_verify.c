// SPDX-License-Identifier: GPL-2.0-only
/*
 * Duties kexec-tools' purgatory performs after verification, kept here:
 * the kdump low-memory backup copy and the jump-back command-line append.
 */
#include <limbo/format.h>
#include <limbo/string.h>
#include "purgatory.h"

/* " kexec_jump_back_entry=0x" + 16 hex digits + NUL */
#define JUMP_BACK_ARG_MAX	48

void post_verify_duties(void)
{
	if (panic_kernel && backup_start && backup_src_size) {
		memcpy((void *)(uintptr_t)backup_start,
		       (const void *)(uintptr_t)backup_src_start,
		       backup_src_size);
		lprintf("limbo: backup: %llx bytes %llx -> %llx\n",
			(unsigned long long)backup_src_size,
			(unsigned long long)backup_src_start,
			(unsigned long long)backup_start);
	}
	if (jump_back_entry && cmdline_end) {
		limbo_snprintf(cmdline_end, JUMP_BACK_ARG_MAX,
			       " kexec_jump_back_entry=0x%llx",
			       (unsigned long long)jump_back_entry);
		lprintf("limbo: jump-back entry %llx appended to the command line\n",
			(unsigned long long)jump_back_entry);
	}
}
