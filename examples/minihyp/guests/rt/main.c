/* SPDX-License-Identifier: MIT */
/*
 * The real-time guest of the interference benchmark (docs/vm-file.md,
 * "Interference"): one vCPU takes its virtual timer (PPI 27) RT_SAMPLES
 * times, RT_PERIOD_TICKS apart, each time from a WFI (interrupts masked
 * across the check, unmasked to take it), and records the latency from
 * the deadline (CNTV_CVAL_EL0) to its IRQ handler's first counter read.
 * Prints min, mean, median, 99th percentile and max in ns of the virtual
 * counter, then powers its VM off.  Under -icount shift=0 one instruction
 * is 1 ns, and the counter's 62.5 MHz gives 16 ns a tick.
 */
#include "../common/gic.h"
#include "../common/guest.h"

#define PPI_VTIMER	27u
#define RT_SAMPLES	2000u
#define RT_PERIOD_TICKS 1250u /* 20 us at 62.5 MHz */
#define RT_START_S                                                                                 \
	5u /* virtual seconds before measuring: a neighbour                                        \
	    * VM's workload is running by then */

static volatile uint64_t entry_tick, deadline;
static uint64_t lat_ticks[RT_SAMPLES];
static volatile bool fired;

static void rt_irq(struct guest_frame *f)
{
	uint64_t t = counter_read();
	uint32_t iar = gic_ack();

	(void)f;
	if (gic_intid(iar) == PPI_VTIMER && t >= deadline) {
		entry_tick = t;
		fired = true;
		__asm__ volatile("msr cntv_ctl_el0, %0\n\tisb" ::"r"(0ul)
				 : "memory"); /* line low */
	}
	if (gic_intid(iar) != GIC_SPURIOUS)
		gic_eoi(iar);
}

/* Insertion sort: 2000 samples, once. */
static void sort(uint64_t *a, unsigned n)
{
	unsigned i, j;

	for (i = 1; i < n; i++) {
		uint64_t v = a[i];

		for (j = i; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

static uint64_t ticks_to_ns(uint64_t ticks, uint64_t freq)
{
	return ticks * 1000000000u / freq;
}

int guest_main(void)
{
	uint64_t freq, cval, lat, min = ~0ull, max = 0, sum = 0, mean100;
	unsigned i;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	gic_probe();
	gic_cpu_init(0xf0);
	gic_dist_enable(true);
	gic_set_priority(PPI_VTIMER, 0xa0);
	gic_enable(PPI_VTIMER, true);
	guest_irq_hook = rt_irq;
	guest_printf(
		"rt-guest: %u timer deadlines %u ticks apart, counter %lu Hz, GICv%u, from %u s\n",
		RT_SAMPLES, RT_PERIOD_TICKS, (unsigned long)freq, gic_v3() ? 3 : 2, RT_START_S);
	/* wait in WFI (the timer wakes it; the IRQ stays masked) */
	cval = counter_read() + RT_START_S * freq;
	__asm__ volatile("msr cntv_cval_el0, %0\n\tmsr cntv_ctl_el0, %1\n\tisb" ::"r"(cval),
			 "r"(1ul)
			 : "memory");
	while (counter_read() < cval)
		__asm__ volatile("dsb sy\n\twfi" ::: "memory");
	__asm__ volatile("msr cntv_ctl_el0, %0\n\tisb" ::"r"(0ul) : "memory");
	for (;;) { /* the wait's own timer interrupt, taken and ended here */
		uint32_t iar = gic_ack();

		if (gic_intid(iar) == GIC_SPURIOUS)
			break;
		gic_eoi(iar);
	}
	guest_printf("rt-guest: measuring\n");
	for (i = 0; i < RT_SAMPLES; i++) {
		fired = false;
		cval = counter_read() + RT_PERIOD_TICKS;
		deadline = cval;
		__asm__ volatile("msr cntv_cval_el0, %0\n\tmsr cntv_ctl_el0, %1\n\tisb" ::"r"(cval),
				 "r"(1ul)
				 : "memory");
		while (!fired)
			__asm__ volatile(
				"dsb sy\n\twfi\n\tmsr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::
					: "memory");
		lat = entry_tick - cval;
		lat_ticks[i] = lat;
		sum += lat;
		min = lat < min ? lat : min;
		max = lat > max ? lat : max;
	}
	guest_irq_hook = 0;
	sort(lat_ticks, RT_SAMPLES);
	/* the mean in 1/100 tick, then in 1/100 ns (dividing first once the
	 * product would pass 2^64: a mean above 2.9 s at 62.5 MHz) */
	mean100 = sum * 100u / RT_SAMPLES;
	mean100 = mean100 < ~0ull / 1000000000u ? mean100 * 1000000000u / freq
						: mean100 / freq * 1000000000u;
	guest_printf("rt-bench: samples=%u min_ns=%lu mean_ns=%lu.%02lu median_ns=%lu p99_ns=%lu "
		     "max_ns=%lu\n",
		     RT_SAMPLES, (unsigned long)ticks_to_ns(min, freq),
		     (unsigned long)(mean100 / 100), (unsigned long)(mean100 % 100),
		     (unsigned long)ticks_to_ns(lat_ticks[RT_SAMPLES / 2], freq),
		     (unsigned long)ticks_to_ns(lat_ticks[RT_SAMPLES * 99 / 100], freq),
		     (unsigned long)ticks_to_ns(max, freq));
	psci_system_off();
}
