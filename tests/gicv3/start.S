/* SPDX-License-Identifier: MIT */
/* Entry of the GICv3 driver test: QEMU starts the boot CPU here at EL2
 * (virtualization=on, no EL3), interrupts masked.  The test polls the CPU
 * interface, so no vector table is needed. */
	.section .text.start, "ax"
	.global _start
_start:
	ldr	x0, =__stack_top
	mov	sp, x0
	ldr	x0, =__bss_start
	ldr	x1, =__bss_end
1:	cmp	x0, x1
	b.hs	2f
	str	xzr, [x0], #8
	b	1b
2:	bl	main
3:	wfi
	b	3b
