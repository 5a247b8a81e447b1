/* SPDX-License-Identifier: MIT */
/*
 * vGIC core: interrupt state, the per-vCPU ordered pending set, and
 * list-register scheduling (flush before entry, sync after exit).
 * See docs/vgic.md for the model.
 *
 * Part of the implementation of vgic/vgic.h: compiled only in the unit that
 * defines VGIC_IMPLEMENTATION (include vgic/vgic.h, not this header).  The
 * list registers are reached only through the backend's vgic_hw_*.
 */
#include "vgic/vgic.h"

#if defined(VGIC_IMPLEMENTATION) && !defined(__ASSEMBLER__) && !defined(VGIC_LR_H)
#define VGIC_LR_H

static void vgic_log(struct vgic *vm, const char *what, uint32_t a, uint32_t b)
{
	if (vm->ops && vm->ops->log)
		vm->ops->log(vm->ctx, what, a, b);
}

static void irq_reset(struct vgic_irq *irq, uint32_t intid, int owner)
{
	*irq = (struct vgic_irq){0};
	irq->intid = (uint16_t)intid;
	irq->owner = (int8_t)owner;
	irq->list = VGIC_NO_VCPU;
	/* SGIs are permanently enabled and edge-triggered (as KVM and GIC-400). */
	irq->enabled = intid < VGIC_NR_SGIS;
	irq->edge = intid < VGIC_NR_SGIS;
}

int vgic_init(struct vgic *vm, unsigned int nr_vcpus, unsigned int nr_irqs, uintptr_t gich,
	      const struct vgic_ops *ops, void *ctx)
{
	unsigned int i, v;

	if (nr_vcpus == 0 || nr_vcpus > VGIC_MAX_VCPUS || nr_irqs % 32 || nr_irqs < 32 ||
	    nr_irqs > VGIC_MAX_IRQS)
		return -VGIC_EINVAL;
	vm->nr_vcpus = nr_vcpus;
	vm->nr_irqs = nr_irqs;
	vm->ctlr = 0;
	vm->gich = gich;
	vm->ops = ops;
	vm->ctx = ctx;
	vm->lock_word = 0;
	vm->stats = (struct vgic_stats){0};
	for (i = 0; i < VGIC_MAX_SPIS; i++)
		irq_reset(&vm->spi[i], i + VGIC_NR_PRIVATE, VGIC_NO_VCPU);
	for (v = 0; v < VGIC_MAX_VCPUS; v++) {
		struct vgic_vcpu *vc = &vm->vcpu[v];

		for (i = 0; i < VGIC_NR_PRIVATE; i++)
			irq_reset(&vc->priv[i], i, (int)v);
		for (i = 0; i < VGIC_MAX_IRQS / 32; i++)
			vc->list[i] = 0;
		vc->nr_listed = 0;
		vc->nr_lrs = 0;
		vc->used_lrs = 0;
		vc->hcr_maint = 0;
		vc->eoi_requested = false;
		vc->loaded = false;
		vc->in_guest = false;
		vc->pcpu = -1;
		vgic_hw_state_reset(&vc->saved, 0);
		vc->stats = (struct vgic_vcpu_stats){0};
	}
	return 0;
}

static bool is_sgi(const struct vgic_irq *irq)
{
	return irq->intid < VGIC_NR_SGIS;
}

/* Pending in the interrupt state (not counting what sits in an LR). */
static bool vgic_irq_pending(const struct vgic_irq *irq)
{
	if (is_sgi(irq))
		return irq->sgi_pending != 0;
	return irq->pending_latch || (!irq->edge && irq->line_level);
}

/* Forwarded by the distributor: enabled, and its group enabled in GICD_CTLR. */
static bool irq_deliverable(const struct vgic *vm, const struct vgic_irq *irq)
{
	uint32_t grp = irq->group1 ? GICD_CTLR_ENABLEGRP1_MASK : GICD_CTLR_ENABLEGRP0_MASK;

	return irq->enabled && (vm->ctlr & grp);
}

/* Wants an LR: active (the guest must be able to deactivate it), or pending
 * and forwarded. */
static bool irq_wants_lr(const struct vgic *vm, const struct vgic_irq *irq)
{
	return irq->active || (vgic_irq_pending(irq) && irq_deliverable(vm, irq));
}

/* The vCPU an interrupt goes to: its owner, or an SPI's lowest target. */
static int irq_target(const struct vgic *vm, const struct vgic_irq *irq)
{
	uint32_t t;

	if (irq->intid < VGIC_NR_PRIVATE)
		return irq->owner;
	t = irq->targets & ((1u << vm->nr_vcpus) - 1);
	return t ? __builtin_ctz(t) : VGIC_NO_VCPU;
}

static void kick(struct vgic *vm, int vcpu_id, int caller)
{
	struct vgic_vcpu *v;

	if (vcpu_id < 0 || vcpu_id == caller)
		return;
	v = &vm->vcpu[vcpu_id];
	v->stats.kicks++;
	if (vm->ops && vm->ops->kick)
		vm->ops->kick(vm->ctx, (unsigned int)vcpu_id, v->pcpu);
}

/* The physical CPU of a hw interrupt: a PPI's owner's, an SPI's holder's. */
static int irq_pcpu(const struct vgic *vm, const struct vgic_irq *irq)
{
	if (irq->intid < VGIC_NR_PRIVATE)
		return vm->vcpu[irq->owner].pcpu;
	return irq->list >= 0 ? vm->vcpu[irq->list].pcpu : -1;
}

/* A level-sensitive hw interrupt pending for a physical activation whose
 * input has gone low since (the timer was disabled or masked): it is no
 * longer pending (KVM resamples the same way). */
static bool irq_hw_line_dropped(struct vgic *vm, const struct vgic_irq *irq)
{
	return irq->hw && irq->phys_active && irq->pending_latch && !irq->edge && vm->ops &&
	       vm->ops->phys_line_level &&
	       !vm->ops->phys_line_level(vm->ctx, irq->hwintid, irq_pcpu(vm, irq));
}

/* Resampled where a pending hw level interrupt may have waited for its
 * line to drop: when it becomes deliverable (set-enable, group, GICD_CTLR)
 * and when its LR is still pending at exit.  Not on the way in: the line
 * has just fired. */
static void irq_hw_resample(struct vgic *vm, struct vgic_irq *irq)
{
	if (irq_hw_line_dropped(vm, irq)) {
		irq->pending_latch = false;
		irq->settle |= VGIC_SETTLE_PHYS;
	}
}

/*
 * Brings a hw interrupt that is in no LR to a consistent state after a
 * change that may leave its physical activation with nothing standing for
 * it (irq->settle): first what the guest did through the distributor while
 * it sat in a running vCPU's LR, then, if no virtual pending or active state
 * is left, the physical activation ends, once: it is only ever deactivated
 * here or by the guest through a HW = 1 LR.
 */
static void hw_settle(struct vgic *vm, struct vgic_irq *irq)
{
	if (irq->settle & VGIC_SETTLE_DISABLED)
		irq->pending_latch = false;
	if (irq->settle & (VGIC_SETTLE_DISABLED | VGIC_SETTLE_INACTIVE)) {
		irq->active = false;
		irq->acked = false;
	}
	irq->settle = 0;
	if (irq->phys_active && !irq->active && !irq->pending_latch) {
		irq->phys_active = false;
		if (irq->list >= 0)
			vm->vcpu[irq->list].stats.hw_deactivations++;
		if (vm->ops && vm->ops->deactivate_phys)
			vm->ops->deactivate_phys(vm->ctx, irq->hwintid, irq_pcpu(vm, irq));
	}
}

static void list_set(struct vgic *vm, int vcpu_id, uint32_t intid, bool on)
{
	struct vgic_vcpu *v = &vm->vcpu[vcpu_id];
	uint32_t *w = &v->list[intid / 32], bit = 1u << (intid % 32);

	if (on && !(*w & bit)) {
		*w |= bit;
		v->nr_listed++;
	} else if (!on && (*w & bit)) {
		*w &= ~bit;
		v->nr_listed--;
	}
}

/*
 * Puts the interrupt on the pending set of the vCPU that must deliver it, or
 * takes it off, after any change of its state.  The single `list` field is
 * what keeps it from being queued twice.  While the holder is in the guest
 * the interrupt may sit in its LRs: the holder is kicked and reconciles at
 * its next exit (sync, then flush calls this again).
 */
static void vgic_irq_update(struct vgic *vm, struct vgic_irq *irq, int caller)
{
	int want;

	if (irq->list >= 0 && vm->vcpu[irq->list].in_guest) {
		kick(vm, irq->list, caller);
		return;
	}
	if (irq->settle)
		hw_settle(vm, irq);
	if (irq->active)
		want = irq->list >= 0 ? irq->list : irq_target(vm, irq);
	else if (vgic_irq_pending(irq) && irq_deliverable(vm, irq))
		want = irq_target(vm, irq);
	else
		want = VGIC_NO_VCPU;
	if (want != irq->list) {
		if (irq->list >= 0)
			list_set(vm, irq->list, irq->intid, false);
		if (want >= 0)
			list_set(vm, want, irq->intid, true);
		irq->list = (int8_t)want;
	}
	if (want >= 0 && vgic_irq_pending(irq) && irq_deliverable(vm, irq))
		kick(vm, want, caller);
}

/*
 * vgic_irq_update for an SGI, inline on the IPI paths (GICD_SGIR, flush,
 * sync): the same decisions, knowing what an SGI is: never hardware-linked
 * (nothing to retire), banked on its owner `o` (the only pending set it can
 * be on).  Returns whether the owner needs a kick (the caller does it, or
 * not if it is the owner itself).
 */
static inline __attribute__((always_inline)) bool sgi_update(struct vgic *vm, struct vgic_vcpu *o,
							     struct vgic_irq *irq)
{
	bool listed = irq->list >= 0, deliver, want;

	if (listed && o->in_guest)
		return true;
	deliver = irq->sgi_pending && irq_deliverable(vm, irq);
	want = irq->active || deliver;
	if (want != listed) {
		uint32_t bit = 1u << irq->intid; /* SGIs: word 0 of the set */

		if (want) {
			o->list[0] |= bit;
			o->nr_listed++;
		} else {
			o->list[0] &= ~bit;
			o->nr_listed--;
		}
		irq->list = want ? irq->owner : VGIC_NO_VCPU;
	}
	return deliver;
}

/* vgic_irq_update on the caller's own vCPU `v`, with SGIs inline. */
static inline __attribute__((always_inline)) void
irq_update_own(struct vgic *vm, struct vgic_vcpu *v, struct vgic_irq *irq, int caller)
{
	if (is_sgi(irq))
		(void)sgi_update(vm, v, irq); /* its owner is the caller: no kick */
	else
		vgic_irq_update(vm, irq, caller);
}

static bool vgic_send_sgi(struct vgic *vm, unsigned int vcpu_id, uint32_t sgi, uint32_t targets)
{
	uint32_t t, kicks = 0;

	targets &= (1u << vm->nr_vcpus) - 1;
	for (t = targets; t; t &= t - 1) {
		unsigned int id = (unsigned int)__builtin_ctz(t);
		struct vgic_vcpu *o = &vm->vcpu[id];
		struct vgic_irq *irq = &o->priv[sgi];

		irq->sgi_pending |= (uint8_t)(1u << vcpu_id);
		if (sgi_update(vm, o, irq))
			kicks |= 1u << id;
	}
	for (kicks &= ~(1u << vcpu_id); kicks; kicks &= kicks - 1)
		kick(vm, __builtin_ctz(kicks), (int)vcpu_id);
	return (targets >> vcpu_id) & 1u;
}

/* vgic_irq_update after a change that may make the interrupt deliverable. */
static void vgic_irq_resample_update(struct vgic *vm, struct vgic_irq *irq, int caller)
{
	if (irq->hw)
		irq_hw_resample(vm, irq);
	vgic_irq_update(vm, irq, caller);
}

static void vgic_update_all(struct vgic *vm, int caller)
{
	unsigned int i, v;

	for (v = 0; v < vm->nr_vcpus; v++)
		for (i = 0; i < VGIC_NR_PRIVATE; i++)
			vgic_irq_resample_update(vm, &vm->vcpu[v].priv[i], caller);
	for (i = 0; i + VGIC_NR_PRIVATE < vm->nr_irqs; i++)
		vgic_irq_resample_update(vm, &vm->spi[i], caller);
}

/*
 * The order in which members get LRs when they do not all fit: active ones
 * the guest acknowledged (they hold its running priority, and their EOIs
 * should find an LR), then pending ones, then those made active through
 * the distributor (no priority of the guest's depends on them: the pending
 * ones must not starve behind them).
 */
static unsigned int lr_rank(const struct vgic_irq *irq)
{
	return irq->active ? (irq->acked ? 0 : 2) : 1;
}

/* Better candidate for an LR: by rank, then priority, then lower ID. */
static bool irq_before(const struct vgic_irq *a, const struct vgic_irq *b)
{
	if (lr_rank(a) != lr_rank(b))
		return lr_rank(a) < lr_rank(b);
	if (a->priority != b->priority)
		return a->priority < b->priority;
	return a->intid < b->intid;
}

/* The best member of the pending set not yet in an LR, or NULL. */
static struct vgic_irq *pick_next(struct vgic *vm, unsigned int vcpu_id)
{
	struct vgic_vcpu *v = &vm->vcpu[vcpu_id];
	struct vgic_irq *best = 0;
	unsigned int w;

	for (w = 0; w < vm->nr_irqs / 32; w++) {
		uint32_t bits = v->list[w];

		while (bits) {
			uint32_t intid = w * 32 + (uint32_t)__builtin_ctz(bits);
			struct vgic_irq *irq = vgic_get_irq(vm, vcpu_id, intid);

			bits &= bits - 1;
			if (irq->in_lr || !irq_wants_lr(vm, irq))
				continue;
			if (!best || irq_before(irq, best))
				best = irq;
		}
	}
	return best;
}

/* Moves the interrupt's deliverable state into LR n (vgic_hw_lr_write).
 * When not every member gets an LR, no LR is written pending and active
 * (see vgic_vcpu_flush): an active one goes in active, its pending state
 * stays queued, and its deactivation asks for an exit. */
static void place(struct vgic *vm, struct vgic_vcpu *v, struct vgic_irq *irq, unsigned int n)
{
	uint32_t state = irq->active ? VGIC_LR_ACTIVE : VGIC_LR_INVALID;
	vgic_hw_lr lr = vgic_hw_lr_make(irq->intid, irq->priority, irq->group1);
	bool eoi = false;

	if (is_sgi(irq)) {
		/* One source per LR; the others wait for this one's EOI. */
		uint8_t src = irq->sgi_active_src;

		if (!irq->active && irq->sgi_pending && irq_deliverable(vm, irq)) {
			src = (uint8_t)__builtin_ctz(irq->sgi_pending);
			irq->sgi_pending &= (uint8_t) ~(1u << src);
			state |= VGIC_LR_PENDING;
		}
		lr = vgic_hw_lr_sgi_source(lr, src);
		eoi = irq->sgi_pending != 0;
		irq->lr_src = src;
		irq->lr_state = (uint8_t)state;
	} else {
		/* HW = 1 only for a physical activation: the guest's
		 * deactivation ends it (a hw interrupt made pending by software
		 * goes in as a software one).  A hw interrupt cannot be pending
		 * again while its physical side is active, so it is never
		 * written pending+active. */
		bool pending = vgic_irq_pending(irq) && irq_deliverable(vm, irq);
		bool hw = irq->hw && irq->phys_active;

		/* (members are re-evaluated before any is placed: nr_listed
		 * counts the candidates) */
		if (pending && !(irq->active && (hw || v->nr_listed > v->nr_lrs))) {
			state |= VGIC_LR_PENDING;
			if (irq->edge || irq->hw)
				irq->pending_latch = false;
		}
		if (hw)
			lr = vgic_hw_lr_link(lr, irq->hwintid);
		else /* level: EOI maintenance to resample the line; SPIs: so
		      * that the end of the interrupt is known at once, not at
		      * the vCPU's next exit (another vCPU may read its state);
		      * pending state held back behind the active one */
			eoi = !irq->edge || irq->intid >= VGIC_NR_PRIVATE ||
			      (pending && !(state & VGIC_LR_PENDING));
		irq->lr_state = (uint8_t)(state | (hw ? VGIC_LR_HW : 0));
	}
	if (eoi) {
		lr = vgic_hw_lr_eoi(lr);
		v->eoi_requested = true;
	}
	vgic_hw_lr_write(vm->gich, n, lr, state);
	irq->in_lr = true;
	v->lr_intid[n] = irq->intid;
}

/* Folds what the guest did with an LR back into the interrupt state. */
static void fold(struct vgic_irq *irq, uint32_t state)
{
	bool pending = state & VGIC_LR_PENDING, active = state & VGIC_LR_ACTIVE;

	if (is_sgi(irq)) {
		if (pending)
			irq->sgi_pending |= (uint8_t)(1u << irq->lr_src);
		if (active)
			irq->sgi_active_src = irq->lr_src;
	} else if (irq->edge || irq->hw) {
		if (pending)
			irq->pending_latch = true;
		/* a HW = 1 LR that has ended: the guest deactivated the physical side */
		else if (!active && (irq->lr_state & VGIC_LR_HW))
			irq->phys_active = false;
	} else if ((irq->lr_state & VGIC_LR_PENDING) && !pending) {
		irq->pending_latch = false; /* acknowledged: the set-pending latch is consumed */
	}
	/* acknowledged (it left the pending state in the LR): in the guest's APR */
	irq->acked = active && (irq->acked || ((irq->lr_state & VGIC_LR_PENDING) && !pending));
	irq->active = active;
	irq->in_lr = false;
}

/* The best member in no LR that would be written pending (NULL: none). */
static struct vgic_irq *pick_next_pending(struct vgic *vm, unsigned int vcpu_id)
{
	struct vgic_vcpu *v = &vm->vcpu[vcpu_id];
	struct vgic_irq *best = 0;
	unsigned int w;

	for (w = 0; w < vm->nr_irqs / 32; w++) {
		uint32_t bits = v->list[w];

		while (bits) {
			uint32_t intid = w * 32 + (uint32_t)__builtin_ctz(bits);
			struct vgic_irq *irq = vgic_get_irq(vm, vcpu_id, intid);

			bits &= bits - 1;
			if (irq->in_lr || irq->active || !vgic_irq_pending(irq) ||
			    !irq_deliverable(vm, irq))
				continue;
			if (!best || irq->priority < best->priority ||
			    (irq->priority == best->priority && irq->intid < best->intid))
				best = irq;
		}
	}
	return best;
}

/* Acknowledged active members of the vCPU's set that are in no LR (see the
 * eviction in vgic_vcpu_flush): the highest-priority one, or NULL.  Only
 * these are in the guest's APR, so only their EOIs count in EOICount. */
static struct vgic_irq *best_evicted(struct vgic *vm, unsigned int vcpu_id)
{
	struct vgic_vcpu *v = &vm->vcpu[vcpu_id];
	struct vgic_irq *best = 0;
	unsigned int w;

	for (w = 0; w < vm->nr_irqs / 32; w++) {
		uint32_t bits = v->list[w];

		while (bits) {
			uint32_t intid = w * 32 + (uint32_t)__builtin_ctz(bits);
			struct vgic_irq *irq = vgic_get_irq(vm, vcpu_id, intid);

			bits &= bits - 1;
			if (!irq->active || !irq->acked || irq->in_lr)
				continue;
			if (!best || irq->priority < best->priority ||
			    (irq->priority == best->priority && irq->intid < best->intid))
				best = irq;
		}
	}
	return best;
}

static bool has_evicted(struct vgic *vm, unsigned int vcpu_id)
{
	return best_evicted(vm, vcpu_id) != 0;
}

/*
 * The guest's EOIs that found no LR (GICH_HCR.EOICount): they were for
 * evicted active interrupts, which nest below those in the LRs, so each
 * one ends the highest-priority evicted interrupt.  Called by sync before
 * the LRs are folded (in_lr still tells the LR members apart).
 */
static void eoi_evicted(struct vgic *vm, unsigned int vcpu_id)
{
	uint32_t count = vgic_hw_eoicount_take(vm->gich);

	while (count--) {
		struct vgic_irq *irq = best_evicted(vm, vcpu_id);

		if (!irq)
			break;
		vm->vcpu[vcpu_id].stats.evicted_eois++;
		irq->active = false;
		irq->acked = false;
		if (irq->hw) /* deactivates the physical one */
			hw_settle(vm, irq);
		vgic_irq_update(vm, irq, (int)vcpu_id);
	}
}

/*
 * The flush of the IPI path: the pending set holds one SGI, no LR is in
 * use, no maintenance was asked for.  What the one-pass flush below does for
 * it (re-evaluate it, write it to LR 0), without the walk over the set.
 * With a single member and more than one LR, nothing is left over and
 * nothing is evicted: no maintenance.  Under the lock; false if it does not
 * apply.
 */
static inline bool flush_one_sgi(struct vgic *vm, struct vgic_vcpu *v, unsigned int vcpu_id)
{
	uint32_t sgis = v->list[0] & ((1u << VGIC_NR_SGIS) - 1);
	struct vgic_irq *irq;
	unsigned int n = 0;

	if (v->nr_listed != 1 || !sgis || v->used_lrs || v->hcr_maint || v->nr_lrs < 2)
		return false;
	irq = &v->priv[__builtin_ctz(sgis)];
	v->stats.flushes++;
	v->eoi_requested = false;
	(void)sgi_update(vm, v, irq); /* its owner is the caller: no kick */
	if (irq->list == (int)vcpu_id && !irq->in_lr && irq_wants_lr(vm, irq))
		place(vm, v, irq, n++);
	v->used_lrs = n;
	vgic_hw_maint_set(vm->gich, 0);
	v->in_guest = true;
	return true;
}

int vgic_vcpu_flush(struct vgic *vm, unsigned int vcpu_id)
{
	struct vgic_vcpu *v;
	struct vgic_irq *irq;
	unsigned int n, w;
	bool lr_pending = false;

	if (vcpu_id >= vm->nr_vcpus || !vm->vcpu[vcpu_id].loaded)
		return -VGIC_EINVAL;
	v = &vm->vcpu[vcpu_id];
	if (vgic_vcpu_flush_is_trivial(v)) { /* see vgic_vcpu_flush_fast() */
		v->in_guest = true;
		return 0;
	}
	vgic_lock(vm);
	if (v->in_guest) { /* flush twice without sync: fold first */
		vgic_unlock(vm);
		vgic_vcpu_sync(vm, vcpu_id);
		vgic_lock(vm);
	}
	if (flush_one_sgi(vm, v, vcpu_id)) {
		vgic_unlock(vm);
		return 0;
	}
	v->stats.flushes++;
	v->eoi_requested = false;
	if (v->nr_listed <= v->nr_lrs) {
		/*
		 * Every member gets an LR (re-evaluating a member can only make
		 * the set smaller): one pass re-evaluates each member and writes
		 * it, with no order to keep (the CPU interface picks the highest
		 * priority itself), no overflow, no eviction.
		 */
		unsigned int left = v->nr_listed; /* members still to visit */

		n = 0;
		for (w = 0; left && w < vm->nr_irqs / 32; w++) {
			uint32_t bits = v->list[w];

			while (bits) {
				uint32_t intid = w * 32 + (uint32_t)__builtin_ctz(bits);

				bits &= bits - 1;
				left--;
				irq = vgic_get_irq(vm, vcpu_id, intid);
				irq_update_own(vm, v, irq, (int)vcpu_id);
				if (irq->list != (int)vcpu_id || irq->in_lr ||
				    !irq_wants_lr(vm, irq))
					continue;
				place(vm, v, irq, n++);
			}
		}
	} else {
		/* Re-evaluate every member: disabled, retargeted or retired ones
		 * leave; then fill the LRs in lr_rank order. */
		for (w = 0; w < vm->nr_irqs / 32; w++) {
			uint32_t bits = v->list[w];

			while (bits) {
				uint32_t intid = w * 32 + (uint32_t)__builtin_ctz(bits);

				bits &= bits - 1;
				vgic_irq_update(vm, vgic_get_irq(vm, vcpu_id, intid), (int)vcpu_id);
			}
		}
		for (n = 0; n < v->nr_lrs; n++) {
			irq = pick_next(vm, vcpu_id);
			if (!irq)
				break;
			place(vm, v, irq, n);
			if ((irq->lr_state & ~VGIC_LR_HW) == VGIC_LR_PENDING)
				lr_pending = true;
		}
	}
	/*
	 * Every LR holds an active interrupt the guest acknowledged (nested
	 * preemptions: pending ones rank before those made active through the
	 * distributor) and a pending one is left out.  If it could preempt
	 * them all (higher priority than LR 0, the highest), or if there are
	 * too few LRs for underflow (below), it takes the LR of the
	 * lowest-priority active one (the last written).  The evicted
	 * interrupt stays active here and in the guest's GICV_APR; its EOI,
	 * which finds no LR, counts in GICH_HCR.EOICount, and the
	 * LR-entry-not-present maintenance interrupt brings the vCPU back to
	 * deactivate it (sync).  Repeated at each flush, so nesting goes
	 * deeper than the LRs.
	 */
	if (n && n == v->nr_lrs && !lr_pending) {
		irq = pick_next_pending(vm, vcpu_id);
		if (irq && (n < 2 ||
			    irq->priority < vgic_get_irq(vm, vcpu_id, v->lr_intid[0])->priority)) {
			struct vgic_irq *out = vgic_get_irq(vm, vcpu_id, v->lr_intid[n - 1]);

			out->in_lr = false;
			place(vm, v, irq, n - 1);
			lr_pending = true;
			v->stats.evictions++;
		}
	}
	for (w = n; w < v->used_lrs; w++)
		vgic_hw_lr_clear(vm->gich, w);
	v->used_lrs = n;
	/*
	 * More deliverable interrupts than LRs: ask to come back when there is
	 * room.  No-pending fires once no LR is in the pending state; no LR is
	 * written pending and active here (place), so that holds under either
	 * reading of "the pending state" (State == pending, as QEMU has it, or
	 * the pending bit), and it is not asserted at entry while one LR is
	 * pending.  With none pending, underflow (at most one valid LR), which
	 * needs two valid LRs at entry not to fire at once.
	 */
	v->hcr_maint = 0;
	/* (with LRs to spare, every member found one: nothing is left over) */
	if (n == v->nr_lrs && pick_next(vm, vcpu_id)) {
		v->hcr_maint = lr_pending ? VGIC_MAINT_NO_PENDING
			       : n >= 2	  ? VGIC_MAINT_UNDERFLOW
					  : 0;
		v->stats.overflows++;
	}
	if (n == v->nr_lrs && has_evicted(vm, vcpu_id)) { /* acknowledged actives outside the LRs */
		/*
		 * EOICount from here on counts EOIs of evicted interrupts.  A
		 * count left from before (LR-entry-not-present off, so sync
		 * did not take it) is of an EOI whose interrupt the vGIC had
		 * already ended (cleared active, disabled, reset): it would
		 * raise the maintenance interrupt at entry and end the wrong
		 * evicted interrupt.
		 */
		vgic_hw_eoicount_clear(vm->gich);
		v->hcr_maint |= VGIC_MAINT_LR_ENTRY_NP;
	}
	vgic_hw_maint_set(vm->gich, v->hcr_maint);
	v->in_guest = true;
	vgic_unlock(vm);
	return 0;
}

/* sync when every LR the last flush wrote is empty (see vgic_vcpu_sync). */
static __attribute__((noinline)) void sync_all_empty(struct vgic *vm, unsigned int vcpu_id)
{
	struct vgic_vcpu *v = &vm->vcpu[vcpu_id];
	unsigned int i;

	vgic_lock(vm);
	v->stats.syncs++;
	if (v->used_lrs == 1 && v->lr_intid[0] < VGIC_NR_SGIS) { /* the IPI path */
		struct vgic_irq *irq = &v->priv[v->lr_intid[0]];

		fold(irq, VGIC_LR_INVALID);
		v->in_guest = false;
		(void)sgi_update(vm, v, irq); /* its owner is the caller: no kick */
		v->used_lrs = 0;
		vgic_unlock(vm);
		return;
	}
	v->in_guest = false;
	for (i = 0; i < v->used_lrs; i++) { /* one pass: each INTID is in one LR */
		struct vgic_irq *irq = vgic_get_irq(vm, vcpu_id, v->lr_intid[i]);

		fold(irq, VGIC_LR_INVALID);
		irq_update_own(vm, v, irq, (int)vcpu_id);
	}
	v->used_lrs = 0;
	vgic_unlock(vm);
}

static __attribute__((noinline)) int sync_full(struct vgic *vm, unsigned int vcpu_id)
{
	struct vgic_vcpu *v = &vm->vcpu[vcpu_id];
	uint64_t empty, eoi = 0;
	bool all_done = true;
	unsigned int i;

	vgic_lock(vm);
	if (!v->in_guest) {
		vgic_unlock(vm);
		return 0;
	}
	v->stats.syncs++;
	if (v->hcr_maint || v->eoi_requested)
		vgic_hw_maint_stats(vm->gich, &v->stats.maint_eoi, &v->stats.maint_underflow,
				    &v->stats.maint_np);
	/* An LR waiting for its EOI maintenance is not "empty" (ELRSR needs
	 * state invalid and HW == 1 or EOI == 0): it is read like a valid one. */
	if (v->hcr_maint & VGIC_MAINT_LR_ENTRY_NP)
		eoi_evicted(vm, vcpu_id);
	empty = v->used_lrs ? vgic_hw_empty_lrs(vm->gich, v->nr_lrs) : 0;
	if (v->eoi_requested)
		eoi = vgic_hw_eoi_lrs(vm->gich, v->nr_lrs);
	for (i = 0; i < v->used_lrs; i++) {
		struct vgic_irq *irq = vgic_get_irq(vm, vcpu_id, v->lr_intid[i]);
		uint32_t state = VGIC_LR_INVALID;

		if (!(empty & ((uint64_t)1 << i)))
			state = vgic_hw_lr_state(vm->gich, i);
		fold(irq, state);
		if (irq->lr_state == (VGIC_LR_PENDING | VGIC_LR_HW) && state == VGIC_LR_PENDING)
			irq_hw_resample(vm, irq);
		if (state != VGIC_LR_INVALID)
			all_done = false;
		if (eoi & ((uint64_t)1 << i)) /* EISR stays set until the LR is rewritten */
			vgic_hw_lr_clear(vm->gich, i);
	}
	/* Maintenance sources off while the host runs; flush decides again. */
	if (v->hcr_maint) {
		vgic_hw_maint_clear(vm->gich, v->hcr_maint);
		v->hcr_maint = 0;
	}
	v->in_guest = false;
	/* Finished interrupts leave the pending set, resampled ones stay. */
	for (i = 0; i < v->used_lrs; i++)
		irq_update_own(vm, v, vgic_get_irq(vm, vcpu_id, v->lr_intid[i]), (int)vcpu_id);
	/* Every LR the flush wrote is invalid now (and none waits for its EOI
	 * maintenance): none is in use, so the next exits can take the fast
	 * paths until something is pending again. */
	if (all_done)
		v->used_lrs = 0;
	vgic_unlock(vm);
	return 0;
}

int vgic_vcpu_sync(struct vgic *vm, unsigned int vcpu_id)
{
	struct vgic_vcpu *v;

	if (vcpu_id >= vm->nr_vcpus || !vm->vcpu[vcpu_id].loaded)
		return -VGIC_EINVAL;
	v = &vm->vcpu[vcpu_id];
	if (vgic_vcpu_sync_is_trivial(v)) { /* see vgic_vcpu_sync_fast() */
		v->in_guest = false;
		return 0;
	}
	/*
	 * The guest has ended everything the last flush gave it (every LR it
	 * wrote is empty: ELRSR) and no maintenance was asked for: fold them
	 * as invalid, with one register read.  The usual exit after an
	 * interrupt was taken (an IPI, a timer tick).
	 */
	if (v->in_guest && !v->hcr_maint && !v->eoi_requested && v->used_lrs <= 32) {
		uint32_t used = v->used_lrs == 32 ? ~0u : (1u << v->used_lrs) - 1;

		if ((vgic_hw_empty_lrs_low(vm->gich) & used) == used) {
			sync_all_empty(vm, vcpu_id);
			return 0;
		}
	}
	return sync_full(vm, vcpu_id);
}

int vgic_vcpu_load(struct vgic *vm, unsigned int vcpu_id, int pcpu)
{
	struct vgic_vcpu *v;
	unsigned int n;

	if (vcpu_id >= vm->nr_vcpus)
		return -VGIC_EINVAL;
	v = &vm->vcpu[vcpu_id];
	vgic_lock(vm);
	n = vgic_hw_nr_lrs(vm->gich);
	v->nr_lrs = n > VGIC_MAX_LRS ? VGIC_MAX_LRS : n;
	if (v->used_lrs > v->nr_lrs)
		v->used_lrs = v->nr_lrs;
	vgic_hw_restore(vm->gich, &v->saved);
	if (v->pcpu != pcpu) { /* passed-through SPIs follow their vCPU */
		unsigned int i;

		for (i = 0; i + VGIC_NR_PRIVATE < vm->nr_irqs; i++) {
			struct vgic_irq *irq = &vm->spi[i];

			if (irq->hw && irq_target(vm, irq) == (int)vcpu_id && vm->ops &&
			    vm->ops->route_spi)
				vm->ops->route_spi(vm->ctx, irq->hwintid, pcpu);
		}
	}
	v->pcpu = pcpu;
	v->loaded = true;
	vgic_unlock(vm);
	return 0;
}

int vgic_vcpu_put(struct vgic *vm, unsigned int vcpu_id)
{
	struct vgic_vcpu *v;

	if (vcpu_id >= vm->nr_vcpus || !vm->vcpu[vcpu_id].loaded)
		return -VGIC_EINVAL;
	v = &vm->vcpu[vcpu_id];
	if (v->in_guest)
		vgic_vcpu_sync(vm, vcpu_id);
	vgic_lock(vm);
	vgic_hw_save(vm->gich, &v->saved);
	v->loaded = false;
	vgic_unlock(vm);
	return 0;
}

int vgic_vcpu_reset(struct vgic *vm, unsigned int vcpu_id)
{
	struct vgic_vcpu *v;
	unsigned int w;

	if (vcpu_id >= vm->nr_vcpus || vm->vcpu[vcpu_id].loaded)
		return -VGIC_EINVAL;
	v = &vm->vcpu[vcpu_id];
	vgic_lock(vm);
	for (w = 0; w < vm->nr_irqs / 32; w++) {
		uint32_t bits = v->list[w];

		while (bits) {
			uint32_t intid = w * 32 + (uint32_t)__builtin_ctz(bits);
			struct vgic_irq *irq = vgic_get_irq(vm, vcpu_id, intid);

			bits &= bits - 1;
			irq->in_lr = false;
			if (irq->active) {
				irq->active = false;
				irq->acked = false;
				irq->sgi_active_src = 0;
				if (irq->hw)
					irq->settle |= VGIC_SETTLE_PHYS;
			}
			/* hw: a physical activation that stood for it ends */
			vgic_irq_update(vm, irq, (int)vcpu_id);
		}
	}
	vgic_hw_state_reset(&v->saved, v->nr_lrs);
	v->used_lrs = 0;
	v->hcr_maint = 0;
	v->eoi_requested = false;
	v->in_guest = false;
	vgic_unlock(vm);
	return 0;
}

bool vgic_vcpu_has_pending(struct vgic *vm, unsigned int vcpu_id)
{
	bool ret = false;
	unsigned int w;

	if (vcpu_id >= vm->nr_vcpus)
		return false;
	/* Nothing listed: nothing to take.  Without the lock: whoever lists
	 * an interrupt for this vCPU kicks it afterwards (see the fast paths
	 * in vgic.h), and the kick ends a wait that this answer starts. */
	if (!vm->vcpu[vcpu_id].nr_listed)
		return false;
	vgic_lock(vm);
	for (w = 0; w < vm->nr_irqs / 32 && !ret; w++) {
		uint32_t bits = vm->vcpu[vcpu_id].list[w];

		while (bits && !ret) {
			uint32_t intid = w * 32 + (uint32_t)__builtin_ctz(bits);
			struct vgic_irq *irq = vgic_get_irq(vm, vcpu_id, intid);

			bits &= bits - 1;
			ret = vgic_irq_pending(irq) && irq_deliverable(vm, irq);
		}
	}
	vgic_unlock(vm);
	return ret;
}

int vgic_inject_edge(struct vgic *vm, unsigned int vcpu_id, uint32_t intid)
{
	struct vgic_irq *irq = vgic_get_irq(vm, vcpu_id, intid);

	if (!irq || intid < VGIC_NR_SGIS)
		return -VGIC_EINVAL;
	vgic_lock(vm);
	irq->pending_latch = true;
	vgic_irq_update(vm, irq, VGIC_NO_VCPU);
	vgic_unlock(vm);
	return 0;
}

int vgic_set_level(struct vgic *vm, unsigned int vcpu_id, uint32_t intid, bool level)
{
	struct vgic_irq *irq = vgic_get_irq(vm, vcpu_id, intid);

	if (!irq || intid < VGIC_NR_SGIS)
		return -VGIC_EINVAL;
	vgic_lock(vm);
	if (irq->edge && level && !irq->line_level)
		irq->pending_latch = true; /* rising edge */
	irq->line_level = level;
	vgic_irq_update(vm, irq, VGIC_NO_VCPU);
	vgic_unlock(vm);
	return 0;
}

int vgic_map_phys(struct vgic *vm, unsigned int vcpu_id, uint32_t vintid, uint32_t pintid)
{
	struct vgic_irq *irq = vgic_get_irq(vm, vcpu_id, vintid);

	if (!irq || vintid < VGIC_NR_SGIS || pintid < VGIC_NR_SGIS || pintid >= 1020)
		return -VGIC_EINVAL;
	vgic_lock(vm);
	irq->hw = true;
	irq->hwintid = (uint16_t)pintid;
	if (vintid >= VGIC_NR_PRIVATE) {
		int target = irq_target(vm, irq);

		if (target >= 0 && vm->ops && vm->ops->route_spi)
			vm->ops->route_spi(vm->ctx, pintid, vm->vcpu[target].pcpu);
	}
	vgic_unlock(vm);
	return 0;
}

/* The virtual interrupt linked to pintid: a PPI of vcpu_id, or an SPI. */
static struct vgic_irq *find_phys(struct vgic *vm, unsigned int vcpu_id, uint32_t pintid)
{
	struct vgic_irq *irq = vgic_get_irq(vm, vcpu_id, pintid);
	unsigned int i;

	if (irq && irq->hw && irq->hwintid == pintid) /* identity: the usual case */
		return irq;
	for (i = 0; i < VGIC_NR_PRIVATE; i++)
		if (vm->vcpu[vcpu_id].priv[i].hw && vm->vcpu[vcpu_id].priv[i].hwintid == pintid)
			return &vm->vcpu[vcpu_id].priv[i];
	for (i = 0; i + VGIC_NR_PRIVATE < vm->nr_irqs; i++)
		if (vm->spi[i].hw && vm->spi[i].hwintid == pintid)
			return &vm->spi[i];
	return 0;
}

int vgic_inject_phys(struct vgic *vm, unsigned int vcpu_id, uint32_t pintid)
{
	struct vgic_irq *irq;

	if (vcpu_id >= vm->nr_vcpus)
		return -VGIC_EINVAL;
	vgic_lock(vm);
	irq = find_phys(vm, vcpu_id, pintid);
	if (!irq) {
		vgic_unlock(vm);
		return -VGIC_ENOENT;
	}
	/* The physical interrupt stays active until it is deactivated for the
	 * virtual one, so a second activation while one is in flight is a host
	 * error: counted, not queued.  A virtual one made pending by software
	 * meanwhile merges with this one. */
	if (irq->phys_active) {
		vm->stats.dup_phys++;
		vgic_log(vm, "vgic: physical interrupt already in flight", pintid, irq->intid);
	} else {
		irq->phys_active = true;
		irq->pending_latch = true;
		/* called on vcpu_id's CPU: only another vCPU needs a kick */
		vgic_irq_update(vm, irq, (int)vcpu_id);
	}
	vgic_unlock(vm);
	return 0;
}

#endif /* VGIC_IMPLEMENTATION */
