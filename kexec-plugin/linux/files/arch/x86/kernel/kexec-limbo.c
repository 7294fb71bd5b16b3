// SPDX-License-Identifier: GPL-2.0-only
/*
 * kexec_file_load with limbo's purgatory (arch/x86/purgatory/limbo/): what
 * limbo's kexec-tools plugin writes into the purgatory for kexec_load, the
 * kernel writes here, once the purgatory is placed and before the digest
 * over the segments is computed.
 */
#define pr_fmt(fmt)	"kexec-limbo: " fmt

#include <linux/err.h>
#include <linux/kexec.h>
#include <linux/sizes.h>
#include <asm/kexec-limbo.h>

#include <limbo/idt.h>

static unsigned long limbo_sym_addr(struct kimage *image, const char *name)
{
	void *addr = kexec_purgatory_get_symbol_addr(image, name);

	return IS_ERR(addr) ? 0 : (unsigned long)addr;
}

/*
 * The purgatory's TSS descriptor and its 32 stub gates, encoded for the
 * address the purgatory was placed at, and the mark that says so: the
 * purgatory then loads its IDT in its first instructions instead of
 * building it at run time, which leaves an NMI arriving meanwhile with
 * no IDT at all (a triple fault).  The purgatory checks these bytes
 * before it relies on them any further.
 */
static int limbo_prebuild_idt(struct kimage *image)
{
	uint64_t gdt[LIMBO_GDT_TSS / 8 + 2], idt[LIMBO_IDT_VECTORS][2];
	uint64_t mark = LIMBO_IDT_PREBUILT_MAGIC;
	unsigned long stubs, tss, tss_end;
	unsigned int v;
	int ret;

	stubs = limbo_sym_addr(image, "limbo_exc_stubs");
	tss = limbo_sym_addr(image, "limbo_tss");
	tss_end = limbo_sym_addr(image, "limbo_tss_end");
	if (!stubs || !tss || tss_end <= tss || tss_end - tss > SZ_64K) {
		pr_err("purgatory has no usable limbo_exc_stubs/limbo_tss\n");
		return -ENOEXEC;
	}

	ret = kexec_purgatory_get_set_symbol(image, "limbo_gdt", gdt,
					     sizeof(gdt), true);
	if (ret)
		return ret;
	limbo_tss_desc_encode(tss, tss_end - tss - 1, &gdt[LIMBO_GDT_TSS / 8]);
	for (v = 0; v < LIMBO_IDT_VECTORS; v++)
		limbo_gate_encode(stubs + LIMBO_IDT_STUB_SIZE * v,
				  limbo_ist_of_vector(v), idt[v]);

	ret = kexec_purgatory_get_set_symbol(image, "limbo_gdt", gdt,
					     sizeof(gdt), false);
	if (!ret)
		ret = kexec_purgatory_get_set_symbol(image, "limbo_idt", idt,
						     sizeof(idt), false);
	if (!ret)
		ret = kexec_purgatory_get_set_symbol(image, "limbo_idt_prebuilt",
						     &mark, sizeof(mark), false);
	if (!ret)
		kexec_dprintk("limbo: IDT prebuilt: stubs at %#lx, TSS at %#lx\n",
			      stubs, tss);
	return ret;
}

int kexec_limbo_setup(struct kimage *image, const char *cmdline,
		      unsigned long cmdline_len)
{
	int ret;

	ret = limbo_prebuild_idt(image);
	if (ret)
		pr_err("cannot prepare limbo's purgatory: %d\n", ret);
	return ret;
}
