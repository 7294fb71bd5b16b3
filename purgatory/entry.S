/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry and exit of the limbo purgatory.
 *
 * kexec's relocate_kernel jumps here in long mode with paging on (an
 * identity map of RAM), interrupts off, GDTR and IDTR both empty and
 * every general register zero except %rsp.  [%rsp] is 0, or the return
 * address when the image was loaded with --load-preserve-context.
 *
 * Only RIP-relative addressing is used, so the object needs no
 * relocation that would overflow when kexec places it above 4 GiB.
 */
#include <limbo/abi.h>
#include <limbo/idt.h>

	.text
	.code64

	.globl	purgatory_start
	.type	purgatory_start, @function
	.balign	16
purgatory_start:
	/*
	 * The stub IDT before anything else: a fault or NMI from here on is
	 * reported (or absorbed), never a triple fault.  Until lidt, any NMI
	 * is fatal (the old kernel left IDTR empty), so the loader (the
	 * plugin, or the kernel series) writes the TSS descriptor and the 32
	 * gates for the address we were loaded at, and the IDT is live four
	 * instructions in, with no branch before it: on hardware three
	 * instruction boundaries after the first are exposed (there were
	 * six), under QEMU's TCG (interrupts only between translation
	 * blocks) none.  S3 caught a reset at the
	 * old version's branch, which checked the loader's mark first.
	 *
	 * The mark is checked after lidt.  Without it, ltr has loaded
	 * limbo_gdt's build-time TSS descriptor (available, base 0) and IDTR
	 * points at gates that are all not present: load a null IDT (the
	 * first 10 bytes of limbo_gdt are zero) while limbo_idt_build writes
	 * the real ones, as the old kernel left it, then ltr and lidt again.
	 * limbo_idt_check() verifies the prebuilt bytes later.
	 */
	lgdt	limbo_gdt_desc(%rip)
	movw	$LIMBO_GDT_TSS, %ax
	ltr	%ax
	lidt	limbo_idt_desc(%rip)
	movabsq	$LIMBO_IDT_PREBUILT_MAGIC, %rax
	cmpq	%rax, limbo_idt_prebuilt(%rip)
	je	3f
	lidt	limbo_gdt(%rip)
	leaq	2f(%rip), %r11
	jmp	limbo_idt_build
2:	movw	$LIMBO_GDT_TSS, %ax
	ltr	%ax
	lidt	limbo_idt_desc(%rip)
3:	cld

	movl	$LIMBO_GDT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs

	/* The preserve-context return address, before we leave the old stack. */
	movq	0(%rsp), %rax
	movq	%rax, jump_back_entry(%rip)

	leaq	limbo_stack_top(%rip), %rsp

	/* Reload %cs from our own GDT: the old one may be gone. */
	leaq	1f(%rip), %rax
	pushq	$LIMBO_GDT_CS
	pushq	%rax
	lretq
1:
	/*
	 * Unblock NMIs.  A panic in NMI context (an unknown NMI, the hard
	 * lockup detector) reaches kexec without an IRET, so NMIs are still
	 * blocked here.  One IRET to the next instruction ends that: an NMI
	 * held since is taken now by the stub IDT, handoff=nmi's own NMI
	 * can arrive, and none is carried pending into the next kernel,
	 * whose first IRET may find no NMI gate (Linux before 6.1.77).
	 */
	movq	%rsp, %rax
	pushq	$LIMBO_GDT_DS
	pushq	%rax
	pushfq
	pushq	$LIMBO_GDT_CS
	leaq	2f(%rip), %rax
	pushq	%rax
	iretq
2:
	rdtsc
	shlq	$32, %rdx
	orq	%rdx, %rax
	movq	%rax, limbo_tsc_entry(%rip)

	call	limbo_main
	jmp	limbo_handoff
	.size	purgatory_start, . - purgatory_start

/*
 * Load entry64_regs and jump to the next kernel.  %cs and the data
 * segments still come from limbo's GDT, which stays valid because it
 * lives inside the purgatory segment.
 */
	.globl	limbo_handoff
	.type	limbo_handoff, @function
limbo_handoff:
	leaq	entry64_regs(%rip), %rax
	movq	8(%rax), %rbx
	movq	16(%rax), %rcx
	movq	24(%rax), %rdx
	movq	32(%rax), %rsi
	movq	40(%rax), %rdi
	movq	48(%rax), %rsp
	movq	56(%rax), %rbp
	movq	64(%rax), %r8
	movq	72(%rax), %r9
	movq	80(%rax), %r10
	movq	88(%rax), %r11
	movq	96(%rax), %r12
	movq	104(%rax), %r13
	movq	112(%rax), %r14
	movq	120(%rax), %r15
	movq	0(%rax), %rax
	jmpq	*(entry64_regs + 128)(%rip)
	.size	limbo_handoff, . - limbo_handoff

	.data
	.balign	16
	.globl	limbo_gdt
	.type	limbo_gdt, @object
limbo_gdt:
	.quad	0			/* 0x00 null */
	.quad	0			/* 0x08 unused */
	.quad	0x00af9a000000ffff	/* 0x10 64-bit code, DPL 0 */
	.quad	0x00cf92000000ffff	/* 0x18 flat data, 4 GiB */
	/* 0x20 TSS: written by the loader or limbo_idt_build.  Until then an
	 * available 64-bit TSS at base 0, limit 0x67, so that the entry's
	 * unconditional ltr succeeds: nothing uses it before the real one
	 * (no gate is present in between). */
	.quad	(LIMBO_TSS_AVAIL << 40) | 0x67, 0
limbo_gdt_end:
	.size	limbo_gdt, . - limbo_gdt

	.balign	16
	.word	0			/* align the base to 8 bytes */
	.word	0
	.word	0
	.globl	limbo_gdt_desc
limbo_gdt_desc:
	.word	limbo_gdt_end - limbo_gdt - 1
	.quad	limbo_gdt

	.balign	8
	.globl	entry64_regs
	.type	entry64_regs, @object
entry64_regs:
	.fill	17, 8, 0		/* rax..r15, rip: written by kexec */
	.size	entry64_regs, . - entry64_regs

	/* LIMBO_IDT_PREBUILT_MAGIC when the plugin wrote limbo_gdt's TSS
	 * descriptor and limbo_idt for the final load address */
	.balign	8
	.globl	limbo_idt_prebuilt
	.type	limbo_idt_prebuilt, @object
limbo_idt_prebuilt:
	.quad	0
	.size	limbo_idt_prebuilt, 8

	.globl	limbo_tsc_entry
	.type	limbo_tsc_entry, @object
limbo_tsc_entry:
	.quad	0
	.size	limbo_tsc_entry, 8

	/*
	 * A stack for the next kernel's first instructions: kexec puts
	 * stack_end in its rsp ("unused" by Linux, which sets its own before
	 * it pushes).  Room for an exception frame and the report printing
	 * should the next kernel fault on limbo's IDT before it has its own.
	 */
	.balign	16
limbo_next_stack:
	.fill	2048, 1, 0
	.globl	stack_end
	.type	stack_end, @object
stack_end:
	.size	stack_end, 0

	/* The purgatory's own stack. */
	.bss
	.balign	16
limbo_stack:
	.skip	6144
limbo_stack_top:
/*
 * The last byte of the purgatory segment: kexec lays the PROGBITS
 * sections out first and the NOBITS ones after them, and the linker
 * script puts this input section at the end of .bss; purgatory_start
 * is offset 0 of .text, the first.  purgatory_extent() (abi.c) uses the
 * two to refuse device addresses inside the purgatory's own memory.
 */
	.section .limbo.end,"aw",@nobits
	.globl	limbo_segment_end
	.hidden	limbo_segment_end
limbo_segment_end:
	.skip	1

	.section .note.GNU-stack,"",@progbits
