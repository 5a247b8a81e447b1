/* SPDX-License-Identifier: MIT */
/*
 * minihyp: boots at EL2 on QEMU virt, brings up one physical CPU per vCPU,
 * builds stage 2 for a VM whose board mirrors QEMU virt (examples/minihyp/
 * vm_config.c), and runs its vCPUs pinned 1:1 to the physical CPUs, with a
 * virtual GICv2 (emulated distributor, GICV mapped as the guest's CPU
 * interface, list registers), the virtual timer and PSCI.  This file: boot
 * and wiring; docs/minihyp.md maps the others.
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

/* The machine's RAM (QEMU's DTB). */
static uint64_t ram_base = BOARD_RAM_BASE, ram_size = 0x08000000ul;
static unsigned nr_pcpus = 1;

/* Secondary CPUs' stacks (boot.S: secondary_entry). */
uint8_t secondary_stacks[MAX_CPUS][1u << SECONDARY_STACK_SHIFT] __attribute__((aligned(16)));
extern const char secondary_entry[];

/* demo_guest.S */
extern const char demo_guest_start[], demo_guest_end[];
void *memcpy(void *dst, const void *src, size_t n);

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

/* Secondary physical CPUs: QEMU's PSCI CPU_ON, x0 = the CPU's index. */
void secondary_main(uint64_t n);
void secondary_main(uint64_t n)
{
	el2_mmu_enable_secondary();
	hcr_el2_write(HCR_EL2_RW_MASK);
	isb();
	gic_cpu_init((unsigned)n);
	debug_disable_all();
	if (n != cpu_id())
		hyp_panic("CPU started as %lu has MPIDR index %u", n, cpu_id());
	vm0_vcpu_thread((unsigned)n);
	if (vm0.off_by == (int)n) {
		guest_console_flush();
		hyp_log("guest stopped (by vCPU %u), status %ld", (unsigned)n, (long)vm0.status);
		machine_power_off();
	}
	for (;;)
		__asm__ volatile("wfi");
}

static void start_secondaries(struct vm *vm)
{
	unsigned i;

	for (i = 1; i < vm->nr_vcpus; i++) {
		int64_t r = (int64_t)firmware_psci(PSCI_0_2_FN64_CPU_ON, cpu_mpidr_affinity(i),
						   virt_to_phys(secondary_entry), i);

		if (r != PSCI_RET_SUCCESS)
			hyp_panic("PSCI CPU_ON of physical CPU %u: %ld", i, (long)r);
	}
	if (vm->nr_vcpus > 1)
		hyp_log("%u physical CPUs started", vm->nr_vcpus - 1);
	hyp_log("event=cpus_started secondaries=%u", vm->nr_vcpus - 1);
}

void hyp_main(void);
void hyp_main(void)
{
	const struct minihyp_boot_desc *d;
	unsigned pa_bits, ipa_bits;
	uint64_t exits = 0, dropped = 0;
	struct vm_board board;
	unsigned i;

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

	d = boot_desc();
	if (*(volatile uint32_t *)guest_ram_ptr(GUEST_RAM_IPA, 4) == 0 && !d) {
		size_t n = (size_t)(demo_guest_end - demo_guest_start);

		hyp_log("no guest image at PA %lx (load one with -device loader,file=guest.bin,"
			"addr=0x%lx,force-raw=on): running the built-in demo guest",
			GUEST_RAM_PA, GUEST_RAM_PA);
		hyp_log("event=guest_image source=builtin_demo");
		memcpy(guest_ram_ptr(GUEST_RAM_IPA, n), demo_guest_start, n);
		dsb(ish);
		__asm__ volatile("ic iallu" ::: "memory");
		dsb(ish);
		isb();
	}
	ipa_bits = pa_bits < GUEST_IPA_BITS ? pa_bits : GUEST_IPA_BITS;
	board = (struct vm_board){nr_pcpus, gic_nr_irqs(), ram_base, ram_size};
	vm_create(&vm0, d, ipa_bits, &board);
	start_secondaries(&vm0);
	hyp_log("starting the guest at IPA %lx", vm0.vc[0].on_entry);
	hyp_log("event=vm_start vcpus=%u entry=0x%lx", vm0.nr_vcpus, vm0.vc[0].on_entry);
	vm0_vcpu_thread(0);

	for (i = 0; i < vm0.nr_vcpus; i++) {
		exits += vm0.vc[i].exits;
		dropped += vm0.vc[i].log_dropped;
	}
	guest_console_flush();
	hyp_log("guest stopped after %lu exits, status %ld; %lu guest-triggered messages dropped",
		exits, (long)vm0.status, dropped);
	hyp_log("event=vm_summary exits=%lu status=%ld dropped=%lu", exits, (long)vm0.status,
		dropped);
	if (vm0.off_by == 0 || vm0.off_by < 0)
		machine_power_off();
	for (;;)
		__asm__ volatile("wfi");
}
