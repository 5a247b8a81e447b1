/* SPDX-License-Identifier: MIT */
/* SMCCC calls from the guest: minihyp's hypercalls, the vendor queries, PSCI.
 * smccc_fid_known() is inline: the early HVC handler uses it (exit_early.c). */
#ifndef MINIHYP_SMCCC_H
#define MINIHYP_SMCCC_H

#include <vcpu/psci.h>

#include "hypercall.h"
#include "vm.h"

/* Whether minihyp answers `fid` (W0) as more than NOT_SUPPORTED: its own
 * calls, the vendor-hypervisor queries and the standard range
 * (psci_dispatch()).  Anything else is answered without being looked at
 * further, in the exit fast path once the VM's messages are rate-limited. */
static inline bool smccc_fid_known(uint32_t fid)
{
	/* First one mask test on the top byte (fast call, SMC64, owner), which
	 * rules out nearly every other ID: a fast call, SMC32 or SMC64, whose
	 * owner has no bit set outside those of 4 and 6 (so 0, 2, 4 or 6: owner
	 * 2 is left to the full test). */
	enum {
		TOP_SHIFT = SMCCC_OWNER_SHIFT,
		TOP_MASK = (SMCCC_FAST_CALL |
			    (SMCCC_OWNER_MASK & ~((SMCCC_OWNER_STANDARD | SMCCC_OWNER_VENDOR_HYP)
						  << SMCCC_OWNER_SHIFT))) >>
			   TOP_SHIFT,
		TOP = SMCCC_FAST_CALL >> TOP_SHIFT
	};
	_Static_assert(((MINIHYP_HC_BASE >> TOP_SHIFT) & TOP_MASK) == TOP &&
			       ((MINIHYP_SMCCC_CALL_COUNT >> TOP_SHIFT) & TOP_MASK) == TOP &&
			       ((PSCI_0_2_FN_BASE >> TOP_SHIFT) & TOP_MASK) == TOP &&
			       ((PSCI_0_2_FN64_BASE >> TOP_SHIFT) & TOP_MASK) == TOP &&
			       ((SMCCC_VERSION_FUNC_ID >> TOP_SHIFT) & TOP_MASK) == TOP &&
			       (((SMCCC_VERSION_FUNC_ID | SMCCC_SMC64) >> TOP_SHIFT) & TOP_MASK) ==
				       TOP,
		       "the known owners pass the top-byte test");

	return ((fid >> TOP_SHIFT) & TOP_MASK) == TOP &&
	       (fid - MINIHYP_HC_BASE < MINIHYP_NR_CALLS || fid == MINIHYP_SMCCC_CALL_COUNT ||
		fid == MINIHYP_SMCCC_CALL_UID || fid == MINIHYP_SMCCC_REVISION ||
		psci_fid_in_range(fid));
}

void handle_smccc(struct vm *vm, unsigned n, bool smc);

/* psci.c: the VM's PSCI, which psci_dispatch() calls into */
extern const struct psci_ops vm_psci_ops;

#endif
