// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ELF validator (elfcheck.c) against the real purgatory.ro and against broken
 * objects built by test/unit/mkbroken.sh (one ABI rule broken in each).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "elfcheck.h"

static const char *dir;		/* where mkbroken.sh put the objects */
static const char *real_ro;	/* build/purgatory/purgatory.ro */

static char *load(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static int check_file(const char *name, struct limbo_elf_info *info, char *err,
		      size_t errlen)
{
	char path[4096];
	size_t len;
	char *buf;
	int n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	buf = load(path, &len);
	n = limbo_elf_check(buf, len, info, err, errlen);
	free(buf);
	return n;
}

static void test_real_purgatory_passes(void **state)
{
	struct limbo_elf_info info;
	char err[4096];
	size_t len;
	char *buf = load(real_ro, &len);

	(void)state;
	assert_int_equal(limbo_elf_check(buf, len, &info, err, sizeof(err)), 0);
	assert_true(info.has_limbo_config);
	assert_true(info.memsz >= info.bufsz);
	assert_true(info.memsz <= 64 * 1024);	/* footprint budget */
	free(buf);
}

static void test_template_passes(void **state)
{
	struct limbo_elf_info info;
	char err[4096];

	(void)state;
	/* the broken variants below mean something only if this one is clean */
	if (check_file("good.ro", &info, err, sizeof(err)))
		fail_msg("good.ro rejected:\n%s", err);
	assert_false(info.has_limbo_config);
}

struct broken {
	const char *file;
	/*
	 * substring of the message; a printf format whose %u/%x conversions
	 * all take the real purgatory's e_shnum (mkbroken.sh writes it into
	 * the variants that test kexec's "> e_shnum" off-by-one)
	 */
	const char *expect;
};

static const struct broken broken[] = {
	/* the ABI, on the template */
	{ "pic.ro", "GOTPCREL" },
	{ "nopic.ro", "R_X86_64_32" },
	{ "bss.ro", "'skip_checks' is in .bss" },
	{ "undef.ro", "undefined symbol 'not_defined_anywhere'" },
	{ "size.ro", "'skip_checks' is 1 bytes, kexec expects 4" },
	{ "missing.ro", "'cmdline_end' is missing" },
	{ "machine.ro", "not an x86_64 object" },
	{ "exec.ro", "not relocatable" },
	{ "truncated.ro", "truncated" },
	{ "stripped.ro", "no symbol table" },
	{ "notelf.ro", "not an ELF file" },
	{ "noidtmark.ro", "limbo purgatory without 'limbo_idt_prebuilt'" },
	/* what kexec's loader would use unchecked, on the real purgatory */
	{ "reloc_offset.ro", "(.rela.text), relocation 0: r_offset 0x100000 + 4 bytes is outside section 1 (.text)" },
	{ "reloc_edge.ro", " + 4 bytes is outside section 1 (.text)" },
	{ "reloc_sym.ro", "(.rela.text), relocation 0: symbol index 268435455 is past the symbol table" },
	{ "reloc_link.ro", "(.rela.text): sh_link 0 is not the symbol table" },
	{ "reloc_info.ro", "(.rela.text): sh_info %u is not a section (%u sections)" },
	{ "reloc_bss.ro", "(.rela.data) applies to NOBITS section" },
	{ "reloc_abs.ro", "(.rela.text), relocation 0: PC-relative R_X86_64_PC32 against the absolute symbol" },
	{ "reloc_unnamed.ro", "(.rela.text), relocation 0: unnamed symbol 1 has section index 0xfff1" },
	{ "bss_wrap.ro", "(.bss): size 0xffffffffffffc000 overflows the loaded footprint" },
	{ "bss_huge.ro", "(.bss): size 0x10000000000 takes the loaded footprint past 16777216 bytes" },
	{ "bss_offset.ro", "(.bss): sh_offset 0x7fffffff00000000 is past the end of the file" },
	{ "data_offset.ro", "truncated: section 5 (.data): offset 0xfffffffffffffff0 + " },
	{ "rela_entsize.ro", "(.rela.text): sh_entsize 0, a section of type 4 has 24-byte entries" },
	{ "symtab_entsize.ro", "(.symtab): sh_entsize 16, a section of type 2 has 24-byte entries" },
	{ "align.ro", "(.data): sh_addralign 24 is not a power of two" },
	{ "align_huge.ro", "(.data): sh_addralign 2097152 is larger than 4096" },
	{ "shstrndx.ro", "e_shstrndx %u is not a section (%u sections)" },
	{ "shentsize.ro", "e_shentsize 40, not 64" },
	{ "ehsize.ro", "e_ehsize 52, not 64" },
	{ "phnum.ro", "1 program headers" },
	{ "nullsec.ro", "section 0 is not the null section (type 1," },
	{ "sec0_name.ro", "section 0: sh_name 0x7fffffff is past the end of the section names" },
	{ "dup_config.ro", "'limbo_config': section index 0xff00 is not a section (%u sections)" },
	{ "sym_name.ro", ": st_name 0x7fffffff is past the end of its string table" },
	{ "sym_shndx.ro", "'entry64_regs': section index 0x%x is not a section (%u sections)" },
	{ "sym_value.ro", "'entry64_regs' (0xfffffffffffffff0 + 136 bytes) overruns section" },
	{ "strtab_nul.ro", "(.strtab) is not NUL-terminated" },
	{ "reloc_symtab.ro", "(.rela.data) applies to section 8 (.symtab) of type 2, not PROGBITS" },
	{ "abi_section.ro", "'entry64_regs' is in section 8 (.symtab), not a loaded PROGBITS section kexec can write" },
	{ "note.ro", "(.note.bad): note at offset 0 (name 256, desc 0 bytes) ends past the section" },
};

static unsigned int real_shnum;	/* e_shnum of the real purgatory */

/* e_shnum: little-endian, at offset 60 of an ELF64 header */
static int read_shnum(const char *path, unsigned int *shnum)
{
	unsigned char b[2];
	FILE *f = fopen(path, "rb");
	int ok = f && !fseek(f, 60, SEEK_SET) && fread(b, 1, 2, f) == 2;

	if (f)
		fclose(f);
	*shnum = ok ? (unsigned int)(b[0] | b[1] << 8) : 0;
	return ok ? 0 : -1;
}

static void test_broken_objects_rejected(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		char err[4096], expect[256];
		int n = check_file(broken[i].file, NULL, err, sizeof(err));

		/* every conversion in the table takes e_shnum */
		snprintf(expect, sizeof(expect), broken[i].expect, real_shnum,
			 real_shnum);
		if (n == 0)
			fail_msg("%s was accepted", broken[i].file);
		if (!strstr(err, expect))
			fail_msg("%s: expected '%s' in:\n%s", broken[i].file,
				 expect, err);
	}
}

static void test_real_layout(void **state)
{
	struct limbo_elf_info info;
	char err[4096];
	size_t len;
	char *buf = load(real_ro, &len);

	(void)state;
	assert_int_equal(limbo_elf_check(buf, len, &info, err, sizeof(err)), 0);
	/* the .bss alignment (a page) is what kexec asks of the hole */
	assert_int_equal(info.align, 4096);
	free(buf);
}

static void test_every_truncation_rejected(void **state)
{
	struct limbo_elf_info info;
	char err[4096];
	size_t len, cut;
	char *buf = load(real_ro, &len);

	(void)state;
	/* no prefix of the object may pass, and none may crash the checker */
	for (cut = 0; cut < len; cut += 97)
		assert_int_not_equal(limbo_elf_check(buf, cut, &info, err, sizeof(err)), 0);
	free(buf);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_purgatory_passes),
		cmocka_unit_test(test_template_passes),
		cmocka_unit_test(test_broken_objects_rejected),
		cmocka_unit_test(test_real_layout),
		cmocka_unit_test(test_every_truncation_rejected),
	};

	if (argc != 3) {
		fprintf(stderr, "usage: %s PURGATORY.ro BROKEN-DIR\n", argv[0]);
		return 2;
	}
	real_ro = argv[1];
	dir = argv[2];
	if (read_shnum(real_ro, &real_shnum)) {
		fprintf(stderr, "%s: cannot read its e_shnum\n", real_ro);
		return 2;
	}
	return cmocka_run_group_tests_name("elfcheck", tests, NULL, NULL);
}
