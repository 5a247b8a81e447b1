/* SPDX-License-Identifier: MIT */
/* minihyp: the little it reads of QEMU's flattened device tree. */
#ifndef MINIHYP_FDT_H
#define MINIHYP_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The first range of the first /memory@... node's "reg" (with the root's
 * #address-cells and #size-cells), from the blob at `blob` of which `avail`
 * bytes may be read.  false when it is not a device tree or has no memory
 * node with a non-empty first range. */
bool fdt_memory_range(const void *blob, size_t avail, uint64_t *base, uint64_t *size);

/* The version of the first interrupt controller node whose "compatible"
 * names an Arm GIC: 2 ("arm,cortex-a15-gic", "arm,gic-400"), 3
 * ("arm,gic-v3"), or 0 when there is none (or no device tree). */
unsigned fdt_gic_version(const void *blob, size_t avail);

#endif
