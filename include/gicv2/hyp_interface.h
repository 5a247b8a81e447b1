/* SPDX-License-Identifier: MIT */
/*
 * GICv2 hypervisor interface (GICH_*): the "HypervisorInterface" of one CPU.
 *
 * Small inline helpers over the generated accessors of gicv2/gich.h:
 * enable/disable of the virtual CPU interface, the maintenance interrupt
 * sources, list registers described by a struct instead of raw bits, the
 * empty/EOI status bitmaps (ELRSR/EISR), the maintenance status (MISR), the
 * number of list registers (VTR), VMCR with its fields, and save/restore of
 * the whole interface when a vCPU leaves or enters a physical CPU.
 *
 * `base` is the address of this CPU's GICH frame (the frame is banked per
 * CPU).  Nothing here takes locks; callers own their CPU's interface.
 * Reference: ARM IHI 0048B.b, chapter 5.
 */
#ifndef GICV2_HYP_INTERFACE_H
#define GICV2_HYP_INTERFACE_H

/* C declarations only: the header can be included from assembly too. */
#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stdint.h>

#include "gicv2/gich.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef GICV2_EINVAL
#define GICV2_EINVAL 22 /* functions return -GICV2_EINVAL on bad arguments */
#endif

/* Maintenance interrupt sources: each is its GICH_HCR enable bit. */
enum gich_maint {
	GICH_MAINT_UNDERFLOW = GICH_HCR_UIE_MASK,	/* at most one valid LR */
	GICH_MAINT_LR_ENTRY_NP = GICH_HCR_LRENPIE_MASK, /* EOI of an ID in no LR */
	GICH_MAINT_NO_PENDING = GICH_HCR_NPIE_MASK,	/* no LR in pending state */
	GICH_MAINT_VGRP0_EN = GICH_HCR_VGRP0EIE_MASK,
	GICH_MAINT_VGRP0_DIS = GICH_HCR_VGRP0DIE_MASK,
	GICH_MAINT_VGRP1_EN = GICH_HCR_VGRP1EIE_MASK,
	GICH_MAINT_VGRP1_DIS = GICH_HCR_VGRP1DIE_MASK,
};

#define GICH_MAINT_ALL                                                                             \
	(GICH_HCR_UIE_MASK | GICH_HCR_LRENPIE_MASK | GICH_HCR_NPIE_MASK | GICH_HCR_VGRP0EIE_MASK | \
	 GICH_HCR_VGRP0DIE_MASK | GICH_HCR_VGRP1EIE_MASK | GICH_HCR_VGRP1DIE_MASK)

/* HW = 0 view of bits [19:10]. */
struct gich_lr_sw {
	uint8_t source_cpu;   /* SGIs: requesting CPU, 0-7 (GICV_IAR.CPUID) */
	bool eoi_maintenance; /* EOI maintenance interrupt on deactivation */
};

/* One list register, decoded. */
struct gich_lr_config {
	uint16_t virtual_id; /* 0-1023 */
	uint8_t priority;    /* 8-bit priority; the LR keeps priority[7:3] */
	uint8_t state;	     /* GICH_LR_STATE_* (gicv2/gich.h) */
	bool group1;
	bool hw; /* linked to physical_id: the guest's deactivation deactivates it */
	union {
		struct gich_lr_sw sw; /* hw == false */
		uint16_t physical_id; /* hw == true, 0-1023 */
	};
};

/* 8-bit priority <-> the 5-bit GICH_LR.Priority field (priority[7:3]). */
static inline uint32_t gich_lr_priority_from8(uint8_t prio)
{
	return (uint32_t)prio >> (8 - GICH_LR_PRIORITY_WIDTH);
}

static inline uint8_t gich_lr_priority_to8(uint32_t field)
{
	return (uint8_t)(field << (8 - GICH_LR_PRIORITY_WIDTH));
}

/*
 * Encodes *c into a GICH_LR value.  Returns 0, or -GICV2_EINVAL when a field
 * does not fit (virtual or physical ID above 1023, source CPU above 7, a
 * state that is not one of GICH_LR_STATE_*).
 */
static inline int gich_lr_encode(const struct gich_lr_config *c, uint32_t *out)
{
	uint32_t v = 0;

	if (c->virtual_id > (GICH_LR_VIRTUALID_MASK >> GICH_LR_VIRTUALID_SHIFT) ||
	    (uint32_t)c->state > (GICH_LR_STATE_MASK >> GICH_LR_STATE_SHIFT))
		return -GICV2_EINVAL;
	v = gich_lr_virtualid_set(v, c->virtual_id);
	v = gich_lr_priority_set(v, gich_lr_priority_from8(c->priority));
	v = gich_lr_state_set(v, (uint32_t)c->state);
	v = gich_lr_grp1_set(v, c->group1);
	v = gich_lr_hw_set(v, c->hw);
	if (c->hw) {
		if (c->physical_id > (GICH_LR_PHYSICALID_MASK >> GICH_LR_PHYSICALID_SHIFT))
			return -GICV2_EINVAL;
		v = gich_lr_physicalid_set(v, c->physical_id);
	} else {
		if (c->sw.source_cpu > (GICH_LR_CPUID_MASK >> GICH_LR_CPUID_SHIFT))
			return -GICV2_EINVAL;
		v = gich_lr_cpuid_set(v, c->sw.source_cpu);
		v = gich_lr_eoi_set(v, c->sw.eoi_maintenance);
	}
	*out = v;
	return 0;
}

static inline void gich_lr_decode(uint32_t v, struct gich_lr_config *c)
{
	c->virtual_id = (uint16_t)gich_lr_virtualid_get(v);
	c->priority = gich_lr_priority_to8(gich_lr_priority_get(v));
	c->state = (uint8_t)gich_lr_state_get(v);
	c->group1 = gich_lr_grp1_get(v) != 0;
	c->hw = gich_lr_hw_get(v) != 0;
	if (c->hw) {
		c->physical_id = (uint16_t)gich_lr_physicalid_get(v);
	} else {
		c->sw.source_cpu = (uint8_t)gich_lr_cpuid_get(v);
		c->sw.eoi_maintenance = gich_lr_eoi_get(v) != 0;
	}
}

/* Number of implemented list registers (GICH_VTR.ListRegs + 1). */
static inline unsigned int gich_nr_lrs(uintptr_t base)
{
	return gich_vtr_listregs_get(gich_vtr_read(base)) + 1u;
}

/* Implemented priority bits (GICH_VTR.PRIbits + 1) and preemption bits. */
static inline unsigned int gich_nr_pri_bits(uintptr_t base)
{
	return gich_vtr_pribits_get(gich_vtr_read(base)) + 1u;
}

static inline unsigned int gich_nr_pre_bits(uintptr_t base)
{
	return gich_vtr_prebits_get(gich_vtr_read(base)) + 1u;
}

/* Writes LR n from *c.  -GICV2_EINVAL if n is not implemented or *c is bad. */
static inline int gich_lr_set(uintptr_t base, unsigned int n, const struct gich_lr_config *c)
{
	uint32_t v;
	int ret;

	if (n >= GICH_LR_COUNT || n >= gich_nr_lrs(base))
		return -GICV2_EINVAL;
	ret = gich_lr_encode(c, &v);
	if (ret)
		return ret;
	gich_lr_write(base, n, v);
	return 0;
}

/* Reads LR n into *c.  -GICV2_EINVAL if n is not implemented. */
static inline int gich_lr_get(uintptr_t base, unsigned int n, struct gich_lr_config *c)
{
	if (n >= GICH_LR_COUNT || n >= gich_nr_lrs(base))
		return -GICV2_EINVAL;
	gich_lr_decode(gich_lr_read(base, n), c);
	return 0;
}

/* Empties LR n (all zero: state invalid, no EOI request). */
static inline int gich_lr_clear(uintptr_t base, unsigned int n)
{
	if (n >= GICH_LR_COUNT || n >= gich_nr_lrs(base))
		return -GICV2_EINVAL;
	gich_lr_write(base, n, 0);
	return 0;
}

static inline uint64_t gich_lr_bitmap_mask(unsigned int nr_lrs)
{
	return nr_lrs >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << nr_lrs) - 1);
}

/* Bit n set: LR n holds no valid interrupt (GICH_ELRSR1:GICH_ELRSR0). */
static inline uint64_t gich_empty_lrs(uintptr_t base, unsigned int nr_lrs)
{
	uint64_t v = gich_elrsr_read(base, 0);

	if (nr_lrs > 32)
		v |= (uint64_t)gich_elrsr_read(base, 1) << 32;
	return v & gich_lr_bitmap_mask(nr_lrs);
}

/* Bit n set: LR n has a pending EOI maintenance request (GICH_EISR1:0). */
static inline uint64_t gich_eoi_lrs(uintptr_t base, unsigned int nr_lrs)
{
	uint64_t v = gich_eisr_read(base, 0);

	if (nr_lrs > 32)
		v |= (uint64_t)gich_eisr_read(base, 1) << 32;
	return v & gich_lr_bitmap_mask(nr_lrs);
}

/* Asserted maintenance conditions: GICH_MISR (GICH_MISR_*_MASK bits). */
static inline uint32_t gich_maint_status(uintptr_t base)
{
	return gich_misr_read(base);
}

static inline void gich_enable(uintptr_t base)
{
	gich_hcr_write(base, gich_hcr_read(base) | GICH_HCR_EN_MASK);
}

static inline void gich_disable(uintptr_t base)
{
	gich_hcr_write(base, gich_hcr_read(base) & ~GICH_HCR_EN_MASK);
}

/* Turns the maintenance sources in `sources` (enum gich_maint OR-ed) on or off. */
static inline void gich_maint_set(uintptr_t base, uint32_t sources, bool on)
{
	uint32_t hcr = gich_hcr_read(base);

	sources &= GICH_MAINT_ALL;
	gich_hcr_write(base, on ? (hcr | sources) : (hcr & ~sources));
}

/* The maintenance sources currently enabled. */
static inline uint32_t gich_maint_enabled(uintptr_t base)
{
	return gich_hcr_read(base) & GICH_MAINT_ALL;
}

/* GICH_VMCR, field by field (the guest's view of its GICV_CTLR/PMR/BPR). */
struct gich_vmcr_fields {
	bool grp0_en, grp1_en, ack_ctl, fiq_en, cbpr, eoi_mode;
	uint8_t abp, bp;  /* binary points, 0-7 */
	uint8_t pri_mask; /* 8-bit priority mask; VMCR keeps [7:3] */
};

static inline uint32_t gich_vmcr_encode(const struct gich_vmcr_fields *f)
{
	uint32_t v = 0;

	v = gich_vmcr_vmgrp0en_set(v, f->grp0_en);
	v = gich_vmcr_vmgrp1en_set(v, f->grp1_en);
	v = gich_vmcr_vmackctl_set(v, f->ack_ctl);
	v = gich_vmcr_vmfiqen_set(v, f->fiq_en);
	v = gich_vmcr_vmcbpr_set(v, f->cbpr);
	v = gich_vmcr_vem_set(v, f->eoi_mode);
	v = gich_vmcr_vmabp_set(v, f->abp);
	v = gich_vmcr_vmbp_set(v, f->bp);
	v = gich_vmcr_vmprimask_set(v, (uint32_t)f->pri_mask >> (8 - GICH_VMCR_VMPRIMASK_WIDTH));
	return v;
}

static inline void gich_vmcr_decode(uint32_t v, struct gich_vmcr_fields *f)
{
	f->grp0_en = gich_vmcr_vmgrp0en_get(v) != 0;
	f->grp1_en = gich_vmcr_vmgrp1en_get(v) != 0;
	f->ack_ctl = gich_vmcr_vmackctl_get(v) != 0;
	f->fiq_en = gich_vmcr_vmfiqen_get(v) != 0;
	f->cbpr = gich_vmcr_vmcbpr_get(v) != 0;
	f->eoi_mode = gich_vmcr_vem_get(v) != 0;
	f->abp = (uint8_t)gich_vmcr_vmabp_get(v);
	f->bp = (uint8_t)gich_vmcr_vmbp_get(v);
	f->pri_mask = (uint8_t)(gich_vmcr_vmprimask_get(v) << (8 - GICH_VMCR_VMPRIMASK_WIDTH));
}

static inline void gich_vmcr_get(uintptr_t base, struct gich_vmcr_fields *f)
{
	gich_vmcr_decode(gich_vmcr_read(base), f);
}

static inline void gich_vmcr_set(uintptr_t base, const struct gich_vmcr_fields *f)
{
	gich_vmcr_write(base, gich_vmcr_encode(f));
}

/* The virtual CPU interface state of one vCPU, as saved while it is off-CPU. */
struct gich_cpu_state {
	uint32_t hcr, vmcr, apr;
	unsigned int nr_lrs;
	uint32_t lr[GICH_LR_COUNT];
};

/*
 * Saves this CPU's interface into *s and leaves it disabled and empty (HCR 0,
 * every LR invalid, APR 0), ready for another vCPU.
 */
static inline void gich_cpu_save(uintptr_t base, struct gich_cpu_state *s)
{
	unsigned int i, n = gich_nr_lrs(base);

	s->hcr = gich_hcr_read(base);
	gich_hcr_write(base, 0);
	s->vmcr = gich_vmcr_read(base);
	s->apr = gich_apr_read(base);
	s->nr_lrs = n;
	for (i = 0; i < n; i++) {
		s->lr[i] = gich_lr_read(base, i);
		gich_lr_write(base, i, 0);
	}
	gich_apr_write(base, 0);
}

/* Restores *s; the interface is re-enabled last, with the saved HCR. */
static inline void gich_cpu_restore(uintptr_t base, const struct gich_cpu_state *s)
{
	unsigned int i, n = gich_nr_lrs(base);

	for (i = 0; i < n; i++)
		gich_lr_write(base, i, i < s->nr_lrs ? s->lr[i] : 0);
	gich_apr_write(base, s->apr);
	gich_vmcr_write(base, s->vmcr);
	gich_hcr_write(base, s->hcr);
}

/* A fresh virtual CPU interface state (GICH_VMCR at its reset value). */
static inline void gich_cpu_state_reset(struct gich_cpu_state *s, unsigned int nr_lrs)
{
	unsigned int i;

	s->hcr = GICH_HCR_EN_MASK;
	s->vmcr = GICH_VMCR_RESET;
	s->apr = 0;
	s->nr_lrs = nr_lrs > GICH_LR_COUNT ? GICH_LR_COUNT : nr_lrs;
	for (i = 0; i < GICH_LR_COUNT; i++)
		s->lr[i] = 0;
}

/*
 * Initialises the current CPU's interface: every LR empty, no active
 * priorities, VMCR at reset, maintenance sources off, interface enabled.
 * Returns the number of list registers.
 */
static inline unsigned int gich_init(uintptr_t base)
{
	unsigned int i, n = gich_nr_lrs(base);

	gich_hcr_write(base, 0);
	for (i = 0; i < n; i++)
		gich_lr_write(base, i, 0);
	gich_apr_write(base, 0);
	gich_vmcr_write(base, GICH_VMCR_RESET);
	gich_hcr_write(base, GICH_HCR_EN_MASK);
	return n;
}

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */

#endif /* GICV2_HYP_INTERFACE_H */
