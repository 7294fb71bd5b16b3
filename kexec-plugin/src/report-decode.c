// SPDX-License-Identifier: GPL-2.0-only
/*
 * Decoding struct limbo_report on the host.
 *
 * Version differences: the report only ever grows at the end, and hdr.size
 * says how much the writer filled.  limbo_report_load() copies
 * min(hdr.size, sizeof(struct limbo_report)) bytes into a zeroed struct;
 * every field is shown only when it lies wholly inside that prefix
 * (arrays element by element) and as absent otherwise, and bytes past
 * our own layout are counted as not understood.
 *
 * Each section is written once, against emit.h: every value has its
 * JSON key, its label for people and its type, and the text and JSON
 * back-ends lay it out.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <limbo/vectors.h>
#include "emit.h"
#include "fileio.h"
#include "options.h"
#include "report-decode.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define OFF(field)	offsetof(struct limbo_report, field)
#define HAS(v, field)	LIMBO_REPORT_HAS(v, field)
#define HAS_AT(v, field, i)						\
	limbo_report_has(v, OFF(field[i]), sizeof(((struct limbo_report *)0)->field[i]))
/* A number field, or null ("absent") when the writer did not fill it. */
#define U_IF(v, field)	(HAS(v, field) ? EM_U((v)->r.field) : EM_NUL)

#define ABSENT		"absent (shorter report)"
#define UNKNOWN_ID	0xffffffffu	/* limbo_config: an APIC ID not known */

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
	  "an IO-APIC was not left quiet: a pin stuck, an IO-APIC absent, unmapped "
	  "or refused, or no verified list to quiesce them" },
	{ LIMBO_PROB_PARK, "park",
	  "a CPU could not be parked" },
	{ LIMBO_PROB_SELF, "self",
	  "the purgatory's own code or constants changed after kexec loaded them" },
	{ LIMBO_PROB_TABLES, "tables",
	  "a step ran without the verified IO-APIC or CPU list it needed, or with "
	  "an incomplete one" },
};

static const char *const tables_states[] = {
	[LIMBO_TABLES_NONE] = "none",
	[LIMBO_TABLES_USED] = "used",
	[LIMBO_TABLES_UNVERIFIED] = "unverified",
	[LIMBO_TABLES_NOT_HASHED] = "not_hashed",
	[LIMBO_TABLES_MALFORMED] = "malformed",
};

static const char *const self_results[] = {
	[LIMBO_SELF_NOT_RUN] = "not_run",
	[LIMBO_SELF_OK] = "ok",
	[LIMBO_SELF_NO_DIGEST] = "no_digest",
	[LIMBO_SELF_MISMATCH] = "mismatch",
};

/* The name at @i of a sparse table, or NULL. */
#define NAME_AT(table, i) ((i) < ARRAY_SIZE(table) ? (table)[i] : NULL)

static const char *const verify_results[] = {
	[LIMBO_VERIFY_NOT_RUN] = "not run",
	[LIMBO_VERIFY_OK] = "ok",
	[LIMBO_VERIFY_SKIPPED] = "skipped (kexec -i)",
	[LIMBO_VERIFY_MISMATCH] = "MISMATCH",
};

static const char *const hash_impls[] = {
	[LIMBO_HASH_C] = "portable C",
	[LIMBO_HASH_SHANI] = "SHA-NI",
};

static const char *const apic_modes[] = {
	[LIMBO_APIC_UNKNOWN] = "unknown",
	[LIMBO_APIC_DISABLED] = "disabled",
	[LIMBO_APIC_XAPIC] = "xAPIC",
	[LIMBO_APIC_X2APIC] = "x2APIC",
};

static const char *const park_results[] = {
	[LIMBO_PARK_NONE] = "none",
	[LIMBO_PARK_PARKED] = "parked",
	[LIMBO_PARK_SELF] = "self",
	[LIMBO_PARK_BOOT_CPU] = "boot_cpu",
	[LIMBO_PARK_UNREACHABLE] = "unreachable",
	[LIMBO_PARK_TIMEOUT] = "timeout",
};

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

static const struct flag_name ioapic_flag_names[] = {
	{ LIMBO_IOAPIC_ABSENT, "absent", "no response (reads all ones)" },
	{ LIMBO_IOAPIC_UNMAPPED, "unmapped", "could not be mapped" },
	{ LIMBO_IOAPIC_SMI_SKIPPED, "smi_skipped", "SMI pin left alone" },
	{ LIMBO_IOAPIC_DEBUG_ARMED, "debug_armed", "debug-remote-irr unmasked a pin here" },
	{ LIMBO_IOAPIC_REFUSED, "refused", "address inside verified memory or the purgatory: not touched" },
};

static const struct flag_name park_flag_names[] = {
	{ LIMBO_PARK_NO_APIC, "no_apic", "this CPU's APIC was not usable" },
	{ LIMBO_PARK_CC_GUEST, "cc_guest", "TDX or SEV-ES/SNP guest: INIT not sent" },
	{ LIMBO_PARK_NO_TOPOLOGY, "no_topology", "no boot CPU or APIC IDs from the plugin" },
};

static const struct flag_name tables_flag_names[] = {
	{ LIMBO_TABLES_IOAPICS_KNOWN, "ioapics_known", "IO-APICs listed" },
	{ LIMBO_TABLES_IOAPICS_PARTIAL, "ioapics_partial", "more IO-APICs than listed" },
	{ LIMBO_TABLES_CPUS_KNOWN, "cpus_known", "CPUs listed" },
	{ LIMBO_TABLES_CPUS_PARTIAL, "cpus_partial", "more CPUs than listed" },
};

static const struct flag_name cfg_flag_names[] = {
	{ LIMBO_CFG_FROM_PLUGIN, "from_plugin", "written by the kexec plugin" },
	{ LIMBO_CFG_NEXT_MPTABLE, "next_mptable", "next kernel boots via MPTABLE" },
	{ LIMBO_CFG_FROM_KERNEL, "from_kernel", "written by the kernel (kexec_file_load)" },
};

/* "0x3: text, text" for people: what the set bits of @flags mean. */
static const char *flags_text(char *b, size_t n, uint32_t flags,
			      const struct flag_name *names, size_t count)
{
	size_t at, i;
	uint32_t left = flags;

	at = snprintf(b, n, "0x%x: ", flags);
	for (i = 0; i < count && at < n; i++) {
		if (!(left & names[i].bit))
			continue;
		at += snprintf(b + at, n - at, "%s%s", left != flags ? ", " : "",
			       names[i].text);
		left &= ~names[i].bit;
	}
	if (at >= n)
		return b;
	if (left)
		snprintf(b + at, n - at, "%sunknown 0x%x", left != flags ? ", " : "", left);
	else if (!flags)
		snprintf(b + at, n - at, "none");
	return b;
}

/* ---- loading --------------------------------------------------------------- */

/*
 * limbo_config_check() for a config as a report recorded it: a version 1
 * config (its IO-APIC and CPU lists in the block, where version 2 has
 * the tables pointer, the self digest and zeros) is checked as the
 * current version with that space read as zero.
 */
static const char *config_check_recorded(const struct limbo_config *cfg)
{
	struct limbo_config c;
	const size_t from = offsetof(struct limbo_config, tables_addr);
	const size_t to = offsetof(struct limbo_config, debug_remote_irr);

	if (cfg->version != 1)
		return limbo_config_check(cfg);
	memcpy(&c, cfg, sizeof(c));
	c.version = LIMBO_CONFIG_VERSION;
	memset((char *)&c + from, 0, to - from);
	return limbo_config_check(&c);
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

/* @n entries of @size bytes of @src into @dst, at most @cap; the count kept */
static uint32_t copy_capped(void *dst, const void *src, uint32_t n, uint32_t cap,
			    size_t size)
{
	if (n > cap)
		n = cap;
	if (n)
		memcpy(dst, src, (size_t)n * size);
	return n;
}

/*
 * The v2 part and the arrays.  @buf holds the whole report (hdr.size
 * bytes, checked), but it is read only through the lib/report.c readers,
 * which bound every array by hdr.size.  A v1 report's fixed arrays hold
 * its first entries.
 */
static void load_arrays(struct limbo_report_view *v, const void *buf)
{
	const struct limbo_report *r = buf;
	const struct limbo_report_v2 *v2;
	const struct limbo_ioapic_state *io;
	const struct limbo_park_entry *pk;
	uint32_t n;

	if (v->size < sizeof(v->r)) {	/* a shorter v1: only what it holds */
		v->ioapic_total = HAS(v, ioapic_count) ? v->r.ioapic_count : 0;
		v->park_total = HAS(v, park_count) ? v->r.park_count : 0;
		v->ioapic_n = RECORDED(v, ioapic, v->ioapic_total);
		v->park_n = RECORDED(v, park, v->park_total);
		memcpy(v->ioapics, v->r.ioapic, v->ioapic_n * sizeof(v->ioapics[0]));
		memcpy(v->parks, v->r.park, v->park_n * sizeof(v->parks[0]));
		return;
	}
	v2 = limbo_report_v2(r);
	if (v2) {
		v->has_v2 = true;
		memcpy(&v->v2, v2, sizeof(v->v2));
		/* known: v1, our v2, the arrays; unknown: a newer v2's extra */
		v->unknown = v2->v2_size - sizeof(*v2);
	} else if (r->hdr.version >= 2) {
		v->v2_arrays_bad = true;	/* too short for its v2 part */
	}
	io = limbo_report_ioapics(r, &n);
	v->ioapic_total = v->has_v2 ? v->v2.ioapic_total : r->ioapic_count;
	v->ioapic_n = io ? copy_capped(v->ioapics, io, n, LIMBO_MAX_IOAPICS_ALL,
				       sizeof(*io)) : 0;
	pk = limbo_report_parks(r, &n);
	v->park_total = v->has_v2 ? v->v2.park_total : r->park_count;
	v->park_n = pk ? copy_capped(v->parks, pk, n, LIMBO_MAX_CPUS, sizeof(*pk)) : 0;
	if (v->has_v2 && (!io || !pk))
		v->v2_arrays_bad = true;
}

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
	load_arrays(v, buf);
	return NULL;
}

static unsigned int exc_recorded(const struct limbo_report_view *v)
{
	return RECORDED(v, exc, v->r.exc_count);
}

/*
 * Whether a step that needed a list ran without it: tables named but
 * refused, or none named (a v2 report) while the IO-APIC quiesce or the
 * parking ran; or a list the tables mark incomplete.
 */
static bool tables_problem(const struct limbo_report_view *v)
{
	bool needed = v->r.done & (1u << LIMBO_PHASE_IOAPIC | 1u << LIMBO_PHASE_PARK);

	if (!v->has_v2)
		return false;
	if (v->v2.tables_state != LIMBO_TABLES_USED)
		return needed;
	return !!(v->v2.tables_flags &
		  (LIMBO_TABLES_IOAPICS_PARTIAL | LIMBO_TABLES_CPUS_PARTIAL));
}

/*
 * The problems the report's own fields show, whether or not the purgatory
 * set their bit: a verification MISMATCH (or a skipped one), any exception
 * recorded (a recovered machine check too: the hardware reported an
 * error), a configuration limbo_config_check() refuses, an IO-APIC left
 * stuck, absent or unmapped, a CPU that could not be reached.
 */
static uint32_t problems_shown(const struct limbo_report_view *v)
{
	const struct limbo_report *r = &v->r;
	uint32_t p = 0;
	unsigned int i;

	if (HAS(v, verify_result) && r->verify_result == LIMBO_VERIFY_MISMATCH)
		p |= LIMBO_PROB_VERIFY;
	if (HAS(v, verify_result) && r->verify_result == LIMBO_VERIFY_SKIPPED)
		p |= LIMBO_PROB_VERIFY_SKIPPED;
	if (HAS(v, exc_count) && r->exc_count)
		p |= LIMBO_PROB_EXCEPTION;
	if (HAS(v, config) && config_check_recorded(&r->config))
		p |= LIMBO_PROB_CONFIG;
	if (phase_state(v, LIMBO_PHASE_IOAPIC, OFF(ioapic_count)) == SECT_RAN) {
		for (i = 0; i < v->ioapic_n; i++)
			if (v->ioapics[i].stuck || v->ioapics[i].flags &
			    (LIMBO_IOAPIC_ABSENT | LIMBO_IOAPIC_UNMAPPED |
			     LIMBO_IOAPIC_REFUSED))
				p |= LIMBO_PROB_IOAPIC;
	}
	if (phase_state(v, LIMBO_PHASE_PARK, OFF(park_count)) == SECT_RAN) {
		for (i = 0; i < v->park_n; i++)
			if (v->parks[i].result == LIMBO_PARK_UNREACHABLE ||
			    v->parks[i].result == LIMBO_PARK_TIMEOUT)
				p |= LIMBO_PROB_PARK;
	}
	if (v->has_v2 && v->v2.self_check == LIMBO_SELF_MISMATCH)
		p |= LIMBO_PROB_SELF;
	if (tables_problem(v))
		p |= LIMBO_PROB_TABLES;
	return p;
}

uint32_t limbo_report_problems(const struct limbo_report_view *v)
{
	return (HAS(v, problems) ? v->r.problems : 0) | problems_shown(v);
}

int limbo_report_exit_code(const struct limbo_report_view *v)
{
	return limbo_report_problems(v) ? LIMBO_REPORT_EXIT_PROBLEM :
					  LIMBO_REPORT_EXIT_OK;
}

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

/* ---- section helpers ----------------------------------------------------- */

/* @key is null; the text says "@title: absent (shorter report)". */
static void section_absent(struct emit *e, const char *key, const char *title)
{
	em_section(e, NULL, title);
	em_valf(e, key, "", EM_NUL, ABSENT);
	em_close(e);
}

/*
 * Opens the section of phase @p with its "state"; returns true when the
 * phase ran, else closes it again ("title: not run").
 */
static bool section_ran(struct emit *e, const struct limbo_report_view *v,
			const char *key, const char *title, unsigned int p,
			size_t first)
{
	static const char *const json[] = {
		[SECT_ABSENT] = "absent", [SECT_NOT_RUN] = "not run", [SECT_RAN] = "ran",
	};
	static const char *const text[] = {
		[SECT_ABSENT] = ABSENT, [SECT_NOT_RUN] = "not run", [SECT_RAN] = "ran",
	};
	enum section_state s = phase_state(v, p, first);

	em_section(e, key, title);
	em_valf(e, "state", s == SECT_RAN ? NULL : "", EM_S(json[s]), "%s", text[s]);
	if (s == SECT_RAN)
		return true;
	em_close(e);
	return false;
}

static void more_not_recorded(struct emit *e, unsigned int count, unsigned int n)
{
	if (count > n)
		em_valf(e, NULL, "", EM_NUL, "(%u more not recorded)", count - n);
}

/* A list of the names of the set bits (text: what they mean). */
static void flag_list(struct emit *e, const char *key, const char *label,
		      uint32_t flags, const struct flag_name *names, size_t count)
{
	size_t i;

	em_open(e, key, label, EM_J_ARR, EM_T_LINE);
	for (i = 0; i < count; i++) {
		if (!(flags & names[i].bit))
			continue;
		em_valf(e, EM_ITEM, "", EM_S(names[i].name), "%s", names[i].text);
		flags &= ~names[i].bit;
	}
	if (flags)
		em_valf(e, NULL, "", EM_NUL, "unknown 0x%x", flags);
	em_close(e);
}

/* ---- the sections ---------------------------------------------------------- */

static void emit_header(struct emit *e, const struct limbo_report_view *v)
{
	const struct limbo_report_hdr *h = &v->r.hdr;
	bool newer = h->version > LIMBO_REPORT_VERSION;
	bool shorter = v->size < sizeof(v->r);

	em_open(e, "report", "limbo report:", EM_J_OBJ, EM_T_BULLET);
	em_val(e, "version", "version", EM_U(h->version));
	em_valf(e, "size", "", EM_U(v->size), "%zu bytes", v->size);
	em_valf(e, "crc32", "CRC", EM_X(h->crc32), "0x%08x ok", h->crc32);
	em_break(e);
	em_valf(e, "decoder_version", newer ? "" : NULL, EM_U(LIMBO_REPORT_VERSION),
		"newer layout than this decoder (version %u)", LIMBO_REPORT_VERSION);
	em_val(e, "decoded_bytes", NULL, EM_U(v->known));
	em_break(e);
	em_valf(e, "unknown_bytes", v->unknown ? "" : NULL, EM_U(v->unknown),
		"%zu bytes at the end not understood (this decoder knows %zu)",
		v->unknown, sizeof(v->r));
	em_break(e);
	em_valf(e, "shorter", shorter ? "" : NULL, EM_B(shorter),
		"shorter layout: fields past byte %zu are absent", v->size);
	em_close(e);
	em_val(e, "build", "build", HAS(v, build) ?
	       EM_SN(v->r.build, sizeof(v->r.build)) : EM_NUL);
}

static void problem(struct emit *e, const char *name, const char *text,
		    bool flagged)
{
	em_open(e, EM_ITEM, "!", EM_J_OBJ, EM_T_BULLET);
	em_val(e, "name", NULL, EM_S(name));
	em_val(e, "text", "", EM_S(text));
	em_break(e);
	em_valf(e, "flagged", flagged ? NULL : "", EM_B(flagged),
		"(no problem bit set: the report's own fields show it)");
	em_close(e);
}

static void emit_problems(struct emit *e, const struct limbo_report_view *v)
{
	uint32_t mask = v->r.problems, all, left;
	char name[16], text[80];
	size_t i;
	int b;

	if (!HAS(v, problems)) {
		section_absent(e, "problems", "PROBLEMS");
		return;
	}
	all = left = limbo_report_problems(v);
	em_section(e, "problems", "PROBLEMS");
	if (all)
		em_val(e, "mask", "", EM_X(mask));
	else
		em_valf(e, "mask", "", EM_X(mask), "none");
	em_open(e, "list", NULL, EM_J_ARR, EM_T_NONE);
	for (i = 0; i < ARRAY_SIZE(problems); i++) {
		if (!(left & problems[i].bit))
			continue;
		left &= ~problems[i].bit;
		problem(e, problems[i].name, problems[i].text, mask & problems[i].bit);
	}
	for (b = 0; b < 32; b++) {
		if (!(left & (1u << b)))
			continue;
		snprintf(name, sizeof(name), "bit%d", b);
		snprintf(text, sizeof(text),
			 "unknown problem bit %d (recorded by a newer limbo)", b);
		problem(e, name, text, true);
	}
	em_close(e);
	em_close(e);
}

static void emit_phases(struct emit *e, const struct limbo_report_view *v)
{
	char name[16];
	int i;

	if (!HAS(v, done)) {
		em_val(e, "phases_done", NULL, EM_NUL);
		return;
	}
	em_open(e, "phases_done", NULL, EM_J_ARR, EM_T_HIDDEN);
	for (i = 0; i < 32; i++)
		if (v->r.done & (1u << i))
			em_val(e, EM_ITEM, "", EM_S(phase_name(i, name, sizeof(name))));
	em_close(e);
}

static void emit_verify(struct emit *e, const struct limbo_report_view *v,
			const struct limbo_decode_opts *o)
{
	const struct limbo_report *r = &v->r;
	double mibps = verify_mibps(v, o);

	if (!section_ran(e, v, "verification", "verification", LIMBO_PHASE_VERIFY,
			 OFF(verify_result)))
		return;
	em_enum(e, "result", "result", NAME_AT(verify_results, r->verify_result),
		r->verify_result);
	em_val(e, "regions", "regions", EM_U(r->verify_regions));
	if (HAS(v, verify_bytes))
		em_valf(e, "bytes", "bytes", EM_U(r->verify_bytes), "%llu (%.1f MiB)",
			(unsigned long long)r->verify_bytes,
			r->verify_bytes / (1024.0 * 1024.0));
	else
		em_val(e, "bytes", "bytes", EM_NUL);
	em_val(e, "cycles", "cycles", U_IF(v, verify_cycles));
	if (mibps >= 0)
		em_valf(e, "mib_per_s", "throughput", EM_F1(mibps),
			"%.1f MiB/s at %u MHz", mibps, o->tsc_mhz);
	else
		em_val(e, "mib_per_s", NULL, EM_NUL);
	em_enum(e, "hash_impl", "hash", NAME_AT(hash_impls, r->hash_impl), r->hash_impl);
	/* only meaningful with a mismatch: a skipped run leaves it 0, not -1 */
	if (r->verify_result != LIMBO_VERIFY_MISMATCH)
		em_valf(e, "failed_region", "failed region", EM_NUL, "none");
	else if (r->verify_failed_region < 0)
		em_valf(e, "failed_region", "failed region", EM_NUL, "not recorded");
	else
		em_val(e, "failed_region", "failed region", EM_U(r->verify_failed_region));
	em_close(e);
}

static void emit_exc_list(struct emit *e, const struct limbo_report_view *v)
{
	const struct limbo_report *r = &v->r;
	unsigned int i, n = exc_recorded(v);
	char label[16];

	em_open(e, "recorded", NULL, EM_J_ARR, EM_T_NONE);
	for (i = 0; i < n; i++) {
		const char *name = limbo_vector_name(r->exc[i].vector);

		snprintf(label, sizeof(label), "  [%u]", i);
		em_line(e, EM_ITEM, label);
		em_valf(e, "vector", "vector", EM_U(r->exc[i].vector), "%llu %s",
			(unsigned long long)r->exc[i].vector, name);
		em_val(e, "name", NULL, EM_S(name));
		em_val(e, "error", "error", EM_X(r->exc[i].error));
		em_valf(e, "rip", "RIP", EM_X(r->exc[i].rip), "0x%016llx",
			(unsigned long long)r->exc[i].rip);
		em_val(e, "cr2", "CR2", EM_X(r->exc[i].cr2));
		em_close(e);
	}
	em_close(e);
	more_not_recorded(e, r->exc_count, n);
}

static void emit_exceptions(struct emit *e, const struct limbo_report_view *v)
{
	const struct limbo_report *r = &v->r;
	bool prebuilt = r->idt_flags & LIMBO_IDT_FROM_PLUGIN;
	bool repaired = r->idt_flags & LIMBO_IDT_REPAIRED;

	em_section(e, NULL, "NMIs and exceptions");
	em_object(e, "nmi");
	em_val(e, "count", "NMIs", U_IF(v, nmi_count));
	if (HAS(v, nmi_last_rip) && r->nmi_count) {
		em_line(e, NULL, "NMI RIPs");
		em_valf(e, "first_rip", "first", EM_X(r->nmi_first_rip), "0x%016llx",
			(unsigned long long)r->nmi_first_rip);
		em_valf(e, "last_rip", "last", EM_X(r->nmi_last_rip), "0x%016llx",
			(unsigned long long)r->nmi_last_rip);
		em_close(e);
	}
	em_close(e);

	em_object(e, "exceptions");
	em_val(e, "count", "exceptions", U_IF(v, exc_count));
	if (HAS(v, exc_count))
		emit_exc_list(e, v);
	em_close(e);
	em_val(e, "mc_recovered", "MCEs recovered", U_IF(v, mc_recovered));
	if (HAS(v, idt_flags)) {
		em_line(e, "idt", "stub IDT");
		em_valf(e, "prebuilt", "", EM_B(prebuilt), "%s", prebuilt ?
			"prebuilt by the loader, loaded at entry" :
			"built at entry (no loader mark)");
		em_valf(e, "repaired", repaired ? "" : NULL, EM_B(repaired),
			"did NOT match the load address: repaired");
		em_close(e);
	}
	em_close(e);
}

/* The set bits of @w as vector numbers ("0x31, 0xef" for people). */
static void vector_list(struct emit *e, const char *key, const char *label,
			const uint32_t *w)
{
	int vec;

	em_open(e, key, label, EM_J_ARR, EM_T_LINE);
	for (vec = 0; vec < 256; vec++)
		if (w[vec / 32] & (1u << (vec % 32)))
			em_valf(e, EM_ITEM, "", EM_U(vec), "0x%02x", vec);
	em_close(e);
}

static void emit_lvts(struct emit *e, const struct limbo_lapic_state *s)
{
	char label[24];
	uint32_t lvt;
	int i;

	em_object(e, "lvt");
	for (i = 0; i < LIMBO_LVT_COUNT; i++) {
		snprintf(label, sizeof(label), "LVT %s", lvt_names[i]);
		if (!(s->lvt_present & (1u << i))) {
			em_valf(e, lvt_names[i], label, EM_NUL, "-");
			continue;
		}
		lvt = s->lvt[i];
		em_line(e, lvt_names[i], label);
		em_val(e, "raw", NULL, EM_X(lvt));
		em_valf(e, "vector", "vec", EM_U(lvt & 0xff), "0x%02x", lvt & 0xff);
		em_val(e, "delivery", "", EM_S(delivery_name(lvt)));
		em_valf(e, "masked", lvt & (1u << 16) ? "" : NULL,
			EM_B(lvt & (1u << 16)), "masked");
		em_close(e);
	}
	em_close(e);
}

/* One column of the local APIC table: @key is "found" or "left". */
static void emit_lapic_state(struct emit *e, const char *key,
			     const struct limbo_lapic_state *s, bool present)
{
	if (!present) {
		em_val(e, key, key, EM_NUL);
		return;
	}
	em_open(e, key, key, EM_J_OBJ, EM_T_NONE);
	em_enum(e, "mode", "mode", NAME_AT(apic_modes, s->mode), s->mode);
	em_val(e, "apic_base", "IA32_APIC_BASE", EM_X(s->apic_base));
	em_valf(e, "id", "ID", EM_X(s->id), "%u", s->id);
	em_valf(e, "version", "version", EM_X(s->version), "0x%08x", s->version);
	em_val(e, "max_lvt", "max LVT", EM_U(s->max_lvt));
	em_valf(e, "tpr", "TPR", EM_X(s->tpr), "0x%02x", s->tpr);
	em_valf(e, "ldr", "LDR", EM_X(s->ldr), "0x%08x", s->ldr);
	em_valf(e, "dfr", "DFR", EM_X(s->dfr), "0x%08x", s->dfr);
	em_valf(e, "svr", "SVR", EM_X(s->svr), "0x%03x %s, spurious 0x%02x", s->svr,
		s->svr & (1u << 8) ? "on" : "off", s->svr & 0xff);
	em_val(e, "sw_enabled", NULL, EM_B(s->svr & (1u << 8)));
	em_valf(e, "esr", "ESR", EM_X(s->esr), "0x%08x", s->esr);
	emit_lvts(e, s);
	vector_list(e, "isr", "ISR", s->isr);
	vector_list(e, "irr", "IRR", s->irr);
	em_close(e);
}

static void emit_lapic(struct emit *e, const struct limbo_report_view *v)
{
	const struct limbo_report *r = &v->r;

	if (!section_ran(e, v, "lapic", "local APIC", LIMBO_PHASE_LAPIC,
			 OFF(lapic_found)))
		return;
	em_open(e, NULL, NULL, EM_J_NONE, EM_T_COLUMNS);
	emit_lapic_state(e, "found", &r->lapic_found, HAS(v, lapic_found));
	emit_lapic_state(e, "left", &r->lapic_left, HAS(v, lapic_left));
	em_close(e);
	em_val(e, "eoi_count", "EOIs sent", U_IF(v, lapic_eoi_count));
	if (HAS(v, lapic_flags)) {
		em_val(e, "flags", NULL, EM_X(r->lapic_flags));
		flag_list(e, "actions", "actions", r->lapic_flags, lapic_flag_names,
			  ARRAY_SIZE(lapic_flag_names));
	} else {
		em_val(e, "flags", "actions", EM_NUL);
	}
	em_close(e);
}

static void emit_ioapic(struct emit *e, const struct limbo_ioapic_state *a,
			const char *label)
{
	char fl[192];

	em_line(e, EM_ITEM, label);
	em_val(e, "id", "ID", EM_U(a->id));
	em_valf(e, "version", "version", EM_X(a->version), "0x%02x", a->version);
	em_valf(e, "pins", "", EM_U(a->pins), "%u pins", a->pins);
	em_val(e, "gsi_base", "GSI", EM_U(a->gsi_base));
	em_val(e, "address", "at", EM_X(a->address));
	em_break(e);
	em_val(e, "masked", "masked", EM_U(a->masked));
	em_val(e, "rirr_found", "Remote IRR found", EM_U(a->rirr_found));
	em_val(e, "rirr_cleared", "cleared", EM_U(a->rirr_cleared));
	em_valf(e, "stuck", "stuck", EM_U(a->stuck), "%u%s", a->stuck,
		a->stuck ? " (STUCK)" : "");
	em_break(e);
	em_valf(e, "flags", a->flags ? "flags" : NULL, EM_X(a->flags), "%s",
		flags_text(fl, sizeof(fl), a->flags, ioapic_flag_names,
			   ARRAY_SIZE(ioapic_flag_names)));
	em_close(e);
}

static void emit_ioapics(struct emit *e, const struct limbo_report_view *v)
{
	unsigned int i;
	char label[16];

	if (!section_ran(e, v, "ioapics", "IO-APICs", LIMBO_PHASE_IOAPIC,
			 OFF(ioapic_count)))
		return;
	em_val(e, "count", "count", EM_U(v->ioapic_total));
	em_open(e, "entries", NULL, EM_J_ARR, EM_T_NONE);
	for (i = 0; i < v->ioapic_n; i++) {
		snprintf(label, sizeof(label), "  [%u]", i);
		emit_ioapic(e, &v->ioapics[i], label);
	}
	em_close(e);
	more_not_recorded(e, v->ioapic_total, v->ioapic_n);
	em_close(e);
}

static void emit_park(struct emit *e, const struct limbo_report_view *v)
{
	const struct limbo_report *r = &v->r;
	unsigned int i;
	char label[16], fl[192];

	if (!section_ran(e, v, "park", "CPU parking", LIMBO_PHASE_PARK,
			 OFF(park_count)))
		return;
	em_val(e, "count", "CPUs", EM_U(v->park_total));
	if (HAS(v, park_flags))
		em_valf(e, "flags", "flags", EM_X(r->park_flags), "%s",
			flags_text(fl, sizeof(fl), r->park_flags, park_flag_names,
				   ARRAY_SIZE(park_flag_names)));
	else
		em_val(e, "flags", "flags", EM_NUL);
	em_open(e, "cpus", NULL, EM_J_ARR, EM_T_NONE);
	for (i = 0; i < v->park_n; i++) {
		uint32_t res = v->parks[i].result;
		const char *name = NAME_AT(park_results, res);

		snprintf(label, sizeof(label), "  [%u]", i);
		em_line(e, EM_ITEM, label);
		em_valf(e, "apic_id", "APIC ID", EM_U(v->parks[i].apic_id), "0x%x",
			v->parks[i].apic_id);
		em_valf(e, "result", "result", EM_S(name), "%s (%u)",
			name ? name : "unknown", res);
		em_val(e, "result_code", NULL, EM_U(res));
		em_close(e);
	}
	em_close(e);
	more_not_recorded(e, v->park_total, v->park_n);
	em_close(e);
}

/* An APIC ID from the tables: null ("unknown") when the plugin did not know. */
static void apic_id(struct emit *e, const char *key, const char *label,
		    uint32_t id, const char *fmt)
{
	if (id == UNKNOWN_ID)
		em_valf(e, key, label, EM_NUL, "unknown");
	else
		em_valf(e, key, label, EM_U(id), fmt, id);
}

/* v2: the tables segment and the self-check */
static void emit_v2(struct emit *e, const struct limbo_report_view *v)
{
	const struct limbo_report_v2 *t = &v->v2;
	char fl[192];

	if (!v->has_v2) {
		section_absent(e, "tables", "tables (IO-APIC and CPU lists)");
		section_absent(e, "self_check", "self-check");
		return;
	}
	em_section(e, "tables", "tables (IO-APIC and CPU lists)");
	em_enum(e, "state", "state", NAME_AT(tables_states, t->tables_state),
		t->tables_state);
	em_val(e, "address", "at", EM_X(t->tables_addr));
	em_valf(e, "flags", "flags", EM_X(t->tables_flags), "%s",
		flags_text(fl, sizeof(fl), t->tables_flags, tables_flag_names,
			   ARRAY_SIZE(tables_flag_names)));
	apic_id(e, "boot_cpu_apic_id", "boot CPU", t->boot_cpu_apic_id, "APIC %u");
	apic_id(e, "max_apic_id", "max APIC ID", t->max_apic_id, "%u");
	em_val(e, "cpu_count", "CPUs listed", EM_U(t->cpu_count));
	em_break(e);
	em_valf(e, "arrays_bad", v->v2_arrays_bad ? "" : NULL, EM_B(v->v2_arrays_bad),
		"the per-IO-APIC or per-CPU array lies outside the report");
	em_close(e);
	em_section(e, "self_check", "self-check");
	em_enum(e, "result", "result", NAME_AT(self_results, t->self_check), t->self_check);
	em_val(e, "bytes", "bytes", EM_U(t->self_bytes));
	em_val(e, "cycles", "cycles", EM_U(t->self_cycles));
	em_close(e);
}

static void emit_tsc(struct emit *e, const struct limbo_report_view *v,
		     const struct limbo_decode_opts *o)
{
	const uint64_t *t = v->r.tsc;
	int i, j, first = tsc_next(v, -1), last = -1;
	char name[16];
	const char *pn;

	em_section(e, NULL, "TSC per phase");
	em_open(e, "tsc", "phase", EM_J_ARR, EM_T_TABLE);
	for (i = first; i >= 0; i = j) {
		j = tsc_next(v, i);
		last = i;
		pn = phase_name(i, name, sizeof(name));
		em_open(e, EM_ITEM, pn, EM_J_OBJ, EM_T_ROW);
		em_val(e, "phase", NULL, EM_S(pn));
		em_val(e, "tsc", "TSC", EM_U(t[i]));
		if (j >= 0 && t[j] >= t[i])
			em_val(e, "cycles_to_next", "cycles to next", EM_U(t[j] - t[i]));
		else if (j >= 0)
			em_valf(e, "cycles_to_next", "cycles to next", EM_NUL,
				"backwards by %llu", (unsigned long long)(t[i] - t[j]));
		else
			em_valf(e, "cycles_to_next", "cycles to next", EM_NUL, "-");
		em_close(e);
	}
	em_close(e);
	if (!HAS_AT(v, tsc, 0))
		em_valf(e, NULL, "stamps", EM_NUL, "absent");
	else if (first < 0)
		em_valf(e, NULL, "stamps", EM_NUL, "none");
	else if (first != last && t[last] >= t[first] && o && o->tsc_mhz)
		em_valf(e, NULL, "total", EM_NUL, "%llu cycles (%.1f us)",
			(unsigned long long)(t[last] - t[first]),
			(t[last] - t[first]) / (double)o->tsc_mhz);
	else if (first != last && t[last] >= t[first])
		em_valf(e, NULL, "total", EM_NUL, "%llu cycles",
			(unsigned long long)(t[last] - t[first]));
	em_close(e);
}

static void emit_config(struct emit *e, const struct limbo_report_view *v)
{
	const struct limbo_config *c = &v->r.config;
	const char *why;
	char buf[192];
	size_t i;

	if (!HAS(v, config)) {
		section_absent(e, "config", "config in force");
		return;
	}
	why = config_check_recorded(c);
	em_section(e, "config", "config in force");
	em_val(e, "valid", NULL, EM_B(!why));
	em_valf(e, "invalid_reason", "check", EM_S(why), "%s", why ? why : "valid");
	em_valf(e, "magic", "magic", EM_X(c->magic), "0x%016llx%s",
		(unsigned long long)c->magic,
		c->magic == LIMBO_CONFIG_MAGIC ? "" : " (wrong)");
	em_val(e, "version", "version", EM_U(c->version));
	em_val(e, "size", "size", EM_U(c->size));
	em_valf(e, "flags", "flags", EM_X(c->flags), "%s",
		flags_text(buf, sizeof(buf), c->flags, cfg_flag_names,
			   ARRAY_SIZE(cfg_flag_names)));
	em_val(e, "from_plugin", NULL, EM_B(c->flags & LIMBO_CFG_FROM_PLUGIN));
	em_val(e, "next_mptable", NULL, EM_B(c->flags & LIMBO_CFG_NEXT_MPTABLE));
	em_val(e, "from_kernel", NULL, EM_B(c->flags & LIMBO_CFG_FROM_KERNEL));
	/* every --purgatory-opt key, as the user writes its value */
	for (i = 0; i < limbo_opt_key_count; i++) {
		const struct limbo_opt_key *k = &limbo_opt_keys[i];

		em_enum(e, k->json, k->name, limbo_opt_format(k, c, buf, sizeof(buf)),
			limbo_opt_get(k, c));
	}
	if (c->version >= 2) {
		em_val(e, "tables_addr", "tables at", EM_X(c->tables_addr));
		em_val(e, "tables_size", "size", EM_U(c->tables_size));
		em_val(e, "self_len", "self digest over", EM_U(c->self_len));
	}
	em_close(e);
}

static void emit_report(struct emit *e, const struct limbo_report_view *v,
			const struct limbo_decode_opts *o)
{
	emit_header(e, v);
	emit_problems(e, v);
	em_val(e, "exit_code", NULL, EM_U(limbo_report_exit_code(v)));
	emit_phases(e, v);
	emit_verify(e, v, o);
	emit_exceptions(e, v);
	emit_lapic(e, v);
	emit_ioapics(e, v);
	emit_park(e, v);
	emit_v2(e, v);
	emit_tsc(e, v, o);
	emit_config(e, v);
	em_finish(e);
}

void limbo_report_print(FILE *f, const struct limbo_report_view *v,
			const struct limbo_decode_opts *o)
{
	struct emit e;

	em_init_text(&e, f);
	emit_report(&e, v, o);
}

void limbo_report_print_json(FILE *f, const struct limbo_report_view *v,
			     const struct limbo_decode_opts *o)
{
	struct emit e;

	em_init_json(&e, f);
	emit_report(&e, v, o);
}

/* ---- finding it -------------------------------------------------------- */

/* Reads "<dir>/<name>/type" and says whether it is ours. */
static bool node_is_limbo(const char *dir, const char *name)
{
	char path[4096], *text, *end;
	unsigned long type;
	size_t len;
	bool ours;

	if (snprintf(path, sizeof(path), "%s/%s/type", dir, name) >= (int)sizeof(path))
		return false;
	/* "0x4c4d424f\n": a few bytes; anything longer is not a type */
	if (limbo_read_file(path, 64, &text, &len, NULL, 0) != LIMBO_READ_OK)
		return false;
	errno = 0;
	type = strtoul(text, &end, 0);
	ours = !errno && end != text;
	while (isspace((unsigned char)*end))
		end++;
	ours = ours && end == text + len && type == LIMBO_SETUP_DATA_TYPE;
	free(text);
	return ours;
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
