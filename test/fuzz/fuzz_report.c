// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: arbitrary bytes through limbo_report_check() and the
 * decoder, human and JSON.  Each input is tried twice: as found (nearly
 * always stopped by the check), and with its header forced valid and
 * resealed over a size the input picks, so every byte pattern reaches
 * the decoder.  The JSON must always parse.
 *
 * test/unit/test_report.c links this file to replay inputs under gcc and
 * to check its JSON with fuzz_json_valid().
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "report-decode.h"

/* ---- a strict JSON syntax check (RFC 8259, ASCII only) ------------------ */

struct jp {
	const char *s;
	size_t i, n;
	int depth;
};

static bool jp_value(struct jp *p);

static int jp_peek(const struct jp *p)
{
	return p->i < p->n ? (unsigned char)p->s[p->i] : -1;
}

static void jp_ws(struct jp *p)
{
	while (p->i < p->n && strchr(" \t\r\n", p->s[p->i]) && p->s[p->i])
		p->i++;
}

static bool jp_eat(struct jp *p, int c)
{
	if (jp_peek(p) != c)
		return false;
	p->i++;
	return true;
}

static bool jp_digits(struct jp *p)
{
	size_t start = p->i;

	while (jp_peek(p) >= '0' && jp_peek(p) <= '9')
		p->i++;
	return p->i > start;
}

static bool jp_number(struct jp *p)
{
	jp_eat(p, '-');
	if (jp_eat(p, '0')) {
		if (jp_peek(p) >= '0' && jp_peek(p) <= '9')
			return false;
	} else if (!jp_digits(p)) {
		return false;
	}
	if (jp_eat(p, '.') && !jp_digits(p))
		return false;
	if (jp_eat(p, 'e') || jp_eat(p, 'E')) {
		if (!jp_eat(p, '+'))
			jp_eat(p, '-');
		if (!jp_digits(p))
			return false;
	}
	return true;
}

static bool jp_string(struct jp *p)
{
	int c, k;

	if (!jp_eat(p, '"'))
		return false;
	for (;;) {
		c = jp_peek(p);
		if (c < 0x20 || c >= 0x7f)
			return false;
		p->i++;
		if (c == '"')
			return true;
		if (c != '\\')
			continue;
		c = jp_peek(p);
		p->i++;
		if (c == 'u') {
			for (k = 0; k < 4; k++, p->i++)
				if (!strchr("0123456789abcdefABCDEF", jp_peek(p)) ||
				    jp_peek(p) <= 0)
					return false;
		} else if (c < 0 || !strchr("\"\\/bfnrt", c) || !c) {
			return false;
		}
	}
}

static bool jp_literal(struct jp *p, const char *lit)
{
	size_t n = strlen(lit);

	if (p->n - p->i < n || memcmp(p->s + p->i, lit, n))
		return false;
	p->i += n;
	return true;
}

/* '{' or '[' already seen */
static bool jp_members(struct jp *p, int close, bool keys)
{
	jp_ws(p);
	if (jp_eat(p, close))
		return true;
	for (;;) {
		jp_ws(p);
		if (keys) {
			if (!jp_string(p))
				return false;
			jp_ws(p);
			if (!jp_eat(p, ':'))
				return false;
		}
		if (!jp_value(p))
			return false;
		jp_ws(p);
		if (jp_eat(p, close))
			return true;
		if (!jp_eat(p, ','))
			return false;
	}
}

static bool jp_value(struct jp *p)
{
	bool ok;
	int c;

	jp_ws(p);
	switch ((c = jp_peek(p))) {
	case '{':
	case '[':
		if (++p->depth > 64)
			return false;
		p->i++;
		ok = jp_members(p, c == '{' ? '}' : ']', c == '{');
		p->depth--;
		return ok;
	case '"':
		return jp_string(p);
	case 't':
		return jp_literal(p, "true");
	case 'f':
		return jp_literal(p, "false");
	case 'n':
		return jp_literal(p, "null");
	default:
		return jp_number(p);
	}
}

bool fuzz_json_valid(const char *s, size_t n);

/* One JSON object and nothing else but white space. */
bool fuzz_json_valid(const char *s, size_t n)
{
	struct jp p = { s, 0, n, 0 };

	jp_ws(&p);
	if (jp_peek(&p) != '{' || !jp_value(&p))
		return false;
	jp_ws(&p);
	return p.i == n;
}

/* ---- the target ------------------------------------------------------------ */

static void decode_all(const struct limbo_report_view *v)
{
	struct limbo_decode_opts o = { .tsc_mhz = 2400 };
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
	if (!fuzz_json_valid(text, len)) {
		fprintf(stderr, "invalid JSON:\n%s\n", text);
		abort();
	}
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
