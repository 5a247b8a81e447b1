/* SPDX-License-Identifier: MIT */
/* Trapped MSR/MRS: the ID registers (TID3) and the debug registers (MDCR_EL2
 * traps), and the debug hardware's reset at boot. */
#include <aarch64_sysreg/debug.h>

#include "id_regs.h"
#include "sysreg.h"
#include "vm_log.h"

/* Breakpoint n and watchpoint n disabled (their control registers zero). */
#define DBG_BP_OFF(n)                                                                              \
	case n:                                                                                    \
		__asm__ volatile("msr dbgbcr" #n "_el1, xzr");                                     \
		__attribute__((fallthrough))
#define DBG_WP_OFF(n)                                                                              \
	case n:                                                                                    \
		__asm__ volatile("msr dbgwcr" #n "_el1, xzr");                                     \
		__attribute__((fallthrough))

/* The breakpoint and watchpoint control registers reset to UNKNOWN values
 * (ARM ARM); the guest cannot write them (handle_debug_sysreg()), so each
 * CPU disables them all once, before any guest runs.  BRPs/WRPs: the number
 * implemented minus one. */
void debug_disable_all(void)
{
	uint64_t dfr0 = id_aa64dfr0_el1_read();

	switch (id_aa64dfr0_el1_brps_get(dfr0)) {
		DBG_BP_OFF(15);
		DBG_BP_OFF(14);
		DBG_BP_OFF(13);
		DBG_BP_OFF(12);
		DBG_BP_OFF(11);
		DBG_BP_OFF(10);
		DBG_BP_OFF(9);
		DBG_BP_OFF(8);
		DBG_BP_OFF(7);
		DBG_BP_OFF(6);
		DBG_BP_OFF(5);
		DBG_BP_OFF(4);
		DBG_BP_OFF(3);
		DBG_BP_OFF(2);
		DBG_BP_OFF(1);
		DBG_BP_OFF(0);
	default:
		break;
	}
	switch (id_aa64dfr0_el1_wrps_get(dfr0)) {
		DBG_WP_OFF(15);
		DBG_WP_OFF(14);
		DBG_WP_OFF(13);
		DBG_WP_OFF(12);
		DBG_WP_OFF(11);
		DBG_WP_OFF(10);
		DBG_WP_OFF(9);
		DBG_WP_OFF(8);
		DBG_WP_OFF(7);
		DBG_WP_OFF(6);
		DBG_WP_OFF(5);
		DBG_WP_OFF(4);
		DBG_WP_OFF(3);
		DBG_WP_OFF(2);
		DBG_WP_OFF(1);
		DBG_WP_OFF(0);
	default:
		break;
	}
	isb();
}

/* The MDSCR_EL1 bits a guest may set: software step, debug exceptions at
 * EL1 and breakpoint/watchpoint enable (which match nothing: below), DCC
 * traps.  Not HDE (halting: an external debugger would stop the CPU). */
#define GUEST_MDSCR_EL1_MASK                                                                       \
	(MDSCR_EL1_SS_MASK | MDSCR_EL1_KDE_MASK | MDSCR_EL1_MDE_MASK | MDSCR_EL1_TDCC_MASK)

/*
 * The debug registers (op0 = 2), all trapped (VCPU_MDCR_EL2_GUEST).
 * MDSCR_EL1 and the OS lock reach the hardware: they only govern debug
 * exceptions taken to EL1, the guest's own.  Breakpoints, watchpoints, the
 * OS double lock, claim tags, the DCC, the debug ROM address are not
 * offered: they read as zero and ignore writes, so nothing the guest writes
 * programs the hardware.  Returns false for an access it does not emulate.
 */
static bool handle_debug_sysreg(struct vcpu *v, const struct vcpu_exit_sysreg *s)
{
	uint64_t val = 0;

	switch (s->enc) {
	case MDSCR_EL1_ENC:
		if (!s->read)
			mdscr_el1_write(vcpu_get_reg(v, s->rt) & GUEST_MDSCR_EL1_MASK);
		else
			val = mdscr_el1_read();
		break;
	case OSLAR_EL1_ENC: /* write-only */
		if (s->read)
			return false;
		__asm__ volatile("msr oslar_el1, %0" ::"r"(vcpu_get_reg(v, s->rt)));
		break;
	case OSLSR_EL1_ENC: /* read-only */
		if (!s->read)
			return false;
		__asm__ volatile("mrs %0, oslsr_el1" : "=r"(val));
		break;
	default:
		break;
	}
	if (s->read)
		vcpu_set_reg(v, s->rt, val);
	vcpu_advance_pc(v);
	return true;
}

void handle_sysreg(struct vm *vm, unsigned n, struct vcpu *v)
{
	const struct vcpu_exit_sysreg *s = &v->exit.sysreg;

	if (s->op0 == 2 && handle_debug_sysreg(v, s))
		return;
	if (sysreg_is_id(s->op0, s->op1, s->crn, s->crm) && s->read) {
		vcpu_set_reg(v, s->rt, id_reg_value(s->enc));
		vcpu_advance_pc(v);
		return;
	}
	vm_log(vm, n, "guest %s S%u_%u_C%u_C%u_%u (x%u, PC %lx): not emulated, injecting UNDEFINED",
	       s->read ? "MRS" : "MSR", s->op0, s->op1, s->crn, s->crm, s->op2, s->rt, v->regs.pc);
	vcpu_inject_undef(v);
}
