/* SPDX-License-Identifier: MIT */
/*
 * minihyp system tests, one vCPU: the virtual GIC (emulated distributor,
 * GICV as the CPU interface), the virtual timer through WFI, SGIs to self,
 * PSCI on a one-vCPU VM, the empty virtio-mmio slots.  SMP behaviour is
 * tested by the multi-vCPU guest (guests/smp/).
 */
#include "../common/guest.h"

#include <gicv2/gicc.h>
#include <gicv2/gicd.h>

#define GICD GUEST_GICD_IPA
#define GICC GUEST_GICC_IPA

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
	iar = mmio_read32(GICC + GICC_IAR_OFFSET);
	__asm__ volatile("msr cntv_ctl_el0, %0\n\tisb" ::"r"(0ul) : "memory"); /* line low */
	return iar;
}

void test_vgic(void);
void test_vgic(void)
{
	uint32_t iar, v;
	bool late;
	int i;

	v = mmio_read32(GICD + GICD_TYPER_OFFSET);
	tap_check((v & 0x1f) == 1 && ((v >> 5) & 7) == 0,
		  "vgic: GICD_TYPER: 64 interrupt IDs, 1 CPU (0x%x)", v);
	v = mmio_read32(GICD + GICD_IIDR_OFFSET);
	tap_check((v & 0xfff) == 0x43b, "vgic: GICD_IIDR implementer ARM (0x%x)", v);
	v = mmio_read32(GICD + GICD_ITARGETSR_OFFSET(0));
	/* IHI 0048B 4.3.12: one CPU interface (a uniprocessor GIC): RAZ/WI */
	tap_check(v == 0, "vgic: GICD_ITARGETSR0 is RAZ on a one-vCPU VM (0x%x)", v);

	mmio_write32(GICD + GICD_CTLR_OFFSET, 1);
	mmio_write8(GICD + GICD_IPRIORITYR_OFFSET(0) + 27, 0xa0);
	mmio_write32(GICD + GICD_ISENABLER_OFFSET(0), 1u << 27);
	mmio_write32(GICC + GICC_PMR_OFFSET, 0xf0);
	mmio_write32(GICC + GICC_CTLR_OFFSET, 1);
	v = mmio_read32(GICD + GICD_ISENABLER_OFFSET(0));
	tap_check(v & (1u << 27), "vgic: the virtual timer PPI 27 enabled (ISENABLER0 0x%x)", v);

	/* The timer fires while the vCPU waits in WFI (interrupts masked):
	 * minihyp blocks in a WFI of its own until the physical PPI 27, then
	 * the guest takes virtual 27 from GICV.  Several rounds: each EOI must
	 * deactivate the physical interrupt (hardware-linked LR), or the next
	 * round would never fire. */
	for (i = 0; i < 3; i++) {
		iar = timer_wfi(2000, &late);
		if (!tap_check(gicc_iar_interruptid_get(iar) == 27 && late,
			       "vgic: timer round %d: WFI returns at the deadline, IAR 27 (0x%x)",
			       i, iar))
			break;
		mmio_write32(GICC + GICC_EOIR_OFFSET, iar);
	}
	tap_check(!(cntv_ctl() & 1), "vgic: timer disabled after the rounds");
	tap_check(gicc_iar_interruptid_get(mmio_read32(GICC + GICC_IAR_OFFSET)) == 1023,
		  "vgic: nothing else pending (IAR 1023)");

	/* SGI to self (filter 2), then to the list {vCPU 0} (filter 0) */
	mmio_write32(GICD + GICD_SGIR_OFFSET, (2u << 24) | 5);
	iar = mmio_read32(GICC + GICC_IAR_OFFSET);
	tap_check(iar == 5, "vgic: SGI 5 to self taken from GICV (IAR 0x%x)", iar);
	mmio_write32(GICC + GICC_EOIR_OFFSET, iar);
	mmio_write32(GICD + GICD_SGIR_OFFSET, (0u << 24) | (1u << 16) | 7);
	iar = mmio_read32(GICC + GICC_IAR_OFFSET);
	tap_check(iar == 7, "vgic: SGI 7 to the target list {0} (IAR 0x%x)", iar);
	mmio_write32(GICC + GICC_EOIR_OFFSET, iar);

	/* an SPI made pending through ISPENDR, delivered when enabled */
	mmio_write8(GICD + GICD_IPRIORITYR_OFFSET(0) + 40, 0x80);
	mmio_write8(GICD + GICD_ITARGETSR_OFFSET(0) + 40, 1);
	mmio_write32(GICD + GICD_ISPENDR_OFFSET(1), 1u << 8);
	tap_check(gicc_iar_interruptid_get(mmio_read32(GICC + GICC_IAR_OFFSET)) == 1023,
		  "vgic: pending SPI 40 held while disabled");
	mmio_write32(GICD + GICD_ISENABLER_OFFSET(1), 1u << 8);
	iar = mmio_read32(GICC + GICC_IAR_OFFSET);
	tap_check(iar == 40, "vgic: SPI 40 delivered once enabled (IAR 0x%x)", iar);
	mmio_write32(GICC + GICC_EOIR_OFFSET, iar);
	mmio_write32(GICD + GICD_ICENABLER_OFFSET(1), 1u << 8);

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
