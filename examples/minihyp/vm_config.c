/* SPDX-License-Identifier: MIT */
/* minihyp: the VM configurations and their validation (docs/vm-config.md). */
#include "vm_config.h"

#include "console.h"
#include "platform.h"
#include "smp.h"
#include <vgic/vgic.h>

#define VIRTIO_SLOTS 32u

/* The guest's board mirrors QEMU virt.  The GICC region is the GICv2 CPU
 * interface's 8 KiB (GICC_DIR at 0x1000), as QEMU's GICV frame. */
#define COMMON_REGIONS                                                                             \
	{"gicd", VM_DEV_GICD, VM_REGION_EMULATED, GUEST_GICD_IPA, GUEST_GICD_SIZE, 0},             \
		{"gicc",	 VM_DEV_GICC,	  VM_REGION_PASSTHROUGH,                           \
		 GUEST_GICC_IPA, GUEST_GICC_SIZE, BOARD_GICV_BASE},                                \
	{                                                                                          \
		"virtio-mmio", VM_DEV_VIRTIO, VM_REGION_EMULATED, GUEST_VIRTIO_IPA,                \
			VIRTIO_SLOTS *GUEST_VIRTIO_SLOT_SIZE, 0                                    \
	}

/* GICv3: the distributor and the redistributors are emulated, the guest's
 * CPU interface is the virtual one of the ICC_* system registers. */
#define COMMON_REGIONS3                                                                            \
	{"gicd", VM_DEV_GICD3, VM_REGION_EMULATED, GUEST_GICD_IPA, GUEST_GICD_SIZE, 0},            \
		{"gicr", VM_DEV_GICR, VM_REGION_EMULATED, GUEST_GICR_IPA, GUEST_GICR_SIZE, 0},     \
	{                                                                                          \
		"virtio-mmio", VM_DEV_VIRTIO, VM_REGION_EMULATED, GUEST_VIRTIO_IPA,                \
			VIRTIO_SLOTS *GUEST_VIRTIO_SLOT_SIZE, 0                                    \
	}

/* minihyp's own test and benchmark guests: the PL011 is emulated (its output
 * goes to minihyp's console, line-buffered per vCPU), plus the test device. */
static const struct vm_region test_regions[] = {
	{"testdev", VM_DEV_TESTDEV, VM_REGION_EMULATED, GUEST_TESTDEV_IPA, GUEST_TESTDEV_SIZE, 0},
	{"pl011", VM_DEV_PL011, VM_REGION_EMULATED, GUEST_UART_IPA, GUEST_UART_SIZE, 0},
	COMMON_REGIONS,
};

/* Linux: the board's PL011 itself (input too), its interrupt forwarded. */
static const struct vm_region linux_regions[] = {
	COMMON_REGIONS,
	{"pl011", VM_DEV_PL011, VM_REGION_PASSTHROUGH, GUEST_UART_IPA, GUEST_UART_SIZE,
	 BOARD_UART_BASE},
};

static const struct vm_region test_regions3[] = {
	{"testdev", VM_DEV_TESTDEV, VM_REGION_EMULATED, GUEST_TESTDEV_IPA, GUEST_TESTDEV_SIZE, 0},
	{"pl011", VM_DEV_PL011, VM_REGION_EMULATED, GUEST_UART_IPA, GUEST_UART_SIZE, 0},
	COMMON_REGIONS3,
};

static const struct vm_region linux_regions3[] = {
	COMMON_REGIONS3,
	{"pl011", VM_DEV_PL011, VM_REGION_PASSTHROUGH, GUEST_UART_IPA, GUEST_UART_SIZE,
	 BOARD_UART_BASE},
};

static const struct vm_irq linux_irqs[] = {
	{"pl011", BOARD_UART_INTID, BOARD_UART_INTID, false},
};

/* The same two VMs on either GIC: only their GIC regions differ. */
#define NR(a) (sizeof(a) / sizeof((a)[0]))
#define TEST_VM(gic, regs)                                                                         \
	{                                                                                          \
		.name = "guest", .boot_kind = 0 /* MINIHYP_BOOT_KIND_RAW */, .gic_version = (gic), \
		.nr_vcpus = 1, .ram_ipa = GUEST_RAM_IPA, .ram_pa = GUEST_RAM_PA,                   \
		.ram_size = GUEST_RAM_DEFAULT_SIZE, .nr_irqs = 64, .cntvoff_at_boot = false,       \
		.regions = (regs), .nr_regions = NR(regs), .irqs = 0, .nr_irqs_forwarded = 0,      \
	}
/* nr_irqs: room for the virtio-mmio SPIs (48 + n, QEMU virt) */
#define LINUX_VM(gic, regs)                                                                        \
	{                                                                                          \
		.name = "linux", .boot_kind = 1 /* MINIHYP_BOOT_KIND_LINUX */,                     \
		.gic_version = (gic), .nr_vcpus = 1, .ram_ipa = GUEST_RAM_IPA,                     \
		.ram_pa = GUEST_RAM_PA, .ram_size = GUEST_RAM_DEFAULT_SIZE, .nr_irqs = 128,        \
		.cntvoff_at_boot = true, .regions = (regs), .nr_regions = NR(regs),                \
		.irqs = linux_irqs, .nr_irqs_forwarded = NR(linux_irqs),                           \
	}

const struct vm_config vm_configs[] = {
	TEST_VM(2, test_regions),
	LINUX_VM(2, linux_regions),
	TEST_VM(3, test_regions3),
	LINUX_VM(3, linux_regions3),
};

const unsigned vm_nr_configs = sizeof(vm_configs) / sizeof(vm_configs[0]);

const struct vm_config *vm_config_for(uint32_t kind, unsigned gic_version)
{
	unsigned i;

	for (i = 0; i < vm_nr_configs; i++)
		if (vm_configs[i].boot_kind == kind && vm_configs[i].gic_version == gic_version)
			return &vm_configs[i];
	return 0;
}

const struct vm_config *vm_config_for_kind(uint32_t kind)
{
	return vm_config_for(kind, 2);
}

const struct vm_region *vm_config_region(const struct vm_config *c, uint64_t ipa)
{
	unsigned i;

	for (i = 0; i < c->nr_regions; i++)
		if (ipa - c->regions[i].ipa < c->regions[i].size)
			return &c->regions[i];
	return 0;
}

static bool overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a < b + bs && b < a + as;
}

unsigned vm_config_check(const struct vm_config *c, unsigned nr_vcpus, uint64_t ram_size,
			 const struct vm_board *b)
{
	unsigned i, j, bad = 0;

#define BAD(...)                                                                                   \
	do {                                                                                       \
		hyp_printf("minihyp: VM config \"%s\": ", c->name);                                \
		hyp_printf(__VA_ARGS__);                                                           \
		hyp_printf("\n");                                                                  \
		bad++;                                                                             \
	} while (0)

	if (nr_vcpus == 0)
		BAD("no vCPU");
	if (nr_vcpus > b->nr_cpus)
		BAD("%u vCPUs, but the board has %u physical CPUs (vCPUs are pinned 1:1; "
		    "QEMU -smp)",
		    nr_vcpus, b->nr_cpus);
	if (nr_vcpus > VGIC_MAX_VCPUS || nr_vcpus > MAX_CPUS)
		BAD("%u vCPUs: a GICv2 has at most %u CPU interfaces", nr_vcpus, VGIC_MAX_VCPUS);
	if (c->gic_version == 3 && (uint64_t)nr_vcpus * VGIC3_REDIST_STRIDE > GUEST_GICR_SIZE)
		BAD("%u vCPUs: their redistributors do not fit the %lu KiB GICR region", nr_vcpus,
		    GUEST_GICR_SIZE >> 10);
	if (c->nr_irqs % 32 || c->nr_irqs < 32 || c->nr_irqs > VGIC_MAX_IRQS)
		BAD("%u interrupt IDs: must be a multiple of 32 from 32 to %u", c->nr_irqs,
		    VGIC_MAX_IRQS);
	if (ram_size == 0 || ram_size % 0x200000 || c->ram_ipa % 0x200000 || c->ram_pa % 0x200000)
		BAD("RAM at IPA %lx / PA %lx, %lu bytes: not 2 MiB aligned", c->ram_ipa, c->ram_pa,
		    ram_size);
	if (c->ram_pa < b->ram_base || c->ram_pa + ram_size > b->ram_base + b->ram_size ||
	    c->ram_pa + ram_size < c->ram_pa)
		BAD("RAM at PA %lx-%lx is not inside the machine's RAM %lx-%lx (QEMU -m)",
		    c->ram_pa, c->ram_pa + ram_size, b->ram_base, b->ram_base + b->ram_size);
	for (i = 0; i < c->nr_regions; i++) {
		const struct vm_region *r = &c->regions[i];

		if (r->size == 0 || r->ipa + r->size < r->ipa)
			BAD("region %s: empty or wraps", r->name);
		if (overlap(r->ipa, r->size, c->ram_ipa, ram_size))
			BAD("region %s (IPA %lx-%lx) overlaps RAM (%lx-%lx)", r->name, r->ipa,
			    r->ipa + r->size, c->ram_ipa, c->ram_ipa + ram_size);
		for (j = 0; j < i; j++)
			if (overlap(r->ipa, r->size, c->regions[j].ipa, c->regions[j].size))
				BAD("regions %s (IPA %lx-%lx) and %s (IPA %lx-%lx) overlap",
				    c->regions[j].name, c->regions[j].ipa,
				    c->regions[j].ipa + c->regions[j].size, r->name, r->ipa,
				    r->ipa + r->size);
		if (r->kind == VM_REGION_PASSTHROUGH &&
		    (r->ipa % PAGE_SIZE || r->pa % PAGE_SIZE || r->size % PAGE_SIZE))
			BAD("passed-through region %s (IPA %lx, PA %lx, %lu bytes) is not "
			    "page-aligned",
			    r->name, r->ipa, r->pa, r->size);
		if (r->kind == VM_REGION_PASSTHROUGH &&
		    overlap(r->pa, r->size, b->ram_base, b->ram_size))
			BAD("passed-through region %s (PA %lx) is in the machine's RAM", r->name,
			    r->pa);
	}
	for (i = 0; i < c->nr_irqs_forwarded; i++) {
		const struct vm_irq *q = &c->irqs[i];

		if (q->virq < VGIC_NR_PRIVATE || q->virq >= c->nr_irqs)
			BAD("interrupt %s: virtual INTID %u is not an SPI of the VM (32..%u)",
			    q->name, q->virq, c->nr_irqs - 1);
		if (q->pirq < VGIC_NR_PRIVATE || q->pirq >= b->nr_irqs || q->pirq >= 1020)
			BAD("interrupt %s: physical INTID %u is not an SPI of the board (32..%u)",
			    q->name, q->pirq, b->nr_irqs - 1);
		for (j = 0; j < i; j++)
			if (c->irqs[j].virq == q->virq || c->irqs[j].pirq == q->pirq)
				BAD("interrupts %s and %s share an INTID", c->irqs[j].name,
				    q->name);
	}
#undef BAD
	return bad;
}
