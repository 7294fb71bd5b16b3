// SPDX-License-Identifier: GPL-2.0-only
/*
 * limbo's configuration (struct limbo_config, limbo/config.h) for an image
 * loaded with kexec_file_load: the purgatory's own defaults, as compiled
 * into it, plus what the kernel knows that kexec-tools' plugin would
 * otherwise have found out from userspace.
 */
#define pr_fmt(fmt)	"kexec-limbo: " fmt

#include <linux/kexec.h>
#include <linux/string.h>
#include <asm/acpi.h>
#include <asm/cmdline.h>
#include <asm/kexec-limbo.h>

#include <limbo/config.h>

/*
 * Whether the next kernel boots through the MP table: told acpi=off (the
 * last acpi= counts, as in its own parsing), or on a machine whose
 * firmware gave this kernel no MADT.  limbo's x2apic=auto then returns
 * the CPU to xAPIC, which is all an MP table boot can use.
 */
static bool limbo_next_mptable(const char *cmdline)
{
	char val[8];

	if (!acpi_lapic)
		return true;
	return cmdline &&
	       cmdline_find_option(cmdline, "acpi", val, sizeof(val)) > 0 &&
	       !strcmp(val, "off");
}

int kexec_limbo_config(struct kimage *image, const char *cmdline)
{
	struct limbo_config cfg;
	int ret;

	ret = kexec_purgatory_get_set_symbol(image, "limbo_config", &cfg,
					     sizeof(cfg), true);
	if (ret)
		return ret;
	if (cfg.magic != LIMBO_CONFIG_MAGIC ||
	    cfg.version != LIMBO_CONFIG_VERSION || cfg.size != sizeof(cfg)) {
		pr_err("the purgatory's limbo_config is not version %u\n",
		       LIMBO_CONFIG_VERSION);
		return -ENOEXEC;
	}

	/* the report says who wrote the block (the plugin: FROM_PLUGIN) */
	cfg.flags |= LIMBO_CFG_FROM_KERNEL;
	if (limbo_next_mptable(cmdline))
		cfg.flags |= LIMBO_CFG_NEXT_MPTABLE;

	ret = kexec_purgatory_get_set_symbol(image, "limbo_config", &cfg,
					     sizeof(cfg), false);
	if (!ret)
		kexec_dprintk("limbo: config flags %#x\n", cfg.flags);
	return ret;
}
