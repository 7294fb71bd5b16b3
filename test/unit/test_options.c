// SPDX-License-Identifier: GPL-2.0-only
/* --purgatory-opt parsing, and config validation of what it produces. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "options.h"

static void test_defaults_are_valid(void **state)
{
	struct limbo_opts o;
	const struct limbo_config d = LIMBO_CONFIG_DEFAULTS;

	(void)state;
	limbo_opts_init(&o);
	assert_null(limbo_config_check(&o.cfg));
	assert_null(limbo_config_check(&d));
	assert_int_equal(o.cfg.verify_fail, LIMBO_POLICY_HALT);
	assert_int_equal(o.cfg.flags, LIMBO_CFG_FROM_PLUGIN);
}

static void test_parse_values(void **state)
{
	struct limbo_opts o;
	char err[256];

	(void)state;
	limbo_opts_init(&o);
	assert_int_equal(limbo_opts_parse(&o, "verify-fail=reset", err, sizeof(err)), 0);
	assert_int_equal(o.cfg.verify_fail, LIMBO_POLICY_RESET);
	assert_int_equal(limbo_opts_parse(&o, "show,verify-fail=halt", err, sizeof(err)), 0);
	assert_int_equal(o.cfg.verify_fail, LIMBO_POLICY_HALT);
	assert_true(o.show);
	assert_false(o.help);
	assert_null(limbo_config_check(&o.cfg));
	assert_int_equal(limbo_opts_parse(&o, "x2apic=xapic,lapic=off,pic=reinit,fault=reset,debug-fault=gp",
					  err, sizeof(err)), 0);
	assert_int_equal(o.cfg.x2apic, LIMBO_X2APIC_XAPIC);
	assert_int_equal(o.cfg.lapic, 0);
	assert_int_equal(o.cfg.pic, LIMBO_PIC_REINIT);
	assert_int_equal(o.cfg.fault, LIMBO_POLICY_RESET);
	assert_int_equal(o.cfg.debug_fault, LIMBO_DEBUG_FAULT_GP);
	assert_null(limbo_config_check(&o.cfg));
	/* the numeric key: GSI + 1, 0 = off */
	assert_int_equal(o.cfg.debug_remote_irr, 0);
	assert_int_equal(limbo_opts_parse(&o, "debug-remote-irr=10", err, sizeof(err)), 0);
	assert_int_equal(o.cfg.debug_remote_irr, 11);
	assert_null(limbo_config_check(&o.cfg));
	assert_int_equal(limbo_opts_parse(&o, "debug-remote-irr=0,park=init", err, sizeof(err)), 0);
	assert_int_equal(o.cfg.debug_remote_irr, 1);
	assert_int_equal(limbo_opts_parse(&o, "debug-remote-irr=4095", err, sizeof(err)), 0);
	assert_int_equal(o.cfg.debug_remote_irr, 4096);
	assert_null(limbo_config_check(&o.cfg));
	assert_int_equal(limbo_opts_parse(&o, "debug-remote-irr=off", err, sizeof(err)), 0);
	assert_int_equal(o.cfg.debug_remote_irr, 0);
	assert_int_equal(o.cfg.handoff, LIMBO_HANDOFF_JUMP);
	assert_int_equal(limbo_opts_parse(&o, "handoff=nmi", err, sizeof(err)), 0);
	assert_int_equal(o.cfg.handoff, LIMBO_HANDOFF_NMI);
	assert_null(limbo_config_check(&o.cfg));
}

struct bad {
	const char *arg;
	const char *expect;
};

static const struct bad bad[] = {
	{ "", "empty" },
	{ "nosuchkey=1", "unknown key 'nosuchkey'" },
	{ "verify-fail=explode", "bad value 'explode' for verify-fail (one of halt|reset)" },
	{ "verify-fail=", "bad value ''" },
	{ "verify-fail=halt,", "empty item" },
	{ ",verify-fail=halt", "empty item" },
	{ "verify-fail", "is not KEY=VALUE" },
	{ "=halt", "unknown key ''" },
	{ "verify-fail=haltx", "bad value 'haltx'" },
	{ "verify-fail=hal", "bad value 'hal'" },
	{ "debug-remote-irr=", "bad value '' for debug-remote-irr (off, or a GSI 0-4095)" },
	{ "debug-remote-irr=4096", "bad value '4096'" },
	{ "debug-remote-irr=-1", "bad value '-1'" },
	{ "debug-remote-irr=10x", "bad value '10x'" },
	{ "debug-remote-irr=0x10", "bad value '0x10'" },
	{ "debug-remote-irr=99999999999999999999", "bad value" },
	{ "debug-remote-irr=on", "bad value 'on'" },
	{ "handoff=iret", "bad value 'iret' for handoff (one of jump|nmi)" },
};

static void test_parse_errors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct limbo_opts o;
		char err[256] = "";

		limbo_opts_init(&o);
		assert_int_equal(limbo_opts_parse(&o, bad[i].arg, err, sizeof(err)), -1);
		if (!strstr(err, bad[i].expect))
			fail_msg("'%s': expected '%s', got '%s'", bad[i].arg,
				 bad[i].expect, err);
	}
}

/* One field spoiled at a time, and the message limbo_config_check gives. */
#define FIELD(m) offsetof(struct limbo_config, m), sizeof(((struct limbo_config *)0)->m)

static void test_config_check_rejects(void **state)
{
	static const struct {
		size_t off, len;
		uint64_t value;
		const char *why;
	} cases[] = {
		{ FIELD(magic), LIMBO_CONFIG_MAGIC ^ 1, "bad magic" },
		{ FIELD(version), 99, "unknown version" },
		{ FIELD(size), 8, "size mismatch" },
		{ FIELD(verify_fail), 7, "bad verify-fail policy" },
		{ FIELD(reserved[2]), 1, "reserved words set" },
		{ FIELD(handoff), 2, "bad handoff" },
		{ FIELD(reserved0[1]), 1, "reserved bytes set" },
		{ FIELD(reserved1), 1, "reserved words set" },
		{ FIELD(debug_remote_irr), LIMBO_CFG_MAX_GSI + 2, "bad debug-remote-irr GSI" },
		{ FIELD(flags), LIMBO_CFG_FROM_PLUGIN | 0x80, "unknown flags" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct limbo_opts o;

		limbo_opts_init(&o);
		/* little endian: the low bytes of value */
		memcpy((char *)&o.cfg + cases[i].off, &cases[i].value, cases[i].len);
		assert_string_equal(limbo_config_check(&o.cfg), cases[i].why);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_are_valid),
		cmocka_unit_test(test_parse_values),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_config_check_rejects),
	};

	return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
