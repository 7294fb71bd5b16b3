/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LIMBO_VERSION_H
#define LIMBO_VERSION_H

#define LIMBO_VERSION	"0.1.0"

#endif /* LIMBO_VERSION_H */
