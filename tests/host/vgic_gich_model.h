/* SPDX-License-Identifier: MIT */
/*
 * An architectural model of one CPU's GICv2 virtual interface (GICH/GICV,
 * IHI 0048B chapter 5) and of the physical interrupts the hypervisor
 * forwards, for the host tests and the fuzzers.  The GICH frame is a buffer
 * the generated accessors point at; the model computes ELRSR, EISR and MISR
 * from the LRs and HCR, and plays the guest on GICV (acknowledge, EOI).
 *
 * Where the specification can be read two ways, the model takes either
 * reading (model_np_reading) and the tests run under both.
 *
 * No test framework here: MODEL_CHECK(cond) reports a broken rule (the
 * includer may define it; default: abort).
 */
#ifndef VGIC_GICH_MODEL_H
#define VGIC_GICH_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vgic/vgic.h>

#ifndef MODEL_CHECK
#define MODEL_CHECK(cond) ((cond) ? (void)0 : abort())
#endif

static uint32_t gich_buf[0x200 / 4];
#define GICH	  ((uintptr_t)gich_buf)
#define HREG(off) gich_buf[(off) / 4]

/*
 * GICH_MISR.NP: "no List register is in the pending state" (IHI 0048B,
 * GICH_MISR).  Whether an LR in the pending and active state is "in the
 * pending state" is not said: QEMU reads it as State == pending only.
 */
enum model_np_reading {
	NP_STATE_PENDING_ONLY, /* State == 0b01 (QEMU) */
	NP_PENDING_BIT,	       /* State == 0b01 or 0b11 */
};
static enum model_np_reading model_np_reading;

static unsigned int hw_nr_lrs = 4;	   /* QEMU's GICv2 */
static unsigned int hw_phys_deactivations; /* by the guest, through HW = 1 LRs */
static int hw_cur_pcpu;			   /* the physical CPU whose GICH frame gich_buf is */

/* Physical interrupts: active state (set when the host acknowledges one,
 * cleared by a deactivation) and input line, per CPU for SGIs/PPIs. */
#define MODEL_MAX_PCPUS 8
static struct {
	bool active, line;
} hw_phys_ppi[MODEL_MAX_PCPUS][32], hw_phys_spi[1020];

static inline bool *hw_phys_active(int pcpu, uint32_t pintid)
{
	MODEL_CHECK(pintid < 1020 && pcpu >= 0 && pcpu < MODEL_MAX_PCPUS);
	return pintid < 32 ? &hw_phys_ppi[pcpu][pintid].active : &hw_phys_spi[pintid].active;
}

static inline bool *hw_phys_line(int pcpu, uint32_t pintid)
{
	MODEL_CHECK(pintid < 1020 && pcpu >= 0 && pcpu < MODEL_MAX_PCPUS);
	return pintid < 32 ? &hw_phys_ppi[pcpu][pintid].line : &hw_phys_spi[pintid].line;
}

/* Deactivating a physical interrupt that is not active is a hypervisor
 * error (it would end an activation that something else stands for). */
static inline void hw_phys_deactivate(int pcpu, uint32_t pintid)
{
	bool *a = hw_phys_active(pcpu, pintid);

	MODEL_CHECK(*a);
	*a = false;
}

static inline uint32_t lr_state(unsigned int i)
{
	return gich_lr_state_get(HREG(GICH_LR_OFFSET(i)));
}

static inline bool lr_counts_pending(uint32_t state)
{
	return model_np_reading == NP_PENDING_BIT ? (state & GICH_LR_STATE_PENDING) != 0
						  : state == GICH_LR_STATE_PENDING;
}

/* Recomputes ELRSR, EISR and MISR from the LRs and HCR, as the GIC does. */
static inline void hw_update(void)
{
	uint32_t elrsr = 0, eisr = 0, misr = 0, hcr = HREG(GICH_HCR_OFFSET);
	unsigned int i, valid = 0, pending = 0;

	for (i = 0; i < hw_nr_lrs; i++) {
		uint32_t lr = HREG(GICH_LR_OFFSET(i));
		bool hw = gich_lr_hw_get(lr), eoi = !hw && gich_lr_eoi_get(lr);

		if (gich_lr_state_get(lr) == GICH_LR_STATE_INVALID) {
			if (eoi)
				eisr |= 1u << i;
			else
				elrsr |= 1u << i;
		} else {
			valid++;
		}
		if (lr_counts_pending(gich_lr_state_get(lr)))
			pending++;
	}
	if (eisr)
		misr |= GICH_MISR_EOI_MASK;
	if ((hcr & GICH_HCR_UIE_MASK) && valid <= 1)
		misr |= GICH_MISR_U_MASK;
	if ((hcr & GICH_HCR_NPIE_MASK) && pending == 0)
		misr |= GICH_MISR_NP_MASK;
	if ((hcr & GICH_HCR_LRENPIE_MASK) && (hcr & GICH_HCR_EOICOUNT_MASK))
		misr |= GICH_MISR_LRENP_MASK;
	HREG(GICH_ELRSR_OFFSET(0)) = elrsr;
	HREG(GICH_EISR_OFFSET(0)) = eisr;
	HREG(GICH_MISR_OFFSET) = misr;
}

/* The maintenance interrupt line: MISR non-zero with the interface enabled. */
static inline bool hw_maintenance_asserted(void)
{
	hw_update();
	return (HREG(GICH_HCR_OFFSET) & GICH_HCR_EN_MASK) && HREG(GICH_MISR_OFFSET) != 0;
}

static inline void hw_reset(unsigned int nr_lrs)
{
	memset(gich_buf, 0, sizeof(gich_buf));
	memset(hw_phys_ppi, 0, sizeof(hw_phys_ppi));
	memset(hw_phys_spi, 0, sizeof(hw_phys_spi));
	hw_nr_lrs = nr_lrs;
	hw_phys_deactivations = 0;
	hw_cur_pcpu = 0;
	HREG(GICH_VTR_OFFSET) = (nr_lrs - 1) | (4u << 26) | (4u << 29);
	HREG(GICH_VMCR_OFFSET) = GICH_VMCR_RESET;
	hw_update();
}

/* ---- the guest, on its virtual CPU interface ------------------------------ */

/* The running priority: the highest active priority in GICH_APR (bit n:
 * priority field n), or 32 (idle).  Only what the guest acknowledged is
 * there: active state set through the distributor is not. */
static inline unsigned int guest_running_prio(void)
{
	uint32_t apr = HREG(GICH_APR_OFFSET);

	return apr ? (unsigned int)__builtin_ctz(apr) : 32;
}

/* GICV_IAR: acknowledges the highest priority LR in the pending state (not
 * pending and active) whose priority is higher than the running priority;
 * -1 if none. */
static inline int guest_ack(void)
{
	int best = -1;
	unsigned int i;

	for (i = 0; i < hw_nr_lrs; i++) {
		uint32_t lr = HREG(GICH_LR_OFFSET(i));

		if (gich_lr_state_get(lr) != GICH_LR_STATE_PENDING ||
		    gich_lr_priority_get(lr) >= guest_running_prio())
			continue;
		if (best < 0 || gich_lr_priority_get(lr) <
					gich_lr_priority_get(HREG(GICH_LR_OFFSET((unsigned)best))))
			best = (int)i;
	}
	if (best >= 0) {
		uint32_t lr = HREG(GICH_LR_OFFSET((unsigned)best));

		HREG(GICH_LR_OFFSET((unsigned)best)) = gich_lr_state_set(lr, GICH_LR_STATE_ACTIVE);
		HREG(GICH_APR_OFFSET) |= 1u << gich_lr_priority_get(lr);
	}
	hw_update();
	return best;
}

static inline uint32_t guest_lr_intid(int lr)
{
	MODEL_CHECK(lr >= 0 && (unsigned int)lr < hw_nr_lrs);
	return gich_lr_virtualid_get(HREG(GICH_LR_OFFSET((unsigned)lr)));
}

/* Priority drop: the highest active priority leaves GICH_APR. */
static inline bool guest_priority_drop(void)
{
	uint32_t apr = HREG(GICH_APR_OFFSET);

	HREG(GICH_APR_OFFSET) = apr & (apr - 1);
	return apr != 0;
}

/* GICV_DIR, or the deactivation half of GICV_EOIR: ends the active state
 * of LR `lr`.  HW = 1: the GIC deactivates the physical interrupt too. */
static inline void guest_deactivate(int lr)
{
	uint32_t v;

	MODEL_CHECK(lr >= 0 && (unsigned int)lr < hw_nr_lrs);
	v = HREG(GICH_LR_OFFSET((unsigned)lr));
	MODEL_CHECK(gich_lr_state_get(v) & GICH_LR_STATE_ACTIVE);
	if (gich_lr_hw_get(v)) {
		hw_phys_deactivate(hw_cur_pcpu, gich_lr_physicalid_get(v));
		hw_phys_deactivations++;
	}
	v = gich_lr_state_set(v, gich_lr_state_get(v) & GICH_LR_STATE_PENDING);
	HREG(GICH_LR_OFFSET((unsigned)lr)) = v;
	hw_update();
}

/* GICV_EOIR (EOImode 0) for the interrupt in LR `lr`. */
static inline void guest_eoi(int lr)
{
	guest_priority_drop();
	guest_deactivate(lr);
}

/* GICV_EOIR (EOImode 0) for virtual `intid`: the LR holding it active, or,
 * when no LR does, GICH_HCR.EOICount + 1 if the EOI dropped a priority. */
static inline void guest_eoi_intid(uint32_t intid)
{
	unsigned int i;

	for (i = 0; i < hw_nr_lrs; i++) {
		uint32_t lr = HREG(GICH_LR_OFFSET(i));

		if ((gich_lr_state_get(lr) & GICH_LR_STATE_ACTIVE) &&
		    gich_lr_virtualid_get(lr) == intid) {
			guest_eoi((int)i);
			return;
		}
	}
	if (guest_priority_drop())
		HREG(GICH_HCR_OFFSET) += 1u << GICH_HCR_EOICOUNT_SHIFT;
	hw_update();
}

static inline unsigned int valid_lrs(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < hw_nr_lrs; i++)
		n += lr_state(i) != GICH_LR_STATE_INVALID;
	return n;
}

/* The host's answer to vgic_ops.phys_line_level: the modelled line. */
static inline bool model_line_level(void *ctx, uint32_t pintid, int pcpu)
{
	(void)ctx;
	return *hw_phys_line(pcpu < 0 ? 0 : pcpu, pintid);
}

#endif /* VGIC_GICH_MODEL_H */
