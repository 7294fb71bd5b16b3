/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * struct limbo_report: what the purgatory found and did, sealed with a
 * CRC-32 and handed to the next kernel as a setup_data node of type
 * LIMBO_SETUP_DATA_TYPE chained onto boot_params.  An unmodified kernel
 * reserves the node, skips the unknown type, and exposes it as
 * /sys/kernel/boot_params/setup_data/N/{type,data}.
 *
 * Compatibility: fields are only ever appended.  hdr.size is the size
 * the writer filled; a decoder reads min(hdr.size, its own size) and
 * treats what it does not know as absent.  hdr.version counts layouts.
 */
#ifndef LIMBO_REPORT_H
#define LIMBO_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <limbo/config.h>

#define LIMBO_SETUP_DATA_TYPE	0x4c4d424fu	/* "OBML": bit 31 clear, not SETUP_INDIRECT */
#define LIMBO_REPORT_MAGIC	0x5452424cu	/* "LBRT" */
#define LIMBO_REPORT_VERSION	2

/* problems: any bit set makes limbo-report exit non-zero */
#define LIMBO_PROB_VERIFY	(1u << 0)	/* verification failed (never handed over) */
#define LIMBO_PROB_CONFIG	(1u << 1)	/* config rejected, defaults used */
#define LIMBO_PROB_EXCEPTION	(1u << 2)	/* an exception was taken */
#define LIMBO_PROB_LAPIC	(1u << 3)	/* local APIC not left quiet */
#define LIMBO_PROB_IOAPIC	(1u << 4)	/* an IO-APIC pin stayed stuck */
#define LIMBO_PROB_PARK		(1u << 5)	/* a CPU could not be parked */
#define LIMBO_PROB_VERIFY_SKIPPED (1u << 6)	/* kexec -i: nothing was verified */
#define LIMBO_PROB_SELF		(1u << 7)	/* the purgatory's own code changed since load */
#define LIMBO_PROB_TABLES	(1u << 8)	/* a list the config needed was missing,
						 * incomplete, or not verified */

/* phases, for the TSC stamps */
enum limbo_phase {
	LIMBO_PHASE_ENTRY,
	LIMBO_PHASE_CONSOLE,
	LIMBO_PHASE_VERIFY,
	LIMBO_PHASE_LAPIC,
	LIMBO_PHASE_IOAPIC,
	LIMBO_PHASE_PIC,
	LIMBO_PHASE_PARK,
	LIMBO_PHASE_POST,	/* backup copy, jump-back */
	LIMBO_PHASE_SEAL,
	LIMBO_PHASE_MAX = 12,	/* room for later phases */
};

enum limbo_verify_result {
	LIMBO_VERIFY_NOT_RUN = 0,
	LIMBO_VERIFY_OK = 1,
	LIMBO_VERIFY_SKIPPED = 2,	/* kexec -i */
	LIMBO_VERIFY_MISMATCH = 3,
};

enum limbo_hash_impl {
	LIMBO_HASH_C = 0,
	LIMBO_HASH_SHANI = 1,
};

enum limbo_apic_mode {
	LIMBO_APIC_UNKNOWN = 0,
	LIMBO_APIC_DISABLED = 1,
	LIMBO_APIC_XAPIC = 2,
	LIMBO_APIC_X2APIC = 3,
};

#define LIMBO_LVT_COUNT	7	/* timer, thermal, PMI, LINT0, LINT1, error, CMCI */

/*
 * Nested structs and fixed arrays never grow (that would move every field
 * after them); new fields go at the end of struct limbo_report.
 */
struct limbo_lapic_state {
	uint8_t mode;		/* enum limbo_apic_mode */
	uint8_t max_lvt;	/* from the version register */
	uint8_t lvt_present;	/* bit per LVT_COUNT entry */
	uint8_t reserved;
	uint32_t id;		/* APIC ID: xAPIC bits 31:24 shifted down; x2APIC all 32 */
	uint32_t version, tpr;
	uint32_t ldr;		/* the raw register (xAPIC: logical ID in bits 31:24) */
	uint32_t dfr, svr, esr;
	uint32_t lvt[LIMBO_LVT_COUNT];
	uint32_t isr[8], irr[8];
	uint32_t reserved2;
	uint64_t apic_base;	/* IA32_APIC_BASE */
};

#define LIMBO_MAX_IOAPICS	8	/* v1's ioapic[]: the first ones; v2 has them all */

struct limbo_ioapic_state {
	uint8_t id, version, pins, reserved;
	uint32_t gsi_base;
	uint64_t address;
	uint16_t masked, rirr_found, rirr_cleared, stuck;	/* pin counts */
	uint32_t flags;
	uint32_t reserved2;
};

#define LIMBO_MAX_CPUS_REPORTED	64	/* v1's park[]: the first ones; v2 has them all */

struct limbo_park_entry {
	uint32_t apic_id;
	uint32_t result;		/* enum limbo_park_result */
};

struct limbo_report_hdr {
	uint32_t magic;
	uint16_t version;
	uint16_t hdr_size;	/* sizeof(struct limbo_report_hdr) */
	uint32_t size;		/* bytes of the whole report the writer filled */
	uint32_t crc32;		/* CRC-32 (IEEE) of size bytes, this field 0 */
};

struct limbo_report {
	struct limbo_report_hdr hdr;
	char build[32];			/* limbo version and build id, NUL-padded */
	uint32_t problems;		/* LIMBO_PROB_* */
	uint32_t done;			/* bit per enum limbo_phase that ran */

	/* verification */
	uint8_t verify_result;		/* enum limbo_verify_result */
	uint8_t hash_impl;		/* enum limbo_hash_impl */
	uint8_t verify_regions;
	int8_t verify_failed_region;	/* -1: none */
	uint32_t reserved0;
	uint64_t verify_bytes;
	uint64_t verify_cycles;

	/* NMIs and exceptions absorbed before the report was sealed */
	uint32_t nmi_count;
	uint32_t exc_count;
	uint64_t nmi_first_rip, nmi_last_rip;
	struct {
		uint64_t vector, error, rip, cr2;
	} exc[4];
	uint32_t mc_recovered;
	uint32_t idt_flags;		/* LIMBO_IDT_* (was reserved, 0) */

	/* local APIC of the CPU that ran the purgatory */
	struct limbo_lapic_state lapic_found, lapic_left;
	uint32_t lapic_eoi_count;	/* in-service vectors EOI'd */
	uint32_t lapic_flags;		/* LIMBO_LAPIC_* */

	/* IO-APICs */
	uint32_t ioapic_count;
	uint32_t reserved2;
	struct limbo_ioapic_state ioapic[LIMBO_MAX_IOAPICS];

	/* CPU parking: per reported CPU, APIC ID and what was done */
	uint32_t park_count;		/* entries used in park[] */
	uint32_t park_flags;
	struct limbo_park_entry park[LIMBO_MAX_CPUS_REPORTED];

	/* timing: TSC at the start of each phase, and at sealing */
	uint64_t tsc[LIMBO_PHASE_MAX];

	/* the configuration in force */
	struct limbo_config config;
};

/*
 * Version 2: follows struct limbo_report (v1, frozen) in the same sealed
 * report.  Its arrays have no fixed size: each is found at its offset
 * from the start of struct limbo_report, and hdr.size covers them.
 */
enum limbo_tables_state {
	LIMBO_TABLES_NONE = 0,		/* the config names no tables segment */
	LIMBO_TABLES_USED = 1,
	LIMBO_TABLES_UNVERIFIED = 2,	/* kexec -i, or verification did not pass */
	LIMBO_TABLES_NOT_HASHED = 3,	/* not exactly one of sha256_regions */
	LIMBO_TABLES_MALFORMED = 4,	/* limbo_tables_check() refused it */
};

enum limbo_self_result {
	LIMBO_SELF_NOT_RUN = 0,
	LIMBO_SELF_OK = 1,
	LIMBO_SELF_NO_DIGEST = 2,	/* the loader recorded none */
	LIMBO_SELF_MISMATCH = 3,
};

struct limbo_report_v2 {
	uint32_t v2_size;		/* sizeof(struct limbo_report_v2) of the writer */
	uint8_t tables_state;		/* enum limbo_tables_state */
	uint8_t self_check;		/* enum limbo_self_result */
	uint16_t reserved0;
	uint32_t tables_flags;		/* LIMBO_TABLES_* of the tables used */
	uint32_t boot_cpu_apic_id;	/* from the tables, ~0 unknown */
	uint32_t max_apic_id;		/* from the tables, ~0 unknown */
	uint32_t cpu_count;		/* CPUs listed in the tables */
	uint32_t ioapic_total;		/* entries of the IO-APIC array */
	uint32_t ioapic_offset;		/* struct limbo_ioapic_state[], from the report */
	uint32_t park_total;		/* entries of the park array */
	uint32_t park_offset;		/* struct limbo_park_entry[], from the report */
	uint64_t tables_addr;		/* as the config named it */
	uint64_t self_bytes;		/* hashed by the self-check */
	uint64_t self_cycles;
	uint64_t reserved[4];
};

_Static_assert(sizeof(struct limbo_report_hdr) == 16, "report header layout");
_Static_assert(sizeof(struct limbo_report_v2) == 96, "report v2 layout");
_Static_assert(sizeof(struct limbo_lapic_state) == 136, "lapic state layout");
_Static_assert(sizeof(struct limbo_ioapic_state) == 32, "ioapic state layout");
_Static_assert(sizeof(struct limbo_report) == 1864, "report v1 layout is frozen");
_Static_assert(offsetof(struct limbo_report, config) == 1400, "report v1 layout");

/* LIMBO_IOAPIC_* in limbo_ioapic_state.flags */
#define LIMBO_IOAPIC_ABSENT		(1u << 0)	/* reads all-ones */
#define LIMBO_IOAPIC_UNMAPPED		(1u << 1)	/* page table pool ran out */
#define LIMBO_IOAPIC_SMI_SKIPPED	(1u << 2)	/* a pin delivers SMI: left alone */
#define LIMBO_IOAPIC_DEBUG_ARMED	(1u << 3)	/* debug-remote-irr unmasked a pin here */
#define LIMBO_IOAPIC_REFUSED		(1u << 4)	/* address inside verified memory or the
							 * purgatory: never touched */

/* park[].result */
enum limbo_park_result {
	LIMBO_PARK_NONE = 0,
	LIMBO_PARK_PARKED = 1,		/* INIT delivered: in wait-for-SIPI */
	LIMBO_PARK_SELF = 2,		/* the CPU running the purgatory */
	LIMBO_PARK_BOOT_CPU = 3,	/* the firmware's boot CPU: never */
	LIMBO_PARK_UNREACHABLE = 4,	/* xAPIC: ID > 254; x2APIC: 0xffffffff (broadcast) */
	LIMBO_PARK_TIMEOUT = 5,		/* delivery status never cleared */
};

/* park_flags: why nothing was parked */
#define LIMBO_PARK_NO_APIC	(1u << 0)
#define LIMBO_PARK_CC_GUEST	(1u << 1)	/* TDX or SEV-ES/SNP */
#define LIMBO_PARK_NO_TOPOLOGY	(1u << 2)	/* no boot CPU / APIC IDs from the plugin */

/* LIMBO_IDT_* in idt_flags */
#define LIMBO_IDT_FROM_PLUGIN	(1u << 0)	/* loaded as the plugin wrote it */
#define LIMBO_IDT_REPAIRED	(1u << 1)	/* ... and it did not match: fixed */

/* LIMBO_LAPIC_* in lapic_flags */
#define LIMBO_LAPIC_X2APIC_TO_XAPIC	(1u << 0)	/* normalised */
#define LIMBO_LAPIC_LDR_CLEARED		(1u << 1)
#define LIMBO_LAPIC_SKIPPED		(1u << 2)	/* policy said no */

/* setup_data node: the kernel's header, then the report (v1, v2, arrays) */
struct limbo_setup_data {
	uint64_t next;
	uint32_t type;
	uint32_t len;
	struct limbo_report report;
	struct limbo_report_v2 v2;
};

/*
 * Reading a report that limbo_report_check() accepted (@r with hdr.size
 * bytes behind it): its v2 part, or NULL for a v1 report; every
 * IO-APIC's state and every CPU's park result, from the v2 arrays, or
 * v1's fixed ones.  The array readers return NULL (and *n 0) when the v2
 * part places an array outside the report.
 */
const struct limbo_report_v2 *limbo_report_v2(const struct limbo_report *r);
const struct limbo_ioapic_state *limbo_report_ioapics(const struct limbo_report *r,
						      uint32_t *n);
const struct limbo_park_entry *limbo_report_parks(const struct limbo_report *r,
						  uint32_t *n);

uint32_t limbo_crc32(const void *buf, size_t len);
/* Seals @r as a version 1 report (what limbo wrote before v2). */
void limbo_report_seal(struct limbo_report *r);
/*
 * Seals @size bytes as a version 2 report: struct limbo_report, then
 * struct limbo_report_v2, then the arrays it points to.
 */
void limbo_report_seal_v2(struct limbo_report *r, uint32_t size);
/*
 * Checks magic, sizes and CRC of a report of @len bytes as found; returns
 * NULL when it is sound, else why not.  @len may exceed hdr.size.
 */
const char *limbo_report_check(const void *buf, size_t len);

#endif /* LIMBO_REPORT_H */
