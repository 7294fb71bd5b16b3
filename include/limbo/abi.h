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
 * paths.  Shared by the object checker (build), the ELF validator
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

#ifndef __ASSEMBLER__
/*
 * limbo's addition to the ABI: the kexec plugin writes, next to kexec's
 * one digest over all regions, a digest and a kind per region, so that a
 * failed verification can name the segment.  Diagnostic only: the
 * purgatory's verdict is kexec's sha256_digest; these name the culprit.
 */
enum limbo_region_kind {
	LIMBO_REGION_OTHER = 0,
	LIMBO_REGION_KERNEL = 1,
	LIMBO_REGION_INITRD = 2,
	LIMBO_REGION_BOOTPARAMS = 3,	/* boot_params, with the command line in it */
	LIMBO_REGION_CMDLINE = 4,
	LIMBO_REGION_ELFCOREHDR = 5,
	LIMBO_REGION_BACKUP = 6,
	LIMBO_REGION_TABLES = 7,	/* limbo's tables segment (tables.h) */
	LIMBO_REGION_KIND_MAX = LIMBO_REGION_TABLES,
};

#define LIMBO_REGIONS_MAGIC	0x4e47524cu	/* "LRGN" */

struct limbo_regions {
	uint32_t magic;
	uint32_t count;			/* = the used entries of sha256_regions */
	struct {
		uint64_t start, len;	/* as in sha256_regions[i] */
		uint8_t sha256[LIMBO_SHA256_DIGEST];
		uint32_t kind;		/* enum limbo_region_kind */
		uint32_t reserved;
	} r[LIMBO_SHA256_REGIONS];
};

static inline const char *limbo_region_kind_name(uint32_t kind)
{
	static const char *const names[] = {
		"other", "kernel", "initrd", "boot params + command line",
		"command line", "elfcorehdr", "kdump backup", "limbo tables",
	};
	_Static_assert(sizeof(names) / sizeof(names[0]) == LIMBO_REGION_KIND_MAX + 1,
		       "a name per region kind");

	return kind <= LIMBO_REGION_KIND_MAX ? names[kind] : "?";
}
#endif

/* GDT selectors the purgatory uses and hands the next kernel. */
#define LIMBO_GDT_CS		0x10
#define LIMBO_GDT_DS		0x18
#define LIMBO_GDT_TSS		0x20	/* limbo's TSS (IST stacks), 16 bytes */

#endif /* LIMBO_ABI_H */
