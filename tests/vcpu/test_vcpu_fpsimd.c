/* SPDX-License-Identifier: MIT */
/* FP/SIMD context save/restore against the mock register file. */
#include "vcpu_test.h"

#include <vcpu/fpsimd.h>

#if !VCPU_FPSIMD_USE_MOCK
#error "host tests need the mock backend"
#endif

static int setup(void **state)
{
	(void)state;
	aarch64_sysreg_mock_reset();
	memset(vcpu_fpsimd_mock_v, 0, sizeof(vcpu_fpsimd_mock_v));
	return 0;
}

static void test_layout(void **state)
{
	(void)state;
	assert_int_equal(offsetof(struct vcpu_fpsimd, v), 0);
	assert_int_equal(_Alignof(struct vcpu_fpsimd), 16);
	assert_int_equal(offsetof(struct vcpu_fpsimd, fpcr), 512);
	assert_int_equal(offsetof(struct vcpu_fpsimd, fpsr), 520);
	assert_int_equal(FPCR_ENC, AARCH64_SYSREG_ENC(3, 3, 4, 4, 0));
	assert_int_equal(FPSR_ENC, AARCH64_SYSREG_ENC(3, 3, 4, 4, 1));
}

static void test_save(void **state)
{
	struct vcpu_fpsimd f;
	unsigned i;

	(void)state;
	for (i = 0; i < 64; i++)
		vcpu_fpsimd_mock_v[i] = 0x1000000000000000ull * (i % 16) + i;
	aarch64_sysreg_mock_write(FPCR_ENC, 0x03c00000); /* RMode, FZ ... */
	aarch64_sysreg_mock_write(FPSR_ENC, 0x0800009f);
	memset(&f, 0xcc, sizeof(f));
	vcpu_fpsimd_save(&f);
	for (i = 0; i < 64; i++)
		assert_int_equal(f.v[i], 0x1000000000000000ull * (i % 16) + i);
	assert_int_equal(f.fpcr, 0x03c00000);
	assert_int_equal(f.fpsr, 0x0800009f);
}

static void test_restore_and_switch(void **state)
{
	struct vcpu_fpsimd a, b, out;
	unsigned i;

	(void)state;
	for (i = 0; i < 64; i++) {
		a.v[i] = ~(uint64_t)i;
		b.v[i] = (uint64_t)i << 32 | 0xb;
	}
	a.fpcr = 0x00400000;
	a.fpsr = 0x1;
	b.fpcr = 0x01000000;
	b.fpsr = 0x10;
	vcpu_fpsimd_restore(&a);
	for (i = 0; i < 64; i++)
		assert_int_equal(vcpu_fpsimd_mock_v[i], ~(uint64_t)i);
	assert_int_equal(aarch64_sysreg_mock_read(FPCR_ENC), 0x00400000);
	assert_int_equal(aarch64_sysreg_mock_read(FPSR_ENC), 0x1);
	vcpu_fpsimd_save(&out);
	assert_memory_equal(&out, &a, sizeof(out));
	vcpu_fpsimd_restore(&b);
	vcpu_fpsimd_save(&out);
	assert_memory_equal(&out, &b, sizeof(out));
	assert_int_equal(fpcr_read(), 0x01000000);
	assert_int_equal(fpsr_read(), 0x10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_layout, setup),
		cmocka_unit_test_setup(test_save, setup),
		cmocka_unit_test_setup(test_restore_and_switch, setup),
	};

	return cmocka_run_group_tests_name("vcpu_fpsimd", tests, NULL, NULL);
}
