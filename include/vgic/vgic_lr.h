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

/* Makes pointer `p` opaque to the compiler, so that it stays in one
 * register: clang otherwise derives a pointer into struct vgic again (base,
 * index times a structure size, offset: two or three instructions) at each
 * use of a field, on the paths that every guest exit takes. */
#define VGIC_OPAQUE(p) __asm__("" : "+r"(p))

/* vCPU `id`'s state, its address in one register (VGIC_OPAQUE). */
static inline struct vgic_vcpu *vcpu_state(struct vgic *vm, unsigned int id)
{
	struct vgic_vcpu *v = &vm->vcpu[id];

	VGIC_OPAQUE(v);
	return v;
}

/* INTID `intid` as vCPU v sees it: vgic_get_irq without the range checks,
 * for the INTIDs of v's own pending set and LRs. */
static inline struct vgic_irq *vcpu_irq(struct vgic *vm, struct vgic_vcpu *v, uint32_t intid)
{
	return intid < VGIC_NR_PRIVATE ? &v->priv[intid] : &vm->spi[intid - VGIC_NR_PRIVATE];
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
	for (i = 0; i < VGIC_MAX_SPIS; i++) {
		irq_reset(&vm->spi[i], i + VGIC_NR_PRIVATE, VGIC_NO_VCPU);
		if (nr_vcpus == 1) /* uniprocessor: every SPI targets vCPU 0 */
			vm->spi[i].targets = 1;
	}
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

/* Pending in the interrupt state (not counting what sits in an LR).  An
 * SGI's pending state is its sources alone (it is edge-triggered, and
 * nothing sets its latch or its line); other interrupts have no sources. */
static bool vgic_irq_pending(const struct vgic_irq *irq)
{
	return irq->sgi_pending || irq->pending_latch || (!irq->edge && irq->line_level);
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
 * here or by the guest through a HW = 1 LR.  Out of line: rare, and
 * irq_update, which calls it, is inlined on the exit paths.
 */
static __attribute__((noinline)) void hw_settle(struct vgic *vm, struct vgic_irq *irq)
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
 * its next exit (sync, then flush calls this again).  The same for every
 * interrupt, SGIs included; inline on the exit paths (GICD_SGIR, flush,
 * sync, vgic_inject_phys), vgic_irq_update elsewhere.
 */
static inline __attribute__((always_inline)) void irq_update(struct vgic *vm, struct vgic_irq *irq,
							     int caller)
{
	int list, want = VGIC_NO_VCPU;
	bool deliver;

	VGIC_OPAQUE(irq);
	list = irq->list;
	if (list >= 0 && vm->vcpu[list].in_guest) {
		kick(vm, list, caller);
		return;
	}
	if (irq->settle)
		hw_settle(vm, irq);
	deliver = vgic_irq_pending(irq) && irq_deliverable(vm, irq);
	if (irq->active && list >= 0)
		want = list;
	else if (irq->active || deliver)
		want = irq_target(vm, irq);
	if (want != list) {
		if (list >= 0)
			list_set(vm, list, irq->intid, false);
		if (want >= 0)
			list_set(vm, want, irq->intid, true);
		irq->list = (int8_t)want;
	}
	if (deliver && want >= 0)
		kick(vm, want, caller);
}

/* irq_update out of line: the distributor and the other cold paths. */
static __attribute__((noinline)) void vgic_irq_update(struct vgic *vm, struct vgic_irq *irq,
						      int caller)
{
	irq_update(vm, irq, caller);
}

/* SGI `sgi` from vCPU `vcpu_id` to `targets`, recorded as the sources
 * `src` (GICv2: the sender's bit; GICv3: no source, one pending state). */
static inline __attribute__((always_inline)) bool
vgic_send_sgi(struct vgic *vm, unsigned int vcpu_id, uint32_t sgi, uint32_t targets, uint8_t src)
{
	uint32_t t;

	targets &= (1u << vm->nr_vcpus) - 1;
	for (t = targets; t; t &= t - 1) {
		struct vgic_irq *irq = &vm->vcpu[__builtin_ctz(t)].priv[sgi];

		irq->sgi_pending |= src;
		irq_update(vm, irq, (int)vcpu_id);
	}
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

/* What walk() does with each member of a vCPU's pending set, and which of
 * them it selects. */
enum walk {
	WALK_FLUSH,   /* re-evaluates each (irq_update): those that stay */
	WALK_RESET,   /* ends each one's active state (CPU_OFF), re-evaluates it */
	WALK_PENDING, /* in no LR, pending and not active (rank 1) */
	WALK_EVICTED, /* in no LR, active by acknowledgement (rank 0) */
	WALK_DELIVER, /* with a pending state to deliver, active or not */
};

static bool walk_selects(const struct vgic *vm, const struct vgic_irq *irq, enum walk what)
{
	if (what == WALK_DELIVER)
		return vgic_irq_pending(irq) && irq_deliverable(vm, irq);
	return !irq->in_lr && irq_wants_lr(vm, irq) &&
	       lr_rank(irq) == (what == WALK_EVICTED ? 0u : 1u);
}

/* Puts irq in best[], which holds the best n so far in LR order, at most
 * max (> 0) of them. */
static void best_insert(struct vgic_irq **best, unsigned int n, unsigned int max,
			struct vgic_irq *irq)
{
	unsigned int i = n < max ? n : max - 1;

	if (n >= max && !irq_before(irq, best[i]))
		return;
	for (; i && irq_before(irq, best[i - 1]); i--)
		best[i] = best[i - 1];
	best[i] = irq;
}

/*
 * The walker: the one pass over vCPU `vcpu_id`'s pending set.  Visits each
 * member once (it may leave the set on the way) and returns how many it
 * selected, of which the best `max`, in LR order, are in best[].  Inline:
 * `what` is a constant at each call, and flush is on the IPI and timer
 * paths.
 */
static inline __attribute__((always_inline)) unsigned int walk(struct vgic *vm,
							       unsigned int vcpu_id, enum walk what,
							       struct vgic_irq **best,
							       unsigned int max)
{
	struct vgic_vcpu *v = vcpu_state(vm, vcpu_id);
	unsigned int w, k = 0, left = v->nr_listed; /* members still to visit */

	for (w = 0; left && w < vm->nr_irqs / 32; w++) {
		uint32_t bits;

		for (bits = v->list[w]; bits; bits &= bits - 1, left--) {
			struct vgic_irq *irq =
				vcpu_irq(vm, v, w * 32 + (uint32_t)__builtin_ctz(bits));

			if (what == WALK_FLUSH) {
				irq_update(vm, irq, (int)vcpu_id);
			} else if (what == WALK_RESET) {
				irq->in_lr = false;
				if (irq->active) {
					irq->active = false;
					irq->acked = false;
					irq->sgi_active_src = 0;
					if (irq->hw) /* its physical activation ends */
						irq->settle |= VGIC_SETTLE_PHYS;
				}
				vgic_irq_update(vm, irq, (int)vcpu_id);
			}
			if (what == WALK_FLUSH || what == WALK_RESET ? irq->list != (int)vcpu_id
								     : !walk_selects(vm, irq, what))
				continue;
			if (max)
				best_insert(best, k, max, irq);
			k++;
		}
	}
	return k;
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

/*
 * The guest's EOIs that found no LR (GICH_HCR.EOICount): they were for
 * evicted active interrupts, which nest below those in the LRs, so each
 * one ends the highest-priority evicted interrupt.  Called by sync before
 * the LRs are folded (in_lr still tells the LR members apart); the next
 * flush re-evaluates them.
 */
static void eoi_evicted(struct vgic *vm, unsigned int vcpu_id)
{
	struct vgic_irq *best[VGIC_MAX_LRS];
	uint32_t count = vgic_hw_eoicount_take(vm->gich); /* 5 bits wide */
	unsigned int i, k;

	if (!count)
		return;
	k = walk(vm, vcpu_id, WALK_EVICTED, best, count < VGIC_MAX_LRS ? count : VGIC_MAX_LRS);
	for (i = 0; i < k && i < count; i++) {
		vm->vcpu[vcpu_id].stats.evicted_eois++;
		best[i]->active = false;
		best[i]->acked = false;
		if (best[i]->hw) /* deactivates the physical one */
			hw_settle(vm, best[i]);
	}
}

/*
 * More members than LRs: best[0..n] are the first n + 1 in LR order, the
 * first n (every LR) written.  Returns the maintenance sources that bring
 * the vCPU back when there is room.
 */
static uint32_t overflow(struct vgic *vm, unsigned int vcpu_id, struct vgic_irq **best,
			 unsigned int n)
{
	struct vgic_vcpu *v = vcpu_state(vm, vcpu_id);
	struct vgic_irq *irq = 0;
	bool lr_pending = false, evicted = false;
	uint32_t maint;
	unsigned int i;

	for (i = 0; i < n; i++)
		lr_pending |= (best[i]->lr_state & ~VGIC_LR_HW) == VGIC_LR_PENDING;
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
	if (n && !lr_pending && walk(vm, vcpu_id, WALK_PENDING, &irq, 1) &&
	    (n < 2 || irq->priority < best[0]->priority)) {
		best[n - 1]->in_lr = false;
		place(vm, v, irq, n - 1);
		lr_pending = evicted = true;
		v->stats.evictions++;
	}
	/*
	 * No-pending fires once no LR is in the pending state; no LR is
	 * written pending and active here (place), so that holds under either
	 * reading of "the pending state" (State == pending, as QEMU has it, or
	 * the pending bit), and it is not asserted at entry while one LR is
	 * pending.  With none pending, underflow (at most one valid LR), which
	 * needs two valid LRs at entry not to fire at once.
	 */
	maint = lr_pending ? VGIC_MAINT_NO_PENDING : n >= 2 ? VGIC_MAINT_UNDERFLOW : 0;
	v->stats.overflows++;
	/* Acknowledged actives outside the LRs: the one evicted, or left out
	 * (they rank first: then best[n] is one). */
	if (evicted || lr_rank(best[n]) == 0) {
		/*
		 * EOICount from here on counts EOIs of evicted interrupts.  A
		 * count left from before (LR-entry-not-present off, so sync
		 * did not take it) is of an EOI whose interrupt the vGIC had
		 * already ended (cleared active, disabled, reset): it would
		 * raise the maintenance interrupt at entry and end the wrong
		 * evicted interrupt.
		 */
		vgic_hw_eoicount_clear(vm->gich);
		maint |= VGIC_MAINT_LR_ENTRY_NP;
	}
	return maint;
}

int vgic_vcpu_flush(struct vgic *vm, unsigned int vcpu_id)
{
	struct vgic_irq *best[VGIC_MAX_LRS + 1];
	struct vgic_vcpu *v;
	unsigned int i, k, n;

	if (vcpu_id >= vm->nr_vcpus || !vm->vcpu[vcpu_id].loaded)
		return -VGIC_EINVAL;
	v = vcpu_state(vm, vcpu_id);
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
	v->stats.flushes++;
	v->eoi_requested = false;
	/* Every member re-evaluated (disabled, retargeted or retired ones
	 * leave), then LR 0, 1, ... in LR order; one more than the LRs tells
	 * whether any is left over. */
	k = walk(vm, vcpu_id, WALK_FLUSH, best, v->nr_lrs + 1);
	n = k < v->nr_lrs ? k : v->nr_lrs;
	for (i = 0; i < n; i++)
		place(vm, v, best[i], i);
	/* (with LRs to spare, every member found one: nothing is left over) */
	v->hcr_maint = k > n ? overflow(vm, vcpu_id, best, n) : 0;
	for (i = n; i < v->used_lrs; i++)
		vgic_hw_lr_clear(vm->gich, i);
	v->used_lrs = n;
	if (v->hcr_maint) /* none is on since sync (or load) */
		vgic_hw_maint_set(vm->gich, v->hcr_maint);
	v->in_guest = true;
	vgic_unlock(vm);
	return 0;
}

/* sync when every LR the last flush wrote is empty (see vgic_vcpu_sync). */
static __attribute__((noinline)) void sync_all_empty(struct vgic *vm, unsigned int vcpu_id)
{
	struct vgic_vcpu *v = vcpu_state(vm, vcpu_id);
	unsigned int i;

	vgic_lock(vm);
	v->stats.syncs++;
	v->in_guest = false;
	for (i = 0; i < v->used_lrs; i++) { /* one pass: each INTID is in one LR */
		struct vgic_irq *irq = vcpu_irq(vm, v, v->lr_intid[i]);

		fold(irq, VGIC_LR_INVALID);
		irq_update(vm, irq, (int)vcpu_id);
	}
	v->used_lrs = 0;
	vgic_unlock(vm);
}

static __attribute__((noinline)) int sync_full(struct vgic *vm, unsigned int vcpu_id)
{
	struct vgic_vcpu *v = vcpu_state(vm, vcpu_id);
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
		struct vgic_irq *irq = vcpu_irq(vm, v, v->lr_intid[i]);
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
		irq_update(vm, vcpu_irq(vm, v, v->lr_intid[i]), (int)vcpu_id);
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
	v = vcpu_state(vm, vcpu_id);
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

	if (vcpu_id >= vm->nr_vcpus || vm->vcpu[vcpu_id].loaded)
		return -VGIC_EINVAL;
	v = &vm->vcpu[vcpu_id];
	vgic_lock(vm);
	(void)walk(vm, vcpu_id, WALK_RESET, 0, 0);
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
	bool ret;

	if (vcpu_id >= vm->nr_vcpus)
		return false;
	/* Nothing listed: nothing to take.  Without the lock: whoever lists
	 * an interrupt for this vCPU kicks it afterwards (see the fast paths
	 * in vgic.h), and the kick ends a wait that this answer starts. */
	if (!vm->vcpu[vcpu_id].nr_listed)
		return false;
	vgic_lock(vm);
	ret = walk(vm, vcpu_id, WALK_DELIVER, 0, 0) != 0;
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
		irq_update(vm, irq, (int)vcpu_id);
	}
	vgic_unlock(vm);
	return 0;
}

#endif /* VGIC_IMPLEMENTATION */
