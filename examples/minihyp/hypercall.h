/* SPDX-License-Identifier: MIT */
/*
 * minihyp hypercall ABI (see docs/hypercall-abi.md), shared by the
 * hypervisor and its guests.  SMC Calling Convention, SMC64 fast calls in
 * the vendor-specific hypervisor service range (owning entity 6):
 * function ID 0xC6000000 | n in W0, arguments in X1..X6, result in X0,
 * through HVC #0 (or SMC #0).  Registers other than X0 are preserved.
 */
#ifndef MINIHYP_HYPERCALL_H
#define MINIHYP_HYPERCALL_H

#include <vcpu/psci.h>

/* 0xC6000000: fast call, SMC64, owner 6 (vendor-specific hypervisor). */
#define MINIHYP_HC_BASE SMCCC_FAST_FUNC_ID(1, SMCCC_OWNER_VENDOR_HYP, 0)
/* () -> 0.  Does nothing: the benchmark's round trip. */
#define MINIHYP_HC_NULL (MINIHYP_HC_BASE | 0x0)
/* (x1 = IPA of the bytes, x2 = length) -> bytes written, at most
 * MINIHYP_CONSOLE_WRITE_MAX (the caller writes the rest with more calls), or
 * -2 (INVALID_PARAMS) when [x1, x1 + x2) is not all guest RAM. */
#define MINIHYP_HC_CONSOLE_WRITE  (MINIHYP_HC_BASE | 0x1)
#define MINIHYP_CONSOLE_WRITE_MAX 256u
/* (x1 = status) -> does not return: the VM stops; the hypervisor logs the
 * status and, for the last VM, powers the machine off. */
#define MINIHYP_HC_SHUTDOWN (MINIHYP_HC_BASE | 0x2)
/* () -> ABI version, major << 16 | minor (1.0 = 0x10000). */
#define MINIHYP_HC_ABI_VERSION (MINIHYP_HC_BASE | 0x3)

/* () -> 0.  The hypervisor takes the vCPU off its physical CPU and puts it
 * back (vcpu_put, the FP/SIMD and EL1 registers scribbled over, vcpu_load),
 * as a scheduler would: the guest's state must come back intact. */
#define MINIHYP_HC_RESCHEDULE (MINIHYP_HC_BASE | 0x4)

/* (x1 = the IPA at which the caller maps a shared region of the VM file,
 * its first byte) -> SUCCESS: the doorbell SPI of the region's other end
 * is made pending (edge) in the other VM's vGIC (already pending: it stays
 * one pending interrupt, as a GIC does); INVALID_PARAMETER (-3): the
 * caller maps no shared region at x1 (it is not an end of it);
 * MINIHYP_RET_PEER_OFF: the other VM is off (SYSTEM_OFF, shutdown, or in
 * its SYSTEM_RESET), the doorbell is dropped. */
#define MINIHYP_HC_DOORBELL (MINIHYP_HC_BASE | 0x5)

#define MINIHYP_ABI_VERSION 0x10001 /* 1.1: MINIHYP_HC_DOORBELL */

/*
 * The SMCCC general queries of the vendor-specific hypervisor service
 * (SMC32 fast calls, owning entity 6), which a guest such as Linux issues to
 * find out which hypervisor it runs on.
 */
#define MINIHYP_SMCCC_QUERY(func) SMCCC_FAST_FUNC_ID(0, SMCCC_OWNER_VENDOR_HYP, func)
/* -> number of minihyp calls */
#define MINIHYP_SMCCC_CALL_COUNT MINIHYP_SMCCC_QUERY(SMCCC_FUNC_CALL_COUNT)
/* -> UID in w0..w3 */
#define MINIHYP_SMCCC_CALL_UID MINIHYP_SMCCC_QUERY(SMCCC_FUNC_CALL_UID)
/* -> major in w0, minor in w1 */
#define MINIHYP_SMCCC_REVISION MINIHYP_SMCCC_QUERY(SMCCC_FUNC_REVISION)
/* minihyp's UID, 44604076-f9c1-419e-917a-bf6b6f1be168, as SMCCC returns a
 * UUID: w0 holds bytes 0..3 little-endian, and so on. */
#define MINIHYP_UID_W0	 0x76406044u
#define MINIHYP_UID_W1	 0x9e41c1f9u
#define MINIHYP_UID_W2	 0x6bbf7a91u
#define MINIHYP_UID_W3	 0x68e11b6fu
#define MINIHYP_NR_CALLS 6u /* MINIHYP_HC_NULL .. MINIHYP_HC_DOORBELL */

/* Results.  SMCCC (DEN0028) gives -1 NOT_SUPPORTED, -2 NOT_REQUIRED,
 * -3 INVALID_PARAMETER; CONSOLE_WRITE's -2 (ABI 1.0) is PSCI's
 * INVALID_PARAMETERS, kept so that 1.0 guests do not break. */
#define MINIHYP_RET_SUCCESS	      0
#define MINIHYP_RET_NOT_SUPPORTED     (-1)
#define MINIHYP_RET_INVALID_PARAMS    (-2)
#define MINIHYP_RET_INVALID_PARAMETER (-3)
#define MINIHYP_RET_PEER_OFF	      (-4) /* MINIHYP_HC_DOORBELL: the other end's VM is off */

#endif
