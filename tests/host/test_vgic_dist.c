/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the emulated GICv2 distributor (include/vgic):
 * every register at every access width, banking per vCPU, SGIs.
 */
#include <stdio.h>

#include "vgic_test.h"

#define FRAME 0x1000u

/* The whole frame as vCPU `vcpu` reads it with word accesses. */
static void snapshot(unsigned int vcpu, uint32_t *out)
{
	uint32_t off;

	for (off = 0; off < FRAME; off += 4)
		vgic_dist_mmio_read(&vm, vcpu, off, 4, &out[off / 4]);
}

struct reg_case {
	const char *name;
	uint32_t offset;     /* a word of the register */
	unsigned int widths; /* allowed, bytes OR-ed */
};

static const struct reg_case regs[] = {
	{"CTLR", GICD_CTLR_OFFSET, 4},
	{"TYPER", GICD_TYPER_OFFSET, 4},
	{"IIDR", GICD_IIDR_OFFSET, 4},
	{"IGROUPR<n>", GICD_IGROUPR_OFFSET(1), 4},
	{"ISENABLER<n>", GICD_ISENABLER_OFFSET(1), 4},
	{"ICENABLER<n>", GICD_ICENABLER_OFFSET(1), 4},
	{"ISPENDR<n>", GICD_ISPENDR_OFFSET(1), 4},
	{"ICPENDR<n>", GICD_ICPENDR_OFFSET(1), 4},
	{"ISACTIVER<n>", GICD_ISACTIVER_OFFSET(1), 4},
	{"ICACTIVER<n>", GICD_ICACTIVER_OFFSET(1), 4},
	{"IPRIORITYR<n>", GICD_IPRIORITYR_OFFSET(8), 1 | 4},
	{"ITARGETSR<n>", GICD_ITARGETSR_OFFSET(8), 1 | 4},
	{"ITARGETSR<n>", GICD_ITARGETSR_OFFSET(0), 1 | 4},
	{"ICFGR<n>", GICD_ICFGR_OFFSET(2), 4},
	{"NSACR<n>", GICD_NSACR_OFFSET(2), 4},
	{"SGIR", GICD_SGIR_OFFSET, 4},
	{"CPENDSGIR<n>", GICD_CPENDSGIR_OFFSET(1), 1 | 4},
	{"SPENDSGIR<n>", GICD_SPENDSGIR_OFFSET(1), 1 | 4},
	{"PIDR2", GICD_PIDR2_OFFSET, 4},
	{"CIDR<n>", GICD_CIDR_OFFSET(1), 4},
};

/*
 * The widths above (IHI 0048B 4.1.4: byte access for IPRIORITYR,
 * ITARGETSR, CPENDSGIR and SPENDSGIR, word access for every register), that
 * the emulation is held to, are those of the spec: each register's
 * access_widths in regs/gicd.yaml, as the generated header gives them.
 */
static unsigned int spec_widths(const char *name)
{
#define W(reg)                                                                                     \
	{#reg, GICD_##reg##_ACCESS_WIDTHS},                                                        \
	{                                                                                          \
#reg "<n>", GICD_##reg##_ACCESS_WIDTHS                                             \
	}
	static const struct {
		const char *name;
		unsigned int widths;
	} spec[] = {
		W(CTLR),       W(TYPER),     W(IIDR),	 W(IGROUPR),   W(ISENABLER),
		W(ICENABLER),  W(ISPENDR),   W(ICPENDR), W(ISACTIVER), W(ICACTIVER),
		W(IPRIORITYR), W(ITARGETSR), W(ICFGR),	 W(NSACR),     W(SGIR),
		W(CPENDSGIR),  W(SPENDSGIR), W(PIDR2),	 W(CIDR),
	};
#undef W
	unsigned int i;

	for (i = 0; i < sizeof(spec) / sizeof(spec[0]); i++)
		if (!strcmp(spec[i].name, name))
			return spec[i].widths;
	fail_msg("no GICD_*_ACCESS_WIDTHS for %s", name);
	return 0;
}

static void test_widths_match_spec(void **state)
{
	unsigned int r;

	(void)state;
	for (r = 0; r < sizeof(regs) / sizeof(regs[0]); r++) {
		assert_int_equal(regs[r].widths, spec_widths(regs[r].name));
	}
}

/*
 * For every register and every width 1, 2, 4, 8 at every alignment inside
 * the word: allowed accesses are not counted as bad; others read as zero,
 * are counted and logged, and a write of all ones changes nothing anywhere.
 */
static void test_access_widths_every_register(void **state)
{
	static uint32_t before[FRAME / 4], after[FRAME / 4];
	static const unsigned int sizes[] = {1, 2, 4, 8};
	unsigned int r, s, b;

	(void)state;
	setup_vm(2, 96, 4);
	/* Some state, so that a stray write would show. */
	wr(0, GICD_CTLR_OFFSET, 4, 1);
	wr(0, GICD_ISENABLER_OFFSET(1), 4, 0x00ff00ff);
	wr(0, GICD_IPRIORITYR_OFFSET(8), 4, 0x80808080);
	wr(0, GICD_ITARGETSR_OFFSET(8), 4, 0x01010101);
	wr(0, GICD_SPENDSGIR_OFFSET(1), 4, 0x01000100);
	for (r = 0; r < sizeof(regs) / sizeof(regs[0]); r++) {
		for (s = 0; s < 4; s++) {
			unsigned int size = sizes[s];

			for (b = 0; b < 4; b += size < 4 ? size : 4) {
				uint32_t off = regs[r].offset + b, v = 0x5a5a5a5a;
				uint32_t bad = vm.stats.bad_access, logs = host.nlog;
				bool allowed = (regs[r].widths & size) && off % size == 0;

				assert_int_equal(vgic_dist_mmio_read(&vm, 0, off, size, &v), 0);
				if (allowed) {
					assert_int_equal(vm.stats.bad_access, bad);
					continue;
				}
				assert_int_equal(v, 0);
				assert_int_equal(vm.stats.bad_access, bad + 1);
				assert_int_equal(host.nlog, logs + 1);
				snapshot(0, before);
				assert_int_equal(
					vgic_dist_mmio_write(&vm, 0, off, size, 0xffffffff), 0);
				assert_int_equal(vm.stats.bad_access, bad + 2);
				snapshot(0, after);
				assert_memory_equal(before, after, sizeof(before));
				snapshot(1, after); /* no SGI sent, no bank touched */
				assert_int_equal(after[GICD_SPENDSGIR_OFFSET(1) / 4], 0);
			}
		}
	}
	/* Misaligned words, beyond the frame. */
	snapshot(0, before);
	wr(0, GICD_ISENABLER_OFFSET(1) + 1, 4, 0xffffffff);
	wr(0, GICD_IPRIORITYR_OFFSET(8) + 2, 4, 0);
	wr(0, FRAME, 4, 0xffffffff);
	wr(0, 0xfffffffc, 4, 0xffffffff);
	snapshot(0, after);
	assert_memory_equal(before, after, sizeof(before));
	assert_int_equal(rd(0, FRAME, 4), 0);
}

/* Reserved offsets are RAZ/WI at any legal width, counted apart from bad widths. */
static void test_reserved_offsets_raz_wi(void **state)
{
	static uint32_t before[FRAME / 4], after[FRAME / 4];
	static const uint32_t reserved[] = {0x00c, 0x010, 0x040, 0x07c, 0xf04, 0xf0c,
					    0xf30, 0xf7c, 0xfcc, 0xd00, 0xf80};
	unsigned int i;

	(void)state;
	setup_vm(2, 64, 4);
	wr(0, GICD_CTLR_OFFSET, 4, 3);
	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		uint32_t res, bad;

		snapshot(0, before);
		res = vm.stats.reserved;
		bad = vm.stats.bad_access;
		assert_int_equal(rd(0, reserved[i], 4), 0);
		assert_int_equal(rd(0, reserved[i], 1), 0);
		wr(0, reserved[i], 4, 0xffffffff);
		assert_int_equal(vm.stats.reserved, res + 3);
		assert_int_equal(vm.stats.bad_access, bad);
		snapshot(0, after);
		assert_memory_equal(before, after, sizeof(before));
	}
}

static void test_typer(void **state)
{
	(void)state;
	setup_vm(4, 128, 4);
	assert_int_equal(rd(0, GICD_TYPER_OFFSET, 4), 3u | (3u << 5));
	wr(0, GICD_TYPER_OFFSET, 4, 0xffffffff); /* read-only */
	assert_int_equal(rd(3, GICD_TYPER_OFFSET, 4), 3u | (3u << 5));
	setup_vm(1, 256, 4);
	assert_int_equal(rd(0, GICD_TYPER_OFFSET, 4), 7u);
	setup_vm(8, 32, 4);
	assert_int_equal(rd(7, GICD_TYPER_OFFSET, 4), 7u << 5);
}

static void test_ctlr(void **state)
{
	(void)state;
	setup_vm(2, 64, 4);
	assert_int_equal(rd(0, GICD_CTLR_OFFSET, 4), 0);
	wr(1, GICD_CTLR_OFFSET, 4, 0xffffffff);
	assert_int_equal(rd(0, GICD_CTLR_OFFSET, 4), 3);
	wr(0, GICD_CTLR_OFFSET, 4, 2);
	assert_int_equal(rd(1, GICD_CTLR_OFFSET, 4), 2);
}

static void test_identification(void **state)
{
	(void)state;
	setup_vm(2, 64, 4);
	assert_int_equal(gicd_pidr2_archrev_get(rd(0, GICD_PIDR2_OFFSET, 4)),
			 GICD_PIDR2_ARCHREV_GICV2);
	assert_int_equal(rd(0, GICD_CIDR_OFFSET(0), 4), 0x0d);
	assert_int_equal(rd(0, GICD_CIDR_OFFSET(1), 4), 0xf0);
	assert_int_equal(rd(0, GICD_CIDR_OFFSET(2), 4), 0x05);
	assert_int_equal(rd(0, GICD_CIDR_OFFSET(3), 4), 0xb1);
	assert_int_equal(rd(0, GICD_PIDR4_OFFSET, 4), 0x04);
	assert_int_equal(rd(0, GICD_PIDR0_OFFSET, 4), 0x90);
	assert_int_equal(gicd_iidr_implementer_get(rd(0, GICD_IIDR_OFFSET, 4)), 0x43b);
	wr(0, GICD_PIDR2_OFFSET, 4, 0);
	assert_int_equal(gicd_pidr2_archrev_get(rd(1, GICD_PIDR2_OFFSET, 4)), 2);
}

/* ITARGETSR0-7 are read-only and return the reading vCPU's own bit. */
static void test_itargetsr_private_read_only(void **state)
{
	unsigned int n, v;

	(void)state;
	setup_vm(4, 64, 4);
	for (v = 0; v < 4; v++) {
		uint32_t own = 0x01010101u << v;

		for (n = 0; n < 8; n++) {
			wr(v, GICD_ITARGETSR_OFFSET(n), 4, 0xffffffff);
			wr(v, GICD_ITARGETSR_OFFSET(n) + 3, 1, 0x0f);
			assert_int_equal(rd(v, GICD_ITARGETSR_OFFSET(n), 4), own);
			assert_int_equal(rd(v, GICD_ITARGETSR_OFFSET(n) + 1, 1), 1u << v);
		}
	}
	assert_int_equal(vm.stats.bad_access, 0);
}

static void test_itargetsr_spi(void **state)
{
	(void)state;
	setup_vm(2, 64, 4);
	wr(0, GICD_ITARGETSR_OFFSET(8), 4, 0xff030201); /* only vCPUs 0-1 exist */
	assert_int_equal(rd(1, GICD_ITARGETSR_OFFSET(8), 4), 0x03030201);
	wr(1, GICD_ITARGETSR_OFFSET(8) + 3, 1, 0x02);
	assert_int_equal(rd(0, GICD_ITARGETSR_OFFSET(8), 4), 0x02030201);
	assert_int_equal(rd(0, GICD_ITARGETSR_OFFSET(8) + 2, 1), 0x03);
}

static void test_ipriorityr_byte_and_word(void **state)
{
	(void)state;
	setup_vm(2, 64, 4);
	wr(0, GICD_IPRIORITYR_OFFSET(8) + 1, 1, 0xff); /* INTID 33 */
	assert_int_equal(rd(0, GICD_IPRIORITYR_OFFSET(8) + 1, 1), 0xf8);
	assert_int_equal(rd(1, GICD_IPRIORITYR_OFFSET(8), 4), 0xf800);
	wr(0, GICD_IPRIORITYR_OFFSET(9), 4, 0x12345678);
	assert_int_equal(rd(0, GICD_IPRIORITYR_OFFSET(9), 4), 0x10305078);
	/* SGI/PPI priorities are banked. */
	wr(0, GICD_IPRIORITYR_OFFSET(0), 1, 0x80);
	wr(1, GICD_IPRIORITYR_OFFSET(7) + 3, 1, 0x40); /* PPI 31 */
	assert_int_equal(rd(0, GICD_IPRIORITYR_OFFSET(0), 4), 0x80);
	assert_int_equal(rd(1, GICD_IPRIORITYR_OFFSET(0), 4), 0);
	assert_int_equal(rd(1, GICD_IPRIORITYR_OFFSET(7), 4), 0x40000000);
	assert_int_equal(rd(0, GICD_IPRIORITYR_OFFSET(7), 4), 0);
}

static void test_icfgr(void **state)
{
	(void)state;
	setup_vm(2, 64, 4);
	assert_int_equal(rd(0, GICD_ICFGR_OFFSET(0), 4), 0xaaaaaaaa); /* SGIs: edge */
	wr(0, GICD_ICFGR_OFFSET(0), 4, 0);
	assert_int_equal(rd(0, GICD_ICFGR_OFFSET(0), 4), 0xaaaaaaaa);
	assert_int_equal(rd(0, GICD_ICFGR_OFFSET(1), 4), 0); /* PPIs: level */
	wr(0, GICD_ICFGR_OFFSET(1), 4, 0x80000000);	     /* PPI 31 edge */
	assert_int_equal(rd(0, GICD_ICFGR_OFFSET(1), 4), 0x80000000);
	assert_int_equal(rd(1, GICD_ICFGR_OFFSET(1), 4), 0); /* banked */
	wr(1, GICD_ICFGR_OFFSET(2), 4, 0xffffffff);	     /* Int_config[0] reserved */
	assert_int_equal(rd(0, GICD_ICFGR_OFFSET(2), 4), 0xaaaaaaaa);
	wr(1, GICD_ICFGR_OFFSET(2), 4, 0x00000008);
	assert_int_equal(rd(0, GICD_ICFGR_OFFSET(2), 4), 0x8);
}

static void test_igroupr(void **state)
{
	(void)state;
	setup_vm(2, 64, 4);
	wr(0, GICD_IGROUPR_OFFSET(1), 4, 0x80000001);
	assert_int_equal(rd(1, GICD_IGROUPR_OFFSET(1), 4), 0x80000001);
	wr(1, GICD_IGROUPR_OFFSET(0), 4, 0x08000002);
	assert_int_equal(rd(1, GICD_IGROUPR_OFFSET(0), 4), 0x08000002);
	assert_int_equal(rd(0, GICD_IGROUPR_OFFSET(0), 4), 0);
}

static void test_enable_banked_per_vcpu(void **state)
{
	(void)state;
	setup_vm(2, 64, 4);
	/* SGIs are permanently enabled. */
	assert_int_equal(rd(0, GICD_ISENABLER_OFFSET(0), 4), 0x0000ffff);
	wr(0, GICD_ISENABLER_OFFSET(0), 4, 1u << 27);
	assert_int_equal(rd(0, GICD_ISENABLER_OFFSET(0), 4), 0x0800ffff);
	assert_int_equal(rd(0, GICD_ICENABLER_OFFSET(0), 4), 0x0800ffff);
	assert_int_equal(rd(1, GICD_ISENABLER_OFFSET(0), 4), 0x0000ffff);
	wr(0, GICD_ICENABLER_OFFSET(0), 4, 0xffffffff);
	assert_int_equal(rd(0, GICD_ISENABLER_OFFSET(0), 4), 0x0000ffff);
	/* SPIs are shared. */
	wr(1, GICD_ISENABLER_OFFSET(1), 4, 0x00010002);
	assert_int_equal(rd(0, GICD_ISENABLER_OFFSET(1), 4), 0x00010002);
	wr(0, GICD_ICENABLER_OFFSET(1), 4, 0x2);
	assert_int_equal(rd(1, GICD_ISENABLER_OFFSET(1), 4), 0x00010000);
	wr(0, GICD_ISENABLER_OFFSET(1), 4, 0); /* writing 0 does nothing */
	assert_int_equal(rd(1, GICD_ISENABLER_OFFSET(1), 4), 0x00010000);
}

static void test_pending_and_active(void **state)
{
	(void)state;
	setup_vm(2, 64, 4);
	wr(0, GICD_ISPENDR_OFFSET(1), 4, 0x3); /* SPIs 32, 33 */
	assert_int_equal(rd(1, GICD_ISPENDR_OFFSET(1), 4), 0x3);
	assert_int_equal(rd(1, GICD_ICPENDR_OFFSET(1), 4), 0x3);
	wr(1, GICD_ICPENDR_OFFSET(1), 4, 0x1);
	assert_int_equal(rd(0, GICD_ISPENDR_OFFSET(1), 4), 0x2);
	/* SGI bits of ISPENDR0/ICPENDR0 ignore writes (SPENDSGIR/CPENDSGIR do it). */
	wr(0, GICD_ISPENDR_OFFSET(0), 4, 0xffffffff);
	assert_int_equal(rd(0, GICD_ISPENDR_OFFSET(0), 4), 0xffff0000);
	assert_int_equal(rd(1, GICD_ISPENDR_OFFSET(0), 4), 0);
	assert_int_equal(rd(0, GICD_SPENDSGIR_OFFSET(0), 4), 0);
	wr(0, GICD_ICPENDR_OFFSET(0), 4, 0xffffffff);
	assert_int_equal(rd(0, GICD_ISPENDR_OFFSET(0), 4), 0);
	/* A level interrupt stays pending while its line is high. */
	assert_int_equal(vgic_set_level(&vm, 0, 40, true), 0);
	wr(0, GICD_ICPENDR_OFFSET(1), 4, 1u << 8);
	assert_int_equal(rd(0, GICD_ISPENDR_OFFSET(1), 4), 0x2 | (1u << 8));
	/* Active. */
	wr(1, GICD_ISACTIVER_OFFSET(1), 4, 0x80000000);
	wr(1, GICD_ISACTIVER_OFFSET(0), 4, 0x00000010);
	assert_int_equal(rd(0, GICD_ISACTIVER_OFFSET(1), 4), 0x80000000);
	assert_int_equal(rd(1, GICD_ICACTIVER_OFFSET(0), 4), 0x10);
	assert_int_equal(rd(0, GICD_ICACTIVER_OFFSET(0), 4), 0);
	wr(0, GICD_ICACTIVER_OFFSET(1), 4, 0x80000000);
	assert_int_equal(rd(1, GICD_ISACTIVER_OFFSET(1), 4), 0);
}

static void test_nsacr_raz_wi(void **state)
{
	(void)state;
	setup_vm(2, 64, 4);
	wr(0, GICD_NSACR_OFFSET(2), 4, 0xffffffff);
	assert_int_equal(rd(0, GICD_NSACR_OFFSET(2), 4), 0);
	assert_int_equal(vm.stats.bad_access, 0);
}

static uint8_t sgi_sources(unsigned int vcpu, unsigned int sgi)
{
	return (uint8_t)rd(vcpu, GICD_SPENDSGIR_OFFSET(0) + sgi, 1);
}

static void test_sgir_target_list(void **state)
{
	(void)state;
	setup_vm(4, 64, 4);
	/* vCPU 1 -> list {0, 2, 3, 5 (absent)} */
	wr(1, GICD_SGIR_OFFSET, 4, (0u << 24) | (0x2du << 16) | 5u);
	assert_int_equal(sgi_sources(0, 5), 1u << 1);
	assert_int_equal(sgi_sources(1, 5), 0);
	assert_int_equal(sgi_sources(2, 5), 1u << 1);
	assert_int_equal(sgi_sources(3, 5), 1u << 1);
	assert_int_equal(sgi_sources(0, 4), 0);
	assert_int_equal(rd(0, GICD_SGIR_OFFSET, 4), 0); /* write-only */
	/* An empty list sends nothing. */
	wr(2, GICD_SGIR_OFFSET, 4, 6u);
	assert_int_equal(sgi_sources(0, 6) | sgi_sources(1, 6) | sgi_sources(3, 6), 0);
}

static void test_sgir_all_but_self(void **state)
{
	(void)state;
	setup_vm(4, 64, 4);
	wr(2, GICD_SGIR_OFFSET, 4, (1u << 24) | (0x04u << 16) | 6u); /* list ignored */
	assert_int_equal(sgi_sources(0, 6), 1u << 2);
	assert_int_equal(sgi_sources(1, 6), 1u << 2);
	assert_int_equal(sgi_sources(2, 6), 0);
	assert_int_equal(sgi_sources(3, 6), 1u << 2);
}

static void test_sgir_self_and_reserved(void **state)
{
	(void)state;
	setup_vm(4, 64, 4);
	wr(3, GICD_SGIR_OFFSET, 4, (2u << 24) | (0x01u << 16) | 15u);
	assert_int_equal(sgi_sources(3, 15), 1u << 3);
	assert_int_equal(sgi_sources(0, 15), 0);
	wr(0, GICD_SGIR_OFFSET, 4, (3u << 24) | (0x0fu << 16) | 1u); /* reserved filter */
	assert_int_equal(
		sgi_sources(0, 1) | sgi_sources(1, 1) | sgi_sources(2, 1) | sgi_sources(3, 1), 0);
	assert_int_equal(host.nlog, 1);
}

static void test_spendsgir_cpendsgir(void **state)
{
	(void)state;
	setup_vm(4, 64, 4);
	wr(0, GICD_SPENDSGIR_OFFSET(0) + 1, 1, 0xff); /* SGI 1, sources 0-7 (4 exist) */
	assert_int_equal(rd(0, GICD_CPENDSGIR_OFFSET(0), 4), 0x0f00);
	assert_int_equal(rd(1, GICD_CPENDSGIR_OFFSET(0), 4), 0); /* banked */
	wr(0, GICD_CPENDSGIR_OFFSET(0) + 1, 1, 0x05);
	assert_int_equal(rd(0, GICD_SPENDSGIR_OFFSET(0) + 1, 1), 0x0a);
	wr(1, GICD_SPENDSGIR_OFFSET(3), 4, 0x08040201); /* SGIs 12-15 */
	assert_int_equal(rd(1, GICD_CPENDSGIR_OFFSET(3), 4), 0x08040201);
	assert_int_equal(rd(1, GICD_ISPENDR_OFFSET(0), 4), 0xf000);
	wr(1, GICD_CPENDSGIR_OFFSET(3), 4, 0xffffffff);
	assert_int_equal(rd(1, GICD_SPENDSGIR_OFFSET(3), 4), 0);
	assert_int_equal(rd(1, GICD_ISPENDR_OFFSET(0), 4), 0);
}

/* Registers of interrupts past the VM's lines are RAZ/WI: nothing past an array. */
static void test_out_of_range_intids(void **state)
{
	uint32_t off, v;

	(void)state;
	setup_vm(2, 64, 4);
	for (off = GICD_IGROUPR_OFFSET(2); off < GICD_IPRIORITYR_OFFSET(0); off += 0x80)
		wr(0, off, 4, 0xffffffff);
	for (off = GICD_IPRIORITYR_OFFSET(16); off < GICD_ITARGETSR_OFFSET(0); off += 4)
		wr(1, off, 4, 0xffffffff);
	for (off = GICD_ITARGETSR_OFFSET(16); off < GICD_ICFGR_OFFSET(0); off += 1)
		wr(1, off, 1, 0xff);
	for (off = GICD_ICFGR_OFFSET(4); off < GICD_NSACR_OFFSET(0); off += 4)
		wr(0, off, 4, 0xffffffff);
	assert_int_equal(rd(0, GICD_ISENABLER_OFFSET(2), 4), 0);
	assert_int_equal(rd(0, GICD_IPRIORITYR_OFFSET(254), 4), 0);
	assert_int_equal(rd(0, GICD_ITARGETSR_OFFSET(254) + 3, 1), 0);
	assert_int_equal(rd(0, GICD_ICFGR_OFFSET(63), 4), 0);
	assert_int_equal(vm.stats.bad_access, 0);
	/* An unknown vCPU is refused. */
	assert_int_equal(vgic_dist_mmio_read(&vm, 2, 0, 4, &v), -VGIC_EINVAL);
	assert_int_equal(v, 0);
	assert_int_equal(vgic_dist_mmio_write(&vm, 99, 0, 4, 1), -VGIC_EINVAL);
	assert_int_equal(vgic_init(&vm, 9, 64, GICH, &test_ops, NULL), -VGIC_EINVAL);
	assert_int_equal(vgic_init(&vm, 1, 48, GICH, &test_ops, NULL), -VGIC_EINVAL);
	assert_int_equal(vgic_init(&vm, 1, VGIC_MAX_IRQS + 32, GICH, &test_ops, NULL),
			 -VGIC_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_widths_match_spec),
		cmocka_unit_test(test_access_widths_every_register),
		cmocka_unit_test(test_reserved_offsets_raz_wi),
		cmocka_unit_test(test_typer),
		cmocka_unit_test(test_ctlr),
		cmocka_unit_test(test_identification),
		cmocka_unit_test(test_itargetsr_private_read_only),
		cmocka_unit_test(test_itargetsr_spi),
		cmocka_unit_test(test_ipriorityr_byte_and_word),
		cmocka_unit_test(test_icfgr),
		cmocka_unit_test(test_igroupr),
		cmocka_unit_test(test_enable_banked_per_vcpu),
		cmocka_unit_test(test_pending_and_active),
		cmocka_unit_test(test_nsacr_raz_wi),
		cmocka_unit_test(test_sgir_target_list),
		cmocka_unit_test(test_sgir_all_but_self),
		cmocka_unit_test(test_sgir_self_and_reserved),
		cmocka_unit_test(test_spendsgir_cpendsgir),
		cmocka_unit_test(test_out_of_range_intids),
	};

	return cmocka_run_group_tests_name("vgic_dist", tests, NULL, NULL);
}
