/* SPDX-License-Identifier: MIT */
/* Runtime of the multi-vCPU guests: counter deadlines, GIC CPU interface,
 * CPU bring-up and the command loop of the secondaries, IRQ dispatch.  See
 * smp_guest.h; PSCI calls and the console are in ../common/runtime.c. */
#include "smp_guest.h"

struct smp_percpu smp_cpu[SMP_MAX_CPUS];
volatile irq_hook_fn irq_hook[SMP_MAX_CPUS];
volatile bool smp_idle_wfi;
volatile uint32_t smp_entry_pad;

void *memset(void *d, int c, __SIZE_TYPE__ n)
{
	volatile unsigned char *p = d;

	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *memcpy(void *d, const void *s, __SIZE_TYPE__ n)
{
	volatile unsigned char *p = d;
	const unsigned char *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}

uint64_t deadline_ms(uint64_t ms)
{
	return counter_read() + counter_freq() / 1000u * ms;
}

bool past(uint64_t deadline)
{
	return counter_read() >= deadline;
}

void delay_ms(uint64_t ms)
{
	uint64_t d = deadline_ms(ms);

	while (!past(d))
		cpu_relax();
}

void gicc_init(void)
{
	gic_cpu_init(0xf0);
}

/* ---- IRQs and unexpected exceptions -------------------------------------- */

struct frame {
	uint64_t x[31];
	uint64_t elr, spsr;
};

void guest_exception(unsigned kind, struct frame *f);
void guest_exception(unsigned kind, struct frame *f)
{
	unsigned cpu = cpu_self();
	uint32_t pad = smp_entry_pad;
	uint64_t t;

	if (pad) {
		/* pad & 15 NOPs: a computed branch into a NOP sled */
		uint64_t tmp;

		__asm__ volatile("adr %0, 1f\n\t"
				 "sub %0, %0, %1, lsl #2\n\t"
				 "br %0\n\t"
				 ".rept 15\n\tnop\n\t.endr\n"
				 "1:"
				 : "=&r"(tmp)
				 : "r"((uint64_t)(pad & 15u))
				 : "memory");
	}
	t = counter_read();
	if (kind == 5) { /* IRQ, current EL with SP_ELx */
		uint32_t iar = gic_ack();
		irq_hook_fn hook;

		if (gic_intid(iar) >= 1020u)
			return; /* spurious: nothing to EOI */
		hook = irq_hook[cpu];
		if (hook)
			hook(cpu, iar, t);
		irq_disable();
		gic_eoi(iar);
		return;
	}
	{
		uint64_t esr, far;

		__asm__ volatile("mrs %0, esr_el1\n\tmrs %1, far_el1" : "=r"(esr), "=r"(far));
		guest_printf("Bail out! CPU %u: unexpected exception (vector slot %u) ESR_EL1 %lx "
			     "ELR_EL1 %lx FAR_EL1 %lx SPSR_EL1 %lx\n",
			     cpu, kind, esr, f->elr, far, f->spsr);
	}
	psci_system_off();
}

/* ---- secondaries ---------------------------------------------------------- */

__attribute__((weak)) void smp_secondary_init(unsigned cpu)
{
	(void)cpu;
}

/* Secondary idle loop: with IRQs unmasked, run each command posted by CPU 0. */
void smp_secondary_idle(void)
{
	unsigned cpu = cpu_self();
	struct smp_percpu *p = &smp_cpu[cpu];

	irq_enable();
	for (;;) {
		uint32_t seq = p->cmd_seq;

		if (seq != p->done_seq) {
			dmb();
			p->result = p->fn(p->arg);
			dmb();
			p->done_seq = seq;
		} else if (smp_idle_wfi) {
			__asm__ volatile("wfi" ::: "memory");
		} else {
			cpu_relax();
		}
	}
}

void smp_secondary_boot(uint64_t ctx);
void smp_secondary_boot(uint64_t ctx)
{
	unsigned cpu = cpu_self();
	struct smp_percpu *p = &smp_cpu[cpu];
	uint64_t mpidr;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	irq_hook[cpu] = 0;
	gicc_init();
	smp_secondary_init(cpu);
	p->done_seq = p->cmd_seq; /* nothing stale from a previous life */
	p->boot_ctx = ctx;
	p->mpidr = mpidr;
	dmb();
	p->boots = p->boots + 1;
	p->online = 1;
	dmb();
	smp_secondary_idle();
}

int64_t smp_cpu_on(unsigned cpu, uint64_t ctx)
{
	return psci_call(PSCI_0_2_FN64_CPU_ON, cpu, (uint64_t)(uintptr_t)smp_secondary_entry, ctx);
}

bool smp_wait_online(unsigned cpu, uint32_t boots, uint64_t ms)
{
	uint64_t d = deadline_ms(ms);

	while (!(smp_cpu[cpu].online && smp_cpu[cpu].boots > boots)) {
		if (past(d))
			return false;
		cpu_relax();
	}
	dmb();
	return true;
}

void smp_start(unsigned cpu, smp_fn fn, uint64_t arg)
{
	struct smp_percpu *p = &smp_cpu[cpu];

	if (cpu == cpu_self()) {
		p->result = fn(arg);
		return;
	}
	p->fn = fn;
	p->arg = arg;
	dmb();
	p->cmd_seq = p->cmd_seq + 1;
	dmb();
}

bool smp_wait(unsigned cpu, uint64_t ms, uint64_t *result)
{
	struct smp_percpu *p = &smp_cpu[cpu];
	uint64_t d = deadline_ms(ms);

	if (cpu != cpu_self()) {
		while (p->done_seq != p->cmd_seq) {
			if (past(d))
				return false;
			cpu_relax();
		}
		dmb();
	}
	if (result)
		*result = p->result;
	return true;
}

bool smp_run(unsigned cpu, smp_fn fn, uint64_t arg, uint64_t ms, uint64_t *result)
{
	smp_start(cpu, fn, arg);
	return smp_wait(cpu, ms, result);
}
