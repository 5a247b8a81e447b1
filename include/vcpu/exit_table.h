/* SPDX-License-Identifier: MIT */
/*
 * Early handlers of synchronous guest exits, one per exception class (in the
 * style of KVM's hyp_exit_handlers): the hypervisor's fast paths.
 *
 * The exit path (asm/el2_vectors.S) saves the guest's x0..x30, PC and PSTATE
 * into the frame, reads ESR_EL2 and calls the handler of its class:
 *
 *     unsigned handler(struct vcpu_gpregs *g, uint64_t esr);
 *
 * on the EL2 stack, before it returns to the run loop.  Nothing else has
 * been read or decoded: a handler reads FAR_EL2/HPFAR_EL2 itself, and only
 * if it needs them (vcpu_exit_read_fault_ipa()).  It returns
 *  - VCPU_EXIT_RESUME: the exit is done, the guest is entered again at once
 *    (the run loop does not see it);
 *  - VCPU_TRAP_SYNC: not handled here; vcpu_guest_enter() returns it and the
 *    run loop decodes the exit in full (vcpu_run(), vcpu_exit_complete());
 *  - VCPU_TRAP_USER + n: handled, and the run loop has something to do
 *    (vcpu_guest_enter() returns it; vcpu_exit_complete() gives
 *    VCPU_EXIT_EARLY with exit.early = that value).
 *
 * Only synchronous exits from AArch64 come here: interrupts, SErrors and any
 * exit from AArch32 (whose syndromes differ, and whose PC advance must step
 * ITSTATE) always return to the run loop.  A handler runs with the guest's
 * EL1 state live in the registers and interrupts masked; it must be short,
 * and it must not print anything a guest can make it print without a rate
 * limit.  Every instruction of it is paid on every exit of its class.
 *
 * A handler that completes a trapped instruction calls vcpu_exit_skip(),
 * which also clears PSTATE.SS (see vcpu_skip_insn()).  The table is
 * per vCPU (vcpu_set_exit_table()), so VMs may differ; it is read, never
 * written, by the exit path.
 */
#ifndef VCPU_EXIT_TABLE_H
#define VCPU_EXIT_TABLE_H

#define VCPU_EXIT_RESUME 0u

/* C declarations only: the header can be included from assembly too. */
#ifndef __ASSEMBLER__

#include "vcpu.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned (*vcpu_exit_handler)(struct vcpu_gpregs *g, uint64_t esr);

struct vcpu_exit_table {
	vcpu_exit_handler ec[(ESR_EL2_EC_MASK >> ESR_EL2_EC_SHIFT) + 1]; /* NULL: run loop */
};

#ifndef __cplusplus
/* The exit path indexes the table with `ldr x, [table, ec, lsl #3]`. */
_Static_assert(sizeof(vcpu_exit_handler) == 8 && offsetof(struct vcpu_exit_table, ec) == 0,
	       "table of 8-byte pointers");
#endif

/* The vCPU whose frame g is (the frame is its first member). */
static inline struct vcpu *vcpu_of_gpregs(struct vcpu_gpregs *g)
{
	return (struct vcpu *)(void *)g;
}

/* Installs the early handlers of vCPU v (NULL: none, every exit goes to the
 * run loop).  Takes effect at the next exit. */
static inline void vcpu_set_exit_table(struct vcpu *v, const struct vcpu_exit_table *t)
{
	v->regs.exits = t;
}

/* Completes the trapped instruction whose syndrome is esr: the PC moves past
 * it (ESR_EL2.IL: 2 or 4 bytes) and PSTATE.SS is cleared. */
static inline void vcpu_exit_skip(struct vcpu_gpregs *g, uint64_t esr)
{
	vcpu_skip_insn(g, esr & ESR_EL2_IL_MASK ? 4 : 2);
}

/* The IPA of the stage-2 abort being handled (data or instruction abort
 * from a lower EL): reads FAR_EL2 and HPFAR_EL2. */
static inline uint64_t vcpu_exit_read_fault_ipa(void)
{
	return vcpu_exit_fault_ipa(far_el2_read(), hpfar_el2_read());
}

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */

#endif
