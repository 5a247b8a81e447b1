/* SPDX-License-Identifier: MIT */
/*
 * minihyp's early exit handlers for a GICv3 guest (the table vcpu.c gives
 * its vCPUs on a GICv3): those of exit_early.c, but
 *  - trapped writes of ICC_SGI1R_EL1, ICC_ASGI1R_EL1 and ICC_SGI0R_EL1 (the
 *    IPI path) go to vgic3_sgi_write;
 *  - reads of the emulated distributor and redistributors while the vCPU
 *    has no list register in use (nothing to fold back first) are answered
 *    here; every other access to them goes to the run loop (vdev.c), which
 *    syncs and flushes the vGIC around it.
 * A GICv2 guest's exits never come here: its table is unchanged.
 */
#include <aarch64_sysreg/icc.h>
#include <vcpu/exit_table.h>

#include "exit_early.h"
#include "vm.h"

/*
 * A trapped MSR of an SGI generation register.  DDI 0487 (ICC_SGI1R_EL1,
 * ICC_ASGI1R_EL1, ICC_SGI0R_EL1: accessibility pseudocode): at EL1 with EL2
 * enabled, an MSR traps to EL2 with EC 0x18 when HCR_EL2.IMO is 1 (SGI1R,
 * ASGI1R) or HCR_EL2.FMO is 1 (SGI0R); vcpu_setup() sets both for minihyp's
 * guests (physical interrupts are the hypervisor's).  Any other trapped
 * write: the run loop.
 */
static __attribute__((noinline)) unsigned early_sgi(struct vcpu_gpregs *g, uint64_t esr)
{
	unsigned enc = (unsigned)AARCH64_SYSREG_ENC(
		esr_el2_sys_op0_get(esr), esr_el2_sys_op1_get(esr), esr_el2_sys_crn_get(esr),
		esr_el2_sys_crm_get(esr), esr_el2_sys_op2_get(esr));
	struct vcpu_slot *s = slot_of(g);
	enum vgic3_sgi_reg reg;
	int r;

	if (enc == ICC_SGI1R_EL1_ENC)
		reg = VGIC3_SGI1R;
	else if (enc == ICC_ASGI1R_EL1_ENC)
		reg = VGIC3_ASGI1R;
	else if (enc == ICC_SGI0R_EL1_ENC)
		reg = VGIC3_SGI0R;
	else
		return VCPU_TRAP_SYNC;
	r = vgic3_sgi_write(&s->vm->vgic, s->n, reg,
			    vcpu_gpregs_get(g, (unsigned)esr_el2_sys_rt_get(esr)));
	if (r < 0)
		return VCPU_TRAP_SYNC;
	vcpu_exit_skip(g, esr);
	/* SGIs to other vCPUs leave this one's vGIC state as it was: straight
	 * back; one to itself needs sync and flush first */
	return r > 0 ? MH_EXIT_VGIC : VCPU_EXIT_RESUME;
}

static unsigned early_sys64_3(struct vcpu_gpregs *g, uint64_t esr)
{
	if (esr_el2_sys_dir_get(esr) != ESR_EL2_SYS_DIR_READ)
		return early_sgi(g, esr);
	return early_sys64(g, esr);
}

/* A read of the GICD (redist false) or the GICR frames, at `off` in them. */
static __attribute__((noinline)) unsigned early_gic3_read(struct vcpu_gpregs *g, uint64_t esr,
							  uint32_t off, bool redist)
{
	struct vcpu_slot *s = slot_of(g);
	struct vgic *vg = &s->vm->vgic;
	unsigned size = 1u << esr_el2_sas_get(esr);
	uint64_t val;

	if (!vgic_vcpu_sync_is_trivial(s->gic))
		return VCPU_TRAP_SYNC;
	if (redist)
		vgic3_redist_mmio_read(vg, s->n, off, size, &val);
	else
		vgic3_dist_mmio_read(vg, s->n, off, size, &val);
	vcpu_gpregs_set(g, (unsigned)esr_el2_srt_get(esr), val); /* zero-extended */
	vcpu_exit_skip(g, esr);
	return VCPU_EXIT_RESUME;
}

/* A data abort with a valid syndrome and no sign extension. */
static unsigned early_dabt3(struct vcpu_gpregs *g, uint64_t esr)
{
	uint64_t ipa;

	if ((esr & (ESR_EL2_ISV_MASK | ESR_EL2_SSE_MASK)) != ESR_EL2_ISV_MASK)
		return VCPU_TRAP_SYNC;
	ipa = vcpu_exit_read_fault_ipa();
	if (!(esr & ESR_EL2_WNR_MASK)) {
		if (ipa - GUEST_GICD_IPA < GUEST_GICD_SIZE)
			return early_gic3_read(g, esr, (uint32_t)(ipa - GUEST_GICD_IPA), false);
		if (ipa - GUEST_GICR_IPA < GUEST_GICR_SIZE)
			return early_gic3_read(g, esr, (uint32_t)(ipa - GUEST_GICR_IPA), true);
	} else if (ipa - GUEST_GICD_IPA < GUEST_GICD_SIZE ||
		   ipa - GUEST_GICR_IPA < GUEST_GICR_SIZE) {
		return VCPU_TRAP_SYNC;
	}
	return early_mmio(g, esr, ipa, (unsigned)esr_el2_srt_get(esr));
}

const struct vcpu_exit_table mh_exit_table3 = {
	.ec =
		{
			[ESR_EL2_EC_HVC64] = early_hvc,
			[ESR_EL2_EC_DABT_LOW] = early_dabt3,
			[ESR_EL2_EC_SYS64] = early_sys64_3,
			[ESR_EL2_EC_WFX] = early_wfx,
		},
};
