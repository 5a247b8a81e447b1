/* SPDX-License-Identifier: MIT */
/*
 * minihyp: boots at EL2 on QEMU virt, brings up one physical CPU per vCPU,
 * builds stage 2 for a VM whose board mirrors QEMU virt (examples/minihyp/
 * vm_config.c), and runs its vCPUs pinned 1:1 to the physical CPUs, with a
 * virtual GICv2 (emulated distributor, GICV mapped as the guest's CPU
 * interface, list registers), the virtual timer and PSCI.
 */
#include <aarch64_sysreg/debug.h>
#include <gicv2/cpu_interface.h>
#include <gicv2/gicd.h>
#include <vcpu/psci.h>
#include <vcpu/stage2.h>
#include <vcpu/vcpu.h>

#include "arch.h"
#include "bootdesc.h"
#include "console.h"
#include "fdt.h"
#include "gic.h"
#include "hypercall.h"
#include "mm.h"
#include "platform.h"
#include "smp.h"
#include "smp_layout.h"
#include "vdev.h"
#include "vgic/vgic.h"
#include "vm_config.h"
#ifdef MINIHYP_HAVE_LINUX_BOOT
#include "linux_boot.h"
#endif

#define GUEST_IPA_BITS 40u
#define GUEST_VMID     1u

/* Boot descriptor version 2 (docs/minihyp.md): the version-1 fields, then
 * these.  Read through this view, so a version-1 descriptor (size 64) and a
 * version-2 one (size 120) are both accepted. */
struct boot_desc_v2_view {
	uint64_t magic;
	uint32_t version, size;
	uint64_t entry_ipa, x[4], ram_size;
	uint32_t kind, nr_vcpus;
	uint64_t image_ipa, image_size, dtb_ipa, dtb_size, initrd_ipa, initrd_size;
};
#define BOOT_DESC_V1_SIZE 64u
#define BOOT_DESC_V2_SIZE 120u
#define BOOT_KIND_RAW	  0u
#define BOOT_KIND_LINUX	  1u
_Static_assert(sizeof(struct boot_desc_v2_view) == BOOT_DESC_V2_SIZE, "bootdesc v2 layout");

enum vcpu_power { PWR_OFF, PWR_ON_PENDING, PWR_ON };

/* A vGIC message, kept while the vGIC lock is held and printed by the
 * vCPU's run loop once it is released. */
struct deferred_log {
	const char *what; /* NULL: none */
	uint32_t a, b;
};

struct vcpu_slot {
	struct vcpu vcpu;
	volatile int power;	    /* enum vcpu_power, under vm->power_lock */
	uint64_t on_entry, on_x[4]; /* where CPU_ON (or the boot) starts it */
	uint64_t exits;
	uint64_t log_dropped; /* guest-triggered messages not printed (this vCPU's) */
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

static struct vm vm0;

/* The machine's RAM (QEMU's DTB) and the guest's (boot descriptor). */
static uint64_t ram_base = BOARD_RAM_BASE, ram_size = 0x08000000ul;
static uint64_t guest_ram_size = GUEST_RAM_DEFAULT_SIZE;
static unsigned nr_pcpus = 1;

/* Secondary CPUs' stacks (boot.S: secondary_entry). */
uint8_t secondary_stacks[MAX_CPUS][1u << SECONDARY_STACK_SHIFT] __attribute__((aligned(16)));
extern const char secondary_entry[];

/* demo_guest.S */
extern const char demo_guest_start[], demo_guest_end[];
void *memcpy(void *dst, const void *src, size_t n);

/* ---- guest-triggered messages ------------------------------------------ */

static uint64_t counter_hz = 62500000; /* CNTFRQ_EL0, read at boot */

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
static bool vm_log_allow(struct vm *vm, unsigned n, uint64_t *dropped)
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

/* A line the guest caused, rate-limited (vm_log_allow()). */
#define vm_log(vm, n, ...)                                                                         \
	do {                                                                                       \
		uint64_t dropped_;                                                                 \
                                                                                                   \
		if (vm_log_allow((vm), (n), &dropped_)) {                                          \
			if (dropped_)                                                              \
				hyp_log("%lu guest-triggered message%s dropped", dropped_,         \
					dropped_ > 1 ? "s" : "");                                  \
			hyp_log(__VA_ARGS__);                                                      \
		}                                                                                  \
	} while (0)

/* Prints what the vGIC asked to log while it held its lock. */
static void vm_log_deferred(struct vm *vm, unsigned n)
{
	struct deferred_log d = vm->vc[n].deferred;

	vm->vc[n].deferred.what = NULL;
	hyp_log("%s (%u, %u)", d.what, d.a, d.b);
}

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
		(unsigned)(f->esr >> 26) & 0x3f);
	hyp_log("  ESR_EL2 %016lx  ELR_EL2 %016lx", f->esr, f->elr);
	hyp_log("  FAR_EL2 %016lx  SPSR_EL2 %016lx", f->far, f->spsr);
	hyp_log("event=el2_exception vector=%u esr=0x%lx elr=0x%lx far=0x%lx", slot, f->esr, f->elr,
		f->far);
	for (i = 0; i < 30; i += 2)
		hyp_log("  x%-2u %016lx  x%-2u %016lx", i, f->x[i], i + 1, f->x[i + 1]);
	hyp_panic("unexpected exception at EL2");
}

/* ---- debug hardware ------------------------------------------------------ */

/* Breakpoint n and watchpoint n disabled (their control registers zero). */
#define DBG_BP_OFF(n)                                                                              \
	case n:                                                                                    \
		__asm__ volatile("msr dbgbcr" #n "_el1, xzr");                                     \
		__attribute__((fallthrough))
#define DBG_WP_OFF(n)                                                                              \
	case n:                                                                                    \
		__asm__ volatile("msr dbgwcr" #n "_el1, xzr");                                     \
		__attribute__((fallthrough))

/* The breakpoint and watchpoint control registers reset to UNKNOWN values
 * (ARM ARM); the guest cannot write them (handle_debug_sysreg()), so each
 * CPU disables them all once, before any guest runs.  BRPs/WRPs: the number
 * implemented minus one. */
static void debug_disable_all(void)
{
	uint64_t dfr0 = id_aa64dfr0_el1_read();

	switch (id_aa64dfr0_el1_brps_get(dfr0)) {
		DBG_BP_OFF(15);
		DBG_BP_OFF(14);
		DBG_BP_OFF(13);
		DBG_BP_OFF(12);
		DBG_BP_OFF(11);
		DBG_BP_OFF(10);
		DBG_BP_OFF(9);
		DBG_BP_OFF(8);
		DBG_BP_OFF(7);
		DBG_BP_OFF(6);
		DBG_BP_OFF(5);
		DBG_BP_OFF(4);
		DBG_BP_OFF(3);
		DBG_BP_OFF(2);
		DBG_BP_OFF(1);
		DBG_BP_OFF(0);
	default:
		break;
	}
	switch (id_aa64dfr0_el1_wrps_get(dfr0)) {
		DBG_WP_OFF(15);
		DBG_WP_OFF(14);
		DBG_WP_OFF(13);
		DBG_WP_OFF(12);
		DBG_WP_OFF(11);
		DBG_WP_OFF(10);
		DBG_WP_OFF(9);
		DBG_WP_OFF(8);
		DBG_WP_OFF(7);
		DBG_WP_OFF(6);
		DBG_WP_OFF(5);
		DBG_WP_OFF(4);
		DBG_WP_OFF(3);
		DBG_WP_OFF(2);
		DBG_WP_OFF(1);
		DBG_WP_OFF(0);
	default:
		break;
	}
	isb();
}

/* ---- platform power ---------------------------------------------------- */

/* QEMU implements PSCI itself (no EL3 firmware): SYSTEM_OFF over SMC from
 * EL2 ends QEMU with exit status 0. */
static uint64_t firmware_psci(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)::"memory");
	return x0;
}

static void __attribute__((noreturn)) machine_power_off(void)
{
	guest_console_flush();
	hyp_log("powering off");
	firmware_psci(PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);
	hyp_panic("PSCI SYSTEM_OFF returned");
}

/* ---- stage 2 ------------------------------------------------------------ */

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

/* Guest RAM is one linear region: IPA -> hypervisor pointer, or NULL when
 * [ipa, ipa+len) is not all guest RAM. */
static void *guest_ram_ptr(uint64_t ipa, uint64_t len)
{
	if (ipa < GUEST_RAM_IPA || len > guest_ram_size ||
	    ipa - GUEST_RAM_IPA > guest_ram_size - len)
		return NULL;
	return phys_to_virt(GUEST_RAM_PA + (ipa - GUEST_RAM_IPA));
}

static void *guest_ipa_to_hva(uint64_t ipa)
{
	return guest_ram_ptr(ipa, 1);
}

/* Clean and invalidate [p, p + len) to the point of coherency. */
static void dcache_clean_inval(const void *p, uint64_t len)
{
	uint64_t ctr, line, a, end = (uint64_t)(uintptr_t)p + len;

	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
	line = 4ul << ((ctr >> 16) & 0xf);
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

/* ---- the vGIC's host side -------------------------------------------------- */

/* vCPU n runs on physical CPU n: a kick is one SGI to that CPU.  It makes
 * the CPU leave the guest (HCR_EL2.IMO) or wakes it from its WFI. */
static void vgic_host_kick(void *ctx, unsigned int vcpu_id, int pcpu)
{
	(void)ctx;
	(void)pcpu;
	gic_kick(vcpu_id);
}

/* The vGIC calls it with its lock held: the message is kept for this CPU's
 * run loop to print (one per exit; rate-limited as any the guest causes). */
static void vgic_host_log(void *ctx, const char *what, uint32_t a, uint32_t b)
{
	struct vm *vm = ctx;
	unsigned n = cpu_id();
	struct vcpu_slot *s = &vm->vc[n % MAX_CPUS];
	uint64_t dropped;

	if (s->deferred.what || !vm_log_allow(vm, n % MAX_CPUS, &dropped)) {
		s->log_dropped += s->deferred.what != NULL;
		return;
	}
	s->deferred.what = what;
	s->deferred.a = a;
	s->deferred.b = b;
}

static void vgic_host_deactivate(void *ctx, uint32_t pintid, int pcpu)
{
	if (pintid < VGIC_NR_PRIVATE && pcpu >= 0 && (unsigned)pcpu != cpu_id()) {
		vgic_host_log(ctx, "vgic: cannot deactivate another CPU's PPI (PPI, CPU)", pintid,
			      (uint32_t)pcpu);
		return;
	}
	gic_deactivate(pintid);
}

static void vgic_host_route(void *ctx, uint32_t pintid, int pcpu)
{
	(void)ctx;
	if (pcpu >= 0)
		gic_route_spi(pintid, (unsigned)pcpu);
}

/* The output of a forwarded EL1 timer, on the CPU whose timer it is:
 * enabled, not masked, condition met (CNTV_CTL_EL0 / CNTP_CTL_EL0).  Other
 * lines: taken as asserted. */
static bool vgic_host_line_level(void *ctx, uint32_t pintid, int pcpu)
{
	uint64_t ctl;

	(void)ctx;
	if (pcpu < 0 || (unsigned)pcpu != cpu_id())
		return true;
	if (pintid == GIC_PPI_VTIMER) {
		ctl = cntv_ctl_el0_read();
		return (ctl & CNTV_CTL_EL0_ENABLE_MASK) && !(ctl & CNTV_CTL_EL0_IMASK_MASK) &&
		       (ctl & CNTV_CTL_EL0_ISTATUS_MASK);
	}
	if (pintid == GIC_PPI_PTIMER) {
		ctl = cntp_ctl_el0_read();
		return (ctl & CNTP_CTL_EL0_ENABLE_MASK) && !(ctl & CNTP_CTL_EL0_IMASK_MASK) &&
		       (ctl & CNTP_CTL_EL0_ISTATUS_MASK);
	}
	return true;
}

static const struct vgic_ops vgic_host_ops = {
	.kick = vgic_host_kick,
	.deactivate_phys = vgic_host_deactivate,
	.route_spi = vgic_host_route,
	.log = vgic_host_log,
	.lock = NULL, /* the vGIC's built-in spinlock: no call per entry point */
	.unlock = NULL,
	.phys_line_level = vgic_host_line_level,
};

/* Whether physical `intid` is forwarded to the VM. */
static bool vm_irq_forwarded(const struct vm *vm, uint32_t intid)
{
	unsigned i;

	for (i = 0; i < vm->cfg->nr_irqs_forwarded; i++)
		if (vm->cfg->irqs[i].pirq == intid)
			return true;
	return false;
}

/*
 * Takes every physical interrupt pending at this CPU.  Each is acknowledged
 * and its priority dropped (EOImode 1).  The EL1 virtual and physical timers
 * and passed-through SPIs go to the vGIC, hardware-linked: the guest
 * deactivates them.  The
 * hypervisor's own (its kick SGI, the maintenance interrupt) are deactivated
 * here: taking them made the guest exit, which is all they are for; the run
 * loop's sync and flush do the work.
 */
/* Out of line: take_phys_irqs() is on the IPI and timer paths. */
static __attribute__((noinline)) void log_unexpected_irq(struct vm *vm, unsigned n, uint32_t id)
{
	vm_log(vm, n, "CPU %u: unexpected physical interrupt %u", n, id);
}

static void take_phys_irqs(struct vm *vm, unsigned n)
{
	for (;;) {
		uint32_t iar = gicc_ack(BOARD_GICC_BASE), id = gicc_iar_intid(iar);

		if (id >= GIC_SPURIOUS)
			return;
		gicc_eoi(BOARD_GICC_BASE, iar);
		if ((((id == GIC_PPI_VTIMER || id == GIC_PPI_PTIMER) && vm->vc[n].vcpu.loaded) ||
		     (id >= VGIC_NR_PRIVATE && vm_irq_forwarded(vm, id))) &&
		    vgic_inject_phys(&vm->vgic, n, id) == 0)
			continue; /* the guest deactivates it */
		gicc_deactivate(BOARD_GICC_BASE, iar);
		if (id != GIC_SGI_KICK && id != GIC_PPI_MAINT)
			log_unexpected_irq(vm, n, id);
	}
}

/*
 * vCPU n waits for an interrupt (WFI, PSCI CPU_SUSPEND): unless one is
 * pending for it already, this CPU waits in a real WFI, which any physical
 * interrupt pending at this CPU ends even though EL2 runs with interrupts
 * masked: the vCPU's own virtual timer (PPI 27, which keeps counting while
 * the vCPU waits), a passed-through SPI, or the kick SGI of another CPU that
 * made an interrupt pending for it.  Nothing is lost between the check and
 * the WFI: the kick stays pending in the GIC.  Then the vCPU goes back to
 * the guest, as a WFI may complete for any reason: if nothing it can take
 * came (a kick for a change that made nothing deliverable), its next WFI
 * exits and waits again.  Never a polling loop: each round waits for an
 * interrupt.
 */
static void vcpu_block(struct vm *vm, unsigned n)
{
	if (vm->off || vm->vc[n].power != PWR_ON ||
	    (vm->vgic.vcpu[n].nr_listed && vgic_vcpu_has_pending(&vm->vgic, n)))
		return;
	__asm__ volatile("dsb sy\n\twfi" ::: "memory");
	take_phys_irqs(vm, n);
}

/* ---- PSCI ---------------------------------------------------------------- */

/* The vCPU whose MPIDR affinity is `mpidr` (Aff3..Aff0, the RES0 bits
 * already checked by psci_dispatch()), -1 if none. */
static int vm_vcpu_by_mpidr(const struct vm *vm, uint64_t mpidr)
{
	unsigned i;

	for (i = 0; i < vm->nr_vcpus; i++)
		if (cpu_mpidr_affinity(i) == mpidr)
			return (int)i;
	return -1;
}

static void vm_stop(struct vm *vm, unsigned by)
{
	unsigned i;

	vm->off_by = (int)by;
	dsb(ish);
	vm->off = true;
	for (i = 0; i < vm->nr_vcpus; i++)
		if (i != by)
			gic_kick(i);
}

static int64_t psci_cpu_on(void *ctx, uint64_t target, uint64_t entry, uint64_t context_id)
{
	struct vm *vm = ctx;
	int n = vm_vcpu_by_mpidr(vm, target);
	struct vcpu_slot *s;
	int64_t ret = PSCI_RET_SUCCESS;

	if (n < 0)
		return PSCI_RET_INVALID_PARAMS;
	/* an AArch64 entry is 4-byte aligned and in the VM's RAM, or it could
	 * only loop on aborts (DEN 0022D 5.1.4: INVALID_ADDRESS) */
	if ((entry & 3) || !guest_ram_ptr(entry, 4))
		return PSCI_RET_INVALID_ADDRESS;
	s = &vm->vc[n];
	spin_lock(&vm->power_lock);
	if (s->power == PWR_ON) {
		ret = PSCI_RET_ALREADY_ON;
	} else if (s->power == PWR_ON_PENDING) {
		ret = PSCI_RET_ON_PENDING;
	} else {
		s->on_entry = entry;
		s->on_x[0] = context_id;
		s->on_x[1] = s->on_x[2] = s->on_x[3] = 0;
		s->power = PWR_ON_PENDING;
	}
	spin_unlock(&vm->power_lock);
	if (ret == PSCI_RET_SUCCESS)
		gic_kick((unsigned)n);
	return ret;
}

static int64_t psci_cpu_off(void *ctx)
{
	struct vm *vm = ctx;
	unsigned n = cpu_id();

	spin_lock(&vm->power_lock);
	vm->vc[n].power = PWR_OFF;
	spin_unlock(&vm->power_lock);
	return PSCI_RET_DENIED; /* never seen: the vCPU does not run again */
}

/* Standby only: like WFI (a power-down request is granted as standby, which
 * PSCI allows: the caller sees a return as from a standby state). */
static int64_t psci_cpu_suspend(void *ctx, uint64_t power_state, uint64_t entry, uint64_t cid)
{
	struct vm *vm = ctx;

	(void)power_state;
	(void)entry;
	(void)cid;
	vcpu_block(vm, cpu_id());
	return PSCI_RET_SUCCESS;
}

static int64_t psci_affinity_info(void *ctx, uint64_t target, uint64_t lowest_level)
{
	struct vm *vm = ctx;
	int n;

	if (lowest_level != 0)
		return PSCI_RET_INVALID_PARAMS;
	n = vm_vcpu_by_mpidr(vm, target);
	if (n < 0)
		return PSCI_RET_INVALID_PARAMS;
	switch (vm->vc[n].power) {
	case PWR_ON:
		return PSCI_AFFINITY_ON;
	case PWR_ON_PENDING:
		return PSCI_AFFINITY_ON_PENDING;
	default:
		return PSCI_AFFINITY_OFF;
	}
}

static void psci_system_off(void *ctx)
{
	guest_console_flush();
	hyp_log("guest called PSCI SYSTEM_OFF");
	hyp_log("event=vm_stop by=psci_system_off vcpu=%u", cpu_id());
	vm_stop(ctx, cpu_id());
}

/* The VM owns the board: its reset is the machine's (QEMU reloads the
 * images and minihyp boots again; with -no-reboot QEMU exits instead). */
static void psci_system_reset(void *ctx)
{
	(void)ctx;
	guest_console_flush();
	hyp_log("guest called PSCI SYSTEM_RESET: resetting the machine");
	hyp_log("event=vm_reset by=psci_system_reset vcpu=%u", cpu_id());
	firmware_psci(PSCI_0_2_FN_SYSTEM_RESET, 0, 0, 0);
	hyp_panic("PSCI SYSTEM_RESET returned");
}

static const struct psci_ops vm_psci_ops = {
	.cpu_on = psci_cpu_on,
	.cpu_off = psci_cpu_off,
	.cpu_suspend = psci_cpu_suspend,
	.affinity_info = psci_affinity_info,
	.system_off = psci_system_off,
	.system_reset = psci_system_reset,
};

/* ---- exit handlers ------------------------------------------------------- */

/* At most MINIHYP_CONSOLE_WRITE_MAX bytes a call, so that one call keeps
 * EL2 busy (interrupts masked) for a bounded time: the guest writes the rest
 * with further calls (docs/hypercall-abi.md). */
static int64_t hc_console_write(uint64_t ipa, uint64_t len)
{
	const char *p = guest_ram_ptr(ipa, len);
	uint64_t i;

	if (!p)
		return MINIHYP_RET_INVALID_PARAMS;
	if (len > MINIHYP_CONSOLE_WRITE_MAX)
		len = MINIHYP_CONSOLE_WRITE_MAX;
	for (i = 0; i < len; i++)
		guest_console_putc(p[i]);
	return (int64_t)len;
}

/* MINIHYP_HC_RESCHEDULE: what a scheduler does when another vCPU takes the
 * physical CPU: save the vCPU's EL1, FP/SIMD and vGIC CPU-interface state,
 * let the registers be used for something else (here: scribbled over), load
 * it back. */
static void vm_reschedule(struct vm *vm, unsigned n)
{
	static struct vcpu_fpsimd junk[MAX_CPUS];
	struct vcpu *v = &vm->vc[n].vcpu;
	unsigned i;

	vgic_vcpu_put(&vm->vgic, n);
	vcpu_put(v);
	for (i = 0; i < sizeof(junk[n].v) / sizeof(junk[n].v[0]); i++)
		junk[n].v[i] = 0xdeadbeef00000000ull | i;
	junk[n].fpcr = 0;
	junk[n].fpsr = 0;
	vcpu_fpsimd_restore(&junk[n]);
	vbar_el1_write(0);
	tpidr_el1_write(0xdeadbeef);
	sctlr_el1_write(VCPU_SCTLR_EL1_RESET);
	vcpu_load(v);
	vgic_vcpu_load(&vm->vgic, n, (int)n);
}

/* Whether minihyp answers `fid` (W0) as more than NOT_SUPPORTED: its own
 * calls, the vendor-hypervisor queries and the standard range
 * (psci_dispatch()).  Anything else is answered without being looked at
 * further, in the exit fast path once the VM's messages are rate-limited. */
static inline bool smccc_fid_known(uint32_t fid)
{
	/* First one mask test on the top byte, which rules out nearly every
	 * other ID: fast call (bit 31), owner 0, 4 or 6 (bits 29:24 = 0b00x0x0:
	 * it lets owner 2 through, for the full test), SMC32 or SMC64. */
	enum { TOP_MASK = 0xb9, TOP = 0x80 };
	_Static_assert(((MINIHYP_HC_BASE >> 24) & TOP_MASK) == TOP &&
			       ((MINIHYP_SMCCC_CALL_COUNT >> 24) & TOP_MASK) == TOP &&
			       ((PSCI_0_2_FN_BASE >> 24) & TOP_MASK) == TOP &&
			       ((PSCI_0_2_FN64_BASE >> 24) & TOP_MASK) == TOP &&
			       ((SMCCC_VERSION_FUNC_ID >> 24) & TOP_MASK) == TOP &&
			       (((SMCCC_VERSION_FUNC_ID | SMCCC_SMC64) >> 24) & TOP_MASK) == TOP,
		       "the known owners pass the top-byte test");

	return ((fid >> 24) & TOP_MASK) == TOP &&
	       (fid - MINIHYP_HC_BASE < MINIHYP_NR_CALLS || fid == MINIHYP_SMCCC_CALL_COUNT ||
		fid == MINIHYP_SMCCC_CALL_UID || fid == MINIHYP_SMCCC_REVISION ||
		psci_fid_in_range(fid));
}

static void handle_smccc(struct vm *vm, unsigned n, bool smc)
{
	struct vcpu *v = &vm->vc[n].vcpu;
	uint64_t x0 = v->regs.x[0];
	uint32_t fid = (uint32_t)x0;
	int64_t ret;

	if (v->exit.imm != 0 || !smccc_fid_known(fid)) {
		vm_log(vm, n, "unknown %s #%u function %08x: NOT_SUPPORTED", smc ? "SMC" : "HVC",
		       v->exit.imm, fid);
		ret = MINIHYP_RET_NOT_SUPPORTED;
	} else if ((fid & 0xff000000u) == MINIHYP_HC_BASE) {
		switch (fid) {
		case MINIHYP_HC_NULL:
			ret = 0;
			break;
		case MINIHYP_HC_CONSOLE_WRITE:
			ret = hc_console_write(v->regs.x[1], v->regs.x[2]);
			break;
		case MINIHYP_HC_SHUTDOWN:
			vm->status = v->regs.x[1];
			guest_console_flush();
			hyp_log("guest shut down with status %ld", (long)vm->status);
			hyp_log("event=vm_stop by=hvc_shutdown status=%ld vcpu=%u",
				(long)vm->status, n);
			vm_stop(vm, n);
			ret = 0;
			break;
		case MINIHYP_HC_ABI_VERSION:
			ret = MINIHYP_ABI_VERSION;
			break;
		case MINIHYP_HC_RESCHEDULE:
			vm_reschedule(vm, n);
			ret = 0;
			break;
		default: /* not smccc_fid_known() */
			ret = MINIHYP_RET_NOT_SUPPORTED;
			break;
		}
	} else if (fid == MINIHYP_SMCCC_CALL_UID) {
		ret = MINIHYP_UID_W0;
		v->regs.x[1] = MINIHYP_UID_W1;
		v->regs.x[2] = MINIHYP_UID_W2;
		v->regs.x[3] = MINIHYP_UID_W3;
	} else if (fid == MINIHYP_SMCCC_REVISION) {
		ret = MINIHYP_ABI_VERSION >> 16;
		v->regs.x[1] = MINIHYP_ABI_VERSION & 0xffffu;
	} else if (fid == MINIHYP_SMCCC_CALL_COUNT) {
		ret = MINIHYP_NR_CALLS;
	} else if (!psci_dispatch(&vm_psci_ops, vm, x0, v->regs.x[1], v->regs.x[2], v->regs.x[3],
				  &ret)) {
		ret = MINIHYP_RET_NOT_SUPPORTED; /* not smccc_fid_known() */
	}
	v->regs.x[0] = (uint64_t)ret;
}

/* An emulated device refused the access of the (decoded) exit. */
static __attribute__((noinline)) void mmio_refused(struct vm *vm, unsigned n, struct vcpu *v,
						   const struct vdev *dev)
{
	const struct vcpu_exit_dabt *d = &v->exit.dabt;

	vm_log(vm, n, "guest %u-byte %s of %s at offset %lx refused: injecting an external abort",
	       d->size, d->write ? "write" : "read", dev->name, d->ipa - dev->base);
	vcpu_inject_dabt(v, d->far, d->write);
}

static void handle_dabt(struct vm *vm, unsigned n, struct vcpu *v)
{
	const struct vcpu_exit_dabt *d = &v->exit.dabt;
	struct vdev *dev = vdev_find(d->ipa);
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

static void handle_iabt(struct vm *vm, unsigned n, struct vcpu *v)
{
	vm_log(vm, n,
	       "guest instruction fetch at unmapped IPA %lx (PC %lx): injecting an external abort",
	       v->exit.iabt.ipa, v->regs.pc);
	vcpu_inject_iabt(v, v->exit.iabt.far);
}

/* ID registers (HCR_EL2.TID3): op0 3, op1 0, CRn 0, CRm 1..7. */
static inline bool sysreg_is_id(unsigned op0, unsigned op1, unsigned crn, unsigned crm)
{
	return op0 == 3 && op1 == 0 && crn == 0 && crm >= 1 && crm <= 7;
}

/* What the guest sees of the AArch64 ID registers: the hardware's values,
 * with EL2 and EL3 hidden (the guest has EL1/EL0 only), EL0 and EL1 AArch64
 * only (minihyp does not run AArch32 code), and SVE, SME, MTE, pointer
 * authentication (ID_AA64ISAR1_EL1; ID_AA64ISAR2_EL1 reads as zero),
 * AMU, MPAM hidden (minihyp neither switches nor offers them).  The other
 * encodings of the ID space read as zero, as unallocated ID registers do. */
static uint64_t id_reg_value(uint16_t enc)
{
	uint64_t v;

	switch (enc) {
	case ID_AA64PFR0_EL1_ENC:
		v = id_aa64pfr0_el1_read();
		v &= ~(ID_AA64PFR0_EL1_EL0_MASK | ID_AA64PFR0_EL1_EL1_MASK |
		       ID_AA64PFR0_EL1_EL2_MASK | ID_AA64PFR0_EL1_EL3_MASK |
		       ID_AA64PFR0_EL1_SVE_MASK | ID_AA64PFR0_EL1_MPAM_MASK |
		       ID_AA64PFR0_EL1_AMU_MASK);
		v = id_aa64pfr0_el1_el0_set(v, ID_AA64PFR0_EL1_EL0_AARCH64);
		return id_aa64pfr0_el1_el1_set(v, ID_AA64PFR0_EL1_EL1_AARCH64);
	case ID_AA64PFR1_EL1_ENC:
		return id_aa64pfr1_el1_read() &
		       ~(ID_AA64PFR1_EL1_MTE_MASK | ID_AA64PFR1_EL1_SME_MASK);
	case ID_AA64DFR0_EL1_ENC:
		/* the debug architecture and the breakpoint, watchpoint and
		 * context-comparator counts of the hardware (their registers
		 * are emulated: handle_debug_sysreg()); no PMU, SPE, trace,
		 * BRBE; no OS double lock */
		v = id_aa64dfr0_el1_read() &
		    (ID_AA64DFR0_EL1_DEBUGVER_MASK | ID_AA64DFR0_EL1_BRPS_MASK |
		     ID_AA64DFR0_EL1_WRPS_MASK | ID_AA64DFR0_EL1_CTX_CMPS_MASK);
		return id_aa64dfr0_el1_doublelock_set(v, ID_AA64DFR0_EL1_DOUBLELOCK_NI);
	case ID_AA64ISAR0_EL1_ENC:
		return id_aa64isar0_el1_read();
	case ID_AA64ISAR1_EL1_ENC:
		/* pointer authentication traps to EL2 (HCR_EL2.API/APK clear)
		 * and its keys are not switched: hidden */
		return id_aa64isar1_el1_read() &
		       ~(ID_AA64ISAR1_EL1_APA_MASK | ID_AA64ISAR1_EL1_API_MASK |
			 ID_AA64ISAR1_EL1_GPA_MASK | ID_AA64ISAR1_EL1_GPI_MASK);
	case ID_AA64MMFR0_EL1_ENC:
		return id_aa64mmfr0_el1_read();
	case ID_AA64MMFR1_EL1_ENC:
		return id_aa64mmfr1_el1_read();
	case ID_AA64MMFR2_EL1_ENC:
		return id_aa64mmfr2_el1_read();
	default:
		return 0;
	}
}

/* The MDSCR_EL1 bits a guest may set: software step, debug exceptions at
 * EL1 and breakpoint/watchpoint enable (which match nothing: below), DCC
 * traps.  Not HDE (halting: an external debugger would stop the CPU). */
#define GUEST_MDSCR_EL1_MASK                                                                       \
	(MDSCR_EL1_SS_MASK | MDSCR_EL1_KDE_MASK | MDSCR_EL1_MDE_MASK | MDSCR_EL1_TDCC_MASK)

/*
 * The debug registers (op0 = 2), all trapped (VCPU_MDCR_EL2_GUEST).
 * MDSCR_EL1 and the OS lock reach the hardware: they only govern debug
 * exceptions taken to EL1, the guest's own.  Breakpoints, watchpoints, the
 * OS double lock, claim tags, the DCC, the debug ROM address are not
 * offered: they read as zero and ignore writes, so nothing the guest writes
 * programs the hardware.  Returns false for an access it does not emulate.
 */
static bool handle_debug_sysreg(struct vcpu *v, const struct vcpu_exit_sysreg *s)
{
	uint64_t val = 0;

	switch (s->enc) {
	case MDSCR_EL1_ENC:
		if (!s->read)
			mdscr_el1_write(vcpu_get_reg(v, s->rt) & GUEST_MDSCR_EL1_MASK);
		else
			val = mdscr_el1_read();
		break;
	case OSLAR_EL1_ENC: /* write-only */
		if (s->read)
			return false;
		__asm__ volatile("msr oslar_el1, %0" ::"r"(vcpu_get_reg(v, s->rt)));
		break;
	case OSLSR_EL1_ENC: /* read-only */
		if (!s->read)
			return false;
		__asm__ volatile("mrs %0, oslsr_el1" : "=r"(val));
		break;
	default:
		break;
	}
	if (s->read)
		vcpu_set_reg(v, s->rt, val);
	vcpu_advance_pc(v);
	return true;
}

static void handle_sysreg(struct vm *vm, unsigned n, struct vcpu *v)
{
	const struct vcpu_exit_sysreg *s = &v->exit.sysreg;

	if (s->op0 == 2 && handle_debug_sysreg(v, s))
		return;
	if (sysreg_is_id(s->op0, s->op1, s->crn, s->crm) && s->read) {
		vcpu_set_reg(v, s->rt, id_reg_value(s->enc));
		vcpu_advance_pc(v);
		return;
	}
	vm_log(vm, n, "guest %s S%u_%u_C%u_C%u_%u (x%u, PC %lx): not emulated, injecting UNDEFINED",
	       s->read ? "MRS" : "MSR", s->op0, s->op1, s->crn, s->crm, s->op2, s->rt, v->regs.pc);
	vcpu_inject_undef(v);
}

static __attribute__((noinline)) void handle_exit(struct vm *vm, unsigned n,
						  const struct vcpu_exit_info *e)
{
	struct vcpu *v = &vm->vc[n].vcpu;

	/*
	 * AArch32 EL0: the guest's ID registers say EL0 is AArch64 only, but
	 * the CPU may run it (HCR_EL2.RW only makes EL1 AArch64, and nothing
	 * in the architecture stops an ERET to AArch32 EL0 that the hardware
	 * supports).  Nothing it traps for is emulated: emulating would have
	 * to advance ITSTATE inside IT blocks.  Its synchronous exits get
	 * UNDEFINED (taken at VBAR_EL1 + 0x600, EC 0).
	 */
	if (e->reason == VCPU_EXIT_IRQ) { /* the commonest slow exit: first */
		take_phys_irqs(vm, n);
		return;
	}
	if ((v->regs.pstate & VCPU_PSTATE_NRW) && e->reason != VCPU_EXIT_FIQ &&
	    e->reason != VCPU_EXIT_SERROR) {
		vm_log(vm, n, "guest exit %s from AArch32 EL0 (PC %lx): injecting UNDEFINED",
		       vcpu_exit_reason_name(e->reason), v->regs.pc);
		vcpu_inject_undef(v);
		return;
	}
	switch (e->reason) {
	case VCPU_EXIT_HVC:
		handle_smccc(vm, n, false);
		break;
	case VCPU_EXIT_SMC:
		handle_smccc(vm, n, true);
		vcpu_advance_pc(v);
		break;
	case VCPU_EXIT_DABT:
		handle_dabt(vm, n, v);
		break;
	case VCPU_EXIT_IABT:
		handle_iabt(vm, n, v);
		break;
	case VCPU_EXIT_SYSREG:
		handle_sysreg(vm, n, v);
		break;
	case VCPU_EXIT_WFI:
		vcpu_advance_pc(v);
		vcpu_block(vm, n);
		break;
	case VCPU_EXIT_WFE:
		/* an event may come from anywhere, a spurious wake-up is allowed */
		vcpu_advance_pc(v);
		break;
	case VCPU_EXIT_FIQ:
		vm_log(vm, n, "physical FIQ while the guest ran: ignored");
		break;
	case VCPU_EXIT_SERROR:
		vm_log(vm, n, "SError while the guest ran (ESR_EL2 %lx): ignored", e->esr);
		break;
	default:
		vm_log(vm, n, "guest exit %s (EC 0x%x, ESR %lx, PC %lx): injecting UNDEFINED",
		       vcpu_exit_reason_name(e->reason), e->ec, e->esr, v->regs.pc);
		vcpu_inject_undef(v);
		break;
	}
}

/* ---- the VM ---------------------------------------------------------------- */

/* Powers vCPU n on, on this CPU (n): registers at reset, entry and x0..x3
 * as CPU_ON (or the boot) asked, its EL2/EL1 state and its vGIC CPU
 * interface loaded. */
static void vcpu_power_on(struct vm *vm, unsigned n)
{
	struct vcpu_slot *s = &vm->vc[n];
	struct vcpu *v = &s->vcpu;
	struct vcpu_options opts = {
		.timer_passthrough = true,
		.irq_passthrough = false, /* HCR_EL2.IMO/FMO: physical IRQs exit */
		.hcr_set = HCR_EL2_TID3_MASK | HCR_EL2_TACR_MASK,
		.hcr_clear = 0,
		.cntvoff = vm->cntvoff,
	};
	unsigned i;

	vcpu_create(v, cpu_mpidr_affinity(n), s->on_x[0]);
	for (i = 1; i < 4; i++)
		vcpu_set_reg(v, i, s->on_x[i]);
	vcpu_setup(v, &opts);
	vcpu_set_entry(v, s->on_entry);
	vcpu_set_stage2_root(v, vm->vttbr, vm->vtcr);
	vcpu_load(v);
	vgic_vcpu_load(&vm->vgic, n, (int)n);
	spin_lock(&vm->power_lock);
	s->power = PWR_ON;
	spin_unlock(&vm->power_lock);
}

/* vCPU n leaves this CPU (CPU_OFF or the end of the VM): its state is saved
 * and its timers silenced, so that nothing of it fires here. */
static void vcpu_power_off(struct vm *vm, unsigned n)
{
	struct vcpu *v = &vm->vc[n].vcpu;

	vgic_vcpu_put(&vm->vgic, n);
	vcpu_put(v);
	cntv_ctl_el0_write(0);
	cntp_ctl_el0_write(0);
	isb();
	/* its active interrupts end: a timer interrupt it never deactivated
	 * would otherwise keep the physical PPI 27 active for good */
	vgic_vcpu_reset(&vm->vgic, n);
}

/* A handled trapped instruction: step over it (ESR_EL2.IL: 16 or 32 bits).
 * exit_fast() only gets here with PSTATE.SS clear: no step to complete. */
static inline void advance_pc_esr(struct vcpu *v, uint64_t esr)
{
	v->regs.pc += esr & ESR_EL2_IL_MASK ? 4 : 2;
}

enum { EXIT_SLOW, EXIT_DONE, EXIT_DONE_VGIC, EXIT_WFI };

/* A trapped read of an ID register (TID3): answered from id_reg_value()
 * without the full decode.  Anything else trapped as MSR/MRS: the slow
 * path. */
static inline int exit_fast_id_reg(struct vcpu *v, uint64_t esr)
{
	unsigned op0 = (unsigned)esr_el2_sys_op0_get(esr), op1 = (unsigned)esr_el2_sys_op1_get(esr);
	unsigned crn = (unsigned)esr_el2_sys_crn_get(esr), crm = (unsigned)esr_el2_sys_crm_get(esr);
	unsigned op2 = (unsigned)esr_el2_sys_op2_get(esr), rt = (unsigned)esr_el2_sys_rt_get(esr);

	if (esr_el2_sys_dir_get(esr) != ESR_EL2_SYS_DIR_READ || !sysreg_is_id(op0, op1, crn, crm))
		return EXIT_SLOW;
	if (rt != 31)
		v->regs.x[rt] = id_reg_value((uint16_t)AARCH64_SYSREG_ENC(op0, op1, crn, crm, op2));
	advance_pc_esr(v, esr);
	return EXIT_DONE;
}

/*
 * A trapped access with a valid syndrome (no sign extension) to an emulated
 * device other than the GICD: none of them touches the vGIC, so it needs
 * neither the full decode nor sync and flush.  A load leaves the value
 * zero-extended in Xt (Wt: the upper half cleared, which the access size
 * already ensures).  A refused access is decoded and gets its abort.
 */
static inline int exit_fast_mmio(struct vm *vm, unsigned n, struct vcpu *v, uint64_t esr,
				 uint64_t ipa, unsigned rt)
{
	struct vdev *d = vdev_find(ipa);
	unsigned size = 1u << esr_el2_sas_get(esr);
	uint64_t val = 0;

	if (!d)
		return EXIT_SLOW;
	if (esr & ESR_EL2_WNR_MASK) {
		if (!d->write(d, ipa - d->base, size, rt == 31 ? 0 : v->regs.x[rt]))
			goto refused;
	} else {
		if (!d->read(d, ipa - d->base, size, &val))
			goto refused;
		if (rt != 31)
			v->regs.x[rt] = val;
	}
	advance_pc_esr(v, esr);
	return EXIT_DONE;
refused:
	vcpu_exit_complete(v, VCPU_TRAP_SYNC, esr);
	mmio_refused(vm, n, v, d);
	return EXIT_DONE;
}

/*
 * Exits handled before the full decode: the null hypercall (the
 * benchmark's); a read of the emulated distributor while the vCPU has no LR
 * in use (GICD reads have no side effects, and with no LR in use there is
 * nothing to fold back first); a write of GICD_SGIR (the IPI path).
 * EXIT_DONE: straight back into the guest; EXIT_DONE_VGIC: through the
 * vGIC's sync and flush first; EXIT_SLOW: the full decode and handle_exit.
 */
static inline int exit_fast(struct vm *vm, unsigned n, struct vcpu *v, uint64_t esr)
{
	uint32_t ec = (uint32_t)esr_el2_ec_get(esr);
	uint64_t ipa, off;
	unsigned rt;

	if (ec == ESR_EL2_EC_HVC64) {
		uint32_t fid = (uint32_t)v->regs.x[0];

		if (esr_el2_imm16_get(esr) == 0) {
			if (fid == MINIHYP_HC_NULL) {
				v->regs.x[0] = 0;
				return EXIT_DONE;
			}
			if (smccc_fid_known(fid))
				return EXIT_SLOW;
		}
		/* an unknown call while the VM's messages are dropped: answered
		 * here, counted; otherwise the slow path says it */
		/* v is the first member of its slot: addressed from v's register */
		if (!vm_log_quiet(vm,
				  (struct vcpu_slot *)(void *)((char *)v -
							       offsetof(struct vcpu_slot, vcpu))))
			return EXIT_SLOW;
		v->regs.x[0] = (uint64_t)MINIHYP_RET_NOT_SUPPORTED;
		return EXIT_DONE;
	}
	/* What follows advances the PC (advance_pc_esr()): the slow path does
	 * it for AArch32 EL0 (handle_exit()) and for a software step
	 * (vcpu_advance_pc() clears PSTATE.SS).  One test for both bits. */
	{
		uint64_t ps = v->regs.pstate;

		_Static_assert(SPSR_EL2_SS_MASK == (uint64_t)VCPU_PSTATE_NRW << 17, "NRW, SS");
		if ((ps | ps >> 17) & VCPU_PSTATE_NRW)
			return EXIT_SLOW;
	}
	if (ec == ESR_EL2_EC_WFX && !(esr_el2_wfx_ti_get(esr) & ESR_EL2_WFX_TI_WFE)) {
		advance_pc_esr(v, esr);
		return EXIT_WFI; /* after sync: wait for an interrupt */
	}
	if (ec != ESR_EL2_EC_DABT_LOW ||
	    (esr & (ESR_EL2_ISV_MASK | ESR_EL2_SSE_MASK)) != ESR_EL2_ISV_MASK)
		return ec == ESR_EL2_EC_SYS64 ? exit_fast_id_reg(v, esr) : EXIT_SLOW;
	ipa = vcpu_exit_fault_ipa(far_el2_read(), hpfar_el2_read());
	off = ipa - GUEST_GICD_IPA;
	rt = (unsigned)esr_el2_srt_get(esr);
	if (off >= GUEST_GICD_SIZE)
		return exit_fast_mmio(vm, n, v, esr, ipa, rt);
	if (esr & ESR_EL2_WNR_MASK) {
		if (off != GICD_SGIR_OFFSET || esr_el2_sas_get(esr) != ESR_EL2_SAS_WORD)
			return EXIT_SLOW;
		advance_pc_esr(v, esr);
		/* SGIs to other vCPUs leave this one's vGIC state as it was:
		 * straight back; one to itself needs sync and flush first */
		return vgic_dist_sgir_write(&vm->vgic, n, rt == 31 ? 0 : (uint32_t)v->regs.x[rt]) >
				       0
			       ? EXIT_DONE_VGIC
			       : EXIT_DONE;
	}
	if (!vgic_vcpu_sync_is_trivial(&vm->vgic.vcpu[n]))
		return EXIT_SLOW;
	{
		uint32_t val;

		vgic_dist_mmio_read(&vm->vgic, n, (uint32_t)off, 1u << esr_el2_sas_get(esr), &val);
		if (rt != 31)
			v->regs.x[rt] = val; /* zero-extended: W or X destination */
	}
	advance_pc_esr(v, esr);
	return EXIT_DONE;
}

/* The run loop of a powered-on vCPU: until it is powered off or the VM
 * stops.  Kept apart (and handle_exit out of line) so that the hot path
 * keeps its few pointers in registers. */
static __attribute__((noinline)) void vcpu_run_loop(struct vm *vm, unsigned n)
{
	struct vcpu_slot *s = &vm->vc[n];
	struct vcpu *v = &s->vcpu;
	struct vgic *vg = &vm->vgic;
	uint64_t exits = 0;

	while (!vm->off && s->power == PWR_ON) {
		unsigned trap;
		uint64_t esr = 0;
		int fast = EXIT_SLOW;

		vgic_vcpu_flush_fast(vg, n);
		for (;;) {
			trap = vcpu_guest_enter(&v->regs);
			exits++;
			if (trap != VCPU_TRAP_SYNC)
				break;
			esr = esr_el2_read();
			/* v opaque here: the fast paths address the frame from this
			 * register instead of recomputing &vm->vc[n] (a spilled n) */
			__asm__("" : "+r"(v));
			fast = exit_fast(vm, n, v, esr);
			if (fast != EXIT_DONE)
				break;
		}
		vgic_vcpu_sync_fast(vg, n);
		if (fast == EXIT_SLOW) {
			handle_exit(vm, n, vcpu_exit_complete(v, trap, esr));
			/* what the vGIC had to say (on this exit or a fast one) */
			if (s->deferred.what)
				vm_log_deferred(vm, n);
		} else if (fast == EXIT_WFI) {
			vcpu_block(vm, n);
		}
	}
	s->exits += exits;
}

/* Physical CPU n runs vCPU n until the VM stops. */
static void vcpu_thread(struct vm *vm, unsigned n)
{
	struct vcpu_slot *s = &vm->vc[n];
	struct vcpu *v = &s->vcpu;

	for (;;) {
		/* powered off: wait (in WFI) for a CPU_ON */
		while (!vm->off && s->power != PWR_ON_PENDING) {
			__asm__ volatile("dsb sy\n\twfi" ::: "memory");
			take_phys_irqs(vm, n);
		}
		if (vm->off)
			return;
		vcpu_power_on(vm, n);
		if (n)
			vm_log(vm, n, "vCPU %u on at IPA %lx (x0 %lx)", n, v->regs.pc,
			       v->regs.x[0]);
		vcpu_run_loop(vm, n);
		vcpu_power_off(vm, n);
		if (vm->off)
			return;
		vm_log(vm, n, "vCPU %u off", n);
	}
}

/* The boot descriptor (docs/minihyp.md), version 1 or 2; NULL without one. */
static const struct boot_desc_v2_view *boot_desc(void)
{
	const struct boot_desc_v2_view *d = phys_to_virt(HYP_BOOT_DESC_PA);

	if (d->magic != MINIHYP_BOOT_MAGIC)
		return NULL;
	if (!((d->version == 1 && d->size >= BOOT_DESC_V1_SIZE) ||
	      (d->version == 2 && d->size >= BOOT_DESC_V2_SIZE)))
		hyp_panic("boot descriptor version %u size %u: expected version 1 (size >= %u) or "
			  "2 (size >= %u)",
			  d->version, d->size, BOOT_DESC_V1_SIZE, BOOT_DESC_V2_SIZE);
	return d;
}

static void vm_boot_params(struct vm *vm, const struct boot_desc_v2_view *d)
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

static void vm_create(struct vm *vm, const struct boot_desc_v2_view *d, unsigned ipa_bits)
{
	const struct vm_config *c;
	struct vm_board board = {nr_pcpus, gic_nr_irqs(), ram_base, ram_size};
	uint32_t kind = d && d->version >= 2 ? d->kind : BOOT_KIND_RAW;
	unsigned i, nr_vcpus;
	int r;

	c = vm_config_for_kind(kind);
	if (!c)
		hyp_panic("boot descriptor kind %u: no VM configuration for it", kind);
	nr_vcpus = d && d->version >= 2 && d->nr_vcpus ? d->nr_vcpus : c->nr_vcpus;
	if (d && d->ram_size)
		guest_ram_size = d->ram_size;
	if (vm_config_check(c, nr_vcpus, guest_ram_size, &board)) {
		hyp_log("event=vm_refused config=%s vcpus=%u cpus=%u ram_size=0x%lx", c->name,
			nr_vcpus, nr_pcpus, guest_ram_size);
		hyp_panic("VM configuration \"%s\" is not valid on this board", c->name);
	}
	vm->cfg = c;
	vm->nr_vcpus = nr_vcpus;
	guest_console_set_name(c->name);
	vm->off_by = -1;
	vm_boot_params(vm, d);
	vm_build_stage2(vm, ipa_bits);
	vm->vttbr = stage2_vttbr(&vm->s2, GUEST_VMID);
	vm->vtcr = stage2_vtcr(ipa_bits, id_aa64mmfr0_el1_read());
	if (c->cntvoff_at_boot)
		__asm__ volatile("isb\n\tmrs %0, cntpct_el0" : "=r"(vm->cntvoff));
	r = vgic_init(&vm->vgic, nr_vcpus, c->nr_irqs, BOARD_GICH_BASE, &vgic_host_ops, vm);
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
	if (kind == BOOT_KIND_LINUX) {
#ifdef MINIHYP_HAVE_LINUX_BOOT
		uint64_t entry, x[4];

		if (linux_boot_prepare((const struct minihyp_boot_desc *)(const void *)d,
				       GUEST_RAM_IPA, guest_ram_size, guest_ipa_to_hva, &entry,
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
	vcpu_thread(&vm0, (unsigned)n);
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
	const struct boot_desc_v2_view *d;
	unsigned pa_bits, ipa_bits;
	uint64_t exits = 0, dropped = 0;
	unsigned i, gic_version;

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

	if (fdt_memory_range(phys_to_virt(HYP_DTB_BASE), &ram_base, &ram_size))
		hyp_log("RAM %lx-%lx (%lu MiB), from QEMU's device tree at %lx", ram_base,
			ram_base + ram_size, ram_size >> 20, HYP_DTB_BASE);
	else
		hyp_log("no device tree at %lx: assuming %lu MiB of RAM at %lx", HYP_DTB_BASE,
			ram_size >> 20, ram_base);
	if (ram_base != BOARD_RAM_BASE ||
	    GUEST_RAM_PA + GUEST_RAM_DEFAULT_SIZE > ram_base + ram_size)
		hyp_panic("minihyp needs RAM at %lx up to at least %lx", BOARD_RAM_BASE,
			  GUEST_RAM_PA + GUEST_RAM_DEFAULT_SIZE);

	gic_version = fdt_gic_version(phys_to_virt(HYP_DTB_BASE));
	if (gic_version == 3) {
		hyp_log("event=boot_refused gic_version=3 need_gic_version=2");
		hyp_panic("the board's GIC is a GICv3 (arm,gic-v3 in QEMU's device tree): minihyp "
			  "runs its guests on a GICv2 only so far (-machine gic-version=2)");
	}

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
	hyp_log("GICv2: %u CPU interfaces, %u interrupt lines, %u list registers", nr_pcpus,
		gic_nr_irqs(), gich_nr_lrs(BOARD_GICH_BASE));

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
	vm_create(&vm0, d, ipa_bits);
	start_secondaries(&vm0);
	hyp_log("starting the guest at IPA %lx", vm0.vc[0].on_entry);
	hyp_log("event=vm_start vcpus=%u entry=0x%lx", vm0.nr_vcpus, vm0.vc[0].on_entry);
	vcpu_thread(&vm0, 0);

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
