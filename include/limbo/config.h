/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * struct limbo_config: the purgatory's configuration block.
 *
 * It lives in the purgatory's .data as the global symbol limbo_config,
 * initialised to the safe defaults.  The kexec plugin overwrites it with
 * elf_rel_set_symbol() after parsing --purgatory-opt.  The purgatory
 * segment is not covered by sha256_digest, so the purgatory treats this
 * block as untrusted input and validates it before use.
 */
#ifndef LIMBO_CONFIG_H
#define LIMBO_CONFIG_H

#include <stdint.h>

#define LIMBO_CONFIG_MAGIC	0x4746434f424d494cULL	/* "LIMBOCFG" */
#define LIMBO_CONFIG_VERSION	1

enum limbo_policy {
	LIMBO_POLICY_HALT = 0,	/* print why, then stop this CPU for good */
	LIMBO_POLICY_RESET = 1,	/* print why, then reset the machine */
};

/* Debug only: the purgatory raises this exception on purpose. */
enum limbo_debug_fault {
	LIMBO_DEBUG_FAULT_NONE = 0,
	LIMBO_DEBUG_FAULT_UD = 1,	/* ud2 */
	LIMBO_DEBUG_FAULT_PF = 2,	/* read an unmapped canonical address */
	LIMBO_DEBUG_FAULT_GP = 3,	/* read a non-canonical address */
	LIMBO_DEBUG_FAULT_DE = 4,	/* divide by zero */
	LIMBO_DEBUG_FAULT_MAX = LIMBO_DEBUG_FAULT_DE,
};

enum limbo_x2apic_policy {
	LIMBO_X2APIC_AUTO = 0,	/* to xAPIC only if the next kernel boots via MPTABLE */
	LIMBO_X2APIC_KEEP = 1,
	LIMBO_X2APIC_XAPIC = 2,	/* whenever the APIC IDs allow */
};

/* flags */
#define LIMBO_CFG_FROM_PLUGIN	(1u << 0)	/* written by the kexec plugin */
#define LIMBO_CFG_NEXT_MPTABLE	(1u << 1)	/* next kernel: acpi=off, or no ACPI */
#define LIMBO_CFG_ALL_FLAGS	(LIMBO_CFG_FROM_PLUGIN | LIMBO_CFG_NEXT_MPTABLE)

#define LIMBO_CFG_MAX_IOAPICS	8
#define LIMBO_CFG_MAX_CPUS	64
#define LIMBO_CFG_MAX_GSI	4095	/* debug-remote-irr bound */

struct limbo_config_ioapic {
	uint64_t address;	/* physical base of the register window */
	uint32_t gsi_base;
	uint8_t id;
	uint8_t reserved[3];
};

enum limbo_pic_policy {
	LIMBO_PIC_KEEP = 0,	/* leave the 8259s alone */
	LIMBO_PIC_MASK = 1,	/* mask every line of both */
	LIMBO_PIC_REINIT = 2,	/* ICW1-4 to the BIOS layout (0x08/0x70), masked */
};

enum limbo_handoff {
	LIMBO_HANDOFF_JUMP = 0,	/* jump to the next kernel */
	LIMBO_HANDOFF_NMI = 1,	/* jump from inside an NMI handler: NMIs stay
				 * blocked until the next kernel's first iret */
};

enum limbo_park_policy {
	LIMBO_PARK_OFF = 0,
	LIMBO_PARK_INIT = 1,	/* INIT IPI to every other present CPU */
};

struct limbo_config {
	uint64_t magic;
	uint32_t version;
	uint32_t size;		/* sizeof(struct limbo_config) of the writer */
	uint32_t flags;
	uint8_t verify_fail;	/* enum limbo_policy: a segment failed SHA-256 */
	uint8_t fault;		/* enum limbo_policy: an exception in the stub IDT */
	uint8_t debug_fault;	/* enum limbo_debug_fault: raise one on purpose */
	uint8_t lapic;		/* 1: quiesce this CPU's local APIC */
	uint8_t x2apic;		/* enum limbo_x2apic_policy */
	uint8_t pic;		/* enum limbo_pic_policy */
	uint8_t ioapic;		/* 1: mask and clean every discovered IO-APIC */
	uint8_t park;		/* enum limbo_park_policy */
	uint8_t sha_ni;		/* 1: hash with SHA-NI when CPUID has it */
	uint8_t handoff;	/* enum limbo_handoff (was reserved, 0) */
	uint8_t reserved0[2];
	uint32_t max_apic_id;	/* largest APIC ID the plugin found, ~0 unknown */
	uint32_t boot_cpu_apic_id; /* the CPU the firmware started, ~0 unknown */
	uint32_t ioapic_count;	/* entries used in ioapics[] */
	uint32_t cpu_count;	/* entries used in apic_ids[] */
	struct limbo_config_ioapic ioapics[LIMBO_CFG_MAX_IOAPICS];
	uint32_t apic_ids[LIMBO_CFG_MAX_CPUS];	/* present (enabled) CPUs */
	/* DEBUG (debug-remote-irr=GSI): 0 off, else 1 + the GSI the purgatory
	 * unmasks level-triggered before it quiesces anything */
	uint32_t debug_remote_irr;
	uint32_t reserved1;
	uint64_t reserved[3];	/* zero; later versions give these meaning */
};

_Static_assert(sizeof(struct limbo_config) == 464, "limbo_config layout");

#define LIMBO_CONFIG_DEFAULTS {				\
	.magic = LIMBO_CONFIG_MAGIC,			\
	.version = LIMBO_CONFIG_VERSION,		\
	.size = sizeof(struct limbo_config),		\
	.flags = 0,					\
	.verify_fail = LIMBO_POLICY_HALT,		\
	.fault = LIMBO_POLICY_HALT,			\
	.debug_fault = LIMBO_DEBUG_FAULT_NONE,		\
	.lapic = 1,					\
	.x2apic = LIMBO_X2APIC_AUTO,			\
	.pic = LIMBO_PIC_MASK,				\
	.ioapic = 1,	/* acts only on discovered IO-APICs */	\
	.park = LIMBO_PARK_OFF,				\
	.sha_ni = 1,					\
	.max_apic_id = 0xffffffff,	/* unknown */	\
	.boot_cpu_apic_id = 0xffffffff,			\
}

/*
 * Whether @a is a plausible IO-APIC register base: the rule
 * limbo_config_check() applies to every ioapics[] entry, and the plugin's
 * parsers apply to what the firmware and the kernel report.
 */
int limbo_ioapic_address_ok(uint64_t a);

/*
 * Returns NULL when @cfg can be trusted, else a short reason.  Shared by
 * the purgatory (which falls back to the defaults) and the plugin.
 */
const char *limbo_config_check(const struct limbo_config *cfg);

/*
 * Whether the x2apic policy lets the purgatory leave x2APIC for xAPIC
 * with @cfg: NULL when it may, else why not.  The one place the rule
 * lives: the purgatory acts on it (and adds the platform's own refusal,
 * a firmware lock), the plugin prints it for --purgatory-opt show.
 */
const char *limbo_x2apic_refusal(const struct limbo_config *cfg);

#endif /* LIMBO_CONFIG_H */
