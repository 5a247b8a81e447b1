/* SPDX-License-Identifier: MIT */
/*
 * minihyp: checks a Linux guest (kernel Image, device tree, initrd) against
 * the arm64 boot protocol (Linux Documentation/arch/arm64/booting.rst) and
 * gives the boot vCPU's entry point and x0..x3.  See linux_boot.h.
 *
 * Guest memory is read only through ipa_to_hva(), one byte or one 4 KiB
 * page at a time, so nothing here assumes how guest RAM is laid out in the
 * hypervisor, and nothing is read outside the ranges checked first.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "console.h"
#include "linux_boot.h"

#define LB_PAGE 0x1000ull

struct lb {
	void *(*ipa_to_hva)(uint64_t ipa);
	uint64_t ram_ipa, ram_end; /* [ram_ipa, ram_end) */
};

#define lb_err(...) hyp_log("linux: " __VA_ARGS__)

/* ---- guest memory ------------------------------------------------------- */

/* Copies [ipa, ipa+n) of guest RAM into buf, a page at a time; false if a
 * byte of it has no hypervisor address. */
static bool lb_read(const struct lb *c, uint64_t ipa, void *buf, size_t n)
{
	uint8_t *d = buf;

	while (n) {
		size_t chunk = (size_t)(LB_PAGE - (ipa & (LB_PAGE - 1)));
		const volatile uint8_t *s;
		size_t i;

		if (chunk > n)
			chunk = n;
		s = c->ipa_to_hva(ipa);
		if (!s)
			return false;
		for (i = 0; i < chunk; i++)
			d[i] = s[i];
		d += chunk;
		ipa += chunk;
		n -= chunk;
	}
	return true;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* [ipa, ipa+size) non-empty and inside guest RAM, without overflow. */
static bool lb_in_ram(const struct lb *c, uint64_t ipa, uint64_t size)
{
	return size && ipa >= c->ram_ipa && ipa < c->ram_end && size <= c->ram_end - ipa;
}

static bool ranges_overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return as && bs && a < b + bs && b < a + as;
}

/* ---- the Image ------------------------------------------------------------ */

struct lb_image {
	uint64_t ipa, text_offset, size; /* size: the kernel's span from ipa */
	uint64_t flags;
};

static const char *const page_size_names[4] = {"unspecified", "4K", "16K", "64K"};

/* Whether the CPU (as the guest sees it) has the stage-1 granule the kernel
 * was built for: ID_AA64MMFR0_EL1.TGran4 [31:28] (0 or 1: yes, 0xf: no),
 * TGran64 [27:24] (0: yes, 0xf: no), TGran16 [23:20] (0: no, 1 or 2: yes). */
static bool granule_supported(unsigned page_field, uint64_t mmfr0)
{
	unsigned tgran4 = (unsigned)(mmfr0 >> 28) & 0xf;
	unsigned tgran64 = (unsigned)(mmfr0 >> 24) & 0xf;
	unsigned tgran16 = (unsigned)(mmfr0 >> 20) & 0xf;

	switch (page_field) {
	case 1:
		return tgran4 == 0 || tgran4 == 1;
	case 2:
		return tgran16 == 1 || tgran16 == 2;
	case 3:
		return tgran64 == 0;
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
	if ((img->flags & LINUX_IMAGE_FLAG_BE) && ((mmfr0 >> 8) & 0xf) == 0) {
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

/* ---- the device tree -------------------------------------------------------- */

#define FDT_HEADER_SIZE 40u
#define FDT_BEGIN_NODE	1u
#define FDT_END_NODE	2u
#define FDT_PROP	3u
#define FDT_NOP		4u
#define FDT_END		9u
#define FDT_NAME_MAX	32u /* enough for the node and property names looked at */
#define FDT_MAX_DEPTH	64u

struct lb_fdt {
	const struct lb *c;
	uint64_t ipa;			 /* the blob */
	uint64_t st, st_end;		 /* structure block [st, st_end) */
	uint64_t strs, strs_end;	 /* strings block */
	uint32_t addr_cells, size_cells; /* the root's */
	unsigned memory_ranges, cpus;
	bool has_initrd_start, has_initrd_end;
	uint64_t initrd_start, initrd_end;
	int err;
};

static bool fdt_u32(struct lb_fdt *f, uint64_t ipa, uint32_t *v)
{
	uint8_t b[4];

	if (ipa < f->st || ipa + 4 > f->st_end || !lb_read(f->c, ipa, b, 4))
		return false;
	*v = be32(b);
	return true;
}

/* Reads the NUL-terminated string at ipa (within [ipa, end)) into buf, cut at
 * FDT_NAME_MAX - 1 characters; *len: its full length.  False: no NUL. */
static bool fdt_str(struct lb_fdt *f, uint64_t ipa, uint64_t end, char *buf, uint64_t *len)
{
	uint64_t n = 0;
	uint8_t ch;

	for (;;) {
		if (ipa + n >= end || !lb_read(f->c, ipa + n, &ch, 1))
			return false;
		if (n < FDT_NAME_MAX - 1)
			buf[n] = (char)ch;
		if (!ch)
			break;
		n++;
	}
	buf[n < FDT_NAME_MAX - 1 ? n : FDT_NAME_MAX - 1] = 0;
	*len = n;
	return true;
}

static bool str_eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* name is exactly `base` or `base@...` */
static bool node_is(const char *name, const char *base)
{
	while (*base && *name == *base)
		name++, base++;
	return !*base && (!*name || *name == '@');
}

/* A property's value as a big-endian number of `cells` 32-bit cells (1 or 2). */
static bool fdt_cells(struct lb_fdt *f, uint64_t ipa, uint32_t cells, uint64_t *v)
{
	uint32_t hi = 0, lo;

	if (cells == 2 && !fdt_u32(f, ipa, &hi))
		return false;
	if (!fdt_u32(f, ipa + (cells == 2 ? 4 : 0), &lo))
		return false;
	*v = (uint64_t)hi << 32 | lo;
	return true;
}

/* Every (address, size) of a memory node's reg must lie in guest RAM. */
static void fdt_check_memory(struct lb_fdt *f, const char *node, uint64_t reg, uint32_t len)
{
	uint32_t ac = f->addr_cells, sc = f->size_cells, entry = 4 * (ac + sc);
	uint64_t off, a, s;

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2 || len % entry) {
		lb_err("DTB %s: reg of %u bytes does not fit #address-cells %u, #size-cells %u",
		       node, len, ac, sc);
		f->err = LINUX_BOOT_EDTBINFO;
		return;
	}
	for (off = 0; off < len; off += entry) {
		if (!fdt_cells(f, reg + off, ac, &a) || !fdt_cells(f, reg + off + 4 * ac, sc, &s))
			return;
		f->memory_ranges++;
		if (s && !lb_in_ram(f->c, a, s)) {
			lb_err("DTB %s describes RAM [%lx, %lx), but guest RAM is [%lx, %lx): the "
			       "kernel would fault on it (rebuild the DTB for this MEM)",
			       node, a, a + s, f->c->ram_ipa, f->c->ram_end);
			f->err = LINUX_BOOT_EDTBINFO;
		}
	}
}

/* Walks the structure block: the root's #address-cells/#size-cells, memory
 * nodes (by name or device_type "memory"), /chosen's initrd range and the
 * cpu nodes under /cpus. */
static int fdt_walk(struct lb_fdt *f)
{
	char node[FDT_NAME_MAX] = "", name[FDT_NAME_MAX];
	uint64_t pos = f->st, len;
	unsigned depth = 0;
	/* the depth-2 node being read (a child of the root) */
	bool in_chosen = false, in_cpus = false, is_memory = false;
	uint64_t mem_reg = 0;
	uint32_t mem_reg_len = 0;

	for (;;) {
		uint32_t tag, plen, nameoff;

		if (!fdt_u32(f, pos, &tag))
			goto truncated;
		pos += 4;
		switch (tag) {
		case FDT_BEGIN_NODE:
			if (!fdt_str(f, pos, f->st_end, name, &len))
				goto truncated;
			pos = (pos + len + 1 + 3) & ~3ull;
			if (++depth > FDT_MAX_DEPTH)
				goto truncated;
			if (depth == 2) {
				uint64_t i;

				for (i = 0; i < FDT_NAME_MAX; i++)
					node[i] = name[i];
				in_chosen = str_eq(name, "chosen");
				in_cpus = str_eq(name, "cpus");
				is_memory = node_is(name, "memory");
				mem_reg_len = 0;
			} else if (depth == 3 && in_cpus && node_is(name, "cpu")) {
				f->cpus++;
			}
			break;
		case FDT_END_NODE:
			if (!depth)
				goto truncated;
			if (depth == 2) {
				if (is_memory && mem_reg_len)
					fdt_check_memory(f, node, mem_reg, mem_reg_len);
				in_chosen = in_cpus = is_memory = false;
			}
			depth--;
			break;
		case FDT_PROP: {
			uint64_t val;

			if (!fdt_u32(f, pos, &plen) || !fdt_u32(f, pos + 4, &nameoff))
				goto truncated;
			val = pos + 8;
			if (plen > f->st_end - val || (uint64_t)nameoff >= f->strs_end - f->strs ||
			    !fdt_str(f, f->strs + nameoff, f->strs_end, name, &len))
				goto truncated;
			pos = (val + plen + 3) & ~3ull;
			if (depth == 1 && plen == 4 && str_eq(name, "#address-cells")) {
				fdt_u32(f, val, &f->addr_cells);
			} else if (depth == 1 && plen == 4 && str_eq(name, "#size-cells")) {
				fdt_u32(f, val, &f->size_cells);
			} else if (depth == 2 && is_memory == false &&
				   str_eq(name, "device_type") && plen == 7) {
				char t[FDT_NAME_MAX];
				uint64_t tl;

				if (fdt_str(f, val, val + plen, t, &tl) && str_eq(t, "memory"))
					is_memory = true;
			} else if (depth == 2 && str_eq(name, "reg")) {
				mem_reg = val;
				mem_reg_len = plen;
			} else if (depth == 2 && in_chosen &&
				   (str_eq(name, "linux,initrd-start") ||
				    str_eq(name, "linux,initrd-end"))) {
				bool start = name[13] == 's';

				if ((plen != 4 && plen != 8) ||
				    !fdt_cells(f, val, plen / 4, &val)) {
					lb_err("DTB /chosen/%s has %u bytes, expected 4 or 8", name,
					       plen);
					f->err = LINUX_BOOT_EDTBINFO;
					break;
				}
				if (start) {
					f->has_initrd_start = true;
					f->initrd_start = val;
				} else {
					f->has_initrd_end = true;
					f->initrd_end = val;
				}
			}
			break;
		}
		case FDT_NOP:
			break;
		case FDT_END:
			if (depth)
				goto truncated;
			return 0;
		default:
			lb_err("DTB at %lx: unknown structure token %x at offset %lx", f->ipa, tag,
			       pos - 4 - f->ipa);
			return LINUX_BOOT_EDTB;
		}
	}
truncated:
	lb_err("DTB at %lx: structure block malformed or truncated near offset %lx", f->ipa,
	       pos - f->ipa);
	return LINUX_BOOT_EDTB;
}

static int check_dtb(const struct lb *c, const struct minihyp_boot_desc *d, struct lb_fdt *f)
{
	uint8_t h[FDT_HEADER_SIZE];
	uint32_t magic, total, off_st, off_strs, version, last_comp, size_strs, size_st;
	int r;

	if (!d->dtb_size || !d->dtb_ipa) {
		lb_err("no device tree in the boot descriptor: an arm64 kernel needs one in x0");
		return LINUX_BOOT_EDTB;
	}
	if (d->dtb_ipa % LINUX_FDT_ALIGN) {
		lb_err("DTB at IPA %lx is not 8-byte aligned", d->dtb_ipa);
		return LINUX_BOOT_EDTB;
	}
	if (d->dtb_size > LINUX_FDT_MAX_SIZE) {
		lb_err("DTB of %lu bytes is larger than the 2 MiB the kernel maps", d->dtb_size);
		return LINUX_BOOT_EDTB;
	}
	if (!lb_in_ram(c, d->dtb_ipa, d->dtb_size)) {
		lb_err("DTB [%lx, %lx) is not inside guest RAM [%lx, %lx)", d->dtb_ipa,
		       d->dtb_ipa + d->dtb_size, c->ram_ipa, c->ram_end);
		return LINUX_BOOT_EDTB;
	}
	if (d->dtb_size < FDT_HEADER_SIZE || !lb_read(c, d->dtb_ipa, h, sizeof(h))) {
		lb_err("DTB at IPA %lx: %lu bytes, too short for a header", d->dtb_ipa,
		       d->dtb_size);
		return LINUX_BOOT_EDTB;
	}
	magic = be32(h);
	total = be32(h + 4);
	off_st = be32(h + 8);
	off_strs = be32(h + 12);
	version = be32(h + 20);
	last_comp = be32(h + 24);
	size_strs = be32(h + 32);
	size_st = be32(h + 36);
	if (magic != LINUX_FDT_MAGIC) {
		lb_err("no device tree at IPA %lx: magic %08x, not d00dfeed", d->dtb_ipa, magic);
		return LINUX_BOOT_EDTB;
	}
	if (total < FDT_HEADER_SIZE || total > d->dtb_size) {
		lb_err("DTB at IPA %lx: totalsize %u does not fit the %lu bytes loaded", d->dtb_ipa,
		       total, d->dtb_size);
		return LINUX_BOOT_EDTB;
	}
	if (version < 16 || last_comp > 17) {
		lb_err("DTB at IPA %lx: version %u (compatible with %u), the kernel reads "
		       "versions 16 and 17",
		       d->dtb_ipa, version, last_comp);
		return LINUX_BOOT_EDTB;
	}
	if (version < 17) { /* no block sizes: bounded by totalsize */
		size_st = off_st < total ? total - off_st : 0;
		size_strs = off_strs < total ? total - off_strs : 0;
	}
	if (off_st < FDT_HEADER_SIZE || off_st > total || size_st > total - off_st ||
	    off_strs > total || size_strs > total - off_strs) {
		lb_err("DTB at IPA %lx: blocks outside its totalsize %u", d->dtb_ipa, total);
		return LINUX_BOOT_EDTB;
	}
	f->c = c;
	f->ipa = d->dtb_ipa;
	f->st = d->dtb_ipa + off_st;
	f->st_end = f->st + size_st;
	f->strs = d->dtb_ipa + off_strs;
	f->strs_end = f->strs + size_strs;
	f->addr_cells = 2; /* the defaults when the root says nothing */
	f->size_cells = 1;
	r = fdt_walk(f);
	if (r)
		return r;
	if (f->err)
		return f->err;
	if (!f->memory_ranges) {
		lb_err("DTB at IPA %lx describes no memory node", d->dtb_ipa);
		return LINUX_BOOT_EDTBINFO;
	}
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
	r = check_dtb(&c, desc, &f);
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
	uint64_t v;

	__asm__ volatile("mrs %0, id_aa64mmfr0_el1" : "=r"(v));
	return v;
}
#endif
