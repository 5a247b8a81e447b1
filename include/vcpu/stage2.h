/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 translation tables, 4 KiB granule, 48-bit output addresses
 * (Arm DDI 0487, D8 "The AArch64 Virtual Memory System Architecture":
 * VMSAv8-64 stage 2 descriptors and VTCR_EL2).
 *
 *  - descriptor bits (S2_DESC_*, S2_MEMATTR_*, S2_AP_*, S2_SH_*, S2_AF,
 *    S2_XN) and ready-made mapping attributes (S2_ATTR_*);
 *  - a table builder: stage2_init() allocates the root, stage2_map() maps a
 *    range with 1 GiB (level 1) / 2 MiB (level 2) blocks where IPA, PA and
 *    size allow and 4 KiB pages otherwise, stage2_unmap() removes a range,
 *    stage2_lookup() walks the tables;
 *  - stage2_vtcr() and stage2_vttbr(): the register values that go with it.
 *
 * All memory comes from, and all PA <-> pointer conversions go through, the
 * callbacks in struct stage2, so the same code builds tables at EL2 (PA ==
 * VA, say) and in host unit tests (tables in malloc'ed memory).
 *
 * Start level (4 KiB granule, ARM ARM rules for VTCR_EL2.SL0 / T0SZ: a table
 * walk that starts at level L resolves between (3-L)*9+13 and (3-L)*9+25
 * bits of IPA, the upper 4 of them by concatenating up to 16 root tables;
 * starting at level 0 needs PARange >= 44 bits).  This library picks the
 * start level from ipa_bits alone, so stage2_init() and stage2_vtcr() agree:
 *
 *   ipa_bits 25..30: level 2 (SL0 = 0), one root table
 *   ipa_bits 31..39: level 1 (SL0 = 1), one root table
 *   ipa_bits 40..43: level 1 (SL0 = 1), 2/4/8/16 concatenated root tables
 *   ipa_bits 44..48: level 0 (SL0 = 2), one root table
 *
 * A concatenated root is 2^(ipa_bits-39) contiguous pages aligned to its
 * size (VTTBR_EL2.BADDR alignment), allocated with alloc_pages when given,
 * otherwise with successive alloc_page calls that must happen to return
 * contiguous, suitably aligned pages (a bump allocator whose next page is
 * aligned does): stage2_init() checks and fails with S2_ERR_NOMEM if not.
 *
 * Semantics of map/unmap:
 *  - stage2_map() over an existing mapping replaces it (like mmap with
 *    MAP_FIXED).  A block that is only partly covered is split into a
 *    next-level table that keeps the rest of the block's mapping; where a
 *    table already exists it is reused (the range is then mapped with
 *    smaller blocks or pages inside it, never replaced by a bigger block).
 *  - stage2_unmap() clears the range, splitting blocks that it covers only in
 *    part.  Tables emptied by unmap are kept (there is no free callback), and
 *    reused by later maps.
 *  - On an error (S2_ERR_NOMEM) part of the range may already be mapped.
 *  - No TLB maintenance and no break-before-make: these helpers build tables
 *    while the VM does not run on them, or the caller follows a change of live
 *    tables with DSB ISHST; TLBI IPAS2E1IS / VMALLS12E1IS; DSB ISH; ISB.
 *    Descriptors are written with plain stores; at EL2 with the MMU and data
 *    cache on, the walker is coherent when VTCR_EL2 says inner shareable
 *    write-back (as stage2_vtcr() does).  A new table is completely filled in
 *    and made visible (DSB ISHST on AArch64) before the descriptor that links
 *    it is written, so a concurrent walker never sees a half-built table.
 */
#ifndef VCPU_STAGE2_H
#define VCPU_STAGE2_H

/* C declarations only: the header can be included from assembly too. */
#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../aarch64_sysreg/el2.h"
#include "../aarch64_sysreg/id.h"
#include "hw.h"

#ifdef __cplusplus
extern "C" {
#endif

/* errno-like results (negative), same numbers as Linux's errno values. */
#define S2_OK	     0
#define S2_ERR_NOENT (-2)  /* lookup: nothing mapped there */
#define S2_ERR_NOMEM (-12) /* the allocator returned NULL */
#define S2_ERR_INVAL (-22) /* misaligned, out of range, bad attributes */

#define S2_PAGE_SHIFT	  12
#define S2_PAGE_SIZE	  ((uint64_t)1 << S2_PAGE_SHIFT)
#define S2_PTRS		  512u /* descriptors per table */
#define S2_PA_BITS	  48u  /* output addresses this code builds descriptors for */
#define S2_MIN_IPA_BITS	  25u
#define S2_MAX_IPA_BITS	  48u
#define S2_MAX_ROOT_PAGES 16u

/* Bytes mapped by one descriptor at a level: level 3 4 KiB, 2 2 MiB, 1 1 GiB. */
#define S2_LEVEL_SHIFT(level) (S2_PAGE_SHIFT + 9u * (3u - (unsigned)(level)))
#define S2_LEVEL_SIZE(level)  ((uint64_t)1 << S2_LEVEL_SHIFT(level))
#define S2_BLOCK_1G	      S2_LEVEL_SIZE(1)
#define S2_BLOCK_2M	      S2_LEVEL_SIZE(2)

/* ---- descriptor bits ------------------------------------------------- */

#define S2_DESC_VALID	   ((uint64_t)1 << 0)
#define S2_DESC_TABLE	   ((uint64_t)1 << 1) /* table (levels 0-2) or page (level 3) */
#define S2_DESC_TYPE_MASK  ((uint64_t)3)
#define S2_DESC_TYPE_BLOCK ((uint64_t)1) /* levels 1-2 */
#define S2_DESC_TYPE_TABLE ((uint64_t)3) /* levels 0-2 */
#define S2_DESC_TYPE_PAGE  ((uint64_t)3) /* level 3 */
/* Output address / next-level table address, bits 47:12. */
#define S2_DESC_ADDR_MASK ((uint64_t)0x0000fffffffff000)

/* Lower attributes, stage 2 (HCR_EL2.FWB == 0). */
#define S2_MEMATTR_SHIFT 2
#define S2_MEMATTR_MASK	 ((uint64_t)0xf << S2_MEMATTR_SHIFT)
#define S2_MEMATTR(x)	 (((uint64_t)(x) << S2_MEMATTR_SHIFT) & S2_MEMATTR_MASK)
/* MemAttr[3:2] = 00 (Device), MemAttr[1:0] = the Device type. */
#define S2_MEMATTR_DEVICE_nGnRnE S2_MEMATTR(0x0)
#define S2_MEMATTR_DEVICE_nGnRE	 S2_MEMATTR(0x1)
#define S2_MEMATTR_DEVICE_nGRE	 S2_MEMATTR(0x2)
#define S2_MEMATTR_DEVICE_GRE	 S2_MEMATTR(0x3)
/* MemAttr[3:2] = outer, MemAttr[1:0] = inner: 01 Non-cacheable,
 * 10 Write-Through, 11 Write-Back. */
#define S2_MEMATTR_NORMAL_NC S2_MEMATTR(0x5)
#define S2_MEMATTR_NORMAL_WT S2_MEMATTR(0xa)
#define S2_MEMATTR_NORMAL_WB S2_MEMATTR(0xf)

#define S2_AP_SHIFT 6
#define S2_AP_MASK  ((uint64_t)3 << S2_AP_SHIFT)
#define S2_AP_NONE  ((uint64_t)0 << S2_AP_SHIFT)
#define S2_AP_RO    ((uint64_t)1 << S2_AP_SHIFT)
#define S2_AP_WO    ((uint64_t)2 << S2_AP_SHIFT)
#define S2_AP_RW    ((uint64_t)3 << S2_AP_SHIFT)

#define S2_SH_SHIFT 8
#define S2_SH_MASK  ((uint64_t)3 << S2_SH_SHIFT)
#define S2_SH_NON   ((uint64_t)0 << S2_SH_SHIFT)
#define S2_SH_OUTER ((uint64_t)2 << S2_SH_SHIFT)
#define S2_SH_INNER ((uint64_t)3 << S2_SH_SHIFT)

#define S2_AF ((uint64_t)1 << 10)

/* Upper attributes. */
#define S2_CONTIG ((uint64_t)1 << 52)
/* XN[1:0] = bits 54:53; 0b10 = execute-never at EL1 and EL0 (bit 53 is XN[0]
 * only with FEAT_XNX, else RES0). */
#define S2_XN ((uint64_t)1 << 54)

/* Bits a caller may pass in attrs (and that stage2_lookup returns). */
#define S2_ATTR_MASK (S2_MEMATTR_MASK | S2_AP_MASK | S2_SH_MASK | S2_AF | S2_XN)

/* Ready-made mapping attributes. */
#define S2_ATTR_NORMAL_RWX (S2_MEMATTR_NORMAL_WB | S2_AP_RW | S2_SH_INNER | S2_AF)
#define S2_ATTR_NORMAL_RW  (S2_ATTR_NORMAL_RWX | S2_XN)
#define S2_ATTR_NORMAL_RX  (S2_MEMATTR_NORMAL_WB | S2_AP_RO | S2_SH_INNER | S2_AF)
#define S2_ATTR_NORMAL_RO  (S2_ATTR_NORMAL_RX | S2_XN)
#define S2_ATTR_RO	   S2_ATTR_NORMAL_RO
/* Device memory is always treated as Outer Shareable: SH is left 0. */
#define S2_ATTR_DEVICE_RW (S2_MEMATTR_DEVICE_nGnRE | S2_AP_RW | S2_AF | S2_XN)
#define S2_ATTR_DEVICE_RO (S2_MEMATTR_DEVICE_nGnRE | S2_AP_RO | S2_AF | S2_XN)

/* ---- the table builder ----------------------------------------------- */

struct stage2 {
	uint64_t *root;			/* root table (concatenated if needed) */
	unsigned ipa_bits, start_level; /* set by stage2_init() */
	void *(*alloc_page)(void *ctx); /* one zeroed 4 KiB page, NULL when out */
	uint64_t (*virt_to_phys)(void *ctx, void *va);
	void *(*phys_to_virt)(void *ctx, uint64_t pa);
	void *ctx;
	/* Optional: `pages` (2..16) zeroed, physically contiguous pages aligned
	 * to pages * 4 KiB, for a concatenated root; NULL: see above. */
	void *(*alloc_pages)(void *ctx, unsigned pages);
	uint64_t root_pa; /* set by stage2_init() */
};

/* Start level for an IPA size (see the table above); -1 if unsupported. */
static inline int stage2_start_level(unsigned ipa_bits)
{
	if (ipa_bits < S2_MIN_IPA_BITS || ipa_bits > S2_MAX_IPA_BITS)
		return -1;
	if (ipa_bits <= 30)
		return 2;
	if (ipa_bits <= 43)
		return 1;
	return 0;
}

/* Number of concatenated root tables (1, 2, 4, 8, 16); 0 if unsupported. */
static inline unsigned stage2_root_pages(unsigned ipa_bits)
{
	int sl = stage2_start_level(ipa_bits);
	unsigned bits;

	if (sl < 0)
		return 0;
	/* bits resolved at the start level beyond one table's 9 */
	bits = ipa_bits - S2_LEVEL_SHIFT(sl);
	return bits > 9 ? 1u << (bits - 9) : 1u;
}

/* Descriptors in the (possibly concatenated) root. */
static inline unsigned stage2_root_entries(const struct stage2 *s2)
{
	return 1u << (s2->ipa_bits - S2_LEVEL_SHIFT(s2->start_level));
}

static inline int stage2_init(struct stage2 *s2, unsigned ipa_bits)
{
	int sl = stage2_start_level(ipa_bits);
	unsigned pages, i;
	uint64_t pa;

	if (sl < 0 || !s2->alloc_page || !s2->virt_to_phys || !s2->phys_to_virt)
		return S2_ERR_INVAL;
	pages = stage2_root_pages(ipa_bits);
	if (pages > 1 && s2->alloc_pages) {
		s2->root = (uint64_t *)s2->alloc_pages(s2->ctx, pages);
		if (!s2->root)
			return S2_ERR_NOMEM;
	} else {
		s2->root = (uint64_t *)s2->alloc_page(s2->ctx);
		if (!s2->root)
			return S2_ERR_NOMEM;
		for (i = 1; i < pages; i++) {
			void *p = s2->alloc_page(s2->ctx);

			if (!p)
				return S2_ERR_NOMEM;
			if (s2->virt_to_phys(s2->ctx, p) !=
				    s2->virt_to_phys(s2->ctx, s2->root) + i * S2_PAGE_SIZE ||
			    (uint8_t *)p != (uint8_t *)s2->root + i * S2_PAGE_SIZE)
				return S2_ERR_NOMEM; /* not contiguous */
		}
	}
	pa = s2->virt_to_phys(s2->ctx, s2->root);
	if (pa & (pages * S2_PAGE_SIZE - 1))
		return S2_ERR_NOMEM; /* root not aligned to its size */
	s2->root_pa = pa;
	s2->ipa_bits = ipa_bits;
	s2->start_level = (unsigned)sl;
	return S2_OK;
}

/* Orders the filling of a new table before the store that links it. */
static inline void stage2_publish_barrier(void)
{
#if defined(__aarch64__)
	__asm__ volatile("dsb ishst" ::: "memory");
#else
	__asm__ volatile("" ::: "memory");
#endif
}

/* Links the table at va into *slot. */
static inline void stage2_link_table(const struct stage2 *s2, uint64_t *slot, void *va)
{
	stage2_publish_barrier();
	*slot = (s2->virt_to_phys(s2->ctx, va) & S2_DESC_ADDR_MASK) | S2_DESC_TYPE_TABLE;
}

static inline uint64_t *stage2_next_table(const struct stage2 *s2, uint64_t desc)
{
	return (uint64_t *)s2->phys_to_virt(s2->ctx, desc & S2_DESC_ADDR_MASK);
}

static inline bool stage2_desc_is_table(uint64_t desc, unsigned level)
{
	return level < 3 && (desc & S2_DESC_TYPE_MASK) == S2_DESC_TYPE_TABLE;
}

static inline bool stage2_desc_is_leaf(uint64_t desc, unsigned level)
{
	if (level == 3)
		return (desc & S2_DESC_TYPE_MASK) == S2_DESC_TYPE_PAGE;
	return level >= 1 && (desc & S2_DESC_TYPE_MASK) == S2_DESC_TYPE_BLOCK;
}

/* A block (levels 1-2) or page (level 3) descriptor. */
static inline uint64_t stage2_leaf_desc(uint64_t pa, uint64_t attrs, unsigned level)
{
	return (pa & S2_DESC_ADDR_MASK) | (attrs & S2_ATTR_MASK) |
	       (level == 3 ? S2_DESC_TYPE_PAGE : S2_DESC_TYPE_BLOCK);
}

/* Index into the table of `level` (the root counts its concatenated tables). */
static inline unsigned stage2_index(const struct stage2 *s2, uint64_t ipa, unsigned level)
{
	unsigned n = level == s2->start_level ? stage2_root_entries(s2) : S2_PTRS;

	return (unsigned)(ipa >> S2_LEVEL_SHIFT(level)) & (n - 1);
}

/* A new table that maps what the block `desc` at `level` mapped, one level down. */
static inline int stage2_split_block(struct stage2 *s2, uint64_t *slot, unsigned level)
{
	uint64_t desc = *slot, attrs = desc & S2_ATTR_MASK;
	uint64_t base = desc & S2_DESC_ADDR_MASK & ~(S2_LEVEL_SIZE(level) - 1);
	uint64_t *t = (uint64_t *)s2->alloc_page(s2->ctx);
	unsigned i;

	if (!t)
		return S2_ERR_NOMEM;
	for (i = 0; i < S2_PTRS; i++)
		t[i] = stage2_leaf_desc(base + (uint64_t)i * S2_LEVEL_SIZE(level + 1), attrs,
					level + 1);
	stage2_link_table(s2, slot, t);
	return S2_OK;
}

static inline int stage2_map_level(struct stage2 *s2, uint64_t *table, unsigned level, uint64_t ipa,
				   uint64_t pa, uint64_t end, uint64_t attrs)
{
	uint64_t sz = S2_LEVEL_SIZE(level);

	while (ipa < end) {
		uint64_t *slot = &table[stage2_index(s2, ipa, level)];
		uint64_t next = (ipa | (sz - 1)) + 1; /* end of this slot's range */
		uint64_t chunk_end = (next > end || next == 0) ? end : next;
		int r;

		if (level == 3 ||
		    (level >= 1 && !stage2_desc_is_table(*slot, level) && !(ipa & (sz - 1)) &&
		     !(pa & (sz - 1)) && chunk_end - ipa == sz)) {
			*slot = stage2_leaf_desc(pa, attrs, level);
		} else {
			if (stage2_desc_is_leaf(*slot, level)) {
				r = stage2_split_block(s2, slot, level);
				if (r)
					return r;
			} else if (!stage2_desc_is_table(*slot, level)) {
				uint64_t *t = (uint64_t *)s2->alloc_page(s2->ctx);

				if (!t)
					return S2_ERR_NOMEM;
				stage2_link_table(s2, slot, t);
			}
			r = stage2_map_level(s2, stage2_next_table(s2, *slot), level + 1, ipa, pa,
					     chunk_end, attrs);
			if (r)
				return r;
		}
		pa += chunk_end - ipa;
		ipa = chunk_end;
	}
	return S2_OK;
}

static inline bool stage2_range_ok(const struct stage2 *s2, uint64_t ipa, uint64_t size)
{
	uint64_t limit = (uint64_t)1 << s2->ipa_bits;

	return s2->root && size && !(ipa & (S2_PAGE_SIZE - 1)) && !(size & (S2_PAGE_SIZE - 1)) &&
	       ipa < limit && size <= limit - ipa;
}

/*
 * Maps [ipa, ipa + size) to [pa, pa + size) with attrs (S2_ATTR_* or any
 * combination of the bits in S2_ATTR_MASK).  Returns S2_OK, S2_ERR_INVAL
 * (ipa, pa or size not 4 KiB aligned, size 0, range beyond the IPA size or
 * beyond 48-bit PA, attrs outside S2_ATTR_MASK) or S2_ERR_NOMEM.
 */
static inline int stage2_map(struct stage2 *s2, uint64_t ipa, uint64_t pa, uint64_t size,
			     uint64_t attrs)
{
	uint64_t pa_limit = (uint64_t)1 << S2_PA_BITS;

	if (!stage2_range_ok(s2, ipa, size) || (pa & (S2_PAGE_SIZE - 1)) || pa >= pa_limit ||
	    size > pa_limit - pa || (attrs & ~S2_ATTR_MASK))
		return S2_ERR_INVAL;
	return stage2_map_level(s2, s2->root, s2->start_level, ipa, pa, ipa + size, attrs);
}

static inline int stage2_unmap_level(struct stage2 *s2, uint64_t *table, unsigned level,
				     uint64_t ipa, uint64_t end)
{
	uint64_t sz = S2_LEVEL_SIZE(level);

	while (ipa < end) {
		uint64_t *slot = &table[stage2_index(s2, ipa, level)];
		uint64_t next = (ipa | (sz - 1)) + 1;
		uint64_t chunk_end = (next > end || next == 0) ? end : next;
		int r;

		if (stage2_desc_is_leaf(*slot, level)) {
			if (!(ipa & (sz - 1)) && chunk_end - ipa == sz) {
				*slot = 0;
			} else {
				r = stage2_split_block(s2, slot, level);
				if (r)
					return r;
				r = stage2_unmap_level(s2, stage2_next_table(s2, *slot), level + 1,
						       ipa, chunk_end);
				if (r)
					return r;
			}
		} else if (stage2_desc_is_table(*slot, level)) {
			r = stage2_unmap_level(s2, stage2_next_table(s2, *slot), level + 1, ipa,
					       chunk_end);
			if (r)
				return r;
		}
		ipa = chunk_end;
	}
	return S2_OK;
}

/*
 * Unmaps [ipa, ipa + size): S2_OK (also where nothing was mapped),
 * S2_ERR_INVAL (misaligned / out of range), S2_ERR_NOMEM (a block had to be
 * split and no page was left).
 */
static inline int stage2_unmap(struct stage2 *s2, uint64_t ipa, uint64_t size)
{
	if (!stage2_range_ok(s2, ipa, size))
		return S2_ERR_INVAL;
	return stage2_unmap_level(s2, s2->root, s2->start_level, ipa, ipa + size);
}

/*
 * Walks the tables for ipa: S2_OK with *pa (the output address of ipa itself,
 * offset included), *attrs (the descriptor's S2_ATTR_MASK bits) and *level
 * (1 = 1 GiB block, 2 = 2 MiB block, 3 = page) when mapped; S2_ERR_NOENT
 * when not mapped or beyond the IPA size.  Any out pointer may be NULL.
 */
static inline int stage2_lookup(const struct stage2 *s2, uint64_t ipa, uint64_t *pa,
				uint64_t *attrs, unsigned *level)
{
	const uint64_t *table = s2->root;
	unsigned l;

	if (!table || (s2->ipa_bits < 64 && (ipa >> s2->ipa_bits)))
		return S2_ERR_NOENT;
	for (l = s2->start_level; l <= 3; l++) {
		uint64_t desc = table[stage2_index(s2, ipa, l)];

		if (stage2_desc_is_leaf(desc, l)) {
			uint64_t off = ipa & (S2_LEVEL_SIZE(l) - 1);

			if (pa)
				*pa = ((desc & S2_DESC_ADDR_MASK) & ~(S2_LEVEL_SIZE(l) - 1)) | off;
			if (attrs)
				*attrs = desc & S2_ATTR_MASK;
			if (level)
				*level = l;
			return S2_OK;
		}
		if (!stage2_desc_is_table(desc, l))
			return S2_ERR_NOENT;
		table = stage2_next_table(s2, desc);
	}
	return S2_ERR_NOENT;
}

/*
 * VTCR_EL2 for a stage-2 built by stage2_init(ipa_bits), given the value of
 * ID_AA64MMFR0_EL1:
 *   T0SZ = 64 - ipa_bits, SL0 per stage2_start_level(), IRGN0 = ORGN0 =
 *   write-back write-allocate, SH0 = inner shareable, TG0 = 4 KiB,
 *   PS = PARange (capped at 48 bits: descriptors are built for 48-bit output
 *   addresses), RES1 bit 31.  VS (16-bit VMID) is left 0: OR in
 *   VTCR_EL2_VS_MASK when hw_vmid_bits() == 16 and VMIDs above 255 are used.
 * PS is the size of the stage-2 *output* (physical) addresses, which a guest
 * may need beyond its IPA size (a 32-bit guest in RAM above 4 GiB), so it is
 * not reduced to the IPA size.
 * Returns 0 (never a valid VTCR_EL2: bit 31 is RES1) when ipa_bits is not
 * supported or exceeds the PA size that PARange reports.
 */
static inline uint64_t stage2_vtcr(unsigned ipa_bits, uint64_t id_aa64mmfr0)
{
	uint64_t parange = id_aa64mmfr0_el1_parange_get(id_aa64mmfr0);
	int sl = stage2_start_level(ipa_bits);
	uint64_t v = VTCR_EL2_RES1;

	if (sl < 0)
		return 0;
	if (parange > ID_AA64MMFR0_EL1_PARANGE_PA52)
		parange = ID_AA64MMFR0_EL1_PARANGE_PA52; /* reserved: at least 52 bits */
	if (ipa_bits > hw_parange_to_bits(parange))
		return 0;
	if (parange > VTCR_EL2_PS_PA48)
		parange = VTCR_EL2_PS_PA48; /* PS uses the PARange encoding */
	v = vtcr_el2_t0sz_set(v, 64u - ipa_bits);
	v = vtcr_el2_sl0_set(v, (uint64_t)(2 - sl)); /* 4 KiB: 0 level 2, 1 level 1, 2 level 0 */
	v = vtcr_el2_irgn0_set(v, VTCR_EL2_IRGN0_WBWA);
	v = vtcr_el2_orgn0_set(v, VTCR_EL2_ORGN0_WBWA);
	v = vtcr_el2_sh0_set(v, VTCR_EL2_SH0_IS);
	v = vtcr_el2_tg0_set(v, VTCR_EL2_TG0_GRANULE_4K);
	v = vtcr_el2_ps_set(v, parange);
	return v;
}

/* VTTBR_EL2: VMID in bits 63:48, BADDR (the root's PA) in 47:1, CnP 0. */
static inline uint64_t stage2_vttbr(const struct stage2 *s2, uint16_t vmid)
{
	return vttbr_el2_vmid_set(s2->root_pa & VTTBR_EL2_BADDR_MASK, vmid);
}

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */

#endif /* VCPU_STAGE2_H */
