// SPDX-License-Identifier: GPL-2.0-only
/*
 * The libelf validator against the real purgatory.ro and against broken
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
	const char *expect;	/* substring of the message */
};

static const struct broken broken[] = {
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
};

static void test_broken_objects_rejected(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		char err[4096];
		int n = check_file(broken[i].file, NULL, err, sizeof(err));

		if (n == 0)
			fail_msg("%s was accepted", broken[i].file);
		if (!strstr(err, broken[i].expect))
			fail_msg("%s: expected '%s' in:\n%s", broken[i].file,
				 broken[i].expect, err);
	}
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
		cmocka_unit_test(test_every_truncation_rejected),
	};

	if (argc != 3) {
		fprintf(stderr, "usage: %s PURGATORY.ro BROKEN-DIR\n", argv[0]);
		return 2;
	}
	real_ro = argv[1];
	dir = argv[2];
	return cmocka_run_group_tests_name("elfcheck", tests, NULL, NULL);
}
