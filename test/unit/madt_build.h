/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Building an ACPI MADT byte by byte, for the host tests that feed the
 * plugin's parser (limbo_parse_madt()): the header, each entry type the
 * parser knows, any raw entry, and the length and checksum at the end.
 * The byte writers fail the running cmocka test when the buffer is full.
 */
#ifndef LIMBO_MADT_BUILD_H
#define LIMBO_MADT_BUILD_H

#include <stddef.h>
#include <stdint.h>
#include "gather.h"

struct madt_buf {
	uint8_t b[LIMBO_MADT_MAX];
	size_t len;
};

/* Flags of the Processor Local (x2)APIC entries (ACPI 6.5, 5.2.12.2). */
#define MADT_ENABLED		1u
#define MADT_ONLINE_CAPABLE	2u

/* One byte more (a stray one, half an entry). */
void madt_put8(struct madt_buf *m, uint8_t v);
/* The header: signature, @revision, OEM fields, LAPIC address, @flags. */
void madt_begin(struct madt_buf *m, uint8_t revision, uint32_t flags);
/* Type 0, Processor Local APIC. */
void madt_lapic(struct madt_buf *m, uint8_t uid, uint8_t id, uint32_t flags);
/* Type 1, I/O APIC. */
void madt_ioapic(struct madt_buf *m, uint8_t id, uint32_t addr, uint32_t gsi);
/* Type 2, Interrupt Source Override, ISA bus. */
void madt_iso(struct madt_buf *m, uint8_t irq, uint32_t gsi, uint16_t flags);
/* Type 4, Local APIC NMI, edge and active high. */
void madt_lapic_nmi(struct madt_buf *m, uint8_t uid, uint8_t lint);
/* Type 5, Local APIC Address Override. */
void madt_lapic_override(struct madt_buf *m, uint64_t addr);
/* Type 9, Processor Local x2APIC. */
void madt_x2apic(struct madt_buf *m, uint32_t id, uint32_t flags, uint32_t uid);
/* Any entry: type, length, then @n body bytes of 0. */
void madt_raw(struct madt_buf *m, uint8_t type, uint8_t len, size_t n);
/* Length field @length, and the checksum over that many bytes. */
void madt_seal(struct madt_buf *m, uint32_t length);
/* madt_seal() with the bytes written so far. */
void madt_end(struct madt_buf *m);

#endif /* LIMBO_MADT_BUILD_H */
