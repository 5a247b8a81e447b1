/* SPDX-License-Identifier: MIT */
/*
 * GICv2 CPU interface driver (GICC_*), inline over gicv2/gicc.h.
 *
 * A hypervisor that forwards physical interrupts to guests through
 * hardware-linked list registers runs the interface with EOImode = 1
 * (split priority drop and deactivation): it acknowledges (IAR), drops the
 * priority at once (EOIR), and leaves the deactivation to the guest, whose
 * GICV_DIR/EOIR write on the linked virtual interrupt deactivates the
 * physical one.  Interrupts the hypervisor handles itself are deactivated
 * with gicc_deactivate() (DIR).
 *
 * GICC_CTLR bit 9 is EOImodeS on a GIC without the Security Extensions
 * (QEMU virt without EL3) and EOImodeNS in the Non-secure copy of one with
 * them: the same bit for a Non-secure hypervisor either way.
 * Reference: ARM IHI 0048B.b, 4.4.
 */
#ifndef GICV2_CPU_INTERFACE_H
#define GICV2_CPU_INTERFACE_H

/* C declarations only: the header can be included from assembly too. */
#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stdint.h>

#include "gicv2/gicc.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GICC_SPURIOUS_INTID 1023u

/*
 * Enables this CPU's interface: both groups signalled as IRQ, every
 * priority unmasked, binary point 0, and EOImode split when `eoi_split`.
 */
static inline void gicc_init(uintptr_t base, bool eoi_split)
{
	uint32_t ctlr = GICC_CTLR_ENABLEGRP0_MASK | GICC_CTLR_ENABLEGRP1_MASK;

	if (eoi_split)
		ctlr |= GICC_CTLR_EOIMODES_MASK; /* == NS_EOIMODENS in the NS copy */
	gicc_ctlr_write(base, 0);
	gicc_pmr_write(base, GICC_PMR_PRIORITY_MASK);
	gicc_bpr_write(base, 0);
	gicc_ctlr_write(base, ctlr);
}

static inline void gicc_disable(uintptr_t base)
{
	gicc_ctlr_write(base, 0);
}

static inline bool gicc_eoi_split(uintptr_t base)
{
	return gicc_ctlr_eoimodes_get(gicc_ctlr_read(base)) != 0;
}

static inline void gicc_set_priority_mask(uintptr_t base, uint8_t pmr)
{
	gicc_pmr_write(base, pmr);
}

/* Acknowledges the highest priority pending interrupt: the full IAR value. */
static inline uint32_t gicc_ack(uintptr_t base)
{
	return gicc_iar_read(base);
}

/* The interrupt ID of an IAR value (1023: spurious). */
static inline uint32_t gicc_iar_intid(uint32_t iar)
{
	return gicc_iar_interruptid_get(iar);
}

/* SGIs: the requesting CPU in an IAR value. */
static inline uint32_t gicc_iar_cpuid(uint32_t iar)
{
	return gicc_iar_cpuid_get(iar);
}

/* Priority drop (and deactivation too when EOImode is 0).  Pass the IAR value. */
static inline void gicc_eoi(uintptr_t base, uint32_t iar)
{
	gicc_eoir_write(base, iar);
}

/* Deactivation when EOImode is 1.  Pass the IAR value. */
static inline void gicc_deactivate(uintptr_t base, uint32_t iar)
{
	gicc_dir_write(base, iar);
}

static inline uint8_t gicc_running_priority(uintptr_t base)
{
	return (uint8_t)gicc_rpr_priority_get(gicc_rpr_read(base));
}

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */

#endif /* GICV2_CPU_INTERFACE_H */
