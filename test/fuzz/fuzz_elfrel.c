// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: limbo's purgatory checker, then kexec-tools' own
 * loader on whatever the checker accepts.
 *
 * Every input goes through limbo_elf_check().  When it passes, the same
 * bytes go through the code kexec runs on a --purgatory file, compiled
 * from the kexec-tools source (see fuzz.mk) under ASan and UBSan:
 * build_elf_rel_info() and elf_rel_load() as elf_rel_build_load() calls
 * them, then elf_rel_{get,set}_symbol() and elf_rel_get_addr() on every
 * ABI symbol as kexec.c and the x86_64 loaders use them, and on every
 * other global symbol (which covers what the plugin reads and writes).
 *
 * A finding is any of: an out-of-bounds access or undefined behaviour in
 * kexec's code; kexec refusing (die()) an object limbo accepted; a loaded
 * footprint that differs from the one limbo computed.  Each means elfcheck
 * lets through something kexec does not handle.
 */
#include <elf.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limbo/abi.h>
#include "elfcheck.h"
#include "kexec.h"

/* ---- what kexec-elf.c, kexec-elf-rel.c and the x86_64 file call ---------- */

/* dbgprintf() on: every name kexec prints is formatted, so read in full */
int kexec_debug = 1;

/*
 * fuzz.mk builds kexec's files with -Dfprintf=kexec_shim_fprintf: its
 * messages are formatted (every %s read) and dropped, not written.
 */
int kexec_shim_fprintf(FILE *f, const char *fmt, ...)
{
	static char sink[4096];
	va_list ap;
	int n;

	(void)f;
	va_start(ap, fmt);
	n = vsnprintf(sink, sizeof(sink), fmt, ap);
	va_end(ap);
	return n;
}

void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz_elfrel: kexec refused an object limbo accepted: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	abort();
}

/* as kexec.c's: NULL for 0 bytes */
void *xmalloc(size_t size)
{
	void *p;

	if (!size)
		return NULL;
	p = malloc(size);
	if (!p)
		die("Cannot malloc %zu bytes\n", size);
	return p;
}

/* where the shim "places" the purgatory: in the usual crashkernel range */
#define LOAD_BASE	0x7f000000ul

static struct {
	const void *buf;
	unsigned long bufsz, memsz, align;
	int calls;
} placed;

unsigned long add_buffer(struct kexec_info *info, const void *buf,
			 unsigned long bufsz, unsigned long memsz,
			 unsigned long buf_align, unsigned long buf_min,
			 unsigned long buf_max, int buf_end)
{
	(void)info;
	(void)buf_min;
	(void)buf_max;
	(void)buf_end;
	/* kexec's locate_hole() would need these; a wrapped sum breaks them */
	if (bufsz > memsz || !buf_align || (buf_align & (buf_align - 1)) ||
	    LOAD_BASE % buf_align)
		die("add_buffer(bufsz %lu, memsz %lu, align %lu)\n",
		    bufsz, memsz, buf_align);
	placed.buf = buf;
	placed.bufsz = bufsz;
	placed.memsz = memsz;
	placed.align = buf_align;
	placed.calls++;
	return LOAD_BASE;
}

/* ---- the harness ------------------------------------------------------- */

static const struct limbo_abi_symbol abi[] = {
#define ABI_ROW(n, s) { n, s },
	LIMBO_ABI_SYMBOLS(ABI_ROW)
#undef ABI_ROW
};

/* get and set it back, or take its address, as kexec does by name */
static void touch(struct mem_ehdr *eh, const char *name, size_t size)
{
	unsigned char *tmp;

	elf_rel_get_addr(eh, name);
	if (!size)
		return;
	tmp = malloc(size);
	if (!tmp)
		abort();
	elf_rel_get_symbol(eh, name, tmp, size);
	elf_rel_set_symbol(eh, name, tmp, size);
	free(tmp);
}

/* a real purgatory has under a hundred; each lookup walks the table */
#define MAX_GLOBALS	512

/* an earlier global symbol of this name, which kexec would find instead */
static int shadowed(const struct mem_shdr *s, const char *strtab,
		    unsigned long long k, const char *name)
{
	unsigned long long j;

	for (j = 0; j < k; j += sizeof(Elf64_Sym)) {
		Elf64_Sym sym;

		memcpy(&sym, s->sh_data + j, sizeof(sym));
		if (ELF64_ST_BIND(sym.st_info) == STB_GLOBAL &&
		    !strcmp(strtab + sym.st_name, name))
			return 1;
	}
	return 0;
}

/*
 * Every global symbol with a section that is the first of its name (the
 * one elf_rel_find_symbol() returns), read from kexec's own tables.  Its
 * bytes are read and written back unchanged.
 */
static void touch_globals(struct mem_ehdr *eh)
{
	unsigned int i, n = 0;

	for (i = 0; i < eh->e_shnum; i++) {
		const struct mem_shdr *s = &eh->e_shdr[i];
		const char *strtab;
		unsigned long long k;

		if (s->sh_type != SHT_SYMTAB)
			continue;
		strtab = (const char *)eh->e_shdr[s->sh_link].sh_data;
		for (k = 0; k + sizeof(Elf64_Sym) <= s->sh_size; k += sizeof(Elf64_Sym)) {
			Elf64_Sym sym;
			const char *name;

			memcpy(&sym, s->sh_data + k, sizeof(sym));
			name = strtab + sym.st_name;
			if (ELF64_ST_BIND(sym.st_info) != STB_GLOBAL ||
			    sym.st_shndx == SHN_UNDEF || sym.st_shndx >= eh->e_shnum ||
			    shadowed(s, strtab, k, name))
				continue;
			if (++n > MAX_GLOBALS)
				return;
			touch(eh, name, eh->e_shdr[sym.st_shndx].sh_type == SHT_NOBITS ?
			      0 : sym.st_size);
		}
	}
}

static void kexec_load_purgatory(const uint8_t *data, size_t size,
				 const struct limbo_elf_info *li)
{
	struct kexec_info info;
	struct mem_ehdr *eh = &info.rhdr;
	char *buf = malloc(size ? size : 1);	/* exactly size bytes for ASan */
	size_t i;

	if (!buf)
		abort();
	memcpy(buf, data, size);
	memset(&info, 0, sizeof(info));
	memset(&placed, 0, sizeof(placed));
	/* elf_rel_build_load(), with the x86_64 bzImage64 loader's range */
	if (build_elf_rel_info(buf, size, eh, 0) < 0)
		die("ELF rel parse failed\n");
	if (elf_rel_load(eh, &info, 0x3000, -1UL, -1) < 0)
		die("ELF rel load failed\n");
	if (placed.calls != 1 || placed.bufsz != li->bufsz ||
	    placed.memsz != li->memsz || placed.align != li->align ||
	    eh->rel_size != li->memsz) {
		fprintf(stderr, "fuzz_elfrel: kexec loads bufsz %lu memsz %lu align %lu, limbo said %lu %lu %lu\n",
			placed.bufsz, placed.memsz, placed.align,
			li->bufsz, li->memsz, li->align);
		abort();
	}
	for (i = 0; i < sizeof(abi) / sizeof(abi[0]); i++)
		touch(eh, abi[i].name, abi[i].size);
	touch_globals(eh);

	free((void *)placed.buf);
	free(eh->e_note);		/* free_elf_info() forgets it */
	free_elf_info(eh);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct limbo_elf_info li;
	char *copy = malloc(size ? size : 1);
	char err[512];
	int n;

	if (!copy)
		abort();
	memcpy(copy, data, size);
	n = limbo_elf_check(copy, size, &li, err, sizeof(err));
	free(copy);
	if (!n)
		kexec_load_purgatory(data, size, &li);
	return 0;
}
