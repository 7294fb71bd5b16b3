/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * limbo's hooks into kexec-tools.  The patches in kexec-plugin/patches
 * call these from kexec/kexec.c and kexec/kexec-elf-rel.c; everything
 * else of the plugin lives in kexec/limbo/ of the patched tree.
 */
#ifndef LIMBO_KEXEC_H
#define LIMBO_KEXEC_H

#include <sys/types.h>

struct kexec_info;

/*
 * Option values must stay below OPT_MAX: every loader's getopt loop does
 * "default: if (opt < OPT_ARCH_MAX) break;" and falls through into
 * OPT_APPEND otherwise, so a larger value would append the option's
 * argument to the next kernel's command line.  Every value from OPT_MAX
 * down to 256 is taken, and so are the short option letters; control
 * characters are not.
 */
#define OPT_LIMBO_PURGATORY	0x11
#define OPT_LIMBO_PURGATORY_OPT	0x12

#define LIMBO_KEXEC_OPTIONS					\
	{ "purgatory",		1, 0, OPT_LIMBO_PURGATORY },	\
	{ "purgatory-opt",	1, 0, OPT_LIMBO_PURGATORY_OPT },

/* option handlers, from main()'s getopt loop */
void limbo_opt_purgatory(const char *path);
void limbo_opt_purgatory_opt(const char *arg);
/* after all options: refuse or force the syscall that honours --purgatory */
void limbo_choose_syscall(int *do_kexec_file_syscall, int *do_kexec_fallback);
/* my_load(), once the loader is known */
void limbo_check_loader(const char *file_type_name);
/* elf_rel_build_load(): swap in the external object */
void limbo_select_purgatory(const char **buf, off_t *len);
/* update_purgatory(), after arch_update_purgatory() */
void limbo_update_purgatory(struct kexec_info *info);
/* update_purgatory(), after sha256_regions and sha256_digest are written */
void limbo_after_digest(struct kexec_info *info);
/* usage() */
void limbo_usage(void);
/* --purgatory=FILE was given (default-kexec.c leaves the choice alone then) */
int limbo_purgatory_given(void);

/* the default purgatory's hooks in main() and my_load() */
#include "default.h"

#endif /* LIMBO_KEXEC_H */
