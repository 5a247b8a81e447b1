/* SPDX-License-Identifier: MIT */
#include "gic.h"
#include "guest.h"

#include <stdarg.h>

static unsigned tap_n, tap_fail;

void tap_plan(unsigned n)
{
	guest_printf("1..%u\n", n);
}

bool tap_check(bool cond, const char *name, ...)
{
	va_list ap;

	tap_n++;
	if (!cond)
		tap_fail++;
	guest_printf("%sok %u - ", cond ? "" : "not ", tap_n);
	va_start(ap, name);
	guest_vprintf(name, ap);
	va_end(ap);
	guest_putc('\n');
	return cond;
}

unsigned tap_failures(void)
{
	return tap_fail;
}

/* Per vCPU (MPIDR_EL1.Aff0), so that two vCPUs can each expect their own. */
static volatile bool exc_expected[GIC_MAX_CPUS];
static struct guest_exc_record exc_records[GIC_MAX_CPUS];

static unsigned exc_cpu(void)
{
	uint64_t mpidr;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	return (unsigned)(mpidr & 0xff) % GIC_MAX_CPUS;
}

void guest_expect_exception(void)
{
	unsigned c = exc_cpu();

	exc_records[c].taken = false;
	exc_expected[c] = true;
}

bool guest_exception_taken(struct guest_exc_record *r)
{
	unsigned c = exc_cpu();

	exc_expected[c] = false;
	*r = exc_records[c];
	return r->taken;
}

/* el0.S: where EL1 resumes after code run at EL0 (run_at_el0()). */
extern char el0_return[];

void (*guest_irq_hook)(struct guest_frame *f);

void guest_exception(unsigned slot, struct guest_frame *f);
void guest_exception(unsigned slot, struct guest_frame *f)
{
	/* IRQ from EL1h (vector slot 5): the guest's handler, if it has one */
	if (slot == 5 && guest_irq_hook) {
		guest_irq_hook(f);
		return;
	}
	/* SVC #0 from EL0 (vector slot 8): back to EL1 at el0_return */
	if (slot == 8 && esr_el1_ec_get(f->esr) == ESR_EL1_EC_SVC64) {
		f->elr = (uint64_t)(uintptr_t)el0_return;
		f->spsr = 0x3c5; /* EL1h, DAIF masked */
		return;
	}
	struct guest_exc_record *rec = &exc_records[exc_cpu()];

	if (exc_expected[exc_cpu()] && !rec->taken &&
	    (slot == 0 || slot == 4 || slot == 8 || slot == 12)) {
		uint64_t ec = esr_el1_ec_get(f->esr);

		rec->taken = true;
		rec->slot = slot;
		rec->esr = f->esr;
		rec->far = f->far;
		rec->elr = f->elr;
		rec->spsr = f->spsr;
		for (unsigned i = 0; i < 4; i++)
			rec->x[i] = f->x[i];
		if (slot == 12) {
			/* from AArch32 EL0: back to EL1 at el0_return */
			f->elr = (uint64_t)(uintptr_t)el0_return;
			f->spsr = 0x3c5;
		} else if (ec == ESR_EL1_EC_IABT_LOW || ec == ESR_EL1_EC_IABT_CUR) {
			/* instruction abort: the test branched there with BLR */
			f->elr = f->x[30];
		} else {
			f->elr += 4; /* skip the faulting instruction */
		}
		return;
	}
	guest_printf("not ok - unexpected exception in the guest: vector slot %u, ESR_EL1 %lx, "
		     "ELR_EL1 %lx, FAR_EL1 %lx\n",
		     slot, f->esr, f->elr, f->far);
	guest_exit(-1);
}

uint64_t guest_boot_args[4];

/* A guest that starts a second vCPU at guest_secondary_entry defines its
 * own; this one says it did not. */
__attribute__((weak)) void guest_secondary_main(uint64_t ctx)
{
	guest_printf("not ok - vCPU started at guest_secondary_entry (context %lx), but the "
		     "guest has no guest_secondary_main\n",
		     (unsigned long)ctx);
	psci_call(PSCI_0_2_FN_CPU_OFF, 0, 0, 0);
}

void guest_exit(int status)
{
	hvc_call(MINIHYP_HC_SHUTDOWN, (uint64_t)(int64_t)status, 0, 0);
	for (;;)
		;
}
