/* SPDX-License-Identifier: MIT */
/*
 * minihyp's early exit handlers (include/vcpu/exit_table.h): the exits that
 * the exit path completes without returning to the run loop.  They are on
 * every exit of their class, so each must stay short (make bench).
 *  - HVC: the null hypercall (the benchmark's) and unknown functions while
 *    the VM's messages are dropped;
 *  - data aborts with a valid syndrome: emulated devices other than the
 *    GICD; GICD reads while the vCPU has no list register in use (nothing
 *    to fold back first); GICD_SGIR writes (the IPI path);
 *  - trapped reads of the ID registers (TID3);
 *  - WFI: completed, then the run loop waits (MH_EXIT_WFI).
 * Everything else returns VCPU_TRAP_SYNC: the run loop decodes it in full
 * (vcpu.c handle_exit()).
 */
#include <gicv2/gicd.h>
#include <vcpu/exit_table.h>

#include "aborts.h"
#include "exit_early.h"
#include "id_regs.h"
#include "smccc.h"
#include "vdev.h"
#include "vm_log.h"

/*
 * HVC: SMCCC calls (imm16 0).  The function ID is checked first, as every
 * call needs: an unknown one is answered NOT_SUPPORTED here once the VM's
 * messages are being dropped (vm_log_quiet() counts it), otherwise the run
 * loop says it; the null hypercall is answered here; any other known call
 * goes to the run loop (smccc.c).  Unknown calls in a loop therefore cost
 * no more than the null call (make bench: hvc_unknown_smccc).
 */
unsigned early_hvc(struct vcpu_gpregs *g, uint64_t esr)
{
	uint32_t fid = (uint32_t)g->x[0];
	struct vcpu_slot *s;

	if (smccc_fid_known(fid) && esr_el2_imm16_get(esr) == 0) {
		if (fid != MINIHYP_HC_NULL)
			return VCPU_TRAP_SYNC;
		g->x[0] = 0;
		return VCPU_EXIT_RESUME;
	}
	s = slot_of(g);
	if (!vm_log_quiet(s->vm, s))
		return VCPU_TRAP_SYNC;
	g->x[0] = (uint64_t)MINIHYP_RET_NOT_SUPPORTED;
	return VCPU_EXIT_RESUME;
}

/* WFI (not WFE): completed here; the run loop waits for an interrupt once
 * the vGIC state is synced. */
unsigned early_wfx(struct vcpu_gpregs *g, uint64_t esr)
{
	if (esr_el2_wfx_ti_get(esr) & ESR_EL2_WFX_TI_WFE)
		return VCPU_TRAP_SYNC;
	vcpu_exit_skip(g, esr);
	return MH_EXIT_WFI;
}

/* A trapped read of an ID register (TID3), answered from id_reg_value(). */
unsigned early_sys64(struct vcpu_gpregs *g, uint64_t esr)
{
	unsigned op0 = (unsigned)esr_el2_sys_op0_get(esr), op1 = (unsigned)esr_el2_sys_op1_get(esr);
	unsigned crn = (unsigned)esr_el2_sys_crn_get(esr), crm = (unsigned)esr_el2_sys_crm_get(esr);
	unsigned op2 = (unsigned)esr_el2_sys_op2_get(esr), rt = (unsigned)esr_el2_sys_rt_get(esr);

	if (esr_el2_sys_dir_get(esr) != ESR_EL2_SYS_DIR_READ || !sysreg_is_id(op0, op1, crn, crm))
		return VCPU_TRAP_SYNC;
	vcpu_gpregs_set(g, rt, id_reg_value((uint16_t)AARCH64_SYSREG_ENC(op0, op1, crn, crm, op2)));
	vcpu_exit_skip(g, esr);
	return VCPU_EXIT_RESUME;
}

/*
 * An access to an emulated device of the VM (s->devs) other than the GICD
 * and GICR, which early_dabt() and early_dabt3() test for first (minihyp
 * gives every VM its GIC at QEMU virt's addresses, vm.c): none of them
 * touches the vGIC.  A load leaves the value zero-extended in Xt (Wt: the upper half
 * cleared, which the access size already ensures; no sign extension here).
 * A refused access is decoded and gets its abort.
 */
__attribute__((noinline)) unsigned early_mmio(struct vcpu_gpregs *g, uint64_t esr, uint64_t ipa,
					      unsigned rt)
{
	struct vcpu_slot *s = slot_of(g);
	struct vdev *d = vdev_find(s->devs, ipa);
	unsigned size = 1u << esr_el2_sas_get(esr);
	uint64_t val = 0;

	if (!d)
		return VCPU_TRAP_SYNC;
	if (esr & ESR_EL2_WNR_MASK) {
		if (!d->write(d, ipa - d->base, size, vcpu_gpregs_get(g, rt)))
			goto refused;
	} else {
		if (!d->read(d, ipa - d->base, size, &val))
			goto refused;
		vcpu_gpregs_set(g, rt, val);
	}
	vcpu_exit_skip(g, esr);
	return VCPU_EXIT_RESUME;
refused:
	vcpu_exit_complete(&s->vcpu, VCPU_TRAP_SYNC);
	mmio_refused(s->vm, s->n, &s->vcpu, d);
	return VCPU_EXIT_RESUME;
}

/*
 * An access to the emulated distributor: a read while the vCPU has no list
 * register in use (GICD reads have no side effects, and with no LR in use
 * there is nothing to fold back first), or a write of GICD_SGIR.  Anything
 * else: the run loop.
 */
static __attribute__((noinline)) unsigned early_gicd(struct vcpu_gpregs *g, uint64_t esr,
						     uint32_t off, unsigned rt)
{
	struct vcpu_slot *s = slot_of(g);
	struct vgic *vg = &s->vm->vgic;
	uint32_t val;

	if (esr & ESR_EL2_WNR_MASK) {
		if (off != GICD_SGIR_OFFSET || esr_el2_sas_get(esr) != ESR_EL2_SAS_WORD)
			return VCPU_TRAP_SYNC;
		vcpu_exit_skip(g, esr);
		/* SGIs to other vCPUs leave this one's vGIC state as it was:
		 * straight back; one to itself needs sync and flush first */
		return vgic_dist_sgir_write(vg, s->n, (uint32_t)vcpu_gpregs_get(g, rt)) > 0
			       ? MH_EXIT_VGIC
			       : VCPU_EXIT_RESUME;
	}
	if (!vgic_vcpu_sync_is_trivial(s->gic))
		return VCPU_TRAP_SYNC;
	vgic_dist_mmio_read(vg, s->n, off, 1u << esr_el2_sas_get(esr), &val);
	vcpu_gpregs_set(g, rt, val); /* zero-extended: W or X destination */
	vcpu_exit_skip(g, esr);
	return VCPU_EXIT_RESUME;
}

/* A data abort with a valid syndrome and no sign extension: the GICD or
 * another emulated device (tail calls, so that each keeps its own frame). */
static unsigned early_dabt(struct vcpu_gpregs *g, uint64_t esr)
{
	uint64_t ipa, off;

	if ((esr & (ESR_EL2_ISV_MASK | ESR_EL2_SSE_MASK)) != ESR_EL2_ISV_MASK)
		return VCPU_TRAP_SYNC;
	ipa = vcpu_exit_read_fault_ipa();
	off = ipa - GUEST_GICD_IPA;
	if (off < GUEST_GICD_SIZE)
		return early_gicd(g, esr, (uint32_t)off, (unsigned)esr_el2_srt_get(esr));
	return early_mmio(g, esr, ipa, (unsigned)esr_el2_srt_get(esr));
}

const struct vcpu_exit_table mh_exit_table = {
	.ec =
		{
			[ESR_EL2_EC_HVC64] = early_hvc,
			[ESR_EL2_EC_DABT_LOW] = early_dabt,
			[ESR_EL2_EC_SYS64] = early_sys64,
			[ESR_EL2_EC_WFX] = early_wfx,
		},
};
