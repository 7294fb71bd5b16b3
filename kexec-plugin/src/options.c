// SPDX-License-Identifier: GPL-2.0-only
/*
 * --purgatory-opt parsing.  Every key the purgatory honours is listed in
 * one table; anything else is an error, never silently ignored.
 */
#include <stdlib.h>
#include <string.h>
#include "options.h"

/* The one numeric key: DEBUG, make the purgatory set Remote IRR itself. */
#define DEBUG_IRR_KEY	"debug-remote-irr"
#define DEBUG_IRR_HELP	"DEBUG: unmask this GSI level-triggered in the purgatory, so an asserted line sets Remote IRR for the quiesce to clear"

struct choice {
	const char *name;
	unsigned int value;
};

struct key {
	const char *name;
	const char *help;
	const struct choice *choices;	/* NULL-terminated */
	size_t offset;			/* of a uint8_t in limbo_config */
};

static const struct choice policies[] = {
	{ "halt", LIMBO_POLICY_HALT },
	{ "reset", LIMBO_POLICY_RESET },
	{ NULL, 0 },
};

static const struct choice debug_faults[] = {
	{ "none", LIMBO_DEBUG_FAULT_NONE },
	{ "ud", LIMBO_DEBUG_FAULT_UD },
	{ "pf", LIMBO_DEBUG_FAULT_PF },
	{ "gp", LIMBO_DEBUG_FAULT_GP },
	{ "de", LIMBO_DEBUG_FAULT_DE },
	{ NULL, 0 },
};

static const struct choice on_off[] = {
	{ "on", 1 },
	{ "off", 0 },
	{ NULL, 0 },
};

static const struct choice x2apic_policies[] = {
	{ "auto", LIMBO_X2APIC_AUTO },
	{ "keep", LIMBO_X2APIC_KEEP },
	{ "xapic", LIMBO_X2APIC_XAPIC },
	{ NULL, 0 },
};

static const struct choice pic_policies[] = {
	{ "mask", LIMBO_PIC_MASK },
	{ "reinit", LIMBO_PIC_REINIT },
	{ "keep", LIMBO_PIC_KEEP },
	{ NULL, 0 },
};

static const struct choice park_policies[] = {
	{ "off", LIMBO_PARK_OFF },
	{ "init", LIMBO_PARK_INIT },
	{ NULL, 0 },
};

static const struct choice handoffs[] = {
	{ "jump", LIMBO_HANDOFF_JUMP },
	{ "nmi", LIMBO_HANDOFF_NMI },
	{ NULL, 0 },
};

static const struct key keys[] = {
	{ "verify-fail", "what to do when a segment fails SHA-256 verification",
	  policies, offsetof(struct limbo_config, verify_fail) },
	{ "fault", "what to do on an exception caught by the stub IDT",
	  policies, offsetof(struct limbo_config, fault) },
	{ "lapic", "quiesce this CPU's local APIC (mask LVTs, EOI, clear LDR)",
	  on_off, offsetof(struct limbo_config, lapic) },
	{ "x2apic", "leave x2APIC for xAPIC: auto = when the next kernel boots via MPTABLE",
	  x2apic_policies, offsetof(struct limbo_config, x2apic) },
	{ "ioapic", "mask every IO-APIC pin the plugin discovered, clear Remote IRR",
	  on_off, offsetof(struct limbo_config, ioapic) },
	{ "pic", "the 8259 pair: mask every line, or reinitialise (BIOS vectors 0x08/0x70) and mask",
	  pic_policies, offsetof(struct limbo_config, pic) },
	{ "park", "park the other CPUs with INIT (never the boot CPU; see README)",
	  park_policies, offsetof(struct limbo_config, park) },
	{ "sha-ni", "hash with the SHA extensions when the CPU has them (off: portable C)",
	  on_off, offsetof(struct limbo_config, sha_ni) },
	{ "handoff", "EXPERIMENTAL nmi: enter the next kernel from an NMI handler, NMIs blocked until its first iret",
	  handoffs, offsetof(struct limbo_config, handoff) },
	{ "debug-fault", "DEBUG: raise this exception in the purgatory on purpose",
	  debug_faults, offsetof(struct limbo_config, debug_fault) },
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

void limbo_opts_init(struct limbo_opts *o)
{
	static const struct limbo_config defaults = LIMBO_CONFIG_DEFAULTS;

	memset(o, 0, sizeof(*o));
	o->cfg = defaults;
	o->cfg.flags = LIMBO_CFG_FROM_PLUGIN;
}

static const struct key *find_key(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strlen(keys[i].name) == len && !strncmp(keys[i].name, name, len))
			return &keys[i];
	return NULL;
}

static void list_choices(const struct key *k, char *buf, size_t len)
{
	const struct choice *c;
	size_t used = 0;

	buf[0] = '\0';
	for (c = k->choices; c->name && used < len; c++)
		used += snprintf(buf + used, len - used, "%s%s",
				 c == k->choices ? "" : "|", c->name);
}

static int set_debug_irr(struct limbo_opts *o, const char *v, size_t vlen,
			 char *err, size_t errlen)
{
	char num[16], *end;
	unsigned long gsi;

	if (vlen == 3 && !strncmp(v, "off", 3)) {
		o->cfg.debug_remote_irr = 0;
		return 0;
	}
	if (vlen && vlen < sizeof(num) && v[0] >= '0' && v[0] <= '9') {
		memcpy(num, v, vlen);
		num[vlen] = '\0';
		gsi = strtoul(num, &end, 10);
		if (!*end && gsi <= LIMBO_CFG_MAX_GSI) {
			o->cfg.debug_remote_irr = (uint32_t)gsi + 1;
			return 0;
		}
	}
	snprintf(err, errlen, "bad value '%.*s' for %s (off, or a GSI 0-%u)",
		 (int)vlen, v, DEBUG_IRR_KEY, LIMBO_CFG_MAX_GSI);
	return -1;
}

static int set_key(struct limbo_opts *o, const char *item, size_t len,
		   char *err, size_t errlen)
{
	const char *eq = memchr(item, '=', len);
	const struct key *k;
	const struct choice *c;
	char valid[128];
	size_t vlen;

	if (!eq) {
		if (len == 4 && !strncmp(item, "help", 4)) {
			o->help = 1;
			return 0;
		}
		if (len == 4 && !strncmp(item, "show", 4)) {
			o->show = 1;
			return 0;
		}
		snprintf(err, errlen, "'%.*s' is not KEY=VALUE (see --purgatory-opt help)",
			 (int)len, item);
		return -1;
	}
	if ((size_t)(eq - item) == strlen(DEBUG_IRR_KEY) &&
	    !strncmp(item, DEBUG_IRR_KEY, eq - item))
		return set_debug_irr(o, eq + 1, len - (eq + 1 - item), err, errlen);
	k = find_key(item, eq - item);
	if (!k) {
		snprintf(err, errlen, "unknown key '%.*s' (see --purgatory-opt help)",
			 (int)(eq - item), item);
		return -1;
	}
	vlen = len - (eq + 1 - item);
	for (c = k->choices; c->name; c++) {
		if (strlen(c->name) == vlen && !strncmp(c->name, eq + 1, vlen)) {
			*((unsigned char *)&o->cfg + k->offset) = c->value;
			return 0;
		}
	}
	list_choices(k, valid, sizeof(valid));
	snprintf(err, errlen, "bad value '%.*s' for %s (one of %s)",
		 (int)vlen, eq + 1, k->name, valid);
	return -1;
}

int limbo_opts_parse(struct limbo_opts *o, const char *arg, char *err,
		     size_t errlen)
{
	const char *p = arg;

	o->given = 1;
	if (!*arg) {
		snprintf(err, errlen, "empty --purgatory-opt");
		return -1;
	}
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (!len) {
			snprintf(err, errlen, "empty item in '%s'", arg);
			return -1;
		}
		if (set_key(o, p, len, err, errlen))
			return -1;
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

void limbo_opts_help(FILE *f)
{
	char valid[128];
	size_t i;

	fprintf(f, "limbo purgatory options (--purgatory-opt KEY=VALUE[,KEY=VALUE...]):\n");
	for (i = 0; i < NKEYS; i++) {
		const struct choice *c = keys[i].choices;
		unsigned int def = *((const unsigned char *)&(struct limbo_config)
				     LIMBO_CONFIG_DEFAULTS + keys[i].offset);

		list_choices(&keys[i], valid, sizeof(valid));
		while (c->name && c->value != def)
			c++;
		fprintf(f, "  %-14s %s\n  %-14s   values: %s (default %s)\n",
			keys[i].name, keys[i].help, "", valid,
			c->name ? c->name : "?");
	}
	fprintf(f, "  %-14s %s\n  %-14s   values: off|GSI (default off)\n",
		DEBUG_IRR_KEY, DEBUG_IRR_HELP, "");
	fprintf(f, "  %-14s %s\n", "show", "print the configuration that will be applied");
	fprintf(f, "  %-14s %s\n", "help", "print this list and exit");
}

void limbo_opts_show(FILE *f, const struct limbo_config *cfg)
{
	size_t i;

	fprintf(f, "limbo config (version %u, %u bytes): flags %x%s%s, max APIC ID %u\n",
		cfg->version, cfg->size, cfg->flags,
		cfg->flags & LIMBO_CFG_FROM_PLUGIN ? " from-plugin" : "",
		cfg->flags & LIMBO_CFG_NEXT_MPTABLE ? " next-mptable" : "",
		cfg->max_apic_id);
	for (i = 0; i < NKEYS; i++) {
		unsigned int v = *((const unsigned char *)cfg + keys[i].offset);
		const struct choice *c = keys[i].choices;

		while (c->name && c->value != v)
			c++;
		fprintf(f, "  %-14s %s\n", keys[i].name, c->name ? c->name : "?");
	}
	if (cfg->debug_remote_irr)
		fprintf(f, "  %-14s GSI %u\n", DEBUG_IRR_KEY, cfg->debug_remote_irr - 1);
	else
		fprintf(f, "  %-14s off\n", DEBUG_IRR_KEY);
}
