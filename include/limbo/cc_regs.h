/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * How a confidential-computing guest shows itself, declared once for
 * the plugin (kexec-plugin/src/merge.c: limbo's purgatory is not loaded
 * in TDX and SEV-ES/SNP guests), purgatory/park.c (which must not INIT
 * CPUs there) and the test model (test/model/hw_model.c, which plays
 * such a guest):
 * - TDX: CPUID leaf 0x21, subleaf 0, EBX:EDX:ECX = "IntelTDX    "
 *   (Intel TDX module ABI);
 * - SEV: CPUID 0x8000001F EAX and the SEV_STATUS MSR (AMD APM vol. 2,
 *   "Secure Encrypted Virtualization");
 * - any guest: CPUID.1:ECX bit 31, reserved for hypervisor use (0 on
 *   bare metal).
 * test_park pins every value to its manual's number.
 */
#ifndef LIMBO_CC_REGS_H
#define LIMBO_CC_REGS_H

#define CPUID_1_ECX_HYPERVISOR	(1u << 31)

#define CPUID_TDX_LEAF		0x21
#define  TDX_SIG_EBX		0x65746e49u	/* "Inte" */
#define  TDX_SIG_EDX		0x5844546cu	/* "lTDX" */
#define  TDX_SIG_ECX		0x20202020u	/* "    " */

#define CPUID_SEV_LEAF		0x8000001fu
#define  CPUID_SME		(1u << 0)	/* EAX */
#define  CPUID_SEV		(1u << 1)
#define  CPUID_SEV_ES		(1u << 3)
#define  CPUID_SEV_SNP		(1u << 4)

#define MSR_SEV_STATUS		0xc0010131u
#define  SEV_STATUS_SEV		(1ULL << 0)
#define  SEV_STATUS_ES		(1ULL << 1)
#define  SEV_STATUS_SNP		(1ULL << 2)

#endif /* LIMBO_CC_REGS_H */
