/* SPDX-License-Identifier: MIT */
/*
 * The generated constants evaluated by the assembler: every header is
 * included from a .S file and a few values, typed in from the ARM documents,
 * are checked at assembly time (.error on a mismatch), then used as
 * instruction operands.
 */
#include <aarch64_sysreg/sysregs.h>
#include <gicv2/gicv2_regs.h>
#include <reggen.h>

.macro expect value, want
.if (\value) != (\want)
.error "generated constant differs from the ARM documents"
.endif
.endm

	expect HCR_EL2_IMO_MASK, 0x10
	expect HCR_EL2_RES0, 0xc000000000
	expect HCR_EL2_TWEDEL_SHIFT, 60
	expect REG_FIELD_PREP(HCR_EL2_TWEDEL, 3), 0x3000000000000000
	expect REG_FIELD_GET(CURRENTEL_EL, 0x8), CURRENTEL_EL_EL2
	expect SPSR_EL2_M_EL1H, 5
	expect ESR_EL2_EC_HVC64, 0x16
	expect PMEVTYPER_EL0_ENC(9), (3 << 14) | (3 << 11) | (14 << 7) | (13 << 3) | 1
	expect DBGBVR_EL1_ENC(15), (2 << 14) | (15 << 3) | 4
	expect GICD_ISENABLER_OFFSET(2), 0x108
	expect GICH_LR_OFFSET(3), 0x10c
	expect GICD_ICFGR_RES0, 0x55555555
	expect VTCR_EL2_RES1, 0x80000000

	.text
	.global asm_consts_use
asm_consts_use:
	mov	x0, #HCR_EL2_IMO_MASK
	tst	x0, #SPSR_EL2_M4_MASK
	ubfx	x1, x0, #CURRENTEL_EL_SHIFT, #CURRENTEL_EL_WIDTH
	ret
