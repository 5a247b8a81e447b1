/* SPDX-License-Identifier: MIT */
/* Stage-2 aborts: emulated MMIO, or an external abort injected (aborts.c). */
#ifndef MINIHYP_ABORTS_H
#define MINIHYP_ABORTS_H

#include "vdev.h"
#include "vm.h"

void __attribute__((noinline))
mmio_refused(struct vm *vm, unsigned n, struct vcpu *v, const struct vdev *dev);
void handle_dabt(struct vm *vm, unsigned n, struct vcpu *v);
void handle_iabt(struct vm *vm, unsigned n, struct vcpu *v);

#endif
