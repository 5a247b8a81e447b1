/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the GICv2 inline drivers (distributor.h, cpu_interface.h,
 * hyp_interface.h) against memory buffers standing for the register frames.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gicv2/cpu_interface.h"
#include "gicv2/distributor.h"
#include "gicv2/hyp_interface.h"

static uint32_t gicd_buf[0x1000 / 4];
static uint32_t gicc_buf[0x2000 / 4];
static uint32_t gich_buf[0x200 / 4];

#define GICD   ((uintptr_t)gicd_buf)
#define GICC   ((uintptr_t)gicc_buf)
#define GICH   ((uintptr_t)gich_buf)
#define D(off) gicd_buf[(off) / 4]
#define C(off) gicc_buf[(off) / 4]
#define H(off) gich_buf[(off) / 4]

static int reset(void **state)
{
	(void)state;
	memset(gicd_buf, 0, sizeof(gicd_buf));
	memset(gicc_buf, 0, sizeof(gicc_buf));
	memset(gich_buf, 0, sizeof(gich_buf));
	H(GICH_VTR_OFFSET) = 3u | (4u << 26) | (4u << 29); /* 4 LRs, 5 pre/pri bits */
	return 0;
}

/* ---- hypervisor interface ---------------------------------------------- */

static void test_lr_count_from_vtr(void **state)
{
	(void)state;
	assert_int_equal(gich_nr_lrs(GICH), 4);
	assert_int_equal(gich_nr_pri_bits(GICH), 5);
	assert_int_equal(gich_nr_pre_bits(GICH), 5);
	H(GICH_VTR_OFFSET) = 63;
	assert_int_equal(gich_nr_lrs(GICH), 64);
}

static void test_lr_sw_roundtrip(void **state)
{
	struct gich_lr_config c = {0}, d;
	uint32_t v;

	(void)state;
	c.virtual_id = 5;
	c.priority = 0xa0;
	c.state = GICH_LR_STATE_PENDING;
	c.group1 = true;
	c.sw.source_cpu = 3;
	c.sw.eoi_maintenance = true;
	assert_int_equal(gich_lr_set(GICH, 2, &c), 0);
	v = H(GICH_LR_OFFSET(2));
	/* VirtualID 5, CPUID 3 at 12:10, EOI bit 19, priority 0xa0>>3 at 27:23,
	 * state 01 at 29:28, Grp1 bit 30, HW 0. */
	assert_int_equal(v, 5u | (3u << 10) | (1u << 19) | (0x14u << 23) | (1u << 28) | (1u << 30));
	assert_int_equal(gich_lr_get(GICH, 2, &d), 0);
	assert_int_equal(d.virtual_id, 5);
	assert_int_equal(d.priority, 0xa0);
	assert_int_equal(d.state, GICH_LR_STATE_PENDING);
	assert_true(d.group1);
	assert_false(d.hw);
	assert_int_equal(d.sw.source_cpu, 3);
	assert_true(d.sw.eoi_maintenance);
}

static void test_lr_hw_roundtrip(void **state)
{
	struct gich_lr_config c = {0}, d;

	(void)state;
	c.virtual_id = 27;
	c.priority = 0x08;
	c.state = GICH_LR_STATE_PENDING_ACTIVE;
	c.hw = true;
	c.physical_id = 1019;
	assert_int_equal(gich_lr_set(GICH, 3, &c), 0);
	assert_int_equal(H(GICH_LR_OFFSET(3)),
			 27u | (1019u << 10) | (1u << 23) | (3u << 28) | (1u << 31));
	gich_lr_get(GICH, 3, &d);
	assert_true(d.hw);
	assert_int_equal(d.physical_id, 1019);
	assert_int_equal(d.state, GICH_LR_STATE_PENDING_ACTIVE);
	assert_false(d.group1);
}

static void test_lr_encode_rejects_bad_fields(void **state)
{
	struct gich_lr_config c = {0};
	uint32_t v = 0x1234;

	(void)state;
	c.virtual_id = 1024;
	assert_int_equal(gich_lr_encode(&c, &v), -GICV2_EINVAL);
	c.virtual_id = 1;
	c.sw.source_cpu = 8;
	assert_int_equal(gich_lr_encode(&c, &v), -GICV2_EINVAL);
	c.hw = true;
	c.physical_id = 1024;
	assert_int_equal(gich_lr_encode(&c, &v), -GICV2_EINVAL);
	/* State is two bits (invalid, pending, active, pending and active):
	 * no other value is encoded, truncated or not */
	c.physical_id = 27;
	for (unsigned int st = 4; st < 8; st++) {
		c.state = (uint8_t)st;
		assert_int_equal(gich_lr_encode(&c, &v), -GICV2_EINVAL);
		assert_int_equal(gich_lr_set(GICH, 0, &c), -GICV2_EINVAL);
	}
	assert_int_equal(v, 0x1234); /* untouched */
}

/* Every 8-bit priority survives as its top 5 bits. */
static void test_priority_scaling_roundtrip(void **state)
{
	unsigned int p;

	(void)state;
	for (p = 0; p < 256; p++) {
		uint32_t field = gich_lr_priority_from8((uint8_t)p);

		assert_true(field < 32);
		assert_int_equal(gich_lr_priority_to8(field), p & 0xf8);
		assert_int_equal(gich_lr_priority_from8(gich_lr_priority_to8(field)), field);
	}
	for (p = 0; p < 32; p++)
		assert_int_equal(gich_lr_priority_from8(gich_lr_priority_to8(p)), p);
}

/* An LR index past the implemented ones (or past 64) is an error, never a write. */
static void test_lr_index_out_of_range(void **state)
{
	struct gich_lr_config c = {0};
	uint32_t before[0x200 / 4];

	(void)state;
	c.virtual_id = 40;
	c.state = GICH_LR_STATE_PENDING;
	memcpy(before, gich_buf, sizeof(before));
	assert_int_equal(gich_lr_set(GICH, 4, &c), -GICV2_EINVAL);
	assert_int_equal(gich_lr_set(GICH, 64, &c), -GICV2_EINVAL);
	assert_int_equal(gich_lr_set(GICH, 1000000, &c), -GICV2_EINVAL);
	assert_int_equal(gich_lr_clear(GICH, 4), -GICV2_EINVAL);
	assert_int_equal(gich_lr_get(GICH, 4, &c), -GICV2_EINVAL);
	assert_memory_equal(before, gich_buf, sizeof(before));
	assert_int_equal(gich_lr_set(GICH, 3, &c), 0);
	assert_int_equal(gich_lr_clear(GICH, 3), 0);
	assert_int_equal(H(GICH_LR_OFFSET(3)), 0);
}

static void test_elrsr_eisr_bitmaps(void **state)
{
	(void)state;
	H(GICH_ELRSR_OFFSET(0)) = 0xfffffffa;
	H(GICH_ELRSR_OFFSET(1)) = 0x80000001;
	H(GICH_EISR_OFFSET(0)) = 0x4;
	H(GICH_EISR_OFFSET(1)) = 0x2;
	assert_int_equal(gich_empty_lrs(GICH, 4), 0xa);
	assert_int_equal(gich_eoi_lrs(GICH, 4), 0x4);
	assert_true(gich_empty_lrs(GICH, 64) == 0x80000001fffffffaull);
	assert_true(gich_eoi_lrs(GICH, 64) == 0x0000000200000004ull);
	assert_true(gich_empty_lrs(GICH, 34) == 0x1fffffffaull);
}

static void test_maintenance_sources(void **state)
{
	(void)state;
	H(GICH_HCR_OFFSET) = GICH_HCR_EN_MASK | (3u << GICH_HCR_EOICOUNT_SHIFT);
	gich_maint_set(GICH, GICH_MAINT_UNDERFLOW | GICH_MAINT_NO_PENDING, true);
	assert_int_equal(H(GICH_HCR_OFFSET), GICH_HCR_EN_MASK | (3u << 27) | 0x2 | 0x8);
	gich_maint_set(GICH,
		       GICH_MAINT_VGRP0_EN | GICH_MAINT_VGRP0_DIS | GICH_MAINT_VGRP1_EN |
			       GICH_MAINT_VGRP1_DIS | GICH_MAINT_LR_ENTRY_NP,
		       true);
	assert_int_equal(gich_maint_enabled(GICH), 0xfe);
	gich_maint_set(GICH, GICH_MAINT_UNDERFLOW, false);
	assert_int_equal(gich_maint_enabled(GICH), 0xfc);
	gich_maint_set(GICH, GICH_MAINT_ALL, false);
	assert_int_equal(H(GICH_HCR_OFFSET), GICH_HCR_EN_MASK | (3u << 27));
	gich_disable(GICH);
	assert_int_equal(H(GICH_HCR_OFFSET), 3u << 27);
	gich_enable(GICH);
	assert_int_equal(H(GICH_HCR_OFFSET), 1u | (3u << 27));
	H(GICH_MISR_OFFSET) = GICH_MISR_NP_MASK | GICH_MISR_EOI_MASK;
	assert_int_equal(gich_maint_status(GICH), 0x9);
}

static void test_vmcr_fields(void **state)
{
	struct gich_vmcr_fields f = {0}, g;

	(void)state;
	f.grp0_en = true;
	f.cbpr = true;
	f.eoi_mode = true;
	f.abp = 3;
	f.bp = 2;
	f.pri_mask = 0xf0;
	gich_vmcr_set(GICH, &f);
	assert_int_equal(H(GICH_VMCR_OFFSET),
			 1u | (1u << 4) | (1u << 9) | (3u << 18) | (2u << 21) | (0x1eu << 27));
	gich_vmcr_get(GICH, &g);
	assert_true(g.grp0_en && g.cbpr && g.eoi_mode);
	assert_false(g.grp1_en || g.ack_ctl || g.fiq_en);
	assert_int_equal(g.abp, 3);
	assert_int_equal(g.bp, 2);
	assert_int_equal(g.pri_mask, 0xf0);
}

static void test_save_restore(void **state)
{
	struct gich_cpu_state s;
	unsigned int i;

	(void)state;
	H(GICH_HCR_OFFSET) = GICH_HCR_EN_MASK | GICH_HCR_NPIE_MASK;
	H(GICH_VMCR_OFFSET) = 0xf8000003;
	H(GICH_APR_OFFSET) = 0x80000001;
	for (i = 0; i < 4; i++)
		H(GICH_LR_OFFSET(i)) = 0x10000020 + i;
	H(GICH_LR_OFFSET(4)) = 0xdead; /* not implemented: not saved */
	gich_cpu_save(GICH, &s);
	assert_int_equal(s.nr_lrs, 4);
	assert_int_equal(s.hcr, 0x9);
	assert_int_equal(s.vmcr, 0xf8000003);
	assert_int_equal(s.apr, 0x80000001);
	for (i = 0; i < 4; i++) {
		assert_int_equal(s.lr[i], 0x10000020 + i);
		assert_int_equal(H(GICH_LR_OFFSET(i)), 0);
	}
	assert_int_equal(H(GICH_HCR_OFFSET), 0);
	assert_int_equal(H(GICH_APR_OFFSET), 0);
	H(GICH_VMCR_OFFSET) = 0;
	gich_cpu_restore(GICH, &s);
	assert_int_equal(H(GICH_HCR_OFFSET), 0x9);
	assert_int_equal(H(GICH_VMCR_OFFSET), 0xf8000003);
	assert_int_equal(H(GICH_APR_OFFSET), 0x80000001);
	for (i = 0; i < 4; i++)
		assert_int_equal(H(GICH_LR_OFFSET(i)), 0x10000020 + i);
}

static void test_gich_init(void **state)
{
	(void)state;
	H(GICH_LR_OFFSET(1)) = 0x10000001;
	H(GICH_APR_OFFSET) = 5;
	H(GICH_HCR_OFFSET) = 0xff;
	assert_int_equal(gich_init(GICH), 4);
	assert_int_equal(H(GICH_LR_OFFSET(1)), 0);
	assert_int_equal(H(GICH_APR_OFFSET), 0);
	assert_int_equal(H(GICH_VMCR_OFFSET), GICH_VMCR_RESET);
	assert_int_equal(H(GICH_HCR_OFFSET), GICH_HCR_EN_MASK);
}

/* ---- distributor -------------------------------------------------------- */

static void test_gicd_per_intid(void **state)
{
	(void)state;
	gicd_irq_enable(GICD, 33);
	assert_int_equal(D(0x104), 1u << 1);
	gicd_irq_disable(GICD, 95);
	assert_int_equal(D(0x188), 1u << 31);
	gicd_irq_set_pending(GICD, 27);
	assert_int_equal(D(0x200), 1u << 27);
	gicd_irq_clear_pending(GICD, 64);
	assert_int_equal(D(0x288), 1u);
	gicd_irq_clear_active(GICD, 40);
	assert_int_equal(D(0x384), 1u << 8);
	gicd_irq_set_priority(GICD, 34, 0x80);
	assert_int_equal(D(0x420), 0x80u << 16);
	assert_int_equal(gicd_irq_priority(GICD, 34), 0x80);
	gicd_irq_set_targets(GICD, 35, 0x3);
	assert_int_equal(D(0x820), 0x3u << 24);
	gicd_irq_set_targets(GICD, 27, 0x3); /* ITARGETSR0-7 are read-only */
	assert_int_equal(D(0x818), 0);
	gicd_irq_set_config(GICD, 33, true);
	assert_int_equal(D(0xc08), 2u << 2);
	assert_true(gicd_irq_is_edge(GICD, 33));
	gicd_irq_set_config(GICD, 33, false);
	assert_int_equal(D(0xc08), 0);
	gicd_irq_set_config(GICD, 3, false); /* SGIs: always edge, untouched */
	assert_int_equal(D(0xc00), 0);
	gicd_irq_set_group(GICD, 63, true);
	assert_int_equal(D(0x084), 1u << 31);
	assert_true(gicd_irq_group(GICD, 63));
	gicd_irq_set_group(GICD, 63, false);
	assert_int_equal(D(0x084), 0);
}

static void test_gicd_sgi_filters(void **state)
{
	(void)state;
	gicd_send_sgi(GICD, GICD_SGI_TO_LIST, 0x5, 7);
	assert_int_equal(D(0xf00), (0u << 24) | (0x5u << 16) | 7u);
	gicd_send_sgi(GICD, GICD_SGI_TO_ALL_BUT_SELF, 0xff, 1);
	assert_int_equal(D(0xf00), (1u << 24) | 1u);
	gicd_send_sgi(GICD, GICD_SGI_TO_SELF, 0, 15);
	assert_int_equal(D(0xf00), (2u << 24) | 15u);
}

static void test_gicd_init(void **state)
{
	(void)state;
	D(0x004) = 2u | (3u << 5); /* 96 lines, 4 CPUs */
	assert_int_equal(gicd_nr_irqs(GICD), 96);
	assert_int_equal(gicd_nr_cpus(GICD), 4);
	D(0x800) = 0x04040404; /* ITARGETSR0 banked: this is CPU 2 */
	assert_int_equal(gicd_cpu_mask(GICD), 4);
	assert_int_equal(gicd_init(GICD, 4), 96);
	assert_int_equal(D(0x000), 3); /* both groups forwarded */
	/* ICENABLER takes single-bit writes: the buffer keeps the last one. */
	assert_int_equal(D(0x184), 1u << 31); /* INTID 63 */
	assert_int_equal(D(0x188), 1u << 31); /* INTID 95 */
	assert_int_equal(D(0x180), 0);	      /* SGIs/PPIs are left to gicd_cpu_init */
	assert_int_equal(D(0x420), 0xa0a0a0a0);
	assert_int_equal(D(0x85c), 0x04040404);
	assert_int_equal(D(0x800), 0x04040404); /* banked SGI targets untouched */
	D(0x004) = 31;				/* 1024 would exceed the architected 1020 */
	assert_int_equal(gicd_nr_irqs(GICD), 1020);
}

/* ---- CPU interface ------------------------------------------------------ */

static void test_gicc_eoi_split(void **state)
{
	(void)state;
	gicc_init(GICC, true);
	assert_int_equal(C(0x000), 1u | 2u | (1u << 9)); /* EOImode(S/NS) is bit 9 */
	assert_int_equal(C(0x004), 0xff);
	assert_true(gicc_eoi_split(GICC));
	gicc_init(GICC, false);
	assert_int_equal(C(0x000), 3u);
	assert_false(gicc_eoi_split(GICC));

	C(0x00c) = 27u | (5u << 10); /* IAR */
	assert_int_equal(gicc_ack(GICC), 27u | (5u << 10));
	assert_int_equal(gicc_iar_intid(27u | (5u << 10)), 27);
	assert_int_equal(gicc_iar_cpuid(27u | (5u << 10)), 5);
	gicc_eoi(GICC, 0x1403);
	assert_int_equal(C(0x010), 0x1403);
	gicc_deactivate(GICC, 0x1403);
	assert_int_equal(C(0x1000), 0x1403);
	C(0x014) = 0x80;
	assert_int_equal(gicc_running_priority(GICC), 0x80);
	gicc_disable(GICC);
	assert_int_equal(C(0x000), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_lr_count_from_vtr, reset),
		cmocka_unit_test_setup(test_lr_sw_roundtrip, reset),
		cmocka_unit_test_setup(test_lr_hw_roundtrip, reset),
		cmocka_unit_test_setup(test_lr_encode_rejects_bad_fields, reset),
		cmocka_unit_test_setup(test_priority_scaling_roundtrip, reset),
		cmocka_unit_test_setup(test_lr_index_out_of_range, reset),
		cmocka_unit_test_setup(test_elrsr_eisr_bitmaps, reset),
		cmocka_unit_test_setup(test_maintenance_sources, reset),
		cmocka_unit_test_setup(test_vmcr_fields, reset),
		cmocka_unit_test_setup(test_save_restore, reset),
		cmocka_unit_test_setup(test_gich_init, reset),
		cmocka_unit_test_setup(test_gicd_per_intid, reset),
		cmocka_unit_test_setup(test_gicd_sgi_filters, reset),
		cmocka_unit_test_setup(test_gicd_init, reset),
		cmocka_unit_test_setup(test_gicc_eoi_split, reset),
	};

	return cmocka_run_group_tests_name("gic_drivers", tests, NULL, NULL);
}
