// SPDX-License-Identifier: GPL-2.0-only
/*
 * limbo_regions from kexec's sha256_regions (kexec-plugin/src/regions.c):
 * one entry per region kexec hashed, in its order, each with the digest
 * of its segment (bytes, then zeros up to memsz) and the right kind.  The
 * layouts are the ones x86_64 kdump loads: with --hotplug (kexec-tools
 * 2.0.28 on) kexec leaves the elfcorehdr segment out of sha256_regions,
 * and the per-region list must follow or the purgatory cannot trust it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <limbo/sha256.h>
#include "regions.h"

enum { SEG_BACKUP, SEG_ELFCOREHDR, SEG_KERNEL, SEG_BOOTPARAMS, SEG_INITRD,
       SEG_PURGATORY, NSEGS };

struct layout {
	struct limbo_segment segs[NSEGS];
	uint8_t bytes[NSEGS][512];
	struct limbo_next next;
};

/* A kdump load as kexec builds it, in its segment order. */
static void kdump_layout(struct layout *l)
{
	static const struct { uint64_t mem, memsz; size_t bufsz; } seg[NSEGS] = {
		[SEG_BACKUP] = { 0x1000000, 0xa0000, 512 },
		[SEG_ELFCOREHDR] = { 0x10a0000, 0x2000, 300 },
		[SEG_KERNEL] = { 0x2000000, 0x900000, 512 },
		[SEG_BOOTPARAMS] = { 0x3000000, 0x3000, 400 },
		[SEG_INITRD] = { 0x4000000, 0x200000, 512 },
		[SEG_PURGATORY] = { 0x5000000, 0x10000, 512 },
	};
	unsigned int i;

	memset(l, 0, sizeof(*l));
	for (i = 0; i < NSEGS; i++) {
		memset(l->bytes[i], 0x11 * (i + 1), sizeof(l->bytes[i]));
		l->segs[i].buf = l->bytes[i];
		l->segs[i].bufsz = seg[i].bufsz;
		l->segs[i].mem = seg[i].mem;
		l->segs[i].memsz = seg[i].memsz;
	}
	l->next.entry = 0x2000000 + 0x200;
	l->next.boot_params = 0x3000000;
	l->next.cmdline = 0x3000000 + 0x1000;	/* in the boot_params segment */
	l->next.initrd = 0x4000000;
	l->next.elfcorehdr = 0x10a0000;
	l->next.backup = 0x1000000;
}

/*
 * sha256_regions as kexec's update_purgatory() writes it: every segment
 * in order but the purgatory's, and with --hotplug not the elfcorehdr
 * (x86's arch_do_exclude_segment()); unused entries stay zero.
 */
static void kexec_regions(const struct layout *l, int hotplug,
			  struct limbo_sha256_region out[LIMBO_SHA256_REGIONS])
{
	unsigned int i, j = 0;

	memset(out, 0, sizeof(out[0]) * LIMBO_SHA256_REGIONS);
	for (i = 0; i < NSEGS; i++) {
		if (i == SEG_PURGATORY || (hotplug && i == SEG_ELFCOREHDR))
			continue;
		out[j].start = l->segs[i].mem;
		out[j].len = l->segs[i].memsz;
		j++;
	}
}

/* The digest of @s computed the slow way: one buffer of memsz bytes. */
static void expected_digest(const struct limbo_segment *s, uint8_t out[LIMBO_SHA256_SIZE])
{
	uint8_t *whole = calloc(1, s->memsz);

	assert_non_null(whole);
	memcpy(whole, s->buf, s->bufsz);
	limbo_sha256(whole, s->memsz, out);
	free(whole);
}

/* What the purgatory checks before trusting @lr (verify.c regions_trusted). */
static void assert_in_step(const struct limbo_regions *lr,
			   const struct limbo_sha256_region hashed[LIMBO_SHA256_REGIONS])
{
	unsigned int i, used = 0;

	assert_int_equal(lr->magic, LIMBO_REGIONS_MAGIC);
	for (i = 0; i < LIMBO_SHA256_REGIONS; i++) {
		if (!hashed[i].len)
			continue;
		assert_true(used < lr->count);
		assert_int_equal(lr->r[used].start, hashed[i].start);
		assert_int_equal(lr->r[used].len, hashed[i].len);
		used++;
	}
	assert_int_equal(used, lr->count);
}

static void check_layout(int hotplug)
{
	static const uint32_t kinds[NSEGS] = {
		[SEG_BACKUP] = LIMBO_REGION_BACKUP,
		[SEG_ELFCOREHDR] = LIMBO_REGION_ELFCOREHDR,
		[SEG_KERNEL] = LIMBO_REGION_KERNEL,
		[SEG_BOOTPARAMS] = LIMBO_REGION_BOOTPARAMS,
		[SEG_INITRD] = LIMBO_REGION_INITRD,
	};
	struct limbo_sha256_region hashed[LIMBO_SHA256_REGIONS];
	struct limbo_regions lr;
	struct layout l;
	char err[160];
	unsigned int i, n = 0;

	kdump_layout(&l);
	kexec_regions(&l, hotplug, hashed);
	assert_null(limbo_regions_build(&lr, hashed, l.segs, NSEGS, &l.next, err,
					sizeof(err)));
	assert_in_step(&lr, hashed);
	assert_int_equal(lr.count, hotplug ? 4 : 5);
	for (i = 0; i < NSEGS; i++) {
		uint8_t d[LIMBO_SHA256_SIZE];

		if (i == SEG_PURGATORY || (hotplug && i == SEG_ELFCOREHDR))
			continue;
		assert_int_equal(lr.r[n].start, l.segs[i].mem);
		assert_int_equal(lr.r[n].kind, kinds[i]);
		expected_digest(&l.segs[i], d);
		assert_memory_equal(lr.r[n].sha256, d, sizeof(d));
		n++;
	}
	for (i = 0; i < lr.count; i++)
		if (hotplug)
			assert_int_not_equal(lr.r[i].kind, LIMBO_REGION_ELFCOREHDR);
}

static void test_kdump(void **state)
{
	(void)state;
	check_layout(0);
}

/* kexec-tools 2.0.28 on with --hotplug: no elfcorehdr region. */
static void test_kdump_hotplug(void **state)
{
	(void)state;
	check_layout(1);
}

/* kexec's order wins over the segment array's, and holes are skipped. */
static void test_order_and_holes(void **state)
{
	struct limbo_sha256_region hashed[LIMBO_SHA256_REGIONS];
	struct limbo_regions lr;
	struct layout l;
	char err[160];

	(void)state;
	kdump_layout(&l);
	memset(hashed, 0, sizeof(hashed));
	hashed[0].start = l.segs[SEG_INITRD].mem;
	hashed[0].len = l.segs[SEG_INITRD].memsz;
	hashed[3].start = l.segs[SEG_KERNEL].mem;	/* after two unused entries */
	hashed[3].len = l.segs[SEG_KERNEL].memsz;
	hashed[LIMBO_SHA256_REGIONS - 1].start = l.segs[SEG_BACKUP].mem;
	hashed[LIMBO_SHA256_REGIONS - 1].len = l.segs[SEG_BACKUP].memsz;
	assert_null(limbo_regions_build(&lr, hashed, l.segs, NSEGS, &l.next, err,
					sizeof(err)));
	assert_in_step(&lr, hashed);
	assert_int_equal(lr.count, 3);
	assert_int_equal(lr.r[0].kind, LIMBO_REGION_INITRD);
	assert_int_equal(lr.r[1].kind, LIMBO_REGION_KERNEL);
	assert_int_equal(lr.r[2].kind, LIMBO_REGION_BACKUP);

	/* nothing hashed: an empty list, still marked as written */
	memset(hashed, 0, sizeof(hashed));
	assert_null(limbo_regions_build(&lr, hashed, l.segs, NSEGS, &l.next, err,
					sizeof(err)));
	assert_int_equal(lr.count, 0);
	assert_int_equal(lr.magic, LIMBO_REGIONS_MAGIC);
}

/* A region that is no segment (or a segment that is not sound) writes nothing. */
static void test_unmatched(void **state)
{
	struct limbo_sha256_region hashed[LIMBO_SHA256_REGIONS];
	struct limbo_regions lr;
	struct layout l;
	char err[160];
	const char *why;

	(void)state;
	kdump_layout(&l);
	kexec_regions(&l, 0, hashed);
	hashed[2].len += 0x1000;		/* the kernel, with another size */
	why = limbo_regions_build(&lr, hashed, l.segs, NSEGS, &l.next, err, sizeof(err));
	assert_ptr_equal(why, err);
	assert_string_equal(why, "sha256_regions[2] (0x2000000, 9441280 bytes) is no segment");
	assert_int_equal(lr.magic, 0);
	assert_int_equal(lr.count, 0);

	kexec_regions(&l, 0, hashed);
	hashed[1].start += 0x1000;		/* elfcorehdr, moved */
	assert_non_null(limbo_regions_build(&lr, hashed, l.segs, NSEGS, &l.next, err,
					    sizeof(err)));
	assert_int_equal(lr.magic, 0);

	kexec_regions(&l, 0, hashed);
	l.segs[SEG_KERNEL].bufsz = l.segs[SEG_KERNEL].memsz + 1;
	why = limbo_regions_build(&lr, hashed, l.segs, NSEGS, &l.next, err, sizeof(err));
	assert_non_null(why);
	assert_non_null(strstr(why, "more bytes than its size"));
	assert_int_equal(lr.magic, 0);
}

static void test_kinds(void **state)
{
	struct limbo_next next = { 0 };
	struct limbo_segment s = { .mem = 0x1000, .memsz = 0x1000 };

	(void)state;
	assert_int_equal(limbo_region_kind(&s, &next), LIMBO_REGION_OTHER);
	next.backup = 0x1fff;
	assert_int_equal(limbo_region_kind(&s, &next), LIMBO_REGION_BACKUP);
	next.elfcorehdr = 0x1000;
	assert_int_equal(limbo_region_kind(&s, &next), LIMBO_REGION_ELFCOREHDR);
	next.cmdline = 0x1800;
	assert_int_equal(limbo_region_kind(&s, &next), LIMBO_REGION_CMDLINE);
	next.boot_params = 0x1000;	/* the command line in boot_params' segment */
	assert_int_equal(limbo_region_kind(&s, &next), LIMBO_REGION_BOOTPARAMS);
	next.initrd = 0x1100;
	assert_int_equal(limbo_region_kind(&s, &next), LIMBO_REGION_INITRD);
	next.entry = 0x1200;
	assert_int_equal(limbo_region_kind(&s, &next), LIMBO_REGION_KERNEL);

	/* the end is outside; address 0 is "not found", never a match */
	memset(&next, 0, sizeof(next));
	next.entry = 0x2000;
	assert_int_equal(limbo_region_kind(&s, &next), LIMBO_REGION_OTHER);
	s.mem = 0;
	next.entry = 0;
	next.initrd = 0x10;
	assert_int_equal(limbo_region_kind(&s, &next), LIMBO_REGION_INITRD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kdump),
		cmocka_unit_test(test_kdump_hotplug),
		cmocka_unit_test(test_order_and_holes),
		cmocka_unit_test(test_unmatched),
		cmocka_unit_test(test_kinds),
	};

	return cmocka_run_group_tests_name("regions", tests, NULL, NULL);
}
