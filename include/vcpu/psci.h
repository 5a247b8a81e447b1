/* SPDX-License-Identifier: MIT */
/*
 * SMC Calling Convention and PSCI definitions, and a dispatcher that answers
 * the standard PSCI 1.0 and SMCCC 1.1 architecture calls a guest makes with
 * `hvc` (or `smc`) over callbacks supplied by the hypervisor.
 *
 * Sources: Arm DEN 0028 (SMC Calling Convention, SMCCC 1.1+), Arm DEN 0022
 * (Power State Coordination Interface, PSCI 1.0+).
 *
 * Function identifier (W0), DEN 0028 section 2.5:
 *   bit 31      1 = fast call, 0 = yielding call
 *   bit 30      1 = SMC64/HVC64 calling convention, 0 = SMC32/HVC32
 *   bits 29:24  owning entity number (0 Arm architecture, 4 standard secure
 *               service, ...)
 *   bits 23:16  must be zero (except for some legacy ranges)
 *   bits 15:0   function number
 * Only W0 carries the function ID: the upper 32 bits of X0 are ignored.
 *
 * Header only: everything is static inline; needs <stdint.h>/<stdbool.h>.
 */
#ifndef VCPU_PSCI_H
#define VCPU_PSCI_H

/* C declarations only: the header can be included from assembly too. */
#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stdint.h>

#include "../aarch64_sysreg/id.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- SMCCC function-ID fields ---------------------------------------- */

#define SMCCC_FAST_CALL_SHIFT 31
#define SMCCC_FAST_CALL	      (1u << SMCCC_FAST_CALL_SHIFT)
#define SMCCC_SMC64_SHIFT     30
#define SMCCC_SMC64	      (1u << SMCCC_SMC64_SHIFT)
#define SMCCC_OWNER_SHIFT     24
#define SMCCC_OWNER_MASK      (0x3fu << SMCCC_OWNER_SHIFT)
#define SMCCC_FUNC_SHIFT      0
#define SMCCC_FUNC_MASK	      0xffffu

/* Owning entity numbers (bits 29:24). */
#define SMCCC_OWNER_ARCH	 0u
#define SMCCC_OWNER_CPU		 1u
#define SMCCC_OWNER_SIP		 2u
#define SMCCC_OWNER_OEM		 3u
#define SMCCC_OWNER_STANDARD	 4u
#define SMCCC_OWNER_STANDARD_HYP 5u
#define SMCCC_OWNER_VENDOR_HYP	 6u
#define SMCCC_OWNER_TRUSTED_APP	 48u
#define SMCCC_OWNER_TRUSTED_OS	 50u

/* General service queries, the same function numbers in every owner's range
 * (SMCCC, "General Service Queries"). */
#define SMCCC_FUNC_CALL_COUNT 0xff00u
#define SMCCC_FUNC_CALL_UID   0xff01u
#define SMCCC_FUNC_REVISION   0xff03u

/* Build a fast-call function ID. */
#define SMCCC_FAST_FUNC_ID(is64, owner, func)                                                      \
	((uint32_t)(SMCCC_FAST_CALL | ((is64) ? SMCCC_SMC64 : 0u) |                                \
		    (((uint32_t)(owner) << SMCCC_OWNER_SHIFT) & SMCCC_OWNER_MASK) |                \
		    ((uint32_t)(func)&SMCCC_FUNC_MASK)))

static inline bool smccc_is_fast_call(uint32_t fid)
{
	return (fid & SMCCC_FAST_CALL) != 0;
}

static inline bool smccc_is_64(uint32_t fid)
{
	return (fid & SMCCC_SMC64) != 0;
}

static inline uint32_t smccc_owner(uint32_t fid)
{
	return (fid & SMCCC_OWNER_MASK) >> SMCCC_OWNER_SHIFT;
}

static inline uint32_t smccc_func_num(uint32_t fid)
{
	return (fid & SMCCC_FUNC_MASK) >> SMCCC_FUNC_SHIFT;
}

/* ---- SMCCC architecture calls (owner 0) ------------------------------ */

#define SMCCC_VERSION_FUNC_ID	    0x80000000u
#define SMCCC_ARCH_FEATURES_FUNC_ID 0x80000001u
#define SMCCC_ARCH_SOC_ID_FUNC_ID   0x80000002u
#define SMCCC_ARCH_WORKAROUND_1	    0x80008000u
#define SMCCC_ARCH_WORKAROUND_2	    0x80007fffu
#define SMCCC_ARCH_WORKAROUND_3	    0x80003fffu

/* SMCCC_VERSION result: bits 30:16 major, 15:0 minor. */
#define SMCCC_VERSION(major, minor) ((int64_t)((((uint32_t)(major)) << 16) | (uint32_t)(minor)))
#define SMCCC_VERSION_1_1	    SMCCC_VERSION(1, 1) /* 0x10001 */

#define SMCCC_RET_SUCCESS	    0
#define SMCCC_RET_NOT_SUPPORTED	    (-1)
#define SMCCC_RET_NOT_REQUIRED	    (-2)
#define SMCCC_RET_INVALID_PARAMETER (-3)

/* ---- PSCI (owner 4, function numbers 0x00-0x1f) ---------------------- */

#define PSCI_FUNC_FIRST 0x00u
#define PSCI_FUNC_LAST	0x1fu

#define PSCI_0_2_FN_BASE   0x84000000u /* SMC32 */
#define PSCI_0_2_FN64_BASE 0xc4000000u /* SMC64 */
#define PSCI_0_2_FN(n)	   (PSCI_0_2_FN_BASE + (uint32_t)(n))
#define PSCI_0_2_FN64(n)   (PSCI_0_2_FN64_BASE + (uint32_t)(n))

#define PSCI_0_2_FN_PSCI_VERSION	    PSCI_0_2_FN(0x00)
#define PSCI_0_2_FN_VERSION		    PSCI_0_2_FN_PSCI_VERSION
#define PSCI_0_2_FN_CPU_SUSPEND		    PSCI_0_2_FN(0x01)
#define PSCI_0_2_FN_CPU_OFF		    PSCI_0_2_FN(0x02)
#define PSCI_0_2_FN_CPU_ON		    PSCI_0_2_FN(0x03)
#define PSCI_0_2_FN_AFFINITY_INFO	    PSCI_0_2_FN(0x04)
#define PSCI_0_2_FN_MIGRATE		    PSCI_0_2_FN(0x05)
#define PSCI_0_2_FN_MIGRATE_INFO_TYPE	    PSCI_0_2_FN(0x06)
#define PSCI_0_2_FN_MIGRATE_INFO_UP_CPU	    PSCI_0_2_FN(0x07)
#define PSCI_0_2_FN_SYSTEM_OFF		    PSCI_0_2_FN(0x08)
#define PSCI_0_2_FN_SYSTEM_RESET	    PSCI_0_2_FN(0x09)
#define PSCI_1_0_FN_PSCI_FEATURES	    PSCI_0_2_FN(0x0a)
#define PSCI_1_0_FN_CPU_FREEZE		    PSCI_0_2_FN(0x0b)
#define PSCI_1_0_FN_CPU_DEFAULT_SUSPEND	    PSCI_0_2_FN(0x0c)
#define PSCI_1_0_FN_NODE_HW_STATE	    PSCI_0_2_FN(0x0d)
#define PSCI_1_0_FN_SYSTEM_SUSPEND	    PSCI_0_2_FN(0x0e)
#define PSCI_1_0_FN_SET_SUSPEND_MODE	    PSCI_0_2_FN(0x0f)
#define PSCI_1_0_FN_STAT_RESIDENCY	    PSCI_0_2_FN(0x10)
#define PSCI_1_0_FN_STAT_COUNT		    PSCI_0_2_FN(0x11)
#define PSCI_1_1_FN_SYSTEM_RESET2	    PSCI_0_2_FN(0x12)
#define PSCI_1_1_FN_MEM_PROTECT		    PSCI_0_2_FN(0x13)
#define PSCI_1_1_FN_MEM_PROTECT_CHECK_RANGE PSCI_0_2_FN(0x14)

#define PSCI_0_2_FN64_CPU_SUSPEND	      PSCI_0_2_FN64(0x01)
#define PSCI_0_2_FN64_CPU_ON		      PSCI_0_2_FN64(0x03)
#define PSCI_0_2_FN64_AFFINITY_INFO	      PSCI_0_2_FN64(0x04)
#define PSCI_0_2_FN64_MIGRATE		      PSCI_0_2_FN64(0x05)
#define PSCI_0_2_FN64_MIGRATE_INFO_UP_CPU     PSCI_0_2_FN64(0x07)
#define PSCI_1_0_FN64_CPU_DEFAULT_SUSPEND     PSCI_0_2_FN64(0x0c)
#define PSCI_1_0_FN64_NODE_HW_STATE	      PSCI_0_2_FN64(0x0d)
#define PSCI_1_0_FN64_SYSTEM_SUSPEND	      PSCI_0_2_FN64(0x0e)
#define PSCI_1_0_FN64_STAT_RESIDENCY	      PSCI_0_2_FN64(0x10)
#define PSCI_1_0_FN64_STAT_COUNT	      PSCI_0_2_FN64(0x11)
#define PSCI_1_1_FN64_SYSTEM_RESET2	      PSCI_0_2_FN64(0x12)
#define PSCI_1_1_FN64_MEM_PROTECT_CHECK_RANGE PSCI_0_2_FN64(0x14)

/* PSCI_VERSION result: bits 30:16 major, 15:0 minor. */
#define PSCI_VERSION(major, minor) ((int64_t)((((uint32_t)(major)) << 16) | (uint32_t)(minor)))
#define PSCI_VERSION_1_0	   PSCI_VERSION(1, 0) /* 0x10000 */

/* Return codes (DEN 0022, table "Return error codes"). */
#define PSCI_RET_SUCCESS	  0
#define PSCI_RET_NOT_SUPPORTED	  (-1)
#define PSCI_RET_INVALID_PARAMS	  (-2)
#define PSCI_RET_DENIED		  (-3)
#define PSCI_RET_ALREADY_ON	  (-4)
#define PSCI_RET_ON_PENDING	  (-5)
#define PSCI_RET_INTERNAL_FAILURE (-6)
#define PSCI_RET_NOT_PRESENT	  (-7)
#define PSCI_RET_DISABLED	  (-8)
#define PSCI_RET_INVALID_ADDRESS  (-9)

/* AFFINITY_INFO results. */
#define PSCI_AFFINITY_ON	 0
#define PSCI_AFFINITY_OFF	 1
#define PSCI_AFFINITY_ON_PENDING 2

/* MIGRATE_INFO_TYPE results. */
#define PSCI_TOS_UP_MIGRATE_CAPABLE	0
#define PSCI_TOS_UP_NOT_MIGRATE_CAPABLE 1
#define PSCI_TOS_NOT_PRESENT_MP		2 /* not present, or needs no migration */

/*
 * The affinity fields of MPIDR_EL1 (Aff3..Aff0): CPU_ON's target_cpu and
 * AFFINITY_INFO's target_affinity carry them, every other bit is RES0 (DEN
 * 0022D 5.1.4 and 5.1.5) and a set one gets INVALID_PARAMETERS.
 */
#define PSCI_MPIDR_AFFINITY_MASK                                                                   \
	(MPIDR_EL1_AFF0_MASK | MPIDR_EL1_AFF1_MASK | MPIDR_EL1_AFF2_MASK | MPIDR_EL1_AFF3_MASK)

static inline bool psci_affinity_valid(uint64_t mpidr)
{
	return (mpidr & ~PSCI_MPIDR_AFFINITY_MASK) == 0;
}

/* ---- dispatcher ------------------------------------------------------ */

/*
 * Callbacks a hypervisor provides; a NULL callback makes the function (both
 * its SMC32 and SMC64 IDs) NOT_SUPPORTED, also in PSCI_FEATURES.  For SMC32
 * IDs the arguments have already been truncated to 32 bits.
 *
 *  cpu_on:        return SUCCESS, ALREADY_ON, ON_PENDING, INVALID_PARAMS,
 *                 INVALID_ADDRESS, INTERNAL_FAILURE.  The dispatcher has
 *                 already refused a target_cpu with a RES0 bit set; the
 *                 callback checks the entry point (INVALID_ADDRESS when it is
 *                 not 4-byte aligned or not in the caller's memory).
 *  cpu_off:       normally does not return to the caller's vCPU (the
 *                 hypervisor stops it); if it returns its value is passed on
 *                 (DENIED).
 *  cpu_suspend:   SUCCESS (woken up), INVALID_PARAMS, ...
 *  affinity_info: PSCI_AFFINITY_ON/OFF/ON_PENDING or INVALID_PARAMS (a
 *                 target_affinity with a RES0 bit set never reaches it).
 *  system_off / system_reset: the hypervisor stops or resets the VM.  If the
 *                 vCPU is ever resumed after them, it sees INTERNAL_FAILURE
 *                 (the call is not supposed to return).
 */
struct psci_ops {
	int64_t (*cpu_on)(void *ctx, uint64_t target_mpidr, uint64_t entry, uint64_t context_id);
	int64_t (*cpu_off)(void *ctx);
	int64_t (*cpu_suspend)(void *ctx, uint64_t power_state, uint64_t entry,
			       uint64_t context_id);
	int64_t (*affinity_info)(void *ctx, uint64_t target_affinity, uint64_t lowest_level);
	void (*system_off)(void *ctx);
	void (*system_reset)(void *ctx);
};

/*
 * Whether `fid` (a 32-bit function ID) is a call this dispatcher implements
 * with the given callbacks: PSCI_VERSION, PSCI_FEATURES, MIGRATE_INFO_TYPE
 * always; CPU_SUSPEND, CPU_OFF, CPU_ON, AFFINITY_INFO, SYSTEM_OFF,
 * SYSTEM_RESET when their callback is non-NULL (with their SMC64 IDs where
 * the function has one); SMCCC_VERSION and SMCCC_ARCH_FEATURES always.
 */
static inline bool psci_fid_implemented(const struct psci_ops *ops, uint32_t fid)
{
	switch (fid) {
	case PSCI_0_2_FN_PSCI_VERSION:
	case PSCI_1_0_FN_PSCI_FEATURES:
	case PSCI_0_2_FN_MIGRATE_INFO_TYPE:
	case SMCCC_VERSION_FUNC_ID:
	case SMCCC_ARCH_FEATURES_FUNC_ID:
		return true;
	case PSCI_0_2_FN_CPU_SUSPEND:
	case PSCI_0_2_FN64_CPU_SUSPEND:
		return ops && ops->cpu_suspend;
	case PSCI_0_2_FN_CPU_OFF:
		return ops && ops->cpu_off;
	case PSCI_0_2_FN_CPU_ON:
	case PSCI_0_2_FN64_CPU_ON:
		return ops && ops->cpu_on;
	case PSCI_0_2_FN_AFFINITY_INFO:
	case PSCI_0_2_FN64_AFFINITY_INFO:
		return ops && ops->affinity_info;
	case PSCI_0_2_FN_SYSTEM_OFF:
		return ops && ops->system_off;
	case PSCI_0_2_FN_SYSTEM_RESET:
		return ops && ops->system_reset;
	default:
		return false;
	}
}

/*
 * Whether psci_dispatch() answers `fid`: fast calls owned by the Arm
 * architecture (owner 0: SMCCC_VERSION, SMCCC_ARCH_FEATURES, workarounds,
 * ...) or by the standard secure service (owner 4: PSCI and the other
 * standard services, which this dispatcher does not implement and answers
 * with NOT_SUPPORTED), in either calling convention.  A hypervisor that
 * implements another standard service (TRNG, SDEI, ...) handles its IDs
 * before calling psci_dispatch().
 */
static inline bool psci_fid_in_range(uint32_t fid)
{
	uint32_t owner = smccc_owner(fid);

	return smccc_is_fast_call(fid) &&
	       (owner == SMCCC_OWNER_ARCH || owner == SMCCC_OWNER_STANDARD);
}

/*
 * SMCCC_ARCH_FEATURES(id): SUCCESS for SMCCC_VERSION and SMCCC_ARCH_FEATURES
 * themselves (the calls this dispatcher implements in the arch range);
 * NOT_SUPPORTED for everything else, including SMCCC_ARCH_WORKAROUND_1/2/3
 * and SMCCC_ARCH_SOC_ID (a hypervisor that implements those answers them
 * before calling psci_dispatch()).
 */
static inline int64_t smccc_arch_features(uint32_t queried)
{
	if (queried == SMCCC_VERSION_FUNC_ID || queried == SMCCC_ARCH_FEATURES_FUNC_ID)
		return SMCCC_RET_SUCCESS;
	return SMCCC_RET_NOT_SUPPORTED;
}

/*
 * Handles the PSCI 1.0 and SMCCC 1.1 standard calls.  fid is taken from W0
 * (bits 63:32 of X0 are ignored, as SMCCC specifies).  Returns true and sets
 * *ret (the value for X0) when fid is in the range psci_fid_in_range()
 * accepts; unsupported functions there get NOT_SUPPORTED (-1).  Returns false,
 * leaving *ret alone, for any other ID: the caller handles it (or answers
 * SMCCC_RET_NOT_SUPPORTED itself).
 *
 *  PSCI_VERSION       -> 0x10000 (1.0)
 *  PSCI_FEATURES(f)   -> 0 when psci_fid_implemented(f) (for CPU_SUSPEND: 0 =
 *                        original power_state format, platform-coordinated
 *                        mode only), NOT_SUPPORTED otherwise
 *  MIGRATE_INFO_TYPE  -> 2 (trusted OS not present / no migration needed)
 *  MIGRATE, MIGRATE_INFO_UP_CPU and the other optional functions ->
 *                        NOT_SUPPORTED
 *  SMCCC_VERSION      -> 0x10001 (1.1)
 *  SMCCC_ARCH_FEATURES-> smccc_arch_features(a1)
 *  CPU_ON, AFFINITY_INFO -> INVALID_PARAMS when the target has a RES0 bit
 *                        set (psci_affinity_valid()), else the callback's
 */
static inline bool psci_dispatch(const struct psci_ops *ops, void *ctx, uint64_t fid64, uint64_t a1,
				 uint64_t a2, uint64_t a3, int64_t *ret)
{
	uint32_t fid = (uint32_t)fid64;

	if (!psci_fid_in_range(fid))
		return false;
	if (!smccc_is_64(fid)) {
		a1 = (uint32_t)a1;
		a2 = (uint32_t)a2;
		a3 = (uint32_t)a3;
	}
	if (!psci_fid_implemented(ops, fid)) {
		*ret = PSCI_RET_NOT_SUPPORTED; /* == SMCCC_RET_NOT_SUPPORTED */
		return true;
	}
	switch (fid) {
	case PSCI_0_2_FN_PSCI_VERSION:
		*ret = PSCI_VERSION_1_0;
		break;
	case PSCI_1_0_FN_PSCI_FEATURES:
		*ret = psci_fid_implemented(ops, (uint32_t)a1) ? PSCI_RET_SUCCESS
							       : PSCI_RET_NOT_SUPPORTED;
		break;
	case PSCI_0_2_FN_MIGRATE_INFO_TYPE:
		*ret = PSCI_TOS_NOT_PRESENT_MP;
		break;
	case SMCCC_VERSION_FUNC_ID:
		*ret = SMCCC_VERSION_1_1;
		break;
	case SMCCC_ARCH_FEATURES_FUNC_ID:
		*ret = smccc_arch_features((uint32_t)a1);
		break;
	case PSCI_0_2_FN_CPU_SUSPEND:
	case PSCI_0_2_FN64_CPU_SUSPEND:
		*ret = ops->cpu_suspend(ctx, a1, a2, a3);
		break;
	case PSCI_0_2_FN_CPU_OFF:
		*ret = ops->cpu_off(ctx);
		break;
	case PSCI_0_2_FN_CPU_ON:
	case PSCI_0_2_FN64_CPU_ON:
		*ret = psci_affinity_valid(a1) ? ops->cpu_on(ctx, a1, a2, a3)
					       : PSCI_RET_INVALID_PARAMS;
		break;
	case PSCI_0_2_FN_AFFINITY_INFO:
	case PSCI_0_2_FN64_AFFINITY_INFO:
		*ret = psci_affinity_valid(a1) ? ops->affinity_info(ctx, a1, a2)
					       : PSCI_RET_INVALID_PARAMS;
		break;
	case PSCI_0_2_FN_SYSTEM_OFF:
		ops->system_off(ctx);
		*ret = PSCI_RET_INTERNAL_FAILURE;
		break;
	case PSCI_0_2_FN_SYSTEM_RESET:
		ops->system_reset(ctx);
		*ret = PSCI_RET_INTERNAL_FAILURE;
		break;
	default:
		*ret = PSCI_RET_NOT_SUPPORTED;
		break;
	}
	return true;
}

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */

#endif /* VCPU_PSCI_H */
