// SPDX-License-Identifier: GPL-2.0-only
/*
 * struct limbo_report: sealing and checking, corruption detection, older
 * and newer layouts, the decoder's output, and the sysfs scan.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>
#include "report-decode.h"

/* test/fuzz/fuzz_report.c, linked in */
bool fuzz_json_valid(const char *s, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define OFF(field)	offsetof(struct limbo_report, field)

/* A report as a writer knowing only the first @size bytes would seal it. */
static void seal_prefix(void *buf, uint32_t size, uint16_t version)
{
	struct limbo_report_hdr h = {
		.magic = LIMBO_REPORT_MAGIC,
		.version = version,
		.hdr_size = sizeof(h),
		.size = size,
		.crc32 = 0,
	};

	memcpy(buf, &h, sizeof(h));
	h.crc32 = limbo_crc32(buf, size);
	memcpy(buf, &h, sizeof(h));
}

static void fill_sample(struct limbo_report *r)
{
	const struct limbo_config defaults = LIMBO_CONFIG_DEFAULTS;
	int i;

	memset(r, 0, sizeof(*r));
	snprintf(r->build, sizeof(r->build), "limbo 0.1.0 test");
	r->problems = LIMBO_PROB_LAPIC | LIMBO_PROB_EXCEPTION;
	r->done = 1u << LIMBO_PHASE_ENTRY | 1u << LIMBO_PHASE_CONSOLE |
		  1u << LIMBO_PHASE_VERIFY | 1u << LIMBO_PHASE_LAPIC |
		  1u << LIMBO_PHASE_PIC | 1u << LIMBO_PHASE_POST |
		  1u << LIMBO_PHASE_SEAL;

	r->verify_result = LIMBO_VERIFY_OK;
	r->hash_impl = LIMBO_HASH_SHANI;
	r->verify_regions = 3;
	r->verify_failed_region = -1;
	r->verify_bytes = 64ull << 20;
	r->verify_cycles = 240000000;	/* 0.1 s at 2400 MHz: 640 MiB/s */

	r->nmi_count = 2;
	r->nmi_first_rip = 0xffffffff81000010ull;
	r->nmi_last_rip = 0xffffffff81000020ull;
	r->exc_count = 1;
	r->exc[0].vector = 14;
	r->exc[0].error = 2;
	r->exc[0].rip = 0x12345;
	r->exc[0].cr2 = 0xdead000;

	r->lapic_found.mode = LIMBO_APIC_X2APIC;
	r->lapic_found.id = 3;
	r->lapic_found.max_lvt = 6;
	r->lapic_found.lvt_present = 0x7f;
	r->lapic_found.svr = 0x1ff;
	r->lapic_found.ldr = 0x10008;
	r->lapic_found.lvt[0] = 0x000200ef;	/* timer: periodic, 0xef */
	r->lapic_found.lvt[3] = 0x00000700;	/* LINT0: ExtINT */
	r->lapic_found.lvt[4] = 0x00000400;	/* LINT1: NMI */
	r->lapic_found.isr[1] = 1u << 17;	/* 0x31 */
	r->lapic_found.isr[7] = 1u << 15;	/* 0xef */
	r->lapic_found.irr[2] = 1u << 0;	/* 0x40 */
	r->lapic_found.apic_base = 0xfee00d00;
	r->lapic_left = r->lapic_found;
	r->lapic_left.mode = LIMBO_APIC_XAPIC;
	r->lapic_left.ldr = 0;
	r->lapic_left.dfr = 0xffffffff;
	r->lapic_left.apic_base = 0xfee00900;
	for (i = 0; i < LIMBO_LVT_COUNT; i++)
		r->lapic_left.lvt[i] |= 1u << 16;
	memset(r->lapic_left.isr, 0, sizeof(r->lapic_left.isr));
	memset(r->lapic_left.irr, 0, sizeof(r->lapic_left.irr));
	r->lapic_eoi_count = 2;
	r->lapic_flags = LIMBO_LAPIC_X2APIC_TO_XAPIC | LIMBO_LAPIC_LDR_CLEARED;

	r->tsc[LIMBO_PHASE_ENTRY] = 1000;
	r->tsc[LIMBO_PHASE_CONSOLE] = 1100;
	r->tsc[LIMBO_PHASE_VERIFY] = 1500;
	r->tsc[LIMBO_PHASE_LAPIC] = 240001500;
	r->tsc[LIMBO_PHASE_PIC] = 240002000;
	r->tsc[LIMBO_PHASE_POST] = 240002100;
	r->tsc[LIMBO_PHASE_SEAL] = 240003000;

	r->config = defaults;
	r->config.flags = LIMBO_CFG_FROM_PLUGIN;
}

/* Decodes @v both ways; returns the human text, sets *json. */
static char *decode(const struct limbo_report_view *v, char **json)
{
	const struct limbo_decode_opts o = { .tsc_mhz = 2400 };
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	f = open_memstream(&text, &len);
	assert_non_null(f);
	limbo_report_print(f, v, &o);
	fclose(f);
	f = open_memstream(json, &len);
	assert_non_null(f);
	limbo_report_print_json(f, v, &o);
	fclose(f);
	if (!fuzz_json_valid(*json, len))
		fail_msg("invalid JSON: %s", *json);
	return text;
}

static void expect(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle))
		fail_msg("expected '%s' in:\n%s", needle, haystack);
}

static void expect_not(const char *haystack, const char *needle)
{
	if (strstr(haystack, needle))
		fail_msg("did not expect '%s' in:\n%s", needle, haystack);
}

static void test_round_trip(void **state)
{
	struct limbo_report r;
	struct limbo_report_view v;

	(void)state;
	fill_sample(&r);
	limbo_report_seal(&r);
	assert_int_equal(r.hdr.size, sizeof(r));
	assert_int_equal(r.hdr.version, LIMBO_REPORT_VERSION);
	assert_null(limbo_report_check(&r, sizeof(r)));
	assert_null(limbo_report_load(&v, &r, sizeof(r)));
	assert_int_equal(v.known, sizeof(r));
	assert_int_equal(v.unknown, 0);
	assert_memory_equal(&v.r, &r, sizeof(r));
	assert_int_equal(limbo_report_exit_code(&v), LIMBO_REPORT_EXIT_PROBLEM);

	r.problems = 0;
	limbo_report_seal(&r);
	assert_null(limbo_report_load(&v, &r, sizeof(r)));
	assert_int_equal(limbo_report_exit_code(&v), LIMBO_REPORT_EXIT_OK);

	/* a known CRC-32 vector */
	assert_int_equal(limbo_crc32("123456789", 9), 0xcbf43926);
}

static void test_every_bit_flip_detected(void **state)
{
	struct limbo_report r;
	uint8_t *p = (uint8_t *)&r;
	size_t i;
	int b;

	(void)state;
	fill_sample(&r);
	limbo_report_seal(&r);
	for (i = 0; i < sizeof(r); i++) {
		for (b = 0; b < 8; b++) {
			p[i] ^= 1u << b;
			if (!limbo_report_check(&r, sizeof(r)))
				fail_msg("flip of byte %zu bit %d not detected", i, b);
			p[i] ^= 1u << b;
		}
	}
	assert_null(limbo_report_check(&r, sizeof(r)));
}

static void test_truncation_detected(void **state)
{
	struct limbo_report r;
	size_t len;

	(void)state;
	fill_sample(&r);
	limbo_report_seal(&r);
	for (len = 0; len < sizeof(r); len++)
		if (!limbo_report_check(&r, len))
			fail_msg("truncation to %zu bytes not detected", len);
	assert_non_null(limbo_report_check(NULL, 0));
}

static void test_size_beyond_buffer_rejected(void **state)
{
	uint8_t buf[sizeof(struct limbo_report) + 64] = { 0 };
	struct limbo_report *r = (struct limbo_report *)buf;
	struct limbo_report_view v;
	const char *why;

	(void)state;
	fill_sample(r);
	limbo_report_seal(r);
	/* spare bytes after hdr.size, as a padded data file would have */
	assert_null(limbo_report_check(buf, sizeof(buf)));
	assert_null(limbo_report_load(&v, buf, sizeof(buf)));
	assert_int_equal(v.size, sizeof(*r));
	assert_int_equal(v.unknown, 0);

	/* sealed over more than the buffer holds */
	seal_prefix(buf, sizeof(buf), 1);
	assert_null(limbo_report_check(buf, sizeof(buf)));
	why = limbo_report_check(buf, sizeof(buf) - 1);
	assert_non_null(why);
	expect(why, "size");
	r->hdr.size = 0xffffffffu;
	assert_non_null(limbo_report_check(buf, sizeof(buf)));
	assert_non_null(limbo_report_load(&v, buf, sizeof(buf)));
	r->hdr.size = sizeof(r->hdr) - 1;
	assert_non_null(limbo_report_check(buf, sizeof(buf)));
}

static void test_bad_header_rejected(void **state)
{
	struct limbo_report r;

	(void)state;
	fill_sample(&r);
	limbo_report_seal(&r);
	r.hdr.magic ^= 1;
	expect(limbo_report_check(&r, sizeof(r)), "magic");
	limbo_report_seal(&r);
	r.hdr.hdr_size = 20;
	expect(limbo_report_check(&r, sizeof(r)), "header size");
	limbo_report_seal(&r);
	r.hdr.version = 0;
	expect(limbo_report_check(&r, sizeof(r)), "version");
}

/* An older writer: it knew the layout only up to the local APIC. */
static void test_older_report(void **state)
{
	struct limbo_report r;
	struct limbo_report_view v;
	char *text, *json;

	(void)state;
	fill_sample(&r);
	seal_prefix(&r, OFF(lapic_found), 1);
	/* what the writer did not fill: the reader must not look at it */
	memset((uint8_t *)&r + OFF(lapic_found), 0x5a, sizeof(r) - OFF(lapic_found));
	assert_null(limbo_report_load(&v, &r, OFF(lapic_found)));
	assert_int_equal(v.known, OFF(lapic_found));
	assert_int_equal(v.unknown, 0);
	assert_true(LIMBO_REPORT_HAS(&v, mc_recovered));
	assert_false(LIMBO_REPORT_HAS(&v, lapic_found));
	assert_false(LIMBO_REPORT_HAS(&v, config));

	text = decode(&v, &json);
	expect(text, "shorter layout: fields past byte 240 are absent");
	expect(text, "! the purgatory took an exception");
	expect(text, "640.0 MiB/s at 2400 MHz");
	expect(text, "vector 14 #PF page fault");
	expect(text, "local APIC: absent");
	expect(text, "IO-APICs: absent");
	expect(text, "CPU parking: absent");
	expect(text, "stamps             absent");
	expect(text, "config             absent");
	expect(text, "build              limbo 0.1.0 test");
	expect_not(text, "5a5a");
	expect(json, "\"lapic\":{\"state\":\"absent\"}");
	expect(json, "\"config\":null");
	expect(json, "\"tsc\":[]");
	expect(json, "\"shorter\":true");
	expect(json, "\"result\":\"ok\"");
	free(text);
	free(json);
}

/* Cut inside arrays: whole elements only, the rest counted as missing. */
static void test_prefix_inside_arrays(void **state)
{
	struct limbo_report r;
	struct limbo_report_view v;
	char *text, *json;
	uint32_t size;

	(void)state;
	fill_sample(&r);
	r.done |= 1u << LIMBO_PHASE_PARK;
	r.park_count = 5;
	r.park[0].apic_id = 0x10;
	r.park[1].apic_id = 0x11;
	r.park[2].apic_id = 0x12;
	size = OFF(park[2]) + 4;	/* half of park[2] */
	seal_prefix(&r, size, 1);
	assert_null(limbo_report_load(&v, &r, size));
	text = decode(&v, &json);
	expect(text, "APIC ID 0x11");
	expect_not(text, "APIC ID 0x12");
	expect(text, "(3 more not recorded)");
	expect(text, "stamps             absent");
	expect(json, "\"cpus\":[{\"apic_id\":16,\"result\":0},{\"apic_id\":17,\"result\":0}]");
	free(text);
	free(json);

	/* cut inside tsc[]: the stamps present still decode */
	size = OFF(tsc[LIMBO_PHASE_LAPIC]) + 8;
	seal_prefix(&r, size, 1);
	assert_null(limbo_report_load(&v, &r, size));
	text = decode(&v, &json);
	expect(text, "verify             1500                 240000000\n");
	expect(text, "lapic              240001500            -\n");
	expect_not(text, "240002000");
	free(text);
	free(json);
}

/* Every prefix length a writer could seal decodes without trouble. */
static void test_every_prefix_decodes(void **state)
{
	struct limbo_report r;
	struct limbo_report_view v;
	char *text, *json;
	uint32_t size;

	(void)state;
	for (size = sizeof(struct limbo_report_hdr); size <= sizeof(r); size++) {
		fill_sample(&r);
		seal_prefix(&r, size, 1);
		assert_null(limbo_report_load(&v, &r, size));
		assert_int_equal(v.known, size);
		text = decode(&v, &json);
		free(text);
		free(json);
	}
	/* just the header: everything absent, nothing to complain about */
	seal_prefix(&r, sizeof(r.hdr), 1);
	assert_null(limbo_report_load(&v, &r, sizeof(r.hdr)));
	assert_int_equal(limbo_report_exit_code(&v), LIMBO_REPORT_EXIT_OK);
	text = decode(&v, &json);
	expect(text, "PROBLEMS: absent");
	expect(json, "\"problems\":null");
	expect(json, "\"build\":null");
	free(text);
	free(json);
}

/* A newer writer: version 2, 64 more bytes we do not know. */
static void test_newer_report(void **state)
{
	uint8_t buf[sizeof(struct limbo_report) + 64];
	struct limbo_report *r = (struct limbo_report *)buf;
	struct limbo_report_view v;
	char *text, *json;

	(void)state;
	fill_sample(r);
	memset(buf + sizeof(*r), 0xaa, 64);
	seal_prefix(buf, sizeof(buf), 2);
	assert_null(limbo_report_load(&v, buf, sizeof(buf)));
	assert_int_equal(v.size, sizeof(buf));
	assert_int_equal(v.known, sizeof(*r));
	assert_int_equal(v.unknown, 64);
	assert_true(LIMBO_REPORT_HAS(&v, config));

	text = decode(&v, &json);
	expect(text, "limbo report: version 2, 1928 bytes");
	expect(text, "newer layout than this decoder (version 1)");
	expect(text, "64 bytes at the end not understood");
	expect(text, "640.0 MiB/s");
	expect(text, "check              valid");
	expect(text, "build              limbo 0.1.0 test");
	expect(json, "\"unknown_bytes\":64");
	expect(json, "\"version\":2");
	expect(json, "\"verify_fail\":\"halt\"");
	free(text);
	free(json);

	/* the extra bytes are covered by the CRC */
	buf[sizeof(buf) - 1] ^= 0x80;
	assert_non_null(limbo_report_load(&v, buf, sizeof(buf)));
}

static void test_human_output(void **state)
{
	static const char *const want[] = {
		"limbo report: version 1, 1864 bytes, CRC 0x",
		"PROBLEMS (0xc)\n"
		"  ! the purgatory took an exception (see NMIs and exceptions)\n"
		"  ! the local APIC could not be left quiet\n",
		"verification\n  result             ok\n",
		"regions            3\n",
		"bytes              67108864 (64.0 MiB)\n",
		"cycles             240000000\n",
		"throughput         640.0 MiB/s at 2400 MHz\n",
		"hash               SHA-NI\n",
		"failed region      none\n",
		"NMIs               2\n",
		"first 0xffffffff81000010, last 0xffffffff81000020",
		"exceptions         1\n",
		"vector 14 #PF page fault, error 0x2, RIP 0x0000000000012345, CR2 0xdead000",
		"mode               x2APIC                         xAPIC\n",
		"ID                 3                              3\n",
		"LVT timer          vec 0xef fixed                 vec 0xef fixed masked\n",
		"LVT LINT0          vec 0x00 ExtINT                vec 0x00 ExtINT masked\n",
		"LVT LINT1          vec 0x00 NMI ",
		"ISR                0x31 0xef                      none\n",
		"IRR                0x40                           none\n",
		"SVR                0x1ff on, spurious 0xff",
		"EOIs sent          2\n",
		"actions            x2APIC normalised to xAPIC, LDR cleared\n",
		"IO-APICs: not run\n",
		"CPU parking: not run\n",
		"entry              1000                 100\n",
		"verify             1500                 240000000\n",
		"seal               240003000            -\n",
		"total              240002000 cycles (100000.8 us)\n",
		"check              valid\n",
		"flags              0x1: written by the kexec plugin\n",
		"x2apic             auto\n",
		"max APIC ID        unknown\n",
		"build              limbo 0.1.0 test\n",
	};
	struct limbo_report r;
	struct limbo_report_view v;
	char *text, *json;
	size_t i;

	(void)state;
	fill_sample(&r);
	limbo_report_seal(&r);
	assert_null(limbo_report_load(&v, &r, sizeof(r)));
	text = decode(&v, &json);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		expect(text, want[i]);
	/* problems come before everything else */
	assert_true(strstr(text, "PROBLEMS") < strstr(text, "verification"));
	free(text);
	free(json);

	r.verify_result = LIMBO_VERIFY_MISMATCH;
	r.verify_failed_region = 2;
	r.problems = LIMBO_PROB_VERIFY;
	limbo_report_seal(&r);
	assert_null(limbo_report_load(&v, &r, sizeof(r)));
	text = decode(&v, &json);
	expect(text, "PROBLEMS (0x1)\n  ! verification failed");
	expect(text, "result             MISMATCH\n");
	expect(text, "failed region      2\n");
	expect(json, "\"failed_region\":2}");
	free(text);
	free(json);
}

static void test_json_output(void **state)
{
	static const char *const want[] = {
		"{\"report\":{\"version\":1,\"decoder_version\":1,\"size\":1864,",
		"\"build\":\"limbo 0.1.0 test\"",
		"\"problems\":{\"mask\":\"0xc\",\"list\":[{\"name\":\"exception\",",
		"{\"name\":\"lapic\",\"text\":\"the local APIC could not be left quiet\"}",
		"\"exit_code\":1",
		"\"phases_done\":[\"entry\",\"console\",\"verify\",\"lapic\",\"pic\",\"post\",\"seal\"]",
		"\"verification\":{\"state\":\"ran\",\"result\":\"ok\",\"regions\":3,"
		"\"bytes\":67108864,\"cycles\":240000000,\"mib_per_s\":640.0,"
		"\"hash_impl\":\"SHA-NI\",\"failed_region\":null}",
		"\"nmi\":{\"count\":2,\"first_rip\":\"0xffffffff81000010\"",
		"\"recorded\":[{\"vector\":14,\"name\":\"#PF page fault\",\"error\":\"0x2\","
		"\"rip\":\"0x12345\",\"cr2\":\"0xdead000\"}]",
		"\"found\":{\"mode\":\"x2APIC\"",
		"\"timer\":{\"raw\":\"0x200ef\",\"vector\":239,\"delivery\":\"fixed\",\"masked\":false}",
		"\"isr\":[49,239],\"irr\":[64]",
		"\"actions\":[\"x2apic_to_xapic\",\"ldr_cleared\"]",
		"\"ioapics\":{\"state\":\"not run\"}",
		"\"park\":{\"state\":\"not run\"}",
		"{\"phase\":\"verify\",\"tsc\":1500,\"cycles_to_next\":240000000}",
		"{\"phase\":\"seal\",\"tsc\":240003000,\"cycles_to_next\":null}",
		"\"config\":{\"valid\":true,\"invalid_reason\":null,",
		"\"max_apic_id\":null,\"boot_cpu_apic_id\":null,\"cpu_count\":0,\"ioapic_count\":0}}\n",
	};
	struct limbo_report r;
	struct limbo_report_view v;
	char *text, *json;
	size_t i;

	(void)state;
	fill_sample(&r);
	limbo_report_seal(&r);
	assert_null(limbo_report_load(&v, &r, sizeof(r)));
	text = decode(&v, &json);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		expect(json, want[i]);
	free(text);
	free(json);
}

/* Odd values: unknown enums and bits, hostile strings, counts too big. */
static void test_odd_values(void **state)
{
	struct limbo_report r;
	struct limbo_report_view v;
	char *text, *json;

	(void)state;
	fill_sample(&r);
	memset(r.build, 'x', sizeof(r.build));	/* no NUL */
	memcpy(r.build, "a\"b\\c\nd\x01\xff", 9);
	r.problems = LIMBO_PROB_VERIFY | (1u << 31);
	r.done |= 1u << LIMBO_PHASE_IOAPIC | 1u << 11;
	r.verify_result = 200;
	r.hash_impl = 9;
	r.verify_failed_region = 0;	/* only counts with a mismatch */
	r.exc_count = 9;
	r.exc[1].vector = 99;
	r.ioapic_count = 1000;
	r.ioapic[0].pins = 24;
	r.ioapic[0].stuck = 1;
	r.ioapic[0].address = 0xfec00000;
	r.lapic_found.mode = 7;
	r.lapic_flags |= 1u << 9;
	r.tsc[LIMBO_PHASE_PIC] = 5;		/* backwards */
	r.tsc[11] = 240004000;
	r.config.x2apic = 3;
	limbo_report_seal(&r);
	assert_null(limbo_report_load(&v, &r, sizeof(r)));
	assert_int_equal(limbo_report_exit_code(&v), LIMBO_REPORT_EXIT_PROBLEM);
	text = decode(&v, &json);
	expect(text, "! verification failed");
	expect(text, "! unknown problem bit 31");
	expect(text, "result             unknown (200)");
	expect(text, "hash               unknown (9)");
	expect(text, "failed region      none");
	expect(text, "(5 more not recorded)");
	expect(text, "vector 99 not an exception");
	expect(text, "(992 more not recorded)");
	expect(text, "24 pins, GSI 0, at 0xfec00000");
	expect(text, "stuck 1 (STUCK)");
	expect(text, "mode               unknown (7)");
	expect(text, "unknown 0x200");
	expect(text, "backwards by");
	expect(text, "phase11");
	expect(text, "check              bad x2apic value");
	expect(text, "build              a\"b\\c\\x0ad\\x01\\xffxxxxx");
	expect(json, "\"build\":\"a\\\"b\\\\c\\nd\\u0001\\u00ff" "xxxxxxxxxxxxxxxxxxxxxxx\",");
	expect(json, "{\"name\":\"bit31\",");
	expect(json, "\"result\":null,\"result_raw\":200");
	expect(json, "\"x2apic\":null,\"x2apic_raw\":3");
	expect(json, "\"phases_done\":[\"entry\",\"console\",\"verify\",\"lapic\",\"ioapic\","
		     "\"pic\",\"post\",\"seal\",\"phase11\"]");
	free(text);
	free(json);
}

/* ---- sysfs ------------------------------------------------------------- */

static void write_file(const char *dir, const char *name, const void *data,
		       size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void make_node(const char *sd, int n, const char *type,
		      const void *data, size_t len)
{
	char dir[4096];

	snprintf(dir, sizeof(dir), "%s/%d", sd, n);
	assert_int_equal(mkdir(dir, 0755), 0);
	write_file(dir, "type", type, strlen(type));
	write_file(dir, "data", data, len);
}

static void rm_tree(const char *root)
{
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

static void test_sysfs_scan(void **state)
{
	char root[] = "/tmp/limbo-report-XXXXXX", sd[4096], path[4096];
	static const uint8_t e820_ext[20] = { 1, 2, 3 };
	struct limbo_report r;
	struct limbo_report_view v;
	size_t len;
	void *buf;

	(void)state;
	assert_non_null(mkdtemp(root));
	/* no boot_params directory at all */
	assert_int_equal(limbo_report_find_sysfs(root, path, sizeof(path)), -1);
	assert_int_equal(errno, ENOENT);

	snprintf(sd, sizeof(sd), "%s/kernel", root);
	assert_int_equal(mkdir(sd, 0755), 0);
	snprintf(sd, sizeof(sd), "%s/kernel/boot_params", root);
	assert_int_equal(mkdir(sd, 0755), 0);
	snprintf(sd, sizeof(sd), "%s/kernel/boot_params/setup_data", root);
	assert_int_equal(mkdir(sd, 0755), 0);
	make_node(sd, 0, "0x1\n", e820_ext, sizeof(e820_ext));	/* SETUP_E820_EXT */
	assert_int_equal(limbo_report_find_sysfs(root, path, sizeof(path)), 0);

	fill_sample(&r);
	limbo_report_seal(&r);
	make_node(sd, 1, "0x4c4d424f\n", &r, sizeof(r));
	make_node(sd, 2, "0x4c4d424e\n", &r, sizeof(r));	/* near miss */
	make_node(sd, 3, "0x4c4d424fjunk\n", &r, sizeof(r));
	assert_int_equal(limbo_report_find_sysfs(root, path, sizeof(path)), 1);
	expect(path, "/kernel/boot_params/setup_data/1/data");

	assert_int_equal(limbo_report_read_file(path, &buf, &len), 0);
	assert_int_equal(len, sizeof(r));
	assert_null(limbo_report_load(&v, buf, len));
	assert_memory_equal(&v.r, &r, sizeof(r));
	free(buf);

	/* two of ours: the lowest number wins, and both are counted */
	make_node(sd, 10, "0x4c4d424f\n", &r, sizeof(r));
	assert_int_equal(limbo_report_find_sysfs(root, path, sizeof(path)), 2);
	expect(path, "/setup_data/1/data");

	assert_int_equal(limbo_report_read_file("/nonexistent/limbo", &buf, &len), -1);
	assert_int_equal(errno, ENOENT);
	rm_tree(root);
}

/* The fuzz target's body under gcc's sanitizers, on a few inputs. */
static void test_fuzz_replay(void **state)
{
	struct limbo_report r;
	uint8_t buf[sizeof(r) + 32] = { 0 };
	unsigned int seed = 1, i, k;

	(void)state;
	fill_sample(&r);
	limbo_report_seal(&r);
	assert_int_equal(LLVMFuzzerTestOneInput((const uint8_t *)&r, sizeof(r)), 0);
	assert_int_equal(LLVMFuzzerTestOneInput(NULL, 0), 0);
	for (i = 0; i < 300; i++) {
		size_t len = rand_r(&seed) % sizeof(buf);

		memcpy(buf, &r, sizeof(r));
		for (k = 0; k < 1 + i % 16; k++)
			buf[rand_r(&seed) % sizeof(buf)] = rand_r(&seed);
		assert_int_equal(LLVMFuzzerTestOneInput(buf, len), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_every_bit_flip_detected),
		cmocka_unit_test(test_truncation_detected),
		cmocka_unit_test(test_size_beyond_buffer_rejected),
		cmocka_unit_test(test_bad_header_rejected),
		cmocka_unit_test(test_older_report),
		cmocka_unit_test(test_prefix_inside_arrays),
		cmocka_unit_test(test_every_prefix_decodes),
		cmocka_unit_test(test_newer_report),
		cmocka_unit_test(test_human_output),
		cmocka_unit_test(test_json_output),
		cmocka_unit_test(test_odd_values),
		cmocka_unit_test(test_sysfs_scan),
		cmocka_unit_test(test_fuzz_replay),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
