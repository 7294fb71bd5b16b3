// SPDX-License-Identifier: GPL-2.0-only
/*
 * SHA-256 throughput, side by side in one process: limbo portable C,
 * limbo SHA-NI, OpenSSL's EVP SHA-256, and (when built with
 * -DSTOCK_SHA256) kexec-tools' own purgatory SHA-256 compiled from the
 * Debian source.  Prints one line per implementation and size: the
 * median MiB/s over the repetitions.  OpenSSL's SHA-NI path is masked by
 * running this again with OPENSSL_ia32cap set (see run.sh).
 */
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <limbo/sha256.h>
#ifdef STOCK_SHA256
#include "sha256.h"	/* kexec-tools util_lib/include */
#endif

typedef void (*hash_fn)(const uint8_t *p, size_t len, uint8_t out[32]);

/* limbo's block function is chosen before timing: see select_impl() */
static void limbo(const uint8_t *p, size_t len, uint8_t out[32])
{
	limbo_sha256(p, len, out);
}

static void openssl(const uint8_t *p, size_t len, uint8_t out[32])
{
	unsigned int n = 32;

	EVP_Digest(p, len, out, &n, EVP_sha256(), NULL);
}

#ifdef STOCK_SHA256
static void stock(const uint8_t *p, size_t len, uint8_t out[32])
{
	sha256_context ctx;

	sha256_starts(&ctx);
	sha256_update(&ctx, p, len);
	sha256_finish(&ctx, out);
}
#endif

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median MiB/s of @reps timed runs, each hashing at least ~32 MiB. */
static double measure(hash_fn f, const uint8_t *buf, size_t len, int reps)
{
	double mibs[64];
	size_t inner = len >= (32u << 20) ? 1 : (32u << 20) / len;
	uint8_t out[32];
	int r;

	for (r = 0; r < reps && r < 64; r++) {
		double t0 = now(), t;
		size_t i;

		for (i = 0; i < inner; i++)
			f(buf, len, out);
		t = now() - t0;
		mibs[r] = (double)len * inner / (1 << 20) / t;
	}
	qsort(mibs, r, sizeof(mibs[0]), cmp);
	return mibs[r / 2];
}

int main(int argc, char **argv)
{
	static const size_t sizes[] = { 4096, 1 << 20, 64 << 20 };
	struct { const char *name; hash_fn f; int ok; } impl[] = {
		{ "limbo-c", limbo, 1 },
		{ "limbo-shani", limbo, limbo_sha256_ni_supported() },
		{ "openssl", openssl, 1 },
#ifdef STOCK_SHA256
		{ "kexec-tools-purgatory", stock, 1 },
#endif
	};
	const char *only = argc > 1 && argv[1][0] ? argv[1] : NULL;
	int reps = argc > 2 ? atoi(argv[2]) : 5;
	uint8_t *buf = malloc(64 << 20), a[32], b[32];
	size_t i, s;

	if (!buf)
		return 1;
	for (i = 0; i < (64u << 20); i++)
		buf[i] = (uint8_t)(i * 2654435761u >> 13);
	/* every implementation must agree before it is timed */
	limbo_sha256_use_ni(0);
	limbo(buf, 1000003, a);
	for (i = 0; i < sizeof(impl) / sizeof(impl[0]); i++) {
		if (!impl[i].ok)
			continue;
		limbo_sha256_use_ni(!strcmp(impl[i].name, "limbo-shani"));
		impl[i].f(buf, 1000003, b);
		if (memcmp(a, b, 32)) {
			fprintf(stderr, "%s disagrees with limbo-c\n", impl[i].name);
			return 1;
		}
	}
	for (i = 0; i < sizeof(impl) / sizeof(impl[0]); i++) {
		if (only && strcmp(only, impl[i].name))
			continue;
		if (!impl[i].ok) {
			printf("%s unsupported\n", impl[i].name);
			continue;
		}
		limbo_sha256_use_ni(!strcmp(impl[i].name, "limbo-shani"));
		for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
			printf("%s %zu %.1f\n", impl[i].name, sizes[s],
			       measure(impl[i].f, buf, sizes[s], reps));
	}
	free(buf);
	return 0;
}
