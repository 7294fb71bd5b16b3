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

/* Parses @arg into a fresh set of options; asserts it is accepted. */
static void parse_ok(struct limbo_opts *o, const char *arg)
{
	char err[256] = "";

	limbo_opts_init(o);
	if (limbo_opts_parse(o, arg, err, sizeof(err)))
		fail_msg("'%s' refused: %s", arg, err);
	assert_null(limbo_config_check(&o->cfg));
}

static void test_parse_values(void **state)
{
	struct limbo_opts o;

	(void)state;
	parse_ok(&o, "verify-fail=reset");
	assert_int_equal(o.cfg.verify_fail, LIMBO_POLICY_RESET);
	parse_ok(&o, "show,verify-fail=halt");
	assert_int_equal(o.cfg.verify_fail, LIMBO_POLICY_HALT);
	assert_true(o.show);
	assert_false(o.help);
	parse_ok(&o, "x2apic=xapic,lapic=off,pic=reinit,fault=reset,debug-fault=gp");
	assert_int_equal(o.cfg.x2apic, LIMBO_X2APIC_XAPIC);
	assert_int_equal(o.cfg.lapic, 0);
	assert_int_equal(o.cfg.pic, LIMBO_PIC_REINIT);
	assert_int_equal(o.cfg.fault, LIMBO_POLICY_RESET);
	assert_int_equal(o.cfg.debug_fault, LIMBO_DEBUG_FAULT_GP);
	/* the GSI key, stored through limbo_gsi_store() */
	assert_int_equal(o.cfg.debug_remote_irr, 0);
	parse_ok(&o, "debug-remote-irr=10");
	assert_int_equal(o.cfg.debug_remote_irr, limbo_gsi_store(10));
	parse_ok(&o, "debug-remote-irr=0,park=init");
	assert_int_equal(o.cfg.debug_remote_irr, limbo_gsi_store(0));
	assert_int_equal(o.cfg.park, LIMBO_PARK_INIT);
	parse_ok(&o, "debug-remote-irr=4095");
	assert_int_equal(o.cfg.debug_remote_irr, limbo_gsi_store(4095));
	parse_ok(&o, "debug-remote-irr=off");
	assert_int_equal(o.cfg.debug_remote_irr, 0);
	assert_int_equal(o.cfg.handoff, LIMBO_HANDOFF_NMI);	/* the default */
	parse_ok(&o, "handoff=jump");
	assert_int_equal(o.cfg.handoff, LIMBO_HANDOFF_JUMP);
	parse_ok(&o, "handoff=nmi");
	assert_int_equal(o.cfg.handoff, LIMBO_HANDOFF_NMI);
}

/* Two --purgatory-opt options add up; a key given twice is an error. */
static void test_repeated_key(void **state)
{
	struct limbo_opts o;
	char err[256] = "";

	(void)state;
	limbo_opts_init(&o);
	assert_int_equal(limbo_opts_parse(&o, "lapic=on,park=init", err, sizeof(err)), 0);
	assert_int_equal(limbo_opts_parse(&o, "pic=keep", err, sizeof(err)), 0);
	assert_int_equal(o.cfg.park, LIMBO_PARK_INIT);
	assert_int_equal(o.cfg.pic, LIMBO_PIC_KEEP);
	/* across two options, naming both occurrences */
	assert_int_equal(limbo_opts_parse(&o, "lapic=off", err, sizeof(err)), -1);
	assert_string_equal(err, "lapic given twice: 'lapic=on' and 'lapic=off'");
	/* within one, even with the same value */
	limbo_opts_init(&o);
	assert_int_equal(limbo_opts_parse(&o, "sha-ni=off,sha-ni=off", err, sizeof(err)), -1);
	assert_string_equal(err, "sha-ni given twice: 'sha-ni=off' and 'sha-ni=off'");
	/* show and help are not keys: saying them twice is harmless */
	limbo_opts_init(&o);
	assert_int_equal(limbo_opts_parse(&o, "show,show", err, sizeof(err)), 0);
}

/* Outside bytes are echoed escaped: no control byte reaches the terminal. */
static void test_messages_escaped(void **state)
{
	struct limbo_opts o;
	char err[256] = "", buf[16];
	const char *p;

	(void)state;
	limbo_opts_init(&o);
	assert_int_equal(limbo_opts_parse(&o, "lapic=\033[2J\x07", err, sizeof(err)), -1);
	assert_string_equal(err, "bad value '\\x1b[2J\\x07' for lapic (one of on|off)");
	limbo_opts_init(&o);
	assert_int_equal(limbo_opts_parse(&o, "\x01\xff=1", err, sizeof(err)), -1);
	assert_string_equal(err, "unknown key '\\x01\\xff' (see --purgatory-opt help)");
	for (p = err; *p; p++)
		assert_true(*p >= 0x20 && *p < 0x7f);
	/* cut to fit, with an ellipsis, never past the buffer */
	assert_string_equal(limbo_escape(buf, sizeof(buf), "abcdefghijklmnopqrst", 20),
			    "abcdefghijkl...");
	assert_string_equal(limbo_escape(buf, 8, "\x01\x02\x03", 3), "\\x01...");
}

/* The table: every key found by name, its default valid, formats back. */
static void test_key_table(void **state)
{
	const struct limbo_config d = LIMBO_CONFIG_DEFAULTS;
	char buf[32], arg[64], err[256];
	size_t i, j;

	(void)state;
	assert_true(limbo_opt_key_count >= 11);
	for (i = 0; i < limbo_opt_key_count; i++) {
		const struct limbo_opt_key *k = &limbo_opt_keys[i];

		assert_ptr_equal(limbo_opt_find(k->name, strlen(k->name)), k);
		assert_non_null(limbo_opt_format(k, &d, buf, sizeof(buf)));
		/* every value a choice key lists parses back to itself */
		for (j = 0; j < k->nchoices; j++) {
			struct limbo_opts o;

			snprintf(arg, sizeof(arg), "%s=%s", k->name, k->choices[j].name);
			limbo_opts_init(&o);
			assert_int_equal(limbo_opts_parse(&o, arg, err, sizeof(err)), 0);
			assert_int_equal(limbo_opt_get(k, &o.cfg), k->choices[j].value);
			assert_string_equal(limbo_opt_format(k, &o.cfg, buf, sizeof(buf)),
					    k->choices[j].name);
			assert_null(limbo_config_check(&o.cfg));
		}
	}
	assert_null(limbo_opt_find("lapi", 4));
	/* a stored value no key allows formats as NULL */
	{
		struct limbo_config c = d;

		c.pic = 9;
		assert_null(limbo_opt_format(limbo_opt_find("pic", 3), &c, buf, sizeof(buf)));
		c.debug_remote_irr = LIMBO_CFG_MAX_GSI + 2;
		assert_null(limbo_opt_format(limbo_opt_find("debug-remote-irr", 16), &c,
					     buf, sizeof(buf)));
	}
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
	{ "debug-remote-irr=", "bad value '' for debug-remote-irr (one of off|0-4095)" },
	{ "debug-remote-irr=00010", "bad value '00010'" },
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
		{ FIELD(verify_fail), 7, "bad verify-fail value" },
		{ FIELD(lapic), 2, "bad lapic value" },
		{ FIELD(pic), 3, "bad pic value" },
		{ FIELD(debug_fault), LIMBO_DEBUG_FAULT_MAX + 1, "bad debug-fault value" },
		{ FIELD(reserved[2]), 1, "reserved words set" },
		{ FIELD(handoff), 2, "bad handoff value" },
		{ FIELD(reserved0[1]), 1, "reserved bytes set" },
		{ FIELD(reserved1), 1, "reserved words set" },
		{ FIELD(debug_remote_irr), LIMBO_CFG_MAX_GSI + 2, "bad debug-remote-irr value" },
		{ FIELD(flags), LIMBO_CFG_FROM_PLUGIN | 0x80, "unknown flags" },
		{ FIELD(flags), LIMBO_CFG_FROM_PLUGIN | LIMBO_CFG_FROM_KERNEL,
		  "written by both the plugin and the kernel" },
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
		cmocka_unit_test(test_repeated_key),
		cmocka_unit_test(test_messages_escaped),
		cmocka_unit_test(test_key_table),
		cmocka_unit_test(test_config_check_rejects),
	};

	return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
