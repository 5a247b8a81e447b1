/* SPDX-License-Identifier: MIT */
/*
 * Emulated GICv2 distributor.  The register map is a table of ranges, one
 * row per kind of register, built from the generated layout macros of
 * gicv2/gicd.h (offset, count, bits per interrupt, access widths), each row
 * with its handlers: per-interrupt registers have one handler per slot and
 * a single loop packs the slots of any allowed access; the rest have one
 * handler per register.  Offsets in no row are reserved: RAZ/WI.
 *
 * Part of the implementation of vgic/vgic.h: compiled only in the unit that
 * defines VGIC_IMPLEMENTATION (include vgic/vgic.h, not this header), after
 * vgic/vgic_lr.h, whose interrupt state it drives.
 */
#include "vgic/vgic.h"

#if defined(VGIC_IMPLEMENTATION) && !defined(__ASSEMBLER__) && !defined(VGIC_DIST_H)
#define VGIC_DIST_H

#define GICD_FRAME_SIZE	       0x1000u
#define ARM_JEP106_IMPLEMENTER 0x43bu

struct vgic_reg {
	uint32_t offset, len; /* bytes */
	uint8_t bits_per_irq; /* 0: a whole-register row */
	uint8_t widths;	      /* allowed access sizes in bytes, OR-ed */
	/* Per-interrupt rows: one slot.  NULL read: RAZ; NULL write: WI. */
	uint32_t (*read_irq)(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq);
	void (*write_irq)(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq, uint32_t slot);
	/* Whole-register rows: `off` is the offset within the row. */
	uint32_t (*read)(struct vgic *vm, unsigned int vcpu, uint32_t off);
	void (*write)(struct vgic *vm, unsigned int vcpu, uint32_t off, uint32_t v);
};

/* ---- per-interrupt handlers -------------------------------------------- */

/* Pending as the guest sees it: queued (a hw level line that has gone low
 * since is not: sampled, not changed, by the read), or written pending to
 * an LR. */
static bool seen_pending(struct vgic *vm, const struct vgic_irq *irq)
{
	if (irq->in_lr && (irq->lr_state & VGIC_LR_PENDING))
		return true;
	return vgic_irq_pending(irq) && !irq_hw_line_dropped(vm, irq);
}

static bool seen_active(const struct vgic_irq *irq)
{
	return irq->active || (irq->in_lr && (irq->lr_state & VGIC_LR_ACTIVE));
}

static uint32_t rd_group(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq)
{
	(void)vm, (void)vcpu;
	return irq->group1;
}

static void wr_group(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq, uint32_t slot)
{
	irq->group1 = slot & 1;
	vgic_irq_resample_update(vm, irq, (int)vcpu);
}

static uint32_t rd_enable(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq)
{
	(void)vm, (void)vcpu;
	return irq->enabled;
}

static void wr_set_enable(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq, uint32_t slot)
{
	if (!slot)
		return;
	irq->enabled = true;
	vgic_irq_resample_update(vm, irq, (int)vcpu);
}

static void wr_clear_enable(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq, uint32_t slot)
{
	if (!slot || is_sgi(irq) || !irq->enabled)
		return;
	irq->enabled = false;
	/* A hw interrupt the guest may now never deactivate: its physical side
	 * is deactivated once the holder's LRs are folded back. */
	if (irq->hw)
		irq->settle |= VGIC_SETTLE_DISABLED | VGIC_SETTLE_PHYS;
	vgic_irq_update(vm, irq, (int)vcpu);
}

static uint32_t rd_pending(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq)
{
	(void)vcpu;
	return seen_pending(vm, irq);
}

static void wr_set_pending(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq, uint32_t slot)
{
	if (!slot || is_sgi(irq)) /* SGIs: SPENDSGIR */
		return;
	irq->pending_latch = true;
	vgic_irq_update(vm, irq, (int)vcpu);
}

static void wr_clear_pending(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq,
			     uint32_t slot)
{
	if (!slot || is_sgi(irq)) /* SGIs: CPENDSGIR */
		return;
	irq->pending_latch = false;
	if (irq->hw) /* a physical activation may stand for nothing now */
		irq->settle |= VGIC_SETTLE_PHYS;
	vgic_irq_update(vm, irq, (int)vcpu);
}

static uint32_t rd_active(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq)
{
	(void)vm, (void)vcpu;
	return seen_active(irq);
}

static void wr_set_active(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq, uint32_t slot)
{
	if (!slot || irq->hw) /* the physical side cannot be activated from here */
		return;
	if (!irq->active) {
		irq->acked = false; /* not in the guest's running priority */
		if (is_sgi(irq))
			irq->sgi_active_src = (uint8_t)vcpu;
	}
	irq->active = true;
	vgic_irq_update(vm, irq, (int)vcpu);
}

static void wr_clear_active(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq, uint32_t slot)
{
	if (!slot)
		return;
	if (irq->hw && irq->list >= 0 && vm->vcpu[irq->list].in_guest) {
		irq->settle |= VGIC_SETTLE_INACTIVE | VGIC_SETTLE_PHYS; /* once folded */
	} else {
		irq->active = false;
		irq->acked = false;
		if (irq->hw) /* a physical activation may stand for nothing now */
			irq->settle |= VGIC_SETTLE_PHYS;
	}
	vgic_irq_update(vm, irq, (int)vcpu);
}

static uint32_t rd_priority(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq)
{
	(void)vm, (void)vcpu;
	return irq->priority;
}

static void wr_priority(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq, uint32_t slot)
{
	(void)vm, (void)vcpu;
	irq->priority = (uint8_t)(slot & VGIC_PRIO_MASK);
}

/*
 * ITARGETSR.  IHI 0048B 4.3.12: in a uniprocessor implementation (one CPU
 * interface: a VM of one vCPU) every interrupt targets the one processor
 * and the registers are RAZ/WI; otherwise ITARGETSR0-7 are read-only and
 * each field reads as the reader's own bit.
 */
static uint32_t rd_targets(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq)
{
	if (vm->nr_vcpus == 1)
		return 0;
	if (irq->intid < VGIC_NR_PRIVATE)
		return 1u << vcpu;
	return irq->targets;
}

/* An SPI's targets, a bit per vCPU (ITARGETSR, or a GICv3 IROUTER's). */
static void set_targets(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq, uint32_t slot)
{
	int target;

	irq->targets = (uint8_t)(slot & ((1u << vm->nr_vcpus) - 1));
	target = irq->targets ? __builtin_ctz(irq->targets) : -1;
	if (irq->hw && target >= 0 && vm->ops && vm->ops->route_spi)
		vm->ops->route_spi(vm->ctx, irq->hwintid, vm->vcpu[target].pcpu);
	vgic_irq_update(vm, irq, (int)vcpu);
}

static void wr_targets(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq, uint32_t slot)
{
	if (irq->intid < VGIC_NR_PRIVATE || vm->nr_vcpus == 1) /* read-only; RAZ/WI */
		return;
	set_targets(vm, vcpu, irq, slot);
}

static uint32_t rd_config(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq)
{
	(void)vm, (void)vcpu;
	return gicd_icfgr_int_config_set(0, irq->edge ? GICD_ICFGR_INT_CONFIG_EDGE
						      : GICD_ICFGR_INT_CONFIG_LEVEL);
}

static void wr_config(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq, uint32_t slot)
{
	if (is_sgi(irq)) /* ICFGR0: read-only, SGIs are edge-triggered */
		return;
	irq->edge = gicd_icfgr_int_config_get(slot) == GICD_ICFGR_INT_CONFIG_EDGE;
	vgic_irq_update(vm, irq, (int)vcpu);
}

/* CPENDSGIR/SPENDSGIR: one byte per SGI of the accessing vCPU, bit per source. */
static uint32_t rd_sgi_sources(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq)
{
	uint32_t v = irq->sgi_pending;

	(void)vm, (void)vcpu;
	if (irq->in_lr && (irq->lr_state & VGIC_LR_PENDING))
		v |= 1u << irq->lr_src;
	return v;
}

static void wr_sgi_clear(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq, uint32_t slot)
{
	irq->sgi_pending &= (uint8_t)~slot;
	vgic_irq_update(vm, irq, (int)vcpu);
}

static void wr_sgi_set(struct vgic *vm, unsigned int vcpu, struct vgic_irq *irq, uint32_t slot)
{
	irq->sgi_pending |= (uint8_t)(slot & ((1u << vm->nr_vcpus) - 1));
	vgic_irq_update(vm, irq, (int)vcpu);
}

/* ---- whole-register handlers ------------------------------------------- */

static uint32_t rd_ctlr(struct vgic *vm, unsigned int vcpu, uint32_t off)
{
	(void)vcpu, (void)off;
	return vm->ctlr;
}

static void wr_ctlr(struct vgic *vm, unsigned int vcpu, uint32_t off, uint32_t v)
{
	uint32_t ctlr = v & (GICD_CTLR_ENABLEGRP0_MASK | GICD_CTLR_ENABLEGRP1_MASK);

	(void)off;
	if (ctlr == vm->ctlr)
		return;
	vm->ctlr = ctlr;
	vgic_update_all(vm, (int)vcpu);
}

static uint32_t rd_typer(struct vgic *vm, unsigned int vcpu, uint32_t off)
{
	uint32_t v = 0;

	(void)vcpu, (void)off;
	v = gicd_typer_itlinesnumber_set(v, vm->nr_irqs / 32 - 1);
	v = gicd_typer_cpunumber_set(v, vm->nr_vcpus - 1);
	return v;
}

static uint32_t rd_iidr(struct vgic *vm, unsigned int vcpu, uint32_t off)
{
	(void)vm, (void)vcpu, (void)off;
	return gicd_iidr_implementer_set(0, ARM_JEP106_IMPLEMENTER);
}

/* GICD_SGIR: the SGIs to send (the target vCPUs), or -1 for the reserved
 * filter, which sends nothing. */
static int64_t sgir_targets(const struct vgic *vm, unsigned int vcpu, uint32_t v)
{
	uint32_t all = (1u << vm->nr_vcpus) - 1;

	switch (gicd_sgir_targetlistfilter_get(v)) {
	case GICD_SGIR_TARGETLISTFILTER_TARGET_LIST:
		return gicd_sgir_cputargetlist_get(v) & all;
	case GICD_SGIR_TARGETLISTFILTER_ALL_BUT_SELF:
		return all & ~(1u << vcpu);
	case GICD_SGIR_TARGETLISTFILTER_SELF:
		return 1u << vcpu;
	default:
		return -1;
	}
}

static bool sgir_send(struct vgic *vm, unsigned int vcpu, uint32_t v)
{
	int64_t targets = sgir_targets(vm, vcpu, v);

	if (targets < 0) {
		vgic_log(vm, "vgic: GICD_SGIR reserved target filter", v, vcpu);
		return false;
	}
	return vgic_send_sgi(vm, vcpu, gicd_sgir_sgiintid_get(v), (uint32_t)targets,
			     (uint8_t)(1u << vcpu));
}

static void wr_sgir(struct vgic *vm, unsigned int vcpu, uint32_t off, uint32_t v)
{
	(void)off;
	(void)sgir_send(vm, vcpu, v);
}

/*
 * Identification registers PIDR4-7, PIDR0-3, CIDR0-3 (0xFD0-0xFFC), those
 * of an ARM GIC-400 (IMPLEMENTATION DEFINED apart from PIDR2.ArchRev = 2).
 */
static const uint8_t id_regs[12] = {
	0x04, 0x00, 0x00,
	0x00, /* PIDR4-7 */
	0x90, 0xb4, (uint8_t)(GICD_PIDR2_ARCHREV_GICV2 << GICD_PIDR2_ARCHREV_SHIFT) | 0x0b,
	0x00, 0x0d, 0xf0,
	0x05, 0xb1, /* CIDR0-3 */
};

static uint32_t rd_id(struct vgic *vm, unsigned int vcpu, uint32_t off)
{
	(void)vm, (void)vcpu;
	return id_regs[(off / 4) % 12];
}

/* ---- the register map -------------------------------------------------- */

#define PER_IRQ(REG, rd, wr)                                                                       \
	{                                                                                          \
		GICD_##REG##_OFFSET(0), GICD_##REG##_COUNT *GICD_##REG##_STRIDE,                   \
			GICD_##REG##_BITS_PER_INTID, GICD_##REG##_ACCESS_WIDTHS, rd, wr, 0, 0      \
	}
#define ONE_REG(REG, rd, wr)                                                                       \
	{                                                                                          \
		GICD_##REG##_OFFSET, 4, 0, 4, 0, 0, rd, wr                                         \
	}

static const struct vgic_reg vgic_regs[] = {
	ONE_REG(CTLR, rd_ctlr, wr_ctlr),
	ONE_REG(TYPER, rd_typer, 0),
	ONE_REG(IIDR, rd_iidr, 0),
	PER_IRQ(IGROUPR, rd_group, wr_group),
	PER_IRQ(ISENABLER, rd_enable, wr_set_enable),
	PER_IRQ(ICENABLER, rd_enable, wr_clear_enable),
	PER_IRQ(ISPENDR, rd_pending, wr_set_pending),
	PER_IRQ(ICPENDR, rd_pending, wr_clear_pending),
	PER_IRQ(ISACTIVER, rd_active, wr_set_active),
	PER_IRQ(ICACTIVER, rd_active, wr_clear_active),
	PER_IRQ(IPRIORITYR, rd_priority, wr_priority),
	PER_IRQ(ITARGETSR, rd_targets, wr_targets),
	PER_IRQ(ICFGR, rd_config, wr_config),
	PER_IRQ(NSACR, 0, 0), /* no Security Extensions: RAZ/WI */
	ONE_REG(SGIR, 0, wr_sgir),
	PER_IRQ(CPENDSGIR, rd_sgi_sources, wr_sgi_clear),
	PER_IRQ(SPENDSGIR, rd_sgi_sources, wr_sgi_set),
	{GICD_PIDR4_OFFSET, GICD_CIDR_OFFSET(GICD_CIDR_COUNT) - GICD_PIDR4_OFFSET, 0, 4, 0, 0,
	 rd_id, 0},
};

/* A register frame: its table; offsets in no row are reserved. */
struct vgic_frame {
	const struct vgic_reg *regs;
	unsigned int nr_regs;
	uint32_t size;			  /* bytes */
	uint32_t min_intid;		  /* per-interrupt rows: lower INTIDs are RAZ/WI here */
	uint16_t bus_sizes;		  /* bit n: an access of n bytes can reach it */
	const char *bad_read, *bad_write; /* for the log */
};

static const struct vgic_frame gicd_frame = {
	vgic_regs,
	sizeof(vgic_regs) / sizeof(vgic_regs[0]),
	GICD_FRAME_SIZE,
	0,
	1u << 1 | 1u << 2 | 1u << 4,
	"vgic: bad GICD read (offset, size)",
	"vgic: bad GICD write (offset, size)",
};

static inline __attribute__((always_inline)) const struct vgic_reg *
find_reg(const struct vgic_frame *f, uint32_t offset)
{
	unsigned int i;

	for (i = 0; i < f->nr_regs; i++)
		if (offset >= f->regs[i].offset && offset - f->regs[i].offset < f->regs[i].len)
			return &f->regs[i];
	return 0;
}

/* The row for an access, or NULL: reserved offsets are RAZ/WI; widths or
 * alignments the register does not allow are RAZ/WI too, counted and logged. */
static inline __attribute__((always_inline)) const struct vgic_reg *
check_access(struct vgic *vm, const struct vgic_frame *f, uint32_t offset, unsigned int size,
	     bool write)
{
	const struct vgic_reg *r = 0;
	bool ok =
		size < 16 && (f->bus_sizes >> size & 1u) && offset % size == 0 && offset < f->size;

	if (ok) {
		r = find_reg(f, offset);
		if (!r) {
			vm->stats.reserved++;
			return 0;
		}
		ok = (r->widths & size) != 0;
	}
	if (!ok) {
		vm->stats.bad_access++;
		vgic_log(vm, write ? f->bad_write : f->bad_read, offset, size);
		return 0;
	}
	return r;
}

static uint32_t slot_mask(const struct vgic_reg *r)
{
	return r->bits_per_irq >= 32 ? ~0u : (1u << r->bits_per_irq) - 1;
}

/*
 * An access to frame `f` by vCPU `vcpu`, under the lock, to the registers
 * of vCPU `bank` (its SGIs and PPIs; whole-register handlers are given
 * `bank`: a GICv3 redistributor's owner, the accessor elsewhere), called a
 * 32-bit word at a time (a 64-bit register's halves at off and off + 4).
 * A read returns the value, a write `value` itself.
 */
static inline __attribute__((always_inline)) uint64_t
frame_access(struct vgic *vm, const struct vgic_frame *f, unsigned int vcpu, unsigned int bank,
	     uint32_t offset, unsigned int size, bool write, uint64_t value)
{
	const struct vgic_reg *r = check_access(vm, f, offset, size, write);
	uint64_t v = 0;
	unsigned int i;

	if (r && r->bits_per_irq) {
		uint32_t first = (offset - r->offset) * 8 / r->bits_per_irq;
		unsigned int n = size * 8 / r->bits_per_irq;

		for (i = 0; i < n && (write ? r->write_irq != 0 : r->read_irq != 0); i++) {
			unsigned int shift = i * r->bits_per_irq;
			struct vgic_irq *irq =
				first + i < f->min_intid ? 0 : vgic_get_irq(vm, bank, first + i);

			if (!irq) /* beyond the VM's lines: RAZ/WI */
				continue;
			if (write)
				r->write_irq(vm, vcpu, irq,
					     (uint32_t)(value >> shift) & slot_mask(r));
			else
				v |= (uint64_t)(r->read_irq(vm, vcpu, irq) & slot_mask(r)) << shift;
		}
	} else if (r && write && r->write) {
		r->write(vm, bank, offset - r->offset, (uint32_t)value);
		if (size == 8)
			r->write(vm, bank, offset - r->offset + 4, (uint32_t)(value >> 32));
	} else if (r && !write && r->read) {
		v = r->read(vm, bank, offset - r->offset);
		if (size == 8)
			v |= (uint64_t)r->read(vm, bank, offset - r->offset + 4) << 32;
	}
	return write ? value : v;
}

int vgic_dist_mmio_read(struct vgic *vm, unsigned int vcpu_id, uint32_t offset, unsigned int size,
			uint32_t *value)
{
	*value = 0;
	if (vcpu_id >= vm->nr_vcpus)
		return -VGIC_EINVAL;
	vgic_lock(vm);
	*value = (uint32_t)frame_access(vm, &gicd_frame, vcpu_id, vcpu_id, offset, size, false, 0);
	vgic_unlock(vm);
	return 0;
}

int vgic_dist_sgir_write(struct vgic *vm, unsigned int vcpu_id, uint32_t value)
{
	bool self;

	if (vcpu_id >= vm->nr_vcpus)
		return -VGIC_EINVAL;
	vgic_lock(vm);
	self = sgir_send(vm, vcpu_id, value);
	vgic_unlock(vm);
	return self;
}

int vgic_dist_mmio_write(struct vgic *vm, unsigned int vcpu_id, uint32_t offset, unsigned int size,
			 uint32_t value)
{
	if (vcpu_id >= vm->nr_vcpus)
		return -VGIC_EINVAL;
	if (offset == GICD_SGIR_OFFSET && size == 4) { /* the IPI path: no table walk */
		vgic_dist_sgir_write(vm, vcpu_id, value);
		return 0;
	}
	vgic_lock(vm);
	frame_access(vm, &gicd_frame, vcpu_id, vcpu_id, offset, size, true, value);
	vgic_unlock(vm);
	return 0;
}

#endif /* VGIC_IMPLEMENTATION */
