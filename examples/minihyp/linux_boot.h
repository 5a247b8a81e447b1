/* SPDX-License-Identifier: MIT */
/*
 * minihyp: the arm64 Linux boot protocol for a guest described by a boot
 * descriptor of kind MINIHYP_BOOT_KIND_LINUX (bootdesc.h).
 *
 * Linux, Documentation/arch/arm64/booting.rst: the kernel Image (64-byte
 * header: code0, code1, text_offset, image_size, flags, res2..res4, magic
 * "ARM\x64" at 0x38, res5) sits text_offset bytes above a 2 MiB aligned base
 * in RAM, and image_size bytes from its start belong to the kernel (its BSS,
 * early page tables, ...).  The device tree is 8-byte aligned, at most 2 MiB,
 * in RAM; an initrd lies in RAM within a 1 GiB aligned window of at most
 * 32 GiB that also covers the Image.  The primary CPU enters the Image's first
 * byte with x0 = the DTB's physical address, x1 = x2 = x3 = 0, MMU off, the
 * loaded ranges clean to the PoC, DAIF masked.
 *
 * Compiles freestanding for aarch64 (minihyp) and on the host (its unit test,
 * tests/host/test_linux_boot.c).  Messages go through hyp_log() (console.h).
 */
#ifndef MINIHYP_LINUX_BOOT_H
#define MINIHYP_LINUX_BOOT_H

#include <stdint.h>

#include "bootdesc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The Image header (all fields little-endian since Linux 3.17). */
#define LINUX_IMAGE_HEADER_SIZE	    64u
#define LINUX_IMAGE_TEXT_OFFSET_OFF 0x08u
#define LINUX_IMAGE_IMAGE_SIZE_OFF  0x10u
#define LINUX_IMAGE_FLAGS_OFF	    0x18u
#define LINUX_IMAGE_MAGIC_OFF	    0x38u
#define LINUX_IMAGE_MAGIC	    0x644d5241u /* "ARM\x64" */
#define LINUX_IMAGE_FLAG_BE	    (UINT64_C(1) << 0)
#define LINUX_IMAGE_FLAG_PAGE_SHIFT 1u
#define LINUX_IMAGE_FLAG_PAGE_MASK  (UINT64_C(3) << 1) /* 0 unspecified, 1 4K, 2 16K, 3 64K */
#define LINUX_IMAGE_FLAG_ANYWHERE   (UINT64_C(1) << 3) /* physical placement */
#define LINUX_IMAGE_ALIGN	    UINT64_C(0x200000) /* 2 MiB */
#define LINUX_IMAGE_OLD_TEXT_OFFSET UINT64_C(0x80000)  /* image_size == 0 (before 3.17) */
#define LINUX_FDT_MAX_SIZE	    UINT64_C(0x200000) /* 2 MiB */
#define LINUX_FDT_ALIGN		    8u
#define LINUX_INITRD_WINDOW_ALIGN   UINT64_C(0x40000000)  /* 1 GiB */
#define LINUX_INITRD_WINDOW_MAX	    UINT64_C(0x800000000) /* 32 GiB */

/* linux_boot_prepare()'s results: 0, or one of these (negative). */
enum linux_boot_error {
	LINUX_BOOT_OK = 0,
	LINUX_BOOT_EDESC = -1,	  /* descriptor: version, size, kind, RAM */
	LINUX_BOOT_EIMAGE = -2,	  /* not an arm64 Image, or a header the CPU can't run */
	LINUX_BOOT_EPLACE = -3,	  /* Image placement: alignment, outside RAM */
	LINUX_BOOT_EDTB = -4,	  /* DTB: missing, alignment, size, outside RAM, header */
	LINUX_BOOT_EINITRD = -5,  /* initrd outside RAM or outside the Image's window */
	LINUX_BOOT_EOVERLAP = -6, /* two of Image (image_size), DTB, initrd overlap */
	LINUX_BOOT_EDTBINFO = -7, /* the DTB's /memory or /chosen initrd disagree */
};

/*
 * Checks a Linux guest against the arm64 boot protocol and gives its entry.
 * desc: a version >= 2 descriptor of kind LINUX; ram_ipa/ram_size: the guest
 * RAM as mapped in stage 2; ipa_to_hva: a hypervisor pointer to the byte of
 * guest RAM at an IPA, or NULL.  On success sets *entry to the Image's first
 * instruction, x[0] to the DTB's IPA, x[1..3] to 0, and returns 0; otherwise
 * logs why (hyp_log) and returns a negative enum linux_boot_error, leaving
 * *entry and x[] untouched.  Checks beyond the protocol, because the DTB is
 * built outside the hypervisor and a mismatch otherwise shows up as a guest
 * fault far into the boot: every /memory range must lie in the guest's RAM,
 * and /chosen's linux,initrd-start/-end must match the descriptor's initrd.
 */
int linux_boot_prepare(const struct minihyp_boot_desc *desc, uint64_t ram_ipa, uint64_t ram_size,
		       void *(*ipa_to_hva)(uint64_t ipa), uint64_t *entry, uint64_t x[4]);

/* ID_AA64MMFR0_EL1 as the guest sees it, for the Image's page size (flags
 * bits 1-2) against TGran4/16/64.  Defined in linux_boot.c on aarch64 (the
 * hardware's value, which minihyp passes through to the guest); a host
 * build compiled with LINUX_BOOT_EXTERNAL_MMFR0 (the unit test) defines it
 * itself. */
uint64_t linux_boot_mmfr0(void);

#ifdef __cplusplus
}
#endif

#endif
