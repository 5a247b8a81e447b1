/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the vGIC on GICv3: the ICH_*_EL2 backend against the
 * architectural ICH model (vgic_ich_model.h), the emulated GICv3
 * distributor and redistributors register by register, and SGIs through
 * ICC_SGI1R_EL1.  The hostile-guest findings of test_vgic_lr.c (maintenance
 * storms under both readings of "pending", starvation behind
 * distributor-set active state, hardware-linked state) are played again
 * here on v3.  Expected values come from IHI 0069H.b: the generated field
 * accessors of regs/ (written from its tables) and the text quoted.
 */
#include "vgic_test.h"

#include "vgic_ich_model.h"

#define SPI(n) (32u + (n))
#define RD(v)  ((v)*VGIC3_REDIST_STRIDE) /* vCPU v's RD_base, from vCPU 0's */

/* A guest access to the distributor (or a redistributor: `redist`). */
static uint64_t mmio3(bool redist, bool write, unsigned int vcpu, uint32_t off, unsigned int size,
		      uint64_t v)
{
	int (*rd)(struct vgic *, unsigned int, uint32_t, unsigned int, uint64_t *) =
		redist ? vgic3_redist_mmio_read : vgic3_dist_mmio_read;
	int (*wr)(struct vgic *, unsigned int, uint32_t, unsigned int, uint64_t) =
		redist ? vgic3_redist_mmio_write : vgic3_dist_mmio_write;

	if (write)
		assert_int_equal(wr(&vm, vcpu, off, size, v), 0);
	else
		assert_int_equal(rd(&vm, vcpu, off, size, &v), 0);
	return v;
}

#define d3rd(vcpu, off, size)	 mmio3(false, false, vcpu, off, size, 0xdeadbeef)
#define d3wr(vcpu, off, size, v) (void)mmio3(false, true, vcpu, off, size, v)
#define r3rd(vcpu, off, size)	 mmio3(true, false, vcpu, off, size, 0xdeadbeef)
#define r3wr(vcpu, off, size, v) (void)mmio3(true, true, vcpu, off, size, v)

/* nr_vcpus vCPUs, each loaded (on pCPU v), the distributor on with both
 * groups, on a PE with nr_lrs LRs. */
static void boot3(unsigned int nr_vcpus, unsigned int nr_lrs)
{
	unsigned int v;

	memset(&host, 0, sizeof(host));
	ich_reset(nr_lrs);
	assert_int_equal(vgic3_init(&vm, nr_vcpus, 128, &test_ops, NULL), 0);
	for (v = 0; v < nr_vcpus; v++)
		assert_int_equal(vgic_vcpu_load(&vm, v, (int)v), 0);
	d3wr(0, GICD3_CTLR_OFFSET, 4,
	     gicd3_ctlr_enablegrp0_set(gicd3_ctlr_enablegrp1ns_set(0, 1), 1));
}

/* Guest setup of an edge-triggered interrupt at priority `prio`: SGIs and
 * PPIs in vCPU `vcpu`'s redistributor, SPIs in the distributor (routed to
 * the affinity of vCPU `target`). */
static void enable3(unsigned int vcpu, uint32_t intid, uint8_t prio, unsigned int target)
{
	if (intid < 32) {
		if (intid >= 16)
			r3wr(vcpu, RD(vcpu) + (uint32_t)gicr_icfgr_intid_offset(intid), 4,
			     (uint64_t)GICR_ICFGR_INT_CONFIG_MASK << gicr_icfgr_intid_shift(intid));
		r3wr(vcpu, RD(vcpu) + (uint32_t)gicr_ipriorityr_intid_offset(intid) + intid % 4, 1,
		     prio);
		r3wr(vcpu, RD(vcpu) + (uint32_t)gicr_isenabler0_intid_offset(intid), 4,
		     1ull << gicr_isenabler0_intid_shift(intid));
		return;
	}
	d3wr(vcpu, (uint32_t)gicd3_icfgr_intid_offset(intid), 4,
	     (d3rd(vcpu, (uint32_t)gicd3_icfgr_intid_offset(intid), 4) |
	      (uint64_t)GICD3_ICFGR_INT_CONFIG_MASK << gicd3_icfgr_intid_shift(intid)));
	d3wr(vcpu, (uint32_t)gicd3_ipriorityr_intid_offset(intid) + intid % 4, 1, prio);
	d3wr(vcpu, (uint32_t)gicd3_irouter_intid_offset(intid), 8,
	     gicd3_irouter_aff0_set(0, vm.v3.affinity[target] & 0xff));
	d3wr(vcpu, (uint32_t)gicd3_isenabler_intid_offset(intid), 4,
	     1ull << gicd3_isenabler_intid_shift(intid));
}

static void enter3(unsigned int v)
{
	hw_cur_pcpu = (int)v;
	assert_int_equal(vgic_vcpu_flush(&vm, v), 0);
	ich_update();
}

static void leave3(unsigned int v)
{
	ich_update();
	assert_int_equal(vgic_vcpu_sync(&vm, v), 0);
}

/* The guest takes and ends all it can, the hypervisor handling each
 * maintenance exit; no maintenance interrupt may be asserted at entry (a
 * storm: the guest would never run).  Counts deliveries per INTID. */
static unsigned int drain3(unsigned int v, unsigned int *count)
{
	unsigned int n = 0, exits = 0;

	assert_false(ich_maintenance_asserted());
	for (;;) {
		int lr;

		if (ich_maintenance_asserted()) {
			leave3(v);
			enter3(v);
			assert_false(ich_maintenance_asserted());
			assert_true(++exits < 32);
			continue;
		}
		lr = ich_guest_ack();
		if (lr < 0)
			break;
		count[ich_guest_lr_intid(lr)]++;
		n++;
		ich_guest_eoi_intid(ich_guest_lr_intid(lr));
	}
	return n;
}

/* Runs `scenario` under each reading of ICH_MISR_EL2.NP's "pending". */
static void under_both_np_readings(void (*scenario)(void))
{
	for (model_np_reading = NP_STATE_PENDING_ONLY; model_np_reading <= NP_PENDING_BIT;
	     model_np_reading++)
		scenario();
	model_np_reading = NP_STATE_PENDING_ONLY;
}

/* ---- the ICH backend ----------------------------------------------------- */

static void test_lr_encoding(void **state)
{
	uint64_t lr;
	int n;

	(void)state;
	boot3(1, 4);
	enable3(0, SPI(8), 0xa0, 0);
	assert_int_equal(vgic_inject_edge(&vm, 0, SPI(8)), 0);
	enter3(0);
	n = ich_find_lr(SPI(8));
	assert_true(n >= 0);
	lr = ich_lr_model((unsigned)n);
	assert_int_equal(ich_lr_el2_state_get(lr), ICH_LR_EL2_STATE_PENDING);
	assert_int_equal(ich_lr_el2_priority_get(lr), 0xa0); /* 8-bit field */
	assert_false(ich_lr_el2_group_get(lr));		     /* IGROUPR reset: Group 0 */
	assert_false(ich_lr_el2_hw_get(lr));
	assert_true(ich_lr_el2_eoi_get(lr)); /* SPIs ask for EOI maintenance */
	assert_int_equal(ich_hcr_el2_read(), ICH_HCR_EL2_EN_MASK);
	assert_int_equal(ich_guest_ack(), n);
	ich_guest_eoi_intid(SPI(8));
	/* EISR: State 0b00, HW 0, EOI 1 -> MISR.EOI, the maintenance interrupt */
	assert_true(ich_maintenance_asserted());
	assert_true(ich_misr_el2_read() & ICH_MISR_EL2_EOI_MASK);
	leave3(0);
	ich_update();
	assert_int_equal(ich_eisr_el2_read() & (1ull << n), 0); /* cleared by sync */
	assert_int_equal(d3rd(0, (uint32_t)gicd3_isactiver_intid_offset(SPI(8)), 4), 0);
	assert_int_equal(vm.vcpu[0].nr_lrs, 4); /* ICH_VTR_EL2.ListRegs + 1 */
}

static void test_group1_lr(void **state)
{
	int n;

	(void)state;
	boot3(1, 4);
	d3wr(0, (uint32_t)gicd3_igroupr_intid_offset(SPI(1)), 4,
	     1ull << gicd3_igroupr_intid_shift(SPI(1)));
	enable3(0, SPI(1), 0x80, 0);
	vgic_inject_edge(&vm, 0, SPI(1));
	enter3(0);
	n = ich_find_lr(SPI(1));
	assert_true(ich_lr_el2_group_get(ich_lr_model((unsigned)n)));
	assert_int_equal(ich_guest_ack(), n);
	assert_int_equal(ich_ap1r_el2_read(0), 1ull << (0x80 >> 3)); /* Group 1's APR */
}

/* Hardware-linked virtual timer: HW = 1 with pINTID 27; the guest's
 * deactivation deactivates the physical interrupt, once, and the vGIC
 * never does it a second time. */
static void test_hw_timer(void **state)
{
	uint64_t lr;
	int n;

	(void)state;
	boot3(1, 4);
	assert_int_equal(vgic_map_phys(&vm, 0, 27, 27), 0);
	enable3(0, 27, 0xa0, 0);
	assert_int_equal(phys_fire(0, 0, 27), 0);
	enter3(0);
	n = ich_find_lr(27);
	lr = ich_lr_model((unsigned)n);
	assert_true(ich_lr_el2_hw_get(lr));
	assert_int_equal(ich_lr_el2_pintid_get(lr), 27);
	assert_int_equal(ich_guest_ack(), n);
	ich_guest_eoi_intid(27);
	assert_false(*hw_phys_active(0, 27));
	assert_int_equal(hw_phys_deactivations, 1);
	assert_false(ich_maintenance_asserted());
	leave3(0);
	assert_int_equal(host.ndeact, 0); /* the guest did it */
	/* the next one goes through the same way */
	assert_int_equal(phys_fire(0, 0, 27), 0);
	enter3(0);
	assert_int_equal(ich_guest_ack(), ich_find_lr(27));
	ich_guest_eoi_intid(27);
	leave3(0);
	assert_int_equal(hw_phys_deactivations, 2);
}

/* Disabling an active hw interrupt through GICR_ICENABLER0 ends its
 * physical activation exactly once (the guest can no longer). */
static void test_disable_active_hw(void **state)
{
	(void)state;
	boot3(1, 4);
	vgic_map_phys(&vm, 0, 27, 27);
	enable3(0, 27, 0xa0, 0);
	phys_fire(0, 0, 27);
	enter3(0);
	assert_true(ich_guest_ack() >= 0);
	leave3(0);
	r3wr(0, RD(0) + GICR_ICENABLER0_OFFSET, 4, 1u << 27);
	r3wr(0, RD(0) + GICR_ICENABLER0_OFFSET, 4, 1u << 27);
	enter3(0);
	leave3(0);
	assert_int_equal(host.ndeact, 1);
	assert_int_equal(host.deact[0], 27);
	assert_false(*hw_phys_active(0, 27));
	assert_int_equal(r3rd(0, RD(0) + GICR_ISACTIVER0_OFFSET, 4), 0);
}

/* More pending than LRs: everything is delivered, by priority, with no
 * maintenance interrupt asserted at any entry, under either reading of
 * ICH_MISR_EL2.NP. */
static void overflow_no_storm(void)
{
	unsigned int count[128] = {0}, i;

	boot3(1, 4);
	for (i = 0; i < 10; i++) {
		enable3(0, SPI(i), (uint8_t)(0x80 - 8 * i), 0);
		vgic_inject_edge(&vm, 0, SPI(i));
	}
	enter3(0);
	assert_int_equal(drain3(0, count), 10);
	for (i = 0; i < 10; i++)
		assert_int_equal(count[SPI(i)], 1);
	leave3(0);
	assert_int_equal(vm.vcpu[0].nr_listed, 0);
}

static void test_overflow_no_storm(void **state)
{
	(void)state;
	under_both_np_readings(overflow_no_storm);
}

/* Every LR active (nested, acknowledged) and more pending: no NP storm, the
 * nesting goes deeper than the LRs (eviction, EOIcount), all end. */
static void nesting_deeper_than_lrs(void)
{
	unsigned int i;

	boot3(1, 4);
	for (i = 0; i < 6; i++) {
		enable3(0, SPI(i), (uint8_t)(0x60 - 0x10 * i), 0);
		vgic_inject_edge(&vm, 0, SPI(i));
		enter3(0);
		assert_false(ich_maintenance_asserted());
		assert_int_equal(ich_guest_lr_intid(ich_guest_ack()), SPI(i));
		leave3(0);
	}
	enter3(0);
	assert_false(ich_maintenance_asserted());
	for (i = 6; i-- > 0;) { /* innermost first */
		ich_guest_eoi_intid(SPI(i));
		if (ich_maintenance_asserted()) {
			leave3(0);
			enter3(0);
			assert_false(ich_maintenance_asserted());
		}
	}
	leave3(0);
	enter3(0);
	leave3(0);
	assert_int_equal(d3rd(0, GICD3_ISACTIVER_OFFSET(1), 4), 0);
	assert_int_equal(ich_ap0r_el2_read(0) | ich_ap1r_el2_read(0), 0);
}

static void test_nesting_deeper_than_lrs(void **state)
{
	(void)state;
	under_both_np_readings(nesting_deeper_than_lrs);
}

/* Finding 3 on v3: SPIs made active through GICD_ISACTIVER (nothing of the
 * guest's running priority depends on them) take every LR; a pending SPI
 * must still get one and be delivered. */
static void distributor_active_does_not_starve(void)
{
	unsigned int count[128] = {0}, i;

	boot3(1, 4);
	for (i = 0; i < 4; i++) {
		enable3(0, SPI(i), 0, 0);
		d3wr(0, GICD3_ISACTIVER_OFFSET(1), 4, 1u << i);
	}
	enable3(0, SPI(9), 0x80, 0);
	vgic_inject_edge(&vm, 0, SPI(9));
	enter3(0);
	assert_false(ich_maintenance_asserted());
	assert_true(ich_find_lr(SPI(9)) >= 0);
	assert_int_equal(drain3(0, count), 1);
	assert_int_equal(count[SPI(9)], 1);
	leave3(0);
}

static void test_distributor_active_does_not_starve(void **state)
{
	(void)state;
	under_both_np_readings(distributor_active_does_not_starve);
}

/* A vCPU switched out and in keeps LRs, VMCR and both groups' APRs
 * (ich_cpu_save/restore); out, the PE's interface is empty. */
static void test_save_restore(void **state)
{
	uint64_t vmcr = ich_vmcr_el2_vpmr_set(ich_vmcr_el2_veng1_set(0, 1), 0xf0);
	int n;

	(void)state;
	boot3(1, 4);
	enable3(0, SPI(2), 0x40, 0);
	vgic_inject_edge(&vm, 0, SPI(2));
	enter3(0);
	n = ich_guest_ack();
	assert_true(n >= 0);
	ich_vmcr_el2_write(vmcr);
	ich_ap1r_el2_write(0, 1u << 3);
	leave3(0);
	assert_int_equal(vgic_vcpu_put(&vm, 0), 0);
	assert_int_equal(ich_hcr_el2_read(), 0);
	assert_int_equal(ich_ap0r_el2_read(0) | ich_ap1r_el2_read(0), 0);
	assert_int_equal(ich_lr_state_model((unsigned)n), ICH_LR_EL2_STATE_INVALID);
	assert_int_equal(vgic_vcpu_load(&vm, 0, 0), 0);
	assert_int_equal(ich_vmcr_el2_read(), vmcr);
	assert_int_equal(ich_ap0r_el2_read(0), 1u << (0x40 >> 3));
	assert_int_equal(ich_ap1r_el2_read(0), 1u << 3);
	assert_int_equal(ich_lr_state_model((unsigned)n), ICH_LR_EL2_STATE_ACTIVE);
	assert_true(ich_hcr_el2_read() & ICH_HCR_EL2_EN_MASK);
}

/* ---- the distributor ----------------------------------------------------- */

static void test_dist_id_regs(void **state)
{
	uint32_t typer;

	(void)state;
	boot3(2, 4);
	d3wr(0, GICD3_CTLR_OFFSET, 4, 0);
	/* DS = 1 and ARE = 1 read as one and stay so; group enables stick */
	assert_int_equal(d3rd(0, GICD3_CTLR_OFFSET, 4), GICD3_CTLR_DS_MASK | GICD3_CTLR_ARE_S_MASK);
	d3wr(0, GICD3_CTLR_OFFSET, 4, GICD3_CTLR_ENABLEGRP1NS_MASK | GICD3_CTLR_E1NWF_MASK);
	assert_int_equal(d3rd(1, GICD3_CTLR_OFFSET, 4),
			 GICD3_CTLR_DS_MASK | GICD3_CTLR_ARE_S_MASK | GICD3_CTLR_ENABLEGRP1NS_MASK);
	typer = (uint32_t)d3rd(0, GICD3_TYPER_OFFSET, 4);
	assert_int_equal(gicd3_typer_itlinesnumber_get(typer), 128 / 32 - 1);
	assert_int_equal(gicd3_typer_idbits_get(typer) + 1, 10);
	assert_false(gicd3_typer_lpis_get(typer));
	assert_false(gicd3_typer_mbis_get(typer));
	assert_false(gicd3_typer_securityextn_get(typer));
	assert_int_equal(gicd3_iidr_implementer_get((uint32_t)d3rd(0, GICD3_IIDR_OFFSET, 4)),
			 0x43b);
	assert_int_equal(gicd3_pidr2_archrev_get((uint32_t)d3rd(0, GICD3_PIDR2_OFFSET, 4)),
			 GICD3_PIDR2_ARCHREV_GICV3);
	assert_int_equal(gicr_pidr2_archrev_get((uint32_t)r3rd(0, RD(1) + GICR_PIDR2_OFFSET, 4)),
			 GICR_PIDR2_ARCHREV_GICV3);
}

/* INTIDs 0-31 in the distributor are RAZ/WI with ARE = 1; reserved offsets
 * (ITARGETSR, SGIR, SPENDSGIR: GICv2 only) are RAZ/WI; a width a register
 * does not allow is RAZ/WI and counted. */
static void test_dist_raz_wi(void **state)
{
	(void)state;
	boot3(1, 4);
	d3wr(0, GICD3_ISENABLER_OFFSET(0), 4, ~0ull);
	assert_int_equal(d3rd(0, GICD3_ISENABLER_OFFSET(0), 4), 0);
	assert_int_equal(r3rd(0, RD(0) + GICR_ISENABLER0_OFFSET, 4), 0xffff); /* SGIs only */
	d3wr(0, GICD3_IPRIORITYR_OFFSET(0), 4, ~0ull);
	assert_int_equal(d3rd(0, GICD3_IPRIORITYR_OFFSET(0), 4), 0);
	d3wr(0, (uint32_t)gicd3_irouter_intid_offset(0), 8, ~0ull);
	assert_int_equal(d3rd(0, (uint32_t)gicd3_irouter_intid_offset(0), 8), 0);
	vm.stats.reserved = vm.stats.bad_access = 0;
	d3wr(0, 0xf00 /* GICv2's SGIR */, 4, 0x10000u);
	assert_int_equal(vm.vcpu[0].priv[0].sgi_pending, 0);
	assert_int_equal(d3rd(0, 0x800 /* GICv2's ITARGETSR0 */, 4), 0);
	assert_int_equal(vm.stats.reserved, 2);
	d3wr(0, GICD3_CTLR_OFFSET, 2, 0);	     /* 16-bit: not allowed */
	d3wr(0, GICD3_ISENABLER_OFFSET(1), 1, 0xff); /* byte: word-only register */
	d3wr(0, GICD3_ISENABLER_OFFSET(1), 8, ~0ull);
	d3wr(0, GICD3_CTLR_OFFSET + 1, 1, 0); /* misaligned */
	d3wr(0, GICD3_CTLR_OFFSET, 3, 0);
	d3wr(0, VGIC3_DIST_SIZE, 4, 0);
	assert_int_equal(vm.stats.bad_access, 6);
	assert_int_equal(d3rd(0, GICD3_ISENABLER_OFFSET(1), 4), 0);
	assert_true(d3rd(0, GICD3_CTLR_OFFSET, 4) & GICD3_CTLR_ENABLEGRP0_MASK);
	/* IGRPMODR and NSACR: RAZ/WI with DS = 1 */
	d3wr(0, GICD3_IGRPMODR_OFFSET(1), 4, ~0ull);
	assert_int_equal(d3rd(0, GICD3_IGRPMODR_OFFSET(1), 4), 0);
}

/* IROUTER<n>: 64 bits, at 64 or 32 at a time; RES0 bits read as zero; the
 * SPI goes to the vCPU with that affinity, nowhere if none has it, and to
 * one of them all with IRM = 1. */
static void test_irouter(void **state)
{
	uint32_t off = (uint32_t)gicd3_irouter_intid_offset(SPI(5));
	uint64_t r;

	(void)state;
	boot3(3, 4);
	assert_int_equal(vgic3_set_affinity(&vm, 2, 0x0000000100000a02ull), 0); /* 1.0.10.2 */
	r = gicd3_irouter_aff3_set(gicd3_irouter_aff1_set(gicd3_irouter_aff0_set(0, 2), 10), 1);
	d3wr(0, off, 8, r | 0xff00000000000000ull | (1ull << 30));
	assert_int_equal(d3rd(0, off, 8), r);
	assert_int_equal(d3rd(1, off, 4), (uint32_t)r);
	assert_int_equal(d3rd(1, off + 4, 4), r >> 32);
	enable3(0, SPI(5), 0x80, 2);
	d3wr(0, off, 8, r); /* enable3 routed by Aff0 only: back to 1.0.10.2 */
	vgic_inject_edge(&vm, 0, SPI(5));
	assert_int_equal(vm.spi[5].list, 2);
	/* 32-bit write of the upper half: Aff3 = 0 matches no vCPU */
	d3wr(0, off + 4, 4, 0);
	assert_int_equal(d3rd(0, off, 8), (uint32_t)r);
	assert_int_equal(vm.spi[5].list, VGIC_NO_VCPU);
	/* 1 of N */
	d3wr(0, off, 4, (uint32_t)GICD3_IROUTER_INTERRUPT_ROUTING_MODE_MASK);
	assert_true(vm.spi[5].list >= 0);
	assert_int_equal(vgic3_set_affinity(&vm, 1, 0x0000000100000a02ull), -VGIC_EINVAL);
	assert_int_equal(vgic3_set_affinity(&vm, 1, 16), -VGIC_EINVAL); /* Aff0 > 15 */
}

/* ---- the redistributors -------------------------------------------------- */

static void test_redist_typer_waker(void **state)
{
	unsigned int v;

	(void)state;
	boot3(3, 4);
	for (v = 0; v < 3; v++) {
		uint64_t t = r3rd(0, RD(v) + GICR_TYPER_OFFSET, 8);

		assert_int_equal(gicr_typer_affinity_value_get(t), v); /* 0.0.0.v */
		assert_int_equal(gicr_typer_processor_number_get(t), v);
		assert_int_equal(gicr_typer_last_get(t), v == 2);
		assert_false(gicr_typer_plpis_get(t));
		assert_int_equal(r3rd(1, RD(v) + GICR_TYPER_OFFSET, 4), (uint32_t)t);
		assert_int_equal(r3rd(1, RD(v) + GICR_TYPER_OFFSET + 4, 4), t >> 32);
	}
	/* beyond the last redistributor: RAZ/WI */
	assert_int_equal(r3rd(0, RD(3) + GICR_TYPER_OFFSET, 8), 0);
	/* WAKER: out of reset asleep; ChildrenAsleep follows ProcessorSleep */
	assert_int_equal(r3rd(0, RD(1) + GICR_WAKER_OFFSET, 4),
			 GICR_WAKER_PROCESSORSLEEP_MASK | GICR_WAKER_CHILDRENASLEEP_MASK);
	r3wr(1, RD(1) + GICR_WAKER_OFFSET, 4, 0);
	assert_int_equal(r3rd(1, RD(1) + GICR_WAKER_OFFSET, 4), 0);
	assert_int_equal(r3rd(0, RD(0) + GICR_WAKER_OFFSET, 4),
			 GICR_WAKER_PROCESSORSLEEP_MASK | GICR_WAKER_CHILDRENASLEEP_MASK);
	/* no LPIs: CTLR, PROPBASER RAZ/WI */
	r3wr(0, RD(0) + GICR_CTLR_OFFSET, 4, GICR_CTLR_ENABLELPIS_MASK);
	assert_int_equal(r3rd(0, RD(0) + GICR_CTLR_OFFSET, 4), 0);
	r3wr(0, RD(0) + GICR_PROPBASER_OFFSET, 8, ~0ull);
	assert_int_equal(r3rd(0, RD(0) + GICR_PROPBASER_OFFSET, 8), 0);
}

/* SGI_base: banked per redistributor, whoever accesses it; SGIs can be
 * disabled and made pending; ICFGR0 reads edge for every SGI, read-only. */
static void test_redist_sgi_base(void **state)
{
	(void)state;
	boot3(2, 4);
	r3wr(0, RD(1) + (uint32_t)gicr_ipriorityr_intid_offset(20) + 20 % 4, 1, 0x48);
	assert_int_equal(r3rd(1, RD(1) + (uint32_t)gicr_ipriorityr_intid_offset(20), 4),
			 0x48u << 0); /* INTID 20: byte 0 of IPRIORITYR5 */
	assert_int_equal(r3rd(1, RD(0) + (uint32_t)gicr_ipriorityr_intid_offset(20), 4), 0);
	r3wr(0, RD(1) + GICR_ICENABLER0_OFFSET, 4, 1u << 3);
	assert_int_equal(r3rd(0, RD(1) + GICR_ISENABLER0_OFFSET, 4), 0xffffu & ~(1u << 3));
	assert_int_equal(r3rd(0, RD(0) + GICR_ISENABLER0_OFFSET, 4), 0xffff);
	r3wr(0, RD(1) + GICR_ISPENDR0_OFFSET, 4, 1u << 3);
	assert_int_equal(r3rd(1, RD(1) + GICR_ISPENDR0_OFFSET, 4), 1u << 3);
	assert_false(vgic_vcpu_has_pending(&vm, 1)); /* disabled */
	r3wr(1, RD(1) + GICR_ISENABLER0_OFFSET, 4, 1u << 3);
	assert_true(vgic_vcpu_has_pending(&vm, 1));
	r3wr(1, RD(1) + GICR_ICPENDR0_OFFSET, 4, 1u << 3);
	assert_int_equal(r3rd(1, RD(1) + GICR_ISPENDR0_OFFSET, 4), 0);
	r3wr(0, RD(0) + GICR_ICFGR_OFFSET(0), 4, 0);
	assert_int_equal(r3rd(0, RD(0) + GICR_ICFGR_OFFSET(0), 4), 0xaaaaaaaau);
	r3wr(0, RD(0) + GICR_IGRPMODR0_OFFSET, 4, ~0ull);
	assert_int_equal(r3rd(0, RD(0) + GICR_IGRPMODR0_OFFSET, 4), 0);
}

/* ---- SGIs ---------------------------------------------------------------- */

static uint64_t sgi1r(uint32_t intid, uint32_t aff1, uint32_t rs, uint32_t list)
{
	uint64_t v = icc_sgi1r_el1_intid_set(0, intid);

	v = icc_sgi1r_el1_aff1_set(v, aff1);
	v = icc_sgi1r_el1_rs_set(v, rs);
	return icc_sgi1r_el1_targetlist_set(v, list);
}

static uint32_t sgi_pend(unsigned int v)
{
	return (uint32_t)r3rd(v, RD(v) + GICR_ISPENDR0_OFFSET, 4) & 0xffff;
}

static void test_sgi1r_targets(void **state)
{
	(void)state;
	boot3(4, 4);
	assert_int_equal(vgic3_set_affinity(&vm, 3, 0x0105), 0); /* 0.0.1.5 */
	/* TargetList 0b0110 in Aff1 = 0: vCPUs 1 and 2 */
	assert_int_equal(vgic3_sgi_write(&vm, 0, VGIC3_SGI1R, sgi1r(5, 0, 0, 0x6)), 0);
	assert_int_equal(sgi_pend(0), 0);
	assert_int_equal(sgi_pend(1), 1u << 5);
	assert_int_equal(sgi_pend(2), 1u << 5);
	assert_int_equal(sgi_pend(3), 0);
	/* Aff1 = 1, bit 5: vCPU 3 only; with RS = 1 nobody (Aff0 16-31) */
	assert_int_equal(vgic3_sgi_write(&vm, 0, VGIC3_SGI1R, sgi1r(6, 1, 1, 1u << 5)), 0);
	assert_int_equal(sgi_pend(3), 0);
	assert_int_equal(vgic3_sgi_write(&vm, 0, VGIC3_SGI1R, sgi1r(6, 1, 0, 1u << 5)), 0);
	assert_int_equal(sgi_pend(3), 1u << 6);
	/* to itself: 1 */
	assert_int_equal(vgic3_sgi_write(&vm, 2, VGIC3_SGI1R, sgi1r(7, 0, 0, 1u << 2)), 1);
	assert_int_equal(sgi_pend(2), (1u << 5) | (1u << 7));
	/* IRM = 1: every vCPU but the writer */
	assert_int_equal(
		vgic3_sgi_write(&vm, 1, VGIC3_SGI1R, icc_sgi1r_el1_irm_set(sgi1r(9, 0, 0, 0), 1)),
		0);
	assert_int_equal(sgi_pend(1) & (1u << 9), 0);
	assert_true(sgi_pend(0) & sgi_pend(2) & sgi_pend(3) & (1u << 9));
	assert_int_equal(vgic3_sgi_write(&vm, 4, VGIC3_SGI1R, 0), -VGIC_EINVAL);
}

/*
 * vCPU n at Aff0 n of one Aff3.Aff2.Aff1 (what a board with a cluster of up
 * to 16 CPUs gives): the TargetList bit n is vCPU n, only at that Aff1
 * and with RS 0 (Aff0 16-31 names nobody); bits past the last vCPU name
 * nobody.  Then one vCPU moved elsewhere: the others still match by
 * affinity alone.
 */
static void test_sgi1r_targets_one_cluster(void **state)
{
	unsigned int v;

	(void)state;
	boot3(3, 4);
	for (v = 0; v < 3; v++)
		assert_int_equal(vgic3_set_affinity(&vm, v, 0x0200 + v), 0); /* 0.0.2.v */
	assert_int_equal(vgic3_sgi_write(&vm, 0, VGIC3_SGI1R, sgi1r(1, 2, 0, 0xfffe)), 0);
	assert_int_equal(sgi_pend(0), 0);
	assert_int_equal(sgi_pend(1), 1u << 1);
	assert_int_equal(sgi_pend(2), 1u << 1);
	assert_int_equal(vgic3_sgi_write(&vm, 0, VGIC3_SGI1R, sgi1r(2, 0, 0, 0x7)), 0);
	assert_int_equal(vgic3_sgi_write(&vm, 0, VGIC3_SGI1R, sgi1r(2, 2, 1, 0x7)), 0);
	assert_int_equal(sgi_pend(0) | sgi_pend(1) | sgi_pend(2), (1u << 1));
	assert_int_equal(vgic3_sgi_write(&vm, 1, VGIC3_SGI1R, sgi1r(3, 2, 0, 0x2)), 1);
	assert_int_equal(sgi_pend(1), (1u << 1) | (1u << 3));
	/* vCPU 1 to 0.0.3.0: TargetList bit 1 at Aff1 2 is nobody now */
	assert_int_equal(vgic3_set_affinity(&vm, 1, 0x0300), 0);
	assert_int_equal(vgic3_sgi_write(&vm, 0, VGIC3_SGI1R, sgi1r(4, 2, 0, 0x6)), 0);
	assert_int_equal(sgi_pend(1) & (1u << 4), 0);
	assert_int_equal(sgi_pend(2) & (1u << 4), 1u << 4);
	assert_int_equal(vgic3_sgi_write(&vm, 0, VGIC3_SGI1R, sgi1r(5, 3, 0, 0x1)), 0);
	assert_int_equal(sgi_pend(1) & (1u << 5), 1u << 5);
}

/* SGI0R (and ASGI1R) make an SGI pending only where it is Group 0; SGI1R
 * wherever it is (one Security state). */
static void test_sgi0r_group(void **state)
{
	(void)state;
	boot3(2, 4);
	r3wr(1, RD(1) + GICR_IGROUPR0_OFFSET, 4, 1u << 4); /* SGI 4 Group 1 on vCPU 1 */
	vgic3_sgi_write(&vm, 0, VGIC3_SGI0R, sgi1r(4, 0, 0, 0x3));
	vgic3_sgi_write(&vm, 0, VGIC3_ASGI1R, sgi1r(3, 0, 0, 0x2));
	assert_int_equal(sgi_pend(0), 1u << 4);
	assert_int_equal(sgi_pend(1), 1u << 3);
	vgic3_sgi_write(&vm, 0, VGIC3_SGI1R, sgi1r(4, 0, 0, 0x2));
	assert_int_equal(sgi_pend(1), (1u << 3) | (1u << 4));
}

/* No source with affinity routing: the same SGI from two vCPUs before the
 * target takes it is one interrupt; the LR carries no source. */
static void test_sgi_sources_merge(void **state)
{
	unsigned int count[128] = {0};
	int n;

	(void)state;
	boot3(3, 4);
	enable3(0, 3, 0x80, 0);
	assert_int_equal(vgic3_sgi_write(&vm, 1, VGIC3_SGI1R, sgi1r(3, 0, 0, 1)), 0);
	assert_int_equal(vgic3_sgi_write(&vm, 2, VGIC3_SGI1R, sgi1r(3, 0, 0, 1)), 0);
	assert_true(host.kicks[0] >= 1);
	enter3(0);
	n = ich_find_lr(3);
	assert_true(n >= 0);
	assert_false(ich_lr_el2_eoi_get(ich_lr_model((unsigned)n))); /* nothing behind it */
	assert_int_equal(drain3(0, count), 1);
	assert_int_equal(count[3], 1);
	leave3(0);
	assert_int_equal(sgi_pend(0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lr_encoding),
		cmocka_unit_test(test_group1_lr),
		cmocka_unit_test(test_hw_timer),
		cmocka_unit_test(test_disable_active_hw),
		cmocka_unit_test(test_overflow_no_storm),
		cmocka_unit_test(test_nesting_deeper_than_lrs),
		cmocka_unit_test(test_distributor_active_does_not_starve),
		cmocka_unit_test(test_save_restore),
		cmocka_unit_test(test_dist_id_regs),
		cmocka_unit_test(test_dist_raz_wi),
		cmocka_unit_test(test_irouter),
		cmocka_unit_test(test_redist_typer_waker),
		cmocka_unit_test(test_redist_sgi_base),
		cmocka_unit_test(test_sgi1r_targets),
		cmocka_unit_test(test_sgi1r_targets_one_cluster),
		cmocka_unit_test(test_sgi0r_group),
		cmocka_unit_test(test_sgi_sources_merge),
	};

	return cmocka_run_group_tests_name("vgic_v3", tests, NULL, NULL);
}
