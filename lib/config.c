// SPDX-License-Identifier: GPL-2.0-only
/* Validation of struct limbo_config, shared by purgatory and plugin. */
#include <limbo/config.h>

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
	if (cfg->lapic > 1 || cfg->pic > 1)
		return "bad on/off value";
	if (cfg->x2apic > LIMBO_X2APIC_XAPIC)
		return "bad x2apic policy";
	for (i = 0; i < sizeof(cfg->reserved0); i++)
		if (cfg->reserved0[i])
			return "reserved bytes set";
	for (i = 0; i < sizeof(cfg->reserved) / sizeof(cfg->reserved[0]); i++)
		if (cfg->reserved[i])
			return "reserved words set";
	return 0;
}
