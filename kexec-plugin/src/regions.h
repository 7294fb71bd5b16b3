/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * limbo_regions, the per-region digests and kinds the purgatory uses to
 * name a segment that failed verification.  Pure: the caller (layout.c)
 * hands in kexec's segments and the sha256_regions kexec wrote, so the
 * unit tests can drive it with any layout.
 */
#ifndef LIMBO_REGIONS_H
#define LIMBO_REGIONS_H

#include <stddef.h>
#include <stdint.h>
#include <limbo/abi.h>

/* Where kexec put things for the next kernel; 0 where not found. */
struct limbo_next {
	uint64_t entry;			/* entry64_regs.rip */
	uint64_t boot_params;		/* entry64_regs.rsi */
	uint64_t cmdline, initrd;	/* from boot_params */
	uint64_t elfcorehdr;		/* elfcorehdr= on the command line */
	uint64_t backup;		/* backup_start (kdump) */
	uint64_t tables;		/* limbo's tables segment */
};

/* One segment kexec loads, as its struct kexec_segment describes it. */
struct limbo_segment {
	const void *buf;
	size_t bufsz;			/* bytes from buf; the rest is zero */
	uint64_t mem, memsz;
};

/* What segment @s holds, going by @next: enum limbo_region_kind. */
uint32_t limbo_region_kind(const struct limbo_segment *s, const struct limbo_next *next);

/*
 * Fill @lr from @hashed, the sha256_regions kexec wrote: one digest and
 * kind per used entry (len != 0), in kexec's order, each from the one
 * segment with that start and length.  kexec decides which segments it
 * hashes (never the purgatory's; with --hotplug, not the elfcorehdr
 * either), so following its list is what keeps the two in step, as the
 * purgatory requires before it trusts @lr.  Returns NULL, or why not
 * (into @err); then @lr is zero and must not be written.
 */
const char *limbo_regions_build(struct limbo_regions *lr,
				const struct limbo_sha256_region hashed[LIMBO_SHA256_REGIONS],
				const struct limbo_segment *segs, unsigned int nsegs,
				const struct limbo_next *next, char *err, size_t errlen);

#endif /* LIMBO_REGIONS_H */
