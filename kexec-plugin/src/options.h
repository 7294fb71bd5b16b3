/* SPDX-License-Identifier: GPL-2.0-only */
/* --purgatory-opt parsing: KEY=VALUE[,KEY=VALUE...] into a limbo_config. */
#ifndef LIMBO_OPTIONS_H
#define LIMBO_OPTIONS_H

#include <stddef.h>
#include <stdio.h>
#include <limbo/config.h>

struct limbo_opts {
	struct limbo_config cfg;
	int given;		/* at least one --purgatory-opt */
	int show;		/* "show": print what will be applied */
	int help;		/* "help": list the keys and exit */
};

void limbo_opts_init(struct limbo_opts *o);
/* Returns 0, or -1 with a message in err. */
int limbo_opts_parse(struct limbo_opts *o, const char *arg, char *err,
		     size_t errlen);
void limbo_opts_help(FILE *f);
void limbo_opts_show(FILE *f, const struct limbo_config *cfg);

#endif /* LIMBO_OPTIONS_H */
