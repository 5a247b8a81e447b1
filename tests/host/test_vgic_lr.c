/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the vGIC list-register scheduling against a fake GICH: the
 * test plays the hardware (ELRSR, EISR, MISR from the LRs) and the guest
 * (acknowledge, EOI), and each known way of getting it wrong has a test.
 */
#include "vgic_test.h"

#define SPI(n) (32u + (n))

/* Guest entry and exit of vCPU `v` (loaded on pCPU v). */
static void enter(unsigned int v)
{
	hw_cur_pcpu = (int)v;
	assert_int_equal(vgic_vcpu_flush(&vm, v), 0);
	hw_update();
}

static void leave(unsigned int v)
{
	hw_update();
	assert_int_equal(vgic_vcpu_sync(&vm, v), 0);
}

static void boot(unsigned int nr_vcpus, unsigned int nr_lrs)
{
	unsigned int v;

	setup_vm(nr_vcpus, 128, nr_lrs);
	for (v = 0; v < nr_vcpus; v++)
		assert_int_equal(vgic_vcpu_load(&vm, v, (int)v), 0);
	wr(0, GICD_CTLR_OFFSET, 4, 1); /* EnableGrp0 */
}

/*
 * The guest takes and ends every interrupt it can (EOImode 0), the
 * hypervisor handling each maintenance exit; no maintenance interrupt may
 * be asserted at guest entry (it would be a storm: the guest would never
 * run).  Counts what was delivered per INTID into count[].
 */
static unsigned int guest_drain(unsigned int v, unsigned int *count)
{
	unsigned int n = 0, exits = 0;

	assert_false(hw_maintenance_asserted());
	for (;;) {
		int lr;

		if (hw_maintenance_asserted()) {
			leave(v);
			enter(v);
			assert_false(hw_maintenance_asserted());
			assert_true(++exits < 32);
			continue;
		}
		lr = guest_ack();
		if (lr < 0)
			break;
		count[guest_lr_intid(lr)]++;
		n++;
		guest_eoi(lr);
	}
	return n;
}

/* vCPU 0 takes SPIs 32-35, nested (each preempts the one before, priority
 * 0x40 down to 0x10): all four acknowledged, none deactivated. */
static void nest_four_spis(void)
{
	unsigned int i;

	for (i = 0; i < 4; i++) {
		guest_enable_irq(0, SPI(i), (uint8_t)(0x40 - 0x10 * i), 1);
		vgic_inject_edge(&vm, 0, SPI(i));
		enter(0);
		assert_int_equal(guest_lr_intid(guest_ack()), SPI(i));
		leave(0);
	}
}

/* vCPU `v` of `nr_vcpus` with its virtual timer hardware-linked (27 -> 27),
 * enabled, edge, priority 0xa0. */
static void boot_timer(unsigned int nr_vcpus, unsigned int v)
{
	boot(nr_vcpus, 4);
	assert_int_equal(vgic_map_phys(&vm, v, 27, 27), 0);
	guest_enable_irq(v, 27, 0xa0, 0);
}

/* The guest takes what is pending: the timer, once, whose physical side
 * then ends. */
static void drain_timer_once(unsigned int v)
{
	unsigned int count[128] = {0};

	assert_int_equal(guest_drain(v, count), 1);
	assert_int_equal(count[27], 1);
	assert_false(*hw_phys_active((int)v, 27));
}

static void test_inject_edge_spi(void **state)
{
	int lr;

	(void)state;
	boot(1, 4);
	guest_enable_irq(0, SPI(8), 0xa0, 1);
	assert_int_equal(vgic_inject_edge(&vm, 0, SPI(8)), 0);
	enter(0);
	lr = find_lr(SPI(8));
	assert_int_equal(lr, 0);
	assert_int_equal(lr_state(0), GICH_LR_STATE_PENDING);
	assert_int_equal(gich_lr_priority_get(HREG(GICH_LR_OFFSET(0))), 0xa0 >> 3);
	/* an SPI, even edge-triggered, asks for EOI maintenance: its end must
	 * be known at once, since any vCPU may read its state */
	assert_true(gich_lr_eoi_get(HREG(GICH_LR_OFFSET(0))));
	assert_int_equal(HREG(GICH_HCR_OFFSET), GICH_HCR_EN_MASK);
	assert_int_equal(guest_ack(), 0);
	assert_false(hw_maintenance_asserted());
	guest_eoi(0);
	assert_true(hw_maintenance_asserted());
	assert_true(HREG(GICH_MISR_OFFSET) & GICH_MISR_EOI_MASK);
	leave(0);
	assert_int_equal(rd(0, GICD_ISPENDR_OFFSET(1), 4), 0);
	assert_int_equal(rd(0, GICD_ISACTIVER_OFFSET(1), 4), 0);
	enter(0);
	assert_int_equal(valid_lrs(), 0);
	assert_false(vgic_vcpu_has_pending(&vm, 0));
}

/*
 * A VM of one vCPU is a uniprocessor GIC: IHI 0048B 4.3.12, "all interrupts
 * target the one processor, and the GICD_ITARGETSRs are RAZ/WI".  Every
 * ITARGETSR reads 0 at every width, a write changes nothing, and an SPI
 * whose targets the guest never wrote (or tried to clear) reaches vCPU 0.
 */
static void test_uniprocessor_itargetsr_raz_wi(void **state)
{
	uint32_t off;
	int lr;

	(void)state;
	boot(1, 4);
	for (off = GICD_ITARGETSR_OFFSET(0); off < GICD_ITARGETSR_OFFSET(32); off += 4) {
		assert_int_equal(rd(0, off, 4), 0);
		assert_int_equal(rd(0, off + 3, 1), 0);
	}
	wr(0, GICD_ITARGETSR_OFFSET(10), 4, 0xffffffff);
	wr(0, GICD_ITARGETSR_OFFSET(10) + 1, 1, 0x01);
	assert_int_equal(rd(0, GICD_ITARGETSR_OFFSET(10), 4), 0);
	assert_int_equal(vm.stats.bad_access, 0);
	/* priority and enable only: the targets stay what the GIC says */
	wr(0, (uint32_t)gicd_ipriorityr_intid_offset(SPI(9)) + SPI(9) % 4, 1, 0xa0);
	wr(0, (uint32_t)gicd_isenabler_intid_offset(SPI(9)), 4,
	   1u << gicd_isenabler_intid_shift(SPI(9)));
	guest_enable_irq(0, SPI(10), 0xa0, 0); /* writes ITARGETSR 0: ignored */
	assert_int_equal(vgic_inject_edge(&vm, 0, SPI(9)), 0);
	assert_int_equal(vgic_inject_edge(&vm, 0, SPI(10)), 0);
	enter(0);
	lr = find_lr(SPI(9));
	assert_true(lr >= 0);
	assert_int_equal(lr_state((unsigned int)lr), GICH_LR_STATE_PENDING);
	lr = find_lr(SPI(10));
	assert_true(lr >= 0);
	assert_int_equal(lr_state((unsigned int)lr), GICH_LR_STATE_PENDING);
}

/*
 * Seven interrupts, four LRs: all are delivered, each exactly once, in
 * priority order, refilled through the no-pending maintenance interrupt.
 */
static void test_queue_overflow_priority_order(void **state)
{
	static const uint8_t prio[7] = {0x60, 0x20, 0xe0, 0x40, 0x10, 0xa0, 0x80};
	unsigned int i, got = 0, exits = 0, count[7] = {0};
	uint32_t order[7];

	(void)state;
	boot(1, 4);
	for (i = 0; i < 7; i++) {
		guest_enable_irq(0, SPI(i), prio[i], 1);
		assert_int_equal(vgic_inject_edge(&vm, 0, SPI(i)), 0);
	}
	enter(0);
	assert_int_equal(valid_lrs(), 4);
	/* Pending LRs and more queued: come back when none is pending. */
	assert_int_equal(HREG(GICH_HCR_OFFSET), GICH_HCR_EN_MASK | GICH_HCR_NPIE_MASK);
	while (got < 7) {
		int lr = guest_ack();

		if (lr < 0) {
			/* Nothing pending in the LRs: must be a maintenance exit. */
			assert_true(hw_maintenance_asserted());
			leave(0);
			enter(0);
			assert_true(++exits < 10);
			continue;
		}
		order[got++] = guest_lr_intid(lr);
		count[guest_lr_intid(lr) - SPI(0)]++;
		guest_eoi(lr);
	}
	leave(0);
	enter(0);
	assert_int_equal(valid_lrs(), 0);
	assert_int_equal(HREG(GICH_HCR_OFFSET), GICH_HCR_EN_MASK);
	for (i = 0; i < 7; i++)
		assert_int_equal(count[i], 1);
	for (i = 1; i < 7; i++)
		assert_true(prio[order[i - 1] - SPI(0)] < prio[order[i] - SPI(0)]);
	assert_int_equal(exits, 1);
	assert_int_equal(vm.vcpu[0].stats.maint_np, 1);
}

/*
 * Every LR holds an active interrupt and one more is queued: no-pending
 * would be asserted at once and forever.  It must not be enabled; underflow
 * brings the guest back once it has deactivated enough.
 */
static void test_no_np_storm_when_all_lrs_active(void **state)
{
	unsigned int i;
	int lr;

	(void)state;
	boot(1, 4);
	nest_four_spis();
	/* a fifth, of lower priority than all of them */
	guest_enable_irq(0, SPI(4), 0x50, 1);
	vgic_inject_edge(&vm, 0, SPI(4));
	enter(0);
	assert_int_equal(valid_lrs(), 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(lr_state(i), GICH_LR_STATE_ACTIVE);
	assert_false(HREG(GICH_HCR_OFFSET) & GICH_HCR_NPIE_MASK);
	assert_true(HREG(GICH_HCR_OFFSET) & GICH_HCR_UIE_MASK);
	assert_false(hw_maintenance_asserted()); /* no storm */
	/* Deactivate down to one valid LR: underflow. */
	for (i = 0; i < 3; i++) {
		hw_update();
		assert_false(HREG(GICH_MISR_OFFSET) & GICH_MISR_U_MASK);
		guest_eoi((int)i);
	}
	assert_true(hw_maintenance_asserted());
	assert_true(HREG(GICH_MISR_OFFSET) & GICH_MISR_U_MASK);
	leave(0);
	enter(0);
	lr = find_lr(SPI(4));
	assert_true(lr >= 0);
	assert_int_equal(lr_state((unsigned)lr), GICH_LR_STATE_PENDING);
	assert_int_equal(HREG(GICH_HCR_OFFSET), GICH_HCR_EN_MASK);
	assert_false(hw_maintenance_asserted());
}

/* The same interrupt injected again and again is in at most one LR. */
static void test_no_double_queueing(void **state)
{
	unsigned int i, delivered = 0;
	int lr;

	(void)state;
	boot(2, 4);
	guest_enable_irq(0, SPI(3), 0x40, 1);
	for (i = 0; i < 3; i++)
		vgic_inject_edge(&vm, 0, SPI(3));
	wr(0, GICD_ISPENDR_OFFSET(1), 4, 1u << 3);
	/* Retargeting while pending moves it, it does not copy it. */
	wr(0, GICD_ITARGETSR_OFFSET(8) + 3, 1, 2);
	wr(0, GICD_ITARGETSR_OFFSET(8) + 3, 1, 1);
	assert_int_equal(vm.vcpu[1].list[1], 0);
	assert_int_equal(vm.vcpu[0].list[1], 1u << 3);
	enter(0);
	assert_int_equal(valid_lrs(), 1);
	lr = find_lr(SPI(3));
	assert_int_equal(lr, 0);
	/* More edges while it sits pending in the LR merge into it; the
	 * holder, in the guest, is kicked to notice. */
	memset(host.kicks, 0, sizeof(host.kicks));
	vgic_inject_edge(&vm, 0, SPI(3));
	assert_true(host.kicks[0] >= 1);
	assert_int_equal(host.kicks[1], 0);
	leave(0);
	enter(0);
	assert_int_equal(valid_lrs(), 1);
	while ((lr = guest_ack()) >= 0) {
		delivered++;
		guest_eoi(lr);
	}
	leave(0);
	enter(0);
	assert_int_equal(valid_lrs(), 0);
	assert_int_equal(delivered, 1);
}

/* An edge while the interrupt is active: pending+active in the same LR. */
static void test_pending_while_active(void **state)
{
	int lr;

	(void)state;
	boot(1, 4);
	guest_enable_irq(0, SPI(5), 0x40, 1);
	vgic_inject_edge(&vm, 0, SPI(5));
	enter(0);
	lr = guest_ack();
	assert_true(lr >= 0);
	leave(0); /* e.g. a trap while handling it */
	assert_int_equal(rd(0, GICD_ISACTIVER_OFFSET(1), 4), 1u << 5);
	vgic_inject_edge(&vm, 0, SPI(5));
	assert_int_equal(rd(0, GICD_ISPENDR_OFFSET(1), 4), 1u << 5);
	enter(0);
	lr = find_lr(SPI(5));
	assert_int_equal(lr_state((unsigned)lr), GICH_LR_STATE_PENDING_ACTIVE);
	assert_int_equal(valid_lrs(), 1);
	guest_eoi(lr);
	assert_int_equal(lr_state((unsigned)lr), GICH_LR_STATE_PENDING);
	assert_int_equal(guest_ack(), lr);
	guest_eoi(lr);
	leave(0);
	enter(0);
	assert_int_equal(valid_lrs(), 0);
}

/* Injected while disabled: stays pending, arrives when enabled. */
static void test_disabled_then_enabled(void **state)
{
	int lr;

	(void)state;
	boot(2, 4);
	wr(1, GICD_ITARGETSR_OFFSET(8) + 1, 1, 2); /* SPI 33 -> vCPU 1 */
	vgic_inject_edge(&vm, 0, SPI(1));
	enter(1);
	assert_int_equal(valid_lrs(), 0);
	assert_int_equal(HREG(GICH_HCR_OFFSET), GICH_HCR_EN_MASK); /* nothing to wait for */
	assert_int_equal(rd(0, GICD_ISPENDR_OFFSET(1), 4), 1u << 1);
	/* vCPU 0 enables it while vCPU 1 runs: vCPU 1 is kicked. */
	wr(0, GICD_ISENABLER_OFFSET(1), 4, 1u << 1);
	assert_int_equal(host.kicks[1], 1);
	assert_int_equal(host.kick_pcpu[1], 1);
	leave(1);
	enter(1);
	lr = find_lr(SPI(1));
	assert_true(lr >= 0);
	assert_int_equal(lr_state((unsigned)lr), GICH_LR_STATE_PENDING);
	/* Disabled again before the guest took it: pulled back, still pending. */
	wr(0, GICD_ICENABLER_OFFSET(1), 4, 1u << 1);
	leave(1);
	enter(1);
	assert_int_equal(valid_lrs(), 0);
	assert_int_equal(rd(1, GICD_ISPENDR_OFFSET(1), 4), 1u << 1);
	leave(1);
	/* Distributor off: nothing is forwarded either. */
	wr(0, GICD_CTLR_OFFSET, 4, 0);
	wr(0, GICD_ISENABLER_OFFSET(1), 4, 1u << 1);
	enter(1);
	assert_int_equal(valid_lrs(), 0);
	leave(1);
	wr(0, GICD_CTLR_OFFSET, 4, 1);
	enter(1);
	assert_true(find_lr(SPI(1)) >= 0);
}

/*
 * The virtual timer, hardware-linked: the guest disables it while it is
 * active: the physical interrupt is deactivated, once.
 */
static void test_disable_active_hw_deactivates_once(void **state)
{
	int lr;

	(void)state;
	boot(2, 4);
	assert_int_equal(vgic_map_phys(&vm, 1, 27, 27), 0);
	guest_enable_irq(1, 27, 0xa0, 0);
	assert_int_equal(phys_fire(1, 1, 27), 0);
	enter(1);
	lr = find_lr(27);
	assert_true(lr >= 0);
	assert_true(gich_lr_hw_get(HREG(GICH_LR_OFFSET((unsigned)lr))));
	assert_int_equal(gich_lr_physicalid_get(HREG(GICH_LR_OFFSET((unsigned)lr))), 27);
	assert_int_equal(guest_ack(), lr);
	leave(1);
	/* A second physical activation cannot happen while active: refused. */
	assert_int_equal(vgic_inject_phys(&vm, 1, 27), 0);
	assert_int_equal(vm.stats.dup_phys, 1);
	wr(1, GICD_ICENABLER_OFFSET(0), 4, 1u << 27);
	assert_int_equal(host.ndeact, 1);
	assert_int_equal(host.deact[0], 27);
	assert_int_equal(host.deact_pcpu[0], 1);
	wr(1, GICD_ICENABLER_OFFSET(0), 4, 1u << 27);
	enter(1);
	assert_int_equal(find_lr(27), -1);
	leave(1);
	enter(1);
	assert_int_equal(host.ndeact, 1);
	assert_int_equal(rd(1, GICD_ISACTIVER_OFFSET(0), 4), 0);
	leave(1);
	/* The guest's EOI of it finds no LR: only its priority drops. */
	guest_priority_drop();
	/* Re-enabled: the timer fires again and is delivered again. */
	wr(1, GICD_ISENABLER_OFFSET(0), 4, 1u << 27);
	assert_int_equal(phys_fire(1, 1, 27), 0);
	enter(1);
	lr = guest_ack();
	assert_int_equal(guest_lr_intid(lr), 27);
	guest_eoi(lr); /* deactivates the physical timer interrupt in hardware */
	assert_int_equal(hw_phys_deactivations, 1);
	leave(1);
	assert_int_equal(host.ndeact, 1);
	assert_int_equal(vgic_inject_phys(&vm, 1, 26), -VGIC_ENOENT);
}

/* The guest clears the active state of a hardware-linked interrupt through
 * ICACTIVER: its physical side is deactivated, once; it stays enabled. */
static void test_clear_active_hw_deactivates_once(void **state)
{
	(void)state;
	boot_timer(1, 0);
	assert_int_equal(phys_fire(0, 0, 27), 0);
	enter(0);
	assert_true(guest_ack() >= 0);
	leave(0);
	assert_int_equal(rd(0, GICD_ISACTIVER_OFFSET(0), 4), 1u << 27);
	wr(0, GICD_ICACTIVER_OFFSET(0), 4, 1u << 27);
	wr(0, GICD_ICACTIVER_OFFSET(0), 4, 1u << 27);
	assert_int_equal(host.ndeact, 1);
	assert_int_equal(host.deact[0], 27);
	assert_int_equal(rd(0, GICD_ISACTIVER_OFFSET(0), 4), 0);
	enter(0);
	assert_int_equal(find_lr(27), -1);
	leave(0);
	/* It fires again and is delivered again. */
	assert_int_equal(phys_fire(0, 0, 27), 0);
	assert_int_equal(vm.stats.dup_phys, 0);
	enter(0);
	assert_true(find_lr(27) >= 0);
}

/* Same, for a passed-through SPI whose holder is in the guest on another
 * pCPU: nothing is touched until that vCPU exits, then it happens once. */
static void test_disable_hw_spi_held_by_running_vcpu(void **state)
{
	int lr;

	(void)state;
	boot(2, 4);
	assert_int_equal(vgic_map_phys(&vm, 0, SPI(16), 80), 0);
	guest_enable_irq(0, SPI(16), 0x20, 2); /* routed to vCPU 1 */
	assert_int_equal(host.nroute, 1);
	assert_int_equal(host.route[0], 80);
	assert_int_equal(host.route_pcpu[0], 1);
	assert_int_equal(phys_fire(1, 1, 80), 0);
	enter(1);
	lr = guest_ack();
	assert_int_equal(guest_lr_intid(lr), SPI(16));
	wr(0, GICD_ICENABLER_OFFSET(1), 4, 1u << 16); /* from vCPU 0 */
	assert_int_equal(host.ndeact, 0);
	assert_true(host.kicks[1] >= 1);
	leave(1);
	enter(1);
	assert_int_equal(host.ndeact, 1);
	assert_int_equal(host.deact[0], 80);
	assert_int_equal(find_lr(SPI(16)), -1);
	leave(1);
	enter(1);
	assert_int_equal(host.ndeact, 1);
}

/* A software level interrupt asks for EOI maintenance and is resampled. */
static void test_level_eoi_resample(void **state)
{
	int lr;

	(void)state;
	boot(1, 4);
	guest_enable_irq(0, SPI(2), 0x80, 1);
	guest_set_edge(0, SPI(2), false);
	vgic_set_level(&vm, 0, SPI(2), true);
	enter(0);
	lr = guest_ack();
	assert_true(lr >= 0);
	assert_true(gich_lr_eoi_get(HREG(GICH_LR_OFFSET((unsigned)lr))));
	guest_eoi(lr); /* line still high */
	assert_true(hw_maintenance_asserted());
	assert_true(HREG(GICH_MISR_OFFSET) & GICH_MISR_EOI_MASK);
	leave(0);
	assert_int_equal(HREG(GICH_EISR_OFFSET(0)) & HREG(GICH_LR_OFFSET((unsigned)lr)), 0);
	assert_int_equal(vm.vcpu[0].stats.maint_eoi, 1);
	enter(0);
	lr = find_lr(SPI(2));
	assert_true(lr >= 0); /* resampled: pending again */
	assert_int_equal(guest_ack(), lr);
	vgic_set_level(&vm, 0, SPI(2), false); /* the device is serviced */
	guest_eoi(lr);
	leave(0);
	enter(0);
	assert_int_equal(valid_lrs(), 0);
	assert_false(hw_maintenance_asserted());
}

/* One SGI from two sources: one LR at a time, each source delivered once. */
static void test_sgi_sources_one_at_a_time(void **state)
{
	int lr;

	(void)state;
	boot(3, 4);
	wr(1, GICD_SGIR_OFFSET, 4, (1u << 16) | 3u); /* vCPU 1 -> 0 */
	wr(2, GICD_SGIR_OFFSET, 4, (1u << 16) | 3u); /* vCPU 2 -> 0 */
	assert_int_equal(host.kicks[0], 2);
	assert_int_equal(rd(0, GICD_SPENDSGIR_OFFSET(0), 4), 0x06000000);
	enter(0);
	assert_int_equal(valid_lrs(), 1);
	lr = find_lr(3);
	assert_int_equal(gich_lr_cpuid_get(HREG(GICH_LR_OFFSET((unsigned)lr))), 1);
	assert_true(gich_lr_eoi_get(HREG(GICH_LR_OFFSET((unsigned)lr)))); /* more behind */
	assert_false(HREG(GICH_HCR_OFFSET) & (GICH_HCR_NPIE_MASK | GICH_HCR_UIE_MASK));
	assert_int_equal(rd(0, GICD_SPENDSGIR_OFFSET(0), 4), 0x06000000);
	assert_int_equal(guest_ack(), lr);
	assert_false(hw_maintenance_asserted()); /* no NP storm while active */
	guest_eoi(lr);
	assert_true(hw_maintenance_asserted());
	leave(0);
	enter(0);
	lr = find_lr(3);
	assert_int_equal(gich_lr_cpuid_get(HREG(GICH_LR_OFFSET((unsigned)lr))), 2);
	assert_false(gich_lr_eoi_get(HREG(GICH_LR_OFFSET((unsigned)lr))));
	assert_int_equal(guest_ack(), lr);
	guest_eoi(lr);
	leave(0);
	enter(0);
	assert_int_equal(valid_lrs(), 0);
	assert_int_equal(rd(0, GICD_SPENDSGIR_OFFSET(0), 4), 0);
}

/* A higher-priority interrupt takes the LR of a lower-priority pending one. */
static void test_priority_preempts_pending_lr(void **state)
{
	unsigned int i;

	(void)state;
	boot(1, 2);
	for (i = 0; i < 2; i++) {
		guest_enable_irq(0, SPI(i), 0x80, 1);
		vgic_inject_edge(&vm, 0, SPI(i));
	}
	enter(0);
	leave(0);
	guest_enable_irq(0, SPI(9), 0x10, 1);
	vgic_inject_edge(&vm, 0, SPI(9));
	enter(0);
	assert_true(find_lr(SPI(9)) >= 0);
	assert_true(find_lr(SPI(0)) >= 0);
	assert_int_equal(find_lr(SPI(1)), -1);
	assert_int_equal(rd(0, GICD_ISPENDR_OFFSET(1), 4), (1u << 0) | (1u << 1) | (1u << 9));
	assert_true(HREG(GICH_HCR_OFFSET) & GICH_HCR_NPIE_MASK);
}

/* vCPU leaving and entering its pCPU: the interface state goes with it. */
static void test_save_restore_on_switch(void **state)
{
	int lr;

	(void)state;
	setup_vm(2, 128, 4);
	assert_int_equal(vgic_vcpu_load(&vm, 0, 0), 0);
	wr(0, GICD_CTLR_OFFSET, 4, 1);
	guest_enable_irq(0, SPI(4), 0x40, 1);
	vgic_inject_edge(&vm, 0, SPI(4));
	enter(0);
	lr = guest_ack();
	HREG(GICH_APR_OFFSET) = 1u << (0x40 >> 3); /* what the GIC would record */
	HREG(GICH_VMCR_OFFSET) = 0xf0000001;
	leave(0);
	assert_int_equal(vgic_vcpu_put(&vm, 0), 0);
	assert_int_equal(HREG(GICH_HCR_OFFSET), 0);
	assert_int_equal(HREG(GICH_APR_OFFSET), 0);
	assert_int_equal(valid_lrs(), 0);
	/* Another vCPU runs on this pCPU meanwhile. */
	assert_int_equal(vgic_vcpu_load(&vm, 1, 0), 0);
	assert_int_equal(HREG(GICH_VMCR_OFFSET), GICH_VMCR_RESET);
	enter(1);
	leave(1);
	assert_int_equal(vgic_vcpu_put(&vm, 1), 0);
	assert_int_equal(vgic_vcpu_load(&vm, 0, 0), 0);
	assert_int_equal(HREG(GICH_APR_OFFSET), 1u << 8);
	assert_int_equal(HREG(GICH_VMCR_OFFSET), 0xf0000001);
	enter(0);
	lr = find_lr(SPI(4));
	assert_int_equal(lr_state((unsigned)lr), GICH_LR_STATE_ACTIVE); /* still active */
	guest_eoi(lr);
	leave(0);
	enter(0);
	assert_int_equal(valid_lrs(), 0);
	/* Flush/sync of a vCPU that is not loaded is refused. */
	assert_int_equal(vgic_vcpu_flush(&vm, 1), -VGIC_EINVAL);
	assert_int_equal(vgic_vcpu_sync(&vm, 1), -VGIC_EINVAL);
}

/* Groups: Group 1 interrupts need EnableGrp1 and go to LRs with Grp1 set. */
static void test_group1(void **state)
{
	int lr;

	(void)state;
	boot(1, 4);
	wr(0, GICD_IGROUPR_OFFSET(1), 4, 1u << 6);
	guest_enable_irq(0, SPI(6), 0x40, 1);
	vgic_inject_edge(&vm, 0, SPI(6));
	enter(0);
	assert_int_equal(valid_lrs(), 0); /* only Group 0 enabled */
	leave(0);
	wr(0, GICD_CTLR_OFFSET, 4, 3);
	enter(0);
	lr = find_lr(SPI(6));
	assert_true(lr >= 0);
	assert_true(gich_lr_grp1_get(HREG(GICH_LR_OFFSET((unsigned)lr))));
}

/*
 * Nested preemption deeper than the LRs: six interrupts, each of higher
 * priority than the one before, each acknowledged (active) before the next
 * arrives.  Once every LR holds an active interrupt, the next pending one
 * takes the LR of the lowest-priority active one (evicted: still active),
 * whose EOI later finds no LR (EOICount) and raises the LR-entry-not-present
 * maintenance interrupt; sync then deactivates it.  Each interrupt is
 * delivered once and ends inactive.
 */
static void test_nesting_deeper_than_lrs(void **state)
{
	unsigned int i;
	int lr;

	(void)state;
	boot(1, 4);
	/* edge PPIs: no EOI maintenance, so the guest EOIs them all in one go */
	for (i = 0; i < 6; i++)
		guest_enable_irq(0, 16 + i, (uint8_t)(0xc0 - 0x20 * i), 0);
	for (i = 0; i < 6; i++) {
		assert_int_equal(vgic_inject_edge(&vm, 0, 16 + i), 0);
		enter(0);
		lr = find_lr(16 + i);
		assert_true(lr >= 0);
		assert_int_equal(lr_state((unsigned)lr), GICH_LR_STATE_PENDING);
		assert_int_equal(guest_ack(), lr); /* preempts every active one */
		leave(0);
	}
	assert_int_equal(vm.vcpu[0].stats.evictions, 2);
	assert_int_equal(rd(0, GICD_ISACTIVER_OFFSET(0), 4), 0x3fu << 16);
	/* The guest ends them all before the hypervisor takes its maintenance
	 * interrupt (underflow once one LR is left; a GIC model such as QEMU's
	 * takes it a few instructions late). */
	enter(0);
	for (i = 6; i-- > 0;) {
		lr = find_lr(16 + i);
		/* the two oldest were evicted: their EOIs find no LR */
		assert_int_equal(lr < 0, i < 2);
		guest_eoi_intid(16 + i);
	}
	assert_true(hw_maintenance_asserted());
	assert_true(HREG(GICH_MISR_OFFSET) & GICH_MISR_LRENP_MASK);
	leave(0);
	assert_int_equal(vm.vcpu[0].stats.evicted_eois, 2);
	assert_int_equal(HREG(GICH_HCR_OFFSET) & GICH_HCR_EOICOUNT_MASK, 0);
	assert_int_equal(rd(0, GICD_ISACTIVER_OFFSET(0), 4), 0);
	enter(0);
	assert_int_equal(valid_lrs(), 0);
	assert_false(hw_maintenance_asserted());
}

/* The lock-free fast paths: with nothing listed and no LR in use, flush and
 * sync take no lock and write nothing; has_pending answers without the
 * lock; an injection lists the interrupt and the next flush takes the full
 * path. */
static void test_fast_paths(void **state)
{
	uint32_t hcr;

	(void)state;
	boot(1, 4);
	guest_enable_irq(0, SPI(3), 0x80, 1);
	hcr = HREG(GICH_HCR_OFFSET);
	host.locked = 1; /* any lock taken now fails the test */
	assert_true(vgic_vcpu_flush_is_trivial(&vm.vcpu[0]));
	vgic_vcpu_flush_fast(&vm, 0);
	assert_true(vm.vcpu[0].in_guest);
	assert_true(vgic_vcpu_sync_is_trivial(&vm.vcpu[0]));
	vgic_vcpu_sync_fast(&vm, 0);
	assert_false(vm.vcpu[0].in_guest);
	assert_false(vgic_vcpu_has_pending(&vm, 0));
	host.locked = 0;
	assert_int_equal(HREG(GICH_HCR_OFFSET), hcr);
	assert_int_equal(vm.vcpu[0].stats.flushes, 0);
	vgic_inject_edge(&vm, 0, SPI(3));
	assert_int_equal(vm.vcpu[0].nr_listed, 1);
	assert_true(vgic_vcpu_has_pending(&vm, 0));
	assert_false(vgic_vcpu_flush_is_trivial(&vm.vcpu[0]));
	vgic_vcpu_flush_fast(&vm, 0);
	hw_update();
	assert_int_equal(vm.vcpu[0].stats.flushes, 1);
	assert_true(find_lr(SPI(3)) >= 0);
	assert_false(vgic_vcpu_sync_is_trivial(&vm.vcpu[0]));
	assert_true(guest_ack() >= 0);
	guest_eoi(find_lr(SPI(3)));
	vgic_vcpu_sync_fast(&vm, 0);
	assert_int_equal(vm.vcpu[0].nr_listed, 0);
}

/* CPU_OFF with the virtual timer active (acknowledged, never ended): the
 * reset deactivates the physical PPI once and leaves the interface empty. */
static void test_vcpu_reset_ends_active_hw(void **state)
{
	(void)state;
	boot(2, 4);
	wr(1, GICD_ISENABLER_OFFSET(0), 4, 1u << 27);
	assert_int_equal(vgic_map_phys(&vm, 1, 27, 27), 0);
	assert_int_equal(phys_fire(1, 1, 27), 0);
	enter(1);
	assert_true(guest_ack() >= 0);
	leave(1);
	assert_int_equal(rd(1, GICD_ISACTIVER_OFFSET(0), 4), 1u << 27);
	assert_int_equal(vgic_vcpu_reset(&vm, 1), -VGIC_EINVAL); /* still loaded */
	assert_int_equal(vgic_vcpu_put(&vm, 1), 0);
	host.ndeact = 0;
	assert_int_equal(vgic_vcpu_reset(&vm, 1), 0);
	assert_int_equal(host.ndeact, 1);
	assert_int_equal(host.deact[0], 27);
	assert_int_equal(host.deact_pcpu[0], 1);
	assert_int_equal(rd(1, GICD_ISACTIVER_OFFSET(0), 4), 0);
	assert_int_equal(vm.vcpu[1].nr_listed, 0);
	assert_int_equal(vgic_vcpu_load(&vm, 1, 1), 0);
	enter(1);
	assert_int_equal(valid_lrs(), 0);
	assert_int_equal(HREG(GICH_APR_OFFSET), 0);
	/* the timer fires again later: delivered as usual */
	assert_int_equal(phys_fire(1, 1, 27), 0);
	leave(1);
	enter(1);
	assert_true(find_lr(27) >= 0);
}

/*
 * Finding 1: four SPIs acknowledged (nested, 4 LRs), the first pending
 * again, then a fifth: pending and active is not "the pending state" in
 * QEMU's reading of MISR.NP, so NP must not be what brings the guest back
 * when no LR is in exactly the pending state.
 */
static void test_np_pending_active_no_storm(void **state)
{
	unsigned int i, count[128] = {0};

	(void)state;
	boot(1, 4);
	nest_four_spis();
	vgic_inject_edge(&vm, 0, SPI(0)); /* the first, pending again */
	guest_enable_irq(0, SPI(4), 0x50, 1);
	vgic_inject_edge(&vm, 0, SPI(4));
	enter(0);
	assert_false(hw_maintenance_asserted());
	/* the guest ends its four, innermost first */
	for (i = 4; i-- > 0;) {
		guest_eoi_intid(SPI(i));
		if (hw_maintenance_asserted()) {
			leave(0);
			enter(0);
			assert_false(hw_maintenance_asserted());
		}
	}
	assert_int_equal(guest_drain(0, count), 2);
	assert_int_equal(count[SPI(0)], 1);
	assert_int_equal(count[SPI(4)], 1);
	leave(0);
	assert_int_equal(rd(0, GICD_ISACTIVER_OFFSET(1), 4), 0);
	assert_int_equal(rd(0, GICD_ISPENDR_OFFSET(1), 4), 0);
}

/* Finding 1, the distributor way: PPIs 16-20 set active through
 * ISACTIVER0 (the guest never acknowledged them), then PPI 16 enabled and
 * pending. */
static void test_np_distributor_active_no_storm(void **state)
{
	(void)state;
	boot(1, 4);
	wr(0, GICD_ISACTIVER_OFFSET(0), 4, 0x1fu << 16);
	wr(0, GICD_ISENABLER_OFFSET(0), 4, 1u << 16);
	wr(0, GICD_ISPENDR_OFFSET(0), 4, 1u << 16);
	enter(0);
	assert_false(hw_maintenance_asserted());
	/* PPI 16 is active: its pending state waits for its deactivation */
	assert_int_equal(guest_ack(), -1);
	leave(0);
	enter(0);
	assert_false(hw_maintenance_asserted());
	leave(0);
	/* the guest deactivates them through the distributor: 16 arrives */
	wr(0, GICD_ICACTIVER_OFFSET(0), 4, 0x1fu << 16);
	enter(0);
	assert_int_equal(guest_lr_intid(guest_ack()), 16);
}

/*
 * Finding 3: four SPIs made active through GICD_ISACTIVER at priority 0,
 * by another vCPU: active state set through the distributor is not in the
 * guest's running priority (GICV_APR), so its timer must still arrive.
 */
static void test_distributor_active_does_not_starve(void **state)
{
	unsigned int i;
	int lr;

	(void)state;
	boot_timer(2, 0);
	for (i = 0; i < 4; i++) { /* vCPU 1 points SPIs at vCPU 0 and activates them */
		wr(1, GICD_IPRIORITYR_OFFSET(8) + i, 1, 0);
		wr(1, GICD_ITARGETSR_OFFSET(8) + i, 1, 1);
	}
	wr(1, GICD_ISACTIVER_OFFSET(1), 4, 0xfu);
	assert_int_equal(phys_fire(0, 0, 27), 0);
	enter(0);
	assert_false(hw_maintenance_asserted());
	lr = guest_ack();
	assert_true(lr >= 0);
	assert_int_equal(guest_lr_intid(lr), 27);
	guest_eoi(lr);
	assert_false(*hw_phys_active(0, 27));
	/* and again, after exits */
	leave(0);
	enter(0);
	assert_int_equal(phys_fire(0, 0, 27), 0);
	leave(0);
	enter(0);
	drain_timer_once(0);
}

/*
 * Finding 2: the timer fires while the distributor is off; the guest
 * clears its pending state (ICPENDR0): nothing stands for the physical
 * activation any more, so it must end, or the timer is dead for good.
 */
static void test_icpendr_hw_ends_physical(void **state)
{

	(void)state;
	boot_timer(1, 0);
	wr(0, GICD_CTLR_OFFSET, 4, 0);
	assert_int_equal(phys_fire(0, 0, 27), 0);
	assert_int_equal(rd(0, GICD_ISPENDR_OFFSET(0), 4), 1u << 27);
	wr(0, GICD_ICPENDR_OFFSET(0), 4, 1u << 27);
	assert_false(*hw_phys_active(0, 27));
	/* the same after ISPENDR0 bit 27: the timer fires on top of it */
	wr(0, GICD_ISPENDR_OFFSET(0), 4, 1u << 27);
	assert_int_equal(phys_fire(0, 0, 27), 0);
	wr(0, GICD_ICPENDR_OFFSET(0), 4, 1u << 27);
	assert_false(*hw_phys_active(0, 27));
	assert_int_equal(rd(0, GICD_ISPENDR_OFFSET(0), 4), 0);
	/* the timer still works */
	wr(0, GICD_CTLR_OFFSET, 4, 1);
	assert_int_equal(phys_fire(0, 0, 27), 0);
	enter(0);
	drain_timer_once(0);
}

/*
 * Finding 4: a hardware-linked interrupt made pending by software (ISPENDR,
 * an edge injection) while its physical side is inactive: ending it
 * (ICACTIVER, ICENABLER, or the guest's own deactivation) must not
 * deactivate the physical interrupt (the model fails any deactivation of
 * an inactive physical interrupt).
 */
static void test_hw_soft_pending_no_phys_deactivation(void **state)
{
	unsigned int count[128] = {0};

	(void)state;
	boot_timer(1, 0);
	wr(0, GICD_ISPENDR_OFFSET(0), 4, 1u << 27);
	wr(0, GICD_ICACTIVER_OFFSET(0), 4, 1u << 27);
	wr(0, GICD_ICENABLER_OFFSET(0), 4, 1u << 27);
	assert_int_equal(vgic_inject_edge(&vm, 0, 27), 0);
	wr(0, GICD_ICACTIVER_OFFSET(0), 4, 1u << 27);
	wr(0, GICD_ICENABLER_OFFSET(0), 4, 1u << 27);
	assert_int_equal(host.ndeact, 0);
	/* delivered as what it is, a software interrupt: the guest's
	 * deactivation of it touches no physical interrupt */
	wr(0, GICD_ISENABLER_OFFSET(0), 4, 1u << 27);
	wr(0, GICD_ISPENDR_OFFSET(0), 4, 1u << 27);
	enter(0);
	assert_int_equal(guest_drain(0, count), 1);
	assert_int_equal(count[27], 1);
	leave(0);
	assert_int_equal(host.ndeact, 0);
	assert_int_equal(hw_phys_deactivations, 0);
	/* the physical timer still works, linked */
	assert_int_equal(phys_fire(0, 0, 27), 0);
	enter(0);
	assert_true(gich_lr_hw_get(HREG(GICH_LR_OFFSET((unsigned)find_lr(27)))));
	assert_int_equal(guest_drain(0, count), 1);
	assert_int_equal(hw_phys_deactivations, 1);
	assert_false(*hw_phys_active(0, 27));
}

/*
 * Finding 5: the virtual timer is level-sensitive and hardware-linked.
 * Masked at the distributor, it fires; the guest then turns the timer off
 * (its output goes low) and unmasks it: nothing is pending any more, and
 * the physical activation ends so that the next firing is seen.  Likewise
 * when the line drops while the interrupt waits in an LR unacknowledged.
 */
static void test_hw_level_resampled(void **state)
{
	unsigned int count[128] = {0};

	(void)state;
	boot_timer(1, 0);
	guest_set_edge(0, 27, false);
	wr(0, GICD_ICENABLER_OFFSET(0), 4, 1u << 27);
	assert_int_equal(phys_fire(0, 0, 27), 0);
	*hw_phys_line(0, 27) = false; /* CNTV_CTL.ENABLE = 0 */
	wr(0, GICD_ISENABLER_OFFSET(0), 4, 1u << 27);
	assert_int_equal(rd(0, GICD_ISPENDR_OFFSET(0), 4) & (1u << 27), 0);
	enter(0);
	assert_int_equal(find_lr(27), -1);
	assert_int_equal(guest_drain(0, count), 0);
	leave(0);
	assert_false(*hw_phys_active(0, 27));
	/* in an LR, not acknowledged, when the line drops */
	assert_int_equal(phys_fire(0, 0, 27), 0);
	enter(0);
	assert_true(find_lr(27) >= 0);
	*hw_phys_line(0, 27) = false; /* the guest masks its timer, IRQs off */
	leave(0);
	assert_int_equal(rd(0, GICD_ISPENDR_OFFSET(0), 4) & (1u << 27), 0);
	enter(0);
	assert_int_equal(find_lr(27), -1);
	assert_false(*hw_phys_active(0, 27));
	leave(0);
	/* still asserted: still delivered */
	assert_int_equal(phys_fire(0, 0, 27), 0);
	wr(0, GICD_ICENABLER_OFFSET(0), 4, 1u << 27);
	wr(0, GICD_ISENABLER_OFFSET(0), 4, 1u << 27);
	if (!*hw_phys_active(0, 27)) /* ended: its line, still high, fires again */
		assert_int_equal(phys_fire(0, 0, 27), 0);
	enter(0);
	drain_timer_once(0);
}

/*
 * An EOI whose interrupt the vGIC had already ended (ICACTIVER after the
 * guest acknowledged it) finds no LR and counts in GICH_HCR.EOICount while
 * LR-entry-not-present is off.  Left there, that count would raise the
 * next LR-entry-not-present maintenance interrupt at entry (found by
 * fuzz_vgic_lr) and end the wrong evicted interrupt.
 */
static void test_stale_eoicount_discarded(void **state)
{
	unsigned int i;
	int lr;

	(void)state;
	boot(1, 2);
	guest_enable_irq(0, SPI(0), 0x80, 1);
	vgic_inject_edge(&vm, 0, SPI(0));
	enter(0);
	assert_true(guest_ack() >= 0);
	leave(0);
	wr(0, GICD_ICACTIVER_OFFSET(1), 4, 1u << 0);
	enter(0);
	assert_int_equal(find_lr(SPI(0)), -1);
	guest_eoi_intid(SPI(0)); /* its priority drops; no LR: EOICount */
	assert_false(hw_maintenance_asserted());
	leave(0);
	/* nested deeper than the two LRs: SPI 33 is evicted */
	for (i = 1; i < 4; i++) {
		guest_enable_irq(0, SPI(i), (uint8_t)(0x80 - 0x20 * i), 1);
		vgic_inject_edge(&vm, 0, SPI(i));
		enter(0);
		assert_false(hw_maintenance_asserted());
		lr = guest_ack();
		assert_int_equal(guest_lr_intid(lr), SPI(i));
		leave(0);
	}
	enter(0);
	for (i = 4; i-- > 1;) {
		guest_eoi_intid(SPI(i));
		if (hw_maintenance_asserted()) {
			leave(0);
			enter(0);
			assert_false(hw_maintenance_asserted());
		}
	}
	leave(0);
	assert_int_equal(rd(0, GICD_ISACTIVER_OFFSET(1), 4), 0);
	assert_int_equal(vm.vcpu[0].stats.evictions, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inject_edge_spi),
		cmocka_unit_test(test_uniprocessor_itargetsr_raz_wi),
		cmocka_unit_test(test_queue_overflow_priority_order),
		cmocka_unit_test(test_no_np_storm_when_all_lrs_active),
		cmocka_unit_test(test_no_double_queueing),
		cmocka_unit_test(test_pending_while_active),
		cmocka_unit_test(test_disabled_then_enabled),
		cmocka_unit_test(test_disable_active_hw_deactivates_once),
		cmocka_unit_test(test_clear_active_hw_deactivates_once),
		cmocka_unit_test(test_disable_hw_spi_held_by_running_vcpu),
		cmocka_unit_test(test_level_eoi_resample),
		cmocka_unit_test(test_sgi_sources_one_at_a_time),
		cmocka_unit_test(test_priority_preempts_pending_lr),
		cmocka_unit_test(test_save_restore_on_switch),
		cmocka_unit_test(test_group1),
		cmocka_unit_test(test_nesting_deeper_than_lrs),
		cmocka_unit_test(test_fast_paths),
		cmocka_unit_test(test_vcpu_reset_ends_active_hw),
		cmocka_unit_test(test_np_pending_active_no_storm),
		cmocka_unit_test(test_np_distributor_active_no_storm),
		cmocka_unit_test(test_distributor_active_does_not_starve),
		cmocka_unit_test(test_icpendr_hw_ends_physical),
		cmocka_unit_test(test_hw_soft_pending_no_phys_deactivation),
		cmocka_unit_test(test_hw_level_resampled),
		cmocka_unit_test(test_stale_eoicount_discarded),
	};

	int failed;

	/* under each reading of GICH_MISR.NP (see vgic_gich_model.h) */
	model_np_reading = NP_STATE_PENDING_ONLY;
	failed = cmocka_run_group_tests_name("vgic_lr, NP: State == pending", tests, NULL, NULL);
	model_np_reading = NP_PENDING_BIT;
	failed += cmocka_run_group_tests_name("vgic_lr, NP: pending bit", tests, NULL, NULL);
	return failed;
}
