/* SPDX-License-Identifier: MIT */
/*
 * minihyp system-test guest: hypercalls, PSCI, MMIO emulation at every
 * access size with sign extension, trapped system registers, WFI/WFE,
 * injected aborts and undefined instructions, FP/SIMD and EL1 state across
 * exits and across a reschedule.  Prints TAP.
 */
#include "../common/gic.h"
#include "../common/guest.h"
#include "../../vdev.h"

uint64_t fp_check(uint64_t seed);
void fp_fill(uint64_t seed);
uint64_t hvc_preserves(uint64_t fid);
void el0_unmapped_load(void);
extern char el0_unmapped_load_insn[];

#define NOT_SUPPORTED ((uint64_t)SMCCC_RET_NOT_SUPPORTED)
#define UNMAPPED_IPA  0x0c000000ul
#define TESTDEV	      GUEST_TESTDEV_IPA

/* ESR_EL1 decoded with the generated field getters; the expected values in
 * the checks are typed in from the Arm ARM (ESR_EL1: EC, IL, WnR, DFSC). */
#define ESR_EC(esr)  esr_el1_ec_get(esr)
#define ESR_IL	     ESR_EL1_IL_MASK
#define ESR_WNR	     ESR_EL1_WNR_MASK
#define ESR_FSC(esr) esr_el1_dfsc_get(esr)

/* ---- MMIO: one instruction each, the destination preloaded with ones */
#define LOAD(insn, reg)                                                                            \
	static uint64_t insn##_##reg(uintptr_t a)                                                  \
	{                                                                                          \
		uint64_t v;                                                                        \
		__asm__ volatile("mov %x0, #-1\n\t" #insn " %" #reg "0, [%x1]"                     \
				 : "=&r"(v)                                                        \
				 : "r"(a)                                                          \
				 : "memory");                                                      \
		return v;                                                                          \
	}
LOAD(ldrb, w)
LOAD(ldrh, w)
LOAD(ldr, w)
LOAD(ldr, x)
LOAD(ldrsb, x)
LOAD(ldrsb, w)
LOAD(ldrsh, x)
LOAD(ldrsh, w)
LOAD(ldrsw, x)

static void strb_w(uintptr_t a, uint64_t v)
{
	__asm__ volatile("strb %w0, [%x1]" ::"r"(v), "r"(a) : "memory");
}

static void strh_w(uintptr_t a, uint64_t v)
{
	__asm__ volatile("strh %w0, [%x1]" ::"r"(v), "r"(a) : "memory");
}

static void str_w(uintptr_t a, uint64_t v)
{
	__asm__ volatile("str %w0, [%x1]" ::"r"(v), "r"(a) : "memory");
}

static void str_x(uintptr_t a, uint64_t v)
{
	__asm__ volatile("str %x0, [%x1]" ::"r"(v), "r"(a) : "memory");
}

static uint64_t testdev_count(void)
{
	return ldr_x(TESTDEV + TESTDEV_COUNT);
}

static void test_hypercalls(void)
{
	static const char msg[] = "# console hypercall works\n";
	uint64_t r;

	tap_check(hvc_call(MINIHYP_HC_NULL, 1, 2, 3) == 0, "hvc: null hypercall returns 0");
	r = hvc_call(MINIHYP_HC_ABI_VERSION, 0, 0, 0);
	tap_check(r == MINIHYP_ABI_VERSION, "hvc: ABI version 0x%lx", r);
	r = hvc_call(MINIHYP_HC_CONSOLE_WRITE, (uintptr_t)msg, sizeof(msg) - 1, 0);
	tap_check(r == sizeof(msg) - 1, "hvc: console write returns the length (%ld)", (long)r);
	r = hvc_call(MINIHYP_HC_CONSOLE_WRITE, UNMAPPED_IPA, 16, 0);
	tap_check(r == (uint64_t)MINIHYP_RET_INVALID_PARAMS,
		  "hvc: console write outside guest RAM returns INVALID_PARAMS (%ld)", (long)r);
	r = hvc_call(MINIHYP_HC_BASE | 0xfff, 0, 0, 0);
	tap_check(r == NOT_SUPPORTED, "hvc: unknown vendor hypercall returns NOT_SUPPORTED");
	r = hvc_call(0xc5000001u, 0, 0, 0);
	tap_check(r == NOT_SUPPORTED, "hvc: unknown service (owner 5) returns NOT_SUPPORTED");
	r = hvc_call(0x12345678u, 0, 0, 0);
	tap_check(r == NOT_SUPPORTED, "hvc: yielding-call ID returns NOT_SUPPORTED");
	r = hvc_call(PSCI_0_2_FN_PSCI_VERSION, 0, 0, 0);
	tap_check(r == 0x10000, "hvc: PSCI_VERSION = 1.0 (0x%lx)", r);
	r = hvc_call(SMCCC_VERSION_FUNC_ID, 0, 0, 0);
	tap_check(r == 0x10001, "hvc: SMCCC_VERSION = 1.1 (0x%lx)", r);
	r = hvc_call(PSCI_1_0_FN_PSCI_FEATURES, PSCI_0_2_FN_SYSTEM_OFF, 0, 0);
	tap_check(r == 0, "hvc: PSCI_FEATURES(SYSTEM_OFF) = 0");
	r = hvc_call(PSCI_1_0_FN_PSCI_FEATURES, PSCI_0_2_FN64_CPU_ON, 0, 0);
	tap_check(r == 0, "hvc: PSCI_FEATURES(CPU_ON) = SUCCESS (implemented)");
	/* SMC is trapped (HCR_EL2.TSC) and must come back past the SMC */
	r = smc_call(PSCI_0_2_FN_PSCI_VERSION, 0, 0, 0);
	tap_check(r == 0x10000, "smc: PSCI_VERSION through a trapped SMC, PC advanced");
	r = smc_call(MINIHYP_HC_NULL, 0, 0, 0);
	tap_check(r == 0, "smc: null hypercall through SMC");
	r = hvc_preserves(MINIHYP_HC_NULL);
	tap_check(r == 0, "hvc: x1..x28 preserved across an exit (changed mask 0x%lx)", r);
	r = hvc_preserves(MINIHYP_HC_BASE | 0xfff);
	tap_check(r == 0, "hvc: x1..x28 preserved across a logged unknown call (mask 0x%lx)", r);
}

static void test_mmio(void)
{
	uintptr_t s = TESTDEV + TESTDEV_SCRATCH;
	uintptr_t neg = TESTDEV + TESTDEV_PATTERN_NEG, pos = TESTDEV + TESTDEV_PATTERN_POS;
	uint64_t c0, c1, v;

	tap_check(ldr_x(TESTDEV + TESTDEV_ID) == TESTDEV_ID_VALUE, "mmio: test device ID reads");

	/* stores of each size, read back at each size */
	str_x(s, 0x0123456789abcdefull);
	tap_check(ldr_x(s) == 0x0123456789abcdefull, "mmio: 8-byte store / 8-byte load");
	strb_w(s + 1, 0x5a);
	tap_check(ldr_x(s) == 0x0123456789ab5aefull, "mmio: 1-byte store at offset 1");
	strh_w(s + 6, 0xbeef);
	tap_check(ldr_x(s) == 0xbeef456789ab5aefull, "mmio: 2-byte store at offset 6");
	str_w(s + 0, 0xcafef00d);
	tap_check(ldr_x(s) == 0xbeef4567cafef00dull, "mmio: 4-byte store at offset 0");
	tap_check(ldrb_w(s + 7) == 0xbe, "mmio: ldrb w zero-extends (upper bits cleared)");
	tap_check(ldrh_w(s + 2) == 0xcafe, "mmio: ldrh w zero-extends");
	tap_check(ldr_w(s + 4) == 0xbeef4567, "mmio: ldr w zero-extends the upper 32 bits");
	str_x(s + 8, ~0ull);
	__asm__ volatile("str wzr, [%x0]" ::"r"(s + 8) : "memory");
	tap_check(ldr_x(s + 8) == 0xffffffff00000000ull, "mmio: str wzr stores zero (xzr source)");
	__asm__ volatile("ldr xzr, [%x0]" ::"r"(s + 8) : "memory");
	tap_check(1, "mmio: ldr xzr completes (result discarded)");

	/* sign extension: every lane of PATTERN_NEG is negative */
	v = ldrsb_x(neg);
	tap_check(v == 0xffffffffffffffffull, "mmio: ldrsb x sign-extends to 64 bits (0x%lx)", v);
	v = ldrsb_w(neg + 1);
	tap_check(v == 0x00000000ffffffeeull,
		  "mmio: ldrsb w sign-extends to 32, upper zero (0x%lx)", v);
	v = ldrsh_x(neg + 2);
	tap_check(v == 0xffffffffffffccddull, "mmio: ldrsh x sign-extends to 64 bits (0x%lx)", v);
	v = ldrsh_w(neg);
	tap_check(v == 0x00000000ffffeeffull,
		  "mmio: ldrsh w sign-extends to 32, upper zero (0x%lx)", v);
	v = ldrsw_x(neg + 4);
	tap_check(v == 0xffffffff8899aabbull, "mmio: ldrsw x sign-extends to 64 bits (0x%lx)", v);
	v = ldrb_w(neg);
	tap_check(v == 0xff, "mmio: ldrb of a negative byte does not sign-extend (0x%lx)", v);
	v = ldr_w(neg);
	tap_check(v == 0xccddeeff, "mmio: ldr w of a negative word does not sign-extend (0x%lx)",
		  v);
	v = ldrsb_x(pos);
	tap_check(v == 0x08, "mmio: ldrsb x of a positive byte (0x%lx)", v);
	v = ldrsh_w(pos + 6);
	tap_check(v == 0x7f6e, "mmio: ldrsh w of a positive halfword (0x%lx)", v);
	v = ldrsw_x(pos);
	tap_check(v == 0x3b2a1908, "mmio: ldrsw x of a positive word (0x%lx)", v);

	/* every access above really trapped */
	c0 = testdev_count();
	ldr_x(s);
	strb_w(s, 1);
	c1 = testdev_count();
	tap_check(c1 - c0 == 3, "mmio: each access traps once (count +%lu)", c1 - c0);

	/* emulated PL011 */
	tap_check((ldr_w(GUEST_UART_IPA + 0x18) & 0x90) == 0x90,
		  "mmio: emulated PL011 flags TXFE|RXFE");
	tap_check(ldr_w(GUEST_UART_IPA + 0xfe0) == 0x11 && ldr_w(GUEST_UART_IPA + 0xffc) == 0xb1,
		  "mmio: emulated PL011 PrimeCell IDs");
}

static void test_sysregs(void)
{
	struct guest_exc_record r;
	uint64_t v, pc;

	__asm__ volatile("mrs %0, id_aa64pfr0_el1" : "=r"(v));
	tap_check(((v >> 8) & 0xf) == 0 && ((v >> 12) & 0xf) == 0,
		  "sysreg: ID_AA64PFR0_EL1 (trapped, TID3) hides EL2 and EL3 (0x%lx)", v);
	tap_check((v & 0xff) == 0x11, "sysreg: ID_AA64PFR0_EL1 shows AArch64-only EL0/EL1");
	__asm__ volatile("mrs %0, id_aa64mmfr0_el1" : "=r"(v));
	tap_check((v & 0xf) <= 6 && v != 0, "sysreg: ID_AA64MMFR0_EL1 reads (0x%lx)", v);
	__asm__ volatile("mrs %0, id_aa64isar1_el1" : "=r"(v));
	tap_check((v & 0xff000ff0ul) == 0,
		  "sysreg: ID_AA64ISAR1_EL1 hides pointer authentication (0x%lx)", v);
	__asm__ volatile("mrs %0, s3_0_c0_c7_7" : "=r"(v));
	tap_check(v == 0, "sysreg: unallocated ID register reads as zero");

	/* ACTLR_EL1 traps (HCR_EL2.TACR) and minihyp does not emulate it */
	guest_expect_exception();
	__asm__ volatile("adr %0, 1f\n1:\tmrs x9, actlr_el1" : "=r"(pc)::"x9");
	guest_exception_taken(&r);
	tap_check(r.taken && r.slot == 4, "sysreg: unhandled trapped MRS is UNDEFINED at EL1");
	tap_check(ESR_EC(r.esr) == 0 && (r.esr & ESR_IL),
		  "sysreg: ESR_EL1.EC = 0 (unknown), IL = 1 (ESR 0x%lx)", r.esr);
	tap_check(r.elr == pc, "sysreg: ELR_EL1 = the MRS (0x%lx)", r.elr);
	tap_check((r.spsr & 0xf) == 5, "sysreg: SPSR_EL1 = EL1h at the MRS");

	__asm__ volatile("sevl\n\twfe\n\twfe" ::: "memory");
	tap_check(1, "wfe: trapped and resumed (wfi: see test_vgic)");
}

static void test_aborts(void)
{
	struct guest_exc_record r;
	uint64_t pc, v;

	guest_expect_exception();
	__asm__ volatile("adr %0, 1f\n1:\tldr %1, [%2]" : "=&r"(pc), "=r"(v) : "r"(UNMAPPED_IPA));
	guest_exception_taken(&r);
	tap_check(r.taken && r.slot == 4, "abort: read of unmapped IPA raises a sync exception");
	tap_check(ESR_EC(r.esr) == 0x25, "abort: ESR_EL1.EC = 0x25 (data abort, same EL)");
	tap_check(ESR_FSC(r.esr) == 0x10 && !(r.esr & ESR_WNR) && (r.esr & ESR_IL),
		  "abort: DFSC = synchronous external abort, WnR = 0, IL = 1 (ESR 0x%lx)", r.esr);
	tap_check(r.far == UNMAPPED_IPA, "abort: FAR_EL1 = the address (0x%lx)", r.far);
	tap_check(r.elr == pc, "abort: ELR_EL1 = the load");
	tap_check((r.spsr & 0xf) == 5 && (r.spsr & 0x3c0) == 0x3c0,
		  "abort: SPSR_EL1 = the interrupted EL1h, DAIF masked (0x%lx)", r.spsr);

	guest_expect_exception();
	__asm__ volatile("str xzr, [%0, #8]" ::"r"(UNMAPPED_IPA) : "memory");
	guest_exception_taken(&r);
	tap_check(r.taken && ESR_EC(r.esr) == 0x25 && (r.esr & ESR_WNR) &&
			  r.far == UNMAPPED_IPA + 8,
		  "abort: write to unmapped IPA: EC 0x25, WnR = 1, FAR (ESR 0x%lx)", r.esr);

	guest_expect_exception();
	str_x(TESTDEV + TESTDEV_PATTERN_NEG, 0);
	guest_exception_taken(&r);
	tap_check(r.taken && ESR_EC(r.esr) == 0x25 && r.far == TESTDEV + TESTDEV_PATTERN_NEG,
		  "abort: write to a read-only emulated register is refused with an abort");

	guest_expect_exception();
	pc = TESTDEV;
	__asm__ volatile("ldr %0, [%1], #8" : "=&r"(v), "+r"(pc)::"memory");
	guest_exception_taken(&r);
	tap_check(r.taken && ESR_EC(r.esr) == 0x25,
		  "abort: MMIO load with writeback (no syndrome) gets an abort");
	tap_check(r.taken && (r.spsr & 0xf) == 5, "abort: the guest resumed after its handler");

	/* the end of guest RAM: its size is x1 at boot when the runner gives a
	 * boot descriptor with a RAM size, else the default 64 MiB */
	{
		uint64_t ram = guest_boot_args[1] ? guest_boot_args[1] : 64ul << 20;
		volatile uint64_t *last = (volatile uint64_t *)(GUEST_RAM_IPA + ram - 8);

		*last = 0x1122334455667788ul;
		tap_check(*last == 0x1122334455667788ul, "ram: last word of %lu MiB of guest RAM",
			  ram >> 20);
		guest_expect_exception();
		__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(GUEST_RAM_IPA + ram) : "memory");
		guest_exception_taken(&r);
		tap_check(r.taken && ESR_EC(r.esr) == 0x25 && r.far == GUEST_RAM_IPA + ram,
			  "ram: the first byte past guest RAM aborts");
	}

	/* from EL0: the lower-EL vector and exception class */
	guest_expect_exception();
	run_at_el0(el0_unmapped_load);
	guest_exception_taken(&r);
	tap_check(r.taken && r.slot == 8, "abort from EL0: taken at VBAR_EL1 + 0x400");
	tap_check(ESR_EC(r.esr) == 0x24 && ESR_FSC(r.esr) == 0x10 && !(r.esr & ESR_WNR),
		  "abort from EL0: ESR_EL1.EC = 0x24, DFSC = 0x10 (ESR 0x%lx)", r.esr);
	tap_check(r.far == UNMAPPED_IPA + 16 && r.elr == (uintptr_t)el0_unmapped_load_insn &&
			  (r.spsr & 0xf) == 0,
		  "abort from EL0: FAR, ELR = the load, SPSR_EL1 = EL0t");
}

static void test_fpsimd(void)
{
	uint64_t r;
	uint64_t vbar0, tpidr0, vbar1, tpidr1;

	fp_fill(0x1000);
	hvc_call(MINIHYP_HC_NULL, 0, 0, 0);
	ldr_x(TESTDEV + TESTDEV_SCRATCH);
	str_x(TESTDEV + TESTDEV_SCRATCH, 7);
	hvc_call(MINIHYP_HC_BASE | 0xfff, 0, 0, 0); /* logged: the hypervisor prints */
	r = fp_check(0x1000);
	tap_check(r == 0, "fpsimd: v0..v31 and FPCR survive exits (mismatch mask 0x%lx)", r);

	__asm__ volatile("mrs %0, vbar_el1\n\tmrs %1, tpidr_el1" : "=r"(vbar0), "=r"(tpidr0));
	__asm__ volatile("msr tpidr_el1, %0" ::"r"(0x1234567887654321ul));
	fp_fill(0x5555);
	hvc_call(MINIHYP_HC_RESCHEDULE, 0, 0, 0);
	r = fp_check(0x5555);
	tap_check(r == 0, "fpsimd: v0..v31 and FPCR survive a reschedule (mask 0x%lx)", r);
	__asm__ volatile("mrs %0, vbar_el1\n\tmrs %1, tpidr_el1" : "=r"(vbar1), "=r"(tpidr1));
	tap_check(vbar1 == vbar0 && tpidr1 == 0x1234567887654321ul,
		  "el1 state: VBAR_EL1 and TPIDR_EL1 survive a reschedule");
	__asm__ volatile("msr tpidr_el1, %0" ::"r"(tpidr0));
}

/* test_vgic: vgic_tests() more, by GIC version */
#define PLAN 66

void test_vgic(void);
unsigned vgic_tests(void);

int guest_main(void)
{
	guest_printf("# minihyp system tests\n");
	guest_printf("# boot args: x0=%lx x1=%lx x2=%lx x3=%lx\n", guest_boot_args[0],
		     guest_boot_args[1], guest_boot_args[2], guest_boot_args[3]);
	gic_probe();
	gic_cpu_init(0xf0);
	guest_printf("# GICv%u (ID_AA64PFR0_EL1.GIC)\n", gic_v3() ? 3 : 2);
	tap_plan(PLAN + vgic_tests());
	test_hypercalls();
	test_mmio();
	test_sysregs();
	test_aborts();
	test_fpsimd();
	test_vgic();
	guest_printf("# %u failure(s)\n", tap_failures());
	return (int)tap_failures();
}
