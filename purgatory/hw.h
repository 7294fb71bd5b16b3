/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hardware accessors: the only way purgatory code touches the machine.
 * In the purgatory they are inline instructions.  Host tests build the
 * same C files with LIMBO_HOST defined and link a register model that
 * provides these functions instead.
 */
#ifndef LIMBO_HW_H
#define LIMBO_HW_H

#include <stdint.h>

#ifdef LIMBO_HOST
uint8_t inb(uint16_t port);
void outb(uint8_t v, uint16_t port);
void outw(uint16_t v, uint16_t port);
uint32_t mmio_read32(uint64_t addr);
void mmio_write32(uint64_t addr, uint32_t v);
uint64_t rdmsr(uint32_t msr);
void wrmsr(uint32_t msr, uint64_t v);
uint64_t rdtsc(void);
void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4]);
void cpu_pause(void);
int rdmsr_safe(uint32_t msr, uint64_t *v);
int wrmsr_safe(uint32_t msr, uint64_t v);
uint64_t read_cr3(void);
uint64_t read_cr4(void);
void flush_tlb(void);
#else
/*
 * A #GP on the instruction at limbo_fixup_rip resumes there instead of
 * applying the fault policy (exceptions.c), and bumps limbo_fixup_hits.
 * For probing MSRs that may not exist on this CPU or in this mode.
 */
extern uint64_t limbo_fixup_rip;
extern uint32_t limbo_fixup_hits;

static inline int rdmsr_safe(uint32_t msr, uint64_t *v)
{
	uint32_t lo = 0, hi = 0, hits = limbo_fixup_hits;

	asm volatile("leaq 1f(%%rip), %%r11\n\t"
		     "movq %%r11, %[fix]\n\t"
		     "rdmsr\n"
		     "1:\tmovq $0, %[fix]"
		     : "+a"(lo), "+d"(hi), [fix] "+m"(limbo_fixup_rip)
		     : "c"(msr) : "r11", "memory");
	*v = ((uint64_t)hi << 32) | lo;
	return limbo_fixup_hits == hits ? 0 : -1;
}

static inline int wrmsr_safe(uint32_t msr, uint64_t v)
{
	uint32_t hits = limbo_fixup_hits;

	asm volatile("leaq 1f(%%rip), %%r11\n\t"
		     "movq %%r11, %[fix]\n\t"
		     "wrmsr\n"
		     "1:\tmovq $0, %[fix]"
		     : [fix] "+m"(limbo_fixup_rip)
		     : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
		     : "r11", "memory");
	return limbo_fixup_hits == hits ? 0 : -1;
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outb(uint8_t v, uint16_t port)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t v, uint16_t port)
{
	asm volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint32_t mmio_read32(uint64_t addr)
{
	return *(volatile uint32_t *)(uintptr_t)addr;
}

static inline void mmio_write32(uint64_t addr, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)addr = v;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	asm volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v),
		     "d"((uint32_t)(v >> 32)) : "memory");
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	asm volatile("cpuid"
		     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
		     : "a"(leaf), "c"(sub));
}

static inline void cpu_pause(void)
{
	asm volatile("pause");
}

static inline uint64_t read_cr3(void)
{
	uint64_t v;

	asm volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline uint64_t read_cr4(void)
{
	uint64_t v;

	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

/* Reload CR3: drops every non-global TLB entry and paging-structure cache. */
static inline void flush_tlb(void)
{
	asm volatile("mov %%cr3, %%rax; mov %%rax, %%cr3" : : : "rax", "memory");
}
#endif

#endif /* LIMBO_HW_H */
