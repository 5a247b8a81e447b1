/* SPDX-License-Identifier: MIT */
/*
 * minihyp: physical CPUs.  QEMU virt numbers its CPUs with MPIDR_EL1
 * Aff0 = n % 8, Aff1 = n / 8 when the GIC is a GICv2 (8 CPUs at most: the
 * GICv2 target lists have 8 bits), so CPU n is Aff0 here.  Spinlocks use
 * load-acquire/store-release exclusives and wait with WFE (the unlocking
 * store-release clears the waiter's exclusive monitor, which is an event).
 */
#ifndef MINIHYP_SMP_H
#define MINIHYP_SMP_H

#include <stdbool.h>
#include <stdint.h>

#define MAX_CPUS 8u /* GICv2 */

typedef struct {
	volatile uint32_t v;
} spinlock_t;

static inline void spin_lock(spinlock_t *l)
{
	uint32_t tmp, busy;

	__asm__ volatile("	sevl\n"
			 "1:	wfe\n"
			 "2:	ldaxr	%w0, [%2]\n"
			 "	cbnz	%w0, 1b\n"
			 "	mov	%w1, #1\n"
			 "	stxr	%w0, %w1, [%2]\n"
			 "	cbnz	%w0, 2b\n"
			 : "=&r"(busy), "=&r"(tmp)
			 : "r"(&l->v)
			 : "memory");
}

static inline void spin_unlock(spinlock_t *l)
{
	__asm__ volatile("stlr wzr, [%0]" ::"r"(&l->v) : "memory");
}

/* This physical CPU's index (MPIDR_EL1 Aff1 * 8 + Aff0). */
static inline unsigned cpu_id(void)
{
	uint64_t m;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(m));
	return (unsigned)((m & 0xff) + ((m >> 8) & 0xff) * 8);
}

/* The MPIDR affinity QEMU virt gives CPU n (GICv2: clusters of 8). */
static inline uint64_t cpu_mpidr_affinity(unsigned n)
{
	return (uint64_t)(n % 8) | ((uint64_t)(n / 8) << 8);
}

#endif
