/* SPDX-License-Identifier: MIT */
/*
 * The early-exit contract (include/vcpu/exit_table.h) and what the run loop
 * gets back (vcpu_exit_complete()), against mock ESR_EL2/FAR_EL2/HPFAR_EL2
 * values.  ESR values are assembled by hand from the ARM ARM (D23.2 ESR_EL2:
 * EC 31:26, IL 25, ISS 24:0); SPSR_EL2.SS is bit 21, HPFAR_EL2.FIPA bits
 * 47:4 holding IPA[51:12].
 */
#include "vcpu_test.h"

#include <vcpu/exit_table.h>

#if !AARCH64_SYSREG_USE_MOCK
#error "host tests need the mock sysreg backend"
#endif

static int setup(void **state)
{
	(void)state;
	aarch64_sysreg_mock_reset();
	return 0;
}

/* What asm/el2_vectors.S relies on: the table pointer is the frame's 34th
 * doubleword, and entry EC is at EC * 8 for each of the 64 classes. */
static void test_layout(void **state)
{
	(void)state;
	assert_int_equal(offsetof(struct vcpu_gpregs, exits), 33 * 8);
	assert_int_equal(sizeof(((struct vcpu_exit_table *)0)->ec) / 8, 64);
	assert_int_equal(offsetof(struct vcpu_exit_table, ec[0x16]), 0x16 * 8);
	assert_int_equal(offsetof(struct vcpu_exit_table, ec[0x3f]), 0x3f * 8);
	/* 0 resumes the guest; no trap code or handler result may be 0 */
	assert_int_equal(VCPU_EXIT_RESUME, 0);
	assert_true(VCPU_TRAP_SYNC && VCPU_TRAP_IRQ && VCPU_TRAP_FIQ && VCPU_TRAP_SERROR);
	assert_true(VCPU_TRAP_USER > VCPU_TRAP_SERROR);
}

static void test_set_table(void **state)
{
	static const struct vcpu_exit_table t;
	struct vcpu v;

	(void)state;
	memset(&v, 0, sizeof(v));
	vcpu_set_exit_table(&v, &t);
	assert_ptr_equal(v.regs.exits, &t);
	assert_ptr_equal(vcpu_of_gpregs(&v.regs), &v);
	vcpu_set_exit_table(&v, NULL);
	assert_null(v.regs.exits);
}

static void test_skip(void **state)
{
	struct vcpu_gpregs g;

	(void)state;
	memset(&g, 0, sizeof(g));
	g.pc = 0x40001000;
	g.pstate = 0x3c5 | 1u << 21; /* EL1h, DAIF masked, SS set */
	/* ldr w1, [x0] trapped: EC 0x24, IL 1, ISV: 0x93810006 */
	vcpu_exit_skip(&g, 0x93810006);
	assert_int_equal(g.pc, 0x40001004);
	assert_int_equal(g.pstate, 0x3c5); /* only SS cleared */
	/* a 16-bit instruction (IL 0): EC 0x24 << 26 = 0x90000000 */
	vcpu_exit_skip(&g, 0x90000000);
	assert_int_equal(g.pc, 0x40001006);
	assert_int_equal(g.pstate, 0x3c5);
}

/* FAR and HPFAR are read for aborts only: with garbage in them, an HVC
 * decodes the same; a data abort gets its IPA from them. */
static void test_complete_sync(void **state)
{
	struct vcpu v;
	const struct vcpu_exit_info *e;

	(void)state;
	memset(&v, 0, sizeof(v));
	aarch64_sysreg_mock_write(FAR_EL2_ENC, 0xffff000012345678ull);
	aarch64_sysreg_mock_write(HPFAR_EL2_ENC, (0x9000000ull >> 12) << 4);
	/* hvc #0: EC 0x16, IL 1: 0x5a000000 */
	aarch64_sysreg_mock_write(ESR_EL2_ENC, 0x5a000000);
	e = vcpu_exit_complete(&v, VCPU_TRAP_SYNC);
	assert_int_equal(e->reason, VCPU_EXIT_HVC);
	assert_int_equal(e->imm, 0);
	assert_int_equal(e->insn_len, 4);
	aarch64_sysreg_mock_write(ESR_EL2_ENC, 0x93810006);
	e = vcpu_exit_complete(&v, VCPU_TRAP_SYNC);
	assert_int_equal(e->reason, VCPU_EXIT_DABT);
	assert_int_equal(e->dabt.ipa, 0x9000678);
	assert_int_equal(e->dabt.far, 0xffff000012345678ull);
	assert_int_equal(e->dabt.rt, 1);
	assert_int_equal(e->dabt.size, 4);
}

static void test_complete_other(void **state)
{
	struct vcpu v;
	const struct vcpu_exit_info *e;

	(void)state;
	memset(&v, 0, sizeof(v));
	aarch64_sysreg_mock_write(ESR_EL2_ENC, 0xbe000011); /* SError, IL 1, ISS 0x11 */
	e = vcpu_exit_complete(&v, VCPU_TRAP_IRQ);
	assert_int_equal(e->reason, VCPU_EXIT_IRQ);
	assert_int_equal(e->esr, 0); /* not an ESR_EL2 exit */
	e = vcpu_exit_complete(&v, VCPU_TRAP_FIQ);
	assert_int_equal(e->reason, VCPU_EXIT_FIQ);
	e = vcpu_exit_complete(&v, VCPU_TRAP_SERROR);
	assert_int_equal(e->reason, VCPU_EXIT_SERROR);
	assert_int_equal(e->esr, 0xbe000011);
	e = vcpu_exit_complete(&v, VCPU_TRAP_USER + 3);
	assert_int_equal(e->reason, VCPU_EXIT_EARLY);
	assert_int_equal(e->early, VCPU_TRAP_USER + 3);
	assert_string_equal(vcpu_exit_reason_name(e->reason), "early");
	assert_false(vcpu_exit_needs_pc_advance(e)); /* the handler did it */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_layout, setup),
		cmocka_unit_test_setup(test_set_table, setup),
		cmocka_unit_test_setup(test_skip, setup),
		cmocka_unit_test_setup(test_complete_sync, setup),
		cmocka_unit_test_setup(test_complete_other, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
