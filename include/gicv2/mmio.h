/* SPDX-License-Identifier: MIT */
/*
 * Volatile memory-mapped register access for the GICv2 accessors
 * (hand-written; the generated include/gicv2/gic*.h use it).
 *
 * gicv2_mmio_read{8,16,32,64}(addr) and gicv2_mmio_write{8,16,32,64}(addr, v)
 * perform exactly one access of that size at `addr`.  On AArch64 each is a
 * single LDR/STR{B,H} with a plain base register and no writeback, so that a
 * hypervisor trapping the access gets a valid syndrome (ESR_EL2.ISV = 1).
 * Elsewhere (host tests pointing `addr` at a buffer) they are volatile
 * pointer accesses.  No barriers are implied: ordering against normal memory
 * is the caller's business (DSB/DMB as the GIC specification requires).
 */
#ifndef GICV2_MMIO_H
#define GICV2_MMIO_H

/* C declarations only: the header can be included from assembly too. */
#ifndef __ASSEMBLER__

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__aarch64__)

static inline uint8_t gicv2_mmio_read8(uintptr_t addr)
{
	uint32_t v;

	__asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return (uint8_t)v;
}

static inline uint16_t gicv2_mmio_read16(uintptr_t addr)
{
	uint32_t v;

	__asm__ volatile("ldrh %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return (uint16_t)v;
}

static inline uint32_t gicv2_mmio_read32(uintptr_t addr)
{
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline uint64_t gicv2_mmio_read64(uintptr_t addr)
{
	uint64_t v;

	__asm__ volatile("ldr %x0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void gicv2_mmio_write8(uintptr_t addr, uint8_t v)
{
	__asm__ volatile("strb %w0, [%1]" : : "r"((uint32_t)v), "r"(addr) : "memory");
}

static inline void gicv2_mmio_write16(uintptr_t addr, uint16_t v)
{
	__asm__ volatile("strh %w0, [%1]" : : "r"((uint32_t)v), "r"(addr) : "memory");
}

static inline void gicv2_mmio_write32(uintptr_t addr, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(addr) : "memory");
}

static inline void gicv2_mmio_write64(uintptr_t addr, uint64_t v)
{
	__asm__ volatile("str %x0, [%1]" : : "r"(v), "r"(addr) : "memory");
}

#else /* !__aarch64__ */

static inline uint8_t gicv2_mmio_read8(uintptr_t addr)
{
	return *(const volatile uint8_t *)addr;
}

static inline uint16_t gicv2_mmio_read16(uintptr_t addr)
{
	return *(const volatile uint16_t *)addr;
}

static inline uint32_t gicv2_mmio_read32(uintptr_t addr)
{
	return *(const volatile uint32_t *)addr;
}

static inline uint64_t gicv2_mmio_read64(uintptr_t addr)
{
	return *(const volatile uint64_t *)addr;
}

static inline void gicv2_mmio_write8(uintptr_t addr, uint8_t v)
{
	*(volatile uint8_t *)addr = v;
}

static inline void gicv2_mmio_write16(uintptr_t addr, uint16_t v)
{
	*(volatile uint16_t *)addr = v;
}

static inline void gicv2_mmio_write32(uintptr_t addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}

static inline void gicv2_mmio_write64(uintptr_t addr, uint64_t v)
{
	*(volatile uint64_t *)addr = v;
}

#endif /* __aarch64__ */

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */

#endif /* GICV2_MMIO_H */
