// SPDX-License-Identifier: GPL-2.0-only
/*
 * purgatory/ioapic.c against the IO-APIC model (test/model): both ways of
 * clearing Remote IRR (the EOI register of version >= 0x20 parts, the
 * edge/level switch of older ones), SMI pins left alone, pins already
 * masked, a pin whose Remote IRR never clears, an IO-APIC that does not
 * answer, one that cannot be mapped; the IO-APIC list from the verified
 * tables (stub_tables(): tables.c decides), or none.  The model fails the test on an
 * access to the EOI register of an old part, to a register past the
 * redirection table, or through an unmapped page.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "hw_model.h"
#include "purgatory.h"
#include "stubs.h"

#define IOAPIC0		0xfec00000ULL
#define IOAPIC1		0xfec01000ULL

#define EDGE(vec)	((uint32_t)(vec))
#define LEVEL(vec)	(IOAPIC_RTE_LEVEL | IOAPIC_RTE_POLARITY_LOW | (uint32_t)(vec))

/* what the plugin discovered: into the tables when the code under test runs */
static struct limbo_config_ioapic list[LIMBO_MAX_IOAPICS_ALL];
static uint32_t nlist;

/* a result row, and the report's counts */
#define IO(i)		(*stub_ioapic_result(i))
#define IO_TOTAL	(stub_global_rep_v2.ioapic_total)

/* The tables from the list, as the plugin would add them (once). */
static void load(void)
{
	if (!tables)
		stub_tables(list, nlist, NULL, 0, 0, 0, 0);
}

static void quiesce(void)
{
	load();
	ioapic_quiesce(rep);
}

static int reset(void **state)
{
	(void)state;
	hw_model_reset();
	stubs_reset();
	nlist = 0;
	return 0;
}

/* An IO-APIC in the model and in the plugin's list. */
static struct ioapic_model *add(uint64_t base, uint8_t id, uint8_t version,
				unsigned int pins, uint32_t gsi_base)
{
	struct limbo_config_ioapic *c = &list[nlist++];

	c->address = base;
	c->gsi_base = gsi_base;
	c->id = id;
	return hw_model_add_ioapic(base, id, version, pins);
}

/*
 * What a crashed kernel leaves: ISA pins 0-15 edge and unmasked, PCI pins
 * 16-19 level and unmasked, 16 and 18 with an interrupt in flight (Remote
 * IRR set, the device still asserting 16), 20-23 never used (masked).
 */
static void crashed(struct ioapic_model *m)
{
	unsigned int pin;

	for (pin = 0; pin < 16; pin++)
		ioapic_model_set_rte(m, pin, EDGE(0x30 + pin));
	for (pin = 16; pin < 20; pin++)
		ioapic_model_set_rte(m, pin, LEVEL(0x50 + pin));
	m->rte_lo[16] |= IOAPIC_RTE_REMOTE_IRR;
	m->rte_lo[18] |= IOAPIC_RTE_REMOTE_IRR;
	m->line[16] = 1;
	m->rte_hi[16] = 0x03000000;
}

/* test_<name>_eoi_register (version 0x20) and test_<name>_edge_level (0x11) */
#define BOTH_GENERATIONS(name, check)					\
	static void test_##name##_eoi_register(void **state)		\
	{								\
		(void)state;						\
		check(0x20);						\
	}								\
	static void test_##name##_edge_level(void **state)		\
	{								\
		(void)state;						\
		check(0x11);						\
	}

/* Every pin but SMI ones masked, none with Remote IRR. */
static void assert_quiet_hi_written(const struct ioapic_model *m)
{
	unsigned int pin;

	for (pin = 0; pin < m->pins; pin++) {
		if ((m->rte_lo[pin] & IOAPIC_RTE_DELMODE) == IOAPIC_DELMODE_SMI)
			continue;
		assert_true(m->rte_lo[pin] & IOAPIC_RTE_MASKED);
		assert_false(m->rte_lo[pin] & IOAPIC_RTE_REMOTE_IRR);
	}
}

/* ... and the destinations (high dwords) never written. */
static void assert_quiet(const struct ioapic_model *m)
{
	assert_quiet_hi_written(m);
	assert_int_equal(m->rte_hi_writes, 0);
}

static void assert_crashed_quiet(const struct ioapic_model *m,
				 const struct limbo_ioapic_state *s)
{
	unsigned int pin;

	assert_quiet(m);
	for (pin = 0; pin < 16; pin++)
		assert_int_equal(m->rte_lo[pin], EDGE(0x30 + pin) | IOAPIC_RTE_MASKED);
	for (pin = 16; pin < 20; pin++)	/* still level, same vector */
		assert_int_equal(m->rte_lo[pin], LEVEL(0x50 + pin) | IOAPIC_RTE_MASKED);
	for (pin = 20; pin < 24; pin++)
		assert_int_equal(m->rte_writes[pin], 0);	/* already masked */
	assert_int_equal(m->rte_hi[16], 0x03000000);
	assert_int_equal(m->deliveries[16], 0);		/* never unmasked */
	assert_int_equal(s->pins, 24);
	assert_int_equal(s->masked, 24);
	assert_int_equal(s->rirr_found, 2);
	assert_int_equal(s->rirr_cleared, 2);
	assert_int_equal(s->stuck, 0);
	assert_int_equal(s->flags, 0);
}

/* The plugin's list says the machine has none: nothing to do, no problem. */
static void test_none_on_the_machine(void **state)
{
	(void)state;
	quiesce();
	assert_int_equal(IO_TOTAL, 0);
	assert_int_equal(hw.map_calls, 0);
	assert_int_equal(rep->problems, 0);
	assert_true(log_has("the plugin found none on this machine"));
}

/*
 * No verified list: none named, named but kexec -i skipped verification,
 * or not one of the verified regions.  Nothing is touched, and the
 * report says the quiesce did not happen.
 */
static void no_list(void (*spoil)(void))
{
	struct ioapic_model *m = add(IOAPIC0, 2, 0x20, 24, 0);

	crashed(m);
	spoil();
	ioapic_quiesce(rep);
	assert_int_equal(m->accesses, 0);
	assert_int_equal(IO_TOTAL, 0);
	assert_int_equal(rep->problems, LIMBO_PROB_IOAPIC | LIMBO_PROB_TABLES);
	assert_true(log_has("ioapic: no verified list from the plugin: nothing done"));
}

static void spoil_none(void) { }

static void spoil_unverified(void)
{
	skip_checks = 1;
	load();
}

static void spoil_not_hashed(void)
{
	load();
	tables = NULL;
	sha256_regions[LIMBO_SHA256_REGIONS - 1].len -= 4096;	/* not the named range */
	tables_load();
}

static void spoil_unknown(void)
{
	stub_tables(NULL, 0, NULL, 0, 0, 0, 0);	/* discovery found no source */
}

static void test_no_tables(void **state)
{
	(void)state;
	no_list(spoil_none);
	assert_int_equal(stub_global_rep_v2.tables_state, LIMBO_TABLES_NONE);
}

static void test_tables_unverified(void **state)
{
	(void)state;
	no_list(spoil_unverified);
	assert_int_equal(stub_global_rep_v2.tables_state, LIMBO_TABLES_UNVERIFIED);
}

static void test_tables_not_hashed(void **state)
{
	(void)state;
	no_list(spoil_not_hashed);
	assert_int_equal(stub_global_rep_v2.tables_state, LIMBO_TABLES_NOT_HASHED);
}

static void test_tables_without_ioapic_list(void **state)
{
	(void)state;
	no_list(spoil_unknown);
	assert_int_equal(stub_global_rep_v2.tables_state, LIMBO_TABLES_USED);
}

/* A header the check refuses: nothing of it is used. */
static void test_tables_malformed(void **state)
{
	struct ioapic_model *m = add(IOAPIC0, 2, 0x20, 24, 0);
	struct limbo_tables *t;

	(void)state;
	crashed(m);
	load();
	t = (struct limbo_tables *)(uintptr_t)test_cfg.tables_addr;
	t->ioapic_count = LIMBO_MAX_IOAPICS_ALL + 1;
	tables_load();
	ioapic_quiesce(rep);
	assert_int_equal(m->accesses, 0);
	assert_int_equal(stub_global_rep_v2.tables_state, LIMBO_TABLES_MALFORMED);
	assert_true(log_has("malformed, more entries than limbo carries"));
	assert_int_equal(rep->problems, LIMBO_PROB_IOAPIC | LIMBO_PROB_TABLES);
}

static void test_eoi_register(void **state)
{
	struct ioapic_model *m;

	(void)state;
	m = add(IOAPIC0, 2, 0x20, 24, 0);
	crashed(m);
	quiesce();
	assert_crashed_quiet(m, &IO(0));
	assert_int_equal(rep->problems, 0);
	assert_int_equal(m->eoi_writes, 2);
	assert_int_equal(m->edge_switches[16] + m->edge_switches[18], 0);
	assert_int_equal(IO_TOTAL, 1);
	assert_int_equal(IO(0).id, 2);
	assert_int_equal(IO(0).version, 0x20);
	assert_int_equal(IO(0).address, IOAPIC0);
	assert_int_equal(IO(0).gsi_base, 0);
	assert_true(hw_model_page_mapped(IOAPIC0));
	assert_true(log_has("pin 16 (GSI 16): Remote IRR cleared, vector 96"));
	assert_true(log_has("pin 18 (GSI 18): Remote IRR cleared, vector 98"));
	assert_true(log_has("v20: 24 pins masked, Remote IRR 2 found 2 cleared 0 stuck"));
}

static void test_edge_level_switch(void **state)
{
	struct ioapic_model *m;

	(void)state;
	m = add(IOAPIC0, 1, 0x11, 24, 0);
	crashed(m);
	quiesce();
	assert_crashed_quiet(m, &IO(0));
	assert_int_equal(rep->problems, 0);
	assert_int_equal(m->eoi_writes, 0);
	assert_int_equal(m->edge_switches[16], 1);
	assert_int_equal(m->edge_switches[18], 1);
	assert_int_equal(m->edge_switches[17] + m->edge_switches[19], 0);
	assert_int_equal(IO(0).version, 0x11);
	assert_true(log_has("v11: 24 pins masked, Remote IRR 2 found 2 cleared 0 stuck"));
}

/* SMI pins belong to the firmware: not written, not counted. */
static void test_smi_left_alone(void **state)
{
	static const uint8_t versions[] = { 0x11, 0x20 };
	struct ioapic_model *m;
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(versions); i++) {
		reset(NULL);
		m = add(IOAPIC0, 0, versions[i], 24, 0);
		crashed(m);
		ioapic_model_set_rte(m, 9, IOAPIC_DELMODE_SMI | IOAPIC_RTE_LEVEL | IOAPIC_RTE_REMOTE_IRR);
		ioapic_model_set_rte(m, 21, IOAPIC_DELMODE_SMI);
		quiesce();
		assert_int_equal(m->rte_writes[9] + m->rte_writes[21], 0);
		assert_int_equal(m->rte_lo[9],
				 IOAPIC_DELMODE_SMI | IOAPIC_RTE_LEVEL | IOAPIC_RTE_REMOTE_IRR);
		assert_int_equal(m->rte_lo[21], IOAPIC_DELMODE_SMI);
		assert_int_equal(m->eoi_writes, versions[i] >= 0x20 ? 2 : 0);
		assert_quiet(m);
		assert_int_equal(IO(0).masked, 22);
		assert_int_equal(IO(0).rirr_found, 2);
		assert_int_equal(IO(0).flags, LIMBO_IOAPIC_SMI_SKIPPED);
		assert_int_equal(rep->problems, 0);
	}
}

/* Masked pins are not rewritten, but their Remote IRR is still cleared. */
static void test_already_masked(void **state)
{
	struct ioapic_model *m;
	unsigned int pin;

	(void)state;
	m = add(IOAPIC0, 0, 0x20, 24, 0);
	for (pin = 0; pin < 24; pin++)
		ioapic_model_set_rte(m, pin, LEVEL(0x40 + pin) | IOAPIC_RTE_MASKED);
	m->rte_lo[3] |= IOAPIC_RTE_REMOTE_IRR;
	quiesce();
	assert_quiet(m);
	for (pin = 0; pin < 24; pin++)
		assert_int_equal(m->rte_writes[pin], 0);
	assert_int_equal(m->eoi_writes, 1);
	assert_int_equal(IO(0).masked, 24);
	assert_int_equal(IO(0).rirr_found, 1);
	assert_int_equal(IO(0).rirr_cleared, 1);
}

static void check_stuck(uint8_t version)
{
	struct ioapic_model *m;

	m = add(IOAPIC0, 4, version, 24, 48);
	crashed(m);
	m->stuck[18] = 1;
	quiesce();
	assert_true(m->rte_lo[18] & IOAPIC_RTE_REMOTE_IRR);
	assert_true(m->rte_lo[18] & IOAPIC_RTE_MASKED);
	assert_false(m->rte_lo[16] & IOAPIC_RTE_REMOTE_IRR);
	assert_int_equal(IO(0).rirr_found, 2);
	assert_int_equal(IO(0).rirr_cleared, 1);
	assert_int_equal(IO(0).stuck, 1);
	assert_int_equal(IO(0).masked, 24);
	assert_int_equal(rep->problems, LIMBO_PROB_IOAPIC);
	assert_true(log_has("ioapic 4 pin 18 (GSI 66): Remote IRR stuck, vector 98"));
}

BOTH_GENERATIONS(stuck, check_stuck)

/* Nothing decodes the address: all ones, reported, nothing counted. */
static void test_absent(void **state)
{
	struct ioapic_model *m;

	(void)state;
	m = add(IOAPIC0, 0, 0x20, 24, 0);
	m->absent = 1;
	quiesce();
	assert_int_equal(IO_TOTAL, 1);
	assert_int_equal(IO(0).flags, LIMBO_IOAPIC_ABSENT);
	assert_int_equal(IO(0).address, IOAPIC0);
	assert_int_equal(IO(0).masked, 0);
	assert_int_equal(rep->problems, LIMBO_PROB_IOAPIC);
	assert_true(log_has("at fec00000: no response"));
}

/* The first cannot be mapped; the second is still quiesced. */
static void test_map_fails(void **state)
{
	struct ioapic_model *m0, *m1;

	(void)state;
	m0 = add(IOAPIC0, 0, 0x20, 24, 0);
	m1 = add(IOAPIC1, 1, 0x20, 24, 24);
	crashed(m0);
	crashed(m1);
	hw.map_fail = 1;
	hw.map_fail_page = IOAPIC0;
	quiesce();
	assert_int_equal(m0->accesses, 0);
	assert_int_equal(IO_TOTAL, 2);
	assert_int_equal(IO(0).flags, LIMBO_IOAPIC_UNMAPPED);
	assert_int_equal(IO(0).address, IOAPIC0);
	assert_int_equal(rep->problems, LIMBO_PROB_IOAPIC);
	assert_crashed_quiet(m1, &IO(1));
}

/* Two generations side by side, GSIs numbered from each base. */
static void test_two_ioapics(void **state)
{
	struct ioapic_model *m0, *m1;

	(void)state;
	m0 = add(IOAPIC0, 0, 0x11, 24, 0);
	m1 = add(IOAPIC1, 1, 0x20, 24, 24);
	crashed(m0);
	crashed(m1);
	quiesce();
	assert_int_equal(IO_TOTAL, 2);
	assert_crashed_quiet(m0, &IO(0));
	assert_crashed_quiet(m1, &IO(1));
	assert_int_equal(m0->eoi_writes, 0);
	assert_int_equal(m1->eoi_writes, 2);
	assert_int_equal(IO(1).gsi_base, 24);
	assert_int_equal(rep->problems, 0);
	assert_true(log_has("ioapic 1 pin 16 (GSI 40): Remote IRR cleared"));
}

/* One EOI clears every level pin with that vector. */
static void test_shared_vector(void **state)
{
	struct ioapic_model *m;

	(void)state;
	m = add(IOAPIC0, 0, 0x20, 24, 0);
	ioapic_model_set_rte(m, 16, LEVEL(0x61) | IOAPIC_RTE_REMOTE_IRR);
	ioapic_model_set_rte(m, 20, LEVEL(0x61) | IOAPIC_RTE_REMOTE_IRR);
	quiesce();
	assert_quiet(m);
	assert_int_equal(m->eoi_writes, 1);
	assert_int_equal(IO(0).rirr_found, 1);
	assert_int_equal(rep->problems, 0);
}

/*
 * The device asserts its level line between the code's read of the RTE
 * and its masking write: the interrupt is delivered and Remote IRR set.
 * The pin must not be left masked with Remote IRR set and unreported.
 */
static void check_late_assert(uint8_t version)
{
	struct ioapic_model *m;

	m = add(IOAPIC0, 0, version, 24, 0);
	ioapic_model_set_rte(m, 9, LEVEL(0x79));
	m->assert_after_read[9] = 1;
	quiesce();
	assert_int_equal(m->deliveries[9], 1);
	assert_quiet(m);
	assert_int_equal(IO(0).rirr_found, 1);
	assert_int_equal(IO(0).rirr_cleared, 1);
	assert_int_equal(rep->problems, 0);
}

BOTH_GENERATIONS(late_assert, check_late_assert)

/*
 * More IO-APICs than v1's report held (8): every one quiesced, each with
 * its row; and a list the plugin marked incomplete is quiesced as far as
 * it goes, recorded as a problem.
 */
static void test_many_ioapics(void **state)
{
	struct ioapic_model *m[20];
	unsigned int i;

	(void)state;
	for (i = 0; i < 20; i++) {
		m[i] = add(IOAPIC0 + 0x1000 * i, i, 0x20, 24, 24 * i);
		crashed(m[i]);
	}
	quiesce();
	assert_int_equal(IO_TOTAL, 20);
	for (i = 0; i < 20; i++)
		assert_crashed_quiet(m[i], &IO(i));
	assert_int_equal(rep->problems, 0);
}

static void test_partial_list(void **state)
{
	struct ioapic_model *m = add(IOAPIC0, 2, 0x20, 24, 0);

	(void)state;
	crashed(m);
	stub_tables(list, nlist, NULL, 0, 0, 0, LIMBO_TABLES_IOAPICS_PARTIAL);
	ioapic_quiesce(rep);
	assert_crashed_quiet(m, &IO(0));
	assert_int_equal(rep->problems, LIMBO_PROB_IOAPIC | LIMBO_PROB_TABLES);
	assert_true(log_has("ioapic: the plugin's list is incomplete"));
}

/*
 * debug-remote-irr: what the crashed kernel's clear_IO_APIC leaves (pin
 * masked, edge, vector 0) while the device still asserts its line; the
 * debug step makes it level and unmasks it, the model delivers and sets
 * Remote IRR, and the quiesce must clear it on both generations.
 */
static void check_debug_remote_irr(uint8_t version)
{
	struct ioapic_model *m;

	m = add(IOAPIC0, 0, version, 24, 0);
	ioapic_model_set_rte(m, 10, IOAPIC_RTE_MASKED);
	m->line[10] = 1;
	test_cfg.debug_remote_irr = 10 + 1;
	load();
	ioapic_debug_remote_irr();
	assert_int_equal(m->deliveries[10], 1);
	assert_int_equal(m->rte_lo[10], IOAPIC_RTE_LEVEL | IOAPIC_RTE_REMOTE_IRR | 0x4f);
	assert_true(log_has("GSI 10 = ioapic 0 pin 10 unmasked, level, vector 0x4f: Remote IRR set"));
	quiesce();
	assert_true(m->rte_lo[10] & IOAPIC_RTE_MASKED);
	assert_false(m->rte_lo[10] & IOAPIC_RTE_REMOTE_IRR);
	assert_true(m->rte_lo[10] & IOAPIC_RTE_LEVEL);
	assert_int_equal(m->deliveries[10], 1);		/* masked before cleared */
	assert_int_equal(IO(0).rirr_found, 1);
	assert_int_equal(IO(0).rirr_cleared, 1);
	assert_int_equal(IO(0).stuck, 0);
	assert_int_equal(IO(0).flags, LIMBO_IOAPIC_DEBUG_ARMED);
	assert_int_equal(rep->problems, 0);
	if (version >= 0x20)
		assert_int_equal(m->eoi_writes, 1);
	else
		assert_int_equal(m->edge_switches[10], 1);
}

BOTH_GENERATIONS(debug_remote_irr, check_debug_remote_irr)

/* Line not asserted: armed, but says Remote IRR was not set. */
static void test_debug_remote_irr_idle_line(void **state)
{
	struct ioapic_model *m;

	(void)state;
	m = add(IOAPIC0, 0, 0x20, 24, 0);
	test_cfg.debug_remote_irr = 5 + 1;
	load();
	ioapic_debug_remote_irr();
	assert_int_equal(m->deliveries[5], 0);
	assert_true(log_has("Remote IRR NOT set (is the line asserted?)"));
	quiesce();
	assert_quiet_hi_written(m);
	assert_int_equal(IO(0).rirr_found, 0);
}

/* A GSI on no IO-APIC, or on an SMI pin: nothing is touched. */
static void test_debug_remote_irr_refused(void **state)
{
	struct ioapic_model *m;

	(void)state;
	m = add(IOAPIC0, 0, 0x20, 24, 0);
	ioapic_model_set_rte(m, 3, IOAPIC_DELMODE_SMI);
	test_cfg.debug_remote_irr = 24 + 1;
	load();
	ioapic_debug_remote_irr();
	assert_true(log_has("GSI 24: on no IO-APIC found, or SMI"));
	test_cfg.debug_remote_irr = 3 + 1;
	load();
	ioapic_debug_remote_irr();
	assert_true(log_has("GSI 3: on no IO-APIC found, or SMI"));
	assert_int_equal(m->rte_lo[3], IOAPIC_DELMODE_SMI);
	assert_int_equal(m->rte_writes[3], 0);
	assert_int_equal(m->rte_hi_writes, 0);
	assert_int_equal(IO(0).flags, 0);
}

#define T(fn) cmocka_unit_test_setup(fn, reset)

/*
 * ioapic_regs.h is shared by the code and the model, so a wrong number
 * there would fool both: pin each to the 82093AA datasheet here.
 */
static void test_register_map_is_the_datasheets(void **state)
{
	(void)state;
	assert_int_equal(IOAPIC_IOREGSEL, 0x00);
	assert_int_equal(IOAPIC_IOWIN, 0x10);
	assert_int_equal(IOAPIC_EOI, 0x40);
	assert_int_equal(IOAPIC_EOI_VERSION, 0x20);
	assert_int_equal(IOAPIC_REG_ID, 0x00);
	assert_int_equal(IOAPIC_REG_VER, 0x01);
	assert_int_equal(IOAPIC_REG_ARB, 0x02);
	assert_int_equal(IOAPIC_REG_REDTBL(0), 0x10);
	assert_int_equal(IOAPIC_REG_REDTBL(23), 0x3e);
	assert_int_equal(IOAPIC_RTE_VECTOR, 0xff);
	assert_int_equal(IOAPIC_RTE_DELMODE, 0x700);
	assert_int_equal(IOAPIC_DELMODE_SMI, 0x200);
	assert_int_equal(IOAPIC_DELMODE_NMI, 0x400);
	assert_int_equal(IOAPIC_DELMODE_EXTINT, 0x700);
	assert_int_equal(IOAPIC_RTE_DELIVS, 0x1000);
	assert_int_equal(IOAPIC_RTE_POLARITY_LOW, 0x2000);
	assert_int_equal(IOAPIC_RTE_REMOTE_IRR, 0x4000);
	assert_int_equal(IOAPIC_RTE_LEVEL, 0x8000);
	assert_int_equal(IOAPIC_RTE_MASKED, 0x10000);
}

/*
 * An IO-APIC address the (undigested) config names inside memory that
 * verification proved, or inside the purgatory itself, is never touched:
 * the model at that address sees no access, the report says refused.
 */
static void refused_at(uint64_t base, uint64_t reg_start, uint64_t reg_len,
		       const char *why)
{
	struct ioapic_model *m = add(base, 3, 0x20, 24, 0);

	crashed(m);
	if (reg_len) {
		sha256_regions[2].start = reg_start;
		sha256_regions[2].len = reg_len;
	}
	quiesce();
	assert_int_equal(m->accesses, 0);
	assert_false(hw_model_page_mapped(base));
	assert_int_equal(IO_TOTAL, 1);
	assert_int_equal(IO(0).address, base);
	assert_true(IO(0).flags & LIMBO_IOAPIC_REFUSED);
	assert_true(rep->problems & LIMBO_PROB_IOAPIC);
	assert_true(log_has(why));
}

static void test_refused_in_verified_region(void **state)
{
	(void)state;
	/* a region covering the window's last byte is enough */
	refused_at(0x20000000, 0x20000fff, 0x100000,
		   "at 20000000: REFUSED, inside a verified segment: not touched");
}

static void test_refused_in_purgatory(void **state)
{
	(void)state;
	refused_at(stub_purgatory_start + 0x2000, 0, 0,
		   "REFUSED, inside the purgatory's own segment");
}

/* Touching is fine right up to a region's edges, and others go on. */
static void test_adjacent_region_and_others(void **state)
{
	struct ioapic_model *m0, *m1;

	(void)state;
	m0 = add(IOAPIC0, 2, 0x20, 24, 0);
	m1 = add(0x20000000, 3, 0x20, 24, 24);
	crashed(m0);
	sha256_regions[0].start = IOAPIC0 + 0x1000;	/* ends before, starts after */
	sha256_regions[0].len = 0x1000;
	sha256_regions[1].start = IOAPIC0 - 0x1000;
	sha256_regions[1].len = 0x1000;
	sha256_regions[3].start = 0x1fff0000;		/* covers the second */
	sha256_regions[3].len = 0x20000;
	quiesce();
	assert_crashed_quiet(m0, &IO(0));
	assert_false(IO(0).flags & LIMBO_IOAPIC_REFUSED);
	assert_int_equal(m1->accesses, 0);
	assert_true(IO(1).flags & LIMBO_IOAPIC_REFUSED);
	assert_int_equal(IO_TOTAL, 2);
}

/* debug-remote-irr never arms a pin on a refused IO-APIC either. */
static void test_debug_irr_refused(void **state)
{
	struct ioapic_model *m = add(0x20000000, 3, 0x20, 24, 0);

	(void)state;
	sha256_regions[0].start = 0x20000000;
	sha256_regions[0].len = 0x1000;
	test_cfg.debug_remote_irr = limbo_gsi_store(5);
	load();
	ioapic_debug_remote_irr();
	assert_int_equal(m->accesses, 0);
	assert_true(log_has("nothing armed"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_refused_in_verified_region),
		T(test_refused_in_purgatory),
		T(test_adjacent_region_and_others),
		T(test_debug_irr_refused),
		cmocka_unit_test(test_register_map_is_the_datasheets),
		T(test_none_on_the_machine),
		T(test_no_tables),
		T(test_tables_unverified),
		T(test_tables_not_hashed),
		T(test_tables_without_ioapic_list),
		T(test_tables_malformed),
		T(test_partial_list),
		T(test_eoi_register),
		T(test_edge_level_switch),
		T(test_smi_left_alone),
		T(test_already_masked),
		T(test_stuck_eoi_register),
		T(test_stuck_edge_level),
		T(test_absent),
		T(test_map_fails),
		T(test_two_ioapics),
		T(test_shared_vector),
		T(test_late_assert_eoi_register),
		T(test_late_assert_edge_level),
		T(test_many_ioapics),
		T(test_debug_remote_irr_eoi_register),
		T(test_debug_remote_irr_edge_level),
		T(test_debug_remote_irr_idle_line),
		T(test_debug_remote_irr_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
