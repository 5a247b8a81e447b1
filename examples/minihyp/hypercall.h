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

#define MINIHYP_HC_BASE 0xc6000000u
/* () -> 0.  Does nothing: the benchmark's round trip. */
#define MINIHYP_HC_NULL (MINIHYP_HC_BASE | 0x0)
/* (x1 = IPA of the bytes, x2 = length) -> bytes written, or -2
 * (INVALID_PARAMS) when the buffer is not in guest RAM. */
#define MINIHYP_HC_CONSOLE_WRITE (MINIHYP_HC_BASE | 0x1)
/* (x1 = status) -> does not return: the VM stops; the hypervisor logs the
 * status and, for the last VM, powers the machine off. */
#define MINIHYP_HC_SHUTDOWN (MINIHYP_HC_BASE | 0x2)
/* () -> ABI version, major << 16 | minor (1.0 = 0x10000). */
#define MINIHYP_HC_ABI_VERSION (MINIHYP_HC_BASE | 0x3)

/* () -> 0.  The hypervisor takes the vCPU off its physical CPU and puts it
 * back (vcpu_put, the FP/SIMD and EL1 registers scribbled over, vcpu_load),
 * as a scheduler would: the guest's state must come back intact. */
#define MINIHYP_HC_RESCHEDULE (MINIHYP_HC_BASE | 0x4)

#define MINIHYP_ABI_VERSION 0x10000

/* SMCCC results */
#define MINIHYP_RET_SUCCESS	   0
#define MINIHYP_RET_NOT_SUPPORTED  (-1)
#define MINIHYP_RET_INVALID_PARAMS (-2)

#endif
