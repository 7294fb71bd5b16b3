/* SPDX-License-Identifier: GPL-2.0-only */
/* Names of the x86 exception vectors, for the purgatory and the decoder. */
#ifndef LIMBO_VECTORS_H
#define LIMBO_VECTORS_H

#include <stdint.h>

static inline const char *limbo_vector_name(uint64_t v)
{
	static const char *const names[32] = {
		"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
		"#OF overflow", "#BR bound range", "#UD invalid opcode",
		"#NM device not available", "#DF double fault",
		"coprocessor segment overrun", "#TS invalid TSS",
		"#NP segment not present", "#SS stack fault",
		"#GP general protection", "#PF page fault", "reserved 15",
		"#MF x87 error", "#AC alignment check", "#MC machine check",
		"#XM SIMD error", "#VE virtualization", "#CP control protection",
		"reserved 22", "reserved 23", "reserved 24", "reserved 25",
		"reserved 26", "reserved 27", "#HV hypervisor injection",
		"#VC VMM communication", "#SX security", "reserved 31",
	};

	return v < 32 ? names[v] : "not an exception";
}

#endif /* LIMBO_VECTORS_H */
