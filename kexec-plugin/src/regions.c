// SPDX-License-Identifier: GPL-2.0-only
/* Per-region digests and kinds: see regions.h. */
#include <stdio.h>
#include <string.h>
#include <limbo/sha256.h>
#include "regions.h"

static int in_segment(const struct limbo_segment *s, uint64_t addr)
{
	return addr && addr >= s->mem && addr - s->mem < s->memsz;
}

uint32_t limbo_region_kind(const struct limbo_segment *s, const struct limbo_next *next)
{
	if (in_segment(s, next->entry))
		return LIMBO_REGION_KERNEL;
	if (in_segment(s, next->initrd))
		return LIMBO_REGION_INITRD;
	if (in_segment(s, next->boot_params))
		return LIMBO_REGION_BOOTPARAMS;
	if (in_segment(s, next->cmdline))
		return LIMBO_REGION_CMDLINE;
	if (in_segment(s, next->elfcorehdr))
		return LIMBO_REGION_ELFCOREHDR;
	if (in_segment(s, next->backup))
		return LIMBO_REGION_BACKUP;
	if (in_segment(s, next->tables))
		return LIMBO_REGION_TABLES;
	return LIMBO_REGION_OTHER;
}

/* What kexec hashes for a segment: its bytes, then zeros up to memsz. */
static void segment_digest(const struct limbo_segment *s, uint8_t out[LIMBO_SHA256_SIZE])
{
	static const uint8_t zeros[4096];
	struct limbo_sha256 ctx;
	uint64_t tail;

	limbo_sha256_init(&ctx);
	limbo_sha256_update(&ctx, s->buf, s->bufsz);
	for (tail = s->memsz - s->bufsz; tail; ) {
		size_t n = tail < sizeof(zeros) ? (size_t)tail : sizeof(zeros);

		limbo_sha256_update(&ctx, zeros, n);
		tail -= n;
	}
	limbo_sha256_final(&ctx, out);
}

static const struct limbo_segment *find_segment(const struct limbo_segment *segs,
						unsigned int n,
						const struct limbo_sha256_region *r)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (segs[i].mem == r->start && segs[i].memsz == r->len)
			return &segs[i];
	return NULL;
}

const char *limbo_regions_build(struct limbo_regions *lr,
				const struct limbo_sha256_region hashed[LIMBO_SHA256_REGIONS],
				const struct limbo_segment *segs, unsigned int nsegs,
				const struct limbo_next *next, char *err, size_t errlen)
{
	unsigned int i;

	memset(lr, 0, sizeof(*lr));
	for (i = 0; i < LIMBO_SHA256_REGIONS; i++) {
		const struct limbo_segment *s;

		if (!hashed[i].len)	/* unused, as the purgatory reads it */
			continue;
		s = find_segment(segs, nsegs, &hashed[i]);
		if (!s || s->bufsz > s->memsz) {
			snprintf(err, errlen, "sha256_regions[%u] (%#llx, %llu bytes) is %s",
				 i, (unsigned long long)hashed[i].start,
				 (unsigned long long)hashed[i].len,
				 s ? "a segment with more bytes than its size" : "no segment");
			memset(lr, 0, sizeof(*lr));
			return err;
		}
		lr->r[lr->count].start = s->mem;
		lr->r[lr->count].len = s->memsz;
		lr->r[lr->count].kind = limbo_region_kind(s, next);
		segment_digest(s, lr->r[lr->count].sha256);
		lr->count++;
	}
	lr->magic = LIMBO_REGIONS_MAGIC;
	return NULL;
}
