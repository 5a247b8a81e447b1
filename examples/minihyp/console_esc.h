/* SPDX-License-Identifier: MIT */
/*
 * minihyp: the console input's escape sequence and the waiting buffer, as
 * pure functions (tests/host/test_console_esc.c runs them on the host).
 *
 * Escape sequence (as Xen's console): Ctrl-A (0x01) typed three times in a
 * row moves the input to the next VM.  The Ctrl-As are held back while
 * they may still be one: a lone Ctrl-A, or two, followed by any other
 * character goes to the VM with that character, Ctrl-As first.
 *
 * Waiting buffer: the characters for one VM that its receive FIFO had no
 * room for, oldest first.  Full: a character is dropped and counted, never
 * waited for.
 */
#ifndef MINIHYP_CONSOLE_ESC_H
#define MINIHYP_CONSOLE_ESC_H

#include <stdbool.h>
#include <stdint.h>

#define CONSOLE_ESC_CHAR  0x01u /* Ctrl-A */
#define CONSOLE_ESC_COUNT 3u

struct console_esc {
	unsigned int held; /* Ctrl-As typed in a row so far, 0..CONSOLE_ESC_COUNT-1 */
};

/* One character from the keyboard.  Returns the number of characters for
 * the VM, written to out[] (room for CONSOLE_ESC_COUNT), and sets *next when
 * the escape sequence is complete (then nothing goes to the VM). */
static inline unsigned int console_esc_feed(struct console_esc *e, uint8_t c, uint8_t *out,
					    bool *next)
{
	unsigned int i, n;

	*next = false;
	if (c == CONSOLE_ESC_CHAR) {
		if (++e->held < CONSOLE_ESC_COUNT)
			return 0;
		e->held = 0;
		*next = true;
		return 0;
	}
	n = e->held;
	for (i = 0; i < n; i++)
		out[i] = CONSOLE_ESC_CHAR;
	out[n] = c;
	e->held = 0;
	return n + 1;
}

/* The VM after `cur` among `nr` that can take input (can[i]); `cur` itself
 * when no other can. */
static inline unsigned int console_esc_next_vm(unsigned int cur, unsigned int nr, const bool *can)
{
	unsigned int i;

	for (i = 1; i < nr; i++)
		if (can[(cur + i) % nr])
			return (cur + i) % nr;
	return cur;
}

/* A pasted line or two: a guest reads its FIFO in bursts, much slower than
 * the board's UART fills. */
#define CONSOLE_RXQ_SIZE 2048u

struct console_rxq {
	uint8_t buf[CONSOLE_RXQ_SIZE];
	unsigned int head, count;
	uint32_t drops; /* characters lost to a full buffer */
};

/* Appends c; false (c dropped and counted) when the buffer is full. */
static inline bool console_rxq_put(struct console_rxq *q, uint8_t c)
{
	if (q->count >= CONSOLE_RXQ_SIZE) {
		q->drops++;
		return false;
	}
	q->buf[(q->head + q->count) % CONSOLE_RXQ_SIZE] = c;
	q->count++;
	return true;
}

static inline bool console_rxq_empty(const struct console_rxq *q)
{
	return q->count == 0;
}

static inline uint8_t console_rxq_peek(const struct console_rxq *q)
{
	return q->buf[q->head];
}

static inline void console_rxq_pop(struct console_rxq *q)
{
	q->head = (q->head + 1) % CONSOLE_RXQ_SIZE;
	q->count--;
}

#endif
