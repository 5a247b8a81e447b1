/* SPDX-License-Identifier: MIT */
/*
 * minihyp guest boot descriptor.  Optional: 4 KiB at HYP_BOOT_DESC_PA
 * (0x43fff000), loaded next to the guest image, e.g. with
 *   -device loader,file=guest.bin,addr=0x44000000,force-raw=on
 *   -device loader,file=boot.bin,addr=0x43fff000,force-raw=on
 * (examples/minihyp/mkbootdesc.py writes boot.bin).  Without a descriptor
 * the guest starts at the base of its RAM (IPA 0x40000000) with x0..x3 = 0.
 * All values little-endian.
 *
 * Version 2 appends kind, nr_vcpus and the IPA ranges of a Linux guest's
 * pieces (kernel Image, DTB, initrd); for kind LINUX the hypervisor calls
 * linux_boot_prepare() (linux_boot.h), which checks them against the arm64
 * boot protocol and gives the entry point and x0..x3 (entry_ipa and x[] are
 * then ignored).  A hypervisor keeps accepting version-1 descriptors, whose
 * size is MINIHYP_BOOT_SIZE_V1 (kind RAW, default vCPU count), through this
 * same struct: the version-2 fields are read only when version >= 2.
 */
#ifndef MINIHYP_BOOTDESC_H
#define MINIHYP_BOOTDESC_H

#include <stdint.h>

#define MINIHYP_BOOT_MAGIC   0x544f4f4250594d48ull /* "HMYPBOOT" */
#define MINIHYP_BOOT_VERSION 2
/* sizes of the versions: a version-1 descriptor ends after ram_size */
#define MINIHYP_BOOT_SIZE_V1 64u
#define MINIHYP_BOOT_SIZE_V2 120u

/* kind (version 2) */
#define MINIHYP_BOOT_KIND_RAW	0u /* start at entry_ipa with x[] (version-1 semantics) */
#define MINIHYP_BOOT_KIND_LINUX 1u /* an arm64 Image: see linux_boot.h */

struct minihyp_boot_desc {
	uint64_t magic;	    /* MINIHYP_BOOT_MAGIC */
	uint32_t version;   /* MINIHYP_BOOT_VERSION */
	uint32_t size;	    /* sizeof(struct minihyp_boot_desc) */
	uint64_t entry_ipa; /* where the vCPU starts */
	uint64_t x[4];	    /* x0..x3 at entry (Linux: x0 = DTB IPA, x1..x3 = 0) */
	uint64_t ram_size;  /* guest RAM in bytes, a multiple of 2 MiB; 0: the default,
			     * 64 MiB.  PA 0x44000000 + ram_size must lie within the
			     * machine's RAM (QEMU -m). */
	/* version 2 */
	uint32_t kind;	   /* MINIHYP_BOOT_KIND_RAW (0): start at entry_ipa with x[]
			    * MINIHYP_BOOT_KIND_LINUX (1): an arm64 Image, see linux_boot.h */
	uint32_t nr_vcpus; /* 0: the VM configuration's default; else 1..number of pCPUs */
	uint64_t image_ipa, image_size;	  /* the image as QEMU loaded it */
	uint64_t dtb_ipa, dtb_size;	  /* the guest's device tree (0: none) */
	uint64_t initrd_ipa, initrd_size; /* 0 size: none */
};

#ifndef __cplusplus
_Static_assert(sizeof(struct minihyp_boot_desc) == MINIHYP_BOOT_SIZE_V2,
	       "boot descriptor v2 layout");
#endif

#endif
