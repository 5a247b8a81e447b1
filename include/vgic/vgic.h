/* SPDX-License-Identifier: MIT */
/*
 * The virtual GIC: an emulated distributor per VM (GICv2's, or GICv3's
 * with one redistributor per vCPU) and list-register scheduling per vCPU
 * over the hypervisor's virtual CPU interface (GICH frame or ICH_*_EL2).
 * See docs/vgic.md.
 *
 * Header-only, single-header style: every file that uses the vGIC includes
 * this header; exactly one C translation unit of the hypervisor also defines
 * VGIC_IMPLEMENTATION before it, which compiles the implementation
 * (vgic/vgic_lr.h, vgic/vgic_dist.h, vgic/vgic_dist3.h) there:
 *
 *	#define VGIC_IMPLEMENTATION
 *	#include <vgic/vgic.h>
 *
 * The implementation is a few thousand instructions: as static inline it
 * would be compiled again in every unit that includes the header.  Only the
 * fast paths below, which belong in the run loop, are static inline.
 *
 * Freestanding C11: no libc.  All state lives in `struct vgic` (one per VM),
 * which the host allocates; the host is reached only through struct vgic_ops,
 * the list registers only through the backend's vgic_hw_* functions
 * (vgic/vgic_hw.h: vgic/vgic_gicv2.h or vgic/vgic_gicv3.h).
 *
 * Run-loop contract, per vCPU on its physical CPU:
 *
 *	vgic_vcpu_load(vm, id, pcpu);          when the vCPU is put on this CPU
 *	for (;;) {
 *		vgic_vcpu_flush(vm, id);        pending interrupts -> list registers
 *		... enter the guest ...
 *		vgic_vcpu_sync(vm, id);         list registers -> interrupt state
 *		... handle the exit: GICD traps -> vgic_dist_mmio_read/write
 *		    (GICv3: vgic3_dist_mmio_*, vgic3_redist_mmio_*, and
 *		    trapped ICC_SGI*R_EL1 writes -> vgic3_sgi_write),
 *		    physical IRQs -> vgic_inject_phys, device lines -> vgic_set_level
 *	}
 *	vgic_vcpu_put(vm, id);                 when it leaves this CPU
 *
 * The maintenance interrupt (PPI 25) needs no handler of its own: taking it
 * makes the guest exit, and sync + flush do the work.
 */
#ifndef VGIC_VGIC_H
#define VGIC_VGIC_H

/* C declarations only: the header can be included from assembly too. */
#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stdint.h>

#include "gicv2/gicd.h" /* the emulated distributor: GICD_CTLR, GICD_* layout */
#include "vgic/vgic_hw.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef VGIC_MAX_VCPUS
#define VGIC_MAX_VCPUS 8 /* GICv2 architectural limit */
#endif
#ifndef VGIC_MAX_IRQS
#define VGIC_MAX_IRQS 256 /* interrupt IDs per VM, multiple of 32 */
#endif
#define VGIC_NR_SGIS	16
#define VGIC_NR_PRIVATE 32
#define VGIC_MAX_SPIS	(VGIC_MAX_IRQS - VGIC_NR_PRIVATE)
#define VGIC_MAX_LRS	64
#define VGIC_PRIO_MASK	0xf8u /* 5 priority bits, as GICH_LR.Priority */
#define VGIC_NO_VCPU	(-1)

#define VGIC_EINVAL 22
#define VGIC_ENOENT 2

#if VGIC_MAX_IRQS % 32 || VGIC_MAX_IRQS < 32 || VGIC_MAX_IRQS > 1024
#error "VGIC_MAX_IRQS must be a multiple of 32 between 32 and 1024"
#endif

/* What the vGIC needs from the host.  Any pointer may be NULL. */
struct vgic_ops {
	/* vCPU `vcpu_id` (last loaded on `pcpu`, -1 never) has a new interrupt
	 * to take: send its physical CPU an SGI if it is in the guest, wake it
	 * if it idles. */
	void (*kick)(void *ctx, unsigned int vcpu_id, int pcpu);
	/* Deactivate physical interrupt `pintid` (a PPI: on `pcpu`). */
	void (*deactivate_phys)(void *ctx, uint32_t pintid, int pcpu);
	/* Route passed-through SPI `pintid` to physical CPU `pcpu`. */
	void (*route_spi)(void *ctx, uint32_t pintid, int pcpu);
	/* Something worth a line in the log (what, with two numbers). */
	void (*log)(void *ctx, const char *what, uint32_t a, uint32_t b);
	/* Serialise the entry points of one VM across physical CPUs.  NULL:
	 * the vGIC's own spinlock (struct vgic.lock_word, C11-style atomics:
	 * an exclusive load-acquire/store loop on AArch64). */
	void (*lock)(void *ctx);
	void (*unlock)(void *ctx);
	/* Whether the input of hardware-linked physical interrupt `pintid` (a
	 * PPI: of `pcpu`) is asserted.  A level-sensitive line that went low
	 * while its virtual interrupt waited stops being pending (and its
	 * physical activation ends).  Called on `pcpu` for PPIs, or answers
	 * true when it cannot tell.  NULL: always asserted. */
	bool (*phys_line_level)(void *ctx, uint32_t pintid, int pcpu);
};

/* Work left on a hw interrupt for vgic_irq_update (struct vgic_irq.settle). */
#define VGIC_SETTLE_PHYS     1u /* end the physical activation if nothing stands for it */
#define VGIC_SETTLE_INACTIVE 2u /* ICACTIVER: the active state ends */
#define VGIC_SETTLE_DISABLED 4u /* ICENABLER: pending and active state end */
#define VGIC_LR_HW	     4u /* struct vgic_irq.lr_state: the LR has HW = 1 */

/* One virtual interrupt (an SPI of the VM, or an SGI/PPI of one vCPU). */
struct vgic_irq {
	uint16_t intid;
	uint16_t hwintid;	/* physical INTID when hw */
	uint8_t priority;	/* as the guest wrote it, & VGIC_PRIO_MASK */
	uint8_t targets;	/* SPIs: ITARGETSR byte */
	uint8_t sgi_pending;	/* SGIs: bit k = pending from source vCPU k */
	uint8_t sgi_active_src; /* SGIs: source of the active instance */
	int8_t owner;		/* SGIs/PPIs: the vCPU they are banked on */
	int8_t list;		/* vCPU whose pending set holds it, or -1 */
	bool enabled, group1, edge, hw;
	bool pending_latch; /* edge pending, or set-pending (ISPENDR) */
	bool line_level;    /* level-sensitive input */
	bool phys_active;   /* hw: the physical interrupt is active for this one (the host
			     * acknowledged it) until deactivated, by the guest (HW = 1 LR)
			     * or through ops->deactivate_phys */
	uint8_t settle;	    /* hw: VGIC_SETTLE_*, done once it is in no running vCPU's LR */
	/* (side by side: sync and flush set them together) */
	bool active;
	bool acked;	  /* active by the guest's acknowledgement (in its GICV_APR), not
			   * through GICD_ISACTIVER */
	bool in_lr;	  /* written to an LR of `list` by the last flush */
	uint8_t lr_state; /* VGIC_LR_* state it was written with, | VGIC_LR_HW if HW = 1 */
	uint8_t lr_src;	  /* SGIs: source in that LR */
};

struct vgic_vcpu_stats {
	uint32_t flushes, syncs, kicks;
	uint32_t overflows; /* flushes that left deliverable interrupts queued */
	uint32_t maint_eoi, maint_underflow, maint_np; /* MISR seen at sync */
	uint32_t hw_deactivations;
	uint32_t evictions;    /* active LRs given to a pending interrupt */
	uint32_t evicted_eois; /* EOIs of evicted interrupts (EOICount) */
};

struct vgic_vcpu {
	struct vgic_irq priv[VGIC_NR_PRIVATE];
	/* The ordered pending set: bit n = INTID n is pending (or active) and
	 * this vCPU must deliver it.  Ordered by priority when LRs are filled. */
	uint32_t list[VGIC_MAX_IRQS / 32];
	volatile uint32_t nr_listed;	 /* bits set in `list` */
	uint16_t lr_intid[VGIC_MAX_LRS]; /* what the last flush wrote to LR n */
	unsigned int nr_lrs;		 /* implemented LRs, known once loaded */
	unsigned int used_lrs;		 /* LRs 0..used_lrs-1 were written by the last flush */
	uint32_t hcr_maint;		 /* maintenance sources the last flush enabled */
	bool eoi_requested;		 /* some LR of the last flush asked for EOI maintenance */
	bool loaded, in_guest;
	int pcpu;
	vgic_hw_cpu_state saved; /* while not loaded: the virtual CPU interface */
	struct vgic_vcpu_stats stats;
};

struct vgic_stats {
	uint32_t bad_access; /* width or alignment the register does not allow */
	uint32_t reserved;   /* reserved offsets (RAZ/WI) */
	uint32_t dup_phys;   /* physical injections of an interrupt already in flight */
};

/* GICv3 (vgic3_init): what the GICv2 model has no place for. */
struct vgic_v3 {
	uint64_t irouter[VGIC_MAX_SPIS];   /* GICD_IROUTER<n>, as the guest wrote it */
	uint32_t affinity[VGIC_MAX_VCPUS]; /* Aff3.Aff2.Aff1.Aff0 (GICR_TYPER[63:32]) */
	bool asleep[VGIC_MAX_VCPUS];	   /* GICR_WAKER.ProcessorSleep */
	/* vCPU n has affinity sgi_base + n (sgi_base's Aff0 0): an SGI's
	 * targets are then its TargetList itself (the IPI path) */
	bool sgi_linear;
	uint32_t sgi_base;
};

struct vgic {
	unsigned int nr_vcpus, nr_irqs;
	uint32_t ctlr;	/* GICD_CTLR: EnableGrp0, EnableGrp1 */
	uintptr_t gich; /* the backend's `hyp`: this CPU's GICH frame (banked) */
	const struct vgic_ops *ops;
	void *ctx;
	uint32_t lock_word; /* the built-in lock, when ops->lock is NULL */
	struct vgic_irq spi[VGIC_MAX_SPIS];
	struct vgic_vcpu vcpu[VGIC_MAX_VCPUS];
	struct vgic_stats stats;
	struct vgic_v3 v3;
};

/* Resets *vm: distributor off, every interrupt disabled/inactive, priority 0. */
int vgic_init(struct vgic *vm, unsigned int nr_vcpus, unsigned int nr_irqs, uintptr_t gich,
	      const struct vgic_ops *ops, void *ctx);

/* Emulated GICD access by vCPU `vcpu_id`: offset in the 4 KiB frame, size in
 * bytes.  Accesses the architecture does not allow read as zero and are
 * ignored (counted, logged).  0, or -VGIC_EINVAL for a bad vcpu_id. */
int vgic_dist_mmio_read(struct vgic *vm, unsigned int vcpu_id, uint32_t offset, unsigned int size,
			uint32_t *value);
int vgic_dist_mmio_write(struct vgic *vm, unsigned int vcpu_id, uint32_t offset, unsigned int size,
			 uint32_t value);

/* A 32-bit write of GICD_SGIR (what vgic_dist_mmio_write does with it,
 * without the register table): 1 if the writer sent an SGI to itself (its
 * own pending set changed: sync and flush before it re-enters the guest),
 * 0 if not, -VGIC_EINVAL for a bad vcpu_id. */
int vgic_dist_sgir_write(struct vgic *vm, unsigned int vcpu_id, uint32_t value);

/*
 * GICv3: the vGIC on this PE's ICH_*_EL2 (`gich` is VGIC_HW_ICH), with an
 * emulated GICv3 distributor (affinity routing on, one Security state:
 * GICD_CTLR.ARE and DS read as one) and one redistributor per vCPU.  vCPU n
 * has affinity 0.0.0.n until vgic3_set_affinity says otherwise.
 */
int vgic3_init(struct vgic *vm, unsigned int nr_vcpus, unsigned int nr_irqs,
	       const struct vgic_ops *ops, void *ctx);
/* vCPU `vcpu_id`'s MPIDR_EL1 as its guest reads it (VMPIDR_EL2): its
 * affinity for IROUTER, ICC_SGI1R_EL1 and GICR_TYPER.  Aff0 must be below
 * 16 (GICD_TYPER.RSS is 0); no two vCPUs may share one. */
int vgic3_set_affinity(struct vgic *vm, unsigned int vcpu_id, uint64_t mpidr);

/* Size of the distributor frame and of one vCPU's redistributor (RD_base
 * and SGI_base frames); the VM's redistributors are contiguous, vCPU 0's
 * first, GICR_TYPER.Last set on the last. */
#define VGIC3_DIST_SIZE	    0x10000u
#define VGIC3_REDIST_STRIDE 0x20000u

/* Emulated GICD (offset in its frame) and GICR (offset from vCPU 0's
 * RD_base) accesses by vCPU `vcpu_id`, of 1, 2, 4 or 8 bytes.  As
 * vgic_dist_mmio_*: what the architecture does not allow reads as zero and
 * is ignored (counted, logged).  0, or -VGIC_EINVAL for a bad vcpu_id or a
 * vGIC that is not GICv3. */
int vgic3_dist_mmio_read(struct vgic *vm, unsigned int vcpu_id, uint32_t offset, unsigned int size,
			 uint64_t *value);
int vgic3_dist_mmio_write(struct vgic *vm, unsigned int vcpu_id, uint32_t offset, unsigned int size,
			  uint64_t value);
int vgic3_redist_mmio_read(struct vgic *vm, unsigned int vcpu_id, uint32_t offset,
			   unsigned int size, uint64_t *value);
int vgic3_redist_mmio_write(struct vgic *vm, unsigned int vcpu_id, uint32_t offset,
			    unsigned int size, uint64_t value);

/* Which SGI register a trapped write is to (ESR_EL2 EC 0x18). */
enum vgic3_sgi_reg {
	VGIC3_SGI1R,  /* ICC_SGI1R_EL1: SGIs of either group (one Security state) */
	VGIC3_ASGI1R, /* ICC_ASGI1R_EL1: Group 0 only, as SGI0R (no other Security state) */
	VGIC3_SGI0R,  /* ICC_SGI0R_EL1: Group 0 only */
};

/* A guest's write of `value` to an SGI generation register: TargetList with
 * Aff3.Aff2.Aff1 and RS, or IRM = 1 for every vCPU but the writer.  As
 * vgic_dist_sgir_write: 1 if the writer sent the SGI to itself, 0 if not,
 * -VGIC_EINVAL for a bad vcpu_id or a vGIC that is not GICv3. */
int vgic3_sgi_write(struct vgic *vm, unsigned int vcpu_id, enum vgic3_sgi_reg reg, uint64_t value);

/* Software interrupts.  `vcpu_id` selects the bank for PPIs, ignored for SPIs. */
int vgic_inject_edge(struct vgic *vm, unsigned int vcpu_id, uint32_t intid);
int vgic_set_level(struct vgic *vm, unsigned int vcpu_id, uint32_t intid, bool level);

/* Hardware-linked interrupts: virtual `vintid` stands for physical `pintid`
 * (the virtual timer: PPI 27 -> 27; passed-through SPIs).  The host
 * acknowledges the physical interrupt, drops its priority (EOImode 1) and
 * calls vgic_inject_phys on the CPU it arrived on; the guest's deactivation
 * of the virtual interrupt deactivates the physical one. */
int vgic_map_phys(struct vgic *vm, unsigned int vcpu_id, uint32_t vintid, uint32_t pintid);
int vgic_inject_phys(struct vgic *vm, unsigned int vcpu_id, uint32_t pintid);

/* Per vCPU, on its physical CPU (see the contract above). */
int vgic_vcpu_load(struct vgic *vm, unsigned int vcpu_id, int pcpu);
int vgic_vcpu_put(struct vgic *vm, unsigned int vcpu_id);
int vgic_vcpu_flush(struct vgic *vm, unsigned int vcpu_id);
int vgic_vcpu_sync(struct vgic *vm, unsigned int vcpu_id);
/* A vCPU powered off (PSCI CPU_OFF), after vgic_vcpu_put, on the physical
 * CPU it last ran on: its active interrupts end (hardware-linked ones are
 * deactivated through ops->deactivate_phys), its CPU interface state (LRs,
 * APR, VMCR) goes back to reset; pending interrupts stay pending.  Its next
 * vgic_vcpu_load starts it afresh. */
int vgic_vcpu_reset(struct vgic *vm, unsigned int vcpu_id);
/* Whether the vCPU has an interrupt to take (for WFI). */
bool vgic_vcpu_has_pending(struct vgic *vm, unsigned int vcpu_id);

/*
 * Fast paths of flush and sync for the common exit where the vGIC has
 * nothing to do: no LR in use, no maintenance asked for, nothing pending for
 * the vCPU.  They take no lock and touch only the vCPU's own fields: another
 * CPU that makes an interrupt pending for this vCPU does it under the lock
 * and then kicks it (ops->kick), so one it races with here makes the guest
 * exit again at once, and that exit takes the full path.  GICH_HCR keeps
 * En (and no maintenance source) from vgic_vcpu_load or the last sync.
 */
static inline bool vgic_vcpu_flush_is_trivial(const struct vgic_vcpu *v)
{
	return !v->in_guest && !v->used_lrs && !v->hcr_maint && !v->nr_listed;
}

static inline bool vgic_vcpu_sync_is_trivial(const struct vgic_vcpu *v)
{
	return v->in_guest && !v->used_lrs && !v->hcr_maint && !v->eoi_requested;
}

/* vgic_vcpu_flush/sync with the fast path inlined into the run loop (same
 * contract; vcpu_id must be valid and loaded). */
static inline void vgic_vcpu_flush_fast(struct vgic *vm, unsigned int vcpu_id)
{
	struct vgic_vcpu *v = &vm->vcpu[vcpu_id];

	if (vgic_vcpu_flush_is_trivial(v))
		v->in_guest = true;
	else
		vgic_vcpu_flush(vm, vcpu_id);
}

static inline void vgic_vcpu_sync_fast(struct vgic *vm, unsigned int vcpu_id)
{
	struct vgic_vcpu *v = &vm->vcpu[vcpu_id];

	if (vgic_vcpu_sync_is_trivial(v))
		v->in_guest = false;
	else
		vgic_vcpu_sync(vm, vcpu_id);
}

/* The state of INTID `intid` as vCPU `vcpu_id` sees it (SGIs and PPIs are
 * banked), or NULL beyond the VM's interrupts. */
static inline struct vgic_irq *vgic_get_irq(struct vgic *vm, unsigned int vcpu_id, uint32_t intid)
{
	if (intid < VGIC_NR_PRIVATE)
		return vcpu_id < vm->nr_vcpus ? &vm->vcpu[vcpu_id].priv[intid] : 0;
	if (intid < vm->nr_irqs)
		return &vm->spi[intid - VGIC_NR_PRIVATE];
	return 0;
}

/* The VM's lock: ops->lock/unlock, or the built-in spinlock. */
static inline void vgic_lock(struct vgic *vm)
{
	if (vm->ops && vm->ops->lock) {
		vm->ops->lock(vm->ctx);
		return;
	}
	while (__atomic_exchange_n(&vm->lock_word, 1u, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&vm->lock_word, __ATOMIC_RELAXED))
			;
}

static inline void vgic_unlock(struct vgic *vm)
{
	if (vm->ops && vm->ops->unlock) {
		vm->ops->unlock(vm->ctx);
		return;
	}
	__atomic_store_n(&vm->lock_word, 0u, __ATOMIC_RELEASE);
}

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */

#endif /* VGIC_VGIC_H */

/* Outside the include guard: a unit may include vgic.h before it defines
 * VGIC_IMPLEMENTATION.  The implementation headers have guards of their own. */
#if defined(VGIC_IMPLEMENTATION) && !defined(__ASSEMBLER__) && !defined(VGIC_IMPLEMENTED)
#define VGIC_IMPLEMENTED
#include "vgic/vgic_lr.h"    /* interrupt state, list-register scheduling */
#include "vgic/vgic_dist.h"  /* the emulated distributor, on top of it */
#include "vgic/vgic_dist3.h" /* GICv3's distributor and redistributors, and SGI1R */
#endif
