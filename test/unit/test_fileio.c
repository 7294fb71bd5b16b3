// SPDX-License-Identifier: GPL-2.0-only
/* limbo_read_file(): regular files only, bounded, never blocks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "fileio.h"

static char dir[64];

static void write_file(const char *path, size_t n)
{
	FILE *f = fopen(path, "wb");
	size_t i;

	assert_non_null(f);
	for (i = 0; i < n; i++)
		fputc('a' + (int)(i % 26), f);
	fclose(f);
}

static void test_regular(void **state)
{
	char path[128], err[256], *buf;
	size_t len;

	(void)state;
	snprintf(path, sizeof(path), "%s/ten", dir);
	write_file(path, 10);
	assert_int_equal(limbo_read_file(path, 10, &buf, &len, err, sizeof(err)),
			 LIMBO_READ_OK);
	assert_int_equal(len, 10);
	assert_memory_equal(buf, "abcdefghij", 10);
	assert_int_equal(buf[10], '\0');
	free(buf);
	/* one byte over the limit is refused, naming the limit */
	assert_int_equal(limbo_read_file(path, 9, &buf, &len, err, sizeof(err)),
			 LIMBO_READ_TOO_LARGE);
	assert_null(buf);
	assert_non_null(strstr(err, "limit of 9 bytes"));
	assert_non_null(strstr(err, path));
}

static void test_empty_and_large(void **state)
{
	char path[128], err[256], *buf;
	size_t len;

	(void)state;
	snprintf(path, sizeof(path), "%s/empty", dir);
	write_file(path, 0);
	assert_int_equal(limbo_read_file(path, 100, &buf, &len, err, sizeof(err)),
			 LIMBO_READ_OK);
	assert_int_equal(len, 0);
	free(buf);
	/* larger than the first 4 KiB guess: grows to the exact size */
	snprintf(path, sizeof(path), "%s/big", dir);
	write_file(path, 100000);
	assert_int_equal(limbo_read_file(path, 100000, &buf, &len, err, sizeof(err)),
			 LIMBO_READ_OK);
	assert_int_equal(len, 100000);
	assert_int_equal(buf[99999], 'a' + 99999 % 26);
	free(buf);
}

static void test_procfs(void **state)
{
	char err[256], *buf;
	size_t len;

	(void)state;
	/* st_size 0, content anyway */
	assert_int_equal(limbo_read_file("/proc/self/status", 1 << 20, &buf, &len,
					 err, sizeof(err)), LIMBO_READ_OK);
	assert_true(len > 0);
	assert_non_null(strstr(buf, "Name:"));
	free(buf);
}

static void test_refused(void **state)
{
	char path[128], err[256], *buf;
	size_t len;

	(void)state;
	assert_int_equal(limbo_read_file(dir, 100, &buf, &len, err, sizeof(err)),
			 LIMBO_READ_NOT_REGULAR);
	assert_non_null(strstr(err, "a directory"));
	/* a FIFO with no writer: refused at once, never blocks */
	snprintf(path, sizeof(path), "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(limbo_read_file(path, 100, &buf, &len, err, sizeof(err)),
			 LIMBO_READ_NOT_REGULAR);
	assert_non_null(strstr(err, "a FIFO"));
	assert_int_equal(limbo_read_file("/dev/zero", 100, &buf, &len, err,
					 sizeof(err)), LIMBO_READ_NOT_REGULAR);
	assert_non_null(strstr(err, "character device"));
	snprintf(path, sizeof(path), "%s/nope", dir);
	assert_int_equal(limbo_read_file(path, 100, &buf, &len, err, sizeof(err)),
			 LIMBO_READ_MISSING);
	assert_null(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regular),
		cmocka_unit_test(test_empty_and_large),
		cmocka_unit_test(test_procfs),
		cmocka_unit_test(test_refused),
	};
	char cmd[96];
	int rc;

	snprintf(dir, sizeof(dir), "/tmp/limbo-fileio.XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		return 1;
	return rc;
}
