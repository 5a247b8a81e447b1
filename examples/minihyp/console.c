/* SPDX-License-Identifier: MIT */
#include "console.h"
#include "platform.h"
#include "common/fmt.h"

#include <stdarg.h>
#include <stdint.h>

#define UARTDR	    0x000
#define UARTFR	    0x018
#define UARTFR_TXFF (1u << 5)

static inline void mmio_write32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static inline uint32_t mmio_read32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

void console_putc(char c)
{
	if (c == '\n')
		console_putc('\r');
	while (mmio_read32(BOARD_UART_BASE + UARTFR) & UARTFR_TXFF)
		;
	mmio_write32(BOARD_UART_BASE + UARTDR, (uint8_t)c);
}

void console_write(const char *s, size_t n)
{
	while (n--)
		console_putc(*s++);
}

void console_puts(const char *s)
{
	while (*s)
		console_putc(*s++);
}

static void out_putc(void *ctx, char c)
{
	(void)ctx;
	console_putc(c);
}

int hyp_printf(const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = fmt_vformat(out_putc, NULL, f, ap);
	va_end(ap);
	return n;
}

void hyp_log(const char *f, ...)
{
	va_list ap;

	console_puts("minihyp: ");
	va_start(ap, f);
	fmt_vformat(out_putc, NULL, f, ap);
	va_end(ap);
	console_putc('\n');
}

void hyp_panic(const char *f, ...)
{
	va_list ap;

	guest_console_flush();
	console_puts("minihyp: PANIC: ");
	va_start(ap, f);
	fmt_vformat(out_putc, NULL, f, ap);
	va_end(ap);
	console_puts("\nminihyp: this CPU stops here\n");
	for (;;)
		__asm__ volatile("wfi");
}

static char guest_line[256];
static size_t guest_len;

void guest_console_flush(void)
{
	console_write(guest_line, guest_len);
	guest_len = 0;
}

void guest_console_putc(char c)
{
	if (c == '\r')
		return;
	guest_line[guest_len++] = c;
	if (c == '\n' || guest_len == sizeof(guest_line))
		guest_console_flush();
}
