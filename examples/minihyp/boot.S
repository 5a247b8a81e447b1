/* SPDX-License-Identifier: MIT */
/*
 * minihyp entry point.  QEMU starts the boot CPU here (ELF entry) at EL2
 * when the board has virtualization=on and no EL3 firmware; secondary CPUs
 * stay powered off until PSCI CPU_ON.  Anything else: say so and stop.
 */
#include "smp_layout.h"
#include <aarch64_sysreg/special.h>

	.section .text.boot, "ax"
	.global _start
_start:
	ldr	x0, =__stack_top
	mov	sp, x0
	mrs	x0, CurrentEL
	ubfx	x0, x0, #CURRENTEL_EL_SHIFT, #CURRENTEL_EL_WIDTH
	cmp	x0, #CURRENTEL_EL_EL2
	b.ne	not_el2

	/* vectors first, so an early fault is reported */
	ldr	x0, =el2_vectors
	msr	vbar_el2, x0
	isb

	/* clear .bss */
	ldr	x0, =__bss_start
	ldr	x1, =__bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:
	bl	hyp_main
	b	halt

/*
 * Secondary CPUs, started by minihyp with PSCI CPU_ON (QEMU's, over SMC):
 * MMU and caches off, at EL2, x0 = the context id = the CPU's index.  Each
 * has its own stack in secondary_stacks (C, .bss: cleared by the boot CPU
 * before it starts any secondary).
 */
	.global secondary_entry
	.type secondary_entry, %function
secondary_entry:
	ldr	x1, =secondary_stacks
	add	x2, x0, #1
	lsl	x2, x2, #SECONDARY_STACK_SHIFT
	add	x1, x1, x2
	mov	sp, x1
	ldr	x1, =el2_vectors
	msr	vbar_el2, x1
	isb
	bl	secondary_main
	b	halt

not_el2:
	/* x0 = current EL; report it from C (stack is usable at any EL) */
	bl	boot_not_el2
halt:
	wfi
	b	halt
