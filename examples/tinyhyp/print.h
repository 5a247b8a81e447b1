/* SPDX-License-Identifier: MIT */
/*
 * tinyhyp and its guest print structured lines, `who: event=name key=value
 * ...`, each through its own character output: tinyhyp's is the PL011,
 * the guest's a hypercall.  Numbers are decimal, or hexadecimal with 0x.
 */
#ifndef TINYHYP_PRINT_H
#define TINYHYP_PRINT_H

#include <stdint.h>

typedef void (*print_putc_fn)(char c);

static inline void print_str(print_putc_fn out, const char *s)
{
	while (*s)
		out(*s++);
}

static inline void print_num(print_putc_fn out, uint64_t v, unsigned base)
{
	char buf[20];
	unsigned n = 0;

	do {
		buf[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (base == 16)
		print_str(out, "0x");
	while (n)
		out(buf[--n]);
}

/* " key=value": unsigned decimal, hexadecimal, signed decimal. */
static inline void print_kv(print_putc_fn out, const char *key, uint64_t v)
{
	out(' ');
	print_str(out, key);
	out('=');
	print_num(out, v, 10);
}

static inline void print_kx(print_putc_fn out, const char *key, uint64_t v)
{
	out(' ');
	print_str(out, key);
	out('=');
	print_num(out, v, 16);
}

static inline void print_ks(print_putc_fn out, const char *key, int64_t v)
{
	out(' ');
	print_str(out, key);
	out('=');
	if (v < 0)
		out('-');
	print_num(out, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, 10);
}

#endif
