// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the purgatory does when it must not go on: halt this CPU for
 * good, or reset the machine.  Never a silent spin, never a silent reset.
 */
#include "hw.h"
#include "purgatory.h"

#define PCI_RST_CNT	0xcf9	/* PIIX/ICH reset control register */
#define  RST_SYS	0x02
#define  RST_CPU	0x04
#define KBC_CMD		0x64
#define  KBC_PULSE_RESET 0xfe

void __attribute__((noreturn)) cpu_halt_forever(void)
{
	for (;;)
		asm volatile("cli; hlt");
}

static void settle(void)
{
	uint64_t t = rdtsc();

	while (rdtsc() - t < 100000000ULL)	/* ~tens of ms on any CPU */
		cpu_pause();
}

void __attribute__((noreturn)) machine_reset(void)
{
	static const struct { uint16_t limit; uint64_t base; }
		__attribute__((packed)) no_idt = { 0, 0 };

	/* 1. Chipset hard reset through the reset control register. */
	outb(RST_SYS, PCI_RST_CNT);
	outb(RST_SYS | RST_CPU, PCI_RST_CNT);
	settle();
	/* 2. The keyboard controller's reset line. */
	outb(KBC_PULSE_RESET, KBC_CMD);
	settle();
	/* 3. A triple fault: an empty IDT and an exception. */
	asm volatile("lidt %0; int3" : : "m"(no_idt));
	cpu_halt_forever();
}

void __attribute__((noreturn)) policy_stop_quiet(enum limbo_policy policy)
{
	if (policy == LIMBO_POLICY_RESET)
		machine_reset();
	cpu_halt_forever();
}

void __attribute__((noreturn)) policy_stop(enum limbo_policy policy,
					   const char *why)
{
	console_force_serial();
	if (policy == LIMBO_POLICY_RESET) {
		lprintf("limbo: %s: resetting the machine\n", why);
		machine_reset();
	}
	lprintf("limbo: %s: halting, the next kernel will not be entered\n", why);
	cpu_halt_forever();
}
