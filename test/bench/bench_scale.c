// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_scale [REPS]: cycles (rdtsc) of the plugin's discovery (MADT
 * parse, merge, tables segment) and of the purgatory's ioapic_quiesce()
 * and park_cpus() against the register model (test/model), for the
 * machine shapes of test/unit/scale_machine.h, the last of LIMBO_MAX_CPUS
 * CPUs, after the probe machine (two CPUs, nothing to park, one IO-APIC)
 * in both APIC modes.  Each figure is the median of REPS runs; one line
 * a shape:
 *
 *   NAME x2 0|1 cpus N ioapics N pins N madt_bytes N parse C merge C tables C ioapic C park C
 *   ioapic_accesses N park_accesses N
 *
 * run-scale.sh turns them into cycles per CPU, per IO-APIC and per pin
 * (the probe's fixed part taken off) and the ratios between shapes.  The register model's own cost is in
 * the figures: every access goes through its dispatch.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
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

static struct scale_machine machine;
static struct limbo_discovery disc;
static uint64_t samples[PHASES][MAX_REPS];
static unsigned long io_accesses, park_accesses;	/* MMIO and MSR, the same each run */

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

static void die(const char *what)
{
	fprintf(stderr, "bench_scale: %s: %s\n", machine.shape->name, what);
	exit(1);
}

/* The plugin's side, phase by phase; the tables segment to *buf. */
static void discover(unsigned int r, uint8_t **buf)
{
	struct limbo_config cfg = LIMBO_CONFIG_DEFAULTS;
	size_t bufsz, memsz;
	uint64_t t0, t1, t2, t3;

	limbo_discovery_init(&disc);
	disc.acpi = 1;
	t0 = __rdtsc();
	if (limbo_parse_madt(machine.madt.b, machine.madt.len, &disc.madt))
		die(disc.madt.err);
	t1 = __rdtsc();
	disc.madt_ok = 1;
	limbo_discovery_merge(&disc, NULL);
	t2 = __rdtsc();
	*buf = limbo_discovery_tables(&disc, &cfg, &bufsz, &memsz);
	t3 = __rdtsc();
	if (!*buf || limbo_tables_check(*buf, memsz))
		die("no tables segment");
	samples[PARSE][r] = t1 - t0;
	samples[MERGE][r] = t2 - t1;
	samples[TABLES][r] = t3 - t2;
}

/* The purgatory's side, as main.c orders it; only the two under test timed. */
static void purgatory(unsigned int r, const uint8_t *buf, int x2)
{
	unsigned long a0, a1, a2;
	uint64_t t0, t1, t2;

	scale_setup(&machine, buf, x2);
	lapic_quiesce(rep);
	a0 = scale_accesses();
	t0 = __rdtsc();
	ioapic_quiesce(rep);
	t1 = __rdtsc();
	a1 = scale_accesses();
	park_cpus(rep);
	t2 = __rdtsc();
	a2 = scale_accesses();
	io_accesses = a1 - a0;
	park_accesses = a2 - a1;
	if (rep->problems || hw.lapic.nipis != 2 * (machine.ncpus - 2))
		die("the purgatory did not quiesce and park everything");
	samples[IOAPIC][r] = t1 - t0;
	samples[PARK][r] = t2 - t1;
}

/* @x2 -1: x2APIC when the shape needs it */
static void bench(const struct scale_shape *s, const char *name, int x2, unsigned int reps)
{
	unsigned int r, p;
	uint8_t *buf;

	scale_build(&machine, s);
	if (x2 < 0)
		x2 = scale_x2(&machine);
	for (r = 0; r < reps; r++) {
		discover(r, &buf);
		purgatory(r, buf, x2);
		free(buf);
	}
	printf("%s x2 %d cpus %u ioapics %u pins %u madt_bytes %zu", name, x2, machine.ncpus,
	       machine.nio, machine.total_pins, machine.madt.len);
	for (p = 0; p < PHASES; p++)
		printf(" %s %llu", phase_name[p],
		       (unsigned long long)median(samples[p], reps));
	printf(" ioapic_accesses %lu park_accesses %lu\n", io_accesses, park_accesses);
}

int main(int argc, char **argv)
{
	unsigned int reps = argc > 1 ? (unsigned int)atoi(argv[1]) : 11, i;

	if (reps < 1 || reps > MAX_REPS) {
		fprintf(stderr, "usage: bench_scale [REPS 1-%d]\n", MAX_REPS);
		return 2;
	}
	bench(&scale_probe_shape, "probe-xapic", 0, reps);
	bench(&scale_probe_shape, "probe-x2apic", 1, reps);
	for (i = 0; i < SCALE_SHAPES; i++)
		bench(&scale_shapes[i], scale_shapes[i].name, -1, reps);
	bench(&scale_max_shape, scale_max_shape.name, -1, reps);
	return 0;
}
