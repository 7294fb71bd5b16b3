// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kexec side of limbo: --purgatory=FILE and --purgatory-opt, and the
 * hooks the patch puts into kexec (limbo-kexec.h).  The work is done
 * elsewhere: gather.c reads the system, merge.c chooses, layout.c reads
 * back what kexec built and writes limbo's additions, print.c shows it.
 *
 * --purgatory only works with the kexec_load syscall: kexec_file_load
 * always uses the kernel's built-in purgatory.  So -s is refused, and
 * where kexec would try kexec_file_load first (2.0.27 and later, or -a)
 * the plugin forces kexec_load and says so with -d.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../kexec.h"
#include "../kexec-elf.h"
#include "limbo-kexec.h"
#include "elfcheck.h"
#include "fileio.h"
#include "gather.h"
#include "layout.h"
#include "merge.h"
#include "options.h"
#include "print.h"
#include <limbo/tables.h>

static const char *ext_path;
static char *ext_buf;
static size_t ext_len;
static int ext_is_limbo;
static struct limbo_opts opts;
static int opts_ready;
/* the next kernel's layout, read in limbo_update_purgatory() */
static struct limbo_next next_layout;

static void opts_setup(void)
{
	if (!opts_ready) {
		limbo_opts_init(&opts);
		opts_ready = 1;
	}
}

void limbo_opt_purgatory(const char *path)
{
	struct limbo_elf_info info;
	char err[4096];
	int n;

	if (ext_path)
		die("--purgatory given twice (%s, %s)\n", ext_path, path);
	if (limbo_read_file(path, LIMBO_PURGATORY_MAX_FILE, &ext_buf, &ext_len, err,
			    sizeof(err)) != LIMBO_READ_OK)
		die("--purgatory: %s\n", err);
	n = limbo_elf_check(ext_buf, ext_len, &info, err, sizeof(err));
	if (n)
		die("--purgatory=%s: not a purgatory kexec can load safely, %d problem%s:\n%s",
		    path, n, n == 1 ? "" : "s", err);
	ext_path = path;
	ext_is_limbo = info.has_limbo_config;
	dbgprintf("limbo: purgatory %s: %zu bytes, memsz %lu, %s\n", path,
		  info.file_size, info.memsz,
		  ext_is_limbo ? "limbo" : "plain kexec purgatory");
}

int limbo_purgatory_given(void)
{
	return ext_path != NULL;
}

void limbo_opt_purgatory_opt(const char *arg)
{
	char err[256];

	opts_setup();
	if (limbo_opts_parse(&opts, arg, err, sizeof(err)))
		die("--purgatory-opt: %s\n", err);
	if (opts.help) {
		limbo_opts_help(stdout);
		exit(0);
	}
}

void limbo_choose_syscall(int *do_kexec_file_syscall, int *do_kexec_fallback)
{
	if (opts_ready && opts.given && !ext_path)
		die("--purgatory-opt needs --purgatory=FILE (the built-in purgatory has no options)\n");
	if (!ext_path)
		return;
	if (!*do_kexec_file_syscall)
		return;
	if (!*do_kexec_fallback)
		die("--purgatory cannot be used with -s/--kexec-file-syscall: "
		    "kexec_file_load always runs the kernel's built-in purgatory\n");
	*do_kexec_file_syscall = 0;
	*do_kexec_fallback = 0;
	dbgprintf("limbo: --purgatory given: using kexec_load, not kexec_file_load "
		  "(which would ignore it)\n");
}

void limbo_check_loader(const char *name)
{
	if (!ext_path)
		return;
	if (strcmp(name, "bzImage64") && strcmp(name, "elf-x86_64"))
		die("--purgatory: the %s loader enters the purgatory in 32-bit mode; "
		    "limbo supports the 64-bit bzImage64 and elf-x86_64 loaders only\n",
		    name);
}

void limbo_select_purgatory(const char **buf, off_t *len)
{
	if (!ext_path || *buf != purgatory)
		return;
	*buf = ext_buf;
	*len = (off_t)ext_len;
}

/*
 * The config: the options, then what discovery found (IO-APICs and CPUs
 * from the MADT, /proc/iomem, /proc/cpuinfo, the boot CPU from
 * IA32_APIC_BASE.BSP, each cross-checked with a warning on stderr) and
 * whether the next kernel has acpi=off.  limbo_discovery_apply() is the
 * one check of the result; the IDT is prebuilt for where kexec put us.
 */
void limbo_update_purgatory(struct kexec_info *info)
{
	static struct limbo_discovery d;	/* 200 KiB: not on the stack */
	struct mem_sym sym;
	char cmdline[4096];
	const char *why;
	size_t bufsz, memsz;
	void *tables;

	if (!ext_path || !ext_is_limbo)
		goto plain;
	if (elf_rel_find_symbol(&info->rhdr, "limbo_config", &sym) < 0)
		die("--purgatory: %s lost its limbo_config\n", ext_path);
	opts_setup();
	limbo_gather(&d);
	limbo_discovery_merge(&d, stderr);
	if (d.cc_guest)
		die("limbo: this is a %s guest (%s): limbo's purgatory runs CPUID and "
		    "touches the local APIC, which raise #VE/#VC there with nothing to "
		    "handle them; not loading it\n", d.cc_guest, d.cc_source);
	limbo_layout_read(info, &next_layout, cmdline, sizeof(cmdline));
	limbo_discovery_next_kernel(&d, cmdline, stderr);
	tables = limbo_discovery_tables(&d, &opts.cfg, &bufsz, &memsz);
	if (!tables)
		die("limbo: out of memory for the tables segment\n");
	why = limbo_tables_check(tables, memsz);
	if (why)	/* a bug: the plugin built tables its purgatory refuses */
		die("limbo: internal error: tables segment refused (%s)\n", why);
	limbo_add_tables(info, tables, bufsz, memsz, &opts.cfg);	/* kexec keeps @tables */
	next_layout.tables = opts.cfg.tables_addr;
	if (info->skip_checks)
		fprintf(stderr, "limbo: warning: -i (no checks): the purgatory will not use the "
			"unverified IO-APIC and CPU lists\n");
	limbo_self_digest(info, &opts.cfg, ext_path);
	why = limbo_config_check(&opts.cfg);
	if (why)	/* every field is the parser's or ours: a bug */
		die("limbo: internal error: the config would be refused (%s)\n", why);
	elf_rel_set_symbol(&info->rhdr, "limbo_config", &opts.cfg,
			   sizeof(opts.cfg));
	dbgprintf("limbo: config at %#lx, %zu bytes, tables_addr at +%zu\n",
		  elf_rel_get_addr(&info->rhdr, "limbo_config"), sizeof(opts.cfg),
		  offsetof(struct limbo_config, tables_addr));
	limbo_prebuild_idt(info, ext_path);
	if (opts.show || kexec_debug) {
		limbo_discovery_print(stdout, &d, &opts.cfg);
		limbo_opts_show(stdout, &opts.cfg);
	}
	return;
plain:
	if (opts_ready && opts.given)
		die("--purgatory-opt: %s is not a limbo purgatory (no limbo_config)\n",
		    ext_path);
}

void limbo_after_digest(struct kexec_info *info)
{
	if (ext_path && ext_is_limbo)
		limbo_region_digests(info, &next_layout);
}

void limbo_usage(void)
{
	printf("     --purgatory=FILE Load FILE (an x86_64 ET_REL purgatory such as\n"
	       "                      limbo's purgatory.ro) instead of the built-in\n"
	       "                      purgatory.  Needs kexec_load: refused with -s,\n"
	       "                      forces kexec_load where kexec_file_load is the\n"
	       "                      default.\n"
	       "     --purgatory-opt=KEY=VALUE[,KEY=VALUE...]\n"
	       "                      Configure the limbo purgatory; 'help' lists\n"
	       "                      the keys, 'show' prints what will be applied.\n");
}
