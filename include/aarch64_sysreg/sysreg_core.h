/* SPDX-License-Identifier: MIT */
/*
 * AArch64 system-register access core (hand-written).
 *
 * The generated accessors in this directory (see the specs in regs/ and
 * gen/regen.py) use what this header provides:
 *
 *  - AARCH64_SYSREG_ENC(op0, op1, crn, crm, op2): the 16-bit packed encoding
 *    op0:op1:CRn:CRm:op2 = (op0 << 14) | (op1 << 11) | (CRn << 7) |
 *    (CRm << 3) | op2.  The low 7 bits are CRm:op2, so element n of an
 *    architecturally numbered register array (ICH_LR<n>_EL2, ...) has the
 *    encoding of element 0 plus n.
 *
 *  - The backend.  AARCH64_SYSREG_USE_MOCK is 0 when compiling for AArch64
 *    (real `mrs`/`msr` instructions, the register named by its generic
 *    S<op0>_<op1>_C<n>_C<m>_<op2> form so that any assembler accepts it) and 1
 *    on any other target, or when AARCH64_SYSREG_MOCK is defined.  The mock
 *    backend is a register file in memory, indexed by encoding, which host
 *    tests set and inspect:
 *
 *        aarch64_sysreg_mock_file[enc]       the register file itself
 *        aarch64_sysreg_mock_read(enc)       the value of one register
 *        aarch64_sysreg_mock_write(enc, v)   set one register
 *        aarch64_sysreg_mock_reset()         every register back to 0
 *
 *    The register file is defined in this header as a weak symbol, so every
 *    translation unit that includes it shares one array after linking (ELF,
 *    clang and GCC, C and C++).  A program that wants a strong definition
 *    defines AARCH64_SYSREG_MOCK_NO_DEFINITION before including this header
 *    in every unit, and defines `uint64_t aarch64_sysreg_mock_file[65536]`
 *    once itself.  The mock does not model side effects: every register is
 *    plain storage, writes to read-only registers included.
 */
#ifndef AARCH64_SYSREG_SYSREG_CORE_H
#define AARCH64_SYSREG_SYSREG_CORE_H

/* C declarations only: the header can be included from assembly too. */
#ifndef __ASSEMBLER__

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Packed op0:op1:CRn:CRm:op2 encoding, a 16-bit unsigned value. */
#define AARCH64_SYSREG_ENC(op0, op1, crn, crm, op2)                                                \
	((uint32_t)((((uint32_t)(op0)&0x3u) << 14) | (((uint32_t)(op1)&0x7u) << 11) |              \
		    (((uint32_t)(crn)&0xfu) << 7) | (((uint32_t)(crm)&0xfu) << 3) |                \
		    ((uint32_t)(op2)&0x7u)))

/* Fields of a packed encoding. */
#define AARCH64_SYSREG_ENC_OP0(enc) (((uint32_t)(enc) >> 14) & 0x3u)
#define AARCH64_SYSREG_ENC_OP1(enc) (((uint32_t)(enc) >> 11) & 0x7u)
#define AARCH64_SYSREG_ENC_CRN(enc) (((uint32_t)(enc) >> 7) & 0xfu)
#define AARCH64_SYSREG_ENC_CRM(enc) (((uint32_t)(enc) >> 3) & 0xfu)
#define AARCH64_SYSREG_ENC_OP2(enc) ((uint32_t)(enc)&0x7u)

/* Number of distinct encodings: the size of the mock register file. */
#define AARCH64_SYSREG_ENC_COUNT 65536u

#if defined(__aarch64__) && !defined(AARCH64_SYSREG_MOCK)
#define AARCH64_SYSREG_USE_MOCK 0
#else
#define AARCH64_SYSREG_USE_MOCK 1
#endif

#if AARCH64_SYSREG_USE_MOCK

#ifdef AARCH64_SYSREG_MOCK_NO_DEFINITION
extern uint64_t aarch64_sysreg_mock_file[65536];
#else
__attribute__((weak)) uint64_t aarch64_sysreg_mock_file[65536];
#endif

static inline uint64_t aarch64_sysreg_mock_read(uint32_t enc)
{
	return aarch64_sysreg_mock_file[enc & 0xffffu];
}

static inline void aarch64_sysreg_mock_write(uint32_t enc, uint64_t v)
{
	aarch64_sysreg_mock_file[enc & 0xffffu] = v;
}

static inline void aarch64_sysreg_mock_reset(void)
{
	uint32_t i;

	for (i = 0; i < AARCH64_SYSREG_ENC_COUNT; i++)
		aarch64_sysreg_mock_file[i] = 0;
}

#endif /* AARCH64_SYSREG_USE_MOCK */

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */

#endif /* AARCH64_SYSREG_SYSREG_CORE_H */
