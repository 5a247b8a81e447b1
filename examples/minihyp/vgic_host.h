/* SPDX-License-Identifier: MIT */
/* What the vGIC asks of minihyp (vgic_host.c). */
#ifndef MINIHYP_VGIC_HOST_H
#define MINIHYP_VGIC_HOST_H

#include "vm.h"

extern const struct vgic_ops vgic_host_ops;

#endif
