// SPDX-License-Identifier: GPL-2.0-only
/*
 * IO-APICs (addresses and GSI bases from the verified tables): for
 * every pin, leave SMI delivery alone, mask, and if Remote IRR is set
 * clear it: with the EOI register (version >= 0x20) by writing the
 * vector, on older parts by switching the pin to edge and back to level.
 * Then re-read and count what stays stuck.  The purgatory runs on one
 * CPU with nothing else touching the IO-APIC: no lock to deadlock on,
 * unlike the crashed kernel, whose ioapic_lock may be held by a CPU the
 * crash NMI stopped.
 */
#include <limbo/tables.h>
#include "hw.h"
#include "ioapic_regs.h"
#include "purgatory.h"

static uint32_t io_read(uint64_t base, uint32_t reg)
{
	mmio_write32(base + IOAPIC_IOREGSEL, reg);
	return mmio_read32(base + IOAPIC_IOWIN);
}

static void io_write(uint64_t base, uint32_t reg, uint32_t v)
{
	mmio_write32(base + IOAPIC_IOREGSEL, reg);
	mmio_write32(base + IOAPIC_IOWIN, v);
}

/* Clear Remote IRR of a masked, level-triggered pin. */
static void clear_remote_irr(uint64_t base, unsigned int version,
			     unsigned int pin, uint32_t rte)
{
	if (version >= IOAPIC_EOI_VERSION) {
		mmio_write32(base + IOAPIC_EOI, rte & IOAPIC_RTE_VECTOR);
		return;
	}
	/* pre-0x20 parts clear Remote IRR when the pin becomes edge */
	io_write(base, IOAPIC_REG_REDTBL(pin), (rte | IOAPIC_RTE_MASKED) & ~IOAPIC_RTE_LEVEL);
	io_write(base, IOAPIC_REG_REDTBL(pin), rte | IOAPIC_RTE_MASKED | IOAPIC_RTE_LEVEL);
}

/* The register window an IO-APIC decodes: one 4 KiB page. */
#define IOAPIC_WINDOW	0x1000ULL

static int overlaps(uint64_t a, uint64_t a_len, uint64_t b, uint64_t b_len)
{
	return a < b + b_len && b < a + a_len;
}

/*
 * The IO-APIC addresses come from the verified tables, but what was
 * verified is what the plugin wrote: a wrong address that still passed
 * limbo_tables_check() (1 KiB aligned, 1 MiB..4 GiB) could be RAM, and
 * the quiesce would then write into memory that verification has just
 * proven, or into the purgatory itself.  Returns why @base may not be
 * touched, or NULL.
 */
static const char *ioapic_refusal(uint64_t base)
{
	uint64_t start, end;
	unsigned int i;

	purgatory_extent(&start, &end);
	if (overlaps(base, IOAPIC_WINDOW, start, end - start))
		return "inside the purgatory's own segment";
	for (i = 0; i < ARRAY_SIZE(sha256_regions); i++)
		if (sha256_regions[i].len &&
		    overlaps(base, IOAPIC_WINDOW, sha256_regions[i].start,
			     sha256_regions[i].len))
			return "inside a verified segment";
	return 0;
}

static void quiesce_one(const struct limbo_config_ioapic *c,
			struct limbo_ioapic_state *s, struct limbo_report *r)
{
	uint64_t base = c->address;
	uint32_t ver;
	unsigned int pin, pins;

	ver = io_read(base, IOAPIC_REG_VER);
	s->id = (io_read(base, IOAPIC_REG_ID) >> 24) & 0xff;
	s->version = ver & 0xff;
	pins = ((ver >> 16) & 0xff) + 1;
	if (ver == 0xffffffff) {	/* nothing answers there */
		s->flags |= LIMBO_IOAPIC_ABSENT;
		r->problems |= LIMBO_PROB_IOAPIC;
		lprintf("limbo: ioapic %u at %llx: no response\n", c->id,
			(unsigned long long)base);
		return;
	}
	s->pins = pins > 255 ? 255 : pins;
	for (pin = 0; pin < s->pins; pin++) {
		uint32_t rte = io_read(base, IOAPIC_REG_REDTBL(pin));

		if ((rte & IOAPIC_RTE_DELMODE) == IOAPIC_DELMODE_SMI) {
			s->flags |= LIMBO_IOAPIC_SMI_SKIPPED;
			continue;	/* firmware's: not ours to mask */
		}
		if (!(rte & IOAPIC_RTE_MASKED)) {
			io_write(base, IOAPIC_REG_REDTBL(pin), rte | IOAPIC_RTE_MASKED);
			/* a level interrupt delivered before the mask took */
			rte = io_read(base, IOAPIC_REG_REDTBL(pin));
		}
		s->masked++;
		if (!(rte & IOAPIC_RTE_REMOTE_IRR))
			continue;
		s->rirr_found++;
		clear_remote_irr(base, s->version, pin, rte);
		rte = io_read(base, IOAPIC_REG_REDTBL(pin));
		if (rte & IOAPIC_RTE_REMOTE_IRR) {
			s->stuck++;
			lprintf("limbo: ioapic %u pin %u (GSI %u): Remote IRR stuck, vector %u\n",
				s->id, pin, c->gsi_base + pin, rte & IOAPIC_RTE_VECTOR);
		} else {
			s->rirr_cleared++;
			lprintf("limbo: ioapic %u pin %u (GSI %u): Remote IRR cleared, vector %u\n",
				s->id, pin, c->gsi_base + pin, rte & IOAPIC_RTE_VECTOR);
		}
	}
	if (s->stuck)
		r->problems |= LIMBO_PROB_IOAPIC;
	lprintf("limbo: ioapic %u at %llx v%02x: %u pins masked, Remote IRR %u found %u cleared %u stuck\n",
		s->id, (unsigned long long)base, s->version, s->masked,
		s->rirr_found, s->rirr_cleared, s->stuck);
}

/*
 * DEBUG, debug-remote-irr=GSI: before anything is quiesced, program that
 * GSI level-triggered, fixed, vector LIMBO_DEBUG_IRR_VECTOR, physical
 * destination this CPU, and unmask it.  With the line held asserted (in
 * the harness, edu's INTx) the IO-APIC delivers and sets Remote IRR: the
 * state a level interrupt in flight at the crash leaves, which Linux 6.1
 * and 6.12 clear themselves in native_machine_crash_shutdown before the
 * purgatory runs (measured in S8).  The quiesce that follows must clear
 * it; the report shows whether it did.  IF stays 0: the vector only waits
 * in this CPU's IRR.
 */
#define LIMBO_DEBUG_IRR_VECTOR	0x4f

void ioapic_debug_remote_irr(void)
{
	uint32_t gsi, cpu[4], rte;
	unsigned int i;

	if (!limbo_gsi_load(cfg->debug_remote_irr, &gsi))
		return;
	cpuid(1, 0, cpu);
	for (i = 0; tables && i < tables->ioapic_count; i++) {
		const struct limbo_config_ioapic *c = &limbo_tables_ioapics(tables)[i];
		uint64_t base = c->address;
		uint32_t ver, pin;

		if (gsi < c->gsi_base || ioapic_refusal(base) || map_mmio_page(base))
			continue;
		ver = io_read(base, IOAPIC_REG_VER);
		pin = gsi - c->gsi_base;
		if (ver == 0xffffffff || pin > ((ver >> 16) & 0xff))
			continue;
		rte = io_read(base, IOAPIC_REG_REDTBL(pin));
		if ((rte & IOAPIC_RTE_DELMODE) == IOAPIC_DELMODE_SMI)
			break;
		io_write(base, IOAPIC_REG_REDTBL(pin), IOAPIC_RTE_MASKED);
		io_write(base, IOAPIC_REG_REDTBL(pin) + 1, cpu[1] & 0xff000000u);
		io_write(base, IOAPIC_REG_REDTBL(pin), LIMBO_DEBUG_IRR_VECTOR | IOAPIC_RTE_LEVEL);
		rte = io_read(base, IOAPIC_REG_REDTBL(pin));
		report_ioapic_slot(i)->flags |= LIMBO_IOAPIC_DEBUG_ARMED;
		lprintf("limbo: debug-remote-irr: GSI %u = ioapic %u pin %u unmasked, level, vector 0x%x: Remote IRR %s\n",
			gsi, c->id, pin, LIMBO_DEBUG_IRR_VECTOR,
			rte & IOAPIC_RTE_REMOTE_IRR ? "set" : "NOT set (is the line asserted?)");
		return;
	}
	lprintf("limbo: debug-remote-irr: GSI %u: on no IO-APIC found, or SMI: nothing armed\n",
		gsi);
}

void ioapic_quiesce(struct limbo_report *r)
{
	const struct limbo_config_ioapic *list;
	uint32_t i;

	if (tables_need(LIMBO_TABLES_IOAPICS_KNOWN, LIMBO_TABLES_IOAPICS_PARTIAL,
			LIMBO_PROB_IOAPIC, "ioapic"))
		return;
	if (!tables->ioapic_count) {
		lprintf("limbo: ioapic: the plugin found none on this machine\n");
		return;
	}
	list = limbo_tables_ioapics(tables);
	for (i = 0; i < tables->ioapic_count; i++) {
		const struct limbo_config_ioapic *c = &list[i];
		struct limbo_ioapic_state *s = report_ioapic_slot(i);
		const char *why = ioapic_refusal(c->address);

		s->address = c->address;
		s->gsi_base = c->gsi_base;
		if (why) {
			s->flags |= LIMBO_IOAPIC_REFUSED;
			r->problems |= LIMBO_PROB_IOAPIC;
			lprintf("limbo: ioapic %u at %llx: REFUSED, %s: not touched\n",
				c->id, (unsigned long long)c->address, why);
			continue;
		}
		if (map_mmio_page(c->address)) {
			s->flags |= LIMBO_IOAPIC_UNMAPPED;
			r->problems |= LIMBO_PROB_IOAPIC;
			lprintf("limbo: ioapic %u: cannot map %llx\n", c->id,
				(unsigned long long)c->address);
			continue;
		}
		quiesce_one(c, s, r);
	}
	rep_v2->ioapic_total = i;
}
