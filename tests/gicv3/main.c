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

#include "aarch64_sysreg/id.h"
#include "aarch64_sysreg/special.h"
#include "aarch64_sysreg/timer.h"
#include "gicv3/cpu_interface.h"
#include "gicv3/distributor.h"
#include "gicv3/redistributor.h"
#include "common/fmt.h"

#define UART_DR	    0x09000000ul
#define GICD_BASE   0x08000000ul
#define GICR_BASE   0x080a0000ul
#define GICR_SIZE   0x00f60000ul
#define PSCI_SYSOFF 0x84000008ul
#define POLLS	    100000u
#define TEST_SGI    3u
#define TEST_SPI    40u
#define PPI_PTIMER  30u /* EL1 physical timer */

static unsigned int n_tests, n_failed;

static void uart_putc(void *ctx, char c)
{
	(void)ctx;
	*(volatile uint32_t *)UART_DR = (uint32_t)(unsigned char)c;
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

int main(void)
{
	uint64_t mpidr = mpidr_el1_read();
	uintptr_t rd;
	unsigned int nr;
	uint32_t intid;

	out("1..15\n");
	tap(currentel_el_get(currentel_read()) == 2, "running at EL2", currentel_read());
	tap(gicd3_pidr2_archrev_get(gicd3_pidr2_read(GICD_BASE)) == GICD3_PIDR2_ARCHREV_GICV3,
	    "GICD_PIDR2.ArchRev says GICv3", gicd3_pidr2_read(GICD_BASE));

	nr = gicd3_init(GICD_BASE, mpidr);
	tap(nr >= 64 && gicd3_ctlr_ns_are_ns_get(gicd3_ctlr_read(GICD_BASE)),
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
	gicd3_irq_route(GICD_BASE, TEST_SPI, mpidr);
	gicd3_irq_enable(GICD_BASE, TEST_SPI);
	gicd3_irq_set_pending(GICD_BASE, TEST_SPI);
	icc_pmr_el1_write(0x80); /* masks the SPI's priority 0xa0 */
	aarch64_isb();
	intid = ack_wait();
	tap(intid == ICC_SPURIOUS_INTID, "SPI of priority 0xa0 held back by PMR 0x80", intid);
	icc_pmr_el1_write(ICC_PMR_EL1_PRIORITY_MASK);
	aarch64_isb();
	intid = ack_wait();
	tap(intid == TEST_SPI, "SPI routed by IROUTER acknowledged once PMR allows it", intid);
	complete(intid, gicd3_irq_is_active, GICD_BASE,
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

done:
	out("# %u passed, %u failed\n", n_tests - n_failed, n_failed);
	{
		register uint64_t x0 __asm__("x0") = PSCI_SYSOFF;

		__asm__ volatile("smc #0" : "+r"(x0) : : "memory");
	}
	return 0;
}
