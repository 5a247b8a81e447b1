/* SPDX-License-Identifier: MIT */
/*
 * The demo guest of `make run`: prints through the emulated PL011 and
 * through the console hypercall, then powers off with PSCI SYSTEM_OFF.
 */
#include "../common/guest.h"

static const char msg[] = "hello from the guest, via the console hypercall\n";

int guest_main(void)
{
	uint64_t el;

	__asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
	guest_printf("hello from the guest at EL%lu, via the emulated PL011\n", (el >> 2) & 3);
	hvc_call(MINIHYP_HC_CONSOLE_WRITE, (uint64_t)(uintptr_t)msg, sizeof(msg) - 1, 0);
	guest_printf("minihyp hypercall ABI version %lx\n",
		     hvc_call(MINIHYP_HC_ABI_VERSION, 0, 0, 0));
	guest_printf("guest done: calling PSCI SYSTEM_OFF\n");
	psci_system_off();
}
