/* SPDX-License-Identifier: MIT */
/*
 * eve, the cross-VM attacker of the isolation suite (tests/vms/isolation.yaml,
 * isolation.py): two vCPUs that try to reach what the VM file gives to the
 * other VMs and to minihyp, while the victim (tests/vms/victim_guest.c)
 * keeps its deadlines and checks its data.  What eve can see of the answers
 * it checks itself (TAP); what it must not have changed, the victim checks.
 *
 * vCPU 2 spins with DAIF masked from the start, and never exits again;
 * vCPU 1 (guest_secondary_entry) floods while vCPU 0 tests: unknown
 * hypercalls and SMCs, PSCI CPU_ON of CPUs eve does not have, console
 * writes from the victim's physical addresses, doorbells on the victim,
 * loads and stores at the victim's RAM; each answer counted.  At the end it
 * loops on aborts for good (VBAR_EL1 at an unmapped IPA: every exception
 * is a stage-2 fault again) while vCPU 0 floods the console and powers the
 * VM off: minihyp must stop all three.
 *
 * Expected answers: an access outside what the VM file maps is a
 * synchronous external abort (ESR_EL1.EC 0x25, DFSC 0x10; WnR for a store:
 * ARM ARM D17.2.40), docs/minihyp.md; hypercalls: docs/hypercall-abi.md;
 * PSCI: DEN 0022D 5.1.4 and 5.1.5 (a target that is not a CPU of the
 * caller's: INVALID_PARAMETERS; the caller itself: ALREADY_ON).
 */
#include "guests/common/gic.h"
#include "guests/common/guest.h"

/* tests/vms/isolation.yaml: what eve maps (IPA) */
#define EVE_RAM_IPA   0x40000000ul
#define EVE_RAM_SIZE  0x02000000ul
#define EVE_CHAN_IPA  0x50000000ul /* `chan`, with the victim */
#define EVE_CHAN_SIZE 0x10000ul
/* ... and what it does not: the physical layout of the file and minihyp */
#define VICTIM_RAM_PA	0x44000000ul
#define VICTIM_FILL_PA	0x45000000ul /* the RAM the victim checks */
#define MALLORY_RAM_PA	0x48000000ul
#define GAMMA_RAM_PA	0x4c000000ul
#define CHAN_PA		0x4d000000ul
#define VAULT_PA	0x4d100000ul /* victim-gamma */
#define VAULT_IPA_VICT	0x50100000ul /* the victim's view of it */
#define VICTIM_VIRTIO	0x0a000000ul /* passed through to the victim */
#define HYP_POOL	0x42000000ul
#define HYP_BLOB	0x43f00000ul
#define HYP_BOOTDESC	0x43fff000ul
#define BOARD_GICH	0x08030000ul
#define BOARD_GICV	0x08040000ul
#define PAST_UART	0x09001000ul
#define PAST_CHAN	(EVE_CHAN_IPA + EVE_CHAN_SIZE)
#define VICTIM_CPUS_MAX 8u
#define EVE_VCPUS	3u /* 0 tests, 1 floods, 2 spins with interrupts masked */

#define EC_DABT_CUR	    0x25u
#define DFSC_EXT	    0x10u
#define SGI_ALL		    5u /* to every CPU number */
#define SGI_OTHERS	    6u /* to all but the sender */
#define SGI_NOBODY	    7u /* 7..10: to CPU numbers eve has not */
#define FLOOD		    10000u
#define CONSOLE_FLOOD_LINES 4000u

enum phase { PH_FLOOD, PH_QUIET, PH_ABORT_LOOP };

static volatile enum phase phase;
static volatile unsigned sgi0[16], sgi1[16], other0, other1;
static volatile uint64_t sec_rounds, sec_bad, sec_started, spinner_started;

static const uintptr_t targets[] = {
	VICTIM_RAM_PA, VICTIM_FILL_PA, MALLORY_RAM_PA, GAMMA_RAM_PA,  CHAN_PA,
	VAULT_PA,      VAULT_IPA_VICT, PAST_CHAN,      VICTIM_VIRTIO, HYP_POOL,
	HYP_BLOB,      HYP_BOOTDESC,   BOARD_GICH,     BOARD_GICV,    PAST_UART,
};
#define NR_TARGETS (sizeof(targets) / sizeof(targets[0]))

/* Both vCPUs' IRQs: SGIs counted per vCPU and INTID. */
static void irq(struct guest_frame *f)
{
	uint32_t iar = gic_ack();
	unsigned id = gic_intid(iar);
	bool one = gic_cpu_self() == 1;

	(void)f;
	if (id == GIC_SPURIOUS)
		return;
	if (id < 16)
		(one ? sgi1 : sgi0)[id]++;
	else
		(*(one ? &other1 : &other0))++; /* the victim's doorbell: counted, ignored */
	gic_eoi(iar);
}

/* ---- vCPU 1 --------------------------------------------------------------- */

/* A load from (or a store to) ipa: whether it faulted with a synchronous
 * external abort of the right direction; *other = it faulted otherwise. */
static bool aborts(uintptr_t ipa, bool write, bool *other)
{
	struct guest_exc_record r;

	guest_expect_exception();
	if (write)
		mmio_write32(ipa, 0xe5e5e5e5u);
	else
		(void)mmio_read32(ipa);
	if (!guest_exception_taken(&r))
		return false;
	*other = esr_el1_ec_get(r.esr) != EC_DABT_CUR || esr_el1_dfsc_get(r.esr) != DFSC_EXT ||
		 esr_el1_wnr_get(r.esr) != write || r.far != ipa;
	return !*other;
}

/* One round of the flood; false when an answer was not the expected one. */
static bool flood_round(unsigned i)
{
	uintptr_t t = targets[i % NR_TARGETS];
	bool ok = true, other;

	ok &= (int64_t)hvc_call(0xc6000042u, i, 0, 0) == MINIHYP_RET_NOT_SUPPORTED;
	ok &= (int64_t)smc_call(0xc3000042u, i, 0, 0) == SMCCC_RET_NOT_SUPPORTED;
	ok &= psci_call(PSCI_0_2_FN64_CPU_ON, EVE_VCPUS + i % (VICTIM_CPUS_MAX - EVE_VCPUS),
			(uintptr_t)guest_secondary_entry, 0) == PSCI_RET_INVALID_PARAMS;
	ok &= (int64_t)hvc_call(MINIHYP_HC_CONSOLE_WRITE, t, 64, 0) == MINIHYP_RET_INVALID_PARAMS;
	ok &= (int64_t)hvc_call(MINIHYP_HC_DOORBELL, EVE_CHAN_IPA, 0, 0) == MINIHYP_RET_SUCCESS;
	ok &= aborts(t, false, &other);
	ok &= aborts(t, true, &other);
	return ok;
}

void guest_secondary_main(uint64_t ctx)
{
	unsigned i = 0;

	if (ctx == 2) {
		/* vCPU 2: never exits again; only minihyp's physical interrupt
		 * (HCR_EL2.IMO: taken at EL2 whatever PSTATE.I) can stop it */
		spinner_started = 1;
		__asm__ volatile("msr daifset, #0xf\n1:\tb 1b" ::: "memory");
	}
	gic_cpu_init(0xf0);
	sec_started = 1;
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	while (phase == PH_FLOOD) {
		sec_bad += !flood_round(i++);
		sec_rounds++;
	}
	while (phase == PH_QUIET)
		__asm__ volatile("wfi" ::: "memory");
	/* for good: every exception is a stage-2 fault of its vector */
	__asm__ volatile("msr vbar_el1, %0\n\tisb\n\tldr w1, [%0]" ::"r"(VICTIM_RAM_PA)
			 : "x1", "memory");
	for (;;)
		;
}

/* ---- vCPU 0 --------------------------------------------------------------- */

static uint64_t freq(void)
{
	uint64_t f;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
	return f;
}

static void spin_ms(unsigned ms)
{
	uint64_t end = counter_read() + freq() * ms / 1000u;

	while (counter_read() < end)
		;
}

static bool mapped(uintptr_t ipa)
{
	return (ipa >= EVE_RAM_IPA && ipa < EVE_RAM_IPA + EVE_RAM_SIZE) ||
	       (ipa >= EVE_CHAN_IPA && ipa < EVE_CHAN_IPA + EVE_CHAN_SIZE) ||
	       ipa == GUEST_GICD_IPA || ipa == GUEST_UART_IPA;
}

/* Every 16 MiB of the 4 GiB below: only what the VM file gives eve answers. */
static void test_map(void)
{
	unsigned wrong = 0, odd = 0, first = ~0u;
	bool other;

	for (uintptr_t ipa = 0; ipa < (1ul << 32); ipa += 1ul << 24) {
		bool ab = aborts(ipa, false, &other);

		odd += other;
		if (ab == mapped(ipa) || other) {
			wrong++;
			first = first == ~0u ? (unsigned)(ipa >> 24) : first;
		}
	}
	tap_check(!wrong && !odd,
		  "map: of 256 loads 16 MiB apart, only eve's RAM, `chan`, GICD and UART answer, "
		  "the rest abort (%u wrong, the first at %lx; %u other faults)",
		  wrong, wrong ? (unsigned long)first << 24 : 0ul, odd);
}

static void test_targets(bool write)
{
	unsigned bad = 0, i, first = ~0u;
	bool other;

	for (i = 0; i < NR_TARGETS; i++)
		if (!aborts(targets[i], write, &other)) {
			bad++;
			first = first == ~0u ? i : first;
		}
	tap_check(!bad,
		  "%s at the victim's, mallory's, gamma's and minihyp's physical addresses, the "
		  "victim's IPA of `vault` and its virtio page: %u external aborts of %u "
		  "(first wrong: %lx)",
		  write ? "stores" : "loads", (unsigned)NR_TARGETS - bad, (unsigned)NR_TARGETS,
		  first == ~0u ? 0ul : (unsigned long)targets[first]);
}

static void test_chan(void)
{
	unsigned bad = 0;
	uintptr_t a;

	for (a = EVE_CHAN_IPA; a < EVE_CHAN_IPA + EVE_CHAN_SIZE; a += 4)
		mmio_write32(a, (uint32_t)a ^ 0x65766521u);
	for (a = EVE_CHAN_IPA; a < EVE_CHAN_IPA + EVE_CHAN_SIZE; a += 4)
		bad += mmio_read32(a) != ((uint32_t)a ^ 0x65766521u);
	tap_check(!bad, "its own view of `chan` is its to read and write (%u words wrong)", bad);
}

static void test_calls(void)
{
	unsigned bad = 0, i;
	int64_t r;

	for (i = 0; i < NR_TARGETS; i++)
		bad += (int64_t)hvc_call(MINIHYP_HC_CONSOLE_WRITE, targets[i], 64, 0) !=
		       MINIHYP_RET_INVALID_PARAMS;
	tap_check(!bad, "CONSOLE_WRITE of others' memory: INVALID_PARAMS (%u wrong of %u)", bad,
		  (unsigned)NR_TARGETS);
	r = (int64_t)hvc_call(MINIHYP_HC_DOORBELL, VAULT_IPA_VICT, 0, 0);
	tap_check(r == MINIHYP_RET_INVALID_PARAMETER,
		  "DOORBELL on the victim's IPA of `vault`: INVALID_PARAMETER (%ld)", (long)r);
	r = (int64_t)hvc_call(MINIHYP_HC_DOORBELL, CHAN_PA, 0, 0);
	tap_check(r == MINIHYP_RET_INVALID_PARAMETER,
		  "DOORBELL on `chan`'s physical address: INVALID_PARAMETER (%ld)", (long)r);
	for (i = 0, bad = 0; i < FLOOD; i++)
		bad += (int64_t)hvc_call(MINIHYP_HC_DOORBELL, EVE_CHAN_IPA, 0, 0) !=
		       MINIHYP_RET_SUCCESS;
	tap_check(!bad, "%u doorbells on the victim: SUCCESS (%u not)", FLOOD, bad);
}

static void test_psci(void)
{
	static const uint64_t others[] = {3, 4, 5, 7, 0x100, 0x10000, 0x100000000ul};
	unsigned bad = 0, i;
	int64_t r;

	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		bad += psci_call(PSCI_0_2_FN64_CPU_ON, others[i], (uintptr_t)guest_secondary_entry,
				 0) != PSCI_RET_INVALID_PARAMS;
		bad += psci_call(PSCI_0_2_FN64_AFFINITY_INFO, others[i], 0, 0) !=
		       PSCI_RET_INVALID_PARAMS;
	}
	tap_check(!bad,
		  "PSCI CPU_ON and AFFINITY_INFO of CPUs eve has not: INVALID_PARAMS (%u "
		  "wrong)",
		  bad);
	r = psci_call(PSCI_0_2_FN64_CPU_ON, 0, (uintptr_t)guest_secondary_entry, 0);
	tap_check(r == PSCI_RET_ALREADY_ON, "PSCI CPU_ON of itself: ALREADY_ON (%ld)", (long)r);
}

/* SGIs aimed at every CPU number: only eve's two vCPUs take them. */
static void test_sgis(void)
{
	unsigned i, extra = 0;

	phase = PH_QUIET;
	if (gic_v3()) {
		gic_sgi(0xffffu, SGI_ALL);
		gic_sgi_others(SGI_OTHERS);
		/* Aff1, Aff2, Aff3 or RS not eve's: nobody */
		icc_sgi1r_el1_write(icc_sgi1r_el1_intid_set(
			icc_sgi1r_el1_aff1_set(icc_sgi1r_el1_targetlist_set(0, 0xffffu), 1),
			SGI_NOBODY));
		icc_sgi1r_el1_write(icc_sgi1r_el1_intid_set(
			icc_sgi1r_el1_aff2_set(icc_sgi1r_el1_targetlist_set(0, 0xffffu), 1),
			SGI_NOBODY + 1));
		icc_sgi1r_el1_write(icc_sgi1r_el1_intid_set(
			icc_sgi1r_el1_aff3_set(icc_sgi1r_el1_targetlist_set(0, 0xffffu), 1),
			SGI_NOBODY + 2));
		icc_sgi1r_el1_write(icc_sgi1r_el1_intid_set(
			icc_sgi1r_el1_rs_set(icc_sgi1r_el1_targetlist_set(0, 0xffffu), 1),
			SGI_NOBODY + 3));
		__asm__ volatile("isb" ::: "memory");
	} else {
		gic_sgi(0xffu, SGI_ALL);
		gic_sgi_others(SGI_OTHERS);
		gic_sgi(0xf8u, SGI_NOBODY); /* CPU interfaces 3-7: not eve's */
	}
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	spin_ms(100);
	__asm__ volatile("msr daifset, #2" ::: "memory");
	for (i = SGI_NOBODY; i < 16; i++)
		extra += sgi0[i] + sgi1[i];
	tap_check(sgi0[SGI_ALL] == 1 && sgi1[SGI_ALL] == 1 && sgi0[SGI_OTHERS] == 0 &&
			  sgi1[SGI_OTHERS] == 1 && !extra,
		  "SGIs to every CPU number: vCPU 0 took SGI %u %u time(s) and %u %u, vCPU 1 %u "
		  "and %u; %u to CPUs eve has not taken",
		  SGI_ALL, sgi0[SGI_ALL], SGI_OTHERS, sgi0[SGI_OTHERS], sgi1[SGI_ALL],
		  sgi1[SGI_OTHERS], extra);
}

int guest_main(void)
{
	int64_t r;
	unsigned i;

	gic_probe();
	gic_cpu_init(0xf0);
	gic_dist_enable(true);
	guest_irq_hook = irq;
	guest_printf("attacking, GICv%u\n", gic_v3() ? 3 : 2);
	tap_plan(14);
	r = psci_call(PSCI_0_2_FN64_CPU_ON, 1, (uintptr_t)guest_secondary_entry, 1);
	while (r == PSCI_RET_SUCCESS && !sec_started)
		;
	tap_check(r == PSCI_RET_SUCCESS, "vCPU 1 on, flooding (CPU_ON: %ld)", (long)r);
	r = psci_call(PSCI_0_2_FN64_CPU_ON, 2, (uintptr_t)guest_secondary_entry, 2);
	while (r == PSCI_RET_SUCCESS && !spinner_started)
		;
	tap_check(r == PSCI_RET_SUCCESS,
		  "vCPU 2 on, spinning with interrupts masked for good (CPU_ON: %ld)", (long)r);
	test_map();
	test_targets(false);
	test_targets(true);
	test_chan();
	test_calls();
	test_psci();
	test_sgis();
	tap_check(!sec_bad && sec_rounds > 0,
		  "vCPU 1's flood: %lu rounds of 7 calls and accesses, %lu with a wrong answer",
		  (unsigned long)sec_rounds, (unsigned long)sec_bad);
	guest_printf("# %u failure(s)\n", tap_failures());
	/* the rest is for minihyp's rate limits, which the runner checks */
	phase = PH_ABORT_LOOP;
	guest_printf("# console flood, vCPU 1 in an abort loop\n");
	for (i = 0; i < CONSOLE_FLOOD_LINES; i++)
		guest_printf("eve-flood %u: %s\n", i,
			     "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
			     "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	guest_printf("off\n");
	psci_system_off();
}
