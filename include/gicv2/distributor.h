/* SPDX-License-Identifier: MIT */
/*
 * GICv2 Distributor driver: inline operations over the generated accessors
 * of gicv2/gicd.h (per-INTID helpers, so nothing here computes intid / 32).
 *
 * `base` is the GICD frame.  Per-INTID register writes that are
 * read-modify-write (priority of 8-bit slots is a byte store, but ICFGR,
 * IGROUPR are RMW) are not atomic: callers serialise.
 * Reference: ARM IHI 0048B.b, 4.3.
 */
#ifndef GICV2_DISTRIBUTOR_H
#define GICV2_DISTRIBUTOR_H

/* C declarations only: the header can be included from assembly too. */
#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stdint.h>

#include "gicv2/gicd.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GICV2_NR_SGIS	       16u
#define GICV2_NR_PRIVATE       32u   /* SGIs and PPIs: banked per CPU interface */
#define GICV2_MAX_INTID	       1020u /* IDs 1020-1023 are special */
#define GICV2_SPURIOUS	       1023u
#define GICV2_DEFAULT_PRIORITY 0xa0u

/* The SGIR target filters (GICD_SGIR.TargetListFilter). */
enum gicd_sgi_filter {
	GICD_SGI_TO_LIST = GICD_SGIR_TARGETLISTFILTER_TARGET_LIST,
	GICD_SGI_TO_ALL_BUT_SELF = GICD_SGIR_TARGETLISTFILTER_ALL_BUT_SELF,
	GICD_SGI_TO_SELF = GICD_SGIR_TARGETLISTFILTER_SELF,
};

/* Interrupt lines the distributor implements: 32 * (ITLinesNumber + 1), <= 1020. */
static inline unsigned int gicd_nr_irqs(uintptr_t base)
{
	unsigned int n = 32u * (gicd_typer_itlinesnumber_get(gicd_typer_read(base)) + 1u);

	return n > GICV2_MAX_INTID ? GICV2_MAX_INTID : n;
}

/* Implemented CPU interfaces (TYPER.CPUNumber + 1). */
static inline unsigned int gicd_nr_cpus(uintptr_t base)
{
	return gicd_typer_cpunumber_get(gicd_typer_read(base)) + 1u;
}

/*
 * The calling CPU's interface as a target mask: ITARGETSR0-7 read back the
 * accessing CPU's own bit.  Reads the 8 banked registers until one is
 * non-zero (a uniprocessor GIC may return 0: then CPU interface 0).
 */
static inline uint8_t gicd_cpu_mask(uintptr_t base)
{
	uint32_t intid;

	for (intid = 0; intid < GICV2_NR_PRIVATE; intid++) {
		uint32_t m = gicd_itargetsr_read_intid(base, intid);

		if (m)
			return (uint8_t)m;
	}
	return 1;
}

static inline void gicd_enable(uintptr_t base)
{
	gicd_ctlr_write(base, GICD_CTLR_ENABLEGRP0_MASK | GICD_CTLR_ENABLEGRP1_MASK);
}

static inline void gicd_disable(uintptr_t base)
{
	gicd_ctlr_write(base, 0);
}

static inline void gicd_irq_enable(uintptr_t base, uint32_t intid)
{
	gicd_isenabler_write_intid(base, intid);
}

static inline void gicd_irq_disable(uintptr_t base, uint32_t intid)
{
	gicd_icenabler_write_intid(base, intid);
}

static inline bool gicd_irq_is_enabled(uintptr_t base, uint32_t intid)
{
	return gicd_isenabler_read_intid(base, intid) != 0;
}

static inline void gicd_irq_set_pending(uintptr_t base, uint32_t intid)
{
	gicd_ispendr_write_intid(base, intid);
}

static inline void gicd_irq_clear_pending(uintptr_t base, uint32_t intid)
{
	gicd_icpendr_write_intid(base, intid);
}

static inline bool gicd_irq_is_pending(uintptr_t base, uint32_t intid)
{
	return gicd_ispendr_read_intid(base, intid) != 0;
}

static inline bool gicd_irq_is_active(uintptr_t base, uint32_t intid)
{
	return gicd_isactiver_read_intid(base, intid) != 0;
}

/* Deactivates through the distributor (usable for SPIs from any CPU). */
static inline void gicd_irq_clear_active(uintptr_t base, uint32_t intid)
{
	gicd_icactiver_write_intid(base, intid);
}

static inline void gicd_irq_set_priority(uintptr_t base, uint32_t intid, uint8_t prio)
{
	gicd_ipriorityr_write_intid(base, intid, prio);
}

static inline uint8_t gicd_irq_priority(uintptr_t base, uint32_t intid)
{
	return (uint8_t)gicd_ipriorityr_read_intid(base, intid);
}

/* SPIs only: ITARGETSR0-7 are read-only. */
static inline void gicd_irq_set_targets(uintptr_t base, uint32_t intid, uint8_t cpu_mask)
{
	if (intid >= GICV2_NR_PRIVATE)
		gicd_itargetsr_write_intid(base, intid, cpu_mask);
}

static inline uint8_t gicd_irq_targets(uintptr_t base, uint32_t intid)
{
	return (uint8_t)gicd_itargetsr_read_intid(base, intid);
}

/* Edge-triggered (true) or level-sensitive (false).  SGIs are always edge. */
static inline void gicd_irq_set_config(uintptr_t base, uint32_t intid, bool edge)
{
	uint32_t slot;

	if (intid < GICV2_NR_SGIS)
		return;
	slot = gicd_icfgr_read_intid(base, intid);
	slot = gicd_icfgr_int_config_set(slot, edge ? GICD_ICFGR_INT_CONFIG_EDGE
						    : GICD_ICFGR_INT_CONFIG_LEVEL);
	gicd_icfgr_write_intid(base, intid, slot);
}

static inline bool gicd_irq_is_edge(uintptr_t base, uint32_t intid)
{
	return gicd_icfgr_int_config_get(gicd_icfgr_read_intid(base, intid)) ==
	       GICD_ICFGR_INT_CONFIG_EDGE;
}

static inline void gicd_irq_set_group(uintptr_t base, uint32_t intid, bool group1)
{
	gicd_igroupr_write_intid(base, intid, group1 ? 1u : 0u);
}

static inline bool gicd_irq_group(uintptr_t base, uint32_t intid)
{
	return gicd_igroupr_read_intid(base, intid) != 0;
}

/* Sends SGI `sgi` (0-15) to the CPU interfaces `filter` and `targets` select. */
static inline void gicd_send_sgi(uintptr_t base, enum gicd_sgi_filter filter, uint8_t targets,
				 uint32_t sgi)
{
	uint32_t v = 0;

	v = gicd_sgir_sgiintid_set(v, sgi);
	v = gicd_sgir_targetlistfilter_set(v, (uint32_t)filter);
	if (filter == GICD_SGI_TO_LIST)
		v = gicd_sgir_cputargetlist_set(v, targets);
	gicd_sgir_write(base, v);
}

/*
 * Initialises the distributor, from the boot CPU: forwarding off, every SPI
 * disabled, not pending, inactive, Group 0, level-sensitive, default priority,
 * targeted at `cpu_mask`; then forwarding of both groups on.  Returns the
 * number of interrupt lines.  The banked SGI/PPI registers belong to each CPU:
 * see gicd_cpu_init().
 */
static inline unsigned int gicd_init(uintptr_t base, uint8_t cpu_mask)
{
	unsigned int intid, n = gicd_nr_irqs(base);

	gicd_disable(base);
	for (intid = GICV2_NR_PRIVATE; intid < n; intid++) {
		gicd_irq_disable(base, intid);
		gicd_irq_clear_pending(base, intid);
		gicd_irq_clear_active(base, intid);
		gicd_irq_set_group(base, intid, false);
		gicd_irq_set_config(base, intid, false);
		gicd_irq_set_priority(base, intid, GICV2_DEFAULT_PRIORITY);
		gicd_irq_set_targets(base, intid, cpu_mask);
	}
	gicd_enable(base);
	return n;
}

/* Per-CPU part of the distributor (banked SGIs/PPIs): all disabled, default priority. */
static inline void gicd_cpu_init(uintptr_t base)
{
	uint32_t intid;

	for (intid = 0; intid < GICV2_NR_PRIVATE; intid++) {
		gicd_irq_disable(base, intid);
		gicd_irq_clear_active(base, intid);
		gicd_irq_set_priority(base, intid, GICV2_DEFAULT_PRIORITY);
	}
}

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */

#endif /* GICV2_DISTRIBUTOR_H */
