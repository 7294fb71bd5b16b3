/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What purgatory C files under test need from the rest of the purgatory:
 * the console (into a buffer the test reads), the config, the global
 * report, and map_mmio_page (recorded in the hardware model).
 */
#ifndef LIMBO_TEST_STUBS_H
#define LIMBO_TEST_STUBS_H

#include <limbo/config.h>
#include <limbo/report.h>
#include <limbo/tables.h>

#define STUB_LOG_SIZE	65536

extern struct limbo_config test_cfg;		/* what cfg points to */
extern struct limbo_report stub_global_rep;	/* what rep points to */
extern char stub_log[STUB_LOG_SIZE];

/* test_cfg = the defaults; empty log; global report zeroed */
void stubs_reset(void);
/* purgatory_extent() returns these (stubs_reset() sets a RAM range) */
extern uint64_t stub_purgatory_start, stub_purgatory_end;
int log_has(const char *s);
const char *log_find(const char *s);	/* where @s starts in the log, or NULL */

/*
 * A tables segment as the plugin builds it (limbo_tables_layout()), in
 * host memory, named by test_cfg and listed in sha256_regions, with
 * verification marked passed; then the real tables_load() (tables.c)
 * decides whether the purgatory uses it.  @ioapics or @cpus NULL: that
 * list unknown (its KNOWN flag clear).  Returns the segment (freed by
 * stubs_reset()); stub_tables_bytes is its size.
 */
struct limbo_tables *stub_tables(const struct limbo_config_ioapic *ioapics,
				 uint32_t nio, const uint32_t *cpus, uint32_t ncpu,
				 uint32_t boot, uint32_t max_id, uint32_t flags);
extern uint64_t stub_tables_bytes;
/* the result rows the code under test wrote, as seal() would read them */
struct limbo_ioapic_state *stub_ioapic_result(uint32_t i);
struct limbo_park_entry *stub_park_result(uint32_t i);
extern struct limbo_report_v2 stub_global_rep_v2;

#endif /* LIMBO_TEST_STUBS_H */
