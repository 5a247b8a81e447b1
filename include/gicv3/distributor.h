/* SPDX-License-Identifier: MIT */
/*
 * GICv3 Distributor driver, with affinity routing (ARE = 1): inline
 * operations over the generated accessors of gicv3/gicd.h.
 *
 * With affinity routing the distributor holds the SPIs only (INTIDs 32 to
 * 1019); each PE's SGIs and PPIs are in its redistributor
 * (gicv3/redistributor.h).  The driver runs Non-secure (a hypervisor at
 * EL2): GICD_CTLR bits 4 and 1 are then ARE_NS and EnableGrp1A in the
 * Non-secure view of a GIC with two Security states, and ARE and EnableGrp1
 * in the only view of a GIC with one (DS = 1, QEMU's virt without EL3), so
 * the same writes serve both.  Interrupts are Non-secure Group 1.
 * Per-INTID writes that are read-modify-write (ICFGR, IGROUPR) are not
 * atomic: callers serialise.
 * Reference: ARM IHI 0069H.b, 12.9.
 */
#ifndef GICV3_DISTRIBUTOR_H
#define GICV3_DISTRIBUTOR_H

/* C declarations only: the header can be included from assembly too. */
#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stdint.h>

#include "gicv3/gicd.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GICV3_NR_SGIS	       16u
#define GICV3_NR_PRIVATE       32u   /* SGIs and PPIs: in each PE's redistributor */
#define GICV3_MAX_INTID	       1020u /* SPIs end at 1019; 1020-1023 are special */
#define GICV3_SPURIOUS	       1023u
#define GICV3_DEFAULT_PRIORITY 0xa0u
/* Bound on polls of a write-pending bit (RWP, ChildrenAsleep): a GIC that
 * never completes must not hang its caller. */
#define GICV3_POLL_LIMIT 1000000u

/* CTLR bits a Non-secure writer sets, the same in the NS and DS = 1 views. */
#define GICD3_CTLR_NS_ARE_MASK	     GICD3_CTLR_NS_ARE_NS_MASK	    /* == ARE_S, ARE (DS = 1) */
#define GICD3_CTLR_NS_ENABLE_G1_MASK GICD3_CTLR_NS_ENABLEGRP1A_MASK /* == ENABLEGRP1NS */

/* Interrupt lines of the distributor: 32 * (ITLinesNumber + 1), at most 1020. */
static inline unsigned int gicd3_nr_irqs(uintptr_t base)
{
	unsigned int n = 32u * (gicd3_typer_itlinesnumber_get(gicd3_typer_read(base)) + 1u);

	return n > GICV3_MAX_INTID ? GICV3_MAX_INTID : n;
}

/* Waits until writes to CTLR and ICENABLER have taken effect; false on timeout. */
static inline bool gicd3_wait_rwp(uintptr_t base)
{
	unsigned int i;

	for (i = 0; i < GICV3_POLL_LIMIT; i++)
		if (!gicd3_ctlr_rwp_get(gicd3_ctlr_read(base)))
			return true;
	return false;
}

static inline bool gicd3_is_spi(uint32_t intid)
{
	return intid >= GICV3_NR_PRIVATE && intid < GICV3_MAX_INTID;
}

/*
 * The Aff3.Aff2.Aff1.Aff0 of an MPIDR_EL1 value in IROUTER's layout (Aff3
 * at bits [39:32]), routing mode "this PE".
 */
static inline uint64_t gicd3_irouter_from_mpidr(uint64_t mpidr)
{
	uint64_t v = 0;

	v = gicd3_irouter_aff0_set(v, (mpidr >> 0) & 0xffu);
	v = gicd3_irouter_aff1_set(v, (mpidr >> 8) & 0xffu);
	v = gicd3_irouter_aff2_set(v, (mpidr >> 16) & 0xffu);
	v = gicd3_irouter_aff3_set(v, (mpidr >> 32) & 0xffu);
	return v;
}

/* The SPI-only operations below ignore INTIDs that are not SPIs. */
static inline void gicd3_irq_enable(uintptr_t base, uint32_t intid)
{
	if (gicd3_is_spi(intid))
		gicd3_isenabler_write_intid(base, intid);
}

/* Disables an SPI; the disable has taken effect when gicd3_wait_rwp() returns. */
static inline void gicd3_irq_disable(uintptr_t base, uint32_t intid)
{
	if (gicd3_is_spi(intid))
		gicd3_icenabler_write_intid(base, intid);
}

static inline bool gicd3_irq_is_enabled(uintptr_t base, uint32_t intid)
{
	return gicd3_is_spi(intid) && gicd3_isenabler_read_intid(base, intid) != 0;
}

static inline void gicd3_irq_set_pending(uintptr_t base, uint32_t intid)
{
	if (gicd3_is_spi(intid))
		gicd3_ispendr_write_intid(base, intid);
}

static inline void gicd3_irq_clear_pending(uintptr_t base, uint32_t intid)
{
	if (gicd3_is_spi(intid))
		gicd3_icpendr_write_intid(base, intid);
}

static inline bool gicd3_irq_is_pending(uintptr_t base, uint32_t intid)
{
	return gicd3_is_spi(intid) && gicd3_ispendr_read_intid(base, intid) != 0;
}

static inline bool gicd3_irq_is_active(uintptr_t base, uint32_t intid)
{
	return gicd3_is_spi(intid) && gicd3_isactiver_read_intid(base, intid) != 0;
}

static inline void gicd3_irq_clear_active(uintptr_t base, uint32_t intid)
{
	if (gicd3_is_spi(intid))
		gicd3_icactiver_write_intid(base, intid);
}

static inline void gicd3_irq_set_priority(uintptr_t base, uint32_t intid, uint8_t prio)
{
	if (gicd3_is_spi(intid))
		gicd3_ipriorityr_write_intid(base, intid, prio);
}

static inline uint8_t gicd3_irq_priority(uintptr_t base, uint32_t intid)
{
	return gicd3_is_spi(intid) ? (uint8_t)gicd3_ipriorityr_read_intid(base, intid) : 0;
}

/* Edge-triggered (true) or level-sensitive (false). */
static inline void gicd3_irq_set_config(uintptr_t base, uint32_t intid, bool edge)
{
	uint32_t slot;

	if (!gicd3_is_spi(intid))
		return;
	slot = gicd3_icfgr_read_intid(base, intid);
	slot = gicd3_icfgr_int_config_set(slot, edge ? GICD3_ICFGR_INT_CONFIG_EDGE
						     : GICD3_ICFGR_INT_CONFIG_LEVEL);
	gicd3_icfgr_write_intid(base, intid, slot);
}

static inline bool gicd3_irq_is_edge(uintptr_t base, uint32_t intid)
{
	return gicd3_is_spi(intid) &&
	       gicd3_icfgr_int_config_get(gicd3_icfgr_read_intid(base, intid)) ==
		       GICD3_ICFGR_INT_CONFIG_EDGE;
}

/* Non-secure Group 1 (IGROUPR = 1, IGRPMODR = 0), or Group 0. */
static inline void gicd3_irq_set_group1ns(uintptr_t base, uint32_t intid, bool group1ns)
{
	if (!gicd3_is_spi(intid))
		return;
	gicd3_igroupr_write_intid(base, intid, group1ns ? 1u : 0u);
	gicd3_igrpmodr_write_intid(base, intid, 0u);
}

/* Routes an SPI to the PE with affinity `mpidr` (MPIDR_EL1 layout). */
static inline void gicd3_irq_route(uintptr_t base, uint32_t intid, uint64_t mpidr)
{
	if (gicd3_is_spi(intid))
		gicd3_irouter_write_intid(base, intid, gicd3_irouter_from_mpidr(mpidr));
}

static inline uint64_t gicd3_irq_routing(uintptr_t base, uint32_t intid)
{
	return gicd3_is_spi(intid) ? gicd3_irouter_read_intid(base, intid) : 0;
}

/*
 * Initialises the distributor from the boot PE: forwarding off, then every
 * SPI disabled, not pending, inactive, Non-secure Group 1, level-sensitive,
 * default priority, routed to the PE `boot_mpidr`; then affinity routing
 * and Group 1 forwarding on.  ARE is written alone, while every group is
 * disabled, and the group enable after it (as Linux does): ARE never changes
 * with a group enabled.  Returns the number of interrupt lines, or 0 if the
 * distributor never completed a write (RWP stuck).
 */
static inline unsigned int gicd3_init(uintptr_t base, uint64_t boot_mpidr)
{
	unsigned int intid, n = gicd3_nr_irqs(base);

	gicd3_ctlr_write(base, 0);
	if (!gicd3_wait_rwp(base))
		return 0;
	gicd3_ctlr_write(base, GICD3_CTLR_NS_ARE_MASK);
	if (!gicd3_wait_rwp(base))
		return 0;
	for (intid = GICV3_NR_PRIVATE; intid < n; intid++) {
		gicd3_irq_disable(base, intid);
		gicd3_irq_clear_pending(base, intid);
		gicd3_irq_clear_active(base, intid);
		gicd3_irq_set_group1ns(base, intid, true);
		gicd3_irq_set_config(base, intid, false);
		gicd3_irq_set_priority(base, intid, GICV3_DEFAULT_PRIORITY);
		gicd3_irq_route(base, intid, boot_mpidr);
	}
	if (!gicd3_wait_rwp(base))
		return 0;
	gicd3_ctlr_write(base, GICD3_CTLR_NS_ARE_MASK | GICD3_CTLR_NS_ENABLE_G1_MASK);
	if (!gicd3_wait_rwp(base))
		return 0;
	return n;
}

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */
#endif
