/* SPDX-License-Identifier: MIT */
/* The VM: its configuration checked against the board, stage 2, the vGIC
 * and the devices, vCPU 0's entry (boot descriptor, Linux); and its end. */
#include "console.h"
#include "firmware.h"
#include "gic.h"
#include "vdev.h"
#include "vgic_host.h"
#include "vm.h"
#ifdef MINIHYP_HAVE_LINUX_BOOT
#include "linux_boot.h"
#endif

struct vm vm0;
uint64_t guest_ram_size = GUEST_RAM_DEFAULT_SIZE;

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

static void *guest_ipa_to_hva(uint64_t ipa)
{
	return guest_ram_ptr(ipa, 1);
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

static void vm_build_stage2(struct vm *vm, unsigned ipa_bits)
{
	const struct vm_config *c = vm->cfg;
	uint64_t pa = 0, attrs;
	unsigned level = 0, i;
	int r;

	vm->s2.alloc_page = s2_alloc_page;
	vm->s2.alloc_pages = s2_alloc_pages;
	vm->s2.virt_to_phys = s2_v2p;
	vm->s2.phys_to_virt = s2_p2v;
	vm->s2.ctx = vm;
	r = stage2_init(&vm->s2, ipa_bits);
	if (r)
		hyp_panic("stage2_init(%u bits): %d", ipa_bits, r);
	r = stage2_map(&vm->s2, GUEST_RAM_IPA, GUEST_RAM_PA, guest_ram_size, S2_ATTR_NORMAL_RWX);
	if (r)
		hyp_panic("stage2_map(guest RAM): %d", r);
	for (i = 0; i < c->nr_regions; i++) {
		const struct vm_region *g = &c->regions[i];

		if (g->kind != VM_REGION_PASSTHROUGH)
			continue;
		r = stage2_map(&vm->s2, g->ipa, g->pa, g->size, S2_ATTR_DEVICE_RW);
		if (r)
			hyp_panic("stage2_map(%s): %d", g->name, r);
		hyp_log("stage 2: %s IPA %08lx -> PA %08lx (%lu KiB, device)", g->name, g->ipa,
			g->pa, g->size >> 10);
	}
	dsb(ish);
	r = stage2_lookup(&vm->s2, GUEST_RAM_IPA, &pa, &attrs, &level);
	if (r || pa != GUEST_RAM_PA)
		hyp_panic("stage 2 lookup of guest RAM: %d, PA %lx", r, pa);
	hyp_log("stage 2: %u-bit IPA, start level %u, RAM IPA %08lx -> PA %08lx (%lu MiB, "
		"level-%u blocks of %lu KiB)",
		ipa_bits, vm->s2.start_level, GUEST_RAM_IPA, GUEST_RAM_PA, guest_ram_size >> 20,
		level, (unsigned long)(S2_LEVEL_SIZE(level) >> 10));
	hyp_log("event=stage2 ipa_bits=%u ram_ipa=0x%lx ram_pa=0x%lx ram_size=0x%lx", ipa_bits,
		GUEST_RAM_IPA, GUEST_RAM_PA, guest_ram_size);
}

/* PSCI SYSTEM_OFF, MINIHYP_HC_SHUTDOWN: every vCPU leaves the guest. */
void vm_stop(struct vm *vm, unsigned by)
{
	unsigned i;

	vm->off_by = (int)by;
	dsb(ish);
	vm->off = true;
	for (i = 0; i < vm->nr_vcpus; i++)
		if (i != by)
			gic_kick(i);
}

static void vm_boot_params(struct vm *vm, const struct minihyp_boot_desc *d)
{
	struct vcpu_slot *s = &vm->vc[0];
	unsigned i;

	s->on_entry = GUEST_RAM_IPA;
	for (i = 0; i < 4; i++)
		s->on_x[i] = 0;
	if (!d)
		return;
	s->on_entry = d->entry_ipa;
	for (i = 0; i < 4; i++)
		s->on_x[i] = d->x[i];
	hyp_log("boot descriptor v%u at %lx: entry %lx, x0 %lx", d->version, HYP_BOOT_DESC_PA,
		s->on_entry, s->on_x[0]);
	hyp_log("event=bootdesc version=%u pa=0x%lx entry=0x%lx x0=0x%lx", d->version,
		HYP_BOOT_DESC_PA, s->on_entry, s->on_x[0]);
}

void vm_create(struct vm *vm, const struct minihyp_boot_desc *d, unsigned ipa_bits,
	       const struct vm_board *board)
{
	const struct vm_config *c;
	uint32_t kind = d && d->version >= 2 ? d->kind : MINIHYP_BOOT_KIND_RAW;
	unsigned i, nr_vcpus;
	int r;

	c = vm_config_for(kind, gic_version);
	if (!c)
		hyp_panic("boot descriptor kind %u: no VM configuration for it", kind);
	nr_vcpus = d && d->version >= 2 && d->nr_vcpus ? d->nr_vcpus : c->nr_vcpus;
	if (d && d->ram_size)
		guest_ram_size = d->ram_size;
	if (vm_config_check(c, nr_vcpus, guest_ram_size, board)) {
		hyp_log("event=vm_refused config=%s vcpus=%u cpus=%u ram_size=0x%lx", c->name,
			nr_vcpus, board->nr_cpus, guest_ram_size);
		hyp_panic("VM configuration \"%s\" is not valid on this board", c->name);
	}
	vm->cfg = c;
	vm->nr_vcpus = nr_vcpus;
	for (i = 0; i < MAX_CPUS; i++) {
		vm->vc[i].vm = vm;
		vm->vc[i].n = i;
		vm->vc[i].gic = &vm->vgic.vcpu[i];
	}
	guest_console_set_name(c->name);
	vm->off_by = -1;
	vm_boot_params(vm, d);
	vm_build_stage2(vm, ipa_bits);
	vm->vttbr = stage2_vttbr(&vm->s2, GUEST_VMID);
	vm->vtcr = stage2_vtcr(ipa_bits, id_aa64mmfr0_el1_read());
	if (c->cntvoff_at_boot)
		__asm__ volatile("isb\n\tmrs %0, cntpct_el0" : "=r"(vm->cntvoff));
	if (gic_version == 3) {
		r = vgic3_init(&vm->vgic, nr_vcpus, c->nr_irqs, &vgic_host3_ops, vm);
		/* each vCPU's affinity: the MPIDR_EL1 it reads (vcpu_create()) */
		for (i = 0; !r && i < nr_vcpus; i++)
			r = vgic3_set_affinity(&vm->vgic, i, cpu_mpidr_affinity(i));
	} else {
		r = vgic_init(&vm->vgic, nr_vcpus, c->nr_irqs, BOARD_GICH_BASE, &vgic_host_ops, vm);
	}
	if (r)
		hyp_panic("vgic_init(%u vCPUs, %u IRQs): %d", nr_vcpus, c->nr_irqs, r);
	/* the EL1 timers the guest programs directly (CNTV_*, and CNTP_* with
	 * CNTHCTL_EL2.EL1PCEN): their PPIs, hardware-linked */
	for (i = 0; i < nr_vcpus; i++)
		if (vgic_map_phys(&vm->vgic, i, GIC_PPI_VTIMER, GIC_PPI_VTIMER) ||
		    vgic_map_phys(&vm->vgic, i, GIC_PPI_PTIMER, GIC_PPI_PTIMER))
			hyp_panic("vgic_map_phys(timers)");
	for (i = 0; i < c->nr_irqs_forwarded; i++) {
		const struct vm_irq *q = &c->irqs[i];

		if (vgic_map_phys(&vm->vgic, 0, q->virq, q->pirq))
			hyp_panic("vgic_map_phys(%s, %u -> %u)", q->name, q->virq, q->pirq);
		gic_spi_passthrough(q->pirq, q->edge, 0);
		hyp_log("interrupt %s: physical %u -> virtual %u (hardware-linked)", q->name,
			q->pirq, q->virq);
	}
	if (vdev_setup(c, &vm->vgic))
		hyp_panic("VM configuration \"%s\": cannot set up its devices", c->name);
	if (kind == MINIHYP_BOOT_KIND_LINUX) {
#ifdef MINIHYP_HAVE_LINUX_BOOT
		uint64_t entry, x[4];

		if (linux_boot_prepare(d, GUEST_RAM_IPA, guest_ram_size, guest_ipa_to_hva, &entry,
				       x) < 0) {
			/* nothing has run yet: say why and end the run */
			hyp_log("the Linux image cannot be started");
			machine_power_off();
		}
		vm->vc[0].on_entry = entry;
		for (i = 0; i < 4; i++)
			vm->vc[0].on_x[i] = x[i];
#else
		hyp_panic("boot descriptor kind LINUX: this minihyp is built without linux_boot.c");
#endif
	}
	/* the guest starts with its MMU and caches off: what QEMU (and the
	 * demo-guest copy) wrote must be in memory, not only in caches */
	dcache_clean_inval(guest_ram_ptr(GUEST_RAM_IPA, guest_ram_size), guest_ram_size);
	(void)guest_ipa_to_hva;
	vm->vc[0].power = PWR_ON_PENDING; /* vCPU 0 starts; the others are off */
	hyp_log("VM \"%s\": %u vCPU%s, %lu MiB, %u interrupt IDs", c->name, nr_vcpus,
		nr_vcpus > 1 ? "s" : "", guest_ram_size >> 20, c->nr_irqs);
}
