/* SPDX-License-Identifier: MIT */
/* minihyp: page allocator and the hypervisor's own (EL2 stage-1) MMU. */
#ifndef MINIHYP_MM_H
#define MINIHYP_MM_H

#include <stddef.h>
#include <stdint.h>

/* The pool: every 4 KiB page from the end of the image to HYP_POOL_END. */
void page_alloc_init(void);
/* n physically contiguous zeroed pages, NULL when out of memory. */
void *page_alloc(size_t n);
void page_free(void *p, size_t n);
size_t page_free_count(void);

/* Identity map at EL2 (4 KiB granule, 39-bit VA, 1 GiB blocks): the
 * gigabytes that hold [ram_base, ram_base + ram_size) Normal write-back,
 * the first gigabyte (the board's devices) Device-nGnRE, nothing else;
 * then MMU, D-cache and I-cache on. */
void el2_mmu_enable(unsigned pa_bits, uint64_t ram_base, uint64_t ram_size);
/* The same tables and settings on a secondary CPU (after el2_mmu_enable). */
void el2_mmu_enable_secondary(void);

/* Hypervisor addresses are identity-mapped. */
static inline uint64_t virt_to_phys(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static inline void *phys_to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}

#endif
