/* SPDX-License-Identifier: MIT */
/*
 * EL1/EL0 system-register context of a vCPU: what a hypervisor saves when a
 * vCPU leaves a physical CPU and restores before it runs again there (non-VHE:
 * at EL2 with HCR_EL2.E2H == 0 the *_EL1 encodings reach the EL1 registers).
 *
 * Every access goes through the generated accessors (include/aarch64_sysreg/
 * el1.h, timer.h), so on the host it reads and writes the mock register file.
 *
 * VCPU_EL1_CTX_REGS(X) lists the registers once, as X(field, accessor, encoding),
 * in restore order (CNTV_CVAL_EL0 before CNTV_CTL_EL0, so that re-enabling the
 * virtual timer never compares against a stale value).  Users can expand it
 * for their own needs (dumping a context, tests).
 */
#ifndef VCPU_SYSREGS_H
#define VCPU_SYSREGS_H

/* C declarations only: the header can be included from assembly too. */
#ifndef __ASSEMBLER__

#include <stdint.h>

#include "../aarch64_sysreg/el1.h"
#include "../aarch64_sysreg/timer.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VCPU_EL1_CTX_REGS(X)                                                                       \
	X(sctlr, sctlr_el1, SCTLR_EL1_ENC)                                                         \
	X(ttbr0, ttbr0_el1, TTBR0_EL1_ENC)                                                         \
	X(ttbr1, ttbr1_el1, TTBR1_EL1_ENC)                                                         \
	X(tcr, tcr_el1, TCR_EL1_ENC)                                                               \
	X(mair, mair_el1, MAIR_EL1_ENC)                                                            \
	X(amair, amair_el1, AMAIR_EL1_ENC)                                                         \
	X(vbar, vbar_el1, VBAR_EL1_ENC)                                                            \
	X(contextidr, contextidr_el1, CONTEXTIDR_EL1_ENC)                                          \
	X(tpidr_el0, tpidr_el0, TPIDR_EL0_ENC)                                                     \
	X(tpidr_el1, tpidr_el1, TPIDR_EL1_ENC)                                                     \
	X(tpidrro_el0, tpidrro_el0, TPIDRRO_EL0_ENC)                                               \
	X(sp_el1, sp_el1, SP_EL1_ENC)                                                              \
	X(elr_el1, elr_el1, ELR_EL1_ENC)                                                           \
	X(spsr_el1, spsr_el1, SPSR_EL1_ENC)                                                        \
	X(esr, esr_el1, ESR_EL1_ENC)                                                               \
	X(far, far_el1, FAR_EL1_ENC)                                                               \
	X(afsr0, afsr0_el1, AFSR0_EL1_ENC)                                                         \
	X(afsr1, afsr1_el1, AFSR1_EL1_ENC)                                                         \
	X(par, par_el1, PAR_EL1_ENC)                                                               \
	X(cpacr, cpacr_el1, CPACR_EL1_ENC)                                                         \
	X(cntkctl, cntkctl_el1, CNTKCTL_EL1_ENC)                                                   \
	X(csselr, csselr_el1, CSSELR_EL1_ENC)                                                      \
	X(mdscr, mdscr_el1, MDSCR_EL1_ENC)                                                         \
	X(cntv_cval, cntv_cval_el0, CNTV_CVAL_EL0_ENC)                                             \
	X(cntv_ctl, cntv_ctl_el0, CNTV_CTL_EL0_ENC)                                                \
	X(sp_el0, sp_el0, SP_EL0_ENC)

/* Number of registers in the context. */
#define VCPU_EL1_CTX_COUNT_ONE_(f, r, enc) +1
#define VCPU_EL1_CTX_NREGS		   (0 VCPU_EL1_CTX_REGS(VCPU_EL1_CTX_COUNT_ONE_))

struct vcpu_el1_ctx {
	uint64_t sctlr, ttbr0, ttbr1, tcr, mair, amair, vbar, contextidr, tpidr_el0, tpidr_el1,
		tpidrro_el0, sp_el1, elr_el1, spsr_el1, esr, far, afsr0, afsr1, par, cpacr, cntkctl,
		csselr, mdscr, cntv_ctl, cntv_cval;
	uint64_t sp_el0; /* addition: the guest's SP_EL0 (not in struct vcpu_gpregs) */
};

/* Reads every register of the list into c. */
static inline void vcpu_el1_ctx_save(struct vcpu_el1_ctx *c)
{
#define VCPU_EL1_CTX_SAVE_ONE_(f, r, enc) c->f = r##_read();
	VCPU_EL1_CTX_REGS(VCPU_EL1_CTX_SAVE_ONE_)
#undef VCPU_EL1_CTX_SAVE_ONE_
}

/* Writes every register of the list from c.  No barrier: the ERET into the
 * guest (or the caller's ISB) synchronises the context. */
static inline void vcpu_el1_ctx_restore(const struct vcpu_el1_ctx *c)
{
#define VCPU_EL1_CTX_RESTORE_ONE_(f, r, enc) r##_write(c->f);
	VCPU_EL1_CTX_REGS(VCPU_EL1_CTX_RESTORE_ONE_)
#undef VCPU_EL1_CTX_RESTORE_ONE_
}

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */

#endif /* VCPU_SYSREGS_H */
