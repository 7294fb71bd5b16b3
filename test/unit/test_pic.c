// SPDX-License-Identifier: GPL-2.0-only
/*
 * purgatory/pic.c against the 8259A pair model (test/model): mask both,
 * or reinitialise them to the BIOS layout first.  Any port other than
 * the pair's four fails the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "hw_model.h"
#include "pic_regs.h"
#include "purgatory.h"
#include "stubs.h"

static int reset(void **state)
{
	(void)state;
	hw_model_reset();
	stubs_reset();
	return 0;
}

static void test_pic_masked(void **state)
{
	(void)state;
	hw.pic.chip[0].imr = 0x04;	/* cascade open, as Linux leaves it */
	hw.pic.chip[1].imr = 0x00;
	pic_quiesce();
	assert_int_equal(hw.pic.chip[0].imr, 0xff);
	assert_int_equal(hw.pic.chip[1].imr, 0xff);
	assert_int_equal(hw.pic.chip[0].imr_writes, 1);
	assert_int_equal(hw.pic.chip[1].imr_writes, 1);
	assert_int_equal(hw.pic.chip[0].cmd_writes + hw.pic.chip[1].cmd_writes, 0);
	assert_int_equal(rep->problems, 0);
	assert_true(log_has("both 8259s masked"));
}

static void test_pic_reinit(void **state)
{
	(void)state;
	test_cfg.pic = LIMBO_PIC_REINIT;
	hw.pic.chip[0].imr = 0x04;
	hw.pic.chip[1].imr = 0x00;
	hw.pic.chip[0].isr = 0x01;	/* the timer left in service */
	pic_quiesce();
	assert_int_equal(hw.pic.chip[0].vector_base, 0x08);
	assert_int_equal(hw.pic.chip[1].vector_base, 0x70);
	assert_int_equal(hw.pic.chip[0].icw_next, 0);	/* back to operational */
	assert_int_equal(hw.pic.chip[1].icw_next, 0);
	assert_int_equal(hw.pic.chip[0].isr, 0);
	assert_int_equal(hw.pic.chip[0].imr, 0xff);
	assert_int_equal(hw.pic.chip[1].imr, 0xff);
	assert_true(log_has("reinitialised"));
}

static void test_pic_keep_untouched_by_main_policy(void **state)
{
	(void)state;
	/* keep is main.c's decision; the config check accepts all three */
	test_cfg.pic = LIMBO_PIC_KEEP;
	assert_null(limbo_config_check(&test_cfg));
	test_cfg.pic = 3;
	assert_string_equal(limbo_config_check(&test_cfg), "bad pic value");
}

#define T(fn) cmocka_unit_test_setup(fn, reset)

/* pic_regs.h is shared by the code and the model: pin it to the 8259A's. */
static void test_ports_are_the_datasheets(void **state)
{
	(void)state;
	assert_int_equal(PIC_MASTER_CMD, 0x20);
	assert_int_equal(PIC_MASTER_DATA, 0x21);
	assert_int_equal(PIC_SLAVE_CMD, 0xa0);
	assert_int_equal(PIC_SLAVE_DATA, 0xa1);
	assert_int_equal(PIC_ICW1_INIT, 0x10);
	assert_int_equal(PIC_ICW1_ICW4, 0x01);
	assert_int_equal(PIC_OCW3_SELECT, 0x08);
	assert_int_equal(PIC_ICW4_8086, 0x01);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ports_are_the_datasheets),
		T(test_pic_masked),
		T(test_pic_reinit),
		T(test_pic_keep_untouched_by_main_policy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
