// SPDX-License-Identifier: GPL-2.0-only
/*
 * Decoding struct limbo_report on the host.
 *
 * Version differences: the report only ever grows at the end, and hdr.size
 * says how much the writer filled.  limbo_report_load() copies
 * min(hdr.size, sizeof(struct limbo_report)) bytes into a zeroed struct;
 * every field is printed only when it lies wholly inside that prefix
 * (arrays element by element) and is shown as absent otherwise, and bytes
 * past our own layout are counted as not understood.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <limbo/vectors.h>
#include "report-decode.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define FIELD_SIZE(field) sizeof(((struct limbo_report *)0)->field)
#define HAS(v, field)	LIMBO_REPORT_HAS(v, field)
#define HAS_AT(v, field, i)						\
	limbo_report_has(v, offsetof(struct limbo_report, field[i]),	\
			 sizeof(((struct limbo_report *)0)->field[i]))

/* ---- names ---------------------------------------------------------------- */

static const char *const phase_names[LIMBO_PHASE_MAX] = {
	[LIMBO_PHASE_ENTRY] = "entry",
	[LIMBO_PHASE_CONSOLE] = "console",
	[LIMBO_PHASE_VERIFY] = "verify",
	[LIMBO_PHASE_LAPIC] = "lapic",
	[LIMBO_PHASE_IOAPIC] = "ioapic",
	[LIMBO_PHASE_PIC] = "pic",
	[LIMBO_PHASE_PARK] = "park",
	[LIMBO_PHASE_POST] = "post",
	[LIMBO_PHASE_SEAL] = "seal",
};

static const char *phase_name(unsigned int i, char *buf, size_t n)
{
	if (i < ARRAY_SIZE(phase_names) && phase_names[i])
		return phase_names[i];
	snprintf(buf, n, "phase%u", i);
	return buf;
}

struct problem {
	uint32_t bit;
	const char *name;
	const char *text;
};

static const struct problem problems[] = {
	{ LIMBO_PROB_VERIFY, "verify",
	  "verification failed: a loaded segment did not match its SHA-256 digest" },
	{ LIMBO_PROB_VERIFY_SKIPPED, "verify_skipped",
	  "nothing was verified (kexec -i): the loaded images were not checked" },
	{ LIMBO_PROB_CONFIG, "config",
	  "the configuration block was rejected; safe defaults were used" },
	{ LIMBO_PROB_EXCEPTION, "exception",
	  "the purgatory took an exception (see NMIs and exceptions)" },
	{ LIMBO_PROB_LAPIC, "lapic",
	  "the local APIC could not be left quiet" },
	{ LIMBO_PROB_IOAPIC, "ioapic",
	  "an IO-APIC pin stayed stuck (Remote IRR would not clear)" },
	{ LIMBO_PROB_PARK, "park",
	  "a CPU could not be parked" },
};

static const char *verify_result_name(unsigned int r)
{
	static const char *const n[] = {
		[LIMBO_VERIFY_NOT_RUN] = "not run",
		[LIMBO_VERIFY_OK] = "ok",
		[LIMBO_VERIFY_SKIPPED] = "skipped (kexec -i)",
		[LIMBO_VERIFY_MISMATCH] = "MISMATCH",
	};

	return r < ARRAY_SIZE(n) ? n[r] : NULL;
}

static const char *hash_impl_name(unsigned int h)
{
	static const char *const n[] = {
		[LIMBO_HASH_C] = "portable C",
		[LIMBO_HASH_SHANI] = "SHA-NI",
	};

	return h < ARRAY_SIZE(n) ? n[h] : NULL;
}

static const char *apic_mode_name(unsigned int m)
{
	static const char *const n[] = {
		[LIMBO_APIC_UNKNOWN] = "unknown",
		[LIMBO_APIC_DISABLED] = "disabled",
		[LIMBO_APIC_XAPIC] = "xAPIC",
		[LIMBO_APIC_X2APIC] = "x2APIC",
	};

	return m < ARRAY_SIZE(n) ? n[m] : NULL;
}

static const char *const lvt_names[LIMBO_LVT_COUNT] = {
	"timer", "thermal", "PMI", "LINT0", "LINT1", "error", "CMCI",
};

static const char *delivery_name(uint32_t lvt)
{
	static const char *const n[8] = {
		"fixed", "mode1", "SMI", "mode3", "NMI", "INIT", "mode6", "ExtINT",
	};

	return n[(lvt >> 8) & 7];
}

static const char *exc_name(uint64_t v)
{
	return limbo_vector_name(v);
}

static const char *policy_name(unsigned int p)
{
	return p == LIMBO_POLICY_HALT ? "halt" :
	       p == LIMBO_POLICY_RESET ? "reset" : NULL;
}

static const char *debug_fault_name(unsigned int d)
{
	static const char *const n[] = {
		[LIMBO_DEBUG_FAULT_NONE] = "none",
		[LIMBO_DEBUG_FAULT_UD] = "ud",
		[LIMBO_DEBUG_FAULT_PF] = "pf",
		[LIMBO_DEBUG_FAULT_GP] = "gp",
		[LIMBO_DEBUG_FAULT_DE] = "de",
	};

	return d < ARRAY_SIZE(n) ? n[d] : NULL;
}

struct flag_name {
	uint32_t bit;
	const char *name;
	const char *text;
};

static const struct flag_name lapic_flag_names[] = {
	{ LIMBO_LAPIC_X2APIC_TO_XAPIC, "x2apic_to_xapic", "x2APIC normalised to xAPIC" },
	{ LIMBO_LAPIC_LDR_CLEARED, "ldr_cleared", "LDR cleared" },
	{ LIMBO_LAPIC_SKIPPED, "skipped", "skipped by policy" },
};

/* ---- loading --------------------------------------------------------------- */

const char *limbo_report_load(struct limbo_report_view *v, const void *buf,
			      size_t len)
{
	const char *why = limbo_report_check(buf, len);
	uint32_t size;

	memset(v, 0, sizeof(*v));
	if (why)
		return why;
	memcpy(&size, (const char *)buf + offsetof(struct limbo_report_hdr, size),
	       sizeof(size));
	v->size = size;
	v->known = size < sizeof(v->r) ? size : sizeof(v->r);
	v->unknown = v->size - v->known;
	memcpy(&v->r, buf, v->known);
	return NULL;
}

int limbo_report_exit_code(const struct limbo_report_view *v)
{
	if (HAS(v, problems) && v->r.problems)
		return LIMBO_REPORT_EXIT_PROBLEM;
	return LIMBO_REPORT_EXIT_OK;
}

enum section_state { SECT_ABSENT, SECT_NOT_RUN, SECT_RAN };

/* Whether phase @p ran, given that @first is where its fields start. */
static enum section_state phase_state(const struct limbo_report_view *v,
				      unsigned int p, size_t first)
{
	if (!HAS(v, done) || !limbo_report_has(v, first, 1))
		return SECT_ABSENT;
	return v->r.done & (1u << p) ? SECT_RAN : SECT_NOT_RUN;
}

static const char *const section_state_names[] = {
	[SECT_ABSENT] = "absent", [SECT_NOT_RUN] = "not run", [SECT_RAN] = "ran",
};

/*
 * How many of the first @count entries of array @field the report really
 * holds: capped at the array's size and at what lies inside hdr.size.
 */
#define RECORDED(v, field, count) ({					\
	unsigned int n_ = (count), i_;					\
									\
	if (n_ > ARRAY_SIZE((v)->r.field))				\
		n_ = ARRAY_SIZE((v)->r.field);				\
	for (i_ = 0; i_ < n_ && HAS_AT(v, field, i_); i_++)		\
		;							\
	i_;								\
})

static unsigned int exc_recorded(const struct limbo_report_view *v)
{
	return RECORDED(v, exc, v->r.exc_count);
}

static unsigned int ioapic_recorded(const struct limbo_report_view *v)
{
	return RECORDED(v, ioapic, v->r.ioapic_count);
}

static unsigned int park_recorded(const struct limbo_report_view *v)
{
	return RECORDED(v, park, v->r.park_count);
}

/*
 * verify_failed_region is only meaningful with LIMBO_VERIFY_MISMATCH: a
 * purgatory that skipped verification leaves it 0, not -1.
 */

/* MiB/s of verification, or a negative value when it cannot be known. */
static double verify_mibps(const struct limbo_report_view *v,
			   const struct limbo_decode_opts *o)
{
	double secs;

	if (!o || !o->tsc_mhz || !HAS(v, verify_cycles) || !v->r.verify_cycles)
		return -1;
	secs = (double)v->r.verify_cycles / (o->tsc_mhz * 1e6);
	return (double)v->r.verify_bytes / secs / (1024.0 * 1024.0);
}

/* Index of the next non-zero TSC stamp after @i that is present, or -1. */
static int tsc_next(const struct limbo_report_view *v, int i)
{
	for (i++; i < LIMBO_PHASE_MAX; i++)
		if (HAS_AT(v, tsc, i) && v->r.tsc[i])
			return i;
	return -1;
}

/* ---- for people -------------------------------------------------------- */

#define KEY_W	18
#define COL_W	30

static void kv(FILE *f, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void kv(FILE *f, const char *key, const char *fmt, ...)
{
	va_list ap;

	fprintf(f, "  %-*s ", KEY_W, key);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

/* Prints "absent" for @key and returns false when the field is missing. */
static bool have(FILE *f, const struct limbo_report_view *v, size_t off,
		 size_t len, const char *key)
{
	if (limbo_report_has(v, off, len))
		return true;
	kv(f, key, "absent");
	return false;
}

#define HAVE(f, v, field, key)						\
	have(f, v, offsetof(struct limbo_report, field), FIELD_SIZE(field), key)

/* @s is not NUL-terminated when all @n bytes are used. */
static void print_cstr(FILE *f, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && s[i]; i++) {
		unsigned char c = s[i];

		if (isprint(c) && c < 0x80)
			fputc(c, f);
		else
			fprintf(f, "\\x%02x", c);
	}
}

static void name_or_num(char *buf, size_t n, const char *name, unsigned int x)
{
	if (name)
		snprintf(buf, n, "%s", name);
	else
		snprintf(buf, n, "unknown (%u)", x);
}

static bool section(FILE *f, const char *title, enum section_state s)
{
	fprintf(f, "\n%s", title);
	if (s == SECT_RAN) {
		fputc('\n', f);
		return true;
	}
	fprintf(f, ": %s\n", s == SECT_ABSENT ? "absent (shorter report)" : "not run");
	return false;
}

static void print_header(FILE *f, const struct limbo_report_view *v)
{
	const struct limbo_report_hdr *h = &v->r.hdr;

	fprintf(f, "limbo report: version %u, %zu bytes, CRC 0x%08x ok\n",
		h->version, v->size, h->crc32);
	if (h->version > LIMBO_REPORT_VERSION)
		fprintf(f, "  newer layout than this decoder (version %u)\n",
			LIMBO_REPORT_VERSION);
	if (v->unknown)
		fprintf(f, "  %zu bytes at the end not understood (this decoder knows %zu)\n",
			v->unknown, sizeof(v->r));
	if (v->size < sizeof(v->r))
		fprintf(f, "  shorter layout: fields past byte %zu are absent\n",
			v->size);
}

static void print_problems(FILE *f, const struct limbo_report_view *v)
{
	uint32_t left;
	size_t i;
	int b;

	fprintf(f, "\nPROBLEMS");
	if (!HAS(v, problems)) {
		fprintf(f, ": absent (shorter report)\n");
		return;
	}
	if (!v->r.problems) {
		fprintf(f, ": none\n");
		return;
	}
	fprintf(f, " (0x%x)\n", v->r.problems);
	left = v->r.problems;
	for (i = 0; i < ARRAY_SIZE(problems); i++) {
		if (!(left & problems[i].bit))
			continue;
		fprintf(f, "  ! %s\n", problems[i].text);
		left &= ~problems[i].bit;
	}
	for (b = 0; b < 32; b++)
		if (left & (1u << b))
			fprintf(f, "  ! unknown problem bit %d (recorded by a newer limbo)\n", b);
}

static void print_verify(FILE *f, const struct limbo_report_view *v,
			 const struct limbo_decode_opts *o)
{
	const struct limbo_report *r = &v->r;
	enum section_state s;
	char buf[64];
	double mibps;

	s = phase_state(v, LIMBO_PHASE_VERIFY, offsetof(struct limbo_report, verify_result));
	if (!section(f, "verification", s))
		return;
	name_or_num(buf, sizeof(buf), verify_result_name(r->verify_result),
		    r->verify_result);
	kv(f, "result", "%s", buf);
	kv(f, "regions", "%u", r->verify_regions);
	if (HAVE(f, v, verify_bytes, "bytes"))
		kv(f, "bytes", "%llu (%.1f MiB)", (unsigned long long)r->verify_bytes,
		   r->verify_bytes / (1024.0 * 1024.0));
	if (HAVE(f, v, verify_cycles, "cycles"))
		kv(f, "cycles", "%llu", (unsigned long long)r->verify_cycles);
	mibps = verify_mibps(v, o);
	if (mibps >= 0)
		kv(f, "throughput", "%.1f MiB/s at %u MHz", mibps, o->tsc_mhz);
	name_or_num(buf, sizeof(buf), hash_impl_name(r->hash_impl), r->hash_impl);
	kv(f, "hash", "%s", buf);
	if (r->verify_result != LIMBO_VERIFY_MISMATCH)
		kv(f, "failed region", "none");
	else if (r->verify_failed_region < 0)
		kv(f, "failed region", "not recorded");
	else
		kv(f, "failed region", "%d", r->verify_failed_region);
}

static void print_exceptions(FILE *f, const struct limbo_report_view *v)
{
	const struct limbo_report *r = &v->r;
	unsigned int i, n;
	char key[32];

	fprintf(f, "\nNMIs and exceptions\n");
	if (!HAVE(f, v, nmi_count, "NMIs"))
		return;
	kv(f, "NMIs", "%u", r->nmi_count);
	if (r->nmi_count && HAVE(f, v, nmi_last_rip, "NMI RIPs"))
		kv(f, "NMI RIPs", "first 0x%016llx, last 0x%016llx",
		   (unsigned long long)r->nmi_first_rip,
		   (unsigned long long)r->nmi_last_rip);
	if (!HAVE(f, v, exc_count, "exceptions"))
		return;
	kv(f, "exceptions", "%u", r->exc_count);
	n = exc_recorded(v);
	for (i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "  [%u]", i);
		kv(f, key, "vector %llu %s, error 0x%llx, RIP 0x%016llx, CR2 0x%llx",
		   (unsigned long long)r->exc[i].vector, exc_name(r->exc[i].vector),
		   (unsigned long long)r->exc[i].error,
		   (unsigned long long)r->exc[i].rip,
		   (unsigned long long)r->exc[i].cr2);
	}
	if (r->exc_count > n)
		kv(f, "", "(%u more not recorded)", r->exc_count - n);
	if (HAVE(f, v, mc_recovered, "MCEs recovered"))
		kv(f, "MCEs recovered", "%u", r->mc_recovered);
	if (HAS(v, idt_flags))
		kv(f, "stub IDT", "%s%s",
		   r->idt_flags & LIMBO_IDT_FROM_PLUGIN ?
		   "prebuilt by the plugin, loaded 7 instructions in" :
		   "built at entry (no plugin mark)",
		   r->idt_flags & LIMBO_IDT_REPAIRED ?
		   "; did NOT match the load address: repaired" : "");
}

enum lapic_row {
	ROW_MODE, ROW_BASE, ROW_ID, ROW_VERSION, ROW_TPR, ROW_LDR, ROW_DFR,
	ROW_SVR, ROW_ESR, ROW_LVT0, ROW_ISR = ROW_LVT0 + LIMBO_LVT_COUNT,
	ROW_IRR, ROW_COUNT
};

static void lvt_decode(char *b, size_t n, uint32_t lvt)
{
	snprintf(b, n, "vec 0x%02x %s%s", lvt & 0xff, delivery_name(lvt),
		 lvt & (1u << 16) ? " masked" : "");
}

/* "0x31 0xef", the set bits of @words as vectors, or "none". */
static void vector_list(char *b, size_t n, const uint32_t *words)
{
	size_t at = 0;
	int vec;

	b[0] = 0;
	for (vec = 0; vec < 256; vec++) {
		if (!(words[vec / 32] & (1u << (vec % 32))))
			continue;
		if (at + 6 >= n) {
			snprintf(b + at, n - at, "...");
			return;
		}
		at += snprintf(b + at, n - at, "%s0x%02x", at ? " " : "", vec);
	}
	if (!at)
		snprintf(b, n, "none");
}

static const char *lapic_row_name(int row, char *b, size_t n)
{
	static const char *const names[] = {
		"mode", "IA32_APIC_BASE", "ID", "version", "TPR", "LDR", "DFR",
		"SVR", "ESR",
	};

	if (row < ROW_LVT0)
		return names[row];
	if (row < ROW_ISR) {
		snprintf(b, n, "LVT %s", lvt_names[row - ROW_LVT0]);
		return b;
	}
	return row == ROW_ISR ? "ISR" : "IRR";
}

static void lapic_cell(char *b, size_t n, const struct limbo_lapic_state *s,
		       int row)
{
	const char *m;

	switch (row) {
	case ROW_MODE:
		m = apic_mode_name(s->mode);
		name_or_num(b, n, m, s->mode);
		break;
	case ROW_BASE:
		snprintf(b, n, "0x%llx", (unsigned long long)s->apic_base);
		break;
	case ROW_ID:
		snprintf(b, n, "%u", s->id);
		break;
	case ROW_VERSION:
		snprintf(b, n, "0x%08x, max LVT %u", s->version, s->max_lvt);
		break;
	case ROW_TPR:
		snprintf(b, n, "0x%02x", s->tpr);
		break;
	case ROW_LDR:
		snprintf(b, n, "0x%08x", s->ldr);
		break;
	case ROW_DFR:
		snprintf(b, n, "0x%08x", s->dfr);
		break;
	case ROW_SVR:
		snprintf(b, n, "0x%03x %s, spurious 0x%02x", s->svr,
			 s->svr & (1u << 8) ? "on" : "off", s->svr & 0xff);
		break;
	case ROW_ESR:
		snprintf(b, n, "0x%08x", s->esr);
		break;
	case ROW_ISR:
		vector_list(b, n, s->isr);
		break;
	case ROW_IRR:
		vector_list(b, n, s->irr);
		break;
	default:
		if (s->lvt_present & (1u << (row - ROW_LVT0)))
			lvt_decode(b, n, s->lvt[row - ROW_LVT0]);
		else
			snprintf(b, n, "-");
		break;
	}
}

static const struct flag_name ioapic_flag_names[] = {
	{ LIMBO_IOAPIC_ABSENT, "absent", "no response (reads all ones)" },
	{ LIMBO_IOAPIC_UNMAPPED, "unmapped", "could not be mapped" },
	{ LIMBO_IOAPIC_SMI_SKIPPED, "smi_skipped", "SMI pin left alone" },
	{ LIMBO_IOAPIC_DEBUG_ARMED, "debug_armed", "debug-remote-irr unmasked a pin here" },
};

static void print_flags(char *b, size_t n, uint32_t flags,
			const struct flag_name *names, size_t count)
{
	size_t at = 0, i;

	b[0] = 0;
	for (i = 0; i < count; i++) {
		if (!(flags & names[i].bit))
			continue;
		at += snprintf(b + at, n - at, "%s%s", at ? ", " : "", names[i].text);
		flags &= ~names[i].bit;
		if (at >= n)
			return;
	}
	if (flags)
		snprintf(b + at, n - at, "%sunknown 0x%x", at ? ", " : "", flags);
	else if (!at)
		snprintf(b, n, "none");
}

static void print_lapic(FILE *f, const struct limbo_report_view *v)
{
	const struct limbo_report *r = &v->r;
	bool found = HAS(v, lapic_found), left = HAS(v, lapic_left);
	char name[32], a[1200], b[1200];
	int row;

	if (!section(f, "local APIC", phase_state(v, LIMBO_PHASE_LAPIC,
			offsetof(struct limbo_report, lapic_found))))
		return;
	fprintf(f, "  %-*s %-*s %s\n", KEY_W, "", COL_W, "found", "left");
	for (row = 0; row < ROW_COUNT; row++) {
		snprintf(a, sizeof(a), "absent");
		snprintf(b, sizeof(b), "absent");
		if (found)
			lapic_cell(a, sizeof(a), &r->lapic_found, row);
		if (left)
			lapic_cell(b, sizeof(b), &r->lapic_left, row);
		fprintf(f, "  %-*s %-*s %s\n", KEY_W,
			lapic_row_name(row, name, sizeof(name)), COL_W, a, b);
	}
	if (HAVE(f, v, lapic_eoi_count, "EOIs sent"))
		kv(f, "EOIs sent", "%u", r->lapic_eoi_count);
	if (HAVE(f, v, lapic_flags, "actions")) {
		print_flags(a, sizeof(a), r->lapic_flags, lapic_flag_names,
			    ARRAY_SIZE(lapic_flag_names));
		kv(f, "actions", "%s", a);
	}
}

static void print_ioapics(FILE *f, const struct limbo_report_view *v)
{
	const struct limbo_report *r = &v->r;
	unsigned int i, n;
	char key[32];

	if (!section(f, "IO-APICs", phase_state(v, LIMBO_PHASE_IOAPIC,
			offsetof(struct limbo_report, ioapic_count))))
		return;
	kv(f, "count", "%u", r->ioapic_count);
	n = ioapic_recorded(v);
	for (i = 0; i < n; i++) {
		const struct limbo_ioapic_state *s = &r->ioapic[i];

		snprintf(key, sizeof(key), "  [%u]", i);
		kv(f, key, "ID %u, version 0x%02x, %u pins, GSI %u, at 0x%llx",
		   s->id, s->version, s->pins, s->gsi_base,
		   (unsigned long long)s->address);
		kv(f, "", "masked %u, Remote IRR found %u, cleared %u, stuck %u%s",
		   s->masked, s->rirr_found, s->rirr_cleared, s->stuck,
		   s->stuck ? " (STUCK)" : "");
		if (s->flags) {
			char fl[160];

			print_flags(fl, sizeof(fl), s->flags, ioapic_flag_names,
				    ARRAY_SIZE(ioapic_flag_names));
			kv(f, "", "flags 0x%x: %s", s->flags, fl);
		}
	}
	if (r->ioapic_count > n)
		kv(f, "", "(%u more not recorded)", r->ioapic_count - n);
}

static void print_park(FILE *f, const struct limbo_report_view *v)
{
	const struct limbo_report *r = &v->r;
	unsigned int i, n;
	char key[32];

	if (!section(f, "CPU parking", phase_state(v, LIMBO_PHASE_PARK,
			offsetof(struct limbo_report, park_count))))
		return;
	kv(f, "CPUs", "%u", r->park_count);
	if (HAVE(f, v, park_flags, "flags"))
		kv(f, "flags", "0x%x", r->park_flags);
	n = park_recorded(v);
	for (i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "  [%u]", i);
		kv(f, key, "APIC ID 0x%x, result %u", r->park[i].apic_id,
		   r->park[i].result);
	}
	if (r->park_count > n)
		kv(f, "", "(%u more not recorded)", r->park_count - n);
}

static void print_tsc(FILE *f, const struct limbo_report_view *v,
		      const struct limbo_decode_opts *o)
{
	const uint64_t *t = v->r.tsc;
	char name[16];
	int i, j, first = -1, last = -1;

	fprintf(f, "\nTSC per phase\n");
	if (!HAS_AT(v, tsc, 0)) {
		kv(f, "stamps", "absent");
		return;
	}
	fprintf(f, "  %-*s %-20s %s\n", KEY_W, "phase", "TSC", "cycles to next");
	for (i = tsc_next(v, -1); i >= 0; i = j) {
		j = tsc_next(v, i);
		if (first < 0)
			first = i;
		last = i;
		fprintf(f, "  %-*s %-20llu ", KEY_W, phase_name(i, name, sizeof(name)),
			(unsigned long long)t[i]);
		if (j < 0)
			fprintf(f, "-\n");
		else if (t[j] < t[i])
			fprintf(f, "backwards by %llu\n", (unsigned long long)(t[i] - t[j]));
		else
			fprintf(f, "%llu\n", (unsigned long long)(t[j] - t[i]));
	}
	if (first < 0) {
		kv(f, "stamps", "none");
		return;
	}
	if (first != last && t[last] >= t[first]) {
		if (o && o->tsc_mhz)
			kv(f, "total", "%llu cycles (%.1f us)",
			   (unsigned long long)(t[last] - t[first]),
			   (t[last] - t[first]) / (double)o->tsc_mhz);
		else
			kv(f, "total", "%llu cycles",
			   (unsigned long long)(t[last] - t[first]));
	}
}

static const char *x2apic_name(unsigned int x)
{
	static const char *const n[] = {
		[LIMBO_X2APIC_AUTO] = "auto",
		[LIMBO_X2APIC_KEEP] = "keep",
		[LIMBO_X2APIC_XAPIC] = "xapic",
	};

	return x < ARRAY_SIZE(n) ? n[x] : NULL;
}

static const char *on_off(unsigned int x)
{
	return x == 0 ? "off" : x == 1 ? "on" : NULL;
}

static const char *pic_name(unsigned int x)
{
	return x == LIMBO_PIC_KEEP ? "keep" : x == LIMBO_PIC_MASK ? "mask" :
	       x == LIMBO_PIC_REINIT ? "reinit" : NULL;
}

static const char *park_name(unsigned int x)
{
	return x == LIMBO_PARK_OFF ? "off" : x == LIMBO_PARK_INIT ? "init" : NULL;
}

static const char *handoff_name(unsigned int x)
{
	return x == LIMBO_HANDOFF_JUMP ? "jump" : x == LIMBO_HANDOFF_NMI ? "nmi" : NULL;
}

static const struct flag_name cfg_flag_names[] = {
	{ LIMBO_CFG_FROM_PLUGIN, "from_plugin", "written by the kexec plugin" },
	{ LIMBO_CFG_NEXT_MPTABLE, "next_mptable", "next kernel boots via MPTABLE" },
};

static void print_config(FILE *f, const struct limbo_report_view *v)
{
	const struct limbo_config *c = &v->r.config;
	const char *why;
	char buf[256];

	fprintf(f, "\nconfig in force\n");
	if (!HAVE(f, v, config, "config"))
		return;
	why = limbo_config_check(c);
	kv(f, "check", "%s", why ? why : "valid");
	kv(f, "magic", "0x%016llx%s", (unsigned long long)c->magic,
	   c->magic == LIMBO_CONFIG_MAGIC ? "" : " (wrong)");
	kv(f, "version, size", "%u, %u", c->version, c->size);
	print_flags(buf, sizeof(buf), c->flags, cfg_flag_names,
		    ARRAY_SIZE(cfg_flag_names));
	kv(f, "flags", "0x%x: %s", c->flags, buf);
	name_or_num(buf, sizeof(buf), policy_name(c->verify_fail), c->verify_fail);
	kv(f, "verify-fail", "%s", buf);
	name_or_num(buf, sizeof(buf), policy_name(c->fault), c->fault);
	kv(f, "fault", "%s", buf);
	name_or_num(buf, sizeof(buf), debug_fault_name(c->debug_fault), c->debug_fault);
	kv(f, "debug-fault", "%s", buf);
	if (c->debug_remote_irr)
		kv(f, "debug-remote-irr", "GSI %u", c->debug_remote_irr - 1);
	else
		kv(f, "debug-remote-irr", "off");
	name_or_num(buf, sizeof(buf), on_off(c->lapic), c->lapic);
	kv(f, "lapic", "%s", buf);
	name_or_num(buf, sizeof(buf), x2apic_name(c->x2apic), c->x2apic);
	kv(f, "x2apic", "%s", buf);
	name_or_num(buf, sizeof(buf), pic_name(c->pic), c->pic);
	kv(f, "pic", "%s", buf);
	name_or_num(buf, sizeof(buf), on_off(c->ioapic), c->ioapic);
	kv(f, "ioapic", "%s", buf);
	name_or_num(buf, sizeof(buf), park_name(c->park), c->park);
	kv(f, "park", "%s", buf);
	name_or_num(buf, sizeof(buf), on_off(c->sha_ni), c->sha_ni);
	kv(f, "sha-ni", "%s", buf);
	name_or_num(buf, sizeof(buf), handoff_name(c->handoff), c->handoff);
	kv(f, "handoff", "%s", buf);
	if (c->max_apic_id == 0xffffffffu)
		kv(f, "max APIC ID", "unknown");
	else
		kv(f, "max APIC ID", "%u", c->max_apic_id);
	if (c->boot_cpu_apic_id == 0xffffffffu)
		kv(f, "boot CPU", "unknown");
	else
		kv(f, "boot CPU", "APIC %u", c->boot_cpu_apic_id);
	kv(f, "CPUs", "%u present", c->cpu_count);
	kv(f, "IO-APICs", "%u discovered", c->ioapic_count);
}

void limbo_report_print(FILE *f, const struct limbo_report_view *v,
			const struct limbo_decode_opts *o)
{
	print_header(f, v);
	print_problems(f, v);
	print_verify(f, v, o);
	print_exceptions(f, v);
	print_lapic(f, v);
	print_ioapics(f, v);
	print_park(f, v);
	print_tsc(f, v, o);
	print_config(f, v);
	fprintf(f, "\nbuild\n");
	if (HAVE(f, v, build, "build")) {
		fprintf(f, "  %-*s ", KEY_W, "build");
		print_cstr(f, v->r.build, sizeof(v->r.build));
		fputc('\n', f);
	}
}

/* ---- JSON ------------------------------------------------------------------ */

#define JW_DEPTH	16

struct jw {
	FILE *f;
	int depth;
	bool comma[JW_DEPTH];
};

static void jw_string(FILE *f, const char *s, size_t n)
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
			fprintf(f, "\\u%04x", c);	/* bytes as Latin-1 */
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void jw_key(struct jw *j, const char *key)
{
	if (j->comma[j->depth])
		fputc(',', j->f);
	j->comma[j->depth] = true;
	if (key) {
		jw_string(j->f, key, strlen(key));
		fputc(':', j->f);
	}
}

static void jw_open(struct jw *j, const char *key, char c)
{
	jw_key(j, key);
	fputc(c, j->f);
	if (j->depth < JW_DEPTH - 1)
		j->depth++;
	j->comma[j->depth] = false;
}

static void jw_close(struct jw *j, char c)
{
	fputc(c, j->f);
	if (j->depth)
		j->depth--;
}

static void jw_str(struct jw *j, const char *key, const char *s)
{
	jw_key(j, key);
	if (s)
		jw_string(j->f, s, strlen(s));
	else
		fputs("null", j->f);
}

static void jw_u64(struct jw *j, const char *key, uint64_t x)
{
	jw_key(j, key);
	fprintf(j->f, "%llu", (unsigned long long)x);
}

static void jw_hex(struct jw *j, const char *key, uint64_t x)
{
	jw_key(j, key);
	fprintf(j->f, "\"0x%llx\"", (unsigned long long)x);
}

static void jw_bool(struct jw *j, const char *key, bool b)
{
	jw_key(j, key);
	fputs(b ? "true" : "false", j->f);
}

static void jw_null(struct jw *j, const char *key)
{
	jw_key(j, key);
	fputs("null", j->f);
}

/* An enum value: its name, or null plus the number when unknown. */
static void jw_enum(struct jw *j, const char *key, const char *name, unsigned int x)
{
	char k[64];

	jw_str(j, key, name);
	if (!name) {
		snprintf(k, sizeof(k), "%s_raw", key);
		jw_u64(j, k, x);
	}
}

static void jw_state(struct jw *j, enum section_state s)
{
	jw_str(j, "state", section_state_names[s]);
}

static void json_header(struct jw *j, const struct limbo_report_view *v)
{
	jw_open(j, "report", '{');
	jw_u64(j, "version", v->r.hdr.version);
	jw_u64(j, "decoder_version", LIMBO_REPORT_VERSION);
	jw_u64(j, "size", v->size);
	jw_u64(j, "decoded_bytes", v->known);
	jw_u64(j, "unknown_bytes", v->unknown);
	jw_bool(j, "shorter", v->size < sizeof(v->r));
	jw_hex(j, "crc32", v->r.hdr.crc32);
	jw_close(j, '}');
	jw_key(j, "build");
	if (HAS(v, build))
		jw_string(j->f, v->r.build, sizeof(v->r.build));
	else
		fputs("null", j->f);
}

static void json_problems(struct jw *j, const struct limbo_report_view *v)
{
	uint32_t left = v->r.problems;
	char name[32];
	size_t i;
	int b;

	if (!HAS(v, problems)) {
		jw_null(j, "problems");
		return;
	}
	jw_open(j, "problems", '{');
	jw_hex(j, "mask", v->r.problems);
	jw_open(j, "list", '[');
	for (i = 0; i < ARRAY_SIZE(problems); i++) {
		if (!(left & problems[i].bit))
			continue;
		left &= ~problems[i].bit;
		jw_open(j, NULL, '{');
		jw_str(j, "name", problems[i].name);
		jw_str(j, "text", problems[i].text);
		jw_close(j, '}');
	}
	for (b = 0; b < 32; b++) {
		if (!(left & (1u << b)))
			continue;
		snprintf(name, sizeof(name), "bit%d", b);
		jw_open(j, NULL, '{');
		jw_str(j, "name", name);
		jw_str(j, "text", "unknown problem bit (recorded by a newer limbo)");
		jw_close(j, '}');
	}
	jw_close(j, ']');
	jw_close(j, '}');
}

static void json_phases(struct jw *j, const struct limbo_report_view *v)
{
	char name[16];
	int i;

	if (!HAS(v, done)) {
		jw_null(j, "phases_done");
		return;
	}
	jw_open(j, "phases_done", '[');
	for (i = 0; i < 32; i++)
		if (v->r.done & (1u << i))
			jw_str(j, NULL, phase_name(i, name, sizeof(name)));
	jw_close(j, ']');
}

static void json_verify(struct jw *j, const struct limbo_report_view *v,
			const struct limbo_decode_opts *o)
{
	const struct limbo_report *r = &v->r;
	enum section_state s;
	double mibps;

	s = phase_state(v, LIMBO_PHASE_VERIFY, offsetof(struct limbo_report, verify_result));
	jw_open(j, "verification", '{');
	jw_state(j, s);
	if (s == SECT_RAN) {
		jw_enum(j, "result", verify_result_name(r->verify_result), r->verify_result);
		jw_u64(j, "regions", r->verify_regions);
		if (HAS(v, verify_bytes))
			jw_u64(j, "bytes", r->verify_bytes);
		else
			jw_null(j, "bytes");
		if (HAS(v, verify_cycles))
			jw_u64(j, "cycles", r->verify_cycles);
		else
			jw_null(j, "cycles");
		mibps = verify_mibps(v, o);
		jw_key(j, "mib_per_s");
		if (mibps >= 0)
			fprintf(j->f, "%.1f", mibps);
		else
			fputs("null", j->f);
		jw_enum(j, "hash_impl", hash_impl_name(r->hash_impl), r->hash_impl);
		if (r->verify_result != LIMBO_VERIFY_MISMATCH ||
		    r->verify_failed_region < 0)
			jw_null(j, "failed_region");
		else
			jw_u64(j, "failed_region", r->verify_failed_region);
	}
	jw_close(j, '}');
}

static void json_exceptions(struct jw *j, const struct limbo_report_view *v)
{
	const struct limbo_report *r = &v->r;
	unsigned int i, n;

	jw_open(j, "nmi", '{');
	if (HAS(v, nmi_count))
		jw_u64(j, "count", r->nmi_count);
	else
		jw_null(j, "count");
	if (HAS(v, nmi_last_rip) && r->nmi_count) {
		jw_hex(j, "first_rip", r->nmi_first_rip);
		jw_hex(j, "last_rip", r->nmi_last_rip);
	}
	jw_close(j, '}');

	jw_open(j, "exceptions", '{');
	if (HAS(v, exc_count)) {
		jw_u64(j, "count", r->exc_count);
		n = exc_recorded(v);
		jw_open(j, "recorded", '[');
		for (i = 0; i < n; i++) {
			jw_open(j, NULL, '{');
			jw_u64(j, "vector", r->exc[i].vector);
			jw_str(j, "name", exc_name(r->exc[i].vector));
			jw_hex(j, "error", r->exc[i].error);
			jw_hex(j, "rip", r->exc[i].rip);
			jw_hex(j, "cr2", r->exc[i].cr2);
			jw_close(j, '}');
		}
		jw_close(j, ']');
	} else {
		jw_null(j, "count");
	}
	jw_close(j, '}');
	if (HAS(v, mc_recovered))
		jw_u64(j, "mc_recovered", r->mc_recovered);
	else
		jw_null(j, "mc_recovered");
	if (HAS(v, idt_flags)) {
		jw_open(j, "idt", '{');
		jw_bool(j, "prebuilt", !!(r->idt_flags & LIMBO_IDT_FROM_PLUGIN));
		jw_bool(j, "repaired", !!(r->idt_flags & LIMBO_IDT_REPAIRED));
		jw_close(j, '}');
	}
}

static void json_vectors(struct jw *j, const char *key, const uint32_t *w)
{
	int vec;

	jw_open(j, key, '[');
	for (vec = 0; vec < 256; vec++)
		if (w[vec / 32] & (1u << (vec % 32)))
			jw_u64(j, NULL, vec);
	jw_close(j, ']');
}

static void json_lapic_state(struct jw *j, const char *key,
			     const struct limbo_lapic_state *s, bool present)
{
	int i;

	if (!present) {
		jw_null(j, key);
		return;
	}
	jw_open(j, key, '{');
	jw_enum(j, "mode", apic_mode_name(s->mode), s->mode);
	jw_hex(j, "apic_base", s->apic_base);
	jw_hex(j, "id", s->id);
	jw_hex(j, "version", s->version);
	jw_u64(j, "max_lvt", s->max_lvt);
	jw_hex(j, "tpr", s->tpr);
	jw_hex(j, "ldr", s->ldr);
	jw_hex(j, "dfr", s->dfr);
	jw_hex(j, "svr", s->svr);
	jw_bool(j, "sw_enabled", s->svr & (1u << 8));
	jw_hex(j, "esr", s->esr);
	jw_open(j, "lvt", '{');
	for (i = 0; i < LIMBO_LVT_COUNT; i++) {
		if (!(s->lvt_present & (1u << i))) {
			jw_null(j, lvt_names[i]);
			continue;
		}
		jw_open(j, lvt_names[i], '{');
		jw_hex(j, "raw", s->lvt[i]);
		jw_u64(j, "vector", s->lvt[i] & 0xff);
		jw_str(j, "delivery", delivery_name(s->lvt[i]));
		jw_bool(j, "masked", s->lvt[i] & (1u << 16));
		jw_close(j, '}');
	}
	jw_close(j, '}');
	json_vectors(j, "isr", s->isr);
	json_vectors(j, "irr", s->irr);
	jw_close(j, '}');
}

static void json_lapic(struct jw *j, const struct limbo_report_view *v)
{
	const struct limbo_report *r = &v->r;
	enum section_state s;
	size_t i;

	s = phase_state(v, LIMBO_PHASE_LAPIC, offsetof(struct limbo_report, lapic_found));
	jw_open(j, "lapic", '{');
	jw_state(j, s);
	if (s == SECT_RAN) {
		json_lapic_state(j, "found", &r->lapic_found, HAS(v, lapic_found));
		json_lapic_state(j, "left", &r->lapic_left, HAS(v, lapic_left));
		if (HAS(v, lapic_eoi_count))
			jw_u64(j, "eoi_count", r->lapic_eoi_count);
		else
			jw_null(j, "eoi_count");
		if (HAS(v, lapic_flags)) {
			jw_hex(j, "flags", r->lapic_flags);
			jw_open(j, "actions", '[');
			for (i = 0; i < ARRAY_SIZE(lapic_flag_names); i++)
				if (r->lapic_flags & lapic_flag_names[i].bit)
					jw_str(j, NULL, lapic_flag_names[i].name);
			jw_close(j, ']');
		} else {
			jw_null(j, "flags");
		}
	}
	jw_close(j, '}');
}

static void json_ioapics(struct jw *j, const struct limbo_report_view *v)
{
	const struct limbo_report *r = &v->r;
	enum section_state s;
	unsigned int i, n;

	s = phase_state(v, LIMBO_PHASE_IOAPIC, offsetof(struct limbo_report, ioapic_count));
	jw_open(j, "ioapics", '{');
	jw_state(j, s);
	if (s == SECT_RAN) {
		jw_u64(j, "count", r->ioapic_count);
		n = ioapic_recorded(v);
		jw_open(j, "entries", '[');
		for (i = 0; i < n; i++) {
			const struct limbo_ioapic_state *a = &r->ioapic[i];

			jw_open(j, NULL, '{');
			jw_u64(j, "id", a->id);
			jw_hex(j, "version", a->version);
			jw_u64(j, "pins", a->pins);
			jw_u64(j, "gsi_base", a->gsi_base);
			jw_hex(j, "address", a->address);
			jw_u64(j, "masked", a->masked);
			jw_u64(j, "rirr_found", a->rirr_found);
			jw_u64(j, "rirr_cleared", a->rirr_cleared);
			jw_u64(j, "stuck", a->stuck);
			jw_hex(j, "flags", a->flags);
			jw_close(j, '}');
		}
		jw_close(j, ']');
	}
	jw_close(j, '}');
}

static void json_park(struct jw *j, const struct limbo_report_view *v)
{
	const struct limbo_report *r = &v->r;
	enum section_state s;
	unsigned int i, n;

	s = phase_state(v, LIMBO_PHASE_PARK, offsetof(struct limbo_report, park_count));
	jw_open(j, "park", '{');
	jw_state(j, s);
	if (s == SECT_RAN) {
		jw_u64(j, "count", r->park_count);
		if (HAS(v, park_flags))
			jw_hex(j, "flags", r->park_flags);
		else
			jw_null(j, "flags");
		n = park_recorded(v);
		jw_open(j, "cpus", '[');
		for (i = 0; i < n; i++) {
			jw_open(j, NULL, '{');
			jw_u64(j, "apic_id", r->park[i].apic_id);
			jw_u64(j, "result", r->park[i].result);
			jw_close(j, '}');
		}
		jw_close(j, ']');
	}
	jw_close(j, '}');
}

static void json_tsc(struct jw *j, const struct limbo_report_view *v)
{
	const uint64_t *t = v->r.tsc;
	char name[16];
	int i, next;

	jw_open(j, "tsc", '[');
	for (i = tsc_next(v, -1); i >= 0; i = next) {
		next = tsc_next(v, i);
		jw_open(j, NULL, '{');
		jw_str(j, "phase", phase_name(i, name, sizeof(name)));
		jw_u64(j, "tsc", t[i]);
		if (next >= 0 && t[next] >= t[i])
			jw_u64(j, "cycles_to_next", t[next] - t[i]);
		else
			jw_null(j, "cycles_to_next");
		jw_close(j, '}');
	}
	jw_close(j, ']');
}

static void json_config(struct jw *j, const struct limbo_report_view *v)
{
	const struct limbo_config *c = &v->r.config;
	const char *why;

	if (!HAS(v, config)) {
		jw_null(j, "config");
		return;
	}
	why = limbo_config_check(c);
	jw_open(j, "config", '{');
	jw_bool(j, "valid", !why);
	jw_str(j, "invalid_reason", why);
	jw_hex(j, "magic", c->magic);
	jw_u64(j, "version", c->version);
	jw_u64(j, "size", c->size);
	jw_hex(j, "flags", c->flags);
	jw_bool(j, "from_plugin", c->flags & LIMBO_CFG_FROM_PLUGIN);
	jw_bool(j, "next_mptable", c->flags & LIMBO_CFG_NEXT_MPTABLE);
	jw_enum(j, "verify_fail", policy_name(c->verify_fail), c->verify_fail);
	jw_enum(j, "fault", policy_name(c->fault), c->fault);
	jw_enum(j, "debug_fault", debug_fault_name(c->debug_fault), c->debug_fault);
	if (c->debug_remote_irr)
		jw_u64(j, "debug_remote_irr_gsi", c->debug_remote_irr - 1);
	else
		jw_null(j, "debug_remote_irr_gsi");
	jw_enum(j, "lapic", on_off(c->lapic), c->lapic);
	jw_enum(j, "x2apic", x2apic_name(c->x2apic), c->x2apic);
	jw_enum(j, "pic", pic_name(c->pic), c->pic);
	jw_enum(j, "ioapic", on_off(c->ioapic), c->ioapic);
	jw_enum(j, "park", park_name(c->park), c->park);
	jw_enum(j, "sha_ni", on_off(c->sha_ni), c->sha_ni);
	jw_enum(j, "handoff", handoff_name(c->handoff), c->handoff);
	if (c->max_apic_id == 0xffffffffu)
		jw_null(j, "max_apic_id");
	else
		jw_u64(j, "max_apic_id", c->max_apic_id);
	if (c->boot_cpu_apic_id == 0xffffffffu)
		jw_null(j, "boot_cpu_apic_id");
	else
		jw_u64(j, "boot_cpu_apic_id", c->boot_cpu_apic_id);
	jw_u64(j, "cpu_count", c->cpu_count);
	jw_u64(j, "ioapic_count", c->ioapic_count);
	jw_close(j, '}');
}

void limbo_report_print_json(FILE *f, const struct limbo_report_view *v,
			     const struct limbo_decode_opts *o)
{
	struct jw j = { .f = f };

	jw_open(&j, NULL, '{');
	json_header(&j, v);
	json_problems(&j, v);
	jw_u64(&j, "exit_code", limbo_report_exit_code(v));
	json_phases(&j, v);
	json_verify(&j, v, o);
	json_exceptions(&j, v);
	json_lapic(&j, v);
	json_ioapics(&j, v);
	json_park(&j, v);
	json_tsc(&j, v);
	json_config(&j, v);
	jw_close(&j, '}');
	fputc('\n', f);
}

/* ---- finding it -------------------------------------------------------- */

int limbo_report_read_file(const char *path, void **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 65536, n;
	char *b, *nb;

	*buf = NULL;
	*len = 0;
	if (!f)
		return -1;
	b = malloc(cap);
	if (!b)
		goto fail;
	for (;;) {
		if (*len == cap) {
			if (cap >= LIMBO_REPORT_MAX_FILE) {
				errno = EFBIG;
				goto fail;
			}
			nb = realloc(b, cap * 2);
			if (!nb)
				goto fail;
			b = nb;
			cap *= 2;
		}
		n = fread(b + *len, 1, cap - *len, f);
		if (!n)
			break;
		*len += n;
	}
	if (ferror(f)) {
		errno = EIO;
		goto fail;
	}
	fclose(f);
	*buf = b;
	return 0;
fail:
	n = errno;
	free(b);
	fclose(f);
	*len = 0;
	errno = n;
	return -1;
}

/* Reads "<dir>/<name>/type" and says whether it is ours. */
static bool node_is_limbo(const char *dir, const char *name)
{
	char path[4096], text[64], *end;
	unsigned long type;
	FILE *f;
	size_t n;

	if (snprintf(path, sizeof(path), "%s/%s/type", dir, name) >= (int)sizeof(path))
		return false;
	f = fopen(path, "r");
	if (!f)
		return false;
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = 0;
	errno = 0;
	type = strtoul(text, &end, 0);
	if (errno || end == text)
		return false;
	while (isspace((unsigned char)*end))
		end++;
	return !*end && type == LIMBO_SETUP_DATA_TYPE;
}

static bool all_digits(const char *s)
{
	if (!*s || strlen(s) > 9)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

int limbo_report_find_sysfs(const char *sysfs, char *path, size_t pathlen)
{
	char dir[4096];
	struct dirent *d;
	long best = -1;
	int found = 0;
	DIR *dp;

	if (snprintf(dir, sizeof(dir), "%s/kernel/boot_params/setup_data",
		     sysfs) >= (int)sizeof(dir)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	dp = opendir(dir);
	if (!dp)
		return -1;
	while ((d = readdir(dp))) {
		long n;

		if (!all_digits(d->d_name) || !node_is_limbo(dir, d->d_name))
			continue;
		found++;
		n = strtol(d->d_name, NULL, 10);
		if (best < 0 || n < best)
			best = n;
	}
	closedir(dp);
	if (found && snprintf(path, pathlen, "%s/%ld/data", dir, best) >= (int)pathlen) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return found;
}
