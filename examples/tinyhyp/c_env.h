/* SPDX-License-Identifier: MIT */
/*
 * For assembly (boot.S, guest/start.S): what C needs before its first call,
 * a stack and a zeroed .bss, both placed by the linker script
 * (__stack_top, __bss_start, __bss_end; .bss 16-byte aligned).
 */
#ifndef TINYHYP_C_ENV_H
#define TINYHYP_C_ENV_H

#ifdef __ASSEMBLER__
/* clang-format off */
.macro c_env
	ldr	x0, =__stack_top
	mov	sp, x0
	ldr	x0, =__bss_start
	ldr	x1, =__bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:
.endm
/* clang-format on */
#endif

#endif
