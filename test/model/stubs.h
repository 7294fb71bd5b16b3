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

#define STUB_LOG_SIZE	65536

extern struct limbo_config test_cfg;		/* what cfg points to */
extern struct limbo_report stub_global_rep;	/* what rep points to */
extern char stub_log[STUB_LOG_SIZE];

/* test_cfg = the defaults; empty log; global report zeroed */
void stubs_reset(void);
/* purgatory_extent() returns these (stubs_reset() sets a RAM range) */
extern uint64_t stub_purgatory_start, stub_purgatory_end;
int log_has(const char *s);

#endif /* LIMBO_TEST_STUBS_H */
