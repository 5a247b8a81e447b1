/* SPDX-License-Identifier: MIT */
/*
 * minihyp: the console input.  With VMs whose console is an emulated PL011
 * (vdev.c), minihyp owns the board's PL011: its receive interrupt (SPI 1,
 * level-sensitive) is routed to the physical CPU of vCPU 0 of the VM that
 * has the input (the focus), which takes it like any physical interrupt
 * (vcpu.c: take_phys_irqs, off the timer and kick paths), reads the
 * characters and puts them in that VM's PL011 (vdev_uart_input: its receive
 * FIFO, else the waiting buffer, else counted as dropped).  Nothing on the
 * exit path polls.  Ctrl-A three times moves the focus to the next VM that
 * still runs (console_esc.h); minihyp says so in a line of its own.
 *
 * Not used when no VM has an emulated console PL011, or when a VM has the
 * board's PL011 itself (passed through: the single Linux guest of `make
 * run-linux`): then the input is that VM's.
 */
#include "console.h"
#include "console_esc.h"
#include "gic.h"
#include "platform.h"
#include "vm.h"

#include <pl011/pl011.h>

static struct console_esc input_esc;
static unsigned input_focus;
static volatile bool input_on;
static spinlock_t input_lock;
static uint32_t input_drops_logged[VMFILE_MAX_VMS];
static bool input_dropping[VMFILE_MAX_VMS];

/* At most this many characters per interrupt: the rest keeps the line up. */
#define INPUT_BURST 64u

static bool board_uart_is_a_vms(void)
{
	unsigned i, k;

	for (i = 0; i < nr_vms; i++) {
		const struct vmfile_vm *c = vms[i].cfg;

		for (k = 0; k < c->nr_devices; k++)
			if (c->devices[k].type == VMFILE_DEV_PASSTHROUGH &&
			    BOARD_UART_BASE - c->devices[k].pa < c->devices[k].size)
				return true;
		for (k = 0; k < c->nr_irqs; k++)
			if (c->irqs[k].pirq == BOARD_UART_INTID)
				return true;
	}
	return false;
}

static bool input_can(unsigned i)
{
	return vms[i].devs.console && !(vms[i].off && !vms[i].reset);
}

static void input_announce(void)
{
	const char *name = vms[input_focus].cfg->name;

	hyp_log("console input: %s (Ctrl-A three times: next VM)", name);
	hyp_log("event=console_input vm=%s", name);
}

/* Under input_lock: the focus to the next VM that can take input. */
static void input_next(void)
{
	bool can[VMFILE_MAX_VMS];
	unsigned i, next;

	for (i = 0; i < nr_vms; i++)
		can[i] = input_can(i);
	next = console_esc_next_vm(input_focus, nr_vms, can);
	if (next != input_focus) {
		input_focus = next;
		gic_route_spi(BOARD_UART_INTID, vms[next].vc[0].pcpu);
	}
	input_announce();
}

void console_input_start(unsigned focus)
{
	unsigned i;

	if (board_uart_is_a_vms())
		return;
	for (i = 0; i < nr_vms && !vms[(focus + i) % nr_vms].devs.console; i++)
		;
	if (i == nr_vms)
		return; /* no VM has a console PL011 */
	input_focus = (focus + i) % nr_vms;
	/* 8 bits, FIFOs on; the receive and receive-timeout interrupts */
	pl011_lcr_h_write(BOARD_UART_BASE, (PL011_LCR_H_WLEN_BITS8 << PL011_LCR_H_WLEN_SHIFT) |
						   PL011_LCR_H_FEN_MASK);
	pl011_icr_write(BOARD_UART_BASE, ~PL011_ICR_RES0);
	pl011_imsc_write(BOARD_UART_BASE, PL011_IMSC_RX_MASK | PL011_IMSC_RT_MASK);
	pl011_cr_write(BOARD_UART_BASE,
		       PL011_CR_UARTEN_MASK | PL011_CR_TXE_MASK | PL011_CR_RXE_MASK);
	gic_spi_passthrough(BOARD_UART_INTID, false, vms[input_focus].vc[0].pcpu);
	input_on = true;
	input_announce();
}

const char *console_input_focus(void)
{
	return input_on ? vms[input_focus].cfg->name : NULL;
}

void console_input_vm_off(unsigned vm)
{
	if (!input_on)
		return;
	spin_lock(&input_lock);
	if (input_focus == vm)
		input_next();
	spin_unlock(&input_lock);
}

/* Two lines per run of drops, not one per character: when the focus VM's
 * buffer starts dropping, and the total once it takes characters again. */
static void input_drops_report(uint32_t drops)
{
	const char *name = vms[input_focus].cfg->name;
	bool dropping = drops != input_drops_logged[input_focus];

	if (dropping && !input_dropping[input_focus])
		hyp_log("vm %s: console input: dropping characters (its receive FIFO and "
			"minihyp's buffer are full)",
			name);
	else if (!dropping && input_dropping[input_focus])
		hyp_log("vm %s: console input: %u characters dropped so far", name, drops);
	input_dropping[input_focus] = dropping;
	input_drops_logged[input_focus] = drops;
}

bool console_input_irq(void)
{
	uint8_t out[CONSOLE_ESC_COUNT];
	struct vdev_uart *u;
	unsigned n, k;
	uint32_t drops;
	bool next;

	if (!input_on)
		return false;
	spin_lock(&input_lock);
	for (k = 0; k < INPUT_BURST && !(pl011_fr_read(BOARD_UART_BASE) & PL011_FR_RXFE_MASK);
	     k++) {
		n = console_esc_feed(&input_esc,
				     (uint8_t)(pl011_dr_read(BOARD_UART_BASE) & PL011_DR_DATA_MASK),
				     out, &next);
		if (next)
			input_next();
		if (!n)
			continue;
		u = vms[input_focus].devs.console;
		spin_lock(&u->lock);
		vdev_uart_input(u, out, n);
		drops = u->waiting->drops;
		spin_unlock(&u->lock);
		input_drops_report(drops);
	}
	if (k) /* keys, or Ctrl-A three times: the VM with the input is typed at */
		guest_console_typed(vms[input_focus].cfg->name);
	spin_unlock(&input_lock);
	return true;
}
