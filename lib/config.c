// SPDX-License-Identifier: GPL-2.0-only
/* Validation of struct limbo_config, shared by purgatory and plugin. */
#include <limbo/config.h>

/* Range checks of every option, derived from LIMBO_CONFIG_OPTIONS. */
#define SIZE_CHOICE	1
#define SIZE_GSI	4
#define VALUE_IS(name, v)	x == (uint32_t)(v) ||
#define VALID_CHOICE(values)	(LIMBO_VALUES_##values(VALUE_IS) 0)
#define VALID_GSI(values)	(x <= LIMBO_CFG_MAX_GSI + 1)

#define FIELD_SIZE(field, key, kind, values, def, flags, help)		\
	_Static_assert(sizeof(((struct limbo_config *)0)->field) == SIZE_##kind, \
		       key ": field size does not fit its kind");
LIMBO_CONFIG_OPTIONS(FIELD_SIZE)

#define CHECK_OPTION(field, key, kind, values, def, flags, help)	\
	x = cfg->field;							\
	if (!VALID_##kind(values))					\
		return "bad " key " value";

static const char *options_check(const struct limbo_config *cfg)
{
	uint32_t x;

	LIMBO_CONFIG_OPTIONS(CHECK_OPTION)
	return 0;
}

int limbo_ioapic_address_ok(uint64_t a)
{
	/* 1 KiB aligned, below 4 GiB on every x86 chipset, not RAM-low */
	return a && !(a & 0x3ff) && a >= (1ULL << 20) && a < (1ULL << 32);
}

const char *limbo_config_check(const struct limbo_config *cfg)
{
	const char *why;
	unsigned int i;

	if (cfg->magic != LIMBO_CONFIG_MAGIC)
		return "bad magic";
	if (cfg->version != LIMBO_CONFIG_VERSION)
		return "unknown version";
	if (cfg->size != sizeof(*cfg))
		return "size mismatch";
	if (cfg->flags & ~LIMBO_CFG_ALL_FLAGS)
		return "unknown flags";
	/* one loader writes the block: kexec-tools' plugin or the kernel */
	if ((cfg->flags & LIMBO_CFG_FROM_PLUGIN) && (cfg->flags & LIMBO_CFG_FROM_KERNEL))
		return "written by both the plugin and the kernel";
	why = options_check(cfg);
	if (why)
		return why;
	if (cfg->tables_addr & 0xfff || (!cfg->tables_addr) != (!cfg->tables_size) ||
	    cfg->tables_size > LIMBO_CFG_MAX_TABLES ||
	    cfg->tables_addr > UINT64_MAX - cfg->tables_size)
		return "implausible tables segment";
	if (cfg->self_len > LIMBO_CFG_MAX_SELF)
		return "implausible self digest length";
	for (i = 0; i < sizeof(cfg->reserved_v1); i++)
		if (cfg->reserved_v1[i])
			return "version 1 list space set";
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

const char *limbo_x2apic_refusal(const struct limbo_config *cfg, uint32_t max_apic_id)
{
	if (cfg->x2apic == LIMBO_X2APIC_KEEP)
		return "policy x2apic=keep";
	if (cfg->x2apic == LIMBO_X2APIC_AUTO &&
	    !(cfg->flags & LIMBO_CFG_NEXT_MPTABLE))
		return "policy auto: the next kernel boots through ACPI";
	if (max_apic_id == 0xffffffff)
		return "no verified APIC IDs from the plugin";
	if (max_apic_id > 254)
		return "an APIC ID does not fit xAPIC's 8 bits";
	return 0;
}
