/* SPDX-License-Identifier: MIT */
/*
 * Host unit tests of include/vcpu/vcpu.h on the mock system-register
 * backend: what create/setup/load/put write, exception injection (vector
 * offsets, syndromes, PSTATE), PC advance, MMIO load completion.  Run by
 * `make test-qemu` before the QEMU tests (CMOCKA_MESSAGE_OUTPUT=TAP).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>
#include <cmocka.h>

#include <vcpu/vcpu.h>

#define MOCK(enc)   aarch64_sysreg_mock_read(enc)
#define SET(enc, v) aarch64_sysreg_mock_write(enc, v)
#define GUEST_VBAR  0x40001000ull
#define GUEST_PC    0x40002344ull

static int setup(void **state)
{
	(void)state;
	aarch64_sysreg_mock_reset();
	SET(MIDR_EL1_ENC, 0x411fd070);
	SET(MDCR_EL2_ENC, 6); /* HPMN at reset: PMCR_EL0.N */
	return 0;
}

static void create_and_setup(struct vcpu *v)
{
	struct vcpu_options o = {
		.timer_passthrough = true,
		.irq_passthrough = false,
		.hcr_set = HCR_EL2_TID3_MASK,
		.hcr_clear = HCR_EL2_TWE_MASK,
		.cntvoff = 0x1234,
	};

	vcpu_create(v, 0x80000101, 0x48000000);
	vcpu_setup(v, &o);
	vcpu_set_entry(v, GUEST_PC);
	vcpu_set_stage2_root(v, (5ull << 48) | 0x40300000, 0x80043558);
	v->el1.vbar = GUEST_VBAR;
}

static void test_create(void **state)
{
	struct vcpu v;

	(void)state;
	vcpu_create(&v, 0x101, 0x48000000);
	assert_int_equal(v.regs.x[0], 0x48000000);
	assert_int_equal(v.regs.x[1], 0);
	assert_int_equal(v.regs.pstate, 0x3c5); /* EL1h, DAIF masked */
	/* MMU and caches off, and the bits RES1 in Armv8.0 set: 29, 28, 23, 22, 20,
	 * 11 (DDI 0487 D23.2 SCTLR_EL1) */
	assert_int_equal(v.el1.sctlr, 0x30d00800);
	assert_int_equal(v.el2.vmpidr, 0x80000101);
	assert_int_equal(v.el2.vpidr, 0x411fd070);
	assert_false(v.loaded);
}

static void test_setup_options(void **state)
{
	struct vcpu v;
	struct vcpu_options o = {.irq_passthrough = true, .timer_passthrough = false};

	(void)state;
	create_and_setup(&v);
	assert_true(v.el2.hcr & HCR_EL2_TID3_MASK);
	assert_false(v.el2.hcr & HCR_EL2_TWE_MASK);
	assert_true(v.el2.hcr & HCR_EL2_IMO_MASK);
	assert_true(v.el2.hcr & HCR_EL2_VM_MASK);
	assert_int_equal(v.el2.cnthctl, CNTHCTL_EL2_EL1PCTEN_MASK | CNTHCTL_EL2_EL1PCEN_MASK);
	assert_int_equal(v.el2.cptr & CPTR_EL2_TFP_MASK, 0); /* FP/SIMD not trapped */
	assert_true(v.el2.cptr & CPTR_EL2_TZ_MASK);	     /* SVE trapped */
	vcpu_setup(&v, &o);
	assert_false(v.el2.hcr & (HCR_EL2_IMO_MASK | HCR_EL2_FMO_MASK));
	assert_int_equal(v.el2.cnthctl, 0);
}

static void test_load_put(void **state)
{
	struct vcpu v;

	(void)state;
	create_and_setup(&v);
	v.el1.tpidr_el1 = 0xabcdef;
	vcpu_load(&v);
	assert_true(v.loaded);
	assert_int_equal(MOCK(HCR_EL2_ENC), v.el2.hcr);
	assert_int_equal(MOCK(VTTBR_EL2_ENC), (5ull << 48) | 0x40300000);
	assert_int_equal(MOCK(VTCR_EL2_ENC), 0x80043558);
	assert_int_equal(MOCK(VMPIDR_EL2_ENC), 0x80000101);
	assert_int_equal(MOCK(VPIDR_EL2_ENC), 0x411fd070);
	assert_int_equal(MOCK(CNTVOFF_EL2_ENC), 0x1234);
	assert_int_equal(MOCK(CPTR_EL2_ENC), v.el2.cptr);
	/* PMU and debug registers trap; HPMN as it was */
	assert_int_equal(MOCK(MDCR_EL2_ENC), MDCR_EL2_TPM_MASK | MDCR_EL2_TPMCR_MASK |
						     MDCR_EL2_TDA_MASK | MDCR_EL2_TDOSA_MASK |
						     MDCR_EL2_TDRA_MASK | 6);
	assert_int_equal(MOCK(TPIDR_EL2_ENC), (uint64_t)(uintptr_t)&v.regs);
	assert_int_equal(MOCK(VBAR_EL1_ENC), GUEST_VBAR);
	assert_int_equal(MOCK(TPIDR_EL1_ENC), 0xabcdef);
	/* the guest changes EL1 state while loaded; put saves it */
	SET(TPIDR_EL1_ENC, 0x5555);
	vcpu_put(&v);
	assert_false(v.loaded);
	assert_int_equal(v.el1.tpidr_el1, 0x5555);
}

static void test_inject_undef_from_el1h(void **state)
{
	struct vcpu v;

	(void)state;
	create_and_setup(&v);
	vcpu_load(&v);
	v.regs.pstate = 0x60000005; /* EL1h, flags set, DAIF clear */
	v.exit.insn_len = 4;
	vcpu_inject_undef(&v);
	assert_int_equal(v.regs.pc, GUEST_VBAR + 0x200);
	assert_int_equal(v.regs.pstate, 0x3c5);
	assert_int_equal(MOCK(ELR_EL1_ENC), GUEST_PC);
	assert_int_equal(MOCK(SPSR_EL1_ENC), 0x60000005);
	assert_int_equal(MOCK(ESR_EL1_ENC), 0x02000000); /* EC 0, IL 1 */
}

static void test_inject_dabt_from_el0(void **state)
{
	struct vcpu v;

	(void)state;
	create_and_setup(&v);
	vcpu_load(&v);
	v.regs.pstate = 0x0; /* EL0t */
	v.exit.insn_len = 4;
	vcpu_inject_dabt(&v, 0x0c000010, true);
	assert_int_equal(v.regs.pc, GUEST_VBAR + 0x400);
	assert_int_equal(MOCK(ESR_EL1_ENC), (0x24ull << 26) | (1u << 25) | (1u << 6) | 0x10);
	assert_int_equal(MOCK(FAR_EL1_ENC), 0x0c000010);
	assert_int_equal(MOCK(SPSR_EL1_ENC), 0);
	assert_int_equal(v.regs.pstate, 0x3c5);
}

static void test_inject_vector_offsets(void **state)
{
	(void)state;
	assert_int_equal(vcpu_sync_vector_offset(0x5), 0x200);	/* EL1h */
	assert_int_equal(vcpu_sync_vector_offset(0x4), 0x000);	/* EL1t */
	assert_int_equal(vcpu_sync_vector_offset(0x0), 0x400);	/* EL0t */
	assert_int_equal(vcpu_sync_vector_offset(0x10), 0x600); /* AArch32 */
	assert_true(vcpu_from_el0(0x0));
	assert_true(vcpu_from_el0(0x10));
	assert_false(vcpu_from_el0(0x5));
}

static void test_inject_iabt_not_loaded(void **state)
{
	struct vcpu v;

	(void)state;
	create_and_setup(&v);
	v.regs.pstate = 0x4; /* EL1t */
	v.exit.insn_len = 4;
	vcpu_inject_iabt(&v, 0x0c000000);
	assert_int_equal(v.regs.pc, GUEST_VBAR + 0x000);
	assert_int_equal(v.el1.esr, (0x21ull << 26) | (1u << 25) | 0x10);
	assert_int_equal(v.el1.far, 0x0c000000);
	assert_int_equal(v.el1.elr_el1, GUEST_PC);
	assert_int_equal(v.el1.spsr_el1, 0x4);
	assert_int_equal(MOCK(ESR_EL1_ENC), 0); /* hardware untouched */
}

static void test_inject_pan_ssbs(void **state)
{
	/* SCTLR_EL1 (DDI 0487 D23.2): the Armv8.0 RES1 bits, SPAN bit 23, DSSBS
	 * bit 44 */
	const uint64_t SCTLR_V80 = 0x30d00800, SPAN = 1ull << 23, DSSBS = 1ull << 44;
	struct vcpu v;

	(void)state;
	create_and_setup(&v);
	SET(ID_AA64MMFR1_EL1_ENC, 1u << 20); /* FEAT_PAN */
	SET(ID_AA64PFR1_EL1_ENC, 1u << 4);   /* FEAT_SSBS */
	v.el1.sctlr = SCTLR_V80 & ~SPAN;
	vcpu_load(&v);
	vcpu_inject_undef(&v);
	assert_int_equal(v.regs.pstate, 0x3c5 | VCPU_PSTATE_PAN);
	v.el1.sctlr = SCTLR_V80 | DSSBS;
	vcpu_load(&v);
	vcpu_inject_undef(&v);
	assert_int_equal(v.regs.pstate, 0x3c5 | SPSR_EL2_SSBS_MASK);
	SET(ID_AA64MMFR1_EL1_ENC, 0);
	SET(ID_AA64PFR1_EL1_ENC, 0);
	v.el1.sctlr = SCTLR_V80 & ~SPAN;
	vcpu_load(&v);
	vcpu_inject_undef(&v);
	assert_int_equal(v.regs.pstate, 0x3c5); /* no FEAT_PAN: PAN stays clear */
}

static void test_advance_pc(void **state)
{
	struct vcpu v;

	(void)state;
	create_and_setup(&v);
	vcpu_exit_decode(ESR_EL2_EC_HVC64 << 26 | 1u << 25, 0, 0, &v.exit);
	vcpu_advance_pc(&v);
	assert_int_equal(v.regs.pc, GUEST_PC);
	vcpu_exit_decode(ESR_EL2_EC_SMC64 << 26 | 1u << 25, 0, 0, &v.exit);
	vcpu_advance_pc(&v);
	assert_int_equal(v.regs.pc, GUEST_PC + 4);
	/* a stepped instruction, emulated: the step is done (SS clear), and
	 * only SS changes in PSTATE */
	v.regs.pstate = VCPU_PSTATE_MODE_EL1H | SPSR_EL2_SS_MASK | SPSR_EL2_Z_MASK;
	vcpu_advance_pc(&v);
	assert_int_equal(v.regs.pc, GUEST_PC + 8);
	assert_int_equal(v.regs.pstate, VCPU_PSTATE_MODE_EL1H | SPSR_EL2_Z_MASK);
	/* an HVC is not skipped: its PSTATE is the hardware's */
	v.regs.pstate |= SPSR_EL2_SS_MASK;
	vcpu_exit_decode(ESR_EL2_EC_HVC64 << 26 | 1u << 25, 0, 0, &v.exit);
	vcpu_advance_pc(&v);
	assert_true(v.regs.pstate & SPSR_EL2_SS_MASK);
}

static void test_mmio_load_completion(void **state)
{
	struct vcpu v;

	(void)state;
	create_and_setup(&v);
	memset(&v.exit, 0, sizeof(v.exit));
	v.exit.dabt.isv = true;
	v.exit.dabt.size = 1;
	v.exit.dabt.sign_extend = true;
	v.exit.dabt.sf = false; /* ldrsb w5 */
	v.exit.dabt.rt = 5;
	v.regs.x[5] = ~0ull;
	vcpu_complete_mmio_load(&v, 0x80);
	assert_int_equal(v.regs.x[5], 0xffffff80ull);
	v.exit.dabt.sf = true; /* ldrsb x5 */
	vcpu_complete_mmio_load(&v, 0x80);
	assert_int_equal(v.regs.x[5], 0xffffffffffffff80ull);
	v.exit.dabt.rt = 31; /* xzr: discarded */
	vcpu_complete_mmio_load(&v, 0x11);
	assert_int_equal(v.regs.x[5], 0xffffffffffffff80ull);
	assert_int_equal(vcpu_get_reg(&v, 31), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_create, setup),
		cmocka_unit_test_setup(test_setup_options, setup),
		cmocka_unit_test_setup(test_load_put, setup),
		cmocka_unit_test_setup(test_inject_undef_from_el1h, setup),
		cmocka_unit_test_setup(test_inject_dabt_from_el0, setup),
		cmocka_unit_test_setup(test_inject_vector_offsets, setup),
		cmocka_unit_test_setup(test_inject_iabt_not_loaded, setup),
		cmocka_unit_test_setup(test_inject_pan_ssbs, setup),
		cmocka_unit_test_setup(test_advance_pc, setup),
		cmocka_unit_test_setup(test_mmio_load_completion, setup),
	};

	return cmocka_run_group_tests_name("vcpu.h", tests, NULL, NULL);
}
