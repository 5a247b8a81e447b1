/* SPDX-License-Identifier: MIT */
/*
 * GICv3 hypervisor interface (ICH_*_EL2): the virtual CPU interface of the
 * PE this code runs on, the counterpart of gicv2/hyp_interface.h.
 *
 * Inline helpers over the generated accessors of aarch64_sysreg/ich.h:
 * list registers described by a struct instead of raw bits, the number of
 * list registers and of priority/preemption bits (ICH_VTR_EL2), the empty and
 * EOI status bitmaps (ELRSR, EISR), the maintenance status (MISR) and
 * sources (HCR), VMCR, and save/restore of the whole interface when a vCPU
 * leaves or enters the PE.  LR states are the generated ICH_LR_EL2_STATE_*.
 * The virtual interface is what the guest's ICC_* accesses reach while
 * HCR_EL2.IMO/FMO are set (as ICV_* registers); its SGI generation
 * registers are trapped to EL2 instead.
 * Reference: ARM IHI 0069H.b, 12.4 (ICH_*_EL2).
 */
#ifndef GICV3_HYP_INTERFACE_H
#define GICV3_HYP_INTERFACE_H

/* C declarations only: the header can be included from assembly too. */
#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stdint.h>

#include "aarch64_sysreg/barrier.h"
#include "aarch64_sysreg/ich.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef GICV3_EINVAL
#define GICV3_EINVAL 22 /* functions return -GICV3_EINVAL on bad arguments */
#endif

/* Maintenance interrupt sources: each is its ICH_HCR_EL2 enable bit. */
#define ICH_MAINT_ALL                                                                              \
	(ICH_HCR_EL2_UIE_MASK | ICH_HCR_EL2_LRENPIE_MASK | ICH_HCR_EL2_NPIE_MASK |                 \
	 ICH_HCR_EL2_VGRP0EIE_MASK | ICH_HCR_EL2_VGRP0DIE_MASK | ICH_HCR_EL2_VGRP1EIE_MASK |       \
	 ICH_HCR_EL2_VGRP1DIE_MASK)

/* One list register, decoded. */
struct ich_lr_config {
	uint32_t virtual_id; /* vINTID */
	uint8_t priority;    /* 8-bit; the PE implements the top PRIbits of it */
	uint32_t state;	     /* ICH_LR_EL2_STATE_* */
	bool group1;
	bool hw;	      /* linked to physical_id: the guest's deactivation deactivates it */
	uint32_t physical_id; /* hw: pINTID, below 1020 (no LPIs, no special IDs) */
	bool eoi_maintenance; /* !hw: EOI maintenance interrupt on deactivation */
};

/*
 * Encodes *c into an ICH_LR<n>_EL2 value.  Returns 0, or -GICV3_EINVAL when a
 * field does not fit (a state above 3, a hw link to an INTID that is not an
 * SGI, PPI or SPI: the architecture makes pINTIDs 1020-1023 and LPIs
 * UNPREDICTABLE there).
 */
static inline int ich_lr_encode(const struct ich_lr_config *c, uint64_t *out)
{
	uint64_t v = 0;

	if (c->state > ICH_LR_EL2_STATE_PENDING_ACTIVE || (c->hw && c->physical_id >= 1020u))
		return -GICV3_EINVAL;
	v = ich_lr_el2_vintid_set(v, c->virtual_id);
	v = ich_lr_el2_priority_set(v, c->priority);
	v = ich_lr_el2_state_set(v, c->state);
	v = ich_lr_el2_group_set(v, c->group1);
	v = ich_lr_el2_hw_set(v, c->hw);
	if (c->hw)
		v = ich_lr_el2_pintid_set(v, c->physical_id);
	else
		v = ich_lr_el2_eoi_set(v, c->eoi_maintenance);
	*out = v;
	return 0;
}

static inline void ich_lr_decode(uint64_t v, struct ich_lr_config *c)
{
	c->virtual_id = (uint32_t)ich_lr_el2_vintid_get(v);
	c->priority = (uint8_t)ich_lr_el2_priority_get(v);
	c->state = (uint32_t)ich_lr_el2_state_get(v);
	c->group1 = ich_lr_el2_group_get(v) != 0;
	c->hw = ich_lr_el2_hw_get(v) != 0;
	c->physical_id = c->hw ? (uint32_t)ich_lr_el2_pintid_get(v) : 0;
	c->eoi_maintenance = !c->hw && ich_lr_el2_eoi_get(v) != 0;
}

/* Implemented list registers (ICH_VTR_EL2.ListRegs + 1), at most 16: the
 * field is 5 bits wide but only 16 LRs are architected. */
static inline unsigned int ich_nr_lrs(void)
{
	unsigned int n = (unsigned int)ich_vtr_el2_listregs_get(ich_vtr_el2_read()) + 1u;

	return n > ICH_LR_EL2_COUNT ? ICH_LR_EL2_COUNT : n;
}

static inline unsigned int ich_nr_pri_bits(void)
{
	return (unsigned int)ich_vtr_el2_pribits_get(ich_vtr_el2_read()) + 1u;
}

static inline unsigned int ich_nr_pre_bits(void)
{
	return (unsigned int)ich_vtr_el2_prebits_get(ich_vtr_el2_read()) + 1u;
}

/* Active-priority registers per group: 2^PREbits bits, 32 a register (1, 2 or
 * 4: PREbits is at most 7, though its field could say 8). */
static inline unsigned int ich_nr_aprs(void)
{
	unsigned int pre = ich_nr_pre_bits();

	return pre <= 5 ? 1u : pre >= 7 ? ICH_AP0R_EL2_COUNT : 1u << (pre - 5);
}

static inline int ich_lr_set(unsigned int n, const struct ich_lr_config *c)
{
	uint64_t v;
	int rc;

	if (n >= ich_nr_lrs())
		return -GICV3_EINVAL;
	rc = ich_lr_encode(c, &v);
	if (rc)
		return rc;
	ich_lr_el2_write(n, v);
	return 0;
}

static inline int ich_lr_get(unsigned int n, struct ich_lr_config *c)
{
	if (n >= ich_nr_lrs())
		return -GICV3_EINVAL;
	ich_lr_decode(ich_lr_el2_read(n), c);
	return 0;
}

/* Bitmaps of the first nr_lrs list registers: empty ones, and those with an
 * EOI maintenance request. */
static inline uint64_t ich_lr_bitmap_mask(unsigned int nr_lrs)
{
	return nr_lrs >= 64 ? ~0ull : (1ull << nr_lrs) - 1u;
}

static inline uint64_t ich_empty_lrs(unsigned int nr_lrs)
{
	return ich_elrsr_el2_status_get(ich_elrsr_el2_read()) & ich_lr_bitmap_mask(nr_lrs);
}

static inline uint64_t ich_eoi_lrs(unsigned int nr_lrs)
{
	return ich_eisr_el2_status_get(ich_eisr_el2_read()) & ich_lr_bitmap_mask(nr_lrs);
}

/* ICH_MISR_EL2: the maintenance conditions asserted now. */
static inline uint64_t ich_maint_status(void)
{
	return ich_misr_el2_read();
}

/* Turns maintenance sources (ICH_MAINT_ALL bits) on or off; the rest of HCR stays. */
static inline void ich_maint_set(uint64_t sources, bool on)
{
	uint64_t hcr = ich_hcr_el2_read();

	sources &= ICH_MAINT_ALL;
	ich_hcr_el2_write(on ? hcr | sources : hcr & ~sources);
}

/* ICH_VMCR_EL2, field by field (the guest's view of its ICV_CTLR/PMR/BPR/IGRPEN). */
struct ich_vmcr_fields {
	bool grp0_en, grp1_en, cbpr, eoi_mode;
	uint8_t bpr0, bpr1; /* binary points, 0-7 */
	uint8_t pri_mask;   /* 8-bit priority mask */
};

static inline uint64_t ich_vmcr_encode(const struct ich_vmcr_fields *f)
{
	uint64_t v = 0;

	v = ich_vmcr_el2_veng0_set(v, f->grp0_en);
	v = ich_vmcr_el2_veng1_set(v, f->grp1_en);
	v = ich_vmcr_el2_vcbpr_set(v, f->cbpr);
	v = ich_vmcr_el2_veoim_set(v, f->eoi_mode);
	v = ich_vmcr_el2_vbpr0_set(v, f->bpr0);
	v = ich_vmcr_el2_vbpr1_set(v, f->bpr1);
	return ich_vmcr_el2_vpmr_set(v, f->pri_mask);
}

static inline void ich_vmcr_decode(uint64_t v, struct ich_vmcr_fields *f)
{
	f->grp0_en = ich_vmcr_el2_veng0_get(v) != 0;
	f->grp1_en = ich_vmcr_el2_veng1_get(v) != 0;
	f->cbpr = ich_vmcr_el2_vcbpr_get(v) != 0;
	f->eoi_mode = ich_vmcr_el2_veoim_get(v) != 0;
	f->bpr0 = (uint8_t)ich_vmcr_el2_vbpr0_get(v);
	f->bpr1 = (uint8_t)ich_vmcr_el2_vbpr1_get(v);
	f->pri_mask = (uint8_t)ich_vmcr_el2_vpmr_get(v);
}

/* The virtual CPU interface state of one vCPU, as saved while it is off the PE. */
struct ich_cpu_state {
	uint64_t hcr, vmcr;
	uint64_t ap0r[ICH_AP0R_EL2_COUNT], ap1r[ICH_AP1R_EL2_COUNT];
	unsigned int nr_lrs;
	uint64_t lr[ICH_LR_EL2_COUNT];
};

/*
 * Saves this PE's virtual interface into *s and leaves it disabled and
 * empty (HCR 0, every LR invalid, no active priorities), ready for another
 * vCPU.  HCR is cleared first, so that no maintenance interrupt is asserted
 * while the rest is saved.
 */
static inline void ich_cpu_save(struct ich_cpu_state *s)
{
	unsigned int i, n = ich_nr_lrs(), a = ich_nr_aprs();

	s->hcr = ich_hcr_el2_read();
	ich_hcr_el2_write(0);
	s->vmcr = ich_vmcr_el2_read();
	s->nr_lrs = n;
	for (i = 0; i < n; i++) {
		s->lr[i] = ich_lr_el2_read(i);
		ich_lr_el2_write(i, 0);
	}
	for (i = 0; i < a; i++) {
		s->ap0r[i] = ich_ap0r_el2_read(i);
		s->ap1r[i] = ich_ap1r_el2_read(i);
		ich_ap0r_el2_write(i, 0);
		ich_ap1r_el2_write(i, 0);
	}
}

/* Restores *s; the interface is re-enabled last, with the saved HCR. */
static inline void ich_cpu_restore(const struct ich_cpu_state *s)
{
	unsigned int i, n = ich_nr_lrs(), a = ich_nr_aprs();

	for (i = 0; i < n; i++)
		ich_lr_el2_write(i, i < s->nr_lrs ? s->lr[i] : 0);
	for (i = 0; i < a; i++) {
		ich_ap0r_el2_write(i, s->ap0r[i]);
		ich_ap1r_el2_write(i, s->ap1r[i]);
	}
	ich_vmcr_el2_write(s->vmcr);
	ich_hcr_el2_write(s->hcr);
	aarch64_isb();
}

/* A fresh virtual CPU interface state: enabled, groups off, nothing listed. */
static inline void ich_cpu_state_reset(struct ich_cpu_state *s, unsigned int nr_lrs)
{
	unsigned int i;

	s->hcr = ICH_HCR_EL2_EN_MASK;
	s->vmcr = 0;
	for (i = 0; i < ICH_AP0R_EL2_COUNT; i++)
		s->ap0r[i] = s->ap1r[i] = 0;
	s->nr_lrs = nr_lrs > ICH_LR_EL2_COUNT ? ICH_LR_EL2_COUNT : nr_lrs;
	for (i = 0; i < ICH_LR_EL2_COUNT; i++)
		s->lr[i] = 0;
}

/*
 * Initialises this PE's virtual interface: every LR empty, no active
 * priorities, VMCR 0, maintenance sources off, interface enabled.  Returns
 * the number of list registers.
 */
static inline unsigned int ich_init(void)
{
	struct ich_cpu_state s;

	ich_cpu_state_reset(&s, ich_nr_lrs());
	ich_cpu_restore(&s);
	return s.nr_lrs;
}

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */
#endif
