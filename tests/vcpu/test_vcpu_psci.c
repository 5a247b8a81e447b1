/* SPDX-License-Identifier: MIT */
/* psci_dispatch(): every PSCI 1.0 / SMCCC 1.1 function, both calling
 * conventions, NOT_SUPPORTED answers and IDs left to the caller. */
#include "vcpu_test.h"

#include <vcpu/psci.h>

struct rec {
	int calls;
	const char *fn;
	uint64_t a1, a2, a3;
	int64_t result;
};

static int64_t cb_cpu_on(void *ctx, uint64_t mpidr, uint64_t entry, uint64_t cid)
{
	struct rec *r = (struct rec *)ctx;

	r->calls++;
	r->fn = "cpu_on";
	r->a1 = mpidr;
	r->a2 = entry;
	r->a3 = cid;
	return r->result;
}

static int64_t cb_cpu_off(void *ctx)
{
	struct rec *r = (struct rec *)ctx;

	r->calls++;
	r->fn = "cpu_off";
	return r->result;
}

static int64_t cb_cpu_suspend(void *ctx, uint64_t state, uint64_t entry, uint64_t cid)
{
	struct rec *r = (struct rec *)ctx;

	r->calls++;
	r->fn = "cpu_suspend";
	r->a1 = state;
	r->a2 = entry;
	r->a3 = cid;
	return r->result;
}

static int64_t cb_affinity_info(void *ctx, uint64_t aff, uint64_t lvl)
{
	struct rec *r = (struct rec *)ctx;

	r->calls++;
	r->fn = "affinity_info";
	r->a1 = aff;
	r->a2 = lvl;
	return r->result;
}

static void cb_system_off(void *ctx)
{
	struct rec *r = (struct rec *)ctx;

	r->calls++;
	r->fn = "system_off";
}

static void cb_system_reset(void *ctx)
{
	struct rec *r = (struct rec *)ctx;

	r->calls++;
	r->fn = "system_reset";
}

static const struct psci_ops full_ops = {
	cb_cpu_on, cb_cpu_off, cb_cpu_suspend, cb_affinity_info, cb_system_off, cb_system_reset,
};
static const struct psci_ops no_ops = {NULL, NULL, NULL, NULL, NULL, NULL};

static int64_t call(const struct psci_ops *ops, struct rec *r, uint64_t fid, uint64_t a1,
		    uint64_t a2, uint64_t a3)
{
	int64_t ret = 0x5a5a;

	assert_true(psci_dispatch(ops, r, fid, a1, a2, a3, &ret));
	return ret;
}

static void test_ids_and_fields(void **state)
{
	(void)state;
	/* DEN 0022 table 5.1 values. */
	assert_int_equal(PSCI_0_2_FN_PSCI_VERSION, 0x84000000u);
	assert_int_equal(PSCI_0_2_FN_CPU_SUSPEND, 0x84000001u);
	assert_int_equal(PSCI_0_2_FN64_CPU_SUSPEND, 0xc4000001u);
	assert_int_equal(PSCI_0_2_FN_CPU_OFF, 0x84000002u);
	assert_int_equal(PSCI_0_2_FN_CPU_ON, 0x84000003u);
	assert_int_equal(PSCI_0_2_FN64_CPU_ON, 0xc4000003u);
	assert_int_equal(PSCI_0_2_FN_AFFINITY_INFO, 0x84000004u);
	assert_int_equal(PSCI_0_2_FN64_AFFINITY_INFO, 0xc4000004u);
	assert_int_equal(PSCI_0_2_FN_MIGRATE_INFO_TYPE, 0x84000006u);
	assert_int_equal(PSCI_0_2_FN_SYSTEM_OFF, 0x84000008u);
	assert_int_equal(PSCI_0_2_FN_SYSTEM_RESET, 0x84000009u);
	assert_int_equal(PSCI_1_0_FN_PSCI_FEATURES, 0x8400000au);
	assert_int_equal(PSCI_1_0_FN64_SYSTEM_SUSPEND, 0xc400000eu);
	assert_int_equal(SMCCC_VERSION_FUNC_ID, 0x80000000u);
	assert_int_equal(SMCCC_ARCH_FEATURES_FUNC_ID, 0x80000001u);
	assert_int_equal(SMCCC_FAST_FUNC_ID(1, SMCCC_OWNER_STANDARD, 3), PSCI_0_2_FN64_CPU_ON);
	assert_int_equal(SMCCC_FAST_FUNC_ID(0, SMCCC_OWNER_ARCH, 1), SMCCC_ARCH_FEATURES_FUNC_ID);
	/* SMCCC (DEN0028) general queries: the Vendor Specific Hypervisor
	 * Service's Call Count, Call UID and Revision */
	assert_int_equal(SMCCC_FAST_FUNC_ID(0, SMCCC_OWNER_VENDOR_HYP, SMCCC_FUNC_CALL_COUNT),
			 0x8600ff00u);
	assert_int_equal(SMCCC_FAST_FUNC_ID(0, SMCCC_OWNER_VENDOR_HYP, SMCCC_FUNC_CALL_UID),
			 0x8600ff01u);
	assert_int_equal(SMCCC_FAST_FUNC_ID(0, SMCCC_OWNER_VENDOR_HYP, SMCCC_FUNC_REVISION),
			 0x8600ff03u);

	assert_true(smccc_is_fast_call(0xc4000003u));
	assert_false(smccc_is_fast_call(0x04000003u));
	assert_true(smccc_is_64(0xc4000003u));
	assert_false(smccc_is_64(0x84000003u));
	assert_int_equal(smccc_owner(0xc4000003u), 4);
	assert_int_equal(smccc_owner(0x86000000u), 6);
	assert_int_equal(smccc_owner(0xb2000000u), 50);
	assert_int_equal(smccc_func_num(0xc4000003u), 3);
	assert_int_equal(smccc_func_num(0x8000ff12u), 0xff12);

	assert_int_equal(PSCI_RET_NOT_SUPPORTED, -1);
	assert_int_equal(PSCI_RET_INVALID_PARAMS, -2);
	assert_int_equal(PSCI_RET_DENIED, -3);
	assert_int_equal(PSCI_RET_ALREADY_ON, -4);
	assert_int_equal(PSCI_RET_ON_PENDING, -5);
	assert_int_equal(PSCI_RET_INTERNAL_FAILURE, -6);
	assert_int_equal(PSCI_RET_NOT_PRESENT, -7);
	assert_int_equal(PSCI_RET_DISABLED, -8);
	assert_int_equal(PSCI_RET_INVALID_ADDRESS, -9);
	assert_int_equal(SMCCC_RET_NOT_SUPPORTED, -1);
}

static void test_version_and_info(void **state)
{
	struct rec r = {0};

	(void)state;
	assert_int_equal(call(&full_ops, &r, PSCI_0_2_FN_PSCI_VERSION, 0, 0, 0), 0x10000);
	assert_int_equal(call(&no_ops, &r, PSCI_0_2_FN_PSCI_VERSION, 0, 0, 0), 0x10000);
	assert_int_equal(call(&full_ops, &r, PSCI_0_2_FN_MIGRATE_INFO_TYPE, 0, 0, 0), 2);
	assert_int_equal(call(&no_ops, &r, PSCI_0_2_FN_MIGRATE_INFO_TYPE, 0, 0, 0), 2);
	assert_int_equal(call(&full_ops, &r, SMCCC_VERSION_FUNC_ID, 0, 0, 0), 0x10001);
	assert_int_equal(call(NULL, &r, SMCCC_VERSION_FUNC_ID, 0, 0, 0), 0x10001);
	/* Only W0 is the function ID: X0's upper half is ignored. */
	assert_int_equal(
		call(&full_ops, &r, 0xdeadbeef00000000ull | PSCI_0_2_FN_PSCI_VERSION, 0, 0, 0),
		0x10000);
	assert_int_equal(r.calls, 0);
}

static void test_cpu_on(void **state)
{
	struct rec r = {0};

	(void)state;
	r.result = PSCI_RET_SUCCESS;
	assert_int_equal(call(&full_ops, &r, PSCI_0_2_FN64_CPU_ON, 0x0000000100000203ull,
			      0x4008000012345000ull, 0xfedcba9876543210ull),
			 PSCI_RET_SUCCESS);
	assert_int_equal(r.calls, 1);
	assert_string_equal(r.fn, "cpu_on");
	assert_int_equal(r.a1, 0x0000000100000203ull);
	assert_int_equal(r.a2, 0x4008000012345000ull);
	assert_int_equal(r.a3, 0xfedcba9876543210ull);

	/* SMC32 ID: each argument truncated to 32 bits. */
	r.result = PSCI_RET_ALREADY_ON;
	assert_int_equal(call(&full_ops, &r, PSCI_0_2_FN_CPU_ON, 0xffffffff00000001ull,
			      0x1234567840080000ull, 0xaaaaaaaabbbbbbbbull),
			 PSCI_RET_ALREADY_ON);
	assert_int_equal(r.calls, 2);
	assert_int_equal(r.a1, 0x00000001ull);
	assert_int_equal(r.a2, 0x40080000ull);
	assert_int_equal(r.a3, 0xbbbbbbbbull);

	r.calls = 0;
	assert_int_equal(call(&no_ops, &r, PSCI_0_2_FN64_CPU_ON, 1, 2, 3), PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(call(&no_ops, &r, PSCI_0_2_FN_CPU_ON, 1, 2, 3), PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(r.calls, 0);
}

/* DEN 0022D 5.1.4, 5.1.5: bits outside Aff3..Aff0 are RES0; set, they get
 * INVALID_PARAMETERS without reaching the callback. */
static void test_res0_affinity(void **state)
{
	static const uint64_t bad[] = {1ull << 24, 1ull << 31, 1ull << 40, 1ull << 63,
				       0xff00000000ull | (1ull << 30)};
	struct rec r = {0};
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(call(&full_ops, &r, PSCI_0_2_FN64_CPU_ON, bad[i], 0x40000000, 0),
				 PSCI_RET_INVALID_PARAMS);
		assert_int_equal(call(&full_ops, &r, PSCI_0_2_FN64_AFFINITY_INFO, bad[i], 0, 0),
				 PSCI_RET_INVALID_PARAMS);
	}
	/* SMC32: bits 31:24 of the 32-bit argument */
	assert_int_equal(call(&full_ops, &r, PSCI_0_2_FN_CPU_ON, 0x01000000, 0x40000000, 0),
			 PSCI_RET_INVALID_PARAMS);
	assert_int_equal(r.calls, 0);
	/* every affinity field set is valid */
	r.result = PSCI_RET_SUCCESS;
	assert_int_equal(call(&full_ops, &r, PSCI_0_2_FN64_CPU_ON, 0xff00ffffffull, 4, 0),
			 PSCI_RET_SUCCESS);
	assert_int_equal(r.calls, 1);
}

static void test_cpu_off_suspend_affinity(void **state)
{
	struct rec r = {0};

	(void)state;
	r.result = PSCI_RET_DENIED;
	assert_int_equal(call(&full_ops, &r, PSCI_0_2_FN_CPU_OFF, 0, 0, 0), PSCI_RET_DENIED);
	assert_string_equal(r.fn, "cpu_off");

	r.result = PSCI_RET_SUCCESS;
	assert_int_equal(call(&full_ops, &r, PSCI_0_2_FN64_CPU_SUSPEND, 0x10000ull,
			      0x1ffffffff000ull, 0x123456789ull),
			 PSCI_RET_SUCCESS);
	assert_string_equal(r.fn, "cpu_suspend");
	assert_int_equal(r.a1, 0x10000ull);
	assert_int_equal(r.a2, 0x1ffffffff000ull);
	assert_int_equal(r.a3, 0x123456789ull);
	assert_int_equal(call(&full_ops, &r, PSCI_0_2_FN_CPU_SUSPEND, 0x100010000ull,
			      0x1ffffffff000ull, 0x123456789ull),
			 PSCI_RET_SUCCESS);
	assert_int_equal(r.a1, 0x10000ull);
	assert_int_equal(r.a2, 0xfffff000ull);
	assert_int_equal(r.a3, 0x23456789ull);

	r.result = PSCI_AFFINITY_OFF;
	assert_int_equal(call(&full_ops, &r, PSCI_0_2_FN64_AFFINITY_INFO, 0x100000001ull, 0, 0),
			 PSCI_AFFINITY_OFF);
	assert_string_equal(r.fn, "affinity_info");
	assert_int_equal(r.a1, 0x100000001ull);
	assert_int_equal(r.a2, 0);
	r.result = PSCI_AFFINITY_ON;
	assert_int_equal(call(&full_ops, &r, PSCI_0_2_FN_AFFINITY_INFO, 0x100000001ull,
			      0xffffffff00000000ull, 0),
			 PSCI_AFFINITY_ON);
	assert_int_equal(r.a1, 1);
	assert_int_equal(r.a2, 0);
	assert_int_equal(r.calls, 5);

	assert_int_equal(call(&no_ops, &r, PSCI_0_2_FN_CPU_OFF, 0, 0, 0), PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(call(&no_ops, &r, PSCI_0_2_FN_CPU_SUSPEND, 0, 0, 0),
			 PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(call(&no_ops, &r, PSCI_0_2_FN64_CPU_SUSPEND, 0, 0, 0),
			 PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(call(&no_ops, &r, PSCI_0_2_FN_AFFINITY_INFO, 0, 0, 0),
			 PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(call(&no_ops, &r, PSCI_0_2_FN64_AFFINITY_INFO, 0, 0, 0),
			 PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(r.calls, 5);
}

static void test_system_off_reset(void **state)
{
	struct rec r = {0};

	(void)state;
	/* The calls do not return; a vCPU resumed anyway sees INTERNAL_FAILURE. */
	assert_int_equal(call(&full_ops, &r, PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0),
			 PSCI_RET_INTERNAL_FAILURE);
	assert_string_equal(r.fn, "system_off");
	assert_int_equal(call(&full_ops, &r, PSCI_0_2_FN_SYSTEM_RESET, 0, 0, 0),
			 PSCI_RET_INTERNAL_FAILURE);
	assert_string_equal(r.fn, "system_reset");
	assert_int_equal(r.calls, 2);
	assert_int_equal(call(&no_ops, &r, PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0),
			 PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(call(&no_ops, &r, PSCI_0_2_FN_SYSTEM_RESET, 0, 0, 0),
			 PSCI_RET_NOT_SUPPORTED);
	/* SYSTEM_OFF/RESET have no SMC64 IDs. */
	assert_int_equal(call(&full_ops, &r, PSCI_0_2_FN64(0x08), 0, 0, 0), PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(call(&full_ops, &r, PSCI_0_2_FN64(0x09), 0, 0, 0), PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(r.calls, 2);
}

static int64_t features(const struct psci_ops *ops, uint64_t queried)
{
	struct rec r = {0};

	return call(ops, &r, PSCI_1_0_FN_PSCI_FEATURES, queried, 0, 0);
}

static void test_psci_features(void **state)
{
	static const uint32_t implemented[] = {
		PSCI_0_2_FN_PSCI_VERSION,
		PSCI_0_2_FN_CPU_SUSPEND,
		PSCI_0_2_FN64_CPU_SUSPEND,
		PSCI_0_2_FN_CPU_OFF,
		PSCI_0_2_FN_CPU_ON,
		PSCI_0_2_FN64_CPU_ON,
		PSCI_0_2_FN_AFFINITY_INFO,
		PSCI_0_2_FN64_AFFINITY_INFO,
		PSCI_0_2_FN_MIGRATE_INFO_TYPE,
		PSCI_0_2_FN_SYSTEM_OFF,
		PSCI_0_2_FN_SYSTEM_RESET,
		PSCI_1_0_FN_PSCI_FEATURES,
		SMCCC_VERSION_FUNC_ID,
		SMCCC_ARCH_FEATURES_FUNC_ID,
	};
	static const uint32_t always[] = {
		PSCI_0_2_FN_PSCI_VERSION, PSCI_0_2_FN_MIGRATE_INFO_TYPE, PSCI_1_0_FN_PSCI_FEATURES,
		SMCCC_VERSION_FUNC_ID,	  SMCCC_ARCH_FEATURES_FUNC_ID,
	};
	static const uint32_t never[] = {
		PSCI_0_2_FN_MIGRATE,
		PSCI_0_2_FN64_MIGRATE,
		PSCI_0_2_FN_MIGRATE_INFO_UP_CPU,
		PSCI_0_2_FN64_MIGRATE_INFO_UP_CPU,
		PSCI_1_0_FN_CPU_FREEZE,
		PSCI_1_0_FN_CPU_DEFAULT_SUSPEND,
		PSCI_1_0_FN_SYSTEM_SUSPEND,
		PSCI_1_0_FN64_SYSTEM_SUSPEND,
		PSCI_1_0_FN_STAT_COUNT,
		PSCI_1_1_FN_SYSTEM_RESET2,
		PSCI_0_2_FN64(0x00),
		PSCI_0_2_FN64(0x02),
		PSCI_0_2_FN64(0x0a),
		SMCCC_ARCH_WORKAROUND_1,
		0x84000020u,
		0x12345678u,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(implemented) / sizeof(implemented[0]); i++)
		assert_int_equal(features(&full_ops, implemented[i]), PSCI_RET_SUCCESS);
	for (i = 0; i < sizeof(always) / sizeof(always[0]); i++)
		assert_int_equal(features(&no_ops, always[i]), PSCI_RET_SUCCESS);
	for (i = 0; i < sizeof(implemented) / sizeof(implemented[0]); i++) {
		bool is_always = false;
		size_t j;

		for (j = 0; j < sizeof(always) / sizeof(always[0]); j++)
			is_always |= always[j] == implemented[i];
		if (!is_always)
			assert_int_equal(features(&no_ops, implemented[i]), PSCI_RET_NOT_SUPPORTED);
	}
	for (i = 0; i < sizeof(never) / sizeof(never[0]); i++)
		assert_int_equal(features(&full_ops, never[i]), PSCI_RET_NOT_SUPPORTED);

	/* One callback at a time: only that function (both IDs) appears. */
	{
		struct psci_ops only_on = {cb_cpu_on, NULL, NULL, NULL, NULL, NULL};

		assert_int_equal(features(&only_on, PSCI_0_2_FN_CPU_ON), PSCI_RET_SUCCESS);
		assert_int_equal(features(&only_on, PSCI_0_2_FN64_CPU_ON), PSCI_RET_SUCCESS);
		assert_int_equal(features(&only_on, PSCI_0_2_FN_CPU_OFF), PSCI_RET_NOT_SUPPORTED);
		assert_int_equal(features(&only_on, PSCI_0_2_FN_SYSTEM_OFF),
				 PSCI_RET_NOT_SUPPORTED);
	}
	/* The queried ID is a 32-bit value: upper bits of X1 ignored. */
	assert_int_equal(features(&full_ops, 0xffffffff00000000ull | PSCI_0_2_FN_CPU_ON),
			 PSCI_RET_SUCCESS);
}

static void test_smccc_arch_features(void **state)
{
	struct rec r = {0};

	(void)state;
	assert_int_equal(
		call(&full_ops, &r, SMCCC_ARCH_FEATURES_FUNC_ID, SMCCC_VERSION_FUNC_ID, 0, 0),
		SMCCC_RET_SUCCESS);
	assert_int_equal(
		call(&full_ops, &r, SMCCC_ARCH_FEATURES_FUNC_ID, SMCCC_ARCH_FEATURES_FUNC_ID, 0, 0),
		SMCCC_RET_SUCCESS);
	assert_int_equal(
		call(&full_ops, &r, SMCCC_ARCH_FEATURES_FUNC_ID, SMCCC_ARCH_WORKAROUND_1, 0, 0),
		SMCCC_RET_NOT_SUPPORTED);
	assert_int_equal(
		call(&full_ops, &r, SMCCC_ARCH_FEATURES_FUNC_ID, SMCCC_ARCH_WORKAROUND_2, 0, 0),
		SMCCC_RET_NOT_SUPPORTED);
	assert_int_equal(
		call(&full_ops, &r, SMCCC_ARCH_FEATURES_FUNC_ID, SMCCC_ARCH_WORKAROUND_3, 0, 0),
		SMCCC_RET_NOT_SUPPORTED);
	assert_int_equal(
		call(&full_ops, &r, SMCCC_ARCH_FEATURES_FUNC_ID, SMCCC_ARCH_SOC_ID_FUNC_ID, 0, 0),
		SMCCC_RET_NOT_SUPPORTED);
	assert_int_equal(call(&full_ops, &r, SMCCC_ARCH_FEATURES_FUNC_ID, PSCI_0_2_FN_CPU_ON, 0, 0),
			 SMCCC_RET_NOT_SUPPORTED);
	/* Other arch-range IDs (workarounds called directly, SMC64 forms) are
	 * answered, with NOT_SUPPORTED. */
	assert_int_equal(call(&full_ops, &r, SMCCC_ARCH_WORKAROUND_1, 0, 0, 0),
			 SMCCC_RET_NOT_SUPPORTED);
	assert_int_equal(call(&full_ops, &r, 0xc0000000u, 0, 0, 0), SMCCC_RET_NOT_SUPPORTED);
	assert_int_equal(r.calls, 0);
}

static void test_unknown_ids(void **state)
{
	struct rec r = {0};
	int64_t ret = 0x77;

	(void)state;
	/* Unknown IDs in the PSCI / standard-service range: NOT_SUPPORTED. */
	assert_int_equal(call(&full_ops, &r, 0x8400001fu, 0, 0, 0), PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(call(&full_ops, &r, 0xc400001fu, 0, 0, 0), PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(call(&full_ops, &r, PSCI_1_0_FN_SYSTEM_SUSPEND, 0, 0, 0),
			 PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(call(&full_ops, &r, PSCI_0_2_FN_MIGRATE, 0, 0, 0), PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(call(&full_ops, &r, 0x84000050u /* TRNG_VERSION */, 0, 0, 0),
			 PSCI_RET_NOT_SUPPORTED);
	assert_int_equal(r.calls, 0);

	/* Outside the architecture / standard-service ranges: not ours. */
	assert_false(psci_dispatch(&full_ops, &r, 0x82000000u /* SiP */, 0, 0, 0, &ret));
	assert_false(psci_dispatch(&full_ops, &r, 0x83000010u /* OEM */, 0, 0, 0, &ret));
	assert_false(psci_dispatch(&full_ops, &r, 0xc6000000u /* vendor hyp */, 0, 0, 0, &ret));
	assert_false(psci_dispatch(&full_ops, &r, 0xc5000001u /* std hyp */, 0, 0, 0, &ret));
	assert_false(psci_dispatch(&full_ops, &r, 0xb2000000u /* trusted OS */, 0, 0, 0, &ret));
	assert_false(psci_dispatch(&full_ops, &r, 0x04000003u /* yielding */, 0, 0, 0, &ret));
	assert_false(psci_dispatch(&full_ops, &r, 0x00000000u, 0, 0, 0, &ret));
	assert_int_equal(ret, 0x77);
	assert_int_equal(r.calls, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids_and_fields),
		cmocka_unit_test(test_version_and_info),
		cmocka_unit_test(test_cpu_on),
		cmocka_unit_test(test_res0_affinity),
		cmocka_unit_test(test_cpu_off_suspend_affinity),
		cmocka_unit_test(test_system_off_reset),
		cmocka_unit_test(test_psci_features),
		cmocka_unit_test(test_smccc_arch_features),
		cmocka_unit_test(test_unknown_ids),
	};

	return cmocka_run_group_tests_name("vcpu_psci", tests, NULL, NULL);
}
