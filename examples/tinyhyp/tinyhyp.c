/* SPDX-License-Identifier: MIT */
/*
 * tinyhyp: the smallest complete hypervisor built on the library, and the
 * example of docs/using-the-library.md.  One vCPU on the boot CPU of QEMU's
 * virt board, one guest (guest/, built into the image by boot.S).
 *
 * What it provides, and nothing more:
 *  - el2_exception(), which asm/el2_vectors.S calls for a fault at EL2;
 *  - memory: the guest's RAM and a static page pool for the stage-2 tables
 *    (include/vcpu/stage2.h);
 *  - struct vgic_ops for the vGIC (include/vgic/, compiled here once);
 *  - early exit handlers (include/vcpu/exit_table.h): its hypercalls and
 *    the guest's distributor accesses;
 *  - a run loop over vcpu_run() for every other exit.
 * EL2 runs with its MMU off (VA == PA, every access Device-nGnRnE): there is
 * no EL2 page table to build, and no cache to keep coherent with the
 * stage-2 walker.
 */
#define VGIC_IMPLEMENTATION
#include <vgic/vgic.h>

#include <aarch64_sysreg/timer.h>
#include <gicv2/cpu_interface.h>
#include <gicv2/distributor.h>
#include <gicv2/hyp_interface.h>
#include <pl011/pl011.h>
#include <vcpu/exit_table.h>
#include <vcpu/psci.h>
#include <vcpu/stage2.h>
#include <vcpu/vcpu.h>

#include "print.h"
#include "tinyhyp.h"

#define IPA_BITS   32u /* the guest's board lies below 4 GiB */
#define VMID	   1u
#define GICD_FRAME 0x1000u		/* the emulated distributor's registers */
#define POOL_PAGES 8u			/* stage 2 needs 4: root, 2 level-2, 1 level-3 */
#define PRIO_HYP   0x80u		/* tinyhyp's own physical interrupts */
#define LOG_LIMIT  8u			/* messages a guest can cause, at most */
#define EXIT_DONE  (VCPU_TRAP_USER + 0) /* early_hvc: the guest is done */

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
void tinyhyp_main(void);
extern char el2_vectors[], guest_image[], guest_image_end[];

static struct vcpu vcpu;
static struct vgic vgic;
static struct stage2 s2;
static uint8_t guest_ram[TINYHYP_GUEST_RAM_SIZE] __attribute__((aligned(TINYHYP_GUEST_RAM_SIZE)));
static uint8_t pool[POOL_PAGES][S2_PAGE_SIZE] __attribute__((aligned(S2_PAGE_SIZE)));
static unsigned pool_used, logged;
static struct {
	uint64_t exits, early_hvc, early_gicd, run_loop_hvc, run_loop_gicd, irqs, vtimer, wfi,
		guest_hvcs;
} stats;

/* The compiler may call these (struct copies, the vGIC's resets). */
void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;

	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

/* ---- console and power ---------------------------------------------------- */

static void uart_putc(char c)
{
	while (pl011_fr_read(TINYHYP_UART_PA) & PL011_FR_TXFF_MASK)
		;
	pl011_dr_write(TINYHYP_UART_PA, (uint8_t)c);
}

static void event(const char *name)
{
	print_str(uart_putc, "tinyhyp: event=");
	print_str(uart_putc, name);
}

/* The guest's console (TINYHYP_HC_PUTC), a line at a time behind "guest: ",
 * printable ASCII only: a guest cannot forge tinyhyp's lines nor send the
 * terminal escape sequences. */
static void guest_putc(char c)
{
	static char line[256];
	static unsigned len;
	unsigned i;

	if (c != '\n' && len < sizeof(line)) {
		line[len++] = c >= ' ' && c <= '~' ? c : '.';
		return;
	}
	print_str(uart_putc, "guest: ");
	for (i = 0; i < len; i++)
		uart_putc(line[i]);
	uart_putc('\n');
	len = 0;
}

/* QEMU answers PSCI itself at EL2 (no EL3 firmware): SYSTEM_OFF ends QEMU. */
static void __attribute__((noreturn)) power_off(void)
{
	register uint64_t x0 __asm__("x0") = PSCI_0_2_FN_SYSTEM_OFF;

	__asm__ volatile("smc #0" : "+r"(x0)::"memory");
	for (;;)
		__asm__ volatile("wfi");
}

/* asm/el2_vectors.S: an exception taken at EL2 is a bug of tinyhyp's. */
void el2_exception(unsigned slot, struct el2_exception_frame *f)
{
	event("el2_fault");
	print_kv(uart_putc, "slot", slot);
	print_kx(uart_putc, "esr", f->esr);
	print_kx(uart_putc, "elr", f->elr);
	print_kx(uart_putc, "far", f->far);
	uart_putc('\n');
	power_off();
}

/* ---- memory: the stage-2 page pool ------------------------------------------ */

static void *pool_alloc(void *ctx)
{
	(void)ctx;
	return pool_used < POOL_PAGES ? pool[pool_used++] : NULL; /* .bss: zeroed */
}

static uint64_t pool_pa(void *ctx, void *va)
{
	(void)ctx;
	return (uint64_t)(uintptr_t)va; /* EL2 MMU off */
}

static void *pool_va(void *ctx, uint64_t pa)
{
	(void)ctx;
	return (void *)(uintptr_t)pa;
}

/* ---- the vGIC's host: struct vgic_ops ------------------------------------- */

/* One CPU, and the vGIC is entered only from it with interrupts masked:
 * nothing to serialise (and no exclusives on Device memory, MMU off). */
static void vg_nolock(void *ctx)
{
	(void)ctx;
}

/* The guest's EOI did not reach the physical interrupt (e.g. the vGIC
 * dropped it): end its activation at the distributor. */
static void vg_deactivate(void *ctx, uint32_t pintid, int pcpu)
{
	(void)ctx;
	(void)pcpu;
	gicd_irq_clear_active(TINYHYP_GICD_PA, pintid);
}

/* The virtual timer's output (the only hardware-linked interrupt):
 * enabled, not masked, condition met. */
static bool vg_line_level(void *ctx, uint32_t pintid, int pcpu)
{
	uint64_t ctl = cntv_ctl_el0_read();

	(void)ctx;
	(void)pcpu;
	if (pintid != TINYHYP_PPI_VTIMER)
		return true;
	return (ctl & CNTV_CTL_EL0_ENABLE_MASK) && !(ctl & CNTV_CTL_EL0_IMASK_MASK) &&
	       (ctl & CNTV_CTL_EL0_ISTATUS_MASK);
}

/* What the guest did wrong, e.g. a bad access width: a few lines at most. */
static void vg_log(void *ctx, const char *what, uint32_t a, uint32_t b)
{
	(void)ctx;
	if (logged++ >= LOG_LIMIT)
		return;
	event("vgic");
	print_kv(uart_putc, "a", a);
	print_kv(uart_putc, "b", b);
	print_str(uart_putc, " what=\"");
	print_str(uart_putc, what);
	print_str(uart_putc, "\"\n");
}

/* kick and route_spi: one vCPU on one CPU, no passed-through SPI. */
static const struct vgic_ops vgic_ops = {
	.deactivate_phys = vg_deactivate,
	.log = vg_log,
	.lock = vg_nolock,
	.unlock = vg_nolock,
	.phys_line_level = vg_line_level,
};

/* One access of the guest to its distributor (between the vGIC's sync and
 * flush, as its contract asks). */
static void gicd_access(uint32_t off, bool write, unsigned size, uint64_t *val)
{
	uint32_t v = (uint32_t)*val;

	if (write) {
		vgic_dist_mmio_write(&vgic, 0, off, size, v);
		return;
	}
	vgic_dist_mmio_read(&vgic, 0, off, size, &v);
	*val = v;
}

/* ---- early exit handlers ---------------------------------------------------- */

/* HVC #0: the console and the end of the test.  HVC leaves ELR_EL2 past the
 * instruction: no PC to advance.  Anything else goes to the run loop. */
static unsigned early_hvc(struct vcpu_gpregs *g, uint64_t esr)
{
	uint32_t fid = (uint32_t)g->x[0]; /* SMCCC: W0 only */

	if (esr_el2_imm16_get(esr) != 0)
		return VCPU_TRAP_SYNC;
	switch (fid) {
	case TINYHYP_HC_PUTC:
		stats.early_hvc++;
		guest_putc((char)g->x[1]);
		g->x[0] = SMCCC_RET_SUCCESS;
		return VCPU_EXIT_RESUME;
	case TINYHYP_HC_DONE:
		stats.early_hvc++;
		stats.guest_hvcs = g->x[1];
		return EXIT_DONE;
	default:
		return VCPU_TRAP_SYNC;
	}
}

/*
 * A data abort in the distributor's frame, with a valid syndrome and no sign
 * extension, while the vCPU has no list register in use: its sync is then
 * trivial (nothing to fold back), and so is the flush after the access,
 * unless the access gave the vCPU an interrupt to take (a self-SGI, an
 * enable), which the flush puts in a list register.  Other aborts: the run
 * loop.
 */
static unsigned early_dabt(struct vcpu_gpregs *g, uint64_t esr)
{
	unsigned rt = (unsigned)esr_el2_srt_get(esr);
	bool write = esr & ESR_EL2_WNR_MASK;
	uint64_t off, val;

	if ((esr & (ESR_EL2_ISV_MASK | ESR_EL2_SSE_MASK | ESR_EL2_S1PTW_MASK)) !=
		    ESR_EL2_ISV_MASK ||
	    !vgic_vcpu_sync_is_trivial(&vgic.vcpu[0]))
		return VCPU_TRAP_SYNC;
	off = vcpu_exit_read_fault_ipa() - TINYHYP_GUEST_GICD_IPA;
	if (off >= GICD_FRAME)
		return VCPU_TRAP_SYNC;
	stats.early_gicd++;
	val = vcpu_gpregs_get(g, rt);
	vgic_vcpu_sync_fast(&vgic, 0);
	gicd_access((uint32_t)off, write, 1u << esr_el2_sas_get(esr), &val);
	vgic_vcpu_flush_fast(&vgic, 0);
	if (!write)
		vcpu_gpregs_set(g, rt, val); /* zero-extended: W or X destination */
	vcpu_exit_skip(g, esr);
	return VCPU_EXIT_RESUME;
}

static const struct vcpu_exit_table exit_table = {
	.ec =
		{
			[ESR_EL2_EC_HVC64] = early_hvc,
			[ESR_EL2_EC_DABT_LOW] = early_dabt,
		},
};

/* ---- the run loop ------------------------------------------------------------ */

/* Takes every physical interrupt pending here: acknowledged, priority
 * dropped (EOImode 1); the virtual timer goes to the guest hardware-linked
 * (its EOI deactivates the physical PPI), the rest is deactivated here. */
static void take_irqs(void)
{
	for (;;) {
		uint32_t iar = gicc_ack(TINYHYP_GICC_PA), id = gicc_iar_intid(iar);

		if (id >= GICV2_MAX_INTID)
			return;
		stats.irqs++;
		gicc_eoi(TINYHYP_GICC_PA, iar);
		if (id == TINYHYP_PPI_VTIMER && vgic_inject_phys(&vgic, 0, id) == 0) {
			stats.vtimer++;
			continue;
		}
		gicc_deactivate(TINYHYP_GICC_PA, iar);
	}
}

static void guest_abort(const struct vcpu_exit_info *e)
{
	if (logged++ < LOG_LIMIT) {
		event("guest_abort");
		print_kx(uart_putc, "ipa", e->dabt.ipa);
		print_kx(uart_putc, "esr", e->esr);
		uart_putc('\n');
	}
	vcpu_inject_dabt(&vcpu, e->dabt.far, e->dabt.write);
}

/* An exit the early handlers left, after the vGIC's sync. */
static void handle_exit(const struct vcpu_exit_info *e)
{
	uint64_t off, val;

	switch (e->reason) {
	case VCPU_EXIT_IRQ:
		take_irqs();
		break;
	case VCPU_EXIT_DABT:
		off = e->dabt.ipa - TINYHYP_GUEST_GICD_IPA;
		if (!e->dabt.isv || e->dabt.s1ptw || off >= GICD_FRAME) {
			guest_abort(e);
			break;
		}
		stats.run_loop_gicd++;
		val = vcpu_get_reg(&vcpu, e->dabt.rt);
		gicd_access((uint32_t)off, e->dabt.write, e->dabt.size, &val);
		if (!e->dabt.write)
			vcpu_complete_mmio_load(&vcpu, val);
		vcpu_advance_pc(&vcpu);
		break;
	case VCPU_EXIT_IABT: /* nothing to execute outside its RAM */
		vcpu_inject_iabt(&vcpu, e->iabt.far);
		break;
	case VCPU_EXIT_WFI: /* a real WFI until an interrupt (EL2 masks them: no handler) */
		stats.wfi++;
		vcpu_advance_pc(&vcpu);
		if (!vgic_vcpu_has_pending(&vgic, 0)) {
			__asm__ volatile("dsb sy\n\twfi" ::: "memory");
			take_irqs();
		}
		break;
	case VCPU_EXIT_WFE:
		vcpu_advance_pc(&vcpu);
		break;
	case VCPU_EXIT_HVC: /* not one of ours */
	case VCPU_EXIT_SMC:
		stats.run_loop_hvc += e->reason == VCPU_EXIT_HVC;
		vcpu_set_reg(&vcpu, 0, (uint64_t)SMCCC_RET_NOT_SUPPORTED);
		vcpu_advance_pc(&vcpu); /* SMC only */
		break;
	case VCPU_EXIT_FIQ:
	case VCPU_EXIT_SERROR:
		break;
	default: /* anything else the guest did is UNDEFINED to it */
		vcpu_inject_undef(&vcpu);
		break;
	}
}

static void gic_init(void)
{
	gicd_init(TINYHYP_GICD_PA, gicd_cpu_mask(TINYHYP_GICD_PA));
	gicd_cpu_init(TINYHYP_GICD_PA);
	gicd_irq_set_priority(TINYHYP_GICD_PA, TINYHYP_PPI_MAINT, PRIO_HYP);
	gicd_irq_set_priority(TINYHYP_GICD_PA, TINYHYP_PPI_VTIMER, PRIO_HYP);
	gicd_irq_enable(TINYHYP_GICD_PA, TINYHYP_PPI_MAINT);
	gicd_irq_enable(TINYHYP_GICD_PA, TINYHYP_PPI_VTIMER);
	gicc_init(TINYHYP_GICC_PA, true);
	gich_init(TINYHYP_GICH_PA);
}

/* Guest RAM and the GICV frame as the guest's GICC; the GICD stays unmapped
 * (every access traps); stage-2 walks are Non-cacheable, as EL2's stores. */
static uint64_t stage2_setup(void)
{
	uint64_t vtcr = stage2_vtcr(IPA_BITS, id_aa64mmfr0_el1_read());

	s2.alloc_page = pool_alloc;
	s2.virt_to_phys = pool_pa;
	s2.phys_to_virt = pool_va;
	if (!vtcr || stage2_init(&s2, IPA_BITS) != S2_OK ||
	    stage2_map(&s2, TINYHYP_GUEST_RAM_IPA, (uintptr_t)guest_ram, sizeof(guest_ram),
		       S2_ATTR_NORMAL_RWX) != S2_OK ||
	    stage2_map(&s2, TINYHYP_GUEST_GICC_IPA, TINYHYP_GICV_PA, TINYHYP_GUEST_GICC_SIZE,
		       S2_ATTR_DEVICE_RW) != S2_OK)
		return 0;
	vtcr = vtcr_el2_irgn0_set(vtcr, VTCR_EL2_IRGN0_NC);
	return vtcr_el2_orgn0_set(vtcr, VTCR_EL2_ORGN0_NC);
}

void tinyhyp_main(void)
{
	size_t image = (size_t)(guest_image_end - guest_image);
	struct vcpu_options opts = {0}; /* the defaults: IRQs and the EL1 timer trap */
	const struct vcpu_exit_info *e;
	uint64_t vtcr;

	virt_enable((uintptr_t)el2_vectors, HCR_EL2_GUEST_DEFAULT, NULL);
	gic_init();
	vtcr = stage2_setup();
	if (!vtcr || image > sizeof(guest_ram) ||
	    vgic_init(&vgic, 1, TINYHYP_GUEST_NR_IRQS, TINYHYP_GICH_PA, &vgic_ops, NULL) ||
	    vgic_map_phys(&vgic, 0, TINYHYP_PPI_VTIMER, TINYHYP_PPI_VTIMER)) {
		event("setup_failed");
		print_kv(uart_putc, "pool_used", pool_used);
		uart_putc('\n');
		power_off();
	}
	memcpy(guest_ram, guest_image, image);
	/* new code for the guest: no stale instructions (the stores went past
	 * the data cache, MMU off) */
	__asm__ volatile("dsb ish\n\tic ialluis\n\tdsb ish\n\tisb" ::: "memory");

	vcpu_create(&vcpu, 0, 0);
	vcpu_setup(&vcpu, &opts);
	vcpu_set_entry(&vcpu, TINYHYP_GUEST_RAM_IPA);
	vcpu_set_stage2_root(&vcpu, stage2_vttbr(&s2, VMID), vtcr);
	vcpu_set_exit_table(&vcpu, &exit_table);
	vcpu_load(&vcpu);
	vgic_vcpu_load(&vgic, 0, 0);
	event("start");
	print_kx(uart_putc, "entry", TINYHYP_GUEST_RAM_IPA);
	print_kv(uart_putc, "image_bytes", image);
	print_kv(uart_putc, "nr_irqs", TINYHYP_GUEST_NR_IRQS);
	print_kv(uart_putc, "pool_pages", pool_used);
	uart_putc('\n');

	for (;;) {
		vgic_vcpu_flush(&vgic, 0);
		e = vcpu_run(&vcpu);
		vgic_vcpu_sync(&vgic, 0);
		stats.exits++;
		if (e->reason == VCPU_EXIT_EARLY) /* EXIT_DONE, the only one */
			break;
		handle_exit(e);
	}

	vgic_vcpu_put(&vgic, 0);
	vcpu_put(&vcpu);
	cntv_ctl_el0_write(0);
	event("summary");
	print_kv(uart_putc, "exits", stats.exits);
	print_kv(uart_putc, "early_hvc", stats.early_hvc);
	print_kv(uart_putc, "run_loop_hvc", stats.run_loop_hvc);
	print_kv(uart_putc, "guest_hvcs", stats.guest_hvcs);
	print_kv(uart_putc, "early_gicd", stats.early_gicd);
	print_kv(uart_putc, "run_loop_gicd", stats.run_loop_gicd);
	print_kv(uart_putc, "irqs", stats.irqs);
	print_kv(uart_putc, "vtimer_injected", stats.vtimer);
	print_kv(uart_putc, "wfi", stats.wfi);
	print_kv(uart_putc, "ppi_vtimer_active",
		 gicd_irq_is_active(TINYHYP_GICD_PA, TINYHYP_PPI_VTIMER));
	print_kv(uart_putc, "vgic_bad_access", vgic.stats.bad_access);
	uart_putc('\n');
	power_off();
}
