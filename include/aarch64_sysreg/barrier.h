/* SPDX-License-Identifier: MIT */
/*
 * Barriers, with the backend of the system-register accessors: on AArch64
 * the instructions themselves; with the mock backend (host tests) counters,
 * so that a test can check that a barrier was executed where the
 * architecture requires one (e.g. ISB after writing ICC_SRE_EL2).
 */
#ifndef AARCH64_SYSREG_BARRIER_H
#define AARCH64_SYSREG_BARRIER_H

/* C declarations only: the header can be included from assembly too. */
#ifndef __ASSEMBLER__

#include "aarch64_sysreg/sysreg_core.h"

#ifdef __cplusplus
extern "C" {
#endif

#if AARCH64_SYSREG_USE_MOCK
#ifdef AARCH64_SYSREG_MOCK_NO_DEFINITION
extern unsigned long aarch64_mock_isb_count, aarch64_mock_dsb_count;
#else
__attribute__((weak)) unsigned long aarch64_mock_isb_count, aarch64_mock_dsb_count;
#endif
static inline void aarch64_isb(void)
{
	aarch64_mock_isb_count++;
}

/* DSB ISH (inner shareable, loads and stores). */
static inline void aarch64_dsb_ish(void)
{
	aarch64_mock_dsb_count++;
}
#else
static inline void aarch64_isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}

static inline void aarch64_dsb_ish(void)
{
	__asm__ volatile("dsb ish" ::: "memory");
}
#endif

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */
#endif
