// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: arbitrary text through limbo_parse_cpuinfo().  What
 * is accepted must be within bounds and give a config the purgatory
 * accepts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "merge.h"

static void check_accepted(const struct limbo_cpuinfo *c)
{
	const struct limbo_config defaults = LIMBO_CONFIG_DEFAULTS;
	struct limbo_config cfg = defaults;
	size_t bufsz, memsz;
	void *tables;
	struct limbo_discovery *d = malloc(sizeof(*d));
	unsigned int i, j;

	if (!d || !c->cpus || c->listed > LIMBO_MAX_CPUS || c->listed > c->cpus ||
	    (c->cpus > c->listed && c->listed != LIMBO_MAX_CPUS))
		abort();
	for (i = 0; i < c->listed; i++) {
		if (c->apic_ids[i] > c->max_apic_id ||
		    c->apic_ids[i] == LIMBO_APIC_ID_UNKNOWN)
			abort();
		for (j = 0; j < i; j++)
			if (c->apic_ids[i] == c->apic_ids[j])
				abort();
	}
	limbo_discovery_init(d);
	d->cpuinfo_ok = 1;
	d->cpuinfo = *c;
	limbo_discovery_merge(d, NULL);
	if (d->boot_cpu_apic_id != c->boot_apic_id || d->max_apic_id != c->max_apic_id)
		abort();
	/* what the plugin adds: tables its purgatory accepts, a config it accepts */
	tables = limbo_discovery_tables(d, &cfg, &bufsz, &memsz);
	if (!tables || bufsz > memsz || limbo_tables_check(tables, memsz) ||
	    limbo_config_check(&cfg))
		abort();
	free(tables);
	free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct limbo_cpuinfo *c = malloc(sizeof(*c));
	const char *err;

	if (!c)
		abort();
	err = limbo_parse_cpuinfo((const char *)data, size, c);
	if (!err)
		check_accepted(c);
	else if (err != c->err || !err[0] || strnlen(err, LIMBO_ERR_LEN) == LIMBO_ERR_LEN)
		abort();
	free(c);
	return 0;
}
