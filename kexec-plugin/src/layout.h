/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading back what kexec built for the next kernel, and writing what
 * limbo adds to it: the per-region digests and the prebuilt IDT.  Needs
 * kexec-tools' own headers: built in kexec/limbo/ only.
 */
#ifndef LIMBO_LAYOUT_H
#define LIMBO_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

/* Where kexec put things for the next kernel; 0 where not found. */
struct limbo_next {
	uint64_t entry;			/* entry64_regs.rip */
	uint64_t boot_params;		/* entry64_regs.rsi */
	uint64_t cmdline, initrd;	/* from boot_params */
	uint64_t elfcorehdr;		/* elfcorehdr= on the command line */
	uint64_t backup;		/* backup_start (kdump) */
};

struct kexec_info;

/*
 * Where kexec put the next kernel's pieces, from entry64_regs (rip, rsi =
 * boot_params), backup_start and the boot_params it built; and the next
 * kernel's command line into @cmdline (empty if not found).
 */
void limbo_layout_read(struct kexec_info *info, struct limbo_next *next,
		       char *cmdline, size_t cllen);

/*
 * Write limbo_regions: a digest and a kind per region, in kexec's own
 * order (every segment but the purgatory's, zero tail included), so that
 * the purgatory can name the segment that failed.
 */
void limbo_region_digests(struct kexec_info *info, const struct limbo_next *next);

/*
 * Write limbo's TSS descriptor and IDT gates for the address kexec
 * relocated the purgatory to; @path names the object in messages.
 */
void limbo_prebuild_idt(struct kexec_info *info, const char *path);

#endif /* LIMBO_LAYOUT_H */
