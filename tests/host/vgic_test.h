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

#define MODEL_CHECK(cond)   assert_true(cond)
#define VGIC_IMPLEMENTATION /* each test program compiles the vGIC once, here */
#include "vgic_gich_model.h"

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
	hw_phys_deactivate(pcpu, pintid); /* it must be active */
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
	.kick = host_kick,
	.deactivate_phys = host_deactivate,
	.route_spi = host_route,
	.log = host_log,
	.lock = host_lock,
	.unlock = host_unlock,
	.phys_line_level = model_line_level,
};

/* Physical `pintid` fires at pCPU `pcpu` (its line goes high); the host
 * acknowledges it (a GIC never signals an active interrupt), drops its
 * priority and hands it to the vGIC for vCPU `vcpu`. */
static inline int phys_fire(int pcpu, unsigned int vcpu, uint32_t pintid)
{
	bool *active = hw_phys_active(pcpu, pintid);

	*hw_phys_line(pcpu, pintid) = true;
	assert_false(*active);
	*active = true;
	return vgic_inject_phys(&vm, vcpu, pintid);
}

/* Finds the LR holding virtual `intid`, -1 if none. */
static inline int find_lr(uint32_t intid)
{
	unsigned int i;
	int found = -1;

	for (i = 0; i < hw_nr_lrs; i++) {
		uint32_t lr = HREG(GICH_LR_OFFSET(i));

		if (gich_lr_state_get(lr) != GICH_LR_STATE_INVALID &&
		    gich_lr_virtualid_get(lr) == intid) {
			assert_int_equal(found, -1); /* never in two LRs */
			found = (int)i;
		}
	}
	return found;
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
