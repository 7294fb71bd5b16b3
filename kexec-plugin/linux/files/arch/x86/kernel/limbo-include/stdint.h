/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * limbo's ABI headers (arch/x86/purgatory/limbo/include/limbo/) are shared
 * with the purgatory and with userspace, and take their fixed-width types
 * from <stdint.h>.  In the kernel those come from <linux/types.h>; the
 * compiler's own <stdint.h> would define them a second time, differently
 * (uint64_t as unsigned long).  Only kexec-limbo*.o see this directory,
 * which has <stddef.h> too.
 */
#ifndef _KEXEC_LIMBO_STDINT_H
#define _KEXEC_LIMBO_STDINT_H
#include <linux/limits.h>
#include <linux/types.h>

#define UINT8_MAX	U8_MAX
#define UINT16_MAX	U16_MAX
#define UINT32_MAX	U32_MAX
#define UINT64_MAX	U64_MAX
#endif
