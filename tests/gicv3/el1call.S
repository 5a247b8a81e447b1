/* SPDX-License-Identifier: MIT */
/*
 * Runs a function at EL1 and comes back to EL2: el1_call(fn, arg, el1_sp)
 * saves the EL2 caller's callee-saved registers and stack, erets to EL1
 * (AArch64, SP_EL1, interrupts masked) into el1_entry, which calls
 * fn(arg) and returns its result with HVC; the EL2 vector of that HVC
 * restores the caller and returns the result from el1_call.
 */
	.text
	.global el1_call
el1_call:
	stp	x29, x30, [sp, #-96]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	adr	x9, saved_sp
	mov	x10, sp
	str	x10, [x9]
	msr	sp_el1, x2
	adr	x10, el1_entry
	msr	elr_el2, x10
	mov	x10, #0x3c5		/* EL1h, D, A, I, F masked */
	msr	spsr_el2, x10
	mov	x9, x0
	mov	x0, x1
	eret

el1_entry:
	blr	x9
	hvc	#0

el1_return:
	adr	x9, saved_sp
	ldr	x10, [x9]
	mov	sp, x10
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret

/* EL2 vectors: only the HVC from EL1 (lower EL, AArch64, synchronous) is
 * expected; anything else stops the test (it then times out, failing). */
	.balign 2048
	.global el2_vectors
el2_vectors:
	.rept 8
	.balign 128
	b	.
	.endr
	.balign 128
	b	el1_return
	.rept 7
	.balign 128
	b	.
	.endr

	.data
	.balign 8
saved_sp:
	.quad 0
