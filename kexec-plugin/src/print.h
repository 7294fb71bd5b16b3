/* SPDX-License-Identifier: GPL-2.0-only */
/* The discovery printout of -d and --purgatory-opt show. */
#ifndef LIMBO_PRINT_H
#define LIMBO_PRINT_H

#include <stdio.h>
#include <limbo/config.h>
#include "merge.h"

/* Everything discovered, and what the purgatory will do with @cfg. */
void limbo_discovery_print(FILE *f, const struct limbo_discovery *d,
			   const struct limbo_config *cfg);

#endif /* LIMBO_PRINT_H */
