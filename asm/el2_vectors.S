/* SPDX-License-Identifier: MIT */
/*
 * EL2 exception vector table and guest entry/exit path.
 *
 * Vector table (VBAR_EL2 = el2_vectors, 2 KiB aligned, 16 slots of 0x80):
 *   0x000-0x180  current EL with SP_EL0  -> el2_exception (fatal)
 *   0x200-0x380  current EL with SP_ELx  -> el2_exception (fatal)
 *   0x400-0x580  lower EL, AArch64       -> guest exit (sync/IRQ/FIQ/SError)
 *   0x600-0x780  lower EL, AArch32       -> guest exit (sync/IRQ/FIQ/SError)
 *
 * Guest entry (vcpu_guest_enter, see include/vcpu/context.h) saves the host's
 * callee-saved registers x19..x30 on the EL2 stack, loads ELR_EL2/SPSR_EL2
 * and x0..x30 from the vCPU frame and ERETs.  The exit path stores the
 * guest's x0..x30, ELR_EL2 and SPSR_EL2 into the frame that TPIDR_EL2 points
 * at.  A synchronous exit from AArch64 first calls the early handler of its
 * exception class (include/vcpu/exit_table.h), which may send the guest
 * straight back; otherwise the exit path pops the host registers and returns
 * into C with a VCPU_TRAP_* code or the handler's result.
 * SP_EL2 is left untouched while the guest runs, so the exit path finds
 * the host's frame exactly where the entry left it.
 *
 * An exception taken at EL2 itself saves x0..x30, ELR_EL2, SPSR_EL2,
 * ESR_EL2 and FAR_EL2 on the stack (struct el2_exception_frame, see
 * include/vcpu/vcpu.h) and calls
 *     void el2_exception(unsigned slot, struct el2_exception_frame *f);
 * which the hypervisor provides (it reports and stops that CPU).  Should it
 * return, the CPU parks in a WFI loop.
 */
#include <vcpu/context.h>

#define EL2_FRAME_SIZE (36 * 8)

	.text

/* ------------------------------------------------------------------ */
/* unsigned vcpu_guest_enter(struct vcpu_gpregs *g)                    */
/* ------------------------------------------------------------------ */
	.global vcpu_guest_enter
	.type vcpu_guest_enter, %function
	.balign 16
vcpu_guest_enter:
	stp	x29, x30, [sp, #-96]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	msr	tpidr_el2, x0
/* x0 = the frame: into the guest (also after an early handler resumed it) */
guest_resume:
	ldp	x1, x2, [x0, #VCPU_GPREGS_PC]
	msr	elr_el2, x1
	msr	spsr_el2, x2
	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	ldp	x18, x19, [x0, #144]
	ldp	x20, x21, [x0, #160]
	ldp	x22, x23, [x0, #176]
	ldp	x24, x25, [x0, #192]
	ldp	x26, x27, [x0, #208]
	ldp	x28, x29, [x0, #224]
	ldr	x30, [x0, #240]
	ldp	x0, x1, [x0]
	eret
	dsb	nsh		/* no speculation past ERET */
	isb
	.size vcpu_guest_enter, . - vcpu_guest_enter

/* Into the frame that TPIDR_EL2 points at (left in x0): the guest's x2..x30,
 * its x0/x1 from the stack (the vector slot pushed them), ELR_EL2 and
 * SPSR_EL2.  Uses x2 and x3 only, and leaves SPSR_EL2 in x3. */
.macro save_guest
	mrs	x0, tpidr_el2
	stp	x2, x3, [x0, #16]
	stp	x4, x5, [x0, #32]
	stp	x6, x7, [x0, #48]
	stp	x8, x9, [x0, #64]
	stp	x10, x11, [x0, #80]
	stp	x12, x13, [x0, #96]
	stp	x14, x15, [x0, #112]
	stp	x16, x17, [x0, #128]
	stp	x18, x19, [x0, #144]
	stp	x20, x21, [x0, #160]
	stp	x22, x23, [x0, #176]
	stp	x24, x25, [x0, #192]
	stp	x26, x27, [x0, #208]
	stp	x28, x29, [x0, #224]
	str	x30, [x0, #240]
	ldp	x2, x3, [sp], #16	/* guest x0, x1 */
	stp	x2, x3, [x0]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [x0, #VCPU_GPREGS_PC]
.endm

/*
 * Synchronous exit to this slot: from AArch64, or from AArch32 EL0 (the
 * slot is chosen by the state of EL1, which is AArch64 under HCR_EL2.RW):
 * those, whose syndromes differ and whose PC advance must step ITSTATE,
 * always go to the run loop.  From AArch64: the early handler of the
 * exception class,
 *     unsigned handler(struct vcpu_gpregs *g, uint64_t esr),
 * runs first, on the EL2 stack below the host's saved registers (a plain
 * AAPCS64 call: x19..x28 are preserved for us).  0 (VCPU_EXIT_RESUME): back
 * into the guest without returning to the run loop; anything else is
 * vcpu_guest_enter()'s result.  No table, or no handler for the class:
 * VCPU_TRAP_SYNC.
 */
	.type guest_exit_sync, %function
	.balign 16
guest_exit_sync:
	save_guest
	ldr	x2, [x0, #VCPU_GPREGS_EXITS]
	mrs	x1, esr_el2
	tbnz	w3, #SPSR_EL2_M4_SHIFT, 1f	/* from AArch32 EL0 (x3: SPSR_EL2) */
	cbz	x2, 1f
	ubfx	x3, x1, #ESR_EL2_EC_SHIFT, #ESR_EL2_EC_WIDTH
	ldr	x3, [x2, x3, lsl #3]
	cbz	x3, 1f
	blr	x3
	cbnz	w0, host_return
	mrs	x0, tpidr_el2
	b	guest_resume
1:	mov	w0, #VCPU_TRAP_SYNC
	b	host_return
	.size guest_exit_sync, . - guest_exit_sync

/* Any other exit: x1 holds the VCPU_TRAP_* code. */
	.type guest_exit, %function
	.balign 16
guest_exit:
	save_guest
	mov	x0, x1
host_return:
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret
	.size guest_exit, . - guest_exit

/*
 * Exception taken at EL2: build struct el2_exception_frame on the stack and
 * call el2_exception(slot, frame).
 */
	.type el2_exc_common, %function
	.balign 16
el2_exc_common:
	/* x0/x1 already pushed (16 bytes); x1 = slot */
	sub	sp, sp, #(EL2_FRAME_SIZE - 16)
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
	ldp	x2, x3, [sp, #(EL2_FRAME_SIZE - 16)]	/* original x0, x1 */
	stp	x30, xzr, [sp, #240]
	stp	x2, x3, [sp, #0]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [sp, #256]
	mrs	x2, esr_el2
	mrs	x3, far_el2
	stp	x2, x3, [sp, #272]
	mov	x0, x1
	mov	x1, sp
	bl	el2_exception
1:	wfi
	b	1b
	.size el2_exc_common, . - el2_exc_common

/* ------------------------------------------------------------------ */
/* The table                                                           */
/* ------------------------------------------------------------------ */
.macro el2_slot num
	.balign 0x80
	stp	x0, x1, [sp, #-16]!
	mov	x1, #\num
	b	el2_exc_common
.endm

.macro guest_slot code
	.balign 0x80
	stp	x0, x1, [sp, #-16]!
	mov	x1, #\code
	b	guest_exit
.endm

	.section .text.el2_vectors, "ax"
	.global el2_vectors
	.balign 0x800
el2_vectors:
	el2_slot 0	/* current EL, SP_EL0: sync */
	el2_slot 1	/* IRQ */
	el2_slot 2	/* FIQ */
	el2_slot 3	/* SError */
	el2_slot 4	/* current EL, SP_ELx: sync */
	el2_slot 5	/* IRQ */
	el2_slot 6	/* FIQ */
	el2_slot 7	/* SError */
	.balign 0x80			/* lower EL, AArch64: sync */
	stp	x0, x1, [sp, #-16]!
	b	guest_exit_sync
	guest_slot VCPU_TRAP_IRQ
	guest_slot VCPU_TRAP_FIQ
	guest_slot VCPU_TRAP_SERROR
	guest_slot VCPU_TRAP_SYNC	/* lower EL, AArch32 (EL1 AArch32): no early handlers */
	guest_slot VCPU_TRAP_IRQ
	guest_slot VCPU_TRAP_FIQ
	guest_slot VCPU_TRAP_SERROR
	.balign 0x80
	.size el2_vectors, . - el2_vectors
