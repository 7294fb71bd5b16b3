// SPDX-License-Identifier: GPL-2.0-only
/*
 * Is this object one kexec-tools can load as a purgatory, safely?
 *
 * kexec-tools' loader (build_elf_info(), elf_rel_load() and
 * elf_rel_{find,get,set}_symbol()) trusts most of what it reads: it
 * indexes its section array with sh_link, sh_info and st_shndx after
 * testing them with "> e_shnum" (one too many), writes at target section
 * + r_offset, reads the symbol at r_sym * 24 and the name at strtab +
 * st_name, and sums section sizes into the buffer it allocates, all
 * without further checks.  Every field it would use unchecked is checked
 * here and every sum is overflow-checked, so that an object that passes
 * is one the loader processes inside its buffers; test/fuzz/fuzz_elfrel.c
 * runs that loader on everything that passes.
 *
 * The fields are decoded by hand, little-endian ELF64, exactly as kexec
 * reads them, not through a library with its own view of a broken file.
 *
 * On top come the purgatory ABI rules: an x86_64 ET_REL; e_entry inside
 * the first executable section; no undefined or COMMON symbols; only
 * R_X86_64_{NONE,64,PC32,PLT32} relocations, since kexec may place the
 * object above 4 GiB; every ABI symbol global, defined, of the exact size
 * and outside .bss.
 */
#include <elf.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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
	const unsigned char *buf;
	size_t len;
	Elf64_Ehdr eh;
	Elf64_Shdr *sh;		/* the e_shnum section headers */
	size_t shnum;
	const char *shstr;	/* section names, NUL-terminated; NULL: unusable */
	uint64_t shstr_size;
	size_t symtab;		/* index of the symbol table; 0: none usable */
	Elf64_Sym *sym;
	size_t nsym;
	const char *str;	/* the symbol names, NUL-terminated */
	uint64_t str_size;
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

/* ---- decoding, as kexec's elf16/32/64_to_cpu() do for ELFDATA2LSB ------ */

static uint64_t rd(const unsigned char *p, size_t n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

#define RD(p, s, f) ((s)->f = rd((p) + offsetof(__typeof__(*(s)), f), sizeof((s)->f)))

static void read_ehdr(const unsigned char *p, Elf64_Ehdr *e)
{
	memcpy(e->e_ident, p, EI_NIDENT);
	RD(p, e, e_type);
	RD(p, e, e_machine);
	RD(p, e, e_version);
	RD(p, e, e_entry);
	RD(p, e, e_phoff);
	RD(p, e, e_shoff);
	RD(p, e, e_flags);
	RD(p, e, e_ehsize);
	RD(p, e, e_phentsize);
	RD(p, e, e_phnum);
	RD(p, e, e_shentsize);
	RD(p, e, e_shnum);
	RD(p, e, e_shstrndx);
}

static void read_shdr(const unsigned char *p, Elf64_Shdr *s)
{
	RD(p, s, sh_name);
	RD(p, s, sh_type);
	RD(p, s, sh_flags);
	RD(p, s, sh_addr);
	RD(p, s, sh_offset);
	RD(p, s, sh_size);
	RD(p, s, sh_link);
	RD(p, s, sh_info);
	RD(p, s, sh_addralign);
	RD(p, s, sh_entsize);
}

static void read_sym(const unsigned char *p, Elf64_Sym *s)
{
	RD(p, s, st_name);
	RD(p, s, st_info);
	RD(p, s, st_other);
	RD(p, s, st_shndx);
	RD(p, s, st_value);
	RD(p, s, st_size);
}

/* Elf64_Rel is the first two fields of Elf64_Rela */
static void read_rela(const unsigned char *p, int with_addend, Elf64_Rela *r)
{
	RD(p, r, r_offset);
	RD(p, r, r_info);
	if (with_addend)
		RD(p, r, r_addend);
	else
		r->r_addend = 0;
}

/* [off, off + size) lies inside [0, limit) */
static int range_ok(uint64_t off, uint64_t size, uint64_t limit)
{
	uint64_t end;

	return !__builtin_add_overflow(off, size, &end) && end <= limit;
}

static const char *sec_name(const struct ctx *c, size_t i)
{
	if (!c->shstr || i >= c->shnum || c->sh[i].sh_name >= c->shstr_size)
		return "?";
	return c->shstr + c->sh[i].sh_name;
}

static const char *sym_name(const struct ctx *c, const Elf64_Sym *s)
{
	if (!c->str || s->st_name >= c->str_size)
		return "?";
	return c->str + s->st_name;
}

/* "section N (NAME)" */
#define SEC	"section %zu (%s)"
#define SECA(c, i)	(size_t)(i), sec_name(c, i)

/* ---- the ELF header: build_mem_ehdr(), machine_verify_elf_rel() --------- */

static int check_header(struct ctx *c)
{
	const Elf64_Ehdr *e = &c->eh;

	if (e->e_ident[EI_CLASS] != ELFCLASS64 || e->e_machine != EM_X86_64)
		problem(c, "not an x86_64 object (class %d, machine %u)",
			e->e_ident[EI_CLASS], e->e_machine);
	if (e->e_ident[EI_DATA] != ELFDATA2LSB)
		problem(c, "not little-endian (EI_DATA %u): kexec's x86_64 loader refuses it",
			e->e_ident[EI_DATA]);
	if (e->e_ident[EI_VERSION] != EV_CURRENT || e->e_version != EV_CURRENT)
		problem(c, "ELF version %u/%u, not %u: kexec refuses it",
			e->e_ident[EI_VERSION], e->e_version, EV_CURRENT);
	if (e->e_type != ET_REL)
		problem(c, "not relocatable (e_type %u): kexec needs an ET_REL object (ld -r)",
			e->e_type);
	if (c->problems)
		return -1;
	if (e->e_ehsize != sizeof(Elf64_Ehdr))
		problem(c, "e_ehsize %u, not %zu: kexec refuses it",
			e->e_ehsize, sizeof(Elf64_Ehdr));
	/* kexec would parse them and the notes they point at */
	if (e->e_phnum)
		problem(c, "%u program headers: an ET_REL object (ld -r) has none",
			e->e_phnum);
	if (e->e_phentsize && e->e_phentsize != sizeof(Elf64_Phdr))
		problem(c, "e_phentsize %u, not 0 or %zu",
			e->e_phentsize, sizeof(Elf64_Phdr));
	if (!e->e_shoff || !e->e_shnum) {
		problem(c, "no section headers (e_shoff 0x%llx, e_shnum %u): kexec finds everything through them",
			(unsigned long long)e->e_shoff, e->e_shnum);
		return -1;
	}
	if (e->e_shentsize != sizeof(Elf64_Shdr)) {
		problem(c, "e_shentsize %u, not %zu: kexec reads %zu-byte section headers",
			e->e_shentsize, sizeof(Elf64_Shdr), sizeof(Elf64_Shdr));
		return -1;
	}
	if (!range_ok(e->e_shoff, (uint64_t)e->e_shnum * sizeof(Elf64_Shdr), c->len)) {
		problem(c, "truncated: the section header table (offset 0x%llx, %u entries) ends past the end of the file (%zu bytes)",
			(unsigned long long)e->e_shoff, e->e_shnum, c->len);
		return -1;
	}
	if (e->e_shstrndx == SHN_UNDEF || e->e_shstrndx >= e->e_shnum)
		problem(c, "e_shstrndx %u is not a section (%u sections): kexec names unnamed symbols through it",
			e->e_shstrndx, e->e_shnum);
	return c->problems ? -1 : 0;
}

/* ---- section headers: build_mem_shdrs() and what elf_rel_load() trusts -- */

static unsigned int entsize_of(uint32_t type)
{
	switch (type) {
	case SHT_SYMTAB:	return sizeof(Elf64_Sym);
	case SHT_RELA:		return sizeof(Elf64_Rela);
	case SHT_REL:		return sizeof(Elf64_Rel);
	case SHT_DYNAMIC:	return sizeof(Elf64_Dyn);
	default:		return 0;
	}
}

static int check_section(struct ctx *c, size_t i)
{
	const Elf64_Shdr *s = &c->sh[i];
	int before = c->problems;
	unsigned int es = entsize_of(s->sh_type);
	uint64_t a = s->sh_addralign, end;

	if (s->sh_type != SHT_NOBITS) {
		if (!range_ok(s->sh_offset, s->sh_size, c->len))
			problem(c, "truncated: " SEC ": offset 0x%llx + 0x%llx bytes ends past the end of the file (%zu bytes)",
				SECA(c, i), (unsigned long long)s->sh_offset,
				(unsigned long long)s->sh_size, c->len);
	} else if (s->sh_offset > c->len) {
		/* kexec still points sh_data at buf + sh_offset */
		problem(c, SEC ": sh_offset 0x%llx is past the end of the file (%zu bytes)",
			SECA(c, i), (unsigned long long)s->sh_offset, c->len);
	}
	if (__builtin_add_overflow(s->sh_addr, s->sh_size, &end))
		problem(c, SEC ": sh_addr 0x%llx + sh_size 0x%llx wraps around",
			SECA(c, i), (unsigned long long)s->sh_addr,
			(unsigned long long)s->sh_size);
	if (a & (a - 1))
		problem(c, SEC ": sh_addralign %llu is not a power of two",
			SECA(c, i), (unsigned long long)a);
	else if (a > LIMBO_PURGATORY_MAX_ALIGN)
		problem(c, SEC ": sh_addralign %llu is larger than %u",
			SECA(c, i), (unsigned long long)a, LIMBO_PURGATORY_MAX_ALIGN);
	if (es && s->sh_entsize != es)
		problem(c, SEC ": sh_entsize %llu, a section of type %u has %u-byte entries",
			SECA(c, i), (unsigned long long)s->sh_entsize, s->sh_type, es);
	else if (es && s->sh_size % es)
		problem(c, SEC ": sh_size %llu is not a whole number of %u-byte entries",
			SECA(c, i), (unsigned long long)s->sh_size, es);
	return c->problems != before;
}

/*
 * A string table kexec indexes: a STRTAB inside the file (check_section()
 * first), non-empty and ending in NUL, so every name that starts inside it
 * ends inside it.
 */
static const char *string_table(struct ctx *c, size_t i, uint64_t *size,
				const char *user)
{
	const Elf64_Shdr *s = &c->sh[i];

	if (s->sh_type != SHT_STRTAB) {
		problem(c, "%s: " SEC " is not a string table (type %u)",
			user, SECA(c, i), s->sh_type);
		return NULL;
	}
	if (!s->sh_size || c->buf[s->sh_offset + s->sh_size - 1]) {
		problem(c, "%s: string table " SEC " is %s",
			user, SECA(c, i), s->sh_size ? "not NUL-terminated" : "empty");
		return NULL;
	}
	*size = s->sh_size;
	return (const char *)c->buf + s->sh_offset;
}

/*
 * build_mem_notes() walks the first SHT_NOTE section, reading each 12-byte
 * header before it knows it is there; check every note section.
 */
static void check_notes(struct ctx *c, size_t i)
{
	const Elf64_Shdr *s = &c->sh[i];
	const unsigned char *p = c->buf + s->sh_offset;
	uint64_t off = 0;

	while (off < s->sh_size) {
		uint64_t left = s->sh_size - off, namesz, descsz, n;

		if (left < sizeof(Elf64_Nhdr)) {
			problem(c, SEC ": truncated note header at offset %llu",
				SECA(c, i), (unsigned long long)off);
			return;
		}
		namesz = rd(p + off, 4);
		descsz = rd(p + off + 4, 4);
		n = sizeof(Elf64_Nhdr) + ((namesz + 3) & ~3ull) + ((descsz + 3) & ~3ull);
		if (n > left) {
			problem(c, SEC ": note at offset %llu (name %llu, desc %llu bytes) ends past the section",
				SECA(c, i), (unsigned long long)off,
				(unsigned long long)namesz, (unsigned long long)descsz);
			return;
		}
		off += n;
	}
}

static int check_sections(struct ctx *c)
{
	const Elf64_Shdr *s0;
	size_t i, ss = c->eh.e_shstrndx;

	c->shnum = c->eh.e_shnum;
	c->sh = calloc(c->shnum, sizeof(*c->sh));
	if (!c->sh) {
		problem(c, "out of memory");
		return -1;
	}
	for (i = 0; i < c->shnum; i++)
		read_shdr(c->buf + c->eh.e_shoff + i * sizeof(Elf64_Shdr), &c->sh[i]);

	/* the names first, so that every later message can use them */
	if (check_section(c, ss))
		return -1;
	c->shstr = string_table(c, ss, &c->shstr_size, "e_shstrndx");
	if (!c->shstr)
		return -1;

	/* kexec names unnamed symbols of section 0 (the null symbol) by it */
	for (i = 0; i < c->shnum; i++)
		if (c->sh[i].sh_name >= c->shstr_size)
			problem(c, "section %zu: sh_name 0x%x is past the end of the section names (%llu bytes)",
				i, c->sh[i].sh_name,
				(unsigned long long)c->shstr_size);
	s0 = &c->sh[0];
	if (s0->sh_type != SHT_NULL || s0->sh_flags || s0->sh_size ||
	    s0->sh_addr || s0->sh_offset || s0->sh_link || s0->sh_info ||
	    s0->sh_name || s0->sh_addralign || s0->sh_entsize)
		problem(c, "section 0 is not the null section (type %u, name 0x%x, flags 0x%llx, size %llu)",
			s0->sh_type, s0->sh_name, (unsigned long long)s0->sh_flags,
			(unsigned long long)s0->sh_size);
	for (i = 1; i < c->shnum; i++)
		if (i != ss && !check_section(c, i) &&
		    c->sh[i].sh_type == SHT_NOTE)
			check_notes(c, i);
	return c->problems ? -1 : 0;
}

/* ---- the symbol table ---------------------------------------------------- */

static int check_symtab(struct ctx *c)
{
	const Elf64_Shdr *s;
	size_t i, n = 0;

	for (i = 1; i < c->shnum; i++) {
		if (c->sh[i].sh_type != SHT_SYMTAB)
			continue;
		if (n++)
			problem(c, "a second symbol table, " SEC " (the first is section %zu): kexec searches both",
				SECA(c, i), c->symtab);
		else
			c->symtab = i;
	}
	if (!n) {
		problem(c, "no symbol table: kexec finds the ABI symbols by name (do not strip the object)");
		return -1;
	}
	s = &c->sh[c->symtab];
	if (s->sh_link >= c->shnum) {
		problem(c, "symbol table " SEC ": sh_link %u is not a section (%zu sections)",
			SECA(c, c->symtab), s->sh_link, c->shnum);
		return -1;
	}
	c->str = string_table(c, s->sh_link, &c->str_size, "symbol names");
	if (!c->str || c->problems)
		return -1;
	c->nsym = s->sh_size / sizeof(Elf64_Sym);
	c->sym = calloc(c->nsym ? c->nsym : 1, sizeof(*c->sym));
	if (!c->sym) {
		problem(c, "out of memory");
		return -1;
	}
	for (i = 0; i < c->nsym; i++)
		read_sym(c->buf + s->sh_offset + i * sizeof(Elf64_Sym), &c->sym[i]);
	return 0;
}

static int is_null_sym(const Elf64_Sym *s)
{
	return !s->st_name && !s->st_info && !s->st_other && !s->st_shndx &&
	       !s->st_value && !s->st_size;
}

/* What elf_rel_load() and elf_rel_find_symbol() do with each symbol. */
static void check_symbol(struct ctx *c, size_t i)
{
	const Elf64_Sym *s = &c->sym[i];
	const char *name = sym_name(c, s);
	const Elf64_Shdr *sec;

	if (!i) {
		if (!is_null_sym(s))
			problem(c, "symbol 0 is not the null symbol");
		return;
	}
	if (s->st_name >= c->str_size)
		problem(c, "symbol %zu: st_name 0x%x is past the end of its string table (%llu bytes)",
			i, s->st_name, (unsigned long long)c->str_size);
	if (s->st_shndx == SHN_UNDEF) {
		problem(c, "undefined symbol '%s' (symbol %zu): kexec would resolve it to address 0",
			name, i);
		return;
	}
	if (s->st_shndx == SHN_COMMON) {
		problem(c, "symbol '%s' is COMMON: build with -fno-common", name);
		return;
	}
	if (s->st_shndx == SHN_ABS)
		return;
	if (s->st_shndx >= c->shnum) {
		problem(c, "symbol %zu '%s': section index 0x%x is not a section (%zu sections)",
			i, name, s->st_shndx, c->shnum);
		return;
	}
	sec = &c->sh[s->st_shndx];
	/* elf_rel_{get,set}_symbol() copy st_size bytes at sh_data + st_value */
	if (!range_ok(s->st_value, s->st_size, sec->sh_size))
		problem(c, "symbol %zu '%s' (0x%llx + %llu bytes) overruns " SEC " of %llu bytes",
			i, name, (unsigned long long)s->st_value,
			(unsigned long long)s->st_size, SECA(c, s->st_shndx),
			(unsigned long long)sec->sh_size);
}

/* ---- relocations: elf_rel_load() and machine_apply_elf_rel() ------------ */

static int is_allowed_reloc(unsigned long type)
{
	return type == R_X86_64_NONE || type == R_X86_64_64 ||
	       type == R_X86_64_PC32 || type == R_X86_64_PLT32;
}

/* bytes machine_apply_elf_rel() writes at the location */
static unsigned int reloc_width(unsigned long type)
{
	return type == R_X86_64_64 ? 8 : type == R_X86_64_NONE ? 0 : 4;
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

/* One relocation of section r, applied to section t; 0 if sound. */
static int check_reloc(struct ctx *c, size_t r, size_t t, size_t k,
		       const Elf64_Rela *ra)
{
	unsigned long type = ELF64_R_TYPE(ra->r_info);
	unsigned long sym = ELF64_R_SYM(ra->r_info);
	unsigned int w = reloc_width(type);
	const Elf64_Sym *s;

	if (!is_allowed_reloc(type)) {
		problem(c, "relocation %s (type %lu) in " SEC ", entry %zu: kexec may load the purgatory above 4 GiB and cannot apply it (build with -fpie and hidden visibility, or -mcmodel=large)",
			reloc_name(type), type, SECA(c, r), k);
		return -1;
	}
	if (sym >= c->nsym) {
		problem(c, SEC ", relocation %zu: symbol index %lu is past the symbol table (%zu symbols)",
			SECA(c, r), k, sym, c->nsym);
		return -1;
	}
	if (!range_ok(ra->r_offset, w, c->sh[t].sh_size)) {
		problem(c, SEC ", relocation %zu: r_offset 0x%llx + %u bytes is outside " SEC " of 0x%llx bytes",
			SECA(c, r), k, (unsigned long long)ra->r_offset, w,
			SECA(c, t), (unsigned long long)c->sh[t].sh_size);
		return -1;
	}
	s = &c->sym[sym];
	/* for an unnamed symbol kexec prints e_shdr[st_shndx]'s name */
	if (!s->st_name && s->st_shndx >= c->shnum) {
		problem(c, SEC ", relocation %zu: unnamed symbol %lu has section index 0x%x, past the %zu sections kexec looks its name up in",
			SECA(c, r), k, sym, s->st_shndx, c->shnum);
		return -1;
	}
	if (s->st_shndx != SHN_ABS && s->st_shndx < c->shnum &&
	    sym && !(c->sh[s->st_shndx].sh_flags & SHF_ALLOC)) {
		problem(c, SEC ", relocation %zu: symbol %lu '%s' is in " SEC ", which kexec does not load",
			SECA(c, r), k, sym, sym_name(c, s), SECA(c, s->st_shndx));
		return -1;
	}
	/* kexec stores value - address truncated to 32 bits, unchecked */
	if (w == 4 && (!sym || s->st_shndx == SHN_ABS)) {
		problem(c, SEC ", relocation %zu: PC-relative %s against the absolute symbol %lu '%s': the displacement depends on where kexec loads the purgatory, and kexec does not check that it fits",
			SECA(c, r), k, type == R_X86_64_PC32 ? "R_X86_64_PC32" :
			"R_X86_64_PLT32", sym, sym_name(c, s));
		return -1;
	}
	return 0;
}

static void check_relocs(struct ctx *c)
{
	size_t r, k;

	for (r = 1; r < c->shnum; r++) {
		const Elf64_Shdr *rs = &c->sh[r];
		int rela = rs->sh_type == SHT_RELA;
		size_t t = rs->sh_info;

		if (rs->sh_type != SHT_RELA && rs->sh_type != SHT_REL)
			continue;
		if (!t || t >= c->shnum) {
			problem(c, "relocation " SEC ": sh_info %u is not a section (%zu sections)",
				SECA(c, r), rs->sh_info, c->shnum);
			continue;
		}
		if (rs->sh_link != c->symtab) {
			problem(c, "relocation " SEC ": sh_link %u is not the symbol table (section %zu)",
				SECA(c, r), rs->sh_link, c->symtab);
			continue;
		}
		if (!(c->sh[t].sh_flags & SHF_ALLOC))
			continue;	/* debug info: kexec does not apply these */
		if (c->sh[t].sh_type == SHT_NOBITS) {
			problem(c, "relocation " SEC " applies to NOBITS " SEC ", which has no bytes for kexec to patch",
				SECA(c, r), SECA(c, t));
			continue;
		}
		/* patching a symbol or relocation table would change what
		 * kexec reads next, after it was checked here */
		if (c->sh[t].sh_type != SHT_PROGBITS) {
			problem(c, "relocation " SEC " applies to " SEC " of type %u, not PROGBITS",
				SECA(c, r), SECA(c, t), c->sh[t].sh_type);
			continue;
		}
		for (k = 0; k < rs->sh_size / rs->sh_entsize; k++) {
			Elf64_Rela ra;

			read_rela(c->buf + rs->sh_offset + k * rs->sh_entsize, rela, &ra);
			if (check_reloc(c, r, t, k, &ra))
				break;		/* one line per section is enough */
		}
	}
}

/* ---- layout: elf_rel_load()'s footprint and entry arithmetic ------------ */

/* *x = _ALIGN(*x, a) + size, as kexec computes it, or -1 if it wraps */
static int place(uint64_t *x, uint64_t a, uint64_t size)
{
	uint64_t v;

	if (__builtin_add_overflow(*x, a - 1, &v))
		return -1;
	v &= ~(a - 1);
	return __builtin_add_overflow(v, size, x) ? -1 : 0;
}

static void check_layout(struct ctx *c, struct limbo_elf_info *info)
{
	uint64_t buf = 0, bss = 0, buf_align = 1, bss_align = 1, pad = 0, memsz;
	size_t i;

	for (i = 1; i < c->shnum; i++) {
		const Elf64_Shdr *s = &c->sh[i];
		uint64_t a = s->sh_addralign ? s->sh_addralign : 1;
		int nobits = s->sh_type == SHT_NOBITS;

		if (!(s->sh_flags & SHF_ALLOC))
			continue;
		if (nobits)
			bss_align = a > bss_align ? a : bss_align;
		else
			buf_align = a > buf_align ? a : buf_align;
		/*
		 * Blame the section that makes data + bss (+ the pad, less
		 * than an alignment) wrap or grow past the limit.
		 */
		if (place(nobits ? &bss : &buf, a, s->sh_size) ||
		    __builtin_add_overflow(buf, bss, &memsz) ||
		    __builtin_add_overflow(memsz, LIMBO_PURGATORY_MAX_ALIGN, &memsz)) {
			problem(c, SEC ": size 0x%llx overflows the loaded footprint",
				SECA(c, i), (unsigned long long)s->sh_size);
			return;
		}
		if (memsz > LIMBO_PURGATORY_MAX_MEMSZ) {
			problem(c, SEC ": size 0x%llx takes the loaded footprint past %u bytes",
				SECA(c, i), (unsigned long long)s->sh_size,
				LIMBO_PURGATORY_MAX_MEMSZ);
			return;
		}
	}
	if (buf & (bss_align - 1))
		pad = bss_align - (buf & (bss_align - 1));
	if (__builtin_add_overflow(buf, pad, &memsz) ||
	    __builtin_add_overflow(memsz, bss, &memsz)) {
		problem(c, "the loaded footprint (0x%llx + 0x%llx bytes) overflows",
			(unsigned long long)buf, (unsigned long long)bss);
		return;
	}
	info->bufsz = buf;
	info->memsz = memsz;
	info->align = buf_align > bss_align ? buf_align : bss_align;

	for (i = 1; i < c->shnum; i++) {
		const Elf64_Shdr *s = &c->sh[i];

		if ((s->sh_flags & (SHF_ALLOC | SHF_EXECINSTR)) !=
		    (SHF_ALLOC | SHF_EXECINSTR))
			continue;
		/* kexec resolves e_entry against the first such section only */
		if (s->sh_type == SHT_NOBITS)
			problem(c, "the first executable " SEC " is NOBITS: nothing to enter",
				SECA(c, i));
		else if (c->eh.e_entry < s->sh_addr ||
			 c->eh.e_entry - s->sh_addr >= s->sh_size)
			problem(c, "e_entry 0x%llx is outside the first executable " SEC " (kexec would enter at 0x%llx of nothing)",
				(unsigned long long)c->eh.e_entry, SECA(c, i),
				(unsigned long long)c->eh.e_entry);
		return;
	}
	problem(c, "no executable section: nothing for kexec to enter");
}

/* ---- the ABI: names kexec and the plugin read and write ------------------ */

static const struct limbo_abi_symbol abi_symbols[] = {
#define ABI_ROW(n, s) { n, s },
	LIMBO_ABI_SYMBOLS(ABI_ROW)
#undef ABI_ROW
};
#define N_ABI_SYMBOLS (sizeof(abi_symbols) / sizeof(abi_symbols[0]))

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

/* check_symbol() has made st_shndx ABS or a section */
static int has_section(const struct ctx *c, const Elf64_Sym *s)
{
	return s->st_shndx != SHN_ABS && s->st_shndx < c->shnum;
}

static int in_bss(const struct ctx *c, const Elf64_Sym *s)
{
	return has_section(c, s) && c->sh[s->st_shndx].sh_type == SHT_NOBITS;
}

/*
 * elf_rel_set_symbol() writes at sh_data + st_value: a loaded PROGBITS
 * section is kexec's copy; any other is the file image kexec reads its
 * tables from.  (A symbol without a section has been reported already.)
 */
static void check_writable(struct ctx *c, const Elf64_Sym *s, const char *name)
{
	const Elf64_Shdr *sec;

	if (!has_section(c, s))
		return;
	sec = &c->sh[s->st_shndx];
	if (sec->sh_type != SHT_PROGBITS || !(sec->sh_flags & SHF_ALLOC))
		problem(c, "'%s' is in " SEC ", not a loaded PROGBITS section kexec can write",
			name, SECA(c, s->st_shndx));
}

static void check_limbo_symbol(struct ctx *c, const Elf64_Sym *s,
			       const char *name, unsigned char *found)
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
		if (!has_section(c, s))
			problem(c, "%s has no section", name);
		else if (limbo_symbols[k].written && in_bss(c, s))
			problem(c, "%s is in .bss, where kexec cannot write it", name);
		else if (limbo_symbols[k].written)
			check_writable(c, s, name);
	}
}

static void check_abi_symbol(struct ctx *c, const Elf64_Sym *s,
			     const char *name, unsigned char *found)
{
	size_t j;

	for (j = 0; j < N_ABI_SYMBOLS; j++) {
		const struct limbo_abi_symbol *a = &abi_symbols[j];

		if (strcmp(name, a->name))
			continue;
		found[j] = 1;
		if (a->size && s->st_size != a->size)
			problem(c, "ABI symbol '%s' is %llu bytes, kexec expects %lu",
				name, (unsigned long long)s->st_size, a->size);
		if (!has_section(c, s))
			problem(c, "ABI symbol '%s' has no section", name);
		else if (in_bss(c, s))
			problem(c, "ABI symbol '%s' is in .bss, where kexec cannot write it (initialise it, build with -fno-zero-initialized-in-bss)",
				name);
		else if (a->size)
			check_writable(c, s, name);
	}
}

static void check_abi(struct ctx *c, struct limbo_elf_info *info)
{
	unsigned char found[N_ABI_SYMBOLS] = { 0 };
	unsigned char limbo_found[N_LIMBO_SYMBOLS] = { 0 };
	size_t i, j;

	for (i = 1; i < c->nsym; i++) {
		const Elf64_Sym *s = &c->sym[i];
		const char *name = sym_name(c, s);

		/* elf_rel_find_symbol() looks at global symbols only */
		if (ELF64_ST_BIND(s->st_info) != STB_GLOBAL)
			continue;
		if (!strcmp(name, "limbo_config")) {
			if (s->st_size != sizeof(struct limbo_config))
				problem(c, "limbo_config is %llu bytes, this build expects %zu: purgatory and plugin are from different limbo versions",
					(unsigned long long)s->st_size,
					sizeof(struct limbo_config));
			else if (!has_section(c, s) || in_bss(c, s))
				problem(c, "limbo_config is not in a section kexec can write");
			else
				info->has_limbo_config = 1;
			if (s->st_size == sizeof(struct limbo_config) &&
			    has_section(c, s) && !in_bss(c, s))
				check_writable(c, s, name);
		}
		check_limbo_symbol(c, s, name, limbo_found);
		check_abi_symbol(c, s, name, found);
	}
	for (j = 0; j < N_ABI_SYMBOLS; j++)
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
	struct ctx c = { .buf = buf, .len = len, .err = err, .errlen = errlen };
	size_t i;

	if (!info)
		info = &dummy;
	memset(info, 0, sizeof(*info));
	info->file_size = len;
	if (err && errlen)
		err[0] = '\0';
	if (len < SELFMAG || memcmp(buf, ELFMAG, SELFMAG)) {
		problem(&c, "not an ELF file");
		return c.problems;
	}
	if (len < sizeof(Elf64_Ehdr)) {
		problem(&c, "truncated: %zu bytes, less than an ELF header", len);
		return c.problems;
	}
	read_ehdr(c.buf, &c.eh);
	if (check_header(&c) || check_sections(&c) || check_symtab(&c))
		goto out;
	/* from here every index is tested before it is used */
	for (i = 0; i < c.nsym; i++)
		check_symbol(&c, i);
	check_relocs(&c);
	check_layout(&c, info);
	check_abi(&c, info);
out:
	free(c.sh);
	free(c.sym);
	if (c.problems)
		info->has_limbo_config = 0;
	return c.problems;
}
