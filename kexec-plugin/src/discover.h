/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the plugin finds out about this machine and the next kernel.
 *
 * The parsers here take bytes that came from outside (the ACPI MADT,
 * /proc/iomem, /proc/cpuinfo) and are safe on any input: they never read
 * past the buffer, and they either accept the input whole or return a
 * message saying what is wrong with it.  No file I/O here; the caller
 * reads the files.
 */
#ifndef LIMBO_DISCOVER_H
#define LIMBO_DISCOVER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <limbo/config.h>

#define LIMBO_ERR_LEN		160
#define LIMBO_APIC_ID_UNKNOWN	0xffffffffu

/* ---- ACPI MADT (/sys/firmware/acpi/tables/APIC) --------------------------- */

#define LIMBO_MADT_HDR_LEN	44	/* ACPI header 36, LAPIC address, flags */
#define LIMBO_MADT_PCAT_COMPAT	(1u << 0)

struct limbo_madt {
	uint8_t revision;
	uint32_t flags;			/* LIMBO_MADT_PCAT_COMPAT: 8259s present */
	uint64_t lapic_address;		/* after a Local APIC Address Override */
	int lapic_override;		/* a type 5 entry was used */
	unsigned int ioapic_count;
	struct limbo_config_ioapic ioapics[LIMBO_CFG_MAX_IOAPICS];
	unsigned int cpu_count;		/* enabled CPUs, xAPIC and x2APIC */
	uint32_t apic_ids[LIMBO_CFG_MAX_CPUS];	/* in MADT order */
	uint32_t boot_apic_id;		/* first enabled CPU in MADT order */
	uint32_t max_apic_id;		/* over enabled and online-capable CPUs */
	unsigned int x2apic_entries;	/* type 9 entries that were used */
	unsigned int online_capable;	/* disabled, but may be onlined later */
	unsigned int disabled;		/* disabled and not online-capable */
	unsigned int invalid_ids;	/* APIC ID 0xff / 0xffffffff: skipped */
	unsigned int duplicates;	/* an APIC ID listed again: skipped */
	unsigned int overrides;		/* Interrupt Source Overrides */
	unsigned int nmis;		/* Local (x2)APIC NMI entries */
	unsigned int unknown;		/* entries of types not parsed here */
	char err[LIMBO_ERR_LEN];
};

/*
 * Parse @len bytes of an ACPI MADT into @m.  Returns NULL, or a message
 * (in m->err) saying why the table was rejected; then @m must not be used.
 */
const char *limbo_parse_madt(const void *buf, size_t len, struct limbo_madt *m);

/* ---- /proc/iomem -------------------------------------------------------- */

struct limbo_iomem_ioapic {
	uint64_t start, end;
	unsigned int index;		/* N of the "IOAPIC N" name, Linux's order */
};

struct limbo_iomem {
	unsigned int count;
	struct limbo_iomem_ioapic ioapics[LIMBO_CFG_MAX_IOAPICS];
	unsigned int lines;		/* resource lines understood */
	unsigned int skipped;		/* lines in a format not known: ignored */
	char err[LIMBO_ERR_LEN];
};

/*
 * Collect the "IOAPIC N" ranges of /proc/iomem text.  Returns NULL, or a
 * message (in io->err) naming the line that was rejected.
 */
const char *limbo_parse_iomem(const char *text, size_t len, struct limbo_iomem *io);

/* ---- /proc/cpuinfo -------------------------------------------------------- */

struct limbo_cpuinfo {
	unsigned int cpus;		/* distinct "apicid" values, all of them */
	unsigned int listed;		/* the first ones, kept in apic_ids[] */
	uint32_t apic_ids[LIMBO_CFG_MAX_CPUS];
	uint32_t max_apic_id;
	uint32_t boot_apic_id;		/* apicid of "processor : 0", or unknown */
	char err[LIMBO_ERR_LEN];
};

/*
 * The apicid of every "processor" block of /proc/cpuinfo text, and of
 * processor 0 (Linux's boot CPU).  Returns NULL, or a message in c->err.
 * More CPUs than apic_ids[] holds is not an error: c->cpus > c->listed.
 */
const char *limbo_parse_cpuinfo(const char *text, size_t len, struct limbo_cpuinfo *c);

/* Largest "apicid" in /proc/cpuinfo-format text; -1 when there is none. */
int limbo_parse_cpuinfo_apicids(const char *text, size_t len,
				uint32_t *max_id, unsigned int *count);
/* Whether a kernel command line has acpi=off as a whole word. */
int limbo_cmdline_has_acpi_off(const char *cmdline);

/* ---- putting it together --------------------------------------------------- */

struct limbo_discovery {
	int acpi;			/* /sys/firmware/acpi/tables/APIC is readable */
	uint32_t max_apic_id;		/* largest APIC ID seen, or 0xffffffff */
	unsigned int cpus;		/* APIC IDs seen */
	int next_acpi_off;		/* acpi=off on the next kernel's command line */

	/* inputs: set *_ok when the parser accepted the text */
	int madt_ok, iomem_ok, cpuinfo_ok;
	/* APIC ID of the CPU whose IA32_APIC_BASE has BSP (bit 8) set, read
	 * through /dev/cpu/N/msr: the CPU the firmware started, whatever
	 * kexec chain came since; unknown without the msr driver */
	uint32_t bsp_msr_apic_id;
	struct limbo_madt madt;
	struct limbo_iomem iomem;
	struct limbo_cpuinfo cpuinfo;

	/* results of limbo_discovery_merge() */
	const char *ioapic_source;	/* "MADT", "/proc/iomem" or "none" */
	const char *cpu_source;		/* "MADT", "/proc/cpuinfo" or "none" */
	unsigned int ioapic_count;
	struct limbo_config_ioapic ioapics[LIMBO_CFG_MAX_IOAPICS];
	unsigned int cpu_count;
	uint32_t apic_ids[LIMBO_CFG_MAX_CPUS];
	uint32_t boot_cpu_apic_id;	/* or LIMBO_APIC_ID_UNKNOWN */
	const char *boot_cpu_source;	/* "IA32_APIC_BASE.BSP", ... or "none" */
	unsigned int warnings;
};

/* Zero @d and mark everything unknown. */
void limbo_discovery_init(struct limbo_discovery *d);

/*
 * Choose what goes into the config from the parsed inputs: IO-APICs from
 * the MADT else /proc/iomem, CPUs from the MADT else /proc/cpuinfo, the
 * boot CPU from IA32_APIC_BASE.BSP, else /proc/cpuinfo processor 0, else
 * the MADT's first enabled CPU.  Disagreements are written
 * to @warn (if not NULL) as "limbo: warning: ..." lines and counted.
 */
void limbo_discovery_merge(struct limbo_discovery *d, FILE *warn);

/*
 * Copy the merged discovery into @cfg (IO-APICs, CPUs, boot CPU, largest
 * APIC ID, LIMBO_CFG_NEXT_MPTABLE).  If the result would not pass
 * limbo_config_check(), the discovered lists are left out, the reason is
 * written to @warn, and -1 is returned.
 */
int limbo_discovery_apply(const struct limbo_discovery *d, struct limbo_config *cfg,
			  FILE *warn);

/* Everything discovered, for --purgatory-opt show and -d. */
void limbo_discovery_print(FILE *f, const struct limbo_discovery *d,
			   const struct limbo_config *cfg);

#endif /* LIMBO_DISCOVER_H */
