/* SPDX-License-Identifier: MIT */
/*
 * What every test guest uses, the one-vCPU guests (guest.h) and the
 * multi-vCPU ones (smp_guest.h): single-instruction MMIO accesses, the
 * virtual counter, SMCCC/PSCI calls and the PL011 console (runtime.c).
 * Written against the guest board only (../../platform.h, GUEST_*): RAM at
 * GUEST_RAM_IPA, PL011 at GUEST_UART_IPA, PSCI through HVC.
 */
#ifndef GUEST_RUNTIME_H
#define GUEST_RUNTIME_H

#include <stdarg.h>
#include <stdint.h>

#include <vcpu/psci.h>

/* The guest board's addresses: GUEST_UART_IPA, GUEST_GICD_IPA, ... */
#include "../../platform.h"

/*
 * Single LDR/STR(B) accesses without writeback (inline assembly), so a
 * trapping hypervisor always gets a valid syndrome.
 */
static inline uint32_t mmio_read32(uintptr_t a)
{
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static inline void mmio_write32(uintptr_t a, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" ::"rZ"(v), "r"(a) : "memory");
}

static inline uint8_t mmio_read8(uintptr_t a)
{
	uint32_t v;

	__asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return (uint8_t)v;
}

static inline void mmio_write8(uintptr_t a, uint8_t v)
{
	__asm__ volatile("strb %w0, [%1]" ::"rZ"((uint32_t)v), "r"(a) : "memory");
}

/* CNTVCT_EL0, after an ISB (not read early). */
static inline uint64_t counter_read(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v)::"memory");
	return v;
}

/* SMCCC call through HVC #0 / SMC #0: x0 = fid, x1..x3 arguments; the
 * returned value is x0. */
uint64_t hvc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
uint64_t smc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
/* A PSCI call through HVC #0: the 32-bit signed result (W0), even for SMC64
 * functions. */
int64_t psci_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
/* PSCI SYSTEM_OFF; if it returns, says so on the console and stops here. */
void psci_system_off(void) __attribute__((noreturn));

/* Console: the PL011 at GUEST_UART_IPA, polled. */
void guest_putc(char c);
void guest_puts(const char *s);
int guest_printf(const char *f, ...) __attribute__((format(printf, 1, 2)));
int guest_vprintf(const char *f, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
