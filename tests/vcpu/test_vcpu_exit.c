/* SPDX-License-Identifier: MIT */
/*
 * ESR_EL2 decoding, PC-advance rule and MMIO load completion.
 *
 * Every ESR value below is assembled by hand from the ARM ARM (D23.2
 * ESR_EL2) layout: EC in bits 31:26, IL in bit 25, ISS in 24:0; the comment
 * next to each one shows the sum.
 */
#include "vcpu_test.h"

#include <vcpu/exit.h>

static struct vcpu_exit_info decode(uint64_t esr, uint64_t far, uint64_t hpfar)
{
	struct vcpu_exit_info e;

	memset(&e, 0xa5, sizeof(e)); /* decode must overwrite everything */
	vcpu_exit_decode(esr, far, hpfar, &e);
	return e;
}

static void test_hvc_smc(void **state)
{
	struct vcpu_exit_info e;

	(void)state;
	/* hvc #0x1234: EC 0x16 << 26 = 0x58000000, IL 0x02000000, imm16 0x1234 */
	e = decode(0x5a001234, 0, 0);
	assert_int_equal(e.reason, VCPU_EXIT_HVC);
	assert_int_equal(e.ec, 0x16);
	assert_int_equal(e.esr, 0x5a001234);
	assert_int_equal(e.insn_len, 4);
	assert_int_equal(e.imm, 0x1234);
	assert_false(vcpu_exit_needs_pc_advance(&e));

	/* hvc #0 */
	e = decode(0x5a000000, 0, 0);
	assert_int_equal(e.reason, VCPU_EXIT_HVC);
	assert_int_equal(e.imm, 0);

	/* smc #0xffff trapped by TSC: EC 0x17 << 26 = 0x5c000000 | IL | 0xffff */
	e = decode(0x5e00ffff, 0, 0);
	assert_int_equal(e.reason, VCPU_EXIT_SMC);
	assert_int_equal(e.ec, 0x17);
	assert_int_equal(e.imm, 0xffff);
	assert_true(vcpu_exit_needs_pc_advance(&e));

	/* ISS2 bits (36:32) do not disturb the decode */
	e = decode(0x1f5a000007ull, 0, 0);
	assert_int_equal(e.reason, VCPU_EXIT_HVC);
	assert_int_equal(e.imm, 7);
}

static void test_dabt_ldr_w(void **state)
{
	struct vcpu_exit_info e;

	(void)state;
	/*
	 * ldr w1, [x2] to an IPA with no stage-2 mapping (translation fault,
	 * level 2):
	 *   EC 0x24 << 26   0x90000000
	 *   IL (32-bit)     0x02000000
	 *   ISV             0x01000000
	 *   SAS = 2 (word)  0x00800000
	 *   SSE 0, SRT = 1  0x00010000
	 *   SF 0 (Wt), AR 0, WnR 0
	 *   DFSC 0b000110   0x00000006
	 *   total           0x93810006
	 * IPA 0x09000018: HPFAR_EL2.FIPA (bits 43:4) = 0x09000 -> 0x90000;
	 * FAR_EL2 is the guest VA, its low 12 bits give the offset.
	 */
	e = decode(0x93810006, 0xffff000012345018ull, 0x90000);
	assert_int_equal(e.reason, VCPU_EXIT_DABT);
	assert_int_equal(e.ec, 0x24);
	assert_int_equal(e.insn_len, 4);
	assert_true(e.dabt.isv);
	assert_int_equal(e.dabt.size, 4);
	assert_false(e.dabt.sign_extend);
	assert_int_equal(e.dabt.rt, 1);
	assert_false(e.dabt.sf);
	assert_false(e.dabt.acq_rel);
	assert_false(e.dabt.write);
	assert_false(e.dabt.cache_maint);
	assert_false(e.dabt.s1ptw);
	assert_true(e.dabt.far_valid);
	assert_false(e.dabt.ea);
	assert_int_equal(e.dabt.fsc, ESR_EL2_DFSC_TRANS_L2);
	assert_int_equal(e.dabt.ipa, 0x09000018ull);
	assert_int_equal(e.dabt.far, 0xffff000012345018ull);
	assert_true(vcpu_exit_needs_pc_advance(&e));
}

static void test_dabt_variants(void **state)
{
	struct vcpu_exit_info e;

	(void)state;
	/* str x3, [x4], permission fault level 3:
	 * 0x90000000 | IL 0x02000000 | ISV 0x01000000 | SAS 3 0x00c00000 |
	 * SRT 3 0x00030000 | SF 0x8000 | WnR 0x40 | DFSC 0x0f = 0x93c3804f */
	e = decode(0x93c3804f, 0x8000000, (0x8000000ull >> 12) << 4);
	assert_int_equal(e.reason, VCPU_EXIT_DABT);
	assert_true(e.dabt.isv);
	assert_int_equal(e.dabt.size, 8);
	assert_int_equal(e.dabt.rt, 3);
	assert_true(e.dabt.sf);
	assert_true(e.dabt.write);
	assert_int_equal(e.dabt.fsc, ESR_EL2_DFSC_PERM_L3);
	assert_int_equal(e.dabt.ipa, 0x8000000ull);

	/* ldrsh x5, [x6]: SAS 1 0x00400000 | SSE 0x00200000 | SRT 5 0x00050000 |
	 * SF 0x8000 | DFSC 7 -> 0x93000000 + 0x00658007 = 0x93658007 */
	e = decode(0x93658007, 0, 0);
	assert_int_equal(e.dabt.size, 2);
	assert_true(e.dabt.sign_extend);
	assert_int_equal(e.dabt.rt, 5);
	assert_true(e.dabt.sf);
	assert_false(e.dabt.write);
	assert_int_equal(e.dabt.fsc, ESR_EL2_DFSC_TRANS_L3);

	/* ldrsb w7, [x0]: SAS 0 | SSE 0x00200000 | SRT 7 0x00070000 | SF 0 |
	 * DFSC 7 -> 0x93270007 */
	e = decode(0x93270007, 0, 0);
	assert_int_equal(e.dabt.size, 1);
	assert_true(e.dabt.sign_extend);
	assert_int_equal(e.dabt.rt, 7);
	assert_false(e.dabt.sf);

	/* ldar w8, [x9]: SAS 2 0x00800000 | SRT 8 0x00080000 | AR 0x4000 |
	 * DFSC 7 -> 0x93884007 */
	e = decode(0x93884007, 0, 0);
	assert_int_equal(e.dabt.size, 4);
	assert_int_equal(e.dabt.rt, 8);
	assert_true(e.dabt.acq_rel);
	assert_false(e.dabt.sf);

	/* strb wzr, [x1]: SAS 0, SRT 31 0x001f0000, WnR -> 0x931f0047 */
	e = decode(0x931f0047, 0, 0);
	assert_int_equal(e.dabt.size, 1);
	assert_int_equal(e.dabt.rt, 31);
	assert_true(e.dabt.write);

	/* External abort on a stage-2 walk, FAR not valid: EA 0x200 | FnV 0x400
	 * | DFSC 0x15 (sync external abort on walk, level 1) -> 0x92000615 */
	e = decode(0x92000615, 0x1234, 0x40 << 4);
	assert_int_equal(e.reason, VCPU_EXIT_DABT);
	assert_false(e.dabt.isv);
	assert_true(e.dabt.ea);
	assert_false(e.dabt.far_valid);
	assert_int_equal(e.dabt.fsc, ESR_EL2_DFSC_SYNC_EXT_L1);

	/* IPA bits up to 51 (FIPA 43:4), HPFAR_EL2.NS (bit 63) ignored:
	 * IPA 0xf_ffff_f000_0abc */
	e = decode(0x93810006, 0xabc, (1ull << 63) | (0xffffff000ull << 4));
	assert_int_equal(e.dabt.ipa, 0xffffff000abcull);
}

static void test_dabt_no_syndrome(void **state)
{
	struct vcpu_exit_info e;

	(void)state;
	/* ldp x0, x1, [x2] (no syndrome for pair loads): ISV 0; everything
	 * else still reported.  0x90000000 | IL 0x02000000 | DFSC 7 = 0x92000007
	 * (IL is 1 for data aborts with ISV 0). */
	e = decode(0x92000007, 0x40001ff8, (0x40001ull << 4));
	assert_int_equal(e.reason, VCPU_EXIT_DABT);
	assert_false(e.dabt.isv);
	assert_int_equal(e.dabt.size, 0);
	assert_int_equal(e.dabt.rt, 0);
	assert_false(e.dabt.sf);
	assert_false(e.dabt.sign_extend);
	assert_false(e.dabt.acq_rel);
	assert_false(e.dabt.write);
	assert_int_equal(e.dabt.fsc, 7);
	assert_int_equal(e.dabt.ipa, 0x40001ff8ull);
	/* Bits 23:14 set but ISV clear: ignored (they are not a syndrome). */
	e = decode(0x92ffc007, 0, 0);
	assert_false(e.dabt.isv);
	assert_int_equal(e.dabt.size, 0);
	assert_int_equal(e.dabt.rt, 0);
	assert_false(e.dabt.sf);

	/* dc civac to an unmapped IPA: CM 0x100 | WnR 0x40 (cache maintenance is
	 * reported as a write) | DFSC 6 -> 0x92000146; with S1PTW 0x80 -> 0x920001c6 */
	e = decode(0x920001c6, 0, 0);
	assert_false(e.dabt.isv);
	assert_true(e.dabt.cache_maint);
	assert_true(e.dabt.write);
	assert_true(e.dabt.s1ptw);
	assert_int_equal(e.dabt.fsc, 6);
}

static void test_iabt(void **state)
{
	struct vcpu_exit_info e;

	(void)state;
	/* Instruction fetch, stage-2 permission fault level 3 (XN):
	 * EC 0x20 << 26 = 0x80000000 | IL 0x02000000 | IFSC 0x0f = 0x8200000f */
	e = decode(0x8200000f, 0xffff800010000004ull, 0x40200ull << 4);
	assert_int_equal(e.reason, VCPU_EXIT_IABT);
	assert_int_equal(e.ec, 0x20);
	assert_int_equal(e.iabt.fsc, ESR_EL2_IFSC_PERM_L3);
	assert_false(e.iabt.s1ptw);
	assert_true(e.iabt.far_valid);
	assert_int_equal(e.iabt.ipa, 0x40200004ull);
	assert_int_equal(e.iabt.far, 0xffff800010000004ull);
	assert_false(vcpu_exit_needs_pc_advance(&e));
	/* ... on a stage-1 walk (S1PTW 0x80), FAR not valid (FnV 0x400),
	 * translation fault level 1: 0x82000485 */
	e = decode(0x82000485, 0, 0x41000ull << 4);
	assert_true(e.iabt.s1ptw);
	assert_false(e.iabt.far_valid);
	assert_int_equal(e.iabt.fsc, ESR_EL2_IFSC_TRANS_L1);
	assert_int_equal(e.iabt.ipa, 0x41000000ull);
}

static void test_sysreg(void **state)
{
	struct vcpu_exit_info e;

	(void)state;
	/* mrs x3, actlr_el1 (S3_0_C1_C0_1) trapped by TACR:
	 *   Op0 3 << 20  0x300000
	 *   Op2 1 << 17  0x020000
	 *   Op1 0 << 14
	 *   CRn 1 << 10  0x000400
	 *   Rt  3 << 5   0x000060
	 *   CRm 0 << 1
	 *   Dir 1 (read) 0x000001
	 *   ISS          0x320461, EC 0x18 << 26 | IL = 0x62000000 -> 0x62320461 */
	e = decode(0x62320461, 0, 0);
	assert_int_equal(e.reason, VCPU_EXIT_SYSREG);
	assert_int_equal(e.ec, 0x18);
	assert_int_equal(e.sysreg.op0, 3);
	assert_int_equal(e.sysreg.op1, 0);
	assert_int_equal(e.sysreg.crn, 1);
	assert_int_equal(e.sysreg.crm, 0);
	assert_int_equal(e.sysreg.op2, 1);
	assert_int_equal(e.sysreg.rt, 3);
	assert_true(e.sysreg.read);
	assert_int_equal(e.sysreg.enc, AARCH64_SYSREG_ENC(3, 0, 1, 0, 1));
	assert_true(vcpu_exit_needs_pc_advance(&e));

	/* msr s3_3_c15_c2_7, x30: Op0 3 0x300000 | Op2 7 0xe0000 | Op1 3 0xc000 |
	 * CRn 15 0x3c00 | Rt 30 0x3c0 | CRm 2 0x4 | Dir 0 = 0x3effc4 -> 0x623effc4 */
	e = decode(0x623effc4, 0, 0);
	assert_int_equal(e.reason, VCPU_EXIT_SYSREG);
	assert_int_equal(e.sysreg.op0, 3);
	assert_int_equal(e.sysreg.op1, 3);
	assert_int_equal(e.sysreg.crn, 15);
	assert_int_equal(e.sysreg.crm, 2);
	assert_int_equal(e.sysreg.op2, 7);
	assert_int_equal(e.sysreg.rt, 30);
	assert_false(e.sysreg.read);
	assert_int_equal(e.sysreg.enc, AARCH64_SYSREG_ENC(3, 3, 15, 2, 7));
	assert_int_equal(e.sysreg.enc, 0xdf97); /* 3<<14 | 3<<11 | 15<<7 | 2<<3 | 7 */

	/* A round trip over every field value: build the ISS from the fields. */
	{
		unsigned op0, op1, crn, crm, op2, rt, dir;

		for (op0 = 0; op0 < 4; op0++)
			for (op1 = 0; op1 < 8; op1 += 3)
				for (crn = 0; crn < 16; crn += 5)
					for (crm = 0; crm < 16; crm += 3)
						for (op2 = 0; op2 < 8; op2 += 7)
							for (rt = 0; rt < 32; rt += 31)
								for (dir = 0; dir < 2; dir++) {
									uint64_t iss =
										(uint64_t)op0
											<< 20 |
										(uint64_t)op2
											<< 17 |
										(uint64_t)op1
											<< 14 |
										(uint64_t)crn
											<< 10 |
										(uint64_t)rt << 5 |
										(uint64_t)crm << 1 |
										dir;

									e = decode(0x62000000 | iss,
										   0, 0);
									assert_int_equal(
										e.sysreg.op0, op0);
									assert_int_equal(
										e.sysreg.op1, op1);
									assert_int_equal(
										e.sysreg.crn, crn);
									assert_int_equal(
										e.sysreg.crm, crm);
									assert_int_equal(
										e.sysreg.op2, op2);
									assert_int_equal(
										e.sysreg.rt, rt);
									assert_int_equal(
										e.sysreg.read, dir);
								}
	}
}

static void test_wfx(void **state)
{
	struct vcpu_exit_info e;

	(void)state;
	/* wfi: EC 0x01 << 26 = 0x04000000 | IL 0x02000000 | TI 0 */
	e = decode(0x06000000, 0, 0);
	assert_int_equal(e.reason, VCPU_EXIT_WFI);
	assert_int_equal(e.ec, 1);
	assert_int_equal(e.wfx.ti, ESR_EL2_WFX_TI_WFI);
	assert_true(vcpu_exit_needs_pc_advance(&e));
	/* wfe: TI 1 */
	e = decode(0x06000001, 0, 0);
	assert_int_equal(e.reason, VCPU_EXIT_WFE);
	assert_true(vcpu_exit_needs_pc_advance(&e));
	/* wfit x4: TI 2, RV 0x4, Rn 4 << 5 = 0x80 -> 0x06000086 */
	e = decode(0x06000086, 0, 0);
	assert_int_equal(e.reason, VCPU_EXIT_WFI);
	assert_int_equal(e.wfx.ti, ESR_EL2_WFX_TI_WFIT);
	assert_true(e.wfx.rv);
	assert_int_equal(e.wfx.rn, 4);
	/* wfet: TI 3 */
	e = decode(0x06000003, 0, 0);
	assert_int_equal(e.reason, VCPU_EXIT_WFE);
	assert_false(e.wfx.rv);
}

static void test_fpsimd_serror_other(void **state)
{
	static const struct {
		uint64_t esr;
		uint32_t ec;
	} others[] = {
		{0x02000000, 0x00}, /* unknown reason */
		{0xf2000005, 0x3c}, /* brk #5: EC 0x3c << 26 | IL | imm */
		{0x96000045, 0x25}, /* data abort taken from EL2 itself */
		{0x86000006, 0x21}, /* instruction abort from EL2 itself */
		{0x4a000000, 0x12}, /* hvc from AArch32 */
		{0x4e000000, 0x13}, /* smc from AArch32 */
		{0x56000000, 0x15}, /* svc64 (never routed to EL2 normally) */
		{0x8a000000, 0x22}, /* PC alignment */
		{0x9a000000, 0x26}, /* SP alignment */
		{0x66000000, 0x19}, /* SVE access trap */
		{0xca000000, 0x32}, /* software step, lower EL */
		{0xfe000000, 0x3f}, /* unallocated EC */
		{0x0e000000, 0x03}, /* AArch32 MCR/MRC */
	};
	struct vcpu_exit_info e;
	size_t i;

	(void)state;
	/* FP/SIMD access trapped by CPTR_EL2.TFP: EC 0x07 << 26 = 0x1c000000 | IL */
	e = decode(0x1e000000, 0, 0);
	assert_int_equal(e.reason, VCPU_EXIT_FPSIMD);
	assert_int_equal(e.ec, 7);
	assert_false(vcpu_exit_needs_pc_advance(&e));
	/* SError: EC 0x2f << 26 = 0xbc000000 | IL (RES1 for SError) */
	e = decode(0xbe000000, 0, 0);
	assert_int_equal(e.reason, VCPU_EXIT_SERROR);
	assert_int_equal(e.ec, 0x2f);
	assert_false(vcpu_exit_needs_pc_advance(&e));

	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		e = decode(others[i].esr, 0x1234, 0x5678);
		assert_int_equal(e.reason, VCPU_EXIT_OTHER);
		assert_int_equal(e.ec, others[i].ec);
		assert_int_equal(e.esr, others[i].esr);
		assert_false(vcpu_exit_needs_pc_advance(&e));
	}
	/* IL 0: a 16-bit instruction length is reported (AArch32 T32). */
	e = decode(0x48000000, 0, 0);
	assert_int_equal(e.insn_len, 2);
}

static void test_pc_advance_async(void **state)
{
	struct vcpu_exit_info e;

	(void)state;
	memset(&e, 0, sizeof(e));
	e.reason = VCPU_EXIT_IRQ;
	assert_false(vcpu_exit_needs_pc_advance(&e));
	e.reason = VCPU_EXIT_FIQ;
	assert_false(vcpu_exit_needs_pc_advance(&e));
	e.reason = VCPU_EXIT_OTHER;
	assert_false(vcpu_exit_needs_pc_advance(&e));
}

static struct vcpu_exit_dabt ld(uint8_t size, bool sse, bool sf)
{
	struct vcpu_exit_dabt d;

	memset(&d, 0, sizeof(d));
	d.isv = true;
	d.size = size;
	d.sign_extend = sse;
	d.sf = sf;
	return d;
}

static void test_load_value(void **state)
{
	struct vcpu_exit_dabt d;
	const uint64_t neg = 0xfedcba9876543280ull; /* low byte 0x80, halfword 0x3280 ... */
	const uint64_t pos = 0x0123456789abcd7full;

	(void)state;
	/* ldrb w / ldrb (zero-extending) */
	d = ld(1, false, false);
	assert_int_equal(vcpu_mmio_load_value(&d, neg), 0x80);
	d = ld(1, false, true);
	assert_int_equal(vcpu_mmio_load_value(&d, neg), 0x80);
	/* ldrsb w: sign-extended to 32 bits, upper half zero */
	d = ld(1, true, false);
	assert_int_equal(vcpu_mmio_load_value(&d, neg), 0xffffff80ull);
	assert_int_equal(vcpu_mmio_load_value(&d, pos), 0x7f);
	/* ldrsb x */
	d = ld(1, true, true);
	assert_int_equal(vcpu_mmio_load_value(&d, neg), 0xffffffffffffff80ull);
	assert_int_equal(vcpu_mmio_load_value(&d, pos), 0x7f);

	/* halfwords: 0x3280 is positive, 0xcd7f / 0xba98 patterns */
	d = ld(2, false, false);
	assert_int_equal(vcpu_mmio_load_value(&d, pos), 0xcd7f);
	d = ld(2, true, false);
	assert_int_equal(vcpu_mmio_load_value(&d, pos), 0xffffcd7full);
	assert_int_equal(vcpu_mmio_load_value(&d, neg), 0x3280);
	d = ld(2, true, true);
	assert_int_equal(vcpu_mmio_load_value(&d, pos), 0xffffffffffffcd7full);
	d = ld(2, false, true);
	assert_int_equal(vcpu_mmio_load_value(&d, pos), 0xcd7f);

	/* words */
	d = ld(4, false, false);
	assert_int_equal(vcpu_mmio_load_value(&d, neg), 0x76543280ull);
	assert_int_equal(vcpu_mmio_load_value(&d, pos), 0x89abcd7full);
	d = ld(4, false, true);
	assert_int_equal(vcpu_mmio_load_value(&d, pos), 0x89abcd7full);
	d = ld(4, true, true); /* ldrsw x */
	assert_int_equal(vcpu_mmio_load_value(&d, pos), 0xffffffff89abcd7full);
	assert_int_equal(vcpu_mmio_load_value(&d, neg), 0x76543280ull);
	d = ld(4, true, false); /* not an instruction, but defined: 32 bits */
	assert_int_equal(vcpu_mmio_load_value(&d, pos), 0x89abcd7full);

	/* doublewords */
	d = ld(8, false, true);
	assert_int_equal(vcpu_mmio_load_value(&d, neg), neg);
	d = ld(8, true, true);
	assert_int_equal(vcpu_mmio_load_value(&d, pos), pos);

	/* no syndrome: only the W truncation */
	memset(&d, 0, sizeof(d));
	assert_int_equal(vcpu_mmio_load_value(&d, neg), 0x76543280ull);
	d.sf = true;
	assert_int_equal(vcpu_mmio_load_value(&d, neg), neg);

	/* from a decoded exit: ldrsh x5 (0x93658007) */
	{
		struct vcpu_exit_info e;

		vcpu_exit_decode(0x93658007, 0, 0, &e);
		assert_int_equal(vcpu_mmio_load_value(&e.dabt, 0x8001), 0xffffffffffff8001ull);
		vcpu_exit_decode(0x93810006, 0, 0, &e); /* ldr w1 */
		assert_int_equal(vcpu_mmio_load_value(&e.dabt, 0xdeadbeefcafef00dull),
				 0xcafef00dull);
	}
}

static void test_store_value(void **state)
{
	struct vcpu_exit_dabt d;

	(void)state;
	d = ld(1, false, false);
	assert_int_equal(vcpu_mmio_store_value(&d, 0x1234567890abcdefull), 0xef);
	d = ld(2, false, false);
	assert_int_equal(vcpu_mmio_store_value(&d, 0x1234567890abcdefull), 0xcdef);
	d = ld(4, false, false);
	assert_int_equal(vcpu_mmio_store_value(&d, 0x1234567890abcdefull), 0x90abcdef);
	d = ld(8, false, true);
	assert_int_equal(vcpu_mmio_store_value(&d, 0x1234567890abcdefull), 0x1234567890abcdefull);
}

static void test_reason_names(void **state)
{
	(void)state;
	assert_string_equal(vcpu_exit_reason_name(VCPU_EXIT_HVC), "hvc");
	assert_string_equal(vcpu_exit_reason_name(VCPU_EXIT_SMC), "smc");
	assert_string_equal(vcpu_exit_reason_name(VCPU_EXIT_DABT), "dabt");
	assert_string_equal(vcpu_exit_reason_name(VCPU_EXIT_IABT), "iabt");
	assert_string_equal(vcpu_exit_reason_name(VCPU_EXIT_SYSREG), "sysreg");
	assert_string_equal(vcpu_exit_reason_name(VCPU_EXIT_WFI), "wfi");
	assert_string_equal(vcpu_exit_reason_name(VCPU_EXIT_WFE), "wfe");
	assert_string_equal(vcpu_exit_reason_name(VCPU_EXIT_FPSIMD), "fpsimd");
	assert_string_equal(vcpu_exit_reason_name(VCPU_EXIT_IRQ), "irq");
	assert_string_equal(vcpu_exit_reason_name(VCPU_EXIT_FIQ), "fiq");
	assert_string_equal(vcpu_exit_reason_name(VCPU_EXIT_SERROR), "serror");
	assert_string_equal(vcpu_exit_reason_name(VCPU_EXIT_OTHER), "other");
	assert_string_equal(vcpu_exit_reason_name((enum vcpu_exit_reason)99), "invalid");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hvc_smc),
		cmocka_unit_test(test_dabt_ldr_w),
		cmocka_unit_test(test_dabt_variants),
		cmocka_unit_test(test_dabt_no_syndrome),
		cmocka_unit_test(test_iabt),
		cmocka_unit_test(test_sysreg),
		cmocka_unit_test(test_wfx),
		cmocka_unit_test(test_fpsimd_serror_other),
		cmocka_unit_test(test_pc_advance_async),
		cmocka_unit_test(test_load_value),
		cmocka_unit_test(test_store_value),
		cmocka_unit_test(test_reason_names),
	};

	return cmocka_run_group_tests_name("vcpu_exit", tests, NULL, NULL);
}
