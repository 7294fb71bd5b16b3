/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Machines of real shapes, for the scale test (test_scale.c) and the
 * scale benchmark (test/bench/bench_scale.c): the APIC IDs and IO-APICs
 * such a machine has, its MADT as firmware writes it (madt_build.h), the
 * plugin's discovery of it (parse, merge, tables segment), and the
 * register model (test/model) set up as the crash left it, with the
 * tables the plugin would have added.
 *
 * APIC IDs are laid out as x86 firmware does: the socket in the high
 * bits (unused IDs between sockets), the core above the SMT bit (unused
 * core slots inside a socket), SMT siblings adjacent.  The MADT lists
 * the first thread of every core, socket by socket, then the second
 * threads; type 0 entries for IDs below 255, type 9 (x2APIC) entries
 * for the rest.  Every IO-APIC has 24 pins but IO-APIC 0 (the chipset's)
 * and every wide_every-th one, and the GSI bases follow each other.
 */
#ifndef LIMBO_SCALE_MACHINE_H
#define LIMBO_SCALE_MACHINE_H

#include <stdint.h>
#include "madt_build.h"
#include "merge.h"

#define SCALE_PINS		24	/* pins of an ordinary IO-APIC */
#define SCALE_WIDE_PINS		32	/* pins of every wide_every-th one */
#define SCALE_IOAPIC_VERSION	0x20	/* with the EOI register */

struct scale_shape {
	const char *name;
	unsigned int sockets, cores, threads;	/* cores per socket, threads per core */
	unsigned int socket_shift;		/* APIC ID bits below the socket */
	unsigned int gap_every;			/* an unused core slot after this many */
	unsigned int placeholders;		/* disabled entries with ID 0xff */
	unsigned int ioapics;
	uint32_t ioapic_stride;			/* bytes between IO-APIC windows */
	unsigned int pins0;			/* pins of IO-APIC 0 */
	unsigned int wide_every;		/* 0: none wide */
};

/* (a) 1x8 desktop, (b) 2x112, (c) 4x224 with x2APIC IDs, (d) 8192 CPUs */
#define SCALE_SHAPES	4
extern const struct scale_shape scale_shapes[SCALE_SHAPES];
/* LIMBO_MAX_CPUS CPUs, laid out as (d) with twice the sockets, 128 IO-APICs */
extern const struct scale_shape scale_max_shape;
/*
 * One core, two threads (this CPU and the boot CPU: nothing to park),
 * one IO-APIC of 24 pins: what the purgatory's work costs apart from
 * the CPUs and IO-APICs it grows with.
 */
extern const struct scale_shape scale_probe_shape;

struct scale_machine {
	const struct scale_shape *shape;
	unsigned int ncpus;
	uint32_t ids[LIMBO_MAX_CPUS];		/* enabled CPUs, in MADT order */
	uint32_t max_id;
	unsigned int x2_entries;		/* CPUs listed with type 9 */
	unsigned int nio;
	struct limbo_config_ioapic io[LIMBO_MAX_IOAPICS_ALL];
	unsigned int pins[LIMBO_MAX_IOAPICS_ALL];
	unsigned int total_pins;
	struct madt_buf madt;
};

/* The CPUs, IO-APICs and MADT of @s (all CPUs must fit LIMBO_MAX_CPUS). */
void scale_build(struct scale_machine *m, const struct scale_shape *s);
/* Whether this CPU has to stay in x2APIC mode: an ID xAPIC cannot address. */
int scale_x2(const struct scale_machine *m);
/* The CPU running the purgatory: the last one listed (the boot CPU is the first). */
uint32_t scale_self(const struct scale_machine *m);

/*
 * The plugin's side: parse the MADT (a copy of exactly its length), merge
 * with no /proc input, build the tables segment.  Returns the parser's
 * error or NULL; *tables (free() it) and *size are the segment.
 */
const char *scale_discover(const struct scale_machine *m, struct limbo_discovery *d,
			   uint8_t **tables, size_t *size);

/*
 * The purgatory's side: reset the register model to this machine as a
 * crash left it (this CPU scale_self() in x2APIC mode when @x2, else
 * xAPIC; every IO-APIC of the tables in the model, each pin as
 * scale_crash_pin() says), config park=init and x2apic=keep, and load
 * @tables through stub_tables() and the real tables_load().
 */
void scale_setup(const struct scale_machine *m, const uint8_t *tables, int x2);
/*
 * The state a crash leaves on pin @pin of every IO-APIC: pins 0-15 edge
 * and unmasked, 16-19 level and unmasked with Remote IRR set on 16 and
 * 18, every other pin masked (reset state).
 */
uint32_t scale_crash_pin(unsigned int pin);
/* Pins per IO-APIC whose Remote IRR the crash left set */
#define SCALE_RIRR_PINS		2

/* MMIO and MSR accesses the model counted so far. */
unsigned long scale_accesses(void);

#endif /* LIMBO_SCALE_MACHINE_H */
