// SPDX-License-Identifier: GPL-2.0-only
/* The purgatory's printf formatter, compared with the C library's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <limbo/format.h>

#define SAME(fmt, ...) do {						\
	char a[128], b[128];						\
	int na = limbo_snprintf(a, sizeof(a), fmt, __VA_ARGS__);	\
	int nb = snprintf(b, sizeof(b), fmt, __VA_ARGS__);		\
	assert_string_equal(a, b);					\
	assert_int_equal(na, nb);					\
} while (0)

static void test_conversions(void **state)
{
	(void)state;
	SAME("%d %d %d", 0, -1, 2147483647);
	SAME("%ld %lu", -9223372036854775807L, 18446744073709551615UL);
	SAME("%x %X %08x %-6x|", 0xdeadu, 0xbeefu, 0x12u, 0xabu);
	SAME("%llx %016llx", 0xffffffff00000000ULL, 0x1ULL);
	SAME("%s|%10s|%-10s|", "abc", "right", "left");
	SAME("%c%c %% %zu", 'o', 'k', (size_t)42);
	SAME("%p", (void *)0x1000);
	SAME("%5d|%-5d|%05u", -42, 42, 42u);
}

static void test_truncation(void **state)
{
	char buf[8];
	int n;

	(void)state;
	n = limbo_snprintf(buf, sizeof(buf), "%s", "0123456789");
	assert_int_equal(n, 10);
	assert_string_equal(buf, "0123456");
	n = limbo_snprintf(buf, 1, "%d", 12345);
	assert_int_equal(n, 5);
	assert_string_equal(buf, "");
	assert_int_equal(limbo_snprintf(NULL, 0, "%x", 0xabcu), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conversions),
		cmocka_unit_test(test_truncation),
	};

	return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}
