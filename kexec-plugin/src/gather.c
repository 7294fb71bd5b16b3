// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading the running system for discovery: see gather.h.  Every file is
 * read with limbo_read_file() (bounded, non-blocking, regular files
 * only); the msr device nodes, which that reader refuses by design, are
 * read with pread() at the MSR's number, as the msr driver requires.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE		/* cpu_set_t, sched_setaffinity */
#endif
#include <cpuid.h>
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <limbo/cc_regs.h>
#include "fileio.h"
#include "gather.h"

#define MSR_IA32_APIC_BASE	0x1b
#define APIC_BASE_BSP		(1ULL << 8)

static void gather_madt(struct limbo_discovery *d)
{
	enum limbo_read_status st;
	size_t len;
	char *buf;

	st = limbo_read_file(LIMBO_MADT_PATH, LIMBO_MADT_MAX, &buf, &len, d->madt.err,
			     sizeof(d->madt.err));
	if (st != LIMBO_READ_OK) {
		d->acpi = st != LIMBO_READ_MISSING;
		if (d->acpi)
			fprintf(stderr, "limbo: warning: %s; IO-APICs and CPUs from "
				"/proc/iomem and /proc/cpuinfo\n", d->madt.err);
		return;
	}
	d->acpi = 1;
	d->madt_ok = !limbo_parse_madt(buf, len, &d->madt);
	if (!d->madt_ok)
		fprintf(stderr, "limbo: warning: %s not used: %s; IO-APICs and CPUs "
			"from /proc/iomem and /proc/cpuinfo\n", LIMBO_MADT_PATH, d->madt.err);
	free(buf);
}

static void gather_iomem(struct limbo_discovery *d)
{
	size_t len;
	char *text;

	if (limbo_read_file(LIMBO_IOMEM_PATH, LIMBO_PROC_TEXT_MAX, &text, &len,
			    d->iomem.err, sizeof(d->iomem.err)) != LIMBO_READ_OK)
		return;
	d->iomem_ok = !limbo_parse_iomem(text, len, &d->iomem);
	if (!d->iomem_ok && !d->madt_ok)
		fprintf(stderr, "limbo: warning: %s\n", d->iomem.err);
	free(text);
}

static void gather_cpuinfo(struct limbo_discovery *d)
{
	size_t len;
	char *text;

	if (limbo_read_file(LIMBO_CPUINFO_PATH, LIMBO_PROC_TEXT_MAX, &text, &len,
			    d->cpuinfo.err, sizeof(d->cpuinfo.err)) != LIMBO_READ_OK)
		return;
	d->cpuinfo_ok = !limbo_parse_cpuinfo(text, len, &d->cpuinfo);
	if (!d->cpuinfo_ok)
		fprintf(stderr, "limbo: warning: %s\n", d->cpuinfo.err);
	free(text);
}

/* This CPU's APIC ID: CPUID leaf 0xb (x2APIC ID), else leaf 1 (8 bits). */
static uint32_t this_cpu_apic_id(void)
{
	unsigned int a, b, c, dx;

	if (__get_cpuid_max(0, NULL) >= 0xb) {
		__cpuid_count(0xb, 0, a, b, c, dx);
		if (b)			/* leaf 0xb implemented */
			return dx;
	}
	__cpuid(1, a, b, c, dx);
	return b >> 24;
}

/* Whether Linux CPU @n has IA32_APIC_BASE.BSP set; 0 when unreadable. */
static int cpu_is_bsp(long n)
{
	char path[64];
	uint64_t base;
	int fd, bsp;

	snprintf(path, sizeof(path), "/dev/cpu/%ld/msr", n);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	bsp = pread(fd, &base, sizeof(base), MSR_IA32_APIC_BASE) == sizeof(base) &&
	      (base & APIC_BASE_BSP);
	close(fd);
	return bsp;
}

/* The APIC ID of Linux CPU @n, from CPUID run on it; unknown if it can't. */
static uint32_t apic_id_of_cpu(long n, const cpu_set_t *old)
{
	uint32_t id = LIMBO_APIC_ID_UNKNOWN;
	cpu_set_t one;

	CPU_ZERO(&one);
	CPU_SET(n, &one);
	if (!sched_setaffinity(0, sizeof(one), &one))
		id = this_cpu_apic_id();
	sched_setaffinity(0, sizeof(*old), old);
	return id;
}

/*
 * The CPU the firmware started: the one whose IA32_APIC_BASE has BSP set,
 * read through the msr driver; its APIC ID from CPUID run on it.  A kexec
 * chain renumbers Linux's CPUs (the new kernel's processor 0 is whichever
 * CPU ran kexec -e) but leaves the flag alone, so this is the source
 * park=init trusts first.  Without /dev/cpu/N/msr (module msr not loaded,
 * or not root) discovery falls back to /proc/cpuinfo and says so.
 */
static void gather_bsp(struct limbo_discovery *d)
{
	DIR *dp = opendir("/dev/cpu");
	struct dirent *de;
	cpu_set_t old;

	if (!dp)
		return;
	if (sched_getaffinity(0, sizeof(old), &old)) {
		closedir(dp);
		return;
	}
	while ((de = readdir(dp))) {
		char *end;
		long n = strtol(de->d_name, &end, 10);

		if (end == de->d_name || *end || n < 0 || n >= CPU_SETSIZE)
			continue;
		if (cpu_is_bsp(n)) {
			d->bsp_msr_apic_id = apic_id_of_cpu(n, &old);
			break;
		}
	}
	closedir(dp);
}

/*
 * The confidential-guest probe, on whichever CPU this runs (a TDX or SEV
 * guest is one on all of them): CPUID here, which the guest kernel
 * emulates where it must, and SEV_STATUS through the msr driver.
 */
static void gather_cc(struct limbo_discovery *d)
{
	struct limbo_cc_probe *p = &d->cc;
	unsigned int a, b, c, dx;
	char path[64];
	int cpu = sched_getcpu(), fd;

	p->max_leaf = __get_cpuid_max(0, NULL);
	__cpuid(1, a, b, c, dx);
	p->hypervisor = !!(c & CPUID_1_ECX_HYPERVISOR);
	if (p->max_leaf >= CPUID_TDX_LEAF) {
		__cpuid_count(CPUID_TDX_LEAF, 0, a, b, c, dx);
		p->tdx_sig[0] = b;
		p->tdx_sig[1] = dx;
		p->tdx_sig[2] = c;
	}
	p->max_ext_leaf = __get_cpuid_max(0x80000000, NULL);
	if (p->max_ext_leaf >= CPUID_SEV_LEAF) {
		__cpuid_count(CPUID_SEV_LEAF, 0, a, b, c, dx);
		p->sev_eax = a;
	}
	if (!p->hypervisor || !(p->sev_eax & CPUID_SEV) || cpu < 0)
		return;
	snprintf(path, sizeof(path), "/dev/cpu/%d/msr", cpu);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	p->sev_status_ok = pread(fd, &p->sev_status, sizeof(p->sev_status),
				 MSR_SEV_STATUS) == sizeof(p->sev_status);
	close(fd);
}

void limbo_gather(struct limbo_discovery *d)
{
	limbo_discovery_init(d);
	gather_madt(d);
	gather_iomem(d);
	gather_cpuinfo(d);
	gather_bsp(d);
	gather_cc(d);
}
