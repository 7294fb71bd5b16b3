// SPDX-License-Identifier: GPL-2.0-only
/*
 * purgatory/lapic.c (through apic.c) against the local APIC model
 * (test/model): xAPIC and x2APIC quiesce, the x2APIC -> disabled -> xAPIC
 * normalisation and every reason to refuse it, an APIC that is off.  The
 * model fails the test on anything the architecture forbids: xAPIC MMIO
 * while the APIC is in x2APIC mode or disabled, MMIO through an unmapped
 * page, a #GP outside the *_safe accessors; the #GPs the safe ones absorb
 * are counted and checked here.
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

/* SDM numbers, not apic_regs.h names: an independent check of that map */
#define REG(off)	((off) >> 4)
#define R_TPR		REG(0x080)
#define R_EOI		REG(0x0b0)
#define R_LDR		REG(0x0d0)
#define R_DFR		REG(0x0e0)
#define R_ESR		REG(0x280)
#define R_CMCI		REG(0x2f0)
#define R_THERM		REG(0x330)
#define R_PMI		REG(0x340)

#define LVT_ALL		0x7f	/* lvt_present with CMCI */
#define LVT_NO_CMCI	0x3f

static struct limbo_report r;

static int reset(void **state)
{
	(void)state;
	hw_model_reset();
	stubs_reset();
	memset(&r, 0, sizeof(r));
	return 0;
}

/* What a crashed kernel leaves: everything armed, three vectors in service. */
static const unsigned int in_service[] = { 0x31, 0x41, 0xec };

static void busy(struct lapic_model *m, uint32_t id)
{
	unsigned int i;

	m->id = id;
	m->tpr = 0x20;
	m->ldr = 0x08000000;
	m->dfr = 0x0fffffff;		/* cluster model */
	m->svr = 0x1ff;
	m->lvt[LVT_TIMER] = 0x200ef;	/* periodic, vector 0xef */
	m->lvt[LVT_THERMAL] = 0xfa;
	m->lvt[LVT_PMI] = 0x400;	/* NMI */
	m->lvt[LVT_LINT0] = 0x700;	/* ExtINT */
	m->lvt[LVT_LINT1] = 0x400;	/* NMI */
	m->lvt[LVT_ERROR] = 0xfe;
	if (m->max_lvt >= 6)
		m->lvt[LVT_CMCI] = 0xf9;
	m->tmict = 0x100000;
	for (i = 0; i < sizeof(in_service) / sizeof(in_service[0]); i++)
		lapic_model_set_isr(m, in_service[i]);
	lapic_model_set_irr(m, 0x51);
	m->esr_pending = 0x40;		/* received illegal vector */
}

static const uint32_t busy_lvt[LIMBO_LVT_COUNT] = {
	0x200ef, 0xfa, 0x400, 0x700, 0x400, 0xfe, 0xf9,
};

/* The model is quiet: what lapic.c promises, in the mode it ended in. */
static void assert_quiet(const struct lapic_model *m, int mode)
{
	int i;

	assert_int_equal(lapic_model_mode(m), mode);
	assert_true(m->base & APIC_BASE_EN);	/* never globally disabled */
	for (i = 0; i < LIMBO_LVT_COUNT; i++)
		assert_true(m->lvt[i] & APIC_LVT_MASKED);
	assert_int_equal(m->tmict, 0);
	assert_true(lapic_model_isr_empty(m));
	assert_int_equal(m->tpr, 0);
	assert_int_equal(m->esr, 0);
	assert_int_equal(m->esr_pending, 0);
	if (mode == LIMBO_APIC_XAPIC) {
		assert_int_equal(m->ldr, 0);
		assert_int_equal(m->dfr, 0xffffffff);
	}
}

/* Only in-service vectors get an EOI, each exactly once. */
static void assert_eois(const struct lapic_model *m, unsigned int n)
{
	assert_int_equal(r.lapic_eoi_count, n);
	assert_int_equal(m->eoi_writes, n);
}

static void check_xapic(uint8_t max_lvt)
{
	struct lapic_model *m = &hw.lapic;
	uint8_t present = max_lvt >= 6 ? LVT_ALL : LVT_NO_CMCI;
	int i;

	lapic_model_init(m, LIMBO_APIC_XAPIC, max_lvt);
	busy(m, 3);
	lapic_quiesce(&r);

	assert_quiet(m, LIMBO_APIC_XAPIC);
	assert_eois(m, 3);
	assert_int_equal(hw.gp, 0);
	assert_int_equal(r.problems, 0);
	assert_int_equal(r.lapic_flags, LIMBO_LAPIC_LDR_CLEARED);
	assert_true(hw_model_page_mapped(APIC_DEFAULT_BASE));
	assert_int_equal(m->nmodes, 0);		/* IA32_APIC_BASE untouched */
	if (max_lvt < 6) {
		assert_int_equal(m->reads[R_CMCI], 0);
		assert_int_equal(m->writes[R_CMCI], 0);
	}

	/* what was found */
	assert_int_equal(r.lapic_found.mode, LIMBO_APIC_XAPIC);
	assert_int_equal(r.lapic_found.apic_base,
			 APIC_DEFAULT_BASE | APIC_BASE_BSP | APIC_BASE_EN);
	assert_int_equal(r.lapic_found.id, 3);
	assert_int_equal(r.lapic_found.version, 0x14 | (uint32_t)max_lvt << 16);
	assert_int_equal(r.lapic_found.max_lvt, max_lvt);
	assert_int_equal(r.lapic_found.lvt_present, present);
	for (i = 0; i < LIMBO_LVT_COUNT; i++)
		assert_int_equal(r.lapic_found.lvt[i],
				 (present & (1u << i)) ? busy_lvt[i] : 0);
	assert_int_equal(r.lapic_found.tpr, 0x20);
	assert_int_equal(r.lapic_found.ldr, 0x08000000);
	assert_int_equal(r.lapic_found.dfr, 0x0fffffff);
	assert_int_equal(r.lapic_found.svr, 0x1ff);
	assert_int_equal(r.lapic_found.esr, 0x40);
	assert_int_equal(r.lapic_found.isr[1], 1u << 17);	/* 0x31 */
	assert_int_equal(r.lapic_found.isr[2], 1u << 1);	/* 0x41 */
	assert_int_equal(r.lapic_found.isr[7], 1u << 12);	/* 0xec */
	assert_int_equal(r.lapic_found.irr[2], 1u << 17);	/* 0x51 */

	/* what was left */
	assert_int_equal(r.lapic_left.mode, LIMBO_APIC_XAPIC);
	assert_int_equal(r.lapic_left.lvt_present, present);
	for (i = 0; i < LIMBO_LVT_COUNT; i++)
		if (present & (1u << i))
			assert_int_equal(r.lapic_left.lvt[i],
					 busy_lvt[i] | APIC_LVT_MASKED);
	for (i = 0; i < 8; i++)
		assert_int_equal(r.lapic_left.isr[i], 0);
	assert_int_equal(r.lapic_left.irr[2], 1u << 17);	/* not ours */
	assert_int_equal(r.lapic_left.ldr, 0);
	assert_int_equal(r.lapic_left.dfr, 0xffffffff);
	assert_int_equal(r.lapic_left.tpr, 0);
	assert_int_equal(r.lapic_left.esr, 0);
	assert_true(log_has("xAPIC id 3, LVTs masked, 3 EOIs, LDR 8000000 -> 0, ESR 40"));
}

static void test_xapic_no_cmci(void **state)
{
	(void)state;
	check_xapic(5);
}

static void test_xapic_cmci(void **state)
{
	(void)state;
	check_xapic(6);
}

/* Older parts: max LVT 3 has no thermal and no PMI entry, 4 adds PMI. */
static void test_xapic_small_lvt(void **state)
{
	struct lapic_model *m = &hw.lapic;

	(void)state;
	lapic_model_init(m, LIMBO_APIC_XAPIC, 3);
	busy(m, 1);
	lapic_quiesce(&r);
	assert_int_equal(r.lapic_found.lvt_present, 0x39);	/* timer, LINTs, error */
	assert_int_equal(m->reads[R_THERM] + m->writes[R_THERM], 0);
	assert_int_equal(m->reads[R_PMI] + m->writes[R_PMI], 0);
	assert_true(m->lvt[LVT_TIMER] & APIC_LVT_MASKED);
	assert_true(m->lvt[LVT_ERROR] & APIC_LVT_MASKED);
	assert_int_equal(r.problems, 0);

	reset(NULL);
	lapic_model_init(m, LIMBO_APIC_XAPIC, 4);
	busy(m, 1);
	lapic_quiesce(&r);
	assert_int_equal(r.lapic_found.lvt_present, 0x3d);	/* + PMI */
	assert_int_equal(m->reads[R_THERM] + m->writes[R_THERM], 0);
	assert_true(m->lvt[LVT_PMI] & APIC_LVT_MASKED);
}

/* A quiet APIC: nothing to EOI, still LDR/DFR/ESR normalised. */
static void test_xapic_idle(void **state)
{
	struct lapic_model *m = &hw.lapic;

	(void)state;
	m->ldr = 0x01000000;
	lapic_quiesce(&r);
	assert_quiet(m, LIMBO_APIC_XAPIC);
	assert_eois(m, 0);
	assert_int_equal(r.lapic_found.ldr, 0x01000000);
	assert_int_equal(r.problems, 0);
}

/* The base comes from IA32_APIC_BASE, not from a constant. */
static void test_xapic_relocated(void **state)
{
	struct lapic_model *m = &hw.lapic;

	(void)state;
	m->base = 0xfed40000ULL | APIC_BASE_EN;		/* an AP, moved */
	busy(m, 7);
	lapic_quiesce(&r);
	assert_quiet(m, LIMBO_APIC_XAPIC);
	assert_true(hw_model_page_mapped(0xfed40000ULL));
	assert_false(hw_model_page_mapped(APIC_DEFAULT_BASE));
	assert_int_equal(r.lapic_found.apic_base, 0xfed40000ULL | APIC_BASE_EN);
	assert_int_equal(r.lapic_found.id, 7);
}

static void test_xapic_map_fails(void **state)
{
	(void)state;
	busy(&hw.lapic, 3);
	hw.map_fail = 1;
	hw.map_fail_page = APIC_DEFAULT_BASE;
	lapic_quiesce(&r);
	assert_int_equal(hw.lapic.mmio_accesses, 0);
	assert_int_equal(r.problems, LIMBO_PROB_LAPIC);
	assert_int_equal(r.lapic_found.mode, LIMBO_APIC_UNKNOWN);
	assert_true(log_has("cannot map fee00000"));
}

/* An EOI that does not retire anything: bounded, and reported. */
static void test_xapic_eoi_stuck(void **state)
{
	struct lapic_model *m = &hw.lapic;

	(void)state;
	lapic_model_set_isr(m, 0x80);
	m->eoi_stuck = 1;
	lapic_quiesce(&r);
	assert_eois(m, 256);
	assert_int_equal(r.problems, LIMBO_PROB_LAPIC);
	assert_int_equal(r.lapic_left.isr[4], 1);
}

static void test_apic_disabled(void **state)
{
	(void)state;
	lapic_model_init(&hw.lapic, LIMBO_APIC_DISABLED, 5);
	lapic_quiesce(&r);
	assert_int_equal(hw.msr_reads + hw.msr_writes, 0);
	assert_int_equal(hw.mmio_reads + hw.mmio_writes, 0);
	assert_int_equal(hw.map_calls, 0);
	assert_int_equal(hw.lapic.base, APIC_DEFAULT_BASE | APIC_BASE_BSP);
	assert_int_equal(r.lapic_found.mode, LIMBO_APIC_DISABLED);
	assert_int_equal(r.lapic_left.mode, LIMBO_APIC_DISABLED);
	assert_int_equal(r.problems, 0);
	assert_true(log_has("none enabled"));
}

static void test_no_apic(void **state)
{
	(void)state;
	hw.lapic.present = 0;
	lapic_quiesce(&r);
	assert_int_equal(hw.msr_reads + hw.msr_writes, 0);
	assert_int_equal(hw.mmio_reads + hw.mmio_writes, 0);
	assert_int_equal(r.lapic_left.mode, LIMBO_APIC_DISABLED);
	assert_int_equal(r.problems, 0);
}

static void test_apic_base_unreadable(void **state)
{
	(void)state;
	hw.apic_base_gp = 1;
	lapic_quiesce(&r);
	assert_int_equal(hw.gp, 1);
	assert_int_equal(hw.mmio_reads + hw.mmio_writes, 0);
	assert_int_equal(hw.map_calls, 0);
	assert_int_equal(r.problems, LIMBO_PROB_LAPIC);
	assert_true(log_has("IA32_APIC_BASE unreadable"));
}

/* ---- x2APIC ------------------------------------------------------------ */

static void x2apic_machine(uint32_t id, uint8_t max_lvt)
{
	lapic_model_init(&hw.lapic, LIMBO_APIC_X2APIC, max_lvt);
	busy(&hw.lapic, id);
}

static void plugin_cfg(uint8_t policy, uint32_t flags, uint32_t max_apic_id)
{
	test_cfg.flags = flags;
	test_cfg.x2apic = policy;
	/* the largest APIC ID comes from the verified tables, or is unknown */
	if (flags & LIMBO_CFG_FROM_PLUGIN)
		stub_tables(NULL, 0, NULL, 0, 0xffffffff, max_apic_id, 0);
}

/* Quiesced in x2APIC and left there, without a single #GP. */
static void assert_stayed_x2apic(uint32_t id)
{
	struct lapic_model *m = &hw.lapic;

	assert_quiet(m, LIMBO_APIC_X2APIC);
	assert_eois(m, 3);
	assert_int_equal(hw.gp, 0);
	assert_int_equal(m->gp, 0);
	assert_int_equal(m->base_writes, 0);
	assert_int_equal(m->mmio_accesses, 0);
	assert_int_equal(hw.map_calls, 0);
	assert_int_equal(m->writes[R_LDR] + m->writes[R_DFR], 0);
	assert_int_equal(m->reads[R_DFR], 0);
	assert_int_equal(r.problems, 0);
	assert_int_equal(r.lapic_flags, 0);
	assert_int_equal(r.lapic_found.mode, LIMBO_APIC_X2APIC);
	assert_int_equal(r.lapic_left.mode, LIMBO_APIC_X2APIC);
	assert_int_equal(r.lapic_found.id, id);
	assert_int_equal(r.lapic_left.id, id);
	assert_int_equal(r.lapic_found.ldr, lapic_model_x2_ldr(m));
	assert_int_equal(r.lapic_left.ldr, lapic_model_x2_ldr(m));
	assert_int_equal(r.lapic_found.dfr, 0);
	assert_int_equal(r.lapic_found.esr, 0x40);
	assert_true(log_has("staying in x2APIC"));
}

static void test_x2apic_keep(void **state)
{
	(void)state;
	x2apic_machine(0x123, 6);
	plugin_cfg(LIMBO_X2APIC_KEEP, LIMBO_CFG_FROM_PLUGIN | LIMBO_CFG_NEXT_MPTABLE, 3);
	lapic_quiesce(&r);
	assert_stayed_x2apic(0x123);
	assert_int_equal(r.lapic_found.lvt_present, LVT_ALL);
	assert_true(log_has("(policy x2apic=keep)"));
	assert_true(log_has("x2APIC id 291, LVTs masked, 3 EOIs, LDR 120008 -> 120008"));
}

static void test_x2apic_auto_acpi(void **state)
{
	(void)state;
	x2apic_machine(0x21, 5);	/* no CMCI: 0x82f would #GP */
	plugin_cfg(LIMBO_X2APIC_AUTO, LIMBO_CFG_FROM_PLUGIN, 0x21);
	lapic_quiesce(&r);
	assert_stayed_x2apic(0x21);
	assert_int_equal(r.lapic_found.lvt_present, LVT_NO_CMCI);
	assert_int_equal(hw.lapic.reads[R_CMCI] + hw.lapic.writes[R_CMCI], 0);
	assert_true(log_has("the next kernel boots through ACPI"));
}

/* The defaults (no plugin): auto, and nothing says MPTABLE. */
static void test_x2apic_defaults(void **state)
{
	(void)state;
	x2apic_machine(2, 6);
	lapic_quiesce(&r);
	assert_stayed_x2apic(2);
}

/*
 * x2APIC -> disabled -> xAPIC, never the #GP-ing direct transition, then
 * a second quiesce in xAPIC mode through the newly mapped page.
 */
static void assert_normalised(unsigned int max_lvt)
{
	struct lapic_model *m = &hw.lapic;
	int i;

	assert_quiet(m, LIMBO_APIC_XAPIC);
	assert_int_equal(m->nmodes, 2);
	assert_int_equal(m->modes[0], LIMBO_APIC_DISABLED);
	assert_int_equal(m->modes[1], LIMBO_APIC_XAPIC);
	assert_int_equal(m->illegal_transitions, 0);
	assert_int_equal(hw.gp, 0);
	assert_int_equal(m->gp, 0);
	assert_true(hw_model_page_mapped(APIC_DEFAULT_BASE));
	assert_true(m->mmio_accesses > 0);
	assert_int_equal(m->writes[R_DFR], 1);		/* in xAPIC mode only */
	assert_int_equal(m->writes[R_LDR], 1);
	assert_int_equal(m->base, APIC_DEFAULT_BASE | APIC_BASE_BSP | APIC_BASE_EN);
	/* the x2APIC pass EOI'd; the reset left nothing for the xAPIC one */
	assert_eois(m, 3);
	assert_int_equal(r.problems, 0);
	assert_int_equal(r.lapic_flags,
			 LIMBO_LAPIC_X2APIC_TO_XAPIC | LIMBO_LAPIC_LDR_CLEARED);
	assert_int_equal(r.lapic_found.mode, LIMBO_APIC_X2APIC);
	assert_int_equal(r.lapic_found.ldr, lapic_model_x2_ldr(m));
	assert_int_equal(r.lapic_left.mode, LIMBO_APIC_XAPIC);
	assert_int_equal(r.lapic_left.id, r.lapic_found.id);
	assert_int_equal(r.lapic_left.apic_base, m->base);
	assert_int_equal(r.lapic_left.max_lvt, max_lvt);
	for (i = 0; i < LIMBO_LVT_COUNT; i++)
		if (r.lapic_left.lvt_present & (1u << i))
			assert_true(r.lapic_left.lvt[i] & APIC_LVT_MASKED);
	assert_int_equal(r.lapic_left.ldr, 0);
	assert_int_equal(r.lapic_left.dfr, 0xffffffff);
	assert_true(log_has("x2APIC -> disabled -> xAPIC"));
	assert_true(log_has("xAPIC id 33,"));
}

static void test_x2apic_auto_mptable(void **state)
{
	(void)state;
	x2apic_machine(0x21, 6);
	plugin_cfg(LIMBO_X2APIC_AUTO, LIMBO_CFG_FROM_PLUGIN | LIMBO_CFG_NEXT_MPTABLE, 0x21);
	lapic_quiesce(&r);
	assert_normalised(6);
}

static void test_x2apic_policy_xapic(void **state)
{
	(void)state;
	x2apic_machine(0x21, 5);
	plugin_cfg(LIMBO_X2APIC_XAPIC, LIMBO_CFG_FROM_PLUGIN, 254);
	lapic_quiesce(&r);
	assert_normalised(5);
}

static void test_x2apic_refused_wide_ids(void **state)
{
	(void)state;
	x2apic_machine(0x21, 6);
	plugin_cfg(LIMBO_X2APIC_XAPIC, LIMBO_CFG_FROM_PLUGIN, 255);
	lapic_quiesce(&r);
	assert_stayed_x2apic(0x21);
	assert_true(log_has("does not fit xAPIC's 8 bits"));
}

static void test_x2apic_refused_no_plugin(void **state)
{
	(void)state;
	x2apic_machine(0x21, 6);
	plugin_cfg(LIMBO_X2APIC_XAPIC, LIMBO_CFG_NEXT_MPTABLE, 0x21);
	lapic_quiesce(&r);
	assert_stayed_x2apic(0x21);
	assert_true(log_has("no verified APIC IDs from the plugin"));
}

/* CPUID.7.0:EDX[29] -> IA32_ARCH_CAPABILITIES[21] -> MSR 0xbd bit 0 */
static void lock_x2apic(int cpuid_bit, int caps_bit, int locked)
{
	hw.arch_caps_cpuid = cpuid_bit;
	hw.arch_caps = caps_bit ? ARCH_CAP_XAPIC_DISABLE : 0;
	hw.xapic_disable_status = locked;
}

static void test_x2apic_refused_locked(void **state)
{
	(void)state;
	x2apic_machine(0x21, 6);
	plugin_cfg(LIMBO_X2APIC_XAPIC, LIMBO_CFG_FROM_PLUGIN, 0x21);
	lock_x2apic(1, 1, 1);
	lapic_quiesce(&r);
	assert_stayed_x2apic(0x21);
	assert_true(log_has("firmware locked x2APIC"));
}

/* Every link of the lock chain missing in turn: it is not locked. */
static void test_x2apic_not_locked(void **state)
{
	static const int chain[][3] = { { 0, 0, 0 }, { 1, 0, 0 }, { 1, 1, 0 } };
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(chain) / sizeof(chain[0]); i++) {
		reset(NULL);
		x2apic_machine(0x21, 6);
		plugin_cfg(LIMBO_X2APIC_XAPIC, LIMBO_CFG_FROM_PLUGIN, 0x21);
		lock_x2apic(chain[i][0], chain[i][1], chain[i][2]);
		lapic_quiesce(&r);
		assert_normalised(6);
	}
	/* a CPU without leaf 7 */
	reset(NULL);
	x2apic_machine(0x21, 6);
	plugin_cfg(LIMBO_X2APIC_XAPIC, LIMBO_CFG_FROM_PLUGIN, 0x21);
	hw.max_leaf = 6;
	lapic_quiesce(&r);
	assert_normalised(6);
}

/*
 * The platform refuses to disable the APIC (a hypervisor that keeps the
 * guest in x2APIC): the code must not then try x2APIC -> xAPIC directly.
 */
static void test_x2apic_disable_refused(void **state)
{
	struct lapic_model *m = &hw.lapic;

	(void)state;
	x2apic_machine(0x21, 6);
	plugin_cfg(LIMBO_X2APIC_XAPIC, LIMBO_CFG_FROM_PLUGIN, 0x21);
	m->base_write_fail_at = 1;
	lapic_quiesce(&r);
	assert_int_equal(m->illegal_transitions, 0);
	assert_int_equal(m->base_writes, 1);
	assert_int_equal(hw.gp, 1);
	assert_quiet(m, LIMBO_APIC_X2APIC);
	assert_int_equal(r.problems, LIMBO_PROB_LAPIC);
	assert_int_equal(r.lapic_left.mode, LIMBO_APIC_X2APIC);
	assert_int_equal(r.lapic_left.ldr, lapic_model_x2_ldr(m));
	assert_true(log_has("could not leave x2APIC"));
}

/* Disabled, then xAPIC refused: never touch the page of a disabled APIC. */
static void test_x2apic_reenable_refused(void **state)
{
	struct lapic_model *m = &hw.lapic;

	(void)state;
	x2apic_machine(0x21, 6);
	plugin_cfg(LIMBO_X2APIC_XAPIC, LIMBO_CFG_FROM_PLUGIN, 0x21);
	m->base_write_fail_at = 2;
	lapic_quiesce(&r);
	assert_int_equal(lapic_model_mode(m), LIMBO_APIC_DISABLED);
	assert_int_equal(m->mmio_accesses, 0);
	assert_int_equal(m->gp, 0);
	assert_int_equal(hw.gp, 1);
	assert_int_equal(r.problems, LIMBO_PROB_LAPIC);
	assert_int_equal(r.lapic_left.mode, LIMBO_APIC_DISABLED);
	assert_true(log_has("could not leave x2APIC"));
}

/* In xAPIC mode but the page cannot be mapped: report xAPIC, read nothing. */
static void test_x2apic_then_map_fails(void **state)
{
	struct lapic_model *m = &hw.lapic;

	(void)state;
	x2apic_machine(0x21, 6);
	plugin_cfg(LIMBO_X2APIC_XAPIC, LIMBO_CFG_FROM_PLUGIN, 0x21);
	hw.map_fail = 1;
	hw.map_fail_page = APIC_DEFAULT_BASE;
	lapic_quiesce(&r);
	assert_int_equal(lapic_model_mode(m), LIMBO_APIC_XAPIC);
	assert_int_equal(m->mmio_accesses, 0);
	assert_int_equal(m->gp, 0);
	assert_int_equal(hw.gp, 0);
	assert_int_equal(r.problems, LIMBO_PROB_LAPIC);
	assert_int_equal(r.lapic_found.mode, LIMBO_APIC_X2APIC);
	assert_int_equal(r.lapic_left.mode, LIMBO_APIC_XAPIC);
	assert_int_equal(r.lapic_left.apic_base, m->base);
	assert_int_equal(r.lapic_flags, 0);
	assert_true(log_has("could not leave x2APIC"));
}

#define T(fn) cmocka_unit_test_setup(fn, reset)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_xapic_no_cmci),
		T(test_xapic_cmci),
		T(test_xapic_small_lvt),
		T(test_xapic_idle),
		T(test_xapic_relocated),
		T(test_xapic_map_fails),
		T(test_xapic_eoi_stuck),
		T(test_apic_disabled),
		T(test_no_apic),
		T(test_apic_base_unreadable),
		T(test_x2apic_keep),
		T(test_x2apic_auto_acpi),
		T(test_x2apic_defaults),
		T(test_x2apic_auto_mptable),
		T(test_x2apic_policy_xapic),
		T(test_x2apic_refused_wide_ids),
		T(test_x2apic_refused_no_plugin),
		T(test_x2apic_refused_locked),
		T(test_x2apic_not_locked),
		T(test_x2apic_disable_refused),
		T(test_x2apic_reenable_refused),
		T(test_x2apic_then_map_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
