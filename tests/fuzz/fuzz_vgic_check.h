/* SPDX-License-Identifier: MIT */
/* Invariants of the vGIC's own state, checked by the fuzzers. */
#ifndef FUZZ_VGIC_CHECK_H
#define FUZZ_VGIC_CHECK_H

#include <stdlib.h>
#include <string.h>

#include <vgic/vgic.h>

#define FUZZ_CHECK(cond) ((cond) ? (void)0 : abort())

/* Each interrupt is on at most one vCPU's pending set, the one its `list`
 * names, and nr_listed counts the set. */
static inline void check_lists(const struct vgic *vm)
{
	for (unsigned int v = 0; v < vm->nr_vcpus; v++) {
		unsigned int count = 0;

		for (uint32_t intid = 0; intid < vm->nr_irqs; intid++) {
			bool on = (vm->vcpu[v].list[intid / 32] >> (intid % 32)) & 1;
			const struct vgic_irq *irq = intid < VGIC_NR_PRIVATE
							     ? &vm->vcpu[v].priv[intid]
							     : &vm->spi[intid - VGIC_NR_PRIVATE];

			count += on;
			if (intid < VGIC_NR_PRIVATE)
				FUZZ_CHECK(on == (irq->list == (int)v));
			else if (on)
				FUZZ_CHECK(irq->list == (int)v);
		}
		FUZZ_CHECK(count == vm->vcpu[v].nr_listed);
	}
	for (uint32_t i = 0; i + VGIC_NR_PRIVATE < vm->nr_irqs; i++) {
		const struct vgic_irq *irq = &vm->spi[i];

		FUZZ_CHECK(irq->list < (int)vm->nr_vcpus);
		if (irq->list >= 0)
			FUZZ_CHECK(
				(vm->vcpu[irq->list].list[irq->intid / 32] >> (irq->intid % 32)) &
				1);
	}
}

/* What a read may change: the counters of bad accesses (and the log). */
static inline void snapshot(const struct vgic *vm, struct vgic *out)
{
	memcpy(out, vm, sizeof(*out));
	out->stats = (struct vgic_stats){0};
	out->lock_word = 0;
}

#endif
