/* SPDX-License-Identifier: MIT */
/* Secondary vCPU entry (PSCI CPU_ON): x0 = context id = the vCPU's index. */
	.text
	.global psci_secondary_entry
psci_secondary_entry:
	ldr	x1, =psci_stacks
	add	x2, x0, #1
	lsl	x2, x2, #12
	add	x1, x1, x2
	mov	sp, x1
	ldr	x1, =guest_vectors
	msr	vbar_el1, x1
	isb
	bl	psci_secondary_main
1:	b	1b
