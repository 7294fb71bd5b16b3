// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hardware discovery: the MADT, /proc/iomem, /proc/cpuinfo and command
 * line parsers (parse.c), every way they reject input, how discovery
 * fills the config (merge.c) and what it prints (print.c).
 * Each parser sees a malloc'ed copy of exactly the input's size, so
 * ASan catches a read past the end.  This machine's own tables, when
 * readable, are parsed too (never stored in the repository).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <limbo/cc_regs.h>
#include "fileio.h"
#include "gather.h"
#include "madt_build.h"
#include "merge.h"
#include "parse.h"
#include "print.h"

/*
 * The tables segment the plugin adds for @d (merge.c), checked as the
 * purgatory will check it, with its report area zero.  Valid until the
 * next call.
 */
static const struct limbo_tables *tables_of(const struct limbo_discovery *d,
					    struct limbo_config *cfg)
{
	static uint8_t *buf;
	size_t bufsz, memsz, i;

	free(buf);
	buf = limbo_discovery_tables(d, cfg, &bufsz, &memsz);
	assert_non_null(buf);
	assert_null(limbo_tables_check(buf, memsz));
	assert_true(bufsz <= memsz);
	for (i = bufsz; i < memsz; i++)
		assert_int_equal(buf[i], 0);
	return (const struct limbo_tables *)buf;
}

/* Parse a copy of exactly @len bytes, so that ASan sees any overread. */
static const char *parse_madt_exact(const uint8_t *b, size_t len, struct limbo_madt *out)
{
	uint8_t *copy = malloc(len ? len : 1);
	const char *err;

	assert_non_null(copy);
	memcpy(copy, b, len);
	err = limbo_parse_madt(copy, len, out);
	free(copy);
	return err;
}

static const char *parse_madt(const struct madt_buf *m, struct limbo_madt *out)
{
	return parse_madt_exact(m->b, m->len, out);
}

/* What QEMU's pc machine builds for -smp 2. */
static void qemu_pc(struct madt_buf *m)
{
	madt_begin(m, 1, LIMBO_MADT_PCAT_COMPAT);
	madt_lapic(m, 0, 0, 1);
	madt_lapic(m, 1, 1, 1);
	madt_ioapic(m, 0, 0xfec00000, 0);
	madt_iso(m, 0, 2, 0);
	madt_iso(m, 5, 5, 0xd);
	madt_iso(m, 9, 9, 0xd);
	madt_iso(m, 10, 10, 0xd);
	madt_iso(m, 11, 11, 0xd);
	madt_lapic_nmi(m, 0xff, 1);
	madt_end(m);
}

/* ---- MADT: good tables ------------------------------------------------------ */

static void test_madt_qemu_pc(void **state)
{
	static struct madt_buf b;
	struct limbo_madt m;

	(void)state;
	qemu_pc(&b);
	assert_int_equal(b.len, 44 + 2 * 8 + 12 + 5 * 10 + 6);
	assert_null(parse_madt(&b, &m));
	assert_int_equal(m.revision, 1);
	assert_int_equal(m.flags, LIMBO_MADT_PCAT_COMPAT);
	assert_int_equal(m.lapic_address, 0xfee00000);
	assert_false(m.lapic_override);
	assert_int_equal(m.ioapic_count, 1);
	assert_int_equal(m.ioapics[0].id, 0);
	assert_int_equal(m.ioapics[0].address, 0xfec00000);
	assert_int_equal(m.ioapics[0].gsi_base, 0);
	assert_int_equal(m.cpu_count, 2);
	assert_int_equal(m.apic_ids[0], 0);
	assert_int_equal(m.apic_ids[1], 1);
	assert_int_equal(m.boot_apic_id, 0);
	assert_int_equal(m.max_apic_id, 1);
	assert_int_equal(m.overrides, 5);
	assert_int_equal(m.nmis, 1);
	assert_int_equal(m.unknown, 0);
	assert_int_equal(m.x2apic_entries, 0);
	assert_int_equal(m.online_capable + m.disabled + m.invalid_ids + m.duplicates, 0);
}

/* A longer buffer than the length field: the rest is not the table's. */
static void test_madt_trailing_bytes(void **state)
{
	static struct madt_buf b;
	struct limbo_madt m;

	(void)state;
	qemu_pc(&b);
	b.len += 100;
	memset(b.b + b.len - 100, 0xff, 100);
	assert_null(parse_madt(&b, &m));
	assert_int_equal(m.cpu_count, 2);
}

static void test_madt_x2apic(void **state)
{
	static struct madt_buf b;
	struct limbo_madt m;

	(void)state;
	madt_begin(&b, 5, 0);
	madt_x2apic(&b, 0x100, 1, 0);		/* first: the boot CPU */
	madt_lapic(&b, 1, 4, 1);
	madt_x2apic(&b, 300, 1, 2);
	madt_x2apic(&b, 4, 1, 1);		/* same CPU as the xAPIC entry */
	madt_x2apic(&b, 0xffffffff, 1, 3);	/* invalid ID: skipped */
	madt_x2apic(&b, 70000, 0, 4);		/* disabled, not online-capable */
	madt_ioapic(&b, 8, 0xfec00000, 0);
	madt_ioapic(&b, 9, 0xfec01000, 24);
	madt_raw(&b, 10, 12, 10);		/* Local x2APIC NMI */
	madt_end(&b);
	assert_null(parse_madt(&b, &m));
	assert_int_equal(m.cpu_count, 3);
	assert_int_equal(m.apic_ids[0], 0x100);
	assert_int_equal(m.apic_ids[1], 4);
	assert_int_equal(m.apic_ids[2], 300);
	assert_int_equal(m.boot_apic_id, 0x100);
	assert_int_equal(m.max_apic_id, 300);
	assert_int_equal(m.x2apic_entries, 2);
	assert_int_equal(m.duplicates, 1);
	assert_int_equal(m.invalid_ids, 1);
	assert_int_equal(m.disabled, 1);
	assert_int_equal(m.nmis, 1);
	assert_int_equal(m.ioapic_count, 2);
	assert_int_equal(m.ioapics[1].id, 9);
	assert_int_equal(m.ioapics[1].address, 0xfec01000);
	assert_int_equal(m.ioapics[1].gsi_base, 24);
	assert_int_equal(m.flags & LIMBO_MADT_PCAT_COMPAT, 0);
}

static void test_madt_disabled_cpu(void **state)
{
	static struct madt_buf b;
	struct limbo_madt m;

	(void)state;
	/* revision 5: bit 1 means online-capable */
	madt_begin(&b, 5, LIMBO_MADT_PCAT_COMPAT);
	madt_lapic(&b, 0, 2, 0);		/* disabled: not the boot CPU */
	madt_lapic(&b, 1, 3, 1);
	madt_lapic(&b, 2, 9, 2);		/* online-capable: counts for max */
	madt_lapic(&b, 3, 0xff, 1);		/* ID 0xff: placeholder */
	madt_lapic(&b, 4, 20, 0);		/* disabled */
	madt_ioapic(&b, 0, 0xfec00000, 0);
	madt_end(&b);
	assert_null(parse_madt(&b, &m));
	assert_int_equal(m.cpu_count, 1);
	assert_int_equal(m.apic_ids[0], 3);
	assert_int_equal(m.boot_apic_id, 3);
	assert_int_equal(m.online_capable, 1);
	assert_int_equal(m.disabled, 2);
	assert_int_equal(m.invalid_ids, 1);
	assert_int_equal(m.max_apic_id, 9);

	/* before revision 5, bit 1 is reserved: CPU 9 is just disabled */
	b.b[8] = 4;
	madt_end(&b);
	assert_null(parse_madt(&b, &m));
	assert_int_equal(m.online_capable, 0);
	assert_int_equal(m.disabled, 3);
	assert_int_equal(m.max_apic_id, 3);
}

static void test_madt_lapic_override(void **state)
{
	static struct madt_buf b;
	struct limbo_madt m;

	(void)state;
	madt_begin(&b, 3, LIMBO_MADT_PCAT_COMPAT);
	madt_lapic(&b, 0, 0, 1);
	madt_lapic_override(&b, 0x1fee00000ULL);
	madt_raw(&b, 0x7f, 4, 2);		/* a type not known here */
	madt_raw(&b, 0x11, 2, 0);
	madt_end(&b);
	assert_null(parse_madt(&b, &m));
	assert_true(m.lapic_override);
	assert_int_equal(m.lapic_address, 0x1fee00000ULL);
	assert_int_equal(m.unknown, 2);
	assert_int_equal(m.ioapic_count, 0);
}

/* Every prefix of a good table is refused, and never read past. */
static void test_madt_every_prefix(void **state)
{
	static struct madt_buf b;
	struct limbo_madt m;
	size_t n;

	(void)state;
	qemu_pc(&b);
	for (n = 0; n < b.len; n++)
		assert_non_null(parse_madt_exact(b.b, n, &m));
	assert_null(parse_madt_exact(b.b, b.len, &m));
}

/* ---- MADT: rejections --------------------------------------------------------- */

static void expect_madt_error(struct madt_buf *b, const char *expect)
{
	struct limbo_madt m;
	const char *err = parse_madt(b, &m);

	if (!err)
		fail_msg("accepted a MADT that should fail with '%s'", expect);
	if (!strstr(err, expect))
		fail_msg("expected '%s', got '%s'", expect, err);
	assert_ptr_equal(err, m.err);
}

static void test_madt_header_errors(void **state)
{
	static struct madt_buf b;

	(void)state;
	qemu_pc(&b);
	b.len = 10;
	expect_madt_error(&b, "MADT: 10 bytes, shorter than the 44-byte header");
	qemu_pc(&b);
	b.len = 43;
	expect_madt_error(&b, "shorter than the 44-byte header");

	qemu_pc(&b);
	memcpy(b.b, "AP\x01X", 4);
	madt_end(&b);
	expect_madt_error(&b, "signature 'AP?X' is not 'APIC'");

	qemu_pc(&b);
	madt_seal(&b, (uint32_t)b.len + 1);
	expect_madt_error(&b, "length field 129 is larger than the 128 bytes read");

	qemu_pc(&b);
	madt_seal(&b, 0xffffffff);
	expect_madt_error(&b, "length field 4294967295 is larger");

	qemu_pc(&b);
	madt_seal(&b, 40);
	expect_madt_error(&b, "length field 40 is smaller than the 44-byte header");

	qemu_pc(&b);
	b.b[9] ^= 1;
	expect_madt_error(&b, "bad checksum");
	qemu_pc(&b);
	b.b[60] += 1;		/* in an entry, checksum not redone */
	expect_madt_error(&b, "bad checksum (bytes sum to 0x01, not 0)");
}

struct entry_case {
	uint8_t type, len;
	size_t body;		/* bytes after type and length */
	const char *expect;
};

static const struct entry_case entry_cases[] = {
	{ 0, 0, 6, "entry at offset 52 (type 0): length 0, less than 2" },
	{ 1, 1, 6, "entry at offset 52 (type 1): length 1, less than 2" },
	{ 1, 40, 10, "entry at offset 52 (type 1): length 40 runs past the table's end at 64" },
	{ 0x80, 255, 0, "length 255 runs past" },
	{ 0, 6, 4, "entry at offset 52 (Processor Local APIC): length 6, the type needs 8" },
	{ 1, 10, 8, "(I/O APIC): length 10, the type needs 12" },
	{ 2, 8, 6, "(Interrupt Source Override): length 8, the type needs 10" },
	{ 3, 6, 4, "(NMI Source): length 6, the type needs 8" },
	{ 4, 5, 3, "(Local APIC NMI): length 5, the type needs 6" },
	{ 5, 8, 6, "(Local APIC Address Override): length 8, the type needs 12" },
	{ 9, 12, 10, "(Processor Local x2APIC): length 12, the type needs 16" },
	{ 10, 2, 0, "(Local x2APIC NMI): length 2, the type needs 12" },
};

static void test_madt_entry_errors(void **state)
{
	static struct madt_buf b;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(entry_cases) / sizeof(entry_cases[0]); i++) {
		const struct entry_case *c = &entry_cases[i];

		madt_begin(&b, 3, 0);
		madt_lapic(&b, 0, 0, 1);		/* offset 44 */
		madt_raw(&b, c->type, c->len, c->body);	/* offset 52 */
		madt_end(&b);
		expect_madt_error(&b, c->expect);
	}

	madt_begin(&b, 3, 0);
	madt_lapic(&b, 0, 0, 1);
	madt_put8(&b, 1);				/* half an entry header */
	madt_end(&b);
	expect_madt_error(&b, "1 stray byte at offset 52");
}

/*
 * A well-formed MADT is never refused for its size: past what the tables
 * carry, entries are counted, not listed, and the largest APIC ID still
 * seen.
 */
static void test_madt_limits(void **state)
{
	static struct madt_buf b;
	static struct limbo_madt m;
	unsigned int i;

	(void)state;
	madt_begin(&b, 3, 0);
	madt_lapic(&b, 0, 0, 1);
	for (i = 0; i < LIMBO_MAX_IOAPICS_ALL + 2; i++)
		madt_ioapic(&b, (uint8_t)i, 0xfec00000 + i * 0x1000, i * 24);
	madt_end(&b);
	assert_null(parse_madt(&b, &m));
	assert_int_equal(m.ioapic_count, LIMBO_MAX_IOAPICS_ALL);
	assert_int_equal(m.ioapics_beyond, 2);
	assert_int_equal(m.ioapics[LIMBO_MAX_IOAPICS_ALL - 1].gsi_base,
			 (LIMBO_MAX_IOAPICS_ALL - 1) * 24);

	madt_begin(&b, 3, 0);
	for (i = 0; i < LIMBO_MAX_CPUS; i++)
		madt_x2apic(&b, i * 2, 1, i);
	madt_lapic(&b, 0, 0, 1);		/* a duplicate does not count */
	madt_lapic(&b, 0, 200, 0);		/* nor does a disabled CPU */
	madt_end(&b);
	assert_null(parse_madt(&b, &m));
	assert_int_equal(m.cpu_count, LIMBO_MAX_CPUS);
	assert_int_equal(m.cpus_beyond, 0);
	assert_int_equal(m.max_apic_id, (LIMBO_MAX_CPUS - 1) * 2);
	madt_x2apic(&b, 100000, 1, 1000);
	madt_end(&b);
	assert_null(parse_madt(&b, &m));
	assert_int_equal(m.cpu_count, LIMBO_MAX_CPUS);
	assert_int_equal(m.cpus_beyond, 1);
	assert_int_equal(m.max_apic_id, 100000);
}

static void test_madt_content_errors(void **state)
{
	static const uint32_t bad_addr[] = { 0, 0xfec00004, 0xfec00200, 0x000fe000 };
	static struct madt_buf b;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_addr) / sizeof(bad_addr[0]); i++) {
		madt_begin(&b, 3, 0);
		madt_lapic(&b, 0, 0, 1);
		madt_ioapic(&b, 2, bad_addr[i], 0);
		madt_end(&b);
		expect_madt_error(&b, "MADT IO-APIC id 2 at offset 52: address");
		expect_madt_error(&b, "is not 1 KiB aligned between 1 MiB and 4 GiB");
	}

	madt_begin(&b, 3, 0);
	madt_lapic(&b, 0, 0, 1);
	madt_ioapic(&b, 0, 0xfec00000, 0);
	madt_ioapic(&b, 1, 0xfec00000, 24);
	madt_end(&b);
	expect_madt_error(&b, "MADT lists IO-APIC address 0xfec00000 twice");

	madt_begin(&b, 3, 0);
	madt_lapic(&b, 0, 0, 0);
	madt_lapic(&b, 1, 0xff, 1);
	madt_ioapic(&b, 0, 0xfec00000, 0);
	madt_end(&b);
	expect_madt_error(&b, "MADT lists no enabled CPU");

	madt_begin(&b, 3, 0);
	madt_lapic(&b, 0, 0, 1);
	madt_lapic_override(&b, 0xfee00000);
	madt_lapic_override(&b, 0xfee00000);
	madt_end(&b);
	expect_madt_error(&b, "MADT has a second Local APIC Address Override (offset 64)");
}

/* ---- text parsers: exact-size copies --------------------------------------- */

static const char *parse_iomem(const char *text, struct limbo_iomem *io)
{
	size_t len = strlen(text);
	char *copy = malloc(len ? len : 1);
	const char *err;

	assert_non_null(copy);
	memcpy(copy, text, len);
	err = limbo_parse_iomem(copy, len, io);
	free(copy);
	return err;
}

static const char *parse_cpuinfo(const char *text, struct limbo_cpuinfo *c)
{
	size_t len = strlen(text);
	char *copy = malloc(len ? len : 1);
	const char *err;

	assert_non_null(copy);
	memcpy(copy, text, len);
	err = limbo_parse_cpuinfo(copy, len, c);
	free(copy);
	return err;
}

/* ---- /proc/iomem -------------------------------------------------------------- */

static const char iomem_vm[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009fbff : System RAM\n"
	"0009fc00-000fffff : Reserved\n"
	"  000de000-000defff : AMZNC10C:00\n"
	"  000f0000-000fffff : System ROM\n"
	"00100000-bfffffff : System RAM\n"
	"  01000000-0220bb07 : Kernel code\n"
	"c0001000-eebfffff : PCI Bus 0000:00\n"
	"eec00000-febfffff : Reserved\n"
	"  eec00000-eecfffff : PCI ECAM 0000 [bus 00-00]\n"
	"    eec00000-eecfffff : PCI Bus 0000:00\n"
	"fec00000-fec003ff : IOAPIC 0\n"
	"100000000-63fffffff : System RAM\n"
	"4000000000-7fffffffff : PCI Bus 0000:00\n"
	"  4000000000-400007ffff : 0000:00:01.0\n"
	"    4000000000-400007ffff : virtio-pci-modern";	/* no final newline */

static const char iomem_server[] =
	"fec00000-fecfffff : PNP0003:00\n"
	"  fec00000-fec003ff : IOAPIC 0\n"
	"  fec01000-fec013ff : IOAPIC 1\n"
	"  fec40000-fec403ff : IOAPIC 2\n"
	"fed00000-fed003ff : HPET 0\n"
	"  fed00000-fed003ff : PNP0103:00\n"
	"fee00000-fee00fff : Local APIC\n"
	"  fee00000-fee00fff : Reserved\n"
	"ffffffffff-ffffffffff : the top\n";

static void test_iomem_samples(void **state)
{
	struct limbo_iomem io;

	(void)state;
	assert_null(parse_iomem(iomem_vm, &io));
	assert_int_equal(io.count, 1);
	assert_int_equal(io.ioapics[0].start, 0xfec00000);
	assert_int_equal(io.ioapics[0].end, 0xfec003ff);
	assert_int_equal(io.ioapics[0].index, 0);
	assert_int_equal(io.lines, 16);
	assert_int_equal(io.skipped, 0);

	assert_null(parse_iomem(iomem_server, &io));
	assert_int_equal(io.count, 3);
	assert_int_equal(io.ioapics[1].start, 0xfec01000);
	assert_int_equal(io.ioapics[2].start, 0xfec40000);
	assert_int_equal(io.ioapics[2].end, 0xfec403ff);
	assert_int_equal(io.ioapics[2].index, 2);

	/* no IOAPIC at all is not an error: there is just nothing to use */
	assert_null(parse_iomem("00000000-00000fff : Reserved\n", &io));
	assert_int_equal(io.count, 0);
}

static void test_iomem_unknown_lines(void **state)
{
	struct limbo_iomem io;

	(void)state;
	assert_null(parse_iomem("iomem, as seen by limbo\n"
				"\n"
				"   \n"
				"  : no range\n"
				"fec00000-fec003ff : IOAPIC\n"
				"-- end --\n"
				"deadbeef is a word\n"
				"data : x\n"
				"\t0-1 : tab-indented\n", &io));
	assert_int_equal(io.count, 1);
	assert_int_equal(io.ioapics[0].index, 0);	/* no number: its position */
	assert_int_equal(io.lines, 1);
	assert_int_equal(io.skipped, 8);
}

struct iomem_case {
	const char *text;
	const char *expect;
};

static const struct iomem_case iomem_cases[] = {
	{ "", "/proc/iomem: no resource lines" },
	{ "nothing\nhere\n", "no resource lines" },
	{ "fec00000-fec003ff IOAPIC 0\n", "line 1: no ' : ' after the range" },
	{ "fec00000-fec003ff :IOAPIC 0\n", "line 1: no ' : ' after the range" },
	{ "fec00000-fec003ff", "line 1: no ' : ' after the range" },
	{ "0-1 : a\nfec00000_fec003ff : IOAPIC 0\n",
	  "line 2: names an IOAPIC but is not START-END : NAME" },
	{ "garbage : IOAPIC 0\n", "line 1: names an IOAPIC but is not" },
	{ "fec00000- : IOAPIC 0\n", "line 1: not START-END in hex" },
	{ "fec00000 : IOAPIC 0\n", "line 1: names an IOAPIC but is not" },
	{ "fec00000-fec0g3ff : IOAPIC 0\n", "line 1: no ' : ' after the range" },
	{ "00000000000000000-1 : x\n", "line 1: not START-END in hex (at most 16 digits each)" },
	{ "fec003ff-fec00000 : IOAPIC 0\n", "line 1: range ends before it starts" },
	{ "0-ffff : a\n   10-20 : b\n", "line 2: odd indentation (3 spaces)" },
	{ "0-ffff : a\n    10-20 : b\n", "line 2: nested 2 levels below the line before" },
	{ "  10-20 : b\n", "line 1: indented, but no line before it" },
	{ "0-ffff : a\n  fff0-10000 : b\n",
	  "line 2: range 0xfff0-0x10000 is outside its parent 0x0-0xffff" },
	{ "0-fffffff : a\n  100-1ff : b\n    80-1ff : c\n", "line 3: range 0x80-0x1ff is outside" },
	{ "00000000-00000000 : Reserved\n00000000-00000000 : IOAPIC 0\n",
	  "line 2: IOAPIC range is 0-0 (addresses are hidden from readers that are not root)" },
	{ "fec00200-fec003ff : IOAPIC 0\n",
	  "line 1: IOAPIC at 0xfec00200 is not 1 KiB aligned between 1 MiB and 4 GiB" },
	{ "1fec00000-1fec003ff : IOAPIC 0\n", "IOAPIC at 0x1fec00000 is not 1 KiB aligned" },
	{ "fec00000-fec003ff : IOAPIC 0\nfec00000-fec003ff : IOAPIC 1\n",
	  "line 2: IOAPIC at 0xfec00000 listed twice" },
};

static void test_iomem_errors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(iomem_cases) / sizeof(iomem_cases[0]); i++) {
		struct limbo_iomem io;
		const char *err = parse_iomem(iomem_cases[i].text, &io);

		if (!err)
			fail_msg("case %zu: accepted, expected '%s'", i, iomem_cases[i].expect);
		if (!strstr(err, iomem_cases[i].expect))
			fail_msg("case %zu: expected '%s', got '%s'", i,
				 iomem_cases[i].expect, err);
	}
}

/* ---- /proc/cpuinfo ------------------------------------------------------------ */

static const char cpuinfo_two[] =
	"processor\t: 0\nvendor_id\t: GenuineIntel\nphysical id\t: 0\n"
	"apicid\t\t: 6\ninitial apicid\t: 6\nflags\t\t: fpu x2apic\n\n"
	"processor\t: 1\nvendor_id\t: GenuineIntel\napicid\t\t: 2\n"
	"initial apicid\t: 2\n\n";

static void test_cpuinfo_boot(void **state)
{
	struct limbo_cpuinfo c;

	(void)state;
	assert_null(parse_cpuinfo(cpuinfo_two, &c));
	assert_int_equal(c.cpus, 2);
	assert_int_equal(c.listed, 2);
	assert_int_equal(c.apic_ids[0], 6);
	assert_int_equal(c.apic_ids[1], 2);
	assert_int_equal(c.boot_apic_id, 6);
	assert_int_equal(c.max_apic_id, 6);

	/* processor 0 need not come first */
	assert_null(parse_cpuinfo("processor : 1\napicid : 300\n\n"
				  "processor : 0\napicid : 17\r\n", &c));
	assert_int_equal(c.boot_apic_id, 17);
	assert_int_equal(c.max_apic_id, 300);

	/* no processor 0 block: the boot CPU is unknown, the rest is fine */
	assert_null(parse_cpuinfo("processor : 3\napicid : 3\n", &c));
	assert_int_equal(c.boot_apic_id, LIMBO_APIC_ID_UNKNOWN);
	assert_int_equal(c.cpus, 1);

	/* an apicid before any processor line belongs to no CPU number */
	assert_null(parse_cpuinfo("apicid : 5\nprocessor : 0\n", &c));
	assert_int_equal(c.boot_apic_id, LIMBO_APIC_ID_UNKNOWN);
}

static void test_cpuinfo_errors(void **state)
{
	static const struct iomem_case cases[] = {
		{ "", "/proc/cpuinfo has no apicid lines" },
		{ "processor : 0\nmodel name : arm\n", "no apicid lines" },
		{ "processor : 0\napicid : x\n", "line 2: bad apicid" },
		{ "processor : 0\napicid :\n", "line 2: bad apicid" },
		{ "processor : 0\napicid : 4294967295\n", "line 2: bad apicid" },
		{ "processor : 0\napicid : 99999999999999999999999\n", "line 2: bad apicid" },
		{ "processor : 0\napicid : 3 4\n", "line 2: bad apicid" },
		{ "processor : -1\napicid : 3\n", "line 1: bad processor number" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct limbo_cpuinfo c;
		const char *err = parse_cpuinfo(cases[i].text, &c);

		if (!err)
			fail_msg("case %zu: accepted, expected '%s'", i, cases[i].expect);
		if (!strstr(err, cases[i].expect))
			fail_msg("case %zu: expected '%s', got '%s'", i, cases[i].expect, err);
	}
}

static void test_cpuinfo_many(void **state)
{
	char text[100 * 40];
	struct limbo_cpuinfo c;
	size_t used = 0;
	unsigned int i;

	(void)state;
	for (i = 0; i < 100; i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used,
					 "processor\t: %u\napicid\t\t: %u\n\n", i, i ^ 1);
	assert_null(parse_cpuinfo(text, &c));
	assert_int_equal(c.cpus, 100);
	assert_int_equal(c.listed, 100);
	assert_int_equal(c.max_apic_id, 99);
	assert_int_equal(c.boot_apic_id, 1);
}

/* ---- the next kernel's command line ------------------------------------------ */

static void test_cmdline_acpi_off(void **state)
{
	(void)state;
	assert_true(limbo_cmdline_has_acpi_off("acpi=off"));
	assert_true(limbo_cmdline_has_acpi_off("console=ttyS0 acpi=off nr_cpus=1"));
	assert_true(limbo_cmdline_has_acpi_off("a\tacpi=off\n"));
	assert_false(limbo_cmdline_has_acpi_off(""));
	assert_false(limbo_cmdline_has_acpi_off("acpi=offx"));
	assert_false(limbo_cmdline_has_acpi_off("noacpi=off"));
	assert_false(limbo_cmdline_has_acpi_off("acpi=force pci=acpi=off"));
	assert_true(limbo_cmdline_has_acpi_off("xacpi=off acpi=off"));
}

/* ---- merging and filling the config --------------------------------------- */

static char *capture_buf;
static size_t capture_len;

static FILE *capture(void)
{
	FILE *f;

	free(capture_buf);
	capture_buf = NULL;
	f = open_memstream(&capture_buf, &capture_len);
	assert_non_null(f);
	return f;
}

static void assert_contains(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("expected '%s' in:\n%s", want, text);
}

static void discovery_qemu(struct limbo_discovery *d)
{
	static struct madt_buf b;

	limbo_discovery_init(d);
	d->acpi = 1;
	qemu_pc(&b);
	d->madt_ok = !parse_madt(&b, &d->madt);
	d->iomem_ok = !parse_iomem(iomem_vm, &d->iomem);
	d->cpuinfo_ok = !parse_cpuinfo("processor : 0\napicid : 0\n\n"
				       "processor : 1\napicid : 1\n", &d->cpuinfo);
	assert_true(d->madt_ok && d->iomem_ok && d->cpuinfo_ok);
}

static void test_merge_agree(void **state)
{
	const struct limbo_config defaults = LIMBO_CONFIG_DEFAULTS;
	struct limbo_config cfg = defaults;
	const struct limbo_tables *t;
	struct limbo_discovery d;
	FILE *f;

	(void)state;
	discovery_qemu(&d);
	f = capture();
	limbo_discovery_merge(&d, f);
	fclose(f);
	assert_string_equal(capture_buf, "");
	assert_int_equal(d.warnings, 0);
	assert_string_equal(d.ioapic_source, "MADT");
	assert_string_equal(d.cpu_source, "MADT");
	assert_int_equal(d.boot_cpu_apic_id, 0);
	assert_int_equal(d.max_apic_id, 1);
	assert_int_equal(d.cpus, 2);

	cfg.flags = LIMBO_CFG_FROM_PLUGIN;
	t = tables_of(&d, &cfg);
	assert_null(limbo_config_check(&cfg));
	assert_int_equal(t->ioapic_count, 1);
	assert_int_equal(limbo_tables_ioapics(t)[0].address, 0xfec00000);
	assert_int_equal(t->cpu_count, 2);
	assert_int_equal(limbo_tables_cpus(t)[1], 1);
	assert_int_equal(t->boot_cpu_apic_id, 0);
	assert_int_equal(t->max_apic_id, 1);
	assert_int_equal(t->flags, LIMBO_TABLES_IOAPICS_KNOWN | LIMBO_TABLES_CPUS_KNOWN);
	assert_int_equal(cfg.flags, LIMBO_CFG_FROM_PLUGIN);

	d.next_acpi_off = 1;
	tables_of(&d, &cfg);
	assert_int_equal(cfg.flags, LIMBO_CFG_FROM_PLUGIN | LIMBO_CFG_NEXT_MPTABLE);

	f = capture();
	limbo_discovery_print(f, &d, &cfg);
	fclose(f);
	assert_contains(capture_buf, "limbo discovery (0 warnings):");
	assert_contains(capture_buf, "revision 1, local APIC at 0xfee00000, PCAT_COMPAT");
	assert_contains(capture_buf, "IO-APICs       1 from MADT");
	assert_contains(capture_buf, "id 0 at 0xfec00000, GSI base 0");
	assert_contains(capture_buf, "CPUs           2 from MADT: APIC IDs 0-1\n");
	assert_contains(capture_buf, "boot CPU       0\n");
	assert_contains(capture_buf, "max APIC ID    1\n");
	assert_contains(capture_buf, "/proc/iomem    1 IOAPIC range: 0xfec00000-0xfec003ff");
	assert_contains(capture_buf, "has acpi=off: boots through MPTABLE");
	assert_contains(capture_buf, "IO-APIC mask   every pin of 1 IO-APIC\n");
	assert_contains(capture_buf, "leave x2APIC for xAPIC");
}

static void test_merge_disagree(void **state)
{
	struct limbo_discovery d;
	FILE *f;

	(void)state;
	discovery_qemu(&d);
	d.iomem_ok = !parse_iomem("fec01000-fec013ff : IOAPIC 0\n", &d.iomem);
	d.cpuinfo_ok = !parse_cpuinfo("processor : 0\napicid : 1\n\n"
				      "processor : 1\napicid : 0\n\n"
				      "processor : 2\napicid : 7\n", &d.cpuinfo);
	f = capture();
	limbo_discovery_merge(&d, f);
	fclose(f);
	assert_contains(capture_buf, "limbo: warning: the MADT's IO-APIC 0 at 0xfec00000 "
			"is not in /proc/iomem\n");
	assert_contains(capture_buf, "/proc/iomem's IOAPIC 0 at 0xfec01000 is not in the MADT\n");
	assert_contains(capture_buf, "/proc/cpuinfo has APIC ID 7, the MADT does not list it\n");
	assert_contains(capture_buf, "largest APIC ID: /proc/cpuinfo has 7, the MADT 1; using 7\n");
	assert_contains(capture_buf, "boot CPU: /proc/cpuinfo processor 0 has APIC ID 1, the "
			"MADT's first enabled CPU 0; using 1\n");
	assert_int_equal(d.warnings, 5);
	assert_string_equal(d.ioapic_source, "MADT");
	assert_int_equal(d.ioapics[0].address, 0xfec00000);
	assert_int_equal(d.boot_cpu_apic_id, 1);
	assert_int_equal(d.max_apic_id, 7);
	assert_int_equal(d.cpu_count, 2);
}

/*
 * After a kexec chain Linux's processor 0 is whichever CPU ran kexec -e;
 * IA32_APIC_BASE.BSP still names the firmware's boot CPU and wins, with a
 * warning naming both.
 */
static void test_merge_bsp_msr(void **state)
{
	struct limbo_discovery d;
	FILE *f;

	(void)state;
	discovery_qemu(&d);
	d.cpuinfo_ok = !parse_cpuinfo("processor : 0\napicid : 1\n\n"
				      "processor : 1\napicid : 0\n", &d.cpuinfo);
	d.bsp_msr_apic_id = 0;
	f = capture();
	limbo_discovery_merge(&d, f);
	fclose(f);
	assert_contains(capture_buf, "boot CPU: IA32_APIC_BASE.BSP is set on APIC ID 0, "
			"/proc/cpuinfo processor 0 is 1 (booted through kexec from "
			"another CPU?); using 0\n");
	assert_int_equal(d.warnings, 1);	/* not also the cpuinfo/MADT one */
	assert_int_equal(d.boot_cpu_apic_id, 0);
	assert_string_equal(d.boot_cpu_source, "IA32_APIC_BASE.BSP");

	/* agreeing sources: no warning */
	discovery_qemu(&d);
	d.bsp_msr_apic_id = 0;
	f = capture();
	limbo_discovery_merge(&d, f);
	fclose(f);
	assert_string_equal(capture_buf, "");
	assert_string_equal(d.boot_cpu_source, "IA32_APIC_BASE.BSP");

	/* no msr driver: /proc/cpuinfo, as before */
	discovery_qemu(&d);
	limbo_discovery_merge(&d, NULL);
	assert_string_equal(d.boot_cpu_source, "/proc/cpuinfo processor 0");
}

/* A rejected MADT: IO-APICs from /proc/iomem, CPUs from /proc/cpuinfo. */
static void test_merge_fallback(void **state)
{
	const struct limbo_config defaults = LIMBO_CONFIG_DEFAULTS;
	struct limbo_config cfg = defaults;
	const struct limbo_tables *t;
	struct limbo_discovery d;
	static struct madt_buf b;
	FILE *f;

	(void)state;
	limbo_discovery_init(&d);
	d.acpi = 1;
	qemu_pc(&b);
	b.b[9] ^= 0xff;
	d.madt_ok = !parse_madt(&b, &d.madt);
	assert_false(d.madt_ok);
	d.iomem_ok = !parse_iomem(iomem_server, &d.iomem);
	d.cpuinfo_ok = !parse_cpuinfo(cpuinfo_two, &d.cpuinfo);
	f = capture();
	limbo_discovery_merge(&d, f);
	fclose(f);
	/* each fallback is said and counted */
	assert_contains(capture_buf, "limbo: warning: IO-APICs from /proc/iomem, without the "
			"MADT: no GSI bases\n");
	assert_contains(capture_buf, "limbo: warning: CPUs from /proc/cpuinfo, without the "
			"MADT: online CPUs only\n");
	assert_int_equal(d.warnings, 2);
	assert_string_equal(d.ioapic_source, "/proc/iomem");
	assert_int_equal(d.ioapic_count, 3);
	assert_int_equal(d.ioapics[2].address, 0xfec40000);
	assert_int_equal(d.ioapics[2].id, 2);
	assert_int_equal(d.ioapics[2].gsi_base, 0);
	assert_string_equal(d.cpu_source, "/proc/cpuinfo");
	assert_int_equal(d.cpu_count, 2);
	assert_int_equal(d.apic_ids[0], 6);
	assert_int_equal(d.boot_cpu_apic_id, 6);
	assert_int_equal(d.max_apic_id, 6);
	t = tables_of(&d, &cfg);
	assert_null(limbo_config_check(&cfg));
	assert_int_equal(t->ioapic_count, 3);
	assert_int_equal(cfg.flags & LIMBO_CFG_NEXT_MPTABLE, 0);

	f = capture();
	limbo_discovery_print(f, &d, &cfg);
	fclose(f);
	assert_contains(capture_buf, "ACPI MADT      present, not used: MADT: bad checksum");
	assert_contains(capture_buf, "IO-APICs       3 from /proc/iomem\n");
	assert_contains(capture_buf, "IOAPIC 1 at 0xfec01000 (ID and GSI base unknown)");
	assert_contains(capture_buf, "CPUs           2 from /proc/cpuinfo: APIC IDs 6,2\n");
	assert_contains(capture_buf, "boots through ACPI");
	assert_contains(capture_buf, "keep (policy auto: the next kernel boots through ACPI)");
}

static void test_merge_nothing(void **state)
{
	const struct limbo_config defaults = LIMBO_CONFIG_DEFAULTS;
	struct limbo_config cfg = defaults;
	const struct limbo_tables *t;
	struct limbo_discovery d;
	char text[100 * 40];
	size_t used = 0;
	unsigned int i;
	FILE *f;

	(void)state;
	cfg.flags = LIMBO_CFG_FROM_PLUGIN;	/* as limbo_opts_init() sets it */
	limbo_discovery_init(&d);
	for (i = 0; i < 100; i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used,
					 "processor : %u\napicid : %u\n", i, i);
	d.cpuinfo_ok = !parse_cpuinfo(text, &d.cpuinfo);
	f = capture();
	limbo_discovery_merge(&d, f);
	fclose(f);
	assert_contains(capture_buf, "limbo: warning: no IO-APIC list (neither the MADT nor "
			"/proc/iomem could be used): the purgatory will quiesce none and "
			"record it\n");
	assert_contains(capture_buf, "limbo: warning: CPUs from /proc/cpuinfo, without the "
			"MADT: online CPUs only\n");
	assert_int_equal(d.warnings, 2);
	assert_int_equal(d.cpu_count, 100);
	assert_int_equal(d.ioapic_count, 0);
	assert_int_equal(d.max_apic_id, 99);
	assert_int_equal(d.boot_cpu_apic_id, 0);
	t = tables_of(&d, &cfg);
	assert_int_equal(t->flags, LIMBO_TABLES_CPUS_KNOWN);	/* IO-APICs: not known */
	assert_int_equal(t->cpu_count, 100);
	assert_true(cfg.flags & LIMBO_CFG_NEXT_MPTABLE);	/* no ACPI */

	f = capture();
	limbo_discovery_print(f, &d, &cfg);
	fclose(f);
	assert_contains(capture_buf, "ACPI MADT      absent (no ACPI)");
	assert_contains(capture_buf, "CPUs           100 from /proc/cpuinfo");
	assert_contains(capture_buf, "IO-APIC mask   nothing to do: none discovered");
	assert_contains(capture_buf, "has no ACPI: boots through MPTABLE");
	assert_contains(capture_buf, "leave x2APIC for xAPIC");

	/* nothing at all */
	limbo_discovery_init(&d);
	limbo_discovery_merge(&d, NULL);
	assert_int_equal(d.max_apic_id, LIMBO_APIC_ID_UNKNOWN);
	assert_int_equal(d.boot_cpu_apic_id, LIMBO_APIC_ID_UNKNOWN);
	cfg = defaults;
	cfg.flags = LIMBO_CFG_FROM_PLUGIN;
	tables_of(&d, &cfg);
	f = capture();
	limbo_discovery_print(f, &d, &cfg);
	fclose(f);
	assert_contains(capture_buf, "boot CPU       unknown\n");
	assert_contains(capture_buf, "max APIC ID    unknown\n");
	/* no APIC IDs at all: the printout gives the rule's reason */
	assert_contains(capture_buf, "x2APIC         keep (no verified APIC IDs from the plugin)\n");
	assert_contains(capture_buf, "/proc/iomem    not used: unreadable\n");
}

/*
 * Tables the purgatory would refuse are refused where the plugin checks
 * them before adding the segment (limbo-kexec.c dies, naming the reason).
 */
static void test_tables_refused(void **state)
{
	const struct limbo_config defaults = LIMBO_CONFIG_DEFAULTS;
	struct limbo_config cfg = defaults;
	struct limbo_discovery d;
	size_t bufsz, memsz;
	void *buf;

	(void)state;
	limbo_discovery_init(&d);
	d.acpi = 1;
	d.ioapic_source = "MADT";
	d.ioapic_count = 1;
	d.ioapics[0].address = 0xfec00001;
	buf = limbo_discovery_tables(&d, &cfg, &bufsz, &memsz);
	assert_non_null(buf);
	assert_string_equal(limbo_tables_check(buf, memsz), "implausible IO-APIC address");
	free(buf);
}

static void test_format_ids(void **state)
{
	struct limbo_discovery d;
	const struct limbo_config defaults = LIMBO_CONFIG_DEFAULTS;
	unsigned int i;
	FILE *f;

	(void)state;
	limbo_discovery_init(&d);
	d.cpu_source = "MADT";
	d.cpu_count = 7;
	memcpy(d.apic_ids, (uint32_t[]){ 0, 1, 2, 3, 8, 10, 11 }, 7 * 4);
	f = capture();
	limbo_discovery_print(f, &d, &defaults);
	fclose(f);
	assert_contains(capture_buf, "APIC IDs 0-3,8,10-11\n");

	d.cpu_count = 64;
	for (i = 0; i < 64; i++)
		d.apic_ids[i] = 0xfffffff0u - i * 2;
	f = capture();
	limbo_discovery_print(f, &d, &defaults);
	fclose(f);
	assert_contains(capture_buf, "APIC IDs 4294967280,4294967278,");
	assert_contains(capture_buf, "...\n");
}

/* ---- this machine, when it lets us look ------------------------------------ */

/* This machine's MADT and /proc/iomem as exact-size copies, for ASan. */
static void reparse_exact(void)
{
	struct limbo_madt *m = malloc(sizeof(*m));
	struct limbo_iomem *io = malloc(sizeof(*io));
	size_t len;
	char *buf;

	assert_non_null(m);
	assert_non_null(io);
	if (limbo_read_file(LIMBO_MADT_PATH, LIMBO_MADT_MAX, &buf, &len, NULL, 0) ==
	    LIMBO_READ_OK) {
		parse_madt_exact((const uint8_t *)buf, len, m);
		free(buf);
	}
	if (limbo_read_file(LIMBO_IOMEM_PATH, LIMBO_PROC_TEXT_MAX, &buf, &len, NULL, 0) ==
	    LIMBO_READ_OK) {
		parse_iomem(buf, io);
		free(buf);
	}
	free(io);
	free(m);
}

/* limbo_gather() on this machine: its reads, the parsers, merge and print. */
static void test_this_machine(void **state)
{
	struct limbo_discovery d;
	const struct limbo_config defaults = LIMBO_CONFIG_DEFAULTS;
	struct limbo_config cfg = defaults;

	(void)state;
	limbo_gather(&d);
	printf("# this machine's MADT: %s\n", d.madt_ok ? "accepted" :
	       d.madt.err[0] ? d.madt.err : "absent");
	printf("# this machine's /proc/iomem: %s\n", d.iomem_ok ? "accepted" : d.iomem.err);
	printf("# this machine's /proc/cpuinfo: %s\n", d.cpuinfo_ok ? "accepted" :
	       d.cpuinfo.err);
	/*
	 * Real tables of a real machine must be accepted: /proc is always
	 * there, and an MADT that exists is this machine's firmware's.  A
	 * parser that refuses them fails here, with its reason.
	 */
	if (d.acpi && !d.madt_ok)
		fail_msg("this machine's MADT was refused: %s", d.madt.err);
	if (!d.iomem_ok)
		fail_msg("this machine's /proc/iomem was refused: %s", d.iomem.err);
	if (!d.cpuinfo_ok)
		fail_msg("this machine's /proc/cpuinfo was refused: %s", d.cpuinfo.err);
	limbo_discovery_merge(&d, stdout);
	tables_of(&d, &cfg);
	assert_null(limbo_config_check(&cfg));
	limbo_discovery_print(stdout, &d, &cfg);
	reparse_exact();
}

/* The next kernel's words: the last value of a key, nr_cpus the smallest. */
static void test_cmdline_words(void **state)
{
	char v[8];

	(void)state;
	assert_string_equal(limbo_cmdline_value("a disable_cpu_apicid=3 b",
						"disable_cpu_apicid", v, sizeof(v)), "3");
	assert_string_equal(limbo_cmdline_value("k=1 k=22", "k", v, sizeof(v)), "22");
	assert_string_equal(limbo_cmdline_value("k=123456789", "k", v, sizeof(v)), "1234567");
	assert_null(limbo_cmdline_value("xdisable_cpu_apicid=3", "disable_cpu_apicid",
					v, sizeof(v)));
	assert_null(limbo_cmdline_value("disable_cpu_apicid", "disable_cpu_apicid",
					v, sizeof(v)));
	assert_int_equal(limbo_cmdline_nr_cpus("nr_cpus=4 a nr_cpus=2"), 2);
	assert_int_equal(limbo_cmdline_nr_cpus("nr_cpus=1"), 1);
	assert_int_equal(limbo_cmdline_nr_cpus("nr_cpus= xnr_cpus=1 nr_cpus=0"), 0);
	assert_int_equal(limbo_cmdline_nr_cpus(""), 0);
}

/* next_kernel() for @cmdline on the 2-CPU QEMU machine: the warnings. */
static unsigned int next_kernel_warnings(const char *cmdline)
{
	struct limbo_discovery d;
	FILE *f;

	discovery_qemu(&d);
	limbo_discovery_merge(&d, NULL);
	assert_int_equal(d.cpu_count, 2);
	assert_int_equal(d.warnings, 0);
	f = capture();
	limbo_discovery_next_kernel(&d, cmdline, f);
	fclose(f);
	return d.warnings;
}

/*
 * An MPTABLE dump kernel on nr_cpus=1 of a 2-CPU machine stops (Linux
 * 6.1, harness S5a) after a crash on the second CPU: the plugin says so
 * and gives the command line that works (S5ad).
 */
static void test_next_kernel_mptable_warning(void **state)
{
	(void)state;
	assert_int_equal(next_kernel_warnings("console=ttyS0 acpi=off nr_cpus=1"), 1);
	assert_contains(capture_buf, "boots through MPTABLE with nr_cpus=1 of 2 CPUs");
	assert_contains(capture_buf, "add \"nr_cpus=2 disable_cpu_apicid=0\"");
	assert_int_equal(next_kernel_warnings("acpi=off nr_cpus=2 disable_cpu_apicid=0"), 0);
	assert_int_equal(next_kernel_warnings("acpi=off nr_cpus=2"), 0);
	assert_int_equal(next_kernel_warnings("acpi=off"), 0);
	assert_int_equal(next_kernel_warnings("nr_cpus=1"), 0);	/* ACPI boot */
	assert_string_equal(capture_buf, "");
}

/* Confidential guests: which probes make merge refuse limbo, and which not. */
static const char *cc_verdict(const struct limbo_cc_probe *p, const char **source)
{
	static struct limbo_discovery d;

	discovery_qemu(&d);
	d.cc = *p;
	limbo_discovery_merge(&d, NULL);
	*source = d.cc_source;
	return d.cc_guest;
}

static void test_merge_cc_guest(void **state)
{
	const struct limbo_cc_probe tdx = {
		.max_leaf = 0x23, .hypervisor = 1,
		.tdx_sig = { TDX_SIG_EBX, TDX_SIG_EDX, TDX_SIG_ECX },
	};
	const struct limbo_cc_probe sev_cpuid = {
		.max_leaf = 0x10, .hypervisor = 1, .max_ext_leaf = 0x80000021,
		.sev_eax = CPUID_SME | CPUID_SEV | CPUID_SEV_ES,
	};
	struct limbo_cc_probe p;
	const char *src;

	(void)state;
	assert_string_equal(cc_verdict(&tdx, &src), "TDX");
	assert_string_equal(src, "CPUID leaf 0x21");
	p = tdx;		/* leaf 0x21 beyond the max leaf: not read */
	p.max_leaf = 0x20;
	assert_null(cc_verdict(&p, &src));
	p = tdx;		/* one byte off the signature */
	p.tdx_sig[2] ^= 1;
	assert_null(cc_verdict(&p, &src));
	assert_string_equal(src, "none");

	/* SEV_STATUS unreadable: the CPUID bits under a hypervisor decide */
	assert_string_equal(cc_verdict(&sev_cpuid, &src), "SEV-ES or SEV-SNP");
	assert_non_null(strstr(src, "SEV_STATUS unreadable"));
	p = sev_cpuid;		/* bare metal (an EPYC host): never a guest */
	p.hypervisor = 0;
	assert_null(cc_verdict(&p, &src));
	p = sev_cpuid;		/* plain SEV: limbo runs */
	p.sev_eax = CPUID_SEV;
	assert_null(cc_verdict(&p, &src));
	p = sev_cpuid;		/* leaf 0x8000001F beyond the max: not read */
	p.max_ext_leaf = 0x8000001e;
	assert_null(cc_verdict(&p, &src));

	/* SEV_STATUS read: it decides, whatever CPUID says */
	p = sev_cpuid;
	p.sev_status_ok = 1;
	p.sev_status = SEV_STATUS_SEV;
	assert_null(cc_verdict(&p, &src));
	p.sev_status = SEV_STATUS_SEV | SEV_STATUS_ES;
	assert_string_equal(cc_verdict(&p, &src), "SEV-ES");
	assert_string_equal(src, "SEV_STATUS");
	p.sev_status = SEV_STATUS_SEV | SEV_STATUS_ES | SEV_STATUS_SNP;
	assert_string_equal(cc_verdict(&p, &src), "SEV-SNP");
	p.sev_eax = CPUID_SEV;	/* CPUID without ES: the MSR still rules */
	assert_string_equal(cc_verdict(&p, &src), "SEV-SNP");

	/* an ordinary guest, and a zeroed probe (the unit tests' default) */
	memset(&p, 0, sizeof(p));
	assert_null(cc_verdict(&p, &src));
	p.hypervisor = 1;
	p.max_leaf = 0xd;
	assert_null(cc_verdict(&p, &src));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_madt_qemu_pc),
		cmocka_unit_test(test_madt_trailing_bytes),
		cmocka_unit_test(test_madt_x2apic),
		cmocka_unit_test(test_madt_disabled_cpu),
		cmocka_unit_test(test_madt_lapic_override),
		cmocka_unit_test(test_madt_every_prefix),
		cmocka_unit_test(test_madt_header_errors),
		cmocka_unit_test(test_madt_entry_errors),
		cmocka_unit_test(test_madt_limits),
		cmocka_unit_test(test_madt_content_errors),
		cmocka_unit_test(test_iomem_samples),
		cmocka_unit_test(test_iomem_unknown_lines),
		cmocka_unit_test(test_iomem_errors),
		cmocka_unit_test(test_cpuinfo_boot),
		cmocka_unit_test(test_cpuinfo_errors),
		cmocka_unit_test(test_cpuinfo_many),
		cmocka_unit_test(test_cmdline_acpi_off),
		cmocka_unit_test(test_cmdline_words),
		cmocka_unit_test(test_next_kernel_mptable_warning),
		cmocka_unit_test(test_merge_agree),
		cmocka_unit_test(test_merge_disagree),
		cmocka_unit_test(test_merge_bsp_msr),
		cmocka_unit_test(test_merge_cc_guest),
		cmocka_unit_test(test_merge_fallback),
		cmocka_unit_test(test_merge_nothing),
		cmocka_unit_test(test_tables_refused),
		cmocka_unit_test(test_format_ids),
		cmocka_unit_test(test_this_machine),
	};
	int rc = cmocka_run_group_tests_name("discover", tests, NULL, NULL);

	free(capture_buf);
	return rc;
}
