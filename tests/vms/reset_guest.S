// SPDX-License-Identifier: MIT
// tests/vms/run.py's reset guest: a raw image entered at its first byte
// (IPA 0x40000000), MMU off.  A word of its image starts at 0: it prints
// "pristine" and sets the word, then calls PSCI SYSTEM_RESET.  minihyp
// restarts the VM from a copy of its image taken at boot, so every boot
// finds the word 0 again; a boot that finds it set prints "NOT PRISTINE"
// and powers its VM off.
	.section .text
	.global _start
_start:
	mov	x1, #0x09000000		// the VM's emulated PL011 (UARTDR)
	adr	x2, flag
	ldr	w3, [x2]
	cbnz	w3, dirty
	mov	w3, #1
	str	w3, [x2]
	adr	x4, msg_pristine
	bl	puts
	movz	w0, #0x0009
	movk	w0, #0x8400, lsl #16	// PSCI 0.2 SYSTEM_RESET
	hvc	#0
	b	.
dirty:
	adr	x4, msg_dirty
	bl	puts
	movz	w0, #0x0008
	movk	w0, #0x8400, lsl #16	// PSCI 0.2 SYSTEM_OFF
	hvc	#0
	b	.

puts:	ldrb	w5, [x4], #1
	cbz	w5, 1f
	str	w5, [x1]
	b	puts
1:	ret

	.balign	4
flag:	.word	0
msg_pristine:
	.asciz	"reset guest: pristine\n"
msg_dirty:
	.asciz	"reset guest: NOT PRISTINE\n"
