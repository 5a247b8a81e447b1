/* SPDX-License-Identifier: MIT */
/*
 * The test guests' GIC layer (gic.c): the few operations a guest does on its
 * interrupt controller, on a GICv2 (distributor at GUEST_GICD_IPA, CPU
 * interface at GUEST_GICC_IPA: minihyp's GICV frame) or a GICv3 (distributor
 * with affinity routing, one redistributor per CPU from GUEST_GICR_IPA, the
 * ICC_* system registers), chosen at run time from ID_AA64PFR0_EL1.GIC
 * (gic_probe), or at build time with -DGUEST_GIC_VERSION=2 or 3 (the
 * benchmark builds, whose measured paths must not test a flag).
 *
 * Every interrupt this layer configures is in the group its CPU interface
 * signals as IRQ: Group 0 on the GICv2 (GICC_CTLR.EnableGrp0, as before),
 * Group 1 on the GICv3 (ICC_IGRPEN1_EL1; Group 0 would be a virtual FIQ).
 * The per-INTID registers of SGIs and PPIs (INTID < 32) are the calling
 * CPU's: banked in the GICv2 distributor, its own redistributor's SGI_base
 * frame on the GICv3.  Register offsets and fields: the generated headers.
 */
#ifndef GUEST_GIC_H
#define GUEST_GIC_H

#include <stdbool.h>
#include <stdint.h>

#include <aarch64_sysreg/icc.h>
#include <gicv2/gicc.h>
#include <gicv3/gicd.h>
#include <gicv3/gicr.h>

#include "runtime.h"

#define GIC_SPURIOUS 1023u
/* A redistributor's SGI_base frame, from its RD_base: the generated GICR_
 * offsets of SGI_base registers count from RD_base, and SGI_base has the
 * distributor's layout (IHI 0069 12.10). */
#define GIC_GICR_SGI_BASE (GICR_IGROUPR0_OFFSET - GICD3_IGROUPR_OFFSET(0))
#define GIC_MAX_CPUS	  8u

extern bool gic_is_v3_flag; /* gic_probe() */

/* Whether the guest's GIC is a GICv3 (ID_AA64PFR0_EL1.GIC, gic_probe). */
static inline bool gic_v3(void)
{
#if defined(GUEST_GIC_VERSION) && GUEST_GIC_VERSION == 3
	return true;
#elif defined(GUEST_GIC_VERSION) && GUEST_GIC_VERSION == 2
	return false;
#else
	return gic_is_v3_flag;
#endif
}

/* Reads ID_AA64PFR0_EL1.GIC (the boot CPU, before any other call). */
void gic_probe(void);

/* Acknowledge: GICC_IAR (INTID, and an SGI's source CPU in CPUID) or
 * ICC_IAR1_EL1 (the INTID alone: an SGI has no source with ARE = 1). */
static inline uint32_t gic_ack(void)
{
	if (gic_v3())
		return (uint32_t)icc_iar1_el1_read();
	return mmio_read32(GUEST_GICC_IPA + GICC_IAR_OFFSET);
}

/* The INTID of an acknowledged value. */
static inline unsigned gic_intid(uint32_t iar)
{
	if (gic_v3())
		return (unsigned)icc_iar1_el1_intid_get(iar);
	return gicc_iar_interruptid_get(iar);
}

/* End of interrupt (priority drop, and deactivation with EOImode 0). */
static inline void gic_eoi(uint32_t iar)
{
	if (gic_v3())
		icc_eoir1_el1_write(iar);
	else
		mmio_write32(GUEST_GICC_IPA + GICC_EOIR_OFFSET, iar);
}

/* Deactivation (EOImode 1): GICC_DIR or ICC_DIR_EL1. */
void gic_deactivate(uint32_t iar);

/* The distributor on or off: GICD_CTLR.EnableGrp0 (GICv2); ARE and
 * EnableGrp1 (GICv3 with one Security state, DS = 1). */
void gic_dist_enable(bool on);

/* This CPU's interface on: (GICv3: its redistributor found by affinity
 * and woken, its SGIs and PPIs in Group 1, the system-register interface
 * on) priority mask `pmr`, binary point 0, EOImode 0, its group enabled,
 * its SGIs enabled. */
void gic_cpu_init(uint8_t pmr);
void gic_set_pmr(uint8_t pmr);
/* EOImode: split priority drop (EOI) and deactivation (gic_deactivate). */
void gic_set_eoimode(bool split);
/* The running priority (GICC_RPR, ICC_RPR_EL1). */
unsigned gic_rpr(void);

/* The calling CPU's number (MPIDR_EL1.Aff0) and, on a GICv3, the RD_base of
 * CPU `cpu`'s redistributor (0 when gic_cpu_init never found it). */
unsigned gic_cpu_self(void);
uintptr_t gic_rd(unsigned cpu);
/* The calling CPU's RD_base, looked up (GICR_TYPER) the first time. */
uintptr_t gic_rd_self(void);

/* The registers with one bit per INTID. */
enum gic_bitreg {
	GIC_IGROUPR,
	GIC_ISENABLER,
	GIC_ICENABLER,
	GIC_ISPENDR,
	GIC_ICPENDR,
	GIC_ISACTIVER,
	GIC_ICACTIVER,
};
/* Word n (INTIDs 32n..32n+31) of a bit register as the calling CPU sees
 * it: GICD (GICv2); its redistributor for n = 0, else GICD (GICv3). */
uintptr_t gic_bitreg_addr(enum gic_bitreg reg, unsigned n);
uint32_t gic_bits_read(enum gic_bitreg reg, unsigned n);
void gic_bits_write(enum gic_bitreg reg, unsigned n, uint32_t v);
bool gic_bit(enum gic_bitreg reg, unsigned intid);
/* Writes the INTID's bit alone (set/clear registers: the others are 0). */
void gic_bit_write(enum gic_bitreg reg, unsigned intid);

void gic_enable(unsigned intid, bool on);
void gic_set_pending(unsigned intid, bool on);
void gic_set_active(unsigned intid, bool on);
/* The INTID in the group this layer's CPU interface takes as IRQ. */
void gic_set_group(unsigned intid);
void gic_set_priority(unsigned intid, uint8_t prio);
uint8_t gic_priority(unsigned intid);
/* Edge-triggered (or level-sensitive) SPI or PPI (GICD/GICR_ICFGR). */
void gic_set_edge(unsigned intid, bool edge);
/* SPI `intid` to CPU `cpu`: GICD_ITARGETSR (bit `cpu`) or GICD_IROUTER
 * (the affinity of MPIDR_EL1 Aff0 = cpu, Interrupt_Routing_Mode 0). */
void gic_route_spi(unsigned intid, unsigned cpu);

/* SGI `id` to the CPUs of `mask` (bit n: CPU n, Aff0 = n), to the caller
 * alone, or to every CPU but the caller (GICD_SGIR filters 0, 2, 1;
 * ICC_SGI1R_EL1 with a target list, or IRM = 1). */
void gic_sgi(uint32_t mask, unsigned id);
void gic_sgi_self(unsigned id);
void gic_sgi_others(unsigned id);
/* The acknowledged value of SGI `id` from CPU `src`. */
uint32_t gic_sgi_iar(unsigned id, unsigned src);

#endif
