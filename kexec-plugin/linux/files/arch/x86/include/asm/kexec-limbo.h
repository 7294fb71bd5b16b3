/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _ASM_X86_KEXEC_LIMBO_H
#define _ASM_X86_KEXEC_LIMBO_H

struct kimage;

/*
 * Called by the bzImage64 loader once the purgatory is placed, before
 * the digest is computed: prepares limbo's purgatory (its stub IDT, its
 * configuration) for this image.  @cmdline: the next kernel's.
 */
int kexec_limbo_setup(struct kimage *image, const char *cmdline,
		      unsigned long cmdline_len);

#endif /* _ASM_X86_KEXEC_LIMBO_H */
