/* SPDX-License-Identifier: MIT */
/*
 * Test-guest entry (EL1h, MMU off, DAIF masked) and EL1 vector table.
 */
	.section .text.start, "ax"
	.global _start
_start:
	mov	x19, x0			/* boot arguments, kept for guest_boot_args */
	mov	x20, x1
	mov	x21, x2
	mov	x22, x3
	ldr	x0, =__stack_top
	mov	sp, x0
	ldr	x0, =guest_vectors
	msr	vbar_el1, x0
	mov	x0, #(3 << 20)		/* CPACR_EL1.FPEN: FP/SIMD at EL1 and EL0 */
	msr	cpacr_el1, x0
	isb
	ldr	x0, =__bss_start
	ldr	x1, =__bss_end
1:	cmp	x0, x1
	b.hs	2f
	str	xzr, [x0], #8
	b	1b
2:	ldr	x0, =guest_boot_args
	stp	x19, x20, [x0]
	stp	x21, x22, [x0, #16]
	bl	guest_main
	bl	guest_exit
3:	b	3b

/*
 * Each slot saves x0..x30, ELR_EL1, SPSR_EL1, ESR_EL1 and FAR_EL1 in a
 * struct guest_frame on the stack and calls guest_exception(slot, frame);
 * on return it restores the (possibly changed) registers and ELR/SPSR.
 */
.macro slot num
	.balign 0x80
	sub	sp, sp, #(36 * 8)
	stp	x0, x1, [sp, #0]
	mov	x0, #\num
	b	vec_common
.endm

	.text
	.balign 0x800
	.global guest_vectors
guest_vectors:
	slot 0
	slot 1
	slot 2
	slot 3
	slot 4
	slot 5
	slot 6
	slot 7
	slot 8
	slot 9
	slot 10
	slot 11
	slot 12
	slot 13
	slot 14
	slot 15

vec_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	mrs	x1, elr_el1
	stp	x30, x1, [sp, #240]
	mrs	x1, spsr_el1
	mrs	x2, esr_el1
	stp	x1, x2, [sp, #256]
	mrs	x1, far_el1
	str	x1, [sp, #272]
	mov	x1, sp
	bl	guest_exception
	ldp	x30, x1, [sp, #240]
	msr	elr_el1, x1
	ldr	x1, [sp, #256]
	msr	spsr_el1, x1
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #(36 * 8)
	eret
