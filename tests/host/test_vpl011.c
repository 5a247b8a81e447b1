/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the virtual PL011 (include/vpl011/vpl011.h) against the
 * PL011 TRM (DDI 0183G): reset values, the FIFOs and flags, each interrupt's
 * assertion and clearing, UARTINTR as a level, the ID registers Linux's
 * AMBA bus probes, access widths.  Values typed in here are the TRM's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vpl011/vpl011.h"

static struct vpl011 u;
static char out[256];
static unsigned int nout, irq_changes;
static bool irq_level;

static void tx(void *ctx, uint8_t c)
{
	assert_ptr_equal(ctx, &u);
	if (nout < sizeof(out))
		out[nout++] = (char)c;
}

static void set_irq(void *ctx, bool level)
{
	assert_ptr_equal(ctx, &u);
	assert_true(level != irq_level); /* only changes are told */
	irq_level = level;
	irq_changes++;
}

static const struct vpl011_ops ops = {tx, set_irq};

static int setup(void **state)
{
	(void)state;
	nout = irq_changes = 0;
	irq_level = false;
	vpl011_init(&u, &ops, &u);
	return 0;
}

static uint32_t rd(uint32_t off)
{
	uint32_t v = 0xdeadbeef;

	assert_true(vpl011_read(&u, off, 4, &v));
	return v;
}

static void wr(uint32_t off, uint32_t v)
{
	assert_true(vpl011_write(&u, off, 4, v));
}

/* UARTEN, TXE, RXE: the receiver on. */
static void enable(void)
{
	wr(0x030, 0x301);
}

/* DDI 0183G table 3-1: reset values; FR: TXFE (bit 7) and RXFE (bit 4). */
static void test_reset(void **state)
{
	(void)state;
	assert_int_equal(rd(0x030), 0x300); /* CR */
	assert_int_equal(rd(0x034), 0x12);  /* IFLS: 1/2, 1/2 */
	assert_int_equal(rd(0x018), 0x90);  /* FR */
	assert_int_equal(rd(0x038), 0);	    /* IMSC */
	assert_int_equal(rd(0x03c), 0);	    /* RIS: no transmit interrupt before data */
	assert_int_equal(rd(0x02c), 0);	    /* LCR_H */
	assert_false(irq_level);
}

/* PeriphID0-3 and PCellID0-3 (3.3.15, 3.3.16): a PL011 r1p5. */
static void test_id_registers(void **state)
{
	static const uint32_t want[8] = {0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
	unsigned int i;

	(void)state;
	for (i = 0; i < 8; i++)
		assert_int_equal(rd(0xfe0 + 4 * i), want[i]);
	wr(0xfe0, 0);
	assert_int_equal(rd(0xfe0), 0x11);
}

/* A UARTDR write goes out at once and asserts TXRIS; ICR clears it;
 * UARTINTR is MIS = RIS & IMSC. */
static void test_transmit(void **state)
{
	(void)state;
	enable();
	wr(0x000, 'h');
	wr(0x000, 0x100 | 'i'); /* bits above the data are not sent */
	assert_int_equal(nout, 2);
	assert_memory_equal(out, "hi", 2);
	assert_int_equal(rd(0x03c), 1u << 5); /* RIS.TXRIS */
	assert_int_equal(rd(0x040), 0);	      /* masked */
	assert_false(irq_level);
	wr(0x038, 1u << 5); /* IMSC.TXIM */
	assert_int_equal(rd(0x040), 1u << 5);
	assert_true(irq_level);
	wr(0x044, 1u << 5); /* ICR.TXIC */
	assert_int_equal(rd(0x03c), 0);
	assert_false(irq_level);
	assert_int_equal(rd(0x018) & 0xa8, 0x80); /* TXFE, not TXFF, not BUSY */
}

/* Reception needs UARTEN and RXE (3.3.8); a character arrives in the FIFO
 * and leaves it in order. */
static void test_receive_order_and_enable(void **state)
{
	(void)state;
	assert_false(vpl011_rx_push(&u, 'x')); /* UARTEN 0 */
	assert_int_equal(vpl011_rx_room(&u), 0);
	wr(0x030, 0x101); /* UARTEN, TXE, no RXE */
	assert_false(vpl011_rx_push(&u, 'x'));
	enable();
	wr(0x02c, 1u << 4); /* LCR_H.FEN */
	assert_int_equal(vpl011_rx_room(&u), 32);
	assert_true(vpl011_rx_push(&u, 'a'));
	assert_true(vpl011_rx_push(&u, 'b'));
	assert_int_equal(rd(0x018) & 0x10, 0); /* RXFE clear */
	assert_int_equal(rd(0x000), 'a');
	assert_int_equal(rd(0x000), 'b');
	assert_int_equal(rd(0x018) & 0x10, 0x10);
	assert_int_equal(rd(0x000), 0); /* empty */
}

/* With FIFOs (LCR_H.FEN) 32 entries; without, one holding register. */
static void test_fifo_depth_and_overrun(void **state)
{
	unsigned int i;

	(void)state;
	enable();
	assert_true(vpl011_rx_push(&u, '1'));
	assert_int_equal(rd(0x018) & 0x40, 0x40);	    /* RXFF: the holding register */
	assert_false(vpl011_rx_push(&u, '2'));		    /* overrun: lost */
	assert_int_equal(rd(0x004), 1u << 3);		    /* RSR.OE */
	assert_int_equal(rd(0x03c) & (1u << 10), 1u << 10); /* RIS.OERIS */
	assert_int_equal(rd(0x000), 0x800 | '1');	    /* DR.OE with the next character */
	assert_int_equal(rd(0x004), 1u << 3);		    /* until ECR is written */
	wr(0x004, 0);
	assert_int_equal(rd(0x004), 0);
	wr(0x02c, 1u << 4);
	for (i = 0; i < 32; i++)
		assert_true(vpl011_rx_push(&u, (uint8_t)('A' + i)));
	assert_int_equal(rd(0x018) & 0x40, 0x40);
	assert_false(vpl011_rx_push(&u, '!'));
	assert_int_equal(u.rx_overruns, 2);
	for (i = 0; i < 32; i++)
		assert_int_equal(rd(0x000) & 0xff, 'A' + i);
}

/* RXRIS at the IFLS.RXIFLSEL level (1/8, 1/4, 1/2, 3/4, 7/8 of 32: 4, 8,
 * 16, 24, 28), cleared when reading takes the FIFO below it (3.4.3). */
static void test_rx_trigger_levels(void **state)
{
	static const unsigned int level[5] = {4, 8, 16, 24, 28};
	unsigned int sel, i;

	(void)state;
	enable();
	wr(0x02c, 1u << 4);
	for (sel = 0; sel < 5; sel++) {
		wr(0x034, sel << 3);
		for (i = 1; i <= level[sel]; i++) {
			assert_true(vpl011_rx_push(&u, 'r'));
			assert_int_equal((rd(0x03c) >> 4) & 1, i >= level[sel]);
		}
		rd(0x000);
		assert_int_equal((rd(0x03c) >> 4) & 1, 0);
		while (!(rd(0x018) & 0x10))
			rd(0x000);
	}
}

/* RTRIS with each character (nothing more arrives), cleared when the FIFO
 * is read empty or by ICR; RXRIS cleared by ICR stays clear while the
 * FIFO does not cross the level again. */
static void test_receive_timeout_and_icr(void **state)
{
	(void)state;
	enable();
	wr(0x02c, 1u << 4);
	wr(0x038, (1u << 4) | (1u << 6)); /* RXIM, RTIM */
	assert_true(vpl011_rx_push(&u, 'a'));
	assert_int_equal(rd(0x03c) & 0x50, 0x40); /* RT, not RX (below 16) */
	assert_true(irq_level);
	wr(0x044, 1u << 6);
	assert_false(irq_level);
	assert_true(vpl011_rx_push(&u, 'b'));
	assert_true(irq_level);
	rd(0x000);
	assert_true(irq_level); /* one left */
	rd(0x000);
	assert_false(irq_level);
	assert_int_equal(rd(0x03c), 0);
}

/* 8-, 16- and 32-bit accesses, naturally aligned; 64-bit, misaligned and
 * writes inside a register refused; reserved offsets RAZ/WI. */
static void test_access_widths(void **state)
{
	uint32_t v;

	(void)state;
	assert_true(vpl011_read(&u, 0x030, 2, &v));
	assert_int_equal(v, 0x300);
	assert_true(vpl011_read(&u, 0x031, 1, &v));
	assert_int_equal(v, 0x03);
	assert_true(vpl011_write(&u, 0x024, 2, 0x1234)); /* IBRD */
	assert_int_equal(rd(0x024), 0x1234);
	assert_true(vpl011_write(&u, 0x028, 1, 0xff)); /* FBRD: 6 bits */
	assert_int_equal(rd(0x028), 0x3f);
	assert_false(vpl011_read(&u, 0x030, 8, &v));
	assert_int_equal(v, 0);
	assert_false(vpl011_read(&u, 0x031, 2, &v));
	assert_false(vpl011_write(&u, 0x025, 1, 1));
	assert_false(vpl011_write(&u, 0x026, 2, 1));
	assert_false(vpl011_read(&u, 0x1000, 4, &v));
	assert_int_equal(rd(0x04c), 0); /* reserved */
	wr(0x04c, ~0u);
	assert_int_equal(rd(0x04c), 0);
	assert_int_equal(rd(0x080), 0); /* test registers */
	wr(0x018, 0);			/* FR read-only */
	assert_int_equal(rd(0x018), 0x90);
	wr(0x030, ~0u); /* CR: bits 3-6 and above 15 reserved */
	assert_int_equal(rd(0x030), 0xff87);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_reset, setup),
		cmocka_unit_test_setup(test_id_registers, setup),
		cmocka_unit_test_setup(test_transmit, setup),
		cmocka_unit_test_setup(test_receive_order_and_enable, setup),
		cmocka_unit_test_setup(test_fifo_depth_and_overrun, setup),
		cmocka_unit_test_setup(test_rx_trigger_levels, setup),
		cmocka_unit_test_setup(test_receive_timeout_and_icr, setup),
		cmocka_unit_test_setup(test_access_widths, setup),
	};

	return cmocka_run_group_tests_name("vpl011", tests, NULL, NULL);
}
