/* SPDX-License-Identifier: MIT */
/* The vGIC's host side (GICv2; vgic_host3.c: GICv3): kicks, physical
 * deactivation and routing, the EL1 timers' line levels, and its messages
 * (deferred: it holds its lock). */
#include "gic.h"
#include "vgic_host.h"
#include "vm_log.h"

/* A vCPU is pinned to its physical CPU, which vm_create() gives the vGIC
 * before any kick (pcpu is never -1): a kick is one SGI to that CPU.  It
 * makes the CPU leave the guest (HCR_EL2.IMO) or wakes it from its WFI. */
static void vgic_host_kick(void *ctx, unsigned int vcpu_id, int pcpu)
{
	(void)ctx;
	(void)vcpu_id;
	gic2_kick((unsigned)pcpu);
}

/* The vGIC calls it with its lock held: the message is kept for this CPU's
 * run loop to print (one per exit; rate-limited as any the guest causes). */
void vgic_host_log(void *ctx, const char *what, uint32_t a, uint32_t b)
{
	struct vm *vm = ctx;
	struct vcpu_slot *s = this_slot();
	uint64_t dropped;

	if (s->deferred.what || !vm_log_allow(vm, s->n, &dropped)) {
		s->log_dropped += s->deferred.what != NULL;
		return;
	}
	s->deferred.what = what;
	s->deferred.a = a;
	s->deferred.b = b;
}

void vgic_host_deactivate(void *ctx, uint32_t pintid, int pcpu)
{
	if (pintid < VGIC_NR_PRIVATE && pcpu >= 0 && (unsigned)pcpu != cpu_id()) {
		vgic_host_log(ctx, "vgic: cannot deactivate another CPU's PPI (PPI, CPU)", pintid,
			      (uint32_t)pcpu);
		return;
	}
	gic_deactivate(pintid);
}

void vgic_host_route(void *ctx, uint32_t pintid, int pcpu)
{
	(void)ctx;
	if (pcpu >= 0)
		gic_route_spi(pintid, (unsigned)pcpu);
}

/* The output of a forwarded EL1 timer, on the CPU whose timer it is:
 * enabled, not masked, condition met (CNTV_CTL_EL0 / CNTP_CTL_EL0).  Other
 * lines: taken as asserted. */
bool vgic_host_line_level(void *ctx, uint32_t pintid, int pcpu)
{
	uint64_t ctl;

	(void)ctx;
	if (pcpu < 0 || (unsigned)pcpu != cpu_id())
		return true;
	if (pintid == GIC_PPI_VTIMER) {
		ctl = cntv_ctl_el0_read();
		return (ctl & CNTV_CTL_EL0_ENABLE_MASK) && !(ctl & CNTV_CTL_EL0_IMASK_MASK) &&
		       (ctl & CNTV_CTL_EL0_ISTATUS_MASK);
	}
	if (pintid == GIC_PPI_PTIMER) {
		ctl = cntp_ctl_el0_read();
		return (ctl & CNTP_CTL_EL0_ENABLE_MASK) && !(ctl & CNTP_CTL_EL0_IMASK_MASK) &&
		       (ctl & CNTP_CTL_EL0_ISTATUS_MASK);
	}
	return true;
}

const struct vgic_ops vgic_host_ops = {
	.kick = vgic_host_kick,
	.deactivate_phys = vgic_host_deactivate,
	.route_spi = vgic_host_route,
	.log = vgic_host_log,
	.lock = NULL, /* the vGIC's built-in spinlock: no call per entry point */
	.unlock = NULL,
	.phys_line_level = vgic_host_line_level,
};
