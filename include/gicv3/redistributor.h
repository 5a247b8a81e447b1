/* SPDX-License-Identifier: MIT */
/*
 * GICv3 Redistributor driver: inline operations over gicv3/gicr.h.
 *
 * Each PE has a redistributor: an RD_base frame (control, power, LPIs) and
 * an SGI_base frame (its SGIs and PPIs, INTIDs 0-31), 64 KiB each, so 128
 * KiB per PE (256 KiB with GICv4's two VLPI frames, GICR_TYPER.VLPIS).  The
 * redistributors of a region follow each other; GICR_TYPER.Last marks the
 * last one.  `rd` below is one redistributor's RD_base.
 * Reference: ARM IHI 0069H.b, 12.10 and 11.1 (power management).
 */
#ifndef GICV3_REDISTRIBUTOR_H
#define GICV3_REDISTRIBUTOR_H

/* C declarations only: the header can be included from assembly too. */
#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stdint.h>

#include "gicv3/distributor.h"
#include "gicv3/gicr.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GICR_FRAME_SIZE 0x10000u /* one 64 KiB frame */
#define GICR_V3_STRIDE	(2u * GICR_FRAME_SIZE)
#define GICR_V4_STRIDE	(4u * GICR_FRAME_SIZE)

/* Aff3.Aff2.Aff1.Aff0 of an MPIDR_EL1 value, as GICR_TYPER.Affinity_Value. */
static inline uint32_t gicr_affinity_from_mpidr(uint64_t mpidr)
{
	return (uint32_t)(((mpidr >> 32) & 0xffu) << 24 | (mpidr & 0xffffffu));
}

/*
 * The RD_base of the redistributor of the PE `mpidr`, searched in the
 * region [region, region + size); 0 if none serves it.
 */
static inline uintptr_t gicr_find(uintptr_t region, uintptr_t size, uint64_t mpidr)
{
	uint32_t aff = gicr_affinity_from_mpidr(mpidr);
	uintptr_t rd = region;

	while (size - (rd - region) >= GICR_V3_STRIDE) {
		uint64_t typer = gicr_typer_read(rd);

		if (gicr_typer_affinity_value_get(typer) == aff)
			return rd;
		if (gicr_typer_last_get(typer))
			break;
		rd += gicr_typer_vlpis_get(typer) ? GICR_V4_STRIDE : GICR_V3_STRIDE;
	}
	return 0;
}

/* Waits until writes to CTLR and ICENABLER0 have taken effect; false on timeout. */
static inline bool gicr_wait_rwp(uintptr_t rd)
{
	unsigned int i;

	for (i = 0; i < GICV3_POLL_LIMIT; i++)
		if (!gicr_ctlr_rwp_get(gicr_ctlr_read(rd)))
			return true;
	return false;
}

/*
 * Wakes the redistributor: clears WAKER.ProcessorSleep (keeping the
 * IMPLEMENTATION DEFINED bits) and waits until ChildrenAsleep reads 0,
 * after which the PE's interface may be used.  False on timeout.
 */
static inline bool gicr_wake(uintptr_t rd)
{
	unsigned int i;

	gicr_waker_write(rd, gicr_waker_processorsleep_set(gicr_waker_read(rd), 0));
	for (i = 0; i < GICV3_POLL_LIMIT; i++)
		if (!gicr_waker_childrenasleep_get(gicr_waker_read(rd)))
			return true;
	return false;
}

static inline bool gicr_is_private(uint32_t intid)
{
	return intid < GICV3_NR_PRIVATE;
}

/* The operations below ignore INTIDs that are not SGIs or PPIs. */
static inline void gicr_irq_enable(uintptr_t rd, uint32_t intid)
{
	if (gicr_is_private(intid))
		gicr_isenabler0_write_intid(rd, intid);
}

/* Disables an SGI/PPI; the disable has taken effect when gicr_wait_rwp() returns. */
static inline void gicr_irq_disable(uintptr_t rd, uint32_t intid)
{
	if (gicr_is_private(intid))
		gicr_icenabler0_write_intid(rd, intid);
}

static inline bool gicr_irq_is_enabled(uintptr_t rd, uint32_t intid)
{
	return gicr_is_private(intid) && gicr_isenabler0_read_intid(rd, intid) != 0;
}

static inline void gicr_irq_set_pending(uintptr_t rd, uint32_t intid)
{
	if (gicr_is_private(intid))
		gicr_ispendr0_write_intid(rd, intid);
}

static inline void gicr_irq_clear_pending(uintptr_t rd, uint32_t intid)
{
	if (gicr_is_private(intid))
		gicr_icpendr0_write_intid(rd, intid);
}

static inline bool gicr_irq_is_pending(uintptr_t rd, uint32_t intid)
{
	return gicr_is_private(intid) && gicr_ispendr0_read_intid(rd, intid) != 0;
}

static inline bool gicr_irq_is_active(uintptr_t rd, uint32_t intid)
{
	return gicr_is_private(intid) && gicr_isactiver0_read_intid(rd, intid) != 0;
}

static inline void gicr_irq_clear_active(uintptr_t rd, uint32_t intid)
{
	if (gicr_is_private(intid))
		gicr_icactiver0_write_intid(rd, intid);
}

static inline void gicr_irq_set_priority(uintptr_t rd, uint32_t intid, uint8_t prio)
{
	if (gicr_is_private(intid))
		gicr_ipriorityr_write_intid(rd, intid, prio);
}

static inline uint8_t gicr_irq_priority(uintptr_t rd, uint32_t intid)
{
	return gicr_is_private(intid) ? (uint8_t)gicr_ipriorityr_read_intid(rd, intid) : 0;
}

/* PPIs only (SGIs are always edge-triggered; ICFGR0 is read-only). */
static inline void gicr_irq_set_config(uintptr_t rd, uint32_t intid, bool edge)
{
	uint32_t slot;

	if (intid < GICV3_NR_SGIS || !gicr_is_private(intid))
		return;
	slot = gicr_icfgr_read_intid(rd, intid);
	slot = gicr_icfgr_int_config_set(slot, edge ? GICR_ICFGR_INT_CONFIG_EDGE
						    : GICR_ICFGR_INT_CONFIG_LEVEL);
	gicr_icfgr_write_intid(rd, intid, slot);
}

static inline bool gicr_irq_is_edge(uintptr_t rd, uint32_t intid)
{
	return gicr_is_private(intid) &&
	       gicr_icfgr_int_config_get(gicr_icfgr_read_intid(rd, intid)) ==
		       GICR_ICFGR_INT_CONFIG_EDGE;
}

/* Non-secure Group 1 (IGROUPR0 = 1, IGRPMODR0 = 0), or Group 0. */
static inline void gicr_irq_set_group1ns(uintptr_t rd, uint32_t intid, bool group1ns)
{
	if (!gicr_is_private(intid))
		return;
	gicr_igroupr0_write_intid(rd, intid, group1ns ? 1u : 0u);
	gicr_igrpmodr0_write_intid(rd, intid, 0u);
}

/*
 * Initialises this PE's redistributor: wakes it, then every SGI and PPI
 * disabled, not pending, inactive, Non-secure Group 1, default priority.
 * The caller enables what it uses.  False if the redistributor did not
 * wake or never completed the disable.
 */
static inline bool gicr_init(uintptr_t rd)
{
	uint32_t intid;

	if (!gicr_wake(rd))
		return false;
	for (intid = 0; intid < GICV3_NR_PRIVATE; intid++) {
		gicr_irq_disable(rd, intid);
		gicr_irq_clear_pending(rd, intid);
		gicr_irq_clear_active(rd, intid);
		gicr_irq_set_group1ns(rd, intid, true);
		gicr_irq_set_priority(rd, intid, GICV3_DEFAULT_PRIORITY);
	}
	return gicr_wait_rwp(rd);
}

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */
#endif
