/* SPDX-License-Identifier: MIT */
/*
 * minihyp: the VM file blob (docs/vm-file.md).  tools/vmfile.py turns a YAML
 * VM file into this; minihyp checks it against the board at boot
 * (vmfile.c).  This header is the one definition of the layout: the tool's
 * struct formats are tested against the offsets below
 * (tests/vmfile/vmfile_dump.c --layout).
 *
 * Every field is little-endian and naturally aligned, with explicit padding,
 * so the layout is the same for every C compiler of both ends.  The blob is a
 * header, nr_vms struct vmfile_vm, then nr_shared struct vmfile_shared.
 * Strings are NUL-terminated and NUL-padded.
 */
#ifndef MINIHYP_VMFILE_H
#define MINIHYP_VMFILE_H

#include <stddef.h>
#include <stdint.h>

#include "vm_config.h" /* struct vm_board */

#define VMFILE_MAGIC	0x454c49464d56484dul /* "MHVMFILE" */
#define VMFILE_VERSION	2u		     /* 2: the header carries board_gic */
#define VMFILE_NONE	0xffffffffu	     /* an absent index */
#define VMFILE_NAME_LEN 16u

#define VMFILE_MAX_VMS	   8u  /* one physical CPU each at least, GICv2's 8 */
#define VMFILE_MAX_CPUS	   8u  /* vCPUs of a VM (GICv2 CPU interfaces) */
#define VMFILE_MAX_DEVICES 8u  /* per VM */
#define VMFILE_MAX_IRQS	   16u /* forwarded interrupts per VM */
#define VMFILE_MAX_SHARED  8u
#define VMFILE_CMDLINE_LEN 512u

/* struct vmfile_vm.kind */
#define VMFILE_KIND_BAREMETAL 0u /* a raw binary entered at entry_ipa */
#define VMFILE_KIND_LINUX     1u /* an arm64 Image, its initramfs and a DTB */

/* struct vmfile_vm.images[] by role */
#define VMFILE_IMG_BINARY    0u /* bare metal */
#define VMFILE_IMG_KERNEL    0u /* Linux: the Image */
#define VMFILE_IMG_INITRAMFS 1u /* Linux: optional (size 0: none) */
#define VMFILE_IMG_DTB	     2u /* Linux: where the guest's device tree goes */
#define VMFILE_NR_IMAGES     3u

/* struct vmfile_vm.flags */
#define VMFILE_VM_CNTVOFF_BOOT 1u /* CNTVOFF_EL2 = the counter when the VM is built */

/* struct vmfile_device.type */
#define VMFILE_DEV_PL011       0u /* emulated PL011 UART, 4 KiB */
#define VMFILE_DEV_TESTDEV     1u /* minihyp's emulated test device, 4 KiB */
#define VMFILE_DEV_VIRTIO      2u /* emulated empty virtio-mmio slots, 0x200 each */
#define VMFILE_DEV_PASSTHROUGH 3u /* a board MMIO range mapped by stage 2 */
#define VMFILE_NR_DEV_TYPES    4u

/* struct vmfile_irq.flags */
#define VMFILE_IRQ_EDGE 1u /* else level-sensitive */

/* RAM (IPA, PA, size) is mapped by stage-2 blocks.  The sizes of the guest's
 * GIC frames, PL011, test device and virtio slots are platform.h's GUEST_*. */
#define VMFILE_RAM_ALIGN 0x200000ul

struct vmfile_header {
	uint64_t magic;		/* VMFILE_MAGIC */
	uint32_t version;	/* VMFILE_VERSION */
	uint32_t header_size;	/* sizeof(struct vmfile_header) */
	uint32_t vm_size;	/* sizeof(struct vmfile_vm) */
	uint32_t shared_size;	/* sizeof(struct vmfile_shared) */
	uint32_t nr_vms;	/* 1..VMFILE_MAX_VMS */
	uint32_t nr_shared;	/* 0..VMFILE_MAX_SHARED */
	uint32_t total_size;	/* header + the VMs + the shared regions */
	uint32_t crc32;		/* CRC-32 (IEEE 802.3) of total_size bytes, this field 0 */
	uint32_t board_cpus;	/* the board the file was laid out for (QEMU -smp) */
	uint32_t console_input; /* the VM that has the console input first */
	uint64_t board_ram_base, board_ram_size; /* ... and its RAM (QEMU -m) */
	uint32_t board_gic; /* ... and its GIC version, 2 or 3 (QEMU gic-version): the Linux
			     * VMs' device trees describe that GIC */
	/* 0; the header is 128 bytes so that every struct vmfile_vm after it
	 * starts on a 64-byte boundary (a cache line), as after version 1's
	 * 64-byte header: with the VMs 8 bytes off it, make test-qemu's GICv3
	 * smpbench measured an IPI at 2498 instructions instead of 972. */
	uint8_t reserved[60];
};

struct vmfile_image {
	uint64_t ipa;
	uint64_t size;	    /* bytes the image owns in RAM (a kernel: its image_size) */
	uint64_t file_size; /* bytes the loader puts there (0: the hypervisor writes it) */
	uint64_t reserved;
};

struct vmfile_device {
	char name[VMFILE_NAME_LEN];
	uint32_t type; /* VMFILE_DEV_* */
	uint32_t irq;  /* its virtual SPI, 0: none */
	uint64_t ipa, size;
	uint64_t pa; /* passed through: the board's address; else 0 */
};

struct vmfile_irq {
	char name[VMFILE_NAME_LEN];
	uint32_t virq, pirq;
	uint32_t flags; /* VMFILE_IRQ_* */
	uint32_t reserved;
};

struct vmfile_vm {
	char name[VMFILE_NAME_LEN];
	uint32_t kind;	  /* VMFILE_KIND_* */
	uint32_t nr_cpus; /* vCPU n runs on physical CPU cpus[n] */
	uint8_t cpus[VMFILE_MAX_CPUS];
	uint64_t ram_ipa, ram_pa, ram_size;
	uint64_t entry_ipa; /* bare metal: the first instruction; Linux: the Image */
	uint32_t gic_irqs;  /* the vGIC's interrupt IDs: 32 + SPIs, a multiple of 32 */
	uint32_t flags;	    /* VMFILE_VM_* */
	uint64_t gicd_ipa, gicc_ipa;
	struct vmfile_image images[VMFILE_NR_IMAGES];
	uint32_t nr_devices, nr_irqs;
	uint32_t console; /* index in devices[] of the console PL011, or VMFILE_NONE */
	uint32_t reserved;
	struct vmfile_device devices[VMFILE_MAX_DEVICES];
	struct vmfile_irq irqs[VMFILE_MAX_IRQS];
	char cmdline[VMFILE_CMDLINE_LEN]; /* Linux: the kernel command line */
};

/* One end of a shared region: the VM that maps it, where, and the virtual
 * SPI the other end's doorbell hypercall raises in it. */
struct vmfile_shared_end {
	uint32_t vm; /* index in the VMs */
	uint32_t doorbell;
	uint64_t ipa;
};

struct vmfile_shared {
	char name[VMFILE_NAME_LEN];
	uint64_t pa, size;
	struct vmfile_shared_end ends[2];
};

#ifndef __cplusplus
_Static_assert(sizeof(struct vmfile_header) == 128, "vmfile header layout");
_Static_assert(sizeof(struct vmfile_image) == 32, "vmfile image layout");
_Static_assert(sizeof(struct vmfile_device) == 48, "vmfile device layout");
_Static_assert(sizeof(struct vmfile_irq) == 32, "vmfile irq layout");
_Static_assert(sizeof(struct vmfile_vm) == 1608, "vmfile VM layout");
_Static_assert(sizeof(struct vmfile_shared) == 64, "vmfile shared-region layout");
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the blob is little-endian");
#endif

#define VMFILE_MAX_SIZE                                                                            \
	(sizeof(struct vmfile_header) + VMFILE_MAX_VMS * sizeof(struct vmfile_vm) +                \
	 VMFILE_MAX_SHARED * sizeof(struct vmfile_shared))

/*
 * Checks the blob at `blob` (`len` bytes readable) against the board: its
 * header (magic, version, sizes, CRC), then every rule of docs/vm-file.md
 * with the board's own CPUs, interrupt lines, RAM and GIC (the blob's
 * board_gic must be the board's; a passed-through device must not touch
 * that GIC's frames, the console UART or the hypervisor's memory), and the IPA size
 * (bits) of stage 2.  Prints one line per problem, naming the VM, the field
 * and the rule, and returns how many it found (0: valid).  A blob whose
 * header is wrong is not looked into further.
 */
unsigned vmfile_check(const void *blob, size_t len, const struct vm_board *board,
		      unsigned ipa_bits);

/* The VMs and shared regions of a blob vmfile_check() accepted. */
const struct vmfile_vm *vmfile_vm(const void *blob, unsigned i);
const struct vmfile_shared *vmfile_shared(const void *blob, unsigned i);

/* CRC-32 (IEEE 802.3, reflected, as zlib's crc32) of n bytes, continuing crc. */
uint32_t vmfile_crc32(uint32_t crc, const void *p, size_t n);

#endif
