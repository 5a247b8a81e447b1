/* SPDX-License-Identifier: MIT */
/*
 * minihyp: the physical GICv3 (see gic.h), with the library's drivers
 * (include/gicv3/).  QEMU virt with gic-version=3 and no EL3 has one
 * Security state (GICD_CTLR.DS = 1): everything minihyp takes is
 * Non-secure Group 1, acknowledged through ICC_IAR1_EL1.  Affinity routing
 * is on (gicd3_init): SPIs go to a PE by GICD_IROUTER<n>, SGIs by
 * ICC_SGI1R_EL1, each PE's SGIs and PPIs live in its redistributor.
 */
#include <aarch64_sysreg/id.h>
#include <gicv3/cpu_interface.h>
#include <gicv3/distributor.h>
#include <gicv3/hyp_interface.h>
#include <gicv3/redistributor.h>

#include "arch.h"
#include "console.h"
#include "gic.h"
#include "smp.h"

#define GIC_PRIO_HYP 0x80u

/* Each CPU's RD_base (gic3_cpu_init, on that CPU). */
static uintptr_t rd_base[MAX_CPUS];

void gic3_init(void)
{
	if (!gicd3_init(BOARD_GICD_BASE, cpu_mpidr_affinity(0)))
		hyp_panic("GICv3 distributor: a write never completed (GICD_CTLR.RWP)");
}

void gic3_cpu_init(unsigned cpu)
{
	uint64_t mpidr = mpidr_el1_read();
	uintptr_t rd = gicr_find(BOARD_GICR_BASE, BOARD_GICR_SIZE, mpidr);

	if (!rd)
		hyp_panic("GICv3: no redistributor for CPU %u (MPIDR %lx)", cpu, mpidr);
	if (!gicr_init(rd))
		hyp_panic("GICv3: redistributor of CPU %u did not wake (GICR_WAKER)", cpu);
	rd_base[cpu % MAX_CPUS] = rd;
	gicr_irq_set_priority(rd, GIC_SGI_KICK, GIC_PRIO_HYP);
	gicr_irq_set_priority(rd, GIC_PPI_MAINT, GIC_PRIO_HYP);
	gicr_irq_set_priority(rd, GIC_PPI_VTIMER, GIC_PRIO_HYP);
	gicr_irq_set_priority(rd, GIC_PPI_PTIMER, GIC_PRIO_HYP);
	gicr_irq_enable(rd, GIC_SGI_KICK);
	gicr_irq_enable(rd, GIC_PPI_MAINT);
	gicr_irq_enable(rd, GIC_PPI_VTIMER);
	gicr_irq_enable(rd, GIC_PPI_PTIMER);
	/* ICC_SRE_EL2.SRE and .Enable (EL1 may use ICC_SRE_EL1: the guest's
	 * own system-register interface), EOImode split, Group 1 on */
	if (!gicv3_cpu_init(true))
		hyp_panic("GICv3: ICC_SRE_EL2.SRE does not stick on CPU %u", cpu);
	ich_init();
	dsb(sy);
}

/* The redistributors of the region, up to the one with GICR_TYPER.Last. */
unsigned gic3_nr_cpus(void)
{
	uintptr_t rd = BOARD_GICR_BASE;
	unsigned n = 0;

	while (rd + GICR_V3_STRIDE <= BOARD_GICR_BASE + BOARD_GICR_SIZE) {
		uint64_t typer = gicr_typer_read(rd);

		n++;
		if (gicr_typer_last_get(typer))
			break;
		rd += gicr_typer_vlpis_get(typer) ? GICR_V4_STRIDE : GICR_V3_STRIDE;
	}
	return n;
}

unsigned gic3_nr_irqs(void)
{
	return gicd3_nr_irqs(BOARD_GICD_BASE);
}

/* gicv3_send_sgi1r: a DSB before the write (what was written before is
 * visible to the target when it takes the SGI), an ISB after it. */
void gic3_kick(unsigned cpu)
{
	gicv3_send_sgi1r(gicv3_sgi1r_to(cpu_mpidr_affinity(cpu), GIC_SGI_KICK));
}

void gic3_route_spi(uint32_t intid, unsigned cpu)
{
	gicd3_irq_route(BOARD_GICD_BASE, intid, cpu_mpidr_affinity(cpu));
}

void gic3_spi_passthrough(uint32_t intid, bool edge, unsigned cpu)
{
	gicd3_irq_disable(BOARD_GICD_BASE, intid);
	gicd3_wait_rwp(BOARD_GICD_BASE);
	gicd3_irq_set_config(BOARD_GICD_BASE, intid, edge);
	gicd3_irq_set_priority(BOARD_GICD_BASE, intid, GIC_PRIO_HYP);
	gicd3_irq_set_group1ns(BOARD_GICD_BASE, intid, true);
	gic3_route_spi(intid, cpu);
	gicd3_irq_enable(BOARD_GICD_BASE, intid);
}

/* SGIs and PPIs: the calling CPU's redistributor; SPIs: the distributor. */
void gic3_deactivate(uint32_t intid)
{
	if (intid < GICV3_NR_PRIVATE)
		gicr_irq_clear_active(rd_base[cpu_id() % MAX_CPUS], intid);
	else
		gicd3_irq_clear_active(BOARD_GICD_BASE, intid);
}
