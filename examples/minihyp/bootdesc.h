/* SPDX-License-Identifier: MIT */
/*
 * minihyp guest boot descriptor.  Optional: 4 KiB at HYP_BOOT_DESC_PA
 * (0x43fff000), loaded next to the guest image, e.g. with
 *   -device loader,file=guest.bin,addr=0x44000000,force-raw=on
 *   -device loader,file=boot.bin,addr=0x43fff000,force-raw=on
 * (examples/minihyp/mkbootdesc.py writes boot.bin).  Without a descriptor
 * the guest starts at the base of its RAM (IPA 0x40000000) with x0..x3 = 0.
 * All values little-endian.
 */
#ifndef MINIHYP_BOOTDESC_H
#define MINIHYP_BOOTDESC_H

#include <stdint.h>

#define MINIHYP_BOOT_MAGIC   0x544f4f4250594d48ull /* "HMYPBOOT" */
#define MINIHYP_BOOT_VERSION 1

struct minihyp_boot_desc {
	uint64_t magic;	    /* MINIHYP_BOOT_MAGIC */
	uint32_t version;   /* MINIHYP_BOOT_VERSION */
	uint32_t size;	    /* sizeof(struct minihyp_boot_desc) */
	uint64_t entry_ipa; /* where the vCPU starts */
	uint64_t x[4];	    /* x0..x3 at entry (Linux: x0 = DTB IPA, x1..x3 = 0) */
	uint64_t ram_size;  /* guest RAM in bytes, a multiple of 2 MiB; 0: the default,
			     * 64 MiB.  PA 0x44000000 + ram_size must lie within the
			     * machine's RAM (QEMU -m). */
};

#endif
