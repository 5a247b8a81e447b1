/* SPDX-License-Identifier: MIT */
/* Register-level checks of the test guest. */

/*
 * unsigned fp_fill(uint64_t seed): v0..v31 = seed + 2n, seed + 2n + 1 (low,
 * high halves of vn); FPCR.RMode = 0b11 (towards zero).
 */
	.text
	.global fp_fill
fp_fill:
	mov	x1, x0
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	add	x2, x1, #1
	fmov	d\n, x1
	mov	v\n\().d[1], x2
	add	x1, x1, #2
	.endr
	mov	x2, #(3 << 22)
	msr	fpcr, x2
	ret

/*
 * uint64_t fp_check(uint64_t seed): bit n set when vn differs from what
 * fp_fill(seed) left; bit 32 when FPCR differs.  Restores FPCR to 0.
 */
	.global fp_check
fp_check:
	mov	x1, x0
	mov	x0, #0
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fmov	x2, d\n
	mov	x3, v\n\().d[1]
	add	x4, x1, #1
	cmp	x2, x1
	ccmp	x3, x4, #0, eq
	b.eq	1f
	orr	x0, x0, #(1 << \n)
1:	add	x1, x1, #2
	.endr
	mrs	x2, fpcr
	cmp	x2, #(3 << 22)
	b.eq	2f
	orr	x0, x0, #(1 << 32)
2:	msr	fpcr, xzr
	ret

/*
 * uint64_t hvc_preserves(uint64_t fid): loads x1..x30 (but x29/x30, kept
 * for the frame) with patterns, does HVC #0 with x0 = fid, and returns a
 * mask of the registers x1..x28 that came back changed (bit n = xn).
 */
	.global hvc_preserves
hvc_preserves:
	stp	x29, x30, [sp, #-96]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	.irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28
	movz	x\n, #(0x1100 + \n), lsl #48
	movk	x\n, #(0xa500 + \n)
	.endr
	hvc	#0
	mov	x0, #0
	.irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28
	movz	x29, #(0x1100 + \n), lsl #48
	movk	x29, #(0xa500 + \n)
	cmp	x\n, x29
	b.eq	1f
	orr	x0, x0, #(1 << \n)
1:
	.endr
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret

/*
 * void run_at_el0(void (*fn)(void)): runs fn at EL0 (EL0t, MMU off, on a
 * stack of its own) until it executes SVC #0; the guest's exception handler
 * then resumes EL1 at el0_return (guest_el0_return()).  Callee-saved
 * registers and SP are kept in el0_saved.
 */
	.global run_at_el0
run_at_el0:
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
	mov	x10, #0x3c0		/* EL0t, DAIF masked */
	msr	spsr_el1, x10
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

/* The EL0 part: a load from an unmapped IPA, then back to EL1. */
	.global el0_unmapped_load
el0_unmapped_load:
	mov	x0, #0x0c000000
	.global el0_unmapped_load_insn
el0_unmapped_load_insn:
	ldr	x1, [x0, #16]
	svc	#0
1:	b	1b

	.bss
	.balign 16
el0_saved:
	.skip 112
	.balign 16
el0_stack:
	.skip 4096
el0_stack_top:
