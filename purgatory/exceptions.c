// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the stub IDT's handlers do (the stubs are in idt.S).
 *
 * NMI: count it, remember where it hit, return.  #MC: log, and resume
 * when MCG_STATUS.RIPV says the interrupted context is intact.  Anything
 * else: print vector, error code, RIP, CR2 and the registers, record it,
 * and apply the fault policy.  Nothing becomes a silent triple fault.
 */
#include <limbo/vectors.h>
#include "hw.h"
#include "purgatory.h"

#define VEC_NMI		2
#define VEC_MC		18
#define MSR_MCG_STATUS	0x17a
#define  MCG_RIPV	(1ULL << 0)

#define VEC_GP		13

struct limbo_events limbo_events = { 0 };
uint64_t limbo_fixup_rip = 0;
uint32_t limbo_fixup_hits = 0;
static int in_fault;

static uint64_t read_cr2(void)
{
	uint64_t v = 0;

#ifndef LIMBO_HOST
	asm volatile("mov %%cr2, %0" : "=r"(v));
#endif
	return v;
}

static void record(const struct limbo_frame *f, uint64_t cr2)
{
	struct limbo_events *e = &limbo_events;

	if (e->exc_count < LIMBO_MAX_EXC_RECORDS) {
		struct limbo_exc_record *r = &e->exc[e->exc_count];

		r->vector = f->vector;
		r->error = f->error;
		r->rip = f->rip;
		r->cr2 = cr2;
	}
	e->exc_count++;
}

static void dump(const struct limbo_frame *f, uint64_t cr2)
{
	lprintf("limbo: EXCEPTION %s (vector %llu) error %llx %s\n",
		limbo_vector_name(f->vector), (unsigned long long)f->vector,
		(unsigned long long)f->error,
		limbo_events.handed_over ? "after the handoff" : "in the purgatory");
	lprintf("limbo:   RIP %04llx:%016llx RFLAGS %08llx CR2 %016llx\n",
		(unsigned long long)f->cs, (unsigned long long)f->rip,
		(unsigned long long)f->rflags, (unsigned long long)cr2);
	lprintf("limbo:   RSP %04llx:%016llx\n", (unsigned long long)f->ss,
		(unsigned long long)f->rsp);
	lprintf("limbo:   RAX %016llx RBX %016llx RCX %016llx RDX %016llx\n",
		(unsigned long long)f->rax, (unsigned long long)f->rbx,
		(unsigned long long)f->rcx, (unsigned long long)f->rdx);
	lprintf("limbo:   RSI %016llx RDI %016llx RBP %016llx R8  %016llx\n",
		(unsigned long long)f->rsi, (unsigned long long)f->rdi,
		(unsigned long long)f->rbp, (unsigned long long)f->r8);
	lprintf("limbo:   R9  %016llx R10 %016llx R11 %016llx R12 %016llx\n",
		(unsigned long long)f->r9, (unsigned long long)f->r10,
		(unsigned long long)f->r11, (unsigned long long)f->r12);
	lprintf("limbo:   R13 %016llx R14 %016llx R15 %016llx\n",
		(unsigned long long)f->r13, (unsigned long long)f->r14,
		(unsigned long long)f->r15);
}

void limbo_exception(struct limbo_frame *f)
{
	uint64_t cr2;

	if (f->vector == VEC_NMI) {
		struct limbo_events *e = &limbo_events;

		if (limbo_nmi_handoff_armed) {	/* handoff=nmi: never returns */
			limbo_nmi_handoff_armed = 0;
			limbo_handoff();
		}
		if (!e->nmi_count)
			e->nmi_first_rip = f->rip;
		e->nmi_last_rip = f->rip;
		e->nmi_count++;
		return;
	}
	if (f->vector == VEC_GP && limbo_fixup_rip) {	/* rdmsr_safe & co. */
		f->rip = limbo_fixup_rip;
		limbo_fixup_hits++;
		return;
	}
	if (in_fault)			/* faulted while reporting a fault */
		policy_stop_quiet(cfg->fault);
	in_fault = 1;
	cr2 = read_cr2();
	record(f, cr2);
	console_force_serial();
	if (f->vector == VEC_MC) {
		uint64_t mcg = rdmsr(MSR_MCG_STATUS);

		lprintf("limbo: machine check, MCG_STATUS %llx\n",
			(unsigned long long)mcg);
		if (mcg & MCG_RIPV) {
			wrmsr(MSR_MCG_STATUS, 0);	/* clears MCIP */
			limbo_events.mc_recovered++;
			lprintf("limbo: RIPV set: resuming at %llx\n",
				(unsigned long long)f->rip);
			in_fault = 0;
			return;
		}
	}
	dump(f, cr2);
	policy_stop(cfg->fault, "unexpected exception");
}

/* --purgatory-opt debug-fault=...: prove the handlers and the policy. */
void raise_debug_fault(void)
{
	unsigned int kind = cfg->debug_fault;

	if (kind == LIMBO_DEBUG_FAULT_NONE)
		return;
	lprintf("limbo: debug-fault: raising exception kind %u on purpose\n", kind);
#ifndef LIMBO_HOST
	switch (kind) {
	case LIMBO_DEBUG_FAULT_UD:
		asm volatile("ud2");
		break;
	case LIMBO_DEBUG_FAULT_PF:	/* canonical, far above any RAM */
		(void)*(volatile uint64_t *)0x00003fedcba98000ULL;
		break;
	case LIMBO_DEBUG_FAULT_GP:	/* non-canonical */
		(void)*(volatile uint64_t *)0x8000000000000000ULL;
		break;
	case LIMBO_DEBUG_FAULT_DE: {
		uint32_t zero = 0, lo = 1, hi = 0;

		asm volatile("divl %2" : "+a"(lo), "+d"(hi) : "r"(zero));
		break;
	}
	}
#endif
	lprintf("limbo: debug-fault: the exception did not happen\n");
}
