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
#include "vdev.h"
#include "vm_config.h"
#include "vmfile.h"

#define GUEST_IPA_BITS 40u

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
	unsigned n;		    /* vCPU number in its VM */
	unsigned pcpu;		    /* the physical CPU it is pinned to */
	struct vdevs *devs;	    /* &vm->devs, for the early handlers */
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

/* One end of a shared region this VM maps (vm_build_stage2()): where, and
 * what its MINIHYP_HC_DOORBELL raises at the other end. */
struct vm_doorbell {
	uint64_t ipa;	 /* where this VM maps the region */
	struct vm *peer; /* the other end's VM */
	uint32_t spi;	 /* the other end's doorbell: raised in peer's vGIC */
};

struct vm {
	const struct vmfile_vm *cfg; /* in the blob (main.c): never written */
	unsigned index, vmid;	     /* in the blob; VMID = index + 1 */
	unsigned nr_vcpus;
	uint64_t ram_ipa, ram_pa, ram_size;
	struct stage2 s2;
	uint64_t vttbr, vtcr, cntvoff;
	spinlock_t power_lock;
	struct vgic vgic;
	struct vcpu_slot vc[MAX_CPUS];
	volatile bool off;	      /* PSCI SYSTEM_OFF/RESET, MINIHYP_HC_SHUTDOWN */
	volatile int off_by;	      /* the vCPU that stopped the VM */
	uint64_t status;	      /* MINIHYP_HC_SHUTDOWN's status */
	volatile unsigned vcpus_done; /* vCPU threads that returned (vm_vcpu_done) */
	/* PSCI SYSTEM_RESET of one VM among several (vm_reset_park()): */
	volatile bool reset;		  /* with off: the VM restarts, it does not end */
	volatile unsigned parked;	  /* vCPU threads waiting for the reset */
	volatile unsigned generation;	  /* resets done */
	uint64_t boot_x[4];		  /* vCPU 0's x0..x3 at boot */
	void *pristine[VMFILE_NR_IMAGES]; /* copies of the loaded images; NULL: none */
	bool can_reset;			  /* every loaded image has its copy */
	struct vm_log log;
	struct vdevs devs;
	struct vm_doorbell doorbells[VMFILE_MAX_SHARED];
	unsigned nr_doorbells;
	/* Held by a peer's doorbell (off checked, SPI injected) and by this
	 * VM's reset around rebuilding its vGIC (vm_reset()). */
	spinlock_t doorbell_lock;
};

/* A VM's RAM is one linear region: IPA -> hypervisor pointer, or NULL when
 * [ipa, ipa+len) is not all the VM's RAM. */
static inline void *guest_ram_ptr(const struct vm *vm, uint64_t ipa, uint64_t len)
{
	if (ipa < vm->ram_ipa || len > vm->ram_size || ipa - vm->ram_ipa > vm->ram_size - len)
		return NULL;
	return phys_to_virt(vm->ram_pa + (ipa - vm->ram_ipa));
}

/* The VMs (vm.c), and the vCPU slot each physical CPU runs (NULL: none). */
extern struct vm vms[VMFILE_MAX_VMS];
extern unsigned nr_vms;
extern struct vcpu_slot *pcpu_slot[MAX_CPUS];

/* The slot of the vCPU this physical CPU runs (only called by a CPU that
 * runs one). */
static inline struct vcpu_slot *this_slot(void)
{
	return pcpu_slot[cpu_id() % MAX_CPUS];
}

/* vm.c */
/* Builds VM `index` of the blob `blob` (vmfile_check() accepted it) on the
 * board's GIC; vCPU 0 starts with x0..x3 = x[] (NULL: zeros) unless its
 * Linux boot sets them. */
void vm_create(struct vm *vm, const void *blob, unsigned index, const uint64_t *x,
	       unsigned ipa_bits);
void vm_stop(struct vm *vm, unsigned by);
/* What minihyp needs of VM `index` of an accepted blob beyond the file's
 * rules (one line per problem; returns how many). */
unsigned vm_fits(const void *blob, unsigned index);
/* vCPU thread s, its VM off for a reset: waits for the VM's other vCPU
 * threads; the last one to come rebuilds the VM from its pristine images
 * and releases the others.  Returns when the VM can run again. */
void vm_reset_park(struct vcpu_slot *s);

/* vcpu.c: physical CPU `pcpu` runs its vCPU until its VM stops. */
void vcpu_thread(struct vcpu_slot *s);
void vcpu_block(struct vm *vm, unsigned n);

#endif
