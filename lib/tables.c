// SPDX-License-Identifier: GPL-2.0-only
/* The tables segment (include/limbo/tables.h): its layout and its check. */
#include <limbo/report.h>
#include <limbo/tables.h>

#define ALIGN8(x)	(((x) + 7u) & ~(uint64_t)7)

/* The report area: the node, the IO-APIC states, the park entries. */
#define AREA_IOAPICS		sizeof(struct limbo_setup_data)
#define AREA_PARKS(ioapics)	(AREA_IOAPICS + (uint64_t)(ioapics) * \
				 sizeof(struct limbo_ioapic_state))

uint32_t limbo_report_area_size(uint32_t ioapics, uint32_t cpus)
{
	return (uint32_t)(AREA_PARKS(ioapics) + (uint64_t)cpus * sizeof(struct limbo_park_entry));
}

struct limbo_setup_data *limbo_tables_report_node(const struct limbo_tables *t)
{
	return (struct limbo_setup_data *)((uintptr_t)t + t->report_offset);
}

struct limbo_ioapic_state *limbo_tables_ioapic_result(const struct limbo_tables *t,
						      uint32_t i)
{
	return (struct limbo_ioapic_state *)((uintptr_t)limbo_tables_report_node(t) +
					     AREA_IOAPICS) + i;
}

struct limbo_park_entry *limbo_tables_park_result(const struct limbo_tables *t, uint32_t i)
{
	return (struct limbo_park_entry *)((uintptr_t)limbo_tables_report_node(t) +
					   AREA_PARKS(t->ioapic_count)) + i;
}

uint32_t limbo_tables_layout(struct limbo_tables *t, uint32_t ioapics, uint32_t cpus)
{
	uint64_t at = sizeof(*t);

	t->magic = LIMBO_TABLES_MAGIC;
	t->version = LIMBO_TABLES_VERSION;
	t->hdr_size = sizeof(*t);
	t->ioapic_count = ioapics;
	t->ioapic_offset = (uint32_t)at;
	at = ALIGN8(at + (uint64_t)ioapics * sizeof(struct limbo_config_ioapic));
	t->cpu_count = cpus;
	t->cpu_offset = (uint32_t)at;
	at = ALIGN8(at + (uint64_t)cpus * sizeof(uint32_t));
	t->report_offset = (uint32_t)at;
	t->report_size = limbo_report_area_size(ioapics, cpus);
	t->size = (uint32_t)(at + t->report_size);
	return t->size;
}

/* Whether [off, off + n * size) lies in [hdr_size, len): no sum can wrap. */
static int fits(uint64_t len, uint32_t hdr, uint32_t off, uint32_t n, uint32_t size)
{
	return off % 8 == 0 && off >= hdr && off <= len &&
	       (uint64_t)n * size <= len - off;
}

static int overlap(uint32_t a, uint64_t a_len, uint32_t b, uint64_t b_len)
{
	return a < b + b_len && b < a + a_len;
}

const char *limbo_tables_check(const void *buf, uint64_t len)
{
	const struct limbo_tables *t = buf;
	const struct limbo_config_ioapic *io;
	uint64_t io_len, cpu_len;
	uint32_t i;

	if (len < sizeof(*t))
		return "shorter than its header";
	if (t->magic != LIMBO_TABLES_MAGIC)
		return "bad magic";
	if (t->version != LIMBO_TABLES_VERSION || t->hdr_size != sizeof(*t))
		return "unknown version";
	if (t->size > len)
		return "size exceeds the segment";
	if (t->flags & ~LIMBO_TABLES_ALL_FLAGS)
		return "unknown flags";
	if (t->reserved[0] || t->reserved[1])
		return "reserved words set";
	if (t->ioapic_count > LIMBO_MAX_IOAPICS_ALL || t->cpu_count > LIMBO_MAX_CPUS)
		return "more entries than limbo carries";
	if (!fits(t->size, t->hdr_size, t->ioapic_offset, t->ioapic_count,
		  sizeof(struct limbo_config_ioapic)) ||
	    !fits(t->size, t->hdr_size, t->cpu_offset, t->cpu_count, sizeof(uint32_t)) ||
	    !fits(t->size, t->hdr_size, t->report_offset, 1, t->report_size))
		return "a list lies outside the segment";
	io_len = (uint64_t)t->ioapic_count * sizeof(*io);
	cpu_len = (uint64_t)t->cpu_count * sizeof(uint32_t);
	if (overlap(t->ioapic_offset, io_len, t->cpu_offset, cpu_len) ||
	    overlap(t->ioapic_offset, io_len, t->report_offset, t->report_size) ||
	    overlap(t->cpu_offset, cpu_len, t->report_offset, t->report_size))
		return "lists overlap";
	if (t->report_size < limbo_report_area_size(t->ioapic_count, t->cpu_count))
		return "report area too small for the lists";
	io = limbo_tables_ioapics(t);
	for (i = 0; i < t->ioapic_count; i++)
		if (!limbo_ioapic_address_ok(io[i].address))
			return "implausible IO-APIC address";
	if (t->cpu_count && !(t->flags & LIMBO_TABLES_CPUS_KNOWN))
		return "CPUs listed but not marked known";
	if (t->ioapic_count && !(t->flags & LIMBO_TABLES_IOAPICS_KNOWN))
		return "IO-APICs listed but not marked known";
	return 0;
}
