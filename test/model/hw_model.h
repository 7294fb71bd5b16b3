/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine the host tests give purgatory code: purgatory/hw.h's
 * LIMBO_HOST accessors dispatch MSRs, CPUID, MMIO and port I/O to the
 * register models below.  Anything the architecture forbids either
 * raises a modelled #GP (the *_safe accessors return -1 and hw.gp counts
 * it) or fails the running test on the spot.
 */
#ifndef LIMBO_HW_MODEL_H
#define LIMBO_HW_MODEL_H

#include <stdint.h>
#include "lapic_model.h"
#include "ioapic_model.h"
#include "pic_model.h"

#define HW_MAX_IOAPICS		128
#define HW_MAX_PAGES		256

/* the APIC's MSRs and CPUID bits: apic_regs.h, through lapic_model.h */
/* TDX and SEV: limbo/cc_regs.h */
#include <limbo/cc_regs.h>

struct hw_model {
	struct lapic_model lapic;
	struct ioapic_model ioapic[HW_MAX_IOAPICS];
	unsigned int nioapics;
	struct pic_model pic;

	/* CPUID and the MSRs around x2APIC locking */
	uint32_t max_leaf;		/* CPUID.0:EAX */
	int arch_caps_cpuid;		/* CPUID.7.0:EDX[29] */
	uint64_t arch_caps;		/* IA32_ARCH_CAPABILITIES */
	uint64_t xapic_disable_status;	/* MSR 0xbd: bit 0 locks x2APIC */
	int apic_base_gp;		/* IA32_APIC_BASE reads #GP */

	/* confidential guests */
	uint32_t max_ext_leaf;		/* CPUID.80000000h:EAX */
	uint32_t leaf21[4];		/* CPUID.21h.0 EAX-EDX (TDX: "IntelTDX    ") */
	uint32_t sev_cpuid;		/* CPUID.8000001Fh:EAX */
	uint64_t sev_status;		/* SEV_STATUS; #GP unless sev_cpuid has SEV */

	/* map_mmio_page (stubs.c) */
	uint64_t mapped[HW_MAX_PAGES];
	unsigned int nmapped;
	unsigned int map_calls;
	uint64_t map_fail_page;		/* this page cannot be mapped */
	int map_fail;			/* with map_fail_page */

	/* counters */
	unsigned int gp;		/* #GPs raised through the *_safe accessors */
	unsigned int msr_reads, msr_writes, mmio_reads, mmio_writes;
	unsigned int cpuid_beyond_max;	/* leaves asked above the max leaf */
	uint64_t tsc;
};

extern struct hw_model hw;

/*
 * A default machine: APIC present, xAPIC at 0xfee00000 as BSP with ID 0,
 * max LVT 5, CPUID max leaf 0xd and max extended leaf 0x80000008, no
 * IA32_ARCH_CAPABILITIES, no IO-APICs, not a confidential guest.
 */
void hw_model_reset(void);
/* A TDX guest: CPUID leaf 0x21 with the signature (max leaf raised to it). */
void hw_model_set_tdx(void);
/* An AMD machine with leaf 0x8000001F = @cpuid_eax and SEV_STATUS @status. */
void hw_model_set_sev(uint32_t cpuid_eax, uint64_t status);
struct ioapic_model *hw_model_add_ioapic(uint64_t base, uint8_t id,
					 uint8_t version, unsigned int pins);
int hw_model_page_mapped(uint64_t addr);

/* Fail the running cmocka test with a message. */
void model_fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

#endif /* LIMBO_HW_MODEL_H */
