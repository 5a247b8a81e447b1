/* SPDX-License-Identifier: MIT */
/*
 * The victim of the isolation suite (tests/vms/isolation.yaml, isolation.py):
 * one vCPU that keeps a timer-driven schedule while hostile VMs (eve,
 * tests/vms/eve_guest.c, and mallory, the adversarial guest) attack on their
 * own CPUs, and checks that nothing of theirs reached it.
 *
 * Every VICTIM_PERIOD_US its virtual timer (PPI 27) is due at an absolute
 * time (start + k periods, so one late tick does not move the next), to be
 * taken within VICTIM_DEADLINE_US; the
 * tick's work is one SGI to itself, a slice of the RAM check and, every
 * VICTIM_RING_EVERY ticks, a ring of eve's doorbell (MINIHYP_HC_DOORBELL on
 * the shared region `chan`), whose PEER_OFF answer is how it learns, from
 * minihyp, that eve is off.  It runs at least VICTIM_MIN_TICKS ticks and
 * until eve is off, then prints TAP:
 *  - every deadline met: each tick's handler ran within VICTIM_DEADLINE_US
 *    (lateness = its first counter read - CNTV_CVAL_EL0), none lost;
 *  - its own SGIs: as many taken as sent, each from itself (GICv2
 *    GICC_IAR.CPUID 0); no interrupt it did not ask for (eve's SGIs aimed at
 *    every CPU number, eve's doorbell flood on `chan`, whose SPI it never
 *    enables: pending, never delivered);
 *  - its data intact: VICTIM_FILL_BYTES of its RAM and its view of `vault`
 *    (shared with gamma, which is off) hold the pattern written at boot;
 *    eve writes at their physical addresses and at the vault's IPA;
 *  - its passed-through device (the board's first virtio-mmio page) still
 *    answers it ("virt" magic), though eve pokes the same address.
 * Then it powers its VM off (PSCI SYSTEM_OFF).
 */
#include "guests/common/gic.h"
#include "guests/common/guest.h"

/* tests/vms/isolation.yaml */
#define CHAN_IPA	   0x50000000ul /* `chan`, shared with eve */
#define CHAN_DOORBELL	   40u		/* ours: eve rings it, we never enable it */
#define VAULT_IPA	   0x50100000ul /* `vault`, shared with gamma */
#define VAULT_BYTES	   0x1000ul
#define VIRTIO_IPA	   0x0a000000ul /* passed through: the board's virtio-mmio 0 */
#define VIRTIO_MAGIC	   0x74726976u	/* "virt": virtio-mmio MagicValue (virtio 1.1, 4.2.2) */
#define VICTIM_FILL_IPA	   0x41000000ul
#define VICTIM_FILL_BYTES  0x01000000ul
#define VICTIM_FILL_SLICES 256u

#define VICTIM_PERIOD_US 2000u
/* A tick's deadline, from its release: far past the period, since the
 * counter is the host's time and QEMU runs the board's seven CPUs, five of
 * them busy, on what the host gives it (two cores here: up to 132 ms late
 * in one run of make test, with nothing of minihyp's in the way).  The
 * check is that the victim's interrupts keep coming while the others
 * attack, none lost nor held back, not how fast (make bench measures
 * that, deterministically). */
#define VICTIM_DEADLINE_US 1000000u
#define VICTIM_MIN_TICKS   2500u  /* 5 s */
#define VICTIM_MAX_TICKS   60000u /* 120 s: eve must be off long before */
#define VICTIM_RING_EVERY  25u

#define PPI_VTIMER 27u
#define SGI_SELF   1u

static volatile uint64_t deadline, tick_seen;
static volatile unsigned sgi_taken, sgi_bad_src, stray, stray_last;
static volatile bool fired;

static void irq(struct guest_frame *f)
{
	uint64_t t = counter_read();
	uint32_t iar = gic_ack();
	unsigned id = gic_intid(iar);

	(void)f;
	if (id == GIC_SPURIOUS)
		return;
	if (id == PPI_VTIMER) {
		tick_seen = t;
		fired = true;
		__asm__ volatile("msr cntv_ctl_el0, %0\n\tisb" ::"r"(0ul) : "memory");
	} else if (id == SGI_SELF) {
		sgi_taken++;
		if (!gic_v3() && iar != gic_sgi_iar(SGI_SELF, 0))
			sgi_bad_src++;
	} else {
		stray++;
		stray_last = id;
	}
	gic_eoi(iar);
}

static uint64_t pattern(uintptr_t a)
{
	uint64_t x = (uint64_t)a * 0x9e3779b97f4a7c15ull;

	return x ^ (x >> 29) ^ 0x76696374696dull; /* "victim" */
}

static void fill(uintptr_t base, uintptr_t bytes)
{
	for (uintptr_t a = base; a < base + bytes; a += 8)
		*(volatile uint64_t *)a = pattern(a);
}

/* The number of words of [base, base + bytes) that lost their pattern. */
static unsigned check(uintptr_t base, uintptr_t bytes)
{
	unsigned bad = 0;

	for (uintptr_t a = base; a < base + bytes; a += 8)
		bad += *(volatile uint64_t *)a != pattern(a);
	return bad;
}

int guest_main(void)
{
	uint64_t freq, period, relative, start, lat, lat_max = 0, lat_sum = 0;
	unsigned k, missed = 0, over_period = 0, lost = 0, bad_ram = 0, bad_vault = 0, sent = 0,
		    eve_off_at = 0;
	uint32_t magic0, magic1;
	int64_t r;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	period = freq * VICTIM_PERIOD_US / 1000000u;
	relative = freq * VICTIM_DEADLINE_US / 1000000u;
	gic_probe();
	gic_cpu_init(0xf0);
	gic_dist_enable(true);
	gic_set_priority(PPI_VTIMER, 0x80);
	gic_set_priority(SGI_SELF, 0x90);
	gic_enable(PPI_VTIMER, true);
	gic_enable(SGI_SELF, true);
	guest_irq_hook = irq;
	fill(VICTIM_FILL_IPA, VICTIM_FILL_BYTES);
	fill(VAULT_IPA, VAULT_BYTES);
	magic0 = mmio_read32(VIRTIO_IPA);
	guest_printf("ticks every %u us from now, GICv%u\n", VICTIM_PERIOD_US, gic_v3() ? 3 : 2);
	start = counter_read() + period;
	for (k = 0; k < VICTIM_MAX_TICKS; k++) {
		fired = false;
		deadline = start + k * period;
		__asm__ volatile(
			"msr cntv_cval_el0, %0\n\tmsr cntv_ctl_el0, %1\n\tisb" ::"r"(deadline),
			"r"(1ul)
			: "memory");
		while (!fired) {
			__asm__ volatile(
				"dsb sy\n\twfi\n\tmsr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::
					: "memory");
			if (counter_read() >= deadline + relative && !fired) {
				lost++; /* no interrupt by its deadline */
				break;
			}
		}
		if (fired) {
			lat = tick_seen - deadline;
			lat_sum += lat;
			lat_max = lat > lat_max ? lat : lat_max;
			missed += lat >= relative;
			over_period += lat >= period;
		}
		gic_sgi_self(SGI_SELF);
		sent++;
		bad_ram += check(VICTIM_FILL_IPA + (k % VICTIM_FILL_SLICES) *
							   (VICTIM_FILL_BYTES / VICTIM_FILL_SLICES),
				 VICTIM_FILL_BYTES / VICTIM_FILL_SLICES);
		if (k % VICTIM_RING_EVERY == 0 && !eve_off_at) {
			r = (int64_t)hvc_call(MINIHYP_HC_DOORBELL, CHAN_IPA, 0, 0);
			if (r == MINIHYP_RET_PEER_OFF)
				eve_off_at = k + 1;
		}
		if (k + 1 >= VICTIM_MIN_TICKS && eve_off_at)
			break;
	}
	__asm__ volatile(
		"msr cntv_ctl_el0, %0\n\tisb\n\tmsr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::"r"(
			0ul)
		: "memory");
	bad_ram += check(VICTIM_FILL_IPA, VICTIM_FILL_BYTES);
	bad_vault = check(VAULT_IPA, VAULT_BYTES);
	magic1 = mmio_read32(VIRTIO_IPA);
	if (k == VICTIM_MAX_TICKS)
		k--;
	tap_plan(7);
	tap_check(eve_off_at != 0,
		  "ran %u ticks beside the attackers; eve off (PEER_OFF) at tick %u", k + 1,
		  eve_off_at);
	tap_check(!missed && !lost,
		  "every deadline met: %u ticks %u us apart, each taken within %u us (%u late, %u "
		  "lost); lateness max %lu us, mean %lu us, %u over a period",
		  k + 1, VICTIM_PERIOD_US, VICTIM_DEADLINE_US, missed, lost,
		  (unsigned long)(lat_max * 1000000u / freq),
		  (unsigned long)(lat_sum / (k + 1) * 1000000u / freq), over_period);
	tap_check(sgi_taken == sent && !sgi_bad_src,
		  "own SGIs: %u sent, %u taken, %u from another CPU", sent, sgi_taken, sgi_bad_src);
	tap_check(!stray, "no interrupt it did not ask for (%u, the last INTID %u)", stray,
		  stray_last);
	tap_check(gic_bit(GIC_ISPENDR, CHAN_DOORBELL),
		  "eve's doorbell flood: SPI %u pending, never delivered (never enabled)",
		  CHAN_DOORBELL);
	tap_check(!bad_ram && !bad_vault,
		  "data intact: %u of %lu RAM words and %u of %lu vault words changed", bad_ram,
		  VICTIM_FILL_BYTES / 8, bad_vault, VAULT_BYTES / 8);
	tap_check(magic0 == VIRTIO_MAGIC && magic1 == VIRTIO_MAGIC,
		  "its passed-through virtio-mmio page answers it: magic %x, then %x", magic0,
		  magic1);
	guest_printf("# %u failure(s)\n", tap_failures());
	psci_system_off();
}
