// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: arbitrary bytes through limbo_parse_madt().  Each
 * input is tried as found (nearly always refused by the signature or the
 * checksum), and again with its signature, length and checksum forced
 * sound, so that every byte pattern reaches the entry parser.  What the
 * parser accepts must hold together and give a config the purgatory
 * accepts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "merge.h"
#include "print.h"

static void check_accepted(const struct limbo_madt *m)
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

	if (!d)
		abort();
	if (!m->cpu_count || m->cpu_count > LIMBO_MAX_CPUS ||
	    m->ioapic_count > LIMBO_MAX_IOAPICS_ALL ||
	    m->boot_apic_id != m->apic_ids[0])
		abort();
	for (i = 0; i < m->cpu_count; i++) {
		if (m->apic_ids[i] > m->max_apic_id)
			abort();
		for (j = 0; j < i; j++)
			if (m->apic_ids[i] == m->apic_ids[j])
				abort();
	}
	limbo_discovery_init(d);
	d->acpi = 1;
	d->madt_ok = 1;
	d->madt = *m;
	limbo_discovery_merge(d, NULL);
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

static void try_madt(const uint8_t *buf, size_t size)
{
	struct limbo_madt *m = malloc(sizeof(*m));
	const char *err;

	if (!m)
		abort();
	err = limbo_parse_madt(buf, size, m);
	if (!err)
		check_accepted(m);
	else if (err != m->err || !err[0] || strnlen(err, LIMBO_ERR_LEN) == LIMBO_ERR_LEN)
		abort();
	free(m);
}

/* Force "APIC", a length within @size that the input picks, and the checksum. */
static void reseal(uint8_t *b, size_t size)
{
	uint32_t len;
	uint8_t sum = 0;
	size_t i;

	memcpy(&len, b + 4, 4);
	len = LIMBO_MADT_HDR_LEN + len % (uint32_t)(size - LIMBO_MADT_HDR_LEN + 1);
	memcpy(b, "APIC", 4);
	memcpy(b + 4, &len, 4);
	b[9] = 0;
	for (i = 0; i < len; i++)
		sum += b[i];
	b[9] = (uint8_t)-sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy;

	try_madt(data, size);
	if (size < LIMBO_MADT_HDR_LEN || size > (1u << 20))
		return 0;
	copy = malloc(size);
	if (!copy)
		abort();
	memcpy(copy, data, size);
	reseal(copy, size);
	try_madt(copy, size);
	free(copy);
	return 0;
}
