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

static void test_config_check_rejects(void **state)
{
	struct limbo_opts o;

	(void)state;
	limbo_opts_init(&o);
	o.cfg.magic ^= 1;
	assert_string_equal(limbo_config_check(&o.cfg), "bad magic");
	limbo_opts_init(&o);
	o.cfg.version = 99;
	assert_string_equal(limbo_config_check(&o.cfg), "unknown version");
	limbo_opts_init(&o);
	o.cfg.size = 8;
	assert_string_equal(limbo_config_check(&o.cfg), "size mismatch");
	limbo_opts_init(&o);
	o.cfg.verify_fail = 7;
	assert_string_equal(limbo_config_check(&o.cfg), "bad verify-fail policy");
	limbo_opts_init(&o);
	o.cfg.reserved[5] = 1;
	assert_string_equal(limbo_config_check(&o.cfg), "reserved words set");
	limbo_opts_init(&o);
	o.cfg.flags |= 0x80;
	assert_string_equal(limbo_config_check(&o.cfg), "unknown flags");
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
