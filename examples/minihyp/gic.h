/* SPDX-License-Identifier: MIT */
/*
 * minihyp: the physical GIC, a GICv2 (gic.c) or a GICv3 (gic3.c), as QEMU's
 * device tree says (gic_version, set once at boot before gic_init).  The
 * distributor is set up once by the boot CPU; each CPU then sets up its
 * banked SGIs/PPIs (GICv3: in its redistributor, woken first), its CPU
 * interface with EOImode split (the hypervisor drops the priority of what it
 * acknowledges; interrupts forwarded to a guest through hardware-linked list
 * registers are deactivated by the guest) and its hypervisor interface
 * (GICH, or ICH_*_EL2).
 *
 * The functions below choose the version on each call: they are off the
 * exit paths.  The paths a guest exit pays for (the kick of the vGIC's
 * IPIs, taking physical interrupts) call gic2_* or gic3_* directly, chosen
 * once (vgic_host.c / vgic_host3.c, vcpu.c).
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

/* 2 or 3 (main.c, from QEMU's device tree). */
extern unsigned gic_version;

/* Boot CPU, once: distributor off, SPIs reset, distributor on. */
void gic_init(void);
/* Each CPU, on itself: banked SGIs/PPIs, GICC (EOImode split), GICH. */
void gic_cpu_init(unsigned cpu);
/* Number of CPU interfaces (GICD_TYPER.CPUNumber + 1) and interrupt lines. */
unsigned gic_nr_cpus(void);
unsigned gic_nr_irqs(void);
/* GICv2: the GIC target-list bit of CPU n (as it read GICD_ITARGETSR0). */
uint8_t gic_cpu_mask(unsigned cpu);
/* Number of list registers of the hypervisor interface. */
unsigned gic_nr_lrs(void);
/* One hypervisor SGI to physical CPU `cpu` (after a DSB: what was written
 * before is visible to it when it takes the SGI). */
void gic_kick(unsigned cpu);
/* A passed-through SPI: level/edge, priority, routed to `cpu`, enabled. */
void gic_spi_passthrough(uint32_t intid, bool edge, unsigned cpu);
void gic_route_spi(uint32_t intid, unsigned cpu);
/* Deactivates a physical interrupt through the distributor (PPIs: of the
 * calling CPU). */
void gic_deactivate(uint32_t intid);

/* The versions' own (gic.c, gic3.c). */
void gic2_kick(unsigned cpu);
void gic3_init(void);
void gic3_cpu_init(unsigned cpu);
unsigned gic3_nr_cpus(void);
unsigned gic3_nr_irqs(void);
void gic3_kick(unsigned cpu);
void gic3_spi_passthrough(uint32_t intid, bool edge, unsigned cpu);
void gic3_route_spi(uint32_t intid, unsigned cpu);
void gic3_deactivate(uint32_t intid);

#endif
