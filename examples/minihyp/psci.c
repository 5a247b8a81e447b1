/* SPDX-License-Identifier: MIT */
/* The VM's PSCI (DEN 0022): vCPU power states, system off and reset. */
#include "console.h"
#include "firmware.h"
#include "gic.h"
#include "smccc.h"
#include "vm.h"
#include "vm_log.h"

/* The vCPU whose MPIDR affinity is `mpidr` (Aff3..Aff0, the RES0 bits
 * already checked by psci_dispatch()), -1 if none. */
static int vm_vcpu_by_mpidr(const struct vm *vm, uint64_t mpidr)
{
	unsigned i;

	for (i = 0; i < vm->nr_vcpus; i++)
		if (cpu_mpidr_affinity(i) == mpidr)
			return (int)i;
	return -1;
}

static int64_t psci_cpu_on(void *ctx, uint64_t target, uint64_t entry, uint64_t context_id)
{
	struct vm *vm = ctx;
	int n = vm_vcpu_by_mpidr(vm, target);
	struct vcpu_slot *s;
	int64_t ret = PSCI_RET_SUCCESS;

	if (n < 0)
		return PSCI_RET_INVALID_PARAMS;
	/* an AArch64 entry is 4-byte aligned and in the VM's RAM, or it could
	 * only loop on aborts (DEN 0022D 5.1.4: INVALID_ADDRESS) */
	if ((entry & 3) || !guest_ram_ptr(vm, entry, 4))
		return PSCI_RET_INVALID_ADDRESS;
	s = &vm->vc[n];
	spin_lock(&vm->power_lock);
	if (s->power == PWR_ON) {
		ret = PSCI_RET_ALREADY_ON;
	} else if (s->power == PWR_ON_PENDING) {
		ret = PSCI_RET_ON_PENDING;
	} else {
		s->on_entry = entry;
		s->on_x[0] = context_id;
		s->on_x[1] = s->on_x[2] = s->on_x[3] = 0;
		s->power = PWR_ON_PENDING;
	}
	spin_unlock(&vm->power_lock);
	if (ret == PSCI_RET_SUCCESS)
		gic_kick(s->pcpu);
	return ret;
}

static int64_t psci_cpu_off(void *ctx)
{
	struct vm *vm = ctx;
	unsigned n = this_slot()->n;

	spin_lock(&vm->power_lock);
	vm->vc[n].power = PWR_OFF;
	spin_unlock(&vm->power_lock);
	return PSCI_RET_DENIED; /* never seen: the vCPU does not run again */
}

/* Standby only: like WFI (a power-down request is granted as standby, which
 * PSCI allows: the caller sees a return as from a standby state). */
static int64_t psci_cpu_suspend(void *ctx, uint64_t power_state, uint64_t entry, uint64_t cid)
{
	struct vm *vm = ctx;

	(void)power_state;
	(void)entry;
	(void)cid;
	vcpu_block(vm, this_slot()->n);
	return PSCI_RET_SUCCESS;
}

static int64_t psci_affinity_info(void *ctx, uint64_t target, uint64_t lowest_level)
{
	struct vm *vm = ctx;
	int n;

	if (lowest_level != 0)
		return PSCI_RET_INVALID_PARAMS;
	n = vm_vcpu_by_mpidr(vm, target);
	if (n < 0)
		return PSCI_RET_INVALID_PARAMS;
	switch (vm->vc[n].power) {
	case PWR_ON:
		return PSCI_AFFINITY_ON;
	case PWR_ON_PENDING:
		return PSCI_AFFINITY_ON_PENDING;
	default:
		return PSCI_AFFINITY_OFF;
	}
}

/* The VM's system: its vCPUs stop; the other VMs run on (main.c powers
 * the machine off when the last VM is off). */
static void psci_system_off(void *ctx)
{
	struct vm *vm = ctx;
	unsigned n = this_slot()->n;

	guest_console_flush();
	hyp_log("vm %s called PSCI SYSTEM_OFF", vm->cfg->name);
	hyp_log("event=vm_stop by=psci_system_off vcpu=%u vm=%s", n, vm->cfg->name);
	vm_stop(vm, n);
}

/* A VM that owns the board: its reset is the machine's (QEMU reloads the
 * images and minihyp boots again; with -no-reboot QEMU exits instead).
 * Among several VMs, the VM alone restarts from copies of its images taken
 * at boot (vm_reset_park()); one whose images minihyp could not copy
 * stops instead (DEN 0022: SYSTEM_RESET does not return, so the caller
 * sees it stop as SYSTEM_OFF would). */
static void psci_system_reset(void *ctx)
{
	struct vm *vm = ctx;
	unsigned n = this_slot()->n;
	uint64_t dropped;

	if (nr_vms > 1) {
		guest_console_flush();
		if (vm->can_reset) {
			/* a VM can reset itself in a loop: its lines are rate-limited */
			if (vm_log_allow(vm, n, &dropped)) {
				if (dropped)
					hyp_log("vm %s: %lu guest-triggered messages dropped",
						vm->cfg->name, dropped);
				hyp_log("vm %s called PSCI SYSTEM_RESET: restarting it from its "
					"images",
					vm->cfg->name);
				hyp_log("event=vm_reset by=psci_system_reset vcpu=%u vm=%s", n,
					vm->cfg->name);
			}
			vm->reset = true;
		} else {
			hyp_log("vm %s called PSCI SYSTEM_RESET: no copy of its images; the VM "
				"stops",
				vm->cfg->name);
			hyp_log("event=vm_stop by=psci_system_reset vcpu=%u vm=%s", n,
				vm->cfg->name);
		}
		vm_stop(vm, n);
		return;
	}
	guest_console_flush();
	hyp_log("guest called PSCI SYSTEM_RESET: resetting the machine");
	hyp_log("event=vm_reset by=psci_system_reset vcpu=%u", this_slot()->n);
	firmware_psci(PSCI_0_2_FN_SYSTEM_RESET, 0, 0, 0);
	hyp_panic("PSCI SYSTEM_RESET returned");
}

const struct psci_ops vm_psci_ops = {
	.cpu_on = psci_cpu_on,
	.cpu_off = psci_cpu_off,
	.cpu_suspend = psci_cpu_suspend,
	.affinity_info = psci_affinity_info,
	.system_off = psci_system_off,
	.system_reset = psci_system_reset,
};
