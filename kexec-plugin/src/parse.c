// SPDX-License-Identifier: GPL-2.0-only
/*
 * The parsers behind the plugin's hardware discovery: see parse.h.
 *
 * Every parser takes bytes from outside (firmware tables, procfs text),
 * never reads past them, and either accepts them whole or says why not.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "parse.h"

/* ---- small helpers -------------------------------------------------------- */

static uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t get_u64(const uint8_t *p)
{
	return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32;
}

__attribute__((format(printf, 2, 3)))
static const char *fail(char *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, LIMBO_ERR_LEN, fmt, ap);
	va_end(ap);
	return err;
}

bool limbo_apic_id_listed(const uint32_t *ids, unsigned int n, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* ---- ACPI MADT -------------------------------------------------------------- */

enum {
	MADT_LAPIC = 0,
	MADT_IOAPIC = 1,
	MADT_INT_OVERRIDE = 2,
	MADT_NMI_SOURCE = 3,
	MADT_LAPIC_NMI = 4,
	MADT_LAPIC_OVERRIDE = 5,
	MADT_X2APIC = 9,
	MADT_X2APIC_NMI = 10,
};

#define MADT_CPU_ENABLED	(1u << 0)
#define MADT_CPU_ONLINE_CAPABLE	(1u << 1)	/* MADT revision 5 (ACPI 6.3) on */

static const struct madt_type {
	uint8_t type;
	uint8_t min_len;
	const char *name;
} madt_types[] = {
	{ MADT_LAPIC, 8, "Processor Local APIC" },
	{ MADT_IOAPIC, 12, "I/O APIC" },
	{ MADT_INT_OVERRIDE, 10, "Interrupt Source Override" },
	{ MADT_NMI_SOURCE, 8, "NMI Source" },
	{ MADT_LAPIC_NMI, 6, "Local APIC NMI" },
	{ MADT_LAPIC_OVERRIDE, 12, "Local APIC Address Override" },
	{ MADT_X2APIC, 16, "Processor Local x2APIC" },
	{ MADT_X2APIC_NMI, 12, "Local x2APIC NMI" },
};

static const struct madt_type *madt_type(uint8_t type)
{
	size_t i;

	for (i = 0; i < sizeof(madt_types) / sizeof(madt_types[0]); i++)
		if (madt_types[i].type == type)
			return &madt_types[i];
	return NULL;
}

static const char *madt_header(const uint8_t *b, size_t len, struct limbo_madt *m,
			       uint32_t *table_len)
{
	uint32_t tl, i;
	uint8_t sum = 0;
	char sig[5];

	if (len < LIMBO_MADT_HDR_LEN)
		return fail(m->err, "MADT: %zu bytes, shorter than the %u-byte header",
			    len, LIMBO_MADT_HDR_LEN);
	if (memcmp(b, "APIC", 4)) {
		for (i = 0; i < 4; i++)
			sig[i] = b[i] >= 0x20 && b[i] < 0x7f ? (char)b[i] : '?';
		sig[4] = '\0';
		return fail(m->err, "MADT: signature '%s' is not 'APIC'", sig);
	}
	tl = get_u32(b + 4);
	if (tl > len)
		return fail(m->err, "MADT: length field %u is larger than the %zu bytes read",
			    tl, len);
	if (tl < LIMBO_MADT_HDR_LEN)
		return fail(m->err, "MADT: length field %u is smaller than the %u-byte header",
			    tl, LIMBO_MADT_HDR_LEN);
	for (i = 0; i < tl; i++)
		sum += b[i];
	if (sum)
		return fail(m->err, "MADT: bad checksum (bytes sum to 0x%02x, not 0)", sum);
	m->revision = b[8];
	m->lapic_address = get_u32(b + 36);
	m->flags = get_u32(b + 40);
	*table_len = tl;
	return NULL;
}

/* One Processor Local APIC or x2APIC entry; @off names it in messages. */
static const char *madt_cpu(struct limbo_madt *m, uint32_t id, uint32_t flags,
			    uint32_t off, bool x2)
{
	bool online_capable = m->revision >= 5 && (flags & MADT_CPU_ONLINE_CAPABLE);

	if (id == (x2 ? 0xffffffffu : 0xffu)) {	/* not a CPU: a placeholder */
		m->invalid_ids++;
		return NULL;
	}
	if (!(flags & MADT_CPU_ENABLED)) {
		if (!online_capable) {
			m->disabled++;
			return NULL;
		}
		m->online_capable++;
	} else if (limbo_apic_id_listed(m->apic_ids, m->cpu_count, id)) {
		m->duplicates++;
		return NULL;
	} else {
		if (m->cpu_count == LIMBO_MAX_CPUS) {	/* well-formed: carry what fits */
			m->cpus_beyond++;
			goto max;
		}
		if (!m->cpu_count)
			m->boot_apic_id = id;
		m->apic_ids[m->cpu_count++] = id;
		m->x2apic_entries += x2;
	}
max:
	if (m->max_apic_id == LIMBO_APIC_ID_UNKNOWN || id > m->max_apic_id)
		m->max_apic_id = id;
	(void)off;
	return NULL;
}

static const char *madt_ioapic(struct limbo_madt *m, const uint8_t *e, uint32_t off)
{
	struct limbo_config_ioapic *io;
	uint32_t addr = get_u32(e + 4);
	unsigned int i;

	if (!limbo_ioapic_address_ok(addr))
		return fail(m->err, "MADT IO-APIC id %u at offset %u: address 0x%x is not "
			    "1 KiB aligned between 1 MiB and 4 GiB", e[2], off, addr);
	for (i = 0; i < m->ioapic_count; i++)
		if (m->ioapics[i].address == addr)
			return fail(m->err, "MADT lists IO-APIC address 0x%x twice", addr);
	if (m->ioapic_count == LIMBO_MAX_IOAPICS_ALL) {	/* well-formed: carry what fits */
		m->ioapics_beyond++;
		return NULL;
	}
	io = &m->ioapics[m->ioapic_count++];
	io->id = e[2];
	io->address = addr;
	io->gsi_base = get_u32(e + 8);
	return NULL;
}

static const char *madt_entry(struct limbo_madt *m, const uint8_t *e, uint32_t off)
{
	switch (e[0]) {
	case MADT_LAPIC:
		return madt_cpu(m, e[3], get_u32(e + 4), off, false);
	case MADT_X2APIC:
		return madt_cpu(m, get_u32(e + 4), get_u32(e + 8), off, true);
	case MADT_IOAPIC:
		return madt_ioapic(m, e, off);
	case MADT_INT_OVERRIDE:
		m->overrides++;
		return NULL;
	case MADT_LAPIC_NMI:
	case MADT_X2APIC_NMI:
		m->nmis++;
		return NULL;
	case MADT_LAPIC_OVERRIDE:
		if (m->lapic_override)
			return fail(m->err, "MADT has a second Local APIC Address Override "
				    "(offset %u)", off);
		m->lapic_override = 1;
		m->lapic_address = get_u64(e + 4);
		return NULL;
	default:
		m->unknown++;
		return NULL;
	}
}

const char *limbo_parse_madt(const void *buf, size_t len, struct limbo_madt *m)
{
	const uint8_t *b = buf;
	const char *err;
	uint32_t tl = 0, off;

	memset(m, 0, sizeof(*m));
	m->boot_apic_id = LIMBO_APIC_ID_UNKNOWN;
	m->max_apic_id = LIMBO_APIC_ID_UNKNOWN;
	err = madt_header(b, len, m, &tl);
	if (err)
		return err;
	for (off = LIMBO_MADT_HDR_LEN; off < tl; ) {
		const struct madt_type *t;
		uint32_t el;

		if (tl - off < 2)
			return fail(m->err, "MADT: 1 stray byte at offset %u, after the last entry",
				    off);
		el = b[off + 1];
		if (el < 2)
			return fail(m->err, "MADT entry at offset %u (type %u): length %u, "
				    "less than 2", off, b[off], el);
		if (el > tl - off)
			return fail(m->err, "MADT entry at offset %u (type %u): length %u runs "
				    "past the table's end at %u", off, b[off], el, tl);
		t = madt_type(b[off]);
		if (t && el < t->min_len)
			return fail(m->err, "MADT entry at offset %u (%s): length %u, "
				    "the type needs %u", off, t->name, el, t->min_len);
		err = madt_entry(m, b + off, off);
		if (err)
			return err;
		off += el;
	}
	if (!m->cpu_count)
		return fail(m->err, "MADT lists no enabled CPU");
	return NULL;
}

/* ---- /proc/iomem ---------------------------------------------------------- */

#define IOMEM_MAX_DEPTH	16

struct iomem_state {
	struct limbo_iomem *io;
	unsigned int line;
	int depth;			/* of the previous resource line, -1 none */
	uint64_t start[IOMEM_MAX_DEPTH], end[IOMEM_MAX_DEPTH];
};

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Up to 16 hex digits at *p; advances *p.  -1 when there are none or more. */
static int parse_hex(const char **p, const char *end, uint64_t *v)
{
	const char *q = *p;
	int n = 0, d;

	*v = 0;
	while (q < end && (d = hex_digit(*q)) >= 0) {
		if (++n > 16)
			return -1;
		*v = *v << 4 | (uint64_t)d;
		q++;
	}
	*p = q;
	return n ? 0 : -1;
}

static const char *iomem_ioapic(struct iomem_state *s, uint64_t start, uint64_t end,
				const char *name, const char *eol)
{
	struct limbo_iomem *io = s->io;
	struct limbo_iomem_ioapic *a;
	unsigned long index = io->count;
	const char *p = name + 6;
	unsigned int i;

	if (p < eol && *p == ' ' && p + 1 < eol && p[1] >= '0' && p[1] <= '9')
		for (index = 0, p++; p < eol && *p >= '0' && *p <= '9' && index < 1000; p++)
			index = index * 10 + (unsigned long)(*p - '0');
	if (!start && !end)
		return fail(io->err, "/proc/iomem line %u: IOAPIC range is 0-0 "
			    "(addresses are hidden from readers that are not root)", s->line);
	if (!limbo_ioapic_address_ok(start))
		return fail(io->err, "/proc/iomem line %u: IOAPIC at 0x%llx is not 1 KiB "
			    "aligned between 1 MiB and 4 GiB", s->line,
			    (unsigned long long)start);
	for (i = 0; i < io->count; i++)
		if (io->ioapics[i].start == start)
			return fail(io->err, "/proc/iomem line %u: IOAPIC at 0x%llx listed twice",
				    s->line, (unsigned long long)start);
	if (io->count == LIMBO_MAX_IOAPICS_ALL) {	/* well-formed: carry what fits */
		io->beyond++;
		return NULL;
	}
	a = &io->ioapics[io->count++];
	a->start = start;
	a->end = end;
	a->index = (unsigned int)index;
	return NULL;
}

/* Whether @p (after the indent) starts with "<hex digits>-". */
static bool iomem_is_range(const char *p, const char *eol)
{
	const char *q = p;

	while (q < eol && hex_digit(*q) >= 0)
		q++;
	return q > p && q < eol && *q == '-';
}

static bool iomem_names_ioapic(const char *p, const char *eol)
{
	static const char tag[] = " : IOAPIC";
	const char *q;

	for (q = p; eol - q >= (ptrdiff_t)sizeof(tag) - 1; q++)
		if (!memcmp(q, tag, sizeof(tag) - 1))
			return true;
	return false;
}

static const char *iomem_nesting(struct iomem_state *s, int depth, uint64_t start,
				 uint64_t end)
{
	struct limbo_iomem *io = s->io;

	if (depth > s->depth + 1) {
		if (s->depth < 0)
			return fail(io->err, "/proc/iomem line %u: indented, but no line "
				    "before it", s->line);
		return fail(io->err, "/proc/iomem line %u: nested %d levels below "
			    "the line before", s->line, depth - s->depth);
	}
	if (depth > 0 && depth <= IOMEM_MAX_DEPTH &&
	    (start < s->start[depth - 1] || end > s->end[depth - 1]))
		return fail(io->err, "/proc/iomem line %u: range 0x%llx-0x%llx is outside "
			    "its parent 0x%llx-0x%llx", s->line,
			    (unsigned long long)start, (unsigned long long)end,
			    (unsigned long long)s->start[depth - 1],
			    (unsigned long long)s->end[depth - 1]);
	if (depth < IOMEM_MAX_DEPTH) {
		s->start[depth] = start;
		s->end[depth] = end;
	}
	s->depth = depth;
	return NULL;
}

/*
 * "<2*depth spaces><start>-<end> : <name>", the format of the kernel's
 * r_show(); a child lies within its parent, one level deeper at most.
 * A line that does not start like that is skipped, unless it names an
 * IOAPIC: that one has to be understood.
 */
static const char *iomem_line(struct iomem_state *s, const char *p, const char *eol)
{
	struct limbo_iomem *io = s->io;
	const char *q = p, *err;
	uint64_t start, end;
	int indent;

	while (q < eol && *q == ' ')
		q++;
	indent = (int)(q - p);
	if (!iomem_is_range(q, eol)) {
		if (iomem_names_ioapic(p, eol))
			return fail(io->err, "/proc/iomem line %u: names an IOAPIC but is not "
				    "START-END : NAME", s->line);
		io->skipped++;
		return NULL;
	}
	if (indent & 1)
		return fail(io->err, "/proc/iomem line %u: odd indentation (%d spaces)",
			    s->line, indent);
	if (parse_hex(&q, eol, &start) || q == eol || *q++ != '-' ||
	    parse_hex(&q, eol, &end))
		return fail(io->err, "/proc/iomem line %u: not START-END in hex (at most "
			    "16 digits each)", s->line);
	if (eol - q < 3 || memcmp(q, " : ", 3))
		return fail(io->err, "/proc/iomem line %u: no ' : ' after the range",
			    s->line);
	q += 3;
	if (end < start)
		return fail(io->err, "/proc/iomem line %u: range ends before it starts",
			    s->line);
	err = iomem_nesting(s, indent / 2, start, end);
	if (err)
		return err;
	io->lines++;
	if (eol - q >= 6 && !memcmp(q, "IOAPIC", 6))
		return iomem_ioapic(s, start, end, q, eol);
	return NULL;
}

const char *limbo_parse_iomem(const char *text, size_t len, struct limbo_iomem *io)
{
	struct iomem_state s = { .io = io, .depth = -1 };
	const char *p = text, *end = text + len;

	memset(io, 0, sizeof(*io));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		const char *err;

		s.line++;
		err = iomem_line(&s, p, eol);
		if (err)
			return err;
		p = eol + 1;
	}
	if (!io->lines)
		return fail(io->err, "/proc/iomem: no resource lines");
	return NULL;
}

/* ---- /proc/cpuinfo ------------------------------------------------------- */

/* A decimal below 2^32 - 1, then only blanks up to @eol. */
static int parse_dec(const char *p, const char *eol, uint32_t *v)
{
	uint64_t n = 0;
	int digits = 0;

	while (p < eol && (*p == ' ' || *p == '\t'))
		p++;
	for (; p < eol && *p >= '0' && *p <= '9'; p++, digits++) {
		n = n * 10 + (uint64_t)(*p - '0');
		if (n >= LIMBO_APIC_ID_UNKNOWN)
			return -1;
	}
	while (p < eol && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	if (!digits || p != eol)
		return -1;
	*v = (uint32_t)n;
	return 0;
}

/* Whether "KEY<blanks>:" starts the line; then *val is after the colon. */
static bool cpuinfo_key(const char *p, const char *eol, const char *key,
			const char **val)
{
	size_t n = strlen(key);

	if ((size_t)(eol - p) < n || memcmp(p, key, n))
		return false;
	for (p += n; p < eol && (*p == ' ' || *p == '\t'); p++)
		;
	if (p == eol || *p != ':')
		return false;
	*val = p + 1;
	return true;
}

static void cpuinfo_add(struct limbo_cpuinfo *c, uint32_t id)
{
	if (limbo_apic_id_listed(c->apic_ids, c->listed, id))
		return;
	c->cpus++;
	if (c->listed < LIMBO_MAX_CPUS)
		c->apic_ids[c->listed++] = id;
	if (c->cpus == 1 || id > c->max_apic_id)
		c->max_apic_id = id;
}

const char *limbo_parse_cpuinfo(const char *text, size_t len, struct limbo_cpuinfo *c)
{
	const char *p = text, *end = text + len, *val;
	uint32_t cpu = LIMBO_APIC_ID_UNKNOWN, v;
	unsigned int line = 0;

	memset(c, 0, sizeof(*c));
	c->boot_apic_id = LIMBO_APIC_ID_UNKNOWN;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		line++;
		if (cpuinfo_key(p, eol, "processor", &val)) {
			if (parse_dec(val, eol, &cpu))
				return fail(c->err, "/proc/cpuinfo line %u: bad processor number",
					    line);
		} else if (cpuinfo_key(p, eol, "apicid", &val)) {
			if (parse_dec(val, eol, &v))
				return fail(c->err, "/proc/cpuinfo line %u: bad apicid", line);
			if (cpu == 0 && c->boot_apic_id == LIMBO_APIC_ID_UNKNOWN)
				c->boot_apic_id = v;
			cpuinfo_add(c, v);
		}
		p = eol + 1;
	}
	if (!c->cpus)
		return fail(c->err, "/proc/cpuinfo has no apicid lines");
	return NULL;
}

/* ---- the next kernel's command line -------------------------------------- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

const char *limbo_cmdline_value(const char *c, const char *key, char *val, size_t n)
{
	size_t klen = strlen(key);
	const char *p = c, *found = NULL;

	while ((p = strstr(p, key))) {
		if ((p == c || is_space(p[-1])) && p[klen] == '=')
			found = p + klen + 1;
		p++;
	}
	if (!found || !n)
		return NULL;
	for (p = found; *p && !is_space(*p) && (size_t)(p - found) < n - 1; p++)
		;
	memcpy(val, found, (size_t)(p - found));
	val[p - found] = '\0';
	return val;
}

unsigned int limbo_cmdline_nr_cpus(const char *c)
{
	static const char key[] = "nr_cpus=";
	const char *p = c;
	unsigned int least = 0;

	/* every nr_cpus= only ever lowers the kernel's limit */
	while ((p = strstr(p, key))) {
		if (p == c || is_space(p[-1])) {
			unsigned long v = 0;
			const char *q = p + sizeof(key) - 1;

			while (*q >= '0' && *q <= '9' && v <= 1000000)
				v = v * 10 + (unsigned long)(*q++ - '0');
			if (q > p + sizeof(key) - 1 && v && (!least || v < least))
				least = (unsigned int)v;
		}
		p++;
	}
	return least;
}

int limbo_cmdline_has_acpi_off(const char *c)
{
	static const char word[] = "acpi=off";
	const char *p = c;

	while ((p = strstr(p, word))) {
		int starts = p == c || p[-1] == ' ' || p[-1] == '\t';
		char after = p[sizeof(word) - 1];

		if (starts && (!after || after == ' ' || after == '\t' || after == '\n'))
			return 1;
		p++;
	}
	return 0;
}
