// SPDX-License-Identifier: GPL-2.0-only
/*
 * purgatory/park.c against the local APIC model (test/model): INIT
 * assert and de-assert to every other CPU the plugin listed, through the
 * xAPIC ICR (ICR2 then ICR, then delivery status) or the x2APIC ICR MSR;
 * never to this CPU or to the firmware's boot CPU; and every reason to
 * send nothing at all (no topology, no usable APIC, TDX and SEV-ES/SNP
 * guests).  Each test runs lapic_quiesce() first, as main.c does, so the
 * report's lapic_left and the mapped APIC page are what park.c really
 * gets.  The model records every IPI sent and fails the test on xAPIC
 * MMIO outside xAPIC mode, MMIO through an unmapped page, or a #GP
 * outside the *_safe accessors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "hw.h"
#include "hw_model.h"
#include "purgatory.h"
#include "stubs.h"

/* SDM numbers, not apic_regs.h names: an independent check of that map */
#define REG(off)	((off) >> 4)
#define R_ICR		REG(0x300)
#define R_ICR2		REG(0x310)

#define INIT_ASSERT	0xc500u		/* INIT, level triggered, assert */
#define INIT_DEASSERT	0x8500u		/* INIT, level triggered, de-assert */
#define UNKNOWN_ID	0xffffffffu
#define N(a)		(sizeof(a) / sizeof((a)[0]))

static const int modes[] = { LIMBO_APIC_XAPIC, LIMBO_APIC_X2APIC };

static int reset(void **state)
{
	(void)state;
	hw_model_reset();
	stubs_reset();
	return 0;
}

/*
 * The machine and the plugin's config: this CPU has APIC ID @self in
 * @mode, the firmware started @boot, the MADT listed @ids.  x2APIC stays
 * x2APIC (policy keep), so lapic.c leaves the mode as it found it.
 */
static void machine(int mode, uint32_t self, uint32_t boot,
		    const uint32_t *ids, unsigned int n)
{
	uint32_t i, max = 0;

	lapic_model_init(&hw.lapic, mode, 6);
	hw.lapic.id = self;
	test_cfg.flags = LIMBO_CFG_FROM_PLUGIN;
	test_cfg.x2apic = LIMBO_X2APIC_KEEP;
	test_cfg.park = LIMBO_PARK_INIT;
	for (i = 0; i < n; i++)
		if (ids[i] > max)
			max = ids[i];
	stub_tables(NULL, 0, ids, n, boot, max, 0);
	assert_int_equal(stub_global_rep_v2.tables_state, LIMBO_TABLES_USED);
	assert_null(limbo_config_check(&test_cfg));
}

/* The tables as loaded, to change after machine(), then load them again. */
static struct limbo_tables *loaded(void)
{
	return (struct limbo_tables *)(uintptr_t)test_cfg.tables_addr;
}

/* main.c's order: quiesce this CPU's APIC, then park the others. */
static void run(void)
{
	lapic_quiesce(rep);
	park_cpus(rep);
}

static void assert_results(const uint32_t *ids, const uint32_t *res,
			   unsigned int n)
{
	unsigned int i;

	assert_int_equal(stub_global_rep_v2.park_total, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(stub_park_result(i)->apic_id, ids[i]);
		assert_int_equal(stub_park_result(i)->result, res[i]);
	}
	for (; tables && i < tables->cpu_count; i++) {
		assert_int_equal(stub_park_result(i)->apic_id, 0);
		assert_int_equal(stub_park_result(i)->result, LIMBO_PARK_NONE);
	}
}

static void assert_ipi(unsigned int i, int x2, uint32_t dest, uint32_t icr)
{
	const struct lm_ipi *p = &hw.lapic.ipis[i];

	assert_true(i < hw.lapic.nipis);
	assert_int_equal(p->x2, x2);
	assert_int_equal(p->dest, dest);
	assert_int_equal(p->icr, icr);
	assert_int_equal(p->delivery_mode, APIC_DM_INIT);
	assert_int_equal(p->logical, 0);		/* physical destination */
	assert_int_equal(p->shorthand, 0);		/* no shorthand */
	assert_int_equal(p->level_trig, 1);
	assert_int_equal(p->assert, !!(icr & APIC_ICR_ASSERT));
}

/* INIT assert then de-assert to each of @dests, in order, nothing else. */
static void assert_inits(int x2, const uint32_t *dests, unsigned int n)
{
	unsigned int i;

	assert_int_equal(hw.lapic.nipis, 2 * n);
	for (i = 0; i < n; i++) {
		assert_ipi(2 * i, x2, dests[i], INIT_ASSERT);
		assert_ipi(2 * i + 1, x2, dests[i], INIT_DEASSERT);
	}
}

/* No INIT, no ICR access of any kind. */
static void assert_nothing_sent(void)
{
	assert_int_equal(hw.lapic.nipis, 0);
	assert_int_equal(hw.lapic.reads[R_ICR] + hw.lapic.writes[R_ICR], 0);
	assert_int_equal(hw.lapic.reads[R_ICR2] + hw.lapic.writes[R_ICR2], 0);
	assert_int_equal(stub_global_rep_v2.park_total, 0);
}

/* ---- xAPIC ------------------------------------------------------------- */

static void test_xapic_parks(void **state)
{
	static const uint32_t ids[] = { 0, 1, 2, 3, 6, 0xfe };
	static const uint32_t res[] = {
		LIMBO_PARK_BOOT_CPU, LIMBO_PARK_PARKED, LIMBO_PARK_SELF,
		LIMBO_PARK_PARKED, LIMBO_PARK_PARKED, LIMBO_PARK_PARKED,
	};
	static const uint32_t sent[] = { 1, 3, 6, 0xfe };
	struct lapic_model *m = &hw.lapic;

	(void)state;
	machine(LIMBO_APIC_XAPIC, 2, 0, ids, N(ids));
	m->icr_busy_reads = 3;		/* delivery takes three polls */
	run();

	assert_int_equal(rep->lapic_left.mode, LIMBO_APIC_XAPIC);
	assert_int_equal(rep->lapic_left.id, 2);
	assert_results(ids, res, N(ids));
	assert_inits(0, sent, N(sent));
	/* ICR2 before each ICR (the IPI's dest is ICR2 at the ICR write) */
	assert_int_equal(m->writes[R_ICR2], 2 * N(sent));
	assert_int_equal(m->writes[R_ICR], 2 * N(sent));
	/* each send polled until delivery status cleared, never sent busy */
	assert_int_equal(m->reads[R_ICR], 2 * N(sent) * 4);
	assert_int_equal(m->icr_write_busy, 0);
	assert_int_equal(m->icr_busy_left, 0);
	assert_int_equal(m->msr_accesses, 0);
	assert_int_equal(m->gp, 0);
	assert_int_equal(hw.gp, 0);
	assert_int_equal(rep->problems, 0);
	assert_int_equal(rep->park_flags, 0);
	assert_true(log_has("limbo: park: 4 CPUs sent INIT (boot CPU 0 and this CPU 2 left alone)"));
}

/* Delivery status clear on the first poll: one read per send. */
static void test_xapic_idle_icr(void **state)
{
	static const uint32_t ids[] = { 0, 1 };
	static const uint32_t res[] = { LIMBO_PARK_SELF, LIMBO_PARK_PARKED };

	(void)state;
	machine(LIMBO_APIC_XAPIC, 0, 0, ids, N(ids));
	run();
	assert_results(ids, res, N(ids));
	assert_inits(0, &ids[1], 1);
	assert_int_equal(hw.lapic.reads[R_ICR], 2);
	assert_int_equal(rep->problems, 0);
	assert_true(log_has("limbo: park: 1 CPU sent INIT"));
}

/* Slow, but within the spin limit: still parked, still never sent busy. */
static void test_xapic_slow_delivery(void **state)
{
	static const uint32_t ids[] = { 0, 1, 2 };
	static const uint32_t res[] = {
		LIMBO_PARK_SELF, LIMBO_PARK_PARKED, LIMBO_PARK_PARKED,
	};

	(void)state;
	machine(LIMBO_APIC_XAPIC, 0, 0, ids, N(ids));
	hw.lapic.icr_busy_reads = 5000;
	run();
	assert_results(ids, res, N(ids));
	assert_inits(0, &ids[1], 2);
	assert_int_equal(hw.lapic.reads[R_ICR], 4 * 5001);
	assert_int_equal(hw.lapic.icr_write_busy, 0);
	assert_int_equal(rep->problems, 0);
}

/* The APIC page where the firmware moved it: the sends follow it. */
static void test_xapic_relocated(void **state)
{
	static const uint32_t ids[] = { 0, 1 };
	static const uint32_t res[] = { LIMBO_PARK_SELF, LIMBO_PARK_PARKED };
	struct lapic_model *m = &hw.lapic;

	(void)state;
	machine(LIMBO_APIC_XAPIC, 0, 0, ids, N(ids));
	m->base = (m->base & ~APIC_BASE_ADDR) | 0xfed40000ULL;
	run();
	assert_results(ids, res, N(ids));
	assert_inits(0, &ids[1], 1);
	assert_true(hw_model_page_mapped(0xfed40000ULL));
	assert_false(hw_model_page_mapped(APIC_DEFAULT_BASE));
}

/* 0xff is the xAPIC broadcast, and wider IDs do not fit ICR2 at all. */
static void test_xapic_wide_ids_unreachable(void **state)
{
	static const uint32_t ids[] = { 0, 1, 0xff, 0x100, 0x1234, 2 };
	static const uint32_t res[] = {
		LIMBO_PARK_SELF, LIMBO_PARK_PARKED, LIMBO_PARK_UNREACHABLE,
		LIMBO_PARK_UNREACHABLE, LIMBO_PARK_UNREACHABLE, LIMBO_PARK_PARKED,
	};
	static const uint32_t sent[] = { 1, 2 };

	(void)state;
	machine(LIMBO_APIC_XAPIC, 0, 0, ids, N(ids));
	run();
	assert_results(ids, res, N(ids));
	assert_inits(0, sent, N(sent));
	assert_int_equal(lapic_model_ipis_to(&hw.lapic, 0xff), 0);
	assert_int_equal(rep->problems, LIMBO_PROB_PARK);
	assert_int_equal(rep->park_flags, 0);
	assert_true(log_has("limbo: park: 2 CPUs sent INIT"));
}

/* Delivery status never clears: bounded wait, TIMEOUT, no de-assert. */
static void test_xapic_timeout(void **state)
{
	static const uint32_t ids[] = { 0, 1, 2 };
	static const uint32_t res[] = {
		LIMBO_PARK_SELF, LIMBO_PARK_TIMEOUT, LIMBO_PARK_TIMEOUT,
	};
	struct lapic_model *m = &hw.lapic;
	unsigned int i;

	(void)state;
	machine(LIMBO_APIC_XAPIC, 0, 0, ids, N(ids));
	m->icr_busy_reads = LM_ICR_BUSY_NEVER;
	run();
	assert_results(ids, res, N(ids));
	/* the assert went out to each; the de-assert never followed */
	assert_int_equal(m->nipis, 2);
	for (i = 0; i < 2; i++)
		assert_ipi(i, 0, ids[i + 1], INIT_ASSERT);
	/* gave up after the same, long enough, number of polls each time */
	assert_true(m->reads[R_ICR] >= 2 * 1000);
	assert_int_equal(m->reads[R_ICR] % 2, 0);
	assert_int_equal(rep->problems, LIMBO_PROB_PARK);
	assert_int_equal(rep->park_flags, 0);
	assert_true(log_has("limbo: park: APIC 1: INIT not delivered"));
	assert_true(log_has("limbo: park: APIC 2: INIT not delivered"));
	assert_true(log_has("limbo: park: 0 CPUs sent INIT"));
}

/*
 * lapic.c turned x2APIC into xAPIC but could not map the page: the
 * report says xAPIC, and park.c must not touch an unmapped page (the
 * model fails the test on that: in the purgatory it is a #PF).
 */
static void test_xapic_page_unmapped(void **state)
{
	static const uint32_t ids[] = { 0, 0x21 };

	(void)state;
	machine(LIMBO_APIC_X2APIC, 0x21, 0, ids, N(ids));
	test_cfg.x2apic = LIMBO_X2APIC_XAPIC;
	hw.map_fail = 1;
	hw.map_fail_page = APIC_DEFAULT_BASE;
	run();
	assert_int_equal(lapic_model_mode(&hw.lapic), LIMBO_APIC_XAPIC);
	assert_int_equal(rep->lapic_left.mode, LIMBO_APIC_XAPIC);
	assert_nothing_sent();
	assert_int_equal(hw.lapic.mmio_accesses, 0);
	assert_int_equal(rep->park_flags, LIMBO_PARK_NO_APIC);
	assert_int_equal(rep->problems & LIMBO_PROB_LAPIC, LIMBO_PROB_LAPIC);
}

/* ---- x2APIC ------------------------------------------------------------ */

static void test_x2apic_parks(void **state)
{
	static const uint32_t ids[] = { 0, 0x10, 0x11, 0xff, 0x100, 0x1ff, 0xfffe };
	static const uint32_t res[] = {
		LIMBO_PARK_BOOT_CPU, LIMBO_PARK_SELF, LIMBO_PARK_PARKED,
		LIMBO_PARK_PARKED, LIMBO_PARK_PARKED, LIMBO_PARK_PARKED,
		LIMBO_PARK_PARKED,
	};
	static const uint32_t sent[] = { 0x11, 0xff, 0x100, 0x1ff, 0xfffe };
	struct lapic_model *m = &hw.lapic;
	uint64_t v;

	(void)state;
	machine(LIMBO_APIC_X2APIC, 0x10, 0, ids, N(ids));
	run();
	assert_int_equal(rep->lapic_left.mode, LIMBO_APIC_X2APIC);
	assert_int_equal(rep->lapic_left.id, 0x10);
	assert_results(ids, res, N(ids));
	assert_inits(1, sent, N(sent));
	/* the MSR holds the last value written: (dest << 32) | command */
	assert_int_equal(lapic_model_msr_read(m, 0x830, &v), 0);
	assert_int_equal(v, (0xfffeULL << 32) | INIT_DEASSERT);
	assert_int_equal(m->writes[R_ICR], 2 * N(sent));
	assert_int_equal(m->writes[R_ICR2], 0);
	assert_int_equal(m->mmio_accesses, 0);
	assert_int_equal(hw.map_calls, 0);
	assert_int_equal(m->gp, 0);
	assert_int_equal(hw.gp, 0);
	assert_int_equal(rep->problems, 0);
	assert_int_equal(rep->park_flags, 0);
	assert_true(log_has("limbo: park: 5 CPUs sent INIT (boot CPU 0 and this CPU 16 left alone)"));
}

/*
 * 0xffffffff is the x2APIC broadcast: an INIT to it resets every CPU,
 * this one and the boot CPU included.  A corrupted config (the block is
 * not covered by the SHA-256) must not get there.
 */
static void test_x2apic_broadcast_id(void **state)
{
	static const uint32_t ids[] = { 0, 1, 0xffffffff, 2 };
	static const uint32_t res[] = {
		LIMBO_PARK_SELF, LIMBO_PARK_PARKED, LIMBO_PARK_UNREACHABLE,
		LIMBO_PARK_PARKED,
	};
	static const uint32_t sent[] = { 1, 2 };

	(void)state;
	machine(LIMBO_APIC_X2APIC, 0, 0, ids, N(ids));
	run();
	assert_int_equal(lapic_model_ipis_to(&hw.lapic, 0xffffffff), 0);
	assert_results(ids, res, N(ids));
	assert_inits(1, sent, N(sent));
	assert_int_equal(rep->problems, LIMBO_PROB_PARK);
}

/* ---- whom ------------------------------------------------------------ */

/* Running on the boot CPU: it is SELF, every other listed CPU parked. */
static void test_on_boot_cpu(void **state)
{
	static const uint32_t ids[] = { 0, 1, 2, 3 };
	static const uint32_t res[] = {
		LIMBO_PARK_SELF, LIMBO_PARK_PARKED, LIMBO_PARK_PARKED,
		LIMBO_PARK_PARKED,
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < N(modes); i++) {
		reset(NULL);
		machine(modes[i], 0, 0, ids, N(ids));
		run();
		assert_results(ids, res, N(ids));
		assert_inits(modes[i] == LIMBO_APIC_X2APIC, &ids[1], 3);
		assert_int_equal(lapic_model_ipis_to(&hw.lapic, 0), 0);
		assert_int_equal(rep->problems, 0);
		assert_true(log_has("limbo: park: 3 CPUs sent INIT (boot CPU 0 and this CPU 0 left alone)"));
	}
}

/* Running on an AP (kdump from another CPU): the boot CPU is never INIT'd. */
static void test_on_ap(void **state)
{
	static const uint32_t ids[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	static const uint32_t res[] = {
		LIMBO_PARK_PARKED, LIMBO_PARK_SELF, LIMBO_PARK_PARKED,
		LIMBO_PARK_PARKED, LIMBO_PARK_PARKED, LIMBO_PARK_BOOT_CPU,
		LIMBO_PARK_PARKED, LIMBO_PARK_PARKED,
	};
	static const uint32_t sent[] = { 0, 2, 3, 4, 6, 7 };
	unsigned int i;

	(void)state;
	for (i = 0; i < N(modes); i++) {
		reset(NULL);
		machine(modes[i], 1, 5, ids, N(ids));
		run();
		assert_int_equal(lapic_model_ipis_to(&hw.lapic, 5), 0);
		assert_int_equal(lapic_model_ipis_to(&hw.lapic, 1), 0);
		assert_results(ids, res, N(ids));
		assert_inits(modes[i] == LIMBO_APIC_X2APIC, sent, N(sent));
		assert_int_equal(rep->problems, 0);
		assert_true(log_has("(boot CPU 5 and this CPU 1 left alone)"));
	}
}

/* The boot CPU is not in the list: still never targeted. */
static void test_boot_cpu_unlisted(void **state)
{
	static const uint32_t ids[] = { 2, 3 };
	static const uint32_t res[] = { LIMBO_PARK_SELF, LIMBO_PARK_PARKED };
	unsigned int i;

	(void)state;
	for (i = 0; i < N(modes); i++) {
		reset(NULL);
		machine(modes[i], 2, 0, ids, N(ids));
		run();
		assert_results(ids, res, N(ids));
		assert_inits(modes[i] == LIMBO_APIC_X2APIC, &ids[1], 1);
		assert_int_equal(lapic_model_ipis_to(&hw.lapic, 0), 0);
	}
}

/* Sparse IDs: exactly those listed, none of the gaps, none twice. */
static void test_only_listed_ids(void **state)
{
	static const uint32_t ids[] = { 0, 4, 9, 0x40, 0x81 };
	static const uint32_t sent[] = { 4, 9, 0x40, 0x81 };
	unsigned int i, j;

	(void)state;
	for (i = 0; i < N(modes); i++) {
		reset(NULL);
		machine(modes[i], 0, 0, ids, N(ids));
		run();
		assert_inits(modes[i] == LIMBO_APIC_X2APIC, sent, N(sent));
		for (j = 0; j < N(sent); j++)
			assert_int_equal(lapic_model_ipis_to(&hw.lapic, sent[j]), 2);
		assert_int_equal(stub_global_rep_v2.park_total, N(ids));
	}
}

/* cpu_count bounds the list: entries past it are never looked at. */
static void test_cpu_count_bounds_list(void **state)
{
	static const uint32_t ids[] = { 0, 1, 2, 3 };
	static const uint32_t res[] = { LIMBO_PARK_SELF, LIMBO_PARK_PARKED };

	(void)state;
	machine(LIMBO_APIC_XAPIC, 0, 0, ids, N(ids));
	loaded()->cpu_count = 2;	/* 2 and 3 left over in the list */
	tables_load();
	run();
	assert_results(ids, res, 2);
	assert_inits(0, &ids[1], 1);
}

/*
 * More CPUs than v1's report held (64): each gets its row; the first
 * 64 still go to v1's park[] when the report is sealed (report.c).
 */
static void test_many_cpus(void **state)
{
	enum { NCPU = 300 };
	uint32_t ids[NCPU];
	unsigned int i;

	(void)state;
	for (i = 0; i < NCPU; i++)
		ids[i] = 0x200 + i;
	machine(LIMBO_APIC_X2APIC, 0x200, 0x200, ids, NCPU);
	run();
	assert_int_equal(stub_global_rep_v2.park_total, NCPU);
	assert_int_equal(stub_park_result(0)->result, LIMBO_PARK_SELF);
	for (i = 1; i < NCPU; i++) {
		assert_int_equal(stub_park_result(i)->apic_id, 0x200 + i);
		assert_int_equal(stub_park_result(i)->result, LIMBO_PARK_PARKED);
	}
	assert_inits(1, &ids[1], NCPU - 1);
	assert_true(log_has("limbo: park: 299 CPUs sent INIT"));
	assert_int_equal(rep->problems, 0);

	/* a count past what the tables may carry: refused whole, nothing sent */
	reset(NULL);
	machine(LIMBO_APIC_X2APIC, 0x200, 0x200, ids, NCPU);
	loaded()->cpu_count = LIMBO_MAX_CPUS + 1;
	tables_load();
	run();
	assert_int_equal(stub_global_rep_v2.tables_state, LIMBO_TABLES_MALFORMED);
	assert_int_equal(hw.lapic.nipis, 0);
	assert_int_equal(rep->problems, LIMBO_PROB_PARK | LIMBO_PROB_TABLES);
}

/* An incomplete list: parked as far as it goes, recorded as a problem. */
static void test_partial_list(void **state)
{
	static const uint32_t ids[] = { 0, 1, 2 };

	(void)state;
	machine(LIMBO_APIC_XAPIC, 0, 0, ids, N(ids));
	loaded()->flags |= LIMBO_TABLES_CPUS_PARTIAL;
	tables_load();
	run();
	assert_inits(0, &ids[1], 2);
	assert_int_equal(rep->problems, LIMBO_PROB_PARK | LIMBO_PROB_TABLES);
	assert_true(log_has("park: the plugin's list is incomplete"));
}

/* ---- refusals ---------------------------------------------------------- */

static void test_no_topology(void **state)
{
	static const uint32_t ids[] = { 0, 1, 2 };
	unsigned int i, t;

	(void)state;
	for (i = 0; i < N(modes); i++) {
		for (t = 0; t < 3; t++) {
			reset(NULL);
			machine(modes[i], 0, 0, ids, N(ids));
			if (t == 0) {		/* boot CPU unknown */
				loaded()->boot_cpu_apic_id = UNKNOWN_ID;
				tables_load();
			} else if (t == 1) {	/* no CPU list from discovery */
				stub_tables(NULL, 0, NULL, 0, 0, 0, 0);
			} else {		/* no tables: not the plugin's config */
				test_cfg.tables_addr = test_cfg.tables_size = 0;
				tables_load();
			}
			run();
			assert_nothing_sent();
			assert_int_equal(rep->park_flags, LIMBO_PARK_NO_TOPOLOGY);
			assert_int_equal(rep->problems, LIMBO_PROB_PARK |
					 (t ? LIMBO_PROB_TABLES : 0));
			assert_true(log_has("no verified boot CPU or APIC IDs: nothing parked"));
		}
	}
}

/* Globally disabled, absent, or never looked at (lapic=off): nothing. */
static void test_no_usable_apic(void **state)
{
	static const uint32_t ids[] = { 0, 1, 2 };
	unsigned int t;

	(void)state;
	for (t = 0; t < 4; t++) {
		reset(NULL);
		machine(LIMBO_APIC_XAPIC, 0, 0, ids, N(ids));
		if (t == 0) {
			lapic_model_init(&hw.lapic, LIMBO_APIC_DISABLED, 6);
		} else if (t == 1) {
			hw.lapic.present = 0;
		} else if (t == 2) {
			hw.apic_base_gp = 1;	/* lapic.c leaves it unknown */
		}
		if (t == 3) {			/* lapic=off: lapic_left all zero */
			test_cfg.lapic = 0;
			park_cpus(rep);
			assert_int_equal(rep->lapic_left.mode, LIMBO_APIC_UNKNOWN);
		} else {
			run();
		}
		assert_nothing_sent();
		assert_int_equal(rep->park_flags, LIMBO_PARK_NO_APIC);
		assert_int_equal(rep->problems & LIMBO_PROB_PARK, LIMBO_PROB_PARK);
		assert_true(log_has("this CPU's APIC is not usable"));
	}
}

/* A report whose mode is not one park.c knows. */
static void test_unknown_mode(void **state)
{
	static const uint32_t ids[] = { 0, 1 };
	static const uint8_t bad[] = { LIMBO_APIC_UNKNOWN, LIMBO_APIC_DISABLED, 4, 0xff };
	unsigned int i;

	(void)state;
	for (i = 0; i < N(bad); i++) {
		reset(NULL);
		machine(LIMBO_APIC_XAPIC, 0, 0, ids, N(ids));
		lapic_quiesce(rep);
		rep->lapic_left.mode = bad[i];
		park_cpus(rep);
		assert_nothing_sent();
		assert_int_equal(rep->park_flags, LIMBO_PARK_NO_APIC);
	}
}

/* ---- confidential guests ---------------------------------------------- */

static void assert_cc_refused(void)
{
	assert_nothing_sent();
	assert_int_equal(rep->park_flags, LIMBO_PARK_CC_GUEST);
	assert_int_equal(rep->problems & LIMBO_PROB_PARK, 0);
	assert_true(log_has("TDX or SEV-ES/SNP guest"));
}

static void assert_parked_normally(void)
{
	static const uint32_t res[] = {
		LIMBO_PARK_SELF, LIMBO_PARK_PARKED, LIMBO_PARK_PARKED,
	};
	static const uint32_t ids[] = { 0, 1, 2 };

	assert_results(ids, res, N(ids));
	assert_int_equal(hw.lapic.nipis, 4);
	assert_int_equal(rep->park_flags, 0);
	assert_int_equal(rep->problems, 0);
}

static void test_tdx_guest(void **state)
{
	static const uint32_t ids[] = { 0, 1, 2 };
	unsigned int i;

	(void)state;
	for (i = 0; i < N(modes); i++) {
		reset(NULL);
		machine(modes[i], 0, 0, ids, N(ids));
		hw_model_set_tdx();
		run();
		assert_cc_refused();
		assert_int_equal(hw.cpuid_beyond_max, 0);
	}
}

/* Max leaf below 0x21 (whatever leaf 0x21 would say): not TDX. */
static void test_no_leaf_21(void **state)
{
	static const uint32_t ids[] = { 0, 1, 2 };

	(void)state;
	machine(LIMBO_APIC_X2APIC, 0, 0, ids, N(ids));
	hw_model_set_tdx();
	hw.max_leaf = 0x20;
	run();
	assert_parked_normally();
	assert_int_equal(hw.cpuid_beyond_max, 0);	/* leaf 0x21 never asked */
}

/* Leaf 0x21 exists but does not say "IntelTDX    " (byte by byte). */
static void test_leaf_21_other_signature(void **state)
{
	static const uint32_t ids[] = { 0, 1, 2 };
	unsigned int reg;

	(void)state;
	for (reg = 1; reg < 4; reg++) {
		reset(NULL);
		machine(LIMBO_APIC_X2APIC, 0, 0, ids, N(ids));
		hw_model_set_tdx();
		hw.leaf21[reg] ^= 0x01000000;
		run();
		assert_parked_normally();
	}
	/* and all zeros, as leaf 0x21 reads on a CPU that has one */
	reset(NULL);
	machine(LIMBO_APIC_X2APIC, 0, 0, ids, N(ids));
	hw.max_leaf = 0x21;
	run();
	assert_parked_normally();
}

static void test_sev_es_guest(void **state)
{
	static const uint32_t ids[] = { 0, 1, 2 };
	unsigned int i;

	(void)state;
	for (i = 0; i < N(modes); i++) {
		reset(NULL);
		machine(modes[i], 0, 0, ids, N(ids));
		hw_model_set_sev(CPUID_SEV | CPUID_SEV_ES,
				 SEV_STATUS_SEV | SEV_STATUS_ES);
		run();
		assert_cc_refused();
		assert_int_equal(hw.gp, 0);
	}
}

static void test_snp_guest(void **state)
{
	static const uint32_t ids[] = { 0, 1, 2 };
	static const uint64_t status[] = {
		SEV_STATUS_SEV | SEV_STATUS_ES | SEV_STATUS_SNP,
		SEV_STATUS_SNP,			/* the SNP bit on its own */
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < N(status); i++) {
		reset(NULL);
		machine(LIMBO_APIC_X2APIC, 0, 0, ids, N(ids));
		hw_model_set_sev(CPUID_SEV | CPUID_SEV_ES | CPUID_SEV_SNP,
				 status[i]);
		run();
		assert_cc_refused();
	}
}

/* Plain SEV: INIT is still the hypervisor's to emulate, so park. */
static void test_sev_guest_parks(void **state)
{
	static const uint32_t ids[] = { 0, 1, 2 };
	unsigned int i;

	(void)state;
	for (i = 0; i < N(modes); i++) {
		reset(NULL);
		machine(modes[i], 0, 0, ids, N(ids));
		hw_model_set_sev(CPUID_SEV | CPUID_SEV_ES, SEV_STATUS_SEV);
		run();
		assert_parked_normally();
		assert_int_equal(hw.gp, 0);
	}
}

/* An AMD host with SEV: SEV_STATUS reads 0, park. */
static void test_sev_host_parks(void **state)
{
	static const uint32_t ids[] = { 0, 1, 2 };

	(void)state;
	machine(LIMBO_APIC_XAPIC, 0, 0, ids, N(ids));
	hw_model_set_sev(CPUID_SME | CPUID_SEV | CPUID_SEV_ES, 0);
	run();
	assert_parked_normally();
}

/*
 * SEV not advertised: SEV_STATUS would #GP, so it is not read (or the
 * #GP is absorbed); whatever it would say, this is not an SEV guest.
 * Also a CPU whose extended leaves stop below 0x8000001F.
 */
static void test_sev_not_advertised(void **state)
{
	static const uint32_t ids[] = { 0, 1, 2 };

	(void)state;
	machine(LIMBO_APIC_XAPIC, 0, 0, ids, N(ids));
	hw_model_set_sev(CPUID_SME, SEV_STATUS_SEV | SEV_STATUS_ES);
	run();
	assert_parked_normally();
	assert_int_equal(hw.gp, 0);

	reset(NULL);
	machine(LIMBO_APIC_XAPIC, 0, 0, ids, N(ids));
	hw_model_set_sev(CPUID_SEV | CPUID_SEV_ES, SEV_STATUS_SEV | SEV_STATUS_ES);
	hw.max_ext_leaf = 0x8000001e;
	run();
	assert_parked_normally();
	assert_int_equal(hw.cpuid_beyond_max, 0);	/* 0x8000001F never asked */
	assert_int_equal(hw.gp, 0);

	reset(NULL);
	machine(LIMBO_APIC_XAPIC, 0, 0, ids, N(ids));
	hw.max_ext_leaf = 0x80000000;	/* no extended leaves to speak of */
	run();
	assert_parked_normally();
	assert_int_equal(hw.cpuid_beyond_max, 0);
}

/* ---- the model itself -------------------------------------------------- */

/* x2APIC ICR only in x2APIC mode; reserved ICR bits #GP there. */
static void test_model_icr_rules(void **state)
{
	struct lapic_model *m = &hw.lapic;

	(void)state;
	lapic_model_init(m, LIMBO_APIC_XAPIC, 6);
	assert_int_equal(wrmsr_safe(0x830, (1ULL << 32) | INIT_ASSERT), -1);
	assert_int_equal(m->nipis, 0);
	lapic_model_init(m, LIMBO_APIC_X2APIC, 6);
	assert_int_equal(wrmsr_safe(0x830, (1ULL << 32) | INIT_ASSERT | (1u << 13)), -1);
	assert_int_equal(m->nipis, 0);
	assert_int_equal(wrmsr_safe(0x830, (1ULL << 32) | INIT_ASSERT), 0);
	assert_int_equal(m->nipis, 1);
	assert_ipi(0, 1, 1, INIT_ASSERT);
	/* xAPIC: delivery status is read-only and clears after N reads */
	lapic_model_init(m, LIMBO_APIC_XAPIC, 6);
	m->icr_busy_reads = 2;
	lapic_model_mmio_write(m, 0x310, 7u << 24);
	lapic_model_mmio_write(m, 0x300, INIT_ASSERT | APIC_ICR_BUSY);
	assert_ipi(0, 0, 7, INIT_ASSERT | APIC_ICR_BUSY);
	assert_int_equal(lapic_model_mmio_read(m, 0x300), INIT_ASSERT | APIC_ICR_BUSY);
	assert_int_equal(lapic_model_mmio_read(m, 0x300), INIT_ASSERT | APIC_ICR_BUSY);
	assert_int_equal(lapic_model_mmio_read(m, 0x300), INIT_ASSERT);
	assert_int_equal(m->icr_write_busy, 0);
	lapic_model_mmio_write(m, 0x300, INIT_DEASSERT);
	lapic_model_mmio_write(m, 0x300, INIT_DEASSERT);
	assert_int_equal(m->icr_write_busy, 1);
}

#define T(fn) cmocka_unit_test_setup(fn, reset)

/* cc_regs.h is shared by the code and the model: pin it to the manuals. */
static void test_cc_signatures_are_the_manuals(void **state)
{
	uint32_t sig[3] = { TDX_SIG_EBX, TDX_SIG_EDX, TDX_SIG_ECX };

	(void)state;
	assert_int_equal(CPUID_TDX_LEAF, 0x21);
	assert_memory_equal(sig, "IntelTDX    ", 12);
	assert_int_equal(CPUID_SEV_LEAF, 0x8000001f);
	assert_int_equal(CPUID_SEV, 0x2);
	assert_int_equal(MSR_SEV_STATUS, 0xc0010131);
	assert_int_equal(SEV_STATUS_ES, 0x2);
	assert_int_equal(SEV_STATUS_SNP, 0x4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cc_signatures_are_the_manuals),
		T(test_xapic_parks),
		T(test_xapic_idle_icr),
		T(test_xapic_slow_delivery),
		T(test_xapic_relocated),
		T(test_xapic_wide_ids_unreachable),
		T(test_xapic_timeout),
		T(test_xapic_page_unmapped),
		T(test_x2apic_parks),
		T(test_x2apic_broadcast_id),
		T(test_on_boot_cpu),
		T(test_on_ap),
		T(test_boot_cpu_unlisted),
		T(test_only_listed_ids),
		T(test_cpu_count_bounds_list),
		T(test_many_cpus),
		T(test_partial_list),
		T(test_no_topology),
		T(test_no_usable_apic),
		T(test_unknown_mode),
		T(test_tdx_guest),
		T(test_no_leaf_21),
		T(test_leaf_21_other_signature),
		T(test_sev_es_guest),
		T(test_snp_guest),
		T(test_sev_guest_parks),
		T(test_sev_host_parks),
		T(test_sev_not_advertised),
		T(test_model_icr_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
