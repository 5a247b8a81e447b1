/* SPDX-License-Identifier: MIT */
/* minihyp's VM and its vCPU slots: the state the other files share. */
#ifndef MINIHYP_VM_H
#define MINIHYP_VM_H

#include <vcpu/stage2.h>
#include <vcpu/vcpu.h>

#include "arch.h"
#include "bootdesc.h"
#include "mm.h"
#include "platform.h"
#include "smp.h"
#include <vgic/vgic.h>
#include "vm_config.h"

#define GUEST_IPA_BITS 40u
#define GUEST_VMID     1u

enum vcpu_power { PWR_OFF, PWR_ON_PENDING, PWR_ON };

/* A vGIC message, kept while the vGIC lock is held and printed by the
 * vCPU's run loop once it is released. */
struct deferred_log {
	const char *what; /* NULL: none */
	uint32_t a, b;
};

struct vcpu_slot {
	struct vcpu vcpu; /* first: the early exit handlers find the slot from its frame */
	struct vm *vm;
	unsigned n;		    /* vCPU number, = its physical CPU */
	struct vgic_vcpu *gic;	    /* &vm->vgic.vcpu[n], for the early handlers */
	volatile int power;	    /* enum vcpu_power, under vm->power_lock */
	uint64_t on_entry, on_x[4]; /* where CPU_ON (or the boot) starts it */
	uint64_t exits;		    /* that reached the run loop (not the early-handled ones) */
	uint64_t log_dropped;	    /* guest-triggered messages not printed (this vCPU's) */
	struct deferred_log deferred;
} __attribute__((aligned(64)));

/*
 * What a guest can make the hypervisor print, per VM: at most VM_LOG_BURST
 * lines in a window of one second of the physical counter; the rest are
 * counted (per vCPU, so that the dropping path takes no lock) and the count
 * is printed with the next line let through.  Printing is never done under
 * a lock other than the console's.
 */
#define VM_LOG_BURST 10u
struct vm_log {
	spinlock_t lock;
	uint64_t window_end;	       /* counter value; under lock */
	unsigned lines;		       /* printed in this window; under lock */
	uint64_t reported;	       /* dropped messages already reported; under lock */
	volatile uint64_t quiet_until; /* burst used up: drop without the lock */
};

struct vm {
	const struct vm_config *cfg;
	unsigned nr_vcpus;
	struct stage2 s2;
	uint64_t vttbr, vtcr, cntvoff;
	spinlock_t power_lock;
	struct vgic vgic;
	struct vcpu_slot vc[MAX_CPUS];
	volatile bool off;   /* PSCI SYSTEM_OFF/RESET, MINIHYP_HC_SHUTDOWN */
	volatile int off_by; /* the vCPU that stopped the VM */
	uint64_t status;     /* MINIHYP_HC_SHUTDOWN's status */
	struct vm_log log;
};

/* Guest RAM, as the boot descriptor sized it (vm_create()). */
extern uint64_t guest_ram_size;

/* Guest RAM is one linear region: IPA -> hypervisor pointer, or NULL when
 * [ipa, ipa+len) is not all guest RAM. */
static inline void *guest_ram_ptr(uint64_t ipa, uint64_t len)
{
	if (ipa < GUEST_RAM_IPA || len > guest_ram_size ||
	    ipa - GUEST_RAM_IPA > guest_ram_size - len)
		return NULL;
	return phys_to_virt(GUEST_RAM_PA + (ipa - GUEST_RAM_IPA));
}

/* The one VM (vm.c).  Its vCPUs run through vm0_vcpu_thread(): the run
 * loop then sees its address as a constant, as when all this was one file. */
extern struct vm vm0;

/* vm.c */
void vm_create(struct vm *vm, const struct minihyp_boot_desc *d, unsigned ipa_bits,
	       const struct vm_board *board);
void vm_stop(struct vm *vm, unsigned by);

/* vcpu.c */
void vm0_vcpu_thread(unsigned n);
void vcpu_block(struct vm *vm, unsigned n);

#endif
