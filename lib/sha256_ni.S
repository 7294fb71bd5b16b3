/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SHA-256 compression with the SHA extensions (SHA-NI):
 *	void limbo_sha256_blocks_ni(uint32_t h[8], const uint8_t *p,
 *				    size_t nblocks);
 * Needs SSSE3 (pshufb), SSE4.1 (pblendw) and SHA.  The state lives in two
 * registers as the instructions want it: ABEF (A in the top dword) and
 * CDGH.  Every xmm register used is cleared before returning, so no
 * message or state bytes are left behind for the next kernel or process.
 *
 * Register use: xmm0 W+K (implicit operand of sha256rnds2), xmm1 ABEF,
 * xmm2 CDGH, xmm3-6 the message schedule, xmm7 scratch, xmm8 byte-swap
 * mask, xmm9/xmm10 the state at block start.
 */

/* four rounds with the schedule words in \m, constants of group \g */
.macro RND4 m, g
	movdqa	\m, %xmm0
	paddd	(16 * \g)(%rax), %xmm0
	sha256rnds2	%xmm1, %xmm2		/* 2 rounds: CDGH <- f(CDGH, ABEF) */
	pshufd	$0x0e, %xmm0, %xmm0		/* the other two W+K */
	sha256rnds2	%xmm2, %xmm1
.endm

/* W[4g..4g+3] into \a, from \a = W(g-4), \b = W(g-3), \c = W(g-2), \d = W(g-1) */
.macro SCHED a, b, c, d
	sha256msg1	\b, \a			/* W[i-16] + s0(W[i-15]) */
	movdqa	\d, %xmm7
	palignr	$4, \c, %xmm7			/* W[i-7] */
	paddd	%xmm7, \a
	sha256msg2	\d, \a			/* + s1(W[i-2]) */
.endm

	.text
	.globl	limbo_sha256_blocks_ni
	.type	limbo_sha256_blocks_ni, @function
limbo_sha256_blocks_ni:
	testq	%rdx, %rdx
	jz	.Ldone
	leaq	limbo_sha256_k(%rip), %rax
	movdqa	limbo_sha256_bswap(%rip), %xmm8

	movdqu	0(%rdi), %xmm1			/* A B C D */
	movdqu	16(%rdi), %xmm2			/* E F G H */
	pshufd	$0xb1, %xmm1, %xmm1		/* B A D C */
	pshufd	$0x1b, %xmm2, %xmm2		/* H G F E */
	movdqa	%xmm2, %xmm7
	pblendw	$0xf0, %xmm1, %xmm7		/* H G D C = CDGH */
	palignr	$8, %xmm2, %xmm1		/* F E B A = ABEF */
	movdqa	%xmm7, %xmm2

.Lblock:
	movdqa	%xmm1, %xmm9
	movdqa	%xmm2, %xmm10
	movdqu	0(%rsi), %xmm3
	pshufb	%xmm8, %xmm3
	movdqu	16(%rsi), %xmm4
	pshufb	%xmm8, %xmm4
	movdqu	32(%rsi), %xmm5
	pshufb	%xmm8, %xmm5
	movdqu	48(%rsi), %xmm6
	pshufb	%xmm8, %xmm6

	RND4	%xmm3, 0
	RND4	%xmm4, 1
	RND4	%xmm5, 2
	RND4	%xmm6, 3
	SCHED	%xmm3, %xmm4, %xmm5, %xmm6
	RND4	%xmm3, 4
	SCHED	%xmm4, %xmm5, %xmm6, %xmm3
	RND4	%xmm4, 5
	SCHED	%xmm5, %xmm6, %xmm3, %xmm4
	RND4	%xmm5, 6
	SCHED	%xmm6, %xmm3, %xmm4, %xmm5
	RND4	%xmm6, 7
	SCHED	%xmm3, %xmm4, %xmm5, %xmm6
	RND4	%xmm3, 8
	SCHED	%xmm4, %xmm5, %xmm6, %xmm3
	RND4	%xmm4, 9
	SCHED	%xmm5, %xmm6, %xmm3, %xmm4
	RND4	%xmm5, 10
	SCHED	%xmm6, %xmm3, %xmm4, %xmm5
	RND4	%xmm6, 11
	SCHED	%xmm3, %xmm4, %xmm5, %xmm6
	RND4	%xmm3, 12
	SCHED	%xmm4, %xmm5, %xmm6, %xmm3
	RND4	%xmm4, 13
	SCHED	%xmm5, %xmm6, %xmm3, %xmm4
	RND4	%xmm5, 14
	SCHED	%xmm6, %xmm3, %xmm4, %xmm5
	RND4	%xmm6, 15

	paddd	%xmm9, %xmm1
	paddd	%xmm10, %xmm2
	addq	$64, %rsi
	decq	%rdx
	jnz	.Lblock

	pshufd	$0x1b, %xmm1, %xmm1		/* A B E F */
	pshufd	$0xb1, %xmm2, %xmm2		/* G H C D */
	movdqa	%xmm1, %xmm7
	pblendw	$0xf0, %xmm2, %xmm1		/* A B C D */
	palignr	$8, %xmm7, %xmm2		/* E F G H */
	movdqu	%xmm1, 0(%rdi)
	movdqu	%xmm2, 16(%rdi)

	pxor	%xmm0, %xmm0			/* leave nothing behind */
	pxor	%xmm1, %xmm1
	pxor	%xmm2, %xmm2
	pxor	%xmm3, %xmm3
	pxor	%xmm4, %xmm4
	pxor	%xmm5, %xmm5
	pxor	%xmm6, %xmm6
	pxor	%xmm7, %xmm7
	pxor	%xmm8, %xmm8
	pxor	%xmm9, %xmm9
	pxor	%xmm10, %xmm10
.Ldone:
	ret
	.size	limbo_sha256_blocks_ni, . - limbo_sha256_blocks_ni

	.section .rodata
	.balign	16
limbo_sha256_bswap:			/* big-endian words: reverse each dword */
	.byte	3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12
limbo_sha256_k:
	.long	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5
	.long	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5
	.long	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3
	.long	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174
	.long	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc
	.long	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da
	.long	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7
	.long	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967
	.long	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13
	.long	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85
	.long	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3
	.long	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070
	.long	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5
	.long	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3
	.long	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208
	.long	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2

	.section .note.GNU-stack,"",@progbits
