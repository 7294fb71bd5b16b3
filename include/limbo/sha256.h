/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LIMBO_SHA256_H
#define LIMBO_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define LIMBO_SHA256_BLOCK	64
#define LIMBO_SHA256_SIZE	32

struct limbo_sha256 {
	uint32_t h[8];
	uint64_t bytes;			/* message length so far */
	uint8_t buf[LIMBO_SHA256_BLOCK];
	uint32_t fill;			/* bytes waiting in buf */
};

void limbo_sha256_init(struct limbo_sha256 *ctx);
void limbo_sha256_update(struct limbo_sha256 *ctx, const void *data, size_t len);
void limbo_sha256_final(struct limbo_sha256 *ctx, uint8_t out[LIMBO_SHA256_SIZE]);
void limbo_sha256(const void *data, size_t len, uint8_t out[LIMBO_SHA256_SIZE]);

/* The compression function over whole blocks: portable C, and SHA-NI. */
void limbo_sha256_blocks_c(uint32_t h[8], const uint8_t *p, size_t nblocks);
void limbo_sha256_blocks_ni(uint32_t h[8], const uint8_t *p, size_t nblocks);

/* CPUID: SHA, SSSE3 and SSE4.1 present. */
int limbo_sha256_ni_supported(void);
/* Select the block function for later updates; -1 if SHA-NI is absent. */
int limbo_sha256_use_ni(int on);
int limbo_sha256_using_ni(void);

#endif /* LIMBO_SHA256_H */
