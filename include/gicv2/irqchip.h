/* SPDX-License-Identifier: MIT */
/*
 * Interrupt-controller operations, in the style of Jailhouse's irqchip: the
 * handful of things a hypervisor's vCPU code asks of the physical GIC,
 * behind function pointers, so that a GICv3 backend (ICC_/ICH_ system
 * registers) can be added without touching the code that uses them.
 *
 * The GICv2 backend is gicv2_irqchip() with a struct gicv2_chip as context.
 */
#ifndef GICV2_IRQCHIP_H
#define GICV2_IRQCHIP_H

/* C declarations only: the header can be included from assembly too. */
#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stdint.h>

#include "gicv2/cpu_interface.h"
#include "gicv2/distributor.h"
#include "gicv2/hyp_interface.h"

#ifdef __cplusplus
extern "C" {
#endif

enum irqchip_sgi_filter {
	IRQCHIP_SGI_TO_LIST,	     /* the CPUs in `targets` */
	IRQCHIP_SGI_TO_ALL_BUT_SELF, /* every other CPU */
	IRQCHIP_SGI_TO_SELF,
};

/* Maintenance interrupt sources, independent of the GIC version. */
enum irqchip_maint {
	IRQCHIP_MAINT_UNDERFLOW = 1u << 0,
	IRQCHIP_MAINT_LR_ENTRY_NP = 1u << 1,
	IRQCHIP_MAINT_NO_PENDING = 1u << 2,
	IRQCHIP_MAINT_VGRP0_EN = 1u << 3,
	IRQCHIP_MAINT_VGRP0_DIS = 1u << 4,
	IRQCHIP_MAINT_VGRP1_EN = 1u << 5,
	IRQCHIP_MAINT_VGRP1_DIS = 1u << 6,
};

/* A virtual interrupt to put in a list register. */
struct irqchip_virq {
	uint32_t intid;
	uint8_t priority; /* 8-bit */
	bool pending, active, group1;
	bool hw;	      /* linked to physical_id */
	uint32_t physical_id; /* hw */
	uint8_t source_cpu;   /* !hw, SGIs */
	bool eoi_maintenance; /* !hw */
};

struct irqchip_ops {
	int (*init)(void *chip);     /* the distributor, once, on the boot CPU */
	int (*cpu_init)(void *chip); /* this CPU's interface and virtual interface */
	unsigned int (*nr_lrs)(void *chip);
	int (*inject)(void *chip, unsigned int lr, const struct irqchip_virq *virq);
	void (*maintenance)(void *chip, uint32_t sources /* irqchip_maint */, bool on);
	void (*send_sgi)(void *chip, enum irqchip_sgi_filter filter, uint8_t targets, uint32_t sgi);
	/* Acknowledge: returns the token to give back to eoi; *intid its ID
	 * (1023: spurious). */
	uint32_t (*ack)(void *chip, uint32_t *intid);
	/* Priority drop, and deactivation too when `deactivate`. */
	void (*eoi)(void *chip, uint32_t token, bool deactivate);
	/* Deactivate an interrupt acknowledged earlier (EOImode split). */
	void (*deactivate)(void *chip, uint32_t intid);
};

/* ---- GICv2 backend ------------------------------------------------------ */

struct gicv2_chip {
	uintptr_t gicd, gicc, gich;
	uint8_t cpu_mask; /* SPI target of init (usually the boot CPU's bit) */
};

static inline int gicv2_chip_init(void *chip)
{
	struct gicv2_chip *g = (struct gicv2_chip *)chip;

	gicd_init(g->gicd, g->cpu_mask);
	return 0;
}

static inline int gicv2_chip_cpu_init(void *chip)
{
	struct gicv2_chip *g = (struct gicv2_chip *)chip;

	gicd_cpu_init(g->gicd);
	gicc_init(g->gicc, true);
	gich_init(g->gich);
	return 0;
}

static inline unsigned int gicv2_chip_nr_lrs(void *chip)
{
	return gich_nr_lrs(((struct gicv2_chip *)chip)->gich);
}

static inline int gicv2_chip_inject(void *chip, unsigned int lr, const struct irqchip_virq *v)
{
	struct gich_lr_config c;

	if (v->intid > 1023u)
		return -GICV2_EINVAL;
	c.virtual_id = (uint16_t)v->intid;
	c.priority = v->priority;
	c.state = (enum gich_lr_state)((v->pending ? GICH_LR_PENDING : 0) |
				       (v->active ? GICH_LR_ACTIVE : 0));
	c.group1 = v->group1;
	c.hw = v->hw;
	if (v->hw) {
		if (v->physical_id > 1023u)
			return -GICV2_EINVAL;
		c.physical_id = (uint16_t)v->physical_id;
	} else {
		c.sw.source_cpu = v->source_cpu;
		c.sw.eoi_maintenance = v->eoi_maintenance;
	}
	return gich_lr_set(((struct gicv2_chip *)chip)->gich, lr, &c);
}

static inline void gicv2_chip_maintenance(void *chip, uint32_t sources, bool on)
{
	static const uint32_t hcr_bit[] = {
		GICH_MAINT_UNDERFLOW, GICH_MAINT_LR_ENTRY_NP, GICH_MAINT_NO_PENDING,
		GICH_MAINT_VGRP0_EN,  GICH_MAINT_VGRP0_DIS,   GICH_MAINT_VGRP1_EN,
		GICH_MAINT_VGRP1_DIS,
	};
	uint32_t hcr = 0;
	unsigned int i;

	for (i = 0; i < sizeof(hcr_bit) / sizeof(hcr_bit[0]); i++)
		if (sources & (1u << i))
			hcr |= hcr_bit[i];
	gich_maint_set(((struct gicv2_chip *)chip)->gich, hcr, on);
}

static inline void gicv2_chip_send_sgi(void *chip, enum irqchip_sgi_filter filter, uint8_t targets,
				       uint32_t sgi)
{
	enum gicd_sgi_filter f = filter == IRQCHIP_SGI_TO_SELF		 ? GICD_SGI_TO_SELF
				 : filter == IRQCHIP_SGI_TO_ALL_BUT_SELF ? GICD_SGI_TO_ALL_BUT_SELF
									 : GICD_SGI_TO_LIST;

	gicd_send_sgi(((struct gicv2_chip *)chip)->gicd, f, targets, sgi);
}

static inline uint32_t gicv2_chip_ack(void *chip, uint32_t *intid)
{
	uint32_t iar = gicc_ack(((struct gicv2_chip *)chip)->gicc);

	*intid = gicc_iar_intid(iar);
	return iar;
}

static inline void gicv2_chip_eoi(void *chip, uint32_t token, bool deactivate)
{
	struct gicv2_chip *g = (struct gicv2_chip *)chip;

	gicc_eoi(g->gicc, token);
	if (deactivate)
		gicc_deactivate(g->gicc, token);
}

static inline void gicv2_chip_deactivate(void *chip, uint32_t intid)
{
	gicc_deactivate(((struct gicv2_chip *)chip)->gicc, intid);
}

static inline const struct irqchip_ops *gicv2_irqchip(void)
{
	static const struct irqchip_ops ops = {
		gicv2_chip_init,   gicv2_chip_cpu_init,	   gicv2_chip_nr_lrs,
		gicv2_chip_inject, gicv2_chip_maintenance, gicv2_chip_send_sgi,
		gicv2_chip_ack,	   gicv2_chip_eoi,	   gicv2_chip_deactivate,
	};

	return &ops;
}

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */

#endif /* GICV2_IRQCHIP_H */
