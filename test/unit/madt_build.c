// SPDX-License-Identifier: GPL-2.0-only
/* Building an ACPI MADT byte by byte: see madt_build.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "madt_build.h"

void madt_put8(struct madt_buf *m, uint8_t v)
{
	assert_true(m->len < sizeof(m->b));
	m->b[m->len++] = v;
}

static void put16(struct madt_buf *m, uint16_t v)
{
	madt_put8(m, v & 0xff);
	madt_put8(m, v >> 8);
}

static void put32(struct madt_buf *m, uint32_t v)
{
	put16(m, v & 0xffff);
	put16(m, v >> 16);
}

static void put64(struct madt_buf *m, uint64_t v)
{
	put32(m, (uint32_t)v);
	put32(m, (uint32_t)(v >> 32));
}

void madt_begin(struct madt_buf *m, uint8_t revision, uint32_t flags)
{
	static const char oem[] = "LIMBO LIMBOTST";	/* OEM ID 6, table ID 8 */

	memset(m, 0, sizeof(*m));
	memcpy(m->b, "APIC", 4);
	m->len = 8;
	madt_put8(m, revision);
	madt_put8(m, 0);			/* checksum, set by madt_end() */
	memcpy(m->b + 10, oem, 14);
	m->len = 24;
	put32(m, 1);			/* OEM revision */
	put32(m, 0x4c4d4230);		/* creator ID */
	put32(m, 1);			/* creator revision */
	put32(m, 0xfee00000);		/* local APIC address */
	put32(m, flags);
}

void madt_lapic(struct madt_buf *m, uint8_t uid, uint8_t id, uint32_t flags)
{
	madt_put8(m, 0);
	madt_put8(m, 8);
	madt_put8(m, uid);
	madt_put8(m, id);
	put32(m, flags);
}

void madt_ioapic(struct madt_buf *m, uint8_t id, uint32_t addr, uint32_t gsi)
{
	madt_put8(m, 1);
	madt_put8(m, 12);
	madt_put8(m, id);
	madt_put8(m, 0);
	put32(m, addr);
	put32(m, gsi);
}

void madt_iso(struct madt_buf *m, uint8_t irq, uint32_t gsi, uint16_t flags)
{
	madt_put8(m, 2);
	madt_put8(m, 10);
	madt_put8(m, 0);			/* bus: ISA */
	madt_put8(m, irq);
	put32(m, gsi);
	put16(m, flags);
}

void madt_lapic_nmi(struct madt_buf *m, uint8_t uid, uint8_t lint)
{
	madt_put8(m, 4);
	madt_put8(m, 6);
	madt_put8(m, uid);
	put16(m, 5);			/* edge, active high */
	madt_put8(m, lint);
}

void madt_lapic_override(struct madt_buf *m, uint64_t addr)
{
	madt_put8(m, 5);
	madt_put8(m, 12);
	put16(m, 0);
	put64(m, addr);
}

void madt_x2apic(struct madt_buf *m, uint32_t id, uint32_t flags, uint32_t uid)
{
	madt_put8(m, 9);
	madt_put8(m, 16);
	put16(m, 0);
	put32(m, id);
	put32(m, flags);
	put32(m, uid);
}

void madt_raw(struct madt_buf *m, uint8_t type, uint8_t len, size_t n)
{
	madt_put8(m, type);
	madt_put8(m, len);
	while (n--)
		madt_put8(m, 0);
}

void madt_seal(struct madt_buf *m, uint32_t length)
{
	uint8_t sum = 0;
	size_t i;

	m->b[4] = length & 0xff;
	m->b[5] = (length >> 8) & 0xff;
	m->b[6] = (length >> 16) & 0xff;
	m->b[7] = length >> 24;
	m->b[9] = 0;
	for (i = 0; i < length && i < m->len; i++)
		sum += m->b[i];
	m->b[9] = (uint8_t)-sum;
}

void madt_end(struct madt_buf *m)
{
	madt_seal(m, (uint32_t)m->len);
}
