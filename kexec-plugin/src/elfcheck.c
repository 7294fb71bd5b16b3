// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ABI rules a purgatory object must obey (see shared DESIGN.md):
 * an x86_64 ET_REL; e_entry inside the first executable section; no
 * undefined or COMMON symbols; only R_X86_64_{NONE,64,PC32,PLT32}
 * relocations, since kexec may place the object above 4 GiB; every ABI
 * symbol global, defined, of the exact size and outside .bss.
 */
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <limbo/abi.h>
#include <limbo/idt.h>
#include <limbo/config.h>
#include "elfcheck.h"

/* kexec-tools ships an older <elf.h> that predates these */
#ifndef R_X86_64_GOTPCRELX
#define R_X86_64_GOTPCRELX	41
#endif
#ifndef R_X86_64_REX_GOTPCRELX
#define R_X86_64_REX_GOTPCRELX	42
#endif

struct ctx {
	Elf *elf;
	size_t len;
	char *err;
	size_t errlen, used;
	int problems;
};

static void problem(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void problem(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	int n;

	c->problems++;
	if (!c->err || c->used + 1 >= c->errlen)
		return;
	va_start(ap, fmt);
	n = vsnprintf(c->err + c->used, c->errlen - c->used, fmt, ap);
	va_end(ap);
	if (n > 0)
		c->used += (size_t)n;
	if (c->used + 1 < c->errlen) {
		c->err[c->used++] = '\n';
		c->err[c->used] = '\0';
	} else {
		c->used = c->errlen - 1;
	}
}

static const struct limbo_abi_symbol abi_symbols[] = {
#define ABI_ROW(n, s) { n, s },
	LIMBO_ABI_SYMBOLS(ABI_ROW)
#undef ABI_ROW
};

/*
 * limbo's own symbols the plugin writes or reads (size 0: any size); the
 * ones it writes must not be in .bss.  Checked once limbo_config marks the
 * object as a limbo purgatory.
 */
static const struct {
	const char *name;
	unsigned long size;
	int written;
} limbo_symbols[] = {
	{ "limbo_regions",	sizeof(struct limbo_regions), 1 },
	{ "limbo_gdt",		48, 1 },
	{ "limbo_idt",		LIMBO_IDT_VECTORS * 16, 1 },
	{ "limbo_idt_prebuilt",	8, 1 },
	{ "limbo_tss",		0, 0 },
	{ "limbo_tss_end",	0, 0 },
	{ "limbo_exc_stubs",	0, 0 },
};
#define N_LIMBO_SYMBOLS (sizeof(limbo_symbols) / sizeof(limbo_symbols[0]))

static int in_bss(struct ctx *c, const GElf_Ehdr *eh, const GElf_Sym *s)
{
	GElf_Shdr ssh;
	Elf_Scn *sscn;

	if (s->st_shndx >= SHN_LORESERVE || s->st_shndx >= eh->e_shnum)
		return 0;
	sscn = elf_getscn(c->elf, s->st_shndx);
	return sscn && gelf_getshdr(sscn, &ssh) && ssh.sh_type == SHT_NOBITS;
}

static void check_limbo_symbol(struct ctx *c, const GElf_Ehdr *eh,
			       const GElf_Sym *s, const char *name,
			       unsigned char *found)
{
	size_t k;

	for (k = 0; k < N_LIMBO_SYMBOLS; k++) {
		if (strcmp(name, limbo_symbols[k].name))
			continue;
		found[k] = 1;
		if (limbo_symbols[k].size && s->st_size != limbo_symbols[k].size)
			problem(c, "%s is %llu bytes, this build expects %lu: purgatory and plugin are from different limbo versions",
				name, (unsigned long long)s->st_size,
				limbo_symbols[k].size);
		if (s->st_shndx == SHN_ABS || s->st_shndx >= SHN_LORESERVE ||
		    s->st_shndx >= eh->e_shnum)
			problem(c, "%s has no section", name);
		else if (limbo_symbols[k].written && in_bss(c, eh, s))
			problem(c, "%s is in .bss, where kexec cannot write it", name);
	}
}

static int is_allowed_reloc(unsigned long type)
{
	return type == R_X86_64_NONE || type == R_X86_64_64 ||
	       type == R_X86_64_PC32 || type == R_X86_64_PLT32;
}

static const char *reloc_name(unsigned long type)
{
	switch (type) {
	case R_X86_64_32:	return "R_X86_64_32";
	case R_X86_64_32S:	return "R_X86_64_32S";
	case R_X86_64_GOTPCREL:	return "R_X86_64_GOTPCREL";
	case R_X86_64_GOTPCRELX: return "R_X86_64_GOTPCRELX";
	case R_X86_64_REX_GOTPCRELX: return "R_X86_64_REX_GOTPCRELX";
	case R_X86_64_16:	return "R_X86_64_16";
	case R_X86_64_8:	return "R_X86_64_8";
	default:		return "R_X86_64_?";
	}
}

/* Section headers and their contents must lie inside the file. */
static int check_bounds(struct ctx *c, const GElf_Ehdr *eh)
{
	Elf_Scn *scn = NULL;
	int bad = 0;

	if (eh->e_shoff > c->len ||
	    (size_t)eh->e_shnum * eh->e_shentsize > c->len - eh->e_shoff) {
		problem(c, "truncated: section header table ends past the end of the file (%zu bytes)",
			c->len);
		return -1;
	}
	while ((scn = elf_nextscn(c->elf, scn))) {
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh))
			return -1;
		if (sh.sh_type == SHT_NOBITS)
			continue;
		if (sh.sh_offset > c->len || sh.sh_size > c->len - sh.sh_offset) {
			problem(c, "truncated: section %zu ends past the end of the file",
				elf_ndxscn(scn));
			bad = -1;
		}
	}
	return bad;
}

static void check_entry(struct ctx *c, const GElf_Ehdr *eh, struct limbo_elf_info *info)
{
	Elf_Scn *scn = NULL;
	unsigned long bss = 0, bss_align = 1, bss_pad;

	info->bufsz = 0;
	info->align = 1;
	while ((scn = elf_nextscn(c->elf, scn))) {
		GElf_Shdr sh;
		unsigned long a;

		if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC))
			continue;
		a = sh.sh_addralign ? sh.sh_addralign : 1;
		/* kexec's elf_rel_load() footprint arithmetic */
		if (sh.sh_type == SHT_NOBITS) {
			bss_align = a > bss_align ? a : bss_align;
			bss = ((bss + a - 1) & ~(a - 1)) + sh.sh_size;
		} else {
			info->align = a > info->align ? a : info->align;
			info->bufsz = ((info->bufsz + a - 1) & ~(a - 1)) + sh.sh_size;
		}
	}
	bss_pad = (info->bufsz & (bss_align - 1)) ?
		  bss_align - (info->bufsz & (bss_align - 1)) : 0;
	info->memsz = info->bufsz + bss_pad + bss;

	scn = NULL;
	while ((scn = elf_nextscn(c->elf, scn))) {
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh))
			continue;
		if ((sh.sh_flags & (SHF_ALLOC | SHF_EXECINSTR)) !=
		    (SHF_ALLOC | SHF_EXECINSTR))
			continue;
		/* kexec resolves e_entry against the first such section only */
		if (eh->e_entry >= sh.sh_addr + sh.sh_size || eh->e_entry < sh.sh_addr)
			problem(c, "e_entry 0x%llx is outside the first executable section (kexec would enter at 0x%llx of nothing)",
				(unsigned long long)eh->e_entry,
				(unsigned long long)eh->e_entry);
		return;
	}
	problem(c, "no executable section: nothing for kexec to enter");
}

static void check_relocs(struct ctx *c)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(c->elf, scn))) {
		GElf_Shdr sh, target;
		Elf_Scn *tscn;
		Elf_Data *d;
		size_t i, n;

		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type != SHT_RELA && sh.sh_type != SHT_REL)
			continue;
		tscn = elf_getscn(c->elf, sh.sh_info);
		if (!tscn || !gelf_getshdr(tscn, &target)) {
			problem(c, "relocation section %zu targets a missing section %u",
				elf_ndxscn(scn), sh.sh_info);
			continue;
		}
		if (!(target.sh_flags & SHF_ALLOC))
			continue;	/* debug info: kexec does not apply these */
		d = elf_getdata(scn, NULL);
		if (!d || !sh.sh_entsize)
			continue;
		n = sh.sh_size / sh.sh_entsize;
		for (i = 0; i < n; i++) {
			unsigned long type;
			GElf_Rela ra;
			GElf_Rel r;

			if (sh.sh_type == SHT_RELA) {
				if (!gelf_getrela(d, (int)i, &ra))
					break;
				type = GELF_R_TYPE(ra.r_info);
			} else {
				if (!gelf_getrel(d, (int)i, &r))
					break;
				type = GELF_R_TYPE(r.r_info);
			}
			if (!is_allowed_reloc(type)) {
				problem(c, "relocation %s (type %lu) in section %u: kexec may load the purgatory above 4 GiB and cannot apply it (build with -fpie and hidden visibility, or -mcmodel=large)",
					reloc_name(type), type, sh.sh_info);
				return;		/* one line is enough */
			}
		}
	}
}

static Elf_Scn *find_symtab(Elf *elf, GElf_Shdr *sh)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(elf, scn)))
		if (gelf_getshdr(scn, sh) && sh->sh_type == SHT_SYMTAB)
			return scn;
	return NULL;
}

static void check_symbols(struct ctx *c, const GElf_Ehdr *eh, struct limbo_elf_info *info)
{
	unsigned char found[sizeof(abi_symbols) / sizeof(abi_symbols[0])] = { 0 };
	unsigned char limbo_found[N_LIMBO_SYMBOLS] = { 0 };
	GElf_Shdr sh;
	Elf_Scn *scn = find_symtab(c->elf, &sh);
	Elf_Data *d;
	size_t i, j, n;

	if (!scn || !(d = elf_getdata(scn, NULL)) || !sh.sh_entsize) {
		problem(c, "no symbol table: kexec finds the ABI symbols by name (do not strip the object)");
		return;
	}
	n = sh.sh_size / sh.sh_entsize;
	for (i = 1; i < n; i++) {
		GElf_Sym s;
		const char *name;

		if (!gelf_getsym(d, (int)i, &s))
			break;
		name = elf_strptr(c->elf, sh.sh_link, s.st_name);
		if (!name)
			name = "?";
		if (s.st_shndx == SHN_UNDEF && *name) {
			problem(c, "undefined symbol '%s': kexec would resolve it to address 0", name);
			continue;
		}
		if (s.st_shndx == SHN_COMMON) {
			problem(c, "symbol '%s' is COMMON: build with -fno-common", name);
			continue;
		}
		if (GELF_ST_BIND(s.st_info) != STB_GLOBAL)
			continue;
		if (!strcmp(name, "limbo_config")) {
			if (s.st_size != sizeof(struct limbo_config))
				problem(c, "limbo_config is %llu bytes, this build expects %zu: purgatory and plugin are from different limbo versions",
					(unsigned long long)s.st_size,
					sizeof(struct limbo_config));
			else
				info->has_limbo_config = 1;
		}
		check_limbo_symbol(c, eh, &s, name, limbo_found);
		for (j = 0; j < sizeof(found); j++) {
			const struct limbo_abi_symbol *a = &abi_symbols[j];

			if (strcmp(name, a->name))
				continue;
			found[j] = 1;
			if (a->size && s.st_size != a->size)
				problem(c, "ABI symbol '%s' is %llu bytes, kexec expects %lu",
					name, (unsigned long long)s.st_size, a->size);
			if (s.st_shndx >= SHN_LORESERVE || s.st_shndx >= eh->e_shnum) {
				problem(c, "ABI symbol '%s' has no section", name);
				continue;
			}
			if (in_bss(c, eh, &s))
				problem(c, "ABI symbol '%s' is in .bss, where kexec cannot write it (initialise it, build with -fno-zero-initialized-in-bss)",
					name);
		}
	}
	for (j = 0; j < sizeof(found); j++)
		if (!found[j])
			problem(c, "ABI symbol '%s' is missing (or not global)",
				abi_symbols[j].name);
	for (j = 0; info->has_limbo_config && j < N_LIMBO_SYMBOLS; j++)
		if (!limbo_found[j])
			problem(c, "limbo purgatory without '%s' (or not global): purgatory and plugin are from different limbo versions",
				limbo_symbols[j].name);
}

int limbo_elf_check(const void *buf, size_t len, struct limbo_elf_info *info,
		    char *err, size_t errlen)
{
	struct limbo_elf_info dummy;
	struct ctx c = { NULL, len, err, errlen, 0, 0 };
	GElf_Ehdr eh;

	if (!info)
		info = &dummy;
	memset(info, 0, sizeof(*info));
	info->file_size = len;
	if (err && errlen)
		err[0] = '\0';
	if (elf_version(EV_CURRENT) == EV_NONE) {
		problem(&c, "libelf: %s", elf_errmsg(-1));
		return c.problems;
	}
	if (len < EI_NIDENT || memcmp(buf, ELFMAG, SELFMAG)) {
		problem(&c, "not an ELF file");
		return c.problems;
	}
	c.elf = elf_memory((char *)buf, len);
	if (!c.elf || elf_kind(c.elf) != ELF_K_ELF || !gelf_getehdr(c.elf, &eh)) {
		problem(&c, "not a readable ELF file (%s)", elf_errmsg(-1));
		goto out;
	}
	if (gelf_getclass(c.elf) != ELFCLASS64 || eh.e_machine != EM_X86_64)
		problem(&c, "not an x86_64 object (class %d, machine %u)",
			gelf_getclass(c.elf), eh.e_machine);
	if (eh.e_type != ET_REL)
		problem(&c, "not relocatable (e_type %u): kexec needs an ET_REL object (ld -r)",
			eh.e_type);
	if (c.problems || check_bounds(&c, &eh))
		goto out;
	check_entry(&c, &eh, info);
	check_relocs(&c);
	check_symbols(&c, &eh, info);
out:
	if (c.elf)
		elf_end(c.elf);
	return c.problems;
}
