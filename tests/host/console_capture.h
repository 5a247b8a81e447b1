/* SPDX-License-Identifier: MIT */
/*
 * minihyp's console (examples/minihyp/console.h) for host tests of its
 * checks: hyp_printf() appends to out[], which a test clears with
 * console_capture_reset() before the call it looks at.  Include it once,
 * in the test's one C file.
 */
#ifndef TESTS_HOST_CONSOLE_CAPTURE_H
#define TESTS_HOST_CONSOLE_CAPTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

static char out[8192];
static size_t out_len;

int hyp_printf(const char *f, ...);
int hyp_printf(const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = vsnprintf(out + out_len, sizeof(out) - out_len, f, ap);
	va_end(ap);
	if (n > 0)
		out_len +=
			(size_t)n < sizeof(out) - out_len ? (size_t)n : sizeof(out) - out_len - 1;
	return n;
}

static inline void console_capture_reset(void)
{
	out_len = 0;
	out[0] = 0;
}

#endif
