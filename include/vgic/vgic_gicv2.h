/* SPDX-License-Identifier: MIT */
/*
 * The vGIC's hardware backend for the GICv2 virtual interface (GICH frame):
 * vgic_gich_*, which vgic/vgic_hw.h calls as vgic_hw_* when the vGIC runs
 * on a GICH frame.  Also the list-register value the core builds for
 * either backend (vgic_hw_lr_*): the GICH_LR encoding, which holds all the
 * core ever puts in an LR (INTIDs below 1020, 5 priority bits, an SGI's
 * source); the GICv3 backend translates it when it writes ICH_LR<n>_EL2.
 *
 * `hyp` is the GICH frame's base (banked per CPU).  Internal to the vGIC:
 * include vgic/vgic.h.
 */
#ifndef VGIC_GICV2_H
#define VGIC_GICV2_H

#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stdint.h>

#include "gicv2/hyp_interface.h"

#ifdef __cplusplus
extern "C" {
#endif

/* List-register states as the core records them: the architectural
 * 2-bit State field (the same encoding in GICH_LR and ICH_LR<n>_EL2). */
#define VGIC_LR_INVALID ((uint32_t)GICH_LR_STATE_INVALID)
#define VGIC_LR_PENDING ((uint32_t)GICH_LR_STATE_PENDING)
#define VGIC_LR_ACTIVE	((uint32_t)GICH_LR_STATE_ACTIVE)

/* Maintenance sources the core asks for (GICH_HCR enable bits). */
#define VGIC_MAINT_UNDERFLOW   ((uint32_t)GICH_MAINT_UNDERFLOW)
#define VGIC_MAINT_LR_ENTRY_NP ((uint32_t)GICH_MAINT_LR_ENTRY_NP)
#define VGIC_MAINT_NO_PENDING  ((uint32_t)GICH_MAINT_NO_PENDING)

/*
 * A list register's value, built a field at a time in the order the core
 * knows them (field by field as gich_lr_encode does, without its range
 * checks: INTIDs and physical IDs are below 1020, SGI sources below 8),
 * then written with its state.
 */
typedef uint32_t vgic_hw_lr;

static inline vgic_hw_lr vgic_hw_lr_make(uint32_t intid, uint8_t priority, bool group1)
{
	vgic_hw_lr lr = gich_lr_virtualid_set(0, intid);

	lr = gich_lr_priority_set(lr, gich_lr_priority_from8(priority));
	return gich_lr_grp1_set(lr, group1);
}

/* An SGI's source CPU (HW = 0). */
static inline vgic_hw_lr vgic_hw_lr_sgi_source(vgic_hw_lr lr, uint32_t src)
{
	return gich_lr_cpuid_set(lr, src);
}

/* Linked to physical interrupt `pintid`: the guest's deactivation ends it. */
static inline vgic_hw_lr vgic_hw_lr_link(vgic_hw_lr lr, uint32_t pintid)
{
	return gich_lr_physicalid_set(gich_lr_hw_set(lr, 1), pintid);
}

/* A maintenance interrupt at its EOI (HW = 0). */
static inline vgic_hw_lr vgic_hw_lr_eoi(vgic_hw_lr lr)
{
	return gich_lr_eoi_set(lr, 1);
}

static inline void vgic_gich_lr_write(uintptr_t hyp, unsigned int n, vgic_hw_lr lr, uint32_t state)
{
	gich_lr_write(hyp, n, gich_lr_state_set(lr, state));
}

static inline void vgic_gich_lr_clear(uintptr_t hyp, unsigned int n)
{
	gich_lr_write(hyp, n, 0);
}

static inline uint32_t vgic_gich_lr_state(uintptr_t hyp, unsigned int n)
{
	return gich_lr_state_get(gich_lr_read(hyp, n));
}

static inline unsigned int vgic_gich_nr_lrs(uintptr_t hyp)
{
	return gich_nr_lrs(hyp);
}

/* Bit n: LR n is empty (invalid, and no EOI maintenance pending). */
static inline uint64_t vgic_gich_empty_lrs(uintptr_t hyp, unsigned int nr_lrs)
{
	return gich_empty_lrs(hyp, nr_lrs);
}

/* The same for LRs 0-31 only: one register read on the common exit. */
static inline uint32_t vgic_gich_empty_lrs_low(uintptr_t hyp)
{
	return gich_elrsr_read(hyp, 0);
}

/* Bit n: LR n has a pending EOI maintenance request. */
static inline uint64_t vgic_gich_eoi_lrs(uintptr_t hyp, unsigned int nr_lrs)
{
	return gich_eoi_lrs(hyp, nr_lrs);
}

/* Interface enabled with exactly the maintenance sources `maint`. */
static inline void vgic_gich_maint_set(uintptr_t hyp, uint32_t maint)
{
	uint32_t hcr = gich_hcr_read(hyp) & ~(uint32_t)GICH_MAINT_ALL;

	gich_hcr_write(hyp, hcr | GICH_HCR_EN_MASK | maint);
}

static inline void vgic_gich_maint_clear(uintptr_t hyp, uint32_t maint)
{
	gich_hcr_write(hyp, gich_hcr_read(hyp) & ~maint);
}

/* The guest's EOIs that found no LR since the last call (EOICount), reset. */
static inline uint32_t vgic_gich_eoicount_take(uintptr_t hyp)
{
	uint32_t hcr = gich_hcr_read(hyp);
	uint32_t count = (uint32_t)gich_hcr_eoicount_get(hcr);

	if (count)
		gich_hcr_write(hyp, hcr & ~(uint32_t)GICH_HCR_EOICOUNT_MASK);
	return count;
}

static inline void vgic_gich_eoicount_clear(uintptr_t hyp)
{
	gich_hcr_write(hyp, gich_hcr_read(hyp) & ~(uint32_t)GICH_HCR_EOICOUNT_MASK);
}

/* Counts the asserted maintenance conditions (GICH_MISR) into the stats. */
static inline void vgic_gich_maint_stats(uintptr_t hyp, uint32_t *eoi, uint32_t *underflow,
					 uint32_t *no_pending)
{
	uint32_t misr = gich_maint_status(hyp);

	*eoi += (misr & GICH_MISR_EOI_MASK) != 0;
	*underflow += (misr & GICH_MISR_U_MASK) != 0;
	*no_pending += (misr & GICH_MISR_NP_MASK) != 0;
}

static inline void vgic_gich_save(uintptr_t hyp, struct gich_cpu_state *s)
{
	gich_cpu_save(hyp, s);
}

static inline void vgic_gich_restore(uintptr_t hyp, const struct gich_cpu_state *s)
{
	gich_cpu_restore(hyp, s);
}

static inline void vgic_gich_state_reset(struct gich_cpu_state *s, unsigned int nr_lrs)
{
	gich_cpu_state_reset(s, nr_lrs);
}

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */

#endif /* VGIC_GICV2_H */
