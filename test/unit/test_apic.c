// SPDX-License-Identifier: GPL-2.0-only
/*
 * purgatory/apic.c, the one module that touches this CPU's local APIC,
 * against the local APIC model (test/model): the mode IA32_APIC_BASE
 * says, registers through the xAPIC page or the x2APIC MSRs, the APIC ID,
 * and the one ICR send (ICR2 before ICR and a bounded wait for delivery
 * status in xAPIC, one MSR write in x2APIC).  And the ICR's user that
 * test_park does not cover: the handoff=nmi self-NMI (nmi_handoff.c).
 * The model fails the test on xAPIC MMIO outside xAPIC mode or through
 * an unmapped page, and on a #GP outside the *_safe accessors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "hw_model.h"
#include "purgatory.h"
#include "stubs.h"

/* SDM numbers, not apic_regs.h names: an independent check of that map */
#define REG(off)	((off) >> 4)
#define R_TPR		REG(0x080)
#define R_ICR		REG(0x300)
#define R_ICR2		REG(0x310)
#define X2_TPR		0x808
#define X2_ICR		0x830
#define EN		0x800ULL	/* IA32_APIC_BASE bits */
#define EXTD		0x400ULL
#define BSP		0x100ULL
#define INIT_ASSERT	0xc500u		/* INIT, level, assert */
#define SELF_NMI	0x4400u		/* NMI, physical, edge, assert */

static int armed_at_send;

static int reset(void **state)
{
	(void)state;
	hw_model_reset();
	stubs_reset();
	limbo_nmi_handoff_armed = 0;
	armed_at_send = -1;
	return 0;
}

/* The model's APIC in @mode with @id, opened as the purgatory opens it. */
static void open_apic(struct apic *a, int mode, uint32_t id)
{
	uint64_t base;

	lapic_model_init(&hw.lapic, mode, 6);
	hw.lapic.id = id;
	assert_int_equal(apic_base_read(&base), 0);
	assert_int_equal(base, hw.lapic.base);
	assert_int_equal(apic_open(a, base), 0);
}

/* ---- mode, open --------------------------------------------------------- */

static void test_mode_from_base(void **state)
{
	(void)state;
	assert_int_equal(apic_mode(0), LIMBO_APIC_DISABLED);
	assert_int_equal(apic_mode(0xfee00000ULL), LIMBO_APIC_DISABLED);
	assert_int_equal(apic_mode(0xfee00000ULL | EN), LIMBO_APIC_XAPIC);
	assert_int_equal(apic_mode(0xfee00000ULL | EN | BSP), LIMBO_APIC_XAPIC);
	assert_int_equal(apic_mode(0xfee00000ULL | EN | EXTD), LIMBO_APIC_X2APIC);
	assert_int_equal(apic_mode(EXTD), LIMBO_APIC_DISABLED);	/* invalid: off */
}

static void test_present(void **state)
{
	(void)state;
	assert_true(apic_present());
	lapic_model_init(&hw.lapic, LIMBO_APIC_DISABLED, 6);
	assert_false(apic_present());
	hw.lapic.present = 0;
	assert_false(apic_present());
	assert_int_equal(hw.msr_reads + hw.msr_writes, 0);	/* CPUID only */
}

/* xAPIC: the page at the base the MSR gives, mapped, not yet touched. */
static void test_open_xapic(void **state)
{
	struct apic a;
	uint64_t base;

	(void)state;
	hw.lapic.base = 0xfed40000ULL | EN;
	assert_int_equal(apic_base_read(&base), 0);
	assert_int_equal(apic_open(&a, base), 0);
	assert_int_equal(a.x2, 0);
	assert_int_equal(a.mmio, 0xfed40000ULL);
	assert_true(hw_model_page_mapped(0xfed40000ULL));
	assert_false(hw_model_page_mapped(0xfee00000ULL));
	assert_int_equal(hw.mmio_reads + hw.mmio_writes, 0);
}

static void test_open_x2apic(void **state)
{
	struct apic a;

	(void)state;
	open_apic(&a, LIMBO_APIC_X2APIC, 1);
	assert_int_equal(a.x2, 1);
	assert_int_equal(hw.map_calls, 0);
}

static void test_open_disabled(void **state)
{
	struct apic a;

	(void)state;
	assert_int_equal(apic_open(&a, 0xfee00000ULL), -1);
	assert_int_equal(apic_open(&a, 0xfee00000ULL | EXTD), -1);
	assert_int_equal(hw.map_calls, 0);
}

/* The page will not map: -1, and the address is there to report. */
static void test_open_map_fails(void **state)
{
	struct apic a;

	(void)state;
	hw.map_fail = 1;
	hw.map_fail_page = 0xfee00000ULL;
	assert_int_equal(apic_open(&a, 0xfee00000ULL | EN), -1);
	assert_int_equal(a.mmio, 0xfee00000ULL);
}

static void test_base_unreadable(void **state)
{
	uint64_t base;

	(void)state;
	hw.apic_base_gp = 1;
	assert_int_equal(apic_base_read(&base), -1);
	assert_int_equal(hw.gp, 1);
}

/* ---- registers ---------------------------------------------------------- */

static void test_registers_xapic(void **state)
{
	struct lapic_model *m = &hw.lapic;
	struct apic a;

	(void)state;
	open_apic(&a, LIMBO_APIC_XAPIC, 5);
	apic_write(&a, APIC_TPR, 0x20);
	assert_int_equal(m->tpr, 0x20);
	assert_int_equal(m->writes[R_TPR], 1);
	assert_int_equal(apic_read(&a, APIC_TPR), 0x20);
	assert_int_equal(m->reads[R_TPR], 1);
	assert_int_equal(m->mmio_accesses, 2);
	assert_int_equal(m->msr_accesses, 0);
}

static void test_registers_x2apic(void **state)
{
	struct lapic_model *m = &hw.lapic;
	struct apic a;
	uint64_t v;

	(void)state;
	open_apic(&a, LIMBO_APIC_X2APIC, 5);
	apic_write(&a, APIC_TPR, 0x30);
	assert_int_equal(lapic_model_msr_read(m, X2_TPR, &v), 0);
	assert_int_equal(v, 0x30);
	assert_int_equal(apic_read(&a, APIC_TPR), 0x30);
	assert_int_equal(m->mmio_accesses, 0);
	assert_int_equal(hw.gp, 0);
}

/* x2APIC: no DFR (reads 0, the #GP absorbed), a read-only ID. */
static void test_x2apic_gp_absorbed(void **state)
{
	struct apic a;

	(void)state;
	open_apic(&a, LIMBO_APIC_X2APIC, 5);
	assert_int_equal(apic_read(&a, APIC_DFR), 0);
	assert_int_equal(hw.gp, 1);
	apic_write(&a, APIC_ID, 7);
	assert_int_equal(hw.gp, 2);
	assert_int_equal(hw.lapic.id, 5);
}

static void test_id(void **state)
{
	struct apic a;

	(void)state;
	open_apic(&a, LIMBO_APIC_XAPIC, 0x12);
	assert_int_equal(apic_id(&a), 0x12);
	reset(NULL);
	open_apic(&a, LIMBO_APIC_X2APIC, 0x12345);
	assert_int_equal(apic_id(&a), 0x12345);
}

/* ---- the ICR ------------------------------------------------------------ */

/* ICR2 first (the model takes the destination from it at the ICR write). */
static void test_icr_xapic_waits_for_delivery(void **state)
{
	struct lapic_model *m = &hw.lapic;
	struct apic a;

	(void)state;
	open_apic(&a, LIMBO_APIC_XAPIC, 0);
	m->icr_busy_reads = 3;
	assert_int_equal(apic_icr_send(&a, 7, INIT_ASSERT), 0);
	assert_int_equal(m->nipis, 1);
	assert_int_equal(m->ipis[0].x2, 0);
	assert_int_equal(m->ipis[0].dest, 7);
	assert_int_equal(m->ipis[0].icr, INIT_ASSERT);
	assert_int_equal(m->writes[R_ICR2], 1);
	assert_int_equal(m->writes[R_ICR], 1);
	assert_int_equal(m->reads[R_ICR], 4);	/* three busy, one idle */
	assert_int_equal(m->icr_busy_left, 0);
}

/* Delivery status never clears: -1 after the same bounded wait each time. */
static void test_icr_xapic_timeout(void **state)
{
	struct lapic_model *m = &hw.lapic;
	struct apic a;
	unsigned int polls;

	(void)state;
	open_apic(&a, LIMBO_APIC_XAPIC, 0);
	m->icr_busy_reads = LM_ICR_BUSY_NEVER;
	assert_int_equal(apic_icr_send(&a, 1, INIT_ASSERT), -1);
	polls = m->reads[R_ICR];
	assert_true(polls >= 1000);
	assert_int_equal(apic_icr_send(&a, 2, INIT_ASSERT), -1);
	assert_int_equal(m->reads[R_ICR], 2 * polls);
	assert_int_equal(m->nipis, 2);
}

/* One 64-bit MSR write, destination in 63:32; nothing to poll. */
static void test_icr_x2apic(void **state)
{
	struct lapic_model *m = &hw.lapic;
	struct apic a;
	uint64_t v;

	(void)state;
	open_apic(&a, LIMBO_APIC_X2APIC, 0);
	assert_int_equal(apic_icr_send(&a, 0x1234, INIT_ASSERT), 0);
	assert_int_equal(m->reads[R_ICR], 0);
	assert_int_equal(m->writes[R_ICR], 1);
	assert_int_equal(m->mmio_accesses, 0);
	assert_int_equal(m->nipis, 1);
	assert_int_equal(m->ipis[0].x2, 1);
	assert_int_equal(m->ipis[0].dest, 0x1234);
	assert_int_equal(lapic_model_msr_read(m, X2_ICR, &v), 0);
	assert_int_equal(v, (0x1234ULL << 32) | INIT_ASSERT);
}

/* A reserved ICR bit #GPs in x2APIC: -1, nothing sent. */
static void test_icr_x2apic_gp(void **state)
{
	struct apic a;

	(void)state;
	open_apic(&a, LIMBO_APIC_X2APIC, 0);
	assert_int_equal(apic_icr_send(&a, 1, INIT_ASSERT | (1u << 13)), -1);
	assert_int_equal(hw.lapic.nipis, 0);
	assert_int_equal(hw.gp, 1);
}

/* ---- x2APIC -> xAPIC ---------------------------------------------------- */

static void test_x2apic_to_xapic(void **state)
{
	struct lapic_model *m = &hw.lapic;
	struct apic a;
	uint64_t base;

	(void)state;
	open_apic(&a, LIMBO_APIC_X2APIC, 3);
	base = m->base;
	assert_int_equal(apic_x2apic_to_xapic(&a, &base), 0);
	assert_int_equal(a.x2, 0);
	assert_int_equal(base, m->base);
	assert_int_equal(apic_mode(base), LIMBO_APIC_XAPIC);
	assert_int_equal(m->nmodes, 2);
	assert_int_equal(m->modes[0], LIMBO_APIC_DISABLED);
	assert_int_equal(m->modes[1], LIMBO_APIC_XAPIC);
	assert_int_equal(m->illegal_transitions, 0);
	assert_true(hw_model_page_mapped(0xfee00000ULL));
	assert_int_equal(apic_id(&a), 3);	/* now through the page */
}

/* The platform will not disable it: -1, still speaking x2APIC. */
static void test_x2apic_to_xapic_refused(void **state)
{
	struct apic a;
	uint64_t base;

	(void)state;
	open_apic(&a, LIMBO_APIC_X2APIC, 3);
	hw.lapic.base_write_fail_at = 1;
	base = hw.lapic.base;
	assert_int_equal(apic_x2apic_to_xapic(&a, &base), -1);
	assert_int_equal(a.x2, 1);
	assert_int_equal(apic_mode(base), LIMBO_APIC_X2APIC);
	assert_int_equal(hw.lapic.illegal_transitions, 0);
	assert_int_equal(apic_id(&a), 3);
}

/* ---- handoff=nmi -------------------------------------------------------- */

static void note_armed(const struct lm_ipi *p)
{
	(void)p;
	armed_at_send = limbo_nmi_handoff_armed;
}

/* One NMI to this CPU's own ID, physical, edge, with the handler armed. */
static void assert_self_nmi(int x2, uint32_t id)
{
	const struct lm_ipi *p = &hw.lapic.ipis[0];

	assert_int_equal(hw.lapic.nipis, 1);
	assert_int_equal(p->x2, x2);
	assert_int_equal(p->dest, id);
	assert_int_equal(p->icr, SELF_NMI);
	assert_int_equal(p->delivery_mode, 4);
	assert_int_equal(p->logical, 0);
	assert_int_equal(p->shorthand, 0);
	assert_int_equal(p->level_trig, 0);
	assert_int_equal(armed_at_send, 1);
	/* the model delivers no NMI: disarmed, falling back to the jump */
	assert_int_equal(limbo_nmi_handoff_armed, 0);
	assert_true(log_has("limbo: handoff=nmi: no NMI by cycle "));
}

static void test_nmi_handoff_xapic(void **state)
{
	(void)state;
	lapic_model_init(&hw.lapic, LIMBO_APIC_XAPIC, 6);
	hw.lapic.id = 3;
	hw.lapic.icr_busy_reads = 2;
	hw.lapic.on_ipi = note_armed;
	handoff_via_nmi();
	assert_self_nmi(0, 3);
	assert_int_equal(hw.lapic.reads[R_ICR], 3);	/* delivery status waited */
	assert_int_equal(hw.lapic.icr_write_busy, 0);
}

static void test_nmi_handoff_x2apic(void **state)
{
	uint64_t v;

	(void)state;
	lapic_model_init(&hw.lapic, LIMBO_APIC_X2APIC, 6);
	hw.lapic.id = 0x1234;
	hw.lapic.on_ipi = note_armed;
	handoff_via_nmi();
	assert_self_nmi(1, 0x1234);
	assert_int_equal(lapic_model_msr_read(&hw.lapic, X2_ICR, &v), 0);
	assert_int_equal(v, (0x1234ULL << 32) | SELF_NMI);
	assert_int_equal(hw.map_calls, 0);
	assert_int_equal(hw.lapic.mmio_accesses, 0);
}

/* Delivery status stuck: the NMI may still come, so the wait goes on. */
static void test_nmi_handoff_icr_stuck(void **state)
{
	(void)state;
	hw.lapic.id = 2;
	hw.lapic.icr_busy_reads = LM_ICR_BUSY_NEVER;
	hw.lapic.on_ipi = note_armed;
	handoff_via_nmi();
	assert_self_nmi(0, 2);
}

/* No APIC to send with: nothing sent, never armed, said so. */
static void test_nmi_handoff_no_apic(void **state)
{
	unsigned int t;

	(void)state;
	for (t = 0; t < 3; t++) {
		reset(NULL);
		if (t == 0)
			lapic_model_init(&hw.lapic, LIMBO_APIC_DISABLED, 6);
		else if (t == 1)
			hw.lapic.present = 0;
		else
			hw.apic_base_gp = 1;
		hw.lapic.on_ipi = note_armed;
		handoff_via_nmi();
		assert_int_equal(hw.lapic.nipis, 0);
		assert_int_equal(hw.map_calls, 0);
		assert_int_equal(limbo_nmi_handoff_armed, 0);
		assert_true(log_has("limbo: handoff=nmi: local APIC disabled: jumping instead"));
	}
}

/*
 * No NMI comes: the wait is bounded by the TSC (the model's advances
 * 1000 per read), not by a count of PAUSEs whose cost varies tenfold
 * between CPUs: 2^24 cycles, give or take a read.
 */
static void test_nmi_handoff_wait_is_time(void **state)
{
	unsigned long long at;
	const char *line;
	uint64_t t0;

	(void)state;
	lapic_model_init(&hw.lapic, LIMBO_APIC_XAPIC, 6);
	hw.lapic.on_ipi = note_armed;
	limbo_tsc_entry = 5000;
	t0 = hw.tsc;
	handoff_via_nmi();
	assert_self_nmi(0, 0);
	assert_in_range(hw.tsc - t0, 1ULL << 24, (1ULL << 24) + 3000);
	/* the line says when, counted from the purgatory's entry like the others */
	line = log_find("limbo: handoff=nmi: no NMI by cycle ");
	assert_non_null(line);
	assert_int_equal(sscanf(line, "limbo: handoff=nmi: no NMI by cycle %llu: jumping\n",
				&at), 1);
	assert_int_equal(at, hw.tsc - 5000);
}

/* The xAPIC page will not map: nothing sent, disarmed again. */
static void test_nmi_handoff_unmapped(void **state)
{
	(void)state;
	hw.map_fail = 1;
	hw.map_fail_page = 0xfee00000ULL;
	handoff_via_nmi();
	assert_int_equal(hw.lapic.nipis, 0);
	assert_int_equal(hw.lapic.mmio_accesses, 0);
	assert_int_equal(limbo_nmi_handoff_armed, 0);
	assert_true(log_has("limbo: handoff=nmi: no NMI by cycle "));
}

#define T(fn) cmocka_unit_test_setup(fn, reset)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_mode_from_base),
		T(test_present),
		T(test_open_xapic),
		T(test_open_x2apic),
		T(test_open_disabled),
		T(test_open_map_fails),
		T(test_base_unreadable),
		T(test_registers_xapic),
		T(test_registers_x2apic),
		T(test_x2apic_gp_absorbed),
		T(test_id),
		T(test_icr_xapic_waits_for_delivery),
		T(test_icr_xapic_timeout),
		T(test_icr_x2apic),
		T(test_icr_x2apic_gp),
		T(test_x2apic_to_xapic),
		T(test_x2apic_to_xapic_refused),
		T(test_nmi_handoff_xapic),
		T(test_nmi_handoff_x2apic),
		T(test_nmi_handoff_icr_stuck),
		T(test_nmi_handoff_no_apic),
		T(test_nmi_handoff_unmapped),
		T(test_nmi_handoff_wait_is_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
