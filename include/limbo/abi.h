/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kexec-tools x86_64 purgatory ABI: the named global symbols that
 * kexec (kexec/kexec.c and the x86_64 loaders) reads and writes after it
 * has relocated the purgatory object.  Sizes are part of the contract:
 * elf_rel_set_symbol() refuses a symbol whose st_size differs.
 */
#ifndef LIMBO_ABI_H
#define LIMBO_ABI_H

#ifdef __ASSEMBLER__
#define LIMBO_SHA256_REGIONS	16
#else
#include <stdint.h>

#define LIMBO_SHA256_REGIONS	16
#define LIMBO_SHA256_DIGEST	32

struct limbo_sha256_region {
	uint64_t start;
	uint64_t len;
};

/* Layout of entry64_regs, in the order kexec-tools' struct entry64_regs. */
struct limbo_entry64_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rsp, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rip;
};

/* One row per ABI symbol; size 0 means "address only, any size". */
struct limbo_abi_symbol {
	const char *name;
	unsigned long size;
};

/*
 * Every symbol kexec touches on the x86_64 bzImage64 and elf-x86_64
 * paths.  Shared by the object checker (build), the libelf validator
 * (plugin and limbo-check) and the unit tests.
 */
#define LIMBO_ABI_SYMBOLS(X)				\
	X("entry64_regs",	136)			\
	X("stack_end",		0)			\
	X("cmdline_end",	8)			\
	X("sha256_regions",	256)			\
	X("sha256_digest",	32)			\
	X("skip_checks",	4)			\
	X("reset_vga",		1)			\
	X("console_vga",	1)			\
	X("console_serial",	1)			\
	X("panic_kernel",	1)			\
	X("serial_base",	2)			\
	X("serial_baud",	4)			\
	X("backup_src_start",	8)			\
	X("backup_src_size",	8)			\
	X("backup_start",	8)			\
	X("jump_back_entry",	8)

_Static_assert(sizeof(struct limbo_entry64_regs) == 136, "entry64_regs");
_Static_assert(sizeof(struct limbo_sha256_region) * LIMBO_SHA256_REGIONS == 256,
	       "sha256_regions");
#endif /* __ASSEMBLER__ */

/* GDT selectors the purgatory uses and hands the next kernel. */
#define LIMBO_GDT_CS		0x10
#define LIMBO_GDT_DS		0x18
#define LIMBO_GDT_TSS		0x20	/* limbo's TSS (IST stacks), 16 bytes */

#endif /* LIMBO_ABI_H */
