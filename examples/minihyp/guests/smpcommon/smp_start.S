/* SPDX-License-Identifier: MIT */
/*
 * Multi-vCPU guest entry and EL1 vector table: the guests' common start.S
 * with one stack per CPU and a secondary entry (smp_secondary_entry, for PSCI
 * CPU_ON), a 34-word frame (the IRQ path does not save ESR/FAR) and IRQs
 * masked again after the handler, which may unmask them (nested interrupts).
 */
#define GUEST_SMP 1
#define GUEST_FRAME_SYNDROME 0
#define GUEST_NESTED_IRQ 1
#include "../common/start.S"
