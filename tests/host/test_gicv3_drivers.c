/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the GICv3 inline drivers (gicv3/distributor.h,
 * redistributor.h, cpu_interface.h) against memory buffers standing for the
 * distributor and redistributor frames, and the mock system-register file.
 * Offsets and bit positions in the expectations are typed in from ARM IHI
 * 0069H.b (12.9, 12.10, 12.2), not taken from the generated headers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gicv3/cpu_interface.h"
#include "gicv3/distributor.h"
#include "gicv3/hyp_interface.h"
#include "gicv3/redistributor.h"

#define NR_RD 4
static uint32_t gicd_buf[0x10000 / 4];
static uint32_t gicr_buf[NR_RD * 0x20000 / 4];

#define GICD	     ((uintptr_t)gicd_buf)
#define GICR	     ((uintptr_t)gicr_buf)
#define D32(off)     gicd_buf[(off) / 4]
#define R32(rd, off) gicr_buf[((rd)*0x20000u + (off)) / 4]

static uint64_t d64(unsigned off)
{
	uint64_t v;

	memcpy(&v, (const char *)gicd_buf + off, 8);
	return v;
}

static void set_r64(unsigned rd, unsigned off, uint64_t v)
{
	memcpy((char *)gicr_buf + rd * 0x20000u + off, &v, 8);
}

static int reset(void **state)
{
	(void)state;
	memset(gicd_buf, 0, sizeof(gicd_buf));
	memset(gicr_buf, 0, sizeof(gicr_buf));
	aarch64_sysreg_mock_reset();
	aarch64_mock_isb_count = aarch64_mock_dsb_count = 0;
	return 0;
}

/* ---- distributor ----------------------------------------------------------- */

static void test_dist_nr_irqs(void **state)
{
	(void)state;
	D32(0x0004) = 2; /* TYPER.ITLinesNumber = 2: INTIDs up to 95 */
	assert_int_equal(gicd3_nr_irqs(GICD), 96);
	D32(0x0004) = 31; /* 1024 lines: capped at 1020 (1020-1023 special) */
	assert_int_equal(gicd3_nr_irqs(GICD), 1020);
}

static void test_dist_init(void **state)
{
	const uint64_t mpidr = 0x0000000100020304ull; /* Aff3 1, Aff2 2, Aff1 3, Aff0 4 */
	unsigned int intid;

	(void)state;
	D32(0x0004) = 2;
	assert_int_equal(gicd3_init(GICD, mpidr), 96);
	/* CTLR: ARE_NS (bit 4) and EnableGrp1A (bit 1) in the Non-secure view,
	 * ARE and EnableGrp1 with DS = 1. */
	assert_int_equal(D32(0x0000), (1u << 4) | (1u << 1));
	/* IGROUPR1, IGROUPR2 (0x0084, 0x0088): every SPI Non-secure Group 1;
	 * IGROUPR0 (private interrupts, RAZ/WI with ARE) untouched. */
	assert_int_equal(D32(0x0084), 0xffffffffu);
	assert_int_equal(D32(0x0088), 0xffffffffu);
	assert_int_equal(D32(0x0080), 0);
	/* IGRPMODR1 (0x0D04): 0 */
	assert_int_equal(D32(0x0D04), 0);
	/* IPRIORITYR: one byte per INTID at 0x0400 + INTID. */
	for (intid = 32; intid < 96; intid++)
		assert_int_equal(((const uint8_t *)gicd_buf)[0x400 + intid], 0xa0);
	assert_int_equal(((const uint8_t *)gicd_buf)[0x400 + 31], 0);
	/* ICFGR2..5 (0x0C08...): level-sensitive (Int_config[1] = 0). */
	assert_int_equal(D32(0x0C08), 0);
	/* IROUTER<n> at 0x6000 + 8n: Aff3 at [39:32], Aff2..Aff0 at [23:0],
	 * routing mode [31] 0 (this PE). */
	for (intid = 32; intid < 96; intid++)
		assert_true(d64(0x6000 + 8 * intid) == 0x0000000100020304ull);
	assert_true(d64(0x6000 + 8 * 96) == 0);
}

static void test_dist_route_and_config(void **state)
{
	(void)state;
	gicd3_irq_route(GICD, 40, 0x80000101ull); /* MPIDR: U/MT/RES1 bits above Aff2 dropped */
	assert_true(d64(0x6140) == 0x0000000000000101ull);
	assert_true(gicd3_irq_routing(GICD, 40) == 0x101);
	gicd3_irq_set_config(GICD, 33, true); /* ICFGR2 (INTIDs 32-47), slot 1: bits [3:2] */
	assert_int_equal(D32(0x0C08), 1u << 3);
	assert_true(gicd3_irq_is_edge(GICD, 33));
	/* Private INTIDs are the redistributor's: the distributor ignores them. */
	gicd3_irq_set_priority(GICD, 27, 0x10);
	gicd3_irq_enable(GICD, 27);
	gicd3_irq_route(GICD, 27, 1);
	assert_int_equal(((const uint8_t *)gicd_buf)[0x400 + 27], 0);
	assert_int_equal(D32(0x0100), 0);
	assert_true(d64(0x6000 + 8 * 27) == 0);
	gicd3_irq_enable(GICD, 1020); /* beyond the SPIs */
	assert_int_equal(D32(0x0100 + 4 * 31), 0);
	/* ISENABLER1 bit 8 for INTID 40 */
	gicd3_irq_enable(GICD, 40);
	assert_int_equal(D32(0x0104), 1u << 8);
}

static void test_dist_rwp_timeout(void **state)
{
	(void)state;
	D32(0x0000) = 1u << 31; /* RWP stuck */
	assert_false(gicd3_wait_rwp(GICD));
	D32(0x0000) = 0;
	assert_true(gicd3_wait_rwp(GICD));
}

/* ---- redistributor ----------------------------------------------------------- */

/* Redistributors 0-3 serve Aff1 = 0, Aff0 = 0..3; TYPER.Last on the last. */
static void setup_rds(void)
{
	unsigned i;

	for (i = 0; i < NR_RD; i++)
		set_r64(i, 0x0008, ((uint64_t)i << 32) | (i == NR_RD - 1 ? 1u << 4 : 0));
}

static void test_rd_find(void **state)
{
	(void)state;
	setup_rds();
	assert_true(gicr_find(GICR, sizeof(gicr_buf), 0x80000002ull) == GICR + 2 * 0x20000);
	assert_true(gicr_find(GICR, sizeof(gicr_buf), 0x80000000ull) == GICR);
	assert_true(gicr_find(GICR, sizeof(gicr_buf), 0x80000004ull) == 0); /* Last seen first */
	assert_true(gicr_find(GICR, sizeof(gicr_buf), 0x80000100ull) == 0); /* Aff1 1: none */
	/* Without Last, the search stops at the end of the region. */
	set_r64(NR_RD - 1, 0x0008, (uint64_t)(NR_RD - 1) << 32);
	assert_true(gicr_find(GICR, sizeof(gicr_buf), 0x80000007ull) == 0);
	/* Aff3 goes to Affinity_Value[31:24]. */
	set_r64(1, 0x0008, 0x07000001ull << 32);
	assert_true(gicr_find(GICR, sizeof(gicr_buf), 0x0000000780000001ull) == GICR + 0x20000);
}

static void test_rd_find_gicv4_stride(void **state)
{
	(void)state;
	/* VLPIS (bit 1): four 64 KiB frames per redistributor. */
	set_r64(0, 0x0008, (0ull << 32) | (1u << 1));
	set_r64(2, 0x0008, (1ull << 32) | (1u << 1) | (1u << 4));
	set_r64(1, 0x0008, 1ull << 32); /* a VLPI frame, not a redistributor */
	assert_true(gicr_find(GICR, sizeof(gicr_buf), 1) == GICR + 0x40000);
}

static void test_rd_wake(void **state)
{
	(void)state;
	/* WAKER (0x0014): bits 31 and 0 IMPLEMENTATION DEFINED, kept;
	 * ProcessorSleep (bit 1) cleared. */
	R32(0, 0x0014) = (1u << 31) | (1u << 1) | 1u;
	assert_true(gicr_wake(GICR));
	assert_int_equal(R32(0, 0x0014), (1u << 31) | 1u);
	/* ChildrenAsleep (bit 2) that never clears: a timeout, not a hang. */
	R32(0, 0x0014) = 1u << 2;
	assert_false(gicr_wake(GICR));
}

static void test_rd_init(void **state)
{
	unsigned int intid;

	(void)state;
	assert_true(gicr_init(GICR + 0x20000));
	/* SGI_base = RD_base + 0x10000: IGROUPR0 at +0x0080 all Group 1,
	 * IGRPMODR0 at +0x0D00 zero, IPRIORITYR at +0x0400. */
	assert_int_equal(R32(1, 0x10080), 0xffffffffu);
	assert_int_equal(R32(1, 0x10D00), 0);
	for (intid = 0; intid < 32; intid++)
		assert_int_equal(((const uint8_t *)gicr_buf)[0x20000 + 0x10400 + intid], 0xa0);
	/* Redistributor 0 untouched. */
	assert_int_equal(R32(0, 0x10080), 0);
}

static void test_rd_private_only(void **state)
{
	(void)state;
	gicr_irq_enable(GICR, 27); /* ISENABLER0 at SGI_base + 0x0100 */
	assert_int_equal(R32(0, 0x10100), 1u << 27);
	gicr_irq_enable(GICR, 32); /* an SPI: not the redistributor's */
	assert_int_equal(R32(0, 0x10100), 1u << 27);
	gicr_irq_set_config(GICR, 30, true); /* ICFGR1 (0x0C04), PPI 30: slot 14, bits [29:28] */
	assert_int_equal(R32(0, 0x10C04), 1u << 29);
	gicr_irq_set_config(GICR, 3, false); /* SGIs: ICFGR0 read-only, untouched */
	assert_int_equal(R32(0, 0x10C00), 0);
}

/* ---- CPU interface ----------------------------------------------------------- */

/* Encodings from IHI 0069H.b 12.2: op0 3, op1, CRn 12, CRm, op2. */
#define ENC(op1, crm, op2) AARCH64_SYSREG_ENC(3, op1, 12, crm, op2)

static void test_cpu_init(void **state)
{
	(void)state;
	aarch64_sysreg_mock_write(ENC(0, 12, 4), 0x0); /* ICC_CTLR_EL1 */
	assert_true(gicv3_cpu_init(true));
	/* ICC_SRE_EL2 (3,4,12,9,5): SRE (bit 0) and Enable (bit 3). */
	assert_true(aarch64_sysreg_mock_read(ENC(4, 9, 5)) == 0x9);
	assert_true(aarch64_mock_isb_count >= 2);
	/* ICC_PMR_EL1 (3,0,4,6,0): 0xff, every priority unmasked. */
	assert_true(aarch64_sysreg_mock_read(AARCH64_SYSREG_ENC(3, 0, 4, 6, 0)) == 0xff);
	/* ICC_CTLR_EL1.EOImode (bit 1). */
	assert_true(aarch64_sysreg_mock_read(ENC(0, 12, 4)) == 0x2);
	/* ICC_IGRPEN1_EL1 (3,0,12,12,7): Enable. */
	assert_true(aarch64_sysreg_mock_read(ENC(0, 12, 7)) == 0x1);
	/* ICC_BPR1_EL1 (3,0,12,12,3): 0 */
	assert_true(aarch64_sysreg_mock_read(ENC(0, 12, 3)) == 0);
}

static void test_sgi1r(void **state)
{
	(void)state;
	/* MPIDR Aff3 1, Aff2 2, Aff1 3, Aff0 0x11: RS 1, TargetList bit 1. */
	assert_true(
		gicv3_sgi1r_to(0x0000000180020311ull, 5) ==
		((1ull << 48) | (1ull << 44) | (2ull << 32) | (5ull << 24) | (3ull << 16) | 2ull));
	/* IRM (bit 40): every PE but self; no target fields. */
	assert_true(gicv3_sgi1r_to_others(15) == ((1ull << 40) | (15ull << 24)));
	gicv3_send_sgi1r(gicv3_sgi1r_to(0, 1));
	/* ICC_SGI1R_EL1 (3,0,12,11,5), after a DSB. */
	assert_true(aarch64_sysreg_mock_read(ENC(0, 11, 5)) == ((1ull << 24) | 1ull));
	assert_int_equal(aarch64_mock_dsb_count, 1);
}

static void test_ack_eoi(void **state)
{
	(void)state;
	aarch64_sysreg_mock_write(ENC(0, 12, 0), 0x1b); /* ICC_IAR1_EL1 */
	assert_int_equal(gicv3_ack(), 27);
	gicv3_eoi(27);
	assert_true(aarch64_sysreg_mock_read(ENC(0, 12, 1)) == 27); /* ICC_EOIR1_EL1 */
	gicv3_deactivate(27);
	assert_true(aarch64_sysreg_mock_read(ENC(0, 11, 1)) == 27); /* ICC_DIR_EL1 */
}

/* ---- hypervisor interface ----------------------------------------------------- */

/* ICH_VTR_EL2 (3,4,12,11,1): ListRegs [4:0], PREbits [28:26], PRIbits [31:29]. */
static void set_vtr(unsigned lrs, unsigned pre, unsigned pri)
{
	aarch64_sysreg_mock_write(ENC(4, 11, 1), (uint64_t)(lrs - 1) | (uint64_t)(pre - 1) << 26 |
							 (uint64_t)(pri - 1) << 29);
}

#define ICH_LR(n) AARCH64_SYSREG_ENC(3, 4, 12, 12 + (n) / 8, (n) % 8)

static void test_ich_lr_encode(void **state)
{
	struct ich_lr_config c = {0}, d;
	uint64_t v;

	(void)state;
	c.virtual_id = 40;
	c.priority = 0xa0;
	c.state = ICH_LR_EL2_STATE_PENDING;
	c.group1 = true;
	c.eoi_maintenance = true;
	assert_int_equal(ich_lr_encode(&c, &v), 0);
	/* State [63:62] 01, Group [60], Priority [55:48], EOI [41], vINTID [31:0]. */
	assert_true(v == ((1ull << 62) | (1ull << 60) | (0xa0ull << 48) | (1ull << 41) | 40u));
	ich_lr_decode(v, &d);
	assert_true(d.virtual_id == 40 && d.priority == 0xa0 && d.group1 && !d.hw &&
		    d.eoi_maintenance && d.state == ICH_LR_EL2_STATE_PENDING);
	c = (struct ich_lr_config){.virtual_id = 27,
				   .state = ICH_LR_EL2_STATE_PENDING_ACTIVE,
				   .hw = true,
				   .physical_id = 30};
	assert_int_equal(ich_lr_encode(&c, &v), 0);
	/* HW [61], pINTID [44:32]; no EOI bit with HW = 1. */
	assert_true(v == ((3ull << 62) | (1ull << 61) | (30ull << 32) | 27u));
	ich_lr_decode(v, &d);
	assert_true(d.hw && d.physical_id == 30 && !d.eoi_maintenance);
	c.state = 4; /* not a state */
	assert_int_equal(ich_lr_encode(&c, &v), -GICV3_EINVAL);
	c.state = ICH_LR_EL2_STATE_PENDING;
	c.physical_id = 1020; /* special INTIDs cannot be linked */
	assert_int_equal(ich_lr_encode(&c, &v), -GICV3_EINVAL);
}

static void test_ich_vtr(void **state)
{
	(void)state;
	set_vtr(4, 5, 5);
	assert_int_equal(ich_nr_lrs(), 4);
	assert_int_equal(ich_nr_pri_bits(), 5);
	assert_int_equal(ich_nr_aprs(), 1); /* 32 group priorities: one register */
	set_vtr(16, 6, 6);
	assert_int_equal(ich_nr_lrs(), 16);
	assert_int_equal(ich_nr_aprs(), 2);
	set_vtr(16, 7, 8);
	assert_int_equal(ich_nr_aprs(), 4);
}

static void test_ich_lr_bounds(void **state)
{
	struct ich_lr_config c = {.virtual_id = 1, .state = ICH_LR_EL2_STATE_PENDING};

	(void)state;
	set_vtr(4, 5, 5);
	assert_int_equal(ich_lr_set(4, &c), -GICV3_EINVAL); /* LR4 not implemented */
	assert_int_equal(ich_lr_set(3, &c), 0);
	assert_true(aarch64_sysreg_mock_read(ICH_LR(3)) == ((1ull << 62) | 1u));
}

static void test_ich_save_restore(void **state)
{
	struct ich_cpu_state s;
	unsigned i;

	(void)state;
	set_vtr(4, 6, 6); /* two APRs per group */
	for (i = 0; i < 4; i++)
		aarch64_sysreg_mock_write(ICH_LR(i), 0x4000000000000000ull | i);
	aarch64_sysreg_mock_write(ENC(4, 8, 1), 0x11);	      /* ICH_AP0R1_EL2 */
	aarch64_sysreg_mock_write(ENC(4, 9, 0), 0x22);	      /* ICH_AP1R0_EL2 */
	aarch64_sysreg_mock_write(ENC(4, 11, 7), 0xf0000002); /* ICH_VMCR_EL2 */
	aarch64_sysreg_mock_write(ENC(4, 11, 0), 0x9);	      /* ICH_HCR_EL2: En, NPIE */
	ich_cpu_save(&s);
	assert_int_equal(s.nr_lrs, 4);
	assert_true(s.lr[2] == 0x4000000000000002ull && s.ap0r[1] == 0x11 && s.ap1r[0] == 0x22);
	assert_true(s.vmcr == 0xf0000002 && s.hcr == 0x9);
	assert_true(aarch64_sysreg_mock_read(ENC(4, 11, 0)) == 0); /* interface off */
	assert_true(aarch64_sysreg_mock_read(ICH_LR(2)) == 0);
	assert_true(aarch64_sysreg_mock_read(ENC(4, 8, 1)) == 0);
	ich_cpu_restore(&s);
	assert_true(aarch64_sysreg_mock_read(ICH_LR(2)) == 0x4000000000000002ull);
	assert_true(aarch64_sysreg_mock_read(ENC(4, 9, 0)) == 0x22);
	assert_true(aarch64_sysreg_mock_read(ENC(4, 11, 0)) == 0x9);
}

static void test_ich_maint(void **state)
{
	(void)state;
	aarch64_sysreg_mock_write(ENC(4, 11, 0), 1); /* En */
	ich_maint_set(ICH_HCR_EL2_NPIE_MASK | ICH_HCR_EL2_UIE_MASK | ICH_HCR_EL2_EN_MASK, true);
	/* NPIE bit 3, UIE bit 1; En is not a maintenance source and stays. */
	assert_true(aarch64_sysreg_mock_read(ENC(4, 11, 0)) == 0xb);
	ich_maint_set(ICH_HCR_EL2_UIE_MASK | ICH_HCR_EL2_EN_MASK, false);
	assert_true(aarch64_sysreg_mock_read(ENC(4, 11, 0)) == 0x9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_dist_nr_irqs, reset),
		cmocka_unit_test_setup(test_dist_init, reset),
		cmocka_unit_test_setup(test_dist_route_and_config, reset),
		cmocka_unit_test_setup(test_dist_rwp_timeout, reset),
		cmocka_unit_test_setup(test_rd_find, reset),
		cmocka_unit_test_setup(test_rd_find_gicv4_stride, reset),
		cmocka_unit_test_setup(test_rd_wake, reset),
		cmocka_unit_test_setup(test_rd_init, reset),
		cmocka_unit_test_setup(test_rd_private_only, reset),
		cmocka_unit_test_setup(test_cpu_init, reset),
		cmocka_unit_test_setup(test_sgi1r, reset),
		cmocka_unit_test_setup(test_ack_eoi, reset),
		cmocka_unit_test_setup(test_ich_lr_encode, reset),
		cmocka_unit_test_setup(test_ich_vtr, reset),
		cmocka_unit_test_setup(test_ich_lr_bounds, reset),
		cmocka_unit_test_setup(test_ich_save_restore, reset),
		cmocka_unit_test_setup(test_ich_maint, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
