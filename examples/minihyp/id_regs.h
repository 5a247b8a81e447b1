/* SPDX-License-Identifier: MIT */
/* The guest's view of the ID registers: inline, as the exit fast path
 * answers a trapped ID register read with it (exit_early.c). */
#ifndef MINIHYP_ID_REGS_H
#define MINIHYP_ID_REGS_H

#include <vcpu/vcpu.h>

/* ID registers (HCR_EL2.TID3): op0 3, op1 0, CRn 0, CRm 1..7. */
static inline bool sysreg_is_id(unsigned op0, unsigned op1, unsigned crn, unsigned crm)
{
	return op0 == 3 && op1 == 0 && crn == 0 && crm >= 1 && crm <= 7;
}

/* What the guest sees of the AArch64 ID registers: the hardware's values,
 * with EL2 and EL3 hidden (the guest has EL1/EL0 only), EL0 and EL1 AArch64
 * only (minihyp does not run AArch32 code), and SVE, SME, MTE, pointer
 * authentication (ID_AA64ISAR1_EL1; ID_AA64ISAR2_EL1 reads as zero),
 * AMU, MPAM hidden (minihyp neither switches nor offers them).  The other
 * encodings of the ID space read as zero, as unallocated ID registers do. */
static inline uint64_t id_reg_value(uint16_t enc)
{
	uint64_t v;

	switch (enc) {
	case ID_AA64PFR0_EL1_ENC:
		v = id_aa64pfr0_el1_read();
		v &= ~(ID_AA64PFR0_EL1_EL0_MASK | ID_AA64PFR0_EL1_EL1_MASK |
		       ID_AA64PFR0_EL1_EL2_MASK | ID_AA64PFR0_EL1_EL3_MASK |
		       ID_AA64PFR0_EL1_SVE_MASK | ID_AA64PFR0_EL1_MPAM_MASK |
		       ID_AA64PFR0_EL1_AMU_MASK);
		v = id_aa64pfr0_el1_el0_set(v, ID_AA64PFR0_EL1_EL0_AARCH64);
		return id_aa64pfr0_el1_el1_set(v, ID_AA64PFR0_EL1_EL1_AARCH64);
	case ID_AA64PFR1_EL1_ENC:
		return id_aa64pfr1_el1_read() &
		       ~(ID_AA64PFR1_EL1_MTE_MASK | ID_AA64PFR1_EL1_SME_MASK);
	case ID_AA64DFR0_EL1_ENC:
		/* the debug architecture and the breakpoint, watchpoint and
		 * context-comparator counts of the hardware (their registers
		 * are emulated: handle_debug_sysreg()); no PMU, SPE, trace,
		 * BRBE; no OS double lock */
		v = id_aa64dfr0_el1_read() &
		    (ID_AA64DFR0_EL1_DEBUGVER_MASK | ID_AA64DFR0_EL1_BRPS_MASK |
		     ID_AA64DFR0_EL1_WRPS_MASK | ID_AA64DFR0_EL1_CTX_CMPS_MASK);
		return id_aa64dfr0_el1_doublelock_set(v, ID_AA64DFR0_EL1_DOUBLELOCK_NI);
	case ID_AA64ISAR0_EL1_ENC:
		return id_aa64isar0_el1_read();
	case ID_AA64ISAR1_EL1_ENC:
		/* pointer authentication traps to EL2 (HCR_EL2.API/APK clear)
		 * and its keys are not switched: hidden */
		return id_aa64isar1_el1_read() &
		       ~(ID_AA64ISAR1_EL1_APA_MASK | ID_AA64ISAR1_EL1_API_MASK |
			 ID_AA64ISAR1_EL1_GPA_MASK | ID_AA64ISAR1_EL1_GPI_MASK);
	case ID_AA64MMFR0_EL1_ENC:
		return id_aa64mmfr0_el1_read();
	case ID_AA64MMFR1_EL1_ENC:
		return id_aa64mmfr1_el1_read();
	case ID_AA64MMFR2_EL1_ENC:
		return id_aa64mmfr2_el1_read();
	default:
		return 0;
	}
}

#endif
