/* SPDX-License-Identifier: MIT */
/*
 * Test fixture for the vGIC: a fake GICH frame (a buffer the generated
 * accessors point at) with the test playing the hardware and the guest, and
 * a host (struct vgic_ops) that records what the vGIC asks of it.
 */
#ifndef VGIC_TEST_H
#define VGIC_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vgic.h"

static uint32_t gich_buf[0x200 / 4];
#define GICH	  ((uintptr_t)gich_buf)
#define HREG(off) gich_buf[(off) / 4]

static struct vgic vm;

static struct host {
	unsigned int nkicks, kicks[VGIC_MAX_VCPUS];
	int kick_pcpu[VGIC_MAX_VCPUS];
	unsigned int ndeact;
	uint32_t deact[16];
	int deact_pcpu[16];
	unsigned int nroute;
	uint32_t route[16];
	int route_pcpu[16];
	unsigned int nlog;
	const char *last_log;
	int locked;
} host;

static inline void host_kick(void *ctx, unsigned int vcpu, int pcpu)
{
	(void)ctx;
	host.nkicks++;
	host.kicks[vcpu]++;
	host.kick_pcpu[vcpu] = pcpu;
}

static inline void host_deactivate(void *ctx, uint32_t pintid, int pcpu)
{
	(void)ctx;
	assert_true(host.ndeact < 16);
	host.deact_pcpu[host.ndeact] = pcpu;
	host.deact[host.ndeact++] = pintid;
}

static inline void host_route(void *ctx, uint32_t pintid, int pcpu)
{
	(void)ctx;
	assert_true(host.nroute < 16);
	host.route_pcpu[host.nroute] = pcpu;
	host.route[host.nroute++] = pintid;
}

static inline void host_log(void *ctx, const char *what, uint32_t a, uint32_t b)
{
	(void)ctx, (void)a, (void)b;
	host.nlog++;
	host.last_log = what;
}

static inline void host_lock(void *ctx)
{
	(void)ctx;
	assert_int_equal(host.locked, 0); /* entry points never nest */
	host.locked = 1;
}

static inline void host_unlock(void *ctx)
{
	(void)ctx;
	assert_int_equal(host.locked, 1);
	host.locked = 0;
}

static const struct vgic_ops test_ops = {
	host_kick, host_deactivate, host_route, host_log, host_lock, host_unlock,
};

/* ---- the hardware ------------------------------------------------------- */

static unsigned int hw_nr_lrs = 4; /* QEMU's GICv2 */
static unsigned int hw_phys_deactivations;

static inline uint32_t lr_state(unsigned int i)
{
	return gich_lr_state_get(HREG(GICH_LR_OFFSET(i)));
}

/* Recomputes ELRSR, EISR and MISR from the LRs and HCR, as the GIC does. */
static inline void hw_update(void)
{
	uint32_t elrsr = 0, eisr = 0, misr = 0, hcr = HREG(GICH_HCR_OFFSET);
	unsigned int i, valid = 0, pending = 0;

	for (i = 0; i < hw_nr_lrs; i++) {
		uint32_t lr = HREG(GICH_LR_OFFSET(i));
		bool hw = gich_lr_hw_get(lr), eoi = !hw && gich_lr_eoi_get(lr);

		if (gich_lr_state_get(lr) == GICH_LR_INVALID) {
			if (eoi)
				eisr |= 1u << i;
			else
				elrsr |= 1u << i;
		} else {
			valid++;
		}
		if (gich_lr_state_get(lr) & GICH_LR_PENDING)
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
	hw_nr_lrs = nr_lrs;
	hw_phys_deactivations = 0;
	HREG(GICH_VTR_OFFSET) = (nr_lrs - 1) | (4u << 26) | (4u << 29);
	HREG(GICH_VMCR_OFFSET) = GICH_VMCR_RESET;
	hw_update();
}

/* ---- the guest, on its virtual CPU interface ------------------------------ */

/* GICV_IAR: acknowledges the highest priority pending LR; -1 if none. */
static inline int guest_ack(void)
{
	int best = -1;
	unsigned int i;

	for (i = 0; i < hw_nr_lrs; i++) {
		uint32_t lr = HREG(GICH_LR_OFFSET(i));

		if (gich_lr_state_get(lr) != GICH_LR_PENDING)
			continue;
		if (best < 0 || gich_lr_priority_get(lr) <
					gich_lr_priority_get(HREG(GICH_LR_OFFSET((unsigned)best))))
			best = (int)i;
	}
	if (best >= 0)
		HREG(GICH_LR_OFFSET((unsigned)best)) =
			gich_lr_state_set(HREG(GICH_LR_OFFSET((unsigned)best)), GICH_LR_ACTIVE);
	hw_update();
	return best;
}

static inline uint32_t guest_lr_intid(int lr)
{
	return gich_lr_virtualid_get(HREG(GICH_LR_OFFSET((unsigned)lr)));
}

/* GICV_EOIR (EOImode 0): deactivates the interrupt in LR `lr`.  HW = 1:
 * the GIC deactivates the physical interrupt too. */
static inline void guest_eoi(int lr)
{
	uint32_t v = HREG(GICH_LR_OFFSET((unsigned)lr));

	assert_true(gich_lr_state_get(v) & GICH_LR_ACTIVE);
	if (gich_lr_hw_get(v))
		hw_phys_deactivations++;
	v = gich_lr_state_set(v, gich_lr_state_get(v) & GICH_LR_PENDING);
	HREG(GICH_LR_OFFSET((unsigned)lr)) = v;
	hw_update();
}

/* GICV_EOIR (EOImode 0) for virtual `intid`: the LR holding it active, or,
 * when no LR does, GICH_HCR.EOICount + 1 (as the GIC does). */
static inline void guest_eoi_intid(uint32_t intid)
{
	unsigned int i;

	for (i = 0; i < hw_nr_lrs; i++) {
		uint32_t lr = HREG(GICH_LR_OFFSET(i));

		if ((gich_lr_state_get(lr) & GICH_LR_ACTIVE) &&
		    gich_lr_virtualid_get(lr) == intid) {
			guest_eoi((int)i);
			return;
		}
	}
	HREG(GICH_HCR_OFFSET) += 1u << GICH_HCR_EOICOUNT_SHIFT;
	hw_update();
}

/* Finds the LR holding virtual `intid`, -1 if none. */
static inline int find_lr(uint32_t intid)
{
	unsigned int i;
	int found = -1;

	for (i = 0; i < hw_nr_lrs; i++) {
		uint32_t lr = HREG(GICH_LR_OFFSET(i));

		if (gich_lr_state_get(lr) != GICH_LR_INVALID &&
		    gich_lr_virtualid_get(lr) == intid) {
			assert_int_equal(found, -1); /* never in two LRs */
			found = (int)i;
		}
	}
	return found;
}

static inline unsigned int valid_lrs(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < hw_nr_lrs; i++)
		n += lr_state(i) != GICH_LR_INVALID;
	return n;
}

/* ---- helpers -------------------------------------------------------------- */

static inline void setup_vm(unsigned int nr_vcpus, unsigned int nr_irqs, unsigned int nr_lrs)
{
	memset(&host, 0, sizeof(host));
	hw_reset(nr_lrs);
	assert_int_equal(vgic_init(&vm, nr_vcpus, nr_irqs, GICH, &test_ops, NULL), 0);
}

static inline uint32_t rd(unsigned int vcpu, uint32_t off, unsigned int size)
{
	uint32_t v = 0xdeadbeef;

	assert_int_equal(vgic_dist_mmio_read(&vm, vcpu, off, size, &v), 0);
	return v;
}

static inline void wr(unsigned int vcpu, uint32_t off, unsigned int size, uint32_t v)
{
	assert_int_equal(vgic_dist_mmio_write(&vm, vcpu, off, size, v), 0);
}

static inline void guest_set_edge(unsigned int vcpu, uint32_t intid, bool edge)
{
	uint32_t off = (uint32_t)gicd_icfgr_intid_offset(intid);
	uint32_t bit = GICD_ICFGR_INT_CONFIG_MASK << gicd_icfgr_intid_shift(intid);
	uint32_t v = rd(vcpu, off, 4);

	wr(vcpu, off, 4, edge ? (v | bit) : (v & ~bit));
}

/* Guest-side setup of an edge-triggered interrupt through the emulated
 * distributor: priority, target (SPIs), enable. */
static inline void guest_enable_irq(unsigned int vcpu, uint32_t intid, uint8_t prio,
				    uint8_t targets)
{
	if (intid >= VGIC_NR_SGIS)
		guest_set_edge(vcpu, intid, true);
	wr(vcpu, (uint32_t)gicd_ipriorityr_intid_offset(intid) + intid % 4, 1, prio);
	if (intid >= 32)
		wr(vcpu, (uint32_t)gicd_itargetsr_intid_offset(intid) + intid % 4, 1, targets);
	wr(vcpu, (uint32_t)gicd_isenabler_intid_offset(intid), 4,
	   1u << gicd_isenabler_intid_shift(intid));
}

#endif /* VGIC_TEST_H */
