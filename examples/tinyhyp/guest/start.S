/* SPDX-License-Identifier: MIT */
/*
 * tinyhyp's guest: entered at EL1h, MMU off, DAIF masked.  A stack, a
 * zeroed .bss, the vector table, then guest_main().  IRQs from EL1h go to
 * guest_irq(); any other exception to guest_unexpected(slot).
 */
#include "../c_env.h"

	.section .text.start, "ax"
	.global _start
_start:
	c_env
	ldr	x0, =vectors
	msr	vbar_el1, x0
	isb
	bl	guest_main
3:	b	3b

/* The caller-saved registers around a C call (AAPCS64): x0..x18, x29, x30. */
irq_entry:
	stp	x0, x1, [sp, #-176]!
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x29, [sp, #144]
	str	x30, [sp, #160]
	bl	guest_irq
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x29, [sp, #144]
	ldr	x30, [sp, #160]
	ldp	x0, x1, [sp], #176
	eret

.macro slot n
	.balign 0x80
	.if \n == 5		/* current EL with SP_EL1: IRQ */
	b	irq_entry
	.else
	mov	x0, #\n
	b	guest_unexpected
	.endif
.endm

	.balign 0x800
vectors:
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	slot \n
	.endr
