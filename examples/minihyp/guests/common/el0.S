/* SPDX-License-Identifier: MIT */
/* Running code at EL0, AArch64 or AArch32, from a test guest at EL1. */

/*
 * void run_at_el0(void (*fn)(void)): runs fn at EL0 (EL0t, MMU off, on a
 * stack of its own) until it executes SVC #0; the guest's exception handler
 * then resumes EL1 at el0_return.  Callee-saved registers and SP are kept in
 * el0_saved.
 *
 * void run_at_el0_spsr(void (*fn)(void), uint64_t spsr, uint64_t r0): the
 * same with SPSR_EL1 as given (e.g. AArch32 User, T32) and x0 (R0) = r0.
 */
	.text
	.global run_at_el0
run_at_el0:
	mov	x1, #0x3c0		/* EL0t, DAIF masked */
	mov	x2, #0
	.global run_at_el0_spsr
run_at_el0_spsr:
	ldr	x9, =el0_saved
	stp	x19, x20, [x9, #0]
	stp	x21, x22, [x9, #16]
	stp	x23, x24, [x9, #32]
	stp	x25, x26, [x9, #48]
	stp	x27, x28, [x9, #64]
	stp	x29, x30, [x9, #80]
	mov	x10, sp
	str	x10, [x9, #96]
	ldr	x10, =el0_stack_top
	msr	sp_el0, x10
	msr	elr_el1, x0
	msr	spsr_el1, x1
	mov	x0, x2
	mov	x3, #0
	isb
	eret

	.global el0_return
el0_return:
	ldr	x9, =el0_saved
	ldr	x10, [x9, #96]
	mov	sp, x10
	ldp	x19, x20, [x9, #0]
	ldp	x21, x22, [x9, #16]
	ldp	x23, x24, [x9, #32]
	ldp	x25, x26, [x9, #48]
	ldp	x27, x28, [x9, #64]
	ldp	x29, x30, [x9, #80]
	ret

	.bss
	.balign 16
el0_saved:
	.skip 112
	.balign 16
el0_stack:
	.skip 4096
el0_stack_top:
