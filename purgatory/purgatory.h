/* SPDX-License-Identifier: GPL-2.0-only */
/* Internal interfaces of the limbo purgatory. */
#ifndef LIMBO_PURGATORY_H
#define LIMBO_PURGATORY_H

#include <stdarg.h>
#include <stdint.h>
#include <limbo/abi.h>
#include <limbo/config.h>

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

/* limbo's own */
extern struct limbo_config limbo_config;
extern const struct limbo_config *cfg;	/* validated, or the defaults */
extern uint64_t limbo_tsc_entry;		/* written by entry.S */

/* console.c */
void console_init(void);
void console_force_serial(void);
void lprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void lvprintf(const char *fmt, va_list ap);

/* vga.c */
void vga_reset_text_mode(void);

/* verify.c */
int verify_segments(void);

/* handoff.c */
void post_verification(void);

/* policy.c */
void __attribute__((noreturn)) policy_stop(enum limbo_policy policy,
					   const char *why);
void __attribute__((noreturn)) machine_reset(void);
void __attribute__((noreturn)) cpu_halt_forever(void);

#endif /* LIMBO_PURGATORY_H */
