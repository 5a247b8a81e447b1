/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: the exit decoders of include/vcpu/exit.h (ESR_EL2 and
 * its ISS for each class, the fault IPA, the MMIO load/store values), on
 * any ESR_EL2/FAR_EL2/HPFAR_EL2.  No fault (ASan/UBSan), and what a
 * hypervisor relies on holds: one reason per class, sizes and register
 * numbers in range, values that fit the access.
 */
#include <string.h>

#include <vcpu/exit.h>

#include "fuzz_input.h"
#include "fuzz_vgic_check.h" /* FUZZ_CHECK */

/* Whether a and b agree on the header and the member of their reason. */
static bool same_decode(const struct vcpu_exit_info *a, const struct vcpu_exit_info *b)
{
	if (a->reason != b->reason || a->ec != b->ec || a->esr != b->esr ||
	    a->insn_len != b->insn_len)
		return false;
	switch (a->reason) {
	case VCPU_EXIT_HVC:
	case VCPU_EXIT_SMC:
		return a->imm == b->imm;
	case VCPU_EXIT_DABT:
		return a->dabt.ipa == b->dabt.ipa && a->dabt.far == b->dabt.far &&
		       a->dabt.isv == b->dabt.isv && a->dabt.write == b->dabt.write &&
		       a->dabt.size == b->dabt.size && a->dabt.sign_extend == b->dabt.sign_extend &&
		       a->dabt.rt == b->dabt.rt && a->dabt.sf == b->dabt.sf &&
		       a->dabt.acq_rel == b->dabt.acq_rel && a->dabt.s1ptw == b->dabt.s1ptw &&
		       a->dabt.cache_maint == b->dabt.cache_maint &&
		       a->dabt.far_valid == b->dabt.far_valid && a->dabt.fsc == b->dabt.fsc &&
		       a->dabt.ea == b->dabt.ea;
	case VCPU_EXIT_IABT:
		return a->iabt.ipa == b->iabt.ipa && a->iabt.far == b->iabt.far &&
		       a->iabt.s1ptw == b->iabt.s1ptw && a->iabt.fsc == b->iabt.fsc &&
		       a->iabt.far_valid == b->iabt.far_valid;
	case VCPU_EXIT_SYSREG:
		return a->sysreg.op0 == b->sysreg.op0 && a->sysreg.op1 == b->sysreg.op1 &&
		       a->sysreg.crn == b->sysreg.crn && a->sysreg.crm == b->sysreg.crm &&
		       a->sysreg.op2 == b->sysreg.op2 && a->sysreg.rt == b->sysreg.rt &&
		       a->sysreg.read == b->sysreg.read && a->sysreg.enc == b->sysreg.enc;
	case VCPU_EXIT_WFI:
	case VCPU_EXIT_WFE:
		return a->wfx.ti == b->wfx.ti && a->wfx.rv == b->wfx.rv && a->wfx.rn == b->wfx.rn;
	default:
		return true;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	uint64_t esr = fuzz_u64(&in), far = fuzz_u64(&in), hpfar = fuzz_u64(&in);
	uint64_t reg = fuzz_u64(&in);
	struct vcpu_exit_info e, again;
	uint32_t ec = (uint32_t)esr_el2_ec_get(esr);

	/* Decoded over different garbage, both agree on every field the
	 * decoder defines: the header and the member the reason selects. */
	memset(&e, 0, sizeof(e));
	memset(&again, 0xff, sizeof(again));
	vcpu_exit_decode(esr, far, hpfar, &e);
	vcpu_exit_decode(esr, far, hpfar, &again);
	FUZZ_CHECK(same_decode(&e, &again));
	FUZZ_CHECK(e.ec == ec && e.esr == esr);
	FUZZ_CHECK(e.insn_len == (esr_el2_il_get(esr) ? 4 : 2));
	FUZZ_CHECK(vcpu_exit_reason_name(e.reason) != NULL);
	FUZZ_CHECK((e.reason == VCPU_EXIT_HVC) == (ec == ESR_EL2_EC_HVC64));
	FUZZ_CHECK((e.reason == VCPU_EXIT_SMC) == (ec == ESR_EL2_EC_SMC64));
	FUZZ_CHECK((e.reason == VCPU_EXIT_DABT) == (ec == ESR_EL2_EC_DABT_LOW));
	FUZZ_CHECK((e.reason == VCPU_EXIT_IABT) == (ec == ESR_EL2_EC_IABT_LOW));
	FUZZ_CHECK((e.reason == VCPU_EXIT_SYSREG) == (ec == ESR_EL2_EC_SYS64));
	FUZZ_CHECK((e.reason == VCPU_EXIT_WFI || e.reason == VCPU_EXIT_WFE) ==
		   (ec == ESR_EL2_EC_WFX));
	FUZZ_CHECK(e.reason != VCPU_EXIT_IRQ && e.reason != VCPU_EXIT_FIQ);
	switch (e.reason) {
	case VCPU_EXIT_DABT: {
		const struct vcpu_exit_dabt *d = &e.dabt;
		uint64_t v = vcpu_mmio_load_value(d, reg), st = vcpu_mmio_store_value(d, reg);

		FUZZ_CHECK((d->ipa & 0xfff) == (far & 0xfff));
		FUZZ_CHECK(d->ipa >> 12 == hpfar_el2_fipa_get(hpfar));
		if (d->isv) {
			FUZZ_CHECK(d->size == 1 || d->size == 2 || d->size == 4 || d->size == 8);
			FUZZ_CHECK(d->rt <= 31);
			if (d->size < 8)
				FUZZ_CHECK(st >> (8 * d->size) == 0);
			if (d->size < 8 && !d->sign_extend)
				FUZZ_CHECK(v >> (8 * d->size) == 0);
		} else {
			FUZZ_CHECK(!d->size && !d->rt && !d->sf && !d->sign_extend && !d->acq_rel);
			FUZZ_CHECK(st == reg);
		}
		if (!d->sf)
			FUZZ_CHECK(v >> 32 == 0);
		FUZZ_CHECK(vcpu_exit_needs_pc_advance(&e));
		break;
	}
	case VCPU_EXIT_SYSREG: {
		const struct vcpu_exit_sysreg *s = &e.sysreg;

		FUZZ_CHECK(s->op0 <= 3 && s->op1 <= 7 && s->crn <= 15 && s->crm <= 15 &&
			   s->op2 <= 7 && s->rt <= 31);
		FUZZ_CHECK(s->enc == AARCH64_SYSREG_ENC(s->op0, s->op1, s->crn, s->crm, s->op2));
		FUZZ_CHECK(vcpu_exit_needs_pc_advance(&e));
		break;
	}
	case VCPU_EXIT_WFI:
	case VCPU_EXIT_WFE:
		FUZZ_CHECK(e.wfx.rn <= 31);
		FUZZ_CHECK(vcpu_exit_needs_pc_advance(&e));
		break;
	case VCPU_EXIT_HVC: /* a call: ELR_EL2 is past it already */
	case VCPU_EXIT_IABT:
		FUZZ_CHECK(!vcpu_exit_needs_pc_advance(&e));
		break;
	default:
		break;
	}
	return 0;
}
