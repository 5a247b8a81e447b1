/* SPDX-License-Identifier: MIT */
/*
 * The seam between the vGIC core and the virtual CPU interface: every
 * vgic_hw_* the core calls goes to the GICv2 backend (vgic/vgic_gicv2.h,
 * a GICH frame) or the GICv3 one (vgic/vgic_gicv3.h, ICH_*_EL2), chosen by
 * the `hyp` the vGIC was set up with: VGIC_HW_ICH (vgic3_init) for the
 * system registers, a GICH frame's base otherwise.
 *
 * Compile time first: a hypervisor that only ever runs on one GIC defines
 * VGIC_GICV2 or VGIC_GICV3 to 0 and the choice folds away.  With both (the
 * default), each call compares `hyp` with VGIC_HW_ICH (docs/vgic.md has
 * what that costs in `make bench`).
 *
 * Internal to the vGIC: include vgic/vgic.h.
 */
#ifndef VGIC_HW_H
#define VGIC_HW_H

#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stdint.h>

#include "vgic/vgic_gicv2.h"
#include "vgic/vgic_gicv3.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef VGIC_GICV2
#define VGIC_GICV2 1
#endif
#ifndef VGIC_GICV3
#define VGIC_GICV3 1
#endif
#if !VGIC_GICV2 && !VGIC_GICV3
#error "the vGIC needs a backend: VGIC_GICV2 or VGIC_GICV3"
#endif

/* `hyp` of a vGIC on the GICv3 system registers: no frame's base (frames
 * are 4 KiB aligned). */
#define VGIC_HW_ICH ((uintptr_t)1)

static inline bool vgic_hw_is_ich(uintptr_t hyp)
{
	return VGIC_GICV3 && (!VGIC_GICV2 || hyp == VGIC_HW_ICH);
}

/* A vCPU's virtual CPU interface while it is not loaded: the backend's. */
typedef struct {
#if VGIC_GICV2
	struct gich_cpu_state gich;
#endif
#if VGIC_GICV3
	struct ich_cpu_state ich;
#endif
} vgic_hw_cpu_state;

static inline void vgic_hw_lr_write(uintptr_t hyp, unsigned int n, vgic_hw_lr lr, uint32_t state)
{
	if (vgic_hw_is_ich(hyp))
		vgic_ich_lr_write(n, lr, state);
	else
		vgic_gich_lr_write(hyp, n, lr, state);
}

static inline void vgic_hw_lr_clear(uintptr_t hyp, unsigned int n)
{
	if (vgic_hw_is_ich(hyp))
		vgic_ich_lr_clear(n);
	else
		vgic_gich_lr_clear(hyp, n);
}

static inline uint32_t vgic_hw_lr_state(uintptr_t hyp, unsigned int n)
{
	return vgic_hw_is_ich(hyp) ? vgic_ich_lr_state(n) : vgic_gich_lr_state(hyp, n);
}

static inline unsigned int vgic_hw_nr_lrs(uintptr_t hyp)
{
	return vgic_hw_is_ich(hyp) ? ich_nr_lrs() : vgic_gich_nr_lrs(hyp);
}

/* Bit n: LR n is empty (invalid, and no EOI maintenance pending). */
static inline uint64_t vgic_hw_empty_lrs(uintptr_t hyp, unsigned int nr_lrs)
{
	return vgic_hw_is_ich(hyp) ? ich_empty_lrs(nr_lrs) : vgic_gich_empty_lrs(hyp, nr_lrs);
}

/* The same for LRs 0-31 only: one register read on the common exit. */
static inline uint32_t vgic_hw_empty_lrs_low(uintptr_t hyp)
{
	return vgic_hw_is_ich(hyp) ? vgic_ich_empty_lrs_low() : vgic_gich_empty_lrs_low(hyp);
}

/* Bit n: LR n has a pending EOI maintenance request. */
static inline uint64_t vgic_hw_eoi_lrs(uintptr_t hyp, unsigned int nr_lrs)
{
	return vgic_hw_is_ich(hyp) ? ich_eoi_lrs(nr_lrs) : vgic_gich_eoi_lrs(hyp, nr_lrs);
}

/* Interface enabled with exactly the maintenance sources `maint`. */
static inline void vgic_hw_maint_set(uintptr_t hyp, uint32_t maint)
{
	if (vgic_hw_is_ich(hyp))
		vgic_ich_maint_set(maint);
	else
		vgic_gich_maint_set(hyp, maint);
}

static inline void vgic_hw_maint_clear(uintptr_t hyp, uint32_t maint)
{
	if (vgic_hw_is_ich(hyp))
		vgic_ich_maint_clear(maint);
	else
		vgic_gich_maint_clear(hyp, maint);
}

/* The guest's EOIs that found no LR since the last call (EOICount), reset. */
static inline uint32_t vgic_hw_eoicount_take(uintptr_t hyp)
{
	return vgic_hw_is_ich(hyp) ? vgic_ich_eoicount_take() : vgic_gich_eoicount_take(hyp);
}

static inline void vgic_hw_eoicount_clear(uintptr_t hyp)
{
	if (vgic_hw_is_ich(hyp))
		vgic_ich_eoicount_clear();
	else
		vgic_gich_eoicount_clear(hyp);
}

/* Counts the asserted maintenance conditions (MISR) into the stats. */
static inline void vgic_hw_maint_stats(uintptr_t hyp, uint32_t *eoi, uint32_t *underflow,
				       uint32_t *no_pending)
{
	if (vgic_hw_is_ich(hyp))
		vgic_ich_maint_stats(eoi, underflow, no_pending);
	else
		vgic_gich_maint_stats(hyp, eoi, underflow, no_pending);
}

static inline void vgic_hw_save(uintptr_t hyp, vgic_hw_cpu_state *s)
{
#if VGIC_GICV3
	if (vgic_hw_is_ich(hyp)) {
		ich_cpu_save(&s->ich);
		return;
	}
#endif
#if VGIC_GICV2
	vgic_gich_save(hyp, &s->gich);
#endif
}

static inline void vgic_hw_restore(uintptr_t hyp, const vgic_hw_cpu_state *s)
{
#if VGIC_GICV3
	if (vgic_hw_is_ich(hyp)) {
		ich_cpu_restore(&s->ich);
		return;
	}
#endif
#if VGIC_GICV2
	vgic_gich_restore(hyp, &s->gich);
#endif
}

/* Back to reset, for either backend (the vGIC's `hyp` is not at hand). */
static inline void vgic_hw_state_reset(vgic_hw_cpu_state *s, unsigned int nr_lrs)
{
#if VGIC_GICV2
	vgic_gich_state_reset(&s->gich, nr_lrs);
#endif
#if VGIC_GICV3
	ich_cpu_state_reset(&s->ich, nr_lrs);
#endif
}

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */

#endif /* VGIC_HW_H */
