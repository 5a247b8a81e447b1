/* SPDX-License-Identifier: MIT */
/* Hardware detection against mock ID register values; virt enable/disable. */
#include "vcpu_test.h"

#include <vcpu/hw.h>

#if !AARCH64_SYSREG_USE_MOCK
#error "host tests need the mock sysreg backend"
#endif

static int setup(void **state)
{
	(void)state;
	aarch64_sysreg_mock_reset();
	vcpu_hw_mock_isb_count = 0;
	return 0;
}

static void test_current_el(void **state)
{
	(void)state;
	assert_int_equal(CURRENTEL_ENC, AARCH64_SYSREG_ENC(3, 0, 4, 2, 2));
	aarch64_sysreg_mock_write(CURRENTEL_ENC, 2u << 2); /* EL2: bits 3:2 = 2 */
	assert_int_equal(hw_current_el(), 2);
	aarch64_sysreg_mock_write(CURRENTEL_ENC, 1u << 2);
	assert_int_equal(hw_current_el(), 1);
	aarch64_sysreg_mock_write(CURRENTEL_ENC, 3u << 2);
	assert_int_equal(hw_current_el(), 3);
	aarch64_sysreg_mock_write(CURRENTEL_ENC, 0);
	assert_int_equal(hw_current_el(), 0);
}

static void test_has_el2(void **state)
{
	(void)state;
	assert_int_equal(ID_AA64PFR0_EL1_ENC, AARCH64_SYSREG_ENC(3, 0, 0, 4, 0));
	/* Cortex-A57-like: EL0-EL3 AArch64+AArch32 (0x2222), FP/AdvSIMD 0 */
	aarch64_sysreg_mock_write(ID_AA64PFR0_EL1_ENC, 0x2222);
	assert_true(hw_has_el2());
	assert_true(hw_has_fpsimd());
	/* EL2 AArch64 only (EL2 = 1, bits 11:8) */
	aarch64_sysreg_mock_write(ID_AA64PFR0_EL1_ENC, 0x0111);
	assert_true(hw_has_el2());
	/* no EL2: bits 11:8 zero, the rest set */
	aarch64_sysreg_mock_write(ID_AA64PFR0_EL1_ENC, 0xfffffffffffff0ffull);
	assert_false(hw_has_el2());
	/* FP not implemented (bits 19:16 = 0xf) / AdvSIMD not (23:20 = 0xf) */
	aarch64_sysreg_mock_write(ID_AA64PFR0_EL1_ENC, 0x000f1111);
	assert_false(hw_has_fpsimd());
	aarch64_sysreg_mock_write(ID_AA64PFR0_EL1_ENC, 0x00f01111);
	assert_false(hw_has_fpsimd());
	aarch64_sysreg_mock_write(ID_AA64PFR0_EL1_ENC, 0x00111111); /* FP16 */
	assert_true(hw_has_fpsimd());
}

static void test_pa_bits(void **state)
{
	static const unsigned bits[] = {32, 36, 40, 42, 44, 48, 52};
	unsigned i;

	(void)state;
	assert_int_equal(ID_AA64MMFR0_EL1_ENC, AARCH64_SYSREG_ENC(3, 0, 0, 7, 0));
	for (i = 0; i < 7; i++) {
		/* other fields set around PARange (bits 3:0) must not matter */
		aarch64_sysreg_mock_write(ID_AA64MMFR0_EL1_ENC, 0x00101120ull | i);
		assert_int_equal(hw_pa_bits(), bits[i]);
	}
	aarch64_sysreg_mock_write(ID_AA64MMFR0_EL1_ENC, 0x7); /* reserved */
	assert_int_equal(hw_pa_bits(), 0);
	aarch64_sysreg_mock_write(ID_AA64MMFR0_EL1_ENC, 0xfffffffffffffff5ull);
	assert_int_equal(hw_pa_bits(), 48);

	/* back to an encoding: the largest size that fits, PA32 (0) below 36 */
	for (i = 0; i < 7; i++) {
		assert_int_equal(hw_bits_to_parange(bits[i]), i);
		assert_int_equal(hw_bits_to_parange(bits[i] + 1), i);
	}
	assert_int_equal(hw_bits_to_parange(0), 0);
	assert_int_equal(hw_bits_to_parange(39), 1);
	assert_int_equal(hw_bits_to_parange(64), 6);
}

static void test_vmid_bits(void **state)
{
	(void)state;
	assert_int_equal(ID_AA64MMFR1_EL1_ENC, AARCH64_SYSREG_ENC(3, 0, 0, 7, 1));
	aarch64_sysreg_mock_write(ID_AA64MMFR1_EL1_ENC, 0x0);
	assert_int_equal(hw_vmid_bits(), 8);
	aarch64_sysreg_mock_write(ID_AA64MMFR1_EL1_ENC, 0x20); /* VMIDBits 7:4 = 2 */
	assert_int_equal(hw_vmid_bits(), 16);
	aarch64_sysreg_mock_write(ID_AA64MMFR1_EL1_ENC, 0xffffffffffffff0full);
	assert_int_equal(hw_vmid_bits(), 8);
	aarch64_sysreg_mock_write(ID_AA64MMFR1_EL1_ENC, 0x10212122ull);
	assert_int_equal(hw_vmid_bits(), 16);
}

static void test_guest_default(void **state)
{
	uint64_t h = HCR_EL2_GUEST_DEFAULT;

	(void)state;
	/* VM 0, SWIO 1, PTW 2, FMO 3, IMO 4, AMO 5, FB 9, BSU 11:10 = 01,
	 * TWI 13, TWE 14, TSC 19, RW 31 */
	assert_int_equal(h, (1ull << 0) | (1ull << 1) | (1ull << 2) | (1ull << 3) | (1ull << 4) |
				    (1ull << 5) | (1ull << 9) | (1ull << 10) | (1ull << 13) |
				    (1ull << 14) | (1ull << 19) | (1ull << 31));
	assert_int_equal(h, 0x8008663full);
	/* never a host-mode or VHE bit */
	assert_int_equal(h & (HCR_EL2_TGE_MASK | HCR_EL2_E2H_MASK), 0);
}

static void test_enable_disable(void **state)
{
	struct virt_saved saved;

	(void)state;
	aarch64_sysreg_mock_write(VBAR_EL2_ENC, 0x40000800);
	aarch64_sysreg_mock_write(HCR_EL2_ENC, HCR_EL2_RW_MASK);
	virt_enable(0x40081000, HCR_EL2_GUEST_DEFAULT, &saved);
	assert_int_equal(saved.vbar_el2, 0x40000800);
	assert_int_equal(saved.hcr_el2, HCR_EL2_RW_MASK);
	assert_int_equal(aarch64_sysreg_mock_read(VBAR_EL2_ENC), 0x40081000);
	assert_int_equal(aarch64_sysreg_mock_read(HCR_EL2_ENC), HCR_EL2_GUEST_DEFAULT);
	assert_true(vcpu_hw_mock_isb_count >= 1);
	vcpu_hw_mock_isb_count = 0;
	virt_disable(&saved);
	assert_int_equal(aarch64_sysreg_mock_read(VBAR_EL2_ENC), 0x40000800);
	assert_int_equal(aarch64_sysreg_mock_read(HCR_EL2_ENC), HCR_EL2_RW_MASK);
	assert_true(vcpu_hw_mock_isb_count >= 1);
	/* without a save area */
	virt_enable(0x1000, HCR_EL2_VM_MASK, NULL);
	assert_int_equal(hcr_el2_read(), HCR_EL2_VM_MASK);
	assert_int_equal(vbar_el2_read(), 0x1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_current_el, setup),
		cmocka_unit_test_setup(test_has_el2, setup),
		cmocka_unit_test_setup(test_pa_bits, setup),
		cmocka_unit_test_setup(test_vmid_bits, setup),
		cmocka_unit_test_setup(test_guest_default, setup),
		cmocka_unit_test_setup(test_enable_disable, setup),
	};

	return cmocka_run_group_tests_name("vcpu_hw", tests, NULL, NULL);
}
