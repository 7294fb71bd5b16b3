/* SPDX-License-Identifier: GPL-2.0-only */
/* See stdint.h here: limbo's headers' <stddef.h>, the kernel's way. */
#ifndef _KEXEC_LIMBO_STDDEF_H
#define _KEXEC_LIMBO_STDDEF_H
#include <linux/stddef.h>
#include <linux/types.h>
#endif
