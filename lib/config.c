// SPDX-License-Identifier: GPL-2.0-only
/* Validation of struct limbo_config, shared by purgatory and plugin. */
#include <limbo/config.h>

int limbo_ioapic_address_ok(uint64_t a)
{
	/* 1 KiB aligned, below 4 GiB on every x86 chipset, not RAM-low */
	return a && !(a & 0x3ff) && a >= (1ULL << 20) && a < (1ULL << 32);
}

const char *limbo_config_check(const struct limbo_config *cfg)
{
	unsigned int i;

	if (cfg->magic != LIMBO_CONFIG_MAGIC)
		return "bad magic";
	if (cfg->version != LIMBO_CONFIG_VERSION)
		return "unknown version";
	if (cfg->size != sizeof(*cfg))
		return "size mismatch";
	if (cfg->flags & ~LIMBO_CFG_ALL_FLAGS)
		return "unknown flags";
	if (cfg->verify_fail != LIMBO_POLICY_HALT &&
	    cfg->verify_fail != LIMBO_POLICY_RESET)
		return "bad verify-fail policy";
	if (cfg->fault != LIMBO_POLICY_HALT && cfg->fault != LIMBO_POLICY_RESET)
		return "bad fault policy";
	if (cfg->debug_fault > LIMBO_DEBUG_FAULT_MAX)
		return "bad debug-fault";
	if (cfg->lapic > 1 || cfg->ioapic > 1 || cfg->sha_ni > 1)
		return "bad on/off value";
	if (cfg->pic > LIMBO_PIC_REINIT)
		return "bad pic policy";
	if (cfg->park > LIMBO_PARK_INIT)
		return "bad park policy";
	if (cfg->handoff > LIMBO_HANDOFF_NMI)
		return "bad handoff";
	if (cfg->ioapic_count > LIMBO_CFG_MAX_IOAPICS)
		return "too many IO-APICs";
	for (i = 0; i < cfg->ioapic_count; i++)
		if (!limbo_ioapic_address_ok(cfg->ioapics[i].address))
			return "implausible IO-APIC address";
	if (cfg->cpu_count > LIMBO_CFG_MAX_CPUS)
		return "too many CPUs";
	if (cfg->x2apic > LIMBO_X2APIC_XAPIC)
		return "bad x2apic policy";
	if (cfg->debug_remote_irr > LIMBO_CFG_MAX_GSI + 1)
		return "bad debug-remote-irr GSI";
	if (cfg->reserved1)
		return "reserved words set";
	for (i = 0; i < sizeof(cfg->reserved0); i++)
		if (cfg->reserved0[i])
			return "reserved bytes set";
	for (i = 0; i < sizeof(cfg->reserved) / sizeof(cfg->reserved[0]); i++)
		if (cfg->reserved[i])
			return "reserved words set";
	return 0;
}

const char *limbo_x2apic_refusal(const struct limbo_config *cfg)
{
	if (cfg->x2apic == LIMBO_X2APIC_KEEP)
		return "policy x2apic=keep";
	if (cfg->x2apic == LIMBO_X2APIC_AUTO &&
	    !(cfg->flags & LIMBO_CFG_NEXT_MPTABLE))
		return "policy auto: the next kernel boots through ACPI";
	if (!(cfg->flags & LIMBO_CFG_FROM_PLUGIN))
		return "no APIC IDs from the plugin";
	if (cfg->max_apic_id > 254)
		return "an APIC ID does not fit xAPIC's 8 bits";
	return 0;
}
