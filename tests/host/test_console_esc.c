/* SPDX-License-Identifier: MIT */
/*
 * Host tests of minihyp's console-input escape sequence and waiting buffer
 * (examples/minihyp/console_esc.h): Ctrl-A three times in a row moves the
 * input to the next VM; one or two Ctrl-As followed by anything else reach
 * the VM, in order; the focus skips VMs that cannot take input; a full
 * buffer drops and counts, never blocks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "console_esc.h"

/* Feeds `in`; what reaches the VM in vm_out, returns the number of focus
 * switches (each one's position in the output in at[]). */
static unsigned feed(const char *in, size_t len, char *vm_out, size_t *n_out, size_t *at)
{
	struct console_esc e = {0};
	unsigned switches = 0;
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		uint8_t out[CONSOLE_ESC_COUNT];
		bool next;
		unsigned k, got = console_esc_feed(&e, (uint8_t)in[i], out, &next);

		assert_true(got <= CONSOLE_ESC_COUNT);
		assert_false(next && got);
		for (k = 0; k < got; k++)
			vm_out[n++] = (char)out[k];
		if (next)
			at[switches++] = n;
	}
	*n_out = n;
	return switches;
}

static void test_plain_text_passes(void **state)
{
	char out[64];
	size_t n, at[4];

	(void)state;
	assert_int_equal(feed("ls -l\n", 6, out, &n, at), 0);
	assert_int_equal(n, 6);
	assert_memory_equal(out, "ls -l\n", 6);
}

static void test_three_ctrl_a_switch(void **state)
{
	char out[64];
	size_t n, at[4];

	(void)state;
	assert_int_equal(feed("ab\x01\x01\x01"
			      "cd",
			      7, out, &n, at),
			 1);
	assert_int_equal(at[0], 2); /* after "ab", nothing of the sequence */
	assert_int_equal(n, 4);
	assert_memory_equal(out, "abcd", 4);
}

static void test_lone_ctrl_a_passes(void **state)
{
	char out[64];
	size_t n, at[4];

	(void)state;
	assert_int_equal(feed("\x01x", 2, out, &n, at), 0);
	assert_int_equal(n, 2);
	assert_memory_equal(out, "\x01x", 2);
	assert_int_equal(feed("\x01\x01y", 3, out, &n, at), 0);
	assert_int_equal(n, 3);
	assert_memory_equal(out, "\x01\x01y", 3);
}

static void test_interrupted_then_complete(void **state)
{
	char out[64];
	size_t n, at[4];

	(void)state;
	/* two, a letter, then three: the letter restarts the count */
	assert_int_equal(feed("\x01\x01z\x01\x01\x01", 6, out, &n, at), 1);
	assert_int_equal(n, 3);
	assert_memory_equal(out, "\x01\x01z", 3);
	assert_int_equal(at[0], 3);
}

static void test_six_ctrl_a_two_switches(void **state)
{
	char out[64];
	size_t n, at[4];

	(void)state;
	assert_int_equal(feed("\x01\x01\x01\x01\x01\x01", 6, out, &n, at), 2);
	assert_int_equal(n, 0);
	/* four: one switch, the fourth still held */
	assert_int_equal(feed("\x01\x01\x01\x01", 4, out, &n, at), 1);
	assert_int_equal(n, 0);
	/* ... and given to the VM with what follows */
	assert_int_equal(feed("\x01\x01\x01\x01q", 5, out, &n, at), 1);
	assert_int_equal(n, 2);
	assert_memory_equal(out, "\x01q", 2);
}

static void test_next_vm(void **state)
{
	const bool all[3] = {true, true, true};
	const bool no1[3] = {true, false, true};
	const bool only0[3] = {true, false, false};

	(void)state;
	assert_int_equal(console_esc_next_vm(0, 3, all), 1);
	assert_int_equal(console_esc_next_vm(2, 3, all), 0);
	assert_int_equal(console_esc_next_vm(0, 3, no1), 2);
	assert_int_equal(console_esc_next_vm(2, 3, no1), 0);
	assert_int_equal(console_esc_next_vm(0, 3, only0), 0);
	assert_int_equal(console_esc_next_vm(1, 3, only0), 0);
	assert_int_equal(console_esc_next_vm(0, 1, all), 0);
}

static void test_rxq_order_and_drops(void **state)
{
	struct console_rxq q = {{0}, 0, 0, 0};
	unsigned i;

	(void)state;
	assert_true(console_rxq_empty(&q));
	for (i = 0; i < CONSOLE_RXQ_SIZE; i++)
		assert_true(console_rxq_put(&q, (uint8_t)i));
	assert_false(console_rxq_put(&q, 0xaa));
	assert_false(console_rxq_put(&q, 0xbb));
	assert_int_equal(q.drops, 2);
	for (i = 0; i < 10; i++) {
		assert_int_equal(console_rxq_peek(&q), (uint8_t)i);
		console_rxq_pop(&q);
	}
	/* wraps around, order kept */
	for (i = 0; i < 10; i++)
		assert_true(console_rxq_put(&q, (uint8_t)(100 + i)));
	assert_false(console_rxq_put(&q, 0xcc));
	assert_int_equal(q.drops, 3);
	for (i = 10; i < CONSOLE_RXQ_SIZE; i++) {
		assert_int_equal(console_rxq_peek(&q), (uint8_t)i);
		console_rxq_pop(&q);
	}
	for (i = 0; i < 10; i++) {
		assert_int_equal(console_rxq_peek(&q), 100 + i);
		console_rxq_pop(&q);
	}
	assert_true(console_rxq_empty(&q));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text_passes),
		cmocka_unit_test(test_three_ctrl_a_switch),
		cmocka_unit_test(test_lone_ctrl_a_passes),
		cmocka_unit_test(test_interrupted_then_complete),
		cmocka_unit_test(test_six_ctrl_a_two_switches),
		cmocka_unit_test(test_next_vm),
		cmocka_unit_test(test_rxq_order_and_drops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
