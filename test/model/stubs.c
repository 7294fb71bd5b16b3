// SPDX-License-Identifier: GPL-2.0-only
/* Stand-ins for console.c, main.c's cfg, report.c's rep and paging.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hw_model.h"
#include "purgatory.h"
#include "stubs.h"

static const struct limbo_config defaults = LIMBO_CONFIG_DEFAULTS;

struct limbo_config test_cfg = LIMBO_CONFIG_DEFAULTS;
const struct limbo_config *cfg = &test_cfg;
struct limbo_report stub_global_rep;
struct limbo_report *const rep = &stub_global_rep;
char stub_log[STUB_LOG_SIZE];
static size_t log_len;

/* abi.c's: kexec's verified regions and the purgatory's own extent */
struct limbo_sha256_region sha256_regions[LIMBO_SHA256_REGIONS];
uint64_t stub_purgatory_start, stub_purgatory_end;

void purgatory_extent(uint64_t *start, uint64_t *end)
{
	*start = stub_purgatory_start;
	*end = stub_purgatory_end;
}

void stubs_reset(void)
{
	test_cfg = defaults;
	memset(&stub_global_rep, 0, sizeof(stub_global_rep));
	memset(sha256_regions, 0, sizeof(sha256_regions));
	/* a plausible purgatory in RAM, away from every device the tests use */
	stub_purgatory_start = 0x3df40000;
	stub_purgatory_end = 0x3df4f000;
	stub_log[0] = 0;
	log_len = 0;
}

int log_has(const char *s)
{
	return strstr(stub_log, s) != NULL;
}

void lvprintf(const char *fmt, va_list ap)
{
	int n;

	n = vsnprintf(stub_log + log_len, sizeof(stub_log) - log_len, fmt, ap);
	/*
	 * A full log would make a log_has() that expects a line absent pass
	 * for the wrong reason: stop the test instead of truncating.
	 */
	if (n < 0 || (size_t)n >= sizeof(stub_log) - log_len) {
		fprintf(stderr, "stubs: the purgatory's log outgrew %zu bytes\n",
			sizeof(stub_log));
		abort();
	}
	log_len += (size_t)n;
}

void lprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lvprintf(fmt, ap);
	va_end(ap);
}

int map_mmio_page(uint64_t addr)
{
	addr &= ~0xfffULL;
	hw.map_calls++;
	if (hw.map_fail && addr == (hw.map_fail_page & ~0xfffULL))
		return -1;
	if (hw_model_page_mapped(addr))
		return 0;
	if (hw.nmapped >= HW_MAX_PAGES)
		model_fail("map_mmio_page: more than %d pages", HW_MAX_PAGES);
	hw.mapped[hw.nmapped++] = addr;
	return 0;
}
