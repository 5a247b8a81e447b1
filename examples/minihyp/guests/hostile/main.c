/* SPDX-License-Identifier: MIT */
/*
 * minihyp adversarial guest (issue 9): a guest that attacks its hypervisor
 * and checks, after each attack, that its timer, SGIs and SPIs still arrive.
 * Every attack states the answer the architecture (or minihyp's documented
 * choice where the architecture leaves it open) requires.  Prints TAP.
 *
 * x0 at boot (boot descriptor) selects the run:
 *   0  the suite: findings 6-12 of issue 9 and the sweeps, on 2 vCPUs
 *   1-5  one scenario each for the vGIC findings 1-5 of issue 9, 1 vCPU
 *   6  random values written at every distributor offset and width
 *   0x100 + i  the suite's test i alone
 *   7  the scenario of finding 4 with EOImode 1 (EOI, then DIR), 1 vCPU
 *   0x100 + i  the suite's test i alone
 * tests/qemu/run.py (hostile_runs) checks what the hypervisor prints.
 *
 * The same runs on a GICv2 and a GICv3 board (ID_AA64PFR0_EL1.GIC,
 * common/gic.h): on the GICv3 the SGIs go through ICC_SGI1R_EL1, the SGI and
 * PPI registers are the redistributor's (SGI_base), acknowledge, EOI and
 * deactivation are ICC_IAR1_EL1, ICC_EOIR1_EL1 and ICC_DIR_EL1.
 *
 * References: ARM ARM = Arm Architecture Reference Manual for A-profile
 * (DDI 0487); GICv2 = Arm GIC Architecture Specification v2 (IHI 0048B);
 * GICv3 = Arm GIC Architecture Specification v3 and v4 (IHI 0069);
 * PSCI = Arm DEN 0022D; SMCCC = Arm DEN 0028.
 */
#include "../common/gic.h"
#include "../common/guest.h"
#include "../../vdev.h"

#include <gicv2/gicd.h>
#include <gicv3/gicd.h>
#include <gicv3/gicr.h>

#define GICD GUEST_GICD_IPA
#define GICC GUEST_GICC_IPA

#define UNMAPPED 0x0c000000ul /* no device, no RAM */
#define SPURIOUS 1023u

#define PPI_VTIMER 27u
#define PPI_PTIMER 30u
#define SPI_TEST   40u /* free on the guest board */

/* Decoded with the generated ESR_EL1 field getters; the expected values
 * below are typed in from the Arm ARM (ESR_EL1: EC, DFSC, IFSC). */
#define EC(esr)	   ((unsigned)esr_el1_ec_get(esr))
#define FSC(esr)   ((unsigned)esr_el1_dfsc_get(esr))
#define IFSC(esr)  ((unsigned)esr_el1_ifsc_get(esr))
#define EC_UNKNOWN 0x00u
#define EC_SVC32   0x11u
#define EC_IABT	   0x21u /* instruction abort, same EL */
#define EC_DABT	   0x25u /* data abort, same EL */
#define EC_STEP	   0x33u /* software step, same EL */
#define FSC_EXT	   0x10u /* synchronous external abort */
#define FSC_ALIGN  0x21u /* alignment fault */

void step_over(uint64_t *out, uintptr_t addr, unsigned kind);
void read_id_space(uint64_t *out);
extern const char t32_it_block[];

/* ---- small helpers ----------------------------------------------------- */

static uint64_t lcg_state = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	lcg_state = lcg_state * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(lcg_state >> 32);
}

static uint32_t iar_read(void)
{
	return gic_ack();
}

static void eoi(uint32_t iar)
{
	gic_eoi(iar);
}

static void timer_arm(bool phys, uint64_t ticks)
{
	uint64_t cval = counter_read() + ticks;

	if (phys)
		__asm__ volatile(
			"isb\n\tmrs x9, cntpct_el0\n\tadd x9, x9, %0\n\t"
			"msr cntp_cval_el0, x9\n\tmov x9, #1\n\tmsr cntp_ctl_el0, x9\n\tisb" ::"r"(
				ticks)
			: "x9", "memory");
	else
		__asm__ volatile("msr cntv_cval_el0, %0\n\tmsr cntv_ctl_el0, %1\n\tisb" ::"r"(cval),
				 "r"(1ul)
				 : "memory");
}

static void timers_off(void)
{
	__asm__ volatile("msr cntv_ctl_el0, xzr\n\tmsr cntp_ctl_el0, xzr\n\tisb" ::: "memory");
}

/* WFI (interrupts masked) until the GIC has something or `rounds` WFIs
 * went by (a WFI may complete for no reason): the IAR read, or SPURIOUS. */
static uint32_t wait_irq(unsigned rounds)
{
	uint32_t iar;

	while (rounds--) {
		iar = iar_read();
		if (gic_intid(iar) != SPURIOUS)
			return iar;
		__asm__ volatile("dsb sy\n\twfi" ::: "memory");
	}
	return iar_read();
}

/* The test SPI `SPI_TEST + i` at priority `prio`, routed to vCPU 0 and in
 * the CPU interface's group. */
static void spi_setup(unsigned i, uint8_t prio)
{
	gic_set_group(SPI_TEST + i);
	gic_set_priority(SPI_TEST + i, prio);
	gic_route_spi(SPI_TEST + i, 0);
}

/* The distributor and the CPU interface to a known state: everything
 * disabled, inactive, not pending (but PPI 27/30: see below), then SGIs
 * and the test SPI at priority 0x80, the timers at 0xa0, all enabled.
 * (GICv2: Group 0; GICv3: Group 1, the CPU interface's, gic.h.) */
static void gic_setup(void)
{
	unsigned i;

	timers_off();
	gic_dist_enable(false);
	for (i = 0; i < 2; i++) {
		gic_bits_write(GIC_ICENABLER, i, ~0u);
		gic_bits_write(GIC_ICACTIVER, i, ~0u);
		gic_bits_write(GIC_ICPENDR, i, ~0u);
		gic_bits_write(GIC_IGROUPR, i, gic_v3() ? ~0u : 0u);
	}
	/* GICv2: SGIs' pending state is cleared per source, not by ICPENDR
	 * (GICv2 4.3.7); GICv3: GICR_ICPENDR0 clears it (an SGI has no source) */
	for (i = 0; i < 4 && !gic_v3(); i++)
		gicd_cpendsgir_write(GICD, i, ~0u);
	for (i = 0; i < 16; i++)
		gic_set_priority(i, 0x80);
	gic_set_priority(PPI_VTIMER, 0xa0);
	gic_set_priority(PPI_PTIMER, 0xa0);
	spi_setup(0, 0x80);
	gic_bits_write(GIC_ISENABLER, 0, 0xffffu | (1u << PPI_VTIMER) | (1u << PPI_PTIMER));
	gic_enable(SPI_TEST, true);
	gic_dist_enable(true);
	gic_cpu_init(0xf0);
	/* anything left over (acknowledged, never ended) is ended here */
	for (i = 0; i < 8; i++) {
		uint32_t iar = iar_read();

		if (gic_intid(iar) == SPURIOUS)
			break;
		eoi(iar);
	}
}

/*
 * After every attack: an SGI to self (GICD_SGIR filter 2, ICC_SGI1R_EL1),
 * the test SPI (GICD_ISPENDR), the virtual timer (WFI) are each delivered,
 * once (GICv2 4.3.15, 4.3.7; ARM ARM generic timer: the level of CNTV is
 * ISTATUS && !IMASK && ENABLE).
 */
static bool health(const char *after)
{
	uint32_t sgi, spi, tim, after_iar;

	gic_setup();
	gic_sgi_self(3);
	sgi = iar_read();
	eoi(sgi);
	gic_set_pending(SPI_TEST, true);
	spi = iar_read();
	eoi(spi);
	timer_arm(false, 3000);
	tim = wait_irq(16);
	timers_off();
	eoi(tim);
	after_iar = iar_read();
	return tap_check(sgi == 3 && spi == SPI_TEST && tim == PPI_VTIMER &&
				 gic_intid(after_iar) == SPURIOUS,
			 "health after %s: SGI 3 (%x), SPI 40 (%x), timer 27 (%x), then none (%x)",
			 after, sgi, spi, tim, after_iar);
}

/* ---- finding 6: both EL1 timers ----------------------------------------- */

static void test_timers(void)
{
	bool got_v = false, got_p = false;
	uint32_t iar;
	unsigned i;

	gic_setup();
	timer_arm(false, 4000);
	timer_arm(true, 6000);
	/* the device tree gives PPI 27 (virtual) and 30 (EL1 physical): both
	 * must be delivered (ARM ARM D11 generic timer; CNTP_* accessible at
	 * EL1 as CNTHCTL_EL2.EL1PCEN = 1) */
	for (i = 0; i < 8 && !(got_v && got_p); i++) {
		iar = wait_irq(16);
		if (iar == PPI_VTIMER) {
			got_v = true;
			__asm__ volatile("msr cntv_ctl_el0, xzr\n\tisb");
		} else if (iar == PPI_PTIMER) {
			got_p = true;
			__asm__ volatile("msr cntp_ctl_el0, xzr\n\tisb");
		}
		if (gic_intid(iar) != SPURIOUS)
			eoi(iar);
	}
	timers_off();
	tap_check(got_v && got_p,
		  "timers: virtual (PPI 27: %s) and EL1 physical (PPI 30: %s) "
		  "timer interrupts both delivered",
		  got_v ? "yes" : "no", got_p ? "yes" : "no");
}

/* ---- finding 7: software step over an emulated instruction -------------- */

static void test_step(void)
{
	uint64_t out[4];

	/* ARM ARM "Software Step exceptions": the stepped instruction
	 * completes (here: by emulation), then the step exception is taken
	 * before the next one: ELR_EL1 = stepped + 4, EC 0x33 */
	step_over(out, GUEST_TESTDEV_IPA + TESTDEV_ID, 0);
	tap_check(out[0] == TESTDEV_ID_VALUE && EC(out[2]) == EC_STEP && out[1] == out[3] + 4,
		  "step: over an emulated MMIO load: value %lx, step exception (EC 0x%x) at the "
		  "next instruction (ELR %lx, load at %lx)",
		  out[0], EC(out[2]), out[1], out[3]);
	step_over(out, 0, 1);
	tap_check(out[0] != 0 && EC(out[2]) == EC_STEP && out[1] == out[3] + 4,
		  "step: over a trapped ID register read: step exception (EC 0x%x) at the next "
		  "instruction (ELR %lx, MRS at %lx)",
		  EC(out[2]), out[1], out[3]);
}

/* ---- finding 8: AArch32 EL0 T32 IT block --------------------------------- */

static void test_aarch32_it(void)
{
	struct guest_exc_record r;
	uintptr_t ldr = (uintptr_t)t32_it_block + 6;

	/* SPSR: AArch32 User (M = 0b10000), T32 (T), A I F masked */
	guest_expect_exception();
	run_at_el0_spsr(t32_it_block, 0x1f0, GUEST_TESTDEV_IPA + TESTDEV_ID);
	guest_exception_taken(&r);
	/* ARM ARM: within IT (EQ, then NE) with Z set, MOVNE does not run:
	 * R3 stays 0.  minihyp does not emulate AArch32 EL0 (its ID
	 * registers say EL0 is AArch64-only): the trapped load is UNDEFINED
	 * (EC 0, ELR = the load); an emulation must advance ITSTATE and reach
	 * the SVC (EC 0x11) with R3 = 0. */
	tap_check(r.taken && r.slot == 12 && r.x[3] == 0 &&
			  ((EC(r.esr) == EC_UNKNOWN && r.elr == ldr) || EC(r.esr) == EC_SVC32),
		  "aarch32 EL0: trapped 16-bit load in an IT block: R3 = %lx (0: MOVNE skipped), "
		  "EC 0x%x, ELR %lx (load at %lx)",
		  r.x[3], EC(r.esr), r.elr, (unsigned long)ldr);
}

/* ---- finding 9: PMU and debug hardware ---------------------------------- */

static void test_pmu_debug(void)
{
	struct guest_exc_record r;
	uint64_t dfr0, v = 0, c0 = 0, c1 = 0;
	unsigned i;

	__asm__ volatile("mrs %0, id_aa64dfr0_el1" : "=r"(dfr0));
	tap_check(((dfr0 >> 8) & 0xf) == 0, "pmu: ID_AA64DFR0_EL1.PMUVer = 0, no PMU (0x%lx)",
		  dfr0);
	/* ARM ARM: with no PMU the PMU registers are UNDEFINED (EC 0) */
	guest_expect_exception();
	__asm__ volatile("mrs %0, pmcr_el0" : "=r"(v));
	guest_exception_taken(&r);
	tap_check(r.taken && EC(r.esr) == EC_UNKNOWN, "pmu: PMCR_EL0 read is UNDEFINED");
	guest_expect_exception();
	/* cycle counter counting EL2 only: PMCCFILTR_EL0.P (EL1 off), U (EL0
	 * off), NSH (EL2 on) */
	__asm__ volatile("msr pmccfiltr_el0, %0" ::"r"((1ul << 31) | (1ul << 30) | (1ul << 27)));
	guest_exception_taken(&r);
	if (!r.taken) {
		/* the PMU is there: see whether it counts the hypervisor */
		__asm__ volatile("msr pmcr_el0, %0\n\tmsr pmcntenset_el0, %1\n\tisb" ::"r"(1ul),
				 "r"(1ul << 31));
		__asm__ volatile("isb\n\tmrs %0, pmccntr_el0" : "=r"(c0));
		for (i = 0; i < 100; i++)
			hvc_call(MINIHYP_HC_NULL, 0, 0, 0);
		__asm__ volatile("isb\n\tmrs %0, pmccntr_el0" : "=r"(c1));
	}
	tap_check(r.taken && EC(r.esr) == EC_UNKNOWN,
		  "pmu: PMCCFILTR_EL0 write is UNDEFINED (else: %lu EL2 cycles counted over 100 "
		  "hypercalls)",
		  c1 - c0);

	/* breakpoints and watchpoints: not programmable (minihyp: their
	 * registers read as zero, writes ignored: docs/minihyp.md) */
	__asm__ volatile("msr dbgbvr0_el1, %0\n\tmsr dbgbcr0_el1, %1\n\tisb\n\tmrs %0, dbgbcr0_el1"
			 : "+r"(v)
			 : "r"((0xful << 5) | (3ul << 1) | 1ul));
	tap_check(v == 0, "debug: DBGBCR0_EL1 write ignored (reads 0x%lx)", v);
	v = (uintptr_t)&lcg_state;
	__asm__ volatile("msr dbgwvr0_el1, %0\n\tmsr dbgwcr0_el1, %1\n\tisb\n\tmrs %0, dbgwcr0_el1"
			 : "+r"(v)
			 : "r"((0xfful << 5) | (3ul << 3) | (3ul << 1) | 1ul));
	tap_check(v == 0, "debug: DBGWCR0_EL1 write ignored (reads 0x%lx)", v);
	/* with MDSCR_EL1.MDE and KDE on, a store to the watched word is not
	 * stopped */
	__asm__ volatile(
		"msr mdscr_el1, %0\n\tmsr daifclr, #8\n\tisb" ::"r"((1ul << 15) | (1ul << 13)));
	guest_expect_exception();
	lcg_state ^= 1;
	__asm__ volatile("msr daifset, #8\n\tmsr mdscr_el1, xzr\n\tisb");
	guest_exception_taken(&r);
	tap_check(!r.taken, "debug: no watchpoint fires for a guest-programmed DBGWCR0_EL1");
}

/* ---- finding 10: PSCI argument checks (2 vCPUs) ---------------------------- */

static volatile uint64_t sec_runs, sec_attacks;
static volatile bool sec_stop;

/* vCPU 1 misbehaves while vCPU 0 checks its health: unknown calls, bad
 * distributor accesses, reserved SGIR filters (GICv3: SGIs to no vCPU, RES0
 * bits set) and SGIs to itself, unmapped
 * accesses (context id 1); then it turns itself off. */
static void misbehave(void)
{
	struct guest_exc_record r;

	while (!sec_stop) {
		hvc_call(0xc3000042u, 0, 0, 0);
		(void)mmio_read8(GICD + GICD_CTLR_OFFSET + 1);
		if (gic_v3()) {
			/* to Aff1 0xff (no vCPU there), RES0 bits set; to itself */
			icc_sgi1r_el1_write(
				ICC_SGI1R_EL1_RES0 |
				icc_sgi1r_el1_aff1_set(icc_sgi1r_el1_targetlist_set(0, 0xffffu),
						       0xff));
			gic_sgi_self(2);
		} else {
			/* a reserved filter; to itself */
			gicd_sgir_write(GICD, gicd_sgir_targetlistfilter_set(0, 3) |
						      gicd_sgir_cputargetlist_set(0, 0xff) | 1);
			gic_sgi_self(2);
		}
		(void)iar_read();
		guest_expect_exception();
		(void)mmio_read32(UNMAPPED);
		guest_exception_taken(&r);
		sec_attacks++;
	}
}

void guest_secondary_main(uint64_t n)
{
	sec_runs++;
	if (n == 1)
		misbehave();
	psci_call(PSCI_0_2_FN_CPU_OFF, 0, 0, 0);
}

static void test_psci(void)
{
	int64_t r;

	/* PSCI 5.1.4/5.1.5: target_cpu / target_affinity carry the MPIDR
	 * affinity fields, other bits RES0: INVALID_PARAMETERS */
	r = psci_call(PSCI_0_2_FN64_CPU_ON, 1ul << 24, (uintptr_t)guest_secondary_entry, 0);
	tap_check(r == PSCI_RET_INVALID_PARAMS, "psci: CPU_ON target with bit 24 set: %ld", r);
	r = psci_call(PSCI_0_2_FN64_CPU_ON, (1ul << 40) | 1, (uintptr_t)guest_secondary_entry, 0);
	tap_check(r == PSCI_RET_INVALID_PARAMS, "psci: CPU_ON target with bit 40 set: %ld", r);
	r = psci_call(PSCI_0_2_FN64_AFFINITY_INFO, 1ul << 24, 0, 0);
	tap_check(r == PSCI_RET_INVALID_PARAMS, "psci: AFFINITY_INFO bit 24 set: %ld", r);
	r = psci_call(PSCI_0_2_FN64_AFFINITY_INFO, 1ul << 40, 0, 0);
	tap_check(r == PSCI_RET_INVALID_PARAMS, "psci: AFFINITY_INFO bit 40 set: %ld", r);
	/* an entry point the caller cannot run: INVALID_ADDRESS, vCPU 1
	 * stays off */
	r = psci_call(PSCI_0_2_FN64_CPU_ON, 1, (uintptr_t)guest_secondary_entry + 2, 0);
	tap_check(r == PSCI_RET_INVALID_ADDRESS, "psci: CPU_ON entry not 4-byte aligned: %ld", r);
	r = psci_call(PSCI_0_2_FN64_CPU_ON, 1, UNMAPPED, 0);
	tap_check(r == PSCI_RET_INVALID_ADDRESS, "psci: CPU_ON entry outside RAM: %ld", r);
	r = psci_call(PSCI_0_2_FN64_AFFINITY_INFO, 1, 0, 0);
	tap_check(r == PSCI_AFFINITY_OFF, "psci: vCPU 1 still OFF after the refused CPU_ONs: %ld",
		  r);
	/* a good one still works */
	r = psci_call(PSCI_0_2_FN64_CPU_ON, 1, (uintptr_t)guest_secondary_entry, 0);
	while (r == PSCI_RET_SUCCESS &&
	       psci_call(PSCI_0_2_FN64_AFFINITY_INFO, 1, 0, 0) != PSCI_AFFINITY_OFF)
		;
	tap_check(r == PSCI_RET_SUCCESS && sec_runs == 1,
		  "psci: CPU_ON with a good entry: %ld, vCPU 1 ran and turned itself off", r);
}

/* ---- two vCPUs: one misbehaves, the other stays healthy ----------------- */

static void test_two_vcpus(void)
{
	unsigned i, ok = 0;
	int64_t r;

	sec_stop = false;
	r = psci_call(PSCI_0_2_FN64_CPU_ON, 1, (uintptr_t)guest_secondary_entry, 1);
	while (r == PSCI_RET_SUCCESS && sec_attacks < 100)
		;
	for (i = 0; i < 5; i++)
		ok += health("vCPU 1's attacks (while they go on)");
	sec_stop = true;
	while (r == PSCI_RET_SUCCESS &&
	       psci_call(PSCI_0_2_FN64_AFFINITY_INFO, 1, 0, 0) != PSCI_AFFINITY_OFF)
		;
	tap_check(r == PSCI_RET_SUCCESS && ok == 5 && sec_attacks >= 100,
		  "two vCPUs: vCPU 1 attacked %lu times, vCPU 0 healthy throughout, vCPU 1 off",
		  (unsigned long)sec_attacks);
}

/* ---- finding 11: what a guest makes the hypervisor print ----------------- */

#define FLOOD 2000u

static void test_flood(void)
{
	uint64_t r = 0;
	unsigned i, bad = 0;

	/* SMCCC: an unknown function ID returns NOT_SUPPORTED (-1) */
	for (i = 0; i < FLOOD; i++)
		if ((r = hvc_call(0xc3000042u, i, 0, 0)) != (uint64_t)SMCCC_RET_NOT_SUPPORTED)
			bad++;
	tap_check(!bad, "flood: %u unknown SMCCC calls all NOT_SUPPORTED", FLOOD);
	/* GICv2 4.1.4: the GICD_CTLR has no byte access; minihyp answers it
	 * RAZ/WI (and logs it, rate-limited) */
	for (i = 0, bad = 0; i < FLOOD; i++)
		if (mmio_read8(GICD + GICD_CTLR_OFFSET + 1) != 0)
			bad++;
	tap_check(!bad, "flood: %u byte reads of GICD_CTLR read as zero", FLOOD);
	health("the floods");
}

/* ---- finding 12: the console --------------------------------------------- */

static void test_console(void)
{
	struct guest_exc_record rec;
	uint64_t r, ram = guest_boot_args[1] ? guest_boot_args[1] : 64ul << 20;
	char *big = (char *)(GUEST_RAM_IPA + ram - (1ul << 20));
	unsigned i;

	/* forgery, escapes, NUL, unterminated line: the runner checks what
	 * reached the console */
	guest_puts("minihyp: forged by the guest\n");
	guest_puts("esc\x1b[31mred\x1b[0m bell\a cr\rback");
	guest_putc(0);
	guest_puts("nul\n");
	guest_puts("partial-line-from-the-guest");
	/* the hypervisor says something: an access to an unmapped IPA */
	guest_expect_exception();
	(void)mmio_read32(UNMAPPED);
	guest_exception_taken(&rec);
	guest_puts("\n");
	for (i = 0; i < 1u << 20; i++)
		big[i] = (char)('a' + i % 26);
	/* CONSOLE_WRITE of 1 MiB: bounded work, the count written returned
	 * (docs/hypercall-abi.md) */
	r = hvc_call(MINIHYP_HC_CONSOLE_WRITE, (uintptr_t)big, 1ul << 20, 0);
	guest_puts("\n");
	tap_check(r > 0 && r <= MINIHYP_CONSOLE_WRITE_MAX,
		  "console: a 1 MiB CONSOLE_WRITE writes %lu bytes (at most %u), the guest "
		  "writes the rest",
		  r, MINIHYP_CONSOLE_WRITE_MAX);
	r = hvc_call(MINIHYP_HC_CONSOLE_WRITE, (uintptr_t)big, 0, 0);
	tap_check(r == 0, "console: CONSOLE_WRITE of 0 bytes writes 0");
	r = hvc_call(MINIHYP_HC_CONSOLE_WRITE, GUEST_RAM_IPA + ram - 8, 16, 0);
	tap_check(r == (uint64_t)MINIHYP_RET_INVALID_PARAMS,
		  "console: CONSOLE_WRITE across the end of RAM: INVALID_PARAMS");
	r = hvc_call(MINIHYP_HC_CONSOLE_WRITE, ~0ul - 4, 16, 0);
	tap_check(r == (uint64_t)MINIHYP_RET_INVALID_PARAMS,
		  "console: CONSOLE_WRITE wrapping the address space: INVALID_PARAMS");
}

/* ---- sweeps: the distributor ------------------------------------------------ */

static bool byte_accessible(uint32_t off)
{
	/* GICv2 4.1.4: byte access to IPRIORITYR, ITARGETSR, CPENDSGIR,
	 * SPENDSGIR */
	return (off >= GICD_IPRIORITYR_OFFSET(0) && off < GICD_IPRIORITYR_OFFSET(0) + 0x400) ||
	       (off >= GICD_ITARGETSR_OFFSET(0) && off < GICD_ITARGETSR_OFFSET(0) + 0x400) ||
	       (off >= GICD_CPENDSGIR_OFFSET(0) && off < GICD_SPENDSGIR_OFFSET(0) + 16);
}

static uint32_t words[0x1000 / 4];

static void sweep_gicd_reads(void)
{
	struct guest_exc_record r;
	unsigned off, bad = 0, badb = 0;
	uint64_t v;

	gic_setup();
	/* GICv2 4.1.4: every word of the distributor is readable; reserved
	 * words RAZ.  Reads have no side effect: a second sweep reads the
	 * same (nothing pending or active meanwhile: timers off) */
	guest_expect_exception();
	for (off = 0; off < 0x1000; off += 4)
		words[off / 4] = mmio_read32(GICD + off);
	for (off = 0; off < 0x1000; off += 4)
		if (mmio_read32(GICD + off) != words[off / 4])
			bad++;
	for (off = 0x1000; off < GUEST_GICD_SIZE; off += 0x40)
		if (mmio_read32(GICD + off) != 0)
			bad++;
	/* byte reads: where bytes are allowed, the byte of the word; elsewhere
	 * UNPREDICTABLE, which minihyp answers RAZ */
	for (off = 0; off < 0x1000; off++) {
		uint8_t b = mmio_read8(GICD + off);

		if (byte_accessible(off) ? b != (uint8_t)(words[off / 4] >> (8 * (off % 4)))
					 : b != 0)
			badb++;
	}
	/* halfwords and doublewords: never allowed (UNPREDICTABLE): RAZ */
	for (off = 0; off < 0x1000; off += 2) {
		uint16_t h;

		__asm__ volatile("ldrh %w0, [%1]" : "=r"(h) : "r"(GICD + off) : "memory");
		if (h)
			badb++;
	}
	for (off = 0; off < 0x1000; off += 8) {
		__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(GICD + off) : "memory");
		if (v)
			badb++;
	}
	guest_exception_taken(&r);
	tap_check(!r.taken && !bad,
		  "gicd sweep: word reads of all 64 KiB, twice: same values, "
		  "reserved RAZ, no abort (%u differ)",
		  bad);
	tap_check(!r.taken && !badb,
		  "gicd sweep: byte reads are the word's bytes where allowed, other widths RAZ "
		  "(%u wrong)",
		  badb);
	/* ARM ARM: with SCTLR_EL1.A set an unaligned access is an Alignment
	 * fault, at EL1 (stage 1), DFSC 0x21, whatever the memory (QEMU does
	 * not fault unaligned Device accesses with A clear) */
	__asm__ volatile("mrs %0, sctlr_el1\n\torr %0, %0, #2\n\tmsr sctlr_el1, %0\n\tisb"
			 : "=&r"(v));
	for (off = 1; off < 4; off++) {
		guest_expect_exception();
		__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(GICD + off) : "memory");
		guest_exception_taken(&r);
		if (!r.taken || EC(r.esr) != EC_DABT || FSC(r.esr) != FSC_ALIGN)
			break;
	}
	__asm__ volatile("mrs %0, sctlr_el1\n\tbic %0, %0, #2\n\tmsr sctlr_el1, %0\n\tisb"
			 : "=&r"(v));
	tap_check(off == 4, "gicd sweep: misaligned word reads: alignment fault (DFSC 0x%x)",
		  FSC(r.esr));
	health("the GICD read sweep");
}

/* GICv3: the redistributors (IHI 0069 12.10): every word of vCPU 0's
 * RD_base and SGI_base frames reads the same twice (no side effect); past
 * the last redistributor (GICR_TYPER.Last) everything RAZ; no abort. */
static void sweep_gicr_reads(void)
{
	struct guest_exc_record r;
	uintptr_t rd = gic_rd(0), end = GUEST_GICR_IPA;
	unsigned off, bad = 0, nrd = 0;

	if (!gic_v3())
		return;
	gic_setup();
	while (end < GUEST_GICR_IPA + GUEST_GICR_SIZE) {
		uint64_t t = gicr_typer_read(end);

		nrd++;
		end += 2 * GIC_GICR_SGI_BASE; /* RD_base, SGI_base: no VLPIS (GICR_TYPER) */
		if (gicr_typer_last_get(t))
			break;
	}
	guest_expect_exception();
	for (off = 0; off < 2 * GIC_GICR_SGI_BASE; off += 0x1000) {
		unsigned o;

		for (o = 0; o < 0x1000; o += 4)
			words[o / 4] = mmio_read32(rd + off + o);
		for (o = 0; o < 0x1000; o += 4)
			if (mmio_read32(rd + off + o) != words[o / 4])
				bad++;
	}
	for (off = (unsigned)(end - GUEST_GICR_IPA); off < GUEST_GICR_SIZE; off += 0x40)
		if (mmio_read32(GUEST_GICR_IPA + off) != 0)
			bad++;
	guest_exception_taken(&r);
	tap_check(!r.taken && !bad && nrd == 2,
		  "gicr sweep: %u redistributors; vCPU 0's 128 KiB read twice the same, RAZ "
		  "past the Last one, no abort (%u differ)",
		  nrd, bad);
	health("the GICR read sweep");
}

static void sweep_gicd_writes(void)
{
	struct guest_exc_record r;
	unsigned off, pass;

	/* random values at every word, then every byte, halfword: whatever
	 * they do to the VM's interrupts, the hypervisor goes on and a reset
	 * of the distributor brings the interrupts back (SGIR: below) */
	uintptr_t rd = gic_v3() ? gic_rd_self() : 0; /* GICv3: this vCPU's redistributor */

	guest_expect_exception();
	for (pass = 0; pass < 2; pass++) {
		for (off = 0; off < 0x1000; off += 4)
			if (off != GICD_SGIR_OFFSET)
				mmio_write32(GICD + off, rnd());
		for (off = 0; off < 0x1000; off++)
			if (off / 4 != GICD_SGIR_OFFSET / 4)
				mmio_write8(GICD + off, (uint8_t)rnd());
		for (off = 0; off < 0x1000; off += 2)
			if (off / 4 != GICD_SGIR_OFFSET / 4)
				__asm__ volatile("strh %w0, [%1]" ::"r"(rnd()), "r"(GICD + off)
						 : "memory");
		/* GICv3: the SPIs' GICD_IROUTER<n> (words, doublewords), and
		 * this vCPU's redistributor, RD_base and SGI_base, every word
		 * and byte */
		for (off = GICD3_IROUTER_OFFSET(0); gic_v3() && off < GICD3_IROUTER_OFFSET(64);
		     off += 4) {
			mmio_write32(GICD + off, rnd());
			if (off % 8 == 0)
				__asm__ volatile(
					"str %0, [%1]" ::"r"((uint64_t)rnd() << 32 | rnd()),
					"r"(GICD + off)
					: "memory");
		}
		for (off = 0; gic_v3() && off < 0x1000; off += 4) {
			mmio_write32(rd + off, rnd());
			mmio_write32(rd + GIC_GICR_SGI_BASE + off, rnd());
		}
		for (off = 0; gic_v3() && off < 0x1000; off++) {
			mmio_write8(rd + off, (uint8_t)rnd());
			mmio_write8(rd + GIC_GICR_SGI_BASE + off, (uint8_t)rnd());
		}
		/* take what it made pending, without ending any */
		while (gic_intid(iar_read()) != SPURIOUS)
			;
	}
	guest_exception_taken(&r);
	tap_check(!r.taken, "gicd sweep: random writes at every offset and width, no abort");
	health("the GICD random-write sweep");
}

/* After an SGI generation write: SGI `id` (from vCPU 0) is there, if
 * `want`, and nothing else; what is there is ended. */
static bool sgi_as_expected(bool want, unsigned id)
{
	uint32_t iar = iar_read();

	if (gic_intid(iar) != SPURIOUS)
		eoi(iar);
	return want ? iar == gic_sgi_iar(id, 0) : gic_intid(iar) == SPURIOUS;
}

/* GICv3 (IHI 0069, ICC_SGI1R_EL1): IRM = 1 names every PE but the writer
 * (vCPU 1 here, off); IRM = 0 the PEs whose Aff3.Aff2.Aff1 are the fields'
 * and whose Aff0 is RS * 16 + a bit of TargetList: vCPU 0 (affinity
 * 0.0.0.0) for Aff1..3 = 0, RS = 0 and TargetList bit 0.  With affinity
 * routing the SGI's IAR is its INTID alone. */
static void sweep_sgi1r(void)
{
	unsigned irm, list, aff, rs, id, wrong = 0, n = 0;

	for (irm = 0; irm < 2; irm++)
		for (list = 0; list < 0x10000; list += 0x101)
			for (aff = 0; aff < 3; aff++)
				for (rs = 0; rs < 2; rs++)
					for (id = 0; id < 16; id += 5) {
						bool want = !irm && !aff && !rs && (list & 1);
						uint64_t v = icc_sgi1r_el1_targetlist_set(0, list);

						v = icc_sgi1r_el1_intid_set(v, id);
						v = icc_sgi1r_el1_irm_set(v, irm);
						v = icc_sgi1r_el1_rs_set(v, rs);
						/* Aff1, Aff2 or Aff3 = 1 */
						if (aff == 1)
							v = icc_sgi1r_el1_aff1_set(v, 1);
						if (aff == 2)
							v = icc_sgi1r_el1_aff3_set(
								icc_sgi1r_el1_aff2_set(v, 1), 1);
						icc_sgi1r_el1_write(v);
						__asm__ volatile("isb" ::: "memory");
						wrong += !sgi_as_expected(want, id);
						n++;
					}
	tap_check(!wrong,
		  "sgi1r: %u ICC_SGI1R_EL1 writes (IRM, target lists, Aff1-3, RS): %u "
		  "wrong",
		  n, wrong);
	health("the ICC_SGI1R_EL1 sweep");
}

static void sweep_sgir(void)
{
	unsigned filter, list, id, wrong = 0, n = 0;

	gic_setup();
	if (gic_v3()) {
		sweep_sgi1r();
		return;
	}
	/* GICv2 4.3.15: filter 0 = the target list (vCPU 0 is bit 0; the
	 * others name no CPU of this VM), 1 = all but self, 2 = self, 3 =
	 * reserved (minihyp: nothing); NSATT is ignored for a Non-secure
	 * write.  The SGI's IAR carries the source CPU (0) in bits 12:10. */
	for (filter = 0; filter < 4; filter++)
		for (list = 0; list < 256; list++)
			for (id = 0; id < 16; id += (filter == 0 ? 5 : 1)) {
				bool want = (filter == 0 && (list & 1)) || filter == 2;

				uint32_t v = gicd_sgir_targetlistfilter_set(0, filter);

				v = gicd_sgir_cputargetlist_set(v, list);
				v = gicd_sgir_nsatt_set(v, id & 1);
				gicd_sgir_write(GICD, gicd_sgir_sgiintid_set(v, id));
				wrong += !sgi_as_expected(want, id);
				n++;
			}
	tap_check(!wrong, "sgir: %u writes (every filter and target list): %u wrong", n, wrong);
	health("the SGIR sweep");
}

/* ---- unmapped IPAs with every load/store form; fetches from MMIO ---------- */

typedef uint64_t ls_fn(uintptr_t);
extern ls_fn ls_ldr_post, ls_ldr_pre, ls_ldp, ls_stp, ls_ldxr, ls_stxr, ls_ldar, ls_stlr, ls_ldr_q,
	ls_ld1, ls_st1, ls_ldadd, ls_swp, ls_cas, ls_dczva, ls_ldtr, ls_ldnp;

static void test_unmapped(void)
{
	static const struct {
		const char *name;
		ls_fn *fn;
		bool write, lse;
	} forms[] = {
		{"LDR post-index", ls_ldr_post, false, false},
		{"LDR pre-index", ls_ldr_pre, false, false},
		{"LDP", ls_ldp, false, false},
		{"STP", ls_stp, true, false},
		{"LDNP", ls_ldnp, false, false},
		{"LDXR", ls_ldxr, false, false},
		{"STXR", ls_stxr, true, false},
		{"LDAR", ls_ldar, false, false},
		{"STLR", ls_stlr, true, false},
		{"LDTR", ls_ldtr, false, false},
		{"LDR Q", ls_ldr_q, false, false},
		{"LD1 (2 registers)", ls_ld1, false, false},
		{"ST1", ls_st1, true, false},
		{"LDADD", ls_ldadd, false, true},
		{"SWP", ls_swp, false, true},
		{"CAS", ls_cas, false, true},
	};
	struct guest_exc_record r;
	uint64_t isar0, ret = 0;
	unsigned i, wrong = 0;
	bool lse;

	__asm__ volatile("mrs %0, id_aa64isar0_el1" : "=r"(isar0));
	lse = ((isar0 >> 20) & 0xf) >= 2;
	/* a stage-2 translation fault the hypervisor cannot resolve comes
	 * back as a synchronous external abort on the access (minihyp, as
	 * KVM): EC 0x25, DFSC 0x10, FAR = the address; the instruction has no
	 * effect (no base write-back).  ARM ARM: a STXR with no exclusive
	 * monitor set may fail (status 1) without accessing memory. */
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		if (forms[i].lse && !lse)
			continue;
		guest_expect_exception();
		ret = forms[i].fn(UNMAPPED + 0x40);
		guest_exception_taken(&r);
		if (forms[i].fn == ls_stxr && !r.taken && ret == 1)
			continue;
		if (!r.taken || EC(r.esr) != EC_DABT || FSC(r.esr) != FSC_EXT ||
		    r.far < UNMAPPED + 0x40 || r.far >= UNMAPPED + 0x60 || (i < 2 && ret != 0)) {
			wrong++;
			guest_printf("# %s: taken %d ESR %lx FAR %lx ret %lx\n", forms[i].name,
				     r.taken, r.esr, r.far, ret);
		}
	}
	tap_check(!wrong,
		  "unmapped IPA: every load/store form (%s atomics) gets a synchronous "
		  "external abort at its address",
		  lse ? "with" : "without");
	/* ARM ARM: DC ZVA to Device memory (MMU off) is an Alignment fault;
	 * a CPU that lets it reach stage 2 (QEMU) gets the external abort of
	 * a write (WnR = 1) */
	guest_expect_exception();
	ls_dczva(UNMAPPED);
	guest_exception_taken(&r);
	tap_check(r.taken && EC(r.esr) == EC_DABT &&
			  (FSC(r.esr) == FSC_ALIGN ||
			   (FSC(r.esr) == FSC_EXT && esr_el1_wnr_get(r.esr) && r.far == UNMAPPED)),
		  "unmapped IPA: DC ZVA: alignment fault or external abort on a write (ESR %lx)",
		  r.esr);
	/* PRFM never faults */
	guest_expect_exception();
	__asm__ volatile("prfm pldl1keep, [%0]" ::"r"(UNMAPPED) : "memory");
	guest_exception_taken(&r);
	tap_check(!r.taken, "unmapped IPA: PRFM does not fault");
	health("the unmapped-IPA accesses");
}

static void test_fetch(void)
{
	static const uintptr_t where[] = {
		GICD,	 GICC, GUEST_GICR_IPA, GUEST_UART_IPA, GUEST_TESTDEV_IPA, GUEST_VIRTIO_IPA,
		UNMAPPED};
	struct guest_exc_record r;
	unsigned i, wrong = 0;

	/* an instruction fetch from a device region or an unmapped IPA:
	 * synchronous external abort on the fetch, EC 0x21, IFSC 0x10,
	 * FAR = ELR = the address */
	for (i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		guest_expect_exception();
		__asm__ volatile("blr %0" ::"r"(where[i])
				 : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
				   "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x30",
				   "memory");
		guest_exception_taken(&r);
		if (!r.taken || EC(r.esr) != EC_IABT || IFSC(r.esr) != FSC_EXT ||
		    r.elr != where[i] || r.far != where[i]) {
			wrong++;
			guest_printf("# fetch %lx: taken %d ESR %lx ELR %lx FAR %lx\n",
				     (unsigned long)where[i], r.taken, r.esr, r.elr, r.far);
		}
	}
	tap_check(!wrong, "fetch: from every MMIO region and an unmapped IPA: instruction abort");
	health("the instruction fetches");
}

/* ---- SMCCC and PSCI with garbage --------------------------------------------- */

static void test_garbage_calls(void)
{
	unsigned i, wrong = 0, n = 0;
	uint64_t r;

	/* SMCCC 1.1: an unknown function ID returns NOT_SUPPORTED (-1) in
	 * W0; X1..X3 preserved (checked by the tests guest).  Owner 0 and 4
	 * fast calls (PSCI, SMCCC) and minihyp's own are tested apart. */
	for (i = 0; i < 1000; i++) {
		uint32_t fid = rnd();
		uint32_t owner = smccc_owner(fid);

		if ((fid & SMCCC_FAST_CALL) &&
		    (owner == SMCCC_OWNER_ARCH || owner == SMCCC_OWNER_STANDARD ||
		     owner == SMCCC_OWNER_VENDOR_HYP))
			continue;
		r = hvc_call(fid | ((uint64_t)rnd() << 32), rnd(), rnd(), rnd());
		if ((uint32_t)r != (uint32_t)SMCCC_RET_NOT_SUPPORTED)
			wrong++;
		n++;
	}
	tap_check(!wrong, "smccc: %u random function IDs: NOT_SUPPORTED", n);
	wrong = 0;
	for (i = 0; i < 200; i++) {
		uint64_t target = ((uint64_t)rnd() << 32 | rnd()) & ~0xff00fffffful;

		if (!target)
			continue;
		if (psci_call(PSCI_0_2_FN64_CPU_ON, target, (uintptr_t)guest_secondary_entry, 0) !=
			    PSCI_RET_INVALID_PARAMS ||
		    psci_call(PSCI_0_2_FN64_AFFINITY_INFO, target, 0, 0) !=
			    PSCI_RET_INVALID_PARAMS ||
		    psci_call(PSCI_0_2_FN64_AFFINITY_INFO, 0, 1 + rnd() % 3, 0) !=
			    PSCI_RET_INVALID_PARAMS)
			wrong++;
	}
	tap_check(!wrong, "psci: CPU_ON/AFFINITY_INFO with random RES0 bits or levels: "
			  "INVALID_PARAMETERS");
	r = (uint64_t)psci_call(PSCI_1_0_FN_PSCI_FEATURES, rnd() | 0x1000000u, 0, 0);
	tap_check(r == (uint64_t)PSCI_RET_NOT_SUPPORTED,
		  "psci: PSCI_FEATURES of an unknown ID: %ld", (long)r);
	__asm__ volatile("mov x0, %1\n\thvc #0x1234\n\tmov %0, x0"
			 : "=r"(r)
			 : "r"((uint64_t)MINIHYP_HC_NULL)
			 : "x0", "x1", "x2", "x3");
	tap_check(r == (uint64_t)SMCCC_RET_NOT_SUPPORTED,
		  "smccc: HVC with a non-zero immediate: NOT_SUPPORTED");
	health("the garbage calls");
}

/* ---- trapped system registers ------------------------------------------------ */

static uint64_t id_space[56];

static void test_sysregs(void)
{
	struct guest_exc_record r;
	uint64_t pfr0;

	/* ARM ARM D23 (ID register space): every encoding op0 3, op1 0, CRn 0,
	 * CRm 1..7 reads (unallocated ones as zero), none is UNDEFINED */
	guest_expect_exception();
	read_id_space(id_space);
	guest_exception_taken(&r);
	pfr0 = id_space[(4 - 1) * 8 + 0];
	tap_check(!r.taken && (pfr0 & 0xff) == 0x11 && ((pfr0 >> 8) & 0xff) == 0,
		  "sysreg: all 56 ID-space encodings read; ID_AA64PFR0_EL1 %lx: EL0/EL1 AArch64 "
		  "only, no EL2/EL3",
		  pfr0);
	guest_expect_exception();
	__asm__ volatile("msr actlr_el1, %0" ::"r"((uint64_t)rnd()));
	guest_exception_taken(&r);
	tap_check(r.taken && EC(r.esr) == EC_UNKNOWN,
		  "sysreg: a trapped ACTLR_EL1 write minihyp does not emulate is UNDEFINED");
	health("the sysreg traps");
}

/* ---- scenarios of the vGIC findings 1-5 (one run each) ---------------------- */

/* WFI with the EL1 physical timer as a watchdog: a lost interrupt makes the
 * test fail instead of hanging. */
static uint32_t wait_irq_watchdog(void)
{
	uint32_t iar;

	timer_arm(true, 200000);
	iar = wait_irq(64);
	__asm__ volatile("msr cntp_ctl_el0, xzr\n\tisb");
	return iar;
}

/* The virtual timer armed 2000 ticks ahead, waited for (watchdog), its
 * interrupt ended: the IAR read. */
static uint32_t timer_once(void)
{
	uint32_t iar;

	timer_arm(false, 2000);
	iar = wait_irq_watchdog();
	timers_off();
	if (gic_intid(iar) != SPURIOUS)
		eoi(iar);
	return iar;
}

static void scenario(unsigned n)
{
	uint32_t iar, iars[5];
	unsigned i;

	gic_setup();
	switch (n) {
	case 1:
		/* nested: four SPIs acknowledged (priorities descending), the
		 * first pended again, then a fifth: the vCPU keeps running and
		 * takes the fifth (GICv2 3.3: higher priority preempts) */
		for (i = 0; i < 5; i++) {
			spi_setup(i, (uint8_t)(0xa0 - 0x10 * i));
			gic_enable(SPI_TEST + i, true);
		}
		for (i = 0; i < 4; i++) {
			gic_set_pending(SPI_TEST + i, true);
			iars[i] = iar_read();
		}
		gic_set_pending(SPI_TEST, true);
		gic_set_pending(SPI_TEST + 4, true);
		hvc_call(MINIHYP_HC_NULL, 0, 0, 0);
		iars[4] = iar_read();
		for (i = 5; i-- > 0;)
			eoi(iars[i]);
		iar = iar_read(); /* 40 again, pending after its first EOI */
		eoi(iar);
		tap_check(
			iars[0] == 40 && iars[1] == 41 && iars[2] == 42 && iars[3] == 43 &&
				iars[4] == 44 && iar == 40,
			"vgic finding 1: 4 nested SPIs + re-pended first + a fifth: the vCPU runs, "
			"IARs %x %x %x %x %x, then %x",
			iars[0], iars[1], iars[2], iars[3], iars[4], iar);
		break;
	case 2:
		/* the timer fires while the distributor is off; ICPENDR0 bit 27
		 * then clears it; the timer must still work afterwards */
		gic_dist_enable(false);
		timer_arm(false, 2000);
		for (i = 0; i < 10; i++)
			hvc_call(MINIHYP_HC_NULL, 0, 0, 0);
		{
			uint64_t end = counter_read() + 20000;

			while (counter_read() < end)
				;
		}
		gic_set_pending(PPI_VTIMER, false);
		timers_off();
		gic_dist_enable(true);
		iar = timer_once();
		tap_check(iar == PPI_VTIMER,
			  "vgic finding 2: after ICPENDR of a fired PPI 27, the timer is delivered "
			  "(IAR %x)",
			  iar);
		break;
	case 3:
		/* four SPIs made active at priority 0 through the distributor:
		 * the running priority is the active priorities registers', not
		 * theirs (GICv2 3.3; GICv3 ICC_AP1R<n>_EL1), so the timer is
		 * still delivered */
		for (i = 0; i < 4; i++) {
			spi_setup(i, 0);
			gic_enable(SPI_TEST + i, true);
			gic_set_active(SPI_TEST + i, true);
		}
		iar = timer_once();
		tap_check(iar == PPI_VTIMER,
			  "vgic finding 3: 4 SPIs active through ISACTIVER, the timer is still "
			  "delivered (IAR %x)",
			  iar);
		break;
	case 4:
		/* a software-pended hardware-linked PPI 27, then ICACTIVER and
		 * ICENABLER: no physical deactivation of what was never
		 * activated; the timer then works exactly once per firing */
		gic_set_pending(PPI_VTIMER, true);
		iar = iar_read();
		/* the acknowledgement raised the running priority: only the EOI's
		 * priority drop lets an interrupt of the same priority in again
		 * (GICv2 3.3); ICACTIVER alone would not */
		if (gic_intid(iar) != SPURIOUS)
			eoi(iar);
		gic_set_active(PPI_VTIMER, false);
		gic_enable(PPI_VTIMER, false);
		gic_enable(PPI_VTIMER, true);
		timer_arm(false, 2000);
		iars[0] = wait_irq_watchdog();
		__asm__ volatile("msr cntv_ctl_el0, xzr\n\tisb");
		if (gic_intid(iars[0]) != SPURIOUS)
			eoi(iars[0]);
		iars[1] = iar_read();
		tap_check(iar == PPI_VTIMER && iars[0] == PPI_VTIMER &&
				  gic_intid(iars[1]) == SPURIOUS,
			  "vgic finding 4: software-pended 27 (IAR %x), ICACTIVER/ICENABLER, then "
			  "the timer once (%x, then %x)",
			  iar, iars[0], iars[1]);
		break;
	case 5:
		/* PPI 27 masked, the timer fires, the timer is disabled, PPI 27
		 * unmasked: the level is low, nothing is pending (ARM ARM
		 * generic timer: level-sensitive output; GICv2 1.4.2) */
		gic_enable(PPI_VTIMER, false);
		timer_arm(false, 2000);
		{
			uint64_t end = counter_read() + 20000;

			while (counter_read() < end)
				hvc_call(MINIHYP_HC_NULL, 0, 0, 0);
		}
		timers_off();
		gic_enable(PPI_VTIMER, true);
		hvc_call(MINIHYP_HC_NULL, 0, 0, 0);
		iar = iar_read();
		if (gic_intid(iar) != SPURIOUS)
			eoi(iar);
		i = gic_bit(GIC_ISPENDR, PPI_VTIMER);
		tap_check(gic_intid(iar) == SPURIOUS && !i,
			  "vgic finding 5: timer disabled while PPI 27 masked: no interrupt after "
			  "unmasking (IAR %x, pending %u)",
			  iar, i);
		break;
	case 7:
		/* finding 4 with EOImode 1: the software-pended PPI 27 is
		 * acknowledged, its priority dropped (EOIR), then deactivated
		 * (GICC_DIR / ICC_DIR_EL1): no physical deactivation of what was
		 * never activated; the timer then fires once, and its EOI and
		 * DIR end it (GICv2 4.4.15, GICv3 ICC_CTLR_EL1.EOImode) */
		gic_set_eoimode(true);
		gic_set_pending(PPI_VTIMER, true);
		iar = iar_read();
		if (gic_intid(iar) != SPURIOUS) {
			eoi(iar);
			iars[2] = gic_bit(GIC_ISACTIVER, PPI_VTIMER);
			gic_deactivate(iar);
		}
		iars[3] = gic_bit(GIC_ISACTIVER, PPI_VTIMER);
		timer_arm(false, 2000);
		iars[0] = wait_irq_watchdog();
		__asm__ volatile("msr cntv_ctl_el0, xzr\n\tisb");
		if (gic_intid(iars[0]) != SPURIOUS) {
			eoi(iars[0]);
			gic_deactivate(iars[0]);
		}
		iars[1] = iar_read();
		gic_set_eoimode(false);
		tap_check(iar == PPI_VTIMER && iars[2] && !iars[3] && iars[0] == PPI_VTIMER &&
				  gic_intid(iars[1]) == SPURIOUS,
			  "vgic finding 4, EOImode 1: software-pended 27 (IAR %x) active after "
			  "EOI (%u), inactive after DIR (%u), then the timer once (%x, then %x)",
			  iar, iars[2], iars[3], iars[0], iars[1]);
		break;
	}
	health("the scenario");
}

/* The suite (run 0), in order; run 0x100 + i runs suite[i] alone (to show
 * each test failing on a hypervisor without the fix). */
static void (*const suite[])(void) = {
	test_console,	  test_timers, test_step,	   test_aarch32_it, test_pmu_debug,
	test_psci,	  test_flood,  test_garbage_calls, test_sysregs,    sweep_gicd_reads,
	sweep_gicr_reads, sweep_sgir,  test_unmapped,	   test_fetch,	    test_two_vcpus,
};

int guest_main(void)
{
	unsigned which = (unsigned)guest_boot_args[0], i;

	gic_probe();
	guest_printf("# minihyp adversarial guest, run %u, GICv%u\n", which, gic_v3() ? 3 : 2);
	if (which == 6) {
		tap_plan(2);
		sweep_gicd_writes();
	} else if (which >= 0x100 && which - 0x100 < sizeof(suite) / sizeof(suite[0])) {
		suite[which - 0x100]();
	} else if (which) {
		tap_plan(2);
		scenario(which);
	} else {
		tap_plan(gic_v3() ? 53 : 51); /* sweep_gicr_reads: GICv3 only */
		for (i = 0; i < sizeof(suite) / sizeof(suite[0]); i++)
			suite[i]();
	}
	guest_printf("# %u failure(s)\n", tap_failures());
	return (int)tap_failures();
}
