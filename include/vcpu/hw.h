/* SPDX-License-Identifier: MIT */
/*
 * Hardware-support detection and per-CPU enable/disable of virtualization.
 *
 * Detection really reads CurrentEL and the ID registers, through the
 * generated accessors: on the host (mock backend) it reads whatever a test put
 * in the mock register file.  Nothing here is a compile-time constant.
 */
#ifndef VCPU_HW_H
#define VCPU_HW_H

/* C declarations only: the header can be included from assembly too. */
#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stdint.h>

#include "../aarch64_sysreg/barrier.h"
#include "../aarch64_sysreg/el2.h"
#include "../aarch64_sysreg/id.h"
#include "../aarch64_sysreg/special.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- barriers -------------------------------------------------------- */

/* The barrier of aarch64_sysreg/barrier.h; with the mock backend, tests
 * read how many ISBs ran through the same counter under this name. */
#define vcpu_hw_mock_isb_count aarch64_mock_isb_count

static inline void vcpu_isb(void)
{
	aarch64_isb();
}

/* ---- detection ------------------------------------------------------- */

/* The current Exception level, CurrentEL.EL (0..3). */
static inline unsigned hw_current_el(void)
{
	return (unsigned)currentel_el_get(currentel_read());
}

/* Whether EL2 is implemented: ID_AA64PFR0_EL1.EL2 != 0 (1: AArch64 only,
 * 2: AArch64 and AArch32). */
static inline bool hw_has_el2(void)
{
	return id_aa64pfr0_el1_el2_get(id_aa64pfr0_el1_read()) != ID_AA64PFR0_EL1_EL2_NI;
}

/* PARange encoding -> bits; 0 for a reserved encoding. */
static inline unsigned hw_parange_to_bits(uint64_t parange)
{
	switch (parange) {
	case ID_AA64MMFR0_EL1_PARANGE_PA32:
		return 32;
	case ID_AA64MMFR0_EL1_PARANGE_PA36:
		return 36;
	case ID_AA64MMFR0_EL1_PARANGE_PA40:
		return 40;
	case ID_AA64MMFR0_EL1_PARANGE_PA42:
		return 42;
	case ID_AA64MMFR0_EL1_PARANGE_PA44:
		return 44;
	case ID_AA64MMFR0_EL1_PARANGE_PA48:
		return 48;
	case ID_AA64MMFR0_EL1_PARANGE_PA52:
		return 52;
	default:
		return 0;
	}
}

/* The largest PARange encoding whose size is at most `bits` (PA32 below 36
 * bits).  TCR_ELx.PS and VTCR_EL2.PS use the same encoding. */
static inline uint64_t hw_bits_to_parange(unsigned bits)
{
	uint64_t p = ID_AA64MMFR0_EL1_PARANGE_PA32;

	while (p < ID_AA64MMFR0_EL1_PARANGE_PA52 && hw_parange_to_bits(p + 1) <= bits)
		p++;
	return p;
}

/* Physical address size in bits, from ID_AA64MMFR0_EL1.PARange (32, 36, 40,
 * 42, 44, 48, 52; 0 if the encoding is reserved). */
static inline unsigned hw_pa_bits(void)
{
	return hw_parange_to_bits(id_aa64mmfr0_el1_parange_get(id_aa64mmfr0_el1_read()));
}

/* VMID size in bits, from ID_AA64MMFR1_EL1.VMIDBits: 16 when 0b0010, else 8. */
static inline unsigned hw_vmid_bits(void)
{
	return id_aa64mmfr1_el1_vmidbits_get(id_aa64mmfr1_el1_read()) ==
			       ID_AA64MMFR1_EL1_VMIDBITS_VMID16
		       ? 16u
		       : 8u;
}

/* Whether FP and Advanced SIMD are implemented (ID_AA64PFR0_EL1.FP and
 * .AdvSIMD are not 0xF) (addition). */
static inline bool hw_has_fpsimd(void)
{
	uint64_t pfr0 = id_aa64pfr0_el1_read();

	return id_aa64pfr0_el1_fp_get(pfr0) != ID_AA64PFR0_EL1_FP_NI &&
	       id_aa64pfr0_el1_advsimd_get(pfr0) != ID_AA64PFR0_EL1_ADVSIMD_NI;
}

/* ---- enable / disable ------------------------------------------------ */

/*
 * HCR_EL2 for running an AArch64 guest at EL1 under stage-2 translation, with
 * the physical interrupts owned by the hypervisor:
 *
 *  VM       stage-2 translation of the guest's accesses (the guest sees IPAs).
 *  SWIO     a guest DC ISW (invalidate by set/way) acts as clean+invalidate:
 *           a guest must not be able to discard dirty lines that are not its.
 *  PTW      a guest stage-1 table walk that lands in stage-2 Device memory
 *           faults instead of reading a device.
 *  FMO/IMO/AMO  physical FIQ/IRQ/SError are taken to EL2 (the hypervisor owns
 *           the physical GIC), and the virtual FIQ/IRQ/SError (HCR_EL2.VF/VI/
 *           VSE and the GIC list registers) are delivered to the guest.
 *  FB       guest TLB and instruction-cache maintenance is broadcast in the
 *           Inner Shareable domain, so it stays correct when a vCPU moves to
 *           another physical CPU.
 *  BSU=IS   guest barriers are upgraded to Inner Shareable, for the same
 *           reason.
 *  TWI      WFI traps to EL2: an idle vCPU gives its physical CPU back (and is
 *           woken by a virtual interrupt).
 *  TWE      WFE traps to EL2: a vCPU spinning on a lock yields.  Clear it if
 *           every vCPU has a physical CPU of its own and latency matters more.
 *  TSC      SMC traps to EL2: the guest's firmware calls (PSCI) are the
 *           hypervisor's to answer, not the real firmware's.
 *  RW       EL1 runs in AArch64.
 *
 * Not set: TGE/E2H (no host at EL0/VHE), DC, the ID-register traps (TID*),
 * TACR/TIDCP (a hypervisor that wants ACTLR_EL1 and IMPLEMENTATION DEFINED
 * registers trapped ORs them in and handles the VCPU_EXIT_SYSREG exits), TVM.
 */
#define HCR_EL2_GUEST_DEFAULT                                                                      \
	(HCR_EL2_VM_MASK | HCR_EL2_SWIO_MASK | HCR_EL2_PTW_MASK | HCR_EL2_FMO_MASK |               \
	 HCR_EL2_IMO_MASK | HCR_EL2_AMO_MASK | HCR_EL2_FB_MASK |                                   \
	 (HCR_EL2_BSU_IS << HCR_EL2_BSU_SHIFT) | HCR_EL2_TWI_MASK | HCR_EL2_TWE_MASK |             \
	 HCR_EL2_TSC_MASK | (HCR_EL2_RW_AARCH64 << HCR_EL2_RW_SHIFT))

/* What virt_enable() replaced, for virt_disable(). */
struct virt_saved {
	uint64_t vbar_el2, hcr_el2;
};

/*
 * Installs the EL2 vector table (VBAR_EL2 = vectors, 2 KiB aligned) and
 * HCR_EL2 = hcr on this CPU, each followed by an ISB so that they are in
 * effect on return.  The previous values go to *saved (may be NULL).
 */
static inline void virt_enable(uintptr_t vectors, uint64_t hcr, struct virt_saved *saved)
{
	if (saved) {
		saved->vbar_el2 = vbar_el2_read();
		saved->hcr_el2 = hcr_el2_read();
	}
	vbar_el2_write((uint64_t)vectors);
	vcpu_isb();
	hcr_el2_write(hcr);
	vcpu_isb();
}

/* Puts back HCR_EL2 and VBAR_EL2 as virt_enable() found them (HCR first, so
 * that nothing is routed to the old vectors with the new configuration). */
static inline void virt_disable(const struct virt_saved *saved)
{
	hcr_el2_write(saved->hcr_el2);
	vcpu_isb();
	vbar_el2_write(saved->vbar_el2);
	vcpu_isb();
}

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */

#endif /* VCPU_HW_H */
