/* SPDX-License-Identifier: MIT */
/*
 * minihyp: boots at EL2 on QEMU virt, builds stage 2 for one VM whose board
 * mirrors QEMU virt, and runs its single vCPU, emulating what traps.
 */
#include <vcpu/psci.h>
#include <vcpu/stage2.h>
#include <vcpu/vcpu.h>

#include "arch.h"
#include "bootdesc.h"
#include "console.h"
#include "fdt.h"
#include "hypercall.h"
#include "mm.h"
#include "platform.h"
#include "vdev.h"

#define GUEST_IPA_BITS 40u
#define GUEST_VMID     1u

struct vm {
	struct stage2 s2;
	struct vcpu vcpu;
	bool off;	 /* PSCI SYSTEM_OFF or MINIHYP_HC_SHUTDOWN */
	uint64_t status; /* MINIHYP_HC_SHUTDOWN's status */
	uint64_t exits;
};

static struct vm vm0;

/* The machine's RAM (QEMU's DTB) and the guest's (boot descriptor). */
static uint64_t ram_base = BOARD_RAM_BASE, ram_size = 0x08000000ul;
static uint64_t guest_ram_size = GUEST_RAM_DEFAULT_SIZE;

/* demo_guest.S */
extern const char demo_guest_start[], demo_guest_end[];
void *memcpy(void *dst, const void *src, size_t n);

/* ---- things asm/ and boot.S call ------------------------------------- */

void boot_not_el2(uint64_t el);
void boot_not_el2(uint64_t el)
{
	hyp_log("started at EL%u, not EL2: minihyp needs QEMU "
		"-machine virt,virtualization=on (and no EL3 firmware)",
		(unsigned)el);
	hyp_log("stopping");
}

static const char *const el2_slot_names[8] = {
	"synchronous (SP_EL0)", "IRQ (SP_EL0)", "FIQ (SP_EL0)", "SError (SP_EL0)",
	"synchronous",		"IRQ",		"FIQ",		"SError",
};

void el2_exception(unsigned slot, struct el2_exception_frame *f)
{
	unsigned i;

	guest_console_flush();
	hyp_log("exception taken at EL2: %s, EC 0x%x", el2_slot_names[slot & 7],
		(unsigned)(f->esr >> 26) & 0x3f);
	hyp_log("  ESR_EL2 %016lx  ELR_EL2 %016lx", f->esr, f->elr);
	hyp_log("  FAR_EL2 %016lx  SPSR_EL2 %016lx", f->far, f->spsr);
	for (i = 0; i < 30; i += 2)
		hyp_log("  x%-2u %016lx  x%-2u %016lx", i, f->x[i], i + 1, f->x[i + 1]);
	hyp_panic("unexpected exception at EL2");
}

/* ---- platform power ---------------------------------------------------- */

/* QEMU implements PSCI itself (no EL3 firmware): SYSTEM_OFF over SMC from
 * EL2 ends QEMU with exit status 0. */
static void __attribute__((noreturn)) machine_power_off(void)
{
	register uint64_t x0 __asm__("x0") = PSCI_0_2_FN_SYSTEM_OFF;

	guest_console_flush();
	hyp_log("powering off");
	__asm__ volatile("smc #0" : "+r"(x0)::"memory");
	hyp_panic("PSCI SYSTEM_OFF returned");
}

/* ---- stage 2 ------------------------------------------------------------ */

static void *s2_alloc_page(void *ctx)
{
	(void)ctx;
	return page_alloc(1);
}

static void *s2_alloc_pages(void *ctx, unsigned n)
{
	uint64_t *p;

	(void)ctx;
	/* contiguous and aligned to n pages: over-allocate, keep the aligned
	 * part (the rest stays allocated: tables live as long as the VM) */
	p = page_alloc(2 * n - 1);
	if (!p)
		return NULL;
	return phys_to_virt((virt_to_phys(p) + n * PAGE_SIZE - 1) & ~(n * PAGE_SIZE - 1));
}

static uint64_t s2_v2p(void *ctx, void *va)
{
	(void)ctx;
	return virt_to_phys(va);
}

static void *s2_p2v(void *ctx, uint64_t pa)
{
	(void)ctx;
	return phys_to_virt(pa);
}

/* Guest RAM is one linear region: IPA -> hypervisor pointer, or NULL when
 * [ipa, ipa+len) is not all guest RAM. */
static void *guest_ram_ptr(uint64_t ipa, uint64_t len)
{
	if (ipa < GUEST_RAM_IPA || len > guest_ram_size ||
	    ipa - GUEST_RAM_IPA > guest_ram_size - len)
		return NULL;
	return phys_to_virt(GUEST_RAM_PA + (ipa - GUEST_RAM_IPA));
}

static void vm_build_stage2(struct vm *vm, unsigned ipa_bits)
{
	uint64_t pa = 0, attrs;
	unsigned level = 0;
	int r;

	vm->s2.alloc_page = s2_alloc_page;
	vm->s2.alloc_pages = s2_alloc_pages;
	vm->s2.virt_to_phys = s2_v2p;
	vm->s2.phys_to_virt = s2_p2v;
	vm->s2.ctx = vm;
	r = stage2_init(&vm->s2, ipa_bits);
	if (r)
		hyp_panic("stage2_init(%u bits): %d", ipa_bits, r);
	r = stage2_map(&vm->s2, GUEST_RAM_IPA, GUEST_RAM_PA, guest_ram_size, S2_ATTR_NORMAL_RWX);
	if (r)
		hyp_panic("stage2_map(guest RAM): %d", r);
	dsb(ish);
	r = stage2_lookup(&vm->s2, GUEST_RAM_IPA, &pa, &attrs, &level);
	if (r || pa != GUEST_RAM_PA)
		hyp_panic("stage 2 lookup of guest RAM: %d, PA %lx", r, pa);
	hyp_log("stage 2: %u-bit IPA, start level %u, RAM IPA %08lx -> PA %08lx (%lu MiB, "
		"level-%u blocks of %lu KiB)",
		ipa_bits, vm->s2.start_level, GUEST_RAM_IPA, GUEST_RAM_PA, guest_ram_size >> 20,
		level, (unsigned long)(S2_LEVEL_SIZE(level) >> 10));
}

/* ---- PSCI ---------------------------------------------------------------- */

static void vm_system_off(void *ctx)
{
	struct vm *vm = ctx;

	vm->off = true;
	hyp_log("guest called PSCI SYSTEM_OFF");
}

static void vm_system_reset(void *ctx)
{
	struct vm *vm = ctx;

	vm->off = true;
	hyp_log("guest called PSCI SYSTEM_RESET: not supported, stopping the VM");
}

static const struct psci_ops vm_psci_ops = {
	.system_off = vm_system_off,
	.system_reset = vm_system_reset,
};

/* ---- exit handlers ------------------------------------------------------- */

static int64_t hc_console_write(struct vm *vm, uint64_t ipa, uint64_t len)
{
	const char *p = guest_ram_ptr(ipa, len);
	uint64_t i;

	(void)vm;
	if (!p)
		return MINIHYP_RET_INVALID_PARAMS;
	for (i = 0; i < len; i++)
		guest_console_putc(p[i]);
	return (int64_t)len;
}

/* MINIHYP_HC_RESCHEDULE: what a scheduler does when another vCPU takes the
 * physical CPU: save the vCPU's EL1 and FP/SIMD state, let the registers be
 * used for something else (here: scribbled over), load it back. */
static void vm_reschedule(struct vm *vm)
{
	static struct vcpu_fpsimd junk;
	unsigned i;

	vcpu_put(&vm->vcpu);
	for (i = 0; i < sizeof(junk.v) / sizeof(junk.v[0]); i++)
		junk.v[i] = 0xdeadbeef00000000ull | i;
	junk.fpcr = 0;
	junk.fpsr = 0;
	vcpu_fpsimd_restore(&junk);
	vbar_el1_write(0);
	tpidr_el1_write(0xdeadbeef);
	sctlr_el1_write(VCPU_SCTLR_EL1_RESET);
	vcpu_load(&vm->vcpu);
}

static void handle_smccc(struct vm *vm, bool smc)
{
	struct vcpu *v = &vm->vcpu;
	uint64_t x0 = v->regs.x[0];
	uint32_t fid = (uint32_t)x0;
	int64_t ret;

	if (fid == MINIHYP_HC_NULL && v->exit.imm == 0) {
		v->regs.x[0] = 0; /* the benchmark's path: nothing else */
		return;
	}
	if (v->exit.imm != 0) {
		hyp_log("%s #%u (non-zero immediate, fid %08x): NOT_SUPPORTED", smc ? "SMC" : "HVC",
			v->exit.imm, fid);
		ret = MINIHYP_RET_NOT_SUPPORTED;
	} else if ((fid & 0xff000000u) == MINIHYP_HC_BASE) {
		switch (fid) {
		case MINIHYP_HC_CONSOLE_WRITE:
			ret = hc_console_write(vm, v->regs.x[1], v->regs.x[2]);
			break;
		case MINIHYP_HC_SHUTDOWN:
			vm->off = true;
			vm->status = v->regs.x[1];
			guest_console_flush();
			hyp_log("guest shut down with status %ld", (long)vm->status);
			ret = 0;
			break;
		case MINIHYP_HC_ABI_VERSION:
			ret = MINIHYP_ABI_VERSION;
			break;
		case MINIHYP_HC_RESCHEDULE:
			vm_reschedule(vm);
			ret = 0;
			break;
		default:
			hyp_log("unknown hypercall %08x: NOT_SUPPORTED", fid);
			ret = MINIHYP_RET_NOT_SUPPORTED;
			break;
		}
	} else if (!psci_dispatch(&vm_psci_ops, vm, x0, v->regs.x[1], v->regs.x[2], v->regs.x[3],
				  &ret)) {
		hyp_log("unknown %s function %08x: NOT_SUPPORTED", smc ? "SMC" : "HVC", fid);
		ret = MINIHYP_RET_NOT_SUPPORTED;
	}
	v->regs.x[0] = (uint64_t)ret;
}

static void handle_dabt(struct vm *vm)
{
	struct vcpu *v = &vm->vcpu;
	const struct vcpu_exit_dabt *d = &v->exit.dabt;
	struct vdev *dev = vdev_find(d->ipa);
	uint64_t val;

	if (!dev) {
		guest_console_flush();
		hyp_log("guest %s at unmapped IPA %lx (VA %lx, PC %lx): injecting an external "
			"abort",
			d->write ? "write" : "read", d->ipa, d->far, v->regs.pc);
		vcpu_inject_dabt(v, d->far, d->write);
		return;
	}
	if (!d->isv) {
		guest_console_flush();
		hyp_log("guest access to %s at IPA %lx without a valid syndrome (PC %lx): "
			"injecting an external abort",
			dev->name, d->ipa, v->regs.pc);
		vcpu_inject_dabt(v, d->far, d->write);
		return;
	}
	if (d->write) {
		if (!dev->write(dev, d->ipa - dev->base, d->size, vcpu_get_reg(v, d->rt)))
			goto bad;
	} else {
		if (!dev->read(dev, d->ipa - dev->base, d->size, &val))
			goto bad;
		vcpu_complete_mmio_load(v, val);
	}
	vcpu_advance_pc(v);
	return;
bad:
	guest_console_flush();
	hyp_log("guest %u-byte %s of %s at offset %lx refused: injecting an external abort",
		d->size, d->write ? "write" : "read", dev->name, d->ipa - dev->base);
	vcpu_inject_dabt(v, d->far, d->write);
}

static void handle_iabt(struct vm *vm)
{
	struct vcpu *v = &vm->vcpu;

	guest_console_flush();
	hyp_log("guest instruction fetch at unmapped IPA %lx (PC %lx): injecting an external abort",
		v->exit.iabt.ipa, v->regs.pc);
	vcpu_inject_iabt(v, v->exit.iabt.far);
}

/* ID registers (HCR_EL2.TID3): op0 3, op1 0, CRn 0, CRm 1..7. */
static bool sysreg_is_id(const struct vcpu_exit_sysreg *s)
{
	return s->op0 == 3 && s->op1 == 0 && s->crn == 0 && s->crm >= 1 && s->crm <= 7;
}

static uint64_t field_clear(uint64_t v, unsigned shift)
{
	return v & ~((uint64_t)0xf << shift);
}

/* What the guest sees of the AArch64 ID registers: the hardware's values,
 * with EL2 and EL3 hidden (the guest has EL1/EL0 only), EL0 and EL1 AArch64
 * only (minihyp does not run AArch32 code), and SVE, SME, MTE, pointer
 * authentication (ID_AA64ISAR1_EL1; ID_AA64ISAR2_EL1 reads as zero),
 * AMU, MPAM hidden (minihyp neither switches nor offers them).  The other
 * encodings of the ID space read as zero, as unallocated ID registers do. */
static uint64_t id_reg_value(uint16_t enc)
{
	uint64_t v;

	switch (enc) {
	case ID_AA64PFR0_EL1_ENC:
		v = id_aa64pfr0_el1_read();
		v = field_clear(v, 0) | 1;	  /* EL0: AArch64 only */
		v = field_clear(v, 4) | (1 << 4); /* EL1: AArch64 only */
		v = field_clear(v, 8);		  /* EL2 */
		v = field_clear(v, 12);		  /* EL3 */
		v = field_clear(v, 32);		  /* SVE */
		v = field_clear(v, 40);		  /* MPAM */
		v = field_clear(v, 44);		  /* AMU */
		return v;
	case ID_AA64PFR1_EL1_ENC:
		v = id_aa64pfr1_el1_read();
		v = field_clear(v, 8);	/* MTE */
		v = field_clear(v, 24); /* SME */
		return v;
	case ID_AA64DFR0_EL1_ENC:
		return id_aa64dfr0_el1_read();
	case ID_AA64ISAR0_EL1_ENC:
		return id_aa64isar0_el1_read();
	case ID_AA64ISAR1_EL1_ENC:
		/* pointer authentication traps to EL2 (HCR_EL2.API/APK clear)
		 * and its keys are not switched: hidden */
		v = id_aa64isar1_el1_read();
		v = field_clear(v, 4);	/* APA */
		v = field_clear(v, 8);	/* API */
		v = field_clear(v, 24); /* GPA */
		v = field_clear(v, 28); /* GPI */
		return v;
	case ID_AA64MMFR0_EL1_ENC:
		return id_aa64mmfr0_el1_read();
	case ID_AA64MMFR1_EL1_ENC:
		return id_aa64mmfr1_el1_read();
	case ID_AA64MMFR2_EL1_ENC:
		return id_aa64mmfr2_el1_read();
	default:
		return 0;
	}
}

static void handle_sysreg(struct vm *vm)
{
	struct vcpu *v = &vm->vcpu;
	const struct vcpu_exit_sysreg *s = &v->exit.sysreg;

	if (sysreg_is_id(s) && s->read) {
		vcpu_set_reg(v, s->rt, id_reg_value(s->enc));
		vcpu_advance_pc(v);
		return;
	}
	guest_console_flush();
	hyp_log("guest %s S%u_%u_C%u_C%u_%u (x%u, PC %lx): not emulated, injecting UNDEFINED",
		s->read ? "MRS" : "MSR", s->op0, s->op1, s->crn, s->crm, s->op2, s->rt, v->regs.pc);
	vcpu_inject_undef(v);
}

static void handle_exit(struct vm *vm, const struct vcpu_exit_info *e)
{
	struct vcpu *v = &vm->vcpu;

	vm->exits++;
	switch (e->reason) {
	case VCPU_EXIT_HVC:
		handle_smccc(vm, false);
		break;
	case VCPU_EXIT_SMC:
		handle_smccc(vm, true);
		vcpu_advance_pc(v);
		break;
	case VCPU_EXIT_DABT:
		handle_dabt(vm);
		break;
	case VCPU_EXIT_IABT:
		handle_iabt(vm);
		break;
	case VCPU_EXIT_SYSREG:
		handle_sysreg(vm);
		break;
	case VCPU_EXIT_WFI:
	case VCPU_EXIT_WFE:
		/* nothing to wait for yet (no virtual interrupts): return */
		vcpu_advance_pc(v);
		break;
	case VCPU_EXIT_IRQ:
		hyp_log("physical IRQ while the guest ran (no interrupt is enabled at EL2)");
		break;
	case VCPU_EXIT_FIQ:
		hyp_log("physical FIQ while the guest ran: ignored");
		break;
	case VCPU_EXIT_SERROR:
		hyp_log("SError while the guest ran (ESR_EL2 %lx): ignored", e->esr);
		break;
	default:
		guest_console_flush();
		hyp_log("guest exit %s (EC 0x%x, ESR %lx, PC %lx): injecting UNDEFINED",
			vcpu_exit_reason_name(e->reason), e->ec, e->esr, v->regs.pc);
		vcpu_inject_undef(v);
		break;
	}
}

/* ---- the VM ---------------------------------------------------------------- */

static void vm_boot_params(uint64_t *entry, uint64_t x[4])
{
	const struct minihyp_boot_desc *d = phys_to_virt(HYP_BOOT_DESC_PA);
	unsigned i;

	*entry = GUEST_RAM_IPA;
	for (i = 0; i < 4; i++)
		x[i] = 0;
	if (d->magic != MINIHYP_BOOT_MAGIC)
		return;
	if (d->version != MINIHYP_BOOT_VERSION || d->size < sizeof(*d))
		hyp_panic("boot descriptor version %u size %u, expected version %u size %u",
			  d->version, d->size, MINIHYP_BOOT_VERSION, (unsigned)sizeof(*d));
	*entry = d->entry_ipa;
	for (i = 0; i < 4; i++)
		x[i] = d->x[i];
	if (d->ram_size) {
		if (d->ram_size % S2_BLOCK_2M || GUEST_RAM_PA + d->ram_size > ram_base + ram_size)
			hyp_panic("boot descriptor: guest RAM of %lu MiB at PA %lx does not fit "
				  "in RAM (ends at %lx; QEMU -m) or is not a multiple of 2 MiB",
				  d->ram_size >> 20, GUEST_RAM_PA, ram_base + ram_size);
		guest_ram_size = d->ram_size;
	}
	hyp_log("boot descriptor at %lx: entry %lx, x0 %lx", HYP_BOOT_DESC_PA, *entry, x[0]);
}

static void vm_run(struct vm *vm, unsigned ipa_bits)
{
	struct vcpu *v = &vm->vcpu;
	struct vcpu_options opts = {
		.timer_passthrough = true,
		.irq_passthrough = false,
		.hcr_set = HCR_EL2_TID3_MASK | HCR_EL2_TACR_MASK,
		.hcr_clear = 0,
		.cntvoff = 0,
	};
	uint64_t entry, x[4];
	unsigned i;

	if (*(volatile uint32_t *)guest_ram_ptr(GUEST_RAM_IPA, 4) == 0 &&
	    ((const struct minihyp_boot_desc *)phys_to_virt(HYP_BOOT_DESC_PA))->magic !=
		    MINIHYP_BOOT_MAGIC) {
		size_t n = (size_t)(demo_guest_end - demo_guest_start);

		hyp_log("no guest image at PA %lx (load one with -device loader,file=guest.bin,"
			"addr=0x%lx,force-raw=on): running the built-in demo guest",
			GUEST_RAM_PA, GUEST_RAM_PA);
		memcpy(guest_ram_ptr(GUEST_RAM_IPA, n), demo_guest_start, n);
		dsb(ish);
		__asm__ volatile("ic iallu" ::: "memory");
		dsb(ish);
		isb();
	}
	vm_boot_params(&entry, x);
	vm_build_stage2(vm, ipa_bits);

	vcpu_create(v, 0, x[0]);
	for (i = 1; i < 4; i++)
		vcpu_set_reg(v, i, x[i]);
	vcpu_setup(v, &opts);
	vcpu_set_entry(v, entry);
	vcpu_set_stage2_root(v, stage2_vttbr(&vm->s2, GUEST_VMID),
			     stage2_vtcr(ipa_bits, id_aa64mmfr0_el1_read()));
	vcpu_load(v);
	hyp_log("starting the guest at IPA %lx (HCR_EL2 %lx, VTCR_EL2 %lx)", entry, v->el2.hcr,
		v->el2.vtcr);

	while (!vm->off)
		handle_exit(vm, vcpu_run(v));

	vcpu_put(v);
	guest_console_flush();
	hyp_log("guest stopped after %lu exits, status %ld", vm->exits, (long)vm->status);
}

void hyp_main(void);
void hyp_main(void)
{
	unsigned pa_bits, ipa_bits;

	/* A known HCR_EL2 (E2H and TGE clear: the non-VHE EL2 regime) before
	 * anything depends on it. */
	hcr_el2_write(HCR_EL2_RW_MASK);
	isb();
	hyp_log("starting at EL%u (MIDR_EL1 %lx)", hw_current_el(), midr_el1_read());
	if (!hw_has_el2())
		hyp_panic("ID_AA64PFR0_EL1 says EL2 is not implemented");
	pa_bits = hw_pa_bits();
	hyp_log("PA size %u bits, %u-bit VMIDs", pa_bits, hw_vmid_bits());

	if (fdt_memory_range(phys_to_virt(HYP_DTB_BASE), &ram_base, &ram_size))
		hyp_log("RAM %lx-%lx (%lu MiB), from QEMU's device tree at %lx", ram_base,
			ram_base + ram_size, ram_size >> 20, HYP_DTB_BASE);
	else
		hyp_log("no device tree at %lx: assuming %lu MiB of RAM at %lx", HYP_DTB_BASE,
			ram_size >> 20, ram_base);
	if (ram_base != BOARD_RAM_BASE ||
	    GUEST_RAM_PA + GUEST_RAM_DEFAULT_SIZE > ram_base + ram_size)
		hyp_panic("minihyp needs RAM at %lx up to at least %lx", BOARD_RAM_BASE,
			  GUEST_RAM_PA + GUEST_RAM_DEFAULT_SIZE);

	page_alloc_init();
	el2_mmu_enable(pa_bits, ram_base, ram_size);
	hyp_log("EL2 MMU on: identity map, caches on; %lu free pages", page_free_count());

#ifdef MINIHYP_TEST_EL2_FAULT
	/* Test build (tests/qemu/run.py): a fault at EL2 must be reported. */
	hyp_log("test build: reading an unmapped address at EL2");
	(void)*(volatile uint64_t *)0x7000000000ul;
#endif

	ipa_bits = pa_bits < GUEST_IPA_BITS ? pa_bits : GUEST_IPA_BITS;
	vm_run(&vm0, ipa_bits);
	machine_power_off();
}
