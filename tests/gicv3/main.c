/* SPDX-License-Identifier: MIT */
/*
 * The GICv3 drivers of include/gicv3/ on QEMU's GICv3 (virt,
 * gic-version=3, virtualization=on: this runs at EL2 as a hypervisor
 * would): distributor and redistributor set up, the CPU interface through
 * the ICC_ system registers, and an SGI, an SPI and a PPI (the EL1 physical
 * timer) each delivered, acknowledged, dropped and deactivated.  The CPU's
 * interrupt masks stay set: the test polls ICC_IAR1_EL1, which
 * acknowledges whatever the interface would signal.  Prints TAP; ends
 * with PSCI SYSTEM_OFF.  Board addresses: QEMU's device tree (checked by
 * the runner).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "aarch64_sysreg/el1.h"
#include "aarch64_sysreg/el2.h"
#include "aarch64_sysreg/id.h"
#include "aarch64_sysreg/special.h"
#include "aarch64_sysreg/timer.h"
#include "gicv3/cpu_interface.h"
#include "gicv3/distributor.h"
#include "gicv3/hyp_interface.h"
#include "gicv3/redistributor.h"
#include "vcpu/vcpu.h" /* VCPU_SCTLR_EL1_RESET */
#include "common/fmt.h"
#include "platform.h" /* BOARD_GICD_BASE, BOARD_UART_BASE: the same on GICv3 */

#include <pl011/pl011.h>

#define GICR_BASE   0x080a0000ul
#define GICR_SIZE   0x00f60000ul
#define PSCI_SYSOFF 0x84000008ul
#define POLLS	    100000u
#define TEST_SGI    3u
#define TEST_SPI    40u
#define PPI_PTIMER  30u /* EL1 physical timer */

#define VIRQ_SW 40u /* a virtual SPI with no physical one */
#define VIRQ_HW 27u /* a virtual PPI linked to the physical PPI 30 */

static unsigned int n_tests, n_failed;

/* el1call.S */
extern char el2_vectors[];
uint64_t el1_call(uint64_t (*fn)(uint64_t), uint64_t arg, uintptr_t el1_sp);
static uint64_t el1_stack[512] __attribute__((aligned(16)));

/* ---- at EL1: the guest side, on the virtual CPU interface ------------------- */

/* Turns the virtual interface on (ICC_SRE_EL1.SRE, PMR, Group 1), then
 * acknowledges and completes one interrupt: its INTID, 1023 if none. */
static uint64_t el1_take_virq(uint64_t set_pmr)
{
	uint64_t intid;

	icc_sre_el1_write(icc_sre_el1_sre_set(icc_sre_el1_read(), 1));
	aarch64_isb();
	if (set_pmr)
		icc_pmr_el1_write(ICC_PMR_EL1_PRIORITY_MASK);
	icc_igrpen1_el1_write(icc_igrpen1_el1_enable_set(0, 1));
	aarch64_isb();
	intid = icc_iar1_el1_intid_get(icc_iar1_el1_read());
	if (intid != ICC_SPURIOUS_INTID)
		icc_eoir1_el1_write(icc_eoir1_el1_intid_set(0, intid));
	aarch64_isb();
	return intid;
}

/* Runs fn at EL1; *ok false unless it came back through its HVC. */
static uint64_t at_el1(uint64_t (*fn)(uint64_t), uint64_t arg, bool *ok)
{
	uint64_t r = el1_call(fn, arg, (uintptr_t)&el1_stack[512]);

	*ok = esr_el2_ec_get(esr_el2_read()) == ESR_EL2_EC_HVC64;
	return r;
}

static void uart_putc(void *ctx, char c)
{
	(void)ctx;
	pl011_dr_write(BOARD_UART_BASE, (uint32_t)(unsigned char)c);
}

static void out(const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	fmt_vformat(uart_putc, 0, f, ap);
	va_end(ap);
}

static void tap(bool ok, const char *what, uint64_t detail)
{
	n_tests++;
	n_failed += !ok;
	out("%s %u - %s (0x%lx)\n", ok ? "ok" : "not ok", n_tests, what, (unsigned long)detail);
}

/* Acknowledges with bounded polling: the INTID, or 1023 if none came. */
static uint32_t ack_wait(void)
{
	unsigned int i;

	for (i = 0; i < POLLS; i++) {
		uint32_t intid = gicv3_ack();

		if (intid != ICC_SPURIOUS_INTID)
			return intid;
	}
	return ICC_SPURIOUS_INTID;
}

/* EOImode is split: the priority drop leaves the interrupt active, DIR ends it. */
static void complete(uint32_t intid, bool (*active)(uintptr_t, uint32_t), uintptr_t base,
		     const char *what)
{
	bool after_drop, after_dir;

	gicv3_eoi(intid);
	after_drop = active(base, intid);
	gicv3_deactivate(intid);
	aarch64_isb();
	after_dir = active(base, intid);
	tap(after_drop && !after_dir, what, intid);
}

/*
 * The virtual CPU interface: list registers written at EL2 are taken by EL1
 * code through its ICC_ (ICV_) registers.
 */
static void virtual_interface(uintptr_t rd)
{
	struct ich_lr_config lr = {0};
	uint64_t v, r;
	uint32_t intid;
	bool back;

	hcr_el2_write(HCR_EL2_RW_MASK | HCR_EL2_IMO_MASK | HCR_EL2_FMO_MASK);
	vbar_el2_write((uintptr_t)el2_vectors);
	sctlr_el1_write(VCPU_SCTLR_EL1_RESET); /* MMU and caches off */
	aarch64_isb();
	tap(ich_init() >= 1, "ICH_VTR_EL2: list registers", ich_nr_lrs());

	/* A software virtual interrupt with EOI maintenance. */
	lr.virtual_id = VIRQ_SW;
	lr.priority = 0xa0;
	lr.state = ICH_LR_EL2_STATE_PENDING;
	lr.group1 = true;
	lr.eoi_maintenance = true;
	ich_lr_set(0, &lr);
	aarch64_isb();
	r = at_el1(el1_take_virq, 1, &back);
	tap(back && r == VIRQ_SW, "EL1 acknowledges the virtual interrupt of LR0", r);
	/* An LR whose State is invalid is empty (ICH_ELRSR_EL2) only if HW = 1 or
	 * EOI = 0: this one waits in ICH_EISR_EL2 for the hypervisor. */
	ich_lr_get(0, &lr);
	tap(lr.state == ICH_LR_EL2_STATE_INVALID && !(ich_empty_lrs(ich_nr_lrs()) & 1u),
	    "its EOI at EL1 ends LR0, which is not empty while EOI = 1", ich_lr_el2_read(0));
	tap((ich_eoi_lrs(ich_nr_lrs()) & 1u) && ich_misr_el2_eoi_get(ich_maint_status()),
	    "EOI maintenance requested (ICH_EISR_EL2, ICH_MISR_EL2.EOI)", ich_maint_status());
	/* VPMR keeps the implemented priority bits (ICH_VTR_EL2.PRIbits + 1). */
	v = ich_vmcr_el2_read();
	tap(ich_vmcr_el2_vpmr_get(v) == (0xffu & ~((1u << (8 - ich_nr_pri_bits())) - 1u)) &&
		    ich_vmcr_el2_veng1_get(v),
	    "ICH_VMCR_EL2 holds EL1's PMR and Group 1 enable", v);
	ich_lr_el2_write(0, 0);

	/* The virtual priority mask holds an interrupt back. */
	ich_vmcr_el2_write(ich_vmcr_el2_vpmr_set(v, 0x80));
	lr.state = ICH_LR_EL2_STATE_PENDING;
	lr.eoi_maintenance = false;
	ich_lr_set(0, &lr);
	aarch64_isb();
	r = at_el1(el1_take_virq, 0, &back);
	ich_lr_get(0, &lr);
	tap(back && r == ICC_SPURIOUS_INTID && lr.state == ICH_LR_EL2_STATE_PENDING,
	    "virtual PMR 0x80 holds back a priority 0xa0 LR", r);
	ich_lr_el2_write(0, 0);

	/* A hardware-linked virtual interrupt: the physical PPI 30 acknowledged
	 * and dropped at EL2 (EOImode split) stays active until EL1's EOI of the
	 * virtual one deactivates it. */
	gicr_irq_enable(rd, PPI_PTIMER);
	cntp_cval_el0_write(cntpct_el0_read());
	cntp_ctl_el0_write(CNTP_CTL_EL0_ENABLE_MASK);
	aarch64_isb();
	intid = ack_wait();
	gicv3_eoi(intid);
	cntp_ctl_el0_write(0);
	aarch64_isb();
	lr = (struct ich_lr_config){.virtual_id = VIRQ_HW,
				    .priority = 0xa0,
				    .state = ICH_LR_EL2_STATE_PENDING,
				    .group1 = true,
				    .hw = true,
				    .physical_id = PPI_PTIMER};
	ich_lr_set(0, &lr);
	aarch64_isb();
	tap(intid == PPI_PTIMER && gicr_irq_is_active(rd, PPI_PTIMER),
	    "physical PPI 30 acknowledged and dropped: active", intid);
	r = at_el1(el1_take_virq, 1, &back);
	tap(back && r == VIRQ_HW && !gicr_irq_is_active(rd, PPI_PTIMER),
	    "EL1's EOI of HW = 1 virtual 27 deactivates physical 30", r);
	ich_lr_el2_write(0, 0);
	hcr_el2_write(HCR_EL2_RW_MASK);
	aarch64_isb();
}

int main(void)
{
	uint64_t mpidr = mpidr_el1_read();
	uintptr_t rd;
	unsigned int nr;
	uint32_t intid;

	out("1..23\n");
	tap(currentel_el_get(currentel_read()) == 2, "running at EL2", currentel_read());
	tap(gicd3_pidr2_archrev_get(gicd3_pidr2_read(BOARD_GICD_BASE)) == GICD3_PIDR2_ARCHREV_GICV3,
	    "GICD_PIDR2.ArchRev says GICv3", gicd3_pidr2_read(BOARD_GICD_BASE));

	nr = gicd3_init(BOARD_GICD_BASE, mpidr);
	tap(nr >= 64 && gicd3_ctlr_ns_are_ns_get(gicd3_ctlr_read(BOARD_GICD_BASE)),
	    "distributor initialised, affinity routing on", nr);

	rd = gicr_find(GICR_BASE, GICR_SIZE, mpidr);
	tap(rd == GICR_BASE && gicr_typer_affinity_value_get(gicr_typer_read(rd)) ==
				       gicr_affinity_from_mpidr(mpidr),
	    "the boot CPU's redistributor found by its affinity", rd);
	if (!rd)
		goto done;
	tap(gicr_init(rd) && !gicr_waker_childrenasleep_get(gicr_waker_read(rd)),
	    "redistributor woken (WAKER.ChildrenAsleep 0) and initialised", gicr_waker_read(rd));
	tap(gicv3_cpu_init(true) && icc_sre_el2_sre_get(icc_sre_el2_read()),
	    "CPU interface: ICC_SRE_EL2.SRE, Group 1 on, EOImode split", icc_ctlr_el1_read());

	/* SGI to self, by affinity. */
	gicr_irq_enable(rd, TEST_SGI);
	gicv3_send_sgi1r(gicv3_sgi1r_to(mpidr, TEST_SGI));
	intid = ack_wait();
	tap(intid == TEST_SGI, "SGI to self by affinity acknowledged", intid);
	complete(intid, gicr_irq_is_active, rd, "SGI: active after the drop, inactive after DIR");

	/* IRM = 1 reaches every PE but the sender: with one CPU, nobody. */
	gicv3_send_sgi1r(gicv3_sgi1r_to_others(TEST_SGI));
	intid = ack_wait();
	tap(intid == ICC_SPURIOUS_INTID, "SGI with IRM = 1 does not reach its sender", intid);

	/* An SPI routed to this CPU. */
	gicd3_irq_route(BOARD_GICD_BASE, TEST_SPI, mpidr);
	gicd3_irq_enable(BOARD_GICD_BASE, TEST_SPI);
	gicd3_irq_set_pending(BOARD_GICD_BASE, TEST_SPI);
	icc_pmr_el1_write(0x80); /* masks the SPI's priority 0xa0 */
	aarch64_isb();
	intid = ack_wait();
	tap(intid == ICC_SPURIOUS_INTID, "SPI of priority 0xa0 held back by PMR 0x80", intid);
	icc_pmr_el1_write(ICC_PMR_EL1_PRIORITY_MASK);
	aarch64_isb();
	intid = ack_wait();
	tap(intid == TEST_SPI, "SPI routed by IROUTER acknowledged once PMR allows it", intid);
	complete(intid, gicd3_irq_is_active, BOARD_GICD_BASE,
		 "SPI: active after the drop, inactive after DIR");

	/* A PPI: the EL1 physical timer, level-sensitive. */
	gicr_irq_enable(rd, PPI_PTIMER);
	cntp_cval_el0_write(cntpct_el0_read());
	cntp_ctl_el0_write(CNTP_CTL_EL0_ENABLE_MASK);
	aarch64_isb();
	intid = ack_wait();
	cntp_ctl_el0_write(0);
	aarch64_isb();
	tap(intid == PPI_PTIMER, "EL1 physical timer PPI 30 acknowledged", intid);
	complete(intid, gicr_irq_is_active, rd, "PPI: active after the drop, inactive after DIR");
	intid = ack_wait();
	tap(intid == ICC_SPURIOUS_INTID, "nothing else pending", intid);

	virtual_interface(rd);
done:
	out("# %u passed, %u failed\n", n_tests - n_failed, n_failed);
	{
		register uint64_t x0 __asm__("x0") = PSCI_SYSOFF;

		__asm__ volatile("smc #0" : "+r"(x0) : : "memory");
	}
	return 0;
}
