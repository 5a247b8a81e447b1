/* SPDX-License-Identifier: MIT */
/*
 * minihyp system tests, one vCPU: the virtual GIC (emulated distributor;
 * GICv2: GICV as the CPU interface; GICv3: an emulated redistributor and
 * the ICC_* registers through ICH_*), the virtual timer through WFI, SGIs
 * to self, PSCI on a one-vCPU VM, the empty virtio-mmio slots.  The GIC is
 * the one ID_AA64PFR0_EL1.GIC names (common/gic.h); the expected values are
 * the GIC specifications' (IHI 0048B for GICv2, IHI 0069 for GICv3).  SMP
 * behaviour is tested by the multi-vCPU guest (guests/smp/).
 */
#include "../common/gic.h"
#include "../common/guest.h"

#include <aarch64_sysreg/id.h>
#include <gicv2/gicd.h>
#include <gicv3/gicd.h>
#include <gicv3/gicr.h>

#define GICD GUEST_GICD_IPA

#define PPI_VTIMER 27u
#define SPI_TEST   40u

/* The checks of test_vgic on each GIC (tests/main.c's plan). */
#define VGIC_TESTS_V2 22
#define VGIC_TESTS_V3 35
unsigned vgic_tests(void);
unsigned vgic_tests(void)
{
	return gic_v3() ? VGIC_TESTS_V3 : VGIC_TESTS_V2;
}

static uint64_t cntv_ctl(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, cntv_ctl_el0" : "=r"(v));
	return v;
}

/* Arms the virtual timer `ticks` from now, waits in WFI with interrupts
 * masked, returns the IAR and whether the counter passed the deadline. */
static uint32_t timer_wfi(uint64_t ticks, bool *late_ok)
{
	uint64_t cval = counter_read() + ticks;
	uint32_t iar;

	__asm__ volatile("msr cntv_cval_el0, %0\n\tmsr cntv_ctl_el0, %1\n\tisb" ::"r"(cval),
			 "r"(1ul)
			 : "memory");
	__asm__ volatile("dsb sy\n\twfi" ::: "memory");
	*late_ok = counter_read() >= cval;
	iar = gic_ack();
	__asm__ volatile("msr cntv_ctl_el0, %0\n\tisb" ::"r"(0ul) : "memory"); /* line low */
	return iar;
}

/* GICv2 distributor identification (IHI 0048B 4.3.2, 4.3.3, 4.3.12). */
static void gicd_ids_v2(void)
{
	uint32_t v;

	v = gicd_typer_read(GICD);
	tap_check(gicd_typer_itlinesnumber_get(v) == 1 && gicd_typer_cpunumber_get(v) == 0,
		  "vgic: GICD_TYPER: 64 interrupt IDs, 1 CPU (0x%x)", v);
	v = gicd_iidr_read(GICD);
	tap_check(gicd_iidr_implementer_get(v) == 0x43b, "vgic: GICD_IIDR implementer ARM (0x%x)",
		  v);
	v = gicd_itargetsr_read(GICD, 0);
	/* IHI 0048B 4.3.12: one CPU interface (a uniprocessor GIC): RAZ/WI */
	tap_check(v == 0, "vgic: GICD_ITARGETSR0 is RAZ on a one-vCPU VM (0x%x)", v);
	gic_dist_enable(true);
}

/*
 * GICv3 distributor and redistributor (IHI 0069H.b chapter 12): one
 * Security state (GICD_CTLR.DS = 1) and affinity routing on (ARE = 1,
 * RAO/WI: the GICv2 legacy mode is not offered); the GICv2-only registers
 * (ITARGETSR, SGIR, the banked INTIDs 0-31 of the distributor) RAZ/WI; one
 * redistributor, whose GICR_TYPER names MPIDR_EL1's affinity and is Last.
 */
static void gicd_ids_v3(void)
{
	uint64_t mpidr = mpidr_el1_read(), t, r;
	uint32_t v, v0;
	uintptr_t rd;

	v = gicd3_typer_read(GICD);
	tap_check(gicd3_typer_itlinesnumber_get(v) == 1 && gicd3_typer_idbits_get(v) >= 9 &&
			  !gicd3_typer_lpis_get(v),
		  "vgic3: GICD_TYPER: 64 interrupt IDs, INTIDs up to 1023 at least, no LPIs "
		  "(0x%x)",
		  v);
	v = gicd3_iidr_read(GICD);
	tap_check(gicd3_iidr_implementer_get(v) == 0x43b, "vgic3: GICD_IIDR implementer ARM (0x%x)",
		  v);
	v = gicd3_pidr2_read(GICD);
	tap_check(gicd3_pidr2_archrev_get(v) == GICD3_PIDR2_ARCHREV_GICV3,
		  "vgic3: GICD_PIDR2.ArchRev = GICv3 (0x%x)", v);
	gicd3_ctlr_write(GICD, 0);
	v0 = gicd3_ctlr_read(GICD);
	gic_dist_enable(true);
	v = gicd3_ctlr_read(GICD);
	/* DS = 1 layout: EnableGrp1 is bit 1, ARE bit 4 (the Non-secure
	 * view's EnableGrp1A and ARE_NS) */
	tap_check(gicd3_ctlr_ds_get(v0) && (v0 & GICD3_CTLR_NS_ARE_NS_MASK) &&
			  !(v0 & GICD3_CTLR_NS_ENABLEGRP1A_MASK) && gicd3_ctlr_ds_get(v) &&
			  (v & GICD3_CTLR_NS_ARE_NS_MASK) && (v & GICD3_CTLR_NS_ENABLEGRP1A_MASK),
		  "vgic3: GICD_CTLR: DS = 1, ARE RAO/WI, EnableGrp1 written (0x%x, then 0x%x)", v0,
		  v);
	rd = gic_rd(0);
	t = rd ? gicr_typer_read(rd) : 0;
	tap_check(rd == GUEST_GICR_IPA && gicr_typer_last_get(t) &&
			  gicr_typer_processor_number_get(t) == 0 &&
			  gicr_typer_affinity_value_get(t) ==
				  (mpidr_el1_aff3_get(mpidr) << 24 |
				   mpidr_el1_aff2_get(mpidr) << 16 |
				   mpidr_el1_aff1_get(mpidr) << 8 | mpidr_el1_aff0_get(mpidr)) &&
			  !gicr_typer_plpis_get(t),
		  "vgic3: GICR_TYPER at GICR base: MPIDR's affinity, Last, no LPIs (0x%lx)", t);
	v = rd ? gicr_waker_read(rd) : ~0u;
	tap_check(!gicr_waker_processorsleep_get(v) && !gicr_waker_childrenasleep_get(v),
		  "vgic3: GICR_WAKER: awake once ProcessorSleep is cleared (0x%x)", v);
	v = rd ? gicr_pidr2_read(rd) : 0;
	tap_check(gicr_pidr2_archrev_get(v) == GICR_PIDR2_ARCHREV_GICV3,
		  "vgic3: GICR_PIDR2.ArchRev = GICv3 (0x%x)", v);
	/* ARE = 1: GICD_ITARGETSR<n>, GICD_SGIR and the distributor's copies
	 * of the SGI/PPI registers are RES0 (RAZ/WI) */
	gicd_itargetsr_write(GICD, 10, 0x01010101);
	tap_check(gicd_itargetsr_read(GICD, 0) == 0 && gicd_itargetsr_read(GICD, 10) == 0,
		  "vgic3: GICD_ITARGETSR<n> RAZ/WI with ARE = 1");
	gicd3_isenabler_write(GICD, 0, 1u << PPI_VTIMER);
	gicd3_ipriorityr_write_intid(GICD, PPI_VTIMER, 0x10);
	tap_check(gicd3_isenabler_read(GICD, 0) == 0 && !gic_bit(GIC_ISENABLER, PPI_VTIMER) &&
			  gicd3_ipriorityr_read_intid(GICD, PPI_VTIMER) == 0 &&
			  gic_priority(PPI_VTIMER) != 0x10,
		  "vgic3: GICD_ISENABLER0 and IPRIORITYR of a PPI RAZ/WI with ARE = 1 (the "
		  "redistributor's)");
	gicd_sgir_write(GICD, gicd_sgir_sgiintid_set(gicd_sgir_targetlistfilter_set(
							     0, GICD_SGIR_TARGETLISTFILTER_SELF),
						     5));
	tap_check(gic_intid(gic_ack()) == GIC_SPURIOUS,
		  "vgic3: GICD_SGIR (GICv2 only) generates no SGI with ARE = 1");
	/* GICD_IROUTER<n>: SPIs only (n < 32 reserved), Aff3..Aff0 and the
	 * routing mode kept */
	r = gicd3_irouter_aff1_set(gicd3_irouter_aff0_set(0, 3), 2);
	gicd3_irouter_write_intid(GICD, SPI_TEST + 1, r);
	t = gicd3_irouter_read_intid(GICD, SPI_TEST + 1);
	gicd3_irouter_write_intid(GICD, SPI_TEST + 1,
				  gicd3_irouter_interrupt_routing_mode_set(0, 1));
	v = (uint32_t)gicd3_irouter_read_intid(GICD, SPI_TEST + 1);
	gicd3_irouter_write(GICD, PPI_VTIMER, ~0ull);
	tap_check(t == r && gicd3_irouter_interrupt_routing_mode_get(v) &&
			  gicd3_irouter_read(GICD, PPI_VTIMER) == 0,
		  "vgic3: GICD_IROUTER41 keeps affinity 0.0.2.3 (0x%lx) and 1-of-N routing; "
		  "IROUTER27 reserved",
		  t);
}

void test_vgic(void);
void test_vgic(void)
{
	uint32_t iar, v;
	bool late;
	int i;

	if (gic_v3())
		gicd_ids_v3();
	else
		gicd_ids_v2();

	gic_set_priority(PPI_VTIMER, 0xa0);
	gic_enable(PPI_VTIMER, true);
	gic_set_pmr(0xf0);
	v = gic_bits_read(GIC_ISENABLER, 0);
	tap_check(v & (1u << PPI_VTIMER),
		  "vgic: the virtual timer PPI 27 enabled (%s ISENABLER0 0x%x)",
		  gic_v3() ? "GICR" : "GICD", v);
	if (gic_v3())
		tap_check(gic_priority(PPI_VTIMER) == 0xa0 && gic_bit(GIC_IGROUPR, PPI_VTIMER),
			  "vgic3: GICR_IPRIORITYR7 byte 3 = 0xa0, GICR_IGROUPR0 bit 27 (Group 1)");

	/* The timer fires while the vCPU waits in WFI (interrupts masked):
	 * minihyp blocks in a WFI of its own until the physical PPI 27, then
	 * the guest takes virtual 27.  Several rounds: each EOI must
	 * deactivate the physical interrupt (hardware-linked list register),
	 * or the next round would never fire. */
	for (i = 0; i < 3; i++) {
		iar = timer_wfi(2000, &late);
		if (!tap_check(gic_intid(iar) == PPI_VTIMER && late,
			       "vgic: timer round %d: WFI returns at the deadline, IAR 27 (0x%x)",
			       i, iar))
			break;
		gic_eoi(iar);
	}
	tap_check(!(cntv_ctl() & 1), "vgic: timer disabled after the rounds");
	tap_check(gic_intid(gic_ack()) == GIC_SPURIOUS, "vgic: nothing else pending (IAR 1023)");

	/* SGI to self (GICD_SGIR filter 2; ICC_SGI1R_EL1 with this vCPU's
	 * Aff0 in the target list), then to the list {vCPU 0} */
	gic_sgi_self(5);
	iar = gic_ack();
	tap_check(iar == gic_sgi_iar(5, 0), "vgic: SGI 5 to self taken (IAR 0x%x)", iar);
	gic_eoi(iar);
	gic_sgi(1u << 0, 7);
	iar = gic_ack();
	tap_check(iar == gic_sgi_iar(7, 0), "vgic: SGI 7 to the target list {0} (IAR 0x%x)", iar);
	gic_eoi(iar);
	if (gic_v3()) {
		/* IRM = 1: every PE but the writer, none here; Aff1 = 1: no such
		 * vCPU (IHI 0069, ICC_SGI1R_EL1) */
		gic_sgi_others(6);
		icc_sgi1r_el1_write(icc_sgi1r_el1_aff1_set(
			icc_sgi1r_el1_intid_set(icc_sgi1r_el1_targetlist_set(0, 1), 6), 1));
		__asm__ volatile("isb" ::: "memory");
		iar = gic_ack();
		tap_check(gic_intid(iar) == GIC_SPURIOUS,
			  "vgic3: ICC_SGI1R_EL1 with IRM = 1 (all but self) or Aff1 = 1 reaches no "
			  "vCPU of a 1-vCPU VM (IAR 0x%x)",
			  iar);
		gic_sgi(0, 8);
		gic_bit_write(GIC_ISPENDR, 8); /* GICR_ISPENDR0 sets an SGI pending */
		iar = gic_ack();
		gic_eoi(iar);
		tap_check(iar == 8 && gic_intid(gic_ack()) == GIC_SPURIOUS,
			  "vgic3: an empty target list sends nothing; GICR_ISPENDR0 pends SGI 8 "
			  "(IAR 0x%x)",
			  iar);
	}

	/* an SPI made pending through ISPENDR, delivered when enabled */
	gic_set_group(SPI_TEST);
	gic_set_priority(SPI_TEST, 0x80);
	gic_route_spi(SPI_TEST, 0);
	gic_set_pending(SPI_TEST, true);
	tap_check(gic_intid(gic_ack()) == GIC_SPURIOUS, "vgic: pending SPI 40 held while disabled");
	gic_enable(SPI_TEST, true);
	iar = gic_ack();
	tap_check(iar == SPI_TEST, "vgic: SPI 40 delivered once enabled (IAR 0x%x)", iar);
	gic_eoi(iar);
	gic_enable(SPI_TEST, false);
	if (gic_v3()) {
		/* routed to an affinity no vCPU has: pending, not delivered;
		 * routed back to vCPU 0: delivered (IHI 0069 GICD_IROUTER) */
		gic_enable(SPI_TEST, true);
		gicd3_irouter_write_intid(GICD, SPI_TEST, gicd3_irouter_aff0_set(0, 5));
		gic_set_pending(SPI_TEST, true);
		v = gic_intid(gic_ack());
		gic_route_spi(SPI_TEST, 0);
		iar = gic_ack();
		gic_eoi(iar);
		tap_check(v == GIC_SPURIOUS && iar == SPI_TEST,
			  "vgic3: SPI 40 routed to Aff0 5 (no vCPU) stays pending, delivered once "
			  "routed to vCPU 0 (IAR 0x%x, then 0x%x)",
			  v, iar);
		/* EOImode 1: ICC_EOIR1_EL1 drops the priority only, ICC_DIR_EL1
		 * deactivates (IHI 0069 ICC_CTLR_EL1.EOImode) */
		gic_set_eoimode(true);
		gic_set_pending(SPI_TEST, true);
		iar = gic_ack();
		gic_eoi(iar);
		late = gic_bit(GIC_ISACTIVER, SPI_TEST);
		gic_deactivate(iar);
		tap_check(iar == SPI_TEST && late && !gic_bit(GIC_ISACTIVER, SPI_TEST) &&
				  gic_rpr() == 0xff,
			  "vgic3: EOImode 1: SPI 40 active after ICC_EOIR1_EL1, inactive after "
			  "ICC_DIR_EL1, idle priority");
		gic_set_eoimode(false);
		gic_enable(SPI_TEST, false);
	}

	/* PSCI on a one-vCPU VM */
	tap_check(hvc_call(PSCI_0_2_FN64_CPU_ON, 1, 0x40000000, 0) ==
			  (uint64_t)PSCI_RET_INVALID_PARAMS,
		  "psci: CPU_ON of a vCPU the VM does not have: INVALID_PARAMETERS");
	tap_check(hvc_call(PSCI_0_2_FN64_CPU_ON, 0, 0x40000000, 0) == (uint64_t)PSCI_RET_ALREADY_ON,
		  "psci: CPU_ON of the caller: ALREADY_ON");
	tap_check(hvc_call(PSCI_0_2_FN64_AFFINITY_INFO, 0, 0, 0) == PSCI_AFFINITY_ON,
		  "psci: AFFINITY_INFO(0) = ON");
	tap_check(hvc_call(PSCI_0_2_FN64_AFFINITY_INFO, 1, 0, 0) ==
			  (uint64_t)PSCI_RET_INVALID_PARAMS,
		  "psci: AFFINITY_INFO of no vCPU: INVALID_PARAMETERS");
	tap_check(hvc_call(PSCI_1_0_FN_PSCI_FEATURES, PSCI_0_2_FN64_CPU_ON, 0, 0) == 0 &&
			  hvc_call(PSCI_1_0_FN_PSCI_FEATURES, PSCI_0_2_FN64_AFFINITY_INFO, 0, 0) ==
				  0,
		  "psci: PSCI_FEATURES: CPU_ON and AFFINITY_INFO implemented");
	tap_check(hvc_call(PSCI_0_2_FN_MIGRATE_INFO_TYPE, 0, 0, 0) == PSCI_TOS_NOT_PRESENT_MP,
		  "psci: MIGRATE_INFO_TYPE = 2");
	tap_check(hvc_call(SMCCC_ARCH_FEATURES_FUNC_ID, SMCCC_VERSION_FUNC_ID, 0, 0) == 0,
		  "smccc: ARCH_FEATURES(SMCCC_VERSION) = 0");

	/* empty virtio-mmio transports */
	tap_check(mmio_read32(GUEST_VIRTIO_IPA) == 0x74726976 &&
			  mmio_read32(GUEST_VIRTIO_IPA + 4) == 2 &&
			  mmio_read32(GUEST_VIRTIO_IPA + 8) == 0,
		  "virtio-mmio slot 0: magic \"virt\", version 2, device ID 0");
	v = mmio_read32(GUEST_VIRTIO_IPA + 31 * GUEST_VIRTIO_SLOT_SIZE);
	tap_check(v == 0x74726976 &&
			  mmio_read32(GUEST_VIRTIO_IPA + 31 * GUEST_VIRTIO_SLOT_SIZE + 0x70) == 0,
		  "virtio-mmio slot 31: magic, other registers read as zero");
}
