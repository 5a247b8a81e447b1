/* SPDX-License-Identifier: MIT */
/* minihyp: the little it reads of QEMU's device tree, with the library's
 * reader (fdt/fdt.h). */
#include <fdt/fdt.h>

#include "fdt.h"

unsigned fdt_gic_version(const void *blob, size_t avail)
{
	struct fdt f;
	struct fdt_cursor c;
	struct fdt_token t;
	int tag;

	if (fdt_open(&f, blob, avail))
		return 0;
	fdt_cursor_init(&f, &c);
	while ((tag = fdt_next(&f, &c, &t)) > 0 && tag != FDT_END) {
		if (tag != FDT_PROP || !fdt_str_eq(t.name, "compatible"))
			continue;
		if (fdt_stringlist_has(t.value, t.len, "arm,gic-v3"))
			return 3;
		if (fdt_stringlist_has(t.value, t.len, "arm,cortex-a15-gic") ||
		    fdt_stringlist_has(t.value, t.len, "arm,gic-400"))
			return 2;
	}
	return 0;
}

/* The root's #address-cells/#size-cells come before its subnodes (the
 * specification puts a node's properties before its children). */
bool fdt_memory_range(const void *blob, size_t avail, uint64_t *base, uint64_t *size)
{
	uint32_t addr_cells = 2, size_cells = 1; /* the defaults */
	bool in_memory = false;
	struct fdt f;
	struct fdt_cursor c;
	struct fdt_token t;
	int tag;

	if (fdt_open(&f, blob, avail))
		return false;
	fdt_cursor_init(&f, &c);
	while ((tag = fdt_next(&f, &c, &t)) > 0 && tag != FDT_END) {
		if (tag == FDT_BEGIN_NODE) {
			in_memory = t.depth == 2 && fdt_node_is(t.name, "memory");
		} else if (tag == FDT_END_NODE) {
			in_memory = false;
		} else if (t.depth == 1 && t.len == 4 && fdt_str_eq(t.name, "#address-cells")) {
			addr_cells = fdt_be32(t.value);
		} else if (t.depth == 1 && t.len == 4 && fdt_str_eq(t.name, "#size-cells")) {
			size_cells = fdt_be32(t.value);
		} else if (in_memory && t.depth == 2 && fdt_str_eq(t.name, "reg") &&
			   addr_cells <= 2 && size_cells <= 2 &&
			   t.len >= 4 * (addr_cells + size_cells)) {
			*base = fdt_cells(t.value, addr_cells);
			*size = fdt_cells(t.value + 4 * addr_cells, size_cells);
			if (*size)
				return true;
		}
	}
	return false;
}
