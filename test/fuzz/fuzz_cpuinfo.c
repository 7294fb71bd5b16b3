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
	struct limbo_discovery *d = malloc(sizeof(*d));
	unsigned int i, j;

	if (!d || !c->cpus || c->listed > LIMBO_CFG_MAX_CPUS || c->listed > c->cpus ||
	    (c->cpus > c->listed && c->listed != LIMBO_CFG_MAX_CPUS))
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
	if (limbo_discovery_apply(d, &cfg, NULL) || limbo_config_check(&cfg))
		abort();
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
