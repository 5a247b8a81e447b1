/* SPDX-License-Identifier: MIT */
/* The adversarial guest's instruction-level pieces. */
	.arch_extension lse		/* LSE atomics; run only when present */

/*
 * void step_over(uint64_t *out, uintptr_t addr, unsigned kind): software
 * step (MDSCR_EL1.SS, KDE; PSTATE.D clear) of one instruction that traps to
 * the hypervisor and is emulated: kind 0 an MMIO load from addr (emulated
 * device), kind 1 an ID register read (TID3).  The step exception is taken
 * at step_vectors; out[0] = what the instruction loaded, out[1] = ELR_EL1
 * of the step exception, out[2] = ESR_EL1, out[3] = the address of the
 * stepped instruction.
 */
	.text
	.global step_over
step_over:
	mrs	x9, vbar_el1
	adr	x10, step_vectors
	msr	vbar_el1, x10
	msr	oslar_el1, xzr			/* OS lock off: debug exceptions on */
	mov	x10, #((1 << 13) | 1)		/* MDSCR_EL1.KDE | SS */
	msr	mdscr_el1, x10
	adr	x10, 1f
	adr	x11, 2f
	cmp	w2, #0
	csel	x10, x10, x11, eq
	str	x10, [x0, #24]
	msr	elr_el1, x10
	mov	x10, #0x1c5			/* EL1h, A I F masked, D clear */
	orr	x10, x10, #(1 << 21)		/* SS */
	msr	spsr_el1, x10
	mov	x3, #0
	isb
	eret
1:	ldr	x3, [x1]			/* stepped: trapped, emulated */
	nop
	nop
	b	.
2:	mrs	x3, id_aa64mmfr0_el1		/* stepped: trapped (TID3) */
	nop
	nop
	b	.

	.balign	0x800
step_vectors:
	.rept	4				/* current EL, SP_EL0: never */
	.balign	0x80
	b	.
	.endr
	.balign	0x80				/* current EL, SP_ELx, sync */
	msr	mdscr_el1, xzr
	mrs	x10, elr_el1
	mrs	x11, esr_el1
	msr	vbar_el1, x9
	isb
	str	x3, [x0]
	stp	x10, x11, [x0, #8]
	ret					/* DAIF masked, as before */
	.rept	11
	.balign	0x80
	b	.
	.endr

/*
 * T32 code run at AArch32 EL0 (run_at_el0_spsr, R0 = an emulated device
 * register): inside an IT block, a 16-bit load that traps and is emulated,
 * then the block's "else" instruction.  ARM ARM: MOVNE must not execute
 * (Z is set), so R3 stays 0; an emulation that moves the PC without
 * advancing ITSTATE runs it with the condition of the first slot (EQ).
 */
	.balign	4
	.global	t32_it_block
t32_it_block:
	.hword	0x2200		/* movs	r2, #0 */
	.hword	0x2a00		/* cmp	r2, #0: Z = 1 */
	.hword	0xbf0c		/* ite	eq */
	.hword	0x6801		/* ldreq r1, [r0]: trapped */
	.hword	0x2301		/* movne r3, #1: skipped */
	.hword	0xdf00		/* svc	#0 */
	.hword	0xe7fe		/* b	. */
	.hword	0xbf00		/* nop */

/* Loads and stores of every form to addr; each faults (the handler skips
 * it).  x0 = addr.  Called with an expected exception each. */
	.global	ls_ldr_post, ls_ldr_pre, ls_ldp, ls_stp, ls_ldxr, ls_stxr, ls_ldar
	.global ls_stlr, ls_ldr_q, ls_ld1, ls_st1, ls_ldadd, ls_swp, ls_cas, ls_dczva
	.global	ls_ldtr, ls_ldnp
ls_ldr_post:
	mov	x1, x0
	ldr	x2, [x1], #16
	sub	x0, x1, x0		/* 0: the base is not written back */
	ret
ls_ldr_pre:
	mov	x1, x0
	ldr	x2, [x1, #16]!
	sub	x0, x1, x0
	ret
ls_ldp:
	ldp	x1, x2, [x0]
	ret
ls_stp:
	stp	xzr, xzr, [x0]
	ret
ls_ldnp:
	ldnp	x1, x2, [x0]
	ret
ls_ldxr:
	ldxr	x1, [x0]
	ret
ls_stxr:
	stxr	w1, xzr, [x0]
	mov	w0, w1			/* 1: failed, nothing stored */
	ret
ls_ldar:
	ldar	x1, [x0]
	ret
ls_stlr:
	stlr	xzr, [x0]
	ret
ls_ldtr:
	ldtr	x1, [x0]
	ret
ls_ldr_q:
	ldr	q0, [x0]
	ret
ls_ld1:
	ld1	{v0.16b, v1.16b}, [x0]
	ret
ls_st1:
	st1	{v0.2d}, [x0]
	ret
ls_ldadd:
	ldadd	x1, x2, [x0]
	ret
ls_swp:
	swp	x1, x2, [x0]
	ret
ls_cas:
	cas	x1, x2, [x0]
	ret
ls_dczva:
	dc	zva, x0
	ret

/* The ID register space (op0 3, op1 0, CRn 0, CRm 1..7, op2 0..7): each
 * read into out[i], 56 in all. */
	.global	read_id_space
read_id_space:
	.irp	crm, 1, 2, 3, 4, 5, 6, 7
	.irp	op2, 0, 1, 2, 3, 4, 5, 6, 7
	mrs	x1, s3_0_c0_c\crm\()_\op2
	str	x1, [x0], #8
	.endr
	.endr
	ret
