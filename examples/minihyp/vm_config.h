/* SPDX-License-Identifier: MIT */
/*
 * minihyp: VM configurations (see docs/vm-config.md).  vm_config.c lists
 * them; minihyp validates the one it runs at boot and builds the VM from it:
 * RAM, the regions of the guest's board (emulated devices, which trap, and
 * passed-through ones, which stage 2 maps), the interrupts forwarded to it.
 */
#ifndef MINIHYP_VM_CONFIG_H
#define MINIHYP_VM_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

enum vm_region_kind {
	VM_REGION_EMULATED,    /* not mapped: every access traps to the device model */
	VM_REGION_PASSTHROUGH, /* mapped by stage 2 to `pa`, Device-nGnRE */
};

enum vm_device {
	VM_DEV_NONE,
	VM_DEV_GICD,	/* emulated GICv2 distributor (the vGIC) */
	VM_DEV_GICC,	/* the guest's CPU interface: the physical GICV frame */
	VM_DEV_PL011,	/* PL011 UART: emulated (console) or the board's own */
	VM_DEV_TESTDEV, /* minihyp's test device */
	VM_DEV_VIRTIO,	/* empty virtio-mmio transport slots, 0x200 bytes each */
	VM_DEV_GICD3,	/* emulated GICv3 distributor (the vGIC, vgic3_dist_mmio_*) */
	VM_DEV_GICR,	/* emulated GICv3 redistributors, 128 KiB per vCPU */
};

struct vm_region {
	const char *name;
	enum vm_device dev;
	enum vm_region_kind kind;
	uint64_t ipa, size;
	uint64_t pa; /* passed-through regions */
};

/* A physical interrupt forwarded to the VM, hardware-linked: the guest's
 * deactivation deactivates the physical one.  SPIs go to the vCPU that the
 * guest's GICD_ITARGETSR names. */
struct vm_irq {
	const char *name;
	uint32_t virq, pirq;
	bool edge;
};

struct vm_config {
	const char *name;
	uint32_t boot_kind;   /* which boot descriptor kind runs this VM (bootdesc v2) */
	unsigned gic_version; /* the board's and the guest's GIC: 2 or 3 */
	unsigned nr_vcpus;    /* default; a v2 boot descriptor's nr_vcpus overrides it */
	uint64_t ram_ipa;     /* guest RAM: IPA, PA, default size (a boot descriptor */
	uint64_t ram_pa;      /*   may ask for more) */
	uint64_t ram_size;
	unsigned nr_irqs;     /* the vGIC's interrupt IDs: 32 + SPIs, multiple of 32 */
	bool cntvoff_at_boot; /* CNTVOFF_EL2 = the counter when the VM is built, so
			       * the guest's virtual counter starts near 0; else 0 */
	const struct vm_region *regions;
	unsigned nr_regions;
	const struct vm_irq *irqs;
	unsigned nr_irqs_forwarded;
};

extern const struct vm_config vm_configs[];
extern const unsigned vm_nr_configs;

/* The board the configuration must fit. */
struct vm_board {
	unsigned nr_cpus; /* physical CPUs (GIC CPU interfaces) */
	unsigned nr_irqs; /* physical interrupt lines (GICD_TYPER) */
	uint64_t ram_base, ram_size;
	unsigned gic_version; /* 2 or 3 (QEMU gic-version, from its device tree) */
	/* The board's PL011 is a VM's: the built-in Linux configuration passes
	 * it through to its one VM (docs/vm-config.md).  Otherwise (a VM file)
	 * it is minihyp's console, which no VM may have. */
	bool vm_has_uart;
};

/* Checks `c` with `nr_vcpus` vCPUs and `ram_size` bytes of RAM against the
 * board: prints one line per problem (overlapping regions, too many vCPUs,
 * bad interrupt numbers, RAM outside the machine's, misaligned passed-through
 * regions) and returns how many it found (0: valid). */
unsigned vm_config_check(const struct vm_config *c, unsigned nr_vcpus, uint64_t ram_size,
			 const struct vm_board *b);

/* The configuration for a boot descriptor kind on a GICv2, NULL if none. */
const struct vm_config *vm_config_for_kind(uint32_t kind);
/* The same on a GICv`gic_version`. */
const struct vm_config *vm_config_for(uint32_t kind, unsigned gic_version);

/* The region holding `ipa` (emulated or passed through), NULL if none. */
const struct vm_region *vm_config_region(const struct vm_config *c, uint64_t ipa);

#endif
