/* SPDX-License-Identifier: MIT */
/* The exits handled before the full decode, inline in the run loop
 * (vcpu.c): they are on every exit, so they must not add a call. */
#ifndef MINIHYP_EXIT_FAST_H
#define MINIHYP_EXIT_FAST_H

#include <gicv2/gicd.h>

#include "aborts.h"
#include "id_regs.h"
#include "smccc.h"
#include "vdev.h"
#include "vm_log.h"

/* A handled trapped instruction: step over it (ESR_EL2.IL: 16 or 32 bits).
 * exit_fast() only gets here with PSTATE.SS clear: no step to complete. */
static inline void advance_pc_esr(struct vcpu *v, uint64_t esr)
{
	v->regs.pc += esr & ESR_EL2_IL_MASK ? 4 : 2;
}

enum { EXIT_SLOW, EXIT_DONE, EXIT_DONE_VGIC, EXIT_WFI };

/* A trapped read of an ID register (TID3): answered from id_reg_value()
 * without the full decode.  Anything else trapped as MSR/MRS: the slow
 * path. */
static inline int exit_fast_id_reg(struct vcpu *v, uint64_t esr)
{
	unsigned op0 = (unsigned)esr_el2_sys_op0_get(esr), op1 = (unsigned)esr_el2_sys_op1_get(esr);
	unsigned crn = (unsigned)esr_el2_sys_crn_get(esr), crm = (unsigned)esr_el2_sys_crm_get(esr);
	unsigned op2 = (unsigned)esr_el2_sys_op2_get(esr), rt = (unsigned)esr_el2_sys_rt_get(esr);

	if (esr_el2_sys_dir_get(esr) != ESR_EL2_SYS_DIR_READ || !sysreg_is_id(op0, op1, crn, crm))
		return EXIT_SLOW;
	if (rt != 31)
		v->regs.x[rt] = id_reg_value((uint16_t)AARCH64_SYSREG_ENC(op0, op1, crn, crm, op2));
	advance_pc_esr(v, esr);
	return EXIT_DONE;
}

/*
 * A trapped access with a valid syndrome (no sign extension) to an emulated
 * device other than the GICD: none of them touches the vGIC, so it needs
 * neither the full decode nor sync and flush.  A load leaves the value
 * zero-extended in Xt (Wt: the upper half cleared, which the access size
 * already ensures).  A refused access is decoded and gets its abort.
 */
static inline int exit_fast_mmio(struct vm *vm, unsigned n, struct vcpu *v, uint64_t esr,
				 uint64_t ipa, unsigned rt)
{
	struct vdev *d = vdev_find(ipa);
	unsigned size = 1u << esr_el2_sas_get(esr);
	uint64_t val = 0;

	if (!d)
		return EXIT_SLOW;
	if (esr & ESR_EL2_WNR_MASK) {
		if (!d->write(d, ipa - d->base, size, rt == 31 ? 0 : v->regs.x[rt]))
			goto refused;
	} else {
		if (!d->read(d, ipa - d->base, size, &val))
			goto refused;
		if (rt != 31)
			v->regs.x[rt] = val;
	}
	advance_pc_esr(v, esr);
	return EXIT_DONE;
refused:
	vcpu_exit_complete(v, VCPU_TRAP_SYNC, esr);
	mmio_refused(vm, n, v, d);
	return EXIT_DONE;
}

/*
 * Exits handled before the full decode: the null hypercall (the
 * benchmark's); a read of the emulated distributor while the vCPU has no LR
 * in use (GICD reads have no side effects, and with no LR in use there is
 * nothing to fold back first); a write of GICD_SGIR (the IPI path).
 * EXIT_DONE: straight back into the guest; EXIT_DONE_VGIC: through the
 * vGIC's sync and flush first; EXIT_SLOW: the full decode and handle_exit.
 */
static inline int exit_fast(struct vm *vm, unsigned n, struct vcpu *v, uint64_t esr)
{
	uint32_t ec = (uint32_t)esr_el2_ec_get(esr);
	uint64_t ipa, off;
	unsigned rt;

	if (ec == ESR_EL2_EC_HVC64) {
		uint32_t fid = (uint32_t)v->regs.x[0];

		if (esr_el2_imm16_get(esr) == 0) {
			if (fid == MINIHYP_HC_NULL) {
				v->regs.x[0] = 0;
				return EXIT_DONE;
			}
			if (smccc_fid_known(fid))
				return EXIT_SLOW;
		}
		/* an unknown call while the VM's messages are dropped: answered
		 * here, counted; otherwise the slow path says it */
		/* v is the first member of its slot: addressed from v's register */
		if (!vm_log_quiet(vm,
				  (struct vcpu_slot *)(void *)((char *)v -
							       offsetof(struct vcpu_slot, vcpu))))
			return EXIT_SLOW;
		v->regs.x[0] = (uint64_t)MINIHYP_RET_NOT_SUPPORTED;
		return EXIT_DONE;
	}
	/* What follows advances the PC (advance_pc_esr()): the slow path does
	 * it for AArch32 EL0 (handle_exit()) and for a software step
	 * (vcpu_advance_pc() clears PSTATE.SS).  One test for both bits. */
	{
		uint64_t ps = v->regs.pstate;

		_Static_assert(SPSR_EL2_SS_MASK == (uint64_t)VCPU_PSTATE_NRW << 17, "NRW, SS");
		if ((ps | ps >> 17) & VCPU_PSTATE_NRW)
			return EXIT_SLOW;
	}
	if (ec == ESR_EL2_EC_WFX && !(esr_el2_wfx_ti_get(esr) & ESR_EL2_WFX_TI_WFE)) {
		advance_pc_esr(v, esr);
		return EXIT_WFI; /* after sync: wait for an interrupt */
	}
	if (ec != ESR_EL2_EC_DABT_LOW ||
	    (esr & (ESR_EL2_ISV_MASK | ESR_EL2_SSE_MASK)) != ESR_EL2_ISV_MASK)
		return ec == ESR_EL2_EC_SYS64 ? exit_fast_id_reg(v, esr) : EXIT_SLOW;
	ipa = vcpu_exit_fault_ipa(far_el2_read(), hpfar_el2_read());
	off = ipa - GUEST_GICD_IPA;
	rt = (unsigned)esr_el2_srt_get(esr);
	if (off >= GUEST_GICD_SIZE)
		return exit_fast_mmio(vm, n, v, esr, ipa, rt);
	if (esr & ESR_EL2_WNR_MASK) {
		if (off != GICD_SGIR_OFFSET || esr_el2_sas_get(esr) != ESR_EL2_SAS_WORD)
			return EXIT_SLOW;
		advance_pc_esr(v, esr);
		/* SGIs to other vCPUs leave this one's vGIC state as it was:
		 * straight back; one to itself needs sync and flush first */
		return vgic_dist_sgir_write(&vm->vgic, n, rt == 31 ? 0 : (uint32_t)v->regs.x[rt]) >
				       0
			       ? EXIT_DONE_VGIC
			       : EXIT_DONE;
	}
	if (!vgic_vcpu_sync_is_trivial(&vm->vgic.vcpu[n]))
		return EXIT_SLOW;
	{
		uint32_t val;

		vgic_dist_mmio_read(&vm->vgic, n, (uint32_t)off, 1u << esr_el2_sas_get(esr), &val);
		if (rt != 31)
			v->regs.x[rt] = val; /* zero-extended: W or X destination */
	}
	advance_pc_esr(v, esr);
	return EXIT_DONE;
}

#endif
