/* SPDX-License-Identifier: MIT */
/* minihyp: the physical GICv2, and the choice between it and the GICv3
 * (gic3.c) for the calls off the exit paths (see gic.h). */
#include <gicv2/cpu_interface.h>
#include <gicv2/distributor.h>
#include <gicv2/hyp_interface.h>
#include <gicv3/hyp_interface.h>

#include "arch.h"
#include "gic.h"
#include "smp.h"

#define GIC_PRIO_HYP 0x80u

static uint8_t cpu_masks[MAX_CPUS];

unsigned gic_version = 2;

void gic_init(void)
{
	if (gic_version == 3) {
		gic3_init();
		return;
	}
	gicd_init(BOARD_GICD_BASE, gicd_cpu_mask(BOARD_GICD_BASE));
}

void gic_cpu_init(unsigned cpu)
{
	if (gic_version == 3) {
		gic3_cpu_init(cpu);
		return;
	}
	gicd_cpu_init(BOARD_GICD_BASE);
	cpu_masks[cpu % MAX_CPUS] = gicd_cpu_mask(BOARD_GICD_BASE);
	gicd_irq_set_priority(BOARD_GICD_BASE, GIC_SGI_KICK, GIC_PRIO_HYP);
	gicd_irq_set_priority(BOARD_GICD_BASE, GIC_PPI_MAINT, GIC_PRIO_HYP);
	gicd_irq_set_priority(BOARD_GICD_BASE, GIC_PPI_VTIMER, GIC_PRIO_HYP);
	gicd_irq_set_priority(BOARD_GICD_BASE, GIC_PPI_PTIMER, GIC_PRIO_HYP);
	gicd_irq_enable(BOARD_GICD_BASE, GIC_SGI_KICK);
	gicd_irq_enable(BOARD_GICD_BASE, GIC_PPI_MAINT);
	gicd_irq_enable(BOARD_GICD_BASE, GIC_PPI_VTIMER);
	gicd_irq_enable(BOARD_GICD_BASE, GIC_PPI_PTIMER);
	gicc_init(BOARD_GICC_BASE, true);
	gich_init(BOARD_GICH_BASE);
	dsb(sy);
}

unsigned gic_nr_cpus(void)
{
	if (gic_version == 3)
		return gic3_nr_cpus();
	return gicd_nr_cpus(BOARD_GICD_BASE);
}

unsigned gic_nr_irqs(void)
{
	if (gic_version == 3)
		return gic3_nr_irqs();
	return gicd_nr_irqs(BOARD_GICD_BASE);
}

uint8_t gic_cpu_mask(unsigned cpu)
{
	uint8_t m = cpu_masks[cpu % MAX_CPUS];

	return m ? m : (uint8_t)(1u << (cpu % 8)); /* not up yet: QEMU numbers them so */
}

unsigned gic_nr_lrs(void)
{
	return gic_version == 3 ? ich_nr_lrs() : gich_nr_lrs(BOARD_GICH_BASE);
}

void gic_kick(unsigned cpu)
{
	if (gic_version == 3)
		gic3_kick(cpu);
	else
		gic2_kick(cpu);
}

void gic2_kick(unsigned cpu)
{
	dsb(ish);
	gicd_send_sgi(BOARD_GICD_BASE, GICD_SGI_TO_LIST, gic_cpu_mask(cpu), GIC_SGI_KICK);
}

void gic_route_spi(uint32_t intid, unsigned cpu)
{
	if (gic_version == 3) {
		gic3_route_spi(intid, cpu);
		return;
	}
	gicd_irq_set_targets(BOARD_GICD_BASE, intid, gic_cpu_mask(cpu));
}

void gic_spi_passthrough(uint32_t intid, bool edge, unsigned cpu)
{
	if (gic_version == 3) {
		gic3_spi_passthrough(intid, edge, cpu);
		return;
	}
	gicd_irq_disable(BOARD_GICD_BASE, intid);
	gicd_irq_set_config(BOARD_GICD_BASE, intid, edge);
	gicd_irq_set_priority(BOARD_GICD_BASE, intid, GIC_PRIO_HYP);
	gicd_irq_set_group(BOARD_GICD_BASE, intid, false);
	gic_route_spi(intid, cpu);
	gicd_irq_enable(BOARD_GICD_BASE, intid);
}

void gic_deactivate(uint32_t intid)
{
	if (gic_version == 3) {
		gic3_deactivate(intid);
		return;
	}
	gicd_irq_clear_active(BOARD_GICD_BASE, intid);
}
