/* SPDX-License-Identifier: MIT */
/*
 * A small printf-style formatter shared by minihyp and its guests
 * (freestanding: no libc).  Conversions: %c %s %d %i %u %x %X %p %%, flags
 * '-' and '0', a field width, length modifiers l, ll, z.
 */
#ifndef MINIHYP_FMT_H
#define MINIHYP_FMT_H

#include <stdarg.h>
#include <stddef.h>

typedef void (*fmt_putc_fn)(void *ctx, char c);

/* Formats to `out`; returns the number of characters produced. */
int fmt_vformat(fmt_putc_fn out, void *ctx, const char *f, va_list ap);

/* snprintf into buf (always NUL-terminated when size > 0). */
int fmt_snprintf(char *buf, size_t size, const char *f, ...) __attribute__((format(printf, 3, 4)));

#endif
