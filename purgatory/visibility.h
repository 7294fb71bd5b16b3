/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Force-included into every purgatory C file.  Hidden visibility makes
 * gcc address every symbol PC-relative (R_X86_64_PC32) instead of through
 * a GOT, which kexec-tools cannot relocate.  Symbols stay STB_GLOBAL, so
 * kexec still finds the ABI symbols by name.
 */
#ifndef __ASSEMBLER__
#pragma GCC visibility push(hidden)
#endif
