/* SPDX-License-Identifier: MIT */
/*
 * GICv3 CPU interface driver: the ICC_* system registers, used by a
 * hypervisor at EL2 (with HCR_EL2.E2H = 0 the ICC_*_EL1 registers accessed
 * at EL2 are the PE's physical interface).
 *
 * As with GICv2, a hypervisor that forwards physical interrupts to guests
 * through hardware-linked list registers runs the interface with EOImode =
 * 1: it acknowledges (ICC_IAR1_EL1), drops the priority at once
 * (ICC_EOIR1_EL1) and leaves the deactivation to the guest; interrupts it
 * handles itself it deactivates with ICC_DIR_EL1.  Only Group 1 is used.
 * Reference: ARM IHI 0069H.b, 12.2 (ICC_SRE_EL2 12.2.19, ICC_SGI1R_EL1
 * 12.2.23).
 */
#ifndef GICV3_CPU_INTERFACE_H
#define GICV3_CPU_INTERFACE_H

/* C declarations only: the header can be included from assembly too. */
#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stdint.h>

#include "aarch64_sysreg/barrier.h"
#include "aarch64_sysreg/icc.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ICC_SPURIOUS_INTID 1023u

/*
 * Enables this PE's interface at EL2: the system-register interface
 * (ICC_SRE_EL2.SRE, and .Enable so that EL1 may use its own, the guests'
 * virtual interface), every priority unmasked, binary point 0, EOImode split
 * when `eoi_split`, Group 1 on.  False if SRE does not stick (a GIC without
 * the system-register interface, or one that EL3 keeps from EL2).
 */
static inline bool gicv3_cpu_init(bool eoi_split)
{
	uint64_t sre = icc_sre_el2_read(), ctlr;

	sre = icc_sre_el2_sre_set(sre, 1);
	sre = icc_sre_el2_enable_set(sre, 1);
	icc_sre_el2_write(sre);
	aarch64_isb(); /* the SRE write takes effect before any other ICC_ access */
	if (!icc_sre_el2_sre_get(icc_sre_el2_read()))
		return false;
	icc_pmr_el1_write(ICC_PMR_EL1_PRIORITY_MASK);
	icc_bpr1_el1_write(0);
	ctlr = icc_ctlr_el1_eoimode_set(icc_ctlr_el1_read(), eoi_split ? 1u : 0u);
	icc_ctlr_el1_write(ctlr);
	icc_igrpen1_el1_write(icc_igrpen1_el1_enable_set(0, 1));
	aarch64_isb();
	return true;
}

static inline void gicv3_cpu_disable(void)
{
	icc_igrpen1_el1_write(0);
	aarch64_isb();
}

/* Acknowledges the highest-priority pending Group 1 interrupt: its INTID (1023: none). */
static inline uint32_t gicv3_ack(void)
{
	return (uint32_t)icc_iar1_el1_intid_get(icc_iar1_el1_read());
}

/* Priority drop (and deactivation, unless EOImode is split). */
static inline void gicv3_eoi(uint32_t intid)
{
	icc_eoir1_el1_write(icc_eoir1_el1_intid_set(0, intid));
}

/* Deactivation of an interrupt acknowledged earlier (EOImode split). */
static inline void gicv3_deactivate(uint32_t intid)
{
	icc_dir_el1_write(icc_dir_el1_intid_set(0, intid));
}

/*
 * The ICC_SGI1R_EL1 value that sends SGI `sgi` to the PE with affinity
 * `mpidr` (MPIDR_EL1 layout): Aff3.Aff2.Aff1 select the cluster, Aff0 one
 * bit of TargetList in the group of 16 that RS selects (RS above 0 needs
 * ICC_CTLR_EL1.RSS).
 */
static inline uint64_t gicv3_sgi1r_to(uint64_t mpidr, uint32_t sgi)
{
	uint64_t aff0 = mpidr & 0xffu, v = 0;

	v = icc_sgi1r_el1_targetlist_set(v, 1ull << (aff0 & 0xfu));
	v = icc_sgi1r_el1_rs_set(v, aff0 >> 4);
	v = icc_sgi1r_el1_aff1_set(v, (mpidr >> 8) & 0xffu);
	v = icc_sgi1r_el1_aff2_set(v, (mpidr >> 16) & 0xffu);
	v = icc_sgi1r_el1_aff3_set(v, (mpidr >> 32) & 0xffu);
	return icc_sgi1r_el1_intid_set(v, sgi);
}

/* The ICC_SGI1R_EL1 value that sends SGI `sgi` to every PE but the sender (IRM = 1). */
static inline uint64_t gicv3_sgi1r_to_others(uint32_t sgi)
{
	return icc_sgi1r_el1_intid_set(icc_sgi1r_el1_irm_set(0, 1), sgi);
}

/*
 * Sends an SGI.  The DSB makes the sender's earlier memory writes visible
 * to the target before the SGI can be taken (ICC_SGI1R_EL1 writes are not
 * ordered against memory accesses); the ISB makes the write take effect.
 */
static inline void gicv3_send_sgi1r(uint64_t sgi1r)
{
	aarch64_dsb_ish();
	icc_sgi1r_el1_write(sgi1r);
	aarch64_isb();
}

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */
#endif
