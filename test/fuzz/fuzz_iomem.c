// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: arbitrary text through limbo_parse_iomem().  What it
 * accepts must be within bounds and, used as the fallback when there is
 * no MADT, give a config the purgatory accepts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "merge.h"
#include "print.h"

static void check_accepted(const struct limbo_iomem *io)
{
	const struct limbo_config defaults = LIMBO_CONFIG_DEFAULTS;
	struct limbo_config cfg = defaults;
	size_t bufsz, memsz;
	void *tables;
	struct limbo_discovery *d = malloc(sizeof(*d));
	unsigned int i, j;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	if (!d || io->count > LIMBO_MAX_IOAPICS_ALL || !io->lines)
		abort();
	for (i = 0; i < io->count; i++) {
		if (io->ioapics[i].end < io->ioapics[i].start)
			abort();
		for (j = 0; j < i; j++)
			if (io->ioapics[i].start == io->ioapics[j].start)
				abort();
	}
	limbo_discovery_init(d);
	d->iomem_ok = 1;
	d->iomem = *io;
	limbo_discovery_merge(d, NULL);
	if (d->ioapic_count != io->count)
		abort();
	/* what the plugin adds: tables its purgatory accepts, a config it accepts */
	tables = limbo_discovery_tables(d, &cfg, &bufsz, &memsz);
	if (!tables || bufsz > memsz || limbo_tables_check(tables, memsz) ||
	    limbo_config_check(&cfg))
		abort();
	free(tables);
	f = open_memstream(&text, &len);
	if (!f)
		abort();
	limbo_discovery_print(f, d, &cfg);
	fclose(f);
	free(text);
	free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct limbo_iomem *io = malloc(sizeof(*io));
	const char *err;

	if (!io)
		abort();
	err = limbo_parse_iomem((const char *)data, size, io);
	if (!err)
		check_accepted(io);
	else if (err != io->err || !err[0] || strnlen(err, LIMBO_ERR_LEN) == LIMBO_ERR_LEN)
		abort();
	free(io);
	return 0;
}
