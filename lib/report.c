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

void limbo_report_seal(struct limbo_report *r)
{
	r->hdr.magic = LIMBO_REPORT_MAGIC;
	r->hdr.version = LIMBO_REPORT_VERSION;
	r->hdr.hdr_size = sizeof(r->hdr);
	r->hdr.size = sizeof(*r);
	r->hdr.crc32 = report_crc((const uint8_t *)r, sizeof(*r));
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
