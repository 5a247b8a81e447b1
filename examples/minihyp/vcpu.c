/* SPDX-License-Identifier: MIT */
/* A vCPU on its physical CPU: power on and off, the run loop (its fast
 * paths: the early exit handlers, exit_early.c), the dispatch of the other
 * exits, physical interrupts. */
#include <gicv2/cpu_interface.h>
#include <gicv3/cpu_interface.h>

#include "aborts.h"
#include "console.h"
#include "exit_early.h"
#include "gic.h"
#include "id_regs.h"
#include "smccc.h"
#include "sysreg.h"
#include "vm_log.h"

/* Whether physical `intid` is forwarded to the VM. */
static bool vm_irq_forwarded(const struct vm *vm, uint32_t intid)
{
	unsigned i;

	for (i = 0; i < vm->cfg->nr_irqs; i++)
		if (vm->cfg->irqs[i].pirq == intid)
			return true;
	return false;
}

/*
 * Takes every physical interrupt pending at this CPU.  Each is acknowledged
 * and its priority dropped (EOImode 1).  The EL1 virtual and physical timers
 * and passed-through SPIs go to the vGIC, hardware-linked: the guest
 * deactivates them.  The
 * hypervisor's own (its kick SGI, the maintenance interrupt) are deactivated
 * here: taking them made the guest exit, which is all they are for; the run
 * loop's sync and flush do the work.
 */
/* Out of line: take_phys_irqs() is on the IPI and timer paths. */
static __attribute__((noinline)) void log_unexpected_irq(struct vm *vm, unsigned n, uint32_t id)
{
	vm_log(vm, n, "CPU %u: unexpected physical interrupt %u", n, id);
}

/* GICv2: GICC_IAR, GICC_EOIR, GICC_DIR; GICv3: ICC_IAR1_EL1, ICC_EOIR1_EL1,
 * ICC_DIR_EL1 (EOImode 1 on both, gic_cpu_init).  `v3` is a constant in
 * each caller: one copy per GIC version, no test of the version per
 * interrupt. */
static inline __attribute__((always_inline)) void take_phys_irqs_gic(struct vm *vm, unsigned n,
								     const bool v3)
{
	for (;;) {
		uint32_t iar = v3 ? gicv3_ack() : gicc_ack(BOARD_GICC_BASE);
		uint32_t id = v3 ? iar : gicc_iar_intid(iar);

		if (id >= GIC_SPURIOUS)
			return;
		if (v3)
			gicv3_eoi(id);
		else
			gicc_eoi(BOARD_GICC_BASE, iar);
		if ((((id == GIC_PPI_VTIMER || id == GIC_PPI_PTIMER) && vm->vc[n].vcpu.loaded) ||
		     (id >= VGIC_NR_PRIVATE && vm_irq_forwarded(vm, id))) &&
		    vgic_inject_phys(&vm->vgic, n, id) == 0)
			continue; /* the guest deactivates it */
		if (v3)
			gicv3_deactivate(id);
		else
			gicc_deactivate(BOARD_GICC_BASE, iar);
		/* the board's PL011 (the console input) after the
		 * deactivation: nothing on the kick and maintenance paths */
		if (id != GIC_SGI_KICK && id != GIC_PPI_MAINT &&
		    !(id == BOARD_UART_INTID && console_input_irq()))
			log_unexpected_irq(vm, n, id);
	}
}

static __attribute__((noinline)) void take_phys_irqs(struct vm *vm, unsigned n)
{
	take_phys_irqs_gic(vm, n, false);
}

static __attribute__((noinline)) void take_phys_irqs3(struct vm *vm, unsigned n)
{
	take_phys_irqs_gic(vm, n, true);
}

/*
 * vCPU n waits for an interrupt (WFI, PSCI CPU_SUSPEND): unless one is
 * pending for it already, this CPU waits in a real WFI, which any physical
 * interrupt pending at this CPU ends even though EL2 runs with interrupts
 * masked: the vCPU's own virtual timer (PPI 27, which keeps counting while
 * the vCPU waits), a passed-through SPI, or the kick SGI of another CPU that
 * made an interrupt pending for it.  Nothing is lost between the check and
 * the WFI: the kick stays pending in the GIC.  Then the vCPU goes back to
 * the guest, as a WFI may complete for any reason: if nothing it can take
 * came (a kick for a change that made nothing deliverable), its next WFI
 * exits and waits again.  Never a polling loop: each round waits for an
 * interrupt.
 */
static inline __attribute__((always_inline)) void vcpu_block_gic(struct vm *vm, unsigned n,
								 const bool v3)
{
	if (vm->off || vm->vc[n].power != PWR_ON ||
	    (vm->vgic.vcpu[n].nr_listed && vgic_vcpu_has_pending(&vm->vgic, n)))
		return;
	__asm__ volatile("dsb sy\n\twfi" ::: "memory");
	if (v3)
		take_phys_irqs3(vm, n);
	else
		take_phys_irqs(vm, n);
}

void vcpu_block(struct vm *vm, unsigned n)
{
	if (gic_version == 3)
		vcpu_block_gic(vm, n, true);
	else
		vcpu_block_gic(vm, n, false);
}

static inline __attribute__((always_inline)) void
handle_exit_gic(struct vm *vm, unsigned n, const struct vcpu_exit_info *e, const bool v3)
{
	struct vcpu *v = &vm->vc[n].vcpu;

	/*
	 * AArch32 EL0: the guest's ID registers say EL0 is AArch64 only, but
	 * the CPU may run it (HCR_EL2.RW only makes EL1 AArch64, and nothing
	 * in the architecture stops an ERET to AArch32 EL0 that the hardware
	 * supports).  Nothing it traps for is emulated: emulating would have
	 * to advance ITSTATE inside IT blocks.  Its synchronous exits get
	 * UNDEFINED (taken at VBAR_EL1 + 0x600, EC 0).
	 */
	if ((v->regs.pstate & VCPU_PSTATE_NRW) && e->reason != VCPU_EXIT_FIQ &&
	    e->reason != VCPU_EXIT_SERROR) {
		vm_log(vm, n, "guest exit %s from AArch32 EL0 (PC %lx): injecting UNDEFINED",
		       vcpu_exit_reason_name(e->reason), v->regs.pc);
		vcpu_inject_undef(v);
		return;
	}
	switch (e->reason) {
	case VCPU_EXIT_HVC:
		handle_smccc(vm, n, false);
		break;
	case VCPU_EXIT_SMC:
		handle_smccc(vm, n, true);
		vcpu_advance_pc(v);
		break;
	case VCPU_EXIT_DABT:
		handle_dabt(vm, n, v);
		break;
	case VCPU_EXIT_IABT:
		handle_iabt(vm, n, v);
		break;
	case VCPU_EXIT_SYSREG:
		handle_sysreg(vm, n, v);
		break;
	case VCPU_EXIT_WFI:
		vcpu_advance_pc(v);
		vcpu_block_gic(vm, n, v3);
		break;
	case VCPU_EXIT_WFE:
		/* an event may come from anywhere, a spurious wake-up is allowed */
		vcpu_advance_pc(v);
		break;
	case VCPU_EXIT_FIQ:
		vm_log(vm, n, "physical FIQ while the guest ran: ignored");
		break;
	case VCPU_EXIT_SERROR:
		vm_log(vm, n, "SError while the guest ran (ESR_EL2 %lx): ignored", e->esr);
		break;
	default:
		vm_log(vm, n, "guest exit %s (EC 0x%x, ESR %lx, PC %lx): injecting UNDEFINED",
		       vcpu_exit_reason_name(e->reason), e->ec, e->esr, v->regs.pc);
		vcpu_inject_undef(v);
		break;
	}
}

static __attribute__((noinline)) void handle_exit_slow(struct vm *vm, unsigned n,
						       const struct vcpu_exit_info *e)
{
	handle_exit_gic(vm, n, e, false);
}

static __attribute__((noinline)) void handle_exit_slow3(struct vm *vm, unsigned n,
							const struct vcpu_exit_info *e)
{
	handle_exit_gic(vm, n, e, true);
}

/* The commonest slow exit, a physical interrupt, is a compare and a tail
 * call here: no stack frame on its way to take_phys_irqs(). */
static __attribute__((noinline)) void handle_exit(struct vm *vm, unsigned n,
						  const struct vcpu_exit_info *e)
{
	if (e->reason == VCPU_EXIT_IRQ)
		take_phys_irqs(vm, n);
	else
		handle_exit_slow(vm, n, e);
}

static __attribute__((noinline)) void handle_exit3(struct vm *vm, unsigned n,
						   const struct vcpu_exit_info *e)
{
	if (e->reason == VCPU_EXIT_IRQ)
		take_phys_irqs3(vm, n);
	else
		handle_exit_slow3(vm, n, e);
}

/* Powers vCPU n on, on its physical CPU: registers at reset, entry and x0..x3
 * as CPU_ON (or the boot) asked, its EL2/EL1 state and its vGIC CPU
 * interface loaded. */
static void vcpu_power_on(struct vm *vm, unsigned n)
{
	struct vcpu_slot *s = &vm->vc[n];
	struct vcpu *v = &s->vcpu;
	struct vcpu_options opts = {
		.timer_passthrough = true,
		.irq_passthrough = false, /* HCR_EL2.IMO/FMO: physical IRQs exit */
		.hcr_set = HCR_EL2_TID3_MASK | HCR_EL2_TACR_MASK,
		.hcr_clear = 0,
		.cntvoff = vm->cntvoff,
	};
	unsigned i;

	vcpu_create(v, cpu_mpidr_affinity(n), s->on_x[0]);
	for (i = 1; i < 4; i++)
		vcpu_set_reg(v, i, s->on_x[i]);
	vcpu_setup(v, &opts);
	vcpu_set_entry(v, s->on_entry);
	vcpu_set_stage2_root(v, vm->vttbr, vm->vtcr);
	vcpu_set_exit_table(v, gic_version == 3 ? &mh_exit_table3 : &mh_exit_table);
	vcpu_load(v);
	if (gic_version == 3) {
		/* the guest's GICv3 CPU interface is the system registers (the
		 * virtual ones, ICH_HCR_EL2.En with HCR_EL2.IMO/FMO):
		 * ICC_SRE_EL1.SRE set, as EL2 has it (ICC_SRE_EL2.Enable lets
		 * EL1 read it back); DIB/DFB as they are */
		icc_sre_el1_write(icc_sre_el1_sre_set(icc_sre_el1_read(), 1));
		isb();
	}
	vgic_vcpu_load(&vm->vgic, n, (int)s->pcpu);
	spin_lock(&vm->power_lock);
	s->power = PWR_ON;
	spin_unlock(&vm->power_lock);
}

/* vCPU n leaves this CPU (CPU_OFF or the end of the VM): its state is saved
 * and its timers silenced, so that nothing of it fires here. */
static void vcpu_power_off(struct vm *vm, unsigned n)
{
	struct vcpu *v = &vm->vc[n].vcpu;

	vgic_vcpu_put(&vm->vgic, n);
	vcpu_put(v);
	cntv_ctl_el0_write(0);
	cntp_ctl_el0_write(0);
	isb();
	/* its active interrupts end: a timer interrupt it never deactivated
	 * would otherwise keep the physical PPI 27 active for good */
	vgic_vcpu_reset(&vm->vgic, n);
}

/* The run loop of a powered-on vCPU: until it is powered off or the VM
 * stops.  The exits the early handlers complete never come back here. */
static inline __attribute__((always_inline)) void vcpu_run_loop_gic(struct vm *vm, unsigned n,
								    const bool v3)
{
	struct vcpu_slot *s = &vm->vc[n];
	struct vcpu *v = &s->vcpu;
	struct vgic *vg = &vm->vgic;
	uint64_t exits = 0;

	while (!vm->off && s->power == PWR_ON) {
		unsigned trap;

		vgic_vcpu_flush_fast(vg, n);
		trap = vcpu_guest_enter(&v->regs);
		exits++;
		vgic_vcpu_sync_fast(vg, n);
		if (trap == MH_EXIT_VGIC)
			continue;
		if (trap == MH_EXIT_WFI) {
			vcpu_block_gic(vm, n, v3);
			continue;
		}
		if (v3)
			handle_exit3(vm, n, vcpu_exit_complete(v, trap));
		else
			handle_exit(vm, n, vcpu_exit_complete(v, trap));
		/* what the vGIC had to say (on this exit or an early one) */
		if (s->deferred.what)
			vm_log_deferred(vm, n);
	}
	s->exits += exits;
}

static __attribute__((noinline)) void vcpu_run_loop(struct vm *vm, unsigned n)
{
	vcpu_run_loop_gic(vm, n, false);
}

static __attribute__((noinline)) void vcpu_run_loop3(struct vm *vm, unsigned n)
{
	vcpu_run_loop_gic(vm, n, true);
}

/* vCPU s runs on its physical CPU (this one) until its VM stops. */
void vcpu_thread(struct vcpu_slot *s)
{
	struct vm *vm = s->vm;
	unsigned n = s->n;
	struct vcpu *v = &s->vcpu;

	for (;;) {
		/* powered off: wait (in WFI) for a CPU_ON */
		while (!vm->off && s->power != PWR_ON_PENDING) {
			__asm__ volatile("dsb sy\n\twfi" ::: "memory");
			if (gic_version == 3)
				take_phys_irqs3(vm, n);
			else
				take_phys_irqs(vm, n);
		}
		if (vm->off && !vm->reset)
			return;
		if (vm->off) {
			vm_reset_park(s);
			continue;
		}
		vcpu_power_on(vm, n);
		if (n)
			vm_log(vm, n, "vCPU %u on at IPA %lx (x0 %lx)", n, v->regs.pc,
			       v->regs.x[0]);
		if (gic_version == 3)
			vcpu_run_loop3(vm, n);
		else
			vcpu_run_loop(vm, n);
		vcpu_power_off(vm, n);
		if (vm->off && !vm->reset)
			return;
		if (vm->off) {
			vm_reset_park(s);
			continue;
		}
		vm_log(vm, n, "vCPU %u off", n);
	}
}
