/* SPDX-License-Identifier: MIT */
/*
 * An architectural model of one PE's GICv3 virtual CPU interface (ICH_*_EL2
 * and the guest's ICV_* view, IHI 0069H.b 12.4 and chapter 6) over the
 * system-register mock, for the host tests: the vGIC writes ICH_LR<n>_EL2
 * and ICH_HCR_EL2 into the mock register file, the model computes
 * ICH_ELRSR_EL2, ICH_EISR_EL2 and ICH_MISR_EL2 from them in the words of the
 * specification, and plays the guest (acknowledge, priority drop,
 * deactivation).  The physical interrupts are those of vgic_gich_model.h.
 *
 * Simplifications, none of which the vGIC can observe: five priority and
 * preemption bits (QEMU's), binary point 0 (group priority = the top five
 * bits), EOImode 0, the guest reads the IAR of whichever group the
 * highest-priority pending LR is in.
 */
#ifndef VGIC_ICH_MODEL_H
#define VGIC_ICH_MODEL_H

#include "vgic_gich_model.h"

#include <aarch64_sysreg/ich.h>

#define ICH_MODEL_PRI_BITS 5u

static unsigned int ich_nr_lrs_model = 4;

static inline uint64_t ich_lr_model(unsigned int i)
{
	return ich_lr_el2_read(i);
}

static inline uint32_t ich_lr_state_model(unsigned int i)
{
	return (uint32_t)ich_lr_el2_state_get(ich_lr_model(i));
}

static inline bool ich_counts_pending(uint32_t state)
{
	/* "no List register is in the pending state": the same two readings
	 * as GICH_MISR.NP (vgic_gich_model.h) */
	return model_np_reading == NP_PENDING_BIT ? (state & ICH_LR_EL2_STATE_PENDING) != 0
						  : state == ICH_LR_EL2_STATE_PENDING;
}

/* ICH_ELRSR_EL2, ICH_EISR_EL2, ICH_MISR_EL2 from the LRs, HCR and VMCR. */
static inline void ich_update(void)
{
	uint64_t elrsr = 0, eisr = 0, misr = 0, hcr = ich_hcr_el2_read(),
		 vmcr = ich_vmcr_el2_read();
	unsigned int i, valid = 0, pending = 0;

	for (i = 0; i < ich_nr_lrs_model; i++) {
		uint64_t lr = ich_lr_model(i);
		bool hw = ich_lr_el2_hw_get(lr), eoi = !hw && ich_lr_el2_eoi_get(lr);
		uint32_t state = (uint32_t)ich_lr_el2_state_get(lr);

		/* ELRSR: State 0b00 and (HW 1 or EOI 0); EISR: State 0b00,
		 * HW 0, EOI 1 */
		if (state == ICH_LR_EL2_STATE_INVALID) {
			if (eoi)
				eisr |= 1ull << i;
			else
				elrsr |= 1ull << i;
		} else {
			valid++;
		}
		if (ich_counts_pending(state))
			pending++;
	}
	if (eisr)
		misr |= ICH_MISR_EL2_EOI_MASK;
	/* U: "zero or one of the List register entries are marked as a
	 * valid interrupt" */
	if ((hcr & ICH_HCR_EL2_UIE_MASK) && valid <= 1)
		misr |= ICH_MISR_EL2_U_MASK;
	if ((hcr & ICH_HCR_EL2_LRENPIE_MASK) && ich_hcr_el2_eoicount_get(hcr))
		misr |= ICH_MISR_EL2_LRENP_MASK;
	if ((hcr & ICH_HCR_EL2_NPIE_MASK) && pending == 0)
		misr |= ICH_MISR_EL2_NP_MASK;
	if ((hcr & ICH_HCR_EL2_VGRP0EIE_MASK) && ich_vmcr_el2_veng0_get(vmcr))
		misr |= ICH_MISR_EL2_VGRP0E_MASK;
	if ((hcr & ICH_HCR_EL2_VGRP0DIE_MASK) && !ich_vmcr_el2_veng0_get(vmcr))
		misr |= ICH_MISR_EL2_VGRP0D_MASK;
	if ((hcr & ICH_HCR_EL2_VGRP1EIE_MASK) && ich_vmcr_el2_veng1_get(vmcr))
		misr |= ICH_MISR_EL2_VGRP1E_MASK;
	if ((hcr & ICH_HCR_EL2_VGRP1DIE_MASK) && !ich_vmcr_el2_veng1_get(vmcr))
		misr |= ICH_MISR_EL2_VGRP1D_MASK;
	aarch64_sysreg_mock_write(ICH_ELRSR_EL2_ENC, elrsr);
	aarch64_sysreg_mock_write(ICH_EISR_EL2_ENC, eisr);
	aarch64_sysreg_mock_write(ICH_MISR_EL2_ENC, misr);
}

/* The maintenance interrupt: ICH_HCR_EL2.En and a MISR condition. */
static inline bool ich_maintenance_asserted(void)
{
	ich_update();
	return (ich_hcr_el2_read() & ICH_HCR_EL2_EN_MASK) && ich_misr_el2_read() != 0;
}

/* A PE with nr_lrs LRs and five priority and preemption bits; the
 * physical model of vgic_gich_model.h reset with it. */
static inline void ich_reset(unsigned int nr_lrs)
{
	uint64_t vtr = ich_vtr_el2_listregs_set(0, nr_lrs - 1);

	hw_reset(nr_lrs);
	aarch64_sysreg_mock_reset();
	vtr = ich_vtr_el2_prebits_set(vtr, ICH_MODEL_PRI_BITS - 1);
	vtr = ich_vtr_el2_pribits_set(vtr, ICH_MODEL_PRI_BITS - 1);
	aarch64_sysreg_mock_write(ICH_VTR_EL2_ENC, vtr);
	ich_nr_lrs_model = nr_lrs;
	ich_update();
}

/* Group priority of an 8-bit priority: its APR bit (five preemption bits). */
static inline unsigned int ich_apr_bit(uint64_t prio)
{
	return (unsigned int)(prio >> (8 - ICH_MODEL_PRI_BITS));
}

/* The running priority's APR bit, or 32 (idle): the lowest bit set in
 * ICH_AP0R0_EL2 | ICH_AP1R0_EL2. */
static inline unsigned int ich_running_bit(void)
{
	uint64_t apr = ich_ap0r_el2_read(0) | ich_ap1r_el2_read(0);

	return apr ? (unsigned int)__builtin_ctzll(apr) : 32;
}

/* ICV_IAR0/1_EL1: the highest-priority LR in the pending state whose group
 * priority is higher than the running priority becomes active, its group
 * priority active in ICH_AP<group>R0_EL2.  The LR, or -1 (a spurious
 * INTID). */
static inline int ich_guest_ack(void)
{
	int best = -1;
	unsigned int i;

	for (i = 0; i < ich_nr_lrs_model; i++) {
		uint64_t lr = ich_lr_model(i);

		if (ich_lr_el2_state_get(lr) != ICH_LR_EL2_STATE_PENDING ||
		    ich_apr_bit(ich_lr_el2_priority_get(lr)) >= ich_running_bit())
			continue;
		if (best < 0 || ich_lr_el2_priority_get(lr) <
					ich_lr_el2_priority_get(ich_lr_model((unsigned)best)))
			best = (int)i;
	}
	if (best >= 0) {
		uint64_t lr = ich_lr_model((unsigned)best);
		uint64_t bit = 1ull << ich_apr_bit(ich_lr_el2_priority_get(lr));

		ich_lr_el2_write((unsigned)best, ich_lr_el2_state_set(lr, ICH_LR_EL2_STATE_ACTIVE));
		if (ich_lr_el2_group_get(lr))
			ich_ap1r_el2_write(0, ich_ap1r_el2_read(0) | bit);
		else
			ich_ap0r_el2_write(0, ich_ap0r_el2_read(0) | bit);
	}
	ich_update();
	return best;
}

static inline uint32_t ich_guest_lr_intid(int lr)
{
	MODEL_CHECK(lr >= 0 && (unsigned int)lr < ich_nr_lrs_model);
	return (uint32_t)ich_lr_el2_vintid_get(ich_lr_model((unsigned)lr));
}

/* Priority drop: the running priority leaves the active priorities. */
static inline bool ich_guest_priority_drop(void)
{
	unsigned int bit = ich_running_bit();
	uint64_t mask = bit < 32 ? 1ull << bit : 0;

	ich_ap0r_el2_write(0, ich_ap0r_el2_read(0) & ~mask);
	ich_ap1r_el2_write(0, ich_ap1r_el2_read(0) & ~mask);
	return mask != 0;
}

/* ICV_EOIR (EOImode 0) for virtual `intid`: priority drop, then the LR
 * holding it active is deactivated (HW = 1: the physical interrupt with
 * it); with no such LR, an EOI that dropped a priority counts in
 * ICH_HCR_EL2.EOIcount. */
static inline void ich_guest_eoi_intid(uint32_t intid)
{
	bool dropped = ich_guest_priority_drop();
	unsigned int i;

	for (i = 0; i < ich_nr_lrs_model; i++) {
		uint64_t lr = ich_lr_model(i);

		if (!(ich_lr_el2_state_get(lr) & ICH_LR_EL2_STATE_ACTIVE) ||
		    ich_lr_el2_vintid_get(lr) != intid)
			continue;
		if (ich_lr_el2_hw_get(lr)) {
			hw_phys_deactivate(hw_cur_pcpu, (uint32_t)ich_lr_el2_pintid_get(lr));
			hw_phys_deactivations++;
		}
		ich_lr_el2_write(i, ich_lr_el2_state_set(lr, ich_lr_el2_state_get(lr) &
								     ICH_LR_EL2_STATE_PENDING));
		ich_update();
		return;
	}
	if (dropped) {
		uint64_t hcr = ich_hcr_el2_read();

		hcr = ich_hcr_el2_eoicount_set(hcr, ich_hcr_el2_eoicount_get(hcr) + 1);
		ich_hcr_el2_write(hcr);
	}
	ich_update();
}

/* The LR holding virtual `intid` in a valid state, -1 if none (never two). */
static inline int ich_find_lr(uint32_t intid)
{
	unsigned int i;
	int found = -1;

	for (i = 0; i < ich_nr_lrs_model; i++) {
		uint64_t lr = ich_lr_model(i);

		if (ich_lr_el2_state_get(lr) != ICH_LR_EL2_STATE_INVALID &&
		    ich_lr_el2_vintid_get(lr) == intid) {
			MODEL_CHECK(found == -1);
			found = (int)i;
		}
	}
	return found;
}

#endif /* VGIC_ICH_MODEL_H */
