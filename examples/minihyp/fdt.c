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

bool fdt_memory_range(const void *fdt, uint64_t *base, uint64_t *size)
{
	const uint8_t *h = fdt, *p, *end;
	const char *strings;
	uint32_t totalsize, addr_cells = 2, size_cells = 1;
	int depth = 0;
	bool in_memory = false;

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
			const char *name = (const char *)p;
			uint32_t len = 0;

			while (name[len])
				len++;
			p += (len + 4) & ~3u; /* name, NUL, padding to 4 */
			depth++;
			in_memory = depth == 2 && str_prefix(name, "memory@");
		} else if (tok == FDT_END_NODE) {
			depth--;
			in_memory = false;
		} else if (tok == FDT_PROP) {
			uint32_t len = be32(p), nameoff = be32(p + 4);
			const uint8_t *val = p + 8;
			const char *pname = strings + nameoff;

			p = val + ((len + 3) & ~3u);
			if (depth == 1 && str_eq(pname, "#address-cells") && len == 4)
				addr_cells = be32(val);
			else if (depth == 1 && str_eq(pname, "#size-cells") && len == 4)
				size_cells = be32(val);
			else if (in_memory && str_eq(pname, "reg") && addr_cells <= 2 &&
				 size_cells <= 2 && len >= 4 * (addr_cells + size_cells)) {
				*base = cells(val, addr_cells);
				*size = cells(val + 4 * addr_cells, size_cells);
				return true;
			}
		} else if (tok == FDT_NOP) {
			continue;
		} else {
			break; /* FDT_END or garbage */
		}
	}
	return false;
}
