/* SPDX-License-Identifier: MIT */
/* SMCCC/PSCI calls and the PL011 console of every test guest (runtime.h). */
#include "runtime.h"
#include "../../common/fmt.h"

#include <pl011/pl011.h>

#include <stdarg.h>

/* An SMCCC call through `insn` (HVC #0 or SMC #0): x0 = fid, x1..x3
 * arguments, x0..x3 may change; returns x0. */
#define SMCCC_CALL_FN(name, insn)                                                                  \
	static inline uint64_t name(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)           \
	{                                                                                          \
		register uint64_t x0 __asm__("x0") = fid;                                          \
		register uint64_t x1 __asm__("x1") = a1;                                           \
		register uint64_t x2 __asm__("x2") = a2;                                           \
		register uint64_t x3 __asm__("x3") = a3;                                           \
                                                                                                   \
		__asm__ volatile(insn : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)::"memory");         \
		return x0;                                                                         \
	}

SMCCC_CALL_FN(smccc_hvc, "hvc #0")
SMCCC_CALL_FN(smccc_smc, "smc #0")

uint64_t hvc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return smccc_hvc(fid, a1, a2, a3);
}

uint64_t smc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return smccc_smc(fid, a1, a2, a3);
}

int64_t psci_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return (int64_t)(int32_t)(uint32_t)smccc_hvc(fid, a1, a2, a3);
}

void psci_system_off(void)
{
	psci_call(PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);
	guest_puts("Bail out! PSCI SYSTEM_OFF returned\n");
	for (;;)
		__asm__ volatile("wfi");
}

void guest_putc(char c)
{
	while (pl011_fr_read(GUEST_UART_IPA) & PL011_FR_TXFF_MASK)
		;
	pl011_dr_write(GUEST_UART_IPA, (uint8_t)c);
}

void guest_puts(const char *s)
{
	while (*s)
		guest_putc(*s++);
}

static void out_putc(void *ctx, char c)
{
	(void)ctx;
	guest_putc(c);
}

int guest_vprintf(const char *f, va_list ap)
{
	return fmt_vformat(out_putc, 0, f, ap);
}

int guest_printf(const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = fmt_vformat(out_putc, 0, f, ap);
	va_end(ap);
	return n;
}
