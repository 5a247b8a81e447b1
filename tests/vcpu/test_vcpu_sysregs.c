/* SPDX-License-Identifier: MIT */
/* EL1 context save/restore through the generated accessors (mock backend). */
#include "vcpu_test.h"

#include <vcpu/sysregs.h>

#if !AARCH64_SYSREG_USE_MOCK
#error "host tests need the mock sysreg backend"
#endif

struct reg_desc {
	const char *name;
	size_t offset;
	uint32_t enc;
};

static const struct reg_desc regs[] = {
#define DESC(f, r, enc) {#r, offsetof(struct vcpu_el1_ctx, f), enc},
	VCPU_EL1_CTX_REGS(DESC)
#undef DESC
};
#define NREGS (sizeof(regs) / sizeof(regs[0]))

static uint64_t *field(struct vcpu_el1_ctx *c, size_t i)
{
	return (uint64_t *)((char *)c + regs[i].offset);
}

static uint64_t pattern(size_t i, uint64_t salt)
{
	return (0x0101010101010101ull * (uint64_t)(i + 1)) ^ salt;
}

static int setup(void **state)
{
	(void)state;
	aarch64_sysreg_mock_reset();
	return 0;
}

static void test_table_covers_struct(void **state)
{
	size_t i, j;
	bool seen[sizeof(struct vcpu_el1_ctx) / 8] = {false};

	(void)state;
	assert_int_equal(NREGS, VCPU_EL1_CTX_NREGS);
	/* Every struct member is in the list exactly once, and no two registers
	 * share an encoding. */
	assert_int_equal(NREGS * 8, sizeof(struct vcpu_el1_ctx));
	for (i = 0; i < NREGS; i++) {
		assert_false(seen[regs[i].offset / 8]);
		seen[regs[i].offset / 8] = true;
		for (j = i + 1; j < NREGS; j++)
			assert_int_not_equal(regs[i].enc, regs[j].enc);
	}
	/* Spot-check encodings against the ARM ARM. */
	assert_int_equal(SCTLR_EL1_ENC, AARCH64_SYSREG_ENC(3, 0, 1, 0, 0));
	assert_int_equal(SP_EL1_ENC, AARCH64_SYSREG_ENC(3, 4, 4, 1, 0));
	assert_int_equal(SPSR_EL1_ENC, AARCH64_SYSREG_ENC(3, 0, 4, 0, 0));
	assert_int_equal(ELR_EL1_ENC, AARCH64_SYSREG_ENC(3, 0, 4, 0, 1));
	assert_int_equal(CNTV_CTL_EL0_ENC, AARCH64_SYSREG_ENC(3, 3, 14, 3, 1));
	assert_int_equal(CNTV_CVAL_EL0_ENC, AARCH64_SYSREG_ENC(3, 3, 14, 3, 2));
	assert_int_equal(TPIDRRO_EL0_ENC, AARCH64_SYSREG_ENC(3, 3, 13, 0, 3));
	assert_int_equal(CNTKCTL_EL1_ENC, AARCH64_SYSREG_ENC(3, 0, 14, 1, 0));
	assert_int_equal(MDSCR_EL1_ENC, AARCH64_SYSREG_ENC(2, 0, 0, 2, 2));
}

static void test_save_reads_each(void **state)
{
	struct vcpu_el1_ctx c;
	size_t i;

	(void)state;
	for (i = 0; i < NREGS; i++)
		aarch64_sysreg_mock_write(regs[i].enc, pattern(i, 0xa5a5000000005a5aull));
	memset(&c, 0xee, sizeof(c));
	vcpu_el1_ctx_save(&c);
	for (i = 0; i < NREGS; i++) {
		if (*field(&c, i) != pattern(i, 0xa5a5000000005a5aull))
			fail_msg("save: %s not read", regs[i].name);
	}
	assert_int_equal(c.sctlr, pattern(0, 0xa5a5000000005a5aull));
}

static void test_restore_writes_each(void **state)
{
	struct vcpu_el1_ctx c;
	size_t i;
	uint32_t e;

	(void)state;
	for (i = 0; i < NREGS; i++)
		*field(&c, i) = pattern(i, 0x3c3c3c3c00000000ull);
	vcpu_el1_ctx_restore(&c);
	for (i = 0; i < NREGS; i++) {
		if (aarch64_sysreg_mock_read(regs[i].enc) != pattern(i, 0x3c3c3c3c00000000ull))
			fail_msg("restore: %s not written", regs[i].name);
	}
	/* ... and nothing else was written. */
	for (e = 0; e < AARCH64_SYSREG_ENC_COUNT; e++) {
		bool ours = false;

		for (i = 0; i < NREGS; i++)
			ours |= regs[i].enc == e;
		if (!ours && aarch64_sysreg_mock_read(e) != 0)
			fail_msg("restore wrote encoding 0x%x", e);
	}
}

static void test_round_trip(void **state)
{
	struct vcpu_el1_ctx a, b, g1, g2;
	size_t i;

	(void)state;
	/* Two guests' contexts switched on one CPU. */
	for (i = 0; i < NREGS; i++) {
		*field(&g1, i) = pattern(i, 0x1111111111111111ull);
		*field(&g2, i) = pattern(i, 0x2222222222222222ull);
	}
	vcpu_el1_ctx_restore(&g1);
	vcpu_el1_ctx_save(&a);
	vcpu_el1_ctx_restore(&g2);
	vcpu_el1_ctx_save(&b);
	assert_memory_equal(&a, &g1, sizeof(a));
	assert_memory_equal(&b, &g2, sizeof(b));
	vcpu_el1_ctx_restore(&a);
	vcpu_el1_ctx_save(&b);
	assert_memory_equal(&b, &g1, sizeof(b));
	/* The registers themselves hold guest 1's values, field by field. */
	assert_int_equal(sctlr_el1_read(), g1.sctlr);
	assert_int_equal(ttbr0_el1_read(), g1.ttbr0);
	assert_int_equal(ttbr1_el1_read(), g1.ttbr1);
	assert_int_equal(tcr_el1_read(), g1.tcr);
	assert_int_equal(mair_el1_read(), g1.mair);
	assert_int_equal(amair_el1_read(), g1.amair);
	assert_int_equal(vbar_el1_read(), g1.vbar);
	assert_int_equal(contextidr_el1_read(), g1.contextidr);
	assert_int_equal(tpidr_el0_read(), g1.tpidr_el0);
	assert_int_equal(tpidr_el1_read(), g1.tpidr_el1);
	assert_int_equal(tpidrro_el0_read(), g1.tpidrro_el0);
	assert_int_equal(sp_el1_read(), g1.sp_el1);
	assert_int_equal(elr_el1_read(), g1.elr_el1);
	assert_int_equal(spsr_el1_read(), g1.spsr_el1);
	assert_int_equal(esr_el1_read(), g1.esr);
	assert_int_equal(far_el1_read(), g1.far);
	assert_int_equal(afsr0_el1_read(), g1.afsr0);
	assert_int_equal(afsr1_el1_read(), g1.afsr1);
	assert_int_equal(par_el1_read(), g1.par);
	assert_int_equal(cpacr_el1_read(), g1.cpacr);
	assert_int_equal(cntkctl_el1_read(), g1.cntkctl);
	assert_int_equal(csselr_el1_read(), g1.csselr);
	assert_int_equal(mdscr_el1_read(), g1.mdscr);
	assert_int_equal(cntv_ctl_el0_read(), g1.cntv_ctl);
	assert_int_equal(cntv_cval_el0_read(), g1.cntv_cval);
	assert_int_equal(sp_el0_read(), g1.sp_el0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_table_covers_struct, setup),
		cmocka_unit_test_setup(test_save_reads_each, setup),
		cmocka_unit_test_setup(test_restore_writes_each, setup),
		cmocka_unit_test_setup(test_round_trip, setup),
	};

	return cmocka_run_group_tests_name("vcpu_sysregs", tests, NULL, NULL);
}
