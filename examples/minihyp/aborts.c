/* SPDX-License-Identifier: MIT */
/* Data and instruction aborts at stage 2 that the fast path left: emulated
 * MMIO (fully decoded), and external aborts for what nothing emulates. */
#include "aborts.h"
#include "vm_log.h"

/* An emulated device refused the access of the (decoded) exit. */
__attribute__((noinline)) void mmio_refused(struct vm *vm, unsigned n, struct vcpu *v,
					    const struct vdev *dev)
{
	const struct vcpu_exit_dabt *d = &v->exit.dabt;

	vm_log(vm, n, "guest %u-byte %s of %s at offset %lx refused: injecting an external abort",
	       d->size, d->write ? "write" : "read", dev->name, d->ipa - dev->base);
	vcpu_inject_dabt(v, d->far, d->write);
}

void handle_dabt(struct vm *vm, unsigned n, struct vcpu *v)
{
	const struct vcpu_exit_dabt *d = &v->exit.dabt;
	struct vdev *dev = vdev_find(&vm->devs, d->ipa);
	uint64_t val;

	if (!dev) {
		vm_log(vm, n,
		       "guest %s at unmapped IPA %lx (VA %lx, PC %lx): injecting an external "
		       "abort",
		       d->write ? "write" : "read", d->ipa, d->far, v->regs.pc);
		vcpu_inject_dabt(v, d->far, d->write);
		return;
	}
	if (!d->isv) {
		vm_log(vm, n,
		       "guest access to %s at IPA %lx without a valid syndrome (PC %lx): "
		       "injecting an external abort",
		       dev->name, d->ipa, v->regs.pc);
		vcpu_inject_dabt(v, d->far, d->write);
		return;
	}
	if (d->write) {
		if (!dev->write(dev, d->ipa - dev->base, d->size, vcpu_get_reg(v, d->rt)))
			goto bad;
	} else {
		if (!dev->read(dev, d->ipa - dev->base, d->size, &val))
			goto bad;
		vcpu_complete_mmio_load(v, val);
	}
	vcpu_advance_pc(v);
	return;
bad:
	mmio_refused(vm, n, v, dev);
}

void handle_iabt(struct vm *vm, unsigned n, struct vcpu *v)
{
	vm_log(vm, n,
	       "guest instruction fetch at unmapped IPA %lx (PC %lx): injecting an external abort",
	       v->exit.iabt.ipa, v->regs.pc);
	vcpu_inject_iabt(v, v->exit.iabt.far);
}
