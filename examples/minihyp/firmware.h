/* SPDX-License-Identifier: MIT */
/* Calls to the board's firmware: QEMU's own PSCI, over SMC from EL2. */
#ifndef MINIHYP_FIRMWARE_H
#define MINIHYP_FIRMWARE_H

#include <stdint.h>

uint64_t firmware_psci(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
void __attribute__((noreturn)) machine_power_off(void);

#endif
