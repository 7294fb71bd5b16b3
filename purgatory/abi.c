// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kexec-tools ABI globals (see include/limbo/abi.h).  Every one is
 * initialised and the object is built with -fno-zero-initialized-in-bss
 * -fno-common, so none lands in .bss or COMMON, where kexec cannot write.
 * entry64_regs and stack_end are defined in entry.S.
 */
#include "purgatory.h"

struct limbo_sha256_region sha256_regions[LIMBO_SHA256_REGIONS] = { { 0, 0 } };
uint8_t sha256_digest[LIMBO_SHA256_DIGEST] = { 0 };
int skip_checks = 0;

uint8_t reset_vga = 0;
uint8_t console_vga = 0;
uint8_t console_serial = 0;
uint8_t panic_kernel = 0;
uint16_t serial_base = 0x3f8;
uint32_t serial_baud = 0;

uint64_t backup_src_start = 0;
uint64_t backup_src_size = 0;
uint64_t backup_start = 0;

uint64_t jump_back_entry = 0;
char *cmdline_end = 0;

/* Per-region digests and kinds from the plugin (abi.h): diagnostics. */
struct limbo_regions limbo_regions = { 0, 0, { { 0, 0, { 0 }, 0, 0 } } };

/* entry.S: offset 0 of .text, and the last byte of .bss */
extern char purgatory_start[], limbo_segment_end[];

void purgatory_extent(uint64_t *start, uint64_t *end)
{
	*start = (uint64_t)(uintptr_t)purgatory_start;
	*end = (uint64_t)(uintptr_t)limbo_segment_end + 1;
}

/* limbo's own configuration, overwritten by the kexec plugin. */
struct limbo_config limbo_config = LIMBO_CONFIG_DEFAULTS;
