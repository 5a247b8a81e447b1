/* SPDX-License-Identifier: MIT */
/*
 * Devicetree Specification v0.4, chapter 5 (flattened blob): a big-endian
 * header, then a structure block of 32-bit tokens (BEGIN_NODE name,
 * END_NODE, PROP len nameoff value, NOP, END), names in the strings block.
 */
#include "fdt.h"

#define FDT_MAGIC      0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE   2u
#define FDT_PROP       3u
#define FDT_NOP	       4u
#define FDT_END	       9u

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t cells(const uint8_t *p, uint32_t n)
{
	uint64_t v = 0;

	while (n--) {
		v = v << 32 | be32(p);
		p += 4;
	}
	return v;
}

static bool str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static bool str_prefix(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return false;
	return true;
}

/*
 * Walks the structure block, calling prop(ctx, depth, node, name, value,
 * len) for each property; stops early when it returns true.  false when the
 * blob is not a device tree.
 */
typedef bool (*fdt_prop_fn)(void *ctx, int depth, const char *node, const char *name,
			    const uint8_t *val, uint32_t len);

static bool fdt_walk(const void *fdt, fdt_prop_fn prop, void *ctx)
{
	const uint8_t *h = fdt, *p, *end;
	const char *strings, *node = "";
	uint32_t totalsize;
	int depth = 0;

	if (be32(h) != FDT_MAGIC)
		return false;
	totalsize = be32(h + 4);
	p = h + be32(h + 8);
	end = p + be32(h + 36); /* size_dt_struct */
	strings = (const char *)h + be32(h + 12);
	if (be32(h + 8) >= totalsize || be32(h + 12) >= totalsize)
		return false;
	while (p + 4 <= end) {
		uint32_t tok = be32(p);

		p += 4;
		if (tok == FDT_BEGIN_NODE) {
			uint32_t len = 0;

			node = (const char *)p;
			while (node[len])
				len++;
			p += (len + 4) & ~3u; /* name, NUL, padding to 4 */
			depth++;
		} else if (tok == FDT_END_NODE) {
			depth--;
		} else if (tok == FDT_PROP) {
			uint32_t len = be32(p), nameoff = be32(p + 4);
			const uint8_t *val = p + 8;

			p = val + ((len + 3) & ~3u);
			if (prop(ctx, depth, node, strings + nameoff, val, len))
				return true;
		} else if (tok != FDT_NOP) {
			break; /* FDT_END or garbage */
		}
	}
	return true;
}

/* Whether the stringlist val[0..len) holds s. */
static bool strlist_has(const uint8_t *val, uint32_t len, const char *s)
{
	uint32_t i = 0;

	while (i < len) {
		const char *e = (const char *)val + i;

		if (str_eq(e, s))
			return true;
		while (i < len && val[i])
			i++;
		i++;
	}
	return false;
}

static bool gic_prop(void *ctx, int depth, const char *node, const char *name, const uint8_t *val,
		     uint32_t len)
{
	unsigned *version = ctx;

	(void)depth, (void)node;
	if (!str_eq(name, "compatible") || len == 0 || val[len - 1] != 0)
		return false;
	if (strlist_has(val, len, "arm,gic-v3"))
		*version = 3;
	else if (strlist_has(val, len, "arm,cortex-a15-gic") ||
		 strlist_has(val, len, "arm,gic-400"))
		*version = 2;
	return *version != 0;
}

unsigned fdt_gic_version(const void *fdt)
{
	unsigned version = 0;

	fdt_walk(fdt, gic_prop, &version);
	return version;
}

struct mem_ctx {
	uint32_t addr_cells, size_cells;
	uint64_t base, size;
};

/* The root's #address-cells/#size-cells come before its subnodes (the
 * specification puts a node's properties before its children). */
static bool mem_prop(void *ctx, int depth, const char *node, const char *name, const uint8_t *val,
		     uint32_t len)
{
	struct mem_ctx *m = ctx;

	if (depth == 1 && str_eq(name, "#address-cells") && len == 4)
		m->addr_cells = be32(val);
	else if (depth == 1 && str_eq(name, "#size-cells") && len == 4)
		m->size_cells = be32(val);
	else if (depth == 2 && str_prefix(node, "memory@") && str_eq(name, "reg") &&
		 m->addr_cells <= 2 && m->size_cells <= 2 &&
		 len >= 4 * (m->addr_cells + m->size_cells)) {
		m->base = cells(val, m->addr_cells);
		m->size = cells(val + 4 * m->addr_cells, m->size_cells);
		return true;
	}
	return false;
}

bool fdt_memory_range(const void *fdt, uint64_t *base, uint64_t *size)
{
	struct mem_ctx m = {.addr_cells = 2, .size_cells = 1, .size = 0};

	if (!fdt_walk(fdt, mem_prop, &m) || !m.size)
		return false;
	*base = m.base;
	*size = m.size;
	return true;
}
