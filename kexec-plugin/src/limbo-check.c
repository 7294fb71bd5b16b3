// SPDX-License-Identifier: GPL-2.0-only
/* limbo-check FILE...: is this purgatory object safe for kexec to load? */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "elfcheck.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (!f)
		return NULL;
	for (;;) {
		if (*len == cap) {
			char *nb = realloc(buf, cap ? cap * 2 : 65536);

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
			cap = cap ? cap * 2 : 65536;
		}
		n = fread(buf + *len, 1, cap - *len, f);
		if (!n)
			break;
		*len += n;
	}
	if (ferror(f)) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	int i, bad = 0, quiet = 0;
	unsigned long budget = 0;

	for (;;) {
		if (argc > 1 && !strcmp(argv[1], "-q")) {
			quiet = 1;
		} else if (argc > 2 && !strcmp(argv[1], "--budget")) {
			char *end;

			budget = strtoul(argv[2], &end, 0);
			if (*end || !budget) {
				fprintf(stderr, "limbo-check: bad --budget '%s'\n", argv[2]);
				return 2;
			}
			argv++;
			argc--;
		} else {
			break;
		}
		argv++;
		argc--;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: limbo-check [-q] [--budget BYTES] PURGATORY.ro...\n"
			"Checks a purgatory object against the kexec-tools x86_64 ABI;\n"
			"--budget fails when the loaded footprint (memsz) exceeds BYTES.\n");
		return 2;
	}
	for (i = 1; i < argc; i++) {
		struct limbo_elf_info info;
		char err[4096];
		size_t len;
		char *buf = slurp(argv[i], &len);
		int n;

		if (!buf) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			bad = 1;
			continue;
		}
		n = limbo_elf_check(buf, len, &info, err, sizeof(err));
		free(buf);
		if (n) {
			fprintf(stderr, "%s: %d problem%s:\n%s", argv[i], n,
				n == 1 ? "" : "s", err);
			bad = 1;
		} else if (budget && info.memsz > budget) {
			fprintf(stderr, "%s: loaded footprint %lu bytes exceeds the budget of %lu\n",
				argv[i], info.memsz, budget);
			bad = 1;
		} else if (!quiet) {
			printf("%s: ok, %zu bytes, memsz %lu (%.1f KiB), %s\n",
			       argv[i], info.file_size, info.memsz,
			       info.memsz / 1024.0,
			       info.has_limbo_config ? "limbo purgatory" :
			       "plain kexec purgatory (no limbo_config)");
		}
	}
	return bad;
}
