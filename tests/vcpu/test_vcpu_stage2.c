/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 table builder: start levels, mappings with every block size,
 * attributes, splits, unmap, lookups, errors, VTCR_EL2/VTTBR_EL2 values.
 * Tables live in a host arena; "physical" addresses are arena offsets plus
 * FAKE_PA, so every PA <-> pointer conversion must go through the callbacks.
 */
#include "vcpu_test.h"

#include <stdlib.h>

#include <vcpu/stage2.h>

#define ARENA_PAGES 2048u
#define FAKE_PA	    0x880000000ull /* arena page 0 "is" at this PA */

struct arena {
	uint8_t *mem;
	unsigned next, limit; /* pages handed out / allowed */
	unsigned multi_calls;
};

static struct arena A;

static void *a_alloc(void *ctx)
{
	struct arena *a = (struct arena *)ctx;
	void *p;

	if (a->next >= a->limit || a->next >= ARENA_PAGES)
		return NULL;
	p = a->mem + (size_t)a->next * 4096;
	a->next++;
	memset(p, 0, 4096);
	return p;
}

static void *a_alloc_pages(void *ctx, unsigned pages)
{
	struct arena *a = (struct arena *)ctx;
	unsigned start = (a->next + pages - 1) & ~(pages - 1);

	a->multi_calls++;
	if (start + pages > a->limit || start + pages > ARENA_PAGES)
		return NULL;
	a->next = start + pages;
	memset(a->mem + (size_t)start * 4096, 0, (size_t)pages * 4096);
	return a->mem + (size_t)start * 4096;
}

static uint64_t a_v2p(void *ctx, void *va)
{
	struct arena *a = (struct arena *)ctx;
	uint8_t *p = (uint8_t *)va;

	assert_true(p >= a->mem && p < a->mem + (size_t)ARENA_PAGES * 4096);
	return FAKE_PA + (uint64_t)(p - a->mem);
}

static void *a_p2v(void *ctx, uint64_t pa)
{
	struct arena *a = (struct arena *)ctx;

	assert_true(pa >= FAKE_PA && pa < FAKE_PA + (uint64_t)ARENA_PAGES * 4096);
	return a->mem + (pa - FAKE_PA);
}

static int setup(void **state)
{
	(void)state;
	/* 64 KiB alignment: concatenated roots of up to 16 pages can be aligned */
	A.mem = (uint8_t *)aligned_alloc(65536, (size_t)ARENA_PAGES * 4096);
	A.next = 0;
	A.limit = ARENA_PAGES;
	A.multi_calls = 0;
	return A.mem ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(A.mem);
	A.mem = NULL;
	return 0;
}

static struct stage2 mk(unsigned ipa_bits, bool with_multi)
{
	struct stage2 s2;

	memset(&s2, 0, sizeof(s2));
	s2.alloc_page = a_alloc;
	s2.virt_to_phys = a_v2p;
	s2.phys_to_virt = a_p2v;
	s2.alloc_pages = with_multi ? a_alloc_pages : NULL;
	s2.ctx = &A;
	assert_int_equal(stage2_init(&s2, ipa_bits), S2_OK);
	return s2;
}

/* Independent walk: count leaves per level, check each maps ipa -> ipa + delta. */
struct census {
	unsigned leaves[4], tables;
	uint64_t mapped;
};

static void walk(const struct stage2 *s2, const uint64_t *t, unsigned level, unsigned n,
		 uint64_t base, struct census *c)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		uint64_t d = t[i], ipa = base + ((uint64_t)i << (12 + 9 * (3 - level)));

		if (!(d & 1))
			continue;
		if (level < 3 && (d & 3) == 3) {
			c->tables++;
			walk(s2, (const uint64_t *)a_p2v(s2->ctx, d & 0xfffffffff000ull), level + 1,
			     512, ipa, c);
		} else {
			assert_true(level == 3 ? (d & 3) == 3 : ((d & 3) == 1 && level >= 1));
			c->leaves[level]++;
			c->mapped += 1ull << (12 + 9 * (3 - level));
		}
	}
}

static struct census census(const struct stage2 *s2)
{
	struct census c;

	memset(&c, 0, sizeof(c));
	walk(s2, s2->root, s2->start_level, stage2_root_entries(s2), 0, &c);
	return c;
}

static void expect(const struct stage2 *s2, uint64_t ipa, uint64_t pa, uint64_t attrs,
		   unsigned level)
{
	uint64_t got_pa = 0, got_attrs = 0;
	unsigned got_level = 99;

	if (stage2_lookup(s2, ipa, &got_pa, &got_attrs, &got_level) != S2_OK)
		fail_msg("ipa 0x%llx not mapped", (unsigned long long)ipa);
	if (got_pa != pa || got_attrs != attrs || got_level != level)
		fail_msg("ipa 0x%llx: pa 0x%llx attrs 0x%llx level %u, want 0x%llx 0x%llx %u",
			 (unsigned long long)ipa, (unsigned long long)got_pa,
			 (unsigned long long)got_attrs, got_level, (unsigned long long)pa,
			 (unsigned long long)attrs, level);
}

static void expect_unmapped(const struct stage2 *s2, uint64_t ipa)
{
	uint64_t pa = 0x1234;

	assert_int_equal(stage2_lookup(s2, ipa, &pa, NULL, NULL), S2_ERR_NOENT);
	assert_int_equal(pa, 0x1234);
}

static void test_start_levels(void **state)
{
	unsigned b;

	(void)state;
	assert_int_equal(stage2_start_level(24), -1);
	assert_int_equal(stage2_start_level(49), -1);
	assert_int_equal(stage2_root_pages(24), 0);
	for (b = 25; b <= 48; b++) {
		int sl = stage2_start_level(b);
		unsigned pages = stage2_root_pages(b);
		unsigned levels = 3 - (unsigned)sl;
		/* ARM ARM (AArch64.S2InconsistentSL): a walk starting at level L
		 * resolves at least (3-L)*9 + 12 + 1 bits and at most 8 + 4 more
		 * (a full table, then up to 16 concatenated tables). */
		unsigned min = levels * 9 + 13, max = min + 12;

		assert_true(b >= min && b <= max);
		/* root pages cover exactly the IPA bits beyond a full table */
		assert_int_equal((uint64_t)pages * 512u << (12 + 9 * levels) >= (1ull << b), 1);
		if (b - (12 + 9 * levels) <= 9)
			assert_int_equal(pages, 1);
		else
			assert_int_equal(pages, 1u << (b - (12 + 9 * levels) - 9));
	}
	/* The cases the design names. */
	assert_int_equal(stage2_start_level(40), 1);
	assert_int_equal(stage2_root_pages(40), 2);
	assert_int_equal(stage2_start_level(39), 1);
	assert_int_equal(stage2_root_pages(39), 1);
	assert_int_equal(stage2_start_level(32), 1);
	assert_int_equal(stage2_root_pages(32), 1);
	assert_int_equal(stage2_start_level(43), 1);
	assert_int_equal(stage2_root_pages(43), 16);
	assert_int_equal(stage2_start_level(44), 0);
	assert_int_equal(stage2_root_pages(44), 1);
	assert_int_equal(stage2_start_level(48), 0);
	assert_int_equal(stage2_start_level(30), 2);
	assert_int_equal(stage2_start_level(25), 2);
	assert_int_equal(stage2_start_level(31), 1);
}

static void test_init(void **state)
{
	struct stage2 s2;

	(void)state;
	s2 = mk(40, true);
	assert_int_equal(s2.start_level, 1);
	assert_int_equal(s2.ipa_bits, 40);
	assert_int_equal(stage2_root_entries(&s2), 1024);
	assert_int_equal(s2.root_pa & 0x1fff, 0); /* 2 pages, 8 KiB aligned */
	assert_int_equal(s2.root_pa, a_v2p(&A, s2.root));
	assert_int_equal(A.multi_calls, 1);

	/* single-page roots use alloc_page */
	s2 = mk(39, true);
	assert_int_equal(A.multi_calls, 1);
	assert_int_equal(stage2_root_entries(&s2), 512);
	s2 = mk(32, true);
	assert_int_equal(stage2_root_entries(&s2), 4);
	s2 = mk(48, true);
	assert_int_equal(s2.start_level, 0);
	assert_int_equal(stage2_root_entries(&s2), 512);

	/* 16 concatenated tables, 64 KiB aligned */
	s2 = mk(43, true);
	assert_int_equal(s2.root_pa & 0xffff, 0);
	assert_int_equal(stage2_root_entries(&s2), 8192);

	/* without alloc_pages: contiguous pages from alloc_page work when the
	 * first is aligned ... */
	A.next = 64;
	s2 = mk(42, false);
	assert_int_equal(s2.root_pa & 0x7fff, 0);
	assert_int_equal(A.next, 72);
	/* ... and are refused when it is not. */
	A.next = 65;
	memset(&s2, 0, sizeof(s2));
	s2.alloc_page = a_alloc;
	s2.virt_to_phys = a_v2p;
	s2.phys_to_virt = a_p2v;
	s2.ctx = &A;
	assert_int_equal(stage2_init(&s2, 41), S2_ERR_NOMEM);
	/* bad sizes / missing callbacks */
	assert_int_equal(stage2_init(&s2, 24), S2_ERR_INVAL);
	assert_int_equal(stage2_init(&s2, 49), S2_ERR_INVAL);
	s2.phys_to_virt = NULL;
	assert_int_equal(stage2_init(&s2, 40), S2_ERR_INVAL);
}

static void test_block_1g(void **state)
{
	struct stage2 s2 = mk(40, true);
	uint64_t *root = s2.root;
	struct census c;

	(void)state;
	/* 2 GiB at IPA 1 GiB -> PA 4 GiB: two level-1 blocks, no table */
	assert_int_equal(
		stage2_map(&s2, 0x40000000, 0x100000000ull, 0x80000000, S2_ATTR_NORMAL_RWX), S2_OK);
	/* descriptor = OA | MemAttr 0xf << 2 | S2AP 3 << 6 | SH 3 << 8 | AF | block */
	assert_int_equal(root[1], 0x100000000ull | 0x3c | 0xc0 | 0x300 | 0x400 | 1);
	assert_int_equal(root[2], 0x140000000ull | 0x7fd);
	assert_int_equal(root[0], 0);
	assert_int_equal(root[3], 0);
	c = census(&s2);
	assert_int_equal(c.leaves[1], 2);
	assert_int_equal(c.tables, 0);
	expect(&s2, 0x40000000, 0x100000000ull, S2_ATTR_NORMAL_RWX, 1);
	expect(&s2, 0x7fffffff, 0x13fffffffull, S2_ATTR_NORMAL_RWX, 1);
	expect(&s2, 0x9abcdef0, 0x15abcdef0ull, S2_ATTR_NORMAL_RWX, 1);
	expect_unmapped(&s2, 0x3fffffff);
	expect_unmapped(&s2, 0xc0000000);
	/* second root page (concatenated): IPA 512 GiB + 1 GiB */
	assert_int_equal(
		stage2_map(&s2, 0x8040000000ull, 0x40000000, 0x40000000, S2_ATTR_NORMAL_RW), S2_OK);
	assert_int_equal(root[513], 0x40000000ull | S2_ATTR_NORMAL_RW | 1);
	expect(&s2, 0x8040001234ull, 0x40001234, S2_ATTR_NORMAL_RW, 1);
	expect_unmapped(&s2, 0x40000000 + (1ull << 39) - 0x40000000);
}

static void test_block_2m_and_pages(void **state)
{
	struct stage2 s2 = mk(39, true);
	struct census c;
	uint64_t a;

	(void)state;
	/* 2 MiB aligned, 6 MiB: three level-2 blocks under one table */
	assert_int_equal(stage2_map(&s2, 0x40200000, 0x80200000, 0x600000, S2_ATTR_NORMAL_RW),
			 S2_OK);
	c = census(&s2);
	assert_int_equal(c.leaves[2], 3);
	assert_int_equal(c.leaves[3], 0);
	assert_int_equal(c.tables, 1);
	for (a = 0x40200000; a < 0x40800000; a += 0x100000)
		expect(&s2, a + 0x10, a + 0x40000010, S2_ATTR_NORMAL_RW, 2);
	expect_unmapped(&s2, 0x401fffff);
	expect_unmapped(&s2, 0x40800000);

	/* 4 KiB aligned only: pages */
	assert_int_equal(stage2_map(&s2, 0x1000, 0x9000000, 0x3000, S2_ATTR_DEVICE_RW), S2_OK);
	c = census(&s2);
	assert_int_equal(c.leaves[3], 3);
	expect(&s2, 0x1000, 0x9000000, S2_ATTR_DEVICE_RW, 3);
	expect(&s2, 0x3fff, 0x9002fff, S2_ATTR_DEVICE_RW, 3);
	expect_unmapped(&s2, 0x0fff);
	expect_unmapped(&s2, 0x4000);
}

static void test_mixed_alignment(void **state)
{
	struct stage2 s2 = mk(40, true);
	struct census c;
	/* [1 GiB - 2 MiB - 8 KiB, 2 GiB + 2 MiB + 12 KiB): pages, a 2 MiB block,
	 * a 1 GiB block, a 2 MiB block, pages; PA = IPA + 16 GiB keeps every
	 * alignment. */
	uint64_t ipa = 0x40000000 - 0x200000 - 0x2000;
	uint64_t end = 0x80000000 + 0x200000 + 0x3000;
	uint64_t delta = 0x400000000ull, a;

	(void)state;
	assert_int_equal(stage2_map(&s2, ipa, ipa + delta, end - ipa, S2_ATTR_NORMAL_RWX), S2_OK);
	c = census(&s2);
	assert_int_equal(c.leaves[1], 1);
	assert_int_equal(c.leaves[2], 2);
	assert_int_equal(c.leaves[3], 5);
	assert_int_equal(c.mapped, end - ipa);
	for (a = ipa; a < end; a += 0x1000) {
		unsigned want =
			(a >= 0x40000000 && a < 0x80000000) ? 1
			: (a >= 0x3fe00000 && a < 0x40000000) || (a >= 0x80000000 && a < 0x80200000)
				? 2
				: 3;
		uint64_t pa;
		unsigned level;

		assert_int_equal(stage2_lookup(&s2, a + 0x7f8, &pa, NULL, &level), S2_OK);
		assert_int_equal(pa, a + 0x7f8 + delta);
		if (level != want)
			fail_msg("ipa 0x%llx level %u want %u", (unsigned long long)a, level, want);
	}
	expect_unmapped(&s2, ipa - 1);
	expect_unmapped(&s2, end);

	/* IPA 1 GiB aligned but PA only 2 MiB aligned: no 1 GiB block */
	s2 = mk(40, true);
	assert_int_equal(stage2_map(&s2, 0x40000000, 0x200000, 0x40000000, S2_ATTR_NORMAL_RW),
			 S2_OK);
	c = census(&s2);
	assert_int_equal(c.leaves[1], 0);
	assert_int_equal(c.leaves[2], 512);
	expect(&s2, 0x7fffffff, 0x401fffff, S2_ATTR_NORMAL_RW, 2);
	/* PA only 4 KiB aligned: all pages */
	s2 = mk(40, true);
	assert_int_equal(stage2_map(&s2, 0x200000, 0x1000, 0x400000, S2_ATTR_NORMAL_RW), S2_OK);
	c = census(&s2);
	assert_int_equal(c.leaves[2], 0);
	assert_int_equal(c.leaves[3], 1024);
}

static void test_attributes(void **state)
{
	struct stage2 s2 = mk(36, true);
	static const struct {
		uint64_t attrs, bits;
	} cases[] = {
		/* MemAttr | S2AP | SH | AF | XN (bit 54) */
		{S2_ATTR_NORMAL_RWX, (0xfull << 2) | (3ull << 6) | (3ull << 8) | (1ull << 10)},
		{S2_ATTR_NORMAL_RW,
		 (0xfull << 2) | (3ull << 6) | (3ull << 8) | (1ull << 10) | (1ull << 54)},
		{S2_ATTR_NORMAL_RX, (0xfull << 2) | (1ull << 6) | (3ull << 8) | (1ull << 10)},
		{S2_ATTR_RO,
		 (0xfull << 2) | (1ull << 6) | (3ull << 8) | (1ull << 10) | (1ull << 54)},
		{S2_ATTR_DEVICE_RW, (0x1ull << 2) | (3ull << 6) | (1ull << 10) | (1ull << 54)},
		{S2_ATTR_DEVICE_RO, (0x1ull << 2) | (1ull << 6) | (1ull << 10) | (1ull << 54)},
		{S2_MEMATTR_NORMAL_NC | S2_AP_WO | S2_AF,
		 (0x5ull << 2) | (2ull << 6) | (1ull << 10)},
		{S2_MEMATTR_DEVICE_nGnRnE | S2_AP_NONE, 0},
		{S2_MEMATTR_NORMAL_WT | S2_AP_RW | S2_SH_OUTER,
		 (0xaull << 2) | (3ull << 6) | (2ull << 8)},
	};
	size_t i;

	(void)state;
	assert_int_equal(S2_AP_RO >> 6, 1);
	assert_int_equal(S2_AP_WO >> 6, 2);
	assert_int_equal(S2_AP_RW >> 6, 3);
	assert_int_equal(S2_MEMATTR_NORMAL_WB >> 2, 0xf);
	assert_int_equal(S2_MEMATTR_DEVICE_nGnRE >> 2, 0x1);
	assert_int_equal(S2_SH_INNER >> 8, 3);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t ipa = 0x100000 + i * 0x1000, pa = 0x8000000 + i * 0x1000;
		uint64_t *l2, *l3;

		assert_int_equal(cases[i].attrs, cases[i].bits);
		assert_int_equal(stage2_map(&s2, ipa, pa, 0x1000, cases[i].attrs), S2_OK);
		expect(&s2, ipa, pa, cases[i].bits, 3);
		/* the raw page descriptor */
		l2 = (uint64_t *)a_p2v(&A, s2.root[0] & S2_DESC_ADDR_MASK);
		l3 = (uint64_t *)a_p2v(&A, l2[0] & S2_DESC_ADDR_MASK);
		assert_int_equal(l3[ipa >> 12 & 511], pa | cases[i].bits | 3);
	}
	/* attrs outside the mask are refused */
	assert_int_equal(stage2_map(&s2, 0, 0, 0x1000, S2_ATTR_NORMAL_RW | 1), S2_ERR_INVAL);
	assert_int_equal(stage2_map(&s2, 0, 0, 0x1000, S2_ATTR_NORMAL_RW | (1ull << 12)),
			 S2_ERR_INVAL);
	assert_int_equal(stage2_map(&s2, 0, 0, 0x1000, S2_ATTR_NORMAL_RW | (1ull << 52)),
			 S2_ERR_INVAL);
}

static void test_unmap_and_split(void **state)
{
	struct stage2 s2 = mk(40, true);
	struct census c;
	uint64_t a;

	(void)state;
	assert_int_equal(stage2_map(&s2, 0x40000000, 0x40000000, 0x80000000, S2_ATTR_NORMAL_RW),
			 S2_OK);
	/* unmap one page in the middle of the first 1 GiB block: split to 2 MiB
	 * blocks, then that 2 MiB block to pages */
	assert_int_equal(stage2_unmap(&s2, 0x40401000, 0x1000), S2_OK);
	c = census(&s2);
	assert_int_equal(c.leaves[1], 1);
	assert_int_equal(c.leaves[2], 511);
	assert_int_equal(c.leaves[3], 511);
	assert_int_equal(c.mapped, 0x80000000 - 0x1000);
	expect_unmapped(&s2, 0x40401000);
	expect_unmapped(&s2, 0x40401fff);
	expect(&s2, 0x40400fff, 0x40400fff, S2_ATTR_NORMAL_RW, 3);
	expect(&s2, 0x40402000, 0x40402000, S2_ATTR_NORMAL_RW, 3);
	expect(&s2, 0x40600000, 0x40600000, S2_ATTR_NORMAL_RW, 2);
	expect(&s2, 0x40000000, 0x40000000, S2_ATTR_NORMAL_RW, 2);
	expect(&s2, 0x80000000, 0x80000000, S2_ATTR_NORMAL_RW, 1);

	/* unmap a whole 1 GiB block */
	assert_int_equal(stage2_unmap(&s2, 0x80000000, 0x40000000), S2_OK);
	expect_unmapped(&s2, 0x80000000);
	expect_unmapped(&s2, 0xbfffffff);
	/* unmap across a 2 MiB boundary inside the split region */
	assert_int_equal(stage2_unmap(&s2, 0x401ff000, 0x2000), S2_OK);
	expect_unmapped(&s2, 0x401ff000);
	expect_unmapped(&s2, 0x40200000);
	expect(&s2, 0x401fe000, 0x401fe000, S2_ATTR_NORMAL_RW, 3);
	expect(&s2, 0x40201000, 0x40201000, S2_ATTR_NORMAL_RW, 3);
	/* unmapping nothing is fine */
	assert_int_equal(stage2_unmap(&s2, 0x100000000ull, 0x40000000), S2_OK);
	/* everything else is still there */
	for (a = 0x40000000; a < 0x80000000; a += 0x1000) {
		bool hole = a == 0x40401000 || a == 0x401ff000 || a == 0x40200000;

		if (hole)
			expect_unmapped(&s2, a);
		else
			expect(&s2, a, a, S2_ATTR_NORMAL_RW,
			       (a >> 21) == (0x40400000 >> 21) || (a >> 21) == (0x401ff000 >> 21) ||
					       (a >> 21) == (0x40200000 >> 21)
				       ? 3
				       : 2);
	}
	/* unmap all, then remap with blocks into the kept tables */
	assert_int_equal(stage2_unmap(&s2, 0, 1ull << 40), S2_OK);
	c = census(&s2);
	assert_int_equal(c.mapped, 0);
	assert_int_equal(stage2_map(&s2, 0x40000000, 0x40000000, 0x40000000, S2_ATTR_NORMAL_RW),
			 S2_OK);
	/* the tables kept under IPA 1 GiB are reused: 2 MiB blocks where the
	 * level-2 table had blocks, pages in the three split 2 MiB slots */
	c = census(&s2);
	assert_int_equal(c.leaves[1], 0);
	assert_int_equal(c.leaves[2], 509);
	assert_int_equal(c.leaves[3], 3 * 512);
	assert_int_equal(c.mapped, 0x40000000);
	expect(&s2, 0x7fffffff, 0x7fffffff, S2_ATTR_NORMAL_RW, 2);
	expect(&s2, 0x40401000, 0x40401000, S2_ATTR_NORMAL_RW, 3);
}

static void test_remap(void **state)
{
	struct stage2 s2 = mk(39, true);

	(void)state;
	assert_int_equal(stage2_map(&s2, 0, 0x40000000, 0x40000000, S2_ATTR_NORMAL_RWX), S2_OK);
	/* replace one page with a device page: the block is split twice */
	assert_int_equal(stage2_map(&s2, 0x9000000, 0x9000000, 0x1000, S2_ATTR_DEVICE_RW), S2_OK);
	expect(&s2, 0x9000000, 0x9000000, S2_ATTR_DEVICE_RW, 3);
	expect(&s2, 0x9001000, 0x49001000, S2_ATTR_NORMAL_RWX, 3);
	expect(&s2, 0x8fff000, 0x48fff000, S2_ATTR_NORMAL_RWX, 2); /* other 2 MiB block */
	expect(&s2, 0x9000fff, 0x9000fff, S2_ATTR_DEVICE_RW, 3);
	expect(&s2, 0x91ff000, 0x491ff000, S2_ATTR_NORMAL_RWX, 3);
	expect(&s2, 0x9200000, 0x49200000, S2_ATTR_NORMAL_RWX, 2);
	expect(&s2, 0, 0x40000000, S2_ATTR_NORMAL_RWX, 2);
	/* a whole 2 MiB block replaced by another block */
	assert_int_equal(stage2_map(&s2, 0x200000, 0x1200000, 0x200000, S2_ATTR_RO), S2_OK);
	expect(&s2, 0x3fffff, 0x13fffff, S2_ATTR_RO, 2);
	expect(&s2, 0x400000, 0x40400000, S2_ATTR_NORMAL_RWX, 2);
}

static void test_errors(void **state)
{
	struct stage2 s2 = mk(40, true);
	uint64_t pa;

	(void)state;
	assert_int_equal(stage2_map(&s2, 0x1001, 0, 0x1000, S2_ATTR_NORMAL_RW), S2_ERR_INVAL);
	assert_int_equal(stage2_map(&s2, 0x1000, 0x10, 0x1000, S2_ATTR_NORMAL_RW), S2_ERR_INVAL);
	assert_int_equal(stage2_map(&s2, 0x1000, 0, 0x1800, S2_ATTR_NORMAL_RW), S2_ERR_INVAL);
	assert_int_equal(stage2_map(&s2, 0x1000, 0, 0, S2_ATTR_NORMAL_RW), S2_ERR_INVAL);
	/* beyond the 40-bit IPA space, and wrapping */
	assert_int_equal(stage2_map(&s2, 1ull << 40, 0, 0x1000, S2_ATTR_NORMAL_RW), S2_ERR_INVAL);
	assert_int_equal(stage2_map(&s2, (1ull << 40) - 0x1000, 0, 0x2000, S2_ATTR_NORMAL_RW),
			 S2_ERR_INVAL);
	assert_int_equal(stage2_map(&s2, 0x1000, 0, ~0xfffull, S2_ATTR_NORMAL_RW), S2_ERR_INVAL);
	/* beyond 48-bit PA */
	assert_int_equal(stage2_map(&s2, 0, 1ull << 48, 0x1000, S2_ATTR_NORMAL_RW), S2_ERR_INVAL);
	assert_int_equal(stage2_map(&s2, 0, (1ull << 48) - 0x1000, 0x2000, S2_ATTR_NORMAL_RW),
			 S2_ERR_INVAL);
	/* the last page of both is fine */
	assert_int_equal(stage2_map(&s2, (1ull << 40) - 0x1000, (1ull << 48) - 0x1000, 0x1000,
				    S2_ATTR_NORMAL_RW),
			 S2_OK);
	expect(&s2, (1ull << 40) - 1, (1ull << 48) - 1, S2_ATTR_NORMAL_RW, 3);
	assert_int_equal(stage2_unmap(&s2, 0x800, 0x1000), S2_ERR_INVAL);
	assert_int_equal(stage2_unmap(&s2, 0, 0), S2_ERR_INVAL);
	assert_int_equal(stage2_unmap(&s2, 1ull << 40, 0x1000), S2_ERR_INVAL);
	/* lookups outside the IPA space or of nothing */
	assert_int_equal(stage2_lookup(&s2, 1ull << 40, &pa, NULL, NULL), S2_ERR_NOENT);
	assert_int_equal(stage2_lookup(&s2, ~0ull, &pa, NULL, NULL), S2_ERR_NOENT);
	expect_unmapped(&s2, 0);
	expect_unmapped(&s2, 0x123456789ull);
	/* nothing was mapped by the failed calls */
	{
		struct census c = census(&s2);

		assert_int_equal(c.mapped, 0x1000);
	}
	/* a stage2 that was never initialised */
	{
		struct stage2 z;

		memset(&z, 0, sizeof(z));
		assert_int_equal(stage2_map(&z, 0, 0, 0x1000, S2_ATTR_NORMAL_RW), S2_ERR_INVAL);
		assert_int_equal(stage2_lookup(&z, 0, &pa, NULL, NULL), S2_ERR_NOENT);
	}
}

static void test_out_of_memory(void **state)
{
	struct stage2 s2;

	(void)state;
	/* init with no page at all */
	A.limit = 0;
	memset(&s2, 0, sizeof(s2));
	s2.alloc_page = a_alloc;
	s2.alloc_pages = a_alloc_pages;
	s2.virt_to_phys = a_v2p;
	s2.phys_to_virt = a_p2v;
	s2.ctx = &A;
	assert_int_equal(stage2_init(&s2, 39), S2_ERR_NOMEM);
	assert_int_equal(stage2_init(&s2, 40), S2_ERR_NOMEM);
	/* root only: a page mapping needs two more tables (level 2, level 3) */
	A.limit = A.next + 1;
	assert_int_equal(stage2_init(&s2, 39), S2_OK);
	assert_int_equal(stage2_map(&s2, 0x1000, 0x1000, 0x1000, S2_ATTR_NORMAL_RW), S2_ERR_NOMEM);
	expect_unmapped(&s2, 0x1000);
	/* a 1 GiB block needs no table */
	assert_int_equal(stage2_map(&s2, 0x40000000, 0x40000000, 0x40000000, S2_ATTR_NORMAL_RW),
			 S2_OK);
	/* splitting it for an unmap needs a page */
	assert_int_equal(stage2_unmap(&s2, 0x40000000, 0x200000), S2_ERR_NOMEM);
	expect(&s2, 0x40000000, 0x40000000, S2_ATTR_NORMAL_RW, 1);
	/* with one more page the unmap works (split to 2 MiB blocks only) */
	A.limit++;
	assert_int_equal(stage2_unmap(&s2, 0x40000000, 0x200000), S2_OK);
	expect_unmapped(&s2, 0x40000000);
	expect(&s2, 0x40200000, 0x40200000, S2_ATTR_NORMAL_RW, 2);
	/* one page: the level-2 table is allocated, the level-3 one is not;
	 * the partial work is kept and one more page completes the same map */
	A.limit++;
	assert_int_equal(stage2_map(&s2, 0x1000, 0x1000, 0x1000, S2_ATTR_NORMAL_RW), S2_ERR_NOMEM);
	expect_unmapped(&s2, 0x1000);
	assert_int_equal(census(&s2).tables, 2); /* the split one and the new level 2 */
	A.limit++;
	assert_int_equal(stage2_map(&s2, 0x1000, 0x1000, 0x1000, S2_ATTR_NORMAL_RW), S2_OK);
	assert_int_equal(A.next, A.limit);
	expect(&s2, 0x1000, 0x1000, S2_ATTR_NORMAL_RW, 3);
}

static void test_vtcr(void **state)
{
	unsigned ipa, pr;

	(void)state;
	/* Hand-assembled: T0SZ | SL0 << 6 | IRGN0 1 << 8 | ORGN0 1 << 10 |
	 * SH0 3 << 12 | TG0 0 << 14 | PS << 16 | RES1 bit 31 */
	assert_int_equal(stage2_vtcr(40, 2), 0x80023558u); /* 24 | 1<<6 | 0x3500 | 2<<16 */
	assert_int_equal(stage2_vtcr(40, 5), 0x80053558u);
	assert_int_equal(stage2_vtcr(48, 5), 0x80053590u); /* 16 | 2<<6 */
	assert_int_equal(stage2_vtcr(48, 6), 0x80053590u); /* PS capped at 48 bits */
	assert_int_equal(stage2_vtcr(44, 4), 0x80043594u); /* 20 | 2<<6 | 4<<16 */
	assert_int_equal(stage2_vtcr(39, 2), 0x80023559u); /* 25 | 1<<6 */
	assert_int_equal(stage2_vtcr(32, 0), 0x80003560u); /* 32 | 1<<6 | PS 0 */
	assert_int_equal(stage2_vtcr(36, 1), 0x8001355cu); /* 28 | 1<<6 | 1<<16 */
	assert_int_equal(stage2_vtcr(30, 5), 0x80053522u); /* 34 | 0<<6 */
	assert_int_equal(stage2_vtcr(42, 3), 0x80033556u); /* 22 | 1<<6 | 3<<16 */
	assert_int_equal(stage2_vtcr(43, 4), 0x80043555u); /* 21 | 1<<6 | 4<<16 */
	assert_int_equal(stage2_vtcr(43, 3), 0);	   /* 43 > 42 bits */
	/* other ID_AA64MMFR0_EL1 fields are ignored */
	assert_int_equal(stage2_vtcr(40, 0xfffffffffffffff2ull), 0x80023558u);
	/* IPA larger than the PA range, or unsupported */
	assert_int_equal(stage2_vtcr(39, 1), 0);
	assert_int_equal(stage2_vtcr(33, 0), 0);
	assert_int_equal(stage2_vtcr(48, 4), 0);
	assert_int_equal(stage2_vtcr(24, 5), 0);
	assert_int_equal(stage2_vtcr(49, 6), 0);

	/* Every supported pair is consistent with the ARM ARM rules. */
	for (pr = 0; pr <= 6; pr++) {
		static const unsigned bits[] = {32, 36, 40, 42, 44, 48, 52};

		for (ipa = 25; ipa <= 48; ipa++) {
			uint64_t v = stage2_vtcr(ipa, pr);
			unsigned sl0, level, min;

			if (ipa > bits[pr]) {
				assert_int_equal(v, 0);
				continue;
			}
			assert_int_equal(v >> 31 & 1, 1);
			assert_int_equal(v & 0x3f, 64 - ipa);
			assert_int_equal(v >> 8 & 3, 1);
			assert_int_equal(v >> 10 & 3, 1);
			assert_int_equal(v >> 12 & 3, 3);
			assert_int_equal(v >> 14 & 3, 0);
			assert_int_equal(v >> 16 & 7, pr > 5 ? 5 : pr);
			assert_int_equal(v & ~0x8007ffffull, 0);
			sl0 = (unsigned)(v >> 6 & 3);
			assert_true(sl0 <= 2);
			level = 2 - sl0;
			assert_int_equal(level, (unsigned)stage2_start_level(ipa));
			min = (3 - level) * 9 + 13;
			assert_true(ipa >= min && ipa <= min + 12);
			/* starting at level 0 needs PAMax >= 44 bits */
			if (level == 0)
				assert_true(bits[pr] >= 44);
		}
	}
}

static void test_vttbr(void **state)
{
	struct stage2 s2 = mk(40, true);

	(void)state;
	assert_int_equal(stage2_vttbr(&s2, 0), s2.root_pa);
	assert_int_equal(stage2_vttbr(&s2, 0x1234), (0x1234ull << 48) | s2.root_pa);
	assert_int_equal(stage2_vttbr(&s2, 0xffff) >> 48, 0xffff);
	assert_int_equal(stage2_vttbr(&s2, 0xffff) & 0xffffffffffffull, s2.root_pa);
	assert_int_equal(s2.root_pa & 1, 0); /* CnP 0 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_start_levels),
		cmocka_unit_test_setup_teardown(test_init, setup, teardown),
		cmocka_unit_test_setup_teardown(test_block_1g, setup, teardown),
		cmocka_unit_test_setup_teardown(test_block_2m_and_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mixed_alignment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attributes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unmap_and_split, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_memory, setup, teardown),
		cmocka_unit_test(test_vtcr),
		cmocka_unit_test_setup_teardown(test_vttbr, setup, teardown),
	};

	return cmocka_run_group_tests_name("vcpu_stage2", tests, NULL, NULL);
}
