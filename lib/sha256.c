// SPDX-License-Identifier: GPL-2.0-only
/*
 * SHA-256 (FIPS 180-4).  Built freestanding for the purgatory and hosted
 * for the plugin and the tests, so both run the same code.  The block
 * function is portable C, or SHA-NI (sha256_ni.S) once the caller chose
 * it: in the purgatory only between enabling and disabling SSE.
 */
#include <limbo/sha256.h>
#include <limbo/string.h>

static const uint32_t k256[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t ror32(uint32_t x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

static inline uint32_t load_be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

static inline void store_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

#define S0(x)		(ror32(x, 2) ^ ror32(x, 13) ^ ror32(x, 22))
#define S1(x)		(ror32(x, 6) ^ ror32(x, 11) ^ ror32(x, 25))
#define s0(x)		(ror32(x, 7) ^ ror32(x, 18) ^ ((x) >> 3))
#define s1(x)		(ror32(x, 17) ^ ror32(x, 19) ^ ((x) >> 10))
#define CH(e, f, g)	((g) ^ ((e) & ((f) ^ (g))))
#define MAJ(a, b, c)	(((a) & (b)) | ((c) & ((a) | (b))))

/*
 * W[j] for j >= 16, in a 16-word ring.  @k is the round's position in a
 * 16-round group (a constant in the unrolled body), so every ring index
 * is a constant too.
 */
#define SCHED(k)	(w[(k) & 15] += s1(w[((k) - 2) & 15]) + w[((k) - 7) & 15] + \
			 s0(w[((k) - 15) & 15]))
#define LOAD(k)		(w[k] = load_be32(p + 4 * (k)))

/* one round; the caller rotates the names instead of moving the values */
#define ROUND(a, b, c, d, e, f, g, h, k, W) do {			\
	uint32_t t1 = (h) + S1(e) + CH(e, f, g) + kp[k] + W(k);	\
	(d) += t1;							\
	(h) = t1 + S0(a) + MAJ(a, b, c);				\
} while (0)

#define ROUNDS16(W) do {						\
	ROUND(a, b, c, d, e, f, g, h, 0, W);				\
	ROUND(h, a, b, c, d, e, f, g, 1, W);				\
	ROUND(g, h, a, b, c, d, e, f, 2, W);				\
	ROUND(f, g, h, a, b, c, d, e, 3, W);				\
	ROUND(e, f, g, h, a, b, c, d, 4, W);				\
	ROUND(d, e, f, g, h, a, b, c, 5, W);				\
	ROUND(c, d, e, f, g, h, a, b, 6, W);				\
	ROUND(b, c, d, e, f, g, h, a, 7, W);				\
	ROUND(a, b, c, d, e, f, g, h, 8, W);				\
	ROUND(h, a, b, c, d, e, f, g, 9, W);				\
	ROUND(g, h, a, b, c, d, e, f, 10, W);				\
	ROUND(f, g, h, a, b, c, d, e, 11, W);				\
	ROUND(e, f, g, h, a, b, c, d, 12, W);				\
	ROUND(d, e, f, g, h, a, b, c, 13, W);				\
	ROUND(c, d, e, f, g, h, a, b, 14, W);				\
	ROUND(b, c, d, e, f, g, h, a, 15, W);				\
} while (0)

void limbo_sha256_blocks_c(uint32_t h8[8], const uint8_t *p, size_t nblocks)
{
	uint32_t w[16];

	while (nblocks--) {
		uint32_t a = h8[0], b = h8[1], c = h8[2], d = h8[3];
		uint32_t e = h8[4], f = h8[5], g = h8[6], h = h8[7];
		const uint32_t *kp = k256;

		/* rounds 0-15 load the block, 16-63 extend the schedule */
		ROUNDS16(LOAD);
		for (kp += 16; kp < k256 + 64; kp += 16)
			ROUNDS16(SCHED);
		h8[0] += a;
		h8[1] += b;
		h8[2] += c;
		h8[3] += d;
		h8[4] += e;
		h8[5] += f;
		h8[6] += g;
		h8[7] += h;
		p += LIMBO_SHA256_BLOCK;
	}
}

/* The compression function in use: portable C unless SHA-NI was chosen. */
static void (*blocks)(uint32_t h[8], const uint8_t *p, size_t nblocks) =
	limbo_sha256_blocks_c;

static void cpuid2(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	asm volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
		     : "a"(leaf), "c"(sub));
}

static int ni_probe(void)
{
	uint32_t r[4];

	cpuid2(0, 0, r);
	if (r[0] < 7)
		return 0;
	cpuid2(1, 0, r);
	if (!(r[2] & (1u << 9)) || !(r[2] & (1u << 19)))	/* SSSE3, SSE4.1 */
		return 0;
	cpuid2(7, 0, r);
	return !!(r[1] & (1u << 29));				/* SHA */
}

/* CPUID is slow (a VM exit under a hypervisor): ask it once. */
int limbo_sha256_ni_supported(void)
{
	static int known = -1;

	if (known < 0)
		known = ni_probe();
	return known;
}

int limbo_sha256_use_ni(int on)
{
	if (on && !limbo_sha256_ni_supported())
		return -1;
	blocks = on ? limbo_sha256_blocks_ni : limbo_sha256_blocks_c;
	return 0;
}

int limbo_sha256_using_ni(void)
{
	return blocks == limbo_sha256_blocks_ni;
}

void limbo_sha256_init(struct limbo_sha256 *ctx)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(ctx->h, iv, sizeof(iv));
	ctx->bytes = 0;
	ctx->fill = 0;
}

void limbo_sha256_update(struct limbo_sha256 *ctx, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t n;

	ctx->bytes += len;
	if (ctx->fill) {
		n = LIMBO_SHA256_BLOCK - ctx->fill;
		if (n > len)
			n = len;
		memcpy(ctx->buf + ctx->fill, p, n);
		ctx->fill += n;
		p += n;
		len -= n;
		if (ctx->fill < LIMBO_SHA256_BLOCK)
			return;
		blocks(ctx->h, ctx->buf, 1);
		ctx->fill = 0;
	}
	n = len / LIMBO_SHA256_BLOCK;
	if (n) {
		blocks(ctx->h, p, n);
		p += n * LIMBO_SHA256_BLOCK;
		len -= n * LIMBO_SHA256_BLOCK;
	}
	if (len) {
		memcpy(ctx->buf, p, len);
		ctx->fill = len;
	}
}

void limbo_sha256_final(struct limbo_sha256 *ctx, uint8_t out[LIMBO_SHA256_SIZE])
{
	uint64_t bits = ctx->bytes * 8;
	int i;

	ctx->buf[ctx->fill++] = 0x80;
	if (ctx->fill > LIMBO_SHA256_BLOCK - 8) {
		memset(ctx->buf + ctx->fill, 0, LIMBO_SHA256_BLOCK - ctx->fill);
		blocks(ctx->h, ctx->buf, 1);
		ctx->fill = 0;
	}
	memset(ctx->buf + ctx->fill, 0, LIMBO_SHA256_BLOCK - 8 - ctx->fill);
	for (i = 0; i < 8; i++)
		ctx->buf[LIMBO_SHA256_BLOCK - 1 - i] = bits >> (8 * i);
	blocks(ctx->h, ctx->buf, 1);
	for (i = 0; i < 8; i++)
		store_be32(out + 4 * i, ctx->h[i]);
	memset(ctx, 0, sizeof(*ctx));
}

void limbo_sha256(const void *data, size_t len, uint8_t out[LIMBO_SHA256_SIZE])
{
	struct limbo_sha256 ctx;

	limbo_sha256_init(&ctx);
	limbo_sha256_update(&ctx, data, len);
	limbo_sha256_final(&ctx, out);
}
