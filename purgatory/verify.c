// SPDX-License-Identifier: GPL-2.0-only
/*
 * Verification: SHA-256 over sha256_regions, in order, compared with
 * sha256_digest.  kexec computes the digest over every segment but the
 * purgatory's, including each segment's zero-filled tail (memsz).
 *
 * On a mismatch the failure is always said on a console (serial at
 * serial_base, 0x3f8 unless kexec said otherwise, even when no console
 * was asked for), and each region is hashed again on its own and
 * compared with the plugin's per-region digest, to name the segment.
 */
#include <limbo/sha256.h>
#include <limbo/string.h>
#include "hw.h"
#include "purgatory.h"

#define CR0_MP		(1ULL << 1)
#define CR0_EM		(1ULL << 2)
#define CR0_TS		(1ULL << 3)
#define CR4_OSFXSR	(1ULL << 9)
#define CR4_OSXMMEXCPT	(1ULL << 10)

static uint64_t saved_cr0, saved_cr4;

/*
 * SSE is off at purgatory entry (CR4.OSFXSR clear: any SSE instruction
 * is #UD).  Turn it on for the SHA-NI routine only, and put CR0 and CR4
 * back afterwards; the routine clears the xmm registers it used.
 */
static void sse_begin(void)
{
#ifndef LIMBO_HOST
	uint64_t cr0, cr4;

	asm volatile("mov %%cr0, %0; mov %%cr4, %1" : "=r"(cr0), "=r"(cr4));
	saved_cr0 = cr0;
	saved_cr4 = cr4;
	cr0 = (cr0 & ~(CR0_EM | CR0_TS)) | CR0_MP;
	cr4 |= CR4_OSFXSR | CR4_OSXMMEXCPT;
	asm volatile("mov %0, %%cr0; mov %1, %%cr4" : : "r"(cr0), "r"(cr4) : "memory");
#endif
}

static void sse_end(void)
{
#ifndef LIMBO_HOST
	asm volatile("mov %0, %%cr4; mov %1, %%cr0"
		     : : "r"(saved_cr4), "r"(saved_cr0) : "memory");
#endif
}

static void print_digest(const char *what, const uint8_t *d)
{
	char hex[2 * LIMBO_SHA256_SIZE + 1];
	static const char x[] = "0123456789abcdef";
	int i;

	for (i = 0; i < LIMBO_SHA256_SIZE; i++) {
		hex[2 * i] = x[d[i] >> 4];
		hex[2 * i + 1] = x[d[i] & 15];
	}
	hex[2 * LIMBO_SHA256_SIZE] = '\0';
	lprintf("limbo:   %s %s\n", what, hex);
}

static int regions_trusted(void)
{
	const struct limbo_regions *lr = &limbo_regions;
	int i, used = 0;

	if (lr->magic != LIMBO_REGIONS_MAGIC || lr->count > LIMBO_SHA256_REGIONS)
		return 0;
	for (i = 0; i < LIMBO_SHA256_REGIONS; i++) {
		if (!sha256_regions[i].len)
			continue;
		if (used >= (int)lr->count ||
		    lr->r[used].start != sha256_regions[i].start ||
		    lr->r[used].len != sha256_regions[i].len)
			return 0;
		used++;
	}
	return used == (int)lr->count;
}

/* Hash each region alone and say which differ from what was loaded. */
static void name_culprits(void)
{
	const struct limbo_regions *lr = &limbo_regions;
	int i, n = 0, bad = 0;

	if (!regions_trusted()) {
		lprintf("limbo: verify: no per-region digests from the plugin: cannot name the segment\n");
		return;
	}
	for (i = 0; i < LIMBO_SHA256_REGIONS; i++) {
		const struct limbo_sha256_region *r = &sha256_regions[i];
		uint8_t d[LIMBO_SHA256_SIZE];

		if (!r->len)
			continue;
		limbo_sha256((const void *)(uintptr_t)r->start, r->len, d);
		if (memcmp(d, lr->r[n].sha256, sizeof(d))) {
			lprintf("limbo: verify: CORRUPT %s: region %d at %llx, %llu bytes\n",
				limbo_region_kind_name(lr->r[n].kind), i,
				(unsigned long long)r->start,
				(unsigned long long)r->len);
			print_digest("expected", lr->r[n].sha256);
			print_digest("actual  ", d);
			if (rep->verify_failed_region < 0)
				rep->verify_failed_region = i;
			bad++;
		}
		n++;
	}
	if (!bad)
		lprintf("limbo: verify: each region matches its digest: the list or the total was altered\n");
}

/* Returns 0 when the loaded segments match sha256_digest. */
int verify_segments(void)
{
	struct limbo_sha256 ctx;
	uint8_t digest[LIMBO_SHA256_SIZE];
	uint64_t bytes = 0, t0 = rdtsc();
	int i, used = 0;

	rep->verify_failed_region = -1;
	rep->verify_result = LIMBO_VERIFY_MISMATCH;
	rep->hash_impl = LIMBO_HASH_C;
	if (cfg->sha_ni && limbo_sha256_ni_supported()) {
		sse_begin();
		limbo_sha256_use_ni(1);
		rep->hash_impl = LIMBO_HASH_SHANI;
	}
	limbo_sha256_init(&ctx);
	for (i = 0; i < LIMBO_SHA256_REGIONS; i++) {
		const struct limbo_sha256_region *r = &sha256_regions[i];

		if (!r->len)
			continue;
		if (r->start + r->len < r->start) {
			if (limbo_sha256_using_ni()) {
				limbo_sha256_use_ni(0);
				sse_end();
			}
			rep->verify_failed_region = i;
			console_force_serial();
			lprintf("limbo: verify: region %d wraps: start %llx len %llx\n",
				i, (unsigned long long)r->start,
				(unsigned long long)r->len);
			return -1;
		}
		limbo_sha256_update(&ctx, (const void *)(uintptr_t)r->start,
				    r->len);
		bytes += r->len;
		used++;
	}
	limbo_sha256_final(&ctx, digest);
	if (limbo_sha256_using_ni()) {
		limbo_sha256_use_ni(0);
		sse_end();
	}
	rep->verify_regions = used;
	rep->verify_bytes = bytes;
	rep->verify_cycles = rdtsc() - t0;
	if (!used) {
		console_force_serial();
		lprintf("limbo: verify: kexec gave no regions to check\n");
		return -1;
	}
	if (memcmp(digest, sha256_digest, sizeof(digest))) {
		console_force_serial();
		lprintf("limbo: verify: SHA-256 MISMATCH over %d regions, %llu bytes\n",
			used, (unsigned long long)bytes);
		print_digest("expected", sha256_digest);
		print_digest("actual  ", digest);
		name_culprits();
		return -1;
	}
	rep->verify_result = LIMBO_VERIFY_OK;
	lprintf("limbo: verify: ok, %d regions, %llu bytes, %llu cycles (%s)\n",
		used, (unsigned long long)bytes,
		(unsigned long long)rep->verify_cycles,
		rep->hash_impl == LIMBO_HASH_SHANI ? "SHA-NI" : "portable C");
	return 0;
}
