/* SPDX-License-Identifier: MIT */
/* Platform power: the machine's off switch and the secondary CPUs' CPU_ON. */
#include <vcpu/psci.h>

#include "console.h"
#include "firmware.h"

/* QEMU implements PSCI itself (no EL3 firmware): SYSTEM_OFF over SMC from
 * EL2 ends QEMU with exit status 0. */
uint64_t firmware_psci(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)::"memory");
	return x0;
}

void __attribute__((noreturn)) machine_power_off(void)
{
	guest_console_flush();
	hyp_log("powering off");
	firmware_psci(PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);
	hyp_panic("PSCI SYSTEM_OFF returned");
}
