/* SPDX-License-Identifier: MIT */
/*
 * Multi-vCPU test guest: the GIC distributor and CPU interface (GICv2, or on
 * a GICv3 board the GICv3 with its redistributors: ID_AA64PFR0_EL1.GIC,
 * common/gic.h; the GICv2-only checks have their IHI 0069 counterparts), interrupt
 * delivery (routing, priorities, PMR, preemption, more pending interrupts
 * than list registers), SGIs between every pair of CPUs, the virtual timer
 * and PSCI, on every CPU that PSCI CPU_ON can start.  Prints TAP and ends
 * with PSCI SYSTEM_OFF; every wait is bounded by the virtual counter.
 *
 * Runs unchanged directly under QEMU (-machine virt,gic-version=2, EL1,
 * PSCI through HVC) and under minihyp.  Built with -DSMP_UNDER_MINIHYP
 * (build/smpguest/smp-minihyp.bin) it expects exactly what minihyp
 * implements where QEMU's own GIC and PSCI differ: PSCI_VERSION 1.0 (QEMU
 * 7.2 reports 1.1; without the flag 0.2 or any 1.x is accepted and printed)
 * and ISPENDR setting a PPI pending (QEMU 7.2's GICv2 ignores that).
 */
#include "../smpcommon/smp_guest.h"

#include <aarch64_sysreg/icc.h>
#include <gicv3/gicd.h>
#include <gicv3/gicr.h>

#define WAIT_MS	   3000u /* bound on anything that should happen "now" */
#define QUIET_MS   20u	 /* how long "does not happen" is watched */
#define NTESTS	   35u
#define LOG_LEN	   64u
#define NIDS	   64u /* INTIDs used by the tests are below 64 */
#define SGI_PAIR   3u
#define SGI_SELF   5u
#define SGI_BCAST  7u
#define SGI_PEND   9u
#define SGI_REJOIN 4u
#define PPI_TEST   22u /* a PPI no device of the board uses */

/* Wait for a condition with a bound; evaluates to whether it became true. */
#define WAIT_FOR(cond, ms)                                                                         \
	({                                                                                         \
		uint64_t wait_d_ = deadline_ms(ms);                                                \
		while (!(cond) && !past(wait_d_))                                                  \
			cpu_relax();                                                               \
		(bool)(cond);                                                                      \
	})

static unsigned ncpus;
static unsigned nlines; /* interrupt lines (TYPER) */
static uint64_t freq;

/* ---- IRQ bookkeeping: each CPU writes only its own entries ------------- */

struct irq_event {
	uint32_t iar;
	uint32_t depth;
	uint32_t rpr;
	uint32_t exit; /* 0: entry, 1: exit */
};

struct irq_log {
	volatile uint32_t n;
	volatile uint32_t depth;
	volatile uint32_t overflow;
	struct irq_event ev[LOG_LEN];
	volatile uint32_t cnt[NIDS];
	volatile uint32_t sgi[SMP_MAX_CPUS][16]; /* by source CPU, SGI ID */
	volatile uint64_t timer_t;
	volatile uint64_t timer_ctl;
	volatile uint32_t timer_n;
} __attribute__((aligned(64)));

static struct irq_log ilog[SMP_MAX_CPUS];

/* Test-specific action run inside the handler (after the bookkeeping). */
static void (*volatile nest_action)(unsigned cpu, unsigned id);

static void log_event(struct irq_log *l, uint32_t iar, uint32_t depth, uint32_t rpr, uint32_t exit)
{
	uint32_t n = l->n;

	if (n >= LOG_LEN) {
		l->overflow = 1;
		return;
	}
	l->ev[n].iar = iar;
	l->ev[n].depth = depth;
	l->ev[n].rpr = rpr;
	l->ev[n].exit = exit;
	dmb();
	l->n = n + 1;
}

/*
 * The source CPU of an SGI: GICC_IAR.CPUID on a GICv2.  With affinity
 * routing (GICv3) an SGI has no source (ICC_IAR1_EL1 is the INTID alone):
 * the tests that check sources there send from one CPU at a time and say
 * which in sgi_sender (SGI_SENDER_SELF: each CPU to itself).
 */
#define SGI_SENDER_SELF 0xffu
static volatile unsigned sgi_sender;

static unsigned sgi_source(unsigned cpu, uint32_t iar)
{
	if (!gic_v3())
		return gicc_iar_cpuid_get(iar);
	return sgi_sender == SGI_SENDER_SELF ? cpu : sgi_sender % SMP_MAX_CPUS;
}

static void test_irq(unsigned cpu, uint32_t iar, uint64_t t)
{
	struct irq_log *l = &ilog[cpu];
	unsigned id = gic_intid(iar), src = sgi_source(cpu, iar);
	uint32_t depth = l->depth + 1, rpr = gic_rpr();
	void (*act)(unsigned, unsigned);

	l->depth = depth;
	log_event(l, iar, depth, rpr, 0);
	if (id == INTID_VTIMER) {
		l->timer_t = t;
		l->timer_ctl = vtimer_ctl();
		vtimer_set_ctl(0); /* level-sensitive: drop the line before EOI */
	}
	if (id < 16)
		l->sgi[src][id] = l->sgi[src][id] + 1;
	dmb();
	if (id < NIDS)
		l->cnt[id] = l->cnt[id] + 1;
	if (id == INTID_VTIMER)
		l->timer_n = l->timer_n + 1;
	dmb();
	act = nest_action;
	if (act)
		act(cpu, id);
	log_event(l, iar, depth, rpr, 1);
	l->depth = depth - 1;
}

void smp_secondary_init(unsigned cpu)
{
	irq_hook[cpu] = test_irq;
}

/* Only while the CPUs concerned take no interrupt. */
static void logs_reset(void)
{
	memset(ilog, 0, sizeof(ilog));
	dmb();
}

static uint32_t sum_cnt(unsigned id)
{
	uint32_t s = 0;
	unsigned c;

	for (c = 0; c < ncpus; c++)
		s += ilog[c].cnt[id];
	return s;
}

/* ---- helpers ---------------------------------------------------------------- */

/* SPI `id` at `prio`, in the CPU interface's group, to CPU `cpu`. */
static void spi_setup(unsigned id, uint8_t prio, unsigned cpu)
{
	gic_set_group(id);
	gic_set_priority(id, prio);
	gic_route_spi(id, cpu);
}

static void set_enable(unsigned id, bool on)
{
	gic_enable(id, on);
}

/* The SPIs' per-INTID registers (word n >= 1) are at the same offsets in
 * the GICv2 and the GICv3 distributor (IHI 0069 12.9): the tests below
 * read and write them with the GICv2 names on either. */
_Static_assert(GICD_IPRIORITYR_OFFSET(10) == GICD3_IPRIORITYR_OFFSET(10) &&
		       GICD_ICFGR_OFFSET(2) == GICD3_ICFGR_OFFSET(2) &&
		       GICD_ISENABLER_OFFSET(1) == GICD3_ISENABLER_OFFSET(1),
	       "GICv2 and GICv3 SPI register offsets");

static bool run_everywhere(smp_fn fn, uint64_t arg, uint64_t results[SMP_MAX_CPUS])
{
	bool ok = true;
	unsigned c;

	for (c = 1; c < ncpus; c++)
		smp_start(c, fn, arg);
	results[0] = fn(arg);
	for (c = 1; c < ncpus; c++)
		if (!smp_wait(c, WAIT_MS * 2, &results[c])) {
			guest_printf("# CPU %u did not finish its command\n", c);
			ok = false;
		}
	return ok;
}

static const char *psci_err(int64_t r)
{
	switch (r) {
	case PSCI_RET_SUCCESS:
		return "SUCCESS";
	case PSCI_RET_NOT_SUPPORTED:
		return "NOT_SUPPORTED";
	case PSCI_RET_INVALID_PARAMS:
		return "INVALID_PARAMETERS";
	case PSCI_RET_DENIED:
		return "DENIED";
	case PSCI_RET_ALREADY_ON:
		return "ALREADY_ON";
	case PSCI_RET_ON_PENDING:
		return "ON_PENDING";
	default:
		return "other";
	}
}

/* ---- TAP -------------------------------------------------------------------- */

static unsigned tap_n, tap_failed;

static bool tap(bool ok, const char *name)
{
	tap_n++;
	if (!ok)
		tap_failed++;
	guest_printf("%sok %u - %s\n", ok ? "" : "not ", tap_n, name);
	return ok;
}

/* ---- PSCI ------------------------------------------------------------------- */

static uint64_t psci_ver;
static unsigned started;	  /* secondaries that CPU_ON started */
static int64_t discover_stop = 0; /* CPU_ON's answer past the last CPU */

static void t_psci_version(void)
{
	bool ok;

	psci_ver = (uint64_t)psci_call(PSCI_0_2_FN_PSCI_VERSION, 0, 0, 0);
	guest_printf("# PSCI_VERSION %lx (%lu.%lu)\n", psci_ver, psci_ver >> 16, psci_ver & 0xffff);
#ifdef SMP_UNDER_MINIHYP
	ok = psci_ver == 0x10000u; /* minihyp implements PSCI 1.0 */
#else
	ok = psci_ver == 0x2u || (psci_ver >> 16) == 1u;
#endif
	tap(ok, "psci: PSCI_VERSION");
}

static void t_psci_features(void)
{
	static const uint32_t fids[] = {PSCI_0_2_FN_PSCI_VERSION, PSCI_0_2_FN64_CPU_ON,
					PSCI_0_2_FN_CPU_OFF, PSCI_0_2_FN64_AFFINITY_INFO,
					PSCI_0_2_FN_SYSTEM_OFF};
	bool ok = true;
	unsigned i;
	int64_t r;

	if (psci_ver < 0x10000u) {
		/* PSCI 0.2 has no PSCI_FEATURES: it must be NOT_SUPPORTED */
		r = psci_call(PSCI_1_0_FN_PSCI_FEATURES, PSCI_0_2_FN64_CPU_ON, 0, 0);
		guest_printf("# PSCI 0.2: PSCI_FEATURES -> %ld\n", r);
		tap(r == PSCI_RET_NOT_SUPPORTED, "psci: PSCI_FEATURES");
		return;
	}
	for (i = 0; i < sizeof(fids) / sizeof(fids[0]); i++) {
		r = psci_call(PSCI_1_0_FN_PSCI_FEATURES, fids[i], 0, 0);
		if (r < 0) {
			guest_printf("# PSCI_FEATURES(%x) = %ld\n", fids[i], r);
			ok = false;
		}
	}
	r = psci_call(PSCI_1_0_FN_PSCI_FEATURES, 0x840000ffu, 0, 0);
	if (r != PSCI_RET_NOT_SUPPORTED) {
		guest_printf("# PSCI_FEATURES(unknown 0x840000ff) = %ld, expected NOT_SUPPORTED\n",
			     r);
		ok = false;
	}
	tap(ok, "psci: PSCI_FEATURES: CPU_ON, CPU_OFF, AFFINITY_INFO, SYSTEM_OFF supported, "
		"unknown function NOT_SUPPORTED");
}

static void discover(void)
{
	unsigned c;

	for (c = 1; c < SMP_MAX_CPUS; c++) {
		int64_t r = smp_cpu_on(c, 0x5ec00000u + c);

		if (r != PSCI_RET_SUCCESS) {
			discover_stop = r;
			break;
		}
		started++;
	}
	ncpus = 1;
	for (c = 1; c <= started; c++) {
		if (!smp_wait_online(c, 0, WAIT_MS * 2))
			break;
		ncpus++;
	}
}

static void t_discovery(void)
{
	bool ok = ncpus >= 2 && ncpus == started + 1;
	unsigned c;

	guest_printf("# %u CPUs: CPU_ON started %u secondaries, then %s (%ld)\n", ncpus, started,
		     psci_err(discover_stop), discover_stop);
	if (started + 1 < SMP_MAX_CPUS && discover_stop != PSCI_RET_INVALID_PARAMS)
		ok = false;
	for (c = 1; c < ncpus; c++) {
		if (smp_cpu[c].boot_ctx != 0x5ec00000u + c || (smp_cpu[c].mpidr & 0xffu) != c) {
			guest_printf("# CPU %u: context id %lx, MPIDR %lx\n", c,
				     smp_cpu[c].boot_ctx, smp_cpu[c].mpidr);
			ok = false;
		}
	}
	tap(ok, "psci: CPU_ON starts every secondary (context id, MPIDR), INVALID_PARAMETERS "
		"past the last");
}

/* ---- distributor registers ------------------------------------------------- */

static void t_ctlr(void)
{
	uint32_t off, on;

	gic_dist_enable(false);
	off = gicd_read(GICD_CTLR_OFFSET);
	gic_dist_enable(true);
	on = gicd_read(GICD_CTLR_OFFSET);
	guest_printf("# GICD_CTLR: %x disabled, %x enabled\n", off, on);
	if (gic_v3())
		/* one Security state (DS = 1): EnableGrp1 (bit 1, the
		 * Non-secure view's EnableGrp1A) written, ARE (bit 4) RAO/WI */
		tap(gicd3_ctlr_ds_get(off) && gicd3_ctlr_ds_get(on) &&
			    !(off & GICD3_CTLR_NS_ENABLEGRP1A_MASK) &&
			    (on & GICD3_CTLR_NS_ENABLEGRP1A_MASK) &&
			    (off & GICD3_CTLR_NS_ARE_NS_MASK) && (on & GICD3_CTLR_NS_ARE_NS_MASK),
		    "gicd3: CTLR EnableGrp1 writes and reads back, DS = 1, ARE RAO/WI");
	else
		tap(!gicd_ctlr_enablegrp0_get(off) && gicd_ctlr_enablegrp0_get(on),
		    "gicd: CTLR enable bit writes and reads back");
}

/* GICv3: every CPU's redistributor, in order from GUEST_GICR_IPA, names
 * that CPU (GICR_TYPER Affinity_Value = MPIDR_EL1.Aff0 here, Processor
 * Number) and only the last one has Last (IHI 0069 12.11.36). */
static bool gicr_typers_ok(void)
{
	uintptr_t rd = GUEST_GICR_IPA;
	bool ok = true;
	unsigned c;

	for (c = 0; c < ncpus; c++, rd += 2 * GIC_GICR_SGI_BASE) {
		uint64_t t = gicr_typer_read(rd);

		guest_printf("# GICR_TYPER %u: %lx\n", c, t);
		ok &= gicr_typer_affinity_value_get(t) == c &&
		      gicr_typer_processor_number_get(t) == c &&
		      gicr_typer_last_get(t) == (c == ncpus - 1u) && gic_rd(c) == rd;
	}
	return ok;
}

static void t_typer(void)
{
	uint32_t t = gicd_read(GICD_TYPER_OFFSET);
	unsigned cpun = gicd_typer_cpunumber_get(t), itl = gicd_typer_itlinesnumber_get(t);

	nlines = 32u * (itl + 1u);
	guest_printf("# GICD_TYPER %x: ITLinesNumber %u (%u INTIDs), CPUNumber %u\n", t, itl,
		     nlines, cpun);
	if (gic_v3())
		tap(itl >= 1 && gicr_typers_ok(),
		    "gicd3: TYPER ITLinesNumber >= 1; one redistributor per CPU, GICR_TYPER "
		    "affinity, Processor_Number, Last");
	else
		tap(cpun == ncpus - 1 && itl >= 1,
		    "gicd: TYPER CPUNumber = CPUs - 1, ITLinesNumber >= 1");
}

static void t_ids(void)
{
	uint32_t iidr = gicd_read(GICD_IIDR_OFFSET), iidr2 = gicd_read(GICD_IIDR_OFFSET);
	uint32_t pidr2 = gicd_read(gic_v3() ? GICD3_PIDR2_OFFSET : GICD_PIDR2_OFFSET);

	guest_printf("# GICD_IIDR %x, PIDR2 %x\n", iidr, pidr2);
	if (gic_v3())
		tap(iidr == iidr2 && gicd3_pidr2_archrev_get(pidr2) == GICD3_PIDR2_ARCHREV_GICV3,
		    "gicd3: IIDR readable, GICD_PIDR2 ArchRev = 3 (GICv3)");
	else
		tap(iidr == iidr2 && gicd_pidr2_archrev_get(pidr2) == 2u,
		    "gicd: IIDR readable, ICPIDR2 ArchRev = 2 (GICv2)");
}

static void t_sgi_enable(void)
{
	uint32_t cleared, set, cl_view;

	gic_bits_write(GIC_ICENABLER, 0, 0xffffu);
	cleared = gic_bits_read(GIC_ISENABLER, 0) & 0xffffu;
	gic_bits_write(GIC_ISENABLER, 0, 0xffffu);
	set = gic_bits_read(GIC_ISENABLER, 0) & 0xffffu;
	cl_view = gic_bits_read(GIC_ICENABLER, 0) & 0xffffu;
	guest_printf("# SGI enables: %x after ICENABLER, %x after ISENABLER (%s)\n", cleared, set,
		     cleared ? "RAO/WI" : "programmable");
	tap((cleared == 0 || cleared == 0xffffu) && set == 0xffffu && cl_view == set,
	    "gicd: SGI enable (ISENABLER0/ICENABLER0), programmable or RAO/WI");
}

static uint64_t ppi_enable_get(uint64_t id)
{
	return gic_bit(GIC_ISENABLER, (unsigned)id);
}

static uint64_t ppi_enable_set(uint64_t id)
{
	set_enable((unsigned)id, true);
	return gic_bit(GIC_ISENABLER, (unsigned)id);
}

static uint64_t ppi_enable_clear(uint64_t id)
{
	set_enable((unsigned)id, false);
	return gic_bit(GIC_ISENABLER, (unsigned)id);
}

static void t_ppi_enable(void)
{
	uint64_t r[SMP_MAX_CPUS];
	bool ok = true;
	unsigned c;

	/* CPU 0 enables the timer PPI in its bank: the others' stay clear */
	ok &= ppi_enable_set(INTID_VTIMER) == 1;
	for (c = 1; c < ncpus; c++) {
		ok &= smp_run(c, ppi_enable_get, INTID_VTIMER, WAIT_MS, &r[c]) && r[c] == 0;
		ok &= smp_run(c, ppi_enable_set, INTID_VTIMER, WAIT_MS, &r[c]) && r[c] == 1;
	}
	ok &= ppi_enable_clear(INTID_VTIMER) == 0;
	for (c = 1; c < ncpus; c++) {
		ok &= smp_run(c, ppi_enable_get, INTID_VTIMER, WAIT_MS, &r[c]) && r[c] == 1;
		ok &= smp_run(c, ppi_enable_clear, INTID_VTIMER, WAIT_MS, &r[c]) && r[c] == 0;
	}
	ok &= !gic_bit(GIC_ICENABLER, INTID_VTIMER);
	tap(ok, "gicd: PPI enable set/clear, banked per CPU");
}

static void t_spi_enable(void)
{
	const uint32_t mask = 0xff00ff00u; /* SPIs 40-47, 56-63 (not the UART's 33) */
	uint32_t a, b, c, cv;
	bool ok;

	gic_bits_write(GIC_ICENABLER, 1, mask);
	a = gic_bits_read(GIC_ISENABLER, 1) & mask;
	gic_bits_write(GIC_ISENABLER, 1, 0x0f00f000u);
	b = gic_bits_read(GIC_ISENABLER, 1) & mask;
	gic_bits_write(GIC_ICENABLER, 1, 0x03003000u);
	c = gic_bits_read(GIC_ISENABLER, 1) & mask;
	cv = gic_bits_read(GIC_ICENABLER, 1) & mask;
	ok = a == 0 && b == 0x0f00f000u && c == 0x0c00c000u && cv == c;
	if (nlines > 64) { /* a whole word of SPIs 64-95 */
		gic_bits_write(GIC_ISENABLER, 2, 0xffffffffu);
		b = gic_bits_read(GIC_ISENABLER, 2);
		gic_bits_write(GIC_ICENABLER, 2, 0xffffffffu);
		a = gic_bits_read(GIC_ISENABLER, 2);
		ok &= b == 0xffffffffu && a == 0;
	}
	if (nlines < 1024) { /* past the last line: RAZ/WI */
		gic_bits_write(GIC_ISENABLER, nlines / 32u, 0xffffffffu);
		a = gic_bits_read(GIC_ISENABLER, nlines / 32u);
		if (a != 0)
			guest_printf("# ISENABLER past ITLinesNumber reads %x\n", a);
#ifndef SMP_UNDER_MINIHYP
		/* QEMU 7.2's own GICv3 keeps enable bits past the lines its
		 * GICD_TYPER reports: not checked directly under QEMU */
		if (gic_v3())
			a = 0;
#endif
		ok &= a == 0;
	}
	gic_bits_write(GIC_ICENABLER, 1, mask);
	ok &= (gic_bits_read(GIC_ISENABLER, 1) & mask) == 0;
	tap(ok, "gicd: SPI enable set/clear (ISENABLER/ICENABLER), RAZ/WI past the last line");
}

/* SPIs of word 1 (`mask`) through a set / clear register pair: set (read
 * back in both: a, av), `part` cleared (b), all cleared (c). */
static void set_clear(enum gic_bitreg set, enum gic_bitreg clr, uint32_t mask, uint32_t part,
		      uint32_t *a, uint32_t *av, uint32_t *b, uint32_t *c)
{
	gic_bits_write(set, 1, mask);
	*a = gic_bits_read(set, 1) & mask;
	*av = gic_bits_read(clr, 1) & mask;
	gic_bits_write(clr, 1, part);
	*b = gic_bits_read(set, 1) & mask;
	gic_bits_write(clr, 1, mask);
	*c = gic_bits_read(set, 1) & mask;
}

/* PPI_TEST in the caller's bank (GICv3: its redistributor): set, then
 * cleared (p1, p2: the bit after each). */
static void set_clear_ppi(enum gic_bitreg set, enum gic_bitreg clr, uint32_t *p1, uint32_t *p2)
{
	gic_bit_write(set, PPI_TEST);
	*p1 = gic_bit(set, PPI_TEST);
	gic_bit_write(clr, PPI_TEST);
	*p2 = gic_bit(set, PPI_TEST);
}

static void t_pending(void)
{
	const uint32_t mask = 0x00f00000u; /* SPIs 52-55, disabled */
	uint32_t a, av, b, c, p1, p2;
	bool ok;
	unsigned i;

	/* Pending SPIs with a target (QEMU keeps SPI pending state per target
	 * CPU, so an SPI with an empty target list cannot be made pending). */
	for (i = 52; i < 56; i++)
		gic_route_spi(i, 0);
	set_clear(GIC_ISPENDR, GIC_ICPENDR, mask, 0x00300000u, &a, &av, &b, &c);
	/* a PPI, disabled, in CPU 0's bank */
	set_enable(PPI_TEST, false);
	set_clear_ppi(GIC_ISPENDR, GIC_ICPENDR, &p1, &p2);
	guest_printf("# SPI pending %x %x %x %x, PPI %u pending %u then %u\n", a, av, b, c,
		     PPI_TEST, p1, p2);
	ok = a == mask && av == mask && b == 0x00c00000u && c == 0 && !p2;
#ifdef SMP_UNDER_MINIHYP
	ok &= p1 == 1;
#else
	/* QEMU 7.2's own GICv2 sets a PPI pending through ISPENDR for the CPUs
	 * of its (always empty) target field, i.e. never: not checked here. */
	if (!p1)
		guest_printf("# PPI pending through ISPENDR not checked directly under QEMU\n");
#endif
	tap(ok, "gicd: pending set/clear (ISPENDR/ICPENDR) of SPIs and a PPI");
}

static void t_sgi_pending(void)
{
	/* SPENDSGIR2 byte 1 = SGI 9, bit 0 = source CPU 0; IRQs masked */
	const uint32_t off = GICD_SPENDSGIR_OFFSET(SGI_PEND / 4u) + (SGI_PEND % 4u);
	const uint32_t coff = GICD_CPENDSGIR_OFFSET(SGI_PEND / 4u) + (SGI_PEND % 4u);
	uint8_t s1 = 1, s2 = 0;
	bool p1, p2;

	irq_disable();
	if (gic_v3()) {
		/* no source with affinity routing: the SGI's one pending state,
		 * set and cleared through GICR_ISPENDR0 / GICR_ICPENDR0 */
		gic_set_pending(SGI_PEND, true);
		p1 = gic_bit(GIC_ISPENDR, SGI_PEND);
		gic_set_pending(SGI_PEND, false);
		p2 = gic_bit(GIC_ISPENDR, SGI_PEND);
	} else {
		gicd_write8(off, 1u);
		s1 = gicd_read8(off);
		p1 = gic_bit(GIC_ISPENDR, SGI_PEND);
		gicd_write8(coff, 1u);
		s2 = gicd_read8(off);
		p2 = gic_bit(GIC_ISPENDR, SGI_PEND);
	}
	irq_enable();
	delay_ms(QUIET_MS);
	guest_printf("# SGI %u from CPU 0: SPENDSGIR %x pending %u, after CPENDSGIR %x pending %u, "
		     "delivered %u\n",
		     SGI_PEND, s1, p1, s2, p2, ilog[0].sgi[0][SGI_PEND]);
	tap((s1 & 1u) && p1 && !(s2 & 1u) && !p2 && ilog[0].sgi[0][SGI_PEND] == 0,
	    gic_v3() ? "gicr: SGI pending set/clear (GICR_ISPENDR0/ICPENDR0), not delivered"
		     : "gicd: SGI pending per source set/clear (SPENDSGIR/CPENDSGIR)");
}

static void t_active(void)
{
	const uint32_t mask = 0x00f00000u; /* SPIs 52-55, disabled */
	uint32_t a, av, b, c, p1, p2;

	set_clear(GIC_ISACTIVER, GIC_ICACTIVER, mask, 0x00500000u, &a, &av, &b, &c);
	set_clear_ppi(GIC_ISACTIVER, GIC_ICACTIVER, &p1, &p2);
	guest_printf("# SPI active %x %x %x %x, PPI %u active %u then %u\n", a, av, b, c, PPI_TEST,
		     p1, p2);
	tap(a == mask && av == mask && b == 0x00a00000u && c == 0 && p1 && !p2,
	    "gicd: active set/clear (ISACTIVER/ICACTIVER) of SPIs and a PPI");
}

static void t_priority(void)
{
	uint8_t all, b[4];
	uint32_t w;
	bool ok;
	unsigned i;

	gicd_write8(GICD_IPRIORITYR_OFFSET(0) + 40, 0xff);
	all = gicd_read8(GICD_IPRIORITYR_OFFSET(0) + 40);
	/* at least 4 implemented bits (16 levels), the top ones */
	ok = all == 0xf0 || all == 0xf8 || all == 0xfc || all == 0xfe || all == 0xff;
	for (i = 0; i < 4; i++)
		gicd_write8(GICD_IPRIORITYR_OFFSET(0) + 40 + i, (uint8_t)(0x10 * (i + 1)));
	for (i = 0; i < 4; i++)
		b[i] = gicd_read8(GICD_IPRIORITYR_OFFSET(0) + 40 + i);
	w = gicd_read(GICD_IPRIORITYR_OFFSET(10));
	ok &= b[0] == 0x10 && b[1] == 0x20 && b[2] == 0x30 && b[3] == 0x40 && w == 0x40302010u;
	gicd_write(GICD_IPRIORITYR_OFFSET(11), 0x80706050u);
	for (i = 0; i < 4; i++)
		ok &= gicd_read8(GICD_IPRIORITYR_OFFSET(0) + 44 + i) == 0x50 + 0x10 * i;
	/* SGI and PPI priorities are banked (GICv3: the redistributor's):
	 * CPU 0 only changes its own */
	gic_set_priority(PPI_TEST, 0x30);
	ok &= gic_priority(PPI_TEST) == 0x30;
	guest_printf("# IPRIORITYR: 0xff reads %x; bytes %x %x %x %x, word %x\n", all, b[0], b[1],
		     b[2], b[3], w);
	tap(ok, "gicd: IPRIORITYR byte and word access, implemented priority bits");
}

static uint64_t targets_banked(uint64_t unused)
{
	unsigned cpu = cpu_self(), i;
	uint32_t own = 0x01010101u << cpu, before, after;
	bool ok = true;

	(void)unused;
	if (gic_v3()) {
		/* ARE = 1: GICD_ITARGETSR<n> are RES0 (RAZ/WI); the CPU finds its
		 * redistributor by affinity (GICR_TYPER) */
		uint64_t t = gicr_typer_read(gic_rd_self());

		for (i = 0; i < 8; i++)
			ok &= gicd_read(GICD_ITARGETSR_OFFSET(i)) == 0;
		gicd_write(GICD_ITARGETSR_OFFSET(10), 0xffffffffu);
		ok &= gicd_read(GICD_ITARGETSR_OFFSET(10)) == 0;
		return ok && gic_rd_self() == gic_rd(cpu) &&
		       gicr_typer_affinity_value_get(t) == cpu &&
		       gicr_typer_processor_number_get(t) == cpu;
	}
	for (i = 0; i < 8; i++)
		ok &= gicd_read(GICD_ITARGETSR_OFFSET(i)) == own;
	ok &= gicd_read8(GICD_ITARGETSR_OFFSET(0) + 27) == (1u << cpu);
	before = gicd_read(GICD_ITARGETSR_OFFSET(6));
	gicd_write(GICD_ITARGETSR_OFFSET(6), 0xffffffffu); /* read-only: ignored */
	gicd_write8(GICD_ITARGETSR_OFFSET(0) + 27, 0xff);
	after = gicd_read(GICD_ITARGETSR_OFFSET(6));
	ok &= before == own && after == own;
	return ok;
}

static void t_targets_banked(void)
{
	uint64_t r[SMP_MAX_CPUS] = {0};
	bool ok = run_everywhere(targets_banked, 0, r);
	unsigned c;

	for (c = 0; c < ncpus; c++)
		if (!r[c]) {
			guest_printf("# CPU %u: ITARGETSR0-7 / its redistributor wrong\n", c);
			ok = false;
		}
	tap(ok, gic_v3() ? "gicd3: ITARGETSR RAZ/WI with ARE; each CPU finds its redistributor "
			   "by GICR_TYPER affinity"
			 : "gicd: ITARGETSR0-7 read-only, each CPU reads its own bit");
}

/* GICv3: GICD_IROUTER<n> of SPIs 40-43 (IHI 0069 12.9.22): each CPU's
 * affinity, or Interrupt_Routing_Mode 1 (any CPU), in 64-bit and 32-bit
 * accesses; Aff1-3 and the mode kept.  Written with every RES0 bit set:
 * the GIC may keep or drop those (ARM ARM, RES0), so they are not compared. */
static void t_irouter(void)
{
	bool ok = true;
	unsigned i;

	for (i = 0; i < 4; i++) {
		uint64_t v = i == 3 ? gicd3_irouter_interrupt_routing_mode_set(0, 1)
				    : gicd3_irouter_aff0_set(0, i % ncpus);

		gicd3_irouter_write_intid(GUEST_GICD_IPA, 40 + i, v | GICD3_IROUTER_RES0);
		ok &= (gicd3_irouter_read_intid(GUEST_GICD_IPA, 40 + i) & ~GICD3_IROUTER_RES0) == v;
	}
	/* the upper word alone: Aff3 */
	mmio_write32(GUEST_GICD_IPA + GICD3_IROUTER_OFFSET(44) + 4,
		     (uint32_t)(gicd3_irouter_aff3_set(0, 2) >> 32));
	mmio_write32(GUEST_GICD_IPA + GICD3_IROUTER_OFFSET(44),
		     (uint32_t)gicd3_irouter_aff1_set(gicd3_irouter_aff0_set(0, 1), 3));
	ok &= gicd3_irouter_read_intid(GUEST_GICD_IPA, 44) ==
	      gicd3_irouter_aff3_set(gicd3_irouter_aff1_set(gicd3_irouter_aff0_set(0, 1), 3), 2);
	guest_printf("# IROUTER SPIs 40-44: %lx %lx %lx %lx %lx\n",
		     gicd3_irouter_read_intid(GUEST_GICD_IPA, 40),
		     gicd3_irouter_read_intid(GUEST_GICD_IPA, 41),
		     gicd3_irouter_read_intid(GUEST_GICD_IPA, 42),
		     gicd3_irouter_read_intid(GUEST_GICD_IPA, 43),
		     gicd3_irouter_read_intid(GUEST_GICD_IPA, 44));
	tap(ok, "gicd3: IROUTER of SPIs: affinity and routing mode, 64-bit and 32-bit access");
}

static void t_targets_spi(void)
{
	uint8_t all = (uint8_t)((1u << ncpus) - 1u);
	uint32_t w = 0;
	bool ok = true;
	unsigned i;

	if (gic_v3()) {
		t_irouter();
		return;
	}
	for (i = 0; i < 4; i++) {
		uint8_t t = i == 3 ? all : (uint8_t)(1u << (i % ncpus));

		gicd_write8(GICD_ITARGETSR_OFFSET(0) + 40 + i, t);
		w |= (uint32_t)t << (8 * i);
	}
	for (i = 0; i < 4; i++)
		ok &= gicd_read8(GICD_ITARGETSR_OFFSET(0) + 40 + i) == (uint8_t)(w >> (8 * i));
	ok &= gicd_read(GICD_ITARGETSR_OFFSET(10)) == w;
	gicd_write(GICD_ITARGETSR_OFFSET(11), 0x01010101u * all);
	ok &= gicd_read(GICD_ITARGETSR_OFFSET(11)) == 0x01010101u * all;
	guest_printf("# ITARGETSR SPIs 40-43: %x\n", gicd_read(GICD_ITARGETSR_OFFSET(10)));
	tap(ok, "gicd: ITARGETSR of SPIs, byte and word access");
}

static void t_icfgr(void)
{
	/* the SGIs' ICFGR0: the GICv3 redistributor's */
	uint32_t sgi =
		gic_v3() ? gicr_icfgr_read(gic_rd_self(), 0) : gicd_read(GICD_ICFGR_OFFSET(0));
	uint32_t edge, level, w2;

	gicd_write(GICD_ICFGR_OFFSET(3), 0xaaaaaaaau); /* SPIs 48-63 edge */
	edge = gicd_read(GICD_ICFGR_OFFSET(3));
	gicd_write(GICD_ICFGR_OFFSET(3), 0);
	level = gicd_read(GICD_ICFGR_OFFSET(3));
	gicd_write(GICD_ICFGR_OFFSET(3), 0xaaaaaaaau);
	/* SPIs 40-47 edge, 32-39 (the UART's) untouched */
	w2 = gicd_read(GICD_ICFGR_OFFSET(2));
	gicd_write(GICD_ICFGR_OFFSET(2), w2 | 0xaaaa0000u);
	guest_printf("# ICFGR0 %x, SPIs 48-63: %x edge, %x level\n", sgi, edge, level);
	tap((sgi & 0xaaaaaaaau) == 0xaaaaaaaau && (edge & 0xaaaaaaaau) == 0xaaaaaaaau &&
		    (level & 0xaaaaaaaau) == 0 &&
		    (gicd_read(GICD_ICFGR_OFFSET(2)) & 0xaaaa0000u) == 0xaaaa0000u,
	    "gicd: ICFGR: SGIs edge-triggered, SPI edge/level programmable");
}

/* ---- delivery ------------------------------------------------------------- */

static void t_spi_routing(void)
{
	const unsigned id = 48;
	bool ok = true;
	unsigned c, x;

	for (c = 0; c < ncpus; c++) {
		logs_reset();
		spi_setup(id, 0x80, c);
		set_enable(id, true);
		gic_set_pending(id, true);
		if (!WAIT_FOR(ilog[c].cnt[id] == 1, WAIT_MS)) {
			guest_printf("# SPI %u targeted at CPU %u not received there\n", id, c);
			ok = false;
		}
		delay_ms(QUIET_MS);
		for (x = 0; x < ncpus; x++)
			if (ilog[x].cnt[id] != (x == c)) {
				guest_printf("# SPI %u for CPU %u: CPU %u got it %u times\n", id, c,
					     x, ilog[x].cnt[id]);
				ok = false;
			}
		if (ilog[c].n < 1 || ilog[c].ev[0].iar != id) {
			guest_printf("# CPU %u: IAR %x\n", c, ilog[c].ev[0].iar);
			ok = false;
		}
		if (gic_bit(GIC_ISPENDR, id) || gic_bit(GIC_ISACTIVER, id)) {
			guest_printf("# SPI %u still pending/active after EOI\n", id);
			ok = false;
		}
		set_enable(id, false);
	}
	tap(ok, "delivery: an SPI arrives only at the CPU ITARGETSR names, IAR, EOI");
}

static void t_pmr(void)
{
	const unsigned id = 49;
	bool ok = true, q1, q2, pend;
	uint32_t pmr;

	logs_reset();
	gic_set_pmr(0x50);
	pmr = gic_v3() ? (uint32_t)icc_pmr_el1_read() : gicc_read(GICC_PMR_OFFSET);
	spi_setup(id, 0x60, 0);
	set_enable(id, true);
	gic_set_pending(id, true);
	delay_ms(QUIET_MS);
	q1 = ilog[0].cnt[id] == 0;
	pend = gic_bit(GIC_ISPENDR, id);
	gic_set_pmr(0x60); /* equal priority: still masked */
	delay_ms(QUIET_MS);
	q2 = ilog[0].cnt[id] == 0;
	gic_set_pmr(0x70);
	ok = WAIT_FOR(ilog[0].cnt[id] == 1, WAIT_MS);
	delay_ms(QUIET_MS);
	guest_printf("# PMR %x: masked %u, pending %u; PMR = priority: masked %u; PMR above: "
		     "delivered %u time(s)\n",
		     pmr, q1, pend, q2, ilog[0].cnt[id]);
	ok &= pmr == 0x50 && q1 && q2 && pend && ilog[0].cnt[id] == 1;
	gic_set_pmr(0xf0);
	set_enable(id, false);
	tap(ok, "delivery: PMR masks equal and lower priorities until raised");
}

static volatile uint32_t nest_seen;

static void act_preempt(unsigned cpu, unsigned id)
{
	if (id != 50)
		return;
	irq_enable();
	gic_set_pending(51, true);
	WAIT_FOR(ilog[cpu].cnt[51] == 1, WAIT_MS);
	irq_disable();
}

static void act_no_preempt(unsigned cpu, unsigned id)
{
	if (id != 50)
		return;
	irq_enable();
	gic_set_pending(51, true);
	delay_ms(QUIET_MS);
	nest_seen = ilog[cpu].cnt[51];
	irq_disable();
}

/* Expected log: entries/exits as (id, depth, exit). */
static bool log_is(unsigned cpu, const uint32_t (*exp)[3], unsigned n)
{
	struct irq_log *l = &ilog[cpu];
	bool ok = l->n == n && !l->overflow;
	unsigned i;

	for (i = 0; ok && i < n; i++)
		ok = gic_intid(l->ev[i].iar) == exp[i][0] && l->ev[i].depth == exp[i][1] &&
		     l->ev[i].exit == exp[i][2];
	if (!ok) {
		guest_printf("# CPU %u IRQ log (%u events):", cpu, l->n);
		for (i = 0; i < l->n && i < LOG_LEN; i++)
			guest_printf(" %s%u/%u", l->ev[i].exit ? "-" : "+", gic_intid(l->ev[i].iar),
				     l->ev[i].depth);
		guest_printf("\n");
	}
	return ok;
}

static void t_preempt(void)
{
	static const uint32_t exp[4][3] = {{50, 1, 0}, {51, 2, 0}, {51, 2, 1}, {50, 1, 1}};
	bool ok;

	logs_reset();
	spi_setup(50, 0xa0, 0);
	spi_setup(51, 0x20, 0);
	set_enable(50, true);
	set_enable(51, true);
	nest_action = act_preempt;
	gic_set_pending(50, true);
	ok = WAIT_FOR(ilog[0].cnt[50] == 1 && ilog[0].n == 4, WAIT_MS);
	nest_action = 0;
	delay_ms(QUIET_MS);
	ok &= log_is(0, exp, 4);
	guest_printf("# RPR in handlers: %x (priority 0xa0), %x (priority 0x20); BPR %x\n",
		     ilog[0].ev[0].rpr, ilog[0].ev[1].rpr,
		     gic_v3() ? (uint32_t)icc_bpr1_el1_read() : gicc_read(GICC_BPR_OFFSET));
	ok &= ilog[0].ev[0].rpr == 0xa0 && ilog[0].ev[1].rpr == 0x20;
	set_enable(50, false);
	set_enable(51, false);
	tap(ok, "delivery: a higher priority preempts a running handler (nested IRQ, RPR)");
}

static void t_no_preempt(void)
{
	static const uint32_t exp[4][3] = {{50, 1, 0}, {50, 1, 1}, {51, 1, 0}, {51, 1, 1}};
	bool ok;

	logs_reset();
	nest_seen = 99;
	spi_setup(50, 0x60, 0);
	spi_setup(51, 0x80, 0);
	set_enable(50, true);
	set_enable(51, true);
	nest_action = act_no_preempt;
	gic_set_pending(50, true);
	ok = WAIT_FOR(ilog[0].cnt[51] == 1 && ilog[0].n == 4, WAIT_MS);
	nest_action = 0;
	delay_ms(QUIET_MS);
	ok &= nest_seen == 0 && log_is(0, exp, 4);
	set_enable(50, false);
	set_enable(51, false);
	tap(ok, "delivery: a lower priority waits for the running handler's EOI");
}

static volatile uint32_t repend_pending, repend_active;

static void act_repend(unsigned cpu, unsigned id)
{
	if (id != 58 || ilog[cpu].cnt[58] != 1)
		return;
	gic_set_pending(58, true); /* again, while active */
	repend_pending = gic_bit(GIC_ISPENDR, 58);
	repend_active = gic_bit(GIC_ISACTIVER, 58);
	delay_ms(QUIET_MS);
}

static void t_pending_while_active(void)
{
	static const uint32_t exp[4][3] = {{58, 1, 0}, {58, 1, 1}, {58, 1, 0}, {58, 1, 1}};
	bool ok;

	logs_reset();
	repend_pending = repend_active = 0;
	spi_setup(58, 0x80, 0);
	set_enable(58, true);
	nest_action = act_repend;
	gic_set_pending(58, true);
	ok = WAIT_FOR(ilog[0].cnt[58] >= 2 && ilog[0].n >= 4, WAIT_MS);
	nest_action = 0;
	delay_ms(QUIET_MS);
	guest_printf("# SPI 58 pended again in its handler: pending %u, active %u; delivered %u "
		     "time(s)\n",
		     repend_pending, repend_active, ilog[0].cnt[58]);
	ok &= repend_pending && repend_active && log_is(0, exp, 4);
	ok &= !gic_bit(GIC_ISPENDR, 58) && !gic_bit(GIC_ISACTIVER, 58);
	set_enable(58, false);
	tap(ok, "delivery: pending while active: delivered again after EOI, once");
}

static void t_disabled_then_enabled(void)
{
	bool ok, held, pend;

	logs_reset();
	spi_setup(59, 0x80, 0);
	set_enable(59, false);
	gic_set_pending(59, true);
	delay_ms(QUIET_MS);
	held = ilog[0].cnt[59] == 0;
	pend = gic_bit(GIC_ISPENDR, 59);
	set_enable(59, true);
	ok = WAIT_FOR(ilog[0].cnt[59] == 1, WAIT_MS);
	delay_ms(QUIET_MS);
	guest_printf("# SPI 59 pended while disabled: held %u, pending %u; after enabling: %u "
		     "time(s)\n",
		     held, pend, ilog[0].cnt[59]);
	ok &= held && pend && ilog[0].cnt[59] == 1 && !gic_bit(GIC_ISPENDR, 59);
	set_enable(59, false);
	tap(ok, "delivery: pending while disabled stays pending, arrives once when enabled");
}

/* 8 SPIs (40-47), distinct priorities, pended by one ISPENDR write with IRQs
 * masked: more than the 4 list registers of a GICv2 hypervisor interface. */
static const uint8_t eight_prio[8] = {0x50, 0x20, 0x80, 0x10, 0x70, 0x30, 0x60, 0x40};

static uint64_t eight_fn(uint64_t unused)
{
	unsigned cpu = cpu_self();
	uint32_t pend;

	(void)unused;
	irq_disable();
	gic_bits_write(GIC_ISPENDR, 1, 0x0000ff00u);
	delay_ms(QUIET_MS);
	pend = gic_bits_read(GIC_ISPENDR, 1) & 0xff00u;
	irq_enable();
	WAIT_FOR(ilog[cpu].n >= 16, WAIT_MS);
	delay_ms(QUIET_MS);
	return pend;
}

static void t_eight(unsigned cpu)
{
	uint32_t exp[16][3];
	uint64_t pend = 0;
	bool ok;
	unsigned i, k = 0, p;

	logs_reset();
	for (i = 0; i < 8; i++) {
		spi_setup(40 + i, eight_prio[i], cpu);
		set_enable(40 + i, true);
	}
	/* expected order: by priority value, lowest first */
	for (p = 0x10; p <= 0x80; p += 0x10)
		for (i = 0; i < 8; i++)
			if (eight_prio[i] == p) {
				exp[k][0] = 40 + i, exp[k][1] = 1, exp[k][2] = 0, k++;
				exp[k][0] = 40 + i, exp[k][1] = 1, exp[k][2] = 1, k++;
			}
	ok = smp_run(cpu, eight_fn, 0, WAIT_MS * 2, &pend);
	ok &= pend == 0xff00u;
	ok &= log_is(cpu, (const uint32_t(*)[3])exp, 16);
	for (i = 0; i < 8; i++)
		ok &= sum_cnt(40 + i) == 1 && ilog[cpu].cnt[40 + i] == 1;
	guest_printf("# CPU %u: pending before unmasking %lx\n", cpu, pend);
	gic_bits_write(GIC_ICENABLER, 1, 0x0000ff00u);
	if (cpu == 0)
		tap(ok, "delivery: 8 pending SPIs on CPU 0, each once, in priority order");
	else
		tap(ok, "delivery: 8 pending SPIs on the last CPU, each once, in priority order");
}

/* ---- SGIs --------------------------------------------------------------------- */

/* 8 SGIs (8-15) to self with distinct (banked) priorities, sent with IRQs
 * masked: the software-injected path with more pending than list
 * registers. */
static uint64_t sgi_eight_fn(uint64_t unused)
{
	unsigned cpu = cpu_self(), i;
	uint32_t pend;

	(void)unused;
	irq_disable();
	for (i = 0; i < 8; i++)
		gic_set_priority(8 + i, eight_prio[i]);
	for (i = 0; i < 8; i++)
		gic_sgi_self(8 + i);
	delay_ms(QUIET_MS);
	pend = gic_bits_read(GIC_ISPENDR, 0) & 0xff00u;
	irq_enable();
	WAIT_FOR(ilog[cpu].n >= 16, WAIT_MS);
	delay_ms(QUIET_MS);
	return pend;
}

static void t_sgi_eight(void)
{
	unsigned cpu = ncpus - 1, i, k = 0, p;
	uint32_t exp[16][3];
	uint64_t pend = 0;
	bool ok;

	logs_reset();
	for (p = 0x10; p <= 0x80; p += 0x10)
		for (i = 0; i < 8; i++)
			if (eight_prio[i] == p) {
				exp[k][0] = 8 + i, exp[k][1] = 1, exp[k][2] = 0, k++;
				exp[k][0] = 8 + i, exp[k][1] = 1, exp[k][2] = 1, k++;
			}
	sgi_sender = SGI_SENDER_SELF;
	ok = smp_run(cpu, sgi_eight_fn, 0, WAIT_MS * 2, &pend);
	ok &= pend == 0xff00u;
	ok &= log_is(cpu, (const uint32_t(*)[3])exp, 16);
	for (i = 0; i < 8; i++)
		ok &= ilog[cpu].sgi[cpu][8 + i] == 1 && ilog[cpu].cnt[8 + i] == 1;
	guest_printf("# CPU %u: SGIs pending before unmasking %lx\n", cpu, pend);
	tap(ok, "sgi: 8 pending SGIs to self on the last CPU, each once, in priority order");
}

static uint64_t sgi_pairs_fn(uint64_t unused)
{
	unsigned self = cpu_self(), d;

	(void)unused;
	for (d = 0; d < ncpus; d++)
		if (d != self)
			gic_sgi(1u << d, SGI_PAIR);
	return 0;
}

/* arg: SGI ID, and SGI_TO_OTHERS: to every CPU but self (GICD_SGIR filter
 * 1, ICC_SGI1R_EL1.IRM = 1), else to self (filter 2, own Aff0 in the
 * target list) */
#define SGI_TO_OTHERS 0x100u
static uint64_t sgi_filter_fn(uint64_t arg)
{
	if (arg & SGI_TO_OTHERS)
		gic_sgi_others((unsigned)(arg & 0xf));
	else
		gic_sgi_self((unsigned)(arg & 0xf));
	return 0;
}

/* sgi[d][s] received by d from s must be expect(d, s) for SGI `id`, and no
 * other SGI anywhere. */
static bool sgi_matrix_ok(unsigned id, bool (*expect)(unsigned d, unsigned s))
{
	uint32_t want = 0;
	bool ok;
	unsigned d, s, k;

	for (d = 0; d < ncpus; d++)
		for (s = 0; s < ncpus; s++)
			want += expect(d, s);
	ok = WAIT_FOR(sum_cnt(id) >= want, WAIT_MS);
	delay_ms(QUIET_MS);
	for (d = 0; d < ncpus; d++)
		for (s = 0; s < SMP_MAX_CPUS; s++)
			for (k = 0; k < 16; k++) {
				uint32_t n = ilog[d].sgi[s][k];
				uint32_t e = (k == id && s < ncpus) ? expect(d, s) : 0;

				if (n != e) {
					guest_printf("# CPU %u got SGI %u from CPU %u %u time(s), "
						     "expected %u\n",
						     d, k, s, n, e);
					ok = false;
				}
			}
	return ok;
}

static bool exp_pairs(unsigned d, unsigned s)
{
	return d != s;
}

static bool exp_self(unsigned d, unsigned s)
{
	return d == s;
}

static unsigned bcast_src;

static bool exp_bcast(unsigned d, unsigned s)
{
	return s == bcast_src && d != s;
}

static void t_sgi_pairs(void)
{
	bool ok;
	unsigned s;

	logs_reset();
	ok = true;
	/* GICv3: one sender at a time, its SGIs all in before the next */
	for (s = 0; s < ncpus; s++) {
		sgi_sender = s;
		ok &= smp_run(s, sgi_pairs_fn, 0, WAIT_MS, 0);
		if (gic_v3())
			ok &= WAIT_FOR(sum_cnt(SGI_PAIR) >= (s + 1) * (ncpus - 1), WAIT_MS);
	}
	ok &= sgi_matrix_ok(SGI_PAIR, exp_pairs);
	guest_printf("# %u ordered pairs\n", ncpus * (ncpus - 1));
	tap(ok, gic_v3() ? "sgi: between every ordered pair of CPUs (ICC_SGI1R_EL1 target list), "
			   "once each"
			 : "sgi: between every ordered pair of CPUs, once each, source CPU in IAR");
}

static void t_sgi_self(void)
{
	uint64_t r[SMP_MAX_CPUS];
	bool ok;

	logs_reset();
	sgi_sender = SGI_SENDER_SELF;
	ok = run_everywhere(sgi_filter_fn, SGI_SELF, r);
	ok &= sgi_matrix_ok(SGI_SELF, exp_self);
	tap(ok, gic_v3() ? "sgi: to self (own Aff0 in the ICC_SGI1R_EL1 target list) on every CPU"
			 : "sgi: to self (TargetListFilter 2) on every CPU");
}

static void t_sgi_bcast(void)
{
	bool ok = true;
	unsigned s;

	for (s = 0; s < ncpus; s++) {
		logs_reset();
		bcast_src = s;
		sgi_sender = s;
		ok &= smp_run(s, sgi_filter_fn, SGI_TO_OTHERS | SGI_BCAST, WAIT_MS, 0);
		ok &= sgi_matrix_ok(SGI_BCAST, exp_bcast);
	}
	tap(ok, gic_v3() ? "sgi: broadcast to all but self (ICC_SGI1R_EL1.IRM = 1) from every CPU"
			 : "sgi: broadcast to all but self (TargetListFilter 1) from every CPU");
}

/* ---- timers ---------------------------------------------------------------- */

static volatile uint64_t tm_cval[SMP_MAX_CPUS], tm_wake[SMP_MAX_CPUS];
static volatile uint32_t tm_wfis[SMP_MAX_CPUS];

static void timer_arm(unsigned cpu, uint64_t ms)
{
	uint64_t cval;

	set_enable(INTID_VTIMER, true); /* this CPU's bank */
	gic_set_priority(INTID_VTIMER, 0x80);
	cval = counter_read() + freq / 1000u * ms;
	tm_cval[cpu] = cval;
	vtimer_set_cval(cval);
	vtimer_set_ctl(CNTV_CTL_ENABLE);
}

static uint64_t timer_fn(uint64_t ms)
{
	unsigned cpu = cpu_self();

	timer_arm(cpu, ms);
	WAIT_FOR(ilog[cpu].timer_n >= 1, WAIT_MS);
	delay_ms(QUIET_MS);
	vtimer_set_ctl(0);
	return ilog[cpu].timer_n;
}

static uint64_t timer_wfi_fn(uint64_t ms)
{
	unsigned cpu = cpu_self();
	uint64_t d = deadline_ms(WAIT_MS);
	uint32_t n = 0;

	irq_disable();
	timer_arm(cpu, ms);
	while (!(vtimer_ctl() & CNTV_CTL_ISTATUS) && !past(d)) {
		__asm__ volatile("dsb sy\n\twfi" ::: "memory");
		n++;
	}
	tm_wake[cpu] = counter_read();
	tm_wfis[cpu] = n;
	irq_enable();
	WAIT_FOR(ilog[cpu].timer_n >= 1, WAIT_MS);
	delay_ms(QUIET_MS);
	vtimer_set_ctl(0);
	return ilog[cpu].timer_n;
}

static bool timer_check(bool wfi)
{
	uint64_t bound = 2 * freq; /* 2 s: generous, QEMU's timers lag on a loaded host */
	bool ok = true;
	unsigned c;

	for (c = 0; c < ncpus; c++) {
		struct irq_log *l = &ilog[c];
		uint64_t cval = tm_cval[c], t = l->timer_t;
		bool good = l->timer_n == 1 && t >= cval && t - cval <= bound &&
			    (l->timer_ctl & CNTV_CTL_ISTATUS) &&
			    (!wfi ||
			     (tm_wake[c] >= cval && tm_wake[c] - cval <= bound && tm_wfis[c] >= 1));

		guest_printf("# CPU %u: timer IRQ %u time(s), %ld ticks after CVAL, CTL %lx", c,
			     l->timer_n, (int64_t)(t - cval), l->timer_ctl);
		if (wfi)
			guest_printf(", left WFI %ld ticks after CVAL (%u WFI)",
				     (int64_t)(tm_wake[c] - cval), tm_wfis[c]);
		guest_printf("%s\n", good ? "" : "  <- wrong");
		ok &= good;
	}
	return ok;
}

static void t_timer(void)
{
	uint64_t r[SMP_MAX_CPUS];
	bool ok;

	logs_reset();
	ok = run_everywhere(timer_fn, 5, r);
	ok &= timer_check(false);
	tap(ok, "timer: virtual timer PPI 27 at/after CVAL on every CPU");
}

/*
 * A CPU that reaches its deadline before its first WFI (its host thread was
 * descheduled: QEMU runs without -icount here) shows nothing about WFI, so
 * the run is repeated with a later deadline instead of being counted.
 */
static void t_timer_wfi(void)
{
	uint64_t r[SMP_MAX_CPUS], ms = 5;
	bool ok, slept;
	unsigned c, attempt;

	for (attempt = 0;; attempt++, ms *= 10) {
		logs_reset();
		ok = run_everywhere(timer_wfi_fn, ms, r);
		for (slept = true, c = 0; c < ncpus; c++)
			slept &= tm_wfis[c] >= 1;
		if (slept || attempt == 2)
			break;
		guest_printf("# a CPU reached its %lu ms deadline before WFI; again, %lu ms\n",
			     (unsigned long)ms, (unsigned long)ms * 10);
	}
	ok &= timer_check(true);
	tap(ok, "timer: a CPU in WFI is woken by its virtual timer, every CPU");
}

static uint64_t timer_imask_fn(uint64_t unused)
{
	unsigned cpu = cpu_self();
	uint64_t r = 0;

	(void)unused;
	set_enable(INTID_VTIMER, true);
	gic_set_priority(INTID_VTIMER, 0x80);
	vtimer_set_cval(counter_read()); /* already expired */
	vtimer_set_ctl(CNTV_CTL_ENABLE | CNTV_CTL_IMASK);
	delay_ms(QUIET_MS);
	if (vtimer_ctl() & CNTV_CTL_ISTATUS)
		r |= 1; /* condition met */
	if (ilog[cpu].timer_n == 0)
		r |= 2; /* but masked */
	vtimer_set_ctl(CNTV_CTL_ENABLE);
	if (WAIT_FOR(ilog[cpu].timer_n >= 1, WAIT_MS))
		r |= 4; /* unmasked: delivered */
	delay_ms(QUIET_MS);
	if (ilog[cpu].timer_n == 1)
		r |= 8; /* once */
	vtimer_set_ctl(0);
	return r;
}

static void t_timer_imask(void)
{
	uint64_t r[SMP_MAX_CPUS] = {0};
	bool ok;
	unsigned c;

	logs_reset();
	ok = run_everywhere(timer_imask_fn, 0, r);
	for (c = 0; c < ncpus; c++)
		if (r[c] != 15) {
			guest_printf(
				"# CPU %u: ISTATUS %u, held by IMASK %u, delivered when unmasked "
				"%u, once %u\n",
				c, (unsigned)(r[c] & 1), (unsigned)(r[c] >> 1) & 1,
				(unsigned)(r[c] >> 2) & 1, (unsigned)(r[c] >> 3) & 1);
			ok = false;
		}
	tap(ok, "timer: CNTV_CTL.IMASK holds an expired timer back, unmasking delivers it once");
}

/* ---- PSCI CPU_ON / CPU_OFF / AFFINITY_INFO ----------------------------------- */

static void t_psci_on_errors(void)
{
	int64_t self = smp_cpu_on(0, 0), other = smp_cpu_on(ncpus - 1, 0);
	int64_t bad = smp_cpu_on(0xff, 0), bad2 = PSCI_RET_INVALID_PARAMS;
	int64_t aff = psci_call(PSCI_0_2_FN64_AFFINITY_INFO, 0xff, 0, 0);

	if (ncpus < SMP_MAX_CPUS)
		bad2 = smp_cpu_on(ncpus, 0);
	guest_printf("# CPU_ON: self %s, CPU %u %s, MPIDR 0xff %s, MPIDR %u %s; AFFINITY_INFO "
		     "0xff %s\n",
		     psci_err(self), ncpus - 1, psci_err(other), psci_err(bad), ncpus,
		     psci_err(bad2), psci_err(aff));
	tap(self == PSCI_RET_ALREADY_ON && other == PSCI_RET_ALREADY_ON &&
		    bad == PSCI_RET_INVALID_PARAMS && bad2 == PSCI_RET_INVALID_PARAMS &&
		    aff == PSCI_RET_INVALID_PARAMS,
	    "psci: CPU_ON ALREADY_ON for running CPUs, INVALID_PARAMETERS for no CPU");
}

static uint64_t off_fn(uint64_t unused)
{
	unsigned cpu = cpu_self();

	(void)unused;
	irq_disable();
	smp_cpu[cpu].online = 0;
	dmb();
	return (uint64_t)psci_call(PSCI_0_2_FN_CPU_OFF, 0, 0, 0); /* only on failure */
}

static void t_psci_off(void)
{
	unsigned v = ncpus - 1, c;
	int64_t aff;
	bool ok;

	if (ncpus < 2) {
		tap(false, "psci: CPU_OFF (needs a secondary CPU)");
		return;
	}
	smp_start(v, off_fn, 0);
	ok = WAIT_FOR(psci_call(PSCI_0_2_FN64_AFFINITY_INFO, v, 0, 0) == PSCI_AFFINITY_OFF,
		      WAIT_MS);
	aff = psci_call(PSCI_0_2_FN64_AFFINITY_INFO, v, 0, 0);
	guest_printf("# CPU %u after CPU_OFF: AFFINITY_INFO %ld\n", v, aff);
	for (c = 0; c < v; c++) {
		int64_t a = psci_call(PSCI_0_2_FN64_AFFINITY_INFO, c, 0, 0);

		if (a != PSCI_AFFINITY_ON) {
			guest_printf("# CPU %u: AFFINITY_INFO %ld, expected ON\n", c, a);
			ok = false;
		}
	}
	if (smp_cpu[v].done_seq == smp_cpu[v].cmd_seq) {
		guest_printf("# CPU_OFF returned %ld\n", (int64_t)smp_cpu[v].result);
		ok = false;
	}
	tap(ok && aff == PSCI_AFFINITY_OFF,
	    "psci: CPU_OFF, then AFFINITY_INFO OFF for it, ON for the "
	    "others");
}

static uint64_t ping_fn(uint64_t arg)
{
	return arg + cpu_self();
}

static void t_psci_on_again(void)
{
	unsigned v = ncpus - 1;
	uint32_t boots = smp_cpu[v].boots;
	uint64_t r = 0;
	int64_t on, aff;
	bool ok;

	if (ncpus < 2) {
		tap(false, "psci: CPU_ON again after CPU_OFF (needs a secondary CPU)");
		return;
	}
	logs_reset();
	on = smp_cpu_on(v, 0xa6a10000u);
	ok = on == PSCI_RET_SUCCESS && smp_wait_online(v, boots, WAIT_MS * 2);
	aff = psci_call(PSCI_0_2_FN64_AFFINITY_INFO, v, 0, 0);
	ok &= aff == PSCI_AFFINITY_ON && smp_cpu[v].boot_ctx == 0xa6a10000u;
	ok &= smp_run(v, ping_fn, 1000, WAIT_MS, &r) && r == 1000 + v;
	sgi_sender = 0;
	gic_sgi(1u << v, SGI_REJOIN);
	ok &= WAIT_FOR(ilog[v].sgi[0][SGI_REJOIN] == 1, WAIT_MS);
	guest_printf("# CPU %u: CPU_ON %s, context id %lx, AFFINITY_INFO %ld, boots %u, SGI %u\n",
		     v, psci_err(on), smp_cpu[v].boot_ctx, aff, smp_cpu[v].boots,
		     ilog[v].sgi[0][SGI_REJOIN]);
	tap(ok, "psci: CPU_ON again after CPU_OFF: runs, AFFINITY_INFO ON, takes SGIs");
}

/* ---- nesting deeper than the list registers ------------------------------- */

static void act_chain(unsigned cpu, unsigned id)
{
	if (id < 52 || id >= 57)
		return;
	irq_enable();
	gic_set_pending(id + 1, true);
	WAIT_FOR(ilog[cpu].cnt[id + 1] == 1, WAIT_MS);
	irq_disable();
}

static void t_deep_nesting(void)
{
	uint32_t exp[12][3];
	bool ok;
	unsigned i;

	logs_reset();
	for (i = 0; i < 6; i++) {
		spi_setup(52 + i, (uint8_t)(0xc0 - 0x20 * i), 0);
		set_enable(52 + i, true);
		exp[i][0] = 52 + i, exp[i][1] = i + 1, exp[i][2] = 0;
		exp[11 - i][0] = 52 + i, exp[11 - i][1] = i + 1, exp[11 - i][2] = 1;
	}
	nest_action = act_chain;
	gic_set_pending(52, true);
	ok = WAIT_FOR(ilog[0].n >= 12, WAIT_MS * 2);
	nest_action = 0;
	delay_ms(QUIET_MS);
	ok &= log_is(0, (const uint32_t(*)[3])exp, 12);
	for (i = 0; i < 6 && i < ilog[0].n; i++)
		ok &= ilog[0].ev[i].rpr == (uint32_t)(0xc0 - 0x20 * i);
	gic_bits_write(GIC_ICENABLER, 1, 0x03f00000u);
	tap(ok, "delivery: 6 nested preemptions (more active interrupts than list registers)");
}

/* ---- main ------------------------------------------------------------------ */

int guest_main(void)
{
	freq = counter_freq();
	irq_hook[0] = test_irq;
	gic_probe();
	guest_printf("# minihyp SMP test guest: GICv%u, virtual timer, PSCI\n", gic_v3() ? 3 : 2);
	discover();
	gic_dist_enable(true);
	gicc_init();
	irq_enable();
	guest_printf("1..%u\n", NTESTS);
	t_psci_version();
	t_psci_features();
	t_discovery();
	t_ctlr();
	t_typer();
	t_ids();
	t_sgi_enable();
	t_ppi_enable();
	t_spi_enable();
	t_pending();
	t_sgi_pending();
	t_active();
	t_priority();
	t_targets_banked();
	t_targets_spi();
	t_icfgr();
	t_spi_routing();
	t_pmr();
	t_preempt();
	t_no_preempt();
	t_pending_while_active();
	t_disabled_then_enabled();
	t_eight(0);
	t_eight(ncpus - 1);
	t_sgi_eight();
	t_sgi_pairs();
	t_sgi_self();
	t_sgi_bcast();
	t_timer();
	t_timer_wfi();
	t_timer_imask();
	t_psci_on_errors();
	t_psci_off();
	t_psci_on_again();
	t_deep_nesting();
	if (tap_n != NTESTS)
		guest_printf("# ran %u tests, planned %u\n", tap_n, NTESTS);
	guest_printf("# %u CPUs, %u failed; PSCI SYSTEM_OFF\n", ncpus, tap_failed);
	psci_system_off();
}
