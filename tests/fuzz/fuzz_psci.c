/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: psci_dispatch (include/vcpu/psci.h) with any function
 * ID, arguments and set of host callbacks.  It answers exactly the IDs in
 * its range; a function without a callback is NOT_SUPPORTED (also in
 * PSCI_FEATURES) and calls nothing; at most the one callback of the
 * function is called, with SMC32 arguments truncated to 32 bits.
 */
#include <vcpu/psci.h>

#include "fuzz_input.h"
#include "fuzz_vgic_check.h" /* FUZZ_CHECK */

static struct {
	unsigned int calls;
	uint64_t a[3];
	int64_t ret;
} host;

static int64_t note(uint64_t a1, uint64_t a2, uint64_t a3)
{
	host.calls++;
	host.a[0] = a1, host.a[1] = a2, host.a[2] = a3;
	return host.ret;
}

static int64_t cpu_on(void *c, uint64_t m, uint64_t e, uint64_t x)
{
	(void)c;
	return note(m, e, x);
}
static int64_t cpu_off(void *c)
{
	(void)c;
	return note(0, 0, 0);
}
static int64_t cpu_suspend(void *c, uint64_t p, uint64_t e, uint64_t x)
{
	(void)c;
	return note(p, e, x);
}
static int64_t affinity_info(void *c, uint64_t t, uint64_t l)
{
	(void)c;
	return note(t, l, 0);
}
static void system_off(void *c)
{
	(void)c;
	note(0, 0, 0);
}
static void system_reset(void *c)
{
	(void)c;
	note(0, 0, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	uint8_t mask = fuzz_u8(&in);
	uint64_t fid64 = fuzz_u64(&in), a1 = fuzz_u64(&in), a2 = fuzz_u64(&in), a3 = fuzz_u64(&in);
	struct psci_ops ops = {
		.cpu_on = (mask & 1) ? cpu_on : NULL,
		.cpu_off = (mask & 2) ? cpu_off : NULL,
		.cpu_suspend = (mask & 4) ? cpu_suspend : NULL,
		.affinity_info = (mask & 8) ? affinity_info : NULL,
		.system_off = (mask & 16) ? system_off : NULL,
		.system_reset = (mask & 32) ? system_reset : NULL,
	};
	uint32_t fid = (uint32_t)fid64;
	int64_t ret = 0x5a5a;
	bool handled;

	if (mask & 0x40) /* a known function ID, in either convention */
		fid = (fid & 0xc000001fu) | 0x04000000u, fid64 = fid;
	host.calls = 0;
	host.ret = (int64_t)fuzz_u64(&in);
	handled = psci_dispatch((mask & 0x80) ? NULL : &ops, NULL, fid64, a1, a2, a3, &ret);
	FUZZ_CHECK(handled == psci_fid_in_range(fid));
	if (!handled) {
		FUZZ_CHECK(ret == 0x5a5a && host.calls == 0);
		return 0;
	}
	FUZZ_CHECK(host.calls <= 1);
	if (!psci_fid_implemented((mask & 0x80) ? NULL : &ops, fid))
		FUZZ_CHECK(ret == PSCI_RET_NOT_SUPPORTED && host.calls == 0);
	if (host.calls && !smccc_is_64(fid))
		FUZZ_CHECK(host.a[0] <= UINT32_MAX && host.a[1] <= UINT32_MAX &&
			   host.a[2] <= UINT32_MAX);
	if (fid == PSCI_1_0_FN_PSCI_FEATURES)
		FUZZ_CHECK((ret == PSCI_RET_SUCCESS) ==
			   psci_fid_implemented((mask & 0x80) ? NULL : &ops, (uint32_t)a1));
	return 0;
}
