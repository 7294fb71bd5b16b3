// SPDX-License-Identifier: GPL-2.0-only
/* Sealing and checking struct limbo_report (include/limbo/report.h). */
#include <limbo/report.h>
#include <limbo/string.h>

/* CRC-32, IEEE 802.3 (reflected polynomial 0xedb88320), bitwise: small. */
static uint32_t crc32_update(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	int k;

	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
	}
	return crc;
}

uint32_t limbo_crc32(const void *buf, size_t len)
{
	return ~crc32_update(0xffffffffu, buf, len);
}

/* The CRC of @size bytes at @p with the crc32 field read as zero. */
static uint32_t report_crc(const uint8_t *p, size_t size)
{
	const size_t at = offsetof(struct limbo_report_hdr, crc32);
	const uint32_t zero = 0;
	uint32_t c = 0xffffffffu;

	c = crc32_update(c, p, at);
	c = crc32_update(c, &zero, sizeof(zero));
	c = crc32_update(c, p + at + sizeof(zero), size - at - sizeof(zero));
	return ~c;
}

static void seal(struct limbo_report *r, uint16_t version, uint32_t size)
{
	r->hdr.magic = LIMBO_REPORT_MAGIC;
	r->hdr.version = version;
	r->hdr.hdr_size = sizeof(r->hdr);
	r->hdr.size = size;
	r->hdr.crc32 = report_crc((const uint8_t *)r, size);
}

void limbo_report_seal(struct limbo_report *r)
{
	seal(r, 1, sizeof(*r));
}

void limbo_report_seal_v2(struct limbo_report *r, uint32_t size)
{
	seal(r, 2, size);
}

const struct limbo_report_v2 *limbo_report_v2(const struct limbo_report *r)
{
	const struct limbo_report_v2 *v2 = (const void *)(r + 1);

	if (r->hdr.version < 2 || r->hdr.size < sizeof(*r) + sizeof(v2->v2_size))
		return NULL;
	if (v2->v2_size < sizeof(*v2) || v2->v2_size > r->hdr.size - sizeof(*r))
		return NULL;
	return v2;
}

/* Whether @n entries of @size bytes at @off lie within @r's hdr.size. */
static int array_fits(const struct limbo_report *r, uint32_t off, uint32_t n, size_t size)
{
	return off % 8 == 0 && off >= sizeof(*r) && off <= r->hdr.size &&
	       n <= (r->hdr.size - off) / size;
}

const struct limbo_ioapic_state *limbo_report_ioapics(const struct limbo_report *r,
						      uint32_t *n)
{
	const struct limbo_report_v2 *v2 = limbo_report_v2(r);

	if (!v2) {
		*n = r->ioapic_count < LIMBO_MAX_IOAPICS ? r->ioapic_count : LIMBO_MAX_IOAPICS;
		return r->ioapic;
	}
	*n = 0;
	if (!array_fits(r, v2->ioapic_offset, v2->ioapic_total,
			sizeof(struct limbo_ioapic_state)))
		return NULL;
	*n = v2->ioapic_total;
	return (const void *)((const uint8_t *)r + v2->ioapic_offset);
}

const struct limbo_park_entry *limbo_report_parks(const struct limbo_report *r,
						  uint32_t *n)
{
	const struct limbo_report_v2 *v2 = limbo_report_v2(r);

	if (!v2) {
		*n = r->park_count < LIMBO_MAX_CPUS_REPORTED ? r->park_count :
			LIMBO_MAX_CPUS_REPORTED;
		return r->park;
	}
	*n = 0;
	if (!array_fits(r, v2->park_offset, v2->park_total, sizeof(struct limbo_park_entry)))
		return NULL;
	*n = v2->park_total;
	return (const void *)((const uint8_t *)r + v2->park_offset);
}

const char *limbo_report_check(const void *buf, size_t len)
{
	struct limbo_report_hdr h;

	if (len < sizeof(h))
		return "shorter than its header";
	memcpy(&h, buf, sizeof(h));
	if (h.magic != LIMBO_REPORT_MAGIC)
		return "bad magic";
	if (h.hdr_size != sizeof(h))
		return "unknown header size";
	if (h.version < 1)
		return "bad version";
	if (h.size < sizeof(h) || h.size > len)
		return "size field exceeds the data";
	if (report_crc(buf, h.size) != h.crc32)
		return "CRC mismatch: the report was changed after sealing";
	return NULL;
}
