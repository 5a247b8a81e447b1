/* SPDX-License-Identifier: MIT */
/*
 * minihyp: the physical GICv2.  The distributor is set up once by the boot
 * CPU; each CPU then sets up its banked SGIs/PPIs, its CPU interface with
 * EOImode split (the hypervisor drops the priority of what it acknowledges;
 * interrupts forwarded to a guest through hardware-linked list registers are
 * deactivated by the guest) and its hypervisor interface (GICH).
 */
#ifndef MINIHYP_GIC_H
#define MINIHYP_GIC_H

#include <stdbool.h>
#include <stdint.h>

#include "platform.h"

#define GIC_SGI_KICK	 15u   /* the hypervisor's own SGI: "look at your vCPU" */
#define GIC_PPI_MAINT	 25u   /* GICH maintenance interrupt (hypervisor's own) */
#define GIC_PPI_HYPTIMER 26u   /* EL2 physical timer (hypervisor's own, unused) */
#define GIC_PPI_VTIMER	 27u   /* EL1 virtual timer: forwarded, hardware-linked */
#define GIC_PPI_PTIMER	 30u   /* EL1 physical timer: forwarded, hardware-linked */
#define GIC_SPURIOUS	 1020u /* IAR IDs from here on: nothing to take */

/* Boot CPU, once: distributor off, SPIs reset, distributor on. */
void gic_init(void);
/* Each CPU, on itself: banked SGIs/PPIs, GICC (EOImode split), GICH. */
void gic_cpu_init(unsigned cpu);
/* Number of CPU interfaces (GICD_TYPER.CPUNumber + 1) and interrupt lines. */
unsigned gic_nr_cpus(void);
unsigned gic_nr_irqs(void);
/* The GIC target-list bit of CPU n (as it read GICD_ITARGETSR0). */
uint8_t gic_cpu_mask(unsigned cpu);
/* One hypervisor SGI to physical CPU `cpu` (after a DSB: what was written
 * before is visible to it when it takes the SGI). */
void gic_kick(unsigned cpu);
/* A passed-through SPI: level/edge, priority, routed to `cpu`, enabled. */
void gic_spi_passthrough(uint32_t intid, bool edge, unsigned cpu);
void gic_route_spi(uint32_t intid, unsigned cpu);
/* Deactivates a physical interrupt through the distributor (PPIs: of the
 * calling CPU). */
void gic_deactivate(uint32_t intid);

#endif
