/* SPDX-License-Identifier: MIT */
/*
 * Decoding of guest exits taken to EL2 (Arm DDI 0487, D23 ESR_EL2, HPFAR_EL2,
 * FAR_EL2): the exception class, the data-abort syndrome a hypervisor needs
 * to emulate an MMIO access, trapped MSR/MRS, HVC/SMC immediates, WFI/WFE;
 * the rule for advancing the guest PC; the value an emulated load leaves in
 * the destination register.
 *
 * Field positions come from the generated accessors (regs/el2.yaml); nothing
 * here reads a register: vcpu_exit_decode() works on the values the caller
 * read (esr_el2_read(), far_el2_read(), hpfar_el2_read()), so it runs the
 * same on the host.
 */
#ifndef VCPU_EXIT_H
#define VCPU_EXIT_H

/* C declarations only: the header can be included from assembly too. */
#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../aarch64_sysreg/el2.h"

#ifdef __cplusplus
extern "C" {
#endif

enum vcpu_exit_reason {
	VCPU_EXIT_HVC,	  /* HVC64 from EL1 (EC 0x16) */
	VCPU_EXIT_SMC,	  /* SMC64 from EL1 trapped by HCR_EL2.TSC (EC 0x17) */
	VCPU_EXIT_DABT,	  /* data abort from a lower EL (EC 0x24) */
	VCPU_EXIT_IABT,	  /* instruction abort from a lower EL (EC 0x20) */
	VCPU_EXIT_SYSREG, /* trapped MSR/MRS/system instruction (EC 0x18) */
	VCPU_EXIT_WFI,	  /* WFI or WFIT trapped by HCR_EL2.TWI (EC 0x01) */
	VCPU_EXIT_WFE,	  /* WFE or WFET trapped by HCR_EL2.TWE (EC 0x01) */
	VCPU_EXIT_FPSIMD, /* FP/Advanced SIMD access trapped by CPTR_EL2.TFP (EC 0x07) */
	VCPU_EXIT_IRQ,	  /* asynchronous exits: set by the run loop, not by ESR */
	VCPU_EXIT_FIQ,
	VCPU_EXIT_SERROR, /* SError taken to EL2 (EC 0x2F) */
	VCPU_EXIT_OTHER,  /* any other EC: see vcpu_exit_info.ec */
	VCPU_EXIT_EARLY,  /* handled by an early handler (vcpu/exit_table.h): see .early */
};

struct vcpu_exit_dabt {
	uint64_t ipa;	  /* HPFAR_EL2.FIPA << 12 | FAR_EL2[11:0] */
	uint64_t far;	  /* FAR_EL2 (the guest VA), valid when far_valid */
	bool isv;	  /* false: no syndrome; size/sign_extend/rt/sf/acq_rel are 0 */
	bool write;	  /* WnR */
	uint8_t size;	  /* access size in bytes: 1, 2, 4, 8 (0 when !isv) */
	bool sign_extend; /* SSE */
	uint8_t rt;	  /* SRT, 31 = xzr/wzr */
	bool sf;	  /* 64-bit register (Xt), else Wt */
	bool acq_rel;	  /* AR: acquire/release semantics */
	bool s1ptw;	  /* stage-2 fault on a stage-1 table walk */
	bool cache_maint; /* CM: cache maintenance or AT instruction */
	bool far_valid;	  /* !FnV */
	uint8_t fsc;	  /* DFSC (ESR_EL2_DFSC_*) */
	bool ea;	  /* EA: external abort type (addition) */
};

struct vcpu_exit_iabt {
	uint64_t ipa, far; /* as for data aborts */
	bool s1ptw;
	uint8_t fsc;	/* IFSC (ESR_EL2_IFSC_*) */
	bool far_valid; /* !FnV (addition) */
};

struct vcpu_exit_sysreg {
	uint8_t op0, op1, crn, crm, op2, rt;
	bool read;    /* MRS (Direction = 1) */
	uint16_t enc; /* AARCH64_SYSREG_ENC(op0, op1, crn, crm, op2) */
};

/* WFI/WFE details (addition). */
struct vcpu_exit_wfx {
	uint8_t ti; /* ESR_EL2_WFX_TI_WFI / WFE / WFIT / WFET */
	bool rv;    /* rn is valid (WFIT/WFET with FEAT_WFxT) */
	uint8_t rn; /* register holding the WFIT/WFET timeout */
};

struct vcpu_exit_info {
	enum vcpu_exit_reason reason;
	uint32_t ec; /* ESR_EL2.EC */
	uint64_t esr;
	uint8_t insn_len; /* 2 or 4 (ESR_EL2.IL) */
	union {
		uint16_t imm; /* HVC/SMC immediate */
		struct vcpu_exit_dabt dabt;
		struct vcpu_exit_iabt iabt;
		struct vcpu_exit_sysreg sysreg;
		struct vcpu_exit_wfx wfx;
		unsigned early; /* VCPU_EXIT_EARLY: the handler's result */
	};
};

/* IPA of a stage-2 abort: HPFAR_EL2.FIPA gives bits [51:12], FAR_EL2 the
 * offset in the page.  (For a fault on a stage-1 walk, s1ptw, the page is the
 * one holding the descriptor; the offset bits then come from the original
 * access and are not meaningful.) */
static inline uint64_t vcpu_exit_fault_ipa(uint64_t far, uint64_t hpfar)
{
	return (hpfar_el2_fipa_get(hpfar) << 12) | (far & UINT64_C(0xfff));
}

/* Whether the exception class of esr is a stage-2 abort from a lower EL:
 * the exits that need FAR_EL2 and HPFAR_EL2. */
static inline bool vcpu_exit_is_abort(uint64_t esr)
{
	uint64_t ec = esr_el2_ec_get(esr);

	return ec == ESR_EL2_EC_DABT_LOW || ec == ESR_EL2_EC_IABT_LOW;
}

/*
 * Decodes a synchronous exception taken to EL2 from the values of ESR_EL2,
 * FAR_EL2 and HPFAR_EL2 (FAR/HPFAR are only used for aborts,
 * vcpu_exit_is_abort(); pass 0 otherwise).  Writes reason, ec, esr,
 * insn_len and every field of the union member that the reason selects
 * (imm, dabt, iabt, sysreg, wfx), nothing else.  Never fails: an EC it does
 * not know gives VCPU_EXIT_OTHER with the EC in out->ec.  Aborts from EL2
 * itself (EC 0x21/0x25) are not guest exits and also give VCPU_EXIT_OTHER.
 * HVC32/SMC32 (AArch32 guests) give VCPU_EXIT_OTHER too.
 */
static inline void vcpu_exit_decode(uint64_t esr, uint64_t far, uint64_t hpfar,
				    struct vcpu_exit_info *out)
{
	uint32_t ec = (uint32_t)esr_el2_ec_get(esr);

	out->ec = ec;
	out->esr = esr;
	out->insn_len = esr_el2_il_get(esr) == ESR_EL2_IL_IL32 ? 4 : 2;
	out->reason = VCPU_EXIT_OTHER;

	switch (ec) {
	case ESR_EL2_EC_HVC64:
		out->reason = VCPU_EXIT_HVC;
		out->imm = (uint16_t)esr_el2_imm16_get(esr);
		break;
	case ESR_EL2_EC_SMC64:
		out->reason = VCPU_EXIT_SMC;
		out->imm = (uint16_t)esr_el2_imm16_get(esr);
		break;
	case ESR_EL2_EC_DABT_LOW: {
		struct vcpu_exit_dabt *d = &out->dabt;

		out->reason = VCPU_EXIT_DABT;
		d->ipa = vcpu_exit_fault_ipa(far, hpfar);
		d->far = far;
		d->isv = esr_el2_isv_get(esr) != 0;
		/* no syndrome: no size, register, extension or ordering */
		d->size = d->isv ? (uint8_t)(1u << esr_el2_sas_get(esr)) : 0;
		d->sign_extend = d->isv && esr_el2_sse_get(esr) != 0;
		d->rt = d->isv ? (uint8_t)esr_el2_srt_get(esr) : 0;
		d->sf = d->isv && esr_el2_sf_get(esr) != 0;
		d->acq_rel = d->isv && esr_el2_ar_get(esr) != 0;
		d->write = esr_el2_wnr_get(esr) == ESR_EL2_WNR_WRITE;
		d->s1ptw = esr_el2_s1ptw_get(esr) != 0;
		d->cache_maint = esr_el2_cm_get(esr) != 0;
		d->far_valid = esr_el2_fnv_get(esr) == 0;
		d->ea = esr_el2_ea_get(esr) != 0;
		d->fsc = (uint8_t)esr_el2_dfsc_get(esr);
		break;
	}
	case ESR_EL2_EC_IABT_LOW:
		out->reason = VCPU_EXIT_IABT;
		out->iabt.ipa = vcpu_exit_fault_ipa(far, hpfar);
		out->iabt.far = far;
		out->iabt.s1ptw = esr_el2_iabt_s1ptw_get(esr) != 0;
		out->iabt.far_valid = esr_el2_iabt_fnv_get(esr) == 0;
		out->iabt.fsc = (uint8_t)esr_el2_ifsc_get(esr);
		break;
	case ESR_EL2_EC_SYS64: {
		struct vcpu_exit_sysreg *s = &out->sysreg;

		out->reason = VCPU_EXIT_SYSREG;
		s->op0 = (uint8_t)esr_el2_sys_op0_get(esr);
		s->op1 = (uint8_t)esr_el2_sys_op1_get(esr);
		s->crn = (uint8_t)esr_el2_sys_crn_get(esr);
		s->crm = (uint8_t)esr_el2_sys_crm_get(esr);
		s->op2 = (uint8_t)esr_el2_sys_op2_get(esr);
		s->rt = (uint8_t)esr_el2_sys_rt_get(esr);
		s->read = esr_el2_sys_dir_get(esr) == ESR_EL2_SYS_DIR_READ;
		s->enc = (uint16_t)AARCH64_SYSREG_ENC(s->op0, s->op1, s->crn, s->crm, s->op2);
		break;
	}
	case ESR_EL2_EC_WFX:
		out->wfx.ti = (uint8_t)esr_el2_wfx_ti_get(esr);
		out->wfx.rv = esr_el2_wfx_rv_get(esr) != 0;
		out->wfx.rn = (uint8_t)esr_el2_wfx_rn_get(esr);
		out->reason =
			(out->wfx.ti == ESR_EL2_WFX_TI_WFI || out->wfx.ti == ESR_EL2_WFX_TI_WFIT)
				? VCPU_EXIT_WFI
				: VCPU_EXIT_WFE;
		break;
	case ESR_EL2_EC_FP_ASIMD:
		out->reason = VCPU_EXIT_FPSIMD;
		break;
	case ESR_EL2_EC_SERROR:
		out->reason = VCPU_EXIT_SERROR;
		break;
	default:
		break;
	}
}

/*
 * Whether ELR_EL2 must be advanced by insn_len once the exit has been
 * emulated.  The preferred return address of a trapped instruction (SMC
 * trapped by TSC, MSR/MRS, WFI/WFE) and of a data abort is the instruction
 * itself; for HVC it is the next instruction (HVC is a call, not a trap).
 * FP/SIMD traps, instruction aborts, interrupts, SErrors and other exits
 * re-execute the instruction (once the hypervisor has fixed the cause).
 */
static inline bool vcpu_exit_needs_pc_advance(const struct vcpu_exit_info *e)
{
	switch (e->reason) {
	case VCPU_EXIT_SMC:
	case VCPU_EXIT_DABT:
	case VCPU_EXIT_SYSREG:
	case VCPU_EXIT_WFI:
	case VCPU_EXIT_WFE:
		return true;
	default:
		return false;
	}
}

/*
 * The value an emulated load of `data` (the bytes read from the device,
 * little-endian, in the low bits) leaves in Xt/Wt: truncated to the access
 * size, sign-extended when SSE, then, for a W register (!sf), to 32 bits with
 * the upper 32 bits zero.  Without a valid syndrome (size 0) only the !sf
 * truncation applies.  The caller does not write the result when rt == 31.
 */
static inline uint64_t vcpu_mmio_load_value(const struct vcpu_exit_dabt *d, uint64_t data)
{
	uint64_t v = data;

	if (d->size && d->size < 8) {
		unsigned bits = 8u * d->size;
		uint64_t mask = (UINT64_C(1) << bits) - 1;

		v &= mask;
		if (d->sign_extend && (v >> (bits - 1)) & 1)
			v |= ~mask;
	}
	if (!d->sf)
		v &= UINT64_C(0xffffffff);
	return v;
}

/* The bytes an emulated store writes (addition): the low `size` bytes of the
 * source register value (pass 0 when rt == 31, the zero register). */
static inline uint64_t vcpu_mmio_store_value(const struct vcpu_exit_dabt *d, uint64_t reg)
{
	if (d->size && d->size < 8)
		return reg & ((UINT64_C(1) << (8u * d->size)) - 1);
	return reg;
}

static inline const char *vcpu_exit_reason_name(enum vcpu_exit_reason r)
{
	switch (r) {
	case VCPU_EXIT_HVC:
		return "hvc";
	case VCPU_EXIT_SMC:
		return "smc";
	case VCPU_EXIT_DABT:
		return "dabt";
	case VCPU_EXIT_IABT:
		return "iabt";
	case VCPU_EXIT_SYSREG:
		return "sysreg";
	case VCPU_EXIT_WFI:
		return "wfi";
	case VCPU_EXIT_WFE:
		return "wfe";
	case VCPU_EXIT_FPSIMD:
		return "fpsimd";
	case VCPU_EXIT_IRQ:
		return "irq";
	case VCPU_EXIT_FIQ:
		return "fiq";
	case VCPU_EXIT_SERROR:
		return "serror";
	case VCPU_EXIT_OTHER:
		return "other";
	case VCPU_EXIT_EARLY:
		return "early";
	}
	return "invalid";
}

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */

#endif /* VCPU_EXIT_H */
