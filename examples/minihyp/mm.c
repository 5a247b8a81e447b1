/* SPDX-License-Identifier: MIT */
#include "mm.h"
#include "arch.h"
#include "console.h"
#include "platform.h"

#include <aarch64_sysreg/el2.h>
#include <vcpu/hw.h>

extern char __image_end[];

#define POOL_MAX_PAGES ((HYP_POOL_END - HYP_IMAGE_BASE) / PAGE_SIZE)

static uint64_t pool_base;
static size_t pool_pages;
static uint64_t pool_bitmap[(POOL_MAX_PAGES + 63) / 64]; /* 1 = in use */

static int page_used(size_t i)
{
	return (pool_bitmap[i / 64] >> (i % 64)) & 1;
}

static void page_mark(size_t i, int used)
{
	if (used)
		pool_bitmap[i / 64] |= 1ull << (i % 64);
	else
		pool_bitmap[i / 64] &= ~(1ull << (i % 64));
}

void page_alloc_init(void)
{
	pool_base = ((uint64_t)(uintptr_t)__image_end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	pool_pages = (HYP_POOL_END - pool_base) / PAGE_SIZE;
}

void *page_alloc(size_t n)
{
	size_t i, run = 0;

	for (i = 0; i < pool_pages; i++) {
		run = page_used(i) ? 0 : run + 1;
		if (run == n) {
			size_t first = i + 1 - n, j;
			uint64_t *p = phys_to_virt(pool_base + first * PAGE_SIZE);

			for (j = first; j <= i; j++)
				page_mark(j, 1);
			for (j = 0; j < n * PAGE_SIZE / 8; j++)
				p[j] = 0;
			return p;
		}
	}
	return NULL;
}

void page_free(void *p, size_t n)
{
	size_t first = (virt_to_phys(p) - pool_base) / PAGE_SIZE, j;

	for (j = first; j < first + n && j < pool_pages; j++)
		page_mark(j, 0);
}

size_t page_free_count(void)
{
	size_t i, n = 0;

	for (i = 0; i < pool_pages; i++)
		n += !page_used(i);
	return n;
}

/*
 * EL2 stage 1, 4 KiB granule, T0SZ = 25: a 39-bit VA space starting at
 * level 1, whose entries map 1 GiB each.  Level-1 blocks:
 *   [0, 1 GiB)         Device-nGnRE, execute-never (flash, GIC, UART, ...)
 *   RAM's gigabytes    Normal write-back, inner shareable
 */
#define MAIR_IDX_NORMAL 0 /* Normal, inner/outer write-back RW-allocate */
#define MAIR_IDX_DEVICE 1 /* Device-nGnRE */
/* MAIR_EL2.Attr<idx>: the fields are equal in width and contiguous */
#define MAIR_ATTR(idx, attr) ((uint64_t)(attr) << (MAIR_EL2_ATTR0_WIDTH * (idx)))
#define MAIR_VALUE                                                                                 \
	(MAIR_ATTR(MAIR_IDX_NORMAL, MAIR_EL2_ATTR0_NORMAL_WB) |                                    \
	 MAIR_ATTR(MAIR_IDX_DEVICE, MAIR_EL2_ATTR0_DEVICE_NGNRE))

#define PTE_BLOCK      0x1ul
#define PTE_ATTRIDX(i) ((uint64_t)(i) << 2)
#define PTE_AP_RES1    (1ul << 6) /* AP[1]: RES1 in a one-VA-range regime */
#define PTE_SH_INNER   (3ul << 8)
#define PTE_AF	       (1ul << 10)
#define PTE_XN	       (1ul << 54)

static uint64_t mmu_tcr, mmu_ttbr;

void el2_mmu_enable(unsigned pa_bits, uint64_t ram_base, uint64_t ram_size)
{
	uint64_t *l1 = page_alloc(1);
	uint64_t first = ram_base >> 30, last = (ram_base + ram_size - 1) >> 30, i;

	if (!l1)
		hyp_panic("no page for the EL2 page table");
	if (first == 0 || last >= 512)
		hyp_panic("RAM at %lx, %lu MiB: outside what the EL2 map covers", ram_base,
			  ram_size >> 20);
	l1[0] = 0 | PTE_BLOCK | PTE_ATTRIDX(MAIR_IDX_DEVICE) | PTE_AP_RES1 | PTE_AF | PTE_XN;
	for (i = first; i <= last; i++)
		l1[i] = ((uint64_t)i << 30) | PTE_BLOCK | PTE_ATTRIDX(MAIR_IDX_NORMAL) |
			PTE_AP_RES1 | PTE_SH_INNER | PTE_AF;
	dsb(ish);

	mmu_tcr = TCR_EL2_RES1 | ((uint64_t)25 << TCR_EL2_T0SZ_SHIFT) |
		  (TCR_EL2_IRGN0_WBWA << TCR_EL2_IRGN0_SHIFT) |
		  (TCR_EL2_ORGN0_WBWA << TCR_EL2_ORGN0_SHIFT) |
		  (TCR_EL2_SH0_IS << TCR_EL2_SH0_SHIFT) |
		  (TCR_EL2_TG0_GRANULE_4K << TCR_EL2_TG0_SHIFT) |
		  (hw_bits_to_parange(pa_bits > 40 ? 40 : pa_bits) << TCR_EL2_PS_SHIFT);
	mmu_ttbr = virt_to_phys(l1);
	/* secondary CPUs read these with their MMU and caches off */
	__asm__ volatile("dc cvac, %0\n\tdc cvac, %1" ::"r"(&mmu_tcr), "r"(&mmu_ttbr) : "memory");
	dsb(ish);
	el2_mmu_enable_secondary();
}

void el2_mmu_enable_secondary(void)
{
	mair_el2_write(MAIR_VALUE);
	tcr_el2_write(mmu_tcr);
	ttbr0_el2_write(mmu_ttbr);
	isb();
	__asm__ volatile("tlbi alle2" ::: "memory");
	__asm__ volatile("ic iallu" ::: "memory");
	dsb(ish);
	isb();
	sctlr_el2_write(SCTLR_EL2_RES1 | SCTLR_EL2_M_MASK | SCTLR_EL2_C_MASK | SCTLR_EL2_SA_MASK |
			SCTLR_EL2_I_MASK);
	isb();
}
