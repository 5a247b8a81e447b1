/* SPDX-License-Identifier: MIT */
/*
 * Multi-vCPU benchmark guest: the costs of the virtual GICv2 and virtual
 * timer as a guest sees them.  Runs directly under QEMU at EL1 (the
 * bare-hardware baseline) and under minihyp, both with -icount shift=0,
 * where every instruction takes 1 ns of virtual time and CNTVCT_EL0 ticks
 * every 16 ns (62.5 MHz): the figures are instruction counts, identical on
 * every run and every machine.
 *
 * Each figure is the average over ITERATIONS of (CNTVCT_EL0 after - before)
 * around one operation, with an ISB before each counter read, in ns:
 *   empty        baseline: two counter reads with nothing between
 *   gicd_iidr    read of GICD_IIDR (trapped and emulated under minihyp)
 *   eoi          write of GICC_EOIR for an acknowledged SGI (the GICV
 *                frame under minihyp: must not trap)
 *   ipi          CPU 0 writes GICD_SGIR for an SGI to CPU 1 and spins until
 *                CPU 1's handler has seen it (CPU 1 waits in WFI).  Under
 *                -icount the CPUs run in turns, so the window also holds
 *                what CPU 1 runs until it waits in WFI again.
 *   ipi_entry    in the same loop: from before the SGIR write on CPU 0 to
 *                the entry of CPU 1's C handler (one way; the virtual
 *                counter is one time base for all CPUs)
 *   vtimer       from CNTV_CVAL (the deadline) to the entry of the IRQ
 *                handler (the counter read at the start of the C handler,
 *                after the vector saved the registers)
 *
 * Exact averages despite the 16 ns tick: odd iterations run one extra
 * instruction outside the window, so the window's start goes through every
 * phase against the tick edges (as guests/bench does); the timer deadline
 * is always on a tick edge, so there the handler runs 0..15 extra NOPs
 * before it reads the counter (smp_entry_pad): the floors of (L + k) / 16
 * for k = 0..15 add up to exactly L.
 *
 * Prints a table, one "BENCH name=<id> ns=<value>" line per figure and a
 * "bench-json: {...}" line, then PSCI SYSTEM_OFF.
 */
#include "../smpcommon/smp_guest.h"

#define ITERATIONS  65536u
#define SGI_EOI	    1u
#define SGI_IPI	    2u
#define SPIN_BOUND  100000000u /* spins before an operation counts as lost */
#define TIMER_DELTA 8u	       /* ticks between arming and the deadline */

enum op { OP_EMPTY, OP_GICD_IIDR, OP_EOI, OP_IPI, OP_IPI_ENTRY, OP_VTIMER, OP_COUNT };

static const char *const op_names[OP_COUNT] = {"empty", "gicd_iidr", "eoi",
					       "ipi",	"ipi_entry", "vtimer"};

static const char *const op_desc[OP_COUNT] = {
	"baseline: empty measurement",
	"distributor read (GICD_IIDR)",
	"interrupt EOI (GICC_EOIR write)",
	"IPI to CPU 1 until its handler ran (round trip)",
	"IPI: SGIR write to CPU 1's handler entry (one way)",
	"virtual timer: CVAL to IRQ handler entry",
};

static unsigned ncpus;
static volatile uint32_t ipi_seen;   /* written by CPU 1 only */
static volatile uint64_t ipi_entry;  /* written by CPU 1 only */
static volatile uint32_t timer_seen; /* written by CPU 0's handler */
static volatile uint64_t timer_entry;
static bool lost[OP_COUNT];

static void bench_irq(unsigned cpu, uint32_t iar, uint64_t t)
{
	unsigned id = gicc_iar_interruptid_get(iar);

	(void)cpu;
	if (id == SGI_IPI) {
		ipi_entry = t;
		dmb();
		ipi_seen = ipi_seen + 1;
	} else if (id == INTID_VTIMER) {
		vtimer_set_ctl(0); /* drop the level before EOI */
		timer_entry = t;
		timer_seen = timer_seen + 1;
	}
}

void smp_secondary_init(unsigned cpu)
{
	irq_hook[cpu] = bench_irq;
}

static inline void phase_step(unsigned i)
{
	__asm__ volatile("tbz %w0, #0, 1f\n\tnop\n1:" ::"r"(i));
}

static uint64_t run_empty(void)
{
	uint64_t sum = 0, t0, t1;
	unsigned i;

	for (i = 0; i < ITERATIONS; i++) {
		/* as run_eoi's window, with nothing in it */
		__asm__ volatile("isb\n\tmrs %[t0], cntvct_el0\n\tisb\n\tmrs %[t1], cntvct_el0"
				 : [t0] "=&r"(t0), [t1] "=r"(t1)::"memory");
		sum += t1 - t0;
		phase_step(i);
	}
	return sum;
}

/* ---- what differs between the GICv2 and the GICv3 build (SMP_GIC3) ---- */
#ifdef SMP_GIC3
#define GICD_IIDR_ADDR (GUEST_GICD_IPA + GICD3_IIDR_OFFSET)
/* the SGI to this CPU (CPU 0: Aff0 0) and to CPU 1 (Aff0 1) */
#define SGI_SELF(id) (icc_sgi1r_el1_intid_set(icc_sgi1r_el1_targetlist_set(0, 1u << 0), (id)))
#define SGI_CPU1(id) (icc_sgi1r_el1_intid_set(icc_sgi1r_el1_targetlist_set(0, 1u << 1), (id)))
#define EOI_INSN     "msr icc_eoir1_el1, %[v]"
#define EOI_ADDR     0
#define IPI_INSN     "msr icc_sgi1r_el1, %0"
#define IPI_ADDR     0
#define IPI_VALUE    SGI_CPU1(SGI_IPI)
typedef uint64_t gic_reg_t; /* ICC_IAR1_EL1 value, ICC_SGI1R_EL1 value */
static inline void sgi_self(unsigned id)
{
	icc_sgi1r_el1_write(SGI_SELF(id));
	__asm__ volatile("isb" ::: "memory");
}

static inline void vtimer_prio_enable(bool on)
{
	uintptr_t rd = gicr_base(0);

	mmio_write8(rd + GICR_IPRIORITYR_OFFSET(0) + INTID_VTIMER, 0x80);
	mmio_write32(rd + (on ? GICR_ISENABLER0_OFFSET : GICR_ICENABLER0_OFFSET),
		     1u << INTID_VTIMER);
}

static inline void gic_dist_on(void)
{
	/* one Security state (DS = 1): ARE at bit 4, EnableGrp1 at bit 1 */
	gicd_write(GICD3_CTLR_OFFSET, GICD3_CTLR_NS_ARE_NS_MASK | GICD3_CTLR_NS_ENABLEGRP1A_MASK);
}
#else
#define GICD_IIDR_ADDR (GUEST_GICD_IPA + GICD_IIDR_OFFSET)
#define EOI_INSN       "str %w[v], [%[a]]"
#define EOI_ADDR       (GUEST_GICC_IPA + GICC_EOIR_OFFSET)
#define IPI_INSN       "str %w0, [%1]"
#define IPI_ADDR       (GUEST_GICD_IPA + GICD_SGIR_OFFSET)
#define IPI_VALUE      ((1u << (16 + 1)) | SGI_IPI) /* CPUTargetList bit 1: CPU 1 */
typedef uint32_t gic_reg_t; /* GICC_IAR value, GICD_SGIR value */
static inline void sgi_self(unsigned id)
{
	gicd_sgi(GICD_SGIR_TARGETLISTFILTER_SELF, 0, id);
}

static inline void vtimer_prio_enable(bool on)
{
	if (on) {
		gicd_write8(GICD_IPRIORITYR_OFFSET(0) + INTID_VTIMER, 0x80);
		gicd_set_bit(GICD_ISENABLER_OFFSET(0), INTID_VTIMER);
	} else {
		gicd_set_bit(GICD_ICENABLER_OFFSET(0), INTID_VTIMER);
	}
}

static inline void gic_dist_on(void)
{
	gicd_write(GICD_CTLR_OFFSET, 1);
}
#endif

static uint64_t run_gicd_iidr(void)
{
	uintptr_t a = GICD_IIDR_ADDR;
	uint64_t sum = 0, t0, t1;
	uint32_t v;
	unsigned i;

	for (i = 0; i < ITERATIONS; i++) {
		t0 = counter_read();
		__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
		t1 = counter_read();
		sum += t1 - t0;
		phase_step(i);
	}
	(void)v;
	return sum;
}

/* IRQs masked: each iteration sends itself an SGI, acknowledges it by
 * polling GICC_IAR (outside the window) and measures the EOI alone. */
static uint64_t run_eoi(void)
{
	uintptr_t a = EOI_ADDR;
	uint64_t sum = 0, t0, t1;
	unsigned i, spins;
	gic_reg_t iar = 0;

	irq_disable();
	for (i = 0; i < ITERATIONS; i++) {
		sgi_self(SGI_EOI);
		for (spins = 0; spins < SPIN_BOUND; spins++) {
			iar = gic_ack();
			if (gicc_iar_interruptid_get(iar) != INTID_SPURIOUS)
				break;
		}
		if (gicc_iar_interruptid_get(iar) != SGI_EOI) {
			guest_printf("# eoi: IAR %x, expected SGI %u\n", (unsigned)iar, SGI_EOI);
			lost[OP_EOI] = true;
			if (gicc_iar_interruptid_get(iar) == INTID_SPURIOUS)
				break;
		}
		/* one asm: nothing the compiler schedules lands in the window */
		__asm__ volatile("isb\n\tmrs %[t0], cntvct_el0\n\t" EOI_INSN
				 "\n\tisb\n\tmrs %[t1], cntvct_el0"
				 : [t0] "=&r"(t0), [t1] "=r"(t1)
				 : [v] "r"(iar), [a] "r"(a)
				 : "memory");
		sum += t1 - t0;
		phase_step(i);
	}
	irq_enable();
	return sum;
}

static uint64_t run_ipi(uint64_t *sum_entry)
{
	uintptr_t a = IPI_ADDR;
	gic_reg_t sgir = IPI_VALUE;
	uint64_t sum = 0, t0, t1;

	*sum_entry = 0;
	unsigned i, spins;

	ipi_seen = 0;
	for (i = 0; i < ITERATIONS; i++) {
		t0 = counter_read();
		__asm__ volatile(IPI_INSN ::"r"(sgir), "r"(a) : "memory");
		/* YIELD: under -icount QEMU runs the CPUs in turn on one
		 * thread; without it this loop would keep CPU 1 from running
		 * for a whole time slice. */
		for (spins = 0; ipi_seen != i + 1 && spins < SPIN_BOUND; spins++)
			__asm__ volatile("yield" ::: "memory");
		t1 = counter_read();
		if (ipi_seen != i + 1) {
			guest_printf("# ipi: CPU 1 saw %u of %u\n", ipi_seen, i + 1);
			lost[OP_IPI] = true;
			break;
		}
		sum += t1 - t0;
		*sum_entry += ipi_entry - t0; /* the counter is global: same time base */
		phase_step(i);
	}
	return sum;
}

static uint64_t run_vtimer(void)
{
	uint64_t sum = 0, cval;
	unsigned i, spins;

	timer_seen = 0;
	vtimer_prio_enable(true);
	for (i = 0; i < ITERATIONS; i++) {
		smp_entry_pad = 16u + (i & 15u); /* non-zero: pad (i & 15) NOPs */
		cval = counter_read() + TIMER_DELTA;
		vtimer_set_cval(cval);
		vtimer_set_ctl(CNTV_CTL_ENABLE);
		for (spins = 0; timer_seen != i + 1 && spins < SPIN_BOUND; spins++)
			;
		if (timer_seen != i + 1) {
			guest_printf("# vtimer: %u of %u interrupts\n", timer_seen, i + 1);
			lost[OP_VTIMER] = true;
			break;
		}
		sum += timer_entry - cval;
	}
	smp_entry_pad = 0;
	vtimer_set_ctl(0);
	vtimer_prio_enable(false);
	return sum;
}

int guest_main(void)
{
	uint64_t freq = counter_freq(), sum[OP_COUNT] = {0}, ns100[OP_COUNT];
	unsigned op;

	irq_hook[0] = bench_irq;
	smp_idle_wfi = true; /* idle CPUs execute nothing */
	gic_dist_on();
	gicc_init();
#ifndef SMP_GIC3
	gicd_write(GICD_ISENABLER_OFFSET(0), 0xffffu); /* SGIs */
#endif
	ncpus = 1;
	while (ncpus < SMP_MAX_CPUS && smp_cpu_on(ncpus, ncpus) == PSCI_RET_SUCCESS) {
		if (!smp_wait_online(ncpus, 0, 5000)) {
			guest_printf("# CPU %u did not check in\n", ncpus);
			break;
		}
		ncpus++;
	}
	irq_enable();

	sum[OP_EMPTY] = run_empty();
	sum[OP_GICD_IIDR] = run_gicd_iidr();
	sum[OP_EOI] = run_eoi();
	if (ncpus >= 2)
		sum[OP_IPI] = run_ipi(&sum[OP_IPI_ENTRY]);
	else
		lost[OP_IPI] = true;
	lost[OP_IPI_ENTRY] = lost[OP_IPI];
	sum[OP_VTIMER] = run_vtimer();

	for (op = 0; op < OP_COUNT; op++)
		/* average in 1/100 ns: ticks * 1e9 / freq / ITERATIONS */
		ns100[op] = sum[op] * 100u * 1000000000u / freq / ITERATIONS;
	guest_printf("# minihyp SMP benchmark: %u CPUs, %u iterations, counter %lu Hz, ns of "
		     "virtual time (-icount shift=0: 1 instruction = 1 ns)\n",
		     ncpus, ITERATIONS, freq);
	guest_printf("# %-10s %12s  %s\n", "figure", "ns/op", "what");
	for (op = 0; op < OP_COUNT; op++)
		guest_printf("# %-10s %9lu.%02lu  %s%s\n", op_names[op], ns100[op] / 100,
			     ns100[op] % 100, op_desc[op], lost[op] ? " (FAILED)" : "");
	for (op = 0; op < OP_COUNT; op++)
		if (!lost[op])
			guest_printf("BENCH name=%s ns=%lu.%02lu\n", op_names[op], ns100[op] / 100,
				     ns100[op] % 100);
		else
			guest_printf("BENCH name=%s failed\n", op_names[op]);
	guest_printf("bench-json: {\"cpus\": %u, \"iterations\": %u, \"counter_hz\": %lu, "
		     "\"unit\": \"ns\", \"results\": {",
		     ncpus, ITERATIONS, freq);
	for (op = 0; op < OP_COUNT; op++)
		if (lost[op])
			guest_printf("%s\"%s\": null", op ? ", " : "", op_names[op]);
		else
			guest_printf("%s\"%s\": %lu.%02lu", op ? ", " : "", op_names[op],
				     ns100[op] / 100, ns100[op] % 100);
	guest_printf("}}\n");
	return 0;
}
