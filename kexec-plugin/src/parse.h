/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Parsers for what the plugin learns from outside: the ACPI MADT,
 * /proc/iomem, /proc/cpuinfo, and the next kernel's command line.
 *
 * Each takes bytes that came from outside and is safe on any input: it
 * never reads past the buffer, and it either accepts the input whole or
 * returns a message saying what is wrong with it.  No I/O here: gather.c
 * reads the files, and the fuzz targets in test/fuzz feed these directly.
 */
#ifndef LIMBO_PARSE_H
#define LIMBO_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <limbo/config.h>
#include <limbo/tables.h>

#define LIMBO_ERR_LEN		160
#define LIMBO_APIC_ID_UNKNOWN	0xffffffffu

/* ---- ACPI MADT (/sys/firmware/acpi/tables/APIC) --------------------------- */

#define LIMBO_MADT_HDR_LEN	44	/* ACPI header 36, LAPIC address, flags */
#define LIMBO_MADT_PCAT_COMPAT	(1u << 0)

struct limbo_madt {
	uint8_t revision;
	uint32_t flags;			/* LIMBO_MADT_PCAT_COMPAT: 8259s present */
	uint64_t lapic_address;		/* after a Local APIC Address Override */
	int lapic_override;		/* a type 5 entry was used */
	unsigned int ioapic_count;
	struct limbo_config_ioapic ioapics[LIMBO_MAX_IOAPICS_ALL];
	unsigned int ioapics_beyond;	/* well-formed, but past what limbo carries */
	unsigned int cpu_count;		/* enabled CPUs, xAPIC and x2APIC */
	uint32_t apic_ids[LIMBO_MAX_CPUS];	/* in MADT order */
	unsigned int cpus_beyond;	/* enabled, but past what limbo carries */
	uint32_t boot_apic_id;		/* first enabled CPU in MADT order */
	uint32_t max_apic_id;		/* over enabled and online-capable CPUs */
	unsigned int x2apic_entries;	/* type 9 entries that were used */
	unsigned int online_capable;	/* disabled, but may be onlined later */
	unsigned int disabled;		/* disabled and not online-capable */
	unsigned int invalid_ids;	/* APIC ID 0xff / 0xffffffff: skipped */
	unsigned int duplicates;	/* an APIC ID listed again: skipped */
	unsigned int overrides;		/* Interrupt Source Overrides */
	unsigned int nmis;		/* Local (x2)APIC NMI entries */
	unsigned int unknown;		/* entries of types not parsed here */
	char err[LIMBO_ERR_LEN];
};

/*
 * Parse @len bytes of an ACPI MADT into @m.  Returns NULL, or a message
 * (in m->err) saying why the table was rejected; then @m must not be used.
 */
const char *limbo_parse_madt(const void *buf, size_t len, struct limbo_madt *m);

/* ---- /proc/iomem -------------------------------------------------------- */

struct limbo_iomem_ioapic {
	uint64_t start, end;
	unsigned int index;		/* N of the "IOAPIC N" name, Linux's order */
};

struct limbo_iomem {
	unsigned int count;
	struct limbo_iomem_ioapic ioapics[LIMBO_MAX_IOAPICS_ALL];
	unsigned int beyond;		/* past what limbo carries */
	unsigned int lines;		/* resource lines understood */
	unsigned int skipped;		/* lines in a format not known: ignored */
	char err[LIMBO_ERR_LEN];
};

/*
 * Collect the "IOAPIC N" ranges of /proc/iomem text.  Returns NULL, or a
 * message (in io->err) naming the line that was rejected.
 */
const char *limbo_parse_iomem(const char *text, size_t len, struct limbo_iomem *io);

/* ---- /proc/cpuinfo -------------------------------------------------------- */

struct limbo_cpuinfo {
	unsigned int cpus;		/* distinct "apicid" values, all of them */
	unsigned int listed;		/* the first ones, kept in apic_ids[] */
	uint32_t apic_ids[LIMBO_MAX_CPUS];
	uint32_t max_apic_id;
	uint32_t boot_apic_id;		/* apicid of "processor : 0", or unknown */
	char err[LIMBO_ERR_LEN];
};

/*
 * The apicid of every "processor" block of /proc/cpuinfo text, and of
 * processor 0 (Linux's boot CPU).  Returns NULL, or a message in c->err.
 * More CPUs than apic_ids[] holds is not an error: c->cpus > c->listed.
 */
const char *limbo_parse_cpuinfo(const char *text, size_t len, struct limbo_cpuinfo *c);

/* ---- the next kernel's command line -------------------------------------- */

/* Whether a kernel command line has acpi=off as a whole word. */
int limbo_cmdline_has_acpi_off(const char *cmdline);
/*
 * The value of the last whole word "@key=VALUE" of a command line, copied
 * into @val (cut to @n - 1 bytes); NULL when the key is not there.
 */
const char *limbo_cmdline_value(const char *cmdline, const char *key, char *val,
				size_t n);
/* nr_cpus= as the kernel takes it (the smallest given); 0 when absent. */
unsigned int limbo_cmdline_nr_cpus(const char *cmdline);

/* Whether @id is one of the first @n entries of @ids. */
bool limbo_apic_id_listed(const uint32_t *ids, unsigned int n, uint32_t id);

#endif /* LIMBO_PARSE_H */
