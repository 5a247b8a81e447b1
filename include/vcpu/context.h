/* SPDX-License-Identifier: MIT */
/*
 * Guest general-register frame of a vCPU (hand-written).
 *
 * struct vcpu_gpregs is the frame that the EL2 entry/exit path in asm/
 * fills and restores: x0..x30, the guest PC (ELR_EL2) and the guest PSTATE
 * (SPSR_EL2).  While a vCPU runs, TPIDR_EL2 holds the address of its frame.
 * The byte offsets below are shared with the assembly, which includes this
 * header with __ASSEMBLER__ defined; _Static_asserts keep both in step.
 */
#ifndef VCPU_CONTEXT_H
#define VCPU_CONTEXT_H

#define VCPU_GPREGS_X(n)   ((n)*8)  /* x0..x30 */
#define VCPU_GPREGS_PC	   (31 * 8) /* ELR_EL2 of the guest */
#define VCPU_GPREGS_PSTATE (32 * 8) /* SPSR_EL2 of the guest */
#define VCPU_GPREGS_EXITS  (33 * 8) /* the early-exit table (vcpu/exit_table.h) */
#define VCPU_GPREGS_SIZE   (34 * 8) /* 16-byte multiple */

/*
 * What vcpu_guest_enter() returns: which vector slot was taken, or what an
 * early-exit handler returned (vcpu/exit_table.h).  0 is not among them: a
 * handler returns it (VCPU_EXIT_RESUME) to go straight back into the guest.
 */
#define VCPU_TRAP_SYNC	 1 /* synchronous, not handled early: decode it */
#define VCPU_TRAP_IRQ	 2
#define VCPU_TRAP_FIQ	 3
#define VCPU_TRAP_SERROR 4
#define VCPU_TRAP_USER	 8 /* and up: the hypervisor's own early-exit results */

/* PSTATE values (SPSR_ELx layout, AArch64): the generated SPSR_EL2 names */
#include "../aarch64_sysreg/el2.h"
#define VCPU_PSTATE_MODE_MASK SPSR_EL2_M_MASK
#define VCPU_PSTATE_MODE_EL0T SPSR_EL2_M_EL0T
#define VCPU_PSTATE_MODE_EL1T SPSR_EL2_M_EL1T
#define VCPU_PSTATE_MODE_EL1H SPSR_EL2_M_EL1H
#define VCPU_PSTATE_NRW	      SPSR_EL2_M4_MASK /* AArch32 */
#define VCPU_PSTATE_F	      SPSR_EL2_F_MASK
#define VCPU_PSTATE_I	      SPSR_EL2_I_MASK
#define VCPU_PSTATE_A	      SPSR_EL2_A_MASK
#define VCPU_PSTATE_D	      SPSR_EL2_D_MASK
#define VCPU_PSTATE_DAIF      (SPSR_EL2_D_MASK | SPSR_EL2_A_MASK | SPSR_EL2_I_MASK | SPSR_EL2_F_MASK)
#define VCPU_PSTATE_PAN	      SPSR_EL2_PAN_MASK /* FEAT_PAN */

#ifndef __ASSEMBLER__

#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct vcpu_exit_table;

struct vcpu_gpregs {
	uint64_t x[31];	 /* x0..x30 */
	uint64_t pc;	 /* ELR_EL2 */
	uint64_t pstate; /* SPSR_EL2 */
	/* Early handlers of synchronous exits, NULL: none (vcpu/exit_table.h).
	 * Here so that the exit path finds it from TPIDR_EL2 in one load. */
	const struct vcpu_exit_table *exits;
};

#ifndef __cplusplus
_Static_assert(offsetof(struct vcpu_gpregs, x) == VCPU_GPREGS_X(0), "x0 offset");
_Static_assert(offsetof(struct vcpu_gpregs, pc) == VCPU_GPREGS_PC, "pc offset");
_Static_assert(offsetof(struct vcpu_gpregs, pstate) == VCPU_GPREGS_PSTATE, "pstate offset");
_Static_assert(offsetof(struct vcpu_gpregs, exits) == VCPU_GPREGS_EXITS, "exits offset");
_Static_assert(sizeof(struct vcpu_gpregs) == VCPU_GPREGS_SIZE, "frame size");
#endif

/* Register n as an instruction operand sees it: n == 31 is XZR (reads 0). */
static inline uint64_t vcpu_gpregs_get(const struct vcpu_gpregs *g, unsigned n)
{
	return n < 31 ? g->x[n] : 0;
}

/* Writes to XZR (n == 31) are discarded. */
static inline void vcpu_gpregs_set(struct vcpu_gpregs *g, unsigned n, uint64_t v)
{
	if (n < 31)
		g->x[n] = v;
}

/*
 * asm/el2_vectors.S: enters the guest whose frame is `g` (restores x0..x30,
 * ELR_EL2 and SPSR_EL2, then ERET) and returns at the next exception taken
 * from a lower EL that is not handled early, with the guest registers saved
 * back into `g`.  A synchronous exit from AArch64 first goes to the early
 * handler of its exception class in g->exits, if any: when that returns
 * VCPU_EXIT_RESUME the guest is entered again at once, without coming back
 * here; otherwise its result is returned.  Returns one of VCPU_TRAP_*, or a
 * handler's VCPU_TRAP_USER + n.  Saves and restores only the host's
 * callee-saved registers.  Must be called at EL2 with the vCPU's EL1/EL2
 * state loaded and TPIDR_EL2 == g.
 */
unsigned vcpu_guest_enter(struct vcpu_gpregs *g);

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */

#endif /* VCPU_CONTEXT_H */
