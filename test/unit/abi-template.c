// SPDX-License-Identifier: GPL-2.0-only
/*
 * A minimal purgatory-shaped object for the validator tests.  Built as is
 * it must pass limbo-check; each BREAK_* macro breaks one ABI rule.
 */
#include <stdint.h>

#ifdef BREAK_BSS
int skip_checks;			/* lands in .bss */
#elif defined(BREAK_SIZE)
uint8_t skip_checks = 0;		/* kexec writes 4 bytes */
#else
int skip_checks = 0;
#endif
uint64_t entry64_regs[17] = { 0 };
uint8_t stack_area[64] = { 0 };
extern uint8_t stack_end[] __attribute__((alias("stack_area")));
#ifndef BREAK_MISSING
char *cmdline_end = 0;
#endif
uint64_t sha256_regions[32] = { 0 };
uint8_t sha256_digest[32] = { 0 };
uint8_t reset_vga = 0, console_vga = 0, console_serial = 0, panic_kernel = 0;
uint16_t serial_base = 0x3f8;
uint32_t serial_baud = 0;
uint64_t backup_src_start = 0, backup_src_size = 0, backup_start = 0;
uint64_t jump_back_entry = 0;

#ifdef BREAK_UNDEF
extern void not_defined_anywhere(void);
#endif

int other_counter = 1;

void purgatory_start(void)
{
	volatile uint64_t *p = &entry64_regs[16];

#ifdef BREAK_UNDEF
	not_defined_anywhere();
#endif
	/* take addresses, so -fno-pic and -fPIC builds show their relocations */
	*p = (uint64_t)(uintptr_t)&other_counter + serial_base;
}
