/* SPDX-License-Identifier: MIT */
/* The rate limiter on what a guest can make the hypervisor print. */
#ifndef MINIHYP_VM_LOG_H
#define MINIHYP_VM_LOG_H

#include "console.h"
#include "vm.h"

extern uint64_t counter_hz; /* CNTFRQ_EL0, read at boot (main.c) */

/* All inline, as they were when minihyp was one file: the exit paths that
 * print keep their code and cost (make bench). */

/* The VM a guest-triggered line names: NULL with one VM (nothing to tell
 * apart, and no characters to print on its exits). */
static inline const char *vm_log_name(const struct vm *vm)
{
	return nr_vms > 1 ? vm->cfg->name : NULL;
}

/* Whether the VM has used its burst: the message of vCPU slot s is
 * counted, not printed. */
static inline bool vm_log_quiet(struct vm *vm, struct vcpu_slot *s)
{
	if (cntpct_el0_read() >= vm->log.quiet_until)
		return false;
	s->log_dropped++;
	return true;
}

/* Whether vCPU n may print a guest-triggered line now; when it may,
 * *dropped is the number of messages dropped since the last line printed. */
static inline bool vm_log_allow(struct vm *vm, unsigned n, uint64_t *dropped)
{
	uint64_t now = cntpct_el0_read(), sum = 0;
	bool ok;
	unsigned i;

	if (vm_log_quiet(vm, &vm->vc[n]))
		return false;
	spin_lock(&vm->log.lock);
	if (now >= vm->log.window_end) {
		vm->log.window_end = now + counter_hz;
		vm->log.lines = 0;
	}
	ok = vm->log.lines < VM_LOG_BURST;
	if (ok) {
		vm->log.lines++;
		for (i = 0; i < vm->nr_vcpus; i++)
			sum += vm->vc[i].log_dropped;
		*dropped = sum - vm->log.reported;
		vm->log.reported = sum;
	} else {
		vm->log.quiet_until = vm->log.window_end;
		vm->vc[n].log_dropped++;
	}
	spin_unlock(&vm->log.lock);
	return ok;
}

/* A line the guest caused, rate-limited (vm_log_allow()), naming its VM
 * when there are several. */
#define vm_log(vm, n, ...)                                                                         \
	do {                                                                                       \
		uint64_t dropped_;                                                                 \
                                                                                                   \
		if (vm_log_allow((vm), (n), &dropped_)) {                                          \
			if (dropped_)                                                              \
				hyp_log_vm(vm_log_name(vm),                                        \
					   "%lu guest-triggered message%s "                        \
					   "dropped",                                              \
					   dropped_, dropped_ > 1 ? "s" : "");                     \
			hyp_log_vm(vm_log_name(vm), __VA_ARGS__);                                  \
		}                                                                                  \
	} while (0)

/* Prints what the vGIC asked to log while it held its lock. */
static inline void vm_log_deferred(struct vm *vm, unsigned n)
{
	struct deferred_log d = vm->vc[n].deferred;

	vm->vc[n].deferred.what = NULL;
	hyp_log_vm(vm_log_name(vm), "%s (%u, %u)", d.what, d.a, d.b);
}

#endif
