/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The stub IDT: 32 exception vectors, loaded by entry.S before anything
 * else runs (prebuilt by the plugin, or built here), and left loaded for
 * the next kernel.  include/limbo/idt.h has the encoding in C.
 *
 * NMI, #DF and #MC run on their own stacks (IST 1, 2, 3 of limbo's TSS),
 * so they work whatever %rsp the interrupted code had, also after the
 * handoff while the next kernel runs on our IDT and TSS.  The TSS base
 * is cached in TR, so it survives the next kernel replacing the GDT.
 */
#include <limbo/idt.h>

	.text
	.code64

/*
 * Fill the TSS descriptor in limbo_gdt and the 32 gates of limbo_idt
 * from their run-time addresses (a gate splits its offset in three, which
 * no relocation kexec applies can express).  entry.S then does ltr and
 * lidt; test/unit/test_idt.c calls this from user space on an object
 * relocated above 4 GiB.  Uses %rax, %rcx, %rdx, %rsi, %rdi, %r8, %r9 and
 * no stack: it runs before the purgatory has one.  Called with a jmp,
 * returns through %r11.
 */
	.globl	limbo_idt_build
	.type	limbo_idt_build, @function
limbo_idt_build:
	/* TSS descriptor (16 bytes) at GDT offset LIMBO_GDT_TSS */
	leaq	limbo_tss(%rip), %rax
	leaq	limbo_gdt(%rip), %rdi
	addq	$LIMBO_GDT_TSS, %rdi
	movq	%rax, %rdx
	shlq	$16, %rdx
	movabsq	$0x000000ffffff0000, %rcx
	andq	%rcx, %rdx		/* base[23:0] -> bits 16..39 */
	orq	$(limbo_tss_end - limbo_tss - 1), %rdx	/* limit[15:0] */
	movq	$LIMBO_TSS_AVAIL, %rcx
	shlq	$40, %rcx
	orq	%rcx, %rdx
	movq	%rax, %rcx
	shrq	$24, %rcx
	andq	$0xff, %rcx
	shlq	$56, %rcx		/* base[31:24] -> bits 56..63 */
	orq	%rcx, %rdx
	movq	%rdx, 0(%rdi)
	movq	%rax, %rcx
	shrq	$32, %rcx		/* base[63:32] */
	movq	%rcx, 8(%rdi)

	/* Gates: stub i is at limbo_exc_stubs + 16 * i */
	leaq	limbo_idt(%rip), %rdi
	leaq	limbo_exc_stubs(%rip), %rsi
	leaq	limbo_ist_of_vector(%rip), %r8
	xorl	%ecx, %ecx
1:	movq	%rsi, %rax
	movq	%rax, %rdx
	andq	$0xffff, %rdx		/* offset[15:0] */
	orq	$(LIMBO_GDT_CS << 16), %rdx
	movzbq	(%r8, %rcx), %r9
	shlq	$32, %r9		/* IST index */
	orq	%r9, %rdx
	movq	$LIMBO_GATE_INTR, %r9
	shlq	$40, %r9
	orq	%r9, %rdx
	movq	%rax, %r9
	shrq	$16, %r9
	andq	$0xffff, %r9
	shlq	$48, %r9		/* offset[31:16] */
	orq	%r9, %rdx
	movq	%rdx, 0(%rdi)
	shrq	$32, %rax
	movq	%rax, 8(%rdi)		/* offset[63:32], reserved 0 */
	addq	$16, %rdi
	addq	$16, %rsi
	incl	%ecx
	cmpl	$32, %ecx
	jb	1b
	jmp	*%r11
	.size	limbo_idt_build, . - limbo_idt_build

/*
 * One 16-byte stub per vector: push a zero error code where the CPU
 * does not push one (all but 8, 10-14, 17, 21, 29, 30), push the vector,
 * go to the common path.
 */
	.balign	16
	.globl	limbo_exc_stubs
limbo_exc_stubs:
	.set	vec, 0
	.rept	32
	.balign	16
	.if	!(vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21 || vec == 29 || vec == 30)
	pushq	$0
	.endif
	pushq	$vec
	jmp	limbo_exc_common
	.set	vec, vec + 1
	.endr

/* Saves a struct limbo_frame (purgatory.h) and calls limbo_exception(). */
limbo_exc_common:
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, %rdi
	movq	%rsp, %rbx		/* callee-saved: the frame */
	andq	$-16, %rsp		/* whatever the interrupted code had */
	cld
	call	limbo_exception
	movq	%rbx, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	addq	$16, %rsp		/* vector, error code */
	iretq

	.section .rodata
limbo_ist_of_vector:			/* 0: the interrupted code's stack */
	.byte	0, 0, 1, 0, 0, 0, 0, 0	/* 2 NMI: IST1 */
	.byte	2, 0, 0, 0, 0, 0, 0, 0	/* 8 #DF: IST2 */
	.byte	0, 0, 3, 0, 0, 0, 0, 0	/* 18 #MC: IST3 */
	.byte	0, 0, 0, 0, 0, 0, 0, 0
	.data
	.balign	16
	.word	0, 0, 0			/* align the base to 8 bytes */
	.globl	limbo_idt_desc
limbo_idt_desc:
	.word	32 * 16 - 1
	.quad	limbo_idt

	/* 64-bit TSS: only the IST pointers matter. */
	.balign	16
	.globl	limbo_tss
	.type	limbo_tss, @object
limbo_tss:
	.long	0			/* reserved */
	.quad	0, 0, 0			/* rsp0-2 */
	.quad	0			/* reserved */
	.quad	limbo_ist_nmi_top	/* IST1 */
	.quad	limbo_ist_df_top	/* IST2 */
	.quad	limbo_ist_mc_top	/* IST3 */
	.quad	0, 0, 0, 0		/* IST4-7 */
	.quad	0			/* reserved */
	.word	0
	.word	limbo_tss_end - limbo_tss	/* no I/O bitmap */
	.globl	limbo_tss_end
limbo_tss_end:
	.size	limbo_tss, . - limbo_tss

	/* in .data, not .bss: the plugin writes the gates (kexec refuses to
	 * set symbols in .bss) */
	.data
	.balign	16
	.globl	limbo_idt
	.type	limbo_idt, @object
limbo_idt:
	.fill	32 * 16, 1, 0
	.size	limbo_idt, . - limbo_idt

	.bss
	.balign	16
	.skip	2048			/* NMI: counts and returns */
	.globl	limbo_ist_nmi_top
limbo_ist_nmi_top:
	.skip	2048			/* #DF and #MC print, then stop */
	.globl	limbo_ist_df_top
limbo_ist_df_top:
	.skip	2048
	.globl	limbo_ist_mc_top
limbo_ist_mc_top:

	.section .note.GNU-stack,"",@progbits
