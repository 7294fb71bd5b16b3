/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small structured-output writer with two back-ends: text for people
 * and JSON for programs.  The report decoder describes each section once
 * (fields with a JSON key, a human label and a typed value) and the
 * back-end decides what to print.
 *
 * Names and labels:
 *   key   NULL: not in the JSON.  Inside a JSON array, any other key
 *         (EM_ITEM by convention) makes an element.
 *   label NULL: not in the text.  "": the value alone, no label.
 *
 * Text layout: a section is a blank line and its title; the value-only
 * fields given right after it join the title line ("local APIC: not
 * run").  Other fields are lines "  label   value".  A LINE container
 * gathers its fields on one line ("vector 14, error 0x2", "none" when
 * it shows nothing); em_break() goes on on the next line.  COLUMNS shows
 * its (two) child objects side by side, a row per line they print;
 * TABLE shows its ROW children one per line, under a header made of the
 * first row's labels.
 *
 * Limits are set by the decoder's own layout, not by its input: a text
 * line or cell longer than the buffer ends in "...".
 */
#ifndef LIMBO_EMIT_H
#define LIMBO_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define EM_ITEM	""	/* the key of an array element */

enum em_type {
	EM_NULL,
	EM_U64,
	EM_HEX,		/* JSON: a string "0x..." (no precision lost past 2^53) */
	EM_BOOL,
	EM_STR,		/* at most .n bytes, up to a NUL; .s NULL is null */
	EM_FIX1,	/* a number with one decimal */
};

struct em_val {
	enum em_type type;
	uint64_t u;
	double d;
	const char *s;
	size_t n;
};

#define EM_NUL		((struct em_val){ .type = EM_NULL })
#define EM_U(x)		((struct em_val){ .type = EM_U64, .u = (x) })
#define EM_X(x)		((struct em_val){ .type = EM_HEX, .u = (x) })
#define EM_B(x)		((struct em_val){ .type = EM_BOOL, .u = !!(x) })
#define EM_S(x)		((struct em_val){ .type = EM_STR, .s = (x), .n = SIZE_MAX })
#define EM_SN(x, len)	((struct em_val){ .type = EM_STR, .s = (x), .n = (len) })
#define EM_F1(x)	((struct em_val){ .type = EM_FIX1, .d = (x) })

/* What a container is in each back-end. */
enum em_json { EM_J_NONE, EM_J_OBJ, EM_J_ARR };
enum em_text {
	EM_T_NONE,	/* its fields are lines of the enclosing block */
	EM_T_HIDDEN,	/* nothing inside is shown */
	EM_T_SECTION,	/* blank line, title */
	EM_T_LINE,	/* "  label       field, field, ..." */
	EM_T_BULLET,	/* "  label field, ...": the label unpadded ("!") */
	EM_T_COLUMNS,	/* child objects side by side */
	EM_T_TABLE,	/* ROW children, a header row first */
	EM_T_ROW,
};

#define EM_DEPTH	12
#define EM_LINE_MAX	2048
#define EM_LABEL_MAX	32
#define EM_CELL_MAX	1024
#define EM_ROWS		24

struct em_frame {
	enum em_json j;		/* as opened: EM_J_NONE when not in the JSON */
	enum em_text t;
	bool comma;		/* JSON: this container has a member already */
	int children;		/* COLUMNS: columns begun; TABLE: rows shown */
};

struct em_cell {
	char label[EM_LABEL_MAX];
	char text[EM_CELL_MAX];
};

/*
 * One output in progress.  It lives on the caller's stack (no allocation,
 * so no failure path); its members belong to emit.c.
 */
struct emit {
	const struct em_ops *ops;
	FILE *f;
	int depth;
	struct em_frame st[EM_DEPTH];

	/* text: the line being built */
	struct {
		bool open, brk;
		enum em_text kind;	/* SECTION, LINE, BULLET or ROW */
		int indent;		/* BULLET */
		int shown;		/* fields on it */
		size_t len, hlen;
		char label[EM_LABEL_MAX];
		char buf[EM_LINE_MAX];
		char hdr[EM_LINE_MAX];	/* ROW: the labels, for the header */
	} line;
	int sections;		/* open sections: BULLETs are indented */
	char table_head[EM_LABEL_MAX];	/* TABLE: its label, the header's first cell */
	/* text: COLUMNS, column 0 is kept until column 1 prints beside it */
	struct {
		int col;		/* being captured: 0, 1, or -1 */
		int n, printed;
		bool absent[2];
		char title[2][EM_LABEL_MAX];
		struct em_cell cell[EM_ROWS];
	} cols;
};

void em_init_text(struct emit *e, FILE *f);
void em_init_json(struct emit *e, FILE *f);
/* Closes what is still open and ends the output. */
void em_finish(struct emit *e);

void em_open(struct emit *e, const char *key, const char *label,
	     enum em_json j, enum em_text t);
void em_close(struct emit *e);
void em_val(struct emit *e, const char *key, const char *label, struct em_val v);
/* The same, with the text a person reads instead of the value's default. */
void em_valf(struct emit *e, const char *key, const char *label,
	     struct em_val v, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* A LINE or BULLET goes on on a new line (if anything more is shown). */
void em_break(struct emit *e);

/* An enum: its name; else null (text "unknown (N)") and "<key>_raw": N. */
void em_enum(struct emit *e, const char *key, const char *label,
	     const char *name, uint64_t raw);

/* A JSON object under @key (or nothing) with a text section @title. */
static inline void em_section(struct emit *e, const char *key, const char *title)
{
	em_open(e, key, title, key ? EM_J_OBJ : EM_J_NONE, EM_T_SECTION);
}

/* A JSON object that adds nothing to the text layout. */
static inline void em_object(struct emit *e, const char *key)
{
	em_open(e, key, NULL, EM_J_OBJ, EM_T_NONE);
}

/* One text line; a JSON object too when @key is given. */
static inline void em_line(struct emit *e, const char *key, const char *label)
{
	em_open(e, key, label, key ? EM_J_OBJ : EM_J_NONE, EM_T_LINE);
}

#endif /* LIMBO_EMIT_H */
