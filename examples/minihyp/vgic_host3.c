/* SPDX-License-Identifier: MIT */
/* The vGIC's host side on a GICv3: as on a GICv2 (vgic_host.c), but the
 * kick is an SGI through ICC_SGI1R_EL1 (gic3_kick). */
#include "gic.h"
#include "vgic_host.h"

/* One SGI to the vCPU's physical CPU (never -1: vgic_host.c). */
static void vgic_host3_kick(void *ctx, unsigned int vcpu_id, int pcpu)
{
	(void)ctx;
	(void)vcpu_id;
	gic3_kick((unsigned)pcpu);
}

const struct vgic_ops vgic_host3_ops = {
	.kick = vgic_host3_kick,
	.deactivate_phys = vgic_host_deactivate,
	.route_spi = vgic_host_route,
	.log = vgic_host_log,
	.lock = NULL,
	.unlock = NULL,
	.phys_line_level = vgic_host_line_level,
};
