// SPDX-License-Identifier: GPL-2.0-only
/*
 * limbo's checks and layouts of what the loader hands its purgatory
 * (limbo_config_check(), limbo_tables_layout(), limbo_tables_check()),
 * compiled from the purgatory's own sources: the kernel lays out and
 * checks the tables exactly as the purgatory will read them.
 */
#include "../purgatory/limbo/lib/config.c"
#include "../purgatory/limbo/lib/tables.c"
