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

/* The EL0 part: a load from an unmapped IPA, then back to EL1. */
	.global el0_unmapped_load
el0_unmapped_load:
	mov	x0, #0x0c000000
	.global el0_unmapped_load_insn
el0_unmapped_load_insn:
	ldr	x1, [x0, #16]
	svc	#0
1:	b	1b

