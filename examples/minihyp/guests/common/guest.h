/* SPDX-License-Identifier: MIT */
/* minihyp test guests: the little runtime they share. */
#ifndef GUEST_H
#define GUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "../../hypercall.h"
#include "../../platform.h"

struct guest_frame {
	uint64_t x[31];
	uint64_t elr, spsr, esr, far;
	uint64_t pad;
};

/* SMCCC call through HVC #0 / SMC #0: x0 = fid, x1..x3 arguments; the
 * returned value is x0. */
uint64_t hvc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
uint64_t smc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

/* Console: the (emulated) PL011 at GUEST_UART_IPA. */
void guest_putc(char c);
void guest_puts(const char *s);
int guest_printf(const char *f, ...) __attribute__((format(printf, 1, 2)));

/* TAP */
void tap_plan(unsigned n);
bool tap_check(bool cond, const char *name, ...) __attribute__((format(printf, 2, 3)));
unsigned tap_failures(void);

/* Expected exceptions: between guest_expect_exception() and
 * guest_exception_taken(), a synchronous exception at EL1 is recorded and
 * the faulting instruction skipped; any other exception is reported as a
 * test failure and ends the guest. */
struct guest_exc_record {
	bool taken;
	unsigned slot;
	uint64_t esr, far, elr, spsr;
};
void guest_expect_exception(void);
bool guest_exception_taken(struct guest_exc_record *r);

/* Called for an IRQ taken at EL1h (vector slot 5) when set; without it an
 * IRQ is an unexpected exception. */
extern void (*guest_irq_hook)(struct guest_frame *f);

/* x0..x3 as the guest was entered with. */
extern uint64_t guest_boot_args[4];

/* Called with guest_main's result when it returns: MINIHYP_HC_SHUTDOWN. */
void guest_exit(int status) __attribute__((noreturn));
/* PSCI SYSTEM_OFF through HVC. */
void guest_psci_system_off(void) __attribute__((noreturn));

int guest_main(void);

static inline uint64_t counter_read(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v)::"memory");
	return v;
}

#endif
