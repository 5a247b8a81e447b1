/* SPDX-License-Identifier: MIT */
/* minihyp's early exit handlers (exit_early.c) and what they tell the run
 * loop besides VCPU_EXIT_RESUME and VCPU_TRAP_SYNC. */
#ifndef MINIHYP_EXIT_EARLY_H
#define MINIHYP_EXIT_EARLY_H

#include <vcpu/exit_table.h>

enum {
	MH_EXIT_VGIC = VCPU_TRAP_USER, /* done; the vGIC state changed: sync and flush */
	MH_EXIT_WFI,		       /* WFI done: wait for an interrupt */
};

extern const struct vcpu_exit_table mh_exit_table;

#endif
