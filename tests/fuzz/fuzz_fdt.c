/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: the device-tree reader (include/fdt/fdt.h) on any blob,
 * as a guest could hand one to the hypervisor.  The input is copied into a
 * buffer of exactly its size, so ASan reports any read outside it; every
 * walk ends (one token per 4 bytes at most) with FDT_END or an error, and
 * every name and value it gives lies inside the blob.
 */
#include <stdlib.h>
#include <string.h>

#include <fdt/fdt.h>

#include "fuzz_vgic_check.h" /* FUZZ_CHECK */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *blob = malloc(size ? size : 1);
	struct fdt f;
	struct fdt_cursor c;
	struct fdt_token t;
	size_t steps = 0;
	int tag;

	if (!blob)
		return 0;
	memcpy(blob, data, size);
	if (fdt_open(&f, blob, size) == 0) {
		fdt_cursor_init(&f, &c);
		while ((tag = fdt_next(&f, &c, &t)) > 0 && tag != FDT_END) {
			FUZZ_CHECK(++steps <= size / 4);
			FUZZ_CHECK(tag == FDT_END_NODE || ((const uint8_t *)t.name >= blob &&
							   (const uint8_t *)t.name < blob + size));
			if (tag == FDT_PROP) {
				FUZZ_CHECK(t.value >= blob &&
					   t.len <= size - (size_t)(t.value - blob));
				/* the helpers read only the len bytes they are given */
				(void)fdt_stringlist_has(t.value, t.len, "arm,gic-400");
				(void)fdt_prop_is_str(t.value, t.len, "memory");
				if (t.len >= 8)
					(void)fdt_cells(t.value, 2);
			} else if (tag == FDT_BEGIN_NODE) {
				(void)fdt_node_is(t.name, "memory");
			}
		}
	}
	free(blob);
	return 0;
}
