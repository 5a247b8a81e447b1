/* SPDX-License-Identifier: MIT */
/* minihyp: the little it reads of QEMU's flattened device tree. */
#ifndef MINIHYP_FDT_H
#define MINIHYP_FDT_H

#include <stdbool.h>
#include <stdint.h>

/* The first range of the first /memory@... node's "reg" (with the root's
 * #address-cells and #size-cells).  false when the blob at `fdt` is not a
 * device tree or has no memory node. */
bool fdt_memory_range(const void *fdt, uint64_t *base, uint64_t *size);

/* The version of the first interrupt controller node whose "compatible"
 * names an Arm GIC: 2 ("arm,cortex-a15-gic", "arm,gic-400"), 3
 * ("arm,gic-v3"), or 0 when there is none (or no device tree). */
unsigned fdt_gic_version(const void *fdt);

#endif
