/* SPDX-License-Identifier: MIT */
/*
 * minihyp benchmark guest.  Run under QEMU -icount shift=0, where every
 * instruction takes 1 ns of virtual time, so CNTVCT_EL0 differences count
 * instructions (in units of the counter period) and every run gives the
 * same figures.  Each figure: the average over ITERATIONS of
 * (CNTVCT_EL0 after - before) around one operation, ISB before each read,
 * converted to ns.  Prints a table and one "bench-json: {...}" line that
 * tests/qemu/run.py --bench writes to build/bench/bench.json.
 *
 * On a GICv3 board (ID_AA64PFR0_EL1.GIC says the system-register CPU
 * interface is there) the EOI figure's SGI is sent through ICC_SGI1R_EL1,
 * acknowledged from ICC_IAR1_EL1 and the window holds the ICC_EOIR1_EL1
 * write; the distributor's GICD_IIDR is at the same offset.  Only code
 * outside the measured windows chooses.
 */
#include "../common/guest.h"
#include "../../vdev.h"

#include <aarch64_sysreg/icc.h>
#include <aarch64_sysreg/id.h>
#include <gicv2/gicc.h>
#include <gicv2/gicd.h>
#include <gicv3/gicd.h>
#include <gicv3/gicr.h>

_Static_assert(GICD_IIDR_OFFSET == GICD3_IIDR_OFFSET, "GICD_IIDR at one offset on both");

static bool gic3;

#define ITERATIONS 65536u

static volatile uint64_t ram_word = 42;

enum op {
	OP_EMPTY,
	OP_RAM_LOAD,
	OP_HVC_NULL,
	OP_HVC_UNKNOWN,
	OP_MMIO_READ,
	OP_MMIO_WRITE,
	OP_SYSREG_READ,
	OP_GICD_READ,
	OP_VGIC_EOI,
	OP_COUNT
};

static const char *const op_names[OP_COUNT] = {
	"empty_loop", "ram_load",    "hvc_null_round_trip", "hvc_unknown_smccc", "mmio_read",
	"mmio_write", "sysreg_read", "gicd_read",	    "vgic_eoi",
};

static const char *const op_desc[OP_COUNT] = {
	"baseline: empty measurement",
	"baseline: plain load from guest RAM",
	"null hypercall round trip (HVC)",
	"unknown SMCCC function (HVC, NOT_SUPPORTED), in a loop",
	"trapped MMIO read (emulated device)",
	"trapped MMIO write (emulated device)",
	"trapped sysreg read (ID_AA64PFR0_EL1, TID3)",
	"trapped distributor read (GICD_IIDR, vGIC)",
	"virtual interrupt EOI (GICV_EOIR, no trap)",
};

static __attribute__((noinline)) uint64_t run(enum op op)
{
	uintptr_t dev = GUEST_TESTDEV_IPA + TESTDEV_SCRATCH;
	uint64_t sum = 0, t0, t1, v;
	unsigned i;

	for (i = 0; i < ITERATIONS; i++) {
		switch (op) {
		case OP_EMPTY:
			t0 = counter_read();
			t1 = counter_read();
			break;
		case OP_RAM_LOAD:
			t0 = counter_read();
			v = ram_word;
			t1 = counter_read();
			(void)v;
			break;
		case OP_HVC_NULL: {
			register uint64_t x0 __asm__("x0") = MINIHYP_HC_NULL;

			t0 = counter_read();
			__asm__ volatile("hvc #0" : "+r"(x0)::"memory");
			t1 = counter_read();
			break;
		}
		case OP_HVC_UNKNOWN: {
			/* an OEM-service ID (owner 3) minihyp does not implement */
			register uint64_t x0 __asm__("x0") = 0xc3000042u;

			t0 = counter_read();
			__asm__ volatile("hvc #0" : "+r"(x0)::"memory");
			t1 = counter_read();
			break;
		}
		case OP_MMIO_READ:
			t0 = counter_read();
			__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(dev) : "memory");
			t1 = counter_read();
			break;
		case OP_MMIO_WRITE:
			t0 = counter_read();
			__asm__ volatile("str %0, [%1]" ::"r"((uint64_t)i), "r"(dev) : "memory");
			t1 = counter_read();
			break;
		case OP_SYSREG_READ:
			t0 = counter_read();
			__asm__ volatile("mrs %0, id_aa64pfr0_el1" : "=r"(v)::"memory");
			t1 = counter_read();
			break;
		case OP_GICD_READ:
			t0 = counter_read();
			__asm__ volatile("ldr %w0, [%1]"
					 : "=r"(v)
					 : "r"(GUEST_GICD_IPA + GICD_IIDR_OFFSET)
					 : "memory");
			t1 = counter_read();
			break;
		default: {
			/* an SGI to self (trapped, outside the window), acknowledged
			 * from GICV; the window holds the EOI alone */
			uint32_t iar;

			if (gic3) {
				uint64_t iar1;

				/* vCPU 0: Aff0 0, TargetList bit 0; SGI 1 */
				icc_sgi1r_el1_write(icc_sgi1r_el1_intid_set(
					icc_sgi1r_el1_targetlist_set(0, 1), 1));
				__asm__ volatile("isb" ::: "memory");
				iar1 = icc_iar1_el1_read();
				t0 = counter_read();
				__asm__ volatile("msr icc_eoir1_el1, %0" ::"r"(iar1) : "memory");
				t1 = counter_read();
				break;
			}
			*(volatile uint32_t *)(GUEST_GICD_IPA + GICD_SGIR_OFFSET) = (2u << 24) | 1;
			iar = *(volatile uint32_t *)(GUEST_GICC_IPA + GICC_IAR_OFFSET);
			t0 = counter_read();
			__asm__ volatile("str %w0, [%1]" ::"r"(iar),
					 "r"(GUEST_GICC_IPA + GICC_EOIR_OFFSET)
					 : "memory");
			t1 = counter_read();
			break;
		}
		}
		sum += t1 - t0;
		/*
		 * The counter ticks every 16 ns (62.5 MHz) while an operation
		 * takes L instructions: one difference is floor or ceil of
		 * L/16 ticks depending on where the tick edges fall.  Odd
		 * iterations run one more instruction (outside the measured
		 * window), so the loop's phase against the tick edges goes
		 * through every residue: the sum is then exactly L/16 per
		 * iteration whatever the phase at start, and every run gives
		 * the same figure.
		 */
		__asm__ volatile("tbz %w0, #0, 1f\n\tnop\n1:" ::"r"(i));
	}
	return sum;
}

int guest_main(void)
{
	uint64_t freq, sum[OP_COUNT], ns100[OP_COUNT];
	unsigned op;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	/* the vGIC: distributor and virtual CPU interface on, nothing masked */
	gic3 = id_aa64pfr0_el1_gic_get(id_aa64pfr0_el1_read()) != 0;
	if (gic3) {
		/* one Security state (DS = 1): ARE at bit 4, EnableGrp1 at bit 1;
		 * vCPU 0's redistributor awake, SGI 1 in Group 1 and enabled */
		*(volatile uint32_t *)(GUEST_GICD_IPA + GICD3_CTLR_OFFSET) =
			GICD3_CTLR_NS_ARE_NS_MASK | GICD3_CTLR_NS_ENABLEGRP1A_MASK;
		*(volatile uint32_t *)(GUEST_GICR_IPA + GICR_WAKER_OFFSET) = 0;
		*(volatile uint32_t *)(GUEST_GICR_IPA + GICR_IGROUPR0_OFFSET) = 1u << 1;
		*(volatile uint32_t *)(GUEST_GICR_IPA + GICR_ISENABLER0_OFFSET) = 1u << 1;
		icc_pmr_el1_write(0xff);
		icc_igrpen1_el1_write(1);
		__asm__ volatile("isb" ::: "memory");
	} else {
		*(volatile uint32_t *)(GUEST_GICD_IPA + GICD_CTLR_OFFSET) = 1;
		*(volatile uint32_t *)(GUEST_GICC_IPA + GICC_PMR_OFFSET) = 0xff;
		*(volatile uint32_t *)(GUEST_GICC_IPA + GICC_CTLR_OFFSET) = 1;
	}
	for (op = 0; op < OP_COUNT; op++) {
		sum[op] = run((enum op)op);
		/* average in 1/100 ns: ticks * 1e9 / freq / ITERATIONS */
		ns100[op] = sum[op] * 100u * 1000000000u / freq / ITERATIONS;
	}
	guest_printf("# minihyp benchmark: %u iterations, counter %lu Hz, figures in ns of "
		     "virtual time (-icount shift=0: 1 instruction = 1 ns)\n",
		     ITERATIONS, freq);
	guest_printf("# %-22s %12s  %s\n", "operation", "ns/op", "what");
	for (op = 0; op < OP_COUNT; op++)
		guest_printf("# %-22s %9lu.%02lu  %s\n", op_names[op], ns100[op] / 100,
			     ns100[op] % 100, op_desc[op]);
	guest_printf("bench-json: {\"iterations\": %u, \"counter_hz\": %lu, \"unit\": \"ns\", "
		     "\"results\": {",
		     ITERATIONS, freq);
	for (op = 0; op < OP_COUNT; op++)
		guest_printf("%s\"%s\": %lu.%02lu", op ? ", " : "", op_names[op], ns100[op] / 100,
			     ns100[op] % 100);
	guest_printf("}}\n");
	return 0;
}
