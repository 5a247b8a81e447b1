/* SPDX-License-Identifier: MIT */
/*
 * Multi-vCPU guest entry and EL1 vector table.
 *
 * CPU 0 enters at _start (the base of guest RAM, EL1h, MMU off); the other
 * CPUs are started with PSCI CPU_ON at smp_secondary_entry with the context
 * id in x0.  Each CPU takes its stack from MPIDR_EL1.Aff0 (the CPU number on
 * this board), so no shared state is needed before C runs.
 */
#define STACK_SIZE 0x4000

	.section .text.start, "ax"
	.global _start
_start:
	bl	cpu_setup
	ldr	x0, =__bss_start
	ldr	x1, =__bss_end
1:	cmp	x0, x1
	b.hs	2f
	str	xzr, [x0], #8
	b	1b
2:	bl	smp_main
	bl	psci_system_off
3:	wfi
	b	3b

	.text
	.global smp_secondary_entry
smp_secondary_entry:
	mov	x19, x0			/* context id */
	bl	cpu_setup
	mov	x0, x19
	bl	smp_secondary_boot
4:	wfi
	b	4b

/* sp = this CPU's stack, VBAR_EL1, FP/SIMD enabled, DAIF masked.
 * Clobbers x0..x2 only; returns with lr intact. */
cpu_setup:
	msr	daifset, #0xf
	mrs	x0, mpidr_el1
	and	x0, x0, #0xff
	cmp	x0, #8
	b.hs	5f
	ldr	x1, =__stacks_top
	mov	x2, #STACK_SIZE
	msub	x1, x0, x2, x1
	mov	sp, x1
	ldr	x0, =smp_vectors
	msr	vbar_el1, x0
	mov	x0, #(3 << 20)		/* CPACR_EL1.FPEN */
	msr	cpacr_el1, x0
	isb
	ret
5:	wfi				/* no stack for this CPU */
	b	5b

/*
 * Each used slot saves x0..x30, ELR_EL1 and SPSR_EL1 in a 34-word frame on
 * the stack and calls smp_exception(kind, frame); the frame (ELR/SPSR
 * included) is restored on return.  The IRQ handler may unmask IRQs in C
 * (nested interrupts) since ELR/SPSR are in the frame; it masks them again
 * before it returns.
 */
.macro slot kind
	.balign 0x80
	sub	sp, sp, #(34 * 8)
	stp	x0, x1, [sp, #0]
	mov	x0, #\kind
	b	vec_common
.endm

	.balign 0x800
	.global smp_vectors
smp_vectors:
	slot 0		/* current EL, SP_EL0: sync */
	slot 1		/* IRQ */
	slot 2		/* FIQ */
	slot 3		/* SError */
	slot 4		/* current EL, SP_ELx: sync */
	slot 5		/* IRQ */
	slot 6		/* FIQ */
	slot 7		/* SError */
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
	str	x1, [sp, #256]
	mov	x1, sp
	bl	smp_exception
	msr	daifset, #2		/* the handler may have unmasked IRQs */
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
	add	sp, sp, #(34 * 8)
	eret
