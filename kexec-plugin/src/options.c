// SPDX-License-Identifier: GPL-2.0-only
/*
 * --purgatory-opt: the key table built from LIMBO_CONFIG_OPTIONS
 * (include/limbo/config.h), and everything that walks it: the parser,
 * help, show, the names the report decoder prints, and the README's key
 * table.  Anything not in the table is an error, never silently ignored,
 * and so is a key given twice.
 */
#include <stdlib.h>
#include <string.h>
#include "options.h"

#define CHOICE_ROW(name, v)	{ name, v },
#define CHOICE_LIST(field, key, kind, values, def, flags, help)		\
	static const struct limbo_opt_choice field##_values[] = {	\
		LIMBO_VALUES_##values(CHOICE_ROW)			\
	};
LIMBO_CONFIG_OPTIONS(CHOICE_LIST)

#define KEY_ROW(field, key, kind, values, def, flags, help)		\
	{ key, #field, help, LIMBO_OPT_##kind, flags,			\
	  offsetof(struct limbo_config, field), field##_values,		\
	  sizeof(field##_values) / sizeof(field##_values[0]) },

const struct limbo_opt_key limbo_opt_keys[] = {
	LIMBO_CONFIG_OPTIONS(KEY_ROW)
};
const size_t limbo_opt_key_count = sizeof(limbo_opt_keys) / sizeof(limbo_opt_keys[0]);

#define COUNT_KEY(...)	+ 1
_Static_assert(0 LIMBO_CONFIG_OPTIONS(COUNT_KEY) <= LIMBO_OPT_MAX_KEYS,
	       "struct limbo_opts.seen has no room for every key");

const struct limbo_opt_key *limbo_opt_find(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < limbo_opt_key_count; i++)
		if (strlen(limbo_opt_keys[i].name) == len &&
		    !memcmp(limbo_opt_keys[i].name, name, len))
			return &limbo_opt_keys[i];
	return NULL;
}

uint32_t limbo_opt_get(const struct limbo_opt_key *k, const struct limbo_config *cfg)
{
	const unsigned char *p = (const unsigned char *)cfg + k->offset;
	uint32_t v;

	if (k->kind == LIMBO_OPT_CHOICE)
		return *p;
	memcpy(&v, p, sizeof(v));
	return v;
}

static void opt_set(const struct limbo_opt_key *k, struct limbo_config *cfg,
		    uint32_t v)
{
	unsigned char *p = (unsigned char *)cfg + k->offset;

	if (k->kind == LIMBO_OPT_CHOICE)
		*p = (unsigned char)v;
	else
		memcpy(p, &v, sizeof(v));
}

static const char *choice_name(const struct limbo_opt_key *k, uint32_t v)
{
	size_t i;

	for (i = 0; i < k->nchoices; i++)
		if (k->choices[i].value == v)
			return k->choices[i].name;
	return NULL;
}

/* The stored value @v of @k as a user writes it, or NULL. */
static const char *value_text(const struct limbo_opt_key *k, uint32_t v,
			      char *buf, size_t n)
{
	uint32_t gsi;

	if (k->kind == LIMBO_OPT_CHOICE)
		return choice_name(k, v);
	if (!limbo_gsi_load(v, &gsi))
		return "off";
	if (gsi > LIMBO_CFG_MAX_GSI)
		return NULL;
	snprintf(buf, n, "%u", gsi);
	return buf;
}

const char *limbo_opt_format(const struct limbo_opt_key *k,
			     const struct limbo_config *cfg, char *buf, size_t n)
{
	return value_text(k, limbo_opt_get(k, cfg), buf, n);
}

const char *limbo_opt_values(const struct limbo_opt_key *k, char *buf, size_t n)
{
	size_t i, used = 0;

	buf[0] = '\0';
	if (k->kind == LIMBO_OPT_GSI) {
		snprintf(buf, n, "off|0-%u", LIMBO_CFG_MAX_GSI);
		return buf;
	}
	for (i = 0; i < k->nchoices && used < n; i++)
		used += snprintf(buf + used, n - used, "%s%s", i ? "|" : "",
				 k->choices[i].name);
	return buf;
}

static const char *default_text(const struct limbo_opt_key *k, char *buf, size_t n)
{
	static const struct limbo_config defaults = LIMBO_CONFIG_DEFAULTS;

	return limbo_opt_format(k, &defaults, buf, n);
}

/* Parses @len bytes at @v as a value of @k into *@out; 0 or -1. */
static int parse_value(const struct limbo_opt_key *k, const char *v, size_t len,
		       uint32_t *out)
{
	unsigned long n = 0;
	size_t i;

	if (k->kind == LIMBO_OPT_CHOICE) {
		for (i = 0; i < k->nchoices; i++) {
			if (strlen(k->choices[i].name) == len &&
			    !memcmp(k->choices[i].name, v, len)) {
				*out = k->choices[i].value;
				return 0;
			}
		}
		return -1;
	}
	if (len == 3 && !memcmp(v, "off", 3)) {
		*out = 0;
		return 0;
	}
	/* decimal only, no sign, no leading junk, at most 4 digits */
	if (!len || len > 4)
		return -1;
	for (i = 0; i < len; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		n = n * 10 + (unsigned long)(v[i] - '0');
	}
	if (n > LIMBO_CFG_MAX_GSI)
		return -1;
	*out = limbo_gsi_store((uint32_t)n);
	return 0;
}

const char *limbo_escape(char *out, size_t n, const char *in, size_t len)
{
	size_t i, o = 0;

	if (!n)
		return out;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];
		size_t need = c >= 0x20 && c < 0x7f && c != '\\' ? 1 : 4;

		if (o + need + 4 > n) {		/* room for "..." and NUL */
			if (o + 4 <= n)
				memcpy(out + o, "...", 3), o += 3;
			break;
		}
		if (need == 1)
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, n - o, "\\x%02x", c);
	}
	out[o] = '\0';
	return out;
}

void limbo_opts_init(struct limbo_opts *o)
{
	static const struct limbo_config defaults = LIMBO_CONFIG_DEFAULTS;

	memset(o, 0, sizeof(*o));
	o->cfg = defaults;
	o->cfg.flags = LIMBO_CFG_FROM_PLUGIN;
}

static int set_key(struct limbo_opts *o, const char *item, size_t len,
		   char *err, size_t errlen)
{
	const char *eq = memchr(item, '=', len);
	char e1[LIMBO_OPT_ITEM_ECHO], e2[64], valid[128];
	const struct limbo_opt_key *k;
	size_t vlen, idx;
	uint32_t v;

	if (!eq) {
		if (len == 4 && !memcmp(item, "help", 4)) {
			o->help = 1;
			return 0;
		}
		if (len == 4 && !memcmp(item, "show", 4)) {
			o->show = 1;
			return 0;
		}
		snprintf(err, errlen, "'%s' is not KEY=VALUE (see --purgatory-opt help)",
			 limbo_escape(e2, sizeof(e2), item, len));
		return -1;
	}
	k = limbo_opt_find(item, (size_t)(eq - item));
	if (!k) {
		snprintf(err, errlen, "unknown key '%s' (see --purgatory-opt help)",
			 limbo_escape(e2, sizeof(e2), item, (size_t)(eq - item)));
		return -1;
	}
	vlen = len - (size_t)(eq + 1 - item);
	if (parse_value(k, eq + 1, vlen, &v)) {
		snprintf(err, errlen, "bad value '%s' for %s (one of %s)",
			 limbo_escape(e2, sizeof(e2), eq + 1, vlen), k->name,
			 limbo_opt_values(k, valid, sizeof(valid)));
		return -1;
	}
	idx = (size_t)(k - limbo_opt_keys);
	limbo_escape(e1, sizeof(e1), item, len);
	if (o->seen[idx][0]) {
		snprintf(err, errlen, "%s given twice: '%s' and '%s'", k->name,
			 o->seen[idx], e1);
		return -1;
	}
	memcpy(o->seen[idx], e1, sizeof(e1));
	opt_set(k, &o->cfg, v);
	return 0;
}

int limbo_opts_parse(struct limbo_opts *o, const char *arg, char *err,
		     size_t errlen)
{
	const char *p = arg;
	char e[64];

	o->given = 1;
	if (!*arg) {
		snprintf(err, errlen, "empty --purgatory-opt");
		return -1;
	}
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (!len) {
			snprintf(err, errlen, "empty item in '%s'",
				 limbo_escape(e, sizeof(e), arg, strlen(arg)));
			return -1;
		}
		if (set_key(o, p, len, err, errlen))
			return -1;
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

static const char *flag_prefix(const struct limbo_opt_key *k)
{
	if (k->flags & LIMBO_OPT_DEBUG)
		return "DEBUG ONLY: ";
	if (k->flags & LIMBO_OPT_EXPERIMENTAL)
		return "EXPERIMENTAL: ";
	return "";
}

void limbo_opts_help(FILE *f)
{
	char valid[128], def[16];
	size_t i;

	fprintf(f, "limbo purgatory options (--purgatory-opt KEY=VALUE[,KEY=VALUE...]):\n");
	for (i = 0; i < limbo_opt_key_count; i++) {
		const struct limbo_opt_key *k = &limbo_opt_keys[i];

		fprintf(f, "  %-16s %s%s\n  %-16s   values: %s (default %s)\n",
			k->name, flag_prefix(k), k->help, "",
			limbo_opt_values(k, valid, sizeof(valid)),
			default_text(k, def, sizeof(def)));
	}
	fprintf(f, "  %-16s %s\n", "show", "print the configuration that will be applied");
	fprintf(f, "  %-16s %s\n", "help", "print this list and exit");
	fprintf(f, "A key may be given once.\n");
}

void limbo_opts_show(FILE *f, const struct limbo_config *cfg)
{
	char buf[16];
	size_t i;

	fprintf(f, "limbo config (version %u, %u bytes): flags %x%s%s\n",
		cfg->version, cfg->size, cfg->flags,
		cfg->flags & LIMBO_CFG_FROM_PLUGIN ? " from-plugin" : "",
		cfg->flags & LIMBO_CFG_NEXT_MPTABLE ? " next-mptable" : "");
	if (cfg->tables_addr)
		fprintf(f, "  %-16s %#llx, %llu bytes (verified with the kernel)\n", "tables",
			(unsigned long long)cfg->tables_addr,
			(unsigned long long)cfg->tables_size);
	if (cfg->self_len)
		fprintf(f, "  %-16s SHA-256 of %llu bytes of code and constants\n", "self-check",
			(unsigned long long)cfg->self_len);
	for (i = 0; i < limbo_opt_key_count; i++) {
		const char *v = limbo_opt_format(&limbo_opt_keys[i], cfg, buf, sizeof(buf));

		fprintf(f, "  %-16s %s\n", limbo_opt_keys[i].name, v ? v : "?");
	}
}

void limbo_opts_markdown(FILE *f)
{
	char valid[128], def[16];
	size_t i;

	fprintf(f, "| key | values | default | meaning |\n|---|---|---|---|\n");
	for (i = 0; i < limbo_opt_key_count; i++) {
		const struct limbo_opt_key *k = &limbo_opt_keys[i];
		char *p;

		limbo_opt_values(k, valid, sizeof(valid));
		/* a | inside a table cell must be escaped */
		fprintf(f, "| `%s` | `", k->name);
		for (p = valid; *p; p++)
			fputs(*p == '|' ? "`, `" : (char[]){ *p, 0 }, f);
		fprintf(f, "` | `%s` | %s%s |\n", default_text(k, def, sizeof(def)),
			flag_prefix(k), k->help);
	}
}

/* @s for roff: '-' as '\\-', '\\' as '\\e'. */
static void roff_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '-')
			fputs("\\-", f);
		else if (*s == '\\')
			fputs("\\e", f);
		else
			fputc(*s, f);
	}
}

void limbo_opts_man(FILE *f)
{
	char valid[128], def[16];
	size_t i;

	for (i = 0; i < limbo_opt_key_count; i++) {
		const struct limbo_opt_key *k = &limbo_opt_keys[i];
		char *p, *v;

		limbo_opt_values(k, valid, sizeof(valid));
		fputs(".TP\n.BR ", f);
		roff_text(f, k->name);
		fputs("= {", f);
		for (v = valid; v; v = p) {
			p = strchr(v, '|');
			if (p)
				*p++ = '\0';
			fputc(' ', f);
			roff_text(f, v);
			fputs(p ? " |" : " }", f);
		}
		fputc('\n', f);
		roff_text(f, flag_prefix(k));
		/* sentence case for the page: the table's help starts lower case */
		if (!*flag_prefix(k) && k->help[0] >= 'a' && k->help[0] <= 'z') {
			fputc(k->help[0] - 'a' + 'A', f);
			roff_text(f, k->help + 1);
		} else {
			roff_text(f, k->help);
		}
		fputs(".\nDefault: \\fB", f);
		roff_text(f, default_text(k, def, sizeof(def)));
		fputs("\\fR.\n", f);
	}
}
