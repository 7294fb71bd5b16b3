// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_scale [REPS]: cycles (rdtsc) of the plugin's discovery (MADT
 * parse, merge, tables segment) and of the purgatory's ioapic_quiesce()
 * and park_cpus() against the register model (test/model), for the
 * machine shapes of test/unit/scale_machine.h, the last of LIMBO_MAX_CPUS
 * CPUs, after the probe machine (two CPUs, nothing to park, one IO-APIC)
 * in both APIC modes.  The machines take turns, one run each a round;
 * each figure is the median of REPS rounds.  One line a machine:
 *
 *   NAME x2 0|1 cpus N ioapics N pins N madt_bytes N parse C merge C
 *   tables C ioapic C park C ioapic_accesses N park_accesses N
 *
 * run-scale.sh turns them into cycles per CPU, per IO-APIC and per
 * access (the probe's fixed part taken off) and the ratios between
 * shapes.  The register model's own cost is in the figures: every access
 * goes through its dispatch.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <x86intrin.h>
#include <cmocka.h>
#include "hw_model.h"
#include "purgatory.h"
#include "scale_machine.h"
#include "stubs.h"

#define MAX_REPS	101
#define N(a)		(sizeof(a) / sizeof((a)[0]))

enum { PARSE, MERGE, TABLES, IOAPIC, PARK, PHASES };
static const char *const phase_name[PHASES] = {
	"parse", "merge", "tables", "ioapic", "park",
};

/* one machine benchmarked: its shape, its mode, its figures */
struct run {
	const char *name;
	const struct scale_shape *shape;
	int x2;				/* -1: x2APIC when the shape needs it */
	struct scale_machine m;
	uint64_t samples[PHASES][MAX_REPS];
	unsigned long io_accesses, park_accesses;	/* the same each round */
};

static struct run runs[] = {
	{ "probe-xapic", &scale_probe_shape, 0 },
	{ "probe-x2apic", &scale_probe_shape, 1 },
	{ NULL, &scale_shapes[0], -1 },
	{ NULL, &scale_shapes[1], -1 },
	{ NULL, &scale_shapes[2], -1 },
	{ NULL, &scale_shapes[3], -1 },
	{ NULL, &scale_max_shape, -1 },
};
_Static_assert(SCALE_SHAPES == 4, "runs[]: every shape");

static struct limbo_discovery disc;

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_u64);
	return v[n / 2];
}

static void die(const struct run *u, const char *what)
{
	fprintf(stderr, "bench_scale: %s: %s\n", u->name, what);
	exit(1);
}

/* The plugin's side, phase by phase; the tables segment to *buf. */
static void discover(struct run *u, unsigned int r, uint8_t **buf)
{
	struct limbo_config cfg = LIMBO_CONFIG_DEFAULTS;
	size_t bufsz, memsz;
	uint64_t t0, t1, t2, t3;

	limbo_discovery_init(&disc);
	disc.acpi = 1;
	t0 = __rdtsc();
	if (limbo_parse_madt(u->m.madt.b, u->m.madt.len, &disc.madt))
		die(u, disc.madt.err);
	t1 = __rdtsc();
	disc.madt_ok = 1;
	limbo_discovery_merge(&disc, NULL);
	t2 = __rdtsc();
	*buf = limbo_discovery_tables(&disc, &cfg, &bufsz, &memsz);
	t3 = __rdtsc();
	if (!*buf || limbo_tables_check(*buf, memsz))
		die(u, "no tables segment");
	u->samples[PARSE][r] = t1 - t0;
	u->samples[MERGE][r] = t2 - t1;
	u->samples[TABLES][r] = t3 - t2;
}

/* The purgatory's side, as main.c orders it; only the two under test timed. */
static void purgatory(struct run *u, unsigned int r, const uint8_t *buf)
{
	unsigned long a0, a1, a2;
	uint64_t t0, t1, t2;

	scale_setup(&u->m, buf, u->x2);
	lapic_quiesce(rep);
	a0 = scale_accesses();
	t0 = __rdtsc();
	ioapic_quiesce(rep);
	t1 = __rdtsc();
	a1 = scale_accesses();
	park_cpus(rep);
	t2 = __rdtsc();
	a2 = scale_accesses();
	u->io_accesses = a1 - a0;
	u->park_accesses = a2 - a1;
	if (rep->problems || hw.lapic.nipis != 2 * (u->m.ncpus - 2))
		die(u, "the purgatory did not quiesce and park everything");
	u->samples[IOAPIC][r] = t1 - t0;
	u->samples[PARK][r] = t2 - t1;
}

static void report(struct run *u, unsigned int reps)
{
	unsigned int p;

	printf("%s x2 %d cpus %u ioapics %u pins %u madt_bytes %zu", u->name, u->x2,
	       u->m.ncpus, u->m.nio, u->m.total_pins, u->m.madt.len);
	for (p = 0; p < PHASES; p++)
		printf(" %s %llu", phase_name[p],
		       (unsigned long long)median(u->samples[p], reps));
	printf(" ioapic_accesses %lu park_accesses %lu\n", u->io_accesses, u->park_accesses);
}

int main(int argc, char **argv)
{
	unsigned int reps = argc > 1 ? (unsigned int)atoi(argv[1]) : 11, r, i;
	uint8_t *buf;

	if (reps < 1 || reps > MAX_REPS) {
		fprintf(stderr, "usage: bench_scale [REPS 1-%d]\n", MAX_REPS);
		return 2;
	}
	/*
	 * The tables of 16384 CPUs would cross glibc's mmap threshold: fresh
	 * pages and their faults each round, host costs the plugin pays once.
	 */
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	for (i = 0; i < N(runs); i++) {
		scale_build(&runs[i].m, runs[i].shape);
		if (!runs[i].name)
			runs[i].name = runs[i].shape->name;
		if (runs[i].x2 < 0)
			runs[i].x2 = scale_x2(&runs[i].m);
	}
	/* round by round, every machine once: a slower spell of the host hits them all */
	for (r = 0; r < reps; r++)
		for (i = 0; i < N(runs); i++) {
			discover(&runs[i], r, &buf);
			purgatory(&runs[i], r, buf);
			free(buf);
		}
	for (i = 0; i < N(runs); i++)
		report(&runs[i], reps);
	return 0;
}
