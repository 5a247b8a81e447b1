/* SPDX-License-Identifier: MIT */
/* The slow path of HVC and SMC: minihyp's hypercalls (docs/hypercall-abi.md),
 * the vendor-hypervisor queries, and PSCI through psci_dispatch(). */
#include "smccc.h"
#include "vm_log.h"

/* At most MINIHYP_CONSOLE_WRITE_MAX bytes a call, so that one call keeps
 * EL2 busy (interrupts masked) for a bounded time: the guest writes the rest
 * with further calls (docs/hypercall-abi.md). */
static int64_t hc_console_write(const struct vm *vm, uint64_t ipa, uint64_t len)
{
	const char *p = guest_ram_ptr(vm, ipa, len);
	uint64_t i;

	if (!p)
		return MINIHYP_RET_INVALID_PARAMS;
	if (len > MINIHYP_CONSOLE_WRITE_MAX)
		len = MINIHYP_CONSOLE_WRITE_MAX;
	for (i = 0; i < len; i++)
		guest_console_putc(p[i]);
	return (int64_t)len;
}

/*
 * MINIHYP_HC_DOORBELL: the doorbell SPI of the other end of the shared
 * region the caller maps at `ipa`, made pending (edge) in the other VM's
 * vGIC.  An edge that finds the SPI already pending changes nothing in a
 * GIC (one pending state), so a VM ringing in a loop costs the other VM no
 * more than the one interrupt:
 *  - pending and in no list register (pending_latch): nothing to do, the
 *    vCPU that will take it was kicked when it became pending;
 *  - in a list register of the last flush (in_lr): the guest may have
 *    acknowledged it since, so the pending state is recorded without a
 *    kick; the guest's EOI of it exits (an SPI's LR always asks for EOI
 *    maintenance, vgic_lr.h) and the next flush delivers it.  (If the LR
 *    was still pending, that is one delivery more than a GIC would make:
 *    at most one per delivery, never a flood.)
 *  - otherwise vgic_inject_edge(): pending, listed, the target kicked.
 */
static int64_t hc_doorbell(const struct vm *vm, uint64_t ipa)
{
	const struct vm_doorbell *db = NULL;
	struct vgic_irq *irq;
	struct vm *peer;
	bool raise;
	unsigned i;

	for (i = 0; i < vm->nr_doorbells; i++)
		if (vm->doorbells[i].ipa == ipa)
			db = &vm->doorbells[i];
	if (!db)
		return MINIHYP_RET_INVALID_PARAMETER;
	peer = db->peer;
	spin_lock(&peer->doorbell_lock);
	if (peer->off) {
		spin_unlock(&peer->doorbell_lock);
		return MINIHYP_RET_PEER_OFF;
	}
	irq = vgic_get_irq(&peer->vgic, 0, db->spi); /* an SPI of the peer: vmfile_check() */
	if (!irq) {
		spin_unlock(&peer->doorbell_lock);
		return MINIHYP_RET_INVALID_PARAMETER;
	}
	vgic_lock(&peer->vgic);
	raise = !irq->pending_latch && !irq->in_lr;
	if (!raise)
		irq->pending_latch = true;
	vgic_unlock(&peer->vgic);
	if (raise)
		vgic_inject_edge(&peer->vgic, 0, db->spi);
	spin_unlock(&peer->doorbell_lock);
	return MINIHYP_RET_SUCCESS;
}

/* MINIHYP_HC_RESCHEDULE: what a scheduler does when another vCPU takes the
 * physical CPU: save the vCPU's EL1, FP/SIMD and vGIC CPU-interface state,
 * let the registers be used for something else (here: scribbled over), load
 * it back. */
static void vm_reschedule(struct vm *vm, unsigned n)
{
	static struct vcpu_fpsimd junks[MAX_CPUS]; /* one a physical CPU */
	struct vcpu_fpsimd *junk = &junks[vm->vc[n].pcpu];
	struct vcpu *v = &vm->vc[n].vcpu;
	unsigned i;

	vgic_vcpu_put(&vm->vgic, n);
	vcpu_put(v);
	for (i = 0; i < sizeof(junk->v) / sizeof(junk->v[0]); i++)
		junk->v[i] = 0xdeadbeef00000000ull | i;
	junk->fpcr = 0;
	junk->fpsr = 0;
	vcpu_fpsimd_restore(junk);
	vbar_el1_write(0);
	tpidr_el1_write(0xdeadbeef);
	sctlr_el1_write(VCPU_SCTLR_EL1_RESET);
	vcpu_load(v);
	vgic_vcpu_load(&vm->vgic, n, (int)vm->vc[n].pcpu);
}

void handle_smccc(struct vm *vm, unsigned n, bool smc)
{
	struct vcpu *v = &vm->vc[n].vcpu;
	uint64_t x0 = v->regs.x[0];
	uint32_t fid = (uint32_t)x0;
	int64_t ret;

	if (v->exit.imm != 0 || !smccc_fid_known(fid)) {
		vm_log(vm, n, "unknown %s #%u function %08x: NOT_SUPPORTED", smc ? "SMC" : "HVC",
		       v->exit.imm, fid);
		ret = MINIHYP_RET_NOT_SUPPORTED;
	} else if ((fid & (SMCCC_FAST_CALL | SMCCC_SMC64 | SMCCC_OWNER_MASK)) == MINIHYP_HC_BASE) {
		switch (fid) {
		case MINIHYP_HC_NULL:
			ret = 0;
			break;
		case MINIHYP_HC_CONSOLE_WRITE:
			ret = hc_console_write(vm, v->regs.x[1], v->regs.x[2]);
			break;
		case MINIHYP_HC_SHUTDOWN:
			vm->status = v->regs.x[1];
			guest_console_flush();
			hyp_log("vm %s shut down with status %ld", vm->cfg->name, (long)vm->status);
			hyp_log("event=vm_stop by=hvc_shutdown status=%ld vcpu=%u vm=%s",
				(long)vm->status, n, vm->cfg->name);
			vm_stop(vm, n);
			ret = 0;
			break;
		case MINIHYP_HC_ABI_VERSION:
			ret = MINIHYP_ABI_VERSION;
			break;
		case MINIHYP_HC_RESCHEDULE:
			vm_reschedule(vm, n);
			ret = 0;
			break;
		case MINIHYP_HC_DOORBELL:
			ret = hc_doorbell(vm, v->regs.x[1]);
			break;
		default: /* not smccc_fid_known() */
			ret = MINIHYP_RET_NOT_SUPPORTED;
			break;
		}
	} else if (fid == MINIHYP_SMCCC_CALL_UID) {
		ret = MINIHYP_UID_W0;
		v->regs.x[1] = MINIHYP_UID_W1;
		v->regs.x[2] = MINIHYP_UID_W2;
		v->regs.x[3] = MINIHYP_UID_W3;
	} else if (fid == MINIHYP_SMCCC_REVISION) {
		ret = MINIHYP_ABI_VERSION >> 16;
		v->regs.x[1] = MINIHYP_ABI_VERSION & 0xffffu;
	} else if (fid == MINIHYP_SMCCC_CALL_COUNT) {
		ret = MINIHYP_NR_CALLS;
	} else if (!psci_dispatch(&vm_psci_ops, vm, x0, v->regs.x[1], v->regs.x[2], v->regs.x[3],
				  &ret)) {
		ret = MINIHYP_RET_NOT_SUPPORTED; /* not smccc_fid_known() */
	}
	v->regs.x[0] = (uint64_t)ret;
}
