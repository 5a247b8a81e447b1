/* SPDX-License-Identifier: MIT */
/*
 * tinyhyp's guest, at EL1 with its MMU off.  It drives the GIC it is given
 * as it would a real one: the distributor (emulated by the vGIC: every
 * access traps) and the CPU interface (the GICV frame, mapped where the
 * GICC is).  It takes its virtual timer's interrupt and an SGI it sends
 * itself, then prints what it saw on one line and ends with the done
 * hypercall.  The checks are the test's (tests/tinyhyp/run.py): this side
 * only observes.
 */
#include <aarch64_sysreg/barrier.h>
#include <aarch64_sysreg/el1.h>
#include <aarch64_sysreg/timer.h>
#include <gicv2/cpu_interface.h>
#include <gicv2/distributor.h>
#include <vcpu/psci.h>

#include "../print.h"
#include "../tinyhyp.h"

#define GICD	      TINYHYP_GUEST_GICD_IPA
#define GICC	      TINYHYP_GUEST_GICC_IPA
#define SGI	      5u
#define PRIO	      0xa0u
#define WAIT_ROUNDS   1000u /* WFI wake-ups before giving up on an interrupt */
#define TIMER_DIVISOR 1000u /* the timer fires 1 ms from now */

void guest_main(void);
void guest_irq(void);
void guest_unexpected(uint64_t slot);

static volatile unsigned timer_taken, sgi_taken, spurious, other;
static volatile uint64_t timer_deadline, timer_seen_at, sgi_src;
static uint64_t hvcs;

static int64_t hvc(uint32_t fid, uint64_t arg)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = arg;

	__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1)::"memory");
	hvcs++;
	return (int64_t)x0;
}

static void con_putc(char c)
{
	(void)hvc(TINYHYP_HC_PUTC, (uint8_t)c);
}

static void __attribute__((noreturn)) done(void)
{
	(void)hvc(TINYHYP_HC_DONE, hvcs);
	for (;;)
		__asm__ volatile("wfi");
}

/* Acknowledge, handle, EOI (EOImode 0: drop and deactivate; the timer's
 * list register is hardware-linked, so this also deactivates PPI 27). */
void guest_irq(void)
{
	uint32_t iar = gicc_ack(GICC), id = gicc_iar_intid(iar);

	if (id == GICC_SPURIOUS_INTID) {
		spurious++;
		return;
	}
	if (id == TINYHYP_PPI_VTIMER) {
		timer_seen_at = cntvct_el0_read();
		cntv_ctl_el0_write(0); /* the line goes low before the EOI */
		aarch64_isb();
		timer_taken++;
	} else if (id == SGI) {
		sgi_src = gicc_iar_cpuid(iar);
		sgi_taken++;
	} else {
		other++;
	}
	gicc_eoi(GICC, iar);
}

void guest_unexpected(uint64_t slot)
{
	print_str(con_putc, "tinyguest: event=unexpected");
	print_kv(con_putc, "slot", slot);
	print_kx(con_putc, "esr", esr_el1_read());
	print_kx(con_putc, "elr", elr_el1_read());
	con_putc('\n');
	done();
}

/* Waits, IRQs masked, in WFI (which a pending interrupt ends), then opens
 * the IRQ mask for an instant to take it. */
static void wait_for(volatile unsigned *flag)
{
	unsigned i;

	for (i = 0; i < WAIT_ROUNDS && !*flag; i++) {
		__asm__ volatile("wfi" ::: "memory");
		__asm__ volatile("msr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
	}
}

void guest_main(void)
{
	uint32_t typer = gicd_typer_read(GICD), icfgr0 = gicd_icfgr_read(GICD, 0);
	uint32_t active0, pending0;
	int64_t unknown;

	gicd_irq_set_priority(GICD, TINYHYP_PPI_VTIMER, PRIO);
	gicd_irq_set_priority(GICD, SGI, PRIO);
	gicd_irq_enable(GICD, TINYHYP_PPI_VTIMER);
	gicd_irq_enable(GICD, SGI);
	gicd_enable(GICD);
	gicc_init(GICC, false);

	timer_deadline = cntvct_el0_read() + cntfrq_el0_read() / TIMER_DIVISOR;
	cntv_cval_el0_write(timer_deadline);
	cntv_ctl_el0_write(CNTV_CTL_EL0_ENABLE_MASK);
	aarch64_isb();
	wait_for(&timer_taken);

	gicd_send_sgi(GICD, GICD_SGI_TO_SELF, 0, SGI);
	wait_for(&sgi_taken);

	active0 = gicd_isactiver_read(GICD, 0);
	pending0 = gicd_ispendr_read(GICD, 0);
	unknown = hvc(TINYHYP_HC_UNKNOWN, 0);

	print_str(con_putc, "tinyguest: event=result");
	print_kx(con_putc, "typer", typer);
	print_kv(con_putc, "itlines", gicd_typer_itlinesnumber_get(typer));
	print_kv(con_putc, "cpus", gicd_typer_cpunumber_get(typer) + 1);
	print_kx(con_putc, "icfgr0", icfgr0);
	print_kv(con_putc, "timer", timer_taken);
	print_kv(con_putc, "timer_after_deadline", timer_seen_at >= timer_deadline);
	print_kv(con_putc, "sgi", sgi_taken);
	print_kv(con_putc, "sgi_src", sgi_src);
	print_kv(con_putc, "spurious", spurious);
	print_kv(con_putc, "other", other);
	print_kx(con_putc, "isactiver0", active0);
	print_kx(con_putc, "ispendr0", pending0);
	print_ks(con_putc, "unknown_hc", unknown);
	con_putc('\n');
	done();
}
