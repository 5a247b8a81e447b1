/* SPDX-License-Identifier: MIT */
/*
 * minihyp: the QEMU virt board (virtualization=on, gic-version=2) and the
 * physical memory layout of the hypervisor.  Board facts checked against
 * QEMU 7.2's device tree (-machine ...,dumpdtb=virt.dtb; dtc -I dtb).
 */
#ifndef MINIHYP_PLATFORM_H
#define MINIHYP_PLATFORM_H

/* The board */
#define BOARD_GICD_BASE	  0x08000000ul
#define BOARD_GICD_SIZE	  0x00010000ul
#define BOARD_GICC_BASE	  0x08010000ul /* QEMU maps 64 KiB for each of the */
#define BOARD_GICC_SIZE	  0x00010000ul /*   GICv2's four frames */
#define BOARD_GICV2M_BASE 0x08020000ul /* GICv2m MSI frame: a write raises an SPI */
#define BOARD_GICV2M_SIZE 0x00001000ul
#define BOARD_GICH_BASE	  0x08030000ul
#define BOARD_GICH_SIZE	  0x00010000ul
#define BOARD_GICV_BASE	  0x08040000ul
#define BOARD_GICV_SIZE	  0x00010000ul
/* gic-version=3: the same GICD base (64 KiB), the ITS, then the redistributors
 * (RD_base and SGI_base, 128 KiB per CPU) in one region; the CPU interface is
 * the ICC_* system registers, the virtualization interface ICH_*_EL2. */
#define BOARD_GITS_BASE	 0x08080000ul
#define BOARD_GITS_SIZE	 0x00020000ul
#define BOARD_GICR_BASE	 0x080a0000ul
#define BOARD_GICR_SIZE	 0x00f60000ul
#define BOARD_UART_BASE	 0x09000000ul /* PL011, SPI 1 = INTID 33 */
#define BOARD_UART_SIZE	 0x00001000ul
#define BOARD_UART_INTID 33u
#define BOARD_RAM_BASE	 0x40000000ul /* 128 MiB by default (-m) */

/*
 * Physical layout (in the 128 MiB that QEMU gives by default):
 *
 *   0x4000_0000  QEMU's device tree: for an ELF -kernel QEMU puts the DTB
 *                at the base of RAM when the image does not cover it (1 MiB)
 *   0x4020_0000  minihyp image, stack, then its page pool
 *   0x43f0_0000  VM file blob (optional; see docs/vm-file.md)
 *   0x43ff_f000  guest boot descriptor (optional; see docs/minihyp.md)
 *   0x4400_0000  guest RAM, 64 MiB by default (up to the end of RAM with a
 *                boot descriptor), seen by the guest at IPA 0x4000_0000
 */
#define HYP_DTB_BASE	       0x40000000ul
#define HYP_IMAGE_BASE	       0x40200000ul
#define HYP_DTB_MAX_SIZE       (HYP_IMAGE_BASE - HYP_DTB_BASE) /* what may be read of it */
#define HYP_POOL_END	       0x43f00000ul
#define HYP_VMFILE_PA	       0x43f00000ul /* up to the boot descriptor */
#define HYP_BOOT_DESC_PA       0x43fff000ul
#define GUEST_RAM_PA	       0x44000000ul
#define GUEST_RAM_DEFAULT_SIZE 0x04000000ul /* the boot descriptor may ask for more */

/* The guest's board: mirrors QEMU virt */
#define GUEST_RAM_IPA	       0x40000000ul
#define GUEST_GICD_IPA	       0x08000000ul /* emulated distributor (QEMU: 64 KiB) */
#define GUEST_GICD_SIZE	       0x10000ul
#define GUEST_GICC_IPA	       0x08010000ul /* the physical GICV frame, 8 KiB */
#define GUEST_GICC_SIZE	       0x2000ul
#define GUEST_GICR_IPA	       0x080a0000ul /* GICv3 guests: emulated redistributors, */
#define GUEST_GICR_SIZE	       0x00100000ul /*   128 KiB per vCPU, room for MAX_CPUS */
#define GUEST_UART_IPA	       0x09000000ul /* PL011: emulated or passed through */
#define GUEST_VIRTIO_IPA       0x0a000000ul /* virtio-mmio transports, 0x200 apart */
#define GUEST_VIRTIO_SLOT_SIZE 0x200ul
#define GUEST_UART_SIZE	       0x1000ul
#define GUEST_TESTDEV_IPA      0x0b000000ul /* minihyp test device */
#define GUEST_TESTDEV_SIZE     0x1000ul

#define PAGE_SIZE 4096ul

#endif
