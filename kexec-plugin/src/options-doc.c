// SPDX-License-Identifier: GPL-2.0-only
/*
 * limbo-options-doc md|man: prints the --purgatory-opt keys as the README
 * table (md) or as limbo-purgatory(7) entries (man), from the one key
 * table.  `make options-doc` puts them into README.md and the man page;
 * test/unit/check-options-doc.sh fails when either differs.
 */
#include <stdio.h>
#include <string.h>
#include "options.h"

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "md"))
		limbo_opts_markdown(stdout);
	else if (argc == 2 && !strcmp(argv[1], "man"))
		limbo_opts_man(stdout);
	else {
		fprintf(stderr, "usage: limbo-options-doc md|man\n");
		return 2;
	}
	return ferror(stdout) ? 1 : 0;
}
