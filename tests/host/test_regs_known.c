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
 * register map and field layouts; GICv3 (IHI 0069): GICD/GICR register maps,
 * ICC_* encodings.  Each expected value here is typed in from those
 * documents, not derived from the specs, so a wrong spec fails.  Every
 * register block of regs/ is sampled here (the generated host tests check
 * only the accessors' behaviour), including every encoding LLVM has no
 * name for (tests/cross/check_objdump.py lists them).
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
#include "gicv3/gicv3_regs.h"
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
	assert_int_equal(ID_AA64MMFR3_EL1_ENC, ENC(3, 0, 0, 7, 3));
	assert_int_equal(ID_AA64PFR2_EL1_FPMR_MASK, BITS(35, 32));
	assert_int_equal(ID_AA64ZFR0_EL1_SVEVER_MASK, BITS(3, 0));
	assert_int_equal(ID_AA64SMFR0_EL1_FA64_MASK, BITS(63, 63));
	assert_int_equal(ID_AA64SMFR0_EL1_SMEVER_MASK, BITS(59, 56));
	assert_int_equal(ID_AA64DFR1_EL1_BRPS_MASK, BITS(15, 8));
	assert_int_equal(ID_AA64ISAR3_EL1_CPA_MASK, BITS(3, 0));
	assert_int_equal(ID_AA64MMFR4_EL1_E2H0_MASK, BITS(27, 24));
}

/* PL011 TRM (ARM DDI 0183G) 3.2 register summary and 3.3 descriptions. */
/*
 * The EL1 context registers and ESR_EL1 as the test guests decode it.
 * Arm ARM (DDI 0487): each register's "Accessing <register>" encoding;
 * SCTLR_EL1 and ESR_EL1 field descriptions; the exception class (EC) and
 * data/instruction fault status code (DFSC/IFSC) tables of ESR_ELx.
 */
static void el1(void **state)
{
	(void)state;
	assert_int_equal(SCTLR_EL1_ENC, ENC(3, 0, 1, 0, 0));
	assert_int_equal(CPACR_EL1_ENC, ENC(3, 0, 1, 0, 2));
	assert_int_equal(TTBR0_EL1_ENC, ENC(3, 0, 2, 0, 0));
	assert_int_equal(TTBR1_EL1_ENC, ENC(3, 0, 2, 0, 1));
	assert_int_equal(TCR_EL1_ENC, ENC(3, 0, 2, 0, 2));
	assert_int_equal(SPSR_EL1_ENC, ENC(3, 0, 4, 0, 0));
	assert_int_equal(ELR_EL1_ENC, ENC(3, 0, 4, 0, 1));
	assert_int_equal(ESR_EL1_ENC, ENC(3, 0, 5, 2, 0));
	assert_int_equal(FAR_EL1_ENC, ENC(3, 0, 6, 0, 0));
	assert_int_equal(MAIR_EL1_ENC, ENC(3, 0, 10, 2, 0));
	assert_int_equal(VBAR_EL1_ENC, ENC(3, 0, 12, 0, 0));
	assert_int_equal(CONTEXTIDR_EL1_ENC, ENC(3, 0, 13, 0, 1));
	assert_int_equal(TPIDR_EL1_ENC, ENC(3, 0, 13, 0, 4));
	assert_int_equal(CNTKCTL_EL1_ENC, ENC(3, 0, 14, 1, 0));

	assert_int_equal(SCTLR_EL1_M_SHIFT, 0);
	assert_int_equal(SCTLR_EL1_A_SHIFT, 1);
	assert_int_equal(SCTLR_EL1_C_SHIFT, 2);
	assert_int_equal(SCTLR_EL1_SA_SHIFT, 3);
	assert_int_equal(SCTLR_EL1_I_SHIFT, 12);
	assert_int_equal(SCTLR_EL1_WXN_SHIFT, 19);
	assert_int_equal(SCTLR_EL1_EE_SHIFT, 25);

	/* ESR_EL1: EC [31:26], IL [25], ISS [24:0]; data abort WnR [6], DFSC [5:0] */
	assert_int_equal(ESR_EL1_EC_SHIFT, 26);
	assert_int_equal(ESR_EL1_EC_WIDTH, 6);
	assert_int_equal(ESR_EL1_IL_MASK, UINT64_C(1) << 25);
	assert_int_equal(ESR_EL1_ISS_MASK, UINT64_C(0x1ffffff));
	assert_int_equal(ESR_EL1_WNR_MASK, UINT64_C(1) << 6);
	assert_int_equal(ESR_EL1_DFSC_MASK, 0x3f);
	assert_int_equal(ESR_EL1_IFSC_MASK, 0x3f);
	assert_int_equal(ESR_EL1_EC_UNKNOWN, 0x00);
	assert_int_equal(ESR_EL1_EC_SVC32, 0x11);
	assert_int_equal(ESR_EL1_EC_SVC64, 0x15);
	assert_int_equal(ESR_EL1_EC_IABT_LOW, 0x20);
	assert_int_equal(ESR_EL1_EC_IABT_CUR, 0x21);
	assert_int_equal(ESR_EL1_EC_PC_ALIGN, 0x22);
	assert_int_equal(ESR_EL1_EC_DABT_LOW, 0x24);
	assert_int_equal(ESR_EL1_EC_DABT_CUR, 0x25);
	assert_int_equal(ESR_EL1_EC_SP_ALIGN, 0x26);
	assert_int_equal(ESR_EL1_EC_SOFTSTP_CUR, 0x33);
	assert_int_equal(ESR_EL1_DFSC_TRANS_L3, 0x07);
	assert_int_equal(ESR_EL1_DFSC_SYNC_EXT, 0x10);
	assert_int_equal(ESR_EL1_DFSC_ALIGNMENT, 0x21);
	/* a data abort at EL1 on a store, synchronous external abort: 0x96000050 */
	assert_int_equal(esr_el1_ec_get(UINT64_C(0x96000050)), 0x25);
	assert_int_equal(esr_el1_wnr_get(UINT64_C(0x96000050)), 1);
	assert_int_equal(esr_el1_dfsc_get(UINT64_C(0x96000050)), 0x10);

	aarch64_sysreg_mock_reset();
	aarch64_sysreg_mock_file[ENC(3, 0, 5, 2, 0)] = UINT64_C(0x56000000); /* SVC #0 */
	assert_int_equal(esr_el1_ec_get(esr_el1_read()), 0x15);
	vbar_el1_write(0x40080800);
	assert_int_equal(aarch64_sysreg_mock_file[ENC(3, 0, 12, 0, 0)], 0x40080800);
}

/*
 * The generic timer: Arm ARM (DDI 0487), "The Generic Timer in AArch64
 * state", register descriptions; CNT*_CTL_EL0: ENABLE [0], IMASK [1],
 * ISTATUS [2].
 */
static void timer(void **state)
{
	(void)state;
	assert_int_equal(CNTFRQ_EL0_ENC, ENC(3, 3, 14, 0, 0));
	assert_int_equal(CNTPCT_EL0_ENC, ENC(3, 3, 14, 0, 1));
	assert_int_equal(CNTP_CTL_EL0_ENC, ENC(3, 3, 14, 2, 1));
	assert_int_equal(CNTP_CVAL_EL0_ENC, ENC(3, 3, 14, 2, 2));
	assert_int_equal(CNTV_CVAL_EL0_ENC, ENC(3, 3, 14, 3, 2));
	assert_int_equal(CNTVOFF_EL2_ENC, ENC(3, 4, 14, 0, 3));
	assert_int_equal(CNTHP_CTL_EL2_ENC, ENC(3, 4, 14, 2, 1));
	assert_int_equal(CNTV_CTL_EL0_ENABLE_SHIFT, 0);
	assert_int_equal(CNTV_CTL_EL0_IMASK_SHIFT, 1);
	assert_int_equal(CNTV_CTL_EL0_ISTATUS_SHIFT, 2);

	aarch64_sysreg_mock_reset();
	cntv_ctl_el0_write(CNTV_CTL_EL0_ENABLE_MASK | CNTV_CTL_EL0_IMASK_MASK);
	assert_int_equal(aarch64_sysreg_mock_file[ENC(3, 3, 14, 3, 1)], 0x3);
}

/*
 * PSTATE access registers: Arm ARM (DDI 0487), "Special-purpose registers":
 * CurrentEL.EL [3:2], DAIF D/A/I/F [9:6], ALLINT [13] (FEAT_NMI).
 * ALLINT is one of the encodings LLVM has no name for
 * (tests/cross/check_objdump.py).
 */
static void special(void **state)
{
	(void)state;
	assert_int_equal(SPSEL_ENC, ENC(3, 0, 4, 2, 0));
	assert_int_equal(CURRENTEL_ENC, ENC(3, 0, 4, 2, 2));
	assert_int_equal(PAN_ENC, ENC(3, 0, 4, 2, 3));
	assert_int_equal(ALLINT_ENC, ENC(3, 0, 4, 3, 0));
	assert_int_equal(NZCV_ENC, ENC(3, 3, 4, 2, 0));
	assert_int_equal(DAIF_ENC, ENC(3, 3, 4, 2, 1));
	assert_int_equal(CURRENTEL_EL_SHIFT, 2);
	assert_int_equal(CURRENTEL_EL_WIDTH, 2);
	assert_int_equal(DAIF_F_SHIFT, 6);
	assert_int_equal(DAIF_I_SHIFT, 7);
	assert_int_equal(DAIF_A_SHIFT, 8);
	assert_int_equal(DAIF_D_SHIFT, 9);
	assert_int_equal(ALLINT_ALLINT_SHIFT, 13);
	/* CurrentEL reads 0x8 at EL2 */
	assert_int_equal(currentel_el_get(0x8), 2);
}

/*
 * The GICv3 CPU interface registers: IHI 0069 (GICv3/v4), "AArch64 GIC
 * System register descriptions", each register's encoding and layout.
 */
static void icc(void **state)
{
	unsigned int n;

	(void)state;
	assert_int_equal(ICC_PMR_EL1_ENC, ENC(3, 0, 4, 6, 0));
	assert_int_equal(ICC_DIR_EL1_ENC, ENC(3, 0, 12, 11, 1));
	assert_int_equal(ICC_IAR1_EL1_ENC, ENC(3, 0, 12, 12, 0));
	assert_int_equal(ICC_EOIR1_EL1_ENC, ENC(3, 0, 12, 12, 1));
	assert_int_equal(ICC_BPR1_EL1_ENC, ENC(3, 0, 12, 12, 3));
	assert_int_equal(ICC_CTLR_EL1_ENC, ENC(3, 0, 12, 12, 4));
	assert_int_equal(ICC_SRE_EL1_ENC, ENC(3, 0, 12, 12, 5));
	assert_int_equal(ICC_IGRPEN1_EL1_ENC, ENC(3, 0, 12, 12, 7));
	for (n = 0; n < 4; n++) {
		assert_int_equal(ICC_AP0R_EL1_ENC(n), ENC(3, 0, 12, 8, 4 + n));
		assert_int_equal(ICC_AP1R_EL1_ENC(n), ENC(3, 0, 12, 9, n));
	}
	/* ICC_SGI1R_EL1: TargetList [15:0], Aff1 [23:16], INTID [27:24],
	 * Aff2 [39:32], IRM [40], RS [47:44], Aff3 [55:48] */
	assert_int_equal(ICC_SGI1R_EL1_TARGETLIST_WIDTH, 16);
	assert_int_equal(ICC_SGI1R_EL1_AFF1_SHIFT, 16);
	assert_int_equal(ICC_SGI1R_EL1_INTID_SHIFT, 24);
	assert_int_equal(ICC_SGI1R_EL1_INTID_WIDTH, 4);
	assert_int_equal(ICC_SGI1R_EL1_AFF2_SHIFT, 32);
	assert_int_equal(ICC_SGI1R_EL1_IRM_SHIFT, 40);
	assert_int_equal(ICC_SGI1R_EL1_RS_SHIFT, 44);
	assert_int_equal(ICC_SGI1R_EL1_AFF3_SHIFT, 48);
	/* ICC_SRE_ELx: SRE [0], DFB [1], DIB [2], Enable [3] (EL2) */
	assert_int_equal(ICC_SRE_EL1_SRE_SHIFT, 0);
	assert_int_equal(ICC_SRE_EL1_DIB_SHIFT, 2);
	assert_int_equal(ICC_SRE_EL2_ENABLE_SHIFT, 3);
}

/*
 * The GICv2 virtual CPU interface: IHI 0048B, "GIC virtual CPU interface
 * register map" (the GICC layout, seen by the guest) and GICV_CTLR.
 */
static void gicv(void **state)
{
	(void)state;
	assert_int_equal(GICV_CTLR_OFFSET, 0x00);
	assert_int_equal(GICV_PMR_OFFSET, 0x04);
	assert_int_equal(GICV_BPR_OFFSET, 0x08);
	assert_int_equal(GICV_IAR_OFFSET, 0x0c);
	assert_int_equal(GICV_EOIR_OFFSET, 0x10);
	assert_int_equal(GICV_RPR_OFFSET, 0x14);
	assert_int_equal(GICV_HPPIR_OFFSET, 0x18);
	assert_int_equal(GICV_ABPR_OFFSET, 0x1c);
	assert_int_equal(GICV_AIAR_OFFSET, 0x20);
	assert_int_equal(GICV_AEOIR_OFFSET, 0x24);
	assert_int_equal(GICV_AHPPIR_OFFSET, 0x28);
	assert_int_equal(GICV_APR_OFFSET(0), 0xd0);
	assert_int_equal(GICV_IIDR_OFFSET, 0xfc);
	assert_int_equal(GICV_DIR_OFFSET, 0x1000);
	assert_int_equal(GICV_CTLR_ENABLEGRP0_SHIFT, 0);
	assert_int_equal(GICV_CTLR_ENABLEGRP1_SHIFT, 1);
	assert_int_equal(GICV_CTLR_ACKCTL_SHIFT, 2);
	assert_int_equal(GICV_CTLR_FIQEN_SHIFT, 3);
	assert_int_equal(GICV_CTLR_CBPR_SHIFT, 4);
	assert_int_equal(GICV_CTLR_EOIMODE_SHIFT, 9);
	assert_int_equal(GICV_IAR_INTERRUPTID_WIDTH, 10);
	assert_int_equal(GICV_IAR_CPUID_SHIFT, 10);
}

/*
 * The GICv3 distributor: IHI 0069 (GICv3/v4), the Distributor register
 * map and the GICD_CTLR, GICD_TYPER, GICD_IROUTER<n>, GICD_PIDR2
 * descriptions.
 */
static void gicd3(void **state)
{
	(void)state;
	assert_int_equal(GICD3_CTLR_OFFSET, 0x0000);
	assert_int_equal(GICD3_TYPER_OFFSET, 0x0004);
	assert_int_equal(GICD3_IIDR_OFFSET, 0x0008);
	assert_int_equal(GICD3_TYPER2_OFFSET, 0x000c);
	assert_int_equal(GICD3_STATUSR_OFFSET, 0x0010);
	assert_int_equal(GICD3_SETSPI_NSR_OFFSET, 0x0040);
	assert_int_equal(GICD3_CLRSPI_NSR_OFFSET, 0x0048);
	assert_int_equal(GICD3_IGROUPR_OFFSET(0), 0x0080);
	assert_int_equal(GICD3_ISENABLER_OFFSET(1), 0x0104);
	assert_int_equal(GICD3_ICENABLER_OFFSET(0), 0x0180);
	assert_int_equal(GICD3_ISPENDR_OFFSET(0), 0x0200);
	assert_int_equal(GICD3_ICPENDR_OFFSET(0), 0x0280);
	assert_int_equal(GICD3_ISACTIVER_OFFSET(0), 0x0300);
	assert_int_equal(GICD3_ICACTIVER_OFFSET(0), 0x0380);
	assert_int_equal(GICD3_IPRIORITYR_OFFSET(8), 0x0420);
	assert_int_equal(GICD3_ICFGR_OFFSET(2), 0x0c08);
	assert_int_equal(GICD3_IGRPMODR_OFFSET(0), 0x0d00);
	assert_int_equal(GICD3_NSACR_OFFSET(0), 0x0e00);
	assert_int_equal(GICD3_IROUTER_OFFSET(32), 0x6100);
	assert_int_equal(GICD3_IROUTER_OFFSET(1019), 0x7fd8);
	assert_int_equal(GICD3_PIDR2_OFFSET, 0xffe8);

	/* GICD_CTLR, Non-secure view / single Security state view */
	assert_int_equal(GICD3_CTLR_NS_ENABLEGRP1_SHIFT, 0);
	assert_int_equal(GICD3_CTLR_NS_ENABLEGRP1A_SHIFT, 1);
	assert_int_equal(GICD3_CTLR_NS_ARE_NS_SHIFT, 4);
	assert_int_equal(GICD3_CTLR_ENABLEGRP0_SHIFT, 0);
	assert_int_equal(GICD3_CTLR_ENABLEGRP1NS_SHIFT, 1);
	assert_int_equal(GICD3_CTLR_ENABLEGRP1S_SHIFT, 2);
	assert_int_equal(GICD3_CTLR_ARE_S_SHIFT, 4);
	assert_int_equal(GICD3_CTLR_ARE_NS_SHIFT, 5);
	assert_int_equal(GICD3_CTLR_DS_SHIFT, 6);
	assert_int_equal(GICD3_CTLR_RWP_SHIFT, 31);
	/* GICD_TYPER */
	assert_int_equal(GICD3_TYPER_ITLINESNUMBER_WIDTH, 5);
	assert_int_equal(GICD3_TYPER_CPUNUMBER_SHIFT, 5);
	assert_int_equal(GICD3_TYPER_SECURITYEXTN_SHIFT, 10);
	assert_int_equal(GICD3_TYPER_LPIS_SHIFT, 17);
	assert_int_equal(GICD3_TYPER_IDBITS_SHIFT, 19);
	assert_int_equal(GICD3_TYPER_IDBITS_WIDTH, 5);
	/* GICD_IROUTER<n>: Aff0 [7:0], Aff1 [15:8], Aff2 [23:16],
	 * Interrupt_Routing_Mode [31], Aff3 [39:32] */
	assert_int_equal(GICD3_IROUTER_AFF1_SHIFT, 8);
	assert_int_equal(GICD3_IROUTER_AFF2_SHIFT, 16);
	assert_int_equal(GICD3_IROUTER_INTERRUPT_ROUTING_MODE_SHIFT, 31);
	assert_int_equal(GICD3_IROUTER_AFF3_SHIFT, 32);
	assert_int_equal(GICD3_IROUTER_AFF3_WIDTH, 8);
}

/*
 * The GICv3 redistributor: IHI 0069 (GICv3/v4), the RD_base and SGI_base
 * register maps (SGI_base is RD_base + 64 KiB, so its offsets here are
 * 0x10000 + the documented ones) and the GICR_TYPER, GICR_WAKER
 * descriptions.
 */
static void gicr(void **state)
{
	(void)state;
	assert_int_equal(GICR_CTLR_OFFSET, 0x0000);
	assert_int_equal(GICR_IIDR_OFFSET, 0x0004);
	assert_int_equal(GICR_TYPER_OFFSET, 0x0008);
	assert_int_equal(GICR_STATUSR_OFFSET, 0x0010);
	assert_int_equal(GICR_WAKER_OFFSET, 0x0014);
	assert_int_equal(GICR_SETLPIR_OFFSET, 0x0040);
	assert_int_equal(GICR_CLRLPIR_OFFSET, 0x0048);
	assert_int_equal(GICR_PROPBASER_OFFSET, 0x0070);
	assert_int_equal(GICR_PENDBASER_OFFSET, 0x0078);
	assert_int_equal(GICR_INVLPIR_OFFSET, 0x00a0);
	assert_int_equal(GICR_INVALLR_OFFSET, 0x00b0);
	assert_int_equal(GICR_SYNCR_OFFSET, 0x00c0);
	assert_int_equal(GICR_PIDR2_OFFSET, 0xffe8);
	assert_int_equal(GICR_IGROUPR0_OFFSET, 0x10000 + 0x0080);
	assert_int_equal(GICR_ISENABLER0_OFFSET, 0x10000 + 0x0100);
	assert_int_equal(GICR_ICENABLER0_OFFSET, 0x10000 + 0x0180);
	assert_int_equal(GICR_ISPENDR0_OFFSET, 0x10000 + 0x0200);
	assert_int_equal(GICR_ICPENDR0_OFFSET, 0x10000 + 0x0280);
	assert_int_equal(GICR_ISACTIVER0_OFFSET, 0x10000 + 0x0300);
	assert_int_equal(GICR_ICACTIVER0_OFFSET, 0x10000 + 0x0380);
	assert_int_equal(GICR_IPRIORITYR_OFFSET(0), 0x10000 + 0x0400);
	assert_int_equal(GICR_IPRIORITYR_OFFSET(7), 0x10000 + 0x041c);
	assert_int_equal(GICR_ICFGR_OFFSET(0), 0x10000 + 0x0c00);
	assert_int_equal(GICR_ICFGR_OFFSET(1), 0x10000 + 0x0c04);
	assert_int_equal(GICR_IGRPMODR0_OFFSET, 0x10000 + 0x0d00);
	assert_int_equal(GICR_NSACR_OFFSET, 0x10000 + 0x0e00);
	/* GICR_TYPER: Last [4], Processor_Number [23:8], Affinity_Value [63:32] */
	assert_int_equal(GICR_TYPER_LAST_SHIFT, 4);
	assert_int_equal(GICR_TYPER_PROCESSOR_NUMBER_SHIFT, 8);
	assert_int_equal(GICR_TYPER_PROCESSOR_NUMBER_WIDTH, 16);
	assert_int_equal(GICR_TYPER_AFFINITY_VALUE_SHIFT, 32);
	assert_int_equal(GICR_TYPER_AFFINITY_VALUE_WIDTH, 32);
	/* GICR_WAKER: ProcessorSleep [1], ChildrenAsleep [2] */
	assert_int_equal(GICR_WAKER_PROCESSORSLEEP_SHIFT, 1);
	assert_int_equal(GICR_WAKER_CHILDRENASLEEP_SHIFT, 2);
	/* the virtual timer's PPI, INTID 27: priority byte 27 of SGI_base */
	assert_int_equal(gicr_ipriorityr_intid_offset(27), 0x10000 + 0x0418);
	assert_int_equal(gicr_ipriorityr_intid_shift(27), 24);
}

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
		cmocka_unit_test(el1),
		cmocka_unit_test(timer),
		cmocka_unit_test(special),
		cmocka_unit_test(icc),
		cmocka_unit_test(gicv),
		cmocka_unit_test(gicd3),
		cmocka_unit_test(gicr),
		cmocka_unit_test(pl011),
	};

	return cmocka_run_group_tests_name("known ARM values", tests, NULL, NULL);
}
