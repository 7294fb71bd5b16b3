// SPDX-License-Identifier: GPL-2.0-only
/*
 * limbo's tables (limbo/tables.h) for an image loaded with
 * kexec_file_load: every IO-APIC and every present CPU as this kernel
 * knows them, and the firmware's boot CPU, in a segment of their own.
 * The segment is added before kexec_calculate_store_digests(), so the
 * digest covers it: the purgatory uses the lists only once verification
 * has passed and the range limbo_config names is exactly one verified
 * region.  Its zero-filled tail is where the purgatory builds its report.
 */
#define pr_fmt(fmt)	"kexec-limbo: " fmt

#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/kexec.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <asm/apic.h>
#include <asm/io_apic.h>
#include <asm/kexec-limbo.h>
#include <asm/msr.h>
#include <asm/smp.h>

#include <limbo/tables.h>

static u32 limbo_apic_id(u32 id)
{
	return id == BAD_APICID ? 0xffffffff : id;
}

/*
 * The firmware's boot CPU, which the purgatory must never send INIT (that
 * resets the machine): the CPU whose IA32_APIC_BASE has the BSP flag, as
 * kexec-tools' plugin finds it through /dev/cpu/N/msr.  It survives
 * kexec, unlike the kernel's own CPU numbering.  Unknown (~0) when no
 * online CPU has it.
 */
static u32 limbo_bsp_apic_id(void)
{
	u32 id = 0xffffffff;
	unsigned int cpu;
	u64 base;

	if (boot_cpu_data.x86 < 6)	/* no IA32_APIC_BASE */
		return id;
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		if (!rdmsrl_on_cpu(cpu, MSR_IA32_APICBASE, &base) &&
		    (base & MSR_IA32_APICBASE_BSP)) {
			id = limbo_apic_id(per_cpu(x86_cpu_to_apicid, cpu));
			break;
		}
	}
	cpus_read_unlock();
	return id;
}

#ifdef CONFIG_X86_IO_APIC
static void limbo_ioapic(struct limbo_config_ioapic *io, int idx)
{
	io->address = mpc_ioapic_addr(idx);
	io->id = mpc_ioapic_id(idx);
	io->gsi_base = mp_ioapic_gsi_base(idx);
}
#else
static void limbo_ioapic(struct limbo_config_ioapic *io, int idx) { }
#endif

/* The tables, with their zero-filled report area; *@bufsz: up to it. */
static void *limbo_build_tables(size_t *bufsz, size_t *memsz)
{
	struct limbo_config_ioapic *io;
	struct limbo_tables t = { };
	u32 *ids, max = 0;
	unsigned int cpu, n = 0;
	int i, nr_io = nr_ioapics;
	void *buf;

	*memsz = limbo_tables_layout(&t, nr_io, num_present_cpus());
	buf = vzalloc(*memsz);
	if (!buf)
		return NULL;
	io = buf + t.ioapic_offset;
	for (i = 0; i < nr_io; i++)
		limbo_ioapic(&io[i], i);
	ids = buf + t.cpu_offset;
	for_each_present_cpu(cpu) {
		if (n == t.cpu_count)
			break;
		ids[n] = per_cpu(x86_cpu_to_apicid, cpu);
		max = max(max, ids[n]);
		n++;
	}
	t.cpu_count = n;
	t.max_apic_id = n ? max : 0xffffffff;
	t.boot_cpu_apic_id = limbo_bsp_apic_id();
	t.flags = LIMBO_TABLES_IOAPICS_KNOWN | LIMBO_TABLES_CPUS_KNOWN;
	memcpy(buf, &t, sizeof(t));
	*bufsz = t.report_offset;
	return buf;
}

int kexec_limbo_tables(struct kimage *image, struct limbo_config *cfg)
{
	struct kexec_buf kbuf = { .image = image, .buf_min = 0,
				  .buf_max = ULONG_MAX, .top_down = true,
				  .buf_align = PAGE_SIZE };
	const char *why;
	size_t memsz;
	int ret;

	kbuf.buffer = limbo_build_tables(&kbuf.bufsz, &memsz);
	if (!kbuf.buffer)
		return -ENOMEM;
	why = limbo_tables_check(kbuf.buffer, memsz);
	if (why) {	/* a bug: tables the purgatory would refuse */
		pr_err("tables refused: %s\n", why);
		vfree(kbuf.buffer);
		return -EINVAL;
	}
	kbuf.memsz = memsz;
	kbuf.mem = KEXEC_BUF_MEM_UNKNOWN;
	ret = kexec_add_buffer(&kbuf);
	if (ret) {
		vfree(kbuf.buffer);
		return ret;
	}
	/* the segment's until the image is cleaned up */
	image->arch.limbo_tables = kbuf.buffer;
	cfg->tables_addr = kbuf.mem;
	cfg->tables_size = kbuf.memsz;		/* page-rounded, as hashed */
	kexec_dprintk("limbo: tables segment at %#lx, %u IO-APICs, %u CPUs, %#llx bytes\n",
		      kbuf.mem, nr_ioapics, num_present_cpus(), cfg->tables_size);
	return 0;
}
