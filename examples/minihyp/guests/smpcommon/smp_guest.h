/* SPDX-License-Identifier: MIT */
/*
 * Runtime of the multi-vCPU guests (guests/smp, guests/smpbench).
 *
 * Written against the architecture and the guest board only (the QEMU virt
 * board as minihyp presents it), so that the same image runs directly under
 * QEMU at EL1 (-machine virt,gic-version=2, PSCI through HVC) and under
 * minihyp (examples/minihyp/platform.h, GUEST_*): RAM at GUEST_RAM_IPA
 * (loaded raw and entered there at EL1h, MMU off), GICv2 distributor at
 * GUEST_GICD_IPA, CPU interface at GUEST_GICC_IPA, PL011 at GUEST_UART_IPA,
 * PSCI through HVC, virtual timer on PPI 27, MPIDR_EL1.Aff0 = CPU number.
 *
 * With the MMU off every data access is Device-nGnRnE, so the guests use no
 * exclusives: every shared variable has a single writer, handed over with
 * barriers.  GIC registers are accessed with single LDR/STR(B) instructions
 * without writeback (inline assembly), so a trapping hypervisor always gets
 * a valid syndrome.
 *
 * The GIC is the guests' shared layer (../common/gic.h): GICv2 or GICv3 as
 * ID_AA64PFR0_EL1.GIC says (the test guest), or pinned at build time with
 * -DGUEST_GIC_VERSION (the benchmark: smpbench, and smpbench3 built with
 * -DSMP_GIC3 too for a GICv3 board: the distributor with affinity routing,
 * each CPU's redistributor, the ICC_* system registers, SGIs through
 * ICC_SGI1R_EL1, everything in Group 1).
 */
#ifndef SMP_GUEST_H
#define SMP_GUEST_H

#include <stdbool.h>
#include <stdint.h>

#include <gicv2/gicc.h>
#include <gicv2/gicd.h>
#ifdef SMP_GIC3
#include <aarch64_sysreg/icc.h>
#include <gicv3/gicd.h>
#include <gicv3/gicr.h>
#endif

#include "../common/gic.h"
#include "../common/runtime.h"

#define SMP_MAX_CPUS 8u

/* GICv2 register offsets and fields: <gicv2/gicd.h>, <gicv2/gicc.h>;
 * PSCI and SMCCC function IDs and return codes: <vcpu/psci.h>. */
#define INTID_SPURIOUS 1023u
#define INTID_VTIMER   27u

/* ---- GIC accesses (single instructions, runtime.h) -------------------- */

static inline uint32_t gicd_read(uint32_t off)
{
	return mmio_read32(GUEST_GICD_IPA + off);
}

static inline void gicd_write(uint32_t off, uint32_t v)
{
	mmio_write32(GUEST_GICD_IPA + off, v);
}

static inline uint8_t gicd_read8(uint32_t off)
{
	return mmio_read8(GUEST_GICD_IPA + off);
}

static inline void gicd_write8(uint32_t off, uint8_t v)
{
	mmio_write8(GUEST_GICD_IPA + off, v);
}

static inline uint32_t gicc_read(uint32_t off)
{
	return mmio_read32(GUEST_GICC_IPA + off);
}

static inline void gicc_write(uint32_t off, uint32_t v)
{
	mmio_write32(GUEST_GICC_IPA + off, v);
}

/* Bit n of a 1-bit-per-interrupt register array (ISENABLER, ...). */
static inline uint32_t gicd_bit_off(uint32_t base, unsigned intid)
{
	return base + 4u * (intid / 32u);
}

static inline uint32_t gicd_bit(unsigned intid)
{
	return 1u << (intid % 32u);
}

static inline void gicd_set_bit(uint32_t base, unsigned intid)
{
	gicd_write(gicd_bit_off(base, intid), gicd_bit(intid));
}

static inline bool gicd_test_bit(uint32_t base, unsigned intid)
{
	return (gicd_read(gicd_bit_off(base, intid)) & gicd_bit(intid)) != 0;
}

static inline void gicd_sgi(unsigned filter, unsigned targets, unsigned id)
{
	gicd_write(GICD_SGIR_OFFSET, (filter << 24) | ((targets & 0xffu) << 16) | (id & 0xfu));
}

#ifdef SMP_GIC3
/* CPU `cpu`'s redistributor (RD_base, found by gicc_init on that CPU; its
 * SGI_base registers' offsets in <gicv3/gicr.h> count from RD_base too). */
static inline uintptr_t gicr_base(unsigned cpu)
{
	return gic_rd(cpu);
}
#endif

/* Acknowledge and EOI at the CPU interface (IAR value, EOImode 0):
 * gic_ack(), gic_eoi() of ../common/gic.h. */

/* ---- CPU ----------------------------------------------------------------- */

static inline void dmb(void)
{
	__asm__ volatile("dmb sy" ::: "memory");
}

static inline void dsb(void)
{
	__asm__ volatile("dsb sy" ::: "memory");
}

static inline void irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

static inline void irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

static inline void cpu_relax(void)
{
	__asm__ volatile("yield" ::: "memory");
}

static inline unsigned cpu_self(void)
{
	uint64_t m;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(m));
	return (unsigned)(m & 0xffu);
}

static inline uint64_t counter_freq(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

static inline void vtimer_set_cval(uint64_t v)
{
	__asm__ volatile("msr cntv_cval_el0, %0\n\tisb" ::"r"(v) : "memory");
}

static inline void vtimer_set_ctl(uint64_t v)
{
	__asm__ volatile("msr cntv_ctl_el0, %0\n\tisb" ::"r"(v) : "memory");
}

static inline uint64_t vtimer_ctl(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntv_ctl_el0" : "=r"(v)::"memory");
	return v;
}

#define CNTV_CTL_ENABLE	 1u
#define CNTV_CTL_IMASK	 2u
#define CNTV_CTL_ISTATUS 4u

/* ---- services (smp_lib.c) -------------------------------------------- */

/* A deadline `ms` milliseconds of counter time from now. */
uint64_t deadline_ms(uint64_t ms);
bool past(uint64_t deadline);
void delay_ms(uint64_t ms);

/* Per-CPU state, each field written by one CPU only (noted). */
typedef uint64_t (*smp_fn)(uint64_t arg);

struct smp_percpu {
	/* written by the boss (CPU 0) */
	volatile smp_fn fn;
	volatile uint64_t arg;
	volatile uint32_t cmd_seq;
	/* written by the CPU itself */
	volatile uint32_t done_seq;
	volatile uint64_t result;
	volatile uint32_t online;   /* set at check-in, cleared before CPU_OFF */
	volatile uint64_t boot_ctx; /* context id it was started with */
	volatile uint64_t mpidr;
	volatile uint32_t boots;
} __attribute__((aligned(64)));

extern struct smp_percpu smp_cpu[SMP_MAX_CPUS];

/* Idle secondaries wait in WFI instead of polling (set before starting
 * them): a command then needs an interrupt to be noticed.  The benchmark
 * uses it so that idle CPUs execute nothing under -icount. */
extern volatile bool smp_idle_wfi;

/*
 * IRQ handling: every IRQ is acknowledged (GICC_IAR), passed to the hook
 * when one is set, then EOI'd (GICC_EOIR; EOImode 0: drop and deactivate).
 * The hook runs with IRQs masked; it may unmask them to allow preemption but
 * must mask them again before it returns.  `t_entry` is CNTVCT at the entry
 * of the C handler.
 */
typedef void (*irq_hook_fn)(unsigned cpu, uint32_t iar, uint64_t t_entry);
/* When non-zero, the exception entry runs (smp_entry_pad & 15) NOPs plus a
 * constant 3-instruction computed branch before it reads t_entry: the
 * benchmark steps it through 0..15 to resolve latencies finer than one
 * counter tick (see guests/smpbench). */
extern volatile uint32_t smp_entry_pad;
extern volatile irq_hook_fn irq_hook[SMP_MAX_CPUS];

/* GIC of the calling CPU: its SGIs enabled (banked ISENABLER0), CPU
 * interface PMR 0xf0, BPR 0 (the minimum: most preemption levels), group 0
 * enabled, EOImode 0.  GICv3: its redistributor woken, its SGIs and PPIs in
 * Group 1, the system-register interface with Group 1 enabled. */
void gicc_init(void);

/* Start a secondary with PSCI CPU_ON (context id ctx); returns PSCI's result. */
int64_t smp_cpu_on(unsigned cpu, uint64_t ctx);
/* Waits for `cpu` to check in after (re)start with boot count > `boots`. */
bool smp_wait_online(unsigned cpu, uint32_t boots, uint64_t ms);

/* Runs fn(arg) on `cpu` (CPU 0 calls directly); smp_wait collects it. */
void smp_start(unsigned cpu, smp_fn fn, uint64_t arg);
bool smp_wait(unsigned cpu, uint64_t ms, uint64_t *result);
bool smp_run(unsigned cpu, smp_fn fn, uint64_t arg, uint64_t ms, uint64_t *result);

/* Called by the start code. */
int guest_main(void);
void smp_secondary_idle(void) __attribute__((noreturn));
/* Optional (weak) per-guest secondary initialisation, run before idling. */
void smp_secondary_init(unsigned cpu);

/* Entry point given to CPU_ON (smp_start.S). */
extern char smp_secondary_entry[];

void *memset(void *d, int c, __SIZE_TYPE__ n);
void *memcpy(void *d, const void *s, __SIZE_TYPE__ n);

#endif
