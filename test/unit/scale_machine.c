// SPDX-License-Identifier: GPL-2.0-only
/* Machines of real shapes: see scale_machine.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "hw_model.h"
#include "purgatory.h"
#include "scale_machine.h"
#include "stubs.h"

#define XAPIC_ID_LIMIT	255	/* 0xff: a placeholder in type 0, broadcast in xAPIC */
#define IOAPIC_BASE	0xfec00000u

/*
 * Server IO-APIC 0 is the chipset's with 120 pins (GSI 0-119), the
 * others one per PCIe root complex.  Core counts and APIC ID gaps as on
 * current two- and four-socket parts; (d) is the most Linux builds for
 * (MAXSMP, 8192), with two IO-APICs a socket.
 */
const struct scale_shape scale_shapes[SCALE_SHAPES] = {
	{ .name = "1s-8", .sockets = 1, .cores = 4, .threads = 2, .socket_shift = 3,
	  .ioapics = 1, .ioapic_stride = 0x1000, .pins0 = SCALE_PINS },
	{ .name = "2s-224", .sockets = 2, .cores = 56, .threads = 2, .socket_shift = 7,
	  .gap_every = 7, .placeholders = 32, .ioapics = 16, .ioapic_stride = 0x8000,
	  .pins0 = 120 },
	{ .name = "4s-896", .sockets = 4, .cores = 112, .threads = 2, .socket_shift = 8,
	  .gap_every = 7, .ioapics = 32, .ioapic_stride = 0x8000, .pins0 = 120,
	  .wide_every = 8 },
	{ .name = "32s-8192", .sockets = 32, .cores = 128, .threads = 2, .socket_shift = 9,
	  .gap_every = 7, .ioapics = 64, .ioapic_stride = 0x1000, .pins0 = 120,
	  .wide_every = 16 },
};

const struct scale_shape scale_max_shape = {
	.name = "64s-16384", .sockets = 64, .cores = 128, .threads = 2, .socket_shift = 9,
	.gap_every = 7, .ioapics = 128, .ioapic_stride = 0x1000, .pins0 = 120,
	.wide_every = 16,
};

const struct scale_shape scale_probe_shape = {
	.name = "probe", .sockets = 1, .cores = 1, .threads = 2, .socket_shift = 1,
	.ioapics = 1, .ioapic_stride = 0x1000, .pins0 = SCALE_PINS,
};

static uint32_t shape_apic_id(const struct scale_shape *s, unsigned int socket,
			unsigned int core, unsigned int thread)
{
	unsigned int slot = s->gap_every ? core + core / s->gap_every : core;
	unsigned int smt_bits = s->threads > 1;

	return (uint32_t)socket << s->socket_shift | slot << smt_bits | thread;
}

static void build_cpus(struct scale_machine *m)
{
	const struct scale_shape *s = m->shape;
	unsigned int t, so, c;

	m->ncpus = 0;
	m->max_id = 0;
	for (t = 0; t < s->threads; t++)
		for (so = 0; so < s->sockets; so++)
			for (c = 0; c < s->cores; c++) {
				uint32_t id = shape_apic_id(s, so, c, t);

				assert_true(m->ncpus < LIMBO_MAX_CPUS);
				m->ids[m->ncpus++] = id;
				if (id > m->max_id)
					m->max_id = id;
			}
}

static void build_ioapics(struct scale_machine *m)
{
	const struct scale_shape *s = m->shape;
	uint32_t gsi = 0;
	unsigned int i;

	m->nio = s->ioapics;
	m->total_pins = 0;
	for (i = 0; i < m->nio; i++) {
		m->pins[i] = i == 0 ? s->pins0 :
			     s->wide_every && i % s->wide_every == 0 ? SCALE_WIDE_PINS :
			     SCALE_PINS;
		m->io[i].address = IOAPIC_BASE + i * s->ioapic_stride;
		m->io[i].gsi_base = gsi;
		m->io[i].id = (uint8_t)i;
		gsi += m->pins[i];
		m->total_pins += m->pins[i];
	}
}

/* What firmware writes: CPUs, placeholders, IO-APICs, ISA overrides, NMIs. */
static void build_madt(struct scale_machine *m)
{
	struct madt_buf *b = &m->madt;
	unsigned int i;

	madt_begin(b, 5, LIMBO_MADT_PCAT_COMPAT);
	m->x2_entries = 0;
	for (i = 0; i < m->ncpus; i++) {
		if (m->ids[i] < XAPIC_ID_LIMIT) {
			madt_lapic(b, (uint8_t)i, (uint8_t)m->ids[i], MADT_ENABLED);
			continue;
		}
		madt_x2apic(b, m->ids[i], MADT_ENABLED, i);
		m->x2_entries++;
	}
	for (i = 0; i < m->shape->placeholders; i++)
		madt_lapic(b, (uint8_t)(m->ncpus + i), 0xff, 0);
	for (i = 0; i < m->nio; i++)
		madt_ioapic(b, m->io[i].id, (uint32_t)m->io[i].address, m->io[i].gsi_base);
	madt_iso(b, 0, 2, 0);
	madt_iso(b, 9, 9, 0xd);
	madt_lapic_nmi(b, 0xff, 1);
	if (m->x2_entries)
		madt_raw(b, 10, 12, 10);	/* Local x2APIC NMI, every processor */
	madt_end(b);
}

void scale_build(struct scale_machine *m, const struct scale_shape *s)
{
	m->shape = s;
	build_cpus(m);
	build_ioapics(m);
	build_madt(m);
}

int scale_x2(const struct scale_machine *m)
{
	return m->max_id >= XAPIC_ID_LIMIT;
}

uint32_t scale_self(const struct scale_machine *m)
{
	return m->ids[m->ncpus - 1];
}

const char *scale_discover(const struct scale_machine *m, struct limbo_discovery *d,
			   uint8_t **tables, size_t *size)
{
	struct limbo_config cfg = LIMBO_CONFIG_DEFAULTS;
	uint8_t *copy = malloc(m->madt.len);
	const char *err;
	size_t bufsz;

	assert_non_null(copy);
	memcpy(copy, m->madt.b, m->madt.len);
	limbo_discovery_init(d);
	d->acpi = 1;
	err = limbo_parse_madt(copy, m->madt.len, &d->madt);
	free(copy);
	if (err)
		return err;
	d->madt_ok = 1;
	limbo_discovery_merge(d, NULL);
	*tables = limbo_discovery_tables(d, &cfg, &bufsz, size);
	assert_non_null(*tables);
	return NULL;
}

uint32_t scale_crash_pin(unsigned int pin)
{
	if (pin < 16)
		return 0x30 + pin;				/* ISA: edge */
	if (pin < 20)
		return IOAPIC_RTE_LEVEL | IOAPIC_RTE_POLARITY_LOW | (0x50 + pin) |
		       (pin % 2 ? 0 : IOAPIC_RTE_REMOTE_IRR);	/* PCI, 16 and 18 in flight */
	return IOAPIC_RTE_MASKED;
}

void scale_setup(const struct scale_machine *m, const uint8_t *buf, int x2)
{
	const struct limbo_tables *t = (const struct limbo_tables *)buf;
	const struct limbo_config_ioapic *io = limbo_tables_ioapics(t);
	unsigned int i, pin;

	hw_model_reset();
	stubs_reset();
	lapic_model_init(&hw.lapic, x2 ? LIMBO_APIC_X2APIC : LIMBO_APIC_XAPIC, 6);
	hw.lapic.id = scale_self(m);
	for (i = 0; i < t->ioapic_count; i++) {
		struct ioapic_model *im = hw_model_add_ioapic(io[i].address, io[i].id,
							      SCALE_IOAPIC_VERSION,
							      m->pins[i]);

		for (pin = 0; pin < im->pins; pin++)
			ioapic_model_set_rte(im, pin, scale_crash_pin(pin));
	}
	test_cfg.flags = LIMBO_CFG_FROM_PLUGIN;
	test_cfg.x2apic = LIMBO_X2APIC_KEEP;
	test_cfg.park = LIMBO_PARK_INIT;
	stub_tables(io, t->ioapic_count, limbo_tables_cpus(t), t->cpu_count,
		    t->boot_cpu_apic_id, t->max_apic_id,
		    t->flags & (LIMBO_TABLES_IOAPICS_PARTIAL | LIMBO_TABLES_CPUS_PARTIAL));
}

unsigned long scale_accesses(void)
{
	return (unsigned long)hw.mmio_reads + hw.mmio_writes + hw.msr_reads + hw.msr_writes;
}
