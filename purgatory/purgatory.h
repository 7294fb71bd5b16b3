/* SPDX-License-Identifier: GPL-2.0-only */
/* Internal interfaces of the limbo purgatory. */
#ifndef LIMBO_PURGATORY_H
#define LIMBO_PURGATORY_H

#include <stdarg.h>
#include <stdint.h>
#include <limbo/abi.h>
#include <limbo/config.h>
#include <limbo/report.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* ABI globals written by kexec (abi.c) */
extern struct limbo_entry64_regs entry64_regs;
extern struct limbo_sha256_region sha256_regions[LIMBO_SHA256_REGIONS];
extern uint8_t sha256_digest[LIMBO_SHA256_DIGEST];
extern int skip_checks;
extern uint8_t reset_vga, console_vga, console_serial, panic_kernel;
extern uint16_t serial_base;
extern uint32_t serial_baud;
extern uint64_t backup_src_start, backup_src_size, backup_start;
extern uint64_t jump_back_entry;
extern char *cmdline_end;

/* abi.c: [start, end) of the purgatory's own segment, as kexec loaded it */
void purgatory_extent(uint64_t *start, uint64_t *end);

/* limbo's own */
extern struct limbo_regions limbo_regions;
extern struct limbo_config limbo_config;
extern const struct limbo_config *cfg;	/* validated, or the defaults */
extern uint64_t limbo_tsc_entry;		/* written by entry.S */

/* exceptions.c: the frame idt.S builds, lowest address first */
struct limbo_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;	/* pushed by the CPU */
};

#define LIMBO_MAX_EXC_RECORDS	4	/* = the exc[] of struct limbo_report */
_Static_assert(ARRAY_SIZE(((struct limbo_report *)0)->exc) == LIMBO_MAX_EXC_RECORDS,
	       "exception records");

struct limbo_exc_record {
	uint64_t vector, error, rip, cr2;
};

struct limbo_events {
	uint32_t nmi_count;		/* every NMI the stub IDT absorbed */
	uint64_t nmi_first_rip, nmi_last_rip;
	uint32_t exc_count;
	uint32_t mc_recovered;
	struct limbo_exc_record exc[LIMBO_MAX_EXC_RECORDS];
	int handed_over;		/* set just before the jump */
};

extern struct limbo_events limbo_events;
void limbo_exception(struct limbo_frame *f);
void raise_debug_fault(void);

/* entry.S: load entry64_regs and jump to the next kernel */
void limbo_handoff(void) __attribute__((noreturn));

/* nmi_handoff.c: handoff=nmi, limbo_handoff from the NMI handler */
extern volatile int limbo_nmi_handoff_armed;
void handoff_via_nmi(void);

/* idtcheck.c */
void limbo_idt_check(struct limbo_report *r);

/* console.c */
void console_init(void);
void console_force_serial(void);
void lprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void lvprintf(const char *fmt, va_list ap);

/* vga.c */
void vga_reset_text_mode(void);

/* report.c */
extern struct limbo_report *const rep;
extern struct limbo_report_v2 *const rep_v2;
/* where the result of the tables' IO-APIC or CPU @i goes; NULL: none */
struct limbo_ioapic_state *report_ioapic_slot(uint32_t i);
struct limbo_park_entry *report_park_slot(uint32_t i);
void report_phase(enum limbo_phase p);
int report_seal_and_attach(void);

/* tables.c: the verified tables, or NULL (include/limbo/tables.h) */
struct limbo_tables;
extern const struct limbo_tables *tables;
void tables_load(void);			/* after verification */
uint32_t tables_max_apic_id(void);	/* 0xffffffff: unknown */
/*
 * For a step that needs a list: 0 when the tables carry it (recording
 * @prob and LIMBO_PROB_TABLES if the list is incomplete), -1 when they
 * do not (recording both, and saying that @what did nothing).
 */
int tables_need(uint32_t known, uint32_t partial, uint32_t prob, const char *what);
/* selfcheck.c: hash limbo's own code first thing, compare once cfg is known */
void self_hash(void);
void self_check(void);
/* paging.c */
int map_mmio_page(uint64_t addr);
#ifdef LIMBO_HOST
void paging_pool_reset(void);		/* host tests: an empty pool */
unsigned int paging_pool_used(void);
#endif

/* apic.c: this CPU's local APIC, the only code touching its registers */
struct apic {
	int x2;			/* x2APIC: registers are MSRs */
	uint64_t mmio;		/* xAPIC: the register page, identity-mapped */
};

int apic_present(void);
int apic_base_read(uint64_t *base);		/* IA32_APIC_BASE; 0, or -1 (#GP) */
int apic_mode(uint64_t base);			/* enum limbo_apic_mode */
/* @a for the mode @base says: 0, or -1 if disabled or the page will not map */
int apic_open(struct apic *a, uint64_t base);
uint32_t apic_read(const struct apic *a, uint32_t reg);
void apic_write(const struct apic *a, uint32_t reg, uint32_t v);
uint32_t apic_id(const struct apic *a);
int apic_icr_send(const struct apic *a, uint32_t dest, uint32_t cmd);
int apic_x2apic_locked(void);
int apic_x2apic_to_xapic(struct apic *a, uint64_t *base);

/* lapic.c */
void lapic_quiesce(struct limbo_report *r);

/* pic.c */
void pic_quiesce(void);

/* ioapic.c */
void ioapic_debug_remote_irr(void);
void ioapic_quiesce(struct limbo_report *r);

/* park.c */
void park_cpus(struct limbo_report *r);

/* verify.c */
int verify_segments(void);

/* post_verify.c: what kexec-tools' purgatory does after verification */
void post_verify_duties(void);

/* policy.c */
void __attribute__((noreturn)) policy_stop(enum limbo_policy policy,
					   const char *why);
void __attribute__((noreturn)) policy_stop_quiet(enum limbo_policy policy);
void __attribute__((noreturn)) machine_reset(void);
void __attribute__((noreturn)) cpu_halt_forever(void);

#endif /* LIMBO_PURGATORY_H */
