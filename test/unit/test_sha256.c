// SPDX-License-Identifier: GPL-2.0-only
/* SHA-256 against the FIPS 180-2 / NIST example vectors, whole and split. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <limbo/sha256.h>

struct vector {
	const char *msg;
	const char *hex;
};

static const struct vector vectors[] = {
	{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	/* 448 bits */
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	/* 896 bits */
	{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
	  "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
};

static const char million_a_hex[] =
	"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

static void to_hex(const uint8_t *d, char *out)
{
	int i;

	for (i = 0; i < LIMBO_SHA256_SIZE; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void assert_digest(const uint8_t *d, const char *hex)
{
	char got[2 * LIMBO_SHA256_SIZE + 1];

	to_hex(d, got);
	assert_string_equal(got, hex);
}

static void test_vectors_whole(void **state)
{
	uint8_t d[LIMBO_SHA256_SIZE];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		limbo_sha256(vectors[i].msg, strlen(vectors[i].msg), d);
		assert_digest(d, vectors[i].hex);
	}
}

/* Every split point of every vector: buffering across update calls. */
static void test_vectors_split(void **state)
{
	uint8_t d[LIMBO_SHA256_SIZE];
	size_t i, cut, len;

	(void)state;
	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		len = strlen(vectors[i].msg);
		for (cut = 0; cut <= len; cut++) {
			struct limbo_sha256 c;

			limbo_sha256_init(&c);
			limbo_sha256_update(&c, vectors[i].msg, cut);
			limbo_sha256_update(&c, vectors[i].msg + cut, len - cut);
			limbo_sha256_final(&c, d);
			assert_digest(d, vectors[i].hex);
		}
	}
}

static void test_million_a(void **state)
{
	uint8_t d[LIMBO_SHA256_SIZE];
	char *buf = malloc(1000000);

	(void)state;
	assert_non_null(buf);
	memset(buf, 'a', 1000000);
	limbo_sha256(buf, 1000000, d);
	assert_digest(d, million_a_hex);
	free(buf);
}

/* One million 'a' fed in pseudo-random pieces of 0..200 bytes. */
static void test_million_a_pieces(void **state)
{
	uint8_t d[LIMBO_SHA256_SIZE];
	struct limbo_sha256 c;
	char piece[200];
	size_t left = 1000000;
	uint32_t seed = 12345;

	(void)state;
	memset(piece, 'a', sizeof(piece));
	limbo_sha256_init(&c);
	while (left) {
		size_t n;

		seed = seed * 1103515245u + 12345u;
		n = (seed >> 16) % (sizeof(piece) + 1);
		if (n > left)
			n = left;
		limbo_sha256_update(&c, piece, n);
		left -= n;
	}
	limbo_sha256_final(&c, d);
	assert_digest(d, million_a_hex);
}

/* Lengths around the padding boundaries (55, 56, 63, 64 bytes) agree. */
static void test_padding_boundaries(void **state)
{
	uint8_t whole[LIMBO_SHA256_SIZE], bytewise[LIMBO_SHA256_SIZE];
	uint8_t msg[130];
	size_t len, i;

	(void)state;
	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i * 7 + 3);
	for (len = 0; len <= sizeof(msg); len++) {
		struct limbo_sha256 c;

		limbo_sha256(msg, len, whole);
		limbo_sha256_init(&c);
		for (i = 0; i < len; i++)
			limbo_sha256_update(&c, msg + i, 1);
		limbo_sha256_final(&c, bytewise);
		assert_memory_equal(whole, bytewise, sizeof(whole));
	}
}

static int need_ni(void)
{
	if (limbo_sha256_ni_supported())
		return 1;
	print_message("SKIP: this CPU has no SHA-NI (CPUID.7.0:EBX.SHA, SSSE3, SSE4.1)\n");
	return 0;
}

/* The NIST vectors again, through SHA-NI. */
static void test_ni_vectors(void **state)
{
	(void)state;
	if (!need_ni()) {
		skip();
		return;
	}
	assert_int_equal(limbo_sha256_use_ni(1), 0);
	test_vectors_whole(state);
	test_vectors_split(state);
	test_million_a_pieces(state);
	limbo_sha256_use_ni(0);
}

/* Random lengths at random alignments: SHA-NI and portable C agree. */
static void test_ni_matches_c(void **state)
{
	static uint8_t buf[70000 + 64];
	uint8_t c[LIMBO_SHA256_SIZE], ni[LIMBO_SHA256_SIZE];
	uint32_t seed = 777;
	size_t i;
	int t;

	(void)state;
	if (!need_ni()) {
		skip();
		return;
	}
	for (i = 0; i < sizeof(buf); i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = (uint8_t)(seed >> 16);
	}
	for (t = 0; t < 300; t++) {
		size_t off, len;

		seed = seed * 1103515245u + 12345u;
		off = (seed >> 8) % 64;
		seed = seed * 1103515245u + 12345u;
		len = t < 140 ? (size_t)t : (seed >> 4) % 70000;
		limbo_sha256_use_ni(0);
		limbo_sha256(buf + off, len, c);
		assert_int_equal(limbo_sha256_use_ni(1), 0);
		assert_true(limbo_sha256_using_ni());
		limbo_sha256(buf + off, len, ni);
		limbo_sha256_use_ni(0);
		assert_memory_equal(c, ni, sizeof(c));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ni_vectors),
		cmocka_unit_test(test_ni_matches_c),
		cmocka_unit_test(test_vectors_whole),
		cmocka_unit_test(test_vectors_split),
		cmocka_unit_test(test_million_a),
		cmocka_unit_test(test_million_a_pieces),
		cmocka_unit_test(test_padding_boundaries),
	};

	return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}
