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
#include "discover.h"

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
}

static void test_cmdline_acpi_off(void **state)
{
	(void)state;
	assert_true(limbo_cmdline_has_acpi_off("acpi=off"));
	assert_true(limbo_cmdline_has_acpi_off("console=ttyS0 acpi=off nr_cpus=1"));
	assert_true(limbo_cmdline_has_acpi_off("a\tacpi=off\n"));
	assert_false(limbo_cmdline_has_acpi_off(""));
	assert_false(limbo_cmdline_has_acpi_off("acpi=offx"));
	assert_false(limbo_cmdline_has_acpi_off("noacpi=off"));
	assert_false(limbo_cmdline_has_acpi_off("acpi=force pci=acpi=off"));
	assert_true(limbo_cmdline_has_acpi_off("xacpi=off acpi=off"));
}

static void test_cpuinfo_apicids(void **state)
{
	static const char two[] =
		"processor\t: 0\napicid\t\t: 0\ninitial apicid\t: 0\n\n"
		"processor\t: 1\napicid\t\t: 6\ninitial apicid\t: 9\n";
	static const char none[] = "processor\t: 0\nmodel name\t: x\n";
	static const char junk[] = "apicid\t\t: \napicid: 12\napicidx : 99\napicid\t: 99999999999";
	uint32_t max;
	unsigned int n;

	(void)state;
	assert_int_equal(limbo_parse_cpuinfo_apicids(two, sizeof(two) - 1, &max, &n), 0);
	assert_int_equal(max, 6);
	assert_int_equal(n, 2);
	assert_int_equal(limbo_parse_cpuinfo_apicids(none, sizeof(none) - 1, &max, &n), -1);
	/* no digits, no separator, a longer key, and an overflow: none counts */
	assert_int_equal(limbo_parse_cpuinfo_apicids(junk, sizeof(junk) - 1, &max, &n), -1);
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
	o.cfg.reserved[2] = 1;
	assert_string_equal(limbo_config_check(&o.cfg), "reserved words set");
	limbo_opts_init(&o);
	o.cfg.reserved1 = 1;
	assert_string_equal(limbo_config_check(&o.cfg), "reserved words set");
	limbo_opts_init(&o);
	o.cfg.debug_remote_irr = LIMBO_CFG_MAX_GSI + 2;
	assert_string_equal(limbo_config_check(&o.cfg), "bad debug-remote-irr GSI");
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
		cmocka_unit_test(test_cmdline_acpi_off),
		cmocka_unit_test(test_cpuinfo_apicids),
	};

	return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
