/* SPDX-License-Identifier: MIT */
/* The test guests' GIC layer on a GICv2 or a GICv3: see gic.h. */
#include "gic.h"

#include <aarch64_sysreg/id.h>
#include <gicv2/gicd.h>
#include <gicv2/gicv.h>
#include <gicv3/gicd.h>
#include <gicv3/gicr.h>

#define GICD GUEST_GICD_IPA
#define GICC GUEST_GICC_IPA

/* A redistributor is two 64 KiB frames, RD_base and SGI_base, four with
 * virtual LPIs (GICR_TYPER.VLPIS; IHI 0069 12.10). */
#define GICR_FRAME_SIZE GIC_GICR_SGI_BASE

bool gic_is_v3_flag;
static uintptr_t rd_base[GIC_MAX_CPUS];

void gic_probe(void)
{
	gic_is_v3_flag = id_aa64pfr0_el1_gic_get(id_aa64pfr0_el1_read()) != ID_AA64PFR0_EL1_GIC_NI;
}

unsigned gic_cpu_self(void)
{
	return (unsigned)mpidr_el1_aff0_get(mpidr_el1_read());
}

uintptr_t gic_rd(unsigned cpu)
{
	return cpu < GIC_MAX_CPUS ? rd_base[cpu] : 0;
}

/* This CPU's redistributor: the one whose GICR_TYPER.Affinity_Value is
 * MPIDR_EL1's Aff3.Aff2.Aff1.Aff0, up to the one with GICR_TYPER.Last. */
static uintptr_t find_rd(void)
{
	uint64_t m = mpidr_el1_read();
	uint64_t aff = mpidr_el1_aff3_get(m) << 24 | mpidr_el1_aff2_get(m) << 16 |
		       mpidr_el1_aff1_get(m) << 8 | mpidr_el1_aff0_get(m);
	uintptr_t rd = GUEST_GICR_IPA;

	while (rd < GUEST_GICR_IPA + GUEST_GICR_SIZE) {
		uint64_t t = gicr_typer_read(rd);

		if (gicr_typer_affinity_value_get(t) == aff)
			return rd;
		if (gicr_typer_last_get(t))
			break;
		rd += (gicr_typer_vlpis_get(t) ? 4u : 2u) * GICR_FRAME_SIZE;
	}
	return 0;
}

/* The calling CPU's RD_base, found the first time. */
uintptr_t gic_rd_self(void)
{
	unsigned cpu = gic_cpu_self();

	if (!gic_v3() || cpu >= GIC_MAX_CPUS)
		return 0;
	if (!rd_base[cpu])
		rd_base[cpu] = find_rd();
	return rd_base[cpu];
}

void gic_deactivate(uint32_t iar)
{
	if (gic_v3())
		icc_dir_el1_write(iar);
	else
		mmio_write32(GICC + GICC_DIR_OFFSET, iar);
}

void gic_dist_enable(bool on)
{
	if (gic_v3())
		/* One Security state (DS = 1): ARE is bit 4 and EnableGrp1 bit 1,
		 * where the Non-secure view has ARE_NS and EnableGrp1A */
		gicd3_ctlr_write(GICD,
				 on ? GICD3_CTLR_NS_ARE_NS_MASK | GICD3_CTLR_NS_ENABLEGRP1A_MASK
				    : GICD3_CTLR_NS_ARE_NS_MASK);
	else
		gicd_ctlr_write(GICD, gicd_ctlr_enablegrp0_set(0, on));
}

void gic_cpu_init(uint8_t pmr)
{
	uintptr_t rd;

	if (!gic_v3()) {
		gicd_isenabler_write(GICD, 0, 0xffffu); /* this CPU's SGIs */
		gicc_pmr_write(GICC, pmr);
		gicc_bpr_write(GICC, 0);
		gicc_ctlr_write(GICC, gicc_ctlr_enablegrp0_set(0, 1)); /* EOImode 0 */
		return;
	}
	rd = gic_rd_self();
	if (rd) {
		gicr_waker_write(rd, gicr_waker_processorsleep_set(gicr_waker_read(rd), 0));
		while (gicr_waker_childrenasleep_get(gicr_waker_read(rd)))
			;
		gicr_igroupr0_write(rd, 0xffffffffu); /* SGIs, PPIs: Group 1 */
		gicr_isenabler0_write(rd, 0xffffu);   /* this CPU's SGIs */
	}
	icc_sre_el1_write(icc_sre_el1_sre_set(icc_sre_el1_read(), 1));
	__asm__ volatile("isb" ::: "memory");
	icc_pmr_el1_write(pmr);
	icc_bpr1_el1_write(0);
	icc_ctlr_el1_write(icc_ctlr_el1_eoimode_set(icc_ctlr_el1_read(), 0));
	icc_igrpen1_el1_write(icc_igrpen1_el1_enable_set(0, 1));
	__asm__ volatile("isb" ::: "memory");
}

void gic_set_pmr(uint8_t pmr)
{
	if (gic_v3()) {
		icc_pmr_el1_write(pmr);
		__asm__ volatile("isb" ::: "memory");
	} else {
		gicc_pmr_write(GICC, pmr);
	}
}

void gic_set_eoimode(bool split)
{
	if (gic_v3()) {
		icc_ctlr_el1_write(icc_ctlr_el1_eoimode_set(icc_ctlr_el1_read(), split));
		__asm__ volatile("isb" ::: "memory");
	} else {
		/* the guest's GICC is minihyp's GICV frame */
		gicv_ctlr_write(GICC, gicv_ctlr_eoimode_set(gicv_ctlr_read(GICC), split));
	}
}

unsigned gic_rpr(void)
{
	if (gic_v3())
		return (unsigned)icc_rpr_el1_priority_get(icc_rpr_el1_read());
	return gicc_rpr_priority_get(gicc_rpr_read(GICC));
}

/* ---- per-INTID registers ----------------------------------------------- */

uintptr_t gic_bitreg_addr(enum gic_bitreg reg, unsigned n)
{
	if (!gic_v3()) {
		switch (reg) {
		case GIC_IGROUPR:
			return GICD + GICD_IGROUPR_OFFSET(n);
		case GIC_ISENABLER:
			return GICD + GICD_ISENABLER_OFFSET(n);
		case GIC_ICENABLER:
			return GICD + GICD_ICENABLER_OFFSET(n);
		case GIC_ISPENDR:
			return GICD + GICD_ISPENDR_OFFSET(n);
		case GIC_ICPENDR:
			return GICD + GICD_ICPENDR_OFFSET(n);
		case GIC_ISACTIVER:
			return GICD + GICD_ISACTIVER_OFFSET(n);
		case GIC_ICACTIVER:
			return GICD + GICD_ICACTIVER_OFFSET(n);
		}
	} else if (n == 0) {
		uintptr_t rd = gic_rd_self();

		switch (reg) {
		case GIC_IGROUPR:
			return rd + GICR_IGROUPR0_OFFSET;
		case GIC_ISENABLER:
			return rd + GICR_ISENABLER0_OFFSET;
		case GIC_ICENABLER:
			return rd + GICR_ICENABLER0_OFFSET;
		case GIC_ISPENDR:
			return rd + GICR_ISPENDR0_OFFSET;
		case GIC_ICPENDR:
			return rd + GICR_ICPENDR0_OFFSET;
		case GIC_ISACTIVER:
			return rd + GICR_ISACTIVER0_OFFSET;
		case GIC_ICACTIVER:
			return rd + GICR_ICACTIVER0_OFFSET;
		}
	} else {
		switch (reg) {
		case GIC_IGROUPR:
			return GICD + GICD3_IGROUPR_OFFSET(n);
		case GIC_ISENABLER:
			return GICD + GICD3_ISENABLER_OFFSET(n);
		case GIC_ICENABLER:
			return GICD + GICD3_ICENABLER_OFFSET(n);
		case GIC_ISPENDR:
			return GICD + GICD3_ISPENDR_OFFSET(n);
		case GIC_ICPENDR:
			return GICD + GICD3_ICPENDR_OFFSET(n);
		case GIC_ISACTIVER:
			return GICD + GICD3_ISACTIVER_OFFSET(n);
		case GIC_ICACTIVER:
			return GICD + GICD3_ICACTIVER_OFFSET(n);
		}
	}
	return GICD; /* not reached */
}

uint32_t gic_bits_read(enum gic_bitreg reg, unsigned n)
{
	return mmio_read32(gic_bitreg_addr(reg, n));
}

void gic_bits_write(enum gic_bitreg reg, unsigned n, uint32_t v)
{
	mmio_write32(gic_bitreg_addr(reg, n), v);
}

bool gic_bit(enum gic_bitreg reg, unsigned intid)
{
	return (gic_bits_read(reg, intid / 32u) >> (intid % 32u)) & 1u;
}

void gic_bit_write(enum gic_bitreg reg, unsigned intid)
{
	gic_bits_write(reg, intid / 32u, 1u << (intid % 32u));
}

void gic_enable(unsigned intid, bool on)
{
	gic_bit_write(on ? GIC_ISENABLER : GIC_ICENABLER, intid);
}

void gic_set_pending(unsigned intid, bool on)
{
	gic_bit_write(on ? GIC_ISPENDR : GIC_ICPENDR, intid);
}

void gic_set_active(unsigned intid, bool on)
{
	gic_bit_write(on ? GIC_ISACTIVER : GIC_ICACTIVER, intid);
}

void gic_set_group(unsigned intid)
{
	uint32_t bit = 1u << (intid % 32u), v = gic_bits_read(GIC_IGROUPR, intid / 32u);

	gic_bits_write(GIC_IGROUPR, intid / 32u, gic_v3() ? v | bit : v & ~bit);
}

void gic_set_priority(unsigned intid, uint8_t prio)
{
	if (!gic_v3())
		gicd_ipriorityr_write_intid(GICD, intid, prio);
	else if (intid < 32)
		gicr_ipriorityr_write_intid(gic_rd_self(), intid, prio);
	else
		gicd3_ipriorityr_write_intid(GICD, intid, prio);
}

uint8_t gic_priority(unsigned intid)
{
	if (!gic_v3())
		return (uint8_t)gicd_ipriorityr_read_intid(GICD, intid);
	if (intid < 32)
		return (uint8_t)gicr_ipriorityr_read_intid(gic_rd_self(), intid);
	return (uint8_t)gicd3_ipriorityr_read_intid(GICD, intid);
}

void gic_set_edge(unsigned intid, bool edge)
{
	if (!gic_v3())
		gicd_icfgr_write_intid(GICD, intid,
				       edge ? GICD_ICFGR_INT_CONFIG_EDGE
					    : GICD_ICFGR_INT_CONFIG_LEVEL);
	else if (intid < 32)
		gicr_icfgr_write_intid(gic_rd_self(), intid,
				       edge ? GICR_ICFGR_INT_CONFIG_EDGE
					    : GICR_ICFGR_INT_CONFIG_LEVEL);
	else
		gicd3_icfgr_write_intid(GICD, intid,
					edge ? GICD3_ICFGR_INT_CONFIG_EDGE
					     : GICD3_ICFGR_INT_CONFIG_LEVEL);
}

void gic_route_spi(unsigned intid, unsigned cpu)
{
	if (gic_v3())
		gicd3_irouter_write_intid(GICD, intid, gicd3_irouter_aff0_set(0, cpu));
	else
		gicd_itargetsr_write_intid(GICD, intid, 1u << cpu);
}

/* ---- SGIs ---------------------------------------------------------------- */

static void sgi1r(uint64_t v)
{
	icc_sgi1r_el1_write(v);
	__asm__ volatile("isb" ::: "memory");
}

void gic_sgi(uint32_t mask, unsigned id)
{
	if (gic_v3())
		sgi1r(icc_sgi1r_el1_intid_set(icc_sgi1r_el1_targetlist_set(0, mask), id));
	else
		gicd_sgir_write(GICD,
				gicd_sgir_sgiintid_set(gicd_sgir_cputargetlist_set(0, mask), id));
}

void gic_sgi_self(unsigned id)
{
	if (gic_v3())
		gic_sgi(1u << gic_cpu_self(), id);
	else
		gicd_sgir_write(GICD,
				gicd_sgir_sgiintid_set(gicd_sgir_targetlistfilter_set(
							       0, GICD_SGIR_TARGETLISTFILTER_SELF),
						       id));
}

void gic_sgi_others(unsigned id)
{
	if (gic_v3())
		sgi1r(icc_sgi1r_el1_intid_set(icc_sgi1r_el1_irm_set(0, 1), id));
	else
		gicd_sgir_write(GICD, gicd_sgir_sgiintid_set(
					      gicd_sgir_targetlistfilter_set(
						      0, GICD_SGIR_TARGETLISTFILTER_ALL_BUT_SELF),
					      id));
}

uint32_t gic_sgi_iar(unsigned id, unsigned src)
{
	if (gic_v3())
		return id;
	return gicc_iar_cpuid_set(gicc_iar_interruptid_set(0, id), src);
}
