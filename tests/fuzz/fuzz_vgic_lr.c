/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: list-register scheduling (flush/sync) against the
 * architectural GICH model of the host tests (tests/host/vgic_gich_model.h),
 * one vCPU, 1 to 4 LRs, either reading of MISR.NP.  The input drives the
 * guest (acknowledge, EOI in nesting order, distributor accesses), the
 * devices (edges, levels) and the physical interrupts forwarded to it (the
 * timer PPI 27 and an SPI, hardware-linked), and the hypervisor takes an
 * exit whenever the model asserts the maintenance interrupt.
 *
 * Invariants: an interrupt is never in two LRs; no maintenance interrupt is
 * asserted at guest entry; a physical interrupt is active exactly while the
 * vGIC has virtual state standing for it (and is never deactivated when
 * inactive: the model checks that); a distributor read changes nothing;
 * and once the guest has taken everything it can and waits for an
 * interrupt, every enabled pending inactive interrupt has been delivered.
 */
#define VGIC_IMPLEMENTATION /* the vGIC is compiled here */
#include "fuzz_input.h"
#include "fuzz_vgic_check.h"
#define MODEL_CHECK(cond) FUZZ_CHECK(cond)
#include "vgic_gich_model.h"

#ifdef FUZZ_TRACE
#include <stdio.h>
#define TRACE(...) fprintf(stderr, __VA_ARGS__)
#else
#define TRACE(...) ((void)0)
#endif

#define NR_IRQS	 64
#define HW_SPI_V 40u /* virtual SPI 40 <- physical SPI 72 */
#define HW_SPI_P 72u
#define TIMER	 27u

static struct vgic vm, before, after;
static bool in_guest;
static uint32_t stack[64]; /* the guest's acknowledged interrupts, nested */
static unsigned int depth;

static const struct vgic_ops ops = {
	.deactivate_phys = NULL, /* set below */
	.phys_line_level = model_line_level,
};

static void deactivate(void *ctx, uint32_t pintid, int pcpu)
{
	(void)ctx;
	hw_phys_deactivate(pcpu < 0 ? 0 : pcpu, pintid);
}

static struct vgic_irq *irq_of(uint32_t intid)
{
	return vgic_get_irq(&vm, 0, intid);
}

static void check_lrs(void)
{
	for (unsigned int i = 0; i < hw_nr_lrs; i++)
		for (unsigned int j = i + 1; j < hw_nr_lrs; j++)
			FUZZ_CHECK(lr_state(i) == GICH_LR_STATE_INVALID ||
				   lr_state(j) == GICH_LR_STATE_INVALID ||
				   gich_lr_virtualid_get(HREG(GICH_LR_OFFSET(i))) !=
					   gich_lr_virtualid_get(HREG(GICH_LR_OFFSET(j))));
}

/* Out of the guest: a physical interrupt is active iff the vGIC says one
 * stands for it, and then its virtual interrupt is pending or active. */
static void check_phys(uint32_t vintid, uint32_t pintid)
{
	struct vgic_irq *irq = irq_of(vintid);

	FUZZ_CHECK(*hw_phys_active(0, pintid) == irq->phys_active);
	if (irq->phys_active)
		FUZZ_CHECK(irq->active || irq->pending_latch);
}

static void do_exit(void)
{
	if (!in_guest)
		return;
	hw_update();
	FUZZ_CHECK(vgic_vcpu_sync(&vm, 0) == 0);
	in_guest = false;
	check_phys(TIMER, TIMER);
	check_phys(HW_SPI_V, HW_SPI_P);
	check_lists(&vm);
}

static void do_entry(void)
{
	if (in_guest)
		return;
	FUZZ_CHECK(vgic_vcpu_flush(&vm, 0) == 0);
	in_guest = true;
	hw_update();
	check_lrs();
#ifdef FUZZ_TRACE
	if (hw_maintenance_asserted()) {
		TRACE("maintenance at entry: hcr %x misr %x apr %x\n", HREG(GICH_HCR_OFFSET),
		      HREG(GICH_MISR_OFFSET), HREG(GICH_APR_OFFSET));
		for (unsigned int i = 0; i < hw_nr_lrs; i++)
			TRACE(" LR%u %08x\n", i, HREG(GICH_LR_OFFSET(i)));
	}
#endif
	FUZZ_CHECK(!hw_maintenance_asserted());
}

/* The maintenance interrupt is taken as soon as it is asserted. */
static void maybe_maintenance(void)
{
	if (in_guest && hw_maintenance_asserted()) {
		do_exit();
		do_entry();
	}
}

static void guest_take(void)
{
	int lr = guest_ack();

	if (lr >= 0 && depth < 64)
		stack[depth++] = guest_lr_intid(lr);
}

static void guest_end(void)
{
	if (depth)
		guest_eoi_intid(stack[--depth]);
}

static void phys_fire(uint32_t pintid, uint32_t vintid)
{
	(void)vintid;
	*hw_phys_line(0, pintid) = true;
	if (*hw_phys_active(0, pintid))
		return; /* a GIC does not signal an active interrupt */
	do_exit();	/* the host acknowledges it */
	*hw_phys_active(0, pintid) = true;
	FUZZ_CHECK(vgic_inject_phys(&vm, 0, pintid) == 0);
}

static const uint16_t dist_regs[] = {
	GICD_CTLR_OFFSET,	  GICD_ISENABLER_OFFSET(0),  GICD_ICENABLER_OFFSET(0),
	GICD_ISPENDR_OFFSET(0),	  GICD_ICPENDR_OFFSET(0),    GICD_ISACTIVER_OFFSET(0),
	GICD_ICACTIVER_OFFSET(0), GICD_IPRIORITYR_OFFSET(0), GICD_ITARGETSR_OFFSET(0),
	GICD_ICFGR_OFFSET(0),	  GICD_SGIR_OFFSET,	     GICD_IGROUPR_OFFSET(0),
};

/* The guest ends what it holds, then takes everything it can, its handler
 * quietening each device before the EOI, and exits to wait (WFI) when there
 * is nothing to take; the GIC fires physical lines that are high.  Then
 * nothing deliverable may be left. */
static void drain(void)
{
	unsigned int round;
	uint32_t ctlr, en, pend, act;

	while (depth)
		guest_end(), maybe_maintenance();
	for (round = 0; round < 64; round++) {
		int lr;

		maybe_maintenance();
		lr = guest_ack();
		TRACE("drain %u ack %d hcr %x misr %x\n", round,
		      lr >= 0 ? (int)guest_lr_intid(lr) : -1, HREG(GICH_HCR_OFFSET),
		      HREG(GICH_MISR_OFFSET));
		if (lr >= 0) { /* its handler quietens the device, then EOI */
			uint32_t intid = guest_lr_intid(lr);

			if (intid == TIMER)
				*hw_phys_line(0, TIMER) = false;
			else if (intid == HW_SPI_V)
				*hw_phys_line(0, HW_SPI_P) = false;
			else if (irq_of(intid)->line_level) { /* a trapped device access */
				do_exit();
				vgic_set_level(&vm, 0, intid, false);
				do_entry();
			}
			guest_eoi_intid(intid);
			continue;
		}
		do_exit(); /* WFI */
		if (*hw_phys_line(0, TIMER) && !*hw_phys_active(0, TIMER))
			phys_fire(TIMER, TIMER);
		if (*hw_phys_line(0, HW_SPI_P) && !*hw_phys_active(0, HW_SPI_P))
			phys_fire(HW_SPI_P, HW_SPI_V);
		do_entry();
		if (!vgic_vcpu_has_pending(&vm, 0) && guest_ack() < 0)
			break;
	}
	do_exit();
	/* Guest idle with an empty running priority (everything it took has
	 * ended): an interrupt pending, enabled, forwarded and inactive would
	 * never be delivered. */
	if (HREG(GICH_APR_OFFSET))
		return; /* an EOI it issued that found no LR: nothing to check */
	vgic_dist_mmio_read(&vm, 0, GICD_CTLR_OFFSET, 4, &ctlr);
	for (unsigned int w = 0; w < NR_IRQS / 32; w++) {
		uint32_t grp;

		vgic_dist_mmio_read(&vm, 0, GICD_ISENABLER_OFFSET(w), 4, &en);
		vgic_dist_mmio_read(&vm, 0, GICD_ISPENDR_OFFSET(w), 4, &pend);
		vgic_dist_mmio_read(&vm, 0, GICD_ISACTIVER_OFFSET(w), 4, &act);
		vgic_dist_mmio_read(&vm, 0, GICD_IGROUPR_OFFSET(w), 4, &grp);
		for (unsigned int b = 0; b < 32; b++) {
			uint32_t intid = w * 32 + b;
			bool fwd = ((grp >> b) & 1) ? (ctlr & 2) : (ctlr & 1);
			bool targeted = intid < 32 || (irq_of(intid)->targets & 1);

			if (((en & pend & ~act) >> b) & 1 && fwd && targeted) {
				struct vgic_irq *q = irq_of(intid);

				(void)q;
				TRACE("undelivered %u prio %x edge %d hw %d phys %d latch %d list "
				      "%d lrs %u apr %x\n",
				      intid, q->priority, q->edge, q->hw, q->phys_active,
				      q->pending_latch, q->list, hw_nr_lrs, HREG(GICH_APR_OFFSET));
				for (unsigned int i = 0; i < hw_nr_lrs; i++)
					TRACE(" LR%u %08x\n", i, HREG(GICH_LR_OFFSET(i)));
				FUZZ_CHECK(!"enabled pending interrupt never delivered");
			}
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vgic_ops o;
	struct fuzz_in in = {data, size};
	uint8_t cfg = fuzz_u8(&in);

	o = ops;
	o.deactivate_phys = deactivate;
	model_np_reading = (cfg & 0x80) ? NP_PENDING_BIT : NP_STATE_PENDING_ONLY;
	hw_reset(1 + cfg % 4);
	in_guest = false;
	depth = 0;
	FUZZ_CHECK(vgic_init(&vm, 1, NR_IRQS, GICH, &o, NULL) == 0);
	FUZZ_CHECK(vgic_vcpu_load(&vm, 0, 0) == 0);
	FUZZ_CHECK(vgic_map_phys(&vm, 0, TIMER, TIMER) == 0);
	FUZZ_CHECK(vgic_map_phys(&vm, 0, HW_SPI_V, HW_SPI_P) == 0);
	do_entry();
	while (fuzz_more(&in)) {
		uint8_t op = fuzz_u8(&in), a = fuzz_u8(&in);
		uint32_t intid = 16 + a % (NR_IRQS - 16), v;

		TRACE("op %u a %u\n", op % 10, a);

		switch (op % 10) {
		case 0:
		case 1:
			guest_take();
			break;
		case 2:
			guest_end();
			break;
		case 3: /* any other exit (a trap, a hypercall) */
			do_exit();
			do_entry();
			break;
		case 4: { /* a trapped distributor write */
			uint32_t off = dist_regs[a % (sizeof(dist_regs) / sizeof(dist_regs[0]))];

			off += (fuzz_u8(&in) % 8) * 4;
			v = fuzz_u32(&in);
			do_exit();
			if (off >= GICD_IPRIORITYR_OFFSET(0) &&
			    off < GICD_ITARGETSR_OFFSET(0) + 0x400 && (a & 0x80))
				vgic_dist_mmio_write(&vm, 0, off + (v >> 30), 1, v);
			else
				vgic_dist_mmio_write(&vm, 0, off, 4, v);
			do_entry();
			break;
		}
		case 5: { /* a trapped distributor read: changes nothing */
			uint32_t off = dist_regs[a % (sizeof(dist_regs) / sizeof(dist_regs[0]))] +
				       (fuzz_u8(&in) % 8) * 4;

			do_exit();
			snapshot(&vm, &before);
			vgic_dist_mmio_read(&vm, 0, off, 4, &v);
			snapshot(&vm, &after);
			FUZZ_CHECK(memcmp(&before, &after, sizeof(before)) == 0);
			do_entry();
			break;
		}
		case 6: /* an emulated device's edge */
			do_exit();
			vgic_inject_edge(&vm, 0, intid);
			do_entry();
			break;
		case 7: /* an emulated device's level (not on a hw-linked one) */
			if (intid == TIMER || intid == HW_SPI_V)
				break;
			do_exit();
			vgic_set_level(&vm, 0, intid, a & 1);
			do_entry();
			break;
		case 8: /* a forwarded physical interrupt fires */
			if (a & 1)
				phys_fire(TIMER, TIMER);
			else
				phys_fire(HW_SPI_P, HW_SPI_V);
			do_entry();
			break;
		case 9: /* a forwarded line goes low (the guest stops its timer) */
			*hw_phys_line(0, (a & 1) ? TIMER : HW_SPI_P) = false;
			break;
		}
		maybe_maintenance();
	}
	drain();
	return 0;
}
