// SPDX-License-Identifier: GPL-2.0-only
/* What kexec built for the next kernel, read back; limbo's additions: see layout.h. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../kexec.h"
#include "../kexec-elf.h"
#include "layout.h"
#include <unistd.h>
#include <limbo/abi.h>
#include <limbo/idt.h>
#include <limbo/sha256.h>

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

static uint64_t bp_ptr(const char *bp, unsigned int lo_off, unsigned int hi_off)
{
	uint32_t lo, hi;

	memcpy(&lo, bp + lo_off, 4);
	memcpy(&hi, bp + hi_off, 4);
	return ((uint64_t)hi << 32) | lo;
}

/* kexec passes the ELF core header as elfcorehdr=<n>K */
static uint64_t elfcorehdr_of(const char *cmdline)
{
	const char *p = strstr(cmdline, "elfcorehdr=");
	unsigned long long v;
	char *end;

	if (!p)
		return 0;
	v = strtoull(p + 11, &end, 0);
	if (*end == 'K' || *end == 'k')
		v <<= 10;
	else if (*end == 'M' || *end == 'm')
		v <<= 20;
	return v;
}

void limbo_layout_read(struct kexec_info *info, struct limbo_next *next,
		       char *cmdline, size_t cllen)
{
	struct limbo_entry64_regs regs;
	const char *bp, *cl;
	size_t len, n;
	uint64_t backup = 0;

	memset(next, 0, sizeof(*next));
	cmdline[0] = '\0';
	elf_rel_get_symbol(&info->rhdr, "entry64_regs", &regs, sizeof(regs));
	next->entry = regs.rip;
	next->boot_params = regs.rsi;
	if (elf_rel_find_symbol(&info->rhdr, "backup_start", &(struct mem_sym){ 0 }) == 0) {
		elf_rel_get_symbol(&info->rhdr, "backup_start", &backup, sizeof(backup));
		next->backup = backup;
	}
	bp = segment_bytes(info, regs.rsi, &len);
	if (!bp || len < BP_CMD_LINE_PTR + 4)
		return;
	next->cmdline = bp_ptr(bp, BP_CMD_LINE_PTR, BP_EXT_CMD_LINE_PTR);
	next->initrd = bp_ptr(bp, BP_RAMDISK_IMAGE, BP_EXT_RAMDISK_IMAGE);
	cl = segment_bytes(info, next->cmdline, &len);
	if (!cl)
		return;
	n = strnlen(cl, len < cllen - 1 ? len : cllen - 1);
	memcpy(cmdline, cl, n);
	cmdline[n] = '\0';
	next->elfcorehdr = elfcorehdr_of(cmdline);
}

/*
 * kexec's update_purgatory() has just hashed the segments it chose and
 * written the list to sha256_regions: which ones is kexec's rule (every
 * segment but the purgatory's; from 2.0.28, with --hotplug, not the one
 * arch_do_exclude_segment() names, on x86 the elfcorehdr), so the list is
 * read back rather than the rule copied.
 */
void limbo_region_digests(struct kexec_info *info, const struct limbo_next *next)
{
	struct limbo_sha256_region hashed[LIMBO_SHA256_REGIONS];
	struct limbo_segment *segs;
	struct limbo_regions lr;
	struct mem_sym sym;
	char err[160];
	int i;

	if (elf_rel_find_symbol(&info->rhdr, "limbo_regions", &sym) < 0)
		return;
	elf_rel_get_symbol(&info->rhdr, "sha256_regions", hashed, sizeof(hashed));
	segs = xmalloc(sizeof(*segs) * (info->nr_segments ? info->nr_segments : 1));
	for (i = 0; i < info->nr_segments; i++) {
		segs[i].buf = info->segment[i].buf;
		segs[i].bufsz = info->segment[i].bufsz;
		segs[i].mem = (unsigned long)info->segment[i].mem;
		segs[i].memsz = info->segment[i].memsz;
	}
	if (limbo_regions_build(&lr, hashed, segs, (unsigned int)info->nr_segments, next,
				err, sizeof(err))) {
		fprintf(stderr, "limbo: warning: no per-region digests (a failed "
			"verification will not name the segment): %s\n", err);
		free(segs);
		return;
	}
	free(segs);
	for (i = 0; i < (int)lr.count; i++)
		dbgprintf("limbo: region %d: %#llx + %#llx: %s\n", i,
			  (unsigned long long)lr.r[i].start,
			  (unsigned long long)lr.r[i].len,
			  limbo_region_kind_name(lr.r[i].kind));
	elf_rel_set_symbol(&info->rhdr, "limbo_regions", &lr, sizeof(lr));
}

/*
 * Write limbo's TSS descriptor and 32 IDT gates for the address kexec
 * relocated the purgatory to, so that its entry can load the IDT four
 * instructions in, before any branch, instead of after building it (an
 * NMI before lidt is a triple fault; S3 caught it there twice).  The purgatory recomputes and
 * checks these bytes (limbo_idt_check) before trusting them further.
 */
void limbo_prebuild_idt(struct kexec_info *info, const char *path)
{
	uint64_t gdt[6], idt[LIMBO_IDT_VECTORS][2], mark = LIMBO_IDT_PREBUILT_MAGIC;
	unsigned long stubs = elf_rel_get_addr(&info->rhdr, "limbo_exc_stubs");
	unsigned long tss = elf_rel_get_addr(&info->rhdr, "limbo_tss");
	unsigned long tss_end = elf_rel_get_addr(&info->rhdr, "limbo_tss_end");
	unsigned int v;

	if (tss_end <= tss || tss_end - tss > 0x10000)
		die("--purgatory: %s: limbo_tss is %lu bytes\n", path, tss_end - tss);
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

void limbo_add_tables(struct kexec_info *info, const void *buf, size_t bufsz,
		      size_t memsz, struct limbo_config *cfg)
{
	unsigned long addr;
	int i;

	/* anywhere kexec may load (for kdump: the crash kernel region) */
	addr = add_buffer(info, buf, bufsz, memsz, getpagesize(), 0, ULONG_MAX, -1);
	if (sort_segments(info) < 0)
		die("limbo: the tables segment overlaps another segment\n");
	cfg->tables_addr = addr;
	for (i = 0; i < info->nr_segments; i++)
		if ((unsigned long)info->segment[i].mem == addr)
			cfg->tables_size = info->segment[i].memsz;	/* page-rounded */
	dbgprintf("limbo: tables segment at %#lx, %zu bytes of lists, %llu in all\n",
		  addr, bufsz, (unsigned long long)cfg->tables_size);
}

void limbo_self_digest(struct kexec_info *info, struct limbo_config *cfg,
		       const char *path)
{
	struct mem_sym sym;
	unsigned long start, end;
	const char *bytes;
	size_t len;

	if (elf_rel_find_symbol(&info->rhdr, "limbo_ro_end", &sym) < 0) {
		dbgprintf("limbo: %s has no limbo_ro_end: no self-check digest\n", path);
		return;
	}
	start = elf_rel_get_addr(&info->rhdr, "purgatory_start");
	end = elf_rel_get_addr(&info->rhdr, "limbo_ro_end");
	bytes = segment_bytes(info, start, &len);
	if (!bytes || end <= start || end - start > len || end - start > LIMBO_CFG_MAX_SELF)
		die("--purgatory: %s: its code and constants [%#lx, %#lx) are not one "
		    "loaded range\n", path, start, end);
	cfg->self_len = end - start;
	limbo_sha256(bytes, cfg->self_len, cfg->self_sha256);
	dbgprintf("limbo: self-check digest over %#lx-%#lx (%llu bytes)\n", start, end,
		  (unsigned long long)cfg->self_len);
}
