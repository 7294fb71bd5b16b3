// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: a tables segment (include/limbo/tables.h) through
 * limbo_tables_check(), the check the purgatory applies before it reads
 * a byte of the lists or writes a byte of the report area.  Whatever is
 * accepted is then walked the way the purgatory walks it (every IO-APIC
 * entry, every APIC ID, every result slot, the report node): in an
 * allocation of exactly the input's size, so ASan reports any access the
 * check should have refused.  Inputs with bit 0 of the first byte clear
 * get a valid magic and version, so the fuzzer spends its time on the
 * offsets and counts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <limbo/report.h>
#include <limbo/tables.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct limbo_tables *t;
	volatile uint64_t sink = 0;
	uint32_t i;
	void *buf;

	/* the purgatory's segment is page-aligned; keep the header aligned too */
	if (posix_memalign(&buf, 64, size ? size : 1))
		abort();
	memcpy(buf, data, size);
	t = buf;
	/* past the magic and version, where blind mutation would stop */
	if (size >= sizeof(*t) && !(data[0] & 1)) {
		t->magic = LIMBO_TABLES_MAGIC;
		t->version = LIMBO_TABLES_VERSION;
		t->hdr_size = sizeof(*t);
	}
	if (!limbo_tables_check(buf, size)) {
		for (i = 0; i < t->ioapic_count; i++) {
			sink += limbo_tables_ioapics(t)[i].address;
			limbo_tables_ioapic_result(t, i)->flags |= 1;
		}
		for (i = 0; i < t->cpu_count; i++) {
			sink += limbo_tables_cpus(t)[i];
			limbo_tables_park_result(t, i)->result = 1;
		}
		memset(limbo_tables_report_node(t), 0, sizeof(struct limbo_setup_data));
	}
	(void)sink;
	free(buf);
	return 0;
}
