/* SPDX-License-Identifier: GPL-2.0-only */
/* --purgatory-opt parsing: KEY=VALUE[,KEY=VALUE...] into a limbo_config. */
#ifndef LIMBO_OPTIONS_H
#define LIMBO_OPTIONS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <limbo/config.h>

/*
 * One row per --purgatory-opt key, built from LIMBO_CONFIG_OPTIONS in
 * include/limbo/config.h: the parser, help, show, the report decoder
 * and the README's option table all walk this array.
 */
enum limbo_opt_kind {
	LIMBO_OPT_CHOICE,	/* a uint8_t field holding one of the named values */
	LIMBO_OPT_GSI,		/* a uint32_t field: "off" or a GSI number */
};

struct limbo_opt_choice {
	const char *name;
	uint32_t value;
};

struct limbo_opt_key {
	const char *name;	/* as on the command line: "verify-fail" */
	const char *json;	/* as in limbo-report --json: "verify_fail" */
	const char *help;	/* what it does, one or two sentences */
	enum limbo_opt_kind kind;
	unsigned int flags;	/* LIMBO_OPT_DEBUG, LIMBO_OPT_EXPERIMENTAL */
	size_t offset;		/* of the field in struct limbo_config */
	const struct limbo_opt_choice *choices;	/* CHOICE only */
	size_t nchoices;
};

extern const struct limbo_opt_key limbo_opt_keys[];
extern const size_t limbo_opt_key_count;

/* The key called @name (@len bytes), or NULL. */
const struct limbo_opt_key *limbo_opt_find(const char *name, size_t len);
/* The stored value of @k in @cfg. */
uint32_t limbo_opt_get(const struct limbo_opt_key *k, const struct limbo_config *cfg);
/*
 * The value of @k in @cfg as a user writes it ("halt", "off", "10"),
 * formatted into @buf; NULL when the stored value is none @k allows.
 */
const char *limbo_opt_format(const struct limbo_opt_key *k,
			     const struct limbo_config *cfg, char *buf, size_t n);
/* The values @k accepts, for messages: "halt|reset", "off|0-4095". */
const char *limbo_opt_values(const struct limbo_opt_key *k, char *buf, size_t n);

#define LIMBO_OPT_MAX_KEYS	32	/* room in struct limbo_opts, checked */
#define LIMBO_OPT_ITEM_ECHO	48	/* bytes of an item kept for messages */

struct limbo_opts {
	struct limbo_config cfg;
	/* the item that set each key, for "given twice" ('' if not given) */
	char seen[LIMBO_OPT_MAX_KEYS][LIMBO_OPT_ITEM_ECHO];
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
/* The README's key table (markdown rows), generated from the key table. */
void limbo_opts_markdown(FILE *f);
/* The same as man page entries (.TP paragraphs) for limbo-purgatory(7). */
void limbo_opts_man(FILE *f);
/*
 * Copies @len bytes of outside input into @out for a message: printable
 * ASCII as is, anything else as \xNN; cut (with "...") to fit @n.
 */
const char *limbo_escape(char *out, size_t n, const char *in, size_t len);

#endif /* LIMBO_OPTIONS_H */
