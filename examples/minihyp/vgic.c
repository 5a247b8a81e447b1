/* SPDX-License-Identifier: MIT */
/*
 * The vGIC (include/vgic/) is compiled here, once: every other file of
 * minihyp includes vgic/vgic.h for its declarations only.
 */
#define VGIC_IMPLEMENTATION
#include <vgic/vgic.h>
