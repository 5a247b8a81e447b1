/* SPDX-License-Identifier: MIT */
/*
 * minihyp: checks a Linux guest (kernel Image, device tree, initrd) against
 * the arm64 boot protocol (Linux Documentation/arch/arm64/booting.rst) and
 * gives the boot vCPU's entry point and x0..x3.  See linux_boot.h.
 *
 * Guest memory is read only through ipa_to_hva(), one 4 KiB page at a time
 * (the device tree in place, once lb_map() has found its pages contiguous in
 * the hypervisor), so nothing here assumes how guest RAM is laid out in the
 * hypervisor, and nothing is read outside the ranges checked first.  The
 * device tree: linux_boot_dtb.c.
 */
#include <aarch64_sysreg/id.h>

#include "linux_boot_priv.h"

/* ---- the Image ------------------------------------------------------------ */

struct lb_image {
	uint64_t ipa, text_offset, size; /* size: the kernel's span from ipa */
	uint64_t flags;
};

static const char *const page_size_names[4] = {"unspecified", "4K", "16K", "64K"};

/* Whether the CPU (as the guest sees it) has the stage-1 granule the kernel
 * was built for (ID_AA64MMFR0_EL1.TGran4, TGran16, TGran64). */
static bool granule_supported(unsigned page_field, uint64_t mmfr0)
{
	uint64_t tgran4 = id_aa64mmfr0_el1_tgran4_get(mmfr0);
	uint64_t tgran64 = id_aa64mmfr0_el1_tgran64_get(mmfr0);
	uint64_t tgran16 = id_aa64mmfr0_el1_tgran16_get(mmfr0);

	switch (page_field) {
	case 1:
		return tgran4 == ID_AA64MMFR0_EL1_TGRAN4_IMP ||
		       tgran4 == ID_AA64MMFR0_EL1_TGRAN4_LPA2;
	case 2:
		return tgran16 == ID_AA64MMFR0_EL1_TGRAN16_IMP ||
		       tgran16 == ID_AA64MMFR0_EL1_TGRAN16_LPA2;
	case 3:
		return tgran64 == ID_AA64MMFR0_EL1_TGRAN64_IMP;
	default:
		return true; /* unspecified: nothing to check */
	}
}

static int check_image(const struct lb *c, const struct minihyp_boot_desc *d, struct lb_image *img)
{
	uint8_t h[LINUX_IMAGE_HEADER_SIZE];
	uint64_t base, hdr_size, mmfr0;
	unsigned page;

	if (!d->image_size || !d->image_ipa) {
		lb_err("no kernel Image in the boot descriptor (image_ipa %lx, image_size %lu)",
		       d->image_ipa, d->image_size);
		return LINUX_BOOT_EIMAGE;
	}
	if (!lb_in_ram(c, d->image_ipa, d->image_size)) {
		lb_err("the kernel Image [%lx, %lx) is not inside guest RAM [%lx, %lx)",
		       d->image_ipa, d->image_ipa + d->image_size, c->ram_ipa, c->ram_end);
		return LINUX_BOOT_EPLACE;
	}
	if (d->image_size < LINUX_IMAGE_HEADER_SIZE) {
		lb_err("the kernel Image is %lu bytes, shorter than its 64-byte header",
		       d->image_size);
		return LINUX_BOOT_EIMAGE;
	}
	if (!lb_read(c, d->image_ipa, h, sizeof(h))) {
		lb_err("the kernel Image at IPA %lx is not readable", d->image_ipa);
		return LINUX_BOOT_EIMAGE;
	}
	if (le32(h + LINUX_IMAGE_MAGIC_OFF) != LINUX_IMAGE_MAGIC) {
		if (h[0] == 0x1f && h[1] == 0x8b)
			lb_err("the kernel at IPA %lx is gzip-compressed (Image.gz / vmlinuz): "
			       "give the raw Image (tools/linux/fetch.py --unpack)",
			       d->image_ipa);
		else if (h[0] == 'M' && h[1] == 'Z' && h[4] == 'z' && h[5] == 'i' && h[6] == 'm' &&
			 h[7] == 'g')
			lb_err("the kernel at IPA %lx is an EFI zboot image (vmlinuz.efi): "
			       "give the raw Image (tools/linux/fetch.py --unpack)",
			       d->image_ipa);
		else if (h[0] == 0x7f && h[1] == 'E' && h[2] == 'L' && h[3] == 'F')
			lb_err("the kernel at IPA %lx is an ELF file (vmlinux): give the raw "
			       "Image (arch/arm64/boot/Image)",
			       d->image_ipa);
		else
			lb_err("no arm64 Image at IPA %lx: magic at offset 0x38 is %08x, not "
			       "%08x (\"ARM\\x64\")",
			       d->image_ipa, le32(h + LINUX_IMAGE_MAGIC_OFF), LINUX_IMAGE_MAGIC);
		return LINUX_BOOT_EIMAGE;
	}

	img->ipa = d->image_ipa;
	img->text_offset = le64(h + LINUX_IMAGE_TEXT_OFFSET_OFF);
	hdr_size = le64(h + LINUX_IMAGE_IMAGE_SIZE_OFF);
	img->flags = le64(h + LINUX_IMAGE_FLAGS_OFF);
	if (!hdr_size) {
		/* before Linux 3.17: text_offset in the kernel's endianness,
		 * assume 0x80000; no size: the loaded file is all we know */
		img->text_offset = LINUX_IMAGE_OLD_TEXT_OFFSET;
		img->flags = 0;
		hyp_log("linux: Image header without image_size (a kernel before 3.17): "
			"assuming text_offset 0x80000, and the kernel needs free memory after "
			"the Image");
	}
	/* The loaded file may be longer than image_size (an appended signature):
	 * what the kernel owns and what was loaded must both stay clear. */
	img->size = hdr_size > d->image_size ? hdr_size : d->image_size;

	base = img->ipa - img->text_offset;
	if (img->text_offset > img->ipa || base % LINUX_IMAGE_ALIGN) {
		lb_err("kernel Image at IPA %lx with text_offset %lx: it must sit text_offset "
		       "bytes above a 2 MiB aligned base (e.g. at %lx)",
		       img->ipa, img->text_offset,
		       ((img->ipa + LINUX_IMAGE_ALIGN - 1) & ~(LINUX_IMAGE_ALIGN - 1)) +
			       (img->text_offset % LINUX_IMAGE_ALIGN));
		return LINUX_BOOT_EPLACE;
	}
	if (base < c->ram_ipa) {
		lb_err("kernel Image's 2 MiB aligned base %lx (IPA %lx - text_offset %lx) is "
		       "below guest RAM at %lx",
		       base, img->ipa, img->text_offset, c->ram_ipa);
		return LINUX_BOOT_EPLACE;
	}
	if (!lb_in_ram(c, img->ipa, img->size)) {
		lb_err("kernel Image at IPA %lx needs image_size %lx bytes up to %lx, beyond the "
		       "end of guest RAM at %lx: give the guest more RAM or load it lower",
		       img->ipa, img->size, img->ipa + img->size, c->ram_end);
		return LINUX_BOOT_EPLACE;
	}

	page = (unsigned)((img->flags & LINUX_IMAGE_FLAG_PAGE_MASK) >> LINUX_IMAGE_FLAG_PAGE_SHIFT);
	mmfr0 = linux_boot_mmfr0();
	if (!granule_supported(page, mmfr0)) {
		lb_err("the kernel is built for %s pages, which this CPU does not implement "
		       "(ID_AA64MMFR0_EL1 %lx)",
		       page_size_names[page], mmfr0);
		return LINUX_BOOT_EIMAGE;
	}
	if ((img->flags & LINUX_IMAGE_FLAG_BE) &&
	    id_aa64mmfr0_el1_bigend_get(mmfr0) == ID_AA64MMFR0_EL1_BIGEND_NI) {
		lb_err("the kernel is big-endian, and this CPU has no mixed-endian support at "
		       "EL1 (ID_AA64MMFR0_EL1.BigEnd 0)");
		return LINUX_BOOT_EIMAGE;
	}
	if (!(img->flags & LINUX_IMAGE_FLAG_ANYWHERE) &&
	    base > ((c->ram_ipa + LINUX_IMAGE_ALIGN - 1) & ~(LINUX_IMAGE_ALIGN - 1)))
		hyp_log("linux: the kernel wants its 2 MiB base near the start of RAM (flags bit "
			"3 clear): the %lu MiB below %lx are lost to it",
			(base - c->ram_ipa) >> 20, base);
	hyp_log("linux: Image at %lx: text_offset %lx, image_size %lx, flags %lx (%s-endian, "
		"%s pages, placement %s)",
		img->ipa, img->text_offset, hdr_size, img->flags,
		img->flags & LINUX_IMAGE_FLAG_BE ? "big" : "little", page_size_names[page],
		img->flags & LINUX_IMAGE_FLAG_ANYWHERE ? "anywhere" : "near RAM base");
	return 0;
}

/* ---- the initrd and the whole layout ------------------------------------------ */

static int check_initrd(const struct lb *c, const struct minihyp_boot_desc *d,
			const struct lb_image *img)
{
	uint64_t lo, hi, win;

	if (!lb_in_ram(c, d->initrd_ipa, d->initrd_size)) {
		lb_err("initrd [%lx, %lx) is not inside guest RAM [%lx, %lx)", d->initrd_ipa,
		       d->initrd_ipa + d->initrd_size, c->ram_ipa, c->ram_end);
		return LINUX_BOOT_EINITRD;
	}
	/* a 1 GiB aligned window of at most 32 GiB covering Image and initrd */
	lo = d->initrd_ipa < img->ipa ? d->initrd_ipa : img->ipa;
	hi = d->initrd_ipa + d->initrd_size;
	if (img->ipa + img->size > hi)
		hi = img->ipa + img->size;
	win = lo & ~(LINUX_INITRD_WINDOW_ALIGN - 1);
	if (hi - win > LINUX_INITRD_WINDOW_MAX) {
		lb_err("initrd [%lx, %lx) and the kernel Image [%lx, %lx) do not fit one 1 GiB "
		       "aligned 32 GiB window",
		       d->initrd_ipa, d->initrd_ipa + d->initrd_size, img->ipa,
		       img->ipa + img->size);
		return LINUX_BOOT_EINITRD;
	}
	return 0;
}

static int check_overlap(const char *an, uint64_t a, uint64_t as, const char *bn, uint64_t b,
			 uint64_t bs)
{
	if (!ranges_overlap(a, as, b, bs))
		return 0;
	lb_err("%s [%lx, %lx) overlaps %s [%lx, %lx)", an, a, a + as, bn, b, b + bs);
	return LINUX_BOOT_EOVERLAP;
}

int linux_boot_prepare(const struct minihyp_boot_desc *desc, uint64_t ram_ipa, uint64_t ram_size,
		       void *(*ipa_to_hva)(uint64_t ipa), uint64_t *entry, uint64_t x[4])
{
	struct lb c = {ipa_to_hva, ram_ipa, ram_ipa + ram_size};
	struct lb_image img = {0, 0, 0, 0};
	struct lb_fdt f;
	uint8_t *p = (uint8_t *)&f;
	size_t i;
	int r;

	for (i = 0; i < sizeof(f); i++)
		p[i] = 0;
	if (!desc || !ipa_to_hva || !entry || !x) {
		lb_err("linux_boot_prepare: missing argument");
		return LINUX_BOOT_EDESC;
	}
	if (desc->magic != MINIHYP_BOOT_MAGIC || desc->version < 2 ||
	    desc->size < MINIHYP_BOOT_SIZE_V2) {
		lb_err("boot descriptor version %u, size %u: a Linux guest needs version 2 "
		       "(size %u) or later",
		       desc->version, desc->size, MINIHYP_BOOT_SIZE_V2);
		return LINUX_BOOT_EDESC;
	}
	if (desc->kind != MINIHYP_BOOT_KIND_LINUX) {
		lb_err("boot descriptor kind %u is not LINUX (%u)", desc->kind,
		       MINIHYP_BOOT_KIND_LINUX);
		return LINUX_BOOT_EDESC;
	}
	if (!ram_size || c.ram_end < ram_ipa) {
		lb_err("guest RAM [%lx, +%lx) is empty or wraps", ram_ipa, ram_size);
		return LINUX_BOOT_EDESC;
	}

	r = check_image(&c, desc, &img);
	if (r)
		return r;
	r = lb_check_dtb(&c, desc, &f);
	if (r)
		return r;
	if (desc->initrd_size) {
		r = check_initrd(&c, desc, &img);
		if (r)
			return r;
	}
	r = check_overlap("DTB", desc->dtb_ipa, desc->dtb_size,
			  "the kernel Image's image_size span", img.ipa, img.size);
	if (!r)
		r = check_overlap("initrd", desc->initrd_ipa, desc->initrd_size,
				  "the kernel Image's image_size span", img.ipa, img.size);
	if (!r)
		r = check_overlap("initrd", desc->initrd_ipa, desc->initrd_size, "DTB",
				  desc->dtb_ipa, desc->dtb_size);
	if (r)
		return r;

	/* The DTB was built outside: its /chosen initrd must be the one loaded. */
	if (desc->initrd_size) {
		if (!f.has_initrd_start || !f.has_initrd_end) {
			lb_err("an initrd is loaded at %lx, but the DTB's /chosen has no "
			       "linux,initrd-start/-end: the kernel would not find it",
			       desc->initrd_ipa);
			return LINUX_BOOT_EDTBINFO;
		}
		if (f.initrd_start != desc->initrd_ipa ||
		    f.initrd_end != desc->initrd_ipa + desc->initrd_size) {
			lb_err("the DTB's /chosen says the initrd is [%lx, %lx), the descriptor "
			       "[%lx, %lx)",
			       f.initrd_start, f.initrd_end, desc->initrd_ipa,
			       desc->initrd_ipa + desc->initrd_size);
			return LINUX_BOOT_EDTBINFO;
		}
	} else if (f.has_initrd_start || f.has_initrd_end) {
		lb_err("the DTB's /chosen names an initrd at %lx, but none is loaded",
		       f.initrd_start);
		return LINUX_BOOT_EDTBINFO;
	}
	if (desc->nr_vcpus && f.cpus != desc->nr_vcpus)
		hyp_log("linux: warning: the DTB describes %u CPUs, the VM has %u vCPUs", f.cpus,
			desc->nr_vcpus);

	*entry = img.ipa;
	x[0] = desc->dtb_ipa;
	x[1] = x[2] = x[3] = 0;
	hyp_log("linux: DTB at %lx (%lu bytes), initrd at %lx (%lu bytes), %u CPUs in the DTB; "
		"entry %lx, x0 %lx",
		desc->dtb_ipa, desc->dtb_size, desc->initrd_ipa, desc->initrd_size, f.cpus, *entry,
		x[0]);
	return 0;
}

#ifndef LINUX_BOOT_EXTERNAL_MMFR0
#ifndef __aarch64__
#error "linux_boot.c: define LINUX_BOOT_EXTERNAL_MMFR0 and linux_boot_mmfr0() off aarch64"
#endif
uint64_t linux_boot_mmfr0(void)
{
	return id_aa64mmfr0_el1_read();
}
#endif
