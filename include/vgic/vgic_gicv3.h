/* SPDX-License-Identifier: MIT */
/*
 * The vGIC's hardware backend for the GICv3 virtual interface (ICH_*_EL2
 * system registers of the PE it runs on): vgic_ich_*, which vgic/vgic_hw.h
 * calls as vgic_hw_* when the vGIC was set up with VGIC_HW_ICH.  The same
 * operations as vgic/vgic_gicv2.h, over gicv3/hyp_interface.h.
 *
 * What differs from GICH and why it does not reach the core:
 *  - the LR is 64-bit and has no SGI source field (with affinity routing an
 *    SGI has no source): vgic_ich_lr_write translates the GICH_LR-encoded
 *    value the core builds, field by field, and drops the source;
 *  - the priority field is 8 bits wide, of which ICH_VTR_EL2.PRIbits + 1
 *    are implemented, at least 5 (IHI 0069H.b, ICH_VTR_EL2): the core's 5
 *    bits always fit;
 *  - HCR's UIE/LRENPIE/NPIE and MISR's EOI/U/NP sit where GICH's do, and the
 *    LR State encoding is the same (checked below, not assumed);
 *  - ICH_AP0R<n>/ICH_AP1R<n> (how many: PREbits) instead of GICH_APR, saved
 *    with HCR, VMCR and the LRs by ich_cpu_save/ich_cpu_restore.
 *
 * Internal to the vGIC: include vgic/vgic.h.
 */
#ifndef VGIC_GICV3_H
#define VGIC_GICV3_H

#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stdint.h>

#include "gicv3/hyp_interface.h"
#include "vgic/vgic_gicv2.h" /* the LR value the core builds, VGIC_LR_*, VGIC_MAINT_* */

#ifdef __cplusplus
extern "C" {
#endif

#ifndef __cplusplus
_Static_assert(VGIC_LR_PENDING == ICH_LR_EL2_STATE_PENDING &&
		       VGIC_LR_ACTIVE == ICH_LR_EL2_STATE_ACTIVE &&
		       VGIC_LR_INVALID == ICH_LR_EL2_STATE_INVALID,
	       "GICH_LR and ICH_LR<n>_EL2 State encodings");
_Static_assert(VGIC_MAINT_UNDERFLOW == ICH_HCR_EL2_UIE_MASK &&
		       VGIC_MAINT_LR_ENTRY_NP == ICH_HCR_EL2_LRENPIE_MASK &&
		       VGIC_MAINT_NO_PENDING == ICH_HCR_EL2_NPIE_MASK,
	       "GICH_HCR and ICH_HCR_EL2 maintenance enables");
#endif

/* The GICH_LR-encoded value `lr` (see vgic_hw_lr_make) as ICH_LR<n>_EL2. */
static inline uint64_t vgic_ich_lr_from_gich(vgic_hw_lr lr, uint32_t state)
{
	uint64_t v = ich_lr_el2_vintid_set(0, gich_lr_virtualid_get(lr));

	v = ich_lr_el2_priority_set(v, gich_lr_priority_to8(gich_lr_priority_get(lr)));
	v = ich_lr_el2_group_set(v, gich_lr_grp1_get(lr));
	if (gich_lr_hw_get(lr))
		v = ich_lr_el2_pintid_set(ich_lr_el2_hw_set(v, 1), gich_lr_physicalid_get(lr));
	else
		v = ich_lr_el2_eoi_set(v, gich_lr_eoi_get(lr));
	return ich_lr_el2_state_set(v, state);
}

static inline void vgic_ich_lr_write(unsigned int n, vgic_hw_lr lr, uint32_t state)
{
	ich_lr_el2_write(n, vgic_ich_lr_from_gich(lr, state));
}

static inline void vgic_ich_lr_clear(unsigned int n)
{
	ich_lr_el2_write(n, 0);
}

static inline uint32_t vgic_ich_lr_state(unsigned int n)
{
	return (uint32_t)ich_lr_el2_state_get(ich_lr_el2_read(n));
}

static inline uint32_t vgic_ich_empty_lrs_low(void)
{
	return (uint32_t)ich_empty_lrs(ICH_LR_EL2_COUNT);
}

/* Enabled, with exactly the maintenance sources `maint` of the core's. */
static inline void vgic_ich_maint_set(uint32_t maint)
{
	uint64_t hcr = ich_hcr_el2_read() & ~(uint64_t)ICH_MAINT_ALL;

	ich_hcr_el2_write(hcr | ICH_HCR_EL2_EN_MASK | maint);
}

static inline void vgic_ich_maint_clear(uint32_t maint)
{
	ich_hcr_el2_write(ich_hcr_el2_read() & ~(uint64_t)maint);
}

static inline uint32_t vgic_ich_eoicount_take(void)
{
	uint64_t hcr = ich_hcr_el2_read();
	uint32_t count = (uint32_t)ich_hcr_el2_eoicount_get(hcr);

	if (count)
		ich_hcr_el2_write(hcr & ~(uint64_t)ICH_HCR_EL2_EOICOUNT_MASK);
	return count;
}

static inline void vgic_ich_eoicount_clear(void)
{
	ich_hcr_el2_write(ich_hcr_el2_read() & ~(uint64_t)ICH_HCR_EL2_EOICOUNT_MASK);
}

static inline void vgic_ich_maint_stats(uint32_t *eoi, uint32_t *underflow, uint32_t *no_pending)
{
	uint64_t misr = ich_maint_status();

	*eoi += (misr & ICH_MISR_EL2_EOI_MASK) != 0;
	*underflow += (misr & ICH_MISR_EL2_U_MASK) != 0;
	*no_pending += (misr & ICH_MISR_EL2_NP_MASK) != 0;
}

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */

#endif /* VGIC_GICV3_H */
