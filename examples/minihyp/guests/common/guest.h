/* SPDX-License-Identifier: MIT */
/* minihyp test guests: the little runtime they share. */
#ifndef GUEST_H
#define GUEST_H

#include <stdbool.h>
#include <stdint.h>

#include <aarch64_sysreg/el1.h>

#include "runtime.h"
#include "../../hypercall.h"
#include "../../platform.h"

struct guest_frame {
	uint64_t x[31];
	uint64_t elr, spsr, esr, far;
	uint64_t pad;
};

/* TAP */
void tap_plan(unsigned n);
bool tap_check(bool cond, const char *name, ...) __attribute__((format(printf, 2, 3)));
unsigned tap_failures(void);

/* Expected exceptions: between guest_expect_exception() and
 * guest_exception_taken() on a vCPU, a synchronous exception at EL1 there is
 * recorded and
 * the faulting instruction skipped (an instruction abort returns to x30, a
 * synchronous exception from AArch32 EL0 resumes EL1 at el0_return); any
 * other exception is reported as a test failure and ends the guest. */

/* el0.S: run fn at EL0 until SVC #0 (or an expected exception). */
void run_at_el0(void (*fn)(void));
void run_at_el0_spsr(const void *fn, uint64_t spsr, uint64_t r0);
struct guest_exc_record {
	bool taken;
	unsigned slot;
	uint64_t esr, far, elr, spsr;
	uint64_t x[4]; /* x0..x3 when it was taken */
};
void guest_expect_exception(void);
bool guest_exception_taken(struct guest_exc_record *r);

/* Called for an IRQ taken at EL1h (vector slot 5) when set; without it an
 * IRQ is an unexpected exception. */
extern void (*guest_irq_hook)(struct guest_frame *f);

/* x0..x3 as the guest was entered with. */
extern uint64_t guest_boot_args[4];

/* start.S: the entry of vCPU 1, 2 or 3 (PSCI CPU_ON, context id in x0): a
 * stack of its own below __stack1_top, the same vectors (guest_irq_hook
 * serves every vCPU; each expects its own exceptions), then
 * guest_secondary_main(ctx), which the guest defines. */
void guest_secondary_entry(void);
void guest_secondary_main(uint64_t ctx);

/* Called with guest_main's result when it returns: MINIHYP_HC_SHUTDOWN. */
void guest_exit(int status) __attribute__((noreturn));

int guest_main(void);

#endif
