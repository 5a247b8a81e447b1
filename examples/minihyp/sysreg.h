/* SPDX-License-Identifier: MIT */
/* Trapped system registers: ID, debug (sysreg.c). */
#ifndef MINIHYP_SYSREG_H
#define MINIHYP_SYSREG_H

#include "vm.h"

void debug_disable_all(void);
void handle_sysreg(struct vm *vm, unsigned n, struct vcpu *v);

#endif
