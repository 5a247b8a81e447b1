/* SPDX-License-Identifier: MIT */
/* minihyp: per-CPU stack sizes, shared by boot.S and C. */
#ifndef MINIHYP_SMP_LAYOUT_H
#define MINIHYP_SMP_LAYOUT_H

#define SECONDARY_STACK_SHIFT 14 /* 16 KiB per secondary CPU */

#endif
