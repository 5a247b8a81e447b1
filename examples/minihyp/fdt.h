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

#endif
