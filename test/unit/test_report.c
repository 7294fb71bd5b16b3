// SPDX-License-Identifier: GPL-2.0-only
/*
 * struct limbo_report: sealing and checking, corruption detection, older
 * and newer layouts, the decoder's output (its JSON read back with
 * libjansson), the exit code, the sysfs scan, and the limbo-report
 * command itself (its path is the first argument).
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
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>
#include <jansson.h>
#include <limbo/version.h>
#include "fileio.h"
#include "options.h"
#include "report-decode.h"

/* test/fuzz/fuzz_report.c, linked in */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *limbo_report_bin;	/* argv[1] */

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

/* Both outputs of one report, and its JSON as libjansson reads it. */
struct out {
	char *text, *json;
	json_t *root;
};

static void decode(const struct limbo_report_view *v, struct out *o)
{
	const struct limbo_decode_opts opts = { .tsc_mhz = 2400 };
	json_error_t err;
	size_t len = 0;
	FILE *f;

	memset(o, 0, sizeof(*o));
	f = open_memstream(&o->text, &len);
	assert_non_null(f);
	limbo_report_print(f, v, &opts);
	assert_int_equal(fclose(f), 0);
	f = open_memstream(&o->json, &len);
	assert_non_null(f);
	limbo_report_print_json(f, v, &opts);
	assert_int_equal(fclose(f), 0);
	/* one object, then only white space: json_loads checks the end too */
	o->root = json_loadb(o->json, len, 0, &err);
	if (!o->root)
		fail_msg("invalid JSON (%s at %d:%d): %s", err.text, err.line,
			 err.column, o->json);
	assert_true(json_is_object(o->root));
	assert_true(len && o->json[len - 1] == '\n');
}

static void out_free(struct out *o)
{
	free(o->text);
	free(o->json);
	json_decref(o->root);
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

/* The value at @path ("a.b.2.c": members, array indexes), or NULL. */
static json_t *jat(json_t *root, const char *path)
{
	char buf[256], *tok, *save, *end;
	json_t *j = root;

	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, ".", &save); tok && j;
	     tok = strtok_r(NULL, ".", &save)) {
		if (json_is_array(j)) {
			unsigned long i = strtoul(tok, &end, 10);

			j = *end ? NULL : json_array_get(j, i);
		} else {
			j = json_object_get(j, tok);
		}
	}
	return j;
}

/*
 * The value at @path equals the JSON text @want: same type, same value,
 * objects with the same members (in any order), nothing more.
 */
static void expect_json(json_t *root, const char *path, const char *want)
{
	json_t *got = jat(root, path), *w;
	json_error_t err;
	char *dump;

	w = json_loads(want, JSON_DECODE_ANY, &err);
	if (!w)
		fail_msg("test bug: bad expected JSON '%s': %s", want, err.text);
	if (!got || !json_equal(got, w)) {
		dump = got ? json_dumps(got, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
		fail_msg("%s: expected %s, got %s", path, want,
			 dump ? dump : "nothing (no such member)");
	}
	json_decref(w);
}

/* The entry of problems.list called @name, or NULL. */
static json_t *problem_entry(json_t *root, const char *name)
{
	json_t *list = jat(root, "problems.list"), *p;
	size_t i;

	json_array_foreach(list, i, p) {
		const char *n = json_string_value(json_object_get(p, "name"));

		if (n && !strcmp(n, name))
			return p;
	}
	return NULL;
}

static void test_round_trip(void **state)
{
	struct limbo_report r;
	struct limbo_report_view v;

	(void)state;
	fill_sample(&r);
	limbo_report_seal(&r);
	assert_int_equal(r.hdr.size, sizeof(r));
	assert_int_equal(r.hdr.version, 1);	/* what limbo wrote before v2 */
	assert_null(limbo_report_check(&r, sizeof(r)));
	assert_null(limbo_report_load(&v, &r, sizeof(r)));
	assert_int_equal(v.known, sizeof(r));
	assert_int_equal(v.unknown, 0);
	assert_memory_equal(&v.r, &r, sizeof(r));
	assert_int_equal(limbo_report_exit_code(&v), LIMBO_REPORT_EXIT_PROBLEM);

	/* no bit and nothing else that shows a problem: sound */
	r.problems = 0;
	r.exc_count = 0;
	limbo_report_seal(&r);
	assert_null(limbo_report_load(&v, &r, sizeof(r)));
	assert_int_equal(limbo_report_problems(&v), 0);
	assert_int_equal(limbo_report_exit_code(&v), LIMBO_REPORT_EXIT_OK);

	/* a known CRC-32 vector */
	assert_int_equal(limbo_crc32("123456789", 9), 0xcbf43926);
}

/* ---- version 2: the tables, the self-check, arrays of any length ----------- */

/*
 * A v2 report as purgatory/report.c lays it out in the tables' report
 * area: v1, v2, @nio IO-APIC states, @ncpu park entries.  Freed by the
 * caller.
 */
static struct limbo_report *v2_sample(uint32_t nio, uint32_t ncpu, uint32_t *size)
{
	const uint32_t head = sizeof(struct limbo_report) + sizeof(struct limbo_report_v2);
	struct limbo_report *r;
	struct limbo_report_v2 *v2;
	struct limbo_ioapic_state *io;
	struct limbo_park_entry *pk;
	uint32_t i;

	*size = head + nio * sizeof(*io) + ncpu * sizeof(*pk);
	r = calloc(1, *size);
	assert_non_null(r);
	fill_sample(r);
	r->problems = 0;
	r->exc_count = 0;
	r->done |= 1u << LIMBO_PHASE_IOAPIC | 1u << LIMBO_PHASE_PARK;
	v2 = (struct limbo_report_v2 *)(r + 1);
	v2->v2_size = sizeof(*v2);
	v2->tables_state = LIMBO_TABLES_USED;
	v2->tables_flags = LIMBO_TABLES_IOAPICS_KNOWN | LIMBO_TABLES_CPUS_KNOWN;
	v2->tables_addr = 0x3e000000;
	v2->boot_cpu_apic_id = 0;
	v2->max_apic_id = ncpu ? 2 * (ncpu - 1) : 0xffffffff;
	v2->cpu_count = ncpu;
	v2->self_check = LIMBO_SELF_OK;
	v2->self_bytes = 52000;
	v2->ioapic_total = nio;
	v2->ioapic_offset = head;
	v2->park_total = ncpu;
	v2->park_offset = head + nio * sizeof(*io);
	io = (struct limbo_ioapic_state *)((uint8_t *)r + v2->ioapic_offset);
	pk = (struct limbo_park_entry *)((uint8_t *)r + v2->park_offset);
	for (i = 0; i < nio; i++) {
		io[i].id = (uint8_t)i;
		io[i].address = 0xfec00000 + 0x1000ull * i;
		io[i].gsi_base = 24 * i;
		io[i].pins = 24;
		io[i].masked = 24;
	}
	for (i = 0; i < ncpu; i++) {
		pk[i].apic_id = 2 * i;
		pk[i].result = i ? LIMBO_PARK_PARKED : LIMBO_PARK_SELF;
	}
	for (i = 0; i < nio && i < LIMBO_MAX_IOAPICS; i++)
		r->ioapic[i] = io[i];
	r->ioapic_count = i;
	for (i = 0; i < ncpu && i < LIMBO_MAX_CPUS_REPORTED; i++)
		r->park[i] = pk[i];
	r->park_count = i;
	limbo_report_seal_v2(r, *size);
	return r;
}

/* Every IO-APIC and every CPU of a big machine, past v1's 8 and 64. */
static void test_v2_arrays(void **state)
{
	struct limbo_report_view *v = malloc(sizeof(*v));
	struct limbo_report *r;
	struct out o;
	uint32_t size;

	(void)state;
	assert_non_null(v);
	r = v2_sample(32, 896, &size);
	assert_null(limbo_report_load(v, r, size));
	assert_true(v->has_v2);
	assert_false(v->v2_arrays_bad);
	assert_int_equal(v->unknown, 0);
	assert_int_equal(v->ioapic_n, 32);
	assert_int_equal(v->park_n, 896);
	assert_int_equal(limbo_report_exit_code(v), LIMBO_REPORT_EXIT_OK);
	decode(v, &o);
	expect(o.text, "limbo report: version 2");
	expect_json(o.root, "ioapics.count", "32");
	expect_json(o.root, "ioapics.entries.31.address", "\"0xfec1f000\"");
	expect_json(o.root, "ioapics.entries.31.gsi_base", "744");
	expect_json(o.root, "park.count", "896");
	expect_json(o.root, "park.cpus.895.apic_id", "1790");
	expect_json(o.root, "park.cpus.895.result", "\"parked\"");
	expect_json(o.root, "tables.state", "\"used\"");
	expect_json(o.root, "tables.cpu_count", "896");
	expect_json(o.root, "tables.max_apic_id", "1790");
	expect_json(o.root, "self_check.result", "\"ok\"");
	expect_json(o.root, "self_check.bytes", "52000");
	out_free(&o);

	/* each array must lie inside hdr.size: past it, nothing is read */
	((struct limbo_report_v2 *)(r + 1))->park_offset = size - 8;
	limbo_report_seal_v2(r, size);
	assert_null(limbo_report_load(v, r, size));
	assert_true(v->v2_arrays_bad);
	assert_int_equal(v->park_n, 0);
	assert_int_equal(v->ioapic_n, 32);
	decode(v, &o);
	expect_json(o.root, "tables.arrays_bad", "true");
	out_free(&o);
	free(r);
	free(v);
}

/*
 * What the v2 fields show counts as a problem whether or not the bit is
 * set: a self-check mismatch; a quiesce or parking that ran without
 * verified tables; an incomplete list.
 */
static void test_v2_problems_shown(void **state)
{
	static const struct {
		uint8_t state, self;
		uint32_t flags, done_clear;
		const char *name;
	} cases[] = {
		{ LIMBO_TABLES_USED, LIMBO_SELF_MISMATCH, 0, 0, "self" },
		{ LIMBO_TABLES_NOT_HASHED, LIMBO_SELF_OK, 0, 0, "tables" },
		{ LIMBO_TABLES_NONE, LIMBO_SELF_OK, 0, 0, "tables" },
		{ LIMBO_TABLES_USED, LIMBO_SELF_OK, LIMBO_TABLES_CPUS_PARTIAL, 0, "tables" },
		/* no list needed: nothing ran that needs one */
		{ LIMBO_TABLES_UNVERIFIED, LIMBO_SELF_OK, 0,
		  1u << LIMBO_PHASE_IOAPIC | 1u << LIMBO_PHASE_PARK, NULL },
	};
	struct limbo_report_view *v = malloc(sizeof(*v));
	size_t i;

	(void)state;
	assert_non_null(v);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t size;
		struct limbo_report *r = v2_sample(2, 4, &size);
		struct limbo_report_v2 *v2 = (struct limbo_report_v2 *)(r + 1);
		struct out o;

		v2->tables_state = cases[i].state;
		v2->self_check = cases[i].self;
		v2->tables_flags |= cases[i].flags;
		r->done &= ~cases[i].done_clear;
		limbo_report_seal_v2(r, size);
		assert_null(limbo_report_load(v, r, size));
		decode(v, &o);
		if (cases[i].name) {
			json_t *p = problem_entry(o.root, cases[i].name);

			if (!p)
				fail_msg("case %zu: no problem '%s'", i, cases[i].name);
			expect_json(p, "flagged", "false");
			assert_int_equal(limbo_report_exit_code(v), LIMBO_REPORT_EXIT_PROBLEM);
		} else {
			assert_int_equal(limbo_report_exit_code(v), LIMBO_REPORT_EXIT_OK);
		}
		out_free(&o);
		free(r);
	}
	free(v);
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
	struct out o;

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

	decode(&v, &o);
	expect(o.text, "shorter layout: fields past byte 240 are absent");
	expect(o.text, "! the purgatory took an exception");
	expect(o.text, "640.0 MiB/s at 2400 MHz");
	expect(o.text, "vector 14 #PF page fault");
	expect(o.text, "local APIC: absent");
	expect(o.text, "IO-APICs: absent");
	expect(o.text, "CPU parking: absent");
	expect(o.text, "stamps             absent");
	expect(o.text, "config in force: absent (shorter report)\n");
	expect(o.text, "build              limbo 0.1.0 test");
	expect_not(o.text, "5a5a");
	expect_json(o.root, "lapic", "{\"state\":\"absent\"}");
	expect_json(o.root, "config", "null");
	expect_json(o.root, "tsc", "[]");
	expect_json(o.root, "report.shorter", "true");
	expect_json(o.root, "verification.result", "\"ok\"");
	out_free(&o);
}

/* Cut inside arrays: whole elements only, the rest counted as missing. */
static void test_prefix_inside_arrays(void **state)
{
	struct limbo_report r;
	struct limbo_report_view v;
	struct out o;
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
	decode(&v, &o);
	expect(o.text, "APIC ID 0x11");
	expect_not(o.text, "APIC ID 0x12");
	expect(o.text, "(3 more not recorded)");
	expect(o.text, "stamps             absent");
	expect_json(o.root, "park.cpus",
		    "[{\"apic_id\":16,\"result\":\"none\",\"result_code\":0},"
		    "{\"apic_id\":17,\"result\":\"none\",\"result_code\":0}]");
	out_free(&o);

	/* cut inside tsc[]: the stamps present still decode */
	size = OFF(tsc[LIMBO_PHASE_LAPIC]) + 8;
	seal_prefix(&r, size, 1);
	assert_null(limbo_report_load(&v, &r, size));
	decode(&v, &o);
	expect(o.text, "verify             1500                 240000000\n");
	expect(o.text, "lapic              240001500            -\n");
	expect_not(o.text, "240002000");
	expect_json(o.root, "tsc.3", "{\"phase\":\"lapic\",\"tsc\":240001500,"
		    "\"cycles_to_next\":null}");
	assert_null(jat(o.root, "tsc.4"));
	out_free(&o);

	/* cut inside lapic_left: the table shows found beside "absent" */
	size = OFF(lapic_left) + 4;
	seal_prefix(&r, size, 1);
	assert_null(limbo_report_load(&v, &r, size));
	decode(&v, &o);
	expect(o.text, "                     found                          left\n"
		       "  mode               x2APIC                         absent\n");
	expect(o.text, "  IRR                0x40                           absent\n");
	expect(o.text, "EOIs sent          absent\n");
	expect_json(o.root, "lapic.left", "null");
	expect_json(o.root, "lapic.found.mode", "\"x2APIC\"");
	out_free(&o);
}

/* Every prefix length a writer could seal decodes without trouble. */
static void test_every_prefix_decodes(void **state)
{
	struct limbo_report r;
	struct limbo_report_view v;
	struct out o;
	uint32_t size;

	(void)state;
	for (size = sizeof(struct limbo_report_hdr); size <= sizeof(r); size++) {
		fill_sample(&r);
		seal_prefix(&r, size, 1);
		assert_null(limbo_report_load(&v, &r, size));
		assert_int_equal(v.known, size);
		decode(&v, &o);
		/* the JSON says the exit code the tool returns */
		if (json_integer_value(jat(o.root, "exit_code")) !=
		    limbo_report_exit_code(&v))
			fail_msg("size %u: exit_code %s", size, o.json);
		out_free(&o);
	}
	/* just the header: everything absent, nothing to complain about */
	seal_prefix(&r, sizeof(r.hdr), 1);
	assert_null(limbo_report_load(&v, &r, sizeof(r.hdr)));
	assert_int_equal(limbo_report_exit_code(&v), LIMBO_REPORT_EXIT_OK);
	decode(&v, &o);
	expect(o.text, "PROBLEMS: absent");
	expect_json(o.root, "problems", "null");
	expect_json(o.root, "build", "null");
	expect_json(o.root, "exit_code", "0");
	out_free(&o);
}

/* A newer writer: version 2, 64 more bytes we do not know. */
static void test_newer_report(void **state)
{
	uint8_t buf[sizeof(struct limbo_report) + 64];
	struct limbo_report *r = (struct limbo_report *)buf;
	struct limbo_report_view v;
	struct out o;

	(void)state;
	fill_sample(r);
	memset(buf + sizeof(*r), 0xaa, 64);
	seal_prefix(buf, sizeof(buf), LIMBO_REPORT_VERSION + 1);
	assert_null(limbo_report_load(&v, buf, sizeof(buf)));
	assert_int_equal(v.size, sizeof(buf));
	assert_int_equal(v.known, sizeof(*r));
	assert_int_equal(v.unknown, 64);
	assert_true(LIMBO_REPORT_HAS(&v, config));

	decode(&v, &o);
	expect(o.text, "limbo report: version 3, 1928 bytes");
	expect(o.text, "newer layout than this decoder (version 2)");
	expect(o.text, "64 bytes at the end not understood");
	expect(o.text, "640.0 MiB/s");
	expect(o.text, "check              valid");
	expect(o.text, "build              limbo 0.1.0 test");
	expect_json(o.root, "report.unknown_bytes", "64");
	expect_json(o.root, "report.version", "3");
	expect_json(o.root, "config.verify_fail", "\"halt\"");
	out_free(&o);

	/* the extra bytes are covered by the CRC */
	buf[sizeof(buf) - 1] ^= 0x80;
	assert_non_null(limbo_report_load(&v, buf, sizeof(buf)));
}

static void test_human_output(void **state)
{
	static const char *const want[] = {
		"limbo report: version 1, 1864 bytes, CRC 0x",
		"PROBLEMS: 0xc\n"
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
		"LVT timer          vec 0xef, fixed                vec 0xef, fixed, masked\n",
		"LVT LINT0          vec 0x00, ExtINT               vec 0x00, ExtINT, masked\n",
		"LVT LINT1          vec 0x00, NMI ",
		"ISR                0x31, 0xef                     none\n",
		"IRR                0x40                           none\n",
		"SVR                0x1ff on, spurious 0xff",
		"EOIs sent          2\n",
		"actions            x2APIC normalised to xAPIC, LDR cleared\n",
		"IO-APICs: not run\n",
		"CPU parking: not run\n",
		"TSC per phase\n  phase              TSC                  cycles to next\n"
		"  entry              1000                 100\n",
		"verify             1500                 240000000\n",
		"seal               240003000            -\n",
		"total              240002000 cycles (100000.8 us)\n",
		"check              valid\n",
		"flags              0x1: written by the kexec plugin\n",
		"x2apic             auto\n",
		"debug-remote-irr   off\n",
		"build              limbo 0.1.0 test\n",
	};
	struct limbo_report r;
	struct limbo_report_view v;
	struct out o;
	size_t i;

	(void)state;
	fill_sample(&r);
	limbo_report_seal(&r);
	assert_null(limbo_report_load(&v, &r, sizeof(r)));
	decode(&v, &o);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		expect(o.text, want[i]);
	/* problems come before everything else */
	assert_true(strstr(o.text, "PROBLEMS") < strstr(o.text, "verification"));
	out_free(&o);

	r.verify_result = LIMBO_VERIFY_MISMATCH;
	r.verify_failed_region = 2;
	r.problems = LIMBO_PROB_VERIFY;
	r.exc_count = 0;
	limbo_report_seal(&r);
	assert_null(limbo_report_load(&v, &r, sizeof(r)));
	decode(&v, &o);
	expect(o.text, "PROBLEMS: 0x1\n  ! verification failed");
	expect(o.text, "result             MISMATCH\n");
	expect(o.text, "failed region      2\n");
	expect_json(o.root, "verification.failed_region", "2");
	out_free(&o);
}

static void test_json_output(void **state)
{
	struct limbo_report r;
	struct limbo_report_view v;
	struct out o;
	char crc[16];

	(void)state;
	fill_sample(&r);
	limbo_report_seal(&r);
	assert_null(limbo_report_load(&v, &r, sizeof(r)));
	decode(&v, &o);
	snprintf(crc, sizeof(crc), "\"0x%x\"", r.hdr.crc32);
	expect_json(o.root, "report.crc32", crc);
	json_object_del(jat(o.root, "report"), "crc32");
	expect_json(o.root, "report", "{\"version\":1,\"decoder_version\":2,"
		    "\"size\":1864,\"decoded_bytes\":1864,\"unknown_bytes\":0,"
		    "\"shorter\":false}");
	expect_json(o.root, "build", "\"limbo 0.1.0 test\"");
	expect_json(o.root, "problems.mask", "\"0xc\"");
	expect_json(o.root, "problems.list.0.name", "\"exception\"");
	expect_json(o.root, "problems.list.1",
		    "{\"name\":\"lapic\",\"text\":\"the local APIC could not be left quiet\","
		    "\"flagged\":true}");
	expect_json(o.root, "exit_code", "1");
	expect_json(o.root, "phases_done", "[\"entry\",\"console\",\"verify\",\"lapic\","
		    "\"pic\",\"post\",\"seal\"]");
	expect_json(o.root, "verification",
		    "{\"state\":\"ran\",\"result\":\"ok\",\"regions\":3,"
		    "\"bytes\":67108864,\"cycles\":240000000,\"mib_per_s\":640.0,"
		    "\"hash_impl\":\"SHA-NI\",\"failed_region\":null}");
	expect_json(o.root, "nmi", "{\"count\":2,\"first_rip\":\"0xffffffff81000010\","
		    "\"last_rip\":\"0xffffffff81000020\"}");
	expect_json(o.root, "exceptions.recorded",
		    "[{\"vector\":14,\"name\":\"#PF page fault\",\"error\":\"0x2\","
		    "\"rip\":\"0x12345\",\"cr2\":\"0xdead000\"}]");
	expect_json(o.root, "lapic.found.mode", "\"x2APIC\"");
	expect_json(o.root, "lapic.found.lvt.timer", "{\"raw\":\"0x200ef\",\"vector\":239,"
		    "\"delivery\":\"fixed\",\"masked\":false}");
	expect_json(o.root, "lapic.found.isr", "[49,239]");
	expect_json(o.root, "lapic.found.irr", "[64]");
	expect_json(o.root, "lapic.actions", "[\"x2apic_to_xapic\",\"ldr_cleared\"]");
	expect_json(o.root, "ioapics", "{\"state\":\"not run\"}");
	expect_json(o.root, "park", "{\"state\":\"not run\"}");
	expect_json(o.root, "tsc.2", "{\"phase\":\"verify\",\"tsc\":1500,"
		    "\"cycles_to_next\":240000000}");
	expect_json(o.root, "tsc.6", "{\"phase\":\"seal\",\"tsc\":240003000,"
		    "\"cycles_to_next\":null}");
	expect_json(o.root, "config.valid", "true");
	expect_json(o.root, "config.invalid_reason", "null");
	expect_json(o.root, "config.tables_size", "0");
	expect_json(o.root, "config.self_len", "0");
	/* a v1 report has neither */
	expect_json(o.root, "tables", "null");
	expect_json(o.root, "self_check", "null");
	expect_json(o.root, "config.from_plugin", "true");
	expect_json(o.root, "config.from_kernel", "false");
	/* the document ends with the config */
	expect(o.json, "\"self_len\":0}}\n");
	out_free(&o);
}

/*
 * Who wrote the configuration: the kernel's kexec_file_load series sets
 * LIMBO_CFG_FROM_KERNEL where the plugin sets LIMBO_CFG_FROM_PLUGIN, and
 * both outputs say so; a config claiming both writers is not valid.
 */
static void test_config_writer(void **state)
{
	struct limbo_report r;
	struct limbo_report_view v;
	struct out o;

	(void)state;
	fill_sample(&r);
	r.config.flags = LIMBO_CFG_FROM_KERNEL | LIMBO_CFG_NEXT_MPTABLE;
	limbo_report_seal(&r);
	assert_null(limbo_report_load(&v, &r, sizeof(r)));
	decode(&v, &o);
	expect(o.text, "flags              0x6: next kernel boots via MPTABLE, "
	       "written by the kernel (kexec_file_load)\n");
	expect_json(o.root, "config.flags", "\"0x6\"");
	expect_json(o.root, "config.from_plugin", "false");
	expect_json(o.root, "config.from_kernel", "true");
	expect_json(o.root, "config.valid", "true");
	out_free(&o);

	r.config.flags = LIMBO_CFG_FROM_KERNEL | LIMBO_CFG_FROM_PLUGIN;
	limbo_report_seal(&r);
	assert_null(limbo_report_load(&v, &r, sizeof(r)));
	decode(&v, &o);
	expect_json(o.root, "config.from_plugin", "true");
	expect_json(o.root, "config.from_kernel", "true");
	expect_json(o.root, "config.valid", "false");
	expect_json(o.root, "config.invalid_reason",
		    "\"written by both the plugin and the kernel\"");
	out_free(&o);
}

/*
 * The config section walks the option table: every key under its JSON
 * name, as the user writes it; a value no key allows is null plus _raw.
 */
static void test_config_from_option_table(void **state)
{
	const struct limbo_config defaults = LIMBO_CONFIG_DEFAULTS;
	struct limbo_report r;
	struct limbo_report_view v;
	struct out o;
	char path[64], want[64], buf[32], line[64];
	size_t i;

	(void)state;
	fill_sample(&r);
	r.config.debug_remote_irr = limbo_gsi_store(10);
	r.config.pic = LIMBO_PIC_REINIT;
	limbo_report_seal(&r);
	assert_null(limbo_report_load(&v, &r, sizeof(r)));
	decode(&v, &o);
	assert_true(limbo_opt_key_count > 0);
	for (i = 0; i < limbo_opt_key_count; i++) {
		const struct limbo_opt_key *k = &limbo_opt_keys[i];
		const char *val = limbo_opt_format(k, &r.config, buf, sizeof(buf));

		assert_non_null(val);
		snprintf(path, sizeof(path), "config.%s", k->json);
		snprintf(want, sizeof(want), "\"%s\"", val);
		expect_json(o.root, path, want);
		snprintf(path, sizeof(path), "config.%s_raw", k->json);
		assert_null(jat(o.root, path));
		snprintf(line, sizeof(line), "\n  %-18s %s\n", k->name, val);
		expect(o.text, line);
	}
	expect_json(o.root, "config.debug_remote_irr", "\"10\"");
	expect_json(o.root, "config.pic", "\"reinit\"");
	assert_null(jat(o.root, "config.debug_remote_irr_gsi"));
	expect(o.text, "debug-remote-irr   10\n");
	out_free(&o);

	/* values no key allows (the config is then refused, too) */
	r.config = defaults;
	r.config.debug_remote_irr = limbo_gsi_store(LIMBO_CFG_MAX_GSI + 1);
	r.config.handoff = 7;
	limbo_report_seal(&r);
	assert_null(limbo_report_load(&v, &r, sizeof(r)));
	decode(&v, &o);
	expect_json(o.root, "config.debug_remote_irr", "null");
	expect_json(o.root, "config.debug_remote_irr_raw", "4097");
	expect_json(o.root, "config.handoff", "null");
	expect_json(o.root, "config.handoff_raw", "7");
	expect_json(o.root, "config.valid", "false");
	expect(o.text, "handoff            unknown (7)\n");
	expect(o.text, "debug-remote-irr   unknown (4097)\n");
	out_free(&o);
}

/* Odd values: unknown enums and bits, hostile strings, counts too big. */
static void test_odd_values(void **state)
{
	struct limbo_report r;
	struct limbo_report_view v;
	struct out o;
	json_t *bit31;

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
	decode(&v, &o);
	expect(o.text, "! verification failed");
	expect(o.text, "! unknown problem bit 31");
	expect(o.text, "result             unknown (200)");
	expect(o.text, "hash               unknown (9)");
	expect(o.text, "failed region      none");
	expect(o.text, "(5 more not recorded)");
	expect(o.text, "vector 99 not an exception");
	expect(o.text, "(992 more not recorded)");
	expect(o.text, "24 pins, GSI 0, at 0xfec00000");
	expect(o.text, "stuck 1 (STUCK)");
	expect(o.text, "mode               unknown (7)");
	expect(o.text, "unknown 0x200");
	expect(o.text, "backwards by");
	expect(o.text, "phase11");
	expect(o.text, "check              bad x2apic value");
	expect(o.text, "build              a\"b\\c\\x0ad\\x01\\xffxxxxx");
	/* bytes past ASCII are escaped as Latin-1: 0xff reads back as U+00FF */
	expect_json(o.root, "build", "\"a\\\"b\\\\c\\nd\\u0001\\u00ff"
		    "xxxxxxxxxxxxxxxxxxxxxxx\"");
	bit31 = problem_entry(o.root, "bit31");
	assert_non_null(bit31);
	expect_json(bit31, "flagged", "true");
	expect_json(bit31, "text", "\"unknown problem bit 31 (recorded by a newer limbo)\"");
	expect_json(o.root, "verification.result", "null");
	expect_json(o.root, "verification.result_raw", "200");
	expect_json(o.root, "config.x2apic", "null");
	expect_json(o.root, "config.x2apic_raw", "3");
	expect_json(o.root, "phases_done", "[\"entry\",\"console\",\"verify\",\"lapic\","
		    "\"ioapic\",\"pic\",\"post\",\"seal\",\"phase11\"]");
	out_free(&o);
}

/* ---- what the report says, with or without its problem bits ------------ */

struct shown_case {
	const char *what;
	void (*set)(struct limbo_report *r);
	uint32_t prob;
	const char *name;	/* in problems.list */
};

static void set_mismatch(struct limbo_report *r)
{
	r->verify_result = LIMBO_VERIFY_MISMATCH;
	r->verify_failed_region = 1;
}

static void set_skipped(struct limbo_report *r)
{
	r->verify_result = LIMBO_VERIFY_SKIPPED;
}

static void set_exception(struct limbo_report *r)
{
	r->exc_count = 1;
}

static void set_recovered_mc(struct limbo_report *r)
{
	r->exc_count = 1;
	r->exc[0].vector = 18;
	r->mc_recovered = 1;
}

static void set_bad_config(struct limbo_report *r)
{
	r->config.pic = 9;
}

static void set_config_bit(struct limbo_report *r)
{
	r->problems = LIMBO_PROB_CONFIG;
}

static void set_ioapic_stuck(struct limbo_report *r)
{
	r->done |= 1u << LIMBO_PHASE_IOAPIC;
	r->ioapic_count = 1;
	r->ioapic[0].pins = 24;
	r->ioapic[0].stuck = 1;
}

static void set_ioapic_absent(struct limbo_report *r)
{
	r->done |= 1u << LIMBO_PHASE_IOAPIC;
	r->ioapic_count = 1;
	r->ioapic[0].flags = LIMBO_IOAPIC_ABSENT;
}

static void set_park_timeout(struct limbo_report *r)
{
	r->done |= 1u << LIMBO_PHASE_PARK;
	r->park_count = 2;
	r->park[0].result = LIMBO_PARK_PARKED;
	r->park[1].result = LIMBO_PARK_TIMEOUT;
}

static void set_park_unreachable(struct limbo_report *r)
{
	r->done |= 1u << LIMBO_PHASE_PARK;
	r->park_count = 1;
	r->park[0].result = LIMBO_PARK_UNREACHABLE;
}

/* A clean report: no bit, nothing recorded that would be a problem. */
static void fill_clean(struct limbo_report *r)
{
	fill_sample(r);
	r->problems = 0;
	r->exc_count = 0;
}

static void test_exit_code_follows_fields(void **state)
{
	static const struct shown_case cases[] = {
		{ "verify MISMATCH", set_mismatch, LIMBO_PROB_VERIFY, "verify" },
		{ "verify skipped", set_skipped, LIMBO_PROB_VERIFY_SKIPPED, "verify_skipped" },
		{ "an exception", set_exception, LIMBO_PROB_EXCEPTION, "exception" },
		{ "a recovered #MC", set_recovered_mc, LIMBO_PROB_EXCEPTION, "exception" },
		{ "a config refused", set_bad_config, LIMBO_PROB_CONFIG, "config" },
		{ "the config bit", set_config_bit, LIMBO_PROB_CONFIG, "config" },
		{ "an IO-APIC pin stuck", set_ioapic_stuck, LIMBO_PROB_IOAPIC, "ioapic" },
		{ "an IO-APIC absent", set_ioapic_absent, LIMBO_PROB_IOAPIC, "ioapic" },
		{ "an INIT timeout", set_park_timeout, LIMBO_PROB_PARK, "park" },
		{ "a CPU unreachable", set_park_unreachable, LIMBO_PROB_PARK, "park" },
	};
	struct limbo_report r;
	struct limbo_report_view v;
	struct out o;
	json_t *p;
	size_t i;

	(void)state;
	fill_clean(&r);
	limbo_report_seal(&r);
	assert_null(limbo_report_load(&v, &r, sizeof(r)));
	assert_int_equal(limbo_report_exit_code(&v), LIMBO_REPORT_EXIT_OK);
	decode(&v, &o);
	expect(o.text, "PROBLEMS: none\n");
	expect_json(o.root, "problems", "{\"mask\":\"0x0\",\"list\":[]}");
	expect_json(o.root, "exit_code", "0");
	out_free(&o);

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct shown_case *c = &cases[i];

		fill_clean(&r);
		c->set(&r);
		limbo_report_seal(&r);
		assert_null(limbo_report_load(&v, &r, sizeof(r)));
		if (limbo_report_problems(&v) != c->prob)
			fail_msg("%s: problems 0x%x, want 0x%x", c->what,
				 limbo_report_problems(&v), c->prob);
		if (limbo_report_exit_code(&v) != LIMBO_REPORT_EXIT_PROBLEM)
			fail_msg("%s: exit code %d", c->what, limbo_report_exit_code(&v));
		decode(&v, &o);
		expect_json(o.root, "exit_code", "1");
		p = problem_entry(o.root, c->name);
		if (!p)
			fail_msg("%s: no '%s' in %s", c->what, c->name, o.json);
		/* flagged only where the case set the bit itself */
		expect_json(p, "flagged", r.problems ? "true" : "false");
		if (!r.problems) {
			expect(o.text, "PROBLEMS: 0x0\n  ! ");
			expect(o.text, "(no problem bit set: the report's own fields show it)");
		}
		out_free(&o);
	}
}

static void test_park_results_named(void **state)
{
	static const char *const want[] = {
		"{\"apic_id\":0,\"result\":\"none\",\"result_code\":0}",
		"{\"apic_id\":1,\"result\":\"parked\",\"result_code\":1}",
		"{\"apic_id\":2,\"result\":\"self\",\"result_code\":2}",
		"{\"apic_id\":3,\"result\":\"boot_cpu\",\"result_code\":3}",
		"{\"apic_id\":4,\"result\":\"unreachable\",\"result_code\":4}",
		"{\"apic_id\":5,\"result\":\"timeout\",\"result_code\":5}",
		"{\"apic_id\":6,\"result\":null,\"result_code\":6}",
	};
	struct limbo_report r;
	struct limbo_report_view v;
	struct out o;
	char path[32];
	unsigned int i;

	(void)state;
	fill_sample(&r);
	r.done |= 1u << LIMBO_PHASE_PARK;
	r.park_count = 7;
	r.park_flags = LIMBO_PARK_CC_GUEST;
	for (i = 0; i < 7; i++) {
		r.park[i].apic_id = i;
		r.park[i].result = i;
	}
	limbo_report_seal(&r);
	assert_null(limbo_report_load(&v, &r, sizeof(r)));
	decode(&v, &o);
	for (i = 0; i < 7; i++) {
		snprintf(path, sizeof(path), "park.cpus.%u", i);
		expect_json(o.root, path, want[i]);
	}
	expect(o.text, "APIC ID 0x1, result parked (1)\n");
	expect(o.text, "APIC ID 0x5, result timeout (5)\n");
	expect(o.text, "APIC ID 0x6, result unknown (6)\n");
	expect(o.text, "flags              0x2: TDX or SEV-ES/SNP guest: INIT not sent\n");
	expect_json(o.root, "park.flags", "\"0x2\"");
	out_free(&o);
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
	char *buf;

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
	/* a FIFO where the type should be: skipped, never waited on */
	snprintf(path, sizeof(path), "%s/4", sd);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/4/type", sd);
	assert_int_equal(mkfifo(path, 0644), 0);
	alarm(10);	/* a blocked open fails the test instead of hanging it */
	assert_int_equal(limbo_report_find_sysfs(root, path, sizeof(path)), 1);
	alarm(0);
	expect(path, "/kernel/boot_params/setup_data/1/data");

	assert_int_equal(limbo_read_file(path, LIMBO_REPORT_MAX_FILE, &buf, &len,
					 NULL, 0), LIMBO_READ_OK);
	assert_int_equal(len, sizeof(r));
	assert_null(limbo_report_load(&v, buf, len));
	assert_memory_equal(&v.r, &r, sizeof(r));
	free(buf);

	/* two of ours: the lowest number wins, and both are counted */
	make_node(sd, 10, "0x4c4d424f\n", &r, sizeof(r));
	assert_int_equal(limbo_report_find_sysfs(root, path, sizeof(path)), 2);
	expect(path, "/setup_data/1/data");

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
	/*
	 * libFuzzer's entry point always returns 0: its checks (JSON parses,
	 * exit code agrees, no sanitizer report) abort, which fails this test.
	 */
	LLVMFuzzerTestOneInput((const uint8_t *)&r, sizeof(r));
	LLVMFuzzerTestOneInput(NULL, 0);
	for (i = 0; i < 300; i++) {
		size_t len = rand_r(&seed) % sizeof(buf);

		memcpy(buf, &r, sizeof(r));
		for (k = 0; k < 1 + i % 16; k++)
			buf[rand_r(&seed) % sizeof(buf)] = rand_r(&seed);
		LLVMFuzzerTestOneInput(buf, len);
	}
}


/* ---- the limbo-report command -------------------------------------------- */

struct run {
	int rc;
	char out[65536];
	char err[4096];
};

static void slurp(int fd, char *buf, size_t n)
{
	ssize_t got;
	size_t len = 0;

	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	while (len < n - 1 && (got = read(fd, buf + len, n - 1 - len)) > 0)
		len += got;
	buf[len] = 0;
	close(fd);
}

static int temp_fd(void)
{
	char name[] = "/tmp/limbo-report-out-XXXXXX";
	int fd = mkstemp(name);

	assert_true(fd >= 0);
	unlink(name);
	return fd;
}

/*
 * Runs limbo-report with @args (NULL-terminated, argv[0] added), its
 * stdout into @stdout_to when given (else kept in res->out).  A run
 * longer than 10 s fails: a read that blocked.
 */
static void run_cli(struct run *res, const char *stdout_to, const char *const *args)
{
	const char *argv[16] = { limbo_report_bin };
	int out = temp_fd(), err = temp_fd(), status = 0, i;
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	pid_t pid;

	for (i = 0; args[i]; i++) {
		assert_true(i + 2 < 16);
		argv[i + 1] = args[i];
	}
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		int o = stdout_to ? open(stdout_to, O_WRONLY) : out;

		if (o < 0 || dup2(o, 1) < 0 || dup2(err, 2) < 0)
			_exit(127);
		execv(limbo_report_bin, (char *const *)argv);
		_exit(127);
	}
	for (i = 0; i < 1000 && waitpid(pid, &status, WNOHANG) == 0; i++)
		nanosleep(&tick, NULL);
	if (i == 1000) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		fail_msg("%s %s: still running after 10 s", argv[0], argv[1]);
	}
	assert_true(WIFEXITED(status));
	res->rc = WEXITSTATUS(status);
	assert_int_not_equal(res->rc, 127);	/* exec failed */
	slurp(out, res->out, sizeof(res->out));
	slurp(err, res->err, sizeof(res->err));
}

/* limbo-report @args exits @rc and says exactly @err on stderr. */
static void expect_cli(const char *const *args, int rc, const char *err)
{
	struct run *res = malloc(sizeof(*res));

	assert_non_null(res);
	run_cli(res, NULL, args);
	if (res->rc != rc || strcmp(res->err, err))
		fail_msg("limbo-report %s%s: exit %d, stderr '%s'; want exit %d, '%s'",
			 args[0] ? args[0] : "", args[0] && args[1] ? " ..." : "",
			 res->rc, res->err, rc, err);
	free(res);
}

static void write_report(const char *path, const struct limbo_report *r,
			 size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(r, 1, sizeof(*r), f), sizeof(*r));
	/* pad to @len: spare bytes after hdr.size are allowed */
	assert_int_equal(ftruncate(fileno(f), len), 0);
	assert_int_equal(fclose(f), 0);
}

#define ARGS(...)	((const char *const[]){ __VA_ARGS__, NULL })

/* A sound report decodes with the exit code its contents call for. */
static void test_cli_decodes(void **state)
{
	char root[] = "/tmp/limbo-report-cli-XXXXXX", clean[64], mis[64];
	struct run *res = malloc(sizeof(*res));
	struct limbo_report r;
	json_t *j;

	(void)state;
	assert_non_null(res);
	assert_non_null(mkdtemp(root));
	snprintf(clean, sizeof(clean), "%s/clean", root);
	snprintf(mis, sizeof(mis), "%s/mismatch", root);
	fill_clean(&r);
	limbo_report_seal(&r);
	/* exactly the limit: still read */
	write_report(clean, &r, LIMBO_REPORT_MAX_FILE);
	set_mismatch(&r);
	limbo_report_seal(&r);
	write_report(mis, &r, sizeof(r));

	run_cli(res, NULL, ARGS("--file", clean));
	assert_int_equal(res->rc, 0);
	expect(res->out, "limbo report: version 1, 1864 bytes");
	expect(res->out, "PROBLEMS: none\n");
	assert_string_equal(res->err, "");

	run_cli(res, NULL, ARGS("--json", "--tsc-mhz", "2400", "--file", clean));
	assert_int_equal(res->rc, 0);
	j = json_loads(res->out, 0, NULL);
	assert_non_null(j);
	expect_json(j, "exit_code", "0");
	expect_json(j, "verification.mib_per_s", "640.0");
	json_decref(j);

	/* MISMATCH with no problem bit: never 0 */
	run_cli(res, NULL, ARGS("--file", mis));
	assert_int_equal(res->rc, 1);
	expect(res->out, "result             MISMATCH\n");
	run_cli(res, NULL, ARGS("--json", "--file", mis));
	assert_int_equal(res->rc, 1);
	j = json_loads(res->out, 0, NULL);
	assert_non_null(j);
	expect_json(j, "exit_code", "1");
	json_decref(j);

	/* the output cannot be written: said, and not 0 */
	run_cli(res, "/dev/full", ARGS("--file", clean));
	assert_int_equal(res->rc, 5);
	assert_string_equal(res->err,
			    "limbo-report: cannot write the output: No space left on device\n");
	free(res);
	rm_tree(root);
}

static void test_cli_bad_input(void **state)
{
	char root[] = "/tmp/limbo-report-cli-XXXXXX", p[64], big[64], bad[64];
	char sd[128], node[160], fifo[64], want[512];
	struct limbo_report r;

	(void)state;
	assert_non_null(mkdtemp(root));
	snprintf(big, sizeof(big), "%s/big", root);
	snprintf(bad, sizeof(bad), "%s/bad", root);
	snprintf(fifo, sizeof(fifo), "%s/fifo", root);
	fill_clean(&r);
	limbo_report_seal(&r);
	write_report(big, &r, LIMBO_REPORT_MAX_FILE + 1);
	r.nmi_count ^= 1;
	write_report(bad, &r, sizeof(r));
	assert_int_equal(mkfifo(fifo, 0644), 0);

	snprintf(want, sizeof(want), "limbo-report: corrupt report: %s: larger than "
		 "the limit of %u bytes\n", big, LIMBO_REPORT_MAX_FILE);
	expect_cli(ARGS("--file", big), 3, want);
	snprintf(want, sizeof(want), "limbo-report: corrupt report in %s (1864 bytes): "
		 "CRC mismatch: the report was changed after sealing\n", bad);
	expect_cli(ARGS("--file", bad), 3, want);
	snprintf(p, sizeof(p), "%s/none", root);
	snprintf(want, sizeof(want), "limbo-report: no report: %s: No such file "
		 "or directory\n", p);
	expect_cli(ARGS("--file", p), 2, want);
	snprintf(want, sizeof(want), "limbo-report: no report: %s: a directory, "
		 "not a regular file\n", root);
	expect_cli(ARGS("--file", root), 2, want);
	snprintf(want, sizeof(want), "limbo-report: no report: %s: a FIFO, "
		 "not a regular file\n", fifo);
	expect_cli(ARGS("--file", fifo), 2, want);
	expect_cli(ARGS("--file", "/dev/null"), 2, "limbo-report: no report: "
		   "/dev/null: a character device, not a regular file\n");

	/* sysfs: nothing there, no node of ours, a FIFO for data */
	snprintf(want, sizeof(want), "limbo-report: no report: %s/kernel/boot_params/"
		 "setup_data: No such file or directory\n", root);
	expect_cli(ARGS("--sysfs", root), 2, want);
	snprintf(sd, sizeof(sd), "%s/kernel", root);
	assert_int_equal(mkdir(sd, 0755), 0);
	snprintf(sd, sizeof(sd), "%s/kernel/boot_params", root);
	assert_int_equal(mkdir(sd, 0755), 0);
	snprintf(sd, sizeof(sd), "%s/kernel/boot_params/setup_data", root);
	assert_int_equal(mkdir(sd, 0755), 0);
	snprintf(want, sizeof(want), "limbo-report: no report: no node of type "
		 "0x4c4d424f in %s\n", sd);
	expect_cli(ARGS("--sysfs", root), 2, want);
	snprintf(node, sizeof(node), "%s/7", sd);
	assert_int_equal(mkdir(node, 0755), 0);
	write_file(node, "type", "0x4c4d424f\n", 11);
	snprintf(node, sizeof(node), "%s/7/data", sd);
	assert_int_equal(mkfifo(node, 0644), 0);
	snprintf(want, sizeof(want), "limbo-report: no report: %s: a FIFO, "
		 "not a regular file\n", node);
	expect_cli(ARGS("--sysfs", root), 2, want);
	rm_tree(root);
}

static void test_cli_usage(void **state)
{
	static const char try[] = "\nTry 'limbo-report --help'.\n";
	struct run *res = malloc(sizeof(*res));
	char want[256];

	(void)state;
	assert_non_null(res);
	expect_cli(ARGS("--file", "x", "--sysfs", "/sys"), 4,
		   "limbo-report: --file and --sysfs exclude each other\n"
		   "Try 'limbo-report --help'.\n");
	expect_cli(ARGS("--tsc-mhz", "abc"), 4, "limbo-report: --tsc-mhz: 'abc' is "
		   "not a whole number of MHz from 1 to 1000000\nTry 'limbo-report --help'.\n");
	expect_cli(ARGS("--tsc-mhz", "0"), 4, "limbo-report: --tsc-mhz: '0' is "
		   "not a whole number of MHz from 1 to 1000000\nTry 'limbo-report --help'.\n");
	expect_cli(ARGS("--tsc-mhz", "-5"), 4, "limbo-report: --tsc-mhz: '-5' is "
		   "not a whole number of MHz from 1 to 1000000\nTry 'limbo-report --help'.\n");
	expect_cli(ARGS("--tsc-mhz", "1000001"), 4, "limbo-report: --tsc-mhz: '1000001' "
		   "is not a whole number of MHz from 1 to 1000000\nTry 'limbo-report --help'.\n");
	snprintf(want, sizeof(want), "limbo-report: --tsc-mhz needs an argument%s", try);
	expect_cli(ARGS("--tsc-mhz"), 4, want);
	snprintf(want, sizeof(want), "limbo-report: -f needs an argument%s", try);
	expect_cli(ARGS("-f"), 4, want);
	snprintf(want, sizeof(want), "limbo-report: unknown option '--bogus'%s", try);
	expect_cli(ARGS("--bogus"), 4, want);
	snprintf(want, sizeof(want), "limbo-report: unknown option '-x'%s", try);
	expect_cli(ARGS("-x"), 4, want);
	snprintf(want, sizeof(want), "limbo-report: unexpected argument 'extra'%s", try);
	expect_cli(ARGS("--json", "extra"), 4, want);

	run_cli(res, NULL, ARGS("--version"));
	assert_int_equal(res->rc, 0);
	assert_string_equal(res->out, "limbo-report " LIMBO_VERSION " (report layout 2)\n");
	assert_string_equal(res->err, "");

	/* --help documents every exit code */
	run_cli(res, NULL, ARGS("--help"));
	assert_int_equal(res->rc, 0);
	assert_string_equal(res->err, "");
	expect(res->out, "usage: limbo-report [--json]");
	expect(res->out, "--version");
	expect(res->out, "exit status:\n  0  a sound report, and it shows no problem\n");
	expect(res->out, "\n  1  a sound report that shows a problem: a problem bit, or "
	       "what one\n     stands for even with the bit clear (a verification "
	       "MISMATCH");
	expect(res->out, "\n  2  no report: none in sysfs, or PATH is missing");
	expect(res->out, "\n  3  a corrupt report: bad magic, header, size or CRC, or a "
	       "file\n     larger than 1048576 bytes\n");
	expect(res->out, "\n  4  usage error\n");
	expect(res->out, "\n  5  the output could not be written\n");
	run_cli(res, "/dev/full", ARGS("--help"));
	assert_int_equal(res->rc, 5);
	free(res);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_v2_arrays),
		cmocka_unit_test(test_v2_problems_shown),
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
		cmocka_unit_test(test_config_writer),
		cmocka_unit_test(test_config_from_option_table),
		cmocka_unit_test(test_odd_values),
		cmocka_unit_test(test_exit_code_follows_fields),
		cmocka_unit_test(test_park_results_named),
		cmocka_unit_test(test_sysfs_scan),
		cmocka_unit_test(test_fuzz_replay),
		cmocka_unit_test(test_cli_decodes),
		cmocka_unit_test(test_cli_bad_input),
		cmocka_unit_test(test_cli_usage),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: %s LIMBO-REPORT-BINARY\n", argv[0]);
		return 2;
	}
	limbo_report_bin = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
