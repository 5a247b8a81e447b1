/* SPDX-License-Identifier: MIT */
/*
 * tinyhyp: the facts that tinyhyp, its guest and its test share.
 *
 * The board (QEMU virt, virtualization=on, gic-version=2).  tinyhyp stands
 * alone: it includes the library (include/) and nothing of minihyp, so it
 * names the five devices it drives here.  tests/tinyhyp/run.py checks each
 * against QEMU's own device tree before it boots tinyhyp.
 */
#ifndef TINYHYP_H
#define TINYHYP_H

#define TINYHYP_GICD_PA	   0x08000000ul
#define TINYHYP_GICC_PA	   0x08010000ul
#define TINYHYP_GICH_PA	   0x08030000ul
#define TINYHYP_GICV_PA	   0x08040000ul
#define TINYHYP_UART_PA	   0x09000000ul
#define TINYHYP_PPI_MAINT  25u /* GICH maintenance interrupt (DT: PPI 9) */
#define TINYHYP_PPI_VTIMER 27u /* EL1 virtual timer (DT: timer's third PPI, 11) */

/* The guest's board (intermediate physical addresses). */
#define TINYHYP_GUEST_RAM_IPA	0x40000000ul
#define TINYHYP_GUEST_RAM_SIZE	0x00200000ul /* one 2 MiB stage-2 block */
#define TINYHYP_GUEST_GICD_IPA	0x08000000ul /* unmapped: every access traps */
#define TINYHYP_GUEST_GICC_IPA	0x08010000ul /* the GICV frame */
#define TINYHYP_GUEST_GICC_SIZE 0x2000ul
/* Interrupt IDs of the guest's distributor: GICD_TYPER.ITLinesNumber is
 * TINYHYP_GUEST_NR_IRQS / 32 - 1 (IHI 0048B 4.3.2). */
#define TINYHYP_GUEST_NR_IRQS 64u

/*
 * Hypercalls (HVC #0, SMCCC fast calls owned by the vendor hypervisor,
 * function number in bits 15:0): x1 = the argument, x0 = the result.
 */
#define TINYHYP_HC(n)	   SMCCC_FAST_FUNC_ID(1, SMCCC_OWNER_VENDOR_HYP, n)
#define TINYHYP_HC_PUTC	   TINYHYP_HC(0) /* x1: one character of the guest's console */
#define TINYHYP_HC_DONE	   TINYHYP_HC(1) /* x1: how many hypercalls the guest made before */
#define TINYHYP_HC_UNKNOWN TINYHYP_HC(2) /* the first function number tinyhyp does not know */

#endif
