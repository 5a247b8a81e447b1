/* SPDX-License-Identifier: MIT */
/*
 * Entry (EL1h, MMU off) and EL1 vector table of every test guest: the
 * one-vCPU guests of guests/common (the defaults below) and the multi-vCPU
 * guests of guests/smpcommon (smp_start.S sets the options and includes this
 * file).
 *
 * Options, 0 or 1:
 *   GUEST_SMP            one stack per CPU below __stacks_top, chosen by
 *                        MPIDR_EL1.Aff0 (the CPU number on this board), and a
 *                        second entry, smp_secondary_entry, for the CPUs
 *                        started with PSCI CPU_ON (context id in x0), which
 *                        calls smp_secondary_boot(ctx).  Otherwise a single
 *                        stack below __stack_top, and x0..x3 at entry are kept
 *                        in guest_boot_args.  guest_main's result goes to
 *                        guest_exit(status), or to psci_system_off() with
 *                        GUEST_SMP.
 *   GUEST_FRAME_SYNDROME ESR_EL1 and FAR_EL1 saved in the exception frame
 *                        (struct guest_frame, 36 words); without it the frame
 *                        is 34 words (x0..x30, ELR_EL1, SPSR_EL1) and the
 *                        handler reads the syndrome registers itself.
 *   GUEST_NESTED_IRQ     the C handler may unmask IRQs (nested interrupts):
 *                        they are masked again before the frame is restored.
 */
#ifndef GUEST_SMP
#define GUEST_SMP 0
#endif
#ifndef GUEST_FRAME_SYNDROME
#define GUEST_FRAME_SYNDROME 1
#endif
#ifndef GUEST_NESTED_IRQ
#define GUEST_NESTED_IRQ 0
#endif

#if GUEST_FRAME_SYNDROME
#define FRAME_SIZE (36 * 8)
#else
#define FRAME_SIZE (34 * 8)
#endif
#define STACK_SIZE 0x4000 /* per CPU: GUEST_SMP, or guest_secondary_entry */

/* sp = \top - (MPIDR_EL1.Aff0 - \first) * STACK_SIZE, for Aff0 \first up
 * to \first + \count - 1; any other CPU branches to \fail.  Clobbers x0..x2. */
.macro cpu_stack top, first, count, fail
	mrs	x0, mpidr_el1
	and	x0, x0, #0xff
	.if \first
	sub	x0, x0, #\first
	.endif
	cmp	x0, #\count
	b.hs	\fail
	ldr	x1, =\top
	mov	x2, #STACK_SIZE
	msub	x1, x0, x2, x1
	mov	sp, x1
.endm

	.section .text.start, "ax"
	.global _start
_start:
#if !GUEST_SMP
	mov	x19, x0			/* boot arguments, kept for guest_boot_args */
	mov	x20, x1
	mov	x21, x2
	mov	x22, x3
#endif
	bl	cpu_setup
	ldr	x0, =__bss_start
	ldr	x1, =__bss_end
1:	cmp	x0, x1
	b.hs	2f
	str	xzr, [x0], #8
	b	1b
2:
#if !GUEST_SMP
	ldr	x0, =guest_boot_args
	stp	x19, x20, [x0]
	stp	x21, x22, [x0, #16]
#endif
	bl	guest_main
#if GUEST_SMP
	bl	psci_system_off
#else
	bl	guest_exit
#endif
3:	wfi
	b	3b

#if GUEST_SMP
	.global smp_secondary_entry
smp_secondary_entry:
	mov	x19, x0			/* context id */
	bl	cpu_setup
	mov	x0, x19
	bl	smp_secondary_boot
4:	wfi
	b	4b
#endif

#if !GUEST_SMP
/* Another vCPU (PSCI CPU_ON, context id in x0), MPIDR_EL1.Aff0 n = 1..3:
 * cpu_setup, then its own stack (cpu_setup's uses none), n - 1 stacks below
 * __stack1_top, and guest_secondary_main(ctx).  Any other n waits here. */
	.global guest_secondary_entry
guest_secondary_entry:
	mov	x19, x0
	bl	cpu_setup
	cpu_stack __stack1_top, 1, 3, 6f
	mov	x0, x19
	bl	guest_secondary_main
6:	wfi
	b	6b
#endif

/* DAIF masked, sp = this CPU's stack, VBAR_EL1, FP/SIMD enabled.
 * Clobbers x0..x2 only; returns with lr intact. */
cpu_setup:
	msr	daifset, #0xf
#if GUEST_SMP
	cpu_stack __stacks_top, 0, 8, 5f
#else
	ldr	x0, =__stack_top
	mov	sp, x0
#endif
	ldr	x0, =guest_vectors
	msr	vbar_el1, x0
	mov	x0, #(3 << 20)		/* CPACR_EL1.FPEN: FP/SIMD at EL1 and EL0 */
	msr	cpacr_el1, x0
	isb
	ret
#if GUEST_SMP
5:	wfi				/* no stack for this CPU */
	b	5b
#endif

/*
 * Each slot saves x0..x30, ELR_EL1 and SPSR_EL1 (and ESR_EL1, FAR_EL1 with
 * GUEST_FRAME_SYNDROME) in a frame on the stack and calls
 * guest_exception(slot, frame); on return it restores the (possibly changed)
 * registers and ELR/SPSR.  Slots: 0-3 current EL with SP_EL0, 4-7 current EL
 * with SP_ELx, 8-11 lower EL AArch64, 12-15 lower EL AArch32; in each group
 * sync, IRQ, FIQ, SError.
 */
.macro slot num
	.balign 0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x0, #\num
	b	vec_common
.endm

	.text
	.balign 0x800
	.global guest_vectors
guest_vectors:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	slot	\n
	.endr

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
#if GUEST_FRAME_SYNDROME
	mrs	x2, esr_el1
	stp	x1, x2, [sp, #256]
	mrs	x1, far_el1
	str	x1, [sp, #272]
#else
	str	x1, [sp, #256]
#endif
	mov	x1, sp
	bl	guest_exception
#if GUEST_NESTED_IRQ
	msr	daifset, #2		/* the handler may have unmasked IRQs */
#endif
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
	add	sp, sp, #FRAME_SIZE
	eret
