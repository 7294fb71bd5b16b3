/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * struct limbo_config: the purgatory's configuration block.
 *
 * It lives in the purgatory's .data as the global symbol limbo_config,
 * initialised to the safe defaults.  The kexec plugin overwrites it with
 * elf_rel_set_symbol() after parsing --purgatory-opt.  The purgatory
 * segment is not covered by sha256_digest, so the purgatory treats this
 * block as untrusted input and validates it before use.  It holds only
 * the options and two pointers: what the plugin discovered about the
 * machine lives in a verified segment of its own (tables.h), and the
 * digest of the purgatory's own code (self_*) is checked against code
 * the purgatory hashes from its own link-time symbols.
 *
 * Version 1 carried the IO-APIC and CPU lists here (at most 8 and 64);
 * version 2 keeps the block's size and offsets, with that space zero.
 */
#ifndef LIMBO_CONFIG_H
#define LIMBO_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#define LIMBO_CONFIG_MAGIC	0x4746434f424d494cULL	/* "LIMBOCFG" */
#define LIMBO_CONFIG_VERSION	2

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
/* written by the kernel (kexec_file_load, kexec-plugin/linux/) */
#define LIMBO_CFG_FROM_KERNEL	(1u << 2)
#define LIMBO_CFG_ALL_FLAGS	(LIMBO_CFG_FROM_PLUGIN | LIMBO_CFG_NEXT_MPTABLE | \
				 LIMBO_CFG_FROM_KERNEL)

#define LIMBO_CFG_MAX_GSI	4095	/* debug-remote-irr bound */
#define LIMBO_CFG_MAX_TABLES	(16u << 20)	/* tables_size bound */
#define LIMBO_CFG_MAX_SELF	(64u << 10)	/* self_len: the purgatory's budget */

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

/* LIMBO_OPT_* flags of an option */
#define LIMBO_OPT_DEBUG		(1u << 0)	/* for tests and diagnosis only */
#define LIMBO_OPT_EXPERIMENTAL	(1u << 1)	/* not yet proven enough for a default */

/* The values of each CHOICE option: V(name on the command line, stored value) */
#define LIMBO_VALUES_POLICY(V)	V("halt", LIMBO_POLICY_HALT) V("reset", LIMBO_POLICY_RESET)
#define LIMBO_VALUES_ONOFF(V)	V("on", 1) V("off", 0)
#define LIMBO_VALUES_X2APIC(V)	V("auto", LIMBO_X2APIC_AUTO) V("keep", LIMBO_X2APIC_KEEP) \
				V("xapic", LIMBO_X2APIC_XAPIC)
#define LIMBO_VALUES_PIC(V)	V("mask", LIMBO_PIC_MASK) V("reinit", LIMBO_PIC_REINIT) \
				V("keep", LIMBO_PIC_KEEP)
#define LIMBO_VALUES_PARK(V)	V("off", LIMBO_PARK_OFF) V("init", LIMBO_PARK_INIT)
#define LIMBO_VALUES_HANDOFF(V)	V("jump", LIMBO_HANDOFF_JUMP) V("nmi", LIMBO_HANDOFF_NMI)
#define LIMBO_VALUES_FAULT(V)	V("none", LIMBO_DEBUG_FAULT_NONE) V("ud", LIMBO_DEBUG_FAULT_UD) \
				V("pf", LIMBO_DEBUG_FAULT_PF) V("gp", LIMBO_DEBUG_FAULT_GP) \
				V("de", LIMBO_DEBUG_FAULT_DE)
#define LIMBO_VALUES_NONE(V)

/*
 * Every --purgatory-opt key, declared once:
 *   X(field, key, kind, values, default, flags, help)
 * field: the member of struct limbo_config (and the key's name in
 * limbo-report --json); key: its name on the command line; kind: CHOICE
 * (a uint8_t holding one of LIMBO_VALUES_<values>) or GSI (a uint32_t:
 * off, or an interrupt line 0..LIMBO_CFG_MAX_GSI, stored as in
 * limbo_gsi_store()); default: the stored value of the safe defaults.
 * The purgatory's defaults and range checks (lib/config.c) and the
 * plugin's parser, help, show, the report decoder and the README's key
 * table (kexec-plugin/src/options.c) are all derived from this list.
 */
#define LIMBO_CONFIG_OPTIONS(X)								\
	X(verify_fail, "verify-fail", CHOICE, POLICY, LIMBO_POLICY_HALT, 0,		\
	  "a segment failed SHA-256: print why and stop this CPU, or reset the machine") \
	X(fault, "fault", CHOICE, POLICY, LIMBO_POLICY_HALT, 0,				\
	  "an exception reached the stub IDT (in the purgatory, or in the next kernel " \
	  "before it loads its own IDT): print it and stop this CPU, or reset")	\
	X(lapic, "lapic", CHOICE, ONOFF, 1, 0,						\
	  "quiesce this CPU's local APIC: mask every LVT, stop the timer, EOI every " \
	  "in-service vector, clear LDR and ESR")					\
	X(x2apic, "x2apic", CHOICE, X2APIC, LIMBO_X2APIC_AUTO, 0,			\
	  "leave x2APIC for xAPIC (x2APIC -> disabled -> xAPIC): auto only when the " \
	  "next kernel boots through MPTABLE (acpi=off on its command line, or no " \
	  "MADT); never when an APIC ID is above 254 or firmware locked x2APIC")	\
	X(ioapic, "ioapic", CHOICE, ONOFF, 1, 0,					\
	  "mask every pin of every discovered IO-APIC and clear Remote IRR (EOI "	\
	  "register, or the edge/level switch on parts older than version 0x20)")	\
	X(pic, "pic", CHOICE, PIC, LIMBO_PIC_MASK, 0,					\
	  "the 8259 pair: mask every line; reinit first runs ICW1-4 to the BIOS "	\
	  "layout (vectors 0x08/0x70, slave on IR2), which also clears anything in " \
	  "service; keep leaves them alone")						\
	X(park, "park", CHOICE, PARK, LIMBO_PARK_OFF, 0,				\
	  "INIT the other present CPUs (never this one nor the firmware's boot CPU; " \
	  "nothing in TDX or SEV-ES/SNP guests). Off by default: Linux reverted INIT " \
	  "parking after hangs on some machines")					\
	X(sha_ni, "sha-ni", CHOICE, ONOFF, 1, 0,					\
	  "hash with the SHA extensions when CPUID has them (off: portable C)")	\
	X(handoff, "handoff", CHOICE, HANDOFF, LIMBO_HANDOFF_NMI, 0,			\
	  "nmi: send this CPU an NMI and enter the next kernel from the NMI handler, " \
	  "so NMIs stay blocked until its first iret (on Linux 6.1.77 and later the " \
	  "decompressor's first page fault, under an IDT that ignores NMIs): one "	\
	  "arriving before, while the decompressor's first IDT (no NMI gate) is "	\
	  "loaded, is held instead of resetting the machine. Jumps instead, saying " \
	  "so, when the local APIC is disabled or no NMI arrives within 2^24 TSC "	\
	  "cycles. jump: enter the next kernel directly")				\
	X(debug_fault, "debug-fault", CHOICE, FAULT, LIMBO_DEBUG_FAULT_NONE, LIMBO_OPT_DEBUG, \
	  "raise that exception in the purgatory on purpose, to see the exception "	\
	  "dump and the fault policy work")						\
	X(debug_remote_irr, "debug-remote-irr", GSI, NONE, 0, LIMBO_OPT_DEBUG,		\
	  "before quiescing anything, program that GSI level-triggered (vector 0x4f, " \
	  "to this CPU) and unmask it, so a line still asserted sets Remote IRR for " \
	  "the IO-APIC quiesce to clear")

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
	uint64_t tables_addr;	/* the tables segment (tables.h), 0: none */
	uint64_t tables_size;	/* ... its size as kexec hashed it (memsz) */
	uint64_t self_len;	/* bytes the plugin hashed of the purgatory's own
				 * code and read-only data, 0: no self digest */
	uint8_t self_sha256[32];	/* their SHA-256, as relocated */
	uint8_t reserved_v1[344];	/* version 1's lists: zero */
	uint32_t debug_remote_irr;	/* GSI option: limbo_gsi_store() */
	uint32_t reserved1;
	uint64_t reserved[3];	/* zero; later versions give these meaning */
};

_Static_assert(sizeof(struct limbo_config) == 464, "limbo_config layout");
_Static_assert(offsetof(struct limbo_config, debug_remote_irr) == 432, "limbo_config v1 offsets");

#define LIMBO_CONFIG_DEFAULT_FIELD(field, key, kind, values, def, flags, help) \
	.field = (def),

#define LIMBO_CONFIG_DEFAULTS {						\
	.magic = LIMBO_CONFIG_MAGIC,					\
	.version = LIMBO_CONFIG_VERSION,				\
	.size = sizeof(struct limbo_config),				\
	LIMBO_CONFIG_OPTIONS(LIMBO_CONFIG_DEFAULT_FIELD)		\
}

/*
 * A GSI option is stored as 0 for off, else the GSI + 1, so that a
 * zeroed field means off.  These two are the only places that know.
 */
static inline uint32_t limbo_gsi_store(uint32_t gsi)
{
	return gsi + 1;
}

/* Whether @stored names a GSI (then in *@gsi), or is off. */
static inline int limbo_gsi_load(uint32_t stored, uint32_t *gsi)
{
	if (!stored)
		return 0;
	*gsi = stored - 1;
	return 1;
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
 * with @cfg on a machine whose largest APIC ID is @max_apic_id
 * (0xffffffff: unknown): NULL when it may, else why not.  The one place the rule
 * lives: the purgatory acts on it (and adds the platform's own refusal,
 * a firmware lock), the plugin prints it for --purgatory-opt show.
 */
const char *limbo_x2apic_refusal(const struct limbo_config *cfg, uint32_t max_apic_id);

#endif /* LIMBO_CONFIG_H */
