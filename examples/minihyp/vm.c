/* SPDX-License-Identifier: MIT */
/* A VM from its struct vmfile_vm (the VM file's blob, or the one-VM blob
 * main.c builds from vm_config.c and the boot descriptor): what minihyp
 * itself needs of it beyond vmfile_check(), stage 2, the vGIC and the
 * devices, vCPU 0's entry (Linux: linux_boot_prepare()); and its end. */
#include "console.h"
#include "firmware.h"
#include "gic.h"
#include "vdev.h"
#include "vgic_host.h"
#include "vm.h"
#include "vm_log.h"
#ifdef MINIHYP_HAVE_LINUX_BOOT
#include "linux_boot.h"
#endif

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

struct vm vms[VMFILE_MAX_VMS];
unsigned nr_vms;
struct vcpu_slot *pcpu_slot[MAX_CPUS];

static void *s2_alloc_page(void *ctx)
{
	(void)ctx;
	return page_alloc(1);
}

static void *s2_alloc_pages(void *ctx, unsigned n)
{
	uint64_t *p;

	(void)ctx;
	/* contiguous and aligned to n pages: over-allocate, keep the aligned
	 * part (the rest stays allocated: tables live as long as the VM) */
	p = page_alloc(2 * n - 1);
	if (!p)
		return NULL;
	return phys_to_virt((virt_to_phys(p) + n * PAGE_SIZE - 1) & ~(n * PAGE_SIZE - 1));
}

static uint64_t s2_v2p(void *ctx, void *va)
{
	(void)ctx;
	return virt_to_phys(va);
}

static void *s2_p2v(void *ctx, uint64_t pa)
{
	(void)ctx;
	return phys_to_virt(pa);
}

/* linux_boot_prepare()'s view of guest RAM: the VM being built. */
static struct vm *lb_vm;

static void *guest_ipa_to_hva(uint64_t ipa)
{
	return guest_ram_ptr(lb_vm, ipa, 1);
}

/* Clean and invalidate [p, p + len) to the point of coherency. */
static void dcache_clean_inval(const void *p, uint64_t len)
{
	uint64_t line, a, end = (uint64_t)(uintptr_t)p + len;

	line = 4ul << ctr_el0_dminline_get(ctr_el0_read()); /* log2 of words */
	for (a = (uint64_t)(uintptr_t)p & ~(line - 1); a < end; a += line)
		__asm__ volatile("dc civac, %0" ::"r"(a) : "memory");
	dsb(sy);
}

static void vm_map(struct vm *vm, const char *what, uint64_t ipa, uint64_t pa, uint64_t size,
		   uint64_t attrs)
{
	int r = stage2_map(&vm->s2, ipa, pa, size, attrs);

	if (r)
		hyp_panic("vm %s: stage2_map(%s): %d", vm->cfg->name, what, r);
	hyp_log("vm %s: stage 2: %s IPA %08lx -> PA %08lx (%lu KiB%s)", vm->cfg->name, what, ipa,
		pa, size >> 10, attrs == S2_ATTR_DEVICE_RW ? ", device" : "");
}

static void vm_build_stage2(struct vm *vm, const void *blob, unsigned ipa_bits)
{
	const struct vmfile_vm *c = vm->cfg;
	const struct vmfile_header *h = blob;
	uint64_t pa = 0, attrs;
	unsigned level = 0, i, j;
	int r;

	vm->s2.alloc_page = s2_alloc_page;
	vm->s2.alloc_pages = s2_alloc_pages;
	vm->s2.virt_to_phys = s2_v2p;
	vm->s2.phys_to_virt = s2_p2v;
	vm->s2.ctx = vm;
	r = stage2_init(&vm->s2, ipa_bits);
	if (r)
		hyp_panic("stage2_init(%u bits): %d", ipa_bits, r);
	r = stage2_map(&vm->s2, vm->ram_ipa, vm->ram_pa, vm->ram_size, S2_ATTR_NORMAL_RWX);
	if (r)
		hyp_panic("vm %s: stage2_map(RAM): %d", c->name, r);
	/* GICv2: the guest's CPU interface is the physical GICV frame */
	if (gic_version == 2)
		vm_map(vm, "gicc", c->gicc_ipa, BOARD_GICV_BASE, GUEST_GICC_SIZE,
		       S2_ATTR_DEVICE_RW);
	for (i = 0; i < c->nr_devices; i++)
		if (c->devices[i].type == VMFILE_DEV_PASSTHROUGH)
			vm_map(vm, c->devices[i].name, c->devices[i].ipa, c->devices[i].pa,
			       c->devices[i].size, S2_ATTR_DEVICE_RW);
	for (i = 0; i < h->nr_shared; i++) {
		const struct vmfile_shared *sh = vmfile_shared(blob, i);

		for (j = 0; j < 2; j++) {
			struct vm_doorbell *db = &vm->doorbells[vm->nr_doorbells];

			if (sh->ends[j].vm != vm->index)
				continue;
			vm_map(vm, sh->name, sh->ends[j].ipa, sh->pa, sh->size, S2_ATTR_NORMAL_RW);
			db->ipa = sh->ends[j].ipa;
			db->peer = &vms[sh->ends[1 - j].vm];
			db->spi = sh->ends[1 - j].doorbell;
			vm->nr_doorbells++;
		}
	}
	dsb(ish);
	r = stage2_lookup(&vm->s2, vm->ram_ipa, &pa, &attrs, &level);
	if (r || pa != vm->ram_pa)
		hyp_panic("stage 2 lookup of guest RAM: %d, PA %lx", r, pa);
	hyp_log("vm %s: stage 2: %u-bit IPA, start level %u, RAM IPA %08lx -> PA %08lx (%lu MiB, "
		"level-%u blocks of %lu KiB), VMID %u",
		c->name, ipa_bits, vm->s2.start_level, vm->ram_ipa, vm->ram_pa, vm->ram_size >> 20,
		level, (unsigned long)(S2_LEVEL_SIZE(level) >> 10), vm->vmid);
	hyp_log("event=stage2 ipa_bits=%u ram_ipa=0x%lx ram_pa=0x%lx ram_size=0x%lx vm=%s vmid=%u",
		ipa_bits, vm->ram_ipa, vm->ram_pa, vm->ram_size, c->name, vm->vmid);
}

/* PSCI SYSTEM_OFF, MINIHYP_HC_SHUTDOWN: every vCPU of the VM leaves it. */
void vm_stop(struct vm *vm, unsigned by)
{
	unsigned i;

	vm->off_by = (int)by;
	dsb(ish);
	vm->off = true;
	for (i = 0; i < vm->nr_vcpus; i++)
		if (i != by)
			gic_kick(vm->vc[i].pcpu);
}

static bool overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a < b + bs && b < a + as;
}

#define FITS_BAD(...)                                                                              \
	do {                                                                                       \
		hyp_printf("minihyp: VM file: vm %s: ", c->name);                                  \
		hyp_printf(__VA_ARGS__);                                                           \
		hyp_printf("\n");                                                                  \
		bad++;                                                                             \
	} while (0)

/*
 * What this minihyp needs of VM `index` of a blob vmfile_check() accepted,
 * beyond the file's rules: its GIC distributor at QEMU virt's address (the
 * early exit handlers test for it there, exit_early.c) and, on a GICv3, its
 * redistributors at QEMU virt's (GUEST_GICR_IPA, 128 KiB a vCPU) clear of
 * everything else of the VM; physical CPUs it can index; a name that is
 * not the hypervisor's own (its console lines would pass for minihyp's); a
 * Linux VM's device tree loaded with it (minihyp does not write one).  One
 * line per problem; returns how many.
 */
unsigned vm_fits(const void *blob, unsigned index)
{
	const struct vmfile_vm *c = vmfile_vm(blob, index);
	const struct vmfile_header *h = blob;
	unsigned bad = 0, i, j;

	for (i = 0; i < sizeof("minihyp") && c->name[i] == "minihyp"[i]; i++)
		;
	if (i == sizeof("minihyp"))
		FITS_BAD("name: \"minihyp\" is the hypervisor's own console prefix");
	if (c->gicd_ipa != GUEST_GICD_IPA)
		FITS_BAD("gic.gicd: 0x%lx, but minihyp gives a VM its distributor at 0x%lx only "
			 "(its exit path looks for it there)",
			 c->gicd_ipa, GUEST_GICD_IPA);
	for (i = 0; i < c->nr_cpus; i++)
		if (c->cpus[i] >= MAX_CPUS)
			FITS_BAD("cpus: physical CPU %u: minihyp runs on CPUs 0..%u", c->cpus[i],
				 MAX_CPUS - 1);
	if (c->kind == VMFILE_KIND_LINUX && c->images[VMFILE_IMG_DTB].file_size == 0)
		FITS_BAD("image.dtb: minihyp does not write a guest device tree: load one");
	if (gic_version != 3)
		return bad;
	if (overlap(GUEST_GICR_IPA, GUEST_GICR_SIZE, c->ram_ipa, c->ram_size))
		FITS_BAD("ram: IPA 0x%lx-0x%lx overlaps the GICv3 redistributors 0x%lx-0x%lx",
			 c->ram_ipa, c->ram_ipa + c->ram_size, GUEST_GICR_IPA,
			 GUEST_GICR_IPA + GUEST_GICR_SIZE);
	for (i = 0; i < c->nr_devices; i++)
		if (overlap(GUEST_GICR_IPA, GUEST_GICR_SIZE, c->devices[i].ipa, c->devices[i].size))
			FITS_BAD("devices[%s].ipa: 0x%lx overlaps the GICv3 redistributors "
				 "0x%lx-0x%lx",
				 c->devices[i].name, c->devices[i].ipa, GUEST_GICR_IPA,
				 GUEST_GICR_IPA + GUEST_GICR_SIZE);
	for (i = 0; i < h->nr_shared; i++)
		for (j = 0; j < 2; j++)
			if (vmfile_shared(blob, i)->ends[j].vm == index &&
			    overlap(GUEST_GICR_IPA, GUEST_GICR_SIZE,
				    vmfile_shared(blob, i)->ends[j].ipa,
				    vmfile_shared(blob, i)->size))
				FITS_BAD("shared %s: IPA 0x%lx overlaps the GICv3 redistributors",
					 vmfile_shared(blob, i)->name,
					 vmfile_shared(blob, i)->ends[j].ipa);
	return bad;
}
#undef FITS_BAD

#ifdef MINIHYP_HAVE_LINUX_BOOT
/* A Linux VM: the arm64 boot protocol's checks and vCPU 0's entry. */
static void vm_linux_boot(struct vm *vm)
{
	const struct vmfile_image *im = vm->cfg->images;
	struct minihyp_boot_desc d = {
		.magic = MINIHYP_BOOT_MAGIC,
		.version = MINIHYP_BOOT_VERSION,
		.size = sizeof(d),
		.ram_size = vm->ram_size,
		.kind = MINIHYP_BOOT_KIND_LINUX,
		.nr_vcpus = vm->nr_vcpus,
		.image_ipa = im[VMFILE_IMG_KERNEL].ipa,
		.image_size = im[VMFILE_IMG_KERNEL].file_size,
		.dtb_ipa = im[VMFILE_IMG_DTB].ipa,
		.dtb_size = im[VMFILE_IMG_DTB].file_size,
		.initrd_ipa = im[VMFILE_IMG_INITRAMFS].ipa,
		.initrd_size = im[VMFILE_IMG_INITRAMFS].file_size,
	};
	uint64_t entry, x[4];
	unsigned i;

	lb_vm = vm;
	if (linux_boot_prepare(&d, vm->ram_ipa, vm->ram_size, guest_ipa_to_hva, &entry, x) < 0) {
		/* nothing has run yet: say why and end the run */
		hyp_log("vm %s: the Linux image cannot be started", vm->cfg->name);
		machine_power_off();
	}
	vm->vc[0].on_entry = entry;
	for (i = 0; i < 4; i++)
		vm->vc[0].on_x[i] = x[i];
}
#endif

/*
 * What a VM starts with, at boot and at each reset: its vGIC, with each
 * vCPU's physical CPU and the forwarded interrupts; its devices' state;
 * vCPU 0 powered on at its entry (Linux: the boot protocol's), the others
 * off; CNTVOFF_EL2.
 */
static void vm_start_state(struct vm *vm)
{
	const struct vmfile_vm *c = vm->cfg;
	unsigned i, nr_vcpus = vm->nr_vcpus;
	int r;

	if (c->flags & VMFILE_VM_CNTVOFF_BOOT)
		__asm__ volatile("isb\n\tmrs %0, cntpct_el0" : "=r"(vm->cntvoff));
	if (gic_version == 3) {
		r = vgic3_init(&vm->vgic, nr_vcpus, c->gic_irqs, &vgic_host3_ops, vm);
		/* each vCPU's affinity: the MPIDR_EL1 it reads (vcpu_create()) */
		for (i = 0; !r && i < nr_vcpus; i++)
			r = vgic3_set_affinity(&vm->vgic, i, cpu_mpidr_affinity(i));
	} else {
		r = vgic_init(&vm->vgic, nr_vcpus, c->gic_irqs, BOARD_GICH_BASE, &vgic_host_ops,
			      vm);
	}
	if (r)
		hyp_panic("vgic_init(%u vCPUs, %u IRQs): %d", nr_vcpus, c->gic_irqs, r);
	/* Pinned: each vCPU's physical CPU is known before it first runs, so
	 * that the vGIC's kicks and SPI routes go there from the start. */
	for (i = 0; i < nr_vcpus; i++)
		vm->vgic.vcpu[i].pcpu = (int)c->cpus[i];
	/* the EL1 timers the guest programs directly (CNTV_*, and CNTP_* with
	 * CNTHCTL_EL2.EL1PCEN): their PPIs, hardware-linked */
	for (i = 0; i < nr_vcpus; i++)
		if (vgic_map_phys(&vm->vgic, i, GIC_PPI_VTIMER, GIC_PPI_VTIMER) ||
		    vgic_map_phys(&vm->vgic, i, GIC_PPI_PTIMER, GIC_PPI_PTIMER))
			hyp_panic("vgic_map_phys(timers)");
	for (i = 0; i < c->nr_irqs; i++) {
		const struct vmfile_irq *q = &c->irqs[i];

		if (vgic_map_phys(&vm->vgic, 0, q->virq, q->pirq))
			hyp_panic("vgic_map_phys(%s, %u -> %u)", q->name, q->virq, q->pirq);
		gic_spi_passthrough(q->pirq, q->flags & VMFILE_IRQ_EDGE, vm->vc[0].pcpu);
	}
	if (vdev_setup(&vm->devs, c, &vm->vgic, gic_version))
		hyp_panic("vm %s: cannot set up its devices", c->name);
	for (i = 0; i < nr_vcpus; i++)
		vm->vc[i].power = PWR_OFF;
	vm->vc[0].on_entry = c->entry_ipa;
	for (i = 0; i < 4; i++)
		vm->vc[0].on_x[i] = vm->boot_x[i];
	if (c->kind == VMFILE_KIND_LINUX) {
#ifdef MINIHYP_HAVE_LINUX_BOOT
		vm_linux_boot(vm);
#else
		hyp_panic("vm %s: a Linux VM, but this minihyp is built without linux_boot.c",
			  c->name);
#endif
	}
	/* the guest starts with its MMU and caches off: what QEMU (and the
	 * demo-guest copy) wrote must be in memory, not only in caches */
	dcache_clean_inval(phys_to_virt(vm->ram_pa), vm->ram_size);
	vm->vc[0].power = PWR_ON_PENDING; /* vCPU 0 starts; the others are off */
}

/* Among several VMs: a copy of each image the loader put in the VM's RAM,
 * for its PSCI SYSTEM_RESET (vm_reset_park()).  Without room for them the
 * VM cannot be reset alone (psci.c stops it instead). */
static void vm_save_pristine(struct vm *vm)
{
	unsigned i;

	vm->can_reset = true;
	for (i = 0; i < VMFILE_NR_IMAGES; i++) {
		const struct vmfile_image *im = &vm->cfg->images[i];

		if (!im->file_size)
			continue;
		vm->pristine[i] = page_alloc((im->file_size + PAGE_SIZE - 1) / PAGE_SIZE);
		if (!vm->pristine[i]) {
			hyp_log("vm %s: no room for a copy of its images: its SYSTEM_RESET will "
				"stop it",
				vm->cfg->name);
			vm->can_reset = false;
			return;
		}
		memcpy(vm->pristine[i], guest_ram_ptr(vm, im->ipa, im->file_size), im->file_size);
	}
}

/* The reset itself, by vCPU thread n: RAM zeroed and the images put back,
 * then the start state (every vCPU of the VM is out of it: parked). */
static void vm_reset(struct vm *vm, unsigned n)
{
	uint64_t dropped;
	unsigned i;

	memset(phys_to_virt(vm->ram_pa), 0, vm->ram_size);
	for (i = 0; i < VMFILE_NR_IMAGES; i++) {
		const struct vmfile_image *im = &vm->cfg->images[i];

		if (im->file_size)
			memcpy(guest_ram_ptr(vm, im->ipa, im->file_size), vm->pristine[i],
			       im->file_size);
	}
	__asm__ volatile("dsb ish\n\tic ialluis\n\tdsb ish\n\tisb" ::: "memory");
	spin_lock(&vm->doorbell_lock); /* no peer's doorbell in the vGIC being rebuilt */
	vm_start_state(vm);
	spin_unlock(&vm->doorbell_lock);
	vm->status = 0;
	vm->off_by = -1;
	vm->reset = false;
	vm->parked = 0;
	if (vm_log_allow(vm, n, &dropped)) { /* as psci_system_reset()'s */
		hyp_log("vm %s: restarted from its images", vm->cfg->name);
		hyp_log("event=vm_restarted vm=%s generation=%u", vm->cfg->name,
			vm->generation + 1);
	}
	dsb(ish);
	vm->off = false;
	__atomic_add_fetch(&vm->generation, 1, __ATOMIC_RELEASE);
	__asm__ volatile("dsb ish\n\tsev" ::: "memory");
}

void vm_reset_park(struct vcpu_slot *s)
{
	struct vm *vm = s->vm;
	unsigned gen = __atomic_load_n(&vm->generation, __ATOMIC_ACQUIRE);

	guest_console_flush();
	if (__atomic_add_fetch(&vm->parked, 1, __ATOMIC_ACQ_REL) == vm->nr_vcpus) {
		vm_reset(vm, s->n);
		return;
	}
	while (__atomic_load_n(&vm->generation, __ATOMIC_ACQUIRE) == gen)
		__asm__ volatile("wfe" ::: "memory");
}

void vm_create(struct vm *vm, const void *blob, unsigned index, const uint64_t *x,
	       unsigned ipa_bits)
{
	const struct vmfile_vm *c = vmfile_vm(blob, index);
	unsigned i, nr_vcpus = c->nr_cpus;
	char cpus[2 * MAX_CPUS];

	vm->cfg = c;
	vm->index = index;
	vm->vmid = index + 1; /* 0 is no VM's: the EL2&0 regime never runs a guest with it */
	vm->nr_vcpus = nr_vcpus;
	vm->ram_ipa = c->ram_ipa;
	vm->ram_pa = c->ram_pa;
	vm->ram_size = c->ram_size;
	for (i = 0; i < MAX_CPUS; i++) {
		vm->vc[i].vm = vm;
		vm->vc[i].n = i;
		vm->vc[i].gic = &vm->vgic.vcpu[i];
		vm->vc[i].devs = &vm->devs;
	}
	for (i = 0; i < nr_vcpus; i++) {
		vm->vc[i].pcpu = c->cpus[i];
		pcpu_slot[c->cpus[i]] = &vm->vc[i];
		guest_console_set_name(c->cpus[i], c->name);
	}
	vm->off_by = -1;
	for (i = 0; i < 4; i++)
		vm->boot_x[i] = x ? x[i] : 0;
	vm_build_stage2(vm, blob, ipa_bits);
	vm->vttbr = stage2_vttbr(&vm->s2, vm->vmid);
	vm->vtcr = stage2_vtcr(ipa_bits, id_aa64mmfr0_el1_read());
	for (i = 0; i < c->nr_irqs; i++)
		hyp_log("vm %s: interrupt %s: physical %u -> virtual %u (hardware-linked)", c->name,
			c->irqs[i].name, c->irqs[i].pirq, c->irqs[i].virq);
	if (nr_vms > 1)
		vm_save_pristine(vm);
	vm_start_state(vm);
	for (i = 0; i < nr_vcpus; i++) { /* "0,1": the CPUs are 0..7 (vm_fits()) */
		cpus[2 * i] = (char)('0' + c->cpus[i]);
		cpus[2 * i + 1] = i + 1 < nr_vcpus ? ',' : 0;
	}
	hyp_log("vm %s: %u vCPU%s on physical CPUs %s, %lu MiB, %u interrupt IDs", c->name,
		nr_vcpus, nr_vcpus > 1 ? "s" : "", cpus, vm->ram_size >> 20, c->gic_irqs);
	hyp_log("event=vm_create vm=%s vmid=%u vcpus=%u cpus=%s entry=0x%lx", c->name, vm->vmid,
		nr_vcpus, cpus, vm->vc[0].on_entry);
}
