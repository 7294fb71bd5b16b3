// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kexec side of limbo: --purgatory=FILE and --purgatory-opt.
 *
 * --purgatory only works with the kexec_load syscall: kexec_file_load
 * always uses the kernel's built-in purgatory.  So -s is refused, and
 * where kexec would try kexec_file_load first (2.0.27 and later, or -a)
 * the plugin forces kexec_load and says so with -d.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE		/* cpu_set_t, sched_setaffinity */
#endif
#include <cpuid.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
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
#include <limbo/abi.h>
#include <limbo/idt.h>
#include <limbo/sha256.h>

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

/* boot_params fields (Documentation/arch/x86/zero-page.rst, boot.rst) */
#define BP_EXT_RAMDISK_IMAGE	0x0c0
#define BP_EXT_CMD_LINE_PTR	0x0c8
#define BP_RAMDISK_IMAGE	0x218
#define BP_CMD_LINE_PTR		0x228

/* Where kexec put things for the next kernel, read back from what it built. */
struct next_layout {
	unsigned long entry, boot_params, cmdline, initrd, elfcorehdr, backup;
};

static unsigned long bp_ptr(const char *bp, unsigned int lo_off, unsigned int hi_off)
{
	uint32_t lo, hi;

	memcpy(&lo, bp + lo_off, 4);
	memcpy(&hi, bp + hi_off, 4);
	return ((unsigned long)hi << 32) | lo;
}

/*
 * The next kernel's command line and segment layout, from entry64_regs
 * (rip, rsi = boot_params) and the boot_params kexec built.
 */
static void next_layout(struct kexec_info *info, struct next_layout *l,
			char *cmdline, size_t cllen)
{
	struct limbo_entry64_regs regs;
	const char *bp, *cl, *p;
	size_t len, n;
	uint64_t backup = 0;

	memset(l, 0, sizeof(*l));
	cmdline[0] = '\0';
	elf_rel_get_symbol(&info->rhdr, "entry64_regs", &regs, sizeof(regs));
	l->entry = regs.rip;
	l->boot_params = regs.rsi;
	if (elf_rel_find_symbol(&info->rhdr, "backup_start", &(struct mem_sym){ 0 }) == 0) {
		elf_rel_get_symbol(&info->rhdr, "backup_start", &backup, sizeof(backup));
		l->backup = backup;
	}
	bp = segment_bytes(info, regs.rsi, &len);
	if (!bp || len < BP_CMD_LINE_PTR + 4)
		return;
	l->cmdline = bp_ptr(bp, BP_CMD_LINE_PTR, BP_EXT_CMD_LINE_PTR);
	l->initrd = bp_ptr(bp, BP_RAMDISK_IMAGE, BP_EXT_RAMDISK_IMAGE);
	cl = segment_bytes(info, l->cmdline, &len);
	if (!cl)
		return;
	n = strnlen(cl, len < cllen - 1 ? len : cllen - 1);
	memcpy(cmdline, cl, n);
	cmdline[n] = '\0';
	/* kexec passes the ELF core header as elfcorehdr=<n>K */
	p = strstr(cmdline, "elfcorehdr=");
	if (p) {
		char *end;
		unsigned long v = strtoul(p + 11, &end, 0);

		if (*end == 'K' || *end == 'k')
			v <<= 10;
		else if (*end == 'M' || *end == 'm')
			v <<= 20;
		l->elfcorehdr = v;
	}
}

static int in_segment(const struct kexec_segment *s, unsigned long addr)
{
	unsigned long mem = (unsigned long)s->mem;

	return addr && addr >= mem && addr < mem + s->memsz;
}

static uint32_t region_kind(const struct kexec_segment *s, const struct next_layout *l)
{
	if (in_segment(s, l->entry))
		return LIMBO_REGION_KERNEL;
	if (in_segment(s, l->initrd))
		return LIMBO_REGION_INITRD;
	if (in_segment(s, l->boot_params))
		return LIMBO_REGION_BOOTPARAMS;
	if (in_segment(s, l->cmdline))
		return LIMBO_REGION_CMDLINE;
	if (in_segment(s, l->elfcorehdr))
		return LIMBO_REGION_ELFCOREHDR;
	if (in_segment(s, l->backup))
		return LIMBO_REGION_BACKUP;
	return LIMBO_REGION_OTHER;
}

/*
 * A digest and a kind per region, in kexec's own order (every segment but
 * the purgatory's, zero tail included), so that the purgatory can name
 * the segment that failed.
 */
static void region_digests(struct kexec_info *info, const struct next_layout *l)
{
	static const uint8_t zeros[4096];
	struct limbo_regions lr;
	struct mem_sym sym;
	int i;

	if (info->skip_checks ||
	    elf_rel_find_symbol(&info->rhdr, "limbo_regions", &sym) < 0)
		return;
	memset(&lr, 0, sizeof(lr));
	lr.magic = LIMBO_REGIONS_MAGIC;
	for (i = 0; i < info->nr_segments; i++) {
		const struct kexec_segment *s = &info->segment[i];
		struct limbo_sha256 ctx;
		size_t tail;

		if (s->mem == (void *)info->rhdr.rel_addr)
			continue;
		if (lr.count == LIMBO_SHA256_REGIONS)
			die("limbo: more than %d segments to verify\n", LIMBO_SHA256_REGIONS);
		limbo_sha256_init(&ctx);
		limbo_sha256_update(&ctx, s->buf, s->bufsz);
		for (tail = s->memsz - s->bufsz; tail; ) {
			size_t n = tail < sizeof(zeros) ? tail : sizeof(zeros);

			limbo_sha256_update(&ctx, zeros, n);
			tail -= n;
		}
		limbo_sha256_final(&ctx, lr.r[lr.count].sha256);
		lr.r[lr.count].start = (unsigned long)s->mem;
		lr.r[lr.count].len = s->memsz;
		lr.r[lr.count].kind = region_kind(s, l);
		dbgprintf("limbo: region %u: %p + %zx: %s\n", lr.count, s->mem,
			  s->memsz, limbo_region_kind_name(lr.r[lr.count].kind));
		lr.count++;
	}
	elf_rel_set_symbol(&info->rhdr, "limbo_regions", &lr, sizeof(lr));
}

/*
 * Up to @max bytes of @path into a malloc'ed buffer, or NULL with errno
 * set.  A procfs or sysfs file has no useful st_size, so read to EOF.
 */
static char *read_small_file(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	int saved;

	*len = 0;
	if (!f)
		return NULL;
	buf = malloc(max);
	if (!buf) {
		fclose(f);
		errno = ENOMEM;
		return NULL;
	}
	*len = fread(buf, 1, max, f);
	saved = ferror(f) ? EIO : 0;
	fclose(f);
	if (saved) {
		free(buf);
		errno = saved;
		return NULL;
	}
	return buf;
}

#define MADT_PATH	"/sys/firmware/acpi/tables/APIC"
#define MADT_MAX	(1 << 20)	/* ACPI allows 4 GiB; 1 MiB is 80,000 CPUs */

static void discover_madt(struct limbo_discovery *d)
{
	size_t len;
	char *buf = read_small_file(MADT_PATH, MADT_MAX, &len);

	if (!buf) {
		d->acpi = errno != ENOENT;
		if (d->acpi)
			fprintf(stderr, "limbo: warning: %s: %s; IO-APICs and CPUs from "
				"/proc/iomem and /proc/cpuinfo\n", MADT_PATH, strerror(errno));
		return;
	}
	d->acpi = 1;
	d->madt_ok = !limbo_parse_madt(buf, len, &d->madt);
	if (!d->madt_ok)
		fprintf(stderr, "limbo: warning: %s not used: %s; IO-APICs and CPUs "
			"from /proc/iomem and /proc/cpuinfo\n", MADT_PATH, d->madt.err);
	free(buf);
}

static void discover_text(struct limbo_discovery *d)
{
	size_t len;
	char *text;

	text = read_small_file("/proc/iomem", 1 << 22, &len);
	if (text) {
		d->iomem_ok = !limbo_parse_iomem(text, len, &d->iomem);
		if (!d->iomem_ok && !d->madt_ok)
			fprintf(stderr, "limbo: warning: %s\n", d->iomem.err);
		free(text);
	} else {
		snprintf(d->iomem.err, sizeof(d->iomem.err), "/proc/iomem: %s",
			 strerror(errno));
	}
	text = read_small_file("/proc/cpuinfo", 1 << 22, &len);
	if (text) {
		d->cpuinfo_ok = !limbo_parse_cpuinfo(text, len, &d->cpuinfo);
		if (!d->cpuinfo_ok)
			fprintf(stderr, "limbo: warning: %s\n", d->cpuinfo.err);
		free(text);
	} else {
		snprintf(d->cpuinfo.err, sizeof(d->cpuinfo.err), "/proc/cpuinfo: %s",
			 strerror(errno));
	}
}

/* This CPU's APIC ID: CPUID leaf 0xb (x2APIC ID), else leaf 1 (8 bits). */
static uint32_t this_cpu_apic_id(void)
{
	unsigned int a, b, c, dx;

	if (__get_cpuid_max(0, NULL) >= 0xb) {
		__cpuid_count(0xb, 0, a, b, c, dx);
		if (b)			/* leaf 0xb implemented */
			return dx;
	}
	__cpuid(1, a, b, c, dx);
	return b >> 24;
}

/*
 * The CPU the firmware started: the one whose IA32_APIC_BASE (MSR 0x1b)
 * has BSP (bit 8) set, read through the msr driver; its APIC ID from
 * CPUID run on it.  A kexec chain renumbers Linux's CPUs (the new kernel's
 * processor 0 is whichever CPU ran kexec -e) but leaves the flag alone,
 * so this is the source park=init trusts first.  Without /dev/cpu/N/msr
 * (module msr not loaded, or not root) discovery falls back to
 * /proc/cpuinfo and says so.
 */
static void discover_bsp(struct limbo_discovery *d)
{
	DIR *dp = opendir("/dev/cpu");
	struct dirent *de;
	cpu_set_t old;

	if (!dp)
		return;
	if (sched_getaffinity(0, sizeof(old), &old)) {
		closedir(dp);
		return;
	}
	while ((de = readdir(dp))) {
		char path[64], *end;
		uint64_t base;
		long n = strtol(de->d_name, &end, 10);
		int fd;

		if (end == de->d_name || *end || n < 0 || n >= CPU_SETSIZE)
			continue;
		snprintf(path, sizeof(path), "/dev/cpu/%ld/msr", n);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		if (pread(fd, &base, sizeof(base), 0x1b) == sizeof(base) &&
		    (base & (1ULL << 8))) {
			cpu_set_t one;

			CPU_ZERO(&one);
			CPU_SET(n, &one);
			if (!sched_setaffinity(0, sizeof(one), &one))
				d->bsp_msr_apic_id = this_cpu_apic_id();
			sched_setaffinity(0, sizeof(old), &old);
			close(fd);
			break;
		}
		close(fd);
	}
	closedir(dp);
}

/*
 * IO-APICs from the MADT (else /proc/iomem), CPUs from the MADT (else
 * /proc/cpuinfo), the boot CPU from IA32_APIC_BASE.BSP (else
 * /proc/cpuinfo, else the MADT), each
 * cross-checked with a warning on stderr; whether the next kernel has
 * acpi=off; and the region digests.
 */
static void discover(struct kexec_info *info, struct limbo_discovery *d)
{
	struct next_layout l;
	char cmdline[4096];

	limbo_discovery_init(d);
	discover_madt(d);
	discover_text(d);
	discover_bsp(d);
	limbo_discovery_merge(d, stderr);
	next_layout(info, &l, cmdline, sizeof(cmdline));
	d->next_acpi_off = limbo_cmdline_has_acpi_off(cmdline);
	region_digests(info, &l);
}

/*
 * Write limbo's TSS descriptor and 32 IDT gates for the address kexec
 * relocated the purgatory to, so that its entry can load the IDT seven
 * instructions in instead of after building it (an NMI before lidt is a
 * triple fault; S3 caught one there).  The purgatory recomputes and
 * checks these bytes (limbo_idt_check) before trusting them further.
 */
static void prebuild_idt(struct kexec_info *info)
{
	uint64_t gdt[6], idt[LIMBO_IDT_VECTORS][2], mark = LIMBO_IDT_PREBUILT_MAGIC;
	unsigned long stubs = elf_rel_get_addr(&info->rhdr, "limbo_exc_stubs");
	unsigned long tss = elf_rel_get_addr(&info->rhdr, "limbo_tss");
	unsigned long tss_end = elf_rel_get_addr(&info->rhdr, "limbo_tss_end");
	unsigned int v;

	if (tss_end <= tss || tss_end - tss > 0x10000)
		die("--purgatory: %s: limbo_tss is %lu bytes\n", ext_path,
		    tss_end - tss);
	elf_rel_get_symbol(&info->rhdr, "limbo_gdt", gdt, sizeof(gdt));
	limbo_tss_desc_encode(tss, (uint32_t)(tss_end - tss - 1),
			      &gdt[LIMBO_GDT_TSS / 8]);
	for (v = 0; v < LIMBO_IDT_VECTORS; v++)
		limbo_gate_encode(stubs + LIMBO_IDT_STUB_SIZE * v,
				  limbo_ist_of_vector(v), idt[v]);
	elf_rel_set_symbol(&info->rhdr, "limbo_gdt", gdt, sizeof(gdt));
	elf_rel_set_symbol(&info->rhdr, "limbo_idt", idt, sizeof(idt));
	elf_rel_set_symbol(&info->rhdr, "limbo_idt_prebuilt", &mark,
			   sizeof(mark));
	dbgprintf("limbo: IDT prebuilt: stubs at %#lx, TSS at %#lx\n",
		  stubs, tss);
}

void limbo_update_purgatory(struct kexec_info *info)
{
	struct limbo_discovery d;
	struct mem_sym sym;
	const char *why;

	if (!ext_path || !ext_is_limbo)
		goto plain;
	if (elf_rel_find_symbol(&info->rhdr, "limbo_config", &sym) < 0)
		die("--purgatory: %s lost its limbo_config\n", ext_path);
	opts_setup();
	discover(info, &d);
	limbo_discovery_apply(&d, &opts.cfg, stderr);
	why = limbo_config_check(&opts.cfg);
	if (why)
		die("limbo: the purgatory would refuse this config: %s\n", why);
	elf_rel_set_symbol(&info->rhdr, "limbo_config", &opts.cfg,
			   sizeof(opts.cfg));
	prebuild_idt(info);
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
