/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host-side decoding of struct limbo_report (include/limbo/report.h):
 * finding it in sysfs, loading it whatever its layout version, and
 * printing it for people or as JSON.  Used by limbo-report, the unit
 * tests and the fuzz target.
 */
#ifndef LIMBO_REPORT_DECODE_H
#define LIMBO_REPORT_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <limbo/report.h>
#include <limbo/tables.h>

/* Exit codes of limbo-report. */
enum limbo_report_exit {
	LIMBO_REPORT_EXIT_OK = 0,	/* sound, no problem recorded or shown */
	LIMBO_REPORT_EXIT_PROBLEM = 1,	/* sound, a problem: see limbo_report_problems() */
	LIMBO_REPORT_EXIT_MISSING = 2,	/* no report could be read */
	LIMBO_REPORT_EXIT_CORRUPT = 3,	/* bad magic, size or CRC, or too large */
	LIMBO_REPORT_EXIT_USAGE = 4,
	LIMBO_REPORT_EXIT_OUTPUT = 5,	/* stdout could not be written */
};

/* A checked report, copied into our own layout. */
struct limbo_report_view {
	struct limbo_report r;	/* bytes past @known are zero */
	size_t size;		/* hdr.size: what the writer filled */
	size_t known;		/* min(size, sizeof(r)): what we decode of v1 */
	size_t unknown;		/* bytes of a newer layout than this decoder's */
	bool has_v2;		/* v2 holds the report's version 2 part */
	bool v2_arrays_bad;	/* ... which places an array outside the report */
	struct limbo_report_v2 v2;
	/* every IO-APIC's and CPU's result: v2's arrays, else v1's fixed ones */
	uint32_t ioapic_total, park_total;	/* as the report counts them */
	uint32_t ioapic_n, park_n;		/* how many of them are below */
	struct limbo_ioapic_state ioapics[LIMBO_MAX_IOAPICS_ALL];
	struct limbo_park_entry parks[LIMBO_MAX_CPUS];
};

struct limbo_decode_opts {
	unsigned int tsc_mhz;	/* 0: unknown, no MiB/s */
};

/*
 * Checks @len bytes at @buf with limbo_report_check() and fills @v.
 * Returns NULL when sound, else the reason.
 */
const char *limbo_report_load(struct limbo_report_view *v, const void *buf,
			      size_t len);

/* Whether the writer filled @len bytes at offset @off of the report. */
static inline bool limbo_report_has(const struct limbo_report_view *v,
				    size_t off, size_t len)
{
	return off + len <= v->known;
}

#define LIMBO_REPORT_HAS(v, field)					\
	limbo_report_has(v, offsetof(struct limbo_report, field),	\
			 sizeof(((struct limbo_report *)0)->field))

/*
 * LIMBO_PROB_* the report records, and those its own fields show even
 * with the bit clear: a verification MISMATCH or skip, any exception
 * recorded, a config limbo_config_check() refuses, an IO-APIC left stuck
 * (or absent, unmapped), a CPU that could not be parked.
 */
uint32_t limbo_report_problems(const struct limbo_report_view *v);
/* LIMBO_REPORT_EXIT_PROBLEM when limbo_report_problems() has any, else _OK. */
int limbo_report_exit_code(const struct limbo_report_view *v);

void limbo_report_print(FILE *f, const struct limbo_report_view *v,
			const struct limbo_decode_opts *o);
void limbo_report_print_json(FILE *f, const struct limbo_report_view *v,
			     const struct limbo_decode_opts *o);

/* limbo_read_file()'s limit for a report: setup_data nodes are far smaller */
#define LIMBO_REPORT_MAX_FILE	(1u << 20)

/*
 * Looks in @sysfs/kernel/boot_params/setup_data/<N>/type (@sysfs is
 * normally "/sys") for LIMBO_SETUP_DATA_TYPE and writes the path of the
 * lowest such node's data file to @path.  Returns the number of limbo
 * nodes found (0: none), or -1 with errno set when the directory cannot
 * be read.
 */
int limbo_report_find_sysfs(const char *sysfs, char *path, size_t pathlen);

#endif /* LIMBO_REPORT_DECODE_H */
