/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading back what kexec built for the next kernel, and writing what
 * limbo adds to it: the per-region digests and the prebuilt IDT.  Needs
 * kexec-tools' own headers: built in kexec/limbo/ only.
 */
#ifndef LIMBO_LAYOUT_H
#define LIMBO_LAYOUT_H

#include <stddef.h>
#include <limbo/config.h>
#include "regions.h"

struct kexec_info;

/*
 * Where kexec put the next kernel's pieces, from entry64_regs (rip, rsi =
 * boot_params), backup_start and the boot_params it built; and the next
 * kernel's command line into @cmdline (empty if not found).
 */
void limbo_layout_read(struct kexec_info *info, struct limbo_next *next,
		       char *cmdline, size_t cllen);

/*
 * Once kexec has written sha256_regions: write limbo_regions from them
 * (regions.h).  Warns and writes nothing if they cannot be matched.
 */
void limbo_region_digests(struct kexec_info *info, const struct limbo_next *next);

/*
 * Add the tables segment (@bufsz bytes of @buf, zero-filled to @memsz)
 * before kexec hashes the segments, so that verification covers it, and
 * name it in @cfg (tables_addr, and tables_size as kexec will hash it).
 */
void limbo_add_tables(struct kexec_info *info, const void *buf, size_t bufsz,
		      size_t memsz, struct limbo_config *cfg);

/*
 * Record in @cfg the SHA-256 of the relocated purgatory's code and
 * constants, [purgatory_start, limbo_ro_end), for its self-check; @path
 * names the object in messages.  Nothing for an object without
 * limbo_ro_end.
 */
void limbo_self_digest(struct kexec_info *info, struct limbo_config *cfg,
		       const char *path);

/*
 * Write limbo's TSS descriptor and IDT gates for the address kexec
 * relocated the purgatory to; @path names the object in messages.
 */
void limbo_prebuild_idt(struct kexec_info *info, const char *path);

#endif /* LIMBO_LAYOUT_H */
