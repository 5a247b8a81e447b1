/* SPDX-License-Identifier: MIT */
/*
 * The vCPU (hand-written): one virtual CPU of a VM, run at EL2.
 *
 * Lifecycle:
 *
 *     struct vcpu v;
 *     vcpu_create(&v, mpidr, dtb_ipa);          // registers at reset, x0 = DTB
 *     vcpu_setup(&v, &opts);                    // HCR_EL2, traps, pass-through
 *     vcpu_set_entry(&v, entry_ipa);
 *     vcpu_set_stage2_root(&v, stage2_vttbr(&s2, vmid), vtcr);
 *     vcpu_load(&v);                            // onto this physical CPU
 *     for (;;) {
 *             const struct vcpu_exit_info *e = vcpu_run(&v);
 *             ... emulate; vcpu_advance_pc(&v) where the exit needs it ...
 *     }
 *     vcpu_put(&v);                             // off this physical CPU
 *
 * What is switched when:
 *  - every entry/exit (asm/el2_vectors.S): x0..x30, PC (ELR_EL2) and PSTATE
 *    (SPSR_EL2), nothing else.  The host's callee-saved registers are saved
 *    on the EL2 stack by vcpu_guest_enter().
 *  - vcpu_load()/vcpu_put(): the EL1 system registers (vcpu/sysregs.h), the
 *    FP/SIMD registers (vcpu/fpsimd.h) and the per-VM EL2 state (HCR_EL2,
 *    VTTBR_EL2 with the VMID, VTCR_EL2, VMPIDR_EL2, VPIDR_EL2, CNTVOFF_EL2,
 *    CNTHCTL_EL2, CPTR_EL2, MDCR_EL2).  A hypervisor that, like minihyp, never uses
 *    FP/SIMD itself (-mgeneral-regs-only) leaves the guest's FP state in the
 *    registers from load to put.
 *
 * While a vCPU is loaded its EL1 registers live in the hardware, so the
 * injection helpers below write ELR_EL1/SPSR_EL1/ESR_EL1/FAR_EL1 there; when
 * it is not loaded they write the saved context.
 *
 * Exception injection follows the ARM ARM rules for an exception taken to
 * EL1 (and Linux KVM's inject_fault.c): the vector is VBAR_EL1 plus 0x000
 * (from EL1t), 0x200 (from EL1h), 0x400 (from EL0, AArch64) or 0x600 (from
 * AArch32); SPSR_EL1 = the interrupted PSTATE, ELR_EL1 = the faulting
 * instruction, new PSTATE = EL1h with D, A, I and F masked, PAN set when
 * FEAT_PAN is implemented and SCTLR_EL1.SPAN == 0, SSBS = SCTLR_EL1.DSSBS
 * when FEAT_SSBS is implemented.  (PSTATE.TCO is not modelled: minihyp does
 * not give its guests MTE.)
 *
 * Assembly: link asm/el2_vectors.S, which provides vcpu_guest_enter() and
 * the vector table el2_vectors, and define el2_exception() (called for an
 * exception taken at EL2 itself, see struct el2_exception_frame).
 */
#ifndef VCPU_VCPU_H
#define VCPU_VCPU_H

/* C declarations only: the header can be included from assembly too. */
#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "context.h"
#include "exit.h"
#include "fpsimd.h"
#include "hw.h"
#include "sysregs.h"
#include "../aarch64_sysreg/el1.h"
#include "../aarch64_sysreg/el2.h"
#include "../aarch64_sysreg/id.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What el2_exception() receives (built on the stack by asm/el2_vectors.S). */
struct el2_exception_frame {
	uint64_t x[31];
	uint64_t pad;
	uint64_t elr, spsr, esr, far;
};
#ifndef __cplusplus
_Static_assert(sizeof(struct el2_exception_frame) == 36 * 8, "EL2_FRAME_SIZE in asm/");
_Static_assert(offsetof(struct el2_exception_frame, elr) == 256, "frame layout of asm/");
#endif

/* Slots of the vector table passed to el2_exception(): 0..3 sync, IRQ, FIQ,
 * SError taken from EL2 with SP_EL0, 4..7 the same with SP_EL2. */
void el2_exception(unsigned slot, struct el2_exception_frame *f);

/* Per-VM EL2 state, written to the hardware by vcpu_load(). */
struct vcpu_el2_ctx {
	uint64_t hcr, vttbr, vtcr, vmpidr, vpidr, cntvoff, cnthctl, cptr, mdcr;
};

struct vcpu_options {
	/* EL1 may use the physical counter and timer directly
	 * (CNTHCTL_EL2.EL1PCTEN and EL1PCEN); otherwise they trap. */
	bool timer_passthrough;
	/* Physical IRQ and FIQ are taken to EL1 directly (HCR_EL2.IMO and FMO
	 * clear); otherwise they exit to the hypervisor. */
	bool irq_passthrough;
	/* HCR_EL2 bits set and cleared on top of HCR_EL2_GUEST_DEFAULT, e.g.
	 * TID3 or TACR to trap more system registers. */
	uint64_t hcr_set, hcr_clear;
	/* CNTVOFF_EL2: the guest's virtual counter is the physical one minus
	 * this. */
	uint64_t cntvoff;
};

struct vcpu {
	struct vcpu_gpregs regs; /* the frame of asm/: TPIDR_EL2 points here */
	struct vcpu_fpsimd fp;
	struct vcpu_el1_ctx el1;
	struct vcpu_el2_ctx el2;
	struct vcpu_exit_info exit; /* the last exit, decoded by vcpu_run() */
	uint64_t mpidr;
	bool loaded;
};
#ifndef __cplusplus
_Static_assert(offsetof(struct vcpu, regs) == 0, "the frame first: vcpu_of_gpregs()");
#endif

/* Reset and trap settings of a vCPU. */
#define VCPU_PSTATE_RESET (VCPU_PSTATE_DAIF | VCPU_PSTATE_MODE_EL1H)
/* SCTLR_EL1: MMU and caches off, little-endian, and the bits that are RES1
 * without their features set, as in Armv8.0 (SPAN: PSTATE.PAN unchanged on
 * exception entry). */
#define VCPU_SCTLR_EL1_RESET                                                                       \
	(SCTLR_EL1_RES1 | SCTLR_EL1_EOS_MASK | SCTLR_EL1_TSCXT_MASK | SCTLR_EL1_EIS_MASK |         \
	 SCTLR_EL1_SPAN_MASK | SCTLR_EL1_NTLSMD_MASK | SCTLR_EL1_LSMAOE_MASK)
/* CPTR_EL2 (E2H == 0): SVE and SME trap (TZ, TSM), so do the trace unit's
 * system registers (TTA); FP/SIMD does not (TFP clear). */
#define VCPU_CPTR_EL2_GUEST                                                                        \
	(CPTR_EL2_RES1 | CPTR_EL2_TZ_MASK | CPTR_EL2_TSM_MASK | CPTR_EL2_TTA_MASK)
/*
 * MDCR_EL2: the guest owns neither the PMU nor the debug hardware.  Every
 * PMU register access traps (TPM, TPMCR): the hypervisor hides the PMU
 * (ID_AA64DFR0_EL1.PMUVer = 0) and makes them UNDEFINED, so no counter can
 * see EL2.  Every debug register access traps (TDA: breakpoints,
 * watchpoints, MDSCR_EL1, DCC; TDOSA: OS lock, power-down; TDRA: debug ROM
 * address), for the hypervisor to emulate.  TDE clear: debug exceptions go
 * to EL1, and none is generated at EL2.  HPMN (the counters reserved to
 * EL1/EL0) keeps its reset value, PMCR_EL0.N; fields of optional features
 * (SPE, trace filter, ...) stay 0.
 */
#define VCPU_MDCR_EL2_GUEST                                                                        \
	(MDCR_EL2_TPM_MASK | MDCR_EL2_TPMCR_MASK | MDCR_EL2_TDA_MASK | MDCR_EL2_TDOSA_MASK |       \
	 MDCR_EL2_TDRA_MASK)

/* Registers at reset: x0 = dtb (the Linux boot protocol), EL1h with DAIF
 * masked, SCTLR_EL1 with the MMU off, VMPIDR_EL2 = mpidr, VPIDR_EL2 = the
 * physical MIDR_EL1. */
static inline void vcpu_create(struct vcpu *v, uint64_t mpidr, uint64_t dtb)
{
	unsigned char *p = (unsigned char *)v;
	size_t i;

	for (i = 0; i < sizeof(*v); i++)
		p[i] = 0;
	v->mpidr = mpidr;
	v->regs.x[0] = dtb;
	v->regs.pstate = VCPU_PSTATE_RESET;
	v->el1.sctlr = VCPU_SCTLR_EL1_RESET;
	v->el2.vmpidr = mpidr | VMPIDR_EL2_RES1;
	v->el2.vpidr = midr_el1_read();
	v->el2.hcr = HCR_EL2_GUEST_DEFAULT;
	v->el2.cptr = VCPU_CPTR_EL2_GUEST;
	v->el2.mdcr = VCPU_MDCR_EL2_GUEST | (mdcr_el2_read() & MDCR_EL2_HPMN_MASK);
}

static inline void vcpu_setup(struct vcpu *v, const struct vcpu_options *o)
{
	uint64_t hcr = (HCR_EL2_GUEST_DEFAULT | o->hcr_set) & ~o->hcr_clear;

	if (o->irq_passthrough)
		hcr &= ~(HCR_EL2_IMO_MASK | HCR_EL2_FMO_MASK);
	v->el2.hcr = hcr;
	v->el2.cnthctl =
		o->timer_passthrough ? CNTHCTL_EL2_EL1PCTEN_MASK | CNTHCTL_EL2_EL1PCEN_MASK : 0;
	v->el2.cntvoff = o->cntvoff;
	v->el2.cptr = VCPU_CPTR_EL2_GUEST;
}

static inline void vcpu_set_entry(struct vcpu *v, uint64_t pc)
{
	v->regs.pc = pc;
}

/* vttbr: stage-2 root PA with the VMID in bits 63:48 (stage2_vttbr()). */
static inline void vcpu_set_stage2_root(struct vcpu *v, uint64_t vttbr, uint64_t vtcr)
{
	v->el2.vttbr = vttbr;
	v->el2.vtcr = vtcr;
}

/* Puts the vCPU's EL2, EL1 and FP/SIMD state on this physical CPU and
 * invalidates the stage-1+2 TLB entries of its VMID. */
static inline void vcpu_load(struct vcpu *v)
{
	vtcr_el2_write(v->el2.vtcr);
	vttbr_el2_write(v->el2.vttbr);
	vmpidr_el2_write(v->el2.vmpidr);
	vpidr_el2_write(v->el2.vpidr);
	cntvoff_el2_write(v->el2.cntvoff);
	cnthctl_el2_write(v->el2.cnthctl);
	cptr_el2_write(v->el2.cptr);
	mdcr_el2_write(v->el2.mdcr);
	hcr_el2_write(v->el2.hcr);
#if !AARCH64_SYSREG_USE_MOCK
	__asm__ volatile("isb\n\ttlbi vmalls12e1is\n\tdsb ish\n\tisb" ::: "memory");
#endif
	vcpu_el1_ctx_restore(&v->el1);
	vcpu_fpsimd_restore(&v->fp);
	tpidr_el2_write((uint64_t)(uintptr_t)&v->regs);
	v->loaded = true;
}

/* Saves the EL1 and FP/SIMD state back into the vCPU. */
static inline void vcpu_put(struct vcpu *v)
{
	vcpu_el1_ctx_save(&v->el1);
	vcpu_fpsimd_save(&v->fp);
	v->loaded = false;
}

/* Decodes the exit that vcpu_guest_enter() returned `trap` for into
 * v->exit.  Reads ESR_EL2 for a synchronous exit or an SError, FAR_EL2 and
 * HPFAR_EL2 only for an abort. */
static inline const struct vcpu_exit_info *vcpu_exit_complete(struct vcpu *v, unsigned trap)
{
	struct vcpu_exit_info *e = &v->exit;

	if (trap == VCPU_TRAP_SYNC) {
		uint64_t esr = esr_el2_read();

		if (vcpu_exit_is_abort(esr))
			vcpu_exit_decode(esr, far_el2_read(), hpfar_el2_read(), e);
		else
			vcpu_exit_decode(esr, 0, 0, e);
		return e;
	}
	e->ec = 0;
	e->insn_len = 0;
	e->esr = trap == VCPU_TRAP_SERROR ? esr_el2_read() : 0;
	if (trap >= VCPU_TRAP_USER) {
		e->reason = VCPU_EXIT_EARLY;
		e->early = trap;
	} else {
		e->reason = trap == VCPU_TRAP_IRQ   ? VCPU_EXIT_IRQ
			    : trap == VCPU_TRAP_FIQ ? VCPU_EXIT_FIQ
						    : VCPU_EXIT_SERROR;
	}
	return e;
}

/* Runs the (loaded) vCPU until its next exit that the early handlers (if
 * any, vcpu/exit_table.h) do not complete, and decodes it into v->exit. */
static inline const struct vcpu_exit_info *vcpu_run(struct vcpu *v)
{
	return vcpu_exit_complete(v, vcpu_guest_enter(&v->regs));
}

/*
 * Completes a trapped instruction that the hypervisor emulated: the PC
 * moves past it (len: 2 or 4 bytes) and PSTATE.SS is cleared.  A trapped
 * instruction did not complete, so SPSR_EL2.SS says "step still to do";
 * once it has been emulated the step is done, and with SS clear the guest
 * takes its software-step exception right after the instruction (ARM ARM,
 * "Software Step exceptions": the active-pending state), as KVM's
 * kvm_incr_pc() does.
 */
static inline void vcpu_skip_insn(struct vcpu_gpregs *r, unsigned len)
{
	r->pc += len;
	r->pstate &= ~SPSR_EL2_SS_MASK;
}

/* Moves the guest PC past the trapped instruction when the last exit needs
 * it (vcpu_exit_needs_pc_advance()), see vcpu_skip_insn(). */
static inline void vcpu_advance_pc(struct vcpu *v)
{
	if (vcpu_exit_needs_pc_advance(&v->exit))
		vcpu_skip_insn(&v->regs, v->exit.insn_len);
}

/* Register n as the trapped instruction sees it (31 = XZR). */
static inline uint64_t vcpu_get_reg(const struct vcpu *v, unsigned n)
{
	return vcpu_gpregs_get(&v->regs, n);
}

static inline void vcpu_set_reg(struct vcpu *v, unsigned n, uint64_t val)
{
	vcpu_gpregs_set(&v->regs, n, val);
}

/* Completes a trapped MMIO load: data as the instruction leaves it in Xt/Wt
 * (size, sign extension, 32/64-bit destination). */
static inline void vcpu_complete_mmio_load(struct vcpu *v, uint64_t data)
{
	vcpu_set_reg(v, v->exit.dabt.rt, vcpu_mmio_load_value(&v->exit.dabt, data));
}

/* Offset from VBAR_EL1 of the synchronous vector for an exception taken to
 * EL1 from the given PSTATE. */
static inline uint64_t vcpu_sync_vector_offset(uint64_t pstate)
{
	if (pstate & VCPU_PSTATE_NRW)
		return 0x600;
	switch (pstate & VCPU_PSTATE_MODE_MASK) {
	case VCPU_PSTATE_MODE_EL0T:
		return 0x400;
	case VCPU_PSTATE_MODE_EL1T:
		return 0x000;
	default:
		return 0x200;
	}
}

/* Whether the exception is taken from EL0 (or AArch32): selects the "lower
 * EL" exception classes. */
static inline bool vcpu_from_el0(uint64_t pstate)
{
	return (pstate & VCPU_PSTATE_NRW) ||
	       (pstate & VCPU_PSTATE_MODE_MASK) == VCPU_PSTATE_MODE_EL0T;
}

/* Takes a synchronous exception to EL1 with syndrome `esr`; FAR_EL1 = far
 * when set_far. */
static inline void vcpu_inject_sync(struct vcpu *v, uint64_t esr, bool set_far, uint64_t far)
{
	uint64_t old = v->regs.pstate, sctlr, vbar, pstate;

	if (v->loaded) {
		elr_el1_write(v->regs.pc);
		spsr_el1_write(old);
		esr_el1_write(esr);
		if (set_far)
			far_el1_write(far);
		vbar = vbar_el1_read();
		sctlr = sctlr_el1_read();
	} else {
		v->el1.elr_el1 = v->regs.pc;
		v->el1.spsr_el1 = old;
		v->el1.esr = esr;
		if (set_far)
			v->el1.far = far;
		vbar = v->el1.vbar;
		sctlr = v->el1.sctlr;
	}
	pstate = VCPU_PSTATE_DAIF | VCPU_PSTATE_MODE_EL1H;
	if (((id_aa64mmfr1_el1_read() & ID_AA64MMFR1_EL1_PAN_MASK) != 0) &&
	    !(sctlr & SCTLR_EL1_SPAN_MASK))
		pstate |= VCPU_PSTATE_PAN;
	if ((id_aa64pfr1_el1_read() & ID_AA64PFR1_EL1_SSBS_MASK) != 0 &&
	    (sctlr & SCTLR_EL1_DSSBS_MASK))
		pstate |= SPSR_EL2_SSBS_MASK;
	v->regs.pstate = pstate;
	v->regs.pc = vbar + vcpu_sync_vector_offset(old);
}

/* IL of the injected syndrome: that of the trapped instruction. */
static inline uint64_t vcpu_exit_il(const struct vcpu *v)
{
	return v->exit.insn_len == 2 ? 0 : ESR_EL1_IL_MASK;
}

/* UNDEFINED instruction: ESR_EL1.EC = 0 (unknown reason). */
static inline void vcpu_inject_undef(struct vcpu *v)
{
	vcpu_inject_sync(v, ((uint64_t)ESR_EL1_EC_UNKNOWN << ESR_EL1_EC_SHIFT) | vcpu_exit_il(v),
			 false, 0);
}

/* Synchronous external abort on a data access at virtual address far
 * (EC 0x25 from EL1, 0x24 from EL0; WnR as the access). */
static inline void vcpu_inject_dabt(struct vcpu *v, uint64_t far, bool write)
{
	uint64_t ec = vcpu_from_el0(v->regs.pstate) ? ESR_EL1_EC_DABT_LOW : ESR_EL1_EC_DABT_CUR;

	vcpu_inject_sync(v,
			 (ec << ESR_EL1_EC_SHIFT) | vcpu_exit_il(v) |
				 (write ? ESR_EL1_WNR_MASK : 0) | ESR_EL1_DFSC_SYNC_EXT,
			 true, far);
}

/* Synchronous external abort on an instruction fetch (EC 0x21 / 0x20). */
static inline void vcpu_inject_iabt(struct vcpu *v, uint64_t far)
{
	uint64_t ec = vcpu_from_el0(v->regs.pstate) ? ESR_EL1_EC_IABT_LOW : ESR_EL1_EC_IABT_CUR;

	vcpu_inject_sync(v, (ec << ESR_EL1_EC_SHIFT) | vcpu_exit_il(v) | ESR_EL1_DFSC_SYNC_EXT,
			 true, far);
}

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */

#endif /* VCPU_VCPU_H */
