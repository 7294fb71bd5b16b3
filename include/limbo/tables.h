/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * struct limbo_tables: what the plugin discovered about the machine
 * (every IO-APIC, every enabled CPU, the boot CPU) and the room the
 * purgatory writes its per-IO-APIC and per-CPU results into.
 *
 * These grow with the machine, so they do not live in the purgatory's
 * 64 KiB segment: the plugin adds them as a kexec segment of their own
 * before kexec computes sha256_digest, and names that segment in the
 * config (tables_addr, tables_size).  The purgatory acts on them only
 * once verification has proven them: the named range must be exactly one
 * of sha256_regions, verification must have passed (not skipped), and
 * limbo_tables_check() must accept the header.  Otherwise the purgatory
 * runs without them and records that as a problem wherever a list was
 * needed.
 *
 * Layout of the segment (all offsets from its start, 8-byte aligned):
 *   struct limbo_tables
 *   struct limbo_config_ioapic ioapics[ioapic_count]	at ioapic_offset
 *   uint32_t apic_ids[cpu_count]			at cpu_offset
 *   report area, report_size bytes of zeros		at report_offset
 * The report area is where the purgatory builds the report it hands
 * over (setup_data node, struct limbo_report, its v2 part, then the
 * per-item arrays): the one range of a verified segment it writes,
 * after verification, because the verified header set it aside for that.
 */
#ifndef LIMBO_TABLES_H
#define LIMBO_TABLES_H

#include <stddef.h>
#include <stdint.h>
#include <limbo/config.h>

#define LIMBO_TABLES_MAGIC	0x53454c4254424d4cULL	/* "LMBTBLES" */
#define LIMBO_TABLES_VERSION	1

/*
 * What the tables carry at most.  Linux x86 builds for up to 8192 CPUs
 * (MAXSMP) and up to 128 IO-APICs (MAX_IO_APICS); the MADT's IO-APIC ID
 * is 8 bits.  The plugin warns, counts and flags the list incomplete if a
 * machine has more.
 */
#define LIMBO_MAX_CPUS		16384
#define LIMBO_MAX_IOAPICS_ALL	256

/* flags */
#define LIMBO_TABLES_IOAPICS_KNOWN	(1u << 0)	/* a source listed the IO-APICs
							 * (count may be 0: none) */
#define LIMBO_TABLES_IOAPICS_PARTIAL	(1u << 1)	/* more exist than are listed */
#define LIMBO_TABLES_CPUS_KNOWN		(1u << 2)	/* a source listed the CPUs */
#define LIMBO_TABLES_CPUS_PARTIAL	(1u << 3)	/* more exist than are listed */
#define LIMBO_TABLES_ALL_FLAGS		0xfu

struct limbo_tables {
	uint64_t magic;
	uint32_t version;
	uint32_t hdr_size;		/* sizeof(struct limbo_tables) */
	uint32_t size;			/* bytes of the whole layout above */
	uint32_t flags;			/* LIMBO_TABLES_* */
	uint32_t boot_cpu_apic_id;	/* the CPU the firmware started, ~0 unknown */
	uint32_t max_apic_id;		/* largest APIC ID found, ~0 unknown */
	uint32_t ioapic_count, ioapic_offset;
	uint32_t cpu_count, cpu_offset;
	uint32_t report_offset, report_size;
	uint64_t reserved[2];		/* zero */
};

_Static_assert(sizeof(struct limbo_tables) == 72, "tables header layout");

/* Bytes the report area needs for @ioapics IO-APICs and @cpus CPUs. */
uint32_t limbo_report_area_size(uint32_t ioapics, uint32_t cpus);

/*
 * The layout of a tables segment for @ioapics and @cpus: fills the
 * offsets and sizes of @t (not the lists) and returns t->size.
 */
uint32_t limbo_tables_layout(struct limbo_tables *t, uint32_t ioapics, uint32_t cpus);

/*
 * Checks @len bytes holding a tables segment: header, offsets, counts and
 * the room they need (every sum overflow-checked), each IO-APIC address
 * (limbo_ioapic_address_ok()).  NULL when it can be used, else why not.
 * Shared by the plugin (before it adds the segment) and the purgatory
 * (after verification).
 */
const char *limbo_tables_check(const void *buf, uint64_t len);

/*
 * The report area of tables that passed limbo_tables_check(): the node
 * the purgatory hands over, then IO-APIC @i's state, then CPU @i's park
 * result (i below ioapic_count, cpu_count).  The area is the one part of
 * the tables the purgatory writes, hence the pointers to non-const.
 */
struct limbo_setup_data;
struct limbo_ioapic_state;
struct limbo_park_entry;
struct limbo_setup_data *limbo_tables_report_node(const struct limbo_tables *t);
struct limbo_ioapic_state *limbo_tables_ioapic_result(const struct limbo_tables *t,
						      uint32_t i);
struct limbo_park_entry *limbo_tables_park_result(const struct limbo_tables *t, uint32_t i);

static inline const struct limbo_config_ioapic *
limbo_tables_ioapics(const struct limbo_tables *t)
{
	return (const struct limbo_config_ioapic *)((const uint8_t *)t + t->ioapic_offset);
}

static inline const uint32_t *limbo_tables_cpus(const struct limbo_tables *t)
{
	return (const uint32_t *)((const uint8_t *)t + t->cpu_offset);
}

#endif /* LIMBO_TABLES_H */
