/* SPDX-License-Identifier: MIT */
/*
 * minihyp SMP/PSCI smoke guest (minihyp's own; the full multi-vCPU suite is
 * guests/smp/).  vCPU 0 finds the VM's vCPUs with AFFINITY_INFO, starts each
 * with CPU_ON (entry and context id), checks ALREADY_ON / ON_PENDING and
 * INVALID_PARAMETERS; each secondary checks its MPIDR, sends an SGI to
 * vCPU 0, waits in WFI for vCPU 0's SGI back and for its own virtual timer,
 * then calls CPU_OFF (the first time with the timer interrupt still active);
 * vCPU 0 sees it OFF, and starts it a second time.
 * Prints TAP (vCPU 0 only).  On a GICv3 board (ID_AA64PFR0_EL1.GIC) the
 * same through the guest's GICv3: redistributors, ICC_* registers,
 * ICC_SGI1R_EL1 (an SGI has no source there: its IAR is the INTID alone).
 */
#include "../common/gic.h"
#include "../common/guest.h"

#define RESET_AT_END 0x52534554u /* "RSET" */

#define MAXV 8

void psci_secondary_entry(void);
void psci_secondary_main(uint64_t n);
uint8_t psci_stacks[MAXV][4096] __attribute__((aligned(16)));

struct sec_report {
	volatile uint64_t mpidr, ctx, runs;
	volatile uint32_t sgi_iar, timer_iar;
	volatile bool timer_late_ok, done;
};
static struct sec_report rep[MAXV];

/* WFI (interrupts masked) until an interrupt is there, then acknowledge. */
static uint32_t wait_irq(void)
{
	uint32_t iar;

	for (;;) {
		iar = gic_ack();
		if (gic_intid(iar) != GIC_SPURIOUS)
			return iar;
		__asm__ volatile("dsb sy\n\twfi" ::: "memory");
	}
}

void psci_secondary_main(uint64_t n)
{
	struct sec_report *r = &rep[n % MAXV];
	uint64_t mpidr, cval;
	uint32_t iar;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	r->mpidr = mpidr;
	r->ctx = n;
	r->runs++;
	gic_cpu_init(0xff);
	/* SGI 3 to vCPU 0, then wait for SGI 4 back */
	gic_sgi(1u << 0, 3);
	iar = wait_irq();
	r->sgi_iar = iar;
	gic_eoi(iar);
	/* this vCPU's virtual timer, while waiting in PSCI CPU_SUSPEND (standby) */
	gic_enable(27, true);
	cval = counter_read() + 3000;
	__asm__ volatile("msr cntv_cval_el0, %0\n\tmsr cntv_ctl_el0, %1\n\tisb" ::"r"(cval),
			 "r"(1ul)
			 : "memory");
	hvc_call(PSCI_0_2_FN64_CPU_SUSPEND, 0, 0, 0);
	iar = wait_irq();
	r->timer_late_ok = counter_read() >= cval;
	__asm__ volatile("msr cntv_ctl_el0, %0\n\tisb" ::"r"(0ul) : "memory");
	r->timer_iar = iar;
	/* The first time, CPU_OFF with the timer interrupt still active (never
	 * ended): minihyp must end it, or the timer could not fire again for
	 * the second round. */
	if (r->runs > 1)
		gic_eoi(iar);
	r->done = true;
	__asm__ volatile("dsb sy" ::: "memory");
	hvc_call(PSCI_0_2_FN_CPU_OFF, 0, 0, 0);
	r->done = false; /* never: CPU_OFF does not return */
}

static unsigned count_vcpus(void)
{
	unsigned n;

	for (n = 0; n < MAXV; n++)
		if ((int64_t)hvc_call(PSCI_0_2_FN64_AFFINITY_INFO, n, 0, 0) < 0)
			break;
	return n;
}

static void wait_off(unsigned n)
{
	unsigned i;

	for (i = 0; i < 1000000; i++)
		if (hvc_call(PSCI_0_2_FN64_AFFINITY_INFO, n, 0, 0) == PSCI_AFFINITY_OFF)
			return;
}

int guest_main(void)
{
	unsigned nv = count_vcpus(), n, round;
	uintptr_t entry = (uintptr_t)psci_secondary_entry;

	guest_printf("# SMP/PSCI smoke test: %u vCPUs\n", nv);
	tap_plan(2 + (nv - 1) * 2 * 9);
	gic_probe();
	gic_dist_enable(true);
	gic_cpu_init(0xff);
	tap_check(nv >= 1, "psci: AFFINITY_INFO finds %u vCPU(s)", nv);
	tap_check(hvc_call(PSCI_0_2_FN64_CPU_ON, nv, entry, 0) == (uint64_t)PSCI_RET_INVALID_PARAMS,
		  "psci: CPU_ON of MPIDR %u (no such vCPU): INVALID_PARAMETERS", nv);
	for (round = 0; round < 2; round++) {
		for (n = 1; n < nv; n++) {
			int64_t r, r2;
			uint32_t iar;
			unsigned i;

			tap_check(hvc_call(PSCI_0_2_FN64_AFFINITY_INFO, n, 0, 0) ==
					  PSCI_AFFINITY_OFF,
				  "round %u vCPU %u: AFFINITY_INFO = OFF before CPU_ON", round, n);
			r = (int64_t)hvc_call(PSCI_0_2_FN64_CPU_ON, n, entry, n);
			r2 = (int64_t)hvc_call(PSCI_0_2_FN64_CPU_ON, n, entry, n);
			tap_check(
				r == 0 && (r2 == PSCI_RET_ALREADY_ON || r2 == PSCI_RET_ON_PENDING),
				"round %u vCPU %u: CPU_ON = SUCCESS, again = ALREADY_ON/ON_PENDING "
				"(%ld, %ld)",
				round, n, (long)r, (long)r2);
			iar = wait_irq();
			tap_check(iar == gic_sgi_iar(3, n),
				  "round %u vCPU %u: its SGI 3 reaches vCPU 0 (IAR 0x%x)", round, n,
				  iar);
			gic_eoi(iar);
			gic_sgi(1u << n, 4);
			for (i = 0; i < 100000000 && !rep[n].done; i++)
				;
			tap_check(rep[n].done, "round %u vCPU %u: ran to its CPU_OFF", round, n);
			tap_check(rep[n].mpidr == (0x80000000ul | n) && rep[n].ctx == n,
				  "round %u vCPU %u: MPIDR_EL1 %lx, context id %lu in x0", round, n,
				  rep[n].mpidr, rep[n].ctx);
			tap_check(rep[n].sgi_iar == 4,
				  "round %u vCPU %u: vCPU 0's SGI 4 (IAR 0x%x)", round, n,
				  rep[n].sgi_iar);
			tap_check(rep[n].timer_iar == 27 && rep[n].timer_late_ok,
				  "round %u vCPU %u: its virtual timer woke CPU_SUSPEND at the "
				  "deadline (IAR 0x%x)",
				  round, n, rep[n].timer_iar);
			wait_off(n);
			tap_check(hvc_call(PSCI_0_2_FN64_AFFINITY_INFO, n, 0, 0) ==
					  PSCI_AFFINITY_OFF,
				  "round %u vCPU %u: AFFINITY_INFO = OFF after CPU_OFF", round, n);
			tap_check(rep[n].runs == round + 1, "round %u vCPU %u: started %lu time(s)",
				  round, n, rep[n].runs);
			rep[n].done = false;
		}
	}
	guest_printf("# %u failure(s)\n", tap_failures());
	/* x1 = "RSET": end with PSCI SYSTEM_RESET (the runner uses -no-reboot) */
	if (guest_boot_args[1] == RESET_AT_END)
		hvc_call(PSCI_0_2_FN_SYSTEM_RESET, 0, 0, 0);
	return (int)tap_failures();
}
