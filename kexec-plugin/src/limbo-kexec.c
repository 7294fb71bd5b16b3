// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kexec side of limbo: --purgatory=FILE and --purgatory-opt.
 *
 * --purgatory only works with the kexec_load syscall: kexec_file_load
 * always uses the kernel's built-in purgatory.  So -s is refused, and
 * where kexec would try kexec_file_load first (2.0.27 and later, or -a)
 * the plugin forces kexec_load and says so with -d.
 */
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../kexec.h"
#include "../kexec-elf.h"
#include "limbo-kexec.h"
#include "elfcheck.h"
#include "options.h"
#include "discover.h"

static const char *ext_path;
static char *ext_buf;
static off_t ext_len;
static int ext_is_limbo;
static struct limbo_opts opts;
static int opts_ready;

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
	ext_buf = slurp_file(path, &ext_len);	/* dies with a message */
	n = limbo_elf_check(ext_buf, (size_t)ext_len, &info, err, sizeof(err));
	if (n)
		die("--purgatory=%s: not a purgatory kexec can load safely, %d problem%s:\n%s",
		    path, n, n == 1 ? "" : "s", err);
	ext_path = path;
	ext_is_limbo = info.has_limbo_config;
	dbgprintf("limbo: purgatory %s: %zu bytes, memsz %lu, %s\n", path,
		  info.file_size, info.memsz,
		  ext_is_limbo ? "limbo" : "plain kexec purgatory");
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
	*len = ext_len;
}

/* The loaded bytes at physical @addr, or NULL (with up to @len valid). */
static const char *segment_bytes(struct kexec_info *info, unsigned long addr,
				 size_t *len)
{
	int i;

	for (i = 0; i < info->nr_segments; i++) {
		unsigned long mem = (unsigned long)info->segment[i].mem;

		if (addr >= mem && addr < mem + info->segment[i].bufsz) {
			*len = info->segment[i].bufsz - (addr - mem);
			return (const char *)info->segment[i].buf + (addr - mem);
		}
	}
	return NULL;
}

/*
 * The next kernel's command line, read back from the boot_params kexec
 * built (entry64_regs.rsi): hdr.cmd_line_ptr at 0x228, ext_cmd_line_ptr
 * at 0xc8.  Empty if there is none.
 */
static void next_cmdline(struct kexec_info *info, char *out, size_t outlen)
{
	struct { uint64_t r[16]; uint64_t rip; } regs;
	const char *bp, *cl;
	uint32_t lo, hi;
	size_t len, n;

	out[0] = '\0';
	elf_rel_get_symbol(&info->rhdr, "entry64_regs", &regs, sizeof(regs));
	bp = segment_bytes(info, regs.r[4], &len);	/* rsi */
	if (!bp || len < 0x22c)
		return;
	memcpy(&lo, bp + 0x228, 4);
	memcpy(&hi, bp + 0xc8, 4);
	cl = segment_bytes(info, ((unsigned long)hi << 32) | lo, &len);
	if (!cl)
		return;
	n = strnlen(cl, len < outlen - 1 ? len : outlen - 1);
	memcpy(out, cl, n);
	out[n] = '\0';
}

static void discover(struct kexec_info *info, struct limbo_discovery *d)
{
	char cmdline[4096];
	off_t len = 0;
	char *text;

	memset(d, 0, sizeof(*d));
	d->acpi = access("/sys/firmware/acpi/tables/APIC", R_OK) == 0;
	d->max_apic_id = 0xffffffff;
	text = slurp_file_len("/proc/cpuinfo", 1 << 22, &len);
	if (text) {
		if (limbo_parse_cpuinfo_apicids(text, (size_t)len, &d->max_apic_id,
						&d->cpus))
			d->max_apic_id = 0xffffffff;
		free(text);
	}
	next_cmdline(info, cmdline, sizeof(cmdline));
	d->next_acpi_off = limbo_cmdline_has_acpi_off(cmdline);
}

void limbo_update_purgatory(struct kexec_info *info)
{
	struct limbo_discovery d;
	struct mem_sym sym;

	if (!ext_path || !ext_is_limbo)
		goto plain;
	if (elf_rel_find_symbol(&info->rhdr, "limbo_config", &sym) < 0)
		die("--purgatory: %s lost its limbo_config\n", ext_path);
	opts_setup();
	discover(info, &d);
	opts.cfg.max_apic_id = d.max_apic_id;
	if (!d.acpi || d.next_acpi_off)
		opts.cfg.flags |= LIMBO_CFG_NEXT_MPTABLE;
	elf_rel_set_symbol(&info->rhdr, "limbo_config", &opts.cfg,
			   sizeof(opts.cfg));
	if (opts.show || kexec_debug) {
		printf("limbo discovery: ACPI MADT %s, %u CPUs, largest APIC ID %u, "
		       "next kernel %s\n",
		       d.acpi ? "present" : "absent", d.cpus, d.max_apic_id,
		       d.next_acpi_off ? "has acpi=off (boots through MPTABLE)" :
		       d.acpi ? "boots through ACPI" : "has no ACPI to boot through");
		limbo_opts_show(stdout, &opts.cfg);
	}
	return;
plain:
	if (opts_ready && opts.given)
		die("--purgatory-opt: %s is not a limbo purgatory (no limbo_config)\n",
		    ext_path);
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
