/* SPDX-License-Identifier: MIT */
/*
 * minihyp: the Linux guest's device tree checked against the arm64 boot
 * protocol (linux_boot.c runs it): a well-formed blob in guest RAM, its
 * memory and cpus nodes, the initrd's range in /chosen.
 */
#include "linux_boot_priv.h"

#define FDT_HEADER_SIZE 40u
#define FDT_BEGIN_NODE	1u
#define FDT_END_NODE	2u
#define FDT_PROP	3u
#define FDT_NOP		4u
#define FDT_END		9u
#define FDT_NAME_MAX	32u /* enough for the node and property names looked at */
#define FDT_MAX_DEPTH	64u

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

int lb_check_dtb(const struct lb *c, const struct minihyp_boot_desc *d, struct lb_fdt *f)
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
