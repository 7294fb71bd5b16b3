// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: arbitrary bytes through limbo_report_check() and the
 * decoder, human and JSON.  Each input is tried twice: as found (nearly
 * always stopped by the check), and with its header forced valid and
 * resealed over a size the input picks, so every byte pattern reaches
 * the decoder.  The JSON must always parse (libjansson reads it back) and
 * say the exit code limbo-report returns.
 *
 * test/unit/test_report.c links this file to replay inputs under gcc.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "report-decode.h"

/* ---- the target ------------------------------------------------------------ */

static void decode_all(const struct limbo_report_view *v)
{
	struct limbo_decode_opts o = { .tsc_mhz = 2400 };
	json_t *root, *code;
	json_error_t err;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	f = open_memstream(&text, &len);
	if (!f)
		abort();
	limbo_report_print(f, v, &o);
	fclose(f);
	free(text);

	f = open_memstream(&text, &len);
	if (!f)
		abort();
	limbo_report_print_json(f, v, &o);
	fclose(f);
	/* numbers as doubles: a u64 TSC stamp may be past int64 */
	root = json_loadb(text, len, JSON_DECODE_INT_AS_REAL, &err);
	if (!root) {
		fprintf(stderr, "invalid JSON (%s at %d:%d):\n%s\n", err.text,
			err.line, err.column, text);
		abort();
	}
	code = json_object_get(root, "exit_code");
	if (!json_is_object(root) || !json_is_number(code) ||
	    json_number_value(code) != limbo_report_exit_code(v)) {
		fprintf(stderr, "exit_code is not %d:\n%s\n",
			limbo_report_exit_code(v), text);
		abort();
	}
	json_decref(root);
	free(text);
}

/* Force a sound header on @len >= 16 bytes, keeping the input's choices. */
static void fuzz_reseal(uint8_t *buf, size_t len)
{
	struct limbo_report_hdr h;

	memcpy(&h, buf, sizeof(h));
	h.magic = LIMBO_REPORT_MAGIC;
	h.hdr_size = sizeof(h);
	if (!h.version)
		h.version = 1;
	h.size = sizeof(h) + h.size % (len - sizeof(h) + 1);
	h.crc32 = 0;
	memcpy(buf, &h, sizeof(h));
	h.crc32 = limbo_crc32(buf, h.size);
	memcpy(buf, &h, sizeof(h));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct limbo_report_view *v = malloc(sizeof(*v));
	uint8_t *copy;

	if (!v)
		abort();
	if (!limbo_report_load(v, data, size))
		decode_all(v);
	if (size >= sizeof(struct limbo_report_hdr)) {
		copy = malloc(size);
		if (!copy)
			abort();
		memcpy(copy, data, size);
		fuzz_reseal(copy, size);
		if (limbo_report_load(v, copy, size))
			abort();
		decode_all(v);
		free(copy);
	}
	free(v);
	return 0;
}
