// SPDX-License-Identifier: GPL-2.0-only
/*
 * Verification: SHA-256 over sha256_regions, in order, compared with
 * sha256_digest.  kexec computes the digest over every segment but the
 * purgatory's, including each segment's zero-filled tail (memsz).
 */
#include <limbo/sha256.h>
#include <limbo/string.h>
#include "hw.h"
#include "purgatory.h"

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

/* Returns 0 when the loaded segments match sha256_digest. */
int verify_segments(void)
{
	struct limbo_sha256 ctx;
	uint8_t digest[LIMBO_SHA256_SIZE];
	uint64_t bytes = 0, t0 = rdtsc();
	int i, used = 0;

	limbo_sha256_init(&ctx);
	for (i = 0; i < LIMBO_SHA256_REGIONS; i++) {
		const struct limbo_sha256_region *r = &sha256_regions[i];

		if (!r->len)
			continue;
		if (r->start + r->len < r->start) {
			rep->verify_result = LIMBO_VERIFY_MISMATCH;
			rep->verify_failed_region = i;
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
	rep->hash_impl = LIMBO_HASH_C;
	rep->verify_regions = used;
	rep->verify_bytes = bytes;
	rep->verify_cycles = rdtsc() - t0;
	rep->verify_failed_region = -1;
	rep->verify_result = LIMBO_VERIFY_MISMATCH;
	if (!used) {
		lprintf("limbo: verify: kexec gave no regions to check\n");
		return -1;
	}
	if (memcmp(digest, sha256_digest, sizeof(digest))) {
		lprintf("limbo: verify: SHA-256 MISMATCH over %d regions, %llu bytes\n",
			used, (unsigned long long)bytes);
		for (i = 0; i < LIMBO_SHA256_REGIONS; i++)
			if (sha256_regions[i].len)
				lprintf("limbo:   region %d: %llx + %llx\n", i,
					(unsigned long long)sha256_regions[i].start,
					(unsigned long long)sha256_regions[i].len);
		print_digest("expected", sha256_digest);
		print_digest("actual  ", digest);
		return -1;
	}
	rep->verify_result = LIMBO_VERIFY_OK;
	lprintf("limbo: verify: ok, %d regions, %llu bytes, %llu cycles\n",
		used, (unsigned long long)bytes,
		(unsigned long long)rep->verify_cycles);
	return 0;
}
