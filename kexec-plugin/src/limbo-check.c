// SPDX-License-Identifier: GPL-2.0-only
/*
 * limbo-check FILE...: is this purgatory object safe for kexec to load?
 *
 * Exit: 0 every file passes, 1 a file fails or cannot be read, 2 usage.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limbo/version.h>
#include "elfcheck.h"
#include "fileio.h"

enum { EXIT_PASS = 0, EXIT_REJECTED = 1, EXIT_USAGE = 2 };

static void usage(FILE *f)
{
	fprintf(f,
		"usage: limbo-check [-q] [--budget BYTES] PURGATORY.ro...\n"
		"Checks each purgatory object against the kexec-tools x86_64 ABI and\n"
		"against everything kexec's ELF loader would use unchecked.\n"
		"  -q, --quiet          print nothing for a file that passes\n"
		"  -b, --budget BYTES   fail when the loaded footprint (memsz) exceeds BYTES\n"
		"  -h, --help           this text\n"
		"  -V, --version        print the version\n"
		"Only regular files of at most %u bytes are read.\n"
		"exit: 0 every file passes; 1 a file fails or cannot be read; 2 usage\n",
		LIMBO_PURGATORY_MAX_FILE);
}

static int check_one(const char *path, unsigned long budget, int quiet)
{
	struct limbo_elf_info info;
	char err[4096];
	size_t len;
	char *buf;
	int n;

	if (limbo_read_file(path, LIMBO_PURGATORY_MAX_FILE, &buf, &len, err,
			    sizeof(err)) != LIMBO_READ_OK) {
		fprintf(stderr, "limbo-check: %s\n", err);
		return EXIT_REJECTED;
	}
	n = limbo_elf_check(buf, len, &info, err, sizeof(err));
	free(buf);
	if (n) {
		fprintf(stderr, "%s: %d problem%s:\n%s", path, n,
			n == 1 ? "" : "s", err);
		return EXIT_REJECTED;
	}
	if (budget && info.memsz > budget) {
		fprintf(stderr, "%s: loaded footprint %lu bytes exceeds the budget of %lu\n",
			path, info.memsz, budget);
		return EXIT_REJECTED;
	}
	if (!quiet)
		printf("%s: ok, %zu bytes, memsz %lu (%.1f KiB), %s\n",
		       path, info.file_size, info.memsz, info.memsz / 1024.0,
		       info.has_limbo_config ? "limbo purgatory" :
		       "plain kexec purgatory (no limbo_config)");
	return EXIT_PASS;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "budget", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long budget = 0;
	int c, i, quiet = 0, rc = EXIT_PASS;
	char *end;

	while ((c = getopt_long(argc, argv, "qb:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'q':
			quiet = 1;
			break;
		case 'b':
			errno = 0;
			budget = strtoul(optarg, &end, 0);
			if (errno || end == optarg || *end || !budget ||
			    optarg[0] == '-') {
				fprintf(stderr, "limbo-check: bad --budget '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			usage(stdout);
			return EXIT_PASS;
		case 'V':
			printf("limbo-check %s\n", LIMBO_VERSION);
			return EXIT_PASS;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind == argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (i = optind; i < argc; i++)
		if (check_one(argv[i], budget, quiet) != EXIT_PASS)
			rc = EXIT_REJECTED;
	return rc;
}
