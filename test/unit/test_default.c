// SPDX-License-Identifier: GPL-2.0-only
/*
 * The default-purgatory policy (default.c): the opt-out file, which
 * purgatory kexec -p uses without --purgatory, and what happens when
 * limbo cannot be used.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "default.h"

static int conf(const char *text, enum limbo_default_mode *mode, char *err)
{
	return limbo_default_conf_parse(text, strlen(text), mode, err, 256);
}

static void test_conf_values(void **state)
{
	enum limbo_default_mode m = LIMBO_MODE_LIMBO;
	char err[256];

	(void)state;
	assert_int_equal(conf("purgatory=stock\n", &m, err), 0);
	assert_int_equal(m, LIMBO_MODE_STOCK);
	assert_string_equal(err, "");
	assert_int_equal(conf("# comment\n\n  purgatory = strict  \r\n", &m, err), 0);
	assert_int_equal(m, LIMBO_MODE_STRICT);
	assert_int_equal(conf("purgatory=limbo", &m, err), 0);	/* no final newline */
	assert_int_equal(m, LIMBO_MODE_LIMBO);
	/* the last valid line wins */
	assert_int_equal(conf("purgatory=stock\npurgatory=limbo\n", &m, err), 0);
	assert_int_equal(m, LIMBO_MODE_LIMBO);
	assert_int_equal(conf("", &m, err), 0);
	assert_int_equal(m, LIMBO_MODE_LIMBO);
}

static void test_conf_errors_keep_mode(void **state)
{
	enum limbo_default_mode m = LIMBO_MODE_LIMBO;
	char err[256];

	(void)state;
	/* a typo neither turns limbo off nor makes it strict */
	assert_int_equal(conf("purgatory=stok\n", &m, err), 1);
	assert_int_equal(m, LIMBO_MODE_LIMBO);
	assert_non_null(strstr(err, "line 1"));
	assert_non_null(strstr(err, "stok"));
	assert_int_equal(conf("purgatory=Stock\n", &m, err), 1);
	assert_int_equal(m, LIMBO_MODE_LIMBO);
	assert_int_equal(conf("purgatory=stricter\n", &m, err), 1);
	assert_int_equal(m, LIMBO_MODE_LIMBO);
	assert_int_equal(conf("purgatory=\n", &m, err), 1);
	/* unknown key, line without '=': counted, first one described */
	assert_int_equal(conf("\nmode=stock\npurgatory stock\npurgatory=stock\n",
			      &m, err), 2);
	assert_non_null(strstr(err, "line 2"));
	assert_non_null(strstr(err, "mode"));
	assert_int_equal(m, LIMBO_MODE_STOCK);	/* the valid line still counts */
	m = LIMBO_MODE_LIMBO;
	assert_int_equal(limbo_default_conf_parse("purgatory=stock\0x", 17, &m, err,
						  sizeof(err)), 1);
	assert_non_null(strstr(err, "NUL"));
	assert_int_equal(m, LIMBO_MODE_LIMBO);
}

static void test_mode_names(void **state)
{
	enum limbo_default_mode m;

	(void)state;
	assert_int_equal(limbo_default_mode_parse("stock", 5, &m), 0);
	assert_string_equal(limbo_default_mode_name(m), "stock");
	assert_int_equal(limbo_default_mode_parse("stoc", 4, &m), -1);
	assert_int_equal(limbo_default_mode_parse("stockx", 6, &m), -1);
	assert_int_equal(limbo_default_mode_parse("", 0, &m), -1);
	assert_string_equal(limbo_default_mode_name((enum limbo_default_mode)7), "?");
}

/* kdump-tools' kexec -p on 2.0.25: kexec_load, no -s */
static const struct limbo_default_req kdump = {
	.load = 1, .on_crash = 1, .installed = 1, .mode = LIMBO_MODE_LIMBO,
};

static enum limbo_default_action decide(struct limbo_default_req r, const char **why)
{
	return limbo_default_decide(&r, why);
}

static void test_decide_use(void **state)
{
	struct limbo_default_req r = kdump;
	const char *why;

	(void)state;
	assert_int_equal(decide(r, &why), LIMBO_DEFAULT_USE);
	assert_null(why);
	/* 2.0.27+: kexec_file_load first with a fallback: the plugin switches */
	r.file_syscall = r.file_fallback = 1;
	assert_int_equal(decide(r, &why), LIMBO_DEFAULT_USE);
	r.mode = LIMBO_MODE_STRICT;
	assert_int_equal(decide(r, &why), LIMBO_DEFAULT_USE);
}

static void test_decide_not_ours(void **state)
{
	struct limbo_default_req r = kdump;
	const char *why;

	(void)state;
	r.explicit = 1;			/* --purgatory given: the plugin's own rules */
	assert_int_equal(decide(r, &why), LIMBO_DEFAULT_NONE);
	r = kdump;
	r.on_crash = 0;			/* kexec -l: not the crash kernel */
	assert_int_equal(decide(r, &why), LIMBO_DEFAULT_NONE);
	r = kdump;
	r.load = 0;			/* kexec -p -u */
	assert_int_equal(decide(r, &why), LIMBO_DEFAULT_NONE);
	r.mode = LIMBO_MODE_STRICT;	/* strict never stops an unload */
	assert_int_equal(decide(r, &why), LIMBO_DEFAULT_NONE);
}

static void test_decide_opt_out_and_absent(void **state)
{
	struct limbo_default_req r = kdump;
	const char *why;

	(void)state;
	r.mode = LIMBO_MODE_STOCK;
	assert_int_equal(decide(r, &why), LIMBO_DEFAULT_OFF);
	r.file_syscall = 1;		/* opted out: -s is no news */
	assert_int_equal(decide(r, &why), LIMBO_DEFAULT_OFF);
	r = kdump;
	r.installed = 0;
	assert_int_equal(decide(r, &why), LIMBO_DEFAULT_ABSENT);
	assert_non_null(strstr(why, LIMBO_DEFAULT_PURGATORY));
	r.mode = LIMBO_MODE_STRICT;
	assert_int_equal(decide(r, &why), LIMBO_DEFAULT_REFUSE);
}

static void test_decide_secure_boot(void **state)
{
	struct limbo_default_req r = kdump;
	const char *why;

	(void)state;
	/* kdump-tools adds -s under Secure Boot: stock, saying why */
	r.file_syscall = 1;
	r.file_fallback = 0;
	assert_int_equal(decide(r, &why), LIMBO_DEFAULT_STOCK);
	assert_non_null(strstr(why, "-s"));
	r.mode = LIMBO_MODE_STRICT;
	assert_int_equal(decide(r, &why), LIMBO_DEFAULT_REFUSE);
	assert_non_null(strstr(why, "kexec_file_load"));
}

static void test_after_load(void **state)
{
	const char *why;

	(void)state;
	assert_int_equal(limbo_default_after_load(0, 0, LIMBO_MODE_LIMBO, &why),
			 LIMBO_RETRY_NONE);
	assert_null(why);
	/* lockdown refuses kexec_load: kexec_file_load with the kernel's purgatory */
	assert_int_equal(limbo_default_after_load(-1, EPERM, LIMBO_MODE_LIMBO, &why),
			 LIMBO_RETRY_FILE_LOAD);
	assert_non_null(strstr(why, "lockdown"));
	/* IMA's Secure Boot policy refuses it first, with EACCES: the same */
	assert_int_equal(limbo_default_after_load(-1, EACCES, LIMBO_MODE_LIMBO, &why),
			 LIMBO_RETRY_FILE_LOAD);
	assert_non_null(strstr(why, "EACCES"));
	assert_int_equal(limbo_default_after_load(-1, ENOSYS, LIMBO_MODE_LIMBO, &why),
			 LIMBO_RETRY_FILE_LOAD);
	/* anything else: run again as stock kexec */
	assert_int_equal(limbo_default_after_load(-1, EINVAL, LIMBO_MODE_LIMBO, &why),
			 LIMBO_RETRY_STOCK);
	assert_int_equal(limbo_default_after_load(-1, 0, LIMBO_MODE_LIMBO, &why),
			 LIMBO_RETRY_STOCK);
	assert_non_null(why);
	/* strict: no retry, but a reason */
	assert_int_equal(limbo_default_after_load(-1, EPERM, LIMBO_MODE_STRICT, &why),
			 LIMBO_RETRY_NONE);
	assert_non_null(strstr(why, "EPERM"));
	assert_int_equal(limbo_default_after_load(-1, EACCES, LIMBO_MODE_STRICT, &why),
			 LIMBO_RETRY_NONE);
	assert_non_null(strstr(why, "EACCES"));
	assert_int_equal(limbo_default_after_load(-1, EINVAL, LIMBO_MODE_STRICT, &why),
			 LIMBO_RETRY_NONE);
	assert_non_null(why);
}

static int retry_argv(const char *cmdline, size_t len, char **argv, int max,
		      char *buf)
{
	memcpy(buf, cmdline, len);
	return limbo_default_retry_argv(buf, len, argv, max);
}

static void test_retry_argv(void **state)
{
	static const char cl[] = "/sbin/kexec\0-p\0--purgatory-opt=park=init\0"
				 "--purgatory-opt\0lapic=off\0--command-line=x\0"
				 "--\0--purgatory-opt=y\0vmlinuz";
	char buf[sizeof(cl)], *argv[16];

	(void)state;
	assert_int_equal(retry_argv(cl, sizeof(cl), argv, 16, buf), 6);
	assert_string_equal(argv[0], "/sbin/kexec");
	assert_string_equal(argv[1], "-p");
	assert_string_equal(argv[2], "--command-line=x");
	assert_string_equal(argv[3], "--");
	/* after "--" it is an operand, kept */
	assert_string_equal(argv[4], "--purgatory-opt=y");
	assert_string_equal(argv[5], "vmlinuz");
	assert_null(argv[6]);
	/* --purgatory-optx is not the option (getopt would refuse it anyway) */
	assert_int_equal(retry_argv("k\0--purgatory-optx", 19, argv, 16, buf), 2);
	/* too many for argv[], or not NUL-terminated */
	assert_int_equal(retry_argv(cl, sizeof(cl), argv, 6, buf), -1);
	assert_int_equal(retry_argv(cl, sizeof(cl), argv, 7, buf), 6);
	assert_int_equal(retry_argv("k\0-p", 4, argv, 16, buf), -1);
	assert_int_equal(retry_argv("", 0, argv, 16, buf), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conf_values),
		cmocka_unit_test(test_conf_errors_keep_mode),
		cmocka_unit_test(test_mode_names),
		cmocka_unit_test(test_decide_use),
		cmocka_unit_test(test_decide_not_ours),
		cmocka_unit_test(test_decide_opt_out_and_absent),
		cmocka_unit_test(test_decide_secure_boot),
		cmocka_unit_test(test_after_load),
		cmocka_unit_test(test_retry_argv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
