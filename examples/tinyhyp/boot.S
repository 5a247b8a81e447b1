/* SPDX-License-Identifier: MIT */
/*
 * tinyhyp's entry: QEMU starts the boot CPU here (the ELF entry) at EL2,
 * interrupts masked, MMU off, when the board has virtualization=on and no
 * EL3 firmware.  A stack, a zeroed .bss, then C.  The guest's image is
 * built in (TINYHYP_GUEST_BIN: the guest's flat binary).
 */
#include <aarch64_sysreg/special.h>

#include "c_env.h"

	.section .text.boot, "ax"
	.global _start
_start:
	mrs	x0, CurrentEL
	ubfx	x0, x0, #CURRENTEL_EL_SHIFT, #CURRENTEL_EL_WIDTH
	cmp	x0, #CURRENTEL_EL_EL2
	b.ne	halt			/* not a hypervisor's board */
	c_env
	bl	tinyhyp_main
halt:	wfi
	b	halt

	.section .rodata.guest, "a"
	.balign 16
	.global guest_image, guest_image_end
guest_image:
	.incbin TINYHYP_GUEST_BIN
guest_image_end:
