/* SPDX-License-Identifier: MIT */
/*
 * The demo guest (guests/hello), built into minihyp as a fallback: when QEMU
 * loaded no guest image, minihyp copies this one into guest RAM and runs it,
 * so that `-kernel minihyp.elf` alone boots something.  DEMO_GUEST_BIN is
 * the path of hello.bin (mk/minihyp.mk).
 */
	.section .rodata.demo_guest, "a"
	.balign 16
	.global demo_guest_start
	.global demo_guest_end
demo_guest_start:
	.incbin DEMO_GUEST_BIN
demo_guest_end:
