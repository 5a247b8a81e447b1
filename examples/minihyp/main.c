/* SPDX-License-Identifier: MIT */
/*
 * minihyp: boots at EL2 on QEMU virt, takes its VMs from a VM file's blob
 * (docs/vm-file.md) or, without one, builds a one-VM blob from the built-in
 * configuration (vm_config.c) and the boot descriptor; brings up the
 * physical CPUs the VMs own and runs each VM's vCPUs pinned 1:1 to them,
 * with a virtual GIC of the board's version, the virtual timer and PSCI.
 * This file: boot and wiring; docs/minihyp.md maps the others.
 */
#include <vcpu/psci.h>

#include "bootdesc.h"
#include "console.h"
#include "fdt.h"
#include "firmware.h"
#include "gic.h"
#include "smp_layout.h"
#include "sysreg.h"
#include "vm.h"
#include "vm_log.h"
#include "vmfile.h"

/* The machine's RAM (QEMU's DTB). */
static uint64_t ram_base = BOARD_RAM_BASE, ram_size = 0x08000000ul;
static unsigned nr_pcpus = 1;

/* Secondary CPUs' stacks (boot.S: secondary_entry). */
uint8_t secondary_stacks[MAX_CPUS][1u << SECONDARY_STACK_SHIFT] __attribute__((aligned(16)));
extern const char secondary_entry[];

/* demo_guest.S */
extern const char demo_guest_start[], demo_guest_end[];
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

uint64_t counter_hz = 62500000; /* CNTFRQ_EL0, read at boot */

/* ---- things asm/ and boot.S call ------------------------------------- */

void boot_not_el2(uint64_t el);
void boot_not_el2(uint64_t el)
{
	hyp_log("started at EL%u, not EL2: minihyp needs QEMU "
		"-machine virt,virtualization=on (and no EL3 firmware)",
		(unsigned)el);
	hyp_log("event=boot_refused el=%u need_el=2", (unsigned)el);
	hyp_log("stopping");
}

static const char *const el2_slot_names[8] = {
	"synchronous (SP_EL0)", "IRQ (SP_EL0)", "FIQ (SP_EL0)", "SError (SP_EL0)",
	"synchronous",		"IRQ",		"FIQ",		"SError",
};

void el2_exception(unsigned slot, struct el2_exception_frame *f)
{
	unsigned i;

	guest_console_flush();
	hyp_log("exception taken at EL2: %s, EC 0x%x", el2_slot_names[slot & 7],
		(unsigned)esr_el2_ec_get(f->esr));
	hyp_log("  ESR_EL2 %016lx  ELR_EL2 %016lx", f->esr, f->elr);
	hyp_log("  FAR_EL2 %016lx  SPSR_EL2 %016lx", f->far, f->spsr);
	hyp_log("event=el2_exception vector=%u esr=0x%lx elr=0x%lx far=0x%lx", slot, f->esr, f->elr,
		f->far);
	for (i = 0; i < 30; i += 2)
		hyp_log("  x%-2u %016lx  x%-2u %016lx", i, f->x[i], i + 1, f->x[i + 1]);
	hyp_panic("unexpected exception at EL2");
}

/* The boot descriptor (docs/minihyp.md), version 1 or 2; NULL without one. */
static const struct minihyp_boot_desc *boot_desc(void)
{
	const struct minihyp_boot_desc *d = phys_to_virt(HYP_BOOT_DESC_PA);

	if (d->magic != MINIHYP_BOOT_MAGIC)
		return NULL;
	if (!((d->version == 1 && d->size >= MINIHYP_BOOT_SIZE_V1) ||
	      (d->version == 2 && d->size >= MINIHYP_BOOT_SIZE_V2)))
		hyp_panic("boot descriptor version %u size %u: expected version 1 (size >= %u) or "
			  "2 (size >= %u)",
			  d->version, d->size, MINIHYP_BOOT_SIZE_V1, MINIHYP_BOOT_SIZE_V2);
	return d;
}

/* The VMs still running; the vCPU that ends the last powers the machine off. */
static volatile unsigned vms_running;

/*
 * vCPU s's thread returned: its VM is off.  The last vCPU of the VM to get
 * here reports the VM's figures; the last VM's powers the machine off.
 * Every other physical CPU powers itself off (PSCI CPU_OFF to the firmware):
 * nothing of a VM that is off runs any more, and its CPUs take nothing from
 * the others.
 */
static void __attribute__((noreturn)) vm_vcpu_done(struct vcpu_slot *s)
{
	struct vm *vm = s->vm;
	uint64_t exits = 0, dropped = 0;
	unsigned i;

	guest_console_flush();
	if (__atomic_add_fetch(&vm->vcpus_done, 1, __ATOMIC_ACQ_REL) == vm->nr_vcpus) {
		for (i = 0; i < vm->nr_vcpus; i++) {
			exits += vm->vc[i].exits;
			dropped += vm->vc[i].log_dropped;
		}
		hyp_log("vm %s stopped after %lu exits, status %ld; %lu guest-triggered messages "
			"dropped",
			vm->cfg->name, exits, (long)vm->status, dropped);
		hyp_log("event=vm_summary exits=%lu status=%ld dropped=%lu vm=%s", exits,
			(long)vm->status, dropped, vm->cfg->name);
		i = __atomic_sub_fetch(&vms_running, 1, __ATOMIC_ACQ_REL);
		if (i == 0)
			machine_power_off();
		hyp_log("event=vm_off vm=%s running=%u", vm->cfg->name, i);
		console_input_vm_off(vm->index);
	}
	firmware_psci(PSCI_0_2_FN_CPU_OFF, 0, 0, 0);
	hyp_panic("PSCI CPU_OFF returned");
}

/* Secondary physical CPUs: QEMU's PSCI CPU_ON, x0 = the CPU's index. */
void secondary_main(uint64_t n);
void secondary_main(uint64_t n)
{
	el2_mmu_enable_secondary();
	hcr_el2_write(HCR_EL2_RW_MASK);
	isb();
	gic_cpu_init((unsigned)n);
	debug_disable_all();
	if (n != cpu_id() || !pcpu_slot[n % MAX_CPUS])
		hyp_panic("CPU started as %lu has MPIDR index %u (or no vCPU)", n, cpu_id());
	vcpu_thread(pcpu_slot[n]);
	vm_vcpu_done(pcpu_slot[n]);
}

/* Every physical CPU a VM owns but the boot CPU. */
static void start_secondaries(void)
{
	unsigned i, started = 0;

	for (i = 1; i < MAX_CPUS; i++) {
		int64_t r;

		if (!pcpu_slot[i])
			continue;
		r = (int64_t)firmware_psci(PSCI_0_2_FN64_CPU_ON, cpu_mpidr_affinity(i),
					   virt_to_phys(secondary_entry), i);
		if (r != PSCI_RET_SUCCESS)
			hyp_panic("PSCI CPU_ON of physical CPU %u: %ld", i, (long)r);
		started++;
	}
	if (started)
		hyp_log("%u physical CPUs started", started);
	hyp_log("event=cpus_started secondaries=%u", started);
}

/*
 * No VM file: the one VM of the built-in configuration for the boot
 * descriptor's kind (none: a bare-metal guest at the base of its RAM),
 * checked as vm_config_check() does, then written as a one-VM blob, so
 * that every VM is built the same way (vm_create()).  x[]: vCPU 0's
 * x0..x3, which a blob does not carry.
 */
static _Alignas(8) uint8_t builtin_blob[sizeof(struct vmfile_header) + sizeof(struct vmfile_vm)];

static const void *builtin_vmfile(const struct minihyp_boot_desc *d, const struct vm_board *board,
				  uint64_t x[4])
{
	struct vmfile_header *h = (struct vmfile_header *)(void *)builtin_blob;
	struct vmfile_vm *v = (struct vmfile_vm *)(void *)(h + 1);
	uint32_t kind = d && d->version >= 2 ? d->kind : MINIHYP_BOOT_KIND_RAW;
	const struct vm_config *c = vm_config_for(kind, gic_version);
	uint64_t ram_size = d && d->ram_size ? d->ram_size : GUEST_RAM_DEFAULT_SIZE;
	unsigned i, nr_vcpus;

	if (!c)
		hyp_panic("boot descriptor kind %u: no VM configuration for it", kind);
	nr_vcpus = d && d->version >= 2 && d->nr_vcpus ? d->nr_vcpus : c->nr_vcpus;
	if (vm_config_check(c, nr_vcpus, ram_size, board)) {
		hyp_log("event=vm_refused config=%s vcpus=%u cpus=%u ram_size=0x%lx", c->name,
			nr_vcpus, board->nr_cpus, ram_size);
		hyp_panic("VM configuration \"%s\" is not valid on this board", c->name);
	}
	memset(builtin_blob, 0, sizeof(builtin_blob));
	for (i = 0; c->name[i] && i + 1 < VMFILE_NAME_LEN; i++)
		v->name[i] = c->name[i];
	v->kind = kind == MINIHYP_BOOT_KIND_LINUX ? VMFILE_KIND_LINUX : VMFILE_KIND_BAREMETAL;
	v->nr_cpus = nr_vcpus;
	for (i = 0; i < nr_vcpus; i++)
		v->cpus[i] = (uint8_t)i;
	v->ram_ipa = c->ram_ipa;
	v->ram_pa = c->ram_pa;
	v->ram_size = ram_size;
	v->gic_irqs = c->nr_irqs;
	v->flags = c->cntvoff_at_boot ? VMFILE_VM_CNTVOFF_BOOT : 0;
	v->gicd_ipa = GUEST_GICD_IPA;
	v->gicc_ipa = GUEST_GICC_IPA;
	v->console = VMFILE_NONE;
	if (v->kind == VMFILE_KIND_LINUX) {
		v->entry_ipa = d->image_ipa;
		v->images[VMFILE_IMG_KERNEL] =
			(struct vmfile_image){d->image_ipa, d->image_size, d->image_size, 0};
		v->images[VMFILE_IMG_INITRAMFS] =
			(struct vmfile_image){d->initrd_ipa, d->initrd_size, d->initrd_size, 0};
		v->images[VMFILE_IMG_DTB] =
			(struct vmfile_image){d->dtb_ipa, d->dtb_size, d->dtb_size, 0};
	} else {
		/* the image is whatever the guest's RAM holds */
		v->entry_ipa = d ? d->entry_ipa : c->ram_ipa;
		v->images[VMFILE_IMG_BINARY] = (struct vmfile_image){c->ram_ipa, ram_size, 0, 0};
	}
	for (i = 0; i < c->nr_regions; i++) {
		const struct vm_region *g = &c->regions[i];
		struct vmfile_device *dev = &v->devices[v->nr_devices];
		unsigned k;

		if (g->dev == VM_DEV_PL011 && g->kind == VM_REGION_EMULATED)
			dev->type = VMFILE_DEV_PL011, v->console = v->nr_devices;
		else if (g->kind == VM_REGION_PASSTHROUGH && g->dev != VM_DEV_GICC)
			dev->type = VMFILE_DEV_PASSTHROUGH, dev->pa = g->pa;
		else if (g->dev == VM_DEV_TESTDEV)
			dev->type = VMFILE_DEV_TESTDEV;
		else if (g->dev == VM_DEV_VIRTIO)
			dev->type = VMFILE_DEV_VIRTIO;
		else
			continue; /* the GIC's: every VM has them */
		for (k = 0; g->name[k] && k + 1 < VMFILE_NAME_LEN; k++)
			dev->name[k] = g->name[k];
		dev->ipa = g->ipa;
		dev->size = g->size;
		v->nr_devices++;
	}
	for (i = 0; i < c->nr_irqs_forwarded; i++) {
		struct vmfile_irq *q = &v->irqs[v->nr_irqs++];
		unsigned k;

		for (k = 0; c->irqs[i].name[k] && k + 1 < VMFILE_NAME_LEN; k++)
			q->name[k] = c->irqs[i].name[k];
		q->virq = c->irqs[i].virq;
		q->pirq = c->irqs[i].pirq;
		q->flags = c->irqs[i].edge ? VMFILE_IRQ_EDGE : 0;
	}
	*h = (struct vmfile_header){
		.magic = VMFILE_MAGIC,
		.version = VMFILE_VERSION,
		.header_size = sizeof(*h),
		.vm_size = sizeof(*v),
		.shared_size = sizeof(struct vmfile_shared),
		.nr_vms = 1,
		.total_size = sizeof(builtin_blob),
		.board_cpus = board->nr_cpus,
		.board_ram_base = board->ram_base,
		.board_ram_size = board->ram_size,
		.board_gic = board->gic_version,
	};
	h->crc32 = vmfile_crc32(0, builtin_blob, sizeof(builtin_blob));
	for (i = 0; i < 4; i++)
		x[i] = d && kind == MINIHYP_BOOT_KIND_RAW ? d->x[i] : 0;
	if (d)
		hyp_log("boot descriptor v%u at %lx: entry %lx, x0 %lx", d->version,
			HYP_BOOT_DESC_PA, v->entry_ipa, x[0]);
	if (d)
		hyp_log("event=bootdesc version=%u pa=0x%lx entry=0x%lx x0=0x%lx", d->version,
			HYP_BOOT_DESC_PA, v->entry_ipa, x[0]);
	return builtin_blob;
}

void hyp_main(void);
void hyp_main(void)
{
	const struct minihyp_boot_desc *d;
	unsigned pa_bits, ipa_bits, bad, i;
	struct vm_board board;
	const void *blob = phys_to_virt(HYP_VMFILE_PA);
	uint64_t x[4] = {0};
	/* A known HCR_EL2 (E2H and TGE clear: the non-VHE EL2 regime) before
	 * anything depends on it. */
	hcr_el2_write(HCR_EL2_RW_MASK);
	isb();
	hyp_log("starting at EL%u (MIDR_EL1 %lx)", hw_current_el(), midr_el1_read());
	counter_hz = cntfrq_el0_read();
	if (!hw_has_el2())
		hyp_panic("ID_AA64PFR0_EL1 says EL2 is not implemented");
	pa_bits = hw_pa_bits();
	hyp_log("PA size %u bits, %u-bit VMIDs", pa_bits, hw_vmid_bits());

	if (fdt_memory_range(phys_to_virt(HYP_DTB_BASE), HYP_DTB_MAX_SIZE, &ram_base, &ram_size))
		hyp_log("RAM %lx-%lx (%lu MiB), from QEMU's device tree at %lx", ram_base,
			ram_base + ram_size, ram_size >> 20, HYP_DTB_BASE);
	else
		hyp_log("no device tree at %lx: assuming %lu MiB of RAM at %lx", HYP_DTB_BASE,
			ram_size >> 20, ram_base);
	if (ram_base != BOARD_RAM_BASE ||
	    GUEST_RAM_PA + GUEST_RAM_DEFAULT_SIZE > ram_base + ram_size)
		hyp_panic("minihyp needs RAM at %lx up to at least %lx", BOARD_RAM_BASE,
			  GUEST_RAM_PA + GUEST_RAM_DEFAULT_SIZE);

	gic_version = fdt_gic_version(phys_to_virt(HYP_DTB_BASE), HYP_DTB_MAX_SIZE) == 3 ? 3 : 2;

	page_alloc_init();
	el2_mmu_enable(pa_bits, ram_base, ram_size);
	console_enable_locking();
	hyp_log("EL2 MMU on: identity map, caches on; %lu free pages", page_free_count());

#ifdef MINIHYP_TEST_EL2_FAULT
	/* Test build (tests/qemu/run.py): a fault at EL2 must be reported. */
	hyp_log("test build: reading an unmapped address at EL2");
	(void)*(volatile uint64_t *)0x7000000000ul;
#endif

	gic_init();
	gic_cpu_init(0);
	debug_disable_all();
	nr_pcpus = gic_nr_cpus();
	hyp_log("GICv%u: %u CPU interfaces, %u interrupt lines, %u list registers", gic_version,
		nr_pcpus, gic_nr_irqs(), gic_nr_lrs());
	hyp_log("event=gic version=%u cpus=%u irqs=%u lrs=%u", gic_version, nr_pcpus, gic_nr_irqs(),
		gic_nr_lrs());

	ipa_bits = pa_bits < GUEST_IPA_BITS ? pa_bits : GUEST_IPA_BITS;
	board = (struct vm_board){.nr_cpus = nr_pcpus < MAX_CPUS ? nr_pcpus : MAX_CPUS,
				  .nr_irqs = gic_nr_irqs(),
				  .ram_base = ram_base,
				  .ram_size = ram_size,
				  .gic_version = gic_version};
	d = boot_desc();
	if (((const struct vmfile_header *)blob)->magic == VMFILE_MAGIC) {
		hyp_log("VM file at %lx: %u VMs", HYP_VMFILE_PA,
			((const struct vmfile_header *)blob)->nr_vms);
		if (d)
			hyp_log("the VM file takes precedence over the boot descriptor at %lx",
				HYP_BOOT_DESC_PA);
	} else {
		if (*(volatile uint32_t *)phys_to_virt(GUEST_RAM_PA) == 0 && !d) {
			size_t n = (size_t)(demo_guest_end - demo_guest_start);

			hyp_log("no guest image at PA %lx (load one with -device loader,file="
				"guest.bin,addr=0x%lx,force-raw=on): running the built-in demo "
				"guest",
				GUEST_RAM_PA, GUEST_RAM_PA);
			hyp_log("event=guest_image source=builtin_demo");
			memcpy(phys_to_virt(GUEST_RAM_PA), demo_guest_start, n);
			dsb(ish);
			__asm__ volatile("ic iallu" ::: "memory");
			dsb(ish);
			isb();
		}
		/* the built-in Linux configuration passes the UART through */
		board.vm_has_uart = true;
		blob = builtin_vmfile(d, &board, x);
	}
	bad = vmfile_check(blob, HYP_BOOT_DESC_PA - HYP_VMFILE_PA, &board, ipa_bits);
	for (i = 0; !bad && i < ((const struct vmfile_header *)blob)->nr_vms; i++)
		bad += vm_fits(blob, i);
	if (bad) {
		hyp_log("event=vmfile_refused problems=%u", bad);
		hyp_panic("VM file refused: %u problem%s", bad, bad > 1 ? "s" : "");
	}
	nr_vms = ((const struct vmfile_header *)blob)->nr_vms;
	for (i = 0; i < nr_vms; i++)
		vm_create(&vms[i], blob, i, x, ipa_bits);
	vms_running = nr_vms;
	console_input_start(((const struct vmfile_header *)blob)->console_input);
	for (i = 0; i < nr_vms; i++) {
		hyp_log("starting vm %s at IPA %lx", vms[i].cfg->name, vms[i].vc[0].on_entry);
		hyp_log("event=vm_start vcpus=%u entry=0x%lx vm=%s", vms[i].nr_vcpus,
			vms[i].vc[0].on_entry, vms[i].cfg->name);
	}
	dsb(ish);
	start_secondaries();
	if (!pcpu_slot[0]) {
		/* the boot CPU is no VM's: it has nothing more to do */
		hyp_log("physical CPU 0 is no VM's: powering it off");
		firmware_psci(PSCI_0_2_FN_CPU_OFF, 0, 0, 0);
		hyp_panic("PSCI CPU_OFF returned");
	}
	vcpu_thread(pcpu_slot[0]);
	vm_vcpu_done(pcpu_slot[0]);
}
