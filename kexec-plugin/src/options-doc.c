// SPDX-License-Identifier: GPL-2.0-only
/*
 * limbo-options-doc: prints the --purgatory-opt key table as the README
 * shows it, from the one key table.  `make readme-options` puts it into
 * README.md; test/unit/check-readme-options.sh fails when they differ.
 */
#include <stdio.h>
#include "options.h"

int main(void)
{
	limbo_opts_markdown(stdout);
	return ferror(stdout) ? 1 : 0;
}
