/* SPDX-License-Identifier: MIT */
/*
 * minihyp: the Linux guest's device tree checked against the arm64 boot
 * protocol (linux_boot.c runs it): a well-formed blob in guest RAM, its
 * memory and cpus nodes, the initrd's range in /chosen.  The blob is read
 * with the library's reader (fdt/fdt.h).
 */
#include <fdt/fdt.h>

#include "linux_boot_priv.h"

#define FDT_MAX_DEPTH 64u /* Linux's unflattening gives up beyond it */

/* Every (address, size) of a memory node's reg must lie in guest RAM. */
static void fdt_check_memory(struct lb_fdt *f, const char *node, const uint8_t *reg, uint32_t len)
{
	uint32_t ac = f->addr_cells, sc = f->size_cells, entry = 4 * (ac + sc), off;
	uint64_t a, s;

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2 || len % entry) {
		lb_err("DTB %s: reg of %u bytes does not fit #address-cells %u, #size-cells %u",
		       node, len, ac, sc);
		f->err = LINUX_BOOT_EDTBINFO;
		return;
	}
	for (off = 0; off < len; off += entry) {
		a = fdt_cells(reg + off, ac);
		s = fdt_cells(reg + off + 4 * ac, sc);
		f->memory_ranges++;
		if (s && !lb_in_ram(f->c, a, s)) {
			lb_err("DTB %s describes RAM [%lx, %lx), but guest RAM is [%lx, %lx): the "
			       "kernel would fault on it (rebuild the DTB for this MEM)",
			       node, a, a + s, f->c->ram_ipa, f->c->ram_end);
			f->err = LINUX_BOOT_EDTBINFO;
		}
	}
}

/* /chosen's linux,initrd-start or -end: 4 or 8 bytes. */
static void fdt_initrd_prop(struct lb_fdt *f, const struct fdt_token *t)
{
	bool start = fdt_str_eq(t->name, "linux,initrd-start");

	if (t->len != 4 && t->len != 8) {
		lb_err("DTB /chosen/%s has %u bytes, expected 4 or 8", t->name, t->len);
		f->err = LINUX_BOOT_EDTBINFO;
		return;
	}
	if (start) {
		f->has_initrd_start = true;
		f->initrd_start = fdt_cells(t->value, t->len / 4);
	} else {
		f->has_initrd_end = true;
		f->initrd_end = fdt_cells(t->value, t->len / 4);
	}
}

/* Walks the structure block: the root's #address-cells/#size-cells, memory
 * nodes (by name or device_type "memory"), /chosen's initrd range and the
 * cpu nodes under /cpus. */
static int fdt_walk(struct lb_fdt *f, const struct fdt *fd)
{
	struct fdt_cursor c;
	struct fdt_token t;
	/* the depth-2 node being read (a child of the root) */
	const char *node = "";
	bool in_chosen = false, in_cpus = false, is_memory = false;
	const uint8_t *mem_reg = NULL;
	uint32_t mem_reg_len = 0;
	int tag;

	fdt_cursor_init(fd, &c);
	while ((tag = fdt_next(fd, &c, &t)) > 0 && tag != FDT_END) {
		if (tag == FDT_BEGIN_NODE) {
			if (t.depth > FDT_MAX_DEPTH) {
				tag = FDT_ERR_NESTING;
				break;
			}
			if (t.depth == 2) {
				node = t.name;
				in_chosen = fdt_str_eq(t.name, "chosen");
				in_cpus = fdt_str_eq(t.name, "cpus");
				is_memory = fdt_node_is(t.name, "memory");
				mem_reg_len = 0;
			} else if (t.depth == 3 && in_cpus && fdt_node_is(t.name, "cpu")) {
				f->cpus++;
			}
		} else if (tag == FDT_END_NODE) {
			if (t.depth == 2) {
				if (is_memory && mem_reg_len)
					fdt_check_memory(f, node, mem_reg, mem_reg_len);
				in_chosen = in_cpus = is_memory = false;
			}
		} else if (t.depth == 1 && t.len == 4 && fdt_str_eq(t.name, "#address-cells")) {
			f->addr_cells = fdt_be32(t.value);
		} else if (t.depth == 1 && t.len == 4 && fdt_str_eq(t.name, "#size-cells")) {
			f->size_cells = fdt_be32(t.value);
		} else if (t.depth == 2 && fdt_str_eq(t.name, "device_type")) {
			is_memory = is_memory || fdt_prop_is_str(t.value, t.len, "memory");
		} else if (t.depth == 2 && fdt_str_eq(t.name, "reg")) {
			mem_reg = t.value;
			mem_reg_len = t.len;
		} else if (t.depth == 2 && in_chosen &&
			   (fdt_str_eq(t.name, "linux,initrd-start") ||
			    fdt_str_eq(t.name, "linux,initrd-end"))) {
			fdt_initrd_prop(f, &t);
		}
	}
	if (tag == FDT_ERR_BADTOKEN) {
		lb_err("DTB at %lx: unknown structure token %x at offset %x", f->ipa, t.tag,
		       t.offset);
		return LINUX_BOOT_EDTB;
	}
	if (tag < 0) {
		lb_err("DTB at %lx: structure block malformed or truncated near offset %x", f->ipa,
		       c.next);
		return LINUX_BOOT_EDTB;
	}
	return 0;
}

/* Says why fdt_open() refused the blob. */
static void dtb_header_error(const struct minihyp_boot_desc *d, const struct fdt *fd, int r)
{
	switch (r) {
	case FDT_ERR_MAGIC:
		lb_err("no device tree at IPA %lx: magic %08x, not %08x", d->dtb_ipa, fd->magic,
		       FDT_MAGIC);
		break;
	case FDT_ERR_TOTALSIZE:
		lb_err("DTB at IPA %lx: totalsize %u does not fit the %lu bytes loaded", d->dtb_ipa,
		       fd->totalsize, d->dtb_size);
		break;
	case FDT_ERR_VERSION:
		lb_err("DTB at IPA %lx: version %u (compatible with %u), the kernel reads "
		       "versions %u and %u",
		       d->dtb_ipa, fd->version, fd->last_comp_version, FDT_MIN_VERSION,
		       FDT_LAST_VERSION);
		break;
	case FDT_ERR_BLOCKS:
		lb_err("DTB at IPA %lx: blocks outside its totalsize %u", d->dtb_ipa,
		       fd->totalsize);
		break;
	default:
		lb_err("DTB at IPA %lx: %lu bytes, too short for a header", d->dtb_ipa,
		       d->dtb_size);
		break;
	}
}

int lb_check_dtb(const struct lb *c, const struct minihyp_boot_desc *d, struct lb_fdt *f)
{
	const uint8_t *blob;
	struct fdt fd;
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
	blob = lb_map(c, d->dtb_ipa, d->dtb_size);
	if (!blob) {
		lb_err("DTB [%lx, %lx): not one contiguous range in the hypervisor's map of "
		       "guest RAM",
		       d->dtb_ipa, d->dtb_ipa + d->dtb_size);
		return LINUX_BOOT_EDTB;
	}
	r = fdt_open(&fd, blob, d->dtb_size);
	if (r) {
		dtb_header_error(d, &fd, r);
		return LINUX_BOOT_EDTB;
	}
	f->c = c;
	f->ipa = d->dtb_ipa;
	f->addr_cells = 2; /* the defaults when the root says nothing */
	f->size_cells = 1;
	r = fdt_walk(f, &fd);
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
