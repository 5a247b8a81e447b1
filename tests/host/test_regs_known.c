/*
 * Known values from the ARM documents, checked against the generated headers.
 *
 * Sources: Arm Architecture Reference Manual for A-profile (DDI 0487):
 * the PMU, debug, fine-grained trap and ID registers added later, with
 * their RES0 masks, are typed in from Linux's arch/arm64/tools/sysreg and
 * include/linux/perf/arm_pmuv3.h, independent transcriptions of it;
 * HCR_EL2, ESR_EL2, VTCR_EL2, the system-register encodings; GICv3/v4
 * architecture specification (IHI 0069): ICH_* encodings and ICH_LR<n>_EL2
 * layout; GICv2 architecture specification (IHI 0048B): GICD/GICC/GICH
 * register map and field layouts.  Each expected value here is typed in from
 * those documents, not derived from the specs, so a wrong spec fails.
 *
 * Built with -DAARCH64_SYSREG_MOCK: the sysreg accessors go to the mock
 * register file; the mmio accessors are pointed at a buffer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "aarch64_sysreg/sysregs.h"
#include "gicv2/gicv2_regs.h"
#include "pl011/pl011_regs.h"

/* The packed encoding, computed here from the ARM ARM definition. */
#define ENC(op0, op1, crn, crm, op2)                                                               \
	((uint32_t)((op0)*16384u + (op1)*2048u + (crn)*128u + (crm)*8u + (op2)))

static uint32_t gic[0x2000 / 4];
#define GIC_BASE ((uintptr_t)gic)

static uint32_t gic_word(unsigned int off)
{
	return gic[off / 4];
}

static void enc_macro(void **state)
{
	(void)state;
	assert_int_equal(AARCH64_SYSREG_ENC(3, 4, 12, 11, 0), 0xe658);
	assert_int_equal(AARCH64_SYSREG_ENC(3, 4, 1, 1, 0), 0xe088);
	assert_int_equal(AARCH64_SYSREG_ENC(2, 0, 0, 0, 0), 0x8000);
	assert_int_equal(AARCH64_SYSREG_ENC(3, 7, 15, 15, 7), 0xffff);
	assert_int_equal(AARCH64_SYSREG_ENC_CRN(ENC(3, 4, 12, 11, 0)), 12);
	assert_int_equal(AARCH64_SYSREG_ENC_CRM(ENC(3, 4, 12, 11, 0)), 11);
	assert_int_equal(AARCH64_SYSREG_ENC_OP1(ENC(3, 4, 12, 11, 0)), 4);
}

static void hcr_el2(void **state)
{
	(void)state;
	assert_int_equal(HCR_EL2_ENC, ENC(3, 4, 1, 1, 0));
	assert_int_equal(HCR_EL2_VM_SHIFT, 0);
	assert_int_equal(HCR_EL2_FMO_SHIFT, 3);
	assert_int_equal(HCR_EL2_IMO_SHIFT, 4);
	assert_int_equal(HCR_EL2_AMO_SHIFT, 5);
	assert_int_equal(HCR_EL2_TWI_SHIFT, 13);
	assert_int_equal(HCR_EL2_TSC_SHIFT, 19);
	assert_int_equal(HCR_EL2_RW_SHIFT, 31);
	assert_int_equal(HCR_EL2_RW_MASK, UINT64_C(0x80000000));
	assert_int_equal(HCR_EL2_IMO_MASK, 0x10);

	aarch64_sysreg_mock_reset();
	hcr_el2_write(HCR_EL2_RW_MASK | HCR_EL2_IMO_MASK | HCR_EL2_VM_MASK);
	assert_int_equal(aarch64_sysreg_mock_file[ENC(3, 4, 1, 1, 0)], 0x80000011);
	assert_int_equal(hcr_el2_rw_get(hcr_el2_read()), 1);
}

static void esr_el2(void **state)
{
	(void)state;
	assert_int_equal(ESR_EL2_ENC, ENC(3, 4, 5, 2, 0));
	assert_int_equal(ESR_EL2_EC_SHIFT, 26);
	assert_int_equal(ESR_EL2_EC_WIDTH, 6);
	assert_int_equal(ESR_EL2_IL_SHIFT, 25);
	assert_int_equal(ESR_EL2_EC_WFX, 0x01);
	assert_int_equal(ESR_EL2_EC_HVC64, 0x16);
	assert_int_equal(ESR_EL2_EC_SMC64, 0x17);
	assert_int_equal(ESR_EL2_EC_SYS64, 0x18);
	assert_int_equal(ESR_EL2_EC_IABT_LOW, 0x20);
	assert_int_equal(ESR_EL2_EC_DABT_LOW, 0x24);
	/* data abort ISS */
	assert_int_equal(ESR_EL2_ISV_SHIFT, 24);
	assert_int_equal(ESR_EL2_SAS_SHIFT, 22);
	assert_int_equal(ESR_EL2_SSE_SHIFT, 21);
	assert_int_equal(ESR_EL2_SRT_SHIFT, 16);
	assert_int_equal(ESR_EL2_SF_SHIFT, 15);
	assert_int_equal(ESR_EL2_WNR_SHIFT, 6);
	/* trapped MSR/MRS ISS */
	assert_int_equal(ESR_EL2_SYS_OP0_SHIFT, 20);
	assert_int_equal(ESR_EL2_SYS_OP2_SHIFT, 17);
	assert_int_equal(ESR_EL2_SYS_OP1_SHIFT, 14);
	assert_int_equal(ESR_EL2_SYS_CRN_SHIFT, 10);
	assert_int_equal(ESR_EL2_SYS_RT_SHIFT, 5);
	/* an HVC #0 from AArch64: EC 0x16, IL 1 */
	assert_int_equal(esr_el2_ec_get(UINT64_C(0x5a000000)), ESR_EL2_EC_HVC64);
	assert_int_equal(esr_el2_ec_set(0, ESR_EL2_EC_DABT_LOW), UINT64_C(0x90000000));
}

static void vtcr_el2(void **state)
{
	(void)state;
	assert_int_equal(VTCR_EL2_ENC, ENC(3, 4, 2, 1, 2));
	assert_int_equal(VTCR_EL2_T0SZ_SHIFT, 0);
	assert_int_equal(VTCR_EL2_T0SZ_WIDTH, 6);
	assert_int_equal(VTCR_EL2_SL0_SHIFT, 6);
	assert_int_equal(VTCR_EL2_TG0_SHIFT, 14);
	assert_int_equal(VTCR_EL2_PS_SHIFT, 16);
	assert_int_equal(VTCR_EL2_PS_WIDTH, 3);
	assert_int_equal(VTCR_EL2_PS_MASK, 0x70000);
}

static void el2_encodings(void **state)
{
	(void)state;
	assert_int_equal(VTTBR_EL2_ENC, ENC(3, 4, 2, 1, 0));
	assert_int_equal(SPSR_EL2_ENC, ENC(3, 4, 4, 0, 0));
	assert_int_equal(ELR_EL2_ENC, ENC(3, 4, 4, 0, 1));
	assert_int_equal(FAR_EL2_ENC, ENC(3, 4, 6, 0, 0));
	assert_int_equal(HPFAR_EL2_ENC, ENC(3, 4, 6, 0, 4));
	assert_int_equal(VBAR_EL2_ENC, ENC(3, 4, 12, 0, 0));
	assert_int_equal(CNTHCTL_EL2_ENC, ENC(3, 4, 14, 1, 0));
	assert_int_equal(CNTVCT_EL0_ENC, ENC(3, 3, 14, 0, 2));
	assert_int_equal(CNTV_CTL_EL0_ENC, ENC(3, 3, 14, 3, 1));
	assert_int_equal(MPIDR_EL1_ENC, ENC(3, 0, 0, 0, 5));
	assert_int_equal(ID_AA64MMFR0_EL1_ENC, ENC(3, 0, 0, 7, 0));
	assert_int_equal(ICC_SRE_EL2_ENC, ENC(3, 4, 12, 9, 5));
	assert_int_equal(ICC_SGI1R_EL1_ENC, ENC(3, 0, 12, 11, 5));
}

static void ich_el2(void **state)
{
	unsigned int n;

	(void)state;
	assert_int_equal(ICH_HCR_EL2_ENC, ENC(3, 4, 12, 11, 0));
	assert_int_equal(ICH_VTR_EL2_ENC, ENC(3, 4, 12, 11, 1));
	assert_int_equal(ICH_MISR_EL2_ENC, ENC(3, 4, 12, 11, 2));
	assert_int_equal(ICH_EISR_EL2_ENC, ENC(3, 4, 12, 11, 3));
	assert_int_equal(ICH_ELRSR_EL2_ENC, ENC(3, 4, 12, 11, 5));
	assert_int_equal(ICH_VMCR_EL2_ENC, ENC(3, 4, 12, 11, 7));
	assert_int_equal(ICH_LR_EL2_COUNT, 16);
	assert_int_equal(ICH_LR_EL2_ENC(0), ENC(3, 4, 12, 12, 0));
	assert_int_equal(ICH_LR_EL2_ENC(7), ENC(3, 4, 12, 12, 7));
	assert_int_equal(ICH_LR_EL2_ENC(8), ENC(3, 4, 12, 13, 0));
	assert_int_equal(ICH_LR_EL2_ENC(15), ENC(3, 4, 12, 13, 7));
	assert_int_equal(ICH_AP1R_EL2_COUNT, 4);
	assert_int_equal(ICH_AP0R_EL2_COUNT, 4);
	for (n = 0; n < 4; n++) {
		assert_int_equal(ICH_AP1R_EL2_ENC(n), ENC(3, 4, 12, 9, n));
		assert_int_equal(ICH_AP0R_EL2_ENC(n), ENC(3, 4, 12, 8, n));
	}
	assert_int_equal(ICH_HCR_EL2_EN_SHIFT, 0);
	/* ICH_LR<n>_EL2 layout */
	assert_int_equal(ICH_LR_EL2_STATE_SHIFT, 62);
	assert_int_equal(ICH_LR_EL2_STATE_WIDTH, 2);
	assert_int_equal(ICH_LR_EL2_HW_SHIFT, 61);
	assert_int_equal(ICH_LR_EL2_GROUP_SHIFT, 60);
	assert_int_equal(ICH_LR_EL2_PRIORITY_SHIFT, 48);
	assert_int_equal(ICH_LR_EL2_PINTID_SHIFT, 32);
	assert_int_equal(ICH_LR_EL2_VINTID_SHIFT, 0);
	assert_int_equal(ICH_LR_EL2_VINTID_WIDTH, 32);

	/* accessors reach the right mock registers */
	aarch64_sysreg_mock_reset();
	ich_hcr_el2_write(1);
	assert_int_equal(aarch64_sysreg_mock_file[ENC(3, 4, 12, 11, 0)], 1);
	ich_lr_el2_write(15, UINT64_C(0x4000000000000020));
	assert_int_equal(aarch64_sysreg_mock_file[ENC(3, 4, 12, 13, 7)],
			 UINT64_C(0x4000000000000020));
	assert_int_equal(ich_lr_el2_state_get(ich_lr_el2_read(15)), 1);
	ich_ap1r_el2_write(2, 0x80000000u);
	assert_int_equal(aarch64_sysreg_mock_file[ENC(3, 4, 12, 9, 2)], 0x80000000u);
	/* out of range: ignored, reads 0 */
	aarch64_sysreg_mock_file[ENC(3, 4, 12, 14, 0)] = 7;
	assert_int_equal(ich_lr_el2_read(16), 0);
	ich_lr_el2_write(16, 9);
	assert_int_equal(aarch64_sysreg_mock_file[ENC(3, 4, 12, 14, 0)], 7);
}

static void gich(void **state)
{
	(void)state;
	assert_int_equal(GICH_HCR_OFFSET, 0x000);
	assert_int_equal(GICH_VTR_OFFSET, 0x004);
	assert_int_equal(GICH_VMCR_OFFSET, 0x008);
	assert_int_equal(GICH_MISR_OFFSET, 0x010);
	assert_int_equal(GICH_EISR_OFFSET(0), 0x020);
	assert_int_equal(GICH_ELRSR_OFFSET(1), 0x034);
	assert_int_equal(GICH_APR_OFFSET, 0x0f0);
	assert_int_equal(GICH_LR_OFFSET(0), 0x100);
	assert_int_equal(GICH_LR_OFFSET(63), 0x1fc);
	assert_int_equal(GICH_LR_COUNT, 64);
	assert_int_equal(GICH_LR_STATE_SHIFT, 28);
	assert_int_equal(GICH_LR_STATE_WIDTH, 2);
	assert_int_equal(GICH_LR_STATE_PENDING, 1);
	assert_int_equal(GICH_LR_STATE_ACTIVE, 2);
	assert_int_equal(GICH_LR_HW_SHIFT, 31);
	assert_int_equal(GICH_LR_GRP1_SHIFT, 30);
	assert_int_equal(GICH_LR_PRIORITY_SHIFT, 23);
	assert_int_equal(GICH_LR_PRIORITY_WIDTH, 5);
	assert_int_equal(GICH_LR_PHYSICALID_SHIFT, 10);
	assert_int_equal(GICH_LR_VIRTUALID_WIDTH, 10);
	assert_int_equal(GICH_VMCR_VMPRIMASK_SHIFT, 27);
	assert_int_equal(GICH_VMCR_VMBP_SHIFT, 21);
	assert_int_equal(GICH_HCR_EN_SHIFT, 0);

	/* a pending virtual interrupt 27 written to LR2 lands at 0x108 */
	memset(gic, 0, sizeof(gic));
	gich_lr_write(GIC_BASE, 2,
		      gich_lr_state_set(gich_lr_virtualid_set(0, 27), GICH_LR_STATE_PENDING));
	assert_int_equal(gic_word(0x108), 0x1000001b);
	assert_int_equal(gich_lr_read(GIC_BASE, 2), 0x1000001b);
}

static void gicd(void **state)
{
	(void)state;
	assert_int_equal(GICD_CTLR_OFFSET, 0x000);
	assert_int_equal(GICD_TYPER_OFFSET, 0x004);
	assert_int_equal(GICD_IIDR_OFFSET, 0x008);
	assert_int_equal(GICD_IGROUPR_OFFSET(0), 0x080);
	assert_int_equal(GICD_ISENABLER_OFFSET(0), 0x100);
	assert_int_equal(GICD_ICENABLER_OFFSET(0), 0x180);
	assert_int_equal(GICD_ISPENDR_OFFSET(0), 0x200);
	assert_int_equal(GICD_ICPENDR_OFFSET(0), 0x280);
	assert_int_equal(GICD_ISACTIVER_OFFSET(0), 0x300);
	assert_int_equal(GICD_ICACTIVER_OFFSET(0), 0x380);
	assert_int_equal(GICD_IPRIORITYR_OFFSET(0), 0x400);
	assert_int_equal(GICD_ITARGETSR_OFFSET(0), 0x800);
	assert_int_equal(GICD_ICFGR_OFFSET(0), 0xc00);
	assert_int_equal(GICD_SGIR_OFFSET, 0xf00);
	assert_int_equal(GICD_CPENDSGIR_OFFSET(0), 0xf10);
	assert_int_equal(GICD_SPENDSGIR_OFFSET(0), 0xf20);
	assert_int_equal(GICD_TYPER_ITLINESNUMBER_WIDTH, 5);
	assert_int_equal(GICD_SGIR_TARGETLISTFILTER_SHIFT, 24);
	assert_int_equal(GICD_SGIR_CPUTARGETLIST_SHIFT, 16);
	assert_int_equal(GICD_SGIR_SGIINTID_WIDTH, 4);
	assert_int_equal(GICD_ISENABLER_BITS_PER_INTID, 1);
	assert_int_equal(GICD_IPRIORITYR_BITS_PER_INTID, 8);
	assert_int_equal(GICD_ICFGR_BITS_PER_INTID, 2);

	/* the UART's SPI, INTID 33 */
	assert_int_equal(gicd_isenabler_intid_offset(33), 0x104);
	assert_int_equal(gicd_isenabler_intid_shift(33), 1);
	assert_int_equal(gicd_ipriorityr_intid_offset(33), 0x420);
	assert_int_equal(gicd_ipriorityr_intid_shift(33), 8);
	assert_int_equal(gicd_itargetsr_intid_offset(33), 0x820);
	assert_int_equal(gicd_icfgr_intid_offset(33), 0xc08);
	assert_int_equal(gicd_icfgr_intid_shift(33), 2);

	memset(gic, 0, sizeof(gic));
	gicd_isenabler_write_intid(GIC_BASE, 33);
	assert_int_equal(gic_word(0x104), 0x2);
	gicd_ipriorityr_write_intid(GIC_BASE, 33, 0xa0);
	assert_int_equal(gic_word(0x420), 0xa000);
	gicd_itargetsr_write_intid(GIC_BASE, 33, 0x01);
	assert_int_equal(gic_word(0x820), 0x0100);
	gicd_icfgr_write_intid(GIC_BASE, 33, 0x2);
	assert_int_equal(gic_word(0xc08), 0x8);
	assert_int_equal(gicd_icfgr_read_intid(GIC_BASE, 33), 0x2);
	assert_int_equal(gicd_ipriorityr_read_intid(GIC_BASE, 33), 0xa0);

	/* SGI 3 to CPU 1 */
	gicd_sgir_write(GIC_BASE, gicd_sgir_cputargetlist_set(gicd_sgir_sgiintid_set(0, 3), 0x2));
	assert_int_equal(gic_word(0xf00), 0x00020003);
}

static void gicc(void **state)
{
	(void)state;
	assert_int_equal(GICC_CTLR_OFFSET, 0x00);
	assert_int_equal(GICC_PMR_OFFSET, 0x04);
	assert_int_equal(GICC_BPR_OFFSET, 0x08);
	assert_int_equal(GICC_IAR_OFFSET, 0x0c);
	assert_int_equal(GICC_EOIR_OFFSET, 0x10);
	assert_int_equal(GICC_RPR_OFFSET, 0x14);
	assert_int_equal(GICC_HPPIR_OFFSET, 0x18);
	assert_int_equal(GICC_IIDR_OFFSET, 0xfc);
	assert_int_equal(GICC_DIR_OFFSET, 0x1000);
	assert_int_equal(GICC_IAR_INTERRUPTID_SHIFT, 0);
	assert_int_equal(GICC_IAR_INTERRUPTID_WIDTH, 10);
	assert_int_equal(GICC_IAR_CPUID_SHIFT, 10);
	assert_int_equal(GICC_IAR_CPUID_WIDTH, 3);

	memset(gic, 0, sizeof(gic));
	gic[0x0c / 4] = 0x0c1b; /* INTID 27 from CPU 3 */
	assert_int_equal(gicc_iar_interruptid_get(gicc_iar_read(GIC_BASE)), 27);
	assert_int_equal(gicc_iar_cpuid_get(gicc_iar_read(GIC_BASE)), 3);
	gicc_eoir_write(GIC_BASE, 0x0c1b);
	assert_int_equal(gic_word(0x10), 0x0c1b);
}

/* A mask of bits h..l, to type RES0 ranges in as the documents give them. */
#define BITS(h, l) ((~UINT64_C(0) >> (63 - (h))) & ~((UINT64_C(1) << (l)) - 1))

/*
 * RES0/RES1 masks, typed in from the Res0/Res1 lines of Linux's
 * arch/arm64/tools/sysreg (a transcription of Arm's machine-readable data).
 */
static void res0_res1(void **state)
{
	(void)state;
	assert_int_equal(HCR_EL2_RES0, BITS(39, 38)); /* MIOCNCE is gone */
	assert_int_equal(SCTLR_EL1_RES0, BITS(53, 50) | BITS(17, 17));
	/* RES1 in Armv8.0, controls since: EOS, TSCXT, EIS, SPAN, nTLSMD, LSMAOE
	 * (DDI 0487 D23.2 SCTLR_EL1; "RES1 otherwise" in each field) */
	assert_int_equal(SCTLR_EL1_RES1, 0);
	assert_int_equal(SCTLR_EL1_EOS_SHIFT, 11);
	assert_int_equal(SCTLR_EL1_TSCXT_SHIFT, 20);
	assert_int_equal(SCTLR_EL1_EIS_SHIFT, 22);
	assert_int_equal(SCTLR_EL1_SPAN_SHIFT, 23);
	assert_int_equal(SCTLR_EL1_NTLSMD_SHIFT, 28);
	assert_int_equal(SCTLR_EL1_LSMAOE_SHIFT, 29);
	assert_int_equal(CPACR_EL1_RES0,
			 BITS(63, 32) | BITS(27, 26) | BITS(23, 22) | BITS(19, 18) | BITS(15, 0));
	assert_int_equal(TCR_EL1_RES0, BITS(63, 62) | BITS(35, 35) | BITS(6, 6));
	assert_int_equal(MDSCR_EL1_RES0, BITS(63, 36) | BITS(28, 28) | BITS(25, 24) | BITS(20, 20) |
						 BITS(18, 16) | BITS(11, 7) | BITS(5, 1));
	assert_int_equal(MDCR_EL2_RES0, BITS(63, 51) | BITS(49, 44) | BITS(42, 42) | BITS(39, 37) |
						BITS(35, 32) | BITS(22, 20) | BITS(18, 18) |
						BITS(16, 16));
	assert_int_equal(VTCR_EL2_RES0,
			 BITS(63, 46) | BITS(43, 42) | BITS(39, 39) | BITS(24, 23) | BITS(20, 20));
	assert_int_equal(VTCR_EL2_RES1, BITS(31, 31));
	assert_int_equal(HCRX_EL2_RES0, BITS(63, 35) | BITS(31, 28) | BITS(25, 25) | BITS(13, 12));
	assert_int_equal(HPFAR_EL2_RES0, BITS(62, 48) | BITS(3, 0));
	assert_int_equal(CTR_EL0_RES0, BITS(63, 38) | BITS(30, 30) | BITS(13, 4));
	assert_int_equal(CTR_EL0_RES1, BITS(31, 31));
	assert_int_equal(FPCR_RES0, BITS(63, 27) | BITS(14, 14) | BITS(7, 3));
	assert_int_equal(ISR_EL1_RES0, BITS(63, 11) | BITS(5, 0));
	assert_int_equal(ID_AA64ISAR0_EL1_RES0, BITS(27, 24) | BITS(3, 0));
	assert_int_equal(ID_AA64AFR1_EL1_RES0, ~UINT64_C(0));
	assert_int_equal(HFGWTR_EL2_RES0, BITS(51, 51) | BITS(46, 46) | BITS(42, 42) |
						  BITS(40, 40) | BITS(28, 28) | BITS(26, 25) |
						  BITS(21, 21) | BITS(18, 18) | BITS(15, 14) |
						  BITS(10, 9) | BITS(2, 2));
	assert_int_equal(HFGRTR_EL2_RES0, BITS(51, 51));
	assert_int_equal(HFGITR_EL2_RES0, BITS(61, 61));
	assert_int_equal(HDFGRTR_EL2_RES0,
			 BITS(49, 49) | BITS(42, 42) | BITS(39, 38) | BITS(21, 20) | BITS(8, 8));
	assert_int_equal(HDFGWTR_EL2_RES0, BITS(63, 63) | BITS(59, 58) | BITS(51, 51) |
						   BITS(47, 47) | BITS(43, 43) | BITS(40, 38) |
						   BITS(34, 34) | BITS(30, 30) | BITS(22, 22) |
						   BITS(9, 9) | BITS(6, 6));
	assert_int_equal(HAFGRTR_EL2_RES0, BITS(63, 50) | BITS(16, 5));
	assert_int_equal(MDCCINT_EL1_RES0, BITS(63, 31) | BITS(28, 0));
	assert_int_equal(OSLAR_EL1_RES0, BITS(63, 1));
	assert_int_equal(ZCR_EL1_RES0, BITS(63, 4)); /* Res0 63:9, Raz 8:4 */
	assert_int_equal(PMSELR_EL0_RES0, BITS(63, 5));
	/* GICv2 (IHI 0048B): reserved bits of the distributor and list registers */
	assert_int_equal(GICD_TYPER_RES0, BITS(31, 16) | BITS(9, 8));
	assert_int_equal(GICH_LR_RES0, BITS(22, 20));
}

/* PMUv3: ARM DDI 0487 D23.4, Linux include/linux/perf/arm_pmuv3.h. */
static void pmu(void **state)
{
	(void)state;
	assert_int_equal(PMCR_EL0_ENC, ENC(3, 3, 9, 12, 0));
	assert_int_equal(PMCNTENSET_EL0_ENC, ENC(3, 3, 9, 12, 1));
	assert_int_equal(PMCNTENCLR_EL0_ENC, ENC(3, 3, 9, 12, 2));
	assert_int_equal(PMOVSCLR_EL0_ENC, ENC(3, 3, 9, 12, 3));
	assert_int_equal(PMSWINC_EL0_ENC, ENC(3, 3, 9, 12, 4));
	assert_int_equal(PMSELR_EL0_ENC, ENC(3, 3, 9, 12, 5));
	assert_int_equal(PMCEID0_EL0_ENC, ENC(3, 3, 9, 12, 6));
	assert_int_equal(PMCEID1_EL0_ENC, ENC(3, 3, 9, 12, 7));
	assert_int_equal(PMCCNTR_EL0_ENC, ENC(3, 3, 9, 13, 0));
	assert_int_equal(PMXEVTYPER_EL0_ENC, ENC(3, 3, 9, 13, 1));
	assert_int_equal(PMXEVCNTR_EL0_ENC, ENC(3, 3, 9, 13, 2));
	assert_int_equal(PMUSERENR_EL0_ENC, ENC(3, 3, 9, 14, 0));
	assert_int_equal(PMINTENSET_EL1_ENC, ENC(3, 0, 9, 14, 1));
	assert_int_equal(PMINTENCLR_EL1_ENC, ENC(3, 0, 9, 14, 2));
	assert_int_equal(PMOVSSET_EL0_ENC, ENC(3, 3, 9, 14, 3));
	assert_int_equal(PMEVCNTR_EL0_ENC(0), ENC(3, 3, 14, 8, 0));
	assert_int_equal(PMEVCNTR_EL0_ENC(30), ENC(3, 3, 14, 11, 6));
	assert_int_equal(PMEVTYPER_EL0_ENC(9), ENC(3, 3, 14, 13, 1));
	assert_int_equal(PMEVTYPER_EL0_COUNT, 31);
	assert_int_equal(PMCCFILTR_EL0_ENC, ENC(3, 3, 14, 15, 7));
	assert_int_equal(PMCR_EL0_E_MASK, 1u << 0);
	assert_int_equal(PMCR_EL0_P_MASK, 1u << 1);
	assert_int_equal(PMCR_EL0_C_MASK, 1u << 2);
	assert_int_equal(PMCR_EL0_D_MASK, 1u << 3);
	assert_int_equal(PMCR_EL0_X_MASK, 1u << 4);
	assert_int_equal(PMCR_EL0_DP_MASK, 1u << 5);
	assert_int_equal(PMCR_EL0_LC_MASK, 1u << 6);
	assert_int_equal(PMCR_EL0_LP_MASK, 1u << 7);
	assert_int_equal(PMCR_EL0_N_MASK, BITS(15, 11));
	assert_int_equal(PMOVSCLR_EL0_P_MASK, BITS(30, 0));
	assert_int_equal(PMOVSCLR_EL0_C_MASK, BITS(31, 31));
	assert_int_equal(PMCNTENSET_EL0_F0_MASK, BITS(32, 32)); /* PMZR_EL0 in sysreg */
	assert_int_equal(PMEVTYPER_EL0_EVTCOUNT_MASK, BITS(15, 0));
	assert_int_equal(PMEVTYPER_EL0_TH_MASK, BITS(43, 32));
	assert_int_equal(PMEVTYPER_EL0_TC_MASK, BITS(63, 61));
	assert_int_equal(PMEVTYPER_EL0_P_SHIFT, 31); /* ARMV8_PMU_EXCLUDE_EL1 */
	assert_int_equal(PMEVTYPER_EL0_U_SHIFT, 30);
	assert_int_equal(PMEVTYPER_EL0_NSK_SHIFT, 29);
	assert_int_equal(PMEVTYPER_EL0_NSU_SHIFT, 28);
	assert_int_equal(PMEVTYPER_EL0_NSH_SHIFT, 27); /* ARMV8_PMU_INCLUDE_EL2 */
	assert_int_equal(PMEVTYPER_EL0_M_SHIFT, 26);
	assert_int_equal(PMEVTYPER_EL0_VS_MASK, BITS(57, 56)); /* as PMICFILTR_EL0 */
	assert_int_equal(PMCCFILTR_EL0_P_SHIFT, 31);
	assert_int_equal(PMUSERENR_EL0_EN_SHIFT, 0);
	assert_int_equal(PMUSERENR_EL0_SW_SHIFT, 1);
	assert_int_equal(PMUSERENR_EL0_CR_SHIFT, 2);
	assert_int_equal(PMUSERENR_EL0_ER_SHIFT, 3);
	assert_int_equal(PMUSERENR_EL0_UEN_SHIFT, 4);
	assert_int_equal(PMSELR_EL0_SEL_MASK, BITS(4, 0));
	/* the counter-bit layout is shared: one value, six registers */
	assert_int_equal(pmintenclr_el1_c_set(0, 1), PMOVSSET_EL0_C_MASK);
}

/* Debug: ARM DDI 0487 D23.3, Linux sysreg.h, hw_breakpoint.h and tools/sysreg, QEMU. */
static void debug(void **state)
{
	(void)state;
	assert_int_equal(DBGBVR_EL1_ENC(0), ENC(2, 0, 0, 0, 4));
	assert_int_equal(DBGBVR_EL1_ENC(15), ENC(2, 0, 0, 15, 4));
	assert_int_equal(DBGBCR_EL1_ENC(7), ENC(2, 0, 0, 7, 5));
	assert_int_equal(DBGWVR_EL1_ENC(3), ENC(2, 0, 0, 3, 6));
	assert_int_equal(DBGWCR_EL1_ENC(15), ENC(2, 0, 0, 15, 7));
	assert_int_equal(MDCCINT_EL1_ENC, ENC(2, 0, 0, 2, 0));
	assert_int_equal(MDSCR_EL1_ENC, ENC(2, 0, 0, 2, 2));
	assert_int_equal(OSLAR_EL1_ENC, ENC(2, 0, 1, 0, 4));
	assert_int_equal(OSLSR_EL1_ENC, ENC(2, 0, 1, 1, 4));
	assert_int_equal(OSDLR_EL1_ENC, ENC(2, 0, 1, 3, 4));
	assert_int_equal(DBGVCR32_EL2_ENC, ENC(2, 4, 0, 7, 0));
	assert_int_equal(DBGCLAIMSET_EL1_ENC, ENC(2, 0, 7, 8, 6));
	assert_int_equal(DBGCLAIMCLR_EL1_ENC, ENC(2, 0, 7, 9, 6));
	assert_int_equal(DBGAUTHSTATUS_EL1_ENC, ENC(2, 0, 7, 14, 6));
	/* hw_breakpoint.h encode_ctrl_reg(): mask << 24 | len << 5 | type << 3 | priv << 1 | en */
	assert_int_equal(DBGWCR_EL1_MASK_MASK, BITS(28, 24));
	assert_int_equal(DBGWCR_EL1_BAS_MASK, BITS(12, 5));
	assert_int_equal(DBGWCR_EL1_LSC_MASK, BITS(4, 3));
	assert_int_equal(DBGWCR_EL1_PAC_MASK, BITS(2, 1));
	/* QEMU target/arm/internals.h FIELD(DBGWCR, ...) */
	assert_int_equal(DBGWCR_EL1_HMC_SHIFT, 13);
	assert_int_equal(DBGWCR_EL1_SSC_MASK, BITS(15, 14));
	assert_int_equal(DBGWCR_EL1_LBN_MASK, BITS(19, 16));
	assert_int_equal(DBGWCR_EL1_WT_SHIFT, 20);
	assert_int_equal(DBGWCR_EL1_SSCE_SHIFT, 29);
	/* QEMU debug_helper.c: extract64(bcr, 20, 4) is the breakpoint type */
	assert_int_equal(DBGBCR_EL1_BT_MASK, BITS(23, 20));
	assert_int_equal(DBGBCR_EL1_BAS_MASK, BITS(8, 5));
	/* Arm's register data: DBGAUTHSTATUS_EL1 */
	assert_int_equal(DBGAUTHSTATUS_EL1_RLID_MASK, BITS(13, 12));
	assert_int_equal(DBGAUTHSTATUS_EL1_RTNID_MASK, BITS(27, 26));
	assert_int_equal(DBGBCR_EL1_PMC_MASK, BITS(2, 1));
	assert_int_equal(OSLSR_EL1_OSLK_MASK, BITS(1, 1));
	assert_int_equal(OSLSR_EL1_OSLM0_MASK | OSLSR_EL1_OSLM1_MASK, BITS(3, 3) | BITS(0, 0));
	assert_int_equal(MDCCINT_EL1_RX_SHIFT, 30);
	assert_int_equal(MDCCINT_EL1_TX_SHIFT, 29);
}

/* Fine-grained traps, SVE, PAuth, RAS, ID registers (Linux tools/sysreg, QEMU). */
static void el2_traps_and_ids(void **state)
{
	(void)state;
	assert_int_equal(HFGRTR_EL2_ENC, ENC(3, 4, 1, 1, 4));
	assert_int_equal(HFGWTR_EL2_ENC, ENC(3, 4, 1, 1, 5));
	assert_int_equal(HFGITR_EL2_ENC, ENC(3, 4, 1, 1, 6));
	assert_int_equal(HDFGRTR_EL2_ENC, ENC(3, 4, 3, 1, 4));
	assert_int_equal(HDFGWTR_EL2_ENC, ENC(3, 4, 3, 1, 5));
	assert_int_equal(HAFGRTR_EL2_ENC, ENC(3, 4, 3, 1, 6));
	assert_int_equal(HFGRTR_EL2_NAMAIR2_EL1_SHIFT, 63);
	assert_int_equal(HFGRTR_EL2_APIAKEY_SHIFT, 7);
	assert_int_equal(HFGITR_EL2_ERET_SHIFT, 51);
	assert_int_equal(HDFGWTR_EL2_PMCR_EL0_SHIFT, 21);
	assert_int_equal(HAFGRTR_EL2_AMCNTEN1_SHIFT, 17);
	assert_int_equal(ZCR_EL1_ENC, ENC(3, 0, 1, 2, 0));
	assert_int_equal(ZCR_EL2_ENC, ENC(3, 4, 1, 2, 0));
	assert_int_equal(ZCR_EL2_LEN_MASK, BITS(3, 0));
	assert_int_equal(APIAKEYLO_EL1_ENC, ENC(3, 0, 2, 1, 0));
	assert_int_equal(APDBKEYHI_EL1_ENC, ENC(3, 0, 2, 2, 3));
	assert_int_equal(APGAKEYHI_EL1_ENC, ENC(3, 0, 2, 3, 1));
	assert_int_equal(DISR_EL1_ENC, ENC(3, 0, 12, 1, 1));
	assert_int_equal(VDISR_EL2_ENC, ENC(3, 4, 12, 1, 1));
	assert_int_equal(VSESR_EL2_ENC, ENC(3, 4, 5, 2, 3));
	assert_int_equal(TTBR1_EL2_ENC, ENC(3, 4, 2, 0, 1));
	assert_int_equal(SP_EL2_ENC, ENC(3, 6, 4, 1, 0));
	assert_int_equal(DISR_EL1_A_SHIFT, 31);
	assert_int_equal(VDISR_EL2_IDS_SHIFT, 24);
	assert_int_equal(SPSR_EL2_EXLOCK_SHIFT, 34); /* QEMU PSTATE_EXLOCK */
	assert_int_equal(ID_AA64PFR2_EL1_ENC, ENC(3, 0, 0, 4, 2));
	assert_int_equal(ID_AA64ZFR0_EL1_ENC, ENC(3, 0, 0, 4, 4));
	assert_int_equal(ID_AA64SMFR0_EL1_ENC, ENC(3, 0, 0, 4, 5));
	assert_int_equal(ID_AA64DFR1_EL1_ENC, ENC(3, 0, 0, 5, 1));
	assert_int_equal(ID_AA64AFR1_EL1_ENC, ENC(3, 0, 0, 5, 5));
	assert_int_equal(ID_AA64ISAR3_EL1_ENC, ENC(3, 0, 0, 6, 3));
	assert_int_equal(ID_AA64MMFR4_EL1_ENC, ENC(3, 0, 0, 7, 4));
	assert_int_equal(ID_AA64PFR2_EL1_FPMR_MASK, BITS(35, 32));
	assert_int_equal(ID_AA64ZFR0_EL1_SVEVER_MASK, BITS(3, 0));
	assert_int_equal(ID_AA64SMFR0_EL1_FA64_MASK, BITS(63, 63));
	assert_int_equal(ID_AA64SMFR0_EL1_SMEVER_MASK, BITS(59, 56));
	assert_int_equal(ID_AA64DFR1_EL1_BRPS_MASK, BITS(15, 8));
	assert_int_equal(ID_AA64ISAR3_EL1_CPA_MASK, BITS(3, 0));
	assert_int_equal(ID_AA64MMFR4_EL1_E2H0_MASK, BITS(27, 24));
}

/* PL011 TRM (ARM DDI 0183G) 3.2 register summary and 3.3 descriptions. */
static void pl011(void **state)
{
	(void)state;
	assert_int_equal(PL011_DR_OFFSET, 0x000);
	assert_int_equal(PL011_RSR_OFFSET, 0x004);
	assert_int_equal(PL011_FR_OFFSET, 0x018);
	assert_int_equal(PL011_IBRD_OFFSET, 0x024);
	assert_int_equal(PL011_LCR_H_OFFSET, 0x02c);
	assert_int_equal(PL011_CR_OFFSET, 0x030);
	assert_int_equal(PL011_IMSC_OFFSET, 0x038);
	assert_int_equal(PL011_ICR_OFFSET, 0x044);
	assert_int_equal(PL011_DMACR_OFFSET, 0x048);
	assert_int_equal(PL011_PERIPHID_OFFSET(0), 0xfe0);
	assert_int_equal(PL011_PCELLID_OFFSET(3), 0xffc);
	assert_int_equal(PL011_FR_TXFF_MASK, 1u << 5);
	assert_int_equal(PL011_FR_RXFE_MASK, 1u << 4);
	assert_int_equal(PL011_FR_BUSY_MASK, 1u << 3);
	assert_int_equal(PL011_LCR_H_WLEN_MASK, 3u << 5);
	assert_int_equal(PL011_LCR_H_FEN_MASK, 1u << 4);
	assert_int_equal(PL011_CR_RXE_MASK, 1u << 9);
	assert_int_equal(PL011_CR_RESET, 0x0300);
	assert_int_equal(PL011_IFLS_RESET, 0x12);
	assert_int_equal(PL011_IMSC_RX_MASK, 1u << 4);
	assert_int_equal(PL011_IMSC_RT_MASK, 1u << 6);
	assert_int_equal(PL011_DR_RES0, 0xfffff000u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(enc_macro),
		cmocka_unit_test(hcr_el2),
		cmocka_unit_test(esr_el2),
		cmocka_unit_test(vtcr_el2),
		cmocka_unit_test(el2_encodings),
		cmocka_unit_test(ich_el2),
		cmocka_unit_test(gich),
		cmocka_unit_test(gicd),
		cmocka_unit_test(gicc),
		cmocka_unit_test(res0_res1),
		cmocka_unit_test(pmu),
		cmocka_unit_test(debug),
		cmocka_unit_test(el2_traps_and_ids),
		cmocka_unit_test(pl011),
	};

	return cmocka_run_group_tests_name("known ARM values", tests, NULL, NULL);
}
