// SPDX-License-Identifier: GPL-2.0-only
/*
 * The two back-ends of emit.h.  JSON is written as it comes (RFC 8259,
 * ASCII only: other bytes become \u00XX, read as Latin-1); text is built
 * a line at a time, because a line's layout is only known when it ends
 * (a header row, a column beside another, "none" for an empty line).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "emit.h"

#define KEY_W	18	/* text: label column */
#define COL_W	30	/* text: a COLUMNS cell */
#define CELL_W	20	/* text: a ROW cell */

struct em_ops {
	void (*open)(struct emit *e, const char *key, const char *label);
	void (*close)(struct emit *e);
	void (*value)(struct emit *e, const char *key, const char *label,
		      const struct em_val *v, const char *text);
	void (*brk)(struct emit *e);
	void (*finish)(struct emit *e);
	bool text;		/* wants the human text of values */
};

static struct em_frame *top(struct emit *e)
{
	return &e->st[e->depth];
}

static struct em_frame *parent(struct emit *e)
{
	return e->depth ? &e->st[e->depth - 1] : NULL;
}

/* ---- front end ------------------------------------------------------------ */

static void em_init(struct emit *e, const struct em_ops *ops, FILE *f)
{
	memset(e, 0, sizeof(*e));
	e->ops = ops;
	e->f = f;
	e->cols.col = -1;
}

void em_open(struct emit *e, const char *key, const char *label,
	     enum em_json j, enum em_text t)
{
	/* the nesting is the decoder's, never its input's: a bug if exceeded */
	if (e->depth == EM_DEPTH - 1)
		abort();
	e->depth++;
	*top(e) = (struct em_frame){ .j = j, .t = t };
	e->ops->open(e, key, label);
}

void em_close(struct emit *e)
{
	if (!e->depth)
		abort();
	e->ops->close(e);
	e->depth--;
}

void em_val(struct emit *e, const char *key, const char *label, struct em_val v)
{
	e->ops->value(e, key, label, &v, NULL);
}

void em_valf(struct emit *e, const char *key, const char *label,
	     struct em_val v, const char *fmt, ...)
{
	char text[EM_LINE_MAX];
	va_list ap;

	if (!e->ops->text || !label) {
		e->ops->value(e, key, label, &v, NULL);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	e->ops->value(e, key, label, &v, text);
}

void em_break(struct emit *e)
{
	e->ops->brk(e);
}

void em_enum(struct emit *e, const char *key, const char *label,
	     const char *name, uint64_t raw)
{
	char k[64];

	if (name) {
		em_val(e, key, label, EM_S(name));
		return;
	}
	em_valf(e, key, label, EM_NUL, "unknown (%llu)", (unsigned long long)raw);
	if (key) {
		snprintf(k, sizeof(k), "%s_raw", key);
		em_val(e, k, NULL, EM_U(raw));
	}
}

void em_finish(struct emit *e)
{
	while (e->depth)
		em_close(e);
	e->ops->finish(e);
}

/* ---- JSON ------------------------------------------------------------------ */

static void json_string(FILE *f, const char *s, size_t n)
{
	size_t i;

	fputc('"', f);
	for (i = 0; i < n && s[i]; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* The innermost frame that is in the JSON (the root object at worst). */
static struct em_frame *json_container(struct emit *e, int below)
{
	int d;

	for (d = e->depth - below; d > 0; d--)
		if (e->st[d].j != EM_J_NONE)
			break;
	return &e->st[d];
}

/* Starts a member of the container @below frames down; false: none. */
static bool json_member(struct emit *e, const char *key, int below)
{
	struct em_frame *c = json_container(e, below);

	if (!key)
		return false;
	if (c->comma)
		fputc(',', e->f);
	c->comma = true;
	if (c->j != EM_J_ARR) {
		json_string(e->f, key, strlen(key));
		fputc(':', e->f);
	}
	return true;
}

static void json_open(struct emit *e, const char *key, const char *label)
{
	struct em_frame *t = top(e);

	(void)label;
	if (t->j == EM_J_NONE || !json_member(e, key, 1)) {
		t->j = EM_J_NONE;
		return;
	}
	fputc(t->j == EM_J_ARR ? '[' : '{', e->f);
}

static void json_close(struct emit *e)
{
	if (top(e)->j != EM_J_NONE)
		fputc(top(e)->j == EM_J_ARR ? ']' : '}', e->f);
}

static void json_value(struct emit *e, const char *key, const char *label,
		       const struct em_val *v, const char *text)
{
	(void)label;
	(void)text;
	if (!json_member(e, key, 0))
		return;
	switch (v->type) {
	case EM_U64:
		fprintf(e->f, "%llu", (unsigned long long)v->u);
		break;
	case EM_HEX:
		fprintf(e->f, "\"0x%llx\"", (unsigned long long)v->u);
		break;
	case EM_BOOL:
		fputs(v->u ? "true" : "false", e->f);
		break;
	case EM_FIX1:
		fprintf(e->f, "%.1f", v->d);
		break;
	case EM_STR:
		if (v->s) {
			json_string(e->f, v->s, v->n);
			break;
		}
		/* fall through */
	case EM_NULL:
		fputs("null", e->f);
		break;
	}
}

static void json_brk(struct emit *e)
{
	(void)e;
}

static void json_finish(struct emit *e)
{
	fputs("}\n", e->f);
}

static const struct em_ops json_ops = {
	.open = json_open,
	.close = json_close,
	.value = json_value,
	.brk = json_brk,
	.finish = json_finish,
	.text = false,
};

void em_init_json(struct emit *e, FILE *f)
{
	em_init(e, &json_ops, f);
	e->st[0].j = EM_J_OBJ;	/* the root: one object */
	fputc('{', f);
}

/* ---- text ------------------------------------------------------------------ */

/* Appends to @buf (@cap bytes, *len used); a cut end shows as "...". */
static void cat(char *buf, size_t cap, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void cat(char *buf, size_t cap, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= cap - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, cap - *len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < cap - *len) {
		*len += n;
		return;
	}
	*len = cap - 1;
	memcpy(buf + cap - 4, "...", 4);
}

static void copy(char *dst, size_t cap, const char *src)
{
	size_t len = 0;

	dst[0] = 0;
	cat(dst, cap, &len, "%s", src);
}

static bool text_hidden(const struct emit *e)
{
	int d;

	for (d = 1; d <= e->depth; d++)
		if (e->st[d].t == EM_T_HIDDEN)
			return true;
	return false;
}

static void trim(char *s)
{
	size_t n = strlen(s);

	while (n && s[n - 1] == ' ')
		s[--n] = 0;
}

static void cols_row(struct emit *e, const char *label, const char *a,
		     const char *b)
{
	fprintf(e->f, "  %-*s %-*s %s\n", KEY_W, label, COL_W, a, b);
}

/* Column 0 beside @text of column 1 (or "absent"), then the rest of 0. */
static void cols_flush(struct emit *e, const char *label, const char *text)
{
	const char *other = e->cols.absent[0] ? "absent" : "";

	if (e->cols.printed < e->cols.n) {
		struct em_cell *c = &e->cols.cell[e->cols.printed];

		cols_row(e, c->label, c->text, text);
	} else {
		cols_row(e, label, other, text);
	}
	e->cols.printed++;
}

/* A finished line of the block: printed, or kept as a column's cell. */
static void text_row(struct emit *e, const char *label, const char *text)
{
	struct em_cell *c;

	if (e->cols.col == 0) {
		if (e->cols.n == EM_ROWS)
			return;
		c = &e->cols.cell[e->cols.n++];
		copy(c->label, sizeof(c->label), label);
		copy(c->text, sizeof(c->text), text);
	} else if (e->cols.col == 1) {
		cols_flush(e, label, text);
	} else {
		fprintf(e->f, "  %-*s %s\n", KEY_W, label, text);
	}
}

static struct em_frame *text_table(struct emit *e)
{
	int d;

	for (d = e->depth; d > 0; d--)
		if (e->st[d].t == EM_T_TABLE)
			return &e->st[d];
	return NULL;
}

static void line_end(struct emit *e)
{
	struct em_frame *table;

	if (!e->line.open)
		return;
	e->line.open = false;
	switch (e->line.kind) {
	case EM_T_SECTION:
		fprintf(e->f, "\n%s%s\n", e->line.label, e->line.buf);
		break;
	case EM_T_BULLET:
		fprintf(e->f, "%*s%s %s\n", e->line.indent, "", e->line.label,
			e->line.buf);
		break;
	case EM_T_ROW:
		trim(e->line.buf);
		table = text_table(e);
		if (table && !table->children++) {
			trim(e->line.hdr);
			fprintf(e->f, "  %-*s %s\n", KEY_W, e->table_head,
				e->line.hdr);
		}
		text_row(e, e->line.label, e->line.buf);
		break;
	default:
		text_row(e, e->line.label, e->line.buf);
		break;
	}
}

static void line_start(struct emit *e, enum em_text kind, const char *label)
{
	line_end(e);
	e->line.open = true;
	e->line.brk = false;
	e->line.kind = kind;
	e->line.indent = e->sections ? 2 : 0;
	e->line.shown = 0;
	e->line.len = e->line.hlen = 0;
	e->line.buf[0] = e->line.hdr[0] = 0;
	copy(e->line.label, sizeof(e->line.label), label ? label : "");
}

static void line_add(struct emit *e, const char *label, const char *text)
{
	char *b = e->line.buf;
	size_t cap = sizeof(e->line.buf);

	if (e->line.brk) {
		enum em_text kind = e->line.kind;
		char keep[EM_LABEL_MAX];

		/* a BULLET goes on under its text, a LINE under its fields */
		snprintf(keep, sizeof(keep), "%*s", kind == EM_T_BULLET ?
			 (int)strlen(e->line.label) : 0, "");
		line_start(e, kind, keep);
	}
	if (e->line.kind == EM_T_ROW) {
		cat(b, cap, &e->line.len, "%-*s ", CELL_W, text);
		cat(e->line.hdr, sizeof(e->line.hdr), &e->line.hlen, "%-*s ",
		    CELL_W, label);
		return;
	}
	if (e->line.shown++)
		cat(b, cap, &e->line.len, ", ");
	else if (e->line.kind == EM_T_SECTION)
		cat(b, cap, &e->line.len, ": ");
	cat(b, cap, &e->line.len, "%s%s%s", label, *label ? " " : "", text);
}

/* The default text of a value: printable ASCII as is, other bytes \xNN. */
static void text_default(char *buf, size_t cap, const struct em_val *v)
{
	size_t len = 0, i;

	buf[0] = 0;
	switch (v->type) {
	case EM_U64:
		cat(buf, cap, &len, "%llu", (unsigned long long)v->u);
		break;
	case EM_HEX:
		cat(buf, cap, &len, "0x%llx", (unsigned long long)v->u);
		break;
	case EM_BOOL:
		cat(buf, cap, &len, "%s", v->u ? "yes" : "no");
		break;
	case EM_FIX1:
		cat(buf, cap, &len, "%.1f", v->d);
		break;
	case EM_STR:
		if (!v->s)
			goto null;
		for (i = 0; i < v->n && v->s[i]; i++) {
			unsigned char c = v->s[i];

			if (isprint(c) && c < 0x80)
				cat(buf, cap, &len, "%c", c);
			else
				cat(buf, cap, &len, "\\x%02x", c);
		}
		break;
	case EM_NULL:
null:
		cat(buf, cap, &len, "absent");
		break;
	}
}

/*
 * Column @p->children of COLUMNS @p begins, titled @label; an @absent one
 * shows "absent" beside the other.  The header row comes with column 1.
 */
static void col_begin(struct emit *e, struct em_frame *p, const char *label,
		      bool absent)
{
	int c = p->children++;

	line_end(e);
	e->cols.col = absent || c > 1 ? -1 : c;
	if (c < 2) {
		copy(e->cols.title[c], EM_LABEL_MAX, label ? label : "");
		e->cols.absent[c] = absent;
	}
	if (c == 1)
		cols_row(e, "", e->cols.title[0], e->cols.title[1]);
}

static void text_open(struct emit *e, const char *key, const char *label)
{
	struct em_frame *t = top(e), *p = parent(e);

	(void)key;
	if (text_hidden(e))
		return;
	if (p && p->t == EM_T_COLUMNS)
		col_begin(e, p, label, false);
	switch (t->t) {
	case EM_T_SECTION:
		line_start(e, t->t, label);
		e->sections++;
		break;
	case EM_T_LINE:
	case EM_T_BULLET:
	case EM_T_ROW:
		line_start(e, t->t, label);
		break;
	case EM_T_COLUMNS:
		line_end(e);
		memset(&e->cols, 0, sizeof(e->cols));
		e->cols.col = -1;
		break;
	case EM_T_TABLE:
		line_end(e);
		copy(e->table_head, EM_LABEL_MAX, label ? label : "");
		break;
	default:
		break;
	}
}

static void cols_close(struct emit *e, struct em_frame *t)
{
	if (t->children < 2) {
		/* column 1 never came: the header, then column 0 alone */
		if (!t->children)
			copy(e->cols.title[0], EM_LABEL_MAX, "");
		cols_row(e, "", e->cols.title[0], e->cols.title[1]);
		e->cols.absent[1] = true;
	}
	if (!e->cols.n && !e->cols.printed)
		cols_row(e, "", e->cols.absent[0] ? "absent" : "",
			 e->cols.absent[1] ? "absent" : "");
	while (e->cols.printed < e->cols.n)
		cols_flush(e, "", e->cols.absent[1] ? "absent" : "");
	e->cols.col = -1;
}

static void text_close(struct emit *e)
{
	struct em_frame *t = top(e), *p = parent(e);

	if (text_hidden(e))
		return;
	switch (t->t) {
	case EM_T_LINE:
	case EM_T_BULLET:
		if (e->line.open && !e->line.shown && !e->line.brk)
			line_add(e, "", "none");
		line_end(e);
		break;
	case EM_T_SECTION:
		line_end(e);
		e->sections--;
		break;
	case EM_T_ROW:
		line_end(e);
		break;
	case EM_T_COLUMNS:
		line_end(e);
		cols_close(e, t);
		break;
	default:
		break;
	}
	if (p && p->t == EM_T_COLUMNS) {	/* a column ends */
		line_end(e);
		e->cols.col = -1;
	}
}

static void text_value(struct emit *e, const char *key, const char *label,
		       const struct em_val *v, const char *text)
{
	struct em_frame *t = top(e);
	char def[EM_LINE_MAX];

	(void)key;
	if (!label || text_hidden(e))
		return;
	if (!text) {
		text_default(def, sizeof(def), v);
		text = def;
	}
	if (t->t == EM_T_COLUMNS) {	/* a column that is not there */
		col_begin(e, t, label, true);
		return;
	}
	if (e->line.open && e->line.kind != EM_T_SECTION) {
		line_add(e, label, text);
		return;
	}
	if (e->line.open && !*label && !e->line.brk) {	/* joins the title */
		line_add(e, label, text);
		return;
	}
	line_end(e);
	text_row(e, label, text);
}

static void text_brk(struct emit *e)
{
	if (e->line.open && e->line.shown)
		e->line.brk = true;
}

static void text_finish(struct emit *e)
{
	line_end(e);
}

static const struct em_ops text_ops = {
	.open = text_open,
	.close = text_close,
	.value = text_value,
	.brk = text_brk,
	.finish = text_finish,
	.text = true,
};

void em_init_text(struct emit *e, FILE *f)
{
	em_init(e, &text_ops, f);
}
