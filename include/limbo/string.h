/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The few string functions lib/ uses.  Hosted builds take them from libc;
 * the freestanding purgatory build gets lib/string.c.
 */
#ifndef LIMBO_STRING_H
#define LIMBO_STRING_H

#include <stddef.h>

#ifdef LIMBO_FREESTANDING
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
#else
#include <string.h>
#endif

#endif /* LIMBO_STRING_H */
