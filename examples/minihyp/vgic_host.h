/* SPDX-License-Identifier: MIT */
/* What the vGIC asks of minihyp (vgic_host.c). */
#ifndef MINIHYP_VGIC_HOST_H
#define MINIHYP_VGIC_HOST_H

#include "vm.h"

/* GICv2 (vgic_host.c) and GICv3 (vgic_host3.c): they differ in the kick
 * only, which is on the IPI path. */
extern const struct vgic_ops vgic_host_ops, vgic_host3_ops;

/* What both share (vgic_host.c). */
void vgic_host_log(void *ctx, const char *what, uint32_t a, uint32_t b);
void vgic_host_deactivate(void *ctx, uint32_t pintid, int pcpu);
void vgic_host_route(void *ctx, uint32_t pintid, int pcpu);
bool vgic_host_line_level(void *ctx, uint32_t pintid, int pcpu);

#endif
