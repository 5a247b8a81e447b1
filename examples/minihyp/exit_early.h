/* SPDX-License-Identifier: MIT */
/* minihyp's early exit handlers (exit_early.c) and what they tell the run
 * loop besides VCPU_EXIT_RESUME and VCPU_TRAP_SYNC. */
#ifndef MINIHYP_EXIT_EARLY_H
#define MINIHYP_EXIT_EARLY_H

#include <vcpu/exit_table.h>

#include "vm.h"

enum {
	MH_EXIT_VGIC = VCPU_TRAP_USER, /* done; the vGIC state changed: sync and flush */
	MH_EXIT_WFI,		       /* WFI done: wait for an interrupt */
};

/* The slot (and so the VM and vCPU number) whose frame g is. */
static inline struct vcpu_slot *slot_of(struct vcpu_gpregs *g)
{
	_Static_assert(offsetof(struct vcpu_slot, vcpu) == 0, "vcpu first");
	return (struct vcpu_slot *)(void *)vcpu_of_gpregs(g);
}

/* GICv2 guests (exit_early.c), GICv3 guests (exit_early3.c). */
extern const struct vcpu_exit_table mh_exit_table, mh_exit_table3;

/* What both tables share (exit_early.c). */
unsigned early_hvc(struct vcpu_gpregs *g, uint64_t esr);
unsigned early_wfx(struct vcpu_gpregs *g, uint64_t esr);
unsigned early_sys64(struct vcpu_gpregs *g, uint64_t esr);
unsigned early_mmio(struct vcpu_gpregs *g, uint64_t esr, uint64_t ipa, unsigned rt);

#endif
