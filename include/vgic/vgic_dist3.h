/* SPDX-License-Identifier: MIT */
/*
 * Emulated GICv3 distributor and redistributors, and the guest's SGIs
 * through trapped ICC_SGI*R_EL1 writes, on the interrupt state of
 * vgic/vgic_lr.h.  The guest gets a GIC with one Security state
 * (GICD_CTLR.DS = 1) and affinity routing always on (ARE = 1): the
 * distributor holds the SPIs (IROUTER<n> instead of ITARGETSR), each vCPU's
 * redistributor its SGIs and PPIs; no LPIs, no ITS.  Reference: ARM IHI
 * 0069H.b, chapter 12.
 *
 * Same tables as vgic/vgic_dist.h (struct vgic_reg, built from the
 * generated layouts of gicv3/gicd.h and gicv3/gicr.h), same per-interrupt
 * handlers where GICv3 means the same thing, and these differences:
 *  - INTIDs 0-31 in the distributor's per-interrupt registers are RAZ/WI
 *    with ARE = 1, and so are ITARGETSR, SGIR, CPENDSGIR/SPENDSGIR (not in
 *    the table: reserved);
 *  - an SGI has no source: one pending state per SGI and target
 *    (sgi_pending is 0 or 1), set and cleared through GICR_ISPENDR0 and
 *    GICR_ICPENDR0, and an SGI can be disabled (GICR_ICENABLER0);
 *  - IGRPMODR and NSACR are RAZ/WI with DS = 1.
 *
 * Part of the implementation of vgic/vgic.h: compiled only in the unit that
 * defines VGIC_IMPLEMENTATION, after vgic/vgic_dist.h.
 */
#include "vgic/vgic.h"

#if defined(VGIC_IMPLEMENTATION) && !defined(__ASSEMBLER__) && !defined(VGIC_DIST3_H)
#define VGIC_DIST3_H

#include "aarch64_sysreg/icc.h"
#include "aarch64_sysreg/id.h"
#include "gicv3/gicd.h"
#include "gicv3/gicr.h"

/* The handlers of vgic_dist.h read and write ICFGR in GICv2's encoding. */
_Static_assert(GICD3_ICFGR_INT_CONFIG_EDGE == GICD_ICFGR_INT_CONFIG_EDGE &&
		       GICD3_ICFGR_INT_CONFIG_SHIFT == GICD_ICFGR_INT_CONFIG_SHIFT &&
		       GICR_ICFGR_INT_CONFIG_EDGE == GICD_ICFGR_INT_CONFIG_EDGE &&
		       GICR_ICFGR_INT_CONFIG_SHIFT == GICD_ICFGR_INT_CONFIG_SHIFT,
	       "GICv2 and GICv3 Int_config");
/* One ID-register handler serves both frames. */
_Static_assert(GICR_PIDR2_OFFSET - GICR_PIDR4_OFFSET == GICD3_PIDR2_OFFSET - GICD3_PIDR4_OFFSET,
	       "PIDR2 in the GICD and GICR ID blocks");
/* ICC_SGI0R_EL1 and ICC_ASGI1R_EL1 have ICC_SGI1R_EL1's layout. */
_Static_assert(ICC_SGI0R_EL1_RES0 == ICC_SGI1R_EL1_RES0 &&
		       ICC_ASGI1R_EL1_RES0 == ICC_SGI1R_EL1_RES0,
	       "SGI generation register layouts");

static bool vgic_is_v3(const struct vgic *vm)
{
	return vgic_hw_is_ich(vm->gich);
}

/* Aff3.Aff2.Aff1.Aff0, a byte each: GICR_TYPER.Affinity_Value's layout,
 * the form vm->v3.affinity keeps. */
static uint32_t aff_pack(uint64_t aff3, uint64_t aff2, uint64_t aff1, uint64_t aff0)
{
	return (uint32_t)(aff3 << 24 | aff2 << 16 | aff1 << 8 | aff0);
}

/* The vCPUs an SPI routed by IROUTER value `r` goes to: any (1 of N: the
 * core takes the lowest), the one with that affinity, or none (not
 * forwarded). */
static uint32_t irouter_targets(const struct vgic *vm, uint64_t r)
{
	uint32_t aff = aff_pack(gicd3_irouter_aff3_get(r), gicd3_irouter_aff2_get(r),
				gicd3_irouter_aff1_get(r), gicd3_irouter_aff0_get(r));
	unsigned int i;

	if (gicd3_irouter_interrupt_routing_mode_get(r))
		return (1u << vm->nr_vcpus) - 1;
	for (i = 0; i < vm->nr_vcpus; i++)
		if (vm->v3.affinity[i] == aff)
			return 1u << i;
	return 0;
}

/* Whether vCPU n has affinity vCPU 0's + n for every n (see sgi_linear). */
static void update_sgi_linear(struct vgic *vm)
{
	unsigned int i;

	vm->v3.sgi_base = vm->v3.affinity[0];
	vm->v3.sgi_linear = (vm->v3.sgi_base & 0xffu) == 0;
	for (i = 1; i < vm->nr_vcpus; i++)
		if (vm->v3.affinity[i] != vm->v3.sgi_base + i)
			vm->v3.sgi_linear = false;
}

static void reroute_all(struct vgic *vm)
{
	unsigned int i;

	for (i = 0; i + VGIC_NR_PRIVATE < vm->nr_irqs; i++)
		set_targets(vm, 0, &vm->spi[i], irouter_targets(vm, vm->v3.irouter[i]));
}

int vgic3_init(struct vgic *vm, unsigned int nr_vcpus, unsigned int nr_irqs,
	       const struct vgic_ops *ops, void *ctx)
{
	unsigned int i;
	int r;

	if (!VGIC_GICV3)
		return -VGIC_EINVAL;
	r = vgic_init(vm, nr_vcpus, nr_irqs, VGIC_HW_ICH, ops, ctx);
	if (r)
		return r;
	for (i = 0; i < VGIC_MAX_VCPUS; i++) {
		vm->v3.affinity[i] = i;
		vm->v3.asleep[i] = true; /* GICR_WAKER.ProcessorSleep resets to 1 */
	}
	for (i = 0; i < VGIC_MAX_SPIS; i++)
		vm->v3.irouter[i] = 0;
	vgic_lock(vm);
	update_sgi_linear(vm);
	reroute_all(vm);
	vgic_unlock(vm);
	return 0;
}

int vgic3_set_affinity(struct vgic *vm, unsigned int vcpu_id, uint64_t mpidr)
{
	uint32_t aff = aff_pack(mpidr_el1_aff3_get(mpidr), mpidr_el1_aff2_get(mpidr),
				mpidr_el1_aff1_get(mpidr), mpidr_el1_aff0_get(mpidr));
	unsigned int i;

	if (vcpu_id >= vm->nr_vcpus || !vgic_is_v3(vm) || mpidr_el1_aff0_get(mpidr) >= 16)
		return -VGIC_EINVAL;
	for (i = 0; i < vm->nr_vcpus; i++)
		if (i != vcpu_id && vm->v3.affinity[i] == aff)
			return -VGIC_EINVAL;
	vgic_lock(vm);
	vm->v3.affinity[vcpu_id] = aff;
	update_sgi_linear(vm);
	reroute_all(vm);
	vgic_unlock(vm);
	return 0;
}

/* ---- per-interrupt handlers where GICv3 differs ------------------------ */

/* The one pending state of a source-less SGI: bit 0 of sgi_pending. */
#define SGI3_PENDING 1u

static void wr3_clear_enable(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq,
			     uint32_t slot)
{
	if (!is_sgi(irq)) {
		wr_clear_enable(vm, vcpu, irq, slot);
	} else if (slot && irq->enabled) {
		irq->enabled = false;
		vgic_irq_update(vm, irq, (int)vcpu);
	}
}

static void wr3_set_pending(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq, uint32_t slot)
{
	if (!is_sgi(irq)) {
		wr_set_pending(vm, vcpu, irq, slot);
	} else if (slot) {
		irq->sgi_pending = SGI3_PENDING;
		vgic_irq_update(vm, irq, (int)vcpu);
	}
}

static void wr3_clear_pending(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq,
			      uint32_t slot)
{
	if (!is_sgi(irq)) {
		wr_clear_pending(vm, vcpu, irq, slot);
	} else if (slot) {
		irq->sgi_pending = 0;
		vgic_irq_update(vm, irq, (int)vcpu);
	}
}

/* ---- whole-register handlers (`vcpu`: the frame's owner) --------------- */

static uint32_t rd3_ctlr(struct vgic *vm, unsigned int vcpu, uint32_t off)
{
	uint32_t v = gicd3_ctlr_are_s_set(gicd3_ctlr_ds_set(0, 1), 1); /* RAO/WI */

	(void)vcpu, (void)off;
	v = gicd3_ctlr_enablegrp0_set(v, (vm->ctlr & GICD_CTLR_ENABLEGRP0_MASK) != 0);
	return gicd3_ctlr_enablegrp1ns_set(v, (vm->ctlr & GICD_CTLR_ENABLEGRP1_MASK) != 0);
}

static void wr3_ctlr(struct vgic *vm, unsigned int vcpu, uint32_t off, uint32_t v)
{
	uint32_t ctlr = 0;

	if (gicd3_ctlr_enablegrp0_get(v))
		ctlr |= GICD_CTLR_ENABLEGRP0_MASK;
	if (gicd3_ctlr_enablegrp1ns_get(v)) /* EnableGrp1 with DS = 1 */
		ctlr |= GICD_CTLR_ENABLEGRP1_MASK;
	wr_ctlr(vm, vcpu, off, ctlr);
}

static uint32_t rd3_typer(struct vgic *vm, unsigned int vcpu, uint32_t off)
{
	uint32_t v = gicd3_typer_itlinesnumber_set(0, vm->nr_irqs / 32 - 1);

	(void)vcpu, (void)off;
	v = gicd3_typer_idbits_set(v, 10 - 1); /* INTIDs 0-1023 */
	return gicd3_typer_a3v_set(v, 1);      /* IROUTER keeps Aff3 */
}

static uint32_t rd3_iidr(struct vgic *vm, unsigned int vcpu, uint32_t off)
{
	(void)vm, (void)vcpu, (void)off;
	return gicd3_iidr_implementer_set(0, ARM_JEP106_IMPLEMENTER);
}

/* IROUTER<n>: `off` is 8n, + 4 for the upper word. */
static uint32_t rd3_irouter(struct vgic *vm, unsigned int vcpu, uint32_t off)
{
	uint32_t intid = off / GICD3_IROUTER_STRIDE;
	uint64_t r;

	(void)vcpu;
	if (intid < VGIC_NR_PRIVATE || intid >= vm->nr_irqs) /* reserved, or no such SPI */
		return 0;
	r = vm->v3.irouter[intid - VGIC_NR_PRIVATE];
	return (uint32_t)(off & 4 ? r >> 32 : r);
}

static void wr3_irouter(struct vgic *vm, unsigned int vcpu, uint32_t off, uint32_t v)
{
	uint32_t intid = off / GICD3_IROUTER_STRIDE;
	uint64_t *r;

	if (intid < VGIC_NR_PRIVATE || intid >= vm->nr_irqs)
		return;
	r = &vm->v3.irouter[intid - VGIC_NR_PRIVATE];
	if (off & 4)
		*r = (*r & 0xffffffffu) | (uint64_t)v << 32;
	else
		*r = (*r & ~(uint64_t)0xffffffffu) | v;
	*r &= ~(uint64_t)GICD3_IROUTER_RES0;
	set_targets(vm, vcpu, &vm->spi[intid - VGIC_NR_PRIVATE], irouter_targets(vm, *r));
}

/* PIDR4-7, PIDR0-3, CIDR0-3: only PIDR2.ArchRev is architected (the rest
 * is IMPLEMENTATION DEFINED); it says GICv3. */
static uint32_t rd3_id(struct vgic *vm, unsigned int vcpu, uint32_t off)
{
	(void)vm, (void)vcpu;
	if (off == GICD3_PIDR2_OFFSET - GICD3_PIDR4_OFFSET)
		return gicd3_pidr2_archrev_set(0, GICD3_PIDR2_ARCHREV_GICV3);
	return 0;
}

static uint32_t rd_gicr_iidr(struct vgic *vm, unsigned int vcpu, uint32_t off)
{
	(void)vm, (void)vcpu, (void)off;
	return gicr_iidr_implementer_set(0, ARM_JEP106_IMPLEMENTER);
}

/* GICR_TYPER of vCPU `vcpu`'s redistributor: no LPIs, no extended PPIs. */
static uint32_t rd_gicr_typer(struct vgic *vm, unsigned int vcpu, uint32_t off)
{
	uint64_t v = gicr_typer_processor_number_set(0, vcpu);

	v = gicr_typer_last_set(v, vcpu + 1 == vm->nr_vcpus);
	v = gicr_typer_affinity_value_set(v, vm->v3.affinity[vcpu]);
	return (uint32_t)(off & 4 ? v >> 32 : v);
}

/* GICR_WAKER: ChildrenAsleep follows ProcessorSleep at once (nothing to
 * quiesce).  Recorded only: a sleeping redistributor still forwards. */
static uint32_t rd_gicr_waker(struct vgic *vm, unsigned int vcpu, uint32_t off)
{
	bool s = vm->v3.asleep[vcpu];

	(void)off;
	return gicr_waker_childrenasleep_set(gicr_waker_processorsleep_set(0, s), s);
}

static void wr_gicr_waker(struct vgic *vm, unsigned int vcpu, uint32_t off, uint32_t v)
{
	(void)off;
	vm->v3.asleep[vcpu] = gicr_waker_processorsleep_get(v) != 0;
}

/* ---- the register maps ------------------------------------------------- */

/* Row of a per-interrupt register (array REG<n> or single REG0). */
#define PER_IRQ3(PFX, REG, OFFSET, rd, wr)                                                         \
	{                                                                                          \
		OFFSET, PFX##_##REG##_INTID_COUNT *PFX##_##REG##_BITS_PER_INTID / 8,               \
			PFX##_##REG##_BITS_PER_INTID, PFX##_##REG##_ACCESS_WIDTHS, rd, wr, 0, 0    \
	}
#define GICD3_IRQ(REG, rd, wr) PER_IRQ3(GICD3, REG, GICD3_##REG##_OFFSET(0), rd, wr)
#define GICR_IRQ(REG, rd, wr)  PER_IRQ3(GICR, REG, GICR_##REG##_OFFSET, rd, wr)
#define GICR_IRQN(REG, rd, wr) PER_IRQ3(GICR, REG, GICR_##REG##_OFFSET(0), rd, wr)
#define ONE_REG3(PFX, REG, len, rd, wr)                                                            \
	{                                                                                          \
		PFX##_##REG##_OFFSET, len, 0, PFX##_##REG##_ACCESS_WIDTHS, 0, 0, rd, wr            \
	}
#define ID_REGS3(PFX)                                                                              \
	{                                                                                          \
		PFX##_PIDR4_OFFSET, PFX##_CIDR_OFFSET(PFX##_CIDR_COUNT) - PFX##_PIDR4_OFFSET, 0,   \
			PFX##_PIDR4_ACCESS_WIDTHS, 0, 0, rd3_id, 0                                 \
	}

static const struct vgic_reg vgic3_dist_regs[] = {
	ONE_REG3(GICD3, CTLR, 4, rd3_ctlr, wr3_ctlr),
	ONE_REG3(GICD3, TYPER, 4, rd3_typer, 0),
	ONE_REG3(GICD3, IIDR, 4, rd3_iidr, 0),
	ONE_REG3(GICD3, TYPER2, 4, 0, 0), /* no GICv4.1 vSGIs, no extended ranges */
	GICD3_IRQ(IGROUPR, rd_group, wr_group),
	GICD3_IRQ(ISENABLER, rd_enable, wr_set_enable),
	GICD3_IRQ(ICENABLER, rd_enable, wr_clear_enable),
	GICD3_IRQ(ISPENDR, rd_pending, wr_set_pending),
	GICD3_IRQ(ICPENDR, rd_pending, wr_clear_pending),
	GICD3_IRQ(ISACTIVER, rd_active, wr_set_active),
	GICD3_IRQ(ICACTIVER, rd_active, wr_clear_active),
	GICD3_IRQ(IPRIORITYR, rd_priority, wr_priority),
	GICD3_IRQ(ICFGR, rd_config, wr_config),
	GICD3_IRQ(IGRPMODR, 0, 0), /* DS = 1: RAZ/WI */
	GICD3_IRQ(NSACR, 0, 0),	   /* DS = 1: RAZ/WI */
	{GICD3_IROUTER_OFFSET(0), GICD3_IROUTER_COUNT *GICD3_IROUTER_STRIDE, 0,
	 GICD3_IROUTER_ACCESS_WIDTHS, 0, 0, rd3_irouter, wr3_irouter},
	ID_REGS3(GICD3),
};

/* One redistributor: RD_base, then SGI_base at + 0x10000 (the generated
 * GICR_* offsets count from RD_base). */
static const struct vgic_reg vgic3_redist_regs[] = {
	ONE_REG3(GICR, CTLR, 4, 0, 0), /* no LPIs: EnableLPIs RES0; RWP, UWP 0 */
	ONE_REG3(GICR, IIDR, 4, rd_gicr_iidr, 0),
	ONE_REG3(GICR, TYPER, 8, rd_gicr_typer, 0),
	ONE_REG3(GICR, WAKER, 4, rd_gicr_waker, wr_gicr_waker),
	ONE_REG3(GICR, PROPBASER, 8, 0, 0), /* RES0 without LPIs */
	ONE_REG3(GICR, PENDBASER, 8, 0, 0),
	ID_REGS3(GICR),
	GICR_IRQ(IGROUPR0, rd_group, wr_group),
	GICR_IRQ(ISENABLER0, rd_enable, wr_set_enable),
	GICR_IRQ(ICENABLER0, rd_enable, wr3_clear_enable),
	GICR_IRQ(ISPENDR0, rd_pending, wr3_set_pending),
	GICR_IRQ(ICPENDR0, rd_pending, wr3_clear_pending),
	GICR_IRQ(ISACTIVER0, rd_active, wr_set_active),
	GICR_IRQ(ICACTIVER0, rd_active, wr_clear_active),
	GICR_IRQN(IPRIORITYR, rd_priority, wr_priority),
	GICR_IRQN(ICFGR, rd_config, wr_config),
	GICR_IRQ(IGRPMODR0, 0, 0), /* DS = 1: RAZ/WI */
	GICR_IRQ(NSACR, 0, 0),
};

static const struct vgic_frame gicd3_frame = {
	vgic3_dist_regs,
	sizeof(vgic3_dist_regs) / sizeof(vgic3_dist_regs[0]),
	VGIC3_DIST_SIZE,
	VGIC_NR_PRIVATE, /* ARE = 1: SGIs and PPIs are the redistributors' */
	1u << 1 | 1u << 2 | 1u << 4 | 1u << 8,
	"vgic: bad GICD read (offset, size)",
	"vgic: bad GICD write (offset, size)",
};

static const struct vgic_frame gicr_frame = {
	vgic3_redist_regs,
	sizeof(vgic3_redist_regs) / sizeof(vgic3_redist_regs[0]),
	VGIC3_REDIST_STRIDE,
	0,
	1u << 1 | 1u << 2 | 1u << 4 | 1u << 8,
	"vgic: bad GICR read (offset, size)",
	"vgic: bad GICR write (offset, size)",
};

/*
 * A guest's access to the distributor (`redist` false: offset in its
 * frame) or to a redistributor (`redist`: offset from vCPU 0's RD_base;
 * beyond the last one RAZ/WI, counted as reserved).
 */
static inline __attribute__((always_inline)) int v3_mmio(struct vgic *vm, unsigned int vcpu_id,
							 bool redist, uint32_t offset,
							 unsigned int size, bool write,
							 uint64_t *value)
{
	uint32_t owner = redist ? offset / VGIC3_REDIST_STRIDE : vcpu_id;
	uint64_t v;

	if (vcpu_id >= vm->nr_vcpus || !vgic_is_v3(vm)) {
		*value = 0;
		return -VGIC_EINVAL;
	}
	vgic_lock(vm);
	if (owner >= vm->nr_vcpus) {
		vm->stats.reserved++;
		v = 0;
	} else {
		v = frame_access(vm, redist ? &gicr_frame : &gicd3_frame, vcpu_id, owner,
				 redist ? offset % VGIC3_REDIST_STRIDE : offset, size, write,
				 *value);
	}
	vgic_unlock(vm);
	if (!write)
		*value = v;
	return 0;
}

int vgic3_dist_mmio_read(struct vgic *vm, unsigned int vcpu_id, uint32_t offset, unsigned int size,
			 uint64_t *value)
{
	*value = 0;
	return v3_mmio(vm, vcpu_id, false, offset, size, false, value);
}

int vgic3_dist_mmio_write(struct vgic *vm, unsigned int vcpu_id, uint32_t offset, unsigned int size,
			  uint64_t value)
{
	return v3_mmio(vm, vcpu_id, false, offset, size, true, &value);
}

int vgic3_redist_mmio_read(struct vgic *vm, unsigned int vcpu_id, uint32_t offset,
			   unsigned int size, uint64_t *value)
{
	*value = 0;
	return v3_mmio(vm, vcpu_id, true, offset, size, false, value);
}

int vgic3_redist_mmio_write(struct vgic *vm, unsigned int vcpu_id, uint32_t offset,
			    unsigned int size, uint64_t value)
{
	return v3_mmio(vm, vcpu_id, true, offset, size, true, &value);
}

/* ---- SGIs: trapped ICC_SGI1R_EL1, ICC_ASGI1R_EL1, ICC_SGI0R_EL1 -------- */

/* The vCPUs an SGI generation register value names: every one but the
 * writer (IRM = 1), or those whose Aff3.Aff2.Aff1 match and whose Aff0 is
 * RS * 16 + a bit set in TargetList. */
static uint32_t sgi3_targets(const struct vgic *vm, unsigned int vcpu, uint64_t v)
{
	uint32_t aff = aff_pack(icc_sgi1r_el1_aff3_get(v), icc_sgi1r_el1_aff2_get(v),
				icc_sgi1r_el1_aff1_get(v), 0);
	uint32_t list = (uint32_t)icc_sgi1r_el1_targetlist_get(v);
	uint32_t rs = (uint32_t)icc_sgi1r_el1_rs_get(v), t = 0;
	unsigned int i;

	if (icc_sgi1r_el1_irm_get(v))
		return ((1u << vm->nr_vcpus) - 1) & ~(1u << vcpu);
	if (vm->v3.sgi_linear) /* what the loop below finds, without it */
		return aff == vm->v3.sgi_base && rs == 0 ? list : 0;
	for (i = 0; i < vm->nr_vcpus; i++) {
		uint32_t a = vm->v3.affinity[i], aff0 = a & 0xffu;

		if ((a & ~0xffu) == aff && aff0 / 16 == rs && (list >> (aff0 % 16)) & 1u)
			t |= 1u << i;
	}
	return t;
}

int vgic3_sgi_write(struct vgic *vm, unsigned int vcpu_id, enum vgic3_sgi_reg reg, uint64_t value)
{
	uint32_t sgi = (uint32_t)icc_sgi1r_el1_intid_get(value), targets, t;
	bool self;

	if (vcpu_id >= vm->nr_vcpus || !vgic_is_v3(vm))
		return -VGIC_EINVAL;
	vgic_lock(vm);
	targets = sgi3_targets(vm, vcpu_id, value);
	/*
	 * One Security state: SGI1R makes the SGI pending whichever group it
	 * is in at the target; SGI0R, and ASGI1R (no other Security state to
	 * name), only if it is Group 0 there: KVM's reading of IHI 0069's
	 * SGI forwarding rules for GICD_CTLR.DS = 1 (not yet checked here
	 * against the table itself).
	 */
	if (reg != VGIC3_SGI1R)
		for (t = targets; t; t &= t - 1)
			if (vm->vcpu[__builtin_ctz(t)].priv[sgi].group1)
				targets &= ~(1u << __builtin_ctz(t));
	/* with affinity routing an SGI has no source: one pending state */
	self = vgic_send_sgi(vm, vcpu_id, sgi, targets, SGI3_PENDING);
	vgic_unlock(vm);
	return self;
}

#endif /* VGIC_IMPLEMENTATION */
