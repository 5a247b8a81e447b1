/* SPDX-License-Identifier: MIT */
/*
 * minihyp system tests, one vCPU: the virtual GIC (emulated distributor,
 * GICV as the CPU interface), the virtual timer through WFI, SGIs to self,
 * PSCI on a one-vCPU VM, the empty virtio-mmio slots.  SMP behaviour is
 * tested by the multi-vCPU guest (guests/smp/).
 */
#include "../common/guest.h"

#define GICD GUEST_GICD_IPA
#define GICC GUEST_GICC_IPA

#define GICD_CTLR	0x000
#define GICD_TYPER	0x004
#define GICD_IIDR	0x008
#define GICD_ISENABLER	0x100
#define GICD_ICENABLER	0x180
#define GICD_ISPENDR	0x200
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR	0x800
#define GICD_SGIR	0xf00
#define GICC_CTLR	0x000
#define GICC_PMR	0x004
#define GICC_IAR	0x00c
#define GICC_EOIR	0x010

#define PSCI_FEATURES	    0x8400000au
#define PSCI_CPU_ON	    0xc4000003u
#define PSCI_AFFINITY_INFO  0xc4000004u
#define PSCI_MIGRATE_INFO   0x84000006u
#define SMCCC_ARCH_FEATURES 0x80000001u

static uint32_t rd(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static void wr(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static void wr8(uintptr_t a, uint8_t v)
{
	*(volatile uint8_t *)a = v;
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
	iar = rd(GICC + GICC_IAR);
	__asm__ volatile("msr cntv_ctl_el0, %0\n\tisb" ::"r"(0ul) : "memory"); /* line low */
	return iar;
}

void test_vgic(void);
void test_vgic(void)
{
	uint32_t iar, v;
	bool late;
	int i;

	v = rd(GICD + GICD_TYPER);
	tap_check((v & 0x1f) == 1 && ((v >> 5) & 7) == 0,
		  "vgic: GICD_TYPER: 64 interrupt IDs, 1 CPU (0x%x)", v);
	v = rd(GICD + GICD_IIDR);
	tap_check((v & 0xfff) == 0x43b, "vgic: GICD_IIDR implementer ARM (0x%x)", v);
	v = rd(GICD + GICD_ITARGETSR);
	tap_check(v == 0x01010101, "vgic: GICD_ITARGETSR0 reads the vCPU's own bit (0x%x)", v);

	wr(GICD + GICD_CTLR, 1);
	wr8(GICD + GICD_IPRIORITYR + 27, 0xa0);
	wr(GICD + GICD_ISENABLER, 1u << 27);
	wr(GICC + GICC_PMR, 0xf0);
	wr(GICC + GICC_CTLR, 1);
	v = rd(GICD + GICD_ISENABLER);
	tap_check(v & (1u << 27), "vgic: the virtual timer PPI 27 enabled (ISENABLER0 0x%x)", v);

	/* The timer fires while the vCPU waits in WFI (interrupts masked):
	 * minihyp blocks in a WFI of its own until the physical PPI 27, then
	 * the guest takes virtual 27 from GICV.  Several rounds: each EOI must
	 * deactivate the physical interrupt (hardware-linked LR), or the next
	 * round would never fire. */
	for (i = 0; i < 3; i++) {
		iar = timer_wfi(2000, &late);
		if (!tap_check((iar & 0x3ff) == 27 && late,
			       "vgic: timer round %d: WFI returns at the deadline, IAR 27 (0x%x)",
			       i, iar))
			break;
		wr(GICC + GICC_EOIR, iar);
	}
	tap_check(!(cntv_ctl() & 1), "vgic: timer disabled after the rounds");
	tap_check((rd(GICC + GICC_IAR) & 0x3ff) == 1023, "vgic: nothing else pending (IAR 1023)");

	/* SGI to self (filter 2), then to the list {vCPU 0} (filter 0) */
	wr(GICD + GICD_SGIR, (2u << 24) | 5);
	iar = rd(GICC + GICC_IAR);
	tap_check(iar == 5, "vgic: SGI 5 to self taken from GICV (IAR 0x%x)", iar);
	wr(GICC + GICC_EOIR, iar);
	wr(GICD + GICD_SGIR, (0u << 24) | (1u << 16) | 7);
	iar = rd(GICC + GICC_IAR);
	tap_check(iar == 7, "vgic: SGI 7 to the target list {0} (IAR 0x%x)", iar);
	wr(GICC + GICC_EOIR, iar);

	/* an SPI made pending through ISPENDR, delivered when enabled */
	wr8(GICD + GICD_IPRIORITYR + 40, 0x80);
	wr8(GICD + GICD_ITARGETSR + 40, 1);
	wr(GICD + GICD_ISPENDR + 4, 1u << 8);
	tap_check((rd(GICC + GICC_IAR) & 0x3ff) == 1023,
		  "vgic: pending SPI 40 held while disabled");
	wr(GICD + GICD_ISENABLER + 4, 1u << 8);
	iar = rd(GICC + GICC_IAR);
	tap_check(iar == 40, "vgic: SPI 40 delivered once enabled (IAR 0x%x)", iar);
	wr(GICC + GICC_EOIR, iar);
	wr(GICD + GICD_ICENABLER + 4, 1u << 8);

	/* PSCI on a one-vCPU VM */
	tap_check(hvc_call(PSCI_CPU_ON, 1, 0x40000000, 0) == (uint64_t)-2,
		  "psci: CPU_ON of a vCPU the VM does not have: INVALID_PARAMETERS");
	tap_check(hvc_call(PSCI_CPU_ON, 0, 0x40000000, 0) == (uint64_t)-4,
		  "psci: CPU_ON of the caller: ALREADY_ON");
	tap_check(hvc_call(PSCI_AFFINITY_INFO, 0, 0, 0) == 0, "psci: AFFINITY_INFO(0) = ON");
	tap_check(hvc_call(PSCI_AFFINITY_INFO, 1, 0, 0) == (uint64_t)-2,
		  "psci: AFFINITY_INFO of no vCPU: INVALID_PARAMETERS");
	tap_check(hvc_call(PSCI_FEATURES, PSCI_CPU_ON, 0, 0) == 0 &&
			  hvc_call(PSCI_FEATURES, PSCI_AFFINITY_INFO, 0, 0) == 0,
		  "psci: PSCI_FEATURES: CPU_ON and AFFINITY_INFO implemented");
	tap_check(hvc_call(PSCI_MIGRATE_INFO, 0, 0, 0) == 2, "psci: MIGRATE_INFO_TYPE = 2");
	tap_check(hvc_call(SMCCC_ARCH_FEATURES, 0x80000000u, 0, 0) == 0,
		  "smccc: ARCH_FEATURES(SMCCC_VERSION) = 0");

	/* empty virtio-mmio transports */
	tap_check(rd(GUEST_VIRTIO_IPA) == 0x74726976 && rd(GUEST_VIRTIO_IPA + 4) == 2 &&
			  rd(GUEST_VIRTIO_IPA + 8) == 0,
		  "virtio-mmio slot 0: magic \"virt\", version 2, device ID 0");
	v = rd(GUEST_VIRTIO_IPA + 31 * GUEST_VIRTIO_SLOT_SIZE);
	tap_check(v == 0x74726976 && rd(GUEST_VIRTIO_IPA + 31 * GUEST_VIRTIO_SLOT_SIZE + 0x70) == 0,
		  "virtio-mmio slot 31: magic, other registers read as zero");
}
