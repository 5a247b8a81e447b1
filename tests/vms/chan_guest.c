/* SPDX-License-Identifier: MIT */
/*
 * One end of a channel through a shared region (tests/vms/chan.yaml), built
 * twice: CHAN_ROLE 0 runs in alpha, 1 in beta.  The two write messages for
 * each other in the region, ring the other's doorbell (MINIHYP_HC_DOORBELL,
 * docs/hypercall-abi.md) and take their own as an interrupt (an edge SPI,
 * Group 1 on a GICv3, Group 0 on a GICv2: guests/common/gic.h):
 *  1. CHAN_TRIPS round trips that alpha starts, then CHAN_TRIPS that beta
 *     starts; every message checked word by word, and the doorbells taken
 *     counted against those the other end says it sent (in each message);
 *     waits alternate between a spin (the vCPU is in the guest: minihyp
 *     kicks it) and WFI (it waits in minihyp: the doorbell wakes it);
 *  2. alpha rings CHAN_FLOOD times while beta has IRQs masked: the SPI stays
 *     one pending interrupt (a GIC keeps one pending state an interrupt),
 *     taken once or twice when beta unmasks (docs/hypercall-abi.md: at most
 *     one more than a GIC, after the first one's EOI, as KVM's vGIC);
 *  3. the errors: an IPA where the caller maps no shared region
 *     (INVALID_PARAMETER), a region the caller is no end of (beta's view of
 *     `side`, which alpha does not map: INVALID_PARAMETER), and a peer that
 *     is off (beta's `side` with gamma, which powers off at once:
 *     PEER_OFF).
 */
#include "guests/common/gic.h"
#include "guests/common/guest.h"

#ifndef CHAN_ROLE
#error "CHAN_ROLE: 0 (alpha) or 1 (beta)"
#endif

/* tests/vms/chan.yaml: where each end maps `chan`, and its doorbell SPI */
#define CHAN_IPA_ALPHA 0x50000000ul
#define CHAN_IPA_BETA  0x60000000ul
#define SIDE_IPA_BETA  0x50200000ul /* `side`, beta-gamma: alpha maps nothing there */
#if CHAN_ROLE == 0
#define CHAN_IPA      CHAN_IPA_ALPHA
#define CHAN_DOORBELL 40u
#else
#define CHAN_IPA      CHAN_IPA_BETA
#define CHAN_DOORBELL 41u
#endif
#define PEER	    (1 - CHAN_ROLE)
#define VTIMER_PPI  27u
#define CHAN_TRIPS  200u
#define CHAN_FLOOD  1000u
#define CHAN_WORDS  56u
#define SEQ_GO	    0xffffffe0u /* + the starter: the other end's box is free */
#define SEQ_READY   0xfffffff0u /* beta: masked, ready for the flood */
#define SEQ_FLOODED 0xfffffff1u /* alpha: the flood is over */

/* The region: box[r] is written by the other end, read by end r.  Guest MMU
 * off: Device memory, so aligned 32-bit accesses only. */
struct box {
	uint32_t seq;  /* message number, written after the data */
	uint32_t sent; /* doorbells the writer rang successfully so far */
	uint32_t data[CHAN_WORDS];
};
struct chan {
	struct box box[2];
};
#define CHAN ((volatile struct chan *)CHAN_IPA)

static volatile unsigned rx;	   /* doorbells taken */
static volatile unsigned others;   /* any other interrupt but the timer */
static volatile unsigned timeouts; /* the timer's */
static unsigned sent;		   /* doorbells rung with SUCCESS */
static unsigned expect;		   /* doorbells that should have come by now */
static unsigned bad_data, bad_count, bad_ring, waits_failed;

static uint32_t pattern(unsigned writer, uint32_t seq, unsigned k)
{
	uint32_t x = (seq + 1u) * 2654435761u ^ (writer + 1u) * 40503u ^ k * 97u;

	return x ^ (x >> 13);
}

static void irq(struct guest_frame *f)
{
	uint32_t iar = gic_ack();
	unsigned id = gic_intid(iar);

	(void)f;
	if (id == GIC_SPURIOUS)
		return;
	if (id == CHAN_DOORBELL)
		rx++;
	else if (id == VTIMER_PPI) {
		__asm__ volatile("msr cntv_ctl_el0, %0\n\tisb" ::"r"(3ul)); /* masked */
		timeouts++;
	} else
		others++;
	gic_eoi(iar);
}

static uint64_t freq(void)
{
	uint64_t f;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
	return f;
}

static int64_t ring(uint64_t ipa)
{
	return (int64_t)hvc_call(MINIHYP_HC_DOORBELL, ipa, 0, 0);
}

/* Until one more doorbell than the last wait's was taken (counted, not read
 * from rx at the call: it may have come already), or 5 s: spinning (IRQs unmasked,
 * the vCPU stays in the guest) or in WFI with IRQs masked (the vCPU waits in
 * minihyp; the virtual timer bounds the wait). */
static bool wait_rx(bool wfi)
{
	uint64_t end = counter_read() + 5 * freq();
	unsigned n = ++expect;

	if (!wfi) {
		while (rx < n)
			if (counter_read() >= end)
				return false;
		return true;
	}
	__asm__ volatile("msr cntv_cval_el0, %0\n\tmsr cntv_ctl_el0, %1\n\tisb" ::"r"(end),
			 "r"(1ul));
	for (;;) {
		__asm__ volatile("msr daifset, #2" ::: "memory");
		if (rx >= n || counter_read() >= end)
			break;
		__asm__ volatile("wfi");
		__asm__ volatile("msr daifclr, #2\n\tisb" ::: "memory");
	}
	__asm__ volatile("msr daifclr, #2\n\tisb" ::: "memory");
	__asm__ volatile("msr cntv_ctl_el0, %0\n\tisb" ::"r"(0ul));
	return rx >= n;
}

static void send(uint32_t seq)
{
	volatile struct box *b = &CHAN->box[PEER];
	unsigned k;

	for (k = 0; k < CHAN_WORDS; k++)
		b->data[k] = pattern(CHAN_ROLE, seq, k);
	b->sent = sent + 1;
	__asm__ volatile("dsb sy" ::: "memory");
	b->seq = seq;
	__asm__ volatile("dsb sy" ::: "memory");
	if (ring(CHAN_IPA) == MINIHYP_RET_SUCCESS)
		sent++;
	else
		bad_ring++;
}

/* The message `seq` the other end wrote (its doorbell taken): the data, and
 * the doorbells taken against those it rang. */
static void receive(uint32_t seq)
{
	volatile struct box *b = &CHAN->box[CHAN_ROLE];
	unsigned k;

	if (b->seq != seq) {
		if (!bad_data)
			guest_printf("# first bad: seq %x, box %x, rx %u, sent %u, peer sent %u\n",
				     seq, b->seq, rx, sent, b->sent);
		bad_data++;
		return;
	}
	for (k = 0; k < CHAN_WORDS; k++)
		bad_data += b->data[k] != pattern(PEER, seq, k);
	bad_count += b->sent != rx;
}

static void trips(unsigned starter)
{
	unsigned i, bad0 = bad_data, cnt0 = bad_count, ring0 = bad_ring, wait0 = waits_failed;
	unsigned exp0 = expect, sent0 = sent;

	/* the other end says when its box is free: it read the last message
	 * of the previous phase (a doorbell rung before the starter set up
	 * its GIC stays pending until then) */
	if (CHAN_ROLE == starter) {
		waits_failed += !wait_rx(false);
		receive(SEQ_GO + starter);
	} else
		send(SEQ_GO + starter);
	for (i = 0; i < CHAN_TRIPS; i++) {
		uint32_t seq = starter * CHAN_TRIPS + i;
		bool wfi = i & 1;

		if (CHAN_ROLE == starter) {
			send(seq);
			waits_failed += !wait_rx(wfi);
			receive(seq);
		} else {
			waits_failed += !wait_rx(wfi);
			receive(seq);
			send(seq);
		}
	}
	tap_check(bad_ring == ring0 && sent - sent0 == CHAN_TRIPS + (CHAN_ROLE != starter),
		  "chan: %s starts %u round trips: each doorbell rung with SUCCESS (%u, with "
		  "the go-ahead)",
		  starter ? "beta" : "alpha", CHAN_TRIPS, sent - sent0);
	tap_check(waits_failed == wait0 && expect - exp0 == CHAN_TRIPS + (CHAN_ROLE == starter),
		  "chan: %s starts: %u doorbells taken, one per message and go-ahead (%u waits "
		  "timed out)",
		  starter ? "beta" : "alpha", expect - exp0, waits_failed - wait0);
	tap_check(bad_data == bad0, "chan: %s starts: every message as written (%u bad words)",
		  starter ? "beta" : "alpha", bad_data - bad0);
	tap_check(bad_count == cnt0,
		  "chan: %s starts: doorbells taken = doorbells the other end rang, at each "
		  "message (%u differ)",
		  starter ? "beta" : "alpha", bad_count - cnt0);
}

static void flood(void)
{
	volatile struct box *in = &CHAN->box[CHAN_ROLE], *out = &CHAN->box[PEER];
	uint64_t end;
	unsigned i, fails = 0, rx0;

	if (CHAN_ROLE == 0) {
		waits_failed += !wait_rx(false); /* beta is masked */
		tap_check(in->seq == SEQ_READY, "flood: beta ready (IRQs masked)");
		for (i = 0; i < CHAN_FLOOD; i++)
			fails += ring(CHAN_IPA) != MINIHYP_RET_SUCCESS;
		tap_check(!fails, "flood: %u doorbells in a row, each SUCCESS (%u not)", CHAN_FLOOD,
			  fails);
		out->seq = SEQ_FLOODED;
		__asm__ volatile("dsb sy" ::: "memory");
		tap_check(wait_rx(true) && in->seq == SEQ_FLOODED,
			  "flood: beta answers after it (one doorbell)");
		return;
	}
	__asm__ volatile("msr daifset, #2" ::: "memory");
	rx0 = rx;
	out->seq = SEQ_READY;
	__asm__ volatile("dsb sy" ::: "memory");
	if (ring(CHAN_IPA) != MINIHYP_RET_SUCCESS)
		bad_ring++;
	end = counter_read() + 10 * freq();
	while (in->seq != SEQ_FLOODED && counter_read() < end)
		;
	tap_check(in->seq == SEQ_FLOODED, "flood: alpha's flood is over");
	__asm__ volatile("msr daifclr, #2\n\tisb" ::: "memory");
	/* what was pending is taken now; then 50 ms for anything more */
	end = counter_read() + freq() / 20;
	while (counter_read() < end)
		;
	expect = rx; /* what the flood gave, checked here */
	tap_check(rx - rx0 >= 1 && rx - rx0 <= 2,
		  "flood: %u doorbells while masked are taken as %u interrupt(s) (1, or 2 "
		  "after the first EOI)",
		  CHAN_FLOOD, rx - rx0);
	out->seq = SEQ_FLOODED;
	__asm__ volatile("dsb sy" ::: "memory");
	tap_check(ring(CHAN_IPA) == MINIHYP_RET_SUCCESS, "flood: beta rings back");
}

static void errors(void)
{
	int64_t r;
	unsigned i;
	uint64_t end;

	r = ring(CHAN_IPA + 0x1000);
	tap_check(r == MINIHYP_RET_INVALID_PARAMETER,
		  "errors: an IPA inside the region, not its start: INVALID_PARAMETER (%ld)",
		  (long)r);
	r = ring(GUEST_RAM_IPA);
	tap_check(r == MINIHYP_RET_INVALID_PARAMETER,
		  "errors: the caller's RAM: INVALID_PARAMETER (%ld)", (long)r);
	r = ring(CHAN_ROLE == 0 ? CHAN_IPA_BETA : CHAN_IPA_ALPHA);
	tap_check(r == MINIHYP_RET_INVALID_PARAMETER,
		  "errors: the other end's IPA of the region: INVALID_PARAMETER (%ld)", (long)r);
	r = (int64_t)hvc_call(MINIHYP_HC_DOORBELL | 0x10, CHAN_IPA, 0, 0);
	tap_check(r == MINIHYP_RET_NOT_SUPPORTED, "errors: the next function ID: NOT_SUPPORTED");
	r = (int64_t)hvc_call(MINIHYP_SMCCC_CALL_COUNT, 0, 0, 0);
	tap_check(r == 6, "errors: call count 6 (%ld)", (long)r);
	r = (int64_t)hvc_call(MINIHYP_HC_ABI_VERSION, 0, 0, 0);
	tap_check(r == 0x10001, "errors: ABI version 1.1 (0x%lx)", (long)r);
	if (CHAN_ROLE == 0) {
		for (i = 0; i < 1000; i++)
			if ((r = ring(SIDE_IPA_BETA)) != MINIHYP_RET_INVALID_PARAMETER)
				break;
		tap_check(i == 1000,
			  "errors: 1000 rings of a region alpha is no end of (beta's side IPA): "
			  "INVALID_PARAMETER (%ld)",
			  (long)r);
		return;
	}
	end = counter_read() + 10 * freq();
	i = 0;
	while ((r = ring(SIDE_IPA_BETA)) == MINIHYP_RET_SUCCESS && counter_read() < end)
		i++;
	tap_check(r == MINIHYP_RET_PEER_OFF,
		  "errors: the side region's peer gamma powered off: PEER_OFF (%ld, after %u "
		  "SUCCESS)",
		  (long)r, i);
}

int guest_main(void)
{
	tap_plan(19);
	gic_probe();
	guest_irq_hook = irq;
	gic_dist_enable(true);
	gic_cpu_init(0xff);
	gic_set_group(CHAN_DOORBELL);
	gic_set_priority(CHAN_DOORBELL, 0x80);
	gic_set_edge(CHAN_DOORBELL, true);
	gic_route_spi(CHAN_DOORBELL, 0);
	gic_enable(CHAN_DOORBELL, true);
	gic_set_priority(VTIMER_PPI, 0x80);
	gic_enable(VTIMER_PPI, true);
	__asm__ volatile("msr daifclr, #2\n\tisb" ::: "memory");
	trips(0);
	trips(1);
	flood();
	tap_check(!others, "no interrupt but the doorbell and the timer (%u)", others);
	errors();
	return (int)tap_failures();
}
