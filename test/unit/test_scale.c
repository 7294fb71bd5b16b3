// SPDX-License-Identifier: GPL-2.0-only
/*
 * Machines of real shapes, end to end on the host (scale_machine.h):
 * (a) 1 socket, 8 CPUs, 1 IO-APIC; (b) 2 sockets, 224 threads, 16
 * IO-APICs; (c) 4 sockets, 896 threads with x2APIC IDs, 32 IO-APICs;
 * (d) 8192 CPUs, 64 IO-APICs.  Each MADT goes through the plugin's
 * parser, merge and tables segment (every CPU and IO-APIC carried, the
 * boot CPU, the largest APIC ID, the flags), then the purgatory's
 * ioapic_quiesce() and park_cpus() (park=init) run against the register
 * model with those tables: every IO-APIC quiesced, INIT to every CPU but
 * this one and the boot CPU, through the x2APIC ICR where IDs need it.
 *
 * The work must grow linearly: the MMIO and MSR accesses of every shape
 * are exactly what a one-IO-APIC, two-CPU probe machine costs per
 * IO-APIC, per pin past the 24 and per parked CPU, times the shape's
 * counts.  The figures are printed; test/bench times the same runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include "hw_model.h"
#include "purgatory.h"
#include "scale_machine.h"
#include "stubs.h"

#define INIT_ASSERT	0xc500u		/* SDM: INIT, level triggered, assert */
#define INIT_DEASSERT	0x8500u		/* ... de-assert */
/* what one INIT costs: xAPIC ICR2, ICR, one delivery status read; x2APIC the ICR MSR */
#define XAPIC_ACCESSES_PER_INIT	3
#define X2APIC_ACCESSES_PER_INIT 1

static struct scale_machine machine;
static struct limbo_discovery disc;

/* accesses of one run of the purgatory's side */
struct cost {
	unsigned long io, park;
};

static int reset(void **state)
{
	(void)state;
	hw_model_reset();
	stubs_reset();
	return 0;
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1e3 + (t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* ---- the plugin's side ------------------------------------------------- */

static void assert_madt(const struct scale_machine *m, const struct limbo_madt *p)
{
	unsigned int i;

	assert_int_equal(p->cpu_count, m->ncpus);
	assert_int_equal(p->cpus_beyond, 0);
	for (i = 0; i < m->ncpus; i++)
		assert_int_equal(p->apic_ids[i], m->ids[i]);
	assert_int_equal(p->boot_apic_id, m->ids[0]);
	assert_int_equal(p->max_apic_id, m->max_id);
	assert_int_equal(p->x2apic_entries, m->x2_entries);
	assert_int_equal(p->invalid_ids, m->shape->placeholders);
	assert_int_equal(p->duplicates + p->disabled + p->online_capable, 0);
	assert_int_equal(p->ioapic_count, m->nio);
	assert_int_equal(p->ioapics_beyond, 0);
	assert_int_equal(p->overrides, 2);
	assert_int_equal(p->nmis, 1 + !!m->x2_entries);
}

/* The segment the plugin adds: every CPU and IO-APIC, in MADT order. */
static void assert_tables(const struct scale_machine *m, const uint8_t *buf, size_t size)
{
	const struct limbo_tables *t = (const struct limbo_tables *)buf;
	const struct limbo_config_ioapic *io = limbo_tables_ioapics(t);
	unsigned int i;

	assert_null(limbo_tables_check(buf, size));
	assert_int_equal(t->flags, LIMBO_TABLES_IOAPICS_KNOWN | LIMBO_TABLES_CPUS_KNOWN);
	assert_int_equal(t->boot_cpu_apic_id, m->ids[0]);
	assert_int_equal(t->max_apic_id, m->max_id);
	assert_int_equal(t->cpu_count, m->ncpus);
	for (i = 0; i < m->ncpus; i++)
		assert_int_equal(limbo_tables_cpus(t)[i], m->ids[i]);
	assert_int_equal(t->ioapic_count, m->nio);
	for (i = 0; i < m->nio; i++) {
		assert_int_equal(io[i].address, m->io[i].address);
		assert_int_equal(io[i].gsi_base, m->io[i].gsi_base);
		assert_int_equal(io[i].id, m->io[i].id);
	}
}

static uint8_t *discover(const struct scale_machine *m)
{
	uint8_t *buf;
	size_t size;

	assert_null(scale_discover(m, &disc, &buf, &size));
	assert_madt(m, &disc.madt);
	assert_int_equal(disc.warnings, 0);
	assert_string_equal(disc.cpu_source, "MADT");
	assert_string_equal(disc.ioapic_source, "MADT");
	assert_tables(m, buf, size);
	return buf;
}

/* ---- the purgatory's side ------------------------------------------------ */

/* main.c's order; the accesses of the IO-APIC quiesce and of the parking. */
static struct cost run(const struct scale_machine *m, const uint8_t *tables, int x2)
{
	struct cost c;
	unsigned long before;

	scale_setup(m, tables, x2);
	assert_int_equal(stub_global_rep_v2.tables_state, LIMBO_TABLES_USED);
	lapic_quiesce(rep);
	assert_int_equal(rep->lapic_left.mode, x2 ? LIMBO_APIC_X2APIC : LIMBO_APIC_XAPIC);
	before = scale_accesses();
	ioapic_quiesce(rep);
	c.io = scale_accesses() - before;
	before = scale_accesses();
	park_cpus(rep);
	c.park = scale_accesses() - before;
	return c;
}

/* Every IO-APIC: every pin masked, Remote IRR cleared where the crash set it. */
static void assert_quiesced(const struct scale_machine *m)
{
	unsigned int i, pin;

	assert_int_equal(hw.nioapics, m->nio);
	assert_int_equal(stub_global_rep_v2.ioapic_total, m->nio);
	for (i = 0; i < m->nio; i++) {
		const struct ioapic_model *im = &hw.ioapic[i];
		const struct limbo_ioapic_state *s = stub_ioapic_result(i);

		assert_int_equal(s->address, m->io[i].address);
		assert_int_equal(s->gsi_base, m->io[i].gsi_base);
		assert_int_equal(s->id, m->io[i].id & 0xf);	/* the ID register has 4 bits */
		assert_int_equal(s->version, SCALE_IOAPIC_VERSION);
		assert_int_equal(s->pins, m->pins[i]);
		assert_int_equal(s->masked, m->pins[i]);
		assert_int_equal(s->rirr_found, SCALE_RIRR_PINS);
		assert_int_equal(s->rirr_cleared, SCALE_RIRR_PINS);
		assert_int_equal(s->stuck, 0);
		assert_int_equal(s->flags, 0);
		assert_int_equal(im->eoi_writes, SCALE_RIRR_PINS);
		for (pin = 0; pin < im->pins; pin++) {
			assert_true(im->rte_lo[pin] & IOAPIC_RTE_MASKED);
			assert_false(im->rte_lo[pin] & IOAPIC_RTE_REMOTE_IRR);
		}
	}
}

/* INIT assert then de-assert to every CPU but this one and the boot CPU. */
static void assert_parked(const struct scale_machine *m, int x2)
{
	uint32_t self = scale_self(m), boot = m->ids[0];
	unsigned int i, k = 0;

	assert_int_equal(hw.lapic.nipis, 2 * (m->ncpus - 2));
	assert_true(hw.lapic.nipis <= LM_MAX_IPIS);
	assert_int_equal(stub_global_rep_v2.park_total, m->ncpus);
	for (i = 0; i < m->ncpus; i++) {
		const struct limbo_park_entry *e = stub_park_result(i);
		const struct lm_ipi *p = &hw.lapic.ipis[k];

		assert_int_equal(e->apic_id, m->ids[i]);
		if (m->ids[i] == self || m->ids[i] == boot) {
			assert_int_equal(e->result, m->ids[i] == self ? LIMBO_PARK_SELF :
						    LIMBO_PARK_BOOT_CPU);
			continue;
		}
		assert_int_equal(e->result, LIMBO_PARK_PARKED);
		assert_int_equal(p[0].x2, x2);
		assert_int_equal(p[1].x2, x2);
		assert_int_equal(p[0].dest, m->ids[i]);
		assert_int_equal(p[1].dest, m->ids[i]);
		assert_int_equal(p[0].icr, INIT_ASSERT);
		assert_int_equal(p[1].icr, INIT_DEASSERT);
		assert_int_equal(p[0].shorthand + p[1].shorthand, 0);
		k += 2;
	}
	assert_int_equal(k, hw.lapic.nipis);
}

/* ---- linear growth --------------------------------------------------------- */

struct unit_cost {
	unsigned long per_ioapic;	/* one IO-APIC of 24 pins */
	unsigned long per_pin;		/* each pin past 24 (masked, idle) */
	unsigned long park_fixed[2];	/* xAPIC, x2APIC: nothing to park */
};

/* scale_probe_shape with @pins on its IO-APIC, this CPU in x2APIC if @x2 */
static struct cost probe(unsigned int pins, int x2)
{
	static struct scale_machine p;
	struct scale_shape s = scale_probe_shape;
	struct cost c;
	uint8_t *buf;

	s.pins0 = pins;
	scale_build(&p, &s);
	buf = discover(&p);
	c = run(&p, buf, x2);
	assert_quiesced(&p);
	assert_parked(&p, x2);
	free(buf);
	return c;
}

/* The probe's costs: the fixed part and the unit costs every shape is held to. */
static struct unit_cost unit_costs(void)
{
	struct unit_cost u;
	struct cost c24 = probe(SCALE_PINS, 0), c25 = probe(SCALE_PINS + 1, 0);

	u.per_ioapic = c24.io;
	assert_true(c25.io > c24.io);
	u.per_pin = c25.io - c24.io;
	u.park_fixed[0] = c24.park;
	u.park_fixed[1] = probe(SCALE_PINS, 1).park;
	return u;
}

/*
 * Shape @i end to end, and its accesses against the probes' unit costs:
 * exactly linear, no part that grows with the machine beyond its count.
 */
static void check_shape(unsigned int i)
{
	const struct scale_shape *s = &scale_shapes[i];
	struct unit_cost u = unit_costs();
	unsigned long extra_pins, parked, per_cpu;
	struct timespec t0;
	struct cost c;
	double ms;
	uint8_t *buf;
	int x2;

	scale_build(&machine, s);
	assert_int_equal(machine.ncpus, s->sockets * s->cores * s->threads);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	buf = discover(&machine);
	ms = ms_since(&t0);
	x2 = scale_x2(&machine);
	c = run(&machine, buf, x2);
	assert_quiesced(&machine);
	assert_parked(&machine, x2);
	assert_int_equal(rep->problems & (LIMBO_PROB_IOAPIC | LIMBO_PROB_PARK |
					  LIMBO_PROB_TABLES | LIMBO_PROB_LAPIC), 0);

	extra_pins = machine.total_pins - SCALE_PINS * machine.nio;
	parked = machine.ncpus - 2;
	assert_int_equal(c.io, machine.nio * u.per_ioapic + extra_pins * u.per_pin);
	assert_true(c.park >= u.park_fixed[x2]);
	per_cpu = (c.park - u.park_fixed[x2]) / parked;
	assert_int_equal(c.park, u.park_fixed[x2] + parked * per_cpu);
	/* INIT assert and de-assert */
	assert_int_equal(per_cpu, 2 * (x2 ? X2APIC_ACCESSES_PER_INIT : XAPIC_ACCESSES_PER_INIT));
	printf("  %-9s %5u CPUs (max APIC ID %5u, %s) %3u IO-APICs %4u pins: "
	       "IO-APIC %lu accesses (%.1f per IO-APIC), park %lu (%lu per CPU + %lu), "
	       "plugin %.2f ms\n", s->name, machine.ncpus, machine.max_id,
	       x2 ? "x2APIC" : "xAPIC", machine.nio, machine.total_pins, c.io,
	       (double)c.io / machine.nio, c.park, per_cpu, u.park_fixed[x2], ms);
	free(buf);
}

static void test_shape_1s_8(void **state)
{
	(void)state;
	check_shape(0);
}

static void test_shape_2s_224(void **state)
{
	(void)state;
	check_shape(1);
}

static void test_shape_4s_896_x2apic(void **state)
{
	(void)state;
	check_shape(2);
}

static void test_shape_8192(void **state)
{
	(void)state;
	check_shape(3);
}

/* ---- the parsers' duplicate check at LIMBO_MAX_CPUS ------------------------ */

/*
 * Every CPU of the largest machine listed again, last first, then one
 * CPU past what the tables carry, twice: each repeat is found however
 * long its probe, and what counts as listed, duplicate or beyond is what
 * it always was.  The parse times are printed (under ASan).
 */
static void test_madt_duplicates_at_scale(void **state)
{
	static struct limbo_madt p;
	struct timespec t0;
	unsigned int i;
	double once;

	(void)state;
	scale_build(&machine, &scale_max_shape);
	assert_int_equal(machine.ncpus, LIMBO_MAX_CPUS);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_null(limbo_parse_madt(machine.madt.b, machine.madt.len, &p));
	once = ms_since(&t0);
	assert_int_equal(p.cpu_count, LIMBO_MAX_CPUS);
	assert_int_equal(p.duplicates, 0);
	for (i = machine.ncpus; i-- > 0; )
		madt_x2apic(&machine.madt, machine.ids[i], MADT_ENABLED, i);
	madt_x2apic(&machine.madt, machine.max_id + 1, MADT_ENABLED, 0);
	madt_x2apic(&machine.madt, machine.max_id + 1, MADT_ENABLED, 0);
	madt_end(&machine.madt);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_null(limbo_parse_madt(machine.madt.b, machine.madt.len, &p));
	printf("  MADT parse, %u CPUs: %.2f ms; each listed twice: %.2f ms\n",
	       LIMBO_MAX_CPUS, once, ms_since(&t0));
	assert_int_equal(p.cpu_count, LIMBO_MAX_CPUS);
	assert_int_equal(p.duplicates, LIMBO_MAX_CPUS);
	assert_int_equal(p.cpus_beyond, 2);
	assert_int_equal(p.max_apic_id, machine.max_id + 1);
	for (i = 0; i < machine.ncpus; i++)
		assert_int_equal(p.apic_ids[i], machine.ids[i]);
}

/* /proc/cpuinfo of the largest machine, every CPU twice: counted once. */
static void test_cpuinfo_duplicates_at_scale(void **state)
{
	static struct limbo_cpuinfo c;
	size_t cap = 2 * LIMBO_MAX_CPUS * 48, len = 0;
	char *text = malloc(cap);
	unsigned int i;

	(void)state;
	assert_non_null(text);
	scale_build(&machine, &scale_max_shape);
	for (i = 0; i < 2 * machine.ncpus; i++)
		len += (size_t)snprintf(text + len, cap - len,
					"processor\t: %u\napicid\t\t: %u\n\n",
					i % machine.ncpus, machine.ids[i % machine.ncpus]);
	assert_true(len < cap);
	assert_null(limbo_parse_cpuinfo(text, len, &c));
	assert_int_equal(c.cpus, LIMBO_MAX_CPUS);
	assert_int_equal(c.listed, LIMBO_MAX_CPUS);
	assert_int_equal(c.max_apic_id, machine.max_id);
	assert_int_equal(c.boot_apic_id, machine.ids[0]);
	for (i = 0; i < machine.ncpus; i++)
		assert_int_equal(c.apic_ids[i], machine.ids[i]);
	free(text);
}

/* The shapes are what their names say. */
static void test_shape_layouts(void **state)
{
	static const unsigned int cpus[] = { 8, 224, 896, 8192 };
	static const unsigned int ioapics[] = { 1, 16, 32, 64 };
	unsigned int i;

	(void)state;
	for (i = 0; i < SCALE_SHAPES; i++) {
		scale_build(&machine, &scale_shapes[i]);
		assert_int_equal(machine.ncpus, cpus[i]);
		assert_int_equal(machine.nio, ioapics[i]);
		assert_int_equal(machine.ids[0], 0);
		/* xAPIC reaches (b), (c) and (d) need x2APIC and type 9 entries */
		assert_int_equal(scale_x2(&machine), i >= 2);
		assert_int_equal(!!machine.x2_entries, i >= 2);
	}
	scale_build(&machine, &scale_shapes[1]);	/* siblings adjacent, gaps */
	assert_int_equal(machine.ids[1], 2);
	assert_int_equal(machine.ids[56], 128);		/* socket 1 */
	assert_int_equal(machine.ids[112], 1);		/* the second threads */
	assert_int_equal(machine.max_id, 253);
	scale_build(&machine, &scale_shapes[2]);
	assert_int_equal(machine.io[1].gsi_base, 120);
	assert_int_equal(machine.pins[8], SCALE_WIDE_PINS);
	assert_int_equal(machine.io[9].gsi_base, 120 + 7 * SCALE_PINS + SCALE_WIDE_PINS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_shape_layouts, reset),
		cmocka_unit_test_setup(test_shape_1s_8, reset),
		cmocka_unit_test_setup(test_shape_2s_224, reset),
		cmocka_unit_test_setup(test_shape_4s_896_x2apic, reset),
		cmocka_unit_test_setup(test_shape_8192, reset),
		cmocka_unit_test(test_madt_duplicates_at_scale),
		cmocka_unit_test(test_cpuinfo_duplicates_at_scale),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
