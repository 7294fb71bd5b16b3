/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Validation of a purgatory object against the kexec-tools x86_64 ABI
 * and against everything kexec-tools' ELF loader would trust unchecked.
 * Used by limbo-check, by the kexec plugin before it hands an object to
 * kexec's loader, by the unit tests and by test/fuzz/fuzz_elfrel.c (which
 * runs that loader on whatever passes).
 */
#ifndef LIMBO_ELFCHECK_H
#define LIMBO_ELFCHECK_H

#include <stddef.h>

/*
 * The largest purgatory object limbo-check and kexec --purgatory read.
 * A purgatory is tens of KiB (limbo's loaded footprint is held under
 * 64 KiB); anything near this size is not one.
 */
#define LIMBO_PURGATORY_MAX_FILE	(4u << 20)

/*
 * The largest sh_addralign accepted: a page.  kexec places the whole
 * object in one hole aligned to its largest section alignment; more than a
 * page buys a purgatory nothing and a hostile one a huge hole.
 */
#define LIMBO_PURGATORY_MAX_ALIGN	4096u

/*
 * The largest loaded footprint (memsz) accepted.  kexec allocates the
 * data part on its heap and finds a hole for all of it, in the crash
 * kernel's reservation for kdump; a purgatory needs tens of KiB, and an
 * object whose sections claim more is not one.
 */
#define LIMBO_PURGATORY_MAX_MEMSZ	(16u << 20)

struct limbo_elf_info {
	size_t file_size;
	unsigned long memsz;		/* what kexec will load: data + bss */
	unsigned long bufsz;		/* the part with file contents */
	unsigned long align;		/* the alignment kexec asks of the hole */
	int has_limbo_config;		/* a limbo purgatory, not just ABI-clean */
};

/*
 * Returns the number of problems found (0: the object is safe to load).
 * Each problem is one line appended to err (truncated to errlen).
 */
int limbo_elf_check(const void *buf, size_t len, struct limbo_elf_info *info,
		    char *err, size_t errlen);

#endif /* LIMBO_ELFCHECK_H */
