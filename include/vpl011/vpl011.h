/* SPDX-License-Identifier: MIT */
/*
 * A virtual PL011 UART (ARM PrimeCell UART PL011 r1p5, DDI 0183G) for a
 * guest's console: the registers a driver programs (Linux's amba-pl011,
 * earlycon, a bare-metal putc), a 32-entry receive FIFO the hypervisor
 * fills (vpl011_rx_push), and the combined interrupt UARTINTR as a level
 * the hypervisor forwards to its vGIC (ops->set_irq).
 *
 * What the model does, by the TRM's section:
 *  - 3.3.6 FIFOs: 32 entries with LCR_H.FEN set, a one-character holding
 *    register without; FR.RXFE/RXFF follow the receive FIFO.  Transmission
 *    is instantaneous: each UARTDR write goes to ops->tx at once, so the
 *    transmit FIFO is always empty (FR.TXFE 1, TXFF 0, BUSY 0).
 *  - 3.4 interrupts: RXRIS is asserted when the receive FIFO fills to the
 *    IFLS.RXIFLSEL level (1/8 .. 7/8 of 32; the one character without
 *    FIFOs) and deasserted when reading takes it below that level, or by
 *    ICR.  RTRIS (receive timeout) is asserted with each character
 *    received: nothing more arrives within the 32 bit periods, since the
 *    hypervisor pushes whole bursts; reading the FIFO empty or ICR clears
 *    it.  TXRIS is asserted each time a write passes through the transmit
 *    FIFO (which empties past the trigger level at once) and cleared by
 *    ICR.  OERIS is asserted on an overrun (a character pushed into a full
 *    FIFO: lost, RSR.OE set until ECR is written).  MIS = RIS & IMSC, and
 *    UARTINTR is MIS != 0.  Modem-status interrupts never assert.
 *  - Reception needs CR.UARTEN and CR.RXE (3.3.2); vpl011_rx_push refuses
 *    a character otherwise.  UARTEN and TXE are not required to transmit:
 *    a character a real PL011 would hold in its FIFO until enabled goes out
 *    at once (bare-metal guests write UARTDR without enabling the UART,
 *    as QEMU's model allows).
 *  - Accesses: 8, 16 or 32 bits, naturally aligned (Linux uses 16-bit
 *    accesses, earlycon 8 or 32); a narrower read returns those bytes of
 *    the register, a narrower write at the register's offset writes its low
 *    bits; a write at an offset inside a register and 64-bit accesses are
 *    refused (the caller decides what the guest gets).  Reserved offsets,
 *    the test registers and the read-only registers' writes are RAZ/WI.
 *
 * Header-only, freestanding C11; the caller serialises the calls on one
 * UART (vpl011_rx_push from the console, the accessors from the vCPU).
 */
#ifndef VPL011_VPL011_H
#define VPL011_VPL011_H

#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stdint.h>

#include "pl011/pl011.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VPL011_FIFO_DEPTH 32u /* r1p5's FIFOs (DDI 0183G 3.3.6) */
#define VPL011_FRAME_SIZE 0x1000u

struct vpl011_ops {
	void (*tx)(void *ctx, uint8_t c);	/* a character written to UARTDR */
	void (*set_irq)(void *ctx, bool level); /* UARTINTR changed */
};

struct vpl011 {
	uint32_t ilpr, ibrd, fbrd, lcr_h, cr, ifls, imsc, dmacr;
	uint32_t ris; /* raw interrupt status (RIS layout) */
	uint32_t rsr; /* receive error status (RSR layout): OE */
	bool dr_oe;   /* the next character read carries DR.OE */
	bool irq;     /* UARTINTR as last told to set_irq */
	uint8_t rx[VPL011_FIFO_DEPTH];
	unsigned int rx_head, rx_count;
	uint32_t rx_overruns; /* characters lost to a full FIFO */
	const struct vpl011_ops *ops;
	void *ctx;
};

static inline unsigned int vpl011_depth(const struct vpl011 *u)
{
	return (u->lcr_h & PL011_LCR_H_FEN_MASK) ? VPL011_FIFO_DEPTH : 1u;
}

/* The receive FIFO level at which RXRIS asserts: IFLS.RXIFLSEL's 1/8, 1/4,
 * 1/2, 3/4 or 7/8 of the FIFO (reserved encodings: 1/2, the reset value's
 * level); without FIFOs, the holding register full. */
static inline unsigned int vpl011_rx_trigger(const struct vpl011 *u)
{
	static const uint8_t eighths[8] = {1, 2, 4, 6, 7, 4, 4, 4};

	if (!(u->lcr_h & PL011_LCR_H_FEN_MASK))
		return 1;
	return VPL011_FIFO_DEPTH *
	       eighths[(u->ifls & PL011_IFLS_RXIFLSEL_MASK) >> PL011_IFLS_RXIFLSEL_SHIFT] / 8u;
}

/* UARTINTR follows MIS; set_irq only on a change. */
static inline void vpl011_update(struct vpl011 *u)
{
	bool level = (u->ris & u->imsc) != 0;

	if (level != u->irq) {
		u->irq = level;
		if (u->ops && u->ops->set_irq)
			u->ops->set_irq(u->ctx, level);
	}
}

/* Reset state (DDI 0183G 3.2: CR 0x0300, IFLS 0x12, the others 0), the
 * FIFO empty, UARTINTR low. */
static inline void vpl011_init(struct vpl011 *u, const struct vpl011_ops *ops, void *ctx)
{
	unsigned int i;

	u->ilpr = u->ibrd = u->fbrd = u->lcr_h = u->imsc = u->dmacr = 0;
	u->ris = u->rsr = u->rx_overruns = 0;
	u->dr_oe = u->irq = false;
	for (i = 0; i < VPL011_FIFO_DEPTH; i++)
		u->rx[i] = 0;
	u->rx_head = u->rx_count = 0;
	u->cr = PL011_CR_RESET;
	u->ifls = PL011_IFLS_RESET;
	u->ops = ops;
	u->ctx = ctx;
}

/* A character from the console into the receive FIFO: false (not taken)
 * while the UART's receiver is off, or on an overrun (the character is
 * lost, as on the wire). */
static inline bool vpl011_rx_push(struct vpl011 *u, uint8_t c)
{
	unsigned int before = u->rx_count;

	if ((u->cr & (PL011_CR_UARTEN_MASK | PL011_CR_RXE_MASK)) !=
	    (PL011_CR_UARTEN_MASK | PL011_CR_RXE_MASK))
		return false;
	if (u->rx_count >= vpl011_depth(u)) {
		u->rsr |= PL011_RSR_OE_MASK;
		u->dr_oe = true;
		u->ris |= PL011_RIS_OE_MASK;
		u->rx_overruns++;
		vpl011_update(u);
		return false;
	}
	u->rx[(u->rx_head + u->rx_count) % VPL011_FIFO_DEPTH] = c;
	u->rx_count++;
	if (before < vpl011_rx_trigger(u) && u->rx_count >= vpl011_rx_trigger(u))
		u->ris |= PL011_RIS_RX_MASK;
	u->ris |= PL011_RIS_RT_MASK;
	vpl011_update(u);
	return true;
}

/* Room in the receive FIFO: how many characters vpl011_rx_push takes now. */
static inline unsigned int vpl011_rx_room(const struct vpl011 *u)
{
	if ((u->cr & (PL011_CR_UARTEN_MASK | PL011_CR_RXE_MASK)) !=
	    (PL011_CR_UARTEN_MASK | PL011_CR_RXE_MASK))
		return 0;
	return u->rx_count < vpl011_depth(u) ? vpl011_depth(u) - u->rx_count : 0;
}

static inline uint32_t vpl011_dr_read(struct vpl011 *u)
{
	uint32_t v;

	if (!u->rx_count)
		return 0;
	v = u->rx[u->rx_head];
	if (u->dr_oe)
		v |= PL011_DR_OE_MASK;
	u->dr_oe = false;
	u->rx_head = (u->rx_head + 1) % VPL011_FIFO_DEPTH;
	u->rx_count--;
	if (u->rx_count < vpl011_rx_trigger(u))
		u->ris &= ~(uint32_t)PL011_RIS_RX_MASK;
	if (!u->rx_count)
		u->ris &= ~(uint32_t)PL011_RIS_RT_MASK;
	vpl011_update(u);
	return v;
}

/* The 32-bit register at word offset `off` (its side effects: a UARTDR
 * read pops the FIFO). */
static inline uint32_t vpl011_reg_read(struct vpl011 *u, uint32_t off)
{
	/* PeriphID0-3, PCellID0-3: part 0x011, designer 0x41 (ARM), revision
	 * 3 (r1p5), then the PrimeCell ID (DDI 0183G 3.3.15, 3.3.16) */
	static const uint8_t id[8] = {0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
	uint32_t fr;

	if (off >= PL011_PERIPHID_OFFSET(0) && off < PL011_PCELLID_OFFSET(PL011_PCELLID_COUNT))
		return id[(off - PL011_PERIPHID_OFFSET(0)) / 4];
	switch (off) {
	case PL011_DR_OFFSET:
		return vpl011_dr_read(u);
	case PL011_RSR_OFFSET:
		return u->rsr;
	case PL011_FR_OFFSET:
		fr = PL011_FR_TXFE_MASK;
		if (!u->rx_count)
			fr |= PL011_FR_RXFE_MASK;
		if (u->rx_count >= vpl011_depth(u))
			fr |= PL011_FR_RXFF_MASK;
		return fr;
	case PL011_ILPR_OFFSET:
		return u->ilpr;
	case PL011_IBRD_OFFSET:
		return u->ibrd;
	case PL011_FBRD_OFFSET:
		return u->fbrd;
	case PL011_LCR_H_OFFSET:
		return u->lcr_h;
	case PL011_CR_OFFSET:
		return u->cr;
	case PL011_IFLS_OFFSET:
		return u->ifls;
	case PL011_IMSC_OFFSET:
		return u->imsc;
	case PL011_RIS_OFFSET:
		return u->ris;
	case PL011_MIS_OFFSET:
		return u->ris & u->imsc;
	case PL011_DMACR_OFFSET:
		return u->dmacr;
	default: /* ICR (write-only), reserved, test registers: RAZ */
		return 0;
	}
}

static inline void vpl011_reg_write(struct vpl011 *u, uint32_t off, uint32_t v)
{
	switch (off) {
	case PL011_DR_OFFSET:
		if (u->ops && u->ops->tx)
			u->ops->tx(u->ctx, (uint8_t)(v & PL011_DR_DATA_MASK));
		u->ris |= PL011_RIS_TX_MASK; /* through the trigger level, empty again */
		break;
	case PL011_RSR_OFFSET: /* ECR: any write clears the error flags */
		u->rsr = 0;
		break;
	case PL011_ILPR_OFFSET:
		u->ilpr = v & ~PL011_ILPR_RES0;
		break;
	case PL011_IBRD_OFFSET:
		u->ibrd = v & ~PL011_IBRD_RES0;
		break;
	case PL011_FBRD_OFFSET:
		u->fbrd = v & ~PL011_FBRD_RES0;
		break;
	case PL011_LCR_H_OFFSET:
		u->lcr_h = v & ~PL011_LCR_H_RES0;
		break;
	case PL011_CR_OFFSET:
		u->cr = v & ~PL011_CR_RES0;
		break;
	case PL011_IFLS_OFFSET:
		u->ifls = v & ~PL011_IFLS_RES0;
		break;
	case PL011_IMSC_OFFSET:
		u->imsc = v & ~PL011_IMSC_RES0;
		break;
	case PL011_ICR_OFFSET:
		u->ris &= ~v;
		break;
	case PL011_DMACR_OFFSET:
		u->dmacr = v & ~PL011_DMACR_RES0;
		break;
	default: /* FR, RIS, MIS, the ID registers, reserved: WI */
		break;
	}
	vpl011_update(u);
}

static inline bool vpl011_access_ok(uint32_t off, unsigned int size)
{
	return (size == 1 || size == 2 || size == 4) && off % size == 0 && off < VPL011_FRAME_SIZE;
}

/* A guest read of `size` bytes at `off` in the UART's 4 KiB frame: false
 * for an access the model refuses (see above), else the value in *val. */
static inline bool vpl011_read(struct vpl011 *u, uint32_t off, unsigned int size, uint32_t *val)
{
	uint32_t shift = (off % 4) * 8;

	*val = 0;
	if (!vpl011_access_ok(off, size))
		return false;
	*val = vpl011_reg_read(u, off - off % 4) >> shift;
	if (size < 4)
		*val &= (1u << (size * 8)) - 1;
	return true;
}

static inline bool vpl011_write(struct vpl011 *u, uint32_t off, unsigned int size, uint32_t val)
{
	if (!vpl011_access_ok(off, size) || off % 4)
		return false;
	if (size < 4)
		val &= (1u << (size * 8)) - 1;
	vpl011_reg_write(u, off, val);
	return true;
}

#ifdef __cplusplus
}
#endif

#endif /* !__ASSEMBLER__ */

#endif /* VPL011_VPL011_H */
