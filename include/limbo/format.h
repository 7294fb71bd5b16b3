/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef LIMBO_FORMAT_H
#define LIMBO_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * A small vsnprintf for the purgatory console: %d %u %x %X %s %c %p %%,
 * flags '0' and '-', a width, length modifiers l, ll, z.  Returns the
 * number of characters the full output needs (like C99); the output is
 * always NUL-terminated when size > 0.
 */
int limbo_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int limbo_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* LIMBO_FORMAT_H */
