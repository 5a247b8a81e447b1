/* SPDX-License-Identifier: MIT */
/*
 * FP/Advanced SIMD context of a vCPU: q0-q31, FPCR, FPSR.
 *
 * On AArch64 the vector registers are moved with stp/ldp of q registers in
 * inline assembly that enables the FP and SIMD extensions for itself
 * (`.arch_extension fp` / `simd`), so it assembles in files compiled with
 * -mgeneral-regs-only (as EL2 code usually is).  FPCR and FPSR go through the
 * generated accessors (include/aarch64_sysreg/special.h).
 *
 * At EL2 these functions must run with FP/SIMD accesses not trapped
 * (CPTR_EL2.TFP == 0), or they take the trap themselves.
 *
 * On any other host, or when the sysreg mock backend is selected
 * (AARCH64_SYSREG_MOCK), the vector registers are a mock register file
 * `vcpu_fpsimd_mock_v[64]` (q<n> is elements 2n, 2n+1: low, high 64 bits),
 * defined here as a weak symbol like aarch64_sysreg_mock_file, and FPCR/FPSR
 * live in the sysreg mock file; host tests set and inspect both.
 */
#ifndef VCPU_FPSIMD_H
#define VCPU_FPSIMD_H

/* C declarations only: the header can be included from assembly too. */
#ifndef __ASSEMBLER__

#include <stdint.h>

#include "../aarch64_sysreg/special.h"

#ifdef __cplusplus
extern "C" {
#endif

struct vcpu_fpsimd {
	/* q0..q31: q<n> is v[2n] (bits 63:0) and v[2n + 1] (bits 127:64) */
	uint64_t v[64] __attribute__((aligned(16)));
	uint64_t fpcr, fpsr;
};

#define VCPU_FPSIMD_USE_MOCK AARCH64_SYSREG_USE_MOCK

#if VCPU_FPSIMD_USE_MOCK

#ifdef AARCH64_SYSREG_MOCK_NO_DEFINITION
extern uint64_t vcpu_fpsimd_mock_v[64];
#else
__attribute__((weak)) uint64_t vcpu_fpsimd_mock_v[64];
#endif

static inline void vcpu_fpsimd_save(struct vcpu_fpsimd *f)
{
	unsigned i;

	for (i = 0; i < 64; i++)
		f->v[i] = vcpu_fpsimd_mock_v[i];
	f->fpcr = fpcr_read();
	f->fpsr = fpsr_read();
}

static inline void vcpu_fpsimd_restore(const struct vcpu_fpsimd *f)
{
	unsigned i;

	for (i = 0; i < 64; i++)
		vcpu_fpsimd_mock_v[i] = f->v[i];
	fpcr_write(f->fpcr);
	fpsr_write(f->fpsr);
}

#else /* real registers */

#define VCPU_FPSIMD_ARCH_ ".arch_extension fp\n\t.arch_extension simd\n\t"

/* Saves q0-q31, FPCR, FPSR into f. */
static inline void vcpu_fpsimd_save(struct vcpu_fpsimd *f)
{
	__asm__ volatile(VCPU_FPSIMD_ARCH_ "stp q0, q1, [%0, #0]\n\t"
					   "stp q2, q3, [%0, #32]\n\t"
					   "stp q4, q5, [%0, #64]\n\t"
					   "stp q6, q7, [%0, #96]\n\t"
					   "stp q8, q9, [%0, #128]\n\t"
					   "stp q10, q11, [%0, #160]\n\t"
					   "stp q12, q13, [%0, #192]\n\t"
					   "stp q14, q15, [%0, #224]\n\t"
					   "stp q16, q17, [%0, #256]\n\t"
					   "stp q18, q19, [%0, #288]\n\t"
					   "stp q20, q21, [%0, #320]\n\t"
					   "stp q22, q23, [%0, #352]\n\t"
					   "stp q24, q25, [%0, #384]\n\t"
					   "stp q26, q27, [%0, #416]\n\t"
					   "stp q28, q29, [%0, #448]\n\t"
					   "stp q30, q31, [%0, #480]"
			 :
			 : "r"(f->v)
			 : "memory");
	f->fpcr = fpcr_read();
	f->fpsr = fpsr_read();
}

/* Restores q0-q31, FPCR, FPSR from f. */
static inline void vcpu_fpsimd_restore(const struct vcpu_fpsimd *f)
{
	__asm__ volatile(VCPU_FPSIMD_ARCH_ "ldp q0, q1, [%0, #0]\n\t"
					   "ldp q2, q3, [%0, #32]\n\t"
					   "ldp q4, q5, [%0, #64]\n\t"
					   "ldp q6, q7, [%0, #96]\n\t"
					   "ldp q8, q9, [%0, #128]\n\t"
					   "ldp q10, q11, [%0, #160]\n\t"
					   "ldp q12, q13, [%0, #192]\n\t"
					   "ldp q14, q15, [%0, #224]\n\t"
					   "ldp q16, q17, [%0, #256]\n\t"
					   "ldp q18, q19, [%0, #288]\n\t"
					   "ldp q20, q21, [%0, #320]\n\t"
					   "ldp q22, q23, [%0, #352]\n\t"
					   "ldp q24, q25, [%0, #384]\n\t"
					   "ldp q26, q27, [%0, #416]\n\t"
					   "ldp q28, q29, [%0, #448]\n\t"
					   "ldp q30, q31, [%0, #480]"
			 :
			 : "r"(f->v)
			 : "memory", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9",
			   "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17", "v18", "v19",
			   "v20", "v21", "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29",
			   "v30", "v31");
	fpcr_write(f->fpcr);
	fpsr_write(f->fpsr);
}

#undef VCPU_FPSIMD_ARCH_

#endif /* VCPU_FPSIMD_USE_MOCK */

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */

#endif /* VCPU_FPSIMD_H */
